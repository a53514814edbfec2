/*
 * store_benefit.c — dated benefit parameters and tax tables; see
 * store_benefit.h.
 */
#include "db.h"
#include "store.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

static const char sql_scheme[] = "SELECT id, rule FROM benefit_schemes WHERE key = $1";
static const char sql_param[] =
	"SELECT value FROM benefit_parameters WHERE scheme_id = $1 AND name = $2 AND valid_from <= $3"
	" ORDER BY valid_from DESC LIMIT 1";
static const char sql_kinds[] =
	"SELECT kind, reduces FROM benefit_income_kinds WHERE scheme_id = $1 AND valid_from ="
	" (SELECT MAX(valid_from) FROM benefit_income_kinds WHERE scheme_id = $1 AND valid_from <= $2)"
	" ORDER BY kind";
static const char sql_g[] =
	"SELECT g_kr FROM benefit_g WHERE valid_from <= $1 ORDER BY valid_from DESC LIMIT 1";
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
store_tax_tables_replace(struct db *db, int year, const struct tax_row *rows, size_t n)
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

int
store_benefit_month_approved(struct db *db, int64_t centre, int year, int month, bool *approved)
{
	/* No run can be approved until the monthly run exists (the benefits
	 * area implements this with it). */
	(void)db, (void)centre, (void)year, (void)month;
	*approved = false;
	return SC_OK;
}
