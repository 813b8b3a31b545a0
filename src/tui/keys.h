/* SPDX-License-Identifier: MIT */
/* The key table: every binding, its label in the help overlay and the
 * footer, and the action it stands for. One table serves the dispatch,
 * the help and the footer, so they cannot disagree. */
#ifndef SELFGRADE_TUI_KEYS_H
#define SELFGRADE_TUI_KEYS_H

#include <stddef.h>

#include "tui/model.h"

/* A curses function key (KEY_UP...) as a table code; plain codes are
 * characters, which can be any Unicode code point. */
#define KEY_FN(k) ((k) | 0x1000000)

struct key {
	enum ui_action action;
	int codes[4];	   /* 0-terminated when shorter */
	const char *label; /* how the help shows the keys */
	const char *brief; /* the footer's word (N_), or NULL: not there */
	const char *help;  /* the help's line (N_), or NULL: not listed */
	int rank;	   /* the footer drops higher ranks first; 0: never */
};

extern const struct key keys[];
extern const size_t n_keys;

/* The action of a key in normal mode, or A_NONE. The digits 1.. go to
 * the screens (one entry of the table stands for them all). */
enum ui_action keys_action(int code);

#endif
