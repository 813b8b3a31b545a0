/* SPDX-License-Identifier: MIT */
/* The floor for `selfgrade verify` (issue 24): the cryptographic work of
 * checking an export and nothing else. The file is read whole, its top
 * level stepped over by hand and each value in it, each learner included,
 * decoded by jansson with the flags the program's reader uses; then each
 * event's chain hash is recomputed (SHA-256 over length-framed fields, as
 * the export format defines it) and its link to the one before compared,
 * and each signed learner's Ed25519 signature checked over the learner
 * digest of the file's version. Written on its own from the format, not
 * linked with selfgrade's core: what the program does beyond this (the
 * field rules, the replay, the derived fields, the summary) is its cost
 * over the floor. Usage: verify_floor EXPORT.json; exits 1 if a hash or a
 * signature fails, so that the floor is known to do the work right. */
#include <jansson.h>
#include <nettle/eddsa.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAGS                                                                  \
	(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK)

static const char *text;
static size_t size, pos;
static long version, learners, events, signatures, bad;

/* "S<length>:" and the bytes, or "N" for none. */
static void field(struct sha256_ctx *h, const char *s)
{
	char head[32];
	size_t len, n, k = sizeof head;

	if (!s) {
		sha256_update(h, 1, (const uint8_t *)"N");
		return;
	}
	n = len = strlen(s);
	head[--k] = ':';
	do {
		head[--k] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	head[--k] = 'S';
	sha256_update(h, sizeof head - k, (const uint8_t *)head + k);
	sha256_update(h, len, (const uint8_t *)s);
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void hex(const uint8_t *v, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[v[i] >> 4];
		out[2 * i + 1] = digits[v[i] & 15];
	}
	out[2 * n] = '\0';
}

static int nibble(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                              : -1;
}

static int unhex(const char *s, uint8_t *out, size_t n)
{
	if (!s || strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* The chain: each event's hash over its fields and the hash before it. */
static void chain(json_t *l)
{
	json_t *evs = json_object_get(l, "events"), *e;
	const char *prev = NULL, *head;
	size_t i;

	json_array_foreach(evs, i, e)
	{
		static const char *const keys[] = {
		    "item_id",  "field",     "old", "new",
		    "old_hash", "text_hash", "at"};
		struct sha256_ctx h;
		uint8_t md[SHA256_DIGEST_SIZE];
		char out[65];
		const char *said = str(e, "prev");
		events++;
		if ((said || prev) && (!said || !prev || strcmp(said, prev)))
			bad++;
		sha256_init(&h);
		field(&h, "selfgrade-event-1");
		field(&h, said);
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			field(&h, str(e, keys[k]));
		sha256_digest(&h, sizeof md, md);
		hex(md, sizeof md, out);
		prev = str(e, "hash");
		if (!prev || strcmp(out, prev))
			bad++;
	}
	head = str(l, "chain_head");
	if ((head || prev) && (!head || !prev || strcmp(head, prev)))
		bad++;
}

static long long num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_true(v) ? 1 : json_integer_value(v);
}

/* The learner digest the signature is over (export versions 3 and 4). */
static void signature(json_t *l)
{
	json_t *evs = json_object_get(l, "events"),
	       *study = json_object_get(l, "study"), *x;
	const char *sig = str(l, "signature"), *uid = str(l, "id");
	uint8_t pub[ED25519_KEY_SIZE], s[ED25519_SIGNATURE_SIZE],
	    md[SHA256_DIGEST_SIZE];
	struct sha256_ctx h;
	char n[96];
	size_t i;

	if (!sig)
		return;
	signatures++;
	sha256_init(&h);
	field(&h, version >= 4 ? "selfgrade-learner-4" : "selfgrade-learner-3");
	field(&h, uid ? uid : "");
	field(&h, str(l, "name"));
	field(&h, str(l, "created_at"));
	field(&h,
	      json_array_size(evs)
	          ? str(json_array_get(evs, json_array_size(evs) - 1), "hash")
	          : NULL);
	if (version >= 4)
		json_array_foreach(evs, i, x)
		{
			snprintf(n, sizeof n, "%lld/%lld/%lld", num(x, "seq"),
			         num(x, "batch"), num(x, "undoes"));
			field(&h, n);
		}
	field(&h, str(l, "email"));
	field(&h, str(l, "id_number"));
	field(&h, str(l, "section"));
	json_array_foreach(json_object_get(study, "sessions"), i, x)
	{
		field(&h, str(x, "id"));
		field(&h, str(x, "started_at"));
		field(&h, str(x, "ended_at"));
		snprintf(n, sizeof n, "%lld/%lld", num(x, "cards"),
		         num(x, "first_try"));
		field(&h, n);
	}
	json_array_foreach(json_object_get(study, "reviews"), i, x)
	{
		field(&h, str(x, "id"));
		field(&h, str(x, "card"));
		snprintf(n, sizeof n, "%lld/%lld", num(x, "grade"),
		         num(x, "first_try"));
		field(&h, n);
		field(&h, str(x, "session"));
		field(&h, str(x, "at"));
	}
	sha256_digest(&h, sizeof md, md);
	if (unhex(str(l, "key"), pub, sizeof pub) || unhex(sig, s, sizeof s) ||
	    ed25519_sha512_verify(pub, sizeof md, md, s) != 1)
		bad++;
}

static int peek(void)
{
	while (pos < size && strchr(" \t\r\n", text[pos]))
		pos++;
	return pos < size ? (unsigned char)text[pos] : -1;
}

static json_t *decode(void)
{
	json_error_t je;
	json_t *v;

	peek();
	v = json_loadb(text + pos, size - pos, FLAGS, &je);
	if (!v) {
		fprintf(stderr, "verify_floor: %s at byte %zu\n", je.text,
		        pos + je.position);
		exit(2);
	}
	pos += je.position;
	return v;
}

static void expect(int c)
{
	if (peek() != c) {
		fprintf(stderr, "verify_floor: '%c' expected at byte %zu\n", c,
		        pos);
		exit(2);
	}
	pos++;
}

int main(int argc, char **argv)
{
	FILE *f;
	char *buf;
	long end;

	if (argc != 2 || !(f = fopen(argv[1], "rb")))
		return 2;
	fseek(f, 0, SEEK_END);
	end = ftell(f);
	rewind(f);
	buf = malloc((size_t)end + 1);
	if (end < 0 || !buf || fread(buf, 1, (size_t)end, f) != (size_t)end)
		return 2;
	fclose(f);
	text = buf;
	size = (size_t)end;
	expect('{');
	while (peek() != '}') {
		json_t *key = decode();
		expect(':');
		if (strcmp(json_string_value(key), "learners") == 0) {
			expect('[');
			while (peek() != ']') {
				json_t *l = decode();
				learners++;
				chain(l);
				signature(l);
				json_decref(l);
				if (peek() == ',')
					pos++;
			}
			pos++;
		} else {
			json_t *v = decode();
			if (strcmp(json_string_value(key), "version") == 0)
				version = (long)json_integer_value(v);
			json_decref(v);
		}
		json_decref(key);
		if (peek() == ',')
			pos++;
	}
	free(buf);
	printf("%ld learners, %ld events, %ld signatures, %ld failed\n",
	       learners, events, signatures, bad);
	return bad ? 1 : 0;
}
