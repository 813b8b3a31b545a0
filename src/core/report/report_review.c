/* SPDX-License-Identifier: MIT */
/* The review file: an instructor's reviews of one learner, signed with
 * the instructor's database key, for the learner to import. Written from
 * the review events of the learner's log (read back in
 * exchange/read_review.c). */
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
void report_review_digest(const char *uid, const struct prog_event *const *v, size_t n,
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

/* One learner's file: refused before anything is written for any
 * other count, or without this database's key. */
static int review_head(const struct report *r, void **state, FILE *out, char **err)
{
	(void)state;
	(void)out;
	if (r->n != 1 || !r->sign_public)
		return diag_fail(err, _("a review file is for one learner: name them with "
				      "--learner"));
	return 0;
}

static int review_part(const struct report *r, const struct report_learner *l,
		       void **state, FILE *out, char **err)
{
	const struct prog_event **v;
	json_t *o, *reviews = json_array();
	char md[65], sig[SIGN_SIG_HEX];
	size_t n = 0;
	int rc;

	(void)state;
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
	report_review_digest(l->uid, v, n, md);
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

const struct report_format_def report_format_review = {
	.name = "review",
	.needs_events = true,
	.head = review_head,
	.part = review_part,
	.caps = REPORT_SIGNED | REPORT_ONE_LEARNER,
};
