/* SPDX-License-Identifier: MIT */
/* The Takeaways screen: the pack's key takeaways, numbered. */
#include <stdlib.h>

#include "selfgrade/xalloc.h"
#include "tui/i18n.h"
#include "tui/model.h"

static void layout(struct ui *ui, struct ui_list *l, int width)
{
	const struct pack *p = ui->pack;

	for (size_t k = 0; k < p->n_takeaways; k++) {
		const struct pack_takeaway *tk = &p->takeaways[k];
		size_t from = l->doc.n;
		char *lead = xasprintf("%d. ", tk->number);
		tdoc_para(&l->doc, tk->text, width, 0, lead, TS_BOLD, 0, true);
		tdoc_blank(&l->doc);
		free(lead);
		ui_doc_anchor(l, from, tk->id);
	}
}

const struct ui_screen_ops ui_screen_takeaways = {
    .name = N_("Takeaways"),
    /* TRANSLATORS: the Takeaways tab where the bar is narrow. */
    .short_name = N_("Take"),
    .doc = true,
    .layout = layout,
};
