/*
 * overdue_sql.h — INTERNAL to the store: the SQL of followup_overdue()
 * (domain/followup.h), the one rule for what is overdue for a contact
 * person, written once for every query that lists or counts it (the Today
 * lists in store_today.c, the overview, a person's figures and the
 * caseload list in store_caseload.c). Each macro takes the SQL of the
 * participant row (P, e.g. "p") or user id (U) and of today's date (TODAY,
 * a parameter such as "$1"), and is an expression.
 */
#ifndef SC_STORE_OVERDUE_SQL_H
#define SC_STORE_OVERDUE_SQL_H

/* Statuses of a caseload: exited and closed participants have left it. */
#define OVERDUE_CASELOAD "('registered','referred','waiting','offered','active','paused')"

/* Goals whose steps can be due (followup_goal_open). */
#define OVERDUE_GOAL_OPEN "('planned','in_progress')"

/* Steps not done, due before today, of open goals. */
#define OVERDUE_STEPS(P, TODAY) \
	"(SELECT COUNT(*) FROM goal_steps s JOIN goals g ON g.id = s.goal_id" \
	" WHERE s.participant_id = " P ".id AND s.done_on IS NULL AND s.due_on < " TODAY \
	" AND g.status IN " OVERDUE_GOAL_OPEN ")"

/* Evaluations not held, due before today. */
#define OVERDUE_EVALUATIONS(P, TODAY) \
	"(SELECT COUNT(*) FROM plan_evaluations e WHERE e.participant_id = " P ".id" \
	" AND e.done_on IS NULL AND e.due_on < " TODAY ")"

/* 1 when the latest meeting (by held_on, then id) planned a next meeting
 * before today, else 0. */
#define OVERDUE_MEETING(P, TODAY) \
	"COALESCE((SELECT CASE WHEN m.next_meeting < " TODAY " THEN 1 ELSE 0 END FROM meetings m" \
	" WHERE m.participant_id = " P ".id ORDER BY m.held_on DESC, m.id DESC LIMIT 1), 0)"

/* Steps, evaluations and the planned meeting of one participant. */
#define OVERDUE_OF_PARTICIPANT(P, TODAY) \
	"(" OVERDUE_STEPS(P, TODAY) " + " OVERDUE_EVALUATIONS(P, TODAY) " + " \
	OVERDUE_MEETING(P, TODAY) ")"

/* Follow-up tasks assigned to user U, not done, due before today; COND is
 * a further condition on t (e.g. "t.participant_id = p.id"), or "1 = 1". */
#define OVERDUE_FOLLOWUPS(U, TODAY, COND) \
	"(SELECT COUNT(*) FROM tasks t WHERE t.assignee_id = " U " AND " COND \
	" AND t.done_on IS NULL AND t.due_on < " TODAY ")"

#endif
