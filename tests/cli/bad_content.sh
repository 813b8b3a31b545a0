#!/usr/bin/env bash
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
# unread), a scalar over 64 KiB, a stray
# misspelt file, a missing required file, a directory where a file should be.
gen() { check "$1" "$tmp/pack" "$bad/generated/$1.expect"; }
fresh; truncate -s $((256 * 1024 * 1024 + 1)) "$tmp/pack/tables.yaml"; gen huge-file
fresh; python3 -c 'print("takeaways:\n  - id: k1\n    number: 1\n    text: \"" + "я" * 40000 + "\"")' >"$tmp/pack/takeaways.yaml"; gen huge-scalar
fresh; cp "$tmp/pack/rubric.yaml" "$tmp/pack/rubrik.yml"; gen stray-file
fresh; rm "$tmp/pack/rubric.yaml"; gen missing-file
fresh; rm "$tmp/pack/mistakes.yaml"; mkdir "$tmp/pack/mistakes.yaml"; gen directory

echo "bad-content: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
