/* SPDX-License-Identifier: MIT */
/* Reports for instructors (SPEC §7): learners' progress gathered from the
 * store, written as JSON (the interchange format), CSV, Markdown or HTML;
 * JSON exports read back, checked (hash chain, states, level) and merged.
 *
 * Ownership: report_collect() and report_parse() fill a struct report the
 * caller frees with report_free(); on failure they free what they built
 * and set *err. Writers return 0, or -1 when the stream fails. */
#ifndef SELFGRADE_REPORT_H
#define SELFGRADE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "selfgrade/content.h"
#include "selfgrade/progress.h"
#include "selfgrade/store.h"
#include "selfgrade/view.h"

#define REPORT_FORMAT "selfgrade-progress"
#define REPORT_VERSION 4
/* The stdio buffer a report is written through (and its spool): a report
 * is megabytes, and stdio's own 4 KiB made a write per 4 KiB. */
#define REPORT_BUFFER (64 * 1024)

/* One learner: what the store holds, and the level it scores to. */
struct report_learner {
	char uid[33]; /* the learner's random id ("" in files of version 1-2) */
	char *name;
	char *created_at;
	char *key;	 /* their public key (hex), or NULL */
	char *signature; /* over report_learner_digest(), or NULL: unsigned */
	char *email, *id_number, *section; /* for gradebooks, or NULL */
	char *canvas_id, *login; /* this database's own (store_learner_lms) */
	struct study_answer *reviews; /* study answers, in time order */
	size_t n_reviews;
	struct progress progress;
	struct prog_event *events; /* the log, in order, with its chain */
	size_t n_events;
	struct view *view;	/* against the report's pack */
	struct evidence *evidence; /* the latest of each probe, the view's */
	size_t n_evidence;
	struct review *reviews_given; /* an instructor's, the latest per entry */
	size_t n_reviews_given;
	char *last_at;		/* the newest event's time, or NULL */
	size_t anchor;		/* its number in the report's links (1...) */
	struct study_session *sessions; /* study sessions (collected only) */
	size_t n_sessions;
	/* As read from a file (report_parse); NULL when collected: the
	 * learner's JSON object (a json_t) that verify compares. */
	char *level, *chain_head;
	void *raw;
};

struct cohort;
struct report_stream;

struct report {
	const struct pack *pack;
	struct cohort *summary; /* of the learners kept (report_select) */
	/* The key a review file is signed with (this database's own). */
	const char *sign_public, *sign_secret;
	bool bom;		/* CSV: a byte-order mark first, for spreadsheets */
	const char *grade_item; /* moodle, canvas: the grade column's header */
	/* moodle, canvas: grade the learner's own level rather than the
	 * instructor's view; the reviews in Moodle's feedback column; a
	 * percent column; the column Moodle maps rows by ("email", else
	 * "id_number"); learners without it (or sharing it) left out rather
	 * than the export refused, named in *left_out (caller frees). */
	bool grade_self, feedback, percent, skip_missing;
	const char *key;
	char **left_out;
	char sep; /* csv, moodle, canvas: between cells (0: ',') */
	char content_hash[65]; /* of the pack the report was made with */
	char generated_at[32];
	/* As read from a file: its pack's id and version, its format, its
	 * cohort summary (a json_t, or NULL) that verify recounts. */
	char *pack_id, *pack_version;
	int version;
	void *raw_summary;
	/* All n learners, in memory (report_collect, report_parse); NULL for
	 * a cohort read one learner at a time (report_open), which keeps a
	 * light row per learner instead (see report_row). Writers are
	 * handed each learner (report_write) and read rows through
	 * report_row(). */
	struct report_learner *learners;
	size_t n;
	struct report_learner *rows;
	struct report_stream *stream;
};

/* Gathers the named learners (all of them when names is NULL), with their
 * event logs when events is set (every format but CSV shows them). */
int report_collect(struct store *s, const struct pack *p,
		   const char *const *names, size_t n, bool events,
		   struct report *out, char **err);
void report_free(struct report *r);

/* The order of learners in a report. Names compare by the locale's
 * collation (LC_COLLATE), case folded; every order ends by name. */
enum report_sort {
	SORT_NAME,
	SORT_LEVEL,    /* highest level first */
	SORT_PROGRESS, /* most done first */
	SORT_ACTIVITY, /* latest activity first */
};
/* "name", "level", "progress", "activity" → the order; -1 otherwise. */
int report_sort_of(const char *name);

/* 0 when level is a level id of p, "not-yet" or NULL; else -1 with *err
 * naming the pack's levels. */
int report_level_check(const struct pack *p, const char *level, char **err);

/* Sorts the learners, keeps those at level (a level id or "not-yet"; NULL
 * keeps all), and counts the cohort summary of those kept. -1 with *err
 * when level names no level of the pack. */
int report_select(struct report *r, enum report_sort sort, const char *level,
		  char **err);

/* What a format can do beyond writing: the command line checks these,
 * never a format's name. */
enum report_cap {
	REPORT_BOM = 1,		/* --bom: a spreadsheet's byte order mark */
	REPORT_GRADE_ITEM = 2,	/* --grade-item: a gradebook's column */
	REPORT_SIGNED = 4,	/* signed with this database's own key */
	REPORT_ONE_LEARNER = 8, /* of one learner (--learner), never --all */
	REPORT_SEP = 16,	/* --sep: a CSV's separator */
	REPORT_MOODLE = 32,	/* --key, --feedback: Moodle's mapping */
};

/* A format: its name for --format, what collecting it needs, and its
 * writer in pieces that report_write() calls in turn.
 *
 * Collect, then print: a writer never reads the store, nor asks for a
 * learner. report_write() (collect.c) reads each learner (for a cohort
 * read one at a time, just then, and only that one) and hands it to the
 * writer, which prints what it is given and what the report holds (its
 * rows, report_row(), and its summary):
 *
 *	scan(l) for each learner	(a format that must see every
 *					 learner before it writes a byte)
 *	head()				(what comes before the learners)
 *	part(l) for each learner	(or, spool set, the parts written
 *					 as the first pass read them; not
 *					 read at all where skip(i) says so)
 *	tail()				(what comes after)
 *	end()				(frees the state)
 *
 * Each piece may be NULL but part; skip (learner i, in the report's
 * order, has no part) spares reading a learner the writer leaves out.
 * state is the writer's, NULL at first (any piece may make it); end()
 * frees it, whatever failed. Each returns 0, or -1 with *err. */
struct report_format_def {
	const char *name;
	bool needs_events;  /* shows the event log (so collecting can skip it) */
	/* shows the cohort summary or an overview of every learner's level
	 * before the learners (so that report_open counts it) */
	bool needs_summary;
	int (*scan)(const struct report *r, const struct report_learner *l,
		    void **state, char **err);
	int (*head)(const struct report *r, void **state, FILE *out, char **err);
	int (*part)(const struct report *r, const struct report_learner *l,
		    void **state, FILE *out, char **err);
	bool (*skip)(const struct report *r, size_t i, void *state);
	int (*tail)(const struct report *r, void *state, FILE *out, char **err);
	void (*end)(void *state);
	/* For --all, write each learner's part as the first pass reads the
	 * learner, into a spool (report_open_parts), so that a cohort whose
	 * head needs the whole cohort is read once (md, html); part() then
	 * sees r's pack, not yet its summary, and a state of its own. */
	bool spool;
	unsigned caps; /* enum report_cap */
};

/* The whole cohort (--all), read one learner at a time so that memory
 * holds one learner, not the cohort, whatever its size. A first pass
 * over the store keeps per learner only a row (name, times, level and
 * counts: what sorting, filtering by level and overview tables need) and,
 * when views is set, counts the cohort summary; the learners are then
 * collected one by one, in the report's order, as report_write() hands
 * them to the writer. Sorted and filtered as report_select() does. Each
 * learner is read in one snapshot of the database; the cohort is read in
 * several, so that writers are never held off for long.
 * -1 with *err (nothing to free) on failure. */
int report_open(struct store *s, const struct pack *p, bool events, bool views,
		enum report_sort sort, const char *level, struct report *out,
		char **err);
/* The same, with each learner's part of format f (f->spool) written in
 * the first pass, into a spool: an unlinked file in $TMPDIR (else /tmp)
 * as large as those parts, which report_write() copies in the report's
 * order. */
int report_open_parts(struct store *s, const struct pack *p,
		      const struct report_format_def *f, enum report_sort sort,
		      const char *level, struct report *out, char **err);

/* Learner i's row: name, created_at, last_at and a view holding the
 * level reached and the counts only (its per-entry states too while the
 * report has at most REPORT_ROW_STATES learners). For a report in memory,
 * the learner itself. Valid until report_free(). */
#define REPORT_ROW_STATES 300
const struct report_learner *report_row(const struct report *r, size_t i);

/* Each learner of r in the report's order, read (a cohort read one at a
 * time: just then) and handed to fn as a report of that learner alone,
 * in memory, without a summary, with i its place: what --split writes.
 * Stops at fn's first nonzero return and returns it; -1 with *err when
 * the store fails. */
int report_each_one(const struct report *r,
		    int (*fn)(const struct report *one, size_t i, void *ctx), void *ctx,
		    char **err);

/* The format named name, or NULL. */
const struct report_format_def *report_format_of(const char *name);
/* "json|csv|md|html...", for usage messages; "json, csv, ... or review"
 * for --help. Both from the format table. */
const char *report_format_names(void);
const char *report_format_list(void);
/* The formats that have cap, as "csv, moodle or canvas". */
const char *report_formats_with(unsigned cap);
/* The report in format f onto out: the writer's pieces in turn, each
 * learner collected and handed to it (see struct report_format_def). 0,
 * or -1 with *err (out may hold a part of the report). */
int report_write(const struct report *r, const struct report_format_def *f,
		 FILE *out, char **err);

/* Reads a JSON export (text of len bytes, named name in messages), scoring
 * its learners against p. Malformed, truncated, foreign or future files
 * are refused with a one-line reason. */
int report_parse(const char *text, size_t len, const char *name,
		 const struct pack *p, struct report *out, char **err);

/* The same, one learner at a time, so that memory holds one learner and
 * not the file: report_read_open() reads the head (format, version,
 * pack) of the file f (or of text, len bytes, when f is NULL) into out;
 * report_read_next() then reads each learner into *l (1; 0 at the end,
 * where out->raw_summary is set whatever the order of the file's keys;
 * -1 with *err, the file refused) for the caller to free with
 * report_learner_free(). A file whose learners come before its head is
 * read whole first. report_read_close() frees the reader (NULL: no-op);
 * out is the caller's to report_free(). */
struct report_reader;
/* The "format" a JSON file states (caller frees), or NULL; read up to
 * that key only (of f, or of text when f is NULL). */
char *report_file_format(FILE *f, const char *text, size_t len);
int report_read_open(FILE *f, const char *text, size_t len, const char *name,
		     const struct pack *p, struct report *out,
		     struct report_reader **reader, char **err);
int report_read_next(struct report_reader *r, struct report_learner *l,
		     char **err);
void report_read_close(struct report_reader *r);
void report_learner_free(struct report_learner *l);

/* What verify found in a parsed export: one line per disagreement
 * between what the file states and what its event log (and, for the same
 * content, the pack) derive; whether it was made from other content than
 * p, in which case the pack's fields could not be checked. */
struct report_check {
	char **problems;
	size_t n;
	bool other_content;
	size_t n_unsigned; /* learners the file carries no signature for */
};
void report_verify(const struct report *r, const struct pack *p,
		   struct report_check *out);
void report_check_free(struct report_check *c);
/* The same one learner at a time, for report_read_next(): begin with the
 * head (its raw_summary may arrive later, before end), each learner, end
 * (which recounts the summary and frees the verifier). */
struct report_verifier;
struct report_verifier *report_verify_begin(const struct report *r,
					    const struct pack *p,
					    struct report_check *c);
void report_verify_learner(struct report_verifier *v,
			   const struct report_learner *l);
void report_verify_end(struct report_verifier *v);

/* A review file read back: whose reviews, by which key, the review
 * events (checked: each a review by that key, the signature holds). */
struct review_file {
	char uid[33];
	char key[65];
	struct prog_event *events;
	size_t n;
};
bool report_is_review(const char *text, size_t len);
int report_review_parse(const char *text, size_t len, const char *name,
			struct review_file *out, char **err);
void report_review_free(struct review_file *f);

/* What a learner's signature covers: their id, name, when added, the
 * head of their log's chain, the gradebook fields, their study sessions
 * and answers; from export version 4 on, each event's seq and links. */
void report_learner_digest(const struct report_learner *l, int version, char out[65]);

/* The same learners as store_merge() takes them; valid while r is. */
struct store_merge *report_merge_list(const struct report *r);
/* One learner as store_merge_learner() takes them; valid while l is. */
struct store_merge report_merge_of(const struct report_learner *l);

#endif
