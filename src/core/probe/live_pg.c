/* SPDX-License-Identifier: MIT */
/* The live PostgreSQL: wal_level, the outbox table's columns and the
 * connector's replication slot, read with libpq loaded on demand. The
 * session is read only (default_transaction_read_only) and every
 * statement bounded (statement_timeout), so no check can write or hang. */
#define _GNU_SOURCE
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_int.h"
#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

#define PQ(X)                                                                  \
	X(PGconn *, connect, "PQconnectdbParams",                              \
	  (const char *const *, const char *const *, int))                     \
	X(ConnStatusType, status, "PQstatus", (const PGconn *))                \
	X(char *, error, "PQerrorMessage", (const PGconn *))                   \
	X(void, finish, "PQfinish", (PGconn *))                                \
	X(PGresult *, exec, "PQexecParams",                                    \
	  (PGconn *, const char *, int, const Oid *, const char *const *,      \
	   const int *, const int *, int))                                     \
	X(ExecStatusType, rstatus, "PQresultStatus", (const PGresult *))       \
	X(char *, rerror, "PQresultErrorMessage", (const PGresult *))          \
	X(int, ntuples, "PQntuples", (const PGresult *))                       \
	X(char *, value, "PQgetvalue", (const PGresult *, int, int))           \
	X(int, isnull, "PQgetisnull", (const PGresult *, int, int))            \
	X(void, clear, "PQclear", (PGresult *))
static struct {
	PQ(DYNLIB_FIELD)
} pq;
static const char *const pq_symbols[] = {PQ(DYNLIB_SYMBOL) NULL};
static struct dynlib libpq = DYNLIB(pq, pq_symbols, "libpq.so.5");

static bool load(char **why)
{
	return live_load(&libpq, "libpq5", why);
}

static struct timespec deadline; /* of the source: 5 s in all */

/* One parameter at most; NULL with *why on an error. Each statement gets
 * what is left of the source's time (statement_timeout, set in the same
 * round trip's session), so three of them still end within it. */
static PGresult *query(PGconn *db, const char *sql, const char *param,
                       char **why)
{
	const char *params[1] = {param};
	char ms[24];
	long left = (long)(live_left(&deadline) * 1000);
	if (left <= 0) {
		*why = xstrdup("timed out");
		return NULL;
	}
	snprintf(ms, sizeof ms, "%ld", left);
	const char *p2[1] = {ms};
	PGresult *t = pq.exec(db,
	                      "SELECT set_config('statement_timeout', $1, false)",
	                      1, NULL, p2, NULL, NULL, 0);
	if (pq.rstatus(t) != PGRES_TUPLES_OK) {
		*why = xstrdup(pq.rerror(t));
		pq.clear(t);
		return NULL;
	}
	pq.clear(t);
	PGresult *r = pq.exec(db, sql, param ? 1 : 0, NULL, params, NULL,
	                      NULL, 0);
	if (pq.rstatus(r) != PGRES_TUPLES_OK) {
		*why = xstrdup(pq.rerror(r));
		pq.clear(r);
		return NULL;
	}
	return r;
}

static const char *slot_of(const struct live_ctx *c)
{
	for (size_t i = 0; i < c->n_conns; i++)
		if (c->conns[i].pg && c->conns[i].slot)
			return c->conns[i].slot;
	return "debezium"; /* Debezium's default slot.name */
}

static void wal_level(struct live_ctx *c, PGconn *db, char **why)
{
	PGresult *r = query(db, "SHOW wal_level", NULL, why);
	if (!r)
		return;
	const char *v = pq.ntuples(r) ? pq.value(r, 0, 0) : "";
	live_add(c, LC_WAL_LEVEL,
	         strcmp(v, "logical") == 0 ? PROBE_VERIFIED : PROBE_CONTRADICTED,
	         "pg:wal_level", "wal_level = %s", v);
	pq.clear(r);
}

static void outbox(struct live_ctx *c, PGconn *db, char **why)
{
	const char *t = live_outbox_name(c, true);
	PGresult *r = query(
	    db,
	    "SELECT column_name::text, data_type::text FROM "
	    "information_schema.columns WHERE table_name = $1 AND "
	    "table_schema NOT IN ('pg_catalog', 'information_schema') AND "
	    "table_schema = (SELECT min(table_schema) FROM "
	    "information_schema.columns WHERE table_name = $1 AND table_schema "
	    "NOT IN ('pg_catalog', 'information_schema')) "
	    "ORDER BY ordinal_position",
	    t, why);
	if (!r)
		return;
	c->pg_seen = true;
	c->pg_outbox = xstrdup(t);
	int n = pq.ntuples(r);
	c->pg_cols = xcalloc((size_t)n + 1, sizeof *c->pg_cols);
	for (int i = 0; i < n; i++) {
		c->pg_cols[i].name = xstrdup(pq.value(r, i, 0));
		c->pg_cols[i].type = xstrdup(pq.value(r, i, 1));
	}
	c->n_pg_cols = (size_t)n;
	pq.clear(r);
}

static void slot(struct live_ctx *c, PGconn *db, char **why)
{
	const char *name = slot_of(c);
	char *file = xasprintf("pg:pg_replication_slots/%s", name);
	PGresult *r = query(
	    db,
	    "SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), "
	    "coalesce(confirmed_flush_lsn, restart_lsn))::bigint, plugin "
	    "FROM pg_replication_slots WHERE slot_name = $1",
	    name, why);
	if (r && !pq.ntuples(r)) {
		live_add(c, LC_SLOT, PROBE_CONTRADICTED, file,
		         "no replication slot %s", name);
	} else if (r) {
		bool active = strcmp(pq.value(r, 0, 0), "t") == 0;
		const char *lag = pq.isnull(r, 0, 1) ? "?" : pq.value(r, 0, 1);
		live_add(c, LC_SLOT,
		         active ? PROBE_VERIFIED : PROBE_CONTRADICTED, file,
		         "slot %s (%s) %s, lag %s bytes", name,
		         pq.value(r, 0, 2), active ? "active" : "inactive", lag);
	}
	if (r)
		pq.clear(r);
	free(file);
}

void live_pg(struct live_ctx *c, const char *url)
{
	char *why = NULL, timeout[16];
	snprintf(timeout, sizeof timeout, "%d", LIVE_CONNECT_S);
	/* Later keywords win over the same ones in the string expanded
	 * from dbname, so the bounds hold whatever the learner wrote. */
	const char *const keys[] = {"dbname", "connect_timeout", "options",
	                            "application_name", NULL};
	const char *const vals[] = {
	    url, timeout,
	    "-c default_transaction_read_only=on -c statement_timeout=5000 "
	    "-c lock_timeout=1000",
	    "selfgrade-probe", NULL};

	if (!load(&why)) {
		live_fail(c, LIVE_PG, url, "%s", why);
		free(why);
		return;
	}
	live_deadline(&deadline, LIVE_SOURCE_S);
	PGconn *db = pq.connect(keys, vals, 1);
	if (!db || pq.status(db) != CONNECTION_OK) {
		live_fail(c, LIVE_PG, url, "%s",
		          db ? pq.error(db) : "out of memory");
		if (db)
			pq.finish(db);
		return;
	}
	wal_level(c, db, &why);
	if (!why)
		outbox(c, db, &why);
	if (!why)
		slot(c, db, &why);
	if (why) {
		live_fail(c, LIVE_PG, url, "%s", why);
		free(why);
	}
	pq.finish(db);
}
