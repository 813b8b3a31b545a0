/* SPDX-License-Identifier: MIT */
#include "selfgrade/score.h"

#include <stdlib.h>
#include <string.h>

#include "selfgrade/xalloc.h"

static enum score_state leaf_state(const struct pack_entry *e,
				   const struct progress *pr)
{
	const struct prog_state *ps = progress_state(pr, e->id);
	char hash[65];

	if (!ps || !ps->done)
		return SS_NOT_DONE;
	progress_text_hash(e, hash);
	return strcmp(hash, ps->hash) == 0 ? SS_DONE : SS_STALE;
}

enum score_state score_item_state(const struct pack_item *it,
				  const struct progress *pr)
{
	size_t done = 0, some = 0;

	if (pack_item_is_leaf(it)) {
		struct pack_entry e = {.id = it->id, .kind = PACK_ITEM};
		e.u.item = it;
		return leaf_state(&e, pr);
	}
	for (size_t i = 0; i < it->n_items; i++) {
		enum score_state s = score_item_state(&it->items[i], pr);
		done += s == SS_DONE;
		some += s != SS_NOT_DONE;
	}
	if (done == it->n_items)
		return SS_DONE;
	return some ? SS_PARTIAL : SS_NOT_DONE;
}

enum score_state score_state_of(const struct pack_entry *e,
				const struct progress *pr)
{
	if (e->kind == PACK_ITEM)
		return score_item_state(e->u.item, pr);
	return leaf_state(e, pr);
}

struct idv {
	const char **v;
	bool *stale;
	size_t n, cap, cap2;
};

static void idv_add(struct idv *v, const char *id, bool stale)
{
	xgrow(&v->v, &v->cap, v->n + 1, sizeof *v->v);
	xgrow(&v->stale, &v->cap2, v->n + 1, sizeof *v->stale);
	v->v[v->n] = id;
	v->stale[v->n] = stale;
	v->n++;
}

/* Adds the leaves under it that are not done. */
static void missing_leaves(const struct pack_item *it,
			   const struct progress *pr, struct idv *out)
{
	if (pack_item_is_leaf(it)) {
		enum score_state s = score_item_state(it, pr);
		if (s != SS_DONE)
			idv_add(out, it->id, s == SS_STALE);
		return;
	}
	for (size_t i = 0; i < it->n_items; i++)
		missing_leaves(&it->items[i], pr, out);
}

static void critical_missing(const struct pack_item *items, size_t n,
			     const struct progress *pr, struct idv *out)
{
	for (size_t i = 0; i < n; i++) {
		if (items[i].critical)
			missing_leaves(&items[i], pr, out);
		else
			critical_missing(items[i].items, items[i].n_items, pr,
					 out);
	}
}

static void count_items(const struct pack_item *items, size_t n,
			const struct progress *pr, struct score *s)
{
	for (size_t i = 0; i < n; i++) {
		if (pack_item_is_leaf(&items[i])) {
			s->total++;
			s->done += score_item_state(&items[i], pr) == SS_DONE;
		}
		count_items(items[i].items, items[i].n_items, pr, s);
	}
}

static void criterion(const struct pack *p, const struct pack_criterion *c,
		      const struct progress *pr, struct score_criterion *out)
{
	struct idv miss = {0};

	out->c = c;
	for (size_t i = 0; i < c->requires.n; i++) {
		const struct pack_entry *e = pack_find(p, c->requires.v[i].id);
		if (!e)
			continue; /* the loader refuses such a pack */
		if (e->kind == PACK_ITEM) {
			missing_leaves(e->u.item, pr, &miss);
		} else {
			enum score_state st = leaf_state(e, pr);
			if (st != SS_DONE)
				idv_add(&miss, e->id, st == SS_STALE);
		}
	}
	if (c->attest) {
		const struct pack_entry *e = pack_find(p, c->id);
		out->needs_attestation = !e || leaf_state(e, pr) != SS_DONE;
	}
	out->missing = miss.v;
	out->stale = miss.stale;
	out->n_missing = miss.n;
	out->met = miss.n == 0 && !out->needs_attestation;
}

struct score *score_compute(const struct pack *p, const struct progress *pr)
{
	struct score *s = xcalloc(1, sizeof *s);
	struct idv crit = {0};

	for (size_t i = 0; i < p->n_sections; i++) {
		count_items(p->sections[i].items, p->sections[i].n_items, pr, s);
		critical_missing(p->sections[i].items, p->sections[i].n_items,
				 pr, &crit);
	}
	for (size_t i = 0; i < p->n_mistakes; i++) {
		struct pack_entry e = {.id = p->mistakes[i].id, .kind = PACK_MISTAKE};
		e.u.mistake = &p->mistakes[i];
		s->total++;
		s->done += leaf_state(&e, pr) == SS_DONE;
	}
	s->missing_critical = crit.v;
	s->n_missing_critical = crit.n;
	free(crit.stale);

	s->n_levels = p->n_levels;
	s->levels = xcalloc(p->n_levels, sizeof *s->levels);
	for (size_t i = 0; i < p->n_levels; i++) {
		struct score_level *l = &s->levels[i];
		l->level = &p->levels[i];
		l->n_crit = p->levels[i].n_criteria;
		l->crit = xcalloc(l->n_crit, sizeof *l->crit);
		l->met = crit.n == 0;
		for (size_t j = 0; j < l->n_crit; j++) {
			const struct pack_criterion *c = &p->levels[i].criteria[j];
			criterion(p, c, pr, &l->crit[j]);
			l->met &= l->crit[j].met;
			if (c->attest) {
				s->total++;
				s->done += !l->crit[j].needs_attestation;
			}
		}
	}
	/* Levels run highest first: climb from the lowest while met. */
	for (size_t i = p->n_levels; i-- > 0;) {
		if (!s->levels[i].met) {
			s->next = &p->levels[i];
			break;
		}
		s->level = &p->levels[i];
	}
	return s;
}

void score_free(struct score *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_levels; i++) {
		for (size_t j = 0; j < s->levels[i].n_crit; j++) {
			free(s->levels[i].crit[j].missing);
			free(s->levels[i].crit[j].stale);
		}
		free(s->levels[i].crit);
	}
	free(s->levels);
	free(s->missing_critical);
	free(s);
}

const char *score_level_id(const struct score *s)
{
	return s->level ? s->level->id : "not-yet";
}
