/* SPDX-License-Identifier: MIT */
/* One set of rules for stored text: see field.h. */
#include "selfgrade/field.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "selfgrade/diag.h"
#include "selfgrade/i18n.h"
#include "selfgrade/timefmt.h"
#include "selfgrade/utf8.h"

bool field_id_valid(const char *s)
{
	size_t n = strlen(s);
	bool ok = n > 0 && n <= 64 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'));

	for (size_t i = 1; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		     s[i] == '-' || s[i] == '_';
	return ok;
}

/* Only spaces of any kind (U+0020, U+00A0, U+3000 ...): nothing to read. */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (utf8proc_category((utf8proc_int32_t)cp) != UTF8PROC_CATEGORY_ZS)
			return false;
		i += k ? k : 1;
	}
	return true;
}

static bool all_hex(const char *s, size_t n, size_t want)
{
	if (n != want)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The Unicode policy of names and notes (doc/design.md, "Unicode"), with the
 * controls in keep allowed. */
static int policy(const char *what, const char *s, size_t n, const char *keep,
		  char **why)
{
	unsigned cp;
	const char *bad;

	if (!utf8_valid(s, n, NULL))
		return diag_fail(why, _("%s must be UTF-8 text"), what);
	if (utf8_refused(s, n, keep, &cp, &bad) != (size_t)-1)
		return diag_fail(why, _("%s cannot hold U+%04X, %s"), what, cp, bad);
	return 0;
}

int field_check(enum field_kind kind, const char *what, const char *s, size_t n,
		char **why)
{
	int64_t t;

	switch (kind) {
	case FIELD_LINE:
		if (n > FIELD_MAX_LINE)
			return diag_fail(why, _("%s is at most %d bytes (this one has %zu)"),
					 what, FIELD_MAX_LINE, n);
		if (policy(what, s, n, "", why))
			return -1;
		if (blank(s, n))
			return diag_fail(why, _("%s cannot be blank"), what);
		return 0;
	case FIELD_NOTE:
		if (n > FIELD_MAX_NOTE)
			return diag_fail(why, _("%s is at most %d bytes (this one has %zu)"),
					 what, FIELD_MAX_NOTE, n);
		return policy(what, s, n, "\n\t", why);
	case FIELD_ID:
		if (strlen(s) != n || !field_id_valid(s))
			return diag_fail(why, _("%s: not an id (1-64 lowercase letters, "
						"digits, '.', '-', '_')"),
					 what);
		return 0;
	case FIELD_TIME:
		t = strlen(s) == n ? timefmt_strict(s) : -1;
		if (t < 0)
			return diag_fail(why, _("%s: not a UTC time as selfgrade writes it "
						"(2026-01-31T12:00:00.000Z)"),
					 what);
		if (t < 946684800)
			return diag_fail(why, _("%s: before the year 2000"), what);
		if (t > (int64_t)time(NULL) + 86400)
			return diag_fail(why, _("%s: more than a day in the future"), what);
		return 0;
	case FIELD_HEX128:
	case FIELD_HEX256:
	case FIELD_HEX512: {
		size_t want = kind == FIELD_HEX128 ? 32 : kind == FIELD_HEX256 ? 64 : 128;
		if (!all_hex(s, n, want))
			return diag_fail(why, _("%s: expected %zu hex digits"), what, want);
		return 0;
	}
	case FIELD_SHOWN:
		if (n > FIELD_MAX_SHOWN)
			return diag_fail(why, _("%s is at most %d bytes (this one has %zu)"),
					 what, FIELD_MAX_SHOWN, n);
		/* What a probe writes: it escapes every character this refuses
		 * (utf8_escape_foreign). */
		return policy(what, s, n, "", why);
	case FIELD_TEXT:
		if (n > 4 * FIELD_MAX_NOTE)
			return diag_fail(why, _("%s is at most %d bytes (this one has %zu)"),
					 what, 4 * FIELD_MAX_NOTE, n);
		if (!utf8_valid(s, n, NULL))
			return diag_fail(why, _("%s must be UTF-8 text"), what);
		if (utf8_has_controls(s, n, "\n\t"))
			return diag_fail(why, _("%s holds control characters"), what);
		return 0;
	}
	return diag_fail(why, "%s: ?", what);
}
