#!/usr/bin/env bash
# bench/case.sh — the case-record pages at a million participants (make bench).
#
# Makes (once, then reuses) a database with `secondchance demo --scale N`
# under build/bench-data/, timing the generation; serves it from the release
# build; signs in as the demo's benchmark contact person and leader; and drives
# with wrk (2 threads, 64 connections, BENCH_SECONDS per run):
#   (a) GET /robots.txt                  the fixed page, same server and run
#   (d) GET /today                       the contact person's Today page
#   (e) GET /participants?q=TERM         a participant search by a leader
# Prints req/s, p50, p99, the ratio to (a) and PASS/FAIL against the targets
# (p99 <= 10 ms; req/s >= 25% of (a); generation under 60 s). A page that
# does not answer 200 (not built yet, or refused) is reported as not
# measured, with its status, and the other runs go on. The exit status is
# non-zero (2) only when something could not be measured.
#
# Environment:
#   BENCH_SCALE=1000000   participants in the demo database
#   BENCH_SECONDS=10      duration of each wrk run
#   BENCH_WARMUP=2        warm-up per run
#   BENCH_BIN=PATH        the binary (default build/release/secondchance)
#   BENCH_REGENERATE=1    make the database again even if it is cached
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/build/release/secondchance}
LUA=$ROOT/bench/wrk-report.lua
SCALE=${BENCH_SCALE:-1000000}
SECS=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNS=64
WRK_THREADS=2
PASSWORD='bench-Demo-Passw0rd-1'
T_P99_MS=10
T_SHARE=0.25

die() {
	echo "bench/case: $*" >&2
	exit 2
}

[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE must be a whole number"
command -v wrk >/dev/null || die "wrk is not installed"
[[ -x $BIN ]] || die "no binary at $BIN; build it first (make build)"
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done

DATA=$ROOT/build/bench-data
mkdir -p "$DATA"
DBFILE=$DATA/scale-$SCALE.db
DB=sqlite:$DBFILE
STAMP=$DATA/scale-$SCALE.info
DEMO_OUT=$DATA/scale-$SCALE.out
VERSION=$("$BIN" version 2>/dev/null | tr '\n' ' ')

# ---- the database, made once per program version ----
GEN_NOTE="cached"
if [[ ${BENCH_REGENERATE:-0} == 1 || ! -f $STAMP || ! -f $DEMO_OUT ||
	$(head -1 "$STAMP" 2>/dev/null) != "$VERSION" ]]; then
	rm -f "$DBFILE" "$DBFILE-wal" "$DBFILE-shm" "$DBFILE-journal" "$STAMP" "$DEMO_OUT"
	"$BIN" init --set "database.url=$DB" --admin-password "$PASSWORD" >/dev/null ||
		die "init failed"
	t0=${EPOCHREALTIME/./}
	"$BIN" --set "database.url=$DB" demo --scale "$SCALE" --password "$PASSWORD" >"$DEMO_OUT" 2>&1 ||
		{ cat "$DEMO_OUT" >&2; die "demo --scale $SCALE failed"; }
	gen_ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	{ echo "$VERSION"; echo "$gen_ms"; } >"$STAMP"
	GEN_NOTE="made now"
fi
gen_ms=$(sed -n 2p "$STAMP")
CONTACT=$(sed -n 's/^ *contact person: *\([^ ]*\).*/\1/p' "$DEMO_OUT" | head -1)
LEADER=$(sed -n 's/^ *leader: *\([^ ]*\).*/\1/p' "$DEMO_OUT" | head -1)
# "search:          Amina Hassan (683 participants match)"
TERM_Q=$(sed -n 's/^ *search: *\(.*[^ ]\) *(\([0-9]*\) participants match).*/\1/p' "$DEMO_OUT" | head -1)
TERM_HITS=$(sed -n 's/^ *search: .*(\([0-9]*\) participants match).*/\1/p' "$DEMO_OUT" | head -1)
[[ -n $CONTACT && -n $LEADER && -n $TERM_Q ]] ||
	die "the demo did not name its benchmark users and search term (see $DEMO_OUT)"
GEN_DETAIL=$(sed -n 's/^ *\(password hashing .*\)$/\1/p' "$DEMO_OUT" | head -1)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sc-bench-case.XXXXXX")
SERVER_PID=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
cd "$WORK"

"$BIN" serve --set "database.url=$DB" --set http.port=0 --set http.access_log=false \
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

# sign_in USER: prints the session cookie (see bench/run.sh).
sign_in() {
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
C_COOKIE=$(sign_in "$CONTACT") || die "cannot sign in as $CONTACT"
L_COOKIE=$(sign_in "$LEADER") || die "cannot sign in as $LEADER"
SEARCH_PATH="/participants?q=${TERM_Q// /+}"

# probe PATH COOKIE WORD: sets PROBE to the body's size when the page answers
# 200 and contains WORD; else to a reason ("answered 404", ...) and returns 1.
probe() {
	local body code
	body=$(curl -sS -m 30 -w '\n%{http_code}' -H "Cookie: $2" "$BASE$1") || {
		PROBE="the request failed"
		return 1
	}
	code=${body##*$'\n'}
	if [[ $code != 200 ]]; then
		PROBE="answered $code, not 200 (page not built, or refused)"
		return 1
	fi
	if ! grep -q -- "$3" <<<"$body"; then
		PROBE="answered 200 without '$3' (not the expected page)"
		return 1
	fi
	PROBE=${#body}
}
MISSING=0
D_OK=1 E_OK=1
if probe /today "$C_COOKIE" 'meetings-today'; then TODAY_BYTES=$PROBE; else D_OK=0 D_WHY=$PROBE MISSING=1; fi
if probe "$SEARCH_PATH" "$L_COOKIE" "/participants/"; then SEARCH_BYTES=$PROBE; else E_OK=0 E_WHY=$PROBE MISSING=1; fi

run_wrk() {
	local name=$1 secs=$2 out
	shift 2
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --latency -s "$LUA" "$@" 2>&1) ||
		die "wrk failed for $name: $out"
	REPORT=$(grep '^WRK_REPORT ' <<<"$out") || die "no WRK_REPORT from wrk for $name"
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
check_run() {
	local req bytes
	req=$(field "$2" requests)
	bytes=$(field "$2" bytes)
	((req > 0)) || die "$1: no requests completed"
	(($(field "$2" non2xx3xx) == 0)) || die "$1: $(field "$2" non2xx3xx) error responses"
	((bytes / req >= $3 / 2)) || die "$1: $((bytes / req)) bytes per response (redirected?)"
}

if ((WARMUP > 0)); then
	run_wrk w0 "$WARMUP" "$BASE/robots.txt"
	((D_OK)) && run_wrk w1 "$WARMUP" -H "Cookie: $C_COOKIE" "$BASE/today"
	((E_OK)) && run_wrk w2 "$WARMUP" -H "Cookie: $L_COOKIE" "$BASE$SEARCH_PATH"
fi
run_wrk a "$SECS" "$BASE/robots.txt"
A=$REPORT
if ((D_OK)); then
	run_wrk d "$SECS" -H "Cookie: $C_COOKIE" "$BASE/today"
	D=$REPORT
	check_run "(d)" "$D" "$TODAY_BYTES"
fi
if ((E_OK)); then
	run_wrk e "$SECS" -H "Cookie: $L_COOKIE" "$BASE$SEARCH_PATH"
	E=$REPORT
	check_run "(e)" "$E" "$SEARCH_BYTES"
fi
HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)

calc() { awk "BEGIN {printf \"$1\", $2}"; }
passfail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }
row() {
	printf '%-52s %9.0f %8.2f %8.2f %8.2f %8s\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_ms)" \
		"$(field "$2" p90_ms)" "$(field "$2" p99_ms)" "$3"
}
a_rps=$(field "$A" rps)
echo
echo "Second Chance case-record benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r)"
echo "data:    demo --scale $SCALE ($GEN_NOTE; generation took $(calc %.1f "$gen_ms / 1000") s), $DBFILE"
[[ -n $GEN_DETAIL ]] && echo "         $GEN_DETAIL"
echo "load:    wrk, $WRK_THREADS threads, $CONNS connections, ${SECS} s per run, SQLite, http.access_log=false"
echo "users:   Today as $CONTACT; search \"$TERM_Q\" (${TERM_HITS:-?} matches) as $LEADER"
echo
printf '%-52s %9s %8s %8s %8s %8s\n' "run" "req/s" "p50 ms" "p90 ms" "p99 ms" "of (a)"
row "(a) GET /robots.txt" "$A" "1.00"
if ((D_OK)); then
	d_share=$(calc %.2f "$(field "$D" rps) / $a_rps")
	row "(d) GET /today (contact person)" "$D" "$d_share"
else
	printf '%-52s not measured: GET /today %s\n' "(d) GET /today (contact person)" "$D_WHY"
fi
if ((E_OK)); then
	e_share=$(calc %.2f "$(field "$E" rps) / $a_rps")
	row "(e) GET $SEARCH_PATH (leader)" "$E" "$e_share"
else
	printf '%-52s not measured: GET %s %s\n' "(e) search (leader)" "$SEARCH_PATH" "$E_WHY"
fi
echo
printf '%-52s %s\n' "peak RSS of the server (VmHWM)" "$(calc %.1f "$HWM_KB / 1024") MiB"
echo "targets:"
printf '  %s  %-48s %s s\n' "$(passfail "$gen_ms <= 60000")" "demo --scale $SCALE in under 60 s" "$(calc %.1f "$gen_ms / 1000")"
if ((D_OK)); then
	printf '  %s  %-48s %s ms\n' "$(passfail "$(field "$D" p99_ms) <= $T_P99_MS")" "p99 (d) <= $T_P99_MS ms" "$(field "$D" p99_ms)"
	printf '  %s  %-48s %s\n' "$(passfail "$d_share >= $T_SHARE")" "req/s (d) >= 25% of (a)" "$d_share"
else
	printf '  %s  %-48s\n' "----" "(d) not measured"
fi
if ((E_OK)); then
	printf '  %s  %-48s %s ms\n' "$(passfail "$(field "$E" p99_ms) <= $T_P99_MS")" "p99 (e) <= $T_P99_MS ms" "$(field "$E" p99_ms)"
	printf '  %s  %-48s %s\n' "$(passfail "$e_share >= $T_SHARE")" "req/s (e) >= 25% of (a)" "$e_share"
else
	printf '  %s  %-48s\n' "----" "(e) not measured"
fi
((MISSING == 0)) || exit 2
exit 0
