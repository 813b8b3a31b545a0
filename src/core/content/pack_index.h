/* SPDX-License-Identifier: MIT */
/* The pack's index, built by the loader (content.c) once every file is
 * read: each item's parent and depth, then every entry by id (duplicate
 * ids are reported in d). */
#ifndef SELFGRADE_PACK_INDEX_H
#define SELFGRADE_PACK_INDEX_H

#include "selfgrade/content.h"
#include "selfgrade/diag.h"

void pack_link_items(struct pack_item *items, size_t n, struct pack_item *parent,
		     unsigned short depth);
void pack_build_index(struct pack *p, struct diag_list *d);

#endif
