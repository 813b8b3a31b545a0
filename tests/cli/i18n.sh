#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Russian translation is complete: every interface string of the
# command line, the core and the tutor has a translation in po/ru.po, none
# of them fuzzy, and the file compiles with msgfmt's format checks; and no
# string a user reads is left unmarked (unmarked.py).
. "$(dirname "$0")/lib.sh"
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$tmp/now.pot" \
	"$SRC"/src/*.c "$SRC"/src/*/*.c "$SRC"/src/core/*/*.c "$SRC"/include/selfgrade/*.h 2>/dev/null
t strings-extracted 0 test -s "$tmp/now.pot"
# Each part of the program is in the catalogue, not only the tutor.
for part in src/main.c src/cli/ src/core/ src/tui/ include/selfgrade/i18n.h; do
	ok "extracted-from-$part" grep -q "^#: .*$part" "$tmp/now.pot"
done
t ru-complete 0 msgcmp "$SRC/po/ru.po" "$tmp/now.pot"
t ru-compiles 0 msgfmt --check -o /dev/null "$SRC/po/ru.po"
t ru-no-fuzzy 0 msgattrib --only-fuzzy -o "$tmp/fuzzy.po" "$SRC/po/ru.po"
ok ru-no-fuzzy-entries test ! -s "$tmp/fuzzy.po"
# Russian has three plural forms (1, 2-4, 5-20 and 11-14).
ok ru-plural-forms grep -qF 'Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "' "$SRC/po/ru.po"
t every-string-marked 0 python3 "$SRC/tests/cli/unmarked.py"
summary i18n
