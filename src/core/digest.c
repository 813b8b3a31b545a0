#include "selfgrade/digest.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex(const uint8_t md[SHA256_DIGEST_SIZE], char out[65])
{
	for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
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
	hex(md, out);
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
	hex(md, out);
	free(json);
}
