/* SPDX-License-Identifier: MIT */
/* Evidence events: encoding, decoding, and the latest word per probe. */
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

char *evidence_encode(const struct evidence *e)
{
	json_t *o =
	    json_pack("{s:s,s:s,s:o,s:i,s:s}", "probe", e->probe_id, "verdict",
	              probe_verdict_name(e->verdict), "file",
	              e->file ? json_string(e->file) : json_null(), "line",
	              e->line, "value", e->value ? e->value : "");
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	if (!s)
		abort(); /* only out of memory: the texts are UTF-8 */
	char *out = xstrdup(s);
	free(s);
	return out;
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

void evidence_latest(const struct prog_event *ev, size_t n, struct evidence **v,
                     size_t *nv)
{
	const struct prog_event **ord = xmalloc((n ? n : 1) * sizeof *ord);
	size_t m = 0, cap = 0;

	*v = NULL;
	*nv = 0;
	for (size_t i = 0; i < n; i++)
		if (ev[i].field && strcmp(ev[i].field, EVIDENCE_FIELD) == 0)
			ord[m++] = &ev[i];
	/* The log's order, never the times written in it; newest first, so
	 * that the first seen of each probe is its latest. */
	for (size_t k = m; k-- > 0;) {
		struct evidence e;
		bool seen = false;
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
	if (*nv)
		qsort(*v, *nv, sizeof **v, by_entry_probe);
}

const struct evidence *evidence_for(const struct evidence *v, size_t n,
                                    const char *entry_id)
{
	/* Not applicable is evidence neither way: ranked with not found. */
	static const int rank[PROBE_VERDICT_COUNT] = {
	    [PROBE_NOT_FOUND] = 0, [PROBE_NOT_APPLICABLE] = 0,
	    [PROBE_VERIFIED] = 1, [PROBE_CONTRADICTED] = 2};
	const struct evidence *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct evidence *e = &v[i];
		if (strcmp(e->entry_id, entry_id) != 0)
			continue;
		if (!best || rank[e->verdict] > rank[best->verdict] ||
		    (rank[e->verdict] == rank[best->verdict] && e->at &&
		     best->at && strcmp(e->at, best->at) > 0))
			best = e;
	}
	return best;
}

void evidence_clear(struct evidence *e)
{
	free(e->entry_id);
	free(e->probe_id);
	free(e->file);
	free(e->value);
	free(e->file_hash);
	free(e->at);
	memset(e, 0, sizeof *e);
}

void evidence_free(struct evidence *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		evidence_clear(&v[i]);
	free(v);
}
