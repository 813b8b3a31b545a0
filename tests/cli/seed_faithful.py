#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The shipped pack says what the course documents say, word for word.

Reads the seeds' own Markdown (tests/data/seeds/) and the pack through
`selfgrade dump`, and compares both ways: every checkbox, «Проверка» hint,
note, CRITICAL rule, criterion, mistake, table row and takeaway of the seed
is in the pack in the same place, and the pack holds nothing the seed does
not say.
"""
import json
import os
import re
import subprocess
import sys

SRC = os.environ["SRC"]
SEEDS = os.path.join(SRC, "tests", "data", "seeds")
failures = []


def seed(name):
    with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
        return f.read().splitlines()


def same(what, want, got):
    if want != got:
        failures.append(f"{what}:\n  seed: {want!r}\n  pack: {got!r}")


def between(lines, start, stop):
    i = next(k for k, l in enumerate(lines) if l.startswith(start))
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith(stop))
    return lines[i + 1:j]


def md_table(lines, after):
    i = next(k for k, l in enumerate(lines) if l.strip() == after)
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


dump = json.loads(subprocess.run([os.environ["SELFGRADE"], "dump"],
                                 check=True, capture_output=True,
                                 text=True).stdout)
s000 = seed("000_e02b140b6bf0f100.txt")

# --- Section 8: the checklist as a tree, from its indentation ------------
sec = between(s000, "### Section 8:", "```")
title = next(l for l in s000 if l.startswith("### Section 8:"))
section = dump["sections"][0]
same("section title", title.split(": ", 1)[1], section["title"])
same("section number", 8, section["number"])
same("applies_when", next(l for l in sec if l.startswith("Эта секция")),
     section["applies_when"])


def seed_tree(lines):
    """[(indent, node)] where node = {text, verify, notes, rule, items}."""
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


def pack_tree(items):
    return [{"text": i["text"], "verify": i.get("verify"),
             "notes": i.get("notes", []), "rule": i.get("rule"),
             "items": pack_tree(i["items"])} for i in items]


def critical_ok(items):
    for i in items:
        same(f"critical flag of {i['id']}", "rule" in i, i["critical"])
        critical_ok(i["items"])


same("section 8 checklist", seed_tree(sec), pack_tree(section["items"]))
critical_ok(section["items"])

links = re.findall(r"\[([^\]]+)\]\((/course/module-7/[^)]+)\)",
                   "\n".join(s000))
same("links", [{"title": t, "href": h} for t, h in links], section["links"])

# --- rubric ----------------------------------------------------------------
levels = dump["rubric"]["levels"]
for k, head in enumerate(["**Exemplary Multi-Database:**",
                          "**Meets Expectations Multi-Database:**"]):
    i = s000.index(head)
    crit = []
    for l in s000[i + 1:]:
        if not l.startswith("- "):
            break
        crit.append(l[2:])
    same(f"level {k} title", head.strip("*:"), levels[k]["title"])
    same(f"level {k} criteria", crit, [c["text"] for c in levels[k]["criteria"]])
same("rubric applies_when", "Если вы реализуете multi-database extension:",
     dump["rubric"].get("applies_when"))

# --- mistakes 7-9 ------------------------------------------------------------
mistakes = dump["mistakes"]
heads = [k for k, l in enumerate(s000) if re.match(r"^### [789]\. ", l)]
same("mistake count", 3, len(mistakes))
for m, h in zip(mistakes, heads):
    end = next((k for k in range(h + 1, len(s000))
                if s000[k].startswith("### ") or s000[k].startswith("```\n")
                or s000[k] == "**Update Key Takeaways section** (at the end of the file):"),
               len(s000))
    block = s000[h:end]
    num, title = re.match(r"^### (\d)\. (.*)$", block[0]).groups()
    same(f"{m['id']} number", int(num), m["number"])
    same(f"{m['id']} title", title, m["title"])
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
        fence = block[i + 1]
        j = block.index("```", i + 2)
        same(f"{m['id']} fix lang", fence[3:], m["fix"]["lang"])
        same(f"{m['id']} fix code", "\n".join(block[i + 2:j]) + "\n",
             m["fix"]["code"])
    else:
        same(f"{m['id']} has no fix code", None, m.get("fix"))

tables = {t["id"]: t for t in dump["tables"]}
rec = md_table(s000, "**Key differences:**")
same("recovery table", rec, {k: tables["t.recovery"][k] for k in ("columns", "rows")})
same("mistake 9 shows the recovery table", "t.recovery", mistakes[2].get("table"))

# --- takeaways 11-14 --------------------------------------------------------------
tk = [re.match(r"^(1[1-4])\. (.*)$", l) for l in s000]
tk = [(int(m.group(1)), m.group(2)) for m in tk if m]
same("takeaways", tk, [(t["number"], t["text"]) for t in dump["takeaways"]])

# --- reference tables of lessons 04 and 05 -------------------------------------------
s002 = seed("002_c6b428cfd1eb8635.txt")
for tid, after in [("t.patterns", "**Comparison Table:**"),
                   ("t.operational", "**Operational Differences Table:**")]:
    same(tid, md_table(s002, after),
         {k: tables[tid][k] for k in ("columns", "rows")})
s003 = seed("003_8e6aff61c6126cdf.txt")
issues = [re.match(r'^ +- "(.*)" -> (.*)$', l) for l in s003]
issues = [[m.group(1), m.group(2)] for m in issues if m]
same("troubleshooting rows", issues, tables["t.troubleshooting"]["rows"])

if failures:
    print("\n".join(failures))
print(f"seed-faithful: {0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
