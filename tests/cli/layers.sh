#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layers depend one way: cli/ → tui/ → core. The tutor includes
# nothing of the command line (it is handed an opened session,
# include/selfgrade/frontend.h), and the core nothing of either.
. "$(dirname "$0")/lib.sh"

# includes DIR PATTERN: the #include lines under DIR that match PATTERN.
includes() { grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<]($2)" "$SRC/$1" || true; }

ok tui-includes-no-cli test -z "$(includes src/tui 'cli/|\.\./cli/|cli\.h')"
ok core-includes-no-front-end test -z "$(includes src/core 'cli/|tui/|\.\./(cli|tui)/|cli\.h')"
ok public-headers-include-no-front-end test -z "$(includes include 'cli/|tui/|cli\.h')"
# The check itself sees an include when there is one.
mkdir -p "$tmp/src/tui"
printf '#include "cli/cli.h"\n' >"$tmp/src/tui/x.c"
ok check-sees-an-include test -n "$(SRC=$tmp includes src/tui 'cli/|\.\./cli/|cli\.h')"
includes src/tui 'cli/|\.\./cli/|cli\.h' | sed 's/^/  tui includes cli: /'
summary cli.layers
