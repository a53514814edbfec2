/*
 * attendance.h — the attendance register: a mark per session and
 * participant, kept in minutes so partial days count exactly, the rules of
 * self-certified sickness, and the monthly summary the benefit reads.
 *
 * A mark is one of: present; late (minutes missed at the start); left
 * early (minutes missed at the end); absent (the whole session) with a
 * type: sick, self-certified; sick, doctor's note; approved leave (with a
 * reason); unexcused. The minutes a late or early leaver missed are
 * unexcused unless the mark gives them another absence type. A late mark
 * may also give the minutes the participant left early (one who came late
 * and left early): both count, as minutes.
 */
#ifndef SC_DOMAIN_ATTENDANCE_H
#define SC_DOMAIN_ATTENDANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

enum mark_kind { MARK_NONE = -1, MARK_PRESENT = 0, MARK_LATE, MARK_LEFT_EARLY, MARK_ABSENT, MARK_KIND_COUNT };

enum absence_type {
	ABSENCE_NONE = -1,
	ABSENCE_SICK_SELF = 0,      /* sick, self-certified */
	ABSENCE_SICK_DOCTOR,        /* sick, doctor's note */
	ABSENCE_LEAVE,              /* approved leave (with a reason) */
	ABSENCE_UNEXCUSED,
	ABSENCE_TYPE_COUNT
};

/* Keys ("present", "late", "left_early", "absent"; "sick_self",
 * "sick_doctor", "leave", "unexcused") and labels (msgids). */
extern const struct field_option mark_kind_options[MARK_KIND_COUNT];
extern const struct field_option absence_type_options[ABSENCE_TYPE_COUNT];

/* What made a correction of an approved month (decisions 168, 180 and
 * 183): a mark changed in the register, a doctor's note, an enrolment from
 * an earlier date, a pause recorded or ended after the fact. Kept in its
 * own column (attendance_corrections.cause, migration 85), set by the
 * command that records the correction. */
enum correction_cause {
	CORRECTION_REGISTER = 0,
	CORRECTION_DOCTOR_NOTE,
	CORRECTION_ENROLMENT,
	CORRECTION_PAUSE,
	CORRECTION_CAUSE_COUNT
};

/* Keys ("register", "doctor_note", "enrolment", "pause": the column's and
 * the API's) and labels (msgids: the finance officer's list's words). */
extern const struct field_option correction_cause_options[CORRECTION_CAUSE_COUNT];

/* The cause of key; CORRECTION_REGISTER for one not known. */
enum correction_cause correction_cause_parse(const char *key);

/* One participant's mark for one session of `minutes` scheduled minutes. */
struct mark {
	enum mark_kind kind;
	int minutes;                /* late / left early: minutes missed */
	enum absence_type type;     /* absent: required; late/left early: the
				     * missed minutes' type (NONE = unexcused) */
	const char *reason;         /* leave: required */
	int early;                  /* late: the minutes also left early at
				     * the end (0: none); 0 for other kinds */
};

/*
 * Checks a mark for a session of session_minutes: a kind; late and left
 * early between 1 and the session's minutes less one (late and left early
 * on one mark: the two together); minutes left early beside a late mark
 * only; absent with a type; leave with a reason. Errors under key (the
 * row's field name).
 */
bool mark_check(const struct mark *m, int session_minutes, const char *key, struct field_errors *e);

/* The minutes of a session a mark counts as present, and as absent with
 * their type (*type ABSENCE_NONE when none are absent). */
int mark_present_minutes(const struct mark *m, int session_minutes);
int mark_absent_minutes(const struct mark *m, int session_minutes, enum absence_type *type);

/* ---- a register as a form or the API gives it ---- */

#define REGISTER_ROWS_MAX 500
#define REGISTER_REASON_MAX 200
#define REGISTER_CORRECTION_MAX 500

/* One participant's row. Field keys: participant_id, mark, minutes,
 * left_early_minutes, absence, reason. A row with no mark is "not marked"
 * (a mark saved before is taken away). */
struct register_row {
	int64_t participant_id;   /* required */
	int mark;                 /* enum mark_kind; -1 not marked */
	int64_t minutes;          /* late, left early: the minutes missed */
	int64_t left_early_minutes; /* late: the minutes also left early
				     * (FIELD_NONE or 0: none) */
	int absence;              /* enum absence_type; -1 none */
	const char *reason;       /* approved leave */
};

extern const struct fields register_row_fields;

/* A register saved. Field keys: marks (the rows), correction_reason
 * (required when the month's benefits are approved), rest_present (every
 * row not marked is present: "all present, then the exceptions"). */
struct register_input {
	struct field_list marks;       /* struct register_row */
	const char *correction_reason;
	int rest_present;              /* FT_BOOL */
};

extern const struct fields register_fields;

/* The mark a row gives (kind MARK_NONE when not marked). */
struct mark register_row_mark(const struct register_row *r);

/* ---- self-certified sickness ---- */

/* The rule, a dated parameter: at most max_days calendar days in a row and
 * at most max_periods periods in the 12 months before. */
struct self_cert_rule {
	int max_days;      /* 3 */
	int max_periods;   /* 4 */
};

/* A day of self-certified sickness of one participant. */
struct sick_day {
	struct date date;
	bool doctor_note;          /* a note was registered for it afterwards */
	bool beyond;               /* out: beyond the rule, needs a doctor's note */
};

/*
 * Decides which self-certified days are beyond the rule. days are in date
 * order; scheduled(ctx, a, b) says whether the participant had a session
 * on any day strictly between a and b (days without one — weekends,
 * holidays — do not break a period). A period is a run of sick days with
 * no scheduled day between them; its length is calendar days from its
 * first to its last day. In a period, the days past max_days from its
 * first are beyond; a period that starts when max_periods self-certified
 * periods already started in the 12 months before (after the same date a
 * year before, that date excluded) is beyond whole. A period is
 * self-certified when at least one of its days is within the rule without a
 * note; a period beyond whole does not count towards later ones. Days with
 * a doctor's note registered are never beyond (they are sickness with a
 * note).
 */
typedef bool (*scheduled_between_fn)(void *ctx, struct date a, struct date b);
void self_cert_apply(const struct self_cert_rule *rule, struct sick_day *days, size_t n,
		     scheduled_between_fn scheduled, void *ctx);

/* A rule and the day it comes into force. */
struct self_cert_dated {
	struct date valid_from;
	struct self_cert_rule rule;
};

/* self_cert_apply() with dated rules (oldest first, nrules >= 1): each
 * period is judged by the rule in force on its first day (the first rule
 * when none is yet). */
void self_cert_apply_dated(const struct self_cert_dated *rules, size_t nrules, struct sick_day *days, size_t n,
			   scheduled_between_fn scheduled, void *ctx);

/* A new dated rule as a form or the API gives it. Field keys: valid_from,
 * max_days, max_periods. */
#define SELF_CERT_MAX_DAYS 30
#define SELF_CERT_MAX_PERIODS 52
struct self_cert_rule_input {
	struct date valid_from;   /* required */
	int64_t max_days;         /* required, 1..30 */
	int64_t max_periods;      /* required, 1..52 */
};

extern const struct fields self_cert_rule_fields;

/* The rules of a new rule the types do not hold: it comes into force
 * after today (the marks saved were counted by the rule of their day).
 * Adds to e; true when there is nothing to add. */
bool self_cert_rule_check(const struct self_cert_rule_input *in, struct date today, struct field_errors *e);

/* A doctor's note registered afterwards for a participant's self-certified
 * sick days: the first and last day it covers. Every self-certified absence
 * of theirs in from_on..to_on counts from then on as sickness with a
 * doctor's note (mark_with_note), never beyond the rule. Field keys (form,
 * API): from_on, to_on. */
struct doctor_note {
	struct date from_on;   /* required */
	struct date to_on;     /* required */
};

extern const struct fields doctor_note_fields;

/* The longest period one note covers. */
#define DOCTOR_NOTE_MAX_DAYS 366

/* The rules of a note the types do not hold: the last day not before the
 * first, the first not after today, at most DOCTOR_NOTE_MAX_DAYS days.
 * Adds to e; true when there is nothing to add. */
bool doctor_note_check(const struct doctor_note *n, struct date today, struct field_errors *e);

/* ---- the monthly summary ---- */

/* What one participant's register says of one month. */
struct attendance_summary {
	int64_t scheduled_minutes;
	int64_t present_minutes;
	int64_t absent_minutes[ABSENCE_TYPE_COUNT];
	int absent_days[ABSENCE_TYPE_COUNT];     /* days with a session missed whole
						  * (absent) with that type; minutes
						  * late or left early count as
						  * minutes only */
	int64_t unmarked_minutes;                /* sessions not marked yet */
	int sessions, unmarked_sessions;
};

/* One marked (or unmarked: kind MARK_NONE) session of the month. */
struct summary_mark {
	struct date date;
	int session_minutes;
	struct mark mark;
	bool beyond_self_cert;     /* a self-certified absence beyond the rule */
};

/* Adds the month's sessions in date order to the summary (cleared
 * first). A self-certified absence beyond the rule counts as unexcused. */
void attendance_summarise(const struct summary_mark *marks, size_t n, struct attendance_summary *out);

/* The days of a month with absence of each type, one bit per day of the
 * month (bit d - 1 for day d): what attendance_summary_add() needs to count
 * days whatever the order the sessions come in. */
struct summary_days {
	uint32_t bits[ABSENCE_TYPE_COUNT];
};

/*
 * The same summary one session at a time, in any order (a benefit run
 * reads a month of marks as they lie in the table): adds m, a session of
 * the month s and days were cleared for (memset 0), to both;
 * s->absent_days is kept up to date from days. attendance_summarise() is
 * this over its sessions.
 */
void attendance_summary_add(struct attendance_summary *s, struct summary_days *days, const struct summary_mark *m);

/* Adds sessions the participant was expected at and that have no mark:
 * n sessions of minutes in all (a benefit run counts the marks it read
 * against the sessions of the participant's groups). */
void attendance_summary_unmarked(struct attendance_summary *s, int n, int64_t minutes);

/* The mark as summaries count it: a self-certified absence for which a
 * doctor's note was registered afterwards is sickness with a doctor's
 * note. */
struct mark mark_with_note(struct mark m, bool doctor_note);

/* True when a mark counts the whole session as unexcused absence: absent
 * and unexcused, or self-certified sick beyond the rule (beyond_self_cert)
 * without a doctor's note. */
bool mark_unexcused_absence(const struct mark *m, bool beyond_self_cert);

/* ---- absences in a row ---- */

/*
 * A participant's run of unexcused absence: the days, ending with the
 * latest day that has a mark, on which every marked session was an
 * unexcused absence (mark_unexcused_absence). Days with no mark (no
 * session, or not marked yet) neither count nor break it. Contact persons
 * see a run of attendance.unexcused_in_a_row days (3) on Today.
 */
struct absence_run {
	int days;            /* 0: the latest marked day was not one */
	struct date since;   /* the first day of the run ({0} when days is 0) */
	struct date last;    /* the latest day with a mark ({0}: none yet) */
	bool last_unexcused; /* every mark of `last` so far is unexcused absence */
};

/* Adds one marked session on day; days come in date order (several
 * sessions of one day in any order). */
void absence_run_add(struct absence_run *r, struct date day, bool unexcused);

/* The attendance rate in per mille (present / scheduled of the marked
 * sessions, rounded); -1 when nothing was marked. */
int attendance_rate_permille(const struct attendance_summary *s);

#endif
