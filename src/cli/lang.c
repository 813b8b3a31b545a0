/* SPDX-License-Identifier: MIT */
/* Which language the program speaks: the locale's, as gettext chooses it,
 * or the one --lang names. */
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/i18n.h"

/* English is the source language; every other has a po/LANG.po. */
static const char *const languages[] = {"en", "ru"};

/* Whether gettext would answer in English whatever catalogue is bound:
 * messages in the C or POSIX locale (which ignore LANGUAGE), or in C.UTF-8
 * or English with no LANGUAGE list. Then finding the catalogue's folder
 * (a readlink and two realpath calls) is start-up time for nothing. */
static bool english_anyway(void)
{
	const char *m = setlocale(LC_MESSAGES, NULL),
	           *list = getenv("LANGUAGE");

	if (!m || strcmp(m, "C") == 0 || strcmp(m, "POSIX") == 0)
		return true;
	return (!list || !*list) &&
	       (strncmp(m, "C.", 2) == 0 || strncmp(m, "en_", 3) == 0);
}

int cli_i18n_init(const char *lang)
{
	static bool bound;
	bool known = false;

	if (!bound && (lang || !english_anyway())) {
		char *dir = cli_locale_dir();
		bindtextdomain(SG_TEXTDOMAIN, dir);
		bind_textdomain_codeset(SG_TEXTDOMAIN, "UTF-8");
		textdomain(SG_TEXTDOMAIN);
		free(dir);
		bound = true;
	}
	if (!lang)
		return 0;
	for (size_t i = 0; i < sizeof languages / sizeof *languages; i++)
		known |= strcmp(lang, languages[i]) == 0;
	if (!known)
		return -1;
	/* LANGUAGE outranks LC_ALL, LC_MESSAGES and LANG for gettext's
	 * choice, but gettext ignores it under the "C" locale: then messages
	 * move to C.UTF-8 (still no translation of its own). Collation and
	 * character classes stay the environment's. */
	setenv("LANGUAGE", lang, 1);
	const char *now = setlocale(LC_MESSAGES, NULL);
	if (!now || strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Tells gettext the choice changed (it caches its lookups). */
	textdomain(SG_TEXTDOMAIN);
	return 0;
}
