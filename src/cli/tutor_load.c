/* SPDX-License-Identifier: MIT */
/* `selfgrade tui`: loads the tutor's shared object (src/tui/tutor_module.c)
 * and runs it. Kept out of the executable so that every headless command
 * starts without ncursesw and tinfo (README, "Libraries loaded on
 * demand"). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_tui(struct cli *c)
{
	char *path = cli_tutor_path();
	void *so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const char *build;
	void *entry;
	int (*run)(struct cli *);

	if (!so) {
		fprintf(stderr, "selfgrade: the tutor cannot be loaded: %s\n",
		        dlerror());
		free(path);
		return EXIT_DATA;
	}
	build = dlsym(so, "selfgrade_tutor_build");
	entry = dlsym(so, "selfgrade_tutor_main");
	if (!build || !entry || strcmp(build, SG_TUTOR_BUILD) != 0) {
		fprintf(stderr,
		        "selfgrade: %s: not the tutor of this selfgrade (%s); "
		        "reinstall selfgrade\n",
		        path, build ? build : "no build stamp");
		free(path);
		return EXIT_DATA;
	}
	free(path);
	/* dlsym gives functions as void *, which ISO C does not convert:
	 * copied byte for byte into the pointer instead. */
	memcpy(&run, &entry, sizeof run);
	return run(c);
}
