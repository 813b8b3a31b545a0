/* SPDX-License-Identifier: MIT */
/* Ed25519 signatures (nettle) and random ids (getrandom): who a learner
 * is across machines, and proof that a submission came from their
 * database. Keys and signatures travel as lowercase hex. */
#ifndef SELFGRADE_SIGN_H
#define SELFGRADE_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#define SIGN_KEY_HEX 65	 /* 32 bytes as hex, with the NUL */
#define SIGN_SIG_HEX 129 /* 64 bytes as hex, with the NUL */
#define SIGN_UID_HEX 33	 /* 16 random bytes as hex, with the NUL */

/* 16 random bytes from the kernel as hex: a learner's id, a review's. */
int sign_uid(char out[SIGN_UID_HEX]);

/* A new key pair; -1 when the kernel gives no randomness or libhogweed
 * cannot be loaded (sign.c loads it on first use). */
int sign_keypair(char public_hex[SIGN_KEY_HEX], char secret_hex[SIGN_KEY_HEX]);

/* Whether s is n bytes as 2n lowercase hex digits. */
bool sign_is_hex(const char *s, size_t n);

/* Signs the 32-byte digest md (hex, 64 digits); -1 on a malformed key
 * or without libhogweed. */
int sign_digest(const char *public_hex, const char *secret_hex,
		const char *md_hex, char sig_hex[SIGN_SIG_HEX]);
bool sign_check(const char *public_hex, const char *md_hex, const char *sig_hex);

#endif
