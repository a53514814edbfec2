/*
 * store_caseload.h — contact persons' caseloads: who holds whom, caps,
 * the assignment history, the overview's figures, one caseload's list, and
 * saved filters. The records are domain/caseload.h's. Included by store.h.
 *
 * A contact person is an active user with the contact role in the centre
 * (store/staff.h). Their caseload is the participants of the centre whose
 * participants.contact_id is them; the ones that count against the cap are
 * those with status active or paused. Every assignment is kept in the
 * assignments table (from_at .. to_at, by whom, why). A user "of the
 * centre" is a member of it, or holds a participant of it (a former
 * contact person whose participants still need reassigning); any other
 * user is not found.
 *
 * Every function takes the centre and every statement names it. Functions
 * that change something run inside the caller's write transaction
 * (app_begin / store_tx_begin); they never begin or commit one. Nothing
 * here decides: the command (app/caseload.c) loads the facts with the
 * locks, asks the domain (the cap rule is domain/caseload.c's) and writes.
 *
 * The cap holds under concurrency because every change that can add to a
 * caseload first locks the contact person's users row with
 * store_caseload_lock_contact(): on SQLite the write transaction (BEGIN
 * IMMEDIATE) already serialises writers; on PostgreSQL (READ COMMITTED)
 * SELECT ... FOR UPDATE makes the second writer wait until the first
 * commits, and its count, taken after the lock, then sees the first one's
 * participant. Locks are taken in the order contact person, then
 * participants in ascending id.
 */
#ifndef SC_STORE_CASELOAD_H
#define SC_STORE_CASELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/caseload.h"

struct arena;
struct db;

/* ---- the facts of a change ---- */

/* A contact person's row, locked. */
struct contact_lock {
	const char *name;      /* display name (arena) */
	bool has_role;         /* holds the contact role in the centre */
	bool assignable;       /* and is an active user */
	int cap;               /* the cap in force (own, or CASELOAD_DEFAULT_CAP) */
};

/* Locks user_id's row (FOR UPDATE on PostgreSQL) and reads what a change
 * of their caseload needs. SC_ENOTFOUND when there is no such user of the
 * centre. */
int store_caseload_lock_contact(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
				struct contact_lock *out);

/* Locks a participant of the centre: *contact_id (0 = none) and *counts
 * (active or paused: counts against a cap). SC_ENOTFOUND when there is no
 * such participant in the centre. */
int store_caseload_lock_participant(struct db *db, int64_t centre, int64_t participant_id,
				    int64_t *contact_id, bool *counts);

/* The active and paused participants of contact_id in the centre, not
 * counting exclude_id (0 = none). */
int store_caseload_count_active(struct db *db, int64_t centre, int64_t contact_id, int64_t exclude_id,
				int64_t *out);

/* Makes contact_id the participant's contact person: closes the open
 * assignment at now, opens a new one (by 0 = the system; reason NULL or
 * "" = none) and sets participants.contact_id. SC_ENOTFOUND when the
 * participant is not of the centre. */
int store_caseload_move(struct db *db, int64_t centre, int64_t participant_id, int64_t contact_id,
			int64_t by, const char *reason, int64_t now);

/* Sets a user's own cap (the person's, applied to their caseload in each
 * centre they work in: decision 31). SC_ENOTFOUND when the user is not of
 * the centre. */
int store_caseload_set_cap(struct db *db, int64_t centre, int64_t user_id, int cap, int64_t now);

/* ---- what the pages show ---- */

/*
 * A page of the overview: the centre's assignable contact persons, and any
 * other user still holding active or paused participants of it, ordered by
 * name, each with the figures of struct caseload_person for q (today and
 * contact_since). *total counts all such persons. Read from kept facts
 * (migration 40): the persons and their counts from caseload_people, the
 * overdue items and those without contact from Today's kept lines; *total
 * from caseload_centres.
 */
int store_caseload_overview(struct db *db, struct arena *a, int64_t centre, const struct caseload_query *q,
			    int64_t limit, int64_t offset, struct caseload_person **items, size_t *n,
			    int64_t *total);

/* The same figures for one user of the centre. SC_ENOTFOUND when the user
 * is not of the centre. */
int store_caseload_person(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
			  const struct caseload_query *q, struct caseload_person *out);

/* The display name of a user of the centre (arena). SC_ENOTFOUND when
 * there is none. */
int store_caseload_user_name(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
			     const char **name);

/* The centre's totals, kept in caseload_centres (migration 40): one row. */
int store_caseload_capacity(struct db *db, int64_t centre, struct caseload_totals *out);

/* The overview's and the waiting list's kept tables (caseload_people,
 * caseload_centres, planned_exits; waiting_list, migration 86) against
 * their views from scratch (*_source), as
 * store_report_facts_verify(): *missing rows of the views not kept, *extra
 * rows kept not in the views (0 and 0: exact). */
int store_caseload_overview_verify(struct db *db, int64_t centre, int64_t *missing, int64_t *extra);

/* The centre's assignable contact persons whose display name contains
 * name_contains (ASCII case-insensitive; NULL or "" = everyone), by name,
 * at most limit (1..1000, else 50) of them, each with cap and active
 * count. *total counts every match, so a caller can offer a search when
 * there are too many to list. */
int store_caseload_choices(struct db *db, struct arena *a, int64_t centre, const char *name_contains,
			   int64_t limit, struct contact_choice **items, size_t *n, int64_t *total);

/*
 * A page of contact_id's caseload in the centre (participants not exited
 * or closed), ordered by name, narrowed by q->filters. *total counts the
 * matching rows. limit is clamped to 1..10000 (else 50).
 */
int store_caseload_list(struct db *db, struct arena *a, int64_t centre, int64_t contact_id,
			const struct caseload_query *q, int64_t limit, int64_t offset,
			struct caseload_row **items, size_t *n, int64_t *total);

/* Every assignment of a participant of the centre, newest first (at most
 * 500). */
int store_assignment_history(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			     struct assignment **items, size_t *n);

/* A page of the assignments a contact person has had in the centre,
 * newest first; *total counts them all. */
int store_assignment_history_contact(struct db *db, struct arena *a, int64_t centre, int64_t contact_id,
				     int64_t limit, int64_t offset, struct assignment **items, size_t *n,
				     int64_t *total);

/* ---- saved filters: a user's own settings, not a centre's records ---- */

/* The user's saved filters, by name (at most SAVED_FILTERS_MAX). */
int store_filter_list(struct db *db, struct arena *a, int64_t user_id, struct saved_filter **items,
		      size_t *n);
/* Saves a filter. SC_ECONFLICT when the user has one by that name;
 * SC_ELIMIT when they have SAVED_FILTERS_MAX already. */
int store_filter_save(struct db *db, int64_t user_id, const char *name, const char *query, int64_t now,
		      int64_t *id);
/* Deletes one of the user's own filters; SC_ENOTFOUND when the filter is
 * not theirs or does not exist. */
int store_filter_delete(struct db *db, int64_t user_id, int64_t filter_id);

/* ---- for areas not yet in the declared shape ---- */

/*
 * TRANSITIONAL, for the intake area's store functions until their commands
 * call the pieces above: the whole assignment in one call, inside the
 * caller's transaction, in the participant's own centre. Locks the contact
 * person, then the participant; checks the cap whatever the participant's
 * status with the participant left out of the count (so it holds before
 * and after their status becomes active, and for the contact person they
 * already have, where nothing is written but SC_ELIMIT still says the
 * caseload has no room). Returns 0; SC_ELIMIT (full), SC_EINVAL (not an
 * active contact person of the centre), SC_ENOTFOUND (no such
 * participant), with *refusal (may be NULL) a static English msgid.
 */
int store_assign_contact(struct db *db, int64_t participant_id, int64_t contact_id, int64_t by,
			 const char *reason, int64_t now, const char **refusal);

#endif
