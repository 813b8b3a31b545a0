/* SPDX-License-Identifier: MIT */
/* Evidence in the learner's log: what a probe found, kept as an event with
 * field "evidence" in the same hash-chained log as ticks and notes, so it
 * is exported, verified and imported like them. Such an event names the
 * entry the probe is for (item_id), holds the result as compact JSON in
 * `new` ({"probe", "verdict", "file", "line", "value"}) and the SHA-256 of
 * the file read in `text_hash` (NULL when none). It never changes a
 * state: progress_replay() passes over it. */
#ifndef SELFGRADE_EVIDENCE_H
#define SELFGRADE_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selfgrade/probe.h"
#include "selfgrade/progress.h"

#define EVIDENCE_FIELD "evidence"

struct evidence {
	char *entry_id; /* the item, mistake or criterion it is for */
	char *probe_id;
	enum probe_verdict verdict;
	char *file;      /* or NULL */
	int line;        /* 0: none */
	char *value;     /* what was found, or why nothing was */
	char *file_hash; /* or NULL */
	char *at;        /* when it was found (the event's time) */
};

/* A probe result as evidence (at NULL: the store sets it). */
void evidence_from_result(const struct probe_result *r, struct evidence *out);
/* The JSON kept in the event's `new`; caller frees. */
char *evidence_encode(const struct evidence *e);
/* The evidence an event holds; false (out cleared) when e is no evidence
 * event or its JSON is not evidence. */
bool evidence_decode(const struct prog_event *e, struct evidence *out);

/* The latest evidence of each probe in an event log (the log's order),
 * sorted by entry id then probe id; *v caller-freed with
 * evidence_free(). Works as well on an imported file's events. */
void evidence_latest(const struct prog_event *ev, size_t n, struct evidence **v,
                     size_t *nv);

/* What the evidence says about entry_id: its contradiction if any probe's
 * latest is one, else a verification, else a not-found; the newest of
 * equals. NULL when no probe gave evidence for it. */
const struct evidence *evidence_for(const struct evidence *v, size_t n,
                                    const char *entry_id);


void evidence_clear(struct evidence *e);
void evidence_free(struct evidence *v, size_t n);

#endif
