/* SPDX-License-Identifier: MIT */
/* Times: the one home of reading and writing them (timefmt.h). Stored and
 * exchanged times are RFC 3339 UTC as selfgrade writes them; a person reads
 * them in local time. */
#include "selfgrade/timefmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "selfgrade/i18n.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (the
 * civil-from-days arithmetic of Howard Hinnant's date algorithms): what
 * timegm works out, without its normalising, for a field already in
 * range. */
static long long days_of(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

static long long utc_of(const char *iso)
{
	struct tm tm = {0};

	/* The shape selfgrade writes, read without sscanf (a report reads
	 * every event's time); anything else as sscanf reads it. A NUL
	 * fails the first test it meets, so a short text is never read
	 * past. */
#define DIGIT(k) ((unsigned)(iso[k] - '0') <= 9)
#define NUM2(k) ((iso[k] - '0') * 10 + (iso[(k) + 1] - '0'))
	if (iso && DIGIT(0) && DIGIT(1) && DIGIT(2) && DIGIT(3) && iso[4] == '-' &&
	    DIGIT(5) && DIGIT(6) && iso[7] == '-' && DIGIT(8) && DIGIT(9) &&
	    iso[10] == 'T' && DIGIT(11) && DIGIT(12) && iso[13] == ':' && DIGIT(14) &&
	    DIGIT(15) && iso[16] == ':' && DIGIT(17) && DIGIT(18)) {
		tm.tm_year = NUM2(0) * 100 + NUM2(2) - 1900;
		tm.tm_mon = NUM2(5) - 1;
		tm.tm_mday = NUM2(8);
		tm.tm_hour = NUM2(11);
		tm.tm_min = NUM2(14);
		tm.tm_sec = NUM2(17);
		if (tm.tm_mon <= 11 && tm.tm_mday >= 1 && tm.tm_mday <= 31 &&
		    tm.tm_hour < 24 && tm.tm_min < 60 && tm.tm_sec < 60)
			return days_of(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
			       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
		return (long long)timegm(&tm);
	}
#undef NUM2
#undef DIGIT
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
			   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* The digits of v (0..99) at p. */
static char *two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

void timefmt_local(const char *iso, char out[32])
{
	long long t = utc_of(iso);
	time_t tt = (time_t)t;
	struct tm tm;
	char *p = out;

	if (t < 0 || !localtime_r(&tt, &tm)) {
		/* Never the text itself: it came from a file, and would reach
		 * every writer unescaped in a buffer that looks like ours. */
		snprintf(out, 32, "%s", TIMEFMT_NONE);
		return;
	}
	if (tm.tm_year + 1900 > 9999) {
		strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
		return;
	}
	/* "%Y-%m-%d %H:%M" by hand: a timeline writes one per event, and
	 * strftime cost more than the rest of its row. */
	p = two(p, (tm.tm_year + 1900) / 100);
	p = two(p, (tm.tm_year + 1900) % 100);
	*p++ = '-';
	p = two(p, tm.tm_mon + 1);
	*p++ = '-';
	p = two(p, tm.tm_mday);
	*p++ = ' ';
	p = two(p, tm.tm_hour);
	*p++ = ':';
	p = two(p, tm.tm_min);
	*p = '\0';
}

long long timefmt_seconds(const char *iso)
{
	return utc_of(iso);
}

void timefmt_zone(char out[64])
{
	time_t now = time(NULL);
	struct tm tm;
	char off[8];

	localtime_r(&now, &tm);
	strftime(off, sizeof off, "%z", &tm);
	snprintf(out, 64, "%s, UTC%.3s:%.2s", tm.tm_zone ? tm.tm_zone : _("local"),
		 off, off + 3);
}

void timefmt_iso(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

void timefmt_local_of(int64_t t, char out[32])
{
	char iso[32];

	timefmt_iso(t, iso);
	timefmt_local(iso, out);
}

/* The digits at s[0..n) (checked to be digits). */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = 10 * v + (s[i] - '0');
	return v;
}

/* By hand rather than sscanf and timegm: every time of every event of an
 * import or verify is read here, and those two were a thirtieth of what
 * verify spent. The same times are accepted: the fields' digits, a
 * month's days (the 29th of February in leap years), a second 60 as the
 * next minute's first, but not where that minute is the next day's. */
int64_t timefmt_strict(const char *s)
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
	t = days_of(year, mon, mday) * 86400 + hour * 3600 + min * 60 + sec;
	/* timegm's answer for an error, which it gave for 1969-12-31T23:59:59 */
	return t == -1 ? -1 : t;
}
