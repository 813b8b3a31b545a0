/* SPDX-License-Identifier: MIT */
#include "selfgrade/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

void diag_add(struct diag_list *d, const char *file, int line, int col,
	      const char *fmt, ...)
{
	va_list ap;
	int n;
	struct diag *g;
	char *raw;

	if (d->n >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	xgrow(&d->v, &d->cap, d->n + 1, sizeof *d->v);
	g = &d->v[d->n++];
	/* Messages quote file text and names: no byte of them may drive the
	 * terminal they are printed on. */
	g->file = file ? utf8_escape(file, strlen(file), "", 0) : xstrdup("");
	g->line = line;
	g->col = col;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	g->msg = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	g->msg[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(g->msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	raw = g->msg;
	g->msg = utf8_escape(raw, strlen(raw), "", 0);
	free(raw);
}

size_t diag_count(const struct diag_list *d)
{
	return d->n + d->dropped;
}

void diag_print(const struct diag_list *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(out, "%s:%d:%d: %s\n", d->v[i].file, d->v[i].line,
			d->v[i].col, d->v[i].msg);
	if (d->dropped)
		fprintf(out, "selfgrade: %zu more problems not shown\n",
			d->dropped);
}

void diag_list_free(struct diag_list *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->dropped = 0;
}

int diag_fail(char **err, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (err)
		*err = utf8_escape(buf, strlen(buf), "", 0);
	return -1;
}
