#include "selfgrade/utf8.h"

/* Length of the well-formed sequence at s, or 0 if it is ill-formed
 * (Unicode 15, table 3-7). */
static size_t seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = c == 0xED ? 0x9F : 0xBF;
		return n >= 3 && s[1] >= lo && s[1] <= hi &&
				       (s[2] & 0xC0) == 0x80
			       ? 3
			       : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
		return n >= 4 && s[1] >= lo && s[1] <= hi &&
				       (s[2] & 0xC0) == 0x80 &&
				       (s[3] & 0xC0) == 0x80
			       ? 4
			       : 0;
	}
	return 0;
}

bool utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		size_t k = seq_len(s + i, len - i);
		if (k == 0) {
			if (bad)
				*bad = i;
			return false;
		}
		i += k;
	}
	return true;
}

void utf8_line_col(const char *str, size_t len, size_t off, int *line,
		   int *col)
{
	const unsigned char *s = (const unsigned char *)str;
	int l = 1, c = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (s[i] == '\r') {
			continue; /* the LF of a CRLF ends the line */
		} else if ((s[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}
