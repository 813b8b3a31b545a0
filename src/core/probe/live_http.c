/* SPDX-License-Identifier: MIT */
/* The live HTTP sources: Kafka Connect's REST API (read by live.c), the
 * Flink JobManager's REST API and Prometheus's HTTP API, with libcurl
 * loaded on demand (its 27 libraries cost every other command 7-15 ms of
 * start-up when linked). Only GETs, only http and https, no proxy. */
#define _GNU_SOURCE
#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_int.h"
#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

#define CURL(X)                                                                \
	X(CURL *, init, "curl_easy_init", (void))                              \
	X(CURLcode, setopt, "curl_easy_setopt", (CURL *, CURLoption, ...))     \
	X(CURLcode, perform, "curl_easy_perform", (CURL *))                    \
	X(CURLcode, getinfo, "curl_easy_getinfo", (CURL *, CURLINFO, ...))     \
	X(void, cleanup, "curl_easy_cleanup", (CURL *))                        \
	X(const char *, strerror, "curl_easy_strerror", (CURLcode))
static struct {
	CURL(DYNLIB_FIELD)
} curl;
static const char *const curl_symbols[] = {CURL(DYNLIB_SYMBOL) NULL};
static struct dynlib libcurl =
    DYNLIB(curl, curl_symbols, "libcurl.so.4", "libcurl-gnutls.so.4");

static bool load(char **why)
{
	return live_load(&libcurl, "libcurl4", why);
}

struct buf {
	char *p;
	size_t n, cap;
	bool too_big;
};

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct buf *b = ctx;
	size_t k = size * nmemb;
	if (b->n + k > LIVE_MAX_BYTES) {
		b->too_big = true;
		return 0; /* libcurl stops with a write error */
	}
	xgrow(&b->p, &b->cap, b->n + k + 1, 1);
	memcpy(b->p + b->n, data, k);
	b->n += k;
	b->p[b->n] = '\0';
	return k;
}

int live_http_get(const char *url, const struct timespec *deadline,
                  char **body, size_t *len, char **why)
{
	struct buf b = {0};
	long code = 0, ms = (long)(live_left(deadline) * 1000);
	CURLcode rc;
	CURL *h;

	*body = NULL;
	*len = 0;
	if (!load(why))
		return -1;
	if (ms <= 0) {
		*why = xstrdup(curl.strerror(CURLE_OPERATION_TIMEDOUT));
		return -1;
	}
	if (!(h = curl.init())) {
		*why = xstrdup(_("cannot start libcurl"));
		return -1;
	}
	curl.setopt(h, CURLOPT_URL, url);
	curl.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl.setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
	            ms < LIVE_CONNECT_S * 1000L ? ms : LIVE_CONNECT_S * 1000L);
	curl.setopt(h, CURLOPT_TIMEOUT_MS, ms);
	curl.setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl.setopt(h, CURLOPT_NOPROXY, "*");
	curl.setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl.setopt(h, CURLOPT_WRITEDATA, &b);
	curl.setopt(h, CURLOPT_USERAGENT, "selfgrade-probe");
	rc = curl.perform(h);
	curl.getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl.cleanup(h);
	if (rc != CURLE_OK) {
		*why = b.too_big ? xasprintf(_("the answer is over %u bytes"),
		                             LIVE_MAX_BYTES)
		                 : xstrdup(curl.strerror(rc));
		free(b.p);
		return -1;
	}
	if (code != 200) {
		*why = xasprintf(_("answered HTTP %ld, not 200"), code);
		free(b.p);
		return -1;
	}
	*body = b.p ? b.p : xstrdup("");
	*len = b.n;
	return 0;
}

/* GET base + path as JSON; NULL after live_fail. */
static json_t *get_json(struct live_ctx *c, enum live_source s,
                        const char *base, const char *path,
                        const struct timespec *d)
{
	size_t n = strlen(base), len;
	char *body, *why = NULL;
	while (n && base[n - 1] == '/')
		n--;
	char *url = xasprintf("%.*s%s", (int)n, base, path);
	int rc = live_http_get(url, d, &body, &len, &why);
	free(url);
	if (rc) {
		live_fail(c, s, base, "%s: %s", path, why);
		free(why);
		return NULL;
	}
	json_t *j = json_loadb(body, len, 0, NULL);
	free(body);
	if (!j)
		live_fail(c, s, base, _("%s: the answer is no JSON"), path);
	return j;
}

/* ---- Flink ------------------------------------------------------------------ */

static long long records(json_t *vertex)
{
	json_t *m = json_object_get(vertex, "metrics");
	long long r = json_integer_value(json_object_get(m, "read-records"));
	long long w = json_integer_value(json_object_get(m, "write-records"));
	/* A source vertex reads from Kafka, not from another vertex: Flink
	 * counts what it emits as written. */
	return r > w ? r : w;
}

/* Whether the vertex's name names table t as a whole word. */
static bool names_table(const char *vertex, const char *t)
{
	size_t n = strlen(t);
	for (const char *p = strstr(vertex, t); p; p = strstr(p + 1, t)) {
		bool before = p == vertex || !(isalnum((unsigned char)p[-1]) ||
		                               p[-1] == '_');
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (before && after)
			return true;
	}
	return false;
}

/* How the job reads the sources: the number of sources it reads records
 * from; *idle the first source it has but reads nothing from. */
static size_t job_reads(const struct live_ctx *c, json_t *job,
                        size_t *present, const char **idle, size_t *total)
{
	json_t *vs = json_object_get(job, "vertices");
	size_t reading = 0;
	*present = 0;
	*idle = NULL;
	*total = 0;
	if (c->n_sources) {
		for (size_t i = 0; i < c->n_sources; i++) {
			long long best = -1;
			for (size_t j = 0; j < json_array_size(vs); j++) {
				json_t *v = json_array_get(vs, j);
				const char *name = json_string_value(
				    json_object_get(v, "name"));
				if (name && names_table(name, c->sources[i].name)) {
					long long r = records(v);
					best = r > best ? r : best;
				}
			}
			if (best < 0)
				continue;
			(*present)++;
			*total += (size_t)best;
			if (best > 0)
				reading++;
			else if (!*idle)
				*idle = c->sources[i].name;
		}
		return reading;
	}
	/* No job in the project: every source vertex counts. */
	for (size_t j = 0; j < json_array_size(vs); j++) {
		json_t *v = json_array_get(vs, j);
		const char *name = json_string_value(json_object_get(v, "name"));
		if (!name || strncmp(name, "Source:", 7) != 0)
			continue;
		(*present)++;
		long long r = records(v);
		*total += (size_t)(r > 0 ? r : 0);
		if (r > 0)
			reading++;
		else if (!*idle)
			*idle = name;
	}
	return reading;
}

void live_flink(struct live_ctx *c, const char *url)
{
	struct timespec d;
	json_t *all, *best = NULL;
	size_t best_reading = 0, best_present = 0, best_total = 0, running = 0;
	const char *best_idle = NULL;
	size_t need = c->n_sources ? c->n_sources : 2;

	live_deadline(&d, LIVE_SOURCE_S);
	if (!(all = get_json(c, LIVE_FLINK, url, "/jobs/overview", &d)))
		return;
	json_t *jobs = json_object_get(all, "jobs");
	for (size_t i = 0; i < json_array_size(jobs); i++) {
		json_t *o = json_array_get(jobs, i);
		const char *jid = json_string_value(json_object_get(o, "jid"));
		const char *st = json_string_value(json_object_get(o, "state"));
		if (!jid || !st || strcmp(st, "RUNNING") != 0)
			continue;
		running++;
		/* The id goes into a path: only what Flink makes (hex). */
		bool hex = *jid != '\0';
		for (const char *p = jid; *p; p++)
			hex &= isxdigit((unsigned char)*p) != 0;
		if (!hex)
			continue;
		char *path = xasprintf("/jobs/%s", jid);
		json_t *job = get_json(c, LIVE_FLINK, url, path, &d);
		free(path);
		if (!job)
			break;
		size_t present, total;
		const char *idle;
		size_t reading = job_reads(c, job, &present, &idle, &total);
		if (!best || reading > best_reading ||
		    (reading == best_reading && present > best_present)) {
			json_decref(best);
			best = job;
			best_reading = reading;
			best_present = present;
			best_idle = idle;
			best_total = total;
		} else {
			json_decref(job);
		}
	}
	if (!running) {
		live_add(c, LC_FLINK, PROBE_CONTRADICTED, "flink:",
		         "no Flink job is RUNNING (%zu jobs)",
		         json_array_size(jobs));
	} else if (best) {
		const char *name =
		    json_string_value(json_object_get(best, "name"));
		char *f = xasprintf("flink:%s", name ? name : "?");
		if (best_reading >= need && best_reading >= 2)
			live_add(c, LC_FLINK, PROBE_VERIFIED, f,
			         "RUNNING, %zu sources read %zu records", best_reading,
			         best_total);
		else if (best_idle)
			live_add(c, LC_FLINK, PROBE_CONTRADICTED, f,
			         "RUNNING, but source %s has read nothing",
			         best_idle);
		else
			live_add(c, LC_FLINK, PROBE_CONTRADICTED, f,
			         "RUNNING, reads %zu of the %zu source tables",
			         best_present, need);
		free(f);
	}
	json_decref(best);
	json_decref(all);
}

/* ---- Prometheus ------------------------------------------------------------- */

static bool metric_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != ':')
			return false;
	return true;
}

static bool contains_ci(const char *s, const char *w)
{
	return strcasestr(s, w) != NULL;
}

/* Whether a series' labels say it is MySQL's: a plugin, connector, context
 * or server name that says mysql, or names a MySQL connector. */
static bool mysql_series(const struct live_ctx *c, json_t *labels)
{
	const char *key;
	json_t *v;
	json_object_foreach(labels, key, v)
	{
		const char *s = json_string_value(v);
		if (!s || strcmp(key, "__name__") == 0)
			continue;
		if (contains_ci(s, "mysql"))
			return true;
		for (size_t i = 0; i < c->n_conns; i++)
			if (c->conns[i].mysql &&
			    ((c->conns[i].prefix &&
			      strcmp(s, c->conns[i].prefix) == 0) ||
			     strcmp(s, c->conns[i].name) == 0))
				return true;
	}
	return false;
}

void live_prometheus(struct live_ctx *c, const char *url)
{
	struct timespec d;
	json_t *names;
	char *pg = NULL, *mysql = NULL;

	live_deadline(&d, LIVE_SOURCE_S);
	if (!(names = get_json(c, LIVE_PROMETHEUS, url,
	                       "/api/v1/label/__name__/values", &d)))
		return;
	json_t *data = json_object_get(names, "data");
	for (size_t i = 0; i < json_array_size(data); i++) {
		const char *n = json_string_value(json_array_get(data, i));
		if (!n || !metric_name_ok(n))
			continue;
		if (!pg && contains_ci(n, "slot") &&
		    (contains_ci(n, "lag") || contains_ci(n, "lsn") ||
		     contains_ci(n, "wal")))
			pg = xstrdup(n);
		if (mysql || !contains_ci(n, "millisecondsbehindsource"))
			continue;
		char *path = xasprintf("/api/v1/series?match%%5B%%5D=%s", n);
		json_t *series = get_json(c, LIVE_PROMETHEUS, url, path, &d);
		free(path);
		if (!series)
			break;
		json_t *sd = json_object_get(series, "data");
		for (size_t j = 0; j < json_array_size(sd) && !mysql; j++)
			if (mysql_series(c, json_array_get(sd, j)))
				mysql = xstrdup(n);
		json_decref(series);
	}
	if (pg && mysql) {
		char *f = xasprintf("prometheus:%s", mysql);
		live_add(c, LC_PROMETHEUS, PROBE_VERIFIED, f,
		         "PostgreSQL slot lag in %s, MySQL's lag in %s", pg,
		         mysql);
		free(f);
	} else if (pg || mysql) {
		char *f = xasprintf("prometheus:%s", pg ? pg : mysql);
		live_add(c, LC_PROMETHEUS, PROBE_CONTRADICTED, f,
		         pg ? "only PostgreSQL's slot lag (%s); no MySQL "
		              "MilliSecondsBehindSource"
		            : "only MySQL's MilliSecondsBehindSource (%s); no "
		              "PostgreSQL slot lag",
		         pg ? pg : mysql);
		free(f);
	} else {
		live_add(c, LC_PROMETHEUS, PROBE_NOT_FOUND, "prometheus:",
		         "neither a PostgreSQL slot lag nor a MySQL "
		         "MilliSecondsBehindSource series");
	}
	free(pg);
	free(mysql);
	json_decref(names);
}
