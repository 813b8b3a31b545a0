#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The man page against the program: every command, sub-command and option
# that --help names, every environment variable the sources read, the
# sections a user looks for, and no warning from groff.
. "$(dirname "$0")/../cli/lib.sh"
page=$SRC/doc/selfgrade.1

# One very wide line a paragraph, so that no word is hyphenated or split,
# and the Unicode minus and hyphen folded back to ASCII.
t render 0 env LC_ALL=C.UTF-8 MANWIDTH=2000 man --warnings -l "$page"
sed 's/\xe2\x88\x92/-/g; s/\xe2\x80\x90/-/g' "$tmp/out" >"$tmp/man"
ok render-no-warnings test ! -s "$tmp/err"
[ -s "$tmp/err" ] && sed 's/^/  /' "$tmp/err"

# A section of the rendered page: from its heading to the next heading.
section() { awk -v h="$1" '/^[A-Z]/ { on = ($0 == h) } on' "$tmp/man"; }
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT FILES 'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
	ok "section $s" test -n "$(section "$s")"
done

# The version in the page's title line is the program's.
t version 0 "$SELFGRADE" --version
ok th-version grep -qF "\"$(cat "$tmp/out")\"" <(grep '^\.TH ' "$page")

t help 0 "$SELFGRADE" --help
cp "$tmp/out" "$tmp/help"
# Commands: the first word of each line under "commands:"; sub-commands:
# the lowercase words of its usage (learner add|list|remove).
# A line is "  NAME USAGE(16) HELP", or "  NAME USAGE" with the help on the
# next line when the usage is long.
awk '/^commands:/ { on = 1; next } /^$/ { on = 0 }
	on && /^  [a-z]/ { if (name) print name, use; name = $1; use = substr($0, 13, 16) }
	on && /^    / { use = last }
	on { last = substr($0, 13) }
	END { if (name) print name, use }' "$tmp/help" >"$tmp/cmds"
ok help-has-commands test "$(wc -l <"$tmp/cmds")" -ge 10
section COMMANDS >"$tmp/man-cmds"
while read -r cmd usage; do
	ok "command $cmd" grep -qE "^ +$cmd( |$)" "$tmp/man-cmds"
	for sub in $(grep -oE '(^|[|])[a-z][a-z-]*' <<<"$usage" | tr -d '|'); do
		ok "command $cmd $sub" grep -qE "^ +$cmd $sub( |$)" "$tmp/man-cmds"
	done
done <"$tmp/cmds"

# Options: every -x and --word in --help, described in OPTIONS.
section OPTIONS >"$tmp/man-opts"
for o in $(grep -oE '(^|[ [])--?[a-z][a-z-]*' "$tmp/help" | tr -d ' [' | sort -u); do
	ok "option $o" grep -qE "^ +(.*, )?$o( |,|$)" "$tmp/man-opts"
done
ok option-short-help grep -qE '^ +-h, --help' "$tmp/man-opts"

# Formats the export usage names.
for f in $(grep -oE 'a report: .*' "$tmp/help" | grep -oE '[a-z]+' | grep -vxE 'a|report|or'); do
	ok "format $f" grep -qw -- "$f" "$tmp/man-opts"
done

# Every variable the program reads, in ENVIRONMENT.
section ENVIRONMENT >"$tmp/man-env"
vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)' "$SRC/src" | grep -oE '[A-Z_]{2,}' | sort -u)
ok found-getenv test -n "$vars"
for v in $vars; do ok "environment $v" grep -qE "^ +(.*, )?$v( |,|$)" "$tmp/man-env"; done

# SEE ALSO names the installed guides, which exist.
section 'SEE ALSO' >"$tmp/man-see"
for g in learner instructor content; do
	ok "see-also $g" has "share/doc/selfgrade/$g.md" "$tmp/man-see"
	ok "guide $g exists" test -s "$SRC/doc/$g.md"
done
summary man
