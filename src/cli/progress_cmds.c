/* SPDX-License-Identifier: MIT */
/* check, uncheck, note, dispute, undo, redo: the commands that change
 * progress. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/evidence.h"
#include "selfgrade/view.h"
#include "selfgrade/markup.h"
#include "selfgrade/name.h"
#include "selfgrade/store.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

static int report(char *err)
{
	return cli_report_error(err);
}

static void print_level(const struct session *ss)
{
	struct learner_state ls;

	if (session_view(ss, &ls) != EXIT_OK)
		return;
	printf(_("%s: %zu/%zu done, level: %s\n"), ss->learner, ls.view->done,
	       ls.view->total,
	       ls.view->level ? ls.view->level->level->title : _(SG_WORD_NOT_YET));
	learner_state_free(&ls);
}

int cli_refused(const struct cli *c, enum view_refusal why,
		const struct pack_entry *e, const char *id, const char *what)
{
	struct pack *full = NULL;

	/* A command that left tables.yaml and takeaways.yaml unread does not
	 * know their ids: the whole pack, read for this message only, says
	 * what the id is rather than that it is unknown. */
	if (why == VIEW_UNKNOWN && c->lean) {
		struct diag_list d = {0};
		char *dir = cli_content_dir(c);
		full = pack_load(dir, &d);
		diag_list_free(&d);
		free(dir);
		if (full && (e = pack_find(full, id)))
			why = VIEW_NO_STATE;
	}
	switch (why) {
	case VIEW_UNKNOWN:
		fprintf(stderr, _("selfgrade: unknown id '%.100s' (see 'selfgrade "
				  "status')\n"),
			id);
		break;
	case VIEW_NOT_ATTESTED:
		fprintf(stderr, _("selfgrade: '%s' is met through what it requires; "
				  "it takes no attestation\n"),
			e->id);
		break;
	default:
		/* TRANSLATORS: an id, what it is (an item, a mistake...), and
		 * what the command takes. */
		fprintf(stderr, _("selfgrade: '%s' is %s; %s\n"), e->id,
			_(pack_kind_name(e->kind)), what);
		break;
	}
	pack_free(full);
	return EXIT_DATA;
}

static int set_states(struct cli *c, bool done)
{
	struct session ss;
	struct prog_changes ch = {0};
	size_t changed = 0;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	/* Every id is checked before anything is written. */
	for (int i = 0; i < c->argc && rc == EXIT_OK; i++) {
		const struct pack_entry *e = pack_find(ss.pack, c->argv[i]);
		enum view_refusal why = rules_can_tick(e);
		if (why == VIEW_OK)
			progress_changes_add(&ch, e, done);
		else
			rc = cli_refused(c, why, e, c->argv[i],
					 _("check takes items, mistakes and criteria"));
	}
	store_now(now);
	if (rc == EXIT_OK && store_apply(ss.store, ss.learner_id, ch.v, ch.n,
					 now, &changed, &err))
		rc = report(err);
	if (rc == EXIT_OK && changed == 0)
		printf(_("%s: nothing changed: already %s\n"), ss.learner,
		       done ? _(SG_WORD_DONE) : _(SG_WORD_NOT_DONE));
	else if (rc == EXIT_OK)
		print_level(&ss);
	progress_changes_free(&ch);
	session_end(&ss);
	return rc;
}

int cmd_check(struct cli *c)
{
	int rc = cli_parse(c, NULL);

	return rc ? rc : set_states(c, true);
}

int cmd_uncheck(struct cli *c)
{
	int rc = cli_parse(c, NULL);

	return rc ? rc : set_states(c, false);
}

int cmd_note(struct cli *c)
{
	struct session ss;
	const struct pack_entry *e;
	char now[32], *err = NULL;
	int rc = cli_parse(c, NULL);

	if (rc != EXIT_OK || (rc = session_start(c, &ss)) != EXIT_OK)
		return rc;
	e = pack_find(ss.pack, c->argv[0]);
	if (rules_can_note(e) != VIEW_OK) {
		cli_refused(c, rules_can_note(e), e, c->argv[0],
			    _("a note belongs to an item, a mistake or a criterion"));
		session_end(&ss);
		return EXIT_DATA;
	}
	store_now(now);
	if (store_set_note(ss.store, ss.learner_id, e, c->argv[1], now, &err))
		rc = report(err);
	else
		printf(c->argv[1][0] ? _("%s: note saved for %s\n")
				     : _("%s: note cleared for %s\n"),
		       ss.learner, e->id);
	session_end(&ss);
	return rc;
}

/* The latest evidence that contradicts id (disputed or not), or only
 * the disputed ones; *v caller-freed (evidence_free). */
static int contradictions(const struct session *ss, const char *id, bool disputed,
			  struct evidence **v, size_t *n)
{
	struct evidence *all;
	size_t n_all, cap = 0;
	char *err = NULL;

	*v = NULL;
	*n = 0;
	if (store_latest_evidence(ss->store, ss->learner_id, &all, &n_all, &err))
		return report(err);
	for (size_t i = 0; i < n_all; i++) {
		if (strcmp(all[i].entry_id, id) != 0 ||
		    all[i].verdict != PROBE_CONTRADICTED ||
		    (disputed && !all[i].dispute)) {
			evidence_clear(&all[i]);
			continue;
		}
		xgrow(v, &cap, *n + 1, sizeof **v);
		(*v)[(*n)++] = all[i];
	}
	free(all);
	return EXIT_OK;
}

/* The first sub-item of e the project contradicts, or NULL. */
static const char *contradicted_below(const struct session *ss,
				      const struct pack_entry *e)
{
	struct learner_state ls;
	const char *id = NULL;

	if (e->kind != PACK_ITEM || !e->u.item->n_items ||
	    session_view(ss, &ls) != EXIT_OK)
		return NULL;
	for (size_t i = 0; i < ls.view->n_contradicted && !id; i++) {
		const struct pack_entry *x = ls.view->contradicted[i];
		for (const struct pack_item *a = x->kind == PACK_ITEM ? x->u.item : NULL;
		     a && !id; a = a->parent)
			if (a == e->u.item)
				id = x->id; /* the pack's, outliving the view */
	}
	learner_state_free(&ls);
	return id;
}

/* dispute ID TEXT: the learner's answer to each probe that contradicts
 * ID now; "" withdraws it. A contradiction found later (another file,
 * another value) is not answered by this one. */
int cmd_dispute(struct cli *c)
{
	struct session ss;
	const struct pack_entry *e;
	struct evidence *v = NULL;
	const char *text;
	char now[32], *err = NULL;
	size_t n = 0, changed = 0;
	int rc = cli_parse(c, NULL);

	if (rc != EXIT_OK || (rc = session_start(c, &ss)) != EXIT_OK)
		return rc;
	text = c->argv[1];
	e = pack_find(ss.pack, c->argv[0]);
	if (rules_can_note(e) != VIEW_OK) {
		cli_refused(c, rules_can_note(e), e, c->argv[0],
			    _("a dispute answers a probe about an item, a mistake or "
			      "a criterion"));
		session_end(&ss);
		return EXIT_DATA;
	}
	rc = contradictions(&ss, e->id, !*text, &v, &n);
	if (rc == EXIT_OK && n == 0) {
		const char *sub = *text ? contradicted_below(&ss, e) : NULL;
		if (sub) {
			/* A group is contradicted through a sub-item: that
			 * is what the probe speaks of. */
			fprintf(stderr, _("selfgrade: %s: the probe contradicts its "
					  "sub-item %s: selfgrade dispute %s 'why'\n"),
				e->id, sub, sub);
			rc = EXIT_DATA;
		} else if (*text) {
			fprintf(stderr, _("selfgrade: %s: no probe contradicts it, so "
					  "there is nothing to dispute (selfgrade probe "
					  "runs them)\n"),
				e->id);
			rc = EXIT_DATA;
		} else {
			printf(_("%s: %s has no dispute to withdraw\n"), ss.learner, e->id);
		}
	} else if (rc == EXIT_OK) {
		store_now(now);
		if (store_dispute(ss.store, ss.learner_id, v, n, text, now, &changed, &err))
			rc = report(err);
		else if (!changed)
			printf(_("%s: the dispute of %s is unchanged\n"), ss.learner, e->id);
		else if (*text)
			/* TRANSLATORS: the learner, the entry, the probe whose
			 * contradiction the dispute answers. */
			printf(_("%s: dispute saved for %s, answering %s: the tick "
				 "counts again, and your instructor sees why\n"),
			       ss.learner, e->id, v[0].probe_id);
		else
			printf(_("%s: dispute withdrawn for %s: the contradiction "
				 "counts again\n"),
			       ss.learner, e->id);
	}
	evidence_free(v, n);
	if (rc == EXIT_OK && changed)
		print_level(&ss);
	session_end(&ss);
	return rc;
}

/* undo and redo: one step through the core (the tutor's u and U take
 * the same), named by the entry's text. */
static int undo_step(struct cli *c, bool redo)
{
	struct session ss;
	struct store_undone u;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	store_now(now);
	if (redo ? store_redo(ss.store, ss.pack, ss.learner_id, now, &u, &err)
		 : store_undo(ss.store, ss.pack, ss.learner_id, now, &u, &err)) {
		rc = report(err);
	} else if (!u.id) {
		printf(redo ? _("%s: nothing to redo\n") : _("%s: nothing to undo\n"),
		       ss.learner);
	} else {
		const struct pack_entry *e = pack_find(ss.pack, u.id);
		char *what = markup_plain(e ? view_entry_text(e) : u.id);
		const char *fmt = redo ? (u.note ? _("%s: redone: the note of '%s' (%s)")
						 : _("%s: redone: '%s' (%s)"))
				       : (u.note ? _("%s: undone: the note of '%s' (%s)")
						 : _("%s: undone: '%s' (%s)"));
		printf(fmt, ss.learner, what, u.id);
		free(what);
		if (u.n > 1 && !u.whole)
			printf(P_(" and %zu more", " and %zu more", u.n - 1), u.n - 1);
		putchar('\n');
		if (!u.note)
			print_level(&ss);
	}
	free(u.id);
	session_end(&ss);
	return rc;
}

int cmd_undo(struct cli *c)
{
	int rc = cli_parse(c, NULL);

	return rc ? rc : undo_step(c, false);
}

int cmd_redo(struct cli *c)
{
	int rc = cli_parse(c, NULL);

	return rc ? rc : undo_step(c, true);
}
