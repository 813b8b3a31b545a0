#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The malformed-content corpus: each tests/data/bad/TARGET--CASE.yaml
# replaces TARGET.yaml in a copy of tests/data/good/minimal; `validate` must
# exit 1 and print exactly TARGET--CASE.expect on stderr, nothing on stdout.
# A few cases too large or too odd to commit are made here.
# UPDATE=1 writes missing .expect files (review them before committing).
set -u
: "${SELFGRADE:?path to the selfgrade binary}" "${SRC:?source tree}"
bad="$SRC/tests/data/bad"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 failed=0

# check NAME DIR EXPECT_FILE: runs validate in DIR and compares.
check() {
	local name=$1 dir=$2 expect=$3 rc
	(cd "$dir" && "$SELFGRADE" --content . validate >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ ! -f "$expect" ] && [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/err" "$expect"
	fi
	if [ "$rc" -ne 1 ] || [ -s "$tmp/out" ] || ! diff -u "$expect" "$tmp/err" >"$tmp/diff" 2>&1; then
		echo "FAIL $name (exit $rc)"
		cat "$tmp/diff" "$tmp/out"
		failed=$((failed + 1))
	else
		pass=$((pass + 1))
	fi
}

fresh() {
	rm -rf "$tmp/pack"
	mkdir "$tmp/pack"
	cp "$SRC/tests/data/good/minimal/"*.yaml "$tmp/pack/"
}

for case in "$bad"/*.yaml; do
	name=$(basename "$case" .yaml)
	fresh
	cp "$case" "$tmp/pack/${name%%--*}.yaml"
	check "$name" "$tmp/pack" "$bad/$name.expect"
done

# Generated: a file over the 256 MiB limit (sparse: refused by its size,
# unread), a scalar over 64 KiB, a late control character, a stray
# misspelt file, a missing required file, a directory where a file should be.
gen() { check "$1" "$tmp/pack" "$bad/generated/$1.expect"; }
fresh; truncate -s $((256 * 1024 * 1024 + 1)) "$tmp/pack/tables.yaml"; gen huge-file
fresh; python3 -c 'print("takeaways:\n  - id: k1\n    number: 1\n    text: \"" + "я" * 40000 + "\"")' >"$tmp/pack/takeaways.yaml"; gen huge-scalar
# A control character past libyaml's first reads: the sections before it
# were streamed into the pack when the file is parsed again for the place,
# and must not be read twice (each a duplicate of itself).
fresh; python3 -c 'import sys; sys.stdout.write("sections:\n" + "".join(f"  - id: s{i}\n    number: {i}\n    title: T\n    items:\n      - {{id: a{i}, text: x}}\n" for i in range(1, 1000)) + "  - id: z\n    title: \"\x01\"\n")' >"$tmp/pack/checklist.yaml"; gen late-control
fresh; cp "$tmp/pack/rubric.yaml" "$tmp/pack/rubrik.yml"; gen stray-file
fresh; rm "$tmp/pack/rubric.yaml"; gen missing-file
fresh; rm "$tmp/pack/mistakes.yaml"; mkdir "$tmp/pack/mistakes.yaml"; gen directory
# Pack files that are not what they seem: a symbolic link leading out of
# the pack (its lines must not be quoted back), a FIFO (must not block).
fresh; printf 'root:*:20228:0:99999:7:::\n' >"$tmp/secret"; rm "$tmp/pack/rubric.yaml"
ln -s "$tmp/secret" "$tmp/pack/rubric.yaml"; gen link-outside
ok_inside() {
	fresh; mv "$tmp/pack/rubric.yaml" "$tmp/pack/shared.txt"; ln -s shared.txt "$tmp/pack/rubric.yaml"
	if (cd "$tmp/pack" && "$SELFGRADE" --content . validate >/dev/null 2>&1); then pass=$((pass + 1)); else echo "FAIL link-inside"; failed=$((failed + 1)); fi
}
ok_inside
fresh; rm "$tmp/pack/tables.yaml"; mkfifo "$tmp/pack/tables.yaml"; gen fifo

# The size limit the documents state is the code's (they once said 4 MiB).
mib=$(sed -n 's/^#define PACK_MAX_FILE (\([0-9]*\)u \* 1024u \* 1024u)$/\1/p' "$SRC/include/selfgrade/content.h")
if [ -n "$mib" ] && grep -q "^A file is at most $mib MiB" "$SRC/doc/content.md" &&
	grep -q "(libyaml has none): $mib MiB a file" "$SRC/doc/design.md"; then
	pass=$((pass + 1))
else
	echo "FAIL limit-documented: PACK_MAX_FILE is '${mib}' MiB; doc/content.md and doc/design.md say otherwise"
	failed=$((failed + 1))
fi

echo "bad-content: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
