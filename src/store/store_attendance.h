/*
 * store_attendance.h — the attendance register (table attendance,
 * migration 14, decision 36): the marks of a session, a participant's
 * marks and monthly summary, the self-certification rule's flags, the
 * fact Today reads (absence_streaks), corrections after approval, the
 * rules, and what the benefit run reads. Included by store.h; the
 * self-certification rule's inputs, flags and dated rules are
 * store_self_cert.c, the rest store_attendance.c.
 *
 * The monthly benefit run (the benefits area) reads unexcused absence per
 * day, the months with registers still unmarked, and the corrections made
 * after a month's benefits were approved: the first four functions below
 * are that contract. Every function takes the centre and every statement
 * names it.
 */
#ifndef SC_STORE_ATTENDANCE_H
#define SC_STORE_ATTENDANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/activity.h"
#include "domain/attendance.h"
#include "domain/date.h"

struct arena;
struct db;

/* One participant's unexcused absence on one day, in minutes: absences of
 * type unexcused, the minutes of a late arrival or early leaving given no
 * other type, and self-certified sickness beyond the rule (until a
 * doctor's note is registered for it). Days with none are not listed. */
struct unexcused_day {
	int64_t participant_id;
	struct date date;
	int minutes;
};

/* The unexcused days of the centre's participants in the month (year,
 * month 1..12): of one participant, or of all when participant_id is 0;
 * ordered by participant, then date. */
int store_attendance_unexcused(struct db *db, struct arena *a, int64_t centre, int year, int month,
			       int64_t participant_id, struct unexcused_day **out, size_t *n);

/* The participants of the centre (of one, or all when participant_id is
 * 0) who had a session in the month that is not marked yet, in id order. */
int store_attendance_unmarked(struct db *db, struct arena *a, int64_t centre, int year, int month,
			      int64_t participant_id, int64_t **out, size_t *n);

/* The participants of the centre who had a session from first to last
 * (both included) that is not marked yet, in id order: the leader's
 * glance asks for the days of this month before today, since a session
 * still to come has no register to mark. */
int store_attendance_unmarked_between(struct db *db, struct arena *a, int64_t centre, struct date first,
				      struct date last, int64_t **out, size_t *n);

/* How many registers (planned sessions) of the centre from first to last
 * (both included) are not fully marked, counted from the partial index
 * activity_sessions_open: the leader's glance. Health-only groups' only
 * when health_too, as store_sessions_unmarked() lists them. */
int store_attendance_registers_unmarked(struct db *db, int64_t centre, bool health_too, struct date first,
					struct date last, int64_t *n);

/* A register changed after the month's benefits were approved. */
struct attendance_correction {
	int64_t id;
	int64_t participant_id;
	struct date session_date;   /* the day corrected; its month is the one to recompute */
	int64_t at;                 /* when (Unix seconds) */
	int64_t by;                 /* who (user id) */
	const char *reason;         /* why */
	bool handled;               /* taken into a run */
};

/* The corrections of the centre not yet taken into a run (all when
 * unhandled_only is false), oldest first, at most limit (1..10000). */
int store_attendance_corrections(struct db *db, struct arena *a, int64_t centre, bool unhandled_only,
				 int64_t limit, struct attendance_correction **out, size_t *n);

/* Marks the corrections as taken into the run run_id (in the caller's
 * transaction). */
int store_attendance_corrections_handled(struct db *db, int64_t centre, const int64_t *ids, size_t n,
					 int64_t run_id);

/* A correction not yet taken into a run, as the finance officer's list
 * shows it: the participant, the session, the mark before the correction
 * and after it, the mark as it is now, who corrected it, when and why. */
struct correction_item {
	int64_t id;
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	int64_t session_id;         /* 0: no session (a pause's correction) */
	const char *group_name;
	bool health_only;           /* a health-only group's session */
	struct date session_date;
	int start_min, end_min;
	struct mark mark;           /* now; kind MARK_NONE: not marked */
	bool kept;                  /* before and after are known (false: a
				     * correction recorded before migration 79) */
	struct mark before, after;  /* the mark the correction changed, and
				     * what it made it (kind MARK_NONE: not
				     * marked); a doctor's note's: the mark as
				     * counted, without and with the note */
	bool doctor_note, beyond;
	int64_t at;
	const char *by_name;        /* "" when the user is gone */
	const char *reason;
	enum correction_cause cause;   /* what made it (migration 85) */
};

/* The centre's corrections not yet taken into a run, oldest first, at
 * most limit (1..10000); *total counts them all. *items from the arena. */
int store_attendance_corrections_open(struct db *db, struct arena *a, int64_t centre, int64_t limit,
				      struct correction_item **items, size_t *n, int64_t *total);

/* ---- the rest: the activities area's own ---- */

/* Records a correction of a participant's mark of a session on
 * session_date (in the caller's transaction): who (by), when (at), what
 * made it (cause), why (reason), the mark before and after it (kind
 * MARK_NONE: not marked). A correction of no session (session_id 0,
 * before and after NULL) is a change of the programme days of
 * session_date's month (a pause's). SC_EINVAL for a cause not known. */
int store_attendance_correction_add(struct db *db, int64_t centre, int64_t session_id, int64_t participant_id,
				    struct date session_date, int64_t at, int64_t by, enum correction_cause cause,
				    const char *reason, const struct mark *before, const struct mark *after);

/* One row of a session's register: a participant enrolled in the group on
 * the session's date, and their mark (kind MARK_NONE: not marked). */
struct register_entry {
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	struct mark mark;
	bool doctor_note;
	bool beyond;             /* self-certified beyond the rule */
	bool paused;             /* paused on the session's date (PAUSED_ON):
				  * not on the roll call, a mark kept is not counted */
};

/* The register of a session of the centre, by family and given name: who
 * is enrolled in the group on its date, those paused that day marked so.
 * *items from the arena. */
int store_register(struct db *db, struct arena *a, int64_t centre, const struct group_session *s,
		   struct register_entry **items, size_t *n);

/* A mark to write: MARK_NONE takes a saved mark away. */
struct mark_write {
	int64_t participant_id;
	struct mark mark;
};

/* Writes the marks of a session (inside the caller's write transaction),
 * then the session's count of marks and who saved it when. A mark whose
 * kind or type changes loses its doctor's note and beyond flags (the rule
 * sets them again). */
int store_register_write(struct db *db, int64_t centre, int64_t session_id, const struct mark_write *w, size_t n,
			 int64_t by, int64_t now);

/* One session of a participant's groups and their mark. */
struct attendance_row {
	int64_t session_id;
	int64_t group_id;
	const char *group_name;
	const char *activity_key;   /* a built-in's key, "" else */
	bool health_only;
	struct date date;
	int start_min, end_min;
	bool cancelled;
	const char *cancel_reason;
	const char *room;
	struct mark mark;           /* kind MARK_NONE: not marked */
	bool doctor_note, beyond;
	bool marks_hidden;          /* set by the reader's rule (access_marks_seen()):
				     * "enrolled in a health activity", no marks */
	bool paused;                /* the participant is paused that day
				     * (PAUSED_ON): not scheduled, a mark kept is
				     * shown and not counted */
};

/* The sessions of the participant's groups while enrolled, from..to,
 * by date and time, with their marks; cancelled ones only when
 * cancelled_too. */
int store_participant_attendance(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				 struct date from, struct date to, bool cancelled_too, struct attendance_row **items,
				 size_t *n);

/* The sessions from..to of store_participant_attendance() that a summary
 * counts (not cancelled), in no order, with what the summary and the
 * reader's rule need of them (ids, health_only, day, times, mark, paused)
 * and no names, rooms or reasons (""). */
int store_participant_month_marks(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				  struct date from, struct date to, struct attendance_row **items, size_t *n);

/* A participant's summary of the month (year, month 1..12): every session
 * of their groups while enrolled, not cancelled (domain/attendance.h,
 * attendance_summarise: what the benefit reads). */
int store_attendance_summary(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int year,
			     int month, struct attendance_summary *out);
/* The same summary of a month's rows as store_participant_attendance()
 * read them (cancelled sessions, when read, are skipped): a page that
 * shows the rows reads them once (decision 74). */
void store_attendance_summary_of(const struct attendance_row *rows, size_t n, struct attendance_summary *out);

/* A participant's marked sessions of one group, summarised. */
struct group_attendance {
	int64_t participant_id;
	struct attendance_summary s;
};

/* The marked sessions (not cancelled) of a group, summarised per
 * participant enrolled in it, by participant id: the group page's
 * attendance rate per participant. */
int store_group_attendance(struct db *db, struct arena *a, int64_t centre, int64_t group_id,
			   struct group_attendance **items, size_t *n);

/* One participant's summary in a month's list. */
struct attendance_month {
	int64_t participant_id;
	struct attendance_summary s;
};

/* The summaries of the month of every participant of the centre who was
 * expected at a session of it, by participant id (the input of the
 * benefit run): one pass over the month's sessions, their enrolments and
 * their marks. *items from the arena. */
int store_attendance_summaries(struct db *db, struct arena *a, int64_t centre, int year, int month,
			       struct attendance_month **items, size_t *n);

/* A self-certified day of a participant: a session marked absent, sick,
 * self-certified. */
struct sick_mark {
	int64_t session_id;
	struct date date;
	bool doctor_note;
	bool beyond;
};

/* The participant's self-certified days from..to, by date: not a day they
 * are paused (pause_sql.h), whose mark counts nowhere. */
int store_attendance_sick_marks(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				struct date from, struct date to, struct sick_mark **items, size_t *n);

/* The days from..to on which the participant had a session (not
 * cancelled) of a group they were enrolled in and were not paused, in
 * order, each once: a paused day, like a weekend, breaks no period of
 * self-certified sickness. */
int store_attendance_session_days(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				  struct date from, struct date to, struct date **days, size_t *n);

/* Sets whether the participant's self-certified absence from a session is
 * beyond the rule. */
int store_attendance_set_beyond(struct db *db, int64_t centre, int64_t session_id, int64_t participant_id,
				bool beyond);

/* Registers a doctor's note for the participant's self-certified absence
 * from a session: it is sickness with a note from now on, never beyond the
 * rule. SC_ENOTFOUND when there is no such absence. */
int store_attendance_set_note(struct db *db, int64_t centre, int64_t session_id, int64_t participant_id);

/* ---- unexcused absence in a row (the fact Today reads) ---- */

/* The participant's run; *found false (and r cleared) when none is kept. */
int store_absence_run_get(struct db *db, int64_t centre, int64_t participant_id, struct absence_run *r,
			  bool *found);

/* Keeps the participant's run (in the caller's transaction). */
int store_absence_run_put(struct db *db, int64_t centre, int64_t participant_id, const struct absence_run *r);

/* A participant of a contact person with a run. */
struct absence_alert {
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	int days;
	struct date since;
	struct date last;
};

/* The participants the user follows as contact person (in intake or the
 * programme) whose run is at least min_days, longest first: one index
 * range of participants_contact and a primary-key lookup each. */
int store_absence_alerts(struct db *db, struct arena *a, int64_t centre, int64_t contact_id, int min_days,
			 struct absence_alert **items, size_t *n);

/* ---- registers not marked ---- */

/* Sessions of the centre (of the groups user teacher_id teaches, or all
 * when 0) before `before` that are planned and have fewer marks than
 * participants expected, newest first, at most limit (1..500). *total
 * counts them all. Health-only groups' sessions only when health_too
 * (their registers are health staff's). */
int store_sessions_unmarked(struct db *db, struct arena *a, int64_t centre, int64_t teacher_id, bool health_too,
			    struct date before, int64_t limit, struct group_session **items, size_t *n,
			    int64_t *total);

/* The sessions on day of the groups teacher_id teaches (0: every group),
 * by time, cancelled ones too; health-only groups' only when health_too. */
int store_sessions_on_day(struct db *db, struct arena *a, int64_t centre, int64_t teacher_id, bool health_too,
			  struct date day, struct group_session **items, size_t *n);

/* ---- the self-certification rule: dated parameters ---- */

struct self_cert_rule_row {
	struct date valid_from;
	struct self_cert_rule rule;
	int64_t created_at;
	const char *created_by_name;   /* "" when none */
};

/* Every rule, oldest first. */
int store_self_cert_rules(struct db *db, struct arena *a, struct self_cert_rule_row **items, size_t *n);

/* The rule in force on day (the latest valid_from on or before it); the
 * default 3 days and 4 periods when none is. */
int store_self_cert_rule_on(struct db *db, struct date day, struct self_cert_rule *out);

/* A rule from valid_from on. SC_ECONFLICT when one starts that day. */
int store_self_cert_rule_add(struct db *db, struct date valid_from, const struct self_cert_rule *r, int64_t by,
			     int64_t now);

#endif
