/* SPDX-License-Identifier: MIT */
/* Files a gradebook imports: one row per learner, identified as the LMS
 * maps rows, one grade column (its header the --grade-item option, else
 * "selfgrade"), then percent done. The grade is the level's points
 * (a level's `points` in rubric.yaml; by default the highest level 100,
 * each one below 20 fewer; "not yet" 0).
 *
 * Moodle's grade import (CSV) maps rows by email address, ID number or
 * username; Canvas's gradebook import wants Student, ID, SIS Login ID and
 * Section first. Both are CSV as report_csv.c writes it. */
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/xalloc.h"

int report_points(const struct view *v)
{
	const struct pack_level *l;
	size_t i;

	if (!v->level)
		return 0;
	l = v->level->level;
	if (l->points)
		return l->points;
	i = (size_t)(v->level - v->levels);
	return i < 5 ? 100 - 20 * (int)i : 0;
}

static void row(FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		report_csv_cell(out, cells[i] ? cells[i] : "", i == 0);
	fputs("\r\n", out);
}

static const char *item(const struct report *r)
{
	return r->grade_item && *r->grade_item ? r->grade_item : "selfgrade";
}

/* A learner's row: cells[] from the learner, the grade and the percent. */
typedef void fill_fn(const struct report_learner *l, const char *points,
		     const char *pct, const char **cells);

/* One gradebook file: its header row (n columns, the last two the grade
 * and the percent, named here), then a row per learner. */
static int gradebook(const struct report *r, FILE *out, char **err,
		     const char **head, size_t n, fill_fn *fill)
{
	char *pct_head = xasprintf("%s percent done", item(r));
	const char *cells[8];
	int rc = 0;

	head[n - 2] = item(r);
	head[n - 1] = pct_head;
	if (r->bom)
		fputs("\xef\xbb\xbf", out);
	row(out, head, n);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		const struct report_learner *l = report_learner(r, i, err);
		char points[16], pct[16];
		if (!l) {
			rc = -1;
			break;
		}
		snprintf(points, sizeof points, "%d", report_points(l->view));
		snprintf(pct, sizeof pct, "%d", view_percent(l->view));
		fill(l, points, pct, cells);
		row(out, cells, n);
	}
	free(pct_head);
	return rc;
}

static void moodle_row(const struct report_learner *l, const char *points,
		       const char *pct, const char **cells)
{
	const char *v[] = {l->email, l->id_number, l->name, points, pct};
	memcpy(cells, v, sizeof v);
}

static int report_write_moodle(const struct report *r, FILE *out, char **err)
{
	const char *head[] = {"Email address", "ID number", "Full name", NULL, NULL};

	return gradebook(r, out, err, head, 5, moodle_row);
}

static void canvas_row(const struct report_learner *l, const char *points,
		       const char *pct, const char **cells)
{
	const char *v[] = {l->name, l->uid, l->id_number, l->email, l->section, points, pct};
	memcpy(cells, v, sizeof v);
}

static int report_write_canvas(const struct report *r, FILE *out, char **err)
{
	const char *head[] = {"Student", "ID", "SIS User ID", "SIS Login ID", "Section",
			      NULL, NULL};

	return gradebook(r, out, err, head, 7, canvas_row);
}

const struct report_format_def report_format_moodle = {
	"moodle", report_write_moodle, false, false, NULL, NULL, REPORT_BOM | REPORT_GRADE_ITEM};
const struct report_format_def report_format_canvas = {
	"canvas", report_write_canvas, false, false, NULL, NULL, REPORT_BOM | REPORT_GRADE_ITEM};
