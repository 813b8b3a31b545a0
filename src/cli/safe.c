/* SPDX-License-Identifier: MIT */
/* Text from the database on its way to a terminal. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "selfgrade/utf8.h"

/* The last few results, so that one printf may hold several; freed at
 * exit (leak checkers see nothing). */
static char *ring[8];
static unsigned next;

static void free_ring(void)
{
	for (size_t i = 0; i < sizeof ring / sizeof *ring; i++)
		free(ring[i]);
}

const char *cli_safe(const char *s)
{
	static int registered;
	char **slot = &ring[next++ % (sizeof ring / sizeof *ring)];

	if (!s)
		return NULL;
	if (!registered)
		registered = atexit(free_ring) == 0;
	free(*slot);
	*slot = utf8_escape(s, strlen(s), "\t\n", 0);
	return *slot;
}
