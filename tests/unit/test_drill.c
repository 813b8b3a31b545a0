/* SPDX-License-Identifier: MIT */
/* The study screen (drill.c) on the shipped pack and a real SQLite file,
 * with no terminal: how a card reads at 60 and 80 columns, what a wrong
 * pick is worth, and what the summary says once the session is over. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "scratch.h"
#include "selfgrade/xalloc.h"
#include "tui/model.h"
#include "tui/screen_data.h"

static char *dir;
static struct pack *pack;

#define T0 ((int64_t)1795000000) /* 2026-11-18 11:06:40 UTC */
static int64_t fake_now;
static int64_t fake_clock(void)
{
	return fake_now;
}

struct fixture {
	struct store *store;
	struct ui ui;
};

static int group_setup(void **state)
{
	(void)state;
	/* Local times below are UTC's. */
	setenv("TZ", "UTC", 1);
	tzset();
	if (!setlocale(LC_CTYPE, "C.UTF-8") || !(dir = scratch_make("drill")))
		return -1;
	pack = test_pack("checklists/multi-database");
	return pack ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	pack_free(pack);
	return scratch_remove(dir);
}

static int setup(void **state)
{
	static int n;
	struct fixture *f = xcalloc(1, sizeof *f);
	char *err = NULL, *path = xasprintf("%s/p%d.db", dir, n++);
	int64_t id;

	if (store_open(path, &f->store, &err) ||
	    store_learner_add(f->store, "alice", "t0", &err) ||
	    store_learner_find(f->store, "alice", &id, &err) ||
	    ui_open(&f->ui, ui_screens, pack, f->store, "alice", id, &err))
		return -1;
	free(path);
	fake_now = T0;
	f->ui.clock = fake_clock;
	ui_study_load(&f->ui);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ui_close(&f->ui);
	store_close(f->store);
	free(f);
	return 0;
}

/* The study screen's text at width (the caller frees it). */
static struct tdoc doc(struct ui *ui, int width)
{
	struct tdoc d = {0};
	ui_study_doc(ui, width, &d);
	return d;
}

static bool has(const struct tdoc *d, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].s, what))
			return true;
	return false;
}

static bool doc_has(struct ui *ui, const char *what)
{
	struct tdoc d = doc(ui, 80);
	bool yes = has(&d, what);
	tdoc_free(&d);
	return yes;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words of d outside code and tables, sorted, each followed by a
 * space: a word cut by the wrapping shows as two. (Tables wrap inside
 * their columns, with rules between rows: text.c's own tests.) */
static char *words(const struct tdoc *d)
{
	char **v = NULL, *out;
	size_t n = 0, cap = 0, len = 1;

	for (size_t i = 0; i < d->n; i++) {
		const struct tline *l = &d->v[i];
		if (strstr(l->s, "│") || strstr(l->s, "─"))
			continue;
		for (size_t k = 0; k < l->len;) {
			size_t e = k;
			if (l->s[k] == ' ' || l->st[k] & TS_CODE) {
				k++;
				continue;
			}
			while (e < l->len && l->s[e] != ' ' &&
			       !(l->st[e] & TS_CODE))
				e++;
			xgrow(&v, &cap, n + 1, sizeof *v);
			v[n++] = xstrndup(l->s + k, e - k);
			len += e - k + 1;
			k = e;
		}
	}
	qsort(v, n, sizeof *v, by_str);
	out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strcat(out, v[i]);
		strcat(out, " ");
		free(v[i]);
	}
	free(v);
	return out;
}

/* Shows deck card i as the session's current card, its answer too. */
static void show(struct ui *ui, size_t i, bool revealed)
{
	ui_study_state(ui)->queue[ui_study_state(ui)->at] = i;
	ui_study_state(ui)->revealed = revealed;
	ui_study_state(ui)->picked = -1;
}

/* Every card, question and answer, at 60 and 80 columns: lines break
 * between words as they would on a screen wide enough for none to
 * break, no markup shows, and bullets' next lines hang under their text. */
static void test_cards_wrap_at_words(void **state)
{
	struct fixture *f = *state;
	static const int widths[] = {60, 80};

	ui_study_do(&f->ui, A_TOGGLE);
	assert_true(ui_study_state(&f->ui)->active);
	for (size_t i = 0; i < ui_study_state(&f->ui)->deck.n; i++) {
		show(&f->ui, i, true);
		struct tdoc wide = doc(&f->ui, 4000);
		char *want = words(&wide);
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
			struct tdoc d = doc(&f->ui, widths[w]);
			char *got = words(&d);
			if (strcmp(got, want) != 0)
				fail_msg(
				    "card %s at %d columns:\n%s\nwanted\n%s",
				    ui_study_state(&f->ui)->deck.v[i].id, widths[w], got,
				    want);
			for (size_t k = 0; k < d.n; k++) {
				assert_int_equal(strchr(d.v[k].s, '`'), NULL);
				assert_int_equal(strstr(d.v[k].s, "**"), NULL);
				assert_true(d.v[k].width <= widths[w]);
				/* a bullet's continuation starts under its text
				 */
				if (k && strncmp(d.v[k - 1].s, "• ", 4) == 0 &&
				    d.v[k].len && d.v[k].s[0] != ' ' &&
				    strncmp(d.v[k].s, "• ", 4) != 0)
					fail_msg(
					    "card %s at %d: '%s' after '%s'",
					    ui_study_state(&f->ui)->deck.v[i].id, widths[w],
					    d.v[k].s, d.v[k - 1].s);
			}
			free(got);
			tdoc_free(&d);
		}
		free(want);
		tdoc_free(&wide);
	}
}

/* The first symptom of mistake 7 is longer than 60 columns: its second
 * line hangs under the first's text, as in the Mistakes details. */
static void test_symptoms_hang(void **state)
{
	struct fixture *f = *state;
	const struct study_card *c =
	    study_deck_find(&ui_study_state(&f->ui)->deck, "m7.symptoms");
	bool seen = false;

	ui_study_do(&f->ui, A_TOGGLE);
	show(&f->ui, (size_t)(c - ui_study_state(&f->ui)->deck.v), false);
	struct tdoc d = doc(&f->ui, 60);
	for (size_t k = 1; k < d.n; k++)
		if (strstr(d.v[k - 1].s, "• Коннектор падает")) {
			assert_true(strncmp(d.v[k].s, "  ", 2) == 0);
			assert_true(d.v[k].s[2] != ' ');
			seen = true;
		}
	assert_true(seen);
	tdoc_free(&d);
}

/* The fix card's answer is the Mistakes screen's Fix: its prose wrapped
 * at words, the code block as code, "Prevention:" its own paragraph. */
static void test_fix_as_in_details(void **state)
{
	struct fixture *f = *state;
	const struct study_card *c =
	    study_deck_find(&ui_study_state(&f->ui)->deck, "m7.fix");

	ui_study_do(&f->ui, A_TOGGLE);
	show(&f->ui, (size_t)(c - ui_study_state(&f->ui)->deck.v), true);
	struct tdoc d = doc(&f->ui, 80);
	bool code = false, prevention = false;
	for (size_t k = 0; k < d.n; k++) {
		if (strstr(d.v[k].s, "schema-changes.mysql-connector-1"))
			code = d.v[k].st[d.v[k].len - 2] & TS_CODE;
		if (strstr(d.v[k].s, "Prevention: "))
			prevention =
			    !(d.v[k].st[strstr(d.v[k].s, "Prevention") -
			                d.v[k].s + 1] &
			      TS_CODE);
	}
	assert_true(code);
	assert_true(prevention);
	tdoc_free(&d);
}

/* A table card with n_choices shown, one not answered yet in the
 * session. */
static const struct study_card *table_card(struct ui *ui, size_t n_choices)
{
	for (size_t i = 0; i < ui_study_state(ui)->deck.n; i++)
		if (ui_study_state(ui)->deck.v[i].n_choices == n_choices &&
		    !ui_study_state(ui)->answered[i]) {
			show(ui, i, false);
			return &ui_study_state(ui)->deck.v[i];
		}
	return NULL;
}

/* The letters offered are those of the card's choices. */
static void test_pick_letters(void **state)
{
	struct fixture *f = *state;

	ui_study_do(&f->ui, A_TOGGLE);
	assert_non_null(table_card(&f->ui, 3));
	assert_true(doc_has(&f->ui, "pick a-c"));
	assert_false(doc_has(&f->ui, "a-d"));
	assert_non_null(table_card(&f->ui, 2));
	assert_true(doc_has(&f->ui, "pick a-b"));
	assert_int_equal(ui_study_do(&f->ui, A_CHOICE_1 + 2), 0);
	assert_false(ui_study_state(&f->ui)->revealed);
	assert_non_null(table_card(&f->ui, 4));
	assert_true(doc_has(&f->ui, "pick a-d"));
}

/* A wrong pick graded "easy" is stored as "hard" and is not right on
 * the first try; a right pick keeps its grade. */
static void test_wrong_pick_is_hard_at_best(void **state)
{
	struct fixture *f = *state;
	const struct study_card *c;
	struct store_study *v;
	struct study_session *ss;
	struct study_state want;
	size_t n, wrong = 0;
	char *err = NULL;

	ui_study_do(&f->ui, A_TOGGLE);
	c = table_card(&f->ui, 3);
	while (strcmp(c->choices[wrong], c->answer) == 0)
		wrong++;
	ui_study_do(&f->ui, (enum ui_action)(A_CHOICE_1 + wrong));
	assert_true(ui_study_state(&f->ui)->revealed);
	assert_true(doc_has(&f->ui, "Not that one"));
	assert_true(doc_has(&f->ui, "at best"));
	ui_study_do(&f->ui, A_SCREEN_1 + 3); /* easy */
	assert_int_equal(ui_study_state(&f->ui)->first_right, 0);
	assert_int_equal(ui_study_state(&f->ui)->seen, 1);
	assert_int_equal(
	    store_study_states(f->store, f->ui.learner_id, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].card_id, c->id);
	study_answer(NULL, GRADE_HARD, T0, &want);
	assert_true(v[0].state.due == want.due);
	assert_true(v[0].state.ease == want.ease);
	store_study_free(v, n);
	assert_int_equal(
	    store_sessions(f->store, f->ui.learner_id, &ss, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ss[0].cards, 1);
	assert_int_equal(ss[0].first_try, 0);
	store_sessions_free(ss, n);
	/* the right pick, next */
	c = table_card(&f->ui, 3);
	for (size_t k = 0; k < c->n_choices; k++)
		if (strcmp(c->choices[k], c->answer) == 0)
			ui_study_do(&f->ui, (enum ui_action)(A_CHOICE_1 + k));
	assert_true(doc_has(&f->ui, "Right."));
	ui_study_do(&f->ui, A_SCREEN_1 + 3);
	assert_int_equal(ui_study_state(&f->ui)->first_right, 1);
}

/* The time of a session stops when it ends: the summary drawn again
 * later (a resize) says the same. */
static void test_time_frozen(void **state)
{
	struct fixture *f = *state;

	ui_study_do(&f->ui, A_TOGGLE);
	fake_now += 20;
	ui_study_do(&f->ui, A_TOGGLE);
	ui_study_do(&f->ui, A_SCREEN_1 + 2);
	ui_study_do(&f->ui, A_CANCEL);
	assert_true(ui_study_state(&f->ui)->done);
	assert_true(doc_has(&f->ui, "Time: 0 min 20 s"));
	fake_now += 29;
	assert_true(doc_has(&f->ui, "Time: 0 min 20 s"));
	fake_now += 3600;
	assert_true(doc_has(&f->ui, "Time: 0 min 20 s"));
}

/* While cards are due now, no later "next card due" above the count;
 * with none due, the next one's time, local, and the day's new cards
 * counted (they come at the next UTC day). */
static void test_next_due_agrees(void **state)
{
	struct fixture *f = *state;

	ui_study_do(&f->ui, A_TOGGLE);
	ui_study_do(&f->ui, A_TOGGLE);
	ui_study_do(&f->ui, A_SCREEN_1 + 2);
	ui_study_do(&f->ui, A_CANCEL);
	assert_true(doc_has(&f->ui, "9 cards due now"));
	assert_false(doc_has(&f->ui, "Next card due"));
	/* every new card of the day answered: nothing due until midnight */
	ui_study_do(&f->ui, A_TOGGLE);
	while (ui_study_state(&f->ui)->active) {
		ui_study_do(&f->ui, A_TOGGLE);
		ui_study_do(&f->ui, A_SCREEN_1 + 2);
	}
	assert_true(doc_has(&f->ui, "0 cards due now"));
	assert_true(doc_has(&f->ui, "Next card due: 2026-11-19 00:00"));
	assert_false(doc_has(&f->ui, "UTC"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_cards_wrap_at_words, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_symptoms_hang, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_fix_as_in_details, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pick_letters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_pick_is_hard_at_best,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_time_frozen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_next_due_agrees, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
