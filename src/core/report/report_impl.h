/* SPDX-License-Identifier: MIT */
/* Between collect.c and the writers, one file per format. */
#ifndef SELFGRADE_REPORT_IMPL_H
#define SELFGRADE_REPORT_IMPL_H

#include <jansson.h>
#include <string.h>

#include "selfgrade/i18n.h"
#include "selfgrade/report.h"
#include "selfgrade/timefmt.h"

/* Where md and html write: the tags, cells and escaped runs of a report
 * are millions of short strings, gathered here and handed to stdio a
 * block at a time. stdio's own call per string (its lock, its checks,
 * then the copy) was a sixth of an HTML report. The stream's error flag
 * says, after out_flush(), whether everything was written.
 *
 * No text from a database, an export or a pack reaches md or html but
 * through the format's escaping, and that holds by how a writer may
 * write, not by care at each call:
 *  - out_lit() takes string literals only (the compiler refuses
 *    anything else): the writer's own markup;
 *  - out_printf()'s format is the program's own (a literal or its
 *    translation; the format attribute has the compiler check it), and
 *    every %s argument goes through the stream's escaper (o->text),
 *    whatever the string is: a writer cannot print a string raw with it;
 *  - out_text() is the escaper itself, for a string alone.
 * out_raw() and out_raw_n() copy bytes unchanged: for the escapers and
 * for markup a writer made with them (a cached rendering), nothing
 * else. */
struct out {
	FILE *f;
	size_t n;
	/* The format's escaping of n bytes of text. */
	void (*text)(struct out *o, const char *s, size_t n);
	/* Within a format's `code span` (md): how %s is written there. */
	void (*code)(struct out *o, const char *s, size_t n);
	char buf[REPORT_BUFFER];
};

/* A new out writing to f, escaping text with text (and in a format's
 * code span with code, NULL: as text); caller frees, after
 * out_flush(). */
struct out *out_new(FILE *f, void (*text)(struct out *, const char *, size_t),
		    void (*code)(struct out *, const char *, size_t));
void out_flush(struct out *o);
/* fmt written as it is, its numbers as printf writes them, each %s (also
 * with a precision) through o->text, or o->code between two backticks
 * of the format (a code span; a backtick without its twin is text). Conversions: d i u o x X c (with
 * hh h l ll j z t), f e g a (with L), s (also %.*s), %; no other '*', no
 * %p, no %n, no %1$ (the format's rest is then written as it is). */
__attribute__((format(printf, 2, 3))) void out_printf(struct out *o, const char *fmt,
						       ...);

static inline void out_raw_n(struct out *o, const char *s, size_t n)
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

static inline void out_raw(struct out *o, const char *s)
{
	out_raw_n(o, s, strlen(s));
}

/* A string literal, as it is ("" s: anything but a literal does not
 * compile). */
#define out_lit(o, s) out_raw_n((o), "" s "", sizeof(s) - 1)

static inline void out_putc(struct out *o, char c)
{
	if (o->n == sizeof o->buf)
		out_flush(o);
	o->buf[o->n++] = c;
}

/* Texts rendered once and copied after, keyed by their address (a pack's
 * texts, which outlive the report) and a kind the writer chooses: md and
 * html write each of the pack's texts once per learner. Empty (cap 0)
 * until opened; out_cached() then renders without keeping. */
struct out_cache {
	struct out_rendered *v;
	size_t cap, n;
};
void out_cache_open(struct out_cache *c);
void out_cache_drop(struct out_cache *c);
/* s as write renders it onto o (with o's escapers): rendered the first
 * time, copied after. */
void out_cached(struct out_cache *c, struct out *o, const char *s, unsigned kind,
		void (*write)(struct out *, const char *));

/* s (NULL: nothing) through the stream's escaper. */
static inline void out_text(struct out *o, const char *s)
{
	if (s)
		o->text(o, s, strlen(s));
}


/* One CSV cell (RFC 4180, formulas guarded), after the separator before
 * (0: the row's first cell; quoted when it holds before or a comma). */
void report_csv_cell(FILE *out, const char *s, char before);
/* The grade a gradebook gets for the level reached. */
int report_points(const struct view *v);
/* The grade of record: the points of the instructor's view where there
 * is one (unless r->grade_self), else of the learner's own level. */
int report_grade(const struct report *r, const struct view *v);

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
/* "Every level is met.", unless the instructor's view differs: then
 * said to be the learner's own ticks' word. */
const char *report_every_level(const struct view *v);
const char *report_need_words(enum view_need n);

/* iso as timefmt_local() reads it, onto o: its digits, '-', ':' and blanks
 * (nothing any format escapes), else TIMEFMT_NONE. */
void out_time(struct out *o, const char *iso);

/* The words a timeline repeats on its rows, translated once per report:
 * a catalogue lookup cost more than the rest of a row. */
struct report_words {
	const char *note, *note_removed, *cleared, *ticked, *unticked, *undo, *redo;
	/* A review by its mark (enum review_mark): the instructor's
	 * comment, agreement, disagreement. */
	const char *review[3];
	/* The learner's dispute of a probe, and its withdrawal. */
	const char *dispute, *dispute_withdrawn;
};

/* The instructor's view of a learner: the level's title ("Not yet"
 * included), or NULL when the instructor has reviewed nothing. */
const char *report_review_title(const struct view *v);
/* Whether the instructor's level is not the learner's own. */
bool report_review_differs(const struct view *v);
/* The instructor's marks on the learner's criteria: agreed, not agreed. */
void report_review_marks(const struct view *v, size_t *agreed, size_t *not_agreed);
/* "Meets (agreed 2, not agreed 1)", or "" when unreviewed; caller frees. */
char *report_review_brief(const struct view *v);
/* The instructor's reviews, one "id: words text" a line ("" none), for
 * a cell; caller frees. */
char *report_reviews_text(const struct view *v, const struct report_words *w);
/* The words a review or a dispute e holds (NULL: e is neither, or has no
 * words); caller frees. */
char *report_review_text(const struct prog_event *e);
/* The cohort summary's sentence on reviews: how many learners the
 * instructor reviewed, and for how many their view differs. Caller
 * frees. */
char *report_cohort_reviews(const struct cohort *c);

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

/* The time of the learner's last change (or when they were added): the
 * latest of those that are times, "" when none is. */
const char *report_last_activity(const struct report_learner *l);

/* What the reviewer signs: the learner, then each review (the review
 * file's writer and its reader). */
void report_review_digest(const char *uid, const struct prog_event *const *v, size_t n,
			  char out[65]);

#endif
