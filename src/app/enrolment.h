/*
 * enrolment.h — the commands and queries of programme periods
 * (domain/enrolment.h): a period started without a referral (for people
 * already in the programme when a centre moves in), extended, paused,
 * resumed and ended with an exit, which makes the 6- and 12-month
 * follow-up tasks and sets how long the contact person keeps the
 * participant (participants.contact_until, access_contact_until()).
 *
 * A period is the participant's (PART_PERIOD): found within the actor's
 * centre and reached through app_participant(). Each change runs in one
 * transaction: the period as it is now (REFUSED_STATE when its status does
 * not allow the change, REFUSED_STALE when its version is not
 * expected_version; 0 takes the version found), the domain's rules
 * (REFUSED_INVALID), the writes, and the audit entry
 * "enrolment.<change>".
 */
#ifndef SC_APP_ENROLMENT_H
#define SC_APP_ENROLMENT_H

#include "app/app.h"
#include "domain/enrolment.h"
#include "store/store.h"

/* A period with its history. */
struct enrolment_record {
	struct enrolment period;
	struct enrolment_extension *extensions;  /* oldest first */
	size_t nextensions;
	struct enrolment_pause *pauses;          /* oldest first */
	size_t npauses;
	struct followup_task *followups;         /* the tasks its exit made, in due order */
	size_t nfollowups;
};

/* ---- queries ---- */

/* Every period of a participant (latest start first, at most 50) with its
 * history, audited as "enrolment.read". REFUSED_NOT_FOUND when the actor
 * may not read the participant's periods. */
int app_participant_enrolments(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			       struct participant_brief *person, struct enrolment_record **items, size_t *n,
			       struct outcome *out);

/* One period with its history (the answer to a change; not audited). */
int app_enrolment(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		  struct enrolment_record *rec, struct outcome *out);

/* The participant's current period (active or paused), for a change the
 * API names by participant: *id its id. REFUSED_NOT_FOUND when the actor
 * may not write the participant's periods; REFUSED_STATE when there is
 * none. */
int app_enrolment_current(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  int64_t *id, struct outcome *out);

/* The period and the actor's access (act) to its participant's periods,
 * nothing more (as app_referral_find()). */
int app_enrolment_find(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
		       struct enrolment *e, struct outcome *out);

/* ---- commands ---- */

/* A period without a referral (the contact person when in->contact_id is
 * not 0, any start from 1900 on). REFUSED_STATE when the participant is in
 * a period already or has an open referral (enrolment_start_refusal());
 * REFUSED_INVALID / REFUSED_FULL with contact_id as on acceptance. On DONE
 * out->id is the new period. */
int app_enrolment_start(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			struct enrolment_start *in, struct outcome *out);

/* The changes of a period. period (may be NULL) gets the period as it is
 * after the change, or as it was found when refused; out->id is its id.
 * An exit makes ENROLMENT_NFOLLOWUPS follow-up tasks for the participant's
 * contact person, task_ids (may be NULL) gets their ids; in the same
 * transaction it frees their places in groups from the exit date and takes
 * them off waiting lists (enrolment_exit_place()), and ends early, on the
 * exit date, their placements that have not ended (the exit's reason as
 * the note), each audited as "group_enrolment.end", ".remove" or
 * "placement.end". An exit dated before the first day of a placement
 * whose result is recorded is REFUSED_STATE, its message (naming the
 * employer and that day) also under "date"; one dated before the first
 * day of a placement followed up since that day is REFUSED_INVALID under
 * "date". A pause recorded, a period resumed, and an exit that
 * ends an open pause apply the self-certification rule again to the sick
 * days around the days they change, in the same transaction
 * (app_self_cert_after_pause()). */
/* The reason (a msgid) of the correction a pause records: a pause
 * recorded, or a period resumed, on days of a month whose benefits are
 * approved or whose run waits for approval changes that month's programme
 * days, so it is recorded as a correction of the month as a register's
 * change is (decision 168; no session, the month's first day it changed),
 * listed for the finance officer; the next run recomputes the month. */
extern const char pause_correction_reason[];

int app_enrolment_extend(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 int64_t expected_version, struct enrolment_extension *in, struct enrolment *period,
			 struct outcome *out);
int app_enrolment_pause(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			int64_t expected_version, const struct enrolment_pause_input *in, struct enrolment *period,
			struct outcome *out);
int app_enrolment_resume(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 int64_t expected_version, const struct enrolment_resume *in, struct enrolment *period,
			 struct outcome *out);
/*
 * Changes the days of pause pause_id of period id (a day typed wrong): its
 * first day and the day the period resumes (in->to, none: until resumed),
 * as the pause's form asks (enrolment_pause_change_check(); in->reason is
 * not read). REFUSED_NOT_FOUND when the period has no such pause;
 * REFUSED_STALE on the period's version; REFUSED_INVALID under "from" or
 * "to" (overlapping another of its pauses: under "from"). In one
 * transaction the period is paused or active as a pause then covers today
 * (an exited one stays so), and over the days whose pausing changes (both
 * ends, old and new) what a pause recorded or ended does: the corrections
 * of months run already (pause_correction_reason), the registers' counts,
 * and the self-certification rule applied again around them
 * (app_self_cert_after_pause()); audited "enrolment.pause_change".
 */
int app_enrolment_pause_change(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			       int64_t pause_id, int64_t expected_version, const struct enrolment_pause_input *in,
			       struct enrolment *period, struct outcome *out);
int app_enrolment_exit(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       int64_t expected_version, const struct enrolment_exit *in, int64_t *task_ids,
		       struct enrolment *period, struct outcome *out);

/* Ends participant_id's places in groups as an exit today would, in the
 * caller's transaction: a place running today ends yesterday (or on its
 * last mark), reason the end's reason; one not begun, and every place on
 * a waiting list, is given up; each audited "group_enrolment.end" or
 * ".remove" as the exit's are. For one who has left the programme other
 * than by an exit (a referral closed after an earlier period,
 * app/intake.c), since a place is not for someone who has left
 * (group_place_refusal()). */
int app_enrolment_left_places(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			      const char *reason);

/*
 * INTERNAL to src/app/: inside the caller's transaction, a period of the
 * participant begins: the contact person assigned (when in->contact_id is
 * not 0: store_assign_contact() locks their row first and keeps the cap),
 * the period written (from in's checked dates), the participant active.
 * REFUSED_INVALID or REFUSED_FULL with an error under contact_id when the
 * contact person cannot take them; *id gets the period's id.
 */
int app_period_begin(struct db *db, const struct actor *actor, int64_t participant_id, int64_t referral_id,
		     const struct enrolment_start *in, int64_t *id, struct outcome *out);

#endif
