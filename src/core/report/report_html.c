/* SPDX-License-Identifier: MIT */
/* The HTML report: one self-contained printable file (inline CSS, inline
 * SVG, no script, nothing fetched). Well-formed XML as well as HTML, so
 * that a strict parser can check it; every string escaped. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
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

/* n bytes of text: runs without a character to escape written whole. */
static void esc_n(struct out *out, const char *text, size_t n)
{
	/* No C0 control may reach the file: XML forbids them. */
	char *safe = utf8_clean(text, n, "\t\n") == n ? NULL : utf8_escape(text, n, "\t\n", 0);
	const char *s = safe ? safe : text, *end = s + (safe ? strlen(safe) : n);

	while (s < end) {
		size_t k = strcspn(s, "&<>\"'");
		if (k > (size_t)(end - s))
			k = (size_t)(end - s);
		out_raw_n(out, s, k);
		s += k;
		if (s == end)
			break;
		switch (*s) {
		case '&': out_lit(out, "&amp;"); break;
		case '<': out_lit(out, "&lt;"); break;
		case '>': out_lit(out, "&gt;"); break;
		case '"': out_lit(out, "&quot;"); break;
		case '\'': out_lit(out, "&#39;"); break;
		default: break;
		}
		s++;
	}
	free(safe);
}

static void esc(struct out *out, const char *text)
{
	out_text(out, text);
}

static void html_run(void *ctx, const char *s, size_t n, unsigned m)
{
	struct out *out = ctx;

	if (m & MARKUP_BOLD)
		out_lit(out, "<b>");
	if (m & MARKUP_CODE)
		out_lit(out, "<code>");
	esc_n(out, s, n);
	if (m & MARKUP_CODE)
		out_lit(out, "</code>");
	if (m & MARKUP_BOLD)
		out_lit(out, "</b>");
}

static void plain_run(void *ctx, const char *s, size_t n, unsigned m)
{
	(void)m;
	esc_n(ctx, s, n);
}

/* Pack texts are the same for every learner: each is rendered once per
 * report and copied after (out_cached). File-scope, as the escaping
 * functions are called from every part of the writer;
 * report_write_html() sets it up. */
static struct out_cache cache;

/* HTML made by a writer function, as a string of *len bytes (NULL when
 * out of memory; caller frees). */
static char *html_of_n(void (*write)(struct out *, const char *), const char *text,
		       size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);
	struct out *o;

	if (!m)
		return NULL;
	o = out_new(m, esc_n, NULL);
	write(o, text);
	out_flush(o);
	free(o);
	fclose(m);
	return buf;
}

/* The same as a string, "" when out of memory (caller frees). */
static char *html_of(void (*write)(struct out *, const char *), const char *text)
{
	size_t len;
	char *s = html_of_n(write, text, &len);

	return s ? s : xstrdup("");
}

static void walk_html(struct out *out, const char *s)
{
	markup_walk(s, html_run, out);
}

static void walk_plain(struct out *out, const char *s)
{
	markup_walk(s, plain_run, out);
}

static void esc_pack(struct out *out, const char *s, bool plain)
{
	out_cached(&cache, out, s, plain, plain ? walk_plain : walk_html);
}

/* Pack text in SVG, where HTML's <b> means nothing: markers left out. */
static void esc_plain(struct out *out, const char *s)
{
	esc_pack(out, s, true);
}

/* Pack text: escaped, its **bold** and `code` as <b> and <code>. */
static void esc_markup(struct out *out, const char *s)
{
	esc_pack(out, s, false);
}

/* A table's opening and its header row, the labels escaped (NULL ends
 * them). */
static void table_head(struct out *out, const char *const *labels)
{
	out_lit(out, "<table><tr>");
	for (; *labels; labels++) {
		out_lit(out, "<th>");
		esc(out, *labels);
		out_lit(out, "</th>");
	}
	out_lit(out, "</tr>\n");
}

/* A sentence of the program's own words (a translation) as HTML: its
 * text escaped, each %s (or %N$s) replaced by the given piece of HTML,
 * %% by %. The pieces are made with open_memstream by the callers. */
static void sentence(struct out *out, const char *fmt, const char *const *html, size_t n)
{
	size_t next = 0;
	const char *s = fmt;

	while (*s) {
		/* The text up to the next directive, escaped as a whole (a
		 * character is several bytes). */
		size_t run = strcspn(s, "%");
		if (run) {
			char *text = xstrndup(s, run);
			esc(out, text);
			free(text);
			s += run;
			continue;
		}
		const char *d = s + 1;
		if (*d == '%') {
			out_putc(out, '%');
			s = d + 1;
			continue;
		}
		size_t k = next++;
		if (*d >= '1' && *d <= '9' && d[1] == '$') {
			k = (size_t)(*d - '1');
			d += 2;
		}
		if (*d == 's') {
			if (k < n)
				out_raw(out, html[k]); /* made by the caller's escapers */
			s = d + 1;
		} else {
			out_putc(out, '%'); /* not a directive: shown as written */
			s++;
		}
	}
}


/* The program's words with numbers, escaped. */
__attribute__((format(printf, 2, 3))) static void escf(struct out *out, const char *fmt, ...)
{
	va_list ap, again;
	int n;
	char *s;

	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	if (n < 0 || vsnprintf(s, (size_t)n + 1, fmt, again) < 0)
		*s = '\0';
	va_end(again);
	esc(out, s);
	free(s);
}

/* A literal, so that out_lit writes it. */
#define CSS \
	"body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}" \
	"table{border-collapse:collapse;width:100%;margin:.5em 0}" \
	"td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}" \
	".bar{background:#eee;width:12em;height:.9em;display:inline-block}" \
	".bar span{background:#2a7;height:100%;display:block}" \
	".level{font-weight:bold;padding:.1em .5em;border-radius:.3em}" \
	".exemplary{background:#2a7;color:#fff}.meets{background:#39c;color:#fff}" \
	".not-yet{background:#c43;color:#fff}" \
	"code{background:#f3f3f3;padding:0 .2em}ul.check{list-style:none;padding-left:1.2em}" \
	".note{color:#555;white-space:pre-wrap;margin-left:1.5em}" \
	".stale{color:#a60}.contradicted{color:#c43}svg{background:#fafafa;border:1px solid #ddd}" \
	"nav ul{columns:2}ol.legend{columns:3;font-size:.8em}.review{color:#246}" \
	/* Printed: the contents and the start of the summary on page 1, \
	 * each learner on a page of their own, compact (two columns of \
	 * checkboxes; the timeline only on screen), and no heading left at \
	 * the foot of a page. */ \
	"@media print{body{margin:0;max-width:none;font-size:9pt;line-height:1.25}" \
	"h1{font-size:14pt;margin:0 0 .3em}h2{font-size:12pt;margin:.5em 0 .2em}" \
	"h3{font-size:10pt;margin:.4em 0 .1em}h4{font-size:9pt;margin:.2em 0 0}" \
	"p{margin:.2em 0}ul{margin:.1em 0}" \
	"h1,h2,h3,h4{break-after:avoid;page-break-after:avoid;break-inside:avoid}" \
	"li,tr,svg,p{break-inside:avoid;page-break-inside:avoid}" \
	"nav ul{columns:4;font-size:7.5pt;padding-left:1.2em}" \
	"section[id^=learner-]{break-before:page;page-break-before:always}" \
	"ul.check{columns:2;column-gap:1.5em;padding-left:0}" \
	".timeline{display:none}.note{margin-left:1em}" \
	"section[id^=learner-] svg{max-width:100%;height:auto}}"

static void box(struct out *out, enum view_state s)
{
	if (s == VS_DONE)
		out_lit(out, "&#9745;");
	else if (s == VS_CONTRADICTED)
		out_lit(out, "&#9746;");
	else if (s == VS_STALE)
		out_lit(out, "&#9888;");
	else
		out_lit(out, "&#9744;");
}

static void bar(struct out *out, size_t done, size_t total)
{
	out_printf(out, "<span class=\"bar\"><span style=\"width:%zu%%\"></span></span> "
		     "%zu/%zu",
		total ? done * 100 / total : 0, done, total);
}

static void level_badge(struct out *out, const struct view *v)
{
	out_printf(out, "<span class=\"level %s\">", view_level_id(v));
	esc(out, report_level_title(v));
	out_lit(out, "</span>");
}

static void note(struct out *out, const struct report_learner *l, const char *id)
{
	const struct prog_note *pn = view_note(l->view, id);
	if (!pn)
		return;
	out_lit(out, "<div class=\"note\">");
	esc(out, pn->text);
	out_lit(out, "</div>");
}

static void items(struct out *out, const struct report_learner *l,
		  const struct pack_item *v, size_t n)
{
	out_lit(out, "<ul class=\"check\">\n");
	for (size_t i = 0; i < n; i++) {
		enum view_state s = view_item_state(l->view, &v[i]);
		/* out_lit, not out_printf: a line per item per learner */
		if (s == VS_STALE)
			out_lit(out, "<li class=\"stale\">");
		else if (s == VS_CONTRADICTED)
			out_lit(out, "<li class=\"contradicted\">");
		else
			out_lit(out, "<li>");
		box(out, s);
		out_putc(out, ' ');
		esc_markup(out, v[i].text);
		if (v[i].critical) {
			out_lit(out, " <b>");
			esc(out, _(SG_WORD_CRITICAL));
			out_lit(out, "</b>");
		}
		note(out, l, v[i].id);
		if (v[i].n_items)
			items(out, l, v[i].items, v[i].n_items);
		out_lit(out, "</li>\n");
	}
	out_lit(out, "</ul>\n");
}

/* A coordinate to a tenth, as "%.1f" writes it (but for halves, rounded
 * away from zero), without the printf a cohort's charts spent a tenth of
 * the report in. */
static const char *tenths(double v, char buf[24])
{
	long t = lround(v * 10);
	char *p = buf + 23;

	if (t < 0)
		t = 0; /* the chart stays inside its box */
	*p = '\0';
	*--p = (char)('0' + t % 10);
	*--p = '.';
	t /= 10;
	do
		*--p = (char)('0' + t % 10);
	while (t /= 10);
	return p;
}

/* "x,y" of a polyline, a blank before all but the first; put together
 * and written in one go, as a cohort's charts have a point or two per
 * event. */
static void point(struct out *out, bool first, double x, double y)
{
	char c[24], d[24], buf[52];
	const char *a = tenths(x, c), *b = tenths(y, d);
	size_t na = strlen(a), nb = strlen(b), n = 0;

	if (!first)
		buf[n++] = ' ';
	memcpy(buf + n, a, na);
	n += na;
	buf[n++] = ',';
	memcpy(buf + n, b, nb);
	out_raw_n(out, buf, n + nb); /* digits, '.' and ',' */
}

/* Done over time, as the view replays the log: x proportional to time,
 * y the count done, each level reached marked where it was reached. */
static void chart(struct out *out, const struct pack *p, const struct report_learner *l)
{
	size_t n;
	struct view_point *pt = view_timeline(p, l->events, l->n_events, &n);
	const double W = 480, H = 120, L = 5, R = 475;
	size_t total = l->view->total;
	long long t0, t1;
	double *x;
	char c[24], d[24];

	if (!n || !total) {
		free(pt);
		return;
	}
	x = xmalloc(n * sizeof *x);
	t0 = timefmt_seconds(pt[0].at);
	t1 = timefmt_seconds(pt[n - 1].at);
	for (size_t k = 0; k < n; k++) {
		long long t = timefmt_seconds(pt[k].at);
		x[k] = t1 > t0 && t >= t0 ? L + (double)(t - t0) * (R - L) / (double)(t1 - t0)
				       : (L + R) / 2;
	}
	out_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		     "viewBox=\"0 0 %d %d\" role=\"img\"><title>",
		(int)W, (int)(H + 20), (int)W, (int)(H + 20));
	esc(out, _("Items done over time"));
	out_lit(out, "</title><polyline fill=\"none\" stroke=\"#2a7\" stroke-width=\"2\" points=\"");
	for (size_t k = 0; k < n; k++) {
		double y = H + 5 - (double)pt[k].done * (H - 10) / (double)total;
		/* A step: the count holds until the next change. */
		if (k)
			point(out, false, x[k],
			      H + 5 - (double)pt[k - 1].done * (H - 10) / (double)total);
		point(out, k == 0, x[k], y);
	}
	out_lit(out, "\"/>");
	for (size_t k = 0; k < n; k++) {
		const char *at;
		if (!pt[k].level || (k && pt[k - 1].level == pt[k].level))
			continue;
		at = tenths(x[k], c);
		out_printf(out, "<line x1=\"%s\" y1=\"5\" x2=\"%s\" y2=\"%d\" "
			     "stroke=\"#39c\" stroke-dasharray=\"3,2\"/><text x=\"%s\" "
			     "y=\"24\" font-size=\"10\" text-anchor=\"end\">",
			at, at, (int)(H + 5), tenths(x[k] - 2, d));
		esc(out, pt[k].level->title);
		out_lit(out, "</text>");
	}
	free(x);
	out_lit(out, "<text x=\"5\" y=\"135\" font-size=\"11\">");
	out_time(out, pt[0].at);
	out_printf(out, "</text><text x=\"%d\" y=\"135\" font-size=\"11\" "
		     "text-anchor=\"end\">", (int)(W - 5));
	out_time(out, pt[n - 1].at);
	out_lit(out, "</text><text x=\"5\" y=\"14\" font-size=\"11\">");
	escf(out, _("%zu of %zu"), pt[n - 1].done, total);
	out_lit(out, "</text></svg>\n");
	free(pt);
}

/* Escaped text cut at blanks into lines of at most max characters (an
 * entity or a UTF-8 sequence one character; a longer word a line of its
 * own): where each line starts, into at[] (at most n), and how many. The
 * lines end at the blanks, which the caller leaves out. */
static size_t wrap(const char *t, size_t max, const char **at, size_t n)
{
	size_t lines = 0, width = 0;
	const char *last_blank = NULL;

	if (!*t)
		return 0;
	at[lines++] = t;
	for (const char *c = t; *c;) {
		size_t step = 1;
		if (*c == '&') {
			const char *semi = strchr(c, ';');
			step = semi ? (size_t)(semi - c) + 1 : 1;
		} else {
			while ((c[step] & 0xc0) == 0x80)
				step++;
		}
		if (*c == ' ')
			last_blank = c;
		width++;
		if (width > max && last_blank && last_blank + 1 > at[lines - 1] && lines < n) {
			at[lines++] = last_blank + 1;
			width = (size_t)0;
			for (const char *d = last_blank + 1; d < c + step; d++)
				width += (*d & 0xc0) != 0x80;
			last_blank = NULL;
		}
		c += step;
	}
	return lines;
}

/* One horizontal bar per row: label (whole, wrapped onto lines), count of
 * n, share. */
static void bars(struct out *out, const char *title, const char *const *labels,
		 const size_t *counts, size_t rows, size_t n)
{
	const int W = 700, LW = 330, BH = 16, LH = 13, CHARS = 46;
	char **text = xcalloc(rows ? rows : 1, sizeof *text);
	const char *(*at)[6] = xcalloc(rows ? rows : 1, sizeof *at);
	size_t *lines = xcalloc(rows ? rows : 1, sizeof *lines), height = 4;

	for (size_t i = 0; i < rows; i++) {
		text[i] = html_of(esc_plain, labels[i]);
		lines[i] = text[i] ? wrap(text[i], CHARS, at[i], 6) : 0;
		if (!lines[i])
			lines[i] = 1;
		height += (lines[i] * LH > (size_t)BH ? lines[i] * LH : (size_t)BH) + 4;
	}
	out_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" "
		     "viewBox=\"0 0 %d %zu\" role=\"img\"><title>",
		W, height, W, height);
	esc(out, title);
	out_lit(out, "</title>");
	height = 4;
	for (size_t i = 0; i < rows; i++) {
		double w = n ? (double)counts[i] * (W - LW - 90) / (double)n : 0;
		size_t y = height, row_h = lines[i] * LH > (size_t)BH ? lines[i] * LH : (size_t)BH;
		out_printf(out, "<text x=\"%d\" y=\"%zu\" font-size=\"11\" text-anchor=\"end\">",
			   LW - 6, y + 12);
		for (size_t k = 0; text[i] && k < lines[i]; k++) {
			const char *from = at[i][k];
			const char *to = k + 1 < lines[i] ? at[i][k + 1] - 1 : from + strlen(from);
			out_printf(out, "<tspan x=\"%d\" dy=\"%d\">", LW - 6, k ? LH : 0);
			out_raw_n(out, from, (size_t)(to - from)); /* escaped by html_of */
			out_lit(out, "</tspan>");
		}
		out_printf(out, "</text><rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"%d\" "
			     "fill=\"#2a7\"/><text x=\"%.1f\" y=\"%zu\" font-size=\"11\">"
			     "%zu (%d%%)</text>",
			LW, y, w, BH, LW + w + 4, y + BH - 4, counts[i],
			cohort_percent(counts[i], n));
		height += row_h + 4;
		free(text[i]);
	}
	out_lit(out, "</svg>\n");
	free(text);
	free(at);
	free(lines);
}

/* Learners × checkables, a cell coloured by state: for cohorts a page
 * can show; a table of shares beyond. */
#define HEAT_MAX REPORT_ROW_STATES

static void heat_map(struct out *out, const struct report *r)
{
	const struct cohort *c = r->summary;
	const int CW = 12, CH = 10, LW = 160, TH = 22;

	/* Columns numbered on top, the numbers' ids in the list below: an
	 * id does not fit a column, and a tooltip does not print. */
	out_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%zu\" height=\"%zu\" "
		     "role=\"img\" class=\"heat\"><title>",
		LW + c->n_entries * CW + 4, TH + r->n * CH + 4);
	esc(out, _("Completion: learners by item"));
	out_lit(out, "</title>");
	for (size_t k = 0; k < c->n_entries; k++)
		out_printf(out, "<text x=\"%zu\" y=\"%d\" font-size=\"8\" "
			     "transform=\"rotate(-90 %zu %d)\">%zu</text>",
			   LW + k * CW + CW - 3, TH - 2, LW + k * CW + CW - 3, TH - 2, k + 1);
	for (size_t i = 0; i < r->n; i++) {
		const struct view *v = report_row(r, i)->view;
		out_printf(out, "<text x=\"%d\" y=\"%zu\" font-size=\"9\" text-anchor=\"end\">",
			LW - 4, TH + i * CH + CH);
		esc(out, report_row(r, i)->name);
		out_lit(out, "</text>");
		for (size_t k = 0; k < c->n_entries; k++) {
			enum view_state s = view_state_of(v, c->entries[k].e);
			out_printf(out, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" "
				     "fill=\"%s\"><title>",
				LW + k * CW, TH + i * CH + 2, CW - 1, CH - 1,
				s == VS_DONE ? "#2a7" : s == VS_STALE ? "#e90" : "#ddd");
			esc(out, c->entries[k].e->id);
			out_lit(out, "</title></rect>");
		}
	}
	out_lit(out, "</svg>\n<ol class=\"legend\">\n");
	for (size_t k = 0; k < c->n_entries; k++) {
		out_lit(out, "<li><code>");
		esc(out, c->entries[k].e->id);
		out_lit(out, "</code></li>\n");
	}
	out_lit(out, "</ol>\n");
}

static void summary(struct out *out, const struct report *r)
{
	const struct cohort *c = r->summary;
	const struct pack *p = r->pack;
	size_t n = c->n_learners, rows = p->n_levels + 1;
	const char **labels = xcalloc(rows + c->n_crit + 1, sizeof *labels);
	size_t *counts = xcalloc(rows + c->n_crit + 1, sizeof *counts);
	char *text;

	out_lit(out, "<section id=\"summary\" class=\"summary\">\n<h2>");
	esc(out, _("Cohort summary"));
	out_lit(out, "</h2>\n<h3>");
	esc(out, _("Learners by level"));
	out_lit(out, "</h3>\n");
	for (size_t i = 0; i < p->n_levels; i++) {
		labels[i] = p->levels[i].title;
		counts[i] = c->at_level[i];
	}
	labels[p->n_levels] = _(SG_WORD_NOT_YET);
	counts[p->n_levels] = c->not_yet;
	bars(out, _("Learners by level"), labels, counts, rows, n);
	out_lit(out, "<h3>");
	esc(out, _("Criteria met"));
	out_lit(out, "</h3>\n");
	for (size_t i = 0; i < c->n_crit; i++) {
		labels[i] = c->crit[i].c->text;
		counts[i] = c->crit[i].met;
	}
	bars(out, _("Learners meeting each criterion"), labels, counts, c->n_crit, n);
	text = report_cohort_blocked(c);
	out_lit(out, "<p>");
	esc(out, text);
	free(text);
	text = report_cohort_evidence(c);
	out_lit(out, "</p>\n<p>");
	esc(out, text);
	free(text);
	text = report_cohort_reviews(c);
	out_lit(out, "</p>\n<p>");
	esc(out, text);
	out_lit(out, "</p>\n");
	free(text);
	if (c->n_missed) {
		out_lit(out, "<h3>");
		esc(out, _("Most missed"));
		out_lit(out, "</h3>\n<ol>\n");
		for (size_t i = 0; i < c->n_missed; i++) {
			out_printf(out, "<li><code>%s</code>: ", c->missed[i]->e->id);
			escf(out, _("done by %zu of %zu (%d%%)"), c->missed[i]->done, n,
			     cohort_percent(c->missed[i]->done, n));
			out_lit(out, "</li>\n");
		}
		out_lit(out, "</ol>\n");
	}
	out_lit(out, "<h3>");
	esc(out, _("Completion"));
	out_lit(out, "</h3>\n");
	if (r->n <= HEAT_MAX) {
		heat_map(out, r);
	} else {
		table_head(out, (const char *[]){_("Item, mistake or attestation"),
						 _("Done by"), _("Stale"), NULL});
		for (size_t i = 0; i < c->n_entries; i++)
			out_printf(out, "<tr><td><code>%s</code></td><td>%zu (%d%%)</td><td>%zu</td></tr>\n",
				c->entries[i].e->id, c->entries[i].done,
				cohort_percent(c->entries[i].done, n), c->entries[i].stale);
		out_lit(out, "</table>\n");
	}
	out_lit(out, "</section>\n");
	free(labels);
	free(counts);
}

static void missing(struct out *out, const struct view_missing *m)
{
	out_lit(out, "<li>");
	esc(out, report_need_words(m->need));
	out_lit(out, " <code>");
	esc(out, m->e->id);
	out_lit(out, "</code>");
	if (m->stale) {
		out_lit(out, " (");
		esc(out, _(SG_WORD_STALE));
		out_putc(out, ')');
	}
	out_lit(out, "</li>\n");
}

/* The instructor's view and their reviews, each with its words. */
static void reviews(struct out *out, const struct view *v, const struct report_words *w)
{
	char *brief;

	if (!v->reviewed)
		return;
	brief = report_review_brief(v);
	out_lit(out, "<p class=\"review\"><strong>");
	esc(out, _("Instructor's view:"));
	out_lit(out, "</strong> ");
	esc(out, brief);
	out_lit(out, "</p>\n<ul class=\"reviews\">\n");
	free(brief);
	for (size_t i = 0; i < v->n_reviews; i++) {
		const struct review *rv = &v->reviews[i];
		out_lit(out, "<li><code>");
		esc(out, rv->entry_id);
		out_lit(out, "</code> ");
		esc(out, w->review[rv->mark]);
		if (rv->text) {
			out_putc(out, ' ');
			esc(out, rv->text);
		}
		out_lit(out, " (");
		out_time(out, rv->at);
		out_lit(out, ")</li>\n");
	}
	out_lit(out, "</ul>\n");
}

/* What score says: contradictions, the next level and each part. */
static void next_level(struct out *out, const struct view *v)
{
	for (size_t i = 0; i < v->n_contra; i++) {
		char *higher = html_of(esc, v->contra[i].higher->level->title);
		char *lower = html_of(esc, v->contra[i].lower->level->title);
		char *text = html_of(esc_markup, v->contra[i].unmet->c->text);
		char *id = html_of(esc, v->contra[i].unmet->c->id);
		char *code = xasprintf("<code>%s</code>", id);
		const char *const pieces[] = {higher, lower, text, code};
		out_lit(out, "<p class=\"stale\">");
		/* TRANSLATORS: higher level, lower level, the criterion's
		 * text, its id. */
		sentence(out, _("Every criterion of %s is met, but %s's criterion "
				"“%s” (%s) is not: the level reached is the "
				"lower one's."),
			 pieces, 4);
		out_lit(out, "</p>\n");
		free(higher);
		free(lower);
		free(text);
		free(id);
		free(code);
	}
	if (!v->next) {
		out_lit(out, "<p>");
		esc(out, report_every_level(v));
		out_lit(out, "</p>\n");
		return;
	}
	{
		char *level = html_of(esc, v->next->level->title);
		out_lit(out, "<h3>");
		sentence(out, _("What %s still needs"), (const char *const[]){level}, 1);
		out_lit(out, "</h3>\n<ul>\n");
		free(level);
	}
	for (size_t i = 0; i < v->n_critical; i++)
		missing(out, &v->critical[i]);
	for (size_t c = 0; c < v->next->n_crit; c++) {
		const struct view_criterion *cr = &v->next->crit[c];
		if (cr->met)
			continue;
		out_lit(out, "<li>");
		esc_markup(out, cr->c->text);
		out_lit(out, " (<code>");
		esc(out, cr->c->id);
		out_lit(out, "</code>)\n<ul>\n");
		for (size_t m = 0; m < cr->n_missing; m++)
			missing(out, &cr->missing[m]);
		out_lit(out, "</ul></li>\n");
	}
	out_lit(out, "</ul>\n");
}

/* What every learner's part uses; its labels looked up once (a
 * catalogue lookup costs more than most of what a part writes); the
 * rendered pack texts (cache) too, unless the writer has them already. */
struct html_state {
	struct report_basis b;
	const char *study, *no_sessions, *evidence, *contradicted, *disputed,
		*checklist, *mistakes, *attestations, *timeline, *no_changes, *time,
		*id, *change;
	bool own_cache;
	struct out *out; /* onto the stream of the part being written */
};

/* " <code>ID</code> — FILE:LINE: VALUE": what a probe found. */
static void finding(struct out *out, const struct pack_entry *e,
		    const struct evidence *ev)
{
	out_lit(out, " <code>");
	esc(out, e->id);
	out_lit(out, "</code>");
	if (ev->file) {
		out_lit(out, " — ");
		esc(out, ev->file);
		if (ev->line)
			out_printf(out, ":%d", ev->line);
	}
	out_lit(out, ": ");
	esc(out, ev->value);
}

static void learner(struct out *out, const struct report *r, const struct report_learner *l,
		    const struct html_state *st)
{
	const struct pack *p = r->pack;
	const struct view *v = l->view;
	const struct report_words *w = &st->b.words;

	out_printf(out, "<section id=\"learner-%zu\">\n<h2>", l->anchor);
	esc(out, l->name);
	out_lit(out, "</h2>\n<p>");
	level_badge(out, v);
	out_lit(out, " ");
	bar(out, v->done, v->total);
	{
		char when[32];
		timefmt_local(report_last_activity(l), when);
		out_putc(out, ' ');
		escf(out, _("done; last activity %s"), when);
		out_lit(out, "</p>\n");
	}
	out_lit(out, "<p>");
	esc(out, st->study);
	out_putc(out, ' ');
	if (v->study.sessions)
		escf(out, P_("%zu session, %lld min %lld s, %ld of %ld "
			     "cards right on the first try (%ld%%).\n\n",
			     "%zu sessions, %lld min %lld s, %ld of %ld "
			     "cards right on the first try (%ld%%).\n\n",
			     v->study.sessions),
		     v->study.sessions, v->study.seconds / 60, v->study.seconds % 60,
		     v->study.first_try, v->study.cards,
		     v->study.cards ? v->study.first_try * 100 / v->study.cards : 0);
	else
		esc(out, st->no_sessions);
	out_lit(out, "</p>\n");
	chart(out, p, l);
	out_lit(out, "<p>");
	esc(out, st->evidence);
	out_putc(out, ' ');
	escf(out, P_("%zu tick backed by the project, %zu contradicted, "
		     "%zu on the learner's word only.\n\n",
		     "%zu ticks backed by the project, %zu contradicted, "
		     "%zu on the learner's word only.\n\n",
		     v->n_backed),
	     v->n_backed, v->n_contradicted, v->n_self_reported);
	out_lit(out, "</p>\n");
	if (v->n_contradicted || v->n_disputed) {
		out_lit(out, "<ul class=\"contradicted\">\n");
		for (size_t i = 0; i < v->n_contradicted; i++) {
			out_lit(out, "<li>");
			esc(out, st->contradicted);
			finding(out, v->contradicted[i], view_evidence(v, v->contradicted[i]));
			out_lit(out, "</li>\n");
		}
		/* The learner's answer beside the evidence it answers. */
		for (size_t i = 0; i < v->n_disputed; i++) {
			const struct evidence *ev = view_evidence(v, v->disputed[i]);
			out_lit(out, "<li class=\"disputed\">");
			esc(out, st->disputed);
			finding(out, v->disputed[i], ev);
			out_lit(out, " — <q>");
			esc(out, ev->dispute);
			out_lit(out, "</q></li>\n");
		}
		out_lit(out, "</ul>\n");
	}
	reviews(out, v, w);
	next_level(out, v);
	out_lit(out, "<h3>");
	esc(out, st->checklist);
	out_lit(out, "</h3>\n");
	for (size_t s = 0; s < p->n_sections; s++) {
		out_printf(out, "<h4>%d. ", p->sections[s].number);
		esc_markup(out, p->sections[s].title);
		out_lit(out, "</h4>\n");
		items(out, l, p->sections[s].items, p->sections[s].n_items);
	}
	/* Mistakes, then attestations: the pack's checkables past the items. */
	for (int pass = 0; pass < 2; pass++) {
		int kind = pass ? PACK_CRITERION : PACK_MISTAKE;
		if (kind == PACK_MISTAKE)
			out_lit(out, "<h3>");
		else
			out_lit(out, "</ul>\n<h3>");
		esc(out, kind == PACK_MISTAKE ? st->mistakes : st->attestations);
		out_lit(out, "</h3>\n<ul class=\"check\">\n");
		for (size_t i = 0; i < st->b.n_ordered; i++) {
			const struct pack_entry *e = st->b.ordered[i];
			if ((int)e->kind != kind)
				continue;
			out_lit(out, "<li>");
			box(out, view_state_of(v, e));
			out_putc(out, ' ');
			if (kind == PACK_MISTAKE) {
				out_printf(out, "%d. ", e->u.mistake->number);
				esc(out, e->u.mistake->title);
			} else {
				esc_markup(out, e->u.criterion->text);
			}
			note(out, l, e->id);
			out_lit(out, "</li>\n");
		}
	}
	out_lit(out, "</ul>\n<div class=\"timeline\"><h3>");
	esc(out, st->timeline);
	out_lit(out, "</h3>\n");
	if (!l->n_events) {
		out_lit(out, "<p>");
		esc(out, st->no_changes);
		out_lit(out, "</p>\n");
	} else {
		table_head(out, (const char *[]){st->time, st->id, st->change, NULL});
	}
	const char **step = report_step_words(w, l);
	for (size_t i = 0; i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		bool is_note = e->field && strcmp(e->field, "note") == 0;
		out_lit(out, "<tr><td>");
		out_time(out, e->at);
		out_lit(out, "</td><td><code>");
		esc(out, e->item_id);
		out_lit(out, "</code></td><td>");
		{
			char what[160];
			esc(out, report_change_words(w, e, what, sizeof what));
			if (is_note && e->new_) {
				out_putc(out, ' ');
				esc(out, e->new_);
			}
			char *said = report_review_text(e);
			if (said) {
				out_putc(out, ' ');
				esc(out, said);
			}
			free(said);
		}
		if (step[i]) {
			out_lit(out, " (");
			esc(out, step[i]);
			out_putc(out, ')');
		}
		out_lit(out, "</td></tr>\n");
	}
	free(step);
	if (l->n_events)
		out_lit(out, "</table>\n");
	out_lit(out, "</div></section>\n");
}

/* The state of the parts (below), which the head makes and writes
 * through too: one out for the whole page. */
static struct html_state *html_state_new(const struct report *r, FILE *f);

/* The page up to the learners: its head, contents, the cohort's summary
 * and a row per learner; each learner's part follows, then html_tail. */
static int html_head(const struct report *r, void **state, FILE *f, char **err)
{
	struct html_state *st = *state = html_state_new(r, f);
	struct out *out = st->out;

	(void)err;
	/* lang names the language the words are in: the catalogue's. */
	out_lit(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
	esc(out, sg_lang());
	/* The policy: nothing is fetched, nothing runs; the inline CSS
	 * and the data: images are all the page uses. Were any text to get
	 * through unescaped, the browser would still run none of it. */
	out_lit(out, "\">\n<head><meta charset=\"utf-8\"/>"
		     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
		     "'none'; style-src 'unsafe-inline'; img-src data:\"/><title>");
	{
		char *title = xasprintf(_("%s — self-assessment report"), r->pack->title);
		esc(out, title);
		free(title);
	}
	out_lit(out, "</title><style>" CSS "</style></head>\n<body>\n<h1>");
	esc(out, r->pack->title);
	out_lit(out, "</h1>\n<p>");
	{
		char when[32], zone[64], hash[16];
		timefmt_local(r->generated_at, when);
		timefmt_zone(zone);
		snprintf(hash, sizeof hash, "%.12s", r->content_hash);
		char *w = html_of(esc, when), *id = html_of(esc, r->pack->id),
		     *ver = html_of(esc, r->pack->version), *h = html_of(esc, hash),
		     *z = html_of(esc, zone);
		char *idc = xasprintf("<code>%s</code>", id), *hc = xasprintf("<code>%s</code>", h);
		const char *const pieces[] = {w, idc, ver, hc, z};
		sentence(out, _("Generated %s from pack %s %s (content %s). Times are "
				"local (%s)."),
			 pieces, 5);
		out_lit(out, "</p>\n");
		free(w);
		free(id);
		free(ver);
		free(h);
		free(z);
		free(idc);
		free(hc);
	}
	out_lit(out, "<nav><h2>");
	esc(out, _("Contents"));
	out_lit(out, "</h2>\n<ul>\n");
	if (r->summary && r->n > 1) {
		out_lit(out, "<li><a href=\"#summary\">");
		esc(out, _("Cohort summary"));
		out_lit(out, "</a></li>\n");
	}
	for (size_t i = 0; i < r->n; i++) {
		out_printf(out, "<li><a href=\"#learner-%zu\">", report_row(r, i)->anchor);
		esc(out, report_row(r, i)->name);
		out_lit(out, "</a></li>\n");
	}
	out_lit(out, "</ul></nav>\n");
	if (r->summary && r->n > 1)
		summary(out, r);
	out_lit(out, "<h2>");
	esc(out, _("Learners"));
	out_lit(out, "</h2>\n");
	table_head(out, (const char *[]){_("Learner"), _("Level"), _("Instructor's view"),
					 _("Progress"), _("Last activity"), NULL});
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = report_row(r, i);
		out_printf(out, "<tr><td><a href=\"#learner-%zu\">", l->anchor);
		esc(out, l->name);
		out_lit(out, "</a></td><td>");
		level_badge(out, l->view);
		out_lit(out, "</td><td>");
		{
			char *brief = report_review_brief(l->view);
			esc(out, brief);
			free(brief);
		}
		out_lit(out, "</td><td>");
		bar(out, l->view->done, l->view->total);
		out_lit(out, "</td><td>");
		out_time(out, report_last_activity(l));
		out_lit(out, "</td></tr>\n");
	}
	out_lit(out, "</table>\n");
	out_flush(out);
	return 0;
}

static int html_tail(const struct report *r, void *state, FILE *f, char **err)
{
	struct html_state *st = state;

	(void)r;
	(void)err;
	st->out->f = f;
	out_lit(st->out, "</body>\n</html>\n");
	out_flush(st->out);
	return 0;
}

static struct html_state *html_state_new(const struct report *r, FILE *f)
{
	struct html_state *st = xcalloc(1, sizeof *st);

	st->out = out_new(f, esc_n, NULL);
	report_basis_init(&st->b, r->pack);
	st->study = _("Study:");
	st->no_sessions = _("no sessions yet.\n\n");
	st->evidence = _("Evidence:");
	st->contradicted = _("Contradicted:");
	st->disputed = _("Disputed by the learner:");
	st->checklist = _("Checklist");
	st->mistakes = _("Mistakes avoided");
	st->attestations = _("Attestations");
	st->timeline = _("Timeline");
	st->no_changes = _("No changes yet.");
	st->time = _("Time");
	st->id = _("Id");
	st->change = _("Change");
	if (!cache.cap) {
		out_cache_open(&cache);
		st->own_cache = true;
	}
	return st;
}


static int report_part_html(const struct report *r, const struct report_learner *l,
		     void **state, FILE *f, char **err)
{
	struct html_state *st = *state;

	(void)err;
	if (!st)
		*state = st = html_state_new(r, f);
	st->out->f = f;
	learner(st->out, r, l, st);
	out_flush(st->out);
	return 0;
}

static void report_part_html_end(void *state)
{
	struct html_state *st = state;

	if (!st)
		return;
	if (st->own_cache)
		out_cache_drop(&cache);
	report_basis_free(&st->b);
	free(st->out);
	free(st);
}

const struct report_format_def report_format_html = {
	.name = "html",
	.needs_events = true,
	.needs_summary = true,
	.head = html_head,
	.part = report_part_html,
	.tail = html_tail,
	.end = report_part_html_end,
	.spool = true,
};
