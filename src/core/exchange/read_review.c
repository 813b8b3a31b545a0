/* SPDX-License-Identifier: MIT */
/* A review file read back: every review by the file's key, each field by
 * its rules, the signature over them checked. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_impl.h"
#include "selfgrade/diag.h"
#include "selfgrade/field.h"
#include "selfgrade/review.h"
#include "selfgrade/sign.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

bool report_is_review(const char *text, size_t len)
{
	char *f = report_file_format(NULL, text, len);
	bool yes = f && strcmp(f, REVIEW_FORMAT) == 0;

	free(f);
	return yes;
}

int report_review_parse(const char *text, size_t len, const char *name,
			struct review_file *out, char **err)
{
	json_error_t je;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je), *reviews, *v;
	const struct prog_event **ptr;
	const char *uid, *key, *sig;
	char md[65], signature[SIGN_SIG_HEX];
	size_t k;

	memset(out, 0, sizeof *out);
	if (!o)
		return diag_fail(err, _("%s:%d:%d: not JSON (%s)"), name, je.line, je.column,
				 je.text);
	uid = json_string_value(json_object_get(json_object_get(o, "learner"), "id"));
	key = json_string_value(json_object_get(o, "key"));
	sig = json_string_value(json_object_get(o, "signature"));
	reviews = json_object_get(o, "reviews");
	if (json_integer_value(json_object_get(o, "version")) != REVIEW_VERSION ||
	    !sign_is_hex(uid, 16) || !sign_is_hex(key, 32) || !sign_is_hex(sig, 64) ||
	    !json_is_array(reviews) || json_array_size(reviews) == 0) {
		json_decref(o);
		return diag_fail(err, _("%s: not a review file of this version"), name);
	}
	snprintf(out->uid, sizeof out->uid, "%s", uid);
	snprintf(out->key, sizeof out->key, "%s", key);
	snprintf(signature, sizeof signature, "%s", sig);
	out->events = xcalloc(json_array_size(reviews), sizeof *out->events);
	json_array_foreach(reviews, k, v) {
		struct prog_event *e = &out->events[k];
		struct review rv;
		const char *id = json_string_value(json_object_get(v, "item_id"));
		const char *nw = json_string_value(json_object_get(v, "new"));
		const char *at = json_string_value(json_object_get(v, "at"));
		out->n = k + 1;
		char *why = NULL;
		if (!id || !nw || !at ||
		    field_check(FIELD_ID, "item_id", id, strlen(id), &why) ||
		    field_check(FIELD_TIME, "at", at, strlen(at), &why)) {
			json_decref(o);
			report_review_free(out);
			diag_fail(err, _("%s: reviews[%zu]: not a review (%s)"), name, k,
				  why ? why : _("item_id, new and at expected"));
			free(why);
			return -1;
		}
		e->item_id = (char *)id;
		e->field = (char *)REVIEW_FIELD;
		e->new_ = (char *)nw;
		e->at = (char *)at;
		prog_event_own(e);
		if (!review_decode(e, &rv) || strcmp(rv.by, key) != 0) {
			review_clear(&rv);
			json_decref(o);
			report_review_free(out);
			return diag_fail(err, _("%s: reviews[%zu]: not a review by the file's key"),
					 name, k);
		}
		review_clear(&rv);
	}
	json_decref(o);
	ptr = xmalloc(out->n * sizeof *ptr);
	for (size_t i = 0; i < out->n; i++)
		ptr[i] = &out->events[i];
	report_review_digest(out->uid, ptr, out->n, md);
	free(ptr);
	if (!sign_check(out->key, md, signature)) {
		report_review_free(out);
		return diag_fail(err, _("%s: the signature does not match the reviews (changed "
				      "after they were signed)"),
				 name);
	}
	return 0;
}

void report_review_free(struct review_file *f)
{
	prog_events_free(f->events, f->n);
	memset(f, 0, sizeof *f);
}
