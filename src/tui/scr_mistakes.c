/* SPDX-License-Identifier: MIT */
/* The Mistakes screen: the pack's common mistakes, each confirmed avoided
 * with Space. */
#include "tui/i18n.h"
#include "tui/model.h"

static void build(struct ui *ui, struct ui_list *l)
{
	const struct pack *p = ui->pack;
	size_t cap = 0;

	for (size_t m = 0; m < p->n_mistakes; m++) {
		struct pack_entry e = {.id = p->mistakes[m].id,
		                       .kind = PACK_MISTAKE};
		e.u.mistake = &p->mistakes[m];
		ui_add_row(l, &cap, e, 0)->end = l->n_rows;
	}
}

static void refresh(struct ui *ui, struct ui_list *l, bool full)
{
	if (!full)
		return;
	for (size_t i = 0; i < l->n_rows; i++)
		l->rows[i].state = view_state_of(ui->view, &l->rows[i].e);
}

static void row_changed(struct ui *ui, struct ui_list *l, size_t row)
{
	l->rows[row].state = view_state_of(ui->view, &l->rows[row].e);
	ui_mark_contradicted(ui, &l->rows[row]);
}

const struct ui_screen_ops ui_screen_mistakes = {
    .name = N_("Mistakes"),
    /* TRANSLATORS: the Mistakes tab where the bar is narrow. */
    .short_name = N_("Mist"),
    .toggle = N_("confirm"),
    .home = true,
    .notes = true,
    .build = build,
    .refresh = refresh,
    .row_changed = row_changed,
};
