/* SPDX-License-Identifier: MIT */
#include "tui/keys.h"

#include <curses.h>

#include "tui/i18n.h"

#define CTRL(c) ((c) & 0x1f)

const struct key keys[] = {
	{A_UP, {KEY_FN(KEY_UP), 'k'}, "↑ k", NULL, N_("move up")},
	{A_DOWN, {KEY_FN(KEY_DOWN), 'j'}, "↓ j", NULL, N_("move down")},
	{A_PAGE_UP, {KEY_FN(KEY_PPAGE), CTRL('b')}, "PgUp ^B", NULL,
	 N_("page up")},
	{A_PAGE_DOWN, {KEY_FN(KEY_NPAGE), CTRL('f')}, "PgDn ^F", NULL,
	 N_("page down")},
	{A_HOME, {KEY_FN(KEY_HOME), 'g'}, "Home g", NULL, N_("first row")},
	{A_END, {KEY_FN(KEY_END), 'G'}, "End G", NULL, N_("last row")},
	{A_TOGGLE, {' '}, "Space", N_("tick"),
	 N_("tick an item, confirm a mistake avoided, attest a criterion")},
	{A_EXPAND, {'\n', '\r', KEY_FN(KEY_ENTER)}, "Enter", N_("open"),
	 N_("open or close a group")},
	{A_OPEN, {KEY_FN(KEY_RIGHT), 'l'}, "→ l", NULL,
	 N_("open a group, or go into it")},
	{A_CLOSE, {KEY_FN(KEY_LEFT), 'h'}, "← h", NULL,
	 N_("close a group, or go to its parent")},
	{A_NOTE, {'e'}, "e", N_("note"), N_("edit the evidence note")},
	{A_DETAIL_DOWN, {'J'}, "J", NULL, N_("scroll the details down")},
	{A_DETAIL_UP, {'K'}, "K", NULL, N_("scroll the details up")},
	{A_SEARCH, {'/'}, "/", N_("search"), N_("search all the content")},
	{A_NEXT, {'n'}, "n", NULL, N_("next match")},
	{A_PREV, {'N'}, "N", NULL, N_("previous match")},
	{A_UNDO, {'u'}, "u", N_("undo"),
	 N_("undo the last change (again: the one before)")},
	{A_LEARNER, {'L'}, "L", N_("learner"), N_("switch or add a learner")},
	{A_SCREEN_NEXT, {'\t'}, "Tab", NULL, N_("next screen")},
	{A_SCREEN_PREV, {KEY_FN(KEY_BTAB)}, "S-Tab", NULL,
	 N_("previous screen")},
	{A_SCREEN_1, {'1'}, "1", NULL, N_("checklist")},
	{A_SCREEN_1 + 1, {'2'}, "2", NULL, N_("mistakes")},
	{A_SCREEN_1 + 2, {'3'}, "3", NULL, N_("rubric")},
	{A_SCREEN_1 + 3, {'4'}, "4", NULL, N_("reference tables")},
	{A_SCREEN_1 + 4, {'5'}, "5", NULL, N_("key takeaways")},
	{A_SCREEN_1 + 5, {'6'}, "6", NULL,
	 N_("study (there, with an answer shown, 1-4 grade it)")},
	{A_CHOICE_1, {'a'}, "a-d", NULL,
	 N_("study: pick one of a table card's choices")},
	{A_CHOICE_1 + 1, {'b'}, "", NULL, NULL},
	{A_CHOICE_1 + 2, {'c'}, "", NULL, NULL},
	{A_CHOICE_1 + 3, {'d'}, "", NULL, NULL},
	{A_RELOAD, {CTRL('l')}, "^L", NULL,
	 N_("read progress again and redraw")},
	{A_PROBE, {'P'}, "P", NULL,
	 N_("run the probes over your project again (selfgrade probe)")},
	{A_HELP, {'?', KEY_FN(KEY_F(1))}, "? F1", N_("help"), N_("this help")},
	{A_CANCEL, {27}, "Esc", NULL, N_("close a prompt or overlay")},
	{A_QUIT, {'q', 'Q'}, "q", N_("quit"),
	 N_("quit (everything is saved as you go)")},
};
const size_t n_keys = sizeof keys / sizeof keys[0];

enum ui_action keys_action(int code)
{
	for (size_t i = 0; i < n_keys; i++)
		for (size_t k = 0; k < 4 && keys[i].codes[k]; k++)
			if (keys[i].codes[k] == code)
				return keys[i].action;
	return A_NONE;
}
