/* SPDX-License-Identifier: MIT */
/* The study screen's model: a session over the cards due now. Space
 * starts it and reveals each answer, 1-4 grade (again, hard, good, easy),
 * a-d pick among a table card's choices first if one likes (a wrong pick
 * is graded hard at best); every answer is saved before the next card
 * shows. Drawn as the screen's document, a mistake's parts as the
 * details pane draws them (detail.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/xalloc.h"
#include "tui/detail.h"
#include "tui/i18n.h"
#include "tui/model.h"
#include "tui/screen_data.h"

struct ui_study *ui_study_state(const struct ui *ui)
{
	return ui->data[SCR_STUDY];
}

static void study_clear(struct ui_study *st)
{
	study_deck_free(&st->deck);
	free(st->states);
	free(st->known);
	free(st->queue);
	free(st->answered);
	memset(st, 0, sizeof *st);
}

void ui_study_free(struct ui *ui)
{
	struct ui_study *st = ui->data[SCR_STUDY];

	if (st)
		study_clear(st);
	free(st);
	ui->data[SCR_STUDY] = NULL;
}

/* The deck and this learner's schedule; a session in progress ends. */
void ui_study_load(struct ui *ui)
{
	struct ui_study *st = ui->data[SCR_STUDY];
	struct store_study *v;
	size_t n;
	char *err = NULL;

	if (!st)
		st = ui->data[SCR_STUDY] = xcalloc(1, sizeof *st);
	study_clear(st);
	st->picked = -1;
	study_deck_build(ui->pack, &st->deck);
	st->states = xcalloc(st->deck.n + 1, sizeof *st->states);
	st->known = xcalloc(st->deck.n + 1, sizeof *st->known);
	st->answered = xcalloc(st->deck.n + 1, sizeof *st->answered);
	if (store_study_states(ui->store, ui->learner_id, &v, &n, &err)) {
		free(ui->msg);
		ui->msg = err;
		ui->msg_error = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct study_card *c = study_deck_find(&st->deck, v[i].card_id);
		if (!c) {
			st->n_retired++; /* kept in the store, never asked */
			continue;
		}
		st->states[c - st->deck.v] = v[i].state;
		st->known[c - st->deck.v] = true;
	}
	store_study_free(v, n);
}

/* The cards due now, as deck indices; n_new counts the new ones. */
static size_t due_now(struct ui *ui, size_t **out, size_t *n_new)
{
	struct ui_study *st = ui_study_state(ui);
	const struct study_state **states = xcalloc(st->deck.n + 1, sizeof *states);
	struct study_item *items = xcalloc(st->deck.n + 1, sizeof *items);
	size_t n;

	for (size_t i = 0; i < st->deck.n; i++)
		states[i] = st->known[i] ? &st->states[i] : NULL;
	n = study_due(&st->deck, states, ui->clock(), STUDY_NEW_PER_DAY, items);
	*out = xmalloc((n + 1) * sizeof **out);
	*n_new = 0;
	for (size_t i = 0; i < n; i++) {
		(*out)[i] = (size_t)(items[i].card - st->deck.v);
		*n_new += items[i].state == NULL;
	}
	free(states);
	free(items);
	return n;
}

static void start(struct ui *ui)
{
	struct ui_study *st = ui_study_state(ui);
	char now[32], *err = NULL;
	size_t n_new;

	free(st->queue);
	st->n_queue = due_now(ui, &st->queue, &n_new);
	st->at = st->seen = st->first_right = 0;
	st->n_cards = st->n_queue;
	/* A session's time is its own: nothing of an earlier one's. */
	st->started = st->last_answer = 0;
	st->done = st->revealed = false;
	st->picked = -1;
	memset(st->answered, 0, st->deck.n * sizeof *st->answered);
	if (!st->n_queue) {
		st->done = true;
		return;
	}
	store_now(now);
	if (store_session_begin(ui->store, ui->learner_id, now, &st->session, &err)) {
		free(ui->msg);
		ui->msg = err;
		ui->msg_error = true;
		return;
	}
	st->started = ui->clock();
	st->active = true;
}

/* The session is over (its time stopped at its last answer). */
static void end(struct ui *ui)
{
	ui_study_state(ui)->active = false;
	ui_study_state(ui)->done = true;
}

static bool wrong_pick(const struct ui_study *st, const struct study_card *c)
{
	return st->picked >= 0 && strcmp(c->choices[st->picked], c->answer) != 0;
}

static void grade(struct ui *ui, enum study_grade g)
{
	struct ui_study *st = ui_study_state(ui);
	size_t i = st->queue[st->at];
	struct study_state next;
	bool first = !st->answered[i], wrong = wrong_pick(st, &st->deck.v[i]);
	char now[32], *err = NULL;

	int64_t asked = ui->clock();

	g = study_grade_capped(g, wrong);
	study_answer(st->known[i] ? &st->states[i] : NULL, g, asked, &next);
	store_now(now);
	/* Saved before the next card shows; on failure the card stays. */
	if (store_study_answer(ui->store, ui->learner_id, st->session,
			       st->deck.v[i].id, &next, (int)g, asked,
			       first && study_is_right(g, wrong), now, &err)) {
		free(ui->msg);
		ui->msg = err;
		ui->msg_error = true;
		return;
	}
	st->states[i] = next;
	st->known[i] = true;
	if (first) {
		st->seen++;
		st->first_right += study_is_right(g, wrong);
	}
	st->answered[i] = true;
	st->last_answer = asked;
	/* Forgotten: asked again at the end of this session. */
	if (g == GRADE_AGAIN) {
		st->queue = xrealloc(st->queue, (st->n_queue + 1) * sizeof *st->queue);
		st->queue[st->n_queue++] = i;
	}
	st->at++;
	st->revealed = false;
	st->picked = -1;
	if (st->at >= st->n_queue)
		end(ui);
}

unsigned ui_study_do(struct ui *ui, enum ui_action a)
{
	struct ui_study *st = ui_study_state(ui);
	const struct study_card *c = st->active ? &st->deck.v[st->queue[st->at]] : NULL;
	unsigned r = UI_REDRAW;

	if (a == A_TOGGLE && !st->active)
		start(ui);
	else if (a == A_TOGGLE && !st->revealed)
		st->revealed = true;
	else if (a >= A_CHOICE_1 && a <= A_CHOICE_4 && c && !st->revealed &&
		 (size_t)(a - A_CHOICE_1) < c->n_choices) {
		st->picked = (int)(a - A_CHOICE_1);
		st->revealed = true;
	} else if (a >= A_SCREEN_1 && a < A_SCREEN_1 + 4 && c && st->revealed)
		grade(ui, (enum study_grade)(GRADE_AGAIN + (a - A_SCREEN_1)));
	else if (a >= A_SCREEN_1 && a <= A_SCREEN_LAST && c) {
		/* While a card is up the digits grade and nothing else: a
		 * digit pressed too early must not leave the card (nor show
		 * a screen that gives the answer away). */
		ui_say(ui, false, "%s", st->revealed ? _("Grade it with 1-4.")
						     : _("Space shows the answer first."));
		return UI_REDRAW;
	} else if (a == A_CANCEL && st->active) {
		/* Leaving mid-session loses nothing: every answer is saved. */
		end(ui);
	} else
		r = 0;
	if (r)
		ui_relayout_docs(ui, ui->width);
	return r;
}

/* ---- the document ------------------------------------------------------------ */

static const char *question(enum study_kind k)
{
	switch (k) {
	case CARD_SYMPTOMS:
		return _("Which mistake shows these symptoms?");
	case CARD_FIX:
		return _("How is it fixed, and how is it prevented?");
	case CARD_TAKEAWAY:
		return _("The key takeaway that begins:");
	case CARD_TABLE:
		return _("From the reference tables:");
	case CARD_RULE:
		return _("The CRITICAL rule for:");
	default:
		return _("How do you verify it?");
	}
}

void ui_study_interval(int64_t secs, char out[32])
{
	long long m = (secs + 59) / 60, days = (secs + STUDY_DAY / 2) / STUDY_DAY;

	/* As Anki labels its buttons: the unit that reads best. */
	if (secs <= 0)
		snprintf(out, 32, "%s", _("now"));
	else if (m < 60)
		snprintf(out, 32, _("%lld min"), m);
	else if (secs < STUDY_DAY)
		snprintf(out, 32, _("%lld h"), (long long)((secs + 1800) / 3600));
	else if (days < 31)
		snprintf(out, 32, _("%lld d"), days);
	else if (days < 365)
		snprintf(out, 32, _("%lld mo"), (days + 15) / 30);
	else
		snprintf(out, 32, _("%.1f y"), (double)days / 365.0);
}

void ui_study_next_interval(const struct ui *ui, enum study_grade g, char out[32])
{
	const struct ui_study *st = ui_study_state(ui);
	size_t i = st->queue[st->at];
	struct study_state next;
	int64_t now = ui->clock();

	g = study_grade_capped(g, wrong_pick(st, &st->deck.v[i]));
	study_answer(st->known[i] ? &st->states[i] : NULL, g, now, &next);
	ui_study_interval(next.due - now, out);
}

/* The session's cards, each counted once: a card asked again after
 * "again" adds to the repeats, not to the total (as in Anki). */
static void bar(struct tdoc *d, int width, const struct ui_study *st)
{
	size_t at = st->at < st->n_cards ? st->at : st->n_cards, n = st->n_cards;
	size_t again = st->n_queue - (st->at > st->n_cards ? st->at : st->n_cards);
	int w = width > 42 ? 30 : width - 12 > 4 ? width - 12 : 4;
	int fill = n ? (int)((long long)w * (long long)at / (long long)n) : 0;
	char *line = xmalloc((size_t)w * 3 + 32), *o = line;

	for (int i = 0; i < w; i++) {
		memcpy(o, i < fill ? "█" : "░", 3);
		o += 3;
	}
	sprintf(o, " %zu/%zu", at, n);
	if (again) {
		char *more = xasprintf(P_("%s, %zu to repeat", "%s, %zu to repeat", again),
				       line, again);
		free(line);
		line = more;
	}
	tdoc_para(d, line, width, 0, NULL, 0, TS_OK, false);
	free(line);
}

static void intro(struct ui *ui, int width, struct tdoc *d)
{
	struct ui_study *st = ui_study_state(ui);
	size_t *due, n_new, n = due_now(ui, &due, &n_new), leeches = 0;
	char *line;

	free(due);
	/* The hints as the Checklist's details label them ("Verify:"). */
	tdoc_para(d, _("Study: spaced repetition on the mistakes, tables, "
		       "takeaways, CRITICAL rules and Verify hints."),
		  width, 0, NULL, 0, TS_BOLD, false);
	tdoc_blank(d);
	line = xasprintf(_("%zu cards due now, %zu of them new (at most %d new a "
			   "day); %zu cards in all."),
			 n, n_new, STUDY_NEW_PER_DAY, st->deck.n);
	tdoc_para(d, line, width, 0, NULL, 0, 0, false);
	free(line);
	tdoc_para(d, n ? _("Space starts a session: Space shows the answer, then "
			   "1 again, 2 hard, 3 good, 4 easy. Esc stops; "
			   "nothing answered is lost.")
		       : _("Nothing is due now: come back later."),
		  width, 0, NULL, 0, TS_DIM, false);
	for (size_t i = 0; i < st->deck.n; i++)
		if (st->known[i] && study_is_leech(&st->states[i])) {
			if (!leeches++) {
				tdoc_blank(d);
				tdoc_para(d, _("Leeches (forgotten again and again; worth "
					       "rereading at the source):"),
					  width, 0, NULL, 0, TS_WARN | TS_BOLD, false);
			}
			tdoc_para(d, st->deck.v[i].prompt, width, 2, "• ", 0, 0, true);
		}
	if (st->n_retired) {
		line = xasprintf(_("%zu scheduled cards are about content the pack no "
				   "longer has; they are kept, not asked."),
				 st->n_retired);
		tdoc_blank(d);
		tdoc_para(d, line, width, 0, NULL, 0, TS_DIM, false);
		free(line);
	}
}

static void summary(struct ui *ui, int width, struct tdoc *d)
{
	struct ui_study *st = ui_study_state(ui);
	const struct study_state **states = xcalloc(st->deck.n + 1, sizeof *states);
	int64_t next, now = ui->clock();
	long secs = st->started && st->last_answer > st->started
			    ? (long)(st->last_answer - st->started)
			    : 0;
	char when[32], *line;

	for (size_t i = 0; i < st->deck.n; i++)
		states[i] = st->known[i] ? &st->states[i] : NULL;
	next = study_next_due(&st->deck, states, now, STUDY_NEW_PER_DAY);
	free(states);
	tdoc_para(d, _("Session over."), width, 0, NULL, 0, TS_BOLD | TS_HEAD, false);
	tdoc_blank(d);
	line = xasprintf(_("Cards seen: %zu. Right on the first try: %zu. Time: "
			   "%ld min %ld s."),
			 st->seen, st->first_right, secs / 60, secs % 60);
	tdoc_para(d, line, width, 0, NULL, 0, 0, false);
	free(line);
	/* While cards are due now, the count below says so. */
	if (next > now) {
		timefmt_local_of(next, when);
		line = xasprintf(_("Next card due: %s."), when);
		tdoc_para(d, line, width, 0, NULL, 0, 0, false);
		free(line);
	}
	tdoc_blank(d);
	intro(ui, width, d);
}

void ui_study_doc(struct ui *ui, int width, struct tdoc *d)
{
	struct ui_study *st = ui_study_state(ui);
	const struct study_card *c;
	const struct pack_entry *e;
	const struct pack_mistake *m;
	bool wrong;

	if (!st->active) {
		if (st->done)
			summary(ui, width, d);
		else
			intro(ui, width, d);
		return;
	}
	c = &st->deck.v[st->queue[st->at]];
	e = pack_find(ui->pack, c->source);
	m = e && e->kind == PACK_MISTAKE ? e->u.mistake : NULL;
	bar(d, width, st);
	tdoc_blank(d);
	tdoc_para(d, question(c->kind), width, 0, NULL, 0, TS_DIM, false);
	if (m && c->kind == CARD_SYMPTOMS) {
		ui_detail_symptoms(d, m, width);
	} else if (m && c->kind == CARD_FIX) {
		char *head = xasprintf("%d. %s", m->number, m->title);
		tdoc_para(d, head, width, 0, NULL, 0, TS_BOLD, true);
		free(head);
		ui_detail_error(d, m, width);
	} else {
		tdoc_para(d, c->prompt, width, 0, NULL, 0, TS_BOLD, true);
	}
	for (size_t k = 0; k < c->n_choices && k < STUDY_MAX_CHOICES; k++) {
		char lead[16];
		bool right = strcmp(c->choices[k], c->answer) == 0;
		/* Revealed, the right answer is the one in bold (with or
		 * without colours) and marked ✓; a wrong pick is marked ✗. */
		unsigned style = !st->revealed		  ? 0
				 : right		  ? TS_OK | TS_BOLD
				 : (int)k == st->picked ? TS_BAD | TS_DIM
							  : TS_DIM;
		snprintf(lead, sizeof lead, "%c) %s", 'a' + (int)k,
			 !st->revealed ? "" : right ? "✓ " : (int)k == st->picked ? "✗ " : "  ");
		tdoc_para(d, c->choices[k], width, 2, lead, TS_BOLD, style, true);
	}
	tdoc_blank(d);
	if (!st->revealed) {
		char *say = c->n_choices > 1
				    ? xasprintf(_("Space shows the answer, or pick a-%c."),
						'a' + (int)(c->n_choices - 1))
				    : xstrdup(_("Space shows the answer."));
		tdoc_para(d, say, width, 0, NULL, 0, TS_DIM, false);
		free(say);
		return;
	}
	wrong = wrong_pick(st, c);
	if (st->picked >= 0)
		tdoc_para(d, wrong ? _("Not that one: it counts as hard at best.")
				   : _("Right."),
			  width, 0, NULL, 0, wrong ? TS_BAD : TS_OK, false);
	tdoc_para(d, _("Answer:"), width, 0, NULL, 0, TS_BOLD, false);
	if (m && c->kind == CARD_FIX)
		ui_detail_fix(d, m, width);
	else
		tdoc_para(d, c->answer, width, 2, NULL, 0, 0, true);
	tdoc_blank(d);
	{
		char iv[4][32], *line;
		for (int g = 0; g < 4; g++)
			ui_study_next_interval(ui, (enum study_grade)(GRADE_AGAIN + g), iv[g]);
		/* TRANSLATORS: each grade with when the card comes back. */
		line = xasprintf(_("How well did you know it?  1 again (%s)  2 hard (%s)  "
				   "3 good (%s)  4 easy (%s)"),
				 iv[0], iv[1], iv[2], iv[3]);
		tdoc_para(d, line, width, 0, NULL, 0, TS_BOLD, false);
		free(line);
	}
}
