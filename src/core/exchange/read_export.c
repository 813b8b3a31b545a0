/* SPDX-License-Identifier: MIT */
/* The JSON export read back, one learner at a time, every field checked by
 * the rules of its kind (field.h) before anything else sees it: what
 * verify and import take. The writer is report/report_json.c. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/diag.h"
#include "selfgrade/evidence.h"
#include "selfgrade/field.h"
#include "selfgrade/name.h"
#include "selfgrade/review.h"
#include "selfgrade/sign.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* ---- reading ------------------------------------------------------------ */

struct reader {
	const char *name; /* the file */
	char *err;
	/* A learner's events as the file reader decoded them, one at a time
	 * (read_learner() takes them instead of its "events" list), and the
	 * first problem among them, said when read_learner() comes to them. */
	bool streamed;
	struct prog_event *events;
	size_t n_events;
	char *events_err;
	/* The same for study.reviews, the learner's answers. */
	bool reviews_streamed;
	struct study_answer *reviews;
	size_t n_reviews;
	char *reviews_err;
};

static bool take_streamed(struct reader *rd, struct report_learner *l);
static bool take_reviews(struct reader *rd, struct report_learner *l);

static bool bad(struct reader *rd, const char *where, const char *what)
{
	if (!rd->err)
		diag_fail(&rd->err, "%s: %s: %s", rd->name, where, what);
	return false;
}

/* A string field of the file, checked by the rules of its kind
 * (field.h): what the program would refuse to store, an import refuses
 * too, naming the file, the place and the field (the reason starts with
 * the field's name). */
static const char *get_str(struct reader *rd, json_t *o, const char *key,
			   const char *where, enum field_kind kind, bool nullable)
{
	json_t *v = json_object_get(o, key);
	char at[320], *why = NULL;

	/* The place is written out only for a message: a learner has
	 * hundreds of fields, and formatting the place of each was a cost
	 * every import and verify paid for nothing. */
	if (!v || json_is_null(v)) {
		if (!nullable) {
			snprintf(at, sizeof at, "%s.%s", where, key);
			bad(rd, at, _("missing"));
		}
		return NULL;
	}
	if (!json_is_string(v)) {
		snprintf(at, sizeof at, "%s.%s", where, key);
		bad(rd, at, _("expected a string"));
		return NULL;
	}
	if (field_check(kind, key, json_string_value(v), json_string_length(v), &why)) {
		bad(rd, where, why);
		free(why);
		return NULL;
	}
	return json_string_value(v);
}

/* A time that older files may leave empty ("" as null). */
static const char *get_time_or_empty(struct reader *rd, json_t *o, const char *key,
				     const char *where)
{
	const char *v = json_string_value(json_object_get(o, key));

	if (v && !*v)
		return NULL;
	return get_str(rd, o, key, where, FIELD_TIME, true);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static json_t *get_array(struct reader *rd, json_t *o, const char *key,
			 const char *where)
{
	json_t *v = json_object_get(o, key);
	char at[256];

	snprintf(at, sizeof at, "%s.%s", where, key);
	if (!json_is_array(v)) {
		bad(rd, at, v ? _("expected a list") : _("missing"));
		return NULL;
	}
	return v;
}

/* A list's place for messages: the part before the index written once
 * into a buffer of size (len, what snprintf returned; the bytes it kept
 * returned), each index then appended as snprintf would have, cut to
 * size: formatting the whole place for each of a learner's events and
 * states was a seventh of reading them. */
static size_t place_begin(size_t size, int len)
{
	return len < 0 ? 0 : (size_t)len < size ? (size_t)len : size - 1;
}

static void place_index(char *at, size_t size, size_t n, size_t k)
{
	char num[24];
	size_t i = sizeof num;

	num[--i] = ']';
	do {
		num[--i] = (char)('0' + k % 10);
		k /= 10;
	} while (k);
	for (; i < sizeof num && n + 1 < size; i++)
		at[n++] = num[i];
	at[n] = '\0';
}

static bool read_event(struct reader *rd, json_t *o, const char *where,
		       long long prev_seq, struct prog_event *e)
{
	json_t *seq = json_object_get(o, "seq");
	json_t *batch = json_object_get(o, "batch");
	json_t *undoes = json_object_get(o, "undoes");
	const char *field, *old, *new_;
	bool note;

	if (!json_is_object(o))
		return bad(rd, where, _("expected an object"));
	if (!json_is_integer(seq) || json_integer_value(seq) <= prev_seq)
		return bad(rd, where, _("seq: expected a number above the one before"));
	e->seq = json_integer_value(seq);
	if ((batch && !json_is_null(batch) &&
	     (!json_is_integer(batch) || json_integer_value(batch) < 1 ||
	      json_integer_value(batch) > e->seq)) ||
	    (undoes && !json_is_null(undoes) &&
	     (!json_is_integer(undoes) || json_integer_value(undoes) < 1 ||
	      json_integer_value(undoes) >= e->seq)))
		return bad(rd, where, _("batch/undoes: expected the seq of an "
				      "event at or before this one"));
	e->batch = json_is_integer(batch) ? json_integer_value(batch) : 0;
	e->undoes = json_is_integer(undoes) ? json_integer_value(undoes) : 0;
	e->item_id = (char *)get_str(rd, o, "item_id", where, FIELD_ID, false);
	field = get_str(rd, o, "field", where, FIELD_ID, false);
	e->field = (char *)field;
	/* A note's text is a note; evidence and reviews are checked again
	 * once decoded, field by field. */
	note = field && strcmp(field, "note") == 0;
	old = get_str(rd, o, "old", where, note ? FIELD_NOTE : FIELD_TEXT, true);
	new_ = get_str(rd, o, "new", where, note ? FIELD_NOTE : FIELD_TEXT, true);
	e->old = (char *)old;
	e->new_ = (char *)new_;
	e->old_hash = (char *)get_str(rd, o, "old_hash", where, FIELD_HEX256, true);
	e->text_hash = (char *)get_str(rd, o, "text_hash", where, FIELD_HEX256, true);
	e->at = (char *)get_str(rd, o, "at", where, FIELD_TIME, false);
	e->prev = (char *)get_str(rd, o, "prev", where, FIELD_HEX256, true);
	e->hash = (char *)get_str(rd, o, "hash", where, FIELD_HEX256, false);
	prog_event_own(e);
	if (rd->err)
		return false;
	if (strcmp(field, "done") != 0 && strcmp(field, "note") != 0 &&
	    strcmp(field, EVIDENCE_FIELD) != 0 && strcmp(field, REVIEW_FIELD) != 0 &&
	    strcmp(field, DISPUTE_FIELD) != 0)
		return bad(rd, where, _("field: expected \"done\", \"note\", \"evidence\", "
				      "\"review\" or \"dispute\""));
	if (strcmp(field, DISPUTE_FIELD) == 0) {
		char *probe, *file, *value, *text;
		bool ok = dispute_decode(e, &probe, &file, &value, &text) &&
			  (e->new_ || e->old);
		free(probe);
		free(file);
		free(value);
		free(text);
		if (!ok)
			return bad(rd, where, _("a dispute event that is not a dispute"));
	}
	if (strcmp(field, REVIEW_FIELD) == 0) {
		struct review rv;
		bool ok = review_decode(e, &rv);
		review_clear(&rv);
		if (!ok)
			return bad(rd, where, _("a review event that is not a review"));
	}
	if (strcmp(field, EVIDENCE_FIELD) == 0) {
		struct evidence ev;
		bool ok = evidence_decode(e, &ev);
		evidence_clear(&ev);
		if (!ok)
			return bad(rd, where, _("an evidence event that is not evidence"));
	}
	if (strcmp(field, "done") == 0 &&
	    ((old && strcmp(old, "0") && strcmp(old, "1")) ||
	     (new_ && strcmp(new_, "0") && strcmp(new_, "1"))))
		return bad(rd, where, _("a state is \"0\", \"1\" or null"));
	if ((old && strlen(old) > STORE_MAX_NOTE) ||
	    (new_ && strlen(new_) > STORE_MAX_NOTE))
		return bad(rd, where, _("a note longer than a note can be"));
	return true;
}

static enum prog_kind kind_of(const char *kind)
{
	return strcmp(kind, "mistake") == 0	? PROG_MISTAKE
	       : strcmp(kind, "criterion") == 0 ? PROG_CRITERION
						: PROG_ITEM;
}

static bool read_states(struct reader *rd, json_t *states, const char *where,
			struct progress *pr)
{
	size_t k, cap = 0;
	json_t *v;

	char at[96];
	size_t n = place_begin(sizeof at, snprintf(at, sizeof at, "%s.states[", where));

	xgrow(&pr->states, &cap, json_array_size(states), sizeof *pr->states);
	json_array_foreach(states, k, v) {
		struct prog_state *ps;
		const char *kind;
		json_t *done = json_object_get(v, "done");
		place_index(at, sizeof at, n, k);
		if (!json_is_object(v) || !json_is_boolean(done))
			return bad(rd, at, _("expected an object with \"done\" true or false"));
		xgrow(&pr->states, &cap, pr->n_states + 1, sizeof *pr->states);
		ps = &pr->states[pr->n_states++];
		memset(ps, 0, sizeof *ps);
		ps->id = (char *)get_str(rd, v, "id", at, FIELD_ID, false);
		kind = get_str(rd, v, "kind", at, FIELD_ID, false);
		ps->hash = (char *)get_str(rd, v, "text_hash", at, FIELD_HEX256, false);
		ps->updated_at = (char *)get_time_or_empty(rd, v, "updated_at", at);
		if (!ps->updated_at)
			ps->updated_at = "";
		prog_state_own(ps);
		ps->done = json_is_true(done);
		if (rd->err)
			return false;
		if (!pack_id_valid(ps->id))
			return bad(rd, at, _("id: not an id"));
		if (strcmp(kind, "item") && strcmp(kind, "mistake") &&
		    strcmp(kind, "criterion"))
			return bad(rd, at, _("kind: expected item, mistake or criterion"));
		ps->kind = kind_of(kind);
	}
	return true;
}

static bool read_notes(struct reader *rd, json_t *notes, const char *where,
		       struct progress *pr)
{
	size_t k, cap = 0;
	json_t *v;

	json_array_foreach(notes, k, v) {
		char at[96];
		struct prog_note *pn;
		snprintf(at, sizeof at, "%s.notes[%zu]", where, k);
		if (!json_is_object(v))
			return bad(rd, at, _("expected an object"));
		xgrow(&pr->notes, &cap, pr->n_notes + 1, sizeof *pr->notes);
		pn = &pr->notes[pr->n_notes++];
		memset(pn, 0, sizeof *pn);
		pn->id = dup_or_null(get_str(rd, v, "id", at, FIELD_ID, false));
		pn->text = dup_or_null(get_str(rd, v, "text", at, FIELD_NOTE, false));
		pn->updated_at = dup_or_null(get_time_or_empty(rd, v, "updated_at", at));
		if (rd->err)
			return false;
		if (!pack_id_valid(pn->id))
			return bad(rd, at, _("id: not an id"));
		if (!pn->updated_at)
			pn->updated_at = xstrdup("");
	}
	return true;
}

static bool read_sessions(struct reader *rd, json_t *study, const char *where,
			  struct report_learner *l)
{
	json_t *sessions = json_is_object(study) ? json_object_get(study, "sessions")
						 : NULL;
	size_t k;
	json_t *v;

	if (!json_is_array(sessions))
		return true; /* version 1 files may leave study out */
	l->sessions = xcalloc(json_array_size(sessions) + 1, sizeof *l->sessions);
	json_array_foreach(sessions, k, v) {
		char at[128];
		struct study_session *s = &l->sessions[k];
		json_t *cards = json_object_get(v, "cards");
		json_t *first = json_object_get(v, "first_try");
		snprintf(at, sizeof at, "%s.study.sessions[%zu]", where, k);
		s->uid = dup_or_null(get_str(rd, v, "id", at, FIELD_HEX128, true));
		s->started_at = dup_or_null(get_str(rd, v, "started_at", at, FIELD_TIME, false));
		s->ended_at = dup_or_null(get_str(rd, v, "ended_at", at, FIELD_TIME, false));
		l->n_sessions = k + 1;
		if (rd->err)
			return false;
		if (!json_is_integer(cards) || !json_is_integer(first) ||
		    json_integer_value(cards) < 0 || json_integer_value(first) < 0 ||
		    json_integer_value(first) > json_integer_value(cards) ||
		    json_integer_value(cards) > 1000000)
			return bad(rd, at, _("cards/first_try: expected counts"));
		s->cards = (int)json_integer_value(cards);
		s->first_try = (int)json_integer_value(first);
	}
	return true;
}

static int state_by_id(const void *a, const void *b)
{
	return strcmp(((const struct prog_state *)a)->id,
		      ((const struct prog_state *)b)->id);
}

static int note_by_id(const void *a, const void *b)
{
	return strcmp(((const struct prog_note *)a)->id,
		      ((const struct prog_note *)b)->id);
}

/* One answer of study.reviews, at where. */
static bool read_review(struct reader *rd, json_t *v, const char *at,
			struct study_answer *r)
{
	json_t *grade = json_object_get(v, "grade");
	json_t *first = json_object_get(v, "first_try");

	r->uid = dup_or_null(get_str(rd, v, "id", at, FIELD_HEX128, false));
	r->card_id = dup_or_null(get_str(rd, v, "card", at, FIELD_SHOWN, false));
	r->session_uid = dup_or_null(get_str(rd, v, "session", at, FIELD_HEX128, true));
	r->at = dup_or_null(get_str(rd, v, "at", at, FIELD_TIME, false));
	if (rd->err)
		return false;
	if (strlen(r->card_id) > 128 || !*r->card_id)
		return bad(rd, at, _("card: not a card id"));
	if (!json_is_integer(grade) || json_integer_value(grade) < 1 ||
	    json_integer_value(grade) > 4 || !json_is_boolean(first))
		return bad(rd, at, _("grade 1-4 and first_try true or false expected"));
	r->grade = (int)json_integer_value(grade);
	r->first_try = json_is_true(first);
	return true;
}

static bool read_reviews(struct reader *rd, json_t *study, const char *where,
			 struct report_learner *l)
{
	json_t *reviews = json_is_object(study) ? json_object_get(study, "reviews") : NULL;
	size_t k;
	json_t *v;

	if (rd->reviews_streamed)
		return take_reviews(rd, l);
	if (!reviews)
		return true; /* versions 1-2 carry no answers */
	if (!json_is_array(reviews))
		return bad(rd, where, _("study.reviews: expected a list"));
	l->reviews = xcalloc(json_array_size(reviews) + 1, sizeof *l->reviews);
	json_array_foreach(reviews, k, v) {
		char at[128];
		snprintf(at, sizeof at, "%s.study.reviews[%zu]", where, k);
		l->n_reviews = k + 1;
		if (!read_review(rd, v, at, &l->reviews[k]))
			return false;
	}
	return true;
}

/* Who the learner is: their id (version 3), key and signature, and the
 * gradebook fields. */
static bool read_identity(struct reader *rd, json_t *o, const char *where, int version,
			  struct report_learner *l)
{
	const char *uid = get_str(rd, o, "id", where, FIELD_HEX128, version < 3);
	char at[96];

	l->key = dup_or_null(get_str(rd, o, "key", where, FIELD_HEX256, true));
	l->signature = dup_or_null(get_str(rd, o, "signature", where, FIELD_HEX512, true));
	l->email = dup_or_null(get_str(rd, o, "email", where, FIELD_LINE, true));
	l->id_number = dup_or_null(get_str(rd, o, "id_number", where, FIELD_LINE, true));
	l->section = dup_or_null(get_str(rd, o, "section", where, FIELD_LINE, true));
	if (rd->err)
		return false;
	snprintf(l->uid, sizeof l->uid, "%s", uid ? uid : "");
	snprintf(at, sizeof at, "%s.signature", where);
	if (l->signature && !l->key)
		return bad(rd, at, _("expected 128 hex digits, and a key beside it"));
	return true;
}

/* Every field of a learner in an export, with the version that first
 * wrote it: a file of an older version that states a newer field is
 * refused, so that a relabelled "version" cannot have verify pass over
 * what the file carries (a null states nothing). Fields no version wrote
 * are verify's to name. */
static bool fields_of_version(struct reader *rd, json_t *o, const char *where,
			      int version)
{
	static const struct {
		const char *key;
		int version;
	} keys[] = {
		{"id", 3},	  {"key", 3},	 {"signature", 3}, {"email", 3},
		{"id_number", 3}, {"section", 3}, {"evidence", 3},  {"review", 3},
		{"criteria", 2},  {"next_level", 2}, {"next_level_title", 2},
		{"missing_critical", 2}, {"needs", 2}, {"contradictions", 2},
	};
	json_t *study = json_object_get(o, "study");
	const char *key = NULL;
	int since = 0;
	char at[128], why[160];

	for (size_t i = 0; i < sizeof keys / sizeof *keys && !key; i++)
		if (keys[i].version > version &&
		    !json_is_null(json_object_get(o, keys[i].key)) &&
		    json_object_get(o, keys[i].key)) {
			key = keys[i].key;
			since = keys[i].version;
		}
	if (!key && version < 3 && json_is_object(study) &&
	    json_object_get(study, "reviews")) {
		key = "study.reviews";
		since = 3;
	}
	if (!key)
		return true;
	snprintf(at, sizeof at, "%s.%s", where, key);
	snprintf(why, sizeof why, _("a field of export version %d, in a file of version %d"),
		 since, version);
	return bad(rd, at, why);
}

static bool read_learner(struct reader *rd, json_t *o, size_t i, int version,
			 const struct pack *p, struct report_learner *l)
{
	char where[64], at[320];
	json_t *states, *notes, *events, *v;
	const char *name;
	size_t k, n;

	snprintf(where, sizeof where, "learners[%zu]", i);
	if (!json_is_object(o))
		return bad(rd, where, _("expected an object"));
	if (!fields_of_version(rd, o, where, version))
		return false;
	name = get_str(rd, o, "name", where, FIELD_TEXT, false);
	if (name) {
		/* Older versions kept names as typed: they are made what a name
		 * is now; a file of this version has them so already. */
		char *why = NULL, *normal = name_normal(name, &why);
		if (!normal || (version >= 3 && strcmp(normal, name) != 0)) {
			snprintf(at, sizeof at, "%s.name", where);
			bad(rd, at, why ? why : _("not trimmed or not in NFC"));
			free(why);
			free(normal);
			return false;
		}
		l->name = normal;
	}
	l->created_at = dup_or_null(get_str(rd, o, "created_at", where, FIELD_TIME, true));
	l->level = dup_or_null(get_str(rd, o, "level", where, FIELD_ID, false));
	l->chain_head = dup_or_null(get_str(rd, o, "chain_head", where, FIELD_HEX256, true));
	states = get_array(rd, o, "states", where);
	notes = get_array(rd, o, "notes", where);
	events = get_array(rd, o, "events", where);
	if (rd->err || !read_states(rd, states, where, &l->progress) ||
	    !read_notes(rd, notes, where, &l->progress) ||
	    !read_sessions(rd, json_object_get(o, "study"), where, l) ||
	    !read_reviews(rd, json_object_get(o, "study"), where, l) ||
	    !read_identity(rd, o, where, version, l))
		return false;
	if (rd->streamed) {
		if (!take_streamed(rd, l))
			return false;
	} else {
		l->events = xcalloc(json_array_size(events) + 1, sizeof *l->events);
		n = place_begin(sizeof at, snprintf(at, sizeof at, "%s (%s), events[", where,
						 l->name));
		json_array_foreach(events, k, v) {
			place_index(at, sizeof at, n, k);
			l->n_events = k + 1;
			if (!read_event(rd, v, at, k ? l->events[k - 1].seq : 0,
					&l->events[k]))
				return false;
		}
	}
	/* A signed file of version 3 was signed without the events' links
	 * (batch, undoes): an import does not take what no signature
	 * covers, and keeps its events as single changes. */
	if (version < 4 && l->signature)
		for (k = 0; k < l->n_events; k++)
			l->events[k].batch = l->events[k].undoes = 0;
	if (l->progress.n_states)
		qsort(l->progress.states, l->progress.n_states,
		      sizeof *l->progress.states, state_by_id);
	if (l->progress.n_notes)
		qsort(l->progress.notes, l->progress.n_notes,
		      sizeof *l->progress.notes, note_by_id);
	for (k = 1; k < l->progress.n_states; k++)
		if (strcmp(l->progress.states[k].id, l->progress.states[k - 1].id) == 0)
			return bad(rd, where, _("a state appears twice"));
	l->view = view_new(p, &l->progress, l->sessions, l->n_sessions);
	evidence_latest(l->events, l->n_events, &l->evidence, &l->n_evidence);
	view_use_evidence(l->view, l->evidence, l->n_evidence);
	review_latest(l->events, l->n_events, &l->reviews_given, &l->n_reviews_given);
	view_use_reviews(l->view, l->reviews_given, l->n_reviews_given);
	l->raw = json_incref(o);
	return true;
}

/* ---- a file read one learner at a time ---------------------------------- */

/* The largest single JSON value (one learner, or the head) read. */
#define MAX_VALUE (256u * 1024u * 1024u)
/* The most text one learner of a file may take, events and all: some
 * 60,000 ticks and notes, or 190 rewrites of a note of the largest size.
 * Read as it is (the events one at a time, each kept as a compact
 * prog_event), a learner at this size takes about its size in memory to
 * verify or import for the first time and twice its size to import again
 * (the log here and the file's): under 64 MiB either way (README,
 * "Bounded memory"). */
#define MAX_LEARNER_MIB 24u
#define MAX_LEARNER (MAX_LEARNER_MIB * 1024ull * 1024u)
/* The most JSON values a learner's other fields may hold (its states,
 * notes, study sessions, standing): some 10,000 states, at about 200
 * bytes of memory a value. */
#define MAX_VALUES 100000u
#define CHUNK 65536

/* The top level is walked by hand (punctuation and whitespace only) and
 * every value in it, each learner included, decoded by jansson on its
 * own, from a window over the file that holds at least that value. */
struct report_reader {
	struct reader rd;
	const struct pack *p;
	struct report *head;
	FILE *f;	  /* NULL: text is the whole file */
	char *buf;	  /* the window's storage when reading f */
	size_t cap;
	const char *text; /* the window: bytes [0, len) */
	size_t len, pos;
	bool eof;
	long line;	   /* of text[pos] */
	size_t line_start; /* offset in text of that line, or 0 if dropped */
	json_t *top;	   /* the top level but the learners */
	json_t *held;	   /* learners decoded as one list (odd key order) */
	/* Learners before the head, skipped and read after it: where their
	 * '[' is (offset in the file, its line), and where the file began. */
	bool deferred;
	unsigned long long list_at;
	long list_line;
	long long start;
	json_t *names, *uids; /* seen, for "appears twice" */
	unsigned long long offset; /* of text[pos] in the file */
	size_t cap_events, cap_reviews; /* of rd.events, rd.reviews */
	size_t values; /* decoded in the learner being read (values_fit()) */
	size_t i;
	bool seen_learners, head_read;
	int state; /* 0 head, 1 in learners, 2 after them, 3 done */
};

static bool fill(struct report_reader *r, size_t want)
{
	if (!r->f || r->eof || r->len - r->pos >= want)
		return true;
	{
		/* Keep from the current line's start when it is near, for the
		 * column of a message. */
		size_t keep = r->pos - r->line_start <= CHUNK ? r->line_start : r->pos;
		if (keep)
			memmove(r->buf, r->buf + keep, r->len - keep);
		r->len -= keep;
		r->pos -= keep;
		r->line_start = 0; /* where keep began, or dropped */
	}
	if (want > MAX_VALUE + (size_t)CHUNK)
		return bad(&r->rd, "(file)", _("a value larger than an export's "
					   "learner can be (256 MiB)"));
	if (r->len + want + 1 > r->cap)
		xgrow(&r->buf, &r->cap, r->len + want + 1, 1);
	while (!r->eof && r->len - r->pos < want) {
		size_t k = fread(r->buf + r->len, 1, r->cap - r->len - 1, r->f);
		r->len += k;
		if (k == 0) {
			if (ferror(r->f))
				return bad(&r->rd, "(file)", _("cannot read"));
			r->eof = true;
		}
	}
	r->text = r->buf;
	return true;
}

static void advance(struct report_reader *r, size_t k)
{
	const char *s = r->text + r->pos, *end = s + k, *nl;

	while ((nl = memchr(s, '\n', (size_t)(end - s)))) {
		r->line++;
		s = nl + 1;
		r->line_start = (size_t)(s - r->text);
	}
	r->pos += k;
	r->offset += k;
}

/* The next byte after whitespace, or -1 at the end of the file. */
static int peek(struct report_reader *r)
{
	for (;;) {
		if (r->pos == r->len && (!fill(r, CHUNK) || r->pos == r->len))
			return -1;
		char c = r->text[r->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return (unsigned char)c;
		advance(r, 1);
	}
}

static size_t chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

static bool syntax(struct report_reader *r, long line, size_t col, const char *what)
{
	if (!r->rd.err)
		diag_fail(&r->rd.err, _("%s:%ld:%zu: not a JSON export (%s)"), r->rd.name,
			  line, col, what);
	return false;
}

static bool punct(struct report_reader *r, const char *what)
{
	return syntax(r, r->line,
		      chars(r->text + r->line_start, r->pos - r->line_start) + 1, what);
}

/* One JSON value at the position, decoded by jansson. */
static json_t *decode(struct report_reader *r)
{
	size_t want = CHUNK;

	if (peek(r) < 0) {
		punct(r, "'[', '{', or a value expected");
		return NULL;
	}
	for (;;) {
		json_error_t je;
		json_t *v;
		if (!fill(r, want))
			return NULL;
		v = json_loadb(r->text + r->pos, r->len - r->pos,
			       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
				       JSON_DISABLE_EOF_CHECK,
			       &je);
		/* Cut short by the window's end (a number may even look whole):
		 * read more and decode again. */
		if (!r->eof && (size_t)je.position + 8 >= r->len - r->pos) {
			json_decref(v);
			want = 2 * (r->len - r->pos) + CHUNK;
			continue;
		}
		if (!v) {
			size_t col = je.line > 1 ? (size_t)je.column
						 : chars(r->text + r->line_start,
							 r->pos - r->line_start) +
							   (size_t)je.column;
			syntax(r, r->line + je.line - 1, col, je.text);
			return NULL;
		}
		advance(r, (size_t)je.position);
		return v;
	}
}

/* ---- a learner walked by hand ------------------------------------------ */

/* Refuses a learner whose text has grown past MAX_LEARNER. */
static bool learner_fits(struct report_reader *r, unsigned long long start)
{
	char where[64];

	if (r->offset - start <= MAX_LEARNER)
		return true;
	snprintf(where, sizeof where, "learners[%zu]", r->i);
	diag_fail(&r->rd.err, _("%s: %s: larger than an export's learner can be "
				"(%u MiB)"),
		  r->rd.name, where, MAX_LEARNER_MIB);
	return false;
}

/* The JSON values in v, v included. */
static size_t values_in(json_t *v)
{
	size_t n = 1, k;
	const char *key;
	json_t *x;

	if (json_is_object(v))
		json_object_foreach(v, key, x)
			n += values_in(x);
	else if (json_is_array(v))
		json_array_foreach(v, k, x)
			n += values_in(x);
	return n;
}

/* Refuses a learner whose values other than its events and answers (which
 * are streamed) pass MAX_VALUES: those stay decoded in the object verify
 * compares, at about 200 bytes a value, whatever the text's size. */
static bool values_fit(struct report_reader *r, json_t *v)
{
	char where[64];

	r->values += values_in(v);
	if (r->values <= MAX_VALUES)
		return true;
	snprintf(where, sizeof where, "learners[%zu]", r->i);
	diag_fail(&r->rd.err, _("%s: %s: more values than an export's learner can "
				"hold (%u, besides its events and answers)"),
		  r->rd.name, where, MAX_VALUES);
	return false;
}

/* One event of the list stream_list() walks: read into rd.events, the
 * first problem kept for read_learner() to say where the list read whole
 * would have said it. */
static void event_one(struct report_reader *r, json_t *v, size_t k, const char *name)
{
	struct reader *rd = &r->rd;
	char at[320];

	if (rd->events_err)
		return;
	if (name)
		snprintf(at, sizeof at, "learners[%zu] (%s), events[%zu]", r->i, name, k);
	else
		snprintf(at, sizeof at, "learners[%zu], events[%zu]", r->i, k);
	xgrow(&rd->events, &r->cap_events, k + 2, sizeof *rd->events);
	memset(&rd->events[k], 0, 2 * sizeof *rd->events);
	rd->n_events = k + 1;
	if (!read_event(rd, v, at, k ? rd->events[k - 1].seq : 0, &rd->events[k])) {
		rd->events_err = rd->err;
		rd->err = NULL;
	}
}

/* One answer of study.reviews, the same way into rd.reviews. */
static void review_one(struct report_reader *r, json_t *v, size_t k, const char *name)
{
	struct reader *rd = &r->rd;
	char at[128];

	(void)name;
	if (rd->reviews_err)
		return;
	snprintf(at, sizeof at, "learners[%zu].study.reviews[%zu]", r->i, k);
	xgrow(&rd->reviews, &r->cap_reviews, k + 2, sizeof *rd->reviews);
	memset(&rd->reviews[k], 0, 2 * sizeof *rd->reviews);
	rd->n_reviews = k + 1;
	if (!read_review(rd, v, at, &rd->reviews[k])) {
		rd->reviews_err = rd->err;
		rd->err = NULL;
	}
}

/* A list at the position ('[' next) whose elements are each decoded by
 * jansson alone and handed to each(), so that neither jansson (a dozen
 * times the text) nor the window (the text) ever holds the whole list:
 * a learner's events and answers, which grow with every day of use. */
static bool stream_list(struct report_reader *r, unsigned long long start,
			void (*each)(struct report_reader *, json_t *, size_t, const char *),
			const char *name)
{
	size_t k = 0;
	int c;

	advance(r, 1);
	if (peek(r) == ']') {
		advance(r, 1);
		return true;
	}
	for (;;) {
		json_t *v = decode(r);
		if (!v)
			return false;
		each(r, v, k++, name);
		json_decref(v);
		if (!learner_fits(r, start))
			return false;
		c = peek(r);
		if (c == ']') {
			advance(r, 1);
			return true;
		}
		if (c != ',')
			return punct(r, "',' or ']' expected");
		advance(r, 1);
	}
}

static void drop_streamed(struct reader *rd)
{
	prog_events_free(rd->events, rd->n_events);
	free(rd->events_err);
	store_reviews_free(rd->reviews, rd->n_reviews);
	free(rd->reviews_err);
	rd->events = NULL;
	rd->n_events = 0;
	rd->events_err = NULL;
	rd->streamed = false;
	rd->reviews = NULL;
	rd->n_reviews = 0;
	rd->reviews_err = NULL;
	rd->reviews_streamed = false;
}

/* read_learner()'s events, from the reader. */
static bool take_streamed(struct reader *rd, struct report_learner *l)
{
	l->events = rd->events ? rd->events : xcalloc(1, sizeof *l->events);
	l->n_events = rd->n_events;
	rd->events = NULL;
	rd->n_events = 0;
	rd->streamed = false;
	if (rd->events_err && !rd->err) {
		rd->err = rd->events_err;
		rd->events_err = NULL;
	}
	return !rd->err;
}

/* read_reviews()'s answers, from the reader. */
static bool take_reviews(struct reader *rd, struct report_learner *l)
{
	l->reviews = rd->reviews ? rd->reviews : xcalloc(1, sizeof *l->reviews);
	l->n_reviews = rd->n_reviews;
	rd->reviews = NULL;
	rd->n_reviews = 0;
	rd->reviews_streamed = false;
	if (rd->reviews_err && !rd->err) {
		rd->err = rd->reviews_err;
		rd->reviews_err = NULL;
	}
	return !rd->err;
}

/* An object at the position ('{' next), walked by hand as the top level
 * is: a learner (study false) or its study. Each value is decoded by
 * jansson on its own, but a learner's events and its study's reviews are
 * streamed (stream_list()) and left empty lists in the object, which is
 * what verify compares. */
static json_t *decode_object(struct report_reader *r, unsigned long long start,
			     bool study)
{
	json_t *o = json_object(), *key = NULL, *v;
	char *name = NULL;
	const char *k;
	int c;

	advance(r, 1);
	c = peek(r);
	if (c == '}') {
		advance(r, 1);
		return o;
	}
	for (;;) {
		bool ok;
		if (c != '"') {
			punct(r, "string expected");
			break;
		}
		if (!(key = decode(r)))
			break;
		k = json_string_value(key);
		if (json_string_length(key) != strlen(k)) {
			punct(r, "NUL byte in object key not supported");
			break;
		}
		if (json_object_get(o, k)) {
			punct(r, "duplicate object key");
			break;
		}
		if (peek(r) != ':') {
			punct(r, "':' expected");
			break;
		}
		advance(r, 1);
		c = peek(r);
		if (!study && strcmp(k, "events") == 0 && c == '[') {
			/* Named in messages as read_learner() names it, when
			 * the name came first (as selfgrade writes it). */
			const char *said = json_string_value(json_object_get(o, "name"));
			name = said ? name_normal(said, NULL) : NULL;
			r->rd.streamed = true;
			ok = stream_list(r, start, event_one, name ? name : said);
			v = json_array();
		} else if (study && strcmp(k, "reviews") == 0 && c == '[') {
			r->rd.reviews_streamed = true;
			ok = stream_list(r, start, review_one, NULL);
			v = json_array();
		} else if (!study && strcmp(k, "study") == 0 && c == '{') {
			v = decode_object(r, start, true);
			ok = v != NULL;
		} else {
			v = decode(r);
			ok = v != NULL && values_fit(r, v);
		}
		if (!ok) {
			json_decref(v);
			break;
		}
		json_object_set_new(o, k, v);
		json_decref(key);
		key = NULL;
		if (!learner_fits(r, start))
			break;
		c = peek(r);
		if (c == '}') {
			advance(r, 1);
			free(name);
			return o;
		}
		if (c != ',') {
			punct(r, "',' or '}' expected");
			break;
		}
		advance(r, 1);
		c = peek(r);
	}
	free(name);
	json_decref(key);
	json_decref(o);
	return NULL;
}

static json_t *decode_learner(struct report_reader *r)
{
	json_t *o;

	r->cap_events = r->cap_reviews = 0; /* rd's lists were taken or dropped */
	r->values = 0;
	o = decode_object(r, r->offset, false);

	if (!o)
		drop_streamed(&r->rd);
	return o;
}

/* The head as report_parse() always checked it: format, version, pack. */
static bool read_head(struct report_reader *r)
{
	struct report *out = r->head;
	json_t *top = r->top, *v, *pack;
	const char *format = json_string_value(json_object_get(top, "format"));
	const char *hash;

	if (r->head_read)
		return true;
	r->head_read = true;
	v = json_object_get(top, "version");
	if (!format || strcmp(format, REPORT_FORMAT) != 0) {
		if (!r->rd.err)
			diag_fail(&r->rd.err, _("%s: not a selfgrade export (no \"format\": \"%s\")"),
				  r->rd.name, REPORT_FORMAT);
		return false;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		if (!r->rd.err)
			diag_fail(&r->rd.err, _("%s: no version"), r->rd.name);
		return false;
	}
	if (json_integer_value(v) > REPORT_VERSION) {
		if (!r->rd.err)
			diag_fail(&r->rd.err, _("%s: made by a newer selfgrade (export version "
					      "%lld; this one reads %d)"),
				  r->rd.name, (long long)json_integer_value(v), REPORT_VERSION);
		return false;
	}
	out->version = (int)json_integer_value(v);
	pack = json_object_get(top, "pack");
	if (!json_is_object(pack)) {
		bad(&r->rd, "pack", _("missing"));
	} else {
		out->pack_id = dup_or_null(get_str(&r->rd, pack, "id", "pack", FIELD_ID, false));
		out->pack_version =
			dup_or_null(get_str(&r->rd, pack, "version", "pack", FIELD_SHOWN, false));
		hash = get_str(&r->rd, pack, "content_hash", "pack", FIELD_HEX256, false);
		if (hash)
			snprintf(out->content_hash, sizeof out->content_hash, "%s", hash);
	}
	return !r->rd.err;
}

/* Whether the reader can come back to a place it passed: text in memory,
 * or a file that can seek (not a pipe). */
static bool can_come_back(const struct report_reader *r)
{
	return !r->f || r->start >= 0;
}

/* Back to the learners' list skipped before the head. */
static bool go_back(struct report_reader *r)
{
	if (r->f) {
		if (fseeko(r->f, (off_t)(r->start + (long long)r->list_at), SEEK_SET) != 0)
			return bad(&r->rd, "(file)", _("cannot read"));
		r->len = r->pos = 0;
		r->eof = false;
	} else {
		r->pos = (size_t)r->list_at;
	}
	r->offset = r->list_at;
	r->line = r->list_line;
	r->line_start = r->pos; /* columns on this line count from the '[' */
	return peek(r) == '[' || punct(r, "'[' expected");
}

/* Moves past the list or object at the position without decoding it:
 * strings skipped whole, brackets counted. Its syntax is checked when
 * its learners are read, after the head. */
static bool skip_list(struct report_reader *r)
{
	size_t depth = 0;
	bool in_string = false, escaped = false;

	for (;;) {
		const char *p, *end;
		if (r->pos == r->len && (!fill(r, CHUNK) || r->pos == r->len))
			return punct(r, "unexpected end of file");
		p = r->text + r->pos;
		end = r->text + r->len;
		for (; p < end; p++) {
			char c = *p;
			if (in_string) {
				if (escaped)
					escaped = false;
				else if (c == '\\')
					escaped = true;
				else if (c == '"')
					in_string = false;
			} else if (c == '"') {
				in_string = true;
			} else if (c == '[' || c == '{') {
				depth++;
			} else if (c == ']' || c == '}') {
				if (depth-- == 0)
					break;
				if (depth == 0) {
					advance(r, (size_t)(p + 1 - (r->text + r->pos)));
					return true;
				}
			}
		}
		if (p < end) {
			advance(r, (size_t)(p - (r->text + r->pos)));
			return punct(r, "unbalanced brackets");
		}
		advance(r, (size_t)(end - (r->text + r->pos)));
	}
}

/* Top-level keys up to the learners (state 1, the '[' read) or the end
 * (state 3, the head read and checked). */
static bool walk_top(struct report_reader *r)
{
	for (;;) {
		json_t *key, *v;
		const char *k;
		int c = peek(r);
		if (c == '}') {
			json_t *s = json_object_get(r->top, "summary");
			advance(r, 1);
			if (peek(r) >= 0)
				return punct(r, "end of file expected");
			r->state = 3;
			if (!read_head(r))
				return false;
			if (s && !json_is_object(s))
				return bad(&r->rd, "summary", _("expected an object"));
			if (!r->seen_learners)
				return bad(&r->rd, "(top).learners",
					   json_object_get(r->top, "learners")
						   ? _("expected a list")
						   : _("missing"));
			if (r->deferred) {
				/* The learners skipped before the head, read
				 * now one at a time; the rest was read. */
				if (!go_back(r))
					return false;
				advance(r, 1);
				r->state = 1;
			}
			return true;
		}
		if (c != '"')
			return punct(r, "string or '}' expected");
		if (!(key = decode(r)))
			return false;
		k = json_string_value(key);
		if (json_object_get(r->top, k) ||
		    (strcmp(k, "learners") == 0 && r->seen_learners)) {
			json_decref(key);
			return punct(r, "duplicate object key");
		}
		if (peek(r) != ':') {
			json_decref(key);
			return punct(r, "':' expected");
		}
		advance(r, 1);
		if (strcmp(k, "learners") == 0 && peek(r) == '[' && r->state == 0 &&
		    json_object_get(r->top, "format") && json_object_get(r->top, "version") &&
		    json_object_get(r->top, "pack")) {
			json_decref(key);
			if (!read_head(r))
				return false;
			advance(r, 1);
			r->state = 1;
			r->seen_learners = true;
			return true;
		}
		if (strcmp(k, "learners") == 0 && peek(r) == '[' && r->state == 0 &&
		    can_come_back(r)) {
			/* Before the head: skipped, and read after it one learner
			 * at a time rather than decoded as one list. */
			json_decref(key);
			r->list_at = r->offset;
			r->list_line = r->line;
			if (!skip_list(r))
				return false;
			r->deferred = true;
			r->seen_learners = true;
			c = peek(r);
			if (c == ',') {
				advance(r, 1);
				continue;
			}
			if (c != '}')
				return punct(r, "'}' expected");
			continue;
		}
		v = decode(r);
		if (!v) {
			json_decref(key);
			return false;
		}
		if (strcmp(k, "learners") == 0 && json_is_array(v)) {
			r->held = v; /* before the head: read as one list */
			r->seen_learners = true;
		} else
			json_object_set_new(r->top, k, v);
		json_decref(key);
		c = peek(r);
		if (c == ',') {
			advance(r, 1);
			continue;
		}
		if (c != '}')
			return punct(r, "'}' expected");
	}
}

int report_read_open(FILE *f, const char *text, size_t len, const char *name,
		     const struct pack *p, struct report *out,
		     struct report_reader **reader, char **err)
{
	struct report_reader *r = xcalloc(1, sizeof *r);

	memset(out, 0, sizeof *out);
	out->pack = p;
	r->rd.name = name;
	r->p = p;
	r->head = out;
	r->f = f;
	r->text = f ? "" : text;
	r->len = f ? 0 : len;
	r->eof = !f;
	r->line = 1;
	r->start = f ? (long long)ftello(f) : 0;
	r->top = json_object();
	r->names = json_object();
	r->uids = json_object();
	if (peek(r) != '{') {
		/* Not an object: jansson says what it is instead. */
		json_t *v = r->rd.err ? NULL : decode(r);
		if (v)
			diag_fail(&r->rd.err, _("%s: not a selfgrade export (no \"format\": \"%s\")"),
				  name, REPORT_FORMAT);
		json_decref(v);
	} else {
		advance(r, 1);
		if (peek(r) == '}') {
			advance(r, 1);
			diag_fail(&r->rd.err, _("%s: not a selfgrade export (no \"format\": \"%s\")"),
				  name, REPORT_FORMAT);
		} else {
			walk_top(r);
		}
	}
	*reader = r;
	if (r->rd.err) {
		*err = r->rd.err;
		r->rd.err = NULL;
		report_read_close(r);
		*reader = NULL;
		report_free(out);
		return -1;
	}
	return 0;
}

char *report_file_format(FILE *f, const char *text, size_t len)
{
	struct report_reader r = {0};
	char *format = NULL;

	r.rd.name = "";
	r.f = f;
	r.text = f ? "" : text;
	r.len = f ? 0 : len;
	r.eof = !f;
	r.line = 1;
	if (peek(&r) != '{')
		goto done;
	advance(&r, 1);
	while (!format && peek(&r) == '"') {
		json_t *key = decode(&r), *v = NULL;
		if (key && peek(&r) == ':') {
			advance(&r, 1);
			/* A list or object before the format (learners of an
			 * export in another key order) is passed, not decoded. */
			if (peek(&r) == '[' || peek(&r) == '{')
				v = skip_list(&r) ? json_null() : NULL;
			else
				v = decode(&r);
		}
		if (key && v && strcmp(json_string_value(key), "format") == 0)
			format = xstrdup(json_is_string(v) ? json_string_value(v) : "");
		json_decref(key);
		json_decref(v);
		/* Past a comma only: once the format is read the file may end
		 * right there, and a step past its end reads beyond it. */
		if (!v || format || peek(&r) != ',')
			break;
		advance(&r, 1);
	}
done:
	free(r.buf);
	free(r.rd.err);
	return format;
}

/* Refuses a second learner of the same name or id. */
static bool once(struct report_reader *r, const struct report_learner *l)
{
	if (json_object_get(r->names, l->name) ||
	    (l->uid[0] && json_object_get(r->uids, l->uid))) {
		if (!r->rd.err)
			diag_fail(&r->rd.err, _("%s: learner '%s' appears twice"), r->rd.name,
				  l->name);
		return false;
	}
	json_object_set_new(r->names, l->name, json_true());
	if (l->uid[0])
		json_object_set_new(r->uids, l->uid, json_true());
	return true;
}

int report_read_next(struct report_reader *r, struct report_learner *l, char **err)
{
	json_t *v = NULL;
	int c;

	memset(l, 0, sizeof *l);
	if (r->state == 1) {
		c = peek(r);
		if (r->i && c == ',') {
			advance(r, 1);
			c = peek(r);
			if (c == ']') {
				punct(r, "value expected");
				goto fail;
			}
		} else if (r->i && c != ']') {
			punct(r, "',' or ']' expected");
			goto fail;
		}
		if (c == ']' && r->deferred) {
			advance(r, 1);
			r->state = 3; /* what follows was read before the head */
		} else if (c == ']') {
			advance(r, 1);
			r->state = 2;
			c = peek(r);
			if (c == ',') {
				advance(r, 1);
			} else if (c != '}') {
				punct(r, "'}' expected");
				goto fail;
			}
			if (!walk_top(r))
				goto fail;
		} else if (!(v = c == '{' ? decode_learner(r) : decode(r))) {
			goto fail;
		}
	}
	if (!v && r->held && r->i < json_array_size(r->held))
		v = json_incref(json_array_get(r->held, r->i));
	if (!v) {
		/* The end: the summary, wherever it stood. */
		json_t *s = json_object_get(r->top, "summary");
		if (s && !r->head->raw_summary)
			r->head->raw_summary = json_incref(s);
		return 0;
	}
	if (!read_learner(&r->rd, v, r->i, r->head->version, r->p, l) || !once(r, l)) {
		drop_streamed(&r->rd);
		json_decref(v);
		goto fail;
	}
	drop_streamed(&r->rd);
	json_decref(v);
	r->i++;
	return 1;
fail:
	report_learner_free(l);
	memset(l, 0, sizeof *l);
	*err = r->rd.err ? r->rd.err : xstrdup("cannot read the export");
	r->rd.err = NULL;
	r->state = 3;
	return -1;
}

void report_read_close(struct report_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->rd.err);
	drop_streamed(&r->rd);
	json_decref(r->top);
	json_decref(r->held);
	json_decref(r->names);
	json_decref(r->uids);
	free(r);
}

int report_parse(const char *text, size_t len, const char *name,
		 const struct pack *p, struct report *out, char **err)
{
	struct report_reader *r;
	size_t cap = 0;
	int rc;

	if (report_read_open(NULL, text, len, name, p, out, &r, err))
		return -1;
	for (;;) {
		xgrow(&out->learners, &cap, out->n + 1, sizeof *out->learners);
		rc = report_read_next(r, &out->learners[out->n], err);
		if (rc <= 0)
			break;
		out->learners[out->n].anchor = out->n + 1;
		out->n++;
	}
	report_read_close(r);
	if (rc < 0) {
		report_free(out);
		return -1;
	}
	return 0;
}
