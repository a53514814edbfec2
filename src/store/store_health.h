/*
 * store_health.h — health notes and referrals to a health worker (tables
 * health_notes and health_referrals, described by domain/health.h's
 * fields). Included by store.h.
 *
 * Health notes have their own functions and are part of no other read of
 * the store: whoever shows one audits it (app/health.c). Every function
 * works within a centre: a record of another centre is not there.
 */
#ifndef SC_STORE_HEALTH_H
#define SC_STORE_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#include "domain/health.h"

struct arena;
struct db;

/* Writes a note of the centre (participant_id, written_on, body,
 * author_id and created_at from n); *id gets its id. */
int store_health_note_add(struct db *db, int64_t centre, const struct health_note *n, int64_t *id);

/* A page of a participant's notes in the centre, newest first (written_on,
 * then id), with each author's name; *total counts them all. author_id > 0
 * keeps only the notes that user wrote (0: every author's). limit is
 * clamped to 1..500 (else 50). */
int store_health_notes(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		       int64_t author_id, int64_t limit, int64_t offset, struct health_note **items, size_t *n,
		       int64_t *total);

/* Refers a participant of the centre to a health worker (participant_id,
 * health_id, referred_on, reason, created_at and created_by from h; the
 * caller checked that health_id is one). SC_ECONFLICT when a referral of
 * the participant to that health worker is open. *id (may be NULL) gets
 * its id. */
int store_health_referral_add(struct db *db, int64_t centre, const struct health_referral *h,
			      int64_t *id);

/* Ends open referral id of the participant in the centre on the date, by
 * user `by` (0: the system): the health worker no longer sees the
 * participant through it. SC_ENOTFOUND when the participant has no such
 * open referral in the centre. */
int store_health_referral_end(struct db *db, int64_t centre, int64_t participant_id, int64_t id,
			      struct date on, int64_t by);

/* The participant's referrals in the centre, open first, then newest (at
 * most 100), with the health workers' names. */
int store_health_referrals(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			   struct health_referral **items, size_t *n);

/* A page of the open referrals to health worker health_id in the centre,
 * newest first (referred_on, then id), with each participant's name and
 * the name of who referred them; *total counts them all. limit is clamped
 * to 1..500 (else 50). */
int store_health_referrals_to(struct db *db, struct arena *a, int64_t centre, int64_t health_id,
			      int64_t limit, int64_t offset, struct health_referral_row **items, size_t *n,
			      int64_t *total);

#endif
