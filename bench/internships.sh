#!/usr/bin/env bash
# bench/internships.sh — the employer liaison's pages (issue 10) at demo --scale N.
#
# Uses the shared benchmark database (made once per program version, then
# reused by every bench script; see bench/lib.sh):
# ${BENCH_DATA:-build/bench-data}/scale-N.db, its stamp sqlite-scale-N.info
# (version; generation ms; load average) and the demo's output
# sqlite-scale-N.out. Serves it from the release build on a free 127.0.0.1
# port (or BENCH_PORT), signs in as the demo's employer liaison (named in
# the demo's "for benchmarks:" block, with the employer that has the most
# placements), and drives with wrk (2 threads, 64 connections, BENCH_SECONDS
# per run, BENCH_WARMUP before each):
#   (a) GET /robots.txt          the fixed page, same server and run
#   (b) GET /internships         the liaison's home page
#   (c) GET /employers/ID        an employer's page (contacts, agreements,
#                                placements, conversion)
#   (d) GET /jobs/ID             a job's page (its income versions and who
#                                saved them): the job with the most versions
#                                among those the liaison follows (read from
#                                the database with sqlite3; not measured when
#                                there is none)
# Only GETs: the database is not changed (reads are audited, as for every
# user). Prints req/s, p50, p90, p99, the share of (a) and PASS/FAIL against
# the issue's targets (p99 <= 10 ms; req/s >= 25 % of (a)), and the server's
# CPU (user + system, from /proc) per 1,000 requests of each run, the figure
# that a shared machine disturbs least. A page that does
# not answer 200 is reported as not measured and the exit status is 2; when
# everything was measured it is 0, whether the targets pass or not.
#
# Environment:
#   BENCH_SCALE=1000000   participants in the demo database
#   BENCH_SECONDS=10      duration of each wrk run
#   BENCH_WARMUP=2        warm-up per run
#   BENCH_BIN=PATH        the binary (default build/release/secondchance)
#   BENCH_DATA=DIR        where the shared database lives (default build/bench-data)
#   BENCH_REGENERATE=1    make the database again even if it is cached
#   BENCH_PORT=N          the server's port (default: a free one)
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
	echo "bench/internships: $*" >&2
	exit 2
}

[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE must be a whole number"
command -v wrk >/dev/null || die "wrk is not installed"
[[ -x $BIN ]] || die "no binary at $BIN; build it first (make build)"
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done

# the shared database, made once per program version (SQLite only: the job
# of (d) is read from its file)
unset BENCH_PG_URL
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_database
DEMO_OUT=$OUT
gen_ms=$(sed -n 2p "$STAMP")
gen_load=$(sed -n 3p "$STAMP")
LIAISON=$(sed -n 's/^ *liaison: *\([^ ]*\).*/\1/p' "$DEMO_OUT" | head -1)
# "employer:        /employers/14 (29 placements)"
EMPLOYER_PATH=$(sed -n 's|^ *employer: *\(/employers/[0-9][0-9]*\).*|\1|p' "$DEMO_OUT" | head -1)
EMPLOYER_N=$(sed -n 's|^ *employer: .*(\([0-9]*\) placements).*|\1|p' "$DEMO_OUT" | head -1)
[[ -n $LIAISON && -n $EMPLOYER_PATH ]] ||
	die "the demo did not name its liaison and employer (see $DEMO_OUT; BENCH_REGENERATE=1 remakes it)"
GEN_DETAIL=$(sed -n 's/^ *\(password hashing .*\)$/\1/p' "$DEMO_OUT" | head -1)

bench_serve internships
COOKIE=$(bench_sign_in "$LIAISON") || die "cannot sign in as $LIAISON"

# probe PATH WORD: sets PROBE to the body's size when the page answers 200
# and contains WORD; else to a reason and returns 1.
probe() {
	local body code
	body=$(curl -sS -m 30 -w '\n%{http_code}' -H "Cookie: $COOKIE" "$BASE$1") || {
		PROBE="the request failed"
		return 1
	}
	code=${body##*$'\n'}
	if [[ $code != 200 ]]; then
		PROBE="answered $code, not 200"
		return 1
	fi
	if ! grep -q -- "$2" <<<"$body"; then
		PROBE="answered 200 without '$2' (not the expected page)"
		return 1
	fi
	PROBE=${#body}
}
MISSING=0
B_OK=1 C_OK=1 D_OK=1
if probe /internships 'id="pool"'; then HOME_BYTES=$PROBE; else B_OK=0 B_WHY=$PROBE MISSING=1; fi
if probe "$EMPLOYER_PATH" 'id="placement-list"'; then EMP_BYTES=$PROBE; else C_OK=0 C_WHY=$PROBE MISSING=1; fi
JOB_ID=$(sqlite3 -readonly "$DBFILE" "SELECT j.id FROM employments j JOIN placements p ON p.id = j.placement_id
	JOIN users u ON u.id = p.follow_up_id WHERE u.username = '$LIAISON'
	ORDER BY (SELECT COUNT(*) FROM employment_income i WHERE i.employment_id = j.id) DESC, j.id LIMIT 1" 2>/dev/null) ||
	JOB_ID=
JOB_PATH=/jobs/${JOB_ID:-0}
if [[ -z $JOB_ID ]]; then
	D_OK=0 D_WHY="no job of a placement the liaison follows in the demo"
elif probe "$JOB_PATH" 'id="income-versions"'; then
	JOB_BYTES=$PROBE
else
	D_OK=0 D_WHY=$PROBE MISSING=1
fi

TICK=$(getconf CLK_TCK)
# The server's CPU so far (user + system), in clock ticks.
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
# run_wrk NAME SECONDS ARGS...: REPORT, with cpu_ms_per_1000 (the server's
# CPU per 1,000 requests of the run) added.
run_wrk() {
	local name=$1 secs=$2 out t0 t1 req
	shift 2
	t0=$(server_ticks)
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --latency -s "$LUA" "$@" 2>&1) ||
		die "wrk failed for $name: $out"
	t1=$(server_ticks)
	REPORT=$(grep '^WRK_REPORT ' <<<"$out") || die "no WRK_REPORT from wrk for $name"
	req=$(sed -n 's/.* requests=\([^ ]*\).*/\1/p' <<<"$REPORT")
	REPORT="$REPORT cpu_ms_per_1000=$(awk "BEGIN {printf \"%.1f\", ($t1 - $t0) * 1000 / $TICK / (${req:-0} + 0.0001) * 1000}")"
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
	((B_OK)) && run_wrk w1 "$WARMUP" -H "Cookie: $COOKIE" "$BASE/internships"
	((C_OK)) && run_wrk w2 "$WARMUP" -H "Cookie: $COOKIE" "$BASE$EMPLOYER_PATH"
	((D_OK)) && run_wrk w3 "$WARMUP" -H "Cookie: $COOKIE" "$BASE$JOB_PATH"
fi
run_wrk a "$SECS" "$BASE/robots.txt"
A=$REPORT
if ((B_OK)); then
	run_wrk b "$SECS" -H "Cookie: $COOKIE" "$BASE/internships"
	B=$REPORT
	check_run "(b)" "$B" "$HOME_BYTES"
fi
if ((C_OK)); then
	run_wrk c "$SECS" -H "Cookie: $COOKIE" "$BASE$EMPLOYER_PATH"
	C=$REPORT
	check_run "(c)" "$C" "$EMP_BYTES"
fi
if ((D_OK)); then
	run_wrk d "$SECS" -H "Cookie: $COOKIE" "$BASE$JOB_PATH"
	D=$REPORT
	check_run "(d)" "$D" "$JOB_BYTES"
fi

calc() { awk "BEGIN {printf \"$1\", $2}"; }
passfail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }
a_rps=$(field "$A" rps)
# row LABEL REPORT: label, req/s, p50, p90, p99, share of (a), PASS/FAIL
row() {
	local share verdict=""
	share=$(calc %.2f "$(field "$2" rps) / $a_rps")
	if [[ $3 == target ]]; then
		verdict=$(passfail "$(field "$2" p99_ms) <= $T_P99_MS && $share >= $T_SHARE")
	fi
	printf '%-40s %9.0f %8.2f %8.2f %8.2f %7s %9s  %s\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_ms)" \
		"$(field "$2" p90_ms)" "$(field "$2" p99_ms)" "$share" "$(field "$2" cpu_ms_per_1000)" "$verdict"
}
echo
echo "Second Chance internships benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r); load now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data:    demo --scale $SCALE ($GEN_NOTE; generation took $(calc %.1f "$gen_ms / 1000") s at load ${gen_load:-?}), $DBFILE"
[[ -n $GEN_DETAIL ]] && echo "         $GEN_DETAIL"
echo "load:    wrk, $WRK_THREADS threads, $CONNS connections, ${SECS} s per run (warm-up ${WARMUP} s), SQLite, http.access_log=false"
echo "user:    $LIAISON (employer liaison); employer $EMPLOYER_PATH with ${EMPLOYER_N:-?} placements"
echo "targets: p99 <= $T_P99_MS ms and req/s >= 25 % of (a), same server and run"
echo
printf '%-40s %9s %8s %8s %8s %7s %9s  %s\n' "page" "req/s" "p50 ms" "p90 ms" "p99 ms" "of (a)" "CPU ms/1k" "target"
row "(a) GET /robots.txt" "$A" ""
if ((B_OK)); then
	row "(b) GET /internships (liaison's home)" "$B" target
else
	printf '%-40s not measured: %s\n' "(b) GET /internships" "$B_WHY"
fi
if ((C_OK)); then
	row "(c) GET $EMPLOYER_PATH" "$C" target
else
	printf '%-40s not measured: %s\n' "(c) GET $EMPLOYER_PATH" "$C_WHY"
fi
if ((D_OK)); then
	row "(d) GET $JOB_PATH (a job's page)" "$D" target
else
	printf '%-40s not measured: %s\n' "(d) GET /jobs/ID" "$D_WHY"
fi
((MISSING == 0)) || exit 2
exit 0
