/* SPDX-License-Identifier: MIT */
/* The learner view as JSON, one shape for every command and export. */
#include "selfgrade/view_json.h"

#include "selfgrade/evidence.h"
#include "selfgrade/progress.h"
#include "selfgrade/review.h"

/* "tick", "confirm", "attest", "critical". */
static const char *view_need_name(enum view_need n)
{
	static const char *const names[] = {
		[NEED_TICK] = "tick", [NEED_CONFIRM] = "confirm",
		[NEED_ATTEST] = "attest", [NEED_CRITICAL] = "critical"};
	return names[n];
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The ids of the parts to tick or confirm (attestations aside, which the
 * SPEC's shape gives as needs_attestation). */
static json_t *missing_ids(const struct view_missing *m, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (m[i].need != NEED_ATTEST)
			json_array_append_new(a, json_string(m[i].e->id));
	return a;
}

/* Why a part is missing: never ticked (or unticked), ticked over a text
 * that changed since, or ticked while the project contradicts it. */
static const char *reason_name(const struct view_missing *m)
{
	return m->contradicted ? "contradicted" : m->stale ? "stale" : "not-done";
}

static json_t *need_json(const struct view_missing *m, const char *criterion,
			 bool why)
{
	json_t *o = json_pack("{s:s,s:s,s:o,s:b}", "id", m->e->id, "need",
			      view_need_name(m->need), "criterion",
			      str_or_null(criterion), "stale", m->stale);
	if (why)
		json_object_set_new(o, "reason", json_string(reason_name(m)));
	return o;
}

/* Each missing part with its reason, attestations included. */
static json_t *reasons_json(const struct view_missing *m, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "id", m[i].e->id,
						   "reason", reason_name(&m[i])));
	return a;
}

static json_t *criteria_json(const struct view *v, bool why)
{
	json_t *a = json_array();

	for (size_t i = 0; i < v->n_levels; i++)
		for (size_t j = 0; j < v->levels[i].n_crit; j++) {
			const struct view_criterion *c = &v->levels[i].crit[j];
			json_t *o = json_pack("{s:s,s:s,s:b,s:o,s:b}", "id", c->c->id,
					      "level", v->levels[i].level->id, "met",
					      c->met, "missing",
					      missing_ids(c->missing, c->n_missing),
					      "needs_attestation", c->needs_attestation);
			if (why)
				json_object_set_new(o, "reasons",
						    reasons_json(c->missing, c->n_missing));
			json_array_append_new(a, o);
		}
	return a;
}

/* What the next level still needs, in the order every front end gives
 * it: the critical items, then each unmet criterion's parts. */
static json_t *needs_json(const struct view *v, bool why)
{
	json_t *a = json_array();

	if (!v->next)
		return a;
	for (size_t i = 0; i < v->n_critical; i++)
		json_array_append_new(a, need_json(&v->critical[i], NULL, why));
	for (size_t j = 0; j < v->next->n_crit; j++) {
		const struct view_criterion *c = &v->next->crit[j];
		for (size_t k = 0; k < c->n_missing; k++)
			json_array_append_new(a, need_json(&c->missing[k], c->c->id, why));
	}
	return a;
}

static json_t *contradictions_json(const struct view *v)
{
	json_t *a = json_array();

	for (size_t i = 0; i < v->n_contra; i++)
		json_array_append_new(
			a, json_pack("{s:s,s:s,s:s}", "met_level",
				     v->contra[i].higher->level->id, "unmet_level",
				     v->contra[i].lower->level->id, "criterion",
				     v->contra[i].unmet->c->id));
	return a;
}

/* Confirmed ids of one kind, in the pack's order. */
static json_t *done_of_kind(const struct view *v, enum pack_kind kind)
{
	json_t *a = json_array();
	const struct pack *p = v->pack;

	if (kind == PACK_MISTAKE) {
		for (size_t i = 0; i < p->n_mistakes; i++) {
			const struct pack_entry *e = pack_find(p, p->mistakes[i].id);
			if (view_state_of(v, e) == VS_DONE)
				json_array_append_new(a, json_string(e->id));
		}
		return a;
	}
	for (size_t i = 0; i < p->n_levels; i++)
		for (size_t j = 0; j < p->levels[i].n_criteria; j++) {
			const struct pack_criterion *c = &p->levels[i].criteria[j];
			const struct pack_entry *e = pack_find(p, c->id);
			if (c->attest && view_state_of(v, e) == VS_DONE)
				json_array_append_new(a, json_string(e->id));
		}
	return a;
}

static json_t *entry_ids(const struct pack_entry *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]->id));
	return a;
}

static json_t *evidence_json(const struct evidence *e)
{
	if (!e)
		return json_null();
	return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:o}", "verdict",
			 probe_verdict_name(e->verdict), "probe", e->probe_id, "file",
			 str_or_null(e->file),
			 "line", e->line ? json_integer(e->line) : json_null(), "value",
			 str_or_null(e->value), "at", str_or_null(e->at), "outdated",
			 e->outdated, "dispute",
			 e->dispute ? json_pack("{s:s,s:o}", "text", e->dispute, "at",
						str_or_null(e->dispute_at))
				    : json_null());
}

/* "done", "disputed" (done, its contradiction disputed), "stale",
 * "partial", "contradicted" or "not-done". */
static const char *view_state_name(const struct view *v, const struct pack_entry *e)
{
	switch (view_state_of(v, e)) {
	case VS_DONE:
		return view_disputed(v, e) ? "disputed" : "done";
	case VS_STALE:
		return "stale";
	case VS_PARTIAL:
		return "partial";
	case VS_CONTRADICTED:
		return "contradicted";
	default:
		return "not-done";
	}
}

/* The standing; why: with the reason of each missing part and the
 * disputed ticks, which score gives and the export's shape (version 4)
 * does not (its log holds the disputes). */
static json_t *standing(const struct view *v, bool why)
{
	json_t *crit = json_array();

	json_t *o;

	for (size_t i = 0; i < v->n_critical; i++)
		json_array_append_new(crit, json_string(v->critical[i].e->id));
	o = json_pack(
		"{s:s,s:s,s:I,s:I,s:i,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "level",
		view_level_id(v), "level_title",
		v->level ? v->level->level->title : "Not yet", "done",
		(json_int_t)v->done, "total", (json_int_t)v->total, "percent",
		view_percent(v), "criteria", criteria_json(v, why), "next_level",
		str_or_null(v->next ? v->next->level->id : NULL), "next_level_title",
		str_or_null(v->next ? v->next->level->title : NULL),
		"missing_critical", crit, "needs", needs_json(v, why), "contradictions",
		contradictions_json(v), "mistakes_avoided",
		done_of_kind(v, PACK_MISTAKE), "attestations",
		done_of_kind(v, PACK_CRITERION));
	if (v->reviewed) {
		json_t *na = json_array(), *comments = json_array();
		for (size_t i = 0; i < v->n_not_agreed; i++)
			json_array_append_new(na, json_string(v->not_agreed[i]->id));
		for (size_t i = 0; i < v->n_reviews; i++)
			json_array_append_new(
				comments, json_pack("{s:s,s:s,s:o,s:s}", "id",
						    v->reviews[i].entry_id, "mark",
						    review_mark_name(v->reviews[i].mark), "text",
						    str_or_null(v->reviews[i].text), "at",
						    v->reviews[i].at));
		json_object_set_new(o, "review",
				    json_pack("{s:s,s:o,s:o}", "level",
					      v->review_level ? v->review_level->id : "not-yet",
					      "not_agreed", na, "reviews", comments));
	} else {
		json_object_set_new(o, "review", json_null());
	}
	json_object_set_new(o, "evidence",
			    json_pack("{s:o,s:o,s:I}", "backed",
				      entry_ids(v->backed, v->n_backed), "contradicted",
				      entry_ids(v->contradicted, v->n_contradicted),
				      "self_reported", (json_int_t)v->n_self_reported));
	if (why)
		json_object_set_new(json_object_get(o, "evidence"), "disputed",
				    entry_ids(v->disputed, v->n_disputed));
	return o;
}

json_t *view_standing_json(const struct view *v)
{
	return standing(v, false);
}

/* The ticks evidence speaks against: each contradicted or disputed
 * entry with its state and the evidence (file, line, value, dispute). */
static json_t *findings_json(const struct view *v)
{
	json_t *a = json_array();
	const struct pack_entry *const *lists[] = {v->contradicted, v->disputed};
	size_t counts[] = {v->n_contradicted, v->n_disputed};

	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			const struct pack_entry *e = lists[l][i];
			json_array_append_new(
				a, json_pack("{s:s,s:s,s:o}", "id", e->id, "state",
					     view_state_name(v, e), "evidence",
					     evidence_json(view_evidence(v, e))));
		}
	return a;
}

json_t *view_score_json(const struct view *v)
{
	json_t *o = standing(v, true);
	json_object_set_new(o, "findings", findings_json(v));
	return o;
}

json_t *view_entry_json(const struct view *v, const struct pack_entry *e)
{
	const struct prog_state *ps = progress_state(v->progress, e->id);
	const struct prog_note *pn = view_note(v, e->id);
	enum view_state st = view_state_of(v, e);
	const char *kind = e->kind == PACK_MISTAKE     ? "mistake"
			   : e->kind == PACK_CRITERION ? "criterion"
						       : "item";

	return json_pack("{s:s,s:s,s:s,s:b,s:b,s:o,s:o,s:o}", "id", e->id, "kind", kind,
			 "state", view_state_name(v, e),
			 "done", st == VS_DONE, "stale", st == VS_STALE,
			 "updated_at", str_or_null(ps ? ps->updated_at : NULL),
			 "note", str_or_null(pn ? pn->text : NULL), "evidence",
			 evidence_json(view_evidence(v, e)));
}
