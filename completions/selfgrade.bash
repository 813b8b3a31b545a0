# SPDX-License-Identifier: MIT
# bash completion for selfgrade: commands, options, formats, learner names
# (from `selfgrade learner list`), ids (from `selfgrade dump`) and files.
# Installed as PREFIX/share/bash-completion/completions/selfgrade.
#
# The program is asked with the same --db and --content as the command line
# being typed. It is never asked about a database that does not exist yet,
# since opening one creates it: completing must not leave files behind.

# The global options already typed (--db, --content), to pass on.
_selfgrade_globals()
{
	local i w
	_selfgrade_g=()
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db | --content)
			_selfgrade_g+=("$w" "${COMP_WORDS[i + 1]}")
			((i++))
			;;
		--db=* | --content=*) _selfgrade_g+=("$w") ;;
		esac
	done
}

# The database the command line would use, as the program finds it.
_selfgrade_db()
{
	local i w db=${SELFGRADE_DB:-}
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db) db=${COMP_WORDS[i + 1]} ;;
		--db=*) db=${w#--db=} ;;
		esac
	done
	if [[ -z $db ]]; then
		if [[ ${XDG_DATA_HOME:-} == /* ]]; then
			db=$XDG_DATA_HOME/selfgrade/progress.db
		elif [[ -n ${HOME:-} ]]; then
			db=$HOME/.local/share/selfgrade/progress.db
		fi
	fi
	db=${db/#\~/$HOME}
	printf '%s\n' "$db"
}

# Learner names, one a line.
_selfgrade_learners()
{
	local db
	db=$(_selfgrade_db)
	[[ -n $db && -f $db ]] || return 0
	"${_selfgrade_bin:-selfgrade}" --db "$db" learner list 2>/dev/null
}

# Ids of the pack, one a line. KIND: check (items, mistakes, attestable
# criteria) or any (every item, mistake and criterion). `dump` prints
# indented JSON with the top-level keys at two spaces: the array an "id"
# sits in says what it names, and the key after it tells an item or a
# criterion (followed by "text") from a section (followed by "number").
_selfgrade_ids()
{
	_selfgrade_globals
	"${_selfgrade_bin:-selfgrade}" "${_selfgrade_g[@]}" dump 2>/dev/null |
		awk -v kind="$1" '
		function flush() {
			if (crit != "" && (kind == "any" || attest)) print crit
			crit = ""; attest = 0
		}
		/^  "[a-z_]+": / { flush(); top = $1 }
		/^ *"id": "/ {
			id = $0; sub(/^ *"id": "/, "", id); sub(/",?$/, "", id)
			if (getline <= 0) exit
			if (top == "\"sections\":" && $1 == "\"text\":") print id
			else if (top == "\"mistakes\":" && $1 == "\"number\":") print id
			else if (top == "\"rubric\":" && $1 == "\"text\":") { flush(); crit = id }
		}
		/^ *"attest": true/ { attest = 1 }
		END { flush() }'
}

# COMPREPLY from lines on stdin that start with $cur, quoted for the shell.
_selfgrade_reply()
{
	local line
	while IFS= read -r line; do
		[[ -n $line && $line == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$line")")
	done
}

_selfgrade()
{
	local cur prev
	local _selfgrade_bin=${COMP_WORDS[0]}
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	local globals="--db --content --learner --lang --help -h --version"
	local formats="csv json md html xlsx moodle canvas review"
	local commands="tui validate dump learner check uncheck note undo redo export
		import verify study status score probe review"

	# The value of an option.
	case $prev in
	--db | -o | --output)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return 0
		;;
	--content | --split)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		compopt -o filenames 2>/dev/null
		return 0
		;;
	--learner)
		_selfgrade_reply < <(_selfgrade_learners)
		return 0
		;;
	--format)
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return 0
		;;
	--sort)
		COMPREPLY=($(compgen -W "name level progress activity" -- "$cur"))
		return 0
		;;
	--level)
		COMPREPLY=($(compgen -W "exemplary meets not-yet" -- "$cur"))
		return 0
		;;
	--lang)
		COMPREPLY=($(compgen -W "en ru" -- "$cur"))
		return 0
		;;
	--connect | --rename | --grade-item)
		return 0
		;;
	esac

	# The command, and the arguments after it (options and their values
	# skipped).
	local i w cmd="" args=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db | --content | --learner | --lang | --format | -o | --output | --sort | \
			--level | --split | --connect | --rename | --grade-item)
			((i++))
			;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then cmd=$w; else args+=("$w"); fi
			;;
		esac
	done

	local opts=""
	case $cmd in
	export) opts="--format --all -o --output --force --sort --level --split --bom --grade-item --unsigned" ;;
	study) opts="--due --json" ;;
	status | score) opts="--json" ;;
	probe) opts="--json --connect" ;;
	import) opts="--rename" ;;
	review) opts="--agree --disagree" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$globals $opts" -- "$cur"))
		return 0
	fi

	case $cmd in
	"")
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		;;
	learner)
		case ${#args[@]} in
		0) COMPREPLY=($(compgen -W "add list remove set export-key import-key" -- "$cur")) ;;
		1) [[ ${args[0]} == remove || ${args[0]} == set || ${args[0]} == export-key ]] &&
			_selfgrade_reply < <(_selfgrade_learners) ;;
		*) [[ ${args[0]} == set ]] &&
			COMPREPLY=($(compgen -W "email= id_number= section=" -- "$cur")) &&
			compopt -o nospace 2>/dev/null ;;
		esac
		;;
	check | uncheck)
		_selfgrade_reply < <(_selfgrade_ids check)
		;;
	note)
		[[ ${#args[@]} -eq 0 ]] && _selfgrade_reply < <(_selfgrade_ids any)
		;;
	review)
		case ${#args[@]} in
		0) _selfgrade_reply < <(_selfgrade_learners) ;;
		1) _selfgrade_reply < <(_selfgrade_ids any) ;;
		esac
		;;
	import | verify)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		;;
	probe)
		[[ ${#args[@]} -eq 0 ]] && mapfile -t COMPREPLY < <(compgen -d -- "$cur") &&
			compopt -o filenames 2>/dev/null
		;;
	esac
	return 0
}
complete -F _selfgrade selfgrade
