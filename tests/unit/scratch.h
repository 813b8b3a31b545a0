/* SPDX-License-Identifier: MIT */
/* What the unit tests share: a folder of a test's own under $TMPDIR, made
 * and removed whole, and a pack of the repository loaded. */
#ifndef SELFGRADE_TEST_SCRATCH_H
#define SELFGRADE_TEST_SCRATCH_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#include "selfgrade/content.h"
#include "selfgrade/diag.h"
#include "selfgrade/xalloc.h"

/* A new folder "selfgrade-NAME-XXXXXX" under $TMPDIR (or /tmp); NULL if
 * it cannot be made. scratch_remove() removes and frees it. */
static inline char *scratch_make(const char *name)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/selfgrade-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);

	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

static inline int scratch_unlink(const char *path, const struct stat *st, int flag,
				 struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The folder and all in it, without following links out of it; 0 once
 * it is gone. */
static inline int scratch_remove(char *dir)
{
	int rc = dir ? nftw(dir, scratch_unlink, 16, FTW_DEPTH | FTW_PHYS) : 0;

	free(dir);
	return rc;
}

/* A pack of the repository (SG_SOURCE_DIR/rel), its problems printed if
 * it does not load. */
static inline struct pack *test_pack(const char *rel)
{
	struct diag_list d = {0};
	char *path = xasprintf("%s/%s", SG_SOURCE_DIR, rel);
	struct pack *p = pack_load(path, &d);

	if (!p)
		diag_print(&d, stderr);
	diag_list_free(&d);
	free(path);
	return p;
}

#endif
