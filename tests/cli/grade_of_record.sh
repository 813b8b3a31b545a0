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

summary grade-of-record
