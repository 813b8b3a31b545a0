/* SPDX-License-Identifier: MIT */
/* Evidence probes: the pack's probes (probes.yaml, struct pack_probe in
 * content.h) run over a learner's project directory, or over the configs of
 * a running Kafka Connect. A probe never ticks anything: it gives evidence
 * (verified, contradicted, not found, not applicable) for one entry of
 * the pack.
 *
 * Reading a project is defensive: globs never leave the directory, symbolic
 * links are followed only when they stay inside it, every file is opened
 * beneath the directory's descriptor with no link followed on the way (a
 * folder swapped for a link after the walk cannot lead out), files over
 * PROBE_MAX_FILE bytes, binary files and JSON that does not parse are not
 * read and are reported in the run's notes (FILE:LINE:COL: message). */
#ifndef SELFGRADE_PROBE_H
#define SELFGRADE_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "selfgrade/content.h"
#include "selfgrade/diag.h"

#define PROBE_MAX_FILE (1024u * 1024u) /* bytes read of one project file */
#define PROBE_MAX_FILES 20000          /* files looked at in one project */
#define PROBE_MAX_TOTAL (64u * 1024u * 1024u) /* bytes read in one run */
#define PROBE_MAX_DEPTH 16                    /* folders deep */
#define PROBE_MAX_CONNS 1000 /* connector configs read in one run */

/* The order is the log's: names stored before a verdict was added still
 * parse. Not applicable: the probe is about a connector the project does
 * not have (a MySQL probe in a PostgreSQL-only project); it is evidence
 * neither for nor against the entry, and never counts as verified. */
enum probe_verdict {
	PROBE_NOT_FOUND,
	PROBE_VERIFIED,
	PROBE_CONTRADICTED,
	PROBE_NOT_APPLICABLE,
	PROBE_VERDICT_COUNT
};

/* Every text of a report (file, value, a connector's name and state, the
 * notes) is escaped by utf8_escape_foreign(): it may be printed or logged
 * as it is. */
struct probe_result {
	const struct pack_probe *probe; /* points into the pack */
	enum probe_verdict verdict;
	char *file; /* relative to the project ("connect:NAME" live), or NULL */
	int line;   /* 1-based; 0 when there is no line */
	char *value;        /* what was found, or why nothing was; never NULL */
	char file_hash[65]; /* SHA-256 of the file read, "" when none */
};

/* A running connector (live probe only). */
struct probe_connector_state {
	char *name, *state; /* state: RUNNING, FAILED, PAUSED, ... */
	size_t tasks, tasks_running;
};

struct probe_report {
	struct probe_result *results; /* one per probe of the pack, in order */
	size_t n_results;
	struct probe_connector_state *live; /* --connect: each connector */
	size_t n_live;
	struct diag_list notes; /* files skipped and why */
};

/* Runs every probe of p over the project in dir. Returns 0 and fills out
 * (caller frees with probe_report_free) or -1 with *err set (the directory
 * cannot be read). */
int probe_run_dir(const struct pack *p, const char *dir,
                  struct probe_report *out, char **err);

/* Runs the probes over a Kafka Connect REST answer to GET
 * /connectors?expand=status&expand=info (json, len bytes): the connector
 * probes read the live configs, and every connector's state is reported.
 * dir, when not NULL, is still read for what is not a connector config
 * (text probes, the value a field-differs probe compares with). */
int probe_run_live(const struct pack *p, const char *json, size_t len,
                   const char *dir, struct probe_report *out, char **err);

void probe_report_free(struct probe_report *r);

/* Whether any result is a contradiction (or a live connector or task is
 * not RUNNING). */
bool probe_report_contradicted(const struct probe_report *r);

/* Whether file (relative to dir) differs from what a probe read, whose
 * SHA-256 was hash: 1 changed (or gone), 0 the same, -1 cannot tell (an
 * unreadable file, one over PROBE_MAX_FILE). */
int probe_file_changed(const char *dir, const char *file, const char *hash);

const char *probe_verdict_name(enum probe_verdict v); /* "verified", ... */
int probe_verdict_parse(const char *s);               /* or -1 */


#endif
