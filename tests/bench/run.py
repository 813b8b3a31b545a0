#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The scale figures (issue "Scale", SPEC §9), measured against floors in
one run and printed, not asserted (the machine is shared and noisy).

Every measure runs its command and its floor alternately (A B A B ...),
so that a noisy neighbour slows both alike, and prints the median of the
paired ratios A/B with their spread (min-max and the interquartile range),
the median of each side, and peak RSS (/usr/bin/time -v) where it matters.

Usage: run.py SELFGRADE BASELINE SRC FRAME VERIFY_FLOOR
Environment: BENCH_QUICK=1 for fewer runs and smaller sizes;
BENCH_RUNS=N to set the runs of a quick measure (slow ones take a third);
BENCH_ITEMS=N for the size of the generated packs; BENCH_CPU=1 to time
the CPU (user + system) each command used instead of the wall clock: on a
busy machine far steadier, but blind to waiting (the fsyncs of a write);
BENCH_ONLY=score,check,... to run only the named measures (score, check,
live, validate, check-vs-validate, tutor, 1m, csv, md, html, json, import,
verify, probe; the packs and cohorts they need are still made). The live measure
asks a Kafka (librdkafka's mock cluster, tests/kafka_mock beside the
binary) and stand-ins for Kafka Connect, Flink and Prometheus; BENCH_PG
and BENCH_MYSQL add a running PostgreSQL and MySQL (--pg, --mysql URLs)."""
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

selfgrade, baseline, src, frame, verify_floor = sys.argv[1:6]
quick = os.environ.get("BENCH_QUICK") == "1"
runs = int(os.environ.get("BENCH_RUNS", "5" if quick else "21"))
slow_runs = max(3, runs // 3)
items = int(os.environ.get("BENCH_ITEMS", "10000" if quick else "100000"))
cohorts = [100, 1000] if quick else [1000, 10_000]
MEASURES = ("score", "check", "live", "validate", "check-vs-validate", "tutor", "1m", "csv",
            "md", "html", "json", "import", "verify", "probe")
only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
if only - set(MEASURES):
    sys.exit(f"BENCH_ONLY: unknown {', '.join(sorted(only - set(MEASURES)))}; "
             f"known: {', '.join(MEASURES)}")


def want(*names):
    return not only or bool(only & set(names))


tmp = tempfile.mkdtemp(prefix="sgbench.")
shipped = os.path.join(src, "checklists", "multi-database")
bench = os.path.join(src, "tests", "bench")
DN = subprocess.DEVNULL


def run(cmd, env=None, stdin=None, out=DN):
    """Runs cmd; its warnings (a generated cohort carries no signatures)
    are shown only if it fails."""
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as i:
        r = subprocess.run(cmd, stdout=out, stdin=i, env=env, stderr=subprocess.PIPE)
    if r.returncode:
        sys.stderr.write(r.stderr.decode(errors="replace"))
        r.check_returncode()
    return r


cpu_time = os.environ.get("BENCH_CPU") == "1"


def clock():
    """Milliseconds: of the wall clock, or (BENCH_CPU=1) the CPU time that
    the children waited for so far used."""
    if cpu_time:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (r.ru_utime + r.ru_stime) * 1000
    return time.perf_counter() * 1000


def wall(cmd, env=None, stdin=None, before=None):
    """A measure that times a command (before() runs first, untimed)."""
    def m():
        if before:
            before()
        t0 = clock()
        run(cmd, env, stdin)
        return clock() - t0
    return m


def peak_mib(cmd, env=None, stdin=None, before=None):
    if before:
        before()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as i:
        r = subprocess.run(["/usr/bin/time", "-v"] + cmd, env=env, check=True,
                           stdin=i, stdout=DN, stderr=subprocess.PIPE, text=True)
    line = next(l for l in r.stderr.splitlines() if "Maximum resident" in l)
    return int(line.split()[-1]) / 1024


def q(v, p):
    v = sorted(v)
    k = (len(v) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def paired(key, name, a, b, n, unit="ms", a_rss=None, b_rss=None, goal=""):
    """Runs a and b alternately n times (after one warm run each) and
    prints the median paired ratio a/b with its spread; nothing if the
    measure key was not asked for (BENCH_ONLY)."""
    if not want(key):
        return
    a(), b()
    ta, tb = [], []
    for _ in range(n):
        ta.append(a())
        tb.append(b())
    r = [x / y for x, y in zip(ta, tb)]
    rss = ""
    if a_rss:
        rss = f"  peak RSS {a_rss():.1f} MiB"
        if b_rss:
            rss += f" (floor {b_rss():.1f} MiB)"
    print(f"{name}\n    {statistics.median(ta):9.2f} {unit} vs floor "
          f"{statistics.median(tb):9.2f} {unit}: ratio {statistics.median(r):5.2f}x "
          f"[min {min(r):.2f}, max {max(r):.2f}; IQR {q(r, .25):.2f}-{q(r, .75):.2f}; "
          f"n={n}]{rss}{goal}", flush=True)


def gen_pack(name, n, style):
    d = os.path.join(tmp, name)
    run([sys.executable, os.path.join(bench, "gen_pack.py"), d, str(n), style])
    return d


def prepare_db(pack, name, ids):
    db = os.path.join(tmp, name + ".db")
    env = dict(os.environ, SELFGRADE_DB=db, SELFGRADE_CONTENT=pack,
               SELFGRADE_LEARNER="bench")
    run([selfgrade, "learner", "add", "bench"], env)
    run([selfgrade, "check"] + ids, env)
    return db, env


def leaves(pack):
    return open(os.path.join(pack, "leaves.txt")).read().split()


def toggler(env, item):
    """check and uncheck in turn: each run writes one event."""
    state = [False]

    def m():
        state[0] = not state[0]
        t0 = clock()
        run([selfgrade, "check" if state[0] else "uncheck", item], env)
        return clock() - t0
    return m


def frame_us(pack, db, *mode):
    def m():
        return float(subprocess.run([frame, pack, db, "200", *mode], check=True,
                                    text=True, stdout=subprocess.PIPE).stdout)
    return m


cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
            if l.startswith("model name")), platform.processor())
print(f"machine: {os.cpu_count()} cores (nproc), {cpu}; "
      f"{'quick' if quick else 'full'} mode, {runs} paired runs ({slow_runs} for slow measures)"
      f"{'; CPU time, not wall time' if cpu_time else ''}",
      flush=True)

# ---- score and check on the shipped pack --------------------------------
db, env = prepare_db(shipped, "shipped", ["s8.mysql-outbox", "s8.mysql-connector",
                                          "m7", "me.docs-mention"])
paired("score", "score, shipped pack, one learner  (goal <= 1.2x the libyaml+SELECT floor)",
       wall([selfgrade, "score"], env), wall([baseline, shipped, db]), runs,
       a_rss=lambda: peak_mib([selfgrade, "score"], env),
       b_rss=lambda: peak_mib([baseline, shipped, db]))
run(["sqlite3", db, "CREATE TABLE bench_floor (learner_id, item_id, done, at)"])
paired("check", "check/uncheck, shipped pack  (goal <= 1.3x a bare sqlite3 INSERT)",
       toggler(env, "s8.topic-naming"),
       wall(["sqlite3", db, "INSERT INTO bench_floor VALUES (1, 's8.topic-naming', 1, "
             "strftime('%Y-%m-%dT%H:%M:%fZ'))"]), runs)

# ---- probe over a big project ---------------------------------------------
def probe_patterns(pack):
    """Every pattern the pack's probes look for in files, and the key that
    marks a connector config: what grep would be asked to find."""
    pats = {"connector\\.class"}
    for line in open(os.path.join(pack, "probes.yaml"), encoding="utf-8"):
        t = line.strip()
        for key in ("pattern: ", "forbid: "):
            if t.startswith(key):
                v = t[len(key):]
                if v.startswith('"'):
                    v = json.loads(v)
                pats.add(v)
    return sorted(pats)


def gen_tree(root, n):
    """The capstone fixture and filler up to n files: sources, configs and
    docs of a real project's kinds and sizes, in folders of 100."""
    shutil.copytree(os.path.join(src, "tests", "data", "capstone", "good"), root)
    have = sum(len(f) for _, _, f in os.walk(root))
    words = ("stream event order table topic offset kafka flink schema record key "
             "value state window join source sink partition replica slot").split()
    exts = (".py", ".java", ".js", ".json", ".yml", ".md", ".txt", ".sql", ".html", ".c")
    import random
    rnd = random.Random(27)
    for i in range(n - have):
        d = os.path.join(root, "src", f"m{i // 100:03d}")
        os.makedirs(d, exist_ok=True)
        ext = exts[i % len(exts)]
        lines = []
        for _ in range(rnd.randint(10, 60)):
            w = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 10)))
            lines.append(f'  "{w.split()[0]}_{rnd.randint(0, 999)}": "{w}",' if ext == ".json"
                         else w)
        body = "\n".join(lines)
        if ext == ".json":
            body = "{\n" + body.rstrip(",") + '\n  "end": true\n}'
        with open(os.path.join(d, f"f{i}{ext}"), "w") as f:
            f.write(body + "\n")


if want("probe"):
    tree = os.path.join(tmp, "tree")
    gen_tree(tree, 20_000)
    penv = dict(os.environ, SELFGRADE_DB=os.path.join(tmp, "probe.db"),
                SELFGRADE_LEARNER="bench")
    run([selfgrade, "learner", "add", "bench"], penv)
    grep = ["grep", "-rIlE"]
    for p in probe_patterns(shipped):
        grep += ["-e", p]
    nfiles = sum(len(f) for _, _, f in os.walk(tree))
    mb = sum(os.path.getsize(os.path.join(a, f)) for a, _, fs in os.walk(tree)
             for f in fs) / 2**20

    def probe_run():
        t0 = clock()
        r = subprocess.run([selfgrade, "probe", tree, "--json"], env=penv, stdout=DN,
                           stderr=DN)
        if r.returncode not in (0, 1):
            r.check_returncode()
        return clock() - t0

    def grep_run():
        t0 = clock()
        subprocess.run(grep + [tree], stdout=DN, stderr=DN)
        return clock() - t0
    paired("probe", f"probe, {nfiles:,} files ({mb:.0f} MiB), shipped probes  (goal <= 1.5x "
           "grep -rIlE of the probes' patterns)", probe_run, grep_run, runs)
    shutil.rmtree(tree)


# ---- the live probes beside the file probes ----------------------------------
def live_measure():
    mock = os.path.join(os.path.dirname(os.path.abspath(selfgrade)), "tests", "kafka_mock")
    if not os.access(mock, os.X_OK):
        print(f"live probes: skipped ({mock} is not built)", flush=True)
        return
    cap = os.path.join(src, "tests", "data", "capstone")
    plan = os.path.join(tmp, "kafka.plan")
    with open(plan, "w") as f:
        for t in ("outbox.event.postgres.orders", "outbox.event.mysql.orders",
                  "schema-changes.mysql-outbox"):
            f.write(f"topic {t} 1\n")
        for i in range(50):
            f.write(f'msg outbox.event.postgres.orders {{"id": {i}}}\n')
            f.write(f'msg outbox.event.mysql.orders {{"id": {i}}}\n')
    kafka = subprocess.Popen([mock, plan], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    boot = kafka.stdout.readline().decode().strip()
    cq = "/connectors?expand=status&expand=info"
    routes = os.path.join(tmp, "routes.json")
    with open(os.path.join(cap, "connect", "running.json")) as f:
        connect = json.load(f)
    vertex = ("Source: TableSourceScan(table=[[default_catalog, default_database, {}]])")
    with open(routes, "w") as f:
        json.dump({cq: connect,
                   "/jobs/overview": {"jobs": [{"jid": "ab12", "name": "j", "state": "RUNNING"}]},
                   "/jobs/ab12": {"name": "j", "vertices": [
                       {"name": vertex.format("orders_postgres_cdc"), "metrics": {"write-records": 5}},
                       {"name": vertex.format("orders_mysql_cdc"), "metrics": {"write-records": 5}}]},
                   "/api/v1/label/__name__/values": {"data": ["pg_replication_slots_lag_bytes"]}}, f)
    port = os.path.join(tmp, "http.port")
    http = subprocess.Popen([sys.executable, os.path.join(src, "tests", "cli", "live_server.py"),
                             port, routes])
    while not os.path.exists(port):
        time.sleep(0.02)
    url = "http://127.0.0.1:" + open(port).read()
    try:
        _, lenv = prepare_db(shipped, "live", ["s8.topic-naming"])
        _, fenv = prepare_db(shipped, "files", ["s8.topic-naming"])
        proj = os.path.join(cap, "good")
        live = [selfgrade, "probe", proj, "--connect", url, "--kafka", boot,
                "--flink", url, "--prometheus", url]
        for opt, var in (("--pg", "BENCH_PG"), ("--mysql", "BENCH_MYSQL")):
            if os.environ.get(var):
                live += [opt, os.environ[var]]
        # The prometheus stand-in holds one source's lag: exit 1 is its
        # verdict, not a failure.
        def probe_live():
            t0 = clock()
            subprocess.run(live, env=lenv, stdout=DN, stderr=DN)
            return clock() - t0
        paired("live", f"probe DIR with {(len(live) - 3) // 2} live sources (Kafka Connect, "
               "Kafka mock cluster, Flink, Prometheus stand-ins) vs probe DIR alone",
               probe_live, wall([selfgrade, "probe", proj], fenv), runs)
    finally:
        http.kill()
        kafka.stdin.close()
        kafka.wait()
        http.wait()


if want("live"):
    live_measure()

# ---- loading a big pack, both styles -------------------------------------
for style in ("compact", "verbose") if want("validate", "check-vs-validate", "tutor") else ():
    g = gen_pack(f"g{items}{style}", items, style)
    size = os.path.getsize(os.path.join(g, "checklist.yaml")) / 2**20
    lv = leaves(g)
    gdb, genv = prepare_db(g, f"g{style}", [lv[1], lv[5], lv[-3], lv[len(lv) // 2]])
    paired("validate", f"validate, {items:,} items, {style} style ({size:.1f} MiB)  "
           "(goal <= 2x the floor, <= 32 MiB)",
           wall([selfgrade, "validate"], genv), wall([baseline, g, gdb]), slow_runs,
           a_rss=lambda: peak_mib([selfgrade, "validate"], genv),
           b_rss=lambda: peak_mib([baseline, g, gdb]))
    paired("check-vs-validate",
           f"check/uncheck vs validate, {items:,} items, {style} style  (goal <= 1x)",
           toggler(genv, lv[7]), wall([selfgrade, "validate"], genv), slow_runs)
    if style == "compact":
        paired("tutor", f"tutor frame, cursor down (key, layout, draw at 80x24), "
               f"{items:,} items vs the shipped pack  (goal <= 1.5x)",
               frame_us(g, gdb), frame_us(shipped, db), slow_runs, unit="us")
        paired("tutor", f"tutor frame, Space on an item (tick written, rescored, drawn), "
               f"{items:,} items vs the shipped pack  (goal <= 1.5x)",
               frame_us(g, gdb, "toggle"), frame_us(shipped, db, "toggle"), slow_runs,
               unit="us")
    shutil.rmtree(g)

if not quick and want("1m"):
    g = gen_pack("g1m", 1_000_000, "compact")
    size = os.path.getsize(os.path.join(g, "checklist.yaml")) / 2**20
    genv = dict(os.environ, SELFGRADE_CONTENT=g, SELFGRADE_DB=os.path.join(tmp, "1m.db"))
    t0 = time.perf_counter()
    run([selfgrade, "validate"], genv)
    t = time.perf_counter() - t0
    print(f"validate, 1,000,000 items, compact ({size:.0f} MiB): {t * 1000:.0f} ms, "
          f"peak RSS {peak_mib([selfgrade, 'validate'], genv):.1f} MiB (one run)", flush=True)
    shutil.rmtree(g)

# ---- cohorts: exports, import, verify -------------------------------------
COHORT = ("csv", "md", "html", "json", "import", "verify")
p50 = gen_pack("p50", 50, "verbose") if want(*COHORT) else None
STATES = ("SELECT l.name, s.item_id, s.kind, s.done, s.text_hash, s.updated_at "
          "FROM state s JOIN learner l ON l.id = s.learner_id ORDER BY l.name, s.item_id")
# What md and html read besides the states: each learner's notes, log
# (the timeline) and study sessions, in the report's order; the columns
# they show, not the chain's hashes.
READ = (STATES + "; SELECT l.name, n.item_id, n.text, n.updated_at FROM note n "
        "JOIN learner l ON l.id = n.learner_id ORDER BY l.name, n.item_id; "
        "SELECT l.name, e.id, e.item_id, e.field, e.old, e.new, e.at, e.batch, e.undoes "
        "FROM event e JOIN learner l ON l.id = e.learner_id ORDER BY l.name, e.id; "
        "SELECT l.name, x.started_at, x.ended_at, x.cards, x.first_try "
        "FROM study_session x JOIN learner l ON l.id = x.learner_id "
        "ORDER BY l.name, x.started_at")
JSON = ("SELECT json_object('name', l.name, 'created_at', l.created_at, "
        "'states', (SELECT json_group_array(json_object('id', item_id, 'kind', kind, "
        "'done', done, 'text_hash', text_hash, 'updated_at', updated_at)) "
        "FROM state s WHERE s.learner_id = l.id), "
        "'notes', (SELECT json_group_array(json_object('id', item_id, 'text', text, "
        "'updated_at', updated_at)) FROM note n WHERE n.learner_id = l.id), "
        "'events', (SELECT json_group_array(json_object('seq', id, 'item_id', item_id, "
        "'field', field, 'old', old, 'new', new, 'old_hash', old_hash, "
        "'text_hash', text_hash, 'at', at, 'batch', batch, 'undoes', undoes, "
        "'prev', prev, 'hash', hash)) FROM (SELECT * FROM event e "
        "WHERE e.learner_id = l.id ORDER BY e.id))) FROM learner l ORDER BY l.name")
for n in cohorts if want(*COHORT) else ():
    gen = os.path.join(tmp, f"gen{n}.json")
    run([sys.executable, os.path.join(bench, "gen_cohort.py"), selfgrade, p50, str(n), gen])
    cdb = os.path.join(tmp, f"cohort{n}.db")
    cenv = dict(os.environ, SELFGRADE_DB=cdb, SELFGRADE_CONTENT=p50)
    t0 = time.perf_counter()
    run([selfgrade, "import", gen], cenv)
    events = subprocess.run(["sqlite3", cdb, "SELECT count(*) FROM event"], check=True,
                            text=True, stdout=subprocess.PIPE).stdout.strip()
    print(f"cohort of {n:,} learners, {events} events: generated and imported in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    nr = runs if n <= 1000 else slow_runs
    for fmt, rows, what in (("csv", STATES, "the state rows"),
                            ("md", READ, "the rows md reads"),
                            ("html", READ, "the rows html reads")):
        cmd = [selfgrade, "export", "--all", "--format", fmt]
        paired(fmt, f"export --format {fmt}, {n:,} learners  (goal <= 1.5x sqlite3 -csv of "
               f"{what})", wall(cmd, cenv), wall(["sqlite3", "-csv", cdb, rows]), nr,
               a_rss=lambda: peak_mib(cmd, cenv))
    cmd = [selfgrade, "export", "--all", "--format", "json"]
    paired("json", f"export --format json, {n:,} learners  (goal <= 2x sqlite3 making the same "
           "rows as JSON, <= 32 MiB)", wall(cmd, cenv), wall(["sqlite3", cdb, JSON]),
           slow_runs, a_rss=lambda: peak_mib(cmd, cenv))
    exp = os.path.join(tmp, f"export{n}.json")
    with open(exp, "wb") as f:
        subprocess.run(cmd, env=cenv, check=True, stdout=f)
    dump = os.path.join(tmp, f"dump{n}.sql")
    with open(dump, "wb") as f:
        subprocess.run(["sqlite3", cdb, ".dump"], check=True, stdout=f)
    fresh = os.path.join(tmp, "fresh.db")

    def clean():
        for s in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(fresh + s):
                os.remove(fresh + s)
    mb = os.path.getsize(exp) / 2**20
    ienv = dict(cenv, SELFGRADE_DB=fresh)
    paired("import", f"import of the export ({mb:.0f} MiB), {n:,} learners, into a new database  "
           "(floor: sqlite3 reading the database's .dump)",
           wall([selfgrade, "import", exp], ienv, before=clean),
           wall(["sqlite3", fresh], stdin=dump, before=clean), slow_runs,
           a_rss=lambda: peak_mib([selfgrade, "import", exp], ienv, before=clean))
    # verify reads what a learner sends: the generated file, each learner
    # signed, with the summary of the cohort it makes spliced in (the
    # export's, which a recount of the learners must give) at the end.
    signed = os.path.join(tmp, f"signed{n}.json")
    with open(exp, encoding="utf-8") as f:
        head = f.readline()
    at = head.index('"summary":') + len('"summary":')
    at += len(head[at:]) - len(head[at:].lstrip())
    summary = json.JSONDecoder().raw_decode(head, at)[0]
    shutil.copyfile(gen, signed)
    with open(signed, "r+b") as f:
        f.seek(-4, os.SEEK_END)
        assert f.read() == b"\n]}\n"
        f.seek(-4, os.SEEK_END)
        f.truncate()
        f.write(b'\n], "summary": ' + json.dumps(summary, ensure_ascii=False).encode()
                + b"}\n")
    mb = os.path.getsize(signed) / 2**20
    paired("verify", f"verify of a signed export ({mb:.0f} MiB), {n:,} learners  (goal <= 1.5x "
           "the floor: jansson decoding each learner, SHA-256 of each event, Ed25519 of "
           "each signature)", wall([selfgrade, "verify", signed], cenv),
           wall([verify_floor, signed]), slow_runs,
           a_rss=lambda: peak_mib([selfgrade, "verify", signed], cenv),
           b_rss=lambda: peak_mib([verify_floor, signed]))
    for f in (gen, exp, dump, cdb, signed):
        os.remove(f)
shutil.rmtree(tmp)
