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

char *cli_content_dir(const struct cli *c)
{
	char exe[PATH_MAX];
	const char *env = getenv("SELFGRADE_CONTENT");
	ssize_t n;

	if (c->content)
		return xstrdup(c->content);
	if (env && *env)
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		if (same_dir(exe, SG_BUILD_DIR))
			return xstrdup(SG_SOURCE_DIR "/checklists/" DEFAULT_PACK);
		char *rel = xasprintf("%s/../share/selfgrade/checklists/%s",
				      exe, DEFAULT_PACK);
		if (is_dir(rel))
			return rel;
		free(rel);
	}
	if (is_dir(SG_INSTALL_DATADIR "/checklists/" DEFAULT_PACK))
		return xstrdup(SG_INSTALL_DATADIR "/checklists/" DEFAULT_PACK);
	return xstrdup(SG_SOURCE_DIR "/checklists/" DEFAULT_PACK);
}
