#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Migrations are numbered by name: a file's NNN is the schema version it
# makes, so the build refuses a gap or a number used twice; the shipped
# steps run 1, 2, 3 ... and a new database ends at the last one.
. "$(dirname "$0")/lib.sh"
# CMake folds its messages: read them as one line.
embed() {
	local rc
	cmake -DDIR="$1" -DOUT="$tmp/out.c" -P "$SRC/cmake/embed_migrations.cmake" 2>&1 >/dev/null |
		tr -s ' \n' '  ' >&2
	rc=${PIPESTATUS[0]}
	return "$rc"
}

mkdir -p "$tmp/ok" "$tmp/gap" "$tmp/twice" "$tmp/name"
for d in ok gap twice; do
	echo "SELECT 1;" >"$tmp/$d/001_a.sql"
	echo "SELECT 2;" >"$tmp/$d/002_b.sql"
done
echo "SELECT 3;" >"$tmp/gap/004_d.sql"
echo "SELECT 2;" >"$tmp/twice/002_c.sql"
echo "SELECT 1;" >"$tmp/name/1_a.sql"
t embed-ok 0 embed "$tmp/ok"
ok embed-ok-versions grep -q '{2, "002_b.sql", m2}' "$tmp/out.c"
ok embed-ok-count grep -q 'n_migrations = 2;' "$tmp/out.c"
t embed-gap 1 embed "$tmp/gap"
ok embed-gap-says has "migration 004 after 2: the versions run without a gap (the next is 3)" "$tmp/err"
t embed-twice 1 embed "$tmp/twice"
ok embed-twice-says has "a second migration numbered 002" "$tmp/err"
t embed-name 1 embed "$tmp/name"
ok embed-name-says has "a migration is named NNN_name.sql" "$tmp/err"

# The shipped steps: names and versions agree, and a new database records
# the last.
t embed-shipped 0 embed "$SRC/data/migrations"
last=$(ls "$SRC/data/migrations" | sort | tail -1 | cut -c1-3)
ok shipped-last grep -q "n_migrations = $((10#$last));" "$tmp/out.c"
"$SELFGRADE" --db "$tmp/new.db" learner add anna >/dev/null
ok new-db-version test "$(sqlite3 "$tmp/new.db" 'PRAGMA user_version')" = "$((10#$last))"
summary cli.migrations
