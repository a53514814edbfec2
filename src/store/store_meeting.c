/*
 * store_meeting.c — the meeting log; see store_meeting.h.
 */
#include "change_log.h"
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

static struct table meetings = {.name = "meetings", .fields = &meeting_fields, .centre = true};

static const char sql_count[] =
	"SELECT COUNT(*) FROM meetings WHERE centre_id = $1 AND participant_id = $2";
static const char sql_page[] = DB_GENERIC_PLAN
	"SELECT m.id, m.version, m.participant_id, m.held_on, m.channel, m.interpreter, m.minutes, m.next_steps,"
	" m.next_meeting, m.author_id, COALESCE(u.display_name, '') AS author_name, m.created_at"
	" FROM meetings m LEFT JOIN users u ON u.id = m.author_id"
	" WHERE m.centre_id = $1 AND m.participant_id = $2"
	" ORDER BY m.held_on DESC, m.id DESC LIMIT $3 OFFSET $4";

#define ONE_COLUMNS                                                                                   \
	"SELECT m.id, m.version, m.participant_id, m.held_on, m.channel, m.interpreter, m.minutes,"     \
	" m.next_steps, m.next_meeting, m.author_id, COALESCE(u.display_name, '') AS author_name,"      \
	" m.created_at FROM meetings m LEFT JOIN users u ON u.id = m.author_id"                         \
	" WHERE m.id = $1 AND m.centre_id = $2 AND m.participant_id = $3"
static const char sql_get[] = ONE_COLUMNS;
static const char sql_get_lock[] = ONE_COLUMNS " FOR UPDATE OF m";
static const char sql_update[] =
	"UPDATE meetings SET held_on = $1, channel = $2, interpreter = $3, minutes = $4, next_steps = $5,"
	" next_meeting = $6, version = version + 1 WHERE id = $7 AND centre_id = $8 AND version = $9";
static const char sql_delete[] = "DELETE FROM meetings WHERE id = $1 AND centre_id = $2 AND version = $3";
static const char sql_exists[] = "SELECT 1 FROM meetings WHERE id = $1 AND centre_id = $2";
static const char sql_change_add[] =
	"INSERT INTO meeting_changes (centre_id, participant_id, meeting_id, version, fields, reason, at, user_id)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char sql_change_value_add[] =
	"INSERT INTO meeting_change_values (change_id, field, old_value, new_value) VALUES ($1, $2, $3, $4)";
static const char sql_changes[] =
	"SELECT c.id, c.version, c.fields, c.reason, c.at, COALESCE(c.user_id, 0) AS user_id,"
	" COALESCE(u.display_name, '') AS user_name"
	" FROM meeting_changes c LEFT JOIN users u ON u.id = c.user_id"
	" WHERE c.centre_id = $1 AND c.meeting_id = $2 ORDER BY c.version, c.id LIMIT 200";
static const char sql_change_values[] =
	"SELECT field, old_value, new_value FROM meeting_change_values WHERE change_id = $1";

static const char sql_removed[] =
	"SELECT c.meeting_id, COALESCE(v.old_value, '') AS held_on, c.at, COALESCE(c.user_id, 0) AS user_id,"
	" COALESCE(u.display_name, '') AS user_name, c.reason"
	" FROM meeting_changes c LEFT JOIN users u ON u.id = c.user_id"
	" LEFT JOIN meeting_change_values v ON v.change_id = c.id AND v.field = 'held_on'"
	" WHERE c.centre_id = $1 AND c.participant_id = $2 AND c.fields = 'removed'"
	" ORDER BY c.at DESC, c.id DESC LIMIT 200";

/* The fields an edit writes, in the order of sql_update's $1..$6. */
static const char *const edited[] = {"held_on", "channel", "interpreter", "minutes", "next_steps", "next_meeting"};
#define NEDITED (sizeof edited / sizeof edited[0])

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
	limit = store_page_limit(limit, 500, 50);
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

int
store_meeting_get(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t id, bool lock,
		  struct meeting *out)
{
	struct db_stmt *st = db_prepare(db, lock && db_kind(db) == DB_POSTGRES ? sql_get_lock : sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, participant_id);
	fields_clear(meeting_fields, out);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = table_read(st, meeting_fields, out, a);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

/* After a guarded write that changed no row: SC_ECONFLICT when the meeting
 * is there (its version moved), else SC_ENOTFOUND. */
static int
not_written(struct db *db, int64_t centre, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_exists);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? SC_ECONFLICT : SC_ENOTFOUND;
}

/* A line of the change log with its values. */
static int
change_add(struct db *db, int64_t centre, int64_t participant_id, int64_t meeting_id, int64_t version,
	   const char *keys, const char *reason, const struct field_change *changes, size_t nchanges, int64_t by,
	   int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_change_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, meeting_id);
	db_bind_int(st, 4, version);
	db_bind_text(st, 5, keys != NULL ? keys : "");
	db_bind_text(st, 6, reason != NULL ? reason : "");
	db_bind_int(st, 7, now);
	if (by > 0)
		db_bind_int(st, 8, by);
	else
		db_bind_null(st, 8);
	return change_log_add(db, st, sql_change_value_add, changes, nchanges);
}

int
store_meeting_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version, const struct meeting *m,
		     const struct field_change *changes, size_t nchanges, const char *keys, int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_update);
	if (st == NULL)
		return SC_EDB;
	for (size_t i = 0; i < NEDITED; i++)
		table_bind_field(st, (int)i + 1, fields_find(meeting_fields, edited[i]), m);
	db_bind_int(st, 7, id);
	db_bind_int(st, 8, centre);
	db_bind_int(st, 9, expected_version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = not_written(db, centre, id);
	if (rc == SC_OK)
		rc = change_add(db, centre, m->participant_id, id, expected_version + 1, keys, "", changes, nchanges, by,
				now);
	return rc;
}

int
store_meeting_remove(struct db *db, struct arena *a, int64_t centre, const struct meeting *m,
		     int64_t expected_version, const char *reason, int64_t by, int64_t now)
{
	struct field_change kept[NEDITED];
	size_t nkept = 0;
	for (size_t i = 0; i < NEDITED; i++) {
		const struct field *f = fields_find(meeting_fields, edited[i]);
		char *was = field_text(f, m, a);
		if (was == NULL)
			return SC_ENOMEM;
		if (was[0] != '\0')
			kept[nkept++] = (struct field_change){f->key, was, ""};
	}
	struct db_stmt *st = db_prepare(db, sql_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, m->id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, expected_version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = not_written(db, centre, m->id);
	if (rc == SC_OK)
		rc = change_add(db, centre, m->participant_id, m->id, expected_version + 1, "removed", reason, kept,
				nkept, by, now);
	return rc;
}

/* The position of a field among the meeting's (unknown keys last). */
static size_t
field_order(const char *key)
{
	for (size_t i = 0; i < meeting_fields.n; i++)
		if (strcmp(meeting_fields.f[i].key, key) == 0)
			return i;
	return meeting_fields.n;
}

int
store_meeting_changes(struct db *db, struct arena *a, int64_t centre, int64_t id, struct meeting_change **items,
		      size_t *n)
{
	*items = NULL;
	*n = 0;
	struct meeting_change *list = arena_alloc(a, sizeof *list * 200);
	int64_t *ids = arena_alloc(a, sizeof *ids * 200);
	if (list == NULL || ids == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_changes);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 200) {
		struct meeting_change *c = &list[count];
		memset(c, 0, sizeof *c);
		ids[count] = db_col_int(st, 0);
		c->version = db_col_int(st, 1);
		c->fields = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
		c->reason = arena_strdup(a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
		c->at = db_col_int(st, 4);
		c->user_id = db_col_int(st, 5);
		c->user_name = arena_strdup(a, db_col_text(st, 6) ? db_col_text(st, 6) : "");
		if (c->fields == NULL || c->reason == NULL || c->user_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < count; i++) {
		struct meeting_change *c = &list[i];
		c->values = arena_alloc(a, sizeof *c->values * (meeting_fields.n + 1));
		if (c->values == NULL)
			return SC_ENOMEM;
		st = db_prepare(db, sql_change_values);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, ids[i]);
		while ((rc = db_step(st)) == DB_ROW && c->nvalues < meeting_fields.n + 1) {
			struct field_change v = {
				arena_strdup(a, db_col_text(st, 0)),
				arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : ""),
				arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : ""),
			};
			if (!v.field || !v.old_value || !v.new_value) {
				rc = SC_ENOMEM;
				break;
			}
			/* in the order of the fields: insertion among the few read */
			size_t k = c->nvalues++;
			while (k > 0 && field_order(c->values[k - 1].field) > field_order(v.field)) {
				c->values[k] = c->values[k - 1];
				k--;
			}
			c->values[k] = v;
		}
		db_done(st);
		if (rc < 0)
			return rc;
	}
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_meetings_removed(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		       struct meeting_removed **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct meeting_removed *list = arena_alloc(a, sizeof *list * 200);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_removed);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 200) {
		struct meeting_removed *m = &list[count];
		m->meeting_id = db_col_int(st, 0);
		m->held_on = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
		m->at = db_col_int(st, 2);
		m->user_id = db_col_int(st, 3);
		m->user_name = arena_strdup(a, db_col_text(st, 4) ? db_col_text(st, 4) : "");
		m->reason = arena_strdup(a, db_col_text(st, 5) ? db_col_text(st, 5) : "");
		if (m->held_on == NULL || m->user_name == NULL || m->reason == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}
