#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a cohort of N learners as one JSON export (the interchange format,
of the program's version) that `selfgrade import` takes, without N learners' worth of CLI
calls: a few template learners are made through the real program (ticking
10..49 of the pack's leaves, a note now and then) and exported; each learner
of the cohort is a template under a new name with every time moved back by
its number of minutes, and its hash chain recomputed (progress_event_hash in
src/core/progress.c: SHA-256 over tagged fields). Each learner is signed
with a key of its own, as a learner's own export is (report_learner_digest
in src/core/report.c; Ed25519 from python3-cryptography), so that verify
checks N signatures. The summary is left out (it is optional; a real
export of the imported cohort has one).
Usage: gen_cohort.py SELFGRADE PACK_DIR N OUT.json"""
import datetime
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

selfgrade, pack, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
T = min(40, n)


def field(h, s):
    if s is None:
        h.update(b"N")
    else:
        b = s.encode()
        h.update(b"S%d:" % len(b))
        h.update(b)


def event_hash(prev, e):
    h = hashlib.sha256()
    for s in ("selfgrade-event-1", prev, e["item_id"], e["field"], e["old"],
              e["new"], e["old_hash"], e["text_hash"], e["at"]):
        field(h, s)
    return h.hexdigest()


def num(v):
    return int(v) if v is not None else 0


def learner_digest(le, version):
    """What the learner's signature is over (report_learner_digest)."""
    h = hashlib.sha256()
    evs = le["events"]
    field(h, "selfgrade-learner-4" if version >= 4 else "selfgrade-learner-3")
    for s in (le["id"] or "", le["name"], le["created_at"],
              evs[-1]["hash"] if evs else None):
        field(h, s)
    for e in evs if version >= 4 else ():
        field(h, "%d/%d/%d" % (e["seq"], num(e["batch"]), num(e["undoes"])))
    for s in (le["email"], le["id_number"], le["section"]):
        field(h, s)
    study = le.get("study") or {}
    for x in study.get("sessions", []):
        for s in (x["id"], x["started_at"], x["ended_at"]):
            field(h, s)
        field(h, "%d/%d" % (x["cards"], x["first_try"]))
    for x in study.get("reviews", []):
        field(h, x["id"])
        field(h, x["card"])
        field(h, "%d/%d" % (x["grade"], num(x["first_try"])))
        field(h, x["session"])
        field(h, x["at"])
    return h.digest()


with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, SELFGRADE_DB=os.path.join(tmp, "t.db"),
               SELFGRADE_CONTENT=pack)
    leaves = open(os.path.join(pack, "leaves.txt")).read().split()
    for k in range(T):
        name = f"t{k}"
        subprocess.run([selfgrade, "learner", "add", name], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([selfgrade, "--learner", name, "check"]
                       + leaves[: 10 + k % 40], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        if k % 4 == 0:
            subprocess.run([selfgrade, "--learner", name, "note", leaves[0],
                            f"заметка {k}"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
    doc = json.loads(subprocess.run(
        [selfgrade, "export", "--all", "--format", "json"], env=env, check=True,
        stdout=subprocess.PIPE).stdout)

FMT = "%Y-%m-%dT%H:%M:%S.%f"


def shifter(minutes):
    cache = {}

    def shift(s):
        if s is None:
            return None
        if s not in cache:
            t = datetime.datetime.strptime(s[:-1], FMT)
            t -= datetime.timedelta(minutes=minutes)
            cache[s] = t.strftime(FMT)[:-3] + "Z"
        return cache[s]
    return shift


templates = doc["learners"]
with open(out, "w", encoding="utf-8") as f:
    head = {k: doc[k] for k in ("format", "version", "generated_at", "pack")}
    f.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "learners": [\n')
    for i in range(n):
        t = templates[i % len(templates)]
        sh = shifter(i)
        # Another person: their own random id and key (the template's
        # signature would not hold for them).
        le = dict(t, id=uuid.UUID(int=random.getrandbits(128)).hex,
                  name=f"learner {i:05d}", created_at=sh(t["created_at"]),
                  last_activity=sh(t["last_activity"]), key=None, signature=None)
        le["states"] = [dict(s, updated_at=sh(s["updated_at"])) for s in t["states"]]
        le["notes"] = [dict(s, updated_at=sh(s["updated_at"])) for s in t["notes"]]
        prev, evs = None, []
        for e in t["events"]:
            e = dict(e, at=sh(e["at"]), prev=prev)
            e["hash"] = prev = event_hash(prev, e)
            evs.append(e)
        le["events"], le["chain_head"] = evs, prev
        secret = Ed25519PrivateKey.generate()
        le["key"] = secret.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        le["signature"] = secret.sign(learner_digest(le, doc["version"])).hex()
        f.write(("" if i == 0 else ",\n") + json.dumps(le, ensure_ascii=False))
    f.write("\n]}\n")
print(f"{out}: {n} learners from {len(templates)} templates")
