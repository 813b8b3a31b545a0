#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Learners across machines: who is who, trust on first use, histories that
# only grow, and exports of older versions.
. "$(dirname "$0")/lib.sh"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT SELFGRADE_DB
S=$SELFGRADE
snapshot() { sqlite3 "$1" .dump 2>/dev/null | sha256sum; cat "$1" "$1-wal" 2>/dev/null | sha256sum; }
A="$tmp/anna-a.db" B="$tmp/anna-b.db" T="$tmp/teacher.db"

# Names: trimmed and in NFC; blank and look-alike names refused.
t add-spaces 0 "$S" --db "$A" learner add '  anna  '
ok add-trimmed test "$(cat "$tmp/out")" = "added learner 'anna'"
t add-blank 1 "$S" --db "$A" learner add '   '
ok blank-says has "empty" "$tmp/err"
t add-cyrillic-a 1 "$S" --db "$A" learner add $'\xd0\xb0nna'
ok lookalike-names-existing has "would be taken for the learner 'anna'" "$tmp/err"
t add-case 1 "$S" --db "$A" learner add 'ANNA'
t add-nfd 0 "$S" --db "$A" learner add $'Jose\xcc\x81'
t add-nfc-again 1 "$S" --db "$A" learner add $'Jos\xc3\xa9'
t find-by-either-form 0 "$S" --db "$A" --learner $'Jos\xc3\xa9' score
"$S" --db "$A" learner remove $'Jos\xc3\xa9' >/dev/null

# Look-alikes, by the confusables skeleton of UTS #39 (ICU's uspoof): a
# name that reads as one here is refused, naming the characters that
# differ. Characters that show nothing (default ignorable, the Hangul
# fillers) are refused in any name.
N="$tmp/names.db"
"$S" --db "$N" learner add anna >/dev/null
"$S" --db "$N" learner add olga >/dev/null
for cp in 034F FE0F 180B 3164 115F; do
	ch=$(python3 -c "import sys; sys.stdout.write(chr(0x$cp))")
	t "add-anna+U+$cp" 1 "$S" --db "$N" learner add "anna$ch"
	ok "anna+U+$cp-named" has "cannot hold U+$cp, a character that shows nothing" "$tmp/err"
done
t add-latin-alpha 1 "$S" --db "$N" learner add 'ɑnna'
ok latin-alpha-named has "'ɑnna' would be taken for the learner 'anna': ɑ (U+0251) looks like a (U+0061); choose a name" "$tmp/err"
t add-armenian-o 1 "$S" --db "$N" learner add 'օlga'
ok armenian-o-named has "'օlga' would be taken for the learner 'olga': օ (U+0585) looks like o (U+006F)" "$tmp/err"
t add-cherokee-a 1 "$S" --db "$N" learner add 'Ꭺnna'
ok cherokee-a-named has "Ꭺ (U+13AA) looks like a (U+0061)" "$tmp/err"
t add-upper 1 "$S" --db "$N" learner add 'Anna'
ok upper-named has "A (U+0041) is a (U+0061) in another case" "$tmp/err"
# Capital I reads as l, and m as rn, though neither is the same letter.
t add-ivan 0 "$S" --db "$N" learner add 'Ivan'
t add-lvan 1 "$S" --db "$N" learner add 'lvan'
ok lvan-named has "l (U+006C) looks like I (U+0049)" "$tmp/err"
t add-rnary 0 "$S" --db "$N" learner add 'rnary'
t add-mary 1 "$S" --db "$N" learner add 'mary'
ok mary-named has "m (U+006D) looks like rn (U+0072 U+006E)" "$tmp/err"
# Names that read differently stay apart: a letter changed, and a name
# wholly in Cyrillic beside a Latin one (its н is no n: README, Decisions).
t add-anne 0 "$S" --db "$N" learner add 'anne'
t add-cyrillic-anna 0 "$S" --db "$N" learner add 'Анна'
t add-cyrillic-olga 0 "$S" --db "$N" learner add 'Ольга'
t add-ivanova 0 "$S" --db "$N" learner add 'Иванова'
# The same through an import: the learner's name in the file is checked as
# learner add checks it, and --rename offered.
t alpha-db 0 "$S" --db "$tmp/alpha.db" learner add 'ɑnna'
"$S" --db "$tmp/alpha.db" check m7 >/dev/null
t alpha-export 0 "$S" --db "$tmp/alpha.db" export --format json -o "$tmp/alpha.json"
before=$(snapshot "$N")
t import-alpha 1 "$S" --db "$N" import "$tmp/alpha.json"
ok import-alpha-named has "'ɑnna' would be taken for the learner 'anna': ɑ (U+0251) looks like a (U+0061); import them under another name with --rename 'ɑnna=NEW NAME'" "$tmp/err"
ok import-alpha-untouched test "$(snapshot "$N")" = "$before"
t import-alpha-renamed 0 "$S" --db "$N" import --rename 'ɑnna=anna.alpha' "$tmp/alpha.json"
ch=$(python3 -c "import sys; sys.stdout.write(chr(0x3164))")
jq --arg n "anna$ch" '.learners[0].name = $n' "$tmp/alpha.json" >"$tmp/filler.json"
t import-filler 1 "$S" --db "$N" import "$tmp/filler.json"
ok import-filler-named has "learners[0].name: a learner's name cannot hold U+3164" "$tmp/err"
t verify-filler 1 "$S" verify "$tmp/filler.json"
ok verify-filler-named has "cannot hold U+3164" "$tmp/err"

# Two different people named anna, in two databases: the second is refused,
# naming both, and imported with --rename.
t other-anna 0 "$S" --db "$tmp/other.db" learner add anna
"$S" --db "$tmp/other.db" check m8 >/dev/null
"$S" --db "$A" check m7 s8.mysql-outbox >/dev/null
t export-a 0 "$S" --db "$A" export --format json -o "$tmp/a1.json"
t export-other 0 "$S" --db "$tmp/other.db" export --format json -o "$tmp/other.json"
ok a-signed test "$(jq -r '.learners[0].signature | length' "$tmp/a1.json")" = 128
ok a-has-id test "$(jq -r '.learners[0].id | length' "$tmp/a1.json")" = 32
t verify-a 0 "$S" verify "$tmp/a1.json"
ok verify-says-signed has "1 signed" "$tmp/out"
t import-a 0 "$S" --db "$T" import "$tmp/a1.json"
before=$(snapshot "$T")
t import-namesake 1 "$S" --db "$T" import "$tmp/other.json"
ok namesake-names-both has "is not the 'anna' here" "$tmp/err"
ok namesake-suggests-rename has "--rename" "$tmp/err"
ok namesake-untouched test "$(snapshot "$T")" = "$before"
t import-renamed 0 "$S" --db "$T" import --rename 'anna=anna.k' "$tmp/other.json"
t list 0 "$S" --db "$T" learner list
ok both-there test "$(tr '\n' ' ' <"$tmp/out")" = "anna anna.k "
t renamed-progress 0 "$S" --db "$T" --learner anna.k status --json
ok renamed-has-m8 test "$(jq -r '.states[] | select(.id == "m8") | .done' "$tmp/out")" = true

# The same learner on a second machine: import there, work on; both
# exports extend what the instructor has, in either order.
t import-to-b 0 "$S" --db "$B" import "$tmp/a1.json"
t key-out 0 "$S" --db "$A" learner export-key anna "$tmp/anna.key"
ok key-file-private test "$(stat -c %a "$tmp/anna.key")" = 600
t key-in 0 "$S" --db "$B" learner import-key "$tmp/anna.key"
"$S" --db "$B" check m8 >/dev/null
t export-b 0 "$S" --db "$B" export --format json -o "$tmp/b1.json"
ok b-same-id test "$(jq -r '.learners[0].id' "$tmp/b1.json")" = "$(jq -r '.learners[0].id' "$tmp/a1.json")"
ok b-same-key test "$(jq -r '.learners[0].key' "$tmp/b1.json")" = "$(jq -r '.learners[0].key' "$tmp/a1.json")"
t import-b 0 "$S" --db "$T" import "$tmp/b1.json"
t import-a-again 0 "$S" --db "$T" import "$tmp/a1.json"
ok older-is-nothing-new has "nothing new" "$tmp/out"

# Back on the first machine: the second's work comes along first.
t a-takes-b 0 "$S" --db "$A" import "$tmp/b1.json"
# Two copies of one database that go their own ways: the second to be
# imported is a fork, refused, naming the first event it lacks.
cp "$A" "$tmp/fork.db"
"$S" --db "$A" check s8.topic-naming >/dev/null
"$S" --db "$tmp/fork.db" uncheck m7 >/dev/null
t export-a2 0 "$S" --db "$A" export --format json -o "$tmp/a2.json"
t export-fork 0 "$S" --db "$tmp/fork.db" export --format json -o "$tmp/fork.json"
t import-a2 0 "$S" --db "$T" import "$tmp/a2.json"
before=$(snapshot "$T")
t import-fork 1 "$S" --db "$T" import "$tmp/fork.json"
ok fork-named has "does not extend the history imported before: event" "$tmp/err"
ok fork-names-event has "s8.topic-naming" "$tmp/err"
ok fork-untouched test "$(snapshot "$T")" = "$before"

# A history rewritten and its chain recomputed without the learner's key:
# the signature no longer holds.
python3 - "$tmp/a2.json" "$tmp/forged.json" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def field(s):
    if s is None:
        return b"N"
    b = s.encode()
    return b"S%d:" % len(b) + b
l = d["learners"][0]
for e in l["events"]:
    e["at"] = e["at"].replace("20", "20", 1)[:2] + "25" + e["at"][4:]  # backdated a year
prev = None
for e in l["events"]:
    h = hashlib.sha256()
    for f in ["selfgrade-event-1", prev, e["item_id"], e["field"], e["old"], e["new"],
              e["old_hash"], e["text_hash"], e["at"]]:
        h.update(field(f))
    e["prev"], e["hash"] = prev, h.hexdigest()
    prev = e["hash"]
l["chain_head"] = prev
for s in l["states"]:
    s["updated_at"] = s["updated_at"][:2] + "25" + s["updated_at"][4:]
for n in l["notes"]:
    n["updated_at"] = n["updated_at"][:2] + "25" + n["updated_at"][4:]
l["last_activity"] = max([l["created_at"]] + [e["at"] for e in l["events"]])
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"))
PY
t verify-forged 1 "$S" verify "$tmp/forged.json"
ok forged-signature has "signature does not match" "$tmp/err"
ok forged-chain-intact sh -c "! grep -q 'hash does not match' '$tmp/err'"
t import-forged 1 "$S" --db "$tmp/fresh.db" import "$tmp/forged.json"
# ... and with the signature stripped, a database that knows the key
# refuses it as unsigned.
jq '.learners[0].signature = null' "$tmp/forged.json" >"$tmp/unsigned.json"
t verify-unsigned 0 "$S" verify "$tmp/unsigned.json"
ok unsigned-warned has "carries no signature" "$tmp/err"
before=$(snapshot "$T")
t import-unsigned 1 "$S" --db "$T" import "$tmp/unsigned.json"
ok unsigned-refused has "is not signed, but the key of 'anna' is known here" "$tmp/err"
ok unsigned-untouched test "$(snapshot "$T")" = "$before"

# Another key for a pinned learner: refused, naming both keys.
python3 - "$tmp/anna.key" "$tmp/stolen.key" <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))
# another learner's real key pair under anna's id and name
json.dump(k, open(sys.argv[2], "w"))
PY
"$S" --db "$tmp/mallory.db" learner add mallory >/dev/null
"$S" --db "$tmp/mallory.db" learner export-key mallory "$tmp/mallory.key" >/dev/null
jq --slurpfile a "$tmp/anna.key" '.id = $a[0].id | .name = $a[0].name | .created_at = $a[0].created_at' "$tmp/mallory.key" >"$tmp/swapped.key"
t swapped-key-in 0 "$S" --db "$tmp/m2.db" learner import-key "$tmp/swapped.key"
"$S" --db "$tmp/m2.db" check m9 >/dev/null
t export-swapped 0 "$S" --db "$tmp/m2.db" export --format json -o "$tmp/swapped.json"
t verify-swapped 0 "$S" verify "$tmp/swapped.json"
before=$(snapshot "$T")
t import-swapped 1 "$S" --db "$T" import "$tmp/swapped.json"
ok other-key-refused has "is signed by another key" "$tmp/err"
ok other-key-untouched test "$(snapshot "$T")" = "$before"

# An export of version 2 (no ids, no signatures) still imports, with a
# warning, and matches learners by name.
jq '.version = 2 | del(.summary.evidence) | .learners |= map(del(.id, .key, .signature, .email, .id_number, .section, .evidence) | .study |= del(.reviews) | .study.sessions |= map(del(.id)))' "$tmp/other.json" >"$tmp/v2.json"
t import-v2 0 "$S" --db "$tmp/old.db" import "$tmp/v2.json"
ok v2-warned has "carr" "$tmp/err"
ok v2-warned-version has "older version" "$tmp/err"
t v2-learner 0 "$S" --db "$tmp/old.db" learner list
ok v2-imported test "$(cat "$tmp/out")" = anna

# Gradebook fields travel with the learner.
t set 0 "$S" --db "$A" learner set anna email=anna@example.org id_number=S-1042 section=B
t set-bad 2 "$S" --db "$A" learner set anna colour=blue
t export-fields 0 "$S" --db "$A" export --format json
ok fields-exported test "$(jq -r '.learners[0] | .email + " " + .id_number + " " + .section' "$tmp/out")" = "anna@example.org S-1042 B"
summary identity
