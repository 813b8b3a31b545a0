#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""README's scoring section is rubric.yaml, so the two cannot drift.

The section between the "rubric:begin" and "rubric:end" markers of
README.md is generated from the shipped pack: its structure from
`selfgrade dump`, the "why" of each required id and attestation from the
one-line comment that rubric.yaml writes beside it (SPEC §4: a comment per
id says why). The test fails when a required id or an attestation has no
comment, or when README's section differs from what is generated.

Usage: readme_rubric.py [--write]   (--write rewrites README's section)
"""
import json
import os
import re
import subprocess
import sys

SRC = os.environ["SRC"]
RUBRIC = os.path.join(SRC, "checklists", "multi-database", "rubric.yaml")
README = os.path.join(SRC, "README.md")
BEGIN = ("<!-- rubric:begin — generated from checklists/multi-database/"
         "rubric.yaml by tests/cli/readme_rubric.py --write; do not edit -->")
END = "<!-- rubric:end -->"
failures = []


def comments():
    """{criterion id: [(required id or None for the attestation, why)]}."""
    out, crit = {}, None
    with open(RUBRIC, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"^\s*- id: (\S+)\s*$", line)
            if m:
                crit = m.group(1)
                out.setdefault(crit, [])
                continue
            m = re.match(r"^\s*- ([a-z0-9][a-z0-9._-]*)\s+# (.+)$", line)
            if m and crit:
                out[crit].append((m.group(1), m.group(2).strip()))
                continue
            m = re.match(r"^\s*attest: true\s+# (.+)$", line)
            if m and crit:
                out[crit].append((None, m.group(1).strip()))
    return out


def cell(s):
    return s.replace("|", "\\|")


def generate(dump, why):
    out = [BEGIN, ""]
    for level in dump["rubric"]["levels"]:
        out += [f"**{level['title']}** (`{level['id']}`)", "",
                "| criterion | its words in the seed | needs | why |",
                "| --- | --- | --- | --- |"]
        for c in level["criteria"]:
            have = why.get(c["id"], [])
            got = [i for i, _ in have if i is not None]
            if got != c["requires"]:
                failures.append(f"{c['id']}: requires {c['requires']} but "
                                f"rubric.yaml comments on {got} (one id a "
                                "line, each with a '# why' comment)")
            if any(i is None for i, _ in have) != c["attest"]:
                failures.append(f"{c['id']}: 'attest: true' needs a '# why' "
                                "comment on its line")
            rows = [(f"`{i}`" if i else "attestation", w) for i, w in have]
            rows += [("runtime check", f"{v} (lesson 05's Verification "
                      "Checklist; shown, not scored)") for v in c.get("verify", [])]
            for k, (need, w) in enumerate(rows):
                first = k == 0
                out.append("| {} | {} | {} | {} |".format(
                    f"`{c['id']}`" if first else "",
                    cell(c["text"]) if first else "", need, cell(w)))
        out.append("")
    out.append(END)
    return out


dump = json.loads(subprocess.run(
    [os.environ["SELFGRADE"], "--content", os.path.dirname(RUBRIC), "dump"],
    check=True, capture_output=True, text=True).stdout)
want = generate(dump, comments())
with open(README, encoding="utf-8") as f:
    readme = f.read().split("\n")
try:
    i, j = readme.index(BEGIN), readme.index(END)
except ValueError:
    i = j = None
    failures.append("README.md has no rubric:begin / rubric:end markers")
if i is not None and "--write" in sys.argv[1:] and not failures:
    with open(README, "w", encoding="utf-8") as f:
        f.write("\n".join(readme[:i] + want + readme[j + 1:]))
    print("README.md: scoring section written")
    sys.exit(0)
if i is not None and readme[i:j + 1] != want:
    failures.append("README.md's scoring section differs from rubric.yaml; "
                    "run tests/cli/readme_rubric.py --write (with SRC and "
                    "SELFGRADE set) and review the diff")
if failures:
    print("\n".join(failures))
print(f"readme-rubric: {0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
