/* SPDX-License-Identifier: MIT */
/* The Markdown report: one section per learner that a person reads.
 * GitHub-flavoured Markdown (its tables and task lists); what learners
 * typed is escaped so that it stays text. */
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/evidence.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* n blanks. The lines below are written with fputs rather than fprintf:
 * a cohort's report writes a line per item per learner, and formatting
 * was most of its cost. */
static void blanks(FILE *out, int n)
{
	static const char sp[] = "                                ";
	for (; n > 0; n -= (int)sizeof sp - 1)
		fwrite(sp, 1, n < (int)sizeof sp - 1 ? (size_t)n : sizeof sp - 1, out);
}

/* User text as CommonMark text: every ASCII punctuation character
 * backslash-escaped (so no *, _, `, [, <, |, # or 1. can start markup or
 * HTML); a line break a hard break continued at indent, its leading
 * blanks dropped so it cannot become a code block. In a table cell
 * (indent < 0) a line break is a space. */
static void md_text(FILE *out, const char *text, int indent)
{
	char *safe;
	const char *p = text;

	/* Letters, digits and blanks alone (an id, a word of the timeline)
	 * need nothing escaped. */
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == ' ')
		p++;
	if (!*p) {
		fputs(text, out);
		return;
	}
	safe = utf8_escape(text, strlen(text), "\t\n", 0);

	for (const char *s = safe; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			if (indent < 0) {
				fputc(' ', out);
				continue;
			}
			fputs("\\\n", out);
			blanks(out, indent);
			while (s[1] == ' ' || s[1] == '\t')
				s++;
		} else if (c == '\t') {
			fputc(' ', out);
		} else if (c < 0x80 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) && c) {
			fputc('\\', out);
			fputc(c, out);
		} else {
			fputc(c, out);
		}
	}
	free(safe);
}

static const char *box(enum view_state s)
{
	return s == VS_DONE ? "[x]" : "[ ]";
}

static void items(FILE *out, const struct report_learner *l,
		  const struct pack_item *v, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		const struct pack_item *it = &v[i];
		enum view_state s = view_item_state(l->view, it);
		const struct prog_note *pn = view_note(l->view, it->id);
		blanks(out, depth * 2);
		fputs("- ", out);
		fputs(box(s), out);
		fputc(' ', out);
		fputs(it->text, out);
		fputs(" (`", out);
		fputs(it->id, out);
		fputs("`)", out);
		if (it->critical) {
			fputs(" — **", out);
			fputs(_(SG_WORD_CRITICAL), out);
			fputs("**", out);
		}
		if (s == VS_STALE)
			fprintf(out, " — *%s*", _(SG_WORD_STALE));
		fputc('\n', out);
		if (pn) {
			blanks(out, depth * 2 + 2);
			fprintf(out, "%s ", _("Note:"));
			md_text(out, pn->text, depth * 2 + 2);
			fputc('\n', out);
		}
		items(out, l, it->items, it->n_items, depth + 1);
	}
}

static void missing(FILE *out, const struct view_missing *m, const char *indent)
{
	fprintf(out, "%s- [ ] %s `%s`%s%s%s\n", indent, report_need_words(m->need),
		m->e->id, m->stale ? " (" : "", m->stale ? _(SG_WORD_STALE) : "",
		m->stale ? ")" : "");
}

/* Which ticks the learner's project backs, which it contradicts. */
static void evidence(FILE *out, const struct view *v)
{
	fprintf(out, "**%s** ", _("Evidence:"));
	fprintf(out, P_("%zu tick backed by the project, %zu contradicted, "
			"%zu on the learner's word only.\n\n",
			"%zu ticks backed by the project, %zu contradicted, "
			"%zu on the learner's word only.\n\n",
			v->n_backed),
		v->n_backed, v->n_contradicted, v->n_self_reported);
	for (size_t i = 0; i < v->n_contradicted; i++) {
		const struct evidence *ev = view_evidence(v, v->contradicted[i]);
		fprintf(out, _("- Contradicted: `%s`"), v->contradicted[i]->id);
		if (ev->file) {
			fputs(" — ", out);
			md_text(out, ev->file, -1);
			if (ev->line)
				fprintf(out, ":%d", ev->line);
		}
		fputs(": ", out);
		md_text(out, ev->value, -1);
		fputc('\n', out);
	}
	if (v->n_contradicted)
		fputc('\n', out);
}

/* What score says: the next level, each part it needs, and any
 * contradiction between levels. */
static void next_level(FILE *out, const struct view *v)
{
	for (size_t i = 0; i < v->n_contra; i++) {
		fprintf(out, _("> Every criterion of %s is met, but %s's criterion "
			       "\"%s\" (`%s`) is not: the level reached is the "
			       "lower one's.\n\n"),
			v->contra[i].higher->level->title, v->contra[i].lower->level->title,
			v->contra[i].unmet->c->text, v->contra[i].unmet->c->id);
	}
	if (!v->next) {
		fprintf(out, "%s\n\n", REPORT_EVERY_LEVEL);
		return;
	}
	fprintf(out, _("### What %s still needs\n\n"), v->next->level->title);
	for (size_t i = 0; i < v->n_critical; i++)
		missing(out, &v->critical[i], "");
	for (size_t c = 0; c < v->next->n_crit; c++) {
		const struct view_criterion *cr = &v->next->crit[c];
		if (cr->met)
			continue;
		fprintf(out, "- %s (`%s`)\n", cr->c->text, cr->c->id);
		for (size_t m = 0; m < cr->n_missing; m++)
			missing(out, &cr->missing[m], "  ");
	}
	fputc('\n', out);
}

static void timeline(FILE *out, const struct report_learner *l,
		     const struct report_words *w)
{
	fputs(_("### Timeline\n\n"), out);
	if (!l->n_events) {
		fputs(_("No changes yet.\n\n"), out);
		return;
	}
	fprintf(out, "| %s | %s | %s |\n| --- | --- | --- |\n", _("Time"), _("Id"),
		_("Change"));
	const char **step = report_step_words(w, l);
	for (size_t i = 0; i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		bool note = e->field && strcmp(e->field, "note") == 0;
		char when[32];
		report_time(e->at, when);
		fputs("| ", out);
		fputs(when, out);
		fputs(" | `", out);
		fputs(e->item_id ? e->item_id : "", out);
		fputs("` | ", out);
		char what[160];
		md_text(out, report_change_words(w, e, what, sizeof what), -1);
		if (note && e->new_) {
			fputc(' ', out);
			md_text(out, e->new_, -1);
		}
		if (step[i])
			fprintf(out, " (%s)", step[i]);
		fputs(" |\n", out);
	}
	free(step);
	fputc('\n', out);
}

static void learner(FILE *out, const struct report *r,
		    const struct report_learner *l, const struct pack_entry **ids,
		    size_t n_ids, const struct report_words *w)
{
	const struct view *v = l->view;
	const struct pack *p = r->pack;

	fputs("## ", out);
	md_text(out, l->name, -1);
	fprintf(out, "\n\n**%s** ", _("Level:"));
	fprintf(out, _("%s — %zu of %zu done (%d%%).\n\n"),
		report_level_title(v), v->done, v->total, view_percent(v));
	{
		const struct view_study rs = v->study;
		fprintf(out, "**%s** ", _("Study:"));
		if (rs.sessions)
			fprintf(out, P_("%zu session, %lld min %lld s, %ld of %ld "
					"cards right on the first try (%ld%%).\n\n",
					"%zu sessions, %lld min %lld s, %ld of %ld "
					"cards right on the first try (%ld%%).\n\n",
					rs.sessions),
				rs.sessions, rs.seconds / 60, rs.seconds % 60,
				rs.first_try, rs.cards,
				rs.cards ? rs.first_try * 100 / rs.cards : 0);
		else
			fputs(_("no sessions yet.\n\n"), out);
	}
	evidence(out, v);
	next_level(out, v);
	fputs(_("### Checklist\n\n"), out);
	for (size_t s = 0; s < p->n_sections; s++) {
		fprintf(out, "#### %d. %s\n\n", p->sections[s].number, p->sections[s].title);
		items(out, l, p->sections[s].items, p->sections[s].n_items, 0);
		fputc('\n', out);
	}
	/* Mistakes, then attestations: the pack's checkables past the items. */
	for (int k = 0; k < 2; k++) {
		int kind = k ? PACK_CRITERION : PACK_MISTAKE;
		fputs(kind == PACK_MISTAKE ? _("### Mistakes avoided\n\n")
					   : _("\n### Attestations\n\n"),
		      out);
		for (size_t i = 0; i < n_ids; i++) {
			const struct pack_entry *e = ids[i];
			const struct prog_note *pn = view_note(v, e->id);
			if ((int)e->kind != kind)
				continue;
			if (kind == PACK_MISTAKE)
				fprintf(out, "- %s %d. %s (`%s`)\n",
					box(view_state_of(v, e)), e->u.mistake->number, e->u.mistake->title, e->id);
			else
				fprintf(out, "- %s %s (`%s`)\n",
					box(view_state_of(v, e)), e->u.criterion->text, e->id);
			if (pn) {
				fprintf(out, "  %s ", _("Note:"));
				md_text(out, pn->text, 2);
				fputc('\n', out);
			}
		}
	}
	fputc('\n', out);
	timeline(out, l, w);
}

/* What the cohort misses, before anyone's details. */
static void summary(FILE *out, const struct report *r)
{
	const struct cohort *c = r->summary;
	const struct pack *p = r->pack;
	size_t n = c->n_learners;
	char *text;

	fprintf(out, "## %s\n\n| %s | %s | %s |\n| --- | ---: | ---: |\n",
		_("Cohort summary"), _("Level"), _("Learners"), _("Share"));
	for (size_t i = 0; i < p->n_levels; i++)
		fprintf(out, "| %s | %zu | %d%% |\n", p->levels[i].title, c->at_level[i],
			cohort_percent(c->at_level[i], n));
	fprintf(out, "| %s | %zu | %d%% |\n\n", _(SG_WORD_NOT_YET), c->not_yet,
		cohort_percent(c->not_yet, n));
	fprintf(out, "| %s | %s | %s | %s |\n| --- | --- | ---: | ---: |\n", _("Criterion"),
		_("Level"), _("Met by"), _("Share"));
	for (size_t i = 0; i < c->n_crit; i++) {
		fputs("| ", out);
		md_text(out, c->crit[i].c->text, -1);
		fprintf(out, _(" (`%s`) | %s | %zu of %zu | %d%% |\n"), c->crit[i].c->id,
			c->crit[i].c->level->title, c->crit[i].met, n,
			cohort_percent(c->crit[i].met, n));
	}
	fputc('\n', out);
	if (c->n_missed) {
		fputs(_("Most missed:\n\n"), out);
		for (size_t i = 0; i < c->n_missed; i++)
			fprintf(out, _("- `%s`: done by %zu of %zu (%d%%)\n"), c->missed[i]->e->id,
				c->missed[i]->done, n, cohort_percent(c->missed[i]->done, n));
		fputc('\n', out);
	}
	text = report_cohort_blocked(c);
	fprintf(out, "%s\n\n", text);
	free(text);
	text = report_cohort_evidence(c);
	fprintf(out, "%s\n\n", text);
	free(text);
	fprintf(out, "| %s | %s | %s | %s |\n| --- | ---: | ---: | ---: |\n",
		_("Item, mistake or attestation"), _("Done by"), _("Share"), _("Stale"));
	for (size_t i = 0; i < c->n_entries; i++)
		fprintf(out, "| `%s` | %zu | %d%% | %zu |\n", c->entries[i].e->id,
			c->entries[i].done, cohort_percent(c->entries[i].done, n),
			c->entries[i].stale);
	fputc('\n', out);
}

/* GitHub-flavoured Markdown: its tables and task lists render as such. */
int report_write_md(const struct report *r, FILE *out, char **err)
{
	char zone[64], when[32];

	report_zone(zone);
	report_time(r->generated_at, when);
	fprintf(out, _("# %s — self-assessment report\n\n"), r->pack->title);
	fprintf(out, _("Generated %s from pack `%s` %s (content `%.12s`). Times are "
		       "local (%s).\n\n"),
		when, r->pack->id, r->pack->version, r->content_hash, zone);
	if (r->summary && r->n > 1)
		summary(out, r);
	fprintf(out, "| %s | %s | %s | %s |\n| --- | --- | ---: | --- |\n", _("Learner"),
		_("Level"), _("Done"), _("Last activity"));
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = report_row(r, i);
		report_time(report_last_activity(l), when);
		fputs("| ", out);
		md_text(out, l->name, -1);
		fprintf(out, " | %s | %zu/%zu | %s |\n", report_level_title(l->view),
			l->view->done, l->view->total, when);
	}
	fputc('\n', out);
	return report_parts(r, report_part_md, report_part_md_end, out, err);
}

int report_part_md(const struct report *r, const struct report_learner *l,
		   void **state, FILE *out, char **err)
{
	struct report_basis *b = *state;

	(void)err;
	if (!b) {
		*state = b = xcalloc(1, sizeof *b);
		report_basis_init(b, r->pack);
	}
	learner(out, r, l, b->ordered, b->n_ordered, &b->words);
	return 0;
}

void report_part_md_end(void *state)
{
	if (state)
		report_basis_free(state);
	free(state);
}
