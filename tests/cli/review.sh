#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An instructor's word reaches the learner: comments and marks written in
# the instructor's database, carried in a signed review file, shown by the
# learner's score and status, never changing their ticks.
. "$(dirname "$0")/lib.sh"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT SELFGRADE_DB
S=$SELFGRADE
L="$tmp/learner.db" T="$tmp/teacher.db"
"$S" --db "$L" learner add anna >/dev/null
mapfile -t all < <(checkables)
"$S" --db "$L" check "${all[@]}" >/dev/null
t export 0 "$S" --db "$L" export --format json -o "$tmp/anna1.json"
t import 0 "$S" --db "$T" import "$tmp/anna1.json"

t review-disagree 0 "$S" --db "$T" review anna ex.failover-tested --disagree "Нет записи теста: приложите лог."
t review-comment 0 "$S" --db "$T" review anna s8.mysql-connector.server-id "Хорошо: 184054."
t review-unknown 1 "$S" --db "$T" review anna no.such.id "?"
t review-mark-item 2 "$S" --db "$T" review anna m7 --agree
t review-nothing 2 "$S" --db "$T" review anna m7
t review-file-all 2 "$S" --db "$T" export --all --format review
t review-file 0 "$S" --db "$T" --learner anna export --format review -o "$tmp/review.json"
ok review-file-signed test "$(jq -r '.signature | length' "$tmp/review.json")" = 128
# The teacher's own view of anna already shows it.
t teacher-score 0 "$S" --db "$T" --learner anna score --json
ok teacher-sees-review test "$(jq -r '.review.not_agreed[0]' "$tmp/out")" = ex.failover-tested

# A review file changed on the way is refused, nothing written.
jq '.reviews[0].new |= sub("Нет записи"; "Есть запись")' "$tmp/review.json" >"$tmp/forged.json"
t import-forged 1 "$S" --db "$L" import "$tmp/forged.json"
ok forged-says has "signature does not match" "$tmp/err"

t learner-imports 0 "$S" --db "$L" import "$tmp/review.json"
ok two-reviews has "2 new reviews" "$tmp/out"
t again 0 "$S" --db "$L" import "$tmp/review.json"
ok again-nothing has "0 new reviews" "$tmp/out"
t score 0 "$S" --db "$L" score
ok own-level-stands has "anna: Exemplary Multi-Database" "$tmp/out"
ok instructor-view has "Your instructor's view: Meets Expectations Multi-Database (not agreed: ex.failover-tested)" "$tmp/out"
ok comment-shown has "Хорошо: 184054." "$tmp/out"
t score-json 0 "$S" --db "$L" score --json
ok json-own-level test "$(jq -r .level "$tmp/out")" = exemplary
ok json-review-level test "$(jq -r .review.level "$tmp/out")" = meets
t status 0 "$S" --db "$L" status
ok status-under-entry grep -q 'instructor (not agreed): Нет записи теста' "$tmp/out"
t status-json 0 "$S" --db "$L" status --json
ok ticks-untouched test "$(jq -r '.states[] | select(.id == "ex.failover-tested") | .done' "$tmp/out")" = true
# The reviews are part of the log: exported, verified, and the next
# submission still extends what the instructor holds.
t export-2 0 "$S" --db "$L" export --format json -o "$tmp/anna2.json"
t verify-2 0 "$S" verify "$tmp/anna2.json"
ok export-carries-review test "$(jq '[.learners[0].events[] | select(.field == "review")] | length' "$tmp/anna2.json")" = 2
t import-2 0 "$S" --db "$T" import "$tmp/anna2.json"

# Reviews are the instructor's alone: a review file signed by another
# key than the first one is refused; a review a learner writes into their
# own log is not taken in by the instructor's database.
"$S" --db "$tmp/mallory.db" import "$tmp/anna1.json" >/dev/null
"$S" --db "$tmp/mallory.db" review anna ex.failover-tested --agree "всё хорошо" >/dev/null
t mallory-file 0 "$S" --db "$tmp/mallory.db" --learner anna export --format review -o "$tmp/mallory.json"
t other-reviewer 1 "$S" --db "$L" import "$tmp/mallory.json"
ok other-reviewer-says has "signed by another key" "$tmp/err"
pub=$(jq -r .key "$tmp/review.json")
json=$(jq -cn --arg by "$pub" '{by: $by, mark: "agreed", text: "forged"}')
"$S" --db "$L" export --format json -o "$tmp/anna3.json" >/dev/null
sqlite3 "$L" "SELECT 1" >/dev/null
t self-review-db 0 "$S" --db "$L" score --json
before=$(jq -r .review.level "$tmp/out")
t teacher-before 0 "$S" --db "$T" --learner anna score --json
teacher_before=$(jq -r .review.level "$tmp/out")
# The learner forges an "agreed" by the instructor's key in their own log,
# through the store as their own tutor would write a review.
append "$L" anna ex.failover-tested review "$json"
t export-forged-review 0 "$S" --db "$L" export --format json -o "$tmp/anna4.json"
t import-forged-review 0 "$S" --db "$T" import "$tmp/anna4.json"
ok forged-review-reported has "anna4.json: 'anna': 1 review in the file not taken" "$tmp/out"
t teacher-after 0 "$S" --db "$T" --learner anna score --json
ok forged-review-not-taken test "$(jq -r .review.level "$tmp/out")" = "$teacher_before"
summary review
