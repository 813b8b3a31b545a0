/* SPDX-License-Identifier: MIT */
/* selfgrade: argument parsing, then one command of the table below. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "selfgrade/i18n.h"
#include "selfgrade/report.h"

static bool learner_reads(const struct cli *c)
{
	return c->argc == 1 && strcmp(c->argv[0], "list") == 0;
}

static bool study_reads(const struct cli *c)
{
	return c->due;
}

/* Adding a command is its file (cli/) and one entry here. */
static const struct command commands[] = {
	{"tui", cmd_tui, 0, 0, 0, "", N_("the interactive tutor (the default)"), 0, NULL},
	{"validate", cmd_validate, 0, 0, 0, "", N_("check the content pack"), 0, NULL},
	{"dump", cmd_dump, 0, 0, 0, "", N_("the loaded pack as JSON"), 0, NULL},
	{"learner", cmd_learner, 0, 1, 7,
	 "add NAME|list|remove NAME|rename OLD NEW|set NAME KEY=VALUE...|"
	 "roster FILE|export-key NAME FILE|import-key FILE|accept-key NAME FILE",
	 N_("manage learners (set: email=, id_number=, section=, canvas_id=, login=)"),
	 CMD_READS_IF,
	 learner_reads},
	{"check", cmd_check, 0, 1, -1, "ID...",
	 N_("tick items, confirm mistakes, attest criteria"), CMD_LEAN, NULL},
	{"uncheck", cmd_uncheck, 0, 1, -1, "ID...", N_("undo check"), CMD_LEAN, NULL},
	{"note", cmd_note, 0, 2, 2, "ID TEXT",
	 N_("set the evidence note of an item (\"\" clears it)"), CMD_LEAN, NULL},
	{"dispute", cmd_dispute, 0, 2, 2, "ID TEXT",
	 N_("answer a probe that contradicts a tick wrongly (\"\" withdraws)"),
	 CMD_LEAN, NULL},
	{"undo", cmd_undo, 0, 0, 0, "",
	 N_("revert the last change (again: the one before)"), CMD_LEAN, NULL},
	{"redo", cmd_redo, 0, 0, 0, "",
	 N_("take back the last undo (until the next change)"), CMD_LEAN, NULL},
	{"export", cmd_export,
	 OPT_FORMAT | OPT_ALL | OPT_OUTPUT | OPT_FORCE | OPT_SORT | OPT_LEVEL |
		 OPT_BOM | OPT_SPLIT | OPT_GRADE_ITEM | OPT_GRADEBOOK | OPT_SEP | OPT_UNSIGNED,
	 0, 0,
	 "--format F [--all] [-o FILE|-] [--force] [--sort S] [--level L] "
	 "[--split DIR] [--bom] [--sep S] [--grade-item NAME] [--grade G] [--key K] "
	 "[--feedback] [--percent] [--skip-missing] [--unsigned]",
	 NULL /* "a report: " and the format table's names */, CMD_READS, NULL},
	{"import", cmd_import, OPT_RENAME, 1, -1, "[--rename OLD=NEW]... FILE...",
	 N_("merge learners' JSON exports (a namesake under another name)"), 0, NULL},
	{"review", cmd_review, OPT_MARK, 2, 3,
	 "LEARNER ID [TEXT] [--agree|--disagree]",
	 N_("an instructor's comment on an entry, a mark on a criterion"), 0, NULL},
	{"verify", cmd_verify, 0, 1, -1, "FILE...",
	 N_("check exports' hash chains, states and levels"), 0, NULL},
	{"study", cmd_study, OPT_DUE | OPT_JSON, 0, 0, "[--due [--json]]",
	 N_("a study session, or the cards due now"), CMD_READS_IF, study_reads},
	{"probe", cmd_probe, OPT_JSON | OPT_CONNECT, 0, 1,
	 "[DIR] [--json] [--connect URL] [--pg CONNINFO] [--mysql URL] "
	 "[--kafka BOOTSTRAP] [--flink URL] [--prometheus URL]",
	 N_("evidence from the capstone project and its running pipeline"), 0, NULL},
	{"status", cmd_status, OPT_JSON, 0, 0, "[--json]",
	 N_("the checklist with states, notes, orphans"), CMD_READS | CMD_LEAN, NULL},
	{"score", cmd_score, OPT_JSON, 0, 0, "[--json]",
	 N_("the level reached, and what the next one needs"), CMD_READS | CMD_LEAN, NULL},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
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

static int usage_error(const char *fmt, const char *arg)
{
	fputs("selfgrade: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(_(" (see 'selfgrade --help')"), stderr);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* Output that never reached its file or pipe (a full disk, a closed pipe)
 * is a failure, not a success: the buffer is flushed and closed here so
 * that the error is seen. */
static int finish(int rc)
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
	enum { O_DB = 256, O_CONTENT, O_LEARNER, O_HELP, O_VERSION, O_JSON,
	       O_FORMAT, O_ALL, O_FORCE, O_DUE, O_SORT, O_LEVEL, O_BOM, O_SPLIT,
	       O_CONNECT, O_RENAME, O_AGREE, O_DISAGREE, O_GRADE_ITEM, O_LANG,
	       O_PG, O_MYSQL, O_KAFKA, O_FLINK, O_PROMETHEUS,
	       O_GRADE, O_KEY, O_FEEDBACK, O_PERCENT, O_SKIP_MISSING, O_SEP, O_UNSIGNED };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, O_DB},
		{"content", required_argument, NULL, O_CONTENT},
		{"learner", required_argument, NULL, O_LEARNER},
		{"help", no_argument, NULL, O_HELP},
		{"version", no_argument, NULL, O_VERSION},
		{"json", no_argument, NULL, O_JSON},
		{"format", required_argument, NULL, O_FORMAT},
		{"all", no_argument, NULL, O_ALL},
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, O_FORCE},
		{"unsigned", no_argument, NULL, O_UNSIGNED},
		{"due", no_argument, NULL, O_DUE},
		{"sort", required_argument, NULL, O_SORT},
		{"level", required_argument, NULL, O_LEVEL},
		{"bom", no_argument, NULL, O_BOM},
		{"split", required_argument, NULL, O_SPLIT},
		{"connect", required_argument, NULL, O_CONNECT},
		{"pg", required_argument, NULL, O_PG},
		{"mysql", required_argument, NULL, O_MYSQL},
		{"kafka", required_argument, NULL, O_KAFKA},
		{"flink", required_argument, NULL, O_FLINK},
		{"prometheus", required_argument, NULL, O_PROMETHEUS},
		{"rename", required_argument, NULL, O_RENAME},
		{"agree", no_argument, NULL, O_AGREE},
		{"grade-item", required_argument, NULL, O_GRADE_ITEM},
		{"disagree", no_argument, NULL, O_DISAGREE},
		{"lang", required_argument, NULL, O_LANG},
		{"grade", required_argument, NULL, O_GRADE},
		{"key", required_argument, NULL, O_KEY},
		{"feedback", no_argument, NULL, O_FEEDBACK},
		{"percent", no_argument, NULL, O_PERCENT},
		{"skip-missing", no_argument, NULL, O_SKIP_MISSING},
		{"sep", required_argument, NULL, O_SEP},
		{NULL, 0, NULL, 0},
	};
	struct cli c = {0};
	const struct command *cmd;
	int opt;

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
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (opt) {
		case O_DB:
			c.db = optarg;
			break;
		case O_CONTENT:
			c.content = optarg;
			break;
		case O_LEARNER:
			c.learner = optarg;
			break;
		case 'h':
		case O_HELP:
			usage(stdout);
			return finish(EXIT_OK);
		case O_VERSION:
			printf("selfgrade %s\n", SG_VERSION);
			return finish(EXIT_OK);
		case O_JSON:
			c.json = true;
			c.given |= OPT_JSON;
			break;
		case O_FORMAT:
			c.format = optarg;
			c.given |= OPT_FORMAT;
			break;
		case O_ALL:
			c.all = true;
			c.given |= OPT_ALL;
			break;
		case 'o':
			c.output = optarg;
			c.given |= OPT_OUTPUT;
			break;
		case O_FORCE:
			c.force = true;
			c.given |= OPT_FORCE;
			break;
		case O_UNSIGNED:
			c.unsigned_ok = true;
			c.given |= OPT_UNSIGNED;
			break;
		case O_DUE:
			c.due = true;
			c.given |= OPT_DUE;
			break;
		case O_SORT:
			c.sort = optarg;
			c.given |= OPT_SORT;
			break;
		case O_LEVEL:
			c.level = optarg;
			c.given |= OPT_LEVEL;
			break;
		case O_BOM:
			c.bom = true;
			c.given |= OPT_BOM;
			break;
		case O_SPLIT:
			c.split = optarg;
			c.given |= OPT_SPLIT;
			break;
		case O_GRADE_ITEM:
			c.grade_item = optarg;
			c.given |= OPT_GRADE_ITEM;
			break;
		case O_GRADE:
			if (strcmp(optarg, "instructor") != 0 && strcmp(optarg, "self") != 0)
				return usage_error(_("--grade takes instructor or self: '%s'"),
						   optarg);
			c.grade = optarg;
			c.given |= OPT_GRADEBOOK;
			break;
		case O_KEY:
			if (strcmp(optarg, "email") != 0 && strcmp(optarg, "id_number") != 0)
				return usage_error(_("--key takes email or id_number: '%s'"),
						   optarg);
			c.key = optarg;
			c.given |= OPT_GRADEBOOK;
			break;
		case O_FEEDBACK:
			c.feedback = true;
			c.given |= OPT_GRADEBOOK;
			break;
		case O_PERCENT:
			c.percent = true;
			c.given |= OPT_GRADEBOOK;
			break;
		case O_SKIP_MISSING:
			c.skip_missing = true;
			c.given |= OPT_GRADEBOOK;
			break;
		case O_SEP:
			if (strcmp(optarg, ",") != 0 && strcmp(optarg, ";") != 0 &&
			    strcmp(optarg, "tab") != 0)
				return usage_error(_("--sep takes ',', ';' or tab: '%s'"), optarg);
			c.sep = optarg;
			c.given |= OPT_SEP;
			break;
		case O_AGREE:
		case O_DISAGREE:
			c.mark = opt == O_AGREE ? 1 : -1;
			c.given |= OPT_MARK;
			break;
		case O_RENAME:
			if (!strchr(optarg, '=') || c.n_renames == 16)
				return usage_error(_("--rename takes OLD=NEW (at most 16): '%s'"),
						   optarg);
			c.renames[c.n_renames++] = optarg;
			c.given |= OPT_RENAME;
			break;
		case O_LANG:
			if (cli_i18n_init(optarg) != 0)
				return usage_error(_("--lang takes en or ru: '%s'"), optarg);
			break;
		case O_CONNECT:
			c.connect = optarg;
			c.given |= OPT_CONNECT;
			break;
		/* The live sources: one option each, any mix (probe). */
		case O_PG:
		case O_MYSQL:
		case O_KAFKA:
		case O_FLINK:
		case O_PROMETHEUS:
			*(opt == O_PG      ? &c.pg
			  : opt == O_MYSQL ? &c.mysql
			  : opt == O_KAFKA ? &c.kafka
			  : opt == O_FLINK ? &c.flink
					   : &c.prometheus) = optarg;
			c.given |= OPT_CONNECT;
			break;
		case ':':
			return usage_error(_("option '%s' needs a value"),
					   argv[optind - 1]);
		default:
			return usage_error(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (c.db && !*c.db)
		return usage_error("%s", _("--db needs a file path"));
	if (c.content && !*c.content)
		return usage_error("%s", _("--content needs a folder"));
	cmd = find_command(optind < argc ? argv[optind] : "tui");
	if (!cmd)
		return usage_error(_("unknown command '%s'"), argv[optind]);
	if (optind < argc)
		optind++;
	c.argc = argc - optind;
	c.argv = argv + optind;
	if (c.given & ~cmd->opts)
		return usage_error(_("'%s' takes no such option"), cmd->name);
	c.readonly = (cmd->flags & CMD_READS) ||
		     ((cmd->flags & CMD_READS_IF) && cmd->reads(&c));
	c.lean = (cmd->flags & CMD_LEAN) != 0;
	if (c.argc < cmd->min_args ||
	    (cmd->max_args >= 0 && c.argc > cmd->max_args))
		return usage_error(_("wrong number of arguments for '%s'"),
				   cmd->name);
	return finish(cmd->run(&c));
}
