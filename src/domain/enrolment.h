/*
 * enrolment.h — programme periods: default planned end, extensions up to four
 * years, pauses, exit outcomes and follow-up dates.
 *
 * A period starts when a referral's offer is accepted. Its planned end is
 * two years after the start unless set otherwise; extensions move the
 * planned end later, each with a reason, but never past four years after
 * the start. A period may be paused (from a date, with a reason, optionally
 * until a planned date) and resumed; it ends with an exit: a date, a reason
 * and an outcome. Follow-ups are due 6 and 12 months after the exit.
 *
 * The validators take text as typed and the facts of the period, collect
 * every error in a struct field_errors (cleared first) under the field keys
 * named below (the same keys in forms, the API and the store), and return 0
 * or SC_EINVAL. Reason texts are trimmed in place.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_ENROLMENT_H
#define SC_DOMAIN_ENROLMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/participant.h"

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

/* Status keys of a period: "active", "paused", "exited". The English label
 * (msgid) of one, or the key itself when unknown (NULL gives ""). */
const char *enrolment_status_label(const char *status);

/* How a period ended. */
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
/* The label of a stored key, or the key itself when unknown ("" for NULL). */
const char *exit_outcome_label_of(const char *key);

/*
 * A new period when an offer is accepted. Keys "start_date", "planned_end".
 * start_date: required, a date, not before the referral date (earliest) and
 * at most ENROLMENT_MAX_YEARS_AHEAD years after today. planned_end: empty
 * gives enrolment_default_end(start); else a date after the start and not
 * after enrolment_longest_end(start).
 */
int enrolment_start_validate(const char *start_text, const char *end_text, struct date earliest,
    struct date today, struct date *start, struct date *end, struct field_errors *errs);

/*
 * An extension. Keys "new_end", "reason". new_end: required, a date after
 * the current planned end and not after enrolment_longest_end(start).
 * reason: required, at most INTAKE_NOTE_MAX bytes.
 */
int enrolment_extend_validate(struct date start, struct date current_end, const char *new_end_text,
    char **reason, struct date *new_end, struct field_errors *errs);

/*
 * A pause. Keys "from", "to", "reason". from: required, a date within the
 * period (start..planned end) and not after today (the period is paused from
 * now on). to: optional (empty = until resumed), a date after from.
 * reason: required.
 */
int enrolment_pause_validate(struct date start, struct date planned_end, struct date today,
    const char *from_text, const char *to_text, char **reason, struct date *from,
    struct date *to, bool *has_to, struct field_errors *errs);

/*
 * A resumption of a paused period. Key "date": required, a date on or after
 * the pause's start and not after today.
 */
int enrolment_resume_validate(struct date pause_from, struct date today, const char *date_text,
    struct date *date, struct field_errors *errs);

/*
 * An exit. Keys "date", "reason", "outcome". date: required, on or after the
 * start and not after today. reason: required. outcome: one of the keys.
 */
int enrolment_exit_validate(struct date start, struct date today, const char *date_text,
    char **reason, const char *outcome_text, struct date *date, enum exit_outcome *outcome,
    struct field_errors *errs);

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

#endif
