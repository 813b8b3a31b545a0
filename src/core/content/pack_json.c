/* SPDX-License-Identifier: MIT */
/* The loaded pack as JSON: the `dump` format (SPEC §5). */
#include <jansson.h>
#include <stdlib.h>

#include "probe_load.h"
#include "selfgrade/content.h"

/* json_string() refuses invalid UTF-8; the loader guarantees valid text,
 * and NULL becomes JSON null. */
static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strv(const struct pack_strv *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(a, str(v->v[i]));
	return a;
}

static json_t *refv(const struct pack_refv *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(a, str(v->v[i].id));
	return a;
}

static json_t *items(const struct pack_item *it, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", str(it[i].id));
		json_object_set_new(o, "text", str(it[i].text));
		json_object_set_new(o, "critical", json_boolean(it[i].critical));
		if (it[i].rule)
			json_object_set_new(o, "rule", str(it[i].rule));
		if (it[i].verify)
			json_object_set_new(o, "verify", str(it[i].verify));
		if (it[i].notes.n)
			json_object_set_new(o, "notes", strv(&it[i].notes));
		json_object_set_new(o, "items", items(it[i].items, it[i].n_items));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *sections(const struct pack *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_sections; i++) {
		const struct pack_section *s = &p->sections[i];
		json_t *o = json_object(), *links = json_array();
		json_object_set_new(o, "id", str(s->id));
		json_object_set_new(o, "number", json_integer(s->number));
		json_object_set_new(o, "title", str(s->title));
		if (s->applies_when)
			json_object_set_new(o, "applies_when", str(s->applies_when));
		for (size_t j = 0; j < s->n_links; j++) {
			json_t *lo = json_pack("{s:o,s:o}", "title",
					       str(s->links[j].title), "href",
					       str(s->links[j].href));
			if (s->links[j].tail)
				json_object_set_new(lo, "tail", str(s->links[j].tail));
			json_array_append_new(links, lo);
		}
		json_object_set_new(o, "links", links);
		json_object_set_new(o, "items", items(s->items, s->n_items));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *mistakes(const struct pack *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_mistakes; i++) {
		const struct pack_mistake *m = &p->mistakes[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", str(m->id));
		json_object_set_new(o, "number", json_integer(m->number));
		json_object_set_new(o, "title", str(m->title));
		json_object_set_new(o, "error", str(m->error));
		json_object_set_new(o, "symptoms", strv(&m->symptoms));
		if (m->fix_text || m->fix_code.code) {
			json_t *fix = json_object();
			if (m->fix_text)
				json_object_set_new(fix, "text", str(m->fix_text));
			if (m->fix_code.code) {
				json_object_set_new(fix, "lang", str(m->fix_code.lang));
				json_object_set_new(fix, "code", str(m->fix_code.code));
			}
			json_object_set_new(o, "fix", fix);
		}
		if (m->table.id)
			json_object_set_new(o, "table", str(m->table.id));
		json_object_set_new(o, "prevention", str(m->prevention));
		json_object_set_new(o, "related", refv(&m->related));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *rubric(const struct pack *p)
{
	json_t *o = json_object(), *levels = json_array();
	if (p->rubric_applies_when)
		json_object_set_new(o, "applies_when", str(p->rubric_applies_when));
	for (size_t i = 0; i < p->n_levels; i++) {
		const struct pack_level *l = &p->levels[i];
		json_t *crit = json_array();
		for (size_t j = 0; j < l->n_criteria; j++) {
			const struct pack_criterion *c = &l->criteria[j];
			json_t *co = json_pack("{s:o,s:o,s:o,s:b}", "id", str(c->id),
					       "text", str(c->text), "requires",
					       refv(&c->requires), "attest",
					       c->attest);
			if (c->verify.n)
				json_object_set_new(co, "verify", strv(&c->verify));
			json_array_append_new(crit, co);
		}
		json_t *lo = json_pack("{s:o,s:o,s:o}", "id", str(l->id), "title",
				       str(l->title), "criteria", crit);
		if (l->points)
			json_object_set_new(lo, "points", json_integer(l->points));
		json_array_append_new(levels, lo);
	}
	json_object_set_new(o, "levels", levels);
	return o;
}

static json_t *takeaways(const struct pack *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_takeaways; i++)
		json_array_append_new(
			a, json_pack("{s:o,s:i,s:o}", "id", str(p->takeaways[i].id),
				     "number", p->takeaways[i].number, "text",
				     str(p->takeaways[i].text)));
	return a;
}

static json_t *tables(const struct pack *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_tables; i++) {
		const struct pack_table *t = &p->tables[i];
		json_t *o = json_object(), *rows = json_array();
		json_object_set_new(o, "id", str(t->id));
		json_object_set_new(o, "title", str(t->title));
		if (t->source)
			json_object_set_new(o, "source", str(t->source));
		if (t->own.n)
			json_object_set_new(o, "own", strv(&t->own));
		json_object_set_new(o, "columns", strv(&t->columns));
		for (size_t j = 0; j < t->n_rows; j++)
			json_array_append_new(rows, strv(&t->rows[j]));
		json_object_set_new(o, "rows", rows);
		json_array_append_new(a, o);
	}
	return a;
}

/* Only the keys a probe's kind uses, as probes.yaml spells them. */
static json_t *probes(const struct pack *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->n_probes; i++) {
		const struct pack_probe *pr = &p->probes[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", str(pr->id));
		json_object_set_new(o, "for", str(pr->for_.id));
		if (pr->title)
			json_object_set_new(o, "title", str(pr->title));
		json_object_set_new(o, "kind", str(probe_kind_name(pr->kind)));
		json_object_set_new(o, "files", strv(&pr->files));
		if (pr->connector.n)
			json_object_set_new(o, "connector", strv(&pr->connector));
		if (pr->field.n)
			json_object_set_new(o, "field", strv(&pr->field));
		if (pr->value)
			json_object_set_new(o, "value", str(pr->value));
		if (probe_kind_has_key(pr->kind, "min")) {
			json_object_set_new(o, "min", json_integer(pr->min));
			json_object_set_new(o, "max", json_integer(pr->max));
		}
		if (pr->pattern)
			json_object_set_new(o, "pattern", str(pr->pattern));
		if (pr->icase)
			json_object_set_new(o, "icase", json_true());
		if (pr->forbid)
			json_object_set_new(o, "forbid", str(pr->forbid));
		if (pr->section)
			json_object_set_new(o, "section", str(pr->section));
		if (probe_kind_has_key(pr->kind, "count"))
			json_object_set_new(o, "count", json_integer(pr->count));
		if (probe_kind_has_key(pr->kind, "at_least"))
			json_object_set_new(o, "at_least", json_integer(pr->at_least));
		if (pr->words.n)
			json_object_set_new(o, "words", strv(&pr->words));
		if (pr->needs.n)
			json_object_set_new(o, "needs", strv(&pr->needs));
		if (pr->unless_pattern)
			json_object_set_new(
				o, "unless",
				json_pack("{s:o,s:o}", "field",
					  strv(&pr->unless_field), "pattern",
					  str(pr->unless_pattern)));
		if (pr->elsewhere_pattern)
			json_object_set_new(
				o, "elsewhere",
				json_pack("{s:o,s:o}", "files",
					  strv(&pr->elsewhere_files), "pattern",
					  str(pr->elsewhere_pattern)));
		json_array_append_new(a, o);
	}
	return a;
}

/* Which strings are the course's words: all texts are, but for the values
 * of these keys (ids and the scoring mapping are the project's) and the
 * keys a table's "own" list names. checklists/README.md says the same. */
static json_t *provenance(void)
{
	/* probes.yaml is the project's own through and through. */
	static const char *const own[] = {"id",	     "requires", "related",
					  "table",   "own",	 "version",
					  "language", "probes"};
	json_t *keys = json_array();
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		json_array_append_new(keys, json_string(own[i]));
	return json_pack("{s:s,s:o}", "texts",
			 "seed unless own: every string is the course "
			 "documents' wording except the values of own_keys and, "
			 "in an object, the keys its \"own\" list names",
			 "own_keys", keys);
}

char *pack_to_json(const struct pack *p)
{
	json_t *root = json_object();
	json_t *meta = json_pack("{s:o,s:o,s:o}", "id", str(p->id), "title",
				 str(p->title), "version", str(p->version));
	char *out;

	if (p->language)
		json_object_set_new(meta, "language", str(p->language));
	json_object_set_new(root, "pack", meta);
	json_object_set_new(root, "sections", sections(p));
	json_object_set_new(root, "mistakes", mistakes(p));
	json_object_set_new(root, "rubric", rubric(p));
	json_object_set_new(root, "takeaways", takeaways(p));
	json_object_set_new(root, "tables", tables(p));
	json_object_set_new(root, "probes", probes(p));
	json_object_set_new(root, "provenance", provenance());
	out = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	return out;
}
