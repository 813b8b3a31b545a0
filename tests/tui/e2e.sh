#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The tutor end to end: the real binary in a real terminal (tmux), checked
# on the screen and in the database. A learner goes from an empty database
# to Exemplary with the keyboard alone; Cyrillic stays intact; toggles
# survive a restart and kill -9; resizes down to 1x1 do no harm; search
# finds a Russian word; the interface speaks Russian under ru_RU.UTF-8; the
# terminal is left as it was found.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/p.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT NO_COLOR
S=$SELFGRADE
E=(USER=alice LANG=C.UTF-8 "SELFGRADE_DB=$SELFGRADE_DB")
done_of() { "$S" --learner "${2:-alice}" status --json | jq -r --arg id "$1" '.states[] | select(.id == $id) | .done'; }
note_of() { "$S" --learner alice status --json | jq -r --arg id "$1" '.states[] | select(.id == $id) | .note'; }

# Terminals it cannot draw on: a clear error, exit 2.
start 80 24 "${E[@]}" TERM=dumb
ok dumb-exit test "$(wait_exit)" = 2
ok dumb-says wait_for "headless commands"
start 80 24 "${E[@]}" TERM=no-such-terminal
ok unknown-term-exit test "$(wait_exit)" = 2
ok unknown-term-says wait_for "unknown terminal type 'no-such-terminal'"

# First run: a welcome that says where the progress is kept and asks for
# the learner's name ($USER offered, not taken silently), then the pack in
# Russian, nothing done.
start 80 24 "${E[@]}"
ok welcome wait_for "Welcome to selfgrade"
ok welcome-says-where wait_for "$SELFGRADE_DB"
ok welcome-asks wait_for "Your name: alice"
ok nobody-yet test -z "$("$S" learner list 2>/dev/null)"
keys Enter
# Then, inside the tutor, a welcome: who, where, what the levels need,
# what the header counts, the keys that matter; Enter puts it away for
# good (remembered in the database), so later starts go straight in.
ok tutor-welcome wait_for "Welcome to selfgrade, alice."
ok tutor-welcome-where wait_for "Your progress is kept in $SELFGRADE_DB"
ok tutor-welcome-levels wait_for "• Meets Expectations Multi-Database"
ok tutor-welcome-count wait_for "12 checklist items, 3 mistakes"
ok tutor-welcome-keys wait_for "Space tick · Enter open · u undo · / search · ? help"
ok tutor-welcome-footer wait_for "Enter got it  Esc close for now"
keys Enter
ok tutor-welcome-gone wait_gone "Enter got it"
ok tutor-welcome-kept test "$(sqlite3 "$SELFGRADE_DB" "SELECT what FROM seen")" = welcome
ok first-screen wait_for "MySQL outbox table создана с аналогичной схемой PostgreSQL"
ok header-explained wait_for "The header counts these with the mistakes (3) and the"
ok badge-not-yet test "$(line 2 | cut -c1-10)" = " Not yet  "
ok learner-shown grep -q "alice *$" <(line 1)
ok critical-marked wait_for "schema.history.internal.kafka.topic уникален  CRITICAL"
ok learner-created test "$("$S" learner list)" = alice

# The walk to Meets Expectations, keys only. Rows: 0 the section, 1 outbox,
# 2 connector (3-5 its sub-items), 6 topic naming, 7 PyFlink (8-10),
# 11 monitoring, 12 trade-offs (13-15).
keys j Space
ok outbox-ticked wait_for "[x] MySQL outbox table"
ok outbox-stored test "$(done_of s8.mysql-outbox)" = true
keys j Space
ok parent-ticks-children wait_for "[x] schema.history.internal.kafka.topic"
# The topic naming scheme is left unticked: no criterion's words ask for it.
keys j j j j j Space
ok pyflink-ticked wait_for "[x] PyFlink consumer"
ok naming-unticked wait_for "[ ] Topic naming scheme"
ok still-not-yet test "$(line 2 | cut -c1-10)" = " Not yet  "
keys 3
ok rubric-screen wait_for "Meets Expectations Multi-Database  1/4 met"
keys G Space k Space k k Space
# The Rubric screen's own heading holds the level's title too: wait for the
# count, then the badge, so that score runs after the last attestation.
ok rubric-all-met wait_for "Meets Expectations Multi-Database  4/4 met"
ok badge-meets wait_for " Meets Expectations Multi-Database "
ok level-meets test "$("$S" --learner alice score --json | jq -r .level)" = meets

# Quit: saved, and the terminal as it was.
keys q
ok quit-exit test "$(wait_exit)" = 0
ok stty-restored cmp -s "$tmp/stty.before" "$tmp/stty.after"

# A restart shows the same; then on to Exemplary.
start 80 24 "${E[@]}"
ok restart-shows wait_for "[x] MySQL outbox table"
ok restart-badge wait_for " Meets Expectations Multi-Database "
# Exemplary asks for the monitoring item but no trade-off item: none of
# them is a diagram, which the learner attests on the Rubric screen.
keys j j j j j j j j j j j Space
ok monitoring-ticked wait_for "[x] Мониторинг"
keys 2
ok mistakes-screen wait_for "Shared Schema History Topic"
keys Space j Space j Space
ok mistakes-confirmed wait_for "[x] 9. Ignoring Connector-Specific Recovery"
ok recovery-table wait_for "Recovery Scenario │ PostgreSQL"
keys 3 g j Space j j j Space j Space
ok badge-exemplary wait_for " ★ Exemplary Multi-Database "
ok level-exemplary test "$("$S" --learner alice score --json | jq -r .level)" = exemplary
ok exemplary-without-naming-and-trade-offs test "$(done_of s8.topic-naming) $(done_of s8.trade-offs)" = "false false"

# u undoes the last change, from the event log; the badge follows.
keys u
ok undo-badge wait_for " Meets Expectations Multi-Database "
ok undo-stored test "$(done_of ex.failover-tested)" = false
keys Space
ok redo-badge wait_for " ★ Exemplary Multi-Database "

# kill -9 right after a toggle shows: the toggle was already stored.
keys 1 g j Space
ok untick-shows wait_for "[ ] MySQL outbox table"
kill -9 "$(app_pid)"
ok killed test "$(wait_exit)" = 137
ok kill-kept test "$(done_of s8.mysql-outbox)" = false
ok kill-integrity test "$(sqlite3 "$SELFGRADE_DB" 'PRAGMA integrity_check')" = ok

# The inline editor: Cyrillic typed, moved over and deleted by character.
start 80 24 "${E[@]}"
keys j e
ok note-prompt wait_for "Note:"
text "Проверено вручнуую"
keys Left Left BSpace Enter
ok note-saved wait_for "Note saved."
ok note-stored test "$(note_of s8.mysql-outbox)" = "Проверено вручную"
ok note-shown wait_for "Your note: Проверено вручную"

# A paste with a line break stays in the editor: its rest is not run as
# commands (the space after "and" would tick the row otherwise).
keys e C-u
text $'см. PR 12\rи конфиг'
keys Enter
ok paste-saved wait_for "Note saved."
ok paste-whole test "$(note_of s8.mysql-outbox)" = "см. PR 12 и конфиг"
ok paste-no-tick test "$(done_of s8.mysql-outbox)" = false

# Search finds a Russian word whatever its case, then n cycles.
keys /
text "СХЕМОЙ"
keys Enter
ok search-found wait_for "Match 1 of 1 for 'СХЕМОЙ'"
keys /
keys C-u
text "binlog"
keys Enter
ok search-across wait_for "for 'binlog'"
keys n n n
ok search-next wait_for "Match "

# Resizes, down to 1x1 and in a storm, then back: alive and whole.
keys 1
for size in 1x1 2x1 1x2 5x3 10x5 23x7 24x8 30x10 200x60 3x40 80x1 1x80 \
	40x12 2x2 120x40 24x7 1x1 30x10; do
	tm resize-window -x "${size%x*}" -y "${size#*x}"
done
for ((i = 0; i < 100; i++)); do
	tm resize-window -x $((1 + RANDOM % 160)) -y $((1 + RANDOM % 50))
done
tm resize-window -x 20 -y 6
ok too-small wait_for "Terminal too small"
tm resize-window -x 30 -y 10
ok small-works wait_for "selfgrade · Multi-Dat"
tm resize-window -x 80 -y 24
ok resize-back wait_for "MySQL outbox table создана с аналогичной схемой PostgreSQL"
ok alive-after-resizes test ! -f "$tmp/rc"

# Help, and the mouse: a click on a box toggles it; the wheel scrolls.
keys ?
ok help-shows wait_for "Keys (↑↓ scroll, any other key closes)"
ok help-more wait_for "↓──┘"
keys x
ok help-closes wait_gone "Keys (↑↓ scroll, any other key closes)"
keys g
# (Exemplary with entries left: the Checklist's notice takes row 3)
ok top-notice wait_for "Top level reached: the 5 entries left count in the %"
text $'\e[M $&\e[M#$&' # press and release at column 3, row 5: outbox's box
ok click-toggles wait_for "[x] MySQL outbox table"
ok click-stored test "$(done_of s8.mysql-outbox)" = true

# A click on a criterion's box attests it.
keys 3 g
ok rubric-again wait_for "Exemplary Multi-Database"
text $'\e[M &%\e[M#&%' # column 5, row 4: ex.connectors-stable's box
ok click-unattests wait_for "[ ] Оба коннектора работают стабильно"
text $'\e[M &%\e[M#&%'
ok click-attests wait_for "[x] Оба коннектора работают стабильно"
keys 1

# L switches or adds a learner.
keys L
ok picker wait_for "Learners (Enter picks, Esc closes)"
keys End Enter
text "Мария"
keys Enter
ok new-learner wait_for "Learner: Мария"
ok new-learner-empty test "$(line 2 | cut -c1-10)" = " Not yet  "

# SIGTERM: the terminal restored, exit 128 + 15 (everything was saved already).
kill -TERM "$(app_pid)"
rc=$(wait_exit)
ok sigterm-exit test "$rc" = 143
[ "$rc" = 143 ] || { echo "  exit status: $rc"; screen; tail -5 "$tmp/screen"; }
ok sigterm-stty cmp -s "$tmp/stty.before" "$tmp/stty.after"

# Russian: the interface follows the locale.
start 80 24 USER=alice LANG=ru_RU.UTF-8 "SELFGRADE_DB=$SELFGRADE_DB" -- --learner alice
ok ru-tabs wait_for "1 Чек-лист  2 Ошибки  3 Оценка  4 Таблицы  5 Выводы"
ok ru-footer wait_for "q выход"
keys ?
ok ru-help wait_for "Клавиши"
keys Escape /
text "схемой"
keys Enter
ok ru-search wait_for "Совпадение 1 из 1"
# At 30 columns the three keys that always stay fit whole, closer together.
keys Escape
tm resize-window -x 30 -y 10
ok ru-narrow-footer wait_for " u отменить ? справка q выход"
tm resize-window -x 80 -y 24
keys C-c
ok sigint-exit test "$(wait_exit)" = 130
ok sigint-stty cmp -s "$tmp/stty.before" "$tmp/stty.after"

# Colours follow the terminal; NO_COLOR and a monochrome vt100 get none.
colours() { tm capture-pane -p -e | grep -cE $'\e\\[([0-9]+;)*(3[0-7]|4[0-7]|38|48)(;[0-9]+)*m' || true; }
start 80 24 "${E[@]}" TERM=xterm-256color
wait_for "MySQL outbox" >/dev/null
ok has-colours test "$(colours)" -gt 0
start 80 24 "${E[@]}" NO_COLOR=1 TERM=xterm-256color
wait_for "MySQL outbox" >/dev/null
ok no-color test "$(colours)" -eq 0
start 80 24 "${E[@]}" TERM=vt100
ok vt100-draws wait_for "MySQL outbox table создана"
keys j Space
ok vt100-toggles wait_for "[ ] MySQL outbox table"
ok mono test "$(colours)" -eq 0
keys q
ok vt100-exit test "$(wait_exit)" = 0

# Study: a short session, its summary, the schedule kept; quitting in the
# middle loses nothing; `selfgrade study` opens the screen directly.
export SELFGRADE_DB="$tmp/study.db"
E=(USER=alice LANG=C.UTF-8 "SELFGRADE_DB=$SELFGRADE_DB")
start 80 24 "${E[@]}"
wait_for "Your name" >/dev/null
keys Enter
wait_for "got it" >/dev/null
keys Escape # for now: it shows again at the next start
ok study-app wait_for "MySQL outbox"
keys 6
ok study-intro wait_for "10 cards due now, 10 of them new"
keys Space
ok study-card wait_for "Which mistake shows these symptoms?"
# While a card is up the footer has the session's keys, and a digit
# before the answer stays on the card (2 would show the answer).
ok study-footer wait_for " Space answer  Esc stop"
keys 2
ok study-digit-early wait_for "Space shows the answer first."
ok study-digit-stays wait_for "Which mistake shows these symptoms?"
keys Space
ok study-footer-grades wait_for " 1 again 10 min  2 hard 1 d  3 good 1 d  4 easy 4 d"
ok study-answer wait_for "7. Shared Schema History Topic"
keys 3
ok study-next wait_for "How is it fixed, and how is it prevented?"
keys Space 1
ok study-third wait_for "2/10, 1 to repeat"
keys Escape
ok study-summary wait_for "Cards seen: 2. Right on the first try: 1."
ok study-kept test "$(sqlite3 "$SELFGRADE_DB" 'SELECT count(*) FROM study_card')" = 2
ok study-session-kept test "$(sqlite3 "$SELFGRADE_DB" 'SELECT cards || "/" || first_try FROM study_session')" = 2/1
keys Space
ok study-again wait_for "Which mistake shows these symptoms?"
keys Space 4
# Killed once the answer is reported (saved before the next card shows):
# under a sanitizer the keys may still be on their way.
for ((i = 0; i < 200; i++)); do
	[ "$(sqlite3 "$SELFGRADE_DB" 'SELECT count(*) FROM study_card' 2>/dev/null)" = 3 ] && break
	sleep 0.05
done
kill -9 "$(app_pid)"
ok study-killed test "$(wait_exit)" = 137
ok study-answer-kept test "$(sqlite3 "$SELFGRADE_DB" 'SELECT count(*) FROM study_card')" = 3
ok study-due-json test "$("$S" --learner alice study --due --json | jq '.due | length')" = 7
start 80 24 "${E[@]}" -- study
ok study-welcome-again wait_for "Enter got it"
keys Enter
ok study-direct wait_for "7 cards due now, 7 of them new"
keys q
ok study-quit test "$(wait_exit)" = 0

# History, redo, H and ] on a learner of their own. The header's count
# and the Checklist's notice: every item ticked from the command line,
# what is left lives on the Mistakes and Rubric screens.
export SELFGRADE_DB="$tmp/nav.db"
E=(USER=bob LANG=C.UTF-8 TZ=UTC "SELFGRADE_DB=$SELFGRADE_DB")
"$S" learner add bob >/dev/null
sqlite3 "$SELFGRADE_DB" "INSERT INTO seen SELECT id, 'welcome', 'x' FROM learner"
start 80 24 "${E[@]}"
ok nav-up wait_for "MySQL outbox"
# an empty History says what it will list (it was a blank screen)
keys 7
ok history-empty wait_for "No changes yet: what you tick"
keys 1
ok nav-back wait_for "MySQL outbox"
keys j Space
ok nav-ticked wait_for "[x] MySQL outbox table"
keys u
ok nav-undone wait_for "Undone, now not ticked: 'MySQL outbox table"
keys U
ok nav-redone wait_for "Redone, now ticked: 'MySQL outbox table"
ok nav-redo-stored test "$(done_of s8.mysql-outbox bob)" = true
keys u C-r
ok nav-ctrl-r wait_for "Redone, now ticked: 'MySQL outbox table"
keys 7
ok history-tab wait_for " 7 History"
ok history-redone wait_for "redone         MySQL outbox table"
ok history-undone wait_for "↶ "
ok history-ticked wait_for "ticked         MySQL outbox table"
ok history-newest-first grep -q "redone" <(sed -n 4p "$tmp/screen")
keys u
ok history-undo-msg wait_for "Undone, now not ticked: 'MySQL outbox table"
ok history-undo-stays grep -q "undone         MySQL outbox table" <(sed -n 4p "$tmp/screen")
ok history-undo-stored test "$(done_of s8.mysql-outbox bob)" = false
# the CLI's undo sees the tutor's redo as a step: it undoes it again
keys U
ok history-redo-again wait_for "Redone, now ticked: 'MySQL outbox table"
"$S" --learner bob undo >/dev/null
ok cli-undo-after-redo test "$(done_of s8.mysql-outbox bob)" = false
keys 1 g H
ok hide-said wait_for "Done rows hidden: H shows them again."
keys j
ok hide-footer wait_for "H show done"
keys q
ok nav-quit test "$(wait_exit)" = 0

"$S" --learner bob check s8.mysql-outbox s8.mysql-connector s8.topic-naming \
	s8.pyflink s8.monitoring s8.trade-offs >/dev/null
start 80 24 "${E[@]}"
ok notice wait_for "All items ticked. Left: mistakes 3 (screen 2), attestations 6 (screen 3)."
keys ? NPage NPage NPage
ok help-legend wait_for "The header's count"
keys q q
ok notice-quit test "$(wait_exit)" = 0

# 60 columns in Russian: every tab keeps a name, CRITICAL shortens
# readably, the footer keeps undo.
start 60 18 "${E[@]}" LANG=ru_RU.UTF-8
ok narrow-tabs wait_for " 1 Чек-лист  2 Ош  3 Оцен  4 Табл  5 Выв  6 Повт  7 Ист"
ok narrow-crit wait_for "  КРИТ"
ok narrow-undo grep -q " u отменить" <(line 18)
keys 2
ok narrow-tabs-2 wait_for " 1 Чек  2 Ошибки  3 Оцен"
keys q
ok narrow-quit test "$(wait_exit)" = 0
start 60 18 "${E[@]}"
ok narrow-en-tabs wait_for " 1 Checklist  2 Mist  3 Rubr  4 Ref  5 Take  6 Drill  7 Hist"
ok narrow-en-crit wait_for "  CRIT"
ok narrow-en-undo grep -q " u undo" <(line 18)
keys q

summary tui.e2e
