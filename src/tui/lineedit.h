/* SPDX-License-Identifier: MIT */
/* A one-line editor over UTF-8 text: the cursor moves, and deletion
 * works, by character, never inside a multibyte sequence. Pure data; the
 * view draws it with lineedit_view(). */
#ifndef SELFGRADE_TUI_LINEEDIT_H
#define SELFGRADE_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct lineedit {
	char *buf; /* NUL-terminated */
	size_t len, cap;
	size_t cur; /* byte offset, always at a character boundary */
	size_t max; /* bytes */
};

enum le_op {
	LE_LEFT,
	LE_RIGHT,
	LE_HOME,
	LE_END,
	LE_WORD_LEFT,
	LE_WORD_RIGHT,
	LE_BACKSPACE,
	LE_DELETE,
	LE_KILL_BEFORE, /* ^U */
	LE_KILL_AFTER,	/* ^K */
	LE_KILL_WORD,	/* ^W */
};

/* Starts with text (copied; NULL for none), holding at most max bytes. */
void lineedit_init(struct lineedit *le, const char *text, size_t max);
void lineedit_free(struct lineedit *le);

/* Inserts code point cp at the cursor; false (nothing changed) for a
 * control character or when the text would exceed max. */
bool lineedit_insert(struct lineedit *le, unsigned cp);
void lineedit_op(struct lineedit *le, enum le_op op);

/* What to show in cols columns so that the cursor is visible: the text
 * from byte *start on, with the cursor *col columns in. */
void lineedit_view(const struct lineedit *le, int cols, size_t *start,
		   int *col);

#endif
