#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Russian translation is complete: every interface string in the
# sources has a translation in po/ru.po, none of them fuzzy, and the file
# compiles with msgfmt's format checks.
. "$(dirname "$0")/lib.sh"
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$tmp/now.pot" "$SRC"/src/tui/*.c 2>/dev/null
t strings-extracted 0 test -s "$tmp/now.pot"
t ru-complete 0 msgcmp "$SRC/po/ru.po" "$tmp/now.pot"
t ru-compiles 0 msgfmt --check -o /dev/null "$SRC/po/ru.po"
t ru-no-fuzzy 0 msgattrib --only-fuzzy -o "$tmp/fuzzy.po" "$SRC/po/ru.po"
ok ru-no-fuzzy-entries test ! -s "$tmp/fuzzy.po"
summary i18n
