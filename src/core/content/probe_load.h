/* SPDX-License-Identifier: MIT */
/* probes.yaml → struct pack_probe: the loader's part for probes, kept apart
 * from content.c so that the rest of the loader need not know the kinds. */
#ifndef SELFGRADE_PROBE_LOAD_H
#define SELFGRADE_PROBE_LOAD_H

#include "selfgrade/content.h"
#include "yamltree.h"

/* Reads the document root of probes.yaml (named file) into p->probes,
 * adding every problem to d. */
void probe_load(struct pack *p, const char *file, const struct ynode *root,
                struct diag_list *d);

/* Once the pack's ids are indexed: each probe's 'for' names an item, a
 * mistake or a criterion, and no probe id is used twice or by an entry. */
void probe_check_refs(const struct pack *p, struct diag_list *d);

/* Whether a probe of kind k takes key (as probes.yaml spells it): what
 * `dump` writes of it. */
bool probe_kind_has_key(enum probe_kind k, const char *key);

void probe_free_all(struct pack_probe *v, size_t n);

#endif
