/* SPDX-License-Identifier: MIT */
/* Allocation that never returns NULL: running out of memory is the one
 * failure selfgrade does not try to recover from (see STYLE.md). */
#ifndef SELFGRADE_XALLOC_H
#define SELFGRADE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Grows *v to hold at least need elements of size bytes, doubling. */
void xgrow(void *v, size_t *cap, size_t need, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
