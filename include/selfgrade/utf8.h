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

#endif
