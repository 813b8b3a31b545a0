/* SPDX-License-Identifier: MIT */
/* The content loader: the shipped pack, the same content in other YAML
 * styles, and problems reported all at once with their positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/content.h"
#include "selfgrade/xalloc.h"

#define SHIPPED SG_SOURCE_DIR "/checklists/multi-database"
#define MINIMAL SG_SOURCE_DIR "/tests/data/good/minimal"
#define STYLES SG_SOURCE_DIR "/tests/data/styles"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, k;
	char chunk[4096];

	if (!f)
		return NULL;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		xgrow(&buf, &cap, n + k + 1, 1);
		memcpy(buf + n, chunk, k);
		n += k;
	}
	fclose(f);
	if (!buf)
		buf = xstrdup("");
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Loads good/minimal with file `which` replaced by the text of `path`
 * (or by `text` when path is NULL). */
static struct pack *load_variant(enum pack_file which, const char *path,
				 const char *text, struct diag_list *d)
{
	char *src[PF_COUNT];
	size_t len[PF_COUNT];
	const char *names[PF_COUNT];
	struct pack *p;

	for (int f = 0; f < PF_COUNT; f++) {
		char *file = xasprintf("%s/%s", MINIMAL, pack_file_names[f]);
		names[f] = pack_file_names[f];
		if (f == (int)which && path)
			src[f] = slurp(path, &len[f]);
		else if (f == (int)which)
			src[f] = xstrdup(text), len[f] = strlen(text);
		else
			src[f] = slurp(file, &len[f]);
		free(file);
	}
	p = pack_load_mem((const char *const *)src, len, names, d);
	for (int f = 0; f < PF_COUNT; f++)
		free(src[f]);
	return p;
}

static void assert_no_problems(struct diag_list *d)
{
	if (diag_count(d)) {
		diag_print(d, stderr);
		fail_msg("%zu problems", diag_count(d));
	}
}

static void test_shipped_pack(void **state)
{
	struct diag_list d = {0};
	struct pack *p = pack_load(SHIPPED, &d);
	const struct pack_entry *e;
	(void)state;

	assert_no_problems(&d);
	assert_non_null(p);
	assert_string_equal(p->id, "multi-database");
	assert_int_equal(p->n_sections, 1);
	assert_int_equal(p->sections[0].number, 8);
	assert_string_equal(p->sections[0].applies_when,
			    "Эта секция применима, если вы расширяете capstone "
			    "проект с добавлением MySQL как второго источника.");
	assert_int_equal(p->sections[0].n_items, 6);
	assert_int_equal(p->sections[0].n_links, 2);
	assert_string_equal(p->sections[0].links[0].href,
			    "/course/module-7/04-multi-database-architecture");
	assert_string_equal(p->sections[0].links[1].href,
			    "/course/module-7/05-multi-database-configuration");

	e = pack_find(p, "s8.mysql-connector.schema-history-topic");
	assert_non_null(e);
	assert_int_equal(e->kind, PACK_ITEM);
	assert_true(e->u.item->critical);
	assert_string_equal(e->u.item->rule, "Никогда не используйте общий "
					     "topic между MySQL коннекторами");
	assert_int_equal(e->u.item->depth, 1);
	assert_string_equal(e->u.item->parent->id, "s8.mysql-connector");
	assert_ptr_equal(pack_item_section(p, e->u.item), &p->sections[0]);

	assert_int_equal(p->n_mistakes, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(p->mistakes[i].number, 7 + i);
	assert_non_null(strstr(p->mistakes[0].fix_code.code,
			       "schema-changes.mysql-connector-2"));
	assert_string_equal(p->mistakes[2].table_ptr->id, "t.recovery");

	assert_int_equal(p->n_levels, 2);
	assert_string_equal(p->levels[0].title, "Exemplary Multi-Database");
	assert_int_equal(p->levels[0].n_criteria, 5);
	assert_string_equal(p->levels[1].title,
			    "Meets Expectations Multi-Database");
	assert_int_equal(p->levels[1].n_criteria, 4);
	e = pack_find(p, "ex.failover-tested");
	assert_non_null(e);
	assert_true(e->u.criterion->attest);
	assert_string_equal(e->u.criterion->text,
			    "Tested: failover одного источника не влияет на другой");

	assert_int_equal(p->n_takeaways, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(p->takeaways[i].number, 11 + i);
	assert_int_equal(p->n_tables, 5);
	/* the seeds' material and what marks the project's own */
	e = pack_find(p, "me.connectors-running");
	assert_int_equal(e->u.criterion->verify.n, 1);
	assert_string_equal(e->u.criterion->verify.v[0], "Both connectors RUNNING");
	e = pack_find(p, "t.troubleshooting");
	assert_int_equal(e->u.table->own.n, 1);
	assert_string_equal(e->u.table->own.v[0], "columns");
	assert_int_equal(pack_find(p, "t.patterns")->u.table->own.n, 0);
	assert_string_equal(p->sections[0].links[0].tail, "for patterns");
	assert_string_equal(p->sections[0].links[1].tail, "for implementation");
	assert_null(pack_find(p, "no.such.id"));
	pack_free(p);
	diag_list_free(&d);
}

static void test_styles_load_identically(void **state)
{
	static const struct {
		enum pack_file which;
		const char *file;
	} variants[] = {
		{PF_CHECKLIST, "checklist.flow.yaml"},
		{PF_CHECKLIST, "checklist.anchors.yaml"},
		{PF_RUBRIC, "rubric.flow.yaml"},
	};
	struct diag_list d = {0};
	struct pack *base = pack_load(MINIMAL, &d);
	char *want;
	(void)state;

	assert_no_problems(&d);
	want = pack_to_json(base);
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		char *path = xasprintf("%s/%s", STYLES, variants[i].file);
		struct pack *p = load_variant(variants[i].which, path, NULL, &d);
		assert_no_problems(&d);
		char *got = pack_to_json(p);
		if (strcmp(got, want) != 0)
			fail_msg("%s loads differently:\n%s", variants[i].file, got);
		free(got);
		pack_free(p);
		free(path);
	}
	free(want);
	pack_free(base);
}

static void test_all_problems_reported(void **state)
{
	struct diag_list d = {0};
	const char *text = "levels:\n"
			   "  - id: top\n"
			   "    title: T\n"
			   "    colour: red\n"
			   "    criteria:\n"
			   "      - id: c1\n"
			   "        text: x\n"
			   "        requires: [nope, t1, top]\n"
			   "      - id: c2\n"
			   "        text: y\n";
	struct pack *p = load_variant(PF_RUBRIC, NULL, text, &d);
	(void)state;

	assert_null(p);
	assert_int_equal(diag_count(&d), 5);
	assert_string_equal(d.v[0].msg,
			    "unknown key 'colour' in level (expected one of: id, "
			    "title, points, criteria)");
	assert_int_equal(d.v[0].line, 4);
	assert_int_equal(d.v[0].col, 5);
	assert_string_equal(d.v[1].msg,
			    "criterion 'c2' needs 'requires' or 'attest: true'");
	assert_string_equal(d.v[2].msg, "'nope' names no id in this pack");
	assert_int_equal(d.v[2].line, 8);
	assert_int_equal(d.v[2].col, 20);
	assert_string_equal(d.v[3].msg,
			    "'t1' is a table; 'requires' takes checklist items "
			    "and mistakes");
	assert_string_equal(d.v[4].msg,
			    "'top' is a rubric level; 'requires' takes checklist "
			    "items and mistakes");
	diag_list_free(&d);
}

/* Sections are read as the parser completes each (no tree of the whole
 * file): an anchor in one section still serves an alias in a later one,
 * a root key written before the list is still reported first, and a
 * file that breaks after some sections reports the break alone. */
static void test_streamed_sections(void **state)
{
	struct diag_list d = {0};
	const char *shared = "sections:\n"
			     "  - id: s1\n"
			     "    number: 1\n"
			     "    title: One\n"
			     "    items:\n"
			     "      - &base {id: a, text: Shared text, verify: V}\n"
			     "      - {id: d, text: D, critical: true}\n"
			     "  - id: s2\n"
			     "    number: 2\n"
			     "    title: Two\n"
			     "    items:\n"
			     "      - {<<: *base, id: x}\n";
	const char *order = "colour: red\n"
			    "sections:\n"
			    "  - {id: s1, number: 1, title: T, items: [{id: a, text: A, size: 3}]}\n";
	const char *broken = "sections:\n"
			     "  - {id: s1, number: 1, title: T, items: [{id: a, text: A, size: 3}]}\n"
			     "  - {id: s2, number: 2\n"
			     "  - ]\n";
	char *src[PF_COUNT] = {0};
	size_t len[PF_COUNT] = {0};
	const char *names[PF_COUNT];
	const struct pack_entry *e;
	struct pack *p;
	(void)state;

	for (int f = 0; f < PF_COUNT; f++)
		names[f] = pack_file_names[f];
	src[PF_PACK] = "id: t\ntitle: T\nversion: \"1\"\n";
	src[PF_CHECKLIST] = (char *)shared;
	src[PF_RUBRIC] = "levels:\n  - {id: top, title: T, criteria: "
			 "[{id: c, text: C, requires: [x]}]}\n";
	for (int f = 0; f < PF_COUNT; f++)
		len[f] = src[f] ? strlen(src[f]) : 0;
	p = pack_load_mem((const char *const *)src, len, names, &d);
	assert_no_problems(&d);
	assert_int_equal(p->n_sections, 2);
	e = pack_find(p, "x");
	assert_non_null(e);
	assert_string_equal(e->u.item->text, "Shared text");
	assert_string_equal(e->u.item->verify, "V");
	assert_ptr_equal(pack_item_section(p, e->u.item), &p->sections[1]);
	assert_int_equal(e->u.item->pos.line, 12);
	pack_free(p);

	p = load_variant(PF_CHECKLIST, NULL, order, &d);
	assert_null(p);
	assert_true(d.n >= 2);
	assert_string_equal(d.v[0].msg, "unknown key 'colour' in checklist.yaml "
					"(expected one of: sections)");
	assert_int_equal(d.v[0].line, 1);
	assert_non_null(strstr(d.v[1].msg, "unknown key 'size' in item"));
	assert_int_equal(d.v[1].line, 3);
	diag_list_free(&d);
	p = load_variant(PF_CHECKLIST, NULL, broken, &d);
	assert_null(p);
	assert_int_equal(d.n, 1); /* the break; not section 1's 'size' */
	assert_null(strstr(d.v[0].msg, "size"));
	diag_list_free(&d);
}

static void test_missing_optional_files(void **state)
{
	const char *src[PF_COUNT] = {0};
	size_t len[PF_COUNT] = {0};
	const char *names[PF_COUNT];
	struct diag_list d = {0};
	const char *pk = "id: p\ntitle: P\nversion: '1'\n";
	const char *cl = "sections: [{id: s, number: 1, title: S, items: [{id: i, text: I}]}]\n";
	const char *ru = "levels: [{id: l, title: L, criteria: [{id: c, text: C, requires: i}]}]\n";
	struct pack *p;
	(void)state;

	for (int f = 0; f < PF_COUNT; f++)
		names[f] = pack_file_names[f];
	src[PF_PACK] = pk, len[PF_PACK] = strlen(pk);
	src[PF_CHECKLIST] = cl, len[PF_CHECKLIST] = strlen(cl);
	src[PF_RUBRIC] = ru, len[PF_RUBRIC] = strlen(ru);
	p = pack_load_mem(src, len, names, &d);
	assert_no_problems(&d);
	assert_int_equal(p->n_mistakes + p->n_takeaways + p->n_tables, 0);
	/* a single id is accepted where a list of ids is expected */
	assert_int_equal(p->levels[0].criteria[0].requires.n, 1);
	pack_free(p);

	src[PF_RUBRIC] = NULL;
	assert_null(pack_load_mem(src, len, names, &d));
	assert_int_equal(diag_count(&d), 1);
	assert_string_equal(d.v[0].msg, "missing: every pack has rubric.yaml");
	diag_list_free(&d);
}

static void test_pack_free_null(void **state)
{
	(void)state;
	pack_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_pack),
		cmocka_unit_test(test_styles_load_identically),
		cmocka_unit_test(test_all_problems_reported),
		cmocka_unit_test(test_missing_optional_files),
		cmocka_unit_test(test_pack_free_null),
		cmocka_unit_test(test_streamed_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
