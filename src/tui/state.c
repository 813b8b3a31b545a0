/* SPDX-License-Identifier: MIT */
/* What every part of the tutor reads of its state: the screens' ops (the
 * table the caller gave ui_open), the current row, the counts, the message
 * line. Below the model's actions (model.c), the details pane (detail.c)
 * and the screens (scr_*.c), which all read it. */
#include "tui/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "selfgrade/xalloc.h"
#include "tui/i18n.h"

int64_t ui_clock(void)
{
	return (int64_t)time(NULL);
}

const struct ui_screen_ops *ui_screen_ops(const struct ui *ui, enum ui_screen s)
{
	return ui->screens[s < SCR_COUNT ? s : SCR_CHECKLIST];
}

const char *ui_screen_name(const struct ui *ui, enum ui_screen s)
{
	return _(ui_screen_ops(ui, s)->name);
}

const char *ui_screen_short(const struct ui *ui, enum ui_screen s)
{
	return _(ui_screen_ops(ui, s)->short_name);
}

void ui_say(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(ui->msg);
	ui->msg = xstrdup(buf);
	ui->msg_error = error;
}

bool ui_screen_is_doc(const struct ui *ui, enum ui_screen s)
{
	return ui_screen_ops(ui, s)->doc;
}

const struct ui_row *ui_current(const struct ui *ui)
{
	const struct ui_list *l = &ui->list[ui->screen];
	return l->n_vis ? &l->rows[l->vis[l->cur]] : NULL;
}

const char *ui_level_title(const struct ui *ui)
{
	return ui->view->level ? ui->view->level->level->title : _("Not yet");
}

void ui_counts(const struct ui *ui, size_t done[3], size_t total[3])
{
	/* Kept by the view as it changes: a frame must not walk the pack. */
	for (int k = 0; k < 3; k++) {
		done[k] = ui->view->done_of[k];
		total[k] = ui->view->total_of[k];
	}
}
