/* SPDX-License-Identifier: MIT */
/* What the reports' own helpers work out, against libc's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_out.h"
#include "report/report_impl.h"

/* timefmt_seconds reads selfgrade's own time shape with date arithmetic,
 * not timegm: every day from 1899 to 2101 (leap years, centuries, the
 * 400th), a day past a short month's end, and the second a day ends. */
static void seconds_agree_with_timegm(void **state)
{
	(void)state;
	for (int y = 1899; y <= 2101; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1,
						.tm_mday = d, .tm_hour = 23,
						.tm_min = 59, .tm_sec = 58};
				char iso[32];
				snprintf(iso, sizeof iso, "%04d-%02d-%02dT23:59:58Z", y, m, d);
				assert_int_equal(timefmt_seconds(iso), (long long)timegm(&tm));
			}
}

/* Out of range or not a time: as timegm normalises, or -1. */
static void seconds_outside_the_shape(void **state)
{
	struct tm tm = {.tm_year = 126, .tm_mon = 12, .tm_mday = 1};

	(void)state;
	assert_int_equal(timefmt_seconds("2026-13-01T00:00:00Z"), (long long)timegm(&tm));
	tm = (struct tm){.tm_year = 126, .tm_mon = 0, .tm_mday = 1, .tm_hour = 24};
	assert_int_equal(timefmt_seconds("2026-01-01T24:00:00Z"), (long long)timegm(&tm));
	assert_int_equal(timefmt_seconds("2026-01-01 00:00"), -1);
	assert_int_equal(timefmt_seconds(NULL), -1);
	assert_int_equal(timefmt_seconds("1970-01-01T00:00:00.000Z"), 0);
}

/* Text that does not parse as a time never comes out of timefmt_local:
 * not the markup of a hostile created_at or at, not a terminal's escape
 * sequences, not a word; a fixed mark instead. */
static void time_never_shows_what_is_not_one(void **state)
{
	static const char *const bad[] = {
		"<img src=x onerror=document.body.id=7>",
		"\x1b]0;PWNED\x07\x1b[2J",
		"yesterday",
		"2026-11-21 <svg onload=alert(1)>",
		"",
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		timefmt_local(bad[i], out);
		assert_string_equal(out, "\xe2\x80\x94");
	}
	timefmt_local(NULL, out);
	assert_string_equal(out, "\xe2\x80\x94");
	/* A time still reads as one. */
	timefmt_local("2026-11-21T22:43:25.960Z", out);
	assert_int_equal(strspn(out, "0123456789-: "), strlen(out));
	assert_int_equal(strlen(out), 16);
}

/* Last activity is the latest time: a value that is not one cannot win
 * by sorting after every time ('<' and 'y' sort after '2'), so it never
 * reaches a report's overview. */
static void last_activity_passes_over_what_is_not_a_time(void **state)
{
	struct prog_event ev[3] = {
		{.at = (char *)"2026-11-21T10:00:00Z"},
		{.at = (char *)"\x1b]0;PWNED\x07\x1b[2J"},
		{.at = (char *)"<svg onload=document.body.id=7>"},
	};
	struct report_learner l = {.created_at = (char *)"<img src=x onerror=document.body.id=7>",
				   .events = ev, .n_events = 3};

	(void)state;
	assert_string_equal(report_last_activity(&l), "2026-11-21T10:00:00Z");
	l.last_at = (char *)"yesterday";
	assert_string_equal(report_last_activity(&l), "2026-11-21T10:00:00Z");
	l.n_events = 0;
	assert_string_equal(report_last_activity(&l), "");
	l.created_at = (char *)"2026-11-20T10:00:00Z";
	assert_string_equal(report_last_activity(&l), "2026-11-20T10:00:00Z");
}

/* One description of a value with every kind json_out has: text that
 * needs escaping and text that does not, null, a large negative number,
 * true, empty and nested lists and objects, members and a value taken
 * from a tree (a real among them). */
static void describe(struct json_out *o, json_t *tree)
{
	json_out_object(o);
	json_out_key(o, "name");
	json_out_str(o, "Анна \"q\" \\ / line\n\ttab");
	json_out_key(o, "none");
	json_out_str(o, NULL);
	json_out_key(o, "n");
	json_out_int(o, -9007199254740993LL);
	json_out_key(o, "yes");
	json_out_bool(o, true);
	json_out_key(o, "empty_list");
	json_out_array(o);
	json_out_end(o);
	json_out_key(o, "empty_map");
	json_out_object(o);
	json_out_end(o);
	json_out_key(o, "list");
	json_out_array(o);
	json_out_int(o, 1);
	json_out_object(o);
	json_out_key(o, "k");
	json_out_null(o);
	json_out_end(o);
	json_out_array(o);
	json_out_end(o);
	json_out_end(o);
	json_out_members(o, tree);
	json_out_key(o, "value");
	json_out_value(o, tree);
	json_out_end(o);
}

static void grow(void *data, const char *buf, size_t size)
{
	char **t = data;
	size_t n = strlen(*t);

	*t = realloc(*t, n + size + 1);
	assert_non_null(*t);
	memcpy(*t + n, buf, size);
	(*t)[n + size] = '\0';
}

/* Written through yajl's generator, a description is the text jansson
 * dumps of the tree the same description builds (JSON_INDENT(1), the
 * layout of an export), byte for byte. */
static void json_out_writes_what_it_builds(void **state)
{
	json_t *tree = json_pack("{s:f,s:{s:[],s:s}}", "real", 0.5, "tree", "a", "b", "x");
	struct json_out o;
	char *text = calloc(1, 1), *dumped;
	yajl_gen g = yajl_gen_alloc(NULL);
	json_t *built;

	(void)state;
	json_out_init(&o, NULL);
	describe(&o, tree);
	built = json_out_tree(&o);
	assert_non_null(built);
	yajl_gen_config(g, yajl_gen_beautify, 1);
	yajl_gen_config(g, yajl_gen_indent_string, " ");
	yajl_gen_config(g, yajl_gen_print_callback, grow, &text);
	json_out_init(&o, g);
	describe(&o, tree);
	assert_false(o.failed);
	if (text[0] && text[strlen(text) - 1] == '\n')
		text[strlen(text) - 1] = '\0'; /* yajl ends the top level so */
	dumped = json_dumps(built, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	assert_string_equal(text, dumped);
	assert_non_null(strstr(text, "\"empty_list\": []"));
	free(dumped);
	free(text);
	yajl_gen_free(g);
	json_decref(built);
	json_decref(tree);
}

/* Nesting past its depth, a value with no key in an object, a close with
 * nothing open: a failure said (no tree), never a crash. */
static void json_out_refuses_misuse(void **state)
{
	struct json_out o;

	(void)state;
	json_out_init(&o, NULL);
	for (int i = 0; i < JSON_OUT_DEPTH + 2; i++)
		json_out_array(&o);
	for (int i = 0; i < JSON_OUT_DEPTH + 2; i++)
		json_out_end(&o);
	assert_null(json_out_tree(&o));
	json_out_init(&o, NULL);
	json_out_object(&o);
	json_out_int(&o, 1);
	json_out_end(&o);
	assert_null(json_out_tree(&o));
	json_out_init(&o, NULL);
	json_out_end(&o);
	assert_null(json_out_tree(&o));
	/* A list with no key in an object, then filled and closed: refused,
	 * and still closed as it was opened. */
	json_out_init(&o, NULL);
	json_out_object(&o);
	json_out_array(&o);
	json_out_int(&o, 1);
	json_out_end(&o);
	json_out_end(&o);
	assert_null(json_out_tree(&o));
	/* Left open: refused. */
	json_out_init(&o, NULL);
	json_out_object(&o);
	json_out_key(&o, "k");
	json_out_array(&o);
	assert_null(json_out_tree(&o));
}

/* The writers' escapers, as out_printf's tests see them: text in [],
 * code in {}. */
static void as_is(struct out *o, const char *s, size_t n)
{
	out_raw_n(o, s, n);
}

static void bracket(struct out *o, const char *s, size_t n)
{
	out_putc(o, '[');
	out_raw_n(o, s, n);
	out_putc(o, ']');
}

static void brace(struct out *o, const char *s, size_t n)
{
	out_putc(o, '{');
	out_raw_n(o, s, n);
	out_putc(o, '}');
}

/* What a writer puts through an out reaches its stream whole and in
 * order: short pieces, a piece up to the buffer's edge, one larger than
 * the buffer, a printf that does not fit what is left, and one larger
 * than the buffer. The same pieces go straight to a second stream. */
static void out_keeps_every_byte(void **state)
{
	char *got = NULL, *want = NULL, *big = malloc(3 * REPORT_BUFFER + 1);
	size_t n_got = 0, n_want = 0;
	FILE *f = open_memstream(&got, &n_got), *w = open_memstream(&want, &n_want);
	struct out *o = out_new(f, as_is, NULL);

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < 3 * REPORT_BUFFER; i++)
		big[i] = (char)('a' + i % 26);
	big[3 * REPORT_BUFFER] = '\0';
	for (int round = 0; round < 3; round++) {
		size_t edge;
		for (int i = 0; i < 5000; i++) {
			out_raw(o, "<li>");
			fputs("<li>", w);
			out_putc(o, (char)('0' + i % 10));
			fputc('0' + i % 10, w);
			out_printf(o, "%d;", i);
			fprintf(w, "%d;", i);
		}
		edge = REPORT_BUFFER - o->n;
		out_raw_n(o, big, edge);
		fwrite(big, 1, edge, w);
		out_putc(o, '|');
		fputc('|', w);
		out_raw_n(o, big, 2 * REPORT_BUFFER + 7);
		fwrite(big, 1, 2 * REPORT_BUFFER + 7, w);
		out_printf(o, "[%.*s]", (int)(REPORT_BUFFER / 2 + round), big);
		fprintf(w, "[%.*s]", (int)(REPORT_BUFFER / 2 + round), big);
		out_printf(o, "(%s)", big);
		fprintf(w, "(%s)", big);
	}
	out_flush(o);
	free(o);
	fclose(f);
	fclose(w);
	assert_int_equal(n_got, n_want);
	assert_memory_equal(got, want, n_want);
	free(want);
	free(got);
	free(big);
}

/* Every %s of out_printf goes through the stream's escaper (its code
 * escaper between the format's backticks); numbers are as printf writes
 * them; out_time writes a time or the mark, never the text. */
static void out_printf_escapes_every_string(void **state)
{
	char *got = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&got, &n);
	struct out *o = out_new(f, bracket, brace);
	char want[512];

	(void)state;
	out_printf(o, "a %s b `%s` c %.3s %d|%5zu|%-3lld|%lu|%x|%c|%.1f|%%", "<x>", "id",
		   "abcdef", -7, (size_t)42, 5LL, 9UL, 255u, 'q', 2.25);
	out_printf(o, "don`t %s ", "<y>");
	out_time(o, "<img src=x onerror=alert(1)>");
	out_lit(o, " ");
	out_time(o, "2026-11-21T22:43:25Z");
	out_flush(o);
	fclose(f);
	snprintf(want, sizeof want,
		 "a [<x>] b `{id}` c [abc] %d|%5zu|%-3lld|%lu|%x|%c|%.1f|%%don[`]t [<y>] ", -7,
		 (size_t)42, 5LL, 9UL, 255u, 'q', 2.25);
	assert_memory_equal(got, want, strlen(want));
	assert_non_null(strstr(got, "\xe2\x80\x94 2026-11-2"));
	assert_null(strchr(got + strlen(want), '<'));
	free(o);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seconds_agree_with_timegm),
		cmocka_unit_test(seconds_outside_the_shape),
		cmocka_unit_test(json_out_writes_what_it_builds),
		cmocka_unit_test(json_out_refuses_misuse),
		cmocka_unit_test(out_keeps_every_byte),
		cmocka_unit_test(time_never_shows_what_is_not_one),
		cmocka_unit_test(last_activity_passes_over_what_is_not_a_time),
		cmocka_unit_test(out_printf_escapes_every_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
