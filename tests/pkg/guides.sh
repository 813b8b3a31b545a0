#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The guides against the program: every command, sub-command, option and
# report format that --help names, and every key of the tutor's key table
# (src/tui/keys.c), is named in doc/learner.md, doc/instructor.md or
# doc/content.md; README links to each guide.
. "$(dirname "$0")/../cli/lib.sh"
guides=("$SRC/doc/learner.md" "$SRC/doc/instructor.md" "$SRC/doc/content.md")
for g in "${guides[@]}"; do
	ok "guide $(basename "$g") exists" test -s "$g"
	ok "README links $(basename "$g")" grep -qF "](doc/$(basename "$g"))" "$SRC/README.md"
done
cat "${guides[@]}" >"$tmp/all" 2>/dev/null

# named TEXT: TEXT in a code span, or as a command after "selfgrade ".
named() { grep -qE -- "(\`|selfgrade )$1([\` ]|$)" "$tmp/all"; }

t help 0 "$SELFGRADE" --help
cp "$tmp/out" "$tmp/help"
awk '/^commands:/ { on = 1; next } /^$/ { on = 0 }
	on && /^  [a-z]/ { if (name) print name, use; name = $1; use = substr($0, 13, 16) }
	on && /^    / { use = last }
	on { last = substr($0, 13) }
	END { if (name) print name, use }' "$tmp/help" >"$tmp/cmds"
ok help-has-commands test "$(wc -l <"$tmp/cmds")" -ge 10
while read -r cmd usage; do
	ok "command $cmd" named "$cmd"
	for sub in $(grep -oE '(^|[|])[a-z][a-z-]*' <<<"$usage" | tr -d '|'); do
		ok "command $cmd $sub" named "$cmd $sub"
	done
done <"$tmp/cmds"
for o in $(grep -oE '(^|[ [])--?[a-z][a-z-]*' "$tmp/help" | tr -d ' [' | sort -u); do
	ok "option $o" grep -qE -- "\`([^\`]*[^a-z\`-])?$o([^a-z\`-][^\`]*)?\`" "$tmp/all"
done
formats=$(grep -oE 'a report: .*' "$tmp/help" | grep -oE '[a-z]+' | grep -vxE 'a|report|or')
ok help-has-formats test -n "$formats"
for f in $formats; do ok "format $f" grep -qF -- "\`$f\`" "$tmp/all"; done

# The key table: each label's keys (a digit may be inside `1`–`6`) ("PgUp ^B" is PgUp and ^B; "a-d" is a
# and d, written a–d), each in a code span.
grep -oE '\}, "[^"]+", (NULL|N_\()' "$SRC/src/tui/keys.c" | sed -E 's/^\}, "//; s/", (NULL|N_\()$//' >"$tmp/labels"
ok keys-found test "$(wc -l <"$tmp/labels")" -ge 20
# README's key table too (the lines of its "Keys" section).
awk '/^## Keys/ { on = 1; next } /^## / { on = 0 } on' "$SRC/README.md" >"$tmp/readme-keys"
ok readme-has-keys test -s "$tmp/readme-keys"
for all in "$tmp/all" "$tmp/readme-keys"; do
while IFS= read -r label; do
	for k in $label; do
		if [[ $k =~ ^[0-9]$ ]] && grep -qE "\`[0-$k]\`–\`[$k-9]\`" "$all"; then
			pass=$((pass + 1))
		elif [[ $k =~ ^(.)-(.)$ ]]; then
			ok "key $k" grep -qF -- "\`${BASH_REMATCH[1]}\`–\`${BASH_REMATCH[2]}\`" "$all"
		else
			ok "key $k" grep -qF -- "\`$k\`" "$all"
		fi
	done
done <"$tmp/labels"
done
# The front door stays short: what it is, the two commands, the keys, the
# formats, links; the figures and decisions live in the guides.
ok readme-short test "$(wc -l <"$SRC/README.md")" -le 300
# doc/development.md names every source file, by name or by a pattern of
# its room (scr_*.c, report_{json,csv}.c), and no file that is not there
# (a template such as NAME_cmds.c aside).
/usr/bin/python3 - "$SRC" >"$tmp/layout" <<'PY'
import fnmatch, os, re, sys
src = sys.argv[1]
doc = open(os.path.join(src, "doc/development.md"), encoding="utf-8").read()
names = set()
for tok in re.findall(r"[\w{},*]+\.c\b", doc):
    m = re.match(r"(.*)\{([^}]*)\}(.*)", tok)
    names.update(m.group(1) + a + m.group(3) for a in m.group(2).split(",")) if m else names.add(tok)
files = set()
for root, _, fs in os.walk(os.path.join(src, "src")):
    files.update(f for f in fs if f.endswith(".c"))
everything = set()
for root, _, fs in os.walk(src):
    if "/.git" not in root:
        everything.update(fs)
for f in sorted(files):
    if not any(fnmatch.fnmatchcase(f, n) for n in names):
        print("not in doc/development.md:", f)
for n in sorted(names):
    # NAME_cmds.c and the like: what "Adding things" tells you to make.
    if "*" not in n and not re.search(r"[A-Z]", n) and n not in everything:
        print("doc/development.md names a file that is not there:", n)
PY
ok layout-doc-true test ! -s "$tmp/layout"
sed 's/^/  /' "$tmp/layout"
summary guides
