/*
 * caseload.h — contact persons' caseloads and the waiting list.
 *
 * A contact person follows at most a set number of participants (18 unless
 * set otherwise per person). People screened as eligible wait on a waiting
 * list ordered by priority and referral date; the list shows each person's
 * place and an expected wait computed from free places and planned exits.
 *
 * The records of the caseload area are declared here once (domain/field.h):
 * what a leader sends to assign, reassign in bulk or set a cap, the filters
 * of a caseload list and a saved filter, and what the overview, a caseload
 * and the assignment history show. The rules the types do not hold are the
 * functions beside them; the cap rule is caseload_can_assign() and its
 * siblings, used by every way a participant gets a contact person.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_CASELOAD_H
#define SC_DOMAIN_CASELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

struct arena;

/* The cap when none is set for the contact person. */
#define CASELOAD_DEFAULT_CAP 18
/* The range a per-person cap may be set to. */
#define CASELOAD_MIN_CAP 1
#define CASELOAD_MAX_CAP 60
/* The most characters of an assignment's reason. */
#define CASELOAD_REASON_MAX 500
/* The most participants one bulk reassignment may move. */
#define CASELOAD_BULK_MAX 500
/* The "no contact" window of a caseload list, in days. */
#define CASELOAD_DAYS_MIN 1
#define CASELOAD_DAYS_MAX 365
/* A participant is "new" in a caseload for this many days after assignment. */
#define CASELOAD_NEW_DAYS 7
/* The most saved filters one user may keep; the longest name and query. */
#define SAVED_FILTERS_MAX 50
#define SAVED_FILTER_NAME_MAX 100
#define SAVED_FILTER_QUERY_MAX 500

/* Checks a per-person cap: CASELOAD_MIN_CAP..CASELOAD_MAX_CAP. Returns 0, or
 * SC_EINVAL with *reason (may be NULL) set to a static English message. */
int caseload_cap_validate(int cap, const char **reason);

/* May a contact person with active participants and the given cap take one
 * more? Returns 0 when active < cap; SC_ELIMIT when the caseload is full
 * (active >= cap); SC_EINVAL when cap is outside
 * CASELOAD_MIN_CAP..CASELOAD_MAX_CAP or active is negative. On failure sets
 * *reason (may be NULL) to a static English message. */
int caseload_can_assign(int active, int cap, const char **reason);

/* Free places: places - active, never below 0 — of one contact person
 * (places = their cap; a caseload can be over its cap when participants
 * assigned while waiting become active) and of a centre (places = the sum
 * of its contact persons' caps), for the overview and the waiting list
 * alike. */
int64_t caseload_free_places(int64_t active, int64_t places);

/* May a contact person with active participants and the given cap take
 * `more` (>= 0) at once, as in a bulk reassignment? Returns 0 when
 * active + more <= cap; SC_ELIMIT when not; SC_EINVAL when cap is outside
 * CASELOAD_MIN_CAP..CASELOAD_MAX_CAP or active or more is negative. *room
 * (may be NULL) gets caseload_free_places(active, cap) in every case but
 * SC_EINVAL; *reason (may be NULL) is set on failure. */
int caseload_can_assign_many(int active, int cap, int more, int *room, const char **reason);

/* May a contact person who has active participants be given this cap?
 * Returns 0; SC_EINVAL (with the range reason) when cap is outside
 * CASELOAD_MIN_CAP..CASELOAD_MAX_CAP; SC_ELIMIT when cap is below active
 * (lower the cap only after reassigning). *reason (may be NULL) on failure. */
int caseload_cap_check(int cap, int active, const char **reason);

/* ---- what a leader sends ---- */

/* Assigning (or changing) a participant's contact person. Field keys (form
 * and API): contact_id (required), reason (at most CASELOAD_REASON_MAX
 * characters, may be empty). */
struct assignment_input {
	int64_t contact_id;
	const char *reason;
};
extern const struct fields assignment_input_fields;

/* The rules of an assignment the types do not hold when the input did not
 * come through field_read_text() (a command's other callers): the reason's
 * length and characters. Adds to e; true when there is nothing to add. */
bool assignment_input_check(const struct assignment_input *in, struct field_errors *e);

/* One participant of a bulk reassignment (an item of participant_ids). */
struct bulk_participant {
	int64_t id;
};

/* Reassigning many participants at once, all or none. Field keys:
 * participant_ids (a list of 1..CASELOAD_BULK_MAX ids; the page's
 * checkboxes are named "participant"), contact_id, reason. */
struct bulk_input {
	struct field_list participant_ids;   /* of struct bulk_participant */
	int64_t contact_id;
	const char *reason;
};
extern const struct fields bulk_input_fields;

/* The ids of a bulk reassignment in ascending order without repeats, into
 * ids (room for in->participant_ids.n); returns how many. Participants are
 * locked in this order, so two bulk moves cannot deadlock each other. */
size_t bulk_input_ids(const struct bulk_input *in, int64_t *ids);

/* A contact person's cap. Field key: cap (a whole number
 * CASELOAD_MIN_CAP..CASELOAD_MAX_CAP). */
struct cap_input {
	int64_t cap;
};
extern const struct fields cap_input_fields;

/* ---- the filters of a caseload ---- */

/* Filter bits; a list with any set shows the participants matching any of
 * them (each is a reason to look at someone). */
#define CF_NO_CONTACT    0x1u   /* no meeting since the "no contact" window began */
#define CF_EVAL_DUE      0x2u   /* an evaluation not done, due by the due-soon day */
#define CF_GOALS_OVERDUE 0x4u   /* a goal past its target date, or a step past due */
#define CF_NEW           0x8u   /* assigned to this person in the last CASELOAD_NEW_DAYS */

/* What a caseload list is narrowed by. Field keys (query string, saved
 * filter), in this order: the four switches no_contact, eval_due,
 * goals_overdue, new_week (each on or off:
 * "1"/"0", also "on", "true"), days (CASELOAD_DAYS_MIN..MAX; not given: the
 * installation's default). */
struct caseload_filter {
	int no_contact;      /* FT_BOOL: 1, 0, or -1 not given (off) */
	int eval_due;
	int goals_overdue;
	int new_week;
	int64_t days;        /* FIELD_NONE: the default */
};
extern const struct fields caseload_filter_fields;

/* The CF_* bits of the filters that are on. */
unsigned caseload_filter_bits(const struct caseload_filter *f);

/* The days of the "no contact" window: f->days, or default_days when not
 * given. */
int caseload_filter_days(const struct caseload_filter *f, int default_days);

/* The filters as a query string, "no_contact=1&days=21" (the bits in
 * field order, days only when not default_days); "" for none. Arena; NULL
 * when out of memory. */
char *caseload_filter_query(const struct caseload_filter *f, int default_days, struct arena *a);

/* A filter worth saving has a filter on or a window other than the
 * default: adds "Choose at least one filter to save." under "query" when
 * not. True when there is nothing to add. */
bool saved_filter_check(const struct caseload_filter *f, int default_days, struct field_errors *e);

/* A filter a user saves under a name. Field key: name (required, one line
 * of at most SAVED_FILTER_NAME_MAX characters); the filter comes from the
 * form's "query" (at most SAVED_FILTER_QUERY_MAX characters), read by the
 * caller into filter. */
struct saved_filter_input {
	const char *name;
	struct caseload_filter filter;
};
extern const struct fields saved_filter_input_fields;

/* A saved filter as stored (table saved_filters, the user's own). */
struct saved_filter {
	int64_t id;
	const char *name;
	const char *query;     /* the filter's query string, e.g. "no_contact=1&days=21" */
	int64_t created_at;
};
extern const struct fields saved_filter_fields;

/* The dates a caseload query compares with. */
struct caseload_query {
	struct date today;
	struct date contact_since;  /* CF_NO_CONTACT: no meeting on or after this day */
	struct date due_by;         /* CF_EVAL_DUE: an evaluation due on or before */
	int64_t new_since;          /* CF_NEW: assigned at or after (Unix seconds) */
	unsigned filters;           /* CF_* bits; 0 = everyone */
};

/* The query of filter f today (now in Unix seconds): the window of
 * caseload_filter_days(f, default_days), evaluations due within
 * due_soon_days, new within CASELOAD_NEW_DAYS. */
void caseload_query_for(const struct caseload_filter *f, int default_days, int due_soon_days,
			struct date today, int64_t now, struct caseload_query *q);

/* ---- what the caseload pages show ---- */

/* A contact person with the figures the leader's overview shows. Field
 * keys (JSON): id, name, assignable, active, cap, own_cap, free_places,
 * overdue, without_contact. */
struct caseload_person {
	int64_t id;
	const char *name;      /* display name */
	int assignable;        /* an active user with the contact role in the
				* centre: may be given participants (a former
				* contact person still holding participants is
				* listed but not) */
	int64_t active;        /* active and paused participants */
	int64_t cap;           /* the cap in force (own, or CASELOAD_DEFAULT_CAP) */
	int own_cap;           /* the cap is set for this person */
	int64_t free_places;   /* caseload_free_places(); 0 when not assignable */
	int64_t overdue;       /* what is overdue for them (followup_overdue, the
				* rule the Today page uses) */
	int64_t no_contact;    /* active and paused participants without contact
				* in the window */
};
extern const struct fields caseload_person_fields;

/* Completes a person read with cap not given when none is set: own_cap,
 * cap (the default) and free_places, by the rules above. */
void caseload_person_settle(struct caseload_person *p);

/* A centre's capacity: what the overview's totals and the waiting list's
 * expected wait use. Field keys (JSON): contact_persons, capacity, active,
 * free_places. */
struct caseload_totals {
	int64_t persons;       /* assignable contact persons */
	int64_t capacity;      /* the sum of their caps */
	int64_t active;        /* active and paused participants */
	int64_t free_places;   /* caseload_free_places(active, capacity) */
};
extern const struct fields caseload_totals_fields;

/* One participant of a caseload. Field keys (JSON): id, given_name,
 * family_name, status, last_contact, next_meeting, overdue, assigned_at,
 * no_contact, evaluation_due, goals_overdue, new. */
struct caseload_row {
	int64_t id;
	const char *given_name;
	const char *family_name;
	const char *status;          /* registered ... paused: exited and closed are
				      * not part of a caseload */
	struct date last_contact;    /* held_on of the latest meeting; not given = never */
	struct date next_meeting;    /* next_meeting of the latest meeting */
	int64_t overdue;             /* followup_overdue: steps of open goals,
				      * evaluations, a passed planned meeting, and the
				      * participant's follow-up tasks assigned to the
				      * contact person */
	int64_t assigned_at;         /* when the open assignment began (Unix
				      * seconds); 0 = unknown */
	int no_contact;              /* the CF_* conditions met, FT_BOOL each */
	int evaluation_due;
	int goals_overdue;
	int is_new;
};
extern const struct fields caseload_row_fields;

/* The CF_* bits a row meets. */
unsigned caseload_row_flags(const struct caseload_row *w);

/* One assignment of the history (table assignments): who followed whom,
 * from when to when, by whom and why. */
struct assignment {
	int64_t id;
	int64_t participant_id;
	const char *given_name;        /* computed: the participant's */
	const char *family_name;
	int64_t contact_id;
	const char *contact_name;      /* computed */
	int64_t from_at;               /* Unix seconds */
	int64_t to_at;                 /* FIELD_NONE: current */
	int64_t assigned_by;           /* 0 = the system */
	const char *assigned_by_name;  /* computed; "" when assigned_by is 0 */
	const char *reason;            /* "" when none */
};
extern const struct fields assignment_fields;

/* A contact person that may be chosen in an assign form. */
struct contact_choice {
	int64_t id;
	const char *name;
	int64_t cap;           /* the cap in force */
	int64_t active;
};
extern const struct fields contact_choice_fields;

/* True when the contact person can take no one more (caseload_can_assign). */
bool contact_choice_full(const struct contact_choice *c);

/* Waiting-list priorities: 1 is the highest, WAITLIST_PRIORITY_MAX the
 * lowest. */
#define WAITLIST_PRIORITY_MIN 1
#define WAITLIST_PRIORITY_MAX 9

/* One person on the waiting list, as far as ordering is concerned. */
struct waitlist_entry {
	int64_t id;		/* the referral's id; the final tie-breaker */
	int priority;		/* 1 = highest; larger numbers come later */
	struct date referred;	/* referral date; earlier comes first */
};

/* Checks a priority: WAITLIST_PRIORITY_MIN..WAITLIST_PRIORITY_MAX. Returns 0,
 * or SC_EINVAL with *reason (may be NULL) set. */
int waitlist_priority_validate(int priority, const char **reason);

/* Orders the waiting list: by priority (1 first), then referral date (earlier
 * first), then id (smaller first). Returns -1, 0 or 1 as a comes before, ties
 * with, or comes after b. */
int waitlist_compare(const struct waitlist_entry *a,
    const struct waitlist_entry *b);

/* waitlist_compare() with the signature qsort() wants, for arrays of
 * struct waitlist_entry. */
int waitlist_qsort_cmp(const void *a, const void *b);

/* The expected number of days until the person at 1-based place gets an
 * offer.
 *  - Places 1..free_places have a place now: 0.
 *  - Place p > free_places waits for the (p - free_places)-th planned exit in
 *    date order; the result is the days from today to that exit, and an exit
 *    planned before today counts as today (0).
 *  - When fewer than p - free_places exits are planned the wait is unknown:
 *    returns -1.
 * planned_exits need not be sorted and is not modified; it may be NULL when
 * nexits is 0. Returns SC_EINVAL (-3, distinct from -1) when place < 1,
 * free_places < 0, planned_exits is NULL with nexits > 0, or today or any
 * exit is not a valid date. Takes O(nexits^2) time and no memory. */
int waitlist_expected_wait_days(int place, int free_places,
    const struct date *planned_exits, size_t nexits, struct date today);

#endif
