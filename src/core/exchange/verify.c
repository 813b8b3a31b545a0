/* SPDX-License-Identifier: MIT */
/* verify: everything an export states, proved from its event log and the
 * pack, or a problem naming the field that differs.
 *
 * Each learner's log is replayed and the learner written again by the
 * writer that made the export; every field the file states is compared
 * with the one the log and the pack give. What only the log holds (its
 * chain) is checked link by link; what the log does not hold (the name,
 * when the learner was added, study sessions) is not derived. */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/evidence.h"
#include "selfgrade/review.h"
#include "selfgrade/sign.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

static void problem(struct report_check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct report_check *c, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->problems = xrealloc(c->problems, (c->n + 1) * sizeof *c->problems);
	c->problems[c->n++] = xstrdup(buf);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void verify_chain(const struct report_learner *l, struct report_check *c)
{
	const char *prev = NULL;

	for (size_t i = 0; i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		char h[65];
		if (!same(e->prev, prev)) {
			problem(c, _("learner '%s': event %zu does not follow the one "
				   "before it (an event was removed, added or moved)"),
				l->name, i + 1);
			return;
		}
		progress_event_hash(e->prev, e, h);
		if (!same(h, e->hash)) {
			problem(c, _("learner '%s': event %zu was changed after it was "
				   "written (its hash does not match)"),
				l->name, i + 1);
			return;
		}
		prev = e->hash;
	}
	if (!same(prev, l->chain_head))
		problem(c, _("learner '%s': the chain head does not match the last "
			   "event (events were removed from the end)"),
			l->name);
}

/* Fields the log does not derive, or that verify_chain checks: not in
 * report_learner_derived_json(), not compared. */
static bool given(const char *key)
{
	static const char *const keys[] = {"id",	 "name",      "created_at",
					   "key",	 "signature", "email",
					   "id_number", "section",   "events",
					   "chain_head", "study"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* Fields that depend on the pack's texts and rubric, not only the log:
 * they cannot be checked against other content. */
static bool of_the_pack(const char *key)
{
	return strcmp(key, "states") != 0 && strcmp(key, "notes") != 0 &&
	       strcmp(key, "last_activity") != 0;
}

/* The export version that first wrote a derived field (version 1 wrote
 * percent truncated and no title for "not yet"): older files are checked
 * on what they state. */
static int since(const char *key)
{
	static const struct {
		const char *key;
		int version;
	} keys[] = {
		{"percent", 2},	     {"level_title", 2},      {"criteria", 2},
		{"next_level", 2},   {"next_level_title", 2}, {"missing_critical", 2},
		{"needs", 2},	     {"contradictions", 2},   {"evidence", 3},
		{"review", 3},
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(key, keys[i].key) == 0)
			return keys[i].version;
	return 1;
}

static char *brief(json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : xstrdup("nothing");
	if (s && strlen(s) > 60)
		strcpy(s + 57, "...");
	return s;
}

/* The first place where a and b differ, as a path under key, and the
 * two values there (borrowed). */
static void where_differ(json_t *a, json_t *b, char *path, size_t size,
			 json_t **pa, json_t **pb)
{
	size_t len = strlen(path);

	*pa = a;
	*pb = b;
	if (json_is_array(a) && json_is_array(b) &&
	    json_array_size(a) == json_array_size(b)) {
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!json_equal(json_array_get(a, i), json_array_get(b, i))) {
				json_t *id = json_object_get(json_array_get(b, i), "id");
				snprintf(path + len, size - len, "[%zu]", i);
				if (json_is_string(id)) {
					len = strlen(path);
					snprintf(path + len, size - len, " (%s)",
						 json_string_value(id));
				}
				where_differ(json_array_get(a, i), json_array_get(b, i),
					     path, size, pa, pb);
				return;
			}
	} else if (json_is_object(a) && json_is_object(b)) {
		const char *k;
		json_t *x;
		json_object_foreach(b, k, x) {
			if (!json_equal(json_object_get(a, k), x)) {
				snprintf(path + len, size - len, ".%s", k);
				where_differ(json_object_get(a, k), x, path, size, pa, pb);
				return;
			}
		}
	}
}

static int by_string(const void *x, const void *y)
{
	return strcmp(json_string_value(*(json_t *const *)x),
		      json_string_value(*(json_t *const *)y));
}

/* A list of ids as a set: sorted, for lists whose order means nothing
 * (version 1 wrote them in id order, version 2 in the pack's). */
static json_t *as_set(json_t *v)
{
	json_t *out = json_array(), **tmp;
	size_t n = json_array_size(v);

	if (!json_is_array(v))
		return json_incref(v);
	tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	for (size_t i = 0; i < n; i++) {
		tmp[i] = json_array_get(v, i);
		if (!json_is_string(tmp[i])) {
			free(tmp);
			json_decref(out);
			return json_incref(v);
		}
	}
	qsort(tmp, n, sizeof *tmp, by_string);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, tmp[i]);
	free(tmp);
	return out;
}

/* Without the stale and orphan flags, which follow from the pack. */
static json_t *log_facts(json_t *states)
{
	json_t *a = json_deep_copy(states), *v;
	size_t i;

	json_array_foreach(a, i, v) {
		json_object_del(v, "stale");
		json_object_del(v, "orphan");
	}
	return a;
}

static json_t *as_set_if(const char *key, json_t *v)
{
	if (strcmp(key, "attestations") == 0 || strcmp(key, "mistakes_avoided") == 0)
		return as_set(v);
	return json_incref(v);
}

/* What learner l of the file states against what derived learner d gives
 * (want, its derived fields but the states, which are matched against
 * the file's as they are described and built only when they differ). */
static void compare(const struct report *r, const struct report_learner *l,
		    const struct report_learner *d, json_t *want, bool other,
		    struct report_check *c)
{
	json_t *said = l->raw, *v;
	const char *key;

	json_object_foreach(said, key, v) {
		if (!given(key) && !json_object_get(want, key))
			problem(c, _("learner '%s': states a field selfgrade does not "
				   "write ('%s')"),
				l->name, key);
	}
	json_object_foreach(want, key, v) {
		json_t *s = json_object_get(said, key), *a, *b, *da, *db, *w = v;
		json_t *built = NULL;
		char path[160];
		if (given(key) || r->version < since(key))
			continue;
		if (other && of_the_pack(key))
			continue;
		if (!s) {
			problem(c, _("learner '%s': %s is missing"), l->name, key);
			continue;
		}
		if (!other && strcmp(key, "states") == 0) {
			if (report_states_match(d, s))
				continue;
			w = built = report_states_json(d);
		}
		if (other && strcmp(key, "states") == 0) {
			a = log_facts(s);
			b = log_facts(w);
		} else {
			a = as_set_if(key, s);
			b = as_set_if(key, w);
		}
		if (!json_equal(a, b)) {
			char *x, *y;
			snprintf(path, sizeof path, "%s", key);
			where_differ(a, b, path, sizeof path, &da, &db);
			x = brief(da);
			y = brief(db);
			/* Two sentences, not a piece put in: "log and pack"
			 * take a plural verb. */
			if (other)
				problem(c, _("learner '%s': %s is stated as %s, but the "
					     "event log gives %s"),
					l->name, path, x, y);
			else
				problem(c, _("learner '%s': %s is stated as %s, but the "
					     "event log and the pack give %s"),
					l->name, path, x, y);
			free(x);
			free(y);
		}
		json_decref(a);
		json_decref(b);
		json_decref(built);
	}
}

/* The log's states with their kinds: the pack's word, else the file's
 * (for ids the pack no longer has). */
static void kinds(const struct pack *p, const struct progress *said,
		  struct progress *derived)
{
	for (size_t i = 0; i < derived->n_states; i++) {
		struct prog_state *ps = &derived->states[i];
		const struct pack_entry *e = pack_find(p, ps->id);
		const struct prog_state *was = progress_state(said, ps->id);
		int k = e ? progress_kind_of(e) : -1;
		ps->kind = k >= 0 ? (enum prog_kind)k : was ? was->kind : PROG_ITEM;
	}
}

/* The most missed as files written before they were ordered by what they
 * block listed them: fewest done first (pack order on ties), those every
 * learner did left out. A new reference. */
static json_t *missed_fewest_first(const struct cohort *co)
{
	json_t *v = json_array();
	bool *taken = xcalloc(co->n_entries ? co->n_entries : 1, sizeof *taken);

	for (size_t k = 0; k < COHORT_MOST_MISSED; k++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < co->n_entries; i++)
			if (!taken[i] && co->entries[i].done < co->n_learners &&
			    (best == SIZE_MAX || co->entries[i].done < co->entries[best].done))
				best = i;
		if (best == SIZE_MAX)
			break;
		taken[best] = true;
		json_array_append_new(v, json_string(co->entries[best].e->id));
	}
	free(taken);
	return v;
}

/* The cohort summary a file states, against a recount of its learners as
 * their logs derive them. */
static void verify_summary(const struct report *r, const struct pack *p,
			   struct cohort *co, struct report_check *c)
{
	json_t *want, *da, *db;
	char path[160] = "summary";
	const char *key;
	void *tmp;

	cohort_end(co);
	want = report_summary_json(co, p);
	/* An older file states less: what it states is checked (the
	 * reviews' counts came within a version). */
	json_object_foreach_safe(want, tmp, key, da)
		if ((r->version < REPORT_VERSION || strcmp(key, "reviews") == 0) &&
		    !json_object_get(r->raw_summary, key))
			json_object_del(want, key);
	/* A file of the same version made before "most missed" was
	 * ordered by what blocks levels states the older order. */
	{
		json_t *said = json_object_get(r->raw_summary, "most_missed");
		json_t *older = missed_fewest_first(co);
		if (said && !json_equal(said, json_object_get(want, "most_missed")) &&
		    json_equal(said, older))
			json_object_set(want, "most_missed", said);
		json_decref(older);
	}
	if (!json_equal(r->raw_summary, want)) {
		char *x, *y;
		where_differ(r->raw_summary, want, path, sizeof path, &da, &db);
		x = brief(da);
		y = brief(db);
		problem(c, _("%s is stated as %s, but a recount of the learners gives %s"),
			path, x, y);
		free(x);
		free(y);
	}
	json_decref(want);
}

/* The learner's signature over what the file says of them; a learner
 * without one is counted (the caller warns), not refused. */
static void verify_signature(const struct report_learner *l, int version,
			     struct report_check *c)
{
	char md[65];

	if (!l->signature) {
		c->n_unsigned++;
		return;
	}
	report_learner_digest(l, version, md);
	if (!sign_check(l->key, md, l->signature))
		problem(c, _("learner '%s': the signature does not match what the file "
			   "says of them (changed after it was signed, or signed by "
			   "another key)"),
			l->name);
}

/* The study totals a file states, against a count of the sessions it
 * carries (which the signature covers): a total is never taken on the
 * file's word. */
static void verify_study(const struct report_learner *l, struct report_check *c)
{
	json_t *study = json_object_get(l->raw, "study");
	static const char *const keys[] = {"cards", "first_try", "seconds"};
	long long want[3];

	if (!json_is_object(study) || !l->view)
		return;
	want[0] = l->view->study.cards;
	want[1] = l->view->study.first_try;
	want[2] = l->view->study.seconds;
	for (int k = 0; k < 3; k++) {
		json_t *v = json_object_get(study, keys[k]);
		if (v && (!json_is_integer(v) || json_integer_value(v) != want[k])) {
			char *x = brief(v);
			problem(c, _("learner '%s': study.%s is stated as %s, but its "
				   "sessions give %lld"),
				l->name, keys[k], x, want[k]);
			free(x);
		}
	}
}

struct report_verifier {
	const struct report *r;
	const struct pack *p;
	struct report_check *c;
	struct cohort *recount;
};

struct report_verifier *report_verify_begin(const struct report *r,
					    const struct pack *p,
					    struct report_check *c)
{
	struct report_verifier *v = xcalloc(1, sizeof *v);
	char here[65];

	memset(c, 0, sizeof *c);
	pack_content_hash(p, here);
	c->other_content = strcmp(here, r->content_hash) != 0;
	v->r = r;
	v->p = p;
	v->c = c;
	v->recount = cohort_begin(p);
	return v;
}

void report_verify_learner(struct report_verifier *v, const struct report_learner *l)
{
	const struct pack *p = v->p;
	struct report_learner d = {0};
	json_t *want;

	verify_chain(l, v->c);
	verify_signature(l, v->r->version, v->c);
	verify_study(l, v->c);
	d.name = l->name;
	d.created_at = l->created_at;
	d.events = l->events;
	d.n_events = l->n_events;
	progress_replay(l->events, l->n_events, &d.progress);
	kinds(p, &l->progress, &d.progress);
	d.view = view_new(p, &d.progress, NULL, 0);
	evidence_latest(l->events, l->n_events, &d.evidence, &d.n_evidence);
	view_use_evidence(d.view, d.evidence, d.n_evidence);
	review_latest(l->events, l->n_events, &d.reviews_given, &d.n_reviews_given);
	view_use_reviews(d.view, d.reviews_given, d.n_reviews_given);
	d.sessions = l->sessions;
	d.n_sessions = l->n_sessions;
	cohort_add(v->recount, d.view);
	want = report_learner_derived_json(&d, v->c->other_content);
	/* A file made before the last activity was the learner's own
	 * (every event's time counted, reviews and evidence too) states the
	 * older value: taken when it is that. */
	{
		const char *said = json_string_value(json_object_get(l->raw, "last_activity"));
		const char *older = l->created_at && timefmt_seconds(l->created_at) >= 0
					    ? l->created_at
					    : "";
		for (size_t i = 0; i < l->n_events; i++) {
			const char *at = l->events[i].at;
			if (at && strcmp(at, older) > 0 && timefmt_seconds(at) >= 0)
				older = at;
		}
		if (said && strcmp(said, older) == 0)
			json_object_set_new(want, "last_activity", json_string(said));
	}
	compare(v->r, l, &d, want, v->c->other_content, v->c);
	json_decref(want);
	view_free(d.view);
	evidence_free(d.evidence, d.n_evidence);
	review_free(d.reviews_given, d.n_reviews_given);
	progress_free(&d.progress);
}

void report_verify_end(struct report_verifier *v)
{
	if (!v)
		return;
	if (v->r->raw_summary && !v->c->other_content)
		verify_summary(v->r, v->p, v->recount, v->c);
	cohort_free(v->recount);
	free(v);
}

void report_verify(const struct report *r, const struct pack *p,
		   struct report_check *c)
{
	struct report_verifier *v = report_verify_begin(r, p, c);

	for (size_t i = 0; i < r->n; i++)
		report_verify_learner(v, &r->learners[i]);
	report_verify_end(v);
}

void report_check_free(struct report_check *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->problems[i]);
	free(c->problems);
	memset(c, 0, sizeof *c);
}
