#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The executable exports what the tutor's module takes from it and nothing
# else: the core's internal helpers stay inside. The count is pinned, so a
# change to it is a decision seen in review.
. "$(dirname "$0")/lib.sh"
TUTOR_SO=${TUTOR_SO:-$BUILD_DIR/tutor.so}
# exported BIN: the symbols BIN defines for others, without the C library's
# data the linker copies in (stdout, optarg, ...).
exported() { nm -D --defined-only "$1" | awk '$3 !~ /@/ {print $3}' | sort -u; }
exported "$SELFGRADE" >"$tmp/exported"
nm -D --undefined-only "$TUTOR_SO" | awk '{print $2}' | sed 's/@.*//' | sort -u >"$tmp/needed"

# Every export is one the module takes (the sanitizers' runtime exports
# its own interface and interceptors besides: counted in the plain build).
if [ "${SANITIZED:-OFF}" != ON ]; then
	ok only-what-the-tutor-takes test -z "$(comm -23 "$tmp/exported" "$tmp/needed")"
	comm -23 "$tmp/exported" "$tmp/needed" | sed 's/^/  exported, not taken: /' | head
	# Pinned: the count (it was 2,040 with the whole core exported).
	ok export-count test "$(wc -l <"$tmp/exported")" -eq 53
fi
# None of the store's helpers, by their old or new names.
for s in begin commit exec prep rollback refused step_done db_fail col_dup \
	store_begin store_commit store_exec store_stmt store_fail store_step_done; do
	ok "not-exported-$s" sh -c "! grep -qx '$s' '$tmp/exported'"
done
summary cli.symbols
