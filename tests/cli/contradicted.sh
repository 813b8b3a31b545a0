#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Evidence decides (issue "the verdict carries the evidence"): a learner at
# Exemplary whose project breaks the CRITICAL rule (two MySQL connectors
# sharing a schema history topic) or whose connector's server id is the
# MySQL server's own is Not yet in score, score --json, status, every
# report and verify; a dispute brings the level back and every report
# shows its text; undo takes it back; a fixed project and a probe run
# count the tick again with no dispute; a file changed after the probe is
# outdated; an export that claims a level its evidence does not allow
# fails verify.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/a.db"
S=$SELFGRADE
CAP=$SRC/tests/data/capstone
CRIT=s8.mysql-connector.schema-history-topic
not() { ! "$@"; }
"$S" learner add ann >/dev/null
mapfile -t all < <(checkables)
t tick-all 0 "$S" check "${all[@]}"
ok exemplary has "level: Exemplary" "$tmp/out"

# The project shares the schema history topic (m7, the CRITICAL rule).
cp -r "$CAP/m7" "$tmp/project"
t probe-m7 1 "$S" probe "$tmp/project"
t score 0 "$S" score
ok score-not-yet has "ann: Not yet" "$tmp/out"
ok score-says-critical has "your project contradicts the CRITICAL item $CRIT" "$tmp/out"
ok score-says-where has "connectors/mysql-outbox.json:15" "$tmp/out"
ok score-says-what-to-do has "selfgrade dispute $CRIT 'why'" "$tmp/out"
ok score-not-every-level not has "Every level is met." "$tmp/out"
t score-json 0 "$S" score --json
ok json-level test "$(jq -r .level "$tmp/out")" = not-yet
ok json-need-reason test "$(jq -r --arg id "$CRIT" '.needs[] | select(.id == $id) | .reason' "$tmp/out")" = contradicted
ok json-finding test "$(jq -c --arg id "$CRIT" '.findings[] | select(.id == $id) | [.state, .evidence.file, .evidence.line, .evidence.probe]' "$tmp/out")" = '["contradicted","connectors/mysql-outbox.json",15,"schema-history.unique"]'
ok json-criterion-reason test "$(jq -r --arg id "$CRIT" '[.criteria[].reasons[] | select(.id == $id) | .reason] | unique | join(",")' "$tmp/out")" = contradicted
t status 0 "$S" status
ok status-mark grep -q "^ *\[!\] CRITICAL $CRIT " "$tmp/out"
ok status-parent-mark grep -q '^\[!\] s8.mysql-connector ' "$tmp/out"
t status-json 0 "$S" status --json
ok status-json-state test "$(jq -r --arg id "$CRIT" '.states[] | select(.id == $id) | .state' "$tmp/out")" = contradicted
ok status-json-evidence-file test "$(jq -r --arg id "$CRIT" '.states[] | select(.id == $id) | .evidence.file' "$tmp/out")" = connectors/mysql-outbox.json
# Every report gives the level the evidence allows.
t export-json 0 "$S" export --format json -o "$tmp/ann.json"
ok export-json-level test "$(jq -r '.learners[0].level' "$tmp/ann.json")" = not-yet
t verify 0 "$S" verify "$tmp/ann.json"
for f in md html; do
	t "report-$f" 0 "$S" export --format "$f"
	ok "report-$f-not-exemplary" not grep -q 'Exemplary Multi-Database — \|Level:\*\* Exemplary' "$tmp/out"
done
t report-csv 0 "$S" export --format csv
ok report-csv-level grep -q 'not-yet\|Not yet' "$tmp/out"
t report-moodle 0 "$S" learner set ann email=ann@example.org
t report-moodle 0 "$S" export --format moodle
ok moodle-not-100 grep -q "^ann@example.org,ann,0" "$tmp/out"

# The same for a connector whose server id is the MySQL server's own, in
# English and in Russian.
"$S" learner add bob >/dev/null
export SELFGRADE_LEARNER=ann
t tick-all-bob 0 "$S" --learner bob check "${all[@]}"
mkdir -p "$tmp/sid" && cp -r "$CAP/good/." "$tmp/sid/"
sed -i 's/"database.server.id": "184054"/"database.server.id": "1"/' "$tmp/sid/connectors/mysql-outbox.json"
t probe-sid 1 "$S" --learner bob probe "$tmp/sid"
t score-sid 0 "$S" --learner bob score --json
ok sid-not-exemplary test "$(jq -r .level "$tmp/out")" != exemplary
ok sid-contradicted test "$(jq -r '.evidence.contradicted | index("s8.mysql-connector.server-id") != null' "$tmp/out")" = true
LANG=ru_RU.UTF-8 t score-sid-ru 0 "$S" --learner bob score
ok sid-ru-says grep -q 'противоречит' "$tmp/out"
ok sid-ru-not-exemplary not grep -q '^bob: Exemplary' "$tmp/out"

# A dispute: the level returns, and every report shows why.
t dispute-nothing 1 "$S" dispute s8.topic-naming "nothing contradicts it"
t dispute-group 1 "$S" dispute s8.mysql-connector "a group"
ok dispute-group-names-sub has "selfgrade dispute $CRIT 'why'" "$tmp/err"
t dispute 0 "$S" dispute "$CRIT" "the second connector is the same one, re-registered"
t score-disputed-one 0 "$S" score --json
ok disputed-one-level test "$(jq -r .level "$tmp/out")" = meets
# m7 is contradicted by a probe of its own: a dispute answers one.
t dispute-m7 0 "$S" dispute m7 "the second connector is the same one, re-registered"
t score-disputed 0 "$S" score --json
ok disputed-level test "$(jq -r .level "$tmp/out")" = exemplary
ok disputed-listed test "$(jq -r '.evidence.disputed | index("'"$CRIT"'") != null' "$tmp/out")" = true
t status-disputed 0 "$S" status --json
ok disputed-state test "$(jq -r --arg id "$CRIT" '.states[] | select(.id == $id) | .state' "$tmp/out")" = disputed
ok disputed-text test "$(jq -r --arg id "$CRIT" '.states[] | select(.id == $id) | .evidence.dispute.text' "$tmp/out")" = "the second connector is the same one, re-registered"
for f in md html; do
	t "disputed-$f" 0 "$S" export --format "$f"
	ok "disputed-$f-text" has "the second connector is the same one, re-registered" "$tmp/out"
	# The timeline: the learner's dispute, never a tick's change.
	ok "disputed-$f-timeline" has "disputes the probe: the second connector" "$tmp/out"
done
t disputed-export 0 "$S" export --format json -o "$tmp/disputed.json"
t disputed-verify 0 "$S" verify "$tmp/disputed.json"
# ... and it travels: the instructor's database shows it too.
t teacher-import 0 "$S" --db "$tmp/teacher.db" import "$tmp/disputed.json"
t teacher-md 0 "$S" --db "$tmp/teacher.db" export --all --format md
ok teacher-sees-dispute has "the second connector is the same one, re-registered" "$tmp/out"
# undo takes the dispute back; redo brings it again; "" withdraws it.
t undo-dispute 0 "$S" undo
t score-undone 0 "$S" score --json
ok undone-level test "$(jq -r .level "$tmp/out")" = meets
t redo-dispute 0 "$S" redo
t score-redone 0 "$S" score --json
ok redone-level test "$(jq -r .level "$tmp/out")" = exemplary
t withdraw 0 "$S" dispute "$CRIT" ""
ok withdraw-says has "dispute withdrawn for $CRIT" "$tmp/out"
t score-withdrawn 0 "$S" score --json
ok withdrawn-level test "$(jq -r .level "$tmp/out")" = not-yet

# A file changed since the probe read it: the evidence is outdated.
echo " " >>"$tmp/project/connectors/mysql-outbox.json"
t status-outdated 0 "$S" status --json
ok outdated-flag test "$(jq -r --arg id "$CRIT" '.states[] | select(.id == $id) | .evidence.outdated' "$tmp/out")" = true
t score-outdated 0 "$S" score
ok outdated-says has "outdated" "$tmp/out"

# The project fixed and the probes run again: verified, no dispute needed.
rm -rf "$tmp/project" && cp -r "$CAP/good" "$tmp/project"
t probe-fixed 0 "$S" probe "$tmp/project"
t score-fixed 0 "$S" score --json
ok fixed-level test "$(jq -r .level "$tmp/out")" = exemplary
ok fixed-nothing-contradicted test "$(jq -r '.evidence.contradicted | length' "$tmp/out")" = 0
t status-fresh 0 "$S" status --json
ok fresh-not-outdated test "$(jq -r --arg id "$CRIT" '.states[] | select(.id == $id) | .evidence.outdated' "$tmp/out")" = false
# A run that finds what the last one found logs nothing.
n1=$(sqlite3 "$SELFGRADE_DB" "SELECT count(*) FROM event WHERE field = 'evidence'")
t probe-again 0 "$S" probe "$tmp/project"
ok rerun-logs-nothing test "$(sqlite3 "$SELFGRADE_DB" "SELECT count(*) FROM event WHERE field = 'evidence'")" = "$n1"

# An export that claims the level its evidence does not allow fails
# verify (bob's: contradicted, stated as Exemplary).
t bob-export 0 "$S" --learner bob export --format json -o "$tmp/bob.json"
jq '.learners[0].level = "exemplary" | .learners[0].level_title = "Exemplary Multi-Database"' "$tmp/bob.json" >"$tmp/bob-claims.json"
t verify-claim 1 "$S" verify "$tmp/bob-claims.json"
ok verify-claim-says grep -q 'level' "$tmp/err"
summary contradicted
