/* SPDX-License-Identifier: MIT */
/* Names: what name_normal() refuses, which names have one skeleton, and
 * how the characters that differ are said. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/name.h"

static void test_invisible_refused(void **state)
{
	static const char *const refused[] = {
		"anna\u034F", "anna\uFE0F", "anna\u180B", "anna\u3164",
		"anna\u115F", "an\u1160na", "anna\uFFA0", "an\u00ADna",
	};
	(void)state;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char *err = NULL, *n = name_normal(refused[i], &err);
		assert_null(n);
		assert_non_null(strstr(err, "U+"));
		free(err);
	}
}

/* Whether a and b have one skeleton of either kind. */
static int one(const char *a, const char *b)
{
	int same = 0;
	for (int folded = 0; folded < 2; folded++) {
		char *ka = name_skeleton(a, folded, NULL), *kb = name_skeleton(b, folded, NULL);
		assert_non_null(ka);
		assert_non_null(kb);
		same |= strcmp(ka, kb) == 0;
		free(ka);
		free(kb);
	}
	return same;
}

static void test_skeleton(void **state)
{
	(void)state;
	assert_true(one("anna", "\u0251nna"));
	assert_true(one("olga", "\u0585lga"));
	assert_true(one("anna", "\u13AAnna"));
	assert_true(one("anna", "\u0430nna"));
	assert_true(one("anna", "ANNA"));
	assert_true(one("Ivan", "lvan"));
	assert_true(one("IVAN", "ivan"));
	assert_true(one("rnary", "mary"));
	assert_true(one("Мария", "M\u0430рия"));
	/* What UTS #39 leaves out of a skeleton, as names held before may. */
	assert_true(one("anna", "anna\u034F"));
	assert_true(one("anna", "anna\u3164"));
	assert_false(one("anna", "anne"));
	assert_false(one("Anna", "Анна"));
	assert_false(one("Olga", "Ольга"));
	assert_false(one("ivan", "lvan"));
}

static void test_differences(void **state)
{
	static const struct {
		const char *a, *b, *said;
	} cases[] = {
		{"\u0251nna", "anna", "\u0251 (U+0251) looks like a (U+0061)"},
		{"Anna", "anna", "A (U+0041) is a (U+0061) in another case"},
		{"lvan", "Ivan", "l (U+006C) looks like I (U+0049)"},
		{"mary", "rnary", "m (U+006D) looks like rn (U+0072 U+006E)"},
		{"anna", "anna\u034F", "\u034F (U+034F) shows nothing"},
		{"\u13AAnn\u0251", "anna",
		 "\u13AA (U+13AA) looks like a (U+0061), \u0251 (U+0251) looks like a (U+0061)"},
		/* The same pair said once; at most three, then "...". */
		{"ANNA", "anna",
		 "A (U+0041) is a (U+0061) in another case, N (U+004E) is n (U+006E) in "
		 "another case"},
		{"ABCDE", "abcde",
		 "A (U+0041) is a (U+0061) in another case, B (U+0042) is b (U+0062) in "
		 "another case, C (U+0043) is c (U+0063) in another case, ..."},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *said = name_differences(cases[i].a, cases[i].b);
		assert_non_null(said);
		assert_string_equal(said, cases[i].said);
		free(said);
	}
	assert_null(name_differences("anna", "anne"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invisible_refused),
		cmocka_unit_test(test_skeleton),
		cmocka_unit_test(test_differences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
