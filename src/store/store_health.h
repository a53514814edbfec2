/*
 * store_health.h — health notes (table health_notes, described by
 * domain/health.h's fields). Included by store.h.
 *
 * Health notes have their own functions and are part of no other read of
 * the store: whoever shows one audits it (app/health.c).
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
 * then id), with each author's name; *total counts them all. limit is
 * clamped to 1..500 (else 50). */
int store_health_notes(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		       int64_t limit, int64_t offset, struct health_note **items, size_t *n,
		       int64_t *total);

#endif
