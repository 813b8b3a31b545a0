/* SPDX-License-Identifier: MIT */
/* The schema's forward-only steps, from data/migrations/NNN_*.sql. Step k
 * takes user_version from k-1 to k. */
#ifndef SELFGRADE_MIGRATIONS_H
#define SELFGRADE_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int n_migrations;

#endif
