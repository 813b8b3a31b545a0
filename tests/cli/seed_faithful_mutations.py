#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""seed_faithful.py catches what it must: each mutation below is made to a
copy of the shipped pack in a temporary folder; the copy still loads
(`validate` passes), and seed_faithful.py must fail on it, naming the
mutated part. The unmutated copy must pass."""
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ["SRC"]
S = os.environ["SELFGRADE"]
PACK = os.path.join(SRC, "checklists", "multi-database")
CHECK = os.path.join(SRC, "tests", "cli", "seed_faithful.py")

SECTION_9 = '''
  - id: s9
    number: 9
    title: "Observability (Extension)"
    items:
      - id: s9.tracing
        text: "**Tracing** включён для обоих источников"
'''
LEVEL_3 = '''
  - id: beginner
    title: "Beginner Multi-Database"
    criteria:
      - id: be.tried
        text: "Оба коннектора запущены хотя бы раз"
        attest: true
'''
TABLE = '''
  - id: t.sizing
    title: "Sizing"
    columns: ["Aspect", "PostgreSQL"]
    rows:
      - ["Topic count", "2N (N per database)"]
'''

# name, file, (old, new) replacement or ("", text) to append, what the
# failure must name.
MUTATIONS = [
    ("invented section 9", "checklist.yaml", ("", SECTION_9), "section count"),
    ("invented third level", "rubric.yaml", ("", LEVEL_3), "rubric levels"),
    ("invented table", "tables.yaml", ("", TABLE), "table ids"),
    ("changed table title", "tables.yaml",
     ('title: "Comparison Table"', 'title: "Comparison"'), "t.patterns title"),
    ("invented column names", "tables.yaml",
     ('["Aspect", "Separate Topics", "Unified Topics"]',
      '["Aspect", "Separate", "Unified"]'), "t.patterns columns"),
    ("seed columns passed off as the project's", "tables.yaml",
     ('columns: ["Aspect", "Separate Topics", "Unified Topics"]',
      'own: [columns]\n    columns: ["Criterion", "Separate", "Unified"]'),
     "t.patterns own"),
    ("invented column names of the project's own table", "tables.yaml",
     ('own: [columns]\n    columns: ["Issue", "Remediation"]',
      'columns: ["Issue", "Remediation"]'), "t.troubleshooting own"),
    ("changed word", "takeaways.yaml",
     ("критическая ошибка", "серьёзная ошибка"), "no seed says"),
    ("changed verification check", "rubric.yaml",
     ('"Both connectors RUNNING"', '"Both connectors running"'),
     "no seed says"),
    ("missing callout", "checklist.yaml",
     ('              - "Unique database.server.name required to prevent topic conflicts" # lesson 04 callout\n', ""),
     "lesson 04 callouts"),
    ("changed link tail", "checklist.yaml",
     ('tail: "for patterns"', 'tail: "for architecture"'), "section 8 links"),
    ("changed pattern cell", "tables.yaml",
     ('"single consumer, unified processing"', '"single consumer"'),
     "t.architecture rows"),
]


def run(args):
    return subprocess.run(args, capture_output=True, text=True,
                          env=dict(os.environ))


failed = passed = 0
with tempfile.TemporaryDirectory(prefix="seed-mutations.") as tmp:
    def fresh():
        pack = os.path.join(tmp, "pack")
        shutil.rmtree(pack, ignore_errors=True)
        shutil.copytree(PACK, pack)
        return pack

    pack = fresh()
    r = run([sys.executable, CHECK, pack])
    if r.returncode != 0:
        print(f"FAIL the unmutated copy does not pass:\n{r.stdout}{r.stderr}")
        failed += 1
    else:
        passed += 1
    for name, file, (old, new), names in MUTATIONS:
        pack = fresh()
        path = os.path.join(pack, file)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if old:
            if text.count(old) != 1:
                print(f"FAIL {name}: {old!r} is not in {file} exactly once")
                failed += 1
                continue
            text = text.replace(old, new)
        else:
            text += new
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        v = run([S, "--content", pack, "validate"])
        r = run([sys.executable, CHECK, pack])
        if v.returncode != 0:
            print(f"FAIL {name}: the mutated pack does not load:\n{v.stderr}")
            failed += 1
        elif r.returncode != 1 or names not in r.stdout:
            print(f"FAIL {name}: seed_faithful.py exited {r.returncode}, "
                  f"wanted 1 naming {names!r}:\n{r.stdout}{r.stderr}")
            failed += 1
        else:
            passed += 1

print(f"seed-faithful-mutations: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
