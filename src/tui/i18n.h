/* SPDX-License-Identifier: MIT */
/* UI strings go through gettext: the macros are the core's, shared by
 * every front end (include/selfgrade/i18n.h). */
#ifndef SELFGRADE_TUI_I18N_H
#define SELFGRADE_TUI_I18N_H

#include "selfgrade/i18n.h"

#endif
