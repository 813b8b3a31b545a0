/* SPDX-License-Identifier: MIT */
/* What the reports' own helpers work out, against libc's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>

#include "report_impl.h"

/* report_seconds reads selfgrade's own time shape with date arithmetic,
 * not timegm: every day from 1899 to 2101 (leap years, centuries, the
 * 400th), a day past a short month's end, and the second a day ends. */
static void seconds_agree_with_timegm(void **state)
{
	(void)state;
	for (int y = 1899; y <= 2101; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1,
						.tm_mday = d, .tm_hour = 23,
						.tm_min = 59, .tm_sec = 58};
				char iso[32];
				snprintf(iso, sizeof iso, "%04d-%02d-%02dT23:59:58Z", y, m, d);
				assert_int_equal(report_seconds(iso), (long long)timegm(&tm));
			}
}

/* Out of range or not a time: as timegm normalises, or -1. */
static void seconds_outside_the_shape(void **state)
{
	struct tm tm = {.tm_year = 126, .tm_mon = 12, .tm_mday = 1};

	(void)state;
	assert_int_equal(report_seconds("2026-13-01T00:00:00Z"), (long long)timegm(&tm));
	tm = (struct tm){.tm_year = 126, .tm_mon = 0, .tm_mday = 1, .tm_hour = 24};
	assert_int_equal(report_seconds("2026-01-01T24:00:00Z"), (long long)timegm(&tm));
	assert_int_equal(report_seconds("2026-01-01 00:00"), -1);
	assert_int_equal(report_seconds(NULL), -1);
	assert_int_equal(report_seconds("1970-01-01T00:00:00.000Z"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seconds_agree_with_timegm),
		cmocka_unit_test(seconds_outside_the_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
