#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The probe reads what learners write, broken or hostile: the fixture
projects' files cut, spliced and salted with the characters the config
readers track (quotes, braces, comments, heredocs, curl's -d @, YAML's
---), under names of every kind the readers know, must give an answer
(exit 0 or 1, JSON that parses) and never a crash (the ASan build runs
this too). Projects built to be slow to read (a JSON array of 9,000
configs, 9,000 object literals, 20,000 nested dicts) must be read in
seconds: a reader that goes back to the start of a file for each config
takes minutes."""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

S = os.environ["SELFGRADE"]
SRC = os.environ["SRC"]
N = int(os.environ.get("PROBE_MUTATIONS", "150"))
tmp = tempfile.mkdtemp()
env = dict(os.environ, SELFGRADE_DB=os.path.join(tmp, "p.db"), TMPDIR=tmp,
           LANG="C.UTF-8")
for k in ("SELFGRADE_LEARNER", "SELFGRADE_CONTENT"):
    env.pop(k, None)
failures = []


def probe(d, what, limit=None):
    t0 = time.monotonic()
    p = subprocess.run([S, "probe", d, "--json"], env=env, capture_output=True)
    took = time.monotonic() - t0
    if p.returncode not in (0, 1):
        failures.append(f"{what}: exit {p.returncode}: "
                        f"{p.stderr.decode(errors='replace')[-600:]}")
        return
    try:
        json.loads(p.stdout)
    except ValueError as e:
        failures.append(f"{what}: --json does not parse: {e}")
    if limit and took > limit:
        failures.append(f"{what}: {took:.1f} s, over {limit} s")


subprocess.run([S, "learner", "add", "m"], env=env, check=True,
               capture_output=True)
sources = []
for root, _, files in os.walk(os.path.join(SRC, "tests", "data", "projects")):
    sources += [os.path.join(root, f) for f in files
                if f not in ("SOURCE", "EXPECTED")]
sources.sort()
salt = [b"{", b"}", b'"', b"'", b"\\", b"[", b"]", b"`", b"curl -d @",
        b'"connector.class": ', b"\n---\n", b'"""', b"//", b"/*", b"#",
        b"<<EOF\n", b"\nEOF\n", b"[mysqld]\n", b"server-id=", b"\x00",
        b"\xff", "é".encode()]
rnd = random.Random(27)
for i in range(N):
    d = os.path.join(tmp, f"m{i}")
    os.makedirs(d)
    for k in range(3):
        f = rnd.choice(sources)
        b = bytearray(open(f, "rb").read())
        for _ in range(rnd.randint(1, 8)):
            op, at = rnd.random(), rnd.randrange(len(b) + 1)
            if op < 0.3 and b:
                del b[at:at + rnd.randint(1, 20)]
            elif op < 0.6:
                b[at:at] = rnd.choice(salt)
            else:
                j = rnd.randrange(len(b) + 1)
                b[at:at] = b[j:j + rnd.randint(1, 60)]
        name = f"{k}_{os.path.basename(f)}"
        if rnd.random() < 0.4:
            name += rnd.choice([".yaml", ".sh", ".py", ".js", ".json", ".md",
                                ".cnf", ".conf", ".properties"])
        with open(os.path.join(d, name), "wb") as out:
            out.write(bytes(b))
    probe(d, f"mutation {i} ({', '.join(sorted(os.listdir(d)))})")
    shutil.rmtree(d)

slow = os.path.join(tmp, "slow")
os.makedirs(slow)
with open(os.path.join(slow, "arr.json"), "w") as f:
    json.dump([{"connector.class": "io.debezium.connector.mysql.MySqlConnector",
                "database.server.id": str(i)} for i in range(9000)], f)
with open(os.path.join(slow, "many.js"), "w") as f:
    f.write("\n".join(f'const c{i} = {{"connector.class": "MySqlConnector", '
                      f'"name": "c{i}", "database.server.id": {i}}};'
                      for i in range(9000)))
with open(os.path.join(slow, "deep.py"), "w") as f:
    f.write("x = " + '{"connector.class": "A", "a": ' * 20000 + "1" +
            "}" * 20000 + "\n")
probe(slow, "slow to read", limit=10)

for f in failures:
    print("FAIL", f)
print(f"probe-mutations: {N} mutated projects and one slow one, "
      f"{len(failures)} failures")
shutil.rmtree(tmp)
sys.exit(1 if failures else 0)
