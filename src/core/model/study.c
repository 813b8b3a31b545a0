/* SPDX-License-Identifier: MIT */
#include "selfgrade/study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "selfgrade/digest.h"
#include "selfgrade/markup.h"
#include "selfgrade/xalloc.h"

/* ---- cards ----------------------------------------------------------------- */

const char *study_kind_name(enum study_kind k)
{
	static const char *const names[] = {"symptoms", "fix", "takeaway",
					    "table", "rule", "verify"};
	return names[k];
}

static struct study_card *add(struct study_deck *d, size_t *cap,
			      enum study_kind kind, const char *source,
			      char *id, char *prompt, char *answer)
{
	struct study_card *c;
	xgrow(&d->v, cap, d->n + 1, sizeof *d->v);
	c = &d->v[d->n++];
	memset(c, 0, sizeof *c);
	*c = (struct study_card){id, kind, source, prompt, answer, NULL, 0};
	return c;
}

/* Appends s to *buf (which grows), separated from what is there by sep. */
static void append(char **buf, const char *sep, const char *s)
{
	char *next = xasprintf("%s%s%s", *buf ? *buf : "", *buf && **buf ? sep : "", s);
	free(*buf);
	*buf = next;
}

static void table_lines(char **buf, const struct pack_table *t)
{
	for (size_t r = 0; r < t->n_rows; r++) {
		char *line = xstrdup(t->rows[r].v[0]);
		for (size_t c = 1; c < t->columns.n; c++) {
			char *cell = xasprintf("%s%s %s: %s", line, c == 1 ? " —" : ";",
					       t->columns.v[c], t->rows[r].v[c]);
			free(line);
			line = cell;
		}
		append(buf, "\n", line);
		free(line);
	}
}

static void mistake_cards(struct study_deck *d, size_t *cap,
			  const struct pack_mistake *m)
{
	char *symptoms = NULL, *fix = NULL;

	for (size_t i = 0; i < m->symptoms.n; i++) {
		char *line = xasprintf("• %s", m->symptoms.v[i]);
		append(&symptoms, "\n", line);
		free(line);
	}
	add(d, cap, CARD_SYMPTOMS, m->id, xasprintf("%s.symptoms", m->id),
	    symptoms ? symptoms : xstrdup(""),
	    xasprintf("%d. %s", m->number, m->title));
	if (m->fix_text)
		append(&fix, "\n", m->fix_text);
	if (m->fix_code.code)
		append(&fix, "\n", m->fix_code.code);
	if (m->table_ptr)
		table_lines(&fix, m->table_ptr);
	if (m->prevention) {
		char *p = xasprintf("Prevention: %s", m->prevention);
		append(&fix, "\n", p);
		free(p);
	}
	add(d, cap, CARD_FIX, m->id, xasprintf("%s.fix", m->id),
	    xasprintf("%d. %s\n%s", m->number, m->title, m->error),
	    fix ? fix : xstrdup(""));
}

static void first_bold(void *ctx, const char *s, size_t n, unsigned m)
{
	char **cue = ctx;
	if (!*cue && m & MARKUP_BOLD)
		*cue = xstrndup(s, n);
}

/* A takeaway's cue: its first bold run, or its first words. */
static char *cue(const char *text)
{
	char *bold = NULL;
	size_t n = 0, words = 0;

	markup_walk(text, first_bold, &bold);
	if (bold)
		return bold;
	while (text[n] && words < 5)
		words += text[n++] == ' ';
	return xasprintf("%.*s…", (int)n, text);
}

/* Stable while the row's first cell and the column's name are: a row
 * moved or a cell elsewhere changed keeps the card. */
static char *table_card_id(const struct pack_table *t, size_t r, size_t c)
{
	struct pack_item probe = {0};
	struct pack_entry e = {.kind = PACK_ITEM};
	char h[65], *text = xasprintf("%s\x1f%s", t->rows[r].v[0], t->columns.v[c]);
	char *id;

	probe.text = text;
	e.u.item = &probe;
	pack_entry_hash_v1(&e, h);
	id = xasprintf("%s.%.10s", t->id, h);
	free(text);
	return id;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void table_cards(struct study_deck *d, size_t *cap,
			const struct pack_table *t)
{
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t c = 1; c < t->columns.n; c++) {
			struct study_card *card = add(
				d, cap, CARD_TABLE, t->id, table_card_id(t, r, c),
				xasprintf("%s: %s — %s", t->title, t->rows[r].v[0],
					  t->columns.v[c]),
				xstrdup(t->rows[r].v[c]));
			/* The choices: the answer and the cells of the rows
			 * after it (around to the first), distinct, at most
			 * STUDY_MAX_CHOICES: a choice left out could be the
			 * answer. Sorted, so that where the answer stands says
			 * nothing. */
			card->choices = xcalloc(STUDY_MAX_CHOICES, sizeof *card->choices);
			for (size_t k = 0; k < t->n_rows &&
					   card->n_choices < STUDY_MAX_CHOICES;
			     k++) {
				const char *cell = t->rows[(r + k) % t->n_rows].v[c];
				bool seen = false;
				for (size_t j = 0; j < card->n_choices; j++)
					seen |= strcmp(card->choices[j], cell) == 0;
				if (!seen)
					card->choices[card->n_choices++] = xstrdup(cell);
			}
			if (card->n_choices < 2) { /* nothing to choose between */
				for (size_t j = 0; j < card->n_choices; j++)
					free(card->choices[j]);
				free(card->choices);
				card->choices = NULL;
				card->n_choices = 0;
				continue;
			}
			qsort(card->choices, card->n_choices, sizeof *card->choices,
			      cmp_str);
		}
}

static void item_cards(struct study_deck *d, size_t *cap,
		       const struct pack_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct pack_item *it = &v[i];
		if (it->critical && it->rule)
			add(d, cap, CARD_RULE, it->id, xasprintf("%s.rule", it->id),
			    xstrdup(it->text), xstrdup(it->rule));
		if (it->verify)
			add(d, cap, CARD_VERIFY, it->id, xasprintf("%s.verify", it->id),
			    xstrdup(it->text), xstrdup(it->verify));
		item_cards(d, cap, it->items, it->n_items);
	}
}

void study_deck_build(const struct pack *p, struct study_deck *out)
{
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	for (size_t m = 0; m < p->n_mistakes; m++)
		mistake_cards(out, &cap, &p->mistakes[m]);
	for (size_t t = 0; t < p->n_tables; t++)
		table_cards(out, &cap, &p->tables[t]);
	for (size_t k = 0; k < p->n_takeaways; k++)
		add(out, &cap, CARD_TAKEAWAY, p->takeaways[k].id,
		    xasprintf("%s.takeaway", p->takeaways[k].id),
		    cue(p->takeaways[k].text), xstrdup(p->takeaways[k].text));
	for (size_t s = 0; s < p->n_sections; s++)
		item_cards(out, &cap, p->sections[s].items, p->sections[s].n_items);
}

void study_deck_free(struct study_deck *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].id);
		free(d->v[i].prompt);
		free(d->v[i].answer);
		for (size_t k = 0; k < d->v[i].n_choices; k++)
			free(d->v[i].choices[k]);
		free(d->v[i].choices);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

const struct study_card *study_deck_find(const struct study_deck *d,
					 const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].id, id) == 0)
			return &d->v[i];
	return NULL;
}

/* ---- the schedule ------------------------------------------------------------ */

static bool same_day(int64_t a, int64_t b)
{
	return a / STUDY_DAY == b / STUDY_DAY;
}

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

void study_answer(const struct study_state *st, enum study_grade g,
		  int64_t now, struct study_state *out)
{
	struct study_state s = st ? *st
				  : (struct study_state){.ease = STUDY_EASE_START,
							 .introduced = now};
	bool learning = s.interval_days <= 0;

	/* Answered again the same day after it was learnt: a pass does not
	 * push the schedule further (no credit for cramming); a fail still
	 * counts. */
	if (st && !learning && same_day(st->last, now) && g != GRADE_AGAIN) {
		s.last = now;
		*out = s;
		return;
	}
	switch (g) {
	case GRADE_AGAIN:
		if (!learning)
			s.lapses++;
		s.reps = 0;
		s.interval_days = 0;
		s.ease = clamp(s.ease - 0.2, STUDY_EASE_MIN, STUDY_EASE_MAX);
		break;
	case GRADE_HARD:
		s.interval_days = learning ? 1 : fmax(1, s.interval_days * 1.2);
		s.ease = clamp(s.ease - 0.15, STUDY_EASE_MIN, STUDY_EASE_MAX);
		s.reps++;
		break;
	case GRADE_GOOD:
	case GRADE_EASY:
		s.interval_days = s.reps == 0 ? 1
				  : s.reps == 1 ? 6
						: round(s.interval_days * s.ease);
		if (g == GRADE_EASY) {
			s.interval_days = fmax(4, round(s.interval_days * 1.3));
			s.ease = clamp(s.ease + 0.15, STUDY_EASE_MIN, STUDY_EASE_MAX);
		}
		s.reps++;
		break;
	}
	/* Intervals multiply: without a ceiling a card answered "easy" for
	 * years would overflow the clock. */
	s.interval_days = fmin(s.interval_days, STUDY_MAX_DAYS);
	s.due = s.interval_days > 0 ? now + (int64_t)(s.interval_days * STUDY_DAY)
				    : now + STUDY_RELEARN_SECONDS;
	s.last = now;
	*out = s;
}

bool study_is_leech(const struct study_state *st)
{
	return st && st->lapses >= STUDY_LEECH_LAPSES;
}

enum study_grade study_grade_capped(enum study_grade g, bool wrong_pick)
{
	return wrong_pick && g > GRADE_HARD ? GRADE_HARD : g;
}

bool study_is_right(enum study_grade g, bool wrong_pick)
{
	return !wrong_pick && g >= GRADE_HARD;
}

struct due_sort {
	struct study_item item;
	int64_t due;
	size_t order;
};

static int by_due(const void *a, const void *b)
{
	const struct due_sort *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

size_t study_due(const struct study_deck *d,
		 const struct study_state *const *states, int64_t now,
		 int new_per_day, struct study_item *out)
{
	struct due_sort *due = xmalloc((d->n ? d->n : 1) * sizeof *due);
	size_t n = 0, k = 0;
	int introduced = 0;

	for (size_t i = 0; i < d->n; i++) {
		if (!states[i])
			continue;
		introduced += same_day(states[i]->introduced, now);
		if (states[i]->due <= now)
			due[n++] = (struct due_sort){{&d->v[i], states[i]},
						     states[i]->due, i};
	}
	qsort(due, n, sizeof *due, by_due);
	for (size_t i = 0; i < n; i++)
		out[k++] = due[i].item;
	for (size_t i = 0; i < d->n && introduced < new_per_day; i++)
		if (!states[i]) {
			out[k++] = (struct study_item){&d->v[i], NULL};
			introduced++;
		}
	free(due);
	return k;
}

int64_t study_next_due(const struct study_deck *d,
		       const struct study_state *const *states, int64_t now,
		       int new_per_day)
{
	int64_t next = -1;
	int introduced = 0;
	bool unseen = false;

	for (size_t i = 0; i < d->n; i++) {
		if (!states[i]) {
			unseen = true;
			continue;
		}
		introduced += same_day(states[i]->introduced, now);
		if (next < 0 || states[i]->due < next)
			next = states[i]->due;
	}
	if (next >= 0 && next <= now)
		return now;
	if (unseen && introduced < new_per_day)
		return now;
	if (unseen && (next < 0 || (now / STUDY_DAY + 1) * STUDY_DAY < next))
		next = (now / STUDY_DAY + 1) * STUDY_DAY;
	return next;
}

