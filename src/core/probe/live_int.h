/* SPDX-License-Identifier: MIT */
/* Shared by the live probe's files (live.c and one file per source): what
 * the project (or the live Connect configs) says the pipeline should be,
 * and how a check adds its result. Not a public header. */
#ifndef SELFGRADE_LIVE_INT_H
#define SELFGRADE_LIVE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "selfgrade/dynlib.h"
#include "selfgrade/live.h"

/* A connector config, from Kafka Connect or the project's files. */
struct live_conn {
	char *name;
	bool pg, mysql;
	bool running; /* Kafka Connect says it and its tasks run */
	char *server_id; /* database.server.id */
	char *history;   /* the schema history topic */
	char *prefix;    /* topic.prefix / database.server.name */
	char *slot;      /* slot.name */
	char *outbox;    /* the outbox table (table.include.list's last) */
	char *route;     /* the outbox router's topic, up to "${" */
};

/* The PyFlink job's Kafka tables (from *.py and *.sql). */
struct live_table {
	char *name, *topic;
};

struct live_column {
	char *name, *type;
};

enum live_check {
	LC_CONNECTORS,
	LC_WAL_LEVEL,
	LC_BINLOG,
	LC_SERVER_ID,
	LC_OUTBOX,
	LC_SLOT,
	LC_PG_EVENTS,
	LC_MYSQL_EVENTS,
	LC_TOPIC_NAMING,
	LC_HISTORY,
	LC_M7,
	LC_SOURCE_DATABASE,
	LC_FLINK,
	LC_PROMETHEUS,
	LC_COUNT
};

struct live_ctx {
	const struct pack *pack;
	struct probe_report *out;
	char ***failed;
	size_t *n_failed;

	struct live_conn *conns;
	size_t n_conns;
	struct live_table *sources; /* the job's Kafka sources */
	size_t n_sources;
	struct live_table sink; /* .name NULL: none found */

	/* The outbox tables as each database has them; *_seen: asked. */
	struct live_column *pg_cols, *my_cols;
	size_t n_pg_cols, n_my_cols;
	bool pg_seen, my_seen, my_json_checked;
	char *pg_outbox, *my_outbox;
};

/* The table name of the outbox in the connectors of one kind (else
 * "outbox"). */
const char *live_outbox_name(const struct live_ctx *c, bool pg);

/* Adds the result of check k (when the pack has its entry). file and the
 * value are cleaned here. */
void live_add(struct live_ctx *c, enum live_check k, enum probe_verdict v,
              const char *file, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* One line about source s at url (shown masked) that could not be asked. */
void live_fail(struct live_ctx *c, enum live_source s, const char *url,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Loads a source's client library (selfgrade/dynlib.h); false with a
 * line in *why naming the Debian package, or the function it lacks. */
bool live_load(struct dynlib *lib, const char *package, char **why);
/* Seconds left until the deadline, at least 0. */
double live_left(const struct timespec *deadline);
void live_deadline(struct timespec *d, double seconds);

/* The sources, each in its own file. */
void live_pg(struct live_ctx *c, const char *url);
void live_mysql(struct live_ctx *c, const char *url);
void live_kafka(struct live_ctx *c, const char *bootstrap);
void live_flink(struct live_ctx *c, const char *url);
void live_prometheus(struct live_ctx *c, const char *url);

/* GET url within the deadline: 0 and the body (NUL-terminated, at most
 * LIVE_MAX_BYTES) or -1 and why (caller frees either). */
int live_http_get(const char *url, const struct timespec *deadline,
                  char **body, size_t *len, char **why);

/* The percent-decoded copy of s[0..n). */
char *live_unescape(const char *s, size_t n);

#endif
