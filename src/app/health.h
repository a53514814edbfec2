/*
 * health.h — the commands and queries of health notes (domain/health.h).
 *
 * Only the health workers a participant is referred to reach a note
 * (PART_HEALTH, domain/access.h). Every note a query returns has been
 * audited as read ("health_note.read", one entry each) in one transaction
 * before it is returned: nothing is shown that is not in the audit log.
 */
#ifndef SC_APP_HEALTH_H
#define SC_APP_HEALTH_H

#include "app/app.h"
#include "domain/health.h"

struct participant_brief;

/* A page (from 1) of the participant's notes, newest first, per_page
 * 1..500; brief gets the participant. REFUSED_NOT_FOUND when the actor may
 * not read the participant's health notes. */
int app_health_notes(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		     int64_t page, int64_t per_page, struct participant_brief *brief,
		     struct health_note **items, size_t *n, int64_t *total, struct outcome *out);

/* Writes a note (written_on and body from in) by the actor.
 * REFUSED_NOT_FOUND when the actor may not write the participant's health
 * notes; REFUSED_INVALID with the fields. On DONE, in is the stored note
 * (id, author, created_at) and out->id its id. */
int app_health_note_create(struct db *db, struct arena *a, const struct actor *actor,
			   int64_t participant_id, struct health_note *in, struct participant_brief *brief,
			   struct outcome *out);

#endif
