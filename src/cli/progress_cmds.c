/* learner, check, uncheck, note, status, score: the progress commands. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/score.h"
#include "selfgrade/store.h"
#include "selfgrade/xalloc.h"

int cli_report_error(char *err)
{
	fprintf(stderr, "selfgrade: %s\n", err);
	free(err);
	return EXIT_DATA;
}

static int report(char *err)
{
	return cli_report_error(err);
}

/* The database: --db, SELFGRADE_DB, or the default path. A file path and
 * nothing else: SQLite's in-memory and URI names would accept writes that
 * are gone on the next command. */
static int open_store(const struct cli *c, struct store **s)
{
	const char *env = getenv("SELFGRADE_DB");
	char *path = c->db ? xstrdup(c->db)
		     : env && *env ? xstrdup(env)
				   : store_default_path();
	char *err = NULL;
	size_t n;
	int rc;

	if (!path) {
		fputs("selfgrade: no database: set --db, SELFGRADE_DB or HOME\n",
		      stderr);
		return EXIT_DATA;
	}
	n = strlen(path);
	if (n == 0 || strcmp(path, ":memory:") == 0 ||
	    strncmp(path, "file:", 5) == 0 || path[n - 1] == '/') {
		fprintf(stderr, "selfgrade: --db '%s': %s (see 'selfgrade --help')\n",
			path,
			n == 0		     ? "an empty path names no file"
			: path[n - 1] == '/' ? "names a folder, not a file"
					     : "only a file path is taken, not "
					       "SQLite's in-memory or URI names");
		free(path);
		return EXIT_USAGE;
	}
	if (c->readonly && access(path, F_OK) != 0 && errno == ENOENT) {
		/* Reading creates nothing: no database means nobody yet. */
		fputs("selfgrade: no learner yet: add one with 'selfgrade learner "
		      "add NAME'\n",
		      stderr);
		free(path);
		return EXIT_DATA;
	}
	rc = c->readonly ? store_open_readonly(path, s, &err)
			 : store_open(path, s, &err);
	free(path);
	return rc ? report(err) : EXIT_OK;
}

/* Who the tutor opens for when no name was given: $USER, created on the
 * first run. With several learners and none of them $USER, the first, and
 * the tutor asks. */
static int default_learner(struct store *s, char **names, size_t n,
			   char **name, bool *ask)
{
	const char *user = getenv("USER");
	char now[32], *err = NULL;

	if (!user || !*user)
		user = "learner";
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], user) == 0) {
			*name = xstrdup(user);
			return EXIT_OK;
		}
	if (n) {
		*name = xstrdup(names[0]);
		*ask = n > 1;
		return EXIT_OK;
	}
	store_now(now);
	if (store_learner_add(s, user, now, &err)) {
		free(err); /* a $USER no name can be: fall back */
		user = "learner";
		if (store_learner_add(s, user, now, &err))
			return report(err);
	}
	*name = xstrdup(user);
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
		ss->learner = xstrdup(want);
	} else {
		if (store_learner_list(ss->store, &names, &n, &err))
			return report(err);
		if (interactive) {
			rc = default_learner(ss->store, names, n, &ss->learner,
					     &ss->ask_learner);
		} else if (n == 1) {
			ss->learner = xstrdup(names[0]);
		} else if (n == 0) {
			fputs("selfgrade: no learner yet: add one with "
			      "'selfgrade learner add NAME'\n",
			      stderr);
			rc = EXIT_DATA;
		} else {
			fputs("selfgrade: several learners: say whose progress "
			      "with --learner NAME (see 'selfgrade learner list')\n",
			      stderr);
			rc = EXIT_DATA;
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		if (rc != EXIT_OK)
			return rc;
	}
	if (store_learner_find(ss->store, ss->learner, &ss->learner_id, &err)) {
		free(ss->learner);
		ss->learner = NULL;
		return report(err);
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
	rc = open_store(c, &ss->store);
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

int cmd_learner(struct cli *c)
{
	const char *sub = c->argv[0];
	struct store *s;
	char *err = NULL;
	char now[32];
	int rc;

	if (strcmp(sub, "list") == 0 ? c->argc != 1
	    : strcmp(sub, "add") == 0 || strcmp(sub, "remove") == 0
		    ? c->argc != 2
		    : 1) {
		fputs("selfgrade: usage: selfgrade learner add NAME | list | "
		      "remove NAME\n",
		      stderr);
		return EXIT_USAGE;
	}
	if ((rc = open_store(c, &s)) != EXIT_OK)
		return rc;
	store_now(now);
	if (strcmp(sub, "add") == 0) {
		if (store_learner_add(s, c->argv[1], now, &err) == 0)
			printf("added learner '%s'\n", c->argv[1]);
	} else if (strcmp(sub, "remove") == 0) {
		if (store_learner_remove(s, c->argv[1], &err) == 0)
			printf("removed learner '%s' and their progress\n",
			       c->argv[1]);
	} else {
		char **names;
		size_t n;
		if (store_learner_list(s, &names, &n, &err) == 0) {
			for (size_t i = 0; i < n; i++) {
				puts(cli_safe(names[i]));
				free(names[i]);
			}
			free(names);
		}
	}
	store_close(s);
	return err ? report(err) : EXIT_OK;
}

static void print_level(const struct session *ss)
{
	struct progress pr;
	char *err = NULL;

	if (store_progress(ss->store, ss->learner_id, &pr, &err)) {
		free(err);
		return;
	}
	struct score *sc = score_compute(ss->pack, &pr);
	printf("%s: %zu/%zu done, level: %s\n", cli_safe(ss->learner), sc->done,
	       sc->total, sc->level ? sc->level->title : "not yet");
	score_free(sc);
	progress_free(&pr);
}

static int set_states(struct cli *c, bool done)
{
	struct session ss;
	struct store_changes ch = {0};
	size_t changed = 0;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	/* Every id is checked before anything is written. */
	for (int i = 0; i < c->argc && rc == EXIT_OK; i++) {
		const struct pack_entry *e = pack_find(ss.pack, c->argv[i]);
		if (e && store_changes_add(&ch, e, done) == 0)
			continue;
		rc = EXIT_DATA;
		if (!e) {
			fprintf(stderr, "selfgrade: unknown id '%.100s' (see "
					"'selfgrade status')\n",
				c->argv[i]);
		} else if (e->kind == PACK_CRITERION) {
			fprintf(stderr, "selfgrade: '%s' is met through what it "
					"requires; it takes no attestation\n",
				e->id);
		} else {
			fprintf(stderr, "selfgrade: '%s' is %s; check takes "
					"items, mistakes and criteria\n",
				e->id, pack_kind_name(e->kind));
		}
	}
	store_now(now);
	if (rc == EXIT_OK && store_apply(ss.store, ss.learner_id, ch.v, ch.n,
					 now, &changed, &err))
		rc = report(err);
	if (rc == EXIT_OK)
		print_level(&ss);
	store_changes_free(&ch);
	session_end(&ss);
	return rc;
}

int cmd_check(struct cli *c)
{
	return set_states(c, true);
}

int cmd_uncheck(struct cli *c)
{
	return set_states(c, false);
}

int cmd_note(struct cli *c)
{
	struct session ss;
	const struct pack_entry *e;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	e = pack_find(ss.pack, c->argv[0]);
	if (!e || (e->kind != PACK_ITEM && e->kind != PACK_MISTAKE &&
		   e->kind != PACK_CRITERION)) {
		fprintf(stderr, "selfgrade: %s '%.100s': a note belongs to an "
				"item, a mistake or a criterion\n",
			e ? pack_kind_name(e->kind) : "unknown id", c->argv[0]);
		session_end(&ss);
		return EXIT_DATA;
	}
	store_now(now);
	if (store_set_note(ss.store, ss.learner_id, e->id, c->argv[1], now, &err))
		rc = report(err);
	else
		printf("%s: note %s for %s\n", ss.learner,
		       c->argv[1][0] ? "saved" : "cleared", e->id);
	session_end(&ss);
	return rc;
}

int cmd_undo(struct cli *c)
{
	struct session ss;
	struct store_undone u;
	char now[32], *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	store_now(now);
	if (store_undo(ss.store, ss.learner_id, now, &u, &err)) {
		rc = report(err);
	} else if (!u.id) {
		printf("%s: nothing to undo\n", ss.learner);
	} else {
		printf("%s: undid the change of %s%s", ss.learner,
		       u.note ? "the note of " : "", u.id);
		if (u.n > 1)
			printf(" and %zu more", u.n - 1);
		putchar('\n');
		if (!u.note)
			print_level(&ss);
	}
	free(u.id);
	session_end(&ss);
	return rc;
}
