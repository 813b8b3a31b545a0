/* The Markdown report: one section per learner that a person reads. Valid
 * CommonMark; what learners typed is escaped so that it stays text. */
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/utf8.h"

/* User text as CommonMark text: every ASCII punctuation character
 * backslash-escaped (so no *, _, `, [, <, |, # or 1. can start markup or
 * HTML); a line break a hard break continued at indent, its leading
 * blanks dropped so it cannot become a code block. In a table cell
 * (indent < 0) a line break is a space. */
static void md_text(FILE *out, const char *text, int indent)
{
	char *safe = utf8_escape(text, strlen(text), "\t\n", 0);

	for (const char *s = safe; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			if (indent < 0) {
				fputc(' ', out);
				continue;
			}
			fprintf(out, "\\\n%*s", indent, "");
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

static const char *box(enum score_state s)
{
	return s == SS_DONE ? "[x]" : "[ ]";
}

static void items(FILE *out, const struct report_learner *l,
		  const struct pack_item *v, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		const struct pack_item *it = &v[i];
		enum score_state s = score_item_state(it, &l->progress);
		const struct prog_note *pn = progress_note(&l->progress, it->id);
		fprintf(out, "%*s- %s %s (`%s`)%s%s\n", depth * 2, "", box(s), it->text,
			it->id, it->critical ? " — **CRITICAL**" : "",
			s == SS_STALE ? " — *changed since confirmed*" : "");
		if (pn) {
			fprintf(out, "%*s  Note: ", depth * 2, "");
			md_text(out, pn->text, depth * 2 + 2);
			fputc('\n', out);
		}
		items(out, l, it->items, it->n_items, depth + 1);
	}
}

static void next_level(FILE *out, const struct report *r,
		       const struct report_learner *l)
{
	const struct score *sc = l->score;

	if (!sc->next) {
		fputs("Every level is reached.\n\n", out);
		return;
	}
	fprintf(out, "### What %s still needs\n\n", sc->next->title);
	for (size_t i = 0; i < sc->n_missing_critical; i++)
		fprintf(out, "- CRITICAL `%s`\n", sc->missing_critical[i]);
	for (size_t k = 0; k < sc->n_levels; k++) {
		const struct score_level *lv = &sc->levels[k];
		if (lv->met)
			continue;
		for (size_t c = 0; c < lv->n_crit; c++) {
			const struct score_criterion *cr = &lv->crit[c];
			if (cr->met)
				continue;
			fprintf(out, "- %s (`%s`, %s)\n", cr->c->text, cr->c->id,
				lv->level->title);
			for (size_t m = 0; m < cr->n_missing; m++) {
				const struct pack_entry *e = pack_find(r->pack, cr->missing[m]);
				fprintf(out, "  - [ ] `%s`%s%s\n", cr->missing[m],
					e && e->kind == PACK_MISTAKE ? " (confirm avoided)" : "",
					cr->stale[m] ? " (changed since confirmed)" : "");
			}
			if (cr->needs_attestation)
				fputs("  - [ ] your attestation\n", out);
		}
	}
	fputc('\n', out);
}

static void timeline(FILE *out, const struct report_learner *l)
{
	fputs("### Timeline\n\n", out);
	if (!l->n_events) {
		fputs("No changes yet.\n\n", out);
		return;
	}
	fputs("| Time (UTC) | Id | Change |\n| --- | --- | --- |\n", out);
	for (size_t i = 0; i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		bool note = e->field && strcmp(e->field, "note") == 0;
		fprintf(out, "| %s | `%s` | ", e->at ? e->at : "", e->item_id ? e->item_id : "");
		if (note && e->new_) {
			fputs("note: ", out);
			md_text(out, e->new_, -1);
		} else if (note) {
			fputs("note removed", out);
		} else {
			fputs(!e->new_ ? "cleared" : strcmp(e->new_, "1") == 0 ? "ticked" : "unticked",
			      out);
		}
		fputs(e->undoes ? " (undo) |\n" : " |\n", out);
	}
	fputc('\n', out);
}

static void learner(FILE *out, const struct report *r,
		    const struct report_learner *l, const struct pack_entry **ids,
		    size_t n_ids)
{
	const struct score *sc = l->score;
	const struct pack *p = r->pack;

	fputs("## ", out);
	md_text(out, l->name, -1);
	fprintf(out, "\n\n**Level:** %s — %zu of %zu done (%zu%%).\n\n",
		sc->level ? sc->level->title : "not yet", sc->done, sc->total,
		sc->total ? sc->done * 100 / sc->total : 0);
	{
		struct report_study rs;
		report_study(l, &rs);
		if (rs.sessions)
			fprintf(out, "**Study:** %zu session%s, %lld min %lld s, %ld of %ld "
				     "cards right on the first try (%ld%%).\n\n",
				rs.sessions, rs.sessions == 1 ? "" : "s", rs.seconds / 60, rs.seconds % 60,
				rs.first_try, rs.cards,
				rs.cards ? rs.first_try * 100 / rs.cards : 0);
		else
			fputs("**Study:** no sessions yet.\n\n", out);
	}
	next_level(out, r, l);
	fputs("### Checklist\n\n", out);
	for (size_t s = 0; s < p->n_sections; s++) {
		fprintf(out, "#### %d. %s\n\n", p->sections[s].number, p->sections[s].title);
		items(out, l, p->sections[s].items, p->sections[s].n_items, 0);
		fputc('\n', out);
	}
	/* Mistakes, then attestations: the pack's checkables past the items. */
	for (int k = 0; k < 2; k++) {
		int kind = k ? PACK_CRITERION : PACK_MISTAKE;
		fputs(kind == PACK_MISTAKE ? "### Mistakes avoided\n\n"
					   : "\n### Attestations\n\n",
		      out);
		for (size_t i = 0; i < n_ids; i++) {
			const struct pack_entry *e = ids[i];
			const struct prog_note *pn = progress_note(&l->progress, e->id);
			if ((int)e->kind != kind)
				continue;
			if (kind == PACK_MISTAKE)
				fprintf(out, "- %s %d. %s (`%s`)\n",
					box(score_state_of(e, &l->progress)),
					e->u.mistake->number, e->u.mistake->title, e->id);
			else
				fprintf(out, "- %s %s (`%s`)\n",
					box(score_state_of(e, &l->progress)),
					e->u.criterion->text, e->id);
			if (pn) {
				fputs("  Note: ", out);
				md_text(out, pn->text, 2);
				fputc('\n', out);
			}
		}
	}
	fputc('\n', out);
	timeline(out, l);
}

int report_write_md(const struct report *r, FILE *out)
{
	const struct pack_entry **ids;
	size_t n_ids;

	fprintf(out, "# %s — self-assessment report\n\n", r->pack->title);
	fprintf(out, "Generated %s from pack `%s` %s (content `%.12s`).\n\n",
		r->generated_at, r->pack->id, r->pack->version, r->content_hash);
	fputs("| Learner | Level | Done | Last activity (UTC) |\n"
	      "| --- | --- | --- | --- |\n",
	      out);
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = &r->learners[i];
		fputs("| ", out);
		md_text(out, l->name, -1);
		fprintf(out, " | %s | %zu/%zu | %s |\n",
			l->score->level ? l->score->level->title : "not yet",
			l->score->done, l->score->total, report_last_activity(l));
	}
	fputc('\n', out);
	report_checkables(r->pack, &ids, &n_ids);
	for (size_t i = 0; i < r->n; i++)
		learner(out, r, &r->learners[i], ids, n_ids);
	free(ids);
	return ferror(out) ? -1 : 0;
}
