/* Study mode in the store: each card's schedule, the sessions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "selfgrade/study.h"
#include "selfgrade/xalloc.h"

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
	sqlite3_stmt *st = prep(s, S_STUDY_STATES);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return db_fail(s, err, "cannot read the study schedule");
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_study *c;
		xgrow(v, &cap, *n + 1, sizeof **v);
		c = &(*v)[(*n)++];
		c->card_id = col_dup(st, 0);
		c->state.ease = sqlite3_column_double(st, 1);
		c->state.interval_days = sqlite3_column_double(st, 2);
		c->state.reps = sqlite3_column_int(st, 3);
		c->state.lapses = sqlite3_column_int(st, 4);
		c->state.due = study_time_parse((const char *)sqlite3_column_text(st, 5));
		c->state.introduced = study_time_parse((const char *)sqlite3_column_text(st, 6));
		c->state.last = study_time_parse((const char *)sqlite3_column_text(st, 7));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_study_free(*v, *n);
		*v = NULL;
		*n = 0;
		return db_fail(s, err, "cannot read the study schedule");
	}
	return 0;
}

int store_session_begin(struct store *s, int64_t learner, const char *now,
			int64_t *session, char **err)
{
	sqlite3_stmt *st;

	if (begin(s, err))
		return -1;
	st = prep(s, S_SESSION_BEGIN);
	if (st) {
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	}
	if (step_done(s, st, err, "cannot start a study session"))
		return rollback(s);
	*session = sqlite3_last_insert_rowid(s->db);
	return commit(s, err);
}

int store_study_answer(struct store *s, int64_t learner, int64_t session,
		       const char *card_id, const struct study_state *state,
		       bool first_try_right, const char *now, char **err)
{
	char due[32], intro[32], last[32];
	sqlite3_stmt *st;

	study_time_iso(state->due, due);
	study_time_iso(state->introduced, intro);
	study_time_iso(state->last, last);
	if (begin(s, err))
		return -1;
	st = prep(s, S_STUDY_PUT);
	if (st) {
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, card_id, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, state->ease);
		sqlite3_bind_double(st, 4, state->interval_days);
		sqlite3_bind_int(st, 5, state->reps);
		sqlite3_bind_int(st, 6, state->lapses);
		sqlite3_bind_text(st, 7, due, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, intro, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, last, -1, SQLITE_STATIC);
	}
	if (step_done(s, st, err, "cannot save the answer"))
		return rollback(s);
	if (session) {
		st = prep(s, S_SESSION_COUNT);
		if (st) {
			sqlite3_bind_int64(st, 1, session);
			sqlite3_bind_int(st, 2, first_try_right);
			sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		}
		if (step_done(s, st, err, "cannot save the session"))
			return rollback(s);
	}
	return commit(s, err);
}

int store_sessions(struct store *s, int64_t learner,
		   struct store_session **v, size_t *n, char **err)
{
	sqlite3_stmt *st = prep(s, S_SESSIONS);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return db_fail(s, err, "cannot read the study sessions");
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_session *x;
		xgrow(v, &cap, *n + 1, sizeof **v);
		x = &(*v)[(*n)++];
		x->started_at = col_dup(st, 0);
		x->ended_at = col_dup(st, 1);
		x->cards = sqlite3_column_int(st, 2);
		x->first_try = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_sessions_free(*v, *n);
		*v = NULL;
		*n = 0;
		return db_fail(s, err, "cannot read the study sessions");
	}
	return 0;
}

void store_sessions_free(struct store_session *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].started_at);
		free(v[i].ended_at);
	}
	free(v);
}
