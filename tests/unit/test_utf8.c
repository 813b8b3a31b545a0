/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_line_col),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
