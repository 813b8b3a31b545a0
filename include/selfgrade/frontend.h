/* SPDX-License-Identifier: MIT */
/* What the two front ends share: the exit statuses, and a session set up
 * for them to work on. The command line (src/cli/session.c) opens a
 * session; the tutor (src/tui/tutor.h) is handed one, so that the tutor
 * needs nothing of the command line. */
#ifndef SELFGRADE_FRONTEND_H
#define SELFGRADE_FRONTEND_H

#include <stdbool.h>
#include <stdint.h>

#include "selfgrade/content.h"
#include "selfgrade/store.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* The pack loaded, the store open, the learner resolved. Owned by whoever
 * opened it (session_open, session_end). */
struct session {
	struct pack *pack;
	struct store *store;
	char *learner;
	int64_t learner_id;
	bool ask_learner; /* the tutor should ask whose progress to show */
	/* No learner yet: the tutor asks the first one's name on its own
	 * screen (learner NULL until then). created: this run made the
	 * database file, so leaving without a name leaves no file. */
	bool first_run, created;
};

#endif
