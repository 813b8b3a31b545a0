/* SPDX-License-Identifier: MIT */
/* Setting up what a command works on: the pack, the store, the learner,
 * and the learner's view. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/evidence.h"
#include "selfgrade/name.h"
#include "selfgrade/review.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

#define NO_LEARNER_YET \
	N_("selfgrade: no learner yet: add one with 'selfgrade learner add NAME'\n")

int cli_report_error(char *err)
{
	fprintf(stderr, "selfgrade: %s\n", err);
	free(err);
	return EXIT_DATA;
}

/* The database: --db, SELFGRADE_DB, or the default path. */
/* *created (may be NULL): the file was not there before. */
static int open_store(const struct cli *c, struct store **s, bool *created)
{
	const char *env = getenv("SELFGRADE_DB");
	char *path = c->db ? xstrdup(c->db)
		     : env && *env ? xstrdup(env)
				   : store_default_path();
	char *err = NULL;
	size_t n;
	int rc;

	if (!path) {
		fputs(_("selfgrade: no database: set --db, SELFGRADE_DB or HOME\n"),
		      stderr);
		return EXIT_DATA;
	}
	n = strlen(path);
	if (n == 0 || strcmp(path, ":memory:") == 0 ||
	    strncmp(path, "file:", 5) == 0 || path[n - 1] == '/') {
		fprintf(stderr, _("selfgrade: --db '%s': %s (see 'selfgrade --help')\n"),
			path,
			n == 0		     ? _("an empty path names no file")
			: path[n - 1] == '/' ? _("names a folder, not a file")
					     : _("only a file path is taken, not "
						 "SQLite's in-memory or URI names"));
		free(path);
		return EXIT_USAGE;
	}
	if (c->readonly && access(path, F_OK) != 0 && errno == ENOENT) {
		/* Reading creates nothing: no database means nobody yet. */
		fputs(_(NO_LEARNER_YET), stderr);
		free(path);
		return EXIT_DATA;
	}
	if (created)
		*created = access(path, F_OK) != 0 && errno == ENOENT;
	rc = c->readonly ? store_open_readonly(path, s, &err)
			 : store_open(path, s, &err);
	free(path);
	return rc ? cli_report_error(err) : EXIT_OK;
}

int cli_open_store(const struct cli *c, struct store **s)
{
	return open_store(c, s, NULL);
}

/* Who the tutor opens for when no name was given: $USER's, or the first
 * of several (and the tutor asks); with none yet, the tutor's first
 * screen asks. */
static int default_learner(struct session *ss, char **names, size_t n,
			   char **name, bool *ask)
{
	const char *user = getenv("USER");

	for (size_t i = 0; user && i < n; i++)
		if (strcmp(names[i], user) == 0) {
			*name = xstrdup(user);
			return EXIT_OK;
		}
	if (n) {
		*name = xstrdup(names[0]);
		*ask = n > 1;
		return EXIT_OK;
	}
	if (!isatty(STDIN_FILENO)) {
		fputs(_(NO_LEARNER_YET), stderr);
		return EXIT_DATA;
	}
	/* The tutor's first screen asks the name ($USER offered). */
	ss->first_run = true;
	*name = NULL;
	return EXIT_OK;
}

/* --learner, SELFGRADE_LEARNER, or the only learner there is; for the
 * tutor (interactive), default_learner() instead of an error. */
static int resolve_learner(const struct cli *c, struct session *ss,
			   bool interactive)
{
	const char *env = getenv("SELFGRADE_LEARNER");
	const char *want = c->learner ? c->learner : env && *env ? env : NULL;
	char *err = NULL, **names;
	size_t n;
	int rc = EXIT_OK;

	if (want) {
		ss->learner = name_normal(want, NULL);
		if (!ss->learner)
			ss->learner = xstrdup(want);
	} else {
		if (store_learner_list(ss->store, &names, &n, &err))
			return cli_report_error(err);
		if (interactive) {
			rc = default_learner(ss, names, n, &ss->learner,
					     &ss->ask_learner);
		} else if (n == 1) {
			ss->learner = xstrdup(names[0]);
		} else if (n == 0) {
			fputs(_(NO_LEARNER_YET), stderr);
			rc = EXIT_DATA;
		} else {
			fputs(_("selfgrade: several learners: say whose progress "
				"with --learner NAME (see 'selfgrade learner list')\n"),
			      stderr);
			rc = EXIT_DATA;
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		if (rc != EXIT_OK)
			return rc;
	}
	if (ss->first_run)
		return EXIT_OK;
	if (store_learner_find(ss->store, ss->learner, &ss->learner_id, &err)) {
		free(ss->learner);
		ss->learner = NULL;
		return cli_report_error(err);
	}
	return EXIT_OK;
}

void session_end(struct session *ss)
{
	pack_free(ss->pack);
	store_close(ss->store);
	free(ss->learner);
}

int session_open(const struct cli *c, struct session *ss, enum session_for who)
{
	int rc;

	memset(ss, 0, sizeof *ss);
	ss->pack = cli_load_pack(c);
	if (!ss->pack)
		return EXIT_DATA;
	rc = open_store(c, &ss->store, &ss->created);
	if (rc == EXIT_OK && who != FOR_COHORT)
		rc = resolve_learner(c, ss, who == FOR_TUTOR);
	if (rc != EXIT_OK)
		session_end(ss);
	return rc;
}

int session_start(const struct cli *c, struct session *ss)
{
	return session_open(c, ss, FOR_LEARNER);
}

int session_view(const struct session *ss, struct learner_state *ls)
{
	char *err = NULL;

	memset(ls, 0, sizeof *ls);
	if (store_read_begin(ss->store, &err) ||
	    store_progress(ss->store, ss->learner_id, &ls->progress, &err) ||
	    store_sessions(ss->store, ss->learner_id, &ls->sessions,
			   &ls->n_sessions, &err) ||
	    store_latest_evidence(ss->store, ss->learner_id, &ls->evidence,
				  &ls->n_evidence, &err) ||
	    store_latest_reviews(ss->store, ss->learner_id, &ls->reviews,
				 &ls->n_reviews, &err)) {
		store_read_end(ss->store);
		learner_state_free(ls);
		return cli_report_error(err);
	}
	store_read_end(ss->store);
	store_mark_outdated(ss->store, ss->learner_id, ls->evidence, ls->n_evidence);
	ls->view = view_new(ss->pack, &ls->progress, ls->sessions, ls->n_sessions);
	view_use_evidence(ls->view, ls->evidence, ls->n_evidence);
	view_use_reviews(ls->view, ls->reviews, ls->n_reviews);
	return EXIT_OK;
}

void learner_state_free(struct learner_state *ls)
{
	view_free(ls->view);
	evidence_free(ls->evidence, ls->n_evidence);
	review_free(ls->reviews, ls->n_reviews);
	progress_free(&ls->progress);
	store_sessions_free(ls->sessions, ls->n_sessions);
	memset(ls, 0, sizeof *ls);
}
