#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The benchmark's generators, small, so that they cannot rot: a pack of
# 1,000 items in each YAML style validates (and its leaves are the pack's
# own), and a generated cohort of 50 learners, each signed, verifies and
# imports, and the imported database exports the same 50 learners, which
# verify. verify's floor (tests/bench/verify_floor.c) checks the same 50
# chains and signatures, and fails where verify does: a changed event, a
# changed signed field, a re-pointed undo link.
. "$(dirname "$0")/lib.sh"
S=$SELFGRADE
G=$SRC/tests/bench
for style in compact verbose; do
	t "gen-pack-$style" 0 python3 "$G/gen_pack.py" "$tmp/$style" 1000 "$style"
	t "validate-$style" 0 "$S" --content "$tmp/$style" validate
	ok "validate-$style-counts" grep -q "1000 items" "$tmp/out"
	SELFGRADE_DB="$tmp/$style.db" "$S" learner add x >/dev/null 2>&1
	mapfile -t leaves <"$tmp/$style/leaves.txt"
	t "leaves-tick-$style" 0 env SELFGRADE_DB="$tmp/$style.db" "$S" \
		--content "$tmp/$style" --learner x check "${leaves[@]}"
done
ok compact-is-flow grep -q '^      {id: g1.i1, text: "Item 4"' "$tmp/compact/checklist.yaml"
ok verbose-is-block grep -q '^      - id: g1.i1$' "$tmp/verbose/checklist.yaml"

t gen-pack-50 0 python3 "$G/gen_pack.py" "$tmp/p50" 50 verbose
export SELFGRADE_CONTENT=$tmp/p50
t gen-cohort 0 python3 "$G/gen_cohort.py" "$S" "$tmp/p50" 50 "$tmp/cohort.json"
t verify-generated 0 "$S" verify "$tmp/cohort.json"
ok verify-generated-says grep -q "ok: 50 learners (.* and 42 more), hash chains intact, 50 signed" "$tmp/out"
FLOOR=$BUILD_DIR/tests/bench/bench_verify_floor
t floor-generated 0 "$FLOOR" "$tmp/cohort.json"
ok floor-generated-says grep -qx "50 learners, [0-9]* events, 50 signatures, 0 failed" "$tmp/out"
t import-generated 0 "$S" --db "$tmp/c.db" import "$tmp/cohort.json"
ok import-generated-says grep -q "imported 50 learners" "$tmp/out"
t export-imported 0 "$S" --db "$tmp/c.db" export --all --format json -o "$tmp/again.json"
t verify-again 0 "$S" verify "$tmp/again.json"
ok verify-again-says grep -q "ok: 50 learners" "$tmp/out"
# A tampered chain is caught: the generator's hashes are not taken on trust.
python3 - "$tmp/cohort.json" "$tmp/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["learners"][7]["events"][2]["at"] = "2030-01-01T00:00:00.000Z"
json.dump(d, open(sys.argv[2], "w"))
PY
t verify-tampered 1 "$S" verify "$tmp/bad.json"
t floor-tampered 1 "$FLOOR" "$tmp/bad.json"
# What the signature covers, changed: a gradebook field, an undo link
# (version 4 signs each event's seq, batch and undoes).
python3 - "$tmp/cohort.json" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["learners"][3]["email"] = "someone@example.org"
json.dump(d, open(sys.argv[2] + "/email.json", "w"))
d = json.load(open(sys.argv[1]))
d["learners"][5]["events"][4]["undoes"] = 2
json.dump(d, open(sys.argv[2] + "/undo.json", "w"))
PY
for f in email undo; do
	t "verify-signed-$f" 1 "$S" verify "$tmp/$f.json"
	ok "verify-signed-$f-says" grep -q "the signature does not match" "$tmp/err"
	t "floor-signed-$f" 1 "$FLOOR" "$tmp/$f.json"
	ok "floor-signed-$f-says" grep -qx "50 learners, [0-9]* events, 50 signatures, 1 failed" "$tmp/out"
done
summary bench-generators
