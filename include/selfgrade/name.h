/* SPDX-License-Identifier: MIT */
/* Learners' names: one spelling for one name. A name is trimmed of white
 * space at both ends and put in Unicode NFC, so that "José" typed on two
 * keyboards is one learner; it must then be non-empty UTF-8 of at most
 * STORE_MAX_NAME bytes without control characters. */
#ifndef SELFGRADE_NAME_H
#define SELFGRADE_NAME_H

/* The name as it is kept (caller frees), or NULL with *err saying why it
 * cannot be a name. */
char *name_normal(const char *in, char **err);

/* What a name looks like: NFKC, letters of other scripts that look like
 * Latin ones made Latin (Cyrillic "а" is "a"), case folded. Two names with
 * one skeleton would be taken for one another. Caller frees. */
char *name_skeleton(const char *name);

#endif
