#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fault injection: for every N, the Nth write/pwrite/fsync/fdatasync/
# rename/open/ftruncate of one command fails (tests/fault/fault.c, loaded
# with LD_PRELOAD). For every N: either exit 0 and the change is there on
# the next run, or exit 1 with a one-line message; PRAGMA integrity_check
# is ok; what was acknowledged before is still there; no partial export or
# temporary file is left. Also: a full disk is reported as such, a read-only
# command works on one, export's no-replace holds without renameat2 and
# hard links, and a SIGTERM half-way through export -o leaves nothing.
. "$(dirname "$0")/../cli/lib.sh"
: "${FAULT_SO:?path to the fault shim}"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
export SELFGRADE_DB="$tmp/w/p.db"
mkdir "$tmp/w" "$tmp/base"

# What every run starts from: two learners, acknowledged changes.
"$S" learner add ann >/dev/null && "$S" learner add bob >/dev/null &&
	"$S" --learner ann check s8.mysql-outbox m7 >/dev/null &&
	"$S" --learner ann note s8.mysql-outbox "kept note" >/dev/null &&
	"$S" --learner bob check m8 >/dev/null || exit 1
SELFGRADE_DB="$tmp/other.db" "$S" learner add carl >/dev/null &&
	SELFGRADE_DB="$tmp/other.db" "$S" --learner carl check m9 s8.monitoring >/dev/null &&
	SELFGRADE_DB="$tmp/other.db" "$S" --learner carl export --format json -o "$tmp/carl.json" >/dev/null || exit 1
"$S" --learner ann check s8.topic-naming >/dev/null || exit 1
cp "$tmp/w/p.db" "$tmp/base/p.db"

acked() { # what was acknowledged before must still be there
	"$S" --learner ann status --json >"$tmp/ann.json" 2>/dev/null &&
		jq -e '[.. | objects | select(.id? == "s8.mysql-outbox" and .note == "kept note")] | length == 1' "$tmp/ann.json" >/dev/null &&
		jq -e '[.. | objects | select(.id? == "m7" and .done == true)] | length == 1' "$tmp/ann.json" >/dev/null
}

# run NAME DURABLE_CHECK CMD...: CMD under the shim for N = 1, 2, ... until
# the shim counted fewer calls than N (the fault never fired).
run() {
	local name=$1 durable=$2 n=1 rc lines bad=0
	shift 2
	while :; do
		rm -rf "$tmp/w" && mkdir "$tmp/w" && cp "$tmp/base/p.db" "$tmp/w/p.db"
		FAULT_N=$n FAULT_REPORT="$tmp/count" LD_PRELOAD=$FAULT_SO \
			"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
		rc=$?
		lines=$(wc -l <"$tmp/err")
		if [ "$rc" -eq 0 ]; then
			eval "$durable" || { echo "FAIL $name N=$n: exit 0 but the change is not there"; bad=1; }
		elif [ "$rc" -ne 1 ] || [ "$lines" -ne 1 ]; then
			echo "FAIL $name N=$n: exit $rc with $lines lines:"; sed 's/^/  /' "$tmp/err" | head -5; bad=1
		fi
		[ "$(sqlite3 "$tmp/w/p.db" 'PRAGMA integrity_check')" = ok ] ||
			{ echo "FAIL $name N=$n: integrity_check"; bad=1; }
		acked || { echo "FAIL $name N=$n: an acknowledged change was lost"; bad=1; }
		[ -z "$(ls "$tmp/w" | grep -v '^p\.db$' | grep -v '^out\.[a-z]*$')" ] ||
			{ echo "FAIL $name N=$n: left behind: $(ls "$tmp/w")"; bad=1; }
		[ "$bad" -eq 0 ] || break
		[ "$(cat "$tmp/count")" -ge "$n" ] || break
		n=$((n + 1))
	done
	if [ "$bad" -eq 0 ]; then pass=$((pass + 1)); else failed=$((failed + 1)); fi
	echo "$name: $n runs"
}

done_in() { "$S" --learner "$1" status --json | jq -e --arg id "$2" '[.. | objects | select(.id? == $id and .done == true)] | length == 1' >/dev/null; }
run check 'done_in ann s8.monitoring' "$S" --learner ann check s8.monitoring
run note '"$S" --learner ann status --json | grep -q "new evidence"' "$S" --learner ann note s8.topic-naming "new evidence"
run undo '! done_in ann s8.topic-naming' "$S" --learner ann undo
run import 'done_in carl m9' "$S" import "$tmp/carl.json"
run export 'jq -e .learners "$tmp/w/out.json" >/dev/null' "$S" --learner ann export --format json -o "$tmp/w/out.json"
# The cohort's reports: md and html through their spool (in TMPDIR, this
# test's folder) and their own buffer, a gradebook, each to the last line.
run export-html 'xmllint --noout "$tmp/w/out.html" && grep -q "</html>" "$tmp/w/out.html"' \
	"$S" export --all --format html -o "$tmp/w/out.html"
run export-md 'grep -q "^## bob" "$tmp/w/out.md" && tail -2 "$tmp/w/out.md" | grep -q "\`m8\` | ticked"' \
	"$S" export --all --format md -o "$tmp/w/out.md"
run export-moodle '[ "$(wc -l <"$tmp/w/out.csv")" -eq 3 ]' \
	"$S" export --all --format moodle -o "$tmp/w/out.csv"

# A full disk: said in those words; reading still works.
rm -rf "$tmp/w" && mkdir "$tmp/w" && cp "$tmp/base/p.db" "$tmp/w/p.db"
t full-write 1 env FAULT_N=1 FAULT_EVERY=1 FAULT_ERRNO=ENOSPC FAULT_OPS=pwrite,write,fsync,fdatasync,ftruncate \
	LD_PRELOAD="$FAULT_SO" "$S" --learner ann check s8.monitoring
ok full-write-msg has "the disk is full" "$tmp/err"
t full-read 0 env FAULT_N=1 FAULT_EVERY=1 FAULT_ERRNO=ENOSPC FAULT_OPS=pwrite,fsync,fdatasync,ftruncate \
	LD_PRELOAD="$FAULT_SO" "$S" --learner ann status

# No renameat2, no hard links: export still never replaces a file.
echo precious >"$tmp/w/taken.json"
t nolink-exists 1 env FAULT_NOLINK=1 LD_PRELOAD="$FAULT_SO" "$S" --learner ann export --format json -o "$tmp/w/taken.json"
ok nolink-kept test "$(cat "$tmp/w/taken.json")" = precious
t nolink-new 0 env FAULT_NOLINK=1 LD_PRELOAD="$FAULT_SO" "$S" --learner ann export --format json -o "$tmp/w/new.json"
ok nolink-new-json jq -e .learners "$tmp/w/new.json" >/dev/null
ok nolink-no-temp test "$(ls "$tmp/w" | sort | tr '\n' ' ')" = "new.json p.db taken.json "

# A signal half-way through export -o: stopped at the temp file's fsync,
# then SIGTERM/SIGHUP/SIGINT; nothing is left, and the exit says the signal.
for sig in TERM HUP INT; do
	rm -f "$tmp/w/sig.json"
	FAULT_STOP=fsync LD_PRELOAD="$FAULT_SO" "$S" --learner ann export --format json -o "$tmp/w/sig.json" 2>/dev/null &
	pid=$!
	until [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = T ]; do sleep 0.05; done
	kill -s "$sig" "$pid"
	kill -s CONT "$pid"
	wait "$pid"
	rc=$?
	ok "sig$sig-status" test "$rc" -gt 128
	ok "sig$sig-nothing-left" test "$(ls "$tmp/w" | sort | tr '\n' ' ')" = "new.json p.db taken.json "
done

summary faults
