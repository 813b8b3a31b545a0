/* SPDX-License-Identifier: MIT */
/* Live probes: the plan (which checks, what the project says the pipeline
 * is), the results, and the endpoints' passwords kept out of sight. The
 * sources themselves are in live_pg.c, live_mysql.c, live_kafka.c and
 * live_http.c. */
#define _GNU_SOURCE
#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live_int.h"
#include "probe_int.h"
#include "selfgrade/diag.h"
#include "selfgrade/i18n.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

#define LIVE_MAX_VALUE 300 /* bytes of a value shown */

/* The live checks as probes of their own: their ids are fixed (not in
 * probes.yaml, since what they ask is code, not a pattern), and each speaks
 * for an entry of the multi-database pack; a pack without that entry does
 * not get the check. */
static const struct {
	const char *id, *for_, *kind, *title;
} defs[LC_COUNT] = {
    [LC_CONNECTORS] = {"live.connectors", "me.connectors-running",
                       "live-connect", "every connector and task RUNNING"},
    [LC_WAL_LEVEL] = {"live.pg.wal-level", "me.connectors-running",
                      "live-pg", "PostgreSQL runs with wal_level = logical"},
    [LC_BINLOG] = {"live.mysql.binlog", "me.connectors-running",
                   "live-mysql",
                   "MySQL runs with binlog_format = ROW and "
                   "binlog_row_image = FULL"},
    [LC_SERVER_ID] = {"live.mysql.server-id", "s8.mysql-connector.server-id",
                      "live-mysql",
                      "the running MySQL's @@server_id differs from every "
                      "MySQL connector's database.server.id"},
    [LC_OUTBOX] = {"live.outbox", "s8.mysql-outbox", "live-pg-mysql",
                   "both databases have the outbox table with the same "
                   "columns"},
    [LC_SLOT] = {"live.pg.slot", "s8.monitoring", "live-pg",
                 "the PostgreSQL connector's replication slot is active"},
    [LC_PG_EVENTS] = {"live.kafka.postgres-events", "me.events-unified",
                      "live-kafka", "the PostgreSQL topics hold events"},
    [LC_MYSQL_EVENTS] = {"live.kafka.mysql-events", "me.events-unified",
                         "live-kafka", "the MySQL topics hold events"},
    [LC_TOPIC_NAMING] = {"live.kafka.topic-naming", "s8.topic-naming",
                         "live-kafka", "topics of both prefixes exist"},
    [LC_HISTORY] = {"live.kafka.schema-history",
                    "s8.mysql-connector.schema-history-topic", "live-kafka",
                    "each MySQL connector's schema history topic exists, "
                    "none shared"},
    [LC_M7] = {"live.kafka.m7", "m7", "live-kafka",
               "no two MySQL connectors share a schema history topic"},
    [LC_SOURCE_DATABASE] = {"live.kafka.source-database",
                            "s8.pyflink.source-database", "live-kafka",
                            "the sink topic's events name both databases in "
                            "source_database"},
    [LC_FLINK] = {"live.flink.both-streams", "ex.pyflink-both-streams",
                  "live-flink",
                  "a RUNNING Flink job reads both source tables"},
    [LC_PROMETHEUS] = {"live.prometheus.both-sources",
                       "ex.monitoring-dashboard", "live-prometheus",
                       "Prometheus holds the lag of both sources"},
};

static struct pack_probe probes[LC_COUNT];

static void probes_init(void)
{
	if (probes[0].id)
		return;
	for (int k = 0; k < LC_COUNT; k++) {
		/* Never written through: the probes of a pack are not
		 * const only because the loader fills them. */
		probes[k].id = (char *)defs[k].id;
		probes[k].for_.id = (char *)defs[k].for_;
		probes[k].title = (char *)defs[k].title;
		probes[k].kind = PROBE_KIND_COUNT;
	}
}

const char *live_kind_name(const struct pack_probe *p)
{
	for (int k = 0; k < LC_COUNT; k++)
		if (p == &probes[k])
			return defs[k].kind;
	return NULL;
}

static const char *const options[LIVE_SOURCES] = {
    [LIVE_CONNECT] = "--connect", [LIVE_PG] = "--pg",
    [LIVE_MYSQL] = "--mysql",     [LIVE_KAFKA] = "--kafka",
    [LIVE_FLINK] = "--flink",     [LIVE_PROMETHEUS] = "--prometheus",
};

const char *live_option(enum live_source s)
{
	return s < LIVE_SOURCES ? options[s] : "?";
}

bool live_any(const struct live_endpoints *e)
{
	for (int s = 0; s < LIVE_SOURCES; s++)
		if (e->url[s])
			return true;
	return false;
}

void live_endpoints_free(struct live_endpoints *e)
{
	for (int s = 0; s < LIVE_SOURCES; s++)
		free(e->url[s]);
	memset(e, 0, sizeof *e);
}

/* ---- passwords ------------------------------------------------------------- */

/* Rewrites url's password with repl (NULL: drops it with its ':'), in
 * both a URL's user info (scheme://user:pass@host) and a "password"
 * parameter (libpq's keyword=value form, or ?password= in a URI). */
static char *rewrite(const char *url, const char *repl)
{
	const char *scheme = strstr(url, "://");
	size_t cap = 0, n = 0, len = strlen(url);
	char *o = NULL;

	xgrow(&o, &cap, len + 16, 1);
#define PUT(p, k)                                                      \
	do {                                                           \
		xgrow(&o, &cap, n + (k) + 1, 1);                       \
		memcpy(o + n, (p), (k));                               \
		n += (k);                                              \
	} while (0)
	if (scheme) {
		const char *auth = scheme + 3;
		size_t alen = strcspn(auth, "/?#");
		const char *at = memrchr(auth, '@', alen);
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth))
		                       : NULL;
		if (colon) {
			PUT(url, (size_t)(colon - url));
			if (repl) {
				PUT(":", 1);
				PUT(repl, strlen(repl));
			}
			url = at;
		}
	}
	/* password=VALUE among keyword=value pairs or query parameters. */
	while (*url) {
		const char *p = url;
		bool start = p == url;
		const char *hit = NULL;
		for (const char *q = url; *q; q++) {
			bool at_start =
			    q == url ? (n == 0 || start)
			             : (q[-1] == ' ' || q[-1] == '?' ||
			                q[-1] == '&' || q[-1] == '\t');
			if (at_start && strncasecmp(q, "password", 8) == 0) {
				const char *e = q + 8;
				while (*e == ' ')
					e++;
				if (*e == '=') {
					hit = q;
					break;
				}
			}
		}
		if (!hit) {
			PUT(url, strlen(url));
			break;
		}
		const char *v = strchr(hit, '=') + 1;
		while (*v == ' ')
			v++;
		const char *end = v;
		if (*v == '\'') {
			for (end = v + 1; *end && *end != '\''; end++)
				if (*end == '\\' && end[1])
					end++;
			if (*end)
				end++;
		} else {
			end = v + strcspn(v, " \t&#");
		}
		if (repl) {
			PUT(url, (size_t)(v - url));
			PUT(repl, strlen(repl));
			url = end;
		} else {
			/* Drops "password=..." and the separator after it. */
			PUT(url, (size_t)(hit - url));
			url = end;
			if (*url == '&' || *url == ' ')
				url++;
			else if (n && (o[n - 1] == '&' || o[n - 1] == ' ' ||
			               o[n - 1] == '?'))
				n--;
		}
	}
#undef PUT
	o[n] = '\0';
	return o;
}

char *live_strip(enum live_source s, const char *url)
{
	(void)s;
	return rewrite(url, NULL);
}

char *live_mask(enum live_source s, const char *url)
{
	(void)s;
	char *m = rewrite(url, "***");
	char *c = utf8_escape_foreign(m, strlen(m));
	free(m);
	return c;
}

char *live_unescape(const char *s, size_t n)
{
	char *o = xcalloc(n + 1, 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			o[k++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	return o;
}

/* ---- results ------------------------------------------------------------- */

static char *clean_short(const char *s)
{
	size_t n = strlen(s);
	char *c = utf8_escape_foreign(s, n);
	if (strlen(c) > LIVE_MAX_VALUE) {
		size_t k = LIVE_MAX_VALUE;
		/* Not in the middle of a UTF-8 sequence. */
		while (k && ((unsigned char)c[k] & 0xC0) == 0x80)
			k--;
		strcpy(c + k, "...");
	}
	return c;
}

void live_add(struct live_ctx *c, enum live_check k, enum probe_verdict v,
              const char *file, const char *fmt, ...)
{
	struct probe_report *r = c->out;
	char buf[2048];
	va_list ap;

	if (!pack_find(c->pack, defs[k].for_))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->results = xrealloc(r->results, (r->n_results + 1) * sizeof *r->results);
	struct probe_result *x = &r->results[r->n_results++];
	memset(x, 0, sizeof *x);
	x->probe = &probes[k];
	x->verdict = v;
	x->file = file ? clean_short(file) : NULL;
	x->value = clean_short(buf);
}

void live_fail(struct live_ctx *c, enum live_source s, const char *url,
               const char *fmt, ...)
{
	char buf[1024], *m = live_mask(s, url), *why;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* The first line of a client's message is the one that says it. */
	buf[strcspn(buf, "\n")] = '\0';
	why = utf8_escape_foreign(buf, strlen(buf));
	*c->failed = xrealloc(*c->failed, (*c->n_failed + 1) * sizeof **c->failed);
	(*c->failed)[(*c->n_failed)++] =
	    xasprintf("%s %s: %s", live_option(s), m, why);
	free(m);
	free(why);
}

bool live_load(struct dynlib *lib, const char *package, char **why)
{
	if (dynlib_load(lib) == 0)
		return true;
	*why = lib->missing ? xasprintf(_("%s lacks %s"), lib->files[0], lib->missing)
	                    : xasprintf(_("cannot load %s (Debian package %s)"),
	                                lib->files[0], package);
	return false;
}

void live_deadline(struct timespec *d, double seconds)
{
	clock_gettime(CLOCK_MONOTONIC, d);
	d->tv_sec += (time_t)seconds;
	d->tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (d->tv_nsec >= 1000000000L) {
		d->tv_sec++;
		d->tv_nsec -= 1000000000L;
	}
}

double live_left(const struct timespec *d)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double left = (double)(d->tv_sec - now.tv_sec) +
	              (double)(d->tv_nsec - now.tv_nsec) / 1e9;
	return left > 0 ? left : 0;
}

/* ---- what the project says ---------------------------------------------- */

/* A field of a connector config as the probe engine read it. */
static const char *field(const struct conn *k, const char *key)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->f[i].key, key) == 0)
			return k->f[i].value;
	return NULL;
}

/* key's value (else old_key's, the name Debezium 1.x gave it), copied. */
static char *either(const struct conn *k, const char *key, const char *old_key)
{
	const char *v = field(k, key);
	if (!v && old_key)
		v = field(k, old_key);
	return v ? xstrdup(v) : NULL;
}

static void conn_free(struct live_conn *k)
{
	free(k->name);
	free(k->server_id);
	free(k->history);
	free(k->prefix);
	free(k->slot);
	free(k->outbox);
	free(k->route);
}

/* A Debezium PostgreSQL or MySQL connector, as the live checks compare
 * it with what the servers say. */
static void conn_take(struct live_ctx *c, const struct conn *from)
{
	const char *cls = from->class_, *tables, *name;

	if (!cls)
		return;
	bool pg = strstr(cls, "PostgresConnector") != NULL;
	bool my = strstr(cls, "MySqlConnector") != NULL;
	if (!pg && !my)
		return;
	name = from->name ? from->name : field(from, "name");
	c->conns = xrealloc(c->conns, (c->n_conns + 1) * sizeof *c->conns);
	struct live_conn *k = &c->conns[c->n_conns++];
	memset(k, 0, sizeof *k);
	k->name = xstrdup(name ? name : "");
	k->pg = pg;
	k->mysql = my;
	k->running = from->running;
	k->server_id = either(from, "database.server.id", NULL);
	k->history = either(from, "schema.history.internal.kafka.topic",
	                    "database.history.kafka.topic");
	k->prefix = either(from, "topic.prefix", "database.server.name");
	k->slot = either(from, "slot.name", NULL);
	tables = field(from, "table.include.list");
	if (!tables)
		tables = field(from, "table.whitelist");
	for (size_t i = 0; i < from->n; i++) {
		const char *key = from->f[i].key, *v = from->f[i].value;
		if (strncmp(key, "transforms.", 11) != 0)
			continue;
		if (probe_ends_with(key, ".route.topic.replacement") && !k->route)
			k->route = xstrndup(v, strcspn(v, "$"));
		if (probe_ends_with(key, ".type") && strstr(v, "outbox") && tables) {
			/* The outbox router reads the table the connector
			 * captures: the last part of its first name. */
			size_t n = strcspn(tables, ",");
			const char *dot = memrchr(tables, '.', n);
			const char *t = dot ? dot + 1 : tables;
			free(k->outbox);
			k->outbox = xstrndup(t, n - (size_t)(t - tables));
		}
	}
}

/* The quoted value after "'key'" up to its closing quote, or NULL. */
static char *quoted_after(const char *from, const char *to, const char *key)
{
	for (const char *p = from; p && p < to; p++) {
		p = strstr(p, key);
		if (!p || p >= to)
			return NULL;
		const char *q = p + strlen(key);
		while (q < to && isspace((unsigned char)*q))
			q++;
		if (*q != '=')
			continue;
		q++;
		while (q < to && isspace((unsigned char)*q))
			q++;
		if (*q != '\'')
			continue;
		const char *e = memchr(q + 1, '\'', (size_t)(to - q - 1));
		if (e)
			return xstrndup(q + 1, (size_t)(e - q - 1));
	}
	return NULL;
}

static char *ident_after(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, "IF NOT EXISTS", 13) == 0)
		p += 13;
	while (isspace((unsigned char)*p) || *p == '`' || *p == '"')
		p++;
	size_t n = 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.')
		n++;
	return n ? xstrndup(p, n) : NULL;
}

/* CREATE TABLE NAME (...) WITH ('connector' = 'kafka', 'topic' = 'T')
 * in a PyFlink job or a Flink SQL file: the Kafka tables and their topics;
 * the table after INSERT INTO is the sink. */
static void job_from_text(struct live_ctx *c, const char *buf)
{
	char *sink = NULL;
	for (const char *p = strcasestr(buf, "INSERT INTO"); p && !sink;
	     p = strcasestr(p + 1, "INSERT INTO"))
		sink = ident_after(p + 11);
	for (const char *p = strcasestr(buf, "CREATE TABLE"); p;
	     p = strcasestr(p + 1, "CREATE TABLE")) {
		char *name = ident_after(p + 12);
		const char *next = strcasestr(p + 1, "CREATE TABLE");
		const char *end = next ? next : buf + strlen(buf);
		char *conn = quoted_after(p, end, "'connector'");
		char *topic = quoted_after(p, end, "'topic'");
		if (name && topic && conn && strcmp(conn, "kafka") == 0) {
			if (sink && strcmp(sink, name) == 0 && !c->sink.name) {
				c->sink.name = name;
				c->sink.topic = topic;
				name = topic = NULL;
			} else {
				c->sources = xrealloc(
				    c->sources,
				    (c->n_sources + 1) * sizeof *c->sources);
				c->sources[c->n_sources++] =
				    (struct live_table){name, topic};
				name = topic = NULL;
			}
		}
		free(name);
		free(topic);
		free(conn);
	}
	free(sink);
}

/* What the project says, from the probe run that read it (probe_run_*_then):
 * its connectors, the current version of each (Kafka Connect's when it
 * answered: then the files only give the job), and the job's Kafka
 * tables from its *.py and *.sql files. */
static void facts(void *ctx, struct project *pj)
{
	struct live_ctx *c = ctx;

	for (size_t i = 0; i < pj->n_conns; i++)
		if (!pj->conns[i].superseded)
			conn_take(c, &pj->conns[i]);
	for (size_t i = 0; i < pj->n_files; i++) {
		struct pfile *f = &pj->files[i];
		if ((probe_ends_with(f->rel, ".py") || probe_ends_with(f->rel, ".sql")) &&
		    probe_load_file(pj, f))
			job_from_text(c, f->buf);
	}
}

const char *live_outbox_name(const struct live_ctx *c, bool pg)
{
	for (size_t i = 0; i < c->n_conns; i++)
		if (c->conns[i].outbox && (pg ? c->conns[i].pg : c->conns[i].mysql))
			return c->conns[i].outbox;
	return "outbox";
}

/* ---- checks over more than one source -------------------------------------- */

static void connectors_check(struct live_ctx *c)
{
	const struct probe_report *r = c->out;
	if (!r->n_live) {
		live_add(c, LC_CONNECTORS, PROBE_CONTRADICTED, "connect:",
		         "Kafka Connect runs no connector");
		return;
	}
	for (size_t i = 0; i < r->n_live; i++) {
		const struct probe_connector_state *s = &r->live[i];
		if (strcmp(s->state, "RUNNING") != 0 || !s->tasks ||
		    s->tasks_running != s->tasks) {
			char *f = xasprintf("connect:%s", s->name);
			live_add(c, LC_CONNECTORS, PROBE_CONTRADICTED, f,
			         "%s, %zu of %zu tasks RUNNING", s->state,
			         s->tasks_running, s->tasks);
			free(f);
			return;
		}
	}
	char *f = xasprintf("connect:%s", r->live[0].name);
	live_add(c, LC_CONNECTORS, PROBE_VERIFIED, f,
	         "all %zu connectors and their tasks RUNNING", r->n_live);
	free(f);
}

static const struct live_column *column(const struct live_column *v,
                                        size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static void outbox_check(struct live_ctx *c)
{
	char *pf = xasprintf("pg:%s", c->pg_outbox ? c->pg_outbox : "outbox");
	char *mf = xasprintf("mysql:%s", c->my_outbox ? c->my_outbox : "outbox");

	if (c->my_seen && !c->n_my_cols) {
		live_add(c, LC_OUTBOX, PROBE_CONTRADICTED, mf,
		         "MySQL has no table %s", c->my_outbox);
		goto out;
	}
	if (!c->pg_seen || !c->my_seen)
		goto out; /* one database only: no comparison */
	if (!c->n_pg_cols) {
		live_add(c, LC_OUTBOX, PROBE_NOT_FOUND, pf,
		         "PostgreSQL has no table %s", c->pg_outbox);
		goto out;
	}
	for (size_t i = 0; i < c->n_pg_cols; i++)
		if (!column(c->my_cols, c->n_my_cols, c->pg_cols[i].name)) {
			live_add(c, LC_OUTBOX, PROBE_CONTRADICTED, mf,
			         "column %s of PostgreSQL's %s is missing in "
			         "MySQL's",
			         c->pg_cols[i].name, c->pg_outbox);
			goto out;
		}
	for (size_t i = 0; i < c->n_my_cols; i++)
		if (!column(c->pg_cols, c->n_pg_cols, c->my_cols[i].name)) {
			live_add(c, LC_OUTBOX, PROBE_CONTRADICTED, pf,
			         "column %s of MySQL's %s is missing in "
			         "PostgreSQL's",
			         c->my_cols[i].name, c->my_outbox);
			goto out;
		}
	const struct live_column *pp = column(c->pg_cols, c->n_pg_cols, "payload");
	const struct live_column *mp = column(c->my_cols, c->n_my_cols, "payload");
	if (pp && strcmp(pp->type, "jsonb") != 0) {
		live_add(c, LC_OUTBOX, PROBE_CONTRADICTED, pf,
		         "payload is %s, not jsonb", pp->type);
		goto out;
	}
	if (mp && strcmp(mp->type, "json") != 0) {
		live_add(c, LC_OUTBOX, PROBE_CONTRADICTED, mf,
		         "payload is %s, not json", mp->type);
		goto out;
	}
	live_add(c, LC_OUTBOX, PROBE_VERIFIED, mf,
	         "%s in both databases, the same %zu columns%s",
	         c->my_outbox, c->n_my_cols,
	         pp && mp ? ", payload jsonb and json" : "");
out:
	free(pf);
	free(mf);
}

static void ctx_free(struct live_ctx *c)
{
	for (size_t i = 0; i < c->n_conns; i++)
		conn_free(&c->conns[i]);
	free(c->conns);
	for (size_t i = 0; i < c->n_sources; i++) {
		free(c->sources[i].name);
		free(c->sources[i].topic);
	}
	free(c->sources);
	free(c->sink.name);
	free(c->sink.topic);
	for (size_t i = 0; i < c->n_pg_cols; i++) {
		free(c->pg_cols[i].name);
		free(c->pg_cols[i].type);
	}
	for (size_t i = 0; i < c->n_my_cols; i++) {
		free(c->my_cols[i].name);
		free(c->my_cols[i].type);
	}
	free(c->pg_cols);
	free(c->my_cols);
	free(c->pg_outbox);
	free(c->my_outbox);
}

/* GET /connectors?expand=status&expand=info of Kafka Connect. */
static int connect_get(struct live_ctx *c, const char *url, char **body,
                       size_t *len)
{
	struct timespec d;
	size_t n = strlen(url);
	char *why = NULL;
	while (n && url[n - 1] == '/')
		n--;
	char *full =
	    xasprintf("%.*s/connectors?expand=status&expand=info", (int)n, url);
	live_deadline(&d, LIVE_SOURCE_S);
	int rc = live_http_get(full, &d, body, len, &why);
	free(full);
	if (rc) {
		live_fail(c, LIVE_CONNECT, url, "%s", why);
		free(why);
	}
	return rc;
}

int live_run(const struct pack *p, const char *dir,
             const struct live_endpoints *e, struct probe_report *out,
             char ***failed, size_t *n_failed, char **err)
{
	struct live_ctx c = {.pack = p, .out = out, .failed = failed,
	                     .n_failed = n_failed};
	char *body = NULL;
	size_t len = 0;

	probes_init();
	*failed = NULL;
	*n_failed = 0;
	memset(out, 0, sizeof *out);
	if (e->url[LIVE_CONNECT] &&
	    connect_get(&c, e->url[LIVE_CONNECT], &body, &len) == 0) {
		if (probe_run_live_then(p, body, len, dir, out, facts, &c, err)) {
			free(body);
			ctx_free(&c);
			return -1;
		}
		connectors_check(&c);
	} else if (dir) {
		if (probe_run_dir_then(p, dir, out, facts, &c, err)) {
			free(body);
			ctx_free(&c);
			return -1;
		}
	}
	free(body);
	if (e->url[LIVE_PG])
		live_pg(&c, e->url[LIVE_PG]);
	if (e->url[LIVE_MYSQL])
		live_mysql(&c, e->url[LIVE_MYSQL]);
	if (c.pg_seen || c.my_seen)
		outbox_check(&c);
	if (e->url[LIVE_KAFKA])
		live_kafka(&c, e->url[LIVE_KAFKA]);
	if (e->url[LIVE_FLINK])
		live_flink(&c, e->url[LIVE_FLINK]);
	if (e->url[LIVE_PROMETHEUS])
		live_prometheus(&c, e->url[LIVE_PROMETHEUS]);
	ctx_free(&c);
	return 0;
}
