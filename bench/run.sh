#!/usr/bin/env bash
# bench/run.sh — throughput, latency and memory of the release build (make bench).
#
# Starts `secondchance serve` on a free 127.0.0.1 port with a fresh SQLite
# database in a temporary folder, signs in, and drives it with wrk
# (2 threads, 64 connections, BENCH_SECONDS per run):
#   (a) GET /robots.txt         a fixed page served by the same server
#   (b) GET /                   the signed-in home page (session cookie)
#   (c) GET / again             while a separate process signs in 10 times a second
# then reads the server's peak resident memory (VmHWM) and stops it with SIGTERM.
# Prints a table and PASS/FAIL per target. It is a measurement, not a test:
# the exit status is 0 when every figure was measured, whatever the figures,
# and non-zero only when something could not run. See docs/BENCHMARKS.md.
#
# Environment:
#   BENCH_SECONDS=10   duration of each wrk run, in seconds
#   BENCH_WARMUP=2     duration of each warm-up run, in seconds
#   BENCH_BIN=PATH     the binary (default build/release/secondchance)
#   BENCH_SET="section.key=value ..."  extra server settings, e.g. "http.threads=2"
#   BENCH_KEEP=1       keep the temporary folder (database, logs, raw wrk output)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/build/release/secondchance}
LUA=$ROOT/bench/wrk-report.lua
SECS=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
read -r -a EXTRA_SETS <<<"${BENCH_SET:-}"
SET_ARGS=()
for s in "${EXTRA_SETS[@]}"; do
	SET_ARGS+=(--set "$s")
done
CONNS=64
WRK_THREADS=2
SIGNIN_RATE=10                         # sign-ins per second during (c)
ADMIN='admin'
PASSWORD='bench-Sign-in-Passw0rd'      # meets the password policy

# Targets (see docs/BENCHMARKS.md).
T_RATIO=0.30                           # (b) req/s at least this share of (a)
T_P99_MS=10                            # p99 latency at most this
T_RSS_KB=32768                         # peak RSS at most 32 MiB (/proc reports kB = KiB)
T_LOAD_FACTOR=2                        # p99 of (c) under this times p99 of (b)

die() {
	echo "bench: $*" >&2
	exit 2
}

[[ $SECS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a whole number of seconds, not '$SECS'"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds, not '$WARMUP'"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"
[[ -x $BIN ]] || die "no binary at $BIN; build it first (make build, or make bench)"
[[ -f $LUA ]] || die "missing $LUA"

# The server gets its defaults: no SC_* environment overrides, and it runs in
# the temporary folder so that no ./secondchance.ini is picked up.
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sc-bench.XXXXXX")
DB=sqlite:$WORK/sc.db
SERVER_PID=
LOOP_PID=

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	if [[ -n $LOOP_PID ]] && kill -0 "$LOOP_PID" 2>/dev/null; then
		kill "$LOOP_PID" 2>/dev/null || true
	fi
	if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 100); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SERVER_PID" 2>/dev/null || true
	fi
	if [[ ${BENCH_KEEP:-0} == 1 ]]; then
		echo "bench: kept $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$WORK"

# ---- machine ----
now_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cpu_model=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1)
mem_total=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
wrk_version=$(wrk --version 2>&1 | head -1 | awk '{print $2}' || true)

# ---- set-up ----
"$BIN" init --set "database.url=$DB" "${SET_ARGS[@]}" --admin-user "$ADMIN" --admin-password "$PASSWORD" \
	>"$WORK/init.out" 2>&1 || { cat "$WORK/init.out" >&2; die "secondchance init failed"; }

"$BIN" serve --set "database.url=$DB" --set http.port=0 --set http.access_log=false \
	"${SET_ARGS[@]}" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
PORT=
for _ in $(seq 200); do
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then
		cat "$WORK/server.err" >&2
		SERVER_PID=
		die "the server did not start"
	fi
	PORT=$(sed -n 's|^listening on http://[0-9.]*:\([0-9][0-9]*\)/.*|\1|p' "$WORK/server.out" | head -1)
	[[ -n $PORT ]] && break
	sleep 0.05
done
[[ -n $PORT ]] || die "the server did not report its port within 10 s"
BASE=http://127.0.0.1:$PORT

# Signs in as the administrator the way a browser does, handling the cookies
# by hand (they carry Secure, which curl's cookie jar will not send over
# plain http): GET /login for the pre-session cookie and the csrf field, then
# POST /login, which must answer 303 with a session cookie. Prints
# "NAME=VALUE MS": the session cookie and the milliseconds taken; on failure
# prints the reason and returns non-zero. Bash pattern matching only, so that the only processes
# per sign-in are the two curls.
sign_in() {
	local t0 page pre csrf hdrs re
	t0=${EPOCHREALTIME/./}
	page=$(curl -sS -m 30 -D - "$BASE/login" 2>/dev/null) || { echo "GET-/login-failed"; return 1; }
	re=$'\n[Ss]et-[Cc]ookie: ((__Host-)?sc_pre=[0-9a-f]+);'
	[[ $page =~ $re ]] || { echo "no-pre-cookie"; return 1; }
	pre=${BASH_REMATCH[1]}
	re='name="csrf" value="([0-9a-f]+)"'
	[[ $page =~ $re ]] || { echo "no-csrf-field"; return 1; }
	csrf=${BASH_REMATCH[1]}
	hdrs=$(curl -sS -m 30 -o /dev/null -D - -H "Cookie: $pre" \
		--data-urlencode "csrf=$csrf" --data-urlencode "username=$ADMIN" \
		--data-urlencode "password=$PASSWORD" --data-urlencode "next=/" \
		"$BASE/login" 2>/dev/null) || { echo "POST-/login-failed"; return 1; }
	[[ $hdrs == "HTTP/1.1 303 "* ]] || { echo "POST-/login-status-${hdrs:9:3}"; return 1; }
	re=$'\n[Ss]et-[Cc]ookie: ((__Host-)?sc_session=[0-9a-f]{32});'
	[[ $hdrs =~ $re ]] || { echo "no-session-cookie"; return 1; }
	echo "${BASH_REMATCH[1]} $(((${EPOCHREALTIME/./} - t0) / 1000))"
}

# Runs sign_in SIGNIN_RATE times a second for $1 seconds, each on its own
# schedule (open loop: a slow sign-in does not delay the next one), and
# appends "ok MS" or "fail MS REASON" per attempt to $2.
signin_loop() {
	local seconds=$1 out=$2 n=0 start now due total pause
	total=$((seconds * SIGNIN_RATE))
	start=${EPOCHREALTIME/./}
	while ((n < total)); do
		due=$((start + n * 1000000 / SIGNIN_RATE))
		now=${EPOCHREALTIME/./}
		if ((due > now)); then
			printf -v pause '%d.%06d' $(((due - now) / 1000000)) $(((due - now) % 1000000))
			sleep "$pause"
		fi
		(
			t0=${EPOCHREALTIME/./}
			if r=$(sign_in); then
				echo "ok ${r##* }" >>"$out"
			else
				echo "fail $(((${EPOCHREALTIME/./} - t0) / 1000)) $r" >>"$out"
			fi
		) &
		n=$((n + 1))
	done
	wait
	times >"$out.times"
}

# CPU accounting, to show how much of the machine other processes took
# during each run (wrk and the server share the CPUs with everything else).
# acct sets ACCT to "MACHINE_BUSY_MS MACHINE_TOTAL_MS OURS_MS", where OURS is
# this script, its finished children (wrk, curl, the sign-in loop) and the
# server. (Not called as $(acct): `times` must run in this shell.)
HZ=$(getconf CLK_TCK)
acct() {
	local server_ms=0
	times >"$WORK/times"
	if [[ -n $SERVER_PID && -r /proc/$SERVER_PID/stat ]]; then
		server_ms=$(awk -v hz="$HZ" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$SERVER_PID/stat")
	fi
	ACCT=$(awk -v hz="$HZ" -v srv="$server_ms" '
		function ms(t,  m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60000 + t * 1000 }
		FILENAME ~ /stat$/ && $1 == "cpu" { busy = $2 + $3 + $4 + $9; total = busy + $5 + $6 + $7 + $8 }
		FILENAME ~ /times$/ { ours += ms($1) + ms($2) }
		END { printf "%d %d %d\n", busy * 1000 / hz, total * 1000 / hz, ours + srv }
	' /proc/stat "$WORK/times")
}
# others_pct "BEFORE" "AFTER": share of all CPU time used by other processes.
others_pct() {
	local b0 t0 o0 b1 t1 o1
	read -r b0 t0 o0 <<<"$1"
	read -r b1 t1 o1 <<<"$2"
	awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v o=$((o1 - o0)) \
		'BEGIN { x = t > 0 ? 100 * (b - o) / t : 0; if (x < 0) x = 0; printf "%.0f\n", x }'
}

session_and_ms=$(sign_in) || { cat "$WORK/server.err" >&2; die "cannot sign in: $session_and_ms"; }
COOKIE=${session_and_ms% *}

# What a correct answer looks like, so that a redirect to /login (an expired
# or refused session) cannot pass for a fast home page.
home=$(curl -sS -m 10 -o /dev/null -w '%{http_code} %{size_download}' -H "Cookie: $COOKIE" "$BASE/") ||
	die "GET / failed"
[[ ${home%% *} == 200 ]] || die "GET / with the session cookie answered ${home%% *}, not 200"
HOME_BYTES=${home##* }
robots=$(curl -sS -m 10 -o /dev/null -w '%{http_code} %{size_download}' "$BASE/robots.txt") ||
	die "GET /robots.txt failed"
[[ ${robots%% *} == 200 ]] || die "GET /robots.txt answered ${robots%% *}, not 200"
ROBOTS_BYTES=${robots##* }

# Runs wrk; $1 names the run, $2 is the duration, the rest goes to wrk.
# Sets REPORT to the WRK_REPORT line.
run_wrk() {
	local name=$1 secs=$2 out
	shift 2
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --latency -s "$LUA" "$@" 2>&1) ||
		die "wrk failed for $name: $out"
	printf '%s\n' "$out" >"$WORK/wrk-$name.txt"
	REPORT=$(grep '^WRK_REPORT ' <<<"$out") || die "no WRK_REPORT line from wrk for $name: $out"
}

# field LINE KEY
field() {
	sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}

# Checks that a run got full answers: no HTTP errors, and on average at least
# the expected body size per response. Prints a warning for socket errors.
check_run() {
	local name=$1 line=$2 min_bytes=$3 req bytes
	req=$(field "$line" requests)
	bytes=$(field "$line" bytes)
	((req > 0)) || die "$name: no requests completed"
	(($(field "$line" non2xx3xx) == 0)) || die "$name: $(field "$line" non2xx3xx) error responses"
	((bytes / req >= min_bytes)) ||
		die "$name: $((bytes / req)) bytes per response, expected at least $min_bytes (redirected?)"
	if (($(field "$line" errors) + $(field "$line" timeouts) > 0)); then
		echo "bench: warning: $name had $(field "$line" errors) socket errors and $(field "$line" timeouts) timeouts" >&2
	fi
}

# ---- warm-up ----
if ((WARMUP > 0)); then
	run_wrk warmup-a "$WARMUP" "$BASE/robots.txt"
	run_wrk warmup-b "$WARMUP" -H "Cookie: $COOKIE" "$BASE/"
fi

# ---- (a) fixed page ----
acct
m0=$ACCT
run_wrk a "$SECS" "$BASE/robots.txt"
A=$REPORT
acct
A_OTHERS=$(others_pct "$m0" "$ACCT")
check_run "(a)" "$A" "$ROBOTS_BYTES"

# ---- (b) signed-in home page ----
acct
m0=$ACCT
run_wrk b "$SECS" -H "Cookie: $COOKIE" "$BASE/"
B=$REPORT
acct
B_OTHERS=$(others_pct "$m0" "$ACCT")
check_run "(b)" "$B" "$HOME_BYTES"

# ---- (c) signed-in home page while 10 sign-ins a second run ----
: >"$WORK/signins.txt"
acct
m0=$ACCT
signin_loop $((SECS + 1)) "$WORK/signins.txt" &
LOOP_PID=$!
sleep 0.5
run_wrk c "$SECS" -H "Cookie: $COOKIE" "$BASE/"
C=$REPORT
wait "$LOOP_PID" || true
LOOP_PID=
acct
C_OTHERS=$(others_pct "$m0" "$ACCT")
check_run "(c)" "$C" "$HOME_BYTES"
SIGNIN_PLANNED=$(((SECS + 1) * SIGNIN_RATE))
SIGNIN_OK=$(grep -c '^ok ' "$WORK/signins.txt" || true)
SIGNIN_FAIL=$(grep -c '^fail' "$WORK/signins.txt" || true)
SIGNIN_WHY=$(awk '$1 == "fail" {n[$3]++} END {for (k in n) printf "%s%s x%d", (s++ ? ", " : "; "), k, n[k]}' "$WORK/signins.txt")
SIGNIN_CPU_S=$(awk '
	function ms(t,  m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60000 + t * 1000 }
	{ x += ms($1) + ms($2) } END { printf "%.1f", x / 1000 }' "$WORK/signins.txt.times")
SIGNIN_MS=$(awk '$1 == "ok" {print $2}' "$WORK/signins.txt" | sort -n |
	awk '{v[NR] = $1} END {if (NR) printf "median %d ms, max %d ms", v[int((NR + 1) / 2)], v[NR]; else print "-"}')

# ---- peak memory, then stop ----
HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || true)
[[ -n $HWM_KB ]] || die "cannot read VmHWM of the server (pid $SERVER_PID)"
stop_t0=${EPOCHREALTIME/./}
kill -TERM "$SERVER_PID"
server_rc=0
wait "$SERVER_PID" || server_rc=$?
stop_ms=$(((${EPOCHREALTIME/./} - stop_t0) / 1000))
SERVER_PID=
((server_rc == 0)) || echo "bench: warning: the server exited with status $server_rc" >&2

# ---- report ----
calc() { awk "BEGIN {printf \"$1\", $2}"; }
passfail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }

a_rps=$(field "$A" rps) b_rps=$(field "$B" rps)
a_p99=$(field "$A" p99_ms) b_p99=$(field "$B" p99_ms) c_p99=$(field "$C" p99_ms)
ratio=$(calc %.2f "$b_rps / $a_rps")
load_ratio=$(calc %.2f "$c_p99 / $b_p99")
hwm_mib=$(calc %.1f "$HWM_KB / 1024")
settings="http.access_log=false"
((${#EXTRA_SETS[@]} > 0)) && settings+=" ${EXTRA_SETS[*]}"

row() {
	local label=$1 line=$2 others=$3
	printf '%-40s %9.0f %8.2f %8.2f %8.2f %8.2f %7s%%\n' "$label" "$(field "$line" rps)" \
		"$(field "$line" p50_ms)" "$(field "$line" p90_ms)" "$(field "$line" p99_ms)" \
		"$(field "$line" max_ms)" "$others"
}

echo
echo "Second Chance benchmark, $now_utc"
echo "machine: $(nproc) CPUs ($cpu_model), $mem_total RAM, Linux $(uname -r)"
echo "load:    wrk $wrk_version, $WRK_THREADS threads, $CONNS connections, ${SECS} s per run, 127.0.0.1:$PORT"
echo "server:  $BIN serve, SQLite; defaults except $settings"
echo
printf '%-40s %9s %8s %8s %8s %8s %8s\n' "run" "req/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "others"
row "(a) GET /robots.txt" "$A" "$A_OTHERS"
row "(b) GET / signed in" "$B" "$B_OTHERS"
row "(c) GET / signed in + $SIGNIN_RATE sign-ins/s" "$C" "$C_OTHERS"
echo
printf '%-40s %s\n' "req/s (b)/(a)" "$ratio"
printf '%-40s %s\n' "p99 (c)/(b)" "$load_ratio"
printf '%-40s %s\n' "sign-ins during (c)" \
	"$SIGNIN_OK of $SIGNIN_PLANNED succeeded, $SIGNIN_FAIL failed$SIGNIN_WHY ($SIGNIN_MS)"
printf '%-40s %s\n' "CPU used by the sign-in client (curl)" "$SIGNIN_CPU_S s in $((SECS + 1)) s"
printf '%-40s %s\n' "peak RSS (VmHWM)" "$hwm_mib MiB ($HWM_KB kB)"
printf '%-40s %s\n' "stop after SIGTERM" "$stop_ms ms, exit status $server_rc"
echo
echo "targets:"
printf '  %s  %-44s %s\n' "$(passfail "$ratio >= $T_RATIO")" "req/s (b) >= 30% of (a)" "$ratio"
printf '  %s  %-44s %s ms\n' "$(passfail "$a_p99 <= $T_P99_MS")" "p99 (a) <= $T_P99_MS ms" "$a_p99"
printf '  %s  %-44s %s ms\n' "$(passfail "$b_p99 <= $T_P99_MS")" "p99 (b) <= $T_P99_MS ms" "$b_p99"
printf '  %s  %-44s %s MiB\n' "$(passfail "$HWM_KB <= $T_RSS_KB")" "peak RSS <= 32 MiB" "$hwm_mib"
load_ok="$c_p99 < $T_LOAD_FACTOR * $b_p99 && $SIGNIN_OK >= 0.9 * $SIGNIN_PLANNED"
printf '  %s  %-44s %s\n' "$(passfail "$load_ok")" "p99 (c) < 2 x p99 (b), >= 90% sign-ins ok" \
	"$load_ratio, $SIGNIN_OK/$SIGNIN_PLANNED"
disturbed=
for x in "(a):$A_OTHERS" "(b):$B_OTHERS" "(c):$C_OTHERS"; do
	((${x#*:} > 10)) && disturbed+=" ${x%%:*} ${x#*:}%"
done
if [[ -n $disturbed ]]; then
	echo
	echo "warning: other processes used more than 10% of the CPUs during:$disturbed;"
	echo "         those figures are disturbed; run again on a quiet machine."
fi
exit 0
