/* SPDX-License-Identifier: MIT */
/* The probe engine: a project directory is walked once (inside it only),
 * files are read when a probe's glob first names them, and each probe
 * kind is a function from the files (or the live connectors) to one
 * result. Connector configs come in three shapes: the JSON people POST
 * ({"name", "config": {...}}), a bare JSON config map, and a .properties
 * file; a config is a connector when it has connector.class. */
#include "selfgrade/probe.h"

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
#include <sys/syscall.h>
#include <unistd.h>

#include "selfgrade/digest.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

#define MAX_VALUE 200 /* bytes of a found value or line shown */

/* What a project or a Kafka Connect holds is shown on terminals, written
 * as JSON and kept in the log: controls, direction and other format
 * characters (and bytes that are no UTF-8) are escaped, by the rule every
 * text from outside follows, so that a file name, a line or a connector's
 * name cannot drive a terminal and can still be recognised. */
static char *clean(const char *s)
{
	return utf8_escape_foreign(s, strlen(s));
}

/* A note about a file, its name made safe to show. */
static void note(struct diag_list *d, const char *file, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void note(struct diag_list *d, const char *file, int line, int col,
                 const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char *f = clean(file), *m = clean(buf);
	diag_add(d, f, line, col, "%s", m);
	free(f);
	free(m);
}

/* ---- the project's files ---------------------------------------------------
 */

struct pfile {
	char *rel;
	char *real; /* a link's target, relative to the project, else NULL */
	bool tried, ok;
	bool parsed; /* read as a connector config (once, whatever it held) */
	char *buf;
	size_t len;
	char hash[65];
};

struct conn_field {
	char *key, *value;
	int line;
};

/* One connector config, from a file or from a running Kafka Connect. */
struct conn {
	const char *file; /* pfile's rel, or "connect:NAME" (owned by live) */
	char *class_;
	struct conn_field *f;
	size_t n, cap;
	int class_line;
	const char *hash;
	/* JSON: where to look for a field's line, found only for the fields
	 * a probe asks about (a file of many keys stays cheap). */
	const char *buf;
	size_t len, from;
};

struct project {
	char *root;  /* realpath of the directory, or NULL (live only) */
	int root_fd; /* the directory, open while root is set */
	struct pfile *files;
	size_t n_files, cap_files;
	size_t total; /* bytes read so far */
	struct diag_list *notes;
	struct conn *conns; /* from every .json and .properties read */
	size_t n_conns, cap_conns;
	bool live; /* the connector probes read conns from Kafka Connect */
	char **live_names;
	size_t n_live_names, cap_live_names;
};

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
		note(pj->notes, rel, 1, 1, _("cannot read the folder: %s"),
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
				note(pj->notes, r, 1, 1,
				     _("symbolic link leads outside the "
				     "project%s%s; not followed"),
				     real ? _(" to ") : "", real ? real : "");
			} else {
				/* The target, relative to the project, is
				 * what load_file() opens (beneath the root). */
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
				note(pj->notes, r, 1, 1,
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
static bool load_file(struct project *pj, struct pfile *f)
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
		note(pj->notes, f->rel, 1, 1, _("cannot open: %s"),
		     strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		note(pj->notes, f->rel, 1, 1, _("not a regular file; not read"));
		close(fd);
		return false;
	}
	if ((unsigned long long)st.st_size > PROBE_MAX_FILE) {
		note(pj->notes, f->rel, 1, 1,
		     _("file of %lld bytes is over the limit of %u bytes; "
		     "not read"),
		     (long long)st.st_size, PROBE_MAX_FILE);
		close(fd);
		return false;
	}
	if (pj->total + (size_t)st.st_size > PROBE_MAX_TOTAL) {
		note(pj->notes, f->rel, 1, 1,
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
		note(pj->notes, f->rel, 1, 1,
		     _("binary file (a NUL byte or invalid UTF-8); not read"));
		free(f->buf);
		f->buf = NULL;
		return false;
	}
	sha256_hex(f->buf, got, f->hash);
	f->ok = true;
	return true;
}

/* The files any of globs names, read; *matched counts those named. */
static struct pfile **select_files(struct project *pj,
                                   const struct pack_strv *globs, size_t *n,
                                   size_t *matched)
{
	struct pfile **v = xmalloc((pj->n_files + 1) * sizeof *v);
	*n = *matched = 0;
	for (size_t i = 0; i < pj->n_files; i++) {
		bool hit = false;
		for (size_t g = 0; g < globs->n && !hit; g++)
			hit = !probe_glob_problem(globs->v[g]) &&
			      probe_glob_match(globs->v[g], pj->files[i].rel);
		if (!hit)
			continue;
		(*matched)++;
		if (load_file(pj, &pj->files[i]))
			v[(*n)++] = &pj->files[i];
	}
	return v;
}

static char *join_globs(const struct pack_strv *g)
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

static int line_at(const char *buf, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/* ---- connector configs ------------------------------------------------------
 */

static void conn_add(struct conn *c, const char *key, const char *value,
                     int line)
{
	xgrow(&c->f, &c->cap, c->n + 1, sizeof *c->f);
	c->f[c->n++] = (struct conn_field){xstrdup(key), xstrdup(value), line};
	if (strcmp(key, "connector.class") == 0 && !c->class_) {
		c->class_ = xstrdup(value);
		c->class_line = line;
	}
}

static void conn_clear(struct conn *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->f[i].key);
		free(c->f[i].value);
	}
	free(c->f);
	free(c->class_);
}

/* A JSON value as the text a config means by it. */
static char *json_text(json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%g", json_real_value(v));
	if (json_is_true(v))
		return xstrdup("true");
	if (json_is_false(v))
		return xstrdup("false");
	return NULL;
}

/* Where "key": stands in buf, from off on: jansson keeps no positions. */
static int json_key_line(const char *buf, size_t len, size_t from,
                         const char *key)
{
	size_t kn = strlen(key);
	if (!buf || strpbrk(key, "\"\\"))
		return 0;
	for (size_t i = from; i + kn + 2 <= len; i++) {
		if (buf[i] != '"' || memcmp(buf + i + 1, key, kn) != 0 ||
		    buf[i + 1 + kn] != '"')
			continue;
		size_t j = i + kn + 2;
		while (j < len && (buf[j] == ' ' || buf[j] == '\t' ||
		                   buf[j] == '\n' || buf[j] == '\r'))
			j++;
		if (j < len && buf[j] == ':')
			return line_at(buf, i);
	}
	return 0;
}

static size_t config_offset(const char *buf, size_t len)
{
	static const char k[] = "\"config\"";
	for (size_t i = 0; buf && i + sizeof k - 1 <= len; i++)
		if (memcmp(buf + i, k, sizeof k - 1) == 0)
			return i;
	return 0;
}

/* Fills c from a config object; buf (may be NULL) gives the lines. */
static void conn_from_json(struct conn *c, json_t *cfg, const char *buf,
                           size_t len, size_t from)
{
	const char *key;
	json_t *v;
	json_object_foreach(cfg, key, v)
	{
		char *t = json_text(v);
		bool cls = strcmp(key, "connector.class") == 0;
		if (t)
			conn_add(c, key, t,
			         cls ? json_key_line(buf, len, from, key) : -1);
		free(t);
	}
	c->buf = buf;
	c->len = len;
	c->from = from;
}

static void parse_json(struct project *pj, struct pfile *f)
{
	json_error_t je;
	json_t *root = json_loadb(f->buf, f->len, 0, &je), *cfg;
	size_t from = 0;
	struct conn c = {0};

	if (!root) {
		note(pj->notes, f->rel, je.line > 0 ? je.line : 1,
		     je.column > 0 ? je.column : 1,
		     _("invalid JSON: %s; not read as a connector config"),
		     je.text);
		return;
	}
	cfg = root;
	if (json_is_object(root) &&
	    json_is_object(json_object_get(root, "config"))) {
		cfg = json_object_get(root, "config");
		from = config_offset(f->buf, f->len);
	}
	if (!json_is_object(cfg) ||
	    !json_is_string(json_object_get(cfg, "connector.class"))) {
		json_decref(root);
		return; /* some other JSON: a dashboard, a package file */
	}
	c.file = f->rel;
	c.hash = f->hash;
	conn_from_json(&c, cfg, f->buf, f->len, from);
	json_decref(root);
	xgrow(&pj->conns, &pj->cap_conns, pj->n_conns + 1, sizeof *pj->conns);
	pj->conns[pj->n_conns++] = c;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '\f')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Java .properties, one key a line (continuation lines are not joined). */
static void parse_properties(struct project *pj, struct pfile *f)
{
	struct conn c = {.file = f->rel, .hash = f->hash};
	char *copy = xstrdup(f->buf), *save = NULL;
	int line = 0;
	const char *p = copy;

	for (char *l = copy; p; l = save) {
		char *nl = strchr(l, '\n'), *k, *v;
		line++;
		if (nl)
			*nl = '\0';
		save = nl ? nl + 1 : NULL;
		p = save;
		k = trim(l);
		if (!*k || *k == '#' || *k == '!')
			continue;
		v = k + strcspn(k, "=: \t");
		if (*v) {
			*v++ = '\0';
			while (*v == ' ' || *v == '\t')
				v++;
			if (*v == '=' || *v == ':')
				v++;
		}
		conn_add(&c, k, trim(v), line);
	}
	free(copy);
	if (c.class_) {
		xgrow(&pj->conns, &pj->cap_conns, pj->n_conns + 1,
		      sizeof *pj->conns);
		pj->conns[pj->n_conns++] = c;
	} else {
		conn_clear(&c);
	}
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

static const char *simple_name(const char *cls)
{
	const char *dot = strrchr(cls, '.');
	return dot ? dot + 1 : cls;
}

/* Kafka Connect takes a connector's simple class name as an alias. */
static bool class_matches(const struct pack_probe *pr, const char *cls)
{
	for (size_t i = 0; i < pr->connector.n; i++)
		if (strcmp(simple_name(pr->connector.v[i]), simple_name(cls)) ==
		    0)
			return true;
	return false;
}

/* The selected connectors: from the files the probe's globs name (each
 * parsed once per run), or the live ones. */
static struct conn **select_conns(struct project *pj,
                                  const struct pack_probe *pr, size_t *n,
                                  size_t *files_read, size_t *files_matched)
{
	struct conn **v;
	size_t nf = 0;
	struct pfile **fs = NULL;

	*n = 0;
	*files_read = *files_matched = 0;
	if (!pj->live) {
		fs = select_files(pj, &pr->files, &nf, files_matched);
		*files_read = nf;
		/* Each file once per run, whatever it held: a file that
		 * does not parse is noted once, not once per probe. */
		for (size_t i = 0; i < nf; i++) {
			if (fs[i]->parsed)
				continue;
			fs[i]->parsed = true;
			if (ends_with(fs[i]->rel, ".json"))
				parse_json(pj, fs[i]);
			else if (ends_with(fs[i]->rel, ".properties"))
				parse_properties(pj, fs[i]);
		}
	}
	v = xmalloc((pj->n_conns + 1) * sizeof *v);
	for (size_t k = 0; k < pj->n_conns; k++) {
		bool in = pj->live;
		for (size_t i = 0; i < nf && !in; i++)
			in = pj->conns[k].file == fs[i]->rel;
		if (in && class_matches(pr, pj->conns[k].class_))
			v[(*n)++] = &pj->conns[k];
	}
	free(fs);
	return v;
}

static const struct conn_field *conn_field(const struct conn *c,
                                           const struct pack_strv *names)
{
	for (size_t i = 0; i < names->n; i++)
		for (size_t k = 0; k < c->n; k++)
			if (fnmatch(names->v[i], c->f[k].key, 0) == 0) {
				struct conn_field *f = &c->f[k];
				if (f->line < 0)
					f->line = json_key_line(
					    c->buf, c->len, c->from, f->key);
				return f;
			}
	return NULL;
}

/* ---- results
 * ----------------------------------------------------------------- */

static void set(struct probe_result *r, enum probe_verdict v, const char *file,
                int line, const char *hash, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void set(struct probe_result *r, enum probe_verdict v, const char *file,
                int line, const char *hash, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->verdict = v;
	free(r->file);
	r->file = file ? clean(file) : NULL;
	r->line = line;
	snprintf(r->file_hash, sizeof r->file_hash, "%s", hash ? hash : "");
	free(r->value);
	r->value = clean(buf);
}

static char *short_text(const char *s)
{
	size_t n = strlen(s);
	if (n <= MAX_VALUE)
		return xstrdup(s);
	size_t k = MAX_VALUE;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--; /* never cut a character */
	return xasprintf("%.*s...", (int)k, s);
}

static void not_found_conns(struct probe_result *r, const struct pack_probe *pr,
                            size_t read, size_t matched, bool live)
{
	char *g = join_globs(&pr->files);
	char *c = join_globs(&pr->connector);
	if (live)
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		    "no running connector has connector.class %s", c);
	else if (!matched)
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL, "no file matches %s", g);
	else
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		    "no connector with connector.class %s in the %zu file%s "
		    "matching %s%s",
		    c, read, read == 1 ? "" : "s", g,
		    read < matched ? " (some could not be read: see the notes)"
		                   : "");
	free(g);
	free(c);
}

static bool is_integer(const char *s, long long *out)
{
	char *end;
	if (!*s)
		return false;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* A pattern compiled once for a whole run over the lines of the files;
 * NULL pattern or one that does not compile (the loader refused those)
 * never matches. */
struct rx {
	regex_t rx;
	bool ok;
};

static void rx_init(struct rx *r, const char *re, bool icase)
{
	r->ok = re && regcomp(&r->rx, re,
	                      REG_EXTENDED | (icase ? REG_ICASE : 0)) == 0;
}

static bool rx_match(const struct rx *r, const char *s, regmatch_t *m,
                     size_t nm)
{
	return r->ok && regexec(&r->rx, s, nm, m, 0) == 0;
}

static void rx_free(struct rx *r)
{
	if (r->ok)
		regfree(&r->rx);
	r->ok = false;
}

static bool regex_line(const char *re, bool icase, const char *s, regmatch_t *m,
                       size_t nm)
{
	regex_t rx;
	bool hit;
	if (regcomp(&rx, re, REG_EXTENDED | (icase ? REG_ICASE : 0)) != 0)
		return false;
	hit = regexec(&rx, s, nm, m, 0) == 0;
	regfree(&rx);
	return hit;
}

/* field-present, -equals, -range, -matches: every selected connector. */
static void run_field(struct project *pj, const struct pack_probe *pr,
                      struct probe_result *r)
{
	size_t n, read, matched, with = 0;
	struct conn **cs = select_conns(pj, pr, &n, &read, &matched);
	const struct conn_field *first = NULL;
	const struct conn *first_c = NULL;
	char *fields = join_globs(&pr->field);

	for (size_t i = 0; i < n; i++) {
		const struct conn *c = cs[i];
		const struct conn_field *f = conn_field(c, &pr->field);
		char *v;
		long long num;

		if (!f) {
			if (pr->kind == PROBE_FIELD_PRESENT) {
				set(r, PROBE_CONTRADICTED, c->file,
				    c->class_line, c->hash,
				    "no %s in this %s connector", fields,
				    simple_name(c->class_));
				goto done;
			}
			continue;
		}
		with++;
		v = short_text(f->value);
		switch (pr->kind) {
		case PROBE_FIELD_EQUALS:
			if (strcmp(f->value, pr->value) != 0) {
				set(r, PROBE_CONTRADICTED, c->file, f->line,
				    c->hash, "%s = %s, expected %s", f->key, v,
				    pr->value);
				free(v);
				goto done;
			}
			break;
		case PROBE_FIELD_RANGE:
			if (!is_integer(f->value, &num) || num < pr->min ||
			    num > pr->max) {
				set(r, PROBE_CONTRADICTED, c->file, f->line,
				    c->hash, "%s = %s, outside %lld-%lld",
				    f->key, v, pr->min, pr->max);
				free(v);
				goto done;
			}
			break;
		case PROBE_FIELD_MATCHES: {
			regmatch_t m;
			if (!regex_line(pr->pattern, pr->icase, f->value, &m,
			                1)) {
				set(r, PROBE_CONTRADICTED, c->file, f->line,
				    c->hash, "%s = %s, does not match %s",
				    f->key, v, pr->pattern);
				free(v);
				goto done;
			}
			break;
		}
		default:
			break;
		}
		free(v);
		if (!first) {
			first = f;
			first_c = c;
		}
	}
	if (!n) {
		not_found_conns(r, pr, read, matched, pj->live);
	} else if (!first) {
		char *c = join_globs(&pr->connector);
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		    "no %s connector sets %s", c, fields);
		free(c);
	} else {
		char *v = short_text(first->value);
		set(r, PROBE_VERIFIED, first_c->file, first->line,
		    first_c->hash, "%s = %s%s", first->key, v,
		    with > 1 ? " (and in the other connectors)" : "");
		free(v);
	}
done:
	free(fields);
	free(cs);
}

static void run_unique(struct project *pj, const struct pack_probe *pr,
                       struct probe_result *r)
{
	size_t n, read, matched, with = 0;
	struct conn **cs = select_conns(pj, pr, &n, &read, &matched);
	const struct conn_field **fs = xcalloc(n + 1, sizeof *fs);
	char *fields = join_globs(&pr->field);

	for (size_t i = 0; i < n; i++) {
		fs[i] = conn_field(cs[i], &pr->field);
		if (!fs[i])
			continue;
		with++;
		for (size_t j = 0; j < i; j++) {
			if (!fs[j] || strcmp(fs[j]->value, fs[i]->value) != 0)
				continue;
			char *v = short_text(fs[i]->value);
			if (cs[j]->file == cs[i]->file || !cs[j]->file)
				set(r, PROBE_CONTRADICTED, cs[i]->file,
				    fs[i]->line, cs[i]->hash,
				    "%s = %s is also used by %s", fs[i]->key, v,
				    cs[j]->file);
			else
				set(r, PROBE_CONTRADICTED, cs[i]->file,
				    fs[i]->line, cs[i]->hash,
				    "%s = %s is also used by %s:%d", fs[i]->key,
				    v, cs[j]->file, fs[j]->line);
			free(v);
			goto done;
		}
	}
	if (!n) {
		not_found_conns(r, pr, read, matched, pj->live);
	} else if ((int)with < pr->at_least) {
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		    "%zu connector%s set%s %s; %d needed to compare", with,
		    with == 1 ? "" : "s", with == 1 ? "s" : "", fields,
		    pr->at_least);
	} else {
		size_t k = 0;
		while (!fs[k])
			k++;
		char *v = short_text(fs[k]->value);
		set(r, PROBE_VERIFIED, cs[k]->file, fs[k]->line, cs[k]->hash,
		    with == 1 ? "%s = %s (the only connector setting it)"
		              : "%s = %s; the %zu connectors setting it differ",
		    fs[k]->key, v, with);
		free(v);
	}
done:
	free(fields);
	free(fs);
	free(cs);
}

/* ---- text
 * ---------------------------------------------------------------------- */

/* Calls fn for each line of f (NUL-terminated copy), with its number;
 * stops when fn returns true. */
typedef bool (*line_fn)(void *ctx, struct pfile *f, int line, char *text);

static void each_line(struct pfile *f, line_fn fn, void *ctx)
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

struct differs_ctx {
	struct rx pattern;
	char **vals, **files;
	int *lines;
	size_t n, cap_v, cap_f, cap_l;
};

static bool differs_line(void *ctx, struct pfile *f, int line, char *text)
{
	struct differs_ctx *d = ctx;
	regmatch_t m[2];
	if (!rx_match(&d->pattern, text, m, 2) || m[1].rm_so < 0)
		return false;
	xgrow(&d->vals, &d->cap_v, d->n + 1, sizeof *d->vals);
	xgrow(&d->files, &d->cap_f, d->n + 1, sizeof *d->files);
	xgrow(&d->lines, &d->cap_l, d->n + 1, sizeof *d->lines);
	d->vals[d->n] = xasprintf("%.*s", (int)(m[1].rm_eo - m[1].rm_so),
	                          text + m[1].rm_so);
	d->files[d->n] = f->rel;
	d->lines[d->n++] = line;
	return false;
}

static void run_differs(struct project *pj, const struct pack_probe *pr,
                        struct probe_result *r)
{
	size_t n, read, matched, nf = 0, mf = 0;
	struct conn **cs = select_conns(pj, pr, &n, &read, &matched);
	struct pfile **fs =
	    pj->root ? select_files(pj, &pr->elsewhere_files, &nf, &mf) : NULL;
	struct differs_ctx d = {0};
	const struct conn_field *first = NULL;
	const struct conn *first_c = NULL;
	char *fields = join_globs(&pr->field);

	rx_init(&d.pattern, pr->elsewhere_pattern, false);
	for (size_t i = 0; i < nf; i++)
		each_line(fs[i], differs_line, &d);
	rx_free(&d.pattern);
	for (size_t i = 0; i < n; i++) {
		const struct conn_field *f = conn_field(cs[i], &pr->field);
		if (!f)
			continue;
		if (!first) {
			first = f;
			first_c = cs[i];
		}
		for (size_t k = 0; k < d.n; k++)
			if (strcmp(d.vals[k], f->value) == 0) {
				char *v = short_text(f->value);
				set(r, PROBE_CONTRADICTED, cs[i]->file, f->line,
				    cs[i]->hash, "%s = %s, the same as %s:%d",
				    f->key, v, d.files[k], d.lines[k]);
				free(v);
				goto done;
			}
	}
	if (!n) {
		not_found_conns(r, pr, read, matched, pj->live);
	} else if (!first) {
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL, "no connector sets %s",
		    fields);
	} else if (!d.n) {
		char *g = join_globs(&pr->elsewhere_files);
		set(r, PROBE_NOT_FOUND, first_c->file, first->line,
		    first_c->hash,
		    "%s = %s, but nothing to compare it with: no line of %s "
		    "matches %s",
		    first->key, first->value, g, pr->elsewhere_pattern);
		free(g);
	} else {
		char *v = short_text(first->value);
		set(r, PROBE_VERIFIED, first_c->file, first->line,
		    first_c->hash, "%s = %s, differs from %s (%s:%d)",
		    first->key, v, d.vals[0], d.files[0], d.lines[0]);
		free(v);
	}
done:
	for (size_t k = 0; k < d.n; k++)
		free(d.vals[k]);
	free(d.vals);
	free(d.files);
	free(d.lines);
	free(fields);
	free(fs);
	free(cs);
}

/* A Markdown heading's level (1-6), or 0. */
static int heading_level(const char *s)
{
	int n = 0;
	while (s[n] == '#')
		n++;
	return n >= 1 && n <= 6 && (s[n] == ' ' || s[n] == '\t') ? n : 0;
}

static bool is_fence(const char *s, char *kind)
{
	while (*s == ' ')
		s++;
	if (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0) {
		*kind = s[0];
		return true;
	}
	return false;
}

struct contains_ctx {
	const struct pack_probe *pr;
	struct rx pattern, forbid, section;
	int found;
	struct pfile *first_f;
	int first_line;
	char *first_text;
	struct pfile *bad_f; /* a forbidden line */
	int bad_line;
	char *bad_text;
	/* Markdown state, per file */
	char fence;
	int in_section; /* the level of the heading we are under, 0: none */
	bool any_section;
};

static bool contains_line(void *ctx, struct pfile *f, int line, char *text)
{
	struct contains_ctx *c = ctx;
	const struct pack_probe *pr = c->pr;
	regmatch_t m;
	char kind;

	if (pr->section) {
		if (is_fence(text, &kind))
			c->fence = c->fence == kind ? 0
			           : c->fence       ? c->fence
			                            : kind;
		int lv = c->fence ? 0 : heading_level(text);
		if (lv) {
			if (c->in_section && lv <= c->in_section)
				c->in_section = 0;
			if (!c->in_section &&
			    rx_match(&c->section, text + lv, &m, 1)) {
				c->in_section = lv;
				c->any_section = true;
			}
			return false;
		}
		if (!c->in_section)
			return false;
	}
	if (rx_match(&c->forbid, text, &m, 1)) {
		c->bad_f = f;
		c->bad_line = line;
		c->bad_text = short_text(trim(text));
		return true;
	}
	if (rx_match(&c->pattern, text, &m, 1)) {
		if (!c->found++) {
			c->first_f = f;
			c->first_line = line;
			c->first_text = short_text(trim(text));
		}
	}
	return false;
}

static void run_contains(struct project *pj, const struct pack_probe *pr,
                         struct probe_result *r)
{
	size_t nf, mf;
	struct pfile **fs = select_files(pj, &pr->files, &nf, &mf);
	struct contains_ctx c = {.pr = pr};
	char *g = join_globs(&pr->files);

	rx_init(&c.pattern, pr->pattern, pr->icase);
	rx_init(&c.forbid, pr->forbid, pr->icase);
	rx_init(&c.section, pr->section, true);
	for (size_t i = 0; i < nf && !c.bad_f; i++) {
		c.fence = 0;
		c.in_section = 0;
		each_line(fs[i], contains_line, &c);
	}
	rx_free(&c.pattern);
	rx_free(&c.forbid);
	rx_free(&c.section);
	if (c.bad_f)
		set(r, PROBE_CONTRADICTED, c.bad_f->rel, c.bad_line,
		    c.bad_f->hash, "%s (matches %s)", c.bad_text, pr->forbid);
	else if (c.found >= pr->count)
		set(r, PROBE_VERIFIED, c.first_f->rel, c.first_line,
		    c.first_f->hash, c.found > 1 ? "%s (%d lines match)" : "%s",
		    c.first_text, c.found);
	else if (c.found)
		set(r, PROBE_NOT_FOUND, c.first_f->rel, c.first_line,
		    c.first_f->hash, "%d line%s of the %d needed match%s %s",
		    c.found, c.found == 1 ? "" : "s", pr->count,
		    c.found == 1 ? "es" : "", pr->pattern);
	else if (!mf)
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL, "no file matches %s", g);
	else if (pr->section && !c.any_section)
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		    "no heading matching %s in %s", pr->section, g);
	else
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		    "no line matches %s in the %zu file%s matching %s%s",
		    pr->pattern, nf, nf == 1 ? "" : "s", g,
		    nf < mf ? " (some could not be read: see the notes)" : "");
	free(c.first_text);
	free(c.bad_text);
	free(g);
	free(fs);
}

struct mermaid_ctx {
	const struct pack_probe *pr;
	char fence; /* in a code block of this kind */
	bool in_mermaid;
	int start;
	char *block; /* the block's text so far */
	size_t len, cap;
	struct pfile *hit_f, *seen_f;
	int hit_line, seen_line;
	char *missing;
};

static bool mermaid_done(struct mermaid_ctx *c, struct pfile *f)
{
	char *missing = NULL;
	size_t at;
	for (size_t i = 0; i < c->pr->words.n; i++)
		if (!utf8_casefind(c->block ? c->block : "", c->pr->words.v[i],
		                   &at)) {
			missing = c->pr->words.v[i];
			break;
		}
	free(c->block);
	c->block = NULL;
	c->len = c->cap = 0;
	c->in_mermaid = false;
	if (!missing) {
		c->hit_f = f;
		c->hit_line = c->start;
		return true;
	}
	if (!c->seen_f) {
		c->seen_f = f;
		c->seen_line = c->start;
		c->missing = missing;
	}
	return false;
}

static bool mermaid_line(void *ctx, struct pfile *f, int line, char *text)
{
	struct mermaid_ctx *c = ctx;
	char kind;

	if (is_fence(text, &kind)) {
		if (c->fence == kind) {
			c->fence = 0;
			if (c->in_mermaid)
				return mermaid_done(c, f);
			return false;
		}
		if (!c->fence) {
			const char *s = text;
			while (*s == ' ')
				s++;
			s += 3;
			while (*s == kind)
				s++;
			while (*s == ' ')
				s++;
			c->fence = kind;
			c->in_mermaid = strncmp(s, "mermaid", 7) == 0;
			c->start = line;
			return false;
		}
	}
	if (c->in_mermaid) {
		size_t n = strlen(text);
		xgrow(&c->block, &c->cap, c->len + n + 2, 1);
		memcpy(c->block + c->len, text, n);
		c->block[c->len + n] = '\n';
		c->block[c->len + n + 1] = '\0';
		c->len += n + 1;
	}
	return false;
}

static void run_mermaid(struct project *pj, const struct pack_probe *pr,
                        struct probe_result *r)
{
	size_t nf, mf;
	struct pfile **fs = select_files(pj, &pr->files, &nf, &mf);
	struct mermaid_ctx c = {.pr = pr};
	char *g = join_globs(&pr->files), *w = join_globs(&pr->words);

	for (size_t i = 0; i < nf && !c.hit_f; i++) {
		c.fence = 0;
		c.in_mermaid = false;
		each_line(fs[i], mermaid_line, &c);
		free(c.block); /* an unclosed block */
		c.block = NULL;
		c.len = c.cap = 0;
	}
	if (c.hit_f)
		set(r, PROBE_VERIFIED, c.hit_f->rel, c.hit_line, c.hit_f->hash,
		    "a mermaid diagram naming %s", w);
	else if (c.seen_f)
		set(r, PROBE_NOT_FOUND, c.seen_f->rel, c.seen_line,
		    c.seen_f->hash, "the mermaid diagram here does not name %s",
		    c.missing);
	else if (!mf)
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL, "no file matches %s", g);
	else
		set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		    "no mermaid block in the %zu file%s matching %s", nf,
		    nf == 1 ? "" : "s", g);
	free(g);
	free(w);
	free(fs);
}

/* ---- runs
 * ---------------------------------------------------------------------- */

static void run_all(struct project *pj, const struct pack *p,
                    struct probe_report *out)
{
	out->results = xcalloc(p->n_probes + 1, sizeof *out->results);
	out->n_results = p->n_probes;
	for (size_t i = 0; i < p->n_probes; i++) {
		const struct pack_probe *pr = &p->probes[i];
		struct probe_result *r = &out->results[i];
		r->probe = pr;
		bool text = pr->kind == PROBE_TEXT_CONTAINS ||
		            pr->kind == PROBE_MERMAID_NAMES;
		if (text && !pj->root) {
			set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
			    "reads project files: give the project folder too");
			continue;
		}
		switch (pr->kind) {
		case PROBE_FIELD_PRESENT:
		case PROBE_FIELD_EQUALS:
		case PROBE_FIELD_RANGE:
		case PROBE_FIELD_MATCHES:
			run_field(pj, pr, r);
			break;
		case PROBE_FIELD_UNIQUE:
			run_unique(pj, pr, r);
			break;
		case PROBE_FIELD_DIFFERS:
			run_differs(pj, pr, r);
			break;
		case PROBE_TEXT_CONTAINS:
			run_contains(pj, pr, r);
			break;
		case PROBE_MERMAID_NAMES:
		case PROBE_KIND_COUNT:
			run_mermaid(pj, pr, r);
			break;
		}
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
		note(pj->notes, ".", 1, 1,
		     _("more than %d files; the rest were not looked at"),
		     PROBE_MAX_FILES);
	if (pj->n_files)
		qsort(pj->files, pj->n_files, sizeof *pj->files, by_rel);
	return 0;
}

int probe_run_dir(const struct pack *p, const char *dir,
                  struct probe_report *out, char **err)
{
	struct project pj = {0};
	memset(out, 0, sizeof *out);
	if (project_open(&pj, dir, out, err)) {
		diag_list_free(&out->notes);
		return -1;
	}
	run_all(&pj, p, out);
	project_free(&pj);
	return 0;
}

/* The documented shape: {"NAME": {"info": {"name", "config": {...}, ...},
 * "status": {"connector": {"state"}, "tasks": [{"state"}, ...]}}, ...}. */
int probe_run_live(const struct pack *p, const char *json, size_t len,
                   const char *dir, struct probe_report *out, char **err)
{
	struct project pj = {0};
	json_error_t je;
	json_t *root, *v;
	const char *name;

	memset(out, 0, sizeof *out);
	root = json_loadb(json, len, 0, &je);
	if (!json_is_object(root)) {
		/* jansson's message may quote the answer. */
		char *why = clean(root ? "" : je.text);
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
		ls->name = clean(name);
		ls->state = clean(state ? state : "UNKNOWN");
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
		struct conn c = {.file = pj.live_names[pj.n_live_names++]};
		conn_from_json(&c, cfg, NULL, 0, 0);
		xgrow(&pj.conns, &pj.cap_conns, pj.n_conns + 1,
		      sizeof *pj.conns);
		pj.conns[pj.n_conns++] = c;
	}
	json_decref(root);
	run_all(&pj, p, out);
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
};

const char *probe_verdict_name(enum probe_verdict v)
{
	return v <= PROBE_CONTRADICTED ? verdict_names[v] : "?";
}

int probe_verdict_parse(const char *s)
{
	for (int v = 0; v <= PROBE_CONTRADICTED; v++)
		if (strcmp(s, verdict_names[v]) == 0)
			return v;
	return -1;
}

int probe_file_changed(const char *dir, const char *file, const char *hash)
{
	char *buf = xmalloc(PROBE_MAX_FILE + 1), got_hash[65];
	int root, fd, rc = 1;
	ssize_t got;
	size_t len = 0;

	/* Read as the probe read it: beneath the folder, no link followed,
	 * the same bytes hashed. */
	root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = root < 0 ? -1 : open_beneath(root, file, O_RDONLY);
	if (root >= 0)
		close(root);
	if (fd < 0) {
		free(buf);
		return errno == ENOENT ? 1 : -1; /* gone: changed; else unknown */
	}
	while (len <= PROBE_MAX_FILE &&
	       (got = read(fd, buf + len, PROBE_MAX_FILE + 1 - len)) > 0)
		len += (size_t)got;
	close(fd);
	if (len > PROBE_MAX_FILE) {
		rc = -1; /* the probe did not read it whole either */
	} else {
		sha256_hex(buf, len, got_hash);
		rc = strcmp(got_hash, hash) != 0;
	}
	free(buf);
	return rc;
}
