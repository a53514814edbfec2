/*
 * store_today.c — the queries of a contact person's day; see store_today.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "overdue_sql.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/*
 * Each query returns the columns of today_row_fields: participant_id,
 * given_name, family_name, item_id, item_date, title, item_text, detail;
 * $1 is the user, $2 the cut-off date, $3 the row limit, $4 the centre.
 * "The caseload" is participants.contact_id = the user and a status that is
 * not exited or closed, spelled as a list so that
 * participants_contact(contact_id, status) seeks the open ones only,
 * however many exited participants the contact person once followed.
 */
#define CASELOAD_OPEN "p.contact_id = $1 AND p.status IN " OVERDUE_CASELOAD " AND p.centre_id = $4"

/* The latest meeting of each participant (by held_on, then id) and what it
 * planned: the subquery is one backwards step in meetings_participant per
 * participant, the join a primary-key lookup. */
static const char sql_planned[] =
	"SELECT x.pid AS participant_id, x.given_name, x.family_name, m.id AS item_id,"
	" m.next_meeting AS item_date, '' AS title, '' AS item_text, m.held_on AS detail"
	" FROM (SELECT p.id AS pid, p.given_name, p.family_name,"
	"   (SELECT m2.id FROM meetings m2 WHERE m2.participant_id = p.id AND m2.centre_id = $4"
	"    ORDER BY m2.held_on DESC, m2.id DESC LIMIT 1) AS last_id"
	"  FROM participants p WHERE " CASELOAD_OPEN ") x"
	" JOIN meetings m ON m.id = x.last_id"
	" WHERE m.next_meeting IS NOT NULL AND m.next_meeting <= $2"
	" ORDER BY m.next_meeting, x.family_name, x.given_name, x.pid LIMIT $3";

static const char sql_steps[] =
	"SELECT p.id AS participant_id, p.given_name, p.family_name, s.id AS item_id, s.due_on AS item_date,"
	" g.title AS title, s.description AS item_text, '' AS detail"
	" FROM participants p"
	" JOIN goal_steps s ON s.participant_id = p.id AND s.done_on IS NULL AND s.due_on <= $2"
	" AND s.centre_id = $4"
	" JOIN goals g ON g.id = s.goal_id"
	" WHERE " CASELOAD_OPEN " AND g.status IN " OVERDUE_GOAL_OPEN
	" ORDER BY s.due_on, p.family_name, p.given_name, s.id LIMIT $3";

static const char sql_evaluations[] =
	"SELECT p.id AS participant_id, p.given_name, p.family_name, e.id AS item_id, e.due_on AS item_date,"
	" '' AS title, '' AS item_text, '' AS detail"
	" FROM participants p"
	" JOIN plan_evaluations e ON e.participant_id = p.id AND e.done_on IS NULL AND e.due_on <= $2"
	" AND e.centre_id = $4"
	" WHERE " CASELOAD_OPEN
	" ORDER BY e.due_on, p.family_name, p.given_name, e.id LIMIT $3";

/* The last contact is the latest meeting, else the latest programme start;
 * both are one index step per participant (MAX on an index prefix). */
static const char sql_no_contact[] =
	"SELECT x.pid AS participant_id, x.given_name, x.family_name, 0 AS item_id,"
	" COALESCE(x.lm, x.es, '') AS item_date, '' AS title, '' AS item_text,"
	" CASE WHEN x.lm IS NOT NULL THEN 'meeting' WHEN x.es IS NOT NULL THEN 'start' ELSE '' END AS detail"
	" FROM (SELECT p.id AS pid, p.given_name, p.family_name,"
	"   (SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id AND m.centre_id = $4) AS lm,"
	"   (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id"
	"    AND e.centre_id = $4) AS es"
	"  FROM participants p WHERE p.contact_id = $1 AND p.status IN ('active', 'paused')"
	"  AND p.centre_id = $4) x"
	" WHERE COALESCE(x.lm, x.es, '') < $2"
	" ORDER BY COALESCE(x.lm, x.es, ''), x.family_name, x.given_name, x.pid LIMIT $3";

static const char sql_tasks[] =
	"SELECT p.id AS participant_id, p.given_name, p.family_name, t.id AS item_id, t.due_on AS item_date,"
	" t.kind AS title, '' AS item_text, '' AS detail"
	" FROM tasks t JOIN participants p ON p.id = t.participant_id"
	" WHERE t.assignee_id = $1 AND t.done_on IS NULL AND t.due_on <= $2 AND t.centre_id = $4"
	" ORDER BY t.due_on, p.family_name, p.given_name, t.id LIMIT $3";

/* Runs one query, one more row than is shown, to tell whether there are
 * more. */
static int
today_list(struct db *db, struct arena *a, const char *sql, int64_t centre, int64_t user_id,
	   struct date cut, struct today_list *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	char day[11];
	date_format(cut, day);
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, day);
	db_bind_int(st, 3, TODAY_MAX_ROWS + 1);
	db_bind_int(st, 4, centre);
	struct today_row *rows = NULL;
	size_t cap = 0, count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == TODAY_MAX_ROWS) {
			out->more = true;
			continue;
		}
		if (count == cap) {
			/* Most lists are short: grow from 16 rows. */
			size_t ncap = cap == 0 ? 16 : cap * 2;
			if (ncap > TODAY_MAX_ROWS)
				ncap = TODAY_MAX_ROWS;
			struct today_row *bigger = arena_alloc(a, sizeof *bigger * ncap);
			if (bigger == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			if (count > 0)
				memcpy(bigger, rows, sizeof *rows * count);
			rows = bigger;
			cap = ncap;
		}
		fields_clear(today_row_fields, &rows[count]);
		rc = table_read(st, today_row_fields, &rows[count], a);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->rows = rows;
	out->n = count;
	return SC_OK;
}

int
store_today(struct db *db, struct arena *a, int64_t centre, int64_t user_id, struct date today,
	    struct date window_end, struct date contact_before, struct today_lists *out)
{
	memset(out, 0, sizeof *out);
	int rc = today_list(db, a, sql_planned, centre, user_id, today, &out->planned);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_steps, centre, user_id, window_end, &out->steps);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_evaluations, centre, user_id, window_end, &out->evaluations);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_no_contact, centre, user_id, contact_before, &out->no_contact);
	if (rc == SC_OK)
		rc = today_list(db, a, sql_tasks, centre, user_id, window_end, &out->tasks);
	return rc;
}
