/*
 * change_log.c — a line of a change log with its values; see change_log.h.
 */
#include "change_log.h"
#include "util/err.h"

int
change_log_add(struct db *db, struct db_stmt *change, const char *value_sql, const struct field_change *changes,
	       size_t nchanges)
{
	int rc = db_step(change);
	int64_t change_id = 0;
	if (rc == DB_ROW) {
		change_id = db_col_int(change, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(change);
	for (size_t i = 0; rc == SC_OK && i < nchanges; i++) {
		struct db_stmt *st = db_prepare(db, value_sql);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, change_id);
		db_bind_text(st, 2, changes[i].field);
		db_bind_text(st, 3, changes[i].old_value);
		db_bind_text(st, 4, changes[i].new_value);
		rc = db_run(st, NULL);
	}
	return rc;
}
