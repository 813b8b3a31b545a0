/* SPDX-License-Identifier: MIT */
/* Study mode: the cards the shipped pack yields, and every rule of the
 * schedule with an injected clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "selfgrade/study.h"

#define T0 ((int64_t)1795000000) /* a fixed moment, 2026-11-18 UTC */
#define DAY STUDY_DAY

static struct pack *load(void)
{
	struct diag_list d = {0};
	struct pack *p = pack_load(SG_SOURCE_DIR "/checklists/multi-database", &d);
	diag_list_free(&d);
	assert_non_null(p);
	return p;
}

static size_t count_kind(const struct study_deck *d, enum study_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].kind == k;
	return n;
}

static void test_cards_from_the_pack(void **state)
{
	struct pack *p = load(), *again;
	struct study_deck d, d2;
	size_t rows = 0, rules = 0, hints = 0;
	(void)state;

	study_deck_build(p, &d);
	for (size_t t = 0; t < p->n_tables; t++)
		rows += p->tables[t].n_rows * (p->tables[t].columns.n - 1);
	for (size_t i = 0; i < p->n_index; i++)
		if (p->index[i].kind == PACK_ITEM) {
			rules += p->index[i].u.item->critical && p->index[i].u.item->rule;
			hints += p->index[i].u.item->verify != NULL;
		}
	assert_int_equal(count_kind(&d, CARD_SYMPTOMS), p->n_mistakes);
	assert_int_equal(count_kind(&d, CARD_FIX), p->n_mistakes);
	assert_int_equal(count_kind(&d, CARD_TAKEAWAY), p->n_takeaways);
	assert_int_equal(count_kind(&d, CARD_TABLE), rows);
	assert_int_equal(count_kind(&d, CARD_RULE), rules);
	assert_true(rules >= 1);
	assert_int_equal(count_kind(&d, CARD_VERIFY), hints);
	/* every id unique */
	for (size_t i = 0; i < d.n; i++)
		for (size_t j = i + 1; j < d.n; j++)
			assert_string_not_equal(d.v[i].id, d.v[j].id);
	/* the seed's example: MySQL's answer to a lost position */
	bool found = false;
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].kind == CARD_TABLE &&
		    strstr(d.v[i].prompt, "Position loss — MySQL")) {
			assert_string_equal(d.v[i].answer,
					    "Backup schema history + resnapshot");
			assert_int_equal(d.v[i].n_choices, 3);
			found = true;
		}
	assert_true(found);
	const struct study_card *c = study_deck_find(&d, "m7.symptoms");
	assert_non_null(c);
	assert_non_null(strstr(c->prompt, "schema mismatch"));
	assert_string_equal(c->answer, "7. Shared Schema History Topic (Multi-Database)");
	c = study_deck_find(&d, "s8.mysql-connector.schema-history-topic.rule");
	assert_non_null(c);
	assert_string_equal(c->answer, "Никогда не используйте общий topic между MySQL коннекторами");
	c = study_deck_find(&d, "k12.takeaway");
	assert_string_equal(c->prompt, "Schema history topic sharing");
	/* the same pack loaded again: the same ids, in the same order */
	again = load();
	study_deck_build(again, &d2);
	assert_int_equal(d.n, d2.n);
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.v[i].id, d2.v[i].id);
	study_deck_free(&d);
	study_deck_free(&d2);
	pack_free(p);
	pack_free(again);
}

static void test_intervals_grow_by_ease(void **state)
{
	struct study_state s;
	(void)state;
	study_answer(NULL, GRADE_GOOD, T0, &s);
	assert_true(s.interval_days == 1);
	assert_true(s.due == T0 + DAY);
	assert_true(s.introduced == T0);
	study_answer(&s, GRADE_GOOD, T0 + DAY, &s);
	assert_true(s.interval_days == 6);
	study_answer(&s, GRADE_GOOD, T0 + 7 * DAY, &s);
	assert_true(s.interval_days == 15); /* round(6 × 2.5) */
	assert_true(s.due == T0 + 22 * DAY);
	assert_int_equal(s.reps, 3);
	assert_true(s.ease == STUDY_EASE_START);
	/* hard: a little longer, and harder from now on */
	study_answer(&s, GRADE_HARD, T0 + 22 * DAY, &s);
	assert_true(s.interval_days == 18);
	assert_true(s.ease < STUDY_EASE_START);
	/* easy: longer than good would be, ease up */
	struct study_state e;
	study_answer(NULL, GRADE_EASY, T0, &e);
	assert_true(e.interval_days == 4);
	assert_true(e.ease > STUDY_EASE_START);
}

static void test_ease_bounds(void **state)
{
	struct study_state s;
	int64_t t = T0;
	(void)state;
	study_answer(NULL, GRADE_GOOD, t, &s);
	for (int i = 0; i < 30; i++) {
		t += 2 * DAY;
		study_answer(&s, GRADE_AGAIN, t, &s);
	}
	assert_true(s.ease == STUDY_EASE_MIN);
	for (int i = 0; i < 30; i++) {
		t += 400 * DAY;
		study_answer(&s, GRADE_EASY, t, &s);
	}
	assert_true(s.ease == STUDY_EASE_MAX);
	assert_true(s.interval_days == STUDY_MAX_DAYS);
	assert_true(s.due == t + (int64_t)STUDY_MAX_DAYS * DAY);
}

static void test_lapses_and_the_learning_step(void **state)
{
	struct study_state s;
	(void)state;
	/* failing a new card is not a lapse: it was never learnt */
	study_answer(NULL, GRADE_AGAIN, T0, &s);
	assert_int_equal(s.lapses, 0);
	assert_true(s.due == T0 + STUDY_RELEARN_SECONDS);
	assert_true(s.interval_days == 0);
	study_answer(&s, GRADE_GOOD, T0 + 600, &s);
	assert_true(s.interval_days == 1);
	/* forgotten after being learnt: a lapse, back to the step */
	study_answer(&s, GRADE_AGAIN, T0 + 2 * DAY, &s);
	assert_int_equal(s.lapses, 1);
	assert_int_equal(s.reps, 0);
	assert_true(s.due == T0 + 2 * DAY + STUDY_RELEARN_SECONDS);
	/* and relearnt from the start */
	study_answer(&s, GRADE_GOOD, T0 + 2 * DAY + 600, &s);
	assert_true(s.interval_days == 1);
}

static void test_leech_after_eight_lapses(void **state)
{
	struct study_state s;
	int64_t t = T0;
	(void)state;
	study_answer(NULL, GRADE_GOOD, t, &s);
	for (int i = 1; i <= STUDY_LEECH_LAPSES; i++) {
		assert_false(study_is_leech(&s));
		t += 3 * DAY;
		study_answer(&s, GRADE_AGAIN, t, &s); /* a lapse */
		assert_int_equal(s.lapses, i);
		t += 600;
		study_answer(&s, GRADE_GOOD, t, &s); /* relearnt */
	}
	assert_true(study_is_leech(&s));
	assert_false(study_is_leech(NULL));
}

static void test_twice_in_one_day(void **state)
{
	struct study_state s, again;
	(void)state;
	study_answer(NULL, GRADE_GOOD, T0, &s);
	study_answer(&s, GRADE_GOOD, T0 + DAY, &s); /* 6 days */
	/* asked again an hour later: a pass changes nothing but the time */
	study_answer(&s, GRADE_EASY, T0 + DAY + 3600, &again);
	assert_true(again.interval_days == s.interval_days);
	assert_true(again.due == s.due);
	assert_true(again.ease == s.ease);
	assert_int_equal(again.reps, s.reps);
	assert_true(again.last == T0 + DAY + 3600);
	/* a fail the same day still counts */
	study_answer(&s, GRADE_AGAIN, T0 + DAY + 7200, &again);
	assert_int_equal(again.lapses, 1);
}

static void test_due_and_the_daily_limit(void **state)
{
	struct pack *p = load();
	struct study_deck d;
	struct study_state st[4];
	const struct study_state **states;
	struct study_item *out;
	size_t n;
	(void)state;

	study_deck_build(p, &d);
	states = calloc(d.n, sizeof *states);
	out = calloc(d.n, sizeof *out);
	/* nothing seen yet: the daily limit of new cards */
	n = study_due(&d, states, T0, STUDY_NEW_PER_DAY, out);
	assert_int_equal(n, STUDY_NEW_PER_DAY);
	assert_null(out[0].state);
	assert_ptr_equal(out[0].card, &d.v[0]);
	/* four introduced today, two of them due again (failed): due ones
	 * first, by due time, then new ones up to the limit less four */
	study_answer(NULL, GRADE_AGAIN, T0, &st[0]);
	study_answer(NULL, GRADE_AGAIN, T0 - 60, &st[1]);
	study_answer(NULL, GRADE_GOOD, T0, &st[2]);
	study_answer(NULL, GRADE_GOOD, T0, &st[3]);
	for (int i = 0; i < 4; i++)
		states[i] = &st[i];
	n = study_due(&d, states, T0 + 900, STUDY_NEW_PER_DAY, out);
	assert_int_equal(n, 2 + STUDY_NEW_PER_DAY - 4);
	assert_ptr_equal(out[0].card, &d.v[1]); /* due earlier */
	assert_ptr_equal(out[1].card, &d.v[0]);
	assert_null(out[2].state);
	assert_ptr_equal(out[2].card, &d.v[4]);
	/* the next day: the limit is whole again, and the good ones are due */
	n = study_due(&d, states, T0 + DAY + 1, STUDY_NEW_PER_DAY, out);
	assert_int_equal(n, 4 + STUDY_NEW_PER_DAY);
	free(states);
	free(out);
	study_deck_free(&d);
	pack_free(p);
}

static void test_time_round_trip(void **state)
{
	char iso[32];
	(void)state;
	timefmt_iso(T0, iso);
	assert_int_equal(timefmt_seconds(iso), T0);
	assert_int_equal(timefmt_seconds("2026-11-20T21:55:50.123Z"),
			 timefmt_seconds("2026-11-20T21:55:50.000Z"));
	assert_int_equal(timefmt_seconds("garbage"), -1);
	assert_int_equal(timefmt_seconds(NULL), -1);
}

/* A table card offers at most four choices, the answer always among
 * them, and none when there would be nothing to choose between. */
static void test_choices_hold_the_answer(void **state)
{
	struct pack *p = load();
	struct study_deck d;
	size_t with = 0;
	(void)state;

	study_deck_build(p, &d);
	for (size_t i = 0; i < d.n; i++) {
		const struct study_card *c = &d.v[i];
		bool has = false;
		if (!c->n_choices)
			continue;
		with++;
		assert_true(c->n_choices >= 2);
		assert_true(c->n_choices <= STUDY_MAX_CHOICES);
		for (size_t k = 0; k < c->n_choices; k++) {
			has |= strcmp(c->choices[k], c->answer) == 0;
			for (size_t j = k + 1; j < c->n_choices; j++)
				assert_string_not_equal(c->choices[k], c->choices[j]);
		}
		assert_true(has);
	}
	assert_true(with > 0);
	study_deck_free(&d);
	pack_free(p);
}

/* A wrong pick: the learner did not know it, whatever the grade says. */
static void test_wrong_pick_caps_the_grade(void **state)
{
	(void)state;
	assert_int_equal(study_grade_capped(GRADE_EASY, true), GRADE_HARD);
	assert_int_equal(study_grade_capped(GRADE_GOOD, true), GRADE_HARD);
	assert_int_equal(study_grade_capped(GRADE_HARD, true), GRADE_HARD);
	assert_int_equal(study_grade_capped(GRADE_AGAIN, true), GRADE_AGAIN);
	assert_int_equal(study_grade_capped(GRADE_EASY, false), GRADE_EASY);
	assert_false(study_is_right(GRADE_EASY, true));
	assert_false(study_is_right(GRADE_HARD, true));
	assert_false(study_is_right(GRADE_AGAIN, false));
	assert_true(study_is_right(GRADE_HARD, false));
	assert_true(study_is_right(GRADE_EASY, false));
}

/* When the next card is due agrees with what is due now: now while any
 * card is (new ones within the daily limit included), else the earliest
 * scheduled card or the next day's new cards, whichever comes first. */
static void test_next_due(void **state)
{
	struct pack *p = load();
	struct study_deck d;
	struct study_state *st;
	const struct study_state **states;
	(void)state;

	study_deck_build(p, &d);
	st = calloc(d.n, sizeof *st);
	states = calloc(d.n, sizeof *states);
	/* nothing seen: the new cards are due now */
	assert_int_equal(study_next_due(&d, states, T0, STUDY_NEW_PER_DAY), T0);
	/* today's new cards answered "good": no card is due now; the next
	 * ones are the new cards of the next (UTC) day, before the 1-day
	 * interval of those answered */
	for (int i = 0; i < STUDY_NEW_PER_DAY; i++) {
		study_answer(NULL, GRADE_GOOD, T0, &st[i]);
		states[i] = &st[i];
	}
	int64_t midnight = (T0 / DAY + 1) * DAY;
	assert_int_equal(study_next_due(&d, states, T0 + 60, STUDY_NEW_PER_DAY),
			 midnight);
	/* one failed: due in ten minutes, sooner than midnight */
	study_answer(NULL, GRADE_AGAIN, T0, &st[0]);
	assert_int_equal(study_next_due(&d, states, T0 + 60, STUDY_NEW_PER_DAY),
			 T0 + STUDY_RELEARN_SECONDS);
	/* and once its time has come, it is due now */
	assert_int_equal(study_next_due(&d, states, T0 + STUDY_RELEARN_SECONDS,
					STUDY_NEW_PER_DAY),
			 T0 + STUDY_RELEARN_SECONDS);
	/* every card seen, none new left: the earliest scheduled one */
	for (size_t i = 0; i < d.n; i++) {
		study_answer(NULL, GRADE_GOOD, T0 + (int64_t)i, &st[i]);
		states[i] = &st[i];
	}
	assert_int_equal(study_next_due(&d, states, T0 + 600, STUDY_NEW_PER_DAY),
			 T0 + DAY);
	free(st);
	free(states);
	study_deck_free(&d);
	pack_free(p);
}

/* Due times for a person: local time, in the reports' format. */
static void test_local_time(void **state)
{
	char out[32];
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	timefmt_local_of(T0, out);
	assert_string_equal(out, "2026-11-18 11:06");
	setenv("TZ", "Europe/Moscow", 1);
	tzset();
	timefmt_local_of(T0, out);
	assert_string_equal(out, "2026-11-18 14:06");
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cards_from_the_pack),
		cmocka_unit_test(test_intervals_grow_by_ease),
		cmocka_unit_test(test_ease_bounds),
		cmocka_unit_test(test_lapses_and_the_learning_step),
		cmocka_unit_test(test_leech_after_eight_lapses),
		cmocka_unit_test(test_twice_in_one_day),
		cmocka_unit_test(test_due_and_the_daily_limit),
		cmocka_unit_test(test_time_round_trip),
		cmocka_unit_test(test_choices_hold_the_answer),
		cmocka_unit_test(test_wrong_pick_caps_the_grade),
		cmocka_unit_test(test_next_due),
		cmocka_unit_test(test_local_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
