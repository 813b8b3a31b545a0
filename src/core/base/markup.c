/* SPDX-License-Identifier: MIT */
#include "selfgrade/markup.h"

#include <stdbool.h>
#include <string.h>

#include "selfgrade/xalloc.h"

/* The "**" that closes a bold span opened before p, skipping code spans
 * (whose stars are text), or NULL. */
static const char *bold_close(const char *p)
{
	for (; *p; p++) {
		const char *end;
		if (*p == '`' && (end = strchr(p + 1, '`'))) {
			p = end;
			continue;
		}
		if (p[0] == '*' && p[1] == '*')
			return p;
	}
	return NULL;
}

void markup_walk(const char *s,
		 void (*emit)(void *ctx, const char *run, size_t n, unsigned style),
		 void *ctx)
{
	size_t i = 0, start = 0;
	bool bold = false, code = false;

	for (;;) {
		size_t skip = 0;
		if (s[i] && !code && s[i] == '*' && s[i + 1] == '*' &&
		    (bold || bold_close(s + i + 2)))
			skip = 2;
		else if (s[i] == '`' && (code || strchr(s + i + 1, '`')))
			skip = 1;
		else if (s[i]) {
			i++;
			continue;
		}
		if (i > start)
			emit(ctx, s + start, i - start,
			     (bold ? MARKUP_BOLD : 0) | (code ? MARKUP_CODE : 0));
		if (!skip)
			return; /* the end */
		if (skip == 2)
			bold = !bold;
		else
			code = !code;
		i += skip;
		start = i;
	}
}

struct plain_buf {
	char *v;
	size_t n, cap;
};

static void plain_run(void *ctx, const char *s, size_t n, unsigned style)
{
	struct plain_buf *b = ctx;

	(void)style;
	xgrow(&b->v, &b->cap, b->n + n + 1, 1);
	memcpy(b->v + b->n, s, n);
	b->n += n;
	b->v[b->n] = '\0';
}

char *markup_plain(const char *s)
{
	struct plain_buf b = {0};

	markup_walk(s, plain_run, &b);
	return b.v ? b.v : xstrdup("");
}
