/* SPDX-License-Identifier: MIT */
/* An export taken in: read one learner at a time, each learner verified
 * as it is read and, for an import, merged while the file is sound so far,
 * in one transaction kept only when the whole file proved sound (all or
 * nothing). What happened is collected here; the caller says it. */
#ifndef SELFGRADE_EXCHANGE_H
#define SELFGRADE_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "selfgrade/report.h"
#include "selfgrade/store.h"

/* How many learners of a file the result names (a cohort's file is
 * counted, its first learners named). */
#define EXCHANGE_NAMES 8

/* A learner of the file, as the import found them. */
struct exchange_learner {
	char *name;   /* as the file names them (renamed: the new name) */
	size_t added; /* events the merge added */
	bool fresh;   /* new here */
	char *before; /* the file their progress came from before, or NULL */
	char uid[33];  /* their random id ("" in files of version 1-2) */
	char *key;     /* the key their part of the file is signed by, or NULL */
};

struct exchange_result {
	struct exchange_learner *learners; /* the first EXCHANGE_NAMES of them */
	size_t n_learners;
	size_t n;	 /* learners read */
	size_t added;	 /* events the merge added */
	size_t n_fresh;	 /* learners new here (some with no progress) */
	struct report_check check; /* the problems verify found */
	int version;	 /* of the file */
	char *pack_id, *pack_version;
	char content_hash[65];
	char *notices;	 /* what the kept merge did beyond adding, or NULL */
	char *merge_err; /* why the merge failed, or NULL */
	/* After a merge: the file's learners this database holds no signing
	 * key for (their exports from here would be unsigned). */
	char **keyless;
	size_t n_keyless;
};

enum exchange_outcome {
	EXCHANGE_SOUND,	      /* verified (and merged, with a store) */
	EXCHANGE_UNREADABLE,  /* *err says why; nothing merged */
	EXCHANGE_UNSOUND,     /* result.check holds the problems; nothing merged */
	EXCHANGE_MERGE_FAILED /* sound, but result.merge_err; nothing merged */
};

/* f, named path, checked against p; merged into store when it is not
 * NULL. strict (verify): a file of other content is unsound too.
 * renames: "OLD=NEW" each, a learner of the file kept under another
 * name. The result is the caller's to free with exchange_result_free(). */
enum exchange_outcome exchange_file(FILE *f, const char *path, const struct pack *p,
				    struct store *store, bool strict,
				    const char *const *renames, int n_renames,
				    struct exchange_result *out, char **err);
void exchange_result_free(struct exchange_result *r);

#endif
