#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A learner on two machines (issue 30, 16): the second machine's import
# says that the learner's signing key stayed on the first and how to
# bring it; an export there without the key is refused (a warning, exit 1,
# no file) unless --unsigned; with the key brought, it is signed. And the
# words of score and the catalogue (9): runnable commands only, one quote
# style per language.
. "$(dirname "$0")/lib.sh"
S=$SELFGRADE
A=$tmp/a.db B=$tmp/b.db

"$S" --db "$A" learner add cara >/dev/null
"$S" --db "$A" --learner cara check m8 >/dev/null
t export-a 0 "$S" --db "$A" --learner cara export --format json -o "$tmp/a.json"
ok a-signed test "$(jq -r '.learners[0].signature | length' "$tmp/a.json")" = 128
t import-b 0 "$S" --db "$B" import "$tmp/a.json"
ok import-says-key-stays has "cara's signing key stays on the machine that created them" "$tmp/err"
ok import-says-how has "'selfgrade learner import-key FILE' here" "$tmp/err"
t export-b-refused 1 "$S" --db "$B" --learner cara export --format json -o "$tmp/b.json"
ok export-says-why has "cara's signing key is not in this database" "$tmp/err"
ok export-says-unsigned has "--unsigned" "$tmp/err"
ok export-wrote-nothing test ! -e "$tmp/b.json"
t export-b-unsigned 0 "$S" --db "$B" --learner cara export --format json --unsigned -o "$tmp/b.json"
ok unsigned-file test "$(jq -r '.learners[0].signature' "$tmp/b.json")" = null
# Other formats carry no signature: nothing to say.
t export-b-csv 0 "$S" --db "$B" --learner cara export --format csv
# The key brought over: signed exports, and the import says nothing more.
t key-out 0 "$S" --db "$A" learner export-key cara "$tmp/cara.key"
t key-in 0 "$S" --db "$B" learner import-key "$tmp/cara.key"
t export-b-signed 0 "$S" --db "$B" --learner cara export --format json --force -o "$tmp/b.json"
ok b-signed test "$(jq -r '.learners[0].signature | length' "$tmp/b.json")" = 128
t import-b-again 0 "$S" --db "$B" import "$tmp/a.json"
ok import-quiet-with-key bash -c "! grep -q 'signing key' '$tmp/err'"
# In Russian too.
t import-c-ru 0 "$S" --lang ru --db "$tmp/c.db" import "$tmp/a.json"
ok import-ru-says has "ключ подписи cara остался на машине" "$tmp/err"
t export-c-ru 1 "$S" --lang ru --db "$tmp/c.db" --learner cara export --format json -o "$tmp/c.json"
ok export-ru-says has "ключа подписи cara нет в этой базе" "$tmp/err"

# 9. score names runnable commands for everything still needed.
"$S" --db "$tmp/s.db" learner add dan >/dev/null
t score 0 "$S" --db "$tmp/s.db" --learner dan score
ok score-tick-runnable has "tick: selfgrade check s8." "$tmp/out"
ok score-no-bare-check bash -c "! grep -qE '^ +check ' '$tmp/out'"
# One quote style per language: English quotes with '…', Russian with «…».
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$tmp/now.pot" \
	"$SRC"/src/*.c "$SRC"/src/*/*.c "$SRC"/src/core/*/*.c "$SRC"/include/selfgrade/*.h 2>/dev/null
ok en-no-guillemets bash -c "! grep -E '^msgid.*«' '$tmp/now.pot'"
# (a JSON literal, "format": "…", is JSON's own syntax, not a quote)
double_quoted() { grep '^msgid' "$tmp/now.pot" | grep -F ' \"%s' | grep -vF '\"format\"'; }
ok en-no-double-quoted-values test -z "$(double_quoted)"
ok ru-no-ascii-quoted-values bash -c "! grep -E \"^msgstr.*'%s'\" '$SRC/po/ru.po'"
summary two-machines
