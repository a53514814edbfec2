/*
 * store_settings.c — see store_settings.h.
 */
#include "db.h"
#include "store.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <string.h>

static const char sql_get[] = "SELECT value FROM installation_settings WHERE key = $1";
static const char sql_set[] =
	"INSERT INTO installation_settings (key, value, set_at) VALUES ($1, $2, $3)"
	" ON CONFLICT (key) DO UPDATE SET value = excluded.value, set_at = excluded.set_at";

int
store_setting_get(struct db *db, struct arena *a, const char *key, const char **value)
{
	*value = NULL;
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *v = db_col_text(st, 0);
		*value = arena_strdup(a, v != NULL ? v : "");
		rc = *value != NULL ? SC_OK : SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int
store_setting_set(struct db *db, const char *key, const char *value, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_set);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	db_bind_int(st, 3, now);
	return db_run(st, NULL);
}

int
store_installation_is_demo(struct db *db, bool *demo)
{
	*demo = false;
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, SETTING_DEMO);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *v = db_col_text(st, 0);
		*demo = v != NULL && strcmp(v, "1") == 0;
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}
