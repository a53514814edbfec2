/*
 * pause_sql.h — INTERNAL to the store: enrolment_pause_covers()
 * (domain/enrolment.h), the one rule of a pause's days, in SQL for the
 * statements that decide who is on a register and what a session expects:
 * a participant is paused on a day one of their programme periods has a
 * pause from (on or before the day) up to, not including, its end (the day
 * the period resumes), or without an end. P is the SQL of the participant
 * id (e.g. "e.participant_id"), DAY that of the day ("s.on_date", "$4");
 * the macro is an expression.
 */
#ifndef SC_STORE_PAUSE_SQL_H
#define SC_STORE_PAUSE_SQL_H

#define PAUSED_ON(P, DAY) \
	"EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id" \
	" WHERE pe.participant_id = " P " AND px.from_date <= " DAY \
	" AND (px.to_date IS NULL OR px.to_date > " DAY "))"

/* PAUSED_ON() for the rows of one participant, P a parameter ("$1"): the
 * participant's pauses are looked for once (an uncorrelated subquery, run
 * once a statement), and each row's day only when they have one. Most
 * participants have none: a month of their sessions skipped a look-up a
 * row. */
#define PAUSED_ON_OF(P, DAY) \
	"(EXISTS (SELECT 1 FROM enrolments pe JOIN enrolment_pauses px ON px.enrolment_id = pe.id" \
	" WHERE pe.participant_id = " P ") AND " PAUSED_ON(P, DAY) ")"

/* What a register counts, so an unmarked one is found by its counts (the
 * partial index activity_sessions_open): a session of group G of centre C
 * on DAY expects who is enrolled that day and not paused; its marks are
 * those of session S not of a participant paused on DAY (a mark kept of a
 * day a pause later covered is not counted). */
#define EXPECTED_ON(G, C, DAY) \
	"(SELECT COUNT(*) FROM group_enrolments e WHERE e.group_id = " G " AND e.centre_id = " C \
	" AND e.status = 'enrolled' AND e.starts_on <= " DAY " AND e.ends_on >= " DAY \
	" AND NOT " PAUSED_ON("e.participant_id", DAY) ")"
#define MARKS_OF(S, DAY) \
	"(SELECT COUNT(*) FROM attendance a WHERE a.session_id = " S \
	" AND NOT " PAUSED_ON("a.participant_id", DAY) ")"

/* Whether session S (the SQL of its id) holds a saved mark: any row of its
 * register, a paused participant's too, which MARKS_OF() leaves out
 * (decision 179). Such a session is fixed: a closure does not cancel it,
 * it is neither moved nor cancelled by hand, and its group's dates keep
 * it. By the register's primary key (session_id, participant_id). */
#define HOLDS_SAVED_MARK(S) "EXISTS (SELECT 1 FROM attendance k WHERE k.session_id = " S ")"

/* Sets activity_sessions' expected and marks of the row updated. */
#define SESSION_COUNTS \
	"expected = " EXPECTED_ON("activity_sessions.group_id", "activity_sessions.centre_id", \
				  "activity_sessions.on_date") \
	", marks = " MARKS_OF("activity_sessions.id", "activity_sessions.on_date")

#endif
