/* SPDX-License-Identifier: MIT */
/* One description of a JSON value, three ends: written by yajl's
 * generator as it is described (an export streams its learners), built as
 * a jansson tree (what verify compares with a file), or matched against a
 * jansson value as it is described, which answers whether the two are
 * json_equal() without building the tree (verify's common case: they
 * are). A writer calls the same functions for each, so the format is
 * described once. */
#ifndef SELFGRADE_JSON_OUT_H
#define SELFGRADE_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <yajl/yajl_gen.h>

#define JSON_OUT_DEPTH 16

struct json_out {
	yajl_gen g;	    /* writing to it; NULL: building a tree */
	char pending;	    /* writing: '[' or '{' opened, nothing in it yet */
	char kind[JSON_OUT_DEPTH];    /* '[' or '{', innermost last */
	json_t *open[JSON_OUT_DEPTH]; /* building: the containers open;
				       * matching: the expected ones (borrowed) */
	size_t n[JSON_OUT_DEPTH];     /* matching: values described in each */
	size_t depth;
	const char *key;    /* building, matching: the key the next value takes */
	json_t *root;
	json_t *match;	    /* matching: what the value described must equal */
	bool matching, began, failed;
};

/* o written through g (beautified as configured on g), or built when g
 * is NULL; json_out_tree() then takes the tree (or NULL, on failure). */
void json_out_init(struct json_out *o, yajl_gen g);
json_t *json_out_tree(struct json_out *o);
/* o matched against want (borrowed); json_out_matched() then says
 * whether what was described is json_equal() to it. */
void json_out_init_match(struct json_out *o, json_t *want);
bool json_out_matched(const struct json_out *o);

void json_out_object(struct json_out *o);
void json_out_array(struct json_out *o);
void json_out_end(struct json_out *o); /* closes the innermost */
void json_out_key(struct json_out *o, const char *key); /* a literal */
void json_out_str(struct json_out *o, const char *s);	/* NULL: null */
void json_out_int(struct json_out *o, long long v);
void json_out_bool(struct json_out *o, bool v);
void json_out_null(struct json_out *o);
/* Each member of the object v, in its order, into the open object. */
void json_out_members(struct json_out *o, json_t *v);
/* v (borrowed) as the next value. */
void json_out_value(struct json_out *o, json_t *v);

#endif
