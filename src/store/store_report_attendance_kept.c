/*
 * store_report_attendance_kept.c — the Attendance report's kept tables
 * (migrations 33, 42, 46, 55, 58 and 83): their check against their
 * views, made from scratch, and a participant's months counted again when
 * a pause changes which of their marks count; see store_report.h. The report itself is
 * store_report_attendance.c.
 */
#include "db.h"
#include "pause_sql.h"
#include "store.h"
#include "store_report_parts.h"
#include "domain/date.h"
#include "util/err.h"

#include <string.h>

/* Attendance's kept tables (migrations 33, 42, 46, 55 and 58) against their views:
 * the rows missing, extra, kept and made from scratch, each summed over
 * the tables. */
#define ATT_MISSING(t) "(SELECT COUNT(*) FROM (SELECT * FROM " t "_source WHERE centre_id = $1" \
	" EXCEPT SELECT * FROM " t " WHERE centre_id = $1) x)"
#define ATT_EXTRA(t) "(SELECT COUNT(*) FROM (SELECT * FROM " t " WHERE centre_id = $1" \
	" EXCEPT SELECT * FROM " t "_source WHERE centre_id = $1) x)"
#define ATT_KEPT(t) "(SELECT COUNT(*) FROM " t " WHERE centre_id = $1)"
#define ATT_FRESH(t) "(SELECT COUNT(*) FROM " t "_source WHERE centre_id = $1)"
#define ATT_TABLES(f, sep) f("attendance_months") sep f("attendance_sessions") sep f("attendance_group_months") \
	sep f("attendance_group_sums") sep f("attendance_month_sums") \
	sep f("attendance_group_firsts") sep f("attendance_type_firsts") sep f("attendance_type_months") \
	sep f("attendance_month_people") sep f("attendance_month_counts") sep f("attendance_people") \
	sep f("attendance_class_gfirsts") sep f("attendance_class_tfirsts") sep f("attendance_class_groups") \
	sep f("attendance_class_types") sep f("attendance_class_months") sep f("attendance_dim_groups") \
	sep f("attendance_dim_types") sep f("attendance_dim_months")
static const char sql_attendance_differ[] = "SELECT " ATT_TABLES(ATT_MISSING, " + ") ", " ATT_TABLES(ATT_EXTRA, " + ")
	", " ATT_TABLES(ATT_KEPT, " + ") ", " ATT_TABLES(ATT_FRESH, " + ");

int
store_report_attendance_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra)
{
	return report_facts_differ(db, sql_attendance_differ, centre, missing, extra);
}

/* A participant's months counted again (store_report_attendance_recount()),
 * by the views' rule (migration 83) in the groups they were enrolled in:
 * from their enrolments to the groups' sessions (activity_sessions_group)
 * and the register's primary key, not a scan of the marks (the order a
 * CROSS JOIN keeps on SQLite). $1 the centre, $2 the participant, $3..$4
 * the first and last month ("YYYY-MM") or the first and last day of those
 * months. */
#define RECOUNT_GROUPS "(SELECT e.group_id FROM group_enrolments e WHERE e.participant_id = $2 AND e.centre_id = $1)"
#define RECOUNT_SESSIONS \
	" FROM (SELECT DISTINCT e.group_id FROM group_enrolments e WHERE e.participant_id = $2 AND e.centre_id = $1) eg" \
	" CROSS JOIN activity_sessions s"
static const char sql_recount_months_drop[] =
	"DELETE FROM attendance_months WHERE centre_id = $1 AND participant_id = $2 AND month >= $3 AND month <= $4"
	" AND group_id IN " RECOUNT_GROUPS;
static const char sql_recount_months[] =
	"INSERT INTO attendance_months (centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused)"
	" SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, a.participant_id, g.activity_type_id, COUNT(*),"
	"  SUM(CASE WHEN a.mark IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END),"
	"  SUM(CASE WHEN a.mark = 'absent' AND a.absence = 'unexcused' THEN 1 ELSE 0 END)"
	RECOUNT_SESSIONS " CROSS JOIN attendance a"
	" JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id"
	" WHERE s.group_id = eg.group_id AND s.centre_id = $1 AND s.on_date >= $3 AND s.on_date <= $4"
	"  AND s.status = 'planned' AND a.session_id = s.id AND a.participant_id = $2 AND a.centre_id = s.centre_id"
	"  AND NOT " PAUSED_ON("a.participant_id", "s.on_date")
	" GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, a.participant_id, g.activity_type_id";
static const char sql_recount_sessions_drop[] =
	"DELETE FROM attendance_sessions WHERE centre_id = $1 AND month >= $3 AND month <= $4"
	" AND group_id IN " RECOUNT_GROUPS;
static const char sql_recount_sessions[] =
	"INSERT INTO attendance_sessions (centre_id, month, group_id, type_id, sessions)"
	" SELECT s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id, COUNT(*)"
	RECOUNT_SESSIONS " JOIN activity_groups g ON g.id = s.group_id AND g.centre_id = s.centre_id"
	" WHERE s.group_id = eg.group_id AND s.centre_id = $1 AND s.on_date >= $3 AND s.on_date <= $4"
	"  AND s.status = 'planned' AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.centre_id = s.centre_id"
	"  AND NOT " PAUSED_ON("a.participant_id", "s.on_date") ")"
	" GROUP BY s.centre_id, substr(s.on_date, 1, 7), s.group_id, g.activity_type_id";

int
store_report_attendance_recount(struct db *db, int64_t centre, int64_t participant_id, struct date from,
				struct date to)
{
	if (from.y == 0)
		from = (struct date){1, 1, 1};
	if (to.y == 0)
		to = (struct date){9999, 12, 31};
	if (date_cmp(from, to) > 0)
		return SC_OK;
	/* whole months: their first and last days, and "YYYY-MM" */
	char days[2][11], months[2][11];
	date_format((struct date){from.y, from.m, 1}, days[0]);
	date_format((struct date){to.y, to.m, date_days_in_month(to.y, to.m)}, days[1]);
	for (int i = 0; i < 2; i++) {
		memcpy(months[i], days[i], 7);
		months[i][7] = '\0';
	}
	/* the rows dropped, then made again: their triggers keep the counts
	 * made from them */
	const char *const sql[4] = {sql_recount_months_drop, sql_recount_months, sql_recount_sessions_drop,
				    sql_recount_sessions};
	int rc = SC_OK;
	for (int i = 0; i < 4 && rc == SC_OK; i++) {
		struct db_stmt *st = db_prepare(db, sql[i]);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, centre);
		db_bind_int(st, 2, participant_id);
		db_bind_text(st, 3, i % 2 == 0 ? months[0] : days[0]);
		db_bind_text(st, 4, i % 2 == 0 ? months[1] : days[1]);
		rc = db_run(st, NULL);
	}
	return rc;
}
