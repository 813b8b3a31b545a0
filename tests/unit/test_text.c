/* SPDX-License-Identifier: MIT */
/* Text layout for the terminal, without one: widths, wrapping, markup,
 * tables. Runs under C.UTF-8, as the tutor does when the locale is not
 * UTF-8. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "tui/lineedit.h"
#include "tui/text.h"

static void test_widths(void **state)
{
	int used;
	(void)state;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("Проверка", strlen("Проверка")), 8);
	assert_int_equal(text_width("日本", strlen("日本")), 4);
	/* a combining acute takes no column */
	assert_int_equal(text_width("e\xCC\x81", 3), 1);
	/* a control is shown as one replacement character */
	assert_int_equal(text_width("a\x1b" "b", 3), 3);
	/* fitting never cuts a character: 3 columns of "абв" is 6 bytes, and
	 * a wide character that does not fit whole is left out */
	assert_int_equal(text_fit("абвг", 8, 3, &used), 6);
	assert_int_equal(used, 3);
	assert_int_equal(text_fit("a日本", 7, 2, &used), 1);
	assert_int_equal(used, 1);
}

static void test_casefind(void **state)
{
	size_t n;
	const char *hay = "MySQL outbox table создана с аналогичной СХЕМОЙ";
	(void)state;
	assert_ptr_equal(utf8_casefind(hay, "схемой", &n), strstr(hay, "СХЕМОЙ"));
	assert_int_equal(n, strlen("СХЕМОЙ"));
	assert_non_null(utf8_casefind(hay, "OUTBOX", &n));
	assert_non_null(utf8_casefind("Ёлка", "ёЛКА", &n));
	assert_null(utf8_casefind(hay, "схемы", &n));
	assert_null(utf8_casefind(hay, "", &n));
}

/* Every line fits, and the words come back in order. */
static void check_wrapped(const struct tdoc *d, int width, const char *words)
{
	char *joined = xstrdup("");
	for (size_t i = 0; i < d->n; i++) {
		char *next;
		assert_true(d->v[i].width <= width);
		assert_int_equal(d->v[i].width, text_width(d->v[i].s, d->v[i].len));
		assert_true(utf8_valid(d->v[i].s, d->v[i].len, NULL));
		next = xasprintf("%s%s%s", joined, i ? " " : "", d->v[i].s);
		free(joined);
		joined = next;
	}
	assert_string_equal(joined, words);
	free(joined);
}

static void test_wrap_by_display_width(void **state)
{
	const char *text = "Эта секция применима, если вы расширяете capstone "
			   "проект с добавлением MySQL как второго источника.";
	(void)state;
	/* From the longest word's width up, lines break only between words. */
	for (int w = 11; w <= 80; w++) {
		struct tdoc d = {0};
		tdoc_para(&d, text, w, 0, NULL, 0, 0, false);
		check_wrapped(&d, w, text);
		tdoc_free(&d);
	}
}

static void test_wrap_long_words_and_leads(void **state)
{
	struct tdoc d = {0};
	(void)state;
	/* A word longer than the line is cut between characters. */
	tdoc_para(&d, "абвгдежзийклмн", 5, 0, NULL, 0, 0, false);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].s, "абвгд");
	assert_string_equal(d.v[2].s, "клмн");
	tdoc_free(&d);
	/* The lead on the first line, its width in spaces on the others. */
	tdoc_para(&d, "один два три", 12, 1, "• ", 0, 0, false);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].s, " • один два");
	assert_string_equal(d.v[1].s, "   три");
	tdoc_free(&d);
	/* A line break in the text always breaks. */
	tdoc_para(&d, "a\nb", 40, 0, NULL, 0, 0, false);
	assert_int_equal(d.n, 2);
	tdoc_free(&d);
	/* Nothing at all still gives its line (with the lead). */
	tdoc_para(&d, "", 40, 0, "x: ", 0, 0, false);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].s, "x: ");
	tdoc_free(&d);
	/* Tiny widths make progress, never loop. */
	tdoc_para(&d, "日本語", 1, 0, "lead", 0, 0, false);
	assert_int_equal(d.n, 3);
	tdoc_free(&d);
}

static unsigned style_at(const struct tline *l, const char *what)
{
	const char *p = strstr(l->s, what);
	assert_non_null(p);
	return l->st[p - l->s];
}

static void test_markup(void **state)
{
	struct tdoc d = {0};
	(void)state;
	tdoc_para(&d, "**MySQL outbox** содержит `id`, `payload` и **2 * 3**", 200,
		  0, NULL, 0, 0, true);
	assert_string_equal(d.v[0].s, "MySQL outbox содержит id, payload и 2 * 3");
	assert_int_equal(style_at(&d.v[0], "MySQL"), TS_BOLD);
	assert_int_equal(style_at(&d.v[0], "содержит"), 0);
	assert_int_equal(style_at(&d.v[0], "payload"), TS_CODE);
	assert_int_equal(style_at(&d.v[0], "2 *"), TS_BOLD);
	tdoc_free(&d);
	/* Unclosed markers are text; nothing is markup inside code. */
	tdoc_para(&d, "a ** b `x**y` c `", 200, 0, NULL, 0, 0, true);
	assert_string_equal(d.v[0].s, "a ** b x**y c `");
	assert_int_equal(style_at(&d.v[0], "x**y"), TS_CODE);
	tdoc_free(&d);
	/* Without markup the stars stay. */
	tdoc_para(&d, "**a**", 200, 0, NULL, 0, 0, false);
	assert_string_equal(d.v[0].s, "**a**");
	tdoc_free(&d);
}

static void test_controls_never_reach_the_terminal(void **state)
{
	struct tdoc d = {0};
	(void)state;
	tdoc_para(&d, "a\x1b[2Jb\tc\x7f\xc2\x9b" "d\xff", 200, 0, NULL, 0, 0, false);
	assert_string_equal(d.v[0].s, "a\xEF\xBF\xBD[2Jb c\xEF\xBF\xBD\xEF\xBF\xBD"
				      "d\xEF\xBF\xBD");
	tdoc_free(&d);
}

static struct pack_table *make_table(void)
{
	static char *cols[] = {"Recovery Scenario", "PostgreSQL", "MySQL"};
	static char *r1[] = {"Position loss", "Recreate slot + resnapshot",
			     "Backup schema history + resnapshot"};
	static char *r2[] = {"Позиция потеряна", "Пересоздать `slot`",
			     "Восстановить историю схемы"};
	static struct pack_strv rows[] = {{r1, 3}, {r2, 3}};
	static struct pack_table t = {.id = "t", .title = "T",
				      .columns = {cols, 3}, .rows = rows,
				      .n_rows = 2};
	return &t;
}

/* Aligned by display width: every column separator of every line sits at
 * the same column, Cyrillic and code included. */
static void test_table_aligned(void **state)
{
	(void)state;
	int tables = 0;
	for (int w = 34; w <= 120; w += 7) {
		struct tdoc d = {0};
		int sep1 = -1;
		tdoc_table(&d, make_table(), w, 1);
		assert_true(d.n >= 4);
		/* Where columns would break a word, rows become records. */
		if (strstr(d.v[0].s, "Recovery Scenario: ")) {
			for (size_t i = 0; i < d.n; i++)
				assert_null(strstr(d.v[i].s, "│"));
			tdoc_free(&d);
			continue;
		}
		tables++;
		/* Cells wrap between words: each word of a cell whole. */
		static const char *const words[] = {"Recovery", "Scenario", "resnapshot",
						    "Backup", "history", "Пересоздать",
						    "Восстановить"};
		for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
			bool whole = false;
			for (size_t i = 0; i < d.n; i++)
				whole = whole || strstr(d.v[i].s, words[k]);
			assert_true(whole);
		}
		for (size_t i = 0; i < d.n; i++) {
			const char *bar = strstr(d.v[i].s, "│");
			if (!bar)
				bar = strstr(d.v[i].s, "┼");
			assert_non_null(bar);
			int col = text_width(d.v[i].s, (size_t)(bar - d.v[i].s));
			if (sep1 < 0)
				sep1 = col;
			assert_int_equal(col, sep1);
			assert_true(d.v[i].width <= w);
		}
		tdoc_free(&d);
	}
	assert_true(tables > 0);
	/* 34 columns: three columns of about 9 would cut "resnapshot" and
	 * "Восстановить": records instead. */
	struct tdoc d = {0};
	tdoc_table(&d, make_table(), 34, 1);
	assert_non_null(strstr(d.v[0].s, "Recovery Scenario: "));
	tdoc_free(&d);
}

static void test_table_records_when_narrow(void **state)
{
	struct tdoc d = {0};
	(void)state;
	tdoc_table(&d, make_table(), 24, 0);
	assert_memory_equal(d.v[0].s, "Recovery Scenario: ", 19);
	for (size_t i = 0; i < d.n; i++) {
		assert_null(strstr(d.v[i].s, "│"));
		assert_true(d.v[i].width <= 24);
	}
	tdoc_free(&d);
}

static void test_mark(void **state)
{
	struct tdoc d = {0};
	(void)state;
	tdoc_para(&d, "Схема и схема", 80, 0, NULL, 0, 0, false);
	tline_mark(&d.v[0], "СХЕМА");
	assert_true(d.v[0].st[0] & TS_MATCH);
	assert_false(d.v[0].st[strlen("Схема ")] & TS_MATCH);
	assert_true(d.v[0].st[strlen("Схема и ")] & TS_MATCH);
	tdoc_free(&d);
}

static void test_lineedit_moves_by_character(void **state)
{
	struct lineedit le;
	size_t start;
	int col;
	(void)state;
	lineedit_init(&le, NULL, 64);
	for (const char *p = "Привет мир"; *p;) {
		unsigned cp;
		p += utf8_decode(p, 4, &cp);
		assert_true(lineedit_insert(&le, cp));
	}
	assert_string_equal(le.buf, "Привет мир");
	lineedit_op(&le, LE_LEFT);
	lineedit_op(&le, LE_BACKSPACE); /* the "и" before "р" */
	assert_string_equal(le.buf, "Привет мр");
	lineedit_op(&le, LE_HOME);
	lineedit_op(&le, LE_DELETE);
	assert_string_equal(le.buf, "ривет мр");
	lineedit_op(&le, LE_WORD_RIGHT);
	assert_int_equal(le.cur, strlen("ривет"));
	lineedit_op(&le, LE_END);
	lineedit_op(&le, LE_KILL_WORD);
	assert_string_equal(le.buf, "ривет ");
	/* controls are refused; so is anything past the limit */
	assert_false(lineedit_insert(&le, 0x1b));
	assert_false(lineedit_insert(&le, '\n'));
	lineedit_free(&le);
	lineedit_init(&le, "абв", 7);
	assert_true(lineedit_insert(&le, 'x'));
	assert_false(lineedit_insert(&le, 0x0436)); /* 2 more bytes: 9 > 7 */
	assert_string_equal(le.buf, "абвx");
	/* the view scrolls by whole characters to keep the cursor in sight */
	lineedit_view(&le, 3, &start, &col);
	assert_int_equal(col, 2);
	assert_int_equal(start, strlen("аб"));
	lineedit_op(&le, LE_HOME);
	lineedit_view(&le, 3, &start, &col);
	assert_int_equal(start, 0);
	assert_int_equal(col, 0);
	lineedit_op(&le, LE_KILL_AFTER);
	assert_string_equal(le.buf, "");
	lineedit_op(&le, LE_BACKSPACE); /* at the start: nothing, no harm */
	lineedit_op(&le, LE_LEFT);
	assert_int_equal(le.len, 0);
	lineedit_free(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_casefind),
		cmocka_unit_test(test_wrap_by_display_width),
		cmocka_unit_test(test_wrap_long_words_and_leads),
		cmocka_unit_test(test_markup),
		cmocka_unit_test(test_controls_never_reach_the_terminal),
		cmocka_unit_test(test_table_aligned),
		cmocka_unit_test(test_table_records_when_narrow),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_lineedit_moves_by_character),
	};
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
