/* SPDX-License-Identifier: MIT */
/* A YAML document as a small tree of nodes, built from libyaml's events.
 *
 * libyaml 0.2.5 neither caps nesting nor expands aliases, so this layer
 * enforces the limits a content file must respect: nesting depth, scalar
 * size, anchor/alias counts and the number of nodes the whole document stands
 * for once every alias is expanded (a "billion laughs" file fails at the alias
 * that crosses the limit, before anything is copied). An alias is not copied:
 * it points at the node its anchor names, so the tree is a DAG and every node
 * is owned by the document's node list. */
#ifndef SELFGRADE_YAMLTREE_H
#define SELFGRADE_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "selfgrade/diag.h"

#define YAML_MAX_DEPTH 64
#define YAML_MAX_SCALAR (64u * 1024u)
#define YAML_MAX_ANCHORS 1000
#define YAML_MAX_ALIASES 10000
/* Nodes that aliases stand for, in all: what is written out is bounded by
 * the file's size, what aliases repeat is not. */
#define YAML_MAX_EXPANDED 1000000u

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_type type;
	int line, col;	/* 1-based, column in characters */
	char *tag;	/* as libyaml resolved it, NULL when none */
	char *value;	/* scalars: NUL-terminated (may hold NULs: see len) */
	size_t len;
	bool plain;	/* an unquoted scalar: null, bool and int resolve */
	struct ynode **kids; /* sequences: items; mappings: key, value, ... */
	size_t n, cap;
	size_t weight;	/* nodes this subtree stands for, aliases expanded */
	bool complete;	/* its end event was seen: aliases may refer to it */
	size_t streamed; /* sequences: elements handed to a ystream and gone */
};

struct ynode_block;

struct ydoc {
	struct ynode *root; /* NULL for an empty file */
	struct ynode **all; /* every node, for freeing its kids and tag */
	size_t n_all, cap_all;
	struct ynode_block *blocks; /* the nodes themselves, newest first */
};

/* Streaming the big lists: a content file is a mapping whose values are
 * lists of thousands of entries. With a ystream, each element of a list
 * that is a value of the top mapping, and that want() accepts, is handed
 * to elem() as soon as it is complete and then freed (unless it holds an
 * anchor a later alias may name), so the tree never holds the whole file:
 * the list node keeps only the count (streamed). want() is given the top
 * mapping as read so far (the key is its last), so that it can turn down
 * the list of a key written twice. */
struct ystream {
	bool (*want)(void *ctx, const struct ynode *map, const struct ynode *key);
	void (*elem)(void *ctx, const struct ynode *key, const struct ynode *n);
	void *ctx;
};

/* Parses buf[0..len) as one YAML document. On success returns the document
 * (caller-owned, free with ydoc_free); on any problem adds it to d, naming
 * file, and returns NULL. */
struct ydoc *ydoc_parse(const char *file, const char *buf, size_t len,
			struct diag_list *d);
/* The same, streaming the lists s accepts (s may be NULL). */
struct ydoc *ydoc_parse_stream(const char *file, const char *buf, size_t len,
			       struct diag_list *d, const struct ystream *s);
/* The same from a file, read as it is parsed, so that its text is never
 * whole in memory. When libyaml finds it unreadable (not UTF-8, or a
 * control character) this sets *reread and reports nothing: the caller
 * reads the file whole and calls ydoc_parse_stream, which can name the
 * place. */
struct ydoc *ydoc_parse_file(const char *file, FILE *in, struct diag_list *d,
			     const struct ystream *s, bool *reread);
void ydoc_free(struct ydoc *doc);

/* What a scalar is under the YAML 1.2 core schema, for the loaders of
 * content.c and probe_load.c: its tag if it has one ("!" and !!str are
 * text, a tag outside the core schema is YS_BADTAG), else its written form
 * when it is plain (~, null, true, 12, ...), else text. */
enum yscalar { YS_NULL, YS_BOOL, YS_INT, YS_STR, YS_BADTAG };
enum yscalar yscalar_kind(const struct ynode *n);
/* The core schema's written forms of an integer (decimal, signed) and a
 * boolean (*v set to its value). */
bool yscalar_is_int(const char *s);
bool yscalar_is_bool(const char *s, bool *v);

#endif
