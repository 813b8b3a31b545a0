/* SPDX-License-Identifier: MIT */
/* Reports for instructors (SPEC §7): learners' progress gathered from the
 * store, written as JSON (the interchange format), CSV, Markdown or HTML;
 * JSON exports read back, checked (hash chain, states, level) and merged.
 *
 * Ownership: report_collect() and report_parse() fill a struct report the
 * caller frees with report_free(); on failure they free what they built
 * and set *err. Writers return 0, or -1 when the stream fails. */
#ifndef SELFGRADE_REPORT_H
#define SELFGRADE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "selfgrade/content.h"
#include "selfgrade/progress.h"
#include "selfgrade/score.h"
#include "selfgrade/store.h"

#define REPORT_FORMAT "selfgrade-progress"
#define REPORT_VERSION 1

/* One learner: what the store holds, and the level it scores to. */
struct report_learner {
	char *name;
	char *created_at;
	struct progress progress;
	struct prog_event *events; /* the log, in order, with its chain */
	size_t n_events;
	struct score *score;	/* against the report's pack */
	char *last_at;		/* the newest event's time, or NULL */
	struct store_session *sessions; /* study sessions (collected only) */
	size_t n_sessions;
	/* As read from a file (report_parse); NULL when collected. */
	char *level, *chain_head;
};

struct report {
	const struct pack *pack;
	char content_hash[65]; /* of the pack the report was made with */
	char generated_at[32];
	/* As read from a file: its pack's id and version. */
	char *pack_id, *pack_version;
	struct report_learner *learners;
	size_t n;
};

/* Gathers the named learners (all of them when names is NULL), with their
 * event logs when events is set (every format but CSV shows them). */
int report_collect(struct store *s, const struct pack *p,
		   const char *const *names, size_t n, bool events,
		   struct report *out, char **err);
void report_free(struct report *r);

enum report_format { REPORT_JSON, REPORT_CSV, REPORT_MD, REPORT_HTML };

/* "json", "csv", "md", "html" → the format; -1 for anything else. */
int report_format_of(const char *name);
int report_write(const struct report *r, enum report_format f, FILE *out);

/* Reads a JSON export (text of len bytes, named name in messages), scoring
 * its learners against p. Malformed, truncated, foreign or future files
 * are refused with a one-line reason. */
int report_parse(const char *text, size_t len, const char *name,
		 const struct pack *p, struct report *out, char **err);

/* Checks a parsed export: each learner's hash chain and its head, the
 * states and notes the log leads to against the ones the file states, and
 * the level those score to against the level it states. Appends one line
 * per disagreement to *problems (n of them; caller frees each and the
 * array). Also says, in *other_content, when the file was made from other
 * content than p. Returns the number of problems. */
size_t report_verify(const struct report *r, const struct pack *p,
		     char ***problems, size_t *n, bool *other_content);

/* The same learners as store_merge() takes them; valid while r is. */
struct store_merge *report_merge_list(const struct report *r);

#endif
