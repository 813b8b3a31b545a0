/* SPDX-License-Identifier: MIT */
/* The JSON export: the interchange format that import and verify read. */
#include <jansson.h>
#include <string.h>

#include "report_impl.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *event_json(const struct prog_event *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(e->seq));
	json_object_set_new(o, "item_id", str_or_null(e->item_id));
	json_object_set_new(o, "field", str_or_null(e->field));
	json_object_set_new(o, "old", str_or_null(e->old));
	json_object_set_new(o, "new", str_or_null(e->new_));
	json_object_set_new(o, "old_hash", str_or_null(e->old_hash));
	json_object_set_new(o, "text_hash", str_or_null(e->text_hash));
	json_object_set_new(o, "at", str_or_null(e->at));
	json_object_set_new(o, "batch", e->batch ? json_integer(e->batch) : json_null());
	json_object_set_new(o, "undoes", e->undoes ? json_integer(e->undoes) : json_null());
	json_object_set_new(o, "prev", str_or_null(e->prev));
	json_object_set_new(o, "hash", str_or_null(e->hash));
	return o;
}

static json_t *learner_json(const struct report *r, const struct report_learner *l)
{
	const struct score *sc = l->score;
	json_t *o = json_object(), *states = json_array(), *notes = json_array();
	json_t *events = json_array(), *attest = json_array(), *avoided = json_array();

	json_object_set_new(o, "name", json_string(l->name));
	json_object_set_new(o, "created_at", str_or_null(l->created_at));
	json_object_set_new(o, "level", json_string(score_level_id(sc)));
	json_object_set_new(o, "level_title",
			    sc->level ? json_string(sc->level->title) : json_null());
	json_object_set_new(o, "done", json_integer((json_int_t)sc->done));
	json_object_set_new(o, "total", json_integer((json_int_t)sc->total));
	json_object_set_new(o, "percent",
			    json_integer(sc->total ? (json_int_t)(sc->done * 100 / sc->total) : 0));
	json_object_set_new(o, "last_activity", json_string(report_last_activity(l)));
	for (size_t i = 0; i < l->progress.n_states; i++) {
		const struct prog_state *ps = &l->progress.states[i];
		const struct pack_entry *e = pack_find(r->pack, ps->id);
		const struct prog_note *pn = progress_note(&l->progress, ps->id);
		json_t *s = json_object();
		bool stale = e && ps->done &&
			     score_state_of(e, &l->progress) == SS_STALE;
		json_object_set_new(s, "id", json_string(ps->id));
		json_object_set_new(s, "kind", json_string(prog_kind_name(ps->kind)));
		json_object_set_new(s, "done", json_boolean(ps->done));
		json_object_set_new(s, "stale", json_boolean(stale));
		json_object_set_new(s, "orphan", json_boolean(!e));
		json_object_set_new(s, "text_hash", json_string(ps->hash));
		json_object_set_new(s, "updated_at", json_string(ps->updated_at));
		json_object_set_new(s, "note", pn ? json_string(pn->text) : json_null());
		json_array_append_new(states, s);
		if (ps->done && !stale && ps->kind == PROG_CRITERION)
			json_array_append_new(attest, json_string(ps->id));
		if (ps->done && !stale && ps->kind == PROG_MISTAKE)
			json_array_append_new(avoided, json_string(ps->id));
	}
	for (size_t i = 0; i < l->progress.n_notes; i++) {
		const struct prog_note *pn = &l->progress.notes[i];
		json_t *n = json_object();
		json_object_set_new(n, "id", json_string(pn->id));
		json_object_set_new(n, "text", json_string(pn->text));
		json_object_set_new(n, "updated_at", json_string(pn->updated_at));
		json_array_append_new(notes, n);
	}
	for (size_t i = 0; i < l->n_events; i++)
		json_array_append_new(events, event_json(&l->events[i]));
	json_object_set_new(o, "states", states);
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "attestations", attest);
	json_object_set_new(o, "mistakes_avoided", avoided);
	json_object_set_new(o, "events", events);
	{
		struct report_study rs;
		json_t *study = json_object(), *sessions = json_array();
		report_study(l, &rs);
		for (size_t i = 0; i < l->n_sessions; i++) {
			json_t *x = json_object();
			json_object_set_new(x, "started_at", json_string(l->sessions[i].started_at));
			json_object_set_new(x, "ended_at", json_string(l->sessions[i].ended_at));
			json_object_set_new(x, "cards", json_integer(l->sessions[i].cards));
			json_object_set_new(x, "first_try", json_integer(l->sessions[i].first_try));
			json_array_append_new(sessions, x);
		}
		json_object_set_new(study, "sessions", sessions);
		json_object_set_new(study, "cards", json_integer(rs.cards));
		json_object_set_new(study, "first_try", json_integer(rs.first_try));
		json_object_set_new(study, "seconds", json_integer(rs.seconds));
		json_object_set_new(o, "study", study);
	}
	json_object_set_new(o, "chain_head",
			    l->n_events ? str_or_null(l->events[l->n_events - 1].hash)
					: json_null());
	return o;
}

int report_write_json(const struct report *r, FILE *out)
{
	json_t *root = json_object(), *pack = json_object(), *learners = json_array();
	int rc;

	json_object_set_new(root, "format", json_string(REPORT_FORMAT));
	json_object_set_new(root, "version", json_integer(REPORT_VERSION));
	json_object_set_new(root, "generated_at", json_string(r->generated_at));
	json_object_set_new(pack, "id", json_string(r->pack->id));
	json_object_set_new(pack, "title", json_string(r->pack->title));
	json_object_set_new(pack, "version", json_string(r->pack->version));
	json_object_set_new(pack, "content_hash", json_string(r->content_hash));
	json_object_set_new(root, "pack", pack);
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(learners, learner_json(r, &r->learners[i]));
	json_object_set_new(root, "learners", learners);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc ? -1 : 0;
}
