/* SPDX-License-Identifier: MIT */
/* Gathering learners for a report, reading exports back, checking them. */
#include "selfgrade/report.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/digest.h"
#include "selfgrade/study.h"
#include "selfgrade/diag.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"


static void learner_free(struct report_learner *l)
{
	free(l->name);
	free(l->created_at);
	free(l->level);
	free(l->chain_head);
	free(l->last_at);
	store_sessions_free(l->sessions, l->n_sessions);
	progress_free(&l->progress);
	prog_events_free(l->events, l->n_events);
	score_free(l->score);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		learner_free(&r->learners[i]);
	free(r->learners);
	free(r->pack_id);
	free(r->pack_version);
	memset(r, 0, sizeof *r);
}

static int collect_one(struct store *s, const struct pack *p,
		       const char *name, bool events, struct report_learner *l,
		       char **err)
{
	int64_t id;

	memset(l, 0, sizeof *l);
	l->name = xstrdup(name);
	if (store_learner_find(s, name, &id, err) ||
	    store_learner_created(s, id, &l->created_at, &l->last_at, err) ||
	    store_progress(s, id, &l->progress, err) ||
	    store_sessions(s, id, &l->sessions, &l->n_sessions, err) ||
	    (events && store_events(s, id, &l->events, &l->n_events, err)))
		return -1;
	l->score = score_compute(p, &l->progress);
	return 0;
}

/* The whole cohort: one read of every learner's progress, then the logs
 * one learner at a time if asked for. */
static int collect_all(struct store *s, const struct pack *p, bool events,
		       struct report *out, char **err)
{
	struct store_learner *v;
	size_t n;
	int rc = 0;

	if (store_cohort(s, &v, &n, err))
		return -1;
	out->learners = xcalloc(n ? n : 1, sizeof *out->learners);
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		struct report_learner *l = &out->learners[i];
		int64_t id = v[i].id;
		l->name = v[i].name;
		l->created_at = v[i].created_at;
		l->last_at = v[i].last_at;
		l->progress = v[i].progress;
		memset(&v[i], 0, sizeof v[i]); /* moved */
		l->score = score_compute(p, &l->progress);
		if (rc == 0)
			rc = store_sessions(s, id, &l->sessions, &l->n_sessions, err);
		if (events && rc == 0)
			rc = store_events(s, id, &l->events, &l->n_events, err);
	}
	store_cohort_free(v, n);
	return rc;
}

int report_collect(struct store *s, const struct pack *p,
		   const char *const *names, size_t n, bool events,
		   struct report *out, char **err)
{
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->pack = p;
	digest_pack(p, out->content_hash);
	store_now(out->generated_at);
	if (!names) {
		rc = collect_all(s, p, events, out, err);
	} else {
		out->learners = xcalloc(n ? n : 1, sizeof *out->learners);
		rc = store_read_begin(s, err);
		for (size_t i = 0; i < n && rc == 0; i++) {
			rc = collect_one(s, p, names[i], events, &out->learners[i], err);
			out->n = i + 1;
		}
		store_read_end(s);
	}
	if (rc)
		report_free(out);
	return rc;
}

int report_format_of(const char *name)
{
	static const char *const names[] = {"json", "csv", "md", "html"};
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int report_write(const struct report *r, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_JSON:
		return report_write_json(r, out);
	case REPORT_CSV:
		return report_write_csv(r, out);
	case REPORT_MD:
		return report_write_md(r, out);
	default:
		return report_write_html(r, out);
	}
}

/* ---- shared by the writers ---------------------------------------------- */

void report_checkables(const struct pack *p, const struct pack_entry ***v,
		       size_t *n)
{
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	/* The index is sorted by id; the report wants the pack's order:
	 * items as the tree has them, then mistakes, then attestations. */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < p->n_index; i++) {
			const struct pack_entry *e = &p->index[i];
			int k = progress_kind_of(e);
			if (k != pass)
				continue;
			xgrow(v, &cap, *n + 1, sizeof **v);
			(*v)[(*n)++] = e;
		}
	if (*n && (*v)[0]->kind == PACK_ITEM) {
		/* Tree order for the items: by position in the file. */
		size_t items = 0;
		while (items < *n && (*v)[items]->kind == PACK_ITEM)
			items++;
		qsort(*v, items, sizeof **v, report_by_pos);
	}
}

int report_by_pos(const void *a, const void *b)
{
	const struct pack_entry *x = *(const struct pack_entry *const *)a;
	const struct pack_entry *y = *(const struct pack_entry *const *)b;
	return x->pos.line != y->pos.line ? (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line)
					  : (x->pos.col > y->pos.col) - (x->pos.col < y->pos.col);
}

void report_study(const struct report_learner *l, struct report_study *out)
{
	memset(out, 0, sizeof *out);
	out->sessions = l->n_sessions;
	for (size_t i = 0; i < l->n_sessions; i++) {
		int64_t a = study_time_parse(l->sessions[i].started_at);
		int64_t b = study_time_parse(l->sessions[i].ended_at);
		out->cards += l->sessions[i].cards;
		out->first_try += l->sessions[i].first_try;
		if (a >= 0 && b >= a)
			out->seconds += b - a;
	}
}

const char *report_last_activity(const struct report_learner *l)
{
	const char *last = l->created_at ? l->created_at : "";
	if (l->last_at && strcmp(l->last_at, last) > 0)
		last = l->last_at;
	for (size_t i = 0; i < l->n_events; i++)
		if (l->events[i].at && strcmp(l->events[i].at, last) > 0)
			last = l->events[i].at;
	return last;
}

/* ---- reading an export back ------------------------------------------------- */

/* A field of an object, of the type asked, or an error naming where. */
struct reader {
	const char *name; /* the file */
	char *err;
};

static bool bad(struct reader *rd, const char *where, const char *what)
{
	if (!rd->err)
		diag_fail(&rd->err, "%s: %s: %s", rd->name, where, what);
	return false;
}

static const char *get_str(struct reader *rd, json_t *o, const char *key,
			   const char *where, bool nullable)
{
	json_t *v = json_object_get(o, key);
	char at[256];

	snprintf(at, sizeof at, "%s.%s", where, key);
	if (!v || json_is_null(v)) {
		if (!nullable)
			bad(rd, at, "missing");
		return NULL;
	}
	if (!json_is_string(v)) {
		bad(rd, at, "expected a string");
		return NULL;
	}
	if (utf8_has_controls(json_string_value(v), json_string_length(v),
			      strcmp(key, "text") == 0 || strcmp(key, "old") == 0 ||
					      strcmp(key, "new") == 0
				      ? "\n\t"
				      : "")) {
		bad(rd, at, "holds control characters");
		return NULL;
	}
	return json_string_value(v);
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
		bad(rd, at, v ? "expected a list" : "missing");
		return NULL;
	}
	return v;
}

static bool read_event(struct reader *rd, json_t *o, const char *where,
		       struct prog_event *e)
{
	json_t *seq = json_object_get(o, "seq");
	json_t *batch = json_object_get(o, "batch");
	json_t *undoes = json_object_get(o, "undoes");
	const char *field, *old, *new_;

	if (!json_is_object(o))
		return bad(rd, where, "expected an object");
	if (!json_is_integer(seq))
		return bad(rd, where, "seq: expected a number");
	e->seq = json_integer_value(seq);
	e->batch = json_is_integer(batch) ? json_integer_value(batch) : 0;
	e->undoes = json_is_integer(undoes) ? json_integer_value(undoes) : 0;
	e->item_id = dup_or_null(get_str(rd, o, "item_id", where, false));
	field = get_str(rd, o, "field", where, false);
	e->field = dup_or_null(field);
	old = get_str(rd, o, "old", where, true);
	new_ = get_str(rd, o, "new", where, true);
	e->old = dup_or_null(old);
	e->new_ = dup_or_null(new_);
	e->old_hash = dup_or_null(get_str(rd, o, "old_hash", where, true));
	e->text_hash = dup_or_null(get_str(rd, o, "text_hash", where, true));
	e->at = dup_or_null(get_str(rd, o, "at", where, false));
	e->prev = dup_or_null(get_str(rd, o, "prev", where, true));
	e->hash = dup_or_null(get_str(rd, o, "hash", where, false));
	if (rd->err)
		return false;
	if (strcmp(field, "done") != 0 && strcmp(field, "note") != 0)
		return bad(rd, where, "field: expected \"done\" or \"note\"");
	if (strcmp(field, "done") == 0 &&
	    ((old && strcmp(old, "0") && strcmp(old, "1")) ||
	     (new_ && strcmp(new_, "0") && strcmp(new_, "1"))))
		return bad(rd, where, "a state is \"0\", \"1\" or null");
	if ((old && strlen(old) > STORE_MAX_NOTE) ||
	    (new_ && strlen(new_) > STORE_MAX_NOTE))
		return bad(rd, where, "a note longer than a note can be");
	return true;
}

static bool read_learner(struct reader *rd, json_t *o, size_t i,
			 const struct pack *p, struct report_learner *l)
{
	char where[64];
	json_t *states, *notes, *events, *v;
	size_t k, cap = 0;
	const char *name;

	snprintf(where, sizeof where, "learners[%zu]", i);
	if (!json_is_object(o))
		return bad(rd, where, "expected an object");
	name = get_str(rd, o, "name", where, false);
	if (name && (!*name || strlen(name) > STORE_MAX_NAME))
		return bad(rd, where, "name: empty or too long");
	l->name = dup_or_null(name);
	l->created_at = dup_or_null(get_str(rd, o, "created_at", where, true));
	l->level = dup_or_null(get_str(rd, o, "level", where, false));
	l->chain_head = dup_or_null(get_str(rd, o, "chain_head", where, true));
	states = get_array(rd, o, "states", where);
	notes = get_array(rd, o, "notes", where);
	events = get_array(rd, o, "events", where);
	if (rd->err)
		return false;
	json_array_foreach(states, k, v) {
		char at[96];
		struct prog_state *ps;
		const char *kind;
		json_t *done = json_object_get(v, "done");
		snprintf(at, sizeof at, "%s.states[%zu]", where, k);
		if (!json_is_object(v) || !json_is_boolean(done))
			return bad(rd, at, "expected an object with \"done\" true or false");
		xgrow(&l->progress.states, &cap, l->progress.n_states + 1,
		      sizeof *l->progress.states);
		ps = &l->progress.states[l->progress.n_states++];
		memset(ps, 0, sizeof *ps);
		ps->id = dup_or_null(get_str(rd, v, "id", at, false));
		kind = get_str(rd, v, "kind", at, false);
		ps->hash = dup_or_null(get_str(rd, v, "text_hash", at, false));
		ps->updated_at = dup_or_null(get_str(rd, v, "updated_at", at, true));
		ps->done = json_is_true(done);
		if (rd->err)
			return false;
		ps->kind = strcmp(kind, "mistake") == 0     ? PROG_MISTAKE
			   : strcmp(kind, "criterion") == 0 ? PROG_CRITERION
							    : PROG_ITEM;
		if (!ps->updated_at)
			ps->updated_at = xstrdup("");
	}
	cap = 0;
	json_array_foreach(notes, k, v) {
		char at[96];
		struct prog_note *pn;
		snprintf(at, sizeof at, "%s.notes[%zu]", where, k);
		if (!json_is_object(v))
			return bad(rd, at, "expected an object");
		xgrow(&l->progress.notes, &cap, l->progress.n_notes + 1,
		      sizeof *l->progress.notes);
		pn = &l->progress.notes[l->progress.n_notes++];
		memset(pn, 0, sizeof *pn);
		pn->id = dup_or_null(get_str(rd, v, "id", at, false));
		pn->text = dup_or_null(get_str(rd, v, "text", at, false));
		pn->updated_at = dup_or_null(get_str(rd, v, "updated_at", at, true));
		if (rd->err)
			return false;
		if (!pn->updated_at)
			pn->updated_at = xstrdup("");
	}
	l->events = xcalloc(json_array_size(events) + 1, sizeof *l->events);
	json_array_foreach(events, k, v) {
		char at[96];
		snprintf(at, sizeof at, "%s.events[%zu]", where, k);
		l->n_events = k + 1;
		if (!read_event(rd, v, at, &l->events[k]))
			return false;
	}
	if (l->progress.n_states)
		qsort(l->progress.states, l->progress.n_states,
		      sizeof *l->progress.states, report_state_by_id);
	if (l->progress.n_notes)
		qsort(l->progress.notes, l->progress.n_notes,
		      sizeof *l->progress.notes, report_note_by_id);
	l->score = score_compute(p, &l->progress);
	return true;
}

int report_state_by_id(const void *a, const void *b)
{
	return strcmp(((const struct prog_state *)a)->id,
		      ((const struct prog_state *)b)->id);
}

int report_note_by_id(const void *a, const void *b)
{
	return strcmp(((const struct prog_note *)a)->id,
		      ((const struct prog_note *)b)->id);
}

int report_parse(const char *text, size_t len, const char *name,
		 const struct pack *p, struct report *out, char **err)
{
	struct reader rd = {name, NULL};
	json_error_t je;
	json_t *root, *v, *learners, *pack;
	const char *format, *hash;
	size_t i;

	memset(out, 0, sizeof *out);
	out->pack = p;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return diag_fail(err, "%s:%d:%d: not a JSON export (%s)", name, je.line,
			    je.column, je.text);
	format = json_is_object(root)
			 ? json_string_value(json_object_get(root, "format"))
			 : NULL;
	v = json_object_get(root, "version");
	if (!format || strcmp(format, REPORT_FORMAT) != 0) {
		json_decref(root);
		return diag_fail(err, "%s: not a selfgrade export (no \"format\": \"%s\")",
			    name, REPORT_FORMAT);
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		json_decref(root);
		return diag_fail(err, "%s: no version", name);
	}
	if (json_integer_value(v) > REPORT_VERSION) {
		long long version = (long long)json_integer_value(v);
		json_decref(root);
		return diag_fail(err, "%s: made by a newer selfgrade (export version "
				 "%lld; this one reads %d)",
			    name, version, REPORT_VERSION);
	}
	pack = json_object_get(root, "pack");
	if (!json_is_object(pack))
		bad(&rd, "pack", "missing");
	else {
		out->pack_id = dup_or_null(get_str(&rd, pack, "id", "pack", false));
		out->pack_version =
			dup_or_null(get_str(&rd, pack, "version", "pack", false));
		hash = get_str(&rd, pack, "content_hash", "pack", false);
		if (hash)
			snprintf(out->content_hash, sizeof out->content_hash, "%s", hash);
	}
	learners = rd.err ? NULL : get_array(&rd, root, "learners", "(top)");
	if (learners) {
		out->learners = xcalloc(json_array_size(learners) + 1,
					sizeof *out->learners);
		json_array_foreach(learners, i, v) {
			out->n = i + 1;
			if (!read_learner(&rd, v, i, p, &out->learners[i]))
				break;
		}
	}
	json_decref(root);
	if (rd.err) {
		*err = rd.err;
		report_free(out);
		return -1;
	}
	for (i = 0; i < out->n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(out->learners[i].name, out->learners[j].name) == 0) {
				diag_fail(err, "%s: learner '%s' appears twice", name,
				     out->learners[i].name);
				report_free(out);
				return -1;
			}
	return 0;
}

/* ---- checking an export ------------------------------------------------------ */

static void problem(char ***v, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(char ***v, size_t *n, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(buf);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void verify_chain(const struct report_learner *l, char ***v, size_t *n)
{
	const char *prev = NULL;

	for (size_t i = 0; i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		struct digest_event de = {e->item_id, e->field, e->old, e->new_,
					  e->old_hash, e->text_hash, e->at};
		char h[65];
		if (!same(e->prev, prev)) {
			problem(v, n, "learner '%s': event %zu does not follow the "
				      "one before it (an event was removed, added "
				      "or moved)",
				l->name, i + 1);
			return;
		}
		digest_event(e->prev, &de, h);
		if (!same(h, e->hash)) {
			problem(v, n, "learner '%s': event %zu was changed after it "
				      "was written (its hash does not match)",
				l->name, i + 1);
			return;
		}
		prev = e->hash;
	}
	if (!same(prev, l->chain_head))
		problem(v, n, "learner '%s': the chain head does not match the last "
			      "event (events were removed from the end)",
			l->name);
}

static void verify_states(const struct report_learner *l,
			  const struct progress *derived, char ***v, size_t *n)
{
	const struct progress *said = &l->progress;

	for (size_t i = 0; i < said->n_states; i++) {
		const struct prog_state *a = &said->states[i];
		const struct prog_state *b = progress_state(derived, a->id);
		if (!b || a->done != b->done || strcmp(a->hash, b->hash) != 0)
			problem(v, n, "learner '%s': %s is stated %s, but the event "
				      "log leads to %s",
				l->name, a->id, a->done ? "done" : "not done",
				!b ? "no state" : b->done ? "done" : "not done");
	}
	for (size_t i = 0; i < derived->n_states; i++)
		if (!progress_state(said, derived->states[i].id))
			problem(v, n, "learner '%s': the event log has a state for %s "
				      "that the file leaves out",
				l->name, derived->states[i].id);
	for (size_t i = 0; i < derived->n_notes; i++) {
		const struct prog_note *a = &derived->notes[i];
		const struct prog_note *b = progress_note(said, a->id);
		if (!b || strcmp(a->text, b->text) != 0)
			problem(v, n, "learner '%s': the note of %s differs from the "
				      "one the event log leads to",
				l->name, a->id);
	}
	for (size_t i = 0; i < said->n_notes; i++)
		if (!progress_note(derived, said->notes[i].id))
			problem(v, n, "learner '%s': the note of %s is not in the "
				      "event log",
				l->name, said->notes[i].id);
}

size_t report_verify(const struct report *r, const struct pack *p,
		     char ***problems, size_t *n, bool *other_content)
{
	char here[65];

	digest_pack(p, here);
	*other_content = strcmp(here, r->content_hash) != 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = &r->learners[i];
		struct progress derived;
		struct score *sc;
		size_t before = *n;
		verify_chain(l, problems, n);
		progress_replay(l->events, l->n_events, &derived);
		verify_states(l, &derived, problems, n);
		sc = score_compute(p, &derived);
		/* Against other content, stale states may differ by right: the
		 * level is only re-derived from the same content. */
		if (*n == before && !*other_content &&
		    strcmp(score_level_id(sc), l->level) != 0)
			problem(problems, n, "learner '%s': level stated '%s', but "
					     "the event log scores '%s'",
				l->name, l->level, score_level_id(sc));
		score_free(sc);
		progress_free(&derived);
	}
	return *n;
}

struct store_merge *report_merge_list(const struct report *r)
{
	struct store_merge *m = xcalloc(r->n ? r->n : 1, sizeof *m);

	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = &r->learners[i];
		m[i] = (struct store_merge){l->name, l->created_at, l->events,
					    l->n_events, l->progress.states,
					    l->progress.n_states};
	}
	return m;
}
