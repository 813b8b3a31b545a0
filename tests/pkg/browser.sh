#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The demo cohort's HTML report in a real browser, headless Chromium with
# the network shut off: it loads without fetching anything and without a
# console message, its SVG charts are in the DOM, and printed to PDF
# (poppler's pdfinfo/pdftotext read it back) the overview takes the first
# page and each learner starts a page of their own (tests/pkg/print.sh
# prints a cohort of 200).
. "$(dirname "$0")/../cli/lib.sh"
unset SELFGRADE_DB SELFGRADE_LEARNER SELFGRADE_CONTENT
not() { ! "$@"; }

. "$(dirname "$0")/chromium.sh"
# The page's own requests (those of the file:// page, not the browser's own
# housekeeping) to anything but file: and data: URLs, one a line.
requests() {
	python3 - "$1" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
for e in log["events"]:
    p = e.get("params", {})
    if e["type"] == start and "file://" in p.get("network_isolation_key", "") \
            and not p.get("url", "").startswith(("file:", "data:")):
        print(p["url"])
PY
}
console() { grep -E ':CONSOLE[:(]' "$1" || true; }

# First, that the detectors detect: a page that fetches and logs.
cat >"$tmp/control.html" <<'HTML'
<!DOCTYPE html><html><head><title>control</title>
<link rel="stylesheet" href="https://example.com/a.css"></head>
<body><img src="http://example.org/i.png" alt=""><script>console.error("boom")</script></body></html>
HTML
browse control --dump-dom "file://$tmp/control.html"
ok control-fetch-seen test "$(requests "$tmp/control.netlog" | wc -l)" -ge 2
ok control-console-seen test -n "$(console "$tmp/control.stderr")"

# The demo cohort's report.
db=$tmp/demo.db
t import 0 "$SELFGRADE" --db "$db" import "$SRC/data/demo/cohort.json"
t html 0 "$SELFGRADE" --db "$db" export --all --format html -o "$tmp/report.html"
t json 0 "$SELFGRADE" --db "$db" export --all --format json -o "$tmp/report.json"
jq -r '.learners[].name' "$tmp/report.json" >"$tmp/names"
learners=$(wc -l <"$tmp/names")
charted=$(jq '[.learners[] | select([.events[] | select(.field == "done")] | length > 0)] | length' "$tmp/report.json")
ok demo-has-learners test "$learners" -ge 2

browse dom --dump-dom "file://$tmp/report.html"
ok dom-dumped grep -q '</html>' "$tmp/dom.stdout"
requests "$tmp/dom.netlog" >"$tmp/fetched"
ok no-external-request test ! -s "$tmp/fetched"
sed 's/^/  fetched: /' "$tmp/fetched"
console "$tmp/dom.stderr" >"$tmp/console"
ok no-console-message test ! -s "$tmp/console"
sed 's/^/  console: /' "$tmp/console"
# The charts: parsed as SVG (the DOM keeps them): the cohort summary's,
# and one per learner whose log has a tick, each with its line.
svgs=$(grep -o '<svg' "$tmp/dom.stdout" | wc -l)
progress=$(grep -o '<title>Items done over time</title>' "$tmp/dom.stdout" | wc -l)
lines=$(grep -o '<polyline' "$tmp/dom.stdout" | wc -l)
ok svg-charts-in-dom test "$progress" -eq "$charted" -a "$charted" -ge 1
ok svg-charts-have-lines test "$lines" -eq "$progress"
ok svg-summary-charts test "$(grep -o '<title>Learners by level</title>' "$tmp/dom.stdout" | wc -l)" -eq 1
ok svg-as-in-file test "$svgs" -eq "$(grep -o '<svg' "$tmp/report.html" | wc -l)"

browse pdf --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" "file://$tmp/report.html"
ok pdf-printed test -s "$tmp/report.pdf"
ok pdf-no-external-request test -z "$(requests "$tmp/pdf.netlog")"
ok pdf-no-console-message test -z "$(console "$tmp/pdf.stderr")"
pages=$(pdfinfo "$tmp/report.pdf" | awk '/^Pages:/ {print $2}')
ok pdf-pages test "${pages:-0}" -ge $((learners + 1))
# Each page's first line; a learner's section opens with their name.
for ((p = 1; p <= ${pages:-0}; p++)); do
	pdftotext -f $p -l $p -layout "$tmp/report.pdf" - | awk 'NF { sub(/^ +/, ""); sub(/ +$/, ""); print; exit }'
done >"$tmp/firsts"
ok overview-first-page grep -qF "$(jq -r .pack.title "$tmp/report.json" | cut -c1-30)" <(head -1 "$tmp/firsts")
prev=1
while IFS= read -r name; do
	page=$(grep -nxF -- "$name" "$tmp/firsts" | cut -d: -f1)
	ok "learner '$name' starts one page" test "$(wc -w <<<"$page")" -eq 1
	ok "learner '$name' after the one before" test "${page:-0}" -gt "$prev"
	prev=${page:-$prev}
	# Their page holds no other learner's heading.
	pdftotext -f "${page:-1}" -l "${page:-1}" -layout "$tmp/report.pdf" "$tmp/page.txt"
	ok "learner '$name' alone on the page" test "$(grep -c 'done; last activity' "$tmp/page.txt")" -eq 1
done <"$tmp/names"
# The first page holds the contents and the start of the cohort summary;
# the learners come after it.
pdftotext -f 1 -l 1 -layout "$tmp/report.pdf" "$tmp/page1.txt"
ok contents-first-page grep -q "^Contents" "$tmp/page1.txt"
ok summary-first-page grep -q "^Cohort summary" "$tmp/page1.txt"
ok learners-after-summary test "$(grep -nxFf "$tmp/names" "$tmp/firsts" | head -1 | cut -d: -f1)" -gt 1
summary browser
