/* SPDX-License-Identifier: MIT */
/* The first run's welcome, as text: where the progress is kept, whose it
 * is, what each level needs (from the rubric), what the header counts and
 * the five keys that matter. The view draws it in a box. */
#include <stdlib.h>
#include <string.h>

#include "selfgrade/xalloc.h"
#include "tui/i18n.h"
#include "tui/model.h"

void ui_welcome_doc(const struct ui *ui, int w, struct tdoc *d)
{
	const struct pack *p = ui->pack;
	size_t done[3], total[3];
	char *line;

	memset(d, 0, sizeof *d);
	line = xasprintf(_("Welcome to selfgrade, %s."), ui->learner);
	tdoc_para(d, line, w, 0, NULL, 0, TS_BOLD, false);
	free(line);
	line = xasprintf(_("Your progress is kept in %s; every change is saved "
	                   "as you make it."),
	                 store_path(ui->store));
	tdoc_para(d, line, w, 0, NULL, 0, 0, false);
	free(line);
	tdoc_blank(d);
	tdoc_para(d,
	          _("What the levels need (the Rubric screen, 3, has each "
	            "criterion):"),
	          w, 0, NULL, 0, TS_BOLD, false);
	for (size_t v = p->n_levels; v-- > 0;) {
		const struct pack_level *lv = &p->levels[v];
		size_t attest = 0;
		for (size_t c = 0; c < lv->n_criteria; c++)
			attest += lv->criteria[c].attest;
		line = xasprintf(P_("%s: %zu criterion, %zu of them yours to attest",
		                    "%s: %zu criteria, %zu of them yours to attest",
		                    lv->n_criteria),
		                 lv->title, lv->n_criteria, attest);
		tdoc_para(d, line, w, 2, "• ", 0, 0, false);
		free(line);
	}
	tdoc_para(d, _("and, for every level, each CRITICAL item."), w, 2, "• ",
	          0, 0, false);
	tdoc_blank(d);
	ui_counts(ui, done, total);
	{
		/* Each count with its own plural; the sentence joins them. */
		char *items = xasprintf(P_("%zu checklist item", "%zu checklist items",
		                           total[0]), total[0]);
		char *mistakes = xasprintf(P_("%zu mistake to confirm avoided",
		                              "%zu mistakes to confirm avoided", total[1]),
		                           total[1]);
		char *attest = xasprintf(P_("%zu attestation", "%zu attestations", total[2]),
		                         total[2]);
		line = xasprintf(_("The header counts what there is to do: %s, %s "
		                   "and %s; %zu in all."),
		                 items, mistakes, attest, total[0] + total[1] + total[2]);
		tdoc_para(d, line, w, 0, NULL, 0, 0, false);
		free(line);
		free(items);
		free(mistakes);
		free(attest);
	}
	tdoc_blank(d);
	line = xasprintf("Space %s · Enter %s · u %s · / %s · ? %s", _("tick"),
	                 _("open"), _("undo"), _("search"), _("help"));
	tdoc_para(d, _("The keys that matter:"), w, 0, NULL, 0, TS_BOLD, false);
	tdoc_para(d, line, w, 2, NULL, 0, 0, false);
	free(line);
	tdoc_blank(d);
	tdoc_para(d,
	          _("Enter: got it, do not show this again. Esc: close it "
	            "for now."),
	          w, 0, NULL, 0, TS_OK, false);
}
