/* SPDX-License-Identifier: MIT */
/* probe: evidence from the learner's capstone project (or a running Kafka
 * Connect), printed and appended to the learner's log. The network is
 * here, in the command, never in the core: the core reads the REST
 * answer as text. */
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/evidence.h"
#include "selfgrade/probe.h"
#include "selfgrade/store.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

#define CONNECT_TIMEOUT_S 3L /* to open the connection */
#define TOTAL_TIMEOUT_S 5L   /* for the whole answer */
#define MAX_ANSWER (8u * 1024u * 1024u)

struct buf {
	char *p;
	size_t n, cap;
	bool too_big;
};

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct buf *b = ctx;
	size_t k = size * nmemb;
	if (b->n + k > MAX_ANSWER) {
		b->too_big = true;
		return 0; /* libcurl stops with a write error */
	}
	xgrow(&b->p, &b->cap, b->n + k + 1, 1);
	memcpy(b->p + b->n, data, k);
	b->n += k;
	b->p[b->n] = '\0';
	return k;
}

/* libcurl and the 27 libraries it pulls in (TLS, Kerberos, LDAP, ...)
 * cost every command 7-15 ms of start-up when linked; only `probe
 * --connect` uses them, so it loads libcurl then (its soname has been
 * libcurl.so.4 since 2006). */
static struct {
	CURL *(*init)(void);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	CURLcode (*getinfo)(CURL *, CURLINFO, ...);
	void (*cleanup)(CURL *);
	const char *(*strerror)(CURLcode);
} curl;

static bool load_curl(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		fprintf(stderr, _("selfgrade: cannot load libcurl: %s\n"),
		        dlerror());
		return false;
	}
	/* POSIX lets a data pointer become a function pointer this way. */
	*(void **)&curl.init = dlsym(h, "curl_easy_init");
	*(void **)&curl.setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&curl.perform = dlsym(h, "curl_easy_perform");
	*(void **)&curl.getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&curl.cleanup = dlsym(h, "curl_easy_cleanup");
	*(void **)&curl.strerror = dlsym(h, "curl_easy_strerror");
	if (!curl.init || !curl.setopt || !curl.perform || !curl.getinfo ||
	    !curl.cleanup || !curl.strerror) {
		fputs(_("selfgrade: libcurl.so.4 lacks curl_easy_*\n"), stderr);
		return false;
	}
	return true;
}

/* GET URL/connectors?expand=status&expand=info, within a few seconds. */
static int fetch_connectors(const char *url, struct buf *b)
{
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	char *full =
	    xasprintf("%.*s/connectors?expand=status&expand=info", (int)n, url);
	CURL *h = load_curl() ? curl.init() : NULL;
	long code = 0;
	CURLcode rc;

	if (!h) {
		free(full);
		fputs(_("selfgrade: cannot start libcurl\n"), stderr);
		return EXIT_DATA;
	}
	curl.setopt(h, CURLOPT_URL, full);
	curl.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl.setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
	curl.setopt(h, CURLOPT_TIMEOUT, TOTAL_TIMEOUT_S);
	curl.setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl.setopt(h, CURLOPT_NOPROXY, "*");
	curl.setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl.setopt(h, CURLOPT_WRITEDATA, b);
	curl.setopt(h, CURLOPT_USERAGENT, "selfgrade-probe");
	rc = curl.perform(h);
	curl.getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl.cleanup(h);
	if (rc != CURLE_OK) {
		if (b->too_big)
			fprintf(stderr,
			        _("selfgrade: %s: the answer is over %u bytes\n"),
			        full, MAX_ANSWER);
		else
			fprintf(
			    stderr,
			    _("selfgrade: cannot ask Kafka Connect at %s: %s\n"),
			    full, curl.strerror(rc));
		free(full);
		return EXIT_DATA;
	}
	if (code != 200) {
		fprintf(stderr, _("selfgrade: %s answered HTTP %ld, not 200\n"),
		        full, code);
		free(full);
		return EXIT_DATA;
	}
	free(full);
	return EXIT_OK;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int print_json(const struct session *ss, const char *dir,
                      const char *url, const struct probe_report *r)
{
	json_t *root = json_object(), *res = json_array(), *live = json_array(),
	       *notes = json_array();
	int rc;

	for (size_t i = 0; i < r->n_results; i++) {
		const struct probe_result *x = &r->results[i];
		json_array_append_new(
		    res,
		    json_pack("{s:s,s:s,s:s,s:s,s:o,s:i,s:s,s:o}", "probe",
		              x->probe->id, "for", x->probe->for_.id, "kind",
		              probe_kind_name(x->probe->kind), "verdict",
		              probe_verdict_name(x->verdict), "file",
		              jstr(x->file), "line", x->line, "value", x->value,
		              "file_hash",
		              jstr(x->file_hash[0] ? x->file_hash : NULL)));
	}
	for (size_t i = 0; i < r->n_live; i++)
		json_array_append_new(
		    live,
		    json_pack("{s:s,s:s,s:I,s:I}", "name", r->live[i].name,
		              "state", r->live[i].state, "tasks",
		              (json_int_t)r->live[i].tasks, "tasks_running",
		              (json_int_t)r->live[i].tasks_running));
	for (size_t i = 0; i < r->notes.n; i++)
		json_array_append_new(
		    notes,
		    json_pack("{s:s,s:i,s:i,s:s}", "file", r->notes.v[i].file,
		              "line", r->notes.v[i].line, "col",
		              r->notes.v[i].col, "message", r->notes.v[i].msg));
	json_object_set_new(root, "learner", json_string(ss->learner));
	json_object_set_new(root, "dir", jstr(dir));
	if (url)
		json_object_set_new(root, "connect", json_string(url));
	json_object_set_new(root, "contradicted",
	                    json_boolean(probe_report_contradicted(r)));
	json_object_set_new(root, "results", res);
	if (url)
		json_object_set_new(root, "connectors", live);
	else
		json_decref(live);
	json_object_set_new(root, "notes", notes);
	rc = json_dumpf(root, stdout, JSON_INDENT(2)) == 0 &&
	     fputc('\n', stdout) != EOF;
	json_decref(root);
	return rc ? EXIT_OK : EXIT_DATA;
}

static int print_text(const struct session *ss, const char *dir,
                      const struct probe_report *r)
{
	size_t count[PROBE_VERDICT_COUNT] = {0};
	bool ok = true;

	/* A folder unpacked from a learner's archive may be named anyhow. */
	if (dir)
		ok &= printf(_("project: %s\n"), cli_safe(dir)) >= 0;
	for (size_t i = 0; i < r->n_live; i++) {
		const struct probe_connector_state *c = &r->live[i];
		ok &= printf(P_("connector %s: %s, %zu of %zu task RUNNING\n",
		                "connector %s: %s, %zu of %zu tasks RUNNING\n",
		                c->tasks),
		             c->name, c->state, c->tasks_running, c->tasks) >= 0;
	}
	for (size_t i = 0; i < r->n_results; i++) {
		const struct probe_result *x = &r->results[i];
		count[x->verdict]++;
		ok &=
		    printf(_("%s: %s (for %s)\n"), _(probe_verdict_name(x->verdict)),
		           x->probe->id, x->probe->for_.id) >= 0;
		if (x->file && x->line)
			ok &= printf("  %s:%d: %s\n", x->file, x->line,
			             x->value) >= 0;
		else if (x->file)
			ok &= printf("  %s: %s\n", x->file, x->value) >= 0;
		else
			ok &= printf("  %s\n", x->value) >= 0;
	}
	if (count[PROBE_NOT_APPLICABLE])
		ok &= printf(_("%s: %zu verified, %zu contradicted, %zu not "
		               "found, %zu not applicable\n"),
		             ss->learner, count[PROBE_VERIFIED],
		             count[PROBE_CONTRADICTED], count[PROBE_NOT_FOUND],
		             count[PROBE_NOT_APPLICABLE]) >= 0;
	else
		ok &= printf(_("%s: %zu verified, %zu contradicted, %zu not "
		               "found\n"),
		             ss->learner, count[PROBE_VERIFIED],
		             count[PROBE_CONTRADICTED],
		             count[PROBE_NOT_FOUND]) >= 0;
	ok &= fflush(stdout) == 0;
	return ok ? EXIT_OK : EXIT_DATA;
}

int cmd_probe(struct cli *c)
{
	struct session ss;
	struct probe_report r;
	char *remembered = NULL, *real = NULL, *err = NULL, now[32];
	const char *dir;
	int rc = session_start(c, &ss);

	if (rc)
		return rc;
	if (store_probe_dir(ss.store, ss.learner_id, &remembered, &err)) {
		session_end(&ss);
		return cli_report_error(err);
	}
	/* A folder given is read; else the one read last; else, without
	 * --connect, the current one. */
	dir = c->argc      ? c->argv[0]
	      : remembered ? remembered
	      : c->connect ? NULL
	                   : ".";
	if (dir && !(real = realpath(dir, NULL))) {
		fprintf(stderr, _("selfgrade: %s: not a project folder: %s\n"),
		        dir, strerror(errno));
		free(remembered);
		session_end(&ss);
		return EXIT_DATA;
	}
	if (c->connect) {
		struct buf b = {0};
		rc = fetch_connectors(c->connect, &b);
		if (rc == EXIT_OK && probe_run_live(ss.pack, b.p ? b.p : "",
		                                    b.n, real, &r, &err))
			rc = cli_report_error(err);
		free(b.p);
	} else if (probe_run_dir(ss.pack, real, &r, &err)) {
		rc = cli_report_error(err);
	}
	if (rc) {
		free(real);
		free(remembered);
		session_end(&ss);
		return rc;
	}
	/* The evidence is in the log before anything is shown. */
	store_now(now);
	if (store_record_probes(ss.store, ss.learner_id, &r, now, NULL, &err) ||
	    (real &&
	     store_set_probe_dir(ss.store, ss.learner_id, real, now, &err)))
		rc = cli_report_error(err);
	if (rc == EXIT_OK) {
		for (size_t i = 0; i < r.notes.n && !c->json; i++)
			fprintf(stderr, _("note: %s:%d:%d: %s\n"),
			        r.notes.v[i].file, r.notes.v[i].line,
			        r.notes.v[i].col, r.notes.v[i].msg);
		rc = c->json ? print_json(&ss, real, c->connect, &r)
		             : print_text(&ss, real, &r);
		if (rc == EXIT_OK && probe_report_contradicted(&r))
			rc = EXIT_DATA;
	}
	probe_report_free(&r);
	free(real);
	free(remembered);
	session_end(&ss);
	return rc;
}
