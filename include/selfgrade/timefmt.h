/* SPDX-License-Identifier: MIT */
/* Times, read and written in one place. selfgrade stores and exchanges
 * RFC 3339 UTC (2026-11-21T22:43:25.960Z); people read local time
 * ("2026-11-21 23:43"). */
#ifndef SELFGRADE_TIMEFMT_H
#define SELFGRADE_TIMEFMT_H

#include <stdint.h>

/* What is shown for a time that is none: never the text itself, which
 * may come from a file. */
#define TIMEFMT_NONE "\xe2\x80\x94" /* an em dash */

/* Seconds since the epoch of a time in selfgrade's shape, read leniently
 * ("YYYY-MM-DDTHH:MM:SS" and anything after it; fields out of range are
 * carried, as timegm does), or -1: how selfgrade reads its own rows. */
long long timefmt_seconds(const char *iso);
/* Strictly RFC 3339 UTC as selfgrade writes it (fractions optional, a
 * final Z, every field in range, no 31 November), or -1: what an input
 * from outside must be. */
int64_t timefmt_strict(const char *s);
/* t as selfgrade writes times (UTC, milliseconds .000). */
void timefmt_iso(int64_t t, char out[32]);
/* iso in local time, "2026-11-21 23:43", or TIMEFMT_NONE when iso is not a
 * time. */
void timefmt_local(const char *iso, char out[32]);
/* t in local time, as timefmt_local() writes it. */
void timefmt_local_of(int64_t t, char out[32]);
/* The local zone as a person reads it: "CET, UTC+01:00". */
void timefmt_zone(char out[64]);

#endif
