/* SPDX-License-Identifier: MIT */
/* The command line: one entry per command, each a thin layer over the core.
 * Handlers print; the core never does. */
#ifndef SELFGRADE_CLI_H
#define SELFGRADE_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "selfgrade/content.h"
#include "selfgrade/frontend.h"
#include "selfgrade/store.h"
#include "selfgrade/view.h"

/* Options, parsed once for every command; a command states which of the
 * command-specific ones it takes (OPT_* bits). */
enum {
	OPT_JSON = 1u << 0,
	OPT_FORMAT = 1u << 1,
	OPT_ALL = 1u << 2,
	OPT_OUTPUT = 1u << 3,
	OPT_FORCE = 1u << 4,
	OPT_DUE = 1u << 5,
	OPT_SORT = 1u << 6,
	OPT_LEVEL = 1u << 7,
	OPT_BOM = 1u << 8,
	OPT_SPLIT = 1u << 9,
	OPT_CONNECT = 1u << 10,
	OPT_RENAME = 1u << 11,
	OPT_MARK = 1u << 12,
	OPT_GRADE_ITEM = 1u << 13,
	OPT_GRADEBOOK = 1u << 14, /* --grade, --feedback, --percent, --key, --skip-missing */
	OPT_SEP = 1u << 15,
	OPT_UNSIGNED = 1u << 16,
};

struct cli {
	const char *db;
	const char *content; /* --content, or NULL */
	const char *learner;
	unsigned given;	     /* OPT_* bits seen on the command line */
	bool json;
	const char *format; /* --format */
	bool all;	    /* --all */
	const char *output; /* -o */
	bool force;	    /* --force */
	bool unsigned_ok;   /* --unsigned: an export without the learner's key */
	bool due;	    /* --due */
	const char *sort;   /* --sort */
	const char *level;  /* --level */
	bool bom;	    /* --bom */
	const char *split;  /* --split DIR */
	const char *renames[16]; /* --rename OLD=NEW, import */
	int n_renames;
	int mark; /* review: --agree 1, --disagree -1 */
	const char *grade_item; /* export --format moodle|canvas */
	const char *grade;	/* --grade instructor|self */
	const char *key;	/* --key email|id_number */
	bool feedback, percent, skip_missing;
	const char *sep; /* --sep , | ; | tab */
	const char *connect; /* --connect URL */
	/* --pg, --mysql, --kafka, --flink, --prometheus (OPT_CONNECT too) */
	const char *pg, *mysql, *kafka, *flink, *prometheus;
	bool study;	    /* the tutor opens on its study screen */
	bool readonly;	    /* the command only reads the database */
	bool lean;	    /* the command needs no probes, tables or takeaways */
	int argc;	     /* the command's own arguments */
	char **argv;
};

/* What a command is, beyond its options (struct command's flags). */
enum command_flag {
	/* Only reads: the database is opened read-only (doc/design.md, "Read-only
	 * commands"); CMD_READS_IF asks the arguments. */
	CMD_READS = 1,
	CMD_READS_IF = 2,
	/* Runs no probe, no study, hashes no whole pack: probes.yaml,
	 * tables.yaml and takeaways.yaml stay unread (doc/design.md, "What a command
	 * reads"). */
	CMD_LEAN = 4,
};

struct command {
	const char *name;
	int (*run)(struct cli *c);
	unsigned opts;	   /* OPT_* bits it accepts */
	int min_args, max_args; /* -1: no limit */
	const char *usage; /* arguments, for --help and errors */
	const char *help;  /* one line */
	unsigned flags;	   /* enum command_flag */
	/* With CMD_READS_IF: whether these arguments only read. */
	bool (*reads)(const struct cli *c);
};

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
