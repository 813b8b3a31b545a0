/* SPDX-License-Identifier: MIT */
/* The connector probes: a field present, equal to a value, in a range,
 * matching a pattern, unique among connectors, or different from the
 * MySQL server's own setting. Each judges the connectors it is about (the
 * classes it names), one version of each connector (probe_find.c); a
 * probe about a connector the project does not have is not applicable. */
#include "probe_int.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/i18n.h"
#include "selfgrade/xalloc.h"

static const char *simple_name(const char *cls)
{
	const char *dot = strrchr(cls, '.');
	return dot ? dot + 1 : cls;
}

/* Kafka Connect takes a connector's simple class name as an alias. */
static bool class_is(const char *want, const char *cls)
{
	return strcmp(simple_name(want), simple_name(cls)) == 0;
}

static bool class_matches(const struct pack_strv *classes, const char *cls)
{
	for (size_t i = 0; i < classes->n; i++)
		if (class_is(classes->v[i], cls))
			return true;
	return false;
}

static bool judged(const struct conn *c)
{
	return !c->superseded && c->class_;
}

bool probe_not_applicable(const struct project *pj,
                          const struct pack_probe *pr, struct probe_result *r)
{
	const struct pack_strv *classes =
	    probe_kinds[pr->kind].text ? &pr->needs : &pr->connector;
	size_t any = 0, of = 0;
	const char *missing = NULL;

	if (!classes->n)
		return false;
	for (size_t i = 0; i < pj->n_conns; i++)
		any += judged(&pj->conns[i]);
	if (!any)
		return false; /* no connector at all: not found, said later */
	/* A probe comparing two kinds of connector needs one of each. */
	bool pair = classes->n >= 2 && pr->kind == PROBE_FIELD_UNIQUE &&
	            pr->at_least >= 2;
	for (size_t k = 0; k < classes->n; k++) {
		bool has = false;
		for (size_t i = 0; i < pj->n_conns && !has; i++)
			has = judged(&pj->conns[i]) &&
			      class_is(classes->v[k], pj->conns[i].class_);
		of += has;
		if (!has && !missing)
			missing = classes->v[k];
	}
	if (pair ? !missing : of > 0)
		return false;
	if (pair)
		probe_set(r, PROBE_NOT_APPLICABLE, NULL, 0, NULL,
		          _("needs a %s connector to compare with, and the "
		            "project has none"),
		          simple_name(missing));
	else
		probe_set(r, PROBE_NOT_APPLICABLE, NULL, 0, NULL,
		          P_("about a %s connector, and none of the project's "
		             "%zu connector is one",
		             "about a %s connector, and none of the project's "
		             "%zu connectors is one",
		             any),
		          simple_name(classes->v[0]), any);
	return true;
}

static const struct conn_field *conn_field(const struct conn *c,
                                           const struct pack_strv *names);

/* Whether the probe's unless leaves c out: the field it names matches. */
static bool left_out(const struct pack_probe *pr, const struct conn *c,
                     const struct conn_field **why)
{
	struct rx rx;
	const struct conn_field *f;
	regmatch_t m;
	if (!pr->unless_pattern || !(f = conn_field(c, &pr->unless_field)))
		return false;
	rx_init(&rx, pr->unless_pattern, false);
	bool out = rx_match(&rx, f->value, &m, 1);
	rx_free(&rx);
	if (out)
		*why = f;
	return out;
}

/* The selected connectors: those of the probe's classes, judged (not an
 * older version), from the files the probe's globs name, or the live
 * ones. *out_c is the first the probe's unless left out, or NULL. */
static struct conn **select_conns(struct project *pj,
                                  const struct pack_probe *pr, size_t *n,
                                  size_t *files_read, size_t *files_matched,
                                  const struct conn **out_c,
                                  const struct conn_field **out_f)
{
	struct conn **v;

	*n = 0;
	*files_read = *files_matched = 0;
	*out_c = NULL;
	if (!pj->live) {
		for (size_t i = 0; i < pj->n_files; i++) {
			if (!probe_file_in(pj, &pr->files, &pj->files[i]))
				continue;
			(*files_matched)++;
			*files_read += pj->files[i].ok;
		}
	}
	v = xmalloc((pj->n_conns + 1) * sizeof *v);
	for (size_t k = 0; k < pj->n_conns; k++) {
		struct conn *c = &pj->conns[k];
		const struct conn_field *why = NULL;
		if (!judged(c) || !class_matches(&pr->connector, c->class_) ||
		    !(pj->live || !c->pf || probe_file_in(pj, &pr->files, c->pf)))
			continue;
		if (left_out(pr, c, &why)) {
			if (!*out_c) {
				*out_c = c;
				*out_f = why;
			}
			continue;
		}
		v[(*n)++] = c;
	}
	return v;
}

/* Every connector the probe is about was left out by its unless. */
static void all_left_out(struct probe_result *r, const struct conn *c,
                         const struct conn_field *f)
{
	char *v = probe_short(f->value);
	probe_set(r, PROBE_NOT_APPLICABLE, c->file, f->line, c->pf,
	          _("%s = %s: the probe is not about such a connector"), f->key,
	          v);
	free(v);
}

static const struct conn_field *conn_field(const struct conn *c,
                                           const struct pack_strv *names)
{
	for (size_t i = 0; i < names->n; i++)
		for (size_t k = 0; k < c->n; k++)
			if (fnmatch(names->v[i], c->f[k].key, 0) == 0) {
				struct conn_field *f = &c->f[k];
				if (f->line < 0)
					f->line = conn_key_line(c, f->key);
				return f;
			}
	return NULL;
}

static void not_found_conns(struct probe_result *r, const struct pack_probe *pr,
                            size_t read, size_t matched, bool live)
{
	char *g = probe_join_globs(&pr->files);
	char *c = probe_join_globs(&pr->connector);
	if (live)
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          _("no running connector has connector.class %s"), c);
	else if (!matched)
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          _("no file matches %s"), g);
	else
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          P_("no connector with connector.class %s in the %zu "
		             "file matching %s%s",
		             "no connector with connector.class %s in the %zu "
		             "files matching %s%s",
		             read),
		          c, read, g,
		          read < matched
		              ? _(" (some could not be read: see the notes)")
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

/* The checks of field-present, -equals, -range and -matches. */
bool probe_check_present(const struct field_seen *s, struct probe_result *r)
{
	if (s->f)
		return false;
	probe_set(r, PROBE_CONTRADICTED, s->c->file, s->c->class_line, s->c->pf,
	          _("no %s in this %s connector"), s->fields,
	          simple_name(s->c->class_));
	return true;
}

bool probe_check_equals(const struct field_seen *s, struct probe_result *r)
{
	if (!s->f || strcmp(s->f->value, s->pr->value) == 0)
		return false;
	probe_set(r, PROBE_CONTRADICTED, s->c->file, s->f->line, s->c->pf,
	          _("%s = %s, expected %s"), s->f->key, s->shown,
	          s->pr->value);
	return true;
}

bool probe_check_range(const struct field_seen *s, struct probe_result *r)
{
	long long num;
	if (!s->f || (is_integer(s->f->value, &num) && num >= s->pr->min &&
	              num <= s->pr->max))
		return false;
	probe_set(r, PROBE_CONTRADICTED, s->c->file, s->f->line, s->c->pf,
	          _("%s = %s, outside %lld-%lld"), s->f->key, s->shown,
	          s->pr->min, s->pr->max);
	return true;
}

bool probe_check_matches(const struct field_seen *s, struct probe_result *r)
{
	regmatch_t m;
	if (!s->f || rx_match(s->pattern, s->f->value, &m, 1))
		return false;
	probe_set(r, PROBE_CONTRADICTED, s->c->file, s->f->line, s->c->pf,
	          _("%s = %s, does not match %s"), s->f->key, s->shown,
	          s->pr->pattern);
	return true;
}

void probe_field(struct project *pj, const struct pack_probe *pr,
               struct probe_result *r)
{
	size_t n, read, matched, with = 0;
	const struct conn *lc;
	const struct conn_field *lf = NULL;
	struct conn **cs = select_conns(pj, pr, &n, &read, &matched, &lc, &lf);
	const struct conn_field *first = NULL;
	const struct conn *first_c = NULL;
	char *fields = probe_join_globs(&pr->field);
	probe_check_fn *check = probe_kinds[pr->kind].check;
	struct rx pattern;

	/* Only field-matches takes a pattern: the others' is NULL, which
	 * compiles to nothing. */
	rx_init(&pattern, pr->pattern, pr->icase);
	for (size_t i = 0; i < n; i++) {
		const struct conn *c = cs[i];
		const struct conn_field *f = conn_field(c, &pr->field);
		char *v = f ? probe_short(f->value) : NULL;
		struct field_seen seen = {pr, &pattern, fields, c, f, v};
		bool bad = check(&seen, r);

		free(v);
		if (bad)
			goto done;
		if (!f)
			continue;
		with++;
		if (!first) {
			first = f;
			first_c = c;
		}
	}
	if (!n && lc) {
		all_left_out(r, lc, lf);
	} else if (!n) {
		not_found_conns(r, pr, read, matched, pj->live);
	} else if (!first) {
		char *c = probe_join_globs(&pr->connector);
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          _("no %s connector sets %s"), c, fields);
		free(c);
	} else {
		char *v = probe_short(first->value);
		probe_set(r, PROBE_VERIFIED, first_c->file, first->line,
		          first_c->pf, "%s = %s%s", first->key, v,
		          with > 1 ? _(" (and in the other connectors)") : "");
		free(v);
	}
done:
	rx_free(&pattern);
	free(fields);
	free(cs);
}

/* How sure a shared value is a mistake: two connectors of different
 * classes, or two of one class under different names, are two
 * connectors; an unnamed config may be another version of the same. */
enum clash { CLASH_NONE, CLASH_AMBIGUOUS, CLASH_SAME_CLASS, CLASH_PAIR };

static enum clash clash_of(const struct conn *a, const struct conn *b)
{
	if (!class_is(a->class_, b->class_))
		return CLASH_PAIR;
	if (!a->name || !b->name)
		return CLASH_AMBIGUOUS;
	return CLASH_SAME_CLASS;
}

void probe_unique(struct project *pj, const struct pack_probe *pr,
                struct probe_result *r)
{
	size_t n, read, matched, with = 0;
	const struct conn *lc;
	const struct conn_field *lf = NULL;
	struct conn **cs = select_conns(pj, pr, &n, &read, &matched, &lc, &lf);
	const struct conn_field **fs = xcalloc(n + 1, sizeof *fs);
	char *fields = probe_join_globs(&pr->field);
	enum clash worst = CLASH_NONE;
	size_t wi = 0, wj = 0;

	for (size_t i = 0; i < n; i++) {
		fs[i] = conn_field(cs[i], &pr->field);
		if (!fs[i])
			continue;
		with++;
		for (size_t j = 0; j < i; j++) {
			if (!fs[j] || strcmp(fs[j]->value, fs[i]->value) != 0)
				continue;
			enum clash k = clash_of(cs[i], cs[j]);
			if (k > worst) {
				worst = k;
				wi = i;
				wj = j;
			}
		}
	}
	if (worst >= CLASH_SAME_CLASS) {
		size_t i = wi, j = wj;
		char *v = probe_short(fs[i]->value);
		if (cs[j]->file == cs[i]->file || !fs[j]->line)
			probe_set(r, PROBE_CONTRADICTED, cs[i]->file,
			          fs[i]->line, cs[i]->pf,
			          _("%s = %s is also used by %s"), fs[i]->key, v,
			          cs[j]->name && cs[j]->file == cs[i]->file
			              ? cs[j]->name
			              : cs[j]->file);
		else
			probe_set(r, PROBE_CONTRADICTED, cs[i]->file,
			          fs[i]->line, cs[i]->pf,
			          _("%s = %s is also used by %s:%d"), fs[i]->key,
			          v, cs[j]->file, fs[j]->line);
		free(v);
	} else if (worst == CLASH_AMBIGUOUS) {
		char *v = probe_short(fs[wi]->value);
		probe_set(r, PROBE_NOT_FOUND, cs[wi]->file, fs[wi]->line,
		          cs[wi]->pf,
		          _("ambiguous: %s = %s is also in %s:%d, which may be "
		            "another version of the same connector (give each "
		            "config its name)"),
		          fs[wi]->key, v, cs[wj]->file, fs[wj]->line);
		free(v);
	} else if (!n && lc) {
		all_left_out(r, lc, lf);
	} else if (!n) {
		not_found_conns(r, pr, read, matched, pj->live);
	} else if ((int)with < pr->at_least) {
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          P_("%zu connector sets %s; %d needed to compare",
		             "%zu connectors set %s; %d needed to compare",
		             with),
		          with, fields, pr->at_least);
	} else {
		size_t k = 0;
		while (!fs[k])
			k++;
		char *v = probe_short(fs[k]->value);
		if (with == 1)
			probe_set(r, PROBE_VERIFIED, cs[k]->file, fs[k]->line,
			          cs[k]->pf,
			          _("%s = %s (the only connector setting it)"),
			          fs[k]->key, v);
		else
			probe_set(r, PROBE_VERIFIED, cs[k]->file, fs[k]->line,
			          cs[k]->pf,
			          P_("%s = %s; the %zu connector setting it "
			             "differs",
			             "%s = %s; the %zu connectors setting it "
			             "differ",
			             with),
			          fs[k]->key, v, with);
		free(v);
	}
	free(fields);
	free(fs);
	free(cs);
}

void probe_differs(struct project *pj, const struct pack_probe *pr,
                 struct probe_result *r)
{
	size_t n, read, matched;
	const struct conn *lc;
	const struct conn_field *lf = NULL;
	struct conn **cs = select_conns(pj, pr, &n, &read, &matched, &lc, &lf);
	struct server_values d = {0};
	const struct conn_field *first = NULL;
	const struct conn *first_c = NULL;
	char *fields = probe_join_globs(&pr->field);

	server_values_find(pj, pr, &d);
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
				char *v = probe_short(f->value);
				probe_set(r, PROBE_CONTRADICTED, cs[i]->file,
				          f->line, cs[i]->pf,
				          _("%s = %s, the same as %s:%d"), f->key,
				          v, d.files[k], d.lines[k]);
				free(v);
				goto done;
			}
	}
	if (!n && lc) {
		all_left_out(r, lc, lf);
	} else if (!n) {
		not_found_conns(r, pr, read, matched, pj->live);
	} else if (!first) {
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          _("no connector sets %s"), fields);
	} else if (!d.n) {
		char *g = probe_join_globs(&pr->elsewhere_files);
		probe_set(r, PROBE_NOT_FOUND, first_c->file, first->line,
		          first_c->pf,
		          _("%s = %s, but nothing to compare it with: no line "
		            "of %s matches %s"),
		          first->key, first->value, g, pr->elsewhere_pattern);
		free(g);
	} else {
		char *v = probe_short(first->value);
		probe_set(r, PROBE_VERIFIED, first_c->file, first->line,
		          first_c->pf, _("%s = %s, differs from %s (%s:%d)"),
		          first->key, v, d.vals[0], d.files[0], d.lines[0]);
		free(v);
	}
done:
	server_values_free(&d);
	free(fields);
	free(cs);
}
