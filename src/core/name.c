/* SPDX-License-Identifier: MIT */
/* Learners' names: trimmed and in NFC (utf8proc). */
#include "selfgrade/name.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "selfgrade/diag.h"
#include "selfgrade/store.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

static bool is_space(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return cp == ' ' || cp == '\t' || c == UTF8PROC_CATEGORY_ZS;
}

char *name_normal(const char *in, char **err)
{
	size_t n = strlen(in);
	const char *start = in, *end = in + n;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	utf8proc_uint8_t *nfc;
	char *trimmed, *out;

	if (!utf8_valid(in, n, NULL)) {
		diag_fail(err, _("a learner's name must be UTF-8 text"));
		return NULL;
	}
	while (start < end &&
	       (k = utf8proc_iterate((const utf8proc_uint8_t *)start, end - start, &cp)) > 0 &&
	       is_space(cp))
		start += k;
	/* From the end: step back to the start of each code point. */
	while (end > start) {
		const char *p = end - 1;
		while (p > start && ((unsigned char)*p & 0xC0) == 0x80)
			p--;
		if (utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp) <= 0 ||
		    !is_space(cp))
			break;
		end = p;
	}
	if (start == end) {
		diag_fail(err, _("a learner's name cannot be empty or only spaces"));
		return NULL;
	}
	trimmed = xstrndup(start, (size_t)(end - start));
	nfc = utf8proc_NFC((const utf8proc_uint8_t *)trimmed);
	out = nfc ? xstrdup((const char *)nfc) : trimmed;
	if (nfc)
		free(trimmed);
	free(nfc);
	n = strlen(out);
	if (n > STORE_MAX_NAME) {
		diag_fail(err, _("a learner's name is at most %d bytes (this one has %zu)"),
			  STORE_MAX_NAME, n);
		free(out);
		return NULL;
	}
	{
		unsigned bad;
		const char *why;
		if (utf8_refused(out, n, "", &bad, &why) != (size_t)-1) {
			diag_fail(err, _("a learner's name cannot hold U+%04X, %s"), bad, why);
			free(out);
			return NULL;
		}
	}
	return out;
}

/* Letters of Cyrillic and Greek that look like Latin ones, both cases (the
 * confusables of UTS #39 that matter for names typed in these scripts). */
static const struct {
	utf8proc_int32_t from, to;
} look_alike[] = {
	{0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'},
	{0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'},
	{0x0423, 'Y'}, {0x0425, 'X'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0405, 'S'},
	{0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'},
	{0x0443, 'y'}, {0x0445, 'x'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x0455, 's'},
	{0x0501, 'd'}, {0x04BB, 'h'}, {0x051B, 'q'}, {0x051D, 'w'}, {0x04CF, 'l'},
	{0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'},
	{0x0399, 'I'}, {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'},
	{0x03A1, 'P'}, {0x03A4, 'T'}, {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03B1, 'a'},
	{0x03BF, 'o'}, {0x03C1, 'p'}, {0x03BD, 'v'}, {0x03B9, 'i'}, {0x03BA, 'k'},
	{0x03C5, 'u'}, {0x03C7, 'x'},
};

char *name_skeleton(const char *name)
{
	utf8proc_uint8_t *nfkc = NULL, *folded = NULL;
	char *mapped, *o;
	const utf8proc_uint8_t *p;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if (utf8proc_map((const utf8proc_uint8_t *)name, 0, &nfkc,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				 UTF8PROC_COMPAT) < 0)
		return xstrdup(name);
	mapped = o = xmalloc(strlen((const char *)nfkc) + 1);
	for (p = nfkc; *p; p += k) {
		k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0)
			break;
		for (size_t i = 0; i < sizeof look_alike / sizeof *look_alike; i++)
			if (look_alike[i].from == cp)
				cp = look_alike[i].to;
		o += utf8proc_encode_char(cp, (utf8proc_uint8_t *)o);
	}
	*o = '\0';
	free(nfkc);
	if (utf8proc_map((const utf8proc_uint8_t *)mapped, 0, &folded,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				 UTF8PROC_CASEFOLD) < 0)
		return mapped;
	free(mapped);
	o = xstrdup((const char *)folded);
	free(folded);
	return o;
}
