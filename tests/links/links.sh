#!/usr/bin/env bash
# tests/links/links.sh — every link of `make run`'s demo opens for whoever
# is shown it (docs/ARCHITECTURE.md: a page offers only what its reader may
# do; decisions 138 and 140).
#
# Makes the default demo (the one `make run` serves) with SC_BIN (the
# sanitizer build under make check) in a folder of its own, serves it on a
# free port, and signs in as each user the demo lists (of the teachers,
# the first three) and as the administrator. For each, bench/pages.py
# follows every link from their home (GET only, at most 300 pages, two of
# each shape) and asks every other link those pages offer once (at most
# 3,000). A user passes when every page and every link answered 200. The
# server's sanitizer reports fail the run.
# Prints one line per user and, last, "links: N passed, M failed".
#
#   SC_BIN=build/test/secondchance tests/links/links.sh [POSTGRESQL-URL]
#
# With a URL (of an empty PostgreSQL database, as scripts/pg-test.sh
# starts one) the demo is made there instead of in a SQLite file.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${SC_BIN:-$ROOT/build/test/secondchance}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
PASSWORD='links-Demo-Passw0rd-1'
SCALE=0

die() {
	echo "links: $*" >&2
	echo "links: 0 passed, 1 failed"
	exit 1
}

[[ -x $BIN ]] || die "no binary at $BIN"
command -v python3 >/dev/null || die "python3 is not installed"
for v in $(compgen -e); do
	[[ $v == SC_* ]] && unset "$v"
done

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_work links
DB=${1:-sqlite:$WORK/demo.db}
"$BIN" init --set "database.url=$DB" --admin-password "$PASSWORD" >/dev/null || die "init failed"
"$BIN" --set "database.url=$DB" demo --password "$PASSWORD" >"$WORK/demo.out" 2>&1 ||
	{ cat "$WORK/demo.out" >&2; die "demo failed"; }
# Every user the demo lists but the teachers past the third: the teachers
# of a term's parallel classes (decision 193) are alike, each with one
# Norwegian class, and crawling the ten more took half a minute an engine.
USERS=$(awk '/^users / {on = 1; next}
	on && /^  [a-z0-9._-]+ / { if ($1 ~ /^laerer[0-9]+$/ && substr($1, 7) + 0 > 3) next; print $1; next }
	on {exit}' "$WORK/demo.out")
[[ -n $USERS ]] || die "the demo did not list its users (see $WORK/demo.out)"
cd "$WORK" || die "cannot enter $WORK"
bench_start

pass=0
fail=0
for user in $USERS admin; do
	if ! cookie=$(bench_sign_in "$user"); then
		echo "  FAIL  $user: cannot sign in"
		fail=$((fail + 1))
		continue
	fi
	if ! BENCH_LINK_CHECKS=3000 python3 "$ROOT/bench/pages.py" "$BASE" "$cookie" "$user" 300 >"$WORK/$user"; then
		echo "  FAIL  $user: the crawl stopped"
		fail=$((fail + 1))
		continue
	fi
	pages=$(grep -vc '^link ' "$WORK/$user")
	links=$(grep -c '^link ' "$WORK/$user")
	bad=$(awk '$2 != 200' "$WORK/$user")
	if [[ -z $bad ]]; then
		printf '  ok    %-12s %4d pages, %4d more links, all 200\n' "$user" "$pages" "$links"
		pass=$((pass + 1))
	else
		printf '  FAIL  %-12s %4d pages, %4d more links; not 200 (ms or "link", status, user, page, from):\n' \
			"$user" "$pages" "$links"
		printf '%s\n' "$bad" | sed 's/^/  | /'
		fail=$((fail + 1))
	fi
done
bench_stop
if grep -qE 'runtime error:|ERROR: AddressSanitizer|ERROR: LeakSanitizer' "$WORK/server.err"; then
	echo "  FAIL  the server's sanitizer reports:"
	grep -E -A 12 'runtime error:|ERROR: AddressSanitizer|ERROR: LeakSanitizer' "$WORK/server.err" | head -40 | sed 's/^/  | /'
	fail=$((fail + 1))
fi
echo "links: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
