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

static int report(char *err)
{
	return cli_report_error(err);
}

static void print_level(const struct session *ss)
{
	struct learner_state ls;

	if (session_view(ss, &ls) != EXIT_OK)
		return;
	printf("%s: %zu/%zu done, level: %s\n", ss->learner, ls.view->done,
	       ls.view->total,
	       ls.view->level ? ls.view->level->level->title : "Not yet");
	learner_state_free(&ls);
}

int cli_refused(enum view_refusal why, const struct pack_entry *e,
		const char *id, const char *what)
{
	switch (why) {
	case VIEW_UNKNOWN:
		fprintf(stderr, "selfgrade: unknown id '%.100s' (see 'selfgrade "
				"status')\n",
			id);
		break;
	case VIEW_NOT_ATTESTED:
		fprintf(stderr, "selfgrade: '%s' is met through what it requires; "
				"it takes no attestation\n",
			e->id);
		break;
	default:
		fprintf(stderr, "selfgrade: '%s' is %s; %s\n", e->id,
			pack_kind_name(e->kind), what);
		break;
	}
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
		enum view_refusal why = view_can_tick(e);
		if (why == VIEW_OK)
			progress_changes_add(&ch, e, done);
		else
			rc = cli_refused(why, e, c->argv[i],
					 "check takes items, mistakes and criteria");
	}
	store_now(now);
	if (rc == EXIT_OK && store_apply(ss.store, ss.learner_id, ch.v, ch.n,
					 now, &changed, &err))
		rc = report(err);
	if (rc == EXIT_OK && changed == 0)
		printf("%s: nothing changed: already %s\n", ss.learner,
		       done ? "done" : "not done");
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
	if (view_can_note(e) != VIEW_OK) {
		cli_refused(view_can_note(e), e, c->argv[0],
			    "a note belongs to an item, a mistake or a criterion");
		session_end(&ss);
		return EXIT_DATA;
	}
	store_now(now);
	if (store_set_note(ss.store, ss.learner_id, e, c->argv[1], now, &err))
		rc = report(err);
	else
		printf("%s: note %s for %s\n", ss.learner,
		       c->argv[1][0] ? "saved" : "cleared", e->id);
	session_end(&ss);
	return rc;
}

int cmd_redo(struct cli *c)
{
	struct session ss;
	struct store_undone u;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	store_now(now);
	if (store_redo(ss.store, ss.pack, ss.learner_id, now, &u, &err)) {
		rc = report(err);
	} else if (!u.id) {
		printf("%s: nothing to redo\n", ss.learner);
	} else {
		const struct pack_entry *e = pack_find(ss.pack, u.id);
		char *what = markup_plain(e ? view_entry_text(e) : u.id);
		printf("%s: redone: %s«%s» (%s)", ss.learner, u.note ? "the note of " : "",
		       what, u.id);
		free(what);
		if (u.n > 1)
			printf(" and %zu more", u.n - 1);
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
	struct session ss;
	struct store_undone u;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	store_now(now);
	if (store_undo(ss.store, ss.learner_id, now, &u, &err)) {
		rc = report(err);
	} else if (!u.id) {
		printf("%s: nothing to undo\n", ss.learner);
	} else {
		const struct pack_entry *e = pack_find(ss.pack, u.id);
		char *what = markup_plain(e ? view_entry_text(e) : u.id);
		printf("%s: undone: %s«%s» (%s)", ss.learner, u.note ? "the note of " : "",
		       what, u.id);
		free(what);
		if (u.n > 1)
			printf(" and %zu more", u.n - 1);
		putchar('\n');
		if (!u.note)
			print_level(&ss);
	}
	free(u.id);
	session_end(&ss);
	return rc;
}
