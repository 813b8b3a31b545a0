/* SPDX-License-Identifier: MIT */
/* Between report.c and the writers, one file per format. */
#ifndef SELFGRADE_REPORT_IMPL_H
#define SELFGRADE_REPORT_IMPL_H

#include <jansson.h>
#include <string.h>

#include "selfgrade/i18n.h"
#include "selfgrade/report.h"

/* Where md and html write: the tags, cells and escaped runs of a report
 * are millions of short strings, gathered here and handed to stdio a
 * block at a time. stdio's own call per string (its lock, its checks,
 * then the copy) was a sixth of an HTML report. The stream's error flag
 * says, after out_flush(), whether everything was written. */
struct out {
	FILE *f;
	size_t n;
	char buf[REPORT_BUFFER];
};

/* A new out writing to f (caller frees, after out_flush()). */
struct out *out_new(FILE *f);
void out_flush(struct out *o);
__attribute__((format(printf, 2, 3))) void out_printf(struct out *o, const char *fmt,
						       ...);

static inline void out_write(struct out *o, const char *s, size_t n)
{
	if (n > sizeof o->buf - o->n) {
		out_flush(o);
		if (n > sizeof o->buf) {
			fwrite(s, 1, n, o->f);
			return;
		}
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

static inline void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

static inline void out_putc(struct out *o, char c)
{
	if (o->n == sizeof o->buf)
		out_flush(o);
	o->buf[o->n++] = c;
}

int report_write_json(const struct report *r, FILE *out, char **err);
int report_write_csv(const struct report *r, FILE *out, char **err);
int report_write_md(const struct report *r, FILE *out, char **err);
int report_write_html(const struct report *r, FILE *out, char **err);
/* Their parts per learner (report_format_def.part). */
int report_part_md(const struct report *r, const struct report_learner *l,
		   void **state, FILE *out, char **err);
void report_part_md_end(void *state);
int report_part_html(const struct report *r, const struct report_learner *l,
		     void **state, FILE *out, char **err);
void report_part_html_end(void *state);
int report_write_review(const struct report *r, FILE *out, char **err);
int report_write_xlsx(const struct report *r, FILE *out, char **err);
int report_write_moodle(const struct report *r, FILE *out, char **err);
int report_write_canvas(const struct report *r, FILE *out, char **err);

/* One CSV cell (RFC 4180, formulas guarded), a comma before it unless
 * first. */
void report_csv_cell(FILE *out, const char *s, bool first);
/* The grade a gradebook gets for the level reached. */
int report_points(const struct view *v);

/* The fields of a learner that its log and the pack derive, as the JSON
 * export writes them (a new reference): verify writes the learner its log
 * derives with it, to compare. Who the learner is, their events, chain
 * head and study are left out (verify checks them otherwise); without
 * states, "states" is null, for report_states_match(). */
json_t *report_learner_derived_json(const struct report_learner *l, bool states);
/* The learner's states as the export writes them (a new reference), and
 * whether they are json_equal() to said, found without building them:
 * the states are most of a learner's derived fields. */
json_t *report_states_json(const struct report_learner *l);
bool report_states_match(const struct report_learner *l, json_t *said);

/* What a learner ticks, in the pack's order: leaf items as the tree has
 * them, mistakes, attestable criteria. Caller frees the array. */
void report_checkables(const struct pack *p, const struct pack_entry ***v,
		       size_t *n);
int report_by_pos(const void *a, const void *b);

void report_learner_free(struct report_learner *l);

/* The cohort summary as the JSON export writes it (a new reference). */
struct cohort;
json_t *report_summary_json(const struct cohort *c, const struct pack *p);

/* One vocabulary for every report (and the same as score's and the
 * tutor's: selfgrade/i18n.h). */
#define REPORT_EVERY_LEVEL _(SG_WORD_EVERY_LEVEL_MET)
const char *report_level_title(const struct view *v);
const char *report_need_words(enum view_need n);

/* A time as a person reads it: local date and minute ("2026-11-21
 * 23:43"); the zone, named once per report ("CET, UTC+01:00"); seconds
 * since the epoch (-1 if iso is not a time). */
void report_time(const char *iso, char out[32]);
void report_zone(char out[64]);
long long report_seconds(const char *iso);

/* The words a timeline repeats on its rows, translated once per report:
 * a catalogue lookup cost more than the rest of a row. */
struct report_words {
	const char *note, *note_removed, *cleared, *ticked, *unticked, *undo, *redo;
};

/* "$TMPDIR/selfgrade-WHAT-XXXXXX" (else under /tmp), a template for
 * mkstemp; caller frees. */
char *report_tmp_template(const char *what);
/* Copies len bytes of in (SIZE_MAX: to its end) to out: 0, or -1 when in
 * ends early or either stream fails. */
int report_copy(FILE *in, size_t len, FILE *out);

/* What each learner's part of md and html uses, worked out once per
 * report: the checkables in the pack's order (report_checkables) and the
 * timeline's words. */
struct report_basis {
	const struct pack_entry **ordered;
	size_t n_ordered;
	struct report_words words;
};
void report_basis_init(struct report_basis *b, const struct pack *p);
void report_basis_free(struct report_basis *b);

/* What an event of the log did, in a report's words ("ticked",
 * "note:" (the note follows), "evidence: verified (probe)", ...): one of
 * w's words, or buf written. */
const char *report_change_words(const struct report_words *w,
				const struct prog_event *e, char *buf, size_t size);

/* What each of l's events is for the timeline: "undo" or "redo" (in the
 * reader's language) for the events of an undo or a redo, told apart as
 * the tutor's History tells them (progress_steps), NULL for a change.
 * Caller frees the array (not the words). */
const char **report_step_words(const struct report_words *w,
			       const struct report_learner *l);

/* The cohort summary's two sentences, the same in every report: how many
 * a CRITICAL item or a stale tick holds back, and what the evidence from
 * the projects says. Caller frees. */
char *report_cohort_blocked(const struct cohort *c);
char *report_cohort_evidence(const struct cohort *c);

/* The time of the learner's last change (or when they were added). */
const char *report_last_activity(const struct report_learner *l);

#endif
