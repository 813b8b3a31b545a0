/* SPDX-License-Identifier: MIT */
/* The loaded pack's index: its items linked to their parents, every entry
 * found by id (a sorted array, binary search), and the names of entries'
 * kinds. Built once the files are read (content.c); read by everything. */
#include <stdlib.h>
#include <string.h>

#include "pack_index.h"
#include "selfgrade/content.h"
#include "selfgrade/diag.h"
#include "selfgrade/field.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

void pack_link_items(struct pack_item *items, size_t n,
		       struct pack_item *parent, unsigned short depth)
{
	for (size_t i = 0; i < n; i++) {
		items[i].parent = parent;
		items[i].depth = depth; /* below YAML_MAX_DEPTH */
		pack_link_items(items[i].items, items[i].n_items, &items[i],
			   (unsigned short)(depth + 1));
	}
}

const struct pack_section *pack_item_section(const struct pack *p,
					     const struct pack_item *it)
{
	while (it->parent)
		it = it->parent;
	for (size_t i = 0; i < p->n_sections; i++) {
		const struct pack_section *s = &p->sections[i];
		if (it >= s->items && it < s->items + s->n_items)
			return s;
	}
	return NULL;
}

struct index_builder {
	struct pack_entry *v;
	size_t n, cap;
};

static void index_add(struct index_builder *b, const char *id,
		      enum pack_kind kind, const void *ptr)
{
	if (!id)
		return;
	xgrow(&b->v, &b->cap, b->n + 1, sizeof *b->v);
	b->v[b->n] = (struct pack_entry){.id = id, .kind = kind};
	b->v[b->n].u.item = ptr; /* every member is a const pointer */
	b->n++;
}

static void index_items(struct index_builder *b, const struct pack_item *items,
			size_t n)
{
	for (size_t i = 0; i < n; i++) {
		index_add(b, items[i].id, PACK_ITEM, &items[i]);
		index_items(b, items[i].items, items[i].n_items);
	}
}

/* Orders by id, then by where it was written, so the first definition of a
 * duplicated id is the one kept. */
static int entry_cmp(const struct pack_entry *x, const struct pack_entry *y)
{
	int c = strcmp(x->id, y->id);
	struct pack_pos a, b;

	if (c)
		return c;
	a = pack_entry_pos(x);
	b = pack_entry_pos(y);
	c = strcmp(a.file, b.file);
	if (c)
		return c;
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	return (a.col > b.col) - (a.col < b.col);
}

/* v[root] put where it belongs in its heap of n (by entry_cmp), those on
 * its way moved up: its hole goes down to a leaf by the greater child,
 * then climbs back while the parent is smaller (Floyd's way: about half
 * the comparisons, as a top replaced from the bottom belongs low). */
static void sift(struct pack_entry *v, size_t root, size_t n)
{
	struct pack_entry x = v[root];
	size_t hole = root, child;

	while ((child = 2 * hole + 1) < n) {
		if (child + 1 < n && entry_cmp(&v[child], &v[child + 1]) < 0)
			child++;
		v[hole] = v[child];
		hole = child;
	}
	while (hole > root && entry_cmp(&v[(hole - 1) / 2], &x) < 0) {
		v[hole] = v[(hole - 1) / 2];
		hole = (hole - 1) / 2;
	}
	v[hole] = x;
}

/* The index sorted by entry_cmp, in place: a heapsort, as qsort takes a
 * copy of what it sorts, and a big pack's index is sorted at the top of
 * its peak memory. Entries that tie (one id at one place, an alias of a
 * mapping) may come in either order: both are one entry, reported as a
 * duplicate either way. */
static void sort_index(struct pack_entry *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift(v, i, n);
	for (size_t end = n; end-- > 1;) {
		struct pack_entry t = v[0];
		v[0] = v[end];
		v[end] = t;
		sift(v, 0, end);
	}
}

static size_t count_items(const struct pack_item *items, size_t n)
{
	size_t total = n;
	for (size_t i = 0; i < n; i++)
		total += count_items(items[i].items, items[i].n_items);
	return total;
}

void pack_build_index(struct pack *p, struct diag_list *d)
{
	struct index_builder b = {0};
	size_t out = 0;

	/* Sized once: grown by doubling, the index of a big pack left up to
	 * half of itself unused through the whole run. */
	b.cap = p->n_sections + p->n_mistakes + p->n_levels + p->n_takeaways +
		p->n_tables;
	for (size_t i = 0; i < p->n_sections; i++)
		b.cap += count_items(p->sections[i].items, p->sections[i].n_items);
	for (size_t i = 0; i < p->n_levels; i++)
		b.cap += p->levels[i].n_criteria;
	b.v = b.cap ? xmalloc(b.cap * sizeof *b.v) : NULL;

	for (size_t i = 0; i < p->n_sections; i++) {
		index_add(&b, p->sections[i].id, PACK_SECTION, &p->sections[i]);
		index_items(&b, p->sections[i].items, p->sections[i].n_items);
	}
	for (size_t i = 0; i < p->n_mistakes; i++)
		index_add(&b, p->mistakes[i].id, PACK_MISTAKE, &p->mistakes[i]);
	for (size_t i = 0; i < p->n_levels; i++) {
		struct pack_level *l = &p->levels[i];
		index_add(&b, l->id, PACK_LEVEL, l);
		for (size_t j = 0; j < l->n_criteria; j++)
			index_add(&b, l->criteria[j].id, PACK_CRITERION, &l->criteria[j]);
	}
	for (size_t i = 0; i < p->n_takeaways; i++)
		index_add(&b, p->takeaways[i].id, PACK_TAKEAWAY, &p->takeaways[i]);
	for (size_t i = 0; i < p->n_tables; i++)
		index_add(&b, p->tables[i].id, PACK_TABLE, &p->tables[i]);

	sort_index(b.v, b.n);
	for (size_t i = 0; i < b.n; i++) {
		if (out && strcmp(b.v[out - 1].id, b.v[i].id) == 0) {
			struct pack_pos f = pack_entry_pos(&b.v[out - 1]);
			struct pack_pos at = pack_entry_pos(&b.v[i]);
			diag_add(d, at.file, at.line, at.col,
				 _("duplicate id '%s' (first defined at %s:%d:%d)"),
				 b.v[i].id, f.file, f.line, f.col);
			continue;
		}
		b.v[out++] = b.v[i];
	}
	p->index = b.v;
	p->n_index = out;
	/* The integer ids scoring runs on (pack_index_of). */
	for (size_t i = 0; i < out; i++) {
		const struct pack_entry *e = &b.v[i];
		if (e->kind == PACK_ITEM)
			((struct pack_item *)e->u.item)->idx = (uint32_t)i;
		else if (e->kind == PACK_MISTAKE)
			((struct pack_mistake *)e->u.mistake)->idx = i;
		else if (e->kind == PACK_CRITERION)
			((struct pack_criterion *)e->u.criterion)->idx = i;
	}
}

struct pack_pos pack_entry_pos(const struct pack_entry *e)
{
	switch (e->kind) {
	case PACK_SECTION: return e->u.section->pos;
	case PACK_ITEM: return e->u.item->pos;
	case PACK_MISTAKE: return e->u.mistake->pos;
	case PACK_LEVEL: return e->u.level->pos;
	case PACK_CRITERION: return e->u.criterion->pos;
	case PACK_TAKEAWAY: return e->u.takeaway->pos;
	case PACK_TABLE: return e->u.table->pos;
	}
	return (struct pack_pos){"", 0, 0};
}

size_t pack_index_of(const struct pack *p, const struct pack_entry *e)
{
	uintptr_t at = (uintptr_t)e, lo = (uintptr_t)p->index;
	size_t i = SIZE_MAX;

	if (at >= lo && at < lo + p->n_index * sizeof *e)
		return (size_t)(e - p->index);
	if (e->kind == PACK_ITEM)
		i = e->u.item->idx;
	else if (e->kind == PACK_MISTAKE)
		i = e->u.mistake->idx;
	else if (e->kind == PACK_CRITERION)
		i = e->u.criterion->idx;
	if (i < p->n_index && p->index[i].u.item == e->u.item)
		return i;
	e = pack_find(p, e->id);
	return e ? (size_t)(e - p->index) : SIZE_MAX;
}

const struct pack_entry *pack_item_entry(const struct pack *p,
					 const struct pack_item *it)
{
	if (it->idx < p->n_index && p->index[it->idx].u.item == it)
		return &p->index[it->idx];
	return pack_find(p, it->id);
}

const struct pack_entry *pack_find(const struct pack *p, const char *id)
{
	size_t lo = 0, hi = p->n_index;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, p->index[mid].id);
		if (c == 0)
			return &p->index[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *const kind_names[] = {
	/* English as hashed (content_hash.c); messages _() them. */
	[PACK_SECTION] = N_("a section"),
	[PACK_ITEM] = N_("a checklist item"),
	[PACK_MISTAKE] = N_("a mistake"),
	[PACK_LEVEL] = N_("a rubric level"),
	[PACK_CRITERION] = N_("a criterion"),
	[PACK_TAKEAWAY] = N_("a takeaway"),
	[PACK_TABLE] = N_("a table"),
};

const char *pack_kind_name(enum pack_kind k)
{
	return kind_names[k];
}

bool pack_id_valid(const char *s)
{
	return field_id_valid(s);
}
