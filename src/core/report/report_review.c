/* SPDX-License-Identifier: MIT */
/* The review file: an instructor's reviews of one learner, signed with
 * the instructor's database key, for the learner to import. Written from
 * the review events of the learner's log; read back here too. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "selfgrade/diag.h"
#include "selfgrade/digest.h"
#include "selfgrade/field.h"
#include "selfgrade/review.h"
#include "selfgrade/sign.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* What the reviewer signs: the learner, then each review. */
static void review_digest(const char *uid, const struct prog_event *const *v, size_t n,
			  char out[65])
{
	struct digest d;

	digest_init(&d);
	digest_field(&d, "selfgrade-review-1");
	digest_field(&d, uid);
	for (size_t i = 0; i < n; i++) {
		digest_field(&d, v[i]->item_id);
		digest_field(&d, v[i]->new_);
		digest_field(&d, v[i]->at);
	}
	digest_final(&d, out);
}

int report_write_review(const struct report *r, FILE *out, char **err)
{
	const struct report_learner *l;
	const struct prog_event **v;
	json_t *o, *reviews = json_array();
	char md[65], sig[SIGN_SIG_HEX];
	size_t n = 0;
	int rc;

	if (r->n != 1 || !r->sign_public)
		return diag_fail(err, _("a review file is for one learner: name them with "
				      "--learner"));
	l = report_learner(r, 0, err);
	if (!l) {
		json_decref(reviews);
		return -1;
	}
	v = xmalloc((l->n_events + 1) * sizeof *v);
	for (size_t i = 0; i < l->n_events; i++)
		if (l->events[i].field && strcmp(l->events[i].field, REVIEW_FIELD) == 0) {
			v[n++] = &l->events[i];
			json_array_append_new(reviews, json_pack("{s:s,s:s,s:s}", "item_id",
								 l->events[i].item_id, "new",
								 l->events[i].new_, "at",
								 l->events[i].at));
		}
	if (n == 0) {
		free(v);
		json_decref(reviews);
		return diag_fail(err, _("no review of '%s' yet (selfgrade review %s ID TEXT)"),
				 l->name, l->name);
	}
	review_digest(l->uid, v, n, md);
	free(v);
	if (sign_digest(r->sign_public, r->sign_secret, md, sig)) {
		json_decref(reviews);
		return diag_fail(err, _("this database's key is damaged"));
	}
	o = json_pack("{s:s,s:i,s:s,s:{s:s,s:s},s:s,s:o,s:s}", "format", REVIEW_FORMAT,
		      "version", REVIEW_VERSION, "generated_at", r->generated_at, "learner",
		      "id", l->uid, "name", l->name, "key", r->sign_public, "reviews",
		      reviews, "signature", sig);
	rc = json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (rc || fputc('\n', out) == EOF)
		return diag_fail(err, _("cannot write the review file"));
	return 0;
}

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
	review_digest(out->uid, ptr, out->n, md);
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
