#!/usr/bin/env bash
# bench/reports.sh — the time of each report (issue 12) at demo --scale N.
#
# Uses the benchmark database every bench script shares (made once per
# program version, then reused; see docs/BENCHMARKS.md):
# ${BENCH_DATA:-build/bench-data}/scale-N.db, its stamp sqlite-scale-N.info
# (the version, the generation's milliseconds, the load average) and the
# demo's output sqlite-scale-N.out. It only reads it: every request is a
# GET. Serves it from the release build, signs in as the demo's leader,
# and times each report's API answer with curl, BENCH_REPS times each (the
# median is printed), with no filter, with two filters (gender and
# start cohort), with an age band and gender (decision 98), with a
# schooling band and start cohort (decisions 117 and 118) and with this
# year's period and gender (decisions 125 and 126) where the
# report takes filters, the same again signed in
# as the demo's first contact person (whose own reports count their caseload:
# decisions 98 and 101), and the leader's home page
# (the centre at a glance), beside the fixed page /robots.txt timed the
# same way in the same run. Prints milliseconds, the ratio to /robots.txt,
# and PASS or FAIL against the issue's target (250 ms). SQLite, or
# PostgreSQL with BENCH_PG_URL. Exit 0
# when everything was measured, 2 when something could not be.
#
# Environment:
#   BENCH_SCALE=1000000  participants in the demo database (the issue's million)
#   BENCH_REPS=5         requests per measurement (the median is kept)
#   BENCH_BIN=PATH       the binary (default build/release/secondchance)
#   BENCH_DATA=DIR       where the shared databases are (default build/bench-data)
#   BENCH_REGENERATE=1   make the database again even if it is cached
#   BENCH_PG_URL=URL     measure on PostgreSQL instead: an empty database the
#                        script fills once (stamp pg-scale-N.info beside the
#                        SQLite ones), e.g. from `scripts/pg-test.sh start DIR`
#   BENCH_PORT=N         the server's port (default: a free one)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/build/release/secondchance}
SCALE=${BENCH_SCALE:-1000000}
REPS=${BENCH_REPS:-5}
PASSWORD='bench-Demo-Passw0rd-1'
TARGET_MS=250

die() {
	echo "bench/reports: $*" >&2
	exit 2
}
[[ $SCALE =~ ^[1-9][0-9]*$ ]] || die "BENCH_SCALE must be a whole number"
[[ -x $BIN ]] || die "no binary at $BIN; build it first (make build)"
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_database
LEADER=$(sed -n 's/^ *leader: *\([^ ]*\).*/\1/p' "$OUT" | head -1)
[[ -n $LEADER ]] || die "the demo did not name its leader (see $OUT)"

bench_serve reports
COOKIE=$(bench_sign_in "$LEADER") || die "cannot sign in as $LEADER"
# a contact person of the demo (the first listed with that role alone):
# their own reports carry their caseload's filter (decisions 98 and 101)
CONTACT=$(awk '$NF == "contact" && $1 ~ /^[a-z0-9._-]+$/ {print $1; exit}' "$OUT")
[[ -n $CONTACT ]] || die "the demo did not name a contact person (see $OUT)"
LEADER_COOKIE=$COOKIE
CONTACT_COOKIE=$(bench_sign_in "$CONTACT") || die "cannot sign in as $CONTACT"

# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() {
	awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"
}
TICK_MS=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN {print 1000 / hz}')

# median_ms PATH: the median time of REPS GETs in milliseconds (checks 200),
# then the server's CPU milliseconds per request over them (a figure the
# other programs on a shared machine change less than the wall time).
median_ms() {
	local times=() code t c0 c1
	c0=$(cpu_ticks)
	for _ in $(seq "$REPS"); do
		read -r code t < <(curl -sS -m 120 -o /dev/null -w '%{http_code} %{time_total}\n' \
			-H "Cookie: $COOKIE" "$BASE$1")
		[[ $code == 200 ]] || die "$1 answered $code"
		times+=("$t")
	done
	c1=$(cpu_ticks)
	printf '%s\n' "${times[@]}" | sort -g |
		awk -v cpu="$(((c1 - c0)))" -v tick="$TICK_MS" -v reps="$REPS" \
			'{a[NR] = $1} END {printf "%.1f %.0f\n", a[int((NR + 1) / 2)] * 1000, cpu * tick / reps}'
}

COHORT=$(($(date +%Y) - 1))
FILTERS="gender=female&cohort=$COHORT"
BANDS="age_band=35_44&gender=female"
SCHOOL="schooling=0_6&cohort=$COHORT"
# a period (this year, to its end: today's month is in it) and a gender
PERIOD="from=$(date +%Y)-01-01&to=$(date +%Y)-12-31&gender=female"
read -r ROBOTS _ < <(median_ms /robots.txt) || exit 2
echo
echo "Second Chance reports benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $ENGINE"
echo "database: demo --scale $SCALE (${DBFILE:-PostgreSQL}, $GEN_NOTE; made in $(sed -n 2p "$STAMP") ms)"
grep -E '^ *(password hashing|of the indexes)' "$OUT" | sed 's/^ */demo: /' || true
echo "each figure: the median of $REPS requests, ms; /robots.txt: $ROBOTS ms"
echo "cpu ms: the server's CPU time per request (user + system, $TICK_MS ms ticks)"
printf '%-56s %10s %10s %8s %6s\n' "request" "ms" "x robots" "cpu ms" "<250ms"
for who in leader contact; do
if [[ $who == contact ]]; then
	COOKIE=$CONTACT_COOKIE
	echo "as $CONTACT, a contact person (their caseload's figures):"
else
	COOKIE=$LEADER_COOKIE
	echo "as $LEADER, the leader (the centre's figures):"
fi
for path in /api/v1/reports/results /api/v1/reports/time-to-work /api/v1/reports/intake \
	/api/v1/reports/caseloads /api/v1/reports/costs /api/v1/reports/cost-benefit \
	/api/v1/reports/forecast /api/v1/reports/annual \
	/api/v1/reports/attendance /api/v1/reports/internships /api/v1/reports/norwegian /api/v1/reports/money /; do
	for q in "" "$FILTERS" "$BANDS" "$SCHOOL" "$PERIOD"; do
		# the costs, the forecast and the home page take no filters
		[[ -n $q && ! $path =~ (results|time-to-work|intake|caseloads|cost-benefit|annual|attendance|internships|norwegian|money)$ ]] &&
			continue
		# a contact person sees the reports of their caseload only
		[[ $who == contact && ! $path =~ (results|time-to-work|intake|caseloads|attendance|internships|norwegian|money)$ ]] &&
			continue
		p=$path
		[[ -n $q ]] && p="$path?$q"
		read -r ms cpu < <(median_ms "$p") || exit 2
		[[ -n $ms ]] || exit 2
		ratio=$(awk "BEGIN {printf \"%.0f\", $ms / ($ROBOTS > 0 ? $ROBOTS : 0.01)}")
		ok=$(awk "BEGIN {print ($ms <= $TARGET_MS) ? \"PASS\" : \"FAIL\"}")
		printf '%-56s %10s %10s %8s %6s\n' "$p" "$ms" "$ratio" "$cpu" "$ok"
	done
done
done
