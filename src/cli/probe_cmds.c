/* SPDX-License-Identifier: MIT */
/* probe: evidence from the learner's capstone project and its running
 * pipeline (Kafka Connect, PostgreSQL, MySQL, Kafka, Flink, Prometheus),
 * printed and appended to the learner's log. The sources are asked by
 * the core (selfgrade/live.h), with each client library loaded only when
 * its source is named. */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/evidence.h"
#include "selfgrade/live.h"
#include "selfgrade/probe.h"
#include "selfgrade/store.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int print_json(const struct session *ss, const char *dir,
                      const struct live_endpoints *e,
                      const struct probe_report *r)
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
		              live_kind_name(x->probe)
		                  ? live_kind_name(x->probe)
		                  : probe_kind_name(x->probe->kind),
		              "verdict",
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
	/* Each source asked, its password shown as ***. */
	json_t *sources = json_object();
	for (int k = 0; k < LIVE_SOURCES; k++)
		if (e->url[k]) {
			char *m = live_mask(k, e->url[k]);
			json_object_set_new(sources, live_option(k) + 2,
			                    json_string(m));
			free(m);
		}
	if (e->url[LIVE_CONNECT])
		json_object_set(root, "connect",
		                json_object_get(sources, "connect"));
	if (json_object_size(sources))
		json_object_set_new(root, "live", sources);
	else
		json_decref(sources);
	json_object_set_new(root, "contradicted",
	                    json_boolean(probe_report_contradicted(r)));
	json_object_set_new(root, "results", res);
	if (e->url[LIVE_CONNECT])
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

/* The sources of this run: those given, else those asked last. */
static int endpoints(const char *const opt[LIVE_SOURCES], struct session *ss,
                     struct live_endpoints *e, bool *given, char **err)
{
	memset(e, 0, sizeof *e);
	*given = false;
	for (int k = 0; k < LIVE_SOURCES; k++)
		if (opt[k]) {
			e->url[k] = xstrdup(opt[k]);
			*given = true;
		}
	if (*given)
		return 0;
	return store_probe_live(ss->store, ss->learner_id, e, err);
}

int cmd_probe(struct cli *c)
{
	struct session ss;
	struct probe_report r;
	struct live_endpoints e;
	char *remembered = NULL, *real = NULL, *err = NULL, now[32];
	char **failed = NULL;
	size_t n_failed = 0;
	const char *dir, *url[LIVE_SOURCES] = {0};
	bool given, json = false;
	/* The live sources: one option each, any mix. */
	const struct cli_opt opts[] = {
	    CLI_OPT_FLAG("json", &json),
	    CLI_OPT_TEXT("connect", &url[LIVE_CONNECT]),
	    CLI_OPT_TEXT("pg", &url[LIVE_PG]),
	    CLI_OPT_TEXT("mysql", &url[LIVE_MYSQL]),
	    CLI_OPT_TEXT("kafka", &url[LIVE_KAFKA]),
	    CLI_OPT_TEXT("flink", &url[LIVE_FLINK]),
	    CLI_OPT_TEXT("prometheus", &url[LIVE_PROMETHEUS]),
	    CLI_OPT_END,
	};
	int rc = cli_parse(c, opts);

	if (rc || (rc = session_start(c, &ss)))
		return rc;
	if (store_probe_dir(ss.store, ss.learner_id, &remembered, &err) ||
	    endpoints(url, &ss, &e, &given, &err)) {
		free(remembered);
		session_end(&ss);
		return cli_report_error(err);
	}
	/* A folder given is read; else the one read last; else, with no
	 * live source, the current one. */
	dir = c->argc      ? c->argv[0]
	      : remembered ? remembered
	      : live_any(&e) ? NULL
	                   : ".";
	if (dir && !(real = realpath(dir, NULL))) {
		fprintf(stderr, _("selfgrade: %s: not a project folder: %s\n"),
		        dir, strerror(errno));
		free(remembered);
		live_endpoints_free(&e);
		session_end(&ss);
		return EXIT_DATA;
	}
	if (live_run(ss.pack, real, &e, &r, &failed, &n_failed, &err)) {
		rc = cli_report_error(err);
		free(real);
		free(remembered);
		live_endpoints_free(&e);
		session_end(&ss);
		return rc;
	}
	/* A source that could not be asked is one line; the others still
	 * report. */
	for (size_t i = 0; i < n_failed; i++) {
		fprintf(stderr, "selfgrade: %s\n", failed[i]);
		free(failed[i]);
	}
	free(failed);
	/* The evidence is in the log before anything is shown. */
	store_now(now);
	if (store_record_probes(ss.store, ss.learner_id, &r, now, NULL, &err) ||
	    (real &&
	     store_set_probe_dir(ss.store, ss.learner_id, real, now, &err)) ||
	    (given && store_set_probe_live(ss.store, ss.learner_id, &e, now,
	                                   &err)))
		rc = cli_report_error(err);
	if (rc == EXIT_OK) {
		for (size_t i = 0; i < r.notes.n && !json; i++)
			fprintf(stderr, _("note: %s:%d:%d: %s\n"),
			        r.notes.v[i].file, r.notes.v[i].line,
			        r.notes.v[i].col, r.notes.v[i].msg);
		rc = json ? print_json(&ss, real, &e, &r)
		             : print_text(&ss, real, &r);
		if (rc == EXIT_OK &&
		    (probe_report_contradicted(&r) || n_failed))
			rc = EXIT_DATA;
	}
	probe_report_free(&r);
	live_endpoints_free(&e);
	free(real);
	free(remembered);
	session_end(&ss);
	return rc;
}
