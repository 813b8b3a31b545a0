/* SPDX-License-Identifier: MIT */
#include "tui/text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "selfgrade/markup.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD, shown for a control */

int text_cp_width(unsigned cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return -1;
	return wcwidth((wchar_t)cp);
}

static int shown_width(unsigned cp)
{
	int w = text_cp_width(cp);
	return w < 0 ? 1 : w;
}

int text_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		i += utf8_decode(s + i, n - i, &cp);
		w += shown_width(cp);
	}
	return w;
}

size_t text_fit(const char *s, size_t n, int cols, int *used)
{
	size_t i = 0;
	int w = 0;

	while (i < n) {
		unsigned cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		int cw = shown_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	if (used)
		*used = w;
	return i;
}

/* Bytes with a style each: a paragraph before it is broken into lines. */
struct run {
	char *s;
	unsigned char *st;
	size_t len, cap;
};

static void run_put(struct run *r, const char *s, size_t n, unsigned style)
{
	if (r->len + n + 1 > r->cap) {
		size_t cap = r->cap;
		xgrow(&r->s, &cap, r->len + n + 1, 1);
		xgrow(&r->st, &r->cap, r->len + n + 1, 1);
	}
	memcpy(r->s + r->len, s, n);
	memset(r->st + r->len, (int)style, n);
	r->len += n;
	r->s[r->len] = '\0';
}

/* Copies s[0..n), a tab as a space and any other control but '\n' as
 * U+FFFD, so that nothing reaches the terminal that could drive it. */
static void run_put_clean(struct run *r, const char *s, size_t n,
			  unsigned style)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == '\t')
			run_put(r, " ", 1, style);
		else if (cp != '\n' && (cp == 0xFFFD || text_cp_width(cp) < 0))
			run_put(r, REPLACEMENT, 3, style);
		else
			run_put(r, s + i, k, style);
		i += k;
	}
}

/* An empty run, with its buffers, so that a text of nothing still has
 * somewhere to point. */
static struct run run_new(void)
{
	struct run r = {0};
	run_put(&r, "", 0, 0);
	return r;
}

static void run_free(struct run *r)
{
	free(r->s);
	free(r->st);
}

struct markup_ctx {
	struct run *r;
	unsigned style;
};

static void put_markup_run(void *ctx, const char *s, size_t n, unsigned m)
{
	struct markup_ctx *c = ctx;
	run_put_clean(c->r, s, n,
		      c->style | (m & MARKUP_BOLD ? TS_BOLD : 0) |
			      (m & MARKUP_CODE ? TS_CODE : 0));
}

static void run_put_markup(struct run *r, const char *s, unsigned style)
{
	struct markup_ctx c = {r, style};
	markup_walk(s, put_markup_run, &c);
}

static struct tline *tdoc_add_line(struct tdoc *d)
{
	struct tline *l;
	xgrow(&d->v, &d->cap, d->n + 1, sizeof *d->v);
	l = &d->v[d->n++];
	memset(l, 0, sizeof *l);
	l->s = xstrdup("");
	l->st = xmalloc(1);
	return l;
}

static void tline_put(struct tline *l, const char *s, size_t n,
		      const unsigned char *st, unsigned style)
{
	l->s = xrealloc(l->s, l->len + n + 1);
	l->st = xrealloc(l->st, l->len + n + 1);
	memcpy(l->s + l->len, s, n);
	if (st)
		memcpy(l->st + l->len, st, n);
	else
		memset(l->st + l->len, (int)style, n);
	l->len += n;
	l->s[l->len] = '\0';
	l->width += text_width(s, n);
}

static void tline_pad(struct tline *l, int cols)
{
	for (; cols > 0; cols--)
		tline_put(l, " ", 1, NULL, 0);
}

void tline_append(struct tline *l, const char *s, unsigned style)
{
	struct run r = run_new();

	run_put_clean(&r, s, strlen(s), style);
	tline_put(l, r.s ? r.s : "", r.len, r.st, 0);
	run_free(&r);
}

void tdoc_blank(struct tdoc *d)
{
	tdoc_add_line(d);
}

/* Breaks a run into lines of width columns; words breaks at spaces (and
 * drops them there), otherwise only where a line is full. */
static void wrap(struct tdoc *d, const struct run *r, int width, int indent,
		 const char *lead, unsigned lead_style, bool words)
{
	int lead_w = lead ? text_width(lead, strlen(lead)) : 0;
	int avail = width - indent - lead_w;
	size_t pos = 0;
	bool first = true;

	if (avail < 1)
		avail = 1;
	while (first || pos < r->len) {
		size_t i = pos, brk = 0, end, next;
		bool full = false, at_space = false;
		int w = 0;
		while (i < r->len && r->s[i] != '\n') {
			unsigned cp;
			size_t k = utf8_decode(r->s + i, r->len - i, &cp);
			int cw = shown_width(cp);
			if (w + cw > avail && i > pos) {
				full = true;
				break;
			}
			if (words && cp == ' ' && i > pos)
				brk = i;
			w += cw;
			i += k;
		}
		end = next = i;
		if (full && brk) {
			end = brk;
			next = brk + 1;
			at_space = true;
		} else if (i < r->len && r->s[i] == '\n') {
			next = i + 1;
		}
		if (words && (full || at_space))
			while (end > pos && r->s[end - 1] == ' ')
				end--;
		struct tline *l = tdoc_add_line(d);
		tline_pad(l, indent);
		if (first && lead)
			tline_put(l, lead, strlen(lead), NULL, lead_style);
		else
			tline_pad(l, lead_w);
		tline_put(l, r->s + pos, end - pos, r->st + pos, 0);
		pos = next;
		if (words && full)
			while (pos < r->len && r->s[pos] == ' ')
				pos++;
		first = false;
	}
}

void tdoc_para(struct tdoc *d, const char *text, int width, int indent,
	       const char *lead, unsigned lead_style, unsigned style,
	       bool markup)
{
	struct run r = run_new();

	if (markup)
		run_put_markup(&r, text, style);
	else
		run_put_clean(&r, text, strlen(text), style);
	wrap(d, &r, width, indent, lead, lead_style, true);
	run_free(&r);
}

void tdoc_pre(struct tdoc *d, const char *text, int width, int indent,
	      unsigned style)
{
	struct run r = run_new();
	size_t n = strlen(text);

	while (n && text[n - 1] == '\n')
		n--;
	run_put_clean(&r, text, n, style);
	wrap(d, &r, width, indent, NULL, 0, false);
	run_free(&r);
}

/* Columns narrower than this wrap too much to read: rows become records. */
#define MIN_COL 8
#define COL_SEP " \xE2\x94\x82 " /* " │ " */

static void table_records(struct tdoc *d, const struct pack_table *t,
			  int width, int indent)
{
	for (size_t r = 0; r < t->n_rows; r++) {
		if (r)
			tdoc_blank(d);
		for (size_t c = 0; c < t->columns.n; c++) {
			char *lead = xasprintf("%s: ", t->columns.v[c]);
			tdoc_para(d, t->rows[r].v[c], width, indent, lead,
				  TS_BOLD, 0, true);
			free(lead);
		}
	}
}

/* The widest word of a cell, as its text shows (markup and all). */
static int longest_word(const char *s)
{
	int best = 0;

	while (*s) {
		size_t n = strcspn(s, " \n");
		int w = text_width(s, n);
		for (size_t i = 0; i < n; i++) /* markup shows nothing */
			w -= s[i] == '`' || s[i] == '*';
		if (w > best)
			best = w;
		s += n;
		s += strspn(s, " \n");
	}
	return best;
}

/* One table row: each cell wrapped in its column, side by side. */
static void table_row(struct tdoc *d, char *const *cells, size_t nc,
		      const int *w, int indent, unsigned style)
{
	struct tdoc *cell = xcalloc(nc, sizeof *cell);
	size_t height = 0;

	for (size_t c = 0; c < nc; c++) {
		tdoc_para(&cell[c], cells[c], w[c], 0, NULL, 0, style, true);
		if (cell[c].n > height)
			height = cell[c].n;
	}
	for (size_t i = 0; i < height; i++) {
		struct tline *l = tdoc_add_line(d);
		tline_pad(l, indent);
		for (size_t c = 0; c < nc; c++) {
			int used = 0;
			if (c)
				tline_put(l, COL_SEP, strlen(COL_SEP), NULL, TS_DIM);
			if (i < cell[c].n) {
				struct tline *src = &cell[c].v[i];
				tline_put(l, src->s, src->len, src->st, 0);
				used = src->width;
			}
			if (c + 1 < nc)
				tline_pad(l, w[c] - used);
		}
	}
	for (size_t c = 0; c < nc; c++)
		tdoc_free(&cell[c]);
	free(cell);
}

static void table_rule(struct tdoc *d, const int *w, size_t nc, int indent)
{
	struct tline *l = tdoc_add_line(d);

	tline_pad(l, indent);
	for (size_t c = 0; c < nc; c++) {
		if (c)
			tline_put(l, "\xE2\x94\x80\xE2\x94\xBC\xE2\x94\x80", 9, NULL,
				  TS_DIM); /* ─┼─ */
		for (int i = 0; i < w[c]; i++)
			tline_put(l, "\xE2\x94\x80", 3, NULL, TS_DIM); /* ─ */
	}
}

void tdoc_table(struct tdoc *d, const struct pack_table *t, int width,
		int indent)
{
	size_t nc = t->columns.n;
	int *w, *minw, avail, sum = 0;
	bool tall = false;

	if (nc == 0)
		return;
	avail = width - indent - 3 * (int)(nc - 1);
	if (avail < MIN_COL * (int)nc) {
		table_records(d, t, width, indent);
		return;
	}
	w = xcalloc(nc, sizeof *w);
	minw = xcalloc(nc, sizeof *minw);
	for (size_t c = 0; c < nc; c++) {
		w[c] = text_width(t->columns.v[c], strlen(t->columns.v[c]));
		minw[c] = longest_word(t->columns.v[c]);
		for (size_t r = 0; r < t->n_rows; r++) {
			int cw = text_width(t->rows[r].v[c], strlen(t->rows[r].v[c]));
			int lw = longest_word(t->rows[r].v[c]);
			if (cw > w[c])
				w[c] = cw;
			if (lw > minw[c])
				minw[c] = lw;
		}
		sum += w[c];
	}
	/* Narrow the widest column that can still wrap between words, one
	 * column at a time, until it fits; when none can, a word would
	 * break: each row as "column: value" lines reads better. */
	while (sum > avail) {
		size_t widest = nc;
		for (size_t c = 0; c < nc; c++)
			if (w[c] > minw[c] && (widest == nc || w[c] > w[widest]))
				widest = c;
		if (widest == nc) {
			free(w);
			free(minw);
			table_records(d, t, width, indent);
			return;
		}
		w[widest]--;
		sum--;
		tall = true;
	}
	free(minw);
	table_row(d, t->columns.v, nc, w, indent, TS_BOLD | TS_HEAD);
	table_rule(d, w, nc, indent);
	for (size_t r = 0; r < t->n_rows; r++) {
		if (r && tall)
			table_rule(d, w, nc, indent);
		table_row(d, t->rows[r].v, nc, w, indent, 0);
	}
	free(w);
}

void tdoc_free(struct tdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].s);
		free(d->v[i].st);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

void tline_mark(struct tline *l, const char *query)
{
	const char *p = l->s, *m;
	size_t n;

	while ((m = utf8_casefind(p, query, &n))) {
		for (size_t i = 0; i < n; i++)
			l->st[m - l->s + (ptrdiff_t)i] |= TS_MATCH;
		p = m + (n ? n : 1);
	}
}
