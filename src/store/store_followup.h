/*
 * store_followup.h — the meeting log, health notes, follow-up tasks after exit, and the Today page. Included by store.h.
 *
 * Writes take validated domain values (domain/followup.h). Lists are newest
 * first and paged where they can grow (meetings, health notes). Health notes
 * have their own functions and are never part of any other read here: the
 * web layer audits every note it shows.
 *
 * The Today queries read one contact person's caseload through
 * participants(contact_id, status) and the per-participant indexes of the
 * dated tables, and tasks through tasks(assignee_id, done_on, due_on), so
 * their cost follows the size of the caseload, not of the register.
 */
#ifndef SC_STORE_FOLLOWUP_H
#define SC_STORE_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/followup.h"

struct arena;
struct db;

/* ---- meetings ---- */

/* A logged meeting; strings from the arena. */
struct meeting_row {
	int64_t id;
	int64_t participant_id;
	char *held_on;          /* YYYY-MM-DD */
	char *channel;          /* a channel key */
	bool interpreter;
	char *minutes;
	char *next_steps;
	char *next_meeting;     /* YYYY-MM-DD, "" when none */
	int64_t author_id;      /* 0 when unknown */
	char *author_name;      /* "" when unknown */
	int64_t created_at;
};

/* Logs a validated meeting. The participant must exist (the caller checked
 * access to it). *id (may be NULL) gets the new id. */
int store_meeting_add(struct db *db, int64_t participant_id, const struct meeting *m,
		      int64_t author_id, int64_t now, int64_t *id);

/* A page of a participant's meetings, newest first (held_on, then id);
 * *total counts them all. limit is clamped to 1..500 (else 50). */
int store_meeting_list(struct db *db, struct arena *a, int64_t participant_id, int64_t limit,
		       int64_t offset, struct meeting_row **items, size_t *n, int64_t *total);

/* ---- referrals to a health worker ---- */

/* A referral; strings from the arena. */
struct health_referral_row {
	int64_t id;
	int64_t participant_id;
	int64_t health_id;
	char *health_name;      /* the health worker's display name */
	char *referred_on;      /* YYYY-MM-DD */
	char *reason;
	char *ended_on;         /* YYYY-MM-DD, "" while open */
	int64_t created_by;     /* 0 when unknown */
	char *created_by_name;  /* "" when unknown */
};

/* Refers the participant to a health worker (validated: the caller checked
 * that health_id is one). SC_ECONFLICT when a referral to that worker is
 * already open. *id (may be NULL) gets the new id. */
int store_health_referral_add(struct db *db, int64_t participant_id,
			      const struct health_referral *h, int64_t by, int64_t now, int64_t *id);

/* Ends an open referral of the participant on the date: the health worker
 * no longer sees them through it. SC_ENOTFOUND when the participant has no
 * such open referral. */
int store_health_referral_end(struct db *db, int64_t participant_id, int64_t referral_id,
			      struct date on, int64_t by);

/* The participant's referrals, open first, then newest (at most 100). */
int store_health_referral_list(struct db *db, struct arena *a, int64_t participant_id,
			       struct health_referral_row **items, size_t *n);

/* ---- follow-up tasks after exit ---- */

struct task_row {
	int64_t id;
	int64_t participant_id;
	char *given_name;       /* the participant's */
	char *family_name;
	int64_t enrolment_id;   /* 0 when none */
	char *kind;             /* "followup_6m", "followup_12m" */
	char *due_on;           /* YYYY-MM-DD */
	int64_t assignee_id;    /* 0 when none */
	char *assignee_name;    /* "" when none */
	char *done_on;          /* "" while not done */
	int64_t done_by;        /* 0 while not done */
	char *done_by_name;
	char *result;           /* a result key, "" while not done */
	char *note;
};

/* SC_ENOTFOUND when there is no such task. */
int store_task_get(struct db *db, struct arena *a, int64_t id, struct task_row *out);

/* Every task of a participant, by due date (at most 100). */
int store_task_list_participant(struct db *db, struct arena *a, int64_t participant_id,
				struct task_row **items, size_t *n);

/* The tasks of an assignee that are not done and due on or before
 * window_end (overdue ones included), by due date; at most limit (1..500,
 * else 200). */
int store_task_list_due(struct db *db, struct arena *a, int64_t assignee_id,
			struct date window_end, int64_t limit, struct task_row **items, size_t *n);

/*
 * Registers a follow-up: done_on, done_by, the result and the note. Refuses
 * a task that is already done with SC_ECONFLICT (two people registering the
 * same follow-up: the second is told, nothing is overwritten);
 * SC_ENOTFOUND when there is no such task.
 */
int store_task_done(struct db *db, int64_t id, struct date done_on, int64_t done_by,
		    const struct task_done *d);

/* ---- the Today page ---- */

/* Rows of one Today list are at most this many; `more` says some were left out. */
#define TODAY_MAX_ROWS 200

/* One line of the Today page: an item and its participant. */
struct today_row {
	int64_t participant_id;
	char *given_name;
	char *family_name;
	int64_t id;      /* the goal step, evaluation, task or meeting; 0 for no contact */
	char *date;      /* due date; the planned meeting date; the last contact
			  * ("" = never) */
	char *title;     /* goal steps: the goal's title; tasks: the kind; else "" */
	char *text;      /* goal steps: the step; else "" */
	char *detail;    /* planned meetings: held_on of the meeting that planned
			  * it; no contact: "meeting" or "start" (the programme
			  * start stood in for a meeting), "" when never; else "" */
};

struct today_list {
	struct today_row *rows;
	size_t n;
	bool more;       /* TODAY_MAX_ROWS were returned and there are more */
};

/*
 * A contact person's day; every list is ordered by date, then name.
 *
 *  planned     participants of the caseload (not exited or closed) whose
 *              latest meeting planned a next meeting on or before today:
 *              today ("Meetings today") or passed (no meeting since);
 *  steps       not-done goal steps of the caseload, of goals not achieved
 *              or dropped, due on or before window_end;
 *  evaluations not-done plan evaluations of the caseload due on or before
 *              window_end;
 *  no_contact  active or paused participants whose last meeting (or, with
 *              none, programme start) is before contact_before, or who have
 *              neither;
 *  tasks       follow-up tasks assigned to the user, not done, due on or
 *              before window_end (whatever the participant's contact person
 *              is now).
 *
 * Each list is one query. Dates come from followup_due_window_end() and
 * followup_no_contact_before().
 */
struct today {
	struct today_list planned;
	struct today_list steps;
	struct today_list evaluations;
	struct today_list no_contact;
	struct today_list tasks;
};

int store_today(struct db *db, struct arena *a, int64_t user_id, struct date today,
		struct date window_end, struct date contact_before, struct today *out);

#endif
