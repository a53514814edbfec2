#!/usr/bin/env bash
# bench/activities.sh — the register and the attendance summary (issue 9, §8).
#
# Uses the shared benchmark database (made once per program version with
# `secondchance demo --scale N`, see bench/lib.sh), serves it from the
# release build on a free 127.0.0.1 port (or BENCH_PORT), signs in as the
# teacher the demo names under "for benchmarks:" and drives with wrk
# (2 threads, 64 connections, BENCH_SECONDS per run):
#   (a) GET  /robots.txt                          the fixed page, same server and run
#   (r) GET  /sessions/ID/register                the teacher's register of 25
#   (s) POST /sessions/ID/register                saving those 25 rows in one request
#   (m) GET  /participants/PID/attendance?month=  one participant's monthly summary
# and times, with `secondchance attendance month YYYY-MM` (before the
# server starts), what the benefit run reads of the last whole month for
# every participant of the centre: the unexcused minutes and who has a
# session not marked (BENCH_REPS runs, the median kept).
#
# The POST sends the register's own form back (its CSRF token, every row
# with the mark it has; the form carries no version): the same marks, so
# the save changes no mark. It is still the whole save — one write
# transaction that reads the register, compares each row and writes the
# audit entry "register.save" — and each request leaves that audit entry
# in the shared database, as a teacher saving the register again would.
# Nothing else is written.
#
# Prints req/s, p50, p90, p99, the share of (a), the server's CPU (user +
# system, /proc) in ms per 1,000 requests (cpu/1k) and PASS/FAIL against the
# targets: p99 <= 10 ms and req/s >= 25 % of (a) for (r), (s) and (m); the
# benefit run's input under 2000 ms. A page that does not answer as
# expected is reported as not measured and the exit status is 2; else 0.
#
# Environment:
#   BENCH_SCALE=1000000   participants in the demo database
#   BENCH_SECONDS=10      duration of each wrk run
#   BENCH_WARMUP=2        warm-up per run
#   BENCH_REPS=3          runs of the month's read (the median is printed)
#   BENCH_DATA=DIR        where the shared database is (default build/bench-data)
#   BENCH_BIN=PATH        the binary (default build/release/secondchance)
#   BENCH_REGENERATE=1    make the database again even if it is cached
#   BENCH_PORT=N          the server's port (default: a free one)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/build/release/secondchance}
LUA=$ROOT/bench/wrk-report.lua
SCALE=${BENCH_SCALE:-1000000}
SECS=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
REPS=${BENCH_REPS:-3}
CONNS=64
WRK_THREADS=2
PASSWORD='bench-Demo-Passw0rd-1'
T_P99_MS=10
T_SHARE=0.25
T_MONTH_MS=2000

die() {
	echo "bench/activities: $*" >&2
	exit 2
}

[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE must be a whole number"
command -v wrk >/dev/null || die "wrk is not installed"
command -v python3 >/dev/null || die "python3 is needed to read the register's form"
[[ -x $BIN ]] || die "no binary at $BIN; build it first (make build)"
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done

# ---- the shared database, made once per program version (SQLite only) ----
unset BENCH_PG_URL
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_database
DEMO_OUT=$OUT
gen_ms=$(sed -n 2p "$STAMP")
# "  teacher:         laerer1 (register of session 165760, 2026-10-09, 25 enrolled)"
TEACHER=$(sed -n 's/^ *teacher: *\([^ ]*\) (register of session.*/\1/p' "$DEMO_OUT" | head -1)
SID=$(sed -n 's/^ *teacher: .*register of session \([0-9]*\),.*/\1/p' "$DEMO_OUT" | head -1)
SDAY=$(sed -n 's/^ *teacher: .*register of session [0-9]*, \([0-9-]*\),.*/\1/p' "$DEMO_OUT" | head -1)
TODAY=$(sed -n 's/^demo centre made for \([0-9-]*\) .*/\1/p' "$DEMO_OUT" | head -1)
[[ -n $TEACHER && -n $SID && -n $SDAY && -n $TODAY ]] ||
	die "the demo did not name its benchmark teacher and register (see $DEMO_OUT)"
ATT_LINE=$(sed -n 's/^ *attendance *\([0-9]*\)$/\1/p' "$DEMO_OUT" | head -1)
# the last whole month before the demo's today: the benefit run's month
LAST_MONTH=$(date -u -d "${TODAY:0:7}-01 -1 month" +%Y-%m)

# ---- the benefit run's input, before the server starts ----
MONTH_MS=()
for _ in $(seq "$REPS"); do
	out=$("$BIN" --set "database.url=$DB" attendance month "$LAST_MONTH") || die "attendance month failed"
	ms=$(sed -n 's/^benefit run input: .* total \([0-9]*\) ms$/\1/p' <<<"$out")
	[[ -n $ms ]] || die "attendance month printed no time: $out"
	MONTH_MS+=("$ms")
	MONTH_OUT=$out
done
MONTH_MED=$(printf '%s\n' "${MONTH_MS[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
SUMMARY_MS=$(sed -n 's/^summaries of all: \([0-9]*\) ms$/\1/p' <<<"$MONTH_OUT")

bench_serve activities
COOKIE=$(bench_sign_in "$TEACHER") || die "cannot sign in as $TEACHER"
REG_PATH=/sessions/$SID/register

MISSING=0
R_OK=1 S_OK=1 M_OK=1
# The register page, and the form read back from it as the POST's body.
code=$(curl -sS -m 30 -o "$WORK/register.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$REG_PATH") || code=000
if [[ $code != 200 ]] || ! grep -q 'id="register-form"' "$WORK/register.html"; then
	R_OK=0 S_OK=0 M_OK=0 MISSING=1
	R_WHY="answered $code without the register form"
else
	REG_BYTES=$(wc -c <"$WORK/register.html")
	python3 - "$WORK/register.html" >"$WORK/body.txt" <<'EOF'
import html.parser, sys, urllib.parse
class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.select, self.infield = [], None, False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "register-form":
            self.infield = True
        if not self.infield:
            return
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select = [a["name"], ""]
        elif tag == "option" and self.select is not None and "selected" in a:
            self.select[1] = a.get("value") or ""
    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            self.fields.append(tuple(self.select))
            self.select = None
        if tag == "form":
            self.infield = False
f = Form()
f.feed(open(sys.argv[1], encoding="utf-8").read())
f.fields.append(("rest_present", "no"))
sys.stdout.write(urllib.parse.urlencode(f.fields))
EOF
	ROWS=$(grep -o '&p[0-9]*=' "$WORK/body.txt" | wc -l)
	PID1=$(sed -n 's/.*&p1=\([0-9]*\).*/\1/p' "$WORK/body.txt")
	# the save answers 303 to /registers; a refusal would answer the form again
	scode=$(curl -sS -m 30 -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $COOKIE" \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$WORK/body.txt" \
		"$BASE$REG_PATH") || scode=000
	if [[ $ROWS != 25 || $scode != "303 $BASE/registers" ]]; then
		S_OK=0 MISSING=1
		S_WHY="$ROWS rows in the form; the save answered '$scode', not 303 to /registers"
	fi
	{
		echo "wrk.method = \"POST\""
		printf 'wrk.body = [[%s]]\n' "$(cat "$WORK/body.txt")"
		echo "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\""
		echo "dofile(\"$LUA\")"
	} >"$WORK/post.lua"
	SUM_PATH="/participants/$PID1/attendance?month=${SDAY:0:7}"
	code=$(curl -sS -m 30 -o "$WORK/summary.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$SUM_PATH") || code=000
	if [[ $code != 200 ]] || ! grep -q 'id="attendance-summary"' "$WORK/summary.html"; then
		M_OK=0 MISSING=1
		M_WHY="answered $code without the summary table"
	else
		SUM_BYTES=$(wc -c <"$WORK/summary.html")
	fi
fi

# The server's CPU time (user + system, clock ticks) from /proc.
server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
TICKS=$(getconf CLK_TCK)
run_wrk() {
	local name=$1 secs=$2 lua=$3 out c0
	shift 3
	c0=$(server_cpu)
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --latency -s "$lua" "$@" 2>&1) ||
		die "wrk failed for $name: $out"
	REPORT=$(grep '^WRK_REPORT ' <<<"$out") || die "no WRK_REPORT from wrk for $name"
	REPORT="$REPORT cpu_ms=$((($(server_cpu) - c0) * 1000 / TICKS))"
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
	run_wrk w0 "$WARMUP" "$LUA" "$BASE/robots.txt"
	((R_OK)) && run_wrk w1 "$WARMUP" "$LUA" -H "Cookie: $COOKIE" "$BASE$REG_PATH"
	((S_OK)) && run_wrk w2 "$WARMUP" "$WORK/post.lua" -H "Cookie: $COOKIE" "$BASE$REG_PATH"
	((M_OK)) && run_wrk w3 "$WARMUP" "$LUA" -H "Cookie: $COOKIE" "$BASE$SUM_PATH"
fi
run_wrk a "$SECS" "$LUA" "$BASE/robots.txt"
A=$REPORT
if ((R_OK)); then
	run_wrk r "$SECS" "$LUA" -H "Cookie: $COOKIE" "$BASE$REG_PATH"
	R=$REPORT
	check_run "(r)" "$R" "$REG_BYTES"
fi
if ((S_OK)); then
	run_wrk s "$SECS" "$WORK/post.lua" -H "Cookie: $COOKIE" "$BASE$REG_PATH"
	S=$REPORT
	check_run "(s)" "$S" 0
fi
if ((M_OK)); then
	run_wrk m "$SECS" "$LUA" -H "Cookie: $COOKIE" "$BASE$SUM_PATH"
	M=$REPORT
	check_run "(m)" "$M" "$SUM_BYTES"
fi

calc() { awk "BEGIN {printf \"$1\", $2}"; }
passfail() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo FAIL; fi; }
a_rps=$(field "$A" rps)
row() {
	printf '%-54s %9.0f %8.2f %8.2f %8.2f %7s %8.0f\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_ms)" \
		"$(field "$2" p90_ms)" "$(field "$2" p99_ms)" "$(calc %.2f "$(field "$2" rps) / $a_rps")" \
		"$(calc %.1f "$(field "$2" cpu_ms) * 1000 / $(field "$2" requests)")"
}
targets() {
	local share
	share=$(calc %.2f "$(field "$2" rps) / $a_rps")
	printf '  %s  %-50s %s ms\n' "$(passfail "$(field "$2" p99_ms) <= $T_P99_MS")" "p99 $1 <= $T_P99_MS ms" \
		"$(field "$2" p99_ms)"
	printf '  %s  %-50s %s\n' "$(passfail "$share >= $T_SHARE")" "req/s $1 >= 25% of (a)" "$share"
}
echo
echo "Second Chance activities benchmark (issue 9), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data:    demo --scale $SCALE ($GEN_NOTE; generation took $(calc %.1f "$gen_ms / 1000") s; ${ATT_LINE:-?} attendance rows), $DBFILE"
echo "load:    wrk, $WRK_THREADS threads, $CONNS connections, ${SECS} s per run, SQLite, http.access_log=false"
echo "user:    $TEACHER; register of session $SID ($SDAY); summary of participant ${PID1:-?} for ${SDAY:0:7}"
echo "writes:  (s) posts the register's own form back (same marks, no mark changes): one write"
echo "         transaction and one audit entry per request in the shared database"
echo
printf '%-54s %9s %8s %8s %8s %7s %8s\n' "run" "req/s" "p50 ms" "p90 ms" "p99 ms" "of (a)" "cpu/1k"
row "(a) GET /robots.txt" "$A"
if ((R_OK)); then row "(r) GET $REG_PATH (teacher)" "$R"; else printf '%-54s not measured: %s\n' "(r) register" "$R_WHY"; fi
if ((S_OK)); then row "(s) POST $REG_PATH (25 rows)" "$S"; else printf '%-54s not measured: %s\n' "(s) register save" "${S_WHY:-$R_WHY}"; fi
if ((M_OK)); then row "(m) GET $SUM_PATH" "$M"; else printf '%-54s not measured: %s\n' "(m) monthly summary" "${M_WHY:-$R_WHY}"; fi
echo
printf '%-54s %s ms (median of %s: %s)\n' "benefit run's input, $LAST_MONTH, every participant" "$MONTH_MED" "$REPS" "${MONTH_MS[*]}"
printf '%-54s %s ms\n' "  (summaries of every participant, not read by the run)" "${SUMMARY_MS:-?}"
sed -n 's/^  /    /p' <<<"$MONTH_OUT"
echo "targets:"
if ((R_OK)); then targets "(r)" "$R"; else printf '  %s  %s\n' "----" "(r) not measured"; fi
if ((S_OK)); then targets "(s)" "$S"; else printf '  %s  %s\n' "----" "(s) not measured"; fi
if ((M_OK)); then targets "(m)" "$M"; else printf '  %s  %s\n' "----" "(m) not measured"; fi
printf '  %s  %-50s %s ms\n' "$(passfail "$MONTH_MED < $T_MONTH_MS")" "benefit run's month input < $T_MONTH_MS ms" "$MONTH_MED"
((MISSING == 0)) || exit 2
exit 0
