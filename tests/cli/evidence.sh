#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Evidence everywhere the learner or the instructor looks: a learner who
# ticks everything but whose project shares the schema history topic (m7)
# sees the contradiction in score and status, and so does the instructor
# in every report, after the export has travelled.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/a.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
"$S" learner add ann >/dev/null
mapfile -t all < <(checkables)
t tick-all 0 "$S" check "${all[@]}"
cp -r "$SRC/tests/data/capstone/m7" "$tmp/project"
t probe-m7 1 "$S" probe "$tmp/project"
t score 0 "$S" score
ok score-says has "your project contradicts m7" "$tmp/out"
t score-json 0 "$S" score --json
ok score-json-contradicted test "$(jq -r '.evidence.contradicted | index("m7") != null' "$tmp/out")" = true
t status 0 "$S" status
ok status-mark grep -q '^\[!\] m7 ' "$tmp/out"
t status-json 0 "$S" status --json
ok status-json-evidence test "$(jq -r '.states[] | select(.id == "m7") | .evidence.verdict' "$tmp/out")" = contradicted
ok status-json-file test "$(jq -r '.states[] | select(.id == "m7") | .evidence.file' "$tmp/out")" != null
t export 0 "$S" export --format json -o "$tmp/ann.json"
t verify 0 "$S" verify "$tmp/ann.json"
# The instructor imports it; the contradiction travels with the log.
t import 0 "$S" --db "$tmp/teacher.db" import "$tmp/ann.json"
for f in md html; do
	t "report-$f" 0 "$S" --db "$tmp/teacher.db" export --all --format "$f"
	ok "report-$f-contradicted" grep -q 'Contradicted: .*m7' "$tmp/out"
done
t report-json 0 "$S" --db "$tmp/teacher.db" export --all --format json
ok summary-counts test "$(jq -r '.summary.evidence.learners_contradicted' "$tmp/out")" = 1
# A good project backs the ticks instead.
rm -rf "$tmp/project"; cp -r "$SRC/tests/data/capstone/good" "$tmp/project"
t probe-good 0 "$S" probe "$tmp/project"
t score-good 0 "$S" score --json
ok good-nothing-contradicted test "$(jq -r '.evidence.contradicted | length' "$tmp/out")" = 0
ok good-backed test "$(jq -r '.evidence.backed | length' "$tmp/out")" -gt 5
summary evidence
