#!/usr/bin/env bash
# bench/benefits-compare.sh OLD_BIN NEW_BIN DB MONTH — proves that two builds
# make the same monthly run (decision 76): each runs `benefit run --month
# MONTH` on its own copy of the SQLite database DB (DB is not changed), then
# every column of the run's statements (created_at compared as "equals the
# run's run_at", the clock being the only difference), their items, the
# run's totals, parameters and sources are dumped with sqlite3 in
# participant order and compared byte for byte. Prints the counts, both
# checksums and IDENTICAL (exit 0) or DIFFERENT and the first differences
# (exit 1).
set -euo pipefail
[[ $# == 4 ]] || { echo "usage: $0 OLD_BIN NEW_BIN DB MONTH" >&2; exit 2; }
OLD=$1 NEW=$2 SRC=$3 MONTH=$4
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed" >&2; exit 2; }
W=$(mktemp -d "${TMPDIR:-/tmp}/sc-benefits-compare.XXXXXX")
trap 'rm -rf "$W"' EXIT
for v in old new; do
	cp "$SRC" "$W/$v.db"
	[[ -f $SRC-wal ]] && cp "$SRC-wal" "$W/$v.db-wal"
	bin=$OLD
	[[ $v == new ]] && bin=$NEW
	echo "$v: $("$bin" --set "database.url=sqlite:$W/$v.db" benefit run --month "$MONTH" | tr '\n' ' ')"
done
dump() {
	local cols
	# the kinds of income as the reads give them: a row holding '=' has its
	# run's (decision 81)
	cols=$(sqlite3 "$1" "SELECT group_concat(CASE WHEN name IN ('reducing', 'recorded')
		THEN 'CASE WHEN s.' || name || ' = ''='' THEN (SELECT rp.' || name || ' FROM benefit_run_params rp
		WHERE rp.run_id = s.run_id AND rp.scheme = s.scheme) ELSE s.' || name || ' END'
		ELSE 's.' || name END, ', ') FROM pragma_table_info('benefit_statements') WHERE name <> 'created_at'")
	sqlite3 "$1" <<SQL
.mode quote
SELECT 'statement', $cols, s.created_at = r.run_at FROM benefit_statements s JOIN benefit_runs r ON r.id = s.run_id
 WHERE r.month = '$MONTH' AND r.state = 'open' ORDER BY s.participant_id, s.kind, s.month, s.id;
SELECT 'item', i.* FROM benefit_statement_items i JOIN benefit_statements s ON s.id = i.statement_id
 JOIN benefit_runs r ON r.id = s.run_id WHERE r.month = '$MONTH' AND r.state = 'open' ORDER BY i.statement_id, i.ord;
SELECT 'run', id, centre_id, month, state, statements, gross_ore, tax_ore, recovery_ore, net_ore, backpay_ore,
 claims_ore, warnings, payable FROM benefit_runs WHERE month = '$MONTH';
SELECT 'params', p.* FROM benefit_run_params p JOIN benefit_runs r ON r.id = p.run_id
 WHERE r.month = '$MONTH' AND r.state = 'open' ORDER BY p.scheme;
SELECT 'sources', x.* FROM benefit_run_sources x JOIN benefit_runs r ON r.id = x.run_id
 WHERE r.month = '$MONTH' AND r.state = 'open' ORDER BY x.kind, x.source_id;
SQL
}
dump "$W/old.db" >"$W/old.rows"
dump "$W/new.db" >"$W/new.rows"
echo "rows: $(wc -l <"$W/old.rows") (old), $(wc -l <"$W/new.rows") (new); by kind (old):"
cut -d, -f1 "$W/old.rows" | sort | uniq -c
echo "sha256 old: $(sha256sum <"$W/old.rows" | cut -c1-64)"
echo "sha256 new: $(sha256sum <"$W/new.rows" | cut -c1-64)"
if cmp -s "$W/old.rows" "$W/new.rows"; then
	echo IDENTICAL
	exit 0
fi
echo DIFFERENT
diff "$W/old.rows" "$W/new.rows" | head -20 || true
exit 1
