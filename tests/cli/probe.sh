#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# selfgrade probe on the capstone fixtures and against a stand-in Kafka
# Connect on 127.0.0.1: exit status, FILE:LINE evidence, the remembered
# folder, evidence in the log (exported, verified, imported) that never
# ticks anything, hostile projects, and a refused or silent server that
# gives a clear message rather than a hang.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/p.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
CAP=$SRC/tests/data/capstone
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

t add 0 "$S" learner add anna
t good 0 "$S" probe "$CAP/good"
ok good-all-verified has "anna: 21 verified, 0 contradicted, 0 not found" "$tmp/out"
ok good-evidence has "  connectors/mysql-outbox.json:19: transforms.outbox.route.topic.replacement = outbox.event.mysql.\${routedByValue}" "$tmp/out"
t good-json 0 "$S" probe "$CAP/good" --json
ok json-shape test "$(jq -c '[.contradicted, (.results | length), ([.results[].verdict] | unique)]' "$tmp/out")" = '[false,21,["verified"]]'
ok json-file-line test "$(jq -c '.results[] | select(.probe == "docs.architecture") | [.file, .line, .for]' "$tmp/out")" = '["docs/architecture.md",5,"ex.architecture-diagram"]'

t m7 1 "$S" probe "$CAP/m7"
ok m7-where has "contradicted: m7.schema-history (for m7)" "$tmp/out"
ok m7-line has "  connectors/mysql-outbox.json:15: schema.history.internal.kafka.topic = schema-changes.mysql-outbox is also used by connectors/mysql-inventory.properties:15" "$tmp/out"
t m8 1 "$S" probe "$CAP/m8" --json
ok m8-json test "$(jq -c '.results[] | select(.probe == "m8.server-name") | [.verdict, .file, .line]' "$tmp/out")" = '["contradicted","connectors/postgres-outbox.json",8]'
t m9 1 "$S" probe "$CAP/m9"
ok m9-line has "  docs/runbook.md:21: 2. Position loss: recreate the replication slot" "$tmp/out"
t bad-server-id 1 "$S" probe "$CAP/bad-server-id"
ok server-id-range has "  connectors/mysql-outbox.json:10: database.server.id = 1, outside 184000-184999" "$tmp/out"
ok server-id-same has "database.server.id = 1, the same as docker-compose.yml:11" "$tmp/out"

# Without a folder: the one read last, from anywhere.
(cd / && t remembered 1 "$S" probe)
ok remembered-dir has "project: $CAP/bad-server-id" "$tmp/out"

# Evidence ticks nothing, is not undone, and travels with an export.
t status 0 "$S" status --json
ok nothing-ticked test "$(jq '[.states[] | select(.done)] | length' "$tmp/out")" = 0
t undo 0 "$S" undo
ok undo-nothing has "nothing to undo" "$tmp/out"
t export 0 "$S" export --format json -o "$tmp/a.json"
n_ev=$(jq '[.learners[0].events[] | select(.field == "evidence")] | length' "$tmp/a.json")
# Seven runs of 21 probes, but a result the probe's last run found
# already is not logged again (good twice: 21; then only the changes).
ok evidence-exported test "$n_ev" -gt 21 -a "$n_ev" -lt 147
t same-again 1 "$S" probe "$CAP/bad-server-id"
t export-again 0 "$S" export --format json -o "$tmp/a2.json"
ok same-run-logs-nothing test "$(jq '[.learners[0].events[] | select(.field == "evidence")] | length' "$tmp/a2.json")" = "$n_ev"
t verify 0 "$S" verify "$tmp/a.json"
SELFGRADE_DB="$tmp/b.db" t import 0 "$S" import "$tmp/a.json"
SELFGRADE_DB="$tmp/b.db" t export-b 0 "$S" export --format json --unsigned -o "$tmp/b.json"
ok evidence-imported test "$(jq -c '[.learners[0].events[] | select(.field == "evidence") | .new] | sort' "$tmp/b.json")" = "$(jq -c '[.learners[0].events[] | select(.field == "evidence") | .new] | sort' "$tmp/a.json")"
jq '(.learners[0].events[] | select(.field == "evidence") | .new) |= "not evidence"' "$tmp/a.json" >"$tmp/bad.json"
SELFGRADE_DB="$tmp/c.db" t import-bad-evidence 1 "$S" import "$tmp/bad.json"
ok bad-evidence-msg has "evidence" "$tmp/err"

# Usage and data errors.
t usage-two-dirs 2 "$S" probe a b
t usage-option 2 "$S" probe --all
t usage-connect-value 2 "$S" probe --connect
t no-dir 1 "$S" probe "$tmp/nope"
ok no-dir-msg has "not a project folder" "$tmp/err"

# A hostile project: messages, no crash, nothing read outside.
mkdir -p "$tmp/h/connectors"
ln -s /etc "$tmp/h/etc"
ln -s /etc/passwd "$tmp/h/connectors/passwd.json"
truncate -s 100M "$tmp/h/connectors/huge.json"
printf '{"a":\0\1}' >"$tmp/h/connectors/blob.json"
printf '{"connector.class": "x",\n  "a": }\n' >"$tmp/h/connectors/broken.json"
t hostile 0 "$S" probe "$tmp/h"
# Each file is read and parsed once a run, and a note said once.
ok hostile-json-once test "$(grep -c 'broken.json' "$tmp/err")" = 1
ok hostile-notes-once test -z "$(sort "$tmp/err" | uniq -d)"
t hostile-json 0 "$S" probe "$tmp/h" --json
ok hostile-json-notes-once test "$(jq '[.notes[] | select(.file == "connectors/broken.json")] | length' "$tmp/out")" = 1
t hostile 0 "$S" probe "$tmp/h"
ok hostile-huge has "note: connectors/huge.json:1:1: file of 104857600 bytes is over the limit of 1048576 bytes; not read" "$tmp/err"
ok hostile-binary has "note: connectors/blob.json:1:1: binary file" "$tmp/err"
ok hostile-json has "note: connectors/broken.json:2:" "$tmp/err"
ok hostile-etc has "note: etc:1:1: symbolic link leads outside the project to /etc; not followed" "$tmp/err"
ok hostile-passwd has "note: connectors/passwd.json:1:1: symbolic link leads outside" "$tmp/err"
ok hostile-not-found has "anna: 0 verified, 0 contradicted, 21 not found" "$tmp/out"

# A control, direction or format character in a file name or a line never
# reaches the terminal: it is shown escaped.
# harmless FILE...: no ESC, BEL, U+202E, U+2067 or U+200B byte in them.
harmless() { ! LC_ALL=C grep -q -e $'\e' -e $'\a' -e $'\xe2\x80\xae' -e $'\xe2\x81\xa7' -e $'\xe2\x80\x8b' "$@"; }
ctl=$tmp/$(printf 'ctl\033[2J')
mkdir -p "$ctl"
printf 'UNION ALL \033[31mred\u202e\u200b\n' >"$ctl/$(printf 'job\033\u2067.py')"
t control 0 "$S" probe "$ctl"
ok control-project has 'ctl\x1b[2J' "$tmp/out"
ok control-clean harmless "$tmp/out"
ok control-shown has 'job\x1b\u2067.py:1: UNION ALL \x1b[31mred\u202e\u200b' "$tmp/out"

# The live probe against a stand-in Kafka Connect.
serve() { # serve NAME MODE [FILE]: starts the server, sets $port
	python3 "$SRC/tests/cli/connect_server.py" "$tmp/$1.port" "${@:2}" &
	pids+=($!)
	for _ in $(seq 200); do [ -s "$tmp/$1.port" ] && break; sleep 0.05; done
	port=$(cat "$tmp/$1.port")
}
serve running serve "$CAP/connect/running.json"
t live 0 "$S" probe --connect "http://127.0.0.1:$port/" "$CAP/good"
ok live-states has "connector mysql-outbox-connector: RUNNING, 1 of 1 task RUNNING" "$tmp/out"
ok live-evidence has "  connect:mysql-outbox-connector: database.server.id = 184054" "$tmp/out"
ok live-text-from-dir has "  flink/unified_orders.py:46: UNION ALL" "$tmp/out"
serve failing serve "$CAP/connect/failing.json"
t live-failing 1 "$S" probe --connect "http://127.0.0.1:$port" --json
ok live-failed-task test "$(jq -c '.connectors[] | select(.name == "mysql-outbox-connector") | [.state, .tasks, .tasks_running]' "$tmp/out")" = '["RUNNING",1,0]'
ok live-m8 test "$(jq -c '.results[] | select(.probe == "m8.server-name") | [.verdict, .file]' "$tmp/out")" = '["contradicted","connect:postgres-outbox-connector"]'
# A hostile server: its connectors' names, states and values reach no
# terminal, JSON, status or log able to drive a terminal, and can still be
# told apart (escaped).
export SELFGRADE_DB="$tmp/hostile.db"
t hostile-add 0 "$S" learner add anna
serve hostile hostile "$CAP/connect/running.json"
pwn='\x1b]0;PWNED\x07\x1b[2J'
t live-hostile 1 "$S" probe --connect "http://127.0.0.1:$port"
ok live-hostile-clean harmless "$tmp/out" "$tmp/err"
ok live-hostile-name has "connector ${pwn}mysql-outbox-connector\\u202eevil: RUNNING, 1 of 1 task RUNNING" "$tmp/out"
ok live-hostile-state has "connector ${pwn}postgres-outbox-connector\\u202eevil: FAILED\\x1b[2J\\u202e," "$tmp/out"
ok live-hostile-value has "  connect:${pwn}mysql-outbox-connector\\u202eevil: transforms.outbox.route.topic.replacement = outbox.event.mysql.\${routedByValue}\\x1b[2J\\u202e" "$tmp/out"
t live-hostile-json 1 "$S" probe --connect "http://127.0.0.1:$port" --json
jq -r '.. | strings' "$tmp/out" >"$tmp/strings"
ok live-hostile-json-clean harmless "$tmp/strings"
ok live-hostile-json-name has "${pwn}mysql-outbox-connector\\u202eevil" "$tmp/strings"
t live-hostile-status 0 "$S" status
ok live-hostile-status-clean harmless "$tmp/out"
ok live-hostile-status-name has "connect:${pwn}" "$tmp/out"
t live-hostile-status-json 0 "$S" status --json
jq -r '.. | strings' "$tmp/out" >"$tmp/strings"
ok live-hostile-status-json-clean harmless "$tmp/strings"
sqlite3 "$SELFGRADE_DB" "SELECT new FROM event WHERE field = 'evidence'" | jq -r '.file // empty, .value' >"$tmp/log"
ok live-hostile-log-clean harmless "$tmp/log"
ok live-hostile-log-name has "connect:${pwn}mysql-outbox-connector\\u202eevil" "$tmp/log"
ok live-hostile-log-raw test "$(sqlite3 "$SELFGRADE_DB" "SELECT count(*) FROM event WHERE instr(new, char(27)) OR instr(new, char(7)) OR instr(new, char(8238))")" = 0
# An answer that is no JSON is quoted in the message, escaped as well.
printf '\xe2\x80\xae\033[2J' >"$tmp/notjson.txt"
serve notjson serve "$tmp/notjson.txt"
t live-not-json 1 "$S" probe --connect "http://127.0.0.1:$port"
ok live-not-json-clean harmless "$tmp/out" "$tmp/err"
ok live-not-json-shown has "expected near '\u202e'" "$tmp/err"
export SELFGRADE_DB="$tmp/p.db"

# A port nobody listens on: refused at once.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
t refused 1 "$S" probe --connect "http://127.0.0.1:$port"
ok refused-msg has "selfgrade: --connect http://127.0.0.1:$port: Couldn't connect to server" "$tmp/err"
# A server that never answers: the timeout ends it.
serve silent silent
t silent 1 "$S" probe --connect "http://127.0.0.1:$port"
ok silent-msg has "Timeout was reached" "$tmp/err"
t not-http 1 "$S" probe --connect "file:///etc/passwd"
summary probe
