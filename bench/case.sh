#!/usr/bin/env bash
# bench/case.sh — the pages a centre opens every day, at a million
# participants, on SQLite and on PostgreSQL (make bench).
#
# For each engine: makes (once, then reuses) a database with
# `secondchance demo --scale N` under build/bench-data/, timing the load
# (SQLite: the database every bench script shares, see bench/lib.sh;
# PostgreSQL: a cluster of scripts/pg-test.sh kept there); serves it from
# the release build; signs in as the demo's benchmark contact person and
# leader; and drives each page of PAGES below with wrk
# (2 threads, 64 connections, BENCH_SECONDS per page), with the fixed page
# /robots.txt measured on the same server before and after the pages.
# Prints one table: page, engine, req/s, p50, p99, share of the fixed page,
# PASS/FAIL against the targets (p99 <= 10 ms; req/s >= 25% of the fixed
# page's), the load average, the CPU share other processes took and the
# server's CPU ms per 1,000 requests.
#
# It is a measurement, not a test: the exit status is 0 when every figure
# was measured, whatever the figures, and 2 only when something could not
# be measured (a page that does not answer 200 with its marker, a server
# that does not start, a load that fails).
#
# Environment:
#   BENCH_SCALE=1000000          participants in the demo databases
#   BENCH_ENGINES="sqlite postgresql"  the engines to measure
#   BENCH_SECONDS=10             duration of each wrk run
#   BENCH_WARMUP=2               warm-up per page (0: none)
#   BENCH_BIN=PATH               the binary (default build/release/secondchance)
#   BENCH_REGENERATE=1           make the databases again even when cached
#   BENCH_DATA=DIR               where the databases are kept (build/bench-data)
#   BENCH_PAGES="Today,plan"     measure only the pages whose label contains
#                                one of these words (default: all)
#   BENCH_PORT=N                 the server's port (default: a free one)
#   BENCH_PG_PORT=N              the port of a PostgreSQL cluster made now
#                                (default: a free one, scripts/pg-test.sh's)
set -euo pipefail

# ---- the pages ------------------------------------------------------------
# One line per page: label | who (contact or leader) | path | a text the
# answer must contain (so that a redirect or an error page cannot pass for
# the page). Placeholders, filled in after sign-in:
#   {PID}     a participant of the contact person's caseload
#   {WORD}    one name word common in the register (the demo names it)
#   {NAME}    a full name common in the register (the demo names it)
#   {NUMBER}  the identity number of {PID}
# A page a later issue brings is one more line here.
PAGES=(
	"home|contact|/|<main"
	"Today|contact|/today|id=\"meetings-today\""
	"search, one word|leader|/participants?q={WORD}|href=\"/participants/"
	"search, two words|leader|/participants?q={NAME}|href=\"/participants/"
	"search, a number|leader|/participants?q={NUMBER}|href=\"/participants/{PID}\""
	"participant|contact|/participants/{PID}|<h1"
	"plan|contact|/participants/{PID}/plan|<h1"
	"caseload overview|leader|/caseloads|<table"
	"waiting list|leader|/waiting-list|<table"
)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/build/release/secondchance}
LUA=$ROOT/bench/wrk-report.lua
SCALE=${BENCH_SCALE:-1000000}
SECS=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
read -r -a ENGINES <<<"${BENCH_ENGINES:-sqlite postgresql}"
CONNS=64
WRK_THREADS=2
PASSWORD='bench-Demo-Passw0rd-1'
T_P99_MS=10
T_SHARE=0.25
T_LOAD_PG_S=180

die() {
	echo "bench/case: $*" >&2
	exit 2
}

[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE must be a whole number"
[[ $SECS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a whole number of seconds"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds"
command -v wrk >/dev/null || die "wrk is not installed"
command -v curl >/dev/null || die "curl is not installed"
[[ -x $BIN ]] || die "no binary at $BIN; build it first (make build)"
for e in "${ENGINES[@]}"; do
	[[ $e == sqlite || $e == postgresql ]] || die "unknown engine '$e' in BENCH_ENGINES"
done
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done
# PostgreSQL is measured on a cluster of its own (below), not at BENCH_PG_URL
unset BENCH_PG_URL
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DATA=${BENCH_DATA:-$ROOT/build/bench-data}
mkdir -p "$DATA"
VERSION=$("$BIN" version 2>/dev/null | tr '\n' ' ')
PG_DIR=
bench_work case
# shellcheck disable=SC2317 # called by bench_cleanup, the EXIT trap
bench_at_exit() {
	[[ -z $PG_DIR ]] || pg_stop "$PG_DIR"
}

# ---- PostgreSQL: a cluster of scripts/pg-test.sh, kept between runs -------
# The cluster is made by scripts/pg-test.sh (fsync off, trust on 127.0.0.1)
# in build/bench-data/pg-scale-N and stopped, not removed, after a run, so
# that the next run can start it again instead of loading a million
# participants anew.
pg_user() { stat -c %U "$1/data"; }
pg_ctl_bin() {
	local d
	for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		[[ -x $d/pg_ctl ]] && { echo "$d/pg_ctl"; return; }
	done
	command -v pg_ctl
}
as_pg() {
	local dir=$1
	shift
	if [[ $(id -u) -eq 0 ]]; then
		(cd "$dir" && runuser -u "$(pg_user "$dir")" -- "$@")
	else
		(cd "$dir" && "$@")
	fi
}
pg_start() {
	as_pg "$1" "$(pg_ctl_bin)" start -D "$1/data" -l "$1/postgres.log" -w -t 60 >/dev/null 2>&1
}
# pg_tune DIR: a server sized for a million participants rather than for
# tests (scripts/pg-test.sh gives 32 MB of shared buffers): memory for the
# index builds after the bulk load, and checkpoints far apart while it
# writes, but not so far that the write-ahead log fills a shared disk (16 GB
# held 9 GB of it during a load in session 24; with fsync off a checkpoint
# only writes to the page cache). Applied once, when the cluster is made;
# kept with it.
pg_tune() {
	as_pg "$1" sh -c 'cat >>"$1"' sh "$1/data/postgresql.conf" <<EOF
# added by bench/case.sh
shared_buffers = 2GB
maintenance_work_mem = 1GB
work_mem = 64MB
max_wal_size = 4GB
checkpoint_timeout = 30min
EOF
	pg_stop "$1" && pg_start "$1"
}
pg_stop() {
	[[ -f $1/data/postmaster.pid ]] || return 0
	as_pg "$1" "$(pg_ctl_bin)" stop -D "$1/data" -m fast -w -t 60 >/dev/null 2>&1 || true
}

# ---- the database of one engine, made once per program version ------------
# Sets DB (the URL), GEN_MS, GEN_NOTE and DEMO_OUT.
prepare_db() {
	local engine=$1 stamp t0
	if [[ $engine == sqlite ]]; then
		bench_database
		DEMO_OUT=$OUT
		stamp=$STAMP
	else
		DEMO_OUT=$DATA/$engine-scale-$SCALE.out
		stamp=$DATA/$engine-scale-$SCALE.info
		GEN_NOTE=cached
		PG_DIR=$DATA/pg-scale-$SCALE
		local fresh=0
		if [[ ${BENCH_REGENERATE:-0} == 1 || ! -f $stamp || ! -f $DEMO_OUT ||
			$(head -1 "$stamp" 2>/dev/null) != "$VERSION" || ! -f $PG_DIR/url ]]; then
			fresh=1
		elif ! pg_start "$PG_DIR"; then
			echo "bench/case: the kept PostgreSQL cluster did not start; making it again" >&2
			fresh=1
		fi
		if ((fresh)); then
			pg_stop "$PG_DIR"
			if [[ -d $PG_DIR ]]; then
				"$ROOT/scripts/pg-test.sh" stop "$PG_DIR" 2>/dev/null || rm -rf "$PG_DIR"
			fi
			rm -f "$stamp" "$DEMO_OUT"
			DB=$("$ROOT/scripts/pg-test.sh" start "$PG_DIR" 2>"$WORK/pg-start.err" | tail -1) ||
				{ cat "$WORK/pg-start.err" >&2; die "could not start PostgreSQL (scripts/pg-test.sh)"; }
			if [[ -n ${BENCH_PG_PORT:-} ]]; then
				as_pg "$PG_DIR" sh -c 'echo "port = $2" >>"$1"' sh "$PG_DIR/data/postgresql.conf" "$BENCH_PG_PORT"
				sed -i "s|@127.0.0.1:[0-9]*/|@127.0.0.1:$BENCH_PG_PORT/|" "$PG_DIR/url"
			fi
			pg_tune "$PG_DIR" || die "could not restart PostgreSQL with the benchmark's settings"
			DB=$(cat "$PG_DIR/url")
			"$BIN" init --set "database.url=$DB" --admin-password "$PASSWORD" >/dev/null ||
				die "init failed ($engine)"
			GEN_NOTE="made now"
		fi
		DB=$(cat "$PG_DIR/url")
		if [[ $GEN_NOTE == "made now" ]]; then
			t0=${EPOCHREALTIME/./}
			"$BIN" --set "database.url=$DB" demo --scale "$SCALE" --password "$PASSWORD" >"$DEMO_OUT" 2>&1 ||
				{ cat "$DEMO_OUT" >&2; die "demo --scale $SCALE failed ($engine)"; }
			GEN_MS=$(((${EPOCHREALTIME/./} - t0) / 1000))
			{ echo "$VERSION"; echo "$GEN_MS"; cut -d' ' -f1-3 /proc/loadavg; } >"$stamp"
		fi
	fi
	GEN_MS=$(sed -n 2p "$stamp")
	GEN_LOAD=$(sed -n 3p "$stamp")
}

# The server (bench_start, bench_stop) and the sign-in (bench_sign_in USER)
# are bench/lib.sh's; the server runs in the folder the script was started in.

# get PATH COOKIE: the body of a GET (empty on failure).
get() { curl -sS -m 30 -H "Cookie: $2" "$BASE$1" 2>/dev/null || true; }

# ---- measuring -----------------------------------------------------------------
HZ=$(getconf CLK_TCK)
# cpu_mark: "BUSY_MS TOTAL_MS OURS_MS" of the machine, where OURS is this
# script's finished children (wrk, curl) and the server, and SRV_MS the
# server's alone (not called as $(cpu_mark): `times` must run in this shell).
cpu_mark() {
	local srv=0
	times >"$WORK/times"
	if [[ -n $SERVER_PID && -r /proc/$SERVER_PID/stat ]]; then
		srv=$(awk -v hz="$HZ" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$SERVER_PID/stat")
	fi
	SRV_MS=$srv
	MARK=$(awk -v hz="$HZ" -v srv="$srv" '
		function ms(t,  m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60000 + t * 1000 }
		FILENAME ~ /stat$/ && $1 == "cpu" { busy = $2 + $3 + $4 + $7 + $8; total = busy + $5 + $6 }
		FILENAME ~ /times$/ { ours += ms($1) + ms($2) }
		END { printf "%d %d %d\n", busy * 1000 / hz, total * 1000 / hz, ours + srv }
	' /proc/stat "$WORK/times")
}
# others_pct BEFORE AFTER: the share of the machine's CPU other processes used.
others_pct() {
	local b0 t0 o0 b1 t1 o1
	read -r b0 t0 o0 <<<"$1"
	read -r b1 t1 o1 <<<"$2"
	awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v o=$((o1 - o0)) \
		'BEGIN { x = t > 0 ? 100 * (b - o) / t : 0; if (x < 0) x = 0; printf "%.0f\n", x }'
}

# run_wrk SECONDS URL [COOKIE]: sets REPORT to wrk's WRK_REPORT line.
run_wrk() {
	local secs=$1 url=$2 cookie=${3:-} out
	local args=(-t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --timeout 30s --latency -s "$LUA")
	[[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
	out=$(wrk "${args[@]}" "$url" 2>&1) || die "wrk failed for $url: $out"
	REPORT=$(grep '^WRK_REPORT ' <<<"$out") || die "no WRK_REPORT from wrk for $url"
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }
passfail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }

# measure URL COOKIE MIN_BYTES: one measured run (after a warm-up); sets
# REPORT, LOAD (1-minute load average at its end), OTHERS and CPU (the
# server's CPU ms per 1,000 requests, the figure other processes on the
# machine disturb least).
measure() {
	local mark0 srv0 req bytes
	((WARMUP > 0)) && run_wrk "$WARMUP" "$1" "$2"
	cpu_mark
	mark0=$MARK
	srv0=$SRV_MS
	run_wrk "$SECS" "$1" "$2"
	cpu_mark
	OTHERS=$(others_pct "$mark0" "$MARK")
	LOAD=$(cut -d' ' -f1 /proc/loadavg)
	req=$(field "$REPORT" requests)
	bytes=$(field "$REPORT" bytes)
	CPU=-
	((req > 0)) || return 0   # slower than the run: 0 req/s
	CPU=$(calc %.0f "($SRV_MS - $srv0) * 1000 / $req")
	(($(field "$REPORT" non2xx3xx) == 0)) || die "$1: $(field "$REPORT" non2xx3xx) error responses"
	((bytes / req >= $3 / 2)) || die "$1: $((bytes / req)) bytes per response (redirected?)"
}

ROWS=()
NOTES=()
MISSING=0

# bench_engine ENGINE: every page on one engine.
bench_engine() {
	local engine=$1 contact leader term word pid nin cookie_c cookie_l
	prepare_db "$engine"
	NOTES+=("$(printf '%-10s demo --scale %s: %s s (%s; load average %s when made)' "$engine" "$SCALE" \
		"$(calc %.1f "$GEN_MS / 1000")" "$GEN_NOTE" "$GEN_LOAD")")
	[[ $engine == postgresql ]] && LOAD_PG_MS=$GEN_MS
	contact=$(sed -n 's/^ *contact person: *\([^ ]*\).*/\1/p' "$DEMO_OUT" | head -1)
	leader=$(sed -n 's/^ *leader: *\([^ ]*\).*/\1/p' "$DEMO_OUT" | head -1)
	term=$(sed -n 's/^ *search: *\(.*[^ ]\) *([0-9]* participants match).*/\1/p' "$DEMO_OUT" | head -1)
	[[ -n $contact && -n $leader && -n $term ]] ||
		die "the demo did not name its benchmark users and search (see $DEMO_OUT)"
	word=${term%% *}
	bench_start
	cookie_c=$(bench_sign_in "$contact") || die "cannot sign in as $contact ($engine)"
	cookie_l=$(bench_sign_in "$leader") || die "cannot sign in as $leader ($engine)"
	# A participant of the caseload, and their number, through the API.
	pid=$(get /api/v1/today "$cookie_c" | grep -o '"participant_id": *[0-9]*' | head -1 | grep -o '[0-9]*$' || true)
	[[ -n $pid ]] || die "found no participant of $contact through /api/v1/today ($engine)"
	nin=$(get "/api/v1/participants/$pid" "$cookie_l" | grep -o '"nin": *"[0-9]*"' | head -1 | grep -o '[0-9][0-9]*' || true)
	[[ -n $nin ]] || die "found no identity number of participant $pid ($engine)"

	local a0 a1 a_rps line label who path marker url cookie body code share p99 verdict
	measure "$BASE/robots.txt" "" 10
	a0=$REPORT
	local first_load=$LOAD first_others=$OTHERS first_cpu=$CPU
	local results=()
	for line in "${PAGES[@]}"; do
		IFS='|' read -r label who path marker <<<"$line"
		if [[ -n ${BENCH_PAGES:-} ]]; then
			local keep=0 w
			IFS=',' read -r -a wanted <<<"$BENCH_PAGES"
			for w in "${wanted[@]}"; do [[ $label == *"$w"* ]] && keep=1; done
			((keep)) || continue
		fi
		path=${path//\{PID\}/$pid}
		path=${path//\{WORD\}/$word}
		path=${path//\{NAME\}/${term// /+}}
		path=${path//\{NUMBER\}/$nin}
		marker=${marker//\{PID\}/$pid}
		url=$BASE$path
		if [[ $who == contact ]]; then cookie=$cookie_c; else cookie=$cookie_l; fi
		body=$(curl -sS -m 60 -w '\n%{http_code}' -H "Cookie: $cookie" "$url" 2>/dev/null) || body=$'\n000'
		code=${body##*$'\n'}
		if [[ $code != 200 ]] || ! grep -qF -- "$marker" <<<"$body"; then
			results+=("$(printf '%-22s %-10s not measured: GET %s answered %s%s' "$label" "$engine" "$path" "$code" \
				"$([[ $code == 200 ]] && echo " without '$marker'")")")
			MISSING=1
			continue
		fi
		measure "$url" "$cookie" "${#body}"
		results+=("$label|$who|$path|$REPORT|$LOAD|$OTHERS|$CPU")
	done
	measure "$BASE/robots.txt" "" 10
	a1=$REPORT
	local last_load=$LOAD last_others=$OTHERS last_cpu=$CPU
	a_rps=$(calc %.1f "($(field "$a0" rps) + $(field "$a1" rps)) / 2")
	ROWS+=("$(printf '%-22s %-10s %9.0f %8.2f %8.2f %7s %-5s %6s %6s%% %7s' "fixed page (before)" "$engine" \
		"$(field "$a0" rps)" "$(field "$a0" p50_ms)" "$(field "$a0" p99_ms)" "" "" "$first_load" "$first_others" \
		"$first_cpu")")
	for line in "${results[@]}"; do
		if [[ $line != *"|"* ]]; then
			ROWS+=("$line")
			continue
		fi
		IFS='|' read -r label who path REPORT LOAD OTHERS CPU <<<"$line"
		share=$(calc %.2f "$(field "$REPORT" rps) / $a_rps")
		p99=$(field "$REPORT" p99_ms)
		verdict=$(passfail "$p99 <= $T_P99_MS && $share >= $T_SHARE")
		local to=$(($(field "$REPORT" timeouts) + 0))
		if (($(field "$REPORT" requests) == 0)); then
			verdict=FAIL
		fi
		ROWS+=("$(printf '%-22s %-10s %9.0f %8.2f %8.2f %7s %-5s %6s %6s%% %7s%s' "$label" "$engine" \
			"$(field "$REPORT" rps)" "$(field "$REPORT" p50_ms)" "$p99" "$share" "$verdict" "$LOAD" "$OTHERS" "$CPU" \
			"$( ((to > 0)) && echo "  ($to requests over 30 s)")")")
	done
	ROWS+=("$(printf '%-22s %-10s %9.0f %8.2f %8.2f %7s %-5s %6s %6s%% %7s' "fixed page (after)" "$engine" \
		"$(field "$a1" rps)" "$(field "$a1" p50_ms)" "$(field "$a1" p99_ms)" "" "" "$last_load" "$last_others" \
		"$last_cpu")")
	NOTES+=("$(printf '%-10s users: %s (contact person), %s (leader); participant %s; search "%s"' \
		"$engine" "$contact" "$leader" "$pid" "$term")")
	NOTES+=("$(printf '%-10s server peak RSS %s MiB' "$engine" \
		"$(calc %.1f "$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0) / 1024")")")
	bench_stop
	if [[ $engine == postgresql ]]; then
		pg_stop "$PG_DIR"
		PG_DIR=
	fi
}

LOAD_PG_MS=
for e in "${ENGINES[@]}"; do
	bench_engine "$e"
done

echo
echo "Second Chance pages at $SCALE participants, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r)"
echo "load:    wrk, $WRK_THREADS threads, $CONNS connections, ${SECS} s per page after ${WARMUP} s warm-up; server defaults, http.access_log=false"
echo "targets: p99 <= $T_P99_MS ms and req/s >= $(calc %.0f "$T_SHARE * 100")% of the fixed page (/robots.txt, the mean of its two runs)"
for n in "${NOTES[@]}"; do echo "$n"; done
echo
printf '%-22s %-10s %9s %8s %8s %7s %-5s %6s %7s %7s\n' "page" "engine" "req/s" "p50 ms" "p99 ms" "share" "" "load" "others" \
	"CPU/1k"
for r in "${ROWS[@]}"; do echo "$r"; done
if [[ -n $LOAD_PG_MS ]]; then
	echo
	printf '%s  demo --scale %s on PostgreSQL under %d s: %s s\n' "$(passfail "$LOAD_PG_MS <= $T_LOAD_PG_S * 1000")" \
		"$SCALE" "$T_LOAD_PG_S" "$(calc %.1f "$LOAD_PG_MS / 1000")"
fi
((MISSING == 0)) || exit 2
exit 0
