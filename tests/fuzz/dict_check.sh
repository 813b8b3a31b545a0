#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The content fuzzer's dictionary names every key the loader knows: the
# keys of content.c's schema tables (FIELD, FIELD_LIST, FIELD_FN), the
# keys[] of probe_load.c, its kinds and "probes". A key added to a table
# and not here fails this test.
set -u
: "${SRC:?source tree}"
dict="$SRC/tests/fuzz/content.dict"
missing=0
keys=$( {
	grep -oE 'FIELD(_LIST|_FN)?\("[a-z_]+"' "$SRC/src/core/content/content.c" | grep -oE '"[a-z_]+"'
	sed -n '/keys\[K_N\] = {/,/};/p' "$SRC/src/core/content/probe_load.c" | grep -oE '"[a-z_]+"'
	sed -n '/kind_names\[PROBE_KIND_COUNT\] = {/,/};/p' "$SRC/src/core/content/probe_load.c" | grep -oE '"[a-z-]+"'
	echo '"probes"'
} | sort -u)
n=0
for k in $keys; do
	n=$((n + 1))
	if ! grep -qxF "$k" "$dict"; then
		echo "FAIL: $k is not in tests/fuzz/content.dict"
		missing=$((missing + 1))
	fi
done
# The extraction itself must have found the tables.
if [ "$n" -lt 50 ]; then
	echo "FAIL: only $n keys found in the loader's tables"
	missing=$((missing + 1))
fi
echo "fuzz dictionary: $n keys, $missing missing"
[ "$missing" -eq 0 ]
