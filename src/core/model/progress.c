/* SPDX-License-Identifier: MIT */
#include "selfgrade/progress.h"

#include <stdint.h>
#include <stdio.h>
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "selfgrade/digest.h"
#include "selfgrade/rules.h"
#include "selfgrade/xalloc.h"

void progress_free(struct progress *pr)
{
	if (!pr)
		return;
	for (size_t i = 0; i < pr->n_states; i++)
		free(pr->states[i].mem);
	for (size_t i = 0; i < pr->n_notes; i++) {
		free(pr->notes[i].id);
		free(pr->notes[i].text);
		free(pr->notes[i].updated_at);
	}
	free(pr->states);
	free(pr->notes);
	memset(pr, 0, sizeof *pr);
}

#define BSEARCH(arr, n, id)                                                   \
	do {                                                                  \
		size_t lo = 0, hi = (n);                                      \
		while (lo < hi) {                                             \
			size_t mid = lo + (hi - lo) / 2;                      \
			int c = strcmp((id), (arr)[mid].id);                  \
			if (c == 0)                                           \
				return &(arr)[mid];                           \
			if (c < 0)                                            \
				hi = mid;                                     \
			else                                                  \
				lo = mid + 1;                                 \
		}                                                             \
		return NULL;                                                  \
	} while (0)

const struct prog_state *progress_state(const struct progress *pr,
					const char *id)
{
	BSEARCH(pr->states, pr->n_states, id);
}

const struct prog_note *progress_note(const struct progress *pr,
				      const char *id)
{
	BSEARCH(pr->notes, pr->n_notes, id);
}

const char *prog_kind_name(enum prog_kind k)
{
	static const char *const names[] = {"item", "mistake", "criterion"};
	return names[k];
}

int progress_kind_of(const struct pack_entry *e)
{
	switch (e->kind) {
	case PACK_ITEM:
		return pack_item_is_leaf(e->u.item) ? PROG_ITEM : -1;
	case PACK_MISTAKE:
		return PROG_MISTAKE;
	case PACK_CRITERION:
		return e->u.criterion->attest ? PROG_CRITERION : -1;
	default:
		return -1;
	}
}

/* The n strings *f[i] (NULL ones stay NULL) copied into one block,
 * returned, each *f[i] pointed at its copy. */
static char *own(char **const *f, size_t n)
{
	size_t len[16], total = 0;
	char *mem, *p;

	assert(n <= sizeof len / sizeof *len);
	for (size_t i = 0; i < n; i++)
		total += len[i] = *f[i] ? strlen(*f[i]) + 1 : 0;
	p = mem = xmalloc(total ? total : 1);
	for (size_t i = 0; i < n; i++)
		if (*f[i]) {
			memcpy(p, *f[i], len[i]);
			*f[i] = p;
			p += len[i];
		}
	return mem;
}

void prog_event_own(struct prog_event *e)
{
	char **const f[] = {&e->item_id,   &e->field, &e->old,	&e->new_, &e->old_hash,
			    &e->text_hash, &e->at,    &e->prev, &e->hash};
	e->mem = own(f, sizeof f / sizeof *f);
}

void prog_state_own(struct prog_state *ps)
{
	char **const f[] = {&ps->id, &ps->hash, &ps->updated_at};
	ps->mem = own(f, sizeof f / sizeof *f);
}

void prog_event_clear(struct prog_event *e)
{
	free(e->mem);
	memset(e, 0, sizeof *e);
}

void prog_events_free(struct prog_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		prog_event_clear(&v[i]);
	free(v);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* By id and field, then the log's own order: the last of each group is
 * what the log leads to. Never by the time written in an event: a clock
 * stepped back must not reorder what the learner did. */
static int by_id_then_order(const void *a, const void *b)
{
	const struct prog_event *x = *(const struct prog_event *const *)a;
	const struct prog_event *y = *(const struct prog_event *const *)b;
	int c = strcmp(or_empty(x->item_id), or_empty(y->item_id));
	if (!c)
		c = strcmp(or_empty(x->field), or_empty(y->field));
	return c ? c : (x > y) - (x < y);
}

void progress_replay(const struct prog_event *v, size_t n,
		     struct progress *out)
{
	const struct prog_event **ord = xmalloc((n ? n : 1) * sizeof *ord);
	size_t cap_s = 0, cap_n = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++)
		ord[i] = &v[i];
	qsort(ord, n, sizeof *ord, by_id_then_order);
	for (size_t k = 0; k < n; k++) {
		const struct prog_event *e = ord[k], *next = k + 1 < n ? ord[k + 1] : NULL;
		if (!e->item_id || !e->field || !e->new_ ||
		    (strcmp(e->field, "done") != 0 && strcmp(e->field, "note") != 0))
			continue; /* evidence (and anything else) sets no state */
		if (next && strcmp(or_empty(next->item_id), e->item_id) == 0 &&
		    strcmp(or_empty(next->field), e->field) == 0)
			continue; /* a later word on the same id */
		if (strcmp(e->field, "note") == 0) {
			xgrow(&out->notes, &cap_n, out->n_notes + 1, sizeof *out->notes);
			out->notes[out->n_notes++] = (struct prog_note){
				xstrdup(e->item_id), xstrdup(e->new_),
				xstrdup(or_empty(e->at))};
		} else {
			xgrow(&out->states, &cap_s, out->n_states + 1, sizeof *out->states);
			struct prog_state *ps = &out->states[out->n_states++];
			*ps = (struct prog_state){
				e->item_id, PROG_ITEM, strcmp(e->new_, "1") == 0,
				(char *)or_empty(e->text_hash), (char *)or_empty(e->at), NULL};
			prog_state_own(ps);
		}
	}
	free(ord); /* sorted by id already, as progress_state() needs */
}

void progress_event_hash(const char *prev, const struct prog_event *e,
			 char out[65])
{
	struct digest d;

	digest_init(&d);
	digest_field(&d, "selfgrade-event-1");
	digest_field(&d, prev);
	digest_field(&d, e->item_id);
	digest_field(&d, e->field);
	digest_field(&d, e->old);
	digest_field(&d, e->new_);
	digest_field(&d, e->old_hash);
	digest_field(&d, e->text_hash);
	digest_field(&d, e->at);
	digest_final(&d, out);
}

/* ---- what a tick changes ------------------------------------------------- */

static void change_add(struct prog_changes *ch, const struct pack_entry *e,
		       enum prog_kind kind, bool done)
{
	xgrow(&ch->v, &ch->cap, ch->n + 1, sizeof *ch->v);
	ch->v[ch->n] = (struct prog_change){.id = e->id, .kind = kind, .done = done};
	memcpy(ch->v[ch->n].hash, pack_entry_hash(e), 65);
	ch->n++;
}

static void item_changes(struct prog_changes *ch, const struct pack_item *it,
			 bool done)
{
	if (pack_item_is_leaf(it)) {
		struct pack_entry e = {.id = it->id, .kind = PACK_ITEM};
		e.u.item = it;
		change_add(ch, &e, PROG_ITEM, done);
		return;
	}
	for (size_t i = 0; i < it->n_items; i++)
		item_changes(ch, &it->items[i], done);
}

int progress_changes_add(struct prog_changes *ch, const struct pack_entry *e,
		      bool done)
{
	if (rules_can_tick(e) != VIEW_OK)
		return -1;
	if (e->kind == PACK_ITEM)
		item_changes(ch, e->u.item, done);
	else
		change_add(ch, e, e->kind == PACK_MISTAKE ? PROG_MISTAKE : PROG_CRITERION,
			   done);
	return 0;
}

void progress_changes_free(struct prog_changes *ch)
{
	free(ch->v);
	memset(ch, 0, sizeof *ch);
}

/* The batch of v's steps with key k (keys ascend), or SIZE_MAX. */
static size_t step_find(const long long *keys, size_t n, long long k)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (keys[mid] == k)
			return mid;
		if (keys[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* Takes b off the stack wherever it is (another process may have undone
 * in between, so it need not be on top). */
static void stack_drop(size_t *st, size_t *n, size_t b)
{
	for (size_t i = *n; i-- > 0;)
		if (st[i] == b) {
			memmove(st + i, st + i + 1, (*n - i - 1) * sizeof *st);
			(*n)--;
			return;
		}
}

void progress_steps(const struct prog_step *v, size_t n,
		    enum prog_step_kind *kind, bool *undone, long long *undo,
		    long long *redo)
{
	long long *keys = xmalloc((n ? n : 1) * sizeof *keys);
	enum prog_step_kind *bkind = xmalloc((n ? n : 1) * sizeof *bkind);
	bool *bundone = xcalloc(n ? n : 1, sizeof *bundone);
	size_t *of = xmalloc((n ? n : 1) * sizeof *of);
	size_t *done = xmalloc((n ? n : 1) * sizeof *done);
	size_t *again = xmalloc((n ? n : 1) * sizeof *again);
	/* An undo's batch: the one it took back (SIZE_MAX: none known). */
	size_t *target = xmalloc((n ? n : 1) * sizeof *target);
	size_t nb = 0, nd = 0, na = 0;

	for (size_t i = 0; i < n; i++) {
		size_t b, t;
		if (nb && keys[nb - 1] == v[i].batch) {
			of[i] = nb - 1;
			continue;
		}
		b = nb++;
		of[i] = b;
		keys[b] = v[i].batch;
		t = v[i].undoes ? step_find(keys, b, v[i].undoes) : SIZE_MAX;
		target[b] = SIZE_MAX;
		if (!v[i].undoes) {
			bkind[b] = STEP_CHANGE;
			done[nd++] = b;
			na = 0; /* a new change: nothing left to redo */
		} else if (t != SIZE_MAX && bkind[t] == STEP_UNDO) {
			bkind[b] = STEP_REDO;
			stack_drop(again, &na, t);
			bundone[t] = true;
			/* What the undo took back is in force again. */
			if (target[t] != SIZE_MAX)
				bundone[target[t]] = false;
			done[nd++] = b;
		} else {
			bkind[b] = STEP_UNDO;
			if (t != SIZE_MAX) {
				stack_drop(done, &nd, t);
				bundone[t] = true;
			}
			target[b] = t;
			again[na++] = b;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (kind)
			kind[i] = bkind[of[i]];
		if (undone)
			undone[i] = bundone[of[i]];
	}
	if (undo)
		*undo = nd ? keys[done[nd - 1]] : 0;
	if (redo)
		*redo = na ? keys[again[na - 1]] : 0;
	free(keys);
	free(bkind);
	free(bundone);
	free(of);
	free(done);
	free(again);
	free(target);
}

bool progress_is_step(const struct prog_event *e)
{
	return e->field && (strcmp(e->field, "done") == 0 || strcmp(e->field, "note") == 0 ||
			    strcmp(e->field, "dispute") == 0);
}

bool progress_is_own(const struct prog_event *e)
{
#define PROG_OWN_CMP_(f) || strcmp(e->field, f) == 0
	return e->field && (false PROG_OWN_FIELDS(PROG_OWN_CMP_));
#undef PROG_OWN_CMP_
}

long long progress_batch(const struct prog_event *e)
{
	return e->batch ? e->batch : e->seq;
}

void progress_event_steps(const struct prog_event *v, size_t n,
			  enum prog_step_kind *kind, bool *undone)
{
	struct prog_step *st = xmalloc((n ? n : 1) * sizeof *st);
	enum prog_step_kind *k = xmalloc((n ? n : 1) * sizeof *k);
	bool *u = xmalloc((n ? n : 1) * sizeof *u);
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (progress_is_step(&v[i]))
			st[m++] = (struct prog_step){progress_batch(&v[i]), v[i].undoes};
	progress_steps(st, m, k, u, NULL, NULL);
	m = 0;
	for (size_t i = 0; i < n; i++) {
		bool step = progress_is_step(&v[i]);
		if (kind)
			kind[i] = step ? k[m] : STEP_CHANGE;
		if (undone)
			undone[i] = step ? u[m] : false;
		m += step;
	}
	free(st);
	free(k);
	free(u);
}
