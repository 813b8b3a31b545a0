#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The bash completion, sourced and called as bash calls it (COMP_WORDS,
# COMP_CWORD), against the real binary, the shipped pack and a real
# database; and the zsh one, loaded by zsh when zsh is there.
. "$(dirname "$0")/../cli/lib.sh"
unset SELFGRADE_DB SELFGRADE_LEARNER SELFGRADE_CONTENT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg
mkdir -p "$HOME"
. "$SRC/completions/selfgrade.bash"
ok registered test "$(complete -p selfgrade)" = "complete -F _selfgrade selfgrade"

# comp WORD...: completes the last word of "selfgrade WORD..." into $tmp/c,
# one candidate a line, sorted.
comp() {
	COMP_WORDS=("$SELFGRADE" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_selfgrade
	printf '%s\n' "${COMPREPLY[@]}" | sort >"$tmp/c"
}
# want NAME WORD... -- CANDIDATE...: exactly these candidates.
want() {
	local name=$1 w=()
	shift
	while [ "$1" != -- ]; do w+=("$1"); shift; done
	shift
	comp "${w[@]}"
	printf '%s\n' "$@" | sort >"$tmp/w"
	if cmp -s "$tmp/c" "$tmp/w"; then pass=$((pass + 1)); else
		echo "FAIL $name"; diff "$tmp/w" "$tmp/c" | sed 's/^/  /' | head -20
		failed=$((failed + 1))
	fi
}
# has_c NAME CANDIDATE: the last completion offered CANDIDATE.
has_c() { ok "$1" grep -qxF -- "$2" "$tmp/c"; }

# Commands, and every command --help names is offered.
comp ''
for c in $("$SELFGRADE" --help | awk '/^commands:/ {on=1; next} /^$/ {on=0} on && /^  [a-z]/ {print $1}'); do
	has_c "command $c" "$c"
done
for c in probe review; do has_c "second-wave command $c" "$c"; done
want commands-prefix st -- study status
want learner-subcommands learner '' -- add list remove rename set roster export-key import-key accept-key

# Options: global ones everywhere, and the command's own; every option
# --help names is offered somewhere.
want global-options --le -- --learner
want lang-option --lan -- --lang
want lang-values --lang '' -- en ru
: >"$tmp/all-opts"
for c in '' export study status score import probe review; do
	comp $c -
	cat "$tmp/c" >>"$tmp/all-opts"
done
for o in $("$SELFGRADE" --help | grep -oE '(^|[ [])--?[a-z][a-z-]*' | tr -d ' [' | sort -u); do
	ok "option $o" grep -qxF -- "$o" "$tmp/all-opts"
done
comp export -
for o in --sort --level --split --bom --force --output; do has_c "export option $o" "$o"; done
want study-options study --du -- --due
want score-options score --j -- --json
want import-rename import --r -- --rename
want probe-options probe --c -- --connect --content
want probe-live-options probe --p -- --pg --prometheus

# Values.
want formats export --format '' -- csv json md html xlsx moodle canvas review
want format-prefix export --format m -- md moodle
want sort-keys export --sort '' -- name level progress activity
want levels export --level '' -- exemplary meets not-yet

# Learner names come from the database, only when it exists (completing
# must not create one).
db=$tmp/xdg/selfgrade/progress.db
want no-database --learner '' --
ok no-database-created test ! -e "$db"
"$SELFGRADE" learner add anna >/dev/null
"$SELFGRADE" learner add 'Анна Петрова' >/dev/null
"$SELFGRADE" --db "$tmp/other.db" learner add zed >/dev/null
want learners --learner '' -- anna 'Анна\ Петрова'
want learners-prefix --learner a -- anna
want learner-remove learner remove '' -- anna 'Анна\ Петрова'
want learners-other-db --db "$tmp/other.db" --learner '' -- zed
want learners-env-db --learner z --
SELFGRADE_DB=$tmp/other.db want learners-env-db --learner z -- zed
want review-learner review '' -- anna 'Анна\ Петрова'
want learner-set-keys learner set anna '' -- email= id_number= section= canvas_id= login=

# Ids from dump: check offers items, mistakes and attestable criteria only.
"$SELFGRADE" dump >"$tmp/dump.json"
items=$(jq -r '[.sections[].items | .. | objects | select(has("text") and has("id")) | .id] | .[]' "$tmp/dump.json")
mistakes=$(jq -r '.mistakes[].id' "$tmp/dump.json")
attest=$(jq -r '.rubric.levels[].criteria[] | select(.attest) | .id' "$tmp/dump.json")
crit=$(jq -r '.rubric.levels[].criteria[].id' "$tmp/dump.json")
ok ids-nonempty test -n "$items" -a -n "$mistakes" -a -n "$attest"
# shellcheck disable=SC2086
want check-ids check '' -- $items $mistakes $attest
want check-prefix check s8.mysql-connector.server- -- s8.mysql-connector.server-id s8.mysql-connector.server-name
want uncheck-m uncheck m -- $(printf '%s\n' $mistakes $attest | grep '^m')
# shellcheck disable=SC2086
want note-ids note '' -- $items $mistakes $crit
want note-text note m7 '' --
want check-other-content --content "$SRC/tests/data/good/minimal" check '' -- \
	$(jq -r '[.sections[].items | .. | objects | select(has("text") and has("id")) | .id] + [.mistakes[]?.id] + [.rubric.levels[].criteria[] | select(.attest) | .id] | .[]' \
		<("$SELFGRADE" --content "$SRC/tests/data/good/minimal" dump))

# Files for import, verify and -o; folders for --content.
mkdir -p "$tmp/files/sub dir"
touch "$tmp/files/a.json" "$tmp/files/b.json"
want import-files import "$tmp/files/" -- "$tmp/files/a.json" "$tmp/files/b.json" "$tmp/files/sub dir"
want verify-files verify "$tmp/files/a" -- "$tmp/files/a.json"
want output-file export -o "$tmp/files/b" -- "$tmp/files/b.json"
want content-dirs --content "$tmp/files/" -- "$tmp/files/sub dir"

# zsh: the function parses, and completes in a real interactive zsh (in a
# private tmux server: the completion system needs a terminal).
if command -v zsh >/dev/null; then
	t zsh-syntax 0 zsh -n "$SRC/completions/_selfgrade"
	mkdir -p "$tmp/zdot" "$tmp/bin"
	ln -s "$SELFGRADE" "$tmp/bin/selfgrade"
	cat >"$tmp/zdot/.zshrc" <<ZSH
fpath=($SRC/completions \$fpath)
autoload -Uz compinit && compinit -u -d $tmp/zcompdump
path=($tmp/bin \$path)
zstyle ':completion:*' list-rows-first true
PS1='%% '
ZSH
	export TMUX_TMPDIR=$tmp # the server's socket in the test's folder
	tz() { tmux -u -L "sg-zsh-$$" -f /dev/null "$@"; }
	trap 'tz kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
	# LeakSanitizer's exit-time scan never ends in a program zsh runs for a
	# completion (its tracer spins; seen on Debian 12's clang): leaks are
	# checked by every other test, so a sanitizer build skips them here.
	tz new-session -d -x 200 -y 40 "env -i HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME TERM=xterm LANG=C.UTF-8 ASAN_OPTIONS=detect_leaks=0 ZDOTDIR=$tmp/zdot zsh -i"
	# zcomp NAME LINE WANT...: LINE typed and Tab pressed twice shows every WANT.
	zcomp() {
		local name=$1 line=$2 i w miss
		shift 2
		tz send-keys -t 0 C-u C-l "$line" Tab Tab
		for ((i = 0; i < 100; i++)); do
			tz capture-pane -t 0 -p >"$tmp/zscreen"
			miss=
			for w in "$@"; do grep -qF -- "$w" "$tmp/zscreen" || miss=$w; done
			[ -z "$miss" ] && break
			sleep 0.1
		done
		if [ -z "$miss" ]; then pass=$((pass + 1)); else
			echo "FAIL zsh $name: '$miss' not offered"; sed 's/^/  | /' "$tmp/zscreen" | grep -v '^  | $'
			failed=$((failed + 1))
		fi
		tz send-keys -t 0 C-c
	}
	zcomp formats 'selfgrade export --format ' canvas csv html json md moodle review xlsx
	zcomp commands 'selfgrade ' validate verify study probe review
	zcomp check-ids 'selfgrade check s8.mysql-connector.' s8.mysql-connector.server-id s8.mysql-connector.server-name
	zcomp learners 'selfgrade learner remove ' 'Анна Петрова'
	zcomp export-options 'selfgrade export --s' --sort --split
else
	echo "zsh not installed: the zsh completion's checks skipped"
fi
summary completion
