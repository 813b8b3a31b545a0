/* SPDX-License-Identifier: MIT */
/* The Study screen's entry (its model and document are drill.c's): while
 * a card is up the footer lists the session's keys, not the screen's. */
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/model.h"
#include "tui/screen_data.h"

static void layout(struct ui *ui, struct ui_list *l, int width)
{
	ui_study_doc(ui, width, &l->doc);
}

static size_t hints(const struct ui *ui, struct ui_hint *out, size_t max)
{
	static const char *const letters[] = {"a", "a-b", "a-c", "a-d"};
	const struct ui_study *st = ui_study_state(ui);
	const struct study_card *c;
	size_t n = 0;

	if (!st->active || max < 8)
		return 0;
	c = &st->deck.v[st->queue[st->at]];
	if (!st->revealed) {
		out[n++] = (struct ui_hint){"Space", _("answer"), 0};
		if (c->n_choices)
			out[n++] = (struct ui_hint){
			    letters[(c->n_choices < 4 ? c->n_choices : 4) - 1],
			    _("pick"), 1};
	} else {
		/* Each grade with when the card comes back, as Anki's
		 * buttons show it. */
		static char word[4][64];
		const char *names[4] = {_("again"), _("hard"), _("good"), _("easy")};
		static const char *const digit[4] = {"1", "2", "3", "4"};
		int width = 0, plain = 0;
		for (int g = 0; g < 4; g++) {
			char iv[32];
			ui_study_next_interval(ui, (enum study_grade)(GRADE_AGAIN + g), iv);
			snprintf(word[g], sizeof word[g], "%s %s", names[g], iv);
			width += 4 + text_width(word[g], strlen(word[g]));
			plain += 3 + text_width(names[g], strlen(names[g]));
		}
		/* Where the four with their intervals do not fit, the grades
		 * alone; narrower still, one hint for the four (the card's
		 * last line names them, with their intervals). */
		if (plain > ui->width)
			out[n++] = (struct ui_hint){"1-4", _("grade"), 0};
		else
			for (int g = 0; g < 4; g++)
				out[n++] = (struct ui_hint){
				    digit[g], width <= ui->width ? word[g] : names[g], 0};
	}
	out[n++] = (struct ui_hint){"Esc", _("stop"), 1};
	out[n++] = (struct ui_hint){"?", _("help"), 2};
	out[n++] = (struct ui_hint){"q", _("quit"), 2};
	return n;
}

const struct ui_screen_ops ui_screen_study = {
    .name = N_("Study"),
    /* TRANSLATORS: the Study tab where the bar is narrow. */
    .short_name = N_("Drill"),
    .toggle = N_("start"),
    .doc = true,
    .layout = layout,
    .open = ui_study_load,
    .close = ui_study_free,
    .key = ui_study_do,
    .hints = hints,
};
