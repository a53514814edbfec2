/*
 * followup.c — the rules of following a participant up; see followup.h.
 */
#include "domain/followup.h"

#include <stddef.h>
#include <string.h>

/* ---- due, planned, no contact ---- */

struct date
followup_due_window_end(struct date today, int due_soon_days)
{
	return date_add_days(today, due_soon_days < 0 ? 0 : due_soon_days);
}

enum followup_due
followup_due_state(struct date due, bool done, struct date today, int due_soon_days)
{
	if (done)
		return FOLLOWUP_DONE;
	if (date_cmp(due, today) < 0)
		return FOLLOWUP_OVERDUE;
	if (date_cmp(due, followup_due_window_end(today, due_soon_days)) <= 0)
		return FOLLOWUP_DUE;
	return FOLLOWUP_LATER;
}

enum meeting_planned
meeting_planned_state(struct date next_meeting, struct date today)
{
	int c = date_cmp(next_meeting, today);
	if (c == 0)
		return MEETING_PLANNED_TODAY;
	return c < 0 ? MEETING_PLANNED_PASSED : MEETING_PLANNED_LATER;
}

struct date
followup_no_contact_before(struct date today, int no_contact_days)
{
	return date_add_days(today, -(int64_t)(no_contact_days < 0 ? 0 : no_contact_days));
}

bool
followup_no_contact(const struct date *last, struct date today, int no_contact_days)
{
	if (last == NULL)
		return true;
	return date_cmp(*last, followup_no_contact_before(today, no_contact_days)) < 0;
}

int64_t
followup_days_between(struct date from, struct date to)
{
	return date_to_days(to) - date_to_days(from);
}

bool
followup_goal_open(const char *status_key)
{
	return status_key != NULL &&
	       (strcmp(status_key, "planned") == 0 || strcmp(status_key, "in_progress") == 0);
}

bool
followup_overdue(enum overdue_kind kind, struct date date, bool done, bool goal_open,
		 struct date today)
{
	switch (kind) {
	case OVERDUE_STEP:
		if (!goal_open)
			return false;
		break;
	case OVERDUE_EVALUATION:
	case OVERDUE_FOLLOWUP:
		break;
	case OVERDUE_MEETING:
		return !done && meeting_planned_state(date, today) == MEETING_PLANNED_PASSED;
	default:
		return false;
	}
	return followup_due_state(date, done, today, 0) == FOLLOWUP_OVERDUE;
}
