/* SPDX-License-Identifier: MIT */
/* The Rubric screen: each level with its criteria, met or not; Space
 * attests an attestable criterion, Enter on one not met goes to the first
 * thing it still needs. */
#include <stdlib.h>

#include "selfgrade/xalloc.h"
#include "tui/i18n.h"
#include "tui/model.h"

static void build(struct ui *ui, struct ui_list *l)
{
	const struct pack *p = ui->pack;
	size_t cap = 0;

	for (size_t v = 0; v < p->n_levels; v++) {
		const struct pack_level *lv = &p->levels[v];
		struct pack_entry e = {.id = lv->id, .kind = PACK_LEVEL};
		size_t at = l->n_rows;
		e.u.level = lv;
		ui_add_row(l, &cap, e, 0);
		for (size_t c = 0; c < lv->n_criteria; c++) {
			struct pack_entry ce = {.id = lv->criteria[c].id,
			                        .kind = PACK_CRITERION};
			ce.u.criterion = &lv->criteria[c];
			ui_add_row(l, &cap, ce, 1)->end = l->n_rows;
		}
		l->rows[at].end = l->n_rows;
	}
}

/* Criteria depend on many entries: derived again after every change. */
static void refresh(struct ui *ui, struct ui_list *l, bool full)
{
	size_t lv = 0, c = 0;

	(void)full;
	for (size_t i = 0; i < l->n_rows; i++) {
		struct ui_row *r = &l->rows[i];
		if (r->e.kind == PACK_LEVEL) {
			const struct view_level *sl = &ui->view->levels[lv++];
			c = 0;
			/* Reached, not only its own criteria met: a level
			 * above one not reached is not reached. */
			r->met = view_level_reached(ui->view, sl);
			r->total = sl->n_crit;
			r->done = 0;
			for (size_t k = 0; k < sl->n_crit; k++)
				r->done += sl->crit[k].met;
			continue;
		}
		r->met = ui->view->levels[lv - 1].crit[c++].met;
		r->state = r->e.u.criterion->attest
		               ? view_state_of(ui->view, &r->e)
		               : VS_NOT_DONE;
	}
	for (size_t i = 0; i < l->n_rows; i++)
		ui_mark_contradicted(ui, &l->rows[i]);
}

/* Enter on a criterion: to the first item or mistake it still needs. */
static unsigned key(struct ui *ui, enum ui_action a)
{
	const struct ui_row *r = ui_current(ui);
	const struct view_criterion *vc;
	char *what;

	if (a != A_EXPAND || !r || r->e.kind != PACK_CRITERION)
		return 0;
	vc = view_criterion_of(ui->view, r->e.u.criterion);
	if (!vc || vc->met) {
		ui_say(ui, false, "%s",
		       _("Met: nothing is still needed here."));
		return UI_REDRAW;
	}
	for (size_t i = 0; i < vc->n_missing; i++) {
		const struct view_missing *m = &vc->missing[i];
		if (m->need == NEED_ATTEST || !m->e)
			continue;
		what = ui_entry_name(ui, m->e->id);
		ui_reveal_id(ui, m->e->id);
		ui_say(ui, false,
		       _("Still needed: '%s' (3: back to the Rubric)."), what);
		free(what);
		return UI_REDRAW;
	}
	ui_say(ui, false, "%s",
	       _("Only your attestation is still needed: Space attests it."));
	return UI_REDRAW;
}

const struct ui_screen_ops ui_screen_rubric = {
    .name = N_("Rubric"),
    /* TRANSLATORS: the Rubric tab where the bar is narrow. */
    .short_name = N_("Rubr"),
    .toggle = N_("attest"),
    .home = true,
    .groups = true,
    .notes = true,
    .build = build,
    .refresh = refresh,
    .key = key,
};
