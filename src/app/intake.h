/*
 * intake.h — the commands and queries of intake (domain/intake.h):
 * referrals registered, screened (with a leader's overrides), given a
 * priority, offered a place, accepted (which starts a programme period with
 * a contact person, app/enrolment.h), declined or withdrawn; the intake
 * queue and the waiting list with each person's place and expected wait.
 *
 * A referral is the participant's (PART_INTAKE, domain/access.h): it is
 * found within the actor's centre and reached through app_participant(),
 * so a referral the actor may not see is REFUSED_NOT_FOUND, as a missing
 * one. Each change runs in one transaction: the referral as it is now,
 * the state machine's word (REFUSED_STATE when the action is not allowed in
 * its state), the version read (REFUSED_STALE when someone saved first;
 * expected_version 0 takes the version as found), the domain's rules
 * (REFUSED_INVALID with the fields), the writes — the referral, its event,
 * the participant's status — and the audit entry "referral.<action>".
 * Reads of case data are audited ("referral.list", "referral.read",
 * "waitlist.read", "waitlist.export").
 */
#ifndef SC_APP_INTAKE_H
#define SC_APP_INTAKE_H

#include "app/app.h"
#include "domain/enrolment.h"
#include "domain/intake.h"
#include "store/store.h"

/* A referral with what its page and its JSON show. */
struct referral_view {
	struct referral ref;
	struct participant_brief person;
	struct screening_row *stored;   /* the latest screening: ELIG_NRULES rows, or none */
	size_t nstored;
	bool judged;                    /* live holds the rules judged on today's facts */
	struct eligibility_result live;
	struct referral_event *events;  /* oldest first */
	size_t nevents;
};

/* ---- queries ---- */

/* The intake page: a page (from 1) of referrals waiting for screening in
 * waiting-list order, and the latest decisions (at most nrecent_max). */
int app_intake_queue(struct db *db, struct arena *a, const struct actor *actor, int64_t page,
		     int64_t per_page, struct referral **items, size_t *n, int64_t *total, int64_t nrecent_max,
		     struct referral_event **recent, size_t *nrecent);

/* A page of the centre's referrals in one state (enum referral_state; -1
 * for all, newest first). */
int app_referrals(struct db *db, struct arena *a, const struct actor *actor, int state, int64_t page,
		  int64_t per_page, struct referral **items, size_t *n, int64_t *total);

/* A participant's referrals, newest first, with the participant.
 * REFUSED_NOT_FOUND when the actor may not read their intake. */
int app_participant_referrals(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			      struct participant_brief *person, struct referral **items, size_t *n,
			      struct outcome *out);

/* A referral with its screenings, its rules judged today and its history
 * (audited as read when audited). REFUSED_NOT_FOUND as above. */
int app_referral(struct db *db, struct arena *a, const struct actor *actor, int64_t id, bool audited,
		 struct referral_view *v, struct outcome *out);

/* The referral and the actor's access (act) to its participant's intake,
 * nothing more: for a request refused before its command ran, which must
 * still say 404 for a referral the actor may not reach. */
int app_referral_find(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
		      struct referral *ref, struct participant_brief *person, struct outcome *out);

/* ---- commands ---- */

/* Registers a referral for the participant (the nine fields of in that are
 * not the product's); state new, the participant "referred". REFUSED_STATE
 * with referral_refusal()'s message when they have an open referral or a
 * current period. On DONE in is the stored referral and out->id its id. */
int app_referral_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			struct referral *in, struct participant_brief *person, struct outcome *out);

/*
 * The changes of a referral. ref (may be NULL) gets the referral as it is
 * after the change, or as it was found when refused; out->id is its id.
 * Screening overrides are a leader's (ROLE_LEADER): errors are keyed by
 * rule name. Accepting (REFERRAL_ACCEPT) also starts the period: errors
 * under start_date, planned_end, contact_id; REFUSED_FULL with contact_id
 * when the contact person's caseload is full — nothing of the acceptance
 * is kept; *enrolment_id (may be NULL) gets the new period.
 */
int app_referral_screen(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			int64_t expected_version, struct screening *in, struct referral *ref, struct outcome *out);
int app_referral_priority(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			  int64_t expected_version, const struct referral_priority *in, struct referral *ref,
			  struct outcome *out);
int app_referral_offer(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       int64_t expected_version, const struct referral_offer *in, struct referral *ref,
		       struct outcome *out);
int app_referral_accept(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			int64_t expected_version, struct enrolment_start *in, int64_t *enrolment_id,
			struct referral *ref, struct outcome *out);
/* act: REFERRAL_DECLINE or REFERRAL_WITHDRAW, with the reason. */
int app_referral_close(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       enum referral_action act, int64_t expected_version, const struct referral_close *in,
		       struct referral *ref, struct outcome *out);

/* ---- the waiting list ---- */

/*
 * A page of the centre's waiting list (limit rows from offset), each with
 * place and expected wait (waitlist_page_fill() over the free places and
 * the planned exits), and the capacity; *total counts everyone on it.
 * Audited as audit_action ("waitlist.read" or "waitlist.export").
 */
int app_waitlist(struct db *db, struct arena *a, const struct actor *actor, int64_t limit, int64_t offset,
		 const char *audit_action, struct waitlist_capacity *cap, struct waitlist_row **rows, size_t *n,
		 int64_t *total);

#endif
