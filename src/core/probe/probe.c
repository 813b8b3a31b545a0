/* SPDX-License-Identifier: MIT */
/* The probe engine: a project directory is walked once (inside it only),
 * files are read when a probe's glob first names them, and each probe
 * kind is a function from the files (or the live connectors) to one
 * result. Where connector configs are found: probe_find.c; the connector
 * probes: probe_conn.c; the text probes: probe_text.c; the MySQL server's
 * own settings: probe_server.c. */
#include "probe_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "selfgrade/digest.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"


/* What a project or a Kafka Connect holds is shown on terminals, written
 * as JSON and kept in the log: controls, direction and other format
 * characters (and bytes that are no UTF-8) are escaped, by the rule every
 * text from outside follows, so that a file name, a line or a connector's
 * name cannot drive a terminal and can still be recognised. */
char *probe_clean(const char *s)
{
	return utf8_escape_foreign(s, strlen(s));
}

/* A note about a file, its name made safe to show; said once a run, however
 * many probes come upon it. */
void probe_note(struct diag_list *d, const char *file, int line, int col,
                const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char *f = probe_clean(file), *m = probe_clean(buf);
	bool seen = false;
	for (size_t i = 0; i < d->n && !seen; i++)
		seen = d->v[i].line == line && strcmp(d->v[i].file, f) == 0 &&
		       strcmp(d->v[i].msg, m) == 0;
	if (!seen)
		diag_add(d, f, line, col, "%s", m);
	free(f);
	free(m);
}

/* ---- the project's files ---------------------------------------------------
 */

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const struct pfile *)a)->rel,
	              ((const struct pfile *)b)->rel);
}

static bool inside(const char *root, const char *real)
{
	size_t n = strlen(root);
	return strcmp(root, "/") == 0 ||
	       (strncmp(real, root, n) == 0 && (real[n] == '/' || !real[n]));
}

/* Opens rel, a path relative to the project, below the project's folder
 * without following a symbolic link anywhere on the way: a folder swapped
 * for a link between the walk and the read makes the open fail rather than
 * leave the project (O_NOFOLLOW alone guards only the last name). */
static int open_beneath(int root, const char *rel, int flags)
{
#ifdef SYS_openat2
	struct open_how how = {
	    .flags = (unsigned long long)(flags | O_NOFOLLOW | O_CLOEXEC),
	    .resolve =
	        RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
	/* EAGAIN: a rename raced the lookup, which the kernel will not
	 * vouch for; a few tries, then the note says so. */
	long got = -1;
	for (int i = 0; i < 4; i++) {
		got = syscall(SYS_openat2, root, rel, &how, sizeof how);
		if (got >= 0 || errno != EAGAIN)
			break;
	}
	if (got >= 0 || (errno != ENOSYS && errno != EPERM))
		return (int)got;
#endif
	/* Without openat2 (ENOSYS: Linux before 5.6; EPERM: a seccomp filter
	 * older than it): one name at a time, each opened from the folder
	 * held before it and none of them followed if it is a link. */
	char *copy = xstrdup(rel), *save = NULL;
	int dir = root, fd = -1, e = 0;
	for (char *c = strtok_r(copy, "/", &save); c;) {
		char *next = strtok_r(NULL, "/", &save);
		if (strcmp(c, ".") == 0 || strcmp(c, "..") == 0) {
			e = EXDEV; /* what openat2 says of a way out */
			break;
		}
		fd = openat(dir, c,
		            next ? O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		                       O_CLOEXEC
		                 : flags | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		if (dir != root)
			close(dir);
		dir = root;
		if (fd < 0 || !next)
			break;
		dir = fd;
		fd = -1;
		c = next;
	}
	if (dir != root)
		close(dir);
	free(copy);
	if (fd < 0)
		errno = e ? e : ENOENT;
	return fd;
}

static void walk(struct project *pj, DIR *dp, const char *rel, int depth);

/* The subfolder name of the folder open as parent, opened relative to it
 * without following a link (one swapped in since it was listed is not
 * entered), and walked. */
static void walk_into(struct project *pj, DIR *parent, const char *name,
                      const char *rel, int depth)
{
	int fd = openat(dirfd(parent), name,
	                O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;

	if (!dp) {
		probe_note(pj->notes, rel, 1, 1, _("cannot read the folder: %s"),
		     strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	walk(pj, dp, rel, depth);
	closedir(dp);
}

/* The folder rel, open as dp, is walked by its descriptor: every entry is
 * looked at and every subfolder opened relative to it, never following a
 * link, so the walk stays in the project whatever is renamed meanwhile. */
static void walk(struct project *pj, DIR *dp, const char *rel, int depth)
{
	struct dirent *e;

	while ((e = readdir(dp))) {
		struct stat st;
		char *r;
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, ".git") == 0 ||
		    strcmp(e->d_name, "node_modules") == 0)
			continue;
		if (pj->n_files >= PROBE_MAX_FILES)
			break;
		if (fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
		    0)
			continue;
		r = *rel ? xasprintf("%s/%s", rel, e->d_name)
		         : xstrdup(e->d_name);
		if (S_ISLNK(st.st_mode)) {
			char *full = xasprintf("%s/%s", pj->root, r);
			char *real = realpath(full, NULL);
			free(full);
			if (!real || !inside(pj->root, real)) {
				probe_note(pj->notes, r, 1, 1,
				     _("symbolic link leads outside the "
				     "project%s%s; not followed"),
				     real ? _(" to ") : "", real ? real : "");
			} else {
				/* The target, relative to the project, is
				 * what probe_load_file() opens (beneath the root). */
				size_t k = strlen(pj->root);
				const char *in = real + k + (k > 1);
				if (*in &&
				    fstatat(pj->root_fd, in, &st,
				            AT_SYMLINK_NOFOLLOW) == 0 &&
				    S_ISREG(st.st_mode)) {
					xgrow(&pj->files, &pj->cap_files,
					      pj->n_files + 1,
					      sizeof *pj->files);
					pj->files[pj->n_files++] =
					    (struct pfile){.rel = r,
					                   .real = xstrdup(in)};
					r = NULL;
				}
			}
			/* Links to folders inside are not followed: the folder
			 * is walked where it is, and no loop can form. */
			free(real);
		} else if (S_ISDIR(st.st_mode)) {
			if (depth + 1 < PROBE_MAX_DEPTH)
				walk_into(pj, dp, e->d_name, r, depth + 1);
			else
				probe_note(pj->notes, r, 1, 1,
				     _("more than %d folders deep; not read"),
				     PROBE_MAX_DEPTH);
		} else if (S_ISREG(st.st_mode)) {
			xgrow(&pj->files, &pj->cap_files, pj->n_files + 1,
			      sizeof *pj->files);
			pj->files[pj->n_files++] = (struct pfile){.rel = r};
			r = NULL;
		}
		free(r);
	}
}

static void sha256_hex(const char *buf, size_t len, char out[65])
{
	struct sha256_ctx ctx;
	unsigned char md[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)buf);
	sha256_digest(&ctx, sizeof md, md);
	digest_hex(md, out);
}

/* Reads f once: a regular text file inside the project within the size
 * limit, or a note saying why not. */
bool probe_load_file(struct project *pj, struct pfile *f)
{
	struct stat st;
	int fd;
	size_t got = 0;

	if (f->tried)
		return f->ok;
	f->tried = true;
	/* A link was resolved and checked to stay inside when the folder was
	 * walked, and its target is opened; no name on the way to either may
	 * have become a link since. */
	fd = open_beneath(pj->root_fd, f->real ? f->real : f->rel,
	                  O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		probe_note(pj->notes, f->rel, 1, 1, _("cannot open: %s"),
		     strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		probe_note(pj->notes, f->rel, 1, 1, _("not a regular file; not read"));
		close(fd);
		return false;
	}
	if ((unsigned long long)st.st_size > PROBE_MAX_FILE) {
		probe_note(pj->notes, f->rel, 1, 1,
		     _("file of %lld bytes is over the limit of %u bytes; "
		     "not read"),
		     (long long)st.st_size, PROBE_MAX_FILE);
		close(fd);
		return false;
	}
	if (pj->total + (size_t)st.st_size > PROBE_MAX_TOTAL) {
		probe_note(pj->notes, f->rel, 1, 1,
		     _("the files read reach the limit of %u bytes in all; "
		     "not read"),
		     PROBE_MAX_TOTAL);
		close(fd);
		return false;
	}
	pj->total += (size_t)st.st_size;
	f->buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t k = read(fd, f->buf + got, (size_t)st.st_size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	f->buf[got] = '\0';
	f->len = got;
	size_t bad;
	if (memchr(f->buf, '\0', got) || !utf8_valid(f->buf, got, &bad)) {
		probe_note(pj->notes, f->rel, 1, 1,
		     _("binary file (a NUL byte or invalid UTF-8); not read"));
		free(f->buf);
		f->buf = NULL;
		return false;
	}
	f->ok = true;
	return true;
}

/* The literal text a glob ends with (after its last wildcard): a name
 * that does not end with it cannot match, and most names of a big project
 * are told apart by that alone, without the matcher. */
static bool tail_fits(const char *glob, const char *rel)
{
	size_t n = strlen(glob), k = 0;
	while (k < n) {
		char c = glob[n - 1 - k];
		if (c == '*' || c == '?' || c == ']' || c == '\\' || c == '/')
			break;
		k++;
	}
	size_t r = strlen(rel);
	return k <= r && memcmp(glob + n - k, rel + r - k, k) == 0;
}

bool probe_files_match(const struct pack_strv *globs, const char *rel)
{
	for (size_t g = 0; g < globs->n; g++)
		if (tail_fits(globs->v[g], rel) &&
		    !probe_glob_problem(globs->v[g]) &&
		    probe_glob_match(globs->v[g], rel))
			return true;
	return false;
}

bool probe_ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

static bool same_globs(const struct pack_strv *a, const struct pack_strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

bool probe_file_in(struct project *pj, const struct pack_strv *globs,
                   const struct pfile *f)
{
	size_t m = 0;
	/* Lists are compared by their globs: the probes of a pack share a
	 * few lists (YAML anchors), each a copy of its own. */
	while (m < pj->n_memo && pj->memo_globs[m] != globs &&
	       !same_globs(pj->memo_globs[m], globs))
		m++;
	if (m == pj->n_memo) {
		xgrow(&pj->memo_globs, &pj->cap_memo, m + 1,
		      sizeof *pj->memo_globs);
		pj->memo_hits = xrealloc(pj->memo_hits,
		                         pj->cap_memo * sizeof *pj->memo_hits);
		pj->memo_globs[m] = globs;
		pj->memo_hits[m] = xmalloc(pj->n_files + 1);
		for (size_t i = 0; i < pj->n_files; i++)
			pj->memo_hits[m][i] =
			    probe_files_match(globs, pj->files[i].rel);
		pj->n_memo++;
	}
	return pj->memo_hits[m][f - pj->files];
}

/* The files any of globs names, read; *matched counts those named. */
struct pfile **probe_select_files(struct project *pj,
                                  const struct pack_strv *globs, size_t *n,
                                  size_t *matched)
{
	struct pfile **v = xmalloc((pj->n_files + 1) * sizeof *v);
	*n = *matched = 0;
	for (size_t i = 0; i < pj->n_files; i++) {
		if (!probe_file_in(pj, globs, &pj->files[i]))
			continue;
		(*matched)++;
		if (probe_load_file(pj, &pj->files[i]))
			v[(*n)++] = &pj->files[i];
	}
	return v;
}

char *probe_join_globs(const struct pack_strv *g)
{
	size_t len = 1;
	for (size_t i = 0; i < g->n; i++)
		len += strlen(g->v[i]) + 2;
	char *s = xmalloc(len);
	s[0] = '\0';
	for (size_t i = 0; i < g->n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, g->v[i]);
	}
	return s;
}

int probe_line_at(struct pfile *f, size_t off)
{
	/* Lines are asked for in the order of the text, mostly: counted on
	 * from the last place asked, not from the start each time. */
	if (off < f->cursor_off) {
		f->cursor_off = 0;
		f->cursor_line = 1;
	}
	if (!f->cursor_line)
		f->cursor_line = 1;
	const char *p = f->buf + f->cursor_off, *end = f->buf + off;
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		f->cursor_line++;
		p++;
	}
	f->cursor_off = off;
	return f->cursor_line;
}

/* ---- results
 * ----------------------------------------------------------------- */

void probe_set(struct probe_result *r, enum probe_verdict v, const char *file,
               int line, struct pfile *pf, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->verdict = v;
	free(r->file);
	r->file = file ? probe_clean(file) : NULL;
	r->line = line;
	/* Only the files cited are hashed: most files read prove nothing. */
	if (pf && pf->ok && !pf->hash[0])
		sha256_hex(pf->buf, pf->len, pf->hash);
	snprintf(r->file_hash, sizeof r->file_hash, "%s", pf ? pf->hash : "");
	free(r->value);
	r->value = probe_clean(buf);
}

char *probe_short(const char *s)
{
	size_t n = strlen(s);
	if (n <= MAX_VALUE)
		return xstrdup(s);
	size_t k = MAX_VALUE;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--; /* never cut a character */
	return xasprintf("%.*s...", (int)k, s);
}

/* The index of the ']' closing the bracket expression opened at b[i]. */
static size_t class_end(const char *b, size_t i, size_t n)
{
	size_t j = i + 1;
	if (j < n && b[j] == '^')
		j++;
	if (j < n && b[j] == ']')
		j++;
	for (; j < n; j++) {
		if (b[j] == '[' && j + 1 < n &&
		    (b[j + 1] == ':' || b[j + 1] == '.' || b[j + 1] == '=')) {
			char close[3] = {b[j + 1], ']', '\0'};
			const char *e = strstr(b + j + 2, close);
			j = e && (size_t)(e - b) < n ? (size_t)(e - b) + 1 : n;
		} else if (b[j] == ']') {
			return j;
		}
	}
	return n;
}

/* The longest run of plain characters of one branch of an ERE, every
 * match of the branch holding it; "" when there is none. */
static char *branch_literal(const char *b, size_t n)
{
	char *run = xmalloc(n + 1), *best = xstrdup("");
	size_t rn = 0;
#define COMMIT()                                                               \
	do {                                                                   \
		if (rn > strlen(best)) {                                       \
			free(best);                                            \
			best = xasprintf("%.*s", (int)rn, run);                \
		}                                                              \
		rn = 0;                                                        \
	} while (0)
	for (size_t i = 0; i < n; i++) {
		char c = b[i];
		if (c == '\\' && i + 1 < n) {
			char e = b[++i];
			if (strchr(".[]()*+?{}|^$\\/-'\"", e))
				run[rn++] = e;
			else
				COMMIT();
		} else if (c == '[') {
			i = class_end(b, i, n); /* a class: skipped whole */
			COMMIT();
		} else if (c == '(') {
			/* a group: skipped whole */
			int depth = 0;
			for (; i < n; i++) {
				if (b[i] == '\\')
					i++;
				else if (b[i] == '[')
					i = class_end(b, i, n);
				else if (b[i] == '(')
					depth++;
				else if (b[i] == ')' && --depth == 0)
					break;
			}
			COMMIT();
		} else if (c == '*' || c == '?' || c == '{') {
			if (rn)
				rn--; /* the character before is optional */
			COMMIT();
			if (c == '{')
				while (i < n && b[i] != '}')
					i++;
		} else if (c == '+') {
			COMMIT();
		} else if (c == '.' || c == '^' || c == '$') {
			COMMIT();
		} else {
			run[rn++] = c;
		}
	}
	/* a quantifier after the run's last character is handled above */
	COMMIT();
#undef COMMIT
	free(run);
	return best;
}

static void rx_literals(struct rx *r, const char *re)
{
	size_t n = strlen(re), start = 0;
	int depth = 0;
	r->n_lits = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? re[i] : '|';
		if (c == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (c == '[') {
			i = class_end(re, i, n);
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		if (c != '|' || (depth && i < n))
			continue;
		char *lit = branch_literal(re + start, i - start);
		bool ascii = true;
		for (const char *p = lit; *p; p++)
			ascii &= (unsigned char)*p < 0x80;
		if (!*lit || r->n_lits == RX_LITS || (r->icase && !ascii)) {
			/* a branch with no literal known: no filter */
			free(lit);
			for (size_t k = 0; k < r->n_lits; k++)
				free(r->lits[k]);
			r->n_lits = 0;
			return;
		}
		r->lits[r->n_lits++] = lit;
		start = i + 1;
	}
}

void rx_init(struct rx *r, const char *re, bool icase)
{
	r->icase = icase;
	r->n_lits = 0;
	r->ok = re && regcomp(&r->rx, re,
	                      REG_EXTENDED | (icase ? REG_ICASE : 0)) == 0;
	if (r->ok)
		rx_literals(r, re);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* needle (ASCII, any case) in s, ASCII letters compared in either case. */
static bool has_icase(const char *s, const char *needle)
{
	int a = lower((unsigned char)needle[0]);
	char first[3] = {(char)a, (char)(a >= 'a' && a <= 'z' ? a - 32 : a),
	                 '\0'};
	size_t k = strlen(needle);
	for (const char *p = s; (p = strpbrk(p, first)); p++) {
		size_t j = 1;
		while (j < k && p[j] &&
		       lower((unsigned char)p[j]) == lower((unsigned char)needle[j]))
			j++;
		if (j == k)
			return true;
	}
	return false;
}

bool rx_may(const struct rx *r, const char *s)
{
	if (!r->ok)
		return false;
	if (!r->n_lits)
		return true;
	for (size_t k = 0; k < r->n_lits; k++)
		if (r->icase ? has_icase(s, r->lits[k])
		             : strstr(s, r->lits[k]) != NULL)
			return true;
	return false;
}

bool rx_match(const struct rx *r, const char *s, regmatch_t *m, size_t nm)
{
	return rx_may(r, s) && regexec(&r->rx, s, nm, m, 0) == 0;
}

void rx_free(struct rx *r)
{
	if (r->ok)
		regfree(&r->rx);
	for (size_t k = 0; k < r->n_lits; k++)
		free(r->lits[k]);
	r->n_lits = 0;
	r->ok = false;
}

/* ---- text
 * ---------------------------------------------------------------------- */

void probe_each_line(struct pfile *f, line_fn fn, void *ctx)
{
	char *copy = xstrdup(f->buf);
	char *l = copy;
	int n = 0;
	while (l) {
		char *nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		n++;
		if (nl && nl > l && nl[-1] == '\r')
			nl[-1] = '\0';
		if (fn(ctx, f, n, l))
			break;
		l = nl ? nl + 1 : NULL;
	}
	free(copy);
}

/* ---- runs
 * ---------------------------------------------------------------------- */

const struct probe_kind_run probe_kinds[] = {
    [PROBE_FIELD_PRESENT] = {probe_field, probe_check_present, false},
    [PROBE_FIELD_EQUALS] = {probe_field, probe_check_equals, false},
    [PROBE_FIELD_RANGE] = {probe_field, probe_check_range, false},
    [PROBE_FIELD_MATCHES] = {probe_field, probe_check_matches, false},
    [PROBE_FIELD_UNIQUE] = {probe_unique, NULL, false},
    [PROBE_FIELD_DIFFERS] = {probe_differs, NULL, false},
    [PROBE_TEXT_CONTAINS] = {probe_contains, NULL, true},
    [PROBE_MERMAID_NAMES] = {probe_mermaid, NULL, true},
};
/* A kind added last to the enum without its row fails here; one left out
 * in between has no runner, which unit.probe's test_kind_tables finds. */
_Static_assert(sizeof probe_kinds / sizeof *probe_kinds == PROBE_KIND_COUNT,
               "every probe kind has a row in probe_kinds[]");

static void run_all(struct project *pj, const struct pack *p,
                    struct probe_report *out)
{
	if (!pj->live && pj->root)
		conns_find(pj, p);
	out->results = xcalloc(p->n_probes + 1, sizeof *out->results);
	out->n_results = p->n_probes;
	for (size_t i = 0; i < p->n_probes; i++) {
		const struct pack_probe *pr = &p->probes[i];
		struct probe_result *r = &out->results[i];
		r->probe = pr;
		if (probe_not_applicable(pj, pr, r))
			continue;
		if (probe_kinds[pr->kind].text && !pj->root) {
			probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL, "%s",
			          _("reads project files: give the project "
			            "folder too"));
			continue;
		}
		probe_kinds[pr->kind].run(pj, pr, r);
	}
}

static void project_free(struct project *pj)
{
	for (size_t i = 0; i < pj->n_files; i++) {
		free(pj->files[i].rel);
		free(pj->files[i].real);
		free(pj->files[i].buf);
	}
	free(pj->files);
	for (size_t i = 0; i < pj->n_conns; i++)
		conn_clear(&pj->conns[i]);
	free(pj->conns);
	for (size_t i = 0; i < pj->n_live_names; i++)
		free(pj->live_names[i]);
	free(pj->live_names);
	for (size_t i = 0; i < pj->n_memo; i++)
		free(pj->memo_hits[i]);
	free(pj->memo_hits);
	free(pj->memo_globs);
	if (pj->root)
		close(pj->root_fd);
	free(pj->root);
}

static int project_open(struct project *pj, const char *dir,
                        struct probe_report *out, char **err)
{
	DIR *dp = NULL;
	int walk_fd = -1;
	pj->notes = &out->notes;
	errno = 0;
	pj->root = realpath(dir, NULL);
	/* Every file is opened relative to this descriptor, and the walk
	 * starts from a copy of it (closedir closes the one it is given). */
	pj->root_fd =
	    pj->root ? open(pj->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (pj->root_fd < 0 ||
	    (walk_fd = fcntl(pj->root_fd, F_DUPFD_CLOEXEC, 0)) < 0 ||
	    !(dp = fdopendir(walk_fd))) {
		int e = errno;
		if (walk_fd >= 0)
			close(walk_fd);
		if (pj->root_fd >= 0)
			close(pj->root_fd);
		free(pj->root);
		pj->root = NULL;
		return diag_fail(err, _("%s: not a project folder: %s"), dir,
		                 e ? strerror(e) : _("not a directory"));
	}
	walk(pj, dp, "", 0);
	closedir(dp);
	if (pj->n_files >= PROBE_MAX_FILES)
		probe_note(pj->notes, ".", 1, 1,
		     _("more than %d files; the rest were not looked at"),
		     PROBE_MAX_FILES);
	if (pj->n_files)
		qsort(pj->files, pj->n_files, sizeof *pj->files, by_rel);
	return 0;
}

int probe_run_dir_then(const struct pack *p, const char *dir,
                       struct probe_report *out, probe_after_fn *after,
                       void *ctx, char **err)
{
	struct project pj = {0};
	memset(out, 0, sizeof *out);
	if (project_open(&pj, dir, out, err)) {
		diag_list_free(&out->notes);
		return -1;
	}
	run_all(&pj, p, out);
	if (after)
		after(ctx, &pj);
	project_free(&pj);
	return 0;
}

int probe_run_dir(const struct pack *p, const char *dir,
                  struct probe_report *out, char **err)
{
	return probe_run_dir_then(p, dir, out, NULL, NULL, err);
}

/* The documented shape: {"NAME": {"info": {"name", "config": {...}, ...},
 * "status": {"connector": {"state"}, "tasks": [{"state"}, ...]}}, ...}. */
int probe_run_live(const struct pack *p, const char *json, size_t len,
                   const char *dir, struct probe_report *out, char **err)
{
	return probe_run_live_then(p, json, len, dir, out, NULL, NULL, err);
}

int probe_run_live_then(const struct pack *p, const char *json, size_t len,
                        const char *dir, struct probe_report *out,
                        probe_after_fn *after, void *ctx, char **err)
{
	struct project pj = {0};
	json_error_t je;
	json_t *root, *v;
	const char *name;

	memset(out, 0, sizeof *out);
	root = json_loadb(json, len, 0, &je);
	if (!json_is_object(root)) {
		/* jansson's message may quote the answer. */
		char *why = probe_clean(root ? "" : je.text);
		json_decref(root);
		diag_fail(err,
		          _("Kafka Connect's answer is not the JSON object of "
		          "GET /connectors?expand=status&expand=info%s%s"),
		          *why ? ": " : "", why);
		free(why);
		return -1;
	}
	if (dir && project_open(&pj, dir, out, err)) {
		json_decref(root);
		diag_list_free(&out->notes);
		return -1;
	}
	pj.notes = &out->notes;
	pj.live = true;
	out->live = xcalloc(json_object_size(root) + 1, sizeof *out->live);
	json_object_foreach(root, name, v)
	{
		json_t *info = json_object_get(v, "info");
		json_t *cfg = json_object_get(info, "config");
		json_t *status = json_object_get(v, "status");
		json_t *tasks = json_object_get(status, "tasks");
		const char *state = json_string_value(json_object_get(
		    json_object_get(status, "connector"), "state"));
		struct probe_connector_state *ls = &out->live[out->n_live++];
		/* The server's words reach terminals, JSON and the log as
		 * a project's do: cleaned here, once, for all of them. */
		ls->name = probe_clean(name);
		ls->state = probe_clean(state ? state : "UNKNOWN");
		for (size_t i = 0;
		     json_is_array(tasks) && i < json_array_size(tasks); i++) {
			const char *ts = json_string_value(
			    json_object_get(json_array_get(tasks, i), "state"));
			ls->tasks++;
			ls->tasks_running += ts && strcmp(ts, "RUNNING") == 0;
		}
		if (!json_is_object(cfg) ||
		    !json_is_string(json_object_get(cfg, "connector.class")))
			continue;
		xgrow(&pj.live_names, &pj.cap_live_names, pj.n_live_names + 1,
		      sizeof *pj.live_names);
		pj.live_names[pj.n_live_names] =
		    xasprintf("connect:%s", ls->name);
		struct conn c = {.file = pj.live_names[pj.n_live_names++],
		                 .name = xstrdup(name), .order = -1,
		                 .running = state && strcmp(state, "RUNNING") == 0};
		conn_from_json(&c, cfg, NULL, 0, 0);
		xgrow(&pj.conns, &pj.cap_conns, pj.n_conns + 1,
		      sizeof *pj.conns);
		pj.conns[pj.n_conns++] = c;
	}
	json_decref(root);
	run_all(&pj, p, out);
	if (after)
		after(ctx, &pj);
	project_free(&pj);
	return 0;
}

void probe_report_free(struct probe_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_results; i++) {
		free(r->results[i].file);
		free(r->results[i].value);
	}
	free(r->results);
	for (size_t i = 0; i < r->n_live; i++) {
		free(r->live[i].name);
		free(r->live[i].state);
	}
	free(r->live);
	diag_list_free(&r->notes);
	memset(r, 0, sizeof *r);
}

bool probe_report_contradicted(const struct probe_report *r)
{
	for (size_t i = 0; i < r->n_results; i++)
		if (r->results[i].verdict == PROBE_CONTRADICTED)
			return true;
	for (size_t i = 0; i < r->n_live; i++)
		if (strcmp(r->live[i].state, "RUNNING") != 0 ||
		    r->live[i].tasks_running != r->live[i].tasks ||
		    r->live[i].tasks == 0)
			return true;
	return false;
}

static const char *const verdict_names[] = {
    /* Names in the log and JSON; messages _() them. */
    [PROBE_NOT_FOUND] = N_("not found"),
    [PROBE_VERIFIED] = N_("verified"),
    [PROBE_CONTRADICTED] = N_("contradicted"),
    [PROBE_NOT_APPLICABLE] = N_("not applicable"),
};

const char *probe_verdict_name(enum probe_verdict v)
{
	return v < PROBE_VERDICT_COUNT ? verdict_names[v] : "?";
}

int probe_verdict_parse(const char *s)
{
	for (int v = 0; v < PROBE_VERDICT_COUNT; v++)
		if (strcmp(s, verdict_names[v]) == 0)
			return v;
	return -1;
}

/* What probe_file_changed() last worked out, by file: the tutor asks
 * again at every reload, and a file whose identity, size and times are
 * the same is not read and hashed again (as git trusts them). */
#define CHANGED_MEMO 32
static struct changed_memo {
	char *path; /* dir "/" file */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	char hash[65]; /* the hash asked about */
	int rc;
} changed_memo[CHANGED_MEMO];
static size_t changed_next;

static struct changed_memo *memo_find(const char *path, const struct stat *st,
                                      const char *hash)
{
	for (size_t i = 0; i < CHANGED_MEMO; i++) {
		struct changed_memo *m = &changed_memo[i];
		if (m->path && strcmp(m->path, path) == 0 && m->dev == st->st_dev &&
		    m->ino == st->st_ino && m->size == st->st_size &&
		    m->mtime.tv_sec == st->st_mtim.tv_sec &&
		    m->mtime.tv_nsec == st->st_mtim.tv_nsec &&
		    m->ctime.tv_sec == st->st_ctim.tv_sec &&
		    m->ctime.tv_nsec == st->st_ctim.tv_nsec && strcmp(m->hash, hash) == 0)
			return m;
	}
	return NULL;
}

static void memo_keep(const char *path, const struct stat *st, const char *hash,
                      int rc)
{
	struct timespec now;
	struct changed_memo *m;

	/* A file changed within the last two seconds may change again
	 * within its file system's time resolution, its times the same
	 * (git's "racy" entries): not kept. */
	clock_gettime(CLOCK_REALTIME, &now);
	if (st->st_mtim.tv_sec + 2 > now.tv_sec || st->st_ctim.tv_sec + 2 > now.tv_sec)
		return;
	m = &changed_memo[changed_next++ % CHANGED_MEMO];
	free(m->path);
	*m = (struct changed_memo){.path = xstrdup(path), .dev = st->st_dev,
	                           .ino = st->st_ino, .size = st->st_size,
	                           .mtime = st->st_mtim, .ctime = st->st_ctim,
	                           .rc = rc};
	snprintf(m->hash, sizeof m->hash, "%s", hash);
}

int probe_file_changed(const char *dir, const char *file, const char *hash)
{
	char *buf, got_hash[65], *path;
	int root, fd, rc = 1;
	ssize_t got;
	size_t len = 0, cap;
	struct stat st;
	const struct changed_memo *m;

	/* Read as the probe read it: beneath the folder, no link followed,
	 * the same bytes hashed. */
	root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = root < 0 ? -1 : open_beneath(root, file, O_RDONLY);
	if (root >= 0)
		close(root);
	if (fd < 0)
		return errno == ENOENT ? 1 : -1; /* gone: changed; else unknown */
	/* A buffer of the file's size (one byte more, to see it grow), not
	 * of the largest file a probe reads: the tutor asks at each reload. */
	if (fstat(fd, &st) != 0 || st.st_size > (off_t)PROBE_MAX_FILE) {
		close(fd);
		return -1; /* the probe did not read it whole either */
	}
	path = xasprintf("%s/%s", dir, file);
	if ((m = memo_find(path, &st, hash))) {
		close(fd);
		free(path);
		return m->rc;
	}
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap);
	while (len < cap && (got = read(fd, buf + len, cap - len)) > 0)
		len += (size_t)got;
	close(fd);
	if (len == cap) { /* grew while read: unknown until it settles */
		rc = -1;
	} else {
		sha256_hex(buf, len, got_hash);
		rc = strcmp(got_hash, hash) != 0;
		memo_keep(path, &st, hash, rc);
	}
	free(buf);
	free(path);
	return rc;
}
