/* SPDX-License-Identifier: MIT */
/* selfgrade: the global options, then one command of the table below. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "selfgrade/i18n.h"
#include "selfgrade/report.h"

/* Adding a command is its file (cli/), which parses its own options
 * (cli_parse), and one entry here. */
static const struct command commands[] = {
	{"tui", cmd_tui, 0, 0, "", N_("the interactive tutor (the default)"), 0},
	{"validate", cmd_validate, 0, 0, "", N_("check the content pack"), 0},
	{"dump", cmd_dump, 0, 0, "", N_("the loaded pack as JSON"), 0},
	{"learner", cmd_learner, 1, 7,
	 "add NAME|list|remove NAME|rename OLD NEW|set NAME KEY=VALUE...|"
	 "roster FILE|export-key NAME FILE|import-key FILE|accept-key NAME FILE",
	 N_("manage learners (set: email=, id_number=, section=, canvas_id=, login=)"),
	 0},
	{"check", cmd_check, 1, -1, "ID...",
	 N_("tick items, confirm mistakes, attest criteria"), CMD_LEAN},
	{"uncheck", cmd_uncheck, 1, -1, "ID...", N_("undo check"), CMD_LEAN},
	{"note", cmd_note, 2, 2, "ID TEXT",
	 N_("set the evidence note of an item (\"\" clears it)"), CMD_LEAN},
	{"dispute", cmd_dispute, 2, 2, "ID TEXT",
	 N_("answer a probe that contradicts a tick wrongly (\"\" withdraws)"),
	 CMD_LEAN},
	{"undo", cmd_undo, 0, 0, "",
	 N_("revert the last change (again: the one before)"), CMD_LEAN},
	{"redo", cmd_redo, 0, 0, "",
	 N_("take back the last undo (until the next change)"), CMD_LEAN},
	{"export", cmd_export, 0, 0,
	 "--format F [--all] [-o FILE|-] [--force] [--sort S] [--level L] "
	 "[--split DIR] [--bom] [--sep S] [--grade-item NAME] [--grade G] [--key K] "
	 "[--feedback] [--percent] [--skip-missing] [--unsigned]",
	 NULL /* "a report: " and the format table's names */, CMD_READS},
	{"import", cmd_import, 1, -1, "[--rename OLD=NEW]... FILE...",
	 N_("merge learners' JSON exports (a namesake under another name)"), 0},
	{"review", cmd_review, 2, 3,
	 "LEARNER ID [TEXT] [--agree|--disagree]",
	 N_("an instructor's comment on an entry, a mark on a criterion"), 0},
	{"verify", cmd_verify, 1, -1, "FILE...",
	 N_("check exports' hash chains, states and levels"), 0},
	{"study", cmd_study, 0, 0, "[--due [--json]]",
	 N_("a study session, or the cards due now"), 0},
	{"probe", cmd_probe, 0, 1,
	 "[DIR] [--json] [--connect URL] [--pg CONNINFO] [--mysql URL] "
	 "[--kafka BOOTSTRAP] [--flink URL] [--prometheus URL]",
	 N_("evidence from the capstone project and its running pipeline"), 0},
	{"status", cmd_status, 0, 0, "[--json]",
	 N_("the checklist with states, notes, orphans"), CMD_READS | CMD_LEAN},
	{"score", cmd_score, 0, 0, "[--json]",
	 N_("the level reached, and what the next one needs"), CMD_READS | CMD_LEAN},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

void cli_usage(FILE *out)
{
	fputs(_("usage: selfgrade [GLOBAL] [COMMAND] [ARGS]\n\ncommands:\n"), out);
	char formats[200];

	snprintf(formats, sizeof formats, _("a report: %s"), report_format_list());
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const char *help = commands[i].help ? _(commands[i].help) : formats;
		/* Within 80 columns: a long usage gets a line of its own. */
		if (strlen(commands[i].usage) > 16)
			fprintf(out, "  %-9s %s\n  %-9s %-16s %s\n", commands[i].name,
				commands[i].usage, "", "", help);
		else
			fprintf(out, "  %-9s %-16s %s\n", commands[i].name,
				commands[i].usage, help);
	}
	fputs(_("\nglobal options:\n"
		"  --db PATH        the progress database (or SELFGRADE_DB)\n"
		"  --content DIR    the content pack folder (or SELFGRADE_CONTENT)\n"
		"  --learner NAME   whose progress (or SELFGRADE_LEARNER)\n"
		"  --lang en|ru     the language of messages and reports (else the locale's)\n"
		"  --help           this text\n"
		"  --version        the version\n"
		"\nexit status: 0 success, 1 an error in data, content or storage, "
		"2 a usage error\n"),
	      out);
}

/* Output that never reached its file or pipe (a full disk, a closed pipe)
 * is a failure, not a success: the buffer is flushed and closed here so
 * that the error is seen. */
int cli_finish(int rc)
{
	int err = 0;

	if (fflush(stdout) != 0 || ferror(stdout))
		err = errno ? errno : EIO;
	if (fclose(stdout) != 0 && !err)
		err = errno ? errno : EIO;
	if (err) {
		fprintf(stderr, _("selfgrade: cannot write the output: %s\n"),
			strerror(err));
		return rc == EXIT_OK ? EXIT_DATA : rc;
	}
	return rc;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	static char *tutor[] = {"tui", NULL};
	int first, rc;

	/* From the environment, only what selfgrade uses: characters (UTF-8,
	 * widths, case), collation (names in reports) and messages. Numbers
	 * stay in the C locale, so that a report's figures and its chart's
	 * coordinates read the same in every language; and the other
	 * categories would each cost loading their files at every start
	 * (doc/design.md, "Locale"). */
	setlocale(LC_CTYPE, "");
	setlocale(LC_COLLATE, "");
	setlocale(LC_MESSAGES, "");
	cli_i18n_init(NULL);
	/* Into a file or a pipe, a report goes in blocks of REPORT_BUFFER
	 * (set before anything is written, as setvbuf requires, and given a
	 * buffer: without one glibc keeps 4 KiB); a terminal keeps its line
	 * buffering. */
	static char out_buf[REPORT_BUFFER];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
	/* The global options, up to the command's name; the command parses
	 * the rest itself (cli_parse), global options among them. */
	rc = cli_parse_global(&c, argc, argv, &first);
	if (rc)
		return rc < 0 ? cli_finish(EXIT_OK) : rc;
	c.cmd = find_command(first < argc ? argv[first] : "tui");
	if (!c.cmd)
		return cli_usage_error(_("unknown command '%s'"), argv[first]);
	c.argc = first < argc ? argc - first : 1;
	c.argv = first < argc ? argv + first : tutor;
	c.readonly = (c.cmd->flags & CMD_READS) != 0;
	c.lean = (c.cmd->flags & CMD_LEAN) != 0;
	return cli_finish(c.cmd->run(&c));
}
