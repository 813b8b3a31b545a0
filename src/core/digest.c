/* SPDX-License-Identifier: MIT */
/* SHA-256 from nettle rather than OpenSSL: the same digest without
 * OpenSSL 3's provider start-up, which cost more than the rest of `score`
 * (measured: 1.2 ms and 3.4 MiB per process). */
#include "selfgrade/digest.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* By table, not printf: reports hash thousands of texts, and formatting
 * 32 bytes one snprintf at a time was most of an export's time. */
void digest_hex(const unsigned char md[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

/* Each field as a tag and, for a string, its length: "N" for NULL,
 * "S3:abc" for "abc", so that no two different events feed the same
 * bytes. */
static void feed(struct sha256_ctx *ctx, const char *s)
{
	char len[32];

	if (!s) {
		sha256_update(ctx, 1, (const uint8_t *)"N");
		return;
	}
	snprintf(len, sizeof len, "S%zu:", strlen(s));
	sha256_update(ctx, strlen(len), (const uint8_t *)len);
	sha256_update(ctx, strlen(s), (const uint8_t *)s);
}

void digest_event(const char *prev, const struct digest_event *e,
		  char out[65])
{
	uint8_t md[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	feed(&ctx, "selfgrade-event-1");
	feed(&ctx, prev);
	feed(&ctx, e->item_id);
	feed(&ctx, e->field);
	feed(&ctx, e->old);
	feed(&ctx, e->new_);
	feed(&ctx, e->old_hash);
	feed(&ctx, e->text_hash);
	feed(&ctx, e->at);
	sha256_digest(&ctx, sizeof md, md);
	digest_hex(md, out);
}

static void feed_text(struct sha256_ctx *ctx, const char *s)
{
	/* Each field ends with a NUL, so "ab"+"c" and "a"+"bc" differ. */
	if (!s)
		s = "";
	sha256_update(ctx, strlen(s) + 1, (const uint8_t *)s);
}

void digest_text(const struct pack_entry *e, char out[65])
{
	uint8_t md[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	switch (e->kind) {
	case PACK_ITEM:
		feed_text(&ctx, e->u.item->text);
		feed_text(&ctx, e->u.item->critical ? "critical" : "");
		feed_text(&ctx, e->u.item->rule);
		break;
	case PACK_MISTAKE:
		feed_text(&ctx, e->u.mistake->title);
		feed_text(&ctx, e->u.mistake->error);
		break;
	case PACK_CRITERION:
		feed_text(&ctx, e->u.criterion->text);
		break;
	default:
		feed_text(&ctx, e->id);
		break;
	}
	sha256_digest(&ctx, sizeof md, md);
	digest_hex(md, out);
}

void digest_pack(const struct pack *p, char out[65])
{
	uint8_t md[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	char *json = pack_to_json(p);

	sha256_init(&ctx);
	if (json)
		sha256_update(&ctx, strlen(json), (const uint8_t *)json);
	sha256_digest(&ctx, sizeof md, md);
	digest_hex(md, out);
	free(json);
}
