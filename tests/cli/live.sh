#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# selfgrade probe against a running pipeline started here: PostgreSQL 15
# (initdb + pg_ctl as nobody, wal_level=logical, a real logical slot read
# by pg_recvlogical), MariaDB (mariadb-install-db + mariadbd on a private
# socket and port), Kafka as librdkafka's mock cluster (kafka_mock), and
# HTTP stand-ins for Kafka Connect, Flink and Prometheus. Each check of
# the live table verified and contradicted, an unreachable source of each
# kind, passwords kept out of the database, the output and an export, and
# hostile names from every server. Every server is stopped on exit.
. "$(dirname "$0")/lib.sh"
S=$SELFGRADE
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
for need in "$PGBIN/initdb" "$PGBIN/pg_ctl" "$PGBIN/pg_recvlogical" \
	"$(command -v mariadbd || echo /usr/sbin/mariadbd)" \
	"$(command -v mariadb-install-db || echo none)" "${KAFKA_MOCK:-none}"; do
	if [ ! -x "$need" ]; then
		echo "live: $need is missing (tools/install-deps installs it)"
		exit 77
	fi
done

pids=() fds=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	[ -f "$tmp/pg/data/postmaster.pid" ] &&
		runuser -u nobody -- "$PGBIN/pg_ctl" -D "$tmp/pg/data" -m immediate stop >/dev/null 2>&1
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
# A signal ends the script through its EXIT trap too.
trap 'exit 130' INT
trap 'exit 143' TERM HUP
# If the script itself is killed outright (SIGKILL, a runner's timeout),
# no trap runs: a watchdog outside its process group stops the servers
# started from $tmp (PostgreSQL and MariaDB run from there; kafka_mock
# ends when its stdin pipe closes, the HTTP stand-ins on their own alarm)
# and removes the folder once the script is gone.
setsid bash -c '
	while kill -0 "$1" 2>/dev/null; do sleep 1; done
	[ -f "$2/pg/data/postmaster.pid" ] &&
		runuser -u nobody -- "$3/pg_ctl" -D "$2/pg/data" -m immediate stop >/dev/null 2>&1
	for p in $(pgrep -f -- "$2/"); do [ "$p" != "$$" ] && kill -9 "$p" 2>/dev/null; done
	rm -rf "$2"' watchdog "$$" "$tmp" "$PGBIN" </dev/null >/dev/null 2>&1 &
disown "$!" # not one of the children the cleanup waits for
# nobody runs PostgreSQL from a folder inside $tmp.
chmod 711 "$tmp"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
harmless() { ! LC_ALL=C grep -q -e $'\e' -e $'\a' -e $'\xe2\x80\xae' "$@"; }
# verdict PROBE: the verdict of one result in $tmp/out (--json).
verdict() { jq -r --arg p "$1" '.results[] | select(.probe == $p) | .verdict' "$tmp/out"; }
value() { jq -r --arg p "$1" '.results[] | select(.probe == $p) | "\(.file): \(.value)"' "$tmp/out"; }
is() { # is NAME PROBE VERDICT
	local got
	got=$(verdict "$2")
	if [ "$got" = "$3" ]; then pass=$((pass + 1)); else
		echo "FAIL $1: $2 is '$got', wanted '$3'"
		value "$2" | sed 's/^/  /'
		sed 's/^/  /' "$tmp/err" | head -5
		failed=$((failed + 1))
	fi
}

export SELFGRADE_DB="$tmp/live.db"
t add 0 "$S" learner add anna

# The project: the good capstone, its PyFlink job writing a sink topic.
cp -r "$SRC/tests/data/capstone/good" "$tmp/proj"
cat >>"$tmp/proj/flink/unified_orders.py" <<'EOF'

table_env.execute_sql("""
    CREATE TABLE unified_orders_sink (
        order_id BIGINT,
        source_database STRING
    ) WITH (
        'connector' = 'kafka',
        'topic' = 'unified_orders',
        'format' = 'json'
    )
""")
table_env.execute_sql(
    "INSERT INTO unified_orders_sink SELECT order_id, source_database FROM unified_orders")
EOF
P=$tmp/proj

# ---- PostgreSQL ----------------------------------------------------------
PGPW='Pg-S3cret-4711' MYPW='My-S3cret-0815'
mkdir "$tmp/pg" && chown nobody "$tmp/pg"
printf '%s\n' "$PGPW" >"$tmp/pg/pw" && chown nobody "$tmp/pg/pw"
pgport=$(free_port)
pg_start() { # pg_start WAL_LEVEL
	runuser -u nobody -- "$PGBIN/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/log" -w \
		-o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=$tmp/pg -c wal_level=$1 -c fsync=off" \
		start >/dev/null
}
runuser -u nobody -- "$PGBIN/initdb" -D "$tmp/pg/data" -U postgres --pwfile="$tmp/pg/pw" \
	--auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >"$tmp/pg/initdb.log" 2>&1 ||
	{ echo "FAIL initdb"; cat "$tmp/pg/initdb.log"; exit 1; }
pg_start logical || { echo "FAIL pg_ctl start"; cat "$tmp/pg/log"; exit 1; }
PG="postgresql://postgres:$PGPW@127.0.0.1:$pgport/postgres"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$PG" "$@" >/dev/null; }
psql_ <<'EOF'
CREATE TABLE outbox (id uuid PRIMARY KEY, aggregatetype varchar(255),
  aggregateid varchar(255), type varchar(255), payload jsonb);
SELECT pg_create_logical_replication_slot('debezium_outbox_slot_pg', 'test_decoding');
EOF
# A reader of the slot, as Debezium would be: the slot is active.
# Its application name holds $tmp/, so that the watchdog finds it too.
PGPASSWORD=$PGPW "$PGBIN/pg_recvlogical" \
	-d "postgresql://postgres@127.0.0.1:$pgport/postgres?application_name=$tmp/recv" \
	--slot debezium_outbox_slot_pg --start -f /dev/null &
recv=$!
pids+=("$recv")

# ---- MariaDB --------------------------------------------------------------
mkdir "$tmp/my"
myport=$(free_port)
mariadb-install-db --no-defaults --datadir="$tmp/my/data" --user=root \
	--auth-root-authentication-method=socket --skip-test-db >"$tmp/my/install.log" 2>&1 ||
	{ echo "FAIL mariadb-install-db"; cat "$tmp/my/install.log"; exit 1; }
mariadbd --no-defaults --user=root --datadir="$tmp/my/data" --socket="$tmp/my/sock" \
	--port="$myport" --bind-address=127.0.0.1 --pid-file="$tmp/my/pid" \
	--log-bin="$tmp/my/bin" --server-id=1 --binlog-format=ROW --binlog-row-image=FULL \
	--skip-name-resolve --innodb-buffer-pool-size=16M --log-error="$tmp/my/err" >/dev/null 2>&1 &
pids+=("$!")
for _ in $(seq 100); do
	mariadb --socket="$tmp/my/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
	sleep 0.1
done
my_() { mariadb --socket="$tmp/my/sock" -uroot "$@"; }
my_ <<EOF || { echo "FAIL mariadb setup"; cat "$tmp/my/err"; exit 1; }
CREATE DATABASE inventory;
CREATE USER 'dbz'@'127.0.0.1' IDENTIFIED BY '$MYPW';
GRANT SELECT ON *.* TO 'dbz'@'127.0.0.1';
CREATE TABLE inventory.outbox (id varchar(36) PRIMARY KEY, aggregatetype varchar(255),
  aggregateid varchar(255), type varchar(255), payload JSON);
EOF
MY="mysql://dbz:$MYPW@127.0.0.1:$myport/inventory"

# ---- Kafka: one mock cluster per plan ---------------------------------------
# kafka NAME PLAN: a cluster filled from PLAN; its bootstrap in $boot. It
# stops when its stdin (a pipe this script holds) closes, or on exit.
kafka() {
	mkfifo "$tmp/$1.in"
	"$KAFKA_MOCK" "$2" <"$tmp/$1.in" >"$tmp/$1.boot" 2>"$tmp/$1.err" &
	pids+=("$!")
	exec {fd}>"$tmp/$1.in"
	fds+=("$fd")
	for _ in $(seq 100); do [ -s "$tmp/$1.boot" ] && break; sleep 0.05; done
	boot=$(head -1 "$tmp/$1.boot")
	[ -n "$boot" ] || { echo "FAIL kafka_mock $1"; cat "$tmp/$1.err"; exit 1; }
}
ev() { printf 'msg %s {"schema":null,"payload":{"op":"c","after":{"id":"%s","aggregatetype":"orders","payload":"{}"},"source":{"connector":"%s"}}}\n' "$@"; }
{
	echo "topic outbox.event.postgres.orders 2"
	echo "topic outbox.event.mysql.orders 1"
	echo "topic schema-changes.mysql-outbox 1"
	echo "topic schema-changes.mysql-inventory 1"
	echo "topic unified_orders 1"
	for i in 1 2 3; do ev outbox.event.postgres.orders "p$i" postgresql; done
	for i in 1 2; do ev outbox.event.mysql.orders "m$i" mysql; done
	for i in $(seq 150); do
		db=postgresql
		[ $((i % 2)) = 0 ] && db=mysql
		printf 'msg unified_orders {"order_id":%d,"source_database":"%s"}\n' "$i" "$db"
	done
} >"$tmp/good.plan"
kafka good "$tmp/good.plan"
KGOOD=$boot
# The MySQL topic empty (its name with ESC and U+202E), a history topic
# missing, the sink naming one database only (ESC and U+202E in it) among
# more than 100 messages.
{
	echo "topic outbox.event.postgres.orders 1"
	printf 'topic outbox.event.mysql.orders\e[2J\u202e 1\n'
	echo "topic schema-changes.mysql-outbox 1"
	echo "topic unified_orders 1"
	ev outbox.event.postgres.orders p1 postgresql
	printf 'msg unified_orders {"order_id":0,"source_database":"mysql"}\n'
	for i in $(seq 120); do
		printf 'msg unified_orders {"order_id":%d,"source_database":"postgres\\u001b[2J\\u202eevil"}\n' "$i"
	done
} >"$tmp/bad.plan"
kafka bad "$tmp/bad.plan"
KBAD=$boot
# PostgreSQL's topics only.
{
	echo "topic outbox.event.postgres.orders 1"
	ev outbox.event.postgres.orders p1 postgresql
} >"$tmp/pgonly.plan"
kafka pgonly "$tmp/pgonly.plan"
KPGONLY=$boot

# ---- HTTP stand-ins ---------------------------------------------------------
# serve NAME ROUTES: a stand-in answering ROUTES; its base URL in $url.
serve() {
	python3 "$SRC/tests/cli/live_server.py" "$tmp/$1.port" "$2" &
	pids+=("$!")
	for _ in $(seq 100); do [ -s "$tmp/$1.port" ] && break; sleep 0.05; done
	url="http://127.0.0.1:$(cat "$tmp/$1.port")"
}
CQ='/connectors?expand=status&expand=info'
jq -n --slurpfile r "$SRC/tests/data/capstone/connect/running.json" --arg q "$CQ" '{($q): $r[0]}' >"$tmp/connect.json"
serve connect "$tmp/connect.json"
CONNECT=$url
# Flink: one RUNNING job whose two source vertices have read records.
flink_routes() { # flink_routes STATE PG_RECORDS MY_RECORDS JOBNAME
	jq -n --arg st "$1" --argjson p "$2" --argjson m "$3" --arg name "$4" '{
	  "/jobs/overview": {jobs: [{jid: "a1b2c3d4e5f6", name: $name, state: $st},
	                            {jid: "ffff0000", name: "old", state: "CANCELED"}]},
	  "/jobs/a1b2c3d4e5f6": {jid: "a1b2c3d4e5f6", name: $name, state: $st, vertices: [
	    {id: "v1", name: "Source: TableSourceScan(table=[[default_catalog, default_database, orders_postgres_cdc]], fields=[order_id])",
	     metrics: {"read-records": 0, "write-records": $p}},
	    {id: "v2", name: "Source: TableSourceScan(table=[[default_catalog, default_database, orders_mysql_cdc]], fields=[order_id])",
	     metrics: {"read-records": 0, "write-records": $m}},
	    {id: "v3", name: "Sink: unified_orders_sink", metrics: {"read-records": ($p + $m), "write-records": 0}}]}}'
}
flink_routes RUNNING 40 25 unified-orders >"$tmp/flink.json"
serve flink "$tmp/flink.json"
FLINK=$url
prom_routes() { # prom_routes PG_METRIC MYSQL_PLUGIN
	jq -n --arg pg "$1" --arg plugin "$2" '{
	  "/api/v1/label/__name__/values": {status: "success",
	     data: ([$pg, "debezium_metrics_MilliSecondsBehindSource", "up"] | map(select(. != "")))},
	  "/api/v1/series?match%5B%5D=debezium_metrics_MilliSecondsBehindSource": {status: "success",
	     data: [{__name__: "debezium_metrics_MilliSecondsBehindSource", plugin: $plugin,
	             name: "x", context: "streaming"}]}}'
}
prom_routes pg_replication_slots_lag_bytes mysql >"$tmp/prom.json"
serve prom "$tmp/prom.json"
PROM=$url

# ---- all verified -----------------------------------------------------------
t all-live 0 "$S" probe "$P" --json --connect "$CONNECT" --pg "$PG" --mysql "$MY" \
	--kafka "$KGOOD" --flink "$FLINK" --prometheus "$PROM"
cp "$tmp/out" "$tmp/all.json"
for p in live.connectors live.pg.wal-level live.mysql.binlog live.mysql.server-id \
	live.outbox live.pg.slot live.kafka.postgres-events live.kafka.mysql-events \
	live.kafka.topic-naming live.kafka.schema-history live.kafka.m7 \
	live.kafka.source-database live.flink.both-streams live.prometheus.both-sources \
	server-name.unique m8.server-name; do
	is "ok-$p" "$p" verified
done
ok all-files test "$(jq -r '[.results[] | select(.probe | startswith("live.")) | .file] | join(" ")' "$tmp/out")" = \
	"connect:mysql-outbox-connector pg:wal_level pg:pg_replication_slots/debezium_outbox_slot_pg mysql:binlog_format mysql:server_id mysql:outbox kafka:outbox.event.postgres.orders kafka:outbox.event.mysql.orders kafka:outbox.event.* kafka:schema-changes.mysql-outbox kafka:schema-changes.mysql-outbox kafka:unified_orders flink:unified-orders prometheus:debezium_metrics_MilliSecondsBehindSource"
ok all-kinds test "$(jq -r '[.results[] | select(.probe | startswith("live.")) | .kind] | unique | join(" ")' "$tmp/out")" = \
	"live-connect live-flink live-kafka live-mysql live-pg live-pg-mysql live-prometheus"
ok slot-lag-value has "active, lag " <(value live.pg.slot)
ok server-id-value has "@@server_id = 1, not the database.server.id of any MySQL connector (1)" <(value live.mysql.server-id)
# At most 100 of the sink's 150 messages are read.
ok sink-bounded has "in the last 100 messages" <(value live.kafka.source-database)
ok masked-json test "$(jq -r '.live.pg + " " + .live.mysql' "$tmp/out")" = \
	"postgresql://postgres:***@127.0.0.1:$pgport/postgres mysql://dbz:***@127.0.0.1:$myport/inventory"
t all-live-text 0 "$S" probe "$P" --connect "$CONNECT" --pg "$PG" --mysql "$MY" \
	--kafka "$KGOOD" --flink "$FLINK" --prometheus "$PROM"
ok text-shows has "verified: live.mysql.server-id (for s8.mysql-connector.server-id)" "$tmp/out"
ok text-value has "  mysql:binlog_format: binlog_format = ROW, binlog_row_image = FULL, log_bin = ON" "$tmp/out"
# The evidence is in the log and in status.
t status 0 "$S" status --json
ok status-evidence test "$(jq -r '[.. | objects | select(.probe? == "live.outbox") | .verdict] | first' "$tmp/out")" = verified

# ---- the sources remembered, never their passwords --------------------------
t remembered 1 "$S" probe --json
ok remembered-all test "$(jq '[.results[] | select(.probe | startswith("live."))] | length' "$tmp/out")" -ge 8
ok remembered-mysql-no-pw test "$(jq -r '.live.mysql' "$tmp/out")" = "mysql://dbz@127.0.0.1:$myport/inventory"
# Without its password MySQL refuses; libpq found none either: one line
# each, and the other sources still report.
ok remembered-refused has "selfgrade: --mysql mysql://dbz@127.0.0.1:$myport/inventory: Access denied" "$tmp/err"
t remembered-env 0 env MYSQL_PWD="$MYPW" PGPASSWORD="$PGPW" "$S" probe --json
ok remembered-env-mysql test "$(verdict live.mysql.binlog)" = verified
ok remembered-env-pg test "$(verdict live.pg.wal-level)" = verified
t export 0 "$S" export --format json -o "$tmp/export.json"
t export-csv 0 "$S" export --format csv -o "$tmp/export.csv"
sqlite3 "$SELFGRADE_DB" .dump >"$tmp/dump.sql"
for f in "$SELFGRADE_DB" "$tmp/dump.sql" "$tmp/export.json" "$tmp/export.csv" "$tmp/all.json"; do
	ok "no-password-$(basename "$f")" test -z "$(grep -a -l -e "$PGPW" -e "$MYPW" "$f")"
done
ok remembered-table test "$(sqlite3 "$SELFGRADE_DB" 'SELECT group_concat(source, " ") FROM (SELECT source FROM probe_live ORDER BY source)')" = \
	"connect flink kafka mysql pg prometheus"
# A libpq keyword string keeps no password either.
t pg-keywords 0 "$S" probe --pg "host=127.0.0.1 port=$pgport user=postgres password=$PGPW dbname=postgres" --json
ok pg-keywords-works test "$(verdict live.pg.wal-level)" = verified
ok pg-keywords-masked test "$(jq -r .live.pg "$tmp/out")" = "host=127.0.0.1 port=$pgport user=postgres password=*** dbname=postgres"
ok pg-keywords-stored test "$(sqlite3 "$SELFGRADE_DB" "SELECT url FROM probe_live WHERE source = 'pg'")" = \
	"host=127.0.0.1 port=$pgport user=postgres dbname=postgres"

# ---- unreachable sources: one line each, the others still report -------------
dead=$(free_port)
t dead 1 "$S" probe "$P" --json --pg "postgresql://postgres:$PGPW@127.0.0.1:$dead/postgres" \
	--mysql "mysql://dbz:$MYPW@127.0.0.1:$dead/inventory" --kafka "127.0.0.1:$dead" \
	--flink "http://127.0.0.1:$dead" --prometheus "http://u:$PGPW@127.0.0.1:$dead" \
	--connect "http://127.0.0.1:$dead"
ok dead-pg has "selfgrade: --pg postgresql://postgres:***@127.0.0.1:$dead/postgres: connection to server at \"127.0.0.1\", port $dead failed: Connection refused" "$tmp/err"
ok dead-mysql has "selfgrade: --mysql mysql://dbz:***@127.0.0.1:$dead/inventory: Can't connect to server on '127.0.0.1'" "$tmp/err"
ok dead-kafka has "selfgrade: --kafka 127.0.0.1:$dead: " "$tmp/err"
ok dead-flink has "selfgrade: --flink http://127.0.0.1:$dead: /jobs/overview: Couldn't connect to server" "$tmp/err"
ok dead-prometheus has "selfgrade: --prometheus http://u:***@127.0.0.1:$dead: /api/v1/label/__name__/values: Couldn't connect" "$tmp/err"
ok dead-connect has "selfgrade: --connect http://127.0.0.1:$dead: Couldn't connect to server" "$tmp/err"
ok dead-six-lines test "$(grep -c '^selfgrade: --' "$tmp/err")" = 6
ok dead-no-password test -z "$(grep -a -e "$PGPW" -e "$MYPW" "$tmp/err" "$tmp/out")"
ok dead-files-still test "$(jq '[.results[] | select(.probe | startswith("live.") | not)] | length' "$tmp/out")" -gt 10
t dead-one 1 "$S" probe "$P" --json --pg "$PG" --mysql "mysql://dbz:$MYPW@127.0.0.1:$dead/inventory"
ok dead-one-others test "$(verdict live.pg.wal-level)" = verified
ok dead-one-line test "$(grep -c '^selfgrade: --' "$tmp/err")" = 1

# ---- contradicted, one check at a time --------------------------------------
# server ids: the server's own id is a connector's.
my_ -e 'SET GLOBAL server_id = 184054'
t server-id 1 "$S" probe "$P" --json --mysql "$MY"
is server-id-same live.mysql.server-id contradicted
ok server-id-why has "@@server_id = 184054, the same as connector mysql-outbox-connector's" <(value live.mysql.server-id)
# The live checks read the project as the file probes do: a connector a
# script registers (curl -d '{...}', a here-document) is one of its
# connectors, as the connector files are.
my_ -e 'SET GLOBAL server_id = 184002'
t server-id-script 1 "$S" probe "$SRC/tests/data/projects/script-pair" --json --mysql "$MY"
is server-id-script live.mysql.server-id contradicted
ok server-id-script-why has "@@server_id = 184002, the same as connector mysql-b's" <(value live.mysql.server-id)
my_ -e 'SET GLOBAL server_id = 1'
# binlog settings.
my_ -e "SET GLOBAL binlog_row_image = 'MINIMAL'"
t binlog 1 "$S" probe "$P" --json --mysql "$MY"
is binlog-minimal live.mysql.binlog contradicted
my_ -e "SET GLOBAL binlog_row_image = 'FULL'; SET GLOBAL binlog_format = 'STATEMENT'"
t binlog2 1 "$S" probe "$P" --json --mysql "$MY"
is binlog-statement live.mysql.binlog contradicted
my_ -e "SET GLOBAL binlog_format = 'ROW'"
# the outbox tables: a column missing on one side, MySQL's table missing,
# a hostile column name from each server.
my_ -e 'ALTER TABLE inventory.outbox DROP COLUMN type'
t outbox-col 1 "$S" probe "$P" --json --pg "$PG" --mysql "$MY"
is outbox-column live.outbox contradicted
ok outbox-column-why has "column type of PostgreSQL's outbox is missing in MySQL's" <(value live.outbox)
my_ -e "ALTER TABLE inventory.outbox ADD COLUMN type varchar(255), ADD COLUMN \`x$(printf '\e')[2J$(printf '\u202e')evil\` int"
t outbox-hostile-my 1 "$S" probe "$P" --json --pg "$PG" --mysql "$MY"
is outbox-hostile-my live.outbox contradicted
ok outbox-hostile-my-clean harmless "$tmp/out" "$tmp/err"
ok outbox-hostile-my-shown has 'column x\x1b[2J\u202eevil of MySQL' <(value live.outbox)
t outbox-hostile-my-text 1 "$S" probe "$P" --pg "$PG" --mysql "$MY"
ok outbox-hostile-my-text-clean harmless "$tmp/out" "$tmp/err"
my_ -e "ALTER TABLE inventory.outbox DROP COLUMN \`x$(printf '\e')[2J$(printf '\u202e')evil\`"
psql_ -c "ALTER TABLE outbox ADD COLUMN \"y$(printf '\e')]0;PWNED$(printf '\a')$(printf '\u202e')\" int"
t outbox-hostile-pg 1 "$S" probe "$P" --pg "$PG" --mysql "$MY"
ok outbox-hostile-pg-contradicted has "contradicted: live.outbox" "$tmp/out"
ok outbox-hostile-pg-clean harmless "$tmp/out" "$tmp/err"
psql_ -c "ALTER TABLE outbox DROP COLUMN \"y$(printf '\e')]0;PWNED$(printf '\a')$(printf '\u202e')\""
t outbox-again 0 "$S" probe "$P" --json --pg "$PG" --mysql "$MY"
is outbox-again live.outbox verified
my_ -e 'RENAME TABLE inventory.outbox TO inventory.outbox_old'
t outbox-missing 1 "$S" probe "$P" --json --pg "$PG" --mysql "$MY"
is outbox-missing live.outbox contradicted
ok outbox-missing-why has "MySQL has no table outbox" <(value live.outbox)
my_ -e 'RENAME TABLE inventory.outbox_old TO inventory.outbox'
# slot and lag: the slot's reader gone (inactive), then the slot gone.
kill "$recv"
wait "$recv" 2>/dev/null
for _ in $(seq 50); do
	[ "$(psql -X -At "$PG" -c "SELECT active FROM pg_replication_slots")" = f ] && break
	sleep 0.1
done
t slot-inactive 1 "$S" probe "$P" --json --pg "$PG"
is slot-inactive live.pg.slot contradicted
psql_ -c "SELECT pg_drop_replication_slot('debezium_outbox_slot_pg')"
t slot-missing 1 "$S" probe "$P" --json --pg "$PG"
is slot-missing live.pg.slot contradicted
ok slot-missing-why has "no replication slot debezium_outbox_slot_pg" <(value live.pg.slot)
# wal_level: the server again, with replica.
runuser -u nobody -- "$PGBIN/pg_ctl" -D "$tmp/pg/data" -m fast -w stop >/dev/null
pg_start replica
t wal-level 1 "$S" probe "$P" --json --pg "$PG"
is wal-level live.pg.wal-level contradicted
ok wal-level-why has "wal_level = replica" <(value live.pg.wal-level)

# Kafka: the MySQL topic empty, a history topic missing, one database in
# the sink (hostile), and PostgreSQL's topics only.
t kafka-bad 1 "$S" probe "$P" --json --kafka "$KBAD"
is kafka-pg-events live.kafka.postgres-events verified
is kafka-mysql-empty live.kafka.mysql-events contradicted
is kafka-naming-both live.kafka.topic-naming verified
is kafka-history-missing live.kafka.schema-history "not found"
is kafka-sink-one live.kafka.source-database contradicted
ok kafka-topic-shown has 'kafka:outbox.event.mysql.orders\x1b[2J\u202e' <(value live.kafka.mysql-events)
ok kafka-sink-shown has 'source_database = postgres\x1b[2J\u202eevil' <(value live.kafka.source-database)
ok kafka-hostile-clean harmless "$tmp/out" "$tmp/err"
t kafka-bad-text 1 "$S" probe "$P" --kafka "$KBAD"
ok kafka-hostile-text-clean harmless "$tmp/out" "$tmp/err"
t kafka-pgonly 1 "$S" probe "$P" --json --kafka "$KPGONLY"
is kafka-naming-one live.kafka.topic-naming contradicted
is kafka-mysql-missing live.kafka.mysql-events "not found"
# ... missing while Kafka Connect says the MySQL connector runs.
t kafka-pgonly-running 1 "$S" probe "$P" --json --kafka "$KPGONLY" --connect "$CONNECT"
is kafka-mysql-missing-running live.kafka.mysql-events contradicted
# Two MySQL connectors sharing a history topic (the m7 capstone).
t kafka-m7 1 "$S" probe "$SRC/tests/data/capstone/m7" --json --kafka "$KGOOD"
is kafka-history-shared live.kafka.schema-history contradicted
is kafka-m7-shared live.kafka.m7 contradicted

# Kafka Connect: a connector FAILED; the live configs' prefixes equal; a
# hostile Connect.
jq -n --slurpfile r "$SRC/tests/data/capstone/connect/failing.json" --arg q "$CQ" '{($q): $r[0]}' >"$tmp/connect.json"
t connect-failing 1 "$S" probe --json --connect "$CONNECT"
is connect-failing live.connectors contradicted
jq -n --slurpfile r "$SRC/tests/data/capstone/connect/running.json" --arg q "$CQ" \
	'{($q): ($r[0] | (.[] | .info.config."topic.prefix") |= "dbserver1")}' >"$tmp/connect.json"
t connect-prefixes 1 "$S" probe --json --connect "$CONNECT"
is connect-prefixes server-name.unique contradicted
is connect-prefixes-m8 m8.server-name contradicted
ok connect-prefixes-live test "$(jq -r '.results[] | select(.probe == "m8.server-name") | .file' "$tmp/out" | cut -c1-8)" = "connect:"
jq -n --slurpfile r "$SRC/tests/data/capstone/connect/running.json" --arg q "$CQ" \
	'{($q): ($r[0] | with_entries(.key |= . + "\u001b[2J\u202eevil") | (.[] | .status.connector.state) |= "FAILED\u001b]0;x\u0007")}' >"$tmp/connect.json"
t connect-hostile 1 "$S" probe --connect "$CONNECT"
ok connect-hostile-clean harmless "$tmp/out" "$tmp/err"
ok connect-hostile-shown has 'connect:mysql-outbox-connector\x1b[2J\u202eevil' "$tmp/out"

# Flink: one source idle; no job RUNNING; a hostile job name.
flink_routes RUNNING 40 0 unified-orders >"$tmp/flink.json"
t flink-idle 1 "$S" probe "$P" --json --flink "$FLINK"
is flink-idle live.flink.both-streams contradicted
ok flink-idle-why has "source orders_mysql_cdc has read nothing" <(value live.flink.both-streams)
flink_routes FAILED 40 25 unified-orders >"$tmp/flink.json"
t flink-failed 1 "$S" probe "$P" --json --flink "$FLINK"
is flink-failed live.flink.both-streams contradicted
flink_routes RUNNING 40 25 $'orders\e[2J\u202eevil\a' >"$tmp/flink.json"
t flink-hostile 0 "$S" probe "$P" --flink "$FLINK"
ok flink-hostile-clean harmless "$tmp/out" "$tmp/err"
ok flink-hostile-shown has 'flink:orders\x1b[2J\u202eevil\x07' "$tmp/out"

# Prometheus: MySQL's lag only from the PostgreSQL connector (by its
# labels); no slot lag; hostile metric names never shown raw.
prom_routes pg_replication_slots_lag_bytes postgres >"$tmp/prom.json"
t prom-pg-only 1 "$S" probe "$P" --json --prometheus "$PROM"
is prom-pg-only live.prometheus.both-sources contradicted
prom_routes "" mysql >"$tmp/prom.json"
t prom-mysql-only 1 "$S" probe "$P" --json --prometheus "$PROM"
is prom-mysql-only live.prometheus.both-sources contradicted
prom_routes $'slot_lag\e[2J\u202e' mysql >"$tmp/prom.json"
t prom-hostile 1 "$S" probe "$P" --prometheus "$PROM"
ok prom-hostile-clean harmless "$tmp/out" "$tmp/err"

# The tutor's P asks the sources probed last: the Flink job idle at the
# run, busy at P; the dead Prometheus said on the status line.
flink_routes RUNNING 40 0 unified-orders >"$tmp/flink.json"
t tutor-before 1 "$S" probe --json --flink "$FLINK" --prometheus "http://127.0.0.1:$dead"
is tutor-before live.flink.both-streams contradicted
flink_routes RUNNING 40 25 unified-orders >"$tmp/flink.json"
. "$SRC/tests/tui/lib.sh"
trap 'tm kill-server 2>/dev/null; cleanup' EXIT
start 120 30 USER=anna LANG=C.UTF-8 "SELFGRADE_DB=$SELFGRADE_DB" -- --learner anna
ok tutor-welcome wait_for "Welcome to selfgrade, anna."
keys Enter
ok tutor-in wait_gone "Enter got it"
keys P
ok tutor-p-dead-line wait_for "--prometheus http://127.0.0.1:$dead: /api/v1/label/__name__/values"
keys q
ok tutor-p-recorded test "$(sqlite3 "$SELFGRADE_DB" \
	"SELECT json_extract(new, '$.verdict') FROM event WHERE field = 'evidence' AND json_extract(new, '$.probe') = 'live.flink.both-streams' ORDER BY id DESC LIMIT 1")" = verified

t final-export 0 "$S" export --format json -o "$tmp/export2.json"
ok final-no-password test -z "$(grep -a -l -e "$PGPW" -e "$MYPW" "$SELFGRADE_DB" "$tmp/export2.json")"
summary live
