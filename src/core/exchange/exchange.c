/* SPDX-License-Identifier: MIT */
/* Reading, verifying and merging an export, one learner at a time
 * (exchange.h): memory holds one learner and not the file. */
#include "selfgrade/exchange.h"

#include <stdlib.h>
#include <string.h>

#include "selfgrade/name.h"
#include "selfgrade/xalloc.h"

/* A renamed learner of the file: m->name points into kept, the caller's
 * to free. */
static char *rename_learner(const char *const *renames, int n, struct store_merge *m)
{
	char *kept = NULL;

	for (int k = 0; k < n; k++) {
		const char *eq = strchr(renames[k], '=');
		char *old = xstrndup(renames[k], (size_t)(eq - renames[k]));
		char *from = name_normal(old, NULL), *to = name_normal(eq + 1, NULL);
		if (from && to && strcmp(m->file_name, from) == 0) {
			free(kept);
			kept = xstrdup(to);
			m->name = kept;
		}
		free(old);
		free(from);
		free(to);
	}
	return kept;
}

/* Not here yet (as the merge finds a learner): a learner with no progress
 * is still news. */
static bool is_fresh(struct store *store, const struct store_merge *m)
{
	int64_t id;

	if (*m->uid && store_learner_find_uid(store, m->uid, &id) == 0)
		return false;
	return store_learner_find(store, m->name, &id, NULL) != 0;
}

/* The file the learner's progress came from: noted when this one added
 * to it, and what it was before kept in who (NULL: not asked). */
static int note_source(struct store *store, const struct store_merge *m, const char *path,
		       bool took, struct exchange_learner *who, char **err)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int64_t id;

	if (!(*m->uid && store_learner_find_uid(store, m->uid, &id) == 0) &&
	    store_learner_find(store, m->name, &id, NULL) != 0)
		return 0;
	if (who && store_learner_source(store, id, &who->before, err))
		return -1;
	return took ? store_learner_source_set(store, id, base, err) : 0;
}

/* Of the learners merged, those this database holds no signing key for
 * (it stays where their progress began): their exports from here would
 * be unsigned. */
static void keep_keyless(struct store *store, struct exchange_result *out)
{
	size_t k = 0;

	for (size_t i = 0; i < out->n_keyless; i++) {
		struct store_identity who;
		int64_t id;
		bool keyless = false;
		if (store_learner_find(store, out->keyless[i], &id, NULL) == 0 &&
		    store_identity(store, id, false, &who, NULL) == 0) {
			keyless = who.secret[0] == '\0';
			store_identity_clear(&who);
		}
		if (keyless) {
			out->keyless[k++] = out->keyless[i];
		} else {
			free(out->keyless[i]);
		}
	}
	out->n_keyless = k;
}

enum exchange_outcome exchange_file(FILE *f, const char *path, const struct pack *p,
				    struct store *store, bool strict,
				    const char *const *renames, int n_renames,
				    struct exchange_result *out, char **err)
{
	struct report r;
	struct report_reader *rd;
	struct report_verifier *v;
	struct report_learner l;
	char now[32];
	bool merging = false;
	int k;

	memset(out, 0, sizeof *out);
	if (report_read_open(f, NULL, 0, path, p, &r, &rd, err))
		return EXCHANGE_UNREADABLE;
	v = report_verify_begin(&r, p, &out->check);
	if (store) {
		store_now(now);
		merging = store_merge_begin(store, &out->merge_err) == 0;
	}
	while ((k = report_read_next(rd, &l, err)) == 1) {
		struct exchange_learner *who = NULL;
		out->n++;
		report_verify_learner(v, &l);
		if (out->n_learners < EXCHANGE_NAMES) {
			if (!out->learners)
				out->learners = xcalloc(EXCHANGE_NAMES, sizeof *out->learners);
			who = &out->learners[out->n_learners++];
			who->name = xstrdup(l.name ? l.name : "");
			snprintf(who->uid, sizeof who->uid, "%s", l.uid);
			who->key = l.key && l.signature ? xstrdup(l.key) : NULL;
		}
		/* Merged while the file is sound so far; any problem later
		 * rolls it all back. */
		if (merging && out->check.n == 0) {
			struct store_merge m = report_merge_of(&l);
			char *renamed = rename_learner(renames, n_renames, &m);
			bool fresh = is_fresh(store, &m);
			size_t before = out->added;
			if (store_merge_learner(store, p, &m, now, &out->added, &out->merge_err) ||
			    note_source(store, &m, path, out->added > before || fresh, who,
					&out->merge_err)) {
				merging = false;
			} else {
				out->n_fresh += fresh;
				out->keyless = xrealloc(out->keyless,
							(out->n_keyless + 1) * sizeof *out->keyless);
				out->keyless[out->n_keyless++] = xstrdup(m.name);
			}
			if (who) {
				who->added = out->added - before;
				who->fresh = fresh;
				if (renamed) {
					free(who->name);
					who->name = xstrdup(renamed);
				}
			}
			free(renamed);
		}
		report_learner_free(&l);
	}
	report_read_close(rd);
	report_verify_end(v);
	out->version = r.version;
	out->pack_id = r.pack_id ? xstrdup(r.pack_id) : NULL;
	out->pack_version = r.pack_version ? xstrdup(r.pack_version) : NULL;
	memcpy(out->content_hash, r.content_hash, sizeof out->content_hash);
	report_free(&r);
	if (k < 0 || out->check.n || (strict && out->check.other_content)) {
		if (store)
			store_merge_end(store, false, NULL);
		return k < 0 ? EXCHANGE_UNREADABLE : EXCHANGE_UNSOUND;
	}
	if (!store)
		return EXCHANGE_SOUND;
	if (!merging) {
		store_merge_end(store, false, NULL);
		return EXCHANGE_MERGE_FAILED;
	}
	if (store_merge_end(store, true, &out->merge_err))
		return EXCHANGE_MERGE_FAILED;
	out->notices = store_merge_notices(store);
	keep_keyless(store, out);
	return EXCHANGE_SOUND;
}

void exchange_result_free(struct exchange_result *r)
{
	report_check_free(&r->check);
	for (size_t i = 0; i < r->n_learners; i++) {
		free(r->learners[i].name);
		free(r->learners[i].before);
		free(r->learners[i].key);
	}
	free(r->learners);
	free(r->pack_id);
	free(r->pack_version);
	free(r->notices);
	free(r->merge_err);
	for (size_t i = 0; i < r->n_keyless; i++)
		free(r->keyless[i]);
	free(r->keyless);
	memset(r, 0, sizeof *r);
}
