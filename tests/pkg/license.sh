#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The licence: LICENSE is MIT, says the shipped content keeps its authors'
# terms, and every source file (test data aside: fixtures are files as a
# learner would write them) names its licence on its first line (or the
# second, after a #! line).
. "$(dirname "$0")/../cli/lib.sh"
ok license-mit grep -q '^MIT License$' "$SRC/LICENSE"
ok license-content-note grep -q "checklists/" "$SRC/LICENSE"
ok copyright-content-note grep -q '^Files: checklists/\*' "$SRC/doc/copyright"
cd "$SRC" || exit 1
find . \( -path ./.git -o -path './build*' -o -path ./tests/fuzz/corpus -o -path ./tests/data \) -prune -o -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' -o -name '*.cmake' \
	-o -name CMakeLists.txt -o -path './tools/*' -o -path ./.ci/run \) -print | sort >"$tmp/files"
ok sources-found test "$(wc -l <"$tmp/files")" -ge 50
while IFS= read -r f; do
	if head -1 "$f" | grep -q '^#!'; then first=$(sed -n 2p "$f"); else first=$(head -1 "$f"); fi
	ok "spdx $f" grep -qE '^(/\* |# |// )SPDX-License-Identifier: MIT( \*/)?$' <<<"$first"
done <"$tmp/files"
summary license
