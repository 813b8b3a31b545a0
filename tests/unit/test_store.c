/* SPDX-License-Identifier: MIT */
/* The progress store against real SQLite files in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/migrations.h"
#include "scratch.h"
#include "selfgrade/digest.h"
#include "selfgrade/store.h"
#include "selfgrade/xalloc.h"

/* An entry for id as the pack would give it: store_set_note takes one. */
static const struct pack_entry *item(const char *id)
{
	static struct pack_item it[8];
	static struct pack_entry e[8];
	static int k;

	k = (k + 1) % 8;
	it[k] = (struct pack_item){.id = (char *)id, .text = "t"};
	e[k] = (struct pack_entry){.id = id, .kind = PACK_ITEM};
	e[k].u.item = &it[k];
	return &e[k];
}

static char *dir;

static int setup(void **state)
{
	(void)state;
	return (dir = scratch_make("store")) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	buf = xmalloc(*n + 1);
	assert_int_equal(fread(buf, 1, *n, f), *n);
	fclose(f);
	return buf;
}

/* Runs SQL on a file with plain SQLite, as another program would. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

static int raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void expect_refused(const char *path, const char *why)
{
	struct store *s;
	char *err = NULL;
	size_t n1, n2;
	char *before = slurp(path, &n1);

	assert_int_equal(store_open(path, &s, &err), -1);
	assert_null(s);
	if (!strstr(err, why))
		fail_msg("'%s' lacks '%s'", err, why);
	char *after = slurp(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	free(err);
}

static void test_create_modes_and_version(void **state)
{
	char *path = path_of("new/sub/progress.db");
	char *folder = path_of("new/sub");
	struct store *s;
	struct stat st;
	char *err = NULL;
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_user_version(s), store_schema_version());
	assert_int_equal(store_schema_version(), n_migrations);
	store_close(s);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(folder, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(raw_int(path, "PRAGMA application_id"),
			 STORE_APPLICATION_ID);
	/* A rollback journal, not WAL (a read-only open must need no -shm):
	 * file format bytes 18 and 19 are 1 */
	size_t n;
	char *head = slurp(path, &n);
	assert_true(n > 20 && head[18] == 1 && head[19] == 1);
	free(head);
	free(path);
	free(folder);
}

static void test_old_version_upgrades(void **state)
{
	char *path = path_of("v1.db");
	char *sql = xasprintf("%s; PRAGMA application_id = %d; PRAGMA user_version = 1;"
			      "INSERT INTO learner (name, created_at) VALUES ('old', 'x');"
			      "INSERT INTO event (learner_id, item_id, field, old, new, text_hash, at)"
			      " VALUES (1, 'a', 'done', NULL, '1', 'h', 't1'),"
			      " (1, 'a', 'note', NULL, 'n', NULL, 't2');",
			      migrations[0].sql, STORE_APPLICATION_ID);
	struct store *s;
	struct prog_event *ev;
	size_t n;
	char *err = NULL, h[65];
	int64_t id;
	(void)state;

	raw_sql(path, sql);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'study_card'"), 0);
	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_user_version(s), n_migrations);
	assert_int_equal(store_learner_find(s, "old", &id, &err), 0);
	/* the events written before the chain existed are chained now */
	assert_int_equal(store_events(s, id, &ev, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_null(ev[0].prev);
	progress_event_hash(NULL, &(struct prog_event){.item_id = "a", .field = "done",
						       .new_ = "1", .text_hash = "h",
						       .at = "t1"},
			    h);
	assert_string_equal(ev[0].hash, h);
	assert_string_equal(ev[1].prev, ev[0].hash);
	prog_events_free(ev, n);
	store_close(s);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'study_card'"), 1);
	free(sql);
	free(path);
}

static void test_refuses_what_is_not_ours(void **state)
{
	char *newer = path_of("newer.db"), *foreign = path_of("foreign.db");
	char *text = path_of("text.db");
	char *sql = xasprintf("CREATE TABLE x (a); PRAGMA application_id = %d; "
			      "PRAGMA user_version = 99", STORE_APPLICATION_ID);
	FILE *f;
	(void)state;

	raw_sql(newer, sql);
	expect_refused(newer, "made by a newer selfgrade (schema 99");
	raw_sql(foreign, "CREATE TABLE accounts (id); PRAGMA user_version = 1");
	expect_refused(foreign, "not a selfgrade database");
	f = fopen(text, "w");
	fputs("this is not a database, but it is long enough to look like one "
	      "to anything that only checks the size of the file it opens\n", f);
	fclose(f);
	expect_refused(text, "not a SQLite database");
	free(sql);
	free(newer);
	free(foreign);
	free(text);
}

static void test_learners(void **state)
{
	char *path = path_of("learners.db");
	struct store *s;
	char *err = NULL, **names;
	char big[STORE_MAX_NAME + 2];
	size_t n;
	static const char *const bad[] = {"", "a\nb", "tab\there", "\xff\xfe"};
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_learner_add(s, "Анна", "t", &err), 0);
	assert_int_equal(store_learner_add(s, "bob", "t", &err), 0);
	assert_int_equal(store_learner_add(s, "bob", "t", &err), -1);
	assert_non_null(strstr(err, "exists already"));
	free(err);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(store_learner_add(s, bad[i], "t", &err), -1);
		free(err);
	}
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(store_learner_add(s, big, "t", &err), -1);
	free(err);
	assert_int_equal(store_learner_list(s, &names, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "bob");
	assert_string_equal(names[1], "Анна");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	assert_int_equal(store_learner_remove(s, "nobody", &err), -1);
	assert_non_null(strstr(err, "no learner named 'nobody'"));
	free(err);
	assert_int_equal(store_learner_remove(s, "bob", &err), 0);
	store_close(s);
	free(path);
}

static void test_apply_logs_changes_once(void **state)
{
	char *path = path_of("apply.db");
	struct store *s;
	struct progress pr;
	char *err = NULL;
	int64_t id;
	size_t changed;
	struct prog_change c[2] = {
		{.id = "a.b", .kind = PROG_ITEM, .done = true, .hash = "h1"},
		{.id = "m1", .kind = PROG_MISTAKE, .done = true, .hash = "h2"},
	};
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_learner_add(s, "a", "t0", &err), 0);
	assert_int_equal(store_learner_find(s, "a", &id, &err), 0);
	assert_int_equal(store_apply(s, id, c, 2, "t1", &changed, &err), 0);
	assert_int_equal(changed, 2);
	/* the same again changes nothing and logs nothing */
	assert_int_equal(store_apply(s, id, c, 2, "t2", &changed, &err), 0);
	assert_int_equal(changed, 0);
	/* confirming a changed text is a change */
	strcpy(c[0].hash, "h1-new");
	assert_int_equal(store_apply(s, id, c, 1, "t3", &changed, &err), 0);
	assert_int_equal(changed, 1);
	c[1].done = false;
	assert_int_equal(store_apply(s, id, &c[1], 1, "t4", &changed, &err), 0);
	assert_int_equal(changed, 1);

	assert_int_equal(store_set_note(s, id, item("a.b"), "доказательство", "t5", &err), 0);
	assert_int_equal(store_set_note(s, id, item("a.b"), "доказательство", "t6", &err), 0);
	assert_int_equal(store_progress(s, id, &pr, &err), 0);
	assert_int_equal(pr.n_states, 2);
	assert_string_equal(pr.states[0].id, "a.b");
	assert_string_equal(pr.states[0].hash, "h1-new");
	assert_string_equal(pr.states[0].updated_at, "t3");
	assert_false(progress_state(&pr, "m1")->done);
	assert_string_equal(progress_note(&pr, "a.b")->text, "доказательство");
	progress_free(&pr);
	assert_int_equal(store_set_note(s, id, item("a.b"), "", "t7", &err), 0);
	assert_int_equal(store_progress(s, id, &pr, &err), 0);
	assert_int_equal(pr.n_notes, 0);
	progress_free(&pr);
	store_close(s);

	/* 2 + 1 + 1 state changes, the note set and cleared: 6 events */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM event"), 6);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM event WHERE field = 'note'"), 2);
	free(path);
}

static void test_event_log_is_append_only(void **state)
{
	char *path = path_of("apply.db");
	sqlite3 *db;
	(void)state;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE event SET new = 'x'", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	sqlite3_close(db);
	free(path);
}

static void test_note_limits(void **state)
{
	char *path = path_of("notes.db");
	struct store *s;
	char *err = NULL, *big = xmalloc(STORE_MAX_NOTE + 2);
	int64_t id;
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_learner_add(s, "a", "t", &err), 0);
	assert_int_equal(store_learner_find(s, "a", &id, &err), 0);
	memset(big, 'x', STORE_MAX_NOTE + 1);
	big[STORE_MAX_NOTE + 1] = '\0';
	assert_int_equal(store_set_note(s, id, item("a"), big, "t", &err), -1);
	assert_non_null(strstr(err, "at most"));
	free(err);
	assert_int_equal(store_set_note(s, id, item("a"), "bad \xc3", "t", &err), -1);
	free(err);
	store_close(s);
	free(big);
	free(path);
}

static bool done_of(struct store *s, int64_t id, const char *item, bool *had)
{
	struct progress pr;
	char *err = NULL;
	const struct prog_state *ps;
	bool d;
	assert_int_equal(store_progress(s, id, &pr, &err), 0);
	ps = progress_state(&pr, item);
	*had = ps != NULL;
	d = ps && ps->done;
	progress_free(&pr);
	return d;
}

static void undo_expect(struct store *s, int64_t id, const char *what, size_t n)
{
	struct store_undone u;
	char *err = NULL;
	assert_int_equal(store_undo(s, NULL, id, "t9", &u, &err), 0);
	if (what)
		assert_string_equal(u.id, what);
	else
		assert_null(u.id);
	assert_int_equal(u.n, n);
	free(u.id);
}

/* Undo walks back through the learner's batches, newest first, skipping
 * undos and what they undid; a parent's toggle is one batch. */
static void test_undo_walks_back(void **state)
{
	char *path = path_of("undo.db");
	struct store *s;
	char *err = NULL;
	int64_t a, b;
	bool had;
	struct prog_change two[2] = {
		{.id = "p.1", .kind = PROG_ITEM, .done = true, .hash = "h1"},
		{.id = "p.2", .kind = PROG_ITEM, .done = true, .hash = "h2"},
	};
	struct prog_change off = {.id = "p.1", .kind = PROG_ITEM, .hash = "h1"};
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_learner_add(s, "a", "t0", &err), 0);
	assert_int_equal(store_learner_add(s, "b", "t0", &err), 0);
	assert_int_equal(store_learner_find(s, "a", &a, &err), 0);
	assert_int_equal(store_learner_find(s, "b", &b, &err), 0);
	undo_expect(s, a, NULL, 0);

	assert_int_equal(store_apply(s, a, two, 2, "t1", NULL, &err), 0);
	assert_int_equal(store_apply(s, a, &off, 1, "t2", NULL, &err), 0);
	assert_int_equal(store_set_note(s, a, item("p.1"), "первая", "t3", &err), 0);
	assert_int_equal(store_set_note(s, a, item("p.1"), "вторая", "t4", &err), 0);
	assert_int_equal(store_apply(s, b, two, 1, "t5", NULL, &err), 0);

	/* b's change is b's alone */
	undo_expect(s, a, "p.1", 1);
	struct progress pr;
	assert_int_equal(store_progress(s, a, &pr, &err), 0);
	assert_string_equal(progress_note(&pr, "p.1")->text, "первая");
	progress_free(&pr);
	undo_expect(s, a, "p.1", 1); /* the first note: gone again */
	assert_int_equal(store_progress(s, a, &pr, &err), 0);
	assert_null(progress_note(&pr, "p.1"));
	progress_free(&pr);
	undo_expect(s, a, "p.1", 1); /* the untick */
	assert_true(done_of(s, a, "p.1", &had));
	undo_expect(s, a, "p.1", 2); /* the batch of two: no states at all */
	done_of(s, a, "p.1", &had);
	assert_false(had);
	done_of(s, a, "p.2", &had);
	assert_false(had);
	undo_expect(s, a, NULL, 0);
	assert_true(done_of(s, b, "p.1", &had));

	/* a new change after undos is undone first, then nothing is left */
	assert_int_equal(store_apply(s, a, &two[1], 1, "t6", NULL, &err), 0);
	undo_expect(s, a, "p.2", 1);
	undo_expect(s, a, NULL, 0);
	store_close(s);
	/* every reversal is logged; the log was only ever appended to */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM event WHERE undoes IS NOT NULL"), 6);
	free(path);
}

static void redo_expect(struct store *s, int64_t id, const char *what, size_t n)
{
	struct store_undone u;
	char *err = NULL;
	assert_int_equal(store_redo(s, NULL, id, "t9", &u, &err), 0);
	if (what)
		assert_string_equal(u.id, what);
	else
		assert_null(u.id);
	assert_int_equal(u.n, n);
	free(u.id);
}

/* Redo takes back the newest undo, as a logged change that undo can take
 * back again; a new change leaves nothing to redo. */
static void test_redo_takes_back_undo(void **state)
{
	char *path = path_of("redo.db");
	struct store *s;
	char *err = NULL;
	int64_t a;
	bool had;
	struct prog_change one = {.id = "p.1", .kind = PROG_ITEM, .done = true, .hash = "h1"};
	struct prog_change two = {.id = "p.2", .kind = PROG_ITEM, .done = true, .hash = "h2"};
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_learner_add(s, "a", "t0", &err), 0);
	assert_int_equal(store_learner_find(s, "a", &a, &err), 0);
	redo_expect(s, a, NULL, 0);
	assert_int_equal(store_apply(s, a, &one, 1, "t1", NULL, &err), 0);
	assert_int_equal(store_set_note(s, a, item("p.1"), "заметка", "t2", &err), 0);
	assert_int_equal(store_apply(s, a, &two, 1, "t3", NULL, &err), 0);
	undo_expect(s, a, "p.2", 1);
	undo_expect(s, a, "p.1", 1); /* the note */
	undo_expect(s, a, "p.1", 1); /* the tick: no state left */
	done_of(s, a, "p.1", &had);
	assert_false(had);
	redo_expect(s, a, "p.1", 1); /* the tick, made again */
	assert_true(done_of(s, a, "p.1", &had));
	redo_expect(s, a, "p.1", 1); /* the note */
	{
		struct progress pr;
		assert_int_equal(store_progress(s, a, &pr, &err), 0);
		assert_string_equal(progress_note(&pr, "p.1")->text, "заметка");
		progress_free(&pr);
	}
	/* a redo is a change undo takes back */
	undo_expect(s, a, "p.1", 1);
	redo_expect(s, a, "p.1", 1);
	redo_expect(s, a, "p.2", 1);
	assert_true(done_of(s, a, "p.2", &had));
	redo_expect(s, a, NULL, 0);
	/* after a new change there is nothing to redo */
	undo_expect(s, a, "p.2", 1);
	assert_int_equal(store_set_note(s, a, item("p.1"), "новая", "t4", &err), 0);
	redo_expect(s, a, NULL, 0);
	undo_expect(s, a, "p.1", 1);
	undo_expect(s, a, "p.1", 1); /* the redone note */
	store_close(s);
	/* a state put back by a redo stays in the chain that verify replays */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM event WHERE undoes IS NOT NULL"), 11);
	free(path);
}

static char *hash_of(struct store *s, int64_t id, const char *item)
{
	struct progress pr;
	char *err = NULL, *h;
	assert_int_equal(store_progress(s, id, &pr, &err), 0);
	h = xstrdup(progress_state(&pr, item)->hash);
	progress_free(&pr);
	return h;
}

/* A stale tick reconfirmed, or unticked, comes back stale on undo: the
 * hash it confirmed before is restored, not the one of the change. */
static void test_undo_restores_the_old_text(void **state)
{
	char *path = path_of("undo-stale.db");
	struct store *s;
	char *err = NULL, *h;
	int64_t a;
	struct prog_change c = {.id = "x", .kind = PROG_ITEM, .done = true,
				 .hash = "old"};
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_learner_add(s, "a", "t0", &err), 0);
	assert_int_equal(store_learner_find(s, "a", &a, &err), 0);
	assert_int_equal(store_apply(s, a, &c, 1, "t1", NULL, &err), 0);
	strcpy(c.hash, "new"); /* the pack changed; the learner reconfirms */
	assert_int_equal(store_apply(s, a, &c, 1, "t2", NULL, &err), 0);
	undo_expect(s, a, "x", 1);
	assert_string_equal(h = hash_of(s, a, "x"), "old");
	free(h);
	c.done = false; /* unticking the stale tick */
	assert_int_equal(store_apply(s, a, &c, 1, "t3", NULL, &err), 0);
	undo_expect(s, a, "x", 1);
	assert_string_equal(h = hash_of(s, a, "x"), "old");
	free(h);
	store_close(s);
	free(path);
}

static void test_hostile_text_refused(void **state)
{
	char *path = path_of("hostile.db");
	struct store *s;
	char *err = NULL;
	int64_t a;
	static const char *bad_names[] = {"a\x1b[2Jb", "csi\xc2\x9b" "31m",
					  "rtl\xe2\x80\xae" "evil", "tab\tname",
					  /* Cf, Zl, Zp: invisible or reordering */
					  "zw\xe2\x80\x8bsp", "rlm\xe2\x80\x8f",
					  "alm\xd8\x9c", "bom\xef\xbb\xbf",
					  "ls\xe2\x80\xa8", "ps\xe2\x80\xa9"};
	static const char *const named[] = {"U+001B", "U+009B", "U+202E", "U+0009",
					    "U+200B", "U+200F", "U+061C", "U+FEFF",
					    "U+2028", "U+2029"};
	(void)state;

	assert_int_equal(store_open(path, &s, &err), 0);
	for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; i++) {
		assert_int_equal(store_learner_add(s, bad_names[i], "t", &err), -1);
		if (!strstr(err, named[i]))
			fail_msg("'%s' does not name %s", err, named[i]);
		free(err);
	}
	assert_int_equal(store_learner_add(s, "Анна-Мария O'Neil <x>", "t", &err), 0);
	assert_int_equal(store_learner_find(s, "Анна-Мария O'Neil <x>", &a, &err), 0);
	assert_int_equal(store_set_note(s, a, item("x"), "bell\a", "t", &err), -1);
	free(err);
	assert_int_equal(store_set_note(s, a, item("x"), "esc\x1b]0;title\a", "t", &err), -1);
	free(err);
	assert_int_equal(store_set_note(s, a, item("x"), "zero\xe2\x80\x8bwidth", "t", &err), -1);
	assert_non_null(strstr(err, "U+200B"));
	free(err);
	assert_int_equal(store_set_note(s, a, item("x"), "line\xe2\x80\xa8sep", "t", &err), -1);
	assert_non_null(strstr(err, "U+2028"));
	free(err);
	assert_int_equal(store_learner_add(s, "   ", "t", &err), -1);
	assert_non_null(strstr(err, "empty"));
	free(err);
	assert_int_equal(store_set_note(s, a, item("x"), "строка 1\n\tстрока 2", "t", &err), 0);
	store_close(s);
	free(path);
}

static void test_default_path(void **state)
{
	char *p;
	(void)state;
	setenv("XDG_DATA_HOME", "/x/data", 1);
	p = store_default_path();
	assert_string_equal(p, "/x/data/selfgrade/progress.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	p = store_default_path();
	assert_string_equal(p, "/home/u/.local/share/selfgrade/progress.db");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_modes_and_version),
		cmocka_unit_test(test_old_version_upgrades),
		cmocka_unit_test(test_refuses_what_is_not_ours),
		cmocka_unit_test(test_learners),
		cmocka_unit_test(test_apply_logs_changes_once),
		cmocka_unit_test(test_event_log_is_append_only),
		cmocka_unit_test(test_note_limits),
		cmocka_unit_test(test_undo_walks_back),
		cmocka_unit_test(test_redo_takes_back_undo),
		cmocka_unit_test(test_undo_restores_the_old_text),
		cmocka_unit_test(test_hostile_text_refused),
		cmocka_unit_test(test_default_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
