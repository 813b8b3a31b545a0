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

/* The learners whose rows the LMS could misfile: without any of the
 * identifying values, or sharing one with another learner. 0 with
 * rows[i].why set for each; -1 when a learner cannot be read. */
static int check_rows(const struct report *r, keys_fn *keys, const char *const *names,
		      struct keyed_row *rows, char **err)
{
	struct value_of *by = xmalloc((r->n ? r->n : 1) * sizeof *by);

	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = report_learner(r, i, err);
		const char *v[KEYS] = {0};
		bool any = false;
		if (!l) {
			free(by);
			return -1;
		}
		keys(r, l, v);
		rows[i].name = xstrdup(l->name);
		for (int c = 0; c < KEYS; c++) {
			rows[i].v[c] = v[c] && *v[c] ? xstrdup(v[c]) : NULL;
			any |= rows[i].v[c] != NULL;
		}
		if (!any)
			rows[i].why = "none";
	}
	/* Case aside, as an email is compared. */
	for (int c = 0; c < KEYS; c++) {
		size_t k = 0;
		if (!names[c])
			continue;
		for (size_t i = 0; i < r->n; i++)
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
	return 0;
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

/* One gradebook file: its header row (n columns), an optional second row
 * (Canvas's Points Possible), then a row per learner whose identifying
 * values are sound (check_rows). */
static int gradebook(const struct report *r, FILE *out, char **err, const char **head,
		     size_t n, const char *const *second, keys_fn *keys,
		     const char *const *key_names, const char *what,
		     fill_fn *fill)
{
	struct keyed_row *rows = xcalloc(r->n ? r->n : 1, sizeof *rows);
	const char *cells[12];
	struct report_basis basis;
	size_t bad = 0;
	int rc = 0;

	report_basis_init(&basis, r->pack);

	if (check_rows(r, keys, key_names, rows, err))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < r->n; i++)
		bad += rows[i].why != NULL;
	if (rc == 0 && bad) {
		char *list = unsound(rows, r->n, key_names, what);
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
			rc = -1;
		} else if (r->left_out) {
			*r->left_out = xasprintf(
				P_("%zu learner left out of the gradebook: %s",
				   "%zu learners left out of the gradebook: %s", bad),
				bad, list);
		}
		free(list);
	}
	if (rc == 0) {
		if (r->bom)
			fputs("\xef\xbb\xbf", out);
		row(r, out, head, n);
		if (second)
			row(r, out, second, n);
	}
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		const struct report_learner *l;
		if (rows[i].why)
			continue;
		if (!(l = report_learner(r, i, err))) {
			rc = -1;
			break;
		}
		char *owned = NULL;
		fill(r, l, rows[i].v[0], &basis.words, cells, &owned);
		row(r, out, cells, n);
		free(owned);
	}
	report_basis_free(&basis);
	for (size_t i = 0; i < r->n; i++) {
		free(rows[i].name);
		for (int c = 0; c < KEYS; c++)
			free(rows[i].v[c]);
	}
	free(rows);
	return rc;
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

static int report_write_moodle(const struct report *r, FILE *out, char **err)
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
	rc = gradebook(r, out, err, head, n, NULL, moodle_keys, names, key_name, moodle_row);
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

static int report_write_canvas(const struct report *r, FILE *out, char **err)
{
	char *pct = xasprintf("%s percent done", item(r)), top[16];
	const char *head[] = {"Student", "ID", "SIS User ID", "SIS Login ID", "Section",
			      item(r), pct};
	const char *second[] = {"Points Possible", "", "", "", "", top, "100"};
	const char *names[KEYS] = {"ID", "SIS User ID", "SIS Login ID"};
	int rc;

	snprintf(top, sizeof top, "%d", top_points(r->pack));
	rc = gradebook(r, out, err, head, r->percent ? 7 : 6, second, canvas_keys, names,
		       _("Canvas ID, SIS User ID or SIS Login ID"), canvas_row);
	free(pct);
	return rc;
}

const struct report_format_def report_format_moodle = {
	"moodle", report_write_moodle, false, false, NULL, NULL,
	REPORT_BOM | REPORT_GRADE_ITEM | REPORT_SEP | REPORT_MOODLE};
const struct report_format_def report_format_canvas = {
	"canvas", report_write_canvas, false, false, NULL, NULL,
	REPORT_BOM | REPORT_GRADE_ITEM | REPORT_SEP};
