/* SPDX-License-Identifier: MIT */
#include "tui/keys.h"

#include <curses.h>

#include "tui/i18n.h"

#define CTRL(c) ((c) & 0x1f)

/* In the footer's order; rank says what goes first when the line is
 * narrow (help, quit and undo never go). */
const struct key keys[] = {
	{A_UP, {KEY_FN(KEY_UP), 'k'}, "↑ k", NULL, N_("move up"), 0},
	{A_DOWN, {KEY_FN(KEY_DOWN), 'j'}, "↓ j", NULL, N_("move down"), 0},
	{A_PAGE_UP, {KEY_FN(KEY_PPAGE), CTRL('b')}, "PgUp ^B", NULL,
	 N_("page up"), 0},
	{A_PAGE_DOWN, {KEY_FN(KEY_NPAGE), CTRL('f')}, "PgDn ^F", NULL,
	 N_("page down"), 0},
	{A_HOME, {KEY_FN(KEY_HOME), 'g'}, "Home g", NULL, N_("first row"), 0},
	{A_END, {KEY_FN(KEY_END), 'G'}, "End G", NULL, N_("last row"), 0},
	{A_TOGGLE, {' '}, "Space", N_("tick"),
	 N_("tick an item, confirm a mistake avoided, attest a criterion"), 1},
	{A_EXPAND, {'\n', '\r', KEY_FN(KEY_ENTER)}, "Enter", N_("open"),
	 N_("open or close a group; on a criterion not met, go to what it "
	    "still needs; on History, go to the entry"), 5},
	{A_OPEN, {KEY_FN(KEY_RIGHT), 'l'}, "→ l", NULL,
	 N_("open a group, or go into it"), 0},
	{A_CLOSE, {KEY_FN(KEY_LEFT), 'h'}, "← h", NULL,
	 N_("close a group, or go to its parent"), 0},
	{A_NEXT_OPEN, {']'}, "] [", N_("next to do"),
	 N_("the next (previous) item, mistake or criterion not done yet"), 6},
	{A_PREV_OPEN, {'['}, "", NULL, NULL, 0},
	{A_NOTE, {'e'}, "e", N_("note"), N_("edit the evidence note"), 4},
	{A_DETAIL_DOWN, {'J'}, "J", NULL, N_("scroll the details down"), 0},
	{A_DETAIL_UP, {'K'}, "K", NULL, N_("scroll the details up"), 0},
	{A_SEARCH, {'/'}, "/", N_("search"), N_("search all the content"), 2},
	{A_NEXT, {'n'}, "n", NULL, N_("next match"), 0},
	{A_PREV, {'N'}, "N", NULL, N_("previous match"), 0},
	{A_UNDO, {'u'}, "u", N_("undo"),
	 N_("undo the last change (again: the one before)"), 0},
	{A_REDO, {'U', CTRL('r')}, "U ^R", N_("redo"),
	 N_("redo what undo took back (until the next change)"), 7},
	{A_HIDE, {'H'}, "H", N_("hide done"),
	 N_("hide the done items, mistakes and criteria, or show them again"), 9},
	{A_LEARNER, {'L'}, "L", N_("learner"), N_("switch or add a learner"), 8},
	{A_SCREEN_NEXT, {'\t'}, "Tab", NULL, N_("next screen"), 0},
	{A_SCREEN_PREV, {KEY_FN(KEY_BTAB)}, "S-Tab", NULL,
	 N_("previous screen"), 0},
	{A_SCREEN_1, {'1'}, "1-7", NULL,
	 N_("a screen, by its number in the tab bar (during a study card "
	    "the digits 1-4 grade instead)"), 0},
	{A_CHOICE_1, {'a'}, "a-d", NULL,
	 N_("study: pick one of a table card's choices"), 0},
	{A_CHOICE_1 + 1, {'b'}, "", NULL, NULL, 0},
	{A_CHOICE_1 + 2, {'c'}, "", NULL, NULL, 0},
	{A_CHOICE_1 + 3, {'d'}, "", NULL, NULL, 0},
	{A_RELOAD, {CTRL('l')}, "^L", NULL,
	 N_("read progress again and redraw"), 0},
	{A_PROBE, {'P'}, "P", NULL,
	 N_("run the probes over your project again (selfgrade probe)"), 0},
	{A_DISPUTE, {'D'}, "D", NULL,
	 N_("dispute a probe that contradicts a tick wrongly (say why; empty "
	    "withdraws)"), 0},
	{A_HELP, {'?', KEY_FN(KEY_F(1))}, "? F1", N_("help"), N_("this help"), 0},
	{A_CANCEL, {27}, "Esc", NULL, N_("close a prompt or overlay"), 0},
	{A_QUIT, {'q', 'Q'}, "q", N_("quit"),
	 N_("quit (everything is saved as you go)"), 0},
};
const size_t n_keys = sizeof keys / sizeof keys[0];

enum ui_action keys_action(int code)
{
	if (code >= '1' && code < '1' + SCR_COUNT)
		return (enum ui_action)(A_SCREEN_1 + (code - '1'));
	for (size_t i = 0; i < n_keys; i++)
		for (size_t k = 0; k < 4 && keys[i].codes[k]; k++)
			if (keys[i].codes[k] == code)
				return keys[i].action;
	return A_NONE;
}
