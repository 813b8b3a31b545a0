/* SPDX-License-Identifier: MIT */
/* Between the store's files: the handle, the statement table and the
 * helpers every one of them writes through. Not part of the core's API. */
#ifndef SELFGRADE_STORE_IMPL_H
#define SELFGRADE_STORE_IMPL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "selfgrade/store.h"

/* Statements are prepared once, on first use, and kept. */
enum stmt {
	S_LEARNER_ADD,
	S_LEARNER_REMOVE,
	S_LEARNER_LIST,
	S_LEARNER_FIND,
	S_STATE_GET,
	S_STATE_PUT,
	S_NOTE_GET,
	S_NOTE_PUT,
	S_NOTE_DEL,
	S_STATE_DEL,
	S_EVENT_ADD,
	S_EVENT_HEAD,
	S_EVENTS,
	S_LEARNER_CREATED,
	S_COHORT_LEARNERS,
	S_COHORT_STATES,
	S_COHORT_NOTES,
	S_STUDY_STATES,
	S_STUDY_PUT,
	S_SESSION_BEGIN,
	S_SESSION_COUNT,
	S_SESSIONS,
	S_UNDO_STEPS,
	S_UNDO_EVENTS,
	S_STATES,
	S_NOTES,
	S_PROBE_DIR_GET,
	S_PROBE_DIR_PUT,
	S_PROBE_LIVE_GET,
	S_PROBE_LIVE_DEL,
	S_PROBE_LIVE_PUT,
	S_LEARNER_BY_UID,
	S_LEARNER_INFO,
	S_LEARNER_SET,
	S_KEY_GET,
	S_KEY_PUT,
	S_OWN_KEY_GET,
	S_OWN_KEY_PUT,
	S_REVIEW_ADD,
	S_REVIEWS,
	S_CARD_REVIEWS,
	S_SESSION_MERGE,
	S_SESSIONS_FULL,
	S_SESSION_BY_START,
	S_LAST_WORDS,
	S_SESSION_UID,
	S_REVIEW_EVENTS,
	S_EVIDENCE_EVENTS,
	S_DISPUTES_OF,
	S_REVIEWER_GET,
	S_REVIEWER_PUT,
	S_DRAFT_PUT,
	S_DRAFT_DEL,
	S_DRAFT_GET,
	S_SEEN_GET,
	S_SEEN_PUT,
	S_BEGIN, /* the transaction verbs, prepared once: store_exec() runs them */
	S_BEGIN_IMMEDIATE,
	S_COMMIT,
	S_ROLLBACK,
	S_LEARNER_LMS,
	S_LEARNER_SOURCE_GET,
	S_LEARNER_SOURCE_PUT,
	S_LEARNER_LMS_PUT,
	S_LEARNER_RENAME,
	S_LEARNER_UID_PUT,
	S_KEY_CHANGE_ADD,
	S_KEY_CHANGE_LAST,
	S_GRADEBOOK_ALL,
	S_GRADEBOOK_PUT,
	S_COUNT
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[S_COUNT];
	/* Within a write: the id of its first event (0 before it), which the
	 * others name as their batch; and the batch an undo reverts. */
	int64_t batch, undoes;
	bool readonly; /* opened by store_open_readonly() */
	int version;   /* the schema version (user_version) seen at open */
	struct name_index *names; /* during a merge (learner_names_index), */
	void (*names_free)(struct name_index *); /* freed by its maker's own */
	char *notices;		  /* during a merge: what it did beyond adding */
	/* For store_close_unused(): this open made the file (and the
	 * folders in made[], outermost first), and nothing was committed
	 * through it since. */
	bool created, wrote;
	char *real, *made[32];
	int n_made;
};

/* The gradebook fields email, id_number and section as they may be
 * stored for learner: valid lines (field.h), email and id_number each
 * one learner's. */
int store_learner_fields_check(struct store *s, int64_t learner, const char *email,
			 const char *id_number, const char *section, char **err);
/* SQLite's word for what went wrong, as "PATH: doing: why"; returns -1. */
int store_fail(struct store *s, char **err, const char *doing);
/* Statement k, prepared on first use, reset and unbound; NULL on failure. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt k);
int store_exec(struct store *s, const char *sql);
/* Binds ?1, ?2 ... by a string of types ("ITt": an int64_t, a text kept,
 * a text copied; 'i' an int), as FreeBSD pkg does; store_bound() takes
 * statement k first. NULL in, NULL out. */
sqlite3_stmt *store_bind(sqlite3_stmt *st, const char *types, ...);
sqlite3_stmt *store_bound(struct store *s, enum stmt k, const char *types, ...);
/* BEGIN IMMEDIATE / COMMIT (rolling back if it fails) / ROLLBACK (-1). */
int store_begin(struct store *s, char **err);
int store_commit(struct store *s, char **err);
int store_rollback(struct store *s);
/* Steps st to its end; store_fail(doing) otherwise. */
int store_step_done(struct store *s, sqlite3_stmt *st, char **err, const char *doing);
/* Steps st (a bound statement, or NULL: failed) once and reads the row's
 * columns into the pointers after types, one letter each as store_bind()
 * binds: 'T' a text copied (NULL for NULL; caller frees), 'h' a text into
 * a char[65] ("" for NULL), 'I' an int64_t, 'b' a bool (non-zero); a NULL
 * pointer skips its column. Then resets st. 1: a row read, 0: none
 * (nothing written), -1: store_fail(doing). */
int store_row(struct store *s, sqlite3_stmt *st, char **err, const char *doing,
	      const char *types, ...);
char *store_col_dup_or_null(sqlite3_stmt *st, int i);
char *store_col_dup(sqlite3_stmt *st, int i); /* "" for NULL */
/* An event from a row of S_EVENTS' columns. */
void store_event_of_row(sqlite3_stmt *st, struct prog_event *e);
/* The events statement k (S_EVENTS' columns, learner as ?1) gives. */
int store_field_events(struct store *s, int64_t learner, enum stmt k,
		       struct prog_event **v, size_t *n, char **err);

/* Learners (store_learner.c): a new one, with its id and key (secret
 * NULL for a key pinned from an import, public NULL for none); *id set. */
int store_learner_insert(struct store *s, const char *name, const char *uid,
		   const char *created_at, const char *public_key,
		   const char *secret, int64_t *id, char **err);
/* Refuses a name that is taken or that would be taken for one that is,
 * naming the characters that differ; file_name (an import's learner, as
 * the file has them) makes the advice --rename. */
int store_learner_name_free(struct store *s, const char *name, const char *file_name,
		      char **err);
/* For the length of a merge: every name here by its skeletons, so that
 * store_learner_name_free() looks one up instead of comparing with every name
 * again (an import of n new learners was quadratic); filled at its first
 * use, and store_learner_insert() keeps it current. */
void store_learner_names_index(struct store *s);
void store_learner_names_drop(struct store *s);
int store_key_put(struct store *s, int64_t learner, const char *public_key,
	    const char *secret, const char *now, char **err);

/* Study (store_study.c): another database's sessions and answers taken
 * in (a union by their ids), each card with new answers scheduled again
 * from all its answers in order; *added counts what was new. */
int store_study_merge(struct store *s, int64_t learner, const struct study_session *sessions,
		size_t n_sessions, const struct study_answer *reviews, size_t n_reviews,
		const char *now, size_t *added, char **err);

/* The event log (store_log.c). */
int store_append_event(struct store *s, int64_t learner, const char *id,
		 const char *field, const char *old, const char *new_,
		 const char *old_hash, const char *hash, const char *now,
		 int64_t batch, int64_t undoes, char **err);
int store_put_state(struct store *s, int64_t learner, const char *id,
	      const char *kind, bool done, const char *hash, const char *now,
	      char **err);
int store_read_progress(struct store *s, int64_t learner, struct progress *out,
		  char **err);

#endif
