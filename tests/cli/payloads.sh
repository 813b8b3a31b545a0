#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Markup in every text a report shows, from a hostile learner: the name,
# email, id_number and section, a note, the evidence a probe quotes from
# the learner's project (file and value), an instructor's review, and the
# times an older database may hold (created_at, an event's at, as a file
# imported before times were checked left them). The cohort's HTML opened
# in headless Chromium runs none of it and fetches nothing, with its
# Content-Security-Policy and without it; the Markdown holds no tag and no
# control byte.
. "$(dirname "$0")/lib.sh"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT SELFGRADE_DB
S=$SELFGRADE
not() { ! "$@"; }

chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
	echo "SKIP: chromium is not installed (tools/install-deps installs it)"
	exit 77
fi
# Chromium keeps everything it writes in the test's folder.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_CACHE_HOME=$tmp/home/.cache
mkdir -p "$HOME"

# A server on 127.0.0.1 that counts the requests it gets, stopped on exit.
cat >"$tmp/count.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(sys.argv[1], "a") as f:
            f.write(self.path + "\n")
        self.send_response(404)
        self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(sys.argv[2], "w") as f:
    f.write(str(s.server_address[1]))
s.serve_forever()
PY
: >"$tmp/hits"
python3 "$tmp/count.py" "$tmp/hits" "$tmp/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
port=$(cat "$tmp/port")

# Each payload sets the body's id if it runs, or fetches from the server.
img='<img src=x onerror=document.body.id=7>'
svg='<svg onload=document.body.id=8>'
fetch="<img src=http://127.0.0.1:$port/x>"
script='<script>document.body.id=9</script>'
esc=$(printf '\033]0;PWNED\a\033[2J')

L=$tmp/learner.db T=$tmp/teacher.db
t add 0 "$S" --db "$L" learner add "$img"
t set 0 "$S" --db "$L" learner set "$img" "email=$svg@example.com" \
	"id_number=$script" "section=$fetch"
mapfile -t all < <(checkables)
t check 0 "$S" --db "$L" --learner "$img" check "${all[@]}"
t note 0 "$S" --db "$L" --learner "$img" note s8.mysql-outbox "$svg
$fetch
\`\`\`
$script | ] ) \`x\` **b**"
# A project whose files and values are payloads: the contradiction the
# probe reports (m7, a topic two connectors share) quotes both.
cp -r "$SRC/tests/data/capstone/m7" "$tmp/project"
sed -i "s|schema-changes.mysql-outbox|$img|" "$tmp/project/connectors/mysql-inventory.properties"
sed -i "s|schema-changes.mysql-outbox|${img//\"/\\\\\"}|" "$tmp/project/connectors/mysql-outbox.json"
mv "$tmp/project/connectors/mysql-outbox.json" "$tmp/project/connectors/$svg.json"
mv "$tmp/project/connectors/mysql-inventory.properties" "$tmp/project/connectors/${img/id=7/id=10}.properties"
t probe 1 "$S" --db "$L" --learner "$img" probe "$tmp/project"
t export 0 "$S" --db "$L" export --format json -o "$tmp/learner.json"
t import 0 "$S" --db "$T" import "$tmp/learner.json"
t review 0 "$S" --db "$T" review "$img" ex.failover-tested --disagree "$img $svg $fetch"
t review-comment 0 "$S" --db "$T" review "$img" s8.mysql-outbox "$script"
# A second learner named for a fetch.
t add-2 0 "$S" --db "$T" learner add "$fetch"
t check-2 0 "$S" --db "$T" --learner "$fetch" check m7
# Times as a database written before imports checked them may hold them
# (the log is append-only: its trigger is dropped for this, in this
# test's own copy): the largest "time" is the one Last activity showed.
sqlite3 "$T" "DROP TRIGGER event_is_append_only;
UPDATE learner SET created_at = '$img';
UPDATE event SET at = '$svg' WHERE id = (SELECT min(id) FROM event);
UPDATE event SET at = char(27) || ']0;PWNED' || char(7) || char(27) || '[2J'
  WHERE id = (SELECT max(id) FROM event WHERE field = 'note');
UPDATE note SET text = text || char(27) || '[2J' || char(7) || 'mysql' || char(8238) || 'evil';"
rlo=$(printf '\u202e')

t html 0 "$S" --db "$T" export --all --format html -o "$tmp/report.html"
ok html-has-csp has "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>" "$tmp/report.html"
ok html-well-formed xmllint --noout "$tmp/report.html"
for p in "$img" "$svg" "$fetch" "$script"; do
	ok "html-no-raw ${p:0:12}" not grep -qF -- "$p" "$tmp/report.html"
done
ok html-shows-payload-as-text has '&lt;img src=x onerror=document.body.id=7&gt;' "$tmp/report.html"
ok html-shows-evidence-file has '&lt;svg onload=document.body.id=8&gt;.json' "$tmp/report.html"
ok html-shows-evidence-value has '= &lt;img src=x onerror=document.body.id=7&gt; is also used by' "$tmp/report.html"
ok html-no-time-text not grep -qF 'PWNED' "$tmp/report.html"
ok html-no-bidi-override not grep -qF "$rlo" "$tmp/report.html"

# browse NAME FILE: the page's DOM after load, in a fresh profile.
browse() {
	"$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile-$1" --dump-dom "file://$2" \
		>"$tmp/$1.dom" 2>"$tmp/$1.stderr" </dev/null
}
# The detectors detect: a page with the payloads as markup runs them
# and fetches.
printf '<!DOCTYPE html><html><head><title>c</title></head><body>%s%s</body></html>\n' \
	"$img" "$fetch" >"$tmp/control.html"
browse control "$tmp/control.html"
ok control-ran grep -q '<body id="7">' "$tmp/control.dom"
ok control-fetched test "$(grep -c '^/x$' "$tmp/hits")" -ge 1
: >"$tmp/hits"
# The report's policy on its own: the same raw payloads under it neither
# run nor fetch.
policy=$(grep -o '<meta http-equiv="Content-Security-Policy"[^>]*/>' "$tmp/report.html")
printf '<!DOCTYPE html><html><head>%s<title>c</title></head><body>%s%s</body></html>\n' \
	"$policy" "$img" "$fetch" >"$tmp/policy.html"
browse policy "$tmp/policy.html"
ok policy-loaded grep -q '</html>' "$tmp/policy.dom"
ok policy-blocks-script not grep -q '<body id=' "$tmp/policy.dom"
ok policy-blocks-fetch test ! -s "$tmp/hits"
: >"$tmp/hits"

# body_untouched DOM: the body as the report wrote it, and no element the
# payloads would have made.
body_untouched() {
	grep -q '<body>' "$1" && not grep -q '<body [^>]*id=' "$1" &&
		not grep -qiE '<(img|script)[ >]|<svg onload' "$1"
}
browse report "$tmp/report.html"
ok report-loaded grep -q '</html>' "$tmp/report.dom"
ok report-body-untouched body_untouched "$tmp/report.dom"
ok report-no-request test ! -s "$tmp/hits"
# Without the policy, the escaping alone holds.
sed 's|<meta http-equiv="Content-Security-Policy"[^>]*/>||' "$tmp/report.html" >"$tmp/nocsp.html"
ok nocsp-stripped not grep -q 'Content-Security-Policy' "$tmp/nocsp.html"
browse nocsp "$tmp/nocsp.html"
ok nocsp-loaded grep -q '</html>' "$tmp/nocsp.dom"
ok nocsp-body-untouched body_untouched "$tmp/nocsp.dom"
ok nocsp-no-request test ! -s "$tmp/hits"
sed 's/^/  hit: /' "$tmp/hits"

# Markdown: no tag as markup (rendered by cmark-gfm with raw HTML allowed,
# nothing of the payloads is an element), no control byte but the line
# break.
t md 0 "$S" --db "$T" export --all --format md -o "$tmp/report.md"
ok md-no-control not env LC_ALL=C grep -q "[$(printf '\001-\011\013-\037\177')]" "$tmp/report.md"
ok md-no-raw-tag not grep -qP '(?<!\\)<(img|svg|script)' "$tmp/report.md"
ok md-no-time-text not grep -qF 'PWNED' "$tmp/report.md"
ok md-no-bidi-override not grep -qF "$rlo" "$tmp/report.md"
cmark-gfm --unsafe -e table -e tasklist "$tmp/report.md" >"$tmp/md.html"
ok md-renders-no-tag not grep -qiE '<(img|svg|script)[ >]' "$tmp/md.html"
ok md-shows-payload has '&lt;img src=x onerror=document.body.id=7&gt;' "$tmp/md.html"
ok md-control-shown-escaped has '\x1b[2J\x07' "$tmp/md.html"

# The learner's own terminal: status shows the note and the evidence
# without a control byte.
t status 0 "$S" --db "$T" --learner "$img" status
ok status-no-control not env LC_ALL=C grep -q "[$(printf '\001-\011\013-\037\177')]" "$tmp/out"
ok status-no-bidi-override not grep -qF "$rlo" "$tmp/out"
ok status-shows-escapes has 'mysql\u202eevil' "$tmp/out"

summary payloads
