/* SPDX-License-Identifier: MIT */
/* The Checklist screen: the pack's sections and their items as a tree,
 * each section counting its leaves (the ones scoring counts). */
#include <stdint.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/model.h"

static void add_items(struct ui_list *l, size_t *cap,
                      const struct pack_item *items, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		struct pack_entry e = {.id = items[i].id, .kind = PACK_ITEM};
		size_t at = l->n_rows;
		e.u.item = &items[i];
		ui_add_row(l, cap, e, depth);
		add_items(l, cap, items[i].items, items[i].n_items, depth + 1);
		l->rows[at].end = l->n_rows;
	}
}

static void build(struct ui *ui, struct ui_list *l)
{
	const struct pack *p = ui->pack;
	size_t cap = 0;

	for (size_t s = 0; s < p->n_sections; s++) {
		struct pack_entry e = {.id = p->sections[s].id,
		                       .kind = PACK_SECTION};
		size_t at = l->n_rows;
		e.u.section = &p->sections[s];
		ui_add_row(l, &cap, e, 0);
		add_items(l, &cap, p->sections[s].items, p->sections[s].n_items,
		          1);
		l->rows[at].end = l->n_rows;
	}
}

static void count_section(struct ui_list *l, size_t i)
{
	struct ui_row *r = &l->rows[i];

	bool contradicted = false;

	r->done = r->total = 0;
	for (size_t j = i + 1; j < r->end; j++) {
		if (l->rows[j].end > j + 1)
			continue;
		r->total++;
		r->done += l->rows[j].state == VS_DONE;
		contradicted |= l->rows[j].state == VS_CONTRADICTED;
	}
	/* A folded section does not hide a contradicted tick. */
	r->state = contradicted ? VS_CONTRADICTED
		   : r->done == r->total ? VS_DONE
	           : r->done           ? VS_PARTIAL
	                               : VS_NOT_DONE;
}

static void refresh(struct ui *ui, struct ui_list *l, bool full)
{
	if (!full)
		return; /* row_changed told the rows that changed */
	for (size_t i = 0; i < l->n_rows; i++) {
		struct ui_row *r = &l->rows[i];
		if (r->e.kind == PACK_ITEM)
			r->state = view_state_of(ui->view, &r->e);
	}
	for (size_t i = 0; i < l->n_rows; i++)
		if (l->rows[i].e.kind == PACK_SECTION)
			count_section(l, i);
}

/* An item changed: its row, its parents' rows and its section's count. */
static void row_changed(struct ui *ui, struct ui_list *l, size_t row)
{
	const struct pack_entry *e = &l->rows[row].e, *se;
	size_t r;

	for (const struct pack_entry *x = e; x;) {
		r = ui->row_of[pack_index_of(ui->pack, x)];
		if (r != SIZE_MAX) {
			l->rows[r].state =
			    view_state_of(ui->view, &l->rows[r].e);
			ui_mark_contradicted(ui, &l->rows[r]);
		}
		x = x->kind == PACK_ITEM && x->u.item->parent
		        ? pack_item_entry(ui->pack, x->u.item->parent)
		        : NULL;
	}
	if (e->kind == PACK_ITEM &&
	    (se = pack_find(ui->pack, pack_item_section(ui->pack, e->u.item)->id)) &&
	    (r = ui->row_of[se - ui->pack->index]) != SIZE_MAX)
		count_section(l, r);
}

const struct ui_screen_ops ui_screen_checklist = {
    .name = N_("Checklist"),
    /* TRANSLATORS: the Checklist tab where the bar is narrow. */
    .short_name = N_("Check"),
    .toggle = N_("tick"),
    .home = true,
    .groups = true,
    .notes = true,
    .build = build,
    .refresh = refresh,
    .row_changed = row_changed,
};
