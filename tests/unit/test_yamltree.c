/* SPDX-License-Identifier: MIT */
/* The YAML layer's limits: each must fail fast with a precise position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/xalloc.h"
#include "content/yamltree.h"

/* Parses text; expects failure with exactly one problem, returned. */
static struct diag parse_fail(const char *text, size_t len)
{
	struct diag_list d = {0};
	struct ydoc *doc = ydoc_parse("f.yaml", text, len, &d);
	struct diag out;

	assert_null(doc);
	assert_int_equal(diag_count(&d), 1);
	out.file = NULL;
	out.line = d.v[0].line;
	out.col = d.v[0].col;
	out.msg = xstrdup(d.v[0].msg);
	diag_list_free(&d);
	return out;
}

static void expect_fail(const char *text, int line, int col, const char *msg)
{
	struct diag g = parse_fail(text, strlen(text));
	if (strstr(g.msg, msg) == NULL)
		fail_msg("message '%s' lacks '%s'", g.msg, msg);
	assert_int_equal(g.line, line);
	assert_int_equal(g.col, col);
	free(g.msg);
}

static void test_tree_shape(void **state)
{
	struct diag_list d = {0};
	const char *text = "a: &x [1, 'два']\nb: *x\n";
	struct ydoc *doc = ydoc_parse("f.yaml", text, strlen(text), &d);
	(void)state;
	assert_non_null(doc);
	assert_int_equal(doc->root->type, YN_MAP);
	assert_int_equal(doc->root->n, 4);
	/* the alias is the anchored node itself, not a copy */
	assert_ptr_equal(doc->root->kids[1], doc->root->kids[3]);
	assert_true(doc->root->kids[1]->kids[0]->plain);
	assert_false(doc->root->kids[1]->kids[1]->plain);
	assert_string_equal(doc->root->kids[1]->kids[1]->value, "два");
	ydoc_free(doc);
	diag_list_free(&d);
}

static void test_columns_are_characters(void **state)
{
	(void)state;
	/* "ключ: " is 6 characters but 10 bytes: the error is at column 7 */
	expect_fail("ключ: [a, b\n", 1, 7, "did not find expected");
	expect_fail("ключ: значение: x\n", 1, 15, "mapping values are not allowed");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	expect_fail("a: 1\nтекст: \xff\n", 2, 8, "invalid UTF-8 (byte 0xFF)");
}

static void test_control_character(void **state)
{
	const char text[] = "a: b\nc: d\x01\n";
	(void)state;
	expect_fail(text, 2, 5, "control characters are not allowed");
}

static void test_depth_limit(void **state)
{
	char *text = xmalloc(2 * 1000 + 1);
	(void)state;
	memset(text, '[', 1000);
	memset(text + 1000, ']', 1000);
	text[2000] = '\0';
	expect_fail(text, 1, YAML_MAX_DEPTH + 1, "nesting deeper than 64");
	free(text);
}

static void test_alias_bomb_fails_fast(void **state)
{
	/* Ten levels of ten aliases each: 10^10 nodes if expanded. */
	char text[4096];
	size_t n = 0;
	(void)state;
	n += (size_t)snprintf(text + n, sizeof text - n, "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++) {
		n += (size_t)snprintf(text + n, sizeof text - n, "l%d: &l%d [", i, i);
		for (int k = 0; k < 10; k++)
			n += (size_t)snprintf(text + n, sizeof text - n, "%s*l%d", k ? ", " : "", i - 1);
		n += (size_t)snprintf(text + n, sizeof text - n, "]\n");
	}
	struct diag g = parse_fail(text, n);
	assert_non_null(strstr(g.msg, "alias bomb"));
	/* It stops at the alias that crosses the limit, in l5 of l0-l9:
	 * nothing was expanded, so it cannot be slow. */
	assert_int_equal(g.line, 6);
	free(g.msg);
}

static void test_aliases(void **state)
{
	(void)state;
	expect_fail("a: *nope\n", 1, 4, "alias '*nope' names no anchor");
	expect_fail("a: &x [1, *x]\n", 1, 11, "refers to a node that contains it");
}

static void test_scalar_limit(void **state)
{
	size_t big = YAML_MAX_SCALAR + 10;
	char *text = xmalloc(big + 8);
	(void)state;
	memcpy(text, "a: \n  ", 6);
	memset(text + 6, 'x', big);
	text[6 + big] = '\0';
	expect_fail(text, 2, 3, "scalar of 65546 bytes is over the limit");
	free(text);
}

static void test_one_document(void **state)
{
	(void)state;
	expect_fail("a: 1\n---\nb: 2\n", 2, 1, "holds one YAML document");
}

static void test_empty_is_no_root(void **state)
{
	struct diag_list d = {0};
	struct ydoc *doc = ydoc_parse("f.yaml", "# nothing\n", 10, &d);
	(void)state;
	assert_non_null(doc);
	assert_null(doc->root);
	ydoc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_shape),
		cmocka_unit_test(test_columns_are_characters),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_control_character),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_alias_bomb_fails_fast),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_scalar_limit),
		cmocka_unit_test(test_one_document),
		cmocka_unit_test(test_empty_is_no_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
