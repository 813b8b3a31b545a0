/* SPDX-License-Identifier: MIT */
/* The rules a stored text obeys, whoever brings it. The program's own
 * commands (note, learner set, review) and every input from outside (an
 * export, a review file, a key file) check a field by its kind here, so
 * that nothing reaches the store that `note` or `learner set` would have
 * refused. Readers declare each field of a file once, with its kind. */
#ifndef SELFGRADE_FIELD_H
#define SELFGRADE_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_kind {
	FIELD_LINE,   /* a gradebook field: one line, 1-200 bytes, nothing invisible */
	FIELD_NOTE,   /* a note or a review's text: lines and tabs, up to 64 KiB */
	FIELD_ID,     /* an entry of a pack: 1-64 of [a-z0-9._-] */
	FIELD_TIME,   /* RFC 3339 UTC, from 2000 to a day past this machine's clock */
	FIELD_HEX128, /* a learner's or session's id: 32 hex digits */
	FIELD_HEX256, /* a key or a SHA-256: 64 hex digits */
	FIELD_HEX512, /* a signature: 128 hex digits */
	FIELD_SHOWN,  /* a probe's file or value: one line, up to 4 KiB,
		       * nothing a probe escapes (no control, format, direction
		       * or separator character) */
	FIELD_TEXT,   /* text checked again once decoded (an event's new, which
		       * holds evidence or a review as JSON; a name before it is
		       * made a name): no control but line breaks and tabs */
};

#define FIELD_MAX_LINE 200
#define FIELD_MAX_NAME 200	     /* bytes of a learner's name */
#define FIELD_MAX_NOTE (64 * 1024) /* bytes of a note or a review's text */
#define FIELD_MAX_SHOWN 4096

/* 0 when s (n bytes) may be stored as a field of this kind; else -1 and
 * *why, caller-freed, says why not (what: the field's name, for the
 * message). */
int field_check(enum field_kind kind, const char *what, const char *s, size_t n,
		char **why);

/* An id of a pack's entry: 1-64 of [a-z0-9._-], starting with a letter
 * or digit. */
bool field_id_valid(const char *s);

#endif
