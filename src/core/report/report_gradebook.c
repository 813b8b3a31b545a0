/* SPDX-License-Identifier: MIT */
/* Files a gradebook imports: one row per learner, identified as the LMS
 * maps rows, one grade column (its header the --grade-item option, else
 * "selfgrade"). The grade of record is the instructor's view where they
 * reviewed the learner, else the learner's own level (--grade self: the
 * learner's own level always), as the level's points (a level's `points`
 * in rubric.yaml; by default the highest level 100, each one below 20
 * fewer; "not yet" 0). --percent adds the percent done as a column of its
 * own (for an LMS, a second grade item).
 *
 * A row the LMS cannot tie to one student is worse than no row: Moodle's
 * CSV import skips a blank identifier but keeps the previous row's user
 * (the grade lands on someone else), and aborts on one it does not know;
 * Canvas reads its ID column as a number (`to_i`) before the SIS ids. So
 * every learner must have the identifying value, each their own: else
 * the export is refused naming them (--skip-missing writes the others and
 * names who was left out).
 *
 * Moodle: the column it maps by (--key email: "Email address", --key
 * id_number: "ID number"), the full name (unmapped, for the reader), the
 * grade; --feedback adds the instructor's reviews as "ITEM feedback",
 * mapped to the item's feedback. Canvas: Student, ID (the Canvas user id
 * when `learner set NAME canvas_id=` gave one, else empty), SIS User ID
 * (id_number), SIS Login ID (the login, else the email), Section, the
 * grade; a "Points Possible" row under the header gives a new assignment
 * its points. Both are CSV as report_csv.c writes it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_impl.h"
#include "selfgrade/xalloc.h"

/* The points of level l (one of v's levels, NULL: not yet). */
static int level_points(const struct view *v, const struct pack_level *l)
{
	size_t i = 0;

	if (!l)
		return 0;
	if (l->points)
		return l->points;
	while (i < v->n_levels && v->levels[i].level != l)
		i++;
	return i < 5 ? 100 - 20 * (int)i : 0;
}

int report_points(const struct view *v)
{
	return level_points(v, v->level ? v->level->level : NULL);
}

/* The grade of record (see the top). */
int report_grade(const struct report *r, const struct view *v)
{
	if (!r->grade_self && v->reviewed)
		return level_points(v, v->review_level);
	return report_points(v);
}

static int top_points(const struct pack *p)
{
	return p->n_levels && p->levels[0].points ? p->levels[0].points : 100;
}

static void row(const struct report *r, FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		report_csv_cell(out, cells[i] ? cells[i] : "", i == 0 ? 0 : r->sep ? r->sep : ',');
	fputs("\r\n", out);
}

static const char *item(const struct report *r)
{
	return r->grade_item && *r->grade_item ? r->grade_item : "selfgrade";
}

/* The values a gradebook ties a row to its student by: up to three
 * columns (Canvas's ID, SIS User ID, SIS Login ID; Moodle's one). */
#define KEYS 3
struct keyed_row {
	char *name;
	char *v[KEYS];
	const char *why; /* NULL: the row is sound */
	const char *other; /* with whom it shares a value */
	int col;
};

typedef void keys_fn(const struct report *r, const struct report_learner *l,
		     const char **v);

/* One column's value of a row, to sort by. */
struct value_of {
	const char *v;
	struct keyed_row *row;
};

static int by_value(const void *a, const void *b)
{
	return strcasecmp(((const struct value_of *)a)->v, ((const struct value_of *)b)->v);
}

/* What a gradebook keeps between its pieces: each learner's
 * identifying values (the scan), then the row to write next. */
struct book_state {
	struct keyed_row *rows;
	size_t n_rows, at;
	size_t n_cols;
	struct report_basis basis;
};

static struct book_state *book_state(const struct report *r, void **state)
{
	struct book_state *st = *state;

	if (!st) {
		*state = st = xcalloc(1, sizeof *st);
		st->rows = xcalloc(r->n ? r->n : 1, sizeof *st->rows);
		report_basis_init(&st->basis, r->pack);
	}
	return st;
}

/* The learner's identifying values, kept for check_rows(). */
static void scan_row(const struct report *r, const struct report_learner *l,
		     void **state, keys_fn *keys)
{
	struct book_state *st = book_state(r, state);
	struct keyed_row *row = &st->rows[st->n_rows++];
	const char *v[KEYS] = {0};
	bool any = false;

	keys(r, l, v);
	row->name = xstrdup(l->name);
	for (int c = 0; c < KEYS; c++) {
		row->v[c] = v[c] && *v[c] ? xstrdup(v[c]) : NULL;
		any |= row->v[c] != NULL;
	}
	if (!any)
		row->why = "none";
}

/* The learners whose rows the LMS could misfile: without any of the
 * identifying values, or sharing one with another learner; rows[i].why
 * set for each. */
static void check_rows(const char *const *names, struct keyed_row *rows, size_t n)
{
	struct value_of *by = xmalloc((n ? n : 1) * sizeof *by);

	/* Case aside, as an email is compared. */
	for (int c = 0; c < KEYS; c++) {
		size_t k = 0;
		if (!names[c])
			continue;
		for (size_t i = 0; i < n; i++)
			if (rows[i].v[c])
				by[k++] = (struct value_of){rows[i].v[c], &rows[i]};
		qsort(by, k, sizeof *by, by_value);
		for (size_t i = 1; i < k; i++)
			if (strcasecmp(by[i].v, by[i - 1].v) == 0) {
				struct keyed_row *x = by[i].row, *y = by[i - 1].row;
				x->why = y->why = "shared";
				x->other = y->name;
				y->other = x->name;
				x->col = y->col = c;
			}
	}
	free(by);
}

/* "Пётр Орлов (no Email address), Анна and Борис (the same SIS Login
 * ID 'a@x')": the rows check_rows() found unsound; caller frees. */
static char *unsound(const struct keyed_row *rows, size_t n, const char *const *names,
		     const char *what)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	size_t k = 0;

	for (size_t i = 0; m && i < n; i++) {
		if (!rows[i].why)
			continue;
		fputs(k++ ? ", " : "", m);
		if (rows[i].other)
			fprintf(m, _("%s (%s '%s', the same as %s's)"), rows[i].name,
				names[rows[i].col], rows[i].v[rows[i].col], rows[i].other);
		else
			fprintf(m, _("%s (no %s)"), rows[i].name, what);
	}
	if (m)
		fclose(m);
	return text ? text : xstrdup("");
}

/* A learner's row: cells[] from the learner (its identifying value key),
 * w the reports' words; *owned (freed after the row) what fill made. */
typedef void fill_fn(const struct report *r, const struct report_learner *l,
		     const char *key, const struct report_words *w, const char **cells,
		     char **owned);

/* One gradebook file's head: its header row (n columns), an optional
 * second row (Canvas's Points Possible); refused (or the rows left out)
 * when some learner's identifying values are not sound (check_rows).
 * Then a row per learner whose values are (book_part). */
static int book_head(const struct report *r, void **state, FILE *out, char **err,
		     const char **head, size_t n, const char *const *second,
		     const char *const *key_names, const char *what)
{
	struct book_state *st = book_state(r, state);
	size_t bad = 0;

	check_rows(key_names, st->rows, st->n_rows);
	for (size_t i = 0; i < st->n_rows; i++)
		bad += st->rows[i].why != NULL;
	if (bad) {
		char *list = unsound(st->rows, st->n_rows, key_names, what);
		if (!r->skip_missing) {
			*err = xasprintf(P_("%zu learner cannot be told apart in the gradebook: "
					    "%s (learner set NAME, or learner roster FILE, "
					    "gives them one; --skip-missing leaves them out)",
					    "%zu learners cannot be told apart in the "
					    "gradebook: %s (learner set NAME, or learner roster "
					    "FILE, gives them one; --skip-missing leaves them "
					    "out)",
					    bad),
					 bad, list);
			free(list);
			return -1;
		}
		if (r->left_out) {
			/* --split: one report per learner, one message kept */
			free(*r->left_out);
			*r->left_out = xasprintf(
				P_("%zu learner left out of the gradebook: %s",
				   "%zu learners left out of the gradebook: %s", bad),
				bad, list);
		}
		free(list);
	}
	st->n_cols = n;
	if (r->bom)
		fputs("\xef\xbb\xbf", out);
	row(r, out, head, n);
	if (second)
		row(r, out, second, n);
	return 0;
}

/* A learner whose row check_rows() found unsound: left out, not read
 * again. */
static bool book_skip(const struct report *r, size_t i, void *state)
{
	const struct book_state *st = state;

	(void)r;
	return st->rows[i].why != NULL;
}

/* The learner's row: the next of the sound ones (book_skip). */
static int book_part(const struct report *r, const struct report_learner *l,
		     void **state, FILE *out, fill_fn *fill)
{
	struct book_state *st = *state;
	const struct keyed_row *kr;
	const char *cells[12];
	char *owned = NULL;

	while (st->rows[st->at].why)
		st->at++;
	kr = &st->rows[st->at++];
	fill(r, l, kr->v[0], &st->basis.words, cells, &owned);
	row(r, out, cells, st->n_cols);
	free(owned);
	return 0;
}

static void book_end(void *state)
{
	struct book_state *st = state;

	if (!st)
		return;
	report_basis_free(&st->basis);
	for (size_t i = 0; i < st->n_rows; i++) {
		free(st->rows[i].name);
		for (int c = 0; c < KEYS; c++)
			free(st->rows[i].v[c]);
	}
	free(st->rows);
	free(st);
}

/* The grade and the percent, as text, in the learner's fill. */
struct marks {
	char points[16], pct[16];
};

static void marks_of(const struct report *r, const struct view *v, struct marks *m)
{
	snprintf(m->points, sizeof m->points, "%d", report_grade(r, v));
	snprintf(m->pct, sizeof m->pct, "%d", view_percent(v));
}

static bool moodle_by_id(const struct report *r)
{
	return r->key && strcmp(r->key, "id_number") == 0;
}

static void moodle_keys(const struct report *r, const struct report_learner *l,
			const char **v)
{
	v[0] = moodle_by_id(r) ? l->id_number : l->email;
}

static void moodle_row(const struct report *r, const struct report_learner *l,
		       const char *key, const struct report_words *w, const char **cells,
		       char **owned)
{
	static struct marks m;
	size_t k = 0;

	marks_of(r, l->view, &m);
	cells[k++] = key;
	cells[k++] = l->name;
	cells[k++] = m.points;
	if (r->feedback)
		cells[k++] = *owned = report_reviews_text(l->view, w);
	if (r->percent)
		cells[k++] = m.pct;
}

static int moodle_scan(const struct report *r, const struct report_learner *l,
		       void **state, char **err)
{
	(void)err;
	scan_row(r, l, state, moodle_keys);
	return 0;
}

static int moodle_part(const struct report *r, const struct report_learner *l,
		       void **state, FILE *out, char **err)
{
	(void)err;
	return book_part(r, l, state, out, moodle_row);
}

static int moodle_head(const struct report *r, void **state, FILE *out, char **err)
{
	const char *head[5];
	char *fb = xasprintf("%s feedback", item(r)), *pct = xasprintf("%s percent done", item(r));
	const char *key_name = moodle_by_id(r) ? "ID number" : "Email address";
	const char *names[KEYS] = {key_name};
	size_t n = 0;
	int rc;

	head[n++] = key_name;
	head[n++] = "Full name";
	head[n++] = item(r);
	if (r->feedback)
		head[n++] = fb;
	if (r->percent)
		head[n++] = pct;
	rc = book_head(r, state, out, err, head, n, NULL, names, key_name);
	free(fb);
	free(pct);
	return rc;
}

static void canvas_keys(const struct report *r, const struct report_learner *l,
			const char **v)
{
	(void)r;
	v[0] = l->canvas_id;
	v[1] = l->id_number;
	v[2] = l->login && *l->login ? l->login : l->email;
}

static void canvas_row(const struct report *r, const struct report_learner *l,
		       const char *key, const struct report_words *w, const char **cells,
		       char **owned)
{
	static struct marks m;
	size_t k = 0;

	(void)key;
	(void)w;
	(void)owned;
	marks_of(r, l->view, &m);
	cells[k++] = l->name;
	cells[k++] = l->canvas_id;
	cells[k++] = l->id_number;
	cells[k++] = l->login && *l->login ? l->login : l->email;
	cells[k++] = l->section;
	cells[k++] = m.points;
	if (r->percent)
		cells[k++] = m.pct;
}

static int canvas_scan(const struct report *r, const struct report_learner *l,
		       void **state, char **err)
{
	(void)err;
	scan_row(r, l, state, canvas_keys);
	return 0;
}

static int canvas_part(const struct report *r, const struct report_learner *l,
		       void **state, FILE *out, char **err)
{
	(void)err;
	return book_part(r, l, state, out, canvas_row);
}

static int canvas_head(const struct report *r, void **state, FILE *out, char **err)
{
	char *pct = xasprintf("%s percent done", item(r)), top[16];
	const char *head[] = {"Student", "ID", "SIS User ID", "SIS Login ID", "Section",
			      item(r), pct};
	const char *second[] = {"Points Possible", "", "", "", "", top, "100"};
	const char *names[KEYS] = {"ID", "SIS User ID", "SIS Login ID"};
	int rc;

	snprintf(top, sizeof top, "%d", top_points(r->pack));
	rc = book_head(r, state, out, err, head, r->percent ? 7 : 6, second, names,
		       _("Canvas ID, SIS User ID or SIS Login ID"));
	free(pct);
	return rc;
}

/* Every learner scanned before the head: a row the LMS could misfile
 * refuses the file before a byte of it is written. */
const struct report_format_def report_format_moodle = {
	.name = "moodle",
	.scan = moodle_scan,
	.head = moodle_head,
	.skip = book_skip,
	.part = moodle_part,
	.end = book_end,
	.caps = REPORT_BOM | REPORT_GRADE_ITEM | REPORT_SEP | REPORT_MOODLE,
};
const struct report_format_def report_format_canvas = {
	.name = "canvas",
	.scan = canvas_scan,
	.head = canvas_head,
	.skip = book_skip,
	.part = canvas_part,
	.end = book_end,
	.caps = REPORT_BOM | REPORT_GRADE_ITEM | REPORT_SEP,
};
