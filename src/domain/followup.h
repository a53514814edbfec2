/*
 * followup.h — follow-up: meeting channels, meeting validation, what is due, overdue or without contact.
 *
 * A contact person logs each meeting or contact with a participant: when
 * it was held, how (channel), whether an interpreter was used, the minutes,
 * the next steps and the date of the next meeting. Health notes are a
 * separate kind of note, for health staff only. After an exit the contact
 * person registers follow-ups at 6 and 12 months with a result. The Today
 * page sorts what needs the contact person into "due" (in the next few
 * days), "overdue" (the date has passed) and "no contact" (nobody has met
 * the participant for N days); the rules for that are here, pure, so the
 * store's queries and the page agree.
 *
 * Validators follow participant.h: they take a form of writable text (each
 * string trimmed in place), fill a typed struct whose strings point into
 * the form, and collect every error as (field key, reason msgid) in a
 * struct field_errors.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_FOLLOWUP_H
#define SC_DOMAIN_FOLLOWUP_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/participant.h"   /* struct field_errors */

/* The longest minutes, next steps, health note or follow-up note, in
 * characters (Unicode code points). */
#define FOLLOWUP_TEXT_MAX 8000

/* ---- meeting channels ---- */

enum meeting_channel {
	MEETING_IN_PERSON = 1,
	MEETING_PHONE,
	MEETING_VIDEO,
	MEETING_HOME_VISIT,
};
#define MEETING_CHANNEL_FIRST MEETING_IN_PERSON
#define MEETING_CHANNEL_LAST MEETING_HOME_VISIT

/* Stable key stored and sent in the API: "in_person", "phone", "video",
 * "home_visit"; NULL outside the enum. */
const char *meeting_channel_key(enum meeting_channel c);
/* English label (msgid): "In person", ...; "" outside the enum. */
const char *meeting_channel_label(enum meeting_channel c);
/* The label of a stored key; the key itself when unknown (never NULL). */
const char *meeting_channel_label_of(const char *key);
/* Parses a key (exact). Returns 0, or SC_EINVAL (s may be NULL). */
int meeting_channel_parse(const char *s, enum meeting_channel *out);

/* ---- meetings ---- */

/* A meeting as typed. Field keys (form, API): held_on, channel, interpreter,
 * minutes, next_steps, next_meeting. NULL counts as "". */
struct meeting_form {
	char *held_on;        /* YYYY-MM-DD, required */
	char *channel;        /* a channel key, required */
	char *interpreter;    /* yes/no: "yes", "1", "on", "true" or "no", "0",
			       * "false", "" (= no) */
	char *minutes;        /* optional, at most FOLLOWUP_TEXT_MAX */
	char *next_steps;     /* optional, at most FOLLOWUP_TEXT_MAX */
	char *next_meeting;   /* optional YYYY-MM-DD, not before held_on */
};

/* A validated meeting. Strings point into the form. */
struct meeting {
	struct date held_on;
	enum meeting_channel channel;
	bool interpreter;
	const char *minutes;      /* "" when none */
	const char *next_steps;   /* "" when none */
	bool has_next_meeting;
	struct date next_meeting;
};

/*
 * Validates in against today and fills *out. Every error is collected in
 * *errs (cleared first). Returns 0, or SC_EINVAL when there is any.
 *
 * Rules: held_on required, a real date, not after today; channel one of
 * the keys; interpreter yes or no; minutes and next steps at most
 * FOLLOWUP_TEXT_MAX characters of valid UTF-8 without control characters
 * (line ends and tabs allowed); next_meeting optional, a real date not
 * before held_on (a next meeting in the past is allowed: it is logged late).
 */
int meeting_validate(struct meeting_form *in, struct date today, struct meeting *out,
		     struct field_errors *errs);

/* ---- referrals to a health worker ---- */

/* The longest reason for a referral, in characters. */
#define HEALTH_REFERRAL_REASON_MAX 500

/* A referral as typed. Field keys (form, API): health_id, referred_on,
 * reason. NULL counts as "". */
struct health_referral_form {
	char *health_id;      /* the health worker's user id, required */
	char *referred_on;    /* YYYY-MM-DD; empty = today */
	char *reason;         /* optional, at most HEALTH_REFERRAL_REASON_MAX */
};

struct health_referral {
	int64_t health_id;
	struct date referred_on;
	const char *reason;   /* "" when none */
};

/*
 * Validates a referral of a participant to a health worker, which is what
 * lets that health worker see the participant (domain/access.h,
 * REL_HEALTH). is_health_worker says whether health_id names an active
 * user with the health role (the caller looks it up; false when health_id
 * is not a number). Rules: health_id required and a health worker;
 * referred_on a real date not after today, today when empty; reason plain
 * text of at most HEALTH_REFERRAL_REASON_MAX characters. Returns 0, or
 * SC_EINVAL with every error in *errs (cleared first).
 */
int health_referral_validate(struct health_referral_form *in, bool is_health_worker,
			     struct date today, struct health_referral *out,
			     struct field_errors *errs);

/* ---- follow-up tasks after exit ---- */

/* The result registered on a follow-up: the exit outcomes plus "unknown"
 * (the person could not be reached). */
enum task_result {
	TASK_RESULT_EMPLOYED_FULL = 1,
	TASK_RESULT_EMPLOYED_PART,
	TASK_RESULT_EDUCATION,
	TASK_RESULT_OTHER_PROGRAMME,
	TASK_RESULT_MOVED,
	TASK_RESULT_DROPPED_OUT,
	TASK_RESULT_OTHER,
	TASK_RESULT_UNKNOWN,
};
#define TASK_RESULT_FIRST TASK_RESULT_EMPLOYED_FULL
#define TASK_RESULT_LAST TASK_RESULT_UNKNOWN

/* "employed_full", "employed_part", "education", "other_programme", "moved",
 * "dropped_out", "other", "unknown"; NULL outside the enum. */
const char *task_result_key(enum task_result res);
/* English label (msgid): "Employed full-time", ...; "" outside the enum. */
const char *task_result_label(enum task_result res);
/* The label of a stored key; the key itself when unknown (never NULL). */
const char *task_result_label_of(const char *key);
/* Parses a key (exact). Returns 0, or SC_EINVAL (s may be NULL). */
int task_result_parse(const char *s, enum task_result *out);

/* The label (msgid) of a task kind as stored: "followup_6m" is "Follow-up
 * 6 months after exit", "followup_12m" "Follow-up 12 months after exit";
 * the key itself when unknown (never NULL). */
const char *task_kind_label(const char *kind);

/* Field keys: result, note. */
struct task_done_form {
	char *result;         /* a result key, required */
	char *note;           /* optional, at most FOLLOWUP_TEXT_MAX */
};

struct task_done {
	enum task_result result;
	const char *note;     /* "" when none */
};

/* Validates the registration of a follow-up. Returns 0 or SC_EINVAL with
 * every error in *errs. */
int task_done_validate(struct task_done_form *in, struct task_done *out,
		       struct field_errors *errs);

/* ---- the Today rules ---- */

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
 * the same rule (store_followup.c, store_caseload.c); this function decides
 * for one item.
 */
bool followup_overdue(enum overdue_kind kind, struct date date, bool done, bool goal_open,
		      struct date today);

/* True for the goal statuses whose steps can be due: "planned" and
 * "in_progress". */
bool followup_goal_open(const char *status_key);

#endif
