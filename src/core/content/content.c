/* SPDX-License-Identifier: MIT */
/* The content loader: YAML trees (yamltree.c) → struct pack.
 *
 * Each kind of mapping is described by a table of its keys (key, type,
 * required, where it goes); read_map() walks a mapping against such a table
 * and reports unknown, duplicate, missing and mistyped keys at the node
 * where they stand. Loading never stops at the first problem: every file is
 * read, then ids are indexed and references checked, so `validate` can list
 * all problems at once. Any problem means no pack. */
#include "selfgrade/content.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack_index.h"
#include "probe_load.h"
#include "selfgrade/field.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "yamltree.h"
#include "selfgrade/i18n.h"

#define ID_MAX 64

const char *const pack_file_names[PF_COUNT] = {
	[PF_PACK] = "pack.yaml",	   [PF_CHECKLIST] = "checklist.yaml",
	[PF_MISTAKES] = "mistakes.yaml",   [PF_RUBRIC] = "rubric.yaml",
	[PF_TAKEAWAYS] = "takeaways.yaml", [PF_TABLES] = "tables.yaml",
	[PF_PROBES] = "probes.yaml",
};

static const bool file_required[PF_COUNT] = {
	[PF_PACK] = true, [PF_CHECKLIST] = true, [PF_RUBRIC] = true};

/* ---- the strings' arena --------------------------------------------------- */

/* Every string of the pack (ids, texts) is copied into a few large blocks
 * freed at once: a hundred thousand items are half a million strings, and
 * a malloc each cost more memory (its header and rounding) than their
 * text, and time at exit. Arrays stay on the heap (they grow while read);
 * the schema tables free them (pack_free). */
#define ARENA_BLOCK (64u * 1024u)

struct pack_arena {
	struct pack_arena *next;
	size_t used, cap;
	char data[];
};

static char *arena_strdup(struct pack *p, const char *s, size_t n)
{
	struct pack_arena *a = p->arena;
	char *out;

	if (!a || a->cap - a->used < n + 1) {
		size_t cap = n + 1 > ARENA_BLOCK / 4 ? n + 1 : ARENA_BLOCK;
		struct pack_arena *b = xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		if (a && cap != ARENA_BLOCK) {
			/* A big string gets a block of its own, behind the
			 * current one, which keeps its room. */
			b->next = a->next;
			a->next = b;
		} else {
			b->next = a;
			p->arena = b;
		}
		a = b;
	}
	out = a->data + a->used;
	memcpy(out, s, n);
	out[n] = '\0';
	a->used += n + 1;
	return out;
}

/* ---- reading context and scalar helpers -------------------------------- */

struct stream_ctx;

struct rd {
	const char *file;
	struct diag_list *d;
	struct pack *p;
	struct stream_ctx *sc; /* the file's streamed lists, or NULL */
};

static void err(struct rd *r, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err(struct rd *r, const struct ynode *n, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_add(r->d, r->file, n ? n->line : 1, n ? n->col : 1, "%s", buf);
}

static struct pack_pos pos_of(struct rd *r, const struct ynode *n)
{
	return (struct pack_pos){r->file, n->line, n->col};
}

static const char *describe(const struct ynode *n)
{
	if (n->type == YN_MAP)
		return "a mapping";
	if (n->type == YN_SEQ)
		return "a list";
	switch (yscalar_kind(n)) {
	case YS_NULL:
		return "nothing (null)";
	case YS_BOOL:
		return "true/false";
	case YS_INT:
		return "an integer";
	default:
		return "text";
	}
}

static bool scalar_ok(struct rd *r, const struct ynode *n, const char *want)
{
	if (n->type == YN_SCALAR && yscalar_kind(n) == YS_BADTAG) {
		err(r, n, _("unsupported tag '%s'"), n->tag);
		return false;
	}
	if (n->type != YN_SCALAR || yscalar_kind(n) == YS_NULL) {
		err(r, n, _("expected %s, found %s"), want, describe(n));
		return false;
	}
	return true;
}

/* Texts: any non-null scalar, by its written form ("8" stays "8"). */
static char *get_text(struct rd *r, const struct ynode *n)
{
	if (!scalar_ok(r, n, "text"))
		return NULL;
	if (strlen(n->value) != n->len) {
		err(r, n, _("text contains a NUL character"));
		return NULL;
	}
	const char *s = n->value;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s) {
		err(r, n, _("empty text"));
		return NULL;
	}
	return arena_strdup(r->p, n->value, n->len);
}

static bool id_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '-' || c == '_';
}

static char *get_id(struct rd *r, const struct ynode *n)
{
	if (!scalar_ok(r, n, "an id"))
		return NULL;
	const char *s = n->value;
	bool ok = n->len > 0 && n->len <= ID_MAX && strlen(s) == n->len &&
		  isalnum((unsigned char)s[0]);
	for (size_t i = 0; ok && i < n->len; i++)
		ok = id_char_ok(s[i]);
	if (!ok || strcmp(s, "not-yet") == 0) {
		err(r, n,
		    _("invalid id '%.*s': ids are 1-%d lowercase letters, digits, "
		    "'.', '-' or '_', starting with a letter or digit "
		    "(and 'not-yet' is reserved)"),
		    (int)(n->len > 80 ? 80 : n->len), s, ID_MAX);
		return NULL;
	}
	return arena_strdup(r->p, s, n->len);
}

static bool get_int(struct rd *r, const struct ynode *n, int *out)
{
	if (!scalar_ok(r, n, "an integer"))
		return false;
	if (yscalar_kind(n) != YS_INT || !yscalar_is_int(n->value)) {
		err(r, n, _("expected an integer, found %s"), describe(n));
		return false;
	}
	errno = 0;
	long v = strtol(n->value, NULL, 10);
	if (errno || v < 1 || v > 9999) {
		err(r, n, _("number %s is out of range (1-9999)"), n->value);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool get_bool(struct rd *r, const struct ynode *n, bool *out)
{
	if (!scalar_ok(r, n, "true or false"))
		return false;
	if (yscalar_kind(n) != YS_BOOL || !yscalar_is_bool(n->value, out)) {
		err(r, n, _("expected true or false, found %s"), describe(n));
		return false;
	}
	return true;
}

static bool want_list(struct rd *r, const struct ynode *n)
{
	if (n->type != YN_SEQ) {
		err(r, n, _("expected a list, found %s"), describe(n));
		return false;
	}
	return true;
}

static void get_texts(struct rd *r, const struct ynode *n,
		      struct pack_strv *out)
{
	if (!want_list(r, n))
		return;
	out->v = xcalloc(n->n, sizeof *out->v);
	for (size_t i = 0; i < n->n; i++) {
		char *s = get_text(r, n->kids[i]);
		if (s)
			out->v[out->n++] = s;
	}
}

static void add_ref(struct rd *r, const struct ynode *n, struct pack_refv *out)
{
	char *id = get_id(r, n);
	if (id) {
		out->v[out->n].id = id;
		out->v[out->n].pos = pos_of(r, n);
		out->n++;
	}
}

/* A list of ids, or a single id for the common case of one. */
static void get_refs(struct rd *r, const struct ynode *n,
		     struct pack_refv *out)
{
	if (n->type == YN_SCALAR) {
		out->v = xcalloc(1, sizeof *out->v);
		add_ref(r, n, out);
		return;
	}
	if (!want_list(r, n))
		return;
	out->v = xcalloc(n->n, sizeof *out->v);
	for (size_t i = 0; i < n->n; i++)
		add_ref(r, n->kids[i], out);
}

/* ---- mappings against key tables --------------------------------------- */

enum ftype { F_ID, F_TEXT, F_INT, F_BOOL, F_TEXTS, F_REFS, F_REF, F_LIST, F_FN };

typedef void (*field_fn)(struct rd *r, const struct ynode *n, void *obj);
struct schema;

struct field {
	const char *key;
	enum ftype type;
	bool required;
	size_t off;		     /* the value; for F_LIST the array */
	size_t count_off;	     /* F_LIST: the array's length */
	const struct schema *elem;   /* F_LIST: each element's schema */
	field_fn fn;		     /* F_FN: reads the value itself */
	void (*free)(void *obj);     /* F_FN: frees what fn allocated */
};

/* A kind of mapping: its keys and, for list elements, the element's size,
 * where its position is kept and what to check once it is read. */
struct schema {
	const char *what; /* "item", "mistake", ... for messages */
	const struct field *fields;
	size_t n;
	size_t size;
	size_t pos_off; /* NO_POS when it keeps none */
	field_fn check; /* or NULL */
};

#define NO_POS SIZE_MAX
#define NFIELDS(tab) (sizeof tab / sizeof tab[0])
#define FIELD(k, t, req, type, member)                                        \
	{k, t, req, offsetof(type, member), 0, NULL, NULL, NULL}
#define FIELD_LIST(k, req, type, arr, count, schema)                          \
	{k, F_LIST, req, offsetof(type, arr), offsetof(type, count), &schema,  \
	 NULL, NULL}
#define FIELD_FN(k, req, f, fr) {k, F_FN, req, 0, 0, NULL, f, fr}
#define SCHEMA(what, tab) {what, tab, NFIELDS(tab), 0, NO_POS, NULL}
#define ELEMENT(what, tab, type, check)                                       \
	{what, tab, NFIELDS(tab), sizeof(type), offsetof(type, pos), check}
#define MAX_FIELDS 16

struct kv {
	const struct ynode *k, *v;
	bool merged;
};

struct kvs {
	struct kv *v;
	size_t n, cap;
};

static bool is_merge_key(const struct ynode *k)
{
	return k->type == YN_SCALAR && k->plain && strcmp(k->value, "<<") == 0;
}

/* The pairs of a mapping, then those brought in by merge keys ("<<"),
 * which never override a key written out. */
static void collect_pairs(struct rd *r, const struct ynode *m, struct kvs *out,
			  bool merged)
{
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		if (is_merge_key(m->kids[i]))
			continue;
		xgrow(&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = (struct kv){m->kids[i], m->kids[i + 1], merged};
	}
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *v = m->kids[i + 1];
		if (!is_merge_key(m->kids[i]))
			continue;
		if (v->type == YN_MAP) {
			collect_pairs(r, v, out, true);
			continue;
		}
		bool ok = v->type == YN_SEQ;
		for (size_t j = 0; ok && j < v->n; j++)
			ok = v->kids[j]->type == YN_MAP;
		if (!ok) {
			err(r, v, _("a merge key '<<' takes a mapping or a list "
				  "of mappings"));
			continue;
		}
		for (size_t j = 0; j < v->n; j++)
			collect_pairs(r, v->kids[j], out, true);
	}
}

static void expected_keys(const struct schema *s, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->n && used < size; i++) {
		int k = snprintf(buf + used, size - used, "%s%s",
				 i ? ", " : "", s->fields[i].key);
		if (k < 0)
			break;
		used += (size_t)k;
	}
}

static void *read_list(struct rd *r, const struct ynode *n,
		       const struct schema *s, size_t *count, const char *what);

static void stream_done(struct rd *r, const struct field *f);

static void apply(struct rd *r, const struct field *f, const struct ynode *v,
		  void *obj)
{
	char *base = obj;

	switch (f->type) {
	case F_ID:
		*(char **)(base + f->off) = get_id(r, v);
		break;
	case F_TEXT:
		*(char **)(base + f->off) = get_text(r, v);
		break;
	case F_INT:
		get_int(r, v, (int *)(base + f->off));
		break;
	case F_BOOL:
		get_bool(r, v, (bool *)(base + f->off));
		break;
	case F_TEXTS: {
		struct pack_strv *sv = (struct pack_strv *)(base + f->off);
		get_texts(r, v, sv);
		if (f->required && v->type == YN_SEQ && v->n == 0)
			err(r, v, _("%s: the list is empty"), f->key);
		break;
	}
	case F_REFS:
		get_refs(r, v, (struct pack_refv *)(base + f->off));
		break;
	case F_REF: {
		struct pack_ref *ref = (struct pack_ref *)(base + f->off);
		ref->id = get_id(r, v);
		ref->pos = pos_of(r, v);
		break;
	}
	case F_LIST:
		if (v->type == YN_SEQ && v->streamed) {
			stream_done(r, f);
			break;
		}
		*(void **)(base + f->off) =
			read_list(r, v, f->elem, (size_t *)(base + f->count_off),
				  f->key);
		break;
	case F_FN:
		f->fn(r, v, obj);
		break;
	}
}

/* Reads mapping m into obj by schema s. Returns false if m is no mapping. */
static bool read_map(struct rd *r, const struct ynode *m,
		     const struct schema *s, void *obj)
{
	struct kvs pairs = {0};
	bool seen[MAX_FIELDS] = {false};

	if (m->type != YN_MAP) {
		err(r, m, _("expected a mapping (%s), found %s"), s->what,
		    describe(m));
		return false;
	}
	collect_pairs(r, m, &pairs, false);
	for (size_t i = 0; i < pairs.n; i++) {
		const struct ynode *k = pairs.v[i].k;
		size_t f;

		if (k->type != YN_SCALAR) {
			err(r, k, _("a key must be text, found %s"), describe(k));
			continue;
		}
		/* "x-" keys are the author's own (a place for anchors, as in
		 * docker compose): never read, never an error. */
		if (strncmp(k->value, "x-", 2) == 0)
			continue;
		for (f = 0; f < s->n; f++)
			if (strcmp(k->value, s->fields[f].key) == 0)
				break;
		if (f == s->n) {
			char keys[256];
			expected_keys(s, keys, sizeof keys);
			err(r, k, _("unknown key '%.60s' in %s (expected one of: %s)"),
			    k->value, s->what, keys);
			continue;
		}
		if (seen[f]) {
			if (!pairs.v[i].merged)
				err(r, k, _("duplicate key '%s'"), k->value);
			continue;
		}
		seen[f] = true;
		apply(r, &s->fields[f], pairs.v[i].v, obj);
	}
	for (size_t f = 0; f < s->n; f++)
		if (s->fields[f].required && !seen[f])
			err(r, m, _("missing required key '%s' in %s"),
			    s->fields[f].key, s->what);
	free(pairs.v);
	return true;
}

/* Reads a list of mappings, each by schema s, into a new array. */
static void *read_list(struct rd *r, const struct ynode *n,
		       const struct schema *s, size_t *count, const char *what)
{
	char *arr;

	*count = 0; /* the array and its length are set together, always */
	if (!want_list(r, n))
		return NULL;
	if (n->n == 0)
		err(r, n, _("%s: the list is empty"), what);
	arr = xcalloc(n->n, s->size);
	for (size_t i = 0; i < n->n; i++) {
		void *obj = arr + i * s->size;
		if (s->pos_off != NO_POS)
			*(struct pack_pos *)(arr + i * s->size + s->pos_off) =
				pos_of(r, n->kids[i]);
		if (read_map(r, n->kids[i], s, obj) && s->check)
			s->check(r, n->kids[i], obj);
	}
	*count = n->n;
	return arr;
}

/* ---- streaming the top lists ------------------------------------------- */

/* The elements of a file's top lists (sections, mistakes, levels, ...) are
 * read into the pack as the parser completes each (ydoc_parse_stream), so
 * no tree of the whole file is ever built. What they report is held back
 * until read_map() reaches the list's key, so that problems are listed in
 * the order a tree walk gives, and dropped if the file does not parse. */
struct stream_ctx {
	struct rd r; /* r.d is the held-back list of the current field */
	const struct schema *s;
	void *base;
	bool claimed[MAX_FIELDS];
	size_t cap[MAX_FIELDS];
	struct diag_list held[MAX_FIELDS];
};

static size_t field_of(const struct schema *s, const struct ynode *key)
{
	if (key->type != YN_SCALAR)
		return s->n;
	for (size_t f = 0; f < s->n; f++)
		if (s->fields[f].type == F_LIST &&
		    strcmp(key->value, s->fields[f].key) == 0)
			return f;
	return s->n;
}

static bool stream_want(void *ctx, const struct ynode *map,
			const struct ynode *key)
{
	struct stream_ctx *sc = ctx;
	size_t f = field_of(sc->s, key);

	if (f == sc->s->n || sc->claimed[f])
		return false;
	sc->claimed[f] = true;
	/* Only the value of the key's first occurrence is read (read_map
	 * reports the others as duplicates). A list under a later one,
	 * streamed into the pack, would stand beside a first value that is
	 * no list, which read_map then stores over it: an array of NULL
	 * with the streamed count. Looked at once per list key. */
	for (size_t i = 0; i + 2 < map->n; i += 2)
		if (map->kids[i]->type == YN_SCALAR &&
		    strcmp(map->kids[i]->value, key->value) == 0)
			return false;
	return true;
}

static void stream_elem(void *ctx, const struct ynode *key,
			const struct ynode *n)
{
	struct stream_ctx *sc = ctx;
	size_t f = field_of(sc->s, key);
	const struct field *fd = &sc->s->fields[f];
	const struct schema *es = fd->elem;
	char **arr = (char **)((char *)sc->base + fd->off);
	size_t *count = (size_t *)((char *)sc->base + fd->count_off);
	struct rd r = sc->r;
	char *obj;

	r.d = &sc->held[f];
	r.sc = NULL;
	xgrow(arr, &sc->cap[f], *count + 1, es->size);
	obj = *arr + *count * es->size;
	memset(obj, 0, es->size);
	(*count)++;
	if (es->pos_off != NO_POS)
		*(struct pack_pos *)(obj + es->pos_off) = pos_of(&r, n);
	if (read_map(&r, n, es, obj) && es->check)
		es->check(&r, n, obj);
}

static void stream_done(struct rd *r, const struct field *f)
{
	struct diag_list *h = &r->sc->held[f - r->sc->s->fields];

	for (size_t i = 0; i < h->n; i++)
		diag_add(r->d, h->v[i].file, h->v[i].line, h->v[i].col, "%s",
			 h->v[i].msg);
	r->d->dropped += h->dropped;
	diag_list_free(h);
}

static void stream_free(struct stream_ctx *sc)
{
	for (size_t f = 0; f < MAX_FIELDS; f++)
		diag_list_free(&sc->held[f]);
}

/* ---- the schemas -------------------------------------------------------- */

static void item_check(struct rd *r, const struct ynode *n, void *obj)
{
	struct pack_item *it = obj;
	if (it->rule && !it->critical)
		err(r, n, _("item '%s' has a 'rule' but is not 'critical: true'"),
		    it->id ? it->id : "?");
}

static const struct schema item_schema;
static const struct field item_fields[] = {
	FIELD("id", F_ID, true, struct pack_item, id),
	FIELD("text", F_TEXT, true, struct pack_item, text),
	FIELD("verify", F_TEXT, false, struct pack_item, verify),
	FIELD("notes", F_TEXTS, false, struct pack_item, notes),
	FIELD("critical", F_BOOL, false, struct pack_item, critical),
	FIELD("rule", F_TEXT, false, struct pack_item, rule),
	FIELD_LIST("items", false, struct pack_item, items, n_items, item_schema),
};
static const struct schema item_schema =
	ELEMENT("item", item_fields, struct pack_item, item_check);

static const struct field link_fields[] = {
	FIELD("title", F_TEXT, true, struct pack_link, title),
	FIELD("href", F_TEXT, true, struct pack_link, href),
	FIELD("tail", F_TEXT, false, struct pack_link, tail),
};
static const struct schema link_schema = {
	"link", link_fields, NFIELDS(link_fields), sizeof(struct pack_link),
	NO_POS, NULL};

static const struct field section_fields[] = {
	FIELD("id", F_ID, true, struct pack_section, id),
	FIELD("number", F_INT, true, struct pack_section, number),
	FIELD("title", F_TEXT, true, struct pack_section, title),
	FIELD("applies_when", F_TEXT, false, struct pack_section, applies_when),
	FIELD_LIST("links", false, struct pack_section, links, n_links,
		   link_schema),
	FIELD_LIST("items", true, struct pack_section, items, n_items,
		   item_schema),
};
static const struct schema section_schema =
	ELEMENT("section", section_fields, struct pack_section, NULL);

static const struct field fix_fields[] = {
	FIELD("text", F_TEXT, false, struct pack_mistake, fix_text),
	FIELD("lang", F_TEXT, false, struct pack_mistake, fix_code.lang),
	FIELD("code", F_TEXT, false, struct pack_mistake, fix_code.code),
};
static const struct schema fix_schema = SCHEMA("fix", fix_fields);

/* A fix is text, or a mapping with text and/or a code block. */
static void fix_fn(struct rd *r, const struct ynode *n, void *obj)
{
	struct pack_mistake *m = obj;

	if (n->type == YN_SCALAR) {
		m->fix_text = get_text(r, n);
		return;
	}
	if (!read_map(r, n, &fix_schema, m))
		return;
	if (!m->fix_text && !m->fix_code.code)
		err(r, n, _("a fix needs 'text' or 'code'"));
	if (m->fix_code.lang && !m->fix_code.code)
		err(r, n, _("a fix has 'lang' but no 'code'"));
}

static void mistake_check(struct rd *r, const struct ynode *n, void *obj)
{
	struct pack_mistake *m = obj;
	if (!m->fix_text && !m->fix_code.code && !m->table.id)
		err(r, n, _("mistake '%s' needs a 'fix' or a 'table'"),
		    m->id ? m->id : "?");
}

static const struct field mistake_fields[] = {
	FIELD("id", F_ID, true, struct pack_mistake, id),
	FIELD("number", F_INT, true, struct pack_mistake, number),
	FIELD("title", F_TEXT, true, struct pack_mistake, title),
	FIELD("error", F_TEXT, true, struct pack_mistake, error),
	FIELD("symptoms", F_TEXTS, true, struct pack_mistake, symptoms),
	FIELD_FN("fix", false, fix_fn, NULL),
	FIELD("table", F_REF, false, struct pack_mistake, table),
	FIELD("prevention", F_TEXT, true, struct pack_mistake, prevention),
	FIELD("related", F_REFS, false, struct pack_mistake, related),
};
static const struct schema mistake_schema =
	ELEMENT("mistake", mistake_fields, struct pack_mistake, mistake_check);

static void criterion_check(struct rd *r, const struct ynode *n, void *obj)
{
	struct pack_criterion *c = obj;
	if (c->requires.n == 0 && !c->attest)
		err(r, n, _("criterion '%s' needs 'requires' or 'attest: true'"),
		    c->id ? c->id : "?");
}

static const struct field criterion_fields[] = {
	FIELD("id", F_ID, true, struct pack_criterion, id),
	FIELD("text", F_TEXT, true, struct pack_criterion, text),
	FIELD("requires", F_REFS, false, struct pack_criterion, requires),
	FIELD("attest", F_BOOL, false, struct pack_criterion, attest),
	FIELD("verify", F_TEXTS, false, struct pack_criterion, verify),
};
static const struct schema criterion_schema = ELEMENT(
	"criterion", criterion_fields, struct pack_criterion, criterion_check);

static const struct field level_fields[] = {
	FIELD("id", F_ID, true, struct pack_level, id),
	FIELD("title", F_TEXT, true, struct pack_level, title),
	FIELD("points", F_INT, false, struct pack_level, points),
	FIELD_LIST("criteria", true, struct pack_level, criteria, n_criteria,
		   criterion_schema),
};
static const struct schema level_schema =
	ELEMENT("level", level_fields, struct pack_level, NULL);

static const struct field takeaway_fields[] = {
	FIELD("id", F_ID, true, struct pack_takeaway, id),
	FIELD("number", F_INT, true, struct pack_takeaway, number),
	FIELD("text", F_TEXT, true, struct pack_takeaway, text),
};
static const struct schema takeaway_schema =
	ELEMENT("takeaway", takeaway_fields, struct pack_takeaway, NULL);

static void rows_fn(struct rd *r, const struct ynode *n, void *obj)
{
	struct pack_table *t = obj;

	if (!want_list(r, n))
		return;
	if (n->n == 0)
		err(r, n, _("rows: the list is empty"));
	t->rows = xcalloc(n->n, sizeof *t->rows);
	t->n_rows = n->n;
	for (size_t i = 0; i < n->n; i++)
		get_texts(r, n->kids[i], &t->rows[i]);
}

static void rows_free(void *obj)
{
	struct pack_table *t = obj;

	for (size_t i = 0; i < t->n_rows; i++)
		free(t->rows[i].v);
	free(t->rows);
}

/* The node under key in m (merge keys aside), for positions only. */
static const struct ynode *map_get(const struct ynode *m, const char *key)
{
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->kids[i]->type == YN_SCALAR &&
		    strcmp(m->kids[i]->value, key) == 0)
			return m->kids[i + 1];
	return NULL;
}

/* `own` names the keys of this table whose texts the project wrote (a
 * column header the lesson never gave, say), so that `dump` and the
 * seed-faithfulness test can tell them from the course's words. */
static void table_own_check(struct rd *r, const struct ynode *n,
			    const struct pack_table *t)
{
	static const char *const texts[] = {"title", "source", "columns", "rows"};
	const struct ynode *own = map_get(n, "own");

	for (size_t i = 0; i < t->own.n; i++) {
		bool known = false;
		for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
			known |= strcmp(t->own.v[i], texts[k]) == 0;
		if (known)
			continue;
		err(r,
		    own && own->type == YN_SEQ && i < own->n ? own->kids[i] : n,
		    _("'own' lists '%.60s', which is no text key of a table "
		    "(title, source, columns, rows)"),
		    t->own.v[i]);
	}
}

/* YAML mappings have no order, so row widths are checked once both
 * columns and rows are read. */
static void table_check(struct rd *r, const struct ynode *n, void *obj)
{
	struct pack_table *t = obj;
	const struct ynode *rows = map_get(n, "rows");

	table_own_check(r, n, t);
	if (t->columns.n == 0)
		return;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct ynode *at = n;
		size_t width = t->rows[i].n;
		if (rows && rows->type == YN_SEQ && i < rows->n &&
		    rows->kids[i]->type == YN_SEQ) {
			at = rows->kids[i];
			width = at->n;
		}
		if (width != t->columns.n)
			err(r, at,
			    P_("row %zu has %zu cell, the table has %zu columns",
			       "row %zu has %zu cells, the table has %zu columns", width),
			    i + 1, width, t->columns.n);
	}
}

static const struct field table_fields[] = {
	FIELD("id", F_ID, true, struct pack_table, id),
	FIELD("title", F_TEXT, true, struct pack_table, title),
	FIELD("source", F_TEXT, false, struct pack_table, source),
	FIELD("own", F_TEXTS, false, struct pack_table, own),
	FIELD("columns", F_TEXTS, true, struct pack_table, columns),
	FIELD_FN("rows", true, rows_fn, rows_free),
};
static const struct schema table_schema =
	ELEMENT("table", table_fields, struct pack_table, table_check);

static const struct field pack_fields[] = {
	FIELD("id", F_ID, true, struct pack, id),
	FIELD("title", F_TEXT, true, struct pack, title),
	FIELD("version", F_TEXT, true, struct pack, version),
	FIELD("language", F_TEXT, false, struct pack, language),
	FIELD("source", F_TEXT, false, struct pack, source),
};
static const struct field checklist_fields[] = {
	FIELD_LIST("sections", true, struct pack, sections, n_sections,
		   section_schema),
};
static const struct field mistakes_fields[] = {
	FIELD_LIST("mistakes", true, struct pack, mistakes, n_mistakes,
		   mistake_schema),
};
static const struct field rubric_fields[] = {
	FIELD("applies_when", F_TEXT, false, struct pack, rubric_applies_when),
	FIELD_LIST("levels", true, struct pack, levels, n_levels, level_schema),
};
static const struct field takeaways_fields[] = {
	FIELD_LIST("takeaways", true, struct pack, takeaways, n_takeaways,
		   takeaway_schema),
};
static const struct field tables_fields[] = {
	FIELD_LIST("tables", true, struct pack, tables, n_tables, table_schema),
};

static const struct schema file_schema[PF_COUNT] = {
	[PF_PACK] = SCHEMA("pack.yaml", pack_fields),
	[PF_CHECKLIST] = SCHEMA("checklist.yaml", checklist_fields),
	[PF_MISTAKES] = SCHEMA("mistakes.yaml", mistakes_fields),
	[PF_RUBRIC] = SCHEMA("rubric.yaml", rubric_fields),
	[PF_TAKEAWAYS] = SCHEMA("takeaways.yaml", takeaways_fields),
	[PF_TABLES] = SCHEMA("tables.yaml", tables_fields),
};

/* ---- after reading: references ------------------------------------------ */

/* Checks that ref names an entry of one of the kinds in the mask. */
static const struct pack_entry *check_ref(const struct pack *p,
					  struct diag_list *d,
					  struct pack_ref *ref,
					  unsigned kinds, const char *what)
{
	const struct pack_entry *e;

	if (!ref->id)
		return NULL;
	e = pack_find(p, ref->id);
	if (!e) {
		diag_add(d, ref->pos.file, ref->pos.line, ref->pos.col,
			 _("'%s' names no id in this pack"), ref->id);
		return NULL;
	}
	if (!(kinds & (1u << e->kind))) {
		diag_add(d, ref->pos.file, ref->pos.line, ref->pos.col,
			 _("'%s' is %s; %s"), ref->id, pack_kind_name(e->kind), what);
		return NULL;
	}
	ref->at = (size_t)(e - p->index);
	return e;
}

/* Numbers are what learners see ("mistake 7"): two alike would confuse. */
#define CHECK_NUMBERS(arr, n, what)                                           \
	for (size_t i = 0; i < (n); i++)                                      \
		for (size_t j = 0; j < i; j++)                                \
			if ((arr)[i].number && (arr)[i].number == (arr)[j].number) { \
				diag_add(d, (arr)[i].pos.file, (arr)[i].pos.line, \
					 (arr)[i].pos.col,                    \
					 "%s number %d is used twice", what,  \
					 (arr)[i].number);                    \
				break;                                        \
			}

static void check_pack(struct pack *p, unsigned unread, struct diag_list *d)
{
	for (size_t i = 0; i < p->n_mistakes; i++) {
		struct pack_mistake *m = &p->mistakes[i];
		const struct pack_entry *e;
		for (size_t j = 0; j < m->related.n; j++)
			check_ref(p, d, &m->related.v[j], 1u << PACK_ITEM,
				  "'related' names checklist items");
		/* A table left unread (pack_load_except) is not missing. */
		if (unread & 1u << PF_TABLES)
			continue;
		e = check_ref(p, d, &m->table, 1u << PACK_TABLE,
			      "'table' names a table of tables.yaml");
		if (e)
			m->table_ptr = e->u.table;
	}
	for (size_t i = 0; i < p->n_levels; i++) {
		struct pack_level *l = &p->levels[i];
		for (size_t j = 0; j < l->n_criteria; j++) {
			struct pack_criterion *c = &l->criteria[j];
			c->level = l;
			for (size_t k = 0; k < c->requires.n; k++)
				check_ref(p, d, &c->requires.v[k],
					  1u << PACK_ITEM | 1u << PACK_MISTAKE,
					  "'requires' takes checklist items "
					  "and mistakes");
		}
	}
	CHECK_NUMBERS(p->sections, p->n_sections, "section");
	CHECK_NUMBERS(p->mistakes, p->n_mistakes, "mistake");
	CHECK_NUMBERS(p->takeaways, p->n_takeaways, "takeaway");
}

/* ---- files --------------------------------------------------------------- */

/* Frees what reading obj by schema s allocated, as the same table says:
 * a new field is one entry in its table, read and freed alike. Strings
 * are the arena's. */
static void free_obj(const struct schema *s, void *obj)
{
	char *base = obj;

	for (size_t i = 0; i < s->n; i++) {
		const struct field *f = &s->fields[i];
		switch (f->type) {
		case F_TEXTS:
			free(((struct pack_strv *)(base + f->off))->v);
			break;
		case F_REFS:
			free(((struct pack_refv *)(base + f->off))->v);
			break;
		case F_LIST: {
			char *arr = *(char **)(base + f->off);
			size_t n = *(size_t *)(base + f->count_off);
			for (size_t k = 0; arr && k < n; k++)
				free_obj(f->elem, arr + k * f->elem->size);
			free(arr);
			break;
		}
		case F_FN:
			if (f->free)
				f->free(obj);
			break;
		default:
			break;
		}
	}
}

/* Drops the lists a parse of a file streamed into p, when the file is
 * parsed again from its start: kept, each element would be read twice
 * and reported as a duplicate of itself. */
static void stream_drop(const struct schema *s, struct pack *p)
{
	char *base = (char *)p;

	for (size_t i = 0; i < s->n; i++) {
		const struct field *f = &s->fields[i];
		char **arr = (char **)(base + f->off);
		size_t *n = (size_t *)(base + f->count_off);

		if (f->type != F_LIST)
			continue;
		for (size_t k = 0; *arr && k < *n; k++)
			free_obj(f->elem, *arr + k * f->elem->size);
		free(*arr);
		*arr = NULL;
		*n = 0;
	}
}

void pack_free(struct pack *p)
{
	if (!p)
		return;
	pack_free_hashes(p);
	for (int f = 0; f < PF_COUNT; f++)
		if (f != PF_PROBES)
			free_obj(&file_schema[f], p);
	probe_free_all(p->probes, p->n_probes);
	while (p->arena) {
		struct pack_arena *next = p->arena->next;
		free(p->arena);
		p->arena = next;
	}
	free(p->index);
	for (size_t i = 0; i < p->n_files; i++)
		free(p->files[i]);
	free(p->files);
	free(p->dir);
	free(p);
}

/* Loads the pack from file texts; skip[f] marks a file whose problem was
 * reported already (it could not be read), unread the files that were
 * not asked for (pack_load_except). */
static char *read_all(FILE *in, size_t size, size_t *len);

static struct pack *load(const char *const src[PF_COUNT],
			 const size_t len[PF_COUNT],
			 FILE *const in[PF_COUNT],
			 const char *const names[PF_COUNT],
			 const bool skip[PF_COUNT], unsigned unread,
			 struct diag_list *d)
{
	struct pack *p = xcalloc(1, sizeof *p);
	size_t before = diag_count(d);
	/* References into a file that could not be parsed would all look
	 * broken: they are checked only when every file parsed. */
	bool all_parsed = true;

	p->files = xcalloc(PF_COUNT, sizeof *p->files);
	p->n_files = PF_COUNT;
	for (int f = 0; f < PF_COUNT; f++)
		p->files[f] = xstrdup(names[f]);

	for (int f = 0; f < PF_COUNT; f++) {
		struct rd r = {.file = p->files[f], .d = d, .p = p};
		struct ydoc *doc;

		if (unread & (1u << f))
			continue;
		if (skip[f]) {
			all_parsed = false;
			continue;
		}
		if (!src[f] && !in[f]) {
			if (file_required[f]) {
				diag_add(d, r.file, 1, 1,
					 _("missing: every pack has %s"),
					 pack_file_names[f]);
				all_parsed = false;
			}
			continue;
		}
		if (len[f] > PACK_MAX_FILE) {
			diag_add(d, r.file, 1, 1,
				 _("file of %zu bytes is over the limit of %u bytes"),
				 len[f], PACK_MAX_FILE);
			all_parsed = false;
			continue;
		}
		struct stream_ctx sc = {.r = r, .s = &file_schema[f], .base = p};
		struct ystream ys = {stream_want, stream_elem, &sc};
		bool reread = false;
		r.sc = &sc;
		if (in[f])
			doc = ydoc_parse_file(r.file, in[f], d,
					      f == PF_PROBES ? NULL : &ys, &reread);
		else
			doc = ydoc_parse_stream(r.file, src[f], len[f], d,
						f == PF_PROBES ? NULL : &ys);
		if (reread) {
			/* Broken, and the message needs the whole text. */
			size_t n;
			char *whole = read_all(in[f], len[f], &n);
			stream_drop(&file_schema[f], p);
			stream_free(&sc);
			memset(&sc, 0, sizeof sc);
			sc.r = r;
			sc.s = &file_schema[f];
			sc.base = p;
			doc = ydoc_parse_stream(r.file, whole, n, d,
						f == PF_PROBES ? NULL : &ys);
			free(whole);
		}
		if (!doc) {
			stream_free(&sc);
			all_parsed = false;
			continue;
		}
		if (!doc->root)
			diag_add(d, r.file, 1, 1,
				 _("the file is empty; expected a mapping"));
		else if (f == PF_PROBES)
			probe_load(p, r.file, doc->root, d);
		else
			read_map(&r, doc->root, &file_schema[f], p);
		stream_free(&sc);
		ydoc_free(doc);
	}
	if (p->n_levels == 0 && (src[PF_RUBRIC] || in[PF_RUBRIC]) &&
	    diag_count(d) == before)
		diag_add(d, p->files[PF_RUBRIC], 1, 1, _("the rubric has no levels"));
	for (size_t i = 0; i < p->n_sections; i++)
		pack_link_items(p->sections[i].items, p->sections[i].n_items, NULL, 0);
	pack_build_index(p, d);
	if (all_parsed) {
		check_pack(p, unread, d);
		probe_check_refs(p, d);
	}
	if (diag_count(d) != before) {
		pack_free(p);
		return NULL;
	}
	return p;
}

struct pack *pack_load_mem(const char *const src[PF_COUNT],
			   const size_t len[PF_COUNT],
			   const char *const names[PF_COUNT],
			   struct diag_list *d)
{
	static const bool none[PF_COUNT];
	static FILE *const no_files[PF_COUNT];
	return load(src, len, no_files, names, none, 0, d);
}

static char *join_path(const char *dir, const char *name)
{
	if (strcmp(dir, ".") == 0)
		return xstrdup(name);
	size_t n = strlen(dir);
	return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/",
			 name);
}

/* Opens a regular file of at most PACK_MAX_FILE bytes. Returns NULL with
 * a diagnostic, or NULL silently (*absent) if it does not exist. */
static FILE *open_file(const char *path, size_t *size, bool *absent,
		       struct diag_list *d)
{
	struct stat st;
	FILE *in;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	*absent = false;
	if (fd < 0) {
		if (errno == ENOENT)
			*absent = true;
		else
			diag_add(d, path, 1, 1, _("cannot open: %s"), strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_add(d, path, 1, 1, _("not a regular file"));
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > PACK_MAX_FILE) {
		diag_add(d, path, 1, 1,
			 _("file of %lld bytes is over the limit of %u bytes"),
			 (long long)st.st_size, PACK_MAX_FILE);
		close(fd);
		return NULL;
	}
	if (!(in = fdopen(fd, "rb"))) {
		diag_add(d, path, 1, 1, _("cannot open: %s"), strerror(errno));
		close(fd);
		return NULL;
	}
	*size = (size_t)st.st_size;
	return in;
}

/* The whole file, from its start (at most size bytes). */
static char *read_all(FILE *in, size_t size, size_t *len)
{
	char *buf = xmalloc(size + 1);

	rewind(in);
	*len = fread(buf, 1, size, in);
	buf[*len] = '\0';
	return buf;
}

/* A pack file may be a symbolic link to a file inside the pack folder (a
 * shared file under another name), never one leading out of it: a link to
 * /etc/shadow would otherwise have its lines quoted back as unknown keys. */
static bool link_outside(const char *dir, const char *path,
			 struct diag_list *d)
{
	char rdir[PATH_MAX], rpath[PATH_MAX];
	struct stat st;
	size_t n;

	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return false;
	if (realpath(dir, rdir) && realpath(path, rpath)) {
		n = strlen(rdir);
		if (strncmp(rpath, rdir, n) == 0 && rpath[n] == '/')
			return false;
	}
	diag_add(d, path, 1, 1,
		 _("a symbolic link to a file outside the pack folder"));
	return true;
}

static bool is_yaml_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' &&
	       ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
		(n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

/* A YAML file in the pack that the loader would not read is almost always
 * a misspelt name: say so rather than ignore it. */
static void check_stray_files(const char *dir, struct diag_list *d)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!dp)
		return;
	while ((e = readdir(dp))) {
		bool known = false;
		if (!is_yaml_name(e->d_name))
			continue;
		for (int f = 0; f < PF_COUNT; f++)
			known |= strcmp(e->d_name, pack_file_names[f]) == 0;
		if (!known) {
			char *path = join_path(dir, e->d_name);
			diag_add(d, path, 1, 1,
				 _("not a pack file: a pack holds pack.yaml, "
				 "checklist.yaml, mistakes.yaml, rubric.yaml, "
				 "takeaways.yaml, tables.yaml and probes.yaml"));
			free(path);
		}
	}
	closedir(dp);
}

struct pack *pack_load(const char *dir, struct diag_list *d)
{
	return pack_load_except(dir, 0, d);
}

struct pack *pack_load_except(const char *dir, unsigned skip_files,
			      struct diag_list *d)
{
	char *src[PF_COUNT] = {0};
	FILE *in[PF_COUNT] = {0};
	char *names[PF_COUNT];
	size_t len[PF_COUNT] = {0};
	bool skip[PF_COUNT] = {false};
	struct stat st;
	struct pack *p;
	size_t before = diag_count(d);

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_add(d, dir, 1, 1, _("not a content pack folder: %s"),
			 stat(dir, &st) != 0 ? strerror(errno)
					     : _("not a directory"));
		return NULL;
	}
	for (int f = 0; f < PF_COUNT; f++)
		if (file_required[f])
			skip_files &= ~(1u << f);
	for (int f = 0; f < PF_COUNT; f++) {
		size_t was = diag_count(d);
		bool absent = false;
		names[f] = join_path(dir, pack_file_names[f]);
		if (skip_files & (1u << f))
			continue;
		if (!link_outside(dir, names[f], d))
			in[f] = open_file(names[f], &len[f], &absent, d);
		/* Parsed as it is read, once: libyaml refuses what is not
		 * UTF-8, and load() then reads the file whole for the message
		 * that names the place (as for a control character). */
		skip[f] = diag_count(d) != was;
	}
	check_stray_files(dir, d);
	/* The readable files are checked even when another could not be
	 * read, so that validate lists every problem at once. */
	p = load((const char *const *)src, len, in, (const char *const *)names,
		 skip, skip_files, d);
	if (p && diag_count(d) != before) {
		pack_free(p);
		p = NULL;
	}
	if (p)
		p->dir = xstrdup(dir);
	for (int f = 0; f < PF_COUNT; f++) {
		free(src[f]);
		if (in[f])
			fclose(in[f]);
		free(names[f]);
	}
	return p;
}
