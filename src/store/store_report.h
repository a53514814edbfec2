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
 * (today less the days of grace, task.h): of one assignee, or of everyone
 * when assignee is 0; by due date then id, at most limit (arena), and
 * *total all of them.
 */
int store_followups_late(struct db *db, struct arena *a, int64_t centre, int64_t assignee,
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
 * threshold of 5 is the page's). today is the day the figures are of.
 */
#define REPORT_AREA_COLS 5
struct report_area_row {
	const char *label;
	bool label_msgid;            /* the label is a msgid (a built-in's name) */
	const char *label_nb;
	int table;
	struct report_cell cell[REPORT_AREA_COLS];
};
typedef int (*store_report_area_fn)(struct db *db, struct arena *a, int64_t centre, struct date today,
				    struct report_area_row **rows, size_t *n);
/* Attendance: the marks of planned sessions up to today, of types not
 * health-only, by group (table 0, by name), activity type (table 1) and
 * month (table 2, "YYYY-MM"): the sessions, those attended (present,
 * late, left early) and absent unexcused as shares of the marks, and the
 * people marked. */
int store_report_attendance(struct db *db, struct arena *a, int64_t centre, struct date today,
			    struct report_area_row **rows, size_t *n);
/* Internships: the placements started by today (all approved and the start
 * reached; ended early after the start), by the employer's industry (table
 * 0, by code) and by employer (table 1, by name): started, completed (the
 * end passed without ending early), ended early, and converted to a job
 * (hired, or ended early because of a job) as a share of those started. */
int store_report_internships(struct db *db, struct arena *a, int64_t centre, struct date today,
			     struct report_area_row **rows, size_t *n);
/* Norwegian: a row per year ("YYYY", by year) with assessments up to
 * today; per skill (listening, reading, speaking, writing) the mean CEFR
 * steps gained (A1 .. C1), in tenths, from n people: the last level of the
 * year less the level before it (the last of an earlier year, else the
 * year's first); a person with one assessment in all is not counted. */
int store_report_norwegian(struct db *db, struct arena *a, int64_t centre, struct date today,
			   struct report_area_row **rows, size_t *n);
/* Money: a row per approved run ("YYYY-MM", by month): the gross paid and
 * per participant (from the participants with a statement of the month),
 * the participants, the tax withheld, and the overpayment still to recover
 * after the month (the statements' outstanding after). */
int store_report_money(struct db *db, struct arena *a, int64_t centre, struct date today,
		       struct report_area_row **rows, size_t *n);

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
