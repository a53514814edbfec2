/*
 * store_activity.h — the catalogue of activities, groups with their
 * teachers and weekly slots, sessions, the centre's closures and enrolment
 * in groups (migration 14, decision 35; records of domain/activity.h).
 * Included by store.h.
 *
 * Every function takes the centre and every statement names it: a group,
 * session, closure or enrolment of another centre is "not found", never
 * listed, never changed. The catalogue's eight built-in types have no
 * centre and are every centre's. Functions that write several statements
 * run inside the caller's write transaction.
 *
 * Sessions keep two counts the writes here maintain: expected (enrolled in
 * the group on the session's date) and marks (the register's rows, kept by
 * store_attendance.c).
 */
#ifndef SC_STORE_ACTIVITY_H
#define SC_STORE_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/activity.h"

struct arena;
struct db;

/* ---- the catalogue ---- */

/* The built-in types and the centre's own, built-ins first (in
 * activity_builtins[] order), then by name. */
int store_activity_types(struct db *db, struct arena *a, int64_t centre, struct activity_type **items, size_t *n);

/* One type the centre may use; SC_ENOTFOUND when there is none such. */
int store_activity_type_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct activity_type *out);

/* Holds the centre's adds of activity types one after another until the
 * transaction ends, so that the names read before an add are all there
 * are when it inserts: no column keeps a name unique (the rule, a name
 * differs in more than its letters' case, is text_casecmp()'s, beyond what
 * lower() or NOCASE fold). PostgreSQL: an advisory lock of the transaction
 * (under READ COMMITTED two adds each missed the other); SQLite needs
 * nothing, BEGIN IMMEDIATE already lets one writer in. */
int store_activity_types_lock(struct db *db, int64_t centre);

/* A type of the centre's own (name, kind, description, health_only). */
int store_activity_type_add(struct db *db, int64_t centre, const struct activity_type *t, int64_t by, int64_t now,
			    int64_t *id);

/* Saves a type of the centre's own over id when its version is still
 * expected_version: SC_ECONFLICT when not, SC_ENOTFOUND when it is not the
 * centre's own (a built-in type is the product's). */
int store_activity_type_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			       const struct activity_type *t, int64_t now);

/* ---- groups ---- */

/* A new group of the centre with its teachers and its slots (in minutes,
 * as group_check() gave them). *id gets its id. No sessions: see
 * store_sessions_add(). */
int store_group_add(struct db *db, int64_t centre, const struct group *g, const struct slot *slots, size_t nslots,
		    int64_t by, int64_t now, int64_t *id);

/* The group with its type's key and label, teachers, slots and counts
 * (enrolled on today or later, waiting). SC_ENOTFOUND when missing or of
 * another centre. */
int store_group_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct date today,
		    struct group *out);

/* Locks the group's row for the transaction (PostgreSQL FOR UPDATE; on
 * SQLite the write transaction holds the database) and returns its period
 * and capacity. SC_ENOTFOUND when missing. */
int store_group_lock(struct db *db, int64_t centre, int64_t id, struct date *starts_on, struct date *ends_on,
		     int64_t *capacity);

/* Saves the group's fields, teachers and slots when its version is still
 * expected_version (bumping it): SC_ECONFLICT when not, SC_ENOTFOUND when
 * missing. The type of a group does not change. */
int store_group_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version, const struct group *g,
		       const struct slot *slots, size_t nslots, int64_t now);

/* Which groups a list shows. */
struct groups_filter {
	int64_t teacher_id;   /* 0: every group; else the groups this user teaches */
	const char *from;     /* YYYY-MM-DD: groups that end on or after it; NULL: all */
	const char *today;    /* YYYY-MM-DD: enrolled counts those enrolled on or after it, as
			       * the group's page does; NULL: from */
	bool health_only_too; /* include health-only groups */
	int64_t limit;        /* at most this many (0 or more than GROUPS_LIST_MAX: GROUPS_LIST_MAX) */
};

#define GROUPS_LIST_MAX 500

/* The centre's groups by the filter, by start (newest first), then name;
 * at most f->limit; with type labels, counts (enrolled: on f->today, or
 * f->from, or later) and teachers (slots not loaded). */
int store_groups(struct db *db, struct arena *a, int64_t centre, const struct groups_filter *f, struct group **items,
		 size_t *n);

/* How many groups the filter gives (f->teacher_id and f->limit aside),
 * counted up to cap from the index alone. */
int store_groups_count(struct db *db, int64_t centre, const struct groups_filter *f, int64_t cap, int64_t *n);

/* True in *teaches when user_id teaches the group. */
int store_group_teaches(struct db *db, int64_t centre, int64_t group_id, int64_t user_id, bool *teaches);

/* The first and last dates of the group's sessions with marks ({0} when
 * none). */
int store_group_marked_range(struct db *db, int64_t centre, int64_t group_id, struct date *first,
			     struct date *last);

/* The active users of the centre with the teacher or health role, by
 * name: ids, names and (out, parallel) GROUP_TEACHER_TEACHER or
 * GROUP_TEACHER_HEALTH (health when they hold the health role). */
struct teacher_choice {
	int64_t id;
	const char *name;
	int role;
};
int store_teacher_choices(struct db *db, struct arena *a, int64_t centre, struct teacher_choice **items, size_t *n);

/* ---- sessions ---- */

/* Adds sessions of the group (dates and times; extra: added by hand),
 * each expecting those enrolled on its date. ids (may be NULL) gets the
 * new ids in order. */
int store_sessions_add(struct db *db, int64_t centre, int64_t group_id, const struct session_time *s, size_t n,
		       bool extra, int64_t *ids);

/* Deletes the group's sessions from `from` on that were generated (not
 * added by hand, not moved), have no marks and no correction: before the
 * timetable or period is made again. *deleted (may be NULL) counts them. */
int store_sessions_clear_generated(struct db *db, int64_t centre, int64_t group_id, struct date from,
				   int64_t *deleted);

/* Deletes the group's sessions after `after` (and before `before`, when
 * given) that have no marks and no correction: a period made shorter. */
int store_sessions_clear_outside(struct db *db, int64_t centre, int64_t group_id, struct date before,
				 struct date after);

/* One session with its group's name; SC_ENOTFOUND when missing or of
 * another centre. */
int store_session_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct group_session *out);

/* Whether session id of the centre has a saved mark (*kept): any row of its
 * register, a paused participant's too, which its marks leave out. */
int store_session_has_register(struct db *db, int64_t centre, int64_t id, bool *kept);

/* The group's sessions from..to (both included; {0} = open), by date and
 * time, cancelled ones too, at most limit (1..2000). */
int store_group_sessions(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date from,
			 struct date to, int64_t limit, struct group_session **items, size_t *n);

/* Moves a session at version to a date and times (moved_from keeps the
 * first date), recounting who is expected then; its version goes up by
 * one. SC_ECONFLICT when missing or not at version (nothing changed). */
int store_session_move(struct db *db, int64_t centre, int64_t id, int64_t version, const struct session_time *to);

/* Cancels a planned session at version with a reason; its version goes
 * up by one. SC_ECONFLICT when missing, not planned or not at version
 * (nothing changed). */
int store_session_cancel(struct db *db, int64_t centre, int64_t id, int64_t version, const char *reason);

/* A session's register saved at version (in the caller's transaction,
 * before its marks are written): the version goes up by one, so a form
 * read before the save is stale. SC_ECONFLICT when missing or not at
 * version (nothing changed). */
int store_session_register_saved(struct db *db, int64_t centre, int64_t id, int64_t version);

/* The sessions (not cancelled) of the participant's groups other than
 * except_group (0 = none) while enrolled, from..to, by date and time:
 * what a new enrolment or a moved session must not clash with. Each
 * session's group_name is its group's. */
int store_participant_group_sessions(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			       int64_t except_group, struct date from, struct date to, struct group_session **items,
			       size_t *n);

/* The ids of the participants enrolled in the group on `on`. */
int store_group_enrolled_on(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date on,
			    int64_t **ids, size_t *n);

/* ---- closures ---- */

/* The centre's closures that end on or after from (from {0}: all), by
 * start, with the sessions each cancelled. */
int store_closures(struct db *db, struct arena *a, int64_t centre, struct date from, struct closure_period **items,
		   size_t *n);

/* The centre's closure periods overlapping from..to, as the timetable
 * reads them (*out from the arena). */
int store_closure_ranges(struct db *db, struct arena *a, int64_t centre, struct date from, struct date to,
			 struct closure **out, size_t *n);

/* A new closure; the centre's planned sessions it covers that have no
 * saved mark (no row of their register, a paused participant's too) are
 * cancelled with its name as the reason (*cancelled counts them).
 * The centre's closure adds and deletes take turns until the transaction
 * ends (PostgreSQL: an advisory lock; SQLite's BEGIN IMMEDIATE already
 * does), so that a session handed to another closure is never handed to
 * one being deleted. */
int store_closure_add(struct db *db, int64_t centre, const struct closure_period *c, int64_t by, int64_t now,
		      int64_t *id, int64_t *cancelled);

/* Deletes a closure, planning again the sessions it cancelled that no
 * other closure of the centre covers (*restored counts them); those another
 * covers stay cancelled, by the earliest such closure (its closure_id and
 * name). A session cancelled by hand (no closure_id) is left as it is.
 * SC_ENOTFOUND when missing. Takes its turn as store_closure_add() does. */
int store_closure_delete(struct db *db, int64_t centre, int64_t id, int64_t *restored);

/* ---- enrolment ---- */

/* The group's enrolments (enrolled and waiting; removed left out), with
 * the participants' names: enrolled by name, then the waiting list in the
 * order they asked. */
int store_group_enrolments(struct db *db, struct arena *a, int64_t centre, int64_t group_id,
			   struct group_enrolment **items, size_t *n);

/* The participant's enrolments (enrolled and waiting), with the groups'
 * names, activity keys and whether they are health-only, newest first. */
int store_participant_group_enrolments(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				       struct group_enrolment **items, size_t *n);

/* One enrolment; SC_ENOTFOUND when missing or of another centre. */
int store_group_enrolment_get(struct db *db, struct arena *a, int64_t centre, int64_t id,
			      struct group_enrolment *out);

/* The periods of the group's enrolments (status enrolled) overlapping
 * from..to, but except_id (0 = none): for group_places_taken(). */
int store_group_enrolment_periods(struct db *db, struct arena *a, int64_t centre, int64_t group_id,
				  struct date from, struct date to, int64_t except_id, struct date **starts,
				  struct date **ends, size_t *n);

/* True in *found when the participant is enrolled in the group for a
 * period overlapping from..to, or waits for it. */
int store_group_enrolment_overlap(struct db *db, int64_t centre, int64_t group_id, int64_t participant_id,
				  struct date from, struct date to, bool *found);

/* A new enrolment (status, dates, goal from en); an enrolled one is
 * expected at the group's sessions of its period. *id gets its id. */
int store_group_enrolment_add(struct db *db, int64_t centre, const struct group_enrolment *en, int64_t by,
			      int64_t now, int64_t *id);

/* Counts again who the sessions of the participant's groups from..to
 * expect and their marks (pause_sql.h: a pause's days take the participant
 * off the roll call), and the Attendance report's kept rows of the
 * participant's months of those days (store_report_attendance_recount()),
 * in the caller's transaction: what a pause recorded, resumed or ended
 * changes. */
int store_sessions_recount_participant(struct db *db, int64_t centre, int64_t participant_id, struct date from,
				       struct date to);

/* Sets an enrolment's status and period (waiting -> enrolled: a place
 * offered; waiting or enrolled -> removed; enrolled with an earlier end),
 * keeping the sessions' expected counts. SC_ENOTFOUND when missing. */
int store_group_enrolment_change(struct db *db, int64_t centre, int64_t id, int status, struct date starts_on,
				 struct date ends_on, int64_t by, int64_t now);

/* Ends an enrolled participant's enrolment early: its last day becomes
 * ends_on (the later sessions no longer expect them: their place is free)
 * and reason is kept (end_reason). In the caller's transaction;
 * SC_ENOTFOUND when missing, of another centre or not enrolled. */
int store_group_enrolment_end(struct db *db, int64_t centre, int64_t id, struct date ends_on, const char *reason,
			      int64_t by, int64_t now);

/* Withdraws an enrolment not begun: it is removed (holds no place; its
 * period kept as asked for) and reason is kept (end_reason). In the
 * caller's transaction; SC_ENOTFOUND when missing, of another centre or
 * not enrolled. */
int store_group_enrolment_withdraw(struct db *db, int64_t centre, int64_t id, const char *reason, int64_t by,
				   int64_t now);

/* The last date the participant has a mark in the group ({0}: none). */
int store_group_last_mark(struct db *db, int64_t centre, int64_t group_id, int64_t participant_id,
			  struct date *last);

/* True in *found when goal_id is a goal of the participant's plan. */
int store_goal_of_participant(struct db *db, int64_t centre, int64_t participant_id, int64_t goal_id,
			      bool *found);

#endif
