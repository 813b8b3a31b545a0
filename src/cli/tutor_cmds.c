/* SPDX-License-Identifier: MIT */
/* tui (the default command) and study without --due: the tutor (tui/),
 * entered over a session opened here. */
#include <stdlib.h>

#include "cli.h"
#include "tui/tutor.h"

int cmd_tui(struct cli *c)
{
	struct session ss;
	int rc = tutor_check();

	/* An unknown terminal is said before the first run's welcome asks
	 * for a name on it. The catalogue was bound by main(). */
	if (rc != EXIT_OK)
		return rc;
	rc = session_open(c, &ss, FOR_TUTOR);
	if (rc != EXIT_OK)
		return rc;
	rc = tutor_run(&ss, c->study);
	session_end(&ss);
	return rc;
}
