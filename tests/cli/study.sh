#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# study --due: each card due with its prompt as plain text (no markup),
# new or with its due time in local time; --json keeps UTC for scripts.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/p.db" TZ=Europe/Moscow LANG=C.UTF-8
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
t add 0 "$S" learner add alice

t due-new 0 "$S" study --due
ok due-count has "alice: 10 cards due now" "$tmp/out"
ok due-id has "m7.symptoms (new)" "$tmp/out"
# the prompt itself, each symptom on its line, under its card
ok due-prompt has '    • Коннектор падает с "schema mismatch" ошибками после DDL изменений в другой базе' "$tmp/out"
ok due-fix-prompt has "    7. Shared Schema History Topic (Multi-Database)" "$tmp/out"
ok due-no-markup test -z "$(grep -E '\*\*|`' "$tmp/out")"

# A card answered "again" a day ago (failed, relearning): due, with its
# time in local time (Moscow, UTC+3), and the same in --json as UTC.
sqlite3 "$SELFGRADE_DB" "INSERT INTO study_card (learner_id, card_id, ease, interval_days, reps, lapses, due, updated_at, introduced_at, last_at)
  SELECT id, 'm8.symptoms', 2.3, 0, 0, 1, '2026-01-02T03:04:05.000Z', '2026-01-02T02:54:05.000Z', '2026-01-01T03:00:00.000Z', '2026-01-02T02:54:05.000Z' FROM learner" ||
	echo "FAIL cannot seed a study card (schema changed?)"
t due-seen 0 "$S" study --due
ok due-local-time has "m8.symptoms (due 2026-01-02 06:04)" "$tmp/out"
t due-json 0 "$S" study --due --json
ok due-json-utc test "$(jq -r '.due[] | select(.id == "m8.symptoms") | .due' "$tmp/out")" = 2026-01-02T03:04:05.000Z

summary cli.study
