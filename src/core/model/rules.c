/* SPDX-License-Identifier: MIT */
/* What an entry of the pack takes (rules.h). */
#include "selfgrade/rules.h"

enum view_refusal rules_can_tick(const struct pack_entry *e)
{
	if (!e)
		return VIEW_UNKNOWN;
	switch (e->kind) {
	case PACK_ITEM:
	case PACK_MISTAKE:
		return VIEW_OK;
	case PACK_CRITERION:
		return e->u.criterion->attest ? VIEW_OK : VIEW_NOT_ATTESTED;
	default:
		return VIEW_NO_STATE;
	}
}

enum view_refusal rules_can_note(const struct pack_entry *e)
{
	if (!e)
		return VIEW_UNKNOWN;
	switch (e->kind) {
	case PACK_ITEM:
	case PACK_MISTAKE:
	case PACK_CRITERION:
		return VIEW_OK;
	default:
		return VIEW_NO_STATE;
	}
}
