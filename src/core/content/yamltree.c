/* SPDX-License-Identifier: MIT */
#include "yamltree.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

struct anchor {
	char *name;
	struct ynode *node;
};

/* Nodes (a scalar with its value) are cut from blocks: a content file is
 * thousands of small nodes, and a malloc and a free each were nearly a tenth of
 * loading the shipped pack. The nodes of a streamed element are the last
 * ones cut, so handing the element over gives their room back at once
 * (release_to). */
#define NODE_BLOCK (16u * 1024u)

struct ynode_block {
	struct ynode_block *next;
	size_t used, cap;
	max_align_t data[];
};

/* Where the newest block stood: what release_to() goes back to. */
struct node_mark {
	struct ynode_block *block;
	size_t used;
};

struct builder {
	const char *file;
	const char *buf;
	size_t len;
	struct diag_list *d;
	struct ydoc *doc;
	struct ynode *stack[YAML_MAX_DEPTH];
	size_t depth;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t n_aliases;
	size_t expanded;
	bool failed;
	const struct ystream *stream;
	struct ynode *skey;	/* the key of the list being streamed */
	size_t mark_all, mark_anchors; /* where the current element began */
	struct node_mark mark_nodes;
};

static void fail(struct builder *b, yaml_mark_t m, const char *msg,
		 const char *arg)
{
	diag_add(b->d, b->file, (int)m.line + 1, (int)m.column + 1, msg, arg);
	b->failed = true;
}

static void *node_alloc(struct ydoc *doc, size_t size)
{
	struct ynode_block *b = doc->blocks;

	size = (size + _Alignof(struct ynode) - 1) & ~(_Alignof(struct ynode) - 1);
	if (!b || b->cap - b->used < size) {
		size_t cap = size > NODE_BLOCK ? size : NODE_BLOCK;
		b = xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		b->next = doc->blocks;
		doc->blocks = b;
	}
	b->used += size;
	return (char *)b->data + b->used - size;
}

static struct node_mark node_mark(const struct ydoc *doc)
{
	return (struct node_mark){doc->blocks, doc->blocks ? doc->blocks->used : 0};
}

static void release_to(struct ydoc *doc, struct node_mark m)
{
	while (doc->blocks != m.block) {
		struct ynode_block *next = doc->blocks->next;
		free(doc->blocks);
		doc->blocks = next;
	}
	if (doc->blocks)
		doc->blocks->used = m.used;
}

static struct ynode *node_new(struct builder *b, enum ynode_type type,
			      yaml_mark_t m, const yaml_char_t *tag,
			      const char *value, size_t len)
{
	struct ynode *n = node_alloc(b->doc, sizeof *n + (value ? len + 1 : 0));

	memset(n, 0, sizeof *n);
	if (value) {
		n->value = (char *)(n + 1);
		memcpy(n->value, value, len);
		n->value[len] = '\0';
		n->len = len;
	}

	n->type = type;
	n->line = (int)m.line + 1;
	n->col = (int)m.column + 1;
	n->tag = tag ? xstrdup((const char *)tag) : NULL;
	n->weight = 1;
	xgrow(&b->doc->all, &b->doc->cap_all, b->doc->n_all + 1,
	      sizeof *b->doc->all);
	b->doc->all[b->doc->n_all++] = n;
	return n;
}

/* What a node holds besides its own room in a block. */
static void node_clear(struct ynode *n)
{
	free(n->tag);
	free(n->kids);
}

/* Whether the node about to be attached is an element of a streamed list. */
static bool in_stream(const struct builder *b)
{
	return b->skey && b->depth == 2 && b->stack[1]->type == YN_SEQ &&
	       b->stack[0]->n >= 2 && b->stack[0]->n % 2 == 0 &&
	       b->stack[0]->kids[b->stack[0]->n - 1] == b->stack[1] &&
	       b->stack[0]->kids[b->stack[0]->n - 2] == b->skey;
}

static void begin_elem(struct builder *b)
{
	if (!in_stream(b))
		return;
	b->mark_all = b->doc->n_all;
	b->mark_anchors = b->n_anchors;
	b->mark_nodes = node_mark(b->doc);
}

/* Hands a complete element of a streamed list over, then lets it go: its
 * nodes are freed unless an anchor among them may still be named. */
static void end_elem(struct builder *b, struct ynode *n)
{
	struct ynode *seq;

	if (b->failed || !in_stream(b))
		return;
	seq = b->stack[1];
	b->stream->elem(b->stream->ctx, b->skey, n);
	seq->n--;
	seq->streamed++;
	if (b->n_anchors != b->mark_anchors)
		return;
	for (size_t i = b->mark_all; i < b->doc->n_all; i++)
		node_clear(b->doc->all[i]);
	b->doc->n_all = b->mark_all;
	release_to(b->doc, b->mark_nodes);
}

/* Counts w more nodes toward the expansion limit; false once it is crossed. */
static bool count(struct builder *b, size_t w, yaml_mark_t m)
{
	b->expanded += w;
	if (b->expanded > YAML_MAX_EXPANDED) {
		diag_add(b->d, b->file, (int)m.line + 1, (int)m.column + 1,
			 _("document expands to more than %u nodes "
			 "(an alias bomb?)"),
			 YAML_MAX_EXPANDED);
		b->failed = true;
		return false;
	}
	return true;
}

static void attach(struct builder *b, struct ynode *n, yaml_mark_t m)
{
	if (b->depth == 0) {
		if (b->doc->root)
			fail(b, m, "%s", _("a content file holds one node at the top"));
		else
			b->doc->root = n;
		return;
	}
	struct ynode *p = b->stack[b->depth - 1];
	xgrow(&p->kids, &p->cap, p->n + 1, sizeof *p->kids);
	p->kids[p->n++] = n;
}

static void remember_anchor(struct builder *b, const yaml_char_t *name,
			    struct ynode *n, yaml_mark_t m)
{
	if (!name)
		return;
	if (b->n_anchors >= YAML_MAX_ANCHORS) {
		fail(b, m, _("more than %s anchors in one file"), "1000");
		return;
	}
	xgrow(&b->anchors, &b->cap_anchors, b->n_anchors + 1,
	      sizeof *b->anchors);
	b->anchors[b->n_anchors].name = xstrdup((const char *)name);
	b->anchors[b->n_anchors].node = n;
	b->n_anchors++;
}

/* YAML lets an anchor be redefined; the latest definition wins. */
static struct ynode *find_anchor(struct builder *b, const char *name)
{
	for (size_t i = b->n_anchors; i-- > 0;)
		if (strcmp(b->anchors[i].name, name) == 0)
			return b->anchors[i].node;
	return NULL;
}

static void on_scalar(struct builder *b, const yaml_event_t *e)
{
	if (e->data.scalar.length > YAML_MAX_SCALAR) {
		diag_add(b->d, b->file, (int)e->start_mark.line + 1,
			 (int)e->start_mark.column + 1,
			 _("scalar of %zu bytes is over the limit of %u bytes"),
			 e->data.scalar.length, YAML_MAX_SCALAR);
		b->failed = true;
		return;
	}
	begin_elem(b);
	/* A "\e" in a quoted scalar would otherwise reach the terminal of
	 * whoever runs status or opens a report. */
	if (utf8_has_controls((const char *)e->data.scalar.value,
			      e->data.scalar.length, "\t\n")) {
		const char *v = (const char *)e->data.scalar.value;
		unsigned cp = 0;
		for (size_t i = 0, k; i < e->data.scalar.length; i += k) {
			k = utf8_decode(v + i, e->data.scalar.length - i, &cp);
			if (utf8_has_controls(v + i, k, "\t\n"))
				break;
		}
		diag_add(b->d, b->file, (int)e->start_mark.line + 1,
			 (int)e->start_mark.column + 1,
			 _("text holds U+%04X, a control or direction-changing "
			 "character (only tab and newline are allowed)"),
			 cp);
		b->failed = true;
		return;
	}
	struct ynode *n = node_new(b, YN_SCALAR, e->start_mark, e->data.scalar.tag,
				   (const char *)e->data.scalar.value,
				   e->data.scalar.length);
	n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		   !e->data.scalar.tag;
	n->complete = true;
	attach(b, n, e->start_mark);
	remember_anchor(b, e->data.scalar.anchor, n, e->start_mark);
	end_elem(b, n);
}

static void on_start(struct builder *b, const yaml_event_t *e,
		     enum ynode_type type, const yaml_char_t *anchor,
		     const yaml_char_t *tag)
{
	if (b->depth >= YAML_MAX_DEPTH) {
		diag_add(b->d, b->file, (int)e->start_mark.line + 1,
			 (int)e->start_mark.column + 1,
			 _("nesting deeper than %d levels"), YAML_MAX_DEPTH);
		b->failed = true;
		return;
	}
	begin_elem(b);
	struct ynode *n = node_new(b, type, e->start_mark, tag, NULL, 0);
	attach(b, n, e->start_mark);
	if (type == YN_SEQ && b->stream && !anchor && b->depth == 1 &&
	    b->stack[0]->type == YN_MAP && b->stack[0]->n % 2 == 0 &&
	    b->stream->want(b->stream->ctx, b->stack[0],
			    b->stack[0]->kids[b->stack[0]->n - 2]))
		b->skey = b->stack[0]->kids[b->stack[0]->n - 2];
	/* Registered now but marked incomplete until its end event, so that
	 * an alias inside it (a cycle) is refused. */
	remember_anchor(b, anchor, n, e->start_mark);
	b->stack[b->depth++] = n;
}

static void on_end(struct builder *b)
{
	struct ynode *n = b->stack[--b->depth];

	for (size_t i = 0; i < n->n; i++)
		n->weight += n->kids[i]->weight;
	n->complete = true;
	end_elem(b, n);
}

static void on_alias(struct builder *b, const yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	struct ynode *n = find_anchor(b, name);

	if (!n) {
		fail(b, e->start_mark, _("alias '*%s' names no anchor defined before it"),
		     name);
		return;
	}
	if (!n->complete) {
		fail(b, e->start_mark, _("alias '*%s' refers to a node that contains it"),
		     name);
		return;
	}
	if (++b->n_aliases > YAML_MAX_ALIASES) {
		fail(b, e->start_mark, _("more than %s aliases in one file"), "10000");
		return;
	}
	if (!count(b, n->weight, e->start_mark))
		return;
	begin_elem(b);
	attach(b, n, e->start_mark);
	end_elem(b, n);
}

/* Whether the error is a construct left open (a quote or bracket never
 * closed): its opening is then where the fix goes. */
static bool opened_here(const yaml_parser_t *p)
{
	return (p->problem && strstr(p->problem, "end of stream")) ||
	       strstr(p->context, "quoted") || strstr(p->context, "flow");
}

/* libyaml's own words (it has no translations): its problems and
 * contexts, for xgettext to put in the catalogue, which the messages are
 * then looked up in by their English text (one of another libyaml
 * version stays as libyaml wrote it). Not compiled: a copy of libyaml's
 * strings in the binary would read as an embedded libyaml to lintian. */
#if 0
static const char *const libyaml_words[] = {
	N_("block sequence entries are not allowed in this context"),
	N_("control characters are not allowed"),
	N_("could not find expected ':'"),
	N_("could not find expected directive name"),
	N_("did not find URI escaped octet"),
	N_("did not find expected '!'"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected <document start>"),
	N_("did not find expected <stream-start>"),
	N_("did not find expected alphabetic or numeric character"),
	N_("did not find expected comment or line break"),
	N_("did not find expected digit or '.' character"),
	N_("did not find expected hexdecimal number"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected tag URI"),
	N_("did not find expected version number"),
	N_("did not find expected whitespace"),
	N_("did not find expected whitespace or line break"),
	N_("did not find the expected '>'"),
	N_("expected DOCUMENT-END"),
	N_("expected DOCUMENT-START or STREAM-END"),
	N_("expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS"),
	N_("expected STREAM-START"),
	N_("expected nothing after STREAM-END"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("found an incorrect leading UTF-8 octet"),
	N_("found an incorrect trailing UTF-8 octet"),
	N_("found an indentation indicator equal to 0"),
	N_("found character that cannot start any token"),
	N_("found duplicate %TAG directive"),
	N_("found duplicate %YAML directive"),
	N_("found extremely long version number"),
	N_("found incompatible YAML document"),
	N_("found invalid Unicode character escape code"),
	N_("found undefined tag handle"),
	N_("found unexpected ':'"),
	N_("found unexpected document indicator"),
	N_("found unexpected end of stream"),
	N_("found unexpected non-alphabetical character"),
	N_("found unknown directive name"),
	N_("found unknown escape character"),
	N_("incomplete UTF-16 character"),
	N_("incomplete UTF-16 surrogate pair"),
	N_("incomplete UTF-8 octet sequence"),
	N_("input error"),
	N_("input is too long"),
	N_("invalid Unicode character"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid length of a UTF-8 sequence"),
	N_("invalid trailing UTF-8 octet"),
	N_("mapping keys are not allowed in this context"),
	N_("mapping values are not allowed in this context"),
	N_("unexpected low surrogate area"),
	N_("while parsing a %TAG directive"),
	N_("while parsing a block collection"),
	N_("while parsing a block mapping"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow node"),
	N_("while parsing a flow sequence"),
	N_("while parsing a node"),
	N_("while parsing a quoted scalar"),
	N_("while parsing a tag"),
	N_("while parsing a tag directive"),
	N_("while scanning a %TAG directive"),
	N_("while scanning a %YAML directive"),
	N_("while scanning a block scalar"),
	N_("while scanning a directive"),
	N_("while scanning a plain scalar"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a simple key"),
	N_("while scanning a tag"),
	N_("while scanning a tag directive"),
	N_("while scanning an alias"),
	N_("while scanning an anchor"),
	N_("while scanning for the next token"),
};
#endif

/* libyaml's own message, at the position it names, in the program's
 * language. Reader errors (bad encoding, control characters) carry a byte
 * offset, not a mark. */
static void parser_error(struct builder *b, const yaml_parser_t *p)
{
	int line, col;
	const char *problem = p->problem ? _(p->problem) : _("cannot parse YAML");
	const char *context = p->context ? _(p->context) : NULL;

	if (p->error == YAML_READER_ERROR) {
		utf8_line_col(b->buf, b->len, p->problem_offset, &line, &col);
		diag_add(b->d, b->file, line, col, "%s", problem);
	} else if (p->context && opened_here(p)) {
		/* Where the unclosed quote or bracket began, not where the
		 * parser gave up (often the end of the file). */
		diag_add(b->d, b->file, (int)p->context_mark.line + 1,
			 (int)p->context_mark.column + 1,
			 _("%s %s (noticed at line %d, column %d)"), context,
			 problem, (int)p->problem_mark.line + 1,
			 (int)p->problem_mark.column + 1);
	} else if (p->context) {
		diag_add(b->d, b->file, (int)p->problem_mark.line + 1,
			 (int)p->problem_mark.column + 1,
			 _("%s %s (started at line %d, column %d)"), problem,
			 context, (int)p->context_mark.line + 1,
			 (int)p->context_mark.column + 1);
	} else {
		diag_add(b->d, b->file, (int)p->problem_mark.line + 1,
			 (int)p->problem_mark.column + 1, "%s", problem);
	}
	b->failed = true;
}

void ydoc_free(struct ydoc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n_all; i++)
		node_clear(doc->all[i]);
	free(doc->all);
	release_to(doc, (struct node_mark){NULL, 0});
	free(doc);
}

struct ydoc *ydoc_parse(const char *file, const char *buf, size_t len,
			struct diag_list *d)
{
	return ydoc_parse_stream(file, buf, len, d, NULL);
}

static struct ydoc *parse(const char *file, const char *buf, size_t len,
			  FILE *in, struct diag_list *d, const struct ystream *s,
			  bool *reread);

struct ydoc *ydoc_parse_stream(const char *file, const char *buf, size_t len,
			       struct diag_list *d, const struct ystream *s)
{
	size_t bad;

	if (!utf8_valid(buf, len, &bad)) {
		int line, col;
		utf8_line_col(buf, len, bad, &line, &col);
		diag_add(d, file, line, col, _("invalid UTF-8 (byte 0x%02X)"),
			 (unsigned char)buf[bad]);
		return NULL;
	}
	return parse(file, buf, len, NULL, d, s, NULL);
}

struct ydoc *ydoc_parse_file(const char *file, FILE *in, struct diag_list *d,
			     const struct ystream *s, bool *reread)
{
	*reread = false;
	return parse(file, NULL, 0, in, d, s, reread);
}

static struct ydoc *parse(const char *file, const char *buf, size_t len,
			  FILE *in, struct diag_list *d, const struct ystream *s,
			  bool *reread)
{
	struct builder b = {
		.file = file, .buf = buf, .len = len, .d = d, .stream = s};
	yaml_parser_t parser;
	int docs = 0;
	bool done = false;

	b.doc = xcalloc(1, sizeof *b.doc);
	if (!yaml_parser_initialize(&parser)) {
		diag_add(d, file, 1, 1, _("cannot initialise the YAML parser"));
		free(b.doc);
		return NULL;
	}
	if (in)
		yaml_parser_set_input_file(&parser, in);
	else
		yaml_parser_set_input_string(&parser, (const unsigned char *)buf,
					     len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done && !b.failed) {
		yaml_event_t e;
		if (!yaml_parser_parse(&parser, &e)) {
			if (in && parser.error == YAML_READER_ERROR) {
				/* Its position needs the text: the caller
				 * reads the file whole and parses again. */
				*reread = true;
				b.failed = true;
			} else {
				parser_error(&b, &parser);
			}
			break;
		}
		switch (e.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				fail(&b, e.start_mark, "%s",
				     _("a content file holds one YAML document; "
				       "this is a second one"));
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &e);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(&b, &e, YN_SEQ, e.data.sequence_start.anchor,
				 e.data.sequence_start.tag);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(&b, &e, YN_MAP, e.data.mapping_start.anchor,
				 e.data.mapping_start.tag);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&b);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&b, &e);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < b.n_anchors; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	if (b.failed) {
		ydoc_free(b.doc);
		return NULL;
	}
	return b.doc;
}

/* ---- scalars under the core schema --------------------------------------- */

bool yscalar_is_int(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

bool yscalar_is_bool(const char *s, bool *v)
{
	static const char *const t[] = {"true", "True", "TRUE"};
	static const char *const f[] = {"false", "False", "FALSE"};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(s, t[i]) == 0)
			return *v = true, true;
		if (strcmp(s, f[i]) == 0)
			return *v = false, true;
	}
	return false;
}

enum yscalar yscalar_kind(const struct ynode *n)
{
	bool b;
	const char *tag = n->tag;

	if (tag) {
		static const char pfx[] = "tag:yaml.org,2002:";
		if (strcmp(tag, "!") == 0)
			return YS_STR;
		if (strncmp(tag, pfx, sizeof pfx - 1) != 0)
			return YS_BADTAG;
		tag += sizeof pfx - 1;
		if (strcmp(tag, "str") == 0)
			return YS_STR;
		if (strcmp(tag, "int") == 0)
			return YS_INT;
		if (strcmp(tag, "bool") == 0)
			return YS_BOOL;
		if (strcmp(tag, "null") == 0)
			return YS_NULL;
		return YS_BADTAG;
	}
	if (!n->plain)
		return YS_STR;
	/* Most plain scalars are words: none of the core schema's nulls,
	 * booleans and integers starts with anything else than these. */
	if (n->len && !strchr("~nNtTfF+-0123456789", n->value[0]))
		return YS_STR;
	if (n->len == 0 || strcmp(n->value, "~") == 0 ||
	    strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	    strcmp(n->value, "NULL") == 0)
		return YS_NULL;
	if (yscalar_is_bool(n->value, &b))
		return YS_BOOL;
	if (yscalar_is_int(n->value))
		return YS_INT;
	return YS_STR;
}
