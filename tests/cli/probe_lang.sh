#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The probes' evidence texts come from the message catalogue: under ru_RU
# `probe`, and `status` reading the evidence stored in the log, show them
# in Russian (stored as shown: doc/probes.md). A not-applicable verdict is
# shown as such and counts neither for nor against a tick.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/p.db"
S=$SELFGRADE
CAP=$SRC/tests/data/capstone
PRJ=$SRC/tests/data/projects
RU=(env LANG=ru_RU.UTF-8)
not() { ! "$@"; }

t add 0 "$S" learner add anna
t ru-bad 1 "${RU[@]}" "$S" probe "$CAP/bad-server-id"
ok ru-same-as grep -qF "database.server.id = 1, то же, что в docker-compose.yml:11" "$tmp/out"
ok ru-no-english not grep -qE "the same as|and in the other|connectors setting|lines match|mermaid diagram naming" "$tmp/out"
t ru-good 0 "${RU[@]}" "$S" probe "$CAP/good"
ok ru-others grep -qF "(и в остальных коннекторах)" "$tmp/out"
ok ru-differ grep -qF "значения у 2 коннекторов, задающих это, различаются" "$tmp/out"
ok ru-lines grep -qF "(подходят 2 строки)" "$tmp/out"
ok ru-mermaid grep -qF "диаграмма mermaid, где названы PostgreSQL, MySQL" "$tmp/out"
ok ru-no-english-good not grep -qE "the same as|and in the other|connectors setting|lines match|mermaid diagram naming" "$tmp/out"
t ru-status 0 "${RU[@]}" "$S" status
ok ru-status-evidence grep -qF "диаграмма mermaid, где названы PostgreSQL, MySQL" "$tmp/out"
t ru-java 0 "${RU[@]}" "$S" probe "$PRJ/java-job"
ok ru-java-job grep -qF "(найдено в задании на Java; ожидается PyFlink)" "$tmp/out"

# A PostgreSQL-only project: the MySQL probes are not applicable.
t pg-only 0 "$S" probe "$PRJ/pg-only"
ok na-line grep -qF "not applicable: mysql.server-id.range (for s8.mysql-connector.server-id)" "$tmp/out"
ok na-summary grep -qE "^anna: [0-9]+ verified, 0 contradicted, [0-9]+ not found, 12 not applicable$" "$tmp/out"
t pg-only-ru 0 "${RU[@]}" "$S" probe "$PRJ/pg-only"
ok na-ru grep -qF "неприменимо: mysql.server-id.range" "$tmp/out"
t tick 0 "$S" check s8.mysql-connector.server-id
t score 0 "$S" score --json
ok na-not-backed test "$(jq -c '[.. | objects | select(has("backed")) | (.backed + .contradicted)[]] | map(select(. == "s8.mysql-connector.server-id")) | length' "$tmp/out")" = 0
t status-json 0 "$S" status --json
ok na-stored test "$(jq -r '.states[] | select(.id == "s8.mysql-connector.server-id") | .evidence.verdict' "$tmp/out")" = "not applicable"
t status-na 0 "$S" status
ok na-no-warning not grep -qF "contradicts it: s8.mysql-connector.server-id" "$tmp/out"

summary probe-lang
