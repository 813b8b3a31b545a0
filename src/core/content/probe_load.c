/* SPDX-License-Identifier: MIT */
/* The probes of a pack (probes.yaml): each key of a probe is read by one
 * entry of a table, and what a kind needs is checked once all keys are
 * read, so that a probe lists every problem at once. Patterns are
 * compiled here already, so that a bad one is a content error with its
 * place, not a surprise when a learner runs the probes. */
#include "probe_load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/field.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

struct prd {
	const char *file;
	struct diag_list *d;
	unsigned seen; /* bit per key of keys[] */
};

static void perr(struct prd *r, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(struct prd *r, const struct ynode *n, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_add(r->d, r->file, n->line, n->col, "%s", buf);
}

/* Text is a scalar that is not null: untagged, in any written form ("8"
 * stays "8"); tagged, only as text (! or !!str). */
static char *text(struct prd *r, const struct ynode *n, const char *key)
{
	if (n->type != YN_SCALAR ||
	    (n->tag ? yscalar_kind(n) != YS_STR : yscalar_kind(n) == YS_NULL)) {
		perr(r, n, _("%s: expected text"), key);
		return NULL;
	}
	if (strlen(n->value) != n->len || n->len == 0) {
		perr(r, n, _("%s: expected non-empty text without NUL"), key);
		return NULL;
	}
	return xstrdup(n->value);
}

static bool integer(struct prd *r, const struct ynode *n, const char *key,
                    long long lo, long long *out)
{
	char *end;
	if (n->type != YN_SCALAR || !n->plain ||
	    (n->tag && yscalar_kind(n) != YS_INT) || n->len == 0) {
		perr(r, n, _("%s: expected an integer"), key);
		return false;
	}
	errno = 0;
	long long v = strtoll(n->value, &end, 10);
	if (errno || *end || v < lo) {
		perr(r, n, _("%s: expected an integer of at least %lld"), key, lo);
		return false;
	}
	*out = v;
	return true;
}

/* One text or a list of texts. */
static void texts(struct prd *r, const struct ynode *n, const char *key,
                  struct pack_strv *out)
{
	if (n->type == YN_SCALAR) {
		char *s = text(r, n, key);
		if (s) {
			out->v = xcalloc(1, sizeof *out->v);
			out->v[out->n++] = s;
		}
		return;
	}
	if (n->type != YN_SEQ || n->n == 0) {
		perr(r, n, _("%s: expected text or a non-empty list of texts"),
		     key);
		return;
	}
	out->v = xcalloc(n->n, sizeof *out->v);
	for (size_t i = 0; i < n->n; i++) {
		char *s = text(r, n->kids[i], key);
		if (s)
			out->v[out->n++] = s;
	}
}

static void regex_ok(struct prd *r, const struct ynode *n, const char *key,
                     const char *re, bool icase, bool want_group)
{
	regex_t rx;
	int rc = regcomp(&rx, re, REG_EXTENDED | (icase ? REG_ICASE : 0));
	if (rc) {
		char msg[160];
		regerror(rc, &rx, msg, sizeof msg);
		perr(r, n, _("%s: not a POSIX extended regular expression: %s"),
		     key, msg);
		return;
	}
	if (want_group && rx.re_nsub < 1)
		perr(r, n, _("%s: needs a group '( )' around the value it finds"),
		     key);
	regfree(&rx);
}

/* Globs stay inside the project: no absolute path, no "..". */
static void globs_ok(struct prd *r, const struct ynode *n, const char *key,
                     const struct pack_strv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const char *why = probe_glob_problem(v->v[i]);
		if (why)
			perr(r, n->type == YN_SEQ && i < n->n ? n->kids[i] : n,
			     "%s: '%.80s' %s", key, v->v[i], why);
	}
}

enum key {
	K_ID,
	K_FOR,
	K_TITLE,
	K_KIND,
	K_FILES,
	K_CONNECTOR,
	K_FIELD,
	K_VALUE,
	K_MIN,
	K_MAX,
	K_PATTERN,
	K_ICASE,
	K_FORBID,
	K_SECTION,
	K_COUNT,
	K_AT_LEAST,
	K_WORDS,
	K_ELSEWHERE,
	K_NEEDS,
	K_UNLESS,
	K_N
};
static const char *const keys[K_N] = {
    "id",     "for",     "title", "kind",     "files",   "connector",
    "field",  "value",   "min",   "max",      "pattern", "icase",
    "forbid", "section", "count", "at_least", "words",   "elsewhere",
    "needs",  "unless"};
#define KEY_LIST                                                               \
	"id, for, title, kind, files, connector, field, value, min, max, "     \
	"pattern, icase, forbid, section, count, at_least, words, elsewhere, " \
	"needs, unless"

#define B(k) (1u << (k))
#define FIELD_KEYS (B(K_CONNECTOR) | B(K_FIELD))
#define FIELD_OPT B(K_UNLESS)
#define COMMON (B(K_ID) | B(K_FOR) | B(K_TITLE) | B(K_KIND) | B(K_FILES))

/* The kinds of probe, a row each: its name in probes.yaml, the keys it
 * requires and what else it allows (COMMON aside). The engine's half of a
 * kind, how it runs, is its row in probe/probe.c (see enum probe_kind). */
static const struct kind_row {
	const char *name;
	unsigned need, allow;
} kinds[] = {
    [PROBE_FIELD_PRESENT] = {"field-present", FIELD_KEYS, FIELD_OPT},
    [PROBE_FIELD_EQUALS] = {"field-equals", FIELD_KEYS | B(K_VALUE),
                            FIELD_OPT},
    [PROBE_FIELD_RANGE] = {"field-range", FIELD_KEYS | B(K_MIN) | B(K_MAX),
                           FIELD_OPT},
    [PROBE_FIELD_MATCHES] = {"field-matches", FIELD_KEYS | B(K_PATTERN),
                             B(K_ICASE) | FIELD_OPT},
    [PROBE_FIELD_UNIQUE] = {"field-unique", FIELD_KEYS,
                            B(K_AT_LEAST) | FIELD_OPT},
    [PROBE_FIELD_DIFFERS] = {"field-differs", FIELD_KEYS | B(K_ELSEWHERE),
                             FIELD_OPT},
    [PROBE_TEXT_CONTAINS] = {"text-contains", B(K_PATTERN),
                             B(K_ICASE) | B(K_FORBID) | B(K_SECTION) |
                                 B(K_COUNT) | B(K_NEEDS)},
    [PROBE_MERMAID_NAMES] = {"mermaid-names", B(K_WORDS), B(K_NEEDS)},
};
/* A kind added last to the enum without its row fails here; one left out
 * in between has no name, which unit.probe's test_kind_tables finds. */
_Static_assert(sizeof kinds / sizeof *kinds == PROBE_KIND_COUNT,
               "every probe kind has a row in kinds[]");

bool probe_kind_has_key(enum probe_kind k, const char *key)
{
	if (k >= PROBE_KIND_COUNT)
		return false;
	unsigned any = kinds[k].need | kinds[k].allow | COMMON;
	for (int f = 0; f < K_N; f++)
		if (strcmp(key, keys[f]) == 0)
			return any & B(f);
	return false;
}

static void elsewhere(struct prd *r, const struct ynode *n,
                      struct pack_probe *pr)
{
	bool f = false, pt = false;
	if (n->type != YN_MAP) {
		perr(r, n,
		     _("elsewhere: expected a mapping with files and pattern"));
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		if (k->type == YN_SCALAR && strcmp(k->value, "files") == 0 &&
		    !f) {
			f = true;
			texts(r, v, "elsewhere.files", &pr->elsewhere_files);
			globs_ok(r, v, "elsewhere.files", &pr->elsewhere_files);
		} else if (k->type == YN_SCALAR &&
		           strcmp(k->value, "pattern") == 0 && !pt) {
			pt = true;
			pr->elsewhere_pattern = text(r, v, "elsewhere.pattern");
			if (pr->elsewhere_pattern)
				regex_ok(r, v, "elsewhere.pattern",
				         pr->elsewhere_pattern, false, true);
		} else if (k->type != YN_SCALAR ||
		           strncmp(k->value, "x-", 2) != 0) {
			perr(r, k,
			     _("unknown or repeated key '%.60s' in elsewhere "
			     "(expected one of: files, pattern)"),
			     k->type == YN_SCALAR ? k->value : "?");
		}
	}
	if (!f || !pt)
		perr(r, n, _("elsewhere: needs both 'files' and 'pattern'"));
}

/* unless: {field, pattern}: a connector whose field matches the pattern
 * is not one the probe is about (a schema history kept outside Kafka). */
static void unless(struct prd *r, const struct ynode *n, struct pack_probe *pr)
{
	bool f = false, pt = false;
	if (n->type != YN_MAP) {
		perr(r, n, _("unless: expected a mapping with field and pattern"));
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		if (k->type == YN_SCALAR && strcmp(k->value, "field") == 0 && !f) {
			f = true;
			texts(r, v, "unless.field", &pr->unless_field);
		} else if (k->type == YN_SCALAR &&
		           strcmp(k->value, "pattern") == 0 && !pt) {
			pt = true;
			pr->unless_pattern = text(r, v, "unless.pattern");
			if (pr->unless_pattern)
				regex_ok(r, v, "unless.pattern", pr->unless_pattern,
				         false, false);
		} else if (k->type != YN_SCALAR ||
		           strncmp(k->value, "x-", 2) != 0) {
			perr(r, k,
			     _("unknown or repeated key '%.60s' in unless "
			       "(expected one of: field, pattern)"),
			     k->type == YN_SCALAR ? k->value : "?");
		}
	}
	if (!f || !pt)
		perr(r, n, _("unless: needs both 'field' and 'pattern'"));
}

static void read_probe(struct prd *r, const struct ynode *m,
                       struct pack_probe *pr)
{
	const struct ynode *at[K_N] = {0};
	long long v;
	bool kind_ok = false;

	pr->pos = (struct pack_pos){r->file, m->line, m->col};
	pr->count = 1;
	pr->at_least = 1;
	if (m->type != YN_MAP) {
		perr(r, m, _("expected a mapping (probe)"));
		return;
	}
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i];
		size_t f;
		if (k->type != YN_SCALAR) {
			perr(r, k, _("a key must be text"));
			continue;
		}
		if (strncmp(k->value, "x-", 2) == 0)
			continue;
		for (f = 0; f < K_N; f++)
			if (strcmp(k->value, keys[f]) == 0)
				break;
		if (f == K_N) {
			perr(r, k, _("unknown key '%.60s' in probe (expected one of: %s)"),
			     k->value, KEY_LIST);
			continue;
		}
		if (at[f]) {
			perr(r, k, _("duplicate key '%s'"), keys[f]);
			continue;
		}
		at[f] = m->kids[i + 1];
	}
	for (int k = 0; k < K_N; k++) {
		const struct ynode *n = at[k];
		if (!n)
			continue;
		switch ((enum key)k) {
		case K_ID: {
			pr->id = text(r, n, "id");
			if (pr->id && !field_id_valid(pr->id)) {
				perr(r, n,
				     _("invalid id '%.80s': ids are 1-64 "
				     "lowercase letters, digits, '.', '-' "
				     "or '_', starting with a letter or digit"),
				     pr->id);
				free(pr->id);
				pr->id = NULL;
			}
			break;
		}
		case K_FOR:
			pr->for_.id = text(r, n, "for");
			pr->for_.pos =
			    (struct pack_pos){r->file, n->line, n->col};
			break;
		case K_TITLE:
			pr->title = text(r, n, "title");
			break;
		case K_KIND: {
			char *s = text(r, n, "kind");
			int kk = s ? probe_kind_parse(s) : -1;
			if (s && kk < 0)
				perr(r, n,
				     _("unknown kind '%.60s' (expected one of: "
				     "%s)"),
				     s, probe_kind_list());
			if (kk >= 0) {
				pr->kind = (enum probe_kind)kk;
				kind_ok = true;
			}
			free(s);
			break;
		}
		case K_FILES:
			texts(r, n, "files", &pr->files);
			globs_ok(r, n, "files", &pr->files);
			break;
		case K_CONNECTOR:
			texts(r, n, "connector", &pr->connector);
			break;
		case K_FIELD:
			texts(r, n, "field", &pr->field);
			break;
		case K_VALUE:
			pr->value = text(r, n, "value");
			break;
		case K_MIN:
			if (integer(r, n, "min", 0, &v))
				pr->min = v;
			break;
		case K_MAX:
			if (integer(r, n, "max", 0, &v))
				pr->max = v;
			break;
		case K_PATTERN:
			pr->pattern = text(r, n, "pattern");
			break;
		case K_ICASE:
			if (n->type == YN_SCALAR && n->plain &&
			    (!n->tag || yscalar_kind(n) == YS_BOOL) &&
			    (strcmp(n->value, "true") == 0 ||
			     strcmp(n->value, "false") == 0))
				pr->icase = strcmp(n->value, "true") == 0;
			else
				perr(r, n, _("icase: expected true or false"));
			break;
		case K_FORBID:
			pr->forbid = text(r, n, "forbid");
			break;
		case K_SECTION:
			pr->section = text(r, n, "section");
			break;
		case K_COUNT:
			if (integer(r, n, "count", 1, &v))
				pr->count = v > 1000 ? 1000 : (int)v;
			break;
		case K_AT_LEAST:
			if (integer(r, n, "at_least", 1, &v))
				pr->at_least = v > 1000 ? 1000 : (int)v;
			break;
		case K_WORDS:
			texts(r, n, "words", &pr->words);
			break;
		case K_ELSEWHERE:
			elsewhere(r, n, pr);
			break;
		case K_NEEDS:
			texts(r, n, "needs", &pr->needs);
			break;
		case K_UNLESS:
			unless(r, n, pr);
			break;
		case K_N:
			break;
		}
	}
	/* Patterns are compiled once icase is known. */
	if (pr->pattern)
		regex_ok(r, at[K_PATTERN], "pattern", pr->pattern, pr->icase,
		         false);
	if (pr->forbid)
		regex_ok(r, at[K_FORBID], "forbid", pr->forbid, pr->icase,
		         false);
	if (pr->section)
		regex_ok(r, at[K_SECTION], "section", pr->section, true, false);
	for (int k = 0; k < K_N; k++)
		if (!at[k] && (COMMON & ~B(K_TITLE) & B(k)))
			perr(r, m, _("missing required key '%s' in probe"),
			     keys[k]);
	if (!kind_ok)
		return;
	for (int k = 0; k < K_N; k++) {
		unsigned need = kinds[pr->kind].need;
		unsigned allow = need | kinds[pr->kind].allow | COMMON;
		if (!at[k] && (need & B(k)))
			perr(r, m, _("a %s probe needs '%s'"),
			     probe_kind_name(pr->kind), keys[k]);
		if (at[k] && !(allow & B(k)))
			perr(r, at[k], _("'%s' does not apply to a %s probe"),
			     keys[k], probe_kind_name(pr->kind));
	}
	/* A kind that takes a range wants it the right way round. */
	if ((kinds[pr->kind].need & B(K_MIN)) && at[K_MIN] && at[K_MAX] &&
	    pr->min > pr->max)
		perr(r, at[K_MAX], _("max %lld is below min %lld"), pr->max,
		     pr->min);
}

void probe_load(struct pack *p, const char *file, const struct ynode *root,
                struct diag_list *d)
{
	struct prd r = {file, d, 0};
	const struct ynode *list = NULL;

	if (root->type != YN_MAP) {
		perr(&r, root, _("expected a mapping (probes.yaml)"));
		return;
	}
	for (size_t i = 0; i + 1 < root->n; i += 2) {
		const struct ynode *k = root->kids[i];
		bool probes = k->type == YN_SCALAR &&
			      strcmp(k->value, "probes") == 0;
		if (probes && !list)
			list = root->kids[i + 1];
		else if (probes)
			perr(&r, k, _("duplicate key '%s'"), k->value);
		else if (k->type != YN_SCALAR ||
		         strncmp(k->value, "x-", 2) != 0)
			perr(&r, k,
			     _("unknown or repeated key '%.60s' in probes.yaml "
			     "(expected one of: probes)"),
			     k->type == YN_SCALAR ? k->value : "?");
	}
	if (!list) {
		perr(&r, root, _("missing required key 'probes' in probes.yaml"));
		return;
	}
	if (list->type != YN_SEQ || list->n == 0) {
		perr(&r, list, _("probes: expected a non-empty list"));
		return;
	}
	p->probes = xcalloc(list->n, sizeof *p->probes);
	p->n_probes = list->n;
	for (size_t i = 0; i < list->n; i++)
		read_probe(&r, list->kids[i], &p->probes[i]);
}

void probe_check_refs(const struct pack *p, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_probes; i++) {
		const struct pack_probe *pr = &p->probes[i];
		const struct pack_entry *e;
		if (pr->id && (e = pack_find(p, pr->id))) {
			struct pack_pos at = pack_entry_pos(e);
			diag_add(
			    d, pr->pos.file, pr->pos.line, pr->pos.col,
			    _("duplicate id '%s' (first defined at %s:%d:%d)"),
			    pr->id, at.file, at.line, at.col);
		}
		for (size_t j = 0; pr->id && j < i; j++)
			if (p->probes[j].id &&
			    strcmp(p->probes[j].id, pr->id) == 0) {
				diag_add(d, pr->pos.file, pr->pos.line,
				         pr->pos.col,
				         _("duplicate id '%s' (first defined at "
				         "%s:%d:%d)"),
				         pr->id, p->probes[j].pos.file,
				         p->probes[j].pos.line,
				         p->probes[j].pos.col);
				break;
			}
		if (!pr->for_.id)
			continue;
		e = pack_find(p, pr->for_.id);
		if (!e)
			diag_add(d, pr->for_.pos.file, pr->for_.pos.line,
			         pr->for_.pos.col,
			         _("'%s' names no id in this pack"), pr->for_.id);
		else if (e->kind != PACK_ITEM && e->kind != PACK_MISTAKE &&
		         e->kind != PACK_CRITERION)
			diag_add(d, pr->for_.pos.file, pr->for_.pos.line,
			         pr->for_.pos.col,
			         _("'%s' is %s; 'for' names a checklist item, a "
			         "mistake or a criterion"),
			         pr->for_.id, pack_kind_name(e->kind));
	}
}

static void strv_free(struct pack_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
}

void probe_free_all(struct pack_probe *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pack_probe *pr = &v[i];
		free(pr->id);
		free(pr->for_.id);
		free(pr->title);
		strv_free(&pr->files);
		strv_free(&pr->connector);
		strv_free(&pr->field);
		free(pr->value);
		free(pr->pattern);
		free(pr->forbid);
		free(pr->section);
		strv_free(&pr->words);
		strv_free(&pr->needs);
		strv_free(&pr->unless_field);
		free(pr->unless_pattern);
		strv_free(&pr->elsewhere_files);
		free(pr->elsewhere_pattern);
	}
	free(v);
}

/* ---- names and globs, shared with the engine ----------------------------- */

#include <fnmatch.h>

const char *probe_kind_name(enum probe_kind k)
{
	return k < PROBE_KIND_COUNT ? kinds[k].name : "?";
}

int probe_kind_parse(const char *s)
{
	for (int k = 0; k < PROBE_KIND_COUNT; k++)
		if (strcmp(s, kinds[k].name) == 0)
			return k;
	return -1;
}

/* The names, comma-separated, written out of the table on first use. */
const char *probe_kind_list(void)
{
	static char list[PROBE_KIND_COUNT * 32];
	size_t at = 0;

	if (list[0])
		return list;
	for (int k = 0; k < PROBE_KIND_COUNT && at < sizeof list; k++)
		at += (size_t)snprintf(list + at, sizeof list - at, "%s%s",
		                       k ? ", " : "", kinds[k].name);
	return list;
}

const char *probe_glob_problem(const char *g)
{
	if (!*g)
		return "is empty";
	if (g[0] == '/')
		return "is absolute: globs are relative to the project folder";
	if (strchr(g, '\\'))
		return "holds a backslash: folders are separated by '/'";
	for (const char *s = g; *s;) {
		size_t n = strcspn(s, "/");
		if ((n == 2 && s[0] == '.' && s[1] == '.') ||
		    (n == 1 && s[0] == '.'))
			return "has a '.' or '..' part: globs stay inside the "
			       "project folder";
		s += n;
		if (*s == '/')
			s++;
	}
	return NULL;
}

/* One folder name of each, compared with fnmatch. */
static bool seg_match(const char *g, size_t gn, const char *p, size_t pn)
{
	char gb[256], pb[256];
	if (gn >= sizeof gb || pn >= sizeof pb)
		return false;
	memcpy(gb, g, gn);
	gb[gn] = '\0';
	memcpy(pb, p, pn);
	pb[pn] = '\0';
	return fnmatch(gb, pb, FNM_PERIOD) == 0;
}

bool probe_glob_match(const char *g, const char *p)
{
	if (strcmp(g, "**") == 0)
		return true;
	if (strncmp(g, "**/", 3) == 0) {
		if (probe_glob_match(g + 3, p))
			return true;
		const char *slash = strchr(p, '/');
		return slash && probe_glob_match(g, slash + 1);
	}
	size_t gn = strcspn(g, "/"), pn = strcspn(p, "/");
	if (!seg_match(g, gn, p, pn))
		return false;
	if (!g[gn] || !p[pn])
		return !g[gn] && !p[pn];
	return probe_glob_match(g + gn + 1, p + pn + 1);
}
