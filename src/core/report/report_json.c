/* SPDX-License-Identifier: MIT */
/* The JSON export, the interchange format, as written (the reader is
 * exchange/read_export.c).
 *
 * Each learner carries what the log and the pack derive (the view's
 * standing, states, notes, last activity) beside what only the log holds
 * (its events and their chain) and what the log does not hold (study).
 * The same function writes a learner's derived fields for an export and
 * for verify, which compares them with what a file states. */
#include <jansson.h>
#include <yajl/yajl_gen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json_out.h"
#include "report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/diag.h"
#include "selfgrade/evidence.h"
#include "selfgrade/field.h"
#include "selfgrade/name.h"
#include "selfgrade/review.h"
#include "selfgrade/sign.h"
#include "selfgrade/utf8.h"
#include "selfgrade/view_json.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* ---- writing ------------------------------------------------------------ */

/* A learner, described once for both ends of json_out: an export writes
 * it as described, verify builds it to compare. */
static void field_str(struct json_out *o, const char *key, const char *s)
{
	json_out_key(o, key);
	json_out_str(o, s);
}

static void field_int(struct json_out *o, const char *key, long long v)
{
	json_out_key(o, key);
	json_out_int(o, v);
}

static void field_bool(struct json_out *o, const char *key, bool v)
{
	json_out_key(o, key);
	json_out_bool(o, v);
}

/* A row id of this database, null for none. */
static void field_id(struct json_out *o, const char *key, long long v)
{
	json_out_key(o, key);
	if (v)
		json_out_int(o, v);
	else
		json_out_null(o);
}

static void event_out(struct json_out *o, const struct prog_event *e)
{
	json_out_object(o);
	field_int(o, "seq", e->seq);
	field_str(o, "item_id", e->item_id);
	field_str(o, "field", e->field);
	field_str(o, "old", e->old);
	field_str(o, "new", e->new_);
	field_str(o, "old_hash", e->old_hash);
	field_str(o, "text_hash", e->text_hash);
	field_str(o, "at", e->at);
	field_id(o, "batch", e->batch);
	field_id(o, "undoes", e->undoes);
	field_str(o, "prev", e->prev);
	field_str(o, "hash", e->hash);
	json_out_end(o);
}

static void states_out(struct json_out *o, const struct report_learner *l)
{
	const struct view *v = l->view;

	json_out_array(o);
	for (size_t i = 0; i < l->progress.n_states; i++) {
		const struct prog_state *ps = &l->progress.states[i];
		const struct pack_entry *e = pack_find(v->pack, ps->id);
		const struct prog_note *pn = progress_note(&l->progress, ps->id);
		json_out_object(o);
		field_str(o, "id", ps->id);
		field_str(o, "kind", prog_kind_name(ps->kind));
		field_bool(o, "done", ps->done);
		field_bool(o, "stale", e && ps->done && view_state_of(v, e) == VS_STALE);
		field_bool(o, "orphan", !e);
		field_str(o, "text_hash", ps->hash);
		field_str(o, "updated_at", ps->updated_at);
		field_str(o, "note", pn ? pn->text : NULL);
		json_out_end(o);
	}
	json_out_end(o);
}

static void notes_out(struct json_out *o, const struct progress *pr)
{
	json_out_array(o);
	for (size_t i = 0; i < pr->n_notes; i++) {
		json_out_object(o);
		field_str(o, "id", pr->notes[i].id);
		field_str(o, "text", pr->notes[i].text);
		field_str(o, "updated_at", pr->notes[i].updated_at);
		json_out_end(o);
	}
	json_out_end(o);
}

static void study_out(struct json_out *o, const struct report_learner *l)
{
	json_out_object(o);
	json_out_key(o, "sessions");
	json_out_array(o);
	for (size_t i = 0; i < l->n_sessions; i++) {
		const struct study_session *x = &l->sessions[i];
		json_out_object(o);
		field_str(o, "id", x->uid);
		field_str(o, "started_at", x->started_at);
		field_str(o, "ended_at", x->ended_at);
		field_int(o, "cards", x->cards);
		field_int(o, "first_try", x->first_try);
		json_out_end(o);
	}
	json_out_end(o);
	json_out_key(o, "reviews");
	json_out_array(o);
	for (size_t i = 0; i < l->n_reviews; i++) {
		const struct study_answer *x = &l->reviews[i];
		json_out_object(o);
		field_str(o, "id", x->uid);
		field_str(o, "card", x->card_id);
		field_int(o, "grade", x->grade);
		field_bool(o, "first_try", x->first_try);
		field_str(o, "session", x->session_uid);
		field_str(o, "at", x->at);
		json_out_end(o);
	}
	json_out_end(o);
	field_int(o, "cards", l->view->study.cards);
	field_int(o, "first_try", l->view->study.first_try);
	field_int(o, "seconds", l->view->study.seconds);
	json_out_end(o);
}

/* How much of a learner learner_out() describes. */
enum learner_part {
	LEARNER_WHOLE,	 /* as an export writes it */
	LEARNER_DERIVED, /* only what the log and the pack derive */
	LEARNER_DERIVED_BUT_STATES, /* that, with null for the states */
};

/* Derived: all verify compares (what only the file states, who the
 * learner is, their log and study, it checks otherwise): the events were
 * most of the tree built for each learner and thrown away. */
static void learner_out(struct json_out *o, const struct report_learner *l,
			enum learner_part part)
{
	json_t *standing = view_standing_json(l->view);
	bool whole = part == LEARNER_WHOLE;

	json_out_object(o);
	if (whole) {
		field_str(o, "id", l->uid[0] ? l->uid : NULL);
		field_str(o, "name", l->name);
		field_str(o, "created_at", l->created_at);
		field_str(o, "key", l->key);
		field_str(o, "signature", l->signature);
		field_str(o, "email", l->email);
		field_str(o, "id_number", l->id_number);
		field_str(o, "section", l->section);
	}
	json_out_members(o, standing);
	json_decref(standing);
	field_str(o, "last_activity", report_last_activity(l));
	json_out_key(o, "states");
	if (part == LEARNER_DERIVED_BUT_STATES)
		json_out_null(o);
	else
		states_out(o, l);
	json_out_key(o, "notes");
	notes_out(o, &l->progress);
	if (whole) {
		json_out_key(o, "events");
		json_out_array(o);
		for (size_t i = 0; i < l->n_events; i++)
			event_out(o, &l->events[i]);
		json_out_end(o);
		field_str(o, "chain_head",
			  l->n_events ? l->events[l->n_events - 1].hash : NULL);
		json_out_key(o, "study");
		study_out(o, l);
	}
	json_out_end(o);
}

json_t *report_learner_derived_json(const struct report_learner *l, bool states)
{
	struct json_out o;

	json_out_init(&o, NULL);
	learner_out(&o, l, states ? LEARNER_DERIVED : LEARNER_DERIVED_BUT_STATES);
	return json_out_tree(&o);
}

json_t *report_states_json(const struct report_learner *l)
{
	struct json_out o;

	json_out_init(&o, NULL);
	states_out(&o, l);
	return json_out_tree(&o);
}

bool report_states_match(const struct report_learner *l, json_t *said)
{
	struct json_out o;

	json_out_init_match(&o, said);
	states_out(&o, l);
	return json_out_matched(&o);
}

json_t *report_summary_json(const struct cohort *c, const struct pack *p)
{
	json_t *levels = json_object(), *crit = json_array(), *entries = json_array();
	json_t *missed = json_array();
	size_t n = c->n_learners;

	for (size_t i = 0; i < p->n_levels; i++)
		json_object_set_new(levels, p->levels[i].id, json_integer((json_int_t)c->at_level[i]));
	json_object_set_new(levels, "not-yet", json_integer((json_int_t)c->not_yet));
	for (size_t i = 0; i < c->n_crit; i++)
		json_array_append_new(
			crit, json_pack("{s:s,s:s,s:I,s:i}", "id", c->crit[i].c->id, "level",
					c->crit[i].c->level->id, "met",
					(json_int_t)c->crit[i].met, "percent",
					cohort_percent(c->crit[i].met, n)));
	for (size_t i = 0; i < c->n_entries; i++)
		json_array_append_new(
			entries, json_pack("{s:s,s:s,s:I,s:i,s:I}", "id", c->entries[i].e->id,
					   "kind", pack_kind_name(c->entries[i].e->kind),
					   "done", (json_int_t)c->entries[i].done, "percent",
					   cohort_percent(c->entries[i].done, n), "stale",
					   (json_int_t)c->entries[i].stale));
	for (size_t i = 0; i < c->n_missed; i++)
		json_array_append_new(missed, json_string(c->missed[i]->e->id));
	json_t *o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:I,s:I,s:{s:I,s:I,s:I,s:I}}",
			 "learners", (json_int_t)n, "levels", levels, "criteria", crit,
			 "entries", entries, "most_missed", missed,
			 "blocked_by_critical", (json_int_t)c->blocked,
			 "learners_with_stale", (json_int_t)c->stale_learners,
			 "evidence", "backed", (json_int_t)c->backed, "contradicted",
			 (json_int_t)c->contradicted, "self_reported",
			 (json_int_t)c->self_reported, "learners_contradicted",
			 (json_int_t)c->contradicted_learners);
	/* Added after version 4's first files: verify recounts it only when
	 * a file states it. */
	json_object_set_new(o, "reviews",
			    json_pack("{s:I,s:I}", "reviewed", (json_int_t)c->reviewed,
				      "differs", (json_int_t)c->review_differs));
	return o;
}

/* Bytes a database should never have held but might (written by another
 * program): named, so that the export fails saying where, rather than
 * writing null or invalid UTF-8. */
static int check_text(const struct report_learner *l, const char *what,
		      long long row, const char *s, char **err)
{
	if (!s || utf8_valid(s, strlen(s), NULL))
		return 0;
	return diag_fail(err, _("learner '%s': %s %lld is not valid UTF-8 in the "
			      "database; fix or remove that row"),
			 utf8_valid(l->name, strlen(l->name), NULL) ? l->name : "?",
			 what, row);
}

static int learner_text_ok(const struct report_learner *l, char **err)
{
	const struct progress *pr = &l->progress;
	int rc = check_text(l, "the name of learner", 0, l->name, err);

	for (size_t i = 0; i < pr->n_states && !rc; i++)
		rc = check_text(l, "state", (long long)i + 1, pr->states[i].id, err);
	for (size_t i = 0; i < pr->n_notes && !rc; i++)
		rc = check_text(l, "note", (long long)i + 1, pr->notes[i].id, err) ||
		     check_text(l, "note", (long long)i + 1, pr->notes[i].text, err);
	for (size_t i = 0; i < l->n_events && !rc; i++) {
		const struct prog_event *e = &l->events[i];
		const char *f[] = {e->item_id, e->field, e->old, e->new_, e->at};
		for (size_t k = 0; k < 5 && !rc; k++)
			rc = check_text(l, "event (seq)", e->seq, f[k], err);
	}
	return rc ? -1 : 0;
}

struct text {
	char *s;
	size_t len, cap;
};

/* yajl's generator hands over every token in pieces (a quote, a blank
 * of the indent, the text): millions in a cohort, most of one byte. */
static void gen_append(void *data, const char *buf, size_t size)
{
	struct text *t = data;

	if (t->cap - t->len < size)
		xgrow(&t->s, &t->cap, t->len + size, 1);
	if (size == 1)
		t->s[t->len] = *buf;
	else
		memcpy(t->s + t->len, buf, size);
	t->len += size;
}

/* One learner added to t as it is described, in the layout jansson's
 * JSON_INDENT(1) gives (json_out.c): building its tree first, then
 * freeing it, was most of an export's time. yajl ends the top level with
 * a line break, which jansson does not. */
static int dump_learner(const struct report_learner *l, struct text *t)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	struct json_out o;

	if (!g)
		return -1;
	yajl_gen_config(g, yajl_gen_beautify, 1);
	yajl_gen_config(g, yajl_gen_indent_string, " ");
	yajl_gen_config(g, yajl_gen_print_callback, gen_append, t);
	json_out_init(&o, g);
	learner_out(&o, l, LEARNER_WHOLE);
	yajl_gen_free(g);
	if (o.failed)
		return -1;
	if (t->len && t->s[t->len - 1] == '\n')
		t->len--;
	return 0;
}

/* One learner at a time, so that memory holds one learner's tree, not
 * the cohort's; each dumped to memory (the state's text, reused) and
 * written in one go. */
struct json_state {
	struct text t;
	size_t at; /* the learners written */
};

static int json_head(const struct report *r, void **state, FILE *out, char **err)
{
	json_t *head = json_pack("{s:s,s:i,s:s,s:{s:s,s:s,s:s,s:s}}", "format",
				 REPORT_FORMAT, "version", REPORT_VERSION,
				 "generated_at", r->generated_at, "pack", "id",
				 r->pack->id, "title", r->pack->title, "version",
				 r->pack->version, "content_hash", r->content_hash);
	char *text;

	*state = xcalloc(1, sizeof(struct json_state));
	if (r->summary)
		json_object_set_new(head, "summary", report_summary_json(r->summary, r->pack));
	text = json_dumps(head, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(head);
	if (!text)
		return diag_fail(err, _("out of memory writing the export"));
	/* The head without its closing brace, then the learners. */
	text[strlen(text) - 1] = '\0';
	fprintf(out, "%s,\"learners\":[", text);
	free(text);
	return 0;
}

static int json_part(const struct report *r, const struct report_learner *l,
		     void **state, FILE *out, char **err)
{
	struct json_state *st = *state;
	struct text *t = &st->t;
	bool first = st->at++ == 0;

	(void)r;
	if (learner_text_ok(l, err))
		return -1;
	t->len = 0;
	gen_append(t, first ? "\n" : ",\n", first ? 1 : 2);
	if (dump_learner(l, t) || fwrite(t->s, 1, t->len, out) != t->len)
		return diag_fail(err, _("cannot write the export"));
	return 0;
}

static int json_tail(const struct report *r, void *state, FILE *out, char **err)
{
	(void)r;
	(void)state;
	fputs("\n]}\n", out);
	if (ferror(out))
		return diag_fail(err, _("cannot write the export"));
	return 0;
}

static void json_end(void *state)
{
	struct json_state *st = state;

	if (st)
		free(st->t.s);
	free(st);
}

const struct report_format_def report_format_json = {
	.name = "json",
	.needs_events = true,
	.needs_summary = true,
	.head = json_head,
	.part = json_part,
	.tail = json_tail,
	.end = json_end,
};
