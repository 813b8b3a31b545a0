#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Several processes change the same database at once: no command may fail
# (no "database is locked"), and no update may be lost.
set -u
: "${SELFGRADE:?path to the selfgrade binary}" "${SRC:?source tree}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset SELFGRADE_CONTENT # the shipped pack, whatever the caller's shell chose
export SELFGRADE_DB="$tmp/p.db" SELFGRADE_LEARNER=many
procs=${CONC_PROCS:-4} ops=${CONC_OPS:-40}
S=$SELFGRADE

"$S" learner add many >/dev/null || exit 1
worker() {
	local p=$1 k errors=0
	for ((k = 0; k < ops; k++)); do
		# every process writes the same note: each write must survive
		"$S" note s8.mysql-outbox "p$p-k$k" >/dev/null 2>>"$tmp/err.$p" || errors=$((errors + 1))
		if ((k % 2)); then
			"$S" uncheck m7 s8.pyflink >/dev/null 2>>"$tmp/err.$p" || errors=$((errors + 1))
		else
			"$S" check m7 s8.pyflink >/dev/null 2>>"$tmp/err.$p" || errors=$((errors + 1))
		fi
	done
	echo "$errors" >"$tmp/errors.$p"
}
for ((p = 0; p < procs; p++)); do worker "$p" & done
wait

failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
q() { sqlite3 "$SELFGRADE_DB" "$1"; }
for ((p = 0; p < procs; p++)); do
	[ "$(cat "$tmp/errors.$p")" = 0 ] || { fail "process $p had errors:"; head -3 "$tmp/err.$p"; }
done
notes=$(q "SELECT count(DISTINCT new) FROM event WHERE field = 'note'")
[ "$notes" = $((procs * ops)) ] || fail "lost updates: $notes of $((procs * ops)) notes in the log"
[ "$(q "SELECT text FROM note")" = "$(q "SELECT new FROM event WHERE field = 'note' ORDER BY id DESC LIMIT 1")" ] ||
	fail "the note is not the last one written"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
echo "concurrency: $procs processes x $ops rounds, $notes notes logged"
echo "concurrency: $((procs + 3 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
