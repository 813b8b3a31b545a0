/* SPDX-License-Identifier: MIT */
/* tui (the default command) and study without --due: the tutor (tui/),
 * loaded from its shared object (src/tui/tutor_module.c) and entered over
 * a session opened here. Kept out of the executable so that every
 * headless command starts without ncursesw and tinfo (doc/design.md, "Libraries
 * loaded on demand"). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/dynlib.h"
#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

#define TUTOR(X)                                        \
	X(int, check, "selfgrade_tutor_check", (void)) \
	X(int, run, "selfgrade_tutor_run", (const struct session *, bool))
struct tutor {
	TUTOR(DYNLIB_FIELD)
};
static const char *const tutor_symbols[] = {TUTOR(DYNLIB_SYMBOL) NULL};

static int load(struct tutor *t)
{
	char *path = cli_tutor_path();
	const char *files[] = {path, NULL}, *build = NULL;
	struct dynlib lib = {files, tutor_symbols, t, NULL, NULL};

	if (dynlib_load(&lib) != 0 && !lib.missing) {
		fprintf(stderr, _("selfgrade: the tutor cannot be loaded: %s\n"),
			dlerror());
		free(path);
		return EXIT_DATA;
	}
	if (lib.so)
		build = dlsym(lib.so, "selfgrade_tutor_build");
	if (!build || strcmp(build, SG_TUTOR_BUILD) != 0) {
		fprintf(stderr,
			_("selfgrade: %s: not the tutor of this selfgrade (%s); "
			  "reinstall selfgrade\n"),
			path, build ? build : _("no build stamp"));
		free(path);
		return EXIT_DATA;
	}
	free(path);
	return EXIT_OK;
}

int cmd_tui(struct cli *c)
{
	int rc = cli_parse(c, NULL);

	return rc ? rc : cli_tutor(c);
}

int cli_tutor(struct cli *c)
{
	struct tutor t;
	struct session ss;
	int rc = load(&t);

	/* An unknown terminal is said before the first run's welcome asks
	 * for a name on it. The catalogue was bound by main(). */
	if (rc == EXIT_OK)
		rc = t.check();
	if (rc != EXIT_OK)
		return rc;
	rc = session_open(c, &ss, FOR_TUTOR);
	if (rc != EXIT_OK)
		return rc;
	rc = t.run(&ss, c->study);
	/* Left without a name on a first run: the database this run made
	 * holds nobody, and goes (nothing was created). */
	char *gone = NULL, **names = NULL, *err = NULL;
	size_t n = 0;
	if (ss.first_run && ss.created &&
	    store_learner_list(ss.store, &names, &n, &err) == 0 && n == 0)
		gone = xstrdup(store_path(ss.store));
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(err);
	session_end(&ss);
	if (gone) {
		static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
			char *f = xasprintf("%s%s", gone, ext[i]);
			unlink(f);
			free(f);
		}
		free(gone);
	}
	return rc;
}
