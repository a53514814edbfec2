/*
 * store_meeting.h — the meeting log (table meetings, described by
 * domain/meeting.h's fields). Included by store.h.
 *
 * Every function works within a centre: a participant or meeting of another
 * centre is not there.
 */
#ifndef SC_STORE_MEETING_H
#define SC_STORE_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "domain/meeting.h"

struct arena;
struct db;

/* Logs a meeting of the centre (every field of m but id and author_name;
 * the caller checked access to the participant). *id (may be NULL) gets
 * its id. */
int store_meeting_add(struct db *db, int64_t centre, const struct meeting *m, int64_t *id);

/* A page of a participant's meetings in the centre, newest first (held_on,
 * then id), with each author's name; *total counts them all. limit is
 * clamped to 1..500 (else 50). items[0] of the first page is the latest
 * meeting, whose next_meeting is the one planned. */
int store_meetings(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		   int64_t limit, int64_t offset, struct meeting **items, size_t *n, int64_t *total);

#endif
