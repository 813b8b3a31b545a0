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
                 size_t group, struct server_values *out)
{
	bool ini = probe_ends_with(f->rel, ".cnf") ||
	           probe_ends_with(f->rel, ".conf") ||
	           probe_ends_with(f->rel, ".ini");
	bool read = !ini || probe_ends_with(f->rel, ".cnf") ||
	            in_conf_d(f->rel);
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
				           _("not read by MySQL (a .conf outside "
				             "a conf.d folder); ignored"));
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
	memset(out, 0, sizeof *out);
	if (!pj->root)
		return;
	rx_init(&rx, pr->elsewhere_pattern, false);
	if (!rx.ok)
		return;
	/* The value is the pattern's last group. */
	size_t group = rx.rx.re_nsub < 10 ? rx.rx.re_nsub : 9;
	for (size_t i = 0; i < pj->n_files; i++) {
		struct pfile *f = &pj->files[i];
		if (probe_file_in(pj, &pr->elsewhere_files, f) &&
		    probe_load_file(pj, f) && rx_may(&rx, f->buf))
			scan(pj, f, &rx, group, out);
	}
	rx_free(&rx);
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
