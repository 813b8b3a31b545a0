#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One vocabulary: the words the front ends once disagreed on appear in
# none of them, and the one word for each thing appears everywhere.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/a.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
"$S" learner add anna >/dev/null
"$S" check s8.mysql-outbox >/dev/null
: >"$tmp/all"
for cmd in "score" "status" "export --format md" "export --format html" "export --format csv" "undo"; do
	# shellcheck disable=SC2086
	"$S" $cmd >>"$tmp/all" 2>&1
done
for old in "not yet at any level" "Every level is reached" "undid the change" "[!] stale" "level: not yet"; do
	ok "no '$old'" sh -c "! grep -qF -- '$old' '$tmp/all'"
done
ok not-yet-one-word grep -q "Not yet" "$tmp/all"
ok undo-names-the-text grep -q "undone: «MySQL outbox table создана с аналогичной схемой PostgreSQL»" "$tmp/all"
t again 0 "$S" check s8.mysql-outbox
t same-again 0 "$S" check s8.mysql-outbox
ok already-done has "nothing changed: already done" "$tmp/out"
t undo-one-step 0 "$S" undo
t state-after-undo 0 "$S" status --json
ok undo-reverted-the-real-change test "$(jq -r '.states[] | select(.id == "s8.mysql-outbox") | .done' "$tmp/out")" = false
summary vocabulary
