/* SPDX-License-Identifier: MIT */
/* The ncurses view: lays out and draws a struct ui. It owns colour,
 * attributes and display width; it never changes progress. */
#ifndef SELFGRADE_TUI_VIEW_H
#define SELFGRADE_TUI_VIEW_H

#include <stdbool.h>

#include "tui/model.h"

/* Below this the screen says it is too small instead of drawing. */
#define VIEW_MIN_COLS 24
#define VIEW_MIN_LINES 8

/* Where things were drawn, for the mouse. */
struct view_geom {
	bool small;
	int list_y, list_h;
	int detail_y, detail_h;
	int doc_y, doc_h;
	int tabs_y, tab_x[SCR_COUNT + 1]; /* tab i spans [tab_x[i], tab_x[i+1]) */
	bool tabs_compact;		  /* only the current tab is named */
	int tabs_how;			  /* how the tabs are named (view.c) */
	int notice_y;			  /* the Checklist's notice, or -1 */
	int box_x;			  /* column of the selected row's [ ] */
};

/* Colours when the terminal has them and NO_COLOR is not set. */
void view_init(bool color);

/* Computes the layout for the terminal's size and the current screen and
 * tells the model (ui_layout). */
void view_layout(struct ui *ui, struct view_geom *g);

void view_draw(const struct ui *ui, const struct view_geom *g);

/* The column of a list row's checkbox, for the mouse. */
int view_box_x(const struct ui_row *r);

#endif
