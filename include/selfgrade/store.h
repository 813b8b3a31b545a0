/* SPDX-License-Identifier: MIT */
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

#include "selfgrade/field.h"
#include "selfgrade/progress.h"
#include "selfgrade/study.h"

struct live_endpoints;

#define STORE_APPLICATION_ID 0x53475244 /* "SGRD" */
#define STORE_MAX_NAME FIELD_MAX_NAME /* bytes */
#define STORE_MAX_NOTE FIELD_MAX_NOTE /* bytes */

struct store;

/* The default path: $XDG_DATA_HOME/selfgrade/progress.db, else
 * ~/.local/share/selfgrade/progress.db. Caller frees; NULL if neither
 * XDG_DATA_HOME nor HOME is set. */
char *store_default_path(void);

/* Opens (creating folder 0700 and file 0600 if needed) and migrates. A file
 * that is not SQLite, belongs to another program, or comes from a newer
 * selfgrade is refused untouched. */
int store_open(const char *path, struct store **out, char **err);
/* For commands that only read: opens with SQLITE_OPEN_READONLY, creating
 * nothing (a missing database is an error). An older schema is upgraded
 * through a read-write open first. */
int store_open_readonly(const char *path, struct store **out, char **err);
void store_close(struct store *s);
/* store_close(), and when this open created the database and nothing was
 * committed through it (a refused import), the file and the folders the
 * open made are removed too: what was not there before is not left. */
void store_close_unused(struct store *s);
/* SQLite's data_version: it changes when another connection commits. */
int store_data_version(struct store *s, int *out);
/* The path the store was opened with. */
const char *store_path(const struct store *s);

/* The schema version this build writes, and the one a database has. */
int store_schema_version(void);
int store_user_version(struct store *s);

/* Whether name is one a learner may have (0), or why not. */
int store_name_check(const char *name, char **err);
int store_learner_add(struct store *s, const char *name, const char *now,
		      char **err);
int store_learner_remove(struct store *s, const char *name, char **err);
/* All learners' names, sorted; caller frees each and the array. */
int store_learner_list(struct store *s, char ***names, size_t *n, char **err);
int store_learner_find(struct store *s, const char *name, int64_t *id,
		       char **err);
/* The learner with the random id uid (0), or -1. */
int store_learner_find_uid(struct store *s, const char *uid, int64_t *id);

/* Who a learner is: their random id, name, when added, the gradebook
 * fields (NULL: unset) and their key (public_key "" for none; secret ""
 * unless this is the learner's own database). With make_key, a learner
 * added before keys existed gets a key pair now. Clear with
 * store_identity_clear(). */
struct store_identity {
	char uid[33];
	char *name, *created_at;
	char *email, *id_number, *section;
	char public_key[65], secret[65];
};
int store_identity(struct store *s, int64_t learner, bool make_key,
		   struct store_identity *out, char **err);
void store_identity_clear(struct store_identity *who);
/* A learner's key brought from their other machine (learner import-key):
 * the learner with id uid gets it, or is added with it; refused when they
 * have another key here. */
int store_learner_take_key(struct store *s, const char *uid, const char *name,
			   const char *created_at, const char *public_key,
			   const char *secret, const char *now, char **err);
/* The gradebook fields (NULL clears one). */
int store_learner_set(struct store *s, int64_t learner, const char *email,
		      const char *id_number, const char *section, char **err);
/* The learner old renamed typed (name_normal()'s spelling): refused when
 * another learner has it or a name it would be taken for. Their id, key and
 * log stay: an import matches them by id. */
int store_learner_rename(struct store *s, const char *old, const char *typed, char **err);
/* The learner's key replaced by new_key (and their id by new_uid), on
 * purpose, as after a lost machine: logged in key_change with file and
 * now; the history here stays, and a later file of the new key need not
 * hold what came before. *old_key: the key replaced (caller frees; NULL:
 * none was pinned). Refused when new_uid is another learner's here. */
int store_learner_rekey(struct store *s, int64_t learner, const char *new_uid,
			const char *new_key, const char *file, const char *now,
			char **old_key, char **err);
/* The last event here before the learner's key was last replaced (0:
 * never). */
int64_t store_learner_rekeyed_after(struct store *s, int64_t learner);
/* A learner's gradebook fields, all of them (a roster's). */
struct store_gradebook {
	int64_t id;
	char *name, *email, *id_number, *section, *canvas_id, *login;
};
/* Every learner here with them, by name; store_gradebook_free() frees. */
int store_gradebook_all(struct store *s, struct store_gradebook **v, size_t *n, char **err);
void store_gradebook_free(struct store_gradebook *v, size_t n);
/* Each v[i]'s fields written (NULL clears one), in one transaction:
 * nothing written when a value is no line or two learners would share an
 * email, id_number, canvas_id or login. */
int store_gradebook_put(struct store *s, const struct store_gradebook *v, size_t n,
			char **err);
/* The learner's ids in the instructor's LMS, this database's own (never
 * exported): the Canvas user id and the login (NULL: none). Caller frees. */
int store_learner_lms(struct store *s, int64_t learner, char **canvas_id, char **login,
		      char **err);
/* The name of the file an import last took the learner's progress from
 * (*file NULL: none), and setting it (within the caller's transaction:
 * an import's merge). */
int store_learner_source(struct store *s, int64_t learner, char **file, char **err);
int store_learner_source_set(struct store *s, int64_t learner, const char *file,
			     char **err);
/* Sets them (NULL clears one): a Canvas id is digits, each one learner's,
 * as a login is. */
int store_learner_lms_set(struct store *s, int64_t learner, const char *canvas_id,
			  const char *login, char **err);

/* Applies changes in one transaction, logging an event for each one that
 * changes something (a state, or the text it confirms). *changed counts
 * them. */
int store_apply(struct store *s, int64_t learner,
		const struct prog_change *c, size_t n, const char *now,
		size_t *changed, char **err);

/* Sets the evidence note of e ("" clears it); logs an event. Refused for
 * an entry that takes no note (rules_can_note). */
int store_set_note(struct store *s, int64_t learner, const struct pack_entry *e,
		   const char *text, const char *now, char **err);

/* What store_undo() reverted: id (the caller frees it) names one of the
 * ids of the change, NULL when there was nothing left to undo; n counts
 * the ids that changed back (0 when another program had already). */
struct store_undone {
	size_t n;
	char *id;
	bool note;  /* id's note rather than its state */
	bool whole; /* id is the item every id of the change is a leaf of */
};

/* Reverts the learner's newest change that is not itself an undo and not
 * undone yet (a toggle of a parent item is one change), logging the
 * reversal as a change of its own; called again, it goes further back.
 * With p (else NULL), a change of every leaf of an item is named by that
 * item. */
int store_undo(struct store *s, const struct pack *p, int64_t learner,
	       const char *now, struct store_undone *out, char **err);
/* Reverts the newest undo not redone yet, if no change was made since
 * (progress_steps), logging it as a change of its own that undo can take
 * back again. p gives the kind of a state the undo had removed. */
int store_redo(struct store *s, const struct pack *p, int64_t learner,
	       const char *now, struct store_undone *out, char **err);

/* Whether undo and redo would revert anything now (the footer offers
 * only what acts). */
int store_can_step(struct store *s, int64_t learner, bool *undo, bool *redo,
		   char **err);

int store_progress(struct store *s, int64_t learner, struct progress *out,
		   char **err);

/* Every learner with their progress, in name order, read in one go (one
 * query per table, not per learner): for whole-cohort reports. */
struct store_learner {
	int64_t id;
	char *name, *created_at;
	char *last_at; /* the time of the last change, or NULL */
	struct progress progress;
};
int store_cohort(struct store *s, struct store_learner **v, size_t *n,
		 char **err);
void store_cohort_free(struct store_learner *v, size_t n);
/* The same learners without their progress (left empty), for reading
 * the rest one learner at a time; freed with store_cohort_free(). */
int store_cohort_learners(struct store *s, struct store_learner **v, size_t *n,
			  char **err);

/* A read transaction around several reads, so that they see one moment
 * of the database (and SQLite checks it once, not per read). */
int store_read_begin(struct store *s, char **err);
void store_read_end(struct store *s);

/* The learner's event log, in order, with its chain; caller frees with
 * prog_events_free(). */
int store_events(struct store *s, int64_t learner, struct prog_event **v,
		 size_t *n, char **err);
/* When the learner was added, and the time of their last change (NULL if
 * none), ISO 8601; caller frees both. */
int store_learner_created(struct store *s, int64_t learner, char **at,
			  char **last, char **err);

/* One learner of an import: their events from another database, and the
 * kinds of their states (for ids this pack does not know). */
struct store_merge {
	const char *uid;	/* "" in exports of version 1-2: matched by name */
	const char *name;	/* as it is to be kept here (after a rename) */
	const char *file_name;	/* as the file says, for messages */
	const char *created_at; /* or NULL */
	const char *key;	/* the public key the file is signed by, or NULL */
	bool signed_ok;		/* its signature was checked and holds */
	const struct prog_event *events;
	size_t n_events;
	const struct prog_state *kinds;
	size_t n_kinds;
	const struct study_session *sessions;
	size_t n_sessions;
	const struct study_answer *reviews;
	size_t n_reviews;
	const char *email, *id_number, *section; /* or NULL: keep what is here */
};

/* Merges learners' logs in one transaction. A learner is matched by id
 * (by name in exports without ids); a learner with another id under the
 * same name, or a name that would be taken for one here, is refused. The
 * first signed file pins the learner's key (trust on first use); a later
 * file signed by another key, or unsigned, is refused, and so is a file
 * whose log does not hold every event imported for the learner before
 * (a rewritten or forked history), naming the first one missing. A
 * learner not here is added;
 * each event not here already (same content) is appended to this
 * database's chain, in time order; states and notes are then rebuilt from
 * the whole log, so the newest change wins per id. *added counts the
 * events appended: 0 for a log merged before. */
int store_merge(struct store *s, const struct pack *p,
		const struct store_merge *m, size_t n, const char *now,
		size_t *added, char **err);
/* The same one learner at a time: store_merge_begin() opens the
 * transaction; store_merge_learner() merges one (adding to *added);
 * store_merge_end() commits when keep is set (-1 with *err if that
 * fails), else rolls everything back (after a failed merge, or when the
 * file turns out unsound later). */
int store_merge_begin(struct store *s, char **err);
int store_merge_learner(struct store *s, const struct pack *p,
			const struct store_merge *m, const char *now,
			size_t *added, char **err);
int store_merge_end(struct store *s, bool keep, char **err);
/* What the merge kept did besides adding events, one line each (a signed
 * history that took the place of an unsigned one), or NULL; caller
 * frees. Taken once, after store_merge_end() kept the merge. */
char *store_merge_notices(struct store *s);

/* Study mode: each card's schedule, and the sessions. */
struct store_study {
	char *card_id;
	struct study_state state;
};
int store_study_states(struct store *s, int64_t learner,
		       struct store_study **v, size_t *n, char **err);
void store_study_free(struct store_study *v, size_t n);
int store_session_begin(struct store *s, int64_t learner, const char *now,
			int64_t *session, char **err);
/* Saves a card's new schedule, logs the answer (grade, given at asked, as
 * the schedule was worked out) and counts it in the session (0: none), in
 * one transaction, before the next card is shown. */
int store_study_answer(struct store *s, int64_t learner, int64_t session,
		       const char *card_id, const struct study_state *state,
		       int grade, int64_t asked, bool first_try_right,
		       const char *now, char **err);

/* Every answer of the learner, in time order. */
int store_reviews(struct store *s, int64_t learner, struct study_answer **v,
		  size_t *n, char **err);
void store_reviews_free(struct study_answer *v, size_t n);
int store_sessions(struct store *s, int64_t learner,
		   struct study_session **v, size_t *n, char **err);
void store_sessions_free(struct study_session *v, size_t n);

/* Evidence (selfgrade/evidence.h): appends one "evidence" event per
 * element of v (one run of the probes) to the learner's chain, in one
 * transaction. States and notes are not touched, and undo passes over
 * these events. */
struct evidence;
int store_add_evidence(struct store *s, int64_t learner,
		       const struct evidence *v, size_t n, const char *now,
		       char **err);
/* A run of the probes appended to the learner's log as evidence, one
 * event per result that differs from the probe's latest (a run that
 * finds what the last one found logs nothing); *logged (may be NULL)
 * receives how many were. */
struct probe_report;
int store_record_probes(struct store *s, int64_t learner, const struct probe_report *r,
			const char *now, size_t *logged, char **err);

/* The learner disputes each contradiction of v (the latest evidence of
 * one entry that contradicts it) with text, or withdraws their dispute
 * of it (text NULL or ""), in one change that undo takes back; *changed
 * (may be NULL) receives how many disputes changed. */
int store_dispute(struct store *s, int64_t learner, const struct evidence *v,
		  size_t n, const char *text, const char *now, size_t *changed,
		  char **err);
/* The latest evidence of each probe from the learner's log, sorted by
 * entry id then probe id (evidence_for() picks an entry's); caller frees
 * with evidence_free(). */
int store_latest_evidence(struct store *s, int64_t learner,
			  struct evidence **v, size_t *n, char **err);

/* Reviews (selfgrade/review.h): the latest per entry from the learner's
 * log; a new one appended (json from review_encode()). */
struct review;
int store_latest_reviews(struct store *s, int64_t learner, struct review **v,
			 size_t *n, char **err);
int store_add_review(struct store *s, int64_t learner, const char *id,
		     const char *json, const char *now, char **err);
/* A review file's reviews, signed by key, appended to the log of the
 * learner with id uid (those not there yet); *added counts them. The
 * first review file pins its key for the learner; a later one signed by
 * another is refused. */
int store_merge_reviews(struct store *s, const char *uid, const char *key,
			const struct prog_event *v, size_t n, const char *now,
			size_t *added, char **err);
/* This database's own key pair (made on first use): it signs the review
 * files its user writes as an instructor. */
int store_own_key(struct store *s, char public_hex[65], char secret_hex[65],
		  char **err);
/* The project folder the learner's probes read last (*dir NULL: none yet;
 * caller frees), and remembering it. */
int store_probe_dir(struct store *s, int64_t learner, char **dir, char **err);
int store_set_probe_dir(struct store *s, int64_t learner, const char *dir,
			const char *now, char **err);
/* Marks the learner's evidence v whose file has changed since the probe
 * read it, in the folder their probes read last, as outdated
 * (evidence_mark_outdated); a folder that cannot be read leaves v as it
 * is: outdated is a hint, not a verdict. */
void store_mark_outdated(struct store *s, int64_t learner, struct evidence *v,
			 size_t n);
/* The live sources the learner's probes asked last (selfgrade/live.h;
 * none: all NULL; caller frees with live_endpoints_free), and remembering
 * the ones of a run in their place. Passwords are stripped here too
 * (live_strip), so none reaches the database whatever the caller gives. */
int store_probe_live(struct store *s, int64_t learner,
		     struct live_endpoints *e, char **err);
int store_set_probe_live(struct store *s, int64_t learner,
			 const struct live_endpoints *e, const char *now,
			 char **err);

/* The current UTC time as ISO 8601 with milliseconds, into buf[32]. */
void store_now(char buf[32]);

/* Drafts: text typed in the tutor's note ("note", target the item id) or
 * name ("learner", target "") editor and not saved, kept so that it is
 * offered again. An empty text removes the draft; a missing one reads as
 * NULL. */
int store_draft_put(struct store *s, int64_t learner, const char *kind,
		    const char *target, const char *text, const char *now,
		    char **err);
int store_draft_get(struct store *s, int64_t learner, const char *kind,
		    const char *target, char **text, char **err);

/* What the tutor showed a learner once (what: "welcome") and is not to
 * show again: *seen says whether it was; store_set_seen() remembers it. */
int store_seen(struct store *s, int64_t learner, const char *what, bool *seen,
	       char **err);
int store_set_seen(struct store *s, int64_t learner, const char *what,
		   const char *now, char **err);

#endif
