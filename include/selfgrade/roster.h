/* SPDX-License-Identifier: MIT */
/* A class roster taken in: the gradebook fields of a cohort from one CSV
 * file, so that 200 learners need not 200 `learner set`s. Three shapes
 * are read, told apart by their header row (any case, any order; ',',
 * ';' or tab between cells; a byte-order mark allowed):
 *  - plain: name, email, id_number, section (also canvas_id, login);
 *  - Moodle's participants download: "First name", "Last name" (or
 *    "Surname"), "Email address", "ID number", "Groups" (or a "Full name"),
 *    and "Username" as the login;
 *  - Canvas's gradebook export: "Student" ("Last, First" or as written),
 *    "ID" (the Canvas user id), "SIS User ID", "SIS Login ID", "Section";
 *    its "Points Possible" row is skipped.
 * Each row is matched to a learner here by email, ID number, Canvas id,
 * login or name; the fields it gives then replace theirs. A row that
 * matches two learners here is ambiguous: then nothing at all changes. */
#ifndef SELFGRADE_ROSTER_H
#define SELFGRADE_ROSTER_H

#include <stdio.h>

#include "selfgrade/store.h"

struct roster_result {
	size_t rows;	  /* the roster's learners */
	size_t matched;	  /* rows matched to a learner here */
	size_t changed;	  /* of them, learners whose fields changed */
	/* One line each, "\n" between (NULL: none): rows that match no
	 * learner here (new), learners here no row matched (unmatched), and
	 * rows that match more than one (ambiguous: why nothing changed). */
	char *fresh, *unmatched, *ambiguous;
	size_t n_fresh, n_unmatched, n_ambiguous;
};

/* Reads the roster f (named path for messages) and fills the fields of the
 * learners it matches in s. 0 (with *out; nothing written when ambiguous
 * rows were found), or -1 with *err (nothing written). */
int roster_apply(FILE *f, const char *path, struct store *s, struct roster_result *out,
		 char **err);
void roster_result_free(struct roster_result *r);

#endif
