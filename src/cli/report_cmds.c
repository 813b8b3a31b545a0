/* SPDX-License-Identifier: MIT */
/* export, import, verify: reports for instructors. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/report.h"
#include "selfgrade/xalloc.h"

/* Exports bigger than this are not read (a cohort of thousands is a few
 * MiB). */
#define MAX_EXPORT (256u * 1024u * 1024u)

/* Writes the report to path through a temporary file beside it (mode
 * 0600), so that a reader never sees half a report: renamed over the
 * target with --force, else linked, which fails if the target exists. */
static int write_file(const struct report *r, enum report_format f,
		      const char *path, bool force)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp), rc = EXIT_DATA;
	FILE *out;

	if (fd < 0) {
		fprintf(stderr, "selfgrade: %s: cannot create: %s\n", path,
			strerror(errno));
		free(tmp);
		return EXIT_DATA;
	}
	out = fdopen(fd, "w");
	if (out && report_write(r, f, out) == 0 && fflush(out) == 0 &&
	    fsync(fd) == 0) {
		if (force ? rename(tmp, path) == 0 : link(tmp, path) == 0)
			rc = EXIT_OK;
		else if (errno == EEXIST)
			fprintf(stderr, "selfgrade: %s exists; use --force to "
					"replace it\n",
				path);
		else
			fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(errno));
	} else {
		fprintf(stderr, "selfgrade: %s: cannot write: %s\n", path,
			strerror(errno));
	}
	if (out)
		fclose(out);
	else
		close(fd);
	if (rc != EXIT_OK || !force)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cmd_export(struct cli *c)
{
	struct session ss;
	struct report r;
	char *err = NULL;
	int f = c->format ? report_format_of(c->format) : -1;
	int rc;

	if (f < 0) {
		fprintf(stderr, "selfgrade: export needs --format json, csv, md or "
				"html (see 'selfgrade --help')\n");
		return EXIT_USAGE;
	}
	if (c->force && !c->output) {
		fputs("selfgrade: --force goes with -o FILE\n", stderr);
		return EXIT_USAGE;
	}
	rc = session_open(c, &ss, c->all ? FOR_COHORT : FOR_LEARNER);
	if (rc != EXIT_OK)
		return rc;
	if (report_collect(ss.store, ss.pack,
			   c->all ? NULL : (const char *const[]){ss.learner}, 1,
			   f != REPORT_CSV, &r, &err)) {
		session_end(&ss);
		return cli_report_error(err);
	}
	if (c->output)
		rc = write_file(&r, (enum report_format)f, c->output, c->force);
	else if (report_write(&r, (enum report_format)f, stdout) ||
		 fflush(stdout) != 0)
		rc = EXIT_DATA;
	report_free(&r);
	session_end(&ss);
	return rc;
}

/* The whole file, or NULL with the reason printed. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t k;
		if (n + 65536 + 1 > cap)
			xgrow(&buf, &cap, n + 65536 + 1, 1);
		k = fread(buf + n, 1, cap - n - 1, f);
		n += k;
		if (n > MAX_EXPORT) {
			fprintf(stderr, "selfgrade: %s: larger than an export can be "
					"(%u MiB)\n",
				path, MAX_EXPORT >> 20);
			fclose(f);
			free(buf);
			return NULL;
		}
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "selfgrade: %s: cannot read: %s\n", path,
			strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Reads and checks one export: 0 and *r filled when it is sound. */
static int check_file(const char *path, const struct pack *p, struct report *r,
		      bool quiet_ok)
{
	char *text, *err = NULL, **problems = NULL;
	size_t len, n = 0;
	bool other;

	text = slurp(path, &len);
	if (!text)
		return EXIT_DATA;
	if (report_parse(text, len, path, p, r, &err)) {
		free(text);
		return cli_report_error(err);
	}
	free(text);
	report_verify(r, p, &problems, &n, &other);
	if (other)
		fprintf(stderr, "selfgrade: %s: warning: made from other content "
				"than the pack loaded (%s %s); levels are not "
				"re-derived\n",
			path, r->pack_id, r->pack_version);
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "selfgrade: %s: %s\n", path, problems[i]);
		free(problems[i]);
	}
	free(problems);
	if (n) {
		report_free(r);
		return EXIT_DATA;
	}
	if (!quiet_ok)
		printf("%s: ok: %zu learner%s, hash chains intact, states and "
		       "levels follow from the event logs\n",
		       path, r->n, r->n == 1 ? "" : "s");
	return EXIT_OK;
}

int cmd_verify(struct cli *c)
{
	struct pack *p = cli_load_pack(c);
	int rc = EXIT_OK;

	if (!p)
		return EXIT_DATA;
	for (int i = 0; i < c->argc; i++) {
		struct report r;
		if (check_file(c->argv[i], p, &r, false) == EXIT_OK)
			report_free(&r);
		else
			rc = EXIT_DATA;
	}
	pack_free(p);
	return rc;
}

int cmd_import(struct cli *c)
{
	struct session ss;
	int rc = session_open(c, &ss, FOR_COHORT), status = EXIT_OK;

	if (rc != EXIT_OK)
		return rc;
	for (int i = 0; i < c->argc; i++) {
		const char *path = c->argv[i];
		struct report r;
		struct store_merge *m;
		size_t added = 0;
		char now[32], *err = NULL;
		if (check_file(path, ss.pack, &r, true) != EXIT_OK) {
			fprintf(stderr, "selfgrade: %s: not imported; nothing "
					"changed\n",
				path);
			status = EXIT_DATA;
			continue;
		}
		m = report_merge_list(&r);
		store_now(now);
		if (store_merge(ss.store, ss.pack, m, r.n, now, &added, &err)) {
			fprintf(stderr, "selfgrade: %s: %s; nothing changed\n", path, err);
			free(err);
			status = EXIT_DATA;
		} else if (added) {
			printf("%s: imported %zu learner%s, %zu new change%s\n", path,
			       r.n, r.n == 1 ? "" : "s", added, added == 1 ? "" : "s");
		} else {
			printf("%s: nothing new (imported before)\n", path);
		}
		free(m);
		report_free(&r);
	}
	session_end(&ss);
	return status;
}
