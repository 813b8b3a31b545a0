/* SPDX-License-Identifier: MIT */
/* The program's own words go through gettext, domain "selfgrade": English
 * is the source language, po/ru.po the Russian translation. The core,
 * the command line and the tutor share these macros and the vocabulary
 * below, so one thing has one name in every front end and report.
 *
 * The core only looks words up (dgettext, so it works whatever domain
 * the program made its default); it never prints, and it binds nothing:
 * main() binds the domain to the catalogue's folder once. Content (the
 * pack's texts) is never translated. */
#ifndef SELFGRADE_I18N_H
#define SELFGRADE_I18N_H

#include <libintl.h>
#include "selfgrade/i18n.h"

#define SG_TEXTDOMAIN "selfgrade"

#define _(s) dgettext(SG_TEXTDOMAIN, s)
/* Marks a string for the catalogue where it cannot be looked up yet (a
 * static table); _() it where it is used. */
#define N_(s) (s)
/* Plural forms: Russian has three, chosen by the catalogue's formula. */
#define P_(one, many, n) dngettext(SG_TEXTDOMAIN, one, many, n)

/* The shared vocabulary (doc/design.md, "Glossary"): look each up with _(). */
#define SG_WORD_NOT_YET N_("Not yet")
#define SG_WORD_EVERY_LEVEL_MET N_("Every level is met.")
#define SG_WORD_CRITICAL N_("CRITICAL")
#define SG_WORD_DONE N_("done")
#define SG_WORD_PARTLY N_("partly done")
#define SG_WORD_STALE N_("changed since you confirmed it")
#define SG_WORD_STALE_SHORT N_("stale")
#define SG_WORD_NOT_DONE N_("not done")
#define SG_WORD_CONTRADICTED N_("ticked, but the project contradicts it")
#define SG_WORD_CONTRADICTED_SHORT N_("contradicted")

/* The language the catalogue speaks for the current locale, as an HTML
 * lang attribute: "en" when no translation applies. */
static inline const char *sg_lang(void)
{
	/* TRANSLATORS: this translation's language code (BCP 47), used for
	 * the HTML report's lang attribute. */
	return _("en");
}

#endif
