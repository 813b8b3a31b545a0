#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Collect, then print (doc/design.md): a report's writer only prints the
# learners report_write() hands it, never reads the store nor asks for a
# learner, so that reading (its snapshots, its failures) stays in
# collect.c. Read in the sources: a call against it fails here, naming
# the file and the line.
. "$(dirname "$0")/lib.sh"

# The writers: one file per format, and the helpers they share.
writers=$(ls "$SRC"/src/core/report/report_*.c)
# What reads the store or pulls a learner: the store's functions, SQLite,
# report_learner() (collect.c's own), report_each_one() (--split's).
grep -nE '\b(store_[a-z_]+|sqlite3_[a-z_]+|report_learner|report_each_one)[[:space:]]*\(' \
	$writers | grep -v 'report_learner_[a-z]*[[:space:]]*(' >"$tmp/pulls"
ok writers-do-not-read test ! -s "$tmp/pulls"
sed "s|^$SRC/||; s/^/  reads while printing: /" "$tmp/pulls" | head
# Nor can they: no header offers a learner on demand.
ok no-learner-on-demand sh -c "! grep -qE '\breport_learner[[:space:]]*\(' '$SRC/include/selfgrade/report.h' '$SRC/src/core/report/report_impl.h'"
# Every format's pieces are the table's: a part per learner at least.
for f in "$SRC"/src/core/report/report_*.c; do
	grep -q 'report_format_def report_format_' "$f" || continue
	ok "part-in-$(basename "$f")" grep -q '\.part = ' "$f"
done

# --split hands each learner over as a report of its own: a gradebook
# that leaves learners out says so once, and keeps no message it
# replaced (the ASan run counts the leak).
export SELFGRADE_DB="$tmp/a.db"
S=$SELFGRADE
for n in Ann Bob Cy; do t "add $n" 0 "$S" learner add "$n"; done
t email 0 "$S" learner set Ann email=ann@example.org
t split-moodle 0 "$S" export --all --format moodle --split "$tmp/split" --skip-missing
ok split-files test -s "$tmp/split/Ann.moodle" -a -s "$tmp/split/Bob.moodle"
ok split-left-out grep -q 'left out of the gradebook' "$tmp/err"
# Each file's own: Bob's and Cy's, not only the last one's.
ok split-left-out-bob grep -qF "$tmp/split/Bob.moodle: 1 learner left out of the gradebook: Bob (no Email address)" "$tmp/err"
ok split-left-out-cy grep -qF "$tmp/split/Cy.moodle: 1 learner left out of the gradebook: Cy (no Email address)" "$tmp/err"
ok split-no-leak sh -c "! grep -q 'LeakSanitizer' '$tmp/err'"
summary cli.collect-print
