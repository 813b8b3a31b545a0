/* SPDX-License-Identifier: MIT */
/* The interactive tutor: the terminal set up and restored, and the loop
 * that turns keys and the mouse into model actions (model.h) and draws
 * (view.h) after each. */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui/keys.h"
#include "tui/model.h"
#include "tui/tutor.h"
#include "tui/view.h"
#include "selfgrade/i18n.h"
#include "selfgrade/name.h"
#include "selfgrade/xalloc.h"
#include <term.h> /* setupterm: last, as its macros (lines, columns) would shadow fields */

#undef CTRL /* termios.h has one */
#define CTRL(c) ((c) & 0x1f)
#define ESC 27
#define WHEEL_ROWS 3

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

/* What puts the terminal back, prepared before curses starts so that a
 * fatal signal's handler only calls write() and tcsetattr(): the normal
 * screen, the cursor, keypad and mouse reporting off, the saved modes. */
static char restore_seq[256];
static size_t restore_len;
static struct termios saved_tty;
static bool have_tty;

static void add_cap(const char *name)
{
	char *v = tigetstr((char *)name);
	size_t n;

	if (!v || v == (char *)-1)
		return;
	n = strlen(v);
	if (restore_len + n < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, v, n);
		restore_len += n;
	}
}

static void prepare_restore(void)
{
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1006l";

	restore_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	if (restore_len + sizeof mouse_off < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, mouse_off, sizeof mouse_off - 1);
		restore_len += sizeof mouse_off - 1;
	}
}

/* SIGQUIT, SIGPIPE, SIGUSR1/2, SIGALRM, SIGXCPU, SIGXFSZ: nothing to save
 * (every change is committed when made), but the terminal is put back
 * before the signal takes the process with its usual effect. */
static void on_fatal(int sig)
{
	if (restore_len && write(STDOUT_FILENO, restore_seq, restore_len) < 0)
		restore_len = 0;
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int no_terminal(const char *why)
{
	fprintf(stderr,
		_("selfgrade: %s; without one, use the headless commands "
		  "(selfgrade status, score, check, note; see selfgrade --help)\n"),
		why);
	return EXIT_USAGE;
}

/* The content is UTF-8 and is measured with wcwidth: a locale that is not
 * UTF-8 (LANG=C) gets C.UTF-8 for characters, its messages untouched. */
static bool utf8_locale(void)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return true;
	return setlocale(LC_CTYPE, "C.UTF-8") &&
	       strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

static bool input_waiting(void)
{
	wint_t wc;
	int r;

	timeout(0);
	r = get_wch(&wc);
	timeout(500);
	if (r == KEY_CODE_YES)
		ungetch((int)wc);
	else if (r == OK)
		unget_wch(wc);
	return r != ERR;
}

/* The line editor's keys: the operation of code, if it has one. */
static bool edit_op(int code, enum le_op *op)
{
	static const struct {
		int code;
		enum le_op op;
	} ops[] = {
		{KEY_FN(KEY_LEFT), LE_LEFT},	  {CTRL('b'), LE_LEFT},
		{KEY_FN(KEY_RIGHT), LE_RIGHT},	  {CTRL('f'), LE_RIGHT},
		{KEY_FN(KEY_HOME), LE_HOME},	  {CTRL('a'), LE_HOME},
		{KEY_FN(KEY_END), LE_END},	  {CTRL('e'), LE_END},
		{KEY_FN(KEY_SLEFT), LE_WORD_LEFT}, {KEY_FN(KEY_SRIGHT), LE_WORD_RIGHT},
		{KEY_FN(KEY_BACKSPACE), LE_BACKSPACE}, {127, LE_BACKSPACE},
		{CTRL('h'), LE_BACKSPACE},	  {KEY_FN(KEY_DC), LE_DELETE},
		{CTRL('d'), LE_DELETE},		  {CTRL('u'), LE_KILL_BEFORE},
		{CTRL('k'), LE_KILL_AFTER},	  {CTRL('w'), LE_KILL_WORD},
	};

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].code == code) {
			*op = ops[i].op;
			return true;
		}
	return false;
}

/* Keys while the line editor is open. */
static unsigned prompt_key(struct ui *ui, int code)
{
	enum le_op op;

	if (code == '\n' || code == '\r' || code == KEY_FN(KEY_ENTER)) {
		/* More input already waiting: this is a paste, and its line
		 * break must not run the rest as commands. */
		if (input_waiting())
			return ui_type(ui, ' ');
		return ui_do(ui, A_ACCEPT);
	}
	if (code == ESC)
		return ui_do(ui, A_CANCEL);
	if (edit_op(code, &op))
		return ui_edit(ui, op);
	if (code >= ' ' && code < KEY_FN(0))
		return ui_type(ui, (unsigned)code);
	return 0;
}

/* ---- the first run ---------------------------------------------------------- */

/* The first screen of a first run: where the progress goes, and the
 * learner's name in a field ($USER offered, never taken silently). Draws
 * the text wrapped between words at any width. */
static void first_draw(const struct session *ss, const struct lineedit *le,
		       const char *error)
{
	struct tdoc d = {0};
	int w = COLS - 2, y = 0, lw, start_col;
	size_t start;
	char *line;
	const char *label = _("Your name: ");

	erase();
	if (COLS < 10 || LINES < 4) {
		mvaddnstr(0, 0, _("Your name: "), COLS);
		refresh();
		return;
	}
	line = xasprintf(_("Welcome to selfgrade: the self-assessment of the %s."),
			 ss->pack->title);
	tdoc_para(&d, line, w, 0, NULL, 0, TS_BOLD, false);
	free(line);
	line = xasprintf(_("Your progress will be kept in %s; every change is saved "
			   "as you make it."),
			 store_path(ss->store));
	tdoc_para(&d, line, w, 0, NULL, 0, 0, false);
	free(line);
	tdoc_blank(&d);
	tdoc_para(&d, _("Whose progress is it? Type your name (Enter takes the one "
			"offered):"),
		  w, 0, NULL, 0, 0, false);
	for (size_t i = 0; i < d.n && y < LINES - 3; i++, y++) {
		attrset(i == 0 ? A_BOLD : A_NORMAL);
		mvaddnstr(y, 1, d.v[i].s, (int)d.v[i].len);
	}
	attrset(A_NORMAL);
	y++;
	lw = text_width(label, strlen(label));
	if (lw > w / 2)
		lw = w / 2;
	attrset(A_BOLD);
	mvaddnstr(y, 1, label, (int)text_fit(label, strlen(label), lw, NULL));
	attrset(A_NORMAL);
	lineedit_view(le, w - lw, &start, &start_col);
	move(y, 1 + lw);
	addnstr(le->buf + start,
		(int)text_fit(le->buf + start, strlen(le->buf + start), w - lw, NULL));
	if (error && y + 1 < LINES - 1) {
		struct tdoc e = {0};
		tdoc_para(&e, error, w, 0, NULL, 0, 0, false);
		attrset(A_BOLD);
		for (size_t i = 0; i < e.n && y + 1 + (int)i < LINES - 1; i++)
			mvaddnstr(y + 1 + (int)i, 1, e.v[i].s, (int)e.v[i].len);
		attrset(A_NORMAL);
		tdoc_free(&e);
	}
	line = xasprintf(" Enter %s  Esc %s", _("start"), _("quit"));
	mvaddnstr(LINES - 1, 0, line, (int)text_fit(line, strlen(line), COLS, NULL));
	free(line);
	tdoc_free(&d);
	move(y, 1 + lw + start_col < COLS ? 1 + lw + start_col : COLS - 1);
	curs_set(1);
	refresh();
}

/* The first learner's name, added to the store (caller frees), or NULL
 * when they leave without one (Esc, ^C, ^D on an empty field). */
static char *first_name(const struct session *ss)
{
	const char *user = getenv("USER");
	struct lineedit le;
	char *error = NULL, *name = NULL;

	lineedit_init(&le, user && *user ? user : NULL, STORE_MAX_NAME);
	while (!stop) {
		wint_t wc;
		int r, code;
		enum le_op op;

		first_draw(ss, &le, error);
		r = get_wch(&wc);
		if (r == ERR || (r == KEY_CODE_YES && wc == KEY_RESIZE))
			continue;
		code = r == KEY_CODE_YES ? KEY_FN((int)wc) : (int)wc;
		if (code == ESC || (code == CTRL('d') && le.len == 0))
			break;
		if (code == '\n' || code == '\r' || code == KEY_FN(KEY_ENTER)) {
			char now[32], *err = NULL;
			free(error);
			error = NULL;
			store_now(now);
			if (store_learner_add(ss->store, le.buf, now, &err) == 0) {
				name = name_normal(le.buf, NULL);
				break;
			}
			error = err;
		} else if (edit_op(code, &op)) {
			lineedit_op(&le, op);
		} else if (code >= ' ' && code < KEY_FN(0)) {
			lineedit_insert(&le, (unsigned)code);
		}
	}
	curs_set(0);
	free(error);
	lineedit_free(&le);
	return name;
}

static unsigned mouse(struct ui *ui, const struct view_geom *g)
{
	MEVENT ev;
	int y, x;

	if (getmouse(&ev) != OK || g->small)
		return 0;
	y = ev.y;
	x = ev.x;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		bool detail = g->detail_h > 0 && y >= g->detail_y;
		return ui_scroll(ui, detail,
				 ev.bstate & BUTTON4_PRESSED ? -WHEEL_ROWS
							     : WHEEL_ROWS);
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return 0;
	if (ui->mode == MODE_PROMPT)
		return 0; /* a stray click must not lose what is being typed */
	if (ui->mode != MODE_NORMAL)
		return ui_do(ui, A_CANCEL);
	if (y == g->tabs_y) {
		for (int i = 0; i < SCR_COUNT; i++)
			if (x >= g->tab_x[i] && x < g->tab_x[i + 1])
				return ui_do(ui, A_SCREEN_1 + i);
		return 0;
	}
	if (y >= g->list_y && y < g->list_y + g->list_h &&
	    g->doc_h && g->list_h && ui->list[ui->screen].n_vis) {
		const struct ui_list *l = &ui->list[ui->screen];
		size_t i = l->top + (size_t)(y - g->list_y);
		const struct ui_row *r;
		int box;
		if (i >= l->n_vis)
			return 0;
		r = &l->rows[l->vis[i]];
		box = view_box_x(r);
		return ui_click(ui, i, x >= box && x < box + 3);
	}
	return 0;
}

static void loop(struct ui *ui, bool ask_learner)
{
	struct view_geom g;

	if (ask_learner)
		ui_pick_learner(ui);
	else
		ui_welcome(ui);
	for (;;) {
		wint_t wc;
		int r, code;
		unsigned what;

		/* ^C in an editor cancels it (what was typed is kept as a
		 * draft); anywhere else, like SIGTERM and SIGHUP, it ends the
		 * tutor. */
		if (stop == SIGINT && ui->mode == MODE_PROMPT) {
			stop = 0;
			ui_do(ui, A_CANCEL);
		}
		if (stop)
			break;

		view_layout(ui, &g);
		view_draw(ui, &g);
		refresh();
		r = get_wch(&wc);
		if (r == ERR) {
			/* The timeout: look at stop again, and at what another
			 * process (a CLI check) may have written meanwhile. */
			ui_poll(ui); /* drawn at the top of the loop */
			continue;
		}
		if (r == KEY_CODE_YES && wc == KEY_RESIZE)
			continue; /* laid out again at the top */
		if (g.small) { /* nothing shows: nothing may change */
			if (r == OK && keys_action((int)wc) == A_QUIT)
				break;
			continue;
		}
		if (r == KEY_CODE_YES && wc == KEY_MOUSE) {
			what = mouse(ui, &g);
		} else {
			code = r == KEY_CODE_YES ? KEY_FN((int)wc) : (int)wc;
			if (ui->mode == MODE_PROMPT)
				what = prompt_key(ui, code);
			else
				what = ui_do(ui, code == ESC ? A_CANCEL
							     : keys_action(code));
		}
		if (what & UI_QUIT)
			break;
	}
}

static int unknown_terminal(const char *term)
{
	fprintf(stderr,
		_("selfgrade: unknown terminal type '%.100s': set TERM to one the "
		  "system knows (e.g. xterm-256color), or use the headless commands "
		  "(selfgrade status, score, check, note; see selfgrade --help)\n"),
		term);
	return EXIT_USAGE;
}

int tutor_check(void)
{
	const char *term = getenv("TERM");
	int known = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return no_terminal(_("the tutor needs a terminal"));
	if (!term || !*term || strcmp(term, "dumb") == 0)
		return no_terminal(_("the tutor cannot draw on a terminal of type "
				     "'dumb' or with no TERM set"));
	if (!utf8_locale()) {
		fputs(_("selfgrade: the tutor needs a UTF-8 locale (e.g. "
			"LANG=C.UTF-8)\n"),
		      stderr);
		return EXIT_USAGE;
	}
	if (setupterm(NULL, STDOUT_FILENO, &known) != OK || known != 1)
		return unknown_terminal(term);
	del_curterm(cur_term);
	return EXIT_OK;
}

int tutor_run(const struct session *ss, bool study)
{
	struct ui ui;
	struct sigaction sa;
	const char *term = getenv("TERM");
	char *err = NULL;
	SCREEN *scr;

	char *first = NULL;
	int64_t id = ss->learner_id;

	/* newterm, not initscr: an unknown terminal is an error to report,
	 * not a reason for curses to exit the process. */
	have_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return unknown_terminal(term ? term : "");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	prepare_restore();
	sa.sa_handler = on_fatal;
	for (const int *f = (const int[]){SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2,
					   SIGALRM, SIGXCPU, SIGXFSZ, 0};
	     *f; f++)
		sigaction(*f, &sa, NULL);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(500);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
			  BUTTON5_PRESSED,
		  NULL);
	mouseinterval(0);
	view_init(!getenv("NO_COLOR") || !*getenv("NO_COLOR"));

	/* A first run asks the learner's name on the tutor's first screen;
	 * the welcome then shows over whichever screen opens. */
	if (ss->first_run) {
		first = first_name(ss);
		if (!first || store_learner_find(ss->store, first, &id, &err)) {
			endwin();
			delscreen(scr);
			free(first);
			if (err) {
				fprintf(stderr, "selfgrade: %s\n", err);
				free(err);
				return EXIT_DATA;
			}
			if (stop)
				return 128 + stop;
			fputs(_("selfgrade: no name given; nothing was created\n"), stderr);
			return EXIT_USAGE;
		}
	}
	if (ui_open(&ui, ui_screens, ss->pack, ss->store, first ? first : ss->learner, id,
		    &err)) {
		endwin();
		delscreen(scr);
		free(first);
		fprintf(stderr, "selfgrade: %s\n", err);
		free(err);
		return EXIT_DATA;
	}
	free(first);
	if (study)
		ui.screen = SCR_STUDY;

	loop(&ui, ss->ask_learner);
	/* Ended by a signal: what was being typed is kept as a draft, and
	 * the exit status says which signal (128 + its number). */
	if (stop)
		ui_keep_draft(&ui);

	endwin();
	delscreen(scr);
	ui_close(&ui);
	return stop ? 128 + stop : EXIT_OK;
}
