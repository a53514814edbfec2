/*
 * store_caseload.h — contact persons' caseloads: caps, assignment history,
 * overview. Included by store.h.
 *
 * A contact person is a user with the contact role. Their caseload is the
 * participants whose participants.contact_id is them; the ones that count
 * against the cap are those with status active or paused. Every assignment
 * is kept in the assignments table (from_at .. to_at, by whom, why).
 *
 * Functions that change something run inside the caller's write
 * transaction (store_tx_begin) so the caller can add its audit entry to the
 * same transaction; they never begin or commit one themselves.
 *
 * Dates are 'YYYY-MM-DD' text and moments Unix seconds, passed in by the
 * caller ("today", "now") so one SQL text serves both engines.
 */
#ifndef SC_STORE_CASELOAD_H
#define SC_STORE_CASELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* The most participants one bulk reassignment may move. */
#define CASELOAD_BULK_MAX 500
/* The most saved filters one user may keep. */
#define SAVED_FILTERS_MAX 50
/* Bytes of a saved filter's name and query. */
#define SAVED_FILTER_NAME_MAX 100
#define SAVED_FILTER_QUERY_MAX 500

/*
 * Makes contact_id the participant's contact person, inside the caller's
 * write transaction (store_tx_begin). Locks the contact person's row
 * (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already
 * serialises writers), counts their active and paused participants and asks
 * the domain (caseload_can_assign) whether one more fits their cap (18
 * unless set per person). Closes the previous assignment, opens a new one in
 * the history and sets participants.contact_id.
 *
 * Returns 0; SC_ELIMIT when the caseload is full, SC_EINVAL when contact_id
 * is not an active user with the contact role, SC_ENOTFOUND when there is no
 * such participant — with *refusal (may be NULL) set to a static English
 * msgid saying why. Assigning the current contact person again is a no-op.
 *
 * The cap is checked whatever the participant's status (a participant on the
 * waiting list may be given a contact person, and counts once active), with
 * the participant left out of the count — also when the contact person is
 * already theirs, where nothing is written but SC_ELIMIT still says the
 * caseload has no room for them. So calling this again when a participant
 * assigned while waiting becomes active (before or after the status
 * change, in the same transaction) keeps the cap. by
 * is the user making the change (0 = the system); reason may be NULL.
 * Locks are taken in the order contact person, then participant.
 */
int store_assign_contact(struct db *db, int64_t participant_id, int64_t contact_id,
			 int64_t by, const char *reason, int64_t now, const char **refusal);

/* Why a bulk reassignment was refused (filled by store_assign_bulk). */
struct bulk_refusal {
	const char *reason;        /* static English msgid */
	int64_t participant_id;    /* SC_ENOTFOUND: the id that does not exist */
	int room;                  /* SC_ELIMIT: free places the contact person has */
	int chosen;                /* SC_ELIMIT: chosen participants that would count
				    * against the cap (active or paused, not already
				    * with this contact person) */
};

/*
 * Moves every participant in ids (n of them, 1..CASELOAD_BULK_MAX, no
 * duplicates needed: repeats are ignored) to contact_id, inside the caller's
 * write transaction: all of them or none. Refuses the whole list when the
 * ones that count would pass the cap (SC_ELIMIT with room and chosen set).
 * Returns 0 with *moved (may be NULL) set to the number whose contact person
 * changed and moved_ids (may be NULL; room for n) filled with their ids in
 * ascending order; SC_EINVAL for an empty or too long list or a contact_id that is
 * not an active contact person; SC_ENOTFOUND for an unknown participant.
 * On failure nothing has been written (the caller rolls back anyway) and
 * *why (may be NULL) says why.
 */
int store_assign_bulk(struct db *db, const int64_t *ids, size_t n, int64_t contact_id,
		      int64_t by, const char *reason, int64_t now, int64_t *moved,
		      int64_t *moved_ids, struct bulk_refusal *why);

/*
 * Sets a contact person's cap inside the caller's write transaction, after
 * locking their row and counting their active participants. Returns 0;
 * SC_EINVAL when cap is out of range or user_id has not the contact role;
 * SC_ELIMIT when cap is below their active count (*active says how many);
 * SC_ENOTFOUND when there is no such user. *refusal (may be NULL) gets a
 * static English msgid on failure; *active (may be NULL) the count.
 */
int store_caseload_set_cap(struct db *db, int64_t user_id, int cap, int64_t now,
			   int64_t *active, const char **refusal);

/* A contact person with the figures the leader's overview shows. */
struct caseload_person {
	int64_t id;
	char *name;            /* display name */
	bool assignable;       /* an active user with the contact role: may be
				* given participants (a former contact person
				* still holding participants is listed but not) */
	bool own_cap;          /* the cap is set for this person */
	int cap;               /* the cap in force (own, or CASELOAD_DEFAULT_CAP) */
	int64_t active;        /* active and paused participants */
	int64_t free_places;   /* cap - active, never below 0; 0 when not assignable */
	int64_t overdue;       /* what is overdue for them (followup_overdue, the
				* rule the Today page uses): the steps,
				* evaluations and passed planned meetings of
				* their caseload, and their follow-up tasks */
	int64_t no_contact;    /* active and paused participants whose last meeting
				* (or, never met, whose enrolment start) is before
				* contact_since */
};

/* Centre-wide capacity: what the overview's total line and the waiting
 * list's expected wait use: contact persons × caps − active participants. */
struct caseload_totals {
	int64_t persons;       /* assignable contact persons */
	int64_t capacity;      /* the sum of their caps */
	int64_t active;        /* active and paused participants */
	int64_t free_places;   /* capacity - active, never below 0 */
};

/*
 * A page of the overview: assignable contact persons, and any other user
 * still holding active participants, ordered by name. today and
 * contact_since are 'YYYY-MM-DD'. *total counts all such persons. One
 * statement; each person's figures come from index lookups.
 */
int store_caseload_overview(struct db *db, struct arena *a, const char *today,
			    const char *contact_since, int64_t limit, int64_t offset,
			    struct caseload_person **items, size_t *n, int64_t *total);

/* The same figures for one user (any user: a caseload may belong to someone
 * no longer active). SC_ENOTFOUND when there is no such user. */
int store_caseload_person(struct db *db, struct arena *a, int64_t user_id, const char *today,
			  const char *contact_since, struct caseload_person *out);

/* The centre's totals: two statements (the caps from users, the active
 * participants from the participants_status index), no per-person pass. */
int store_caseload_capacity(struct db *db, struct caseload_totals *out);

/* A contact person that may be chosen in an assign form. */
struct contact_choice {
	int64_t id;
	char *name;
	int cap;
	int64_t active;
};

/* Assignable contact persons whose display name contains name_contains
 * (ASCII case-insensitive; NULL or "" = everyone), by name, at most limit
 * (1..1000) of them, each with cap and active count. *total counts every
 * match, so a caller can offer a search when there are too many to list. */
int store_caseload_choices(struct db *db, struct arena *a, const char *name_contains,
			   int64_t limit, struct contact_choice **items, size_t *n,
			   int64_t *total);

/* ---- one contact person's caseload ---- */

/* Filter bits; a list with any set shows the participants matching any of
 * them (each is a reason to look at someone). */
#define CF_NO_CONTACT    0x1u   /* no meeting since contact_since */
#define CF_EVAL_DUE      0x2u   /* an evaluation not done, due by due_by */
#define CF_GOALS_OVERDUE 0x4u   /* a goal past its target date, or a step past due */
#define CF_NEW           0x8u   /* assigned to this person since new_since */

struct caseload_query {
	const char *today;          /* YYYY-MM-DD */
	const char *contact_since;  /* YYYY-MM-DD: see CF_NO_CONTACT */
	const char *due_by;         /* YYYY-MM-DD: see CF_EVAL_DUE */
	int64_t new_since;          /* Unix seconds: see CF_NEW */
	unsigned filters;           /* CF_* bits; 0 = everyone */
};

/* One participant of a caseload. */
struct caseload_row {
	int64_t id;
	char *given_name;
	char *family_name;
	char *status;          /* registered ... paused: exited and closed are not
				* part of a caseload */
	char *last_contact;    /* held_on of the latest meeting; NULL = never */
	char *next_meeting;    /* next_meeting of the latest meeting; NULL = none */
	int64_t overdue;       /* followup_overdue: steps of open goals,
				* evaluations, a passed planned meeting, and the
				* participant's follow-up tasks assigned to the
				* contact person */
	int64_t assigned_at;   /* when the open assignment began; 0 = unknown */
	unsigned flags;        /* the CF_* conditions this participant meets */
};

/*
 * A page of contact_id's caseload (participants not exited or closed),
 * ordered by name, narrowed by q->filters. *total counts the matching rows.
 */
int store_caseload_list(struct db *db, struct arena *a, int64_t contact_id,
			const struct caseload_query *q, int64_t limit, int64_t offset,
			struct caseload_row **items, size_t *n, int64_t *total);

/* ---- assignment history ---- */

struct assignment {
	int64_t id;
	int64_t participant_id;
	char *given_name;          /* the participant's */
	char *family_name;
	int64_t contact_id;
	char *contact_name;
	int64_t from_at;
	int64_t to_at;             /* 0 = current */
	int64_t assigned_by;       /* 0 = the system */
	char *assigned_by_name;    /* NULL when assigned_by is 0 */
	char *reason;
};

/* Every assignment of a participant, newest first. */
int store_assignment_history(struct db *db, struct arena *a, int64_t participant_id,
			     struct assignment **items, size_t *n);

/* A page of the assignments a contact person has had, newest first;
 * *total counts them all. */
int store_assignment_history_contact(struct db *db, struct arena *a, int64_t contact_id,
				     int64_t limit, int64_t offset, struct assignment **items,
				     size_t *n, int64_t *total);

/* ---- saved filters (per user) ---- */

struct saved_filter {
	int64_t id;
	char *name;
	char *query;     /* the filter's query string, e.g. "no_contact=1&days=21" */
	int64_t created_at;
};

/* The user's saved filters, by name. */
int store_filter_list(struct db *db, struct arena *a, int64_t user_id,
		      struct saved_filter **items, size_t *n);
/* Saves a filter. SC_ECONFLICT when the user has one by that name;
 * SC_ELIMIT when they have SAVED_FILTERS_MAX already. The caller validates
 * name and query. */
int store_filter_save(struct db *db, int64_t user_id, const char *name, const char *query,
		      int64_t now, int64_t *id);
/* Deletes one of the user's own filters; SC_ENOTFOUND when the filter is
 * not theirs or does not exist. */
int store_filter_delete(struct db *db, int64_t user_id, int64_t filter_id);

#endif
