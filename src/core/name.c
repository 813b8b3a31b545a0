/* Learners' names: trimmed and in NFC (utf8proc). */
#include "selfgrade/name.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "selfgrade/diag.h"
#include "selfgrade/store.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

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
		diag_fail(err, "a learner's name must be UTF-8 text");
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
		diag_fail(err, "a learner's name cannot be empty or only spaces");
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
		diag_fail(err, "a learner's name is at most %d bytes (this one has %zu)",
			  STORE_MAX_NAME, n);
		free(out);
		return NULL;
	}
	if (utf8_has_controls(out, n, "")) {
		diag_fail(err, "a learner's name cannot hold control or "
			       "direction-changing characters");
		free(out);
		return NULL;
	}
	return out;
}
