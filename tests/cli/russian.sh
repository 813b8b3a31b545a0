#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole program in Russian under a Russian locale: --help, errors,
# score, status, validate (plural forms), the md, html and xlsx reports
# (read with cmark-gfm, xmllint and openpyxl); --lang chooses whatever the
# locale says; machine formats stay as they are.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/a.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
RU=(env LANG=ru_RU.UTF-8)
# tools/install-deps generates it; without it everything below is English.
ok ru-locale-installed sh -c "locale -a | grep -qix 'ru_RU.utf8'"
"$S" learner add "Анна" >/dev/null
"$S" learner add bob >/dev/null
"$S" --learner "Анна" check s8.mysql-outbox s8.pyflink.two-sources >/dev/null
"$S" --learner "Анна" note s8.mysql-outbox "см. **схему**" >/dev/null

# --help and an error message.
t help-ru 0 "${RU[@]}" "$S" --help
ok help-ru-commands has "команды:" "$tmp/out"
ok help-ru-options has "общие параметры:" "$tmp/out"
ok help-ru-lang has "--lang en|ru" "$tmp/out"
ok help-ru-no-english sh -c "! grep -qF 'global options' '$tmp/out'"
t error-ru 1 "${RU[@]}" "$S" --learner "Анна" check no.such.id
ok error-ru-says has "selfgrade: неизвестный id «no.such.id» (см. «selfgrade status»)" "$tmp/err"
# libyaml's own words too, at the place they name; English elsewhere.
cp -r "$SRC/checklists/multi-database" "$tmp/broken"
printf 'sections:\n  - id: "s1\n' >"$tmp/broken/checklist.yaml"
t yaml-error-ru 1 "${RU[@]}" "$S" --content "$tmp/broken" validate
ok yaml-error-ru-says has "checklist.yaml:2:9: при чтении строки в кавычках: неожиданный конец файла (замечено в строке 3, столбце 1)" "$tmp/err"
t yaml-error-en 1 "$S" --content "$tmp/broken" validate
ok yaml-error-en-says has "checklist.yaml:2:9: while scanning a quoted scalar found unexpected end of stream (noticed at line 3, column 1)" "$tmp/err"
t usage-ru 2 "${RU[@]}" "$S" frobnicate
ok usage-ru-says has "selfgrade: неизвестная команда «frobnicate» (см. «selfgrade --help»)" "$tmp/err"
t lang-unknown 2 "$S" --lang xx score
ok lang-unknown-says has "--lang takes en or ru: 'xx'" "$tmp/err"

# score, status, check: Russian words, the pack's text as written.
t score-ru 0 "${RU[@]}" "$S" --learner "Анна" score
ok score-ru-level has "Анна: Пока нет (выполнено 2 из 21)" "$tmp/out"
ok score-ru-next has "Для уровня «Meets Expectations Multi-Database» ещё нужно:" "$tmp/out"
ok score-ru-content has "Оба коннектора deployed и RUNNING" "$tmp/out"
t status-ru 0 "${RU[@]}" "$S" --learner "Анна" status
ok status-ru-section has "Раздел 8: Multi-Database Integration (Extension)" "$tmp/out"
ok status-ru-note has "заметка: см. **схему**" "$tmp/out"
ok status-ru-legend has "[~] устарело: текст изменился после вашего подтверждения" "$tmp/out"
# Pack markup is rendered as plain text; a learner's note stays as typed.
ok status-no-pack-markup sh -c "! grep -v 'заметка:' '$tmp/out' | grep -qF '**'"
t check-ru 0 "${RU[@]}" "$S" --learner "Анна" check s8.mysql-outbox
ok check-ru-already has "Анна: ничего не изменилось: уже выполнено" "$tmp/out"

# Plural forms: one, few, many.
t validate-ru 0 "${RU[@]}" "$S" validate
ok validate-ru-one has "1 раздел," "$tmp/out"
ok validate-ru-few has ", 3 ошибки," "$tmp/out"
ok validate-ru-many has ", 5 таблиц," "$tmp/out"

# Markdown: headings and labels in Russian, rendered by cmark-gfm.
t md-ru 0 "${RU[@]}" "$S" export --all --format md
cp "$tmp/out" "$tmp/ru.md"
ok md-ru-title has "— отчёт о самооценке" "$tmp/ru.md"
ok md-ru-summary has "## Сводка по группе" "$tmp/ru.md"
ok md-ru-checklist has "### Чек-лист" "$tmp/ru.md"
ok md-ru-level has "**Уровень:** Пока нет" "$tmp/ru.md"
ok md-ru-no-english sh -c "! grep -qE 'self-assessment report|### Checklist|Cohort summary|Not yet' '$tmp/ru.md'"
t md-ru-renders 0 cmark-gfm -e table -e tasklist "$tmp/ru.md"
ok md-ru-table-head has "<th>Ученик</th>" "$tmp/out"

# HTML: lang follows, well-formed, Russian headings.
t html-ru 0 "${RU[@]}" "$S" export --all --format html
cp "$tmp/out" "$tmp/ru.html"
ok html-ru-lang has '<html xmlns="http://www.w3.org/1999/xhtml" lang="ru">' "$tmp/ru.html"
ok html-ru-heading has "<h2>Сводка по группе</h2>" "$tmp/ru.html"
t html-ru-xml 0 xmllint --noout "$tmp/ru.html"
ok html-ru-sentence-with-markup has "по пакету <code>multi-database</code>" "$tmp/ru.html"
ok html-ru-no-escaped-bytes sh -c "! grep -qF '\\x' '$tmp/ru.html'"

# --lang en under a Russian locale gives English; --lang ru under C Russian.
t md-en 0 "${RU[@]}" "$S" --lang en export --all --format md
ok md-en-title has "— self-assessment report" "$tmp/out"
ok md-en-no-russian sh -c "! grep -qE 'отчёт о самооценке|Сводка по группе|Пока нет' '$tmp/out'"
t html-en 0 "${RU[@]}" LANGUAGE=ru "$S" export --lang en --all --format html
ok html-en-lang has 'lang="en"' "$tmp/out"
t score-en 0 "${RU[@]}" "$S" --lang en --learner "Анна" score
ok score-en-words has "Анна: Not yet (2 of 21 done)" "$tmp/out"
t html-ru-from-c 0 env LANG=C "$S" --lang ru export --all --format html
ok html-ru-from-c-lang has 'lang="ru"' "$tmp/out"

# xlsx: sheets and labels in Russian, Cyrillic intact, numbers numbers.
t xlsx-ru 0 "${RU[@]}" "$S" export --all --format xlsx -o "$tmp/ru.xlsx"
t xlsx-ru-read 0 /usr/bin/python3 - "$tmp/ru.xlsx" <<'PY'
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
assert wb.sheetnames == ["Сводка", "Ученики", "Пункты"], wb.sheetnames
ws = wb["Ученики"]
head = [c.value for c in ws[1]]
assert head[:7] == ["Имя", "Id", "Уровень", "Выполнено", "Всего", "Процент",
                    "Последнее действие"], head
rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
assert rows["Анна"][2].value == "Пока нет", rows["Анна"][2].value
assert rows["Анна"][3].value == 2 and rows["Анна"][5].number_format == "0%"
summary = [r[0].value for r in wb["Сводка"].iter_rows(min_row=2)]
assert "Учеников на уровне" in summary, summary
# Item cells are 1/0, the words only their display format.
cells = [c for r in (2, 3) for c in wb["Пункты"][r][1:]]
assert {c.value for c in cells} <= {0, 1}, {c.value for c in cells}
assert any(c.value == 1 and "выполнено" in c.number_format for c in cells)
PY

# Machine formats do not change with the language.
for f in csv moodle canvas; do
	skip=()
	[ "$f" = csv ] || skip=(--skip-missing)
	"$S" export --all --format "$f" "${skip[@]}" >"$tmp/c.$f" 2>/dev/null
	"${RU[@]}" "$S" export --all --format "$f" "${skip[@]}" >"$tmp/ru.$f" 2>/dev/null
	ok "$f-written" test -s "$tmp/c.$f"
	# The same header and rows (the order is the language's collation).
	ok "$f-not-translated" cmp -s <(sort "$tmp/c.$f") <(sort "$tmp/ru.$f")
done
summary russian
