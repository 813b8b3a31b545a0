#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Cohorts in bounded memory: export --all, import and verify hold one
# learner, not the cohort, so that peak memory does not grow with the
# cohort; the top level of a file is walked by hand, so every shape of it
# jansson would read (keys in any order, the summary after the learners)
# still reads, and every malformed one is still refused; an import merged
# learner by learner keeps nothing of a file refused half-way.
. "$(dirname "$0")/lib.sh"
S=$SELFGRADE
G=$SRC/tests/bench
# Under ASan, the runs measured hand freed memory back at once, so that
# their peak RSS measures what is live (the quarantine would otherwise
# hold every byte ever freed). Only those: clang 14's LeakSanitizer, at
# the exit of an import with no quarantine, can crash its own tracer
# ("Tracer caught signal 11") with no error of the program's.
NO_QUARANTINE="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
python3 "$G/gen_pack.py" "$tmp/p50" 50 verbose >/dev/null
export SELFGRADE_CONTENT=$tmp/p50

# Peak RSS (KiB) of a command, its output discarded.
peak() {
	ASAN_OPTIONS=$NO_QUARANTINE python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}

for n in 40 800; do
	t "gen-$n" 0 python3 "$G/gen_cohort.py" "$S" "$tmp/p50" "$n" "$tmp/gen$n.json"
	t "import-$n" 0 "$S" --db "$tmp/c$n.db" import "$tmp/gen$n.json"
	t "export-$n" 0 "$S" --db "$tmp/c$n.db" export --all --format json -o "$tmp/e$n.json"
	t "verify-$n" 0 "$S" verify "$tmp/e$n.json"
	ok "verify-$n-says" has "ok: $n learners" "$tmp/out"
done
# Twenty times the learners (and the bytes): about the same peak. Before,
# a file was read whole and parsed into one tree (and an export built
# every learner first): 800 learners took tens of MiB more than 40.
for cmd in "verify" "export" "import"; do
	case $cmd in
	verify) a=$(peak "$S" verify "$tmp/e40.json") b=$(peak "$S" verify "$tmp/e800.json") ;;
	export) a=$(peak "$S" --db "$tmp/c40.db" export --all --format json)
		b=$(peak "$S" --db "$tmp/c800.db" export --all --format json) ;;
	import) a=$(peak "$S" --db "$tmp/i40.db" import "$tmp/e40.json")
		b=$(peak "$S" --db "$tmp/i800.db" import "$tmp/e800.json") ;;
	esac
	ok "$cmd-memory-bounded ($a KiB for 40, $b KiB for 800)" [ "$b" -lt $((a + 8192)) ]
done
for fmt in md html csv; do
	a=$(peak "$S" --db "$tmp/c40.db" export --all --format "$fmt")
	b=$(peak "$S" --db "$tmp/c800.db" export --all --format "$fmt")
	ok "export-$fmt-memory-bounded ($a KiB for 40, $b KiB for 800)" [ "$b" -lt $((a + 8192)) ]
done

# One learner as large as an export's learner may be (24 MiB, a long log):
# verify, import and the same import again stay under 64 MiB, as the events
# are read one at a time into compact records (the log decoded whole by
# jansson took a dozen times its size: 1.49 GB for a learner of 121 MB).
# One a little larger is refused, saying so.
"$S" --db "$tmp/solo.db" learner add solo >/dev/null
"$S" --db "$tmp/solo.db" --learner solo export --format json -o "$tmp/solo.json"
t gen-long-log 0 python3 "$G/gen_big_learner.py" "$tmp/solo.json" g1.i0 23.5 40 "$tmp/long.json"
t verify-long-log 0 "$S" verify "$tmp/long.json"
ok verify-long-log-says has "ok: 1 learner" "$tmp/out"
t import-long-log 0 "$S" --db "$tmp/long.db" import "$tmp/long.json"
ok import-long-log-says grep -q "imported 1 learner (.*), [0-9]* new changes" "$tmp/out"
t export-long-log 0 "$S" --db "$tmp/long.db" --learner solo export --format json --unsigned
ok long-log-note-kept test "$(jq -r '.learners[0].notes[0].text' "$tmp/out")" = "$(jq -r '.learners[0].notes[0].text' "$tmp/long.json")"
if [ "${SANITIZED:-OFF}" != ON ]; then
	v=$(peak "$S" verify "$tmp/long.json")
	i=$(peak "$S" --db "$tmp/long2.db" import "$tmp/long.json")
	a=$(peak "$S" --db "$tmp/long2.db" import "$tmp/long.json")
	ok "long-log-verify-within-64-MiB ($v KiB)" [ "$v" -lt $((64 * 1024)) ]
	ok "long-log-import-within-64-MiB ($i KiB)" [ "$i" -lt $((64 * 1024)) ]
	ok "long-log-import-again-within-64-MiB ($a KiB)" [ "$a" -lt $((64 * 1024)) ]
	# The learners before the head: skipped, and read after it one at a
	# time (the list was decoded whole, 294 MiB for this one).
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); json.dump(dict(reversed(list(d.items()))), open(sys.argv[2], "w"))' "$tmp/long.json" "$tmp/long-rev.json"
	v=$(peak "$S" verify "$tmp/long-rev.json")
	i=$(peak "$S" --db "$tmp/long3.db" import "$tmp/long-rev.json")
	ok "long-log-reversed-verify-within-64-MiB ($v KiB)" [ "$v" -lt $((64 * 1024)) ]
	ok "long-log-reversed-import-within-64-MiB ($i KiB)" [ "$i" -lt $((64 * 1024)) ]
	t long-log-reversed-imported 0 "$S" --db "$tmp/long3.db" learner list
	ok long-log-reversed-imported-solo has solo "$tmp/out"
fi
t gen-too-long 0 python3 "$G/gen_big_learner.py" "$tmp/solo.json" g1.i0 24.2 40 "$tmp/too-long.json"
t verify-too-long 1 "$S" verify "$tmp/too-long.json"
ok verify-too-long-says has "too-long.json: learners[0]: larger than an export's learner can be (24 MiB)" "$tmp/err"
t import-too-long 1 "$S" --db "$tmp/too-long.db" import "$tmp/too-long.json"
ok import-too-long-nothing has "not imported; nothing changed" "$tmp/err"
rm -f "$tmp"/long*.json "$tmp"/too-long.json "$tmp"/long*.db
# A long study history the same way: 100,000 answers (19 MB) were 137 MB
# to verify; each answer is read on its own now.
python3 - "$tmp/solo.json" "$tmp/answers.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
le = d["learners"][0]
le["key"] = le["signature"] = None
le["study"]["reviews"] = [{"id": "%032x" % i, "card": "g1.i0", "grade": 3,
                           "first_try": True, "session": None,
                           "at": "2024-01-01T10:00:00.000Z"} for i in range(100000)]
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
t verify-answers 0 "$S" verify "$tmp/answers.json"
t import-answers 0 "$S" --db "$tmp/answers.db" import "$tmp/answers.json"
ok import-answers-says grep -q "imported 1 learner (.*), 100000 new changes" "$tmp/out"
if [ "${SANITIZED:-OFF}" != ON ]; then
	v=$(peak "$S" verify "$tmp/answers.json")
	a=$(peak "$S" --db "$tmp/answers.db" import "$tmp/answers.json")
	ok "answers-verify-within-64-MiB ($v KiB)" [ "$v" -lt $((64 * 1024)) ]
	ok "answers-import-again-within-64-MiB ($a KiB)" [ "$a" -lt $((64 * 1024)) ]
fi
rm -f "$tmp/answers.json" "$tmp/answers.db"

# A learner is walked by hand now, as the top level is: what jansson read
# in a learner reads the same, and what it refused is refused.
A='.learners[3]'
check() { # NAME WANT_EXIT JQ [TEXT]
	jq "$3" "$tmp/e40.json" >"$tmp/w.json"
	t "walk-$1" "$2" "$S" verify "$tmp/w.json"
	[ $# -lt 4 ] || ok "walk-$1-says" has "$4" "$tmp/err"
}
# The events before the name (the message then has no name to give).
check events-first 0 "$A |= ({events} + del(.events))"
check events-first-bad 1 "$A |= ({events} + del(.events)) | $A.events[1].at = \"x\"" \
	"w.json: learners[3], events[1]: at: not a UTC time"
# A problem in the log is said after one in the fields read before it, as
# when the learner was read whole.
check name-then-event 1 "$A.name = \" learner 00003\" | $A.events[0].field = \"bogus\"" \
	"w.json: learners[3].name:"
check event-named 1 "$A.events[1].field = \"bogus\"" \
	"w.json: learners[3] (learner 00003), events[1]: field:"
check answer-named 1 "$A.study.reviews = [{id: (\"0\" * 32), card: \"c\", grade: 9, first_try: true, session: null, at: \"2024-01-01T10:00:00.000Z\"}]" \
	"w.json: learners[3].study.reviews[0]: grade 1-4"
check events-not-a-list 1 "$A.events = {}" "learners[3].events: expected a list"
check empty-events 1 "$A.events = []" "the chain head does not match"
check study-not-an-object 0 "$A.study = 5"
# Besides the events and answers, a learner holds at most 100,000 values
# (they stay decoded, at about 200 bytes each).
check too-many-values 1 "$A.states += [range(100000)]" \
	"w.json: learners[3]: more values than an export's learner can hold (100000"
python3 - "$tmp/e40.json" "$tmp" <<'PY'
import sys
text = open(sys.argv[1]).read()
t = sys.argv[2]
i = text.index('"name": "learner 00003"')
open(t + "/key-twice.json", "w").write(text[:i] + '"name": "x",\n ' + text[i:])
j = text.index('"events": [', i)
open(t + "/event-comma.json", "w").write(text[:j + 11] + ',' + text[j + 11:])
k = text.index('"seq":', j)
open(t + "/event-cut.json", "w").write(text[:k] + '"seq" 1,' + text[k + 6:])
open(t + "/nul-key.json", "w").write(text[:i] + '"na\\u0000me": 1,\n ' + text[i:])
PY
for f in key-twice event-comma event-cut nul-key; do
	t "walk-$f" 1 "$S" verify "$tmp/$f.json"
	ok "walk-$f-not-json" grep -q "$f.json:[0-9]*:[0-9]*: not a JSON export" "$tmp/err"
done

# Sorted otherwise than by name and filtered, each learner's section shows
# their own notes (sorting once moved learners away from the progress
# their views read, so a section could show another learner's notes).
for sort in progress level activity; do
	t "md-sorted-$sort" 0 "$S" --db "$tmp/c40.db" export --all --format md --sort "$sort" --level not-yet
	ok "md-sorted-$sort-own-notes" python3 - "$tmp/out" <<'PY'
import re, sys
sections = re.split(r"^## ", open(sys.argv[1]).read(), flags=re.M)[1:]
seen = 0
for sec in sections:
    shown = set(re.findall(r"^ *Note: (.*)$", sec, flags=re.M))
    logged = set(re.findall(r"note\\?: (.*?) \|$", sec, flags=re.M))
    assert shown <= logged, (sec.splitlines()[0], shown - logged)
    seen += len(shown)
assert seen, "no notes shown"
PY
done

# md and html read each learner once, writing their part into a spool as
# the first pass reads them, and copy the parts out in the report's order:
# each part is the one a report of that learner alone has (--split writes
# those), in the order of the overview table; html's links all land.
t split-md 0 "$S" --db "$tmp/c40.db" export --all --format md --split "$tmp/split-md"
t all-md 0 "$S" --db "$tmp/c40.db" export --all --format md --sort progress
ok md-parts-as-alone python3 - "$tmp/out" "$tmp/split-md" <<'PY'
import glob, re, sys
def sections(text):
    return [p.rstrip("\n") for p in re.split(r"^(?=## )", text, flags=re.M)
            if p.startswith("## ") and not p.startswith("## Cohort summary")]
full = open(sys.argv[1]).read()
parts = sections(full)
alone = {}
for f in glob.glob(sys.argv[2] + "/*.md"):
    (sec,) = sections(open(f).read())
    alone[sec.split("\n", 1)[0]] = sec
assert len(parts) == len(alone) == 40, (len(parts), len(alone))
for p in parts:
    assert p == alone[p.split("\n", 1)[0]], p.split("\n", 1)[0]
table = re.findall(r"^\| (learner [^|]*?) \| .* \|$", full, flags=re.M)
assert ["## " + n for n in table] == [p.split("\n", 1)[0] for p in parts], "order"
PY
t all-html 0 "$S" --db "$tmp/c40.db" export --all --format html --sort level
ok html-links-land python3 - "$tmp/out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
toc = re.search(r"<nav>.*?</nav>", text, flags=re.S).group(0)
links = re.findall(r'href="#(learner-\d+)"', toc)
ids = re.findall(r'<section id="(learner-\d+)">', text)
assert len(links) == 40 and links == ids and len(set(ids)) == 40, (links[:5], ids[:5])
PY
# Nowhere to spool: said, and no file left.
t spool-unmade 1 env TMPDIR="$tmp/none" "$S" --db "$tmp/c40.db" export --all --format md -o "$tmp/never.md"
ok spool-unmade-says has "cannot make a spool file in $tmp/none" "$tmp/err"
ok spool-unmade-no-file [ ! -e "$tmp/never.md" ]

# A learner who changes while md or html is being written: the part was
# written in the same snapshot the summary counted, so the export ends
# well (it used to read the cohort twice and fail, "run it again"). The
# export writes into a FIFO made here and blocks once the pipe is full.
last=$("$S" --db "$tmp/c800.db" learner list | tail -n 1)
for fmt in md html; do
	rm -f "$tmp/fifo-$fmt"
	mkfifo "$tmp/fifo-$fmt"
	"$S" --db "$tmp/c800.db" export --all --format "$fmt" -o - >"$tmp/fifo-$fmt" 2>"$tmp/race-$fmt.err" &
	pid=$!
	exec 3<"$tmp/fifo-$fmt"
	head -c 4096 <&3 >/dev/null
	t "race-$fmt-note" 0 "$S" --db "$tmp/c800.db" note --learner "$last" g1.i0 "changed during $fmt"
	cat <&3 >"$tmp/race-$fmt.out"
	exec 3<&-
	wait "$pid"
	ok "race-$fmt-export-ends-well" [ $? -eq 0 ]
	ok "race-$fmt-no-message" [ ! -s "$tmp/race-$fmt.err" ]
	ok "race-$fmt-before-the-change" bash -c '! grep -q "changed during $0" "$1"' "$fmt" "$tmp/race-$fmt.out"
done

# A verbose pack of 100,000 items loads within 32 MiB (it took 35.9 MiB
# while index entries copied their positions and qsort copied the index).
# Not under the sanitizers, whose shadow memory is most of a peak.
if [ "${SANITIZED:-OFF}" != ON ]; then
	python3 "$G/gen_pack.py" "$tmp/p100k" 100000 verbose >/dev/null
	kib=$(peak "$S" --content "$tmp/p100k" validate)
	ok "verbose-100k-within-32-MiB ($kib KiB)" [ "$kib" -le $((32 * 1024)) ]
	rm -rf "$tmp/p100k"
fi

# The same file in other shapes jansson reads: keys in reverse order (the
# learners before the head, read whole), the summary after the learners,
# compact on one line.
python3 - "$tmp/e40.json" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = sys.argv[2]
json.dump(dict(reversed(list(d.items()))), open(t + "/reversed.json", "w"))
s = d.pop("summary")
d["summary"] = s
json.dump(d, open(t + "/late-summary.json", "w"), indent=2)
json.dump(d, open(t + "/compact.json", "w"), separators=(",", ":"))
PY
for f in reversed late-summary compact; do
	t "verify-$f" 0 "$S" verify "$tmp/$f.json"
	ok "verify-$f-says" has "ok: 40 learners" "$tmp/out"
	# From a pipe, which cannot be read twice (reversed: read whole).
	t "verify-$f-pipe" 0 bash -c '"$0" verify /dev/stdin < <(cat "$1")' "$S" "$tmp/$f.json"
	ok "verify-$f-pipe-says" has "ok: 40 learners" "$tmp/out"
	t "import-$f" 0 "$S" --db "$tmp/$f.db" import "$tmp/$f.json"
	ok "import-$f-says" has "imported 40 learners" "$tmp/out"
done
# Learners before the head, read after it: what is wrong in them is still
# found and named, and an import of such a file is still all or nothing.
python3 - "$tmp/e40.json" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = sys.argv[2]
d["learners"][29]["events"][1]["at"] = "2030-01-01T00:00:00.000Z"
r = dict(reversed(list(d.items())))
json.dump(r, open(t + "/rev-bad.json", "w"), indent=1)
text = json.dumps(dict(reversed(list(json.load(open(sys.argv[1])).items()))))
open(t + "/rev-cut.json", "w").write(text[: len(text) // 3])
open(t + "/rev-brackets.json", "w").write(text.replace('"learners": [', '"learners": [[', 1))
PY
t verify-rev-bad 1 "$S" verify "$tmp/rev-bad.json"
ok verify-rev-bad-names has "learners[29]" "$tmp/err"
t import-rev-bad 1 "$S" --db "$tmp/rev-bad.db" import "$tmp/rev-bad.json"
ok import-rev-bad-kept-none [ ! -e "$tmp/rev-bad.db" ]
for f in rev-cut rev-brackets; do
	t "verify-$f" 1 "$S" verify "$tmp/$f.json"
	ok "verify-$f-not-json" has "not a JSON export" "$tmp/err"
done
# The summary is still recounted wherever it stands.
python3 - "$tmp/late-summary.json" "$tmp/late-wrong.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["summary"]["learners"] += 1
json.dump(d, open(sys.argv[2], "w"))
PY
t verify-late-summary-recounted 1 "$S" verify "$tmp/late-wrong.json"
ok verify-late-summary-names-it has "summary.learners is stated as 41" "$tmp/err"

# Malformed in ways only the hand-walked top level sees.
head -c $(($(wc -c <"$tmp/e40.json") / 2)) "$tmp/e40.json" >"$tmp/truncated.json"
{ cat "$tmp/e40.json"; echo '{}'; } >"$tmp/trailing.json"
sed '0,/"format"/s/^{"format"/{"format":"x","format"/' "$tmp/e40.json" >"$tmp/twice.json"
python3 - "$tmp/e40.json" "$tmp" <<'PY'
import sys
text = open(sys.argv[1]).read()
t = sys.argv[2]
# A comma too many after the last learner; a learners list twice.
open(t + "/comma.json", "w").write(text.replace("\n]}", ",\n]}"))
open(t + "/learners-twice.json", "w").write(text[:-4] + '],"learners":[]}\n')
PY
for f in truncated trailing twice comma learners-twice; do
	t "verify-$f" 1 "$S" verify "$tmp/$f.json"
	ok "verify-$f-not-json" has "not a JSON export" "$tmp/err"
	[ $f = truncated ] &&
		ok truncated-says-where grep -q "truncated.json:[0-9]*:[0-9]*: not a JSON export" "$tmp/err"
	t "import-$f" 1 "$S" --db "$tmp/$f.db" import "$tmp/$f.json"
	ok "import-$f-nothing" has "not imported; nothing changed" "$tmp/err"
done

# All or nothing, learner by learner: the 30th learner's log tampered with,
# the 29 before it (sound, and merged as they were read) are not kept.
python3 - "$tmp/e40.json" "$tmp/late-bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["learners"][29]["events"][1]["at"] = "2030-01-01T00:00:00.000Z"
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
t import-late-bad 1 "$S" --db "$tmp/late-bad.db" import "$tmp/late-bad.json"
ok import-late-bad-refused has "not imported; nothing changed" "$tmp/err"
# (The database the import made is not left either.)
ok import-late-bad-kept-none [ ! -e "$tmp/late-bad.db" ]
# A learner twice, the second time at the end: refused, nothing kept.
python3 - "$tmp/e40.json" "$tmp/dup.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["learners"].append(d["learners"][3])
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
t import-dup 1 "$S" --db "$tmp/dup.db" import "$tmp/dup.json"
ok import-dup-says has "appears twice" "$tmp/err"
ok import-dup-kept-none [ ! -e "$tmp/dup.db" ]

# A learner whose progress changes between the two passes of an export
# (the summary counted, their section not yet written) fails the export
# with a message, rather than a summary that disagrees with its learners.
# The export writes into a FIFO made here; it blocks once the pipe is
# full, early in the learners, while the last learner by name changes.
last=$("$S" --db "$tmp/c800.db" learner list | tail -n 1)
mkfifo "$tmp/fifo"
"$S" --db "$tmp/c800.db" export --all --format json -o - >"$tmp/fifo" 2>"$tmp/race.err" &
pid=$!
exec 3<"$tmp/fifo"
head -c 4096 <&3 >/dev/null
t race-note 0 "$S" --db "$tmp/c800.db" note --learner "$last" g1.i0 "changed meanwhile"
cat <&3 >/dev/null
exec 3<&-
wait "$pid"
ok race-export-fails [ $? -eq 1 ]
ok race-export-says grep -qF "progress changed during the export; run it again" "$tmp/race.err"

summary streaming
