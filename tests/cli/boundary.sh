#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What crosses the trust boundary: an export, a review file. Each finding
# of the hostile review is a case here, made as a hostile learner would
# make it: with their own database (which holds their secret key, so the
# file is signed), edited under the program's feet, then exported.
. "$(dirname "$0")/lib.sh"
S=$SELFGRADE
A="$tmp/anna.db" T="$tmp/teacher.db"
mapfile -t all < <(checkables)

# refused NAME FILE PATTERN [no-verify]: verify and import both refuse FILE, saying
# PATTERN, and the instructor's database is left as it was.
refused() {
	local name=$1 file=$2 pattern=$3 before
	before=$(sqlite3 "$T" "SELECT count(*) FROM event; SELECT count(*) FROM learner" 2>/dev/null)
	# A gradebook key taken is a database's matter: verify has none.
	if [ "${4:-}" != no-verify ]; then
		t "$name-verify" 1 "$S" verify "$file"
		ok "$name-verify-says" has "$pattern" "$tmp/err"
	fi
	t "$name-import" 1 "$S" --db "$T" import "$file"
	ok "$name-import-says" has "$pattern" "$tmp/err"
	ok "$name-untouched" test "$(sqlite3 "$T" "SELECT count(*) FROM event; SELECT count(*) FROM learner")" = "$before"
}

"$S" --db "$A" learner add anna >/dev/null
"$S" --db "$A" --learner anna check s8.mysql-outbox m7 >/dev/null
"$S" --db "$T" learner add someone >/dev/null
t export-anna 0 "$S" --db "$A" export --format json -o "$tmp/anna.json"
t verify-anna 0 "$S" verify "$tmp/anna.json"

# 1. created_at that is no time (a script for the instructor's browser):
# refused, whoever signed it.
cp "$A" "$tmp/x1.db"
sqlite3 "$tmp/x1.db" "UPDATE learner SET created_at = '<img src=x onerror=body.id=7>'"
"$S" --db "$tmp/x1.db" export --format json -o "$tmp/x1.json" 2>/dev/null
refused created-at "$tmp/x1.json" "created_at: not a UTC time"
# ... and a state's or note's updated_at.
jq '.learners[0].states[0].updated_at = "yesterday"' "$tmp/anna.json" >"$tmp/x1b.json"
refused updated-at "$tmp/x1b.json" "updated_at: not a UTC time"

# ... and a key file's.
"$S" --db "$A" learner export-key anna "$tmp/k.key" >/dev/null
jq '.created_at = "<img src=x onerror=body.id=7>"' "$tmp/k.key" >"$tmp/k2.key"
t key-created-at 1 "$S" --db "$tmp/k.db" learner import-key "$tmp/k2.key"
ok key-created-at-nothing test ! -e "$tmp/k.db"

# 7. Evidence is checked once decoded: a value that rings the terminal's
# bell only once decoded (an escape in the JSON), a value that turns
# text around.
for v in 'bel:ok \u0007' 'rlo:ok \u202egnp.exe'; do
	cp "$A" "$tmp/x7.db"
	append "$tmp/x7.db" anna s8.mysql-outbox evidence \
		"$(jq -cn --arg v "$(printf '%b' "${v#*:}")" '{file: "a.json", line: 1, probe: "p.outbox", value: $v, verdict: "verified"}')"
	"$S" --db "$tmp/x7.db" export --format json -o "$tmp/x7.json" 2>/dev/null
	refused "evidence-${v%%:*}" "$tmp/x7.json" "events[2]"
	t "evidence-${v%%:*}-status" 0 "$S" --db "$tmp/x7.db" --learner anna status
	ok "evidence-${v%%:*}-status-clean" sh -c "! grep -q -e $'\u202e' -e $'\a' '$tmp/out'"
done

# 8. The store's own rules: a note with what `note` refuses, a gradebook
# field with a direction mark, or longer than `learner set` allows.
for cp in 200b 200e 200f 061c feff 2028 2029 00ad 2060 e0041; do
	ch=$(printf "\\U$(printf %08x $((16#$cp)))")
	t "note-$cp-own" 1 "$S" --db "$A" --learner anna note m7 "a${ch}b"
	jq --arg t "a${ch}b" '.learners[0].notes = [{id: "m7", text: $t, updated_at: .learners[0].created_at}]' \
		"$tmp/anna.json" >"$tmp/x8.json"
	t "note-$cp-import" 1 "$S" --db "$T" import "$tmp/x8.json"
	ok "note-$cp-named" has "cannot hold U+" "$tmp/err"
done
cp "$A" "$tmp/x8.db"
sqlite3 "$tmp/x8.db" "UPDATE learner SET id_number = 'S-1'||char(8206)||'042'"
"$S" --db "$tmp/x8.db" export --format json -o "$tmp/x8b.json" 2>/dev/null
refused id-number-lrm "$tmp/x8b.json" "id_number cannot hold U+200E"
t set-nbsp-own 1 "$S" --db "$A" learner set anna "section=$(printf '\u00a0\u3000')"
ok set-nbsp-says has "section cannot be blank" "$tmp/err"
t set-lrm-own 1 "$S" --db "$A" learner set anna "section=B$(printf '\u2028')"
ok set-lrm-says has "section cannot hold U+2028" "$tmp/err"
cp "$A" "$tmp/x8c.db"
sqlite3 "$tmp/x8c.db" "UPDATE learner SET email = '$(head -c 100000 /dev/zero | tr '\0' a)@example.org'"
"$S" --db "$tmp/x8c.db" export --format json -o "$tmp/x8c.json" 2>/dev/null
refused email-long "$tmp/x8c.json" "email is at most 200 bytes"
# A review's text under the same rules as a note's.
t review-format 1 "$S" --db "$T" review someone m7 "ok$(printf '\u200b')"
ok review-format-says has "a review cannot hold U+200B" "$tmp/err"

# 9. A relabelled version hides nothing: a file of version 1 that states
# the fields of a later version is refused.
jq '.version = 1' "$tmp/anna.json" >"$tmp/x9.json"
refused version-relabel "$tmp/x9.json" "a field of export version"
# The events' links are signed: an undo re-pointed is caught.
"$S" --db "$A" --learner anna uncheck m7 >/dev/null
"$S" --db "$A" --learner anna undo >/dev/null
t export-undo 0 "$S" --db "$A" export --format json -o "$tmp/undo.json"
t verify-undo 0 "$S" verify "$tmp/undo.json"
jq '(.learners[0].events[] | select(.undoes != null) | .undoes) |= 1' "$tmp/undo.json" >"$tmp/x9b.json"
refused undo-repointed "$tmp/x9b.json" "signature does not match"
# Study totals are counted from the sessions, never taken.
jq '.learners[0].study.cards = 5000 | .learners[0].study.seconds = 999999' "$tmp/undo.json" >"$tmp/x9c.json"
refused study-totals "$tmp/x9c.json" "study.cards is stated as 5000, but its sessions give 0"

# 6. Gradebook keys are one learner's: another learner's signed export
# claiming anna's email is refused, naming both.
"$S" --db "$A" learner set anna email=anna@example.org id_number=S-1042 >/dev/null
t export-anna2 0 "$S" --db "$A" export --format json -o "$tmp/anna2.json"
t import-anna2 0 "$S" --db "$T" import "$tmp/anna2.json"
"$S" --db "$tmp/m.db" learner add mallory >/dev/null
"$S" --db "$tmp/m.db" learner set mallory email=anna@example.org >/dev/null
"$S" --db "$tmp/m.db" export --format json -o "$tmp/mallory.json" 2>/dev/null
refused email-claimed "$tmp/mallory.json" "email 'anna@example.org' is already 'anna''s here" no-verify
t set-claimed 1 "$S" --db "$T" learner set someone id_number=S-1042
ok set-claimed-says has "id_number 'S-1042' is already 'anna''s here" "$tmp/err"

# 2. A review file's time and entry are checked before the learner's log
# takes them for good.
"$S" --db "$tmp/r.db" import "$tmp/anna2.json" >/dev/null 2>&1
"$S" --db "$tmp/r.db" review anna m7 "ok" >/dev/null
pub=$(sqlite3 "$tmp/r.db" "SELECT public FROM own_key")
for case in 'esc:\u001b]0;PWNED\u0007\u001b[2J' 'future:9999-12-31T00:00:00.000Z' 'word:yesterday'; do
	cp "$tmp/r.db" "$tmp/r2.db"
	at=$(printf '%b' "${case#*:}")
	/usr/bin/python3 - "$tmp/r2.db" "$at" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT learner_id, item_id, new FROM event WHERE field = 'review'").fetchone()
db.execute("INSERT INTO event (learner_id, item_id, field, new, at) VALUES (?, ?, 'review', ?, ?)", (row[0], row[1], row[2], sys.argv[2]))
db.commit()
PY
	t "review-at-${case%%:*}-file" 0 "$S" --db "$tmp/r2.db" --learner anna export --format review -o "$tmp/r-${case%%:*}.json"
	before=$(sqlite3 "$A" "SELECT count(*) FROM event")
	t "review-at-${case%%:*}" 1 "$S" --db "$A" import "$tmp/r-${case%%:*}.json"
	ok "review-at-${case%%:*}-says" has "at:" "$tmp/err"
	ok "review-at-${case%%:*}-untouched" test "$(sqlite3 "$A" "SELECT count(*) FROM event")" = "$before"
done
cp "$tmp/r.db" "$tmp/r3.db"
sqlite3 "$tmp/r3.db" "INSERT INTO event (learner_id, item_id, field, new, at) SELECT learner_id, 'no.such.entry', 'review', new, at FROM event WHERE field = 'review'"
t review-unknown-file 0 "$S" --db "$tmp/r3.db" --learner anna export --format review -o "$tmp/r-unknown.json"
t review-unknown 1 "$S" --db "$A" import "$tmp/r-unknown.json"
ok review-unknown-says has "'no.such.entry' is no item, mistake or criterion" "$tmp/err"

# 11. The reviewer pin holds whatever file carries the reviews: machine A
# took the instructor's file; machine B (the same learner, by their key)
# took someone else's; B's export brings no review of theirs to A.
t review-file 0 "$S" --db "$tmp/r.db" --learner anna export --format review -o "$tmp/review.json"
t a-takes-review 0 "$S" --db "$A" import "$tmp/review.json"
"$S" --db "$A" learner export-key anna "$tmp/anna.key" >/dev/null
"$S" --db "$tmp/b.db" learner import-key "$tmp/anna.key" >/dev/null
"$S" --db "$tmp/b.db" import "$tmp/anna2.json" >/dev/null 2>&1
"$S" --db "$tmp/evil.db" import "$tmp/anna2.json" >/dev/null 2>&1
"$S" --db "$tmp/evil.db" review anna ex.failover-tested --agree "всё хорошо" >/dev/null
"$S" --db "$tmp/evil.db" --learner anna export --format review -o "$tmp/evil.json" >/dev/null
t a-refuses-evil 1 "$S" --db "$A" import "$tmp/evil.json"
t b-takes-evil 0 "$S" --db "$tmp/b.db" import "$tmp/evil.json"
t b-export 0 "$S" --db "$tmp/b.db" export --format json -o "$tmp/b.json"
t a-syncs-b 0 "$S" --db "$A" import "$tmp/b.json"
t a-status 0 "$S" --db "$A" --learner anna status
ok a-no-evil-review sh -c "! grep -q 'всё хорошо' '$tmp/out'"
ok a-keeps-own-review grep -q 'instructor (comment): ok' "$tmp/out"
# A third machine of anna's that took no review file takes none of B's.
"$S" --db "$tmp/c.db" learner import-key "$tmp/anna.key" >/dev/null
t c-syncs-b 0 "$S" --db "$tmp/c.db" import "$tmp/b.json"
t c-status 0 "$S" --db "$tmp/c.db" --learner anna status
ok c-no-review sh -c "! grep -q 'instructor' '$tmp/out'"

# 3. An unsigned forgery imported first does not survive the learner's
# first signed file: the signed history takes its place, said so.
"$S" --db "$tmp/f.db" import "$tmp/anna2.json" >/dev/null 2>&1
sqlite3 "$tmp/f.db" "DELETE FROM learner_key"
# ... with an hour of study anna never did.
sqlite3 "$tmp/f.db" "INSERT INTO study_session (learner_id, started_at, ended_at, cards, first_try, uid) SELECT id, '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z', 50, 40, lower(hex(randomblob(16))) FROM learner WHERE name = 'anna'"
"$S" --db "$tmp/f.db" --learner anna check "${all[@]}" >/dev/null
"$S" --db "$tmp/f.db" export --format json --unsigned -o "$tmp/forged.json" 2>/dev/null
ok forged-unsigned test "$(jq -r '.learners[0].signature' "$tmp/forged.json")" = null
"$S" --db "$tmp/t3.db" review anna m7 x >/dev/null 2>&1
t forged-first 0 "$S" --db "$tmp/t3.db" import "$tmp/forged.json"
t genuine 0 "$S" --db "$tmp/t3.db" import "$tmp/anna2.json"
ok genuine-says has "imported before without a signature were replaced" "$tmp/out"
t genuine-score 0 "$S" --db "$tmp/t3.db" --learner anna score --json
own=$("$S" --db "$A" --learner anna score --json | jq -c '[.level, .done]')
ok genuine-level test "$(jq -c '[.level, .done]' "$tmp/out")" = "$own"
ok genuine-no-forged-study test "$(sqlite3 "$tmp/t3.db" "SELECT count(*) FROM study_session JOIN learner ON learner.id = learner_id WHERE name = 'anna'")" = 0
# The same with a forgery that keeps anna's own events and adds only study
# and a gradebook field: the signed file's word is still the one kept.
"$S" --db "$tmp/f2.db" import "$tmp/anna2.json" >/dev/null 2>&1
sqlite3 "$tmp/f2.db" "DELETE FROM learner_key; UPDATE learner SET id_number = 'S-9999'"
sqlite3 "$tmp/f2.db" "INSERT INTO study_session (learner_id, started_at, ended_at, cards, first_try, uid) SELECT id, '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z', 50, 40, lower(hex(randomblob(16))) FROM learner WHERE name = 'anna'"
"$S" --db "$tmp/f2.db" export --format json --unsigned -o "$tmp/forged2.json" 2>/dev/null
t forged2-first 0 "$S" --db "$tmp/t4.db" import "$tmp/forged2.json"
t genuine2 0 "$S" --db "$tmp/t4.db" import "$tmp/anna2.json"
ok genuine2-no-forged-study test "$(sqlite3 "$tmp/t4.db" "SELECT count(*) FROM study_session JOIN learner ON learner.id = learner_id WHERE name = 'anna'")" = 0
ok genuine2-id-number test "$(sqlite3 "$tmp/t4.db" "SELECT id_number FROM learner WHERE name = 'anna'")" = S-1042
t genuine-verify 0 "$S" --db "$A" export --format json -o "$tmp/anna3.json"
t genuine-next 0 "$S" --db "$tmp/t3.db" import "$tmp/anna3.json"

[ -n "${KEEP:-}" ] && cp -r "$tmp" "$KEEP"
summary cli.boundary
