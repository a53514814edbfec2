/*
 * followup.h — the rules of following a participant up: what is due, what
 * is overdue, when a planned meeting has passed, who has had no contact.
 *
 * A contact person logs meetings (domain/meeting.h), registers the
 * follow-ups after exit (domain/task.h) and keeps the work plan's steps and
 * evaluations. The Today page (domain/today.h) sorts what needs them into
 * "due" (in the next few days), "overdue" (the date has passed) and "no
 * contact" (nobody has met the participant for N days), and the caseload
 * figures count the overdue by the same rule; the rules are here, pure, so
 * the store's queries (overdue_sql.h) and the pages agree.
 */
#ifndef SC_DOMAIN_FOLLOWUP_H
#define SC_DOMAIN_FOLLOWUP_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

/* ---- due, planned, no contact ---- */

/* Where a dated item (goal step, evaluation, follow-up task) stands. */
enum followup_due {
	FOLLOWUP_LATER = 0,   /* not done, due after the window: not shown */
	FOLLOWUP_DUE,         /* not done, due today .. today + due_soon_days */
	FOLLOWUP_OVERDUE,     /* not done, due before today */
	FOLLOWUP_DONE,        /* done: never shown */
};

/* The state of an item due on `due` (done or not) seen on today, where
 * "due soon" looks due_soon_days ahead (a negative value counts as 0). */
enum followup_due followup_due_state(struct date due, bool done, struct date today,
				      int due_soon_days);

/* The last due date shown on Today: today + due_soon_days (negative = 0).
 * Items due on or before it and not done are due or overdue. */
struct date followup_due_window_end(struct date today, int due_soon_days);

/* Where a planned meeting (the latest meeting's next_meeting) stands. */
enum meeting_planned {
	MEETING_PLANNED_LATER = 0,   /* after today */
	MEETING_PLANNED_TODAY,       /* today: "Meetings today" */
	MEETING_PLANNED_PASSED,      /* before today, no meeting logged since */
};

enum meeting_planned meeting_planned_state(struct date next_meeting, struct date today);

/*
 * True when a participant has had no contact for more than no_contact_days
 * (negative = 0) before today. last is the last contact: the latest meeting,
 * or the start of the programme period when there has been no meeting;
 * NULL when there is neither (never contacted: true).
 */
bool followup_no_contact(const struct date *last, struct date today, int no_contact_days);

/* The cut-off the store uses for the same rule: a last contact before this
 * date (today - no_contact_days) is "no contact". */
struct date followup_no_contact_before(struct date today, int no_contact_days);

/* Whole days from `from` to `to` (negative when to is before from). */
int64_t followup_days_between(struct date from, struct date to);

/* ---- what is overdue: one rule for Today and the caseload figures ---- */

/* What can be overdue for a contact person. */
enum overdue_kind {
	OVERDUE_STEP = 1,       /* a goal step */
	OVERDUE_EVALUATION,     /* a plan evaluation */
	OVERDUE_MEETING,        /* the next meeting the latest meeting planned */
	OVERDUE_FOLLOWUP,       /* a follow-up task after exit */
};

/*
 * The one rule for "overdue", which the Today page lists and the caseload
 * overview, a person's caseload page and the caseload list count:
 *  - a goal step not done, due before today, while its goal is open
 *    (planned or in progress: an achieved or dropped goal leaves nothing to
 *    do, followup_goal_open);
 *  - a plan evaluation not held, due before today;
 *  - a planned meeting before today: the next meeting the participant's
 *    latest meeting planned (a meeting logged since replaces the plan);
 *  - a follow-up task after exit not done, due before today.
 * Steps, evaluations and planned meetings count for the participants of the
 * contact person's caseload (any status but exited and closed); follow-ups
 * count for the person they are assigned to, whatever the participant's
 * status, since they come after the exit. The store's queries select by
 * the same rule (store_today.c, store_caseload.c); this function decides
 * for one item.
 */
bool followup_overdue(enum overdue_kind kind, struct date date, bool done, bool goal_open,
		      struct date today);

/* True for the goal statuses whose steps can be due: "planned" and
 * "in_progress". */
bool followup_goal_open(const char *status_key);

#endif
