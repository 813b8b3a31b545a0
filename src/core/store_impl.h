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
	S_REVIEWER_GET,
	S_REVIEWER_PUT,
	S_DRAFT_PUT,
	S_DRAFT_DEL,
	S_DRAFT_GET,
	S_SEEN_GET,
	S_SEEN_PUT,
	S_BEGIN, /* the transaction verbs, prepared once: exec() runs them */
	S_BEGIN_IMMEDIATE,
	S_COMMIT,
	S_ROLLBACK,
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
	struct name_index *names; /* during a merge (learner_names_index) */
	/* For store_close_unused(): this open made the file (and the
	 * folders in made[], outermost first), and nothing was committed
	 * through it since. */
	bool created, wrote;
	char *real, *made[32];
	int n_made;
};

/* SQLite's word for what went wrong, as "PATH: doing: why"; returns -1. */
int db_fail(struct store *s, char **err, const char *doing);
/* Statement k, prepared on first use, reset and unbound; NULL on failure. */
sqlite3_stmt *prep(struct store *s, enum stmt k);
int exec(struct store *s, const char *sql);
/* BEGIN IMMEDIATE / COMMIT (rolling back if it fails) / ROLLBACK (-1). */
int begin(struct store *s, char **err);
int commit(struct store *s, char **err);
int rollback(struct store *s);
/* The Unicode policy for names and notes: -1 with *err naming the code
 * point refused (keep: the controls allowed). */
int refused(const char *text, size_t n, const char *keep, const char *what,
	    char **err);
/* Steps st to its end; db_fail(doing) otherwise. */
int step_done(struct store *s, sqlite3_stmt *st, char **err, const char *doing);
char *col_dup_or_null(sqlite3_stmt *st, int i);
char *col_dup(sqlite3_stmt *st, int i); /* "" for NULL */
/* An event from a row of S_EVENTS' columns. */
void event_of_row(sqlite3_stmt *st, struct prog_event *e);
/* The events statement k (S_EVENTS' columns, learner as ?1) gives. */
int field_events(struct store *s, int64_t learner, enum stmt k,
		 struct prog_event **v, size_t *n, char **err);

/* Learners (store_learner.c): a new one, with its id and key (secret
 * NULL for a key pinned from an import, public NULL for none); *id set. */
int learner_insert(struct store *s, const char *name, const char *uid,
		   const char *created_at, const char *public_key,
		   const char *secret, int64_t *id, char **err);
/* Refuses a name that is taken or that would be taken for one that is. */
int learner_name_free(struct store *s, const char *name, char **err);
/* For the length of a merge: every name here by its skeleton, so that
 * learner_name_free() looks one up instead of folding every name again
 * (an import of n new learners was quadratic); learner_insert() keeps it
 * current. */
void learner_names_index(struct store *s);
void learner_names_drop(struct store *s);
int key_put(struct store *s, int64_t learner, const char *public_key,
	    const char *secret, const char *now, char **err);

/* Study (store_study.c): another database's sessions and answers taken
 * in (a union by their ids), each card with new answers scheduled again
 * from all its answers in order; *added counts what was new. */
int study_merge(struct store *s, int64_t learner, const struct store_session *sessions,
		size_t n_sessions, const struct store_review *reviews, size_t n_reviews,
		const char *now, size_t *added, char **err);

/* The event log (store_log.c). */
int append_event(struct store *s, int64_t learner, const char *id,
		 const char *field, const char *old, const char *new_,
		 const char *old_hash, const char *hash, const char *now,
		 int64_t batch, int64_t undoes, char **err);
int put_state(struct store *s, int64_t learner, const char *id,
	      const char *kind, bool done, const char *hash, const char *now,
	      char **err);
int read_progress(struct store *s, int64_t learner, struct progress *out,
		  char **err);

#endif
