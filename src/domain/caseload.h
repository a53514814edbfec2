/*
 * caseload.h — contact persons' caseloads and the waiting list.
 *
 * A contact person follows at most a set number of participants (18 unless
 * set otherwise per person). People screened as eligible wait on a waiting
 * list ordered by priority and referral date; the list shows each person's
 * place and an expected wait computed from free places and planned exits.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_CASELOAD_H
#define SC_DOMAIN_CASELOAD_H

#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

/* The cap when none is set for the contact person. */
#define CASELOAD_DEFAULT_CAP 18
/* The range a per-person cap may be set to. */
#define CASELOAD_MIN_CAP 1
#define CASELOAD_MAX_CAP 60

/* Waiting-list priorities: 1 is the highest, WAITLIST_PRIORITY_MAX the
 * lowest. */
#define WAITLIST_PRIORITY_MIN 1
#define WAITLIST_PRIORITY_MAX 9

/* Checks a per-person cap: CASELOAD_MIN_CAP..CASELOAD_MAX_CAP. Returns 0, or
 * SC_EINVAL with *reason (may be NULL) set to a static English message. */
int caseload_cap_validate(int cap, const char **reason);

/* May a contact person with active participants and the given cap take one
 * more? Returns 0 when active < cap; SC_ELIMIT when the caseload is full
 * (active >= cap); SC_EINVAL when cap is outside
 * CASELOAD_MIN_CAP..CASELOAD_MAX_CAP or active is negative. On failure sets
 * *reason (may be NULL) to a static English message. */
int caseload_can_assign(int active, int cap, const char **reason);

/* Free places of a contact person: cap - active, never below 0 (a caseload
 * can be over its cap when participants assigned while waiting become
 * active). */
int caseload_free_places(int active, int cap);

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
