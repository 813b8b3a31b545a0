#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every front end tells the same truth (issue: one truth).

A seeded random walk over the shipped pack: ticks and unticks of items
(leaves and groups), mistakes and attestations, notes, undos, edits of
the pack's texts, probe runs over generated projects (good ones and ones
that contradict ticks) and disputes of the contradictions (and their
withdrawal). After each step, `score --json`, `status --json` and the
four exports (json, csv, md, html) must agree on the level, the next level
and what it still needs, and `verify` must accept the JSON export.

Runs the real binary on a real SQLite file and a real copy of the pack.
"""
import csv
import html
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

S = os.environ["SELFGRADE"]
SRC = os.environ["SRC"]
STEPS = int(os.environ.get("AGREE_STEPS", "60"))
SEED = int(os.environ.get("AGREE_SEED", "7"))

failures = []
passes = 0


def run(args, ok=(0,)):
    p = subprocess.run([S] + args, capture_output=True, text=True, env=ENV)
    if p.returncode not in ok:
        raise SystemExit(f"{' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p


def check(name, cond, detail=""):
    global passes
    if cond:
        passes += 1
    else:
        failures.append(f"{name} {detail}")
        print(f"FAIL {name} {detail}")


def md_section(md, learner):
    """The learner's level title and the ids under 'What ... still needs'."""
    part = md.split("\n## " + learner + "\n", 1)[1].split("\n## ", 1)[0]
    title = re.search(r"\*\*Level:\*\* (.*?) — ", part).group(1)
    needs = []
    m = re.search(r"### What (.*?) still needs\n\n(.*?)\n\n", part, re.S)
    nxt = m.group(1) if m else None
    if m:
        for line in m.group(2).splitlines():
            if line.lstrip().startswith("- [ ]"):
                needs.append(re.search(r"`([^`]+)`", line).group(1))
    return title, nxt, needs


def html_section(doc):
    sec = re.search(r'<section id="learner-1">(.*?)</section>', doc, re.S).group(1)
    level = re.search(r'<span class="level ([a-z-]+)">', sec).group(1)
    m = re.search(r"<h3>What (.*?) still needs</h3>\n<ul>(.*?)</ul>\n<h3>", sec, re.S)
    nxt = html.unescape(m.group(1)) if m else None
    needs = re.findall(r"<li>(?:tick|confirm avoided|attest|tick \(CRITICAL\)) "
                       r"<code>([^<]+)</code>", m.group(2)) if m else []
    return level, nxt, needs


def main():
    rnd = random.Random(SEED)
    pack = os.path.join(TMP, "pack")
    shutil.copytree(os.path.join(SRC, "checklists", "multi-database"), pack)
    ENV["SELFGRADE_CONTENT"] = pack
    run(["learner", "add", "walker"])
    dump = json.loads(run(["dump"]).stdout)
    ids, leaves = [], set()

    def items(v):
        for it in v:
            ids.append(it["id"])
            if not it.get("items"):
                leaves.add(it["id"])
            items(it.get("items", []))
    for s in dump["sections"]:
        items(s["items"])
    ids += [m["id"] for m in dump["mistakes"]]
    ids += [c["id"] for lv in dump["rubric"]["levels"] for c in lv["criteria"]
            if c.get("attest")]
    leaves |= set(ids) - {i for i in ids if any(j.startswith(i + ".") for j in ids)}
    seen = {"stale": 0, "levels": set(), "contradicted": 0, "disputed": 0}
    titles = {lv["id"]: lv["title"] for lv in dump["rubric"]["levels"]}
    titles["not-yet"] = "Not yet"
    # Edits of the pack's texts: each rewrites a text shown with an entry.
    edits = []
    for name in ("checklist.yaml", "mistakes.yaml"):
        text = open(os.path.join(pack, name), encoding="utf-8").read()
        for key in ("verify", "prevention", "error"):
            for m in re.finditer(r"^(\s*%s: )\"(.+)\"$" % key, text, re.M):
                edits.append((name, m.group(0)))
    # Projects: the capstone fixtures, and good ones with one setting
    # broken (a server id the MySQL server's own, one out of range).
    cap = os.path.join(SRC, "tests", "data", "capstone")
    projects = [os.path.join(cap, n) for n in ("good", "m7", "m8", "m9", "bad-server-id")]
    for k, sid in enumerate(("1", "184054")):
        d = os.path.join(TMP, "project-%d" % k)
        shutil.copytree(os.path.join(cap, "good"), d)
        f = os.path.join(d, "connectors", "mysql-inventory.properties")
        t = open(f, encoding="utf-8").read().replace("database.server.id=184055",
                                                     "database.server.id=" + sid)
        open(f, "w", encoding="utf-8").write(t)
        projects.append(d)
    for step in range(STEPS):
        op = rnd.choice(["check"] * 5 + ["uncheck"] * 2 +
                        ["note", "undo", "edit", "probe", "probe", "dispute"])
        if op == "probe":
            run(["probe", rnd.choice(projects)], ok=(0, 1))
        elif op == "dispute":
            states = json.loads(run(["status", "--json"]).stdout)["states"]
            open_ = [x["id"] for x in states if x.get("state") == "contradicted"
                     and x["id"] in leaves]
            answered = [x["id"] for x in states if x.get("state") == "disputed"]
            if open_ and (not answered or rnd.random() < 0.7):
                run(["dispute", rnd.choice(open_), "the probe misread it %d" % step])
                seen["disputed"] += 1
            elif answered:
                run(["dispute", rnd.choice(answered), ""])
        elif op in ("check", "uncheck"):
            run([op] + rnd.sample(ids, rnd.randint(1, 3)))
        elif op == "note":
            run(["note", rnd.choice(ids), rnd.choice(["", "evidence %d" % step])])
        elif op == "undo":
            run(["undo"])
        elif edits:
            name, line = edits.pop(rnd.randrange(len(edits)))
            path = os.path.join(pack, name)
            text = open(path, encoding="utf-8").read()
            new = line[:-1] + " (изменено)\""
            open(path, "w", encoding="utf-8").write(text.replace(line, new, 1))
        score = json.loads(run(["score", "--json"]).stdout)
        status = json.loads(run(["status", "--json"]).stdout)
        exp = json.loads(run(["export", "--format", "json"]).stdout)
        rows = list(csv.DictReader(io.StringIO(run(["export", "--format", "csv"]).stdout)))
        md = run(["export", "--format", "md"]).stdout
        doc = run(["export", "--format", "html"]).stdout
        want_needs = [n["id"] for n in score["needs"]]
        tag = "step %d (%s)" % (step, op)
        lj = exp["learners"][0]
        check("json-level " + tag, lj["level"] == score["level"])
        check("json-next " + tag, lj["next_level"] == score["next_level"])
        # score gives each need's reason besides (not-done, stale,
        # contradicted); the export's shape has the rest.
        check("json-needs " + tag, lj["needs"] == [
            {k: v for k, v in n.items() if k != "reason"} for n in score["needs"]])
        check("json-contra " + tag, lj["contradictions"] == score["contradictions"])
        check("csv-level " + tag, rows[0]["level"] == score["level"])
        check("csv-done " + tag, int(rows[0]["done"]) == score["done"])
        title, nxt, needs = md_section(md, "walker")
        check("md-level " + tag, title == titles[score["level"]], title)
        check("md-next " + tag, nxt == (titles[score["next_level"]] if score["next_level"] else None))
        check("md-needs " + tag, needs == want_needs, "%s != %s" % (needs, want_needs))
        level, nxt, needs = html_section(doc)
        check("html-level " + tag, level == score["level"])
        check("html-needs " + tag, needs == want_needs, "%s != %s" % (needs, want_needs))
        seen["stale"] += any(s["stale"] for s in status["states"])
        contra = sorted(x["id"] for x in status["states"] if x["state"] == "contradicted"
                        and x["id"] in leaves)
        seen["contradicted"] += bool(contra)
        check("status-contradicted " + tag, contra == sorted(score["evidence"]["contradicted"]),
              "%s != %s" % (contra, score["evidence"]["contradicted"]))
        check("json-contradicted " + tag,
              sorted(lj["evidence"]["contradicted"]) == sorted(score["evidence"]["contradicted"]))
        disputed = sorted(x["id"] for x in status["states"] if x["state"] == "disputed")
        check("status-disputed " + tag, disputed == sorted(score["evidence"]["disputed"]))
        seen["levels"].add(score["level"])
        done = [s["id"] for s in status["states"] if s["done"] and s["id"] in leaves]
        check("status-done " + tag, len(done) == score["done"],
              "%d != %d" % (len(done), score["done"]))
        path = os.path.join(TMP, "e.json")
        open(path, "w", encoding="utf-8").write(json.dumps(exp))
        v = subprocess.run([S, "verify", path], capture_output=True, text=True, env=ENV)
        check("verify " + tag, v.returncode == 0, v.stderr.strip()[:300])
    # The walk must have met what it is meant to test.
    check("walk-saw-stale", seen["stale"] > 0)
    check("walk-saw-levels", len(seen["levels"]) >= 2, str(seen["levels"]))
    check("walk-saw-contradicted", seen["contradicted"] > 0)
    check("walk-saw-disputed", seen["disputed"] > 0)
    print("agree: %d passed, %d failed" % (passes, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    TMP = tempfile.mkdtemp()
    ENV = dict(os.environ, SELFGRADE_DB=os.path.join(TMP, "p.db"))
    ENV.pop("SELFGRADE_LEARNER", None)
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
