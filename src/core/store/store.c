/* SPDX-License-Identifier: MIT */
/* The progress store: opening, migrations, the statement table and
 * transactions. Learners, the event log, the merge of imports and study
 * have files of their own (store_*.c), over store_impl.h. */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
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
#include "selfgrade/evidence.h"
#include "selfgrade/digest.h"
#include "selfgrade/study.h"
#include "selfgrade/diag.h"
#include "selfgrade/name.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

#define BUSY_TIMEOUT_MS 10000

static const char *const stmt_sql[S_COUNT] = {
	[S_LEARNER_ADD] = "INSERT INTO learner (name, created_at, uid) VALUES (?1, ?2, ?3)",
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
	/* The last activity: the learner's own last change or study
	 * (progress.h, PROG_OWN_FIELDS), never an import or a review. */
	[S_COHORT_LEARNERS] = "SELECT id, name, created_at, nullif(max(coalesce((SELECT "
			      "max(at) FROM event WHERE learner_id = learner.id AND field IN ("
			      PROG_OWN_FIELDS_SQL ")), ''), coalesce((SELECT max(ended_at) "
			      "FROM study_session WHERE learner_id = learner.id), '')), '') "
			      "FROM learner ORDER BY name",
	[S_COHORT_STATES] = "SELECT learner_id, item_id, kind, done, text_hash, "
			    "updated_at FROM state ORDER BY learner_id, item_id",
	[S_COHORT_NOTES] = "SELECT learner_id, item_id, text, updated_at FROM note "
			   "ORDER BY learner_id, item_id",
	[S_LEARNER_LMS] = "SELECT canvas_id, login FROM learner WHERE id = ?1",
	[S_LEARNER_SOURCE_GET] = "SELECT source FROM learner WHERE id = ?1",
	[S_LEARNER_SOURCE_PUT] = "UPDATE learner SET source = ?2 WHERE id = ?1",
	[S_LEARNER_LMS_PUT] = "UPDATE learner SET canvas_id = ?2, login = ?3 WHERE id = ?1",
	[S_LEARNER_RENAME] = "UPDATE learner SET name = ?2 WHERE id = ?1",
	[S_LEARNER_UID_PUT] = "UPDATE learner SET uid = ?2 WHERE id = ?1",
	[S_KEY_CHANGE_ADD] = "INSERT INTO key_change (learner_id, old_uid, old_key, new_uid, "
			     "new_key, file, at, after_event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			     "?7, (SELECT coalesce(max(id), 0) FROM event WHERE learner_id = ?1))",
	[S_KEY_CHANGE_LAST] = "SELECT after_event FROM key_change WHERE learner_id = ?1 "
			      "ORDER BY id DESC LIMIT 1",
	[S_GRADEBOOK_ALL] = "SELECT id, name, email, id_number, section, canvas_id, login "
			    "FROM learner ORDER BY name",
	[S_GRADEBOOK_PUT] = "UPDATE learner SET email = ?2, id_number = ?3, section = ?4, "
			    "canvas_id = ?5, login = ?6 WHERE id = ?1",
	[S_LEARNER_CREATED] = "SELECT created_at, nullif(max(coalesce((SELECT max(at) "
			      "FROM event WHERE learner_id = ?1 AND field IN ("
			      PROG_OWN_FIELDS_SQL ")), ''), coalesce((SELECT max(ended_at) "
			      "FROM study_session WHERE learner_id = ?1), '')), '') "
			      "FROM learner WHERE id = ?1",
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
			    "ended_at, uid) VALUES (?1, ?2, ?2, ?3)",
	[S_SESSION_COUNT] = "UPDATE study_session SET cards = cards + 1, "
			    "first_try = first_try + ?2, ended_at = ?3 "
			    "WHERE id = ?1",
	[S_SESSIONS] = "SELECT started_at, ended_at, cards, first_try, uid FROM "
		       "study_session WHERE learner_id = ?1 ORDER BY started_at, uid",
	/* Every done/note event's batch and the batch it reverts, for
	 * progress_steps(). */
	[S_UNDO_STEPS] = "SELECT COALESCE(batch, id), COALESCE(undoes, 0) FROM event "
			 "WHERE learner_id = ?1 AND field IN ('done', 'note', 'dispute') "
			 "ORDER BY id",
	[S_UNDO_EVENTS] = "SELECT item_id, field, old, old_hash, text_hash, new "
			  "FROM event WHERE learner_id = ?1 AND "
			  "(id = ?2 OR batch = ?2) ORDER BY id DESC",
	[S_STATES] = "SELECT item_id, kind, done, text_hash, updated_at FROM state "
		     "WHERE learner_id = ?1 ORDER BY item_id",
	[S_NOTES] = "SELECT item_id, text, updated_at FROM note "
		    "WHERE learner_id = ?1 ORDER BY item_id",
	[S_LEARNER_BY_UID] = "SELECT id FROM learner WHERE uid = ?1",
	[S_LEARNER_INFO] = "SELECT l.uid, l.name, l.created_at, l.email, l.id_number, "
			   "l.section, k.public, k.secret FROM learner AS l "
			   "LEFT JOIN learner_key AS k ON k.learner_id = l.id "
			   "WHERE l.id = ?1",
	[S_LEARNER_SET] = "UPDATE learner SET email = ?2, id_number = ?3, "
			  "section = ?4 WHERE id = ?1",
	[S_KEY_GET] = "SELECT public, secret FROM learner_key WHERE learner_id = ?1",
	[S_KEY_PUT] = "INSERT INTO learner_key (learner_id, public, secret, since) "
		      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (learner_id) DO UPDATE "
		      "SET public = ?2, secret = ?3, since = ?4",
	[S_OWN_KEY_GET] = "SELECT public, secret FROM own_key WHERE id = 1",
	[S_OWN_KEY_PUT] = "INSERT INTO own_key (id, public, secret) VALUES (1, ?1, ?2)",
	[S_REVIEW_ADD] = "INSERT INTO study_review (learner_id, uid, card_id, grade, "
			 "first_try, session_uid, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
			 "ON CONFLICT (learner_id, uid) DO NOTHING",
	[S_SESSION_UID] = "SELECT uid FROM study_session WHERE id = ?1",
	[S_REVIEW_EVENTS] = "SELECT id, item_id, field, old, new, old_hash, text_hash, "
			    "at, batch, undoes, prev, hash FROM event WHERE learner_id = ?1 "
			    "AND field = 'review' ORDER BY id",
	[S_REVIEWS] = "SELECT uid, card_id, grade, first_try, session_uid, at FROM "
		      "study_review WHERE learner_id = ?1 ORDER BY at, uid",
	[S_CARD_REVIEWS] = "SELECT grade, at FROM study_review WHERE learner_id = ?1 "
			   "AND card_id = ?2 ORDER BY at, uid",
	[S_SESSION_MERGE] = "INSERT INTO study_session (learner_id, uid, started_at, "
			    "ended_at, cards, first_try) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
			    "ON CONFLICT (learner_id, uid) DO UPDATE SET "
			    "ended_at = max(coalesce(ended_at, ?4), ?4), "
			    "cards = max(cards, ?5), first_try = max(first_try, ?6) "
			    /* a session known as it is is no change */
			    "WHERE coalesce(ended_at, '') < ?4 OR cards < ?5 OR "
			    "first_try < ?6",
	[S_SESSION_BY_START] = "SELECT uid FROM study_session WHERE learner_id = ?1 "
			       "AND started_at = ?2 ORDER BY uid LIMIT 1",
	/* Each id's last event of each field: what the log leads to (see
	 * progress_replay()). */
	[S_LAST_WORDS] = "SELECT id, item_id, field, old, new, old_hash, text_hash, "
			 "at, batch, undoes, prev, hash FROM event WHERE id IN "
			 "(SELECT max(id) FROM event WHERE learner_id = ?1 "
			 "GROUP BY item_id, field) ORDER BY id",
	[S_SESSIONS_FULL] = "SELECT uid, started_at, ended_at, cards, first_try FROM "
			    "study_session WHERE learner_id = ?1 ORDER BY started_at, uid",
	[S_EVIDENCE_EVENTS] = "SELECT id, item_id, field, old, new, old_hash, text_hash, "
			      "at, batch, undoes, prev, hash FROM event WHERE "
			      "learner_id = ?1 AND field IN ('evidence', 'dispute') "
			      "ORDER BY id",
	/* An entry's disputes, newest first (field IN as the index has it). */
	[S_DISPUTES_OF] = "SELECT id, item_id, field, old, new, old_hash, text_hash, "
			  "at, batch, undoes, prev, hash FROM event WHERE "
			  "learner_id = ?1 AND field IN ('evidence', 'dispute') "
			  "AND item_id = ?2 ORDER BY id DESC",
	[S_REVIEWER_GET] = "SELECT reviewer FROM learner WHERE id = ?1",
	[S_REVIEWER_PUT] = "UPDATE learner SET reviewer = ?2 WHERE id = ?1",
	[S_DRAFT_PUT] = "INSERT INTO draft (learner_id, kind, target, text, updated_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (learner_id, kind, target) "
			"DO UPDATE SET text = ?4, updated_at = ?5",
	[S_DRAFT_DEL] = "DELETE FROM draft WHERE learner_id = ?1 AND kind = ?2 AND "
			"target = ?3",
	[S_DRAFT_GET] = "SELECT text FROM draft WHERE learner_id = ?1 AND kind = ?2 "
			"AND target = ?3",
	[S_SEEN_GET] = "SELECT 1 FROM seen WHERE learner_id = ?1 AND what = ?2",
	[S_SEEN_PUT] = "INSERT OR IGNORE INTO seen (learner_id, what, at) "
		       "VALUES (?1, ?2, ?3)",
	[S_PROBE_DIR_GET] = "SELECT dir FROM probe_dir WHERE learner_id = ?1",
	[S_PROBE_DIR_PUT] = "INSERT INTO probe_dir (learner_id, dir, updated_at) "
			    "VALUES (?1, ?2, ?3) ON CONFLICT (learner_id) DO "
			    "UPDATE SET dir = ?2, updated_at = ?3",
	[S_PROBE_LIVE_GET] = "SELECT source, url FROM probe_live WHERE "
			     "learner_id = ?1",
	[S_PROBE_LIVE_DEL] = "DELETE FROM probe_live WHERE learner_id = ?1",
	[S_PROBE_LIVE_PUT] = "INSERT INTO probe_live (learner_id, source, url, "
			     "updated_at) VALUES (?1, ?2, ?3, ?4)",
	[S_BEGIN] = "BEGIN",
	[S_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
};



/* SQLite's word for what went wrong, in terms a user can act on. */
int store_fail(struct store *s, char **err, const char *doing)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	const char *why = sqlite3_errmsg(s->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		why = _("the database is locked by another program; try again");
	else if (code == SQLITE_READONLY)
		why = _("the database is read-only");
	else if (code == SQLITE_NOTADB)
		why = _("not a SQLite database");
	else if (code == SQLITE_FULL || sqlite3_system_errno(s->db) == ENOSPC)
		why = _("the disk is full");
	return diag_fail(err, "%s: %s: %s", s->path, doing, why);
}

sqlite3_stmt *store_stmt(struct store *s, enum stmt k)
{
	if (!s->stmt[k] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT,
			       &s->stmt[k], NULL) != SQLITE_OK)
		return NULL;
	sqlite3_reset(s->stmt[k]);
	sqlite3_clear_bindings(s->stmt[k]);
	return s->stmt[k];
}

/* The transaction verbs from their prepared statements: a report opens a
 * read for each learner, and preparing "BEGIN" each time cost more than
 * reading the learner's states. */
int store_exec(struct store *s, const char *sql)
{
	for (enum stmt k = S_BEGIN; k <= S_ROLLBACK; k++) {
		sqlite3_stmt *st;
		int rc;
		if (strcmp(sql, stmt_sql[k]) != 0)
			continue;
		if (!(st = store_stmt(s, k)))
			break;
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

int store_begin(struct store *s, char **err)
{
	if (store_exec(s, "BEGIN IMMEDIATE") != SQLITE_OK)
		return store_fail(s, err, _("cannot start a write"));
	s->batch = s->undoes = 0;
	return 0;
}

int store_commit(struct store *s, char **err)
{
	if (store_exec(s, "COMMIT") != SQLITE_OK) {
		store_fail(s, err, _("cannot commit"));
		store_exec(s, "ROLLBACK");
		return -1;
	}
	s->wrote = true;
	return 0;
}

int store_rollback(struct store *s)
{
	store_exec(s, "ROLLBACK");
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
		return store_fail(s, err, _("cannot read the database"));
	/* Kept: the read-only open and the migrations need it next. (One
	 * statement over pragma_application_id and pragma_user_version took
	 * the file's lock once instead of three times but cost more
	 * instructions to prepare than the locks took.) */
	s->version = version;
	if (app != STORE_APPLICATION_ID && (app != 0 || tables != 0))
		return diag_fail(err, _("%s: not a selfgrade database (it belongs to "
				 "another program); left untouched"),
			    s->path);
	/* No selfgrade writes a version below 0: another program's, or a
	 * damaged header (the migrations would run over its tables). */
	if (version < 0)
		return diag_fail(err, _("%s: not a selfgrade database, or damaged "
				 "(schema version %d); left untouched"),
			    s->path, version);
	if (version > n_migrations)
		return diag_fail(err, _("%s: made by a newer selfgrade (schema %d; this "
				 "one knows up to %d); left untouched"),
			    s->path, version, n_migrations);
	return 0;
}

char *store_col_dup_or_null(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

/* One event row of S_EVENTS (or the same columns) as a prog_event. */
char *store_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

void store_event_of_row(sqlite3_stmt *st, struct prog_event *e)
{
	e->seq = sqlite3_column_int64(st, 0);
	/* Each column's text stays valid while the others are read. */
	e->item_id = (char *)sqlite3_column_text(st, 1);
	e->field = (char *)sqlite3_column_text(st, 2);
	e->old = (char *)sqlite3_column_text(st, 3);
	e->new_ = (char *)sqlite3_column_text(st, 4);
	e->old_hash = (char *)sqlite3_column_text(st, 5);
	e->text_hash = (char *)sqlite3_column_text(st, 6);
	e->at = (char *)sqlite3_column_text(st, 7);
	e->batch = sqlite3_column_int64(st, 8);
	e->undoes = sqlite3_column_int64(st, 9);
	e->prev = (char *)sqlite3_column_text(st, 10);
	e->hash = (char *)sqlite3_column_text(st, 11);
	prog_event_own(e);
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
		int64_t who = sqlite3_column_int64(st, 12);
		char self[65];
		store_event_of_row(st, &e);
		if (who != learner) {
			learner = who;
			prev[0] = '\0';
		}
		progress_event_hash(prev[0] ? prev : NULL, &e, self);
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

/* Migrations that need C code after their SQL, in the same transaction:
 * one entry each. */
static const struct {
	int version;
	int (*hook)(struct store *s);
} hooks[] = {
	{4, chain_old_rows}, /* the hash chain: rows already there chained */
};

static int hook_for(int version, struct store *s)
{
	for (size_t i = 0; i < sizeof hooks / sizeof *hooks; i++)
		if (hooks[i].version == version)
			return hooks[i].hook(s);
	return 0;
}

static int migrate(struct store *s, char **err)
{
	int version = s->version; /* as check_identity() read it */

	if (version == n_migrations)
		return 0;
	if (sqlite3_db_readonly(s->db, "main") == 1)
		return diag_fail(err, _("%s: the database is read-only and needs an "
				 "upgrade to schema %d"),
			    s->path, n_migrations);
	/* Each step in its own transaction, user_version set last; the version
	 * is read again inside it, as another process may have migrated. */
	for (int i = 0; i < n_migrations; i++) {
		const struct migration *m = &migrations[i];
		char *sql;
		if (store_begin(s, err))
			return -1;
		if (pragma_int(s, "PRAGMA user_version", &version) != SQLITE_OK)
			return store_fail(s, err, _("cannot migrate")), store_rollback(s);
		if (version >= m->version) {
			store_exec(s, "COMMIT");
			continue;
		}
		if (store_exec(s, m->sql) != SQLITE_OK || hook_for(m->version, s) != 0) {
			diag_fail(err, _("%s: migration %s failed: %s"), s->path, m->name,
			     sqlite3_errmsg(s->db));
			return store_rollback(s);
		}
		sql = xasprintf("PRAGMA application_id = %d; PRAGMA user_version = %d",
				STORE_APPLICATION_ID, m->version);
		int rc = store_exec(s, sql);
		free(sql);
		if (rc != SQLITE_OK)
			return store_fail(s, err, _("cannot migrate")), store_rollback(s);
		if (store_commit(s, err))
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

/* selfgrade uses SQLite from one thread: without its global mutexes and
 * its count of memory in use, every allocation SQLite makes is cheaper.
 * This must come before SQLite starts (after it, sqlite3_config returns
 * SQLITE_MISUSE and changes nothing). */
static void sqlite_setup(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
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
		return diag_fail(err, _("%s: is a symbolic link; give the path of the "
				 "database itself"),
			    path);
	if (exists && !S_ISREG(st.st_mode))
		return diag_fail(err, _("%s: not a regular file"), path);
	if (!exists && readonly)
		return diag_fail(err, _("%s: no progress recorded yet (add a learner "
				 "first)"),
			    path);
	if (!exists && mkdirs(path, made, &n_made) != 0) {
		diag_fail(err, _("%s: cannot create its folder: %s"), path,
			  strerror(errno));
		unmake(path, false, made, n_made);
		return -1;
	}
	real = resolve(path);
	if (!real) {
		diag_fail(err, _("%s: cannot open its folder: %s"), path, strerror(errno));
		unmake(path, false, made, n_made);
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->readonly = readonly;
	/* The file, and the -wal and -shm files SQLite makes beside it with
	 * the same mode, are the learner's alone. */
	sqlite_setup();
	old = umask(077);
	if (!exists && !readonly) {
		/* Made here, exclusively, so that this open knows the file is
		 * its own (store_close_unused() may remove it): a file another
		 * program made meanwhile is opened as it is. */
		int fd = open(real, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			      0600);
		s->created = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	/* A store is used by one thread: SQLite's own locking of each call
	 * (serialized mode) cost a cohort export a tenth of its time. */
	rc = sqlite3_open_v2(real, &s->db,
			     (readonly ? SQLITE_OPEN_READONLY
				       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
				     SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
			     NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		diag_fail(err, _("%s: cannot open: %s"), path,
		     s->db ? sqlite3_errmsg(s->db) : _("out of memory"));
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (check_identity(s, err) != 0)
		goto fail;
	if (store_exec(s, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    store_exec(s, "PRAGMA synchronous = FULL") != SQLITE_OK ||

	    /* A rollback journal, not WAL: reading then needs no -wal or
	     * -shm file, so a read-only open works in a read-only folder,
	     * on a read-only file and on a full disk, and leaves nothing
	     * behind (doc/design.md, "Read-only commands"). A database an older
	     * selfgrade left in WAL mode is switched back once. */
	    (sqlite3_db_readonly(s->db, "main") != 1 &&
	     store_exec(s, "PRAGMA journal_mode = DELETE") != SQLITE_OK)) {
		store_fail(s, err, _("cannot set up the database"));
		goto fail;
	}
	if (!readonly && migrate(s, err) != 0)
		goto fail;
	s->real = real;
	memcpy(s->made, made, sizeof made);
	s->n_made = n_made;
	s->wrote = false; /* the migrations' commits made it, nothing more */
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
	if (open_at(path, true, out, err) != 0)
		return -1;
	/* An older schema needs writing once: then the read-write open. */
	if ((*out)->version == n_migrations)
		return 0;
	store_close(*out);
	return open_at(path, false, out, err);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->names)
		s->names_free(s->names);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	for (int i = 0; i < s->n_made; i++)
		free(s->made[i]);
	free(s->real);
	free(s->path);
	free(s->notices);
	free(s);
}

void store_close_unused(struct store *s)
{
	int learners = -1;

	if (!s)
		return;
	/* Only a file this open made, with nothing committed through it and
	 * no learner in it (another program may have opened it meanwhile and
	 * added one): then it holds nothing anybody wrote. */
	if (s->created && !s->wrote &&
	    pragma_int(s, "SELECT count(*) FROM learner", &learners) == SQLITE_OK &&
	    learners == 0) {
		char *real = s->real;
		char *made[32];
		int n_made = s->n_made;
		memcpy(made, s->made, sizeof made);
		s->real = NULL;
		s->n_made = 0;
		store_close(s);
		unmake(real, true, made, n_made);
		free(real);
		return;
	}
	store_close(s);
}

int store_data_version(struct store *s, int *out)
{
	return pragma_int(s, "PRAGMA data_version", out) == SQLITE_OK ? 0 : -1;
}

const char *store_path(const struct store *s)
{
	return s->path;
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

/* FreeBSD pkg's typed binding: one character of types a parameter, in
 * order from ?1: 'I' an int64_t, 'i' an int (or a bool), 'T' a text that
 * outlives the statement's step, 't' one copied now; a NULL text binds
 * NULL. st NULL stays NULL, for store_step_done() to report. */
static sqlite3_stmt *bind_v(sqlite3_stmt *st, const char *types, va_list ap)
{
	for (int i = 0; st && types[i]; i++) {
		switch (types[i]) {
		case 'I':
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
			break;
		case 'i':
			sqlite3_bind_int(st, i + 1, va_arg(ap, int));
			break;
		case 'T':
		case 't':
			sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1,
					  types[i] == 'T' ? SQLITE_STATIC : SQLITE_TRANSIENT);
			break;
		default:
			abort(); /* a types string of the program's own */
		}
	}
	return st;
}

sqlite3_stmt *store_bind(sqlite3_stmt *st, const char *types, ...)
{
	va_list ap;

	va_start(ap, types);
	st = bind_v(st, types, ap);
	va_end(ap);
	return st;
}

sqlite3_stmt *store_bound(struct store *s, enum stmt k, const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, types);
	st = bind_v(store_stmt(s, k), types, ap);
	va_end(ap);
	return st;
}

int store_step_done(struct store *s, sqlite3_stmt *st, char **err,
		     const char *doing)
{
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (rc != SQLITE_DONE)
		return store_fail(s, err, doing);
	return 0;
}

int store_row(struct store *s, sqlite3_stmt *st, char **err, const char *doing,
	      const char *types, ...)
{
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	va_list ap;

	if (rc == SQLITE_ROW) {
		va_start(ap, types);
		for (int i = 0; types[i]; i++) {
			void *to = va_arg(ap, void *);
			if (!to)
				continue;
			switch (types[i]) {
			case 'T':
				*(char **)to = store_col_dup_or_null(st, i);
				break;
			case 'h': {
				const unsigned char *t = sqlite3_column_text(st, i);
				snprintf(to, 65, "%s", t ? (const char *)t : "");
				break;
			}
			case 'I':
				*(int64_t *)to = sqlite3_column_int64(st, i);
				break;
			case 'b':
				*(bool *)to = sqlite3_column_int(st, i) != 0;
				break;
			}
		}
		va_end(ap);
	}
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, err, doing);
	return rc == SQLITE_ROW;
}
