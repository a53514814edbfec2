/*
 * store_intake.h — referrals, their history and screenings, the waiting
 * list, programme periods with their extensions and pauses, and the
 * follow-up tasks an exit makes. Included by store.h.
 *
 * The tables are described by the records of domain/intake.h and
 * domain/enrolment.h (store/table.h): rows are written from those records
 * and read back into them by column name. Every function takes the centre
 * and every statement names it: a row of another centre is not found, not
 * listed and not changed. The functions decide nothing and return no user
 * text: the commands (app/intake.c, app/enrolment.c) load the facts here,
 * let the domain decide and write here, all in their own transaction.
 *
 * Concurrency: a change of a referral or a period is written "WHERE id = ..
 * AND version = ..": a writer who read an older version changes nothing and
 * gets SC_ECONFLICT (both engines; on PostgreSQL the updated row stays
 * locked until the transaction ends).
 *
 * Strings in results come from the caller's arena.
 */
#ifndef SC_STORE_INTAKE_H
#define SC_STORE_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/enrolment.h"
#include "domain/intake.h"

struct arena;
struct db;

/* ---- referrals ---- */

/* Writes a new referral of the centre (every column of r but id and
 * version; version 1, created now by by); *id gets its id. */
int store_referral_add(struct db *db, int64_t centre, const struct referral *r, int64_t by, int64_t now,
		       int64_t *id);

/* The referral with its participant's names and facts
 * (referral_person_fields). SC_ENOTFOUND when missing or of another
 * centre. */
int store_referral_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct referral *out);

/* Writes r's columns over referral r->id of the centre when its version is
 * still expected_version (the version goes up by one): SC_ECONFLICT when
 * it is not, SC_ENOTFOUND when there is no such referral. */
int store_referral_update(struct db *db, int64_t centre, const struct referral *r, int64_t expected_version,
			  int64_t now);

/* Every referral of a participant, newest referral date first (at most 100). */
int store_referral_list_participant(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				    struct referral **items, size_t *n);

/*
 * A page of the centre's referrals: in one state (enum referral_state) in
 * waiting-list order (priority, referral date, id), or with state -1 all
 * of them, newest first. *total counts the matching rows. limit 1..1000
 * (else 50).
 */
int store_referral_list(struct db *db, struct arena *a, int64_t centre, int state, int64_t limit,
			int64_t offset, struct referral **items, size_t *n, int64_t *total);

/* *open: the participant has a referral that is not final. */
int store_referral_open(struct db *db, int64_t centre, int64_t participant_id, bool *open);

/* Writes one state change (ev's referral_id, at, on_date, user_id,
 * from_state, to_state, note). */
int store_referral_event_add(struct db *db, int64_t centre, const struct referral_event *ev);

/* Every event of a referral, oldest first, with the user's name. */
int store_referral_events(struct db *db, struct arena *a, int64_t centre, int64_t referral_id,
			  struct referral_event **items, size_t *n);

/* The centre's latest state changes (creations and priority changes left
 * out), newest first, with the participant; at most limit (1..200, else 20). */
int store_referral_recent(struct db *db, struct arena *a, int64_t centre, int64_t limit,
			  struct referral_event **items, size_t *n);

/* Writes the n rules of one screening. */
int store_screening_add(struct db *db, int64_t centre, const struct screening_row *rows, size_t n);

/* The rules of the latest screening of a referral, in rule order, with the
 * screener's name; *n is 0 when it was never screened. */
int store_screening_latest(struct db *db, struct arena *a, int64_t centre, int64_t referral_id,
			   struct screening_row **items, size_t *n);

/* ---- the waiting list ---- */

/* The centre's capacity, as the waiting list computes it. */
struct waitlist_capacity {
	int64_t contact_persons;   /* active users with the contact role in the centre */
	int64_t places;            /* the sum of their caps (18 when not set) */
	int64_t active;            /* participants with status active or paused */
	int64_t free_places;       /* places - active, never below 0 */
	int64_t exits_90d;         /* active and paused periods with a planned end
				    * on or before today + 90 days (overdue ones
				    * included: they are expected to leave) */
	int64_t waiting;           /* referrals waiting or offered */
};

int store_waitlist_capacity(struct db *db, int64_t centre, struct date today, struct waitlist_capacity *out);

/* A page of the centre's waiting list: referrals waiting or offered in
 * waitlist_compare() order (priority, referral date, id), without place
 * and wait (waitlist_page_fill()). limit 1..100000 (else 50). */
int store_waitlist(struct db *db, struct arena *a, int64_t centre, int64_t limit, int64_t offset,
		   struct waitlist_row **items, size_t *n);

/* The first `need` planned ends of the centre's active and paused periods,
 * in date order: read one status at a time from the index on (centre,
 * status, planned end) and merged, never the whole table. */
int store_waitlist_exits(struct db *db, struct arena *a, int64_t centre, int64_t need, struct date **exits,
			 size_t *n);

/* ---- programme periods ---- */

/* Writes a new period of the centre (e's participant_id, referral_id,
 * dates, status ...; version 1, created now by by); *id gets its id. */
int store_enrolment_add(struct db *db, int64_t centre, const struct enrolment *e, int64_t by, int64_t now,
			int64_t *id);

/* SC_ENOTFOUND when missing or of another centre. */
int store_enrolment_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct enrolment *out);

/* Writes e's columns over period e->id as store_referral_update() does. */
int store_enrolment_update(struct db *db, int64_t centre, const struct enrolment *e, int64_t expected_version,
			   int64_t now);

/* The participant's active or paused period: *id 0 when none. */
int store_enrolment_current(struct db *db, int64_t centre, int64_t participant_id, int64_t *id);

/* *before: the participant has had a programme period. */
int store_enrolled_before(struct db *db, int64_t centre, int64_t participant_id, bool *before);

/* Every period of a participant, latest start first (at most 50). */
int store_enrolment_list(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			 struct enrolment **items, size_t *n);

/* Writes an extension (x's enrolment_id, old_end, new_end, reason, at, user_id). */
int store_enrolment_extension_add(struct db *db, int64_t centre, const struct enrolment_extension *x);

/* A period's extensions, oldest first, with the user's name. */
int store_enrolment_extensions(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
			       struct enrolment_extension **items, size_t *n);

/* Writes a pause (p's enrolment_id, from_date, to_date, reason, at, user_id). */
int store_enrolment_pause_add(struct db *db, int64_t centre, const struct enrolment_pause *p);

/* Writes p's columns over pause p->id (its end, when it is resumed). */
int store_enrolment_pause_update(struct db *db, int64_t centre, const struct enrolment_pause *p);

/* The latest pause of a period (the last to start; pauses do not overlap,
 * so only it may be open, though one recorded after the fact or changed
 * may have been written after it): SC_ENOTFOUND when it has none. */
int store_enrolment_pause_latest(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
				 struct enrolment_pause *out);

/* Resumes the centre's paused periods whose pauses have all ended by today
 * (their end, the day the period resumes, on or before it), and their
 * participants; a period paused without a pause row stays paused. In the
 * caller's transaction. */
int store_enrolment_pauses_ended(struct db *db, int64_t centre, struct date today, int64_t now);

/* A period's pauses, oldest first, with the user's name. */
int store_enrolment_pauses(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
			   struct enrolment_pause **items, size_t *n);

/* Writes a follow-up task (t's participant_id, enrolment_id, kind, due_on,
 * assignee_id); *id gets its id. */
int store_enrolment_task_add(struct db *db, int64_t centre, const struct followup_task *t, int64_t *id);

/* The follow-up tasks of a period, in due order. */
int store_enrolment_tasks(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
			  struct followup_task **items, size_t *n);

#endif
