/* SPDX-License-Identifier: MIT */
/* Diagnostics: what the core reports instead of printing.
 *
 * Every problem is a position (file, 1-based line and column in characters)
 * and a message; the CLI prints them as `FILE:LINE:COLUMN: message`. A list
 * stops growing at DIAG_MAX entries and then notes that it was cut, so a
 * hostile file cannot make the report itself unbounded. */
#ifndef SELFGRADE_DIAG_H
#define SELFGRADE_DIAG_H

#include <stddef.h>
#include <stdio.h>

#define DIAG_MAX 200

struct diag {
	char *file;
	int line, col;
	char *msg;
};

struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t dropped; /* problems past DIAG_MAX, counted not kept */
};

void diag_add(struct diag_list *d, const char *file, int line, int col,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The total number of problems, kept or dropped. */
size_t diag_count(const struct diag_list *d);
/* Writes one `FILE:LINE:COLUMN: message` line per problem. */
void diag_print(const struct diag_list *d, FILE *out);
void diag_list_free(struct diag_list *d);

/* For functions that report one problem as a caller-freed message: sets
 * *err (when err is not NULL) to the formatted text and returns -1. */
int diag_fail(char **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
