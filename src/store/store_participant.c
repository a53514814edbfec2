/*
 * store_participant.c — see store_participant.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
#include "../util/arena.h"

static const char sql_brief[] =
	"SELECT id, given_name, family_name, birth_date, status, COALESCE(contact_id, 0), version"
	" FROM participants WHERE id = $1";

int
store_participant_brief(struct db *db, struct arena *a, int64_t id, struct participant_brief *out)
{
	struct db_stmt *st = db_prepare(db, sql_brief);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->given_name = arena_strdup(a, db_col_text(st, 1));
		out->family_name = arena_strdup(a, db_col_text(st, 2));
		out->birth_date = arena_strdup(a, db_col_text(st, 3));
		out->status = arena_strdup(a, db_col_text(st, 4));
		out->contact_id = db_col_int(st, 5);
		out->version = db_col_int(st, 6);
		rc = out->status != NULL ? SC_OK : SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}
