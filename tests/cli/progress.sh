#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The progress commands on a real database: a learner's walk from nothing
# to Exemplary, stale and orphaned states, and every bad input leaving the
# database as it was.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/p.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
level() { "$S" score --json | jq -r .level; }
# The database's content, whatever SQLite keeps in -wal: for "untouched".
snapshot() { sqlite3 "$1" .dump 2>/dev/null | sha256sum; cat "$1" "$1-wal" 2>/dev/null | sha256sum; }

t no-learner 1 "$S" score
ok no-learner-msg has "learner add" "$tmp/err"
t add 0 "$S" learner add "Анна Петрова"
t add-twice 1 "$S" learner add "Анна Петрова"
t add-empty 1 "$S" learner add ""
t add-long 1 "$S" learner add "$(head -c 300 /dev/zero | tr '\0' x)"
t add-control 1 "$S" learner add "$(printf 'a\tb')"
t learner-usage 2 "$S" learner rename x
t list 0 "$S" learner list
ok list-shows has "Анна Петрова" "$tmp/out"
ok db-mode test "$(stat -c %a "$SELFGRADE_DB")" = 600

# The walk: not-yet -> meets -> exemplary, each step explained.
t score-empty 0 "$S" score
ok explains-critical has "CRITICAL: selfgrade check s8.mysql-connector.schema-history-topic" "$tmp/out"
ok level-not-yet test "$(level)" = not-yet
t check-meets 0 "$S" check s8.mysql-outbox s8.mysql-connector s8.topic-naming \
	s8.pyflink.two-sources s8.pyflink.union-all me.connectors-running \
	me.basic-monitoring me.docs-mention
ok check-reports-level has "level: Meets Expectations Multi-Database" "$tmp/out"
ok level-meets test "$(level)" = meets
"$S" score --json >"$tmp/score.json"
ok next-is-exemplary test "$(jq -r .next_level "$tmp/score.json")" = exemplary
ok names-missing test "$(jq -c '[.criteria[] | select(.id == "ex.failover-tested") | .missing, .needs_attestation]' "$tmp/score.json")" = '[["m9"],true]'
t check-exemplary 0 "$S" check s8.pyflink s8.monitoring s8.trade-offs m7 m8 m9 \
	ex.connectors-stable ex.architecture-diagram ex.failover-tested
ok level-exemplary test "$(level)" = exemplary
t uncheck-critical 0 "$S" uncheck s8.mysql-connector.schema-history-topic
ok critical-drops-all test "$(level)" = not-yet
t recheck 0 "$S" check s8.mysql-connector.schema-history-topic
ok back-to-exemplary test "$(level)" = exemplary

t note 0 "$S" note s8.mysql-outbox 'DDL: `outbox.sql`, "payload" JSON; <b>'
t status-json 0 "$S" status --json
ok status-note test "$(jq -r '.states[] | select(.id == "s8.mysql-outbox") | .note' "$tmp/out")" = 'DDL: `outbox.sql`, "payload" JSON; <b>'
ok status-kinds test "$(jq -c '[.states[].kind] | unique' "$tmp/out")" = '["criterion","item","mistake"]'
t note-clear 0 "$S" note s8.mysql-outbox ""

# Bad input: a clear error, exit 1, the database untouched.
before=$(snapshot "$SELFGRADE_DB")
t unknown-id 1 "$S" check s8.mysql-outbox s8.nope
ok unknown-id-msg has "unknown id 's8.nope'" "$tmp/err"
t not-checkable 1 "$S" check t.recovery
t not-attestable 1 "$S" check ex.pyflink-both-streams
t unknown-learner 1 "$S" --learner nobody score
ok unknown-learner-msg has "no learner named 'nobody'" "$tmp/err"
t empty-learner 1 "$S" --learner "" check m7
head -c 100000 /dev/zero | tr '\0' 'z' >"$tmp/big"
t huge-note 1 "$S" note m7 "$(cat "$tmp/big")"
ok huge-note-msg has "a note is at most" "$tmp/err"
t bad-utf8-note 1 "$S" note m7 "$(printf 'bad \xff')"
t note-usage 2 "$S" note m7
t check-usage 2 "$S" check
ok untouched-by-bad-input test "$before" = "$(snapshot "$SELFGRADE_DB")"

# Several learners: say which.
t add-second 0 "$S" learner add bob
t ambiguous 1 "$S" score
ok ambiguous-msg has "--learner" "$tmp/err"
SELFGRADE_LEARNER=bob t env-learner 0 "$S" score --json
ok env-learner-used test "$(jq -r .learner "$tmp/out")" = bob

# The pack changes under a learner: stale and orphaned states.
cp -r "$SRC/checklists/multi-database" "$tmp/pack"
sed -i 's/создана с аналогичной схемой PostgreSQL/создана со схемой как в PostgreSQL/; s/Две Kafka source таблицы (PostgreSQL + MySQL)/Две Kafka source таблицы: PostgreSQL и MySQL/; /id: s8.monitoring$/,/Grafana dashboard/d' "$tmp/pack/checklist.yaml"
perl -0pi -e 's/requires:\n\s+- s8\.monitoring #[^\n]*/attest: true/' "$tmp/pack/rubric.yaml"
# Probes name the items they are for: the removed item's go with it.
rm "$tmp/pack/probes.yaml"
t changed-pack-valid 0 "$S" --content "$tmp/pack" validate
t stale 0 "$S" --content "$tmp/pack" --learner "Анна Петрова" status --json
ok stale-shown test "$(jq -c '.states[] | select(.id == "s8.mysql-outbox") | [.done, .stale]' "$tmp/out")" = '[false,true]'
ok orphan-kept test "$(jq -c '[.orphans[].id]' "$tmp/out")" = '["s8.monitoring"]'
t stale-score 0 "$S" --content "$tmp/pack" --learner "Анна Петрова" score
# A stale tick a criterion requires is named in the explanation.
ok stale-explained has "check s8.pyflink.two-sources (stale: confirm again)" "$tmp/out"
t reconfirm 0 "$S" --content "$tmp/pack" --learner "Анна Петрова" check s8.mysql-outbox
t stale-gone 0 "$S" --content "$tmp/pack" --learner "Анна Петрова" status --json
ok reconfirmed test "$(jq -c '.states[] | select(.id == "s8.mysql-outbox") | [.done, .stale]' "$tmp/out")" = '[true,false]'

t remove 0 "$S" learner remove bob
t remove-unknown 1 "$S" learner remove bob

# Bad databases: refused with a clear message, nothing modified.
refused() { # NAME FILE MESSAGE
	local b
	b=$(sha256sum <"$2")
	t "$1" 1 "$S" --db "$2" learner list
	ok "$1-msg" has "$3" "$tmp/err"
	ok "$1-untouched" test "$b" = "$(sha256sum <"$2")"
	ok "$1-one-line" test "$(wc -l <"$tmp/err")" -eq 1
}
head -c 4096 /dev/urandom >"$tmp/garbage.db"
refused not-sqlite "$tmp/garbage.db" "not a SQLite database"
sqlite3 "$tmp/other.db" "CREATE TABLE accounts (id); PRAGMA user_version = 3"
refused foreign "$tmp/other.db" "not a selfgrade database"
cp "$SELFGRADE_DB" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "PRAGMA user_version = 99"
refused newer "$tmp/newer.db" "made by a newer selfgrade"
t db-is-folder 1 "$S" --db "$tmp" learner list

# Locked: another program holds an exclusive lock past the busy timeout.
cp "$SELFGRADE_DB" "$tmp/locked.db"
sqlite3 "$tmp/locked.db" "PRAGMA journal_mode = DELETE" >/dev/null
(printf 'PRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\nSELECT 1;\n'; sleep 15) | sqlite3 "$tmp/locked.db" >/dev/null &
locker=$!
sleep 1
t locked 1 "$S" --db "$tmp/locked.db" --learner bob score
ok locked-msg has "locked by another program" "$tmp/err"
kill "$locker" 2>/dev/null; wait "$locker" 2>/dev/null

# Read-only: a file this user may read but not write. Root writes through
# any mode, so as root the commands run as nobody.
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
# nobody may not reach the build tree: it gets its own copies.
mkdir "$tmp/ro" && chmod 0755 "$tmp" "$tmp/ro"
cp "$S" "$tmp/ro/selfgrade" && cp -r "$SRC/checklists/multi-database" "$tmp/ro/pack"
chmod -R a+rX "$tmp/ro"
ro=("$tmp/ro/selfgrade" --content "$tmp/ro/pack" --db "$tmp/ro/ro.db" --learner "Анна Петрова")
cp "$SELFGRADE_DB" "$tmp/ro/ro.db"
sqlite3 "$tmp/ro/ro.db" "PRAGMA journal_mode = DELETE" >/dev/null
chmod 0444 "$tmp/ro/ro.db"
before=$(sha256sum <"$tmp/ro/ro.db")
t read-only-read 0 "${as_user[@]}" "${ro[@]}" score
t read-only-write 1 "${as_user[@]}" "${ro[@]}" uncheck m7
ok read-only-msg has "the database is read-only" "$tmp/err"
ok read-only-untouched test "$before" = "$(sha256sum <"$tmp/ro/ro.db")"
sqlite3 "$SELFGRADE_DB" "PRAGMA integrity_check" >"$tmp/ic"
ok integrity has "ok" "$tmp/ic"

summary progress
