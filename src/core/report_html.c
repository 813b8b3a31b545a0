/* The HTML report: one self-contained printable file (inline CSS, inline
 * SVG, no script, nothing fetched). Well-formed XML as well as HTML, so
 * that a strict parser can check it; every string escaped. */
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/markup.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

static void esc(FILE *out, const char *text)
{
	/* No C0 control may reach the file: XML forbids them. */
	char *safe = text ? utf8_escape(text, strlen(text), "\t\n", 0) : NULL;

	for (const char *s = safe; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
	free(safe);
}

static void html_run(void *ctx, const char *s, size_t n, unsigned m)
{
	FILE *out = ctx;
	char *text = xstrndup(s, n);

	fputs(m & MARKUP_BOLD ? "<b>" : "", out);
	fputs(m & MARKUP_CODE ? "<code>" : "", out);
	esc(out, text);
	fputs(m & MARKUP_CODE ? "</code>" : "", out);
	fputs(m & MARKUP_BOLD ? "</b>" : "", out);
	free(text);
}

/* Pack text: escaped, its **bold** and `code` as <b> and <code>. */
static void esc_markup(FILE *out, const char *s)
{
	markup_walk(s, html_run, out);
}

static const char *const css =
	"body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}"
	"table{border-collapse:collapse;width:100%;margin:.5em 0}"
	"td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
	".bar{background:#eee;width:12em;height:.9em;display:inline-block}"
	".bar span{background:#2a7;height:100%;display:block}"
	".level{font-weight:bold;padding:.1em .5em;border-radius:.3em}"
	".exemplary{background:#2a7;color:#fff}.meets{background:#39c;color:#fff}"
	".not-yet{background:#c43;color:#fff}"
	"code{background:#f3f3f3;padding:0 .2em}ul.check{list-style:none;padding-left:1.2em}"
	".note{color:#555;white-space:pre-wrap;margin-left:1.5em}"
	".stale{color:#a60}svg{background:#fafafa;border:1px solid #ddd}"
	"@media print{section{page-break-before:always}body{margin:0}}";

static const char *box(enum score_state s)
{
	return s == SS_DONE ? "&#9745;" : s == SS_STALE ? "&#9888;" : "&#9744;";
}

static void bar(FILE *out, size_t done, size_t total)
{
	fprintf(out, "<span class=\"bar\"><span style=\"width:%zu%%\"></span></span> "
		     "%zu/%zu",
		total ? done * 100 / total : 0, done, total);
}

static void level_badge(FILE *out, const struct score *sc)
{
	fprintf(out, "<span class=\"level %s\">", score_level_id(sc));
	esc(out, sc->level ? sc->level->title : "Not yet");
	fputs("</span>", out);
}

static void note(FILE *out, const struct report_learner *l, const char *id)
{
	const struct prog_note *pn = progress_note(&l->progress, id);
	if (!pn)
		return;
	fputs("<div class=\"note\">", out);
	esc(out, pn->text);
	fputs("</div>", out);
}

static void items(FILE *out, const struct report_learner *l,
		  const struct pack_item *v, size_t n)
{
	fputs("<ul class=\"check\">\n", out);
	for (size_t i = 0; i < n; i++) {
		enum score_state s = score_item_state(&v[i], &l->progress);
		fprintf(out, "<li%s>%s ", s == SS_STALE ? " class=\"stale\"" : "", box(s));
		esc_markup(out, v[i].text);
		if (v[i].critical)
			fputs(" <b>CRITICAL</b>", out);
		note(out, l, v[i].id);
		if (v[i].n_items)
			items(out, l, v[i].items, v[i].n_items);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

static int cmp_entry_id(const void *a, const void *b)
{
	return strcmp((*(const struct pack_entry *const *)a)->id,
		      (*(const struct pack_entry *const *)b)->id);
}

static int cmp_event_time(const void *a, const void *b)
{
	const struct prog_event *x = *(const struct prog_event *const *)a;
	const struct prog_event *y = *(const struct prog_event *const *)b;
	int c = strcmp(x->at ? x->at : "", y->at ? y->at : "");
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Done over time: the log replayed in time order, counting what scoring
 * counts (checkables done over their current text). */
static void chart(FILE *out, const struct report_learner *l,
		  const struct pack_entry **ids, size_t n_ids)
{
	const struct prog_event **ev;
	bool *on;
	char (*hash)[65];
	size_t n = 0, count = 0;
	const int W = 480, H = 120;

	for (size_t i = 0; i < l->n_events; i++)
		n += l->events[i].field && strcmp(l->events[i].field, "done") == 0;
	if (!n || !n_ids)
		return;
	ev = xmalloc(n * sizeof *ev);
	n = 0;
	for (size_t i = 0; i < l->n_events; i++)
		if (l->events[i].field && strcmp(l->events[i].field, "done") == 0)
			ev[n++] = &l->events[i];
	qsort(ev, n, sizeof *ev, cmp_event_time);
	on = xcalloc(n_ids, sizeof *on);
	hash = xmalloc(n_ids * sizeof *hash);
	for (size_t i = 0; i < n_ids; i++)
		progress_text_hash(ids[i], hash[i]);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		     "viewBox=\"0 0 %d %d\" role=\"img\"><title>done over time</title>"
		     "<polyline fill=\"none\" stroke=\"#2a7\" stroke-width=\"2\" points=\"",
		W, H + 20, W, H + 20);
	for (size_t k = 0; k < n; k++) {
		struct pack_entry key = {.id = ev[k]->item_id};
		const struct pack_entry *kp = &key, **hit =
			bsearch(&kp, ids, n_ids, sizeof *ids, cmp_entry_id);
		if (hit) {
			size_t i = (size_t)(hit - ids);
			bool now = ev[k]->new_ && strcmp(ev[k]->new_, "1") == 0 &&
				   ev[k]->text_hash && strcmp(ev[k]->text_hash, hash[i]) == 0;
			count += now && !on[i];
			count -= !now && on[i];
			on[i] = now;
		}
		fprintf(out, "%s%.1f,%.1f", k ? " " : "",
			n > 1 ? (double)k * (W - 10) / (double)(n - 1) + 5 : W / 2.0,
			H + 5 - (double)count * (H - 10) / (double)n_ids);
	}
	fputs("\"/><text x=\"5\" y=\"135\" font-size=\"11\">", out);
	esc(out, ev[0]->at);
	fprintf(out, "</text><text x=\"%d\" y=\"135\" font-size=\"11\" text-anchor=\"end\">", W - 5);
	esc(out, ev[n - 1]->at);
	fprintf(out, "</text><text x=\"5\" y=\"14\" font-size=\"11\">%zu of %zu</text></svg>\n",
		count, n_ids);
	free(ev);
	free(on);
	free(hash);
}

/* ordered: the checkables in the pack's order; sorted: by id. */
static void learner(FILE *out, const struct report *r, const struct report_learner *l,
		    size_t k, const struct pack_entry **ordered,
		    const struct pack_entry **sorted, size_t n_ordered)
{
	size_t n_sorted = n_ordered;
	const struct pack *p = r->pack;
	const struct score *sc = l->score;

	fprintf(out, "<section id=\"learner-%zu\">\n<h2>", k + 1);
	esc(out, l->name);
	fputs("</h2>\n<p>", out);
	level_badge(out, sc);
	fputs(" ", out);
	bar(out, sc->done, sc->total);
	fputs(" done; last activity ", out);
	esc(out, report_last_activity(l));
	fputs(" UTC</p>\n", out);
	{
		struct report_study rs;
		report_study(l, &rs);
		if (rs.sessions)
			fprintf(out, "<p>Study: %zu session%s, %lld min %lld s, %ld of %ld cards "
				     "right on the first try (%ld%%).</p>\n",
				rs.sessions, rs.sessions == 1 ? "" : "s", rs.seconds / 60, rs.seconds % 60,
				rs.first_try, rs.cards,
				rs.cards ? rs.first_try * 100 / rs.cards : 0);
		else
			fputs("<p>Study: no sessions yet.</p>\n", out);
	}
	chart(out, l, sorted, n_sorted);
	if (sc->next) {
		fputs("<h3>What ", out);
		esc(out, sc->next->title);
		fputs(" still needs</h3>\n<ul>\n", out);
		for (size_t i = 0; i < sc->n_missing_critical; i++) {
			fputs("<li>CRITICAL <code>", out);
			esc(out, sc->missing_critical[i]);
			fputs("</code></li>\n", out);
		}
		for (size_t v = 0; v < sc->n_levels; v++)
			for (size_t c = 0; c < sc->levels[v].n_crit; c++) {
				const struct score_criterion *cr = &sc->levels[v].crit[c];
				if (cr->met)
					continue;
				fputs("<li>", out);
				esc_markup(out, cr->c->text);
				fputs(": ", out);
				for (size_t m = 0; m < cr->n_missing; m++) {
					fputs(m ? ", <code>" : "<code>", out);
					esc(out, cr->missing[m]);
					fputs("</code>", out);
				}
				if (cr->needs_attestation)
					fputs(cr->n_missing ? ", attestation" : "attestation", out);
				fputs("</li>\n", out);
			}
		fputs("</ul>\n", out);
	}
	fputs("<h3>Checklist</h3>\n", out);
	for (size_t s = 0; s < p->n_sections; s++) {
		fprintf(out, "<h4>%d. ", p->sections[s].number);
		esc_markup(out, p->sections[s].title);
		fputs("</h4>\n", out);
		items(out, l, p->sections[s].items, p->sections[s].n_items);
	}
	/* Mistakes, then attestations: the pack's checkables past the items. */
	for (int pass = 0; pass < 2; pass++) {
		int kind = pass ? PACK_CRITERION : PACK_MISTAKE;
		fputs(kind == PACK_MISTAKE ? "<h3>Mistakes avoided</h3>\n<ul class=\"check\">\n"
					   : "</ul>\n<h3>Attestations</h3>\n<ul class=\"check\">\n",
		      out);
		for (size_t i = 0; i < n_ordered; i++) {
			const struct pack_entry *e = ordered[i];
			if ((int)e->kind != kind)
				continue;
			fprintf(out, "<li>%s ", box(score_state_of(e, &l->progress)));
			if (kind == PACK_MISTAKE) {
				fprintf(out, "%d. ", e->u.mistake->number);
				esc(out, e->u.mistake->title);
			} else {
				esc_markup(out, e->u.criterion->text);
			}
			note(out, l, e->id);
			fputs("</li>\n", out);
		}
	}
	fputs("</ul>\n<h3>Timeline</h3>\n", out);
	if (!l->n_events)
		fputs("<p>No changes yet.</p>\n", out);
	else
		fputs("<table><tr><th>Time (UTC)</th><th>Id</th><th>Change</th></tr>\n", out);
	for (size_t i = 0; i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		bool is_note = e->field && strcmp(e->field, "note") == 0;
		fputs("<tr><td>", out);
		esc(out, e->at);
		fputs("</td><td><code>", out);
		esc(out, e->item_id);
		fputs("</code></td><td>", out);
		if (is_note && e->new_) {
			fputs("note: ", out);
			esc(out, e->new_);
		} else {
			fputs(is_note ? "note removed"
			      : !e->new_ ? "cleared"
			      : strcmp(e->new_, "1") == 0 ? "ticked" : "unticked",
			      out);
		}
		fputs(e->undoes ? " (undo)</td></tr>\n" : "</td></tr>\n", out);
	}
	if (l->n_events)
		fputs("</table>\n", out);
	fputs("</section>\n", out);
}

int report_write_html(const struct report *r, FILE *out)
{
	const struct pack_entry **ordered, **ids;
	size_t n_ids;

	report_checkables(r->pack, &ordered, &n_ids);
	ids = xmalloc((n_ids ? n_ids : 1) * sizeof *ids);
	if (n_ids) {
		memcpy(ids, ordered, n_ids * sizeof *ids);
		qsort(ids, n_ids, sizeof *ids, cmp_entry_id);
	}
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	      "<head><meta charset=\"utf-8\"/><title>",
	      out);
	esc(out, r->pack->title);
	fprintf(out, " — self-assessment report</title><style>%s</style></head>\n<body>\n<h1>", css);
	esc(out, r->pack->title);
	fputs("</h1>\n<p>Generated ", out);
	esc(out, r->generated_at);
	fputs(" from pack <code>", out);
	esc(out, r->pack->id);
	fputs("</code> ", out);
	esc(out, r->pack->version);
	fprintf(out, " (content <code>%.12s</code>).</p>\n", r->content_hash);
	fputs("<table><tr><th>Learner</th><th>Level</th><th>Progress</th>"
	      "<th>Last activity (UTC)</th></tr>\n",
	      out);
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = &r->learners[i];
		fprintf(out, "<tr><td><a href=\"#learner-%zu\">", i + 1);
		esc(out, l->name);
		fputs("</a></td><td>", out);
		level_badge(out, l->score);
		fputs("</td><td>", out);
		bar(out, l->score->done, l->score->total);
		fputs("</td><td>", out);
		esc(out, report_last_activity(l));
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	for (size_t i = 0; i < r->n; i++)
		learner(out, r, &r->learners[i], i, ordered, ids, n_ids);
	fputs("</body>\n</html>\n", out);
	free(ids);
	free(ordered);
	return ferror(out) ? -1 : 0;
}
