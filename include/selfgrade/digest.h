/* SPDX-License-Identifier: MIT */
/* SHA-256 (nettle) for what must be recognised later: the content a report
 * was made from, and the event log's hash chain. */
#ifndef SELFGRADE_DIGEST_H
#define SELFGRADE_DIGEST_H

#include <stddef.h>

#include "selfgrade/content.h"

/* One event as the chain hashes it: the fields that mean the same in any
 * database (row ids, batches and learner ids are local and left out). A
 * NULL field hashes differently from an empty one. */
struct digest_event {
	const char *item_id, *field, *old, *new_, *old_hash, *text_hash, *at;
};

/* The hash of an event chained to the one before it (prev: its hash, or
 * NULL for a learner's first event), as 64 hex digits. */
void digest_event(const char *prev, const struct digest_event *e,
		  char out[65]);

/* What a learner confirms when they tick e: an item's text, rule and
 * critical flag, a mistake's title and error, a criterion's text. The
 * loader keeps it in each entry's text_hash. */
void digest_text(const struct pack_entry *e, char out[65]);

/* 32 bytes of digest as 64 lowercase hex digits. */
void digest_hex(const unsigned char md[32], char out[65]);

/* The hash of a pack's whole content (its `dump` JSON). */
void digest_pack(const struct pack *p, char out[65]);

#endif
