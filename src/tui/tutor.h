/* SPDX-License-Identifier: MIT */
/* The interactive tutor's entry points (tui.c). The caller (the command
 * line) checks the terminal first, then opens the session (which may ask
 * the first learner's name on that terminal), then runs the tutor over it.
 * The message catalogue is bound by the caller. */
#ifndef SELFGRADE_TUI_TUTOR_H
#define SELFGRADE_TUI_TUTOR_H

#include <stdbool.h>

#include "selfgrade/frontend.h"

/* Whether the tutor can draw here: a terminal on standard input and
 * output, a TERM that terminfo knows, a UTF-8 character set (C.UTF-8 is
 * taken for a locale that is not). EXIT_OK, or says why not on stderr and
 * returns EXIT_USAGE. */
int tutor_check(void);

/* The tutor over ss (which stays the caller's), on its study screen if
 * study is set, until the learner quits. Returns the exit status:
 * EXIT_OK, EXIT_DATA if the learner's progress cannot be read, EXIT_USAGE
 * if the terminal cannot be set up, 128 + the signal that ended it. */
int tutor_run(const struct session *ss, bool study);

#endif
