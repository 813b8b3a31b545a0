/* SPDX-License-Identifier: MIT */
/* One set of rules for stored text: see field.h. */
#include "selfgrade/field.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "selfgrade/content.h"
#include "selfgrade/diag.h"
#include "selfgrade/i18n.h"
#include "selfgrade/store.h"
#include "selfgrade/utf8.h"

bool field_char_shown(unsigned cp)
{
	return !(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
		 cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
		 (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFD);
}

/* The digits at s[0..n) (checked to be digits). */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = 10 * v + (s[i] - '0');
	return v;
}

/* Days from 1970-01-01 to the date, proleptic Gregorian (as timegm
 * counts them). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era;
	int yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (int)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* By hand rather than sscanf and timegm: every time of every event of an
 * import or verify is read here, and those two were a thirtieth of what
 * verify spent. The same times are accepted: the fields' digits, a
 * month's days (the 29th of February in leap years), a second 60 as the
 * next minute's first, but not where that minute is the next day's. */
int64_t field_time(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p;
	int year, mon, mday, hour, min, sec, k = 0, last;
	int64_t t;

	if (!s)
		return -1;
	for (int i = 0; i < 19; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		bool ok = i == 4 || i == 7	 ? s[i] == '-'
			  : i == 10		 ? s[i] == 'T'
			  : i == 13 || i == 16 ? s[i] == ':'
						 : digit;
		if (!ok)
			return -1;
	}
	year = digits(s, 4);
	mon = digits(s + 5, 2);
	mday = digits(s + 8, 2);
	hour = digits(s + 11, 2);
	min = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	p = s + 19;
	if (*p == '.') {
		while (p[1] >= '0' && p[1] <= '9' && k < 9)
			p++, k++;
		p++;
		if (k == 0)
			return -1;
	}
	if (strcmp(p, "Z") != 0 || mon < 1 || mon > 12 || mday < 1 || mday > 31 ||
	    hour > 23 || min > 59 || sec > 60)
		return -1;
	last = mdays[mon - 1] +
	       (mon == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
	if (mday > last || (hour == 23 && min == 59 && sec == 60))
		return -1; /* 31 November; a day's end past its last */
	t = days_from_civil(year, mon, mday) * 86400 + hour * 3600 + min * 60 + sec;
	/* timegm's answer for an error, which it gave for 1969-12-31T23:59:59 */
	return t == -1 ? -1 : t;
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

/* The Unicode policy of names and notes (README, "Unicode"), with the
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
		if (strspn(s, " ") == n)
			return diag_fail(why, _("%s cannot be blank"), what);
		return 0;
	case FIELD_NOTE:
		if (n > STORE_MAX_NOTE)
			return diag_fail(why, _("%s is at most %d bytes (this one has %zu)"),
					 what, STORE_MAX_NOTE, n);
		return policy(what, s, n, "\n\t", why);
	case FIELD_ID:
		if (strlen(s) != n || !pack_id_valid(s))
			return diag_fail(why, _("%s: not an id (1-64 lowercase letters, "
						"digits, '.', '-', '_')"),
					 what);
		return 0;
	case FIELD_TIME:
		t = strlen(s) == n ? field_time(s) : -1;
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
		if (!utf8_valid(s, n, NULL))
			return diag_fail(why, _("%s must be UTF-8 text"), what);
		for (size_t i = 0; i < n;) {
			unsigned cp;
			size_t k = utf8_decode(s + i, n - i, &cp);
			if (!field_char_shown(cp))
				return diag_fail(why, _("%s cannot hold U+%04X, a control or "
							"direction-changing character"),
						 what, cp);
			i += k ? k : 1;
		}
		return 0;
	case FIELD_TEXT:
		if (n > 4 * STORE_MAX_NOTE)
			return diag_fail(why, _("%s is at most %d bytes (this one has %zu)"),
					 what, 4 * STORE_MAX_NOTE, n);
		if (!utf8_valid(s, n, NULL))
			return diag_fail(why, _("%s must be UTF-8 text"), what);
		if (utf8_has_controls(s, n, "\n\t"))
			return diag_fail(why, _("%s holds control characters"), what);
		return 0;
	}
	return diag_fail(why, "%s: ?", what);
}
