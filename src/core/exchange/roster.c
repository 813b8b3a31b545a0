/* SPDX-License-Identifier: MIT */
/* A class roster into the learners' gradebook fields (roster.h). */
#include "selfgrade/roster.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "selfgrade/diag.h"
#include "selfgrade/i18n.h"
#include "selfgrade/name.h"
#include "selfgrade/xalloc.h"

/* Larger than any class list; a file past it is not a roster. */
#define ROSTER_MAX (16u << 20)

enum col { C_NAME, C_FIRST, C_LAST, C_EMAIL, C_ID_NUMBER, C_SECTION, C_CANVAS_ID, C_LOGIN,
	   C_STUDENT, N_COLS };

/* The headers each column goes by, lower case. */
static const char *const heads[N_COLS][5] = {
	[C_NAME] = {"name", "full name", "fullname"},
	[C_FIRST] = {"first name", "firstname"},
	[C_LAST] = {"last name", "surname", "lastname"},
	[C_EMAIL] = {"email", "email address", "e-mail"},
	[C_ID_NUMBER] = {"id_number", "id number", "idnumber", "sis user id"},
	[C_SECTION] = {"section", "groups", "group"},
	[C_CANVAS_ID] = {"canvas_id", "id"},
	[C_LOGIN] = {"login", "username", "sis login id"},
	[C_STUDENT] = {"student"},
};

struct csv {
	char ***rows; /* each row's cells, NULL-ended */
	size_t n;
};

static void csv_free(struct csv *c)
{
	for (size_t i = 0; i < c->n; i++) {
		for (char **p = c->rows[i]; *p; p++)
			free(*p);
		free(c->rows[i]);
	}
	free(c->rows);
}

/* The separator of the header line: the most frequent of , ; tab outside
 * quotes. */
static char sep_of(const char *s)
{
	size_t count[3] = {0};
	bool quoted = false;

	for (; *s && (quoted || (*s != '\n' && *s != '\r')); s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted)
			count[0] += *s == ',', count[1] += *s == ';', count[2] += *s == '\t';
	}
	return count[1] > count[0] && count[1] >= count[2] ? ';'
	       : count[2] > count[0]			   ? '\t'
							   : ',';
}

/* RFC 4180: quoted cells with doubled quotes, CRLF or LF. */
static void csv_parse(const char *s, struct csv *out)
{
	char sep = sep_of(s);
	size_t cap = 0, ncell = 0, ccap = 0, len = 0, lcap = 0;
	char **cells = NULL, *cell = NULL;

	memset(out, 0, sizeof *out);
	for (;;) {
		bool quoted = false, end_row;
		len = 0;
		if (*s == '"') {
			quoted = true;
			s++;
		}
		for (;;) {
			if (quoted && *s == '"' && s[1] == '"') {
				s += 2;
				xgrow(&cell, &lcap, len + 2, 1);
				cell[len++] = '"';
				continue;
			}
			if (quoted && *s == '"') {
				quoted = false;
				s++;
				continue;
			}
			if (!*s || (!quoted && (*s == sep || *s == '\n' || *s == '\r')))
				break;
			xgrow(&cell, &lcap, len + 2, 1);
			cell[len++] = *s++;
		}
		xgrow(&cells, &ccap, ncell + 2, sizeof *cells);
		cells[ncell] = xstrndup(cell ? cell : "", len);
		/* Blanks around a cell are the spreadsheet's, not the value's. */
		{
			char *c = cells[ncell], *b = c;
			while (*b == ' ' || *b == '\t')
				b++;
			memmove(c, b, strlen(b) + 1);
			for (size_t k = strlen(c); k && (c[k - 1] == ' ' || c[k - 1] == '\t');)
				c[--k] = '\0';
		}
		ncell++;
		end_row = !*s || *s == '\n' || *s == '\r';
		if (*s == '\r')
			s++;
		if (*s == '\n' || *s == sep)
			s++;
		if (end_row) {
			cells[ncell] = NULL;
			if (ncell > 1 || cells[0][0]) {
				xgrow(&out->rows, &cap, out->n + 1, sizeof *out->rows);
				out->rows[out->n++] = cells;
			} else {
				free(cells[0]);
				free(cells);
			}
			cells = NULL;
			ccap = ncell = 0;
			if (!*s)
				break;
		}
	}
	free(cell);
}

static const char *cell_at(char **row, int at)
{
	if (at < 0)
		return NULL;
	for (int i = 0; i < at; i++)
		if (!row[i])
			return NULL;
	return row[at] && *row[at] ? row[at] : NULL;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/* The learner here a row's name is: as written, or (Canvas's "Last,
 * First") turned round. */
static bool name_is(const char *here, const char *name)
{
	char *normal, *comma;
	bool yes;

	if (!name)
		return false;
	normal = name_normal(name, NULL);
	yes = normal && strcmp(normal, here) == 0;
	free(normal);
	if (yes || !(comma = strchr(name, ',')))
		return yes;
	{
		char *last = xstrndup(name, (size_t)(comma - name));
		char *turned = xasprintf("%s %s", comma + 1, last);
		normal = name_normal(turned, NULL);
		yes = normal && strcmp(normal, here) == 0;
		free(normal);
		free(turned);
		free(last);
	}
	return yes;
}

static void line_add(char **list, size_t *n, const char *text)
{
	char *was = *list;

	*list = xasprintf("%s%s%s", was ? was : "", was ? "\n" : "", text);
	free(was);
	(*n)++;
}

/* Replaces *field with v when v says something. */
static bool take(char **field, const char *v)
{
	if (!v || (*field && strcmp(*field, v) == 0))
		return false;
	free(*field);
	*field = xstrdup(v);
	return true;
}

int roster_apply(FILE *f, const char *path, struct store *s, struct roster_result *out,
		 char **err)
{
	struct csv c;
	struct store_gradebook *here;
	size_t n_here, len = 0, cap = 0, k;
	char *text = NULL;
	int col[N_COLS];
	bool *matched, *changed;

	memset(out, 0, sizeof *out);
	for (;;) {
		xgrow(&text, &cap, len + 65536 + 1, 1);
		k = fread(text + len, 1, cap - len - 1, f);
		len += k;
		if (len > ROSTER_MAX) {
			free(text);
			return diag_fail(err, _("%s: larger than a roster can be (%u MiB)"), path,
					 ROSTER_MAX >> 20);
		}
		if (!k)
			break;
	}
	text[len] = '\0';
	if (ferror(f) || strlen(text) != len) {
		free(text);
		return diag_fail(err, _("%s: cannot read it as a text file"), path);
	}
	csv_parse(strncmp(text, "\xef\xbb\xbf", 3) == 0 ? text + 3 : text, &c);
	free(text);
	if (!c.n) {
		csv_free(&c);
		return diag_fail(err, _("%s: empty; a roster's first line names its columns"),
				 path);
	}
	for (int i = 0; i < N_COLS; i++) {
		col[i] = -1;
		for (int j = 0; c.rows[0][j] && col[i] < 0; j++)
			for (int h = 0; h < 5 && heads[i][h]; h++)
				if (strcasecmp(c.rows[0][j], heads[i][h]) == 0)
					col[i] = j;
	}
	if (col[C_STUDENT] >= 0 && col[C_NAME] < 0)
		col[C_NAME] = col[C_STUDENT];
	if (col[C_NAME] < 0 && col[C_FIRST] < 0 && col[C_EMAIL] < 0 && col[C_ID_NUMBER] < 0 &&
	    col[C_CANVAS_ID] < 0 && col[C_LOGIN] < 0) {
		csv_free(&c);
		return diag_fail(err, _("%s: no column names a learner (name, email, "
					"id_number; Moodle's or Canvas's headers)"),
				 path);
	}
	if (store_gradebook_all(s, &here, &n_here, err)) {
		csv_free(&c);
		return -1;
	}
	matched = xcalloc(n_here ? n_here : 1, sizeof *matched);
	changed = xcalloc(n_here ? n_here : 1, sizeof *changed);
	for (size_t r = 1; r < c.n; r++) {
		char **row = c.rows[r];
		const char *name = cell_at(row, col[C_NAME]);
		const char *email = cell_at(row, col[C_EMAIL]);
		const char *id_number = cell_at(row, col[C_ID_NUMBER]);
		const char *canvas_id = cell_at(row, col[C_CANVAS_ID]);
		const char *login = cell_at(row, col[C_LOGIN]);
		char *full = NULL, *said;
		size_t hit = SIZE_MAX, hits = 0;
		if (name && strcmp(name, "Points Possible") == 0)
			continue;
		if (!name && (cell_at(row, col[C_FIRST]) || cell_at(row, col[C_LAST])))
		{
			const char *first = cell_at(row, col[C_FIRST]),
				   *last = cell_at(row, col[C_LAST]);
			name = full = xasprintf("%s %s", first ? first : "", last ? last : "");
		}
		out->rows++;
		for (size_t i = 0; i < n_here; i++) {
			const struct store_gradebook *g = &here[i];
			if (same(email, g->email) || same(id_number, g->id_number) ||
			    same(canvas_id, g->canvas_id) || same(login, g->login) ||
			    name_is(g->name, name)) {
				if (hits++ == 0)
					hit = i;
				else if (hits == 2) {
					said = xasprintf(_("line %zu (%s) matches both %s and %s"),
							 r + 1, name ? name : email ? email : "?",
							 here[hit].name, g->name);
					line_add(&out->ambiguous, &out->n_ambiguous, said);
					free(said);
				}
			}
		}
		if (hits == 0) {
			said = xasprintf(_("line %zu: %s"), r + 1,
					 name ? name : email ? email : id_number ? id_number : "?");
			line_add(&out->fresh, &out->n_fresh, said);
			free(said);
		} else if (hits == 1) {
			struct store_gradebook *g = &here[hit];
			/* Each field taken, whatever the others did. */
			int any = (int)take(&g->email, email) + (int)take(&g->id_number, id_number) +
				  (int)take(&g->section, cell_at(row, col[C_SECTION])) +
				  (int)take(&g->canvas_id, canvas_id) + (int)take(&g->login, login);
			matched[hit] = true;
			changed[hit] |= any > 0;
			out->matched++;
		}
		free(full);
	}
	for (size_t i = 0; i < n_here; i++) {
		out->changed += changed[i];
		if (!matched[i])
			line_add(&out->unmatched, &out->n_unmatched, here[i].name);
	}
	int rc = 0;
	if (!out->n_ambiguous && out->changed) {
		/* Only the learners whose fields changed are written (copies
		 * of here's entries, which keep their strings). */
		struct store_gradebook *w = xmalloc(n_here * sizeof *w);
		size_t m = 0;
		for (size_t i = 0; i < n_here; i++)
			if (changed[i])
				w[m++] = here[i];
		rc = store_gradebook_put(s, w, m, err);
		free(w);
	}
	free(matched);
	free(changed);
	store_gradebook_free(here, n_here);
	csv_free(&c);
	if (rc)
		roster_result_free(out);
	return rc;
}

void roster_result_free(struct roster_result *r)
{
	free(r->fresh);
	free(r->unmatched);
	free(r->ambiguous);
	memset(r, 0, sizeof *r);
}
