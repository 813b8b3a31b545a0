/* SPDX-License-Identifier: MIT */
/* Learners: names, who they are across databases, their keys. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "selfgrade/diag.h"
#include "selfgrade/field.h"
#include "selfgrade/name.h"
#include "selfgrade/sign.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

/* A learner's name is shown everywhere and typed on command lines: it is
 * kept as name_normal() spells it, and a name to keep must be spelled so. */
int store_name_check(const char *name, char **err)
{
	char *normal = name_normal(name, err);
	int rc = 0;

	if (!normal)
		return -1;
	if (strcmp(normal, name) != 0)
		rc = diag_fail(err, _("a learner's name has no spaces at either end and "
				    "is in Unicode NFC"));
	free(normal);
	return rc;
}

/* Open addressing over FNV-1a of the skeletons; at most half full. Each
 * name is in it twice, under its skeleton of either kind (name.h), the
 * kind as the key's first byte. Filled at the first name to check, so
 * that an import of learners known here already never loads ICU. */
struct name_index {
	char **skel, **name;
	size_t cap, n;
	bool filled;
};

static size_t slot_of(const struct name_index *x, const char *skel)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (const unsigned char *p = (const unsigned char *)skel; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	for (i = (size_t)h & (x->cap - 1); x->skel[i] && strcmp(x->skel[i], skel) != 0;
	     i = (i + 1) & (x->cap - 1))
		;
	return i;
}

static void index_put(struct name_index *x, char *skel, const char *name)
{
	size_t i;

	if (2 * (x->n + 1) > x->cap) {
		struct name_index y = {xcalloc(x->cap * 2, sizeof *y.skel),
				       xcalloc(x->cap * 2, sizeof *y.name), x->cap * 2, 0,
				       x->filled};
		for (size_t k = 0; k < x->cap; k++)
			if (x->skel[k]) {
				size_t j = slot_of(&y, x->skel[k]);
				y.skel[j] = x->skel[k];
				y.name[j] = x->name[k];
			}
		y.n = x->n;
		free(x->skel);
		free(x->name);
		*x = y;
	}
	i = slot_of(x, skel);
	if (x->skel[i]) { /* the first name of a skeleton is the one named */
		free(skel);
		return;
	}
	x->skel[i] = skel;
	x->name[i] = xstrdup(name);
	x->n++;
}

/* The two keys of name: its skeleton of either kind after a byte saying
 * which. -1 with *err when ICU cannot be loaded. */
static int keys_of(const char *name, char *key[2], char **err)
{
	for (int k = 0; k < 2; k++) {
		char *sk = name_skeleton(name, k == 0, err);
		if (!sk) {
			if (k)
				free(key[0]);
			key[0] = key[1] = NULL;
			return -1;
		}
		key[k] = xasprintf("%c%s", k ? 's' : 'f', sk);
		free(sk);
	}
	return 0;
}

static int index_add(struct name_index *x, const char *name, char **err)
{
	char *key[2];

	if (keys_of(name, key, err))
		return -1;
	index_put(x, key[0], name);
	index_put(x, key[1], name);
	return 0;
}

static void names_free(struct name_index *x)
{
	for (size_t i = 0; i < x->cap; i++) {
		free(x->skel[i]);
		free(x->name[i]);
	}
	free(x->skel);
	free(x->name);
	free(x);
}

void store_learner_names_drop(struct store *s)
{
	if (s->names)
		names_free(s->names);
	s->names = NULL;
}

void store_learner_names_index(struct store *s)
{
	struct name_index *x;

	store_learner_names_drop(s);
	x = xcalloc(1, sizeof *x);
	x->cap = 64;
	x->skel = xcalloc(x->cap, sizeof *x->skel);
	x->name = xcalloc(x->cap, sizeof *x->name);
	s->names = x;
	s->names_free = names_free;
}

/* Every name here into the index, once. */
static int index_fill(struct store *s, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_LEARNER_LIST);
	int rc = 0, step;

	if (!st)
		return store_fail(s, err, _("cannot read the learners"));
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = index_add(s->names, (const char *)sqlite3_column_text(st, 0), err);
	sqlite3_reset(st);
	if (rc == 0 && step != SQLITE_DONE)
		return store_fail(s, err, _("cannot read the learners"));
	s->names->filled = rc == 0;
	return rc;
}

/* name would be taken for other: which characters, and what to do. */
static int look_alike(const char *name, const char *other, const char *file_name,
		      char **err)
{
	char *what = name_differences(name, other);
	const char *said = what ? what : _("the same letters in another case or script");

	/* Which of the two is misspelt, only the instructor knows: either
	 * way is said. */
	if (file_name)
		diag_fail(err, _("'%s' would be taken for the learner '%s': %s; import "
				 "them under another name with --rename '%s=NEW NAME', or "
				 "correct the name here first with learner rename '%s' "
				 "'NEW NAME'"),
			  name, other, said, file_name, other);
	else
		diag_fail(err, _("'%s' would be taken for the learner '%s': %s; choose a "
				 "name that reads differently, or correct the name here "
				 "with learner rename '%s' 'NEW NAME'"),
			  name, other, said, other);
	free(what);
	return -1;
}

/* name, compared with every name here but except's (NULL: all). */
static int name_free_scan(struct store *s, const char *name, const char *file_name,
			  const char *except, char **err);

int store_learner_name_free(struct store *s, const char *name, const char *file_name,
		      char **err)
{
	char *want[2] = {NULL, NULL};

	/* ICU is loaded only when there is a name to compare with. */
	if (s->names && !s->names->filled && index_fill(s, err))
		return -1;
	if (s->names) {
		const char *other = NULL;
		if (s->names->n == 0)
			return 0;
		if (keys_of(name, want, err))
			return -1;
		for (int k = 0; k < 2 && !other; k++)
			other = s->names->name[slot_of(s->names, want[k])];
		free(want[0]);
		free(want[1]);
		if (!other)
			return 0;
		if (strcmp(other, name) == 0)
			return diag_fail(err, _("a learner named '%s' exists already"), name);
		return look_alike(name, other, file_name, err);
	}
	return name_free_scan(s, name, file_name, NULL, err);
}

static int name_free_scan(struct store *s, const char *name, const char *file_name,
			  const char *except, char **err)
{
	sqlite3_stmt *st;
	char *want[2] = {NULL, NULL};
	int rc, found = 0;

	st = store_stmt(s, S_LEARNER_LIST);
	if (!st)
		return store_fail(s, err, _("cannot read the learners"));
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *other = (const char *)sqlite3_column_text(st, 0);
		char *sk[2];
		if (except && strcmp(other, except) == 0)
			continue;
		if (strcmp(other, name) == 0) {
			found = diag_fail(err, _("a learner named '%s' exists already"), name);
			break;
		}
		if ((!want[0] && keys_of(name, want, err)) || keys_of(other, sk, err)) {
			found = -1;
			break;
		}
		if (strcmp(sk[0], want[0]) == 0 || strcmp(sk[1], want[1]) == 0)
			found = look_alike(name, other, file_name, err);
		free(sk[0]);
		free(sk[1]);
	}
	sqlite3_reset(st);
	free(want[0]);
	free(want[1]);
	return found;
}

int store_key_put(struct store *s, int64_t learner, const char *public_key,
	    const char *secret, const char *now, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_KEY_PUT);

	store_bind(st, "ITTT", learner, public_key, secret, now);
	return store_step_done(s, st, err, _("cannot keep the learner's key"));
}

int store_learner_insert(struct store *s, const char *name, const char *uid,
		   const char *created_at, const char *public_key,
		   const char *secret, int64_t *id, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_LEARNER_ADD);

	store_bind(st, "TTT", name, created_at, uid);
	if (store_step_done(s, st, err, _("cannot add the learner")))
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	/* Unfilled, the index reads this row when it is filled. */
	if (s->names && s->names->filled && index_add(s->names, name, err))
		return -1;
	return public_key ? store_key_put(s, *id, public_key, secret, created_at, err) : 0;
}

int store_learner_add(struct store *s, const char *typed, const char *now,
		      char **err)
{
	char uid[SIGN_UID_HEX], pub[SIGN_KEY_HEX], secret[SIGN_KEY_HEX];
	char *name = name_normal(typed, err);
	int64_t id;
	int rc;

	if (!name)
		return -1;
	if (sign_uid(uid) || sign_keypair(pub, secret)) {
		free(name);
		return diag_fail(err, _("no randomness from the system for the "
				      "learner's id and key"));
	}
	if (store_begin(s, err)) {
		free(name);
		return -1;
	}
	rc = store_learner_name_free(s, name, NULL, err) ||
			     store_learner_insert(s, name, uid, now, pub, secret, &id, err)
		     ? store_rollback(s)
		     : store_commit(s, err);
	memset(secret, 0, sizeof secret);
	free(name);
	return rc;
}

int store_learner_find_uid(struct store *s, const char *uid, int64_t *id)
{
	char *err = NULL;
	int rc = store_row(s, store_bound(s, S_LEARNER_BY_UID, "T", uid), &err, "", "I", id);

	free(err);
	return rc == 1 ? 0 : -1;
}

void store_identity_clear(struct store_identity *who)
{
	free(who->name);
	free(who->created_at);
	free(who->email);
	free(who->id_number);
	free(who->section);
	memset(who, 0, sizeof *who);
}

int store_identity(struct store *s, int64_t learner, bool make_key,
		   struct store_identity *out, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_LEARNER_INFO);
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return store_fail(s, err, _("cannot read the learner"));
	sqlite3_bind_int64(st, 1, learner);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out->uid, sizeof out->uid, "%s",
			 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
		out->name = store_col_dup(st, 1);
		out->created_at = store_col_dup(st, 2);
		out->email = store_col_dup_or_null(st, 3);
		out->id_number = store_col_dup_or_null(st, 4);
		out->section = store_col_dup_or_null(st, 5);
		if (sqlite3_column_text(st, 6))
			snprintf(out->public_key, sizeof out->public_key, "%s",
				 (const char *)sqlite3_column_text(st, 6));
		if (sqlite3_column_text(st, 7))
			snprintf(out->secret, sizeof out->secret, "%s",
				 (const char *)sqlite3_column_text(st, 7));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, err, _("cannot read the learner"));
	/* A learner added before keys existed gets one at their first own
	 * export: never for a cohort, where the learners are others. */
	if (make_key && !out->public_key[0] && !s->readonly) {
		char now[32];
		if (sign_keypair(out->public_key, out->secret))
			return diag_fail(err, _("no randomness from the system for a key"));
		store_now(now);
		if (store_begin(s, err) ||
		    (store_key_put(s, learner, out->public_key, out->secret, now, err)
			     ? store_rollback(s)
			     : store_commit(s, err))) {
			store_identity_clear(out);
			return -1;
		}
	}
	return 0;
}

/* Who else here has this value of a gradebook key (email or id_number),
 * or NULL; caller frees. */
static char *holder_of(struct store *s, int64_t learner, const char *column,
		       const char *value)
{
	sqlite3_stmt *st = NULL;
	char sql[128], *name = NULL;

	snprintf(sql, sizeof sql, "SELECT name FROM learner WHERE %s = ?2 AND id != ?1",
		 column);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	store_bind(st, "IT", learner, value);
	if (sqlite3_step(st) == SQLITE_ROW)
		name = store_col_dup_or_null(st, 0);
	sqlite3_finalize(st);
	return name;
}

/* The gradebook fields as learner set and import take them: each a line
 * a gradebook can hold (field.h), and email and id_number each one
 * learner's, since gradebooks match rows by them. */
int store_learner_fields_check(struct store *s, int64_t learner, const char *email,
			 const char *id_number, const char *section, char **err)
{
	const char *v[3] = {email, id_number, section};
	static const char *const names[3] = {"email", "id_number", "section"};

	for (int k = 0; k < 3; k++) {
		char *who;
		if (v[k] && field_check(FIELD_LINE, names[k], v[k], strlen(v[k]), err))
			return -1;
		if (k == 2 || !v[k] || !(who = holder_of(s, learner, names[k], v[k])))
			continue;
		{
			struct store_identity me = {0};
			store_identity(s, learner, false, &me, NULL);
			diag_fail(err, _("%s '%s' is already '%s''s here; it cannot be '%s''s "
					 "too (a gradebook would put one learner's grade on the "
					 "other)"),
				  names[k], v[k], who, me.name ? me.name : "?");
			store_identity_clear(&me);
		}
		free(who);
		return -1;
	}
	return 0;
}

int store_learner_set(struct store *s, int64_t learner, const char *email,
		      const char *id_number, const char *section, char **err)
{
	sqlite3_stmt *st;

	if (store_learner_fields_check(s, learner, email, id_number, section, err))
		return -1;
	if (store_begin(s, err))
		return -1;
	st = store_bound(s, S_LEARNER_SET, "ITTT", learner, email, id_number, section);
	if (store_step_done(s, st, err, _("cannot save the learner")))
		return store_rollback(s);
	return store_commit(s, err);
}

int store_learner_rename(struct store *s, const char *old, const char *typed, char **err)
{
	char *name = name_normal(typed, err);
	int64_t id;
	int rc;

	if (!name)
		return -1;
	if (store_learner_find(s, old, &id, err) || store_name_check(name, err) ||
	    store_begin(s, err)) {
		free(name);
		return -1;
	}
	/* Compared with every other name: the learner's own old spelling
	 * is the one being corrected. */
	store_learner_names_drop(s);
	rc = name_free_scan(s, name, NULL, old, err);
	if (rc == 0)
		rc = store_step_done(s, store_bound(s, S_LEARNER_RENAME, "IT", id, name), err,
				     _("cannot save the learner"));
	free(name);
	return rc ? store_rollback(s) : store_commit(s, err);
}

int store_learner_rekey(struct store *s, int64_t learner, const char *new_uid,
			const char *new_key, const char *file, const char *now,
			char **old_key, char **err)
{
	struct store_identity here;
	int64_t other;
	int rc = 0;

	*old_key = NULL;
	if (store_learner_find_uid(s, new_uid, &other) == 0 && other != learner)
		return diag_fail(err, _("the file's learner (id %.12s...) is another learner "
					"here; not the same person"),
				 new_uid);
	if (store_identity(s, learner, false, &here, err))
		return -1;
	if (here.secret[0]) {
		memset(here.secret, 0, sizeof here.secret);
		store_identity_clear(&here);
		return diag_fail(err, _("'%s' is this database's own learner: their key is "
					"here; another machine takes it with learner "
					"import-key"),
				 here.name);
	}
	if (store_begin(s, err)) {
		store_identity_clear(&here);
		return -1;
	}
	rc = store_step_done(s,
			     store_bound(s, S_KEY_CHANGE_ADD, "ITTTTTT", learner, here.uid,
					 here.public_key[0] ? here.public_key : NULL, new_uid,
					 new_key, file, now),
			     err, _("cannot save the learner"));
	if (rc == 0)
		rc = store_step_done(s, store_bound(s, S_LEARNER_UID_PUT, "IT", learner, new_uid),
				     err, _("cannot save the learner"));
	if (rc == 0)
		rc = store_key_put(s, learner, new_key, NULL, now, err);
	if (rc == 0 && here.public_key[0])
		*old_key = xstrdup(here.public_key);
	store_identity_clear(&here);
	return rc ? store_rollback(s) : store_commit(s, err);
}

int64_t store_learner_rekeyed_after(struct store *s, int64_t learner)
{
	int64_t after = 0;
	char *err = NULL;

	/* A database of before key_change has never replaced a key. */
	store_row(s, store_bound(s, S_KEY_CHANGE_LAST, "I", learner), &err, "", "I", &after);
	free(err);
	return after;
}

int store_gradebook_all(struct store *s, struct store_gradebook **v, size_t *n, char **err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!(st = store_stmt(s, S_GRADEBOOK_ALL)))
		return store_fail(s, err, _("cannot read the learners"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_gradebook *g;
		xgrow(v, &cap, *n + 1, sizeof **v);
		g = &(*v)[(*n)++];
		g->id = sqlite3_column_int64(st, 0);
		g->name = store_col_dup(st, 1);
		g->email = store_col_dup_or_null(st, 2);
		g->id_number = store_col_dup_or_null(st, 3);
		g->section = store_col_dup_or_null(st, 4);
		g->canvas_id = store_col_dup_or_null(st, 5);
		g->login = store_col_dup_or_null(st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_gradebook_free(*v, *n);
		*v = NULL;
		*n = 0;
		return store_fail(s, err, _("cannot read the learners"));
	}
	return 0;
}

void store_gradebook_free(struct store_gradebook *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].email);
		free(v[i].id_number);
		free(v[i].section);
		free(v[i].canvas_id);
		free(v[i].login);
	}
	free(v);
}

int store_gradebook_put(struct store *s, const struct store_gradebook *v, size_t n,
			char **err)
{
	static const char *const names[] = {"email", "id_number", "section", "canvas_id",
					    "login"};
	sqlite3_stmt *dup = NULL;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		const char *f[] = {v[i].email, v[i].id_number, v[i].section, v[i].canvas_id,
				   v[i].login};
		for (int k = 0; k < 5; k++)
			if (f[k] && field_check(FIELD_LINE, names[k], f[k], strlen(f[k]), err))
				return -1;
		if (v[i].canvas_id &&
		    strspn(v[i].canvas_id, "0123456789") != strlen(v[i].canvas_id))
			return diag_fail(err, _("canvas_id '%s' is not a Canvas user id "
						"(digits only)"),
					 v[i].canvas_id);
	}
	if (store_begin(s, err))
		return -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = store_step_done(s,
				     store_bound(s, S_GRADEBOOK_PUT, "ITTTTT", v[i].id,
						 v[i].email, v[i].id_number, v[i].section,
						 v[i].canvas_id, v[i].login),
				     err, _("cannot save the learner"));
	/* Written first and checked after, so that two learners may trade
	 * values; a gradebook maps rows by each of these (case aside). */
	for (int k = 0; rc == 0 && k < 5; k++) {
		char sql[200];
		if (k == 2)
			continue;
		snprintf(sql, sizeof sql,
			 "SELECT lower(%s), group_concat(name, ', ') FROM learner WHERE %s IS "
			 "NOT NULL GROUP BY lower(%s) HAVING count(*) > 1",
			 names[k], names[k], names[k]);
		if (sqlite3_prepare_v2(s->db, sql, -1, &dup, NULL) != SQLITE_OK) {
			rc = store_fail(s, err, _("cannot read the learners"));
			break;
		}
		if (sqlite3_step(dup) == SQLITE_ROW)
			rc = diag_fail(err, _("%s '%s' would be shared by %s (a gradebook would "
					      "put one learner's grade on another); nothing "
					      "changed"),
				       names[k], (const char *)sqlite3_column_text(dup, 0),
				       (const char *)sqlite3_column_text(dup, 1));
		sqlite3_finalize(dup);
	}
	return rc ? store_rollback(s) : store_commit(s, err);
}

int store_learner_lms(struct store *s, int64_t learner, char **canvas_id, char **login,
		      char **err)
{
	int rc;

	*canvas_id = *login = NULL;
	rc = store_row(s, store_bound(s, S_LEARNER_LMS, "I", learner), err,
		       _("cannot read the learner"), "TT", canvas_id, login);
	return rc == 1 ? 0 : rc < 0 ? -1 : store_fail(s, err, _("cannot read the learner"));
}

int store_learner_source(struct store *s, int64_t learner, char **file, char **err)
{
	int rc;

	*file = NULL;
	rc = store_row(s, store_bound(s, S_LEARNER_SOURCE_GET, "I", learner), err,
		       _("cannot read the learner"), "T", file);
	return rc == 1 ? 0 : rc < 0 ? -1 : store_fail(s, err, _("cannot read the learner"));
}

int store_learner_source_set(struct store *s, int64_t learner, const char *file,
			     char **err)
{
	return store_step_done(s, store_bound(s, S_LEARNER_SOURCE_PUT, "IT", learner, file),
			       err, _("cannot save the learner"));
}

int store_learner_lms_set(struct store *s, int64_t learner, const char *canvas_id,
			  const char *login, char **err)
{
	const char *v[2] = {canvas_id, login};
	static const char *const names[2] = {"canvas_id", "login"};

	/* Canvas reads the ID column as a number: anything but digits would
	 * be read as another user's id (its leading digits). */
	if (canvas_id && (!*canvas_id || strspn(canvas_id, "0123456789") != strlen(canvas_id)))
		return diag_fail(err, _("canvas_id '%s' is not a Canvas user id (digits only)"),
				 canvas_id);
	for (int k = 0; k < 2; k++) {
		char *who;
		if (v[k] && field_check(FIELD_LINE, names[k], v[k], strlen(v[k]), err))
			return -1;
		if (!v[k] || !(who = holder_of(s, learner, names[k], v[k])))
			continue;
		diag_fail(err, _("%s '%s' is already '%s''s here (a gradebook would put one "
				 "learner's grade on the other)"),
			  names[k], v[k], who);
		free(who);
		return -1;
	}
	if (store_begin(s, err))
		return -1;
	if (store_step_done(s, store_bound(s, S_LEARNER_LMS_PUT, "ITT", learner, canvas_id, login),
			    err, _("cannot save the learner")))
		return store_rollback(s);
	return store_commit(s, err);
}

int store_learner_remove(struct store *s, const char *name, char **err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err))
		return -1;
	st = store_stmt(s, S_LEARNER_REMOVE);
	if (st) {
		char *normal = name_normal(name, NULL);
		sqlite3_bind_text(st, 1, normal ? normal : name, -1, SQLITE_TRANSIENT);
		free(normal);
	}
	if (store_step_done(s, st, err, _("cannot remove the learner")))
		return store_rollback(s);
	if (sqlite3_changes(s->db) == 0) {
		store_rollback(s);
		return diag_fail(err, _("no learner named '%s'"), name);
	}
	return store_commit(s, err);
}

int store_learner_list(struct store *s, char ***names, size_t *n, char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_LEARNER_LIST);
	size_t cap = 0;
	int rc;

	*names = NULL;
	*n = 0;
	if (!st)
		return store_fail(s, err, _("cannot list learners"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(names, &cap, *n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE)
		return store_fail(s, err, _("cannot list learners"));
	return 0;
}

int store_learner_find(struct store *s, const char *name, int64_t *id,
		       char **err)
{
	sqlite3_stmt *st = store_stmt(s, S_LEARNER_FIND);
	/* As it is kept: " anna" typed is anna. */
	char *normal = name_normal(name, NULL);
	int rc;

	if (!st) {
		free(normal);
		return store_fail(s, err, _("cannot find the learner"));
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
		return store_fail(s, err, _("cannot find the learner"));
	return diag_fail(err, _("no learner named '%s' (see 'selfgrade learner list')"),
		    name);
}

int store_learner_created(struct store *s, int64_t learner, char **at,
			  char **last, char **err)
{
	int rc;

	*at = *last = NULL;
	rc = store_row(s, store_bound(s, S_LEARNER_CREATED, "I", learner), err,
		       _("cannot read the learner"), "TT", at, last);
	return rc == 1 ? 0 : rc < 0 ? -1 : store_fail(s, err, _("cannot read the learner"));
}

int store_learner_take_key(struct store *s, const char *uid, const char *name,
			   const char *created_at, const char *public_key,
			   const char *secret, const char *now, char **err)
{
	struct store_identity here;
	int64_t id;
	int rc;

	if (store_begin(s, err))
		return -1;
	if (store_learner_find_uid(s, uid, &id) != 0) {
		rc = store_name_check(name, err) || store_learner_name_free(s, name, NULL, err) ||
		     store_learner_insert(s, name, uid, created_at, public_key, secret, &id, err);
		return rc ? store_rollback(s) : store_commit(s, err);
	}
	if (store_identity(s, id, false, &here, err))
		return store_rollback(s);
	rc = 0;
	if (here.secret[0] && strcmp(here.public_key, public_key) != 0)
		rc = diag_fail(err, _("'%s' has another key of their own here already; "
				    "refused"),
			       here.name);
	else if (here.public_key[0] && strcmp(here.public_key, public_key) != 0)
		rc = diag_fail(err, _("the key known here for '%s' since an import is "
				    "another one; refused"),
			       here.name);
	memset(here.secret, 0, sizeof here.secret);
	store_identity_clear(&here);
	if (rc || store_key_put(s, id, public_key, secret, now, err))
		return store_rollback(s);
	return store_commit(s, err);
}
