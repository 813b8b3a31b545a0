/* SPDX-License-Identifier: MIT */
/* Imports: other databases' logs merged into this one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "selfgrade/diag.h"
#include "selfgrade/review.h"
#include "selfgrade/sign.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* An event's content, without its place in a chain: what makes two logs'
 * events the same event. */
static void content_digest(const struct prog_event *e, char out[65])
{
	progress_event_hash(NULL, e, out);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The kind of state id takes: the pack's word, else the file's, else the
 * database's, else an item. */
static const char *kind_for(const struct pack *p, const struct store_merge *m,
			    const struct progress *local, const char *id)
{
	const struct pack_entry *e = p ? pack_find(p, id) : NULL;
	const struct prog_state *ps;
	int k = e ? progress_kind_of(e) : -1;

	if (k >= 0)
		return prog_kind_name((enum prog_kind)k);
	for (size_t i = 0; i < m->n_kinds; i++)
		if (strcmp(m->kinds[i].id, id) == 0)
			return prog_kind_name(m->kinds[i].kind);
	if ((ps = progress_state(local, id)))
		return prog_kind_name(ps->kind);
	return "item";
}

/* States and notes rebuilt from the learner's whole log, so that they
 * always agree with it (the newest word on each id wins). */
static int rebuild(struct store *s, const struct pack *p,
		   const struct store_merge *m, int64_t learner, char **err)
{
	struct prog_event *ev;
	struct progress local, derived;
	size_t n;
	int rc = 0;

	/* Only each id's last word on each field: the replay takes nothing
	 * else, and a long log read whole here was a second copy of the
	 * file's events in memory. */
	if (store_field_events(s, learner, S_LAST_WORDS, &ev, &n, err))
		return -1;
	if (store_read_progress(s, learner, &local, err)) {
		prog_events_free(ev, n);
		return -1;
	}
	progress_replay(ev, n, &derived);
	prog_events_free(ev, n);
	if (store_exec(s, "SAVEPOINT rebuild") != SQLITE_OK)
		rc = store_fail(s, err, _("cannot rebuild progress"));
	for (int k = 0; k < 2 && rc == 0; k++) {
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(s->db, k ? "DELETE FROM note WHERE learner_id = ?1"
					    : "DELETE FROM state WHERE learner_id = ?1",
				   -1, &st, NULL);
		if (st)
			sqlite3_bind_int64(st, 1, learner);
		rc = store_step_done(s, st, err, _("cannot rebuild progress"));
		sqlite3_finalize(st);
	}
	for (size_t i = 0; i < derived.n_states && rc == 0; i++) {
		const struct prog_state *ps = &derived.states[i];
		rc = store_put_state(s, learner, ps->id, kind_for(p, m, &local, ps->id),
			       ps->done, ps->hash, ps->updated_at, err);
	}
	for (size_t i = 0; i < derived.n_notes && rc == 0; i++) {
		sqlite3_stmt *st = store_stmt(s, S_NOTE_PUT);
		if (st) {
			store_bind(st, "ITT", learner, derived.notes[i].id, derived.notes[i].text);
			sqlite3_bind_text(st, 4, derived.notes[i].updated_at, -1,
					  SQLITE_STATIC);
		}
		rc = store_step_done(s, st, err, _("cannot rebuild progress"));
	}
	store_exec(s, rc == 0 ? "RELEASE rebuild" : "ROLLBACK TO rebuild");
	progress_free(&local);
	progress_free(&derived);
	return rc;
}

/* The learner here that m is: by id, else (files of version 1-2) by name;
 * a new one is added with the file's id (*made). */
static int find_learner(struct store *s, const struct store_merge *m,
			const char *now, int64_t *learner, bool *made, char **err)
{
	struct store_identity here;
	char uid[SIGN_UID_HEX];

	*made = false;
	if (*m->uid && store_learner_find_uid(s, m->uid, learner) == 0)
		return 0;
	if (store_learner_find(s, m->name, learner, NULL) == 0) {
		if (!*m->uid)
			return 0; /* an older export: names were all there was */
		if (store_identity(s, *learner, false, &here, err))
			return -1;
		diag_fail(err, _("learner '%s' (added %.10s) is not the '%s' here "
			       "(added %.10s): another person with the same name; "
			       "import them under another name with --rename '%s=NEW NAME', "
			       "or, if it is them on a new machine (a new key), accept it "
			       "with learner accept-key '%s' FILE"),
			  m->file_name, m->created_at ? m->created_at : "?", here.name,
			  here.created_at, m->file_name, here.name);
		store_identity_clear(&here);
		return -1;
	}
	if (store_name_check(m->name, err) || store_learner_name_free(s, m->name, m->file_name, err))
		return -1;
	if (!*m->uid && sign_uid(uid))
		return diag_fail(err, _("no randomness from the system for an id"));
	*made = true;
	return store_learner_insert(s, m->name, *m->uid ? m->uid : uid,
			      m->created_at ? m->created_at : now, NULL, NULL, learner,
			      err);
}

static char **digests(const struct prog_event *v, size_t n)
{
	char **out = xmalloc((n + 1) * sizeof *out), digest[65];

	for (size_t i = 0; i < n; i++) {
		content_digest(&v[i], digest);
		out[i] = xstrdup(digest);
	}
	qsort(out, n, sizeof *out, cmp_str);
	return out;
}

static void digests_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The first event here (but the instructor's own reviews) that the file
 * does not hold, or n_local when it holds them all; theirs: the file's
 * digests, sorted. */
static size_t first_missing(char **theirs, size_t n_theirs, const struct prog_event *local,
			    size_t n_local)
{
	char digest[65];

	for (size_t i = 0; i < n_local; i++) {
		if (local[i].field && strcmp(local[i].field, REVIEW_FIELD) == 0)
			continue;
		content_digest(&local[i], digest);
		if (!bsearch(&(const char *){digest}, theirs, n_theirs, sizeof *theirs, cmp_str))
			return i;
	}
	return n_local;
}

/* A history imported before may grow, never change: when the file brings
 * events not here, every event imported before (but the instructor's own
 * reviews) must be in it, unchanged. An older file, all of it here, is
 * simply nothing new. */
static int check_extends(const struct store_merge *m, const struct prog_event *local,
			 size_t n_local, char **err)
{
	char **theirs = digests(m->events, m->n_events);
	char **ours = digests(local, n_local);
	bool brings = false;
	size_t i;
	int rc = 0;

	for (i = 0; i < m->n_events && !brings; i++)
		brings = !bsearch(&theirs[i], ours, n_local, sizeof *ours, cmp_str);
	if (brings && (i = first_missing(theirs, m->n_events, local, n_local)) < n_local)
		rc = diag_fail(err, _("learner '%s': the file does not extend the "
				    "history imported before: event %zu here (%s "
				    "of %s at %s) is not in it (a rewritten or "
				    "forked history)"),
			       m->file_name, i + 1, local[i].field, local[i].item_id,
			       local[i].at);
	digests_free(theirs, m->n_events);
	digests_free(ours, n_local);
	return rc;
}

/* How many events here (the instructor's own reviews aside) the file does
 * not hold. */
static size_t count_missing(const struct store_merge *m, const struct prog_event *local,
			    size_t n_local)
{
	char **theirs;
	size_t n = 0, i = 0;

	if (!n_local)
		return 0;
	theirs = digests(m->events, m->n_events);
	/* Each miss, then the rest after it. */
	while ((i += first_missing(theirs, m->n_events, local + i, n_local - i)) < n_local) {
		n++;
		i++;
	}
	digests_free(theirs, m->n_events);
	return n;
}

/* Trust on first use, and an append-only history. In the learner's own
 * database (which holds their secret key) the key must be theirs and any
 * two logs merge; in another database (an instructor's) the first signed
 * file pins the key, and every later file must be signed by it and hold
 * every event imported before. */
static int check_key(struct store *s, const struct store_merge *m, int64_t learner,
		     const struct prog_event *local, size_t n_local, const char *now,
		     bool *own, bool *first_signed, size_t *missing, char **err)
{
	struct store_identity here;
	int rc = 0;

	if (store_identity(s, learner, false, &here, err))
		return -1;
	*own = here.secret[0] != '\0';
	*first_signed = false;
	*missing = 0;
	if (!here.public_key[0]) {
		/* The first signed file of a learner known only from unsigned
		 * files: what those said cannot be told from a forgery, so the
		 * signed file's word takes their place: its study and gradebook
		 * fields, and its history where it does not hold theirs
		 * (doc/design.md). */
		if (m->key && m->signed_ok) {
			*first_signed = true;
			*missing = count_missing(m, local, n_local);
			rc = store_key_put(s, learner, m->key, NULL, now, err);
		}
	} else if (!m->key || !m->signed_ok) {
		rc = diag_fail(err, _("learner '%s' is not signed, but the key of '%s' "
				    "is known here since an earlier import; only a "
				    "file from their own database can add to it"),
			       m->file_name, here.name);
	} else if (strcmp(m->key, here.public_key) != 0) {
		rc = diag_fail(err, _("learner '%s' is signed by another key (%.16s...) "
				    "than the one known here for '%s' (%.16s...); "
				    "refused"),
			       m->file_name, m->key, here.name, here.public_key);
	} else if (!here.secret[0]) {
		/* What came before a key replaced on purpose (learner
		 * accept-key) stays here; the new key's files need not hold
		 * it. */
		int64_t after = store_learner_rekeyed_after(s, learner);
		size_t from = 0;
		while (from < n_local && local[from].seq <= after)
			from++;
		rc = check_extends(m, from ? local + from : local, n_local - from, err);
	}
	memset(here.secret, 0, sizeof here.secret);
	store_identity_clear(&here);
	return rc;
}

/* The gradebook fields the file gives, over what is here. */
/* The gradebook fields the file gives: over gaps here (what is set here
 * stays), or, from a learner's first signed file over an unsigned
 * history, over what is here too (the unsigned files' word was nobody's;
 * what the signed file leaves out stays, as an instructor may have set
 * it). Only what the file brings is checked: what is here was taken
 * before. */
static int keep_fields(struct store *s, int64_t learner, const struct store_merge *m,
		       bool signed_word, char **err)
{
	struct store_identity here;
	const char *v[3];
	sqlite3_stmt *st;
	int rc;

	if (store_identity(s, learner, false, &here, err))
		return -1;
	v[0] = here.email && !(signed_word && m->email) ? here.email : m->email;
	v[1] = here.id_number && !(signed_word && m->id_number) ? here.id_number : m->id_number;
	v[2] = here.section && !(signed_word && m->section) ? here.section : m->section;
	if (store_learner_fields_check(s, learner, v[0] == here.email ? NULL : v[0],
				       v[1] == here.id_number ? NULL : v[1],
				       v[2] == here.section ? NULL : v[2], err)) {
		store_identity_clear(&here);
		return -1;
	}
	st = store_bound(s, S_LEARNER_SET, "Ittt", learner, v[0], v[1], v[2]);
	rc = store_step_done(s, st, err, _("cannot save the learner"));
	store_identity_clear(&here);
	return rc;
}

/* The reviewer key pinned for a learner here into *known (NULL when none;
 * caller frees); -1 with *err when it cannot be read. */
static int reviewer_of(struct store *s, int64_t learner, char **known, char **err)
{
	sqlite3_stmt *st = store_bound(s, S_REVIEWER_GET, "I", learner);

	*known = NULL;
	if (!st)
		return store_fail(s, err, _("cannot read the learner"));
	if (sqlite3_step(st) == SQLITE_ROW)
		*known = store_col_dup_or_null(st, 0);
	sqlite3_reset(st);
	return 0;
}

static bool review_by(const struct prog_event *e, const char *key)
{
	struct review rv;
	bool yes;

	if (!key)
		return false; /* no reviewer's file taken here: none is theirs */
	yes = review_decode(e, &rv) && strcmp(rv.by, key) == 0;
	review_clear(&rv);
	return yes;
}

/* What unsigned files brought of a learner, given way to their first
 * signed file: the study always (sessions, answers and the cards worked
 * out from them; the file's own comes in after this), and, when the file
 * does not hold all of it (missing events), the log but for the reviews
 * written here, which are the instructor's own: appended again so that the
 * chain stays whole, the file's events after them. *local is read again. */
static int drop_unsigned(struct store *s, const struct store_merge *m, int64_t learner,
			 size_t missing, struct prog_event **local, size_t *n_local,
			 char **err)
{
	static const char *const drop[] = {
		"DELETE FROM study_review WHERE learner_id = ?1",
		"DELETE FROM study_session WHERE learner_id = ?1",
		"DELETE FROM study_card WHERE learner_id = ?1",
		"DELETE FROM event WHERE learner_id = ?1",
	};
	size_t n_drop = sizeof drop / sizeof *drop - (missing ? 0 : 1);
	char *line, *was;
	int rc = 0;

	for (size_t k = 0; k < n_drop && rc == 0; k++) {
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(s->db, drop[k], -1, &st, NULL);
		rc = store_step_done(s, store_bind(st, "I", learner), err,
				     _("cannot replace the unsigned history"));
		sqlite3_finalize(st);
	}
	if (rc || !missing)
		return rc;
	for (size_t i = 0; i < *n_local && rc == 0; i++) {
		const struct prog_event *e = &(*local)[i];
		if (e->field && strcmp(e->field, REVIEW_FIELD) == 0)
			rc = store_append_event(s, learner, e->item_id, e->field, e->old,
						e->new_, e->old_hash, e->text_hash, e->at, 0,
						0, err);
	}
	prog_events_free(*local, *n_local);
	*local = NULL;
	*n_local = 0;
	if (rc || store_events(s, learner, local, n_local, err))
		return -1;
	line = xasprintf(P_("'%s': the %zu event imported before without a signature was "
			    "replaced by their first signed file, which does not hold it\n",
			    "'%s': the %zu events imported before without a signature were "
			    "replaced by their first signed file, which does not hold them\n",
			    missing),
			 m->name, missing);
	was = s->notices;
	s->notices = xasprintf("%s%s", was ? was : "", line);
	free(was);
	free(line);
	return 0;
}

/* The row here of the file's event seq, or 0: from[] holds the seqs of
 * the events appended so far, in the file's order, which rises (a search,
 * where a walk over all of them made a long log's import quadratic). */
static int64_t mapped(const long long *from, const long long *to, size_t n,
		      long long seq)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (from[mid] == seq)
			return to[mid];
		if (from[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* One learner of a merge, inside the caller's transaction. */
static int merge_one(struct store *s, const struct pack *p,
		     const struct store_merge *m, const char *now,
		     size_t *added, char **err)
{
	struct prog_event *local = NULL;
	const struct prog_event **in = NULL;
	char **seen = NULL, digest[65];
	long long *from = NULL, *to = NULL;
	size_t n_local = 0, n_seen = 0, n_map = 0, before = *added;
	int64_t learner;
	bool own = false, first_signed = false, made = false;
	size_t missing = 0, refused = 0;
	char *reviewer = NULL;
	int rc = 0;

	if (find_learner(s, m, now, &learner, &made, err) ||
	    store_events(s, learner, &local, &n_local, err))
		return -1;
	if (check_key(s, m, learner, local, n_local, now, &own, &first_signed, &missing,
		      err) ||
	    /* A learner new here has nothing unsigned to give way. */
	    (first_signed && !made &&
	     drop_unsigned(s, m, learner, missing, &local, &n_local, err))) {
		prog_events_free(local, n_local);
		return -1;
	}
	if (own && reviewer_of(s, learner, &reviewer, err)) {
		prog_events_free(local, n_local);
		return -1;
	}
	seen = xmalloc((n_local + m->n_events + 1) * sizeof *seen);
	for (size_t i = 0; i < n_local; i++) {
		content_digest(&local[i], digest);
		seen[n_seen++] = xstrdup(digest);
	}
	qsort(seen, n_seen, sizeof *seen, cmp_str);
	/* The file's events in its log's order, each one not already here
	 * appended to this database's chain; batches and undos mapped to the
	 * new rows. */
	in = xmalloc((m->n_events + 1) * sizeof *in);
	from = xmalloc((m->n_events + 1) * sizeof *from);
	to = xmalloc((m->n_events + 1) * sizeof *to);
	for (size_t i = 0; i < m->n_events; i++)
		in[i] = &m->events[i];
	for (size_t i = 0; i < m->n_events && rc == 0; i++) {
		const struct prog_event *e = in[i];
		int64_t batch = 0, undoes = 0;
		content_digest(e, digest);
		if (bsearch(&(const char *){digest}, seen, n_seen, sizeof *seen, cmp_str))
			continue;
		/* A review reaches a learner only in a signed review file: one
		 * that a learner's export brings and that is not here already
		 * is not taken into another database (it could be their own);
		 * into the learner's own only when it is by the reviewer whose
		 * file was taken here (their other machine may have taken
		 * anyone's). */
		if (e->field && strcmp(e->field, REVIEW_FIELD) == 0 &&
		    (!own || !review_by(e, reviewer))) {
			refused++;
			continue;
		}
		if (e->batch)
			batch = mapped(from, to, n_map, e->batch);
		if (e->undoes)
			undoes = mapped(from, to, n_map, e->undoes);
		rc = store_append_event(s, learner, e->item_id, e->field, e->old, e->new_,
				  e->old_hash, e->text_hash, e->at, batch, undoes,
				  err);
		from[n_map] = e->seq;
		to[n_map++] = sqlite3_last_insert_rowid(s->db);
		(*added)++;
	}
	/* Said, not dropped unseen: a review in a learner's file that is
	 * not here is most likely one they wrote themselves. */
	if (rc == 0 && refused) {
		char *line = xasprintf(P_("'%s': %zu review in the file not taken: a review "
					  "comes only in the instructor's signed review "
					  "file (this one may be the learner's own)\n",
					  "'%s': %zu reviews in the file not taken: a review "
					  "comes only in the instructor's signed review "
					  "file (these may be the learner's own)\n",
					  refused),
				       m->name, refused);
		char *was = s->notices;
		s->notices = xasprintf("%s%s", was ? was : "", line);
		free(was);
		free(line);
	}
	if (rc == 0 && (*added > before || missing))
		rc = rebuild(s, p, m, learner, err);
	if (rc == 0)
		rc = store_study_merge(s, learner, m->sessions, m->n_sessions, m->reviews,
				 m->n_reviews, now, added, err);
	if (rc == 0 && (m->email || m->id_number || m->section))
		rc = keep_fields(s, learner, m, first_signed, err);
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	free(in);
	free(from);
	free(to);
	free(reviewer);
	prog_events_free(local, n_local);
	return rc;
}

int store_merge(struct store *s, const struct pack *p,
		const struct store_merge *m, size_t n, const char *now,
		size_t *added, char **err)
{
	size_t k = 0;

	if (store_begin(s, err))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (merge_one(s, p, &m[i], now, &k, err))
			return store_rollback(s);
	if (store_commit(s, err))
		return -1;
	if (added)
		*added = k;
	return 0;
}

int store_merge_begin(struct store *s, char **err)
{
	if (store_begin(s, err))
		return -1;
	store_learner_names_index(s);
	return 0;
}

int store_merge_learner(struct store *s, const struct pack *p,
			const struct store_merge *m, const char *now,
			size_t *added, char **err)
{
	return merge_one(s, p, m, now, added, err);
}

int store_merge_end(struct store *s, bool keep, char **err)
{
	store_learner_names_drop(s);
	if (!keep || store_commit(s, err)) {
		free(s->notices);
		s->notices = NULL;
		return keep ? -1 : (store_rollback(s), 0);
	}
	return 0;
}

char *store_merge_notices(struct store *s)
{
	char *n = s->notices;

	s->notices = NULL;
	return n;
}

/* The reviewer's key: the first review file's is pinned; a later file
 * signed by another is refused. */
static int check_reviewer(struct store *s, int64_t learner, const char *key, char **err)
{
	sqlite3_stmt *st;
	char *known;
	int rc;

	if (reviewer_of(s, learner, &known, err))
		return -1;
	if (known) {
		rc = strcmp(known, key) == 0
			     ? 0
			     : diag_fail(err, _("the reviews are signed by another key "
					      "(%.16s...) than the one known here since "
					      "the first review file (%.16s...); refused"),
					 key, known);
		free(known);
		return rc;
	}
	st = store_bound(s, S_REVIEWER_PUT, "IT", learner, key);
	return store_step_done(s, st, err, _("cannot keep the reviewer's key"));
}

int store_merge_reviews(struct store *s, const char *uid, const char *key,
			const struct prog_event *v, size_t n, const char *now,
			size_t *added, char **err)
{
	struct prog_event *local = NULL;
	size_t n_local = 0;
	char **ours, digest[65];
	int64_t learner;
	int rc = 0;

	(void)now;
	*added = 0;
	if (store_learner_find_uid(s, uid, &learner) != 0)
		return diag_fail(err, _("the reviews are for a learner who is not in this "
				      "database"));
	if (store_begin(s, err))
		return -1;
	if (check_reviewer(s, learner, key, err) ||
	    store_events(s, learner, &local, &n_local, err))
		return store_rollback(s);
	ours = digests(local, n_local);
	for (size_t i = 0; i < n && rc == 0; i++) {
		content_digest(&v[i], digest);
		if (bsearch(&(const char *){digest}, ours, n_local, sizeof *ours, cmp_str))
			continue;
		rc = store_append_event(s, learner, v[i].item_id, REVIEW_FIELD, NULL, v[i].new_,
				  NULL, NULL, v[i].at, 0, 0, err);
		*added += rc == 0;
	}
	digests_free(ours, n_local);
	prog_events_free(local, n_local);
	if (rc)
		return store_rollback(s);
	return store_commit(s, err);
}
