/*
 * health.h — the commands and queries of health notes and of referrals to
 * a health worker (domain/health.h).
 *
 * Only the health workers a participant is referred to reach a note
 * (PART_HEALTH, domain/access.h); after the referral ends, the author
 * still reads, and only reads, the notes they wrote (REL_HEALTH_AUTHOR). Every note a query returns has been
 * audited as read ("health_note.read", one entry each) in one transaction
 * before it is returned: nothing is shown that is not in the audit log.
 *
 * Referrals are part of the participant's follow-up (PART_FOLLOWUP): whoever
 * follows them up refers them to a health worker of the centre and ends
 * the referral.
 */
#ifndef SC_APP_HEALTH_H
#define SC_APP_HEALTH_H

#include "app/app.h"
#include "domain/health.h"

struct participant_brief;
struct user;

/* True when the actor reads the participant's health notes only as their
 * author (access_health_notes_own_only(): the referral to them ended). */
bool app_health_notes_own_only(const struct actor *actor, const struct participant_brief *brief);

/* A page (from 1) of the participant's notes, newest first, per_page
 * 1..500; brief gets the participant. A health worker whose referral
 * ended reads only the notes they wrote (app_health_notes_own_only()).
 * REFUSED_NOT_FOUND when the actor may not read the participant's health
 * notes. */
int app_health_notes(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		     int64_t page, int64_t per_page, struct participant_brief *brief,
		     struct health_note **items, size_t *n, int64_t *total, struct outcome *out);

/* The rules of a note the types do not hold (health_note_check), with
 * the required fields, added to e: for a form some of whose fields could
 * not be read. */
void app_health_note_check(const struct actor *actor, const struct health_note *in,
			   struct field_errors *e);

/* Writes a note (written_on and body from in) by the actor.
 * REFUSED_NOT_FOUND when the actor may not write the participant's health
 * notes; REFUSED_INVALID with the fields. On DONE, in is the stored note
 * (id, author, created_at) and out->id its id. */
int app_health_note_create(struct db *db, struct arena *a, const struct actor *actor,
			   int64_t participant_id, struct health_note *in, struct participant_brief *brief,
			   struct outcome *out);

/* The participant's referrals, open first, then newest. REFUSED_NOT_FOUND
 * when the actor may not read the participant's follow-up. */
int app_health_referrals(struct db *db, struct arena *a, const struct actor *actor,
			 int64_t participant_id, struct health_referral **items, size_t *n,
			 struct outcome *out);

/* The health workers of the actor's centre a participant can be referred
 * to (active, with the health role), by name. */
int app_health_workers(struct db *db, struct arena *a, const struct actor *actor, struct user **items,
		       size_t *n);

/* The rules app_health_referral_create() applies beyond each field's own
 * (health_referral_check(): a health worker of the actor's centre, not
 * after today; a referral not dated is dated today), for a request some of
 * whose fields could not be read, so that every error is said at once.
 * Adds to e. */
int app_health_referral_check(struct db *db, struct arena *a, const struct actor *actor,
			      struct health_referral *in, struct field_errors *e);

/* Refers the participant to a health worker (health_id, referred_on and
 * reason from in). REFUSED_NOT_FOUND when the actor may not write the
 * participant's follow-up; REFUSED_INVALID with the fields; REFUSED_STATE
 * when a referral to that health worker is open. On DONE, in is the stored
 * referral and out->id its id. */
int app_health_referral_create(struct db *db, struct arena *a, const struct actor *actor,
			       int64_t participant_id, struct health_referral *in,
			       struct participant_brief *brief, struct outcome *out);

/* Ends open referral id of the participant today. REFUSED_NOT_FOUND when
 * the actor may not write the participant's follow-up (no message), or
 * the participant has no such open referral (with a message). */
int app_health_referral_end(struct db *db, struct arena *a, const struct actor *actor,
			    int64_t participant_id, int64_t id, struct outcome *out);

/* A page (from 1) of the open referrals to the actor, newest first,
 * per_page 1..500, with each participant's name, who referred and why.
 * Every referral returned is audited as read ("health_referral.read", one
 * entry each) in one transaction before it is returned. REFUSED_FORBIDDEN
 * when the actor's roles read no one through a referral to them. */
int app_health_referred_to_me(struct db *db, struct arena *a, const struct actor *actor, int64_t page,
			      int64_t per_page, struct health_referral_row **items, size_t *n, int64_t *total,
			      struct outcome *out);

#endif
