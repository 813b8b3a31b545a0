#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A folder of the project trades places with a symbolic link to a folder
# outside it (renameat2 RENAME_EXCHANGE, again and again) while probe walks
# and reads the project: a line of the file outside must never reach the
# output, the notes or the log. Bounded: RUNS runs or SECONDS seconds.
# With FAULT_SO (the fault shim), the same race once more with openat2
# unsupported, as on kernels before 5.6.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/r.db"
S=$SELFGRADE
RUNS=${RUNS:-200} SECONDS_MAX=${SECONDS_MAX:-20}
swapper=
trap '[ -n "$swapper" ] && kill "$swapper" 2>/dev/null; rm -rf "$tmp"' EXIT

mkdir -p "$tmp/p/flink" "$tmp/outside"
echo "t = 'UNION ALL inside the project'" >"$tmp/p/flink/job.py"
echo "t = 'UNION ALL SECRET-5a1d0c outside'" >"$tmp/outside/job.py"
ln -s "$tmp/outside" "$tmp/p/out"
t add 0 "$S" learner add anna

race() { # race NAME [ENV...]: probes while the swapper runs
	local name=$1 runs=0 inside=0 start=$SECONDS
	shift
	rm -f "$tmp/stop" "$tmp/all"
	python3 "$SRC/tests/cli/swap.py" "$tmp/p/flink" "$tmp/p/out" "$tmp/stop" &
	swapper=$!
	while [ "$runs" -lt "$RUNS" ] && [ $((SECONDS - start)) -lt "$SECONDS_MAX" ]; do
		env "$@" "$S" probe "$tmp/p" --json >"$tmp/out" 2>"$tmp/err"
		cat "$tmp/out" "$tmp/err" >>"$tmp/all"
		grep -q "inside the project" "$tmp/out" && inside=$((inside + 1))
		runs=$((runs + 1))
	done
	touch "$tmp/stop"
	wait "$swapper"
	ok "$name-swapper" test $? -eq 0
	swapper=
	echo "$name: $runs runs, $inside read the file inside"
	ok "$name-ran" test "$runs" -gt 0
	# The race was run: some walks met the link where the folder had been.
	grep -A3 '"file": "flink",' "$tmp/all" | grep -q "leads outside the project"
	ok "$name-raced" test $? -eq 0
	ok "$name-output" test "$(grep -c SECRET "$tmp/all")" = 0
	ok "$name-log" test "$(sqlite3 "$SELFGRADE_DB" .dump | grep -c SECRET)" = 0
	t "$name-status" 0 "$S" status --json
	ok "$name-status-clean" test "$(grep -c SECRET "$tmp/out")" = 0
}

race beneath
if [ -n "${FAULT_SO:-}" ]; then
	race fallback FAULT_NOOPENAT2=1 LD_PRELOAD="$FAULT_SO"
fi
summary probe-race
