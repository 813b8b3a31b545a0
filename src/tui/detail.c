/* SPDX-License-Identifier: MIT */
/* The detail pane: what the tutor says about the selected row, laid out
 * as text (text.h) for the view to draw. Reads the model; changes
 * nothing. */
#include <stdlib.h>
#include <string.h>

#include "selfgrade/evidence.h"
#include "selfgrade/review.h"
#include "selfgrade/xalloc.h"
#include "tui/detail.h"
#include "tui/i18n.h"
#include "tui/model.h"

static const char *state_word(enum view_state s)
{
	switch (s) {
	case VS_DONE:
		return _("done");
	case VS_STALE:
		return _("changed since you confirmed it: Space confirms it again");
	case VS_PARTIAL:
		return _("partly done");
	case VS_CONTRADICTED:
		return _("ticked, but your project contradicts it: not counted");
	default:
		return _("not done yet");
	}
}

unsigned ui_state_style(enum view_state s)
{
	return s == VS_DONE	    ? TS_OK
	       : s == VS_NOT_DONE   ? 0
	       : s == VS_CONTRADICTED ? TS_BAD
				    : TS_WARN;
}

const char *ui_row_box(const struct ui_row *r)
{
	return r->contradicted ? "[!] " : ui_state_box(r->state);
}

unsigned ui_row_style(const struct ui_row *r)
{
	return r->contradicted ? TS_BAD : ui_state_style(r->state);
}

static const char *verdict_word(enum probe_verdict v)
{
	static const char *const words[] = {[PROBE_NOT_FOUND] = N_("not found"),
					     [PROBE_VERIFIED] = N_("verified"),
					     [PROBE_CONTRADICTED] = N_("contradicted"),
					     [PROBE_NOT_APPLICABLE] = N_("not applicable")};
	return v < PROBE_VERDICT_COUNT ? _(words[v]) : "?";
}

/* The instructor's word on the entry, from a review file imported. */
static void detail_review(const struct ui *ui, const struct ui_row *r, int w,
			  struct tdoc *d)
{
	const struct review *rv = view_review(ui->view, r->e.id);
	const char *mark = !rv				   ? NULL
			   : rv->mark == REVIEW_AGREED	   ? _("Instructor: agreed. ")
			   : rv->mark == REVIEW_NOT_AGREED ? _("Instructor: not agreed. ")
							   : _("Instructor: ");

	if (!rv)
		return;
	tdoc_blank(d);
	tdoc_para(d, rv->text ? rv->text : "", w, 0, mark, TS_BOLD,
		  rv->mark == REVIEW_NOT_AGREED ? TS_BAD : 0, false);
}

/* What the probes found in the learner's project for id, right under
 * its state: the evidence decides whether a tick counts. */
static void detail_evidence(const struct ui *ui, const struct ui_row *r, int w,
			    struct tdoc *d)
{
	const struct evidence *ev = view_evidence(ui->view, &r->e);
	char *text;

	if (!ev)
		return;
	if (ev->file && ev->line)
		text = xasprintf("%s: %s:%d %s", verdict_word(ev->verdict),
				 ev->file, ev->line, ev->value);
	else if (ev->file)
		text = xasprintf("%s: %s %s", verdict_word(ev->verdict),
				 ev->file, ev->value);
	else
		text = xasprintf("%s: %s", verdict_word(ev->verdict), ev->value);
	tdoc_para(d, text, w, 0, _("Evidence: "), TS_BOLD,
		  ev->verdict == PROBE_CONTRADICTED && !ev->dispute ? TS_BAD
		  : ev->verdict == PROBE_VERIFIED		    ? TS_OK
								    : TS_DIM,
		  false);
	free(text);
	if (ev->outdated)
		tdoc_para(d, _("Outdated: the file changed since the probe read it; "
			       "P runs the probes again."),
			  w, 0, NULL, 0, TS_WARN, false);
	if (r->state == VS_CONTRADICTED)
		tdoc_para(d, _("You ticked it, but your project contradicts it, so it "
			       "does not count. Fix it and press P, or D to dispute it."),
			  w, 0, NULL, 0, TS_BAD | TS_BOLD, false);
	if (ev->dispute && ev->verdict == PROBE_CONTRADICTED)
		tdoc_para(d, ev->dispute, w, 0, _("Your dispute (it counts): "), TS_BOLD,
			  0, false);
}

const char *ui_state_box(enum view_state s)
{
	return s == VS_DONE	 ? "[x] "
	       : s == VS_PARTIAL ? "[-] "
	       : s == VS_STALE	 ? "[~] "
	       : s == VS_CONTRADICTED ? "[!] "
				 : "[ ] ";
}

/* "text" of an id, for lists of what is missing. */
static const char *entry_text(const struct pack_entry *e)
{
	return view_entry_text(e);
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
	bool first = true, critical = false;

	for (const struct pack_item *a = it; a && !critical; a = a->parent)
		critical = a->critical;
	/* A CRITICAL item is needed by every level, whether or not a
	 * criterion names it. */
	for (size_t l = 0; critical && l < ui->pack->n_levels; l++) {
		char *lead = xasprintf("• %s: ", ui->pack->levels[l].title);
		if (first) {
			tdoc_blank(d);
			tdoc_para(d, _("Needed for:"), w, 0, NULL, 0, TS_BOLD, false);
			first = false;
		}
		tdoc_para(d, _("CRITICAL, every level needs it"), w, 0, lead, TS_DIM,
			  TS_BAD, false);
		free(lead);
	}

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
	detail_evidence(ui, r, w, d);
	if (it->critical)
		tdoc_para(d, it->rule ? it->rule : _("required by every level"),
			  w, 0, _("CRITICAL: "), TS_BAD | TS_BOLD, TS_BAD, true);
	if (it->verify)
		tdoc_para(d, it->verify, w, 0, _("Verify: "), TS_BOLD, 0, true);
	for (size_t i = 0; i < it->notes.n; i++)
		tdoc_para(d, it->notes.v[i], w, 0, "• ", 0, 0, true);
	detail_note(ui, it->id, w, d);
	detail_review(ui, r, w, d);
	detail_needed_for(ui, it->id, it, w, d);
}

static void detail_section(const struct ui *ui, const struct ui_row *r,
			   int w, struct tdoc *d)
{
	const struct pack_section *s = r->e.u.section;
	char *head = xasprintf("%d. %s", s->number, s->title);
	char *count = xasprintf(_("%zu of %zu items done"), r->done, r->total);

	tdoc_para(d, head, w, 0, NULL, 0, TS_BOLD, true);
	tdoc_para(d, count, w, 0, NULL, 0, ui_state_style(r->state), false);
	{
		/* Why the header says 21 where the section says 12. */
		size_t done[3], total[3];
		char *why;
		ui_counts(ui, done, total);
		why = xasprintf(_("The header counts these with the mistakes "
				  "(%zu) and the attestations (%zu): %zu in all."),
				total[1], total[2], total[0] + total[1] + total[2]);
		tdoc_para(d, why, w, 0, NULL, 0, TS_DIM, false);
		free(why);
	}
	if (s->applies_when)
		tdoc_para(d, s->applies_when, w, 0, NULL, 0, 0, true);
	for (size_t i = 0; i < s->n_links; i++) {
		char *lead = xasprintf("→ %s: ", s->links[i].title);
		char *link = s->links[i].tail
				     ? xasprintf("%s %s", s->links[i].href, s->links[i].tail)
				     : xstrdup(s->links[i].href);
		tdoc_para(d, link, w, 0, lead, 0, TS_CODE, false);
		free(link);
		free(lead);
	}
	free(head);
	free(count);
}

void ui_detail_error(struct tdoc *d, const struct pack_mistake *m, int w)
{
	tdoc_para(d, m->error, w, 0, _("Error: "), TS_BOLD, 0, true);
}

void ui_detail_symptoms(struct tdoc *d, const struct pack_mistake *m, int w)
{
	for (size_t i = 0; i < m->symptoms.n; i++)
		tdoc_para(d, m->symptoms.v[i], w, 0, "• ", 0, 0, true);
}

void ui_detail_fix(struct tdoc *d, const struct pack_mistake *m, int w)
{
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
}

static void detail_mistake(const struct ui *ui, const struct ui_row *r,
			   int w, struct tdoc *d)
{
	const struct pack_mistake *m = r->e.u.mistake;
	char *head = xasprintf("%d. %s", m->number, m->title);

	tdoc_para(d, head, w, 0, NULL, 0, TS_BOLD, true);
	free(head);
	tdoc_para(d,
		  r->state == VS_DONE ? _("You checked: you are not making "
					  "this mistake.")
		  : r->state == VS_STALE || r->state == VS_CONTRADICTED
			  ? state_word(r->state)
			  : _("Space: \"I checked: I am not making this "
			      "mistake\"."),
		  w, 0, NULL, 0, ui_state_style(r->state), false);
	detail_evidence(ui, r, w, d);
	tdoc_blank(d);
	ui_detail_error(d, m, w);
	tdoc_blank(d);
	tdoc_para(d, _("Symptoms:"), w, 0, NULL, 0, TS_BOLD, false);
	ui_detail_symptoms(d, m, w);
	tdoc_blank(d);
	tdoc_para(d, _("Fix:"), w, 0, NULL, 0, TS_BOLD, false);
	ui_detail_fix(d, m, w);
	detail_note(ui, m->id, w, d);
	detail_review(ui, r, w, d);
	detail_needed_for(ui, m->id, NULL, w, d);
}

/* Where each missing part is done: the screen it lives on. */
static const char *need_lead(enum view_need n)
{
	switch (n) {
	case NEED_CONFIRM:
		return _("on Mistakes, confirm: ");
	case NEED_ATTEST:
		return _("your attestation: ");
	case NEED_CRITICAL:
		return _("CRITICAL, tick: ");
	default:
		return NULL;
	}
}

static void detail_missing(const struct view_criterion *vc, int w, struct tdoc *d)
{
	for (size_t i = 0; i < vc->n_missing; i++) {
		const struct view_missing *m = &vc->missing[i];
		const char *lead = need_lead(m->need);
		char *text = lead ? xasprintf("%s%s", lead, entry_text(m->e))
				  : xstrdup(entry_text(m->e));
		if (m->need == NEED_ATTEST) {
			free(text);
			text = xstrdup(_("your attestation: select it and press Space"));
		}
		tdoc_para(d, text, w, 2,
			  m->contradicted ? "[!] " : m->stale ? "[~] " : "[ ] ",
			  m->contradicted ? TS_BAD : m->stale ? TS_WARN : 0, 0,
			  m->need != NEED_ATTEST);
		free(text);
	}
}

static void detail_criterion(const struct ui *ui, const struct ui_row *r,
			     int w, struct tdoc *d)
{
	const struct pack_criterion *c = r->e.u.criterion;
	const struct view_criterion *vc = view_criterion_of(ui->view, c);

	tdoc_para(d, c->text, w, 0, NULL, 0, TS_BOLD, true);
	if (c->attest)
		detail_evidence(ui, r, w, d);
	for (size_t i = 0; i < c->verify.n; i++)
		tdoc_para(d, c->verify.v[i], w, 0, _("Verify: "), TS_BOLD, 0, true);
	tdoc_para(d, vc && vc->met ? _("Met.") : _("Not met yet. Still needed:"),
		  w, 0, NULL, 0, vc && vc->met ? TS_OK : TS_BAD, false);
	if (vc && !vc->met) {
		detail_missing(vc, w, d);
		for (size_t i = 0; i < vc->n_missing; i++)
			if (vc->missing[i].need != NEED_ATTEST) {
				tdoc_para(d, _("Enter goes to the first of these."), w, 2,
					  NULL, 0, TS_DIM, false);
				break;
			}
	}
	if (c->requires.n) {
		tdoc_blank(d);
		tdoc_para(d, _("Requires:"), w, 0, NULL, 0, TS_BOLD, false);
		for (size_t i = 0; i < c->requires.n; i++) {
			const struct pack_entry *e = pack_find(ui->pack, c->requires.v[i].id);
			enum view_state s = view_state_of(ui->view, e);
			tdoc_para(d, entry_text(e), w, 2, ui_state_box(s),
				  ui_state_style(s), 0, true);
		}
	}
	if (c->attest) {
		tdoc_blank(d);
		tdoc_para(d, r->state == VS_DONE ? _("You attested it.")
						 : _("It needs your word: Space "
						     "attests it."),
			  w, 0, NULL, 0, ui_state_style(r->state), false);
	}
	detail_note(ui, c->id, w, d);
	if (!c->attest)
		detail_evidence(ui, r, w, d);
	detail_review(ui, r, w, d);
}

static void detail_level(const struct ui *ui, const struct ui_row *r, int w,
			 struct tdoc *d)
{
	const struct view *v = ui->view;
	char *count = xasprintf(_("%zu of %zu criteria met"), r->done, r->total);

	tdoc_para(d, r->e.u.level->title, w, 0, NULL, 0, TS_BOLD, true);
	{
		/* Reached, or why not though its own criteria are met: a
		 * level never says "Reached." above one that is not. */
		const struct view_level *sl = view_level_of(v, r->e.u.level);
		const struct view_contradiction *below = NULL;
		char *why = NULL;
		for (size_t i = 0; sl && i < v->n_contra && !below; i++)
			if (v->contra[i].higher == sl)
				below = &v->contra[i];
		if (r->met)
			why = xstrdup(_("Reached."));
		else if (sl && sl->criteria_met && v->n_critical)
			why = xasprintf(_("All %zu criteria met, but a CRITICAL item is "
					  "not: %s"),
					sl->n_crit, entry_text(v->critical[0].e));
		else if (sl && sl->criteria_met && below)
			why = xasprintf(_("All %zu criteria met, but the level below is "
					  "not: %s"),
					sl->n_crit, below->unmet->c->text);
		else
			why = xstrdup(_("Not reached yet."));
		tdoc_para(d, why, w, 0, NULL, 0, r->met ? TS_OK : TS_BAD, true);
		free(why);
	}
	tdoc_para(d, count, w, 0, NULL, 0, 0, false);
	free(count);
	if (v->reviewed) {
		char *say = xasprintf(_("Your instructor's view: %s."),
				      v->review_level ? v->review_level->title : _("Not yet"));
		tdoc_para(d, say, w, 0, NULL, 0, TS_BOLD, true);
		free(say);
	}
	if (ui->pack->rubric_applies_when)
		tdoc_para(d, ui->pack->rubric_applies_when, w, 0, NULL, 0, TS_DIM,
			  true);
	for (size_t i = 0; i < v->n_contra; i++) {
		char *why;
		if (v->contra[i].higher->level != r->e.u.level &&
		    v->contra[i].lower->level != r->e.u.level)
			continue;
		why = xasprintf(_("Every criterion of %s is met, but %s is not: "
				  "the level reached is the lower one's."),
				v->contra[i].higher->level->title,
				v->contra[i].unmet->c->text);
		tdoc_blank(d);
		tdoc_para(d, why, w, 0, NULL, 0, TS_WARN | TS_BOLD, true);
		free(why);
	}
	if (v->n_critical) {
		tdoc_blank(d);
		tdoc_para(d, _("Every level needs the CRITICAL items:"), w, 0,
			  NULL, 0, TS_BAD | TS_BOLD, false);
		for (size_t i = 0; i < v->n_critical; i++)
			tdoc_para(d, entry_text(v->critical[i].e), w, 2,
				  v->critical[i].contradicted ? "[!] "
				  : v->critical[i].stale      ? "[~] "
							      : "[ ] ",
				  0, 0, true);
	}
	{
		const struct view_level *sl = view_level_of(v, r->e.u.level);
		for (size_t k = 0; sl && k < sl->n_crit; k++) {
			if (sl->crit[k].met)
				continue;
			tdoc_blank(d);
			tdoc_para(d, sl->crit[k].c->text, w, 0, "✗ ", TS_BAD,
				  TS_BOLD, true);
			detail_missing(&sl->crit[k], w, d);
		}
	}
}

void ui_detail(const struct ui *ui, int width, struct tdoc *out)
{
	const struct ui_row *r = ui_current(ui);

	memset(out, 0, sizeof *out);
	if (!r || ui_screen_is_doc(ui, ui->screen))
		return;
	if (ui_screen_ops(ui, ui->screen)->detail) {
		ui_screen_ops(ui, ui->screen)->detail(ui, r, width, out);
		return;
	}
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
