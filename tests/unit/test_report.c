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
#include "selfgrade/timefmt.h"

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
		{.at = (char *)"2026-11-21T10:00:00Z", .field = (char *)"done"},
		{.at = (char *)"\x1b]0;PWNED\x07\x1b[2J", .field = (char *)"done"},
		{.at = (char *)"<svg onload=document.body.id=7>", .field = (char *)"note"},
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

/* Last activity is the learner's own: a review or evidence later than
 * their last tick is not theirs (issue 29). */
static void last_activity_is_the_learners_own(void **state)
{
	struct prog_event ev[3] = {
		{.at = (char *)"2026-11-21T10:00:00Z", .field = (char *)"done"},
		{.at = (char *)"2026-11-25T10:00:00Z", .field = (char *)"review"},
		{.at = (char *)"2026-11-26T10:00:00Z", .field = (char *)"evidence"},
	};
	struct report_learner l = {.created_at = (char *)"2026-11-20T10:00:00Z",
				   .events = ev, .n_events = 3};

	(void)state;
	assert_string_equal(report_last_activity(&l), "2026-11-21T10:00:00Z");
	ev[1].field = (char *)"note";
	assert_string_equal(report_last_activity(&l), "2026-11-25T10:00:00Z");
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

/* Matched against a value as it is described, a description says what
 * json_equal() says of the tree it builds and that value: the same, and
 * each of a set of changes (a text, a type, a number as a real, a key
 * added or dropped, an element added or moved, a member from a tree
 * changed; the same members in another order match). */
static void json_out_matches_as_json_equal(void **state)
{
	json_t *tree = json_pack("{s:f,s:{s:[],s:s}}", "real", 0.5, "tree", "a", "b", "x");
	struct json_out o;
	json_t *built, *v;

	(void)state;
	json_out_init(&o, NULL);
	describe(&o, tree);
	built = json_out_tree(&o);
	assert_non_null(built);
	for (int k = 0; k < 17; k++) {
		v = json_deep_copy(built);
		switch (k) {
		case 1: json_object_set_new(v, "name", json_string("Анна")); break;
		case 2: json_object_set_new(v, "none", json_string("")); break;
		case 3: json_object_set_new(v, "n", json_real(-9007199254740993.0)); break;
		case 4: json_object_set_new(v, "yes", json_false()); break;
		case 5: json_object_set_new(v, "extra", json_null()); break;
		case 6: json_object_del(v, "none"); break;
		case 7: json_array_append_new(json_object_get(v, "empty_list"), json_true()); break;
		case 8: json_object_set_new(json_object_get(v, "empty_map"), "k", json_null()); break;
		case 9: json_array_remove(json_object_get(v, "list"), 2); break;
		case 10: { /* the same members, in another order: equal */
			json_t *w = json_object();
			const char *key;
			json_t *x;
			json_object_foreach(v, key, x)
				json_object_set(w, key, x);
			json_object_del(w, "name");
			json_object_set(w, "name", json_object_get(v, "name"));
			json_decref(v);
			v = w;
			break;
		}
		case 11: json_object_set_new(v, "real", json_real(0.25)); break;
		case 12: json_object_set_new(json_object_get(json_object_get(v, "value"), "tree"),
					     "b", json_string("y")); break;
		case 13: json_object_set_new(v, "list", json_object()); break;
		case 14: json_decref(v); v = json_array(); break;
		case 15: json_object_set_new(v, "name", json_string("Анна \"q\" \\ / line\n\ttab ")); break;
		case 16: { /* the last element moved first */
			json_t *list = json_object_get(v, "list");
			json_t *last = json_incref(json_array_get(list, 2));
			json_array_remove(list, 2);
			json_array_insert_new(list, 0, last);
			break;
		}
		default: break;
		}
		json_out_init_match(&o, v);
		describe(&o, tree);
		assert_int_equal(json_out_matched(&o), json_equal(built, v));
		assert_int_equal(json_out_matched(&o), k == 0 || k == 10);
		json_decref(v);
	}
	json_out_init_match(&o, NULL);
	describe(&o, tree);
	assert_false(json_out_matched(&o));
	/* Nothing described, or left open: no match. */
	json_out_init_match(&o, built);
	assert_false(json_out_matched(&o));
	json_out_init_match(&o, built);
	json_out_object(&o);
	assert_false(json_out_matched(&o));
	json_decref(built);
	json_decref(tree);
}

/* timefmt_strict reads a time by hand, as it read it with sscanf and timegm
 * (kept here as the reference): every day from 1899 to 2101, past a
 * month's end, at a second 60 within a day and at a day's end, with and
 * without a fraction. */
static int64_t time_by_timegm(const char *s)
{
	struct tm tm = {0}, back;
	time_t t;

	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':')
		return -1;
	sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	       &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	back = tm;
	t = timegm(&back);
	if (t == (time_t)-1 || back.tm_mday != tm.tm_mday)
		return -1;
	return (int64_t)t;
}

static void field_time_agrees_with_timegm(void **state)
{
	static const char *const clocks[] = {"00:00:00Z", "12:34:60Z", "23:59:59.5Z",
					     "23:59:60Z", "23:59:60.000Z", "24:00:00Z",
					     "07:60:00Z"};

	(void)state;
	for (int y = 1899; y <= 2101; y++)
		for (int m = 0; m <= 13; m++)
			for (int d = 0; d <= 32; d++)
				for (size_t c = 0; c < sizeof clocks / sizeof *clocks; c++) {
					char iso[40];
					snprintf(iso, sizeof iso, "%04d-%02d-%02dT%s", y, m, d,
						 clocks[c]);
					assert_int_equal(timefmt_strict(iso), time_by_timegm(iso));
				}
	assert_int_equal(timefmt_strict("1969-12-31T23:59:59Z"), -1);
	assert_int_equal(timefmt_strict("2026-01-31T12:00:00.Z"), -1);
	assert_int_equal(timefmt_strict("2026-01-31T12:00:00.0000000000Z"), -1);
	assert_int_equal(timefmt_strict("2026-01-31T12:00:00.000000000Z"), 1769860800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seconds_agree_with_timegm),
		cmocka_unit_test(seconds_outside_the_shape),
		cmocka_unit_test(json_out_writes_what_it_builds),
		cmocka_unit_test(json_out_refuses_misuse),
		cmocka_unit_test(json_out_matches_as_json_equal),
		cmocka_unit_test(field_time_agrees_with_timegm),
		cmocka_unit_test(out_keeps_every_byte),
		cmocka_unit_test(time_never_shows_what_is_not_one),
		cmocka_unit_test(last_activity_passes_over_what_is_not_a_time),
		cmocka_unit_test(last_activity_is_the_learners_own),
		cmocka_unit_test(out_printf_escapes_every_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
