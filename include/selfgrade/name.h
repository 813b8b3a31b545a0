/* SPDX-License-Identifier: MIT */
/* Learners' names: one spelling for one name. A name is trimmed of white
 * space at both ends and put in Unicode NFC, so that "José" typed on two
 * keyboards is one learner; it must then be non-empty UTF-8 of at most
 * STORE_MAX_NAME bytes without control, format or default-ignorable
 * characters (those that show nothing: U+034F, variation selectors, the
 * Hangul fillers). */
#ifndef SELFGRADE_NAME_H
#define SELFGRADE_NAME_H

#include <stdbool.h>

/* The name as it is kept (caller frees), or NULL with *err saying why it
 * cannot be a name. */
char *name_normal(const char *in, char **err);

/* What a name looks like: the confusables skeleton of Unicode's UTS #39
 * (ICU's uspoof: Cyrillic "а" and Latin "ɑ" are "a", "m" is "rn", "I" is
 * "l") of its NFKC without default-ignorable code points, case folded.
 * folded: the name is case folded before the skeleton too, so that "ANNA"
 * is "anna" ("I" is then "i", no longer "l": a name is compared both
 * ways). Two names with one skeleton either way would be taken for one
 * another. Caller frees; NULL with *err only when ICU cannot be loaded. */
char *name_skeleton(const char *name, bool folded, char **err);

/* Why a would be taken for b, the characters that differ and their code
 * points: "ɑ (U+0251) looks like a (U+0061)" (at most three); NULL when
 * their skeletons differ or the characters cannot be paired. Caller
 * frees. */
char *name_differences(const char *a, const char *b);

/* A key that orders names as language lang's collation does (ICU's
 * collator: "ru" puts Cyrillic first and ё with е, whatever the locale):
 * strcmp() of two keys is their order. NULL when ICU is not at hand.
 * Caller frees. */
char *name_sort_key(const char *name, const char *lang);

#endif
