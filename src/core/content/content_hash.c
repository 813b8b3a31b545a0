/* SPDX-License-Identifier: MIT */
/* What a confirmation confirms: the hash of every text shown with an
 * entry, so that a tick goes stale when the meaning changes, and only
 * then. Texts are put in Unicode NFC first: the same words saved in
 * another normal form are the same words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "selfgrade/content.h"
#include "selfgrade/digest.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"

/* Whether s is in NFC already because every character is one NFC leaves
 * alone whatever surrounds it: no canonical combining class, no
 * decomposition NFC keeps, never the second of a composed pair (checked
 * against Unicode 14's data). ASCII, Latin-1 and Latin Extended-A/B,
 * Cyrillic without its combining marks, General Punctuation but its two
 * singleton spaces: the pack's Russian and English, whose hashing NFC
 * otherwise dominated (utf8proc_NFC allocates and decomposes every
 * character). */
static bool nfc_already(const char *s)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		unsigned c;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += utf8_decode(s + i, n - i, &c);
		if (!(c < 0x300 || (c >= 0x400 && c <= 0x482) ||
		      (c >= 0x48A && c <= 0x52F) ||
		      (c >= 0x2002 && c <= 0x206F)))
			return false;
	}
	return true;
}

static void text(struct digest *d, const char *s)
{
	utf8proc_uint8_t *nfc;

	if (!s) {
		digest_field(d, NULL);
		return;
	}
	if (nfc_already(s)) {
		digest_field(d, s);
		return;
	}
	/* The loader refuses invalid UTF-8, so NFC only fails on memory. */
	nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
	digest_field(d, nfc ? (const char *)nfc : s);
	free(nfc);
}

static void texts(struct digest *d, const struct pack_strv *v)
{
	char n[24];

	snprintf(n, sizeof n, "%zu", v->n);
	digest_field(d, n);
	for (size_t i = 0; i < v->n; i++)
		text(d, v->v[i]);
}

static void hash_now(const struct pack_entry *e, char out[65])
{
	struct digest d;

	digest_init(&d);
	digest_field(&d, "selfgrade-text-2");
	digest_field(&d, pack_kind_name(e->kind));
	switch (e->kind) {
	case PACK_ITEM: {
		const struct pack_item *it = e->u.item;
		text(&d, it->text);
		text(&d, it->verify);
		texts(&d, &it->notes);
		digest_field(&d, it->critical ? "critical" : "");
		text(&d, it->rule);
		break;
	}
	case PACK_MISTAKE: {
		const struct pack_mistake *m = e->u.mistake;
		text(&d, m->title);
		text(&d, m->error);
		texts(&d, &m->symptoms);
		text(&d, m->fix_text);
		text(&d, m->fix_code.lang);
		text(&d, m->fix_code.code);
		text(&d, m->prevention);
		break;
	}
	case PACK_CRITERION:
		text(&d, e->u.criterion->text);
		texts(&d, &e->u.criterion->verify);
		break;
	default:
		digest_field(&d, e->id);
		break;
	}
	digest_final(&d, out);
}

/* Where an entry keeps its hash once computed: worked out on first use,
 * so that loading (and validate) hash nothing. */
static char **slot(const struct pack_entry *e)
{
	switch (e->kind) {
	case PACK_ITEM:
		return &((struct pack_item *)e->u.item)->text_hash;
	case PACK_MISTAKE:
		return &((struct pack_mistake *)e->u.mistake)->text_hash;
	case PACK_CRITERION:
		return &((struct pack_criterion *)e->u.criterion)->text_hash;
	default:
		return NULL;
	}
}

const char *pack_entry_hash(const struct pack_entry *e)
{
	static char scratch[65];
	char **h = slot(e);

	if (!h) {
		hash_now(e, scratch);
		return scratch;
	}
	if (!*h) {
		*h = xmalloc(65);
		hash_now(e, *h);
	}
	return *h;
}

static void free_item_hashes(struct pack_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].text_hash);
		free_item_hashes(items[i].items, items[i].n_items);
	}
}

void pack_free_hashes(struct pack *p)
{
	for (size_t i = 0; i < p->n_sections; i++)
		free_item_hashes(p->sections[i].items, p->sections[i].n_items);
	for (size_t i = 0; i < p->n_mistakes; i++)
		free(p->mistakes[i].text_hash);
	for (size_t i = 0; i < p->n_levels; i++)
		for (size_t j = 0; j < p->levels[i].n_criteria; j++)
			free(p->levels[i].criteria[j].text_hash);
}

/* The NUL-separated fields version 1 hashed: an item's text, critical
 * flag and rule; a mistake's title and error; a criterion's text. */
static void v1_field(struct digest *d, const char *s)
{
	if (!s)
		s = "";
	digest_bytes(d, s, strlen(s) + 1);
}

void pack_entry_hash_v1(const struct pack_entry *e, char out[65])
{
	struct digest d;

	digest_init(&d);
	switch (e->kind) {
	case PACK_ITEM:
		v1_field(&d, e->u.item->text);
		v1_field(&d, e->u.item->critical ? "critical" : "");
		v1_field(&d, e->u.item->rule);
		break;
	case PACK_MISTAKE:
		v1_field(&d, e->u.mistake->title);
		v1_field(&d, e->u.mistake->error);
		break;
	case PACK_CRITERION:
		v1_field(&d, e->u.criterion->text);
		break;
	default:
		v1_field(&d, e->id);
		break;
	}
	digest_final(&d, out);
}

bool pack_hash_confirms(const struct pack_entry *e, const char *stored)
{
	char v1[65];

	if (!stored)
		return false;
	if (strcmp(stored, pack_entry_hash(e)) == 0)
		return true;
	/* A confirmation made before the hash covered every text (schema 5
	 * and older) stands while the texts it covered then are unchanged:
	 * databases keep their progress, and a new tick of the entry keeps
	 * the full hash from then on. */
	pack_entry_hash_v1(e, v1);
	return strcmp(stored, v1) == 0;
}

void pack_content_hash(const struct pack *p, char out[65])
{
	struct digest d;
	char *json = pack_to_json(p);

	digest_init(&d);
	if (json)
		digest_bytes(&d, json, strlen(json));
	digest_final(&d, out);
	free(json);
}
