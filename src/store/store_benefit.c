/*
 * store_benefit.c — dated benefit parameters and tax tables; see
 * store_benefit.h.
 */
#include "db.h"
#include "store.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static const char sql_scheme[] = "SELECT id, rule FROM benefit_schemes WHERE key = $1";
static const char sql_param[] =
	"SELECT value FROM benefit_parameters WHERE scheme_id = $1 AND name = $2 AND valid_from <= $3"
	" ORDER BY valid_from DESC, id DESC LIMIT 1";
static const char sql_kinds[] =
	"SELECT kind, reduces FROM benefit_income_kinds WHERE scheme_id = $1 AND valid_from ="
	" (SELECT MAX(valid_from) FROM benefit_income_kinds WHERE scheme_id = $1 AND valid_from <= $2)"
	" ORDER BY kind";
static const char sql_g[] =
	"SELECT g_kr FROM benefit_g WHERE valid_from <= $1 ORDER BY valid_from DESC, id DESC LIMIT 1";
static const char sql_tax[] =
	"SELECT withholding_kr FROM tax_table_rows WHERE year = $1 AND table_no = $2"
	" AND from_kr <= $3 AND to_kr >= $3 ORDER BY from_kr DESC LIMIT 1";
static const char sql_tax_delete[] = "DELETE FROM tax_table_rows WHERE year = $1";
static const char sql_tax_insert[] =
	"INSERT INTO tax_table_rows (year, table_no, from_kr, to_kr, withholding_kr)"
	" VALUES ($1, $2, $3, $4, $5)";
static const char sql_tax_count[] =
	"SELECT COUNT(*), COUNT(DISTINCT table_no) FROM tax_table_rows WHERE year = $1";

static int
one_int(struct db *db, const char *sql, int64_t id, const char *name, const char *day, bool *found,
	int64_t *v)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	int idx = 1;
	if (id > 0)
		db_bind_int(st, idx++, id);
	if (name != NULL)
		db_bind_text(st, idx++, name);
	db_bind_text(st, idx, day);
	int rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		*v = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_benefit_params(struct db *db, struct arena *a, const char *scheme, struct date on,
		     struct benefit_params *out)
{
	memset(out, 0, sizeof *out);
	char day[11];
	date_format(on, day);
	struct db_stmt *st = db_prepare(db, sql_scheme);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, scheme);
	int rc = db_step(st);
	int64_t id = 0;
	if (rc == DB_ROW) {
		id = db_col_int(st, 0);
		const char *rule = db_col_text(st, 1);
		out->kind = rule != NULL && strcmp(rule, "kvp") == 0 ? BENEFIT_KVP : BENEFIT_BERGEN;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (id == 0)
		return SC_ENOTFOUND;
	bool found;
	int64_t v = 0;
	static const char *const names[] = {"month_amount_ore", "child_rate_ore", "recovery_percent"};
	int64_t *fields[] = {&out->month_amount_ore, &out->child_rate_ore, NULL};
	for (size_t i = 0; i < 3; i++) {
		rc = one_int(db, sql_param, id, names[i], day, &found, &v);
		if (rc != SC_OK)
			return rc;
		if (!found)
			v = 0;
		if (fields[i] != NULL)
			*fields[i] = v;
		else
			out->recovery_percent = (int)v;
	}
	rc = one_int(db, sql_g, 0, NULL, day, &found, &v);
	if (rc != SC_OK)
		return rc;
	out->g_ore = found ? v * 100 : 0;
	/* the kinds of other income */
	const char **reducing = arena_alloc(a, sizeof *reducing * 33);
	const char **recorded = arena_alloc(a, sizeof *recorded * 33);
	if (reducing == NULL || recorded == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_kinds);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day);
	size_t nr = 0, nc = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		char *kind = arena_strdup(a, db_col_text(st, 0));
		if (kind == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		if (db_col_int(st, 1) != 0 && nr < 32)
			reducing[nr++] = kind;
		else if (db_col_int(st, 1) == 0 && nc < 32)
			recorded[nc++] = kind;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	reducing[nr] = NULL;
	recorded[nc] = NULL;
	out->reducing = reducing;
	out->recorded = recorded;
	return SC_OK;
}

int
store_tax_withholding(struct db *db, int year, const char *table_no, int64_t kr, bool *found,
		      int64_t *withhold_kr)
{
	*found = false;
	struct db_stmt *st = db_prepare(db, sql_tax);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, table_no);
	db_bind_int(st, 3, kr);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*found = true;
		*withhold_kr = db_col_int(st, 0);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_tax_tables_replace(struct db *db, int year, const struct benefit_tax_row *rows, size_t n)
{
	struct db_stmt *st = db_prepare(db, sql_tax_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, year);
	int rc = db_run(st, NULL);
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		st = db_prepare(db, sql_tax_insert);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, year);
		db_bind_text(st, 2, rows[i].table_no);
		db_bind_int(st, 3, rows[i].from_kr);
		db_bind_int(st, 4, rows[i].to_kr);
		db_bind_int(st, 5, rows[i].withholding_kr);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_tax_tables_count(struct db *db, int year, int64_t *rows, int64_t *tables)
{
	struct db_stmt *st = db_prepare(db, sql_tax_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, year);
	int rc = db_step(st);
	*rows = rc == DB_ROW ? db_col_int(st, 0) : 0;
	*tables = rc == DB_ROW ? db_col_int(st, 1) : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* When and by whom each year was last imported: its audit entry, while
 * the audit log keeps it. */
#define TAX_IMPORT_OF_YEAR \
	" FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE a.action = 'tax_table.import'" \
	" AND a.record_type = 'tax_table_year' AND a.record_id = CAST(t.year AS TEXT)" \
	" ORDER BY a.at DESC, a.id DESC LIMIT 1"
static const char sql_tax_years[] =
	"SELECT t.year, COUNT(*), COUNT(DISTINCT t.table_no),"
	" (SELECT a.at" TAX_IMPORT_OF_YEAR "),"
	" (SELECT COALESCE(NULLIF(u.display_name, ''), a.username)" TAX_IMPORT_OF_YEAR ")"
	" FROM tax_table_rows t GROUP BY t.year ORDER BY t.year DESC LIMIT 50";
#undef TAX_IMPORT_OF_YEAR

int
store_tax_years(struct db *db, struct arena *a, struct tax_year **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct tax_year *items = arena_alloc(a, sizeof *items * 50);
	if (items == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_tax_years);
	if (st == NULL)
		return SC_EDB;
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 50) {
		const char *by = db_col_text(st, 4);
		items[count] = (struct tax_year){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
						 db_col_int(st, 3), arena_strdup(a, by != NULL ? by : "")};
		if (items[count++].imported_by == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n = count;
	return SC_OK;
}

/* ---- new versions of the rules ---- */

static const char sql_param_add[] =
	"INSERT INTO benefit_parameters (scheme_id, name, value, valid_from, created_at, created_by)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_g_add[] = "INSERT INTO benefit_g (valid_from, g_kr, created_at, created_by) VALUES ($1, $2, $3, $4)";
static const char sql_kinds_exist[] =
	"SELECT 1 FROM benefit_income_kinds WHERE scheme_id = $1 AND valid_from = $2 LIMIT 1";
static const char sql_kind_add[] =
	"INSERT INTO benefit_income_kinds (scheme_id, valid_from, kind, reduces, created_at, created_by)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_param_history[] =
	"SELECT x.name, x.value, x.valid_from, x.created_at, COALESCE(u.display_name, '') AS created_by_name,"
	" CASE WHEN EXISTS (SELECT 1 FROM benefit_parameters y WHERE y.scheme_id = x.scheme_id AND y.name = x.name"
	" AND y.valid_from = x.valid_from AND y.id > x.id) THEN 1 ELSE 0 END"
	" FROM benefit_parameters x JOIN benefit_schemes s ON s.id = x.scheme_id"
	" LEFT JOIN users u ON u.id = x.created_by WHERE s.key = $1 ORDER BY x.valid_from DESC, x.id DESC"
	" LIMIT 500";
static const char sql_g_history[] =
	"SELECT g.valid_from, g.g_kr, g.created_at, COALESCE(u.display_name, '') AS created_by_name,"
	" CASE WHEN EXISTS (SELECT 1 FROM benefit_g y WHERE y.valid_from = g.valid_from AND y.id > g.id)"
	" THEN 1 ELSE 0 END"
	" FROM benefit_g g LEFT JOIN users u ON u.id = g.created_by ORDER BY g.valid_from DESC, g.id DESC LIMIT 500";
static const char sql_param_exists[] =
	"SELECT 1 FROM benefit_parameters WHERE scheme_id = $1 AND name = $2 AND valid_from = $3 LIMIT 1";
static const char sql_g_exists[] = "SELECT 1 FROM benefit_g WHERE valid_from = $1 LIMIT 1";
static const char sql_kinds_history[] =
	"SELECT k.valid_from, k.kind, k.reduces FROM benefit_income_kinds k JOIN benefit_schemes s"
	" ON s.id = k.scheme_id WHERE s.key = $1 ORDER BY k.valid_from DESC, k.reduces DESC, k.kind LIMIT 2000";

/* The id of scheme key, 0 when none. */
static int
scheme_id(struct db *db, const char *scheme, int64_t *id)
{
	*id = 0;
	struct db_stmt *st = db_prepare(db, sql_scheme);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, scheme);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static void
bind_by(struct db_stmt *st, int idx, int64_t by)
{
	if (by > 0)
		db_bind_int(st, idx, by);
	else
		db_bind_null(st, idx);
}

/* Whether the query (its $1.. the id when above 0, the name when not
 * NULL, then day) has a row. */
static int
has_row(struct db *db, const char *sql, int64_t id, const char *name, const char *day, bool *yes)
{
	int64_t v;
	return one_int(db, sql, id, name, day, yes, &v);
}

int
store_benefit_param_add(struct db *db, const char *scheme, const struct benefit_param_input *in, int64_t by,
			int64_t now, bool *replaces)
{
	*replaces = false;
	int64_t id;
	int rc = scheme_id(db, scheme, &id);
	if (rc != SC_OK)
		return rc;
	if (id == 0)
		return SC_ENOTFOUND;
	char day[11];
	date_format(in->valid_from, day);
	rc = has_row(db, sql_param_exists, id, benefit_param_key(in->name), day, replaces);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_param_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, benefit_param_key(in->name));
	db_bind_int(st, 3, benefit_param_value(in));
	db_bind_text(st, 4, day);
	db_bind_int(st, 5, now);
	bind_by(st, 6, by);
	return db_run(st, NULL);
}

int
store_benefit_g_add(struct db *db, const struct benefit_g_input *in, int64_t by, int64_t now, bool *replaces)
{
	char day[11];
	date_format(in->valid_from, day);
	int rc = has_row(db, sql_g_exists, 0, NULL, day, replaces);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_g_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, day);
	db_bind_int(st, 2, in->g_kr);
	db_bind_int(st, 3, now);
	bind_by(st, 4, by);
	return db_run(st, NULL);
}

int
store_benefit_kinds_add(struct db *db, const char *scheme, const struct benefit_kinds_input *in, int64_t by,
			int64_t now)
{
	int64_t id;
	int rc = scheme_id(db, scheme, &id);
	if (rc != SC_OK)
		return rc;
	if (id == 0)
		return SC_ENOTFOUND;
	char day[11];
	date_format(in->valid_from, day);
	struct db_stmt *st = db_prepare(db, sql_kinds_exist);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day);
	rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return SC_ECONFLICT;
	if (rc < 0)
		return rc;
	rc = SC_OK;
	for (int pass = 0; pass < 2 && rc == SC_OK; pass++) {
		const struct field_list *l = pass == 0 ? &in->reducing : &in->recorded;
		const char *const *kinds = l->items;
		for (size_t i = 0; rc == SC_OK && i < l->n; i++) {
			st = db_prepare(db, sql_kind_add);
			if (st == NULL)
				return SC_EDB;
			db_bind_int(st, 1, id);
			db_bind_text(st, 2, day);
			db_bind_text(st, 3, kinds[i]);
			db_bind_int(st, 4, pass == 0 ? 1 : 0);
			db_bind_int(st, 5, now);
			bind_by(st, 6, by);
			rc = db_run(st, NULL);
		}
	}
	return rc;
}

int
store_benefit_param_history(struct db *db, struct arena *a, const char *scheme, struct benefit_param_input **out,
			    size_t *n)
{
	*out = NULL;
	*n = 0;
	struct benefit_param_input *items = arena_alloc(a, sizeof *items * 500);
	if (items == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_param_history);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, scheme);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 500) {
		struct benefit_param_input *x = &items[count];
		memset(x, 0, sizeof *x);
		x->name = field_option_index(fields_find(benefit_param_fields, "name"), db_col_text(st, 0));
		x->amount_ore = x->name == BENEFIT_PARAM_RECOVERY ? FIELD_NONE : db_col_int(st, 1);
		x->percent = x->name == BENEFIT_PARAM_RECOVERY ? db_col_int(st, 1) : FIELD_NONE;
		date_parse(db_col_text(st, 2), &x->valid_from);
		x->created_at = db_col_int(st, 3);
		x->created_by_name = arena_strdup(a, db_col_text(st, 4));
		x->replaced = db_col_int(st, 5) != 0;
		if (x->created_by_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n = count;
	return SC_OK;
}

int
store_benefit_g_history(struct db *db, struct arena *a, struct benefit_g_input **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct benefit_g_input *items = arena_alloc(a, sizeof *items * 500);
	if (items == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_g_history);
	if (st == NULL)
		return SC_EDB;
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 500) {
		struct benefit_g_input *x = &items[count];
		memset(x, 0, sizeof *x);
		date_parse(db_col_text(st, 0), &x->valid_from);
		x->g_kr = db_col_int(st, 1);
		x->created_at = db_col_int(st, 2);
		x->created_by_name = arena_strdup(a, db_col_text(st, 3));
		x->replaced = db_col_int(st, 4) != 0;
		if (x->created_by_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n = count;
	return SC_OK;
}

int
store_benefit_kinds_history(struct db *db, struct arena *a, const char *scheme, struct benefit_kinds_input **out,
			    size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_kinds_history);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, scheme);
	struct benefit_kinds_input *items = arena_alloc(a, sizeof *items * 64);
	const char **kinds = arena_alloc(a, sizeof *kinds * 2000);
	if (items == NULL || kinds == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0, nk = 0;
	int rc;
	char last[11] = "";
	while ((rc = db_step(st)) == DB_ROW && nk < 2000) {
		const char *day = db_col_text(st, 0);
		bool reduces = db_col_int(st, 2) != 0;
		if (count == 0 || strcmp(last, day != NULL ? day : "") != 0) {
			if (count == 64)
				break;
			snprintf(last, sizeof last, "%s", day != NULL ? day : "");
			struct benefit_kinds_input *x = &items[count++];
			memset(x, 0, sizeof *x);
			date_parse(last, &x->valid_from);
			x->reducing.items = &kinds[nk];
		}
		struct benefit_kinds_input *x = &items[count - 1];
		char *k = arena_strdup(a, db_col_text(st, 1));
		if (k == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		/* reducing kinds come first in each list, then the recorded */
		if (reduces) {
			kinds[nk++] = k;
			x->reducing.n++;
			x->recorded.items = &kinds[nk];
		} else {
			if (x->recorded.items == NULL)
				x->recorded.items = &kinds[nk];
			kinds[nk++] = k;
			x->recorded.n++;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n = count;
	return SC_OK;
}

static const char sql_month_in_state[] =
	"SELECT 1 FROM benefit_runs WHERE centre_id = $1 AND month = $2 AND state = $3";

/* Whether the centre's run of the month is in state ('approved', 'open'). */
static int
month_in_state(struct db *db, int64_t centre, int year, int month, const char *state, bool *yes)
{
	*yes = false;
	char m[8];
	benefit_month_format(year, month, m);
	struct db_stmt *st = db_prepare(db, sql_month_in_state);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, m);
	db_bind_text(st, 3, state);
	int rc = db_step(st);
	*yes = rc == DB_ROW;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_benefit_month_approved(struct db *db, int64_t centre, int year, int month, bool *approved)
{
	return month_in_state(db, centre, year, month, "approved", approved);
}

int
store_benefit_month_open(struct db *db, int64_t centre, int year, int month, bool *open)
{
	return month_in_state(db, centre, year, month, "open", open);
}

/* The first approved month (of any centre) that a version from day
 * governs (its first day from day up to the next later version's date)
 * and whose run kept another value: the next run recomputes it. */
static const char sql_g_corrects[] =
	"SELECT MIN(r.month) FROM benefit_run_params rp JOIN benefit_runs r ON r.id = rp.run_id"
	" WHERE r.state = 'approved' AND rp.scheme = 'kvp' AND r.month || '-01' >= $1 AND r.month || '-01' >= $3"
	" AND r.month || '-01' < COALESCE((SELECT MIN(valid_from) FROM benefit_g WHERE valid_from > $1), '9999-12-31')"
	" AND rp.g_ore <> $2";
#define PARAM_CORRECTS(COL) \
	"SELECT MIN(r.month) FROM benefit_run_params rp JOIN benefit_runs r ON r.id = rp.run_id" \
	" WHERE r.state = 'approved' AND rp.scheme = $3 AND r.month || '-01' >= $1 AND r.month || '-01' >= $4" \
	" AND r.month || '-01' < COALESCE((SELECT MIN(x.valid_from) FROM benefit_parameters x" \
	" JOIN benefit_schemes s ON s.id = x.scheme_id WHERE s.key = $3 AND x.name = '" COL "'" \
	" AND x.valid_from > $1), '9999-12-31') AND rp." COL " <> $2"
static const char sql_amount_corrects[] = PARAM_CORRECTS("month_amount_ore");
static const char sql_child_corrects[] = PARAM_CORRECTS("child_rate_ore");
#undef PARAM_CORRECTS

int
store_benefit_version_corrects(struct db *db, const char *scheme, int name, struct date from, int64_t value,
			       struct date window_first, char month[8])
{
	month[0] = '\0';
	const char *sql = scheme == NULL                          ? sql_g_corrects
			  : name == BENEFIT_PARAM_MONTH_AMOUNT     ? sql_amount_corrects
			  : name == BENEFIT_PARAM_CHILD_RATE       ? sql_child_corrects
								   : NULL;
	if (sql == NULL)
		return SC_OK;
	char day[11], first[11];
	date_format(from, day);
	date_format(window_first, first);
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, day);
	db_bind_int(st, 2, value);
	if (scheme != NULL) {
		db_bind_text(st, 3, scheme);
		db_bind_text(st, 4, first);
	} else {
		db_bind_text(st, 3, first);
	}
	int rc = db_step(st);
	if (rc == DB_ROW && db_col_text(st, 0) != NULL)
		snprintf(month, 8, "%s", db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}
