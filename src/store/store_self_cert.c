/*
 * store_self_cert.c — self-certified sickness in the store; see
 * store_attendance.h: the rule's inputs (a participant's self-certified
 * marks and the days they had sessions), the flags it sets on the marks
 * (beyond the rule, a doctor's note registered), and the dated rules
 * themselves (decision 36). The register is store_attendance.c.
 */
#include "db.h"
#include "pause_sql.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>


/* ---- the self-certification rule's inputs and flags ---- */

/* A day the participant is paused is none of theirs (decision 173): a
 * mark kept of it is not a day of self-certified sickness, and its
 * sessions are not theirs, so it neither counts in a period nor breaks
 * one, as a weekend does (decisions 36 and 170; PAUSED_ON()). */
static const char sql_sick_marks[] =
	"SELECT s.id, s.on_date, a.doctor_note, a.beyond FROM group_enrolments e"
	" JOIN activity_sessions s ON s.group_id = e.group_id AND s.centre_id = e.centre_id"
	" AND s.on_date >= e.starts_on AND s.on_date <= e.ends_on"
	" JOIN attendance a ON a.session_id = s.id AND a.participant_id = e.participant_id"
	" WHERE e.participant_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled'"
	" AND s.on_date >= $3 AND s.on_date <= $4 AND s.status = 'planned'"
	" AND a.mark = 'absent' AND a.absence = 'sick_self' AND NOT " PAUSED_ON("e.participant_id", "s.on_date")
	" ORDER BY s.on_date, s.start_min, s.id";

int
store_attendance_sick_marks(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			    struct date from, struct date to, struct sick_mark **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_sick_marks);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, from);
	table_bind_date(st, 4, to);
	struct sick_mark *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		list[count].session_id = db_col_int(st, 0);
		list[count].date = table_text_date(db_col_text(st, 1));
		list[count].doctor_note = db_col_int(st, 2) == 1;
		list[count].beyond = db_col_int(st, 3) == 1;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

static const char sql_session_days[] =
	"SELECT DISTINCT s.on_date FROM group_enrolments e"
	" JOIN activity_sessions s ON s.group_id = e.group_id AND s.centre_id = e.centre_id"
	" AND s.on_date >= e.starts_on AND s.on_date <= e.ends_on"
	" WHERE e.participant_id = $1 AND e.centre_id = $2 AND e.status = 'enrolled'"
	" AND s.on_date >= $3 AND s.on_date <= $4 AND s.status = 'planned'"
	" AND NOT " PAUSED_ON("e.participant_id", "s.on_date") " ORDER BY s.on_date";

int
store_attendance_session_days(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			      struct date from, struct date to, struct date **days, size_t *n)
{
	*days = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_session_days);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, from);
	table_bind_date(st, 4, to);
	struct date *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		list[count++] = table_text_date(db_col_text(st, 0));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*days = list;
	*n = count;
	return SC_OK;
}

static const char sql_set_beyond[] =
	"UPDATE attendance SET beyond = $4 WHERE session_id = $1 AND participant_id = $2 AND centre_id = $3";
static const char sql_set_note[] =
	"UPDATE attendance SET doctor_note = 1, beyond = 0 WHERE session_id = $1 AND participant_id = $2"
	" AND centre_id = $3 AND mark = 'absent' AND absence = 'sick_self' AND doctor_note = 0";

int
store_attendance_set_beyond(struct db *db, int64_t centre, int64_t session_id, int64_t participant_id, bool beyond)
{
	struct db_stmt *st = db_prepare(db, sql_set_beyond);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, session_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, centre);
	db_bind_int(st, 4, beyond ? 1 : 0);
	return db_run(st, NULL);
}

int
store_attendance_set_note(struct db *db, int64_t centre, int64_t session_id, int64_t participant_id)
{
	struct db_stmt *st = db_prepare(db, sql_set_note);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, session_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ENOTFOUND : rc;
}

/* ---- the self-certification rule ---- */

static const char sql_rules[] =
	"SELECT r.valid_from, r.max_days, r.max_periods, r.created_at, COALESCE(u.display_name, '')"
	" FROM self_cert_rules r LEFT JOIN users u ON u.id = r.created_by ORDER BY r.valid_from";
static const char sql_rule_on[] =
	"SELECT max_days, max_periods FROM self_cert_rules WHERE valid_from <= $1"
	" ORDER BY valid_from DESC LIMIT 1";
static const char sql_rule_exists[] = "SELECT 1 FROM self_cert_rules WHERE valid_from = $1";
static const char sql_rule_add[] =
	"INSERT INTO self_cert_rules (valid_from, max_days, max_periods, created_at, created_by)"
	" VALUES ($1, $2, $3, $4, $5)";

int
store_self_cert_rules(struct db *db, struct arena *a, struct self_cert_rule_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_rules);
	if (st == NULL)
		return SC_EDB;
	struct self_cert_rule_row *list = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		list = table_grow(a, list, count, &cap, sizeof *list);
		if (list == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct self_cert_rule_row *r = &list[count++];
		r->valid_from = table_text_date(db_col_text(st, 0));
		r->rule.max_days = (int)db_col_int(st, 1);
		r->rule.max_periods = (int)db_col_int(st, 2);
		r->created_at = db_col_int(st, 3);
		r->created_by_name = arena_strdup(a, db_col_text(st, 4));
		if (r->created_by_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_self_cert_rule_on(struct db *db, struct date day, struct self_cert_rule *out)
{
	out->max_days = 3;
	out->max_periods = 4;
	struct db_stmt *st = db_prepare(db, sql_rule_on);
	if (st == NULL)
		return SC_EDB;
	table_bind_date(st, 1, day);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->max_days = (int)db_col_int(st, 0);
		out->max_periods = (int)db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_self_cert_rule_add(struct db *db, struct date valid_from, const struct self_cert_rule *r, int64_t by,
			 int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_rule_exists);
	if (st == NULL)
		return SC_EDB;
	table_bind_date(st, 1, valid_from);
	int rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW)
		return SC_ECONFLICT;
	if (rc < 0)
		return rc;
	st = db_prepare(db, sql_rule_add);
	if (st == NULL)
		return SC_EDB;
	table_bind_date(st, 1, valid_from);
	db_bind_int(st, 2, r->max_days);
	db_bind_int(st, 3, r->max_periods);
	db_bind_int(st, 4, now);
	if (by > 0)
		db_bind_int(st, 5, by);
	else
		db_bind_null(st, 5);
	return db_run(st, NULL);
}
