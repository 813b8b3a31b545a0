/* SPDX-License-Identifier: MIT */
/* status and score: the learner view, printed. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/evidence.h"
#include "selfgrade/markup.h"
#include "selfgrade/review.h"
#include "selfgrade/view_json.h"
#include "selfgrade/i18n.h"

static int print_json(json_t *root)
{
	int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
				 fputc('\n', stdout) != EOF
			 ? EXIT_OK
			 : EXIT_DATA;
	json_decref(root);
	return rc;
}

/* One mark per state, the tutor's; [!] a tick that evidence from the
 * learner's project contradicts. */
static const char *mark(const struct view *v, const struct pack_entry *e)
{
	static const char *const marks[] = {
		[VS_NOT_DONE] = "[ ]", [VS_DONE] = "[x]",
		[VS_STALE] = "[~]", [VS_PARTIAL] = "[-]", [VS_CONTRADICTED] = "[!]"};
	return marks[view_state_of(v, e)];
}

/* An instructor's word on e, on the line under it. */
static void review_line(const struct view *v, const struct pack_entry *e, int indent)
{
	const struct review *r = view_review(v, e->id);

	if (!r)
		return;
	printf(_("%*sinstructor (%s)%s%s\n"), indent, "", _(review_mark_name(r->mark)),
	       r->text ? ": " : "", r->text ? cli_safe(r->text) : "");
}

/* What a probe found for e, on the line under it. */
static void evidence_line(const struct view *v, const struct pack_entry *e, int indent)
{
	const struct evidence *ev = view_evidence(v, e);

	if (!ev)
		return;
	printf("%*s%s: ", indent, "", _(probe_verdict_name(ev->verdict)));
	if (ev->file)
		printf(ev->line ? "%s:%d " : "%s ", cli_safe(ev->file), ev->line);
	printf("%s\n", ev->value ? cli_safe(ev->value) : "");
}

static void plain_run(void *ctx, const char *s, size_t n, unsigned style)
{
	(void)ctx;
	(void)style;
	fwrite(s, 1, n, stdout);
}

/* Pack text as plain text: its **bold** and `code` markers left out. */
static void plain(const char *s)
{
	markup_walk(s, plain_run, NULL);
}

/* A note under its entry, each line at the same indent; its text as
 * cli_safe() makes it (no control byte reaches the terminal). */
static void note_lines(const char *note, int indent)
{
	const char *text = cli_safe(note);

	printf(_("%*snote: "), indent, "");
	for (; *text; text++) {
		putchar(*text);
		if (*text == '\n')
			printf("%*s      ", indent, "");
	}
	putchar('\n');
}

struct status_ctx {
	const struct view *v;
	json_t *list; /* --json */
};

static void status_items(struct status_ctx *x, const struct pack_item *items,
			 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct pack_item *it = &items[i];
		const struct pack_entry *e = pack_find(x->v->pack, it->id);
		const struct prog_note *pn = view_note(x->v, it->id);
		if (x->list) {
			json_array_append_new(x->list, view_entry_json(x->v, e));
		} else {
			printf("%*s%s %s%s  ", 2 * it->depth, "", mark(x->v, e),
			       it->critical ? _("CRITICAL ") : "", it->id);
			plain(it->text);
			putchar('\n');
			if (pn)
				note_lines(pn->text, 2 * it->depth + 4);
			evidence_line(x->v, e, 2 * it->depth + 4);
			review_line(x->v, e, 2 * it->depth + 4);
		}
		status_items(x, it->items, it->n_items);
	}
}

static void status_entry(struct status_ctx *x, const struct pack_entry *e,
			 const char *text, int number)
{
	const struct prog_note *pn = view_note(x->v, e->id);

	if (x->list) {
		json_array_append_new(x->list, view_entry_json(x->v, e));
		return;
	}
	printf("%s %s  ", mark(x->v, e), e->id);
	if (number)
		printf("%d. ", number);
	plain(text);
	putchar('\n');
	if (pn)
		note_lines(pn->text, 4);
	evidence_line(x->v, e, 4);
	review_line(x->v, e, 4);
}

int cmd_status(struct cli *c)
{
	struct session ss;
	struct learner_state ls;
	const struct pack *p;
	bool json = false;
	const struct cli_opt opts[] = {CLI_OPT_FLAG("json", &json), CLI_OPT_END};
	int rc = cli_parse(c, opts);

	if (rc != EXIT_OK || (rc = session_start(c, &ss)) != EXIT_OK)
		return rc;
	if ((rc = session_view(&ss, &ls)) != EXIT_OK) {
		session_end(&ss);
		return rc;
	}
	p = ss.pack;
	struct status_ctx x = {ls.view, json ? json_array() : NULL};
	if (!json)
		printf(_("learner: %s\npack: %s %s\n"), cli_safe(ss.learner), p->title,
		       p->version);
	for (size_t i = 0; i < p->n_sections; i++) {
		if (!json)
			printf(_("\nSection %d: %s\n"), p->sections[i].number,
			       p->sections[i].title);
		status_items(&x, p->sections[i].items, p->sections[i].n_items);
	}
	if (!json)
		fputs(_("\nMistakes (confirmed avoided):\n"), stdout);
	for (size_t i = 0; i < p->n_mistakes; i++)
		status_entry(&x, pack_find(p, p->mistakes[i].id), p->mistakes[i].title,
			     p->mistakes[i].number);
	if (!json)
		fputs(_("\nAttestations:\n"), stdout);
	for (size_t i = 0; i < p->n_levels; i++)
		for (size_t j = 0; j < p->levels[i].n_criteria; j++) {
			const struct pack_criterion *cr = &p->levels[i].criteria[j];
			if (cr->attest)
				status_entry(&x, pack_find(p, cr->id), cr->text, 0);
		}
	if (json) {
		json_t *orphans = json_array();
		for (size_t i = 0; i < ls.view->n_orphans; i++) {
			const struct prog_state *ps = ls.view->orphans[i];
			json_array_append_new(
				orphans, json_pack("{s:s,s:s,s:b,s:s}", "id", ps->id,
						   "kind", prog_kind_name(ps->kind),
						   "done", ps->done, "updated_at",
						   ps->updated_at));
		}
		rc = print_json(json_pack("{s:s,s:s,s:o,s:o}", "learner", ss.learner,
					  "pack", p->id, "states", x.list,
					  "orphans", orphans));
	} else {
		if (ls.view->n_orphans)
			fputs(_("\nOrphaned (no longer in the pack, kept):\n"), stdout);
		for (size_t i = 0; i < ls.view->n_orphans; i++)
			printf("%s %s\n", ls.view->orphans[i]->done ? "[x]" : "[ ]",
			       cli_safe(ls.view->orphans[i]->id)); /* from the log */
		fputs(_("\n[x] done  [-] partly  [~] stale: the text changed since "
			"you confirmed it; check it again  [!] done, but your "
			"project contradicts it (selfgrade probe)\n"),
		      stdout);
	}
	learner_state_free(&ls);
	session_end(&ss);
	return rc;
}

static const char *need_words(enum view_need n)
{
	static const char *const words[] = {
		[NEED_TICK] = N_("tick: selfgrade check"),
		[NEED_CONFIRM] = N_("confirm avoided: selfgrade check"),
		[NEED_ATTEST] = N_("attest: selfgrade check"),
		[NEED_CRITICAL] = N_("CRITICAL: selfgrade check")};
	return _(words[n]);
}

/* Where a probe found what it says: " (FILE:LINE: VALUE)". */
static void where(const struct evidence *ev)
{
	if (ev->file && ev->line)
		printf(" (%s:%d: %s)", cli_safe(ev->file), ev->line, cli_safe(ev->value));
	else if (ev->file)
		printf(" (%s: %s)", cli_safe(ev->file), cli_safe(ev->value));
	else
		printf(" (%s)", cli_safe(ev->value));
}

static bool is_critical(const struct pack_entry *e)
{
	return e->kind == PACK_ITEM && e->u.item->critical;
}

/* The evidence first: each tick the project contradicts (a CRITICAL one
 * first, since it caps every level), what to do about it; the disputed
 * and outdated ones. */
static void explain_evidence(const struct view *v)
{
	const struct pack_entry *first = NULL;
	size_t outdated = 0;

	for (int crit = 1; crit >= 0; crit--)
		for (size_t i = 0; i < v->n_contradicted; i++) {
			const struct pack_entry *e = v->contradicted[i];
			if (is_critical(e) != crit)
				continue;
			if (!first)
				first = e;
			char *text = markup_plain(view_entry_text(e));
			printf(crit ? _("%s: your project contradicts the CRITICAL item %s '%s'")
				    : _("%s: your project contradicts %s '%s'"),
			       v->level ? v->level->level->title : _(SG_WORD_NOT_YET), e->id,
			       text);
			free(text);
			where(view_evidence(v, e));
			puts(crit ? _(", which every level needs.") : ".");
		}
	if (first)
		/* TRANSLATORS: the id of a contradicted tick, twice. */
		printf(_("Fix it and run the probes again (P in the tutor, or selfgrade "
			 "probe), or dispute it: selfgrade dispute %s 'why'\n"),
		       first->id);
	for (size_t i = 0; i < v->n_disputed; i++) {
		const struct pack_entry *e = v->disputed[i];
		const struct evidence *ev = view_evidence(v, e);
		printf(_("Disputed, so counted: %s"), e->id);
		where(ev);
		printf(_(" — you: '%s'\n"), cli_safe(ev->dispute));
	}
	for (size_t i = 0; i < v->n_evidence; i++)
		outdated += v->evidence[i].outdated;
	if (outdated)
		printf(P_("%zu probe result is outdated (its file changed since it was "
			  "read): run the probes again\n",
			  "%zu probe results are outdated (their files changed since "
			  "they were read): run the probes again\n",
			  outdated),
		       outdated);
}

static void explain(const struct view *v)
{
	explain_evidence(v);
	for (size_t i = 0; i < v->n_contra; i++) {
		/* TRANSLATORS: the higher level, the lower level; then the
		 * unmet criterion's text follows. */
		printf(_("Every criterion of %s is met, but not %s's \""),
		       v->contra[i].higher->level->title, v->contra[i].lower->level->title);
		plain(v->contra[i].unmet->c->text);
		printf(_("\" (%s): the level reached is the lower one's.\n"),
		       v->contra[i].unmet->c->id);
	}
	if (!v->next) {
		puts(_(SG_WORD_EVERY_LEVEL_MET));
		return;
	}
	printf(_("For %s you still need:\n"), v->next->level->title);
	for (size_t i = 0; i < v->n_critical; i++) {
		printf("  %s %s  ", need_words(NEED_CRITICAL), v->critical[i].e->id);
		plain(v->critical[i].e->u.item->text);
		fputs(v->critical[i].contradicted
			      ? _(" (ticked, but your project contradicts it)")
			      : "",
		      stdout);
		putchar('\n');
	}
	for (size_t j = 0; j < v->next->n_crit; j++) {
		const struct view_criterion *cr = &v->next->crit[j];
		if (cr->met)
			continue;
		printf("  %s  ", cr->c->id);
		plain(cr->c->text);
		putchar('\n');
		for (size_t k = 0; k < cr->n_missing; k++)
			printf("      %s %s%s\n", need_words(cr->missing[k].need),
			       cr->missing[k].e->id,
			       cr->missing[k].contradicted
				       ? _(" (ticked, but your project contradicts it)")
			       : cr->missing[k].stale ? _(" (stale: confirm again)")
						      : "");
	}
}

int cmd_score(struct cli *c)
{
	struct session ss;
	struct learner_state ls;
	bool json = false;
	const struct cli_opt opts[] = {CLI_OPT_FLAG("json", &json), CLI_OPT_END};
	int rc = cli_parse(c, opts);

	if (rc != EXIT_OK || (rc = session_start(c, &ss)) != EXIT_OK)
		return rc;
	if ((rc = session_view(&ss, &ls)) != EXIT_OK) {
		session_end(&ss);
		return rc;
	}
	if (json) {
		json_t *o = json_pack("{s:s}", "learner", ss.learner);
		json_t *standing = view_score_json(ls.view);
		json_object_update(o, standing);
		json_decref(standing);
		rc = print_json(o);
	} else {
		printf(_("%s: %s (%zu of %zu done)\n"), cli_safe(ss.learner),
		       ls.view->level ? ls.view->level->level->title : _(SG_WORD_NOT_YET),
		       ls.view->done, ls.view->total);
		explain(ls.view);
		if (ls.view->reviewed) {
			printf(_("Your instructor's view: %s"),
			       ls.view->review_level ? ls.view->review_level->title
						     : _(SG_WORD_NOT_YET));
			for (size_t i = 0; i < ls.view->n_not_agreed; i++)
				printf("%s%s", i ? ", " : _(" (not agreed: "),
				       ls.view->not_agreed[i]->id);
			puts(ls.view->n_not_agreed ? ")" : "");
			for (size_t i = 0; i < ls.view->n_reviews; i++) {
				const struct review *r = &ls.view->reviews[i];
				printf("  %s (%s)%s%s\n", cli_safe(r->entry_id), /* from a review file */
				       _(review_mark_name(r->mark)),
				       r->text ? ": " : "", r->text ? cli_safe(r->text) : "");
			}
		}
	}
	learner_state_free(&ls);
	session_end(&ss);
	return rc;
}
