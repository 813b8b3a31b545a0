#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes an export of one learner with a long log, of about MIB MiB:
SOURCE.json is a real export of one learner with no events yet (just
added), and the log written is a note on ITEM, changed again and again
(each note PAD bytes long), from the learner's creation on, a millisecond
apart. The hash chain is computed as gen_cohort.py does; the learner is
unsigned (the source's signature would not hold).
Usage: gen_big_learner.py SOURCE.json ITEM MIB PAD OUT.json"""
import datetime
import hashlib
import json
import os
import sys

src, item, mib, pad, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), \
    int(sys.argv[4]), sys.argv[5]


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


doc = json.load(open(src))
doc.pop("summary", None)
(le,) = doc["learners"]
assert not le["events"], "the source learner has events"
base = datetime.datetime(2020, 1, 1)
le["created_at"] = base.strftime("%Y-%m-%dT%H:%M:%S.000Z")
le["key"] = le["signature"] = None
prev = old = at = None
limit, size, k = int(mib * 1024 * 1024), 0, 0
# The log first (its end decides fields that come before it in the file).
with open(out + ".events", "w", encoding="utf-8") as f:
    while size < limit:
        k += 1
        text = (f"note {k} " + "x" * pad)[:pad]
        at = (base + datetime.timedelta(milliseconds=k)).strftime(
            "%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        e = {"seq": k, "item_id": item, "field": "note", "old": old,
             "new": text, "old_hash": None, "text_hash": None, "at": at,
             "batch": None, "undoes": None, "prev": prev}
        e["hash"] = prev = event_hash(prev, e)
        line = ("" if k == 1 else ",\n") + json.dumps(e, ensure_ascii=False)
        f.write(line)
        size += len(line)
        old = text
le["notes"] = [{"id": item, "text": old, "updated_at": at}]
le["last_activity"], le["chain_head"] = at, prev
le["events"] = "@EVENTS@"
head = json.dumps(doc, indent=1, ensure_ascii=False)
before, after = head.split('"@EVENTS@"')
with open(out, "w", encoding="utf-8") as f, open(out + ".events") as ev:
    f.write(before + "[\n")
    while chunk := ev.read(1 << 20):
        f.write(chunk)
    f.write("\n]" + after + "\n")
os.unlink(out + ".events")
print(f"{out}: one learner, {k} events")
