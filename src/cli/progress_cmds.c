/* SPDX-License-Identifier: MIT */
/* learner, check, uncheck, note, undo: the commands that change progress. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
	return set_states(c, true);
}

int cmd_uncheck(struct cli *c)
{
	return set_states(c, false);
}

int cmd_note(struct cli *c)
{
	struct session ss;
	const struct pack_entry *e;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
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
	return undo_step(c, false);
}

int cmd_redo(struct cli *c)
{
	return undo_step(c, true);
}
