/* SPDX-License-Identifier: MIT */
/* SHA-256 (nettle), and nothing else: what a hash covers is decided by the
 * module that owns the thing hashed (content for texts, progress for the
 * event log, reports for a pack's whole content). */
#ifndef SELFGRADE_DIGEST_H
#define SELFGRADE_DIGEST_H

#include <nettle/sha2.h>
#include <stddef.h>

struct digest {
	struct sha256_ctx ctx;
};

void digest_init(struct digest *d);
void digest_bytes(struct digest *d, const void *p, size_t n);
/* A string as a tagged field: "N" for NULL, "S3:abc" for "abc", so that
 * no two different sequences of fields feed the same bytes. */
void digest_field(struct digest *d, const char *s);
/* The digest as 64 lowercase hex digits; d is spent. */
void digest_final(struct digest *d, char out[65]);

/* 32 bytes of digest as 64 lowercase hex digits. */
void digest_hex(const unsigned char md[32], char out[65]);

#endif
