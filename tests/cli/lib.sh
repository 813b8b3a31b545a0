# SPDX-License-Identifier: MIT
# Shared by the CLI test scripts: a temporary folder, and assertions that
# count passes and failures. Source it; finish with `summary NAME`.
set -u
: "${SELFGRADE:?path to the selfgrade binary}" "${SRC:?source tree}"
# English expectations hold whatever the environment speaks; a test that
# wants another language says so (LANG=ru_RU.UTF-8, --lang).
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES LANGUAGE
# Nor does a pack, database or learner chosen in the caller's shell leak
# in: each test names its own.
unset SELFGRADE_CONTENT SELFGRADE_DB SELFGRADE_LEARNER
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# What the program writes for a while (an export's spool) goes here too.
export TMPDIR=$tmp
pass=0 failed=0

# t NAME WANT_EXIT CMD...: runs CMD, keeps stdout/stderr in $tmp/out, err.
t() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass=$((pass + 1))
		return 0
	fi
	echo "FAIL $name: exit $rc, wanted $want"
	sed 's/^/  /' "$tmp/err" "$tmp/out" | head -8
	failed=$((failed + 1))
	return 1
}

# ok NAME CONDITION...: an extra assertion, on the last run's output or else.
ok() {
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}

has() { grep -qF -- "$1" "$2"; }
# Every id a learner ticks in the pack (leaf items, mistakes, attestable
# criteria), one a line, from the binary's own dump.
checkables() {
	"$SELFGRADE" dump | jq -r '(.sections[].items[] | recurse(.items[]?) |
		select((.items // []) == []) | .id), .mistakes[].id,
		(.rubric.levels[].criteria[] | select(.attest) | .id)'
}

summary() {
	echo "$1: $pass passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# append DB LEARNER ITEM FIELD NEW [TEXT_HASH]: an event appended to the
# learner's log with its chain link, as the program would append it (a
# learner editing their own database under the program's feet).
append() {
	/usr/bin/python3 - "$@" <<'PY'
import datetime, hashlib, sqlite3, sys
db, name, item, field, new = sys.argv[1:6]
text_hash = sys.argv[6] if len(sys.argv) > 6 else None
db = sqlite3.connect(db)
lid = db.execute("SELECT id FROM learner WHERE name = ?", (name,)).fetchone()[0]
row = db.execute("SELECT hash FROM event WHERE learner_id = ? ORDER BY id DESC LIMIT 1", (lid,)).fetchone()
prev = row[0] if row else None
at = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%S.000Z")
def f(s):
    if s is None:
        return b"N"
    b = s.encode()
    return b"S%d:" % len(b) + b
h = hashlib.sha256()
for x in ["selfgrade-event-1", prev, item, field, None, new, None, text_hash, at]:
    h.update(f(x))
db.execute("INSERT INTO event (learner_id, item_id, field, new, text_hash, at, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
           (lid, item, field, new, text_hash, at, prev, h.hexdigest()))
db.commit()
PY
}
