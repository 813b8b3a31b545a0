/* SPDX-License-Identifier: MIT */
/* The History screen: the learner's changes, undos and redos from the
 * event log, newest first, in local time and named by their text. u and
 * U (^R) undo and redo from here as anywhere (through the core); Enter
 * goes to the entry a step changed. The log is read when the screen
 * shows and again after every change while it does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "selfgrade/progress.h"
#include "selfgrade/xalloc.h"
#include "tui/i18n.h"
#include "tui/model.h"
#include "tui/screen_data.h"

struct ui_history *ui_history_state(struct ui *ui)
{
	if (!ui->data[SCR_HISTORY])
		ui->data[SCR_HISTORY] = xcalloc(1, sizeof(struct ui_history));
	return ui->data[SCR_HISTORY];
}

static void history_clear(struct ui_history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].id);
		free(h->v[i].at);
		free(h->v[i].field);
		free(h->v[i].old);
		free(h->v[i].new_);
	}
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

void ui_history_free(struct ui *ui)
{
	struct ui_history *h = ui->data[SCR_HISTORY];

	if (h)
		history_clear(h);
	free(h);
	ui->data[SCR_HISTORY] = NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The entry a batch of several events stands for: the item all of them
 * are under (a parent's toggle ticks its leaves), else the first. */
static const char *batch_id(const struct ui *ui, const struct prog_event *v,
                            size_t from, size_t to)
{
	const struct pack_entry *e = pack_find(ui->pack, v[from].item_id);

	if (to - from < 2 || !e || e->kind != PACK_ITEM)
		return v[from].item_id;
	for (const struct pack_item *a = e->u.item->parent; a; a = a->parent) {
		size_t k = from;
		for (; k < to; k++) {
			const struct pack_entry *x =
			    pack_find(ui->pack, v[k].item_id);
			const struct pack_item *p =
			    x && x->kind == PACK_ITEM ? x->u.item : NULL;
			while (p && p != a)
				p = p->parent;
			if (!p)
				break;
		}
		if (k == to)
			return a->id;
	}
	return v[from].item_id;
}

static void load(struct ui *ui, struct ui_list *l)
{
	struct ui_history *h = ui_history_state(ui);
	struct prog_event *ev;
	enum prog_step_kind *kind;
	bool *undone;
	size_t n, m = 0, cap = 0, keep_at = l->n_vis ? l->cur : 0;
	long long keep =
	    l->n_vis && l->vis[l->cur] < h->n ? h->v[l->vis[l->cur]].batch : 0;
	char *err = NULL;

	h->stale = false;
	if (store_events(ui->store, ui->learner_id, &ev, &n, &err)) {
		ui_say(ui, true, "%s", err);
		free(err);
		return;
	}
	history_clear(h);
	free(l->rows);
	l->rows = NULL;
	l->n_rows = 0;
	/* The done and note events, as undo sees them. */
	for (size_t i = 0; i < n; i++)
		if (progress_is_step(&ev[i]))
			ev[m++] = ev[i];
		else
			prog_event_clear(&ev[i]);
	kind = xmalloc((m ? m : 1) * sizeof *kind);
	undone = xmalloc((m ? m : 1) * sizeof *undone);
	progress_event_steps(ev, m, kind, undone);
	h->v = xmalloc((m ? m : 1) * sizeof *h->v);
	for (size_t to = m; to > 0;) {
		size_t from = to - 1;
		struct ui_step *s = &h->v[h->n];
		const struct prog_event *e;
		struct pack_entry pe = {0};
		const struct pack_entry *found;
		while (from > 0 && progress_batch(&ev[from - 1]) == progress_batch(&ev[to - 1]))
			from--;
		e = &ev[from];
		*s = (struct ui_step){
		    .id = xstrdup(batch_id(ui, ev, from, to)),
		    .at = dup_or_null(e->at),
		    .field = xstrdup(e->field),
		    .old = dup_or_null(e->old),
		    .new_ = dup_or_null(e->new_),
		    .n = to - from,
		    .kind = (int)kind[from],
		    .undone = undone[from],
		    .batch = progress_batch(&ev[from]),
		    .undoes = ev[from].undoes,
		};
		found = pack_find(ui->pack, s->id);
		if (found)
			pe = *found;
		else
			pe.id = s->id;
		ui_add_row(l, &cap, pe, 0)->end = l->n_rows;
		l->rows[l->n_rows - 1].ref = h->n++;
		to = from;
	}
	prog_events_free(ev, m);
	free(kind);
	free(undone);
	/* The cursor stays on its step, or where it was. */
	l->cur = 0;
	ui_relist(ui, l);
	for (size_t i = 0; i < l->n_vis; i++)
		if (h->v[l->vis[i]].batch == keep)
			keep_at = i;
	l->cur = keep_at < l->n_vis ? keep_at : 0;
	if (!keep && l->n_vis)
		l->cur = 0;
}

static void refresh(struct ui *ui, struct ui_list *l, bool full)
{
	(void)full;
	if (ui->screen == SCR_HISTORY)
		load(ui, l);
	else
		ui_history_state(ui)->stale = true;
}

static void enter(struct ui *ui, struct ui_list *l)
{
	if (ui_history_state(ui)->stale || !ui_history_state(ui)->v)
		load(ui, l);
}

/* A logged UTC time as local time, "2026-11-22 03:12". */
static void local_time(const char *iso, char out[32])
{
	struct tm tm = {0};
	time_t t;

	if (!iso ||
	    sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	           &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, 32, "%.16s", iso ? iso : "");
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (!localtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, 32, "%.16s", iso);
}

/* What a step did, in words. */
static const char *step_word(const struct ui *ui, const struct ui_step *s)
{
	const struct pack_entry *e = pack_find(ui->pack, s->id);
	bool on = s->new_ && strcmp(s->new_, "1") == 0;

	if (s->kind == STEP_UNDO)
		return _("undone");
	if (s->kind == STEP_REDO)
		return _("redone");
	if (strcmp(s->field, "note") == 0)
		return s->new_ && *s->new_ ? _("note") : _("note cleared");
	if (e && e->kind == PACK_MISTAKE)
		return on ? _("confirmed") : _("unconfirmed");
	if (e && e->kind == PACK_CRITERION)
		return on ? _("attested") : _("unattested");
	return on ? _("ticked") : _("unticked");
}

/* "2026-11-22 03:12  ticked       text": a step taken back is dimmed and
 * marked ↶ before its time, and a step of several entries says how many
 * more ("+2"), where a narrow line does not cut them off. */
static void row_text(const struct ui *ui, const struct ui_row *r,
                     struct tdoc *out)
{
	const struct ui_step *s = &ui_history_state((struct ui *)ui)->v[r->ref];
	char when[32], *lead, *word, *name = ui_entry_name(ui, s->id);
	int pad;

	local_time(s->at, when);
	word = s->n > 1 ? xasprintf("%s +%zu", step_word(ui, s), s->n - 1)
	                : xstrdup(step_word(ui, s));
	/* Padded by display width: Russian letters take two bytes. */
	pad = 15 - text_width(word, strlen(word));
	lead = xasprintf("%s %s  %s%*s", s->undone ? "↶" : " ", when, word,
	                 pad > 1 ? pad : 1, "");
	memset(out, 0, sizeof *out);
	tdoc_para(out, name, 1 << 20, 0, lead, s->undone ? TS_DIM : TS_BOLD,
	          s->undone ? TS_DIM : 0, false);
	free(word);
	free(lead);
	free(name);
}

static void detail(const struct ui *ui, const struct ui_row *r, int w,
                   struct tdoc *d)
{
	const struct ui_step *s = &ui_history_state((struct ui *)ui)->v[r->ref];
	char when[32], *name = ui_entry_name(ui, s->id), *line;

	local_time(s->at, when);
	tdoc_para(d, name, w, 0, NULL, 0, TS_BOLD, false);
	line = s->n > 1 ? xasprintf(_("%s, %s (entries: %zu)"), when,
	                            step_word(ui, s), s->n)
	                : xasprintf("%s, %s", when, step_word(ui, s));
	tdoc_para(d, line, w, 0, NULL, 0, 0, false);
	free(line);
	/* An undo or redo says what it left: the state it set. */
	if (s->kind != STEP_CHANGE && strcmp(s->field, "done") == 0) {
		line = xasprintf(_("After it: %s."),
		                 ui_state_word(pack_find(ui->pack, s->id),
		                               s->new_ && strcmp(s->new_, "1") == 0));
		tdoc_para(d, line, w, 0, NULL, 0, 0, false);
		free(line);
	}
	if (strcmp(s->field, "note") == 0 && s->kind == STEP_CHANGE) {
		tdoc_para(d, s->old && *s->old ? s->old : "—", w, 0,
		          _("Before: "), TS_BOLD, 0, false);
		tdoc_para(d, s->new_ && *s->new_ ? s->new_ : "—", w, 0,
		          _("After: "), TS_BOLD, 0, false);
	}
	if (s->undone)
		tdoc_para(d,
		          s->kind == STEP_UNDO ? _("↶ Taken back by a redo.")
		                               : _("↶ Taken back by an undo."),
		          w, 0, NULL, 0, TS_DIM, false);
	tdoc_blank(d);
	tdoc_para(d,
	          _("Enter goes to it; u undoes the newest change, U (^R) "
	            "redoes the newest undo."),
	          w, 0, NULL, 0, TS_DIM, false);
	free(name);
}

static unsigned key(struct ui *ui, enum ui_action a)
{
	const struct ui_row *r = ui_current(ui);

	if (a == A_TOGGLE)
		return UI_REDRAW; /* nothing is ticked from here */
	if (a != A_EXPAND && a != A_OPEN)
		return 0;
	if (!r || !ui_reveal_id(ui, r->e.id))
		ui_say(ui, false, "%s",
		       _("That entry is not in this pack any more."));
	return UI_REDRAW;
}

const struct ui_screen_ops ui_screen_history = {
    .name = N_("History"),
    /* TRANSLATORS: the History tab where the bar is narrow. */
    .short_name = N_("Hist"),
    .empty = N_("No changes yet: what you tick, note, undo and redo is listed here, "
		"newest first."),
    .refresh = refresh,
    .close = ui_history_free,
    .enter = enter,
    .key = key,
    .row_text = row_text,
    .detail = detail,
};
