/*
 * store_intake.h — referrals, screening, the waiting list, offers, enrolments
 * with extensions, pauses and exit. Included by store.h.
 *
 * The rules live in the domain (domain/intake.h, domain/enrolment.h,
 * domain/eligibility.h, domain/caseload.h); the functions here read the
 * facts inside the caller's transaction, ask the domain, and write.
 *
 * Every function that changes something runs inside the caller's write
 * transaction (store_tx_begin), so the caller can add its audit entry to the
 * same transaction and roll everything back on any failure; none of them
 * begins or commits one. A failure may leave writes of the failed call in
 * that transaction: the caller must roll back.
 *
 * Concurrency: a change reads the row, asks the domain, then updates it with
 * "WHERE id = .. AND version = .." — a second writer who read the same
 * version changes nothing and gets SC_ECONFLICT (both engines; the row lock
 * of that UPDATE serialises the rest of the transaction on PostgreSQL).
 * expected_version 0 means "the version just read" (API calls that send no
 * version); a non-zero one that differs from the stored one is SC_ECONFLICT.
 *
 * Validation errors come back as SC_EINVAL with a struct field_errors keyed
 * by the domain's field names (intake.h, enrolment.h). Every state change of
 * a referral is written to referral_events (moment, date, user, from, to,
 * note); the participant's status follows (referral_participant_status()).
 *
 * Strings in results come from the caller's arena. Dates are 'YYYY-MM-DD'.
 */
#ifndef SC_STORE_INTAKE_H
#define SC_STORE_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/eligibility.h"
#include "domain/enrolment.h"
#include "domain/intake.h"

struct arena;
struct db;

/* ---- referrals ---- */

/* A referral with what the lists and the screening need of its participant. */
struct referral {
	int64_t id;
	int64_t participant_id;
	char *given_name;          /* the participant's */
	char *family_name;
	char *birth_date;
	char *intro_ended;         /* NULL when not known */
	int64_t contact_id;        /* the participant's contact person; 0 = none */
	char *source;              /* a referral_source key */
	char *referred_on;
	char *referrer;
	char *reason;
	char *planned_start;       /* NULL only for rows written without one */
	bool in_qualification;
	bool in_introduction;
	bool lawful_residence;
	int priority;              /* 1..9 */
	char *state;               /* a referral_state key */
	char *offered_on;          /* NULL when no offer */
	char *answer_by;           /* NULL when none */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/*
 * Registers a validated referral for a participant, state "new", with an
 * event "" -> "new" (note: the reason), and sets the participant's status to
 * "referred". SC_ENOTFOUND when there is no such participant; SC_ECONFLICT
 * when the participant already has an open referral (not accepted, declined
 * or withdrawn) or an active or paused programme period — *refusal (may be
 * NULL) then says which (static msgid).
 */
int store_referral_create(struct db *db, int64_t participant_id, const struct referral_input *in,
			  int64_t by, int64_t now, struct date today, int64_t *id,
			  const char **refusal);

/* SC_ENOTFOUND when there is no such referral. */
int store_referral_get(struct db *db, struct arena *a, int64_t id, struct referral *out);

/* Every referral of a participant, newest referral date first (at most 100). */
int store_referral_list_participant(struct db *db, struct arena *a, int64_t participant_id,
				    struct referral **items, size_t *n);

/*
 * A page of referrals: in one state (state non-NULL and not "") in
 * waiting-list order (priority, referral date, id), else all of them,
 * newest first. *total counts the matching rows.
 */
int store_referral_list(struct db *db, struct arena *a, const char *state, int64_t limit,
			int64_t offset, struct referral **items, size_t *n, int64_t *total);

/* One state change of a referral. */
struct referral_event {
	int64_t id;
	int64_t referral_id;
	int64_t at;                /* Unix seconds */
	char *on_date;             /* the date it happened */
	int64_t user_id;           /* 0 = the system */
	char *user_name;           /* "" when none */
	char *from_state;          /* "" for the creation */
	char *to_state;
	char *note;
	/* filled by store_referral_recent() only: */
	int64_t participant_id;
	char *given_name;
	char *family_name;
};

/* Every event of a referral, oldest first. */
int store_referral_events(struct db *db, struct arena *a, int64_t referral_id,
			  struct referral_event **items, size_t *n);

/* The latest state changes of any referral (creations and priority changes
 * left out), newest first, at most limit (1..200). */
int store_referral_recent(struct db *db, struct arena *a, int64_t limit,
			  struct referral_event **items, size_t *n);

/* One rule of a stored screening. */
struct screening_row {
	char *rule;                /* eligibility_rule_name() */
	bool pass;
	char *reason;              /* the rule's reason when failed, else "" */
	bool overridden;
	char *override_reason;
	int64_t screened_at;
	int64_t screened_by;       /* 0 = unknown */
	char *screened_by_name;
};

/* The rules of the latest screening of a referral, in rule order; *n is 0
 * when it was never screened. */
int store_screening_latest(struct db *db, struct arena *a, int64_t referral_id,
			   struct screening_row **items, size_t *n);

/*
 * Screens a referral: judges every rule (eligibility_screen) from the
 * participant's birth date and introduction-programme end and the
 * referral's planned start and answers, stores each rule's result with its
 * override (ov: ELIG_NRULES entries indexed by rule, may be NULL), and moves
 * the referral to the state screening_decide() gives (waiting or
 * ineligible), with an event whose note names the overridden rules.
 * *res and *next (each may be NULL) get the outcome.
 * Returns 0; SC_EINVAL with errs (keyed by rule name) for a bad override;
 * SC_ECONFLICT when the state does not allow screening or the version is
 * stale; SC_ENOTFOUND.
 */
int store_referral_screen(struct db *db, int64_t id, int64_t expected_version,
			  struct screening_override *ov, bool may_override, int64_t by, int64_t now,
			  struct date today, struct eligibility_result *res,
			  enum referral_state *next, struct field_errors *errs);

/* Sets the priority (1..9; SC_EINVAL otherwise) of a referral that is not
 * final, with an event in the same state whose note says the change.
 * SC_ECONFLICT / SC_ENOTFOUND as above. */
int store_referral_set_priority(struct db *db, int64_t id, int64_t expected_version, int priority,
				int64_t by, int64_t now, struct date today);

/* Registers an offer to a waiting referral (offer_validate(): keys
 * "offered_on", "answer_by"); state offered. */
int store_referral_offer(struct db *db, int64_t id, int64_t expected_version,
			 const char *offered_on, const char *answer_by, int64_t by, int64_t now,
			 struct date today, struct field_errors *errs);

/*
 * Accepts an offer: the referral becomes accepted, a programme period starts
 * (enrolment_start_validate(): keys "start_date", "planned_end"; an empty
 * planned end is start + 2 years), the participant becomes active and gets
 * contact_id as contact person through store_assign_contact() — all in the
 * caller's transaction. Returns 0 with *enrolment_id (may be NULL);
 * SC_EINVAL with errs ("contact_id": no contact person chosen, or not an
 * active contact person); SC_ELIMIT when the contact person's caseload is
 * full (errs "contact_id" says so) — the caller rolls back and nothing of
 * the acceptance remains; SC_ECONFLICT when the referral is not offered,
 * the version is stale or the participant already has an active period.
 */
int store_referral_accept(struct db *db, int64_t id, int64_t expected_version,
			  const char *start_date, const char *planned_end, int64_t contact_id,
			  int64_t by, int64_t now, struct date today, struct field_errors *errs,
			  int64_t *enrolment_id);

/* Declines an offer (state offered) with a reason (key "reason", required);
 * the participant goes back to registered (or exited, when enrolled
 * before). */
int store_referral_decline(struct db *db, int64_t id, int64_t expected_version, char *reason,
			   int64_t by, int64_t now, struct date today, struct field_errors *errs);

/* Withdraws a referral that is not final, with a reason (key "reason"). */
int store_referral_withdraw(struct db *db, int64_t id, int64_t expected_version, char *reason,
			    int64_t by, int64_t now, struct date today, struct field_errors *errs);

/* ---- the waiting list ---- */

/* The centre's capacity, as the waiting list computes it. */
struct waitlist_capacity {
	int64_t contact_persons;   /* active users with the contact role */
	int64_t places;            /* the sum of their caps (18 when not set) */
	int64_t active;            /* participants with status active or paused */
	int64_t free_places;       /* places - active, never below 0 */
	int64_t exits_90d;         /* active and paused periods with a planned end
				    * on or before today + 90 days (overdue ones
				    * included: they are expected to leave) */
	int64_t waiting;           /* referrals waiting or offered */
};

int store_waitlist_capacity(struct db *db, struct date today, struct waitlist_capacity *out);

/* One person on the waiting list. */
struct waitlist_row {
	int64_t referral_id;
	int64_t participant_id;
	char *given_name;
	char *family_name;
	int priority;
	char *referred_on;
	char *source;
	char *state;               /* "waiting" or "offered" */
	char *offered_on;          /* NULL when not offered */
	int64_t place;             /* 1-based, in waitlist_compare() order */
	int64_t waited_days;       /* today - referral date (0 when later) */
	int expected_wait_days;    /* 0 = a place now; -1 = unknown */
};

/*
 * A page of the waiting list: referrals waiting or offered in
 * waitlist_compare() order (priority, referral date, id), each with its
 * place and expected wait (waitlist_expected_wait_days() over cap's free
 * places and the planned ends of active and paused periods). Reads only
 * the first offset + limit - free_places planned ends, in date order, from
 * the enrolments_planned_end index — never the whole table. *total counts
 * everyone on the list. limit 1..100000.
 */
int store_waitlist(struct db *db, struct arena *a, struct date today,
		   const struct waitlist_capacity *cap, int64_t limit, int64_t offset,
		   struct waitlist_row **items, size_t *n, int64_t *total);

/* ---- enrolments (programme periods) ---- */

struct enrolment {
	int64_t id;
	int64_t participant_id;
	int64_t referral_id;       /* 0 when none */
	char *start_date;
	char *planned_end;
	char *status;              /* active, paused, exited */
	char *exit_date;           /* NULL until exited */
	char *exit_reason;
	char *outcome;             /* an exit_outcome key; NULL until exited */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

struct enrolment_extension {
	int64_t id;
	char *old_end;
	char *new_end;
	char *reason;
	int64_t at;
	int64_t user_id;
	char *user_name;
};

struct enrolment_pause {
	int64_t id;
	char *from_date;
	char *to_date;             /* NULL while open-ended */
	char *reason;
	int64_t at;
	int64_t user_id;
	char *user_name;
};

/*
 * Starts a programme period without a referral — for people already in the
 * programme when a centre moves into the system — with the same rules as an
 * acceptance (enrolment_start_validate(), any start from 1900 on) and, when
 * contact_id is not 0, the contact person through store_assign_contact()
 * (SC_ELIMIT / SC_EINVAL with errs "contact_id"). The participant becomes
 * active. SC_ECONFLICT when the participant already has an active or paused
 * period or an open referral (accept its offer instead), with *refusal (may
 * be NULL) saying which; SC_ENOTFOUND when there is no such participant.
 */
int store_enrolment_start(struct db *db, int64_t participant_id, const char *start_date,
			  const char *planned_end, int64_t contact_id, int64_t by, int64_t now,
			  struct date today, struct field_errors *errs, int64_t *enrolment_id,
			  const char **refusal);

/* The participant's active or paused period: *id 0 when none. */
int store_enrolment_current(struct db *db, int64_t participant_id, int64_t *id);

/* SC_ENOTFOUND when there is no such period. */
int store_enrolment_get(struct db *db, struct arena *a, int64_t id, struct enrolment *out);

/* Every period of a participant, latest start first (at most 50). */
int store_enrolment_list(struct db *db, struct arena *a, int64_t participant_id,
			 struct enrolment **items, size_t *n);

/* A period's extensions, oldest first. */
int store_enrolment_extensions(struct db *db, struct arena *a, int64_t enrolment_id,
			       struct enrolment_extension **items, size_t *n);

/* A period's pauses, oldest first. */
int store_enrolment_pauses(struct db *db, struct arena *a, int64_t enrolment_id,
			   struct enrolment_pause **items, size_t *n);

/*
 * Extends a period that is not exited (enrolment_extend_validate(): keys
 * "new_end", "reason"): an extension row and the new planned end.
 * SC_ECONFLICT when exited or the version is stale; SC_ENOTFOUND.
 */
int store_enrolment_extend(struct db *db, int64_t id, int64_t expected_version,
			   const char *new_end, char *reason, int64_t by, int64_t now,
			   struct field_errors *errs);

/* Pauses an active period (enrolment_pause_validate(): keys "from", "to",
 * "reason"): a pause row, status paused, participant paused. */
int store_enrolment_pause(struct db *db, int64_t id, int64_t expected_version, const char *from,
			  const char *to, char *reason, int64_t by, int64_t now, struct date today,
			  struct field_errors *errs);

/* Resumes a paused period (enrolment_resume_validate(): key "date"): the
 * open pause gets the date as its end, status active, participant active. */
int store_enrolment_resume(struct db *db, int64_t id, int64_t expected_version, const char *date,
			   int64_t by, int64_t now, struct date today, struct field_errors *errs);

/*
 * Ends an active or paused period (enrolment_exit_validate(): keys "date",
 * "reason", "outcome"): status exited with date, reason and outcome (an open
 * pause ends on the exit date), participant exited, and one follow-up task
 * per enrolment_followup() due enrolment_followup_due() after the exit,
 * assigned to the participant's contact person (none when they have none).
 * task_ids (may be NULL) gets ENROLMENT_NFOLLOWUPS ids.
 */
int store_enrolment_exit(struct db *db, int64_t id, int64_t expected_version, const char *date,
			 char *reason, const char *outcome, int64_t by, int64_t now,
			 struct date today, struct field_errors *errs, int64_t *task_ids);

#endif
