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

int report_write_moodle(const struct report *r, FILE *out, char **err)
{
	char *pct_head = xasprintf("%s percent done", item(r));
	const char *head[] = {"Email address", "ID number", "Full name", item(r), pct_head};

	if (r->bom)
		fputs("\xef\xbb\xbf", out);
	row(out, head, 5);
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = report_learner(r, i, err);
		char points[16], pct[16];
		if (!l)
			break;
		snprintf(points, sizeof points, "%d", report_points(l->view));
		snprintf(pct, sizeof pct, "%d", view_percent(l->view));
		const char *cells[] = {l->email, l->id_number, l->name, points, pct};
		row(out, cells, 5);
	}
	free(pct_head);
	return 0;
}

int report_write_canvas(const struct report *r, FILE *out, char **err)
{
	char *pct_head = xasprintf("%s percent done", item(r));
	const char *head[] = {"Student", "ID", "SIS User ID", "SIS Login ID", "Section",
			      item(r), pct_head};

	if (r->bom)
		fputs("\xef\xbb\xbf", out);
	row(out, head, 7);
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = report_learner(r, i, err);
		char points[16], pct[16];
		if (!l)
			break;
		snprintf(points, sizeof points, "%d", report_points(l->view));
		snprintf(pct, sizeof pct, "%d", view_percent(l->view));
		const char *cells[] = {l->name, l->uid, l->id_number, l->email, l->section,
				       points, pct};
		row(out, cells, 7);
	}
	free(pct_head);
	return 0;
}
