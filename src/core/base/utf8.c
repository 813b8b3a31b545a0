/* SPDX-License-Identifier: MIT */
#include "selfgrade/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include <wctype.h>

#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* Length of the well-formed sequence at s, or 0 if it is ill-formed
 * (Unicode 15, table 3-7). */
static size_t seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = c == 0xED ? 0x9F : 0xBF;
		return n >= 3 && s[1] >= lo && s[1] <= hi &&
				       (s[2] & 0xC0) == 0x80
			       ? 3
			       : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
		return n >= 4 && s[1] >= lo && s[1] <= hi &&
				       (s[2] & 0xC0) == 0x80 &&
				       (s[3] & 0xC0) == 0x80
			       ? 4
			       : 0;
	}
	return 0;
}

/* Whether the 8 bytes at s are all ASCII. */
static bool ascii8(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, sizeof w);
	return (w & 0x8080808080808080u) == 0;
}

/* Every pack file and every text passes here at load: runs of ASCII (the
 * YAML's keys, indentation, ids) are skipped eight bytes at a time. */
bool utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		size_t k;
		if (s[i] < 0x80) {
			i++;
			while (i + 8 <= len && ascii8(s + i))
				i += 8;
			continue;
		}
		k = seq_len(s + i, len - i);
		if (k == 0) {
			if (bad)
				*bad = i;
			return false;
		}
		i += k;
	}
	return true;
}

void utf8_line_col(const char *str, size_t len, size_t off, int *line,
		   int *col)
{
	const unsigned char *s = (const unsigned char *)str;
	int l = 1, c = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (s[i] == '\r') {
			continue; /* the LF of a CRLF ends the line */
		} else if ((s[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

size_t utf8_decode(const char *str, size_t n, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k = seq_len(s, n);

	switch (k) {
	case 1:
		*cp = s[0];
		break;
	case 2:
		*cp = (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu);
		break;
	case 3:
		*cp = (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
		break;
	case 4:
		*cp = (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 |
		      (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
		break;
	default:
		*cp = 0xFFFD;
		k = 1;
	}
	return k;
}

/* The content is Russian and English: those fold the same in any locale,
 * so search does not depend on how the C library was set up. Ё and ё are
 * е, as Russian readers type them. */
static unsigned fold(unsigned c)
{
	if (c == 0x401 || c == 0x451)
		return 0x435;
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
	    (c >= 0x410 && c <= 0x42F))
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if (c < 0x80 || (c >= 0x430 && c <= 0x45F))
		return c;
	return (unsigned)towlower((wint_t)c);
}

/* Whether needle matches at hay (case folded); *len its length in hay.
 * Both are NUL-terminated: decoding stops at the NUL, which is never a
 * continuation byte, so passing 4 as the length reads nothing past it. */
static int match_at(const char *hay, const char *needle, size_t *len)
{
	const char *h = hay, *n = needle;

	while (*n) {
		unsigned a, b;
		if (!*h)
			return 0;
		h += utf8_decode(h, 4, &a);
		n += utf8_decode(n, 4, &b);
		if (fold(a) != fold(b))
			return 0;
	}
	*len = (size_t)(h - hay);
	return 1;
}

const char *utf8_casefind(const char *hay, const char *needle, size_t *len)
{
	if (!*needle)
		return NULL;
	for (const char *h = hay; *h; h++)
		if (((unsigned char)*h & 0xC0) != 0x80 && match_at(h, needle, len))
			return h;
	return NULL;
}

/* Called on every scalar of a pack at load, so the characters that can
 * be none of those refused are passed over without decoding: printable
 * ASCII, and sequences led by any byte but 0xC2 (U+0080-U+00BF, the C1
 * controls) and 0xE2 (U+2000-U+2FFF, the bidirectional controls). */
bool utf8_has_controls(const char *s, size_t n, const char *allowed)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned c;
		if (u[i] >= 0x20 && u[i] < 0x7F) {
			i++;
			continue;
		}
		if (u[i] >= 0xC3 && u[i] != 0xE2) {
			size_t k = seq_len(u + i, n - i);
			i += k ? k : 1;
			continue;
		}
		i += utf8_decode(s + i, n - i, &c);
		if (c < 0x20 ? !strchr(allowed, (int)c) || c == 0
		    : (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
			      (c >= 0x2066 && c <= 0x2069))
			return true;
	}
	return false;
}

/* Whether the 3-byte sequence at s is a bidirectional override or
 * isolate (U+202A-U+202E, U+2066-U+2069): what can make a terminal or a
 * page show text in another order than it is. */
static bool bidi_control(const unsigned char *s)
{
	return s[0] == 0xE2 && ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
				(s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9));
}

size_t utf8_clean(const char *str, size_t n, const char *keep)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		size_t k;
		if (s[i] >= 0x20 && s[i] < 0x7F) { /* most of a text */
			i++;
			continue;
		}
		k = seq_len(s + i, n - i);
		if (k == 0 || (k == 1 && (s[i] == 0x7F || (s[i] < 0x20 &&
				 (s[i] == 0 || !strchr(keep, s[i]))))) ||
		    (k == 2 && s[i] == 0xC2 && s[i + 1] <= 0x9F) || (k == 3 && bidi_control(s + i)))
			break;
		i += k;
	}
	return i;
}

char *utf8_escape(const char *str, size_t n, const char *keep, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t cap = n * 4 + 4, o = 0, i = 0;
	char *out;

	if (max && n > max)
		cap = max * 4 + 8;
	out = xmalloc(cap);
	while (i < n) {
		size_t k = seq_len(s + i, n - i);
		if (max && i >= max) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (k == 0 || (k == 1 && (s[i] == 0x7F || (s[i] < 0x20 &&
				 (s[i] == 0 || !strchr(keep, s[i])))))) {
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", s[i]);
			i++;
		} else if (k == 2 && s[i] == 0xC2 && s[i + 1] <= 0x9F) {
			/* a C1 control, as its code point */
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", s[i + 1]);
			i += 2;
		} else if (k == 3 && bidi_control(s + i)) {
			/* \u202e: six bytes for three, within cap's four per byte */
			unsigned c;
			utf8_decode(str + i, 3, &c);
			o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
			i += 3;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return out;
}

static bool pictographic(unsigned c)
{
	return utf8proc_get_property((utf8proc_int32_t)c)->boundclass ==
	       UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC;
}

/* What may follow an emoji inside its sequence before a joiner: the
 * emoji presentation selector (U+FE0F) and the skin tones (U+1F3FB-1F3FF). */
static bool emoji_tail(unsigned c)
{
	return c == 0xFE0F || (c >= 0x1F3FB && c <= 0x1F3FF);
}

/* Whether the zero-width joiner at s[at] joins two emoji (👨‍👩‍👧, 🏳️‍🌈,
 * 👩🏽‍💻): an emoji before it, perhaps with a selector and a skin tone,
 * and one after it. Elsewhere it is an invisible character between
 * letters, which the policy refuses. */
static bool joins_emoji(const char *s, size_t n, size_t at)
{
	size_t i = at, steps = 0;
	unsigned c;

	if (at + 3 >= n || (utf8_decode(s + at + 3, n - at - 3, &c), !pictographic(c)))
		return false;
	while (i > 0 && steps < 3) {
		do
			i--;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
		utf8_decode(s + i, n - i, &c);
		if (pictographic(c))
			return true;
		if (!emoji_tail(c))
			return false;
		steps++;
	}
	return false;
}

size_t utf8_refused(const char *s, size_t n, const char *keep, unsigned *cp,
		    const char **what)
{
	for (size_t i = 0; i < n;) {
		unsigned c;
		size_t k = utf8_decode(s + i, n - i, &c);
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
		const char *why = NULL;
		if (cat == UTF8PROC_CATEGORY_CC)
			why = c < 0x80 && c && strchr(keep, (int)c) ? NULL
								    : _("a control character");
		else if (c == 0x200D)
			why = joins_emoji(s, n, i) ? NULL
						   : _("a zero-width joiner outside an emoji sequence");
		else if (cat == UTF8PROC_CATEGORY_CF)
			why = _("a format character (invisible or changing direction)");
		else if (cat == UTF8PROC_CATEGORY_ZL)
			why = _("a line separator");
		else if (cat == UTF8PROC_CATEGORY_ZP)
			why = _("a paragraph separator");
		if (why) {
			*cp = c;
			*what = why;
			return i;
		}
		i += k;
	}
	return (size_t)-1;
}

char *utf8_escape_foreign(const char *s, size_t n)
{
	/* After utf8_escape() the text is well-formed and holds no control,
	 * as utf8_refused() needs; a marker is at most three times the bytes
	 * it replaces (U+00AD: 2 bytes, "\u00ad"). */
	char *esc = utf8_escape(s, n, "", 0);
	size_t len = strlen(esc), cap = len * 3 + 1, o = 0;
	char *out = xmalloc(cap);

	for (size_t i = 0; i < len;) {
		unsigned cp;
		const char *why;
		size_t at = utf8_refused(esc + i, len - i, "", &cp, &why);
		if (at == (size_t)-1)
			at = len - i;
		memcpy(out + o, esc + i, at);
		o += at;
		i += at;
		if (i < len) {
			o += (size_t)snprintf(out + o, cap - o,
					      cp > 0xFFFF ? "\\U%08x" : "\\u%04x", cp);
			i += utf8_decode(esc + i, len - i, &cp);
		}
	}
	out[o] = '\0';
	free(esc);
	return out;
}
