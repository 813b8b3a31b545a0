/* SPDX-License-Identifier: MIT */
/* Reviews in the learner's log, as compact JSON in an event's `new`. */
#include "selfgrade/review.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/field.h"
#include "selfgrade/sign.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

const char *review_mark_name(enum review_mark m)
{
	/* Names in the signed review JSON; messages _() them. */
	static const char *const names[] = {[REVIEW_COMMENT] = N_("comment"),
					    [REVIEW_AGREED] = N_("agreed"),
					    [REVIEW_NOT_AGREED] = N_("not agreed")};
	return names[m];
}

char *review_encode(const char *text, enum review_mark mark, const char *by)
{
	json_t *o = json_pack("{s:o,s:s,s:s}", "text", text ? json_string(text) : json_null(),
			      "mark", review_mark_name(mark), "by", by);
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

bool review_decode(const struct prog_event *e, struct review *out)
{
	json_t *o, *text;
	const char *mark, *by;
	bool ok = false;

	memset(out, 0, sizeof *out);
	if (!e->field || strcmp(e->field, REVIEW_FIELD) != 0 || !e->new_ || !e->item_id)
		return false;
	o = json_loads(e->new_, JSON_REJECT_DUPLICATES, NULL);
	text = json_object_get(o, "text");
	mark = json_string_value(json_object_get(o, "mark"));
	by = json_string_value(json_object_get(o, "by"));
	if (json_is_object(o) && json_object_size(o) == 3 && (json_is_null(text) ||
	    (json_is_string(text) &&
	     field_check(FIELD_NOTE, "text", json_string_value(text),
			 json_string_length(text), NULL) == 0)) &&
	    mark && sign_is_hex(by, 32)) {
		for (int m = REVIEW_COMMENT; m <= REVIEW_NOT_AGREED && !ok; m++)
			if (strcmp(mark, review_mark_name((enum review_mark)m)) == 0) {
				out->mark = (enum review_mark)m;
				ok = true;
			}
	}
	if (ok) {
		out->entry_id = xstrdup(e->item_id);
		out->text = json_is_string(text) ? xstrdup(json_string_value(text)) : NULL;
		out->by = xstrdup(by);
		out->at = xstrdup(e->at ? e->at : "");
	}
	json_decref(o);
	return ok;
}

static int by_entry(const void *a, const void *b)
{
	return strcmp(((const struct review *)a)->entry_id, ((const struct review *)b)->entry_id);
}

void review_latest(const struct prog_event *ev, size_t n, struct review **v,
		   size_t *nv)
{
	size_t cap = 0;

	*v = NULL;
	*nv = 0;
	/* Newest first: the first seen of each entry is its latest. */
	for (size_t k = n; k-- > 0;) {
		struct review r;
		bool seen = false;
		if (!review_decode(&ev[k], &r))
			continue;
		for (size_t j = 0; j < *nv && !seen; j++)
			seen = strcmp((*v)[j].entry_id, r.entry_id) == 0;
		if (seen) {
			review_clear(&r);
			continue;
		}
		xgrow(v, &cap, *nv + 1, sizeof **v);
		(*v)[(*nv)++] = r;
	}
	if (*nv)
		qsort(*v, *nv, sizeof **v, by_entry);
}

const struct review *review_for(const struct review *v, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, v[mid].entry_id);
		if (!c)
			return &v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void review_clear(struct review *r)
{
	free(r->entry_id);
	free(r->text);
	free(r->by);
	free(r->at);
	memset(r, 0, sizeof *r);
}

void review_free(struct review *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		review_clear(&v[i]);
	free(v);
}
