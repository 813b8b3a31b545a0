/* SPDX-License-Identifier: MIT */
/* Live probes: evidence from the learner's running pipeline (PostgreSQL,
 * MySQL, Kafka, Kafka Connect, Flink, Prometheus) beside the file probes.
 * Each live check gives a probe result (selfgrade/probe.h) whose file is
 * "pg:TABLE", "mysql:VARIABLE", "kafka:TOPIC", "connect:NAME",
 * "flink:JOB" or "prometheus:METRIC", so it goes into the log and every
 * view as a file probe's does.
 *
 * Read only and bounded: SELECT/SHOW and metadata; 3 s to connect and 5 s
 * per source; at most LIVE_MAX_MESSAGES messages and LIVE_MAX_BYTES read
 * of one topic; never a commit, a consumer group or a produce. The client
 * libraries (libpq, libmariadb, librdkafka, libcurl) are loaded with
 * dlopen when a source asks for one. What a server says is cleaned by
 * utf8_escape_foreign() as a project file's contents are. */
#ifndef SELFGRADE_LIVE_H
#define SELFGRADE_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "selfgrade/content.h"
#include "selfgrade/probe.h"

#define LIVE_CONNECT_S 3 /* seconds to reach a source */
#define LIVE_SOURCE_S 5  /* seconds for all of one source */
#define LIVE_MAX_MESSAGES 100
#define LIVE_MAX_BYTES (8u * 1024u * 1024u)

/* The sources of one run, as the learner gave them; NULL: not asked. */
enum live_source {
	LIVE_CONNECT,
	LIVE_PG,
	LIVE_MYSQL,
	LIVE_KAFKA,
	LIVE_FLINK,
	LIVE_PROMETHEUS,
	LIVE_SOURCES
};

struct live_endpoints {
	char *url[LIVE_SOURCES];
};

/* The option naming source s: "--pg", ... */
const char *live_option(enum live_source s);

/* The endpoint without its password (kept per learner, so a later run, or
 * the tutor's P, asks the same sources; the password then comes from the
 * environment or a password file as each client reads them). Caller
 * frees. */
char *live_strip(enum live_source s, const char *url);
/* The endpoint with its password replaced by "***", for every message
 * and view. Caller frees. */
char *live_mask(enum live_source s, const char *url);

bool live_any(const struct live_endpoints *e);
void live_endpoints_free(struct live_endpoints *e);

/* Runs the file probes over dir (NULL: none) or, with a Kafka Connect
 * endpoint, over its live configs (probe_run_live), then every live check
 * the endpoints allow, appended to out->results. A source that cannot be
 * reached is one line in *failed ("--mysql mysql://u:***@h:3307:
 * connection refused"; caller frees each and the vector) and its checks
 * say nothing; the others still run. Returns -1 with *err only when the
 * folder cannot be read or Connect's answer is no JSON object. */
int live_run(const struct pack *p, const char *dir,
             const struct live_endpoints *e, struct probe_report *out,
             char ***failed, size_t *n_failed, char **err);

/* "live-pg", "live-kafka", ... for a live check's probe; NULL for a
 * probe of the pack. */
const char *live_kind_name(const struct pack_probe *p);

#endif
