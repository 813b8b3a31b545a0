/* SPDX-License-Identifier: MIT */
/* Collecting learners for a report: read from the store into views
 * before a writer sees them. Collect, then print (git's wt_status_collect
 * and wt_status_print): report_write() drives the writer, reading each
 * learner (for a cohort read one at a time, just before its turn, and
 * only that one) and handing it over; a writer never reads the store nor
 * asks for a learner, so that reading and its failures stay here. */
#include "selfgrade/report.h"
#include "selfgrade/evidence.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "report_impl.h"
#include "selfgrade/cohort.h"
#include "selfgrade/review.h"
#include "selfgrade/digest.h"
#include "selfgrade/sign.h"
#include "selfgrade/study.h"
#include "selfgrade/diag.h"
#include "selfgrade/utf8.h"
#include "selfgrade/name.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* A cohort read from the store one learner at a time: the row ids in the
 * report's order and the one learner held, collected at its turn. */
struct report_stream {
	struct store *s;
	bool events;
	int64_t *ids;
	size_t at; /* the row cur holds, or SIZE_MAX */
	struct report_learner cur;
	/* report_open_parts: each row's part of format parts, where in the
	 * spool and how long */
	const struct report_format_def *parts;
	struct spool *spool;
	long long *part_at;
	size_t *part_len;
};

/* An unlinked file in $TMPDIR (or /tmp) to write parts into and read them
 * back from: as large as they are, on disk rather than in memory. Written
 * through a buffer of its own, as glibc gives a buffer of 4 KiB whatever
 * size setvbuf asks for without one; end is where the next part starts
 * (one ftello a part, not two). */
struct spool {
	FILE *f;
	long long end;
	char buf[REPORT_BUFFER];
};

static void spool_close(struct spool *sp)
{
	if (!sp)
		return;
	fclose(sp->f);
	free(sp);
}

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
	free(l->canvas_id);
	free(l->login);
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
	if (r->stream) {
		report_learner_free(&r->stream->cur);
		spool_close(r->stream->spool);
		free(r->stream->part_at);
		free(r->stream->part_len);
		free(r->stream->ids);
		free(r->stream);
		for (size_t i = 0; i < r->n; i++)
			report_learner_free(&r->rows[i]);
		free(r->rows);
	} else {
		for (size_t i = 0; i < r->n; i++)
			report_learner_free(&r->learners[i]);
		free(r->learners);
	}
	cohort_free(r->summary);
	json_decref(r->raw_summary);
	free(r->pack_id);
	free(r->pack_version);
	memset(r, 0, sizeof *r);
}

/* What a signature covers: who the learner is, their log (through its
 * chain head) and their study history, each answer and session by id.
 * From export version 4 on, also each event's place and links (seq,
 * batch, undoes), which the chain's hashes leave out: everything an
 * import stores is signed. A file of version 3 was signed without them,
 * and an import does not take its links (report_json.c). */
void report_learner_digest(const struct report_learner *l, int version, char out[65])
{
	struct digest d;
	char num[64];

	digest_init(&d);
	digest_field(&d, version >= 4 ? "selfgrade-learner-4" : "selfgrade-learner-3");
	digest_field(&d, l->uid);
	digest_field(&d, l->name);
	digest_field(&d, l->created_at);
	digest_field(&d, l->n_events ? l->events[l->n_events - 1].hash : NULL);
	for (size_t i = 0; version >= 4 && i < l->n_events; i++) {
		const struct prog_event *e = &l->events[i];
		snprintf(num, sizeof num, "%lld/%lld/%lld", (long long)e->seq,
			 (long long)e->batch, (long long)e->undoes);
		digest_field(&d, num);
	}
	digest_field(&d, l->email);
	digest_field(&d, l->id_number);
	digest_field(&d, l->section);
	for (size_t i = 0; i < l->n_sessions; i++) {
		const struct study_session *x = &l->sessions[i];
		digest_field(&d, x->uid);
		digest_field(&d, x->started_at);
		digest_field(&d, x->ended_at);
		snprintf(num, sizeof num, "%d/%d", x->cards, x->first_try);
		digest_field(&d, num);
	}
	for (size_t i = 0; i < l->n_reviews; i++) {
		const struct study_answer *x = &l->reviews[i];
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
	    store_reviews(s, id, &l->reviews, &l->n_reviews, err))
		return -1;
	/* The latest evidence and reviews are in the log: taken from it
	 * when it is read anyway, a read of each fewer per learner. */
	if (events) {
		if (store_events(s, id, &l->events, &l->n_events, err))
			return -1;
		evidence_latest(l->events, l->n_events, &l->evidence, &l->n_evidence);
		review_latest(l->events, l->n_events, &l->reviews_given,
			      &l->n_reviews_given);
	} else if (store_latest_evidence(s, id, &l->evidence, &l->n_evidence, err) ||
		   store_latest_reviews(s, id, &l->reviews_given,
					&l->n_reviews_given, err)) {
		return -1;
	}
	if (store_learner_lms(s, id, &l->canvas_id, &l->login, err) ||
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
		report_learner_digest(l, REPORT_VERSION, md);
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
		l->anchor = i + 1;
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
			out->learners[i].anchor = i + 1;
			out->n = i + 1;
		}
		store_read_end(s);
	}
	if (rc)
		report_free(out);
	return rc;
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
	int64_t id; /* in the store (report_open) */
	long long part_at; /* its part in the spool (report_open_parts) */
	size_t part_len;
};

static char *collation_key(const char *name)
{
	utf8proc_uint8_t *folded = NULL;
	const char *s = name;
	char *key = name_sort_key(name, sg_lang());
	size_t n;

	/* ICU's collator of the report's language; the locale's only when
	 * ICU is missing (under C.UTF-8 that puts Ё after Я). */
	if (key)
		return key;

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

int report_level_check(const struct pack *p, const char *level, char **err)
{
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
	return 0;
}

int report_select(struct report *r, enum report_sort sort, const char *level,
		  char **err)
{
	const struct pack *p = r->pack;
	struct keyed *k;
	const struct view **views;
	size_t n = 0;

	if (report_level_check(p, level, err))
		return -1;
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
				      view_percent(l->view), report_last_activity(l), sort, 0, 0, 0};
		n++;
	}
	qsort(k, n, sizeof *k, by_key);
	views = xmalloc((n ? n : 1) * sizeof *views);
	for (size_t i = 0; i < n; i++) {
		r->learners[i] = k[i].l;
		r->learners[i].anchor = i + 1;
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

/* ---- a cohort one learner at a time ----------------------------------- */

/* What a row keeps of a learner's view: the level reached and the counts
 * (and, for cohorts small enough to draw learner by learner, each
 * entry's state), not the criteria and their missing parts. */
static struct view *light_view(const struct view *w, bool states)
{
	struct view *v = xcalloc(1, sizeof *v);
	const struct pack *p = w->pack;

	v->pack = p;
	v->done = w->done;
	v->total = w->total;
	v->n_levels = w->n_levels;
	v->levels = xcalloc(w->n_levels ? w->n_levels : 1, sizeof *v->levels);
	for (size_t i = 0; i < w->n_levels; i++)
		v->levels[i] = (struct view_level){w->levels[i].level,
						   w->levels[i].criteria_met,
						   w->levels[i].met, NULL, 0};
	if (w->level)
		v->level = v->levels + (w->level - w->levels);
	if (w->next)
		v->next = v->levels + (w->next - w->levels);
	v->n_critical = w->n_critical;
	v->study = w->study;
	if (states) {
		v->state = xmalloc((p->n_index ? p->n_index : 1) * sizeof *v->state);
		memcpy(v->state, w->state, p->n_index * sizeof *v->state);
	}
	return v;
}

/* The learner's view as every report sees it: progress, study, evidence
 * and an instructor's reviews; read into l. */
static int read_view(struct store *s, const struct pack *p, int64_t id,
		     struct report_learner *l, char **err)
{
	if (store_progress(s, id, &l->progress, err) ||
	    store_sessions(s, id, &l->sessions, &l->n_sessions, err) ||
	    store_latest_evidence(s, id, &l->evidence, &l->n_evidence, err) ||
	    store_latest_reviews(s, id, &l->reviews_given, &l->n_reviews_given, err))
		return -1;
	l->view = view_new(p, &l->progress, l->sessions, l->n_sessions);
	view_use_evidence(l->view, l->evidence, l->n_evidence);
	view_use_reviews(l->view, l->reviews_given, l->n_reviews_given);
	return 0;
}

/* The learner whole, as learner_at() reads it; row l's name and
 * times copied. */
static int read_whole(struct store *s, const struct pack *p, int64_t id, bool events,
		      const struct report_learner *l, struct report_learner *full,
		      char **err)
{
	full->name = xstrdup(l->name);
	full->created_at = l->created_at ? xstrdup(l->created_at) : NULL;
	full->last_at = l->last_at ? xstrdup(l->last_at) : NULL;
	if (store_progress(s, id, &full->progress, err))
		return -1;
	return collect_rest(s, p, id, events, false, full, err);
}

static struct spool *spool_open(char **err)
{
	char *path = report_tmp_template("spool");
	int fd = mkstemp(path);
	FILE *f = NULL;
	struct spool *sp = NULL;

	if (fd >= 0) {
		unlink(path);
		f = fdopen(fd, "w+");
		if (!f) {
			close(fd);
		} else {
			sp = xcalloc(1, sizeof *sp);
			sp->f = f;
			setvbuf(f, sp->buf, _IOFBF, sizeof sp->buf);
		}
	}
	if (!f) {
		*strrchr(path, '/') = '\0'; /* the folder, for the message */
		diag_fail(err, _("cannot make a spool file in %s: %s"), path, strerror(errno));
	}
	free(path);
	return sp;
}

/* Learner l's part written to the spool, where and how long kept in k. */
static int spool_part(struct spool *sp, const struct report_format_def *f,
		      const struct report *r, const struct report_learner *l,
		      void **state, struct keyed *k, char **err)
{
	off_t end;

	if (f->part(r, l, state, sp->f, err))
		return -1;
	end = ftello(sp->f);
	if (end < sp->end || ferror(sp->f))
		return diag_fail(err, _("cannot write the spool file: %s"), strerror(errno));
	k->part_at = sp->end;
	k->part_len = (size_t)(end - sp->end);
	sp->end = end;
	return 0;
}

static int open_cohort(struct store *s, const struct pack *p, bool events, bool views,
		       const struct report_format_def *parts, enum report_sort sort,
		       const char *level, struct report *out, char **err);

int report_open(struct store *s, const struct pack *p, bool events, bool views,
		enum report_sort sort, const char *level, struct report *out,
		char **err)
{
	return open_cohort(s, p, events, views, NULL, sort, level, out, err);
}

int report_open_parts(struct store *s, const struct pack *p,
		      const struct report_format_def *f, enum report_sort sort,
		      const char *level, struct report *out, char **err)
{
	if (!f->spool)
		return diag_fail(err, "%s", _("this format has no part per learner"));
	return open_cohort(s, p, f->needs_events, true, f, sort, level, out, err);
}

static int open_cohort(struct store *s, const struct pack *p, bool events, bool views,
		       const struct report_format_def *parts, enum report_sort sort,
		       const char *level, struct report *out, char **err)
{
	struct spool *spool = NULL;
	void *state = NULL;
	struct store_learner *v;
	struct keyed *k;
	size_t n, m = 0;
	bool states = true;

	memset(out, 0, sizeof *out);
	out->pack = p;
	pack_content_hash(p, out->content_hash);
	store_now(out->generated_at);
	if (report_level_check(p, level, err))
		return -1;
	views = views || level || sort == SORT_LEVEL || sort == SORT_PROGRESS;
	/* Read transactions of a few hundred learners, not one for the
	 * cohort: the journal's shared lock would hold every writer off for
	 * as long as a large cohort takes (past their busy timeout). */
	if (store_read_begin(s, err))
		return -1;
	if (store_cohort_learners(s, &v, &n, err)) {
		store_read_end(s);
		return -1;
	}
	k = xcalloc(n ? n : 1, sizeof *k);
	if (views)
		out->summary = cohort_begin(p);
	if (parts && !(spool = spool_open(err)))
		goto fail;
	/* The first pass: each learner's view counted into the summary and
	 * kept light in a row, what sorting and the overview tables need;
	 * with parts, the learner read whole and its part spooled. */
	for (size_t i = 0; i < n; i++) {
		struct report_learner full = {0}, *l = &k[m].l;
		if (i && i % 256 == 0 && views) {
			store_read_end(s);
			if (store_read_begin(s, err)) {
				store_cohort_free(v, n);
				v = NULL;
				n = 0;
				goto fail;
			}
		}
		memset(l, 0, sizeof *l);
		l->name = v[i].name;
		l->created_at = v[i].created_at;
		l->last_at = v[i].last_at;
		v[i].name = v[i].created_at = v[i].last_at = NULL;
		if (views) {
			if (parts ? read_whole(s, p, v[i].id, events, l, &full, err)
				  : read_view(s, p, v[i].id, &full, err)) {
				report_learner_free(&full);
				report_learner_free(l);
				goto fail;
			}
			if (level && strcmp(view_level_id(full.view), level) != 0) {
				report_learner_free(&full);
				report_learner_free(l);
				continue;
			}
			cohort_add(out->summary, full.view);
			full.anchor = m + 1;
			if (parts && spool_part(spool, parts, out, &full, &state, &k[m], err)) {
				report_learner_free(&full);
				report_learner_free(l);
				goto fail;
			}
			if (m == REPORT_ROW_STATES)
				for (size_t j = 0; j < m; j++) {
					free(k[j].l.view->state);
					k[j].l.view->state = NULL;
				}
			states = states && m < REPORT_ROW_STATES;
			l->view = light_view(full.view, states);
			report_learner_free(&full);
		}
		l->anchor = m + 1;
		k[m].name_key = collation_key(l->name);
		k[m].level = l->view && l->view->level
				     ? (size_t)(l->view->level - l->view->levels)
				     : p->n_levels;
		k[m].percent = l->view ? view_percent(l->view) : 0;
		k[m].last = report_last_activity(l);
		k[m].sort = sort;
		k[m].id = v[i].id;
		m++;
	}
	store_cohort_free(v, n);
	store_read_end(s);
	if (parts) {
		parts->end(state);
		state = NULL;
		if (fflush(spool->f) != 0) {
			diag_fail(err, _("cannot write the spool file: %s"), strerror(errno));
			v = NULL;
			n = 0;
			goto fail_closed;
		}
	}
	qsort(k, m, sizeof *k, by_key);
	out->rows = xcalloc(m ? m : 1, sizeof *out->rows);
	out->stream = xcalloc(1, sizeof *out->stream);
	out->stream->s = s;
	out->stream->events = events;
	out->stream->at = SIZE_MAX;
	out->stream->ids = xmalloc((m ? m : 1) * sizeof *out->stream->ids);
	out->stream->spool = spool;
	out->stream->parts = parts;
	if (spool) {
		out->stream->part_at = xmalloc((m ? m : 1) * sizeof *out->stream->part_at);
		out->stream->part_len = xmalloc((m ? m : 1) * sizeof *out->stream->part_len);
	}
	for (size_t i = 0; i < m; i++) {
		out->rows[i] = k[i].l;
		out->stream->ids[i] = k[i].id;
		if (spool) {
			out->stream->part_at[i] = k[i].part_at;
			out->stream->part_len[i] = k[i].part_len;
		}
		free(k[i].name_key);
	}
	out->n = m;
	free(k);
	if (out->summary)
		cohort_end(out->summary);
	return 0;
fail:
	store_read_end(s);
fail_closed:
	for (size_t i = 0; i < m; i++) {
		report_learner_free(&k[i].l);
		free(k[i].name_key);
	}
	free(k);
	store_cohort_free(v, n);
	cohort_free(out->summary);
	out->summary = NULL;
	if (parts && state)
		parts->end(state);
	spool_close(spool);
	return -1;
}

const struct report_learner *report_row(const struct report *r, size_t i)
{
	return r->stream ? &r->rows[i] : &r->learners[i];
}

/* Whether the learner's log still ends where the first pass saw it end. */
static int unchanged(struct store *s, int64_t id, const struct report_learner *l,
		     char **err)
{
	char *created, *last;
	bool same;

	if (store_learner_created(s, id, &created, &last, err))
		return -1;
	same = (!last && !l->last_at) || (last && l->last_at && strcmp(last, l->last_at) == 0);
	free(created);
	free(last);
	if (!same)
		return diag_fail(err, _("%s's progress changed during the export; run it "
					"again"),
				 l->name);
	return 0;
}

/* Learner i whole: for a report read one at a time, collected now (the
 * one returned before is freed); NULL with *err if the store fails. */
static const struct report_learner *learner_at(const struct report *r, size_t i,
					       char **err)
{
	struct report_stream *st = r->stream;
	struct report_learner *l;

	if (!st)
		return &r->learners[i];
	l = &st->cur;
	if (st->at == i)
		return l;
	report_learner_free(l);
	memset(l, 0, sizeof *l);
	st->at = SIZE_MAX;
	l->anchor = r->rows[i].anchor;
	/* Each learner one snapshot of the database, and the one the first
	 * pass counted: a change in between would make the summary at the top
	 * disagree with the learner below it, which verify would refuse. */
	if (store_read_begin(st->s, err) ||
	    unchanged(st->s, st->ids[i], &r->rows[i], err) ||
	    read_whole(st->s, r->pack, st->ids[i], st->events, &r->rows[i], l, err)) {
		store_read_end(st->s);
		return NULL;
	}
	store_read_end(st->s);
	st->at = i;
	return l;
}

/* Every learner's part, copied from the spool in the report's order:
 * from where the first pass wrote them, parts that lie one after another
 * (the report's order is often the order they were read in) in one
 * go. */
static int copy_parts(const struct report *r, FILE *out, char **err)
{
	const struct report_stream *st = r->stream;
	FILE *spool = st->spool->f;

	for (size_t i = 0, j; i < r->n; i = j) {
		size_t len = st->part_len[i];
		for (j = i + 1; j < r->n && st->part_at[j] == st->part_at[j - 1] +
								   (long long)st->part_len[j - 1];
		     j++)
			len += st->part_len[j];
		if (fseeko(spool, (off_t)st->part_at[i], SEEK_SET) != 0 ||
		    report_copy(spool, len, out) != 0)
			return ferror(out) ? diag_fail(err, "%s", _("cannot write the report"))
					   : diag_fail(err, _("cannot read the spool file: %s"),
						       ferror(spool) ? strerror(errno)
								     : _("it is shorter"));
	}
	return 0;
}

int report_write(const struct report *r, const struct report_format_def *f,
		 FILE *out, char **err)
{
	void *state = NULL;
	int rc = 0;

	/* A format that sees every learner before its head (a gradebook
	 * checks that each row can be told apart): a pass of its own. */
	for (size_t i = 0; f->scan && rc == 0 && i < r->n; i++) {
		const struct report_learner *l = learner_at(r, i, err);
		rc = l ? f->scan(r, l, &state, err) : -1;
	}
	if (rc == 0 && f->head)
		rc = f->head(r, &state, out, err);
	if (rc == 0 && r->stream && r->stream->parts == f) {
		rc = copy_parts(r, out, err);
	} else {
		for (size_t i = 0; rc == 0 && i < r->n; i++) {
			const struct report_learner *l;
			if (f->skip && f->skip(r, i, state))
				continue;
			l = learner_at(r, i, err);
			rc = l ? f->part(r, l, &state, out, err) : -1;
		}
	}
	if (rc == 0 && f->tail)
		rc = f->tail(r, state, out, err);
	if (f->end)
		f->end(state);
	if (rc == 0 && ferror(out))
		rc = diag_fail(err, "%s", _("cannot write the report"));
	return rc;
}

int report_each_one(const struct report *r,
		    int (*fn)(const struct report *one, size_t i, void *ctx), void *ctx,
		    char **err)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct report_learner *l = learner_at(r, i, err);
		struct report one = *r;
		int rc;

		if (!l)
			return -1;
		/* one learner, in memory: the one just read */
		one.learners = (struct report_learner *)l;
		one.rows = NULL;
		one.stream = NULL;
		one.n = 1;
		one.summary = NULL; /* one learner: no cohort to sum up */
		if ((rc = fn(&one, i, ctx)))
			return rc;
	}
	return 0;
}

struct store_merge report_merge_of(const struct report_learner *l)
{
	return (struct store_merge){
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

struct store_merge *report_merge_list(const struct report *r)
{
	struct store_merge *m = xcalloc(r->n ? r->n : 1, sizeof *m);

	for (size_t i = 0; i < r->n; i++)
		m[i] = report_merge_of(&r->learners[i]);
	return m;
}
