/*
 * store_task.c — the follow-up tasks after exit; see store_task.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

/* The task's columns (task_fields) and its context (task_context_fields). */
#define TASK_SELECT \
	"SELECT t.id, t.participant_id, t.kind, t.due_on, t.assignee_id, t.done_on, t.done_by, t.result," \
	" t.note, t.part_time_percent, t.source, t.result_on, t.enrolment_id, COALESCE(ua.display_name, '') AS assignee_name," \
	" COALESCE(ud.display_name, '') AS done_by_name" \
	" FROM tasks t LEFT JOIN users ua ON ua.id = t.assignee_id LEFT JOIN users ud ON ud.id = t.done_by"

static const char sql_get[] = TASK_SELECT " WHERE t.centre_id = $1 AND t.id = $2";
static const char sql_participant[] =
	TASK_SELECT " WHERE t.centre_id = $1 AND t.participant_id = $2 ORDER BY t.due_on, t.id LIMIT 100";
static const char sql_done[] =
	"UPDATE tasks SET done_on = $1, done_by = $2, result = $3, note = $4, part_time_percent = $7,"
	" source = $8, result_on = $9 WHERE centre_id = $5 AND id = $6 AND done_on IS NULL";
static const char sql_exists[] = "SELECT 1 FROM tasks WHERE centre_id = $1 AND id = $2";

/* Reads the current row: the task and its context. */
static int
read_task(struct db_stmt *st, struct arena *a, struct task *t)
{
	fields_clear(task_fields, t);
	fields_clear(task_context_fields, t);
	int rc = table_read(st, task_fields, t, a);
	return rc == SC_OK ? table_read(st, task_context_fields, t, a) : rc;
}

int
store_task_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct task *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_task(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

int
store_tasks(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, struct task **items,
	    size_t *n)
{
	*items = NULL;
	*n = 0;
	struct task *list = arena_alloc(a, sizeof *list * 100);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_participant);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 100) {
		rc = read_task(st, a, &list[count]);
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
store_task_done(struct db *db, int64_t centre, const struct task *t)
{
	const struct field *done_on = fields_find(task_fields, "done_on");
	const struct field *result = fields_find(task_fields, "result");
	/* a result of the list, on a day */
	if ((size_t)t->result >= result->noptions || !field_given(done_on, t))
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_done);
	if (st == NULL)
		return SC_EDB;
	table_bind_field(st, 1, done_on, t);
	table_bind_field(st, 2, fields_find(task_fields, "done_by"), t);
	table_bind_field(st, 3, result, t);
	db_bind_text(st, 4, t->note != NULL ? t->note : "");
	db_bind_int(st, 5, centre);
	db_bind_int(st, 6, t->id);
	table_bind_field(st, 7, fields_find(task_fields, "part_time_percent"), t);
	table_bind_field(st, 8, fields_find(task_fields, "source"), t);
	table_bind_field(st, 9, fields_find(task_fields, "result_on"), t);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK || changed > 0)
		return rc;
	/* Nothing changed: the task is not there, or someone registered it first. */
	st = db_prepare(db, sql_exists);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, t->id);
	rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? SC_ECONFLICT : SC_ENOTFOUND;
}
