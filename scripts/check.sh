#!/usr/bin/env bash
# Runs every test suite of Second Chance against the sanitizer build in
# build/test and prints, as its last line, "N passed, M failed" summed over
# all suites. Exits non-zero when anything failed or a suite could not run.
# Each suite's full output goes to build/check-logs/; this script prints one
# header and one count per suite, and the tail of the log of what failed.
#
#   scripts/check.sh            all suites
#   scripts/check.sh unit http  only those (unit store pg http cluster browser links fuzz po)
#
# The store suite runs on SQLite and on a throwaway PostgreSQL (pg), the
# two at once; the http suite runs on SQLite and on PostgreSQL at once too,
# a database of its own per server (tests/http/harness.c, SC_TEST_PG_URL).
# Each pair's output is printed in order when both have ended;
# SC_CHECK_SERIAL=1 runs them one after the other. The cluster
# suite brings up scripts/cluster.sh (a PostgreSQL primary and standby, two
# servers, HAProxy) and breaks it (tests/cluster/failures.py). The links
# suite crawls `make run`'s demo as each of its users and fails on any page
# or link that does not answer 200 (tests/links/links.sh).
#
# Expects `make build-test` to have been run (make check does that).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
BUILD=${SC_BUILD_DIR:-build/test} # overridable to check another build
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LOGS=$ROOT/build/check-logs
SC_BIN=$BUILD/secondchance
export SC_BIN

# Any sanitizer report must fail the program that produced it.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
unset CMOCKA_MESSAGE_OUTPUT CMOCKA_TEST_ABORT # keep cmocka's standard summary lines

PROGRAM_TIMEOUT=${SC_CHECK_TIMEOUT:-600}

TOTAL_PASS=0
TOTAL_FAIL=0
TOTAL_SKIP=0
SUITE_PASS=0
SUITE_FAIL=0
SUITE_SKIP=0
BROKEN="" # suites that could not run

rm -rf "$LOGS"
mkdir -p "$LOGS"

# suite_begin NAME: prints the header and resets the suite's counts.
suite_begin() {
	SUITE=$1
	SUITE_PASS=0
	SUITE_FAIL=0
	SUITE_SKIP=0
	SUITE_START=$SECONDS
	printf '\n== %s\n' "$SUITE"
}

# suite_end: prints the suite's count and adds it to the totals.
suite_end() {
	local skipped=""
	[ "$SUITE_SKIP" -gt 0 ] && skipped=", $SUITE_SKIP programs skipped"
	printf '%s: %d passed, %d failed%s (%ds)\n' "$SUITE" "$SUITE_PASS" "$SUITE_FAIL" "$skipped" \
		$((SECONDS - SUITE_START))
	TOTAL_PASS=$((TOTAL_PASS + SUITE_PASS))
	TOTAL_FAIL=$((TOTAL_FAIL + SUITE_FAIL))
	TOTAL_SKIP=$((TOTAL_SKIP + SUITE_SKIP))
}

# suite_broken WHY: the suite could not run; counts as one failure.
suite_broken() {
	printf '  could not run: %s\n' "$1"
	SUITE_FAIL=$((SUITE_FAIL + 1))
	BROKEN="$BROKEN $SUITE"
}

# show_tail LOG: the end of a failing log, indented.
show_tail() {
	printf '  --- last lines of %s\n' "${1#"$ROOT"/}"
	tail -n 30 "$1" | sed 's/^/  | /'
}

# show_cmocka_failure LOG: the lines that say what went wrong in a cmocka
# program's log: failed assertions and sanitizer reports with their stacks.
show_cmocka_failure() {
	local lines
	lines=$(awk '
		/^\[ RUN      \]/ { run = $0; next }
		/^\[  ERROR   \]|^\[   LINE   \]/ { if (run != "") print run; run = ""; print; next }
		/runtime error:|==ERROR:|^SUMMARY:|^    #[0-9]+ |^check\.sh:/ { print }
	' "$1" | head -n 40)
	if [ -z "$lines" ]; then
		show_tail "$1"
		return
	fi
	printf '  --- from %s\n' "${1#"$ROOT"/}"
	printf '%s\n' "$lines" | sed 's/^/  | /'
}

# show_head LOG: the start of a failing log, for tools that say why first.
show_head() {
	local n
	n=$(wc -l <"$1")
	printf '  --- first lines of %s\n' "${1#"$ROOT"/}"
	head -n 20 "$1" | sed 's/^/  | /'
	[ "$n" -le 20 ] || printf '  | ... (%d more lines)\n' $((n - 20))
}

# test_programs DIR: the cmocka programs built in DIR, one per line.
test_programs() {
	[ -d "$1" ] || return 0
	find "$1" -maxdepth 1 -type f \( -name 'test_*' -o -name '*_test_*' \) -perm -u+x | sort
}

# run_cmocka LOG PROGRAM: runs one cmocka program, adds its counts to the
# suite. cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s),
# listed below:" per group; a program that exits non-zero without reporting
# a failure (a crash, a sanitizer or leak report) counts as one failure.
run_cmocka() {
	local log=$1 prog=$2 name rc pass fail
	name=${prog##*/}
	# The subshell keeps bash's "Aborted" notice out of the summary.
	(timeout -k 10 "$PROGRAM_TIMEOUT" "$prog" >"$log" 2>&1; exit $?) 2>/dev/null
	rc=$?
	pass=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" |
		awk '{ s += $1 } END { print s + 0 }')
	fail=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s),.*/\1/p' "$log" |
		awk '{ s += $1 } END { print s + 0 }')
	if ! grep -q '^\[  PASSED  \] [0-9]' "$log"; then
		# No summary at all: it crashed, hung or is not a cmocka program.
		[ "$rc" -eq 0 ] && echo "check.sh: no cmocka summary printed" >>"$log"
		fail=$((fail + 1))
	elif [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
	fi
	[ "$rc" -eq 124 ] && echo "check.sh: killed after ${PROGRAM_TIMEOUT}s" >>"$log"
	SUITE_PASS=$((SUITE_PASS + pass))
	SUITE_FAIL=$((SUITE_FAIL + fail))
	if [ "$fail" -eq 0 ]; then
		printf '  ok    %-36s %3d passed\n' "$name" "$pass"
	else
		printf '  FAIL  %-36s %3d passed, %d failed (exit %d)\n' "$name" "$pass" "$fail" "$rc"
		show_cmocka_failure "$log"
	fi
}

# run_cmocka_dir SUBDIR TAG: runs every program under build/test/tests/SUBDIR.
# With a third argument, 1/2 or 2/2, only every other program (the first,
# third ... or the second, fourth ...).
run_cmocka_dir() {
	local dir=$BUILD/tests/$1 tag=$2 part=${3:-} prog i=0
	mkdir -p "$LOGS/$tag"
	for prog in $(test_programs "$dir"); do
		i=$((i + 1))
		case $part in
		1/2) [ $((i % 2)) -eq 1 ] || continue ;;
		2/2) [ $((i % 2)) -eq 0 ] || continue ;;
		esac
		run_cmocka "$LOGS/$tag/${prog##*/}.log" "$prog"
	done
}

# run_cmocka_dir_halves SUBDIR TAG: run_cmocka_dir in two streams of every
# other program at once, their outputs printed in order and their counts
# written to $LOGS/.counts-TAG. The SQLite halves of the store and http
# pairs run so: on SQLite a program's time is mostly its own writes and the
# sanitizers', and one stream took half as long again as the PostgreSQL
# suite beside it. SC_CHECK_SERIAL=1: one stream.
run_cmocka_dir_halves() {
	local half parts="1/2 2/2" p f pass=0 fail=0
	[ "${SC_CHECK_SERIAL:-0}" = 1 ] && parts="all"
	for half in $parts; do
		(SUITE_PASS=0 SUITE_FAIL=0
			[ "$half" = all ] && half=""
			run_cmocka_dir "$1" "$2" "$half" >"$LOGS/.out-$2-${half%/2}" 2>&1
			echo "$SUITE_PASS $SUITE_FAIL" >"$LOGS/.counts-$2-${half%/2}") &
	done
	wait
	for half in $parts; do
		[ "$half" = all ] && half=""
		cat "$LOGS/.out-$2-${half%/2}"
		if read -r p f <"$LOGS/.counts-$2-${half%/2}"; then
			pass=$((pass + p))
			fail=$((fail + f))
		else
			fail=$((fail + 1))
		fi
	done
	echo "$pass $fail" >"$LOGS/.counts-$2"
}

suite_unit() {
	suite_begin unit
	if [ -z "$(test_programs "$BUILD/tests/unit")" ]; then
		suite_broken "no test programs in ${BUILD#"$ROOT"/}/tests/unit (run make build-test)"
	else
		run_cmocka_dir unit unit
	fi
	suite_end
}

suite_store() {
	suite_begin "store (SQLite)"
	if [ -z "$(test_programs "$BUILD/tests/store")" ]; then
		suite_broken "no test programs in ${BUILD#"$ROOT"/}/tests/store (run make build-test)"
	else
		(unset SC_TEST_DB_URL; run_cmocka_dir_halves store store-sqlite)
		read -r SUITE_PASS SUITE_FAIL <"$LOGS/.counts-store-sqlite"
	fi
	suite_end
}

PG_DIR=""
stop_pg() {
	if [ -n "$PG_DIR" ]; then
		scripts/pg-test.sh stop "$PG_DIR" >>"$LOGS/pg-server.log" 2>&1 ||
			echo "check.sh: could not stop the PostgreSQL server in $PG_DIR" >&2
		PG_DIR=""
	fi
}
trap stop_pg EXIT
trap 'exit 130' INT TERM

# with_pg COMMAND...: starts a throwaway PostgreSQL cluster
# (scripts/pg-test.sh, its log in pg-server.log), runs COMMAND... with the
# cluster's URL as its last argument, and stops the cluster; a cluster that
# does not start fails the suite.
with_pg() {
	local url
	if [ ! -x scripts/pg-test.sh ]; then
		suite_broken "scripts/pg-test.sh is missing"
		return
	fi
	PG_DIR=$(mktemp -d /tmp/sc-check-pg.XXXXXX)
	if url=$(scripts/pg-test.sh start "$PG_DIR" 2>>"$LOGS/pg-server.log" | tail -n 1) && [ -n "$url" ]; then
		"$@" "$url"
	else
		suite_broken "scripts/pg-test.sh start failed"
		show_tail "$LOGS/pg-server.log"
	fi
	stop_pg
}

# cmocka_dir_on_pg SUBDIR TAG VAR URL: the programs of run_cmocka_dir
# SUBDIR TAG with VAR=URL in their environment.
cmocka_dir_on_pg() {
	(export "$3=$4"; run_cmocka_dir "$1" "$2"
		echo "$SUITE_PASS $SUITE_FAIL" >"$LOGS/.counts-$2")
	read -r SUITE_PASS SUITE_FAIL <"$LOGS/.counts-$2"
}

suite_pg() {
	suite_begin "store (PostgreSQL)"
	if [ -z "$(test_programs "$BUILD/tests/store")" ]; then
		suite_broken "no test programs in ${BUILD#"$ROOT"/}/tests/store"
	else
		with_pg cmocka_dir_on_pg store store-pg SC_TEST_DB_URL
	fi
	suite_end
}

# The http programs that still read the SQLite file (tests/http/reads-sqlite-file).

# http_ready: true when the http programs and the binary are there (else
# the suite is broken).
http_ready() {
	if [ -z "$(test_programs "$BUILD/tests/http")" ]; then
		suite_broken "no test programs in ${BUILD#"$ROOT"/}/tests/http (run make build-test)"
		return 1
	elif [ ! -x "$SC_BIN" ]; then
		suite_broken "${SC_BIN#"$ROOT"/} is missing"
		return 1
	fi
	return 0
}

# The http suite twice: on SQLite, and on a throwaway PostgreSQL cluster
# (each server a database of its own on it).
suite_http_sqlite() {
	suite_begin "http (SQLite)"
	if http_ready; then
		(unset SC_TEST_PG_URL; run_cmocka_dir_halves http http-sqlite)
		read -r SUITE_PASS SUITE_FAIL <"$LOGS/.counts-http-sqlite"
	fi
	suite_end
}

suite_http_pg() {
	suite_begin "http (PostgreSQL)"
	if http_ready; then
		with_pg cmocka_dir_on_pg http http-pg SC_TEST_PG_URL
	fi
	suite_end
}

# tests/cluster/failures.py prints "  ok ..." / "  FAIL ..." per test, the
# figures of each fault, and last "cluster: N passed, M failed". The
# servers' and HAProxy's logs go to build/check-logs/cluster/.
suite_cluster() {
	suite_begin cluster
	local log=$LOGS/cluster.log rc line
	if [ ! -x "$SC_BIN" ]; then
		suite_broken "${SC_BIN#"$ROOT"/} is missing"
		suite_end
		return
	fi
	mkdir -p "$LOGS/cluster"
	SC_CLUSTER_LOGS=$LOGS/cluster timeout -k 30 300 python3 tests/cluster/failures.py >"$log" 2>&1
	rc=$?
	line=$(grep -E '^cluster: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		suite_broken "tests/cluster/failures.py printed no summary (exit $rc)"
		show_tail "$log"
	else
		SUITE_PASS=${line#cluster: }
		SUITE_PASS=${SUITE_PASS%% *}
		SUITE_FAIL=${line#*passed, }
		SUITE_FAIL=${SUITE_FAIL%% *}
		[ "$rc" -ne 0 ] && [ "$SUITE_FAIL" -eq 0 ] && SUITE_FAIL=1
		grep -E '^  (ok|FAIL|cluster up) |^        ' "$log"
	fi
	suite_end
}

# node's TAP reporter closes with "# pass N", "# fail N", "# cancelled N".
suite_browser() {
	suite_begin browser
	local log=$LOGS/browser.log rc pass fail cancelled
	if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
		suite_broken "node_modules is missing (run scripts/install-deps.sh)"
		suite_end
		return
	fi
	timeout -k 10 900 node --test --test-reporter=tap tests/browser/ >"$log" 2>&1
	rc=$?
	pass=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
	fail=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
	cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
	if [ -z "$pass" ] || [ -z "$fail" ]; then
		suite_broken "node --test printed no summary (exit $rc)"
		show_tail "$log"
	else
		fail=$((fail + ${cancelled:-0}))
		[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
		SUITE_PASS=$pass
		SUITE_FAIL=$fail
		# The failing tests' names: "not ok N - name" lines.
		grep -E '^ *not ok ' "$log" | sed 's/^ */  FAIL  /'
		[ "$fail" -gt 0 ] && show_tail "$log"
	fi
	suite_end
}

# run_counted LOG NAME SECONDS COMMAND...: runs a script (its output to
# $LOGS/LOG.log) that ends with the line "NAME: N passed, M failed" and
# takes its counts as the suite's (the script's "  FAIL" lines are shown);
# no such line, or a non-zero exit with no failure counted, fails the suite.
run_counted() {
	local name=$2 secs=$3 log=$LOGS/$1.log rc line pass fail
	shift 3
	timeout -k 10 "$secs" "$@" >"$log" 2>&1
	rc=$?
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
	if [ -z "$line" ]; then
		suite_broken "$* printed no '$name: N passed, M failed' (exit $rc)"
		show_tail "$log"
		return
	fi
	pass=${line#"$name": }
	pass=${pass%% *}
	fail=${line#*passed, }
	fail=${fail%% *}
	[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
	SUITE_PASS=$pass
	SUITE_FAIL=$fail
	grep -E '^  FAIL' "$log"
	[ "$fail" -gt 0 ] && show_tail "$log"
}

suite_fuzz() {
	suite_begin fuzz
	if [ ! -x scripts/fuzz.sh ]; then
		suite_broken "scripts/fuzz.sh is missing"
	else
		run_counted fuzz fuzz 900 scripts/fuzz.sh brief
	fi
	suite_end
}

# The links suite twice, as the http suite: make run's demo on SQLite, and
# on a throwaway PostgreSQL cluster.
suite_links() {
	suite_begin "links (SQLite)"
	run_counted links-sqlite links 600 tests/links/links.sh
	suite_end
}

suite_links_pg() {
	suite_begin "links (PostgreSQL)"
	with_pg run_counted links-pg links 600 tests/links/links.sh
	suite_end
}

suite_po() {
	suite_begin translations
	local log=$LOGS/po-check.log
	if [ ! -f scripts/po-check.sh ]; then
		echo "  scripts/po-check.sh not there yet; skipped"
	elif timeout -k 10 300 bash scripts/po-check.sh >"$log" 2>&1; then
		SUITE_PASS=1
		echo "  ok    po-check.sh"
	else
		SUITE_FAIL=1
		echo "  FAIL  po-check.sh"
		show_head "$log"
	fi
	suite_end
}

# in_background NAME FUNCTION: runs FUNCTION in a subshell, its output to
# $LOGS/.out-NAME and its totals to $LOGS/.totals-NAME; the pid in BG_PID.
in_background() {
	(
		TOTAL_PASS=0 TOTAL_FAIL=0 TOTAL_SKIP=0 BROKEN=""
		trap stop_pg EXIT
		"$2" >"$LOGS/.out-$1" 2>&1
		echo "$TOTAL_PASS $TOTAL_FAIL $TOTAL_SKIP $BROKEN" >"$LOGS/.totals-$1"
	) &
	BG_PID=$!
}

# take_background NAME: prints what in_background NAME printed and adds its
# totals (after waiting for it).
take_background() {
	local p f k b
	cat "$LOGS/.out-$1" 2>/dev/null
	if read -r p f k b <"$LOGS/.totals-$1" 2>/dev/null; then
		TOTAL_PASS=$((TOTAL_PASS + p))
		TOTAL_FAIL=$((TOTAL_FAIL + f))
		TOTAL_SKIP=$((TOTAL_SKIP + k))
		[ -n "$b" ] && BROKEN="$BROKEN $b"
	else
		printf '\n== %s\n  could not run: its run ended without its totals\n' "$1"
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
		BROKEN="$BROKEN $1"
	fi
}

# pair NAME1 FN1 NAME2 FN2: the two suites at once (one engine each: most
# of a test's time is the other engine's process or the sanitizers' waits,
# so two share the machine's cores well; about five minutes less on two
# cores), their outputs printed in order. SC_CHECK_SERIAL=1 runs them one
# after the other instead.
pair() {
	if [ "${SC_CHECK_SERIAL:-0}" = 1 ]; then
		"$2"
		"$4"
		return
	fi
	local p1 p2
	in_background "$1" "$2"
	p1=$BG_PID
	in_background "$3" "$4"
	p2=$BG_PID
	wait "$p1"
	wait "$p2"
	take_background "$1"
	take_background "$3"
}

SUITES=${*:-unit store pg http cluster browser links fuzz po}
STORE_PAIR=0
case " $SUITES " in *" store "*) case " $SUITES " in *" pg "*) STORE_PAIR=1 ;; esac ;; esac
for s in $SUITES; do
	case $s in
	store)
		if [ "$STORE_PAIR" = 1 ]; then
			pair store-sqlite suite_store store-pg suite_pg
		else
			suite_store
		fi
		;;
	pg) [ "$STORE_PAIR" = 1 ] || suite_pg ;;
	http) pair http-sqlite suite_http_sqlite http-pg suite_http_pg ;;
	links) pair links-sqlite suite_links links-pg suite_links_pg ;;
	unit | cluster | browser | fuzz | po) "suite_$s" ;;
	*)
		echo "check.sh: unknown suite '$s' (unit store pg http cluster browser links fuzz po)" >&2
		exit 2
		;;
	esac
done
rm -f "$LOGS"/.counts-* "$LOGS"/.out-* "$LOGS"/.totals-*

echo
if [ -n "$BROKEN" ]; then
	echo "could not run:$BROKEN"
fi
[ "$TOTAL_SKIP" -gt 0 ] && echo "skipped: $TOTAL_SKIP test programs (each named above)"
echo "logs: ${LOGS#"$ROOT"/}/"
printf '%d passed, %d failed\n' "$TOTAL_PASS" "$TOTAL_FAIL" | tee "$LOGS/summary"
[ "$TOTAL_FAIL" -eq 0 ] && [ -z "$BROKEN" ]
