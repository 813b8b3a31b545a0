#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# kill -9 at random moments during a stream of changes, hundreds of times.
# A command that printed its result had committed it: every such change must
# be in the database; the state table must agree with the event log; and
# PRAGMA integrity_check must say ok.
set -u
: "${SELFGRADE:?path to the selfgrade binary}" "${SRC:?source tree}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SELFGRADE_DB="$tmp/p.db" SELFGRADE_LEARNER=crash
runs=${CRASH_RUNS:-300}
S=$SELFGRADE
ids=(s8.mysql-outbox s8.topic-naming s8.monitoring s8.pyflink.union-all m7 m8 m9 me.docs-mention)

"$S" learner add crash >/dev/null || exit 1
# Kill within about twice what one command takes here (sanitizers are slow).
t0=$(date +%s%N); "$S" check m7 >/dev/null; t1=$(date +%s%N)
span=$(( (t1 - t0) / 50000 + 2 )) # twice one run, in units of 0.1 ms
reported=0 killed=0
: >"$tmp/notes"
for ((i = 0; i < runs; i++)); do
	id=${ids[RANDOM % ${#ids[@]}]}
	case $((RANDOM % 3)) in
	0) args=(note "$id" "run-$i") ;;
	1) args=(check "$id") ;;
	2) args=(uncheck "$id") ;;
	esac
	# Emptied first: a kill that lands before the child has opened (and
	# truncated) the file would otherwise leave the last run's output
	# there, and a change never made would count as reported.
	: >"$tmp/out"
	"$S" "${args[@]}" >"$tmp/out" 2>/dev/null &
	pid=$!
	sleep "$(printf '0.%04d' $((RANDOM % span)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -s "$tmp/out" ]; then
		reported=$((reported + 1))
		[ "${args[0]}" = note ] && echo "run-$i" >>"$tmp/notes"
	else
		killed=$((killed + 1))
	fi
done

failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
q() { sqlite3 "$SELFGRADE_DB" "$1"; }
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
while read -r text; do
	[ "$(q "SELECT count(*) FROM event WHERE field = 'note' AND new = '$text'")" = 1 ] ||
		fail "reported note $text is not in the event log"
done <"$tmp/notes"
# Each state is what its latest event says.
bad=$(q "SELECT s.item_id FROM state s WHERE s.done != (SELECT CAST(e.new AS INTEGER)
         FROM event e WHERE e.learner_id = s.learner_id AND e.item_id = s.item_id
         AND e.field = 'done' ORDER BY e.id DESC LIMIT 1)")
[ -z "$bad" ] || fail "states disagree with the event log: $bad"
bad=$(q "SELECT n.item_id FROM note n WHERE n.text IS NOT (SELECT e.new FROM event e
         WHERE e.learner_id = n.learner_id AND e.item_id = n.item_id AND e.field = 'note'
         ORDER BY e.id DESC LIMIT 1)")
[ -z "$bad" ] || fail "notes disagree with the event log: $bad"
# Both outcomes must have happened, or the test proved nothing.
[ "$reported" -gt 0 ] && [ "$killed" -gt 0 ] || fail "no mix of outcomes ($reported reported, $killed killed)"
echo "crash: $runs kills, $reported reported before the kill, $killed killed first"
echo "crash: $((runs - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
