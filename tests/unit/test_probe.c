/* SPDX-License-Identifier: MIT */
/* The probe engine, its loader and the evidence it leaves in the store:
 * the shipped pack's probes over the capstone fixtures (exact verdict, file
 * and line), hostile projects, probes.yaml's validation, and evidence
 * events that never change a state and are never undone. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "selfgrade/content.h"
#include "selfgrade/digest.h"
#include "selfgrade/evidence.h"
#include "selfgrade/probe.h"
#include "selfgrade/store.h"
#include "scratch.h"
#include "selfgrade/xalloc.h"
#include "probe/probe_int.h"
#include "content/probe_load.h"

#define MINIMAL SG_SOURCE_DIR "/tests/data/good/minimal"
#define CAPSTONE SG_SOURCE_DIR "/tests/data/capstone/"

static struct pack *shipped(void)
{
	struct pack *p = test_pack("checklists/multi-database");
	assert_non_null(p);
	return p;
}

static const struct probe_result *result(const struct probe_report *r,
                                         const char *id)
{
	for (size_t i = 0; i < r->n_results; i++)
		if (strcmp(r->results[i].probe->id, id) == 0)
			return &r->results[i];
	fail_msg("no result for probe %s", id);
	return NULL;
}

static void expect(const struct probe_report *r, const char *id,
                   enum probe_verdict v, const char *file, int line)
{
	const struct probe_result *x = result(r, id);
	if (x->verdict != v)
		fail_msg("%s: %s (%s), expected %s", id,
		         probe_verdict_name(x->verdict), x->value,
		         probe_verdict_name(v));
	if (file) {
		assert_non_null(x->file);
		assert_string_equal(x->file, file);
		assert_int_equal(x->line, line);
		/* Files are hashed; a live config has no file. */
		assert_int_equal(strlen(x->file_hash),
		                 strncmp(file, "connect:", 8) == 0 ? 0 : 64);
	}
}

static size_t count(const struct probe_report *r, enum probe_verdict v)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_results; i++)
		n += r->results[i].verdict == v;
	return n;
}

static void run(const struct pack *p, const char *dir, struct probe_report *r)
{
	char *err = NULL;
	if (probe_run_dir(p, dir, r, &err) != 0)
		fail_msg("%s", err);
}

static void test_good_project(void **state)
{
	struct pack *p = shipped();
	struct probe_report r;
	(void)state;

	assert_true(p->n_probes >= 20);
	run(p, CAPSTONE "good", &r);
	assert_int_equal(r.n_results, p->n_probes);
	assert_int_equal(count(&r, PROBE_VERIFIED), p->n_probes);
	assert_int_equal(r.notes.n, 0);
	assert_false(probe_report_contradicted(&r));
	expect(&r, "mysql.server-id.present", PROBE_VERIFIED,
	       "connectors/mysql-inventory.properties", 10);
	expect(&r, "mysql.server-id.not-server", PROBE_VERIFIED,
	       "connectors/mysql-inventory.properties", 10);
	assert_non_null(strstr(result(&r, "mysql.server-id.not-server")->value,
	                       "docker-compose.yml:11"));
	expect(&r, "topics.postgres", PROBE_VERIFIED,
	       "connectors/postgres-outbox.json", 16);
	expect(&r, "topics.mysql", PROBE_VERIFIED,
	       "connectors/mysql-outbox.json", 19);
	expect(&r, "pyflink.debezium-json", PROBE_VERIFIED,
	       "flink/unified_orders.py", 18);
	expect(&r, "pyflink.union-all", PROBE_VERIFIED,
	       "flink/unified_orders.py", 46);
	expect(&r, "monitoring.mysql-lag", PROBE_VERIFIED,
	       "monitoring/grafana-dashboard.json", 6);
	expect(&r, "docs.architecture", PROBE_VERIFIED, "docs/architecture.md",
	       5);
	expect(&r, "m9.mysql-recovery", PROBE_VERIFIED, "docs/runbook.md", 18);
	probe_report_free(&r);
	pack_free(p);
}

/* Each broken copy: its contradictions, where they are, and nothing else. */
static void test_broken_projects(void **state)
{
	static const struct {
		const char *dir, *probe, *file;
		int line;
		const char *says;
		size_t contradicted;
	} cases[] = {
	    {"m7", "m7.schema-history", "connectors/mysql-outbox.json", 15,
	     "also used by connectors/mysql-inventory.properties:15", 2},
	    {"m7", "schema-history.unique", "connectors/mysql-outbox.json", 15,
	     "schema-changes.mysql-outbox", 2},
	    {"m8", "m8.server-name", "connectors/postgres-outbox.json", 8,
	     "postgres_prod is also used by connectors/mysql-outbox.json:11",
	     2},
	    {"m8", "server-name.unique", "connectors/postgres-outbox.json", 8,
	     "topic.prefix", 2},
	    {"m9", "m9.mysql-recovery", "docs/runbook.md", 21,
	     "recreate the replication slot", 1},
	    {"bad-server-id", "mysql.server-id.range",
	     "connectors/mysql-outbox.json", 10, "outside 184000-184999", 2},
	    {"bad-server-id", "mysql.server-id.not-server",
	     "connectors/mysql-outbox.json", 10,
	     "the same as docker-compose.yml:11", 2},
	};
	struct pack *p = shipped();
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct probe_report r;
		char *dir = xasprintf(CAPSTONE "%s", cases[i].dir);
		run(p, dir, &r);
		expect(&r, cases[i].probe, PROBE_CONTRADICTED, cases[i].file,
		       cases[i].line);
		if (!strstr(result(&r, cases[i].probe)->value, cases[i].says))
			fail_msg("%s: '%s' does not say '%s'", cases[i].dir,
			         result(&r, cases[i].probe)->value,
			         cases[i].says);
		assert_int_equal(count(&r, PROBE_CONTRADICTED),
		                 cases[i].contradicted);
		assert_int_equal(count(&r, PROBE_NOT_FOUND), 0);
		assert_true(probe_report_contradicted(&r));
		probe_report_free(&r);
		free(dir);
	}
	pack_free(p);
}

static void write_file(const char *dir, const char *name, const char *text,
                       size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!len)
		len = strlen(text); /* 0: a text; binary files give theirs */
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static bool has_note(const struct probe_report *r, const char *file, int line,
                     const char *says)
{
	for (size_t i = 0; i < r->notes.n; i++)
		if (strcmp(r->notes.v[i].file, file) == 0 &&
		    r->notes.v[i].line == line &&
		    strstr(r->notes.v[i].msg, says))
			return true;
	return false;
}

static void test_hostile_project(void **state)
{
	char *dir = scratch_make("probe");
	struct pack *p = shipped();
	struct probe_report r;
	char *sub, *path;
	int fd;
	(void)state;

	assert_non_null(dir);
	sub = xasprintf("%s/connectors", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, "connectors/mysql.json",
	           "{\"connector.class\": \"MySqlConnector\",\n"
	           "  \"topic.prefix\": \"mysql_prod\",\n"
	           "  \"database.server.id\": 184001}\n",
	           0);
	write_file(dir, "connectors/broken.json",
	           "{\"connector.class\": \"x\",\n  \"a\": }\n", 0);
	write_file(dir, "connectors/blob.json", "{\"a\":\0\1\2\3}", 10);
	write_file(dir, "notes.md", "caf\xc3\x28 not UTF-8\n", 0);
	/* 100 MB, sparse: nothing is written but its length. */
	path = xasprintf("%s/connectors/huge.json", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 100L * 1024 * 1024), 0);
	close(fd);
	free(path);
	path = xasprintf("%s/etc", dir);
	assert_int_equal(symlink("/etc", path), 0);
	free(path);
	path = xasprintf("%s/connectors/passwd.json", dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	free(path);
	/* A link that stays inside is read (at its own name). */
	write_file(dir, "arch.md",
	           "```mermaid\nflowchart LR\n  PostgreSQL --> K\n"
	           "  MySQL --> K\n```\n",
	           0);
	path = xasprintf("%s/a-link.md", dir);
	assert_int_equal(symlink("arch.md", path), 0);
	free(path);
	path = xasprintf("%s/loop", dir);
	assert_int_equal(symlink(".", path),
	                 0); /* a folder link: not followed */
	free(path);
	path = xasprintf("%s/connectors/fifo.json", dir);
	assert_int_equal(mkfifo(path, 0600), 0); /* never opened: no hang */
	free(path);

	run(p, dir, &r);
	assert_true(has_note(&r, "connectors/huge.json", 1, "over the limit"));
	assert_true(has_note(&r, "connectors/blob.json", 1, "binary file"));
	assert_true(has_note(&r, "notes.md", 1, "binary file"));
	assert_true(has_note(&r, "connectors/broken.json", 2, "invalid JSON"));
	assert_true(has_note(&r, "etc", 1, "outside the project to /etc"));
	assert_true(
	    has_note(&r, "connectors/passwd.json", 1, "outside the project"));
	expect(&r, "mysql.server-id.range", PROBE_VERIFIED,
	       "connectors/mysql.json", 3);
	expect(&r, "mysql.server-id.not-server", PROBE_NOT_FOUND, NULL, 0);
	expect(&r, "docs.architecture", PROBE_VERIFIED, "a-link.md", 1);
	probe_report_free(&r);

	char *err = NULL;
	assert_int_equal(probe_run_dir(p, "/nonexistent/project", &r, &err),
	                 -1);
	assert_non_null(strstr(err, "not a project folder"));
	free(err);

	/* Remove what the test made, links first (never followed). */
	static const char *const made[] = {"connectors/mysql.json",
	                                   "connectors/broken.json",
	                                   "connectors/blob.json",
	                                   "connectors/huge.json",
	                                   "connectors/passwd.json",
	                                   "connectors/fifo.json",
	                                   "notes.md",
	                                   "etc",
	                                   "loop",
	                                   "arch.md",
	                                   "a-link.md"};
	for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
		path = xasprintf("%s/%s", dir, made[i]);
		assert_int_equal(unlink(path), 0);
		free(path);
	}
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
	free(sub);
	pack_free(p);
}

/* A run reads at most PROBE_MAX_TOTAL bytes in all: 66 files of the
 * largest size read (sparse, so nothing is written) fill it at 64. */
static void test_total_limit(void **state)
{
	char *dir = scratch_make("probe_total");
	struct pack *p = shipped();
	struct probe_report r;
	(void)state;

	assert_non_null(dir);
	for (int i = 0; i < 66; i++) {
		char *path = xasprintf("%s/f%02d.json", dir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		assert_true(fd >= 0);
		assert_int_equal(ftruncate(fd, PROBE_MAX_FILE), 0);
		close(fd);
		free(path);
	}
	run(p, dir, &r);
	assert_true(has_note(&r, "f63.json", 1, "binary file"));
	assert_true(
	    has_note(&r, "f64.json", 1, "reach the limit of 67108864 bytes"));
	assert_true(has_note(&r, "f65.json", 1, "reach the limit"));
	probe_report_free(&r);
	for (int i = 0; i < 66; i++) {
		char *path = xasprintf("%s/f%02d.json", dir, i);
		assert_int_equal(unlink(path), 0);
		free(path);
	}
	assert_int_equal(rmdir(dir), 0);
	free(dir);
	pack_free(p);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, k;
	char chunk[4096];

	if (!f)
		return NULL;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		xgrow(&buf, &cap, n + k + 1, 1);
		memcpy(buf + n, chunk, k);
		n += k;
	}
	fclose(f);
	if (!buf)
		buf = xstrdup("");
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* good/minimal with probes.yaml = text; the problems into d. */
static struct pack *with_probes(const char *text, struct diag_list *d)
{
	char *src[PF_COUNT];
	size_t len[PF_COUNT];
	struct pack *p;

	for (int f = 0; f < PF_COUNT; f++) {
		char *file = xasprintf("%s/%s", MINIMAL, pack_file_names[f]);
		src[f] = f == PF_PROBES ? xstrdup(text) : slurp(file, &len[f]);
		if (f == PF_PROBES)
			len[f] = strlen(text);
		free(file);
	}
	p = pack_load_mem((const char *const *)src, len, pack_file_names, d);
	for (int f = 0; f < PF_COUNT; f++)
		free(src[f]);
	return p;
}

static bool has_diag(const struct diag_list *d, int line, int col,
                     const char *says)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].file, "probes.yaml") == 0 &&
		    d->v[i].line == line && d->v[i].col == col &&
		    strstr(d->v[i].msg, says))
			return true;
	return false;
}

static void test_probes_yaml_validation(void **state)
{
	struct diag_list d = {0};
	struct pack *p;
	const char *first_item;
	(void)state;

	/* An id of the minimal pack to point at. */
	{
		struct diag_list d0 = {0};
		struct pack *m = pack_load(MINIMAL, &d0);
		assert_non_null(m);
		first_item = xstrdup(m->sections[0].items[0].id);
		pack_free(m);
	}
	char *good = xasprintf("probes:\n"
	                       "  - id: p.one\n"
	                       "    for: %s\n"
	                       "    kind: text-contains\n"
	                       "    files: \"**/*.md\"\n"
	                       "    pattern: \"x+\"\n",
	                       first_item);
	p = with_probes(good, &d);
	if (!p)
		diag_print(&d, stderr);
	assert_non_null(p);
	assert_int_equal(p->n_probes, 1);
	assert_int_equal(p->probes[0].kind, PROBE_TEXT_CONTAINS);
	assert_int_equal(p->probes[0].count, 1);
	char *json = pack_to_json(p);
	assert_non_null(strstr(json, "\"probes\""));
	assert_non_null(strstr(json, "\"p.one\""));
	free(json);
	pack_free(p);
	free(good);

	char *bad = xasprintf("probes:\n"
	                      "  - id: p.a\n"                        /* 2 */
	                      "    for: nope\n"                      /* 3 */
	                      "    kind: field-present\n"            /* 4 */
	                      "    files: [\"../*.json\", /etc/x]\n" /* 5 */
	                      "    colour: red\n"                    /* 6 */
	                      "    words: [a]\n"                     /* 7 */
	                      "  - id: p.b\n"                        /* 8 */
	                      "    for: %s\n"                        /* 9 */
	                      "    kind: text-contains\n"            /* 10 */
	                      "    files: \"*.md\"\n"                /* 11 */
	                      "    pattern: \"(\"\n"                 /* 12 */
	                      "  - id: p.b\n"                        /* 13 */
	                      "    for: %s\n"                        /* 14 */
	                      "    kind: guess\n"                    /* 15 */
	                      "    files: \"*.md\"\n"                /* 16 */
	                      "  - id: p.c\n"                        /* 17 */
	                      "    for: %s\n"                        /* 18 */
	                      "    kind: field-range\n"              /* 19 */
	                      "    files: \"*.json\"\n"              /* 20 */
	                      "    connector: X\n"                   /* 21 */
	                      "    field: f\n"                       /* 22 */
	                      "    min: 10\n"                        /* 23 */
	                      "    max: 5\n",                        /* 24 */
	                      first_item, first_item, first_item);
	p = with_probes(bad, &d);
	assert_null(p);
	assert_true(has_diag(&d, 3, 10, "'nope' names no id in this pack"));
	assert_true(has_diag(&d, 5, 13, "'../*.json' has a '.' or '..' part"));
	assert_true(has_diag(&d, 5, 26, "'/etc/x' is absolute"));
	assert_true(has_diag(&d, 6, 5, "unknown key 'colour' in probe"));
	assert_true(
	    has_diag(&d, 7, 12, "'words' does not apply to a field-present"));
	assert_true(
	    has_diag(&d, 2, 5, "a field-present probe needs 'connector'"));
	assert_true(
	    has_diag(&d, 12, 14, "not a POSIX extended regular expression"));
	assert_true(has_diag(&d, 15, 11, "unknown kind 'guess'"));
	assert_true(has_diag(&d, 13, 5, "duplicate id 'p.b'"));
	assert_true(has_diag(&d, 24, 10, "max 5 is below min 10"));
	diag_list_free(&d);

	/* needs and unless: where they apply, and unless's own keys. */
	char *keys = xasprintf("probes:\n"
	                       "  - id: p.u\n"                     /* 2 */
	                       "    for: %s\n"                     /* 3 */
	                       "    kind: field-present\n"         /* 4 */
	                       "    files: \"*.json\"\n"           /* 5 */
	                       "    connector: X\n"                /* 6 */
	                       "    field: f\n"                    /* 7 */
	                       "    unless: {field: g, colour: r}\n" /* 8 */
	                       "    needs: [X]\n"                  /* 9 */
	                       "  - id: p.v\n"                     /* 10 */
	                       "    for: %s\n"                     /* 11 */
	                       "    kind: text-contains\n"         /* 12 */
	                       "    files: \"*.md\"\n"             /* 13 */
	                       "    pattern: x\n"                  /* 14 */
	                       "    unless: {field: g, pattern: \"(\"}\n", /* 15 */
	                       first_item, first_item);
	p = with_probes(keys, &d);
	assert_null(p);
	assert_true(has_diag(&d, 8, 24, "unknown or repeated key 'colour' in unless"));
	assert_true(has_diag(&d, 8, 13, "unless: needs both 'field' and 'pattern'"));
	assert_true(has_diag(&d, 9, 12, "'needs' does not apply to a field-present"));
	assert_true(has_diag(&d, 15, 13, "'unless' does not apply to a text-contains"));
	assert_true(has_diag(&d, 15, 33, "not a POSIX extended regular expression"));
	diag_list_free(&d);
	free(keys);
	free(bad);
	free((char *)first_item);
}

static void test_globs(void **state)
{
	(void)state;
	assert_true(probe_glob_match("**/*.json", "a.json"));
	assert_true(probe_glob_match("**/*.json", "x/y/a.json"));
	assert_false(probe_glob_match("*.json", "x/a.json"));
	assert_true(probe_glob_match("connectors/*.json", "connectors/a.json"));
	assert_false(probe_glob_match("**/*.json", "x/.hidden.json"));
	assert_true(probe_glob_match("**/*runbook*.md", "docs/ops-runbook.md"));
	assert_non_null(probe_glob_problem("../x"));
	assert_non_null(probe_glob_problem("a/../../x"));
	assert_non_null(probe_glob_problem("/etc/*"));
	assert_null(probe_glob_problem("**/*.json"));
}

/* The literal filter before a regex never changes what matches: each
 * pattern (the shipped pack's and awkward ones) against lines that match
 * and lines that almost do, with and without the filter. */
static void test_rx_filter(void **state)
{
	(void)state;
	static const struct {
		const char *re;
		bool icase;
		const char *lit0; /* the first literal, or NULL: no filter */
	} pats[] = {
	    {"'connector'[[:space:]]*=[[:space:]]*'kafka'", false, "'connector'"},
	    {"'(value\\.)?format'[[:space:]]*=[[:space:]]*'debezium-json'", false,
	     "'debezium-json'"},
	    {"UNION[[:space:]]+ALL", true, "UNION"},
	    {"(^|[^[:alnum:]_])source_database([^[:alnum:]_]|$)", false,
	     "source_database"},
	    {"MilliSecondsBehindSource", true, "MilliSecondsBehindSource"},
	    {"pg_replication_slots|pg_wal_lsn_diff|confirmed_flush_lsn", false,
	     "pg_replication_slots"},
	    {"(^|[^[:alnum:]_.])server[-_]id[[:space:]]*[=:][[:space:]]*\"?([0-9]+)",
	     false, "server"},
	    {"recover|восстановлен", true, NULL},
	    {"ab?c", false, "a"},
	    {"x(y|z)*w+", false, "x"},
	    {"[]a]bc|d[^]e]f", false, "bc"},
	    {"a{2,3}bcd", false, "bcd"},
	    {"\\.json$", false, ".json"},
	    {"(a|b)", false, NULL},
	    {"schema[ ._-]?history", true, "history"},
	};
	static const char *const lines[] = {
	    "'connector' = 'kafka',", "'connector'='kafka'", "'connector' = 'file'",
	    "'value.format' = 'debezium-json'", "'format' = 'debezium-json'",
	    "'valueXformat' = 'debezium-json'", "union all", "UNION  ALL",
	    "unionall", "source_database STRING", "source_database_type: str",
	    "x.source_database", "millisecondsbehindsource", "pg_wal_lsn_diff(x)",
	    "confirmed_flush_lsn", "server-id = 1", "--server-id=1",
	    "database.server_id: 1", "  server_id: \"7\"", "Recover the slot",
	    "ВОССТАНОВЛЕНИЕ", "восстановление", "ac", "abc", "abbc", "xw", "xyzw",
	    "]bc", "abc", "dxf", "d]f", "aabcd", "bcd", "a.json", "ajson", "a", "c",
	    "Schema History", "schemahistory", "", "\xc3\xa9t\xc3\xa9",
	};
	for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
		struct rx r;
		regex_t raw;
		rx_init(&r, pats[i].re, pats[i].icase);
		assert_true(r.ok);
		if (pats[i].lit0) {
			assert_true(r.n_lits > 0);
			assert_string_equal(r.lits[0], pats[i].lit0);
		} else {
			assert_int_equal(r.n_lits, 0);
		}
		assert_int_equal(regcomp(&raw, pats[i].re,
		                         REG_EXTENDED |
		                             (pats[i].icase ? REG_ICASE : 0)),
		                 0);
		for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
			regmatch_t m;
			bool want = regexec(&raw, lines[k], 1, &m, 0) == 0;
			if (rx_match(&r, lines[k], &m, 1) != want)
				fail_msg("%s on \"%s\": filtered %d, regex %d",
				         pats[i].re, lines[k], !want, want);
		}
		regfree(&raw);
		rx_free(&r);
	}
}

/* A Kafka Connect REST answer in the documented shape. */
static void test_live(void **state)
{
	static const char answer[] =
	    "{\"mysql-outbox\": {\"info\": {\"name\": \"mysql-outbox\", "
	    "\"config\": {\"connector.class\": "
	    "\"io.debezium.connector.mysql.MySqlConnector\", "
	    "\"database.server.id\": \"184054\", \"topic.prefix\": \"shared\", "
	    "\"schema.history.internal.kafka.topic\": \"h1\"}, \"tasks\": [], "
	    "\"type\": \"source\"}, \"status\": {\"name\": \"mysql-outbox\", "
	    "\"connector\": {\"state\": \"RUNNING\", \"worker_id\": "
	    "\"w:8083\"}, "
	    "\"tasks\": [{\"id\": 0, \"state\": \"RUNNING\", \"worker_id\": "
	    "\"w:8083\"}], \"type\": \"source\"}},"
	    " \"pg-outbox\": {\"info\": {\"name\": \"pg-outbox\", \"config\": "
	    "{\"connector.class\": "
	    "\"io.debezium.connector.postgresql.PostgresConnector\", "
	    "\"database.server.name\": \"shared\"}}, \"status\": "
	    "{\"connector\": "
	    "{\"state\": \"RUNNING\"}, \"tasks\": [{\"id\": 0, \"state\": "
	    "\"FAILED\"}]}}}";
	struct pack *p = shipped();
	struct probe_report r;
	char *err = NULL;
	(void)state;

	assert_int_equal(
	    probe_run_live(p, answer, sizeof answer - 1, NULL, &r, &err), 0);
	assert_int_equal(r.n_live, 2);
	assert_string_equal(r.live[0].name, "mysql-outbox");
	assert_string_equal(r.live[0].state, "RUNNING");
	assert_int_equal(r.live[0].tasks_running, 1);
	assert_int_equal(r.live[1].tasks, 1);
	assert_int_equal(r.live[1].tasks_running, 0);
	expect(&r, "mysql.server-id.range", PROBE_VERIFIED,
	       "connect:mysql-outbox", 0);
	expect(&r, "m8.server-name", PROBE_CONTRADICTED, NULL, 0);
	assert_string_equal(result(&r, "m8.server-name")->file,
	                    "connect:pg-outbox");
	expect(&r, "pyflink.union-all", PROBE_NOT_FOUND, NULL, 0);
	assert_true(probe_report_contradicted(&r));
	probe_report_free(&r);

	assert_int_equal(probe_run_live(p, "<html>", 6, NULL, &r, &err), -1);
	assert_non_null(strstr(err, "not the JSON object"));
	free(err);
	pack_free(p);
}

static void add_run(struct store *s, int64_t learner, const struct pack *p,
                    const char *dir, const char *now)
{
	struct probe_report r;
	char *err = NULL;

	run(p, dir, &r);
	if (store_record_probes(s, learner, &r, now, NULL, &err))
		fail_msg("%s", err);
	probe_report_free(&r);
}

static void test_evidence_in_store(void **state)
{
	char *dir = scratch_make("probe_store");
	struct pack *p = shipped();
	struct store *s;
	struct evidence *ev;
	struct progress pr;
	struct store_undone undone;
	size_t n;
	int64_t learner;
	char *err = NULL, *path, *pdir;
	const struct evidence *e;
	(void)state;

	assert_non_null(dir);
	path = xasprintf("%s/progress.db", dir);
	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(
	    store_learner_add(s, "anna", "2026-01-01T00:00:00.000Z", &err), 0);
	assert_int_equal(store_learner_find(s, "anna", &learner, &err), 0);

	add_run(s, learner, p, CAPSTONE "good", "2026-01-01T00:00:01.000Z");
	add_run(s, learner, p, CAPSTONE "m7", "2026-01-01T00:00:02.000Z");
	assert_int_equal(store_latest_evidence(s, learner, &ev, &n, &err), 0);
	assert_int_equal(n, p->n_probes);
	e = evidence_for(ev, n, "m7");
	assert_non_null(e);
	assert_int_equal(e->verdict, PROBE_CONTRADICTED);
	assert_string_equal(e->probe_id, "m7.schema-history");
	assert_string_equal(e->file, "connectors/mysql-outbox.json");
	assert_int_equal(e->line, 15);
	assert_string_equal(e->at, "2026-01-01T00:00:02.000Z");
	assert_int_equal(strlen(e->file_hash), 64);
	e = evidence_for(ev, n, "s8.mysql-connector.server-id");
	assert_int_equal(e->verdict, PROBE_VERIFIED);
	assert_null(evidence_for(ev, n, "s8.mysql-outbox"));
	evidence_free(ev, n);

	/* Evidence is no tick, and undo has nothing to revert. */
	assert_int_equal(store_progress(s, learner, &pr, &err), 0);
	assert_int_equal(pr.n_states, 0);
	assert_int_equal(pr.n_notes, 0);
	progress_free(&pr);
	assert_int_equal(
	    store_undo(s, NULL, learner, "2026-01-01T00:00:03.000Z", &undone, &err),
	    0);
	assert_null(undone.id);

	/* The newest run wins per probe. */
	add_run(s, learner, p, CAPSTONE "good", "2026-01-01T00:00:04.000Z");
	assert_int_equal(store_latest_evidence(s, learner, &ev, &n, &err), 0);
	assert_int_equal(evidence_for(ev, n, "m7")->verdict, PROBE_VERIFIED);
	evidence_free(ev, n);

	assert_int_equal(store_probe_dir(s, learner, &pdir, &err), 0);
	assert_null(pdir);
	assert_int_equal(store_set_probe_dir(s, learner, "/x/y",
	                                     "2026-01-01T00:00:05.000Z", &err),
	                 0);
	assert_int_equal(store_probe_dir(s, learner, &pdir, &err), 0);
	assert_string_equal(pdir, "/x/y");
	free(pdir);

	store_close(s);
	static const char *const files[] = {"progress.db", "progress.db-wal",
	                                    "progress.db-shm"};
	for (size_t i = 0; i < 3; i++) {
		char *f = xasprintf("%s/%s", dir, files[i]);
		unlink(f);
		free(f);
	}
	assert_int_equal(rmdir(dir), 0);
	free(dir);
	free(path);
	pack_free(p);
}

/* Decoding is strict (imports carry these events from other machines),
 * and the latest word per probe follows time, not file order. */
static void test_evidence_events(void **state)
{
	struct prog_event ev[5] = {0};
	struct evidence e, *v;
	size_t n;
	(void)state;

	char *good[] = {"{\"file\":\"a.json\",\"line\":3,\"probe\":\"p1\","
	                "\"value\":\"x = 1\",\"verdict\":\"contradicted\"}",
	                "{\"file\":null,\"line\":0,\"probe\":\"p1\","
	                "\"value\":\"no file\",\"verdict\":\"not found\"}",
	                "{\"file\":\"b.md\",\"line\":7,\"probe\":\"p2\","
	                "\"value\":\"ok\",\"verdict\":\"verified\"}"};
	const char *at[] = {"2026-01-01T00:00:02.000Z",
	                    "2026-01-01T00:00:01.000Z",
	                    "2026-01-01T00:00:01.000Z"};
	for (int i = 0; i < 3; i++) {
		ev[i].seq = i + 1;
		ev[i].item_id = "m7";
		ev[i].field = "evidence";
		ev[i].new_ = good[i];
		ev[i].at = (char *)at[i];
		ev[i].text_hash = i == 1 ? NULL : "ab";
	}
	/* A tick in between is no evidence. */
	ev[3] = (struct prog_event){.seq = 4,
	                            .item_id = "m7",
	                            .field = "done",
	                            .new_ = "1",
	                            .at = "2026-01-01T00:00:03.000Z"};
	ev[4] = (struct prog_event){.seq = 5,
	                            .item_id = "m8",
	                            .field = "evidence",
	                            .new_ = "{\"probe\": 1}",
	                            .at = "2026-01-01T00:00:04.000Z"};

	assert_true(evidence_decode(&ev[0], &e));
	assert_string_equal(e.probe_id, "p1");
	assert_int_equal(e.verdict, PROBE_CONTRADICTED);
	assert_string_equal(e.file, "a.json");
	assert_int_equal(e.line, 3);
	assert_string_equal(e.file_hash, "ab");
	char *again = evidence_encode(&e);
	assert_string_equal(again, good[0]);
	free(again);
	evidence_clear(&e);
	assert_false(evidence_decode(&ev[3], &e));
	assert_false(evidence_decode(&ev[4], &e));
	static const char *const bad[] = {
	    "not json",
	    "[]",
	    "{\"file\":null,\"line\":-1,\"probe\":\"p\",\"value\":\"\","
	    "\"verdict\":\"verified\"}",
	    "{\"file\":null,\"line\":1,\"probe\":\"p\",\"value\":\"\","
	    "\"verdict\":\"maybe\"}",
	    "{\"file\":7,\"line\":1,\"probe\":\"p\",\"value\":\"\","
	    "\"verdict\":\"verified\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct prog_event b = ev[0];
		b.new_ = (char *)bad[i];
		assert_false(evidence_decode(&b, &e));
	}

	/* p1's latest is the one the log wrote last (the not-found), though
	 * the clock said the contradiction came later: the log's order
	 * counts, never the times written in it. */
	evidence_latest(ev, 5, &v, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].probe_id, "p1");
	assert_int_equal(v[0].verdict, PROBE_NOT_FOUND);
	assert_string_equal(v[1].probe_id, "p2");
	assert_int_equal(evidence_for(v, n, "m7")->verdict, PROBE_VERIFIED);
	assert_null(evidence_for(v, n, "m8"));
	evidence_free(v, n);

	/* States come only from ticks. */
	struct progress pr;
	progress_replay(ev, 5, &pr);
	assert_int_equal(pr.n_states, 1);
	assert_string_equal(pr.states[0].id, "m7");
	assert_int_equal(pr.n_notes, 0);
	progress_free(&pr);
}

/* A kind is a row in two tables (enum probe_kind): a row left out of
 * either, past the last one the build checks, is found here. */
static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* probe_file_changed() remembers a file it hashed (the tutor asks at
 * every reload) but never past a change: rewritten to the same size, or
 * replaced by another file, it is changed. */
static void test_file_changed_memo(void **state)
{
	char *dir = scratch_make("probe_memo"), *path, *other, hash[65];
	struct digest d;
	(void)state;

	assert_non_null(dir);
	path = xasprintf("%s/a.json", dir);
	other = xasprintf("%s/b.json", dir);
	put(path, "{\"a\": 1}");
	digest_init(&d);
	digest_bytes(&d, "{\"a\": 1}", 8);
	digest_final(&d, hash);
	/* Changed now, within the time resolution: asked, not remembered. */
	assert_int_equal(probe_file_changed(dir, "a.json", hash), 0);
	put(path, "{\"a\": 2}");
	assert_int_equal(probe_file_changed(dir, "a.json", hash), 1);
	put(path, "{\"a\": 1}");
	sleep(3); /* older than two seconds: remembered from here */
	assert_int_equal(probe_file_changed(dir, "a.json", hash), 0);
	assert_int_equal(probe_file_changed(dir, "a.json", hash), 0);
	put(path, "{\"a\": 3}"); /* the same size */
	assert_int_equal(probe_file_changed(dir, "a.json", hash), 1);
	put(path, "{\"a\": 1}");
	sleep(3);
	assert_int_equal(probe_file_changed(dir, "a.json", hash), 0);
	put(other, "{\"a\": 4}");
	assert_int_equal(rename(other, path), 0); /* another file, same name */
	assert_int_equal(probe_file_changed(dir, "a.json", hash), 1);
	free(path);
	free(other);
	assert_int_equal(scratch_remove(dir), 0);
}

static void test_kind_tables(void **state)
{
	(void)state;
	const char *list = probe_kind_list();
	for (int k = 0; k < PROBE_KIND_COUNT; k++) {
		const char *name = probe_kind_name((enum probe_kind)k);
		assert_non_null(name);
		assert_string_not_equal(name, "?");
		assert_int_equal(probe_kind_parse(name), k);
		assert_non_null(strstr(list, name));
		const struct probe_kind_run *run = &probe_kinds[k];
		assert_non_null(run->run);
		/* probe_field runs a kind by its check, and only it does. */
		assert_int_equal(run->run == probe_field, run->check != NULL);
		/* The engine reads text for the kinds whose probes name the
		 * connectors they are about by 'needs', configs for those
		 * that name them by 'connector'. */
		assert_int_equal(run->text,
		                 probe_kind_has_key((enum probe_kind)k, "needs"));
		assert_int_equal(!run->text, probe_kind_has_key((enum probe_kind)k,
		                                                "connector"));
	}
	assert_string_equal(probe_kind_name(PROBE_KIND_COUNT), "?");
	assert_int_equal(probe_kind_parse("guess"), -1);
	/* The list the "unknown kind" message gives, as it always read. */
	assert_string_equal(list, "field-present, field-equals, field-range, "
	                          "field-matches, field-unique, field-differs, "
	                          "text-contains, mermaid-names");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_project),
	    cmocka_unit_test(test_broken_projects),
	    cmocka_unit_test(test_hostile_project),
	    cmocka_unit_test(test_probes_yaml_validation),
	    cmocka_unit_test(test_globs),
	    cmocka_unit_test(test_rx_filter),
	    cmocka_unit_test(test_live),
	    cmocka_unit_test(test_evidence_in_store),
	    cmocka_unit_test(test_evidence_events),
	    cmocka_unit_test(test_total_limit),
	    cmocka_unit_test(test_kind_tables),
	    cmocka_unit_test(test_file_changed_memo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
