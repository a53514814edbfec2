/*
 * store_demo_facts.c — the kept tables a demo load makes from their views
 * (see store_demo.c): the reports' facts and what is kept from them, and
 * Today's lines. Their triggers are paused for the load and every row is
 * made at once at its end, in its transaction.
 */
#include "store_demo_parts.h"
#include "../util/err.h"
#include "../util/timeutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the reports' facts ---- */

/*
 * report_facts (migration 24) is kept by triggers that recompute a period's
 * row at each write: right for a centre's writes, far too slow for a
 * million rows. A bulk load pauses them (SQLite: drops them, kept to be
 * made again; PostgreSQL: disables them), drops the table's indexes with
 * the others, and at the end makes every row at once from the view
 * report_facts_source, in the load's transaction, before the indexes are
 * built again.
 */
static const char sql_facts_triggers_sqlite[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report!_facts!_%' ESCAPE '!'"
	" ORDER BY name";
static const char sql_facts_triggers_pg[] =
	"SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
	" WHERE t.tgname LIKE 'report!_facts!_%' ESCAPE '!' AND NOT t.tgisinternal"
	" AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname";
static const char sql_facts_fill[] =
	"DELETE FROM report_facts; INSERT INTO report_facts SELECT * FROM report_facts_source ORDER BY enrolment_id";
/* Intake's referrals (migration 26): their triggers are named
 * report_facts_intake_*, paused and resumed with the others. The view
 * intake_facts_source looks each referral's events and screenings up
 * (right for a trigger's one referral: 1 s of CPU at 100,000 for all); the
 * load makes the same rows from one grouped pass over each table instead
 * (0.7 s): a rule's latest screening is the largest screened_at * 2 + pass
 * of the rule, kept when its time is the referral's latest. The demo's
 * test compares the rows with the view. */
static const char sql_intake_fill[] =
	"DELETE FROM intake_facts;"
	" INSERT INTO intake_facts SELECT r.centre_id, r.id, r.participant_id, COALESCE(p.contact_id, 0), p.gender,"
	" p.country_of_birth, p.birth_date, p.schooling_years, r.source, r.referred_on, w.wf,"
	" CASE WHEN w.wf IS NULL THEN NULL ELSE COALESCE(w.wt, '9999-12-31') END,"
	" CASE WHEN s.ka / 2 = s.at THEN s.ka % 2 END, CASE WHEN s.ki / 2 = s.at THEN s.ki % 2 END,"
	" CASE WHEN s.kn / 2 = s.at THEN s.kn % 2 END, CASE WHEN s.kl / 2 = s.at THEN s.kl % 2 END,"
	/* the age at the referral (migration 51), as the view says it */
	" CASE WHEN r.referred_on < p.birth_date THEN -1 ELSE CAST(substr(r.referred_on, 1, 4) AS BIGINT)"
	"  - CAST(substr(p.birth_date, 1, 4) AS BIGINT)"
	"  - CASE WHEN substr(r.referred_on, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END"
	" FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id"
	" LEFT JOIN (SELECT referral_id, centre_id, MIN(CASE WHEN to_state = 'waiting' THEN on_date END) AS wf,"
	"  MIN(CASE WHEN to_state IN ('accepted', 'declined', 'withdrawn', 'ineligible') THEN on_date END) AS wt"
	"  FROM referral_events GROUP BY referral_id, centre_id) w ON w.referral_id = r.id AND w.centre_id = r.centre_id"
	" LEFT JOIN (SELECT referral_id, centre_id, MAX(screened_at) AS at,"
	"  MAX(CASE WHEN rule = 'age' THEN screened_at * 2 + pass END) AS ka,"
	"  MAX(CASE WHEN rule = 'intro_ended' THEN screened_at * 2 + pass END) AS ki,"
	"  MAX(CASE WHEN rule = 'not_enrolled' THEN screened_at * 2 + pass END) AS kn,"
	"  MAX(CASE WHEN rule = 'lawful_residence' THEN screened_at * 2 + pass END) AS kl"
	"  FROM screening_results GROUP BY referral_id, centre_id) s ON s.referral_id = r.id AND s.centre_id = r.centre_id"
	" ORDER BY r.id";
/* The facts counted by the reports' groups (migration 32), kept by
 * triggers report_facts_* on the facts, paused with the others: made from
 * their views (the kept rows grouped) once the rows are; on SQLite's bulk
 * path grouped in C (group_rows()) from the views' rows, in the views'
 * order of columns. */
struct grouped {
	int t;                  /* the table (tabs[]) */
	int nkeys, nsums;
	bool nonzero;           /* HAVING SUM(first) <> 0 */
	const char *rows;       /* the view's rows before its GROUP BY */
	const char *fill;       /* from the view */
};

static int fill_grouped(struct demo_load *l, const struct grouped *g);

static const struct grouped counts_grouped[] = {
	{KEPT_REPORT_GROUPS, 10, 4, false,
	 "SELECT centre_id, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''), COALESCE(result12, ''),"
	 " gender, country, CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END, 1,"
	 " CASE WHEN exit_day >= start_day THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN start_day ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN exit_day ELSE 0 END FROM report_facts",
	 "DELETE FROM report_groups; INSERT INTO report_groups SELECT * FROM report_groups_source"},
	{KEPT_REPORT_WAITS, 5, 1, false,
	 "SELECT centre_id, start_year, COALESCE(wait_days, -1), gender, country, 1 FROM report_facts",
	 "DELETE FROM report_waits; INSERT INTO report_waits SELECT * FROM report_waits_source"},
	{KEPT_REPORT_JOBS, 5, 1, false,
	 "SELECT centre_id, start_year, COALESCE(job_days, -1), gender, country, 1 FROM report_facts",
	 "DELETE FROM report_jobs; INSERT INTO report_jobs SELECT * FROM report_jobs_source"},
	/* the same by age and gender (migration 53) */
	{KEPT_REPORT_AGE_GROUPS, 10, 4, false,
	 "SELECT centre_id, age, gender, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''),"
	 " COALESCE(result12, ''), CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END, 1,"
	 " CASE WHEN exit_day >= start_day THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN start_day ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN exit_day ELSE 0 END FROM report_facts",
	 "DELETE FROM report_age_groups; INSERT INTO report_age_groups SELECT * FROM report_age_groups_source"},
	{KEPT_REPORT_AGE_WAITS, 5, 1, false,
	 "SELECT centre_id, age, gender, start_year, COALESCE(wait_days, -1), 1 FROM report_facts",
	 "DELETE FROM report_age_waits; INSERT INTO report_age_waits SELECT * FROM report_age_waits_source"},
	{KEPT_REPORT_AGE_JOBS, 5, 1, false,
	 "SELECT centre_id, age, gender, start_year, COALESCE(job_days, -1), 1 FROM report_facts",
	 "DELETE FROM report_age_jobs; INSERT INTO report_age_jobs SELECT * FROM report_age_jobs_source"},
	{KEPT_INTAKE_SOURCES, 8, 1, false,
	 "SELECT centre_id, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1), COALESCE(s_not_enrolled, -1),"
	 " COALESCE(s_lawful_residence, -1), gender, country, 1 FROM intake_facts",
	 "DELETE FROM intake_sources; INSERT INTO intake_sources SELECT * FROM intake_sources_source"},
	/* the referrals by source and screening by age and gender (migration 56) */
	{KEPT_INTAKE_AGE_SOURCES, 8, 1, false,
	 "SELECT centre_id, age, gender, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1),"
	 " COALESCE(s_not_enrolled, -1), COALESCE(s_lawful_residence, -1), 1 FROM intake_facts",
	 "DELETE FROM intake_age_sources; INSERT INTO intake_age_sources SELECT * FROM intake_age_sources_source"},
	/* the same by the years of schooling and gender (migration 59) */
	{KEPT_REPORT_SCHOOL_GROUPS, 10, 4, false,
	 "SELECT centre_id, COALESCE(schooling, -1), gender, exit_year, start_year, COALESCE(outcome, ''),"
	 " COALESCE(result6, ''), COALESCE(result12, ''), CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END, 1,"
	 " CASE WHEN exit_day >= start_day THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN start_day ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN exit_day ELSE 0 END FROM report_facts",
	 "DELETE FROM report_school_groups; INSERT INTO report_school_groups SELECT * FROM report_school_groups_source"},
	{KEPT_REPORT_SCHOOL_WAITS, 5, 1, false,
	 "SELECT centre_id, COALESCE(schooling, -1), gender, start_year, COALESCE(wait_days, -1), 1 FROM report_facts",
	 "DELETE FROM report_school_waits; INSERT INTO report_school_waits SELECT * FROM report_school_waits_source"},
	{KEPT_REPORT_SCHOOL_JOBS, 5, 1, false,
	 "SELECT centre_id, COALESCE(schooling, -1), gender, start_year, COALESCE(job_days, -1), 1 FROM report_facts",
	 "DELETE FROM report_school_jobs; INSERT INTO report_school_jobs SELECT * FROM report_school_jobs_source"},
	{KEPT_INTAKE_SCHOOL_SOURCES, 8, 1, false,
	 "SELECT centre_id, COALESCE(schooling, -1), gender, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1),"
	 " COALESCE(s_not_enrolled, -1), COALESCE(s_lawful_residence, -1), 1 FROM intake_facts",
	 "DELETE FROM intake_school_sources; INSERT INTO intake_school_sources SELECT * FROM intake_school_sources_source"},
	{KEPT_INTAKE_DAYS, 4, 2, false,
	 "SELECT centre_id, waiting_from, gender, country, 1, 0 FROM intake_facts WHERE waiting_to >= waiting_from"
	 " UNION ALL SELECT centre_id, waiting_to, gender, country, 0, 1 FROM intake_facts"
	 " WHERE waiting_to >= waiting_from",
	 "DELETE FROM intake_days; INSERT INTO intake_days SELECT * FROM intake_days_source"},
	/* Results' exits by day (migration 67) */
	{KEPT_REPORT_EXIT_DAYS, 9, 1, false,
	 "SELECT centre_id, exit_date, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''),"
	 " COALESCE(result12, ''), gender, country, 1 FROM report_facts WHERE exit_date IS NOT NULL",
	 "DELETE FROM report_exit_days; INSERT INTO report_exit_days SELECT * FROM report_exit_days_source"},
};

/* Attendance's months and sessions (migration 33), triggers
 * report_facts_attendance_*, are counted by the load (write_kept_marks()),
 * then what is counted from the months (migration 42): the first months
 * and the months' people, then the counts of them. */
static const char sql_att_counts_fill[] =
	" DELETE FROM attendance_group_firsts;"
	" INSERT INTO attendance_group_firsts SELECT * FROM attendance_group_firsts_source;"
	" DELETE FROM attendance_type_firsts; INSERT INTO attendance_type_firsts SELECT * FROM attendance_type_firsts_source;"
	" DELETE FROM attendance_month_people;"
	" INSERT INTO attendance_month_people SELECT * FROM attendance_month_people_source;"
	" DELETE FROM attendance_group_months;"
	" INSERT INTO attendance_group_months SELECT * FROM attendance_group_months_source;"
	" DELETE FROM attendance_type_months; INSERT INTO attendance_type_months SELECT * FROM attendance_type_months_source;"
	" DELETE FROM attendance_month_counts;"
	" INSERT INTO attendance_month_counts SELECT * FROM attendance_month_counts_source;"
	/* the groups' and months' sums (migration 55) */
	" DELETE FROM attendance_group_sums; INSERT INTO attendance_group_sums SELECT * FROM attendance_group_sums_source;"
	" DELETE FROM attendance_month_sums; INSERT INTO attendance_month_sums SELECT * FROM attendance_month_sums_source";
/* Attendance's counts by the filters' class (migration 46, decision 96),
 * triggers report_facts_attendance_class_*: each participant's periods,
 * then the first months and counts of the people of one period, from the
 * kept months (equal to their views), as the migration fills them. Each
 * step names the table it fills: PostgreSQL analyzes it before the next
 * step joins it (see fill_attendance_classes()). The steps that group
 * many rows into fewer are grouped in C on SQLite's bulk path
 * (group_rows(), from the same rows before their GROUP BY): a month of a
 * group by six dimensions is 2.6 million rows into 1.1 million groups at
 * 200,000 participants, 15 s of CPU in SQLite's sort for the GROUP BY, of
 * which the join is 2 s. The other steps, and every step on PostgreSQL,
 * run their statement. */
static const struct {
	struct grouped g;       /* g.fill the step's statement; g.rows NULL: no grouping in C */
	const char *table;
} attendance_class_steps[] = {
	{{0, 0, 0, false, NULL,
	  "DELETE FROM attendance_people; INSERT INTO attendance_people SELECT * FROM attendance_people_source"},
	 "attendance_people"},
	{{0, 0, 0, false, NULL,
	  "DELETE FROM attendance_class_gfirsts;"
	  " INSERT INTO attendance_class_gfirsts SELECT m.centre_id, m.group_id, m.participant_id, MIN(m.month)"
	  " FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id"
	  " AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	  " GROUP BY m.centre_id, m.group_id, m.participant_id"},
	 "attendance_class_gfirsts"},
	{{0, 0, 0, false, NULL,
	  "DELETE FROM attendance_class_tfirsts;"
	  " INSERT INTO attendance_class_tfirsts SELECT m.centre_id, m.type_id, m.participant_id, MIN(m.month)"
	  " FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id"
	  " AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	  " GROUP BY m.centre_id, m.type_id, m.participant_id"},
	 "attendance_class_tfirsts"},
	{{KEPT_ATT_CLASS_GROUPS, 7, 4, false,
	  "SELECT m.centre_id, p.gender, p.start_year, p.exit_year, m.month, m.group_id, m.type_id, m.marks,"
	  " m.attended, m.unexcused, CASE WHEN f.month = m.month THEN 1 ELSE 0 END"
	  /* in this order: without its GROUP BY SQLite read the months
	   * (their index dropped for the load) once for each first month */
	  " FROM attendance_months m CROSS JOIN attendance_people p CROSS JOIN attendance_class_gfirsts f"
	  " WHERE p.centre_id = m.centre_id AND p.participant_id = m.participant_id AND p.periods = 1"
	  " AND m.month >= p.start_month AND f.centre_id = m.centre_id AND f.group_id = m.group_id"
	  " AND f.participant_id = m.participant_id",
	  "DELETE FROM attendance_class_groups;"
	  " INSERT INTO attendance_class_groups SELECT m.centre_id, p.gender, p.start_year, p.exit_year, m.month,"
	  " m.group_id, m.type_id, SUM(m.marks), SUM(m.attended), SUM(m.unexcused),"
	  " SUM(CASE WHEN f.month = m.month THEN 1 ELSE 0 END)"
	  " FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id"
	  " AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	  " JOIN attendance_class_gfirsts f ON f.centre_id = m.centre_id AND f.group_id = m.group_id"
	  " AND f.participant_id = m.participant_id"
	  " GROUP BY m.centre_id, p.gender, p.start_year, p.exit_year, m.month, m.group_id, m.type_id"},
	 NULL},
	{{0, 0, 0, false, NULL,
	  "DELETE FROM attendance_class_types;"
	  " INSERT INTO attendance_class_types SELECT f.centre_id, p.gender, p.start_year, p.exit_year, f.type_id, f.month,"
	  " COUNT(*) FROM attendance_class_tfirsts f JOIN attendance_people p ON p.centre_id = f.centre_id"
	  " AND p.participant_id = f.participant_id"
	  " GROUP BY f.centre_id, p.gender, p.start_year, p.exit_year, f.type_id, f.month"},
	 NULL},
	{{0, 0, 0, false, NULL,
	  "DELETE FROM attendance_class_months;"
	  " INSERT INTO attendance_class_months SELECT m.centre_id, p.gender, p.start_year, p.exit_year, m.month, COUNT(*)"
	  " FROM attendance_month_people m JOIN attendance_people p ON p.centre_id = m.centre_id"
	  " AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	  " GROUP BY m.centre_id, p.gender, p.start_year, p.exit_year, m.month"},
	 NULL},
	/* and by a country, an age band or a schooling band (migration 58),
	 * triggers report_facts_attendance_dim_* */
	{{KEPT_ATT_DIM_GROUPS, 7, 4, false,
	  "SELECT m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id, m.marks, m.attended,"
	  " m.unexcused, CASE WHEN f.month = m.month THEN 1 ELSE 0 END"
	  " FROM attendance_months m CROSS JOIN attendance_people_dims d CROSS JOIN attendance_class_gfirsts f"
	  " WHERE d.centre_id = m.centre_id AND d.participant_id = m.participant_id AND m.month >= d.start_month"
	  " AND f.centre_id = m.centre_id AND f.group_id = m.group_id AND f.participant_id = m.participant_id",
	  "DELETE FROM attendance_dim_groups;"
	  " INSERT INTO attendance_dim_groups SELECT m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id,"
	  " m.type_id, SUM(m.marks), SUM(m.attended), SUM(m.unexcused), SUM(CASE WHEN f.month = m.month THEN 1 ELSE 0 END)"
	  " FROM attendance_months m CROSS JOIN attendance_people_dims d CROSS JOIN attendance_class_gfirsts f"
	  " WHERE d.centre_id = m.centre_id AND d.participant_id = m.participant_id AND m.month >= d.start_month"
	  " AND f.centre_id = m.centre_id AND f.group_id = m.group_id AND f.participant_id = m.participant_id"
	  " GROUP BY m.centre_id, d.dim, d.value, d.gender, m.month, m.group_id, m.type_id"},
	 NULL},
	{{KEPT_ATT_DIM_TYPES, 6, 1, false,
	  "SELECT f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month, 1"
	  " FROM attendance_class_tfirsts f CROSS JOIN attendance_people_dims d WHERE d.centre_id = f.centre_id"
	  " AND d.participant_id = f.participant_id",
	  "DELETE FROM attendance_dim_types;"
	  " INSERT INTO attendance_dim_types SELECT f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month, COUNT(*)"
	  " FROM attendance_class_tfirsts f CROSS JOIN attendance_people_dims d WHERE d.centre_id = f.centre_id"
	  " AND d.participant_id = f.participant_id GROUP BY f.centre_id, d.dim, d.value, d.gender, f.type_id, f.month"},
	 NULL},
	/* the rows of attendance_dim_months_source before its GROUP BY */
	{{KEPT_ATT_DIM_MONTHS, 5, 1, false,
	  "SELECT m.centre_id, d.dim, d.value, d.gender, m.month, 1"
	  " FROM attendance_month_people m CROSS JOIN attendance_people_dims d"
	  " WHERE d.centre_id = m.centre_id AND d.participant_id = m.participant_id AND m.month >= d.start_month",
	  "DELETE FROM attendance_dim_months; INSERT INTO attendance_dim_months SELECT * FROM attendance_dim_months_source"},
	 NULL},
};

/* Fills Attendance's counts by class (after sql_att_counts_fill: the kept
 * months and the months' people are made). On PostgreSQL the tables
 * filled in this load have no statistics yet, and the joins of the months
 * with the people were planned as a nested loop scanning the months'
 * index by centre and month for each person: 460 s at `--scale 50000`
 * (decision 107). Each is analyzed before it is joined (ANALYZE samples,
 * a fraction of a second; SQLite plans without statistics, decision 71). */
static int
fill_attendance_classes(struct demo_load *l)
{
	int rc = l->pg ? exec_load(l, "ANALYZE attendance_months, attendance_month_people") : SC_OK;
	for (size_t i = 0; i < sizeof attendance_class_steps / sizeof attendance_class_steps[0] && rc == SC_OK;
	     i++) {
		rc = fill_grouped(l, &attendance_class_steps[i].g);
		if (rc == SC_OK && l->pg && attendance_class_steps[i].table != NULL) {
			char sql[80];
			snprintf(sql, sizeof sql, "ANALYZE %s", attendance_class_steps[i].table);
			rc = exec_load(l, sql);
		}
	}
	return rc;
}

/* Norwegian's steps and Internships' placements (migration 38), triggers
 * report_facts_language_* and report_facts_placement*: made from their
 * views once the periods are, then their groups. Norwegian's steps are
 * the generator's rows (DEMO_LANGUAGE_STEPS; their view read every
 * assessment through its period with four sorts: 15 µs an assessment, two
 * minutes at a million), the steps of the participants already there kept
 * by the triggers before the load; their groups are counted by the load
 * (write_kept_gains()), then their groups by age and schooling (migration
 * 48) from the steps. */
static const struct grouped language_bands_grouped = {
	KEPT_LANGUAGE_BANDS, 10, 4, false,
	/* the rows of language_bands_source before its two GROUP BYs */
	"SELECT centre_id, 0, '', age, schooling, gender, start_year, exit_year, year, skill, 1, gain,"
	" CASE WHEN gain_in IS NULL THEN 0 ELSE 1 END, COALESCE(gain_in, 0) FROM language_steps WHERE kind = 1"
	" UNION ALL SELECT centre_id, 1, country, age, schooling, gender, start_year, exit_year, year, skill, 1, gain,"
	" CASE WHEN gain_in IS NULL THEN 0 ELSE 1 END, COALESCE(gain_in, 0) FROM language_steps WHERE kind = 1",
	"DELETE FROM language_bands; INSERT INTO language_bands SELECT * FROM language_bands_source"};
static const char sql_area_fill[] =
	"DELETE FROM placement_facts; INSERT INTO placement_facts SELECT * FROM placement_facts_source;"
	" DELETE FROM internship_employers; INSERT INTO internship_employers SELECT * FROM internship_employers_source;"
	" DELETE FROM internship_groups; INSERT INTO internship_groups SELECT * FROM internship_groups_source;"
	" DELETE FROM internship_cohorts; INSERT INTO internship_cohorts SELECT * FROM internship_cohorts_source;"
	/* Money's groups (migration 39), triggers report_facts_money_* */
	" DELETE FROM money_groups; INSERT INTO money_groups SELECT * FROM money_groups_source;"
	/* and by age (migration 53), triggers report_facts_money_ages* */
	" DELETE FROM money_ages; INSERT INTO money_ages SELECT * FROM money_ages_source;"
	/* and by schooling (migration 59), triggers report_facts_money_schools* */
	" DELETE FROM money_schools; INSERT INTO money_schools SELECT * FROM money_schools_source;"
	/* the caseload overview's and the waiting list's (migration 40),
	 * triggers report_facts_overview_* */
	" DELETE FROM caseload_people; INSERT INTO caseload_people SELECT * FROM caseload_people_source;"
	" DELETE FROM caseload_centres; INSERT INTO caseload_centres SELECT * FROM caseload_centres_source;"
	" DELETE FROM planned_exits; INSERT INTO planned_exits SELECT * FROM planned_exits_source;"
	/* the waiting list's rows (migration 86), triggers report_facts_overview_waiting*,
	 * in the table's order */
	" DELETE FROM waiting_list; INSERT INTO waiting_list SELECT * FROM waiting_list_source"
	" ORDER BY centre_id, priority, referred_on, referral_id;"
	/* the liaison's home's counts (migration 41), triggers report_facts_placement_counts* */
	" DELETE FROM placement_counts; INSERT INTO placement_counts SELECT * FROM placement_counts_source";
/* Caseloads' spans (migration 31): their triggers are named
 * report_facts_caseload_*. The view caseload_spans_source looks up each
 * assignment's earlier ones; the load makes the same rows from one pass
 * over the assignments in order (the latest end before each, a window;
 * each span under its assignment's contact person, migration 77),
 * and the months' changes from their view (one grouped pass over the
 * periods and spans). The demo's test compares the rows with the views. */
static const char sql_caseload_fill[] =
	"DELETE FROM caseload_spans;"
	" INSERT INTO caseload_spans SELECT e.centre_id, e.id, e.participant_id, a.contact_id, p.gender,"
	" p.country_of_birth, p.birth_date, p.schooling_years, e.start_date, CAST(substr(e.start_date, 1, 4) AS BIGINT),"
	" CASE WHEN a.from_date > e.start_date THEN a.from_date ELSE e.start_date END,"
	" CASE WHEN a.to_date < COALESCE(e.exit_date, '9999-12-31') THEN a.to_date"
	"  ELSE COALESCE(e.exit_date, '9999-12-31') END,"
	/* the age at the period's start (migration 51), as the view says it */
	" CASE WHEN e.start_date < p.birth_date THEN -1 ELSE CAST(substr(e.start_date, 1, 4) AS BIGINT)"
	"  - CAST(substr(p.birth_date, 1, 4) AS BIGINT)"
	"  - CASE WHEN substr(e.start_date, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END"
	" FROM (SELECT centre_id, participant_id, contact_id,"
	"  CASE WHEN prev_to > from_date THEN prev_to ELSE from_date END AS from_date,"
	"  to_date FROM (SELECT centre_id, participant_id, contact_id, %s AS from_date, COALESCE(%s, '9999-12-31') AS to_date,"
	"   MAX(COALESCE(%s, '9999-12-31')) OVER (PARTITION BY centre_id, participant_id"
	"    ORDER BY from_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_to FROM assignments) w"
	"  WHERE from_date < to_date AND (prev_to IS NULL OR prev_to < to_date)) a"
	" JOIN enrolments e ON e.participant_id = a.participant_id AND e.centre_id = a.centre_id"
	" JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id"
	" WHERE a.from_date < COALESCE(e.exit_date, '9999-12-31') AND e.start_date < a.to_date"
	"  AND e.start_date < COALESCE(e.exit_date, '9999-12-31') ORDER BY e.participant_id";
static const char sql_caseload_months_fill[] =
	"DELETE FROM caseload_months; INSERT INTO caseload_months SELECT * FROM caseload_months_source";
/* and by age (migration 54), triggers report_facts_caseload_ages_* */
static const char sql_caseload_ages_fill[] =
	"DELETE FROM caseload_ages; INSERT INTO caseload_ages SELECT * FROM caseload_ages_source";
static const char sql_caseload_ages_rows[] =
	"SELECT centre_id, 0 AS kind, age, gender, start_year, substr(start_date, 1, 7) AS month, 1 AS n"
	" FROM report_facts WHERE start_date < until_date"
	" UNION ALL SELECT centre_id, 0, age, gender, start_year, substr(until_date, 1, 7), -1"
	" FROM report_facts WHERE start_date < until_date AND until_date < '9999-12-31'"
	" UNION ALL SELECT centre_id, 1, age, gender, start_year, substr(from_date, 1, 7), 1 FROM caseload_spans"
	" UNION ALL SELECT centre_id, 1, age, gender, start_year, substr(to_date, 1, 7), -1"
	" FROM caseload_spans WHERE to_date < '9999-12-31'";
/* and by schooling (migration 60), triggers report_facts_caseload_schools_* */
static const char sql_caseload_schools_fill[] =
	"DELETE FROM caseload_schools; INSERT INTO caseload_schools SELECT * FROM caseload_schools_source";
static const char sql_caseload_schools_rows[] =
	"SELECT centre_id, 0 AS kind, COALESCE(schooling, -1) AS schooling, gender, start_year,"
	" substr(start_date, 1, 7) AS month, 1 AS n FROM report_facts WHERE start_date < until_date"
	" UNION ALL SELECT centre_id, 0, COALESCE(schooling, -1), gender, start_year, substr(until_date, 1, 7), -1"
	" FROM report_facts WHERE start_date < until_date AND until_date < '9999-12-31'"
	" UNION ALL SELECT centre_id, 1, COALESCE(schooling, -1), gender, start_year, substr(from_date, 1, 7), 1"
	" FROM caseload_spans"
	" UNION ALL SELECT centre_id, 1, COALESCE(schooling, -1), gender, start_year, substr(to_date, 1, 7), -1"
	" FROM caseload_spans WHERE to_date < '9999-12-31'";
/* SQLite bulk: the rows of caseload_months_source before its GROUP BY,
 * grouped by group_rows() */
static const char sql_caseload_months_rows[] =
	"SELECT centre_id, 0 AS kind, substr(start_date, 1, 7) AS month, gender, country, start_year, 1 AS n"
	" FROM report_facts WHERE start_date < until_date"
	" UNION ALL SELECT centre_id, 0, substr(until_date, 1, 7), gender, country, start_year, -1"
	" FROM report_facts WHERE start_date < until_date AND until_date < '9999-12-31'"
	" UNION ALL SELECT centre_id, 1, substr(from_date, 1, 7), gender, country, start_year, 1 FROM caseload_spans"
	" UNION ALL SELECT centre_id, 1, substr(to_date, 1, 7), gender, country, start_year, -1"
	" FROM caseload_spans WHERE to_date < '9999-12-31'";

/* Empties g's table and fills it: grouped in C on SQLite's bulk path when
 * g has rows, else (or when a row has a value group_rows() does not take)
 * by g's statement. */
static int
fill_grouped(struct demo_load *l, const struct grouped *g)
{
	if (l->raw == NULL || g->rows == NULL)
		return exec_load(l, g->fill);
	char del[64];
	snprintf(del, sizeof del, "DELETE FROM %s", tabs[g->t].name);
	int rc = exec_load(l, del);
	if (rc == SC_OK)
		rc = group_rows(l, g->rows, g->nkeys, g->nsums, g->t, g->nonzero);
	return rc == SC_EINVAL ? exec_load(l, g->fill) : rc;
}

static int
keep_facts_trigger(struct demo_load *l, const char *name, const char *sql)
{
	if (name == NULL || sql == NULL || !plain_name(name))
		return SC_EINVAL;
	struct saved_index *n = realloc(l->facts_triggers, (l->nfacts_triggers + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->facts_triggers = n;
	n[l->nfacts_triggers].name = strdup(name);
	n[l->nfacts_triggers].sql = strdup(sql);
	l->nfacts_triggers++;
	return n[l->nfacts_triggers - 1].name && n[l->nfacts_triggers - 1].sql ? SC_OK : SC_ENOMEM;
}

/* Pauses the facts' triggers and, for a bulk load, keeps the tables'
 * indexes with the dropped ones (call before drop_indexes()). */
int
pause_report_facts(struct demo_load *l)
{
	int rc = SC_OK;
	const char *list = l->pg ? sql_facts_triggers_pg : sql_facts_triggers_sqlite;
	const char *idx = l->pg ? sql_indexes_pg : sql_indexes_sqlite;
	/* and Today's lines' indexes, built after their lines (which are made
	 * in key order: the indexes would take 2.5 million random inserts at
	 * a million participants) */
	size_t passes = (l->flags & DEMO_LOAD_BULK) ? NFACTS_TABLES + 1 : 0;
	for (size_t pass = 0; pass <= passes && rc == SC_OK; pass++) {
		const char *sql = pass == 0 ? list : idx;
		const char *table = pass == 0 ? NULL : pass <= NFACTS_TABLES ? facts_tables[pass - 1] : "today_lines";
		if (l->raw != NULL) {
			sqlite3_stmt *st = NULL;
			int r = sqlite3_prepare_v2(l->raw, sql, -1, &st, NULL);
			if (r != SQLITE_OK)
				return raw_fail(l, r);
			if (pass > 0)
				sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
			while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
				const char *name = (const char *)sqlite3_column_text(st, 0);
				const char *what = (const char *)sqlite3_column_text(st, 1);
				rc = pass == 0 ? keep_facts_trigger(l, name, what) : save_index(l, table, name, what);
			}
			if (rc == SC_OK && r != SQLITE_DONE)
				rc = raw_fail(l, r);
			sqlite3_finalize(st);
		} else {
			struct db_stmt *st = db_prepare(l->db, sql);
			if (st == NULL)
				return SC_EDB;
			if (pass > 0)
				db_bind_text(st, 1, table);
			int r;
			while (rc == SC_OK && (r = db_step(st)) == DB_ROW) {
				const char *name = db_col_text(st, 0), *what = db_col_text(st, 1);
				rc = pass == 0 ? keep_facts_trigger(l, name, what) : save_index(l, table, name, what);
			}
			db_done(st);
			if (rc == SC_OK && r < 0)
				rc = r;
		}
	}
	for (size_t i = 0; i < l->nfacts_triggers && rc == SC_OK; i++) {
		char sql[200];
		if (l->pg) {
			if (!plain_name(l->facts_triggers[i].sql))
				return SC_EINVAL;
			snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER %s", l->facts_triggers[i].sql,
				 l->facts_triggers[i].name);
		} else {
			snprintf(sql, sizeof sql, "DROP TRIGGER %s", l->facts_triggers[i].name);
		}
		rc = exec_load(l, sql);
	}
	return rc;
}

/* ---- Today's lines ---- */

/*
 * today_lines is kept by triggers that recompute a participant's lines at
 * each write (migration 20): right for a centre's writes, far too slow for
 * millions of rows. A bulk load pauses them (SQLite: drops them, kept to
 * be made again; PostgreSQL: disables them) and makes every line at once
 * from today_lines_computed at the end, in the load's transaction.
 */
static const char sql_triggers_sqlite[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'today!_%' ESCAPE '!'"
	" ORDER BY name";
static const char sql_triggers_pg[] =
	"SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
	" WHERE t.tgname LIKE 'today!_%' ESCAPE '!' AND NOT t.tgisinternal"
	" AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname";
static const char sql_today_fill[] =
	"DELETE FROM today_lines;"
	" INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,"
	"  participant_id, title, item_text, detail)"
	" SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,"
	"  item_text, detail FROM today_lines_computed"
	/* in key order: the table grows at its end instead of taking a
	 * million inserts at random places (640 s of a 1,722 s load at a
	 * million on the shared machine) */
	" ORDER BY centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id";

/* SQLite: the view's rows (migration 20), each scan of the participants
 * NOT INDEXED. The view reads the participants of the six statuses through
 * participants_status, in name order, each a seek into the table and into
 * its meetings, steps and evaluations at random; read in id order they are
 * one pass with the participants' rows in order (at a million: 7.9 s of CPU
 * for the meetings' lines through the index, 1.1 s in order). The demo's test compares
 * the lines with the view both ways. */
static const char sql_today_fill_sqlite[] =
	"DELETE FROM today_lines;"
	" INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,"
	"  participant_id, title, item_text, detail)"
	" SELECT * FROM ("
	"SELECT p.centre_id AS centre_id, p.contact_id AS user_id, 'meeting' AS kind, m.next_meeting AS item_date,"
	"  p.family_name AS family_name, p.given_name AS given_name, m.id AS item_id, p.id AS participant_id,"
	"  '' AS title, '' AS item_text, m.held_on AS detail"
	" FROM participants p NOT INDEXED"
	" JOIN meetings m ON m.id = (SELECT m2.id FROM meetings m2 WHERE m2.participant_id = p.id"
	"  AND m2.centre_id = p.centre_id ORDER BY m2.held_on DESC, m2.id DESC LIMIT 1)"
	" WHERE p.contact_id IS NOT NULL"
	"  AND p.status IN ('registered','referred','waiting','offered','active','paused')"
	"  AND m.next_meeting IS NOT NULL"
	" UNION ALL"
	" SELECT p.centre_id, p.contact_id, 'step', s.due_on, p.family_name, p.given_name, s.id, p.id,"
	"  g.title, s.description, ''"
	" FROM participants p NOT INDEXED"
	" JOIN goal_steps s ON s.participant_id = p.id AND s.centre_id = p.centre_id"
	" JOIN goals g ON g.id = s.goal_id"
	" WHERE p.contact_id IS NOT NULL"
	"  AND p.status IN ('registered','referred','waiting','offered','active','paused')"
	"  AND s.done_on IS NULL AND s.due_on IS NOT NULL AND g.status IN ('planned','in_progress')"
	" UNION ALL"
	" SELECT p.centre_id, p.contact_id, 'evaluation', e.due_on, p.family_name, p.given_name, e.id, p.id,"
	"  '', '', ''"
	" FROM participants p NOT INDEXED"
	" JOIN plan_evaluations e ON e.participant_id = p.id AND e.centre_id = p.centre_id"
	" WHERE p.contact_id IS NOT NULL"
	"  AND p.status IN ('registered','referred','waiting','offered','active','paused')"
	"  AND e.done_on IS NULL"
	" UNION ALL"
	" SELECT p.centre_id, p.contact_id, 'contact',"
	"  COALESCE((SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id AND m.centre_id = p.centre_id),"
	"           (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id"
	"            AND e.centre_id = p.centre_id), ''),"
	"  p.family_name, p.given_name, 0, p.id, '', '',"
	"  CASE WHEN (SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id"
	"             AND m.centre_id = p.centre_id) IS NOT NULL THEN 'meeting'"
	"       WHEN (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id"
	"             AND e.centre_id = p.centre_id) IS NOT NULL THEN 'start'"
	"       ELSE '' END"
	" FROM participants p NOT INDEXED"
	" WHERE p.contact_id IS NOT NULL AND p.status IN ('active','paused')"
	" UNION ALL"
	" SELECT t.centre_id, t.assignee_id, 'task', t.due_on, p.family_name, p.given_name, t.id, p.id,"
	"  t.kind, '',"
	"  CASE WHEN p.status = 'exited' THEN COALESCE(p.contact_until, '') ELSE '9999-12-31' END"  /* migration 88 */
	" FROM tasks t"
	" JOIN participants p ON p.id = t.participant_id"
	" WHERE t.assignee_id IS NOT NULL AND t.done_on IS NULL) x"
	" ORDER BY centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id";

static int
keep_trigger(struct demo_load *l, const char *name, const char *sql)
{
	if (name == NULL || sql == NULL || !plain_name(name))
		return SC_EINVAL;
	struct saved_index *n = realloc(l->triggers, (l->ntriggers + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->triggers = n;
	n[l->ntriggers].name = strdup(name);
	n[l->ntriggers].sql = strdup(sql);
	l->ntriggers++;
	return n[l->ntriggers - 1].name && n[l->ntriggers - 1].sql ? SC_OK : SC_ENOMEM;
}

/* Pauses Today's triggers for the load. */
int
pause_today(struct demo_load *l)
{
	int rc = SC_OK;
	if (l->raw != NULL) {
		sqlite3_stmt *st = NULL;
		int r = sqlite3_prepare_v2(l->raw, sql_triggers_sqlite, -1, &st, NULL);
		if (r != SQLITE_OK)
			return raw_fail(l, r);
		while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
			rc = keep_trigger(l, (const char *)sqlite3_column_text(st, 0),
					  (const char *)sqlite3_column_text(st, 1));
		if (rc == SC_OK && r != SQLITE_DONE)
			rc = raw_fail(l, r);
		sqlite3_finalize(st);
	} else {
		struct db_stmt *st = db_prepare(l->db, l->pg ? sql_triggers_pg : sql_triggers_sqlite);
		if (st == NULL)
			return SC_EDB;
		int r;
		while (rc == SC_OK && (r = db_step(st)) == DB_ROW) {
			const char *name = db_col_text(st, 0), *what = db_col_text(st, 1);
			/* PostgreSQL: the table, to enable the trigger again. */
			rc = keep_trigger(l, name, what);
		}
		db_done(st);
		if (rc == SC_OK && r < 0)
			rc = r;
	}
	for (size_t i = 0; i < l->ntriggers && rc == SC_OK; i++) {
		char sql[200];
		if (l->pg) {
			if (!plain_name(l->triggers[i].sql))
				return SC_EINVAL;
			snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER %s", l->triggers[i].sql,
				 l->triggers[i].name);
		} else {
			snprintf(sql, sizeof sql, "DROP TRIGGER %s", l->triggers[i].name);
		}
		rc = exec_load(l, sql);
	}
	return rc;
}

/* Makes every row of the facts, then resumes the triggers (call after
 * create_indexes(l, false), before create_indexes(l, true)). */
int
resume_report_facts(struct demo_load *l, struct demo_times *tm)
{
	int rc = exec_load(l, sql_facts_fill);
	int64_t t0 = time_mono_ms();
	if (rc == SC_OK)
		rc = exec_load(l, sql_intake_fill);
	tm->intake_ms = time_mono_ms() - t0;
	t0 = time_mono_ms();
	if (rc == SC_OK) {
		/* the day of a Unix time: the engine's, as the view's */
		const char *from = l->pg ? "sc_day(from_at)" : "date(from_at, 'unixepoch')";
		const char *to = l->pg ? "sc_day(to_at)" : "date(to_at, 'unixepoch')";
		char sql[sizeof sql_caseload_fill + 128];
		snprintf(sql, sizeof sql, sql_caseload_fill, from, to, to);
		rc = exec_load(l, sql);
	}
	if (rc == SC_OK) {
		const struct grouped g = {KEPT_CASELOAD_MONTHS, 6, 1, true, sql_caseload_months_rows,
					  sql_caseload_months_fill};
		rc = fill_grouped(l, &g);
	}
	if (rc == SC_OK) {
		const struct grouped g = {KEPT_CASELOAD_AGES, 6, 1, true, sql_caseload_ages_rows, sql_caseload_ages_fill};
		rc = fill_grouped(l, &g);
	}
	if (rc == SC_OK) {
		const struct grouped g = {KEPT_CASELOAD_SCHOOLS, 6, 1, true, sql_caseload_schools_rows,
					  sql_caseload_schools_fill};
		rc = fill_grouped(l, &g);
	}
	tm->caseload_ms = time_mono_ms() - t0;
	for (size_t i = 0; i < sizeof counts_grouped / sizeof counts_grouped[0] && rc == SC_OK; i++)
		rc = fill_grouped(l, &counts_grouped[i]);
	if (rc == SC_OK)
		rc = write_kept_marks(l);
	if (rc == SC_OK)
		rc = exec_load(l, sql_att_counts_fill);
	if (rc == SC_OK)
		rc = fill_attendance_classes(l);
	t0 = time_mono_ms();
	if (rc == SC_OK)
		rc = write_kept_gains(l);
	if (rc == SC_OK)
		rc = fill_grouped(l, &language_bands_grouped);
	tm->language_ms = time_mono_ms() - t0;
	if (rc == SC_OK)
		rc = exec_load(l, sql_area_fill);
	for (size_t i = 0; i < l->nfacts_triggers && rc == SC_OK; i++) {
		if (l->pg) {
			char sql[200];
			snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER %s", l->facts_triggers[i].sql,
				 l->facts_triggers[i].name);
			rc = exec_load(l, sql);
		} else {
			rc = exec_load(l, l->facts_triggers[i].sql);
		}
	}
	return rc;
}

/* Makes every line of Today, then resumes the triggers. */
int
resume_today(struct demo_load *l)
{
	int rc = exec_load(l, l->pg ? sql_today_fill : sql_today_fill_sqlite);
	for (size_t i = 0; i < l->ntriggers && rc == SC_OK; i++) {
		if (l->pg) {
			char sql[200];
			snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER %s", l->triggers[i].sql,
				 l->triggers[i].name);
			rc = exec_load(l, sql);
		} else {
			rc = exec_load(l, l->triggers[i].sql);
		}
	}
	return rc;
}

