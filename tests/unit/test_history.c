/* SPDX-License-Identifier: MIT */
/* Study history across machines, through real SQLite files and the real
 * interchange format: a learner studies on a laptop, carries the export to
 * a desktop, studies there; the instructor imports both exports and holds
 * one history with the sessions and answers of both, each card scheduled
 * from all its answers in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "selfgrade/report.h"
#include "selfgrade/study.h"
#include "scratch.h"
#include "selfgrade/xalloc.h"

static char *dir;
static struct pack *pack;

static struct store *open_db(const char *name)
{
	struct store *s;
	char *err = NULL, *path = xasprintf("%s/%s", dir, name);

	assert_int_equal(store_open(path, &s, &err), 0);
	free(path);
	return s;
}

static int64_t anna(struct store *s)
{
	int64_t id;
	char *err = NULL;
	assert_int_equal(store_learner_find(s, "anna", &id, &err), 0);
	return id;
}

/* One answer, as the tutor gives it: the schedule worked out from the
 * card's state, then saved with the answer. */
static void answer(struct store *s, int64_t session, const char *card, int grade,
		   int64_t at)
{
	struct store_study *v;
	size_t n;
	const struct study_state *prev = NULL;
	struct study_state next;
	char *err = NULL, now[32];

	assert_int_equal(store_study_states(s, anna(s), &v, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].card_id, card) == 0)
			prev = &v[i].state;
	study_answer(prev, (enum study_grade)grade, at, &next);
	store_now(now);
	assert_int_equal(store_study_answer(s, anna(s), session, card, &next, grade, at,
					    grade >= 2, now, &err),
			 0);
	store_study_free(v, n);
}

static char *export_json(struct store *s)
{
	struct report r;
	char *err = NULL, *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(report_collect(s, pack, (const char *const[]){"anna"}, 1, true,
					&r, &err),
			 0);
	assert_int_equal(report_write(&r, report_format_of("json"), f, &err), 0);
	fclose(f);
	report_free(&r);
	return text;
}

static void import_json(struct store *s, const char *text)
{
	struct report r;
	struct report_check chk;
	struct store_merge *m;
	char *err = NULL, now[32];

	assert_int_equal(report_parse(text, strlen(text), "export.json", pack, &r, &err), 0);
	report_verify(&r, pack, &chk);
	assert_int_equal(chk.n, 0);
	report_check_free(&chk);
	m = report_merge_list(&r);
	store_now(now);
	if (store_merge(s, pack, m, r.n, now, NULL, &err))
		fail_msg("merge: %s", err);
	free(m);
	report_free(&r);
}

static void test_two_machines_one_history(void **state)
{
	struct store *laptop = open_db("laptop.db"), *desktop = open_db("desktop.db");
	struct store *teacher = open_db("teacher.db");
	struct study_session *ses;
	struct study_answer *rev;
	struct store_study *cards;
	size_t n_ses, n_rev, n_cards;
	int64_t session;
	char *err = NULL, *a, *b;
	const int64_t day = 86400, t0 = 1790000000;
	struct study_state want, once;
	(void)state;

	assert_int_equal(store_learner_add(laptop, "anna", "2026-11-01T10:00:00.000Z", &err), 0);
	assert_int_equal(store_session_begin(laptop, anna(laptop), "2026-11-01T10:00:00.000Z",
					     &session, &err),
			 0);
	answer(laptop, session, "m7.fix", 3, t0);
	a = export_json(laptop);
	/* To the desktop: the learner's key (learner export-key, import-key),
	 * their history, and more study. */
	{
		struct store_identity who;
		assert_int_equal(store_identity(laptop, anna(laptop), false, &who, &err), 0);
		assert_int_equal(store_learner_take_key(desktop, who.uid, who.name,
							who.created_at, who.public_key,
							who.secret, who.created_at, &err),
				 0);
		store_identity_clear(&who);
	}
	import_json(desktop, a);
	assert_int_equal(store_session_begin(desktop, anna(desktop), "2026-11-05T10:00:00.000Z",
					     &session, &err),
			 0);
	answer(desktop, session, "m7.fix", 4, t0 + 4 * day);
	answer(desktop, session, "m8.fix", 1, t0 + 4 * day);
	b = export_json(desktop);

	/* The instructor imports both, in either order: one history. */
	import_json(teacher, b);
	import_json(teacher, a);
	assert_int_equal(store_sessions(teacher, anna(teacher), &ses, &n_ses, &err), 0);
	assert_int_equal(n_ses, 2);
	assert_int_equal(ses[0].cards + ses[1].cards, 3);
	assert_int_equal(store_reviews(teacher, anna(teacher), &rev, &n_rev, &err), 0);
	assert_int_equal(n_rev, 3);
	/* m7.fix scheduled from both answers, in time order. */
	study_answer(NULL, GRADE_GOOD, t0, &once);
	study_answer(&once, GRADE_EASY, t0 + 4 * day, &want);
	assert_int_equal(store_study_states(teacher, anna(teacher), &cards, &n_cards, &err), 0);
	for (size_t i = 0; i < n_cards; i++)
		if (strcmp(cards[i].card_id, "m7.fix") == 0) {
			assert_int_equal(cards[i].state.reps, want.reps);
			assert_true(cards[i].state.due == want.due);
		}
	/* The laptop takes the desktop's export: the same history there. */
	import_json(laptop, b);
	store_sessions_free(ses, n_ses);
	assert_int_equal(store_sessions(laptop, anna(laptop), &ses, &n_ses, &err), 0);
	assert_int_equal(n_ses, 2);
	store_sessions_free(ses, n_ses);
	store_reviews_free(rev, n_rev);
	store_study_free(cards, n_cards);
	free(a);
	free(b);
	store_close(laptop);
	store_close(desktop);
	store_close(teacher);
}

static int setup(void **state)
{
	(void)state;
	if (!(dir = scratch_make("history")))
		return -1;
	pack = test_pack("checklists/multi-database");
	return pack ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(pack);
	return scratch_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_machines_one_history),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
