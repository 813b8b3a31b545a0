/* SPDX-License-Identifier: MIT */
/* The formats: a table of writers, the one place that knows them all.
 * Above every writer (report_*.c), which only print what collect.c's
 * report_write() hands them. */
#include "selfgrade/report.h"

#include <stdio.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/i18n.h"

/* Each writer file defines its format (name, writer, what it needs, its
 * capabilities); adding a format is that file and one entry here, in the
 * order --help lists them. */
extern const struct report_format_def report_format_json, report_format_csv,
    report_format_md, report_format_html, report_format_xlsx, report_format_moodle,
    report_format_canvas, report_format_review;

static const struct report_format_def *const formats[] = {
	&report_format_json,   &report_format_csv,    &report_format_md,
	&report_format_html,   &report_format_xlsx,   &report_format_moodle,
	&report_format_canvas, &report_format_review,
};

const struct report_format_def *report_format_of(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (strcmp(name, formats[i]->name) == 0)
			return formats[i];
	return NULL;
}

const char *report_format_names(void)
{
	static char names[128];

	if (!names[0])
		for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names),
				 "%s%s", i ? "|" : "", formats[i]->name);
	return names;
}

const char *report_format_list(void)
{
	static char list[160];
	size_t n = sizeof formats / sizeof *formats;

	if (!list[0])
		for (size_t i = 0; i < n; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				 i == 0 ? "" : i + 1 == n ? _(" or ") : ", ", formats[i]->name);
	return list;
}

const char *report_formats_with(unsigned cap)
{
	static char lists[8][96];
	size_t k = 0, n = 0, i;
	char *list;

	while (k < 7 && !(cap & (1u << k)))
		k++;
	list = lists[k];
	if (list[0])
		return list;
	for (i = 0; i < sizeof formats / sizeof *formats; i++)
		n += (formats[i]->caps & cap) != 0;
	for (i = 0, k = 0; i < sizeof formats / sizeof *formats; i++)
		if (formats[i]->caps & cap) {
			k++;
			snprintf(list + strlen(list), sizeof lists[0] - strlen(list), "%s%s",
				 k == 1 ? "" : k == n ? _(" or ") : ", ", formats[i]->name);
		}
	return list;
}
