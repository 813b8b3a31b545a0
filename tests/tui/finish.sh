#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The tutor's rough edges, one section per observation of the learner's
# walk (issue 30), in English and in Russian: the footer's messages whole,
# its keys only those that act, help paged without skipping, undo and
# History saying what changed.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
# answer_until TEXT N: study cards (Space, then 4: easy) until the
# screen shows TEXT, at most N.
answer_until() {
	local i
	for ((i = 0; i < $2; i++)); do
		screen
		grep -qF -- "$1" "$tmp/screen" && break
		keys Space
		wait_for "How well did you know it?" >/dev/null
		keys 4
		sleep 0.2
	done
}
unset SELFGRADE_LEARNER SELFGRADE_CONTENT NO_COLOR
S=$SELFGRADE
export TZ=UTC

# fresh NAME: a database of its own with learner bob, welcome seen.
fresh() {
	export SELFGRADE_DB="$tmp/$1.db"
	"$S" learner add bob >/dev/null
	sqlite3 "$SELFGRADE_DB" "INSERT INTO seen SELECT id, 'welcome', 'x' FROM learner"
}
EN=(LANG=C.UTF-8 NO_COLOR=1)
RU=(LANG=ru_RU.UTF-8 NO_COLOR=1)
# The bottom two lines as one text, blanks at the ends gone.
footer2() { screen; sed -n "$(($(wc -l <"$tmp/screen") - 1)),\$p" "$tmp/screen" | sed 's/ *$//' | paste -sd' ' | sed 's/^ *//'; }
# The bottom line.
footer() { screen; tail -1 "$tmp/screen"; }

# ---- 1. A footer message is whole: the new state or level first, a
# second line before any cut, never a cut inside a word.
for lang in en ru; do
	if [ $lang = en ]; then L=("${EN[@]}"); else L=("${RU[@]}"); fi
	fresh "msg-$lang"
	"$S" --learner bob check s8.mysql-outbox s8.mysql-connector s8.pyflink >/dev/null
	start 80 24 "${L[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
	ok "msg-$lang-up" wait_for "MySQL outbox"
	# Meets Expectations by attesting its three criteria, then undo.
	keys 3 G Space k Space k k Space
	ok "msg-$lang-meets" wait_for " Meets Expectations Multi-Database "
	keys u
	if [ $lang = en ]; then
		ok msg-en-undo-level-first wait_for "Level: Not yet. Undone, now not attested:"
		ok msg-en-undo-whole grep -qF "Level: Not yet. Undone, now not attested: 'Оба коннектора deployed и RUNNING'." <(footer2)
	else
		ok msg-ru-undo-level-first wait_for "Уровень: Пока нет. Отменено, теперь не подтверждено:"
		ok msg-ru-undo-whole grep -qF "Уровень: Пока нет. Отменено, теперь не подтверждено: «Оба коннектора deployed и RUNNING»." <(footer2)
	fi
	# No line of the footer ends in a cut word.
	ok "msg-$lang-no-ellipsis" bash -c "! grep -q '…\$' <(tail -2 '$tmp/screen' | sed 's/ *\$//')"
	# Enter on a criterion not met: where to go, and the way back, whole.
	keys g j Enter
	if [ $lang = en ]; then
		ok msg-en-needed wait_for "Still needed:"
		ok msg-en-needed-whole grep -qF "(3: back to the Rubric)." <(footer2)
	else
		ok msg-ru-needed wait_for "Ещё нужно:"
		ok msg-ru-needed-whole grep -qF "(3 — обратно к оценке)." <(footer2)
	fi
	keys q
	ok "msg-$lang-quit" test "$(wait_exit)" = 0
done

# ---- 11. The footer lists only the keys that act on the current row.
fresh keys
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok keys-up wait_for "MySQL outbox"
keys j
ok keys-leaf-tick wait_for " Space tick"
ok keys-leaf-no-enter bash -c "! grep -q 'Enter open' <(tail -1 '$tmp/screen')"
ok keys-nothing-to-redo bash -c "! grep -q 'U redo' <(tail -1 '$tmp/screen')"
ok keys-nothing-to-undo bash -c "! grep -q 'u undo' <(tail -1 '$tmp/screen')"
keys g
ok keys-section-open wait_for "Enter close"
ok keys-section-no-tick bash -c "! grep -q 'Space tick' <(tail -1 '$tmp/screen')"
keys j Space
ok keys-undo-after-change wait_for " u undo"
keys u k
ok keys-redo-after-undo wait_for "U redo"
# The Rubric: a level row takes no attestation, an attested criterion does.
keys 3 g
ok keys-rubric wait_for "Exemplary Multi-Database  0/5 met"
ok keys-level-no-attest bash -c "! grep -q 'Space attest' <(tail -1 '$tmp/screen')"
keys j
ok keys-criterion-attest wait_for "Space attest"
ok keys-criterion-needs grep -q "Enter what it needs" <(footer)
keys q
ok keys-quit test "$(wait_exit)" = 0

# ---- 3. Help pages by lines and skips none; its legend has [!].
# The help's lines as a tall terminal shows them all, against those the
# pages of a 24-line one show one after another.
helplines() { screen; grep '│' "$tmp/screen" | sed 's/^[^│]*│//; s/│.*$//; s/ *$//' | grep -v '^ *$'; }
for lang in en ru; do
	if [ $lang = en ]; then L=("${EN[@]}"); else L=("${RU[@]}"); fi
	start 80 80 "${L[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
	ok "help-$lang-up" wait_for "MySQL outbox"
	keys '?'
	ok "help-$lang-open" wait_for "[!]"
	helplines >"$tmp/help.all"
	keys q
	wait_exit >/dev/null
	start 80 24 "${L[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
	ok "help-$lang-up24" wait_for "MySQL outbox"
	keys '?'
	: >"$tmp/help.paged"
	for _ in 1 2 3 4 5 6; do
		sleep 0.3
		helplines >>"$tmp/help.paged"
		keys PageDown
	done
	missing=$(grep -vxFf "$tmp/help.paged" "$tmp/help.all" | head -3)
	ok "help-$lang-no-line-skipped" test -z "$missing"
	[ -n "$missing" ] && echo "  skipped: $missing"
	ok "help-$lang-legend-contradicted" grep -qF "[!]" "$tmp/help.all"
	keys Escape q
	wait_exit >/dev/null
done

# ---- 6. Undo and History say what changed; a change back in force is
# not dimmed; Russian History tells a mistake avoided from an attestation.
fresh hist
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok hist-up wait_for "MySQL outbox"
keys j Space
ok hist-ticked wait_for "[x] MySQL outbox table"
keys u
ok hist-undo-says-state wait_for "Undone, now not ticked: 'MySQL outbox table"
keys U
ok hist-redo-says-state wait_for "Redone, now ticked: 'MySQL outbox table"
# u u U: the tick taken back, the undo redone: the tick in force again.
keys u j Space
ok hist-second wait_for "[x] MySQL connector"
keys u u U
ok hist-redone-again wait_for "Redone, now ticked"
keys 7
ok hist-screen wait_for " 7 History"
screen
ok hist-in-force-not-dimmed grep -qE "^   [0-9-]+ [0-9:]+  ticked( \+[0-9]+)? +MySQL connector" "$tmp/screen"
# An undo's details say the state it left.
keys g j
ok hist-undo-details wait_for "After it: not ticked."
keys q
ok hist-quit test "$(wait_exit)" = 0
"$S" --learner bob check m7 >/dev/null
"$S" --learner bob check ex.failover-tested >/dev/null
start 80 24 "${RU[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok hist-ru-up wait_for "MySQL outbox"
keys 7
ok hist-ru-attested wait_for "подтверждено   Tested: failover"
ok hist-ru-mistake wait_for "избежана       Shared Schema History Topic"
keys q
ok hist-ru-quit test "$(wait_exit)" = 0

# ---- 15. The study time is the session's own, never negative: a second
# Space after a session (nothing due) once showed minus decades.
fresh time
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok time-up wait_for "MySQL outbox"
keys 6 Space
ok time-first-card wait_for "Space shows the answer"
answer_until "Session over." 30
ok time-session-over wait_for "Session over."
ok time-first-sane grep -qE "Time: [0-9]+ min [0-9]+ s\." "$tmp/screen"
keys Space
sleep 0.5
ok time-again-sane wait_for "Time: 0 min 0 s."
ok time-never-negative bash -c "! grep -q 'Time: -' '$tmp/screen'"
keys q
ok time-quit test "$(wait_exit)" = 0
# Nothing due now (every card asked was easy, the day's new ones spent):
# study --due says when the next card is (for 10.).
t anki-due-none 0 "$S" --learner bob study --due
ok anki-due-none-listed grep -q "0 cards due now" "$tmp/out"
ok anki-due-says-next grep -q "^Next card due: " "$tmp/out"
t anki-due-json 0 "$S" --learner bob study --due --json
ok anki-due-json-next test "$(jq -r '.next_due | type' "$tmp/out")" = string

# ---- 10. Study as in Anki: "again" does not raise the session's total;
# the grade keys say when the card comes back, as the scheduler then
# stores it; study --due with nothing due says when the next card is.
# minutes_stored: the newest answered card's interval in minutes.
minutes_stored() {
	sqlite3 "$SELFGRADE_DB" "SELECT CAST(round((julianday(due) - julianday(last_at)) * 1440) AS INTEGER)
	                         FROM study_card ORDER BY updated_at DESC LIMIT 1"
}
# label GRADE: the interval the footer shows for grade GRADE ("3 good 6 d").
label() { grep -oE "$1 [a-z]+ [0-9.]+ (min|h|d|mo|y)" <(tail -1 "$tmp/screen") | head -1 | cut -d' ' -f3-; }
# as_label MINUTES: a stored interval as the keys label it (whole days
# rounded, as Anki's buttons show them).
as_label() {
	awk -v m="$1" 'BEGIN { if (m < 60) printf "%d min\n", m;
		else if (m < 1440) printf "%d h\n", (m + 30) / 60;
		else printf "%d d\n", (m + 720) / 1440 }'
}
fresh anki
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok anki-up wait_for "MySQL outbox"
keys 6 Space
ok anki-counter wait_for " 0/10"
keys Space
ok anki-grade-keys wait_for "How well did you know it?  1 again (10 min)  2 hard (1 d)"
ok anki-footer-intervals grep -qE "1 again 10 min +2 hard 1 d +3 good 1 d +4 easy 4 d" <(footer)
keys 1
ok anki-again-no-growth wait_for " 1/10, 1 to repeat"
ok anki-again-stored test "$(minutes_stored)" = 10
keys Space
ok anki-second wait_for "How well did you know it?"
screen
want=$(label 3)
keys 3
ok anki-good-2 wait_for " 2/10, 1 to repeat"
ok anki-good-as-stored test "$(as_label "$(minutes_stored)")" = "$want"
keys q
wait_exit >/dev/null
# Narrow: the footer's grades are never cut (one hint for the four; the
# card's last line names them with their intervals).
start 30 10 "${RU[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok anki-narrow-up wait_for "Чек"
keys 6 Space Space
ok anki-narrow-grades wait_for "1-4 оценить"
ok anki-narrow-uncut bash -c "! grep -q '…\$' <(tail -1 '$tmp/screen' | sed 's/ *\$//')"
keys Escape q
wait_exit >/dev/null
# The intervals of a card already learnt, a day later, under faketime
# (not under ASan: libfaketime and its allocator wait on each other).
if command -v faketime >/dev/null && [ "${SANITIZED:-OFF}" != ON ]; then
	fresh clock
	printf '#!/bin/sh\nexec faketime -f "$FT" %q "$@"\n' "$S" >"$tmp/ft.sh"
	chmod +x "$tmp/ft.sh"
	SELFGRADE_REAL=$SELFGRADE
	for day in 01 02 08; do
		SELFGRADE="$tmp/ft.sh"
		start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" "FT=@2027-01-$day 10:00:00" -- --learner bob
		SELFGRADE=$SELFGRADE_REAL
		ok "clock-$day-up" wait_for "MySQL outbox"
		keys 6 Space Space
		ok "clock-$day-card" wait_for "How well did you know it?"
		for g in 3 4 2; do
			screen
			want=$(label $g)
			keys $g
			sleep 0.5
			got=$(as_label "$(minutes_stored)")
			ok "clock-$day-grade-$g-as-scheduled" test "$got" = "$want"
			[ "$got" = "$want" ] || echo "  shown '$want', stored '$got'"
			keys Space
			wait_for "How well did you know it?" >/dev/null || break
		done
		keys Escape q
		wait_exit >/dev/null
	done
else
	echo "SKIP clock: faketime is not installed, or ASan"
fi

# ---- 7. The first run: the name asked on the tutor's own screen ($USER
# offered), its words whole at any width; an empty name says so in place;
# Esc leaves no database behind; the welcome then shows once per learner,
# for one added with L too.
export SELFGRADE_DB="$tmp/first.db"
start 60 20 "${RU[@]}" USER=alice "SELFGRADE_DB=$SELFGRADE_DB"
ok first-field wait_for "Ваше имя: alice"
ok first-whole-words grep -q "Extension" "$tmp/screen"
ok first-no-learner-yet test -z "$("$S" learner list 2>/dev/null)"
keys C-u Enter
ok first-empty-said wait_for "имя ученика не может быть пустым"
screen
ok first-said-once test "$(grep -c 'Добро пожаловать' "$tmp/screen")" = 1
keys Escape
ok first-esc-exit test "$(wait_exit)" = 2
ok first-nothing-created test ! -e "$SELFGRADE_DB"
start 80 24 "${EN[@]}" USER=alice "SELFGRADE_DB=$SELFGRADE_DB"
ok first-field-en wait_for "Your name: alice"
keys Enter
ok first-welcome-in-tutor wait_for "Welcome to selfgrade, alice."
ok first-learner-made test "$("$S" learner list)" = alice
keys Enter
ok first-welcome-gone wait_gone "Enter got it"
# A learner added with L is welcomed on this, their first, start.
keys L
ok first-picker wait_for "Learners (Enter picks, Esc closes)"
keys End Enter
text "bob"
keys Enter
ok first-l-welcome wait_for "Welcome to selfgrade, bob."
keys Enter q
ok first-quit test "$(wait_exit)" = 0

# ---- 4. A search jump into a table shows the row's label (and the
# table's header where it fits), never a continuation line alone.
fresh search
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok search-up wait_for "MySQL outbox"
keys /
text resnapshot
keys Enter
ok search-first wait_for "Match 1 of 3 for 'resnapshot'"
keys n
ok search-second wait_for "Match 2 of 3 for 'resnapshot'"
keys n
ok search-reference wait_for "Match 3 of 3 for 'resnapshot'"
ok search-on-reference grep -q " 4 Reference " "$tmp/screen"
# (the third is in the Operational Differences Table, its row's label on
# two lines: "Recovery from position / loss")
ok search-header grep -q "Aspect  *│ PostgreSQL" "$tmp/screen"
ok search-label grep -q "Recovery from position   │" "$tmp/screen"
keys q
wait_exit >/dev/null
# Too low for the table from its title: the row from its label on.
start 80 12 "${RU[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok search-ru-up wait_for "MySQL outbox"
keys 4 /
text Aurora
keys Enter
ok search-ru-found wait_for "Aurora"
ok search-ru-label grep -q "WAL/binlog purge  │" "$tmp/screen"
keys q
wait_exit >/dev/null

# ---- 12. Reference tables wrap cells between words, or turn rows into
# "column: value" lines where columns would cut words.
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok tables-up wait_for "MySQL outbox"
keys 4
ok tables-reference wait_for "Key differences"
: >"$tmp/ref"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
	sleep 0.2
	screen
	sed -n '4,23p' "$tmp/screen" >>"$tmp/ref"
	keys PageDown
done
for word in troubleshooting ByLogicalTableRouter 'postgres.{aggregate}'; do
	ok "tables-whole-$word" grep -qF -- "$word" "$tmp/ref"
done
ok tables-records grep -q "^ Pattern: " "$tmp/ref"
keys q
wait_exit >/dev/null

# ---- 5. Study gives nothing away: no search highlight inside a card;
# without colours the right answer is the bold one, not the wrong pick.
# styled: the pane with its attributes (SGR sequences).
styled() { tm capture-pane -p -e >"$tmp/styled"; }
fresh leak
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok leak-up wait_for "MySQL outbox"
keys /
text resnapshot
keys Enter
ok leak-searched wait_for "for 'resnapshot'"
keys 6 Space
ok leak-first wait_for "Space shows the answer"
answer_until "Key differences: Position loss — PostgreSQL" 12
ok leak-table-card wait_for "c) Recreate slot + resnapshot"
styled
# standout (7) or underline (4): the match style; none on the card
ok leak-no-highlight bash -c "! grep 'resnapshot' '$tmp/styled' | grep -qE $'\\e\\\\[[0-9;]*(4|7)[;m]'"
keys a
ok leak-revealed wait_for "✓ Recreate slot + resnapshot"
styled
ok leak-right-bold bash -c "grep '✓ Recreate' '$tmp/styled' | grep -qE $'\\e\\\\[[0-9;]*1[;m]'"
ok leak-wrong-not-bold bash -c "! grep '✗ Automatic' '$tmp/styled' | grep -qE $'\\e\\\\[([0-9;]*;)?1[;m]'"
keys Escape q
wait_exit >/dev/null

# ---- 13. Narrow terminals: the tab bar keeps every tab (names go
# first), the header keeps the count (the badge shortens first).
fresh narrow
"$S" --learner bob check s8.mysql-outbox s8.mysql-connector s8.pyflink \
	me.connectors-running me.basic-monitoring me.docs-mention >/dev/null
start 24 8 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok narrow-up wait_for " 1"
ok narrow-every-tab grep -qE "^ 1 +2 +3 +4 +5 +6 +7 *$" <(line 3)
keys q
wait_exit >/dev/null
start 30 10 "${RU[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok narrow-30-up wait_for "Чек"
ok narrow-count-kept grep -q "10/21" <(line 2)
ok narrow-badge-short grep -q "…" <(line 2)
keys q
wait_exit >/dev/null

# ---- 14. Exemplary below 100% says why; the L picker shows each
# learner's level; P asks for the project folder when none is known.
fresh top
"$S" --learner bob check s8.mysql-outbox s8.mysql-connector s8.pyflink s8.monitoring \
	m7 m8 m9 ex.connectors-stable ex.architecture-diagram ex.failover-tested \
	me.connectors-running me.basic-monitoring me.docs-mention >/dev/null
"$S" learner add cara >/dev/null
mkdir -p "$tmp/project"
start 80 24 "${EN[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok top-up wait_for "Exemplary Multi-Database"
ok top-percent-explained wait_for "Top level reached: the 4 entries left count in the %, no criterion needs them."
keys L
ok top-picker-levels wait_for "• bob · Exemplary Multi-Database"
ok top-picker-not-yet grep -q "cara · Not yet" "$tmp/screen"
keys Escape
keys P
ok probe-asks wait_for "Project folder: "
keys C-u
text "$tmp/project"
keys Enter
ok probe-ran wait_for "Probes: 0 verified"
ok probe-dir-kept test "$(sqlite3 "$SELFGRADE_DB" "SELECT count(*) FROM probe_dir")" = 1
keys j P
ok probe-again-no-prompt wait_for "Probes: 0 verified"
ok probe-again-not-asked bash -c "! grep -q 'Project folder' <(tail -1 '$tmp/screen')"
keys q
wait_exit >/dev/null

# ---- The final check: under ru_RU every screen of the tutor (the seven
# tabs with their details, help, a study card, footer messages) holds no
# English sentence beyond the content's own English terms.
fresh words
"$S" --learner bob check s8.mysql-outbox m7 me.connectors-running >/dev/null
"$S" dump >"$tmp/dump.json"
start 80 24 "${RU[@]}" "SELFGRADE_DB=$SELFGRADE_DB" -- --learner bob
ok words-up wait_for "MySQL outbox"
: >"$tmp/ru-screens"
grab() { sleep 0.3; screen; cat "$tmp/screen" >>"$tmp/ru-screens"; }
for tab in 1 2 3 4 5 6 7; do
	keys "$tab"
	grab
	keys j
	grab
done
keys 1 j u
grab
keys U
grab
keys '?'
for _ in 1 2 3 4 5; do
	grab
	keys PageDown
done
keys Escape 6 Space
grab
keys Space
grab
keys Escape 3 g j Enter
grab
keys q
wait_exit >/dev/null
ok words-no-english python3 "$SRC/tests/cli/english_left.py" "$tmp/dump.json" "$tmp/ru-screens"

summary tui-finish
