#!/usr/bin/env bash
# pg-test.sh — a throwaway PostgreSQL server for the store contract tests.
#
#   scripts/pg-test.sh start DIR   create a cluster in DIR, start it on a free
#                                  port of 127.0.0.1, create database sc_test and
#                                  print its URL as the last line of stdout
#   scripts/pg-test.sh stop DIR    stop that server and remove DIR (idempotent)
#
# Progress and errors go to stderr. Run as root, the server runs as the
# unprivileged user "postgres" (PG_TEST_USER overrides). Authentication is
# "trust" on 127.0.0.1 only and fsync is off: for tests, never for data.
# PG_BINDIR overrides where initdb/pg_ctl are found.
set -euo pipefail

MARKER=.sc-pg-test
DBNAME=sc_test
PROG=${0##*/}

die() {
	printf '%s: %s\n' "$PROG" "$*" >&2
	exit 1
}

say() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

usage() {
	printf 'usage: %s start DIR | stop DIR\n' "$PROG" >&2
	exit 2
}

# The directory holding initdb, pg_ctl and createdb: PG_BINDIR, else Debian's
# versioned directory (15 preferred, else the newest), else PATH.
find_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		[ -x "$PG_BINDIR/initdb" ] || die "PG_BINDIR=$PG_BINDIR has no initdb"
		printf '%s\n' "$PG_BINDIR"
		return
	fi
	if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
		printf '%s\n' /usr/lib/postgresql/15/bin
		return
	fi
	local best
	best=$(for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && printf '%s\n' "$d"
	done | sort -t/ -k5,5n | tail -n 1)
	if [ -n "$best" ]; then
		printf '%s\n' "$best"
		return
	fi
	local p
	p=$(command -v initdb 2>/dev/null) ||
		die "PostgreSQL server binaries not found (install postgresql-15, or set PG_BINDIR)"
	dirname "$p"
}

# The user the server runs as: ourselves, or for root an unprivileged one
# (the owner of an existing cluster, else PG_TEST_USER or postgres).
RUN_USER=
setup_user() {
	if [ "$(id -u)" -ne 0 ]; then
		RUN_USER=$(id -un)
		return
	fi
	RUN_USER=${PG_TEST_USER:-postgres}
	if [ -d "$DIR/data" ]; then
		RUN_USER=$(stat -c %U "$DIR/data")
	fi
	id "$RUN_USER" >/dev/null 2>&1 ||
		die "running as root, but user '$RUN_USER' does not exist (install the postgresql package or set PG_TEST_USER)"
	[ "$(id -u "$RUN_USER")" -ne 0 ] || die "PG_TEST_USER must not be root"
}

# Runs a command as RUN_USER, from DIR so the cwd is always readable.
as_user() {
	if [ "$(id -u)" -ne 0 ]; then
		(cd "$DIR" && "$@")
	elif command -v runuser >/dev/null 2>&1; then
		(cd "$DIR" && runuser -u "$RUN_USER" -- "$@")
	else
		local cmd
		cmd=$(printf '%q ' "$@")
		(cd "$DIR" && su "$RUN_USER" -s /bin/sh -c "$cmd")
	fi
}

# Prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return
	fi
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			printf '%s\n' "$p"
			return
		fi
	done
	die "could not find a free TCP port"
}

show_log() {
	if [ -f "$DIR/postgres.log" ]; then
		say "last lines of $DIR/postgres.log:"
		tail -n 20 "$DIR/postgres.log" >&2 || true
	fi
}

server_running() {
	[ -f "$DIR/data/postmaster.pid" ] &&
		as_user "$BINDIR/pg_ctl" status -D "$DIR/data" >/dev/null 2>&1
}

stop_server() {
	[ -d "$DIR/data" ] || return 0
	if [ -f "$DIR/data/postmaster.pid" ]; then
		if ! as_user "$BINDIR/pg_ctl" stop -D "$DIR/data" -m fast -w -t 30 >/dev/null 2>&1; then
			if server_running; then
				say "fast shutdown failed; trying immediate"
				as_user "$BINDIR/pg_ctl" stop -D "$DIR/data" -m immediate -w -t 30 >/dev/null 2>&1 ||
					die "could not stop the server in $DIR"
			fi
		fi
	fi
}

# EXIT trap of a start that has not finished: show the server log, then
# stop the server and remove DIR.
start_failed() {
	local rc=$?
	[ "$rc" -ne 0 ] || return 0
	show_log
	(stop_server) || true
	rm -rf "$DIR"
	exit "$rc"
}

# Escapes a value for a single-quoted postgresql.conf string.
conf_quote() {
	printf "'%s'" "${1//\'/\'\'}"
}

cmd_start() {
	if [ -e "$DIR" ]; then
		[ -d "$DIR" ] || die "$DIR exists and is not a directory"
		if [ -f "$DIR/$MARKER" ]; then
			die "$DIR already holds a test cluster; run '$PROG stop $DIR' first"
		fi
		[ -z "$(ls -A "$DIR")" ] || die "$DIR is not empty; refusing to use it"
	else
		mkdir -p "$DIR" || die "cannot create $DIR"
	fi
	DIR=$(cd "$DIR" && pwd -P)
	: >"$DIR/$MARKER"
	# From here on, a failure stops whatever was started and removes DIR.
	trap start_failed EXIT
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$RUN_USER:" "$DIR" || die "cannot chown $DIR to $RUN_USER"
		chmod 700 "$DIR"
		as_user test -w "$DIR" ||
			die "user $RUN_USER cannot reach $DIR (a parent directory is closed to it); use a directory under /tmp"
	fi

	say "initdb in $DIR/data (binaries from $BINDIR, user $RUN_USER)"
	if ! as_user "$BINDIR/initdb" -D "$DIR/data" -U "$RUN_USER" -A trust \
		--encoding=UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1; then
		tail -n 20 "$DIR/initdb.log" >&2 || true
		die "initdb failed"
	fi

	# A socket path longer than the kernel's sun_path would stop the server;
	# TCP is all the tests need, so go without one then.
	local sockdir=$DIR
	if [ ${#DIR} -gt 90 ]; then
		sockdir=
	fi

	local attempt port=
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		# Later settings win, so a retry just appends a new port.
		# shellcheck disable=SC2016 # $1 is for the inner shell
		as_user sh -c 'cat >>"$1"' sh "$DIR/data/postgresql.conf" <<EOF
# added by pg-test.sh (attempt $attempt)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = $(conf_quote "$sockdir")
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 32MB
log_min_messages = warning
EOF
		# shellcheck disable=SC2016 # $1 is for the inner shell
		as_user sh -c ': >"$1"' sh "$DIR/postgres.log"
		if as_user "$BINDIR/pg_ctl" start -D "$DIR/data" -l "$DIR/postgres.log" \
			-w -t 60 >/dev/null 2>&1; then
			break
		fi
		port=
		if grep -q 'could not bind\|Address already in use' "$DIR/postgres.log" 2>/dev/null; then
			say "port taken before the server bound it; retrying"
			continue
		fi
		die "the server did not start"
	done
	[ -n "$port" ] || die "the server did not start after 5 attempts"

	"$BINDIR/createdb" -h 127.0.0.1 -p "$port" -U "$RUN_USER" "$DBNAME" ||
		die "createdb $DBNAME failed"

	local url="postgresql://$RUN_USER@127.0.0.1:$port/$DBNAME"
	printf '%s\n' "$url" >"$DIR/url"
	trap - EXIT
	say "server running (pg_ctl -D $DIR/data; log $DIR/postgres.log)"
	printf '%s\n' "$url"
}

cmd_stop() {
	if [ ! -e "$DIR" ]; then
		say "$DIR does not exist; nothing to stop"
		return 0
	fi
	[ -d "$DIR" ] || die "$DIR is not a directory"
	if [ ! -f "$DIR/$MARKER" ]; then
		if [ -z "$(ls -A "$DIR")" ]; then
			rmdir "$DIR"
			return 0
		fi
		die "$DIR was not made by $PROG; refusing to remove it"
	fi
	DIR=$(cd "$DIR" && pwd -P)
	stop_server
	rm -rf "$DIR" || die "cannot remove $DIR"
	say "stopped and removed $DIR"
}

[ $# -eq 2 ] || usage
[ -n "$2" ] || usage
DIR=$2
case $1 in
start)
	BINDIR=$(find_bindir)
	setup_user
	cmd_start
	;;
stop)
	BINDIR=$(find_bindir)
	setup_user
	cmd_stop
	;;
*)
	usage
	;;
esac
