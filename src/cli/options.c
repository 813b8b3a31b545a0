/* SPDX-License-Identifier: MIT */
/* A command's options: the command names them in a table of its own and
 * calls cli_parse() first (git's builtins and parse_options), so adding a
 * command or an option touches that command's file only. The global
 * options are taken here too, after the command's name as before it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "selfgrade/i18n.h"

int cli_usage_error(const char *fmt, const char *arg)
{
	fputs("selfgrade: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(_(" (see 'selfgrade --help')"), stderr);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* Whether arg is one of choices ("a|b|c"). */
static bool chosen(const char *choices, const char *arg)
{
	size_t n = strlen(arg);

	for (const char *s = choices; *s;) {
		size_t k = strcspn(s, "|");
		if (k == n && strncmp(s, arg, n) == 0)
			return true;
		s += k + (s[k] == '|');
	}
	return false;
}

/* One option seen: stored where the command's table says, or refused. */
static int take(const struct cli_opt *o, const char *arg)
{
	switch (o->kind) {
	case CLI_FLAG:
		*(bool *)o->to = true;
		return 0;
	case CLI_VALUE:
		*(int *)o->to = o->value;
		return 0;
	case CLI_TEXT:
		if ((o->choices && !chosen(o->choices, arg)) ||
		    (o->add && !o->add(o->to, arg)))
			return cli_usage_error(_(o->refusal), arg);
		if (!o->add)
			*(const char **)o->to = arg;
		return 0;
	}
	return 0;
}

/* The options every command takes (main() takes them before the
 * command's name). getopt gives back each option's val: a global one's
 * from G_DB on, a command's row k as ROW + k (above any letter; 1 is a
 * word that is not an option, -1 the end). */
enum { ROW = 1000, G_DB = 2000, G_CONTENT, G_LEARNER, G_LANG, G_HELP, G_VERSION };
static const struct option global[] = {
	{"db", required_argument, NULL, G_DB},
	{"content", required_argument, NULL, G_CONTENT},
	{"learner", required_argument, NULL, G_LEARNER},
	{"lang", required_argument, NULL, G_LANG},
	{"help", no_argument, NULL, G_HELP},
	{"version", no_argument, NULL, G_VERSION},
	{NULL, 0, NULL, 0},
};
#define N_GLOBAL (sizeof global / sizeof global[0] - 1)

/* A global option seen: 0, EXIT_USAGE after saying why, or -1 when the
 * run ends here with exit status 0 (--help, --version: written). */
static int take_global(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case G_DB:
		if (!*arg)
			return cli_usage_error("%s", _("--db needs a file path"));
		c->db = arg;
		return 0;
	case G_CONTENT:
		if (!*arg)
			return cli_usage_error("%s", _("--content needs a folder"));
		c->content = arg;
		return 0;
	case G_LEARNER:
		c->learner = arg;
		return 0;
	case G_LANG:
		if (cli_i18n_init(arg) != 0)
			return cli_usage_error(_("--lang takes en or ru: '%s'"), arg);
		return 0;
	case G_HELP:
		cli_usage(stdout);
		return -1;
	default: /* G_VERSION */
		printf("selfgrade %s\n", SG_VERSION);
		return -1;
	}
}

int cli_parse_global(struct cli *c, int argc, char **argv, int *first)
{
	int opt, rc;

	opterr = 0;
	optind = 0; /* GNU getopt: start afresh */
	/* "+": the first word that is not an option is the command. */
	while ((opt = getopt_long(argc, argv, "+:h", global, NULL)) != -1) {
		if (opt == 'h')
			opt = G_HELP;
		if (opt == ':')
			return cli_usage_error(_("option '%s' needs a value"), argv[optind - 1]);
		if (opt == '?')
			return cli_usage_error(_("unknown option '%s'"), argv[optind - 1]);
		if ((rc = take_global(c, opt, optarg)) != 0)
			return rc;
	}
	*first = optind;
	return 0;
}

int cli_parse(struct cli *c, const struct cli_opt *opts)
{
	struct option longopts[N_GLOBAL + CLI_MAX_OPTS + 1];
	char shorts[2 * CLI_MAX_OPTS + 4] = "-:h";
	size_t n = 0, ns = strlen(shorts);
	int opt, rc, argc = 0;

	memcpy(longopts, global, N_GLOBAL * sizeof *global);
	for (; opts && n < CLI_MAX_OPTS && opts[n].name; n++) {
		longopts[N_GLOBAL + n] = (struct option){
			opts[n].name, opts[n].kind == CLI_TEXT ? required_argument : no_argument,
			NULL, ROW + (int)n};
		if (opts[n].letter) {
			shorts[ns++] = (char)opts[n].letter;
			if (opts[n].kind == CLI_TEXT)
				shorts[ns++] = ':';
		}
	}
	longopts[N_GLOBAL + n] = (struct option){0};
	shorts[ns] = '\0';
	/* "-": words that are not options come back in order as 1, so that
	 * they are the command's arguments wherever the options are. argv[0]
	 * is the command's name. */
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(c->argc, c->argv, shorts, longopts, NULL)) != -1) {
		if (opt == 1) {
			c->argv[argc++] = optarg;
			continue;
		}
		if (opt == 'h')
			opt = G_HELP;
		if (opt == ':')
			return cli_usage_error(_("option '%s' needs a value"),
					       c->argv[optind - 1]);
		if (opt == '?')
			return cli_usage_error(_("'%s' takes no such option"), c->cmd->name);
		if (opt >= G_DB) {
			rc = take_global(c, opt, optarg);
		} else {
			size_t k = (size_t)(opt - ROW);
			if (opt < ROW) /* a letter: its row */
				for (k = 0; opts[k].letter != opt; k++)
					;
			rc = take(&opts[k], optarg);
		}
		/* --help, --version: written, and nothing of the command has
		 * started yet, so the run ends here. */
		if (rc == -1)
			exit(cli_finish(EXIT_OK));
		if (rc)
			return rc;
	}
	/* After "--", the rest are arguments as they are. */
	while (optind < c->argc)
		c->argv[argc++] = c->argv[optind++];
	c->argc = argc;
	if (c->argc < c->cmd->min_args ||
	    (c->cmd->max_args >= 0 && c->argc > c->cmd->max_args))
		return cli_usage_error(_("wrong number of arguments for '%s'"), c->cmd->name);
	return 0;
}
