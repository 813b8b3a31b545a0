#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Nothing changed means nothing: a refused import, review import or verify
# leaves no database, folder or temporary file that was not there; an
# export killed half-way leaves a temporary the next export clears. And
# the smaller edges of an import: a session without an id (versions 1-2)
# imported once however often the file is, a learner with no progress
# said to be added, an odd database and a missing key file named plainly.
. "$(dirname "$0")/lib.sh"
S=$SELFGRADE
python3 "$SRC/tests/bench/gen_pack.py" "$tmp/p5" 5 verbose >/dev/null
export SELFGRADE_CONTENT=$tmp/p5
L=$tmp/learner.db T=$tmp/teacher.db
"$S" --db "$L" learner add anna >/dev/null
"$S" --db "$L" learner add bob >/dev/null
"$S" --db "$L" --learner anna check g1.i1 >/dev/null
t export-anna 0 "$S" --db "$L" --learner anna export --format json -o "$tmp/anna.json"
t export-bob 0 "$S" --db "$L" --learner bob export --format json -o "$tmp/bob.json"
t teacher-import 0 "$S" --db "$T" import "$tmp/anna.json"
t teacher-review 0 "$S" --db "$T" review anna g1.i1 "good"
t review-file 0 "$S" --db "$T" --learner anna export --format review -o "$tmp/review.json"
echo '{"format": "selfgrade-progress", "version": 3}' >"$tmp/bad.json"
jq '.reviews[0].new |= sub("good"; "bad")' "$tmp/review.json" >"$tmp/forged.json"

# Refused into a path that does not exist: the folder stays as it was
# (it used to get new/dir/x.db, 112 KiB, and "nothing changed").
mkdir "$tmp/box"
find "$tmp/box" | sort >"$tmp/before"
t import-bad-new 1 "$S" --db "$tmp/box/new/dir/x.db" import "$tmp/bad.json"
ok import-bad-says has "not imported; nothing changed" "$tmp/err"
t import-forged-review-new 1 "$S" --db "$tmp/box/new/dir/x.db" import "$tmp/forged.json"
t import-review-new 1 "$S" --db "$tmp/box/new/dir/x.db" import "$tmp/review.json"
ok import-review-says has "nothing changed" "$tmp/err"
t import-both-new 1 "$S" --db "$tmp/box/x.db" import "$tmp/bad.json" "$tmp/review.json"
t verify-bad-new 1 "$S" --db "$tmp/box/new/x.db" verify "$tmp/bad.json"
find "$tmp/box" | sort >"$tmp/after"
ok refused-leaves-nothing cmp -s "$tmp/before" "$tmp/after"
# A database that was there stays, even with no learner in it; one made
# by an import that took something stays too.
t empty-db 0 "$S" --db "$tmp/box/empty.db" learner add x
t empty-db-emptied 0 "$S" --db "$tmp/box/empty.db" learner remove x
t import-bad-existing 1 "$S" --db "$tmp/box/empty.db" import "$tmp/bad.json"
ok existing-db-kept [ -f "$tmp/box/empty.db" ]
t import-good-new 0 "$S" --db "$tmp/box/made/x.db" import "$tmp/anna.json"
ok made-db-kept [ -f "$tmp/box/made/x.db" ]

# A review file is one learner's reviews, decoded whole: at most 4 MiB
# (a file of 256 MiB was read, at a dozen times its size in memory).
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["padding"] = "x" * 5000000; json.dump(d, open(sys.argv[2], "w"))' \
	"$tmp/review.json" "$tmp/big-review.json"
t import-big-review 1 "$S" --db "$L" import "$tmp/big-review.json"
ok import-big-review-says has "big-review.json: larger than a review file can be (4 MiB)" "$tmp/err"

# A learner with no progress yet, imported for the first time: added
# (it said "nothing new (imported before)").
t import-bob 0 "$S" --db "$tmp/bob.db" import "$tmp/bob.json"
ok import-bob-added has "bob.json: added 1 learner (bob), with no progress yet" "$tmp/out"
t import-bob-again 0 "$S" --db "$tmp/bob.db" import "$tmp/bob.json"
ok import-bob-again-nothing has "nothing new for bob (imported before)" "$tmp/out"

# A study session with "id": null, as versions 1-2 wrote them: imported
# three times, kept once (each import added it again: 3 sessions, 10800 s).
python3 - "$tmp/bob.json" "$tmp/v2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["version"] = 2
d.pop("summary", None)
le = d["learners"][0]
for k in ("id", "key", "signature", "email", "id_number", "section",
          "evidence", "review"):
    le.pop(k, None)
le["study"] = {"sessions": [{"id": None, "started_at": "2024-01-01T10:00:00.000Z",
                             "ended_at": "2024-01-01T11:00:00.000Z",
                             "cards": 3, "first_try": 2}],
               "cards": 3, "first_try": 2, "seconds": 3600}
json.dump(d, open(sys.argv[2], "w"))
PY
for k in 1 2 3; do
	t "import-v2-$k" 0 "$S" --db "$tmp/v2.db" import "$tmp/v2.json"
done
ok import-v2-again-nothing has "nothing new for bob (imported before)" "$tmp/out"
t export-v2 0 "$S" --db "$tmp/v2.db" --learner bob export --format json --unsigned
ok v2-one-session test "$(jq '.learners[0].study.sessions | length' "$tmp/out")" = 1
ok v2-seconds test "$(jq '.learners[0].study.seconds' "$tmp/out")" = 3600
# The same session, exported again with the id it got here: still one.
cp "$tmp/out" "$tmp/v3.json"
t import-v3-after-v2 0 "$S" --db "$tmp/v2.db" import "$tmp/v3.json"
ok import-v3-after-v2-nothing has "v3.json: nothing new" "$tmp/out"
ok import-v3-says-whose has "v3.json holds bob (imported before from v2.json)" "$tmp/out"

# An export killed with SIGKILL (no handler runs) leaves its temporary:
# the next export to that path removes it, if no export holds it and it
# is not brand new; anything else beside the path is left alone.
out=$tmp/exp/report.md
mkdir "$tmp/exp"
for f in report.md.selfgrade-Ab12Cd report.md.selfgrade-live00 \
	report.md.selfgrade-fresh0 report.md.selfgrade-1234567 report.md.backup \
	other.md.selfgrade-Ab12Cd; do
	printf 'half a report' >"$tmp/exp/$f"
	chmod 600 "$tmp/exp/$f"
done
chmod 644 "$tmp/exp/other.md.selfgrade-Ab12Cd"
touch -d '2 minutes ago' "$tmp/exp"/*
touch "$tmp/exp/report.md.selfgrade-fresh0"
# A live export's temporary: its lock is held.
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1])
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[1] + "-held", "w").close()
time.sleep(30)' "$tmp/exp/report.md.selfgrade-live00" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ -e "$tmp/exp/report.md.selfgrade-live00-held" ] && break; sleep 0.05; done
rm -f "$tmp/exp/report.md.selfgrade-live00-held"
trap 'kill $holder 2>/dev/null; rm -rf "$tmp"' EXIT
t export-cleans 0 "$S" --db "$L" --learner anna export --format md -o "$out"
ok stale-removed [ ! -e "$tmp/exp/report.md.selfgrade-Ab12Cd" ]
ok live-kept [ -e "$tmp/exp/report.md.selfgrade-live00" ]
ok fresh-kept [ -e "$tmp/exp/report.md.selfgrade-fresh0" ]
ok other-names-kept [ -e "$tmp/exp/report.md.selfgrade-1234567" ] &&
	ok backup-kept [ -e "$tmp/exp/report.md.backup" ] &&
	ok other-target-kept [ -e "$tmp/exp/other.md.selfgrade-Ab12Cd" ]
kill $holder 2>/dev/null
wait $holder 2>/dev/null
ok report-written [ -s "$out" ]
# A real export that dies half-way of a signal no handler sees (as
# SIGKILL is): past its file size limit, SIGXFSZ, at the same point every
# run. Its temporary is the name cleaned above.
python3 "$SRC/tests/bench/gen_cohort.py" "$S" "$tmp/p5" 300 "$tmp/c300.json" >/dev/null
t import-c300 0 "$S" --db "$tmp/c300.db" import "$tmp/c300.json"
mkdir "$tmp/kill"
{ (ulimit -f 8; exec "$S" --db "$tmp/c300.db" export --all --format json -o "$tmp/kill/all.json"); } 2>/dev/null
left=$(ls "$tmp/kill")
ok killed-left-our-name grep -qE '^all\.json\.selfgrade-[A-Za-z0-9]{6}$' <<<"$left"
touch -d '2 minutes ago' "$tmp/kill/$left"
t export-after-kill 0 "$S" --db "$tmp/c300.db" export --all --format json -o "$tmp/kill/all.json"
ok killed-temporary-cleaned [ "$(ls "$tmp/kill")" = all.json ]

# user_version -1: not ours, or damaged (it said "migration 001 failed").
cp "$L" "$tmp/neg.db"
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = -1"); c.commit()' "$tmp/neg.db"
t negative-version 1 "$S" --db "$tmp/neg.db" learner list
ok negative-version-says has "not a selfgrade database, or damaged" "$tmp/err"
ok negative-version-not-migration bash -c '! grep -q migration "$0"' "$tmp/err"

# A key file that is not there (it said "cara.key:-1:-1:").
t key-missing 1 "$S" --db "$L" learner import-key "$tmp/cara.key"
ok key-missing-says has "$tmp/cara.key: cannot read: No such file or directory" "$tmp/err"
ok key-missing-no-position bash -c '! grep -q -- "-1:-1" "$0"' "$tmp/err"
# Nor is a database made for it left behind.
t key-missing-new-db 1 "$S" --db "$tmp/box/key/x.db" learner import-key "$tmp/cara.key"
ok key-missing-new-db-left-nothing [ ! -e "$tmp/box/key" ]

summary leftovers
