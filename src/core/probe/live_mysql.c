/* SPDX-License-Identifier: MIT */
/* The live MySQL (or MariaDB): @@server_id beside the connectors'
 * database.server.id, the binlog settings Debezium needs, and the outbox
 * table's columns, read with libmariadb loaded on demand. Only SELECTs,
 * in a read-only transaction, each bounded by the client's read timeout. */
#define _GNU_SOURCE
#include <ctype.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_int.h"
#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

#define MY(X)                                                                  \
	X(MYSQL *, init, "mysql_init", (MYSQL *))                              \
	X(int, options, "mysql_options",                                       \
	  (MYSQL *, enum mysql_option, const void *))                          \
	X(MYSQL *, connect, "mysql_real_connect",                              \
	  (MYSQL *, const char *, const char *, const char *, const char *,    \
	   unsigned int, const char *, unsigned long))                         \
	X(int, query, "mysql_query", (MYSQL *, const char *))                  \
	X(MYSQL_RES *, store, "mysql_store_result", (MYSQL *))                 \
	X(MYSQL_ROW, fetch, "mysql_fetch_row", (MYSQL_RES *))                  \
	X(void, free_result, "mysql_free_result", (MYSQL_RES *))               \
	X(const char *, error, "mysql_error", (MYSQL *))                       \
	X(void, close, "mysql_close", (MYSQL *))
static struct {
	MY(DYNLIB_FIELD)
} my;
static const char *const my_symbols[] = {MY(DYNLIB_SYMBOL) NULL};
static struct dynlib libmariadb = DYNLIB(my, my_symbols, "libmariadb.so.3");

static bool load(char **why)
{
	return live_load(&libmariadb, "libmariadb3", why);
}

struct target {
	char *user, *pass, *host, *db, *socket;
	unsigned port;
};

static void target_free(struct target *t)
{
	free(t->user);
	if (t->pass)
		memset(t->pass, 0, strlen(t->pass));
	free(t->pass);
	free(t->host);
	free(t->db);
	free(t->socket);
}

/* mysql://USER[:PASS]@HOST[:PORT]/DB[?socket=PATH]; NULL or why not. */
static const char *parse(const char *url, struct target *t)
{
	const char *p;
	memset(t, 0, sizeof *t);
	if (strncmp(url, "mysql://", 8) == 0)
		p = url + 8;
	else if (strncmp(url, "mariadb://", 10) == 0)
		p = url + 10;
	else
		return "not a mysql://USER[:PASS]@HOST[:PORT]/DB URL";
	size_t alen = strcspn(p, "/?");
	const char *at = memrchr(p, '@', alen);
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		size_t ulen = colon ? (size_t)(colon - p) : (size_t)(at - p);
		t->user = live_unescape(p, ulen);
		if (colon)
			t->pass = live_unescape(colon + 1,
			                        (size_t)(at - colon - 1));
		alen -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	const char *hostend = p + alen;
	const char *colon = memrchr(p, ':', alen);
	if (colon && !memchr(colon, ']', (size_t)(hostend - colon))) {
		char *end;
		unsigned long port = strtoul(colon + 1, &end, 10);
		if (end != hostend || port == 0 || port > 65535)
			return "the port is not a number of 1-65535";
		t->port = (unsigned)port;
		hostend = colon;
	}
	t->host = xstrndup(p, (size_t)(hostend - p));
	p += alen;
	if (*p == '/') {
		size_t n = strcspn(++p, "?");
		t->db = live_unescape(p, n);
		p += n;
	}
	if (*p == '?') {
		const char *s = strstr(p, "socket=");
		if (s)
			t->socket = live_unescape(s + 7, strcspn(s + 7, "&"));
	}
	return NULL;
}

/* Every row of sql as text; NULL with *why on an error. */
static MYSQL_RES *query(MYSQL *db, const char *sql, char **why)
{
	MYSQL_RES *r;
	if (my.query(db, sql) || !(r = my.store(db))) {
		*why = xstrdup(my.error(db));
		return NULL;
	}
	return r;
}

static void settings(struct live_ctx *c, MYSQL *db, char **why)
{
	MYSQL_RES *r = query(db,
	                     "SELECT @@server_id, @@binlog_format, "
	                     "@@binlog_row_image, @@log_bin",
	                     why);
	MYSQL_ROW row;
	if (!r)
		return;
	if (!(row = my.fetch(r))) {
		my.free_result(r);
		return;
	}
	const char *sid = row[0] ? row[0] : "", *fmt = row[1] ? row[1] : "",
	           *img = row[2] ? row[2] : "", *logbin = row[3] ? row[3] : "0";
	bool binlog_ok = strcasecmp(fmt, "ROW") == 0 &&
	                 strcasecmp(img, "FULL") == 0 && strcmp(logbin, "1") == 0;
	live_add(c, LC_BINLOG, binlog_ok ? PROBE_VERIFIED : PROBE_CONTRADICTED,
	         "mysql:binlog_format",
	         "binlog_format = %s, binlog_row_image = %s, log_bin = %s", fmt,
	         img, strcmp(logbin, "1") == 0 ? "ON" : "OFF");

	const struct live_conn *same = NULL;
	size_t mysql_conns = 0;
	for (size_t i = 0; i < c->n_conns; i++) {
		if (!c->conns[i].mysql || !c->conns[i].server_id)
			continue;
		mysql_conns++;
		if (strcmp(c->conns[i].server_id, sid) == 0 && !same)
			same = &c->conns[i];
	}
	if (same)
		live_add(c, LC_SERVER_ID, PROBE_CONTRADICTED, "mysql:server_id",
		         "@@server_id = %s, the same as connector %s's "
		         "database.server.id",
		         sid, same->name);
	else if (mysql_conns)
		live_add(c, LC_SERVER_ID, PROBE_VERIFIED, "mysql:server_id",
		         "@@server_id = %s, not the database.server.id of any "
		         "MySQL connector (%zu)",
		         sid, mysql_conns);
	else
		live_add(c, LC_SERVER_ID, PROBE_NOT_FOUND, "mysql:server_id",
		         "@@server_id = %s; no MySQL connector's "
		         "database.server.id to compare it with",
		         sid);
	my.free_result(r);
}

static bool plain_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '$')
			return false;
	return true;
}

static void outbox(struct live_ctx *c, MYSQL *db, char **why)
{
	const char *t = live_outbox_name(c, false);
	MYSQL_RES *r;
	MYSQL_ROW row;
	char *sql;

	/* The name goes into SQL: only a plain identifier does. */
	if (!plain_name(t))
		return;
	sql = xasprintf("SELECT column_name, data_type FROM "
	                "information_schema.columns WHERE table_schema = "
	                "DATABASE() AND table_name = '%s' ORDER BY "
	                "ordinal_position",
	                t);
	r = query(db, sql, why);
	free(sql);
	if (!r)
		return;
	c->my_seen = true;
	c->my_outbox = xstrdup(t);
	while ((row = my.fetch(r))) {
		c->my_cols = xrealloc(c->my_cols,
		                      (c->n_my_cols + 1) * sizeof *c->my_cols);
		c->my_cols[c->n_my_cols].name = xstrdup(row[0] ? row[0] : "");
		c->my_cols[c->n_my_cols].type = xstrdup(row[1] ? row[1] : "");
		c->n_my_cols++;
	}
	my.free_result(r);
	/* MariaDB's JSON is longtext with a json_valid() check: it counts
	 * as json. MySQL 8 has no TABLE_NAME there: the query then fails
	 * and its JSON is json already. */
	for (size_t i = 0; i < c->n_my_cols; i++) {
		struct live_column *col = &c->my_cols[i];
		if (strcasecmp(col->name, "payload") || strcmp(col->type, "longtext"))
			continue;
		sql = xasprintf("SELECT COUNT(*) FROM "
		                "information_schema.check_constraints WHERE "
		                "constraint_schema = DATABASE() AND table_name = "
		                "'%s' AND check_clause LIKE '%%json_valid(`%s`)%%'",
		                t, plain_name(col->name) ? col->name : "payload");
		if (!my.query(db, sql) && (r = my.store(db))) {
			row = my.fetch(r);
			if (row && row[0] && strcmp(row[0], "0") != 0) {
				free(col->type);
				col->type = xstrdup("json");
			}
			my.free_result(r);
		}
		free(sql);
	}
}

void live_mysql(struct live_ctx *c, const char *url)
{
	struct target t;
	char *why = NULL;
	const char *bad = parse(url, &t);
	unsigned timeout = LIVE_CONNECT_S, rw = LIVE_SOURCE_S;
	MYSQL *db;

	if (bad) {
		live_fail(c, LIVE_MYSQL, url, "%s", bad);
		target_free(&t);
		return;
	}
	if (!load(&why)) {
		live_fail(c, LIVE_MYSQL, url, "%s", why);
		free(why);
		target_free(&t);
		return;
	}
	if (!t.pass && getenv("MYSQL_PWD"))
		t.pass = xstrdup(getenv("MYSQL_PWD"));
	db = my.init(NULL);
	my.options(db, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	my.options(db, MYSQL_OPT_READ_TIMEOUT, &rw);
	my.options(db, MYSQL_OPT_WRITE_TIMEOUT, &rw);
	/* No my.cnf: what is asked is what was given. */
	if (!my.connect(db, *t.host ? t.host : "localhost", t.user, t.pass,
	                t.db, t.port, t.socket, 0)) {
		live_fail(c, LIVE_MYSQL, url, "%s", my.error(db));
		my.close(db);
		target_free(&t);
		return;
	}
	if (my.query(db, "START TRANSACTION READ ONLY"))
		why = xstrdup(my.error(db));
	if (!why)
		settings(c, db, &why);
	if (!why)
		outbox(c, db, &why);
	if (why) {
		live_fail(c, LIVE_MYSQL, url, "%s", why);
		free(why);
	}
	my.query(db, "ROLLBACK");
	my.close(db);
	target_free(&t);
}
