/* SPDX-License-Identifier: MIT */
/* The command line: one entry per command, each a thin layer over the core.
 * Handlers print; the core never does. */
#ifndef SELFGRADE_CLI_H
#define SELFGRADE_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "selfgrade/content.h"
#include "selfgrade/frontend.h"
#include "selfgrade/store.h"
#include "selfgrade/view.h"

struct command;

/* What every command has: the global options, and what main() and the
 * command's own cli_parse() leave for the command. */
struct cli {
	const char *db;
	const char *content; /* --content, or NULL */
	const char *learner;
	const struct command *cmd;
	bool study;	    /* the tutor opens on its study screen */
	bool readonly;	    /* the command only reads the database */
	bool lean;	    /* the command needs no probes, tables or takeaways */
	int argc;	     /* the command's words; after cli_parse(), its arguments */
	char **argv;
};

/* What a command is, beyond its options (struct command's flags). */
enum command_flag {
	/* Only reads: the database is opened read-only (doc/design.md, "Read-only
	 * commands"). A command that only reads for some arguments (learner
	 * list, study --due) sets c->readonly itself once it has parsed them. */
	CMD_READS = 1,
	/* Runs no probe, no study, hashes no whole pack: probes.yaml,
	 * tables.yaml and takeaways.yaml stay unread (doc/design.md, "What a command
	 * reads"). */
	CMD_LEAN = 2,
};

struct command {
	const char *name;
	int (*run)(struct cli *c);
	int min_args, max_args; /* -1: no limit */
	const char *usage; /* arguments, for --help and errors */
	const char *help;  /* one line */
	unsigned flags;	   /* enum command_flag */
};

/* One option of a command, a row of the table the command hands to
 * cli_parse() (ended by a row without a name). */
enum cli_opt_kind {
	CLI_FLAG,  /* --name: *(bool *)to = true */
	CLI_VALUE, /* --name: *(int *)to = value */
	CLI_TEXT,  /* --name ARG: *(const char **)to = ARG, or add(to, ARG) */
};
struct cli_opt {
	const char *name;
	int letter; /* -x as well, or 0 */
	enum cli_opt_kind kind;
	void *to;
	int value;
	/* CLI_TEXT: the values it takes, "a|b|c" (NULL: any); or, instead of
	 * storing ARG, add takes it (false: refused). refusal is the usage
	 * error then, a format whose one %s is ARG. */
	const char *choices;
	bool (*add)(void *to, const char *arg);
	const char *refusal;
};
#define CLI_MAX_OPTS 24
/* The rows, as a command writes them (git's OPT_BOOL and kin). */
#define CLI_OPT_FLAG(n, p) {.name = (n), .kind = CLI_FLAG, .to = (p)}
#define CLI_OPT_VALUE(n, p, v) {.name = (n), .kind = CLI_VALUE, .to = (p), .value = (v)}
#define CLI_OPT_TEXT(n, p) {.name = (n), .kind = CLI_TEXT, .to = (p)}
#define CLI_OPT_CHOICE(n, p, among, refused) \
	{.name = (n), .kind = CLI_TEXT, .to = (p), .choices = (among), .refusal = (refused)}
#define CLI_OPT_ADD(n, p, fn, refused) \
	{.name = (n), .kind = CLI_TEXT, .to = (p), .add = (fn), .refusal = (refused)}
#define CLI_OPT_END {.name = NULL}

/* The options before the command's name (the global ones: --db,
 * --content, --learner, --lang, --help, --version): 0 with *first the
 * index of the command's name (argc: none), EXIT_USAGE after saying why,
 * or -1 when --help or --version has been written. */
int cli_parse_global(struct cli *c, int argc, char **argv, int *first);
/* The command's words (c->argv, its name first): its options by opts
 * (NULL: none) and the global ones, in any order among its arguments;
 * leaves c->argc and c->argv its arguments, checked against the command's
 * counts. 0, or EXIT_USAGE after saying why. --help and --version
 * anywhere end the run here, as before a command. */
int cli_parse(struct cli *c, const struct cli_opt *opts);
/* "selfgrade: " fmt (one %s: arg) " (see 'selfgrade --help')": EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg);
/* --help's text (main.c: from the command table). */
void cli_usage(FILE *out);
/* stdout flushed and closed, its failure said: rc, or EXIT_DATA when
 * output was lost. */
int cli_finish(int rc);

/* Resolves the content pack folder (--content, SELFGRADE_CONTENT, the
 * build tree's or the installed checklists/). Caller frees. */
char *cli_content_dir(const struct cli *c);

/* Where the translations are: the build tree's, or the installed ones. */
char *cli_locale_dir(void);

/* Binds the message catalogue (lang NULL: the locale's language, as
 * gettext chooses it); with lang ("en", "ru"), that language for every
 * message and report whatever the locale says (doc/design.md, "Languages").
 * Returns -1 for a language selfgrade does not speak. */
int cli_i18n_init(const char *lang);

/* The tutor's shared object (tutor_load.c): the build tree's, or the
 * installed one. Caller frees. */
char *cli_tutor_path(void);

/* Opens the database (--db, SELFGRADE_DB or the default path), or prints
 * why not and returns its exit status. */
int cli_open_store(const struct cli *c, struct store **s);

/* Loads the pack or prints every problem and returns NULL. */
struct pack *cli_load_pack(const struct cli *c);

/* What a progress command works on (struct session, frontend.h): the
 * pack, the store, the learner. */
/* Loads the pack, opens the database and resolves the learner, printing
 * the problem and returning its exit status if any step fails. */
int session_start(const struct cli *c, struct session *ss);
void session_end(struct session *ss);
/* Who a session is for: a learner resolved as session_start() does; for
 * the tutor, with no learner named, $USER's (created on the first run) or
 * the first of several with ask_learner set; or nobody (whole-cohort
 * commands). */
enum session_for { FOR_LEARNER, FOR_TUTOR, FOR_COHORT };
int session_open(const struct cli *c, struct session *ss, enum session_for who);

/* A learner's progress, study sessions and the view over them. */
struct learner_state {
	struct progress progress;
	struct study_session *sessions;
	size_t n_sessions;
	struct evidence *evidence;
	size_t n_evidence;
	struct review *reviews;
	size_t n_reviews;
	struct view *view;
};
/* Reads the session's learner and computes the view, or prints why not
 * and returns its exit status. */
int session_view(const struct session *ss, struct learner_state *ls);
void learner_state_free(struct learner_state *ls);

/* Says why e takes no tick (or note), naming id; returns EXIT_DATA. */
int cli_refused(const struct cli *c, enum view_refusal why,
		const struct pack_entry *e, const char *id, const char *what);

int cmd_validate(struct cli *c);
int cmd_learner(struct cli *c);
int cmd_check(struct cli *c);
int cmd_uncheck(struct cli *c);
int cmd_note(struct cli *c);
int cmd_dispute(struct cli *c);
int cmd_undo(struct cli *c);
int cmd_redo(struct cli *c);
int cmd_status(struct cli *c);
int cmd_score(struct cli *c);
int cmd_dump(struct cli *c);
int cmd_tui(struct cli *c); /* tutor_cmds.c */
/* The tutor, its options parsed (tui, study). */
int cli_tutor(struct cli *c);
int cmd_export(struct cli *c);
int cmd_import(struct cli *c);
int cmd_verify(struct cli *c);
int cmd_study(struct cli *c);
int cmd_review(struct cli *c);
int cmd_probe(struct cli *c);

/* s with control bytes escaped (\x1b; tab and newline kept), for text
 * from the database printed to a terminal. Valid until eight more calls. */
const char *cli_safe(const char *s);

/* Prints a store error and frees it; returns EXIT_DATA. */
int cli_report_error(char *err);

#endif
