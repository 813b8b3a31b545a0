#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The instructor's formats read with real readers: the workbook with
# openpyxl, CSV with and without a byte-order mark, the Moodle and Canvas
# gradebook files against the columns their imports name; sorting and
# filtering under English and Russian collation; one file per learner.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/demo.db" TMPDIR="$tmp"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
"$S" import "$SRC/data/demo/cohort.json" >/dev/null
"$S" learner add 'anna' >/dev/null
"$S" learner add 'Émile' >/dev/null
"$S" learner set 'Анна Петрова' email=anna@example.org id_number=S-1 section=B >/dev/null

# The workbook.
t xlsx 0 "$S" export --all --format xlsx -o "$tmp/c.xlsx"
ok xlsx-reads /usr/bin/python3 - "$tmp/c.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Summary", "Learners", "Items"], wb.sheetnames
ws = wb["Learners"]
head = [c.value for c in ws[1]]
assert head[:7] == ["Name", "Id", "Level", "Done", "Total", "Percent", "Last activity"], head
assert ws.freeze_panes == "B2", ws.freeze_panes
rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
anna = rows["Анна Петрова"]
assert anna[2].value == "Exemplary Multi-Database", anna[2].value
assert isinstance(anna[3].value, (int, float)) and anna[3].value == anna[4].value
assert anna[5].value == 1 and anna[5].number_format == "0%", (anna[5].value, anna[5].number_format)
import datetime
assert isinstance(anna[6].value, datetime.datetime), anna[6].value
assert all(c.value in (0, 1) for c in anna[13:]), [c.value for c in anna[13:]]
assert wb["Items"].max_row == len(rows) + 1
summary = [r[0].value for r in wb["Summary"].iter_rows(min_row=2)]
assert "Learners at level" in summary
PY

# CSV: rounded percent; with --bom, a byte-order mark for spreadsheets.
t csv 0 "$S" export --all --format csv -o "$tmp/c.csv"
ok csv-no-bom test "$(head -c 3 "$tmp/c.csv" | od -An -tx1 | tr -d ' ')" = 6e616d
t csv-bom 0 "$S" export --all --format csv --bom -o "$tmp/b.csv"
ok csv-bom-first test "$(head -c 3 "$tmp/b.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
ok csv-bom-reads /usr/bin/python3 - "$tmp/b.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0][0] == "name", rows[0][:2]
assert any(r[0] == "Анна Петрова" for r in rows)
# 14/21 is 67, not 66: rounded
for r in rows[1:]:
    done, total, pct = int(r[2]), int(r[3]), int(r[4])
    assert pct == (done * 200 + total) // (2 * total), r[:5]
PY
t bom-only-csv 2 "$S" export --all --format md --bom

# Gradebooks: the columns their imports map.
# (Learners without an email are left out: grade_of_record.sh checks the
# refusal.)
t moodle 0 "$S" export --all --format moodle --skip-missing --percent --grade-item 'Capstone self-assessment'
ok moodle-head test "$(head -1 "$tmp/out" | tr -d '\r')" = "Email address,Full name,Capstone self-assessment,Capstone self-assessment percent done"
ok moodle-anna grep -q '^anna@example.org,Анна Петрова,100,100' "$tmp/out"
"$S" learner set 'Борис Смирнов' email=boris@example.org >/dev/null
t moodle-by-id 0 "$S" export --all --format moodle --key id_number --skip-missing
ok moodle-by-id-head test "$(head -1 "$tmp/out" | tr -d '\r')" = "ID number,Full name,selfgrade"
ok moodle-by-id-anna grep -q '^S-1,Анна Петрова,100' "$tmp/out"
t moodle-meets 0 "$S" export --all --format moodle --skip-missing
ok moodle-meets-row grep -q '^boris@example.org,Борис Смирнов,80' "$tmp/out"
t canvas 0 "$S" export --all --format canvas --skip-missing --percent
ok canvas-head test "$(head -1 "$tmp/out" | tr -d '\r')" = "Student,ID,SIS User ID,SIS Login ID,Section,selfgrade,selfgrade percent done"
ok canvas-anna grep -q '^Анна Петрова,,S-1,anna@example.org,B,100,100' "$tmp/out"
t grade-item-only-gradebooks 2 "$S" export --all --format csv --grade-item x

# Sorting: the locale's collation, case folded; filtering by level.
names() { jq -r '.learners[].name' "$tmp/out" | tr '\n' '|'; }
t sort-en 0 env LC_ALL=en_US.UTF-8 "$S" export --all --format json
ok sort-en-order test "$(names)" = "anna|Chen Wei|Dana Levi|Emeka Obi|Émile|Анна Петрова|Борис Смирнов|Фёдор Иванов|"
t sort-ru 0 env LC_ALL=ru_RU.UTF-8 "$S" export --all --format json
# Russian collation (ICU's): Cyrillic first, then Latin, case folded.
ok sort-ru-cyrillic-first-folded test "$(names)" = "Анна Петрова|Борис Смирнов|Фёдор Иванов|anna|Chen Wei|Dana Levi|Emeka Obi|Émile|"
# The collation is the report's language's, not the locale's: under
# C.UTF-8 (many servers' default) Ё still sorts with Е, not after Я.
"$S" learner add 'Ёлкин Иван' >/dev/null
"$S" learner add 'Яковлев Пётр' >/dev/null
"$S" learner add 'Елисеев Олег' >/dev/null
t sort-c-locale 0 env LC_ALL=C.UTF-8 "$S" --lang ru export --all --format json
ok sort-yo-with-ye test "$(names | cut -d'|' -f1-6)" = "Анна Петрова|Борис Смирнов|Елисеев Олег|Ёлкин Иван|Фёдор Иванов|Яковлев Пётр"
t sort-c-locale-en 0 env LC_ALL=C.UTF-8 "$S" export --all --format json
ok sort-yo-with-ye-en test "$(names | cut -d'|' -f6-)" = "Анна Петрова|Борис Смирнов|Елисеев Олег|Ёлкин Иван|Фёдор Иванов|Яковлев Пётр|"
"$S" learner remove 'Ёлкин Иван' >/dev/null
"$S" learner remove 'Яковлев Пётр' >/dev/null
"$S" learner remove 'Елисеев Олег' >/dev/null
t sort-level 0 "$S" export --all --format json --sort level
ok sort-level-first test "$(jq -r '.learners[0].level' "$tmp/out")" = exemplary
t sort-progress 0 "$S" export --all --format json --sort progress
ok sort-progress-desc test "$(jq '[.learners[].percent] | . == (sort | reverse)' "$tmp/out")" = true
t level-meets 0 "$S" export --all --format json --level meets
ok level-kept test "$(jq -r '[.learners[].level] | unique | join(",")' "$tmp/out")" = meets
ok level-summary-counts test "$(jq -r '.summary.learners' "$tmp/out")" = "$(jq '.learners | length' "$tmp/out")"
t level-bad 2 "$S" export --all --format json --level nonsense
t sort-bad 2 "$S" export --all --format json --sort nonsense

# The summary's numbers equal a recount from the export.
t summary-json 0 "$S" export --all --format json -o "$tmp/all.json"
ok summary-recount /usr/bin/python3 - "$tmp/all.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s, L = d["summary"], d["learners"]
assert s["learners"] == len(L)
for lvl, n in s["levels"].items():
    assert n == sum(1 for l in L if l["level"] == lvl), lvl
for c in s["criteria"]:
    met = sum(1 for l in L for k in l["criteria"] if k["id"] == c["id"] and k["met"])
    assert c["met"] == met, c
done = {}
for l in L:
    for st in l["states"]:
        if st["done"] and not st["stale"] and not st["orphan"]:
            done[st["id"]] = done.get(st["id"], 0) + 1
for e in s["entries"]:
    assert e["done"] == done.get(e["id"], 0), e
PY

# One file per learner, names made safe, refusing to overwrite.
t split 0 "$S" export --all --format md --split "$tmp/per"
ok split-count test "$(ls "$tmp/per" | wc -l)" = 8
ok split-cyrillic test -s "$tmp/per/Анна_Петрова.md"
t split-again 1 "$S" export --all --format md --split "$tmp/per"
t split-force 0 "$S" export --all --format md --split "$tmp/per" --force
t split-needs-all 2 "$S" --learner anna export --format md --split "$tmp/per2"
summary instructor
