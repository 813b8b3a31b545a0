#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One vocabulary: the words the front ends once disagreed on appear in
# none of them, and the one word for each thing appears everywhere.
. "$(dirname "$0")/lib.sh"
export SELFGRADE_DB="$tmp/a.db"
unset SELFGRADE_LEARNER SELFGRADE_CONTENT
S=$SELFGRADE
"$S" learner add anna >/dev/null
"$S" check s8.mysql-outbox >/dev/null
: >"$tmp/all"
for cmd in "score" "status" "export --format md" "export --format html" "export --format csv" "undo"; do
	# shellcheck disable=SC2086
	"$S" $cmd >>"$tmp/all" 2>&1
done
for old in "not yet at any level" "Every level is reached" "undid the change" "[!] stale" "level: not yet"; do
	ok "no '$old'" sh -c "! grep -qF -- '$old' '$tmp/all'"
done
ok not-yet-one-word grep -q "Not yet" "$tmp/all"
ok undo-names-the-text grep -q "undone: 'MySQL outbox table создана с аналогичной схемой PostgreSQL'" "$tmp/all"
# A parent's tick is one change, named by the parent (not by one of its
# sub-items "and 2 more"), in undo and in redo; ticks of some sub-items
# only are named as they were.
"$S" check s8.pyflink >/dev/null
t undo-parent 0 "$S" undo
ok undo-names-the-parent grep -q "^anna: undone: 'PyFlink consumer обрабатывает события от обоих источников:' (s8.pyflink)$" "$tmp/out"
t redo-parent 0 "$S" redo
ok redo-names-the-parent grep -q "^anna: redone: 'PyFlink consumer обрабатывает события от обоих источников:' (s8.pyflink)$" "$tmp/out"
"$S" uncheck s8.pyflink >/dev/null
"$S" check s8.pyflink.two-sources s8.pyflink.union-all >/dev/null
t undo-some 0 "$S" undo
ok undo-some-names-a-sub-item grep -qE "\(s8\.pyflink\.(two-sources|union-all)\) and 1 more$" "$tmp/out"

# The same in Russian: the tutor's words (po/ru.po's one entry for each)
# in every front end, and no English left among them.
"$S" check s8.mysql-outbox >/dev/null
: >"$tmp/ru"
for cmd in "score" "status" "export --format md" "export --format html" "undo"; do
	# shellcheck disable=SC2086
	env LANG=ru_RU.UTF-8 "$S" $cmd >>"$tmp/ru" 2>&1
done
ok ru-not-yet-one-word test "$(grep -c "Пока нет" "$tmp/ru")" -ge 4
ok ru-no-english-not-yet sh -c "! grep -qiF 'not yet' '$tmp/ru'"
ok ru-undo-names-the-text grep -q "отменено: «MySQL outbox table создана с аналогичной схемой PostgreSQL»" "$tmp/ru"
ok ru-stale-mark grep -qF "[~] устарело" "$tmp/ru"
# Every level met: one sentence in score and the reports, in each language.
"$S" learner add full >/dev/null
# shellcheck disable=SC2046
"$S" --learner full check $("$S" --learner full status --json | jq -r '.states[].id') >/dev/null
for lang in C.UTF-8 ru_RU.UTF-8; do
	want="Every level is met."
	[ "$lang" = C.UTF-8 ] || want="Все уровни достигнуты."
	for cmd in "score" "export --format md" "export --format html"; do
		# shellcheck disable=SC2086
		env LANG=$lang "$S" --learner full $cmd >"$tmp/one" 2>&1
		ok "every-level-met $lang $cmd" grep -qF "$want" "$tmp/one"
	done
done
"$S" learner remove full >/dev/null

t again 0 "$S" check s8.mysql-outbox
t same-again 0 "$S" check s8.mysql-outbox
ok already-done has "nothing changed: already done" "$tmp/out"
t undo-one-step 0 "$S" undo
t state-after-undo 0 "$S" status --json
ok undo-reverted-the-real-change test "$(jq -r '.states[] | select(.id == "s8.mysql-outbox") | .done' "$tmp/out")" = false
summary vocabulary
