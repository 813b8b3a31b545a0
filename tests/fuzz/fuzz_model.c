/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the tutor's model: the input is a stream of keys,
 * typed characters and resizes fed to the controller over a real pack and
 * a real SQLite store. After every step the cursor is in range; at the end
 * the progress the model shows is the progress the store holds. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pack *pack;
static struct store *store;
static char dir[64], db_path[96];

/* The store lives in a folder of its own (as mktemp -d), removed at exit. */
static void cleanup(void)
{
	char p[128];

	store_close(store);
	pack_free(pack);
	unlink(db_path);
	snprintf(p, sizeof p, "%s-journal", db_path);
	unlink(p);
	rmdir(dir);
}

static void setup(void)
{
	struct diag_list d = {0};
	char *err = NULL;

	pack = pack_load(SG_SOURCE_DIR "/checklists/multi-database", &d);
	diag_list_free(&d);
	strcpy(dir, "/tmp/fuzz_model.XXXXXX");
	if (!pack || !mkdtemp(dir))
		abort();
	snprintf(db_path, sizeof db_path, "%s/p.db", dir);
	if (store_open(db_path, &store, &err) ||
	    store_learner_add(store, "fuzz", "2026-01-01T00:00:00.000Z", &err))
		abort();
	atexit(cleanup);
}

static int64_t fixed_clock(void)
{
	return 1800000000;
}

static void check_cursor(const struct ui *ui)
{
	const struct ui_list *l = &ui->list[ui->screen];

	if (ui->screen >= SCR_COUNT || (l->n_vis && l->cur >= l->n_vis) ||
	    (!l->n_vis && l->cur != 0 && l->rows))
		abort();
	for (size_t i = 0; i < l->n_vis; i++)
		if (l->vis[i] >= l->n_rows)
			abort();
}

/* The model's progress against a fresh read of the store. */
static void check_store(const struct ui *ui)
{
	struct progress pr;
	char *err = NULL;

	if (store_progress(store, ui->learner_id, &pr, &err))
		abort();
	if (pr.n_states != ui->progress.n_states ||
	    pr.n_notes != ui->progress.n_notes)
		abort();
	for (size_t i = 0; i < pr.n_states; i++) {
		const struct prog_state *s =
		    progress_state(&ui->progress, pr.states[i].id);
		if (!s || s->done != pr.states[i].done)
			abort();
	}
	progress_free(&pr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ui ui;
	char *err = NULL;
	int64_t id;

	if (!pack)
		setup();
	if (store_learner_find(store, "fuzz", &id, &err) ||
	    ui_open(&ui, ui_screens, pack, store, "fuzz", id, &err)) {
		free(err);
		return 0;
	}
	ui.clock = fixed_clock;
	ui_layout(&ui, 80, 12, 8, 22);
	for (size_t i = 0; i < size; i++) {
		uint8_t b = data[i];
		unsigned r = 0;
		if (b >= 0xF0 && i + 2 < size) {
			/* A resize, as SIGWINCH brings: width, then height. */
			int w = data[i + 1] % 200, h = data[i + 2] % 60;
			ui_layout(&ui, w, h / 2, h / 3, h);
			i += 2;
		} else if (b >= 0xE0 && i + 1 < size) {
			r = b & 1 ? ui_click(&ui, data[++i], b & 2)
			          : ui_scroll(&ui, b & 2, (int8_t)data[++i]);
		} else if (ui.mode == MODE_PROMPT && b >= 0x80) {
			r = ui_edit(&ui, (enum le_op)(b % (LE_KILL_WORD + 1)));
		} else if (ui.mode == MODE_PROMPT && b >= 0x20) {
			r = ui_type(&ui, b < 0x7F ? b : 0x416 + b % 32);
		} else {
			r = ui_do(&ui, (enum ui_action)(b % (A_CANCEL + 1)));
		}
		check_cursor(&ui);
		if (r & UI_QUIT)
			break;
	}
	check_store(&ui);
	ui_close(&ui);
	return 0;
}
