#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The real binary's commands, options and exit codes on the shipped pack.
. "$(dirname "$0")/lib.sh"

t help 0 "$SELFGRADE" --help
ok help-lists-validate has "validate" "$tmp/out"
ok help-lists-dump has "dump" "$tmp/out"
t version 0 "$SELFGRADE" --version
ok version-text grep -qE '^selfgrade [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out"

# The build-tree binary finds the source tree's content from any folder.
(cd "$tmp" && t validate-default 0 "$SELFGRADE" validate)
ok validate-says-ok has "ok: pack 'multi-database'" "$tmp/out"
t validate-flag-after 0 "$SELFGRADE" validate --content "$SRC/checklists/multi-database"
SELFGRADE_CONTENT="$SRC/tests/data/good/minimal" t validate-env 0 "$SELFGRADE" validate
ok validate-env-used has "pack 'mini'" "$tmp/out"

t dump 0 "$SELFGRADE" dump
jq -e '.pack.id == "multi-database"
  and (.sections | length) == 1 and .sections[0].number == 8
  and (.sections[0].items | length) == 6
  and ([.sections[0].items[].items | length] == [0, 3, 0, 3, 0, 3])
  and ([.mistakes[].number] == [7, 8, 9])
  and ([.rubric.levels[] | .criteria | length] == [5, 4])
  and ([.takeaways[].number] == [11, 12, 13, 14])
  and (.tables | length) == 5' "$tmp/out" >/dev/null
ok dump-shape test $? -eq 0
ok dump-cyrillic has "Эта секция применима" "$tmp/out"

t unknown-command 2 "$SELFGRADE" frobnicate
ok unknown-command-msg has "unknown command 'frobnicate'" "$tmp/err"
t unknown-option 2 "$SELFGRADE" --frob validate
ok unknown-option-msg has "unknown option '--frob'" "$tmp/err"
t missing-value 2 "$SELFGRADE" validate --content
t extra-args 2 "$SELFGRADE" validate extra
t option-not-for-command 2 "$SELFGRADE" validate --json
t empty-content 2 "$SELFGRADE" --content "" validate

# Each command parses its own options (cli_parse): the global ones go
# before the command's name or among its words, the command's own after
# its name, in any order with its arguments; "--" ends the options.
t option-refused-names-command 2 "$SELFGRADE" status --due
ok option-refused-msg has "'status' takes no such option" "$tmp/err"
t command-option-before-name 2 "$SELFGRADE" --json status
ok command-option-before-name-msg has "unknown option '--json'" "$tmp/err"
t help-after-command 0 "$SELFGRADE" status --help
ok help-after-command-text has "global options:" "$tmp/out"
t version-after-command 0 "$SELFGRADE" score --version
ok version-after-command-text grep -qE '^selfgrade [0-9]' "$tmp/out"
t choice-refused 2 "$SELFGRADE" export --format csv --sep x
ok choice-refused-msg has "--sep takes ',', ';' or tab: 'x'" "$tmp/err"
t rename-refused 2 "$SELFGRADE" import --rename nope "$tmp/x.json"
ok rename-refused-msg has "--rename takes OLD=NEW (at most 16): 'nope'" "$tmp/err"
ok rename-refused-nothing-made test ! -e "$tmp/x.json"
db="$tmp/opts.db"
t opts-add 0 "$SELFGRADE" --db "$db" learner add ann
t opts-global-after-args 0 "$SELFGRADE" note s8.trade-offs.runbook --learner ann --db "$db" -- "-x y"
t opts-read-back 0 "$SELFGRADE" status --json --learner ann --db "$db"
ok opts-dash-argument-kept test "$(jq -r '.states[] | select(.id == "s8.trade-offs.runbook") | .note' "$tmp/out")" = "-x y"
t content-missing 1 "$SELFGRADE" --content "$tmp/nope" validate
ok content-missing-msg has "$tmp/nope:1:1: not a content pack folder" "$tmp/err"
t content-is-file 1 "$SELFGRADE" --content "$SRC/README.md" validate
t dump-bad-content 1 "$SELFGRADE" --content "$tmp" dump
ok dump-bad-nothing-on-stdout test ! -s "$tmp/out"

# Without a terminal the tutor refuses and points at the headless commands.
t tui-no-terminal 2 "$SELFGRADE"
ok tui-hint has "headless commands" "$tmp/err"

# An installed binary finds its installed content, from anywhere.
if [ -n "${BUILD_DIR:-}" ]; then
	t install 0 cmake --install "$BUILD_DIR" --prefix "$tmp/prefix"
	(cd / && t installed-validate 0 "$tmp/prefix/bin/selfgrade" validate)
	ok installed-uses-installed-content has "$tmp/prefix/bin/../share/selfgrade/checklists/multi-database" "$tmp/out"
	ok man-page test -s "$tmp/prefix/share/man/man1/selfgrade.1.gz"
fi

summary commands
