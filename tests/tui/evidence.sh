#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Evidence decides, in the tutor (a real terminal, 80x24): a learner whose
# project breaks the CRITICAL rule is Not yet in the header; the row is
# [!], its folded parent too; the details give the evidence right under
# State, above the fold; the Rubric's Exemplary row does not say
# "Reached."; D disputes the contradiction and the level comes back; P
# after the project is fixed counts the tick again.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/p.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT NO_COLOR
S=$SELFGRADE
E=(USER=ann LANG=C.UTF-8 "SELFGRADE_DB=$SELFGRADE_DB")
CAP=$SRC/tests/data/capstone
"$S" learner add ann >/dev/null
mapfile -t all < <(checkables)
"$S" check "${all[@]}" >/dev/null
cp -r "$CAP/m7" "$tmp/project"
"$S" probe "$tmp/project" >/dev/null

start 80 24 "${E[@]}"
ok welcome wait_for "Welcome to selfgrade"
keys Enter
ok header-not-yet wait_for " Not yet "
ok no-badge test "$(grep -c '★ Exemplary' "$tmp/screen")" = 0
keys / ; keys -l 'schema-history-topic'; keys Enter
ok row-contradicted wait_for "[!] schema.history.internal.kafka.topic уникален"
ok parent-contradicted wait_for "[!] MySQL connector настроен"
ok state-line wait_for "State: ticked, but your project contradicts it: not counted"
# Right under State, above the fold: the evidence and what to do.
ok evidence-under-state grep -A1 -F "State: ticked, but your project" "$tmp/screen" | grep -qF "Evidence: contradicted: connectors/mysql-outbox.json:15"
ok what-to-do wait_for "press P, or D to dispute it"
# Folded, the parent still shows it.
keys h; keys h
ok folded-parent wait_for "▸ [!] MySQL connector"
# The Rubric: Meets' own criteria are all met, but it is not reached, and
# its details say why rather than "Reached.".
keys 3
ok rubric wait_for "Exemplary Multi-Database"
keys g; keys j j j j j j
ok rubric-meets-row wait_for "Meets Expectations Multi-Database"
ok rubric-says-why wait_for "All 4 criteria met, but a CRITICAL item is not"
ok rubric-never-reached test "$(grep -c 'Reached\.' "$tmp/screen")" = 0
ok rubric-meets-not-ticked grep -qF "✗ Meets Expectations Multi-Database  4/4 met" "$tmp/screen"
# D on the CRITICAL item: the dispute editor; the level comes back (m7 is
# still contradicted by a probe of its own: Meets Expectations).
keys 1; keys / ; keys -l 'schema-history-topic'; keys Enter
ok back-on-row wait_for "[!] schema.history.internal.kafka.topic"
keys D
ok dispute-editor wait_for "Why the probe is wrong:"
keys -l 'the same connector, re-registered'; keys Enter
ok dispute-saved wait_for "Level: Meets Expectations Multi-Database. Dispute saved"
ok dispute-shown wait_for "Your dispute (it counts): the same connector, re-registered"
ok dispute-stored test "$("$S" status --json | jq -r '.states[] | select(.id == "s8.mysql-connector.schema-history-topic") | .state')" = disputed
# The project fixed, P: verified, no dispute needed, Exemplary.
rm -rf "$tmp/project"; cp -r "$CAP/good" "$tmp/project"
keys P
ok probes-ran wait_for "Probes: 21 verified"
ok exemplary wait_for "★ Exemplary"
keys q
ok exit-0 test "$(wait_exit)" = 0

# At 30x10 a search's two-line message does not cover the row it found.
start 30 10 "${E[@]}"
keys / ; keys -l 'schema-history-topic'; keys Enter
ok narrow-match-said wait_for "Match 1 of 1"
ok narrow-row-shown wait_for "schema.history"
keys q
ok narrow-exit-0 test "$(wait_exit)" = 0

# A changed pack (issue 30, obs. 14): the start says how many ticks went
# stale and where, rather than leaving a lower level unexplained.
cp -r "$SRC/checklists/multi-database" "$tmp/pack"
sed -i 's/MySQL outbox содержит `id`/MySQL outbox содержит колонки `id`/' "$tmp/pack/checklist.yaml"
start 80 24 "${E[@]}" "SELFGRADE_CONTENT=$tmp/pack"
ok stale-said wait_for "The course content changed: 1 tick is stale [~] (s8.mysql-outbox)"
keys q
ok stale-exit-0 test "$(wait_exit)" = 0
summary tui-evidence
