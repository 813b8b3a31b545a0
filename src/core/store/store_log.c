/* SPDX-License-Identifier: MIT */
/* The event log: each change applied and logged, notes, undo, the reads
 * of progress (one learner, the cohort) and evidence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "selfgrade/diag.h"
#include "selfgrade/evidence.h"
#include "selfgrade/field.h"
#include "selfgrade/live.h"
#include "selfgrade/review.h"
#include "selfgrade/sign.h"
#include "selfgrade/utf8.h"
#include "selfgrade/view.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* Logs a change: old -> new_ of field; for a state, hash is the text it
 * confirms now and old_hash the one it confirmed before (NULL: none). */
/* The hash of the learner's newest event, into head (NULL: none yet). */
static int chain_head(struct store *s, int64_t learner, char head[65],
		      bool *has, char **err)
{
	int rc = store_row(s, store_bound(s, S_EVENT_HEAD, "I", learner), err,
			   _("cannot read the event log"), "h", head);

	*has = rc == 1 && *head; /* a row whose head is NULL: no chain yet */
	return rc < 0 ? -1 : 0;
}

/* Appends an event to the learner's chain; batch and undoes are row ids
 * (0: none). */
int store_append_event(struct store *s, int64_t learner, const char *id,
			const char *field, const char *old, const char *new_,
			const char *old_hash, const char *hash, const char *now,
			int64_t batch, int64_t undoes, char **err)
{
	struct prog_event de = {.item_id = (char *)id, .field = (char *)field,
				.old = (char *)old, .new_ = (char *)new_,
				.old_hash = (char *)old_hash,
				.text_hash = (char *)hash, .at = (char *)now};
	char prev[65], self[65];
	bool has_prev;
	sqlite3_stmt *st;

	if (chain_head(s, learner, prev, &has_prev, err))
		return -1;
	progress_event_hash(has_prev ? prev : NULL, &de, self);
	st = store_stmt(s, S_EVENT_ADD);
	if (st) {
		sqlite3_bind_text(st, 11, has_prev ? prev : NULL, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 12, self, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, old, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, new_, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		if (batch)
			sqlite3_bind_int64(st, 8, batch);
		if (undoes)
			sqlite3_bind_int64(st, 9, undoes);
		sqlite3_bind_text(st, 10, old_hash, -1, SQLITE_STATIC);
	}
	return store_step_done(s, st, err, _("cannot log the change"));
}

/* Logs a change of the current write, which is one batch: its first event
 * is the batch the others name. */
static int add_event(struct store *s, int64_t learner, const char *id,
		     const char *field, const char *old, const char *new_,
		     const char *old_hash, const char *hash, const char *now,
		     char **err)
{
	if (store_append_event(s, learner, id, field, old, new_, old_hash, hash, now,
			 s->batch, s->undoes, err))
		return -1;
	if (!s->batch)
		s->batch = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* The state of id as stored: *had is false when there is none. kind and
 * hash, when not NULL, receive copies the caller frees. */
static int read_state(struct store *s, int64_t learner, const char *id,
		      bool *had, bool *done, char **hash, char **kind,
		      char **err)
{
	int rc = store_row(s, store_bound(s, S_STATE_GET, "IT", learner, id), err,
			   _("cannot read a state"), "bTT", done, hash, kind);

	*had = rc == 1;
	if (!*had)
		*done = false;
	if (rc < 0)
		return -1;
	return 0;
}

int store_put_state(struct store *s, int64_t learner, const char *id,
		     const char *kind, bool done, const char *hash,
		     const char *now, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_STATE_PUT);
	store_bind(st, "ITTiTT", learner, id, kind, done, hash, now);
	return store_step_done(s, st, err, _("cannot save a state"));
}

/* One change inside the caller's transaction. */
static int apply_one(struct store *s, int64_t learner,
		     const struct prog_change *c, const char *now,
		     size_t *changed, char **err)
{
	bool had, was, same_text;
	char *hash = NULL;
	int rc = 0;

	if (read_state(s, learner, c->id, &had, &was, &hash, NULL, err))
		return -1;
	same_text = hash && strcmp(hash, c->hash) == 0;
	/* Unchanged: the same state over the same text. Unticking a stale
	 * tick is a change too (it records the learner's decision). */
	if ((had && was == c->done && (same_text || !c->done)) ||
	    (!had && !c->done)) {
		free(hash);
		return 0;
	}
	if (store_put_state(s, learner, c->id, prog_kind_name(c->kind), c->done,
		      c->hash, now, err) ||
	    add_event(s, learner, c->id, "done", had ? (was ? "1" : "0") : NULL,
		      c->done ? "1" : "0", hash, c->hash, now, err))
		rc = -1;
	free(hash);
	if (rc == 0)
		(*changed)++;
	return rc;
}

int store_apply(struct store *s, int64_t learner,
		const struct prog_change *c, size_t n, const char *now,
		size_t *changed, char **err)
{
	size_t k = 0;

	if (store_begin(s, err))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (apply_one(s, learner, &c[i], now, &k, err))
			return store_rollback(s);
	if (store_commit(s, err))
		return -1;
	if (changed)
		*changed = k;
	return 0;
}

/* Sets id's note to text (NULL or "" deletes it) inside the caller's
 * transaction, logging the change; *changed says whether there was one. */
static int write_note(struct store *s, int64_t learner, const char *id,
		      const char *text, const char *now, bool *changed,
		      char **err)
{
	sqlite3_stmt *st;
	char *old = NULL;
	bool set = text && *text;
	int rc;

	*changed = false;
	if (store_row(s, store_bound(s, S_NOTE_GET, "IT", learner, id), err,
		      _("cannot read the note"), "T", &old) < 0)
		return -1;
	if (old ? set && strcmp(old, text) == 0 : !set) {
		free(old);
		return 0;
	}
	st = store_stmt(s, set ? S_NOTE_PUT : S_NOTE_DEL);
	if (st) {
		store_bind(st, "IT", learner, id);
		if (set) {
			sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		}
	}
	rc = store_step_done(s, st, err, _("cannot save the note"));
	if (rc == 0)
		rc = add_event(s, learner, id, "note", old, set ? text : NULL,
			       NULL, NULL, now, err);
	free(old);
	*changed = rc == 0;
	return rc;
}

int store_set_note(struct store *s, int64_t learner, const struct pack_entry *e,
		   const char *text, const char *now, char **err)
{
	size_t n = strlen(text);
	bool changed;

	if (rules_can_note(e) != VIEW_OK)
		return diag_fail(err, _("%s takes no note"), e ? e->id : _("an unknown id"));

	if (field_check(FIELD_NOTE, _("a note"), text, n, err))
		return -1;
	if (store_begin(s, err))
		return -1;
	if (write_note(s, learner, e->id, text, now, &changed, err))
		return store_rollback(s);
	return store_commit(s, err);
}

struct logged {
	char *id, *field, *old, *old_hash, *hash, *new_;
};

/* The newest dispute event of id's contradiction by probe: its `new`
 * into *json (NULL: none, or withdrawn), a copy the caller frees. */
static int dispute_now(struct store *s, int64_t learner, const char *id,
		       const char *probe, char **json, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_DISPUTES_OF);
	int rc;

	*json = NULL;
	if (!st)
		return store_fail(s, err, _("cannot read the event log"));
	store_bind(st, "IT", learner, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct prog_event e = {0};
		char *pr, *file, *value, *text;
		bool mine;
		store_event_of_row(st, &e);
		if (!dispute_decode(&e, &pr, &file, &value, &text)) {
			prog_event_clear(&e);
			continue;
		}
		mine = strcmp(pr, probe) == 0;
		if (mine && e.new_)
			*json = xstrdup(e.new_);
		prog_event_clear(&e);
		free(pr);
		free(file);
		free(value);
		free(text);
		if (mine)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, err, _("cannot read the event log"));
	return 0;
}

/* Sets the dispute of id's contradiction by probe to json (NULL:
 * withdrawn) inside the caller's transaction, logging the change with
 * the dispute it replaces; *changed says whether there was one. */
static int write_dispute(struct store *s, int64_t learner, const char *id,
			 const char *probe, const char *json, const char *now,
			 bool *changed, char **err)
{
	char *cur;
	int rc = 0;

	*changed = false;
	if (dispute_now(s, learner, id, probe, &cur, err))
		return -1;
	if (json ? !cur || strcmp(cur, json) != 0 : cur != NULL) {
		rc = add_event(s, learner, id, DISPUTE_FIELD, cur, json, NULL, NULL,
			       now, err);
		*changed = rc == 0;
	}
	free(cur);
	return rc;
}

/* The probe a dispute event names (in `new`, or in `old` for a
 * withdrawal); caller frees. */
static char *dispute_probe(const struct logged *e)
{
	struct prog_event pe = {.item_id = e->id, .field = e->field,
				.old = e->old, .new_ = e->new_};
	char *probe, *file, *value, *text;

	if (!dispute_decode(&pe, &probe, &file, &value, &text))
		return NULL;
	free(file);
	free(value);
	free(text);
	return probe;
}

int store_dispute(struct store *s, int64_t learner, const struct evidence *v,
		  size_t n, const char *text, const char *now, size_t *changed,
		  char **err)
{
	bool set = text && *text;
	size_t k = 0;

	if (set && field_check(FIELD_NOTE, _("a dispute"), text, strlen(text), err))
		return -1;
	if (store_begin(s, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char *json = set ? dispute_encode(&v[i], text) : NULL;
		bool one;
		int rc = write_dispute(s, learner, v[i].entry_id, v[i].probe_id, json,
				       now, &one, err);
		free(json);
		if (rc)
			return store_rollback(s);
		k += one;
	}
	if (store_commit(s, err))
		return -1;
	if (changed)
		*changed = k;
	return 0;
}

/* Reverts one logged change, logging the reversal: a state is put back as
 * it was, over the text it confirmed then (a stale tick stays stale); one
 * that did not exist before is removed. Every reverted row logs one event,
 * a change or not, so that the batch is marked undone and the next undo
 * goes further back; *changed says whether something changed. */
static int revert(struct store *s, bool redo, const struct pack *p,
		  int64_t learner, const struct logged *e, const char *now,
		  bool *changed, char **err)
{
	bool had, was, restore;
	char *kind = NULL, *hash = NULL;
	const char *back;
	int rc;

	*changed = false;
	if (strcmp(e->field, DISPUTE_FIELD) == 0) {
		char *probe = dispute_probe(e);
		if (!probe)
			return diag_fail(err, _("%s: a dispute in the log that is not one"),
					 e->id);
		rc = write_dispute(s, learner, e->id, probe, e->old, now, changed, err);
		free(probe);
		/* Logged even when unchanged, as a note is: the batch is
		 * then marked undone. */
		return rc || *changed ? rc
				      : add_event(s, learner, e->id, DISPUTE_FIELD,
						  e->old, e->old, NULL, NULL, now, err);
	}
	if (strcmp(e->field, "note") == 0) {
		if (write_note(s, learner, e->id, e->old, now, changed, err))
			return -1;
		return *changed ? 0
				: add_event(s, learner, e->id, "note", e->old,
					    e->old, NULL, NULL, now, err);
	}
	if (read_state(s, learner, e->id, &had, &was, &hash, &kind, err))
		return -1;
	/* An undo that removed a state is redone by making it again, of
	 * the kind the pack gives (an item when p is NULL or has no id). */
	restore = e->old && (had || redo);
	/* Events logged before old_hash existed: the hash of the change. */
	back = e->old_hash ? e->old_hash : e->hash ? e->hash : "";
	if (!had && !restore) {
		rc = 0; /* already as before the change: no state */
	} else if (!had) {
		const struct pack_entry *pe = p ? pack_find(p, e->id) : NULL;
		int k = pe ? progress_kind_of(pe) : -1;
		rc = store_put_state(s, learner, e->id,
			       prog_kind_name(k < 0 ? PROG_ITEM : (enum prog_kind)k),
			       strcmp(e->old, "1") == 0, back, now, err);
		*changed = true;
	} else if (!e->old) {
		sqlite3_stmt *st = store_stmt(s, S_STATE_DEL);
		store_bind(st, "IT", learner, e->id);
		rc = store_step_done(s, st, err, _("cannot remove a state"));
		*changed = true;
	} else {
		rc = store_put_state(s, learner, e->id, kind, strcmp(e->old, "1") == 0,
			       back, now, err);
		*changed = was != (strcmp(e->old, "1") == 0) ||
			   strcmp(hash, back) != 0;
	}
	if (rc == 0)
		rc = add_event(s, learner, e->id, "done",
			       had ? (was ? "1" : "0") : NULL, restore ? e->old : NULL,
			       hash, restore ? back : NULL, now, err);
	free(kind);
	free(hash);
	return rc;
}

/* The batch the next undo (or redo) reverts, 0 for none: the log's
 * steps walked in the caller's transaction. */
static int next_steps(struct store *s, int64_t learner, long long *undo,
		      long long *again, char **err);

static int next_step(struct store *s, int64_t learner, bool redo,
		     int64_t *batch, char **err)
{
	long long undo = 0, again = 0;

	*batch = 0;
	if (next_steps(s, learner, &undo, &again, err))
		return -1;
	*batch = redo ? again : undo;
	return 0;
}

int store_can_step(struct store *s, int64_t learner, bool *undo, bool *redo,
		   char **err)
{
	long long u = 0, r = 0;

	*undo = *redo = false;
	if (next_steps(s, learner, &u, &r, err))
		return -1;
	*undo = u != 0;
	*redo = r != 0;
	return 0;
}

static int next_steps(struct store *s, int64_t learner, long long *undo,
		      long long *again, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_UNDO_STEPS);
	struct prog_step *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (!st)
		return store_fail(s, err, _("cannot read the event log"));
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&v, &cap, n + 1, sizeof *v);
		v[n++] = (struct prog_step){sqlite3_column_int64(st, 0),
					    sqlite3_column_int64(st, 1)};
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_fail(s, err, _("cannot read the event log"));
	}
	progress_steps(v, n, NULL, NULL, undo, again);
	free(v);
	return 0;
}

static size_t leaves_under(const struct pack_item *it)
{
	size_t n = pack_item_is_leaf(it);

	for (size_t i = 0; i < it->n_items; i++)
		n += leaves_under(&it->items[i]);
	return n;
}

static bool under(const struct pack_item *it, const struct pack_item *a)
{
	while (it && it != a)
		it = it->parent;
	return it == a;
}

/* The entry a step of n changes stands for: the item whose every leaf it
 * ticked or unticked (a parent's tick, one change to the learner), else
 * its last entry (*whole false). */
static const char *step_name(const struct pack *p, const struct logged *ev, size_t n,
			     bool *whole)
{
	const struct pack_entry *e = n > 1 && p ? pack_find(p, ev[0].id) : NULL;

	*whole = false;
	if (!e || e->kind != PACK_ITEM)
		return ev[n - 1].id;
	for (const struct pack_item *a = e->u.item->parent; a; a = a->parent) {
		bool all = leaves_under(a) == n;
		for (size_t i = 0; i < n && all; i++) {
			const struct pack_entry *x = pack_find(p, ev[i].id);
			all = x && x->kind == PACK_ITEM && strcmp(ev[i].field, "done") == 0 &&
			      under(x->u.item, a);
		}
		if (all) {
			*whole = true;
			return a->id;
		}
	}
	return ev[n - 1].id;
}

/* Reverts the batch the next undo or redo names, logging the reversal
 * as a batch that names it (undoes). */
static int step(struct store *s, const struct pack *p, int64_t learner,
		bool redo, const char *now, struct store_undone *out, char **err)
{
	sqlite3_stmt *st;
	struct logged *ev = NULL;
	size_t n = 0, cap = 0;
	int64_t batch;
	int rc;

	memset(out, 0, sizeof *out);
	if (store_begin(s, err))
		return -1;
	if (next_step(s, learner, redo, &batch, err))
		return store_rollback(s);
	if (!batch) {
		store_rollback(s);
		return 0;
	}
	/* Read the batch whole before writing to the same table. */
	st = store_stmt(s, S_UNDO_EVENTS);
	if (!st)
		return store_fail(s, err, _("cannot read the event log")), store_rollback(s);
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_int64(st, 2, batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&ev, &cap, n + 1, sizeof *ev);
		ev[n++] = (struct logged){store_col_dup_or_null(st, 0),
					  store_col_dup_or_null(st, 1),
					  store_col_dup_or_null(st, 2),
					  store_col_dup_or_null(st, 3),
					  store_col_dup_or_null(st, 4),
					  store_col_dup_or_null(st, 5)};
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? 0 : store_fail(s, err, _("cannot read the event log"));
	s->undoes = batch;
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool changed;
		rc = revert(s, redo, p, learner, &ev[i], now, &changed, err);
		out->n += changed;
	}
	if (rc == 0 && n) {
		out->id = xstrdup(step_name(p, ev, n, &out->whole));
		out->note = strcmp(ev[n - 1].field, "note") == 0;
	}
	for (size_t i = 0; i < n; i++) {
		free(ev[i].id);
		free(ev[i].field);
		free(ev[i].old);
		free(ev[i].old_hash);
		free(ev[i].hash);
		free(ev[i].new_);
	}
	free(ev);
	if (rc) {
		free(out->id);
		memset(out, 0, sizeof *out);
		return store_rollback(s);
	}
	return store_commit(s, err);
}

int store_undo(struct store *s, const struct pack *p, int64_t learner,
	       const char *now, struct store_undone *out, char **err)
{
	return step(s, p, learner, false, now, out, err);
}

int store_redo(struct store *s, const struct pack *p, int64_t learner,
	       const char *now, struct store_undone *out, char **err)
{
	return step(s, p, learner, true, now, out, err);
}


/* A learner's states and notes, inside the caller's transaction. */
/* A state from columns i.. of a row: id, kind, done, hash, time. */
static void state_of_row(sqlite3_stmt *st, int i, struct progress *out,
			 size_t *cap)
{
	struct prog_state *ps;
	const char *kind = (const char *)sqlite3_column_text(st, i + 1);

	xgrow(&out->states, cap, out->n_states + 1, sizeof *out->states);
	ps = &out->states[out->n_states++];
	ps->kind = strcmp(kind, "mistake") == 0	    ? PROG_MISTAKE
		   : strcmp(kind, "criterion") == 0 ? PROG_CRITERION
						    : PROG_ITEM;
	ps->done = sqlite3_column_int(st, i + 2) != 0;
	/* NOT NULL columns; each one's text stays valid while the others
	 * are read */
	ps->id = (char *)sqlite3_column_text(st, i);
	ps->hash = (char *)sqlite3_column_text(st, i + 3);
	ps->updated_at = (char *)sqlite3_column_text(st, i + 4);
	prog_state_own(ps);
}

/* A note from columns i..: id, text, time. */
static void note_of_row(sqlite3_stmt *st, int i, struct progress *out,
			size_t *cap)
{
	struct prog_note *pn;

	xgrow(&out->notes, cap, out->n_notes + 1, sizeof *out->notes);
	pn = &out->notes[out->n_notes++];
	pn->id = store_col_dup(st, i);
	pn->text = store_col_dup(st, i + 1);
	pn->updated_at = store_col_dup(st, i + 2);
}

int store_read_progress(struct store *s, int64_t learner,
			 struct progress *out, char **err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	st = store_stmt(s, S_STATES);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		state_of_row(st, 0, out, &cap);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	cap = 0;
	st = store_stmt(s, S_NOTES);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		note_of_row(st, 0, out, &cap);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	store_fail(s, err, _("cannot read progress"));
	progress_free(out);
	return -1;
}

int store_read_begin(struct store *s, char **err)
{
	if (store_exec(s, "BEGIN") != SQLITE_OK)
		return store_fail(s, err, _("cannot read the database"));
	return 0;
}

void store_read_end(struct store *s)
{
	store_exec(s, "COMMIT");
}

int store_progress(struct store *s, int64_t learner, struct progress *out,
		   char **err)
{
	/* One read transaction, so states and notes are one snapshot: the
	 * caller's, if it opened one (store_read_begin). */
	bool own = sqlite3_get_autocommit(s->db) != 0;

	if (own && store_exec(s, "BEGIN") != SQLITE_OK)
		return store_fail(s, err, _("cannot read progress"));
	if (store_read_progress(s, learner, out, err)) {
		if (own)
			store_exec(s, "ROLLBACK");
		return -1;
	}
	if (own)
		store_exec(s, "COMMIT");
	return 0;
}

/* The events of statement k (of one learner's log), in order. */
int store_field_events(struct store *s, int64_t learner, enum stmt k,
			struct prog_event **v, size_t *n, char **err)
{
	sqlite3_stmt *st = store_stmt(s, k);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return store_fail(s, err, _("cannot read the event log"));
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(v, &cap, *n + 1, sizeof **v);
		store_event_of_row(st, &(*v)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	prog_events_free(*v, *n);
	*v = NULL;
	*n = 0;
	return store_fail(s, err, _("cannot read the event log"));
}

int store_events(struct store *s, int64_t learner, struct prog_event **v,
		 size_t *n, char **err)
{
	return store_field_events(s, learner, S_EVENTS, v, n, err);
}

void store_cohort_free(struct store_learner *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].created_at);
		free(v[i].last_at);
		progress_free(&v[i].progress);
	}
	free(v);
}

static struct store_learner *by_row_id(struct store_learner *v, size_t n,
				       const int64_t *ids, int64_t id)
{
	/* ids[] is v's row ids in ascending order (see store_cohort). */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return &v[mid];
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct cohort_sort {
	int64_t id;
	size_t at;
};

static int by_id64(const void *a, const void *b)
{
	int64_t x = ((const struct cohort_sort *)a)->id, y = ((const struct cohort_sort *)b)->id;
	return (x > y) - (x < y);
}

int store_cohort_learners(struct store *s, struct store_learner **out, size_t *n,
			  char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_COHORT_LEARNERS);
	struct store_learner *v = NULL;
	size_t cap = 0, k = 0;
	int rc = SQLITE_ERROR;

	*out = NULL;
	*n = 0;
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&v, &cap, k + 1, sizeof *v);
		memset(&v[k], 0, sizeof v[k]);
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].name = store_col_dup(st, 1);
		v[k].created_at = store_col_dup(st, 2);
		v[k].last_at = store_col_dup_or_null(st, 3);
		k++;
	}
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_cohort_free(v, k);
		return store_fail(s, err, _("cannot read the learners"));
	}
	*out = v;
	*n = k;
	return 0;
}

int store_cohort(struct store *s, struct store_learner **out, size_t *n,
		 char **err)
{
	sqlite3_stmt *st;
	struct store_learner *v = NULL, *ordered;
	struct cohort_sort *idx;
	int64_t *ids;
	size_t cap = 0, k = 0, *scap, *ncap;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_read_begin(s, err))
		return -1;
	st = store_stmt(s, S_COHORT_LEARNERS);
	if (!st)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&v, &cap, k + 1, sizeof *v);
		memset(&v[k], 0, sizeof v[k]);
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].name = store_col_dup(st, 1);
		v[k].created_at = store_col_dup(st, 2);
		v[k].last_at = store_col_dup_or_null(st, 3);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	/* States and notes come by row id: a lookup table from row id to
	 * learner, the learners staying in name order. */
	idx = xmalloc((k ? k : 1) * sizeof *idx);
	ids = xmalloc((k ? k : 1) * sizeof *ids);
	ordered = xmalloc((k ? k : 1) * sizeof *ordered);
	for (size_t i = 0; i < k; i++)
		idx[i] = (struct cohort_sort){v[i].id, i};
	qsort(idx, k, sizeof *idx, by_id64);
	for (size_t i = 0; i < k; i++) {
		ids[i] = idx[i].id;
		ordered[i] = v[idx[i].at];
	}
	scap = xcalloc(k ? k : 1, sizeof *scap);
	ncap = xcalloc(k ? k : 1, sizeof *ncap);
	st = store_stmt(s, S_COHORT_STATES);
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_learner *l = by_row_id(ordered, k, ids, sqlite3_column_int64(st, 0));
		if (l)
			state_of_row(st, 1, &l->progress, &scap[l - ordered]);
	}
	if (st)
		sqlite3_reset(st);
	if (st && rc == SQLITE_DONE && (st = store_stmt(s, S_COHORT_NOTES))) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct store_learner *l =
				by_row_id(ordered, k, ids, sqlite3_column_int64(st, 0));
			if (l)
				note_of_row(st, 1, &l->progress, &ncap[l - ordered]);
		}
		sqlite3_reset(st);
	}
	/* Back to name order, progress and all. */
	for (size_t i = 0; i < k; i++)
		v[idx[i].at] = ordered[i];
	free(idx);
	free(ids);
	free(ordered);
	free(scap);
	free(ncap);
	store_read_end(s);
	if (!st || rc != SQLITE_DONE) {
		store_cohort_free(v, k);
		return store_fail(s, err, _("cannot read the learners' progress"));
	}
	*out = v;
	*n = k;
	return 0;
fail:
	store_fail(s, err, _(_("cannot read the learners")));
	store_read_end(s);
	store_cohort_free(v, k);
	return -1;
}

/* ---- evidence ---------------------------------------------------------------- */

int store_add_evidence(struct store *s, int64_t learner,
		       const struct evidence *v, size_t n, const char *now,
		       char **err)
{
	if (store_begin(s, err))
		return -1;
	/* One run of the probes is one batch; undo never picks it (it is not
	 * a change of the learner's). */
	for (size_t i = 0; i < n; i++) {
		char *json = evidence_encode(&v[i]);
		int rc = add_event(s, learner, v[i].entry_id, EVIDENCE_FIELD, NULL,
				   json, NULL, v[i].file_hash, now, err);
		free(json);
		if (rc)
			return store_rollback(s);
	}
	return store_commit(s, err);
}

int store_latest_evidence(struct store *s, int64_t learner,
			  struct evidence **v, size_t *n, char **err)
{
	struct prog_event *ev;
	size_t ne;

	*v = NULL;
	*n = 0;
	if (store_field_events(s, learner, S_EVIDENCE_EVENTS, &ev, &ne, err))
		return -1;
	evidence_latest(ev, ne, v, n);
	prog_events_free(ev, ne);
	return 0;
}

int store_latest_reviews(struct store *s, int64_t learner, struct review **v,
			 size_t *n, char **err)
{
	struct prog_event *ev;
	size_t ne;

	*v = NULL;
	*n = 0;
	if (store_field_events(s, learner, S_REVIEW_EVENTS, &ev, &ne, err))
		return -1;
	review_latest(ev, ne, v, n);
	prog_events_free(ev, ne);
	return 0;
}

int store_add_review(struct store *s, int64_t learner, const char *id,
		     const char *json, const char *now, char **err)
{
	if (store_begin(s, err))
		return -1;
	if (store_append_event(s, learner, id, REVIEW_FIELD, NULL, json, NULL, NULL, now, 0,
			 0, err))
		return store_rollback(s);
	return store_commit(s, err);
}

int store_own_key(struct store *s, char public_hex[65], char secret_hex[65],
		  char **err)
{
	sqlite3_stmt *st;
	int rc = store_row(s, store_stmt(s, S_OWN_KEY_GET), err,
			   _("cannot read this database's key"), "hh", public_hex,
			   secret_hex);

	if (rc)
		return rc < 0 ? -1 : 0;
	if (sign_keypair(public_hex, secret_hex))
		return diag_fail(err, _("no randomness from the system for a key"));
	if (store_begin(s, err))
		return -1;
	st = store_bound(s, S_OWN_KEY_PUT, "TT", public_hex, secret_hex);
	if (store_step_done(s, st, err, _("cannot keep this database's key")))
		return store_rollback(s);
	return store_commit(s, err);
}

int store_probe_dir(struct store *s, int64_t learner, char **dir, char **err)
{
	*dir = NULL;
	return store_row(s, store_bound(s, S_PROBE_DIR_GET, "I", learner), err,
			 _("cannot read the project folder"), "T", dir) < 0 ? -1 : 0;
}

void store_mark_outdated(struct store *s, int64_t learner, struct evidence *v,
			 size_t n)
{
	char *dir = NULL, *err = NULL;

	if (n && store_probe_dir(s, learner, &dir, &err) == 0)
		evidence_mark_outdated(v, n, dir);
	free(err);
	free(dir);
}

int store_set_probe_dir(struct store *s, int64_t learner, const char *dir,
			const char *now, char **err)
{
	sqlite3_stmt *st;
	if (store_begin(s, err))
		return -1;
	st = store_bound(s, S_PROBE_DIR_PUT, "ITT", learner, dir, now);
	if (store_step_done(s, st, err, _("cannot remember the project folder")))
		return store_rollback(s);
	return store_commit(s, err);
}

int store_probe_live(struct store *s, int64_t learner,
		     struct live_endpoints *e, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_PROBE_LIVE_GET);
	int rc;

	memset(e, 0, sizeof *e);
	if (!st)
		return store_fail(s, err, _("cannot read the live sources"));
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *src = (const char *)sqlite3_column_text(st, 0);
		const char *url = (const char *)sqlite3_column_text(st, 1);
		for (int k = 0; src && url && k < LIVE_SOURCES; k++)
			if (strcmp(live_option(k) + 2, src) == 0 && !e->url[k])
				e->url[k] = live_strip(k, url);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		live_endpoints_free(e);
		return store_fail(s, err, _("cannot read the live sources"));
	}
	return 0;
}

int store_set_probe_live(struct store *s, int64_t learner,
			 const struct live_endpoints *e, const char *now,
			 char **err)
{
	sqlite3_stmt *st;
	if (store_begin(s, err))
		return -1;
	st = store_bound(s, S_PROBE_LIVE_DEL, "I", learner);
	if (store_step_done(s, st, err, _("cannot remember the live sources")))
		return store_rollback(s);
	for (int k = 0; k < LIVE_SOURCES; k++) {
		if (!e->url[k])
			continue;
		char *url = live_strip(k, e->url[k]);
		st = store_bound(s, S_PROBE_LIVE_PUT, "ITTT", learner,
				 live_option(k) + 2, url, now);
		int rc = store_step_done(s, st, err,
					 _("cannot remember the live sources"));
		free(url);
		if (rc)
			return store_rollback(s);
	}
	return store_commit(s, err);
}

/* ---- drafts ------------------------------------------------------------------ */

int store_draft_put(struct store *s, int64_t learner, const char *kind,
		    const char *target, const char *text, const char *now,
		    char **err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err))
		return -1;
	st = store_stmt(s, *text ? S_DRAFT_PUT : S_DRAFT_DEL);
	if (st) {
		store_bind(st, "ITT", learner, kind, target);
		if (*text) {
			sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		}
	}
	if (store_step_done(s, st, err, _("cannot keep the draft")))
		return store_rollback(s);
	return store_commit(s, err);
}

int store_draft_get(struct store *s, int64_t learner, const char *kind,
		    const char *target, char **text, char **err)
{
	*text = NULL;
	return store_row(s, store_bound(s, S_DRAFT_GET, "ITT", learner, kind, target),
			 err, _("cannot read the draft"), "T", text) < 0 ? -1 : 0;
}

int store_seen(struct store *s, int64_t learner, const char *what, bool *seen,
	       char **err)
{
	int rc = store_row(s, store_bound(s, S_SEEN_GET, "IT", learner, what), err,
			   _("cannot read what the tutor showed"), "");

	*seen = rc == 1;
	return rc < 0 ? -1 : 0;
}

int store_set_seen(struct store *s, int64_t learner, const char *what,
		   const char *now, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_SEEN_PUT);

	store_bind(st, "ITT", learner, what, now);
	return store_step_done(s, st, err, _("cannot remember what the tutor showed"));
}

int store_record_probes(struct store *s, int64_t learner, const struct probe_report *r,
			const char *now, size_t *logged, char **err)
{
	struct evidence *ev = xcalloc(r->n_results + 1, sizeof *ev), *was;
	size_t n = 0, n_was;
	int rc;

	if (store_latest_evidence(s, learner, &was, &n_was, err)) {
		free(ev);
		return -1;
	}
	/* Only what changed: a tutor that runs the probes at each start
	 * must not grow the log by a run each time. */
	for (size_t i = 0; i < r->n_results; i++) {
		bool same = false;
		evidence_from_result(&r->results[i], &ev[n]);
		for (size_t k = 0; k < n_was && !same; k++)
			same = evidence_same(&was[k], &ev[n]);
		if (same)
			evidence_clear(&ev[n]);
		else
			n++;
	}
	evidence_free(was, n_was);
	rc = n ? store_add_evidence(s, learner, ev, n, now, err) : 0;
	evidence_free(ev, n);
	if (rc == 0 && logged)
		*logged = n;
	return rc;
}
