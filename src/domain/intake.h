/*
 * intake.h — referrals: where they come from, the state machine (who may
 * move a referral from which state to which), the records and their
 * declared fields (domain/field.h), and the rules the types do not hold:
 * the referral's dates, the screening decision, the offer's dates, who may
 * be referred again.
 *
 * A referral's life:
 *
 *     new ──screen──▶ waiting ──offer──▶ offered ──accept──▶ accepted
 *      │  ╲              ▲  │                 │ ╲
 *      │   ╲screen       │  │screen           │  ╲decline──▶ declined
 *      │    ▼            │  ▼                 │
 *      │   ineligible ──screen (re-screening or a leader's override)
 *      │        │
 *      └────────┴───── withdraw (from new, ineligible, waiting, offered) ──▶ withdrawn
 *
 * - Screening is allowed in new, ineligible and waiting: it is how facts
 *   that changed are taken into account (a waiting person who entered the
 *   qualification programme becomes ineligible; an ineligible one whose
 *   failed rules a leader overrides moves to waiting).
 * - Only a waiting referral may get an offer; only an offered one may be
 *   accepted (enrolment) or declined.
 * - accepted, declined and withdrawn are final: a person who comes back
 *   gets a new referral, so every referral's history stays as it was.
 * - The priority may be changed while the referral is not final.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them where they are shown.
 */
#ifndef SC_DOMAIN_INTAKE_H
#define SC_DOMAIN_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/eligibility.h"
#include "domain/field.h"

/* Where a referral comes from (the options of the field "source"). */
enum referral_source {
	REFERRAL_NAV = 0,	/* a NAV office */
	REFERRAL_INTRO,		/* the introduction programme */
	REFERRAL_SELF,		/* the person themself */
	REFERRAL_OTHER,
	REFERRAL_SOURCE_COUNT
};

/* Stable key ("nav", "intro", "self", "other") or NULL when out of range. */
const char *referral_source_key(enum referral_source s);
/* English label (msgid) or NULL when out of range. */
const char *referral_source_label(enum referral_source s);
/* Parses a key; 0 or SC_EINVAL (s may be NULL). */
int referral_source_parse(const char *s, enum referral_source *out);

/* A referral's state (see the diagram above; the options of "state"). */
enum referral_state {
	REFERRAL_NEW = 0,
	REFERRAL_INELIGIBLE,
	REFERRAL_WAITING,
	REFERRAL_OFFERED,
	REFERRAL_ACCEPTED,
	REFERRAL_DECLINED,
	REFERRAL_WITHDRAWN,
	REFERRAL_STATE_COUNT
};

/* Stable key ("new", "ineligible", "waiting", "offered", "accepted",
 * "declined", "withdrawn") or NULL when out of range. */
const char *referral_state_key(enum referral_state s);
/* English label (msgid) or NULL when out of range. */
const char *referral_state_label(enum referral_state s);
/* Parses a key; 0 or SC_EINVAL (s may be NULL). */
int referral_state_parse(const char *s, enum referral_state *out);
/* True for accepted, declined and withdrawn (and out-of-range values). */
bool referral_state_final(enum referral_state s);

/* What can be done to a referral. */
enum referral_action {
	REFERRAL_SCREEN = 0,	/* to waiting or ineligible */
	REFERRAL_PRIORITY,	/* stays in its state */
	REFERRAL_OFFER,		/* to offered */
	REFERRAL_ACCEPT,	/* to accepted (an enrolment starts) */
	REFERRAL_DECLINE,	/* to declined */
	REFERRAL_WITHDRAW,	/* to withdrawn */
	REFERRAL_ACTION_COUNT
};

/* Stable key ("screen", "priority", "offer", "accept", "decline",
 * "withdraw"), used in audit actions ("referral.offer"); NULL when out of
 * range. */
const char *referral_action_key(enum referral_action a);

/* May the action be taken on a referral in state from? */
bool referral_action_allowed(enum referral_action a, enum referral_state from);

/* Is to a state the action may lead to? (screen: waiting or ineligible;
 * priority: the same state; the others: their one target.) */
bool referral_action_leads_to(enum referral_action a, enum referral_state to);

/* May a referral move from one state to another by any action? A state to
 * itself is allowed only by re-screening (ineligible, waiting) and by a
 * priority change (every state that is not final). */
bool referral_transition_allowed(enum referral_state from, enum referral_state to);

/* The participant's status while their referral is in state s: new and
 * ineligible -> "referred", waiting -> "waiting", offered -> "offered",
 * accepted -> "active"; declined and withdrawn -> "exited" when the person
 * was enrolled before (enrolled_before), else "registered". */
const char *referral_participant_status(enum referral_state s, bool enrolled_before);

/*
 * May a participant get a new referral? NULL when they may; else why not
 * (a msgid): they have a referral that is not final (open), or a programme
 * period that is active or paused (enrolled).
 */
const char *referral_refusal(bool open, bool enrolled);

/* ---- the referral ---- */

#define REFERRAL_REFERRER_MAX 200	/* characters */
#define INTAKE_NOTE_MAX 2000		/* characters of a reason or note */
#define REFERRAL_DEFAULT_PRIORITY 5
/* How far ahead a planned start may lie. */
#define REFERRAL_MAX_YEARS_AHEAD 2

/*
 * A referral. Field keys (form, API, table referrals): id, participant_id,
 * given_name and family_name (the participant's, computed), source,
 * referred_on, referrer, reason, planned_start, in_qualification,
 * in_introduction, lawful_residence, priority, state, offered_on,
 * answer_by, version — the JSON of a referral, in this order. A new
 * referral is read from the nine that are not kept by the product.
 */
struct referral {
	int64_t id;
	int64_t participant_id;
	const char *given_name;     /* computed */
	const char *family_name;    /* computed */
	int source;                 /* enum referral_source; required */
	struct date referred_on;    /* required, not after today */
	const char *referrer;       /* who referred (person, office); optional */
	const char *reason;         /* required */
	struct date planned_start;  /* required, from referred_on, at most two years ahead */
	int in_qualification;       /* 1 yes, 0 no: the three screening answers, required */
	int in_introduction;
	int lawful_residence;
	int64_t priority;           /* 1..9; not given = REFERRAL_DEFAULT_PRIORITY */
	int state;                  /* enum referral_state */
	struct date offered_on;     /* not given until an offer */
	struct date answer_by;      /* optional with an offer */
	int64_t version;
	/* The participant's facts screening judges (referral_person_fields,
	 * read with the referral, never written by it): */
	struct date birth_date;
	struct date intro_ended;    /* not given when not known */
};

/* The fields of a referral. */
extern const struct fields referral_fields;
/* The participant's facts of a referral: birth_date, intro_ended (computed). */
extern const struct fields referral_person_fields;

/* The rules of a new referral the types do not hold: referred_on is not
 * after today; planned_start is not before referred_on and at most
 * REFERRAL_MAX_YEARS_AHEAD years after today. Sets a priority not given to
 * REFERRAL_DEFAULT_PRIORITY. Adds to e; true when there is nothing to add. */
bool referral_new_check(struct referral *in, struct date today, struct field_errors *e);

/* Fills *in for eligibility_screen() from the referral and its
 * participant's facts. Returns 0, or SC_EINVAL when the birth date or the
 * planned start is not a date. */
int referral_eligibility_input(const struct referral *r, struct eligibility_input *in);

/* ---- changes of a referral ---- */

/* A priority change. Key: priority (1..9, required). */
struct referral_priority {
	int64_t priority;
};
extern const struct fields referral_priority_fields;

/* An offer. Keys: offered_on (required), answer_by (optional). */
struct referral_offer {
	struct date offered_on;
	struct date answer_by;
};
extern const struct fields referral_offer_fields;

/* An offer's dates: offered_on not after today and not before the
 * referral date; answer_by (when given) not before offered_on. */
bool referral_offer_check(const struct referral_offer *o, struct date referred_on, struct date today,
			  struct field_errors *e);

/* An acceptance: the period's start (domain/enrolment.h,
 * enrolment_start_check() from the referral date) and a contact person,
 * who must be chosen ("contact_id"). */
struct enrolment_start;
bool referral_accept_check(struct enrolment_start *in, struct date referred_on, struct date today,
			   struct field_errors *e);

/* A decline or a withdrawal. Key: reason (required). */
struct referral_close {
	const char *reason;
};
extern const struct fields referral_close_fields;

/* ---- screening ---- */

/*
 * A screening: for each rule (enum eligibility_rule) whether a leader
 * overrides it and why. Keys: override_<rule> (a yes/no, a checkbox on the
 * form) and override_reason_<rule> (text), for each rule name of
 * eligibility_rule_name().
 */
struct screening {
	int override[ELIG_NRULES];       /* 1: ticked; 0 or -1: not */
	const char *reason[ELIG_NRULES]; /* "" when none */
};
extern const struct fields screening_fields;

/* The field override_reason_<rule> of a rule, or NULL. */
const struct field *screening_reason_field(enum eligibility_rule rule);

/*
 * Decides a screening: *next is REFERRAL_WAITING when every rule passed or
 * every failed rule is overridden with a reason, else REFERRAL_INELIGIBLE.
 * s (may be NULL: no overrides) is changed: an override of a rule that
 * passed is dropped (override cleared). An override when may_override is
 * false, or without a reason, is an error under the rule's name
 * (eligibility_rule_name()). Returns true; false with e filled and *next
 * REFERRAL_INELIGIBLE.
 */
bool screening_decide(const struct eligibility_result *res, struct screening *s, bool may_override,
		      enum referral_state *next, struct field_errors *e);

/* One rule of a stored screening (table screening_results). Keys:
 * referral_id, rule, pass, reason, overridden, override_reason,
 * screened_at, screened_by, screened_by_name (computed). */
struct screening_row {
	int64_t referral_id;
	const char *rule;           /* eligibility_rule_name() */
	int pass;
	const char *reason;         /* the rule's reason when failed, else "" */
	int overridden;
	const char *override_reason;
	int64_t screened_at;        /* Unix seconds */
	int64_t screened_by;        /* 0 = unknown */
	const char *screened_by_name;
};
extern const struct fields screening_row_fields;

/* ---- the history ---- */

/* One state change of a referral (table referral_events). Keys: id,
 * referral_id, at, on_date, user_id, user_name (computed), from_state
 * ("" for the creation), to_state, note; and for the list of recent
 * decisions the participant: participant_id, given_name, family_name
 * (computed). */
struct referral_event {
	int64_t id;
	int64_t referral_id;
	int64_t at;                 /* Unix seconds */
	struct date on_date;
	int64_t user_id;            /* 0 = the system */
	const char *user_name;
	const char *from_state;     /* a state key, "" for the creation */
	const char *to_state;
	const char *note;
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
};
extern const struct fields referral_event_fields;

/* ---- the waiting list ---- */

/* One person on the waiting list. Keys (the JSON of a row, in order):
 * place, referral_id, participant_id, given_name, family_name, priority,
 * referred_on, source, state, offered_on, waited_days, expected_wait_days
 * (not given when unknown). */
struct waitlist_row {
	int64_t place;              /* 1-based, in waitlist_compare() order */
	int64_t referral_id;
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	int64_t priority;
	struct date referred_on;
	int source;                 /* enum referral_source */
	int state;                  /* waiting or offered */
	struct date offered_on;
	int64_t waited_days;        /* today - referral date (0 when later) */
	int64_t expected_wait_days; /* 0 = a place now; FIELD_NONE = unknown */
};
extern const struct fields waitlist_row_fields;

/* The columns of the waiting list's export, in order (keys of
 * waitlist_row_fields), NULL-terminated. */
extern const char *const waitlist_export_keys[];

/*
 * Fills place, waited_days and expected_wait_days of a page of the waiting
 * list: rows[0..n) are the people at places offset + 1 ... in
 * waitlist_compare() order; free_places are free now; exits are the first
 * planned ends of active and paused periods in date order (at least
 * offset + n - free_places of them when there are that many). The k-th
 * exit frees the place of the person at free_places + k
 * (waitlist_expected_wait_days()); more people than exits wait an unknown
 * time (FIELD_NONE).
 */
void waitlist_page_fill(struct waitlist_row *rows, size_t n, int64_t offset, int64_t free_places,
			const struct date *exits, size_t nexits, struct date today);

/* Whole weeks, rounded up, of an expected wait in days for "about N
 * weeks": 0 for 0 days, 1 for 1..7, 2 for 8..14, ...; -1 stays -1
 * (unknown). */
int intake_wait_weeks(int days);

#endif
