/* SPDX-License-Identifier: MIT */
/* Gathering learners for a report, reading exports back, checking them. */
#include "selfgrade/report.h"
#include "selfgrade/evidence.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/review.h"
#include "selfgrade/digest.h"
#include "selfgrade/sign.h"
#include "selfgrade/study.h"
#include "selfgrade/diag.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"


void report_learner_free(struct report_learner *l)
{
	free(l->name);
	free(l->created_at);
	free(l->level);
	free(l->chain_head);
	json_decref(l->raw);
	free(l->last_at);
	free(l->key);
	free(l->signature);
	free(l->email);
	free(l->id_number);
	free(l->section);
	store_reviews_free(l->reviews, l->n_reviews);
	store_sessions_free(l->sessions, l->n_sessions);
	progress_free(&l->progress);
	prog_events_free(l->events, l->n_events);
	view_free(l->view);
	evidence_free(l->evidence, l->n_evidence);
	review_free(l->reviews_given, l->n_reviews_given);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		report_learner_free(&r->learners[i]);
	free(r->learners);
	cohort_free(r->summary);
	json_decref(r->raw_summary);
	free(r->pack_id);
	free(r->pack_version);
	memset(r, 0, sizeof *r);
}

/* What a signature covers: who the learner is, their log (through its
 * chain head) and their study history, each answer and session by id. */
void report_learner_digest(const struct report_learner *l, char out[65])
{
	struct digest d;
	char num[32];

	digest_init(&d);
	digest_field(&d, "selfgrade-learner-3");
	digest_field(&d, l->uid);
	digest_field(&d, l->name);
	digest_field(&d, l->created_at);
	digest_field(&d, l->n_events ? l->events[l->n_events - 1].hash : NULL);
	digest_field(&d, l->email);
	digest_field(&d, l->id_number);
	digest_field(&d, l->section);
	for (size_t i = 0; i < l->n_sessions; i++) {
		const struct store_session *x = &l->sessions[i];
		digest_field(&d, x->uid);
		digest_field(&d, x->started_at);
		digest_field(&d, x->ended_at);
		snprintf(num, sizeof num, "%d/%d", x->cards, x->first_try);
		digest_field(&d, num);
	}
	for (size_t i = 0; i < l->n_reviews; i++) {
		const struct store_review *x = &l->reviews[i];
		digest_field(&d, x->uid);
		digest_field(&d, x->card_id);
		snprintf(num, sizeof num, "%d/%d", x->grade, x->first_try);
		digest_field(&d, num);
		digest_field(&d, x->session_uid);
		digest_field(&d, x->at);
	}
	digest_final(&d, out);
}

/* Everything but the progress: study, evidence, identity, the log; then
 * the view, and the signature when this database holds the learner's key
 * (own: the learner's own export, which may make them one). */
static int collect_rest(struct store *s, const struct pack *p, int64_t id,
			bool events, bool own, struct report_learner *l, char **err)
{
	struct store_identity who;

	if (store_sessions(s, id, &l->sessions, &l->n_sessions, err) ||
	    store_reviews(s, id, &l->reviews, &l->n_reviews, err) ||
	    store_latest_evidence(s, id, &l->evidence, &l->n_evidence, err) ||
	    store_latest_reviews(s, id, &l->reviews_given, &l->n_reviews_given, err) ||
	    (events && store_events(s, id, &l->events, &l->n_events, err)) ||
	    store_identity(s, id, own, &who, err))
		return -1;
	snprintf(l->uid, sizeof l->uid, "%s", who.uid);
	l->email = who.email;
	l->id_number = who.id_number;
	l->section = who.section;
	who.email = who.id_number = who.section = NULL;
	if (who.public_key[0])
		l->key = xstrdup(who.public_key);
	l->view = view_new(p, &l->progress, l->sessions, l->n_sessions);
	view_use_evidence(l->view, l->evidence, l->n_evidence);
	view_use_reviews(l->view, l->reviews_given, l->n_reviews_given);
	if (events && who.secret[0]) {
		char md[65], sig[SIGN_SIG_HEX];
		report_learner_digest(l, md);
		if (sign_digest(who.public_key, who.secret, md, sig) == 0)
			l->signature = xstrdup(sig);
	}
	memset(who.secret, 0, sizeof who.secret);
	store_identity_clear(&who);
	return 0;
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
	    store_progress(s, id, &l->progress, err))
		return -1;
	return collect_rest(s, p, id, events, false, l, err);
}

/* The whole cohort: one read of every learner's progress, then the rest
 * one learner at a time. */
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
		if (rc == 0)
			rc = collect_rest(s, p, id, events, false, l, err);
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
	pack_content_hash(p, out->content_hash);
	store_now(out->generated_at);
	if (!names) {
		rc = collect_all(s, p, events, out, err);
	} else {
		/* A learner's own export: one added before keys existed gets a
		 * key now, before the reading starts. */
		for (size_t i = 0; i < n && rc == 0; i++) {
			struct store_identity who;
			int64_t id;
			rc = store_learner_find(s, names[i], &id, err) ||
			     store_identity(s, id, true, &who, err);
			if (rc == 0)
				store_identity_clear(&who);
		}
		if (rc)
			return -1;
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

/* Adding a format is one entry here and one writer file. */
static const struct report_format_def formats[] = {
	{"json", report_write_json, true},
	{"csv", report_write_csv, false},
	{"md", report_write_md, true},
	{"html", report_write_html, true},
	{"xlsx", report_write_xlsx, false},
	{"moodle", report_write_moodle, false},
	{"canvas", report_write_canvas, false},
	{"review", report_write_review, true},
};

const struct report_format_def *report_format_of(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (strcmp(name, formats[i].name) == 0)
			return &formats[i];
	return NULL;
}

const char *report_format_names(void)
{
	static char names[128];

	if (!names[0])
		for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names),
				 "%s%s", i ? "|" : "", formats[i].name);
	return names;
}

const char *report_format_list(void)
{
	static char list[160];
	size_t n = sizeof formats / sizeof *formats;

	if (!list[0])
		for (size_t i = 0; i < n; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				 i == 0 ? "" : i + 1 == n ? _(" or ") : ", ", formats[i].name);
	return list;
}

int report_write(const struct report *r, const struct report_format_def *f,
		 FILE *out, char **err)
{
	if (f->write(r, out, err))
		return -1;
	if (ferror(out))
		return diag_fail(err, "%s", _("cannot write the report"));
	return 0;
}

int report_sort_of(const char *name)
{
	static const char *const names[] = {"name", "level", "progress", "activity"};
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* A learner with what it sorts by, worked out once. */
struct keyed {
	struct report_learner l;
	char *name_key; /* case folded, then strxfrm'd for the locale */
	size_t level;	/* the pack's level index reached; n_levels: not yet */
	int percent;
	const char *last;
	enum report_sort sort;
};

static char *collation_key(const char *name)
{
	utf8proc_uint8_t *folded = NULL;
	const char *s = name;
	char *key;
	size_t n;

	if (utf8proc_map((const utf8proc_uint8_t *)name, 0, &folded,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				 UTF8PROC_CASEFOLD) >= 0)
		s = (const char *)folded;
	n = strxfrm(NULL, s, 0) + 1;
	key = xmalloc(n);
	strxfrm(key, s, n);
	free(folded);
	return key;
}

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = 0;

	switch (x->sort) {
	case SORT_LEVEL:
		c = (x->level > y->level) - (x->level < y->level);
		break;
	case SORT_PROGRESS:
		c = (y->percent > x->percent) - (y->percent < x->percent);
		break;
	case SORT_ACTIVITY:
		c = -strcmp(x->last, y->last);
		break;
	default:
		break;
	}
	if (!c)
		c = strcmp(x->name_key, y->name_key);
	return c ? c : strcmp(x->l.name, y->l.name);
}

int report_select(struct report *r, enum report_sort sort, const char *level,
		  char **err)
{
	const struct pack *p = r->pack;
	struct keyed *k;
	const struct view **views;
	size_t n = 0;

	if (level && strcmp(level, "not-yet") != 0) {
		size_t i = 0;
		while (i < p->n_levels && strcmp(p->levels[i].id, level) != 0)
			i++;
		if (i == p->n_levels)
			return diag_fail(err, _("no level '%s' in the pack (levels: %s%s "
						"and not-yet)"),
					 level, p->n_levels ? p->levels[0].id : "",
					 p->n_levels > 1 ? ", ..." : "");
	}
	k = xcalloc(r->n ? r->n : 1, sizeof *k);
	for (size_t i = 0; i < r->n; i++) {
		struct report_learner *l = &r->learners[i];
		if (level && strcmp(view_level_id(l->view), level) != 0) {
			report_learner_free(l);
			continue;
		}
		k[n] = (struct keyed){*l, collation_key(l->name),
				      l->view->level ? (size_t)(l->view->level - l->view->levels)
						     : p->n_levels,
				      view_percent(l->view), report_last_activity(l), sort};
		n++;
	}
	qsort(k, n, sizeof *k, by_key);
	views = xmalloc((n ? n : 1) * sizeof *views);
	for (size_t i = 0; i < n; i++) {
		r->learners[i] = k[i].l;
		views[i] = r->learners[i].view;
		free(k[i].name_key);
	}
	r->n = n;
	cohort_free(r->summary);
	r->summary = cohort_new(p, views, n);
	free(views);
	free(k);
	return 0;
}

struct store_merge *report_merge_list(const struct report *r)
{
	struct store_merge *m = xcalloc(r->n ? r->n : 1, sizeof *m);

	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = &r->learners[i];
		m[i] = (struct store_merge){
			.uid = l->uid, .name = l->name, .file_name = l->name,
			.created_at = l->created_at, .key = l->key,
			/* report_verify() refused a file whose signature fails */
			.signed_ok = l->signature != NULL, .events = l->events,
			.n_events = l->n_events, .kinds = l->progress.states,
			.n_kinds = l->progress.n_states, .sessions = l->sessions,
			.n_sessions = l->n_sessions, .reviews = l->reviews,
			.n_reviews = l->n_reviews, .email = l->email,
			.id_number = l->id_number, .section = l->section};
	}
	return m;
}
