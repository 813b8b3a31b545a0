#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reports against real readers: jq for JSON, Python's csv module for CSV,
# xmllint for the HTML's well-formedness, cmark-gfm for the Markdown. Hostile
# names and notes stay text in every format; export -> import -> export
# loses nothing; every malformed or tampered import leaves the database
# byte for byte as it was; verify catches edits made by hand.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/a.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
snapshot() { sqlite3 "$1" .dump 2>/dev/null | sha256sum; cat "$1" "$1-wal" 2>/dev/null | sha256sum; }

# A cohort with names and notes meant to break things.
long=$(python3 -c 'print(("Кириллица, \"кавычки\", <b>|</b> `код` " * 300)[:10000])')
names=('Анна Петрова' '=HYPERLINK("http://evil","x")' '+1 plus' '-2 minus'
	'@SUM(A1)' '<script>alert(1)</script>' "O'Brien, \"Jr\"" 'pipe | name'
	'`tick` *star* _under_ [l](javascript:x)' "$(head -c 200 /dev/zero | tr '\0' n)")
# ("--" ends the options, so that a name may start with "-".)
for n in "${names[@]}"; do t "add $n" 0 "$S" learner add -- "$n"; done
t check-anna 0 "$S" --learner 'Анна Петрова' check s8.mysql-outbox s8.mysql-connector s8.topic-naming \
	s8.pyflink.two-sources s8.pyflink.union-all me.connectors-running me.basic-monitoring me.docs-mention
t note-hostile 0 "$S" --learner 'Анна Петрова' note m7 $'# not a heading\n1. not a list\n<script>alert(2)</script> | cell | `x` [a](javascript:y)\n    indented'
t note-long 0 "$S" --learner '<script>alert(1)</script>' note s8.mysql-outbox "$long"
t check-script 0 "$S" --learner '<script>alert(1)</script>' check s8.mysql-outbox m8
t undo-script 0 "$S" --learner '<script>alert(1)</script>' undo

# JSON: the library's own reader, and jq.
t json 0 "$S" export --all --format json -o "$tmp/all.json"
ok json-mode test "$(stat -c %a "$tmp/all.json")" = 600
ok json-format test "$(jq -r '.format + " " + (.version|tostring)' "$tmp/all.json")" = "selfgrade-progress 4"
ok json-names test "$(jq -r '.learners[].name' "$tmp/all.json" | sort | sha256sum)" = "$(printf '%s\n' "${names[@]}" | sort | sha256sum)"
ok json-note-long test "$(jq -r '.learners[] | select(.name == "<script>alert(1)</script>") | .notes[0].text' "$tmp/all.json")" = "$long"
ok json-level test "$(jq -r '.learners[] | select(.name == "Анна Петрова") | .level' "$tmp/all.json")" = meets
ok json-head test "$(jq -r '.learners[] | select(.name == "Анна Петрова") | .chain_head == .events[-1].hash' "$tmp/all.json")" = true
t json-one 0 "$S" --learner 'Анна Петрова' export --format json
ok json-one-learner test "$(jq '.learners | length' "$tmp/out")" = 1

# Files: never overwritten silently.
t no-overwrite 1 "$S" export --all --format csv -o "$tmp/all.json"
ok no-overwrite-msg has "use --force" "$tmp/err"
ok no-overwrite-kept test "$(jq -r .format "$tmp/all.json")" = selfgrade-progress
t overwrite 0 "$S" export --all --format json -o "$tmp/all.json" --force
ok overwrite-mode test "$(stat -c %a "$tmp/all.json")" = 600
t force-needs-o 2 "$S" export --all --format json --force
t bad-format 2 "$S" export --all --format xml

# CSV: RFC 4180 as Python reads it; formulas neutralised; UTF-8.
t csv 0 "$S" export --all --format csv -o "$tmp/all.csv"
ok csv-reads python3 - "$tmp/all.csv" "${names[@]}" <<'PY'
import csv, sys
path, names = sys.argv[1], sys.argv[2:]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
head, body = rows[0], rows[1:]
assert head[:6] == ["name", "level", "done", "total", "percent", "last_activity"], head
assert len(body) == len(names), len(body)
assert all(len(r) == len(head) for r in rows)
got = {r[0] for r in body}
for n in names:
    want = "'" + n if n[0] in "=+-@" else n
    assert want in got, (n, got)
anna = next(r for r in body if r[0] == "Анна Петрова")
assert anna[1] == "meets" and anna[head.index("s8.mysql-outbox")] == "1"
assert set(c for r in body for c in r[head.index("reviews") + 1:]) <= {"0", "1"}
PY
ok csv-crlf test "$(head -1 "$tmp/all.csv" | od -An -c | tr -d ' \n' | tail -c 4)" = '\r\n'

# HTML: well-formed, self-contained, no script, everything escaped.
t html 0 "$S" export --all --format html -o "$tmp/all.html"
ok html-well-formed xmllint --noout "$tmp/all.html"
ok html-no-script test "$(grep -ci '<script' "$tmp/all.html")" = 0
ok html-escaped has '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/all.html"
ok html-no-fetch test "$(grep -cE '(src|href)="(https?:)?//' "$tmp/all.html")" = 0
ok html-svg has '<svg xmlns="http://www.w3.org/2000/svg"' "$tmp/all.html"
ok html-one-section-each test "$(grep -c '<section id="learner-' "$tmp/all.html")" = "${#names[@]}"
ok html-summary has '<section id="summary"' "$tmp/all.html"
ok html-toc test "$(grep -c '<li><a href="#learner-' "$tmp/all.html")" = "${#names[@]}"

# Markdown: GitHub-flavoured, as cmark-gfm renders it (tables and task
# lists); notes stay text.
gfm() { cmark-gfm -e table -e tasklist "$@"; }
t md 0 "$S" export --all --format md -o "$tmp/all.md"
gfm --safe "$tmp/all.md" >"$tmp/md.html" 2>/dev/null
gfm "$tmp/all.md" >"$tmp/md-unsafe.html"
# every table renders as one: the overview, the summary's four, a timeline
# per learner with changes
ok md-tables-render test "$(grep -c '<table>' "$tmp/md-unsafe.html")" = "$(grep -c '^| --- \|^| ---: \|^| --- |' "$tmp/all.md" | head -1)"
ok md-no-table-left test "$(grep -c '^<p>|' "$tmp/md-unsafe.html")" = 0
ok md-task-lists has '<input type="checkbox" checked="" disabled="" />' "$tmp/md-unsafe.html"
ok md-renders test -s "$tmp/md.html"
ok md-no-script test "$(grep -ci '<script' "$tmp/md-unsafe.html")" = 0
ok md-no-links test "$(grep -c '<a href' "$tmp/md-unsafe.html")" = 0
ok md-one-title test "$(grep -c '<h1>' "$tmp/md-unsafe.html")" = 1
ok md-sections test "$(grep -c '<h2>' "$tmp/md-unsafe.html")" = "$((${#names[@]} + 1))"
ok md-note-text has '# not a heading' "$tmp/md-unsafe.html"
ok md-no-code-block test "$(grep -c '<pre>' "$tmp/md-unsafe.html")" = 0
ok md-table-intact python3 - "$tmp/md-unsafe.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
# every row has its table's cells (three a timeline, five the overview), whatever the notes held
for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
    assert len(re.findall(r"<t[dh]", row)) in (3, 4, 5), row[:200]
PY

# Round trip: export -> import into a fresh database -> export.
states() { jq -S '[.learners[] | {name, level, states: [.states[] | {id, done, text_hash}], notes: [.notes[] | {id, text}]}] | sort_by(.name)' "$1"; }
t import-fresh 0 "$S" --db "$tmp/b.db" import "$tmp/all.json"
t export-again 0 "$S" --db "$tmp/b.db" export --all --format json -o "$tmp/again.json"
ok round-trip cmp -s <(states "$tmp/all.json") <(states "$tmp/again.json")
t verify-again 0 "$S" verify "$tmp/again.json"
before=$(snapshot "$tmp/b.db")
t import-twice 0 "$S" --db "$tmp/b.db" import "$tmp/all.json"
ok import-idempotent has "nothing new" "$tmp/out"
ok import-twice-unchanged test "$(snapshot "$tmp/b.db")" = "$before"

# The newer change wins per id, whichever file is imported first.
export SELFGRADE_DB="$tmp/laptop.db"
"$S" learner add mia >/dev/null; "$S" check m7 >/dev/null
"$S" export --format json -o "$tmp/laptop1.json"
cp "$tmp/laptop.db" "$tmp/desktop.db"
sleep 0.01; "$S" uncheck m7 >/dev/null; "$S" note m7 "later" >/dev/null
"$S" export --format json -o "$tmp/laptop2.json"
export SELFGRADE_DB="$tmp/a.db"
t merge-newer 0 "$S" --db "$tmp/m.db" import "$tmp/laptop2.json" "$tmp/laptop1.json"
ok newer-wins test "$("$S" --db "$tmp/m.db" --learner mia status --json | jq -r '.states[] | select(.id == "m7") | "\(.done) \(.note)"')" = "false later"
t merge-verifies 0 sh -c "'$S' --db '$tmp/m.db' export --all --format json > '$tmp/m.json' && '$S' verify '$tmp/m.json'"

# Tampering, caught by verify and refused by import, database untouched.
tamper() { jq "$1" "$tmp/all.json" >"$tmp/$2.json"; }
A='(.learners[] | select(.name == "Анна Петрова"))'
tamper "$A.states[0].done |= not" flipped
tamper "del($A.events[2])" removed
tamper "$A.events |= .[:-1]" cut
tamper "$A.level = \"exemplary\"" level
tamper "$A.events[0].new = \"0\"" edited
tamper "$A.notes[0].text = \"changed\"" note
for f in flipped removed cut edited note level; do
	t "verify-$f" 1 "$S" verify "$tmp/$f.json"
done
ok verify-says-level has 'level is stated as "exemplary"' "$tmp/err"

# Malformed and foreign files: a clear error naming the file, nothing changed.
printf '{"format": "selfgrade-progress", "version": 1, "pack": {' >"$tmp/truncated.json"
head -c 2000 /dev/urandom >"$tmp/garbage.json"
echo '[1, 2, 3]' >"$tmp/array.json"
echo '{"format": "other-tool", "version": 1}' >"$tmp/foreign.json"
echo '{"format": "selfgrade-progress", "version": 7, "learners": []}' >"$tmp/future.json"
jq '.learners[0].events = "many"' "$tmp/all.json" >"$tmp/types.json"
jq '.learners[1].name = .learners[0].name' "$tmp/all.json" >"$tmp/twice.json"
jq '.learners[0].name = "bad\u001b[2Jname"' "$tmp/all.json" >"$tmp/control.json"
tamper "del($A.events[0].at)" missing
: >"$tmp/empty.json"
before=$(snapshot "$tmp/b.db")
for f in truncated garbage array foreign future types twice control missing empty \
	flipped removed cut level edited note; do
	t "import-$f" 1 "$S" --db "$tmp/b.db" import "$tmp/$f.json"
	ok "import-$f-named" has "$tmp/$f.json" "$tmp/err"
	ok "import-$f-untouched" test "$(snapshot "$tmp/b.db")" = "$before"
done
t import-future 1 "$S" --db "$tmp/b.db" import "$tmp/future.json"
ok future-msg has "made by a newer selfgrade" "$tmp/err"
t import-missing-file 1 "$S" --db "$tmp/b.db" import "$tmp/nope.json"

# Other content: a warning, and the import still happens.
cp -r "$SRC/checklists/multi-database" "$tmp/pack2"
sed -i 's/^version: .*/version: "1.0.1"/' "$tmp/pack2/pack.yaml"
t other-content 0 "$S" --content "$tmp/pack2" --db "$tmp/c.db" import "$tmp/all.json"
ok other-content-warns has "warning: made from other content" "$tmp/err"

# The demo cohort shipped in data/ verifies against the shipped pack (it is
# rebuilt with data/demo/make-cohort.sh when the pack changes).
t demo-verifies 0 "$S" verify "$SRC/data/demo/cohort.json"
ok demo-same-content test ! -s "$tmp/err"
t demo-imports 0 "$S" --db "$tmp/demo.db" import "$SRC/data/demo/cohort.json"
t demo-html 0 "$S" --db "$tmp/demo.db" export --all --format html -o "$tmp/demo.html"
ok demo-html-levels test "$(grep -c 'class="level exemplary"' "$tmp/demo.html")" -ge 2

summary reports
