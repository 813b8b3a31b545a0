/* SPDX-License-Identifier: MIT */
/* The inline markup of pack texts: **bold** and `code`. A marker without
 * its closing twin is text; inside code nothing is markup. One reader for
 * the tutor, the reports and the study cards, so they agree. */
#ifndef SELFGRADE_MARKUP_H
#define SELFGRADE_MARKUP_H

#include <stddef.h>

enum { MARKUP_BOLD = 1, MARKUP_CODE = 2 };

/* Calls emit for each run of s that has one style (MARKUP_* bits), in
 * order, markers left out; empty runs are skipped. */
void markup_walk(const char *s,
		 void (*emit)(void *ctx, const char *run, size_t n, unsigned style),
		 void *ctx);

/* s with its markers left out, as plain text; caller frees. */
char *markup_plain(const char *s);

#endif
