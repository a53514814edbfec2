#!/usr/bin/env bash
# cluster.sh — Second Chance as a country would run it, on one machine that
# stands for the cluster: a PostgreSQL primary with a streaming hot standby,
# two or more `secondchance serve` processes on the primary (reports and
# exports read from the standby), and HAProxy in front, checking each
# server's /healthz. Everything listens on free ports of 127.0.0.1 and lives
# in one folder; README ("Several servers") maps the pieces onto machines.
#
#   scripts/cluster.sh start [DIR]    bring it up; prints the address last
#   scripts/cluster.sh status [DIR]   say what runs (exit 1 when something does not)
#   scripts/cluster.sh stop [DIR]     stop everything and remove DIR
#
# and, for trying failures by hand (tests/cluster/failures.py, the cluster
# suite of scripts/check.sh, uses them):
#
#   scripts/cluster.sh server N start|stop|kill [DIR]   application server N
#   scripts/cluster.sh primary start|stop [DIR]         the PostgreSQL primary
#
# DIR defaults to $TMPDIR/secondchance-cluster (/tmp when TMPDIR is unset).
# Environment:
#   SC_BIN=PATH        the program (default build/release/secondchance, else
#                      build/test/secondchance, else `make build` makes it)
#   SERVERS=N          application servers (default 2, at least 2)
#   SC_CLUSTER_SET="section.key=value ..."   extra settings for every server
#   SC_ADMIN_PASSWORD  the first administrator's password (else generated and
#                      printed once by `secondchance init`)
#   PG_BINDIR          where initdb, pg_ctl and pg_basebackup are
#
# Debian packages: postgresql (15), haproxy (scripts/install-deps.sh). Run as
# root, PostgreSQL runs as the user "postgres" (PG_TEST_USER overrides), as
# in scripts/pg-test.sh. Authentication is "trust" on 127.0.0.1: a
# stand-in for a cluster, not a production set-up (README says what a real
# one needs). Exit status 3 means a needed program is not installed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG=${0##*/}
MARKER=.sc-cluster
DBNAME=secondchance

die() {
	printf '%s: %s\n' "$PROG" "$*" >&2
	exit 1
}

missing() {
	printf '%s: %s\n' "$PROG" "$*" >&2
	exit 3
}

say() {
	printf '%s: [%ss] %s\n' "$PROG" "$SECONDS" "$*" >&2
}

usage() {
	sed -n '9,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

now_ms() {
	date +%s%3N
}

# ---- what is needed ----

# PostgreSQL's server programs: PG_BINDIR, else Debian's versioned folder.
find_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		[ -x "$PG_BINDIR/initdb" ] || missing "PG_BINDIR=$PG_BINDIR has no initdb"
		printf '%s\n' "$PG_BINDIR"
		return
	fi
	local d best=
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && [ -x "$d/pg_basebackup" ] && best=$d
	done
	[ -x /usr/lib/postgresql/15/bin/initdb ] && best=/usr/lib/postgresql/15/bin
	[ -n "$best" ] || missing "PostgreSQL server programs not found (Debian package postgresql; scripts/install-deps.sh)"
	printf '%s\n' "$best"
}

find_bin() {
	if [ -n "${SC_BIN:-}" ]; then
		[ -x "$SC_BIN" ] || die "SC_BIN=$SC_BIN is not executable"
		printf '%s\n' "$SC_BIN"
	elif [ -x "$ROOT/build/release/secondchance" ]; then
		printf '%s\n' "$ROOT/build/release/secondchance"
	elif [ -x "$ROOT/build/test/secondchance" ]; then
		printf '%s\n' "$ROOT/build/test/secondchance"
	else
		# A fresh clone: install what is missing and build, as make run does.
		say "no secondchance binary yet: make build (Debian packages, then a release build)"
		make -C "$ROOT" build >&2 || die "make build failed"
		printf '%s\n' "$ROOT/build/release/secondchance"
	fi
}

# ---- running as the database's user ----

RUN_USER=
setup_user() {
	if [ "$(id -u)" -ne 0 ]; then
		RUN_USER=$(id -un)
		return
	fi
	RUN_USER=${PG_TEST_USER:-postgres}
	id "$RUN_USER" >/dev/null 2>&1 ||
		missing "running as root, but user '$RUN_USER' does not exist (Debian package postgresql, or set PG_TEST_USER)"
	[ "$(id -u "$RUN_USER")" -ne 0 ] || die "PG_TEST_USER must not be root"
}

as_pg() {
	if [ "$(id -u)" -ne 0 ]; then
		(cd "$DIR" && "$@")
	else
		(cd "$DIR" && runuser -u "$RUN_USER" -- "$@")
	fi
}

# A TCP port of 127.0.0.1 that nothing listens on now, below Linux's
# range for outgoing connections (32768 and up) and not handed out before
# by this script. A port taken between this and its bind fails that start.
PORTS_TAKEN=" "
free_port() {
	local p _
	for _ in $(seq 1 100); do
		p=$((20000 + RANDOM % 12000))
		[[ $PORTS_TAKEN == *" $p "* ]] && continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			PORTS_TAKEN="$PORTS_TAKEN$p "
			printf '%s\n' "$p"
			return
		fi
	done
	die "could not find a free TCP port"
}

# HTTP status of GET URL (000 when nothing answers), within 3 s.
http_status() {
	curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true
}

# wait_for CMD... : runs CMD every 100 ms until it succeeds, 30 s at most.
wait_for() {
	local _
	for _ in $(seq 1 300); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

healthy() {
	[ "$(http_status "$1/healthz")" = 200 ]
}

alive() {
	[ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

# ---- the state of a cluster: DIR/cluster.env ----

load_env() {
	[ -f "$DIR/$MARKER" ] || die "no cluster in $DIR (scripts/cluster.sh start $DIR)"
	# shellcheck disable=SC1091
	. "$DIR/cluster.env"
}

pidfile() {
	printf '%s/%s.pid\n' "$DIR" "$1"
}

pid_of() {
	local f
	f=$(pidfile "$1")
	if [ -f "$f" ]; then cat "$f"; fi
}

# ---- PostgreSQL ----

pg_conf() {
	# shellcheck disable=SC2016 # $1 is for the inner shell
	as_pg sh -c 'cat >>"$1"' sh "$1"
}

start_primary() {
	as_pg "$BINDIR/pg_ctl" start -D "$DIR/primary" -l "$DIR/primary.log" -w -t 60 >/dev/null
}

stop_primary() {
	as_pg "$BINDIR/pg_ctl" stop -D "$DIR/primary" -m fast -w -t 60 >/dev/null
}

make_primary() {
	as_pg "$BINDIR/initdb" -D "$DIR/primary" -U "$RUN_USER" -A trust --encoding=UTF8 --locale=C --no-sync \
		>"$DIR/initdb.log" 2>&1 || { tail -n 20 "$DIR/initdb.log" >&2; die "initdb failed"; }
	# Durable as a real primary (fsync and synchronous commit stay on: the
	# failure tests count acknowledged writes); WAL for a streaming standby.
	pg_conf "$DIR/primary/postgresql.conf" <<EOF
# added by cluster.sh
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
max_connections = 100
shared_buffers = 64MB
wal_level = replica
max_wal_senders = 5
wal_keep_size = 256MB
hot_standby = on
log_min_messages = warning
EOF
	start_primary || { tail -n 20 "$DIR/primary.log" >&2; die "the primary did not start"; }
	"$BINDIR/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$RUN_USER" "$DBNAME" || die "createdb failed"
}

make_standby() {
	as_pg "$BINDIR/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$RUN_USER" -D "$DIR/standby" \
		-R -X stream -c fast --no-sync >"$DIR/basebackup.log" 2>&1 ||
		{ tail -n 20 "$DIR/basebackup.log" >&2; die "pg_basebackup failed"; }
	pg_conf "$DIR/standby/postgresql.conf" <<EOF
# the standby (later settings win)
port = $STANDBY_PORT
wal_retrieve_retry_interval = 500ms
EOF
	as_pg "$BINDIR/pg_ctl" start -D "$DIR/standby" -l "$DIR/standby.log" -w -t 60 >/dev/null ||
		{ tail -n 20 "$DIR/standby.log" >&2; die "the standby did not start"; }
}

# The standby's state as the primary sees it ("streaming", or empty).
replication_state() {
	"$BINDIR/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$RUN_USER" -d postgres -Atq \
		-c "SELECT state FROM pg_stat_replication LIMIT 1" 2>/dev/null || true
}

streaming() {
	[ "$(replication_state)" = streaming ]
}

# ---- the application servers ----

server_port() {
	local v=SERVER_PORT_$1
	printf '%s\n' "${!v}"
}

start_server() {
	local n=$1 port
	port=$(server_port "$n")
	local args=(--set "database.url=$DB_URL" --set "database.read_url=$READ_URL"
		--set "http.port=$port" --set "http.trusted_proxies=127.0.0.1"
		--set "app.data_dir=$DIR/app")
	local s
	for s in ${SC_CLUSTER_SET:-}; do
		args+=(--set "$s")
	done
	# Its own session, so that a stop of the script's group spares it.
	setsid "$BIN" "${args[@]}" serve >>"$DIR/server$n.log" 2>&1 </dev/null &
	echo $! >"$(pidfile "server$n")"
	if ! wait_for healthy "http://127.0.0.1:$port"; then
		tail -n 20 "$DIR/server$n.log" >&2
		die "server $n did not become healthy on port $port"
	fi
}

# stop_pid PID: SIGTERM, then SIGKILL after 15 s.
stop_pid() {
	local pid=$1 _
	alive "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 1 150); do
		alive "$pid" || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
}

stop_server() {
	stop_pid "$(pid_of "server$1")"
	rm -f "$(pidfile "server$1")"
}

kill_server() {
	local pid
	pid=$(pid_of "server$1")
	alive "$pid" || die "server $1 is not running"
	kill -KILL "$pid"
	while alive "$pid"; do sleep 0.01; done
	rm -f "$(pidfile "server$1")"
}

# ---- HAProxy ----

# DIR/haproxy.cfg: the repository's deploy/haproxy.cfg with this cluster's
# ports, folder and servers; the balancer's own 503 pages beside it.
write_haproxy_cfg() {
	local n line
	cp "$ROOT/deploy/unavailable.html" "$ROOT/deploy/unavailable.json" "$DIR/"
	while IFS= read -r line; do
		case $line in
		*@SERVERS@*)
			for n in $SERVER_LIST; do
				printf '    server s%s 127.0.0.1:%s check\n' "$n" "$(server_port "$n")"
			done
			;;
		*)
			line=${line//@PORT@/$HAPROXY_PORT}
			printf '%s\n' "${line//@DIR@/$DIR}"
			;;
		esac
	done <"$ROOT/deploy/haproxy.cfg" >"$DIR/haproxy.cfg"
}

start_haproxy() {
	haproxy -c -q -f "$DIR/haproxy.cfg" || die "haproxy refused its configuration ($DIR/haproxy.cfg)"
	setsid haproxy -db -f "$DIR/haproxy.cfg" >>"$DIR/haproxy.log" 2>&1 </dev/null &
	echo $! >"$(pidfile haproxy)"
	wait_for healthy "http://127.0.0.1:$HAPROXY_PORT" ||
		{ tail -n 20 "$DIR/haproxy.log" >&2; die "HAProxy did not answer on port $HAPROXY_PORT"; }
}

# HAProxy's view of the servers from its stats socket, as "s1 UP, s2 DOWN".
in_rotation() {
	python3 - "$DIR/haproxy.sock" <<'EOF' 2>/dev/null || echo unknown
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(3)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
lines = data.decode().splitlines()
names = lines[0].lstrip("# ").split(",")
rows = [dict(zip(names, l.split(","))) for l in lines[1:]]
print(", ".join(r["svname"] + " " + r["status"] for r in rows
                if r.get("pxname") == "app" and r.get("svname") not in (None, "BACKEND")))
EOF
}

# ---- commands ----

cmd_start() {
	local n
	command -v haproxy >/dev/null 2>&1 || missing "haproxy is not installed (Debian package haproxy; scripts/install-deps.sh)"
	command -v curl >/dev/null 2>&1 || missing "curl is not installed (scripts/install-deps.sh)"
	SERVERS=${SERVERS:-2}
	if ! [[ $SERVERS =~ ^[0-9]+$ ]] || [ "$SERVERS" -lt 2 ]; then
		die "SERVERS must be 2 or more"
	fi
	if [ -e "$DIR" ]; then
		[ -f "$DIR/$MARKER" ] && die "$DIR holds a cluster already: scripts/cluster.sh stop $DIR"
		[ -z "$(ls -A "$DIR")" ] || die "$DIR is not empty; refusing to use it"
	fi
	mkdir -p "$DIR"
	DIR=$(cd "$DIR" && pwd -P)
	: >"$DIR/$MARKER"
	# shellcheck disable=SC2154 # rc is the trap's own
	trap 'rc=$?; if [ $rc -ne 0 ]; then say "start failed; stopping what started"; cmd_stop >/dev/null 2>&1 || true; fi' EXIT
	mkdir -p "$DIR/app"
	if [ "$(id -u)" -eq 0 ]; then
		chown "$RUN_USER:" "$DIR"
		chmod 755 "$DIR"
		as_pg test -w "$DIR" || die "user $RUN_USER cannot write to $DIR; use a folder under /tmp"
	fi

	PRIMARY_PORT=$(free_port)
	STANDBY_PORT=$(free_port)
	HAPROXY_PORT=$(free_port)
	SERVER_LIST=$(seq -s ' ' 1 "$SERVERS")
	DB_URL="postgresql://$RUN_USER@127.0.0.1:$PRIMARY_PORT/$DBNAME"
	READ_URL="postgresql://$RUN_USER@127.0.0.1:$STANDBY_PORT/$DBNAME"
	{
		printf 'BIN=%q\nBINDIR=%q\nRUN_USER=%q\n' "$BIN" "$BINDIR" "$RUN_USER"
		printf 'PRIMARY_PORT=%s\nSTANDBY_PORT=%s\nHAPROXY_PORT=%s\n' "$PRIMARY_PORT" "$STANDBY_PORT" "$HAPROXY_PORT"
		printf 'DB_URL=%q\nREAD_URL=%q\nSERVER_LIST=%q\n' "$DB_URL" "$READ_URL" "$SERVER_LIST"
		for n in $SERVER_LIST; do
			printf 'SERVER_PORT_%s=%s\n' "$n" "$(free_port)"
		done
		printf 'SC_CLUSTER_SET=%q\n' "${SC_CLUSTER_SET:-}"
	} >"$DIR/cluster.env"
	load_env

	say "primary on 127.0.0.1:$PRIMARY_PORT"
	make_primary
	say "standby on 127.0.0.1:$STANDBY_PORT (pg_basebackup -R, streaming)"
	make_standby
	wait_for streaming || die "the standby is not streaming from the primary"
	say "schema and first administrator"
	"$BIN" --set "database.url=$DB_URL" --set "app.data_dir=$DIR/app" init >"$DIR/init.log" 2>&1 ||
		{ cat "$DIR/init.log" >&2; die "secondchance init failed"; }
	for n in $SERVER_LIST; do
		say "application server $n on 127.0.0.1:$(server_port "$n")"
		start_server "$n"
	done
	say "HAProxy on 127.0.0.1:$HAPROXY_PORT"
	write_haproxy_cfg
	start_haproxy
	trap - EXIT
	grep -E 'user name|password' "$DIR/init.log" || true
	printf 'cluster in %s (scripts/cluster.sh status|stop %s)\n' "$DIR" "$DIR"
	printf 'http://127.0.0.1:%s/\n' "$HAPROXY_PORT"
}

cmd_status() {
	load_env
	local ok=0 n pid st
	if as_pg "$BINDIR/pg_ctl" status -D "$DIR/primary" >/dev/null 2>&1; then
		printf 'primary     running    %s\n' "$DB_URL"
	else
		printf 'primary     stopped    %s\n' "$DB_URL"
		ok=1
	fi
	if as_pg "$BINDIR/pg_ctl" status -D "$DIR/standby" >/dev/null 2>&1; then
		st=$(replication_state)
		printf 'standby     running    %s (%s)\n' "$READ_URL" "${st:-not streaming}"
	else
		printf 'standby     stopped    %s\n' "$READ_URL"
		ok=1
	fi
	for n in $SERVER_LIST; do
		pid=$(pid_of "server$n")
		if alive "$pid"; then
			st=$(http_status "http://127.0.0.1:$(server_port "$n")/healthz")
			printf 'server %-4s running    http://127.0.0.1:%s/ (pid %s, /healthz %s)\n' "$n" \
				"$(server_port "$n")" "$pid" "$st"
			[ "$st" = 200 ] || ok=1
		else
			printf 'server %-4s stopped    http://127.0.0.1:%s/\n' "$n" "$(server_port "$n")"
			ok=1
		fi
	done
	pid=$(pid_of haproxy)
	if alive "$pid"; then
		printf 'haproxy     running    http://127.0.0.1:%s/ (pid %s; in rotation: %s)\n' "$HAPROXY_PORT" "$pid" \
			"$(in_rotation)"
	else
		printf 'haproxy     stopped    http://127.0.0.1:%s/\n' "$HAPROXY_PORT"
		ok=1
	fi
	return $ok
}

cmd_stop() {
	if [ ! -e "$DIR" ]; then
		say "$DIR does not exist; nothing to stop"
		return 0
	fi
	[ -f "$DIR/$MARKER" ] || die "$DIR was not made by $PROG; refusing to remove it"
	DIR=$(cd "$DIR" && pwd -P)
	if [ -f "$DIR/cluster.env" ]; then
		# shellcheck disable=SC1091
		. "$DIR/cluster.env"
		local n
		# The balancer and the servers at once, then both databases.
		stop_pid "$(pid_of haproxy)" &
		for n in ${SERVER_LIST:-}; do
			stop_server "$n" &
		done
		wait
		for n in standby primary; do
			if [ -f "$DIR/$n/postmaster.pid" ]; then
				{ as_pg "$BINDIR/pg_ctl" stop -D "$DIR/$n" -m fast -w -t 30 >/dev/null 2>&1 ||
					as_pg "$BINDIR/pg_ctl" stop -D "$DIR/$n" -m immediate -w -t 30 >/dev/null 2>&1 ||
					true; } &
			fi
		done
		wait
	fi
	rm -rf "$DIR"
	say "stopped and removed $DIR"
}

cmd_server() {
	load_env
	local n=$1 what=$2
	[[ " $SERVER_LIST " == *" $n "* ]] || die "no server $n (servers: $SERVER_LIST)"
	case $what in
	start)
		alive "$(pid_of "server$n")" && die "server $n is running"
		start_server "$n"
		;;
	stop) stop_server "$n" ;;
	kill) kill_server "$n" ;;
	*) usage ;;
	esac
}

cmd_primary() {
	load_env
	case $1 in
	start) start_primary || die "the primary did not start" ;;
	stop) stop_primary || die "the primary did not stop" ;;
	*) usage ;;
	esac
}

[ $# -ge 1 ] || usage
DEFAULT_DIR=${TMPDIR:-/tmp}/secondchance-cluster
# The program first: on a fresh clone, making it installs PostgreSQL too.
if [ "$1" = start ]; then
	BIN=$(find_bin)
fi
setup_user
BINDIR=$(find_bindir)
case $1 in
start | status | stop)
	[ $# -le 2 ] || usage
	DIR=${2:-$DEFAULT_DIR}
	"cmd_$1"
	;;
server)
	if [ $# -lt 3 ] || [ $# -gt 4 ]; then usage; fi
	DIR=${4:-$DEFAULT_DIR}
	cmd_server "$2" "$3"
	;;
primary)
	if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi
	DIR=${3:-$DEFAULT_DIR}
	cmd_primary "$2"
	;;
*)
	usage
	;;
esac
