#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The instructor's grade of record (issue 29): reviews shown as reviews in
# every report, gradebook files that grade the instructor's view and
# cannot put a grade on the wrong student, files that say whose they are,
# the learner's own last activity.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/teacher.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
"$S" import "$SRC/data/demo/cohort.json" >/dev/null
# Анна reached exemplary on her own ticks; Борис meets.
"$S" review 'Борис Смирнов' me.connectors-running --agree 'Видел оба RUNNING' >/dev/null
"$S" review 'Анна Петрова' ex.failover-tested --disagree 'Нет лога теста' >/dev/null
"$S" review 'Анна Петрова' s8.monitoring 'Графики хорошие' >/dev/null

# 1. A review is the instructor's word, with its text, never "unticked".
t md 0 "$S" export --all --format md -o "$tmp/c.md"
ok md-no-unticked-review bash -c "! grep -E 'me.connectors-running\` \| unticked' '$tmp/c.md'"
ok md-review-in-timeline grep -qF '`me.connectors-running` | instructor agrees: Видел оба RUNNING |' "$tmp/c.md"
ok md-comment-in-timeline grep -qF 'instructor'"'"'s comment: Графики хорошие' "$tmp/c.md"
ok md-view-line grep -qF "**Instructor's view:** Meets Expectations Multi-Database (agreed 0, not agreed 1)" "$tmp/c.md"
ok md-not-all-levels bash -c "! grep -qxF 'Every level is met.' <(sed -n '/^## Анна Петрова/,/^## Борис/p' '$tmp/c.md')"
ok md-summary-reviews grep -qF "Reviewed by the instructor: 2 of 6; the instructor's level differs from the learner's own for 1." "$tmp/c.md"
t html 0 "$S" export --all --format html -o "$tmp/c.html"
ok html-review-words grep -qF 'instructor disagrees: Нет лога теста' "$tmp/c.html"
ok html-no-unticked bash -c "! grep -qF '>unticked<' '$tmp/c.html' && ! grep -qF 'unticked</td>' '$tmp/c.html'"
ok html-view grep -qF 'Instructor&#39;s view:' "$tmp/c.html"
t csv 0 "$S" export --all --format csv -o "$tmp/c.csv"
ok csv-review-columns python3 - "$tmp/c.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
by = {r["name"]: r for r in rows}
a, b = by["Анна Петрова"], by["Борис Смирнов"]
assert a["level"] == "exemplary" and a["instructor_level"] == "meets", a
assert a["not_agreed"] == "1" and "Нет лога теста" in a["reviews"], a
assert b["instructor_level"] == "meets" and b["agreed"] == "1", b
assert by["Chen Wei"]["instructor_level"] == "", by["Chen Wei"]
PY
t xlsx 0 "$S" export --all --format xlsx -o "$tmp/c.xlsx"
ok xlsx-review-columns /usr/bin/python3 - "$tmp/c.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Learners"]
head = [c.value for c in ws[1]]
i, j = head.index("Instructor's view"), head.index("Reviews")
rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
assert rows["Анна Петрова"][i].value.startswith("Meets"), rows["Анна Петрова"][i].value
assert "Нет лога теста" in rows["Анна Петрова"][j].value
PY
t json 0 "$S" export --all --format json -o "$tmp/c.json"
ok json-summary-reviews test "$(jq -c .summary.reviews "$tmp/c.json")" = '{"reviewed":2,"differs":1}'
t verify-json 0 "$S" verify "$tmp/c.json"

# 2. The grade of record: the instructor's view where there is one.
"$S" review 'Dana Levi' me.basic-monitoring --disagree 'Мониторинга нет' >/dev/null
"$S" learner set 'Анна Петрова' email=anna@example.org id_number=S-1 section=B >/dev/null
"$S" learner set 'Борис Смирнов' email=boris@example.org id_number=S-2 >/dev/null
"$S" learner set 'Dana Levi' email=dana@example.org id_number=S-3 >/dev/null
t moodle-skip 0 "$S" export --all --format moodle --skip-missing -o "$tmp/m.csv"
ok moodle-instructor-grade grep -q '^anna@example.org,Анна Петрова,80' "$tmp/m.csv"
ok moodle-not-yet-grade grep -q '^dana@example.org,Dana Levi,0' "$tmp/m.csv"
ok moodle-no-percent test "$(head -1 "$tmp/m.csv" | tr -d '\r')" = "Email address,Full name,selfgrade"
t moodle-self 0 "$S" export --all --format moodle --skip-missing --grade self
ok moodle-self-grade grep -q '^anna@example.org,Анна Петрова,100' "$tmp/out"
ok moodle-self-dana grep -q '^dana@example.org,Dana Levi,80' "$tmp/out"
t moodle-feedback 0 "$S" export --all --format moodle --skip-missing --feedback --percent --grade-item Capstone
ok moodle-feedback-head test "$(head -1 "$tmp/out" | tr -d '\r')" = "Email address,Full name,Capstone,Capstone feedback,Capstone percent done"
ok moodle-feedback-text grep -qF 'me.basic-monitoring: instructor disagrees: Мониторинга нет' "$tmp/out"
t grade-bad 2 "$S" export --all --format moodle --grade teacher
t feedback-not-canvas 2 "$S" export --all --format canvas --feedback

# 3. Moodle: every row tied to one student, or no file at all.
t moodle-missing 1 "$S" export --all --format moodle -o "$tmp/refused.csv"
ok moodle-missing-names has 'Chen Wei (no Email address)' "$tmp/err"
ok moodle-missing-no-file test ! -e "$tmp/refused.csv"
ok moodle-skip-lists grep -qF '3 learners left out of the gradebook: Chen Wei (no Email address), Emeka Obi (no Email address), Фёдор Иванов (no Email address)' <("$S" export --all --format moodle --skip-missing 2>&1 >/dev/null)
"$S" learner set 'Chen Wei' email=DANA@example.org >/dev/null
t moodle-shared 1 "$S" export --all --format moodle -o "$tmp/shared.csv"
ok moodle-shared-refused test ! -e "$tmp/shared.csv"
ok moodle-shared-names has "Chen Wei (Email address 'DANA@example.org', the same as Dana Levi's)" "$tmp/err"
t moodle-shared-skip 0 "$S" export --all --format moodle --skip-missing
ok moodle-shared-both-out bash -c "! grep -qi 'dana@example.org' '$tmp/out'"
"$S" learner set 'Chen Wei' email=chen@example.org >/dev/null
t moodle-shared-id 1 "$S" export --all --format moodle --key id_number
t moodle-by-id 0 "$S" export --all --format moodle --key id_number --skip-missing -o "$tmp/mi.csv"
# Moodle's import: one identifier per row, never blank, never repeated
# (a blank one puts the grade on the previous row's student).
moodle_rules() {
	python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
assert head[0] in ("Email address", "ID number"), head
ids = [r[0] for r in body]
assert body and all(i.strip() for i in ids), ids
assert len(set(i.lower() for i in ids)) == len(ids), ids
assert all(len(r) == len(head) for r in rows)
assert all(r[2].isdigit() for r in body), body
PY
}
ok moodle-rules-email moodle_rules "$tmp/m.csv"
ok moodle-rules-id moodle_rules "$tmp/mi.csv"

# 4. Canvas: the ID column is Canvas's own user id or empty; SIS ids; a
# Points Possible row; one assignment column.
t canvas-id-bad 1 "$S" learner set 'Анна Петрова' canvas_id=9c7121b7
ok canvas-id-bad-says has 'not a Canvas user id' "$tmp/err"
t canvas-id 0 "$S" learner set 'Анна Петрова' canvas_id=4242
t canvas 0 "$S" export --all --format canvas --skip-missing --grade-item 'Capstone' -o "$tmp/c.canvas.csv"
ok canvas-rules python3 - "$tmp/c.canvas.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head, pp, body = rows[0], rows[1], rows[2:]
assert head == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Capstone"], head
assert pp == ["Points Possible", "", "", "", "", "100"], pp
assert all(r[1] == "" or r[1].isdigit() for r in body), body
by = {r[0]: r for r in body}
assert by["Анна Петрова"][1:5] == ["4242", "S-1", "anna@example.org", "B"], by["Анна Петрова"]
assert by["Борис Смирнов"][1] == "" and by["Борис Смирнов"][3] == "boris@example.org"
assert all(any(r[1:4]) for r in body)
for c in (1, 2, 3):
    v = [r[c].lower() for r in body if r[c]]
    assert len(v) == len(set(v)), (c, v)
assert by["Анна Петрова"][5] == "80"
PY
t canvas-login 0 "$S" learner set 'Борис Смирнов' login=bsmirnov
t canvas-2 0 "$S" export --all --format canvas --skip-missing
ok canvas-login-used grep -q '^Борис Смирнов,,S-2,bsmirnov,' "$tmp/out"

# 6. Last activity is the learner's own, never the instructor's review
# nor the import: the reviewed cohort reads as the same cohort unreviewed.
"$S" --db "$tmp/plain.db" import "$SRC/data/demo/cohort.json" >/dev/null
last() { "$S" --db "$1" export --all --format csv | python3 -c '
import csv, sys
print(";".join(r["name"] + "=" + r["last_activity"] for r in csv.DictReader(sys.stdin)))'; }
ok last-activity-own test "$(last "$SELFGRADE_DB")" = "$(last "$tmp/plain.db")"
order() { "$S" --db "$1" export --all --format json --sort activity | jq -r '[.learners[].name] | join("|")'; }
ok sort-activity-own test "$(order "$SELFGRADE_DB")" = "$(order "$tmp/plain.db")"
ok md-last-activity-own test "$("$S" export --all --format md | grep -F '| Борис Смирнов |' | head -1 | awk -F'|' '{print $6}')" = "$("$S" --db "$tmp/plain.db" export --all --format md | grep -F '| Борис Смирнов |' | head -1 | awk -F'|' '{print $6}')"

# 5, 13. Whose file it is: a copy of Анна's export sent as petr.json.
L="$tmp/anna.db"
"$S" --db "$L" learner add 'Анна Петрова' >/dev/null
"$S" --db "$L" --learner 'Анна Петрова' check s8.monitoring >/dev/null
"$S" --db "$L" --learner 'Анна Петрова' export --format json -o "$tmp/anna.json" >/dev/null
cp "$tmp/anna.json" "$tmp/petr.json"
echo '{}' >"$tmp/bad.json"
t import-anna 0 "$S" --db "$tmp/t2.db" import "$tmp/anna.json"
ok import-names has 'anna.json: imported 1 learner (Анна Петрова), 1 new change' "$tmp/out"
t import-petr 0 "$S" --db "$tmp/t2.db" import "$tmp/petr.json"
ok import-petr-whose has 'petr.json holds Анна Петрова (imported before from anna.json)' "$tmp/out"
ok import-petr-not-before bash -c "! grep -q 'imported before)$' '$tmp/out' || grep -q 'from anna.json' '$tmp/out'"
t verify-three 1 "$S" verify "$tmp/anna.json" "$tmp/petr.json" "$tmp/bad.json"
ok verify-names has 'petr.json: ok: 1 learner (Анна Петрова), hash chains intact' "$tmp/out"
ok verify-total test "$(tail -1 "$tmp/out")" = "2 files ok, 1 failed"
ok verify-failed-marked has "bad.json: FAILED" "$tmp/err"
# A stated field the log contradicts: "the log and the pack give".
jq '.learners[0].done += 1' "$tmp/anna.json" >"$tmp/forged.json"
t verify-forged 1 "$S" verify "$tmp/forged.json"
ok verify-grammar has "but the event log and the pack give " "$tmp/err"

# 11. Reviews in bulk: one signed review file per reviewed learner.
t review-split 0 "$S" export --all --format review --split "$tmp/reviews"
ok review-split-three test "$(ls "$tmp/reviews" | wc -l)" = 3
ok review-split-whose test "$(jq -r .learner.name "$tmp"/reviews/* | sort | tr '\n' '|')" = "Dana Levi|Анна Петрова|Борис Смирнов|"
ok review-split-signed test "$(jq -r '.signature | length' "$tmp"/reviews/* | sort -u)" = 128
t review-all-alone 2 "$S" export --all --format review

# 7. Names: the look-alike refusal says which letters differ and how to
# correct the name here; learner rename corrects it.
N="$tmp/names.db"
"$S" --db "$N" learner add 'Mария Соколова' >/dev/null
t lookalike 1 "$S" --db "$N" learner add 'Мария Соколова'
ok lookalike-letters has 'М (U+041C) looks like M (U+004D)' "$tmp/err"
ok lookalike-rename has "learner rename 'Mария Соколова' 'NEW NAME'" "$tmp/err"
t rename 0 "$S" --db "$N" learner rename 'Mария Соколова' 'Мария Соколова'
ok renamed test "$("$S" --db "$N" learner list)" = 'Мария Соколова'
"$S" --db "$N" learner add 'Bob' >/dev/null
t rename-taken 1 "$S" --db "$N" learner rename Bob 'Mария Соколова'
t rename-nobody 1 "$S" --db "$N" learner rename Nobody X

# 11. A roster in one command: plain, Moodle's participants, Canvas's
# gradebook export; matched by email, ID number, Canvas id or name.
R="$tmp/roster.db"
"$S" --db "$R" import "$SRC/data/demo/cohort.json" >/dev/null
printf 'name,email,id_number,section\nАнна Петрова,anna@example.org,S-1,A\nChen Wei,chen@example.org,S-2,A\nПётр Орлов,petr@example.org,S-9,B\n' >"$tmp/plain.csv"
t roster-plain 0 "$S" --db "$R" learner roster "$tmp/plain.csv"
ok roster-summary has "3 learners, 2 matched (2 changed), 1 new (not here yet), 4 here not in the roster" "$tmp/out"
ok roster-new-named has "line 4: Пётр Орлов" "$tmp/out"
printf '\xef\xbb\xbf"First name";"Last name";"ID number";"Email address";"Groups"\nБорис;Смирнов;S-3;boris@example.org;B\nDana;Levi;S-4;dana@example.org;B\n' >"$tmp/moodle-participants.csv"
t roster-moodle 0 "$S" --db "$R" learner roster "$tmp/moodle-participants.csv"
printf 'Student,ID,SIS User ID,SIS Login ID,Section,Capstone (12)\nPoints Possible,,,,,100\n"Obi, Emeka",101,S-5,emeka,C,\n"Иванов, Фёдор",102,S-6,fedor,C,\n"Levi, Dana",103,S-4,,B,\n' >"$tmp/canvas-export.csv"
t roster-canvas 0 "$S" --db "$R" learner roster "$tmp/canvas-export.csv"
ok roster-canvas-summary has "3 learners, 3 matched (3 changed), 0 new" "$tmp/out"
t roster-gradebook 0 "$S" --db "$R" export --all --format canvas
ok roster-canvas-ids grep -q '^Dana Levi,103,S-4,dana@example.org,B,' "$tmp/out"
ok roster-canvas-login grep -q '^Emeka Obi,101,S-5,emeka,C,' "$tmp/out"
t roster-moodle-all 0 "$S" --db "$R" export --all --format moodle --key id_number
ok roster-every-learner test "$(tail -n +2 "$tmp/out" | wc -l)" = 6
before=$("$S" --db "$R" export --all --format canvas | md5sum)
printf 'name,email\nChen Wei,anna@example.org\n' >"$tmp/ambiguous.csv"
t roster-ambiguous 1 "$S" --db "$R" learner roster "$tmp/ambiguous.csv"
ok roster-ambiguous-says has "line 2 (Chen Wei) matches both Chen Wei and Анна Петрова" "$tmp/err"
ok roster-ambiguous-unchanged test "$("$S" --db "$R" export --all --format canvas | md5sum)" = "$before"
printf 'name,email\nChen Wei,boris@example.org\n' >"$tmp/clash.csv"
t roster-clash 1 "$S" --db "$R" learner roster "$tmp/clash.csv"
ok roster-clash-unchanged test "$("$S" --db "$R" export --all --format canvas | md5sum)" = "$before"

# 7. A learner who lost her laptop: a new database, a new key, the same
# name. Refused as another person, with the way to accept the key; the
# instructor accepts it on purpose (old and new fingerprints said, logged);
# her history here stays and her new files add to it.
K="$tmp/keys"
mkdir -p "$K"
"$S" --db "$K/old.db" learner add 'Мария Соколова' >/dev/null
"$S" --db "$K/old.db" check s8.monitoring >/dev/null
"$S" --db "$K/old.db" export --format json -o "$K/m1.json" >/dev/null
"$S" --db "$K/t.db" import "$K/m1.json" >/dev/null
"$S" --db "$K/new.db" learner add 'Мария Соколова' >/dev/null
"$S" --db "$K/new.db" check s8.topic-naming >/dev/null
"$S" --db "$K/new.db" export --format json -o "$K/m2.json" >/dev/null
t newkey-refused 1 "$S" --db "$K/t.db" import "$K/m2.json"
ok newkey-says-how has "learner accept-key 'Мария Соколова' FILE" "$tmp/err"
old=$(jq -r '.learners[0].key[:16]' "$K/m1.json") new=$(jq -r '.learners[0].key[:16]' "$K/m2.json")
t accept-key 0 "$S" --db "$K/t.db" learner accept-key 'Мария Соколова' "$K/m2.json"
ok accept-key-names-both has "Мария Соколова: key $old replaced by $new (from m2.json), logged" "$tmp/out"
ok accept-key-logged test "$(sqlite3 "$K/t.db" 'SELECT substr(old_key,1,16) || " " || substr(new_key,1,16) || " " || file FROM key_change')" = "$old $new m2.json"
t newkey-import 0 "$S" --db "$K/t.db" import "$K/m2.json"
t newkey-history 0 "$S" --db "$K/t.db" --learner 'Мария Соколова' status --json
ok newkey-both-ticks test "$(jq -r '[.. | objects | select(.id? == "s8.monitoring" or .id? == "s8.topic-naming") | .done] | unique | join(",")' "$tmp/out")" = true
t old-file-now-refused 1 "$S" --db "$K/t.db" import "$K/m1.json"
t accept-key-unsigned 1 "$S" --db "$K/t.db" learner accept-key 'Мария Соколова' "$SRC/data/demo/cohort.json"

# 12. CSV for European spreadsheets: ';' or tab between cells.
t csv-comma 0 "$S" export --all --format csv -o "$tmp/sep-comma.csv"
t csv-semicolon 0 "$S" export --all --format csv --sep ';' -o "$tmp/sep-semi.csv"
t csv-tab 0 "$S" export --all --format csv --sep tab -o "$tmp/sep-tab.csv"
ok csv-sep-same-cells python3 - "$tmp/sep-comma.csv" "$tmp/sep-semi.csv" "$tmp/sep-tab.csv" <<'PY'
import csv, sys
read = lambda p, d: list(csv.reader(open(p, encoding="utf-8", newline=""), delimiter=d))
a, b, c = read(sys.argv[1], ","), read(sys.argv[2], ";"), read(sys.argv[3], "\t")
assert a == b == c, (a[:2], b[:2], c[:2])
assert ";" in open(sys.argv[2], encoding="utf-8").readline()
PY
t moodle-semicolon 0 "$S" export --all --format moodle --skip-missing --sep ';'
ok moodle-semicolon-head test "$(head -1 "$tmp/out" | tr -d '\r')" = "Email address;Full name;selfgrade"
t sep-not-md 2 "$S" export --all --format md --sep ';'
t sep-bad 2 "$S" export --all --format csv --sep '|'

# 10. The workbook: identifiers, both levels, the grade; item cells 1/0 in
# every language; printed landscape, one page wide, header row and names
# on every page.
t xlsx-en 0 "$S" export --all --format xlsx -o "$tmp/en.xlsx"
t xlsx-ru 0 "$S" --lang ru export --all --format xlsx -o "$tmp/ru.xlsx"
ok xlsx-book /usr/bin/python3 - "$tmp/en.xlsx" "$tmp/ru.xlsx" <<'PY'
import sys, openpyxl
en, ru = (openpyxl.load_workbook(p) for p in sys.argv[1:3])
ws = en["Learners"]
head = [c.value for c in ws[1]]
for h in ("Email", "ID number", "Section", "Level", "Instructor's view", "Grade"):
    assert h in head, (h, head)
rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
a = rows["Анна Петрова"]
assert a[head.index("Email")].value == "anna@example.org"
assert a[head.index("ID number")].value == "S-1" and a[head.index("Section")].value == "B"
assert a[head.index("Grade")].value == 80, a[head.index("Grade")].value
items_en = sorted([c.value for c in r] for r in en["Items"].iter_rows(min_row=2))
items_ru = sorted([c.value for c in r] for r in ru["Пункты"].iter_rows(min_row=2))
assert items_en == items_ru, "item cells differ between languages"
assert {v for r in items_en for v in r[1:]} == {0, 1}
for book in (en, ru):
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None), ws.title
        assert ws.print_title_rows.replace("$", "") == "1:1" and ws.print_title_cols.replace("$", "") == "A:A", (ws.title, ws.print_title_rows, ws.print_title_cols)
PY

# 8. The HTML at a glance: criteria labels whole (wrapped, never cut), the
# heat map's columns numbered with the ids listed, and "Most missed" by
# what blocks levels: the CRITICAL item first, no item that no level
# requires ahead of one a level does.
t html-glance 0 "$S" --lang ru export --all --format html -o "$tmp/glance.html"
ok html-labels-whole python3 - "$tmp/glance.html" "$tmp/c.json" <<'PY'
import html, json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
svg = re.search(r"<svg[^>]*><title>[^<]*критери[^<]*</title>(.*?)</svg>", page, re.S | re.I).group(1)
labels = []
for t in re.findall(r'<text x="\d+" y="\d+" font-size="11" text-anchor="end">(.*?)</text>', svg, re.S):
    labels.append(" ".join(html.unescape(x) for x in re.findall(r"<tspan[^>]*>(.*?)</tspan>", t)))
crit = [c["id"] for c in json.load(open(sys.argv[2]))["summary"]["criteria"]]
assert len(labels) == len(crit), (len(labels), len(crit))
long = [l for l in labels if len(l) > 46]
assert long, labels
for t in re.findall(r'<text x="(\d+)"[^>]*text-anchor="end">((?:<tspan[^>]*>[^<]*</tspan>)+)</text>', svg):
    for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", t[1]):
        # right-aligned at x: 7 px a character at most stays in the picture
        assert len(html.unescape(line)) * 7 <= int(t[0]) or " " not in html.unescape(line), line
PY
ok html-heat-legend python3 - "$tmp/glance.html" "$tmp/c.json" <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
entries = [e["id"] for e in json.load(open(sys.argv[2]))["summary"]["entries"]]
legend = re.search(r'<ol class="legend">(.*?)</ol>', page, re.S).group(1)
assert re.findall(r"<code>([^<]*)</code>", legend) == entries
heat = re.search(r'<svg[^>]*class="heat"[^>]*>(.*?)</svg>', page, re.S).group(1)
numbers = re.findall(r'transform="rotate\(-90[^"]*"\s*>(\d+)</text>', heat)
assert numbers == [str(i + 1) for i in range(len(entries))], numbers
PY
critical=$("$S" dump | jq -r '[.. | objects | select(.critical? == true) | .id] | .[0]')
ok most-missed-critical-first test "$(jq -r '.summary.most_missed[0]' "$tmp/c.json")" = "$critical"
ok most-missed-no-tradeoffs test "$(jq -r '[.summary.most_missed[] | select(startswith("s8.trade-offs"))] | length' "$tmp/c.json")" = 0
# A file made before, its most missed fewest done first, still verifies;
# another order does not.
jq '.summary.learners as $n | .summary.most_missed = ([.summary.entries | to_entries[] | select(.value.done < $n)] | sort_by(.value.done, .key) | map(.value.id) | .[:5])' "$tmp/c.json" >"$tmp/older.json"
t verify-older-most-missed 0 "$S" verify "$tmp/older.json"
jq '.summary.most_missed |= reverse' "$tmp/c.json" >"$tmp/shuffled.json"
t verify-shuffled-most-missed 1 "$S" verify "$tmp/shuffled.json"

# The guide's week: at most ten commands, whatever the cohort's size, and
# they run as written.
W="$tmp/week"
mkdir -p "$W/exports" "$W/bin"
ln -s "$S" "$W/bin/selfgrade"
cp "$SRC/data/demo/cohort.json" "$W/exports/"
printf 'name,email,id_number,section\n' >"$W/participants.csv"
for n in 'Chen Wei' 'Dana Levi' 'Emeka Obi' 'Анна Петрова' 'Борис Смирнов' 'Фёдор Иванов'; do
	printf '%s,%s@example.org,%s,A\n' "$n" "$(echo "$n" | md5sum | cut -c1-8)" "$(echo "$n" | md5sum | cut -c9-14)" >>"$W/participants.csv"
done
sed -n '/^## A week with a cohort/,/^## /p' "$SRC/doc/instructor.md" | sed -n '/^```sh$/,/^```$/p' | grep -v '^```' >"$W/week.sh"
ok week-at-most-ten test "$(grep -c . "$W/week.sh")" -le 10
ok week-runs bash -c "cd '$W' && PATH='$W/bin':\$PATH SELFGRADE_DB= bash -e week.sh >/dev/null"
ok week-grades test "$(tail -n +2 "$W/grades.csv" | wc -l)" = 6
ok week-review-files test "$(ls "$W/reviews" | wc -l)" = 1

summary grade-of-record
