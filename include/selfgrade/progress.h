/* SPDX-License-Identifier: MIT */
/* A learner's progress as read from the store: what scoring, status and the
 * reports work from. Plain data; progress_free() frees it. */
#ifndef SELFGRADE_PROGRESS_H
#define SELFGRADE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "selfgrade/content.h"

enum prog_kind { PROG_ITEM, PROG_MISTAKE, PROG_CRITERION };

struct prog_state {
	char *id;
	enum prog_kind kind;
	bool done;
	char *hash;	  /* of the text the learner confirmed */
	char *updated_at; /* ISO 8601 UTC */
	char *mem; /* the one block its strings are in, or NULL: borrowed */
};
/* ps's strings copied into one block it owns (as prog_event_own()). */
void prog_state_own(struct prog_state *ps);

struct prog_note {
	char *id;
	char *text;
	char *updated_at;
};

struct progress {
	struct prog_state *states; /* sorted by id */
	size_t n_states;
	struct prog_note *notes;   /* sorted by id */
	size_t n_notes;
};

/* One row of a learner's event log, as the store keeps it and exports
 * carry it. old/new_ are "1"/"0" (or NULL: no state) for field "done", the
 * text (or NULL: no note) for "note". */
struct prog_event {
	long long seq;		/* the order of the log */
	char *item_id, *field, *old, *new_;
	char *old_hash, *text_hash; /* the text confirmed before / after */
	char *at;
	long long batch, undoes; /* 0: none (row ids of this database) */
	char *prev, *hash;	 /* the chain */
	char *mem; /* the one block its strings are in, or NULL: borrowed */
};

/* e's strings (as set, borrowed) copied into one block e owns: a report
 * reads every row of a cohort's logs, and nine allocations a row were a
 * fifth of its time. prog_event_clear() frees that block. */
void prog_event_own(struct prog_event *e);

/* Undo and redo as steps over a log: each change (a batch of done/note
 * events), undo and redo is one step. A change or a redo can be undone
 * (the newest one not undone first); an undo can be redone until a new
 * change is made. steps_of() walks a log in its order and says what each
 * step is and what undo and redo would revert next. */
enum prog_step_kind { STEP_CHANGE, STEP_UNDO, STEP_REDO };
struct prog_step {
	long long batch;  /* its batch: the seq of its first event */
	long long undoes; /* the batch it reverts (0: a change) */
};
/* v: one element per done/note event, oldest first (events of one batch
 * are consecutive). kind[i] and undone[i] (either may be NULL) receive
 * each event's step kind and whether its step is undone now; *undo and
 * *redo the batch the next undo or redo reverts (0: none). */
void progress_steps(const struct prog_step *v, size_t n,
		    enum prog_step_kind *kind, bool *undone, long long *undo,
		    long long *redo);

/* Whether e is a step's event (done, note, dispute): evidence and reviews are no
 * learner's change to undo. */
bool progress_is_step(const struct prog_event *e);

/* The fields of the events that are the learner's own doing: ticks and
 * attestations ("done"), notes, disputes of a probe. A learner's last
 * activity is the latest of these (and of their study), never an import,
 * evidence a probe found or an instructor's review. A new kind of the
 * learner's own is one more X() here; the store's SQL takes the same list
 * (PROG_OWN_FIELDS_SQL). */
#define PROG_OWN_FIELDS(X) X("done") X("note") X("dispute")
/* "'done','note',''": for an SQL IN (...) list. */
#define PROG_OWN_SQL_(f) "'" f "',"
#define PROG_OWN_FIELDS_SQL PROG_OWN_FIELDS(PROG_OWN_SQL_) "''"
bool progress_is_own(const struct prog_event *e);

/* The batch e belongs to: a batch of one event is stored without one. */
long long progress_batch(const struct prog_event *e);

/* progress_steps() over a log as stored or exported: kind[i] and
 * undone[i] (either may be NULL) for each of v's n events, oldest first;
 * an event that is no step is a STEP_CHANGE, not undone. */
void progress_event_steps(const struct prog_event *v, size_t n,
			  enum prog_step_kind *kind, bool *undone);

void prog_event_clear(struct prog_event *e);
void prog_events_free(struct prog_event *v, size_t n);

/* The states and notes an event log leads to: the events replayed in the
 * log's order (v as given, oldest first), the last word on each id
 * winning; events of other fields are not states. States come out as
 * PROG_ITEM; the caller knows the kinds. */
void progress_replay(const struct prog_event *v, size_t n,
		     struct progress *out);

void progress_free(struct progress *pr);
const struct prog_state *progress_state(const struct progress *pr,
					const char *id);
const struct prog_note *progress_note(const struct progress *pr,
				      const char *id);

const char *prog_kind_name(enum prog_kind k);

/* The hash of an event chained to the one before it (prev: its hash, or
 * NULL for a learner's first event): the fields that mean the same in any
 * database (row ids, batches and learner ids are local and left out). A
 * NULL field hashes differently from an empty one. */
void progress_event_hash(const char *prev, const struct prog_event *e,
			 char out[65]);

struct prog_change {
	const char *id;
	enum prog_kind kind;
	bool done;
	char hash[65]; /* progress_text_hash() of the entry */
};

/* A list of changes being built. */
struct prog_changes {
	struct prog_change *v;
	size_t n, cap;
};

/* Appends what setting e to done means: an item's leaves (ticking an item
 * with sub-items ticks them all), a mistake, an attestable criterion.
 * Returns -1, appending nothing, when e takes no state of its own. */
int progress_changes_add(struct prog_changes *ch, const struct pack_entry *e,
		      bool done);
void progress_changes_free(struct prog_changes *ch);

/* The kind of state e takes, or -1 if it cannot be ticked (sections,
 * levels, tables, takeaways, criteria without attest, items with
 * sub-items are derived). */
int progress_kind_of(const struct pack_entry *e);

#endif
