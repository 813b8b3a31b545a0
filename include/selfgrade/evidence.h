/* SPDX-License-Identifier: MIT */
/* Evidence in the learner's log: what a probe found, kept as an event with
 * field "evidence" in the same hash-chained log as ticks and notes, so it
 * is exported, verified and imported like them. Such an event names the
 * entry the probe is for (item_id), holds the result as compact JSON in
 * `new` ({"probe", "verdict", "file", "line", "value"}) and the SHA-256 of
 * the file read in `text_hash` (NULL when none). It changes no stored
 * state (progress_replay() passes over it): the learner view reads it, and
 * a tick whose newest evidence contradicts it does not count.
 *
 * A dispute is the learner's answer to one contradiction: an event with
 * field "dispute" for the same entry, whose `new` holds {"probe", "file",
 * "value", "text"} — the contradiction it answers and why the probe is
 * wrong — or NULL when it is withdrawn. It is a learner's change like a
 * note (undone, exported, signed); it answers only the contradiction it
 * names, so a later run that finds another needs a new one. */
#ifndef SELFGRADE_EVIDENCE_H
#define SELFGRADE_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selfgrade/probe.h"
#include "selfgrade/progress.h"

#define EVIDENCE_FIELD "evidence"
#define DISPUTE_FIELD "dispute"

struct evidence {
	char *entry_id; /* the item, mistake or criterion it is for */
	char *probe_id;
	enum probe_verdict verdict;
	char *file;      /* or NULL */
	int line;        /* 0: none */
	char *value;     /* what was found, or why nothing was */
	char *file_hash; /* or NULL */
	char *at;        /* when it was found (the event's time) */
	/* The learner's dispute of this contradiction (evidence_latest()),
	 * or NULL. */
	char *dispute, *dispute_at;
	/* Its file changed since it was read (set by the caller, who can
	 * read the project: probe_outdated()). */
	bool outdated;
};

/* Whether e contradicts its entry and no dispute answers it: such a
 * tick does not count. */
bool evidence_contradicts(const struct evidence *e);

/* A probe result as evidence (at NULL: the store sets it). */
void evidence_from_result(const struct probe_result *r, struct evidence *out);
/* The JSON kept in the event's `new`; caller frees. */
char *evidence_encode(const struct evidence *e);
/* The evidence an event holds; false (out cleared) when e is no evidence
 * event or its JSON is not evidence. */
bool evidence_decode(const struct prog_event *e, struct evidence *out);

/* The latest evidence of each probe in an event log (the log's order),
 * sorted by entry id then probe id, each with the learner's latest
 * dispute of it when that names the same file and value; *v
 * caller-freed with evidence_free(). Works as well on an imported
 * file's events. */
void evidence_latest(const struct prog_event *ev, size_t n, struct evidence **v,
                     size_t *nv);

/* What the evidence says about entry_id: a contradiction no dispute
 * answers if any probe's latest is one, else a disputed contradiction,
 * else a verification, else a not-found; the newest of equals. NULL when
 * no probe gave evidence for it. v is sorted as evidence_latest() leaves
 * it. */
const struct evidence *evidence_for(const struct evidence *v, size_t n,
                                    const char *entry_id);

/* Marks each of v whose file changed since it was read (its hash no
 * longer the file's in the project folder dir) as outdated. */
void evidence_mark_outdated(struct evidence *v, size_t n, const char *dir);

/* Whether a and b say the same (probe, verdict, file, line, value and the
 * file's hash): a probe run logs only what changed. */
bool evidence_same(const struct evidence *a, const struct evidence *b);

/* The dispute event's JSON (`new`) answering contradiction e with text;
 * caller frees. */
char *dispute_encode(const struct evidence *e, const char *text);
/* A dispute event's parts; false when e is none. *text is NULL for a
 * withdrawal; the strings are caller-freed. */
bool dispute_decode(const struct prog_event *e, char **probe, char **file,
		    char **value, char **text);

void evidence_clear(struct evidence *e);
void evidence_free(struct evidence *v, size_t n);

#endif
