/*
 * meeting.h — the commands and queries of the meeting log
 * (domain/meeting.h).
 *
 * Whoever follows a participant up (PART_FOLLOWUP, domain/access.h) reads
 * and logs their meetings, and edits and removes them: whoever may log a
 * meeting for the participant may correct one, after the exit too while
 * they write the follow-up. Each reading of the log is audited
 * ("meeting.list"), each of one meeting ("meeting.read"); an edit
 * ("meeting.update") keeps what it changed in the meeting's change log, a
 * removal ("meeting.remove") its reason and what the meeting held.
 */
#ifndef SC_APP_MEETING_H
#define SC_APP_MEETING_H

#include "app/app.h"
#include "domain/meeting.h"
#include "store/store_meeting.h"

struct participant_brief;

/* A page (from 1) of the participant's meetings, newest first, per_page
 * 1..500; brief gets the participant; removed (may be NULL) the meetings
 * removed from the log, latest first, with why (not what they said).
 * REFUSED_NOT_FOUND when the actor may not read the participant's
 * follow-up. */
int app_meetings(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		 int64_t page, int64_t per_page, struct participant_brief *brief, struct meeting **items,
		 size_t *n, int64_t *total, struct meeting_removed **removed, size_t *nremoved,
		 struct outcome *out);

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

/*
 * Meeting id of the participant: *m, and (changes not NULL) its change log
 * in *changes (arena), oldest first. act: ACT_READ to show it (audited
 * "meeting.read"), ACT_WRITE to start an edit from it (not audited: the
 * edit is). REFUSED_NOT_FOUND when the actor may not act so on the
 * participant's follow-up, or the meeting is not this participant's.
 */
int app_meeting(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t id,
		enum action act, struct participant_brief *brief, struct meeting *m,
		struct meeting_change **changes, size_t *nchanges, struct outcome *out);

/*
 * Saves in (the stored meeting with the request's fields over it) over
 * meeting id of the participant, edited from version (0 when the request
 * named none). The rules are app_meeting_create()'s. REFUSED_NOT_FOUND as
 * app_meeting(ACT_WRITE); REFUSED_INVALID with the fields ("version" when
 * none was named); REFUSED_STALE when the saved version is not version
 * (out->version the saved one; nothing written). DONE: out->version the
 * version now, unchanged when nothing differed (then nothing is written);
 * else the change log has the fields changed, old and new, and the entry
 * "meeting.update".
 */
int app_meeting_update(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       int64_t id, int64_t version, struct meeting *in, struct participant_brief *brief,
		       struct outcome *out);

/*
 * Removes meeting id of the participant, read at version, for the reason
 * in in: it leaves the log (and Today, the caseloads, the reports); its
 * change log keeps the reason and what it held. REFUSED_NOT_FOUND as
 * app_meeting(ACT_WRITE) (and for a meeting removed already);
 * REFUSED_INVALID (the reason; "version" when none was named);
 * REFUSED_STALE when the saved version is not version (out->version).
 * DONE: out->id, audited "meeting.remove".
 */
int app_meeting_remove(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		       int64_t id, int64_t version, const struct meeting_removal *in, struct participant_brief *brief,
		       struct outcome *out);

#endif
