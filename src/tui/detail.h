/* SPDX-License-Identifier: MIT */
/* Pieces of the details pane (detail.c) that the study cards (drill.c)
 * show too, so that a mistake reads the same on both screens: the same
 * markup, the same wrapping at words, the same hanging bullets. */
#ifndef SELFGRADE_TUI_DETAIL_H
#define SELFGRADE_TUI_DETAIL_H

#include "selfgrade/content.h"
#include "tui/text.h"

/* "Error: " and the mistake's error. */
void ui_detail_error(struct tdoc *d, const struct pack_mistake *m, int w);
/* The symptoms, one bullet each. */
void ui_detail_symptoms(struct tdoc *d, const struct pack_mistake *m, int w);
/* The fix: its text, its code block, its table, then "Prevention: ". */
void ui_detail_fix(struct tdoc *d, const struct pack_mistake *m, int w);

#endif
