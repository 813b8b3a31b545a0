/* SPDX-License-Identifier: MIT */
/* The rules of progress: what an entry of the pack takes. Below the log
 * (progress.c applies them to what a tick changes) and the view. */
#ifndef SELFGRADE_RULES_H
#define SELFGRADE_RULES_H

#include "selfgrade/content.h"

/* Why an id takes no tick, attestation or note. */
enum view_refusal {
	VIEW_OK,
	VIEW_UNKNOWN,	   /* no such id in the pack */
	VIEW_NO_STATE,	   /* a section, level, table or takeaway */
	VIEW_NOT_ATTESTED, /* a criterion met through its requires only */
};

/* Whether e takes a tick (items, mistakes, attestable criteria), an
 * attestation (attestable criteria), a note (items, mistakes, criteria). */
enum view_refusal rules_can_tick(const struct pack_entry *e);
enum view_refusal rules_can_note(const struct pack_entry *e);

#endif
