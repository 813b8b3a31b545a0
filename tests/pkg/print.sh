#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A cohort of 200 printed: the HTML report to PDF in headless Chromium (the
# network shut off, as in browser.sh), read back with poppler. Page 1
# holds the contents and the start of the cohort summary; every learner
# starts a page of their own and takes about one: at most 1.2 pages per
# learner after the summary; no heading is the last line of a page.
. "$(dirname "$0")/../cli/lib.sh"
unset SELFGRADE_DB SELFGRADE_LEARNER SELFGRADE_CONTENT

. "$(dirname "$0")/chromium.sh"
S=$SELFGRADE
db=$tmp/cohort.db
n=200

# 200 learners, each with about two thirds of the pack ticked (the same
# every run) and a note now and then.
RANDOM=29
mapfile -t all < <(checkables)
for ((i = 1; i <= n; i++)); do
	"$S" --db "$db" learner add "Learner $i" >/dev/null
	pick=()
	for id in "${all[@]}"; do ((RANDOM % 3)) && pick+=("$id"); done
	((${#pick[@]})) && "$S" --db "$db" --learner "Learner $i" check "${pick[@]}" >/dev/null
	((i % 10)) || "$S" --db "$db" --learner "Learner $i" note "${all[0]}" "Лог приложен: connect-$i.log" >/dev/null
done
t html 0 "$S" --db "$db" export --all --format html -o "$tmp/report.html"

browse pdf --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" "file://$tmp/report.html"
ok pdf-printed test -s "$tmp/report.pdf"
pages=$(pdfinfo "$tmp/report.pdf" | awk '/^Pages:/ {print $2}')

# Each page's text, its first and last lines.
for ((p = 1; p <= ${pages:-0}; p++)); do
	pdftotext -f $p -l $p -layout "$tmp/report.pdf" "$tmp/page-$p.txt"
	awk 'NF { sub(/^ +/, ""); sub(/ +$/, ""); print; exit }' "$tmp/page-$p.txt"
done >"$tmp/firsts"
for ((p = 1; p <= ${pages:-0}; p++)); do
	awk 'NF { sub(/^ +/, ""); sub(/ +$/, ""); last = $0 } END { print last }' "$tmp/page-$p.txt"
done >"$tmp/lasts"

ok contents-on-page-1 grep -q '^Contents' "$tmp/page-1.txt"
ok summary-starts-on-page-1 grep -q '^Cohort summary' "$tmp/page-1.txt"
# A learner's section opens with their name, then "... done; last
# activity ...": a page that starts so is where a learner starts.
starts=0 first=
for ((p = 1; p <= ${pages:-0}; p++)); do
	if grep -qx 'Learner [0-9]*' <(sed -n ${p}p "$tmp/firsts") &&
		[ "$(grep -c 'done; last activity' "$tmp/page-$p.txt")" -eq 1 ]; then
		starts=$((starts + 1))
		first=${first:-$p}
	fi
done
ok every-learner-starts-a-page test "$starts" -eq $n
learner_pages=$((${pages:-0} - ${first:-1} + 1))
echo "  $pages pages: the summary $((${first:-1} - 1)), the $n learners $learner_pages"
ok at-most-1.2-pages-a-learner test "$learner_pages" -le $((n * 12 / 10))

# The headings, as the text the PDF shows them in.
python3 - "$tmp/report.html" >"$tmp/headings" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", text, re.S):
    h = " ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
    if h:
        print(h)
PY
ok headings-found test "$(wc -l <"$tmp/headings")" -gt $n
grep -nxFf "$tmp/headings" "$tmp/lasts" | sed 's/^/  heading at the foot of page /' >"$tmp/stranded"
cat "$tmp/stranded"
ok no-heading-ends-a-page test ! -s "$tmp/stranded"
summary print
