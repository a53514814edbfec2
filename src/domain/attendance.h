/*
 * attendance.h — the attendance register: a mark per session and
 * participant, kept in minutes so partial days count exactly, the rules of
 * self-certified sickness, and the monthly summary the benefit reads.
 *
 * A mark is one of: present; late (minutes missed at the start); left
 * early (minutes missed at the end); absent (the whole session) with a
 * type: sick, self-certified; sick, doctor's note; approved leave (with a
 * reason); unexcused. The minutes a late or early leaver missed are
 * unexcused unless the mark gives them another absence type.
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

/* One participant's mark for one session of `minutes` scheduled minutes. */
struct mark {
	enum mark_kind kind;
	int minutes;                /* late / left early: minutes missed */
	enum absence_type type;     /* absent: required; late/left early: the
				     * missed minutes' type (NONE = unexcused) */
	const char *reason;         /* leave: required */
};

/*
 * Checks a mark for a session of session_minutes: a kind; late and left
 * early between 1 and the session's minutes less one; absent with a type;
 * leave with a reason. Errors under key (the row's field name).
 */
bool mark_check(const struct mark *m, int session_minutes, const char *key, struct field_errors *e);

/* The minutes of a session a mark counts as present, and as absent with
 * their type (*type ABSENCE_NONE when none are absent). */
int mark_present_minutes(const struct mark *m, int session_minutes);
int mark_absent_minutes(const struct mark *m, int session_minutes, enum absence_type *type);

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

/* ---- the monthly summary ---- */

/* What one participant's register says of one month. */
struct attendance_summary {
	int64_t scheduled_minutes;
	int64_t present_minutes;
	int64_t absent_minutes[ABSENCE_TYPE_COUNT];
	int absent_days[ABSENCE_TYPE_COUNT];     /* days with absence of that type */
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

/* The attendance rate in per mille (present / scheduled of the marked
 * sessions, rounded); -1 when nothing was marked. */
int attendance_rate_permille(const struct attendance_summary *s);

#endif
