/*
 * store_report_attendance_kept.c — the Attendance report's kept tables
 * (migrations 33, 42, 46, 55 and 58): their check against their views,
 * made from scratch; see store_report.h. The report itself is
 * store_report_attendance.c.
 */
#include "db.h"
#include "store.h"
#include "store_report_parts.h"

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

