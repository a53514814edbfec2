#!/bin/sh
# fuzz.sh — build the libFuzzer targets (build/fuzz, clang) and run each one.
#
#   scripts/fuzz.sh brief           every target for ~3 s (a quick regression run)
#   scripts/fuzz.sh long [SECONDS]  every target for SECONDS (default 600)
#   scripts/fuzz.sh brief TARGET... only the named targets (e.g. fuzz_path)
#
# Targets run as many at a time as there are cores (SC_FUZZ_JOBS=N to choose).
#
# The committed seeds in fuzz/corpus/TARGET are read but never written; new
# inputs go to fuzz/artifacts/corpus/TARGET, crashes and logs to fuzz/artifacts/
# (gitignored). Replay a crash with: build/fuzz/fuzz/TARGET fuzz/artifacts/TARGET-crash-...
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
builddir=build/fuzz
all_targets="fuzz_query fuzz_form fuzz_cookie fuzz_path fuzz_html fuzz_csv fuzz_multipart fuzz_calc"

mode=${1:-}
case $mode in
brief)
	seconds=3
	shift
	;;
long)
	shift
	seconds=600
	case ${1:-} in
	''|*[!0-9]*) ;;
	*) seconds=$1; shift ;;
	esac
	;;
*)
	echo "usage: scripts/fuzz.sh brief|long [SECONDS] [TARGET...]" >&2
	exit 2
	;;
esac
targets=${*:-$all_targets}

if [ ! -f "$builddir/build.ninja" ]; then
	CC=clang meson setup "$builddir" -Dfuzz=true -Dtests=false \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null || {
		echo "fuzz: meson setup failed" >&2
		exit 2
	}
fi
ninja -C "$builddir" >/dev/null || {
	ninja -C "$builddir" >&2
	echo "fuzz: build failed" >&2
	exit 2
}

mkdir -p fuzz/artifacts/corpus
# Undefined behaviour is a finding, not a warning.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS

# One target's run; its lines for the summary go to fuzz/artifacts/T.result,
# whose first line is ok or FAILED.
run_one() {
	t=$1
	exe=$builddir/fuzz/$t
	out=fuzz/artifacts/$t.result
	if [ ! -x "$exe" ]; then
		printf 'FAILED\nfuzz %s: FAILED (no such target)\n' "$t" >"$out"
		return
	fi
	work=fuzz/artifacts/corpus/$t
	mkdir -p "$work" "fuzz/corpus/$t"
	log=fuzz/artifacts/$t.log
	if "$exe" "$work" "fuzz/corpus/$t" \
		-max_total_time="$seconds" -max_len=4096 -timeout=10 \
		-artifact_prefix="fuzz/artifacts/$t-" -print_final_stats=1 \
		>"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		printf 'ok\nfuzz %s: ok%s\n' "$t" "${execs:+ ($execs runs)}" >"$out"
	else
		{
			echo FAILED
			echo "fuzz $t: FAILED (see $log)"
			grep -m 3 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY|Test unit written' "$log" | sed 's/^/    /'
		} >"$out"
	fi
}

# As many targets at once as the machine has cores (SC_FUZZ_JOBS to choose):
# every run lasts the same time, so they go in batches.
jobs=${SC_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $jobs in ''|*[!0-9]*|0) jobs=1 ;; esac
running=0
for t in $targets; do
	rm -f "fuzz/artifacts/$t.result"
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

passed=0
failed=0
for t in $targets; do
	out=fuzz/artifacts/$t.result
	if [ "$(head -n 1 "$out" 2>/dev/null)" = ok ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	if [ -f "$out" ]; then
		tail -n +2 "$out"
	else
		echo "fuzz $t: FAILED (no result)"
	fi
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
