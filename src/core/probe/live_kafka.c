/* SPDX-License-Identifier: MIT */
/* The live Kafka: which topics exist and hold messages, whether the MySQL
 * connectors' schema history topics exist and are their own, and which
 * databases the PyFlink job's sink topic names in source_database. With
 * librdkafka loaded on demand, and only as a reader: metadata, watermarks
 * and the simple consumer on chosen partitions, so no consumer group is
 * joined, no offset committed and nothing produced. */
#define _GNU_SOURCE
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_int.h"
#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

#define RK(X)                                                                  \
	X(rd_kafka_conf_t *, conf_new, "rd_kafka_conf_new", (void))            \
	X(rd_kafka_conf_res_t, conf_set, "rd_kafka_conf_set",                  \
	  (rd_kafka_conf_t *, const char *, const char *, char *, size_t))     \
	X(void, conf_set_log_cb, "rd_kafka_conf_set_log_cb",                   \
	  (rd_kafka_conf_t *,                                                  \
	   void (*)(const rd_kafka_t *, int, const char *, const char *)))     \
	X(void, conf_destroy, "rd_kafka_conf_destroy", (rd_kafka_conf_t *))    \
	X(rd_kafka_t *, new_, "rd_kafka_new",                                  \
	  (rd_kafka_type_t, rd_kafka_conf_t *, char *, size_t))                \
	X(void, destroy, "rd_kafka_destroy", (rd_kafka_t *))                   \
	X(rd_kafka_resp_err_t, metadata, "rd_kafka_metadata",                  \
	  (rd_kafka_t *, int, rd_kafka_topic_t *,                              \
	   const struct rd_kafka_metadata **, int))                            \
	X(void, metadata_destroy, "rd_kafka_metadata_destroy",                 \
	  (const struct rd_kafka_metadata *))                                  \
	X(rd_kafka_resp_err_t, watermarks, "rd_kafka_query_watermark_offsets", \
	  (rd_kafka_t *, const char *, int32_t, int64_t *, int64_t *, int))    \
	X(rd_kafka_topic_t *, topic_new, "rd_kafka_topic_new",                 \
	  (rd_kafka_t *, const char *, rd_kafka_topic_conf_t *))               \
	X(void, topic_destroy, "rd_kafka_topic_destroy", (rd_kafka_topic_t *)) \
	X(int, consume_start, "rd_kafka_consume_start",                        \
	  (rd_kafka_topic_t *, int32_t, int64_t))                              \
	X(int, consume_stop, "rd_kafka_consume_stop",                          \
	  (rd_kafka_topic_t *, int32_t))                                       \
	X(rd_kafka_message_t *, consume, "rd_kafka_consume",                   \
	  (rd_kafka_topic_t *, int32_t, int))                                  \
	X(void, message_destroy, "rd_kafka_message_destroy",                   \
	  (rd_kafka_message_t *))                                              \
	X(const char *, err2str, "rd_kafka_err2str", (rd_kafka_resp_err_t))
static struct {
	RK(DYNLIB_FIELD)
} rk;
static const char *const rk_symbols[] = {RK(DYNLIB_SYMBOL) NULL};
static struct dynlib librdkafka = DYNLIB(rk, rk_symbols, "librdkafka.so.1");

static bool load(char **why)
{
	return live_load(&librdkafka, "librdkafka1", why);
}

/* The core never prints: librdkafka's own log is dropped. */
static void quiet(const rd_kafka_t *k, int level, const char *fac,
                  const char *buf)
{
	(void)k, (void)level, (void)fac, (void)buf;
}

struct topic {
	const char *name; /* in the metadata */
	const struct rd_kafka_metadata_topic *md;
	long long messages; /* -1: not asked */
};

struct kafka {
	struct live_ctx *c;
	rd_kafka_t *h;
	const struct rd_kafka_metadata *md;
	struct timespec deadline;
	char *why; /* the first error, for live_fail */
};

static int ms_left(const struct kafka *k, int cap)
{
	int ms = (int)(live_left(&k->deadline) * 1000);
	return ms < cap ? ms : cap;
}

static const struct rd_kafka_metadata_topic *find(const struct kafka *k,
                                                  const char *name)
{
	for (int i = 0; i < k->md->topic_cnt; i++)
		if (strcmp(k->md->topics[i].topic, name) == 0 &&
		    !k->md->topics[i].err)
			return &k->md->topics[i];
	return NULL;
}

/* Messages held (high - low over the partitions); -1 when unknown. */
static long long held(struct kafka *k, const struct rd_kafka_metadata_topic *t)
{
	long long sum = 0;
	for (int p = 0; p < t->partition_cnt; p++) {
		int64_t lo = 0, hi = 0;
		rd_kafka_resp_err_t e = rk.watermarks(
		    k->h, t->topic, t->partitions[p].id, &lo, &hi,
		    ms_left(k, 2000));
		if (e) {
			if (!k->why)
				k->why = xasprintf("%s: %s", t->topic,
				                   rk.err2str(e));
			return -1;
		}
		sum += hi - lo;
	}
	return sum;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The topic prefixes of one database's outbox: its connectors' route,
 * else Debezium's outbox.event.<db>. . */
static size_t prefixes(const struct live_ctx *c, bool pg, const char **v,
                       size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_conns && n + 1 < cap; i++)
		if ((pg ? c->conns[i].pg : c->conns[i].mysql) &&
		    c->conns[i].route && *c->conns[i].route)
			v[n++] = c->conns[i].route;
	if (!n)
		v[n++] = pg ? "outbox.event.postgres." : "outbox.event.mysql.";
	return n;
}

static bool connector_runs(const struct live_ctx *c, bool pg)
{
	for (size_t i = 0; i < c->n_conns; i++)
		if ((pg ? c->conns[i].pg : c->conns[i].mysql) &&
		    c->conns[i].running)
			return true;
	return false;
}

/* One database's topics: 1 when some exist, else 0. */
static int events(struct kafka *k, bool pg)
{
	struct live_ctx *c = k->c;
	const char *pre[8];
	size_t np = prefixes(c, pg, pre, 8);
	enum live_check lc = pg ? LC_PG_EVENTS : LC_MYSQL_EVENTS;
	const char *empty = NULL, *db = pg ? "PostgreSQL" : "MySQL";
	size_t found = 0;

	for (int i = 0; i < k->md->topic_cnt; i++) {
		const struct rd_kafka_metadata_topic *t = &k->md->topics[i];
		bool match = false;
		for (size_t j = 0; j < np && !match; j++)
			match = starts(t->topic, pre[j]);
		if (!match || t->err)
			continue;
		found++;
		long long n = held(k, t);
		if (n > 0) {
			char *f = xasprintf("kafka:%s", t->topic);
			live_add(c, lc, PROBE_VERIFIED, f,
			         "%s holds %lld message%s", t->topic, n,
			         n == 1 ? "" : "s");
			free(f);
			return 1;
		}
		if (n == 0 && !empty)
			empty = t->topic;
	}
	if (empty) {
		char *f = xasprintf("kafka:%s", empty);
		live_add(c, lc, PROBE_CONTRADICTED, f,
		         "the %s topics (%s*) exist but hold no message", db,
		         pre[0]);
		free(f);
	} else if (!found) {
		char *f = xasprintf("kafka:%s*", pre[0]);
		live_add(c, lc,
		         connector_runs(c, pg) ? PROBE_CONTRADICTED
		                               : PROBE_NOT_FOUND,
		         f, "no topic %s* in Kafka%s", pre[0],
		         connector_runs(c, pg) ? " though its connector runs"
		                               : "");
		free(f);
	}
	return found > 0;
}

static void history(struct kafka *k)
{
	struct live_ctx *c = k->c;
	const struct live_conn *a = NULL, *b = NULL, *missing = NULL;
	size_t n = 0;

	for (size_t i = 0; i < c->n_conns; i++) {
		const struct live_conn *x = &c->conns[i];
		if (!x->mysql || !x->history)
			continue;
		n++;
		if (!find(k, x->history) && !missing)
			missing = x;
		for (size_t j = 0; j < i && !a; j++)
			if (c->conns[j].mysql && c->conns[j].history &&
			    strcmp(c->conns[j].history, x->history) == 0) {
				a = &c->conns[j];
				b = x;
			}
	}
	if (!n)
		return;
	if (a) {
		char *f = xasprintf("kafka:%s", a->history);
		/* One finding, two entries: the item and mistake 7. */
		for (int m7 = 0; m7 < 2; m7++)
			live_add(c, m7 ? LC_M7 : LC_HISTORY, PROBE_CONTRADICTED, f,
			         "connectors %s and %s share the schema history "
			         "topic %s",
			         a->name, b->name, a->history);
		free(f);
		return;
	}
	if (missing) {
		char *f = xasprintf("kafka:%s", missing->history);
		live_add(c, LC_HISTORY, PROBE_NOT_FOUND, f,
		         "connector %s's schema history topic %s is not in "
		         "Kafka",
		         missing->name, missing->history);
		free(f);
		return;
	}
	for (size_t i = 0; i < c->n_conns; i++)
		if (c->conns[i].mysql && c->conns[i].history) {
			char *f = xasprintf("kafka:%s", c->conns[i].history);
			for (int m7 = 0; m7 < 2; m7++)
				live_add(c, m7 ? LC_M7 : LC_HISTORY, PROBE_VERIFIED, f,
				         "%zu MySQL connectors, each with its own "
				         "schema history topic in Kafka",
				         n);
			free(f);
			break;
		}
}

/* source_database anywhere in the first levels of an event (the
 * record itself, Debezium's "after" or "payload"). */
static const char *source_database(json_t *j, int depth)
{
	const char *key;
	json_t *v;
	if (!json_is_object(j) || depth > 3)
		return NULL;
	v = json_object_get(j, "source_database");
	if (json_is_string(v))
		return json_string_value(v);
	json_object_foreach(j, key, v)
	{
		const char *s = source_database(v, depth + 1);
		if (s)
			return s;
	}
	return NULL;
}

#define MAX_DISTINCT 8

static void sink(struct kafka *k)
{
	struct live_ctx *c = k->c;
	const char *name = c->sink.topic;
	const struct rd_kafka_metadata_topic *t;
	char *seen[MAX_DISTINCT];
	size_t n_seen = 0, read = 0, bytes = 0;
	char *f;

	if (!name)
		return;
	f = xasprintf("kafka:%s", name);
	if (!(t = find(k, name))) {
		live_add(c, LC_SOURCE_DATABASE, PROBE_NOT_FOUND, f,
		         "the sink topic %s is not in Kafka", name);
		free(f);
		return;
	}
	rd_kafka_topic_t *h = rk.topic_new(k->h, name, NULL);
	size_t quota = LIVE_MAX_MESSAGES / (size_t)(t->partition_cnt ? t->partition_cnt : 1);
	if (!quota)
		quota = 1;
	for (int p = 0; h && p < t->partition_cnt && read < LIVE_MAX_MESSAGES;
	     p++) {
		int32_t id = t->partitions[p].id;
		int64_t lo = 0, hi = 0;
		if (rk.watermarks(k->h, name, id, &lo, &hi, ms_left(k, 2000)) ||
		    hi <= lo)
			continue;
		int64_t from = hi - lo > (int64_t)quota ? hi - (int64_t)quota : lo;
		if (rk.consume_start(h, id, from) == -1)
			continue;
		for (int64_t off = from; off < hi && read < LIVE_MAX_MESSAGES &&
		                         bytes < LIVE_MAX_BYTES;) {
			int ms = ms_left(k, 1000);
			if (ms <= 0)
				break;
			rd_kafka_message_t *m = rk.consume(h, id, ms);
			if (!m)
				break;
			if (m->err) {
				bool eof = m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
				rk.message_destroy(m);
				if (eof)
					break;
				continue;
			}
			off = m->offset + 1;
			read++;
			bytes += m->len;
			json_t *j = m->payload ? json_loadb(m->payload, m->len,
			                                    0, NULL)
			                       : NULL;
			const char *s = source_database(j, 0);
			bool known = false;
			for (size_t i = 0; s && i < n_seen && !known; i++)
				known = strcmp(seen[i], s) == 0;
			if (s && !known && n_seen < MAX_DISTINCT)
				seen[n_seen++] = xstrdup(s);
			json_decref(j);
			rk.message_destroy(m);
		}
		rk.consume_stop(h, id);
	}
	if (h)
		rk.topic_destroy(h);
	if (n_seen >= 2)
		live_add(c, LC_SOURCE_DATABASE, PROBE_VERIFIED, f,
		         "source_database holds %s and %s (of %zu in the last "
		         "%zu messages)",
		         seen[0], seen[1], n_seen, read);
	else if (n_seen == 1)
		live_add(c, LC_SOURCE_DATABASE, PROBE_CONTRADICTED, f,
		         "the last %zu messages name one database only: "
		         "source_database = %s",
		         read, seen[0]);
	else
		live_add(c, LC_SOURCE_DATABASE, PROBE_NOT_FOUND, f,
		         "none of the last %zu messages has source_database",
		         read);
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(f);
}

void live_kafka(struct live_ctx *c, const char *bootstrap)
{
	struct kafka k = {.c = c};
	char errstr[512], ms[16], *why = NULL;
	rd_kafka_conf_t *conf;

	if (!load(&why)) {
		live_fail(c, LIVE_KAFKA, bootstrap, "%s", why);
		free(why);
		return;
	}
	live_deadline(&k.deadline, LIVE_SOURCE_S);
	conf = rk.conf_new();
	snprintf(ms, sizeof ms, "%d", LIVE_CONNECT_S * 1000);
	const char *settings[][2] = {
	    {"bootstrap.servers", bootstrap},
	    {"client.id", "selfgrade-probe"},
	    {"socket.connection.setup.timeout.ms", ms},
	    {"enable.auto.commit", "false"},
	    {"enable.auto.offset.store", "false"},
	    {"enable.partition.eof", "true"},
	    {"queued.max.messages.kbytes", "8192"},
	    {"log_level", "0"},
	};
	for (size_t i = 0; i < sizeof settings / sizeof *settings; i++)
		if (rk.conf_set(conf, settings[i][0], settings[i][1], errstr,
		                sizeof errstr) != RD_KAFKA_CONF_OK) {
			live_fail(c, LIVE_KAFKA, bootstrap, "%s", errstr);
			rk.conf_destroy(conf);
			return;
		}
	rk.conf_set_log_cb(conf, quiet);
	if (!(k.h = rk.new_(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr))) {
		rk.conf_destroy(conf);
		live_fail(c, LIVE_KAFKA, bootstrap, "%s", errstr);
		return;
	}
	rd_kafka_resp_err_t e =
	    rk.metadata(k.h, 1, NULL, &k.md, ms_left(&k, LIVE_CONNECT_S * 1000));
	if (e) {
		live_fail(c, LIVE_KAFKA, bootstrap, "%s", rk.err2str(e));
		rk.destroy(k.h);
		return;
	}
	int pg = events(&k, true), my = events(&k, false);
	const char *pp[8], *mp[8];
	prefixes(c, true, pp, 8);
	prefixes(c, false, mp, 8);
	if (pg && my)
		live_add(c, LC_TOPIC_NAMING, PROBE_VERIFIED, "kafka:outbox.event.*",
		         "topics %s* and %s* both exist", pp[0], mp[0]);
	else if (pg || my)
		live_add(c, LC_TOPIC_NAMING, PROBE_CONTRADICTED,
		         "kafka:outbox.event.*", "only %s's topics (%s*) exist",
		         pg ? "PostgreSQL" : "MySQL", pg ? pp[0] : mp[0]);
	else
		live_add(c, LC_TOPIC_NAMING, PROBE_NOT_FOUND,
		         "kafka:outbox.event.*", "neither %s* nor %s* is in Kafka",
		         pp[0], mp[0]);
	history(&k);
	sink(&k);
	if (k.why) {
		live_fail(c, LIVE_KAFKA, bootstrap, "%s", k.why);
		free(k.why);
	}
	rk.metadata_destroy(k.md);
	rk.destroy(k.h);
}
