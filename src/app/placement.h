/*
 * placement.h — the commands and queries of placements (issue 10, section
 * 2; decision 39): propose, save the terms (open while no approval
 * stands, refused while one stands, an amendment once agreed, refused once
 * ended), approve (the centre last; the participant's approval recorded on
 * their behalf with how it was given), withdraw, end early.
 *
 * Every command loads the placement and asks app_participant() for its
 * participant with PART_PLACEMENTS: a placement whose participant the
 * actor may not reach is not found (audited as access.denied). Each change
 * is one transaction with its audit entry; a read is audited through the
 * queue. One active placement per participant holds under concurrency:
 * the centre's approval and an amendment lock the participant's row before
 * they look for another agreed placement in the period, as the caseload
 * cap does (decision 31); a pool agreement's places likewise lock the
 * agreement's row.
 */
#ifndef SC_APP_PLACEMENT_H
#define SC_APP_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "domain/placement.h"
#include "store/store.h"

/* A person who may follow up a placement: an active user of the centre
 * with the liaison's or the contact person's role. */
int app_placement_follow_ups(struct db *db, struct arena *a, const struct actor *actor, struct user **items,
			     size_t *n);

/* Proposes a placement of in->participant_id at in->employer_id (status
 * proposed: no terms yet). REFUSED_INVALID
 * ("participant_id": not a participant the actor may place; "employer_id":
 * not an employer of the centre). DONE: out->id. */
int app_placement_propose(struct db *db, struct arena *a, const struct actor *actor, struct placement *in,
			  struct outcome *out);

/* One placement with its status on the actor's day, and brief its
 * participant (may be NULL). Audited as read. REFUSED_NOT_FOUND. */
int app_placement_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id, struct placement *p,
		      struct participant_brief *brief, struct outcome *out);

/* Reads a placement for a change: REFUSED_NOT_FOUND as app_placement_get(),
 * not audited. */
int app_placement_load(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
		       struct placement *p, struct outcome *out);

/* The rules of the terms beyond each field's own (placement_record_check,
 * the supervisor one of the employer's contacts, the follow-up person one
 * who may be, the pool agreement one covering the employer, the goal one
 * of the participant's), added to e. */
int app_placement_terms_check(struct db *db, struct arena *a, const struct actor *actor, struct placement *in,
			      struct field_errors *e);

/*
 * Saves the terms of in (read over the stored record) on placement id read
 * at version. REFUSED_NOT_FOUND; REFUSED_INVALID (version 0, or the
 * fields); REFUSED_STATE when an approval stands (withdraw it first) or
 * the placement has ended; REFUSED_STALE (out->version); REFUSED_FULL when
 * an amendment's period meets another agreed placement of the participant
 * (naming it). Once agreed a save is an amendment: a new version with its
 * changes in the change log, the approvals standing. DONE: out->version.
 */
int app_placement_save(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t version,
		       struct placement *in, struct outcome *out);

/*
 * Records an approval. REFUSED_NOT_FOUND; REFUSED_INVALID (the fields);
 * REFUSED_STATE (terms missing, already approved, the centre before the
 * others, ended); REFUSED_FULL when the centre's approval would give the
 * participant two agreed placements sharing a day, or the pool agreement
 * has no free place. DONE: out->version.
 */
int app_placement_approve(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			  struct placement_approval *in, struct outcome *out);

/* Withdraws a party's approval (and the centre's with the employer's or
 * the participant's). REFUSED_NOT_FOUND; REFUSED_INVALID; REFUSED_STATE. */
int app_placement_withdraw(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   struct placement_withdrawal *in, struct outcome *out);

/* Ends a placement early. REFUSED_NOT_FOUND; REFUSED_INVALID; REFUSED_STATE. */
int app_placement_end(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		      struct placement_ending *in, struct outcome *out);

/* The approvals recorded on a placement the actor may read. */
int app_placement_approvals(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    struct placement_approval_row **items, size_t *n);

/* The versions of a placement (its change log). */
int app_placement_changes(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			  struct internship_change **items, size_t *n);

/* The participant's placements, each with its status. REFUSED_NOT_FOUND
 * when the actor may not read the participant's placements. */
int app_participant_placements(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			       struct placement_list *list, struct outcome *out);

/* A page of the centre's placements with a status (NULL = any), each with
 * its status; a contact person who is not a liaison or leader sees those
 * of their own participants. */
int app_placements(struct db *db, struct arena *a, const struct actor *actor, const char *status, int64_t limit,
		   int64_t offset, struct placement_list *list);

/* An employer's placements, each with its status. */
int app_employer_placements(struct db *db, struct arena *a, const struct actor *actor, int64_t employer_id,
			    int64_t limit, int64_t offset, struct placement_list *list);

#endif
