/* SPDX-License-Identifier: MIT */
/* A learner view as JSON: one shape for `score --json`, `status --json`
 * and each learner of the JSON export, so that they cannot disagree. */
#ifndef SELFGRADE_VIEW_JSON_H
#define SELFGRADE_VIEW_JSON_H

#include <jansson.h>

#include "selfgrade/view.h"

/* The standing: level, level_title, done, total, percent, criteria (each
 * with missing ids, needs_attestation and the reason of each part), the
 * next level and what it needs (needs), missing_critical, contradictions (between
 * levels), mistakes_avoided, attestations, review, evidence (ticks
 * backed, contradicted, the learner's word only): the export's shape. A
 * new reference. */
json_t *view_standing_json(const struct view *v);
/* The standing as score --json gives it: each missing part's reason
 * (reason in needs, reasons in criteria: not-done, stale, contradicted)
 * the disputed ticks (evidence.disputed), and findings: each contradicted
 * or disputed tick with its state and evidence. */
json_t *view_score_json(const struct view *v);

/* One entry's state as status --json shows it: id, kind, state (below),
 * done, stale, updated_at, note, evidence (with its dispute and whether
 * it is outdated). */
json_t *view_entry_json(const struct view *v, const struct pack_entry *e);

#endif
