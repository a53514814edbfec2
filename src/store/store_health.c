/*
 * store_health.c — health notes; see store_health.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

static struct table notes = {.name = "health_notes", .centre = true};

static const char sql_count[] =
	"SELECT COUNT(*) FROM health_notes WHERE centre_id = $1 AND participant_id = $2";
static const char sql_page[] =
	"SELECT h.id, h.participant_id, h.written_on, h.body, h.author_id,"
	" COALESCE(u.display_name, '') AS author_name, h.created_at"
	" FROM health_notes h LEFT JOIN users u ON u.id = h.author_id"
	" WHERE h.centre_id = $1 AND h.participant_id = $2"
	" ORDER BY h.written_on DESC, h.id DESC LIMIT $3 OFFSET $4";

static struct table *
table_of_notes(void)
{
	notes.fields = health_note_fields;
	return &notes;
}

int
store_health_note_add(struct db *db, int64_t centre, const struct health_note *n, int64_t *id)
{
	return table_insert(db, table_of_notes(), centre, n, 0, 0, id);
}

int
store_health_notes(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		   int64_t limit, int64_t offset, struct health_note **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	if (limit < 1 || limit > 500)
		limit = 50;
	struct db_stmt *st = db_prepare(db, sql_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	struct health_note *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	st = db_prepare(db, sql_page);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		fields_clear(health_note_fields, &list[count]);
		rc = table_read(st, health_note_fields, &list[count], a);
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
