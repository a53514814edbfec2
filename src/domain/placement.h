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

#endif
