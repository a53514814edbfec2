/*
 * evaluation.h — the evaluation of a trainee at the mid-point and the end
 * of a placement, on one fixed form, and the rules of the personal link
 * that lets the workplace supervisor fill it in without an account
 * (issue 10, section 3; decision 40).
 *
 * The form: punctuality, Norwegian at work, understanding tasks, quality
 * of work, cooperation and initiative, each 1 to 5 or "not seen", and
 * free comments on strengths and on what to work on. A placement has at
 * most one evaluation of each kind; the follow-up person records one, or
 * sends the supervisor a link: a random token of 128 bits (util/token.h),
 * of which the store keeps only the SHA-256, valid EVALUATION_LINK_DAYS
 * days, used once to submit, revocable. Pure: no I/O, no clock.
 */
#ifndef SC_DOMAIN_EVALUATION_H
#define SC_DOMAIN_EVALUATION_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"
#include "domain/placement.h"

/* How long a link is valid. */
#define EVALUATION_LINK_DAYS 14

enum evaluation_kind { EVAL_MID = 0, EVAL_END, EVAL_KIND_COUNT };
extern const struct field_option evaluation_kind_options[EVAL_KIND_COUNT];

/* A rating: "1".."5" (index 0..4) or "not_seen" (index 5). */
#define RATING_NOT_SEEN 5
#define RATING_COUNT 6
extern const struct field_option rating_options[RATING_COUNT];

enum evaluation_source { EVAL_BY_STAFF = 0, EVAL_BY_EMPLOYER, EVAL_SOURCE_COUNT };
extern const struct field_option evaluation_source_options[EVAL_SOURCE_COUNT];

/* The criteria, in the form's order: their keys and labels (msgids). */
#define EVALUATION_CRITERIA 6
extern const char *const evaluation_criteria[EVALUATION_CRITERIA];

/* An evaluation. Keys (table placement_evaluations): id, placement_id,
 * participant_id, kind, evaluated_on, punctuality, norwegian,
 * understanding, quality, cooperation, initiative, strengths, to_work_on,
 * evaluator, source, author_id, created_at. */
struct placement_evaluation {
	int64_t id;
	int64_t placement_id;       /* kept */
	int64_t participant_id;     /* kept */
	int kind;                   /* required: enum evaluation_kind */
	struct date evaluated_on;   /* not after today; today when not given */
	int punctuality;            /* required: index into rating_options */
	int norwegian;
	int understanding;
	int quality;
	int cooperation;
	int initiative;
	const char *strengths;
	const char *to_work_on;
	const char *evaluator;      /* who evaluated (the supervisor's name through a link) */
	int source;                 /* kept: enum evaluation_source */
	int64_t author_id;          /* kept: the staff member; 0 through a link */
	int64_t link_id;            /* kept: the link it came through, or 0 */
	int64_t created_at;         /* kept */
};

/* The staff's form: every field above that is read. */
extern const struct fields placement_evaluation_fields;
/* The supervisor's form through a link: the ratings, the comments and
 * the evaluator's name (required); the kind and the date are the link's. */
extern const struct fields evaluation_link_form_fields;

/* The rating of criterion i (0..EVALUATION_CRITERIA-1). */
int evaluation_rating(const struct placement_evaluation *e, int i);

/* The rules the types do not hold: the date not after today (today when
 * not given) and not before the placement's first day (first_day; none
 * when its y is 0). Adds to e. */
bool evaluation_check(struct placement_evaluation *ev, struct date today, struct date first_day,
		      struct field_errors *e);

/*
 * May an evaluation of `kind` be recorded (or a link for it made) for a
 * placement that has started or not (placement_started(): one ended
 * before its first day never has) with these evaluations? Not twice.
 * NULL when it may; else why not (msgid).
 */
const char *evaluation_refusal(bool started, int kind, bool evaluated_mid, bool evaluated_end);

/*
 * Is the evaluation of `kind` outstanding on today? The mid-point one from
 * the middle of the period while the placement is active; the final one
 * from a week before the last day until 30 days after it (or after the
 * day it ended early). Not when it has been recorded.
 */
bool evaluation_outstanding(int kind, enum placement_status status, struct date starts_on, struct date ends_on,
			    struct date ended_on, bool evaluated, struct date today);

/* The final evaluation is due from this many days before the last day,
 * and outstanding until this many days after the end (or the early end). */
#define EVALUATION_END_DUE_DAYS 7
#define EVALUATION_AFTER_END_DAYS 30

/*
 * The evaluations outstanding on placement p on today (the liaison's
 * home, issue 10 section 5): a set of (1u << EVAL_MID) and
 * (1u << EVAL_END), 0 for none, by evaluation_outstanding() on the
 * status derived from p's facts. A placement that never began
 * (placement_started(): not agreed, or ended before its first day) owes
 * none: the commands refuse its evaluations.
 */
unsigned evaluations_outstanding(const struct placement *p, struct date today);

/* The earliest last day of a placement that may owe an evaluation on
 * today (an early end is on or before the last day): the bound a list of
 * them reads from. */
struct date evaluation_outstanding_since(struct date today);

/* The latest last day of an agreed placement whose final evaluation may
 * be due on today (EVALUATION_END_DUE_DAYS before it): the other bound. */
struct date evaluation_end_due_until(struct date today);

/* The largest sum of a placement's first and last days (date_to_days())
 * whose middle day (evaluation_outstanding(): the sum halved) has come by
 * today: a list of the mid-point evaluations due reads up to it. */
int64_t evaluation_mid_sum_until(struct date today);

/* ---- the link ---- */

/* What the store keeps of a link. */
struct evaluation_link {
	int64_t id;
	int64_t placement_id;
	int kind;                   /* enum evaluation_kind */
	int64_t created_at;
	int64_t expires_at;         /* created_at + EVALUATION_LINK_DAYS days */
	int64_t used_at;            /* 0: not used */
	int64_t revoked_at;         /* 0: not revoked */
	int64_t opened_at;          /* 0: never opened */
};

enum link_state { LINK_VALID = 0, LINK_UNKNOWN, LINK_EXPIRED, LINK_USED, LINK_REVOKED };

/* The expiry of a link made at `now`. */
int64_t evaluation_link_expiry(int64_t now);

/* The state of a link at `now`; LINK_UNKNOWN for l == NULL (no link has
 * that token). Revoked wins over used, used over expired. */
enum link_state evaluation_link_state(const struct evaluation_link *l, int64_t now);

/* What a supervisor is told about a link that cannot be used (msgid);
 * NULL for LINK_VALID. */
const char *evaluation_link_message(enum link_state s);

/* A stable key of a state ("valid", "unknown", "expired", "used",
 * "revoked"), for the API and the audit log. */
const char *evaluation_link_state_key(enum link_state s);

#endif
