#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""English sentences left in what a learner reads under ru_RU.

usage: english_left.py DUMP.json FILE...

Every text of the content pack (its own English terms: titles, table
cells, hints) is taken out first, as are commands, options, ids, paths and
file names; a line still holding an English function word between English
words is printed, and the exit status is 1."""
import json
import re
import sys


def strings(x, out):
    if isinstance(x, str):
        out.add(x)
        # as the screens show it: the pack's inline markup gone
        out.add(re.sub(r"\*\*|`", "", x))
    elif isinstance(x, dict):
        for v in x.values():
            strings(v, out)
    elif isinstance(x, list):
        for v in x:
            strings(v, out)


def main():
    pack = set()
    strings(json.load(open(sys.argv[1], encoding="utf-8")), pack)
    # whole texts first, then their words and phrases as wrapped lines
    # and cut cells show them
    parts = set()
    for s in pack:
        for piece in re.split(r"[\n•]", s):
            piece = piece.strip()
            if len(piece) >= 3:
                parts.add(piece)
        # terms (PostgreSQL, server_id, GTID), not plain English words
        words = re.findall(r"[A-Za-z][A-Za-z0-9_.{}/+-]*", s)
        parts.update(w for w in words if len(w) >= 2 and not w.isalpha()
                     or (w.isalpha() and not w.islower()))
    order = sorted(parts, key=len, reverse=True)
    function = re.compile(
        r"\b(the|and|with|your|is|are|not|from|this|that|of|to|for|or|"
        r"no|in|at|by|as|on|be|it|its|an|was|has|have|will|can|press|"
        r"shows|goes|here|there)\b")
    bad = 0
    for path in sys.argv[2:]:
        for line in open(path, encoding="utf-8", errors="replace"):
            rest = line
            # the content first: its texts hold dashes options would take
            for p in order:
                if p in rest:
                    rest = rest.replace(p, " ")
            rest = re.sub(r"selfgrade(\s+[a-z-]+)?|--?[a-z][a-z-]*|"
                          r"\b[\w-]+(\.[\w{}*-]+)+\b|/[\w./-]+",
                          " ", rest)
            english = re.findall(r"[A-Za-z]{2,}", rest)
            if len(english) >= 2 and function.search(rest):
                print(f"{path}: {line.rstrip()}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
