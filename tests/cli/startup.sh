#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What a headless command loads: not the terminal libraries (the tutor is
# a module loaded when it runs), not hogweed/GMP (loaded when a key is
# made or a signature made or checked) and not ICU (loaded when two
# learners' names are compared). And the tutor's module found beside
# a relocated binary, a missing or foreign one refused with a message.
. "$(dirname "$0")/lib.sh"
: "${TUTOR_SO:?the tutor module}" "${TUTOR_REL:?its path under the prefix}"
export SELFGRADE_DB="$tmp/a.db" SELFGRADE_LEARNER=ann
unset SELFGRADE_CONTENT
S=$SELFGRADE
not() { ! "$@"; }

t needed 0 readelf -d "$S"
for lib in libncursesw libtinfo libhogweed libgmp libicu; do
	ok "not-linked-$lib" not grep -q "NEEDED.*$lib" "$tmp/out"
done
# The libraries every command uses are inside the default build's binary:
# nothing to find and relocate at start-up (-DSELFGRADE_STATIC_DEPS=OFF
# links them shared, as a distribution's package does; tests/pkg/deb.sh).
case ${STATIC_DEPS:-ON} in
ON)
	for lib in libyaml libjansson libyajl libsqlite3 libnettle libutf8proc; do
		ok "embeds-$lib" not grep -q "NEEDED.*$lib" "$tmp/out"
	done
	;;
*)
	for lib in libyaml libjansson libyajl libsqlite3 libnettle libutf8proc; do
		ok "links-$lib" grep -q "NEEDED.*$lib" "$tmp/out"
	done
	;;
esac

# The dynamic loader's own account of what it maps (LD_DEBUG=libs).
t add 0 env LD_DEBUG=libs "$S" learner add ann
ok add-loads-hogweed grep -q 'calling init:.*libhogweed' "$tmp/err"
# The first learner has no name to be taken for; the second is compared.
ok first-add-without-icu not grep -q 'calling init:.*libicu' "$tmp/err"
t add-second 0 env LD_DEBUG=libs "$S" learner add bob
ok second-add-loads-icu grep -q 'calling init:.*libicui18n' "$tmp/err"
t check 0 "$S" check m7
for cmd in score status check uncheck validate; do
	arg=; case $cmd in check | uncheck) arg=m7 ;; esac
	# shellcheck disable=SC2086
	t "loads-$cmd" 0 env LD_DEBUG=libs "$S" $cmd $arg
	for lib in libncursesw libtinfo libhogweed libgmp libicu; do
		ok "$cmd-without-$lib" not grep -q "calling init:.*$lib" "$tmp/err"
	done
done

# Only LC_CTYPE, LC_COLLATE and LC_MESSAGES come from the environment:
# numbers keep their point in a Russian locale (the HTML report's chart
# had "5,0,119,8" for two points).
if locale -a 2>/dev/null | grep -qix ru_RU.utf8; then
	t html-ru 0 env LC_ALL=ru_RU.UTF-8 "$S" export --format html -o -
	grep -o 'points="[^"]*"' "$tmp/out" | head -1 >"$tmp/points"
	ok html-ru-chart test -s "$tmp/points"
	ok html-ru-points-use-a-point grep -qE '^points="[0-9]+\.[0-9],[0-9]+\.[0-9]( [0-9]+\.[0-9],[0-9]+\.[0-9])*"$' "$tmp/points"
else
	echo "FAIL the ru_RU.UTF-8 locale is missing (tools/install-deps makes it)"
	failed=$((failed + 1))
fi

# probes.yaml, tables.yaml and takeaways.yaml are read only by the
# commands that use them: a broken one stops validate, probe, study and
# export (which hashes the whole pack), not the commands that only record
# and score progress.
for f in probes tables takeaways; do
	rm -rf "$tmp/pack"
	cp -r "$SRC/checklists/multi-database" "$tmp/pack"
	printf '%s:\n  - id: [broken\n' "$f" >"$tmp/pack/$f.yaml"
	for cmd in score status "check m7" "uncheck m7" "note m7 why" undo redo; do
		# shellcheck disable=SC2086
		t "no-$f-$cmd" 0 "$S" --content "$tmp/pack" $cmd
	done
	for cmd in validate "export --format json" probe "study --due"; do
		# shellcheck disable=SC2086
		t "$f-$cmd" 1 "$S" --content "$tmp/pack" $cmd
		ok "$f-$cmd-says" has "$f.yaml" "$tmp/err"
	done
done
# A mistake's table is not looked for when tables.yaml is left unread,
# and is when it is read.
rm -rf "$tmp/pack"
cp -r "$SRC/checklists/multi-database" "$tmp/pack"
rm "$tmp/pack/tables.yaml"
t no-tables-score 0 "$S" --content "$tmp/pack" score
t no-tables-validate 1 "$S" --content "$tmp/pack" validate
ok no-tables-validate-says has "t.recovery' names no id" "$tmp/err"
# A table's or a takeaway's id, which these commands do not read, is
# still named for what it is, not as unknown.
rm -rf "$tmp/pack"
cp -r "$SRC/checklists/multi-database" "$tmp/pack"
t lean-check-table 1 "$S" --content "$tmp/pack" check t.recovery
ok lean-check-table-says has "'t.recovery' is a table" "$tmp/err"
t lean-note-table 1 "$S" --content "$tmp/pack" note t.recovery why
ok lean-note-table-says has "'t.recovery' is a table" "$tmp/err"
t lean-check-unknown 1 "$S" --content "$tmp/pack" check no.such-id
ok lean-check-unknown-says has "unknown id 'no.such-id'" "$tmp/err"

# The tutor module: beside a copy of the binary (PREFIX/bin and
# PREFIX/TUTOR_REL), missing there and elsewhere, or of another build.
mkdir -p "$tmp/p/bin" "$(dirname "$tmp/p/$TUTOR_REL")"
cp "$S" "$tmp/p/bin/selfgrade"
if [ -e "/usr/local/$TUTOR_REL" ] || [ -e "/usr/$TUTOR_REL" ]; then
	echo "skip tutor-missing: a tutor module is installed on this machine"
else
	t tutor-missing 1 "$tmp/p/bin/selfgrade" tui
	ok tutor-missing-says has "the tutor cannot be loaded" "$tmp/err"
fi
printf 'const char selfgrade_tutor_build[] = "0.0+other";\nint selfgrade_tutor_check(void) { return 0; }\nint selfgrade_tutor_run(const void *s, _Bool b) { (void)s; (void)b; return 0; }\n' >"$tmp/other.c"
if cc -shared -fPIC -o "$tmp/p/$TUTOR_REL" "$tmp/other.c" 2>"$tmp/cc"; then
	t tutor-foreign 1 "$tmp/p/bin/selfgrade" tui
	ok tutor-foreign-says has "not the tutor of this selfgrade (0.0+other)" "$tmp/err"
else
	echo "FAIL no C compiler for the foreign module"
	failed=$((failed + 1))
fi
cp "$TUTOR_SO" "$tmp/p/$TUTOR_REL"
# Loaded from beside the copy: the tutor itself answers (no terminal here).
t tutor-relocated 2 "$tmp/p/bin/selfgrade" tui
ok tutor-relocated-runs has "the tutor needs a terminal" "$tmp/err"

summary startup
