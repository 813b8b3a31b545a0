/* SPDX-License-Identifier: MIT */
/* The learner view (SPEC §4) on tests/data/good/minimal:
 *   items a (leaves a.b, a.c), d (critical leaf); mistakes m1, m2;
 *   levels top (top.one requires a, m1) above base (base.one attest). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/view.h"
#include "selfgrade/xalloc.h"

static struct pack *pack;

static int setup(void **state)
{
	struct diag_list d = {0};
	(void)state;
	pack = pack_load(SG_SOURCE_DIR "/tests/data/good/minimal", &d);
	diag_list_free(&d);
	return pack ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pack_free(pack);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct prog_state *)a)->id,
		      ((const struct prog_state *)b)->id);
}

/* Progress from "id id! id" — a trailing ! marks a stale state (ticked over
 * a text that has changed since). */
static struct progress make(const char *spec)
{
	struct progress pr = {0};
	char *copy = xstrdup(spec), *save = NULL;
	size_t cap = 0;

	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(t);
		bool stale = t[n - 1] == '!';
		if (stale)
			t[n - 1] = '\0';
		const struct pack_entry *e = pack_find(pack, t);
		assert_non_null(e);
		const char *hash = pack_entry_hash(e);
		xgrow(&pr.states, &cap, pr.n_states + 1, sizeof *pr.states);
		pr.states[pr.n_states] = (struct prog_state){
			.id = t, .kind = progress_kind_of(e), .done = true,
			.hash = (char *)(stale ? "0000" : hash),
			.updated_at = "2026-01-01T00:00:00.000Z"};
		prog_state_own(&pr.states[pr.n_states++]);
	}
	free(copy);
	if (pr.n_states)
		qsort(pr.states, pr.n_states, sizeof *pr.states, by_id);
	return pr;
}

static void test_levels_table(void **state)
{
	static const struct {
		const char *progress;
		const char *level, *next;
		size_t done;
	} cases[] = {
		{"", "not-yet", "base", 0},
		/* the critical item is required by every level */
		{"base.one", "not-yet", "base", 1},
		{"base.one d", "base", "top", 2},
		{"base.one d a.b", "base", "top", 3},
		{"base.one d a.b a.c m1", "top", NULL, 5},
		{"base.one d a.b a.c m1 m2", "top", NULL, 6},
		/* the top level's criteria without the one below: not yet */
		{"d a.b a.c m1", "not-yet", "base", 4},
		/* a stale state does not count */
		{"base.one d! a.b a.c m1", "not-yet", "base", 4},
		{"base.one d a.b! a.c m1", "base", "top", 4},
		{"base.one! d a.b a.c m1", "not-yet", "base", 4},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct progress pr = make(cases[i].progress);
		struct view *s = view_new(pack, &pr, NULL, 0);
		if (strcmp(view_level_id(s), cases[i].level) != 0)
			fail_msg("'%s': level %s, wanted %s", cases[i].progress,
				 view_level_id(s), cases[i].level);
		if (cases[i].next)
			assert_string_equal(s->next->level->id, cases[i].next);
		else
			assert_null(s->next);
		assert_int_equal(s->done, cases[i].done);
		assert_int_equal(s->total, 6); /* a.b a.c d m1 m2 base.one */
		view_free(s);
		progress_free(&pr);
	}
}

static void test_explanation(void **state)
{
	struct progress pr = make("base.one a.b!");
	struct view *s = view_new(pack, &pr, NULL, 0);
	const struct view_criterion *top = &s->levels[0].crit[0];
	(void)state;

	/* d is missing, so even base is not met, and it is named */
	assert_null(s->level);
	assert_int_equal(s->n_critical, 1);
	assert_string_equal(s->critical[0].e->id, "d");
	assert_int_equal(s->critical[0].need, NEED_CRITICAL);
	/* top.one names the leaves under a, and the mistake, exactly, each
	 * with what to do about it */
	assert_false(top->met);
	assert_int_equal(top->n_missing, 3);
	assert_string_equal(top->missing[0].e->id, "a.b");
	assert_true(top->missing[0].stale);
	assert_int_equal(top->missing[0].need, NEED_TICK);
	assert_string_equal(top->missing[1].e->id, "a.c");
	assert_false(top->missing[1].stale);
	assert_string_equal(top->missing[2].e->id, "m1");
	assert_int_equal(top->missing[2].need, NEED_CONFIRM);
	assert_false(top->needs_attestation);
	assert_true(s->levels[1].crit[0].met);
	view_free(s);
	progress_free(&pr);

	pr = make("d");
	s = view_new(pack, &pr, NULL, 0);
	assert_true(s->levels[1].crit[0].needs_attestation);
	assert_int_equal(s->levels[1].crit[0].n_missing, 1);
	assert_int_equal(s->levels[1].crit[0].missing[0].need, NEED_ATTEST);
	view_free(s);
	progress_free(&pr);
}

static enum view_state state_of(const struct progress *pr, const char *id)
{
	struct view *v = view_new(pack, pr, NULL, 0);
	enum view_state st = view_state_of(v, pack_find(pack, id));
	view_free(v);
	return st;
}

static void test_derived_parent_state(void **state)
{
	struct progress pr = make("");
	(void)state;

	assert_int_equal(state_of(&pr, "a"), VS_NOT_DONE);
	progress_free(&pr);
	pr = make("a.b");
	assert_int_equal(state_of(&pr, "a"), VS_PARTIAL);
	progress_free(&pr);
	pr = make("a.b!");
	assert_int_equal(state_of(&pr, "a"), VS_PARTIAL);
	assert_int_equal(state_of(&pr, "a.b"), VS_STALE);
	progress_free(&pr);
	pr = make("a.b a.c");
	assert_int_equal(state_of(&pr, "a"), VS_DONE);
	progress_free(&pr);
}

/* The measured defect: the top level's criteria all met, the one below
 * not; the view names the unmet lower criterion. */
static void test_contradiction(void **state)
{
	struct progress pr = make("d a.b a.c m1");
	struct view *v = view_new(pack, &pr, NULL, 0);
	(void)state;

	assert_null(v->level);
	assert_int_equal(v->n_contra, 1);
	assert_string_equal(v->contra[0].higher->level->id, "top");
	assert_string_equal(v->contra[0].lower->level->id, "base");
	assert_string_equal(v->contra[0].unmet->c->id, "base.one");
	view_free(v);
	progress_free(&pr);
	pr = make("base.one d a.b a.c m1");
	v = view_new(pack, &pr, NULL, 0);
	assert_int_equal(v->n_contra, 0);
	view_free(v);
	progress_free(&pr);
}

/* A copy of entry id whose item or mistake the caller may change. */
struct changed {
	struct pack_entry e;
	struct pack_item it;
	struct pack_mistake m;
};

/* The hash a copy worked out is the copy's to free. */
static void change_free(struct changed *c)
{
	free(c->it.text_hash);
	free(c->m.text_hash);
	c->it.text_hash = c->m.text_hash = NULL;
}

static void change_of(struct changed *c, const char *id)
{
	const struct pack_entry *e = pack_find(pack, id);

	change_free(c);
	c->e = *e;
	if (e->kind == PACK_ITEM) {
		c->it = *e->u.item;
		c->it.text_hash = NULL;
		c->e.u.item = &c->it;
	} else {
		c->m = *e->u.mistake;
		c->m.text_hash = NULL;
		c->e.u.mistake = &c->m;
	}
}

/* The hash covers every text shown with the entry: a change of any of
 * them stales a confirmation, and only a change of meaning does. */
static void test_hash_covers_every_text(void **state)
{
	struct changed c = {0};
	char h[65];
	char *notes[] = {"Рекомендация: другая"};
	char *symptoms[] = {"другой симптом"};
	(void)state;

	snprintf(h, sizeof h, "%s", pack_entry_hash(pack_find(pack, "d")));
	assert_int_equal(strlen(h), 64);
	change_of(&c, "d");
	assert_string_equal(pack_entry_hash(&c.e), h);
	change_of(&c, "d"); /* the copy kept its hash: start again */
	c.it.verify = "Проверка: иначе";
	assert_false(pack_hash_confirms(&c.e, h));
	change_of(&c, "d");
	c.it.notes = (struct pack_strv){notes, 1};
	assert_false(pack_hash_confirms(&c.e, h));
	change_of(&c, "d");
	c.it.critical = false;
	assert_false(pack_hash_confirms(&c.e, h));

	snprintf(h, sizeof h, "%s", pack_entry_hash(pack_find(pack, "m1")));
	change_of(&c, "m1");
	assert_true(pack_hash_confirms(&c.e, h));
	change_of(&c, "m1");
	c.m.fix_text = "Use one shared topic";
	assert_false(pack_hash_confirms(&c.e, h));
	change_of(&c, "m1");
	c.m.prevention = "Другая профилактика";
	assert_false(pack_hash_confirms(&c.e, h));
	change_of(&c, "m1");
	c.m.symptoms = (struct pack_strv){symptoms, 1};
	assert_false(pack_hash_confirms(&c.e, h));
	change_free(&c);
}

/* The same words in NFD are the same words. */
static void test_hash_is_nfc(void **state)
{
	struct changed c = {0};
	char h[65];
	(void)state;

	change_of(&c, "d");
	c.it.text = "Jos\xc3\xa9 \xd0\x99"; /* é and Й precomposed */
	snprintf(h, sizeof h, "%s", pack_entry_hash(&c.e));
	change_of(&c, "d");
	c.it.text = "Jose\xcc\x81 \xd0\x98\xcc\x86"; /* e + U+0301, И + U+0306 */
	assert_true(pack_hash_confirms(&c.e, h));
	/* Texts hashed without NFC (nothing in them NFC changes) and with
	 * it (a combining mark) agree. */
	change_of(&c, "d");
	c.it.text = "\xd0\x81\xd0\xbb\xd0\xba\xd0\xb0 \xe2\x80\x94 \xc2\xab\xd1\x91\xc2\xbb"; /* Ёлка — «ё» */
	snprintf(h, sizeof h, "%s", pack_entry_hash(&c.e));
	change_of(&c, "d");
	c.it.text = "\xd0\x95\xcc\x88\xd0\xbb\xd0\xba\xd0\xb0 \xe2\x80\x94 \xc2\xab\xd0\xb5\xcc\x88\xc2\xbb";
	assert_true(pack_hash_confirms(&c.e, h));
	change_free(&c);
}

/* A confirmation kept by schema 5 (the old hash) still counts while the
 * texts it covered are the same. */
static void test_old_hash_still_confirms(void **state)
{
	const struct pack_entry *e = pack_find(pack, "m1");
	char v1[65];
	(void)state;

	pack_entry_hash_v1(e, v1);
	assert_string_not_equal(v1, pack_entry_hash(e));
	assert_true(pack_hash_confirms(e, v1));
	assert_false(pack_hash_confirms(e, "0000"));
}

/* The log's order, not the times written in it: a clock stepped back an
 * hour between a tick and an untick leaves the item unticked. */
static void test_replay_follows_log_order(void **state)
{
	const char *h = pack_entry_hash(pack_find(pack, "a.b"));
	struct prog_event ev[2] = {
		{.seq = 1, .item_id = "a.b", .field = "done", .new_ = "1",
		 .text_hash = (char *)h, .at = "2026-01-01T12:00:00.000Z"},
		{.seq = 2, .item_id = "a.b", .field = "done", .old = "1", .new_ = "0",
		 .text_hash = (char *)h, .at = "2026-01-01T11:00:00.000Z"},
	};
	struct progress pr;
	(void)state;

	progress_replay(ev, 2, &pr);
	assert_int_equal(pr.n_states, 1);
	assert_false(pr.states[0].done);
	progress_free(&pr);
}

static void test_timeline(void **state)
{
	const char *d = pack_entry_hash(pack_find(pack, "d"));
	const char *b = pack_entry_hash(pack_find(pack, "base.one"));
	struct prog_event ev[3] = {
		{.seq = 1, .item_id = "d", .field = "done", .new_ = "1",
		 .text_hash = (char *)d, .at = "2026-01-01T10:00:00.000Z"},
		{.seq = 2, .item_id = "d", .field = "note", .new_ = "x",
		 .at = "2026-01-01T10:01:00.000Z"},
		{.seq = 3, .item_id = "base.one", .field = "done", .new_ = "1",
		 .text_hash = (char *)b, .at = "2026-01-01T10:02:00.000Z"},
	};
	size_t n;
	struct view_point *pt = view_timeline(pack, ev, 3, &n);
	(void)state;

	assert_int_equal(n, 2);
	assert_int_equal(pt[0].done, 1);
	assert_null(pt[0].level);
	assert_int_equal(pt[1].done, 2);
	assert_string_equal(pt[1].level->id, "base");
	free(pt);
}

static void test_what_takes_what(void **state)
{
	(void)state;
	assert_int_equal(rules_can_tick(pack_find(pack, "a")), VIEW_OK);
	assert_int_equal(rules_can_tick(pack_find(pack, "m1")), VIEW_OK);
	assert_int_equal(rules_can_tick(pack_find(pack, "base.one")), VIEW_OK);
	assert_int_equal(rules_can_tick(pack_find(pack, "top.one")), VIEW_NOT_ATTESTED);
	assert_int_equal(rules_can_tick(NULL), VIEW_UNKNOWN);
	assert_int_equal(rules_can_note(pack_find(pack, "top.one")), VIEW_OK);
	assert_int_equal(rules_can_note(pack_find(pack, "top")), VIEW_NO_STATE);
}

/* ---- the shipped pack ----------------------------------------------------- */

static int setup_shipped(void **state)
{
	struct diag_list d = {0};
	(void)state;
	pack = pack_load(SG_SOURCE_DIR "/checklists/multi-database", &d);
	diag_list_free(&d);
	return pack ? 0 : -1;
}

/* Appends every checkable id of the pack but `except` to buf, as make()
 * reads them: leaf items, mistakes and criteria taking an attestation. */
static void all_but(const char *except, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < pack->n_index; i++) {
		const struct pack_entry *e = &pack->index[i];
		bool checkable =
			(e->kind == PACK_ITEM && pack_item_is_leaf(e->u.item)) ||
			e->kind == PACK_MISTAKE ||
			(e->kind == PACK_CRITERION && e->u.criterion->attest);
		if (!checkable || strcmp(e->id, except) == 0)
			continue;
		assert_true(strlen(buf) + strlen(e->id) + 2 < size);
		strcat(buf, buf[0] ? " " : "");
		strcat(buf, e->id);
	}
}

/* The counts by kind (the tutor's header and notices read them each frame)
 * follow an incremental update as they follow a view made anew. */
static void test_counts_by_kind_follow_updates(void **state)
{
	char spec[4096];
	struct progress pr = {0}, fresh;
	struct view *v = view_new(pack, &pr, NULL, 0), *w;
	const struct pack_entry **changed = xcalloc(pack->n_index, sizeof *changed);
	size_t n = 0, total = 0;

	(void)state;
	for (int k = 0; k < 3; k++) {
		assert_int_equal(v->done_of[k], 0);
		total += v->total_of[k];
	}
	assert_int_equal(total, v->total);
	all_but("", spec, sizeof spec);
	pr = make(spec);
	for (size_t i = 0; i < pr.n_states; i++)
		changed[n++] = pack_find(pack, pr.states[i].id);
	view_update(v, changed, n);
	fresh = make(spec);
	w = view_new(pack, &fresh, NULL, 0);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(v->done_of[k], w->done_of[k]);
		assert_int_equal(v->done_of[k], v->total_of[k]);
	}
	assert_int_equal(v->done, v->total);
	free(changed);
	view_free(v);
	view_free(w);
	progress_free(&pr);
	progress_free(&fresh);
}

/* The reference a view's states are held to: every item stated from its
 * sub-items, a walk of the whole tree, as view_new() once did. */
static enum view_state walked(const struct progress *pr, const struct pack_item *it,
			      size_t *done, size_t *total)
{
	size_t d = 0, some = 0;

	if (pack_item_is_leaf(it)) {
		const struct prog_state *ps = progress_state(pr, it->id);
		enum view_state s = !ps || !ps->done ? VS_NOT_DONE
				    : pack_hash_confirms(pack_item_entry(pack, it), ps->hash)
					    ? VS_DONE
					    : VS_STALE;
		*done += s == VS_DONE;
		++*total;
		return s;
	}
	for (size_t i = 0; i < it->n_items; i++) {
		enum view_state c = walked(pr, &it->items[i], done, total);
		d += c == VS_DONE;
		some += c != VS_NOT_DONE;
	}
	return d == it->n_items ? VS_DONE : some ? VS_PARTIAL : VS_NOT_DONE;
}

static void check_walk(const struct progress *pr, const struct view *v,
		       const struct pack_item *items, size_t n, size_t *done,
		       size_t *total)
{
	for (size_t i = 0; i < n; i++) {
		size_t d = 0, t = 0;
		assert_int_equal(view_item_state(v, &items[i]), walked(pr, &items[i], &d, &t));
		if (pack_item_is_leaf(&items[i])) {
			*done += d;
			*total += t;
		}
		check_walk(pr, v, items[i].items, items[i].n_items, done, total);
	}
}

/* A view states only what is stored (and the items above it); every
 * entry's state and the counts are still those of a walk of the whole
 * tree, for logs of ticks and unticks of every checkable (some against an
 * old text), of parents, and of ids the pack does not have. */
static void test_view_states_as_a_walk(void **state)
{
	enum { RUNS = 200, N = 40 };
	const struct pack_entry **ids = xcalloc(pack->n_index, sizeof *ids);
	struct prog_event ev[N];
	size_t n_ids = 0;
	unsigned x = 777;
	static const char old_text[] = "0000";

	(void)state;
	for (size_t i = 0; i < pack->n_index; i++)
		if (pack->index[i].kind == PACK_ITEM || pack->index[i].kind == PACK_MISTAKE ||
		    pack->index[i].kind == PACK_CRITERION)
			ids[n_ids++] = &pack->index[i];
	for (int run = 0; run < RUNS; run++) {
		struct progress pr;
		struct view *v;
		size_t done = 0, total = 0, mistakes = 0;
		for (size_t i = 0; i < N; i++) {
			x = x * 1103515245u + 12345u;
			const struct pack_entry *e = ids[(x >> 8) % n_ids];
			bool orphan = (x >> 14) % 17 == 0;
			ev[i] = (struct prog_event){
				.seq = (long long)i + 1,
				.item_id = orphan ? "gone.item" : (char *)e->id,
				.field = "done", .new_ = (x >> 4) % 4 ? "1" : "0",
				.text_hash = (x >> 12) % 11 == 0 ? (char *)old_text
								 : (char *)pack_entry_hash(e),
				.at = "2026-01-01T10:00:00.000Z"};
		}
		progress_replay(ev, (size_t)(run % N) + 1, &pr);
		v = view_new(pack, &pr, NULL, 0);
		for (size_t s = 0; s < pack->n_sections; s++)
			check_walk(&pr, v, pack->sections[s].items,
				   pack->sections[s].n_items, &done, &total);
		for (size_t i = 0; i < pack->n_index; i++) {
			const struct pack_entry *e = &pack->index[i];
			if (e->kind != PACK_MISTAKE &&
			    !(e->kind == PACK_CRITERION && e->u.criterion->attest))
				continue;
			const struct prog_state *ps = progress_state(&pr, e->id);
			enum view_state want = !ps || !ps->done ? VS_NOT_DONE
					       : pack_hash_confirms(e, ps->hash) ? VS_DONE
										 : VS_STALE;
			assert_int_equal(view_state_of(v, e), want);
			done += want == VS_DONE;
			total++;
			mistakes += e->kind == PACK_MISTAKE;
		}
		assert_int_equal(v->done, done);
		assert_int_equal(v->total, total);
		assert_int_equal(v->total_of[PROG_MISTAKE], mistakes);
		view_free(v);
		progress_free(&pr);
	}
	free(ids);
}

/* The timeline's points, kept by counts a tick at a time, are those of a
 * view made anew after each tick: a long log of ticks and unticks over
 * every checkable, in a pseudo-random order, some against an old text. */
static void test_timeline_follows_fresh_views(void **state)
{
	enum { N = 600 };
	struct prog_event *ev = xcalloc(N, sizeof *ev);
	const struct pack_entry **ids = xcalloc(pack->n_index, sizeof *ids);
	size_t n_ids = 0, n_points, k = 0, levels_seen = 0;
	unsigned x = 12345;
	struct view_point *pt;
	struct view_point last = {0};
	static const char old_text[] = "0000";

	(void)state;
	for (size_t i = 0; i < pack->n_index; i++)
		if (progress_kind_of(&pack->index[i]) >= 0 &&
		    rules_can_tick(&pack->index[i]) == VIEW_OK)
			ids[n_ids++] = &pack->index[i];
	assert_true(n_ids > 10);
	for (size_t i = 0; i < N; i++) {
		/* mostly ticks, so that levels are reached and lost */
		x = x * 1103515245u + 12345u;
		const struct pack_entry *e = ids[(x >> 8) % n_ids];
		bool tick = (x >> 4) % 5 != 0;
		bool stale = (x >> 12) % 23 == 0;
		ev[i] = (struct prog_event){
			.seq = (long long)i + 1, .item_id = (char *)e->id, .field = "done",
			.new_ = tick ? "1" : "0",
			.text_hash = stale ? (char *)old_text : (char *)pack_entry_hash(e),
			.at = "2026-01-01T10:00:00.000Z"};
	}
	pt = view_timeline(pack, ev, N, &n_points);
	for (size_t i = 0; i < N; i++) {
		struct progress pr;
		struct view *v;
		progress_replay(ev, i + 1, &pr);
		v = view_new(pack, &pr, NULL, 0);
		const struct pack_level *lv = v->level ? v->level->level : NULL;
		if (i == 0 || last.done != v->done || last.level != lv) {
			assert_true(k < n_points);
			assert_int_equal(pt[k].done, v->done);
			assert_ptr_equal(pt[k].level, lv);
			levels_seen += lv != NULL;
			last = pt[k++];
		}
		view_free(v);
		progress_free(&pr);
	}
	assert_int_equal(k, n_points);
	assert_true(levels_seen > 0);
	free(pt);
	free(ids);
	free(ev);
}

static const char *level_of(const char *spec)
{
	static char level[32];
	struct progress pr = make(spec);
	struct view *s = view_new(pack, &pr, NULL, 0);
	snprintf(level, sizeof level, "%s", view_level_id(s));
	view_free(s);
	progress_free(&pr);
	return level;
}

/* The measured case: everything but the topic naming scheme. No
 * criterion's words ask for a naming convention, so nothing is lost. */
static void test_shipped_topic_naming_not_required(void **state)
{
	char spec[4096];
	(void)state;
	all_but("s8.topic-naming", spec, sizeof spec);
	assert_string_equal(level_of(spec), "exemplary");
}

/* Meets asks for its own words only: the connectors RUNNING, basic
 * monitoring and the documentation are the learner's to attest; events of
 * both sources in one consumer are the two Kafka sources and UNION ALL.
 * No unique identifiers, outbox table or naming scheme (the critical item
 * is required by every level). */
static void test_shipped_meets_needs_only_its_words(void **state)
{
	(void)state;
	assert_string_equal(
		level_of("s8.mysql-connector.schema-history-topic "
			 "s8.pyflink.two-sources s8.pyflink.union-all "
			 "me.connectors-running "
			 "me.basic-monitoring me.docs-mention"),
		"meets");
	assert_string_equal(
		level_of("s8.mysql-connector.schema-history-topic "
			 "s8.pyflink.two-sources me.connectors-running "
			 "me.basic-monitoring me.docs-mention"),
		"not-yet");
}

/* No checklist item is a diagram: the learner attests it. */
static void test_shipped_diagram_is_attested(void **state)
{
	struct progress pr = make("ex.architecture-diagram");
	struct view *s = view_new(pack, &pr, NULL, 0);
	const struct pack_criterion *c =
		pack_find(pack, "ex.architecture-diagram")->u.criterion;
	(void)state;

	assert_true(c->attest);
	assert_int_equal(c->requires.n, 0);
	for (size_t i = 0; i < s->n_levels; i++)
		for (size_t j = 0; j < s->levels[i].n_crit; j++)
			if (s->levels[i].crit[j].c == c)
				assert_true(s->levels[i].crit[j].met);
	view_free(s);
	progress_free(&pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_table),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_derived_parent_state),
		cmocka_unit_test(test_contradiction),
		cmocka_unit_test(test_hash_covers_every_text),
		cmocka_unit_test(test_hash_is_nfc),
		cmocka_unit_test(test_old_hash_still_confirms),
		cmocka_unit_test(test_replay_follows_log_order),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_what_takes_what),
	};
	const struct CMUnitTest shipped[] = {
		cmocka_unit_test(test_counts_by_kind_follow_updates),
		cmocka_unit_test(test_timeline_follows_fresh_views),
		cmocka_unit_test(test_view_states_as_a_walk),
		cmocka_unit_test(test_shipped_topic_naming_not_required),
		cmocka_unit_test(test_shipped_meets_needs_only_its_words),
		cmocka_unit_test(test_shipped_diagram_is_attested),
	};
	return cmocka_run_group_tests(tests, setup, teardown) |
	       cmocka_run_group_tests(shipped, setup_shipped, teardown);
}
