#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A study session in a real terminal (tmux), at 80×24 and 60×18, in
# Russian and under LANG=C: cards wrap between words with bullets hanging
# under their text and no markup showing; a wrong pick is graded hard at
# best; the choices' letters are as many as the choices; the summary's
# time stays put once the session is over; no "next card due" stands over
# cards due now, and the next one's time is local.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT NO_COLOR SELFGRADE_DB
S=$SELFGRADE
# A zone away from UTC, so that a UTC time shown would be seen.
ZONE=Europe/Moscow

symptom='Коннектор падает с "schema mismatch" ошибками после DDL изменений в другой базе'
prevention_m7='Каждый MySQL коннектор должен иметь уникальный schema history topic.'

# hangs TEXT: the screen line holding "• TEXT…" goes on in the next line,
# which starts under TEXT (three columns in: the margin and "• "), and the
# two hold TEXT with the break between words.
hangs() {
	local first next
	first=$(grep -F -- "• ${1%% *}" "$tmp/screen" | head -1)
	next=$(grep -F -A1 -- "• ${1%% *}" "$tmp/screen" | sed -n 2p)
	[[ $next =~ ^\ \ \ [^\ ] ]] || { echo "  not hanging: '$next'"; return 1; }
	[ "${first#* • } ${next#   }" = "$1" ] || { echo "  cut: '$first' / '$next'"; return 1; }
}

# whole TEXT: every word of TEXT is a whole word on the screen.
whole() {
	local w
	for w in $1; do
		tr -s ' ' '\n' <"$tmp/screen" | grep -qxF -- "$w" || { echo "  '$w' is cut"; return 1; }
	done
}

no_markup() { ! grep -qE '`|\*\*' "$tmp/screen"; }

# review CARD_LIKE: grade/first_try of the newest answer to such a card.
review() {
	sqlite3 "$db" "SELECT grade || '/' || first_try FROM study_review
	               WHERE card_id LIKE '$1' ORDER BY at DESC LIMIT 1"
}
answers() { sqlite3 "$db" 'SELECT count(*) FROM study_review' 2>/dev/null; }
# wait_answers N: until the store holds N answers (saved before the next
# card shows).
wait_answers() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(answers)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

for size in "80 24" "60 18"; do
	for lang in ru_RU.UTF-8 C; do
		set -- $size
		w=$1 h=$2 tag="$1x$2-${lang%%.*}"
		db="$tmp/$tag.db"
		if [ "$lang" = C ]; then over="Session over." pick="pick a-c"
		else over="Сессия окончена." pick="выбрать a–c"; fi
		"$S" --db "$db" learner add alice >/dev/null
		# The first start's welcome is e2e.sh's to test: put away here.
		sqlite3 "$db" "INSERT INTO seen SELECT id, 'welcome', 'x' FROM learner"
		start "$w" "$h" LANG="$lang" TZ=$ZONE "SELFGRADE_DB=$db" -- --learner alice study
		ok "$tag-intro" wait_for "░░░░"
		keys Space
		ok "$tag-symptoms" wait_for "• ${symptom%% *}"
		ok "$tag-symptom-hangs" hangs "$symptom"
		keys Space
		ok "$tag-m7-answer" wait_for "7. Shared Schema History Topic"
		keys 3
		ok "$tag-fix-card" wait_for "1/10"
		keys Space
		ok "$tag-fix-code" wait_for "// Connector 1"
		[ "$h" -lt 24 ] && keys NPage
		ok "$tag-fix-prevention" wait_for "${prevention_m7%% *}"
		ok "$tag-prevention-whole" whole "$prevention_m7"
		keys 3
		ok "$tag-m8" wait_for "2/10"
		keys Space 3
		ok "$tag-m8-fix" wait_for "3/10"
		keys Space
		ok "$tag-m8-fix-shown" wait_for "mysql_prod"
		[ "$h" -lt 24 ] && keys NPage && wait_for "environment" >/dev/null
		# m8's prevention holds `{database_type}_{environment}`: as code.
		ok "$tag-m8-no-backticks" no_markup
		keys 3
		ok "$tag-m9" wait_for "4/10"
		keys Space 3
		ok "$tag-m9-fix" wait_for "5/10"
		keys Space 3
		ok "$tag-table" wait_for "6/10"
		# Three choices: a-c, never a-d.
		ok "$tag-pick-a-c" wait_for "$pick"
		ok "$tag-not-a-d" test -z "$(grep -E 'a[-–]d' "$tmp/screen")"
		ok "$tag-no-fourth" test -z "$(grep -F 'd) ' "$tmp/screen")"
		wait_answers 6
		# Position loss — PostgreSQL: a) Automatic… is wrong; graded easy.
		keys a
		ok "$tag-picked" wait_for "c) ✓ Recreate slot + resnapshot"
		ok "$tag-wrong-marked" wait_for "a) ✗ Automatic"
		keys 4
		ok "$tag-next-card" wait_for "7/10"
		ok "$tag-wrong-pick-stored" wait_answers 7
		ok "$tag-wrong-pick-hard" test "$(review 't.recovery.%')" = 2/0
		keys Escape
		ok "$tag-summary" wait_for "$over"
		screen
		cp "$tmp/screen" "$tmp/summary"
		# Cards are due now (the session was left early): no later time
		# stands above their count.
		ok "$tag-no-next-due" test -z "$(grep -E 'Next card due|Следующая карточка' "$tmp/screen")"
		# The tutor draws every half second and on a resize: the time
		# stays what it was when the session ended.
		sleep 1.5
		tm resize-window -x $((w - 1)) -y "$h"
		tm resize-window -x "$w" -y "$h"
		sleep 0.6
		screen
		ok "$tag-time-frozen" diff "$tmp/summary" "$tmp/screen"
		keys q
		ok "$tag-quit" test "$(wait_exit)" = 0
	done
done

# Every card of the day answered: nothing is due until the next UTC day
# brings new cards; that time is shown in local time.
db="$tmp/80x24-ru_RU.db"
start 80 24 LANG=ru_RU.UTF-8 TZ=$ZONE "SELFGRADE_DB=$db" -- --learner alice study
ok all-intro wait_for "░░░░"
keys Space
for n in 1 2 3; do
	ok "all-card-$n" wait_for "$((n - 1))/3"
	keys Space 3
done
ok all-summary wait_for "Сессия окончена."
midnight=$(( ($(date -u +%s) / 86400 + 1) * 86400 ))
ok all-next-due-local wait_for "Следующая карточка: $(TZ=$ZONE date -d "@$midnight" '+%Y-%m-%d %H:%M')."
ok all-no-utc test -z "$(grep -F UTC "$tmp/screen")"
keys q
ok all-quit test "$(wait_exit)" = 0

summary tui.study
