/* SPDX-License-Identifier: MIT */
/* Study mode in the store: each card's schedule, the sessions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "selfgrade/digest.h"
#include "selfgrade/sign.h"
#include "selfgrade/study.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* ---- study mode ----------------------------------------------------------- */

void store_study_free(struct store_study *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].card_id);
	free(v);
}

int store_study_states(struct store *s, int64_t learner,
		       struct store_study **v, size_t *n, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_STUDY_STATES);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return store_fail(s, err, _("cannot read the study schedule"));
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_study *c;
		xgrow(v, &cap, *n + 1, sizeof **v);
		c = &(*v)[(*n)++];
		c->card_id = store_col_dup(st, 0);
		c->state.ease = sqlite3_column_double(st, 1);
		c->state.interval_days = sqlite3_column_double(st, 2);
		c->state.reps = sqlite3_column_int(st, 3);
		c->state.lapses = sqlite3_column_int(st, 4);
		c->state.due = timefmt_seconds((const char *)sqlite3_column_text(st, 5));
		c->state.introduced = timefmt_seconds((const char *)sqlite3_column_text(st, 6));
		c->state.last = timefmt_seconds((const char *)sqlite3_column_text(st, 7));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_study_free(*v, *n);
		*v = NULL;
		*n = 0;
		return store_fail(s, err, _("cannot read the study schedule"));
	}
	return 0;
}

int store_session_begin(struct store *s, int64_t learner, const char *now,
			int64_t *session, char **err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err))
		return -1;
	char uid[SIGN_UID_HEX];

	if (sign_uid(uid)) {
		store_rollback(s);
		return diag_fail(err, _("no randomness from the system for the session's id"));
	}
	st = store_bound(s, S_SESSION_BEGIN, "ITt", learner, now, uid);
	if (store_step_done(s, st, err, _("cannot start a study session")))
		return store_rollback(s);
	*session = sqlite3_last_insert_rowid(s->db);
	return store_commit(s, err);
}

/* A card's schedule as study_card keeps it, inside the caller's write. */
static int put_card(struct store *s, int64_t learner, const char *card_id,
		    const struct study_state *state, const char *now, char **err)
{
	char due[32], intro[32], last[32];
	sqlite3_stmt *st = store_stmt(s, S_STUDY_PUT);

	timefmt_iso(state->due, due);
	timefmt_iso(state->introduced, intro);
	timefmt_iso(state->last, last);
	if (st) {
		store_bind(st, "IT", learner, card_id);
		sqlite3_bind_double(st, 3, state->ease);
		sqlite3_bind_double(st, 4, state->interval_days);
		sqlite3_bind_int(st, 5, state->reps);
		sqlite3_bind_int(st, 6, state->lapses);
		sqlite3_bind_text(st, 7, due, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, intro, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, last, -1, SQLITE_STATIC);
	}
	return store_step_done(s, st, err, _("cannot save the answer"));
}

static int add_review(struct store *s, int64_t learner, const struct study_answer *r,
		      char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_REVIEW_ADD);

	store_bind(st, "ITTiiTT", learner, r->uid, r->card_id, r->grade, r->first_try,
		   r->session_uid, r->at);
	return store_step_done(s, st, err, _("cannot save the answer"));
}

int store_study_answer(struct store *s, int64_t learner, int64_t session,
		       const char *card_id, const struct study_state *state,
		       int grade, int64_t asked, bool first_try_right,
		       const char *now, char **err)
{
	struct study_answer r = {.card_id = (char *)card_id, .grade = grade,
				 .first_try = first_try_right};
	char uid[SIGN_UID_HEX], at[32];
	sqlite3_stmt *st;
	int rc;

	if (sign_uid(uid))
		return diag_fail(err, _("no randomness from the system for the answer's id"));
	timefmt_iso(asked, at);
	r.uid = uid;
	r.at = at;
	if (store_begin(s, err))
		return -1;
	if (session && (st = store_stmt(s, S_SESSION_UID))) {
		sqlite3_bind_int64(st, 1, session);
		if (sqlite3_step(st) == SQLITE_ROW)
			r.session_uid = store_col_dup_or_null(st, 0);
		sqlite3_reset(st);
	}
	rc = put_card(s, learner, card_id, state, now, err) ||
	     add_review(s, learner, &r, err);
	free(r.session_uid);
	if (rc)
		return store_rollback(s);
	if (session) {
		st = store_bound(s, S_SESSION_COUNT, "IiT", session, first_try_right, now);
		if (store_step_done(s, st, err, _("cannot save the session")))
			return store_rollback(s);
	}
	return store_commit(s, err);
}

int store_sessions(struct store *s, int64_t learner,
		   struct study_session **v, size_t *n, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_SESSIONS);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return store_fail(s, err, _("cannot read the study sessions"));
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct study_session *x;
		xgrow(v, &cap, *n + 1, sizeof **v);
		x = &(*v)[(*n)++];
		x->started_at = store_col_dup(st, 0);
		x->ended_at = store_col_dup(st, 1);
		x->cards = sqlite3_column_int(st, 2);
		x->first_try = sqlite3_column_int(st, 3);
		x->uid = store_col_dup(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_sessions_free(*v, *n);
		*v = NULL;
		*n = 0;
		return store_fail(s, err, _("cannot read the study sessions"));
	}
	return 0;
}

void store_sessions_free(struct study_session *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].uid);
		free(v[i].started_at);
		free(v[i].ended_at);
	}
	free(v);
}

int store_reviews(struct store *s, int64_t learner, struct study_answer **v,
		  size_t *n, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_REVIEWS);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return store_fail(s, err, _("cannot read the study answers"));
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct study_answer *x;
		xgrow(v, &cap, *n + 1, sizeof **v);
		x = &(*v)[(*n)++];
		x->uid = store_col_dup(st, 0);
		x->card_id = store_col_dup(st, 1);
		x->grade = sqlite3_column_int(st, 2);
		x->first_try = sqlite3_column_int(st, 3) != 0;
		x->session_uid = store_col_dup_or_null(st, 4);
		x->at = store_col_dup(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_reviews_free(*v, *n);
		*v = NULL;
		*n = 0;
		return store_fail(s, err, _("cannot read the study answers"));
	}
	return 0;
}

void store_reviews_free(struct study_answer *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].uid);
		free(v[i].card_id);
		free(v[i].session_uid);
		free(v[i].at);
	}
	free(v);
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A card's schedule worked out again from all its answers, in order. */
static int replay_card(struct store *s, int64_t learner, const char *card_id,
		       const char *now, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_CARD_REVIEWS);
	struct study_state state;
	bool any = false;
	int rc;

	if (!st)
		return store_fail(s, err, _("cannot read the study answers"));
	store_bind(st, "It", learner, card_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct study_state next;
		int64_t at = timefmt_seconds((const char *)sqlite3_column_text(st, 1));
		study_answer(any ? &state : NULL, (enum study_grade)sqlite3_column_int(st, 0),
			     at, &next);
		state = next;
		any = true;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, err, _("cannot read the study answers"));
	return any ? put_card(s, learner, card_id, &state, now, err) : 0;
}

/* The id of a session that came without one (exports of versions 1-2
 * wrote "id": null): the session of this learner that started at the same
 * moment, else one made from that moment, so that importing the file again
 * finds it (NULL ids never conflict, and each import added the session
 * again). Two sessions do not start in the same millisecond. */
static int session_uid(struct store *s, int64_t learner, const char *started_at,
		       char out[SIGN_UID_HEX], char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_SESSION_BY_START);
	struct digest d;
	char hex[65];
	int rc;

	if (!st)
		return store_fail(s, err, _("cannot merge the study sessions"));
	store_bind(st, "IT", learner, started_at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(out, SIGN_UID_HEX, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, err, _("cannot merge the study sessions"));
	digest_init(&d);
	digest_field(&d, "selfgrade-session-1");
	digest_field(&d, started_at);
	digest_final(&d, hex);
	snprintf(out, SIGN_UID_HEX, "%.*s", SIGN_UID_HEX - 1, hex);
	return 0;
}

int store_study_merge(struct store *s, int64_t learner, const struct study_session *sessions,
		size_t n_sessions, const struct study_answer *reviews, size_t n_reviews,
		const char *now, size_t *added, char **err)
{
	for (size_t i = 0; i < n_sessions; i++) {
		sqlite3_stmt *st;
		char made[SIGN_UID_HEX];
		const char *uid = sessions[i].uid;
		if (!uid) {
			if (session_uid(s, learner, sessions[i].started_at, made, err))
				return -1;
			uid = made;
		}
		st = store_bound(s, S_SESSION_MERGE, "ItTTii", learner, uid, sessions[i].started_at,
				 sessions[i].ended_at, sessions[i].cards, sessions[i].first_try);
		int before = sqlite3_total_changes(s->db);
		if (store_step_done(s, st, err, _("cannot merge the study sessions")))
			return -1;
		*added += sqlite3_total_changes(s->db) != before;
	}
	/* Each card an answer was new for is worked out again once, after
	 * all of them (once per answer was quadratic in a card's answers). */
	const char **cards = xmalloc((n_reviews + 1) * sizeof *cards);
	size_t n_cards = 0;
	int rc = 0;
	for (size_t i = 0; i < n_reviews && rc == 0; i++) {
		int before = sqlite3_total_changes(s->db);
		rc = add_review(s, learner, &reviews[i], err);
		if (rc || sqlite3_total_changes(s->db) == before)
			continue; /* known here already */
		(*added)++;
		cards[n_cards++] = reviews[i].card_id;
	}
	if (n_cards)
		qsort(cards, n_cards, sizeof *cards, by_str);
	for (size_t i = 0; i < n_cards && rc == 0; i++)
		if (i == 0 || strcmp(cards[i], cards[i - 1]) != 0)
			rc = replay_card(s, learner, cards[i], now, err);
	free(cards);
	return rc;
}
