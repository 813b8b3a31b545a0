#include "selfgrade/store.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "migrations.h"
#include "selfgrade/digest.h"
#include "selfgrade/study.h"
#include "selfgrade/diag.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

#define BUSY_TIMEOUT_MS 10000

/* Statements are prepared once, on first use, and kept. */
enum stmt {
	S_LEARNER_ADD,
	S_LEARNER_REMOVE,
	S_LEARNER_LIST,
	S_LEARNER_FIND,
	S_STATE_GET,
	S_STATE_PUT,
	S_NOTE_GET,
	S_NOTE_PUT,
	S_NOTE_DEL,
	S_STATE_DEL,
	S_EVENT_ADD,
	S_EVENT_HEAD,
	S_EVENTS,
	S_LEARNER_CREATED,
	S_COHORT_LEARNERS,
	S_COHORT_STATES,
	S_COHORT_NOTES,
	S_STUDY_STATES,
	S_STUDY_PUT,
	S_SESSION_BEGIN,
	S_SESSION_COUNT,
	S_SESSIONS,
	S_UNDO_LAST,
	S_UNDO_EVENTS,
	S_STATES,
	S_NOTES,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_LEARNER_ADD] = "INSERT INTO learner (name, created_at) VALUES (?1, ?2)",
	[S_LEARNER_REMOVE] = "DELETE FROM learner WHERE name = ?1",
	[S_LEARNER_LIST] = "SELECT name FROM learner ORDER BY name",
	[S_LEARNER_FIND] = "SELECT id FROM learner WHERE name = ?1",
	[S_STATE_GET] = "SELECT done, text_hash, kind FROM state "
			"WHERE learner_id = ?1 AND item_id = ?2",
	[S_STATE_PUT] = "INSERT INTO state (learner_id, item_id, kind, done, "
			"text_hash, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
			"ON CONFLICT (learner_id, item_id) DO UPDATE SET "
			"kind = ?3, done = ?4, text_hash = ?5, updated_at = ?6",
	[S_NOTE_GET] = "SELECT text FROM note WHERE learner_id = ?1 AND item_id = ?2",
	[S_NOTE_PUT] = "INSERT INTO note (learner_id, item_id, text, updated_at) "
		       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (learner_id, item_id) "
		       "DO UPDATE SET text = ?3, updated_at = ?4",
	[S_NOTE_DEL] = "DELETE FROM note WHERE learner_id = ?1 AND item_id = ?2",
	[S_STATE_DEL] = "DELETE FROM state WHERE learner_id = ?1 AND item_id = ?2",
	[S_EVENT_ADD] = "INSERT INTO event (learner_id, item_id, field, old, new, "
			"text_hash, at, batch, undoes, old_hash, prev, hash) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_EVENT_HEAD] = "SELECT hash FROM event WHERE learner_id = ?1 "
			 "ORDER BY id DESC LIMIT 1",
	[S_EVENTS] = "SELECT id, item_id, field, old, new, old_hash, text_hash, "
		     "at, batch, undoes, prev, hash FROM event "
		     "WHERE learner_id = ?1 ORDER BY id",
	[S_COHORT_LEARNERS] = "SELECT id, name, created_at, (SELECT max(at) FROM "
			      "event WHERE learner_id = learner.id) FROM learner "
			      "ORDER BY name",
	[S_COHORT_STATES] = "SELECT learner_id, item_id, kind, done, text_hash, "
			    "updated_at FROM state ORDER BY learner_id, item_id",
	[S_COHORT_NOTES] = "SELECT learner_id, item_id, text, updated_at FROM note "
			   "ORDER BY learner_id, item_id",
	[S_LEARNER_CREATED] = "SELECT created_at, (SELECT max(at) FROM event "
			      "WHERE learner_id = ?1) FROM learner WHERE id = ?1",
	[S_STUDY_STATES] = "SELECT card_id, ease, interval_days, reps, lapses, due, "
			   "introduced_at, last_at FROM study_card "
			   "WHERE learner_id = ?1 ORDER BY card_id",
	[S_STUDY_PUT] = "INSERT INTO study_card (learner_id, card_id, ease, "
			"interval_days, reps, lapses, due, updated_at, "
			"introduced_at, last_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			"?7, ?8, ?9, ?10) ON CONFLICT (learner_id, card_id) DO "
			"UPDATE SET ease = ?3, interval_days = ?4, reps = ?5, "
			"lapses = ?6, due = ?7, updated_at = ?8, "
			"introduced_at = ?9, last_at = ?10",
	[S_SESSION_BEGIN] = "INSERT INTO study_session (learner_id, started_at, "
			    "ended_at) VALUES (?1, ?2, ?2)",
	[S_SESSION_COUNT] = "UPDATE study_session SET cards = cards + 1, "
			    "first_try = first_try + ?2, ended_at = ?3 "
			    "WHERE id = ?1",
	[S_SESSIONS] = "SELECT started_at, ended_at, cards, first_try FROM "
		       "study_session WHERE learner_id = ?1 ORDER BY id",
	/* The newest batch that is neither an undo nor undone. */
	[S_UNDO_LAST] = "SELECT COALESCE(batch, id) FROM event AS e "
			"WHERE learner_id = ?1 AND undoes IS NULL AND NOT EXISTS "
			"(SELECT 1 FROM event AS u WHERE u.learner_id = ?1 AND "
			"u.undoes = COALESCE(e.batch, e.id)) "
			"ORDER BY id DESC LIMIT 1",
	[S_UNDO_EVENTS] = "SELECT item_id, field, old, old_hash, text_hash "
			  "FROM event WHERE learner_id = ?1 AND "
			  "(id = ?2 OR batch = ?2) ORDER BY id DESC",
	[S_STATES] = "SELECT item_id, kind, done, text_hash, updated_at FROM state "
		     "WHERE learner_id = ?1 ORDER BY item_id",
	[S_NOTES] = "SELECT item_id, text, updated_at FROM note "
		    "WHERE learner_id = ?1 ORDER BY item_id",
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[S_COUNT];
	/* Within a write: the id of its first event (0 before it), which the
	 * others name as their batch; and the batch an undo reverts. */
	int64_t batch, undoes;
	bool readonly; /* opened by store_open_readonly() */
};


/* SQLite's word for what went wrong, in terms a user can act on. */
static int db_fail(struct store *s, char **err, const char *doing)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	const char *why = sqlite3_errmsg(s->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		why = "the database is locked by another program; try again";
	else if (code == SQLITE_READONLY)
		why = "the database is read-only";
	else if (code == SQLITE_NOTADB)
		why = "not a SQLite database";
	else if (code == SQLITE_FULL || sqlite3_system_errno(s->db) == ENOSPC)
		why = "the disk is full";
	return diag_fail(err, "%s: %s: %s", s->path, doing, why);
}

static sqlite3_stmt *prep(struct store *s, enum stmt k)
{
	if (!s->stmt[k] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT,
			       &s->stmt[k], NULL) != SQLITE_OK)
		return NULL;
	sqlite3_reset(s->stmt[k]);
	sqlite3_clear_bindings(s->stmt[k]);
	return s->stmt[k];
}

static int exec(struct store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

static int begin(struct store *s, char **err)
{
	if (exec(s, "BEGIN IMMEDIATE") != SQLITE_OK)
		return db_fail(s, err, "cannot start a write");
	s->batch = s->undoes = 0;
	return 0;
}

static int commit(struct store *s, char **err)
{
	if (exec(s, "COMMIT") != SQLITE_OK) {
		db_fail(s, err, "cannot commit");
		exec(s, "ROLLBACK");
		return -1;
	}
	return 0;
}

static int rollback(struct store *s)
{
	exec(s, "ROLLBACK");
	return -1;
}

static int pragma_int(struct store *s, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc;
}

int store_schema_version(void)
{
	return n_migrations;
}

int store_user_version(struct store *s)
{
	int v = -1;
	pragma_int(s, "PRAGMA user_version", &v);
	return v;
}

/* Refuses what is not ours before anything is written: another program's
 * SQLite file, or one from a newer selfgrade. */
static int check_identity(struct store *s, char **err)
{
	int app = 0, version = 0, tables = 0;

	if (pragma_int(s, "PRAGMA application_id", &app) != SQLITE_OK ||
	    pragma_int(s, "PRAGMA user_version", &version) != SQLITE_OK ||
	    pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables) != SQLITE_OK)
		return db_fail(s, err, "cannot read the database");
	if (app != STORE_APPLICATION_ID && (app != 0 || tables != 0))
		return diag_fail(err, "%s: not a selfgrade database (it belongs to "
				 "another program); left untouched",
			    s->path);
	if (version > n_migrations)
		return diag_fail(err, "%s: made by a newer selfgrade (schema %d; this "
				 "one knows up to %d); left untouched",
			    s->path, version, n_migrations);
	return 0;
}

static char *col_dup_or_null(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

/* One event row of S_EVENTS (or the same columns) as a prog_event. */
static void event_of_row(sqlite3_stmt *st, struct prog_event *e)
{
	e->seq = sqlite3_column_int64(st, 0);
	e->item_id = col_dup_or_null(st, 1);
	e->field = col_dup_or_null(st, 2);
	e->old = col_dup_or_null(st, 3);
	e->new_ = col_dup_or_null(st, 4);
	e->old_hash = col_dup_or_null(st, 5);
	e->text_hash = col_dup_or_null(st, 6);
	e->at = col_dup_or_null(st, 7);
	e->batch = sqlite3_column_int64(st, 8);
	e->undoes = sqlite3_column_int64(st, 9);
	e->prev = col_dup_or_null(st, 10);
	e->hash = col_dup_or_null(st, 11);
}

/* Chains the events logged before the chain existed, inside migration
 * 4's transaction: each learner's rows in order get their hashes. */
static int chain_old_rows(struct store *s)
{
	static const char *const sql =
		"SELECT id, item_id, field, old, new, old_hash, text_hash, at, "
		"batch, undoes, prev, hash, learner_id FROM event "
		"ORDER BY learner_id, id";
	sqlite3_stmt *st = NULL, *up = NULL;
	int64_t learner = -1;
	char prev[65] = "";
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "UPDATE event SET prev = ?1, hash = ?2 "
				      "WHERE id = ?3", -1, &up, NULL) != SQLITE_OK) {
		rc = SQLITE_ERROR;
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct prog_event e;
		struct digest_event de;
		int64_t who = sqlite3_column_int64(st, 12);
		char self[65];
		event_of_row(st, &e);
		if (who != learner) {
			learner = who;
			prev[0] = '\0';
		}
		de = (struct digest_event){e.item_id, e.field, e.old, e.new_,
					   e.old_hash, e.text_hash, e.at};
		digest_event(prev[0] ? prev : NULL, &de, self);
		sqlite3_reset(up);
		sqlite3_bind_text(up, 1, prev[0] ? prev : NULL, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 2, self, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, e.seq);
		prog_event_clear(&e);
		memcpy(prev, self, sizeof prev);
		if (sqlite3_step(up) != SQLITE_DONE) {
			rc = SQLITE_ERROR;
			break;
		}
	}
done:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int migrate(struct store *s, char **err)
{
	int version = 0;

	if (pragma_int(s, "PRAGMA user_version", &version) != SQLITE_OK)
		return db_fail(s, err, "cannot read the schema version");
	if (version == n_migrations)
		return 0;
	if (sqlite3_db_readonly(s->db, "main") == 1)
		return diag_fail(err, "%s: the database is read-only and needs an "
				 "upgrade to schema %d",
			    s->path, n_migrations);
	/* Each step in its own transaction, user_version set last; the version
	 * is read again inside it, as another process may have migrated. */
	for (int i = 0; i < n_migrations; i++) {
		const struct migration *m = &migrations[i];
		char *sql;
		if (begin(s, err))
			return -1;
		if (pragma_int(s, "PRAGMA user_version", &version) != SQLITE_OK)
			return db_fail(s, err, "cannot migrate"), rollback(s);
		if (version >= m->version) {
			exec(s, "COMMIT");
			continue;
		}
		/* Step 4 adds the hash chain: the rows already there are
		 * chained in the same transaction. */
		if (exec(s, m->sql) != SQLITE_OK ||
		    (m->version == 4 && chain_old_rows(s) != 0)) {
			diag_fail(err, "%s: migration %s failed: %s", s->path, m->name,
			     sqlite3_errmsg(s->db));
			return rollback(s);
		}
		sql = xasprintf("PRAGMA application_id = %d; PRAGMA user_version = %d",
				STORE_APPLICATION_ID, m->version);
		int rc = exec(s, sql);
		free(sql);
		if (rc != SQLITE_OK)
			return db_fail(s, err, "cannot migrate"), rollback(s);
		if (commit(s, err))
			return -1;
	}
	return 0;
}

/* Creates the missing folders above path (0700), recording them in
 * made[] (at most 32, outermost first) so that a failed open removes what
 * it created. */
static int mkdirs(const char *path, char **made, int *n_made)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *q = p + 1; *q && rc == 0; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0700) == 0) {
			if (*n_made < 32)
				made[(*n_made)++] = xstrdup(p);
		} else if (errno != EEXIST) {
			rc = -1;
		}
		*q = '/';
	}
	free(p);
	return rc;
}

static void unmake(const char *path, bool file, char **made, int n_made)
{
	if (file) {
		static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
			char *f = xasprintf("%s%s", path, ext[i]);
			unlink(f);
			free(f);
		}
	}
	while (n_made-- > 0) {
		rmdir(made[n_made]);
		free(made[n_made]);
	}
}

/* The path SQLite is given: the folder resolved (a symlinked home or XDG
 * folder is fine), the file itself not (a symbolic link as the database
 * is refused by SQLITE_OPEN_NOFOLLOW). NULL when the folder does not
 * exist. */
static char *resolve(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), real[PATH_MAX];
	const char *base = slash ? slash + 1 : path;
	char *out = NULL;

	if (slash)
		slash[slash == dir] = '\0';
	if (realpath(slash ? dir : ".", real))
		out = xasprintf("%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
	free(dir);
	return out;
}

char *store_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/selfgrade/progress.db", xdg);
	if (home && *home)
		return xasprintf("%s/.local/share/selfgrade/progress.db", home);
	return NULL;
}

static int open_at(const char *path, bool readonly, struct store **out,
		   char **err)
{
	struct store *s;
	struct stat st;
	bool exists = lstat(path, &st) == 0;
	char *made[32], *real;
	int n_made = 0;
	mode_t old;
	int rc;

	*out = NULL;
	if (exists && S_ISLNK(st.st_mode))
		return diag_fail(err, "%s: is a symbolic link; give the path of the "
				 "database itself",
			    path);
	if (exists && !S_ISREG(st.st_mode))
		return diag_fail(err, "%s: not a regular file", path);
	if (!exists && readonly)
		return diag_fail(err, "%s: no progress recorded yet (add a learner "
				 "first)",
			    path);
	if (!exists && mkdirs(path, made, &n_made) != 0) {
		diag_fail(err, "%s: cannot create its folder: %s", path,
			  strerror(errno));
		unmake(path, false, made, n_made);
		return -1;
	}
	real = resolve(path);
	if (!real) {
		diag_fail(err, "%s: cannot open its folder: %s", path, strerror(errno));
		unmake(path, false, made, n_made);
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->readonly = readonly;
	/* The file, and the -wal and -shm files SQLite makes beside it with
	 * the same mode, are the learner's alone. */
	old = umask(077);
	rc = sqlite3_open_v2(real, &s->db,
			     (readonly ? SQLITE_OPEN_READONLY
				       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
				     SQLITE_OPEN_NOFOLLOW,
			     NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		diag_fail(err, "%s: cannot open: %s", path,
		     s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (check_identity(s, err) != 0)
		goto fail;
	if (exec(s, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    exec(s, "PRAGMA synchronous = FULL") != SQLITE_OK ||

	    /* A rollback journal, not WAL: reading then needs no -wal or
	     * -shm file, so a read-only open works in a read-only folder,
	     * on a read-only file and on a full disk, and leaves nothing
	     * behind (README, "Read-only commands"). A database an older
	     * selfgrade left in WAL mode is switched back once. */
	    (sqlite3_db_readonly(s->db, "main") != 1 &&
	     exec(s, "PRAGMA journal_mode = DELETE") != SQLITE_OK)) {
		db_fail(s, err, "cannot set up the database");
		goto fail;
	}
	if (!readonly && migrate(s, err) != 0)
		goto fail;
	free(real);
	for (int i = 0; i < n_made; i++)
		free(made[i]);
	*out = s;
	return 0;
fail:
	store_close(s);
	/* Nothing is left behind by an open that failed. */
	unmake(real, !exists, made, n_made);
	free(real);
	return -1;
}

int store_open(const char *path, struct store **out, char **err)
{
	return open_at(path, false, out, err);
}

int store_open_readonly(const char *path, struct store **out, char **err)
{
	int version = 0;

	if (open_at(path, true, out, err) != 0)
		return -1;
	/* An older schema needs writing once: then the read-write open. */
	if (pragma_int(*out, "PRAGMA user_version", &version) == SQLITE_OK &&
	    version == n_migrations)
		return 0;
	store_close(*out);
	return open_at(path, false, out, err);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

void store_now(char buf[32])
{
	struct timespec ts;
	struct tm tm;

	char day[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, 32, "%.19s.%03dZ", day, (int)(ts.tv_nsec / 1000000));
}

/* The one Unicode policy for names and notes (README, "Unicode"): no
 * control (but those in keep), format character or line/paragraph
 * separator, named by its code point; a name is not blank either. */
static int refused(const char *text, size_t n, const char *keep,
		   const char *what, char **err)
{
	unsigned cp;
	const char *why;

	if (utf8_refused(text, n, keep, &cp, &why) != (size_t)-1)
		return diag_fail(err, "%s cannot hold U+%04X, %s", what, cp, why);
	if (!*keep && strspn(text, " \t") == n)
		return diag_fail(err, "%s cannot be blank", what);
	return 0;
}

/* A learner's name is shown everywhere and typed on command lines. */
static int check_name(const char *name, char **err)
{
	size_t n = strlen(name);

	if (n == 0)
		return diag_fail(err, "a learner's name cannot be empty");
	if (n > STORE_MAX_NAME)
		return diag_fail(err, "a learner's name is at most %d bytes (this one "
				 "has %zu)",
			    STORE_MAX_NAME, n);
	if (!utf8_valid(name, n, NULL))
		return diag_fail(err, "a learner's name must be UTF-8 text");
	return refused(name, n, "", "a learner's name", err);
}

static int step_done(struct store *s, sqlite3_stmt *st, char **err,
		     const char *doing)
{
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (rc != SQLITE_DONE)
		return db_fail(s, err, doing);
	return 0;
}

int store_learner_add(struct store *s, const char *name, const char *now,
		      char **err)
{
	sqlite3_stmt *st;
	int64_t id;

	if (check_name(name, err))
		return -1;
	if (begin(s, err))
		return -1;
	if (store_learner_find(s, name, &id, NULL) == 0) {
		rollback(s);
		return diag_fail(err, "a learner named '%s' exists already", name);
	}
	st = prep(s, S_LEARNER_ADD);
	if (st) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	}
	if (step_done(s, st, err, "cannot add the learner"))
		return rollback(s);
	return commit(s, err);
}

int store_learner_remove(struct store *s, const char *name, char **err)
{
	sqlite3_stmt *st;

	if (begin(s, err))
		return -1;
	st = prep(s, S_LEARNER_REMOVE);
	if (st)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (step_done(s, st, err, "cannot remove the learner"))
		return rollback(s);
	if (sqlite3_changes(s->db) == 0) {
		rollback(s);
		return diag_fail(err, "no learner named '%s'", name);
	}
	return commit(s, err);
}

int store_learner_list(struct store *s, char ***names, size_t *n, char **err)
{
	sqlite3_stmt *st = prep(s, S_LEARNER_LIST);
	size_t cap = 0;
	int rc;

	*names = NULL;
	*n = 0;
	if (!st)
		return db_fail(s, err, "cannot list learners");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(names, &cap, *n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "cannot list learners");
	return 0;
}

int store_learner_find(struct store *s, const char *name, int64_t *id,
		       char **err)
{
	sqlite3_stmt *st = prep(s, S_LEARNER_FIND);
	int rc;

	if (!st)
		return db_fail(s, err, "cannot find the learner");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "cannot find the learner");
	return diag_fail(err, "no learner named '%s' (see 'selfgrade learner list')",
		    name);
}

/* Logs a change: old -> new_ of field; for a state, hash is the text it
 * confirms now and old_hash the one it confirmed before (NULL: none). */
/* The hash of the learner's newest event, into head (NULL: none yet). */
static int chain_head(struct store *s, int64_t learner, char head[65],
		      bool *has, char **err)
{
	sqlite3_stmt *st = prep(s, S_EVENT_HEAD);
	const unsigned char *h;
	int rc;

	*has = false;
	if (!st)
		return db_fail(s, err, "cannot read the event log");
	sqlite3_bind_int64(st, 1, learner);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (h = sqlite3_column_text(st, 0))) {
		snprintf(head, 65, "%s", (const char *)h);
		*has = true;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read the event log");
	return 0;
}

/* Appends an event to the learner's chain; batch and undoes are row ids
 * (0: none). */
static int append_event(struct store *s, int64_t learner, const char *id,
			const char *field, const char *old, const char *new_,
			const char *old_hash, const char *hash, const char *now,
			int64_t batch, int64_t undoes, char **err)
{
	struct digest_event de = {id, field, old, new_, old_hash, hash, now};
	char prev[65], self[65];
	bool has_prev;
	sqlite3_stmt *st;

	if (chain_head(s, learner, prev, &has_prev, err))
		return -1;
	digest_event(has_prev ? prev : NULL, &de, self);
	st = prep(s, S_EVENT_ADD);
	if (st) {
		sqlite3_bind_text(st, 11, has_prev ? prev : NULL, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 12, self, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, old, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, new_, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		if (batch)
			sqlite3_bind_int64(st, 8, batch);
		if (undoes)
			sqlite3_bind_int64(st, 9, undoes);
		sqlite3_bind_text(st, 10, old_hash, -1, SQLITE_STATIC);
	}
	return step_done(s, st, err, "cannot log the change");
}

/* Logs a change of the current write, which is one batch: its first event
 * is the batch the others name. */
static int add_event(struct store *s, int64_t learner, const char *id,
		     const char *field, const char *old, const char *new_,
		     const char *old_hash, const char *hash, const char *now,
		     char **err)
{
	if (append_event(s, learner, id, field, old, new_, old_hash, hash, now,
			 s->batch, s->undoes, err))
		return -1;
	if (!s->batch)
		s->batch = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* The state of id as stored: *had is false when there is none. kind and
 * hash, when not NULL, receive copies the caller frees. */
static int read_state(struct store *s, int64_t learner, const char *id,
		      bool *had, bool *done, char **hash, char **kind,
		      char **err)
{
	sqlite3_stmt *st = prep(s, S_STATE_GET);
	int rc;

	*had = *done = false;
	if (!st)
		return db_fail(s, err, "cannot read a state");
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*had = true;
		*done = sqlite3_column_int(st, 0) != 0;
		if (hash)
			*hash = xstrdup((const char *)sqlite3_column_text(st, 1));
		if (kind)
			*kind = xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read a state");
	return 0;
}

static int put_state(struct store *s, int64_t learner, const char *id,
		     const char *kind, bool done, const char *hash,
		     const char *now, char **err)
{
	sqlite3_stmt *st = prep(s, S_STATE_PUT);
	if (st) {
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, done);
		sqlite3_bind_text(st, 5, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	}
	return step_done(s, st, err, "cannot save a state");
}

/* One change inside the caller's transaction. */
static int apply_one(struct store *s, int64_t learner,
		     const struct store_change *c, const char *now,
		     size_t *changed, char **err)
{
	bool had, was, same_text;
	char *hash = NULL;
	int rc = 0;

	if (read_state(s, learner, c->id, &had, &was, &hash, NULL, err))
		return -1;
	same_text = hash && strcmp(hash, c->hash) == 0;
	/* Unchanged: the same state over the same text. Unticking a stale
	 * tick is a change too (it records the learner's decision). */
	if ((had && was == c->done && (same_text || !c->done)) ||
	    (!had && !c->done)) {
		free(hash);
		return 0;
	}
	if (put_state(s, learner, c->id, prog_kind_name(c->kind), c->done,
		      c->hash, now, err) ||
	    add_event(s, learner, c->id, "done", had ? (was ? "1" : "0") : NULL,
		      c->done ? "1" : "0", hash, c->hash, now, err))
		rc = -1;
	free(hash);
	if (rc == 0)
		(*changed)++;
	return rc;
}

static void change_add(struct store_changes *ch, const struct pack_entry *e,
		       enum prog_kind kind, bool done)
{
	xgrow(&ch->v, &ch->cap, ch->n + 1, sizeof *ch->v);
	ch->v[ch->n] = (struct store_change){.id = e->id, .kind = kind, .done = done};
	progress_text_hash(e, ch->v[ch->n].hash);
	ch->n++;
}

static void item_changes(struct store_changes *ch, const struct pack_item *it,
			 bool done)
{
	if (pack_item_is_leaf(it)) {
		struct pack_entry e = {.id = it->id, .kind = PACK_ITEM};
		e.u.item = it;
		change_add(ch, &e, PROG_ITEM, done);
		return;
	}
	for (size_t i = 0; i < it->n_items; i++)
		item_changes(ch, &it->items[i], done);
}

int store_changes_add(struct store_changes *ch, const struct pack_entry *e,
		      bool done)
{
	if (e->kind == PACK_ITEM)
		item_changes(ch, e->u.item, done);
	else if (e->kind == PACK_MISTAKE)
		change_add(ch, e, PROG_MISTAKE, done);
	else if (e->kind == PACK_CRITERION && e->u.criterion->attest)
		change_add(ch, e, PROG_CRITERION, done);
	else
		return -1;
	return 0;
}

void store_changes_free(struct store_changes *ch)
{
	free(ch->v);
	memset(ch, 0, sizeof *ch);
}

int store_apply(struct store *s, int64_t learner,
		const struct store_change *c, size_t n, const char *now,
		size_t *changed, char **err)
{
	size_t k = 0;

	if (begin(s, err))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (apply_one(s, learner, &c[i], now, &k, err))
			return rollback(s);
	if (commit(s, err))
		return -1;
	if (changed)
		*changed = k;
	return 0;
}

/* Sets id's note to text (NULL or "" deletes it) inside the caller's
 * transaction, logging the change; *changed says whether there was one. */
static int write_note(struct store *s, int64_t learner, const char *id,
		      const char *text, const char *now, bool *changed,
		      char **err)
{
	sqlite3_stmt *st = prep(s, S_NOTE_GET);
	char *old = NULL;
	bool set = text && *text;
	int rc;

	*changed = false;
	if (!st)
		return db_fail(s, err, "cannot read the note");
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		old = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read the note");
	if (old ? set && strcmp(old, text) == 0 : !set) {
		free(old);
		return 0;
	}
	st = prep(s, set ? S_NOTE_PUT : S_NOTE_DEL);
	if (st) {
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		if (set) {
			sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		}
	}
	rc = step_done(s, st, err, "cannot save the note");
	if (rc == 0)
		rc = add_event(s, learner, id, "note", old, set ? text : NULL,
			       NULL, NULL, now, err);
	free(old);
	*changed = rc == 0;
	return rc;
}

int store_set_note(struct store *s, int64_t learner, const char *id,
		   const char *text, const char *now, char **err)
{
	size_t n = strlen(text);
	bool changed;

	if (n > STORE_MAX_NOTE)
		return diag_fail(err, "a note is at most %d bytes (this one has %zu)",
			    STORE_MAX_NOTE, n);
	if (!utf8_valid(text, n, NULL))
		return diag_fail(err, "a note must be UTF-8 text");
	if (refused(text, n, "\n\t", "a note", err))
		return -1;
	if (begin(s, err))
		return -1;
	if (write_note(s, learner, id, text, now, &changed, err))
		return rollback(s);
	return commit(s, err);
}

struct logged {
	char *id, *field, *old, *old_hash, *hash;
};

/* Reverts one logged change, logging the reversal: a state is put back as
 * it was, over the text it confirmed then (a stale tick stays stale); one
 * that did not exist before is removed. Every reverted row logs one event,
 * a change or not, so that the batch is marked undone and the next undo
 * goes further back; *changed says whether something changed. */
static int revert(struct store *s, int64_t learner, const struct logged *e,
		  const char *now, bool *changed, char **err)
{
	bool had, was, restore;
	char *kind = NULL, *hash = NULL;
	const char *back;
	int rc;

	*changed = false;
	if (strcmp(e->field, "note") == 0) {
		if (write_note(s, learner, e->id, e->old, now, changed, err))
			return -1;
		return *changed ? 0
				: add_event(s, learner, e->id, "note", e->old,
					    e->old, NULL, NULL, now, err);
	}
	if (read_state(s, learner, e->id, &had, &was, &hash, &kind, err))
		return -1;
	restore = had && e->old;
	/* Events logged before old_hash existed: the hash of the change. */
	back = e->old_hash ? e->old_hash : e->hash ? e->hash : "";
	if (!had) {
		rc = 0; /* already as before the change: no state */
	} else if (!e->old) {
		sqlite3_stmt *st = prep(s, S_STATE_DEL);
		if (st) {
			sqlite3_bind_int64(st, 1, learner);
			sqlite3_bind_text(st, 2, e->id, -1, SQLITE_STATIC);
		}
		rc = step_done(s, st, err, "cannot remove a state");
		*changed = true;
	} else {
		rc = put_state(s, learner, e->id, kind, strcmp(e->old, "1") == 0,
			       back, now, err);
		*changed = was != (strcmp(e->old, "1") == 0) ||
			   strcmp(hash, back) != 0;
	}
	if (rc == 0)
		rc = add_event(s, learner, e->id, "done",
			       had ? (was ? "1" : "0") : NULL, restore ? e->old : NULL,
			       hash, restore ? back : NULL, now, err);
	free(kind);
	free(hash);
	return rc;
}

int store_undo(struct store *s, int64_t learner, const char *now,
	       struct store_undone *out, char **err)
{
	sqlite3_stmt *st;
	struct logged *ev = NULL;
	size_t n = 0, cap = 0;
	int64_t batch;
	int rc;

	memset(out, 0, sizeof *out);
	if (begin(s, err))
		return -1;
	st = prep(s, S_UNDO_LAST);
	if (!st)
		return db_fail(s, err, "cannot read the event log"), rollback(s);
	sqlite3_bind_int64(st, 1, learner);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			db_fail(s, err, "cannot read the event log");
		sqlite3_reset(st);
		rollback(s);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	batch = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* Read the batch whole before writing to the same table. */
	st = prep(s, S_UNDO_EVENTS);
	if (!st)
		return db_fail(s, err, "cannot read the event log"), rollback(s);
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_int64(st, 2, batch);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&ev, &cap, n + 1, sizeof *ev);
		ev[n++] = (struct logged){col_dup_or_null(st, 0),
					  col_dup_or_null(st, 1),
					  col_dup_or_null(st, 2),
					  col_dup_or_null(st, 3),
					  col_dup_or_null(st, 4)};
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? 0 : db_fail(s, err, "cannot read the event log");
	s->undoes = batch;
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool changed;
		rc = revert(s, learner, &ev[i], now, &changed, err);
		out->n += changed;
	}
	if (rc == 0 && n) {
		out->id = xstrdup(ev[n - 1].id);
		out->note = strcmp(ev[n - 1].field, "note") == 0;
	}
	for (size_t i = 0; i < n; i++) {
		free(ev[i].id);
		free(ev[i].field);
		free(ev[i].old);
		free(ev[i].old_hash);
		free(ev[i].hash);
	}
	free(ev);
	if (rc) {
		free(out->id);
		memset(out, 0, sizeof *out);
		return rollback(s);
	}
	return commit(s, err);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

/* A learner's states and notes, inside the caller's transaction. */
/* A state from columns i.. of a row: id, kind, done, hash, time. */
static void state_of_row(sqlite3_stmt *st, int i, struct progress *out,
			 size_t *cap)
{
	struct prog_state *ps;
	const char *kind = (const char *)sqlite3_column_text(st, i + 1);

	xgrow(&out->states, cap, out->n_states + 1, sizeof *out->states);
	ps = &out->states[out->n_states++];
	ps->id = col_dup(st, i);
	ps->kind = strcmp(kind, "mistake") == 0	    ? PROG_MISTAKE
		   : strcmp(kind, "criterion") == 0 ? PROG_CRITERION
						    : PROG_ITEM;
	ps->done = sqlite3_column_int(st, i + 2) != 0;
	ps->hash = col_dup(st, i + 3);
	ps->updated_at = col_dup(st, i + 4);
}

/* A note from columns i..: id, text, time. */
static void note_of_row(sqlite3_stmt *st, int i, struct progress *out,
			size_t *cap)
{
	struct prog_note *pn;

	xgrow(&out->notes, cap, out->n_notes + 1, sizeof *out->notes);
	pn = &out->notes[out->n_notes++];
	pn->id = col_dup(st, i);
	pn->text = col_dup(st, i + 1);
	pn->updated_at = col_dup(st, i + 2);
}

static int read_progress(struct store *s, int64_t learner,
			 struct progress *out, char **err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	st = prep(s, S_STATES);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		state_of_row(st, 0, out, &cap);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	cap = 0;
	st = prep(s, S_NOTES);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		note_of_row(st, 0, out, &cap);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	db_fail(s, err, "cannot read progress");
	progress_free(out);
	return -1;
}

int store_read_begin(struct store *s, char **err)
{
	if (exec(s, "BEGIN") != SQLITE_OK)
		return db_fail(s, err, "cannot read the database");
	return 0;
}

void store_read_end(struct store *s)
{
	exec(s, "COMMIT");
}

int store_progress(struct store *s, int64_t learner, struct progress *out,
		   char **err)
{
	/* One read transaction, so states and notes are one snapshot: the
	 * caller's, if it opened one (store_read_begin). */
	bool own = sqlite3_get_autocommit(s->db) != 0;

	if (own && exec(s, "BEGIN") != SQLITE_OK)
		return db_fail(s, err, "cannot read progress");
	if (read_progress(s, learner, out, err)) {
		if (own)
			exec(s, "ROLLBACK");
		return -1;
	}
	if (own)
		exec(s, "COMMIT");
	return 0;
}

int store_events(struct store *s, int64_t learner, struct prog_event **v,
		 size_t *n, char **err)
{
	sqlite3_stmt *st = prep(s, S_EVENTS);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return db_fail(s, err, "cannot read the event log");
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(v, &cap, *n + 1, sizeof **v);
		event_of_row(st, &(*v)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		prog_events_free(*v, *n);
		*v = NULL;
		*n = 0;
		return db_fail(s, err, "cannot read the event log");
	}
	return 0;
}

int store_learner_created(struct store *s, int64_t learner, char **at,
			  char **last, char **err)
{
	sqlite3_stmt *st = prep(s, S_LEARNER_CREATED);
	int rc;

	*at = *last = NULL;
	if (!st)
		return db_fail(s, err, "cannot read the learner");
	sqlite3_bind_int64(st, 1, learner);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*at = col_dup_or_null(st, 0);
		*last = col_dup_or_null(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "cannot read the learner");
	return 0;
}

/* An event's content, without its place in a chain: what makes two logs'
 * events the same event. */
static void content_digest(const struct prog_event *e, char out[65])
{
	struct digest_event de = {e->item_id, e->field, e->old, e->new_,
				  e->old_hash, e->text_hash, e->at};
	digest_event(NULL, &de, out);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_at_seq(const void *a, const void *b)
{
	const struct prog_event *x = *(const struct prog_event *const *)a;
	const struct prog_event *y = *(const struct prog_event *const *)b;
	int c = strcmp(x->at, y->at);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The kind of state id takes: the pack's word, else the file's, else the
 * database's, else an item. */
static const char *kind_for(const struct pack *p, const struct store_merge *m,
			    const struct progress *local, const char *id)
{
	const struct pack_entry *e = p ? pack_find(p, id) : NULL;
	const struct prog_state *ps;
	int k = e ? progress_kind_of(e) : -1;

	if (k >= 0)
		return prog_kind_name((enum prog_kind)k);
	for (size_t i = 0; i < m->n_kinds; i++)
		if (strcmp(m->kinds[i].id, id) == 0)
			return prog_kind_name(m->kinds[i].kind);
	if ((ps = progress_state(local, id)))
		return prog_kind_name(ps->kind);
	return "item";
}

/* States and notes rebuilt from the learner's whole log, so that they
 * always agree with it (the newest word on each id wins). */
static int rebuild(struct store *s, const struct pack *p,
		   const struct store_merge *m, int64_t learner, char **err)
{
	struct prog_event *ev;
	struct progress local, derived;
	size_t n;
	int rc = 0;

	if (store_events(s, learner, &ev, &n, err))
		return -1;
	if (read_progress(s, learner, &local, err)) {
		prog_events_free(ev, n);
		return -1;
	}
	progress_replay(ev, n, &derived);
	prog_events_free(ev, n);
	if (exec(s, "SAVEPOINT rebuild") != SQLITE_OK)
		rc = db_fail(s, err, "cannot rebuild progress");
	for (int k = 0; k < 2 && rc == 0; k++) {
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(s->db, k ? "DELETE FROM note WHERE learner_id = ?1"
					    : "DELETE FROM state WHERE learner_id = ?1",
				   -1, &st, NULL);
		if (st)
			sqlite3_bind_int64(st, 1, learner);
		rc = step_done(s, st, err, "cannot rebuild progress");
		sqlite3_finalize(st);
	}
	for (size_t i = 0; i < derived.n_states && rc == 0; i++) {
		const struct prog_state *ps = &derived.states[i];
		rc = put_state(s, learner, ps->id, kind_for(p, m, &local, ps->id),
			       ps->done, ps->hash, ps->updated_at, err);
	}
	for (size_t i = 0; i < derived.n_notes && rc == 0; i++) {
		sqlite3_stmt *st = prep(s, S_NOTE_PUT);
		if (st) {
			sqlite3_bind_int64(st, 1, learner);
			sqlite3_bind_text(st, 2, derived.notes[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, derived.notes[i].text, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, derived.notes[i].updated_at, -1,
					  SQLITE_STATIC);
		}
		rc = step_done(s, st, err, "cannot rebuild progress");
	}
	exec(s, rc == 0 ? "RELEASE rebuild" : "ROLLBACK TO rebuild");
	progress_free(&local);
	progress_free(&derived);
	return rc;
}

/* One learner of a merge, inside the caller's transaction. */
static int merge_one(struct store *s, const struct pack *p,
		     const struct store_merge *m, const char *now,
		     size_t *added, char **err)
{
	struct prog_event *local = NULL;
	const struct prog_event **in = NULL;
	char **seen = NULL, digest[65];
	long long *from = NULL, *to = NULL;
	size_t n_local = 0, n_seen = 0, n_map = 0, before = *added;
	int64_t learner;
	int rc = 0;

	if (store_learner_find(s, m->name, &learner, NULL) != 0) {
		sqlite3_stmt *st = prep(s, S_LEARNER_ADD);
		if (check_name(m->name, err))
			return -1;
		if (st) {
			sqlite3_bind_text(st, 1, m->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, m->created_at ? m->created_at : now,
					  -1, SQLITE_STATIC);
		}
		if (step_done(s, st, err, "cannot add the learner"))
			return -1;
		learner = sqlite3_last_insert_rowid(s->db);
	}
	if (store_events(s, learner, &local, &n_local, err))
		return -1;
	seen = xmalloc((n_local + m->n_events + 1) * sizeof *seen);
	for (size_t i = 0; i < n_local; i++) {
		content_digest(&local[i], digest);
		seen[n_seen++] = xstrdup(digest);
	}
	qsort(seen, n_seen, sizeof *seen, cmp_str);
	/* The file's events in time order, each one not already here appended
	 * to this database's chain; batches and undos mapped to the new rows. */
	in = xmalloc((m->n_events + 1) * sizeof *in);
	from = xmalloc((m->n_events + 1) * sizeof *from);
	to = xmalloc((m->n_events + 1) * sizeof *to);
	for (size_t i = 0; i < m->n_events; i++)
		in[i] = &m->events[i];
	qsort(in, m->n_events, sizeof *in, by_at_seq);
	for (size_t i = 0; i < m->n_events && rc == 0; i++) {
		const struct prog_event *e = in[i];
		int64_t batch = 0, undoes = 0;
		content_digest(e, digest);
		if (bsearch(&(const char *){digest}, seen, n_seen, sizeof *seen, cmp_str))
			continue;
		for (size_t k = 0; k < n_map; k++) {
			if (e->batch && from[k] == e->batch)
				batch = to[k];
			if (e->undoes && from[k] == e->undoes)
				undoes = to[k];
		}
		rc = append_event(s, learner, e->item_id, e->field, e->old, e->new_,
				  e->old_hash, e->text_hash, e->at, batch, undoes,
				  err);
		from[n_map] = e->seq;
		to[n_map++] = sqlite3_last_insert_rowid(s->db);
		(*added)++;
	}
	if (rc == 0 && *added > before)
		rc = rebuild(s, p, m, learner, err);
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	free(in);
	free(from);
	free(to);
	prog_events_free(local, n_local);
	return rc;
}

int store_merge(struct store *s, const struct pack *p,
		const struct store_merge *m, size_t n, const char *now,
		size_t *added, char **err)
{
	size_t k = 0;

	if (begin(s, err))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (merge_one(s, p, &m[i], now, &k, err))
			return rollback(s);
	if (commit(s, err))
		return -1;
	if (added)
		*added = k;
	return 0;
}

void store_cohort_free(struct store_learner *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].created_at);
		free(v[i].last_at);
		progress_free(&v[i].progress);
	}
	free(v);
}

static struct store_learner *by_row_id(struct store_learner *v, size_t n,
				       const int64_t *ids, int64_t id)
{
	/* ids[] is v's row ids in ascending order (see store_cohort). */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return &v[mid];
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct cohort_sort {
	int64_t id;
	size_t at;
};

static int by_id64(const void *a, const void *b)
{
	int64_t x = ((const struct cohort_sort *)a)->id, y = ((const struct cohort_sort *)b)->id;
	return (x > y) - (x < y);
}

int store_cohort(struct store *s, struct store_learner **out, size_t *n,
		 char **err)
{
	sqlite3_stmt *st;
	struct store_learner *v = NULL, *ordered;
	struct cohort_sort *idx;
	int64_t *ids;
	size_t cap = 0, k = 0, *scap, *ncap;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_read_begin(s, err))
		return -1;
	st = prep(s, S_COHORT_LEARNERS);
	if (!st)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&v, &cap, k + 1, sizeof *v);
		memset(&v[k], 0, sizeof v[k]);
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].name = col_dup(st, 1);
		v[k].created_at = col_dup(st, 2);
		v[k].last_at = col_dup_or_null(st, 3);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	/* States and notes come by row id: a lookup table from row id to
	 * learner, the learners staying in name order. */
	idx = xmalloc((k ? k : 1) * sizeof *idx);
	ids = xmalloc((k ? k : 1) * sizeof *ids);
	ordered = xmalloc((k ? k : 1) * sizeof *ordered);
	for (size_t i = 0; i < k; i++)
		idx[i] = (struct cohort_sort){v[i].id, i};
	qsort(idx, k, sizeof *idx, by_id64);
	for (size_t i = 0; i < k; i++) {
		ids[i] = idx[i].id;
		ordered[i] = v[idx[i].at];
	}
	scap = xcalloc(k ? k : 1, sizeof *scap);
	ncap = xcalloc(k ? k : 1, sizeof *ncap);
	st = prep(s, S_COHORT_STATES);
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_learner *l = by_row_id(ordered, k, ids, sqlite3_column_int64(st, 0));
		if (l)
			state_of_row(st, 1, &l->progress, &scap[l - ordered]);
	}
	if (st)
		sqlite3_reset(st);
	if (st && rc == SQLITE_DONE && (st = prep(s, S_COHORT_NOTES))) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct store_learner *l =
				by_row_id(ordered, k, ids, sqlite3_column_int64(st, 0));
			if (l)
				note_of_row(st, 1, &l->progress, &ncap[l - ordered]);
		}
		sqlite3_reset(st);
	}
	/* Back to name order, progress and all. */
	for (size_t i = 0; i < k; i++)
		v[idx[i].at] = ordered[i];
	free(idx);
	free(ids);
	free(ordered);
	free(scap);
	free(ncap);
	store_read_end(s);
	if (!st || rc != SQLITE_DONE) {
		store_cohort_free(v, k);
		return db_fail(s, err, "cannot read the learners' progress");
	}
	*out = v;
	*n = k;
	return 0;
fail:
	db_fail(s, err, "cannot read the learners");
	store_read_end(s);
	store_cohort_free(v, k);
	return -1;
}

/* ---- study mode ----------------------------------------------------------- */

void store_study_free(struct store_study *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].card_id);
	free(v);
}

int store_study_states(struct store *s, int64_t learner,
		       struct store_study **v, size_t *n, char **err)
{
	sqlite3_stmt *st = prep(s, S_STUDY_STATES);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return db_fail(s, err, "cannot read the study schedule");
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_study *c;
		xgrow(v, &cap, *n + 1, sizeof **v);
		c = &(*v)[(*n)++];
		c->card_id = col_dup(st, 0);
		c->state.ease = sqlite3_column_double(st, 1);
		c->state.interval_days = sqlite3_column_double(st, 2);
		c->state.reps = sqlite3_column_int(st, 3);
		c->state.lapses = sqlite3_column_int(st, 4);
		c->state.due = study_time_parse((const char *)sqlite3_column_text(st, 5));
		c->state.introduced = study_time_parse((const char *)sqlite3_column_text(st, 6));
		c->state.last = study_time_parse((const char *)sqlite3_column_text(st, 7));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_study_free(*v, *n);
		*v = NULL;
		*n = 0;
		return db_fail(s, err, "cannot read the study schedule");
	}
	return 0;
}

int store_session_begin(struct store *s, int64_t learner, const char *now,
			int64_t *session, char **err)
{
	sqlite3_stmt *st;

	if (begin(s, err))
		return -1;
	st = prep(s, S_SESSION_BEGIN);
	if (st) {
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	}
	if (step_done(s, st, err, "cannot start a study session"))
		return rollback(s);
	*session = sqlite3_last_insert_rowid(s->db);
	return commit(s, err);
}

int store_study_answer(struct store *s, int64_t learner, int64_t session,
		       const char *card_id, const struct study_state *state,
		       bool first_try_right, const char *now, char **err)
{
	char due[32], intro[32], last[32];
	sqlite3_stmt *st;

	study_time_iso(state->due, due);
	study_time_iso(state->introduced, intro);
	study_time_iso(state->last, last);
	if (begin(s, err))
		return -1;
	st = prep(s, S_STUDY_PUT);
	if (st) {
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, card_id, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, state->ease);
		sqlite3_bind_double(st, 4, state->interval_days);
		sqlite3_bind_int(st, 5, state->reps);
		sqlite3_bind_int(st, 6, state->lapses);
		sqlite3_bind_text(st, 7, due, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, intro, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, last, -1, SQLITE_STATIC);
	}
	if (step_done(s, st, err, "cannot save the answer"))
		return rollback(s);
	if (session) {
		st = prep(s, S_SESSION_COUNT);
		if (st) {
			sqlite3_bind_int64(st, 1, session);
			sqlite3_bind_int(st, 2, first_try_right);
			sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		}
		if (step_done(s, st, err, "cannot save the session"))
			return rollback(s);
	}
	return commit(s, err);
}

int store_sessions(struct store *s, int64_t learner,
		   struct store_session **v, size_t *n, char **err)
{
	sqlite3_stmt *st = prep(s, S_SESSIONS);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!st)
		return db_fail(s, err, "cannot read the study sessions");
	sqlite3_bind_int64(st, 1, learner);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_session *x;
		xgrow(v, &cap, *n + 1, sizeof **v);
		x = &(*v)[(*n)++];
		x->started_at = col_dup(st, 0);
		x->ended_at = col_dup(st, 1);
		x->cards = sqlite3_column_int(st, 2);
		x->first_try = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_sessions_free(*v, *n);
		*v = NULL;
		*n = 0;
		return db_fail(s, err, "cannot read the study sessions");
	}
	return 0;
}

void store_sessions_free(struct store_session *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].started_at);
		free(v[i].ended_at);
	}
	free(v);
}

/* ---- drafts (migration 007) ------------------------------------------------ */

int store_draft_put(struct store *s, int64_t learner, const char *kind,
		    const char *target, const char *text, const char *now,
		    char **err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (begin(s, err))
		return -1;
	if (*text)
		rc = sqlite3_prepare_v2(
			s->db,
			"INSERT INTO draft (learner_id, kind, target, text, "
			"updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT "
			"(learner_id, kind, target) DO UPDATE SET text = ?4, "
			"updated_at = ?5",
			-1, &st, NULL);
	else
		rc = sqlite3_prepare_v2(s->db,
					"DELETE FROM draft WHERE learner_id = ?1 "
					"AND kind = ?2 AND target = ?3",
					-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, learner);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, target, -1, SQLITE_STATIC);
		if (*text) {
			sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		}
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	if (rc != SQLITE_OK) {
		db_fail(s, err, "cannot keep the draft");
		sqlite3_finalize(st);
		return rollback(s);
	}
	sqlite3_finalize(st);
	return commit(s, err);
}

int store_draft_get(struct store *s, int64_t learner, const char *kind,
		    const char *target, char **text, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*text = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT text FROM draft WHERE learner_id = ?1 AND "
			       "kind = ?2 AND target = ?3",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, err, "cannot read the draft");
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, target, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*text = col_dup_or_null(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "cannot read the draft");
	return 0;
}
