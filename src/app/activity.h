/*
 * activity.h — the commands and queries of groups, their sessions,
 * enrolment in groups and the attendance register (decision 35;
 * domain/activity.h, domain/attendance.h).
 *
 * Leaders set groups up (RES_ACTIVITIES); a contact person or leader
 * enrols a participant (PART_ACTIVITIES of the participant, written); a
 * group's places are counted with its row locked, as the caseload cap is
 * (store_group_lock()); a participant is never in two groups whose
 * sessions overlap. A teacher or health worker keeps the registers of the
 * groups they teach (RES_ATTENDANCE, OWN); a leader keeps every one. A
 * register's save is one transaction: the marks, the self-certification
 * rule's flags, the runs of unexcused absence Today reads and, for a month
 * whose benefits are approved, the corrections with their reason.
 *
 * Changes are audited in their transaction ("group.create",
 * "group_enrolment.create", "register.save"); reads through
 * app_audit_read() ("group.read", "register.read", "timetable.read",
 * "attendance_summary.read").
 */
#ifndef SC_APP_ACTIVITY_H
#define SC_APP_ACTIVITY_H

#include <stddef.h>

#include "app/app.h"
#include "app/clash.h"
#include "domain/activity.h"
#include "domain/attendance.h"
#include "store/store.h"
#include "store/store_attendance.h"

/* The groups the actor sees (every group of the centre; health-only ones
 * for leaders and health staff), newest first. */
int app_groups(struct db *db, struct arena *a, const struct actor *actor, struct group **items, size_t *n);

/* The groups the actor teaches that have not ended, by start (newest
 * first): at most limit (a teacher's home). */
int app_groups_taught(struct db *db, struct arena *a, const struct actor *actor, int64_t limit, struct group **items,
		      size_t *n);

/* The groups that have not ended by the actor's today, newest first, with
 * their counts; none and *more set when there are more than limit. */
int app_groups_open(struct db *db, struct arena *a, const struct actor *actor, int64_t limit, struct group **items,
		    size_t *n, bool *more);

/* The activity types of the centre (for the group form). */
int app_activity_types(struct db *db, struct arena *a, const struct actor *actor, struct activity_type **items,
		       size_t *n);

/* Adds an activity type of the centre's own (name, kind, description,
 * health only), audited "activity_type.create". REFUSED_FORBIDDEN for
 * anyone but a leader; REFUSED_INVALID with the fields (a name another of
 * the centre's types has, or a built-in's: under "name"). out->id the
 * type. */
int app_activity_type_add(struct db *db, struct arena *a, const struct actor *actor, struct activity_type *in,
			  struct outcome *out);

/* The users who may teach a group (the form's choices). */
int app_teacher_choices(struct db *db, struct arena *a, const struct actor *actor, struct teacher_choice **items,
			size_t *n);

/* A group's page: the group, its sessions (all of its period, at most
 * 2000) and its enrolments (all of them for its teachers, the leader and,
 * of a health-only group, health staff; else the actor's participants'
 * and a count of the others). REFUSED_NOT_FOUND when missing, of another
 * centre, or health-only and the actor is not a leader or health staff. */
struct group_view {
	struct group g;
	struct group_session *sessions;
	size_t nsessions;
	struct group_enrolment *enrolments;   /* those the actor may know of */
	size_t nenrolments;
	size_t others;     /* enrolled or waiting, not shown: not the actor's participants */
	bool teaches;      /* the actor teaches it (or is a leader) */
	bool names_only;   /* every enrolment is shown to health staff who do not
			    * teach this health-only group: their names, not a
			    * link to a participant they may not open */
	bool registers;    /* the actor opens its registers and progress: teaches
			    * it and sees who attends */
	bool health_hidden; /* a health-only group's attendees are not shown to
			     * the actor (the leader): others counts them */
	struct group_attendance *attendance;   /* of those shown (not with names_only) */
	size_t nattendance;
};
int app_group(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct group_view *v,
	      struct outcome *out);

/* The rules of a group beyond each field's own, with the facts from the
 * store, added to e; slots (TIMETABLE_MAX_SLOTS) get the timetable. */
int app_group_check(struct db *db, struct arena *a, const struct actor *actor, const struct group *in,
		    struct slot *slots, size_t *nslots, struct field_errors *e);

/* Makes a group with its teachers and timetable, and its sessions from the
 * timetable for its period (no public holiday, no closure). out->id the
 * group; out->version the number of sessions made. */
int app_group_create(struct db *db, struct arena *a, const struct actor *actor, struct group *in,
		     struct outcome *out);

/* Saves a group changed after it was made (name, room, capacity,
 * teachers, end, language, level: in holds the stored group with the
 * changes; its type, start and timetable stay as they are) when its
 * version is still expected_version (0: the version as found). One
 * transaction with the group locked, audited "group.update": a shorter
 * period deletes the sessions after the new end (none may have marks)
 * and ends the enrolments there; a longer one adds sessions from the
 * timetable. REFUSED_FORBIDDEN for anyone but a leader;
 * REFUSED_NOT_FOUND when missing; REFUSED_STALE (out->version the saved
 * one) when someone saved it since; REFUSED_INVALID with the fields (a
 * capacity below those enrolled names both numbers). out->version: the
 * new version. An earlier last day ends the enrolments that ran past it on
 * it: *shortened says how many (NULL: not asked). */
int app_group_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t expected_version,
		     struct group *in, struct outcome *out, int64_t *shortened);

/* Enrols in->participant_id in the group (dates, goal; waitlist: take a
 * place on the waiting list when the group is full). REFUSED_NOT_FOUND:
 * no such group, or a participant the actor may not enrol;
 * REFUSED_INVALID with the fields; REFUSED_STATE when the participant is
 * enrolled or waiting already; REFUSED_STATE with *clash set when a
 * session clashes with one of their other groups or with the working
 * hours of a placement of theirs, agreed or still negotiated
 * (app_timetable_clash()); REFUSED_FULL when no
 * place is free and the waiting list was not asked for. On DONE in->status
 * says enrolled or waiting, out->id the enrolment. */
int app_group_enrol(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
		    struct group_enrolment *in, struct enrol_clash *clash, struct outcome *out);

/* Offers a place to someone on the group's waiting list: enrolled from
 * today (or the day asked for) to the end asked for, when a place is free
 * then and nothing clashes. REFUSED_NOT_FOUND: no such place on the list,
 * or a participant the actor may not enrol; REFUSED_STATE: not waiting,
 * the period passed, or a clash (*clash set); REFUSED_FULL: still full. */
int app_group_offer(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id, int64_t enrolment_id,
		    struct enrol_clash *clash, struct outcome *out);

/* One enrolment of a group and the group, for the page that ends it.
 * REFUSED_NOT_FOUND: no such enrolment of the group, a group the actor
 * may not see (app_group()), or a participant whose activities the actor
 * may not read. Audited "group_enrolment.read". */
int app_group_enrolment(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
			int64_t enrolment_id, struct group_enrolment *en, struct group *g, struct outcome *out);

/* Ends an enrolment early (a participant leaves the group): its last day
 * becomes in->ends_on, with the reason; the later sessions no longer
 * expect them, so their place is free for the waiting list, and their
 * timetable loses those sessions. One transaction with the group locked,
 * audited "group_enrolment.end". REFUSED_NOT_FOUND as
 * app_group_enrolment() but for PART_ACTIVITIES written (their contact
 * person, a leader); REFUSED_STATE when it is not an enrolment (a place on
 * the waiting list); REFUSED_INVALID with the fields (a day outside the
 * enrolment, or before one the participant has a mark). */
int app_group_enrolment_end(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
			    int64_t enrolment_id, const struct enrolment_end *in, struct outcome *out);

/* ---- sessions edited one by one (leaders, and the group's teachers) ---- */

/* Those a session added or moved would clash for (app_session_clashes()). */
struct session_clashes {
	struct session_clash *items;   /* arena */
	size_t n;
};

/* Adds a session by hand to the group (in: date, times): inside the
 * group's period, not on a public holiday or in a closure. out->id the
 * session. REFUSED_NOT_FOUND when the actor does not keep the group;
 * REFUSED_STATE with *clashes set (nothing saved) when it clashes for
 * someone enrolled on its date and in->anyway is not 1. */
int app_session_add(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
		    const struct session_input *in, struct session_clashes *clashes, struct outcome *out);

/* Moves a planned session without marks, at version (the one read), to
 * another date or time, by the same rules. REFUSED_INVALID when version
 * is not a whole number from 1 (under "version"); REFUSED_STATE when it
 * has marks or is cancelled, or (*clashes set) when the new time clashes
 * for someone enrolled on the new date and in->anyway is not 1;
 * REFUSED_STALE (out->version the session's now) when it was changed
 * since version: nothing is saved. On DONE out->version is the new one. */
int app_session_move(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id,
		     int64_t version, const struct session_input *in, struct session_clashes *clashes,
		     struct outcome *out);

/* Cancels a planned session without marks, at version, with a reason;
 * refused as a move is. */
int app_session_cancel(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id,
		       int64_t version, const struct session_cancel *in, struct outcome *out);

/* A session's register: the session, its group and a row for everyone
 * enrolled on its date. REFUSED_NOT_FOUND when there is no such session
 * or the actor does not teach its group (audited as denied). */
struct register_view {
	struct group_session s;
	struct group g;
	struct register_entry *rows;
	size_t n;
	bool approved;    /* the month's benefits are approved: a save needs a reason */
	bool run_waiting; /* not approved, its run waits for approval: a change is
			   * a correction too, its reason asked but not required */
	bool kept;        /* it holds a saved mark, a paused participant's too
			   * (store_session_has_register()): neither moved nor
			   * cancelled */
};
int app_register(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id,
		 struct register_view *v, struct outcome *out);

/* Saves a session's register (one transaction) read at the session's
 * version (0: not given, the API's older clients; no check). REFUSED_STALE
 * when the register was saved (or the session changed) since: nothing is
 * written. A save that changes a mark raises the version. REFUSED_NOT_FOUND as
 * app_register(); REFUSED_STATE for a cancelled session or one in the
 * future; REFUSED_INVALID for a row of someone not enrolled on the
 * session's date ("marks[N].participant_id", N from 0 as the API reads
 * the list), a mark that breaks its rules ("marks[N]"), or a missing
 * correction reason in an approved month.
 * out->version: the marks written (STALE: the session's version now). */
int app_register_save(struct db *db, struct arena *a, const struct actor *actor, int64_t session_id,
		      int64_t version, const struct register_input *in, struct outcome *out);

/* The participant's sessions from..to with their marks (a week's
 * timetable, a month's attendance), as the actor sees them
 * (access_marks_seen(), the one rule): a group they see nothing of (a
 * teacher's view of another's group) is left out; a health-only group's
 * sessions are shown to a contact person or a leader as "enrolled in a
 * health activity" (group_name "", health_only and marks_hidden set), to
 * the finance officer with their marks but unnamed (group_name ""). */
int app_participant_timetable(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			      struct date from, struct date to, struct participant_brief *brief,
			      struct attendance_row **items, size_t *n, struct outcome *out);

/* The participant's groups (enrolled and waiting), as the actor sees
 * them (access_marks_seen()): left out or unnamed (group_name "") as the
 * sessions of app_participant_timetable(). */
int app_participant_groups(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			   struct group_enrolment **items, size_t *n, struct outcome *out);

/* The reason a doctor's note's correction is recorded with: a msgid, which
 * the corrections list translates. */
extern const char doctor_note_correction_reason[];

/* The reason recorded with the corrections of an enrolment that begins
 * before today (a msgid, as doctor_note_correction_reason): each session of
 * the group it adds to a month whose benefits are approved or whose run
 * waits for approval is a correction of that month, as a register's change
 * is (decision 168), so the finance officer sees it and the next run
 * recomputes the month. */
extern const char enrolment_correction_reason[];

/* The reason recorded with the corrections a pause's change of the
 * self-certified days' flags makes (a msgid, as
 * doctor_note_correction_reason; cause CORRECTION_PAUSE). */
extern const char pause_flag_correction_reason[];

/* Applies the self-certification rule again to the participant's
 * self-certified days around day (400 days either side), in the caller's
 * transaction, after a pause is recorded, or ended by a resumption or an
 * exit, from day (decision 188: a paused day neither counts in a run nor
 * breaks one, so a pause changes which days exceed the rule): the flags
 * the register save keeps, and the run of unexcused absence. A day whose
 * unexcused minutes change, in a month whose benefits are approved or
 * whose run waits for approval, is recorded as a correction of its
 * session (cause CORRECTION_PAUSE, pause_flag_correction_reason), as a
 * register's change is. */
int app_self_cert_after_pause(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			      struct date day);

/* Registers a doctor's note for the participant's self-certified sick
 * days from in->from_on to in->to_on (PART_ACTIVITIES written: their
 * contact person or a leader): each such absence without a note counts
 * from then on as sickness with a doctor's note, and the rule's flags and
 * the run of unexcused absence are counted again, in one transaction,
 * audited "doctor_note.create". REFUSED_NOT_FOUND: a participant the actor
 * may not write; REFUSED_INVALID with the fields, or under "from_on" when
 * the period holds no self-certified absence without a note. A day whose
 * unexcused minutes the note (or the rule counted again) changes, in a
 * month whose benefits are approved or whose run waits for approval, is
 * recorded as a correction of the register (doctor_note_correction_reason),
 * as a register's change is, so the next run recomputes that
 * month.
 * out->version: the absences the note covers. */
int app_doctor_note(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    const struct doctor_note *in, struct outcome *out);

/* The participant's month (year, month 1..12): the sessions with their
 * marks as app_participant_timetable() gives them and the summary as
 * app_attendance_summary() gives it, from one access check and one read;
 * audited as both. */
int app_participant_month(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  int year, int month, struct participant_brief *brief, struct attendance_row **items,
			  size_t *n, struct attendance_summary *s, struct outcome *out);

/* The participant's monthly summary of the sessions the actor sees the
 * marks of (access_marks_seen(): shown or unnamed), as the attendance
 * page's. The benefit run reads store_attendance_summary(), the whole. */
int app_attendance_summary(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			   int year, int month, struct attendance_summary *s, struct outcome *out);

/* The participant's page's activities, from the brief app_participant()
 * gave in this request: the groups as app_participant_groups() gives them
 * and the month's summary as app_attendance_summary() gives it (audited as
 * it), without reading the participant again. */
int app_participant_activities(struct db *db, struct arena *a, const struct actor *actor,
			       const struct participant_brief *brief, int year, int month,
			       struct group_enrolment **items, size_t *n, struct attendance_summary *s,
			       struct outcome *out);

/* The actor's sessions of a day and their unmarked registers (a leader's:
 * every group's), the registers they may open only: a health-only group's
 * to health staff. */
int app_teacher_day(struct db *db, struct arena *a, const struct actor *actor, struct date day,
		    struct group_session **today, size_t *ntoday, struct group_session **unmarked,
		    size_t *nunmarked, int64_t *total_unmarked);

/* ---- the self-certification rule: dated parameters ---- */

/* Every rule, oldest first, for those who read activities (leaders,
 * contact persons, teachers, health staff) or the benefits (finance
 * officers); *may_add when the actor
 * keeps them: the finance officer, as the benefit's rules (the rule
 * decides which sick days count as unexcused). REFUSED_FORBIDDEN else. */
int app_self_cert_rules(struct db *db, struct arena *a, const struct actor *actor, struct self_cert_rule_row **items,
			size_t *n, bool *may_add, struct outcome *out);

/* A rule in force from in->valid_from (after today), audited
 * "self_cert_rule.create". REFUSED_FORBIDDEN for anyone but a finance
 * officer; REFUSED_INVALID with the fields (a day another rule starts on:
 * under "valid_from"). */
int app_self_cert_rule_add(struct db *db, const struct actor *actor, const struct self_cert_rule_input *in,
			   struct outcome *out);

/* ---- closures (summer, Christmas): leaders set them ---- */

/* The centre's closures that end on or after today's year's start. */
int app_closures(struct db *db, struct arena *a, const struct actor *actor, struct closure_period **items,
		 size_t *n);

/* A new closure; the planned sessions it covers without marks are
 * cancelled (out->version counts them). REFUSED_FORBIDDEN for anyone but a
 * leader; REFUSED_INVALID with the fields. */
int app_closure_create(struct db *db, struct arena *a, const struct actor *actor, struct closure_period *in,
		       struct outcome *out);

/* Deletes a closure; the sessions it cancelled are planned again but
 * for those another closure covers, which stay cancelled by it
 * (out->version counts those planned). REFUSED_NOT_FOUND when missing. */
int app_closure_delete(struct db *db, const struct actor *actor, int64_t id, struct outcome *out);

/* The actor's participants (as contact person) with at least min_days
 * days of unexcused absence in a row (the setting
 * attendance.unexcused_in_a_row), longest first. */
int app_absence_alerts(struct db *db, struct arena *a, const struct actor *actor, int min_days,
		       struct absence_alert **items, size_t *n);

#endif
