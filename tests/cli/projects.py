#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The probes against what an expert reads in real project layouts.

Every folder of tests/data/projects holds a project (real public files,
or files written in their likeness, noted in SOURCE) and EXPECTED: the
verdict of every probe, written before the probes were taught the layout,
one `PROBE: VERDICT` a line, optionally `~ TEXT` that the evidence (file,
line and value) must contain. `selfgrade probe DIR --json` runs on each;
the agreement rate is printed. The test fails below 95% agreement, on any
false or missed contradiction, or on a probe without an expectation.
"""
import json
import os
import subprocess
import sys
import tempfile

S = os.environ["SELFGRADE"]
SRC = os.environ["SRC"]
ROOT = os.path.join(SRC, "tests", "data", "projects")


def expected(path):
    want = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            probe, _, rest = line.partition(":")
            verdict, _, text = rest.partition("~")
            want[probe.strip()] = (verdict.strip(), text.strip(), n)
    return want


def main():
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, SELFGRADE_DB=os.path.join(tmp, "p.db"),
               TMPDIR=tmp, LANG="C.UTF-8")
    for k in ("SELFGRADE_LEARNER", "SELFGRADE_CONTENT", "LC_ALL",
              "LANGUAGE", "LC_MESSAGES"):
        env.pop(k, None)
    subprocess.run([S, "learner", "add", "probe"], env=env, check=True,
                   capture_output=True)
    total = agree = 0
    false_c = missed_c = 0
    problems = []
    for name in sorted(os.listdir(ROOT)):
        d = os.path.join(ROOT, name)
        if not os.path.isdir(d):
            continue
        for need in ("SOURCE", "EXPECTED"):
            if not os.path.isfile(os.path.join(d, need)):
                problems.append(f"{name}: no {need}")
        want = expected(os.path.join(d, "EXPECTED"))
        p = subprocess.run([S, "probe", d, "--json"], env=env,
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            problems.append(f"{name}: exit {p.returncode}: {p.stderr}")
            continue
        got = json.loads(p.stdout)
        notes = [(n["file"], n["message"]) for n in got["notes"]]
        if len(notes) != len(set(notes)):
            problems.append(f"{name}: a note given more than once: {notes}")
        for r in got["results"]:
            pid = r["probe"]
            if pid not in want:
                problems.append(f"{name}: no expected verdict for {pid}")
                continue
            verdict, text, n = want.pop(pid)
            total += 1
            where = f"{r['file']}:{r['line']}: {r['value']}"
            ok = r["verdict"] == verdict and (not text or text in where)
            if ok:
                agree += 1
                continue
            if r["verdict"] == "contradicted" and verdict != "contradicted":
                false_c += 1
            if verdict == "contradicted" and r["verdict"] != "contradicted":
                missed_c += 1
            problems.append(f"{name}/EXPECTED:{n}: {pid}: {r['verdict']}, "
                            f"expected {verdict}"
                            + (f" ~ {text}" if text else "")
                            + f" ({where})")
        for pid, (_, _, n) in want.items():
            problems.append(f"{name}/EXPECTED:{n}: {pid}: no such probe")
    for p in problems:
        print("FAIL", p)
    rate = 100.0 * agree / total if total else 0.0
    print(f"projects: {agree} of {total} verdicts agree ({rate:.1f}%); "
          f"{false_c} false contradictions, {missed_c} missed")
    bad = rate < 95.0 or false_c or missed_c or any(
        "no expected" in p or "no such" in p or "no SOURCE" in p
        or "no EXPECTED" in p or "exit" in p or "more than once" in p
        for p in problems)
    sys.exit(1 if bad else 0)


main()
