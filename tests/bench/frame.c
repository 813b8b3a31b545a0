/* SPDX-License-Identifier: MIT */
/* The cost of one frame of the tutor: a key (cursor down, a page now and
 * then), the layout, the drawing, and curses' output to a terminal of
 * 80x24 (written to /dev/null). Prints microseconds per frame; run.py
 * compares the shipped pack with a generated 10,000-item one, which should
 * cost the same if only what is visible is drawn. With "toggle", each
 * frame's key is Space on a leaf item instead (a tick or untick written to
 * the store, the standing rescored, the counters redrawn).
 * Usage: bench_frame PACK_DIR DB FRAMES [toggle] */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <time.h>

#include "selfgrade/store.h"
#include "tui/model.h"
#include "tui/view.h"

int main(int argc, char **argv)
{
	struct diag_list d = {0};
	struct pack *p;
	struct store *s;
	struct ui ui;
	struct view_geom g;
	struct timespec t0, t1;
	char *err = NULL;
	int64_t id;
	long frames;
	FILE *out, *in;

	bool toggle = argc == 5 && strcmp(argv[4], "toggle") == 0;

	if (argc != 4 && !toggle)
		return 2;
	frames = atol(argv[3]);
	setlocale(LC_ALL, "C.UTF-8");
	p = pack_load(argv[1], &d);
	if (!p || store_open(argv[2], &s, &err) ||
	    (store_learner_find(s, "bench", &id, NULL) &&
	     store_learner_add(s, "bench", "t", &err)) ||
	    store_learner_find(s, "bench", &id, &err) ||
	    ui_open(&ui, ui_screens, p, s, "bench", id, &err)) {
		fprintf(stderr, "bench_frame: cannot set up: %s\n", err ? err : argv[1]);
		return 1;
	}
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (!newterm("xterm-256color", out, in))
		return 1;
	view_init(true);
	for (int i = 0; toggle && i < 100; i++) {
		const struct ui_row *r = ui_current(&ui);
		if (r && r->e.kind == PACK_ITEM && pack_item_is_leaf(r->e.u.item))
			break;
		ui_do(&ui, A_DOWN);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < frames; i++) {
		ui_do(&ui, toggle ? A_TOGGLE : i % 50 == 49 ? A_PAGE_DOWN : A_DOWN);
		view_layout(&ui, &g);
		view_draw(&ui, &g);
		refresh();
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	endwin();
	printf("%.1f\n", ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
			  (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) /
				 (double)frames);
	ui_close(&ui);
	store_close(s);
	pack_free(p);
	return 0;
}
