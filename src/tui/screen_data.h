/* SPDX-License-Identifier: MIT */
/* The data of the screens that keep their own (struct ui's data[], made
 * and freed by their ops' open and close): the model includes none of
 * this; the screens and their tests do. */
#ifndef SELFGRADE_TUI_SCREEN_DATA_H
#define SELFGRADE_TUI_SCREEN_DATA_H

#include "tui/model.h"

/* The History screen's steps (scr_history.c): the learner's changes,
 * undos and redos, newest first. */
struct ui_step {
	char *id;	/* the entry the step names (of its first event) */
	char *at;	/* its time, as logged (UTC) */
	char *field;	/* "done" or "note" */
	char *old, *new_;
	size_t n;	/* entries it changed */
	int kind;	/* enum prog_step_kind */
	bool undone;	/* taken back by an undo (or, an undo, by a redo) */
	long long batch, undoes;
};

struct ui_history {
	struct ui_step *v;
	size_t n;
	bool stale; /* the log changed since it was read */
};

/* The study screen's session (drill.c). */
struct ui_study {
	struct study_deck deck;
	struct study_state *states; /* indexed like the deck */
	bool *known;		    /* states[i] is set */
	size_t n_retired;	    /* scheduled cards the pack no longer has */
	/* The session: its queue (deck indices; a failed card comes back at
	 * the end), where it is, and what has happened. */
	size_t *queue, n_queue, at;
	bool *answered; /* by deck index: answered once in this session */
	bool active, done, revealed;
	int picked;	/* a multiple-choice pick, or -1 */
	int64_t session;
	/* The session's time: from its first card shown to its last answer,
	 * both on this run's clock (0: no answer yet). */
	int64_t started, last_answer;
	size_t seen, first_right;
	size_t n_cards; /* the session's cards, each once ("again" adds none) */
};

/* The History screen's steps (scr_history.c), and freeing them (its
 * close). */
struct ui_history *ui_history_state(struct ui *ui);
void ui_history_free(struct ui *ui);

/* The study screen (drill.c): its session, loaded with the learner (its
 * open), freed (its close), its document laid out for width, and its keys
 * (0 when a key is not its own). */
struct ui_study *ui_study_state(const struct ui *ui);
void ui_study_load(struct ui *ui);
void ui_study_free(struct ui *ui);
void ui_study_doc(struct ui *ui, int width, struct tdoc *out);
unsigned ui_study_do(struct ui *ui, enum ui_action a);
/* A time to wait, as the grade keys label it ("10 min", "3 d"); and when
 * the card up now would come back if graded g. */
void ui_study_interval(int64_t secs, char out[32]);
void ui_study_next_interval(const struct ui *ui, enum study_grade g, char out[32]);

#endif
