/*
 * store_centre.c — centres and their figures; see store_centre.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "domain/access.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

#define MAX_CENTRES 500

static const char sql_insert[] = "INSERT INTO centres (name, created_at) VALUES ($1, $2) RETURNING id";
static const char sql_rename[] = "UPDATE centres SET name = $1, version = version + 1 WHERE id = $2 AND version = $3";
static const char sql_count[] = "SELECT COUNT(*) AS n FROM centres";
static const char sql_get[] = "SELECT id, name, version FROM centres WHERE id = $1";
static const char sql_list[] = "SELECT id, name, version FROM centres ORDER BY name, id LIMIT 500";
/* Counts only: no row of a participant leaves the store. */
static const char sql_figures[] =
	"SELECT c.id, c.name,"
	" (SELECT COUNT(*) FROM participants p WHERE p.centre_id = c.id AND p.status = 'active') AS active,"
	" (SELECT COUNT(*) FROM participants p WHERE p.centre_id = c.id AND p.status = 'paused') AS paused,"
	" (SELECT COUNT(*) FROM participants p WHERE p.centre_id = c.id AND p.status = 'waiting') AS waiting,"
	" (SELECT COUNT(*) FROM enrolments e WHERE e.centre_id = c.id AND e.exit_date >= $1"
	" AND e.exit_date <= $2) AS exited_this_year,"
	" (SELECT COUNT(*) FROM centre_members cm JOIN users u ON u.id = cm.user_id"
	" WHERE cm.centre_id = c.id AND u.active = 1 AND (cm.roles & $3) = $3) AS contact_persons"
	" FROM centres c ORDER BY c.name, c.id LIMIT 500";

int
store_centre_create(struct db *db, const struct centre *c, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, c->name);
	db_bind_int(st, 2, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = table_col_int(st, "id");
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
store_centre_rename(struct db *db, int64_t id, int64_t version, const struct centre *c)
{
	struct db_stmt *st = db_prepare(db, sql_rename);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, c->name);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK)
		return rc;
	return changed == 0 ? SC_ENOTFOUND : SC_OK;
}

int
store_centre_count(struct db *db, int64_t *count)
{
	struct db_stmt *st = db_prepare(db, sql_count);
	if (st == NULL)
		return SC_EDB;
	int rc = db_step(st);
	*count = rc == DB_ROW ? table_col_int(st, "n") : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_centre_get(struct db *db, struct arena *a, int64_t id, struct centre *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		fields_clear(centre_fields, out);
		rc = table_read(st, centre_fields, out, a);
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int
store_centre_list(struct db *db, struct arena *a, struct centre **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct centre *list = arena_alloc(a, sizeof *list * MAX_CENTRES);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_list);
	if (st == NULL)
		return SC_EDB;
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < MAX_CENTRES) {
		fields_clear(centre_fields, &list[count]);
		rc = table_read(st, centre_fields, &list[count], a);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_centre_figures(struct db *db, struct arena *a, const char *year_start, const char *year_end,
		     struct centre_figures **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct centre_figures *list = arena_alloc(a, sizeof *list * MAX_CENTRES);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_figures);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, year_start);
	db_bind_text(st, 2, year_end);
	db_bind_int(st, 3, ROLE_BIT(ROLE_CONTACT));
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < MAX_CENTRES) {
		memset(&list[count], 0, sizeof list[count]);
		rc = table_read(st, centre_figures_fields, &list[count], a);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}
