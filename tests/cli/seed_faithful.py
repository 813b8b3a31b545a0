#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The shipped pack says what the course documents say, word for word.

Reads the seeds' own Markdown (tests/data/seeds/) and the pack through
`selfgrade dump`, and compares both ways:

1. Every string of the dump under a content key is found in a seed, in
   whichever section, level, table or entry it sits; the only exceptions are
   the keys the dump's "provenance" names as the project's own (ids, the
   scoring mapping) and the keys a table's "own" list names.
2. Everything the seeds give the learner is in the pack, unchanged, in its
   place, and nothing more: Section 8 (every checkbox, «Проверка» hint, note,
   CRITICAL rule, link with its tail), the two rubric levels, lesson 05's
   Verification Checklist (criteria's `verify`), mistakes 7-9, every table
   (title, source, columns, rows), lesson 04's callouts, takeaways 11-14.

Usage: seed_faithful.py [PACK_DIR] (default: the shipped pack).
"""
import collections
import difflib
import json
import os
import re
import subprocess
import sys

SRC = os.environ["SRC"]
SEEDS = os.path.join(SRC, "tests", "data", "seeds")
# The keys whose values are the project's, not a seed's (checklists/README.md).
OWN_KEYS = ["id", "requires", "related", "table", "own", "version", "language",
            "probes"]
failures = []


def seed(name):
    with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
        return f.read().splitlines()


def same(what, want, got):
    if want == got:
        return
    a = json.dumps(want, ensure_ascii=False, indent=1, default=dict).splitlines()
    b = json.dumps(got, ensure_ascii=False, indent=1, default=dict).splitlines()
    if len(a) + len(b) > 6:
        diff = difflib.unified_diff(a, b, "seed", "pack", n=2, lineterm="")
        failures.append(f"{what}:\n" + "\n".join(diff))
    else:
        failures.append(f"{what}:\n  seed: {want!r}\n  pack: {got!r}")


def index_of(lines, pred, start=0):
    return next(k for k in range(start, len(lines)) if pred(lines[k]))


def between(lines, start, stop):
    i = index_of(lines, lambda l: l.startswith(start))
    j = index_of(lines, lambda l: l.startswith(stop), i + 1)
    return lines[i + 1:j]


def md_table(lines, after):
    i = index_of(lines, lambda l: l.strip() == after)
    rows = []
    for l in lines[i + 1:]:
        if not l.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in l.strip().strip("|").split("|")]
        if not all(set(c) <= set("-") for c in cells):
            rows.append(cells)
    return {"columns": rows[0], "rows": rows[1:]}


def frontmatter_title(lines):
    return next(re.match(r'^title: "(.*)"$', l).group(1)
                for l in lines if l.startswith('title: "'))


def bold_of(lines, pattern):
    """The bold words of the first line matching pattern."""
    l = next(l for l in lines if re.search(pattern, l))
    return re.search(r"\*\*(.+?):?\*\*", l).group(1)


pack_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    SRC, "checklists", "multi-database")
dump = json.loads(subprocess.run(
    [os.environ["SELFGRADE"], "--content", pack_dir, "dump"], check=True,
    capture_output=True, text=True).stdout)
s000 = seed("000_e02b140b6bf0f100.txt")
s002 = seed("002_c6b428cfd1eb8635.txt")
s003 = seed("003_8e6aff61c6126cdf.txt")
SEED_TEXT = "\n".join(s000 + s002 + s003)

# --- 1. no string that no seed says ------------------------------------------
same("provenance: the project's own keys", OWN_KEYS,
     dump.get("provenance", {}).get("own_keys"))


def no_invention(node, path):
    if isinstance(node, dict):
        own = set(node.get("own", []))
        for k, v in node.items():
            if k not in OWN_KEYS and k not in own:
                no_invention(v, f"{path}.{k}")
    elif isinstance(node, list):
        for k, v in enumerate(node):
            no_invention(v, f"{path}[{k}]")
    elif isinstance(node, str) and node not in SEED_TEXT:
        failures.append(f"{path}: no seed says {node!r}")


for key, value in dump.items():
    if key != "provenance" and key not in OWN_KEYS:
        no_invention(value, key)

# --- 2. the pack and its Section 8 -------------------------------------------
title = next(re.search(r"`## (.*)`", l).group(1)
             for l in s000 if l.startswith("**New Section Title:**"))
same("pack title", title, dump["pack"]["title"])

sec = between(s000, "### Section 8:", "```")
i = s002.index("   - Use Callout component for critical pitfalls:")
callouts = []
for l in s002[i + 1:]:
    m = re.match(r'^     - "(.*)"$', l)
    if not m:
        break
    callouts.append(m.group(1))


def seed_tree(lines):
    """[node] where node = {text, verify, notes, rule, items}."""
    root = {"items": []}
    stack = [(-1, root)]
    for l in lines:
        m = re.match(r"^( *)- (.*)$", l)
        if not m:
            continue
        ind, body = len(m.group(1)), m.group(2)
        while stack[-1][0] >= ind:
            stack.pop()
        parent = stack[-1][1]
        if body.startswith("[ ] "):
            node = {"text": body[4:], "verify": None, "notes": [],
                    "rule": None, "items": []}
            parent["items"].append(node)
            stack.append((ind, node))
        elif body.startswith("Проверка: "):
            parent["verify"] = body[len("Проверка: "):]
        elif body.startswith("**CRITICAL:** "):
            parent["rule"] = body[len("**CRITICAL:** "):]
        else:
            parent["notes"].append(body)
    return root["items"]


shown_callouts = []


def pack_tree(items):
    """The pack's items as seed_tree() gives them; lesson 04's callouts,
    shown as an item's last notes, are taken out and counted apart."""
    out = []
    for i in items:
        notes = list(i.get("notes", []))
        while notes and notes[-1] in callouts:
            shown_callouts.insert(0, notes.pop())
        out.append({"text": i["text"], "verify": i.get("verify"),
                    "notes": notes, "rule": i.get("rule"),
                    "items": pack_tree(i["items"])})
    return out


def critical_ok(items):
    for i in items:
        same(f"critical flag of {i['id']}", "rule" in i, i["critical"])
        critical_ok(i["items"])


links = [re.search(r"\[([^\]]+)\]\((/course/module-7/[^)]+)\) (.+)$", l)
         for l in s000]
links = [{"title": m.group(1), "href": m.group(2), "tail": m.group(3)}
         for m in links if m]
want_section = {
    "number": int(re.match(r"^### Section (\d+):", title_line := next(
        l for l in s000 if l.startswith("### Section 8:"))).group(1)),
    "title": title_line.split(": ", 1)[1],
    "applies_when": next(l for l in sec if l.startswith("Эта секция")),
    "links": links,
    "items": seed_tree(sec),
}
same("section count", 1, len(dump["sections"]))
for s in dump["sections"][:1]:
    got = {"number": s["number"], "title": s["title"],
           "applies_when": s.get("applies_when"), "links": s["links"],
           "items": pack_tree(s["items"])}
    for k in want_section:
        same(f"section 8 {k}", want_section[k], got[k])
    critical_ok(s["items"])
same("lesson 04 callouts, each shown once as an item's note",
     sorted(callouts), sorted(shown_callouts))

# --- rubric --------------------------------------------------------------------
want_levels = []
for head in ["**Exemplary Multi-Database:**",
             "**Meets Expectations Multi-Database:**"]:
    i = s000.index(head)
    crit = []
    for l in s000[i + 1:]:
        if not l.startswith("- "):
            break
        crit.append(l[2:])
    want_levels.append((head.strip("*:"), crit))
same("rubric levels", want_levels,
     [(l["title"], [c["text"] for c in l["criteria"]])
      for l in dump["rubric"]["levels"]])
same("rubric applies_when", next(l for l in s000 if l.startswith("Если вы реализуете")),
     dump["rubric"].get("applies_when"))

# Lesson 05's Verification Checklist: each check under some criterion, once.
i = index_of(s003, lambda l: l.strip() == "8. **Verification Checklist**")
checks = []
for l in s003[i + 1:]:
    m = re.match(r"^ +- \[ \] (.*)$", l)
    if m:
        checks.append(m.group(1))
    elif checks:
        break
same("verification checklist (criteria's verify)", collections.Counter(checks),
     collections.Counter(v for l in dump["rubric"]["levels"]
                         for c in l["criteria"] for v in c.get("verify", [])))

# --- mistakes 7-9 ----------------------------------------------------------------
mistakes = dump["mistakes"]
heads = [k for k, l in enumerate(s000) if re.match(r"^### [789]\. ", l)]
same("mistake count", len(heads), len(mistakes))
for m, h in zip(mistakes, heads):
    end = next((k for k in range(h + 1, len(s000))
                if s000[k].startswith("### ")
                or s000[k] == "**Update Key Takeaways section** (at the end of the file):"),
               len(s000))
    block = s000[h:end]
    num, mtitle = re.match(r"^### (\d)\. (.*)$", block[0]).groups()
    same(f"{m['id']} number", int(num), m["number"])
    same(f"{m['id']} title", mtitle, m["title"])
    get = lambda p: next(l[len(p):] for l in block if l.startswith(p))
    same(f"{m['id']} error", get("**Ошибка:** "), m["error"])
    same(f"{m['id']} prevention", get("**Prevention:** "), m["prevention"])
    i = block.index("**Симптомы:**")
    symptoms = []
    for l in block[i + 1:]:
        if not l.startswith("- "):
            break
        symptoms.append(l[2:])
    same(f"{m['id']} symptoms", symptoms, m["symptoms"])
    if "**Fix:**" in block:
        i = block.index("**Fix:**")
        j = block.index("```", i + 2)
        same(f"{m['id']} fix", {"lang": block[i + 1][3:],
                                "code": "\n".join(block[i + 2:j]) + "\n"},
             m.get("fix"))
    else:
        same(f"{m['id']} has no fix", None, m.get("fix"))

# --- tables -----------------------------------------------------------------------
def patterns(lines):
    """Lesson 04's two patterns as rows: pattern, description, topic
    naming, pros, cons (the headers are the project's)."""
    rows = []
    for l in lines:
        m = re.match(r"^   - (\*\*Pattern \d: .*)$", l)
        if m:
            rows.append({"": m.group(1)})
            continue
        m = re.match(r"^     - (?:(Topic naming|Pros|Cons): )?(.*)$", l)
        if m and rows and len(rows[-1]) < 5:
            rows[-1][m.group(1) or "description"] = m.group(2)
    return [[r[k] for k in ("", "description", "Topic naming", "Pros", "Cons")]
            for r in rows]


lesson04, lesson05 = frontmatter_title(s002), frontmatter_title(s003)
issues = [re.match(r'^ +- "(.*)" -> (.*)$', l) for l in s003]
want_tables = {
    "t.recovery": {"title": bold_of(s000, r"^\*\*Key differences:\*\*$"),
                   "source": s000[heads[2]][len("### "):], "own": [],
                   **md_table(s000, "**Key differences:**")},
    "t.architecture": {"title": bold_of(s002, r"^2\. \*\*Architecture Patterns\*\*"),
                       "source": lesson04, "own": ["columns"], "width": 5,
                       "rows": patterns(s002)},
    "t.patterns": {"title": bold_of(s002, r"^\*\*Comparison Table:\*\*$"),
                   "source": lesson04, "own": [],
                   **md_table(s002, "**Comparison Table:**")},
    "t.operational": {"title": bold_of(s002, r"^\*\*Operational Differences Table:\*\*$"),
                      "source": lesson04, "own": [],
                      **md_table(s002, "**Operational Differences Table:**")},
    "t.troubleshooting": {"title": bold_of(s003, r"^9\. \*\*Common Issues"),
                          "source": lesson05, "own": ["columns"], "width": 2,
                          "rows": [[m.group(1), m.group(2)] for m in issues if m]},
}
tables = {t["id"]: t for t in dump["tables"]}
same("table ids", sorted(want_tables), sorted(tables))
for tid, want in want_tables.items():
    t = tables.get(tid)
    if not t:
        continue
    for k in ("title", "source", "rows"):
        same(f"{tid} {k}", want[k], t.get(k))
    same(f"{tid} own", want["own"], t.get("own", []))
    if "columns" in want:
        same(f"{tid} columns", want["columns"], t["columns"])
    else:
        same(f"{tid} column count", want["width"], len(t["columns"]))
same("mistake 9 shows the recovery table", "t.recovery",
     mistakes[2].get("table") if len(mistakes) > 2 else None)

# --- takeaways 11-14 -----------------------------------------------------------------
tk = [re.match(r"^(1[1-4])\. (.*)$", l) for l in s000]
tk = [(int(m.group(1)), m.group(2)) for m in tk if m]
same("takeaways", tk, [(t["number"], t["text"]) for t in dump["takeaways"]])

if failures:
    print("\n".join(failures))
print(f"seed-faithful: {0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
