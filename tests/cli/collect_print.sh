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
summary cli.collect-print
