/* The progress store: one SQLite database per user.
 *
 * Every write is one transaction begun with BEGIN IMMEDIATE (so that two
 * processes wait for each other instead of failing) and committed before the
 * function returns: what a caller reports as done survives a kill -9.
 * Functions return 0 on success; on failure -1 with *err set to a one-line
 * message the caller frees, and the database unchanged. */
#ifndef SELFGRADE_STORE_H
#define SELFGRADE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selfgrade/progress.h"

#define STORE_APPLICATION_ID 0x53475244 /* "SGRD" */
#define STORE_MAX_NAME 200		/* bytes */
#define STORE_MAX_NOTE (64 * 1024)	/* bytes */

struct store;

/* The default path: $XDG_DATA_HOME/selfgrade/progress.db, else
 * ~/.local/share/selfgrade/progress.db. Caller frees; NULL if neither
 * XDG_DATA_HOME nor HOME is set. */
char *store_default_path(void);

/* Opens (creating folder 0700 and file 0600 if needed) and migrates. A file
 * that is not SQLite, belongs to another program, or comes from a newer
 * selfgrade is refused untouched. */
int store_open(const char *path, struct store **out, char **err);
void store_close(struct store *s);

/* The schema version this build writes, and the one a database has. */
int store_schema_version(void);
int store_user_version(struct store *s);

int store_learner_add(struct store *s, const char *name, const char *now,
		      char **err);
int store_learner_remove(struct store *s, const char *name, char **err);
/* All learners' names, sorted; caller frees each and the array. */
int store_learner_list(struct store *s, char ***names, size_t *n, char **err);
int store_learner_find(struct store *s, const char *name, int64_t *id,
		       char **err);

struct store_change {
	const char *id;
	enum prog_kind kind;
	bool done;
	char hash[65]; /* progress_text_hash() of the entry */
};

/* Applies changes in one transaction, logging an event for each one that
 * changes something (a state, or the text it confirms). *changed counts
 * them. */
int store_apply(struct store *s, int64_t learner,
		const struct store_change *c, size_t n, const char *now,
		size_t *changed, char **err);

/* Sets the evidence note of id ("" clears it); logs an event. */
int store_set_note(struct store *s, int64_t learner, const char *id,
		   const char *text, const char *now, char **err);

int store_progress(struct store *s, int64_t learner, struct progress *out,
		   char **err);

/* The current UTC time as ISO 8601 with milliseconds, into buf[32]. */
void store_now(char buf[32]);

#endif
