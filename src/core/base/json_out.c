/* SPDX-License-Identifier: MIT */
/* A JSON value described once, written or built (json_out.h). */
#include "json_out.h"

#include <stdlib.h>
#include <string.h>

void json_out_init(struct json_out *o, yajl_gen g)
{
	memset(o, 0, sizeof *o);
	o->g = g;
}

json_t *json_out_tree(struct json_out *o)
{
	json_t *t = o->root;

	if (o->failed || o->depth) {
		json_decref(t);
		t = NULL;
	}
	while (o->depth)
		json_decref(o->open[--o->depth]); /* left open: the stack's own */
	o->root = NULL;
	return t;
}

void json_out_init_match(struct json_out *o, json_t *want)
{
	memset(o, 0, sizeof *o);
	o->matching = true;
	o->match = want;
}

bool json_out_matched(const struct json_out *o)
{
	return o->began && !o->failed && !o->depth;
}

/* Matching: the expected value the next one described stands for, or
 * NULL for none (then they differ). A key described twice would be
 * counted twice: the writers' keys are literals, each once. */
static json_t *expected(struct json_out *o)
{
	json_t *top;
	const char *key = o->key;

	o->key = NULL;
	if (!o->depth) {
		if (o->began)
			return NULL;
		o->began = true;
		return o->match;
	}
	top = o->open[o->depth - 1];
	o->n[o->depth - 1]++;
	if (o->kind[o->depth - 1] == '{')
		return key ? json_object_get(top, key) : NULL;
	return json_array_get(top, o->n[o->depth - 1] - 1);
}

/* Matching: a value described, equal to the expected one or not
 * (json_equal's rules: the same type and value; strings byte for byte). */
static void match(struct json_out *o, bool same)
{
	if (!same)
		o->failed = true;
}

static void status(struct json_out *o, yajl_gen_status s)
{
	if (s != yajl_gen_status_ok)
		o->failed = true;
}

/* Writing: a container is opened once something goes in it, so that an
 * empty one is written "[]" or "{}", as jansson writes it, rather than
 * as yajl's beautifier does ("[\n\n ]"); yajl_gen_number writes its text
 * as given. */
static void flush(struct json_out *o)
{
	if (o->pending)
		status(o, o->pending == '[' ? yajl_gen_array_open(o->g) : yajl_gen_map_open(o->g));
	o->pending = 0;
}

/* Building: v (a new reference) added to the open container, under the
 * key given last if that is an object. */
static void add(struct json_out *o, json_t *v)
{
	json_t *top;

	if (!v) {
		o->failed = true;
		return;
	}
	if (!o->depth) {
		if (o->root)
			o->failed = true;
		json_decref(o->root);
		o->root = v;
		return;
	}
	top = o->open[o->depth - 1];
	if (json_is_object(top) && !o->key) {
		json_decref(v); /* a value with no key: a writer's mistake */
		o->failed = true;
		return;
	}
	/* Both take v whatever they return. */
	if (json_is_object(top) ? json_object_set_new_nocheck(top, o->key, v)
				: json_array_append_new(top, v))
		o->failed = true;
	o->key = NULL;
}

static void open_one(struct json_out *o, char kind)
{
	json_t *v = NULL;

	if (o->depth == JSON_OUT_DEPTH) {
		o->failed = true;
		return;
	}
	if (o->matching) {
		v = expected(o);
		match(o, kind == '[' ? json_is_array(v) : json_is_object(v));
		o->n[o->depth] = 0;
	} else if (o->g) {
		flush(o);
		o->pending = kind;
	} else {
		/* The stack holds a reference of its own while it is open, so
		 * that one its parent refused is still there to be closed. */
		v = kind == '[' ? json_array() : json_object();
		add(o, json_incref(v));
	}
	o->kind[o->depth] = kind;
	o->open[o->depth++] = v;
}

void json_out_object(struct json_out *o)
{
	open_one(o, '{');
}

void json_out_array(struct json_out *o)
{
	open_one(o, '[');
}

void json_out_end(struct json_out *o)
{
	if (!o->depth) {
		o->failed = true;
		return;
	}
	o->depth--;
	if (o->matching) {
		json_t *v = o->open[o->depth];
		/* Every member or element it has was described. */
		match(o, o->n[o->depth] == (json_is_array(v) ? json_array_size(v)
							      : json_object_size(v)));
		return;
	}
	if (!o->g) {
		json_decref(o->open[o->depth]);
		return;
	}
	if (o->pending)
		status(o, yajl_gen_number(o->g, o->pending == '[' ? "[]" : "{}", 2));
	else
		status(o, o->kind[o->depth] == '[' ? yajl_gen_array_close(o->g)
						   : yajl_gen_map_close(o->g));
	o->pending = 0;
}

void json_out_key(struct json_out *o, const char *key)
{
	if (o->matching || !o->g) {
		o->key = key;
		return;
	}
	flush(o);
	status(o, yajl_gen_string(o->g, (const unsigned char *)key, strlen(key)));
}

void json_out_str(struct json_out *o, const char *s)
{
	if (o->matching) {
		json_t *v = expected(o);
		match(o, s ? json_is_string(v) && json_string_length(v) == strlen(s) &&
				     memcmp(json_string_value(v), s, strlen(s)) == 0
			   : json_is_null(v));
		return;
	}
	if (!o->g) {
		add(o, s ? json_string(s) : json_null());
		return;
	}
	flush(o);
	status(o, s ? yajl_gen_string(o->g, (const unsigned char *)s, strlen(s))
		    : yajl_gen_null(o->g));
}

void json_out_int(struct json_out *o, long long v)
{
	if (o->matching) {
		json_t *x = expected(o);
		match(o, json_is_integer(x) && json_integer_value(x) == (json_int_t)v);
		return;
	}
	if (!o->g) {
		add(o, json_integer((json_int_t)v));
		return;
	}
	flush(o);
	status(o, yajl_gen_integer(o->g, v));
}

void json_out_bool(struct json_out *o, bool v)
{
	if (o->matching) {
		json_t *x = expected(o);
		match(o, v ? json_is_true(x) : json_is_false(x));
		return;
	}
	if (!o->g) {
		add(o, json_boolean(v));
		return;
	}
	flush(o);
	status(o, yajl_gen_bool(o->g, v));
}

void json_out_null(struct json_out *o)
{
	json_out_str(o, NULL);
}

/* A tree through yajl's generator, in the layout jansson's JSON_INDENT(1)
 * gives, byte for byte: an empty list or object as jansson writes it,
 * and a real as jansson formats it. */
static void gen_value(struct json_out *o, json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;
	char *real;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_out_object(o);
		json_object_foreach(v, key, x) {
			json_out_key(o, key);
			gen_value(o, x);
		}
		json_out_end(o);
		break;
	case JSON_ARRAY:
		json_out_array(o);
		json_array_foreach(v, i, x)
			gen_value(o, x);
		json_out_end(o);
		break;
	case JSON_STRING:
		flush(o);
		status(o, yajl_gen_string(o->g, (const unsigned char *)json_string_value(v),
					  json_string_length(v)));
		break;
	case JSON_INTEGER:
		json_out_int(o, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		flush(o);
		real = json_dumps(v, JSON_ENCODE_ANY);
		status(o, real ? yajl_gen_number(o->g, real, strlen(real)) : yajl_gen_in_error_state);
		free(real);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		json_out_bool(o, json_is_true(v));
		break;
	default:
		json_out_null(o);
		break;
	}
}

void json_out_value(struct json_out *o, json_t *v)
{
	if (o->matching)
		match(o, json_equal(expected(o), v));
	else if (!o->g)
		add(o, json_incref(v));
	else
		gen_value(o, v);
}

void json_out_members(struct json_out *o, json_t *v)
{
	const char *key;
	json_t *x;

	if (o->matching) {
		if (!o->depth || o->kind[o->depth - 1] != '{') {
			o->failed = true;
			return;
		}
		json_object_foreach(v, key, x) {
			o->key = key;
			match(o, json_equal(expected(o), x));
		}
		return;
	}
	if (!o->g) {
		if (!o->depth || o->kind[o->depth - 1] != '{' ||
		    json_object_update(o->open[o->depth - 1], v))
			o->failed = true;
		return;
	}
	json_object_foreach(v, key, x) {
		json_out_key(o, key);
		gen_value(o, x);
	}
}
