/* SPDX-License-Identifier: MIT */
/* UI strings go through gettext (domain "selfgrade"); English is the
 * source language, po/ru.po the Russian translation. */
#ifndef SELFGRADE_TUI_I18N_H
#define SELFGRADE_TUI_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(one, many, n) ngettext(one, many, n)

#endif
