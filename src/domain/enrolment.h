/*
 * enrolment.h — programme periods: the records and their declared fields
 * (domain/field.h), default planned end, extensions up to four years,
 * pauses, exit outcomes and follow-up dates.
 *
 * A period starts when a referral's offer is accepted. Its planned end is
 * two years after the start unless set otherwise; extensions move the
 * planned end later, each with a reason, but never past four years after
 * the start. A period may be paused (from a date, with a reason, optionally
 * until a planned date) and resumed; it ends with an exit: a date, a reason
 * and an outcome. Follow-ups are due 6 and 12 months after the exit.
 *
 * Each change is a small record read from a form or the API by its fields
 * (the same keys in forms, the API and errors); the *_check() functions
 * hold the rules the types do not, against the facts of the period. They
 * add to a struct field_errors and return true when they added nothing.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them where they are shown.
 */
#ifndef SC_DOMAIN_ENROLMENT_H
#define SC_DOMAIN_ENROLMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

struct arena;

/* Years from the start to the default planned end. */
#define ENROLMENT_DEFAULT_YEARS 2
/* Years from the start to the latest planned end, extensions included. */
#define ENROLMENT_MAX_YEARS 4
/* How far ahead of today a period may be set to start. */
#define ENROLMENT_MAX_YEARS_AHEAD 1

/* start + 2 years (29 February falls back to 28 February). */
struct date enrolment_default_end(struct date start);
/* start + 4 years: no planned end may lie after it. */
struct date enrolment_longest_end(struct date start);

/* A period's status (the options of "status"). */
enum enrolment_status {
	ENROLMENT_ACTIVE = 0,
	ENROLMENT_PAUSED,
	ENROLMENT_EXITED,
	ENROLMENT_STATUS_COUNT
};

/* The status key ("active", "paused", "exited"), or NULL. */
const char *enrolment_status_key(enum enrolment_status s);

/*
 * Is a participant with this status in a programme period (active or
 * paused)? The commands keep the participant's status and their periods
 * in step, so this is what "enrolled" means for a page that has only the
 * participant (NULL is not).
 */
bool enrolment_current(const char *participant_status);

/* How a period ended (the options of "outcome"). */
enum exit_outcome {
	OUTCOME_EMPLOYED_FULL = 0,
	OUTCOME_EMPLOYED_PART,
	OUTCOME_EDUCATION,
	OUTCOME_OTHER_PROGRAMME,
	OUTCOME_MOVED,
	OUTCOME_DROPPED_OUT,
	OUTCOME_OTHER,
	OUTCOME_COUNT
};

/* Stable key ("employed_full", "employed_part", "education",
 * "other_programme", "moved", "dropped_out", "other") or NULL. */
const char *exit_outcome_key(enum exit_outcome o);
/* English label (msgid) or NULL. */
const char *exit_outcome_label(enum exit_outcome o);
/* Parses a key: 0 or SC_EINVAL (s may be NULL). */
int exit_outcome_parse(const char *s, enum exit_outcome *out);

/*
 * A programme period (table enrolments). Keys, the JSON of a period in
 * this order: id, participant_id, referral_id (not given for a period
 * started without one), start_date, planned_end, longest_end (computed:
 * enrolment_longest_end(start)), status, exit_date, exit_reason, outcome,
 * version.
 */
struct enrolment {
	int64_t id;
	int64_t participant_id;
	int64_t referral_id;
	struct date start_date;
	struct date planned_end;
	struct date longest_end;
	int status;                 /* enum enrolment_status */
	struct date exit_date;      /* not given until exited */
	const char *exit_reason;    /* "" until exited */
	int outcome;                /* enum exit_outcome; -1 until exited */
	int64_t version;
};
extern const struct fields enrolment_fields;

/* ---- a period begins ---- */

/* A period's start: when an offer is accepted, or (through the API) for
 * someone already in the programme. Keys: start_date (required),
 * planned_end (optional: enrolment_default_end()), contact_id (the contact
 * person; required on acceptance, the command says so). */
struct enrolment_start {
	struct date start_date;
	struct date planned_end;
	int64_t contact_id;
};
extern const struct fields enrolment_start_fields;

/* Why a period may not start without a referral: NULL when it may; else a
 * msgid: the participant is in a period (enrolled) or has a referral that
 * is not final (open: accept its offer instead). */
const char *enrolment_start_refusal(bool enrolled, bool open_referral);

/* start_date not before earliest (the referral date) and at most
 * ENROLMENT_MAX_YEARS_AHEAD years after today; planned_end (when given)
 * after the start and not after enrolment_longest_end(start). A planned
 * end not given becomes enrolment_default_end(start). */
bool enrolment_start_check(struct enrolment_start *in, struct date earliest, struct date today,
			   struct field_errors *e);

/* ---- extensions ---- */

/* An extension (table enrolment_extensions). Keys: id, enrolment_id,
 * old_end, new_end (required), reason (required), at, user_id, user_name
 * (computed). An extension is read from new_end and reason. */
struct enrolment_extension {
	int64_t id;
	int64_t enrolment_id;
	struct date old_end;
	struct date new_end;
	const char *reason;
	int64_t at;
	int64_t user_id;
	const char *user_name;
};
extern const struct fields enrolment_extension_fields;

/* new_end after the current planned end and not after
 * enrolment_longest_end(start). */
bool enrolment_extend_check(const struct enrolment_extension *in, struct date start, struct date current_end,
			    struct field_errors *e);

/* ---- pauses ---- */

/* A pause as asked for. Keys: from (required), to (optional: until
 * resumed), reason (required). */
struct enrolment_pause_input {
	struct date from;
	struct date to;
	const char *reason;
};
extern const struct fields enrolment_pause_input_fields;

/* from within the period (start..planned end) and not after today (the
 * period is paused from now on); to (when given) after from. */
bool enrolment_pause_check(const struct enrolment_pause_input *in, struct date start, struct date planned_end,
			   struct date today, struct field_errors *e);

/* A pause as kept (table enrolment_pauses). Keys: id, enrolment_id,
 * from_date, to_date (not given while open-ended), reason, at, user_id,
 * user_name (computed). */
struct enrolment_pause {
	int64_t id;
	int64_t enrolment_id;
	struct date from_date;
	struct date to_date;
	const char *reason;
	int64_t at;
	int64_t user_id;
	const char *user_name;
};
extern const struct fields enrolment_pause_fields;

/* True when the pause asked for is over by today: it has an end (the day
 * the period resumes) on or before today. Recorded after the fact, it
 * leaves the period active. */
bool enrolment_pause_over(const struct enrolment_pause_input *in, struct date today);

/* True when a pause from..to (to: the day the period resumes; y 0 while
 * open-ended) covers day: from its first day up to the day before its end.
 * The one rule of a pause's days (decision 173): the registers, their
 * unmarked counts, the timetable, the attendance summaries and the benefit
 * run follow it; PAUSED_ON in src/store/pause_sql.h says it in SQL. */
bool enrolment_pause_covers(struct date from, struct date to, struct date day);

/* The last day a pause ending on to covers (enrolment_pause_covers()): the
 * day before to; 9999-12-31 while open-ended (to.y 0). */
struct date enrolment_pause_last_day(struct date to);

/* The first of the n kept pauses that in overlaps, or NULL: each runs from
 * its from up to the day before its end (an open-ended one, and in without
 * an end, run on). */
const struct enrolment_pause *enrolment_pause_overlap(const struct enrolment_pause_input *in,
						      const struct enrolment_pause *kept, size_t n);

/* A kept pause's days changed (a day typed wrong): its first day and the
 * day the period resumes, read into an enrolment_pause_input (its reason
 * is not read and stays as recorded). Keys: from (required), to
 * (optional: until resumed). */
extern const struct fields enrolment_pause_change_fields;

/* The rules of a pause's new days: from not before the period's start,
 * not after its planned end, not after today; to (when given) after from;
 * for a period that has ended (exit_date.y not 0) from before the exit
 * and to given and not after it (the exit ended an open pause on its
 * day). Overlapping another of the period's pauses is the command's
 * (enrolment_pause_overlap(), the pause itself left out). Adds to e;
 * a date the error names is formatted into a (may not be NULL). */
bool enrolment_pause_change_check(const struct enrolment_pause_input *in, struct date start,
				  struct date planned_end, struct date exit_date, struct date today, struct arena *a,
				  struct field_errors *e);

/* A resumption. Key: date (required). */
struct enrolment_resume {
	struct date date;
};
extern const struct fields enrolment_resume_fields;

/* date on or after the pause's start and not after today. */
bool enrolment_resume_check(const struct enrolment_resume *in, struct date pause_from, struct date today,
			    struct field_errors *e);

/* ---- exit ---- */

/* An exit. Keys: date, reason, outcome (all required). */
struct enrolment_exit {
	struct date date;
	const char *reason;
	int outcome;                /* enum exit_outcome */
};
extern const struct fields enrolment_exit_fields;

/* date on or after the start and not after today. */
bool enrolment_exit_check(const struct enrolment_exit *in, struct date start, struct date today,
			  struct field_errors *e);

/*
 * What an exit on exit_date does to one of the participant's places in a
 * group (domain/activity.h), so that from the exit date the place is free
 * and nobody waits for them: a place on the waiting list (waiting), or an
 * enrolment that would begin on or after the exit with no mark in it, is
 * given up (EXIT_PLACE_REMOVE); an enrolment running on or after the exit
 * date ends the day before (EXIT_PLACE_END, *last_day), or on its last
 * mark (last_mark; y == 0: none) when that is later; one that ended before
 * the exit is kept as it is.
 */
enum exit_place { EXIT_PLACE_KEEP = 0, EXIT_PLACE_END, EXIT_PLACE_REMOVE };
enum exit_place enrolment_exit_place(bool waiting, struct date starts_on, struct date ends_on,
				     struct date last_mark, struct date exit_date, struct date *last_day);

/* Why an exit with outcome (enum exit_outcome) ends the participant's
 * placements that have not ended (domain/placement.h): "got_job" for an
 * exit into work, else "other" (the exit's reason is the note). */
int enrolment_exit_placement_reason(int outcome);

/* The follow-ups every exit creates, in due order. */
#define ENROLMENT_NFOLLOWUPS 2

struct enrolment_followup {
	const char *kind;	/* the task kind: "followup_6m", "followup_12m" */
	int months;		/* after the exit date */
	const char *label;	/* msgid */
};

/* The follow-up at index i (0..ENROLMENT_NFOLLOWUPS-1), or NULL. */
const struct enrolment_followup *enrolment_followup(int i);

/* The due date of follow-up i after an exit on exit_date: exit + 6 or 12
 * months (date_add_months: 31 August + 6 months = 28/29 February). i out of
 * range gives exit_date. */
struct date enrolment_followup_due(struct date exit_date, int i);

/* A follow-up task an exit made (table tasks). Keys: id, enrolment_id,
 * participant_id, kind, due_on, assignee_id (not given: nobody), done_on. */
struct followup_task {
	int64_t id;
	int64_t enrolment_id;
	int64_t participant_id;
	const char *kind;
	struct date due_on;
	int64_t assignee_id;
	struct date done_on;
};
extern const struct fields followup_task_fields;

#endif
