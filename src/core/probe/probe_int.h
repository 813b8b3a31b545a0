/* SPDX-License-Identifier: MIT */
/* What the probe engine's files share: the project as read (its files and
 * the connector configs found in them) and the helpers every concern uses.
 * probe.c walks and reads the project and runs the probes;
 * probe_find.c finds connector configs and works out which are versions of
 * one connector; probe_server.c reads the MySQL server's own settings. */
#ifndef SELFGRADE_PROBE_INT_H
#define SELFGRADE_PROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "selfgrade/probe.h"

struct pfile {
	char *rel;
	char *real; /* a link's target, relative to the project, else NULL */
	bool tried, ok;
	char *buf;
	size_t len;
	char hash[65]; /* SHA-256, worked out when a result cites the file */
	size_t cursor_off; /* probe_line_at's last answer: the line of ... */
	int cursor_line;   /* ... cursor_off, 0 before the first */
};

struct conn_field {
	char *key, *value;
	int line; /* -1: not looked up yet (JSON), 0: unknown */
};

/* One connector config, from a file or from a running Kafka Connect. */
struct conn {
	const char *file; /* pfile's rel, or "connect:NAME" (owned by live) */
	char *class_;
	char *name; /* its name in Kafka Connect, or NULL when none is given */
	struct conn_field *f;
	size_t n, cap;
	int class_line;
	struct pfile *pf; /* the file it is in, NULL live */
	/* JSON: where to look for a field's line, found only for the fields
	 * a probe asks about (a file of many keys stays cheap). */
	const char *buf;
	size_t len, from, to;
	long order;      /* registration order by a script or README, or -1 */
	bool superseded; /* an older version of another connector */
	bool running;    /* live: Kafka Connect says the connector runs */
};

struct project {
	char *root;  /* realpath of the directory, or NULL (live only) */
	int root_fd; /* the directory, open while root is set */
	struct pfile *files;
	size_t n_files, cap_files;
	size_t total; /* bytes read so far */
	struct diag_list *notes;
	struct conn *conns; /* every connector config found */
	size_t n_conns, cap_conns;
	size_t conns_capped; /* configs past PROBE_MAX_CONNS, not kept */
	bool live; /* the connector probes read conns from Kafka Connect */
	char **live_names;
	size_t n_live_names, cap_live_names;
	/* Which files each list of globs names, worked out once a run. */
	const struct pack_strv **memo_globs;
	unsigned char **memo_hits;
	size_t n_memo, cap_memo;
};

#include <regex.h>

/* probe.c */
#define MAX_VALUE 200 /* bytes of a found value or line shown */
/* What a project or a Kafka Connect holds, made safe to show and log. */
char *probe_clean(const char *s);
void probe_note(struct diag_list *d, const char *file, int line, int col,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool probe_load_file(struct project *pj, struct pfile *f);
bool probe_files_match(const struct pack_strv *globs, const char *rel);
/* Whether globs name f, a file of pj (memoised). */
bool probe_file_in(struct project *pj, const struct pack_strv *globs,
                   const struct pfile *f);
int probe_line_at(struct pfile *f, size_t off); /* 1-based */
bool probe_ends_with(const char *s, const char *suf);
struct pfile **probe_select_files(struct project *pj,
                                  const struct pack_strv *globs, size_t *n,
                                  size_t *matched);
char *probe_join_globs(const struct pack_strv *g);
/* Sets r's verdict, place and text (fmt is already translated). */
void probe_set(struct probe_result *r, enum probe_verdict v, const char *file,
               int line, struct pfile *pf, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
char *probe_short(const char *s); /* at most MAX_VALUE bytes and "..." */
/* A pattern compiled once for a whole run over the lines of the files;
 * NULL pattern or one that does not compile (the loader refused those)
 * never matches. */
#define RX_LITS 8
struct rx {
	regex_t rx;
	bool ok, icase;
	/* Text one of which every match holds (a branch each); none known:
	 * n_lits is 0. A line or file without any cannot match: the regex
	 * is not run on it, which is most of a project. */
	char *lits[RX_LITS];
	size_t n_lits;
};
void rx_init(struct rx *r, const char *re, bool icase);
bool rx_match(const struct rx *r, const char *s, regmatch_t *m, size_t nm);
/* Whether s may hold a match (false when it cannot). */
bool rx_may(const struct rx *r, const char *s);
void rx_free(struct rx *r);
/* Calls fn for each line of f (NUL-terminated copy), with its number;
 * stops when fn returns true. */
typedef bool (*line_fn)(void *ctx, struct pfile *f, int line, char *text);
void probe_each_line(struct pfile *f, line_fn fn, void *ctx);

/* probe_run_dir() and probe_run_live(), with after() called on the
 * project as the run read it (its files, the connector configs found and
 * which are superseded), before it is freed: the live probes take what
 * the project says from there rather than reading it again. */
typedef void probe_after_fn(void *ctx, struct project *pj);
int probe_run_dir_then(const struct pack *p, const char *dir,
                       struct probe_report *out, probe_after_fn *after,
                       void *ctx, char **err);
int probe_run_live_then(const struct pack *p, const char *json, size_t len,
                        const char *dir, struct probe_report *out,
                        probe_after_fn *after, void *ctx, char **err);

/* probe.c: how each kind of probe runs, a row per kind (the loader's half
 * of a kind, its name and keys, is in content/probe_load.c). */
typedef void probe_run_fn(struct project *pj, const struct pack_probe *pr,
                          struct probe_result *r);
/* What probe_field() shows a field kind's check of one connector. */
struct field_seen {
	const struct pack_probe *pr;
	const struct rx *pattern; /* pr's pattern, compiled once a run */
	const char *fields;	  /* pr's field names, joined */
	const struct conn *c;
	const struct conn_field *f; /* NULL: c sets none of the fields */
	const char *shown;	    /* f's value as shown, NULL without f */
};
/* Whether what s shows contradicts the probe; r then says how. */
typedef bool probe_check_fn(const struct field_seen *s,
                            struct probe_result *r);
struct probe_kind_run {
	probe_run_fn *run;
	probe_check_fn *check; /* kinds run by probe_field: their test */
	bool text; /* reads the project's files as text ('needs' names the
	            * connectors it is about), not connector configs */
};
extern const struct probe_kind_run probe_kinds[];

/* probe_conn.c: the connector probes (kinds field-*). */
/* Every selected connector, each judged by the kind's check. */
void probe_field(struct project *pj, const struct pack_probe *pr,
               struct probe_result *r);
probe_check_fn probe_check_present, probe_check_equals, probe_check_range,
    probe_check_matches;
void probe_unique(struct project *pj, const struct pack_probe *pr,
                struct probe_result *r);
void probe_differs(struct project *pj, const struct pack_probe *pr,
                 struct probe_result *r);
/* Whether pr is about a connector the project does not have (it has
 * others): then r says so, not applicable. */
bool probe_not_applicable(const struct project *pj,
                          const struct pack_probe *pr, struct probe_result *r);

/* probe_text.c: the text probes. */
void probe_contains(struct project *pj, const struct pack_probe *pr,
                  struct probe_result *r);
void probe_mermaid(struct project *pj, const struct pack_probe *pr,
                 struct probe_result *r);

/* probe_find.c */
void conn_add(struct conn *c, const char *key, const char *value, int line);
void conn_clear(struct conn *c);
/* The line of "key": (or 'key':) in the config's text. */
int conn_key_line(const struct conn *c, const char *key);
/* Finds every connector config of the files any connector probe of p may
 * read (and the names scripts register them under), then marks the older
 * versions of each connector superseded, with a note naming them. */
void conns_find(struct project *pj, const struct pack *p);
/* Reads a config object (json) as connector c: the JSON shapes' common
 * part, used for the live answer too. */
void conn_from_json(struct conn *c, json_t *cfg, const char *buf,
                    size_t len, size_t from);

/* probe_server.c */
/* The values the MySQL server itself is given for the elsewhere pattern of
 * pr, from its option files (server groups only), compose command: lines,
 * Kubernetes args: and the like. */
struct server_values {
	char **vals;
	const char **files;
	int *lines;
	size_t n, cap;
};
void server_values_find(struct project *pj, const struct pack_probe *pr,
                        struct server_values *out);
void server_values_free(struct server_values *v);

#endif
