/* SPDX-License-Identifier: MIT */
/* A cohort at a glance: what an instructor first wants to know, which
 * criteria and items the group misses, counted from the learners' views.
 *
 * Ownership: cohort_new() returns a summary the caller frees with
 * cohort_free(); it points into the pack, which must outlive it. */
#ifndef SELFGRADE_COHORT_H
#define SELFGRADE_COHORT_H

#include <stddef.h>

#include "selfgrade/view.h"

/* One checkable (leaf item, mistake, attestation), in the pack's order. */
struct cohort_entry {
	const struct pack_entry *e;
	size_t done;  /* learners for whom it counts */
	size_t stale; /* learners whose tick went stale with a content change */
	/* What missing it blocks: 0 every level (a CRITICAL item), 1 a
	 * level (a criterion requires it, or it is an attestation), 2 no
	 * level. */
	unsigned char blocks;
};

struct cohort_criterion {
	const struct pack_criterion *c;
	size_t met;
};

struct cohort {
	size_t n_learners;
	size_t *at_level; /* learners who reached pack->levels[i] (and not higher) */
	size_t not_yet;
	struct cohort_criterion *crit; /* every criterion, levels highest first */
	size_t n_crit;
	struct cohort_entry *entries;
	size_t n_entries;
	size_t blocked; /* learners a CRITICAL item keeps from every level */
	size_t stale_learners;
	/* Ticks: backed by evidence from the learners' projects, contradicted
	 * by it, on the learner's word only; and learners with a
	 * contradicted tick. */
	size_t backed, contradicted, self_reported, contradicted_learners;
	/* Learners the instructor has reviewed, and those of them whose
	 * level in the instructor's view is not their own. */
	size_t reviewed, review_differs;
	/* The entries some learner still misses that block most (at most
	 * COHORT_MOST_MISSED): CRITICAL items first, then what criteria
	 * require, then the rest; within each, fewest done first. */
	const struct cohort_entry **missed;
	size_t n_missed;
};

#define COHORT_MOST_MISSED 5

struct cohort *cohort_new(const struct pack *p, const struct view *const *v,
			  size_t n);
/* The same counted one learner at a time, so that a cohort is summed up
 * without holding its views: cohort_begin(), cohort_add() for each
 * learner, cohort_end() (which picks the most missed) before reading. */
struct cohort *cohort_begin(const struct pack *p);
void cohort_add(struct cohort *c, const struct view *v);
void cohort_end(struct cohort *c);
void cohort_free(struct cohort *c);

/* Percent of n, rounded; 0 for an empty cohort. */
int cohort_percent(size_t k, size_t n);

#endif
