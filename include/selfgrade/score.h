/* SPDX-License-Identifier: MIT */
/* Scoring (SPEC §4): a pure function of a pack and a learner's progress.
 *
 * Items with sub-items are done when all their leaves are (derived, never
 * stored); a stale state (its text changed since it was confirmed) does not
 * count; every critical item is required by every level; the level reached
 * is the highest whose criteria, and those of every level below, are met.
 * The result names, for the next level up, exactly what is missing. */
#ifndef SELFGRADE_SCORE_H
#define SELFGRADE_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "selfgrade/content.h"
#include "selfgrade/progress.h"

enum score_state {
	SS_NOT_DONE,
	SS_DONE,
	SS_STALE,   /* confirmed, but the text has changed since */
	SS_PARTIAL, /* some of an item's sub-items are done */
};

/* The state of e (an item, a mistake or a criterion's attestation). */
enum score_state score_state_of(const struct pack_entry *e,
				const struct progress *pr);
/* The same for an item, without an index look-up. */
enum score_state score_item_state(const struct pack_item *it,
				  const struct progress *pr);

struct score_criterion {
	const struct pack_criterion *c;
	bool met;
	/* The leaf items and mistakes still needed, as pack ids; each is
	 * either not done or stale (stale[i]). */
	const char **missing;
	bool *stale;
	size_t n_missing;
	bool needs_attestation;
};

struct score_level {
	const struct pack_level *level;
	bool met; /* its own criteria and the critical items */
	struct score_criterion *crit;
	size_t n_crit;
};

struct score {
	const struct pack_level *level; /* reached, or NULL: not yet */
	const struct pack_level *next;	/* the next level up, or NULL */
	size_t done, total;		/* checkable ids done / in all */
	struct score_level *levels;	/* as in the pack, highest first */
	size_t n_levels;
	const char **missing_critical;	/* critical leaves not done */
	size_t n_missing_critical;
};

/* Caller-owned; free with score_free. Pointers into p stay valid while p
 * does. */
struct score *score_compute(const struct pack *p, const struct progress *pr);
void score_free(struct score *s);

/* "exemplary", "meets", ... or "not-yet". */
const char *score_level_id(const struct score *s);

#endif
