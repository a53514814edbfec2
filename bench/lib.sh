# bench/lib.sh — what the scripts that read the shared benchmark database
# do alike (sourced by bench/reports.sh, bench/pages.sh, bench/case.sh,
# bench/internships.sh, bench/activities.sh and bench/benefits.sh). The
# caller sets ROOT, BIN, SCALE and PASSWORD and defines die().

# bench_database: the shared database of demo --scale SCALE (made once per
# program version, then reused; BENCH_REGENERATE=1 makes it again): SQLite
# under ${BENCH_DATA:-build/bench-data}, or PostgreSQL at BENCH_PG_URL.
# Sets ENGINE, DBFILE (empty on PostgreSQL), DB, STAMP, OUT and GEN_NOTE.
# A stamp whose SQLite file is gone is made again too.
bench_database() {
	local data version gen_ms t0
	data=${BENCH_DATA:-$ROOT/build/bench-data}
	mkdir -p "$data"
	if [[ -n ${BENCH_PG_URL:-} ]]; then
		ENGINE=PostgreSQL
		DBFILE=
		DB=$BENCH_PG_URL
		STAMP=$data/pg-scale-$SCALE.info
		OUT=$data/pg-scale-$SCALE.out
	else
		ENGINE=SQLite
		DBFILE=$data/scale-$SCALE.db
		DB=sqlite:$DBFILE
		STAMP=$data/sqlite-scale-$SCALE.info
		OUT=$data/sqlite-scale-$SCALE.out
	fi
	version=$("$BIN" version 2>/dev/null | tr '\n' ' ')
	GEN_NOTE=cached
	if [[ ${BENCH_REGENERATE:-0} == 1 || ! -f $STAMP || ! -f $OUT || (-n $DBFILE && ! -f $DBFILE) ||
		$(head -1 "$STAMP" 2>/dev/null) != "$version" ]]; then
		[[ -n $DBFILE ]] && rm -f "$DBFILE" "$DBFILE-wal" "$DBFILE-shm" "$DBFILE-journal"
		rm -f "$STAMP" "$OUT"
		"$BIN" init --set "database.url=$DB" --admin-password "$PASSWORD" >/dev/null || die "init failed"
		t0=${EPOCHREALTIME/./}
		"$BIN" --set "database.url=$DB" demo --scale "$SCALE" --password "$PASSWORD" >"$OUT" 2>&1 ||
			{ cat "$OUT" >&2; rm -f "$OUT"; die "demo --scale $SCALE failed"; }
		gen_ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
		{ echo "$version"; echo "$gen_ms"; cut -d' ' -f1-3 /proc/loadavg; } >"$STAMP"
		GEN_NOTE="made now"
	fi
}

# bench_serve NAME: serves DB from BIN on BENCH_PORT (default: a free
# port) in a work folder of its own, stopped and removed on exit: bench_work,
# then bench_start in WORK. Sets WORK, SERVER_PID, PORT and BASE.
bench_serve() {
	bench_work "$1"
	cd "$WORK" || die "cannot enter $WORK"
	bench_start
}

# bench_work NAME: makes the work folder WORK, which the EXIT trap
# (bench_cleanup) removes after stopping the server; it does not enter it.
bench_work() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/sc-bench-$1.XXXXXX")
	SERVER_PID=
	trap bench_cleanup EXIT
}

# bench_start: starts the server on DB in the current folder (again after
# bench_stop). Sets SERVER_PID, PORT and BASE; its output goes to WORK.
bench_start() {
	"$BIN" serve --set "database.url=$DB" --set "http.port=${BENCH_PORT:-0}" --set http.access_log=false \
		>"$WORK/server.out" 2>"$WORK/server.err" &
	SERVER_PID=$!
	PORT=
	for _ in $(seq 400); do
		kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; SERVER_PID=; die "the server did not start"; }
		PORT=$(sed -n 's|^listening on http://[0-9.]*:\([0-9][0-9]*\)/.*|\1|p' "$WORK/server.out" | head -1)
		[[ -n $PORT ]] && break
		sleep 0.05
	done
	[[ -n $PORT ]] || die "the server did not report its port"
	BASE=http://127.0.0.1:$PORT
}

# bench_stop: stops the server (SIGTERM, waiting for it), if it runs.
bench_stop() {
	if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	SERVER_PID=
}

# bench_cleanup: the EXIT trap. Stops the server, runs the caller's
# bench_at_exit if it defines one, removes WORK and exits with the status
# the script was leaving with.
# shellcheck disable=SC2317 # called by the EXIT trap
bench_cleanup() {
	local rc=$?
	bench_stop
	if declare -F bench_at_exit >/dev/null; then
		bench_at_exit || true
	fi
	rm -rf "$WORK"
	exit "$rc"
}

# bench_sign_in USER: signs USER in (PASSWORD) at BASE; prints the session
# cookie, or fails.
bench_sign_in() {
	local page pre csrf hdrs re
	page=$(curl -sS -m 30 -D - "$BASE/login") || return 1
	re=$'\n[Ss]et-[Cc]ookie: ((__Host-)?sc_pre=[0-9a-f]+);'
	[[ $page =~ $re ]] || return 1
	pre=${BASH_REMATCH[1]}
	re='name="csrf" value="([0-9a-f]+)"'
	[[ $page =~ $re ]] || return 1
	csrf=${BASH_REMATCH[1]}
	hdrs=$(curl -sS -m 30 -o /dev/null -D - -H "Cookie: $pre" --data-urlencode "csrf=$csrf" \
		--data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" \
		--data-urlencode "next=/" "$BASE/login") || return 1
	re=$'\n[Ss]et-[Cc]ookie: ((__Host-)?sc_session=[0-9a-f]{32});'
	[[ $hdrs =~ $re ]] || return 1
	echo "${BASH_REMATCH[1]}"
}
