/* SPDX-License-Identifier: MIT */
/* The Reference screen: the pack's tables, aligned by display width. */
#include <stdlib.h>

#include "selfgrade/xalloc.h"
#include "tui/i18n.h"
#include "tui/model.h"

static void layout(struct ui *ui, struct ui_list *l, int width)
{
	const struct pack *p = ui->pack;

	for (size_t t = 0; t < p->n_tables; t++) {
		const struct pack_table *tb = &p->tables[t];
		size_t from = l->doc.n;
		tdoc_para(&l->doc, tb->title, width, 0, NULL, 0,
		          TS_BOLD | TS_HEAD, true);
		if (tb->source) {
			char *src = xasprintf(_("From: %s"), tb->source);
			tdoc_para(&l->doc, src, width, 0, NULL, 0, TS_DIM,
			          false);
			free(src);
		}
		tdoc_blank(&l->doc);
		tdoc_table(&l->doc, tb, width, 0);
		tdoc_blank(&l->doc);
		ui_doc_anchor(l, from, tb->id);
	}
}

const struct ui_screen_ops ui_screen_reference = {
    .name = N_("Reference"),
    /* TRANSLATORS: the Reference tab where the bar is narrow. */
    .short_name = N_("Ref"),
    .doc = true,
    .layout = layout,
};
