#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian package as a packager and a user meet it: built by CPack from
# the build folder, checked by lintian (no error), then extracted with
# dpkg-deb -x into the test's folder (nothing is installed on the machine)
# and run from there: the binary must find its pack, its Russian catalogue
# and its man page relative to itself.
. "$(dirname "$0")/../cli/lib.sh"
not() { ! "$@"; }
unset SELFGRADE_DB SELFGRADE_LEARNER SELFGRADE_CONTENT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg
mkdir -p "$HOME"

# A packager's build: the shared libraries, as Debian policy wants (the
# default build embeds five of them, which lintian calls embedded-library),
# configured and built in the test's folder.
t configure 0 cmake -S "$SRC" -B "$tmp/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DSELFGRADE_STATIC_DEPS=OFF -DSELFGRADE_TESTS=OFF
t build 0 cmake --build "$tmp/build" -j2
t cpack 0 cpack --config "$tmp/build/CPackConfig.cmake" -G DEB -B "$tmp/out-deb"
# The default build (static archives) refuses to make one, naming the flag.
t cpack-static 1 cpack --config "$BUILD_DIR/CPackConfig.cmake" -G DEB -B "$tmp/out-static"
ok cpack-static-says grep -q "SELFGRADE_STATIC_DEPS=OFF" "$tmp/out" "$tmp/err"
ok cpack-static-made-none test -z "$(ls "$tmp"/out-static/*.deb 2>/dev/null)"
deb=$(ls "$tmp"/out-deb/selfgrade_*.deb 2>/dev/null | head -1)
ok deb-built test -s "$deb"
[ -s "$deb" ] || { summary deb; exit 1; }

# The control file: Depends computed from the shared libraries linked.
t control 0 dpkg-deb -f "$deb" Package Version Architecture Maintainer Depends Description
# libhogweed6 and ICU are loaded with dlopen (sign.c, name.c), so named in
# package.cmake; ICU's package by the major version built against.
icu=libicu$(pkg-config --modversion icu-i18n | cut -d. -f1)
for lib in libc6 libncursesw6 libsqlite3-0 libyaml-0-2 libjansson4 libnettle8 libhogweed6 "$icu"; do
	ok "depends $lib" grep -qE "^Depends:.*\b$lib\b" "$tmp/out"
done
ok no-xml-escapes-in-description not grep -q '&[a-z]*;' "$tmp/out"

# What is in it.
t contents 0 dpkg-deb -c "$deb"
for f in usr/bin/selfgrade usr/share/man/man1/selfgrade.1.gz \
	usr/share/locale/ru/LC_MESSAGES/selfgrade.mo \
	usr/share/selfgrade/checklists/multi-database/checklist.yaml \
	usr/share/selfgrade/demo/cohort.json \
	usr/share/bash-completion/completions/selfgrade \
	usr/share/zsh/vendor-completions/_selfgrade \
	usr/share/doc/selfgrade/README.md usr/share/doc/selfgrade/LICENSE \
	usr/share/doc/selfgrade/copyright usr/share/doc/selfgrade/changelog.gz \
	usr/share/doc/selfgrade/learner.md usr/share/doc/selfgrade/instructor.md \
	usr/share/doc/selfgrade/content.md usr/lib/selfgrade/modules/tutor.so; do
	ok "contains $f" grep -qE " \./$f\$" "$tmp/out"
done
ok owned-by-root not grep -vq ' root/root ' "$tmp/out"

# lintian: no error (warnings are printed for the record).
if command -v lintian >/dev/null; then
	lintian --tag-display-limit 0 "$deb" >"$tmp/lintian" 2>&1
	sed 's/^/  lintian: /' "$tmp/lintian" | grep -v 'root privileges'
	ok lintian-no-errors not grep -q '^E:' "$tmp/lintian"
	ok lintian-ran not grep -qi 'traceback\|^lintian: .*fail' "$tmp/lintian"
else
	echo "FAIL lintian is not installed (tools/install-deps installs it)"
	failed=$((failed + 1))
fi

# Extracted, run from anywhere: the pack and the catalogue are found beside
# the binary, not in the build or source tree.
root=$tmp/root
t extract 0 dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin/selfgrade
t validate 0 sh -c 'cd / && exec "$0" validate' "$bin"
ok validate-uses-extracted-pack has "$root/usr/bin/../share/selfgrade/checklists/multi-database: ok" "$tmp/out"
t help-ru 0 env LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 "$bin" --help
ok help-ru-says-usage has "selfgrade [GLOBAL] [COMMAND] [ARGS]" "$tmp/out"
ok help-ru-is-russian has "команды:" "$tmp/out"
t version 0 "$bin" --version
ok version-is-project has "selfgrade $(sed -n 's/^project(selfgrade VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" "$tmp/out"
t demo-import 0 "$bin" --db "$tmp/demo.db" import "$root/usr/share/selfgrade/demo/cohort.json"
# Each new learner's name compared with those before it: ICU found.
t demo-list 0 "$bin" --db "$tmp/demo.db" learner list
ok demo-all-learners test "$(wc -l <"$tmp/out")" = "$(jq '.learners | length' "$root/usr/share/selfgrade/demo/cohort.json")"
t demo-verify 0 "$bin" verify "$root/usr/share/selfgrade/demo/cohort.json"

# The man page from the package renders without a warning.
t man 0 env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/selfgrade.1.gz"
ok man-no-warnings test ! -s "$tmp/err"
ok man-renders has "SELFGRADE(1)" "$tmp/out"
# The installed README's links to the guides lead to the files beside it.
for g in learner instructor content probes design performance; do
	ok "readme-links-$g" test -s "$root/usr/share/doc/selfgrade/$g.md" -a \
		"$(grep -c "]($g.md)" "$root/usr/share/doc/selfgrade/README.md")" -ge 1
done
t changelog 0 sh -c "gzip -dc '$root/usr/share/doc/selfgrade/changelog.gz' | head -1"
ok changelog-debian-format grep -qE '^selfgrade \([0-9.]+\) [a-z]+; urgency=' "$tmp/out"

# The Russian catalogue, proven by the tutor speaking Russian: the build
# tree's catalogue is out of reach (a copy of the binary that is not in
# the build folder looks only beside itself).
SELFGRADE=$bin
. "$SRC/tests/tui/lib.sh"
if locale -a 2>/dev/null | grep -qix ru_RU.utf8; then
	start 80 24 LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 USER=anna HOME="$HOME" \
		XDG_DATA_HOME="$XDG_DATA_HOME" TERM=xterm-256color
	wait_for "anna" >/dev/null
	keys Enter
	ok tutor-welcome-russian wait_for "Добро пожаловать в selfgrade, anna."
	keys Enter
	ok tutor-russian wait_for "Оценка"
	keys q
	ok tutor-exit test "$(wait_exit)" = 0
else
	echo "FAIL the ru_RU.UTF-8 locale is missing (tools/install-deps makes it)"
	failed=$((failed + 1))
fi
summary deb
