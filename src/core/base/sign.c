/* SPDX-License-Identifier: MIT */
/* Ed25519 from nettle's hogweed, randomness from getrandom(2).
 *
 * hogweed (and GMP under it) is loaded with dlopen the first time a key is
 * made or a signature made or checked: linked, every command paid for
 * loading and relocating both at start-up although only a few sign or
 * verify (doc/design.md, "Libraries loaded on demand"). Only the header is used
 * at build time, for the sizes and the functions' types. */
#include "selfgrade/sign.h"

#include <nettle/eddsa.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

#include "selfgrade/dynlib.h"

#define ED(X)                                                                  \
	X(void, public_key, "nettle_ed25519_sha512_public_key",                \
	  (uint8_t * pub, const uint8_t *priv))                                 \
	X(void, sign, "nettle_ed25519_sha512_sign",                            \
	  (const uint8_t *pub, const uint8_t *priv, size_t length,              \
	   const uint8_t *msg, uint8_t *signature))                             \
	X(int, verify, "nettle_ed25519_sha512_verify",                         \
	  (const uint8_t *pub, size_t length, const uint8_t *msg,               \
	   const uint8_t *signature))
static struct {
	ED(DYNLIB_FIELD)
} ed;
static const char *const ed_symbols[] = {ED(DYNLIB_SYMBOL) NULL};
static struct dynlib hogweed = DYNLIB(ed, ed_symbols, "libhogweed.so.6", "libhogweed.so");

/* Whether Ed25519 is at hand; false only when libhogweed, which ships in
 * the same package as the libnettle that selfgrade links, is missing. */
static bool ed_load(void)
{
	return dynlib_load(&hogweed) == 0;
}

static int from_hex(const char *s, uint8_t *out, size_t n)
{
	if (!sign_is_hex(s, n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = s[2 * i] <= '9' ? s[2 * i] - '0' : s[2 * i] - 'a' + 10;
		int lo = s[2 * i + 1] <= '9' ? s[2 * i + 1] - '0' : s[2 * i + 1] - 'a' + 10;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static void to_hex(const uint8_t *v, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[v[i] >> 4];
		out[2 * i + 1] = digits[v[i] & 15];
	}
	out[2 * n] = '\0';
}

bool sign_is_hex(const char *s, size_t n)
{
	if (!s || strlen(s) != 2 * n)
		return false;
	for (size_t i = 0; i < 2 * n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static int random_bytes(uint8_t *v, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = getrandom(v + got, n - got, 0);
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

int sign_uid(char out[SIGN_UID_HEX])
{
	uint8_t v[16];

	if (random_bytes(v, sizeof v))
		return -1;
	to_hex(v, sizeof v, out);
	return 0;
}

int sign_keypair(char public_hex[SIGN_KEY_HEX], char secret_hex[SIGN_KEY_HEX])
{
	uint8_t secret[ED25519_KEY_SIZE], pub[ED25519_KEY_SIZE];

	if (!ed_load() || random_bytes(secret, sizeof secret))
		return -1;
	ed.public_key(pub, secret);
	to_hex(pub, sizeof pub, public_hex);
	to_hex(secret, sizeof secret, secret_hex);
	memset(secret, 0, sizeof secret);
	return 0;
}

int sign_digest(const char *public_hex, const char *secret_hex,
		const char *md_hex, char sig_hex[SIGN_SIG_HEX])
{
	uint8_t pub[ED25519_KEY_SIZE], secret[ED25519_KEY_SIZE], md[32];
	uint8_t sig[ED25519_SIGNATURE_SIZE];

	if (from_hex(public_hex, pub, sizeof pub) ||
	    from_hex(secret_hex, secret, sizeof secret) ||
	    from_hex(md_hex, md, sizeof md) || !ed_load())
		return -1;
	ed.sign(pub, secret, sizeof md, md, sig);
	memset(secret, 0, sizeof secret);
	to_hex(sig, sizeof sig, sig_hex);
	return 0;
}

bool sign_check(const char *public_hex, const char *md_hex, const char *sig_hex)
{
	uint8_t pub[ED25519_KEY_SIZE], md[32], sig[ED25519_SIGNATURE_SIZE];

	if (from_hex(public_hex, pub, sizeof pub) || from_hex(md_hex, md, sizeof md) ||
	    from_hex(sig_hex, sig, sizeof sig) || !ed_load())
		return false;
	return ed.verify(pub, sizeof md, md, sig) == 1;
}
