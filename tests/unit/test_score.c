/* SPDX-License-Identifier: MIT */
/* Scoring rules of SPEC §4 on tests/data/good/minimal:
 *   items a (leaves a.b, a.c), d (critical leaf); mistakes m1, m2;
 *   levels top (top.one requires a, m1) above base (base.one attest). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/digest.h"
#include "selfgrade/score.h"
#include "selfgrade/xalloc.h"

static struct pack *pack;

static int setup(void **state)
{
	struct diag_list d = {0};
	(void)state;
	pack = pack_load(SG_SOURCE_DIR "/tests/data/good/minimal", &d);
	diag_list_free(&d);
	return pack ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(pack);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct prog_state *)a)->id,
		      ((const struct prog_state *)b)->id);
}

/* Progress from "id id! id" — a trailing ! marks a stale state (ticked over
 * a text that has changed since). */
static struct progress make(const char *spec)
{
	struct progress pr = {0};
	char *copy = xstrdup(spec), *save = NULL;
	size_t cap = 0;

	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(t);
		bool stale = t[n - 1] == '!';
		if (stale)
			t[n - 1] = '\0';
		const struct pack_entry *e = pack_find(pack, t);
		assert_non_null(e);
		char hash[65];
		progress_text_hash(e, hash);
		xgrow(&pr.states, &cap, pr.n_states + 1, sizeof *pr.states);
		pr.states[pr.n_states++] = (struct prog_state){
			.id = xstrdup(t), .kind = progress_kind_of(e), .done = true,
			.hash = xstrdup(stale ? "0000" : hash),
			.updated_at = xstrdup("2026-01-01T00:00:00.000Z")};
	}
	free(copy);
	if (pr.n_states)
		qsort(pr.states, pr.n_states, sizeof *pr.states, by_id);
	return pr;
}

static void test_levels_table(void **state)
{
	static const struct {
		const char *progress;
		const char *level, *next;
		size_t done;
	} cases[] = {
		{"", "not-yet", "base", 0},
		/* the critical item is required by every level */
		{"base.one", "not-yet", "base", 1},
		{"base.one d", "base", "top", 2},
		{"base.one d a.b", "base", "top", 3},
		{"base.one d a.b a.c m1", "top", NULL, 5},
		{"base.one d a.b a.c m1 m2", "top", NULL, 6},
		/* the top level's criteria without the one below: not yet */
		{"d a.b a.c m1", "not-yet", "base", 4},
		/* a stale state does not count */
		{"base.one d! a.b a.c m1", "not-yet", "base", 4},
		{"base.one d a.b! a.c m1", "base", "top", 4},
		{"base.one! d a.b a.c m1", "not-yet", "base", 4},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct progress pr = make(cases[i].progress);
		struct score *s = score_compute(pack, &pr);
		if (strcmp(score_level_id(s), cases[i].level) != 0)
			fail_msg("'%s': level %s, wanted %s", cases[i].progress,
				 score_level_id(s), cases[i].level);
		if (cases[i].next)
			assert_string_equal(s->next->id, cases[i].next);
		else
			assert_null(s->next);
		assert_int_equal(s->done, cases[i].done);
		assert_int_equal(s->total, 6); /* a.b a.c d m1 m2 base.one */
		score_free(s);
		progress_free(&pr);
	}
}

static void test_explanation(void **state)
{
	struct progress pr = make("base.one a.b!");
	struct score *s = score_compute(pack, &pr);
	const struct score_criterion *top = &s->levels[0].crit[0];
	(void)state;

	/* d is missing, so even base is not met, and it is named */
	assert_null(s->level);
	assert_int_equal(s->n_missing_critical, 1);
	assert_string_equal(s->missing_critical[0], "d");
	/* top.one names the leaves under a, and the mistake, exactly */
	assert_false(top->met);
	assert_int_equal(top->n_missing, 3);
	assert_string_equal(top->missing[0], "a.b");
	assert_true(top->stale[0]);
	assert_string_equal(top->missing[1], "a.c");
	assert_false(top->stale[1]);
	assert_string_equal(top->missing[2], "m1");
	assert_false(top->needs_attestation);
	assert_true(s->levels[1].crit[0].met);
	score_free(s);
	progress_free(&pr);

	pr = make("d");
	s = score_compute(pack, &pr);
	assert_true(s->levels[1].crit[0].needs_attestation);
	assert_int_equal(s->levels[1].crit[0].n_missing, 0);
	score_free(s);
	progress_free(&pr);
}

static void test_derived_parent_state(void **state)
{
	const struct pack_item *a = pack_find(pack, "a")->u.item;
	struct progress pr = make("");
	(void)state;

	assert_int_equal(score_item_state(a, &pr), SS_NOT_DONE);
	progress_free(&pr);
	pr = make("a.b");
	assert_int_equal(score_item_state(a, &pr), SS_PARTIAL);
	progress_free(&pr);
	pr = make("a.b!");
	assert_int_equal(score_item_state(a, &pr), SS_PARTIAL);
	assert_int_equal(score_state_of(pack_find(pack, "a.b"), &pr), SS_STALE);
	progress_free(&pr);
	pr = make("a.b a.c");
	assert_int_equal(score_item_state(a, &pr), SS_DONE);
	progress_free(&pr);
}

static void test_hash_follows_text(void **state)
{
	const struct pack_entry *e = pack_find(pack, "d");
	struct pack_item copy = *e->u.item;
	struct pack_entry changed = *e;
	char h1[65], h2[65], h3[65];
	(void)state;

	/* the loader's hash is the one digest_text() gives */
	progress_text_hash(e, h1);
	digest_text(e, h2);
	assert_string_equal(h1, h2);
	copy.text = "Пункт D, другими словами";
	changed.u.item = &copy;
	digest_text(&changed, h2);
	copy = *e->u.item;
	copy.critical = false;
	changed.u.item = &copy;
	digest_text(&changed, h3);
	assert_string_not_equal(h1, h2);
	assert_string_not_equal(h1, h3);
	assert_int_equal(strlen(h1), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_table),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_derived_parent_state),
		cmocka_unit_test(test_hash_follows_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
