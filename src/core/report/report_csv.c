/* SPDX-License-Identifier: MIT */
/* The CSV export: RFC 4180, one row per learner, for spreadsheets. */
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

/* One cell: quoted when it holds a comma, a quote or a line break (quotes
 * doubled); a cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR first, also after leading blanks, which spreadsheets skip) gets a
 * leading apostrophe, as OWASP recommends. Control bytes are escaped. */
void report_csv_cell(FILE *out, const char *text, char before)
{
	char *safe = utf8_escape(text, strlen(text), "\t\n", 0);
	const char *s = safe;
	size_t lead = strspn(s, " \t");
	char sep = before ? before : ',';
	bool quote = strpbrk(s, "\"\r\n") != NULL || strchr(s, sep) || strchr(s, ',');
	bool formula = (strchr("=+-@\t\r", s[0]) && s[0]) ||
		       (lead && s[lead] && strchr("=+-@", s[lead]));

	if (before)
		fputc(before, out);
	if (quote || formula)
		fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	if (quote || formula)
		fputc('"', out);
	free(safe);
}

/* The instructor's view (the level's id, "" unreviewed), their marks
 * and their reviews, one "id: words text" a line. */
static void review_cells(FILE *out, const struct view *v, const struct report_words *w,
			 char sep)
{
	size_t yes, no;
	char num[32];
	char *text;

	report_csv_cell(out, !v->reviewed ? "" : v->review_level ? v->review_level->id : "not-yet",
			sep);
	report_review_marks(v, &yes, &no);
	snprintf(num, sizeof num, "%zu", yes);
	report_csv_cell(out, v->reviewed ? num : "", sep);
	snprintf(num, sizeof num, "%zu", no);
	report_csv_cell(out, v->reviewed ? num : "", sep);
	text = report_reviews_text(v, w);
	report_csv_cell(out, text, sep);
	free(text);
}

/* What each row uses, worked out once in the head. */
struct csv_state {
	const struct pack_entry **ids; /* the checkables, in the pack's order */
	size_t n;
	struct report_words words;
	char sep;
};

static int csv_head(const struct report *r, void **state, FILE *out, char **err)
{
	struct csv_state *st = *state = xcalloc(1, sizeof *st);
	struct report_basis basis;

	(void)err;
	st->sep = r->sep ? r->sep : ',';
	report_basis_init(&basis, r->pack);
	st->words = basis.words;
	report_basis_free(&basis);
	report_checkables(r->pack, &st->ids, &st->n);
	if (r->bom)
		fputs("\xef\xbb\xbf", out);
	report_csv_cell(out, "name", 0);
	for (const char *const *h = (const char *const[]){"level", "done", "total",
							  "percent", "last_activity",
							  "instructor_level", "agreed",
							  "not_agreed", "reviews", NULL};
	     *h; h++)
		report_csv_cell(out, *h, st->sep);
	for (size_t i = 0; i < st->n; i++)
		report_csv_cell(out, st->ids[i]->id, st->sep);
	fputs("\r\n", out);
	return 0;
}

/* A learner's row. */
static int csv_part(const struct report *r, const struct report_learner *l, void **state,
		    FILE *out, char **err)
{
	const struct csv_state *st = *state;
	const struct view *v = l->view;
	char num[32], sep = st->sep;

	(void)r;
	(void)err;
	report_csv_cell(out, l->name, 0);
	report_csv_cell(out, view_level_id(v), sep);
	snprintf(num, sizeof num, "%zu", v->done);
	report_csv_cell(out, num, sep);
	snprintf(num, sizeof num, "%zu", v->total);
	report_csv_cell(out, num, sep);
	snprintf(num, sizeof num, "%d", view_percent(v));
	report_csv_cell(out, num, sep);
	report_csv_cell(out, report_last_activity(l), sep);
	review_cells(out, v, &st->words, sep);
	for (size_t i = 0; i < st->n; i++)
		report_csv_cell(out, view_state_of(v, st->ids[i]) == VS_DONE ? "1" : "0", sep);
	fputs("\r\n", out);
	return 0;
}

static void csv_end(void *state)
{
	struct csv_state *st = state;

	if (st)
		free(st->ids);
	free(st);
}

const struct report_format_def report_format_csv = {
	.name = "csv",
	.head = csv_head,
	.part = csv_part,
	.end = csv_end,
	.caps = REPORT_BOM | REPORT_SEP,
};
