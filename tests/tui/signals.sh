#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Signals in the tutor, in a real terminal (tmux): every catchable fatal
# signal leaves the terminal as it was found (normal screen, no mouse
# reporting, no keypad mode, the same stty settings); SIGTERM and SIGHUP
# exit with 128 + the signal and keep the note being typed as a draft,
# which the editor offers again; ^C in an editor cancels it (keeping a
# draft) and does not quit; a save that fails is shown with the editor
# still open and the text in it.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
ulimit -c 0 # SIGQUIT, SIGXCPU and SIGXFSZ dump core by default: no files
export SELFGRADE_DB="$tmp/p.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT NO_COLOR
S=$SELFGRADE
E=(USER=alice LANG=C.UTF-8 "SELFGRADE_DB=$SELFGRADE_DB")
flags() { tm display -p '#{alternate_on} #{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag} #{keypad_flag}#{keypad_cursor_flag}'; }
draft() { sqlite3 "$SELFGRADE_DB" "SELECT text FROM draft WHERE kind = '$1'"; }

# The tutor's terminal modes are on while it runs (so the checks below
# can fail).
start 80 24 "${E[@]}"
wait_for "Your name" >/dev/null
keys Enter
wait_for "got it" >/dev/null # the welcome, put away for good
keys Enter
ok up wait_for "MySQL outbox"
ok modes-on test "$(flags)" != "0 000 00"
keys q
ok quit test "$(wait_exit)" = 0

for sig in QUIT PIPE USR1 USR2 ALRM XCPU XFSZ; do
	start 80 24 "${E[@]}"
	wait_for "MySQL outbox" >/dev/null
	kill -s "$sig" "$(app_pid)"
	ok "$sig-exit" test "$(wait_exit)" = $((128 + $(kill -l "$sig")))
	ok "$sig-modes" test "$(flags)" = "0 000 00"
	ok "$sig-stty" cmp -s "$tmp/stty.before" "$tmp/stty.after"
done

# SIGTERM with the note editor open: exit 143, the text kept as a draft,
# offered again when the editor reopens.
start 80 24 "${E[@]}"
wait_for "MySQL outbox" >/dev/null
keys j e
ok note-open wait_for "Note:"
text "half typed evidence"
ok typed wait_for "half typed evidence"
kill -TERM "$(app_pid)"
ok term-exit test "$(wait_exit)" = 143
ok term-modes test "$(flags)" = "0 000 00"
ok term-stty cmp -s "$tmp/stty.before" "$tmp/stty.after"
ok term-draft test "$(draft note)" = "half typed evidence"
ok term-not-saved test "$("$S" --learner alice status --json | jq -r '.states[] | select(.id == "s8.mysql-outbox") | .note')" = null
start 80 24 "${E[@]}"
wait_for "MySQL outbox" >/dev/null
keys j e
ok draft-back wait_for "Note: half typed evidence"
ok draft-said wait_for "Your unsaved draft is back."

# ^C in the editor: the editor closes, the tutor stays, the draft is kept.
text " more"
ok typed-more wait_for "Note: half typed evidence more"
keys C-c
ok ctrl-c-closes wait_gone "Note:"
ok ctrl-c-draft-said wait_for "Draft kept"
ok ctrl-c-draft test "$(draft note)" = "half typed evidence more"
keys e
ok ctrl-c-back wait_for "Note: half typed evidence more"
keys Enter
ok saved wait_for "Note saved."
ok saved-note test "$("$S" --learner alice status --json | jq -r '.states[] | select(.id == "s8.mysql-outbox") | .note')" = "half typed evidence more"
ok saved-no-draft test -z "$(draft note)"

# A save that fails (the database locked by another program past the
# wait): the error shows, the editor stays open with the text.
keys e C-e
text " and then some"
ok typed-some wait_for "Note: half typed evidence more and then some"
mkfifo "$tmp/ctl"
sqlite3 "$SELFGRADE_DB" <"$tmp/ctl" >/dev/null 2>&1 &
locker=$!
exec 3>"$tmp/ctl"
# The locker waits for the tutor's own short reads to end before it holds.
echo "PRAGMA busy_timeout = 30000; BEGIN EXCLUSIVE;" >&3
for ((i = 0; i < 300; i++)); do
	sqlite3 "$SELFGRADE_DB" 'SELECT count(*) FROM learner' >/dev/null 2>&1 || break
	sleep 0.1
done
keys Enter
ok fail-shown wait_for "cannot start a write: the database is locked"
ok fail-editor-open wait_for "Note: half typed evidence more and then some"
echo "ROLLBACK;" >&3
exec 3>&-
wait "$locker"
keys Enter
ok fail-then-saved wait_for "Note saved."

# SIGHUP (the terminal closed): exit 129, the name being typed kept.
keys L
ok picker wait_for "Learners (Enter picks, Esc closes)"
keys End Enter
ok name-open wait_for "New learner:"
text "Bor"
ok typed-name wait_for "New learner: Bor"
kill -HUP "$(app_pid)"
ok hup-exit test "$(wait_exit)" = 129
ok hup-draft test "$(draft learner)" = Bor
# ^C outside an editor ends the tutor, as an interrupt: 130.
start 80 24 "${E[@]}"
wait_for "MySQL outbox" >/dev/null
keys C-c
ok int-exit test "$(wait_exit)" = 130
ok int-stty cmp -s "$tmp/stty.before" "$tmp/stty.after"

summary tui.signals
