/* SPDX-License-Identifier: MIT */
#include "tui/view.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "selfgrade/utf8.h"
#include "selfgrade/review.h"
#include "selfgrade/rules.h"
#include "selfgrade/xalloc.h"
#include "tui/i18n.h"
#include "tui/keys.h"

enum pair {
	P_OK = 1,
	P_WARN,
	P_BAD,
	P_CODE,
	P_BADGE_TOP,
	P_BADGE_MID,
	P_BADGE_NONE,
	P_MATCH,
	P_COUNT
};

static bool colors;

void view_init(bool color)
{
	colors = color && has_colors() && start_color() == OK;
	if (!colors)
		return;
	/* The terminal's own foreground and background stay where we do not
	 * say otherwise. */
	use_default_colors();
	init_pair(P_OK, COLOR_GREEN, -1);
	init_pair(P_WARN, COLOR_YELLOW, -1);
	init_pair(P_BAD, COLOR_RED, -1);
	init_pair(P_CODE, COLOR_CYAN, -1);
	init_pair(P_BADGE_TOP, COLOR_BLACK, COLOR_GREEN);
	init_pair(P_BADGE_MID, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_BADGE_NONE, COLOR_WHITE, COLOR_RED);
	init_pair(P_MATCH, COLOR_BLACK, COLOR_YELLOW);
}

/* A style as attributes and a colour pair; without colours, attributes
 * alone carry the meaning (a monochrome terminal, NO_COLOR). */
static void style_attr(unsigned st, attr_t *attr, short *pair)
{
	attr_t a = A_NORMAL;
	short p = 0;

	if (st & (TS_BOLD | TS_HEAD))
		a |= A_BOLD;
	if (st & TS_DIM)
		a |= A_DIM;
	if (colors) {
		if (st & TS_CODE)
			p = P_CODE;
		if (st & TS_OK)
			p = P_OK;
		if (st & TS_WARN)
			p = P_WARN;
		if (st & TS_BAD)
			p = P_BAD;
		if (st & TS_MATCH)
			p = P_MATCH;
	} else {
		if (st & TS_CODE)
			a |= A_UNDERLINE;
		/* Without colours bold is the mark that stands out: not for
		 * a dimmed bad (a wrong pick beside the right answer). */
		if ((st & TS_BAD) && !(st & TS_DIM))
			a |= A_BOLD;
		if (st & TS_MATCH)
			a |= A_STANDOUT | A_UNDERLINE;
	}
	*attr = a;
	*pair = p;
}

/* Draws l at (y, x) in at most w columns, each character with its style
 * plus extra; pads to w with spaces in extra. A line wider than w ends in
 * "…" when ellipsis is set. Characters are whole cells: a wide one that
 * does not fit is left out, never cut. */
static void draw_line(int y, int x, int w, const struct tline *l,
		      attr_t extra, bool ellipsis)
{
	int used = 0, limit = w;
	size_t i = 0;
	short extra_pair = (short)PAIR_NUMBER(extra);
	attr_t extra_attr = extra & ~A_COLOR;

	if (w <= 0 || y < 0 || y >= LINES)
		return;
	if (l && ellipsis && l->width > w)
		limit = w - 1;
	move(y, x);
	while (l && i < l->len) {
		wchar_t wc[CCHARW_MAX + 1] = {0};
		unsigned cp;
		size_t k = utf8_decode(l->s + i, l->len - i, &cp);
		int cw = text_cp_width(cp), n = 1;
		attr_t a;
		short pair;
		cchar_t cc;

		style_attr(l->st[i], &a, &pair);
		i += k;
		if (cw <= 0) /* a combining mark with no base, or a control */
			continue;
		if (used + cw > limit)
			break;
		wc[0] = (wchar_t)cp;
		/* Combining marks that follow join their base's cell. */
		while (i < l->len && n < CCHARW_MAX) {
			unsigned next;
			size_t kn = utf8_decode(l->s + i, l->len - i, &next);
			if (text_cp_width(next) != 0)
				break;
			wc[n++] = (wchar_t)next;
			i += kn;
		}
		setcchar(&cc, wc, a | extra_attr, pair ? pair : extra_pair, NULL);
		add_wch(&cc);
		used += cw;
	}
	if (l && ellipsis && l->width > w && used < w) {
		attrset(extra);
		addstr("…");
		used++;
	}
	attrset(extra);
	for (; used < w; used++)
		addch(' ');
	attrset(A_NORMAL);
}

/* A one-line tline from text with markup. */
static struct tdoc one_line(const char *text, const char *lead,
			    unsigned lead_style, unsigned style, bool markup)
{
	struct tdoc d = {0};
	/* Wide enough never to wrap: the line is truncated when drawn. */
	tdoc_para(&d, text, 1 << 20, 0, lead, lead_style, style, markup);
	if (d.n > 1) { /* a '\n' in the text: keep the first line */
		for (size_t i = 1; i < d.n; i++) {
			free(d.v[i].s);
			free(d.v[i].st);
		}
		d.n = 1;
	}
	return d;
}

static void draw_text(int y, int x, int w, const char *text, unsigned style,
		      attr_t extra)
{
	struct tdoc d = one_line(text, NULL, 0, style, false);
	draw_line(y, x, w, &d.v[0], extra, true);
	tdoc_free(&d);
}

/* ---- layout ---------------------------------------------------------------- */

static void help_box(int *y, int *x, int *h, int *w);
static void help_doc(struct tdoc *d, int w);

/* When every checklist item is done but mistakes or attestations are
 * left: what is left and where (into *out, which the caller frees, when
 * out is not NULL). */
static bool checklist_notice(const struct ui *ui, char **out)
{
	size_t done[3], total[3];
	char *m = NULL, *a = NULL;

	const struct view *v = ui->view;
	/* The top level reached with entries left: the percentage counts
	 * them, no criterion needs them; said, lest 76% read as missing. */
	if (v->level && v->level->level == &ui->pack->levels[0] && v->done < v->total) {
		if (out)
			*out = xasprintf(P_("Top level reached: the %zu entry left counts "
					    "in the %%, no criterion needs it.",
					    "Top level reached: the %zu entries left count "
					    "in the %%, no criterion needs them.",
					    v->total - v->done),
					 v->total - v->done);
		return true;
	}
	ui_counts(ui, done, total);
	if (done[0] < total[0] || (done[1] == total[1] && done[2] == total[2]))
		return false;
	if (!out)
		return true;
	if (done[1] < total[1])
		m = xasprintf(_("mistakes %zu (screen 2)"), total[1] - done[1]);
	if (done[2] < total[2])
		a = xasprintf(_("attestations %zu (screen 3)"), total[2] - done[2]);
	*out = xasprintf(_("All items ticked. Left: %s%s%s."), m ? m : "",
			 m && a ? ", " : "", a ? a : "");
	free(m);
	free(a);
	return true;
}

/* How the tab bar names its tabs, widest first: every name; the current
 * one's name and the others' short names; short names; numbers with the
 * current one's short name. */
enum { TABS_FULL, TABS_MIXED, TABS_SHORT, TABS_NUMBERS, TABS_DIGITS };

static const char *tab_name(const struct ui *ui, int i, int how, bool current)
{
	if (how == TABS_FULL || (how == TABS_MIXED && current))
		return ui_screen_name(ui, (enum ui_screen)i);
	if ((how == TABS_NUMBERS && !current) || how == TABS_DIGITS)
		return NULL;
	return ui_screen_short(ui, (enum ui_screen)i);
}

static int tab_width(const struct ui *ui, int i, int how, bool current)
{
	const char *name = tab_name(ui, i, how, current);
	/* " N name ", or " N " */
	return name ? 4 + text_width(name, strlen(name)) : 3;
}

void view_layout(struct ui *ui, struct view_geom *g)
{
	int body, x, full = 0, how;

	memset(g, 0, sizeof *g);
	g->small = COLS < VIEW_MIN_COLS || LINES < VIEW_MIN_LINES;
	if (g->small)
		return;
	g->tabs_y = 2;
	/* Names shorten, then go; a tab never does (the digits fit in 24
	 * columns, the narrowest drawn). */
	for (how = TABS_FULL; how < TABS_DIGITS; how++) {
		full = 0;
		for (int i = 0; i < SCR_COUNT; i++)
			full += tab_width(ui, i, how, (int)ui->screen == i);
		if (full - 1 <= COLS) /* the last tab's closing space may go */
			break;
	}
	g->tabs_how = how;
	g->tabs_compact = how >= TABS_NUMBERS;
	for (int i = 0, x0 = 0; i < SCR_COUNT; i++) {
		g->tab_x[i] = x0;
		x0 += tab_width(ui, i, how, (int)ui->screen == i);
		g->tab_x[i + 1] = x0;
	}
	body = LINES - 4;
	/* A message of two lines takes the body's last line: the rows are
	 * laid out above it, so the one selected is never under it. */
	if (ui->msg && ui->mode != MODE_PROMPT && body > 1 &&
	    text_width(ui->msg, strlen(ui->msg)) > COLS - 1)
		body--;
	g->list_y = g->doc_y = 3;
	/* The Checklist says when what is left lives on other screens. */
	g->notice_y = -1;
	if (ui->screen == SCR_CHECKLIST && body >= 9 && checklist_notice(ui, NULL)) {
		g->notice_y = 3;
		g->list_y = g->doc_y = 4;
		body--;
	}
	g->doc_h = body;
	if (ui_screen_is_doc(ui, ui->screen)) {
		g->list_h = body;
	} else if (body >= 9) {
		int n = (int)ui->list[ui->screen].n_vis;
		int detail = body * 2 / 5 > 4 ? body * 2 / 5 : 4;
		g->list_h = body - detail - 1;
		if (n < g->list_h)
			g->list_h = n > 0 ? n : 1;
		g->detail_y = g->list_y + g->list_h + 1;
		g->detail_h = body - g->list_h - 1;
	} else {
		g->list_h = body;
	}
	x = COLS - 2;
	ui_layout(ui, x, g->list_h, g->detail_h, g->doc_h);
	if (ui->mode == MODE_HELP || ui->mode == MODE_WELCOME) {
		struct tdoc d = {0};
		int hy, hx, hh, hw;
		help_box(&hy, &hx, &hh, &hw);
		if (ui->mode == MODE_WELCOME)
			ui_welcome_doc(ui, hw - 4, &d);
		else
			help_doc(&d, hw - 4);
		ui->help_h = hh - 2;
		ui->help_max = d.n > (size_t)(hh - 2) ? d.n - (size_t)(hh - 2) : 0;
		if (ui->help_top > ui->help_max)
			ui->help_top = ui->help_max;
		tdoc_free(&d);
	}
}

/* ---- pieces ---------------------------------------------------------------- */

static void draw_bar(int y, int x, int w, size_t done, size_t total)
{
	int fill = total ? (int)((long long)w * (long long)done / (long long)total) : 0;
	attr_t a;
	short pair;

	style_attr(done == total ? TS_OK : TS_WARN, &a, &pair);
	move(y, x);
	attr_set(a, pair, NULL);
	for (int i = 0; i < w; i++)
		addstr(i < fill ? "█" : "░");
	attrset(A_NORMAL);
}

static void tline_cut(struct tline *l, int cols);

static void draw_header(const struct ui *ui)
{
	const struct view *s = ui->view;
	const struct pack_level *top = s->level ? s->level->level : NULL;
	char *title = xasprintf(" selfgrade · %s", ui->pack->title);
	char *who = xasprintf(" %s ", ui->learner);
	char *count = xasprintf(" %zu/%zu %3d%% ", s->done, s->total, view_percent(s));
	char *badge = xasprintf(" %s%s ", top && top == &ui->pack->levels[0] ? "★ " : "",
				ui_level_title(ui));
	struct tdoc w = one_line(who, NULL, 0, TS_BOLD, false);
	int ww = w.v[0].width < COLS / 2 ? w.v[0].width : COLS / 2;
	int bw, cw = (int)strlen(count), bar;
	attr_t a = A_REVERSE | A_BOLD;
	short pair = 0;

	/* Line 1: the program, the pack, the learner. */
	draw_text(0, 0, COLS - ww, title, 0, A_REVERSE);
	draw_line(0, COLS - ww, ww, &w.v[0], A_REVERSE, true);
	/* Line 2: the level as a badge, the overall progress. */
	if (colors)
		pair = !top			    ? P_BADGE_NONE
		       : top == &ui->pack->levels[0] ? P_BADGE_TOP
						     : P_BADGE_MID;
	bw = text_width(badge, strlen(badge));
	/* The badge shortens (ending in "…") before the count goes. */
	if (bw > COLS - cw - 1 && COLS - cw - 1 >= 8) {
		struct tdoc b = one_line(badge, NULL, 0, 0, false);
		tline_cut(&b.v[0], COLS - cw - 2);
		free(badge);
		badge = xasprintf("%s ", b.v[0].s);
		tdoc_free(&b);
		bw = text_width(badge, strlen(badge));
	}
	if (bw > COLS)
		bw = COLS;
	draw_text(1, 0, bw, badge, TS_BOLD, a | COLOR_PAIR(pair));
	bar = COLS - bw - cw - 2;
	if (bar > 40)
		bar = 40;
	if (bar >= 4) {
		draw_bar(1, bw + 1, bar, s->done, s->total);
		mvaddstr(1, bw + 1 + bar, count);
	} else if (COLS - bw - 1 >= cw) {
		mvaddstr(1, bw + 1, count);
	}
	tdoc_free(&w);
	free(title);
	free(who);
	free(count);
	free(badge);
}

static void draw_tabs(const struct ui *ui, const struct view_geom *g)
{
	move(g->tabs_y, 0);
	clrtoeol();
	for (int i = 0; i < SCR_COUNT; i++) {
		bool cur = (int)ui->screen == i;
		int w = g->tab_x[i + 1] - g->tab_x[i];
		const char *name = tab_name(ui, i, g->tabs_how, cur);
		/* The last tab may lose its closing space, not a letter. */
		const char *end = g->tab_x[i + 1] > COLS ? "" : " ";
		char *label = name ? xasprintf(" %d %s%s", i + 1, name, end)
				   : xasprintf(" %d%s", i + 1, end);
		if (g->tab_x[i] >= COLS)
			break;
		draw_text(g->tabs_y, g->tab_x[i],
			  w < COLS - g->tab_x[i] ? w : COLS - g->tab_x[i], label,
			  cur ? TS_BOLD : TS_DIM, cur ? A_REVERSE : A_NORMAL);
		free(label);
	}
}

int view_box_x(const struct ui_row *r)
{
	/* As row_line() lays rows out, after the left margin: an item's
	 * indent and mark, a mistake's mark, a criterion's "  ✓ ". */
	switch (r->e.kind) {
	case PACK_ITEM:
		return 1 + (r->depth - 1) * 2 + 2;
	case PACK_MISTAKE:
		return 1 + 2;
	case PACK_CRITERION:
		return 1 + 4;
	default:
		return -10;
	}
}

static void leaves_done(const struct ui *ui, const struct pack_item *it, size_t *done,
			size_t *total)
{
	if (pack_item_is_leaf(it)) {
		(*total)++;
		*done += view_state_of(ui->view, pack_find(ui->pack, it->id)) == VS_DONE;
		return;
	}
	for (size_t i = 0; i < it->n_items; i++)
		leaves_done(ui, &it->items[i], done, total);
}

/* Cuts l to cols columns (never inside a character), ending in "…". */
static void tline_cut(struct tline *l, int cols)
{
	int used = 0;
	size_t n;

	if (cols < 1)
		cols = 1;
	if (l->width <= cols)
		return;
	n = text_fit(l->s, l->len, cols - 1, &used);
	l->len = n;
	l->s[n] = '\0';
	l->width = used;
	tline_append(l, "…", 0);
}

/* One row of a list screen as a line, in at most w columns: what must
 * be seen (the CRITICAL badge, a count) stays at the end, shortened as it
 * must be, and the text gives way before it. */
static struct tdoc row_line(const struct ui *ui, const struct ui_row *r,
			    const struct ui_list *l, size_t row, int w)
{
	bool parent = r->end > row + 1;
	const char *mark = parent ? (r->open ? "▾ " : "▸ ") : "  ";
	char *lead = NULL, *tail = NULL;
	const char *text = r->e.id;
	unsigned lead_style = 0, style = 0;
	struct tdoc d;

	(void)l;
	if (ui_screen_ops(ui, ui->screen)->row_text) {
		ui_screen_ops(ui, ui->screen)->row_text(ui, r, &d);
		tline_cut(&d.v[0], w);
		return d;
	}
	switch (r->e.kind) {
	case PACK_SECTION:
		lead = xasprintf("%s%d. ", mark, r->e.u.section->number);
		text = r->e.u.section->title;
		style = lead_style = TS_BOLD;
		tail = xasprintf("  %zu/%zu", r->done, r->total);
		break;
	case PACK_ITEM:
		lead = xasprintf("%*s%s%s", (r->depth - 1) * 2, "", mark,
				 ui_row_box(r));
		text = r->e.u.item->text;
		lead_style = ui_row_style(r);
		if (parent && !r->open) {
			/* Closed, it says how much of it is done. */
			size_t done = 0, total = 0;
			leaves_done(ui, r->e.u.item, &done, &total);
			tail = xasprintf("  %zu/%zu", done, total);
		}
		break;
	case PACK_MISTAKE:
		lead = xasprintf("%s%s%d. ", mark, ui_row_box(r),
				 r->e.u.mistake->number);
		text = r->e.u.mistake->title;
		lead_style = ui_row_style(r);
		break;
	case PACK_LEVEL:
		lead = xasprintf("%s%s ", mark, r->met ? "✓" : "✗");
		text = r->e.u.level->title;
		lead_style = (r->met ? TS_OK : TS_BAD) | TS_BOLD;
		style = TS_BOLD;
		tail = xasprintf(_("  %zu/%zu met"), r->done, r->total);
		break;
	case PACK_CRITERION:
		lead = xasprintf("  %s %s", r->met ? "✓" : "✗",
				 r->e.u.criterion->attest ? ui_row_box(r) : "    ");
		text = r->e.u.criterion->text;
		lead_style = r->met ? TS_OK : TS_BAD;
		{
			/* The instructor's mark beside the learner's own. */
			const struct review *rv = view_review(ui->view, r->e.id);
			if (rv && rv->mark != REVIEW_COMMENT)
				tail = xasprintf("  %s", rv->mark == REVIEW_AGREED
								 ? _("[instructor: agreed]")
								 : _("[instructor: not agreed]"));
		}
		break;
	default:
		lead = xstrdup(mark);
	}
	d = one_line(text, lead, lead_style, style, true);
	{
		bool crit = r->e.kind == PACK_ITEM && r->e.u.item->critical;
		const char *badge = crit ? _("  CRITICAL") : "";
		int bw = text_width(badge, strlen(badge));
		int tw = tail ? text_width(tail, strlen(tail)) : 0;
		if (d.v[0].width + bw + tw > w) {
			/* TRANSLATORS: CRITICAL where the line is short. */
			badge = crit ? _("  CRIT") : "";
			bw = text_width(badge, strlen(badge));
			tline_cut(&d.v[0], w - bw - tw);
		}
		if (crit)
			tline_append(&d.v[0], badge, TS_BAD | TS_BOLD);
	}
	if (tail)
		tline_append(&d.v[0], tail, TS_DIM);
	if (ui->query && *ui->query && ui->n_matches)
		tline_mark(&d.v[0], ui->query);
	free(lead);
	free(tail);
	return d;
}

static void draw_list(const struct ui *ui, const struct view_geom *g)
{
	const struct ui_list *l = &ui->list[ui->screen];
	const struct ui_screen_ops *ops = ui->screens[ui->screen];
	/* An empty list says why, rather than leaving a blank screen. */
	const char *empty = l->n_vis ? NULL
			    : l->n_rows && ui->hide_done && ops->home
				? _("Every row here is done: H shows them again.")
			    : ops->empty ? _(ops->empty)
					 : NULL;

	for (int i = 0; i < g->list_h; i++) {
		size_t v = l->top + (size_t)i;
		if (i == 0 && empty) {
			draw_text(g->list_y, 1, COLS - 1, empty, TS_DIM, A_NORMAL);
			continue;
		}
		if (v >= l->n_vis) {
			move(g->list_y + i, 0);
			clrtoeol();
			continue;
		}
		struct tdoc d = row_line(ui, &l->rows[l->vis[v]], l, l->vis[v], COLS - 1);
		bool cur = v == l->cur && ui->mode == MODE_NORMAL;
		draw_line(g->list_y + i, 0, 1, NULL, cur ? A_REVERSE : A_NORMAL,
			  false);
		draw_line(g->list_y + i, 1, COLS - 1, &d.v[0],
			  cur ? A_REVERSE : A_NORMAL, true);
		tdoc_free(&d);
	}
}

static void draw_doc_lines(const struct ui *ui, const struct tdoc *d,
			   size_t top, int y, int h)
{
	for (int i = 0; i < h; i++) {
		size_t k = top + (size_t)i;
		if (k >= d->n) {
			move(y + i, 0);
			clrtoeol();
			continue;
		}
		/* Study asks questions: a searched word lit up in a card
		 * would point at the answer. */
		if (ui->query && *ui->query && ui->n_matches && ui->screen != SCR_STUDY) {
			struct tline copy = d->v[k];
			copy.st = xmalloc(copy.len + 1);
			memcpy(copy.st, d->v[k].st, copy.len + 1);
			tline_mark(&copy, ui->query);
			draw_line(y + i, 1, COLS - 1, &copy, A_NORMAL, true);
			free(copy.st);
		} else {
			draw_line(y + i, 1, COLS - 1, &d->v[k], A_NORMAL, true);
		}
	}
}

static void draw_rule(int y, const char *label, bool more)
{
	char *text = xasprintf("── %s %s", label, more ? _("(J/K scroll) ") : "");
	struct tdoc d = one_line(text, NULL, 0, TS_DIM, false);
	int w = d.v[0].width;

	draw_line(y, 0, COLS, &d.v[0], A_NORMAL, true);
	attron(A_DIM);
	for (int x = w; x < COLS; x++)
		mvaddstr(y, x, "─");
	attroff(A_DIM);
	tdoc_free(&d);
	free(text);
}

static void draw_detail(const struct ui *ui, const struct view_geom *g)
{
	struct tdoc d;
	size_t top = ui->list[ui->screen].detail_top;

	ui_detail(ui, COLS - 2, &d);
	if (d.n <= (size_t)g->detail_h)
		top = 0;
	else if (top > d.n - (size_t)g->detail_h)
		top = d.n - (size_t)g->detail_h;
	draw_rule(g->detail_y - 1, _("Details"), d.n > (size_t)g->detail_h);
	draw_doc_lines(ui, &d, top, g->detail_y, g->detail_h);
	tdoc_free(&d);
}

static const char *prompt_label(enum ui_prompt p)
{
	switch (p) {
	case PROMPT_SEARCH:
		return _("Search: ");
	case PROMPT_NOTE:
		return _("Note: ");
	case PROMPT_DISPUTE:
		return _("Why the probe is wrong: ");
	case PROMPT_PROBE:
		return _("Project folder: ");
	default:
		return _("New learner: ");
	}
}

/* The footer's hints from the key table, as the screen has them. */
static size_t table_hints(const struct ui *ui, struct ui_hint *out, size_t max)
{
	const struct ui_screen_ops *ops = ui_screen_ops(ui, ui->screen);
	const struct ui_list *l = &ui->list[ui->screen];
	const struct ui_row *r = ui_current(ui);
	/* Only the keys that act on the selected row: Space where it ticks,
	 * Enter where a group opens or a criterion leads to what it needs,
	 * e where a note goes, U when there is an undo to take back. */
	bool group = r && r->end > (size_t)(r - l->rows) + 1;
	bool leads = r && r->e.kind == PACK_CRITERION && !r->met;
	size_t n = 0;

	for (size_t i = 0; i < n_keys && n < max; i++) {
		const struct key *k = &keys[i];
		struct ui_hint h = {NULL, k->brief ? _(k->brief) : NULL, k->rank};
		if (!k->brief ||
		    (k->action == A_TOGGLE &&
		     (!ops->toggle || !r || rules_can_tick(&r->e) != VIEW_OK)) ||
		    (k->action == A_EXPAND && (!ops->groups || !(group || leads))) ||
		    (k->action == A_NOTE &&
		     (!ops->notes || !r || rules_can_note(&r->e) != VIEW_OK)) ||
		    (k->action == A_UNDO && !ui->can_undo) ||
		    (k->action == A_REDO && !ui->can_redo) ||
		    ((k->action == A_HIDE || k->action == A_NEXT_OPEN) && !ops->home))
			continue;
		if (k->action == A_EXPAND && !group)
			h.word = _("what it needs");
		else if (k->action == A_EXPAND && r->open)
			h.word = _("close");
		if (k->action == A_TOGGLE)
			h.word = _(ops->toggle);
		if (k->action == A_HIDE && ui->hide_done) {
			/* While it hides rows, the footer says so, whatever
			 * the width. */
			h.word = _("show done");
			h.rank = 0;
		}
		/* The first of the keys is enough here; the help has all. */
		h.key = k->label;
		out[n++] = h;
	}
	return n;
}

static int hint_width(const struct ui_hint *h)
{
	return 2 + (int)strcspn(h->key, " ") + 1 + text_width(h->word, strlen(h->word));
}

/* The message in at most two lines, broken between words (the first on
 * the line the layout kept free of the body). What still does not fit ends in "…" after
 * a whole word: messages put the new state first, names last. */
static void draw_message(const struct ui *ui, int y)
{
	unsigned st = ui->msg_error ? TS_BAD | TS_BOLD : TS_OK;
	struct tdoc d = {0}, rest = {0};
	struct tline last = {xstrdup(""), xmalloc(1), 0, 0};

	tdoc_para(&d, ui->msg, COLS - 1, 0, NULL, 0, st, false);
	if (d.n <= 1 || y < 1) {
		draw_text(y, 0, COLS, ui->msg, st, A_NORMAL);
		goto done;
	}
	if (d.n > 2) {
		/* The lines after the first, again, with room for "…". */
		size_t len = 0;
		for (size_t i = 1; i < d.n; i++)
			len += d.v[i].len + 1;
		char *tail = xmalloc(len + 1), *o = tail;
		for (size_t i = 1; i < d.n; i++) {
			memcpy(o, d.v[i].s, d.v[i].len);
			o += d.v[i].len;
			*o++ = ' ';
		}
		*o = '\0';
		tdoc_para(&rest, tail, COLS - 2, 0, NULL, 0, st, false);
		free(tail);
		tline_append(&last, rest.n ? rest.v[0].s : "", st);
		tline_append(&last, "…", st);
	} else {
		tline_append(&last, d.v[1].s, st);
	}
	move(y - 1, 0);
	clrtoeol();
	draw_line(y - 1, 0, COLS, &d.v[0], A_NORMAL, false);
	draw_line(y, 0, COLS, &last, A_NORMAL, false);
done:
	free(last.s);
	free(last.st);
	tdoc_free(&rest);
	tdoc_free(&d);
}

static void draw_footer(const struct ui *ui)
{
	int y = LINES - 1;
	struct tline l = {xstrdup(""), xmalloc(1), 0, 0};

	if (ui->mode == MODE_PROMPT) {
		const char *label = prompt_label(ui->prompt);
		int lw = text_width(label, strlen(label)), col;
		size_t start;
		struct tdoc d;
		if (lw > COLS / 2)
			lw = COLS / 2;
		/* A message (a save that failed, a draft brought back) shows
		 * above the editor, which stays open with the text. */
		if (ui->msg && y > 0) {
			move(y - 1, 0);
			clrtoeol();
			draw_text(y - 1, 0, COLS, ui->msg,
				  ui->msg_error ? TS_BAD | TS_BOLD : TS_OK, A_NORMAL);
		}
		draw_text(y, 0, lw, label, TS_BOLD, A_NORMAL);
		lineedit_view(&ui->edit, COLS - lw, &start, &col);
		/* A note from the command line may hold line breaks: one
		 * column each, as the editor counts them, shown as ↵. */
		char *shown = xmalloc(3 * ui->edit.len + 1), *o = shown;
		for (const char *c = ui->edit.buf + start; *c; c++) {
			if (*c == '\n') {
				memcpy(o, "↵", 3);
				o += 3;
			} else {
				*o++ = *c;
			}
		}
		*o = '\0';
		d = one_line(shown, NULL, 0, 0, false);
		free(shown);
		draw_line(y, lw, COLS - lw, &d.v[0], A_NORMAL, false);
		tdoc_free(&d);
		move(y, lw + col < COLS ? lw + col : COLS - 1);
		free(l.s);
		free(l.st);
		return;
	}
	if (ui->msg) {
		draw_message(ui, y);
		free(l.s);
		free(l.st);
		return;
	}
	/* The hints that fit: the least important go first (the highest
	 * rank, the later of equals); rank 0 (help, quit, undo) stays. */
	struct ui_hint h[48];
	bool shown[48];
	size_t n = ui_screen_ops(ui, ui->screen)->hints
			   ? ui_screen_ops(ui, ui->screen)->hints(ui, h, 48)
			   : 0;
	int width = 0;
	if (ui->mode == MODE_WELCOME) {
		n = 0;
		h[n++] = (struct ui_hint){"Enter", _("got it"), 0};
		h[n++] = (struct ui_hint){"Esc", _("close for now"), 0};
		if (ui->help_max)
			h[n++] = (struct ui_hint){"↓", _("more"), 1};
		h[n++] = (struct ui_hint){"q", _("quit"), 0};
	}
	if (!n)
		n = table_hints(ui, h, 48);
	for (size_t i = 0; i < n; i++) {
		shown[i] = true;
		width += hint_width(&h[i]);
	}
	while (width > COLS) {
		size_t drop = n;
		for (size_t i = 0; i < n; i++)
			if (shown[i] && h[i].rank > 0 &&
			    (drop == n || h[i].rank >= h[drop].rank))
				drop = i;
		if (drop == n)
			break;
		shown[drop] = false;
		width -= hint_width(&h[drop]);
	}
	/* What must stay and still does not fit (three long words in
	 * Russian at 30 columns) loses a blank between hints, not the end
	 * of its last word. */
	const char *gap = width - 1 > COLS ? " " : "  "; /* the first has one */
	for (size_t i = 0; i < n; i++) {
		if (!shown[i])
			continue;
		char *first = xstrndup(h[i].key, strcspn(h[i].key, " "));
		tline_append(&l, l.len ? gap : " ", 0);
		tline_append(&l, first, TS_BOLD);
		tline_append(&l, " ", 0);
		tline_append(&l, h[i].word,
			     h[i].rank == 0 && h[i].key[0] == 'H' ? TS_WARN : TS_DIM);
		free(first);
	}
	draw_line(y, 0, COLS, &l, A_NORMAL, true);
	free(l.s);
	free(l.st);
}

/* A framed box over the body, for the help and the learner picker. */
static void draw_box(int y, int x, int h, int w, const char *title)
{
	char *t = xasprintf(" %s ", title);
	int tw;

	for (int i = 0; i < h; i++) {
		move(y + i, x);
		for (int j = 0; j < w; j++) {
			const char *c = " ";
			bool top = i == 0, bottom = i == h - 1;
			bool left = j == 0, right = j == w - 1;
			if ((top || bottom) && (left || right))
				c = top ? (left ? "┌" : "┐") : (left ? "└" : "┘");
			else if (top || bottom)
				c = "─";
			else if (left || right)
				c = "│";
			addstr(c);
		}
	}
	tw = text_width(t, strlen(t));
	draw_text(y, x + 2, tw < w - 4 ? tw : w - 4, t, TS_BOLD, A_NORMAL);
	free(t);
}

/* The help box: its size, and its text laid out to fit. */
static void help_box(int *y, int *x, int *h, int *w)
{
	*w = COLS - 4 > 76 ? 76 : COLS - 4;
	*h = LINES - 4;
	*x = (COLS - *w) / 2;
	*y = 2;
}

static void help_doc(struct tdoc *d, int w)
{
	for (size_t i = 0; i < n_keys; i++) {
		char lead[32], label[16];
		if (!keys[i].help)
			continue;
		/* The digits: as many as there are screens. */
		if (keys[i].action == A_SCREEN_1)
			snprintf(label, sizeof label, "1-%d", SCR_COUNT);
		else
			snprintf(label, sizeof label, "%s", keys[i].label);
		int pad = 10 - text_width(label, strlen(label));
		snprintf(lead, sizeof lead, "%s%*s", label, pad > 0 ? pad : 1, "");
		tdoc_para(d, _(keys[i].help), w, 0, lead, TS_BOLD, 0, false);
	}
	tdoc_blank(d);
	tdoc_para(d,
		  _("Boxes: [x] done, [ ] not yet, [-] partly done, [~] changed "
		    "since you confirmed it, [!] ticked but your project says "
		    "otherwise. ✓/✗: a criterion met or not. "
		    "Every change is saved at once."),
		  w, 0, NULL, 0, TS_DIM, false);
	tdoc_blank(d);
	tdoc_para(d,
		  _("The header's count: the checklist's items, the mistakes "
		    "to confirm avoided and the criteria to attest, done of all "
		    "of them (the Checklist's own count is its items only)."),
		  w, 0, NULL, 0, TS_DIM, false);
}

/* Arrows on the box's frame where it scrolls. */
static void draw_more(const struct ui *ui, int y, int x, int h, int w)
{
	if (ui->help_top > 0)
		mvaddstr(y, x + w - 4, "↑");
	if (ui->help_top < ui->help_max)
		mvaddstr(y + h - 1, x + w - 4, "↓");
}

/* The help or the welcome: a text in a box that scrolls. */
static void draw_overlay(const struct ui *ui, const char *title, bool welcome)
{
	int y, x, h, w;
	struct tdoc d = {0};

	help_box(&y, &x, &h, &w);
	if (welcome)
		ui_welcome_doc(ui, w - 4, &d);
	else
		help_doc(&d, w - 4);
	draw_box(y, x, h, w, title);
	for (int i = 0; i < h - 2 && ui->help_top + (size_t)i < d.n; i++)
		draw_line(y + 1 + i, x + 2, w - 4, &d.v[ui->help_top + (size_t)i],
			  A_NORMAL, true);
	draw_more(ui, y, x, h, w);
	tdoc_free(&d);
}

static void draw_learners(const struct ui *ui)
{
	int w = COLS - 4 > 50 ? 50 : COLS - 4, h = LINES - 4;
	int x = (COLS - w) / 2, y = 2, rows = h - 2;
	size_t n = ui->n_learners + 1, top = 0;

	if (ui->picked >= (size_t)rows)
		top = ui->picked - (size_t)rows + 1;
	draw_box(y, x, h, w, _("Learners (Enter picks, Esc closes)"));
	for (int i = 0; i < rows && top + (size_t)i < n; i++) {
		size_t k = top + (size_t)i;
		bool cur = k == ui->picked;
		/* Each learner with the level they reached. */
		const char *lv = k < ui->n_learners && ui->learner_levels
					 ? ui->learner_levels[k]
					 : NULL;
		char *label = k < ui->n_learners
				      ? xasprintf("%s %s · %s",
						  strcmp(ui->learners[k], ui->learner) == 0
							  ? "•"
							  : " ",
						  ui->learners[k], lv ? lv : _("Not yet"))
				      : xasprintf("+ %s", _("New learner…"));
		draw_text(y + 1 + i, x + 1, w - 2, label, 0,
			  cur ? A_REVERSE : A_NORMAL);
		free(label);
	}
}

static void draw_small(void)
{
	const char *lines[] = {_("Terminal too small"), NULL};
	char need[64];

	snprintf(need, sizeof need, _("need %d×%d"), VIEW_MIN_COLS, VIEW_MIN_LINES);
	lines[1] = need;
	for (int i = 0; i < 2 && i < LINES; i++)
		draw_text(i, 0, COLS, lines[i], TS_BOLD, A_NORMAL);
}

void view_draw(const struct ui *ui, const struct view_geom *g)
{
	erase();
	curs_set(0);
	if (g->small) {
		draw_small();
		return;
	}
	draw_header(ui);
	draw_tabs(ui, g);
	if (g->notice_y >= 0) {
		char *notice = NULL;
		if (checklist_notice(ui, &notice))
			draw_text(g->notice_y, 1, COLS - 1, notice, TS_WARN | TS_BOLD,
				  A_NORMAL);
		free(notice);
	}
	if (ui_screen_is_doc(ui, ui->screen)) {
		const struct ui_list *l = &ui->list[ui->screen];
		draw_doc_lines(ui, &l->doc, l->top, g->doc_y, g->doc_h);
	} else {
		draw_list(ui, g);
		if (g->detail_h > 0)
			draw_detail(ui, g);
	}
	if (ui->mode == MODE_HELP)
		draw_overlay(ui, _("Keys (↑↓ scroll, any other key closes)"), false);
	else if (ui->mode == MODE_WELCOME)
		draw_overlay(ui, _("Welcome"), true);
	else if (ui->mode == MODE_LEARNERS)
		draw_learners(ui);
	draw_footer(ui);
	if (ui->mode == MODE_PROMPT)
		curs_set(1); /* draw_footer left the cursor in the editor */
}
