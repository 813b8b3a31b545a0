/* SPDX-License-Identifier: MIT */
/* Finding connector configs where learners keep them, and telling which
 * are one connector.
 *
 * A config is a connector when it has connector.class. It is found in
 * JSON (an object {"name", "config"}, a bare config map, or an array of
 * either; any file whose text is JSON, whatever its name), .properties
 * (Kafka Connect's, or Debezium Server's debezium.source.*), Strimzi
 * KafkaConnector and DebeziumServer resources, and the object literals of
 * scripts: the JSON payload of curl in a shell script (-d '...', a heredoc)
 * and Python or JavaScript dicts. curl's -d @FILE in scripts and READMEs
 * gives FILE's config the name the request registers it under and its
 * place in the order of registration. Markdown itself is documentation:
 * the configs quoted in it are not deployments.
 *
 * A connector is its name and class: configs sharing both are versions of
 * one connector, of which the last registered (else the last file) is
 * judged and the others are listed in the notes. */
#include "probe_int.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/yamltree.h"
#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

void conn_add(struct conn *c, const char *key, const char *value, int line)
{
	xgrow(&c->f, &c->cap, c->n + 1, sizeof *c->f);
	c->f[c->n++] = (struct conn_field){xstrdup(key), xstrdup(value), line};
	if (strcmp(key, "connector.class") == 0 && !c->class_) {
		c->class_ = xstrdup(value);
		c->class_line = line;
	}
}

void conn_clear(struct conn *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->f[i].key);
		free(c->f[i].value);
	}
	free(c->f);
	free(c->class_);
	free(c->name);
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

int conn_key_line(const struct conn *c, const char *key)
{
	size_t kn = strlen(key), end = c->to ? c->to : c->len;
	if (!c->buf || !c->pf || strpbrk(key, "\"'\\"))
		return 0;
	for (size_t i = c->from; i + kn + 2 <= end; i++) {
		char q = c->buf[i];
		if ((q != '"' && q != '\'') ||
		    memcmp(c->buf + i + 1, key, kn) != 0 ||
		    c->buf[i + 1 + kn] != q)
			continue;
		size_t j = i + kn + 2;
		while (j < end && (c->buf[j] == ' ' || c->buf[j] == '\t' ||
		                   c->buf[j] == '\n' || c->buf[j] == '\r'))
			j++;
		if (j < end && c->buf[j] == ':')
			return probe_line_at(c->pf, i);
	}
	return 0;
}

void conn_from_json(struct conn *c, json_t *cfg, const char *buf, size_t len,
                    size_t from)
{
	const char *key;
	json_t *v;
	c->buf = buf;
	c->len = len;
	c->from = from;
	json_object_foreach(cfg, key, v)
	{
		char *t = json_text(v);
		bool cls = strcmp(key, "connector.class") == 0;
		if (t)
			conn_add(c, key, t, cls ? conn_key_line(c, key) : -1);
		free(t);
	}
}

/* Keeps c (or frees it past PROBE_MAX_CONNS: no project has that many,
 * and comparing connectors pairwise must stay cheap). */
static bool conn_push(struct project *pj, struct conn *c)
{
	if (pj->n_conns >= PROBE_MAX_CONNS) {
		if (!pj->conns_capped++)
			probe_note(pj->notes, c->file, 1, 1,
			           _("more than %d connector configs; the rest "
			             "are not read"),
			           PROBE_MAX_CONNS);
		conn_clear(c);
		return false;
	}
	xgrow(&pj->conns, &pj->cap_conns, pj->n_conns + 1, sizeof *pj->conns);
	pj->conns[pj->n_conns++] = *c;
	return true;
}

/* One JSON value as a connector: {"name", "config": {...}} or a bare
 * config. Returns whether it was one. */
static bool json_conn(struct project *pj, struct pfile *f, json_t *o,
                      size_t from, size_t to, long order)
{
	json_t *cfg = o;
	const char *name = NULL;
	if (!json_is_object(o))
		return false;
	if (json_is_object(json_object_get(o, "config"))) {
		cfg = json_object_get(o, "config");
		name = json_string_value(json_object_get(o, "name"));
	} else {
		name = json_string_value(json_object_get(o, "name"));
	}
	if (!json_is_string(json_object_get(cfg, "connector.class")))
		return false;
	struct conn c = {.file = f->rel, .pf = f, .order = order};
	c.to = to;
	conn_from_json(&c, cfg, f->buf, f->len, from);
	if (name && *name)
		c.name = xstrdup(name);
	return conn_push(pj, &c);
}

/* Where each top-level object of a JSON array starts and ends (jansson
 * keeps no positions), in one pass: from[k], to[k] for the k-th object
 * element, 0 for an element that is no object. */
static void elements(const char *b, size_t len, size_t n, size_t *from,
                     size_t *to)
{
	int depth = 0;
	bool str = false;
	size_t k = 0;
	for (size_t i = 0; i < len && k < n; i++) {
		char ch = b[i];
		if (str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				str = false;
			continue;
		}
		if (ch == '"') {
			str = true;
		} else if (ch == '[' || ch == '{') {
			if (depth == 1)
				from[k] = i;
			depth++;
		} else if (ch == ']' || ch == '}') {
			depth--;
			if (depth == 1)
				to[k] = i + 1;
		} else if (ch == ',' && depth == 1) {
			k++; /* the next element */
		}
	}
}

/* A file's text as JSON. quiet: the file is not named .json, so text that
 * is no JSON is some other format and no note. Returns whether it was
 * JSON. */
static bool parse_json(struct project *pj, struct pfile *f, bool quiet)
{
	json_error_t je;
	json_t *root = json_loadb(f->buf, f->len, 0, &je);

	if (!root) {
		if (!quiet)
			probe_note(pj->notes, f->rel, je.line > 0 ? je.line : 1,
			           je.column > 0 ? je.column : 1,
			           _("invalid JSON: %s; not read as a connector "
			             "config"),
			           je.text);
		return false;
	}
	if (json_is_array(root)) {
		size_t n = json_array_size(root);
		size_t *from = xcalloc(n + 1, sizeof *from);
		size_t *to = xcalloc(n + 1, sizeof *to);
		elements(f->buf, f->len, n, from, to);
		for (size_t i = 0; i < n; i++)
			json_conn(pj, f, json_array_get(root, i), from[i], to[i],
			          -1);
		free(from);
		free(to);
	} else {
		json_conn(pj, f, root, 0, 0, -1);
	}
	json_decref(root);
	return true;
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

/* Java .properties, one key a line (continuation lines are not joined).
 * Debezium Server's file holds its connector under debezium.source.*. */
static void parse_properties(struct project *pj, struct pfile *f)
{
	static const char dbz[] = "debezium.source.";
	struct conn c = {.file = f->rel, .pf = f, .order = -1};
	char *copy = xstrdup(f->buf), *save = NULL;
	int line = 0;
	const char *p = copy;
	bool server = strstr(f->buf, "debezium.source.connector.class") != NULL;

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
		v = trim(v);
		if (server) {
			if (strncmp(k, dbz, sizeof dbz - 1) != 0)
				continue;
			k += sizeof dbz - 1;
		}
		if (strcmp(k, "name") == 0 && !c.name && *v)
			c.name = xstrdup(v);
		conn_add(&c, k, v, line);
	}
	free(copy);
	if (c.class_)
		conn_push(pj, &c);
	else
		conn_clear(&c);
}

/* ---- Kubernetes resources ------------------------------------------------ */

static const struct ynode *ymap_get(const struct ynode *m, const char *key)
{
	if (!m || m->type != YN_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->kids[i]->type == YN_SCALAR &&
		    strcmp(m->kids[i]->value, key) == 0)
			return m->kids[i + 1];
	return NULL;
}

static const char *yscalar(const struct ynode *n)
{
	return n && n->type == YN_SCALAR ? n->value : NULL;
}

/* The config map's scalars, nested maps joined with dots. */
static void yaml_fields(struct conn *c, const struct ynode *m,
                        const char *prefix, int depth)
{
	if (!m || m->type != YN_MAP || depth > 8)
		return;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i], *v = m->kids[i + 1];
		if (k->type != YN_SCALAR)
			continue;
		char *key = *prefix ? xasprintf("%s.%s", prefix, k->value)
		                    : xstrdup(k->value);
		if (v->type == YN_SCALAR)
			conn_add(c, key, v->value, k->line);
		else
			yaml_fields(c, v, key, depth + 1);
		free(key);
	}
}

/* Strimzi's KafkaConnector (spec.class, spec.config) and the Debezium
 * operator's DebeziumServer (spec.source.class, spec.source.config). */
static void yaml_resource(struct project *pj, struct pfile *f,
                          const struct ynode *root, int line0)
{
	const char *kind = yscalar(ymap_get(root, "kind"));
	const struct ynode *spec = ymap_get(root, "spec"), *cls, *cfg;
	if (!kind)
		return;
	if (strcmp(kind, "KafkaConnector") == 0) {
		cls = ymap_get(spec, "class");
		cfg = ymap_get(spec, "config");
	} else if (strcmp(kind, "DebeziumServer") == 0) {
		cls = ymap_get(ymap_get(spec, "source"), "class");
		cfg = ymap_get(ymap_get(spec, "source"), "config");
	} else {
		return;
	}
	if (!yscalar(cls))
		return;
	struct conn c = {.file = f->rel, .pf = f, .order = -1};
	const char *name = yscalar(ymap_get(ymap_get(root, "metadata"), "name"));
	conn_add(&c, "connector.class", cls->value, line0 + cls->line - 1);
	yaml_fields(&c, cfg, "", 0);
	for (size_t i = 0; i < c.n; i++)
		if (c.f[i].line > 0 && &c.f[i] != &c.f[0])
			c.f[i].line += line0 - 1;
	if (name && *name)
		c.name = xstrdup(name);
	conn_push(pj, &c);
}

static void parse_yaml(struct project *pj, struct pfile *f)
{
	if (!strstr(f->buf, "KafkaConnector") &&
	    !strstr(f->buf, "DebeziumServer"))
		return;
	/* One resource per document: split at the "---" lines. */
	const char *b = f->buf, *end = f->buf + f->len;
	int line = 1;
	while (b < end) {
		const char *e = b;
		int lines = 0;
		while (e < end) {
			const char *nl = memchr(e, '\n', (size_t)(end - e));
			const char *next = nl ? nl + 1 : end;
			if (e != b && strncmp(e, "---", 3) == 0 &&
			    (e + 3 == end || e[3] == '\n' || e[3] == '\r' ||
			     e[3] == ' '))
				break;
			lines++;
			e = next;
		}
		struct diag_list quiet = {0};
		struct ydoc *doc = ydoc_parse(f->rel, b, (size_t)(e - b), &quiet);
		if (doc && doc->root)
			yaml_resource(pj, f, doc->root, line);
		ydoc_free(doc);
		diag_list_free(&quiet);
		line += lines;
		b = e;
	}
}

/* ---- object literals in scripts ------------------------------------------ */

enum lang { L_SH, L_PY, L_JS };

/* What a literal's source turns into for jansson: strings in double
 * quotes, bare keys quoted, Python's and JavaScript's words for true,
 * false and null, trailing commas gone, comments gone; any other word (a
 * variable) null, with what follows it (.attr, [index], (call)). */
struct lit {
	char *o;
	size_t n, cap;
};

static void lit_put(struct lit *l, const char *s, size_t n)
{
	xgrow(&l->o, &l->cap, l->n + n + 1, 1);
	memcpy(l->o + l->n, s, n);
	l->n += n;
	l->o[l->n] = '\0';
}

static bool word_ch(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '$' || (!first && c >= '0' && c <= '9');
}

/* Skips a comment at s[i], if one starts there; returns the new i. */
static size_t skip_comment(const char *s, size_t i, size_t n, enum lang lg)
{
	if ((lg == L_PY && s[i] == '#') ||
	    (lg == L_SH && s[i] == '#' &&
	     (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' ||
	      s[i - 1] == '\n')) ||
	    (lg == L_JS && s[i] == '/' && i + 1 < n && s[i + 1] == '/')) {
		while (i < n && s[i] != '\n')
			i++;
		return i;
	}
	if (lg == L_JS && s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
		const char *e = strstr(s + i + 2, "*/");
		return e && (size_t)(e - s) < n ? (size_t)(e - s) + 2 : n;
	}
	return i;
}

static bool is_quote(char c, enum lang lg)
{
	return c == '"' || (lg != L_SH && c == '\'') || (lg == L_JS && c == '`');
}

/* The end of the string that opens at s[i] (the index after it). */
static size_t string_end(const char *s, size_t i, size_t n, enum lang lg)
{
	char q = s[i];
	if (lg == L_PY && i + 2 < n && s[i + 1] == q && s[i + 2] == q) {
		for (size_t j = i + 3; j + 2 < n; j++) {
			if (s[j] == '\\') {
				j++;
				continue;
			}
			if (s[j] == q && s[j + 1] == q && s[j + 2] == q)
				return j + 3;
		}
		return n;
	}
	for (size_t j = i + 1; j < n; j++) {
		if (s[j] == '\\' && lg != L_SH)
			j++;
		else if (s[j] == '\\' && j + 1 < n && s[j + 1] == '"')
			j++;
		else if (s[j] == q)
			return j + 1;
		else if (s[j] == '\n' && q != '`' && lg != L_SH)
			return j; /* an unclosed string ends with its line */
	}
	return n;
}

static void lit_string(struct lit *l, const char *s, size_t a, size_t b)
{
	/* s[a] is the quote; s[b-1] the closing one. */
	lit_put(l, "\"", 1);
	for (size_t j = a + 1; j + 1 < b; j++) {
		char ch = s[j];
		if (ch == '\\' && j + 2 < b) {
			char nx = s[j + 1];
			if (nx == '\'' || nx == '`')
				lit_put(l, &nx, 1);
			else if (nx != '\n') /* not a continued line */
				lit_put(l, s + j, 2);
			j++;
		} else if (ch == '"') {
			lit_put(l, "\\\"", 2);
		} else if (ch == '\n') {
			lit_put(l, "\\n", 2);
		} else if (ch == '\t') {
			lit_put(l, "\\t", 2);
		} else {
			lit_put(l, &ch, 1);
		}
	}
	lit_put(l, "\"", 1);
}

static size_t skip_group(const char *s, size_t i, size_t n, enum lang lg)
{
	char open = s[i], close = open == '(' ? ')' : ']';
	int depth = 0;
	for (; i < n; i++) {
		if (is_quote(s[i], lg)) {
			i = string_end(s, i, n, lg) - 1;
			continue;
		}
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			return i + 1;
	}
	return n;
}

static char *lit_to_json(const char *s, size_t n, enum lang lg)
{
	struct lit l = {0};
	lit_put(&l, "", 0);
	for (size_t i = 0; i < n;) {
		size_t c = skip_comment(s, i, n, lg);
		if (c != i) {
			i = c;
			continue;
		}
		char ch = s[i];
		if (is_quote(ch, lg)) {
			size_t e = string_end(s, i, n, lg);
			if (lg == L_PY && i + 2 < n && s[i + 1] == ch &&
			    s[i + 2] == ch)
				lit_put(&l, "null", 4); /* a docstring value */
			else
				lit_string(&l, s, i, e);
			i = e;
		} else if (word_ch(ch, true)) {
			size_t e = i;
			while (e < n && word_ch(s[e], false))
				e++;
			size_t k = e;
			while (k < n && (s[k] == ' ' || s[k] == '\t'))
				k++;
			size_t w = e - i;
			if (k < n && is_quote(s[k], lg) && k == e && w <= 2 &&
			    strspn(s + i, "fFrRbBuU") >= w) {
				i = e; /* a Python string prefix */
				continue;
			}
			if (k < n && s[k] == ':' &&
			    (k + 1 >= n || s[k + 1] != ':')) {
				lit_put(&l, "\"", 1);
				lit_put(&l, s + i, w);
				lit_put(&l, "\"", 1);
			} else if ((w == 4 && (!memcmp(s + i, "True", 4) ||
			                       !memcmp(s + i, "true", 4))))
				lit_put(&l, "true", 4);
			else if (w == 5 && (!memcmp(s + i, "False", 5) ||
			                    !memcmp(s + i, "false", 5)))
				lit_put(&l, "false", 5);
			else {
				lit_put(&l, "null", 4);
				/* what follows a variable: .a, [i], (args) */
				while (e < n) {
					if (s[e] == '.' && e + 1 < n &&
					    word_ch(s[e + 1], true)) {
						e++;
						while (e < n &&
						       word_ch(s[e], false))
							e++;
					} else if (s[e] == '[' || s[e] == '(') {
						e = skip_group(s, e, n, lg);
					} else {
						break;
					}
				}
			}
			i = e;
		} else if (ch == '}' || ch == ']') {
			while (l.n && (l.o[l.n - 1] == ' ' || l.o[l.n - 1] == '\n' ||
			               l.o[l.n - 1] == '\t' || l.o[l.n - 1] == '\r'))
				l.n--;
			if (l.n && l.o[l.n - 1] == ',')
				l.n--;
			lit_put(&l, &ch, 1);
			i++;
		} else {
			lit_put(&l, &ch, 1);
			i++;
		}
	}
	return l.o;
}

/* The curl command a payload at off belongs to: from the nearest "curl"
 * before it to the end of the line where the payload ends. Its URL's
 * /connectors/NAME/config names the connector. */
static char *curl_name(const char *b, size_t off, size_t to, size_t len)
{
	size_t start = off;
	bool found = false;
	while (start >= 4) {
		start--;
		if (memcmp(b + start, "curl", 4) == 0 &&
		    (start == 0 || !word_ch(b[start - 1], false)) &&
		    !word_ch(b[start + 4], false)) {
			found = true;
			break;
		}
		if (off - start > 4096)
			break;
	}
	if (!found)
		return NULL;
	const char *nl = memchr(b + to, '\n', len - to);
	size_t end = nl ? (size_t)(nl - b) : len;
	char *cmd = xasprintf("%.*s", (int)(end - start), b + start);
	regex_t rx;
	regmatch_t m[2];
	char *name = NULL;
	if (regcomp(&rx, "/connectors/([^/\"' ?$]+)/config", REG_EXTENDED) ==
	    0) {
		if (regexec(&rx, cmd, 2, m, 0) == 0)
			name = xasprintf("%.*s", (int)(m[1].rm_eo - m[1].rm_so),
			                 cmd + m[1].rm_so);
		regfree(&rx);
	}
	free(cmd);
	return name;
}

#define MAX_NEST 32 /* object literals looked into, one inside another */

struct frame {
	size_t start;
	bool has_class;    /* a "connector.class" key directly inside */
	long child;        /* the conn a config object inside became, or -1 */
};

/* Object literals holding a connector.class key, in a script. */
static void parse_literals(struct project *pj, struct pfile *f, enum lang lg,
                           long *order)
{
	const char *s = f->buf;
	size_t n = f->len;
	struct frame *st = NULL;
	size_t depth = 0, cap = 0, deeper = 0;

	if (!strstr(s, "connector.class"))
		return;
	for (size_t i = 0; i < n; i++) {
		size_t c = skip_comment(s, i, n, lg);
		if (c != i) {
			i = c - 1;
			continue;
		}
		char ch = s[i];
		if (is_quote(ch, lg)) {
			size_t e = string_end(s, i, n, lg);
			static const char k[] = "connector.class";
			if (depth && e - i == sizeof k + 1 &&
			    memcmp(s + i + 1, k, sizeof k - 1) == 0) {
				size_t j = e;
				while (j < n && (s[j] == ' ' || s[j] == '\t'))
					j++;
				if (j < n && s[j] == ':')
					st[depth - 1].has_class = true;
			}
			i = e - 1;
		} else if (ch == '{' && depth >= MAX_NEST) {
			deeper++; /* no config nests this deep: not looked at */
		} else if (ch == '{') {
			xgrow(&st, &cap, depth + 1, sizeof *st);
			st[depth++] = (struct frame){i, false, -1};
		} else if (ch == '}' && deeper) {
			deeper--;
		} else if (ch == '}' && depth) {
			struct frame fr = st[--depth];
			if (fr.has_class) {
				char *js = lit_to_json(s + fr.start, i + 1 - fr.start,
				                       lg);
				json_t *o = json_loads(js, 0, NULL);
				free(js);
				size_t before = pj->n_conns;
				if (json_conn(pj, f, o, fr.start, i + 1, -1)) {
					struct conn *cn = &pj->conns[before];
					char *nm = lg == L_SH
					               ? curl_name(s, fr.start, i + 1,
					                           n)
					               : NULL;
					if (nm) {
						free(cn->name);
						cn->name = nm;
					}
					cn->order = (*order)++;
					if (depth)
						st[depth - 1].child = (long)before;
				}
				json_decref(o);
			} else if (fr.child >= 0) {
				/* {"name": ..., "config": {...}}: the name. */
				char *js = lit_to_json(s + fr.start, i + 1 - fr.start,
				                       lg);
				json_t *o = json_loads(js, 0, NULL);
				const char *nm =
				    json_string_value(json_object_get(o, "name"));
				struct conn *cn = &pj->conns[fr.child];
				if (nm && *nm && !cn->name &&
				    json_is_object(json_object_get(o, "config")))
					cn->name = xstrdup(nm);
				json_decref(o);
				free(js);
			}
		}
	}
	free(st);
}

/* ---- curl -d @FILE -------------------------------------------------------- */

struct ref {
	char *target; /* relative to the project */
	char *name;   /* from the URL, or NULL */
	long order;
};

static struct pfile *file_named(struct project *pj, const char *rel)
{
	size_t lo = 0, hi = pj->n_files;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(pj->files[mid].rel, rel);
		if (!c)
			return &pj->files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* a/b/../c -> a/c; NULL when it leaves the project. */
static char *normal_path(const char *dir, const char *path)
{
	char *all = *dir ? xasprintf("%s/%s", dir, path) : xstrdup(path);
	char **parts = xcalloc(strlen(all) + 1, sizeof *parts);
	size_t np = 0;
	char *save = NULL;
	for (char *t = strtok_r(all, "/", &save); t;
	     t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0) {
			if (!np) {
				free(parts);
				free(all);
				return NULL;
			}
			np--;
			continue;
		}
		parts[np++] = t;
	}
	size_t len = 1;
	for (size_t i = 0; i < np; i++)
		len += strlen(parts[i]) + 1;
	char *out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0; i < np; i++) {
		if (i)
			strcat(out, "/");
		strcat(out, parts[i]);
	}
	free(parts);
	free(all);
	return out;
}

static void find_refs(struct project *pj, struct pfile *f, long *order,
                      struct ref **refs, size_t *nrefs, size_t *cap)
{
	regex_t rx;
	regmatch_t m[3];
	if (!strstr(f->buf, "curl") || !strstr(f->buf, "@"))
		return;
	if (regcomp(&rx,
	            "(-d|--data|--data-binary|--data-raw)[ =]*[\"']?@([^- "
	            "\"'\t\n\\\\][^ \"'\t\n\\\\]*)",
	            REG_EXTENDED) != 0)
		return;
	char *dir = xstrdup(f->rel);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		dir[0] = '\0';
	size_t off = 0;
	while (off < f->len && regexec(&rx, f->buf + off, 3, m, 0) == 0) {
		size_t a = off + (size_t)m[2].rm_so, b = off + (size_t)m[2].rm_eo;
		char *p = xasprintf("%.*s", (int)(b - a), f->buf + a);
		char *t = normal_path(dir, p);
		if (!t || !file_named(pj, t)) {
			free(t);
			t = normal_path("", p);
		}
		if (t && file_named(pj, t)) {
			xgrow(refs, cap, *nrefs + 1, sizeof **refs);
			(*refs)[(*nrefs)++] = (struct ref){
			    t, curl_name(f->buf, off + (size_t)m[0].rm_so, b,
			                 f->len),
			    (*order)++};
			t = NULL;
		}
		free(t);
		free(p);
		off = b;
	}
	free(dir);
	regfree(&rx);
}

/* ---- the project's connectors -------------------------------------------- */

static bool text_is_json(const struct pfile *f)
{
	size_t i = 0;
	if (f->len >= 3 && memcmp(f->buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < f->len && (f->buf[i] == ' ' || f->buf[i] == '\t' ||
	                      f->buf[i] == '\n' || f->buf[i] == '\r'))
		i++;
	return i < f->len && (f->buf[i] == '{' || f->buf[i] == '[');
}

static void parse_file(struct project *pj, struct pfile *f, long *order)
{
	const char *r = f->rel;
	/* Whatever its shape, a config names its class (a dashboard or a
	 * package file does not, and is not parsed). */
	if (!strstr(f->buf, "connector.class") &&
	    !strstr(f->buf, "KafkaConnector") && !strstr(f->buf, "DebeziumServer"))
		return;
	if (probe_ends_with(r, ".json")) {
		parse_json(pj, f, false);
	} else if (probe_ends_with(r, ".properties")) {
		parse_properties(pj, f);
	} else if (probe_ends_with(r, ".sh") || probe_ends_with(r, ".bash")) {
		parse_literals(pj, f, L_SH, order);
	} else if (probe_ends_with(r, ".py")) {
		parse_literals(pj, f, L_PY, order);
	} else if (probe_ends_with(r, ".js") || probe_ends_with(r, ".mjs") ||
	           probe_ends_with(r, ".cjs") || probe_ends_with(r, ".ts")) {
		parse_literals(pj, f, L_JS, order);
	} else if (probe_ends_with(r, ".md") ||
	           probe_ends_with(r, ".markdown")) {
		return; /* documentation: names only (find_refs) */
	} else if (text_is_json(f)) {
		/* A file judged by its content: JSON under a .yaml name. */
		if (!parse_json(pj, f, true) &&
		    (probe_ends_with(r, ".yaml") || probe_ends_with(r, ".yml")))
			parse_yaml(pj, f);
	} else if (probe_ends_with(r, ".yaml") || probe_ends_with(r, ".yml")) {
		parse_yaml(pj, f);
	}
}

static const char *simple(const char *cls)
{
	const char *dot = strrchr(cls, '.');
	return dot ? dot + 1 : cls;
}

static bool same_connector(const struct conn *a, const struct conn *b)
{
	return a->name && b->name && strcmp(a->name, b->name) == 0 &&
	       strcmp(simple(a->class_), simple(b->class_)) == 0;
}

/* Of the configs sharing a name and a class, the last registered (else
 * the last file in path order) is judged; the others are noted. */
static void versions(struct project *pj)
{
	for (size_t i = 0; i < pj->n_conns; i++) {
		struct conn *a = &pj->conns[i];
		if (a->superseded || !a->name)
			continue;
		size_t newest = i;
		for (size_t k = i + 1; k < pj->n_conns; k++) {
			struct conn *b = &pj->conns[k];
			if (b->superseded || !same_connector(a, b))
				continue;
			struct conn *nw = &pj->conns[newest];
			if (b->order > nw->order ||
			    (b->order == nw->order && b->order < 0))
				newest = k;
		}
		for (size_t k = i; k < pj->n_conns; k++) {
			struct conn *b = &pj->conns[k];
			if (k == newest || b->superseded || !same_connector(a, b))
				continue;
			b->superseded = true;
			probe_note(pj->notes, b->file, b->class_line > 0 ? b->class_line : 1,
			           1,
			           _("an older version of connector %s (%s is the "
			             "one judged); not judged"),
			           b->name, pj->conns[newest].file);
		}
	}
}

void conns_find(struct project *pj, const struct pack *p)
{
	long order = 0;
	struct ref *refs = NULL;
	size_t nrefs = 0, cap = 0;

	for (size_t i = 0; i < pj->n_files; i++) {
		struct pfile *f = &pj->files[i];
		bool want = false, doc = probe_ends_with(f->rel, ".md") ||
		                         probe_ends_with(f->rel, ".sh") ||
		                         probe_ends_with(f->rel, ".bash");
		for (size_t k = 0; k < p->n_probes && !want; k++) {
			const struct pack_probe *pr = &p->probes[k];
			want = !probe_kinds[pr->kind].text &&
			       probe_file_in(pj, &pr->files, f);
		}
		if ((!want && !doc) || !probe_load_file(pj, f))
			continue;
		if (doc)
			find_refs(pj, f, &order, &refs, &nrefs, &cap);
		if (want)
			parse_file(pj, f, &order);
	}
	/* A file a request registers: its name and place in the order. */
	for (size_t r = 0; r < nrefs; r++) {
		for (size_t k = 0; k < pj->n_conns; k++) {
			struct conn *c = &pj->conns[k];
			if (strcmp(c->file, refs[r].target) != 0)
				continue;
			if (refs[r].name) {
				free(c->name);
				c->name = xstrdup(refs[r].name);
			}
			c->order = refs[r].order;
		}
		free(refs[r].target);
		free(refs[r].name);
	}
	free(refs);
	versions(pj);
}
