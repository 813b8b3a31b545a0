/* SPDX-License-Identifier: MIT */
/* Text laid out for a terminal, without the terminal: inline markup
 * (**bold**, `code`) turned into styles, wrapping and truncation by display
 * width (wcwidth, never inside a character), tables aligned by display
 * width. The view draws a tdoc; nothing here knows of curses.
 *
 * Needs a UTF-8 LC_CTYPE (wcwidth). Control characters in the input (from
 * a learner's note, say) are shown as U+FFFD, never sent to the terminal. */
#ifndef SELFGRADE_TUI_TEXT_H
#define SELFGRADE_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "selfgrade/content.h"

/* Styles, combinable; the view maps them to attributes and colours. */
enum {
	TS_BOLD = 1 << 0,
	TS_CODE = 1 << 1,
	TS_DIM = 1 << 2,
	TS_MATCH = 1 << 3, /* a search match */
	TS_OK = 1 << 4,	   /* done, met */
	TS_WARN = 1 << 5,  /* stale, partial */
	TS_BAD = 1 << 6,   /* critical, not met */
	TS_HEAD = 1 << 7,  /* a heading */
};

/* One screen line: printable UTF-8 and the style of each of its bytes. */
struct tline {
	char *s;
	unsigned char *st;
	size_t len;
	int width; /* in columns */
};

struct tdoc {
	struct tline *v;
	size_t n, cap;
};

/* The columns code point cp takes: 0 for combining marks, 2 for wide
 * characters; -1 for what cannot be shown (controls). */
int text_cp_width(unsigned cp);

/* The columns s[0..n) takes, controls counted as the U+FFFD shown. */
int text_width(const char *s, size_t n);

/* How many bytes of s[0..n) fit in cols columns without cutting a
 * character; *used (may be NULL) gets the columns they take. */
size_t text_fit(const char *s, size_t n, int cols, int *used);

/* Appends text wrapped at width columns. The first line starts with lead
 * (in lead_style; NULL for none), the others with as many spaces; every
 * line is indented by indent columns first. With markup, **bold** and
 * `code` become styles; '\n' always breaks the line. */
void tdoc_para(struct tdoc *d, const char *text, int width, int indent,
	       const char *lead, unsigned lead_style, unsigned style,
	       bool markup);

/* Appends preformatted text (a code block): spaces kept, lines broken only
 * at '\n' and where they are wider than the width. */
void tdoc_pre(struct tdoc *d, const char *text, int width, int indent,
	      unsigned style);

/* Appends a table aligned by display width, cells wrapped inside their
 * columns; too narrow for that, each row as "column: value" lines. */
void tdoc_table(struct tdoc *d, const struct pack_table *t, int width,
		int indent);

void tdoc_blank(struct tdoc *d);

/* Appends s (no markup) to the end of line l, in style. */
void tline_append(struct tline *l, const char *s, unsigned style);
void tdoc_free(struct tdoc *d);

/* Marks every case-insensitive occurrence of query in l with TS_MATCH. */
void tline_mark(struct tline *l, const char *query);

#endif
