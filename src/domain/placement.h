/*
 * placement.h — an internship placement's status, derived from what it
 * holds, never typed in (as NAV's agreement service does), and the rules of
 * its approvals.
 *
 *   proposed          a participant and an employer, no terms yet
 *   negotiating       some of the required terms filled in
 *   awaiting approval every required term present, not every approval
 *   agreed            approved by the employer, the participant and, last,
 *                     the centre; the start date not reached
 *   active            agreed, from the start date to the end date
 *   completed         agreed, the end date passed
 *   ended early       ended before its end date, with a reason
 *
 * The required terms: the workplace supervisor, the centre's follow-up
 * person, the start and end dates, hours and days per week, and the tasks.
 * Terms are locked while any approval stands: approvals are withdrawn
 * before a change. The centre approves last.
 */
#ifndef SC_DOMAIN_PLACEMENT_H
#define SC_DOMAIN_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"
#include "domain/timetable.h"

struct arena;

enum placement_status {
	PLACEMENT_PROPOSED = 0,
	PLACEMENT_NEGOTIATING,
	PLACEMENT_AWAITING_APPROVAL,
	PLACEMENT_AGREED,
	PLACEMENT_ACTIVE,
	PLACEMENT_COMPLETED,
	PLACEMENT_ENDED_EARLY,
	PLACEMENT_STATUS_COUNT
};

/* Keys ("proposed", "negotiating", "awaiting_approval", "agreed",
 * "active", "completed", "ended_early") and labels (msgids). */
extern const struct field_option placement_status_options[PLACEMENT_STATUS_COUNT];

enum placement_end_reason {
	END_NONE = -1,
	END_GOT_JOB = 0,
	END_ILLNESS,
	END_DID_NOT_WORK_OUT,
	END_EMPLOYER_WITHDREW,
	END_OTHER,
	END_REASON_COUNT
};
extern const struct field_option placement_end_reason_options[END_REASON_COUNT];

/* The parties who approve, in the order the centre comes last. */
enum placement_party { PARTY_EMPLOYER = 0, PARTY_PARTICIPANT, PARTY_CENTRE, PARTY_COUNT };
extern const struct field_option placement_party_options[PARTY_COUNT];

/* What the status is derived from. */
struct placement_facts {
	bool has_supervisor, has_follow_up;
	bool has_start, has_end;
	struct date starts_on, ends_on;
	bool has_hours, has_days, has_tasks;
	bool approved[PARTY_COUNT];
	bool ended_early;             /* ended with a reason */
	struct date ended_on;         /* ended early on (when ended_early) */
};

/* How many of the required terms are present (0..PLACEMENT_TERMS). */
#define PLACEMENT_TERMS 7
int placement_terms_present(const struct placement_facts *f);

/* The status on `today`. */
enum placement_status placement_status(const struct placement_facts *f, struct date today);

/* True when the terms may be changed: no approval stands and the
 * placement has not ended early. */
bool placement_terms_open(const struct placement_facts *f);

/*
 * May `party` approve now? All required terms present, not ended, not
 * already approved by that party, and for the centre the employer and the
 * participant first. NULL when it may; otherwise a static English reason
 * (msgid).
 */
const char *placement_approval_refusal(const struct placement_facts *f, enum placement_party party);

/* True when the placement was agreed: the centre's approval, which comes
 * last, stands (an agreed placement keeps it when it ends early; one
 * ended before it was agreed never had it, whatever its status's order).
 * Only then is it followed up. */
bool placement_was_agreed(const struct placement_facts *f);

/* True when the placement was agreed and its first day came: by today,
 * or, for one ended early, by the day it ended. Only then has it a
 * result (hired or not): one ended before it began has none. */
bool placement_started(const struct placement_facts *f, struct date today);

/*
 * The days on which the placement holds the participant's working hours,
 * so that a group's sessions may not meet them: *from to *to, true; false
 * when it holds none. Its working hours are the caller's to read.
 * - From the day its period is saved, negotiated, awaiting approval,
 *   agreed, active or completed: its planned period, first to last day.
 *   A group place is refused on these hours whatever the approvals
 *   (decision 164): the approval comes after the hours were agreed with
 *   the employer.
 * - Ended early: the days it ran, its first day to the day it ended; none
 *   when it ended before its first day or before it was agreed (called
 *   off: it never ran).
 * - Without a first or a last day: none.
 * Whatever its state now: a completed placement, or one ended early,
 * still held the days it ran, and a group place back-dated over them is
 * refused.
 */
bool placement_hours_held(const struct placement_facts *f, struct date *from, struct date *to);

/* May the placement be ended early on `today`? Not when it is completed
 * or already ended. NULL when it may; otherwise a reason (msgid). */
const char *placement_end_refusal(const struct placement_facts *f, struct date today);

/*
 * The terms' own rules: the end not before the start, hours per week 1..40
 * and days per week 1..5 when given, the hours not more than 8 a day times
 * the days. Errors under "ends_on", "hours_per_week", "days_per_week".
 */
bool placement_terms_check(const struct placement_facts *f, int hours_per_week, int days_per_week,
			   struct field_errors *e);

/* The part of the status that does not depend on the day, which the store
 * keeps (column phase) for the lists that read it by index: proposed,
 * negotiating, awaiting approval, agreed (and so agreed, active or
 * completed by the dates) or ended early. */
enum placement_phase {
	PHASE_PROPOSED = 0,
	PHASE_NEGOTIATING,
	PHASE_AWAITING_APPROVAL,
	PHASE_AGREED,
	PHASE_ENDED_EARLY,
	PHASE_COUNT
};
extern const struct field_option placement_phase_options[PHASE_COUNT];
enum placement_phase placement_phase(const struct placement_facts *f);

/* What may change now:
 *   EDIT_OPEN    no approval stands: the terms are being negotiated
 *   EDIT_LOCKED  some approval stands: withdraw it before a change
 *   EDIT_AMEND   agreed (or active): a change is an amendment, a new
 *                version with who, when and what; the approvals stand
 *   EDIT_CLOSED  completed or ended early: nothing changes */
enum placement_edit { EDIT_OPEN = 0, EDIT_LOCKED, EDIT_AMEND, EDIT_CLOSED };
enum placement_edit placement_edit_mode(const struct placement_facts *f, struct date today);
/* NULL when terms may be saved in this mode; else why not (msgid). */
const char *placement_edit_refusal(enum placement_edit mode);

/*
 * May `party` withdraw its approval on `today`? Only one that stands, and
 * only before the placement starts (after that a change is an amendment,
 * or the placement ends early). NULL when it may; else a reason (msgid).
 */
const char *placement_withdraw_refusal(const struct placement_facts *f, enum placement_party party,
				       struct date today);
/* The approvals (bit 1 << party) a withdrawal by `party` takes away: its
 * own, and the centre's with the employer's or the participant's (the
 * centre approved what they had approved). */
unsigned placement_withdraw_effect(const struct placement_facts *f, enum placement_party party);

/* ---- the weekly working hours ---- */

/* The most working slots in a week. */
#define SCHEDULE_MAX_SLOTS TIMETABLE_MAX_SLOTS
/* Bytes of a canonical schedule text (with NUL). */
#define SCHEDULE_TEXT_MAX (SCHEDULE_MAX_SLOTS * 20)

/* Weekday keys ("mon".."sun") and short labels (msgids), index 1..7. */
extern const char *const schedule_day_keys[8];
extern const char *const schedule_day_labels[8];

/*
 * Reads the weekly working hours as people write them: items separated by
 * commas, semicolons or line ends, each a day or a range of days and a
 * time span, "mon-fri 08:00-15:30", "tue 09:00-14:00"; days as 1..7,
 * mon..sun or the Norwegian man, tir, ons, tor, fre, lør, søn (either case);
 * "–" or "—" may stand for "-", between days as between times. Checks the slots as timetable_check() does (06:00
 * to 22:00, no two overlapping on a day). On success fills slots (n of
 * them, in weekday and time order) and canonical ("mon 08:00-15:30, tue
 * 08:00-15:30"), and returns NULL; else the reason (msgid).
 */
const char *schedule_parse(const char *text, struct slot slots[SCHEDULE_MAX_SLOTS], size_t *n,
			   char canonical[SCHEDULE_TEXT_MAX]);

/* Minutes of work in a week of the slots. */
int schedule_minutes(const struct slot *slots, size_t n);
/* Distinct weekdays of the slots. */
int schedule_days(const struct slot *slots, size_t n);

/* ---- the placement as a record ---- */

/* How a placement ended early, its result, and its maintained facts are
 * kept by the commands; the terms are what the form edits. Field keys
 * (form, API, table placements): id, participant_id, given_name,
 * family_name, employer_id, employer_name, agreement_id, agreement_name,
 * workplace_address, workplace_postcode, workplace_city, supervisor_id,
 * supervisor_name, follow_up_id, follow_up_name, starts_on, ends_on,
 * hours_per_week, days_per_week, schedule, tasks, adaptations,
 * participant_goal, goal_id, goal_title, status, employer_approved_at,
 * participant_approved_at, centre_approved_at, ended_on, end_reason,
 * end_note, result, result_on, result_note, last_followup_on,
 * next_followup_on, evaluated_mid, evaluated_end, version. */
enum placement_result { RESULT_HIRED = 0, RESULT_NOT_HIRED, RESULT_COUNT };
extern const struct field_option placement_result_options[RESULT_COUNT];

struct placement {
	int64_t id;
	int64_t participant_id;          /* kept: set when proposed */
	const char *given_name;          /* computed */
	const char *family_name;         /* computed */
	int64_t employer_id;             /* kept: set when proposed */
	const char *employer_name;       /* computed */
	int64_t agreement_id;            /* a pool agreement covering the employer, or 0 */
	const char *agreement_name;      /* computed */
	const char *workplace_address;   /* when not the employer's address */
	const char *workplace_postcode;
	const char *workplace_city;
	int64_t supervisor_id;           /* a contact of the employer */
	const char *supervisor_name;     /* computed */
	int64_t follow_up_id;            /* the centre's follow-up person */
	const char *follow_up_name;      /* computed */
	struct date starts_on, ends_on;
	int64_t hours_per_week;          /* 1..40 */
	int64_t days_per_week;           /* 1..5 */
	const char *schedule;            /* the weekly working hours (canonical text) */
	const char *tasks;
	const char *adaptations;
	const char *participant_goal;    /* the participant's own goal for it */
	int64_t goal_id;                 /* the linked goal of the work plan, or 0 */
	const char *goal_title;          /* computed */
	int status;                      /* computed: enum placement_status on the day read */
	int64_t employer_approved_at;    /* kept: Unix seconds the approval standing was
					  * recorded; FIELD_NONE (not given) when none */
	int64_t participant_approved_at;
	int64_t centre_approved_at;
	struct date ended_on;            /* kept: ended early on */
	int end_reason;                  /* kept: enum placement_end_reason, -1 */
	const char *end_note;            /* kept */
	int result;                      /* kept: enum placement_result, -1 */
	struct date result_on;           /* kept */
	const char *result_note;         /* kept */
	struct date last_followup_on;    /* kept: the latest visit or call */
	struct date next_followup_on;    /* kept: the next date that visit agreed */
	int evaluated_mid;               /* kept: 1 when evaluated */
	int evaluated_end;
	int64_t version;
	bool writable;                   /* not a field: the reader may change it (set
					  * by app_placement_get and _load) */
};

extern const struct fields placement_fields;
/* What a proposal reads besides the terms: participant_id and
 * employer_id, both required. */
extern const struct fields placement_new_fields;

/* The facts of a record (what its status is derived from). */
struct placement_facts placement_facts_of(const struct placement *p);

/*
 * The rules of the terms the types do not hold: placement_terms_check()
 * (the period, hours, days), the schedule's own reading (p->schedule is
 * set to its canonical text), the schedule against the days and hours
 * (as many weekdays as days a week; at most the hours a week), and the
 * workplace postcode. Adds to e; true when nothing was added.
 */
bool placement_record_check(struct placement *p, struct arena *a, struct field_errors *e);

/*
 * An amendment of an agreed placement (EDIT_AMEND): before is the stored
 * record, after the new one. The start cannot move once the placement has
 * started, and neither the start nor the end can move before today.
 * Adds to e.
 */
bool placement_amend_check(const struct placement *before, const struct placement *after,
			   struct date today, struct field_errors *e);

/* True when the two periods (from..to, both included) share a day. */
bool placement_periods_overlap(struct date a_from, struct date a_to, struct date b_from, struct date b_to);

/*
 * The first clash between the working hours (slots) from `from` to `to`
 * and the participant's group sessions (in date and time order): true
 * with *work (the working session) and *group_index set. Public holidays
 * are not working days (timetable_sessions()).
 */
bool placement_timetable_clash(const struct slot *slots, size_t n, struct date from, struct date to,
			       const struct session_time *group, size_t ngroup, struct session_time *work,
			       size_t *group_index);

/* ---- approvals ---- */

/* An approval recorded by the centre. Keys: party (required), approved_on
 * (the day the party approved; today when not given, not after today),
 * approver (who at the employer, for the employer), reason (required for
 * the participant: the centre records their approval on their behalf,
 * saying how it was given). */
struct placement_approval {
	int party;                 /* enum placement_party */
	struct date approved_on;
	const char *approver;
	const char *reason;
};
extern const struct fields placement_approval_fields;
/* The input's rules: the date not after today (today when not given), the
 * reason for the participant. Adds to e. */
bool placement_approval_check(struct placement_approval *in, struct date today, struct field_errors *e);

/* The approval's date against what it approves, for a placement whose
 * terms were last saved on terms_on (proposed on that day, or changed):
 * not before that day, and for the centre, which approves last, not
 * before the latest of the other parties' standing approvals (others_on;
 * {0} when none). The error, under "approved_on", names the day (its text
 * in a). Adds to e; true when nothing was added. */
bool placement_approval_bound(const struct placement_approval *in, struct date terms_on, struct date others_on,
			      struct arena *a, struct field_errors *e);

/* A withdrawal. Keys: party (required), reason (required). */
struct placement_withdrawal {
	int party;
	const char *reason;
};
extern const struct fields placement_withdrawal_fields;

/* Ending early. Keys: ended_on (required, not after today, not after the
 * planned end, and for a placement that has started not before its first
 * day: one not started ends the day it is called off), end_reason
 * (required), end_note. The check's error text (the first day) is in a. */
struct placement_ending {
	struct date ended_on;
	int end_reason;
	const char *end_note;
};
extern const struct fields placement_ending_fields;
bool placement_ending_check(const struct placement_ending *in, const struct placement_facts *f,
			    struct date today, struct arena *a, struct field_errors *e);

/* Does a participant's exit on exit_on end this placement? Every one not
 * over on that day: not ended already and not completed by then (its last
 * day before the exit). It ends early on the exit date; one whose first day
 * is after the exit date had not begun and so is called off (an end before
 * its first day: placement_started() is false), even when that first day
 * has come since the exit was dated. */
bool placement_exit_ends(const struct placement_facts *f, struct date exit_on);

/* Has the placement begun in practice although an exit on exit_on comes
 * before its first day? True when the exit would end it
 * (placement_exit_ends()), its first day is after exit_on, and a
 * follow-up was held on or after that first day (last_followup_on: the
 * latest visit or call, {0} when none). Such an exit is refused: calling
 * the placement off would deny the visits, and ending it early before its
 * first day is no end. */
bool placement_exit_begun(const struct placement_facts *f, struct date last_followup_on, struct date exit_on);

/* Does an exit on exit_on contradict the placement's recorded result
 * (has_result)? True when the exit would end it (placement_exit_ends())
 * and its first day is after exit_on: a result is recorded only once a
 * placement has begun (placement_started()), so it ran from that day, and
 * calling it off before then would deny it. Such an exit is refused as a
 * conflict with what is saved, whatever the follow-ups say. */
bool placement_exit_before_result(const struct placement_facts *f, bool has_result, struct date exit_on);

/* ---- follow-up ---- */

enum visit_kind { VISIT_VISIT = 0, VISIT_CALL, VISIT_VIDEO, VISIT_KIND_COUNT };
extern const struct field_option visit_kind_options[VISIT_KIND_COUNT];

/* A follow-up visit or call. Keys (table placement_visits): id,
 * placement_id, participant_id, held_on, kind, with_whom, notes, actions,
 * next_on, author_id, author_name, created_at. */
struct placement_visit {
	int64_t id;
	int64_t placement_id;      /* kept */
	int64_t participant_id;    /* kept */
	struct date held_on;       /* required, not after today */
	int kind;                  /* required: enum visit_kind */
	const char *with_whom;     /* at the workplace */
	const char *notes;
	const char *actions;       /* what was agreed */
	struct date next_on;       /* the next follow-up; not before held_on */
	int64_t author_id;         /* kept: who followed up */
	const char *author_name;   /* computed */
	int64_t created_at;        /* kept */
};
extern const struct fields placement_visit_fields;
bool placement_visit_check(const struct placement_visit *v, struct date today, struct field_errors *e);
/*
 * A follow-up is dated within the placement's period (decision: the
 * proposal is where it begins): not before the day it was proposed
 * (proposed_on), or its first day when that is earlier (a placement
 * recorded after it began), and not after its last day: the day it ended
 * early (an exit ends it so) or its planned last day. Adds under
 * "held_on" with the day as the reason's %s (text in a); true when
 * nothing was added. Not after today is placement_visit_check()'s.
 */
bool placement_visit_within(const struct placement_visit *v, const struct placement_facts *f,
			    struct date proposed_on, struct arena *a, struct field_errors *e);

/*
 * Is a follow-up due on `today` for a placement with this status? Only an
 * active placement: when the next follow-up agreed is today or past, or
 * when the last one (or, with none, the start) is `weeks` weeks ago or
 * more (the setting internships.followup_weeks). *since gets the day the
 * count runs from.
 */
bool placement_followup_due(enum placement_status status, struct date starts_on, struct date last,
			    struct date next, struct date today, int weeks, struct date *since);
/* The store's cut-off of the same rule: a placement whose follow-up count
 * runs from a day on or before today - weeks weeks is due. */
struct date placement_followup_cutoff(struct date today, int weeks);

#endif
