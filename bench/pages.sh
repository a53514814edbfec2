#!/usr/bin/env bash
# bench/pages.sh — every page each demo user reaches, timed, at demo --scale N.
#
# The reports (bench/reports.sh) and the daily pages (bench/case.sh and the
# areas' scripts) are measured under load; this one looks for the pages no
# other script names. On the benchmark database every bench script shares
# (${BENCH_DATA:-build/bench-data}/scale-N.db, or PostgreSQL with
# BENCH_PG_URL, made as bench/reports.sh makes it), it serves the release
# build, signs in as each user the demo lists for the first centre, and
# follows every link from their home, breadth first (bench/pages.py: GET
# only, two pages of each shape, at most BENCH_MAX_PAGES a user, the
# downloads left out unless BENCH_EXPORTS=1), timing each page's second
# request, one at a time. Prints each user's count of pages and of those
# over the target, every page over it, every link that did not answer 200
# (a page offered a link its user may not open: the timed pages' links of
# a shape already timed are asked once too, BENCH_LINK_CHECKS at most a
# user), and the ten slowest. A measurement:
# it exits 0 when every user was signed in and crawled, 2 otherwise.
#
# Environment:
#   BENCH_SCALE=1000000     participants in the demo database
#   BENCH_MAX_PAGES=300     pages a user at most
#   BENCH_TARGET_MS=250     the time a page is shown as over
#   BENCH_EXPORTS=1         time the downloads too (exports, the payment file)
#   BENCH_LINK_CHECKS=2000  other links a user's pages offer, asked once each for their status
#   BENCH_BIN, BENCH_DATA, BENCH_REGENERATE, BENCH_PG_URL, BENCH_PORT: as bench/reports.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BENCH_BIN:-$ROOT/build/release/secondchance}
SCALE=${BENCH_SCALE:-1000000}
MAX=${BENCH_MAX_PAGES:-300}
PASSWORD='bench-Demo-Passw0rd-1'
TARGET_MS=${BENCH_TARGET_MS:-250}

die() {
	echo "bench/pages: $*" >&2
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
bench_serve pages
USERS=$(awk '/^users of the first centre/ {on = 1; next} on && /^  [a-z0-9._-]+ / {print $1; next} on {exit}' "$OUT")
[[ -n $USERS ]] || die "the demo did not list its users (see $OUT)"
echo
echo "Second Chance pages benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $ENGINE"
echo "database: demo --scale $SCALE (${DBFILE:-PostgreSQL}, $GEN_NOTE)"
echo "each page: its second GET, warm, one request at a time; over $TARGET_MS ms is listed"
: >"$WORK/all"
: >"$WORK/links"
failed=0
for user in $USERS; do
	cookie=$(bench_sign_in "$user") || { echo "  $user: cannot sign in"; failed=1; continue; }
	python3 "$ROOT/bench/pages.py" "$BASE" "$cookie" "$user" "$MAX" >"$WORK/$user.out" || { failed=1; continue; }
	grep -v '^link ' "$WORK/$user.out" >"$WORK/$user" || true
	grep '^link ' "$WORK/$user.out" >>"$WORK/links" || true
	cat "$WORK/$user" >>"$WORK/all"
	awk -v u="$user" -v t="$TARGET_MS" -v l="$(grep -c '^link ' "$WORK/$user.out")" '{n++; if ($1 > t) over++}
		END {printf "  %-12s %4d pages, %3d over %d ms, %4d more links asked\n", u, n, over, t, l}' "$WORK/$user"
done
echo
echo "over $TARGET_MS ms (ms, status, user, page, from):"
sort -rn "$WORK/all" | awk -v t="$TARGET_MS" '$1 > t' | sed 's/^/  /'
echo
echo "links that did not answer 200 (ms or \"link\", status, user, page, the page that links it; a link a page offers should open):"
sort -rn "$WORK/all" | awk '$2 != 200' | sed 's/^/  /'
awk '$2 != 200' "$WORK/links" | sed 's/^/  /'
echo
echo "the ten slowest:"
sort -rn "$WORK/all" | awk 'NR <= 10' | sed 's/^/  /'
exit $((failed ? 2 : 0))
