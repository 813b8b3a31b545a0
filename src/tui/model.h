/* SPDX-License-Identifier: MIT */
/* The tutor's model and controller, without a terminal: what each screen
 * lists, the cursor, expansion, search, prompts, and what every action
 * does to them and to the store. The view (view.c) only reads this; the
 * loop (tui.c) turns keys and mouse events into the actions below.
 *
 * Contract: an action changes state (committing to the store first when it
 * changes progress) and returns what must happen next; it never draws.
 * Drawing never writes. The unit tests drive this header alone. */
#ifndef SELFGRADE_TUI_MODEL_H
#define SELFGRADE_TUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selfgrade/content.h"
#include "selfgrade/view.h"
#include "selfgrade/store.h"
#include "selfgrade/study.h"
#include "tui/lineedit.h"
#include "tui/text.h"

/* The screens, in the tab bar's order; each has an entry of operations
 * in ui_screens[] (screens.c). */
enum ui_screen {
	SCR_CHECKLIST,
	SCR_MISTAKES,
	SCR_RUBRIC,
	SCR_REFERENCE,
	SCR_TAKEAWAYS,
	SCR_STUDY,
	SCR_HISTORY,
	SCR_COUNT
};

/* One row of a list screen, in tree order. */
struct ui_row {
	struct pack_entry e; /* section, item, mistake, level or criterion */
	int depth;
	size_t end;	     /* index past the row's subtree */
	bool open;	     /* its children are shown */
	enum view_state state; /* as of the last refresh */
	bool contradicted;	/* ticked, but the learner's project says not */
	bool met;		/* a criterion or level: met */
	size_t done, total;	/* a section's leaves, a level's criteria */
	size_t ref;		/* the screen's own (History: the step) */
};

/* A list screen (rows with a detail pane) or, with no rows, a document
 * screen that scrolls as a whole. */
struct ui_list {
	struct ui_row *rows;
	size_t n_rows;
	size_t *vis; /* the rows shown: indices into rows */
	size_t n_vis;
	size_t cur;  /* index into vis */
	size_t top;  /* the first of vis drawn */
	size_t detail_top;
	struct tdoc doc; /* a document screen's text, laid out for width */
	const char **anchor; /* the id each doc line belongs to, or NULL */
};

enum ui_mode {
	MODE_NORMAL,
	MODE_HELP,
	MODE_WELCOME,  /* the first run's welcome, over the screen */
	MODE_PROMPT,   /* the line editor on the bottom line */
	MODE_LEARNERS, /* the learner picker */
};

enum ui_prompt { PROMPT_SEARCH, PROMPT_NOTE, PROMPT_LEARNER, PROMPT_DISPUTE, PROMPT_PROBE };

struct ui_match {
	enum ui_screen screen;
	size_t row;	/* into rows, for a list screen */
	const char *id; /* the entry it is in */
};

struct ui {
	const struct ui_screen_ops *const *screens; /* the caller's table */
	struct pack *pack;
	struct store *store;
	char *learner;
	int64_t learner_id;
	struct progress progress;
	struct view *view; /* the learner view: everything shown derives from it */
	struct evidence *evidence; /* the view's: the latest of each probe */
	size_t n_evidence;
	struct review *reviews; /* the view's: an instructor's, per entry */
	size_t n_reviews;
	/* By place in the pack's index: the row showing that entry on its
	 * screen (SIZE_MAX: none), so that a change redraws its rows only. */
	size_t *row_of;
	enum ui_screen *scr_of; /* ... and that screen */
	int data_version; /* the database's, as of the last reading */
	const struct pack_level *was_level; /* before the last change */

	enum ui_screen screen;
	struct ui_list list[SCR_COUNT];
	enum ui_mode mode;

	/* The layout the view last used: list rows, detail rows, columns. */
	int list_h, detail_h, doc_h, width;

	/* The prompt. */
	enum ui_prompt prompt;
	struct lineedit edit;
	char *note_id; /* whose note the prompt edits */

	/* Search: the query, its matches over all screens, the current one. */
	char *query;
	struct ui_match *matches;
	size_t n_matches, match;

	/* The learner picker. */
	char **learners;
	const char **learner_levels; /* each one's level title (the pack's), or NULL */
	size_t n_learners, picked;

	size_t help_top, help_max; /* the view sets help_max as it lays out */
	bool hide_done;		   /* H: list screens leave done rows out */
	bool can_undo, can_redo;   /* as of the last reading: the footer's */
	int help_h;		   /* the help box's text lines (its page) */
	/* Each screen's own data, made and freed by its ops' open and close:
	 * the model knows none of it. */
	void *data[SCR_COUNT];
	int64_t (*clock)(void); /* seconds since the epoch; tests set it */
	char *msg; /* one line for the footer, until the next action */
	bool msg_error;
};

enum ui_action {
	A_NONE,
	A_QUIT,
	A_UP,
	A_DOWN,
	A_PAGE_UP,
	A_PAGE_DOWN,
	A_HOME,
	A_END,
	A_TOGGLE,  /* Space: tick, confirm, attest */
	A_EXPAND,  /* Enter: open or close the row */
	A_OPEN,	   /* →, l: open, or go to the first child */
	A_CLOSE,   /* ←, h: close, or go to the parent */
	A_NOTE,	   /* e */
	A_SEARCH,  /* / */
	A_NEXT,	   /* n */
	A_PREV,	   /* N */
	A_HELP,	   /* ? */
	A_LEARNER, /* L */
	A_UNDO,	   /* u */
	A_REDO,	   /* U, ^R */
	A_NEXT_OPEN, /* ]: the next row not done yet */
	A_PREV_OPEN, /* [ */
	A_HIDE,	   /* H: hide or show done rows */
	A_RELOAD,  /* ^L */
	A_PROBE,   /* P: run the probes over the learner's project again */
	A_DISPUTE, /* D: answer a probe that contradicts a tick */
	A_DETAIL_DOWN, /* J */
	A_DETAIL_UP,   /* K */
	A_SCREEN_NEXT, /* Tab */
	A_SCREEN_PREV, /* Shift-Tab */
	A_SCREEN_1,    /* 1..: A_SCREEN_1 + n */
	A_SCREEN_LAST = A_SCREEN_1 + SCR_COUNT - 1,
	A_CHOICE_1,    /* a..d: a multiple-choice answer in study */
	A_CHOICE_4 = A_CHOICE_1 + 3,
	A_ACCEPT,      /* Enter in a prompt or the picker */
	A_CANCEL,      /* Esc */
};

/* What the loop must do after an action. */
enum { UI_REDRAW = 1, UI_QUIT = 2 };

/* A footer hint: a key, what it does, and how much it matters (0: kept
 * at any width; higher ranks are dropped first when the line is full). */
struct ui_hint {
	const char *key, *word;
	int rank;
};

/* One screen's operations, as tmux keeps its window modes: the model, the
 * view and the loop call these and never ask which screen is current. A
 * new screen is one file with its entry, a line in ui_screens[] and one in
 * enum ui_screen. Every operation but the names may be NULL. */
struct ui_screen_ops {
	const char *name;	/* N_(): the tab and the help */
	const char *short_name; /* N_(): the tab when the bar is narrow */
	const char *toggle;	/* N_(): the footer's word for Space; NULL: none */
	bool doc;		/* a document that scrolls whole; else a list */
	bool home;		/* its rows are where their entries live (search,
				 * undo and jumps go there) */
	bool groups;		/* rows open and close (Enter in the footer) */
	bool notes;		/* e edits the selected row's note */
	const char *empty;	/* N_(): what an empty list says; NULL: nothing */
	/* A list's rows, once, when the tutor opens (home lists). */
	void (*build)(struct ui *ui, struct ui_list *l);
	/* A document's text, laid out for width (ui_doc_anchor() names the
	 * entry each line shows). */
	void (*layout)(struct ui *ui, struct ui_list *l, int width);
	/* The progress was read again: the rows' states from the view (full:
	 * the view was made anew; else the changed rows were told through
	 * row_changed already). */
	void (*refresh)(struct ui *ui, struct ui_list *l, bool full);
	/* The entry shown in row of this (home) list changed state. */
	void (*row_changed)(struct ui *ui, struct ui_list *l, size_t row);
	/* The screen's own data, read for the learner shown (at the start
	 * and when the learner changes), and freed at the end. */
	void (*open)(struct ui *ui);
	void (*close)(struct ui *ui);
	/* The screen becomes the current one. */
	void (*enter)(struct ui *ui, struct ui_list *l);
	/* Its own meaning of a key, before the common one: what the loop
	 * must do, or 0 when the key is not its own. */
	unsigned (*key)(struct ui *ui, enum ui_action a);
	/* Its own row line and detail pane, for rows that are not the
	 * pack's entries as the other lists show them. */
	void (*row_text)(const struct ui *ui, const struct ui_row *r,
			 struct tdoc *out);
	void (*detail)(const struct ui *ui, const struct ui_row *r, int width,
		       struct tdoc *out);
	/* Its own footer, replacing the key table's: the count of hints. */
	size_t (*hints)(const struct ui *ui, struct ui_hint *out, size_t max);
};

extern const struct ui_screen_ops *const ui_screens[SCR_COUNT];
const struct ui_screen_ops *ui_screen_ops(const struct ui *ui, enum ui_screen s);

/* Takes the screens (ui_screens: the table stays above the model, which
 * knows no screen), the pack and the store (all stay the caller's) and the
 * learner; reads the learner's progress. Returns 0, or -1 with *err set. */
int ui_open(struct ui *ui, const struct ui_screen_ops *const *screens, struct pack *p,
	    struct store *s, const char *learner, int64_t learner_id, char **err);
void ui_close(struct ui *ui);

/* The view reports the layout before it draws; document screens are laid
 * out again when the width changes. */
void ui_layout(struct ui *ui, int width, int list_h, int detail_h, int doc_h);

unsigned ui_do(struct ui *ui, enum ui_action a);
/* A key for the line editor while a prompt is open. */
unsigned ui_edit(struct ui *ui, enum le_op op);
unsigned ui_type(struct ui *ui, unsigned cp);
/* The mouse: select row i of vis (toggling it when toggle is set); scroll
 * the list, the detail or the document by n rows. */
unsigned ui_click(struct ui *ui, size_t i, bool toggle);
unsigned ui_scroll(struct ui *ui, bool detail, int n);
/* Keeps what the note or name editor holds as a draft in the store (on
 * Esc, ^C, or a signal that ends the tutor); offered again when that
 * editor reopens. */
void ui_keep_draft(struct ui *ui);
/* Opens the learner picker (at start, when it is not clear whose
 * progress to show). */
void ui_pick_learner(struct ui *ui);
/* Between keys: reads the progress again when another process changed
 * the database (SQLite's data_version), so the screen follows it within
 * a timeout. UI_REDRAW when it did. */
unsigned ui_poll(struct ui *ui);

/* For the screens' files: a row added to a list being built; the lines
 * of a document from `from` on, as showing entry id; a row's evidence
 * mark; a message for the footer; which rows show (after a change of
 * what is open or hidden); the entry with this id shown where it lives. */
struct ui_row *ui_add_row(struct ui_list *l, size_t *cap, struct pack_entry e,
			  int depth);
void ui_doc_anchor(struct ui_list *l, size_t from, const char *id);
void ui_mark_contradicted(struct ui *ui, struct ui_row *r);
void ui_say(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_relist(struct ui *ui, struct ui_list *l);
bool ui_reveal_id(struct ui *ui, const char *id);
/* Undo and redo, through the core (also the History screen's keys). */
unsigned ui_undo(struct ui *ui, bool redo);
/* The entry's name as the screens show it: its text, without markup
 * (caller frees). */
char *ui_entry_name(const struct ui *ui, const char *id);
/* A state in words of the entry's kind ("ticked", "attested"). */
const char *ui_state_word(const struct pack_entry *e, bool done);


/* The real clock (ui->clock's default), and the documents laid out again
 * (after the study screen changes). */
int64_t ui_clock(void);
void ui_relayout_docs(struct ui *ui, int width);

/* Read-only helpers for the view. */
const struct ui_row *ui_current(const struct ui *ui);
/* The detail pane for the selected row, laid out for width columns. */
void ui_detail(const struct ui *ui, int width, struct tdoc *out);
const char *ui_screen_name(const struct ui *ui, enum ui_screen s);
const char *ui_screen_short(const struct ui *ui, enum ui_screen s);
/* Reference, Takeaways and Study scroll as documents; the rest are lists. */
bool ui_screen_is_doc(const struct ui *ui, enum ui_screen s);
/* The header's count by kind: leaf items, mistakes, attestations. */
void ui_counts(const struct ui *ui, size_t done[3], size_t total[3]);
/* The first-run welcome: shown over the screen until Enter puts it away
 * for good (remembered in the database; Esc closes it for now). Its text
 * (welcome.c), laid out for width. */
void ui_welcome(struct ui *ui);
void ui_welcome_doc(const struct ui *ui, int width, struct tdoc *out);
/* "[x] ", "[ ] ", "[-] " (partly done), "[~] " (stale), and the style. */
const char *ui_state_box(enum view_state s);
unsigned ui_state_style(enum view_state s);
/* A row's box and style: its state's, or [!] for a contradicted tick. */
const char *ui_row_box(const struct ui_row *r);
unsigned ui_row_style(const struct ui_row *r);
/* The level's title as shown on the badge: the pack's, or "Not yet". */
const char *ui_level_title(const struct ui *ui);

#endif
