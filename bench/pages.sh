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
# over the target, every page over it, and the ten slowest. A measurement:
# it exits 0 when every user was signed in and crawled, 2 otherwise.
#
# Environment:
#   BENCH_SCALE=1000000     participants in the demo database
#   BENCH_MAX_PAGES=300     pages a user at most
#   BENCH_TARGET_MS=250     the time a page is shown as over
#   BENCH_EXPORTS=1         time the downloads too (exports, the payment file)
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

DATA=${BENCH_DATA:-$ROOT/build/bench-data}
mkdir -p "$DATA"
if [[ -n ${BENCH_PG_URL:-} ]]; then
	ENGINE=PostgreSQL
	DBFILE=
	DB=$BENCH_PG_URL
	STAMP=$DATA/pg-scale-$SCALE.info
	OUT=$DATA/pg-scale-$SCALE.out
else
	ENGINE=SQLite
	DBFILE=$DATA/scale-$SCALE.db
	DB=sqlite:$DBFILE
	STAMP=$DATA/sqlite-scale-$SCALE.info
	OUT=$DATA/sqlite-scale-$SCALE.out
fi
VERSION=$("$BIN" version 2>/dev/null | tr '\n' ' ')
GEN_NOTE=cached
if [[ ${BENCH_REGENERATE:-0} == 1 || ! -f $STAMP || ! -f $OUT || $(head -1 "$STAMP" 2>/dev/null) != "$VERSION" ]]; then
	[[ -n $DBFILE ]] && rm -f "$DBFILE" "$DBFILE-wal" "$DBFILE-shm" "$DBFILE-journal"
	rm -f "$STAMP" "$OUT"
	"$BIN" init --set "database.url=$DB" --admin-password "$PASSWORD" >/dev/null || die "init failed"
	t0=${EPOCHREALTIME/./}
	"$BIN" --set "database.url=$DB" demo --scale "$SCALE" --password "$PASSWORD" >"$OUT" 2>&1 ||
		{ cat "$OUT" >&2; rm -f "$OUT"; die "demo --scale $SCALE failed"; }
	gen_ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	{ echo "$VERSION"; echo "$gen_ms"; cut -d' ' -f1-3 /proc/loadavg; } >"$STAMP"
	GEN_NOTE="made now"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sc-bench-pages.XXXXXX")
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
"$BIN" serve --set "database.url=$DB" --set "http.port=${BENCH_PORT:-0}" --set http.access_log=false \
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
USERS=$(awk '/^users of the first centre/ {on = 1; next} on && /^  [a-z0-9._-]+ / {print $1; next} on {exit}' "$OUT")
[[ -n $USERS ]] || die "the demo did not list its users (see $OUT)"
echo
echo "Second Chance pages benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, Linux $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $ENGINE"
echo "database: demo --scale $SCALE (${DBFILE:-PostgreSQL}, $GEN_NOTE)"
echo "each page: its second GET, warm, one request at a time; over $TARGET_MS ms is listed"
: >"$WORK/all"
failed=0
for user in $USERS; do
	cookie=$(sign_in "$user") || { echo "  $user: cannot sign in"; failed=1; continue; }
	python3 "$ROOT/bench/pages.py" "$BASE" "$cookie" "$user" "$MAX" >"$WORK/$user" || { failed=1; continue; }
	cat "$WORK/$user" >>"$WORK/all"
	awk -v u="$user" -v t="$TARGET_MS" '{n++; if ($1 > t) over++}
		END {printf "  %-12s %4d pages, %3d over %d ms\n", u, n, over, t}' "$WORK/$user"
done
echo
echo "over $TARGET_MS ms (ms, status, user, page):"
sort -rn "$WORK/all" | awk -v t="$TARGET_MS" '$1 > t' | sed 's/^/  /'
echo
echo "the ten slowest:"
sort -rn "$WORK/all" | head -10 | sed 's/^/  /'
exit $((failed ? 2 : 0))
