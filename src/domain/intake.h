/*
 * intake.h — referral sources and the referral state machine (who may move a
 * referral from which state to which), the referral form's validator, the
 * screening decision and the offer's dates.
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
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_INTAKE_H
#define SC_DOMAIN_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/eligibility.h"
#include "domain/participant.h"

/* Where a referral comes from. */
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

/* A referral's state (see the diagram above). */
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

/* ---- the referral form ---- */

#define REFERRAL_REFERRER_MAX 200	/* bytes */
#define INTAKE_NOTE_MAX 2000		/* bytes of a reason or note */
#define REFERRAL_DEFAULT_PRIORITY 5
/* How far ahead a planned start may lie. */
#define REFERRAL_MAX_YEARS_AHEAD 2

/* Text as typed (NULL or "" = empty); trimmed in place by the validator, so
 * it must be writable and outlive the struct referral_input it fills. Field
 * keys in forms, the API and errors are the member names. */
struct referral_form {
	char *source;		/* nav, intro, self, other */
	char *referred_on;	/* YYYY-MM-DD, not in the future */
	char *referrer;		/* optional, who referred (person, office) */
	char *reason;		/* required */
	char *planned_start;	/* YYYY-MM-DD, not before referred_on */
	char *in_qualification;	/* yes / no */
	char *in_introduction;	/* yes / no */
	char *lawful_residence;	/* yes / no */
	char *priority;		/* 1..9; empty = 5 */
};

/* A validated referral; strings point into the form. */
struct referral_input {
	enum referral_source source;
	struct date referred_on;
	const char *referrer;
	const char *reason;
	struct date planned_start;
	bool in_qualification;
	bool in_introduction;
	bool lawful_residence;
	int priority;
};

/*
 * Validates every field of f against today, collecting every error in errs
 * (cleared first). Rules: source one of the keys; referral date required,
 * a date, not in the future; referrer optional, at most
 * REFERRAL_REFERRER_MAX bytes on one line; reason required, at most
 * INTAKE_NOTE_MAX bytes; planned start required, a date, not before the
 * referral date and at most REFERRAL_MAX_YEARS_AHEAD years after today;
 * the three questions "yes" or "no"; priority 1..9 (empty = 5).
 * Returns 0, or SC_EINVAL when there is an error.
 */
int referral_validate(struct referral_form *f, struct date today,
    struct referral_input *out, struct field_errors *errs);

/* Parses "yes" / "no" (also "1" / "0", "true" / "false", "on" / "off").
 * Returns 0 or SC_EINVAL. */
int intake_yes_no(const char *s, bool *out);

/*
 * A free-text field: trims *text in place (NULL becomes ""); checks it is
 * present when required, at most max bytes, valid UTF-8, and without
 * control characters (line ends and tabs allowed when multiline). Returns 0,
 * or SC_EINVAL with *reason set to a static msgid.
 */
int intake_text_validate(char **text, size_t max, bool required, bool multiline,
    const char **reason);

/* Parses a required date field: 0, or SC_EINVAL with *reason set
 * ("This field is required." or the format message). */
int intake_date_validate(const char *text, struct date *out, const char **reason);

/* ---- screening ---- */

/*
 * Fills *in for eligibility_screen() from what is stored: the participant's
 * birth date and the date the introduction programme ended (NULL or "" =
 * not known), the referral's planned start and its three answers. Returns 0,
 * or SC_EINVAL when birth or planned_start is not a date, or intro_ended is
 * given but not a date.
 */
int intake_eligibility_input(const char *birth, const char *intro_ended,
    const char *planned_start, bool in_qualification, bool in_introduction,
    bool lawful_residence, struct eligibility_input *in);

/* A leader's override of one rule. */
struct screening_override {
	bool on;		/* ticked */
	char *reason;		/* why; trimmed in place */
};

/*
 * Decides a screening: *next is REFERRAL_WAITING when every rule passed or
 * every failed rule is overridden with a reason, else REFERRAL_INELIGIBLE.
 * ov (may be NULL: no overrides) has ELIG_NRULES entries, indexed by rule.
 * An override of a rule that passed is ignored (ov[i].on is cleared); an
 * override when may_override is false, or without a reason, or with a
 * reason longer than INTAKE_NOTE_MAX, is an error under the rule's name
 * (eligibility_rule_name()). Returns 0, or SC_EINVAL with errs filled
 * (cleared first) and *next left REFERRAL_INELIGIBLE.
 */
int screening_decide(const struct eligibility_result *res, struct screening_override *ov,
    bool may_override, enum referral_state *next, struct field_errors *errs);

/* ---- offer ---- */

/*
 * Validates an offer: offered_on required, a date, not before the referral
 * date and not in the future; answer_by optional (empty = none), a date on
 * or after offered_on. Errors under "offered_on" and "answer_by". Returns 0
 * (*has_answer_by says whether one was given) or SC_EINVAL.
 */
int offer_validate(const char *offered_on, const char *answer_by, struct date referred_on,
    struct date today, struct date *offered, struct date *answer, bool *has_answer_by,
    struct field_errors *errs);

/* ---- the waiting list ---- */

/* Whole weeks, rounded up, of an expected wait in days for "about N
 * weeks": 0 for 0 days, 1 for 1..7, 2 for 8..14, ...; -1 stays -1
 * (unknown). */
int intake_wait_weeks(int days);

#endif
