/*
 * store_report.h — what the reports read (issue 12): the programme periods
 * of a centre with the facts the filters and figures need, the follow-ups
 * not registered in time, the programme's costs per year (versioned), and
 * the contract with the benefits area. Included by store.h.
 *
 * Every function works within one centre and every statement names it; a
 * report across centres (the national analyst's) asks centre by centre.
 * Nothing here returns user text beyond names and keys stored.
 */
#ifndef SC_STORE_REPORT_H
#define SC_STORE_REPORT_H

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
 * STUBS: the reports of areas built in other branches (attendance, issue
 * 9; internships, issue 10; Norwegian, issue 9's assessments; money,
 * issue 11). Each answers no rows until its area's tables are merged;
 * the merge replaces the body with the query. A row is a label and up to
 * REPORT_STUB_COLS counts (people or records).
 */
#define REPORT_STUB_COLS 4
struct report_stub_row {
	const char *label;
	int64_t n[REPORT_STUB_COLS];
};
typedef int (*store_report_stub_fn)(struct db *db, struct arena *a, int64_t centre,
				    struct report_stub_row **rows, size_t *n);
int store_report_attendance(struct db *db, struct arena *a, int64_t centre, struct report_stub_row **rows,
			    size_t *n);
int store_report_internships(struct db *db, struct arena *a, int64_t centre, struct report_stub_row **rows,
			     size_t *n);
int store_report_norwegian(struct db *db, struct arena *a, int64_t centre, struct report_stub_row **rows,
			   size_t *n);
int store_report_money(struct db *db, struct arena *a, int64_t centre, struct report_stub_row **rows,
		       size_t *n);

/*
 * THE CONTRACT WITH THE BENEFITS AREA (issue 11): the benefit paid by the
 * centre's approved runs in year, in øre. It answers 0 until the benefits
 * area's tables exist; the merge makes it read the approved runs (the
 * cost per participant and the cost-benefit account add it to the cost).
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
