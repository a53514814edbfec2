/*
 * meeting.h — the commands and queries of the meeting log
 * (domain/meeting.h).
 *
 * Whoever follows a participant up (PART_FOLLOWUP, domain/access.h) reads
 * and logs their meetings; each reading of the log is audited
 * ("meeting.list").
 */
#ifndef SC_APP_MEETING_H
#define SC_APP_MEETING_H

#include "app/app.h"
#include "domain/meeting.h"

struct participant_brief;

/* A page (from 1) of the participant's meetings, newest first, per_page
 * 1..500; brief gets the participant. REFUSED_NOT_FOUND when the actor may
 * not read the participant's follow-up. */
int app_meetings(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		 int64_t page, int64_t per_page, struct participant_brief *brief, struct meeting **items,
		 size_t *n, int64_t *total, struct outcome *out);

/* The rules app_meeting_create() applies beyond each field's own
 * (meeting_check(), on the actor's today and participant p's birth date),
 * for a request some of whose fields could not be read, so that every
 * error is said at once. Adds to e. */
void app_meeting_check(const struct actor *actor, const struct participant_brief *p, const struct meeting *in,
		       struct field_errors *e);

/* Logs a meeting (the fields read from the request in `in`) by the actor.
 * REFUSED_NOT_FOUND when the actor may not write the participant's
 * follow-up; REFUSED_INVALID with the fields. On DONE, in is the stored
 * meeting (id, author, created_at) and out->id its id. */
int app_meeting_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       struct meeting *in, struct participant_brief *brief, struct outcome *out);

#endif
