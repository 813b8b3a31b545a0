/* SPDX-License-Identifier: MIT */
/* The text probes: lines matching a pattern (in a Markdown section when
 * asked), and a mermaid diagram naming words. A line proves what it says
 * best when the match is not a mere key (a Grafana colour alias named
 * after a metric is no query of it); a match in a Java, Scala or Kotlin
 * job is reported as such, never as the PyFlink job the entries ask for. */
#include "probe_int.h"

#include <stdlib.h>
#include <string.h>

#include "selfgrade/i18n.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t' || *s == '\f')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* A JVM job's language, or NULL. */
static const char *jvm_language(const char *rel)
{
	if (probe_ends_with(rel, ".java"))
		return "Java";
	if (probe_ends_with(rel, ".scala"))
		return "Scala";
	if (probe_ends_with(rel, ".kt") || probe_ends_with(rel, ".kts"))
		return "Kotlin";
	return NULL;
}

/* Whether the match m in text is only a mapping's key: "NAME": in JSON,
 * NAME: at the start of a YAML line. */
static bool only_a_key(const char *text, const regmatch_t *m)
{
	const char *e = text + m->rm_eo;
	bool quoted = m->rm_so > 0 && (text[m->rm_so - 1] == '"' ||
	                               text[m->rm_so - 1] == '\'');
	size_t lead = strspn(text, " \t-");
	if (!quoted && (size_t)m->rm_so != lead)
		return false;
	if (quoted && (*e == '"' || *e == '\''))
		e++;
	while (*e == ' ' || *e == '\t')
		e++;
	return *e == ':';
}

/* A Markdown heading's level (1-6), or 0. */
static int heading_level(const char *s)
{
	int n = 0;
	while (s[n] == '#')
		n++;
	return n >= 1 && n <= 6 && (s[n] == ' ' || s[n] == '\t') ? n : 0;
}

static bool is_fence(const char *s, char *kind)
{
	while (*s == ' ')
		s++;
	if (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0) {
		*kind = s[0];
		return true;
	}
	return false;
}

struct contains_ctx {
	const struct pack_probe *pr;
	struct rx pattern, forbid, section;
	int found;
	struct pfile *first_f;
	int first_line;
	char *first_text;
	bool first_strong; /* the cited match is no mere key */
	int found_jvm;    /* lines of Java, Scala, Kotlin jobs */
	struct pfile *jvm_f;
	int jvm_line;
	char *jvm_text;
	struct pfile *bad_f; /* a forbidden line */
	int bad_line;
	char *bad_text;
	/* Markdown state, per file */
	char fence;
	int in_section; /* the level of the heading we are under, 0: none */
	bool any_section;
};

static bool contains_line(void *ctx, struct pfile *f, int line, char *text)
{
	struct contains_ctx *c = ctx;
	const struct pack_probe *pr = c->pr;
	regmatch_t m;
	char kind;

	if (pr->section) {
		if (is_fence(text, &kind))
			c->fence = c->fence == kind ? 0
			           : c->fence       ? c->fence
			                            : kind;
		int lv = c->fence ? 0 : heading_level(text);
		if (lv) {
			if (c->in_section && lv <= c->in_section)
				c->in_section = 0;
			if (!c->in_section &&
			    rx_match(&c->section, text + lv, &m, 1)) {
				c->in_section = lv;
				c->any_section = true;
			}
			return false;
		}
		if (!c->in_section)
			return false;
	}
	if (rx_match(&c->forbid, text, &m, 1)) {
		c->bad_f = f;
		c->bad_line = line;
		c->bad_text = probe_short(trim(text));
		return true;
	}
	if (rx_match(&c->pattern, text, &m, 1)) {
		if (jvm_language(f->rel)) {
			if (!c->found_jvm++) {
				c->jvm_f = f;
				c->jvm_line = line;
				c->jvm_text = probe_short(trim(text));
			}
			return false;
		}
		bool strong = !only_a_key(text, &m);
		if (!c->found++ || (strong && !c->first_strong)) {
			free(c->first_text);
			c->first_f = f;
			c->first_line = line;
			c->first_text = probe_short(trim(text));
			c->first_strong = strong;
		}
	}
	return false;
}

void probe_contains(struct project *pj, const struct pack_probe *pr,
                  struct probe_result *r)
{
	size_t nf, mf;
	struct pfile **fs = probe_select_files(pj, &pr->files, &nf, &mf);
	struct contains_ctx c = {.pr = pr};
	char *g = probe_join_globs(&pr->files);

	rx_init(&c.pattern, pr->pattern, pr->icase);
	rx_init(&c.forbid, pr->forbid, pr->icase);
	rx_init(&c.section, pr->section, true);
	for (size_t i = 0; i < nf && !c.bad_f; i++) {
		/* A file holding neither pattern's text is not gone through
		 * line by line (a section's headings are, whatever they hold). */
		if (!pr->section && !rx_may(&c.pattern, fs[i]->buf) &&
		    !rx_may(&c.forbid, fs[i]->buf))
			continue;
		c.fence = 0;
		c.in_section = 0;
		probe_each_line(fs[i], contains_line, &c);
	}
	rx_free(&c.pattern);
	rx_free(&c.forbid);
	rx_free(&c.section);
	if (c.bad_f)
		probe_set(r, PROBE_CONTRADICTED, c.bad_f->rel, c.bad_line,
		          c.bad_f, _("%s (matches %s)"), c.bad_text,
		          pr->forbid);
	else if (c.found >= pr->count && c.found > 1)
		probe_set(r, PROBE_VERIFIED, c.first_f->rel, c.first_line,
		          c.first_f,
		          P_("%s (%d line matches)", "%s (%d lines match)",
		             (unsigned long)c.found),
		          c.first_text, c.found);
	else if (c.found >= pr->count)
		probe_set(r, PROBE_VERIFIED, c.first_f->rel, c.first_line,
		          c.first_f, "%s", c.first_text);
	else if (c.found_jvm && c.found + c.found_jvm >= pr->count)
		probe_set(r, PROBE_NOT_FOUND, c.jvm_f->rel, c.jvm_line,
		          c.jvm_f,
		          /* TRANSLATORS: %s is Java, Scala or Kotlin. */
		          _("%s (found in a %s job; PyFlink expected)"),
		          c.jvm_text, jvm_language(c.jvm_f->rel));
	else if (c.found)
		probe_set(r, PROBE_NOT_FOUND, c.first_f->rel, c.first_line,
		          c.first_f,
		          P_("%d line of the %d needed matches %s",
		             "%d lines of the %d needed match %s",
		             (unsigned long)c.found),
		          c.found, pr->count, pr->pattern);
	else if (!mf)
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          _("no file matches %s"), g);
	else if (pr->section && !c.any_section)
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          _("no heading matching %s in %s"), pr->section, g);
	else
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          P_("no line matches %s in the %zu file matching %s%s",
		             "no line matches %s in the %zu files matching %s%s",
		             nf),
		          pr->pattern, nf, g,
		          nf < mf ? _(" (some could not be read: see the notes)")
		                  : "");
	free(c.first_text);
	free(c.bad_text);
	free(c.jvm_text);
	free(g);
	free(fs);
}

struct mermaid_ctx {
	const struct pack_probe *pr;
	char fence; /* in a code block of this kind */
	bool in_mermaid;
	int start;
	char *block; /* the block's text so far */
	size_t len, cap;
	struct pfile *hit_f, *seen_f;
	int hit_line, seen_line;
	char *missing;
};

static bool mermaid_done(struct mermaid_ctx *c, struct pfile *f)
{
	char *missing = NULL;
	size_t at;
	for (size_t i = 0; i < c->pr->words.n; i++)
		if (!utf8_casefind(c->block ? c->block : "", c->pr->words.v[i],
		                   &at)) {
			missing = c->pr->words.v[i];
			break;
		}
	free(c->block);
	c->block = NULL;
	c->len = c->cap = 0;
	c->in_mermaid = false;
	if (!missing) {
		c->hit_f = f;
		c->hit_line = c->start;
		return true;
	}
	if (!c->seen_f) {
		c->seen_f = f;
		c->seen_line = c->start;
		c->missing = missing;
	}
	return false;
}

static bool mermaid_line(void *ctx, struct pfile *f, int line, char *text)
{
	struct mermaid_ctx *c = ctx;
	char kind;

	if (is_fence(text, &kind)) {
		if (c->fence == kind) {
			c->fence = 0;
			if (c->in_mermaid)
				return mermaid_done(c, f);
			return false;
		}
		if (!c->fence) {
			const char *s = text;
			while (*s == ' ')
				s++;
			s += 3;
			while (*s == kind)
				s++;
			while (*s == ' ')
				s++;
			c->fence = kind;
			c->in_mermaid = strncmp(s, "mermaid", 7) == 0;
			c->start = line;
			return false;
		}
	}
	if (c->in_mermaid) {
		size_t n = strlen(text);
		xgrow(&c->block, &c->cap, c->len + n + 2, 1);
		memcpy(c->block + c->len, text, n);
		c->block[c->len + n] = '\n';
		c->block[c->len + n + 1] = '\0';
		c->len += n + 1;
	}
	return false;
}

void probe_mermaid(struct project *pj, const struct pack_probe *pr,
                 struct probe_result *r)
{
	size_t nf, mf;
	struct pfile **fs = probe_select_files(pj, &pr->files, &nf, &mf);
	struct mermaid_ctx c = {.pr = pr};
	char *g = probe_join_globs(&pr->files), *w = probe_join_globs(&pr->words);

	for (size_t i = 0; i < nf && !c.hit_f; i++) {
		if (!strstr(fs[i]->buf, "mermaid"))
			continue;
		c.fence = 0;
		c.in_mermaid = false;
		probe_each_line(fs[i], mermaid_line, &c);
		free(c.block); /* an unclosed block */
		c.block = NULL;
		c.len = c.cap = 0;
	}
	if (c.hit_f)
		probe_set(r, PROBE_VERIFIED, c.hit_f->rel, c.hit_line,
		          c.hit_f, _("a mermaid diagram naming %s"), w);
	else if (c.seen_f)
		probe_set(r, PROBE_NOT_FOUND, c.seen_f->rel, c.seen_line,
		          c.seen_f,
		          _("the mermaid diagram here does not name %s"),
		          c.missing);
	else if (!mf)
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          _("no file matches %s"), g);
	else
		probe_set(r, PROBE_NOT_FOUND, NULL, 0, NULL,
		          P_("no mermaid block in the %zu file matching %s",
		             "no mermaid block in the %zu files matching %s", nf),
		          nf, g);
	free(g);
	free(w);
	free(fs);
}
