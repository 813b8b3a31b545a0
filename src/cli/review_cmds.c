/* SPDX-License-Identifier: MIT */
/* review LEARNER ID [TEXT] [--agree|--disagree]: an instructor's word. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/field.h"
#include "selfgrade/review.h"
#include "selfgrade/store.h"
#include "selfgrade/utf8.h"
#include "selfgrade/i18n.h"

int cmd_review(struct cli *c)
{
	struct session ss;
	const struct pack_entry *e;
	const char *text;
	int mark = REVIEW_COMMENT;
	const struct cli_opt opts[] = {
	    CLI_OPT_VALUE("agree", &mark, REVIEW_AGREED),
	    CLI_OPT_VALUE("disagree", &mark, REVIEW_NOT_AGREED),
	    CLI_OPT_END,
	};
	char pub[65], secret[65], now[32], *err = NULL, *json;
	int64_t id;
	int rc = cli_parse(c, opts);

	if (rc)
		return rc;
	text = c->argc > 2 && *c->argv[2] ? c->argv[2] : NULL;

	if (!text && mark == REVIEW_COMMENT) {
		fputs(_("selfgrade: review needs a TEXT, --agree or --disagree\n"), stderr);
		return EXIT_USAGE;
	}
	if ((rc = session_open(c, &ss, FOR_COHORT)) != EXIT_OK)
		return rc;
	e = pack_find(ss.pack, c->argv[1]);
	if (rules_can_note(e) != VIEW_OK) {
		rc = cli_refused(c, rules_can_note(e), e, c->argv[1],
				 _("a review belongs to an item, a mistake or a criterion"));
	} else if (mark != REVIEW_COMMENT && e->kind != PACK_CRITERION) {
		fprintf(stderr, _("selfgrade: '%s' is %s; --agree and --disagree mark "
				  "criteria\n"),
			e->id, _(pack_kind_name(e->kind)));
		rc = EXIT_USAGE;
	} else if (text && field_check(FIELD_NOTE, _("a review"), text, strlen(text), &err)) {
		rc = cli_report_error(err);
	} else if (store_learner_find(ss.store, c->argv[0], &id, &err) ||
		   store_own_key(ss.store, pub, secret, &err)) {
		rc = cli_report_error(err);
	} else {
		json = review_encode(text, (enum review_mark)mark, pub);
		store_now(now);
		if (store_add_review(ss.store, id, e->id, json, now, &err))
			rc = cli_report_error(err);
		else
			/* TRANSLATORS: learner, the mark (agree, disagree,
			 * comment), the entry, the learner. */
			printf(_("%s: %s on %s (export --format review --learner '%s' -o "
				 "FILE gives it to them)\n"),
			       c->argv[0], _(review_mark_name(mark)), e->id, c->argv[0]);
		free(json);
	}
	memset(secret, 0, sizeof secret);
	session_end(&ss);
	return rc;
}
