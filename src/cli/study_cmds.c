/* SPDX-License-Identifier: MIT */
/* study: the study screen, or (--due) the cards due now: each with its
 * prompt, for a person; for scripts, with --json. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "selfgrade/markup.h"
#include "selfgrade/study.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* A card as a person reads it: its id, new or when it was due (local
 * time), then its prompt as plain text, each of its lines indented. */
static void print_card(const struct study_item *it)
{
	char when[32], *prompt = markup_plain(it->card->prompt);
	const char *p = cli_safe(prompt);

	if (it->state) {
		timefmt_local_of(it->state->due, when);
		printf("  %-9s %s ", study_kind_name(it->card->kind), it->card->id);
		printf(_("(due %s)"), when);
		putchar('\n');
	} else {
		printf("  %-9s %s%s\n", study_kind_name(it->card->kind),
		       it->card->id, _(" (new)"));
	}
	while (*p) {
		size_t n = strcspn(p, "\n");
		printf("    %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	free(prompt);
}

static int due(struct cli *c, bool json)
{
	struct session ss;
	struct study_deck deck;
	struct store_study *v;
	const struct study_state **states;
	struct study_item *items;
	size_t n, k;
	int64_t now = (int64_t)time(NULL), next;
	char *err = NULL, when[32];
	int rc = session_start(c, &ss);
	json_t *root, *list, *leeches;

	if (rc != EXIT_OK)
		return rc;
	if (store_study_states(ss.store, ss.learner_id, &v, &n, &err)) {
		session_end(&ss);
		return cli_report_error(err);
	}
	study_deck_build(ss.pack, &deck);
	states = xcalloc(deck.n + 1, sizeof *states);
	items = xcalloc(deck.n + 1, sizeof *items);
	leeches = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct study_card *card = study_deck_find(&deck, v[i].card_id);
		if (card)
			states[card - deck.v] = &v[i].state;
		if (card && study_is_leech(&v[i].state))
			json_array_append_new(leeches, json_string(card->id));
	}
	k = study_due(&deck, states, now, STUDY_NEW_PER_DAY, items);
	next = study_next_due(&deck, states, now, STUDY_NEW_PER_DAY);
	list = json_array();
	for (size_t i = 0; i < k; i++) {
		json_t *o = json_object();
		const struct study_state *st = items[i].state;
		json_object_set_new(o, "id", json_string(items[i].card->id));
		json_object_set_new(o, "kind", json_string(study_kind_name(items[i].card->kind)));
		json_object_set_new(o, "source", json_string(items[i].card->source));
		json_object_set_new(o, "prompt", json_string(items[i].card->prompt));
		json_object_set_new(o, "answer", json_string(items[i].card->answer));
		json_object_set_new(o, "new", json_boolean(!st));
		if (st)
			timefmt_iso(st->due, when);
		json_object_set_new(o, "due", st ? json_string(when) : json_null());
		json_object_set_new(o, "lapses", json_integer(st ? st->lapses : 0));
		json_object_set_new(o, "leech", json_boolean(study_is_leech(st)));
		json_array_append_new(list, o);
	}
	if (json) {
		root = json_object();
		timefmt_iso(now, when);
		json_object_set_new(root, "learner", json_string(ss.learner));
		json_object_set_new(root, "now", json_string(when));
		json_object_set_new(root, "cards", json_integer((json_int_t)deck.n));
		json_object_set_new(root, "due", list);
		if (next >= 0)
			timefmt_iso(next, when);
		json_object_set_new(root, "next_due", next >= 0 ? json_string(when) : json_null());
		json_object_set_new(root, "leeches", leeches);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	} else {
		printf(P_("%s: %zu card due now (of %zu)\n",
			  "%s: %zu cards due now (of %zu)\n", k),
		       ss.learner, k, deck.n);
		for (size_t i = 0; i < k; i++)
			print_card(&items[i]);
		/* Nothing due: when to come back, as the tutor says it. */
		if (!k && next > now) {
			timefmt_local_of(next, when);
			printf(_("Next card due: %s.\n"), when);
		}
		json_decref(list);
		json_decref(leeches);
	}
	free(states);
	free(items);
	store_study_free(v, n);
	study_deck_free(&deck);
	session_end(&ss);
	return EXIT_OK;
}

int cmd_study(struct cli *c)
{
	bool due_now = false, json = false;
	const struct cli_opt opts[] = {
	    CLI_OPT_FLAG("due", &due_now), CLI_OPT_FLAG("json", &json), CLI_OPT_END};
	int rc = cli_parse(c, opts);

	if (rc)
		return rc;
	if (json && !due_now) {
		fputs(_("selfgrade: --json goes with --due\n"), stderr);
		return EXIT_USAGE;
	}
	/* The cards due only read. */
	c->readonly = due_now;
	if (due_now)
		return due(c, json);
	c->study = true;
	return cli_tutor(c);
}
