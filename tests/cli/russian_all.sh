#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Under ru_RU.UTF-8 what a learner reads from the command line holds no
# English sentence beyond the content's own English terms (issue 30's
# final check; english_left.py says what it takes out). The tutor's
# screens are read the same way in tests/tui/finish.sh.
. "$(dirname "$0")/lib.sh"
S=$SELFGRADE
export SELFGRADE_DB=$tmp/r.db
"$S" learner add anna >/dev/null
"$S" --learner anna check s8.mysql-outbox m7 >/dev/null
"$S" dump >"$tmp/dump.json"
export LANG=ru_RU.UTF-8
{
	"$S" --help
	"$S" --learner anna status
	"$S" --learner anna score
	"$S" --learner anna study --due
	"$S" --learner anna undo
	"$S" --learner anna redo
	"$S" --learner anna note s8.mysql-outbox "проверено"
	# The lines a probe quotes from the project ("  FILE:LINE: ...") are the
	# learner's own text, in whatever language they wrote it.
	"$S" --learner anna probe "$SRC/tests/data/capstone/m7" | grep -v '^  [^ ]*:[0-9]*: '
	"$S" --learner anna score
	"$S" --learner anna dispute m7 "тот же коннектор"
	"$S" --learner anna dispute s8.topic-naming "нечего оспаривать"
	"$S" --learner anna check no.such.id
	"$S" frobnicate
	"$S" --learner anna export --format json -o "$tmp/anna.json"
	"$S" verify "$tmp/anna.json"
	"$S" --db "$tmp/b.db" import "$tmp/anna.json"
	"$S" --db "$tmp/b.db" --learner anna export --format json -o "$tmp/b.json"
	"$S" learner list
} >"$tmp/all" 2>&1 </dev/null
export LANG=C.UTF-8
ok ru-no-english python3 "$SRC/tests/cli/english_left.py" "$tmp/dump.json" "$tmp/all"
# The check finds English where it is: the same under C.UTF-8 does.
{
	LANG=C.UTF-8 "$S" --learner anna score
	LANG=C.UTF-8 "$S" --learner anna check no.such.id
} >"$tmp/en" 2>&1 </dev/null
ok en-is-found bash -c "! python3 '$SRC/tests/cli/english_left.py' '$tmp/dump.json' '$tmp/en' >/dev/null"
summary russian-all
