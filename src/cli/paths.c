/* SPDX-License-Identifier: MIT */
/* Where the content lives when no --content is given.
 *
 * A binary run from the build tree uses the source tree's checklists/, so
 * that editing a YAML file needs no install step; an installed binary uses
 * the content installed beside it (PREFIX/share/selfgrade), found relative
 * to the executable so that a relocated install still works. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "selfgrade/xalloc.h"

#define DEFAULT_PACK "multi-database"

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/* The folder of the running executable, or NULL. */
static char *exe_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	return xstrdup(exe);
}

/* in_build for a binary in the build tree; else share_rel under the
 * executable's ../share when it is there; else installed. */
static char *find_data(const char *in_build, const char *share_rel,
		       const char *installed)
{
	char *dir = exe_dir(), *rel;

	if (dir && same_dir(dir, SG_BUILD_DIR)) {
		free(dir);
		return xstrdup(in_build);
	}
	if (dir) {
		rel = xasprintf("%s/../share/%s", dir, share_rel);
		free(dir);
		if (is_dir(rel))
			return rel;
		free(rel);
	}
	return xstrdup(installed);
}

char *cli_content_dir(const struct cli *c)
{
	const char *env = getenv("SELFGRADE_CONTENT");

	if (c->content)
		return xstrdup(c->content);
	if (env && *env)
		return xstrdup(env);
	/* The source tree as the last resort: content found beats none. */
	return find_data(SG_SOURCE_DIR "/checklists/" DEFAULT_PACK,
			 "selfgrade/checklists/" DEFAULT_PACK,
			 is_dir(SG_INSTALL_DATADIR "/checklists/" DEFAULT_PACK)
				 ? SG_INSTALL_DATADIR "/checklists/" DEFAULT_PACK
				 : SG_SOURCE_DIR "/checklists/" DEFAULT_PACK);
}

char *cli_locale_dir(void)
{
	return find_data(SG_BUILD_DIR "/locale", "locale", SG_INSTALL_LOCALEDIR);
}

/* The tutor: the build tree's module, else LIBDIR/selfgrade/modules/tutor.so
 * relative to the executable (a relocated or unpacked install), else the
 * installed path. */
char *cli_tutor_path(void)
{
	char *dir = exe_dir(), *rel;
	struct stat st;

	if (dir && same_dir(dir, SG_BUILD_DIR)) {
		free(dir);
		return xstrdup(SG_TUTOR_IN_BUILD);
	}
	if (dir) {
		rel = xasprintf("%s/../%s", dir, SG_TUTOR_REL);
		free(dir);
		if (stat(rel, &st) == 0)
			return rel;
		free(rel);
	}
	return xstrdup(SG_TUTOR_INSTALLED);
}
