/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/utf8.h"

static void test_valid(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		size_t bad;
	} cases[] = {
		{"", true, 0},
		{"ascii", true, 0},
		{"Проверка 日本", true, 0},
		{"a\xff", false, 1},
		{"\xc0\xaf", false, 0},		/* overlong '/' */
		{"ab\xed\xa0\x80", false, 2},	/* surrogate */
		{"\xf4\x90\x80\x80", false, 0}, /* past U+10FFFF */
		{"\xd0", false, 0},		/* truncated */
		{"ok\xe2\x82", false, 2},
		/* Past runs of ASCII read eight bytes at a time. */
		{"0123456789abcdef\xff", false, 16},
		{"0123456789abcdefg\xc0\xaf", false, 17},
		{"abcdefgh\xd0\x9f" "01234567\x80", false, 18},
		{"abcdefghijklmnopqrstuvwxyzПроверка", true, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t bad = 99;
		bool ok = utf8_valid(cases[i].s, strlen(cases[i].s), &bad);
		assert_int_equal(ok, cases[i].ok);
		if (!ok)
			assert_int_equal(bad, cases[i].bad);
	}
}

/* The controls a text of the pack may not hold, found past the
 * characters skipped without decoding. */
static void test_has_controls(void **state)
{
	static const struct {
		const char *s;
		bool has;
	} cases[] = {
		{"plain text, Проверка, 日本, \xf0\x9f\x98\x80", false},
		{"tab\tand\nnewline", false},
		{"bell\a", true},
		{"del\x7f", true},
		{"next line \xc2\x85", true},	   /* U+0085, a C1 control */
		{"nbsp \xc2\xa0 is fine", false},   /* U+00A0 */
		{"override \xe2\x80\xae", true},   /* U+202E */
		{"isolate \xe2\x81\xa6", true},    /* U+2066 */
		{"dash \xe2\x80\x94 is fine", false}, /* U+2014 */
		{"cr\r", true},
		{"broken \xff\xc3", false},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(utf8_has_controls(cases[i].s, strlen(cases[i].s), "\t\n"),
				 cases[i].has);
	assert_true(utf8_has_controls("a\0b", 3, "\t\n"));
}

/* Search folds case, and ё into е, the way Russian readers type. */
static void test_casefind(void **state)
{
	size_t len;
	const char *hay = "Ещё одна ЁЛКА и Schema";
	(void)state;

	assert_ptr_equal(utf8_casefind(hay, "еще", &len), hay);
	assert_non_null(utf8_casefind(hay, "елка", &len));
	assert_int_equal(len, strlen("ЁЛКА"));
	assert_non_null(utf8_casefind(hay, "SCHEMA", &len));
	assert_null(utf8_casefind(hay, "ели", &len));
}

static void test_line_col(void **state)
{
	const char *s = "ab\nПри\xff\r\nx\ry";
	int line, col;
	(void)state;
	utf8_line_col(s, strlen(s), 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	/* the 0xff after three Cyrillic letters (six bytes): column 4 */
	utf8_line_col(s, strlen(s), 9, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 4);
	/* CRLF counts once, a lone CR too */
	utf8_line_col(s, strlen(s), strlen(s) - 1, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
}

static void test_escape(void **state)
{
	char *e;
	(void)state;
	e = utf8_escape("X\x1b]0;PWNED\a\x1b[2J", 15, "", 0);
	assert_string_equal(e, "X\\x1b]0;PWNED\\x07\\x1b[2J");
	free(e);
	/* C1 as its code point, a bad byte as itself, tab kept when asked */
	e = utf8_escape("a\xc2\x9b" "b\xff\tя", 8, "\t", 0);
	assert_string_equal(e, "a\\x9bb\\xff\tя");
	free(e);
	e = utf8_escape("abcdef", 6, "", 3);
	assert_string_equal(e, "abc...");
	free(e);
	/* Bidirectional overrides and isolates (which reorder what a
	 * terminal or a page shows) as their code points; the marks and the
	 * letters around them kept. */
	e = utf8_escape("mysql\xe2\x80\xaelive\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8f", 22, "", 0);
	assert_string_equal(e, "mysql\\u202elive\\u2066x\\u2069\xe2\x80\x8f");
	free(e);
	assert_int_equal(utf8_clean("ab\xe2\x80\xaa", 5, ""), 2);
	assert_int_equal(utf8_clean("ab\xe2\x80\x94", 5, ""), 5);
}

static void test_refused(void **state)
{
	unsigned cp;
	const char *why;
	(void)state;
	assert_int_equal(utf8_refused("Анна O'Neil", strlen("Анна O'Neil"), "", &cp, &why),
			 (size_t)-1);
	assert_int_equal(utf8_refused("ab\xe2\x80\x8b", 5, "", &cp, &why), 2);
	assert_int_equal(cp, 0x200B);
	assert_int_equal(utf8_refused("a\nb", 3, "\n", &cp, &why), (size_t)-1);
	assert_int_equal(utf8_refused("a\nb", 3, "", &cp, &why), 1);
	assert_int_equal(utf8_refused("\xe2\x80\xa9", 3, "", &cp, &why), 0);
	assert_int_equal(cp, 0x2029);
}

/* A zero-width joiner between two emoji is part of one; anywhere else it
 * is refused where it stands. */
static void test_refused_joiner(void **state)
{
	static const struct {
		const char *s;
		size_t at;
	} cases[] = {
		{"\U0001F468\u200D\U0001F469\u200D\U0001F467", (size_t)-1}, /* family */
		{"\U0001F3F3\uFE0F\u200D\U0001F308", (size_t)-1},	    /* rainbow flag */
		{"\U0001F469\U0001F3FD\u200D\U0001F4BB", (size_t)-1},	    /* skin tone */
		{"\u2764\uFE0F\u200D\U0001F525", (size_t)-1},		    /* heart on fire */
		{"a\u200Db", 1},
		{"\u200D\U0001F468", 0},
		{"\U0001F468\u200D", 4},
		{"\U0001F468\u200Db", 4},
		{"a\u200D\U0001F468", 1},
		{"\uFE0F\u200D\U0001F468", 3}, /* a selector with no emoji before */
	};
	unsigned cp;
	const char *why;
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t at = utf8_refused(cases[i].s, strlen(cases[i].s), "", &cp, &why);
		assert_int_equal(at, cases[i].at);
		if (at != (size_t)-1)
			assert_int_equal(cp, 0x200D);
	}
}

static void test_escape_foreign(void **state)
{
	char *e;
	(void)state;
	/* controls as utf8_escape() writes them, format characters (what
	 * note and learner names refuse) as their code points */
	e = utf8_escape_foreign("\x1b]0;PWNED\a\x1b[2Jmysql\u202eevil", 26);
	assert_string_equal(e, "\\x1b]0;PWNED\\x07\\x1b[2Jmysql\\u202eevil");
	free(e);
	e = utf8_escape_foreign("a\u200bb\u00adc\U000e0041d\u2028\xff", 17);
	assert_string_equal(e, "a\\u200bb\\u00adc\\U000e0041d\\u2028\\xff");
	free(e);
	e = utf8_escape_foreign("Анна\tO'Neil", strlen("Анна\tO'Neil"));
	assert_string_equal(e, "Анна\\x09O'Neil");
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_has_controls),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_refused_joiner),
		cmocka_unit_test(test_escape_foreign),
		cmocka_unit_test(test_line_col),
		cmocka_unit_test(test_casefind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
