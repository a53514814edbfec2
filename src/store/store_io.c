/*
 * store_io.c — see store_io.h.
 *
 * The export walks participants_name (name_key; SQLite keeps the rowid in
 * the index, so (name_key, id) is index order) a batch at a time. The
 * condition "name_key >= $1 AND (name_key > $1 OR id > $2)" keeps a plain
 * index range on both engines, where an OR alone or a row value might make
 * a planner sort what is left of the table for every batch.
 */
#include "db.h"
#include "reach.h"
#include "store.h"
#include "../util/err.h"

#include <stdlib.h>
#include <string.h>

#define EXPORT_BATCH 2000

#define EXPORT_COLUMNS \
	"SELECT p.id, p.family_name, p.given_name, p.birth_date, p.gender, p.country_of_birth," \
	" p.status, COALESCE(u.display_name, ''), p.phone, p.email, p.postcode, p.city, p.name_key" \
	" FROM participants p LEFT JOIN users u ON u.id = p.contact_id"

static const char sql_export_all[] =
	EXPORT_COLUMNS
	" WHERE p.name_key >= $1 AND (p.name_key > $1 OR p.id > $2)"
	" ORDER BY p.name_key, p.id LIMIT $3";

static const char sql_export_reached[] =
	EXPORT_COLUMNS
	" WHERE p.id IN " REACHED("$4", "$5", "$6", "$7", "$8", "$9")
	" AND p.name_key >= $1 AND (p.name_key > $1 OR p.id > $2)"
	" ORDER BY p.name_key, p.id LIMIT $3";

static const char *
text(struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return s != NULL ? s : "";
}

int
store_participant_export(struct db *db, const struct participant_scope *scope,
			 participant_export_fn fn, void *ctx, int64_t *count)
{
	bool all = reach_everyone(scope);
	/* The last row's name key, copied before the next step invalidates it
	 * (grown when needed, not allocated per row). */
	size_t key_cap = 256;
	char *last_key = calloc(1, key_cap);
	int64_t last_id = 0, n = 0;
	int rc = last_key != NULL ? SC_OK : SC_ENOMEM;
	while (rc == SC_OK) {
		struct db_stmt *st = db_prepare(db, all ? sql_export_all : sql_export_reached);
		if (st == NULL) {
			rc = SC_EDB;
			break;
		}
		db_bind_text(st, 1, last_key);
		db_bind_int(st, 2, last_id);
		db_bind_int(st, 3, EXPORT_BATCH);
		if (!all)
			reach_bind(st, 4, scope);
		int64_t in_batch = 0;
		int step;
		while ((step = db_step(st)) == DB_ROW) {
			struct participant_export_row row = {
				.id = db_col_int(st, 0),
				.family_name = text(st, 1),
				.given_name = text(st, 2),
				.birth_date = text(st, 3),
				.gender = text(st, 4),
				.country_of_birth = text(st, 5),
				.status = text(st, 6),
				.contact_name = text(st, 7),
				.phone = text(st, 8),
				.email = text(st, 9),
				.postcode = text(st, 10),
				.city = text(st, 11),
			};
			in_batch++;
			n++;
			rc = fn(ctx, &row);
			if (rc != SC_OK)
				break;
			last_id = row.id;
			const char *key = text(st, 12);
			size_t klen = strlen(key);
			if (klen >= key_cap) {
				char *bigger = realloc(last_key, klen + 1);
				if (bigger == NULL) {
					rc = SC_ENOMEM;
					break;
				}
				last_key = bigger;
				key_cap = klen + 1;
			}
			memcpy(last_key, key, klen + 1);
		}
		if (rc == SC_OK && step < 0)
			rc = step;
		db_done(st);
		if (in_batch < EXPORT_BATCH)
			break;
	}
	free(last_key);
	if (count != NULL)
		*count = n;
	return rc;
}
