/* SPDX-License-Identifier: MIT */
#include "tui/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "tui/text.h"

void lineedit_init(struct lineedit *le, const char *text, size_t max)
{
	size_t n = text ? strlen(text) : 0;

	memset(le, 0, sizeof *le);
	le->max = max;
	xgrow(&le->buf, &le->cap, n + 1, 1);
	memcpy(le->buf, text ? text : "", n + 1);
	le->len = le->cur = n;
}

void lineedit_free(struct lineedit *le)
{
	free(le->buf);
	memset(le, 0, sizeof *le);
}

static bool is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

static size_t prev_char(const struct lineedit *le, size_t at)
{
	while (at > 0 && is_cont(le->buf[--at]))
		;
	return at;
}

static size_t next_char(const struct lineedit *le, size_t at)
{
	if (at < le->len)
		while (++at < le->len && is_cont(le->buf[at]))
			;
	return at;
}

static bool is_space_at(const struct lineedit *le, size_t at)
{
	return le->buf[at] == ' ';
}

static size_t word_left(const struct lineedit *le, size_t at)
{
	while (at > 0 && is_space_at(le, prev_char(le, at)))
		at = prev_char(le, at);
	while (at > 0 && !is_space_at(le, prev_char(le, at)))
		at = prev_char(le, at);
	return at;
}

static size_t word_right(const struct lineedit *le, size_t at)
{
	while (at < le->len && is_space_at(le, at))
		at = next_char(le, at);
	while (at < le->len && !is_space_at(le, at))
		at = next_char(le, at);
	return at;
}

/* Removes buf[from..to). */
static void cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	le->cur = from;
}

bool lineedit_insert(struct lineedit *le, unsigned cp)
{
	char enc[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    text_cp_width(cp) < 0)
		return false;
	if (cp < 0x80) {
		enc[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		enc[0] = (char)(0xC0 | cp >> 6);
		enc[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		enc[0] = (char)(0xE0 | cp >> 12);
		enc[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		enc[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		enc[0] = (char)(0xF0 | cp >> 18);
		enc[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		enc[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		enc[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (le->len + n > le->max)
		return false;
	xgrow(&le->buf, &le->cap, le->len + n + 1, 1);
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur + 1);
	memcpy(le->buf + le->cur, enc, n);
	le->len += n;
	le->cur += n;
	return true;
}

void lineedit_op(struct lineedit *le, enum le_op op)
{
	switch (op) {
	case LE_LEFT:
		le->cur = prev_char(le, le->cur);
		break;
	case LE_RIGHT:
		le->cur = next_char(le, le->cur);
		break;
	case LE_HOME:
		le->cur = 0;
		break;
	case LE_END:
		le->cur = le->len;
		break;
	case LE_WORD_LEFT:
		le->cur = word_left(le, le->cur);
		break;
	case LE_WORD_RIGHT:
		le->cur = word_right(le, le->cur);
		break;
	case LE_BACKSPACE:
		cut(le, prev_char(le, le->cur), le->cur);
		break;
	case LE_DELETE:
		cut(le, le->cur, next_char(le, le->cur));
		break;
	case LE_KILL_BEFORE:
		cut(le, 0, le->cur);
		break;
	case LE_KILL_AFTER:
		cut(le, le->cur, le->len);
		break;
	case LE_KILL_WORD:
		cut(le, word_left(le, le->cur), le->cur);
		break;
	}
}

void lineedit_view(const struct lineedit *le, int cols, size_t *start,
		   int *col)
{
	size_t s = 0;
	int w = text_width(le->buf, le->cur);

	if (cols < 1)
		cols = 1;
	/* Scroll right by whole characters until the cursor (and one cell
	 * for it to stand on) fits. */
	while (w > cols - 1 && s < le->cur) {
		unsigned cp;
		size_t k = utf8_decode(le->buf + s, le->len - s, &cp);
		w -= text_width(le->buf + s, k);
		s += k;
	}
	*start = s;
	*col = w;
}
