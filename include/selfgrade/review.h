/* SPDX-License-Identifier: MIT */
/* An instructor's word on a learner's entry: a comment, and for a
 * criterion a mark (agreed or not agreed). A review is an event of the
 * learner's log with field "review", written in the instructor's database
 * (`selfgrade review`), carried to the learner in a signed review file and
 * appended to their log there. It never changes a tick: the learner's own
 * level stands, and the view works out the instructor's beside it. */
#ifndef SELFGRADE_REVIEW_H
#define SELFGRADE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "selfgrade/progress.h"

#define REVIEW_FIELD "review"
#define REVIEW_FORMAT "selfgrade-review"
#define REVIEW_VERSION 1

enum review_mark { REVIEW_COMMENT, REVIEW_AGREED, REVIEW_NOT_AGREED };

struct review {
	char *entry_id;
	char *text; /* or NULL: a mark without words */
	enum review_mark mark;
	char *by; /* the reviewer's public key (hex) */
	char *at;
};

/* The JSON kept in the event's `new`; caller frees. */
char *review_encode(const char *text, enum review_mark mark, const char *by);
/* The review an event holds; false (out cleared) when it holds none. */
bool review_decode(const struct prog_event *e, struct review *out);
/* The latest review of each entry in a log (the log's order), sorted by
 * entry id; caller frees with review_free(). */
void review_latest(const struct prog_event *ev, size_t n, struct review **v,
		   size_t *nv);
const struct review *review_for(const struct review *v, size_t n, const char *id);
const char *review_mark_name(enum review_mark m); /* "comment", "agreed", ... */
void review_clear(struct review *r);
void review_free(struct review *v, size_t n);

#endif
