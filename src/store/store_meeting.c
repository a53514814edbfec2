/*
 * store_meeting.c — the meeting log; see store_meeting.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

static struct table meetings = {.name = "meetings", .fields = &meeting_fields, .centre = true};

static const char sql_count[] =
	"SELECT COUNT(*) FROM meetings WHERE centre_id = $1 AND participant_id = $2";
static const char sql_page[] = DB_GENERIC_PLAN
	"SELECT m.id, m.participant_id, m.held_on, m.channel, m.interpreter, m.minutes, m.next_steps,"
	" m.next_meeting, m.author_id, COALESCE(u.display_name, '') AS author_name, m.created_at"
	" FROM meetings m LEFT JOIN users u ON u.id = m.author_id"
	" WHERE m.centre_id = $1 AND m.participant_id = $2"
	" ORDER BY m.held_on DESC, m.id DESC LIMIT $3 OFFSET $4";

int
store_meeting_add(struct db *db, int64_t centre, const struct meeting *m, int64_t *id)
{
	return table_insert(db, &meetings, centre, m, 0, 0, id);
}

int
store_meetings(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t limit,
	       int64_t offset, struct meeting **items, size_t *n, int64_t *total)
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
	struct meeting *list = arena_alloc(a, sizeof *list * (size_t)limit);
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
		fields_clear(meeting_fields, &list[count]);
		rc = table_read(st, meeting_fields, &list[count], a);
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
