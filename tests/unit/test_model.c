/* SPDX-License-Identifier: MIT */
/* The tutor's model and controller on the shipped pack and a real SQLite
 * file, with no terminal: what each action does to the screen's state and
 * to the store. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "selfgrade/evidence.h"
#include "selfgrade/review.h"
#include "selfgrade/utf8.h"
#include "scratch.h"
#include "selfgrade/xalloc.h"
#include "tui/model.h"
#include "tui/screen_data.h"

static char *dir;
static struct pack *pack;
static char *db_path;

struct fixture {
	struct store *store;
	struct ui ui;
};

static int group_setup(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8") || !(dir = scratch_make("model")))
		return -1;
	pack = test_pack("checklists/multi-database");
	return pack ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	pack_free(pack);
	return scratch_remove(dir);
}

/* Each test: a fresh database with learner alice, the tutor open on it. */
static int setup(void **state)
{
	static int n;
	struct fixture *f = xcalloc(1, sizeof *f);
	char *err = NULL;
	int64_t id;

	free(db_path);
	db_path = xasprintf("%s/p%d.db", dir, n++);
	if (store_open(db_path, &f->store, &err) ||
	    store_learner_add(f->store, "alice", "t0", &err) ||
	    store_learner_find(f->store, "alice", &id, &err) ||
	    ui_open(&f->ui, ui_screens, pack, f->store, "alice", id, &err))
		return -1;
	ui_layout(&f->ui, 78, 10, 8, 20);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ui_close(&f->ui);
	store_close(f->store);
	free(f);
	return 0;
}

static const char *cur_id(const struct ui *ui)
{
	const struct ui_row *r = ui_current(ui);
	return r ? r->e.id : "";
}

/* The state of id as another process would read it from the file. */
static bool stored_done(const char *learner, const char *id)
{
	struct store *s;
	struct progress pr;
	char *err = NULL;
	int64_t lid;
	const struct prog_state *ps;
	bool done;

	assert_int_equal(store_open(db_path, &s, &err), 0);
	assert_int_equal(store_learner_find(s, learner, &lid, &err), 0);
	assert_int_equal(store_progress(s, lid, &pr, &err), 0);
	ps = progress_state(&pr, id);
	done = ps && ps->done;
	progress_free(&pr);
	store_close(s);
	return done;
}

static void type(struct ui *ui, const char *text)
{
	while (*text) {
		unsigned cp;
		text += utf8_decode(text, 4, &cp);
		ui_type(ui, cp);
	}
}

/* Puts the cursor on id, wherever it is listed. */
static void go(struct ui *ui, const char *id)
{
	char *q = xasprintf("%s", id);
	ui_do(ui, A_SEARCH);
	ui_edit(ui, LE_KILL_BEFORE);
	type(ui, q);
	ui_do(ui, A_ACCEPT);
	free(q);
	assert_string_equal(cur_id(ui), id);
}

static void test_rows_follow_the_pack(void **state)
{
	struct fixture *f = *state;
	const struct ui_list *l = &f->ui.list[SCR_CHECKLIST];

	assert_int_equal(f->ui.screen, SCR_CHECKLIST);
	assert_string_equal(l->rows[0].e.id, "s8");
	assert_string_equal(l->rows[1].e.id, "s8.mysql-outbox");
	assert_string_equal(l->rows[2].e.id, "s8.mysql-connector");
	assert_string_equal(l->rows[3].e.id, "s8.mysql-connector.server-id");
	assert_int_equal(l->rows[3].depth, 2);
	assert_int_equal(l->rows[2].end, 6);
	assert_int_equal(l->n_vis, l->n_rows);
	assert_int_equal(f->ui.list[SCR_MISTAKES].n_rows, 3);
	/* two levels and their 5 + 4 criteria */
	assert_int_equal(f->ui.list[SCR_RUBRIC].n_rows, 11);
	assert_string_equal(ui_level_title(&f->ui), "Not yet");
}

static void test_toggle_is_stored_before_it_shows(void **state)
{
	struct fixture *f = *state;

	ui_do(&f->ui, A_DOWN);
	assert_string_equal(cur_id(&f->ui), "s8.mysql-outbox");
	ui_do(&f->ui, A_TOGGLE);
	assert_int_equal(ui_current(&f->ui)->state, VS_DONE);
	assert_true(stored_done("alice", "s8.mysql-outbox"));
	ui_do(&f->ui, A_TOGGLE);
	assert_int_equal(ui_current(&f->ui)->state, VS_NOT_DONE);
	assert_false(stored_done("alice", "s8.mysql-outbox"));
	/* a section takes no tick: it says so and stores nothing */
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_TOGGLE);
	assert_non_null(f->ui.msg);
	for (size_t i = 0; i < f->ui.progress.n_states; i++)
		assert_false(f->ui.progress.states[i].done);
}

static void test_parent_ticks_its_leaves(void **state)
{
	struct fixture *f = *state;
	const struct ui_list *l = &f->ui.list[SCR_CHECKLIST];

	go(&f->ui, "s8.mysql-connector");
	ui_do(&f->ui, A_TOGGLE);
	assert_true(stored_done("alice", "s8.mysql-connector.server-id"));
	assert_true(stored_done("alice", "s8.mysql-connector.schema-history-topic"));
	assert_int_equal(ui_current(&f->ui)->state, VS_DONE);
	/* one leaf off: the parent is partly done; the section counts 2 */
	ui_do(&f->ui, A_DOWN);
	ui_do(&f->ui, A_TOGGLE);
	assert_int_equal(l->rows[2].state, VS_PARTIAL);
	assert_int_equal(l->rows[0].done, 2);
	/* Space on a partly done parent finishes it */
	ui_do(&f->ui, A_UP);
	ui_do(&f->ui, A_TOGGLE);
	assert_int_equal(l->rows[2].state, VS_DONE);
}

static void test_expand_and_collapse(void **state)
{
	struct fixture *f = *state;
	const struct ui_list *l = &f->ui.list[SCR_CHECKLIST];
	size_t all = l->n_vis;

	go(&f->ui, "s8.mysql-connector");
	ui_do(&f->ui, A_EXPAND);
	assert_int_equal(l->n_vis, all - 3);
	ui_do(&f->ui, A_DOWN);
	assert_string_equal(cur_id(&f->ui), "s8.topic-naming");
	ui_do(&f->ui, A_UP);
	ui_do(&f->ui, A_OPEN); /* opens */
	assert_int_equal(l->n_vis, all);
	ui_do(&f->ui, A_OPEN); /* goes in */
	assert_string_equal(cur_id(&f->ui), "s8.mysql-connector.server-id");
	ui_do(&f->ui, A_CLOSE); /* a leaf: to its parent */
	assert_string_equal(cur_id(&f->ui), "s8.mysql-connector");
	ui_do(&f->ui, A_CLOSE); /* closes */
	assert_int_equal(l->n_vis, all - 3);
	/* closing the section hides everything; the cursor stays on it */
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_EXPAND);
	assert_int_equal(l->n_vis, 1);
	assert_string_equal(cur_id(&f->ui), "s8");
	/* search reveals a hidden row, opening what hides it */
	go(&f->ui, "s8.mysql-connector.server-name");
	assert_true(l->n_vis > 1);
}

static void test_search_finds_russian_across_screens(void **state)
{
	struct fixture *f = *state;

	ui_do(&f->ui, A_SEARCH);
	assert_int_equal(f->ui.mode, MODE_PROMPT);
	type(&f->ui, "СХЕМОЙ");
	ui_do(&f->ui, A_ACCEPT);
	assert_int_equal(f->ui.mode, MODE_NORMAL);
	assert_string_equal(cur_id(&f->ui), "s8.mysql-outbox");
	assert_non_null(strstr(f->ui.msg, "1 of 1"));

	/* "binlog": a mistake, a reference table, a takeaway */
	ui_do(&f->ui, A_SEARCH);
	ui_edit(&f->ui, LE_KILL_BEFORE);
	type(&f->ui, "binlog");
	ui_do(&f->ui, A_ACCEPT);
	assert_true(f->ui.n_matches >= 3);
	bool seen[SCR_COUNT] = {false};
	for (size_t i = 0; i < f->ui.n_matches; i++) {
		seen[f->ui.screen] = true;
		ui_do(&f->ui, A_NEXT);
	}
	assert_true(seen[SCR_MISTAKES]);
	assert_true(seen[SCR_REFERENCE]);
	assert_true(seen[SCR_TAKEAWAYS]);
	/* N goes back where n came from */
	size_t at = f->ui.match;
	ui_do(&f->ui, A_NEXT);
	ui_do(&f->ui, A_PREV);
	assert_int_equal(f->ui.match, at);

	ui_do(&f->ui, A_SEARCH);
	ui_edit(&f->ui, LE_KILL_BEFORE);
	type(&f->ui, "нет такого слова");
	ui_do(&f->ui, A_ACCEPT);
	assert_true(f->ui.msg_error);
	assert_int_equal(f->ui.n_matches, 0);
	/* Esc leaves a prompt without searching */
	ui_do(&f->ui, A_SEARCH);
	ui_do(&f->ui, A_CANCEL);
	assert_int_equal(f->ui.mode, MODE_NORMAL);
}

static void tick(struct ui *ui, const char *id)
{
	go(ui, id);
	if (ui_current(ui)->state != VS_DONE)
		ui_do(ui, A_TOGGLE);
	assert_int_equal(ui_current(ui)->state, VS_DONE);
}

static void test_badge_climbs_as_criteria_are_met(void **state)
{
	struct fixture *f = *state;
	static const char *meets[] = {
		"s8.mysql-outbox", "s8.mysql-connector", "s8.topic-naming",
		"s8.pyflink", "me.connectors-running", "me.basic-monitoring",
		"me.docs-mention",
	};
	static const char *exemplary[] = {
		"s8.monitoring", "s8.trade-offs", "m7", "m8", "m9",
		"ex.connectors-stable", "ex.architecture-diagram",
		"ex.failover-tested",
	};

	for (size_t i = 0; i < sizeof meets / sizeof *meets; i++) {
		assert_string_equal(ui_level_title(&f->ui), "Not yet");
		tick(&f->ui, meets[i]);
	}
	assert_string_equal(ui_level_title(&f->ui),
			    "Meets Expectations Multi-Database");
	assert_non_null(strstr(f->ui.msg, "Level: Meets"));
	for (size_t i = 0; i < sizeof exemplary / sizeof *exemplary; i++) {
		assert_null(strstr(ui_level_title(&f->ui), "Exemplary"));
		tick(&f->ui, exemplary[i]);
	}
	assert_string_equal(ui_level_title(&f->ui), "Exemplary Multi-Database");
	/* a criterion met through its items takes no attestation */
	go(&f->ui, "ex.pyflink-both-streams");
	assert_true(ui_current(&f->ui)->met);
	ui_do(&f->ui, A_TOGGLE);
	assert_non_null(strstr(f->ui.msg, "no attestation"));
	/* and down again when a critical item is unticked */
	go(&f->ui, "s8.mysql-connector.schema-history-topic");
	ui_do(&f->ui, A_TOGGLE);
	assert_string_equal(ui_level_title(&f->ui), "Not yet");
}

static void test_undo_walks_back(void **state)
{
	struct fixture *f = *state;

	ui_do(&f->ui, A_UNDO);
	assert_non_null(strstr(f->ui.msg, "Nothing to undo"));
	tick(&f->ui, "s8.mysql-outbox");
	tick(&f->ui, "m7");
	assert_int_equal(f->ui.screen, SCR_MISTAKES);
	ui_do(&f->ui, A_SCREEN_1);
	ui_do(&f->ui, A_UNDO);
	/* it shows what it undid */
	assert_int_equal(f->ui.screen, SCR_MISTAKES);
	assert_string_equal(cur_id(&f->ui), "m7");
	assert_false(stored_done("alice", "m7"));
	assert_true(stored_done("alice", "s8.mysql-outbox"));
	ui_do(&f->ui, A_UNDO);
	assert_false(stored_done("alice", "s8.mysql-outbox"));
	assert_int_equal(ui_current(&f->ui)->state, VS_NOT_DONE);
}

/* Each screen is an entry of operations; the generic code relies on the
 * entries being whole. */
static void test_screens_are_a_table(void **state)
{
	(void)state;
	for (int s = 0; s < SCR_COUNT; s++) {
		const struct ui_screen_ops *o = ui_screens[s];
		assert_non_null(o);
		assert_non_null(o->name);
		assert_non_null(o->short_name);
		assert_true(!o->doc || o->layout);
		assert_true(!o->home || (o->build && !o->doc));
		assert_true(!o->row_text == !o->detail);
	}
	assert_string_equal(ui_screen_name(&(struct ui){.screens = ui_screens}, SCR_HISTORY),
			    "History");
}

/* History: the learner's steps newest first; redo takes back an undo
 * through the core; undo and redo from History stay there. */
static void test_history_undo_redo(void **state)
{
	struct fixture *f = *state;
	const struct ui_list *l = &f->ui.list[SCR_HISTORY];

	ui_do(&f->ui, A_REDO);
	assert_non_null(strstr(f->ui.msg, "Nothing to redo"));
	tick(&f->ui, "s8.mysql-outbox");
	tick(&f->ui, "s8.mysql-connector"); /* a parent: one step of three */
	tick(&f->ui, "m7");
	ui_do(&f->ui, A_SCREEN_1 + SCR_HISTORY);
	assert_int_equal(f->ui.screen, SCR_HISTORY);
	assert_int_equal(l->n_vis, 3);
	assert_string_equal(l->rows[l->vis[0]].e.id, "m7");
	assert_string_equal(l->rows[l->vis[1]].e.id, "s8.mysql-connector");
	assert_int_equal(ui_history_state(&f->ui)->v[l->rows[l->vis[1]].ref].n, 3);
	ui_do(&f->ui, A_UNDO);
	assert_int_equal(f->ui.screen, SCR_HISTORY);
	assert_false(stored_done("alice", "m7"));
	assert_int_equal(l->n_vis, 4);
	assert_int_equal(ui_history_state(&f->ui)->v[0].kind, STEP_UNDO);
	assert_true(ui_history_state(&f->ui)->v[1].undone);
	ui_do(&f->ui, A_UNDO);
	assert_false(stored_done("alice", "s8.mysql-connector.server-id"));
	ui_do(&f->ui, A_REDO);
	assert_non_null(strstr(f->ui.msg, "Redone"));
	assert_true(stored_done("alice", "s8.mysql-connector.server-id"));
	assert_false(stored_done("alice", "m7"));
	assert_int_equal(ui_history_state(&f->ui)->v[0].kind, STEP_REDO);
	ui_do(&f->ui, A_REDO);
	assert_true(stored_done("alice", "m7"));
	ui_do(&f->ui, A_REDO);
	assert_non_null(strstr(f->ui.msg, "Nothing to redo"));
	/* Enter goes to the entry a step changed */
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_EXPAND);
	assert_int_equal(f->ui.screen, SCR_MISTAKES);
	assert_string_equal(cur_id(&f->ui), "m7");
	/* Space on History ticks nothing */
	ui_do(&f->ui, A_SCREEN_1 + SCR_HISTORY);
	ui_do(&f->ui, A_TOGGLE);
	assert_true(stored_done("alice", "m7"));
}

/* ] and [ go to the next and previous row not done yet, into closed
 * groups and around the end. */
static void test_next_open(void **state)
{
	struct fixture *f = *state;

	tick(&f->ui, "s8.mysql-outbox");
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_NEXT_OPEN);
	assert_string_equal(cur_id(&f->ui), "s8.mysql-connector.server-id");
	ui_do(&f->ui, A_UP);
	ui_do(&f->ui, A_EXPAND); /* the connector item, closed */
	assert_false(ui_current(&f->ui)->open);
	ui_do(&f->ui, A_NEXT_OPEN); /* into the closed group */
	assert_string_equal(cur_id(&f->ui), "s8.mysql-connector.server-id");
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_PREV_OPEN); /* around the top, to the last */
	assert_non_null(strstr(f->ui.msg, "bottom"));
	ui_do(&f->ui, A_SCREEN_1 + SCR_RUBRIC);
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_NEXT_OPEN);
	assert_int_equal(ui_current(&f->ui)->e.kind, PACK_CRITERION);
	assert_false(ui_current(&f->ui)->met);
}

/* H leaves done rows out of every list (the footer says so); a row that
 * becomes done goes; a jump to a hidden row shows everything again. */
static void test_hide_done(void **state)
{
	struct fixture *f = *state;
	const struct ui_list *l = &f->ui.list[SCR_CHECKLIST];
	size_t all = l->n_vis;

	tick(&f->ui, "s8.mysql-outbox");
	ui_do(&f->ui, A_HIDE);
	assert_true(f->ui.hide_done);
	assert_int_equal(l->n_vis, all - 1);
	go(&f->ui, "s8.mysql-connector.server-id");
	ui_do(&f->ui, A_TOGGLE);
	assert_true(stored_done("alice", "s8.mysql-connector.server-id"));
	assert_int_equal(l->n_vis, all - 2);
	for (size_t i = 0; i < l->n_vis; i++)
		assert_int_not_equal(l->rows[l->vis[i]].state, VS_DONE);
	go(&f->ui, "m7");
	ui_do(&f->ui, A_TOGGLE);
	assert_int_equal(f->ui.list[SCR_MISTAKES].n_vis, 2);
	ui_do(&f->ui, A_UNDO); /* m7 is not done again: it shows */
	assert_true(f->ui.hide_done);
	assert_int_equal(f->ui.list[SCR_MISTAKES].n_vis, 3);
	ui_do(&f->ui, A_SCREEN_1);
	go(&f->ui, "s8.mysql-outbox"); /* a search for a done row: H lets go */
	assert_false(f->ui.hide_done);
	assert_int_equal(l->n_vis, all);
}

/* Enter on a criterion not met goes to the first thing it still needs:
 * an item on Checklist, a mistake on Mistakes. */
static void test_enter_on_criterion(void **state)
{
	struct fixture *f = *state;

	go(&f->ui, "me.connectors-running");
	ui_do(&f->ui, A_EXPAND);
	assert_int_equal(f->ui.screen, SCR_RUBRIC);
	assert_non_null(strstr(f->ui.msg, "attestation"));
	go(&f->ui, "me.events-unified");
	{
		struct tdoc d;
		bool said = false;
		ui_detail(&f->ui, 78, &d);
		for (size_t i = 0; i < d.n; i++)
			said |= strstr(d.v[i].s, "Enter goes to the first") != NULL;
		tdoc_free(&d);
		assert_true(said);
	}
	ui_do(&f->ui, A_EXPAND);
	assert_int_equal(f->ui.screen, SCR_CHECKLIST);
	assert_string_equal(cur_id(&f->ui), "s8.pyflink.two-sources");
	assert_non_null(strstr(f->ui.msg, "Still needed"));
	tick(&f->ui, "s8.mysql-connector");
	go(&f->ui, "ex.connectors-stable");
	ui_do(&f->ui, A_EXPAND);
	assert_int_equal(f->ui.screen, SCR_MISTAKES);
	assert_string_equal(cur_id(&f->ui), "m7");
	/* a level row still opens and closes */
	ui_do(&f->ui, A_SCREEN_1 + SCR_RUBRIC);
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_EXPAND);
	assert_false(ui_current(&f->ui)->open);
}

/* The welcome shows until Enter puts it away for good; Esc only for now. */
static void test_welcome_once(void **state)
{
	struct fixture *f = *state;
	bool seen;
	char *err = NULL;

	ui_welcome(&f->ui);
	assert_int_equal(f->ui.mode, MODE_WELCOME);
	{
		struct tdoc d;
		bool where = false;
		ui_welcome_doc(&f->ui, 60, &d);
		for (size_t i = 0; i < d.n; i++)
			where |= strstr(d.v[i].s, "Meets Expectations") != NULL;
		assert_true(where);
		tdoc_free(&d);
	}
	ui_do(&f->ui, A_CANCEL);
	assert_int_equal(f->ui.mode, MODE_NORMAL);
	ui_welcome(&f->ui);
	assert_int_equal(f->ui.mode, MODE_WELCOME);
	ui_do(&f->ui, A_DOWN); /* scrolls, stays */
	assert_int_equal(f->ui.mode, MODE_WELCOME);
	ui_do(&f->ui, A_EXPAND);
	assert_int_equal(f->ui.mode, MODE_NORMAL);
	assert_int_equal(store_seen(f->store, f->ui.learner_id, "welcome", &seen, &err), 0);
	assert_true(seen);
	ui_welcome(&f->ui);
	assert_int_equal(f->ui.mode, MODE_NORMAL);
}

static void test_note_in_the_line_editor(void **state)
{
	struct fixture *f = *state;
	const struct prog_note *pn;

	go(&f->ui, "s8.mysql-outbox");
	ui_do(&f->ui, A_NOTE);
	assert_int_equal(f->ui.mode, MODE_PROMPT);
	assert_int_equal(f->ui.prompt, PROMPT_NOTE);
	type(&f->ui, "Провверено");
	for (int i = 0; i < 6; i++) /* back to after the second "в" */
		ui_edit(&f->ui, LE_LEFT);
	ui_edit(&f->ui, LE_BACKSPACE);
	ui_do(&f->ui, A_ACCEPT);
	pn = progress_note(&f->ui.progress, "s8.mysql-outbox");
	assert_non_null(pn);
	assert_string_equal(pn->text, "Проверено");
	/* the editor opens on the note there is; emptied, it clears it */
	ui_do(&f->ui, A_NOTE);
	assert_string_equal(f->ui.edit.buf, "Проверено");
	ui_edit(&f->ui, LE_KILL_BEFORE);
	ui_do(&f->ui, A_ACCEPT);
	assert_null(progress_note(&f->ui.progress, "s8.mysql-outbox"));
	/* a section has no note */
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_NOTE);
	assert_int_equal(f->ui.mode, MODE_NORMAL);
}

static void test_learner_picker(void **state)
{
	struct fixture *f = *state;

	tick(&f->ui, "s8.mysql-outbox");
	ui_do(&f->ui, A_LEARNER);
	assert_int_equal(f->ui.mode, MODE_LEARNERS);
	assert_int_equal(f->ui.n_learners, 1);
	ui_do(&f->ui, A_END); /* "new learner" */
	ui_do(&f->ui, A_ACCEPT);
	assert_int_equal(f->ui.mode, MODE_PROMPT);
	type(&f->ui, "Борис");
	ui_do(&f->ui, A_ACCEPT);
	assert_string_equal(f->ui.learner, "Борис");
	/* their first start of the tutor: the welcome, put away for now */
	assert_int_equal(f->ui.mode, MODE_WELCOME);
	ui_do(&f->ui, A_CANCEL);
	assert_int_equal(f->ui.progress.n_states, 0);
	assert_int_equal(f->ui.list[SCR_CHECKLIST].rows[1].state, VS_NOT_DONE);
	/* a name that exists already: the prompt stays, with the reason */
	ui_do(&f->ui, A_LEARNER);
	ui_do(&f->ui, A_END);
	ui_do(&f->ui, A_ACCEPT);
	type(&f->ui, "alice");
	ui_do(&f->ui, A_ACCEPT);
	assert_int_equal(f->ui.mode, MODE_PROMPT);
	assert_true(f->ui.msg_error);
	ui_do(&f->ui, A_CANCEL);
	/* back to alice, her tick still there */
	ui_do(&f->ui, A_LEARNER);
	assert_int_equal(f->ui.n_learners, 2);
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_ACCEPT);
	assert_string_equal(f->ui.learner, "alice");
	assert_int_equal(f->ui.list[SCR_CHECKLIST].rows[1].state, VS_DONE);
}

static void test_documents_scroll_and_relayout(void **state)
{
	struct fixture *f = *state;
	struct ui_list *l = &f->ui.list[SCR_REFERENCE];
	size_t wide;

	ui_do(&f->ui, A_SCREEN_1 + SCR_REFERENCE);
	assert_int_equal(f->ui.screen, SCR_REFERENCE);
	wide = l->doc.n;
	assert_true(wide > 20);
	ui_do(&f->ui, A_DOWN);
	assert_int_equal(l->top, 1);
	ui_do(&f->ui, A_END);
	assert_int_equal(l->top, wide - 20);
	ui_layout(&f->ui, 30, 5, 0, 6);
	assert_true(l->doc.n > wide); /* narrower: more lines */
	for (size_t i = 0; i < l->doc.n; i++)
		assert_true(l->doc.v[i].width <= 30);
	ui_do(&f->ui, A_SCREEN_NEXT);
	assert_int_equal(f->ui.screen, SCR_TAKEAWAYS);
	ui_do(&f->ui, A_SCREEN_PREV);
	ui_do(&f->ui, A_SCREEN_PREV);
	ui_do(&f->ui, A_SCREEN_PREV);
	ui_do(&f->ui, A_SCREEN_PREV);
	assert_int_equal(f->ui.screen, SCR_CHECKLIST);
	ui_do(&f->ui, A_SCREEN_PREV); /* wraps around */
	assert_int_equal(f->ui.screen, SCR_COUNT - 1);
}

/* A match in a document is found again after the width changes its
 * lines; the document keeps its place by entry, not by line number. */
static bool shows(const struct ui_list *l, size_t h, const char *id,
		  const char *what)
{
	for (size_t i = l->top; i < l->top + h && i < l->doc.n; i++)
		if (strcmp(l->anchor[i], id) == 0 && strstr(l->doc.v[i].s, what))
			return true;
	return false;
}

/* A match in a document is found again after the width changes its
 * lines; the document keeps its place by entry, not by line number. */
static void test_document_matches_survive_relayout(void **state)
{
	struct fixture *f = *state;
	struct ui_list *l = &f->ui.list[SCR_TAKEAWAYS];

	ui_layout(&f->ui, 200, 10, 8, 3);
	ui_do(&f->ui, A_SEARCH);
	type(&f->ui, "source_database");
	ui_do(&f->ui, A_ACCEPT);
	/* the PyFlink sub-item first, then takeaway 14 */
	while (f->ui.screen != SCR_TAKEAWAYS)
		ui_do(&f->ui, A_NEXT);
	assert_true(shows(l, 3, "k14", "source_database"));
	ui_layout(&f->ui, 30, 5, 0, 3);
	ui_do(&f->ui, A_SCREEN_1);
	while (f->ui.screen != SCR_TAKEAWAYS)
		ui_do(&f->ui, A_NEXT);
	assert_true(shows(l, 3, "k14", "source_database"));
	/* the place is kept across a re-layout too */
	ui_do(&f->ui, A_HOME);
	ui_do(&f->ui, A_DOWN);
	ui_do(&f->ui, A_DOWN);
	ui_do(&f->ui, A_DOWN); /* into takeaway 12 at width 30 */
	const char *at = l->anchor[l->top];
	ui_layout(&f->ui, 120, 5, 0, 3);
	assert_string_equal(l->anchor[l->top], at);
}

static void test_help_scrolls_within_bounds(void **state)
{
	struct fixture *f = *state;

	ui_do(&f->ui, A_HELP);
	f->ui.help_max = 5; /* as the view would say */
	f->ui.help_h = 20;
	for (int i = 0; i < 10; i++)
		ui_do(&f->ui, A_DOWN);
	assert_int_equal(f->ui.help_top, 5);
	ui_do(&f->ui, A_UP);
	assert_int_equal(f->ui.help_top, 4);
	ui_do(&f->ui, A_PAGE_UP); /* a page (20 rows here): to the top */
	assert_int_equal(f->ui.help_top, 0);
	/* A page is the box's lines less one: the last line shown stays
	 * in sight, none is skipped. */
	f->ui.help_max = 50;
	ui_do(&f->ui, A_PAGE_DOWN);
	assert_int_equal(f->ui.help_top, 19);
	ui_do(&f->ui, A_NONE); /* an unbound key closes it */
	assert_int_equal(f->ui.mode, MODE_NORMAL);
}

static int64_t fake_now = 1795000000;
static int64_t fake_clock(void)
{
	return fake_now;
}

static bool doc_has(const struct ui_list *l, const char *what)
{
	for (size_t i = 0; i < l->doc.n; i++)
		if (strstr(l->doc.v[i].s, what))
			return true;
	return false;
}

/* A study session: start, reveal, grade; a forgotten card comes back at
 * the end; every answer is in the store before the next card shows; the
 * summary counts; the schedule is there when the learner comes back. */
static void test_study_session(void **state)
{
	struct fixture *f = *state;
	struct ui_list *l = &f->ui.list[SCR_STUDY];
	struct store_study *v;
	size_t n;
	char *err = NULL;

	f->ui.clock = fake_clock;
	ui_study_load(&f->ui);
	ui_do(&f->ui, A_SCREEN_1 + SCR_STUDY);
	ui_do(&f->ui, A_SCREEN_1 + SCR_STUDY);
	assert_int_equal(f->ui.screen, SCR_STUDY);
	assert_true(doc_has(l, "10 cards due now, 10 of them new"));
	ui_do(&f->ui, A_TOGGLE);
	assert_true(ui_study_state(&f->ui)->active);
	assert_int_equal(ui_study_state(&f->ui)->n_queue, STUDY_NEW_PER_DAY);
	assert_true(doc_has(l, "Which mistake shows these symptoms?"));
	/* while a card is up the digits grade and nothing else: before the
	 * answer they only say so (2 would show Mistakes, the answer) */
	ui_do(&f->ui, A_SCREEN_1 + 1);
	assert_int_equal(f->ui.screen, SCR_STUDY);
	assert_false(ui_study_state(&f->ui)->revealed);
	assert_string_equal(f->ui.msg, "Space shows the answer first.");
	ui_do(&f->ui, A_SCREEN_1 + 6);
	assert_int_equal(f->ui.screen, SCR_STUDY);
	ui_do(&f->ui, A_TOGGLE);
	assert_true(doc_has(l, "7. Shared Schema History Topic"));
	ui_do(&f->ui, A_SCREEN_1 + 2); /* good */
	assert_int_equal(f->ui.screen, SCR_STUDY);
	assert_int_equal(store_study_states(f->store, f->ui.learner_id, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].card_id, "m7.symptoms");
	assert_true(v[0].state.due == fake_now + STUDY_DAY);
	store_study_free(v, n);
	ui_do(&f->ui, A_TOGGLE);
	ui_do(&f->ui, A_SCREEN_1); /* again: asked once more at the end */
	assert_int_equal(ui_study_state(&f->ui)->n_queue, STUDY_NEW_PER_DAY + 1);
	assert_string_equal(ui_study_state(&f->ui)->deck.v[ui_study_state(&f->ui)->queue[STUDY_NEW_PER_DAY]].id,
			    "m7.fix");
	/* a table card offers its choices; picking one shows the answer */
	while (ui_study_state(&f->ui)->deck.v[ui_study_state(&f->ui)->queue[ui_study_state(&f->ui)->at]].kind != CARD_TABLE) {
		ui_do(&f->ui, A_TOGGLE);
		ui_do(&f->ui, A_SCREEN_1 + 3); /* easy */
	}
	assert_true(doc_has(l, "a) "));
	ui_do(&f->ui, A_CHOICE_1 + 3); /* past the choices: not a pick */
	assert_false(ui_study_state(&f->ui)->revealed);
	ui_do(&f->ui, A_CHOICE_1);
	assert_true(ui_study_state(&f->ui)->revealed);
	assert_true(doc_has(l, "Answer:"));
	fake_now += 30;
	ui_do(&f->ui, A_CANCEL);
	assert_true(ui_study_state(&f->ui)->done);
	assert_true(doc_has(l, "Session over."));
	assert_true(doc_has(l, "Right on the first try: 5"));
	/* The session's time runs to its last answer: the 30 s on a card
	 * left unanswered by Esc are not study (every answer came at once
	 * on this clock). */
	assert_true(doc_has(l, "Time: 0 min 0 s"));
	/* back later: the schedule was kept; the next day, due again */
	ui_study_load(&f->ui);
	size_t known = 0;
	for (size_t i = 0; i < ui_study_state(&f->ui)->deck.n; i++)
		known += ui_study_state(&f->ui)->known[i];
	assert_int_equal(known, 6);
	fake_now += STUDY_DAY + 1;
	ui_relayout_docs(&f->ui, 78);
	assert_true(doc_has(l, "cards due now"));
}

static void test_any_size_any_key(void **state)
{
	struct fixture *f = *state;
	static const int sizes[][4] = {
		{1, 1, 0, 1}, {0, 0, 0, 0}, {2, 1, 0, 1}, {200, 60, 40, 100},
	};

	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		ui_layout(&f->ui, sizes[s][0], sizes[s][1], sizes[s][2], sizes[s][3]);
		for (int a = A_UP; a <= A_SCREEN_LAST; a++) {
			if (a == A_LEARNER || a == A_NOTE || a == A_SEARCH ||
			    a == A_HELP || a == A_PROBE)
				continue; /* modes (P asks for a folder): covered elsewhere */
			for (int scr = 0; scr < SCR_COUNT; scr++) {
				struct tdoc d;
				f->ui.screen = (enum ui_screen)scr;
				assert_int_not_equal(ui_do(&f->ui, (enum ui_action)a),
						     UI_QUIT);
				ui_detail(&f->ui, sizes[s][0], &d);
				tdoc_free(&d);
				ui_scroll(&f->ui, scr % 2, 3);
				ui_click(&f->ui, 1, false);
			}
		}
	}
	assert_int_equal(ui_do(&f->ui, A_QUIT), UI_QUIT);
}

static bool detail_has(const struct ui *ui, const char *what)
{
	struct tdoc d;
	bool found = false;
	ui_detail(ui, 100, &d);
	for (size_t i = 0; i < d.n; i++)
		found |= strstr(d.v[i].s, what) != NULL;
	tdoc_free(&d);
	return found;
}

static void test_details_explain(void **state)
{
	struct fixture *f = *state;

	go(&f->ui, "s8.mysql-outbox");
	assert_true(detail_has(&f->ui, "Verify: MySQL outbox содержит id"));
	assert_true(detail_has(&f->ui, "Тип payload: JSON"));
	go(&f->ui, "s8.pyflink.two-sources");
	assert_true(detail_has(&f->ui, "Needed for:"));
	go(&f->ui, "s8.mysql-connector.schema-history-topic");
	assert_true(detail_has(&f->ui, "CRITICAL: Никогда не используйте общий topic"));
	/* needed through its parent, which the criteria name */
	assert_true(detail_has(&f->ui, "Exemplary Multi-Database: Оба "
				       "коннектора работают стабильно"));
	go(&f->ui, "me.events-unified");
	assert_true(detail_has(&f->ui, "Not met yet"));
	assert_true(detail_has(&f->ui, "[ ] Две Kafka source таблицы"));
	go(&f->ui, "m9");
	assert_true(detail_has(&f->ui, "Backup schema"));
	assert_true(detail_has(&f->ui, "Prevention: Документируйте runbook"));
	go(&f->ui, "m7");
	assert_true(detail_has(&f->ui, "\"schema.history.internal.kafka.topic\": "
				       "\"schema-changes.mysql-connector-1\""));
}

/* A tick that the learner's project contradicts carries its own mark and
 * says why in the details, from evidence another process recorded. */
static void test_contradicted_tick(void **state)
{
	struct fixture *f = *state;
	struct evidence ev = {.entry_id = "m7", .probe_id = "m7.schema-history",
			      .verdict = PROBE_CONTRADICTED,
			      .file = "connectors/mysql-2.json", .line = 11,
			      .value = "schema-changes.inventory is also used by "
				       "connectors/mysql-1.json:11"};
	char *err = NULL;

	go(&f->ui, "m7");
	ui_do(&f->ui, A_TOGGLE);
	assert_false(ui_current(&f->ui)->contradicted);
	assert_int_equal(store_add_evidence(f->store, f->ui.learner_id, &ev, 1,
					    "2026-01-01T00:00:00.000Z", &err),
			 0);
	ui_do(&f->ui, A_RELOAD);
	assert_true(ui_current(&f->ui)->contradicted);
	assert_string_equal(ui_row_box(ui_current(&f->ui)), "[!] ");
	assert_true(detail_has(&f->ui, "contradicted: connectors/mysql-2.json:11"));
	assert_true(detail_has(&f->ui, "your project contradicts it"));
	/* unticked, it is no contradicted tick, though the evidence stays */
	ui_do(&f->ui, A_TOGGLE);
	assert_false(ui_current(&f->ui)->contradicted);
	assert_true(detail_has(&f->ui, "Evidence: "));
}

/* An instructor's review imported into the learner's log: the details
 * give their words, the Rubric's level details their view. */
static void test_instructor_review(void **state)
{
	struct fixture *f = *state;
	char pub[65], secret[65], *err = NULL, *json;

	assert_int_equal(store_own_key(f->store, pub, secret, &err), 0);
	json = review_encode("Нет записи теста.", REVIEW_NOT_AGREED, pub);
	assert_int_equal(store_add_review(f->store, f->ui.learner_id, "ex.failover-tested",
					  json, "2026-01-01T00:00:00.000Z", &err),
			 0);
	free(json);
	ui_do(&f->ui, A_RELOAD);
	go(&f->ui, "ex.failover-tested");
	assert_true(detail_has(&f->ui, "Instructor: not agreed. Нет записи теста."));
	assert_true(f->ui.view->reviewed);
	assert_int_equal(f->ui.view->n_not_agreed, 1);
}

/* Another process's tick shows at the next poll, with no key pressed. */
static void test_poll_sees_other_process(void **state)
{
	struct fixture *f = *state;
	struct store *other;
	struct prog_changes ch = {0};
	char *err = NULL;
	int64_t id;

	assert_int_equal(ui_poll(&f->ui), 0); /* nothing changed yet */
	assert_int_equal(store_open(db_path, &other, &err), 0);
	assert_int_equal(store_learner_find(other, "alice", &id, &err), 0);
	progress_changes_add(&ch, pack_find(pack, "m8"), true);
	assert_int_equal(store_apply(other, id, ch.v, ch.n, "2026-01-01T00:00:00.000Z",
				     NULL, &err),
			 0);
	progress_changes_free(&ch);
	store_close(other);
	assert_int_equal(ui_poll(&f->ui), UI_REDRAW);
	assert_int_equal(view_state_of(f->ui.view, pack_find(pack, "m8")), VS_DONE);
	assert_int_equal(ui_poll(&f->ui), 0);
}

/* `/` opens empty: a new search is not appended to the last one. */
static void test_search_opens_empty(void **state)
{
	struct fixture *f = *state;

	go(&f->ui, "m7");
	ui_do(&f->ui, A_SEARCH);
	assert_int_equal(f->ui.edit.len, 0);
	ui_do(&f->ui, A_CANCEL);
}

/* The tutor shows what the core's view says, whatever keys are pressed:
 * after each of a seeded random walk of keys, the model's level, counts,
 * next level and every row's state equal a view freshly computed from
 * what another process reads in the file. Now and then another process
 * ticks or unticks an entry first and the tutor's next Space must show
 * both changes: the tutor updates its view for the states that changed
 * rather than computing it anew, and must end where a new view does. */
static void test_model_agrees_with_the_view(void **state)
{
	struct fixture *f = *state;
	static const enum ui_action keys[] = {
		A_DOWN, A_DOWN, A_DOWN, A_UP, A_TOGGLE, A_TOGGLE, A_TOGGLE, A_UNDO,
		A_EXPAND, A_END, A_HOME, A_PAGE_DOWN, A_SCREEN_1, A_SCREEN_1 + 1,
		A_SCREEN_1 + 2};
	unsigned seed = 12345;

	for (int step = 0; step < 400; step++) {
		struct store *s;
		struct progress pr;
		struct view *v;
		char *err = NULL;
		int64_t lid;
		seed = seed * 1103515245u + 12345u;
		assert_int_equal(store_open(db_path, &s, &err), 0);
		assert_int_equal(store_learner_find(s, "alice", &lid, &err), 0);
		if (step % 7 == 3) {
			/* Another process's change, between two keys. */
			const struct pack_entry *e = &pack->index[(seed >> 8) % pack->n_index];
			struct prog_changes ch = {0};
			char now[32];
			if (rules_can_tick(e) == VIEW_OK) {
				progress_changes_add(&ch, e, (seed >> 20) & 1);
				store_now(now);
				assert_int_equal(store_apply(s, lid, ch.v, ch.n, now, NULL, &err), 0);
				progress_changes_free(&ch);
			}
			/* Space on an item: the tutor reads the store again. */
			ui_do(&f->ui, A_SCREEN_1);
			for (int k = 0; k < 50 && rules_can_tick(&ui_current(&f->ui)->e) != VIEW_OK; k++)
				ui_do(&f->ui, A_DOWN);
			assert_int_equal(rules_can_tick(&ui_current(&f->ui)->e), VIEW_OK);
			ui_do(&f->ui, A_TOGGLE);
		} else {
			ui_do(&f->ui, keys[(seed >> 16) % (sizeof keys / sizeof *keys)]);
		}
		assert_int_equal(store_progress(s, lid, &pr, &err), 0);
		v = view_new(pack, &pr, NULL, 0);
		assert_string_equal(view_level_id(f->ui.view), view_level_id(v));
		assert_int_equal(f->ui.view->done, v->done);
		assert_int_equal(f->ui.view->n_contra, v->n_contra);
		assert_ptr_equal(f->ui.view->next ? f->ui.view->next->level : NULL,
				 v->next ? v->next->level : NULL);
		if (step % 7 == 3) {
			/* The whole view, not only what is shown. */
			assert_int_equal(f->ui.view->total, v->total);
			assert_int_equal(f->ui.view->n_critical, v->n_critical);
			assert_int_equal(f->ui.view->n_orphans, v->n_orphans);
			for (size_t i = 0; i < pack->n_index; i++)
				assert_int_equal(f->ui.view->state[i], v->state[i]);
			for (size_t i = 0; i < v->n_levels; i++) {
				assert_int_equal(f->ui.view->levels[i].met, v->levels[i].met);
				for (size_t j = 0; j < v->levels[i].n_crit; j++)
					assert_int_equal(f->ui.view->levels[i].crit[j].n_missing,
							 v->levels[i].crit[j].n_missing);
			}
		}
		for (int sc = SCR_CHECKLIST; sc <= SCR_MISTAKES; sc++)
			for (size_t i = 0; i < f->ui.list[sc].n_rows; i++) {
				const struct ui_row *r = &f->ui.list[sc].rows[i];
				if (r->e.kind == PACK_ITEM || r->e.kind == PACK_MISTAKE)
					assert_int_equal(r->state, view_state_of(v, &r->e));
				if (r->e.kind == PACK_SECTION) {
					size_t done = 0;
					for (size_t j = i + 1; j < r->end; j++)
						done += f->ui.list[sc].rows[j].end == j + 1 &&
							view_state_of(v, &f->ui.list[sc].rows[j].e) == VS_DONE;
					assert_int_equal(r->done, done);
				}
			}
		view_free(v);
		progress_free(&pr);
		store_close(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_follow_the_pack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_toggle_is_stored_before_it_shows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_ticks_its_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expand_and_collapse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_finds_russian_across_screens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_badge_climbs_as_criteria_are_met, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_walks_back, setup, teardown),
		cmocka_unit_test(test_screens_are_a_table),
		cmocka_unit_test_setup_teardown(test_history_undo_redo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hide_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_on_criterion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_welcome_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_in_the_line_editor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_picker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents_scroll_and_relayout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_document_matches_survive_relayout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_scrolls_within_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_study_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_size_any_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_details_explain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_agrees_with_the_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contradicted_tick, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instructor_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_opens_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_sees_other_process, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
