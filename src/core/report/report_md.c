/* SPDX-License-Identifier: MIT */
/* The Markdown report: one section per learner that a person reads.
 * GitHub-flavoured Markdown (its tables and task lists); what learners
 * typed is escaped so that it stays text. */
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/evidence.h"
#include "selfgrade/markup.h"
#include "selfgrade/review.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* n blanks. The lines below are written with out_lit rather than
 * out_printf: a cohort's report writes a line per item per learner, and
 * formatting was most of its cost. */
static void blanks(struct out *out, int n)
{
	static const char sp[] = "                                ";
	for (; n > 0; n -= (int)sizeof sp - 1)
		out_raw_n(out, sp, n < (int)sizeof sp - 1 ? (size_t)n : sizeof sp - 1);
}

/* User text as CommonMark text that stays text: backslash-escaped, every
 * ASCII punctuation character at the start of a line (where -, +, #,
 * 1., = and > start blocks), and elsewhere those that start markup or
 * HTML on a line (\ ` * _ [ ] < > & | ~ ! # $, and : before / as in
 * http://); controls (C0 but tab and line break, DEL, C1,
 * bidirectional overrides and isolates) written as \x1b, \u202e, so that
 * no byte of them reaches a terminal showing the file; a line break a
 * hard break continued at indent, its leading blanks dropped so it
 * cannot become a code block. In a table cell or heading (indent < 0) a
 * line break is a space. */
static void md_text(struct out *out, const char *text, size_t n, int indent)
{
	char *safe;
	size_t i = 0;
	bool bol = true;

	/* Letters, digits and blanks alone (an id, a word of the timeline)
	 * need nothing escaped. */
	while (i < n && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
			 (text[i] >= '0' && text[i] <= '9') || text[i] == ' '))
		i++;
	if (i == n) {
		out_raw_n(out, text, n);
		return;
	}
	safe = utf8_clean(text, n, "\t\n") == n ? xstrndup(text, n)
						  : utf8_escape(text, n, "\t\n", 0);

	for (const char *s = safe; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			if (indent < 0) {
				out_putc(out, ' ');
				continue;
			}
			out_lit(out, "\\\n");
			blanks(out, indent);
			while (s[1] == ' ' || s[1] == '\t')
				s++;
			bol = true;
			continue;
		}
		if (c == '\t') {
			out_putc(out, ' ');
			continue;
		}
		if (c < 0x80 && c && strchr(bol ? "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
						: "\\`*_[]<>&|~!#$", c))
			out_putc(out, '\\');
		else if (c == ':' && s[1] == '/')
			out_putc(out, '\\');
		out_putc(out, (char)c);
		bol = false;
	}
	free(safe);
}

/* The escaper of out_printf's %s: text on one line. */
static void md_inline(struct out *out, const char *s, size_t n)
{
	md_text(out, s, n, -1);
}

/* The inside of a `code span` the format opened (an id, a hash): there
 * a backslash is shown, not an escape, so the text is written as it is
 * but for what could end the span or the line: a backtick becomes ˋ
 * (U+02CB, a look-alike that is not markup), | is \| (GFM reads that as
 * | inside a table cell, else the cell would end), controls and line
 * breaks are written as \x0a. A pack's ids have none of these; an id
 * from a log may. */
static void md_code(struct out *out, const char *s, size_t n)
{
	char *safe = utf8_clean(s, n, "") == n ? NULL : utf8_escape(s, n, "", 0);
	const char *p = safe ? safe : s, *end = p + (safe ? strlen(safe) : n);

	while (p < end) {
		size_t k = strcspn(p, "`|");
		if (k > (size_t)(end - p))
			k = (size_t)(end - p);
		out_raw_n(out, p, k);
		p += k;
		if (p == end)
			break;
		if (*p == '`')
			out_lit(out, "\xcb\x8b");
		else
			out_lit(out, "\\|");
		p++;
	}
	free(safe);
}

/* A pack text's runs: **bold** and `code` as Markdown has them, the
 * text between escaped. */
static void md_run(void *ctx, const char *s, size_t n, unsigned m)
{
	struct out *out = ctx;

	if (m & MARKUP_BOLD)
		out_lit(out, "**");
	if (m & MARKUP_CODE) {
		out_putc(out, '`');
		md_code(out, s, n);
		out_putc(out, '`');
	} else {
		md_inline(out, s, n);
	}
	if (m & MARKUP_BOLD)
		out_lit(out, "**");
}

static void md_walk(struct out *out, const char *s)
{
	markup_walk(s, md_run, out);
}

/* Pack texts are the same for every learner: each is rendered once per
 * report and copied after (out_cached). File-scope, as html's;
 * report_part_md() sets it up. */
static struct out_cache cache;

/* A pack text (an item, a criterion, a section's title) with its
 * markup. */
static void md_markup(struct out *out, const char *s)
{
	out_cached(&cache, out, s, 0, md_walk);
}

/* A pack text without markup (a mistake's title, a level's). */
static void md_plain(struct out *out, const char *s)
{
	out_cached(&cache, out, s, 1, out_text);
}

static void box(struct out *out, enum view_state s)
{
	if (s == VS_DONE)
		out_lit(out, "[x]");
	else if (s == VS_CONTRADICTED)
		out_lit(out, "[!]");
	else
		out_lit(out, "[ ]");
}

/* A learner's note, at indent, after its label. */
static void note(struct out *out, const struct prog_note *pn, int indent)
{
	if (!pn)
		return;
	blanks(out, indent);
	out_printf(out, "%s ", _("Note:"));
	md_text(out, pn->text, strlen(pn->text), indent);
	out_putc(out, '\n');
}

static void items(struct out *out, const struct report_learner *l,
		  const struct pack_item *v, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		const struct pack_item *it = &v[i];
		enum view_state s = view_item_state(l->view, it);
		blanks(out, depth * 2);
		out_lit(out, "- ");
		box(out, s);
		out_putc(out, ' ');
		md_markup(out, it->text);
		out_printf(out, " (`%s`)", it->id);
		if (it->critical)
			out_printf(out, " — **%s**", _(SG_WORD_CRITICAL));
		if (s == VS_STALE)
			out_printf(out, " — *%s*", _(SG_WORD_STALE));
		if (s == VS_CONTRADICTED)
			out_printf(out, " — *%s*", _(SG_WORD_CONTRADICTED));
		out_putc(out, '\n');
		note(out, view_note(l->view, it->id), depth * 2 + 2);
		items(out, l, it->items, it->n_items, depth + 1);
	}
}

static void missing(struct out *out, const struct view_missing *m, int indent)
{
	blanks(out, indent);
	out_printf(out, "- [ ] %s `%s`", report_need_words(m->need), m->e->id);
	if (m->contradicted)
		out_printf(out, " (%s)", _(SG_WORD_CONTRADICTED));
	else if (m->stale)
		out_printf(out, " (%s)", _(SG_WORD_STALE));
	out_putc(out, '\n');
}

/* " — FILE:LINE: VALUE" of a probe's finding. */
static void where(struct out *out, const struct evidence *ev)
{
	if (ev->file) {
		out_lit(out, " — ");
		md_text(out, ev->file, strlen(ev->file), -1);
		if (ev->line)
			out_printf(out, ":%d", ev->line);
	}
	out_lit(out, ": ");
	md_text(out, ev->value, strlen(ev->value), -1);
}

/* Which ticks the learner's project backs, which it contradicts, which
 * contradictions the learner disputes and why. */
static void evidence(struct out *out, const struct view *v)
{
	out_printf(out, "**%s** ", _("Evidence:"));
	out_printf(out, P_("%zu tick backed by the project, %zu contradicted, "
			"%zu on the learner's word only.\n\n",
			"%zu ticks backed by the project, %zu contradicted, "
			"%zu on the learner's word only.\n\n",
			v->n_backed),
		v->n_backed, v->n_contradicted, v->n_self_reported);
	for (size_t i = 0; i < v->n_contradicted; i++) {
		const struct evidence *ev = view_evidence(v, v->contradicted[i]);
		out_printf(out, _("- Contradicted: `%s`"), v->contradicted[i]->id);
		where(out, ev);
		out_putc(out, '\n');
	}
	/* The learner's answer beside the evidence it answers. */
	for (size_t i = 0; i < v->n_disputed; i++) {
		const struct evidence *ev = view_evidence(v, v->disputed[i]);
		out_printf(out, _("- Disputed by the learner: `%s`"), v->disputed[i]->id);
		where(out, ev);
		out_printf(out, " — %s ", _("the learner says:"));
		md_text(out, ev->dispute, strlen(ev->dispute), 2);
		out_putc(out, '\n');
	}
	if (v->n_contradicted || v->n_disputed)
		out_putc(out, '\n');
}

/* What score says: the next level, each part it needs, and any
 * contradiction between levels. */
static void next_level(struct out *out, const struct view *v)
{
	for (size_t i = 0; i < v->n_contra; i++) {
		out_printf(out, _("> Every criterion of %s is met, but %s's criterion "
			       "\"%s\" (`%s`) is not: the level reached is the "
			       "lower one's.\n\n"),
			v->contra[i].higher->level->title, v->contra[i].lower->level->title,
			v->contra[i].unmet->c->text, v->contra[i].unmet->c->id);
	}
	if (!v->next) {
		out_printf(out, "%s\n\n", report_every_level(v));
		return;
	}
	out_printf(out, _("### What %s still needs\n\n"), v->next->level->title);
	for (size_t i = 0; i < v->n_critical; i++)
		missing(out, &v->critical[i], 0);
	for (size_t c = 0; c < v->next->n_crit; c++) {
		const struct view_criterion *cr = &v->next->crit[c];
		if (cr->met)
			continue;
		out_lit(out, "- ");
		md_markup(out, cr->c->text);
		out_printf(out, " (`%s`)\n", cr->c->id);
		for (size_t m = 0; m < cr->n_missing; m++)
			missing(out, &cr->missing[m], 2);
	}
	out_putc(out, '\n');
}

static void timeline(struct out *out, const struct report_learner *l,
		     const struct report_words *w)
{
	out_printf(out, _("### Timeline\n\n"));
	if (!l->n_events) {
		out_printf(out, _("No changes yet.\n\n"));
		return;
	}
	out_printf(out, "| %s | %s | %s |\n| --- | --- | --- |\n", _("Time"), _("Id"),
		_("Change"));
	const char **step = report_step_words(w, l);
	for (size_t i = 0; i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		bool note = e->field && strcmp(e->field, "note") == 0;
		char what[160];
		out_lit(out, "| ");
		out_time(out, e->at);
		/* The item's id as the log has it: one a review file or an
		 * import brought may be anything. */
		out_printf(out, " | `%s` | %s", e->item_id ? e->item_id : "",
			   report_change_words(w, e, what, sizeof what));
		if (note && e->new_)
			out_printf(out, " %s", e->new_);
		{
			char *said = report_review_text(e);
			if (said)
				out_printf(out, " %s", said);
			free(said);
		}
		if (step[i])
			out_printf(out, " (%s)", step[i]);
		out_lit(out, " |\n");
	}
	free(step);
	out_putc(out, '\n');
}

/* The instructor's view and their reviews, each with its words. */
static void reviews(struct out *out, const struct view *v, const struct report_words *w)
{
	char *brief;

	if (!v->reviewed)
		return;
	brief = report_review_brief(v);
	out_printf(out, "**%s** %s\n\n", _("Instructor's view:"), brief);
	free(brief);
	for (size_t i = 0; i < v->n_reviews; i++) {
		const struct review *rv = &v->reviews[i];
		out_printf(out, "- `%s` %s", rv->entry_id, w->review[rv->mark]);
		if (rv->text)
			out_printf(out, " %s", rv->text);
		out_lit(out, " (");
		out_time(out, rv->at);
		out_lit(out, ")\n");
	}
	out_putc(out, '\n');
}

static void learner(struct out *out, const struct report *r,
		    const struct report_learner *l, const struct pack_entry **ids,
		    size_t n_ids, const struct report_words *w)
{
	const struct view *v = l->view;
	const struct pack *p = r->pack;

	out_printf(out, "## %s", l->name);
	out_printf(out, "\n\n**%s** ", _("Level:"));
	out_printf(out, _("%s — %zu of %zu done (%d%%).\n\n"),
		report_level_title(v), v->done, v->total, view_percent(v));
	{
		const struct view_study rs = v->study;
		out_printf(out, "**%s** ", _("Study:"));
		if (rs.sessions)
			out_printf(out, P_("%zu session, %lld min %lld s, %ld of %ld "
					"cards right on the first try (%ld%%).\n\n",
					"%zu sessions, %lld min %lld s, %ld of %ld "
					"cards right on the first try (%ld%%).\n\n",
					rs.sessions),
				rs.sessions, rs.seconds / 60, rs.seconds % 60,
				rs.first_try, rs.cards,
				rs.cards ? rs.first_try * 100 / rs.cards : 0);
		else
			out_printf(out, _("no sessions yet.\n\n"));
	}
	reviews(out, v, w);
	evidence(out, v);
	next_level(out, v);
	out_printf(out, _("### Checklist\n\n"));
	for (size_t s = 0; s < p->n_sections; s++) {
		out_printf(out, "#### %d. ", p->sections[s].number);
		md_markup(out, p->sections[s].title);
		out_lit(out, "\n\n");
		items(out, l, p->sections[s].items, p->sections[s].n_items, 0);
		out_putc(out, '\n');
	}
	/* Mistakes, then attestations: the pack's checkables past the items. */
	for (int k = 0; k < 2; k++) {
		int kind = k ? PACK_CRITERION : PACK_MISTAKE;
		if (kind == PACK_MISTAKE)
			out_printf(out, _("### Mistakes avoided\n\n"));
		else
			out_printf(out, _("\n### Attestations\n\n"));
		for (size_t i = 0; i < n_ids; i++) {
			const struct pack_entry *e = ids[i];
			if ((int)e->kind != kind)
				continue;
			out_lit(out, "- ");
			box(out, view_state_of(v, e));
			if (kind == PACK_MISTAKE) {
				out_printf(out, " %d. ", e->u.mistake->number);
				md_plain(out, e->u.mistake->title);
			} else {
				out_putc(out, ' ');
				md_markup(out, e->u.criterion->text);
			}
			out_printf(out, " (`%s`)\n", e->id);
			note(out, view_note(v, e->id), 2);
		}
	}
	out_putc(out, '\n');
	timeline(out, l, w);
}

/* What the cohort misses, before anyone's details. */
static void summary(struct out *out, const struct report *r)
{
	const struct cohort *c = r->summary;
	const struct pack *p = r->pack;
	size_t n = c->n_learners;
	char *text;

	out_printf(out, "## %s\n\n| %s | %s | %s |\n| --- | ---: | ---: |\n",
		_("Cohort summary"), _("Level"), _("Learners"), _("Share"));
	for (size_t i = 0; i < p->n_levels; i++)
		out_printf(out, "| %s | %zu | %d%% |\n", p->levels[i].title, c->at_level[i],
			cohort_percent(c->at_level[i], n));
	out_printf(out, "| %s | %zu | %d%% |\n\n", _(SG_WORD_NOT_YET), c->not_yet,
		cohort_percent(c->not_yet, n));
	out_printf(out, "| %s | %s | %s | %s |\n| --- | --- | ---: | ---: |\n", _("Criterion"),
		_("Level"), _("Met by"), _("Share"));
	for (size_t i = 0; i < c->n_crit; i++) {
		out_printf(out, "| %s", c->crit[i].c->text);
		out_printf(out, _(" (`%s`) | %s | %zu of %zu | %d%% |\n"), c->crit[i].c->id,
			c->crit[i].c->level->title, c->crit[i].met, n,
			cohort_percent(c->crit[i].met, n));
	}
	out_putc(out, '\n');
	if (c->n_missed) {
		out_printf(out, _("Most missed:\n\n"));
		for (size_t i = 0; i < c->n_missed; i++)
			out_printf(out, _("- `%s`: done by %zu of %zu (%d%%)\n"), c->missed[i]->e->id,
				c->missed[i]->done, n, cohort_percent(c->missed[i]->done, n));
		out_putc(out, '\n');
	}
	text = report_cohort_blocked(c);
	out_printf(out, "%s\n\n", text);
	free(text);
	text = report_cohort_evidence(c);
	out_printf(out, "%s\n\n", text);
	free(text);
	text = report_cohort_reviews(c);
	out_printf(out, "%s\n\n", text);
	free(text);
	out_printf(out, "| %s | %s | %s | %s |\n| --- | ---: | ---: | ---: |\n",
		_("Item, mistake or attestation"), _("Done by"), _("Share"), _("Stale"));
	for (size_t i = 0; i < c->n_entries; i++)
		out_printf(out, "| `%s` | %zu | %d%% | %zu |\n", c->entries[i].e->id,
			c->entries[i].done, cohort_percent(c->entries[i].done, n),
			c->entries[i].stale);
	out_putc(out, '\n');
}

/* GitHub-flavoured Markdown: its tables and task lists render as such.
 * The head: the title, the cohort's summary and a row per learner; each
 * learner's part follows. */
static int md_head(const struct report *r, void **state, FILE *f, char **err)
{
	struct out *out = out_new(f, md_inline, md_code);
	char zone[64], when[32];

	(void)state;
	(void)err;
	timefmt_zone(zone);
	timefmt_local(r->generated_at, when);
	out_printf(out, _("# %s — self-assessment report\n\n"), r->pack->title);
	out_printf(out, _("Generated %s from pack `%s` %s (content `%.12s`). Times are "
		       "local (%s).\n\n"),
		when, r->pack->id, r->pack->version, r->content_hash, zone);
	if (r->summary && r->n > 1)
		summary(out, r);
	out_printf(out, "| %s | %s | %s | %s | %s |\n| --- | --- | --- | ---: | --- |\n",
		_("Learner"), _("Level"), _("Instructor's view"), _("Done"), _("Last activity"));
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = report_row(r, i);
		char *brief = report_review_brief(l->view);
		out_printf(out, "| %s | %s | %s | %zu/%zu | ", l->name,
			   report_level_title(l->view), brief, l->view->done, l->view->total);
		free(brief);
		out_time(out, report_last_activity(l));
		out_lit(out, " |\n");
	}
	out_putc(out, '\n');
	out_flush(out);
	free(out);
	return 0;
}

struct md_state {
	struct report_basis b;
	struct out *out; /* onto the stream of the part being written */
};

static int report_part_md(const struct report *r, const struct report_learner *l,
		   void **state, FILE *f, char **err)
{
	struct md_state *st = *state;

	(void)err;
	if (!st) {
		*state = st = xcalloc(1, sizeof *st);
		report_basis_init(&st->b, r->pack);
		st->out = out_new(f, md_inline, md_code);
		out_cache_open(&cache);
	}
	st->out->f = f;
	learner(st->out, r, l, st->b.ordered, st->b.n_ordered, &st->b.words);
	out_flush(st->out);
	return 0;
}

static void report_part_md_end(void *state)
{
	struct md_state *st = state;

	if (!st)
		return;
	report_basis_free(&st->b);
	out_cache_drop(&cache);
	free(st->out);
	free(st);
}

const struct report_format_def report_format_md = {
	.name = "md",
	.needs_events = true,
	.needs_summary = true,
	.head = md_head,
	.part = report_part_md,
	.end = report_part_md_end,
	.spool = true,
};
