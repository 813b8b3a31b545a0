/* SPDX-License-Identifier: MIT */
/* The MySQL server's own settings, as the server reads them: option files
 * (*.cnf anywhere, *.conf and *.ini inside a conf.d folder, which is what
 * the images' !includedir reads) under the server's groups only
 * ([mysqld], [mysqld-VERSION], [server], [mariadb], [mariadbd]), and
 * command lines: a compose command:, Kubernetes args:, env. A client group
 * such as [mysql], or a .conf no MySQL includes, is said to be ignored
 * when it holds what the pattern looks for. */
#include "probe_int.h"

#include <stdlib.h>
#include <string.h>

#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

static bool server_group(const char *g, size_t n)
{
	static const char *const names[] = {"mysqld", "server", "mariadb",
	                                    "mariadbd"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		size_t k = strlen(names[i]);
		if (n == k && strncmp(g, names[i], k) == 0)
			return true;
		/* [mysqld-8.0], [mariadb-10.6]: read by that version */
		if (n > k && strncmp(g, names[i], k) == 0 && g[k] == '-')
			return true;
	}
	return false;
}

static bool in_conf_d(const char *rel)
{
	for (const char *p = rel; (p = strstr(p, "conf.d/")); p++)
		if (p == rel || p[-1] == '/' || p[-1] == '.' || p[-1] == '-' ||
		    p[-1] == '_')
			return true;
	return false;
}

/* The option files a compose file mounts where MySQL reads them
 * (HOST:/etc/mysql/conf.d/..., HOST:/etc/my.cnf), relative to the project. */
struct mounts {
	char **v;
	size_t n, cap;
};

static char *join_rel(const char *file, const char *path, size_t n)
{
	const char *slash = strrchr(file, '/');
	size_t dn = slash ? (size_t)(slash - file) : 0;
	while (n >= 2 && path[0] == '.' && path[1] == '/') {
		path += 2;
		n -= 2;
	}
	return dn ? xasprintf("%.*s/%.*s", (int)dn, file, (int)n, path)
	          : xasprintf("%.*s", (int)n, path);
}

static void find_mounts(struct project *pj, struct mounts *m)
{
	struct rx rx;
	regmatch_t g[3];
	rx_init(&rx,
	        "([^][:space:]\"',=]+\\.(conf|cnf|ini)):/[^][:space:]\"':,]*"
	        "(conf\\.d/|my\\.cnf)",
	        false);
	for (size_t i = 0; i < pj->n_files; i++) {
		struct pfile *f = &pj->files[i];
		if ((!probe_ends_with(f->rel, ".yml") &&
		     !probe_ends_with(f->rel, ".yaml")) ||
		    !probe_load_file(pj, f) || !rx_may(&rx, f->buf))
			continue;
		for (const char *l = f->buf; l && *l;) {
			const char *nl = strchr(l, '\n');
			char *line = nl ? xasprintf("%.*s", (int)(nl - l), l)
			                : xstrdup(l);
			if (rx_match(&rx, line, g, 3)) {
				xgrow(&m->v, &m->cap, m->n + 1, sizeof *m->v);
				m->v[m->n++] = join_rel(
				    f->rel, line + g[1].rm_so,
				    (size_t)(g[1].rm_eo - g[1].rm_so));
			}
			free(line);
			l = nl ? nl + 1 : NULL;
		}
	}
	rx_free(&rx);
}

static bool mounted(const struct mounts *m, const char *rel)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i], rel) == 0)
			return true;
	return false;
}

static void add(struct server_values *out, const char *v, size_t n,
                const char *file, int line)
{
	xgrow(&out->vals, &out->cap, out->n + 1, sizeof *out->vals);
	out->files = xrealloc(out->files, out->cap * sizeof *out->files);
	out->lines = xrealloc(out->lines, out->cap * sizeof *out->lines);
	out->vals[out->n] = xasprintf("%.*s", (int)n, v);
	out->files[out->n] = file;
	out->lines[out->n++] = line;
}

static void scan(struct project *pj, struct pfile *f, const struct rx *rx,
                 size_t group, const struct mounts *mt,
                 struct server_values *out)
{
	bool ini = probe_ends_with(f->rel, ".cnf") ||
	           probe_ends_with(f->rel, ".conf") ||
	           probe_ends_with(f->rel, ".ini");
	bool read = !ini || probe_ends_with(f->rel, ".cnf") ||
	            in_conf_d(f->rel) || mounted(mt, f->rel);
	bool in_server = false;
	char grp[64] = "";
	char *copy = xstrdup(f->buf), *l = copy;
	int n = 0;
	regmatch_t m[10];

	while (l) {
		char *nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		n++;
		if (nl && nl > l && nl[-1] == '\r')
			nl[-1] = '\0';
		const char *t = l + strspn(l, " \t");
		if (ini && *t == '[') {
			size_t k = strcspn(t + 1, "]");
			in_server = server_group(t + 1, k);
			snprintf(grp, sizeof grp, "%.*s", (int)k, t + 1);
		} else if (ini && (*t == '#' || *t == ';')) {
			; /* a comment */
		} else if (rx_match(rx, l, m, 10) && m[group].rm_so >= 0) {
			if (!read) {
				probe_note(pj->notes, f->rel, n, 1,
				           _("not read by MySQL (in no conf.d "
				             "folder, nor mounted into one); "
				             "ignored"));
			} else if (ini && !in_server) {
				if (*grp)
					probe_note(pj->notes, f->rel, n, 1,
					           _("under [%s], a group the MySQL "
					             "server does not read; "
					             "ignored"),
					           grp);
				else
					probe_note(pj->notes, f->rel, n, 1,
					           _("outside any [group], where "
					             "the MySQL server does not "
					             "read it; ignored"));
			} else {
				add(out, l + m[group].rm_so,
				    (size_t)(m[group].rm_eo - m[group].rm_so),
				    f->rel, n);
			}
		}
		l = nl ? nl + 1 : NULL;
	}
	free(copy);
}

void server_values_find(struct project *pj, const struct pack_probe *pr,
                        struct server_values *out)
{
	struct rx rx;
	struct mounts mt = {0};
	memset(out, 0, sizeof *out);
	if (!pj->root)
		return;
	rx_init(&rx, pr->elsewhere_pattern, false);
	if (!rx.ok)
		return;
	/* The value is the pattern's last group. */
	size_t group = rx.rx.re_nsub < 10 ? rx.rx.re_nsub : 9;
	find_mounts(pj, &mt);
	for (size_t i = 0; i < pj->n_files; i++) {
		struct pfile *f = &pj->files[i];
		if (probe_file_in(pj, &pr->elsewhere_files, f) &&
		    probe_load_file(pj, f) && rx_may(&rx, f->buf))
			scan(pj, f, &rx, group, &mt, out);
	}
	rx_free(&rx);
	for (size_t i = 0; i < mt.n; i++)
		free(mt.v[i]);
	free(mt.v);
}

void server_values_free(struct server_values *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->vals[i]);
	free(v->vals);
	free(v->files);
	free(v->lines);
	memset(v, 0, sizeof *v);
}
