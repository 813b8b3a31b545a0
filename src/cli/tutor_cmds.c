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
#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

struct tutor {
	int (*check)(void);
	int (*run)(const struct session *ss, bool study);
};

/* dlsym gives functions as void *, which ISO C does not convert: copied
 * byte for byte into the pointer instead. */
static bool symbol(void *so, const char *name, void *fn, size_t size)
{
	void *p = dlsym(so, name);

	if (p)
		memcpy(fn, &p, size);
	return p != NULL;
}

static int load(struct tutor *t)
{
	char *path = cli_tutor_path();
	void *so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const char *build;

	if (!so) {
		fprintf(stderr, _("selfgrade: the tutor cannot be loaded: %s\n"),
			dlerror());
		free(path);
		return EXIT_DATA;
	}
	build = dlsym(so, "selfgrade_tutor_build");
	if (!build || strcmp(build, SG_TUTOR_BUILD) != 0 ||
	    !symbol(so, "selfgrade_tutor_check", &t->check, sizeof t->check) ||
	    !symbol(so, "selfgrade_tutor_run", &t->run, sizeof t->run)) {
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
