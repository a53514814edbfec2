/*
 * store_report.h — what the reports read (issue 12): the programme periods
 * of a centre with the facts the filters and figures need, the follow-ups
 * not registered in time, the programme's costs per year (versioned), and
 * the benefits paid by approved runs. Included by store.h.
 *
 * Every function works within one centre and every statement names it; a
 * report across centres (the national analyst's) asks centre by centre.
 * Nothing here returns user text beyond names and keys stored.
 */
#ifndef SC_STORE_REPORT_H
#define SC_STORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/report.h"

struct arena;
struct db;

/* Every programme period of the centre (report.h), in id order, appended
 * to *rows (a growing arena array; *n its count, *cap its room; start with
 * NULL, 0, 0). Strings live in the arena. */
int store_report_periods(struct db *db, struct arena *a, int64_t centre, struct report_period **rows,
			 size_t *n, size_t *cap);

/* The same rows from scratch: the facts joined (the view
 * report_facts_source), not the rows the triggers keep (report_facts,
 * migration 24). For the tests and `secondchance report verify`. */
int store_report_periods_recompute(struct db *db, struct arena *a, int64_t centre, struct report_period **rows,
				   size_t *n, size_t *cap);

/* Compares the centre's kept rows (report_facts) with the facts joined
 * from scratch: *missing rows of the facts not kept (or kept wrong),
 * *extra rows kept that the facts do not give; and adds the groups kept
 * counted (report_groups, report_jobs, report_waits: migration 32) that
 * differ from the kept rows grouped, both ways. Both 0: exact. */
int store_report_facts_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra);
/* How the centre's programme periods stand to the benefit scheme
 * (benefit_scheme_key()): every one of it (REPORT_SCHEME_ALL, also when
 * there is none), none of it (REPORT_SCHEME_NONE), or some
 * (REPORT_SCHEME_SOME); two short reads of report_facts_scheme (migration
 * 69). */
enum { REPORT_SCHEME_SOME, REPORT_SCHEME_ALL, REPORT_SCHEME_NONE };
int store_report_scheme_span(struct db *db, int64_t centre, int scheme, int *span);

/* The countries of birth of a centre's programme periods (every centre's
 * with centre 0), in order, at most 500: the Country of birth filter's
 * choices. */
int store_report_countries(struct db *db, struct arena *a, int64_t centre, const char ***items, size_t *n);

/*
 * The centre's periods counted together in SQL, appended as
 * store_report_periods() does: one row per kind of period (report.h: n the
 * periods it stands for). Exact are the start and exit years, the exit
 * status and the 6- and 12-month statuses (not their days), and each
 * column a filter of f asks for (gender, country, contact person, birth
 * and start day for the age band, schooling); the start and exit are the
 * 1st of January of their year, but with REPORT_GROUP_EXIT_DAY and a
 * period (from, to) in f only the periods that ended in it, each exit day
 * exact. With
 * REPORT_GROUP_EXITS only periods that ended, and of f's exit year.
 * For Results and the annual report; narrowed by f's cohort, gender,
 * country and contact person in SQL.
 */
#define REPORT_GROUP_EXITS    0x1u
#define REPORT_GROUP_EXIT_DAY 0x2u
/* With REPORT_GROUP_JOB (Time to work) or REPORT_GROUP_WAIT (Intake's
 * wait from referral to start) the groups are by start year and the days
 * kept (report.h: days_kept, job_days or wait_days) and the filters'
 * columns; with a period in f only the periods that started in it, each
 * start day exact; no exit nor statuses. */
#define REPORT_GROUP_JOB      0x4u
#define REPORT_GROUP_WAIT     0x8u
/* store_report_period_sums()'s (not for store_report_period_groups()) */
#define REPORT_GROUP_DAYS     0x10u
int store_report_period_groups(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			       unsigned what, struct report_period **rows, size_t *n, size_t *cap);

/* The groups of store_report_period_groups() with no flag (years,
 * statuses, the filters' columns), each with its periods' days summed
 * (report.h: day_sums; today's for those in the programme): for the
 * participant-days of the costs and the cost-benefit account. */
int store_report_period_sums(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			     struct date today, struct report_period **rows, size_t *n, size_t *cap);

/* For the centre at a glance, without reading every period: the periods
 * of the centre started in year, in id order (arena), with their id,
 * participant, start, exit and referral days, exit status and centre only
 * (gender and country "", no follow-ups); and the periods exited in year
 * and started by its end, counted by exit status (report.h; at most
 * RS_UNEMPLOYED + 2 rows, RS_NONE for none or an unknown key). */
int store_report_year_starts(struct db *db, struct arena *a, int64_t centre, int year,
			     struct report_period **rows, size_t *n);
struct report_status_count {
	int status;
	int64_t n;
};
int store_report_year_exits(struct db *db, struct arena *a, int64_t centre, int year,
			    struct report_status_count **rows, size_t *n);

/* Every referral of the centre (report.h) in id order with its latest
 * screening and its days on the waiting list, appended as
 * store_report_periods() does. */
int store_report_referrals(struct db *db, struct arena *a, int64_t centre, struct report_referral **rows,
			   size_t *n, size_t *cap);

/*
 * Intake's referrals of the centre counted together in SQL (intake_facts,
 * migration 26), appended as store_report_referrals() does (report.h: n
 * each row's referrals): those made in f's period (from, to) by source and
 * the latest screening, and (list_only) those on the waiting list on a
 * day after first_end up to last_end by the days they joined and left it,
 * exact only to the month before last_end's month; each with the columns
 * of the filters f asks for (gender, country, contact person, birth and
 * referral day for the age band, schooling), narrowed in SQL by gender,
 * country and contact person. Rows of the period carry a day of it.
 */
int store_report_referral_groups(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
				 struct date first_end, struct date last_end, struct report_referral **rows,
				 size_t *n, size_t *cap);

/* intake_facts against the referrals joined from scratch (its view
 * intake_facts_source), and its counts kept (intake_sources, intake_days)
 * against it grouped, as store_report_facts_verify(). */
int store_report_intake_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra);

/*
 * Caseloads from the kept rows (migration 31), appended (arena; *cap the
 * room as in store_report_period_groups()). store_report_caseload_now():
 * the periods in the programme on today with a contact person, counted
 * together by contact person and each column f's filters ask for (n each
 * group's periods; the start is today's or, with a cohort, the first of
 * its year; under an age band the age at the start kept, migration 51).
 * store_report_caseload_changes(): the
 * changes of the periods in the programme and of their spans with a
 * contact person (report.h) up to today, counted together by day and the
 * filters' columns: each day exact in today's month, the first of its
 * month before it (to compare with the ends of months the month is
 * enough); the months before today's kept (caseload_months, by the age
 * caseload_ages, by the years of schooling caseload_schools) when f asks
 * no contact person and not an age band with a country, else every change
 * of the centre's rows. Both narrowed in SQL by f's gender, country,
 * contact person and cohort. The changes are SC_EINVAL (nothing appended)
 * under a scheme, or a schooling band with an age band or a country: no
 * kept row holds those pairs and every change counted in SQL took 3.5-4.8
 * s at a million, so the caller counts the periods (app/report.c).
 */
int store_report_caseload_now(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			      struct date today, struct report_period **rows, size_t *n, size_t *cap);
int store_report_caseload_changes(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
				  struct date today, struct report_change **rows, size_t *n, size_t *cap);

/* caseload_spans and caseload_months against their views
 * (caseload_spans_source, caseload_months_source), as
 * store_report_facts_verify(): the rows of both tables summed. */
int store_report_caseload_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra);

/* attendance_months and attendance_sessions against their views
 * (attendance_months_source, attendance_sessions_source; migrations 33 and
 * 83), as store_report_facts_verify(): the rows of both tables summed. */
int store_report_attendance_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra);

/* Counts attendance_months and attendance_sessions again (and through
 * their triggers the counts kept from them) for the participant's months
 * from..to (whole months) of the groups they were enrolled in, as their
 * views count them: a mark of a day its participant is paused counts
 * nowhere (pause_sql.h). For a pause recorded, resumed or ended, in the
 * caller's transaction. */
int store_report_attendance_recount(struct db *db, int64_t centre, int64_t participant_id, struct date from,
				    struct date to);

/* The centre's assignments in participant order (arena), and its active
 * contact persons by name with the cap in force (at most 2000). */
int store_report_assignments(struct db *db, struct arena *a, int64_t centre, struct report_assignment **rows,
			     size_t *n);
int store_report_contacts(struct db *db, struct arena *a, int64_t centre, struct report_contact **rows,
			  size_t *n);

/* A follow-up registered late or not at all: the task, its participant's
 * name and the person it is assigned to. */
struct late_followup {
	int64_t task_id;
	int64_t participant_id;
	const char *kind;            /* "followup_6m", "followup_12m" */
	struct date due_on;
	int64_t assignee_id;         /* 0 nobody */
	const char *participant_name;
	const char *assignee_name;   /* "" nobody */
};

/*
 * The follow-ups of the centre not registered and due before due_before
 * (today less the days of grace, task.h): of one assignee while still
 * theirs on today (FOLLOWUP_STILL_THEIRS, overdue_sql.h), or of everyone
 * when assignee is 0; by due date then id, at most limit (arena), and
 * *total all of them.
 */
int store_followups_late(struct db *db, struct arena *a, int64_t centre, int64_t assignee, struct date today,
			 struct date due_before, size_t limit, struct late_followup **items, size_t *n,
			 int64_t *total);

/* The referrals of the centre made on or after since. */
int store_report_referrals_since(struct db *db, int64_t centre, struct date since, int64_t *n);

/* The centre's participants in the programme (active or paused) with no
 * contact person. */
int store_report_unassigned(struct db *db, int64_t centre, int64_t *n);

/*
 * The reports of the other areas: a row is a label (arena; label_nb its
 * Bokmål when the label is a stored name that has one, else NULL), the
 * table it belongs to (0, 1 ... in order) and up to REPORT_AREA_COLS cells
 * (report.h: counts of people, shares, sums of money from n people; the
 * threshold of 5 is the page's). f: the filters (report.h; never NULL;
 * app_report() has set a contact person's own id in f->contact_id, so
 * one's own caseload is that filter). today is the day the figures are of.
 */
#define REPORT_AREA_COLS 5
struct report_area_row {
	const char *label;
	bool label_msgid;            /* the label is a msgid (a built-in's name) */
	const char *label_nb;
	int table;
	struct report_cell cell[REPORT_AREA_COLS];
};
typedef int (*store_report_area_fn)(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
				    struct date today, struct report_area_row **rows, size_t *n);
/* Attendance: the marks of planned sessions from f's from (or the first)
 * to its to (or today, not later), of types not health-only, of the
 * participants that pass f's filters (report_period_matches() on the
 * participant and the period they were in in each month: the latest
 * started by the month's end; the exit year too), by group (table 0),
 * activity type (table 1, by id) and month (table 2, "YYYY-MM", in order):
 * the sessions with marks of the groups in the months where marks were
 * counted, those attended (present, late, left early) and absent
 * unexcused as shares of the marks, and the people marked (distinct). A
 * row of fewer than STATS_MIN_PEOPLE people has its shares hidden
 * (report_cell.hidden), kept for the total row's sums. By group: every group by name when
 * there are at most STORE_REPORT_ATTENDANCE_GROUPS, else that many of 5
 * people or more with the lowest attendance rate first; *ngroups is the
 * number of groups with marks counted. */
#define STORE_REPORT_ATTENDANCE_GROUPS 200
int store_report_attendance(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			    struct date today, struct report_area_row **rows, size_t *n, int64_t *ngroups);
/* Internships: the placements started by today (all approved and the start
 * reached; ended early after the start; in the filter's period by their
 * start), by the employer's industry (table 0, by code) and by employer
 * (table 1: the 100 with the most started, then by name; the rest in one
 * row "Other employers", a msgid): started, completed (the end passed
 * without ending early), ended early, and converted to a job (hired, or
 * ended early because of a job) as a share of those started. */
int store_report_internships(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			     struct date today, struct report_area_row **rows, size_t *n);
/* The same from the placements themselves, never the kept ones (the
 * tests' and checks' measure of the kept placements). */
int store_report_internships_rows(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
				  struct date today, struct report_area_row **rows, size_t *n);
/* Norwegian: a row per year ("YYYY", by year) with assessments up to
 * today (in the filter's period); per skill (listening, reading, speaking,
 * writing) the mean CEFR steps gained (A1 .. C1), in tenths, from n
 * people (RC_MEAN: the page says n beside it): the last level of the year less the level before it (the last
 * of an earlier year, else the year's first), of the assessments that pass
 * the filters; a person with one such assessment is not counted. */
int store_report_norwegian(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			   struct date today, struct report_area_row **rows, size_t *n);
/* The same from the assessments themselves, never the kept steps (the
 * tests' measure of the kept steps). */
int store_report_norwegian_rows(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
				struct date today, struct report_area_row **rows, size_t *n);
/* Money: a row per approved run up to today's month ("YYYY-MM", by month;
 * in the filter's period by its month): with no filter of the participant
 * the run's totals, with one the sums of the month statements of the
 * periods that pass (by the statement's enrolment): the gross paid and
 * per participant (from the participants with a statement of the month),
 * the participants, the tax withheld, and the overpayment still to recover
 * after the month (the statements' outstanding after). */
int store_report_money(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
		       struct date today, struct report_area_row **rows, size_t *n);

/*
 * The benefit paid by the centre's approved runs of the months of year, in
 * øre: the runs' gross (back-pay included, before tax); open and discarded
 * runs count nothing. The cost per participant and the cost-benefit
 * account add it to the cost.
 */
int store_report_benefits_paid(struct db *db, int64_t centre, int year, int64_t *ore);

/* Adds a version of c->year's costs (version = the latest + 1, written to
 * c->version) in the centre. Call inside a write transaction. */
int store_cost_add(struct db *db, int64_t centre, struct programme_cost *c, int64_t now, int64_t user);

/* The costs in force: the latest version of each year of the centre, by
 * year (at most 100). */
int store_costs(struct db *db, struct arena *a, int64_t centre, struct programme_cost **items, size_t *n);

/* Every version of a year, newest first (at most 100). */
int store_cost_versions(struct db *db, struct arena *a, int64_t centre, int64_t year,
			struct programme_cost **items, size_t *n);

#endif
