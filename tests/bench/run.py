#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""SPEC §9 figures, measured in one run and printed as medians and ratios
(not asserted: the machine is shared and noisy). Usage:
run.py SELFGRADE BASELINE SRC FRAME"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

selfgrade, baseline, src, frame = sys.argv[1:5]
runs = int(os.environ.get("BENCH_RUNS", "41"))
tmp = tempfile.mkdtemp()
shipped = os.path.join(src, "checklists", "multi-database")


def median_ms(cmd, env=None):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)  # warm
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        t.append(time.perf_counter() - t0)
    return statistics.median(t) * 1000


def peak_kib(cmd, env):
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = next(l for l in r.stderr.splitlines() if "Maximum resident" in l)
    return int(line.split()[-1])


def prepare_db(pack, ids):
    db = os.path.join(tmp, os.path.basename(pack) + ".db")
    env = dict(os.environ, SELFGRADE_DB=db, SELFGRADE_CONTENT=pack,
               SELFGRADE_LEARNER="bench")
    subprocess.run([selfgrade, "learner", "add", "bench"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([selfgrade, "check"] + ids, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return db, env


gen = os.path.join(tmp, "generated")
subprocess.run([sys.executable, os.path.join(src, "tests", "bench", "gen_pack.py"),
                gen, "10000"], check=True, stdout=subprocess.DEVNULL)

db, env = prepare_db(shipped, ["s8.mysql-outbox", "s8.mysql-connector", "m7",
                               "me.docs-mention"])
score = median_ms([selfgrade, "score"], env)
base = median_ms([baseline, shipped, db])
peak = peak_kib([selfgrade, "score"], env)

gdb, genv = prepare_db(gen, ["g1.i1", "g2.i5", "g50.i3", "g10.i0", "base.c"])
gvalidate = median_ms([selfgrade, "validate"], genv)
gscore = median_ms([selfgrade, "score"], genv)
gbase = median_ms([baseline, gen, gdb])

def frame_us(pack, db):
    """Median over runs of the mean cost of 2,000 frames, in microseconds."""
    t = [float(subprocess.run([frame, pack, db, "2000"], check=True, text=True,
                              stdout=subprocess.PIPE).stdout) for _ in range(9)]
    return statistics.median(t)


# export --all --format csv of 1,000 learners x 50 items, beside sqlite3 -csv
# dumping the same states.
p50 = os.path.join(tmp, "p50")
subprocess.run([sys.executable, os.path.join(src, "tests", "bench", "gen_pack.py"),
                p50, "50"], check=True, stdout=subprocess.DEVNULL)
cdb = os.path.join(tmp, "cohort.db")
cenv = dict(os.environ, SELFGRADE_DB=cdb, SELFGRADE_CONTENT=p50)
leaves = subprocess.run(
    ["jq", "-r", "[.sections[].items[] | if (.items|length) > 0 then .items[].id "
     "else .id end] | .[]"], input=subprocess.run([selfgrade, "dump"], env=cenv,
     check=True, stdout=subprocess.PIPE).stdout, stdout=subprocess.PIPE,
    check=True).stdout.decode().split()
for i in range(1000):
    name = f"learner {i:04d}"
    subprocess.run([selfgrade, "learner", "add", name], env=cenv, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([selfgrade, "--learner", name, "check"] + leaves[: 10 + i % 40],
                   env=cenv, check=True, stdout=subprocess.DEVNULL)
csv_ms = median_ms([selfgrade, "export", "--all", "--format", "csv"], cenv)
# The same states: every state row as stored (the text hash is what tells a
# stale tick, so the export must read it too); and, for the record, only
# the columns the CSV shows.
sqlite_ms = median_ms(["sqlite3", "-csv", cdb,
                       "SELECT l.name, s.item_id, s.kind, s.done, s.text_hash, "
                       "s.updated_at FROM state s JOIN learner l "
                       "ON l.id = s.learner_id ORDER BY l.name, s.item_id"])
narrow_ms = median_ms(["sqlite3", "-csv", cdb,
                       "SELECT l.name, s.item_id, s.done FROM state s "
                       "JOIN learner l ON l.id = s.learner_id ORDER BY l.name, s.item_id"])

fship = frame_us(shipped, db)
fgen = frame_us(gen, gdb)

print(f"runs per figure: {runs} (medians)")
print(f"shipped pack  score {score:7.2f} ms   baseline {base:6.2f} ms   "
      f"ratio {score / base:4.2f}x   (target <= 1.5x)")
print(f"10,000 items  validate {gvalidate:6.2f} ms   score {gscore:6.2f} ms   "
      f"baseline {gbase:6.2f} ms   (target < 100 ms each)")
print(f"TUI frame (key, layout, draw, output at 80x24): shipped {fship:6.1f} us   "
      f"10,000 items {fgen:6.1f} us   ratio {fgen / fship:4.2f}x   (target ~1x)")
print(f"export --all --format csv, 1,000 learners x {len(leaves)} items: {csv_ms:6.2f} ms   "
      f"sqlite3 -csv of the state rows {sqlite_ms:6.2f} ms   ratio {csv_ms / sqlite_ms:4.2f}x   "
      f"(target <= 2x; against name, id, done only: {narrow_ms:.2f} ms, {csv_ms / narrow_ms:4.2f}x)")
print(f"peak RSS of score on the shipped pack: {peak / 1024:.2f} MiB   (target < 8 MiB)")
shutil.rmtree(tmp)
