/* SPDX-License-Identifier: MIT */
/* Study mode (SPEC §8): cards made from the pack itself, and a spaced-
 * repetition schedule of the SM-2 family. Pure: the clock is a parameter
 * (seconds since the epoch), so every rule is testable; the store keeps
 * the states and the TUI asks the questions. */
#ifndef SELFGRADE_STUDY_H
#define SELFGRADE_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selfgrade/timefmt.h"

#include "selfgrade/content.h"

enum study_kind {
	CARD_SYMPTOMS, /* a mistake's symptoms → which mistake */
	CARD_FIX,      /* a mistake → its fix and prevention */
	CARD_TAKEAWAY, /* a takeaway's lead → the takeaway */
	CARD_TABLE,    /* a table row and column → the cell */
	CARD_RULE,     /* a CRITICAL item → its rule */
	CARD_VERIFY,   /* an item → how to verify it («Проверка») */
};

struct study_card {
	char *id;     /* stable while the content it asks about is */
	enum study_kind kind;
	const char *source; /* the pack id it comes from */
	char *prompt, *answer; /* with the pack's inline markup */
	/* Table cards: the answer among other rows' cells of the column
	 * (2 to STUDY_MAX_CHOICES of them, sorted; none if the column has
	 * nothing else to offer). */
	char **choices;
	size_t n_choices;
};

struct study_deck {
	struct study_card *v;
	size_t n;
};

/* Every card the pack yields, in the pack's order. */
void study_deck_build(const struct pack *p, struct study_deck *out);
void study_deck_free(struct study_deck *d);
const struct study_card *study_deck_find(const struct study_deck *d,
					 const char *id);
const char *study_kind_name(enum study_kind k);

/* A learner's schedule for one card. */
struct study_state {
	double ease;	      /* 1.3 .. 3.0, 2.5 to begin with */
	double interval_days; /* 0 while learning */
	int reps;	      /* successful reviews in a row */
	int lapses;	      /* times forgotten after being learnt */
	int64_t due;	      /* when to ask again */
	int64_t introduced;   /* when first asked */
	int64_t last;	      /* when last answered */
};

enum study_grade { GRADE_AGAIN = 1, GRADE_HARD, GRADE_GOOD, GRADE_EASY };

#define STUDY_EASE_START 2.5
#define STUDY_EASE_MIN 1.3
#define STUDY_EASE_MAX 3.0
#define STUDY_RELEARN_SECONDS (10 * 60) /* the learning step */
#define STUDY_LEECH_LAPSES 8
#define STUDY_NEW_PER_DAY 10
#define STUDY_DAY 86400
#define STUDY_MAX_DAYS 36500 /* a hundred years: the longest interval */
#define STUDY_MAX_CHOICES 4   /* a-d */

/* The state after answering g at now; st is NULL for a new card. */
void study_answer(const struct study_state *st, enum study_grade g,
		  int64_t now, struct study_state *out);

bool study_is_leech(const struct study_state *st);

/* A multiple-choice card answered with a wrong pick was not known,
 * whatever the learner grades it: the grade is at most hard, and it is
 * not right (on the first try or otherwise). */
enum study_grade study_grade_capped(enum study_grade g, bool wrong_pick);
bool study_is_right(enum study_grade g, bool wrong_pick);

/* One card's place in a session: its state, if it has one. */
struct study_item {
	const struct study_card *card;
	const struct study_state *state; /* NULL: new */
};

/* The cards to ask now, due ones first (by due time), then new ones up to
 * the daily limit less those already introduced today (UTC days). states
 * is indexed like the deck (NULL entries: new). */
size_t study_due(const struct study_deck *d,
		 const struct study_state *const *states, int64_t now,
		 int new_per_day, struct study_item *out);

/* When the next card is due, as study_due() would ask it: now while any
 * card is due; else the earliest scheduled card or, if new cards wait for
 * the daily limit, the next UTC day, whichever comes first; -1 if no card
 * will ever be due (an empty deck). */
int64_t study_next_due(const struct study_deck *d,
		       const struct study_state *const *states, int64_t now,
		       int new_per_day);

/* A study session, as it travels between databases. */
struct study_session {
	char *uid; /* random: the same session in two databases is one */
	char *started_at, *ended_at;
	int cards, first_try;
};

/* One answer of study mode, as it travels between databases. */
struct study_answer {
	char *uid, *card_id;
	int grade; /* 1 again .. 4 easy */
	bool first_try;
	char *session_uid; /* or NULL */
	char *at;
};

#endif
