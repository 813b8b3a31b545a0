#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The house has one order (doc/development.md): each folder of the core
# uses only the folders before it, the tutor uses the core, and the
# command line uses the tutor and the core. An #include against the order
# fails here, naming the file, the line and the two rooms.
. "$(dirname "$0")/lib.sh"

# The core's rooms in their order, then the front ends.
ORDER="base content probe model store report exchange tui cli main"

# violations ROOT: every include against the order under ROOT (a tree laid
# out as src/ and include/selfgrade/ are), one line each.
violations() {
	/usr/bin/python3 - "$1" "$ORDER" <<'PY'
import os, re, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
root, order = sys.argv[1], sys.argv[2].split()
rank = {r: i for i, r in enumerate(order)}
core = os.path.join(root, "src/core")
# Where each file of the core lives, by name; a public header is in the
# room of the source file of its name (store.h: store/store.c).
room_of = {}
for room in os.listdir(core) if os.path.isdir(core) else []:
    if room not in rank:
        print(f"src/core/{room}: a folder that is no room of the order ({' '.join(order)})")
        continue
    for f in os.listdir(os.path.join(core, room)):
        room_of[f] = room
public = {"i18n.h": "base", "frontend.h": "exchange", "report.h": "report"}
def header_room(h):
    if h in public:
        return public[h]
    return room_of.get(h[:-2] + ".c")
def room_of_path(rel):
    parts = rel.split("/")
    if parts[0] == "include":
        return header_room(parts[-1])
    if parts[:2] == ["src", "core"] and len(parts) > 3:
        return parts[2]
    if parts[0] == "src" and len(parts) == 2:
        return "main"
    return parts[1] if parts[0] == "src" else None
inc = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
for top in ("src", "include"):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for f in sorted(files):
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            here = room_of_path(rel)
            if here is None:
                continue
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                m = inc.match(line)
                if not m:
                    continue
                h = m.group(1)
                if h.startswith("selfgrade/"):
                    there = header_room(h.split("/")[-1])
                elif "/" in h:
                    there = h.split("/")[0] if h.split("/")[0] in rank else None
                    if h.startswith("../"):
                        there = "?"
                else:
                    there = here  # beside it, in its own folder
                if there is None:
                    print(f"{rel}:{n}: includes {h}, which is in no room")
                elif there == "?" or rank[there] > rank[here]:
                    print(f"{rel}:{n}: {here} includes {h} ({there}), which comes after it")
PY
}

ok no-include-against-the-order test -z "$(violations "$SRC")"
violations "$SRC" | sed 's/^/  /'
ok core-has-no-loose-files test -z "$(find "$SRC/src/core" -maxdepth 1 -type f)"
for room in base content probe model store report exchange; do
	ok "room-$room" test -d "$SRC/src/core/$room"
done
# The order is written where a newcomer reads it.
ok order-documented grep -q "base → content → probe → model → store → report → exchange" \
	"$SRC/doc/development.md"

# The check itself sees an include that runs back up.
mkdir -p "$tmp/src/core/base" "$tmp/src/core/store" "$tmp/src/tui" "$tmp/include/selfgrade"
touch "$tmp/src/core/store/store.c" "$tmp/include/selfgrade/store.h"
printf '#include "selfgrade/store.h"\n' >"$tmp/src/core/base/utf8.c"
printf '#include "cli/cli.h"\n' >"$tmp/src/tui/x.c"
ok check-sees-base-using-store grep -q "base/utf8.c:1: base includes selfgrade/store.h (store)" \
	<(violations "$tmp")
ok check-sees-tui-using-cli grep -q "src/tui/x.c:1: tui includes cli/cli.h (cli)" \
	<(violations "$tmp")
summary cli.layers
