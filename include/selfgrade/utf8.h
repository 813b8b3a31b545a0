/* SPDX-License-Identifier: MIT */
/* UTF-8 helpers shared by the loader, the reports and the TUI. */
#ifndef SELFGRADE_UTF8_H
#define SELFGRADE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Returns true when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing past U+10FFFF); otherwise false with *bad set to the
 * byte offset of the first ill-formed sequence. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* The 1-based line and column (in characters, not bytes) of byte offset off
 * in s, counting line breaks the way YAML does (LF, CR, CRLF). */
void utf8_line_col(const char *s, size_t len, size_t off, int *line, int *col);

/* Decodes the sequence at s[0..n), n > 0: returns its length and the code
 * point in *cp; an ill-formed sequence counts as one byte, U+FFFD. */
size_t utf8_decode(const char *s, size_t n, unsigned *cp);

/* Whether UTF-8 text s[0..n) holds a character that could drive a
 * terminal or reorder what it shows: C0 controls other than those in
 * allowed (e.g. "\n\t"), DEL, C1 controls, bidirectional overrides and
 * isolates. */
bool utf8_has_controls(const char *s, size_t n, const char *allowed);

/* The first place hay holds needle, ignoring case (ASCII, Latin-1 and
 * Cyrillic fold without a locale; the rest as towlower() says), or NULL.
 * *len receives the length in hay of what matched. An empty needle is
 * not found. */
const char *utf8_casefind(const char *hay, const char *needle, size_t *len);

/* s[0..n) for a message or a terminal: C0 controls other than those in
 * keep, DEL, C1 controls and ill-formed bytes written as \x1b,
 * bidirectional overrides and isolates as \u202e, so that nothing quoted
 * from a file or a user can drive the terminal or reorder what it shows. At most
 * max bytes of s are shown (0: all), then "...". Caller frees. */
char *utf8_escape(const char *s, size_t n, const char *keep, size_t max);
/* How many bytes of s utf8_escape() (without max) would copy unchanged
 * before the first it escapes: n when it would change nothing. */
size_t utf8_clean(const char *s, size_t n, const char *keep);

/* The Unicode policy for names and notes: the first code point that is a
 * control (category Cc, other than those in keep), a format character
 * (Cf: zero-width, bidirectional marks, BOM; but a zero-width joiner
 * between two emoji, as in 👨‍👩‍👧, is one emoji), or a line or paragraph
 * separator (Zl, Zp). Returns its offset and sets *cp and *what (a short
 * English description), or returns (size_t)-1 when there is none. The text
 * must be valid UTF-8. */
size_t utf8_refused(const char *s, size_t n, const char *keep, unsigned *cp,
		    const char **what);

/* Text from outside the program (a project's files, a server's answer)
 * for any output, the log included: what utf8_escape() escapes (keeping
 * nothing) as \x1b, and every character utf8_refused() refuses (format,
 * direction, line and paragraph separators) as \u202e (\U000e0041 past
 * U+FFFF), so that it cannot drive or reorder what shows it and stays
 * recognisable. Caller frees. */
char *utf8_escape_foreign(const char *s, size_t n);

#endif
