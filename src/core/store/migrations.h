/* SPDX-License-Identifier: MIT */
/* The schema's forward-only steps, from data/migrations/NNN_*.sql: the
 * step of version NNN takes user_version from NNN-1 to NNN (the build
 * refuses a gap or a number twice: cmake/embed_migrations.cmake), and is
 * migrations[NNN - 1]. */
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
