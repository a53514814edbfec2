#!/usr/bin/env bash
# bench/benefits.sh — the monthly benefit run and the participant's statement
# page (issue 11) on the shared benchmark database.
#
# Makes (once per program version, shared with the other bench scripts: see
# bench/lib.sh) the SQLite database of `secondchance demo --scale N` under
# $BENCH_DATA; at --scale the demo runs and approves the month before last
# for the first centre (every participant of the scale demo is in it),
# leaving the last month for a run. Then:
#   (r) the monthly run: the next month after the last run, started with
#       `secondchance benefit run --month YYYY-MM` (the command the page's
#       POST /benefits/runs calls, app_benefit_run_start) on a COPY of the
#       database file, deleted afterwards: the shared database is not
#       changed. The time is the command's own (the run's one transaction,
#       commit included). At scale all participants are in one centre, so
#       the run covers every participant with programme days in the month
#       (about 39 % of them); the figure per 100,000 statements is the one
#       the issue's target (100,000 active participants, under 2 s) is
#       checked against.
#       The copy is synced to disk before the run (not timed).
#   (a) GET /robots.txt, the fixed page, on the same server in the same run;
#   (s) GET /participants/ID/benefits/SID, a participant's statement of the
#       last approved month, as the centre's finance officer (the demo's
#       "okonomi"); each read is audited, as any user's read is.
# wrk: 2 threads, 64 connections, BENCH_SECONDS per run. Prints req/s, p50,
# p99, the share of (a) and PASS/FAIL against the targets (the run under
# 2 s per 100,000 statements; p99 <= 10 ms; req/s >= 25 % of (a)). Exit 0
# when everything was measured, 2 when something could not be.
#
# Environment:
#   BENCH_SCALE=1000000   participants in the demo database
#   BENCH_SECONDS=10      duration of each wrk run
#   BENCH_WARMUP=2        warm-up per run
#   BENCH_BIN=PATH        the binary (default build/release/secondchance)
#   BENCH_DATA=DIR        where the shared database lives (build/bench-data)
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
FINANCE=okonomi
T_P99_MS=10
T_SHARE=0.25
T_RUN_MS_PER_100K=2000

die() {
	echo "bench/benefits: $*" >&2
	exit 2
}

[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE must be a whole number"
command -v wrk >/dev/null || die "wrk is not installed"
command -v jq >/dev/null || die "jq is not installed"
[[ -x $BIN ]] || die "no binary at $BIN; build it first (make build)"
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done

# ---- the shared database, made once per program version (SQLite only: (r)
# copies its file) ----
unset BENCH_PG_URL
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_database
DEMO_OUT=$OUT
gen_ms=$(sed -n 2p "$STAMP")
BENEFIT_STEP=$(sed -n 's/^ *\(benefit runs .*\)$/\1/p' "$DEMO_OUT" | head -1)

# ---- the server on the shared database (reads only, audited) ----
bench_serve benefits
F_COOKIE=$(bench_sign_in "$FINANCE") || die "cannot sign in as $FINANCE"
api() { curl -sS -m 120 -H "Cookie: $F_COOKIE" -H 'Accept: application/json' "$BASE$1"; }

# The runs, newest month first: the last one, the approved one whose
# statement is read, and the month after the last for the run.
MISSING=0
RUNS=$(api /api/v1/benefits/runs) || die "cannot list the runs"
LAST_MONTH=$(jq -r '.items[0].month // empty' <<<"$RUNS")
APPROVED=$(jq -r '[.items[] | select(.state == "approved")][0].id // empty' <<<"$RUNS")
S_OK=1 R_OK=1
if [[ -z $APPROVED ]]; then
	S_OK=0 S_WHY="no approved run in the database (made by a demo without benefit runs?)" MISSING=1
else
	STATEMENT=$(api "/api/v1/benefits/runs/$APPROVED" |
		jq -r '(.statements // .items // [])[0] | "\(.participant_id) \(.id)"') || STATEMENT=
	if [[ ! $STATEMENT =~ ^[0-9]+\ [0-9]+$ ]]; then
		S_OK=0 S_WHY="the approved run $APPROVED lists no statement" MISSING=1
	else
		S_PATH="/participants/${STATEMENT% *}/benefits/${STATEMENT#* }"
	fi
fi
if [[ -z $LAST_MONTH ]]; then
	R_OK=0 R_WHY="no run in the database to follow" MISSING=1
else
	RUN_MONTH=$(date -u -d "$LAST_MONTH-01 +1 month" +%Y-%m)
fi

# probe PATH COOKIE WORD: sets PROBE to the body's size when the page answers
# 200 and contains WORD; else to a reason and returns 1.
probe() {
	local body code
	body=$(curl -sS -m 30 -w '\n%{http_code}' -H "Cookie: $2" "$BASE$1") || {
		PROBE="the request failed"
		return 1
	}
	code=${body##*$'\n'}
	if [[ $code != 200 ]]; then
		PROBE="answered $code, not 200"
		return 1
	fi
	if ! grep -q -- "$3" <<<"$body"; then
		PROBE="answered 200 without '$3' (not the expected page)"
		return 1
	fi
	PROBE=${#body}
}
if ((S_OK)); then
	if probe "$S_PATH" "$F_COOKIE" 'net'; then S_BYTES=$PROBE; else S_OK=0 S_WHY=$PROBE MISSING=1; fi
fi

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
	((S_OK)) && run_wrk w1 "$WARMUP" -H "Cookie: $F_COOKIE" "$BASE$S_PATH"
fi
run_wrk a "$SECS" "$BASE/robots.txt"
A=$REPORT
if ((S_OK)); then
	run_wrk s "$SECS" -H "Cookie: $F_COOKIE" "$BASE$S_PATH"
	S=$REPORT
	check_run "(s)" "$S" "$S_BYTES"
fi
bench_stop

# ---- (r) the run, on a copy of the database file (the server is stopped:
# the file and its WAL are consistent) ----
if ((R_OK)); then
	cp "$DBFILE" "$WORK/run.db"
	[[ -f $DBFILE-wal ]] && cp "$DBFILE-wal" "$WORK/run.db-wal"
	# the copy written out before the run is timed: its 9 GB of dirty pages
	# (at a million) were otherwise written back during the run, which a
	# finance officer's database does not have (decision 84)
	sync "$WORK"/run.db*
	if RUN_OUT=$("$BIN" --set "database.url=sqlite:$WORK/run.db" benefit run --month "$RUN_MONTH" 2>&1); then
		RUN_MS=$(sed -n 's/^time: \([0-9]*\) ms$/\1/p' <<<"$RUN_OUT")
		RUN_N=$(sed -n 's/^run [0-9]* of [0-9-]* (centre [0-9]*): \([0-9]*\) statements.*/\1/p' <<<"$RUN_OUT")
		[[ -n $RUN_MS && -n $RUN_N ]] || { R_OK=0 R_WHY="unexpected output: $RUN_OUT" MISSING=1; }
	else
		R_OK=0 R_WHY="the run of $RUN_MONTH failed: $RUN_OUT" MISSING=1
	fi
	rm -f "$WORK/run.db" "$WORK/run.db-wal" "$WORK/run.db-shm"
fi

calc() { awk "BEGIN {printf \"$1\", $2}"; }
passfail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }
row() {
	printf '%-52s %9.0f %8.2f %8.2f %8s\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_ms)" \
		"$(field "$2" p99_ms)" "$3"
}
a_rps=$(field "$A" rps)
echo
echo "Second Chance benefits benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data:    demo --scale $SCALE ($GEN_NOTE; generation took $(calc %.1f "$gen_ms / 1000") s), $DBFILE"
[[ -n $BENEFIT_STEP ]] && echo "         of which $BENEFIT_STEP"
echo "load:    wrk, $WRK_THREADS threads, $CONNS connections, ${SECS} s per run, SQLite, http.access_log=false"
echo "user:    $FINANCE (finance officer of centre 1)"
echo
printf '%-52s %9s %8s %8s %8s\n' "page" "req/s" "p50 ms" "p99 ms" "of (a)"
row "(a) GET /robots.txt" "$A" "1.00"
if ((S_OK)); then
	s_share=$(calc %.2f "$(field "$S" rps) / $a_rps")
	row "(s) GET $S_PATH" "$S" "$s_share"
else
	printf '%-52s not measured: %s\n' "(s) a participant's statement" "$S_WHY"
fi
echo
if ((R_OK)); then
	per100k=$(calc %.0f "$RUN_MS * 100000 / ($RUN_N > 0 ? $RUN_N : 1)")
	printf '%-52s %9s ms  (%s statements; %s ms per 100,000)\n' "(r) benefit run --month $RUN_MONTH (a copy)" \
		"$RUN_MS" "$RUN_N" "$per100k"
else
	printf '%-52s not measured: %s\n' "(r) the monthly run" "$R_WHY"
fi
echo
echo "targets:"
if ((R_OK)); then
	printf '  %s  %-52s %s ms\n' "$(passfail "$per100k < $T_RUN_MS_PER_100K")" \
		"run < $T_RUN_MS_PER_100K ms per 100,000 statements" "$per100k"
else
	printf '  %s  %-52s\n' "----" "(r) not measured"
fi
if ((S_OK)); then
	printf '  %s  %-52s %s ms\n' "$(passfail "$(field "$S" p99_ms) <= $T_P99_MS")" "p99 (s) <= $T_P99_MS ms" "$(field "$S" p99_ms)"
	printf '  %s  %-52s %s\n' "$(passfail "$s_share >= $T_SHARE")" "req/s (s) >= 25% of (a)" "$s_share"
else
	printf '  %s  %-52s\n' "----" "(s) not measured"
fi
((MISSING == 0)) || exit 2
exit 0
