/* SPDX-License-Identifier: MIT */
/* The detail pane: what the tutor says about the selected row, laid out
 * as text (text.h) for the view to draw. Reads the model; changes
 * nothing. */
#include <stdlib.h>
#include <string.h>

#include "selfgrade/xalloc.h"
#include "tui/i18n.h"
#include "tui/model.h"

static const char *state_word(enum score_state s)
{
	switch (s) {
	case SS_DONE:
		return _("done");
	case SS_STALE:
		return _("changed since you confirmed it: Space confirms it again");
	case SS_PARTIAL:
		return _("partly done");
	default:
		return _("not done yet");
	}
}

unsigned ui_state_style(enum score_state s)
{
	return s == SS_DONE ? TS_OK : s == SS_NOT_DONE ? 0 : TS_WARN;
}

const char *ui_state_box(enum score_state s)
{
	return s == SS_DONE	 ? "[x] "
	       : s == SS_PARTIAL ? "[-] "
	       : s == SS_STALE	 ? "[~] "
				 : "[ ] ";
}

/* "text" of an id, for lists of what is missing. */
static const char *entry_text(const struct pack_entry *e)
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

static void detail_note(const struct ui *ui, const char *id, int w,
			struct tdoc *d)
{
	const struct prog_note *pn = progress_note(&ui->progress, id);

	tdoc_blank(d);
	if (pn)
		tdoc_para(d, pn->text, w, 0, _("Your note: "), TS_BOLD, 0, false);
	else
		tdoc_para(d, _("No evidence note yet: e adds one."), w, 0, NULL, 0,
			  TS_DIM, false);
}

/* The criteria that require id, so a learner sees why an item matters. */
/* Whether criterion c requires id, or (for an item) one of its parents,
 * which stands for all of its sub-items. */
static bool requires(const struct pack_criterion *c, const char *id,
		     const struct pack_item *it)
{
	for (size_t r = 0; r < c->requires.n; r++) {
		const char *want = c->requires.v[r].id;
		if (strcmp(want, id) == 0)
			return true;
		for (const struct pack_item *a = it; a; a = a->parent)
			if (strcmp(want, a->id) == 0)
				return true;
	}
	return false;
}

/* The criteria that need id, so a learner sees why it matters. */
static void detail_needed_for(const struct ui *ui, const char *id,
			      const struct pack_item *it, int w, struct tdoc *d)
{
	bool first = true;

	for (size_t l = 0; l < ui->pack->n_levels; l++) {
		const struct pack_level *lv = &ui->pack->levels[l];
		for (size_t c = 0; c < lv->n_criteria; c++) {
			const struct pack_criterion *cr = &lv->criteria[c];
			if (!requires(cr, id, it))
				continue;
			if (first) {
				tdoc_blank(d);
				tdoc_para(d, _("Needed for:"), w, 0, NULL, 0, TS_BOLD,
					  false);
				first = false;
			}
			char *lead = xasprintf("• %s: ", lv->title);
			tdoc_para(d, cr->text, w, 0, lead, TS_DIM, 0, true);
			free(lead);
		}
	}
}

static void detail_item(const struct ui *ui, const struct ui_row *r, int w,
			struct tdoc *d)
{
	const struct pack_item *it = r->e.u.item;

	tdoc_para(d, it->text, w, 0, NULL, 0, TS_BOLD, true);
	tdoc_para(d, state_word(r->state), w, 0, _("State: "), TS_DIM,
		  ui_state_style(r->state), false);
	if (it->critical)
		tdoc_para(d, it->rule ? it->rule : _("required by every level"),
			  w, 0, _("CRITICAL: "), TS_BAD | TS_BOLD, TS_BAD, true);
	if (it->verify)
		tdoc_para(d, it->verify, w, 0, _("Verify: "), TS_BOLD, 0, true);
	for (size_t i = 0; i < it->notes.n; i++)
		tdoc_para(d, it->notes.v[i], w, 0, "• ", 0, 0, true);
	detail_note(ui, it->id, w, d);
	detail_needed_for(ui, it->id, it, w, d);
}

static void detail_section(const struct ui *ui, const struct ui_row *r,
			   int w, struct tdoc *d)
{
	const struct pack_section *s = r->e.u.section;
	char *head = xasprintf("%d. %s", s->number, s->title);
	char *count = xasprintf(_("%zu of %zu items done"), r->done, r->total);

	(void)ui;
	tdoc_para(d, head, w, 0, NULL, 0, TS_BOLD, true);
	tdoc_para(d, count, w, 0, NULL, 0, ui_state_style(r->state), false);
	if (s->applies_when)
		tdoc_para(d, s->applies_when, w, 0, NULL, 0, 0, true);
	for (size_t i = 0; i < s->n_links; i++) {
		char *lead = xasprintf("→ %s: ", s->links[i].title);
		tdoc_para(d, s->links[i].href, w, 0, lead, 0, TS_CODE, false);
		free(lead);
	}
	free(head);
	free(count);
}

static void detail_mistake(const struct ui *ui, const struct ui_row *r,
			   int w, struct tdoc *d)
{
	const struct pack_mistake *m = r->e.u.mistake;
	char *head = xasprintf("%d. %s", m->number, m->title);

	tdoc_para(d, head, w, 0, NULL, 0, TS_BOLD, true);
	free(head);
	tdoc_para(d,
		  r->state == SS_DONE ? _("You checked: you are not making "
					  "this mistake.")
		  : r->state == SS_STALE
			  ? state_word(SS_STALE)
			  : _("Space: \"I checked: I am not making this "
			      "mistake\"."),
		  w, 0, NULL, 0, ui_state_style(r->state), false);
	tdoc_blank(d);
	tdoc_para(d, m->error, w, 0, _("Error: "), TS_BOLD, 0, true);
	tdoc_blank(d);
	tdoc_para(d, _("Symptoms:"), w, 0, NULL, 0, TS_BOLD, false);
	for (size_t i = 0; i < m->symptoms.n; i++)
		tdoc_para(d, m->symptoms.v[i], w, 0, "• ", 0, 0, true);
	tdoc_blank(d);
	tdoc_para(d, _("Fix:"), w, 0, NULL, 0, TS_BOLD, false);
	if (m->fix_text)
		tdoc_para(d, m->fix_text, w, 0, NULL, 0, 0, true);
	if (m->fix_code.code)
		tdoc_pre(d, m->fix_code.code, w, 2, TS_CODE);
	if (m->table_ptr) {
		tdoc_para(d, m->table_ptr->title, w, 0, NULL, 0, TS_BOLD, true);
		tdoc_table(d, m->table_ptr, w, 0);
	}
	tdoc_blank(d);
	tdoc_para(d, m->prevention, w, 0, _("Prevention: "), TS_BOLD, 0, true);
	detail_note(ui, m->id, w, d);
	detail_needed_for(ui, m->id, NULL, w, d);
}

static void detail_missing(const struct ui *ui, const struct score_criterion *sc,
			   int w, struct tdoc *d)
{
	for (size_t i = 0; i < sc->n_missing; i++) {
		const struct pack_entry *e = pack_find(ui->pack, sc->missing[i]);
		const char *lead = sc->stale[i] ? "[~] " : "[ ] ";
		tdoc_para(d, e ? entry_text(e) : sc->missing[i], w, 2, lead,
			  sc->stale[i] ? TS_WARN : 0, 0, true);
	}
	if (sc->needs_attestation)
		tdoc_para(d, _("your attestation: select it and press Space"),
			  w, 2, "[ ] ", 0, 0, false);
}

static void detail_criterion(const struct ui *ui, const struct ui_row *r,
			     int w, struct tdoc *d)
{
	const struct pack_criterion *c = r->e.u.criterion;
	const struct score_criterion *sc = NULL;

	for (size_t l = 0; l < ui->score->n_levels; l++)
		for (size_t k = 0; k < ui->score->levels[l].n_crit; k++)
			if (ui->score->levels[l].crit[k].c == c)
				sc = &ui->score->levels[l].crit[k];
	tdoc_para(d, c->text, w, 0, NULL, 0, TS_BOLD, true);
	tdoc_para(d, sc && sc->met ? _("Met.") : _("Not met yet. Still needed:"),
		  w, 0, NULL, 0, sc && sc->met ? TS_OK : TS_BAD, false);
	if (sc && !sc->met)
		detail_missing(ui, sc, w, d);
	if (c->requires.n) {
		tdoc_blank(d);
		tdoc_para(d, _("Requires:"), w, 0, NULL, 0, TS_BOLD, false);
		for (size_t i = 0; i < c->requires.n; i++) {
			const struct pack_entry *e = pack_find(ui->pack, c->requires.v[i].id);
			enum score_state s = score_state_of(e, &ui->progress);
			tdoc_para(d, entry_text(e), w, 2, ui_state_box(s),
				  ui_state_style(s), 0, true);
		}
	}
	if (c->attest) {
		tdoc_blank(d);
		tdoc_para(d, r->state == SS_DONE ? _("You attested it.")
						 : _("It needs your word: Space "
						     "attests it."),
			  w, 0, NULL, 0, ui_state_style(r->state), false);
	}
	detail_note(ui, c->id, w, d);
}

static void detail_level(const struct ui *ui, const struct ui_row *r, int w,
			 struct tdoc *d)
{
	const struct score *s = ui->score;
	char *count = xasprintf(_("%zu of %zu criteria met"), r->done, r->total);

	tdoc_para(d, r->e.u.level->title, w, 0, NULL, 0, TS_BOLD, true);
	tdoc_para(d, r->met ? _("Reached.") : _("Not reached yet."), w, 0, NULL,
		  0, r->met ? TS_OK : TS_BAD, false);
	tdoc_para(d, count, w, 0, NULL, 0, 0, false);
	free(count);
	if (ui->pack->rubric_applies_when)
		tdoc_para(d, ui->pack->rubric_applies_when, w, 0, NULL, 0, TS_DIM,
			  true);
	if (s->n_missing_critical) {
		tdoc_blank(d);
		tdoc_para(d, _("Every level needs the CRITICAL items:"), w, 0,
			  NULL, 0, TS_BAD | TS_BOLD, false);
		for (size_t i = 0; i < s->n_missing_critical; i++) {
			const struct pack_entry *e =
				pack_find(ui->pack, s->missing_critical[i]);
			tdoc_para(d, e ? entry_text(e) : s->missing_critical[i], w,
				  2, "[ ] ", 0, 0, true);
		}
	}
	for (size_t l = 0; l < s->n_levels; l++) {
		const struct score_level *sl = &s->levels[l];
		if (sl->level != r->e.u.level)
			continue;
		for (size_t k = 0; k < sl->n_crit; k++) {
			if (sl->crit[k].met)
				continue;
			tdoc_blank(d);
			tdoc_para(d, sl->crit[k].c->text, w, 0, "✗ ", TS_BAD,
				  TS_BOLD, true);
			detail_missing(ui, &sl->crit[k], w, d);
		}
	}
}

void ui_detail(const struct ui *ui, int width, struct tdoc *out)
{
	const struct ui_row *r = ui_current(ui);

	memset(out, 0, sizeof *out);
	if (!r || ui_screen_is_doc(ui->screen))
		return;
	switch (r->e.kind) {
	case PACK_SECTION:
		detail_section(ui, r, width, out);
		break;
	case PACK_ITEM:
		detail_item(ui, r, width, out);
		break;
	case PACK_MISTAKE:
		detail_mistake(ui, r, width, out);
		break;
	case PACK_LEVEL:
		detail_level(ui, r, width, out);
		break;
	case PACK_CRITERION:
		detail_criterion(ui, r, width, out);
		break;
	default:
		break;
	}
}
