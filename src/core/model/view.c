/* SPDX-License-Identifier: MIT */
/* The learner view: scoring and everything around it, in one place. */
#include "selfgrade/view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/evidence.h"
#include "selfgrade/review.h"
#include "selfgrade/study.h"
#include "selfgrade/xalloc.h"

/* e's place in the pack's index; e may also be a copy of an entry (the
 * tutor keeps copies in its rows), found then by its id. */
static size_t index_of(const struct view *v, const struct pack_entry *e)
{
	return pack_index_of(v->pack, e);
}

/* An item's place in the index: the one the loader gave it, checked
 * here rather than in a call per leaf (scoring walks every leaf under
 * each criterion); a copy found by its id. */
static size_t item_index(const struct view *v, const struct pack_item *it)
{
	const struct pack *p = v->pack;

	if (it->idx < p->n_index && p->index[it->idx].u.item == it)
		return it->idx;
	return index_of(v, pack_item_entry(p, it));
}

/* A leaf's state: what is stored, against what the entry reads now and
 * what the learner's project says of it. */
static enum view_state leaf_state(const struct view *v, const struct pack_entry *e)
{
	const struct prog_state *ps = progress_state(v->progress, e->id);

	if (!ps || !ps->done)
		return VS_NOT_DONE;
	if (!pack_hash_confirms(e, ps->hash))
		return VS_STALE;
	return evidence_contradicts(evidence_for(v->evidence, v->n_evidence, e->id))
		       ? VS_CONTRADICTED
		       : VS_DONE;
}

/* What is missing, listed. */
struct missv {
	struct view_missing *v;
	size_t n, cap;
};

static void miss_add(struct missv *m, const struct pack_entry *e,
		     enum view_need need, enum view_state s)
{
	xgrow(&m->v, &m->cap, m->n + 1, sizeof *m->v);
	m->v[m->n++] = (struct view_missing){e, need, s == VS_STALE,
					     s == VS_CONTRADICTED};
}

/* The leaves under it that are not done. */
static void missing_leaves(const struct view *v, const struct pack_item *it,
			   enum view_need need, struct missv *out)
{
	if (pack_item_is_leaf(it)) {
		size_t at = item_index(v, it);
		enum view_state s = v->state[at];
		if (s != VS_DONE)
			miss_add(out, &v->pack->index[at], need, s);
		return;
	}
	for (size_t i = 0; i < it->n_items; i++)
		missing_leaves(v, &it->items[i], need, out);
}

/* The critical items not under another, in tree order: found once per
 * view, so that an update need not walk the whole pack again. */
static void critical_roots(struct view *v, const struct pack_item *items,
			   size_t n, size_t *cap)
{
	for (size_t i = 0; i < n; i++) {
		if (!items[i].critical) {
			critical_roots(v, items[i].items, items[i].n_items, cap);
			continue;
		}
		xgrow(&v->crit_roots, cap, v->n_crit_roots + 1, sizeof *v->crit_roots);
		v->crit_roots[v->n_crit_roots++] = &items[i];
	}
}

static void critical_missing(struct view *v)
{
	struct missv crit = {0};

	for (size_t i = 0; i < v->n_crit_roots; i++)
		missing_leaves(v, v->crit_roots[i], NEED_CRITICAL, &crit);
	free(v->critical);
	v->critical = crit.v;
	v->n_critical = crit.n;
}

static void criterion(struct view *v, const struct pack_criterion *c,
		      struct view_criterion *out)
{
	struct missv miss = {0};

	out->c = c;
	for (size_t i = 0; i < c->requires.n; i++) {
		/* resolved by the loader, which refuses an id it cannot find */
		const struct pack_entry *e = &v->pack->index[c->requires.v[i].at];
		if (e->kind == PACK_ITEM) {
			missing_leaves(v, e->u.item, NEED_TICK, &miss);
		} else {
			enum view_state s = v->state[c->requires.v[i].at];
			if (s != VS_DONE)
				miss_add(&miss, e, NEED_CONFIRM, s);
		}
	}
	if (c->attest) {
		const struct pack_entry *e = &v->pack->index[c->idx];
		enum view_state s = v->state[c->idx];
		out->needs_attestation = s != VS_DONE;
		if (out->needs_attestation)
			miss_add(&miss, e, NEED_ATTEST, s);
	}
	out->missing = miss.v;
	out->n_missing = miss.n;
	out->met = miss.n == 0;
}

/* Levels run highest first: climb from the lowest while met. */
static void climb(struct view *v)
{
	v->level = v->next = NULL;
	for (size_t i = v->n_levels; i-- > 0;) {
		if (!v->levels[i].met) {
			v->next = &v->levels[i];
			break;
		}
		v->level = &v->levels[i];
	}
}

static void levels(struct view *v)
{
	const struct pack *p = v->pack;

	v->n_levels = p->n_levels;
	v->levels = xcalloc(p->n_levels ? p->n_levels : 1, sizeof *v->levels);
	for (size_t i = 0; i < p->n_levels; i++) {
		struct view_level *l = &v->levels[i];
		l->level = &p->levels[i];
		l->n_crit = p->levels[i].n_criteria;
		l->crit = xcalloc(l->n_crit ? l->n_crit : 1, sizeof *l->crit);
		l->criteria_met = true;
		for (size_t j = 0; j < l->n_crit; j++) {
			criterion(v, &p->levels[i].criteria[j], &l->crit[j]);
			l->criteria_met &= l->crit[j].met;
		}
		l->met = l->criteria_met && v->n_critical == 0;
	}
	climb(v);
	/* A higher level whose criteria are all met, above a lower one that
	 * is not: name each unmet criterion below. */
	for (size_t hi = 0; hi < p->n_levels; hi++) {
		if (!v->levels[hi].criteria_met)
			continue;
		for (size_t lo = hi + 1; lo < p->n_levels; lo++)
			for (size_t j = 0; j < v->levels[lo].n_crit; j++) {
				size_t cap = v->n_contra;
				if (v->levels[lo].crit[j].met)
					continue;
				xgrow(&v->contra, &cap, v->n_contra + 1, sizeof *v->contra);
				v->contra[v->n_contra++] = (struct view_contradiction){
					&v->levels[hi], &v->levels[lo], &v->levels[lo].crit[j]};
			}
	}
}

static void orphans(struct view *v)
{
	const struct progress *pr = v->progress;
	size_t cap = 0;

	free(v->orphans);
	v->orphans = NULL;
	v->n_orphans = 0;
	for (size_t i = 0; i < pr->n_states; i++) {
		if (pack_find(v->pack, pr->states[i].id))
			continue;
		xgrow(&v->orphans, &cap, v->n_orphans + 1, sizeof *v->orphans);
		v->orphans[v->n_orphans++] = &pr->states[i];
	}
}

static void study(struct view *v, const struct study_session *s, size_t n)
{
	v->study.sessions = n;
	for (size_t i = 0; i < n; i++) {
		int64_t a = timefmt_seconds(s[i].started_at);
		int64_t b = timefmt_seconds(s[i].ended_at);
		v->study.cards += s[i].cards;
		v->study.first_try += s[i].first_try;
		if (a >= 0 && b >= a)
			v->study.seconds += b - a;
	}
}

/* A leaf, mistake or attestation: its state again, and the count. */
static void restate(struct view *v, size_t i)
{
	enum view_state was = v->state[i], now;
	int k = progress_kind_of(&v->pack->index[i]);

	if (k < 0)
		return;
	now = leaf_state(v, &v->pack->index[i]);
	v->state[i] = now;
	v->done += (now == VS_DONE) - (was == VS_DONE);
	v->done_of[k] += (now == VS_DONE) - (was == VS_DONE);
}

/* An item with sub-items: its state from theirs; a contradicted one
 * shows, so that a folded item does not hide it. */
static void restate_parent(struct view *v, const struct pack_item *it)
{
	size_t done = 0, some = 0, contra = 0;

	for (size_t i = 0; i < it->n_items; i++) {
		enum view_state c =
			v->state[item_index(v, &it->items[i])];
		done += c == VS_DONE;
		some += c != VS_NOT_DONE;
		contra += c == VS_CONTRADICTED;
	}
	v->state[item_index(v, it)] = contra		      ? VS_CONTRADICTED
				      : done == it->n_items ? VS_DONE
				      : some		      ? VS_PARTIAL
							      : VS_NOT_DONE;
}

/* Deepest first, so that a parent is stated after its sub-items; one
 * parent's copies side by side. */
static int by_depth(const void *a, const void *b)
{
	const struct pack_item *x = *(const struct pack_item *const *)a;
	const struct pack_item *y = *(const struct pack_item *const *)b;

	if (x->depth != y->depth)
		return x->depth < y->depth ? 1 : -1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Only the entries stored done, and the items above them, are stated:
 * every other entry is not done (VS_NOT_DONE is 0, as calloc left it).
 * Each stored state is then looked up and hashed once, not each leaf of
 * the pack looked up in the stored states: on a pack of 100,000 items,
 * check did that for every item to print one line. Each parent is stated
 * once, after all its sub-items, however many of them are done. */
static void stored_states(struct view *v)
{
	const struct progress *pr = v->progress;
	const struct pack_item **up = NULL;
	size_t n_up = 0, cap = 0;

	_Static_assert(VS_NOT_DONE == 0, "a calloc'd state is not done");
	for (size_t i = 0; i < pr->n_states; i++) {
		const struct pack_entry *e;
		if (!pr->states[i].done ||
		    !(e = pack_find(v->pack, pr->states[i].id)) ||
		    progress_kind_of(e) < 0)
			continue;
		restate(v, (size_t)(e - v->pack->index));
		if (e->kind != PACK_ITEM)
			continue;
		for (const struct pack_item *it = e->u.item->parent; it; it = it->parent) {
			xgrow(&up, &cap, n_up + 1, sizeof *up);
			up[n_up++] = it;
		}
	}
	if (n_up)
		qsort(up, n_up, sizeof *up, by_depth);
	for (size_t i = 0; i < n_up; i++)
		if (i == 0 || up[i] != up[i - 1])
			restate_parent(v, up[i]);
	free(up);
}

struct view *view_new(const struct pack *p, const struct progress *pr,
		      const struct study_session *sessions, size_t n_sessions)
{
	struct view *v = xcalloc(1, sizeof *v);
	size_t cap = 0;

	v->pack = p;
	v->progress = pr;
	v->state = xcalloc(p->n_index ? p->n_index : 1, sizeof *v->state);
	for (size_t i = 0; i < p->n_index; i++) {
		int k = progress_kind_of(&p->index[i]);
		if (k < 0)
			continue;
		v->total++;
		v->total_of[k]++;
	}
	stored_states(v);
	for (size_t i = 0; i < p->n_sections; i++)
		critical_roots(v, p->sections[i].items, p->sections[i].n_items, &cap);
	critical_missing(v);
	levels(v);
	orphans(v);
	study(v, sessions, n_sessions);
	return v;
}

static void free_levels(struct view *v)
{
	for (size_t i = 0; i < v->n_levels; i++) {
		for (size_t j = 0; j < v->levels[i].n_crit; j++)
			free(v->levels[i].crit[j].missing);
		free(v->levels[i].crit);
	}
	free(v->levels);
	free(v->contra);
	v->levels = NULL;
	v->contra = NULL;
	v->n_levels = v->n_contra = 0;
	v->level = v->next = NULL;
}

/* The entries changed, and their parents, stated again. */
static void restate_changed(struct view *v, const struct pack_entry *const *changed,
			    size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = index_of(v, changed[k]);
		const struct pack_entry *e;
		if (i == SIZE_MAX)
			continue; /* an orphan */
		e = &v->pack->index[i];
		restate(v, i);
		if (e->kind == PACK_ITEM)
			for (const struct pack_item *up = e->u.item->parent; up;
			     up = up->parent)
				restate_parent(v, up);
	}
}

static void evidence_lists(struct view *v);

void view_update(struct view *v, const struct pack_entry *const *changed,
		 size_t n)
{
	restate_changed(v, changed, n);
	critical_missing(v);
	free_levels(v);
	levels(v);
	orphans(v);
	evidence_lists(v);
}

void view_free(struct view *v)
{
	if (!v)
		return;
	free_levels(v);
	free(v->critical);
	free(v->crit_roots);
	free(v->orphans);
	free(v->state);
	free(v->backed);
	free(v->contradicted);
	free(v->disputed);
	free(v->not_agreed);
	free(v);
}

const struct review *view_review(const struct view *v, const char *id)
{
	return review_for(v->reviews, v->n_reviews, id);
}

void view_use_reviews(struct view *v, const struct review *r, size_t n)
{
	size_t cap = 0;

	v->reviews = r;
	v->n_reviews = n;
	v->reviewed = n > 0;
	v->n_not_agreed = 0;
	v->review_level = NULL;
	for (size_t i = 0; i < v->n_levels; i++)
		for (size_t j = 0; j < v->levels[i].n_crit; j++) {
			const struct pack_criterion *c = v->levels[i].crit[j].c;
			const struct review *x = review_for(r, n, c->id);
			if (!x || x->mark != REVIEW_NOT_AGREED)
				continue;
			xgrow(&v->not_agreed, &cap, v->n_not_agreed + 1, sizeof *v->not_agreed);
			v->not_agreed[v->n_not_agreed++] = c;
		}
	/* The instructor's level: climb as the learner's does, a criterion
	 * they do not agree with counting as unmet. */
	for (size_t i = v->n_levels; i-- > 0;) {
		bool met = v->levels[i].met;
		for (size_t j = 0; j < v->levels[i].n_crit && met; j++) {
			const struct review *x = review_for(r, n, v->levels[i].crit[j].c->id);
			met = !x || x->mark != REVIEW_NOT_AGREED;
		}
		if (!met)
			break;
		v->review_level = v->levels[i].level;
	}
}

const struct evidence *view_evidence(const struct view *v, const struct pack_entry *e)
{
	return e ? evidence_for(v->evidence, v->n_evidence, e->id) : NULL;
}

bool view_contradicted(const struct view *v, const struct pack_entry *e)
{
	size_t i = e ? index_of(v, e) : SIZE_MAX;
	return i != SIZE_MAX && v->state[i] == VS_CONTRADICTED;
}

const struct evidence *view_disputed(const struct view *v, const struct pack_entry *e)
{
	const struct evidence *ev = view_evidence(v, e);
	size_t i = e ? index_of(v, e) : SIZE_MAX;

	if (!ev || ev->verdict != PROBE_CONTRADICTED || !ev->dispute ||
	    i == SIZE_MAX || v->state[i] != VS_DONE)
		return NULL;
	return ev;
}

/* The ticks evidence backs and contradicts, and those that are the
 * learner's word only: over what counts as done (leaf items, mistakes,
 * attestations), each done only by a stored state, so the states
 * (sorted by id, as the index is) are walked, not the whole pack. */
static void evidence_lists(struct view *v)
{
	const struct pack *p = v->pack;
	size_t cap_b = 0, cap_c = 0, cap_d = 0;

	free(v->backed);
	free(v->contradicted);
	free(v->disputed);
	v->backed = v->contradicted = v->disputed = NULL;
	v->n_backed = v->n_contradicted = v->n_disputed = v->n_self_reported = 0;
	if (!v->n_evidence) {
		v->n_self_reported = v->done;
		return;
	}
	for (size_t k = 0; k < v->progress->n_states; k++) {
		const struct pack_entry *e = pack_find(p, v->progress->states[k].id);
		const struct evidence *x;
		enum view_state s;
		if (!e || progress_kind_of(e) < 0)
			continue;
		s = v->state[e - p->index];
		if (s == VS_CONTRADICTED) {
			xgrow(&v->contradicted, &cap_c, v->n_contradicted + 1,
			      sizeof *v->contradicted);
			v->contradicted[v->n_contradicted++] = e;
			continue;
		}
		if (s != VS_DONE)
			continue;
		x = evidence_for(v->evidence, v->n_evidence, e->id);
		if (x && x->verdict == PROBE_VERIFIED) {
			xgrow(&v->backed, &cap_b, v->n_backed + 1, sizeof *v->backed);
			v->backed[v->n_backed++] = e;
			continue;
		}
		if (x && x->verdict == PROBE_CONTRADICTED) {
			xgrow(&v->disputed, &cap_d, v->n_disputed + 1, sizeof *v->disputed);
			v->disputed[v->n_disputed++] = e;
		}
		{
			v->n_self_reported++;
		}
	}
}

/* Restates entry i and the items above it. */
static void restate_up(struct view *v, size_t i)
{
	const struct pack_entry *e = &v->pack->index[i];

	restate(v, i);
	if (e->kind == PACK_ITEM)
		for (const struct pack_item *up = e->u.item->parent; up; up = up->parent)
			restate_parent(v, up);
}

void view_use_evidence(struct view *v, const struct evidence *ev, size_t n)
{
	const struct pack *p = v->pack;
	/* What was contradicted may count again: those entries and every
	 * one the new evidence speaks of are stated again, nothing else. */
	size_t n_was = v->n_contradicted;
	const struct pack_entry **was = v->contradicted;

	v->contradicted = NULL;
	v->evidence = ev;
	v->n_evidence = n;
	for (size_t k = 0; k < n_was; k++)
		restate_up(v, (size_t)(was[k] - p->index));
	free(was);
	for (size_t k = 0; k < n; k++) {
		const struct pack_entry *e = pack_find(p, ev[k].entry_id);
		if (e && progress_kind_of(e) >= 0)
			restate_up(v, (size_t)(e - p->index));
	}
	critical_missing(v);
	free_levels(v);
	levels(v);
	evidence_lists(v);
}

enum view_state view_state_of(const struct view *v, const struct pack_entry *e)
{
	return v->state[index_of(v, e)];
}

enum view_state view_item_state(const struct view *v, const struct pack_item *it)
{
	return v->state[item_index(v, it)];
}

const struct prog_note *view_note(const struct view *v, const char *id)
{
	return progress_note(v->progress, id);
}

const struct view_level *view_level_of(const struct view *v,
				       const struct pack_level *l)
{
	for (size_t i = 0; i < v->n_levels; i++)
		if (v->levels[i].level == l)
			return &v->levels[i];
	return NULL;
}

const struct view_criterion *view_criterion_of(const struct view *v,
					       const struct pack_criterion *c)
{
	const struct view_level *l = view_level_of(v, c->level);

	for (size_t i = 0; l && i < l->n_crit; i++)
		if (l->crit[i].c == c)
			return &l->crit[i];
	return NULL;
}

const char *view_entry_text(const struct pack_entry *e)
{
	switch (e->kind) {
	case PACK_ITEM:
		return e->u.item->text;
	case PACK_MISTAKE:
		return e->u.mistake->title;
	case PACK_CRITERION:
		return e->u.criterion->text;
	default:
		return e->id;
	}
}

bool view_level_reached(const struct view *v, const struct view_level *l)
{
	/* Levels run highest first: reached from the one reached down. */
	return v->level && l && l >= v->level && l < v->levels + v->n_levels;
}

const char *view_level_id(const struct view *v)
{
	return v->level ? v->level->level->id : "not-yet";
}

int view_percent(const struct view *v)
{
	return v->total ? (int)((v->done * 200 + v->total) / (2 * v->total)) : 0;
}

/* Sets id's state in pr (kept sorted by id), as an event's replay does. */
static void set_state(struct progress *pr, size_t *cap, const struct prog_event *e)
{
	size_t lo = 0, hi = pr->n_states;
	struct prog_state *ps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(e->item_id, pr->states[mid].id);
		if (c == 0) {
			pr->states[mid].done = strcmp(e->new_, "1") == 0;
			pr->states[mid].hash = e->text_hash;
			return;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	xgrow(&pr->states, cap, pr->n_states + 1, sizeof *pr->states);
	memmove(&pr->states[lo + 1], &pr->states[lo],
		(pr->n_states - lo) * sizeof *pr->states);
	ps = &pr->states[lo];
	/* Borrowed strings: this progress is never given to progress_free. */
	*ps = (struct prog_state){e->item_id, PROG_ITEM, strcmp(e->new_, "1") == 0,
				  e->text_hash, e->at, NULL};
	pr->n_states++;
}

/* The timeline's replay, a tick at a time. For each entry of the index:
 * the criteria (numbered across the levels, highest first) whose missing
 * parts it is among, as often as criterion() would count it, and how
 * often it is among the critical leaves; so that a tick moves counts
 * rather than walking every criterion again. */
struct tally {
	size_t *start; /* entry i's criteria: crit[start[i]] .. crit[start[i + 1] - 1] */
	size_t *crit;
	size_t *critical; /* by entry */
	size_t *missing;  /* by criterion: its parts not done */
	size_t n_crit;
};

/* Each part of criterion c (of the critical items: c == SIZE_MAX), leaf
 * by leaf as missing_leaves() walks them, given to add. */
static void parts_of_item(const struct view *v, const struct pack_item *it, size_t c,
			  void (*add)(struct tally *, size_t, size_t), struct tally *t)
{
	if (pack_item_is_leaf(it)) {
		add(t, item_index(v, it), c);
		return;
	}
	for (size_t i = 0; i < it->n_items; i++)
		parts_of_item(v, &it->items[i], c, add, t);
}

static void parts(const struct view *v, void (*add)(struct tally *, size_t, size_t),
		  struct tally *t)
{
	const struct pack *p = v->pack;
	size_t c = 0;

	for (size_t i = 0; i < p->n_levels; i++)
		for (size_t j = 0; j < p->levels[i].n_criteria; j++, c++) {
			const struct pack_criterion *cr = &p->levels[i].criteria[j];
			for (size_t k = 0; k < cr->requires.n; k++) {
				size_t at = cr->requires.v[k].at;
				if (p->index[at].kind == PACK_ITEM)
					parts_of_item(v, p->index[at].u.item, c, add, t);
				else
					add(t, at, c);
			}
			if (cr->attest)
				add(t, cr->idx, c);
		}
	for (size_t i = 0; i < v->n_crit_roots; i++)
		parts_of_item(v, v->crit_roots[i], SIZE_MAX, add, t);
}

static void count_part(struct tally *t, size_t at, size_t c)
{
	if (c == SIZE_MAX)
		t->critical[at]++;
	else
		t->start[at + 1]++;
}

static void place_part(struct tally *t, size_t at, size_t c)
{
	if (c != SIZE_MAX)
		t->crit[t->start[at]++] = c;
}

static void tally_new(struct tally *t, const struct view *v)
{
	size_t n = v->pack->n_index;

	t->start = xcalloc(n + 1, sizeof *t->start);
	t->critical = xcalloc(n ? n : 1, sizeof *t->critical);
	parts(v, count_part, t);
	for (size_t i = 0; i < n; i++)
		t->start[i + 1] += t->start[i];
	t->crit = xmalloc((t->start[n] ? t->start[n] : 1) * sizeof *t->crit);
	/* Placing moves each entry's start to the next one's. */
	parts(v, place_part, t);
	memmove(t->start + 1, t->start, n * sizeof *t->start);
	t->start[0] = 0;
	t->n_crit = 0;
	for (size_t i = 0; i < v->n_levels; i++)
		t->n_crit += v->levels[i].n_crit;
	t->missing = xcalloc(t->n_crit ? t->n_crit : 1, sizeof *t->missing);
	for (size_t i = 0, c = 0; i < v->n_levels; i++)
		for (size_t j = 0; j < v->levels[i].n_crit; j++)
			t->missing[c++] = v->levels[i].crit[j].n_missing;
}

static void tally_free(struct tally *t)
{
	free(t->start);
	free(t->crit);
	free(t->critical);
	free(t->missing);
}

/* Entry at has gone from was to its state now: the counts moved, and each
 * level met or not again. Only met, criteria_met and the level reached
 * are kept up; the lists of what is missing are not. */
static void tally_move(struct tally *t, struct view *v, size_t at, enum view_state was)
{
	bool before = was == VS_DONE, now = v->state[at] == VS_DONE;

	if (before == now)
		return;
	for (size_t k = t->start[at]; k < t->start[at + 1]; k++)
		t->missing[t->crit[k]] += before ? 1 : (size_t)-1;
	if (before)
		v->n_critical += t->critical[at];
	else
		v->n_critical -= t->critical[at];
	for (size_t i = 0, c = 0; i < v->n_levels; i++) {
		struct view_level *l = &v->levels[i];
		l->criteria_met = true;
		for (size_t j = 0; j < l->n_crit; j++, c++) {
			l->crit[j].met = t->missing[c] == 0;
			l->criteria_met &= l->crit[j].met;
		}
		l->met = l->criteria_met && v->n_critical == 0;
	}
	climb(v);
}

struct view_point *view_timeline(const struct pack *p,
				 const struct prog_event *ev, size_t n,
				 size_t *n_points)
{
	struct progress pr = {0};
	struct view_point *out = NULL, *last;
	struct view *v = NULL;
	struct tally t = {0};
	size_t cap = 0, cap_s = 0;

	*n_points = 0;
	for (size_t i = 0; i < n; i++) {
		const struct prog_event *e = &ev[i];
		const struct pack_entry *changed;
		size_t at;
		if (!e->item_id || !e->field || !e->new_ || strcmp(e->field, "done") != 0)
			continue;
		set_state(&pr, &cap_s, e);
		/* One view brought along event by event, not one made per
		 * event: a log costs its length, not its length times the
		 * pack. */
		changed = pack_find(p, e->item_id);
		if (!v) {
			v = view_new(p, &pr, NULL, 0);
			tally_new(&t, v);
		} else if (changed && (at = index_of(v, changed)) != SIZE_MAX) {
			enum view_state was = v->state[at];
			restate_changed(v, &changed, 1);
			tally_move(&t, v, at, was);
		}
		last = *n_points ? &out[*n_points - 1] : NULL;
		if (!last || last->done != v->done ||
		    last->level != (v->level ? v->level->level : NULL)) {
			xgrow(&out, &cap, *n_points + 1, sizeof *out);
			out[(*n_points)++] = (struct view_point){
				e->at, v->done, v->level ? v->level->level : NULL};
		}
	}
	tally_free(&t);
	view_free(v);
	free(pr.states);
	return out;
}
