/* Learners: names, who they are across databases, their keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "selfgrade/diag.h"
#include "selfgrade/name.h"
#include "selfgrade/xalloc.h"

/* A learner's name is shown everywhere and typed on command lines: it is
 * kept as name_normal() spells it, and a name to keep must be spelled so. */
int store_name_check(const char *name, char **err)
{
	char *normal = name_normal(name, err);
	int rc = 0;

	if (!normal)
		return -1;
	if (strcmp(normal, name) != 0)
		rc = diag_fail(err, "a learner's name has no spaces at either end and "
				    "is in Unicode NFC");
	free(normal);
	return rc;
}

int store_learner_add(struct store *s, const char *typed, const char *now,
		      char **err)
{
	sqlite3_stmt *st;
	int64_t id;
	char *name = name_normal(typed, err);
	int rc;

	if (!name)
		return -1;
	if (begin(s, err)) {
		free(name);
		return -1;
	}
	if (store_learner_find(s, name, &id, NULL) == 0) {
		rollback(s);
		rc = diag_fail(err, "a learner named '%s' exists already", name);
		free(name);
		return rc;
	}
	st = prep(s, S_LEARNER_ADD);
	if (st) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	}
	rc = step_done(s, st, err, "cannot add the learner") ? rollback(s)
							      : commit(s, err);
	free(name);
	return rc;
}

int store_learner_remove(struct store *s, const char *name, char **err)
{
	sqlite3_stmt *st;

	if (begin(s, err))
		return -1;
	st = prep(s, S_LEARNER_REMOVE);
	if (st) {
		char *normal = name_normal(name, NULL);
		sqlite3_bind_text(st, 1, normal ? normal : name, -1, SQLITE_TRANSIENT);
		free(normal);
	}
	if (step_done(s, st, err, "cannot remove the learner"))
		return rollback(s);
	if (sqlite3_changes(s->db) == 0) {
		rollback(s);
		return diag_fail(err, "no learner named '%s'", name);
	}
	return commit(s, err);
}

int store_learner_list(struct store *s, char ***names, size_t *n, char **err)
{
	sqlite3_stmt *st = prep(s, S_LEARNER_LIST);
	size_t cap = 0;
	int rc;

	*names = NULL;
	*n = 0;
	if (!st)
		return db_fail(s, err, "cannot list learners");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(names, &cap, *n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "cannot list learners");
	return 0;
}

int store_learner_find(struct store *s, const char *name, int64_t *id,
		       char **err)
{
	sqlite3_stmt *st = prep(s, S_LEARNER_FIND);
	/* As it is kept: " anna" typed is anna. */
	char *normal = name_normal(name, NULL);
	int rc;

	if (!st) {
		free(normal);
		return db_fail(s, err, "cannot find the learner");
	}
	sqlite3_bind_text(st, 1, normal ? normal : name, -1, SQLITE_TRANSIENT);
	free(normal);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "cannot find the learner");
	return diag_fail(err, "no learner named '%s' (see 'selfgrade learner list')",
		    name);
}

int store_learner_created(struct store *s, int64_t learner, char **at,
			  char **last, char **err)
{
	sqlite3_stmt *st = prep(s, S_LEARNER_CREATED);
	int rc;

	*at = *last = NULL;
	if (!st)
		return db_fail(s, err, "cannot read the learner");
	sqlite3_bind_int64(st, 1, learner);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*at = col_dup_or_null(st, 0);
		*last = col_dup_or_null(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "cannot read the learner");
	return 0;
}
