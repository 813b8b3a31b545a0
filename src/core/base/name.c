/* SPDX-License-Identifier: MIT */
/* Learners' names: trimmed and in NFC (utf8proc); compared by the
 * confusables skeleton of Unicode's UTS #39, from ICU's uspoof.
 *
 * ICU (libicui18n, libicuuc, the 30 MB of libicudata and libstdc++ under
 * them) is loaded with dlopen the first time two names are compared, as
 * hogweed is in sign.c: linked, every command would pay for finding and
 * relocating them at start-up although only learner add, import-key and
 * an import of a new learner compare names. Only the header is used at
 * build time, for the types and the versioned names of the functions. */
#include "selfgrade/name.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

#include "selfgrade/diag.h"
#include "selfgrade/dynlib.h"
#include "selfgrade/field.h"
#include "selfgrade/utf8.h"
#include "selfgrade/xalloc.h"
#include "selfgrade/i18n.h"

static bool is_space(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return cp == ' ' || cp == '\t' || c == UTF8PROC_CATEGORY_ZS;
}

/* The default-ignorable code points (UTS #39 leaves them out of the
 * skeleton: U+034F, variation selectors, Mongolian ones, the Hangul
 * fillers U+115F, U+1160, U+3164 and U+FFA0, ...) show nothing, or
 * nothing of their own, so "anna" with one reads as "anna": a name may
 * not hold them. Those of them that are format characters (Cf) are
 * refused before by utf8_refused(), with its words. */
static bool name_invisible(const char *s, unsigned *cp, const char **why)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		unsigned c;
		i += utf8_decode(s + i, n - i, &c);
		if (utf8proc_get_property((utf8proc_int32_t)c)->ignorable) {
			*cp = c;
			*why = _("a character that shows nothing (default ignorable)");
			return true;
		}
	}
	return false;
}

char *name_normal(const char *in, char **err)
{
	size_t n = strlen(in);
	const char *start = in, *end = in + n;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	utf8proc_uint8_t *nfc;
	char *trimmed, *out;

	if (!utf8_valid(in, n, NULL)) {
		diag_fail(err, _("a learner's name must be UTF-8 text"));
		return NULL;
	}
	while (start < end &&
	       (k = utf8proc_iterate((const utf8proc_uint8_t *)start, end - start, &cp)) > 0 &&
	       is_space(cp))
		start += k;
	/* From the end: step back to the start of each code point. */
	while (end > start) {
		const char *p = end - 1;
		while (p > start && ((unsigned char)*p & 0xC0) == 0x80)
			p--;
		if (utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp) <= 0 ||
		    !is_space(cp))
			break;
		end = p;
	}
	if (start == end) {
		diag_fail(err, _("a learner's name cannot be empty or only spaces"));
		return NULL;
	}
	trimmed = xstrndup(start, (size_t)(end - start));
	nfc = utf8proc_NFC((const utf8proc_uint8_t *)trimmed);
	out = nfc ? xstrdup((const char *)nfc) : trimmed;
	if (nfc)
		free(trimmed);
	free(nfc);
	n = strlen(out);
	if (n > FIELD_MAX_NAME) {
		diag_fail(err, _("a learner's name is at most %d bytes (this one has %zu)"),
			  FIELD_MAX_NAME, n);
		free(out);
		return NULL;
	}
	{
		unsigned bad;
		const char *why;
		if (utf8_refused(out, n, "", &bad, &why) != (size_t)-1 ||
		    name_invisible(out, &bad, &why)) {
			diag_fail(err, _("a learner's name cannot hold U+%04X, %s"), bad, why);
			free(out);
			return NULL;
		}
	}
	return out;
}

/* ICU's functions carry its major version in their names (uspoof_open_72):
 * the header's own renaming macros give the name to look up. */
#define ICU_SYMBOL_(f) #f
#define ICU_SYMBOL(f) ICU_SYMBOL_(f)
#define ICU_LIBRARY "libicui18n.so." U_ICU_VERSION_SHORT

/* u_strFromUTF8 is libicuuc's, found through libicui18n's dependencies. */
#define ICU(X)                                                                 \
	X(USpoofChecker *, spoof_open, ICU_SYMBOL(uspoof_open), (UErrorCode *)) \
	X(int32_t, skeleton, ICU_SYMBOL(uspoof_getSkeletonUTF8),                \
	  (const USpoofChecker *, uint32_t, const char *, int32_t, char *,      \
	   int32_t, UErrorCode *))                                              \
	X(UCollator *, coll_open, ICU_SYMBOL(ucol_open),                        \
	  (const char *, UErrorCode *))                                         \
	X(int32_t, sort_key, ICU_SYMBOL(ucol_getSortKey),                       \
	  (const UCollator *, const UChar *, int32_t, uint8_t *, int32_t))      \
	X(UChar *, from_utf8, ICU_SYMBOL(u_strFromUTF8),                        \
	  (UChar *, int32_t, int32_t *, const char *, int32_t, UErrorCode *))
static struct {
	ICU(DYNLIB_FIELD)
} icu;
static const char *const icu_symbols[] = {ICU(DYNLIB_SYMBOL) NULL};
static struct dynlib libicu = DYNLIB(icu, icu_symbols, ICU_LIBRARY);

static struct {
	bool tried;
	USpoofChecker *checker; /* opened once, kept for the process */
} spoof;

/* Whether uspoof is at hand; false only when the ICU that the package
 * depends on is missing. Tried once. */
static bool icu_load(void)
{
	UErrorCode e = U_ZERO_ERROR;

	if (spoof.tried)
		return spoof.checker != NULL;
	spoof.tried = true;
	if (dynlib_load(&libicu) != 0)
		return false;
	spoof.checker = icu.spoof_open(&e);
	if (U_FAILURE(e))
		spoof.checker = NULL;
	return spoof.checker != NULL;
}

/* uspoof's skeleton of UTF-8 s (NFD), or NULL with *err. */
static char *icu_skeleton(const char *s, char **err)
{
	char buf[256], *out;
	UErrorCode e = U_ZERO_ERROR;
	int32_t n;

	if (!icu_load()) {
		diag_fail(err, _("cannot compare names for look-alikes: %s (ICU) cannot "
				 "be loaded"),
			  ICU_LIBRARY);
		return NULL;
	}
	n = icu.skeleton(spoof.checker, 0, s, -1, buf, (int32_t)sizeof buf, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR) {
		out = xmalloc((size_t)n + 1);
		e = U_ZERO_ERROR;
		n = icu.skeleton(spoof.checker, 0, s, -1, out, n + 1, &e);
		if (U_SUCCESS(e))
			return out;
		free(out);
	} else if (U_SUCCESS(e)) {
		return xstrndup(buf, (size_t)n);
	}
	diag_fail(err, _("cannot compare the name '%s' for look-alikes"), s);
	return NULL;
}

/* utf8proc_map() of s, or a copy of s if that fails (it does only on
 * ill-formed text, which a name never is). */
static char *mapped(const char *s, int options)
{
	utf8proc_uint8_t *m = NULL;
	char *out;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
			 (utf8proc_option_t)(options | UTF8PROC_NULLTERM | UTF8PROC_STABLE)) < 0) {
		free(m);
		return xstrdup(s);
	}
	out = xstrdup((const char *)m);
	free(m);
	return out;
}

char *name_skeleton(const char *name, bool folded, char **err)
{
	/* NFKC without the default-ignorable code points, which UTS #39
	 * drops (ICU 72's data does not yet), case folded first or not. */
	char *pre = mapped(name, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE |
					 (folded ? UTF8PROC_CASEFOLD : 0));
	char *sk = icu_skeleton(pre, err), *out;

	free(pre);
	if (!sk)
		return NULL;
	out = mapped(sk, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	free(sk);
	return out;
}

/* One side of a comparison: its code points, each with its skeleton. */
struct side {
	unsigned *cp;
	char **key;
	size_t n;
};

static void side_free(struct side *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->key[i]);
	free(s->cp);
	free(s->key);
}

static bool side_of(const char *name, bool folded, struct side *s)
{
	size_t len = strlen(name);

	s->cp = xmalloc((len + 1) * sizeof *s->cp);
	s->key = xcalloc(len + 1, sizeof *s->key);
	s->n = 0;
	for (size_t i = 0; i < len;) {
		char one[8];
		size_t k = utf8_decode(name + i, len - i, &s->cp[s->n]);
		memcpy(one, name + i, k);
		one[k] = '\0';
		i += k;
		s->key[s->n] = name_skeleton(one, folded, NULL);
		if (!s->key[s->n++])
			return false;
	}
	return true;
}

static char *append(char *s, const char *more)
{
	char *t = xasprintf("%s%s", s, more);
	free(s);
	return t;
}

/* The characters of s[from..to). */
static char *text_of(const struct side *s, size_t from, size_t to)
{
	char *out = xmalloc((to - from) * 4 + 1), *o = out;

	for (size_t i = from; i < to; i++)
		o += utf8proc_encode_char((utf8proc_int32_t)s->cp[i], (utf8proc_uint8_t *)o);
	*o = '\0';
	return out;
}

/* "ɑ (U+0251)", "rn (U+0072 U+006E)": the characters, then their code
 * points, since the one in question may look like nothing at all. */
static char *shown(const struct side *s, size_t from, size_t to)
{
	char *text = text_of(s, from, to), *out = xasprintf("%s (", text);

	for (size_t i = from; i < to; i++) {
		char *t = xasprintf("%s%sU+%04X", out, i > from ? " " : "", s->cp[i]);
		free(out);
		out = t;
	}
	free(text);
	return append(out, ")");
}


/* a[ia..) and b[ib..) cut into the shortest pieces whose skeletons are
 * one, and the pieces that differ said, at most three. The skeleton of a
 * name is that of its characters one after the other, so the cut always
 * exists when the names' skeletons are one; if normalisation reordered
 * marks it may not, and NULL says so. */
static char *differing(const struct side *a, const struct side *b)
{
	size_t ia = 0, ib = 0, said = 0;
	char *out = xstrdup("");

	while (ia < a->n || ib < b->n) {
		size_t sa = ia, sb = ib;
		char *ka = xstrdup(""), *kb = xstrdup(""), *pa, *pb, *what;
		for (;;) {
			size_t la = strlen(ka), lb = strlen(kb);
			if ((*ka && strcmp(ka, kb) == 0) || (ia == a->n && ib == b->n))
				break;
			if (strncmp(ka, kb, la < lb ? la : lb) != 0)
				break;
			if ((la <= lb && ia < a->n) || ib == b->n)
				ka = append(ka, a->key[ia++]);
			else
				kb = append(kb, b->key[ib++]);
		}
		if (strcmp(ka, kb) != 0) {
			free(ka);
			free(kb);
			free(out);
			return NULL;
		}
		free(ka);
		free(kb);
		if (ia - sa == ib - sb &&
		    memcmp(a->cp + sa, b->cp + sb, (ia - sa) * sizeof *a->cp) == 0)
			continue;
		pa = shown(a, sa, ia);
		pb = shown(b, sb, ib);
		if (sa == ia || sb == ib) { /* one side has only what is invisible */
			what = xasprintf(_("%s shows nothing"), sa == ia ? pb : pa);
		} else {
			/* The same letters in another case, or others. */
			char *ta = text_of(a, sa, ia), *tb = text_of(b, sb, ib);
			char *ca = mapped(ta, UTF8PROC_CASEFOLD), *cb = mapped(tb, UTF8PROC_CASEFOLD);
			what = strcmp(ca, cb) == 0 ? xasprintf(_("%s is %s in another case"), pa, pb)
						   : xasprintf(_("%s looks like %s"), pa, pb);
			free(ta);
			free(tb);
			free(ca);
			free(cb);
		}
		free(pa);
		free(pb);
		if (!strstr(out, what)) {
			if (said < 3)
				out = append(append(out, *out ? ", " : ""), what);
			else if (said == 3)
				out = append(out, ", ...");
			said++;
		}
		free(what);
	}
	return out;
}

char *name_differences(const char *a, const char *b)
{
	for (int folded = 1; folded >= 0; folded--) {
		struct side sa = {0}, sb = {0};
		char *ka = name_skeleton(a, folded, NULL), *kb = name_skeleton(b, folded, NULL);
		char *out = NULL;
		bool one = ka && kb && strcmp(ka, kb) == 0;
		free(ka);
		free(kb);
		if (one && side_of(a, folded, &sa) && side_of(b, folded, &sb))
			out = differing(&sa, &sb);
		side_free(&sa);
		side_free(&sb);
		if (one)
			return out && *out ? out : (free(out), NULL);
	}
	return NULL;
}

/* The collator of one language, kept for the process (a report sorts with
 * one). */
static struct {
	char lang[16];
	UCollator *coll;
	bool tried;
} col;

char *name_sort_key(const char *name, const char *lang)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar buf[512], *u = buf;
	int32_t n = 0, k;
	uint8_t *key;

	if (!col.tried || strcmp(col.lang, lang) != 0) {
		col.tried = true;
		snprintf(col.lang, sizeof col.lang, "%s", lang);
		col.coll = NULL;
		if (dynlib_load(&libicu) != 0)
			return NULL;
		col.coll = icu.coll_open(lang, &e);
		if (U_FAILURE(e))
			col.coll = NULL;
	}
	if (!col.coll)
		return NULL;
	e = U_ZERO_ERROR;
	icu.from_utf8(buf, (int32_t)(sizeof buf / sizeof *buf), &n, name, -1, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR) {
		u = xmalloc(((size_t)n + 1) * sizeof *u);
		e = U_ZERO_ERROR;
		icu.from_utf8(u, n + 1, &n, name, -1, &e);
	}
	if (U_FAILURE(e)) {
		if (u != buf)
			free(u);
		return NULL;
	}
	k = icu.sort_key(col.coll, u, n, NULL, 0);
	key = xmalloc((size_t)k + 1);
	icu.sort_key(col.coll, u, n, key, k + 1);
	if (u != buf)
		free(u);
	return (char *)key;
}
