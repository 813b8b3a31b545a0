/* SPDX-License-Identifier: MIT */
/* The content pack: YAML files under checklists/NAME/ loaded into plain
 * structs that scoring, reports and the TUI read directly.
 *
 * Ownership: pack_load() returns a pack the caller frees with pack_free();
 * every string and array inside belongs to the pack. On failure it returns
 * NULL, frees everything it built, and leaves the problems in the caller's
 * diag_list. The structs are read-only to everyone but the loader. */
#ifndef SELFGRADE_CONTENT_H
#define SELFGRADE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "selfgrade/diag.h"

/* Where something was written: for error messages about it later. */
struct pack_pos {
	const char *file; /* points into struct pack's files; never NULL */
	int line, col;
};

struct pack_strv {
	char **v;
	size_t n;
};

/* A reference to another id, remembered with where it was written. */
struct pack_ref {
	char *id;
	struct pack_pos pos;
	size_t at; /* the entry it names in the pack's index, once checked */
};

struct pack_refv {
	struct pack_ref *v;
	size_t n;
};

struct pack_link {
	char *title;
	char *href;
	char *tail; /* the words after the link ("for patterns"), or NULL */
};

struct pack_item {
	char *id;
	char *text;
	char *verify;		/* the «Проверка» hint, or NULL */
	struct pack_strv notes; /* examples, recommendations */
	char *rule;		/* the CRITICAL rule's wording, or NULL */
	struct pack_item *items; /* sub-checkboxes, any depth */
	size_t n_items;
	struct pack_item *parent; /* NULL at the top of a section */
	/* pack_entry_hash() once asked for (64 hex digits, allocated then and
	 * freed with the pack), else NULL: a pointer rather than the digits,
	 * as most entries are never hashed (doc/design.md, "How it scales"). */
	char *text_hash;
	struct pack_pos pos;
	/* Small, and together: a pack holds one item per checkbox (its
	 * section is found by pack_item_section). */
	uint32_t idx;		/* its place in the pack's index */
	unsigned short depth;	/* 0 at the top of a section */
	bool critical;
};

struct pack_section {
	char *id;
	int number;
	char *title;
	char *applies_when;
	struct pack_link *links;
	size_t n_links;
	struct pack_item *items;
	size_t n_items;
	struct pack_pos pos;
};

struct pack_code {
	char *lang;
	char *code;
};

struct pack_table {
	char *id;
	char *title;
	char *source; /* which lesson or mistake it comes from, or NULL */
	struct pack_strv own; /* keys whose texts the project wrote, not a seed */
	struct pack_strv columns;
	struct pack_strv *rows; /* each as wide as columns */
	size_t n_rows;
	struct pack_pos pos;
};

struct pack_mistake {
	char *id;
	int number;
	char *title;
	char *error;
	struct pack_strv symptoms;
	char *fix_text;		  /* or NULL */
	struct pack_code fix_code; /* .code NULL when there is none */
	struct pack_ref table;	  /* .id NULL when there is none */
	const struct pack_table *table_ptr; /* resolved */
	char *prevention;
	struct pack_refv related;
	size_t idx;	 /* its place in the pack's index */
	char *text_hash; /* as pack_item's */
	struct pack_pos pos;
};

struct pack_criterion {
	char *id;
	char *text;
	struct pack_refv requires; /* checklist items and mistakes */
	bool attest;
	struct pack_strv verify; /* runtime checks shown with it; not scored */
	struct pack_level *level;
	size_t idx;	 /* its place in the pack's index */
	char *text_hash; /* as pack_item's */
	struct pack_pos pos;
};

struct pack_level {
	char *id;
	char *title;
	int points; /* the grade a gradebook gets for it; 0: the default */
	struct pack_criterion *criteria;
	size_t n_criteria;
	struct pack_pos pos;
};

struct pack_takeaway {
	char *id;
	int number;
	char *text;
	struct pack_pos pos;
};

/* A probe (probes.yaml): one check over the learner's own project that
 * gives evidence for one entry. The engine is in selfgrade/probe.h.
 *
 * A kind is a value here, one row of the loader's table (kinds[] in
 * content/probe_load.c: its name, the keys it needs and allows) and one of
 * the engine's (probe_kinds[] in probe/probe.c: its runner, its check, and
 * whether it reads text or connector configs). Two tables, because the
 * layers keep them apart: content loads and checks probes.yaml and comes
 * before the probe engine, which it may not include. Both tables fail the
 * build when the last kind has no row, and unit.probe when any has none. */
enum probe_kind {
	PROBE_FIELD_PRESENT,
	PROBE_FIELD_EQUALS,
	PROBE_FIELD_RANGE,
	PROBE_FIELD_MATCHES,
	PROBE_FIELD_UNIQUE,
	PROBE_FIELD_DIFFERS,
	PROBE_TEXT_CONTAINS,
	PROBE_MERMAID_NAMES,
	PROBE_KIND_COUNT
};

struct pack_probe {
	char *id;
	struct pack_ref for_; /* the item, mistake or criterion it is for */
	char *title;	      /* or NULL */
	enum probe_kind kind;
	struct pack_strv files;	    /* globs relative to the project */
	struct pack_strv connector; /* connector.class values (field kinds) */
	struct pack_strv field;	    /* alternative names, may hold * and ? */
	char *value;		    /* field-equals */
	long long min, max;	    /* field-range */
	char *pattern;		    /* POSIX ERE: field-matches, text-contains */
	bool icase;
	char *forbid;		    /* text-contains: ERE that contradicts */
	char *section;		    /* text-contains: Markdown heading ERE */
	int count;		    /* text-contains: lines needed (1) */
	int at_least;		    /* field-unique: connectors needed (1) */
	struct pack_strv words;	    /* mermaid-names */
	struct pack_strv elsewhere_files; /* field-differs */
	char *elsewhere_pattern;	  /* ERE, its last group is the value */
	struct pack_strv needs; /* text kinds: connector classes the probe is
				 * about; not applicable without one */
	struct pack_strv unless_field; /* field kinds: a connector whose */
	char *unless_pattern;	       /* field matches is left out */
	struct pack_pos pos;
};

enum pack_kind {
	PACK_SECTION,
	PACK_ITEM,
	PACK_MISTAKE,
	PACK_LEVEL,
	PACK_CRITERION,
	PACK_TAKEAWAY,
	PACK_TABLE,
};

/* One entry of the id index. */
struct pack_entry {
	const char *id;
	enum pack_kind kind;
	union {
		const struct pack_section *section;
		const struct pack_item *item;
		const struct pack_mistake *mistake;
		const struct pack_level *level;
		const struct pack_criterion *criterion;
		const struct pack_takeaway *takeaway;
		const struct pack_table *table;
	} u;
};
/* Where e is written: its section's, item's, ... (an entry keeps no copy:
 * the index of a big pack is one entry per item). */
struct pack_pos pack_entry_pos(const struct pack_entry *e);

struct pack {
	char *dir;
	char **files; /* display paths of the files read, for pack_pos */
	size_t n_files;

	char *id;
	char *title;
	char *version;
	char *language; /* or NULL */
	char *source;	/* or NULL */

	struct pack_section *sections;
	size_t n_sections;
	struct pack_mistake *mistakes;
	size_t n_mistakes;
	char *rubric_applies_when; /* or NULL */
	struct pack_level *levels; /* highest first */
	size_t n_levels;
	struct pack_takeaway *takeaways;
	size_t n_takeaways;
	struct pack_table *tables;
	size_t n_tables;
	struct pack_probe *probes; /* probes.yaml, in file order */
	size_t n_probes;

	struct pack_entry *index; /* sorted by id */
	size_t n_index;
	struct pack_arena *arena; /* where every string above lives */
};

/* The files of a pack, in the order they are read. pack.yaml, checklist.yaml
 * and rubric.yaml must exist; the others may be left out. */
enum pack_file {
	PF_PACK,
	PF_CHECKLIST,
	PF_MISTAKES,
	PF_RUBRIC,
	PF_TAKEAWAYS,
	PF_TABLES,
	PF_PROBES,
	PF_COUNT
};

extern const char *const pack_file_names[PF_COUNT];

/* The size limit of one content file, in bytes: room for a million
 * items, while a file that is not content at all is refused unread. */
#define PACK_MAX_FILE (256u * 1024u * 1024u)

/* Loads the pack in directory dir. Files are named in diagnostics as
 * "dir/name" ("name" when dir is "."). */
struct pack *pack_load(const char *dir, struct diag_list *d);

/* The same without opening the optional files in skip (bits 1u << PF_*;
 * the required ones are always read): for commands that use nothing from
 * them, which then neither pay for reading them nor fail on them. The
 * pack holds none of what they would have given (n_probes is 0; with
 * tables.yaml unread, a mistake's table is not looked up and its
 * table_ptr stays NULL), and pack_content_hash() of it differs from the
 * full pack's. */
struct pack *pack_load_except(const char *dir, unsigned skip,
			      struct diag_list *d);

/* The same from memory: src[i] is the text of file i (NULL when the file is
 * absent), named names[i] in diagnostics. For tests and the fuzzer. */
struct pack *pack_load_mem(const char *const src[PF_COUNT],
			   const size_t len[PF_COUNT],
			   const char *const names[PF_COUNT],
			   struct diag_list *d);

void pack_free(struct pack *p);

/* "a checklist item", "a mistake", ... for messages. */
const char *pack_kind_name(enum pack_kind k);

/* Whether s is spelled as an id may be (an id the pack does not have
 * may still be one: progress kept for an entry since removed). */
bool pack_id_valid(const char *s);

/* The entry for id, or NULL. */
const struct pack_entry *pack_find(const struct pack *p, const char *id);
/* The place of e (an entry of p's index or a copy of one) in p->index: an
 * integer fixed at load for items, mistakes and criteria, found by id for
 * the rest (and for structs built by hand, as tests do). */
size_t pack_index_of(const struct pack *p, const struct pack_entry *e);
/* The entry of an item, mistake or criterion of p. */
const struct pack_entry *pack_item_entry(const struct pack *p,
					 const struct pack_item *it);

/* Whether an item can be ticked directly (it has no sub-items); an item
 * with sub-items is done when they all are. */
/* The section it is in. */
const struct pack_section *pack_item_section(const struct pack *p,
					     const struct pack_item *it);
static inline bool pack_item_is_leaf(const struct pack_item *it)
{
	return it->n_items == 0;
}

/* The pack as JSON (the `dump` format), malloc'd, or NULL on failure. */
char *pack_to_json(const struct pack *p);

/* What a tick of e confirms: the SHA-256 (hex) of every text shown with
 * it, in NFC: an item's text, «Проверка» hint, notes, CRITICAL flag and
 * rule; a mistake's title, error, symptoms, fix and prevention; a
 * criterion's text. Worked out on first use and kept in the entry; the
 * string lives as long as the pack. e is an item, mistake or criterion. */
const char *pack_entry_hash(const struct pack_entry *e);
/* Frees the hashes pack_entry_hash() kept in p's entries (pack_free does;
 * a caller's own copy of an item, mistake or criterion frees its
 * text_hash itself). */
void pack_free_hashes(struct pack *p);
/* The hash schema 5 and older kept (fewer texts, not normalised). */
void pack_entry_hash_v1(const struct pack_entry *e, char out[65]);
/* Whether a stored hash confirms e as it reads now. */
bool pack_hash_confirms(const struct pack_entry *e, const char *stored);
/* The hash of a pack's whole content (its `dump` JSON). */
void pack_content_hash(const struct pack *p, char out[65]);

/* The kinds of probe a pack's probes.yaml may name. */
const char *probe_kind_name(enum probe_kind k);       /* "field-present", ... */
int probe_kind_parse(const char *s);                  /* or -1 */
const char *probe_kind_list(void); /* every kind, for messages */

/* Why a glob cannot be used (absolute, "..", empty), or NULL if it can. */
const char *probe_glob_problem(const char *glob);
/* Whether path (relative, '/'-separated) matches glob: '*', '?' and
 * '[...]' within one folder name, '**' for any number of folders. */
bool probe_glob_match(const char *glob, const char *path);

#endif
