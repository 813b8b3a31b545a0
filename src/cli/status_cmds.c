/* status and score: what a learner has done, and what it earns. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/score.h"
#include "selfgrade/store.h"

static int print_json(json_t *root)
{
	int rc = json_dumpf(root, stdout, JSON_INDENT(2)) == 0 &&
				 fputc('\n', stdout) != EOF
			 ? EXIT_OK
			 : EXIT_DATA;
	json_decref(root);
	return rc;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *mark(enum score_state s)
{
	static const char *const marks[] = {
		[SS_NOT_DONE] = "[ ]", [SS_DONE] = "[x]",
		[SS_STALE] = "[!]", [SS_PARTIAL] = "[-]"};
	return marks[s];
}

/* One checkable id as status --json shows it. */
static json_t *state_json(const char *id, const char *kind,
			  enum score_state st, const struct progress *pr)
{
	const struct prog_state *ps = progress_state(pr, id);
	const struct prog_note *pn = progress_note(pr, id);

	return json_pack("{s:s,s:s,s:b,s:b,s:o,s:o}", "id", id, "kind", kind,
			 "done", st == SS_DONE, "stale", st == SS_STALE,
			 "updated_at", jstr(ps ? ps->updated_at : NULL), "note",
			 jstr(pn ? pn->text : NULL));
}

struct status_ctx {
	const struct progress *pr;
	json_t *list; /* --json */
};

static void status_items(struct status_ctx *x, const struct pack_item *items,
			 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct pack_item *it = &items[i];
		enum score_state st = score_item_state(it, x->pr);
		const struct prog_note *pn = progress_note(x->pr, it->id);
		if (x->list) {
			json_array_append_new(x->list,
					      state_json(it->id, "item", st, x->pr));
		} else {
			printf("%*s%s %s%s  %s\n", 2 * it->depth, "", mark(st),
			       it->critical ? "CRITICAL " : "", it->id, it->text);
			if (pn)
				printf("%*s    note: %s\n", 2 * it->depth, "",
				       cli_safe(pn->text));
		}
		status_items(x, it->items, it->n_items);
	}
}

int cmd_status(struct cli *c)
{
	struct session ss;
	struct progress pr;
	char *err = NULL;
	int rc = session_start(c, &ss);
	json_t *orphans = json_array();

	if (rc != EXIT_OK) {
		json_decref(orphans);
		return rc;
	}
	if (store_progress(ss.store, ss.learner_id, &pr, &err)) {
		fprintf(stderr, "selfgrade: %s\n", err);
		free(err);
		json_decref(orphans);
		session_end(&ss);
		return EXIT_DATA;
	}
	struct status_ctx x = {&pr, c->json ? json_array() : NULL};

	if (!c->json)
		printf("learner: %s\npack: %s %s\n", cli_safe(ss.learner), ss.pack->title,
		       ss.pack->version);
	for (size_t i = 0; i < ss.pack->n_sections; i++) {
		const struct pack_section *s = &ss.pack->sections[i];
		if (!c->json)
			printf("\nSection %d: %s\n", s->number, s->title);
		status_items(&x, s->items, s->n_items);
	}
	if (!c->json)
		printf("\nMistakes (confirmed avoided):\n");
	for (size_t i = 0; i < ss.pack->n_mistakes; i++) {
		const struct pack_mistake *m = &ss.pack->mistakes[i];
		enum score_state st = score_state_of(pack_find(ss.pack, m->id), &pr);
		if (x.list)
			json_array_append_new(x.list, state_json(m->id, "mistake", st, &pr));
		else
			printf("%s %s  %d. %s\n", mark(st), m->id, m->number, m->title);
	}
	if (!c->json)
		printf("\nAttestations:\n");
	for (size_t i = 0; i < ss.pack->n_levels; i++) {
		const struct pack_level *l = &ss.pack->levels[i];
		for (size_t j = 0; j < l->n_criteria; j++) {
			const struct pack_criterion *cr = &l->criteria[j];
			enum score_state st;
			if (!cr->attest)
				continue;
			st = score_state_of(pack_find(ss.pack, cr->id), &pr);
			if (x.list)
				json_array_append_new(x.list, state_json(cr->id, "criterion", st, &pr));
			else
				printf("%s %s  %s\n", mark(st), cr->id, cr->text);
		}
	}
	/* Progress kept for ids the pack no longer has. */
	bool header = false;
	for (size_t i = 0; i < pr.n_states; i++) {
		const struct prog_state *ps = &pr.states[i];
		if (pack_find(ss.pack, ps->id))
			continue;
		if (c->json) {
			json_array_append_new(
				orphans, json_pack("{s:s,s:s,s:b,s:s}", "id", ps->id,
						   "kind", prog_kind_name(ps->kind),
						   "done", ps->done, "updated_at",
						   ps->updated_at));
			continue;
		}
		if (!header)
			printf("\nOrphaned (no longer in the pack, kept):\n");
		header = true;
		printf("%s %s\n", ps->done ? "[x]" : "[ ]", cli_safe(ps->id));
	}
	if (c->json) {
		rc = print_json(json_pack("{s:s,s:s,s:o,s:o}", "learner",
					  ss.learner, "pack", ss.pack->id,
					  "states", x.list, "orphans", orphans));
	} else {
		printf("\n[x] done  [-] partly  [!] stale: the text changed since "
		       "you confirmed it; check it again\n");
		json_decref(orphans);
	}
	progress_free(&pr);
	session_end(&ss);
	return rc;
}

static json_t *ids_json(const char **ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(ids[i]));
	return a;
}

static void explain(const struct pack *p, const struct score *sc)
{
	const struct score_level *next = NULL;

	for (size_t i = 0; i < sc->n_levels; i++)
		if (sc->levels[i].level == sc->next)
			next = &sc->levels[i];
	if (!next) {
		printf("Every level is met.\n");
		return;
	}
	printf("For %s you still need:\n", next->level->title);
	for (size_t i = 0; i < sc->n_missing_critical; i++)
		printf("  CRITICAL %s: %s\n", sc->missing_critical[i],
		       pack_find(p, sc->missing_critical[i])->u.item->text);
	for (size_t j = 0; j < next->n_crit; j++) {
		const struct score_criterion *cr = &next->crit[j];
		if (cr->met)
			continue;
		printf("  %s  %s\n", cr->c->id, cr->c->text);
		for (size_t k = 0; k < cr->n_missing; k++) {
			const struct pack_entry *e = pack_find(p, cr->missing[k]);
			printf("      %s %s%s\n",
			       e->kind == PACK_MISTAKE ? "confirm avoided" : "check",
			       cr->missing[k], cr->stale[k] ? " (stale: confirm again)" : "");
		}
		if (cr->needs_attestation)
			printf("      attest: selfgrade check %s\n", cr->c->id);
	}
}

int cmd_score(struct cli *c)
{
	struct session ss;
	struct progress pr;
	struct score *sc;
	char *err = NULL;
	int rc = session_start(c, &ss);

	if (rc != EXIT_OK)
		return rc;
	if (store_progress(ss.store, ss.learner_id, &pr, &err)) {
		fprintf(stderr, "selfgrade: %s\n", err);
		free(err);
		session_end(&ss);
		return EXIT_DATA;
	}
	sc = score_compute(ss.pack, &pr);
	if (c->json) {
		json_t *crit = json_array();
		for (size_t i = 0; i < sc->n_levels; i++)
			for (size_t j = 0; j < sc->levels[i].n_crit; j++) {
				const struct score_criterion *cr = &sc->levels[i].crit[j];
				json_array_append_new(
					crit, json_pack("{s:s,s:s,s:b,s:o,s:b}", "id",
							cr->c->id, "level",
							sc->levels[i].level->id, "met",
							cr->met, "missing",
							ids_json(cr->missing, cr->n_missing),
							"needs_attestation",
							cr->needs_attestation));
			}
		rc = print_json(json_pack(
			"{s:s,s:s,s:o,s:I,s:I,s:o,s:o,s:o}", "learner", ss.learner,
			"level", score_level_id(sc), "level_title",
			jstr(sc->level ? sc->level->title : "Not yet"), "done",
			(json_int_t)sc->done, "total", (json_int_t)sc->total,
			"criteria", crit, "next_level",
			jstr(sc->next ? sc->next->id : NULL), "missing_critical",
			ids_json(sc->missing_critical, sc->n_missing_critical)));
	} else {
		printf("%s: %s (%zu of %zu done)\n", cli_safe(ss.learner),
		       sc->level ? sc->level->title : "not yet at any level",
		       sc->done, sc->total);
		explain(ss.pack, sc);
	}
	score_free(sc);
	progress_free(&pr);
	session_end(&ss);
	return rc;
}
