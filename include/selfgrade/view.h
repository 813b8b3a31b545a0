/* SPDX-License-Identifier: MIT */
/* A learner's whole standing, computed once (SPEC §4): every front end
 * (the tutor, status, score, the four reports, verify) reads this and
 * works out nothing of its own. Collect once, print many ways.
 *
 * From a pack, a learner's progress and the evidence of their project
 * the view derives: each entry's state (done, partial, stale,
 * contradicted, not done) and note; the states kept for
 * ids the pack no longer has (orphans); each criterion met or not, with
 * the reason of each missing part; the level reached, the next level and
 * what it needs; contradictions between levels; counts; the study
 * summary. Reasons are enums: the front ends only put them into words.
 *
 * Ownership: view_new() returns a view the caller frees with view_free();
 * it borrows the pack and the progress (and the sessions), which must
 * outlive it. */
#ifndef SELFGRADE_VIEW_H
#define SELFGRADE_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "selfgrade/content.h"
#include "selfgrade/progress.h"
#include "selfgrade/rules.h"

enum view_state {
	VS_NOT_DONE,
	VS_DONE,
	VS_STALE,   /* confirmed, but what it confirmed has changed since */
	VS_PARTIAL, /* some of an item's sub-items are done */
	/* Ticked, but the newest evidence contradicts it and no dispute
	 * answers that: not counted, like a tick not made. An item with
	 * sub-items is contradicted when one of them is. */
	VS_CONTRADICTED,
};

/* What one missing part asks of the learner. */
enum view_need {
	NEED_TICK,     /* a checklist item to tick */
	NEED_CONFIRM,  /* a mistake to confirm avoided */
	NEED_ATTEST,   /* the criterion's own attestation */
	NEED_CRITICAL, /* a CRITICAL item: every level requires it */
};

struct view_missing {
	const struct pack_entry *e; /* a leaf item, a mistake or a criterion */
	enum view_need need;
	bool stale; /* done once, but it changed since: confirm again */
	bool contradicted; /* ticked, but the project contradicts it */
};

struct view_criterion {
	const struct pack_criterion *c;
	bool met;
	/* Each part still needed, in the order of `requires`, the
	 * attestation last. */
	struct view_missing *missing;
	size_t n_missing;
	bool needs_attestation;
};

struct view_level {
	const struct pack_level *level;
	bool criteria_met; /* its own criteria, critical items aside */
	bool met;	   /* ... and every critical item done */
	struct view_criterion *crit;
	size_t n_crit;
};

/* A higher level's criteria all met while a lower level's criterion is
 * not: the learner is owed an explanation, since the level reached is
 * the lower one's. */
struct view_contradiction {
	const struct view_level *higher, *lower;
	const struct view_criterion *unmet;
};

struct view_study {
	size_t sessions;
	long cards, first_try;
	long long seconds;
};


struct evidence;

struct view {
	const struct pack *pack;
	const struct progress *progress;
	enum view_state *state;	   /* by index of pack->index */
	const struct prog_state **orphans; /* states for ids not in the pack */
	size_t n_orphans;
	size_t done, total; /* checkables: leaf items, mistakes, attestations */
	size_t done_of[3], total_of[3]; /* the same by enum prog_kind */
	struct view_level *levels; /* as in the pack, highest first */
	size_t n_levels;
	const struct view_level *level; /* reached, or NULL: not yet */
	const struct view_level *next;	/* the next level up, or NULL */
	struct view_missing *critical;	/* critical leaves not done */
	size_t n_critical;
	struct view_contradiction *contra;
	size_t n_contra;
	struct view_study study;
	/* What probes found in the learner's project (view_use_evidence):
	 * the latest per probe; the ticks evidence backs or contradicts
	 * (those in VS_CONTRADICTED), those whose contradiction the learner
	 * disputes (view_disputed()), and how many ticks are the learner's
	 * word only (the disputed among them). */
	const struct evidence *evidence;
	size_t n_evidence;
	const struct pack_entry **backed, **contradicted, **disputed;
	size_t n_backed, n_contradicted, n_disputed, n_self_reported;
	/* An instructor's reviews (view_use_reviews): the latest per entry;
	 * the level as the instructor sees it, their "not agreed" criteria
	 * counting as unmet (the learner's own ticks are untouched). */
	const struct review *reviews;
	size_t n_reviews;
	bool reviewed;
	const struct pack_level *review_level; /* NULL: not yet */
	const struct pack_criterion **not_agreed;
	size_t n_not_agreed;
	/* Internal: the critical items not under another, for updates. */
	const struct pack_item **crit_roots;
	size_t n_crit_roots;
};

struct study_session;

/* sessions may be NULL (n 0). */
struct view *view_new(const struct pack *p, const struct progress *pr,
		      const struct study_session *sessions, size_t n_sessions);
void view_free(struct view *v);

/* The states of the given entries (items, mistakes, criteria of the pack,
 * any order) changed in the progress v reads, which the caller replaced
 * in place (ids not in the pack need no entry): brings v up to date in
 * time proportional to the change and the rubric, not the pack. The
 * evidence last given (view_use_evidence()) must still be alive: it is
 * read again. The result equals a view_new() of that progress given the
 * same evidence. */
void view_update(struct view *v, const struct pack_entry *const *changed,
		 size_t n);

/* Takes the learner's latest evidence (evidence_latest(), borrowed) into
 * the view: a tick it contradicts, undisputed, stops counting (and one
 * it no longer contradicts counts again), in time proportional to the
 * evidence and the rubric. */
void view_use_evidence(struct view *v, const struct evidence *ev, size_t n);
struct review;
/* Takes the instructor's latest reviews (review_latest(), borrowed). */
void view_use_reviews(struct view *v, const struct review *r, size_t n);
const struct review *view_review(const struct view *v, const char *id);

/* The evidence of e that counts (evidence_for), or NULL. */
const struct evidence *view_evidence(const struct view *v, const struct pack_entry *e);
/* Whether e is ticked while evidence contradicts it (VS_CONTRADICTED). */
bool view_contradicted(const struct view *v, const struct pack_entry *e);
/* The contradiction of e's tick the learner disputes (and so counts), or
 * NULL. */
const struct evidence *view_disputed(const struct view *v, const struct pack_entry *e);

/* The state of an item, mistake or criterion (NOT_DONE for the rest). */
enum view_state view_state_of(const struct view *v, const struct pack_entry *e);
/* The state of an item of the pack's tree, by the place the loader gave
 * it (no search by id). */
enum view_state view_item_state(const struct view *v, const struct pack_item *it);
const struct prog_note *view_note(const struct view *v, const char *id);

/* The view of a level or criterion of the pack. */
const struct view_level *view_level_of(const struct view *v,
				       const struct pack_level *l);
const struct view_criterion *view_criterion_of(const struct view *v,
					       const struct pack_criterion *c);

/* What front ends show as an entry's name: an item's or criterion's
 * text, a mistake's title, else its id. */
const char *view_entry_text(const struct pack_entry *e);

/* Whether l is reached: it and every level below it met. */
bool view_level_reached(const struct view *v, const struct view_level *l);

/* "exemplary", "meets", ... or "not-yet"; and the level's title or NULL. */
const char *view_level_id(const struct view *v);
/* Percent done, rounded to the nearest whole number. */
int view_percent(const struct view *v);


/* Done over time: the log replayed in its order, one point per event
 * that changed the count or the level; the caller frees the array. */
struct view_point {
	const char *at; /* the event's time, as written */
	size_t done;
	const struct pack_level *level; /* reached then, or NULL */
};
struct view_point *view_timeline(const struct pack *p,
				 const struct prog_event *ev, size_t n,
				 size_t *n_points);

#endif
