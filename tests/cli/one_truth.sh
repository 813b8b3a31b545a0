#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One truth: each defect measured when the verdict and the reports were
# tried as a learner and an instructor would, as a check.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/a.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
snapshot() { sqlite3 "$1" .dump 2>/dev/null | sha256sum; cat "$1" "$1-wal" 2>/dev/null | sha256sum; }
pack="$SRC/checklists/multi-database"
# Every id a level asks for, straight from the pack: the tests follow the
# rubric rather than a copy of it.
needs_of() { "$S" dump | jq -r --arg l "$1" '.rubric.levels[] | select(.id == $l) | .criteria[] | (.requires[]?, (select(.attest) | .id))'; }
critical() { "$S" dump | jq -r '[.sections[].items[] | recurse(.items[]?) | select(.critical) | .id] | .[]'; }

# 1. The demo cohort's reports list, for a learner not yet at any level,
#    what the next level needs, as score does: nothing of a higher level.
"$S" --db "$tmp/demo.db" import "$SRC/data/demo/cohort.json" >/dev/null
t demo-md 0 "$S" --db "$tmp/demo.db" export --all --format md
awk '/^## Chen Wei/{on=1; next} /^## /{on=0} on' "$tmp/out" >"$tmp/chen.md"
t chen-score 0 "$S" --db "$tmp/demo.db" --learner 'Chen Wei' score --json
ok chen-not-yet test "$(jq -r .level "$tmp/out")" = not-yet
jq -r '.needs[].id' "$tmp/out" | sort >"$tmp/score-needs"
sed -n '/^### What/,/^### Checklist/p' "$tmp/chen.md" | grep -o '`[^`]*`' | tr -d '`' | sort -u >"$tmp/md-ids"
ok chen-md-names-no-exemplary-criterion sh -c "! grep -q '^ex\.' '$tmp/md-ids'"
ok chen-md-lists-what-score-lists sh -c "grep -vxFf '$tmp/md-ids' '$tmp/score-needs' | wc -l | grep -qx 0"

# 2. A higher level's criteria all met while a lower one's is not: every
#    front end says so, naming the unmet lower criterion.
"$S" learner add ann >/dev/null
missing=me.connectors-running
mapfile -t all < <( (needs_of exemplary; needs_of meets; critical) | sort -u | grep -vx "$missing")
t contra-check 0 "$S" check "${all[@]}"
t contra-score 0 "$S" score
ok contra-score-says has "$missing" "$tmp/out"
ok contra-score-explains has "the level reached is the lower one's" "$tmp/out"
t contra-json 0 "$S" score --json
ok contra-json-names test "$(jq -r '.contradictions[0].criterion' "$tmp/out")" = "$missing"
ok contra-json-levels test "$(jq -r '.contradictions[0] | .met_level + ">" + .unmet_level' "$tmp/out")" = "exemplary>meets"
for f in md html; do
	t "contra-$f" 0 "$S" export --format "$f"
	ok "contra-$f-says" has "$missing" "$tmp/out"
	ok "contra-$f-explains" has "the level reached is the lower one" "$tmp/out"
done
t contra-json-export 0 "$S" export --format json
ok contra-export-carries test "$(jq -r '.learners[0].contradictions[0].criterion' "$tmp/out")" = "$missing"
t resolve 0 "$S" check "$missing"
t resolved-score 0 "$S" score --json
ok resolved-exemplary test "$(jq -r '.level + " " + (.contradictions|length|tostring)' "$tmp/out")" = "exemplary 0"

# 3. Stale means the meaning changed: m7's fix rewritten (to share the
#    schema history topic) stales the confirmation; the same pack saved in
#    NFD stales nothing.
cp -r "$pack" "$tmp/p"
# (connector 2 now uses connector 1's topic: the fix says to share it)
sed -i 's/"schema-changes.mysql-connector-2"/"schema-changes.mysql-connector-1"/' "$tmp/p/mistakes.yaml"
ok m7-fix-rewritten sh -c "! cmp -s '$pack/mistakes.yaml' '$tmp/p/mistakes.yaml'"
t m7-fix-changed-validates 0 "$S" --content "$tmp/p" validate
t m7-fix-changed 0 "$S" --content "$tmp/p" score --json
ok m7-stale test "$(jq -r '[.needs[] | select(.id == "m7") | .stale] | .[0]' "$tmp/out")" = true
ok m7-not-exemplary test "$(jq -r .level "$tmp/out")" != exemplary
cp -r "$pack" "$tmp/nfd"
for f in "$tmp/nfd"/*.yaml; do
	python3 -c 'import sys, unicodedata; p = sys.argv[1]; s = open(p, encoding="utf-8").read(); open(p, "w", encoding="utf-8").write(unicodedata.normalize("NFD", s))' "$f"
done
ok nfd-differs sh -c "! cmp -s '$pack/checklist.yaml' '$tmp/nfd/checklist.yaml'"
t nfd-score 0 "$S" --content "$tmp/nfd" score --json
ok nfd-still-exemplary test "$(jq -r .level "$tmp/out")" = exemplary
t nfd-status 0 "$S" --content "$tmp/nfd" status --json
ok nfd-nothing-stale test "$(jq '[.states[] | select(.stale)] | length' "$tmp/out")" = 0

# 4. verify proves every field it states, naming the field that differs.
"$S" note s8.mysql-outbox "DDL in mysql/outbox.sql" >/dev/null
t export 0 "$S" export --format json -o "$tmp/e.json"
t verify-clean 0 "$S" verify "$tmp/e.json"
edit() { jq "$1" "$tmp/e.json" >"$tmp/edited.json"; }
for e in '.learners[0].done -= 1:done' '.learners[0].percent = 3:percent' \
	'.learners[0].level_title = "Meets":level_title' \
	'.learners[0].attestations |= .[1:]:attestations' \
	'.learners[0].mistakes_avoided = []:mistakes_avoided' \
	'.learners[0].notes[0].text = "forged":notes' \
	'.learners[0].states[0].note = "forged":states' \
	'.learners[0].criteria[0].met = false:criteria' \
	'.learners[0].needs = [{"id":"m7"}]:needs' \
	'.learners[0].total = 99:total'; do
	edit "${e%:*}"
	t "verify-edited-${e##*:}" 1 "$S" verify "$tmp/edited.json"
	ok "verify-names-${e##*:}" has "${e##*:}" "$tmp/err"
done
jq '.pack.content_hash = ("0" * 64) | .learners[0].level = "exemplary"' "$tmp/e.json" >"$tmp/other.json"
t verify-other-content 1 "$S" verify "$tmp/other.json"
ok verify-other-says has "could not be checked" "$tmp/err"
ok verify-other-not-ok sh -c "! grep -q ': ok' '$tmp/out'"

# 5. Time cannot reorder history: a clock stepped back an hour between a
#    tick and an untick; the export verifies, undo reverts the latest.
# Not under ASan: libfaketime's clock_gettime, called by ASan's allocator
# while it holds its lock, looks its symbols up with dlsym, which
# allocates, and the process waits on itself (seen: a check that never
# ended). The release build runs these.
if command -v faketime >/dev/null && [ "${SANITIZED:-OFF}" != ON ]; then
	export SELFGRADE_DB="$tmp/clock.db"
	"$S" learner add clock >/dev/null
	t tick-later 0 faketime '2026-06-01 12:00:00' "$S" check m8
	t untick-earlier 0 faketime '2026-06-01 11:00:00' "$S" uncheck m8
	t clock-status 0 "$S" status --json
	ok clock-unticked test "$(jq -r '.states[] | select(.id == "m8") | .done' "$tmp/out")" = false
	t clock-export 0 "$S" export --format json -o "$tmp/clock.json"
	t clock-verifies 0 "$S" verify "$tmp/clock.json"
	t clock-undo 0 "$S" undo
	t clock-after-undo 0 "$S" status --json
	ok undo-reverted-untick test "$(jq -r '.states[] | select(.id == "m8") | .done' "$tmp/out")" = true
	t clock-undo-again 0 "$S" undo
	t clock-after-undo2 0 "$S" status --json
	ok undo-reverted-tick test "$(jq -r '.states[] | select(.id == "m8") | .done' "$tmp/out")" = false
	export SELFGRADE_DB="$tmp/a.db"
else
	echo "SKIP clock: faketime is not installed (tools/install-deps installs it), or ASan"
fi

# Import refuses impossible times, naming file, learner and event, and
# leaves the database as it was.
"$S" --db "$tmp/in.db" learner add someone >/dev/null
before=$(snapshot "$tmp/in.db")
long=$(head -c 100000 /dev/zero | tr '\0' 9)
for at in '' 'not-a-time' '9999-01-01T00:00:00.000Z' '1999-12-31T23:59:59.000Z' \
	'2026-02-30T00:00:00.000Z' "$long"; do
	jq --arg at "$at" '.learners[0].events[0].at = $at' "$tmp/e.json" >"$tmp/bad.json"
	t "import-at-${at:0:12}" 1 "$S" --db "$tmp/in.db" import "$tmp/bad.json"
	ok "import-at-names-${at:0:12}" has "bad.json: learners[0] (ann), events[0]: at:" "$tmp/err"
done
ok import-at-untouched test "$(snapshot "$tmp/in.db")" = "$before"
# ... and ids, sequence numbers, kinds and fields it could not have written.
for e in '.learners[0].events[0].item_id = "../../etc/passwd":item_id' \
	'.learners[0].events[0].item_id = "":item_id' \
	'.learners[0].events[1].seq = -5:seq' \
	'.learners[0].events[0].batch = -1:batch' \
	'.learners[0].states[0].kind = "bogus":kind' \
	'.learners[0].events[0].field = "bogus":field' \
	'.learners[0].name = "   ":name'; do
	jq "${e%:*}" "$tmp/e.json" >"$tmp/bad.json"
	t "import-bad-${e##*:}" 1 "$S" --db "$tmp/in.db" import "$tmp/bad.json"
	ok "import-bad-names-${e##*:}" has "${e##*:}" "$tmp/err"
done
ok import-bad-untouched test "$(snapshot "$tmp/in.db")" = "$before"

# 6. Redo is a step of the log like undo: it takes back the newest undo,
#    the export still verifies, and the next undo reverts the redo.
export SELFGRADE_DB="$tmp/redo.db"
"$S" learner add redo >/dev/null
done_m7() { "$S" status --json | jq -r '.states[] | select(.id == "m7") | .done'; }
t redo-tick 0 "$S" check m7
t redo-nothing 0 "$S" redo
ok redo-nothing-says grep -q "redo: nothing to redo" "$tmp/out"
t redo-undo 0 "$S" undo
ok redo-undone test "$(done_m7)" = false
t redo-redo 0 "$S" redo
ok redo-says grep -q "redo: redone: 'Shared Schema History Topic" "$tmp/out"
ok redo-redone test "$(done_m7)" = true
t redo-export 0 "$S" export --format json -o "$tmp/redo.json"
t redo-verifies 0 "$S" verify "$tmp/redo.json"
t redo-undo-again 0 "$S" undo
ok redo-undone-again test "$(done_m7)" = false
t redo-new-change 0 "$S" check m8
t redo-after-change 0 "$S" redo
ok redo-nothing-after-change grep -q "nothing to redo" "$tmp/out"
# The reports' timelines tell an undo from a redo, as History does: m7's
# rows read change, undo, redo, undo (newest last).
t redo-md 0 "$S" export --format md
ok redo-md-steps test "$(grep -F '`m7`' "$tmp/out" | grep -o '(undo)\|(redo)' | tr '\n' ' ')" = "(undo) (redo) (undo) "
t redo-html 0 "$S" export --format html
ok redo-html-steps test "$(grep -o '(undo)\|(redo)' "$tmp/out" | tr '\n' ' ')" = "(undo) (redo) (undo) "

summary one-truth
