/* SPDX-License-Identifier: MIT */
/* The cohort summary, counted from the learners' views. */
#include "selfgrade/cohort.h"

#include <stdbool.h>
#include <stdlib.h>

#include "selfgrade/xalloc.h"

int cohort_percent(size_t k, size_t n)
{
	return n ? (int)((k * 200 + n) / (2 * n)) : 0;
}

static void add_entry(struct cohort *c, size_t *cap, const struct pack_entry *e)
{
	xgrow(&c->entries, cap, c->n_entries + 1, sizeof *c->entries);
	c->entries[c->n_entries++] = (struct cohort_entry){e, 0, 0, 2};
}

static void leaves(struct cohort *c, size_t *cap, const struct pack *p,
		   const struct pack_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (pack_item_is_leaf(&v[i]))
			add_entry(c, cap, pack_find(p, v[i].id));
		leaves(c, cap, p, v[i].items, v[i].n_items);
	}
}

/* What blocks most first, then fewest done; ties in the pack's order. */
static int by_missed(const void *a, const void *b)
{
	const struct cohort_entry *x = *(const struct cohort_entry *const *)a;
	const struct cohort_entry *y = *(const struct cohort_entry *const *)b;
	if (x->blocks != y->blocks)
		return x->blocks < y->blocks ? -1 : 1;
	if (x->done != y->done)
		return x->done < y->done ? -1 : 1;
	return x < y ? -1 : x > y;
}

struct cohort *cohort_begin(const struct pack *p)
{
	struct cohort *c = xcalloc(1, sizeof *c);
	size_t cap = 0, k = 0;

	c->at_level = xcalloc(p->n_levels ? p->n_levels : 1, sizeof *c->at_level);
	for (size_t i = 0; i < p->n_sections; i++)
		leaves(c, &cap, p, p->sections[i].items, p->sections[i].n_items);
	for (size_t i = 0; i < p->n_mistakes; i++)
		add_entry(c, &cap, pack_find(p, p->mistakes[i].id));
	for (size_t i = 0; i < p->n_levels; i++) {
		c->n_crit += p->levels[i].n_criteria;
		for (size_t j = 0; j < p->levels[i].n_criteria; j++)
			if (p->levels[i].criteria[j].attest)
				add_entry(c, &cap, pack_find(p, p->levels[i].criteria[j].id));
	}
	/* What each entry blocks: an item under a CRITICAL one (or one
	 * itself) every level; what a criterion requires (an item: its
	 * leaves too), and an attestation, its level. */
	for (size_t i = 0; i < c->n_entries; i++) {
		const struct pack_entry *e = c->entries[i].e;
		if (e->kind == PACK_ITEM)
			for (const struct pack_item *it = e->u.item; it; it = it->parent)
				if (it->critical)
					c->entries[i].blocks = 0;
		if (e->kind == PACK_CRITERION && c->entries[i].blocks > 1)
			c->entries[i].blocks = 1;
		for (size_t l = 0; l < p->n_levels && c->entries[i].blocks > 1; l++)
			for (size_t j = 0; j < p->levels[l].n_criteria; j++) {
				const struct pack_refv *r = &p->levels[l].criteria[j].requires;
				for (size_t m = 0; m < r->n; m++) {
					const struct pack_entry *q = pack_find(p, r->v[m].id);
					bool under = q == e;
					if (!under && q && q->kind == PACK_ITEM && e->kind == PACK_ITEM)
						for (const struct pack_item *it = e->u.item->parent;
						     it && !under; it = it->parent)
							under = it == q->u.item;
					if (under)
						c->entries[i].blocks = 1;
				}
			}
	}
	c->crit = xcalloc(c->n_crit ? c->n_crit : 1, sizeof *c->crit);
	for (size_t i = 0; i < p->n_levels; i++)
		for (size_t j = 0; j < p->levels[i].n_criteria; j++)
			c->crit[k++].c = &p->levels[i].criteria[j];
	return c;
}

void cohort_add(struct cohort *c, const struct view *w)
{
	bool stale = false;
	size_t k = 0;

	c->n_learners++;
	if (w->level)
		c->at_level[w->level - w->levels]++;
	else
		c->not_yet++;
	c->blocked += w->n_critical > 0;
	for (size_t i = 0; i < w->n_levels; i++)
		for (size_t j = 0; j < w->levels[i].n_crit; j++)
			c->crit[k++].met += w->levels[i].crit[j].met;
	for (size_t i = 0; i < c->n_entries; i++) {
		enum view_state s = view_state_of(w, c->entries[i].e);
		c->entries[i].done += s == VS_DONE;
		c->entries[i].stale += s == VS_STALE;
		stale |= s == VS_STALE;
	}
	c->stale_learners += stale;
	c->backed += w->n_backed;
	c->contradicted += w->n_contradicted;
	c->self_reported += w->n_self_reported;
	c->contradicted_learners += w->n_contradicted > 0;
	if (w->reviewed) {
		c->reviewed++;
		c->review_differs += w->review_level != (w->level ? w->level->level : NULL);
	}
}

void cohort_end(struct cohort *c)
{
	const struct cohort_entry **all;

	free(c->missed);
	all = xmalloc((c->n_entries ? c->n_entries : 1) * sizeof *all);
	for (size_t i = 0; i < c->n_entries; i++)
		all[i] = &c->entries[i];
	qsort(all, c->n_entries, sizeof *all, by_missed);
	/* Those every learner did are no one's miss: passed over. */
	c->n_missed = 0;
	for (size_t i = 0; i < c->n_entries && c->n_missed < COHORT_MOST_MISSED; i++)
		if (all[i]->done < c->n_learners)
			all[c->n_missed++] = all[i];
	c->missed = all;
}

struct cohort *cohort_new(const struct pack *p, const struct view *const *v,
			  size_t n)
{
	struct cohort *c = cohort_begin(p);

	for (size_t l = 0; l < n; l++)
		cohort_add(c, v[l]);
	cohort_end(c);
	return c;
}

void cohort_free(struct cohort *c)
{
	if (!c)
		return;
	free(c->at_level);
	free(c->crit);
	free(c->entries);
	free(c->missed);
	free(c);
}
