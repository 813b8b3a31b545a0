#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds data/demo/cohort.json, a small cohort for trying the reports, with
# selfgrade's own commands: six learners at different levels, with notes,
# an undo, a stale-free history. Run it again after the pack changes (the
# test suite checks that the file still verifies against the pack).
# Usage: data/demo/make-cohort.sh [SELFGRADE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
S=${1:-$here/../../build/selfgrade}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SELFGRADE_DB="$tmp/demo.db" SELFGRADE_CONTENT="$here/../../checklists/multi-database"
as() { local who=$1; shift; "$S" --learner "$who" "$@" >/dev/null; }

for who in "Анна Петрова" "Борис Смирнов" "Chen Wei" "Dana Levi" "Emeka Obi" "Фёдор Иванов"; do
	"$S" learner add "$who" >/dev/null
done
meets=(s8.mysql-outbox s8.mysql-connector s8.topic-naming s8.pyflink.two-sources
	s8.pyflink.union-all me.connectors-running me.basic-monitoring me.docs-mention)
exemplary=(s8.pyflink.source-database s8.monitoring s8.trade-offs m7 m8 m9
	ex.connectors-stable ex.architecture-diagram ex.failover-tested)

# Анна: Exemplary, step by step, with evidence.
as "Анна Петрова" check s8.mysql-outbox
as "Анна Петрова" note s8.mysql-outbox "DDL: mysql/outbox.sql, payload JSON"
as "Анна Петрова" check s8.mysql-connector
as "Анна Петрова" note s8.mysql-connector.server-id "database.server.id = 184054"
as "Анна Петрова" check "${meets[@]}"
as "Анна Петрова" check "${exemplary[@]}"
as "Анна Петрова" note ex.failover-tested "Остановили PostgreSQL на 10 минут: MySQL-поток не прервался"
# Борис: Meets Expectations, one undo on the way.
as "Борис Смирнов" check "${meets[@]}"
as "Борис Смирнов" check m7
as "Борис Смирнов" undo
as "Борис Смирнов" note me.basic-monitoring "Grafana: lag обоих коннекторов"
# Chen: nearly Meets — the CRITICAL schema-history item is missing.
as "Chen Wei" check s8.mysql-outbox s8.mysql-connector.server-id \
	s8.mysql-connector.server-name s8.topic-naming s8.pyflink.two-sources \
	s8.pyflink.union-all me.connectors-running me.basic-monitoring me.docs-mention
# Dana: Meets, most of Exemplary, no failover test yet.
as "Dana Levi" check "${meets[@]}" s8.pyflink.source-database s8.monitoring m7 m8
# Emeka: just started.
as "Emeka Obi" check s8.mysql-outbox
as "Emeka Obi" note s8.mysql-outbox "WIP: outbox table in review"
# Фёдор: not started.

"$S" export --all --format json -o "$tmp/cohort.json"
mv "$tmp/cohort.json" "$here/cohort.json"
echo "wrote $here/cohort.json"
