# SPDX-License-Identifier: MIT
# Drives the real binary in a private tmux server: start it at a size,
# send keys, poll the screen for what should appear (never a fixed sleep),
# read its exit status and the terminal's settings afterwards.
# Source after tests/cli/lib.sh.
export LANG=C.UTF-8 # tmux itself must speak UTF-8 to keep Cyrillic intact
export TMUX_TMPDIR=$tmp # its socket in the test's folder, gone with it
sock="selfgrade-test-$$"
tm() { tmux -u -L "$sock" -f /dev/null "$@"; }
# Stops the private server and waits for it to go, and for the pane's
# shell, which writes the exit status into $tmp as the program ends:
# kill-server returns before either has exited (a folder removed under
# that shell was left behind holding its rc).
stop_server() {
	local old i
	old=$(tm display -p '#{pid}' 2>/dev/null)
	tm kill-server 2>/dev/null
	for ((i = 0; i < 200; i++)); do
		if ! { [ -n "$old" ] && kill -0 "$old" 2>/dev/null; } &&
			! pgrep -f -- "$tmp/run.sh" >/dev/null; then
			break
		fi
		sleep 0.05
	done
}
trap 'stop_server; rm -rf "$tmp"' EXIT

# start W H [VAR=VALUE...] [-- ARGS...]: selfgrade in a fresh W×H terminal,
# with the environment given. The pane's shell records the terminal
# settings before and after, and the exit status in $tmp/rc.
start() {
	local w=$1 h=$2 envs=() args=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	args=("$@")
	# A new-session that reaches a dying server goes down with it
	# ("server exited unexpectedly", then "no server running").
	stop_server
	rm -f "$tmp/rc" "$tmp/stty.before" "$tmp/stty.after"
	{
		echo 'stty -g >"$1/stty.before"'
		printf 'env %s' "$(printf '%q ' "${envs[@]}")"
		printf '%q ' "$SELFGRADE" "${args[@]}"
		echo
		echo 'echo $? >"$1/rc.tmp"; stty -g >"$1/stty.after"; mv "$1/rc.tmp" "$1/rc"'
		echo 'exec sleep 3600'
	} >"$tmp/run.sh"
	tm new-session -d -x "$w" -y "$h" "bash $tmp/run.sh $tmp"
}

# The screen as text, into $tmp/screen (and printed with -p).
screen() { tm capture-pane -p >"$tmp/screen"; }

# wait_for TEXT: true once the screen shows TEXT (within 30 s).
wait_for() {
	local i
	for ((i = 0; i < 300; i++)); do
		screen
		grep -qF -- "$1" "$tmp/screen" && return 0
		sleep 0.1
	done
	echo "--- screen, waiting for '$1':"
	sed 's/^/  | /' "$tmp/screen"
	return 1
}

# wait_gone TEXT: true once the screen no longer shows TEXT.
wait_gone() {
	local i
	for ((i = 0; i < 300; i++)); do
		screen
		grep -qF -- "$1" "$tmp/screen" || return 0
		sleep 0.1
	done
	return 1
}

# wait_exit: the program's exit status, once it has exited (within 30 s).
wait_exit() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ -f "$tmp/rc" ] && { cat "$tmp/rc"; return 0; }
		sleep 0.1
	done
	echo timeout
}

keys() { tm send-keys "$@"; }
text() { tm send-keys -l -- "$1"; }
# line N: the screen's line N (1-based) after the last screen/wait_for.
line() { sed -n "${1}p" "$tmp/screen"; }
# The pid of selfgrade in the pane.
app_pid() { pgrep -P "$(tm display -p '#{pane_pid}')" -f selfgrade | head -1; }
