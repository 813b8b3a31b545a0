/* SPDX-License-Identifier: MIT */
/* The spreadsheet: libxlsxwriter's workbook, three sheets (Summary,
 * Learners, Items), header rows frozen, widths set, numbers as numbers.
 * libxlsxwriter writes to a path, so the workbook is made in a private
 * temporary file ($TMPDIR, else /tmp) and copied to the stream. */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/diag.h"
#include "selfgrade/dynlib.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* libxlsxwriter, loaded when a workbook is asked for: linked into every
 * command, it and the zlib, minizip and OpenSSL it pulls in cost each
 * `score` more than the rest of its start-up (measured by the bench). */
#define XL(X)                                                                   \
	X(lxw_workbook *, workbook_new, "workbook_new", (const char *))           \
	X(lxw_worksheet *, workbook_add_worksheet, "workbook_add_worksheet",     \
	  (lxw_workbook *, const char *))                                        \
	X(lxw_format *, workbook_add_format, "workbook_add_format",              \
	  (lxw_workbook *))                                                      \
	X(lxw_error, workbook_close, "workbook_close", (lxw_workbook *))          \
	X(void, format_set_bold, "format_set_bold", (lxw_format *))               \
	X(void, format_set_bottom, "format_set_bottom", (lxw_format *, uint8_t))  \
	X(void, format_set_num_format, "format_set_num_format",                  \
	  (lxw_format *, const char *))                                          \
	X(lxw_error, worksheet_freeze_panes, "worksheet_freeze_panes",           \
	  (lxw_worksheet *, lxw_row_t, lxw_col_t))                               \
	X(lxw_error, worksheet_set_column, "worksheet_set_column",               \
	  (lxw_worksheet *, lxw_col_t, lxw_col_t, double, lxw_format *))         \
	X(lxw_error, worksheet_write_datetime, "worksheet_write_datetime",       \
	  (lxw_worksheet *, lxw_row_t, lxw_col_t, lxw_datetime *, lxw_format *)) \
	X(lxw_error, worksheet_write_number, "worksheet_write_number",           \
	  (lxw_worksheet *, lxw_row_t, lxw_col_t, double, lxw_format *))         \
	X(lxw_error, worksheet_write_string, "worksheet_write_string",           \
	  (lxw_worksheet *, lxw_row_t, lxw_col_t, const char *, lxw_format *))   \
	X(char *, lxw_strerror, "lxw_strerror", (lxw_error))                      \
	X(void, worksheet_set_landscape, "worksheet_set_landscape",              \
	  (lxw_worksheet *))                                                     \
	X(void, worksheet_fit_to_pages, "worksheet_fit_to_pages",                \
	  (lxw_worksheet *, uint16_t, uint16_t))                                 \
	X(lxw_error, worksheet_repeat_rows, "worksheet_repeat_rows",             \
	  (lxw_worksheet *, lxw_row_t, lxw_row_t))                               \
	X(lxw_error, worksheet_repeat_columns, "worksheet_repeat_columns",       \
	  (lxw_worksheet *, lxw_col_t, lxw_col_t))
static struct {
	XL(DYNLIB_FIELD)
} xl;
static const char *const xl_symbols[] = {XL(DYNLIB_SYMBOL) NULL};
static struct dynlib xlsxwriter =
	DYNLIB(xl, xl_symbols, "libxlsxwriter.so.4", "libxlsxwriter.so");

static int xl_load(char **err)
{
	if (dynlib_load(&xlsxwriter) == 0)
		return 0;
	if (xlsxwriter.missing)
		return diag_fail(err, "%s", _("libxlsxwriter lacks a function selfgrade uses"));
	return diag_fail(err, _("the xlsx format needs libxlsxwriter (Debian: "
				"libxlsxwriter4): %s"),
			 dlerror());
}

struct book {
	char *path; /* the workbook's temporary file */
	lxw_workbook *wb;
	/* The sheets a row per learner goes to, and what their rows use. */
	lxw_worksheet *learners, *items;
	const struct pack_entry **ids; /* the checkables, in the pack's order */
	size_t n_ids;
	struct report_words words;
	size_t at; /* the learners written */
	lxw_format *head, *percent, *date;
	/* Item cells: 1 or 0, shown in the reader's words ("done",
	 * "stale", nothing), so that formulas read the same numbers in
	 * every language. */
	lxw_format *done, *stale, *contradicted, *not_done;
};

/* Printed: landscape, as wide as one page, the header row and the name
 * column on every page. */
static void print_setup(lxw_worksheet *ws)
{
	xl.worksheet_set_landscape(ws);
	xl.worksheet_fit_to_pages(ws, 1, 0);
	xl.worksheet_repeat_rows(ws, 0, 0);
	xl.worksheet_repeat_columns(ws, 0, 0);
}

static void header(struct book *b, lxw_worksheet *ws, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		xl.worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], b->head);
	xl.worksheet_freeze_panes(ws, 1, 1);
	print_setup(ws);
}

/* A time of the store as a date cell (local time, to the minute). */
static void date_cell(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		      const char *iso)
{
	long long t = timefmt_seconds(iso);
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < 0 || !localtime_r(&tt, &tm)) {
		/* Empty, or the mark: never what a file held instead of a time. */
		xl.worksheet_write_string(ws, r, c, iso && *iso ? TIMEFMT_NONE : "", NULL);
		return;
	}
	lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			   tm.tm_hour, tm.tm_min, 0};
	xl.worksheet_write_datetime(ws, r, c, &dt, b->date);
}

static void summary_sheet(struct book *b, const struct report *r)
{
	lxw_worksheet *ws = xl.workbook_add_worksheet(b->wb, _("Summary"));
	const struct cohort *c = r->summary;
	const struct pack *p = r->pack;
	const char *const cols[] = {_("What"), _("Level"), _("Learners"), _("Share")};
	lxw_row_t row = 1;
	size_t n = c ? c->n_learners : r->n;

	header(b, ws, cols, 4);
	xl.worksheet_set_column(ws, 0, 0, 60, NULL);
	xl.worksheet_set_column(ws, 1, 1, 32, NULL);
	if (!c)
		return;
	for (size_t i = 0; i <= p->n_levels; i++, row++) {
		size_t k = i < p->n_levels ? c->at_level[i] : c->not_yet;
		xl.worksheet_write_string(ws, row, 0, _("Learners at level"), NULL);
		xl.worksheet_write_string(ws, row, 1,
				       i < p->n_levels ? p->levels[i].title : _(SG_WORD_NOT_YET),
				       NULL);
		xl.worksheet_write_number(ws, row, 2, (double)k, NULL);
		xl.worksheet_write_number(ws, row, 3, n ? (double)k / (double)n : 0, b->percent);
	}
	for (size_t i = 0; i < c->n_crit; i++, row++) {
		xl.worksheet_write_string(ws, row, 0, c->crit[i].c->text, NULL);
		xl.worksheet_write_string(ws, row, 1, c->crit[i].c->level->title, NULL);
		xl.worksheet_write_number(ws, row, 2, (double)c->crit[i].met, NULL);
		xl.worksheet_write_number(ws, row, 3, n ? (double)c->crit[i].met / (double)n : 0,
				       b->percent);
	}
	for (size_t i = 0; i < c->n_entries; i++, row++) {
		xl.worksheet_write_string(ws, row, 0, c->entries[i].e->id, NULL);
		xl.worksheet_write_string(ws, row, 1, _(pack_kind_name(c->entries[i].e->kind)), NULL);
		xl.worksheet_write_number(ws, row, 2, (double)c->entries[i].done, NULL);
		xl.worksheet_write_number(ws, row, 3, n ? (double)c->entries[i].done / (double)n : 0,
				       b->percent);
	}
}

/* The instructor's view ("" unreviewed) and their reviews, one
 * "id: words text" a line. */
static void review_cells(lxw_worksheet *ws, lxw_row_t row, const struct view *v,
			 const struct report_words *w)
{
	char *brief = report_review_brief(v), *text = report_reviews_text(v, w);

	xl.worksheet_write_string(ws, row, 7, brief, NULL);
	xl.worksheet_write_string(ws, row, 8, text, NULL);
	free(text);
	free(brief);
}

/* The Learners sheet's header; its rows are learners_row()'s. */
static void learners_sheet(struct book *b, const struct report *r)
{
	lxw_worksheet *ws = b->learners = xl.workbook_add_worksheet(b->wb, _("Learners"));
	const struct pack *p = r->pack;
	size_t n_crit = 0, col;
	const char **cols;

	for (size_t i = 0; i < p->n_levels; i++)
		n_crit += p->levels[i].n_criteria;
	cols = xcalloc(14 + n_crit, sizeof *cols);
	cols[0] = _("Name");
	cols[1] = _("Id");
	cols[2] = _("Level");
	cols[3] = _("Done");
	cols[4] = _("Total");
	cols[5] = _("Percent");
	cols[6] = _("Last activity");
	cols[7] = _("Instructor's view");
	cols[8] = _("Reviews");
	cols[9] = _("Email");
	cols[10] = _("ID number");
	cols[11] = _("Section");
	cols[12] = _("Grade");
	col = 13;
	for (size_t i = 0; i < p->n_levels; i++)
		for (size_t j = 0; j < p->levels[i].n_criteria; j++)
			cols[col++] = p->levels[i].criteria[j].id;
	header(b, ws, cols, col);
	xl.worksheet_set_column(ws, 0, 0, 28, NULL);
	xl.worksheet_set_column(ws, 1, 1, 34, NULL);
	xl.worksheet_set_column(ws, 2, 2, 34, NULL);
	xl.worksheet_set_column(ws, 6, 6, 18, NULL);
	xl.worksheet_set_column(ws, 7, 7, 34, NULL);
	xl.worksheet_set_column(ws, 8, 8, 60, NULL);
	xl.worksheet_set_column(ws, 9, 9, 28, NULL);
	free(cols);
}

static void learners_row(struct book *b, const struct report *r,
			 const struct report_learner *l, lxw_row_t row)
{
	lxw_worksheet *ws = b->learners;
	const struct view *v = l->view;
	size_t col;

	xl.worksheet_write_string(ws, row, 0, l->name, NULL);
	xl.worksheet_write_string(ws, row, 1, l->uid, NULL);
	xl.worksheet_write_string(ws, row, 2, report_level_title(v), NULL);
	xl.worksheet_write_number(ws, row, 3, (double)v->done, NULL);
	xl.worksheet_write_number(ws, row, 4, (double)v->total, NULL);
	xl.worksheet_write_number(ws, row, 5, v->total ? (double)v->done / (double)v->total : 0,
				  b->percent);
	date_cell(b, ws, row, 6, report_last_activity(l));
	review_cells(ws, row, v, &b->words);
	xl.worksheet_write_string(ws, row, 9, l->email ? l->email : "", NULL);
	xl.worksheet_write_string(ws, row, 10, l->id_number ? l->id_number : "", NULL);
	xl.worksheet_write_string(ws, row, 11, l->section ? l->section : "", NULL);
	xl.worksheet_write_number(ws, row, 12, report_grade(r, v), NULL);
	col = 13;
	for (size_t i = 0; i < v->n_levels; i++)
		for (size_t j = 0; j < v->levels[i].n_crit; j++)
			xl.worksheet_write_number(ws, row, (lxw_col_t)col++,
						  v->levels[i].crit[j].met, NULL);
}

static void items_row(struct book *b, const struct report_learner *l, lxw_row_t row)
{
	lxw_worksheet *ws = b->items;

	xl.worksheet_write_string(ws, row, 0, l->name, NULL);
	for (size_t i = 0; i < b->n_ids; i++) {
		enum view_state s = view_state_of(l->view, b->ids[i]);
		xl.worksheet_write_number(ws, row, (lxw_col_t)(i + 1), s == VS_DONE,
					  s == VS_DONE		 ? b->done
					  : s == VS_STALE	 ? b->stale
					  : s == VS_CONTRADICTED ? b->contradicted
								 : b->not_done);
	}
}

/* The Items sheet's header, written after its rows (the tail), so that
 * the workbook's shared strings keep their order: the learners' texts
 * first, then the item ids. */
static void items_header(struct book *b)
{
	const char **cols = xcalloc(b->n_ids + 1, sizeof *cols);

	cols[0] = _("Name");
	for (size_t i = 0; i < b->n_ids; i++)
		cols[i + 1] = b->ids[i]->id;
	header(b, b->items, cols, b->n_ids + 1);
	xl.worksheet_set_column(b->items, 0, 0, 28, NULL);
	free(cols);
}

/* The made file, copied to out. */
static int copy(const char *path, FILE *out)
{
	FILE *in = fopen(path, "rb");
	int rc;

	if (!in)
		return -1;
	rc = report_copy(in, SIZE_MAX, out);
	fclose(in);
	return rc;
}

/* The workbook, its formats, the Summary sheet and the headers of the
 * sheets each learner gets a row of. */
static int xlsx_head(const struct report *r, void **state, FILE *out, char **err)
{
	struct book *b;
	struct report_basis basis;
	int fd;

	(void)out;
	if (xl_load(err))
		return -1;
	*state = b = xcalloc(1, sizeof *b);
	b->path = report_tmp_template("xlsx");
	fd = mkstemp(b->path);
	if (fd < 0) {
		int rc = diag_fail(err, _("cannot make a temporary file for the workbook: %s"),
				   strerror(errno));
		free(b->path);
		b->path = NULL;
		return rc;
	}
	close(fd);
	b->wb = xl.workbook_new(b->path);
	if (!b->wb)
		return diag_fail(err, "%s", _("cannot make the workbook"));
	b->head = xl.workbook_add_format(b->wb);
	xl.format_set_bold(b->head);
	xl.format_set_bottom(b->head, LXW_BORDER_THIN);
	b->percent = xl.workbook_add_format(b->wb);
	xl.format_set_num_format(b->percent, "0%");
	b->date = xl.workbook_add_format(b->wb);
	xl.format_set_num_format(b->date, "yyyy-mm-dd hh:mm");
	{
		/* Number formats: positive;negative;zero, the words quoted. */
		char *done = xasprintf("\"%s\";;", _(SG_WORD_DONE)),
		     *stale = xasprintf(";;\"%s\"", _(SG_WORD_STALE_SHORT)),
		     *contra = xasprintf(";;\"%s\"", _(SG_WORD_CONTRADICTED_SHORT));
		b->done = xl.workbook_add_format(b->wb);
		xl.format_set_num_format(b->done, done);
		b->stale = xl.workbook_add_format(b->wb);
		xl.format_set_num_format(b->stale, stale);
		b->contradicted = xl.workbook_add_format(b->wb);
		xl.format_set_num_format(b->contradicted, contra);
		b->not_done = xl.workbook_add_format(b->wb);
		xl.format_set_num_format(b->not_done, ";;");
		free(done);
		free(stale);
		free(contra);
	}
	report_basis_init(&basis, r->pack);
	b->words = basis.words;
	report_basis_free(&basis);
	report_checkables(r->pack, &b->ids, &b->n_ids);
	summary_sheet(b, r);
	learners_sheet(b, r);
	b->items = xl.workbook_add_worksheet(b->wb, _("Items"));
	return 0;
}

/* The learner's row on the Learners and the Items sheet. */
static int xlsx_part(const struct report *r, const struct report_learner *l,
		     void **state, FILE *out, char **err)
{
	struct book *b = *state;
	lxw_row_t row = (lxw_row_t)(++b->at);

	(void)out;
	(void)err;
	learners_row(b, r, l, row);
	items_row(b, l, row);
	return 0;
}

/* The workbook closed and copied to out. */
static int xlsx_tail(const struct report *r, void *state, FILE *out, char **err)
{
	struct book *b = state;
	lxw_error e;

	(void)r;
	items_header(b);
	e = xl.workbook_close(b->wb);
	b->wb = NULL;
	return e == LXW_NO_ERROR && copy(b->path, out) == 0
		       ? 0
		       : diag_fail(err, _("cannot write the workbook: %s"), xl.lxw_strerror(e));
}

static void xlsx_end(void *state)
{
	struct book *b = state;

	if (!b)
		return;
	if (b->wb) /* a failure on the way: closed, as nothing else frees it */
		xl.workbook_close(b->wb);
	if (b->path) {
		unlink(b->path);
		free(b->path);
	}
	free(b->ids);
	free(b);
}

const struct report_format_def report_format_xlsx = {
	.name = "xlsx",
	.needs_summary = true,
	.head = xlsx_head,
	.part = xlsx_part,
	.tail = xlsx_tail,
	.end = xlsx_end,
};
