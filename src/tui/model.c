/* SPDX-License-Identifier: MIT */
#include "tui/model.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "selfgrade/evidence.h"
#include "selfgrade/markup.h"
#include "selfgrade/live.h"
#include "selfgrade/probe.h"
#include "selfgrade/review.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "tui/i18n.h"


/* A store error: shown, then freed. */
static void say_err(struct ui *ui, char *err)
{
	ui_say(ui, true, "%s", err);
	free(err);
}

/* ---- building the screens ---------------------------------------------- */

struct ui_row *ui_add_row(struct ui_list *l, size_t *cap, struct pack_entry e,
			  int depth)
{
	struct ui_row *r;
	xgrow(&l->rows, cap, l->n_rows + 1, sizeof *l->rows);
	r = &l->rows[l->n_rows++];
	memset(r, 0, sizeof *r);
	r->e = e;
	r->depth = depth;
	r->open = true;
	return r;
}

/* Each screen's rows, and where each entry of the pack is listed. */
static void build_rows(struct ui *ui)
{
	const struct pack *p = ui->pack;

	for (int sc = 0; sc < SCR_COUNT; sc++)
		if (ui->screens[sc]->build)
			ui->screens[sc]->build(ui, &ui->list[sc]);
	ui->row_of = xmalloc((p->n_index ? p->n_index : 1) * sizeof *ui->row_of);
	ui->scr_of = xmalloc((p->n_index ? p->n_index : 1) * sizeof *ui->scr_of);
	for (size_t i = 0; i < p->n_index; i++)
		ui->row_of[i] = SIZE_MAX;
	for (int sc = 0; sc < SCR_COUNT; sc++) {
		if (!ui->screens[sc]->home)
			continue;
		for (size_t r = 0; r < ui->list[sc].n_rows; r++) {
			size_t i = pack_index_of(p, &ui->list[sc].rows[r].e);
			if (i < p->n_index && ui->row_of[i] == SIZE_MAX) {
				ui->row_of[i] = r;
				ui->scr_of[i] = (enum ui_screen)sc;
			}
		}
	}
}

static bool has_children(const struct ui_list *l, size_t row)
{
	return l->rows[row].end > row + 1;
}

static size_t cur_row(const struct ui_list *l)
{
	return l->n_vis ? l->vis[l->cur] : 0;
}

/* A row H leaves out: an item or mistake done, a criterion met. */
static bool row_done(const struct ui_row *r)
{
	switch (r->e.kind) {
	case PACK_ITEM:
	case PACK_MISTAKE:
		return r->state == VS_DONE;
	case PACK_CRITERION:
		return r->met;
	default:
		return false;
	}
}

/* Which rows show: every row whose ancestors are all open (and, with H,
 * that is not done). The cursor stays on its row, or on the row before
 * it that still shows. */
void ui_relist(struct ui *ui, struct ui_list *l)
{
	size_t keep = cur_row(l), n = 0;
	bool hide = ui->hide_done && ui->screens[l - ui->list]->home;

	free(l->vis);
	l->vis = xmalloc((l->n_rows ? l->n_rows : 1) * sizeof *l->vis);
	l->cur = 0;
	for (size_t i = 0; i < l->n_rows;) {
		if (hide && row_done(&l->rows[i])) {
			i = l->rows[i].end > i ? l->rows[i].end : i + 1;
			continue;
		}
		if (i <= keep)
			l->cur = n;
		l->vis[n++] = i;
		i = l->rows[i].open ? i + 1 : l->rows[i].end;
	}
	l->n_vis = n;
}


static void ensure_visible(struct ui *ui, struct ui_list *l)
{
	size_t h = ui->list_h > 0 ? (size_t)ui->list_h : 1;

	if (l->cur < l->top)
		l->top = l->cur;
	else if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
	if (l->top + h > l->n_vis)
		l->top = l->n_vis > h ? l->n_vis - h : 0;
}


/* Document screens: laid out for a width, each line remembering the
 * entry it shows so that search can scroll to it. */
void ui_doc_anchor(struct ui_list *l, size_t from, const char *id)
{
	l->anchor = xrealloc(l->anchor, (l->doc.n ? l->doc.n : 1) * sizeof *l->anchor);
	for (size_t i = from; i < l->doc.n; i++)
		l->anchor[i] = id;
}

/* The first line of a document that shows the entry id (0: none). */
static size_t doc_line_of(const struct ui_list *l, const char *id)
{
	for (size_t i = 0; l->anchor && i < l->doc.n; i++)
		if (l->anchor[i] && strcmp(l->anchor[i], id) == 0)
			return i;
	return 0;
}

void ui_relayout_docs(struct ui *ui, int width)
{
	const char *at[SCR_COUNT] = {NULL};

	/* Each document keeps its place by the entry at its top line. */
	for (int s = 0; s < SCR_COUNT; s++) {
		struct ui_list *d = &ui->list[s];
		if (!ui_screen_is_doc(ui, s))
			continue;
		if (d->anchor && d->top < d->doc.n)
			at[s] = d->anchor[d->top];
		tdoc_free(&d->doc);
		free(d->anchor);
		d->anchor = NULL;
	}
	for (int s = 0; s < SCR_COUNT; s++)
		if (ui->screens[s]->layout) {
			ui->screens[s]->layout(ui, &ui->list[s], width);
			if (!ui->list[s].anchor)
				ui_doc_anchor(&ui->list[s], 0, NULL);
		}
	for (int s = 0; s < SCR_COUNT; s++) {
		struct ui_list *d = &ui->list[s];
		if (!ui_screen_is_doc(ui, s))
			continue;
		d->top = at[s] ? doc_line_of(d, at[s]) : 0;
		if (d->top >= d->doc.n)
			d->top = d->doc.n ? d->doc.n - 1 : 0;
	}
}

/* ---- progress ------------------------------------------------------------ */

void ui_mark_contradicted(struct ui *ui, struct ui_row *r)
{
	r->contradicted = r->e.kind != PACK_SECTION && r->e.kind != PACK_LEVEL &&
			  view_contradicted(ui->view, &r->e);
}

/* Everything shown, derived again from the whole view (full), or after
 * the changed rows were told (row_changed). */
static void rows_all(struct ui *ui, bool full)
{
	for (int sc = 0; sc < SCR_COUNT; sc++) {
		struct ui_list *l = &ui->list[sc];
		if (ui->screens[sc]->refresh)
			ui->screens[sc]->refresh(ui, l, full);
		if (full && ui->screens[sc]->home)
			for (size_t i = 0; i < l->n_rows; i++)
				ui_mark_contradicted(ui, &l->rows[i]);
		if (ui->hide_done && ui->screens[sc]->home)
			ui_relist(ui, l);
	}
}

/* The row of entry index i on its screen, again. */
static void row_again(struct ui *ui, size_t i)
{
	size_t r = ui->row_of[i];
	enum ui_screen sc = ui->scr_of[i];

	if (r != SIZE_MAX && ui->screens[sc]->row_changed)
		ui->screens[sc]->row_changed(ui, &ui->list[sc], r);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_evidence(const struct evidence *a, size_t na,
			  const struct evidence *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i].entry_id, b[i].entry_id) ||
		    !same_str(a[i].probe_id, b[i].probe_id) ||
		    a[i].verdict != b[i].verdict || !same_str(a[i].at, b[i].at) ||
		    !same_str(a[i].file, b[i].file) || a[i].line != b[i].line ||
		    !same_str(a[i].value, b[i].value) ||
		    !same_str(a[i].file_hash, b[i].file_hash) ||
		    !same_str(a[i].dispute, b[i].dispute) ||
		    a[i].outdated != b[i].outdated)
			return false;
	return true;
}

static bool same_reviews(const struct review *a, size_t na, const struct review *b,
			 size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i].entry_id, b[i].entry_id) || a[i].mark != b[i].mark ||
		    !same_str(a[i].text, b[i].text) || !same_str(a[i].at, b[i].at))
			return false;
	return true;
}

#define MAX_INCREMENTAL 64

/* The entries whose stored state differs between a and b (both sorted by
 * id), into out; false when more than MAX_INCREMENTAL differ. */
static bool changed_states(const struct pack *p, const struct progress *a,
			   const struct progress *b, size_t out[MAX_INCREMENTAL],
			   size_t *n)
{
	size_t i = 0, j = 0;

	*n = 0;
	while (i < a->n_states || j < b->n_states) {
		const struct prog_state *x = i < a->n_states ? &a->states[i] : NULL;
		const struct prog_state *y = j < b->n_states ? &b->states[j] : NULL;
		int c = !x ? 1 : !y ? -1 : strcmp(x->id, y->id);
		const char *id = c <= 0 ? x->id : y->id;
		const struct pack_entry *e;
		i += c <= 0;
		j += c >= 0;
		if (c == 0 && x->done == y->done && same_str(x->hash, y->hash))
			continue;
		if (!(e = pack_find(p, id)))
			continue; /* an orphan: view_update recounts those */
		if (*n == MAX_INCREMENTAL)
			return false;
		out[(*n)++] = (size_t)(e - p->index);
	}
	return true;
}

/* Reads the learner's progress again and derives everything shown. The
 * view is brought up to date for the states that differ from the ones it
 * was made from (whoever changed them: this tutor or another process),
 * or made anew when many differ, the evidence changed, or full is set
 * (^L, another learner). */
static int reload(struct ui *ui, bool full)
{
	struct progress pr;
	struct evidence *ev;
	struct review *rv;
	size_t n_ev, n_rv, changed[MAX_INCREMENTAL], n_changed = 0;
	const struct pack_entry *ce[MAX_INCREMENTAL];
	char *err = NULL;

	/* Read first: a change committed after it shows at the next poll. */
	if (store_data_version(ui->store, &ui->data_version))
		ui->data_version = 0;
	if (store_progress(ui->store, ui->learner_id, &pr, &err)) {
		say_err(ui, err);
		return -1;
	}
	/* Unknown, the footer offers both: the key says what it finds. */
	if (store_can_step(ui->store, ui->learner_id, &ui->can_undo, &ui->can_redo, &err)) {
		free(err);
		err = NULL;
		ui->can_undo = ui->can_redo = true;
	}
	if (store_latest_evidence(ui->store, ui->learner_id, &ev, &n_ev, &err)) {
		progress_free(&pr);
		say_err(ui, err);
		return -1;
	}
	if (store_latest_reviews(ui->store, ui->learner_id, &rv, &n_rv, &err)) {
		evidence_free(ev, n_ev);
		progress_free(&pr);
		say_err(ui, err);
		return -1;
	}
	full = full || !ui->view ||
	       !same_evidence(ui->evidence, ui->n_evidence, ev, n_ev) ||
	       !same_reviews(ui->reviews, ui->n_reviews, rv, n_rv) ||
	       !changed_states(ui->pack, &ui->progress, &pr, changed, &n_changed);
	progress_free(&ui->progress);
	ui->progress = pr;
	store_mark_outdated(ui->store, ui->learner_id, ev, n_ev);
	evidence_free(ui->evidence, ui->n_evidence);
	ui->evidence = ev;
	ui->n_evidence = n_ev;
	review_free(ui->reviews, ui->n_reviews);
	ui->reviews = rv;
	ui->n_reviews = n_rv;
	if (full) {
		view_free(ui->view);
		ui->view = view_new(ui->pack, &ui->progress, NULL, 0);
		view_use_evidence(ui->view, ui->evidence, ui->n_evidence);
		view_use_reviews(ui->view, ui->reviews, ui->n_reviews);
		rows_all(ui, true);
		return 0;
	}
	for (size_t k = 0; k < n_changed; k++)
		ce[k] = &ui->pack->index[changed[k]];
	/* The view reads the evidence again as it restates: given the new
	 * copy first (the old one is freed). */
	view_use_evidence(ui->view, ui->evidence, ui->n_evidence);
	view_update(ui->view, ce, n_changed);
	view_use_reviews(ui->view, ui->reviews, ui->n_reviews);
	for (size_t k = 0; k < n_changed; k++)
		row_again(ui, changed[k]);
	rows_all(ui, false);
	return 0;
}

static int refresh(struct ui *ui)
{
	return reload(ui, false);
}

/* After a change: the level it reached, said when it moved. */
static void announce_level(struct ui *ui)
{
	const struct pack_level *now = (ui->view->level ? ui->view->level->level : NULL);

	if (now != ui->was_level)
		ui_say(ui, false, _("Level: %s"), ui_level_title(ui));
	ui->was_level = now;
}

/* Each screen's own data, for the learner now shown. */
static void screens_open(struct ui *ui)
{
	for (int i = 0; i < SCR_COUNT; i++)
		if (ui->screens[i]->open)
			ui->screens[i]->open(ui);
}

static unsigned probe(struct ui *ui, bool quiet);

/* At start: ticks the course content has changed under (a new pack, or
 * --content) are not counted until confirmed again; the learner is told
 * how many and where, not left to wonder why the level dropped. */
static void say_stale(struct ui *ui)
{
	size_t n = 0;
	const char *first = NULL;

	for (size_t i = 0; i < ui->pack->n_index; i++)
		if (progress_kind_of(&ui->pack->index[i]) >= 0 &&
		    ui->view->state[i] == VS_STALE) {
			n++;
			if (!first)
				first = ui->pack->index[i].id;
		}
	if (n)
		ui_say(ui, false,
		       P_("The course content changed: %zu tick is stale [~] (%s) and "
			  "not counted until you confirm it again (Space).",
			  "The course content changed: %zu ticks are stale [~] (%s first) "
			  "and not counted until you confirm them again (Space).",
			  n),
		       n, first);
}

int ui_open(struct ui *ui, const struct ui_screen_ops *const *screens, struct pack *p,
	    struct store *s, const char *learner, int64_t learner_id, char **err)
{
	memset(ui, 0, sizeof *ui);
	ui->screens = screens;
	ui->pack = p;
	ui->store = s;
	ui->learner = xstrdup(learner);
	ui->learner_id = learner_id;
	ui->list_h = ui->doc_h = 1;
	ui->clock = ui_clock;
	build_rows(ui);
	for (int i = 0; i < SCR_COUNT; i++)
		ui_relist(ui, &ui->list[i]);
	if (refresh(ui)) {
		*err = xstrdup(ui->msg);
		ui_close(ui);
		return -1;
	}
	/* The project may have changed since the last run: the evidence
	 * is brought up to date before the learner reads a verdict. */
	probe(ui, true);
	say_stale(ui);
	ui->was_level = (ui->view->level ? ui->view->level->level : NULL);
	screens_open(ui);
	/* Laid out again at the terminal's width; until then search and
	 * undo can already find their way into the documents. */
	ui->width = 78;
	ui_relayout_docs(ui, ui->width);
	return 0;
}

static void free_learners(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_learners; i++)
		free(ui->learners[i]);
	free(ui->learners);
	free(ui->learner_levels);
	ui->learners = NULL;
	ui->learner_levels = NULL;
	ui->n_learners = 0;
}

/* Each learner's level, for the picker (by the list's names). */
static void learner_levels(struct ui *ui)
{
	struct store_learner *v;
	size_t n;
	char *err = NULL;

	ui->learner_levels = xcalloc(ui->n_learners + 1, sizeof *ui->learner_levels);
	if (store_cohort(ui->store, &v, &n, &err)) {
		free(err); /* the picker works without them */
		return;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ui->n_learners; k++) {
			if (strcmp(v[i].name, ui->learners[k]) != 0)
				continue;
			struct view *lv = view_new(ui->pack, &v[i].progress, NULL, 0);
			ui->learner_levels[k] = lv->level ? lv->level->level->title : NULL;
			view_free(lv);
		}
	store_cohort_free(v, n);
}

void ui_close(struct ui *ui)
{
	for (int i = 0; ui->screens && i < SCR_COUNT; i++)
		if (ui->screens[i]->close)
			ui->screens[i]->close(ui);
	for (int i = 0; i < SCR_COUNT; i++) {
		free(ui->list[i].rows);
		free(ui->list[i].vis);
		free(ui->list[i].anchor);
		tdoc_free(&ui->list[i].doc);
	}
	progress_free(&ui->progress);
	view_free(ui->view);
	evidence_free(ui->evidence, ui->n_evidence);
	review_free(ui->reviews, ui->n_reviews);
	free(ui->row_of);
	free(ui->scr_of);
	lineedit_free(&ui->edit);
	free_learners(ui);
	free(ui->note_id);
	free(ui->query);
	free(ui->matches);
	free(ui->learner);
	free(ui->msg);
	memset(ui, 0, sizeof *ui);
}

void ui_layout(struct ui *ui, int width, int list_h, int detail_h, int doc_h)
{
	bool relay = width != ui->width;

	ui->width = width;
	ui->list_h = list_h > 0 ? list_h : 1;
	ui->detail_h = detail_h;
	ui->doc_h = doc_h > 0 ? doc_h : 1;
	if (relay)
		ui_relayout_docs(ui, width);
	for (int s = 0; s < SCR_COUNT; s++)
		if (!ui_screen_is_doc(ui, s))
			ensure_visible(ui, &ui->list[s]);
}



/* ---- moving -------------------------------------------------------------- */

static void move_to(struct ui *ui, struct ui_list *l, long to)
{
	if (to < 0 || l->n_vis == 0)
		to = 0;
	else if ((size_t)to >= l->n_vis)
		to = (long)l->n_vis - 1;
	if (l->cur != (size_t)to)
		l->detail_top = 0;
	l->cur = (size_t)to;
	ensure_visible(ui, l);
}

static void doc_scroll(struct ui *ui, struct ui_list *l, long by)
{
	long max = (long)l->doc.n - ui->doc_h, top = (long)l->top + by;

	if (top > max)
		top = max;
	l->top = top < 0 ? 0 : (size_t)top;
}

static unsigned move(struct ui *ui, enum ui_action a)
{
	struct ui_list *l = &ui->list[ui->screen];
	long page = ui_screen_is_doc(ui, ui->screen) ? ui->doc_h : ui->list_h;
	long by = a == A_UP	   ? -1
		  : a == A_DOWN	   ? 1
		  : a == A_PAGE_UP ? -page
		  : a == A_PAGE_DOWN ? page
		  : a == A_HOME	   ? -(LONG_MAX / 4)
				   : LONG_MAX / 4;

	if (ui_screen_is_doc(ui, ui->screen))
		doc_scroll(ui, l, by);
	else
		move_to(ui, l, (long)l->cur + by);
	return UI_REDRAW;
}

/* Shows row (an index into rows): its ancestors open, the cursor on it. */
static void reveal(struct ui *ui, enum ui_screen s, size_t row)
{
	struct ui_list *l = &ui->list[s];

	if (ui->hide_done && row_done(&l->rows[row])) {
		/* Asked for (a search, an undo): shown, so H lets go. */
		ui->hide_done = false;
		for (int k = 0; k < SCR_COUNT; k++)
			ui_relist(ui, &ui->list[k]);
	}
	for (size_t i = 0; i < row; i++)
		if (l->rows[i].end > row)
			l->rows[i].open = true;
	ui_relist(ui, l);
	for (size_t i = 0; i < l->n_vis; i++)
		if (l->vis[i] == row)
			move_to(ui, l, (long)i);
	ui->screen = s;
}

/* Shows the entry with this id where it lives. */
bool ui_reveal_id(struct ui *ui, const char *id)
{
	for (int s = 0; s < SCR_COUNT; s++) {
		struct ui_list *l = &ui->list[s];
		if (!ui->screens[s]->home)
			continue;
		for (size_t i = 0; i < l->n_rows; i++)
			if (strcmp(l->rows[i].e.id, id) == 0) {
				reveal(ui, s, i);
				return true;
			}
		size_t line = doc_line_of(l, id);
		if (line < l->doc.n && l->anchor[line] &&
		    strcmp(l->anchor[line], id) == 0) {
			ui->screen = s;
			l->top = 0;
			doc_scroll(ui, l, (long)line);
			return true;
		}
	}
	return false;
}

static unsigned expand(struct ui *ui, enum ui_action a)
{
	struct ui_list *l = &ui->list[ui->screen];
	size_t row = cur_row(l);
	struct ui_row *r;

	if (ui_screen_is_doc(ui, ui->screen) || !l->n_vis)
		return 0;
	r = &l->rows[row];
	if (has_children(l, row) &&
	    (a == A_EXPAND || (a == A_OPEN) != r->open)) {
		r->open = !r->open;
		ui_relist(ui, l);
		ensure_visible(ui, l);
	} else if (a == A_OPEN && has_children(l, row)) {
		move_to(ui, l, (long)l->cur + 1);
	} else if (a == A_CLOSE) {
		size_t i = l->cur;
		while (i > 0 && l->rows[l->vis[i]].depth >= r->depth)
			i--;
		if (l->rows[l->vis[i]].depth < r->depth)
			move_to(ui, l, (long)i);
	}
	return UI_REDRAW;
}

/* ---- evidence ------------------------------------------------------------- */

static void prompt_open(struct ui *ui, enum ui_prompt kind, const char *text,
			size_t max);

/* The probes over dir (the learner's project folder, or NULL) and, unless
 * quiet, the live sources this learner asked last: each result that
 * changed goes into the log as evidence, and the view shows it. dir is
 * remembered as the folder P probes next when remember is set (a folder
 * typed here). Quiet (the tutor's start): the folder alone (a server
 * down must not hold up the start), said only when a result changed. A
 * source that cannot be asked is said on the status line; the others
 * still count. */
static unsigned probe_in(struct ui *ui, const char *dir, bool remember, bool quiet)
{
	struct probe_report rep;
	struct live_endpoints ep = {0};
	char *err = NULL, now[32], **failed = NULL;
	size_t count[PROBE_VERDICT_COUNT] = {0}, n_failed = 0, logged = 0;
	int rc;

	if (!quiet && store_probe_live(ui->store, ui->learner_id, &ep, &err)) {
		say_err(ui, err);
		return UI_REDRAW;
	}
	rc = quiet || !live_any(&ep)
		     ? probe_run_dir(ui->pack, dir, &rep, &err)
		     : live_run(ui->pack, dir, &ep, &rep, &failed, &n_failed, &err);
	live_endpoints_free(&ep);
	if (rc) {
		say_err(ui, err);
		return UI_REDRAW;
	}
	store_now(now);
	if ((remember && store_set_probe_dir(ui->store, ui->learner_id, dir, now, &err)) ||
	    store_record_probes(ui->store, ui->learner_id, &rep, now, &logged, &err)) {
		probe_report_free(&rep);
		for (size_t i = 0; i < n_failed; i++)
			free(failed[i]);
		free(failed);
		say_err(ui, err);
		return UI_REDRAW;
	}
	for (size_t i = 0; i < rep.n_results; i++)
		count[rep.results[i].verdict]++;
	probe_report_free(&rep);
	if (refresh(ui) == 0) {
		if (n_failed)
			ui_say(ui, true, "%s", failed[0]);
		else if (!quiet || logged)
			ui_say(ui, false, _("Probes: %zu verified, %zu contradicted, %zu not found."),
			    count[PROBE_VERIFIED], count[PROBE_CONTRADICTED],
			    count[PROBE_NOT_FOUND]);
	}
	for (size_t i = 0; i < n_failed; i++)
		free(failed[i]);
	free(failed);
	return UI_REDRAW;
}

/* P: the probes again over the folder and the live sources probed last;
 * with neither yet, the folder is asked for (the current one offered).
 * The tutor's start (quiet): the folder's probes, if there is one. */
static unsigned probe(struct ui *ui, bool quiet)
{
	struct live_endpoints ep = {0};
	char *dir = NULL, *err = NULL, cwd[4096];
	bool live = false;
	unsigned r;

	if (store_probe_dir(ui->store, ui->learner_id, &dir, &err) ||
	    (!quiet && store_probe_live(ui->store, ui->learner_id, &ep, &err))) {
		free(dir);
		say_err(ui, err);
		return UI_REDRAW;
	}
	live = live_any(&ep);
	live_endpoints_free(&ep);
	if (!dir && (quiet || !live)) {
		if (quiet)
			return 0;
		prompt_open(ui, PROMPT_PROBE, getcwd(cwd, sizeof cwd) ? cwd : NULL, 4096);
		ui_say(ui, false, "%s",
		       _("Your project's folder: Enter runs the probes over it, Esc "
			 "cancels."));
		return UI_REDRAW;
	}
	r = probe_in(ui, dir, false, quiet);
	free(dir);
	return r;
}

/* ---- changing progress ---------------------------------------------------- */

/* Whether every leaf of it is stored ticked, whatever the evidence says. */
static bool all_ticked(const struct ui *ui, const struct pack_item *it)
{
	const struct prog_state *ps;

	if (pack_item_is_leaf(it))
		return (ps = progress_state(&ui->progress, it->id)) && ps->done;
	for (size_t i = 0; i < it->n_items; i++)
		if (!all_ticked(ui, &it->items[i]))
			return false;
	return true;
}

/* What Space makes of a row: a tick, or its removal when it is ticked —
 * a contradicted tick is one (it does not count, but it is there); a
 * stale one is confirmed again. */
static bool toggle_to(const struct ui *ui, const struct ui_row *r)
{
	if (r->state != VS_CONTRADICTED)
		return r->state != VS_DONE;
	return r->e.kind == PACK_ITEM && !all_ticked(ui, r->e.u.item);
}

static unsigned toggle_row(struct ui *ui, const struct ui_row *r)
{
	struct prog_changes ch = {0};
	char now[32], *err = NULL;
	bool done = toggle_to(ui, r);

	switch (rules_can_tick(&r->e)) {
	case VIEW_OK:
		break;
	case VIEW_NOT_ATTESTED:
		ui_say(ui, false, "%s",
		    _("This criterion is met through the items it "
		      "requires; it takes no attestation."));
		return UI_REDRAW;
	default:
		ui_say(ui, false, "%s",
		    _("Select an item to tick it; Enter opens or "
		      "closes this group."));
		return UI_REDRAW;
	}
	progress_changes_add(&ch, &r->e, done);
	store_now(now);
	/* Committed before it is shown: the screen is drawn from what the
	 * store holds after the write. */
	if (store_apply(ui->store, ui->learner_id, ch.v, ch.n, now, NULL, &err))
		say_err(ui, err);
	progress_changes_free(&ch);
	if (refresh(ui) == 0)
		announce_level(ui);
	return UI_REDRAW;
}

static unsigned toggle(struct ui *ui)
{
	const struct ui_row *r = ui_current(ui);

	if (!r || !ui->screens[ui->screen]->toggle || !ui->screens[ui->screen]->home)
		return 0;
	return toggle_row(ui, r);
}

char *ui_entry_name(const struct ui *ui, const char *id)
{
	const struct pack_entry *e = pack_find(ui->pack, id);
	return markup_plain(e ? view_entry_text(e) : id);
}

const char *ui_state_word(const struct pack_entry *e, bool done)
{
	if (e && e->kind == PACK_MISTAKE)
		return done ? _("confirmed avoided") : _("not confirmed avoided");
	if (e && e->kind == PACK_CRITERION)
		return done ? _("attested") : _("not attested");
	return done ? _("ticked") : _("not ticked");
}

static bool now_done(const struct ui *ui, const char *id)
{
	const struct pack_entry *e = pack_find(ui->pack, id);
	return e && view_state_of(ui->view, e) == VS_DONE;
}

/* u and U (^R): through the core, so that the command line's undo and
 * the reports see the same steps; named as the screens name the entry. */
unsigned ui_undo(struct ui *ui, bool redo)
{
	struct store_undone u;
	char now[32], *err = NULL, *what;
	bool moved;

	store_now(now);
	if ((redo ? store_redo(ui->store, ui->pack, ui->learner_id, now, &u, &err)
		  : store_undo(ui->store, ui->pack, ui->learner_id, now, &u, &err))) {
		say_err(ui, err);
		return UI_REDRAW;
	}
	refresh(ui);
	if (!u.id) {
		ui_say(ui, false, "%s", redo ? _("Nothing to redo.") : _("Nothing to undo."));
		return UI_REDRAW;
	}
	/* From History the step just made shows on top; elsewhere the
	 * cursor goes to what changed. */
	if (ui->screens[ui->screen]->home || ui->screens[ui->screen]->doc)
		ui_reveal_id(ui, u.id);
	what = ui_entry_name(ui, u.id);
	moved = (ui->view->level ? ui->view->level->level : NULL) != ui->was_level;
	/* The new state (and level) first: at the footer's end a long name
	 * is what gives way. */
	if (u.note)
		ui_say(ui, false, redo ? _("Redone: the note of '%s'.") : _("Undone: the note of '%s'."),
		    what);
	else if (moved)
		ui_say(ui, false, redo ? _("Level: %s. Redone, now %s: '%s'.")
				       : _("Level: %s. Undone, now %s: '%s'."),
		    ui_level_title(ui), ui_state_word(pack_find(ui->pack, u.id), now_done(ui, u.id)), what);
	else
		ui_say(ui, false, redo ? _("Redone, now %s: '%s'.") : _("Undone, now %s: '%s'."),
		    ui_state_word(pack_find(ui->pack, u.id), now_done(ui, u.id)), what);
	free(what);
	ui->was_level = (ui->view->level ? ui->view->level->level : NULL);
	free(u.id);
	return UI_REDRAW;
}

/* A row ] and [ stop at: work still open there. */
static bool row_open(const struct ui_list *l, size_t i)
{
	const struct ui_row *r = &l->rows[i];

	switch (r->e.kind) {
	case PACK_ITEM:
		return !has_children(l, i) && r->state != VS_DONE;
	case PACK_MISTAKE:
		return r->state != VS_DONE;
	case PACK_CRITERION:
		return !r->met;
	default:
		return false;
	}
}

/* ] and [: the next (previous) row not done yet, in closed groups too,
 * wrapping around the screen's end. */
static unsigned next_open(struct ui *ui, bool back)
{
	struct ui_list *l = &ui->list[ui->screen];
	size_t n = l->n_rows, at = cur_row(l);

	if (!ui->screens[ui->screen]->home || !n) {
		ui_say(ui, false, "%s", _("] and [ go through the items, mistakes and "
				       "criteria not done yet."));
		return UI_REDRAW;
	}
	for (size_t k = 1; k <= n; k++) {
		size_t i = back ? (at + n - k) % n : (at + k) % n;
		if (!row_open(l, i))
			continue;
		reveal(ui, ui->screen, i);
		if (back ? i > at : i < at)
			ui_say(ui, false, "%s", back ? _("From the bottom again.")
						  : _("From the top again."));
		return UI_REDRAW;
	}
	ui_say(ui, false, "%s", _("Nothing left to do on this screen."));
	return UI_REDRAW;
}

static unsigned hide_done(struct ui *ui)
{
	ui->hide_done = !ui->hide_done;
	for (int s = 0; s < SCR_COUNT; s++)
		ui_relist(ui, &ui->list[s]);
	for (int s = 0; s < SCR_COUNT; s++)
		if (!ui->screens[s]->doc)
			ensure_visible(ui, &ui->list[s]);
	ui_say(ui, false, "%s", ui->hide_done ? _("Done rows hidden: H shows them again.")
					  : _("Every row shown."));
	return UI_REDRAW;
}


/* ---- prompts ---------------------------------------------------------------- */

static void prompt_open(struct ui *ui, enum ui_prompt kind, const char *text,
			size_t max)
{
	lineedit_free(&ui->edit);
	lineedit_init(&ui->edit, text, max);
	ui->prompt = kind;
	ui->mode = MODE_PROMPT;
}

/* ---- drafts: what was typed and not saved is kept in the store ---------- */

static const char *draft_kind(const struct ui *ui)
{
	return ui->prompt == PROMPT_NOTE	? "note"
	       : ui->prompt == PROMPT_DISPUTE ? "dispute"
	       : ui->prompt == PROMPT_LEARNER ? "learner"
					      : NULL;
}

/* The learner's dispute of the entry's contradiction, or NULL. */
static const char *dispute_text(const struct ui *ui, const char *id)
{
	const struct pack_entry *e = pack_find(ui->pack, id);
	const struct evidence *ev = e ? view_evidence(ui->view, e) : NULL;
	return ev && ev->verdict == PROBE_CONTRADICTED ? ev->dispute : NULL;
}

/* Keeps what the open editor holds as a draft (or drops the draft when
 * the text is what is saved already). */
static void keep_draft(struct ui *ui)
{
	const char *kind = draft_kind(ui), *text = ui->edit.buf;
	const struct prog_note *pn;
	char now[32], *err = NULL;

	if (!kind || ui->mode != MODE_PROMPT)
		return;
	pn = ui->prompt == PROMPT_NOTE ? progress_note(&ui->progress, ui->note_id)
				       : NULL;
	if (pn ? strcmp(pn->text, text) == 0 : ui->prompt == PROMPT_NOTE && !*text)
		text = "";
	if (ui->prompt == PROMPT_DISPUTE) {
		const char *was = dispute_text(ui, ui->note_id);
		if (was ? strcmp(was, text) == 0 : !*text)
			text = "";
	}
	store_now(now);
	if (store_draft_put(ui->store, ui->learner_id, kind,
			    ui->prompt == PROMPT_LEARNER ? "" : ui->note_id, text,
			    now, &err))
		say_err(ui, err);
	else if (*text)
		ui_say(ui, false, "%s", _("Draft kept: it comes back when you reopen this."));
}

void ui_keep_draft(struct ui *ui)
{
	keep_draft(ui);
}

/* Opens the note or name editor on its draft, if one was kept. */
static void prompt_open_draft(struct ui *ui, enum ui_prompt kind,
			      const char *saved, size_t max)
{
	char *draft = NULL, *err = NULL;

	if (store_draft_get(ui->store, ui->learner_id,
			    kind == PROMPT_NOTE	     ? "note"
			    : kind == PROMPT_DISPUTE ? "dispute"
						     : "learner",
			    kind == PROMPT_LEARNER ? "" : ui->note_id, &draft, &err))
		free(err);
	prompt_open(ui, kind, draft ? draft : saved, max);
	if (draft)
		ui_say(ui, false, "%s", _("Your unsaved draft is back."));
	free(draft);
}

static unsigned note(struct ui *ui)
{
	const struct ui_row *r = ui_current(ui);
	const struct prog_note *pn;

	if (!r || !ui->screens[ui->screen]->notes || rules_can_note(&r->e) != VIEW_OK) {
		ui_say(ui, false, "%s",
		    _("Notes belong to items, mistakes and criteria."));
		return UI_REDRAW;
	}
	free(ui->note_id);
	ui->note_id = xstrdup(r->e.id);
	pn = progress_note(&ui->progress, r->e.id);
	prompt_open_draft(ui, PROMPT_NOTE, pn ? pn->text : NULL, STORE_MAX_NOTE);
	return UI_REDRAW;
}

/* D: the dispute editor, on a tick the project contradicts (or one
 * already disputed, to change or withdraw it). */
static unsigned dispute(struct ui *ui)
{
	const struct ui_row *r = ui_current(ui);
	const struct evidence *ev = r && rules_can_note(&r->e) == VIEW_OK
					    ? view_evidence(ui->view, &r->e)
					    : NULL;

	if (!ev || ev->verdict != PROBE_CONTRADICTED) {
		ui_say(ui, false, "%s",
		       _("Only a probe's contradiction can be disputed: this row "
			 "has none."));
		return UI_REDRAW;
	}
	free(ui->note_id);
	ui->note_id = xstrdup(r->e.id);
	prompt_open_draft(ui, PROMPT_DISPUTE, ev->dispute, STORE_MAX_NOTE);
	return UI_REDRAW;
}

/* Saves the dispute editor's text as the learner's dispute of each
 * contradiction of the entry ("" withdraws it). */
static int save_dispute(struct ui *ui, const char *text, const char *now,
			char **err)
{
	struct evidence *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	for (size_t i = 0; i < ui->n_evidence; i++)
		if (strcmp(ui->evidence[i].entry_id, ui->note_id) == 0 &&
		    ui->evidence[i].verdict == PROBE_CONTRADICTED) {
			xgrow(&v, &cap, n + 1, sizeof *v);
			v[n++] = ui->evidence[i]; /* borrowed */
		}
	rc = store_dispute(ui->store, ui->learner_id, v, n, text, now, NULL, err);
	free(v);
	return rc;
}

static void add_match(struct ui *ui, size_t *cap, enum ui_screen s,
		      size_t row, const char *id)
{
	if (ui->n_matches && ui->matches[ui->n_matches - 1].screen == s &&
	    ui->matches[ui->n_matches - 1].id == id)
		return; /* one match per entry */
	xgrow(&ui->matches, cap, ui->n_matches + 1, sizeof *ui->matches);
	ui->matches[ui->n_matches++] = (struct ui_match){s, row, id};
}

static bool found(const struct ui *ui, const char *text)
{
	size_t n;
	return text && utf8_casefind(text, ui->query, &n);
}

static bool strv_found(const struct ui *ui, const struct pack_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (found(ui, v->v[i]))
			return true;
	return false;
}

/* Whether the query is anywhere in what the row shows, its note included. */
static bool row_found(const struct ui *ui, const struct ui_row *r)
{
	const struct prog_note *pn = progress_note(&ui->progress, r->e.id);

	if (found(ui, r->e.id) || (pn && found(ui, pn->text)))
		return true;
	switch (r->e.kind) {
	case PACK_SECTION:
		return found(ui, r->e.u.section->title) ||
		       found(ui, r->e.u.section->applies_when);
	case PACK_ITEM: {
		const struct pack_item *it = r->e.u.item;
		return found(ui, it->text) || found(ui, it->verify) ||
		       found(ui, it->rule) || strv_found(ui, &it->notes);
	}
	case PACK_MISTAKE: {
		const struct pack_mistake *m = r->e.u.mistake;
		return found(ui, m->title) || found(ui, m->error) ||
		       strv_found(ui, &m->symptoms) || found(ui, m->fix_text) ||
		       found(ui, m->fix_code.code) || found(ui, m->prevention);
	}
	case PACK_LEVEL:
		return found(ui, r->e.u.level->title);
	case PACK_CRITERION:
		return found(ui, r->e.u.criterion->text);
	default:
		return false;
	}
}

/* Whether the query is in a document's entry: a table, a takeaway. */
static bool doc_entry_found(const struct ui *ui, const struct pack_entry *e)
{
	if (e && e->kind == PACK_TABLE) {
		const struct pack_table *tb = e->u.table;
		bool hit = found(ui, tb->title) || found(ui, tb->source) ||
			   strv_found(ui, &tb->columns);
		for (size_t r = 0; r < tb->n_rows && !hit; r++)
			hit = strv_found(ui, &tb->rows[r]);
		return hit;
	}
	return e && e->kind == PACK_TAKEAWAY && found(ui, e->u.takeaway->text);
}

static void search_all(struct ui *ui)
{
	size_t cap = 0;

	free(ui->matches);
	ui->matches = NULL;
	ui->n_matches = ui->match = 0;
	for (int s = 0; s < SCR_COUNT; s++) {
		struct ui_list *l = &ui->list[s];
		if (!ui->screens[s]->home)
			continue;
		for (size_t i = 0; i < l->n_rows; i++)
			if (row_found(ui, &l->rows[i]))
				add_match(ui, &cap, s, i, l->rows[i].e.id);
	}
	/* The documents: by the entry each line shows, in the pack's words,
	 * so that neither markup nor where a line wraps hides a match. */
	for (int s = 0; s < SCR_COUNT; s++) {
		const struct ui_list *l = &ui->list[s];
		if (!ui->screens[s]->doc)
			continue;
		for (size_t i = 0; l->anchor && i < l->doc.n; i++) {
			const char *id = l->anchor[i];
			if (id && (i == 0 || l->anchor[i - 1] != id) &&
			    doc_entry_found(ui, pack_find(ui->pack, id)))
				add_match(ui, &cap, (enum ui_screen)s, i, id);
		}
	}
}

/* Whether a document line is a table's continuation line: its first
 * cell (before " │ ") shows nothing. */
static bool continues_row(const struct tline *t)
{
	const char *sep = strstr(t->s, " \xE2\x94\x82 ");
	if (!sep)
		return false;
	for (const char *c = t->s; c < sep; c++)
		if (*c != ' ')
			return false;
	return true;
}

/* Where a jump to line (of the entry starting at first) puts the top:
 * the entry's start (its title, a table's header) when the line is in
 * sight from there; else the start of the table row the line is in, so
 * that the row's label shows, never a continuation line alone. */
static size_t table_top(const struct ui *ui, const struct ui_list *l, size_t first,
			size_t line)
{
	size_t h = ui->doc_h > 0 ? (size_t)ui->doc_h : 1;

	if (line >= first && line - first < h)
		return first;
	while (line > first && continues_row(&l->doc.v[line]))
		line--;
	return line;
}

static void show_match(struct ui *ui)
{
	const struct ui_match *m = &ui->matches[ui->match];

	if (ui_screen_is_doc(ui, m->screen)) {
		/* The entry's first line that shows the query, as laid out now. */
		struct ui_list *l = &ui->list[m->screen];
		size_t line = doc_line_of(l, m->id);
		for (size_t i = line; i < l->doc.n && l->anchor[i] == m->id; i++)
			if (found(ui, l->doc.v[i].s)) {
				line = i;
				break;
			}
		ui->screen = m->screen;
		l->top = 0;
		doc_scroll(ui, l, (long)table_top(ui, l, doc_line_of(l, m->id), line));
	} else {
		reveal(ui, m->screen, m->row);
	}
	ui_say(ui, false, _("Match %zu of %zu for '%s' (n: next, N: previous)"),
	    ui->match + 1, ui->n_matches, ui->query);
}

static void search(struct ui *ui, const char *query)
{
	struct ui_list *l = &ui->list[ui->screen];
	size_t here = ui_screen_is_doc(ui, ui->screen) ? l->top : cur_row(l);

	free(ui->query);
	ui->query = xstrdup(query);
	search_all(ui);
	if (!ui->n_matches) {
		ui_say(ui, true, _("Not found: '%s'"), query);
		return;
	}
	/* The first match from the cursor on, wrapping around. */
	for (size_t i = 0; i < ui->n_matches; i++) {
		const struct ui_match *m = &ui->matches[i];
		if (m->screen > ui->screen ||
		    (m->screen == ui->screen && m->row >= here)) {
			ui->match = i;
			break;
		}
	}
	show_match(ui);
}

static unsigned next_match(struct ui *ui, bool back)
{
	if (!ui->query || !*ui->query) {
		ui_say(ui, false, "%s", _("Search first: press /"));
		return UI_REDRAW;
	}
	if (!ui->n_matches) {
		ui_say(ui, true, _("Not found: '%s'"), ui->query);
		return UI_REDRAW;
	}
	ui->match = back ? (ui->match + ui->n_matches - 1) % ui->n_matches
			 : (ui->match + 1) % ui->n_matches;
	show_match(ui);
	return UI_REDRAW;
}

/* ---- learners --------------------------------------------------------------- */

static void switch_learner(struct ui *ui, const char *name)
{
	int64_t id, was = ui->learner_id;
	char *err = NULL;

	if (store_learner_find(ui->store, name, &id, &err)) {
		say_err(ui, err);
		return;
	}
	ui->learner_id = id;
	if (reload(ui, true) != 0) {
		ui->learner_id = was; /* still the old learner's progress */
		return;
	}
	free(ui->learner);
	ui->learner = xstrdup(name);
	ui->mode = MODE_NORMAL;
	/* The project may have changed since the last run: the evidence
	 * is brought up to date before the learner reads a verdict. */
	probe(ui, true);
	ui->was_level = (ui->view->level ? ui->view->level->level : NULL);
	screens_open(ui);
	ui_relayout_docs(ui, ui->width);
	ui_say(ui, false, _("Learner: %s"), name);
}

unsigned ui_poll(struct ui *ui)
{
	int v;

	if (ui->mode != MODE_NORMAL || store_data_version(ui->store, &v) ||
	    v == ui->data_version)
		return 0;
	ui->data_version = v;
	if (refresh(ui) == 0)
		announce_level(ui);
	return UI_REDRAW;
}

void ui_welcome(struct ui *ui)
{
	bool seen = false;
	char *err = NULL;

	if (store_seen(ui->store, ui->learner_id, "welcome", &seen, &err)) {
		free(err);
		return; /* not worth a message: the tutor works without it */
	}
	if (!seen) {
		ui->mode = MODE_WELCOME;
		ui->help_top = 0;
	}
}

void ui_pick_learner(struct ui *ui)
{
	char *err = NULL;

	free_learners(ui);
	if (store_learner_list(ui->store, &ui->learners, &ui->n_learners, &err)) {
		say_err(ui, err);
		return;
	}
	learner_levels(ui);
	ui->picked = 0;
	for (size_t i = 0; i < ui->n_learners; i++)
		if (strcmp(ui->learners[i], ui->learner) == 0)
			ui->picked = i;
	ui->mode = MODE_LEARNERS;
}

static unsigned picker(struct ui *ui, enum ui_action a)
{
	size_t last = ui->n_learners; /* the "new learner" entry */

	switch (a) {
	case A_UP:
		ui->picked = ui->picked ? ui->picked - 1 : 0;
		break;
	case A_DOWN:
		ui->picked = ui->picked < last ? ui->picked + 1 : last;
		break;
	case A_HOME:
	case A_PAGE_UP:
		ui->picked = 0;
		break;
	case A_END:
	case A_PAGE_DOWN:
		ui->picked = last;
		break;
	case A_ACCEPT:
	case A_EXPAND:
	case A_TOGGLE:
	case A_OPEN:
		if (ui->picked == last)
			prompt_open_draft(ui, PROMPT_LEARNER, NULL, STORE_MAX_NAME);
		else
			switch_learner(ui, ui->learners[ui->picked]);
		break;
	case A_CANCEL:
	case A_QUIT:
	case A_LEARNER:
		ui->mode = MODE_NORMAL;
		break;
	default:
		return 0;
	}
	return UI_REDRAW;
}

/* ---- prompt keys ------------------------------------------------------------ */

static void accept_prompt(struct ui *ui)
{
	char now[32], *err = NULL;
	const char *text = ui->edit.buf;

	ui->mode = MODE_NORMAL;
	switch (ui->prompt) {
	case PROMPT_SEARCH:
		if (*text)
			search(ui, text);
		break;
	case PROMPT_NOTE:
		store_now(now);
		if (store_set_note(ui->store, ui->learner_id,
				   pack_find(ui->pack, ui->note_id), text, now,
				   &err)) {
			say_err(ui, err);
			ui->mode = MODE_PROMPT; /* the text is not lost */
			break;
		}
		free(err);
		err = NULL;
		if (store_draft_put(ui->store, ui->learner_id, "note", ui->note_id,
				    "", now, &err))
			free(err);
		if (refresh(ui) == 0)
			ui_say(ui, false, *text ? _("Note saved.") : _("Note cleared."));
		break;
	case PROMPT_DISPUTE:
		store_now(now);
		if (save_dispute(ui, text, now, &err)) {
			say_err(ui, err);
			ui->mode = MODE_PROMPT; /* the text is not lost */
			break;
		}
		if (store_draft_put(ui->store, ui->learner_id, "dispute", ui->note_id,
				    "", now, &err))
			free(err);
		if (refresh(ui) == 0) {
			/* The new level first, then what was saved. */
			announce_level(ui);
			ui_say(ui, false, *text ? _("Level: %s. Dispute saved: the tick "
						    "counts again, and your instructor "
						    "sees why.")
						: _("Level: %s. Dispute withdrawn: the "
						    "contradiction counts again."),
			       ui_level_title(ui));
		}
		break;
	case PROMPT_PROBE: {
		/* Kept as the command line keeps it: the real path. */
		char *real = realpath(text, NULL);
		if (!real) {
			ui_say(ui, true, "%s: %s", text, strerror(errno));
			break;
		}
		probe_in(ui, real, true, false);
		free(real);
		break;
	}
	case PROMPT_LEARNER:
		store_now(now);
		if (store_learner_add(ui->store, text, now, &err)) {
			say_err(ui, err);
			ui->mode = MODE_PROMPT; /* let them fix the name */
			break;
		}
		if (store_draft_put(ui->store, ui->learner_id, "learner", "", "",
				    now, &err))
			free(err);
		switch_learner(ui, text);
		/* Their first start of the tutor is now: the welcome too. */
		ui_welcome(ui);
		break;
	}
}

unsigned ui_edit(struct ui *ui, enum le_op op)
{
	if (ui->mode != MODE_PROMPT)
		return 0;
	lineedit_op(&ui->edit, op);
	return UI_REDRAW;
}

unsigned ui_type(struct ui *ui, unsigned cp)
{
	if (ui->mode != MODE_PROMPT)
		return 0;
	if (!lineedit_insert(&ui->edit, cp) && ui->edit.len + 4 > ui->edit.max)
		ui_say(ui, true, _("That is as long as it can be (%zu bytes)."),
		    ui->edit.max);
	return UI_REDRAW;
}

/* ---- the action table --------------------------------------------------------- */

static unsigned screen_to(struct ui *ui, int s)
{
	ui->screen = (enum ui_screen)((s + SCR_COUNT) % SCR_COUNT);
	if (ui->screens[ui->screen]->enter)
		ui->screens[ui->screen]->enter(ui, &ui->list[ui->screen]);
	return UI_REDRAW;
}

static unsigned detail_scroll(struct ui *ui, int by)
{
	struct ui_list *l = &ui->list[ui->screen];
	struct tdoc d = {0};
	long max, top;

	if (ui_screen_is_doc(ui, ui->screen))
		return move(ui, by > 0 ? A_DOWN : A_UP);
	ui_detail(ui, ui->width, &d);
	max = (long)d.n - ui->detail_h;
	top = (long)l->detail_top + by;
	if (top > max)
		top = max;
	l->detail_top = top < 0 ? 0 : (size_t)top;
	tdoc_free(&d);
	return UI_REDRAW;
}

unsigned ui_do(struct ui *ui, enum ui_action a)
{
	if (a != A_NONE) {
		free(ui->msg);
		ui->msg = NULL;
	}
	if (ui->mode == MODE_WELCOME && a != A_UP && a != A_DOWN && a != A_PAGE_UP &&
	    a != A_PAGE_DOWN) {
		if (a == A_QUIT)
			return UI_QUIT;
		if (a == A_EXPAND || a == A_ACCEPT || a == A_TOGGLE) {
			char now[32], *err = NULL;
			store_now(now);
			if (store_set_seen(ui->store, ui->learner_id, "welcome", now, &err))
				say_err(ui, err);
		} else if (a != A_CANCEL) {
			return a == A_NONE ? 0 : UI_REDRAW;
		}
		ui->mode = MODE_NORMAL;
		return UI_REDRAW;
	}
	if (ui->mode == MODE_HELP || ui->mode == MODE_WELCOME) {
		/* A page is the box's lines, less one kept for context: a
		 * page down never skips a line. */
		size_t page = ui->help_h > 2 ? (size_t)ui->help_h - 1 : 1;
		size_t by = a == A_PAGE_UP || a == A_PAGE_DOWN ? page : 1;
		if (a == A_UP || a == A_PAGE_UP)
			ui->help_top -= ui->help_top < by ? ui->help_top : by;
		else if (a == A_DOWN || a == A_PAGE_DOWN)
			ui->help_top = ui->help_top + by < ui->help_max
					       ? ui->help_top + by
					       : ui->help_max;
		else /* any other key, bound or not */
			ui->mode = MODE_NORMAL;
		return UI_REDRAW;
	}
	if (ui->mode == MODE_LEARNERS)
		return picker(ui, a);
	if (ui->mode == MODE_PROMPT) {
		if (a == A_ACCEPT) {
			accept_prompt(ui);
		} else if (a == A_CANCEL) {
			keep_draft(ui);
			ui->mode = MODE_NORMAL;
		}
		else
			return 0;
		return UI_REDRAW;
	}
	if (ui->screens[ui->screen]->key) {
		unsigned r = ui->screens[ui->screen]->key(ui, a);
		if (r)
			return r;
	}
	switch (a) {
	case A_NONE:
	case A_ACCEPT:
	case A_CANCEL:
		return a == A_NONE ? 0 : UI_REDRAW;
	case A_QUIT:
		return UI_QUIT;
	case A_UP:
	case A_DOWN:
	case A_PAGE_UP:
	case A_PAGE_DOWN:
	case A_HOME:
	case A_END:
		return move(ui, a);
	case A_TOGGLE:
		return toggle(ui);
	case A_EXPAND:
	case A_OPEN:
	case A_CLOSE:
		return expand(ui, a);
	case A_NOTE:
		return note(ui);
	case A_DISPUTE:
		return dispute(ui);
	case A_SEARCH:
		/* Empty, for a new search: n and N repeat the last one. */
		prompt_open(ui, PROMPT_SEARCH, NULL, 256);
		return UI_REDRAW;
	case A_NEXT:
	case A_PREV:
		return next_match(ui, a == A_PREV);
	case A_HELP:
		ui->mode = MODE_HELP;
		ui->help_top = 0;
		return UI_REDRAW;
	case A_LEARNER:
		ui_pick_learner(ui);
		return UI_REDRAW;
	case A_UNDO:
	case A_REDO:
		return ui_undo(ui, a == A_REDO);
	case A_NEXT_OPEN:
	case A_PREV_OPEN:
		return next_open(ui, a == A_PREV_OPEN);
	case A_HIDE:
		return hide_done(ui);
	case A_RELOAD:
		if (reload(ui, true) == 0)
			announce_level(ui);
		return UI_REDRAW;
	case A_PROBE:
		return probe(ui, false);
	case A_DETAIL_DOWN:
	case A_DETAIL_UP:
		return detail_scroll(ui, a == A_DETAIL_DOWN ? 1 : -1);
	case A_SCREEN_NEXT:
		return screen_to(ui, (int)ui->screen + 1);
	case A_SCREEN_PREV:
		return screen_to(ui, (int)ui->screen - 1);
	default:
		if (a >= A_SCREEN_1 && a <= A_SCREEN_LAST)
			return screen_to(ui, (int)(a - A_SCREEN_1));
		return 0;
	}
}

unsigned ui_click(struct ui *ui, size_t i, bool toggle_it)
{
	struct ui_list *l = &ui->list[ui->screen];

	if (ui->mode != MODE_NORMAL || ui_screen_is_doc(ui, ui->screen) || i >= l->n_vis)
		return 0;
	free(ui->msg);
	ui->msg = NULL;
	move_to(ui, l, (long)i);
	return toggle_it ? toggle(ui) : UI_REDRAW;
}

unsigned ui_scroll(struct ui *ui, bool detail, int n)
{
	struct ui_list *l = &ui->list[ui->screen];

	if (ui->mode == MODE_HELP)
		return ui_do(ui, n > 0 ? A_DOWN : A_UP);
	if (ui->mode != MODE_NORMAL)
		return 0;
	if (detail)
		return detail_scroll(ui, n);
	if (ui_screen_is_doc(ui, ui->screen)) {
		doc_scroll(ui, l, n);
	} else {
		/* The wheel moves the view; the cursor follows only as far as
		 * it must to stay on screen. */
		long top = (long)l->top + n, h = ui->list_h;
		long max = (long)l->n_vis - h;
		l->top = top > max ? (max > 0 ? (size_t)max : 0)
				   : top < 0 ? 0 : (size_t)top;
		if (l->cur < l->top)
			move_to(ui, l, (long)l->top);
		else if (l->cur >= l->top + (size_t)h)
			move_to(ui, l, (long)(l->top + (size_t)h) - 1);
	}
	return UI_REDRAW;
}
