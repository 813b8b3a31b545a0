/* SPDX-License-Identifier: MIT */
/* Between report.c and the writers, one file per format. */
#ifndef SELFGRADE_REPORT_IMPL_H
#define SELFGRADE_REPORT_IMPL_H

#include "selfgrade/report.h"

int report_write_json(const struct report *r, FILE *out);
int report_write_csv(const struct report *r, FILE *out);
int report_write_md(const struct report *r, FILE *out);
int report_write_html(const struct report *r, FILE *out);

/* What a learner ticks, in the pack's order: leaf items as the tree has
 * them, mistakes, attestable criteria. Caller frees the array. */
void report_checkables(const struct pack *p, const struct pack_entry ***v,
		       size_t *n);
int report_by_pos(const void *a, const void *b);
int report_state_by_id(const void *a, const void *b);
int report_note_by_id(const void *a, const void *b);

/* A learner's study sessions summed up. */
struct report_study {
	size_t sessions;
	long cards, first_try;
	long long seconds;
};
void report_study(const struct report_learner *l, struct report_study *out);

/* The time of the learner's last change (or when they were added). */
const char *report_last_activity(const struct report_learner *l);

#endif
