/* SPDX-License-Identifier: MIT */
/* Evidence and dispute events: encoding, decoding, and the latest word
 * per probe. */
#include "selfgrade/evidence.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/field.h"
#include "selfgrade/xalloc.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void evidence_from_result(const struct probe_result *r, struct evidence *out)
{
	memset(out, 0, sizeof *out);
	out->entry_id = xstrdup(r->probe->for_.id);
	out->probe_id = xstrdup(r->probe->id);
	out->verdict = r->verdict;
	out->file = dup_or_null(r->file);
	out->line = r->line;
	out->value = xstrdup(r->value ? r->value : "");
	out->file_hash = r->file_hash[0] ? xstrdup(r->file_hash) : NULL;
}

/* o (taken) as the compact JSON an event keeps; only out of memory
 * fails, the texts being UTF-8. */
static char *compact(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *out;

	json_decref(o);
	if (!s)
		abort();
	out = xstrdup(s);
	free(s);
	return out;
}

char *evidence_encode(const struct evidence *e)
{
	json_t *o =
	    json_pack("{s:s,s:s,s:o,s:i,s:s}", "probe", e->probe_id, "verdict",
	              probe_verdict_name(e->verdict), "file",
	              e->file ? json_string(e->file) : json_null(), "line",
	              e->line, "value", e->value ? e->value : "");
	return compact(o);
}

bool evidence_decode(const struct prog_event *e, struct evidence *out)
{
	json_t *o, *file, *line;
	const char *probe, *verdict, *value;
	int v;

	memset(out, 0, sizeof *out);
	if (!e->field || strcmp(e->field, EVIDENCE_FIELD) != 0 || !e->new_ ||
	    !e->item_id)
		return false;
	o = json_loads(e->new_, 0, NULL);
	probe = json_string_value(json_object_get(o, "probe"));
	verdict = json_string_value(json_object_get(o, "verdict"));
	value = json_string_value(json_object_get(o, "value"));
	file = json_object_get(o, "file");
	line = json_object_get(o, "line");
	v = verdict ? probe_verdict_parse(verdict) : -1;
	/* What a probe writes, and nothing a probe would not: an id, and a
	 * file and value that can be shown as they are (field.h). */
	if (!probe || v < 0 || !value ||
	    field_check(FIELD_ID, "probe", probe, strlen(probe), NULL) ||
	    field_check(FIELD_SHOWN, "value", value, json_string_length(json_object_get(o, "value")), NULL) ||
	    (json_is_string(file) &&
	     field_check(FIELD_SHOWN, "file", json_string_value(file),
			 json_string_length(file), NULL)) ||
	    !(json_is_string(file) || json_is_null(file)) ||
	    !json_is_integer(line) || json_integer_value(line) < 0 ||
	    json_integer_value(line) > 100000000) {
		json_decref(o);
		return false;
	}
	out->entry_id = xstrdup(e->item_id);
	out->probe_id = xstrdup(probe);
	out->verdict = (enum probe_verdict)v;
	out->file = dup_or_null(json_string_value(file));
	out->line = (int)json_integer_value(line);
	out->value = xstrdup(value);
	out->file_hash = dup_or_null(e->text_hash);
	out->at = dup_or_null(e->at);
	json_decref(o);
	return true;
}

static int by_entry_probe(const void *a, const void *b)
{
	const struct evidence *x = a, *y = b;
	int c = strcmp(x->entry_id, y->entry_id);
	return c ? c : strcmp(x->probe_id, y->probe_id);
}

/* The learner's latest word on one probe's contradiction of an entry. */
struct dispute {
	char *entry_id, *probe, *file, *value, *text, *at;
};

static void dispute_clear(struct dispute *d)
{
	free(d->entry_id);
	free(d->probe);
	free(d->file);
	free(d->value);
	free(d->text);
	free(d->at);
}

static bool same_or_null(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Each evidence takes the newest dispute of its entry and probe when that
 * answers it: the same file and value (a different contradiction needs
 * a new dispute), and a dispute, not its withdrawal. */
static void attach_disputes(struct evidence *v, size_t nv, struct dispute *d,
			    size_t nd)
{
	for (size_t i = 0; i < nv; i++)
		for (size_t k = 0; k < nd; k++) {
			if (strcmp(d[k].entry_id, v[i].entry_id) != 0 ||
			    strcmp(d[k].probe, v[i].probe_id) != 0)
				continue;
			if (d[k].text && v[i].verdict == PROBE_CONTRADICTED &&
			    same_or_null(d[k].file, v[i].file) &&
			    strcmp(d[k].value, v[i].value) == 0) {
				v[i].dispute = xstrdup(d[k].text);
				v[i].dispute_at = dup_or_null(d[k].at);
			}
			break;
		}
}

void evidence_latest(const struct prog_event *ev, size_t n, struct evidence **v,
                     size_t *nv)
{
	const struct prog_event **ord = xmalloc((n ? n : 1) * sizeof *ord);
	struct dispute *d = NULL;
	size_t m = 0, cap = 0, nd = 0, cap_d = 0;

	*v = NULL;
	*nv = 0;
	for (size_t i = 0; i < n; i++)
		if (ev[i].field && (strcmp(ev[i].field, EVIDENCE_FIELD) == 0 ||
				    strcmp(ev[i].field, DISPUTE_FIELD) == 0))
			ord[m++] = &ev[i];
	/* The log's order, never the times written in it; newest first, so
	 * that the first seen of each probe is its latest. */
	for (size_t k = m; k-- > 0;) {
		struct evidence e;
		struct dispute x = {0};
		bool seen = false;
		if (strcmp(ord[k]->field, DISPUTE_FIELD) == 0) {
			if (!dispute_decode(ord[k], &x.probe, &x.file, &x.value, &x.text))
				continue;
			for (size_t j = 0; j < nd && !seen; j++)
				seen = strcmp(d[j].entry_id, ord[k]->item_id) == 0 &&
				       strcmp(d[j].probe, x.probe) == 0;
			x.entry_id = xstrdup(ord[k]->item_id);
			x.at = dup_or_null(ord[k]->at);
			if (seen) {
				dispute_clear(&x);
				continue;
			}
			xgrow(&d, &cap_d, nd + 1, sizeof *d);
			d[nd++] = x;
			continue;
		}
		if (!evidence_decode(ord[k], &e))
			continue;
		for (size_t j = 0; j < *nv && !seen; j++)
			seen = strcmp((*v)[j].probe_id, e.probe_id) == 0;
		if (seen) {
			evidence_clear(&e);
			continue;
		}
		xgrow(v, &cap, *nv + 1, sizeof **v);
		(*v)[(*nv)++] = e;
	}
	free(ord);
	attach_disputes(*v, *nv, d, nd);
	for (size_t k = 0; k < nd; k++)
		dispute_clear(&d[k]);
	free(d);
	if (*nv)
		qsort(*v, *nv, sizeof **v, by_entry_probe);
}

bool evidence_contradicts(const struct evidence *e)
{
	return e && e->verdict == PROBE_CONTRADICTED && !e->dispute;
}

/* What a verdict weighs when an entry has several probes: an open
 * contradiction over a disputed one over a verification over the rest
 * (not found, not applicable). */
static int weight(const struct evidence *e)
{
	switch (e->verdict) {
	case PROBE_CONTRADICTED:
		return e->dispute ? 2 : 3;
	case PROBE_VERIFIED:
		return 1;
	default:
		return 0;
	}
}

const struct evidence *evidence_for(const struct evidence *v, size_t n,
                                    const char *entry_id)
{
	const struct evidence *best = NULL;
	size_t lo = 0, hi = n;

	/* The first of entry_id's, by the order evidence_latest() left. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].entry_id, entry_id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n && strcmp(v[i].entry_id, entry_id) == 0; i++) {
		const struct evidence *e = &v[i];
		if (!best || weight(e) > weight(best) ||
		    (weight(e) == weight(best) && e->at && best->at &&
		     strcmp(e->at, best->at) > 0))
			best = e;
	}
	return best;
}

void evidence_mark_outdated(struct evidence *v, size_t n, const char *dir)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		v[i].outdated = false;
		if (!dir || !v[i].file || !v[i].file_hash)
			continue;
		/* Several probes cite one file, read once: a result with the
		 * same file and hash shares its answer. */
		while (j < i && !(v[j].file && v[j].file_hash &&
				  strcmp(v[j].file, v[i].file) == 0 &&
				  strcmp(v[j].file_hash, v[i].file_hash) == 0))
			j++;
		v[i].outdated = j < i ? v[j].outdated
				      : probe_file_changed(dir, v[i].file, v[i].file_hash) == 1;
	}
}

bool evidence_same(const struct evidence *a, const struct evidence *b)
{
	return strcmp(a->entry_id, b->entry_id) == 0 &&
	       strcmp(a->probe_id, b->probe_id) == 0 && a->verdict == b->verdict &&
	       same_or_null(a->file, b->file) && a->line == b->line &&
	       same_or_null(a->value, b->value) &&
	       same_or_null(a->file_hash, b->file_hash);
}

char *dispute_encode(const struct evidence *e, const char *text)
{
	json_t *o = json_pack("{s:s,s:o,s:s,s:s}", "probe", e->probe_id, "file",
			      e->file ? json_string(e->file) : json_null(), "value",
			      e->value ? e->value : "", "text", text);
	return compact(o);
}

bool dispute_decode(const struct prog_event *e, char **probe, char **file,
		    char **value, char **text)
{
	json_t *o, *f;
	const char *pr, *val, *tx;
	bool ok;

	*probe = *file = *value = *text = NULL;
	if (!e->field || strcmp(e->field, DISPUTE_FIELD) != 0 || !e->item_id)
		return false;
	/* A withdrawal names what it withdraws in `old`. */
	o = json_loads(e->new_ ? e->new_ : e->old ? e->old : "", 0, NULL);
	pr = json_string_value(json_object_get(o, "probe"));
	val = json_string_value(json_object_get(o, "value"));
	tx = json_string_value(json_object_get(o, "text"));
	f = json_object_get(o, "file");
	/* What a dispute holds, checked as the evidence it answers and as a
	 * note (field.h). */
	ok = pr && val && tx && (json_is_string(f) || json_is_null(f)) &&
	     !field_check(FIELD_ID, "probe", pr, strlen(pr), NULL) &&
	     !field_check(FIELD_SHOWN, "value", val,
			  json_string_length(json_object_get(o, "value")), NULL) &&
	     (!json_is_string(f) ||
	      !field_check(FIELD_SHOWN, "file", json_string_value(f),
			   json_string_length(f), NULL)) &&
	     !field_check(FIELD_NOTE, "text", tx,
			  json_string_length(json_object_get(o, "text")), NULL);
	if (ok) {
		*probe = xstrdup(pr);
		*file = dup_or_null(json_string_value(f));
		*value = xstrdup(val);
		*text = e->new_ && *tx ? xstrdup(tx) : NULL;
	}
	json_decref(o);
	return ok;
}

void evidence_clear(struct evidence *e)
{
	free(e->entry_id);
	free(e->probe_id);
	free(e->file);
	free(e->value);
	free(e->file_hash);
	free(e->at);
	free(e->dispute);
	free(e->dispute_at);
	memset(e, 0, sizeof *e);
}

void evidence_free(struct evidence *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		evidence_clear(&v[i]);
	free(v);
}
