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

/* True while a follow-up task of participant PID (an id's SQL) is its
 * assignee's to record: the participant has not exited, or their contact
 * person may still open them (contact_until not past: within_retention()
 * in domain/access.c, as REACHED in reach.h). After that it is the
 * centre's: the leader's list of late follow-ups keeps it, and no one's
 * Today, overview count or figures (decision 198). */
#define FOLLOWUP_STILL_THEIRS(PID, TODAY) \
	"NOT EXISTS (SELECT 1 FROM participants rp WHERE rp.id = " PID " AND rp.status = 'exited'" \
	" AND (rp.contact_until IS NULL OR rp.contact_until < " TODAY "))"

/* True while Today's line T (today_lines) is its user's: a line of
 * another kind, or a task whose detail, the last day it is its assignee's
 * (migration 88: '9999-12-31' while the participant has not exited, their
 * contact_until once they have), is not past: FOLLOWUP_STILL_THEIRS kept in
 * the line, read inside the index today_lines_due. */
#define LINE_STILL_THEIRS(T, TODAY) "(" T ".kind <> 'task' OR " T ".detail >= " TODAY ")"

/* Follow-up tasks assigned to user U, not done, due before today, still
 * theirs; COND is a further condition on t (e.g. "t.participant_id =
 * p.id"), or "1 = 1". */
#define OVERDUE_FOLLOWUPS(U, TODAY, COND) \
	"(SELECT COUNT(*) FROM tasks t WHERE t.assignee_id = " U " AND " COND \
	" AND t.done_on IS NULL AND t.due_on < " TODAY " AND " FOLLOWUP_STILL_THEIRS("t.participant_id", TODAY) ")"

#endif
