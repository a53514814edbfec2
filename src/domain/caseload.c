/*
 * caseload.c — caseload caps and waiting-list order and wait; see caseload.h.
 */
#include "domain/caseload.h"

#include "i18n/i18n.h"
#include "util/err.h"

int
caseload_cap_validate(int cap, const char **reason)
{
	if (cap < CASELOAD_MIN_CAP || cap > CASELOAD_MAX_CAP) {
		if (reason != NULL)
			*reason = N_("the caseload cap must be between 1 and 60");
		return SC_EINVAL;
	}
	return 0;
}

int
caseload_can_assign(int active, int cap, const char **reason)
{
	int rc = caseload_cap_validate(cap, reason);

	if (rc != 0)
		return rc;
	if (active < 0) {
		if (reason != NULL)
			*reason = N_("the number of active participants cannot be negative");
		return SC_EINVAL;
	}
	if (active >= cap) {
		if (reason != NULL)
			*reason = N_("the contact person's caseload is full");
		return SC_ELIMIT;
	}
	return 0;
}

int
caseload_free_places(int active, int cap)
{
	return active >= cap ? 0 : cap - active;
}

int
caseload_can_assign_many(int active, int cap, int more, int *room, const char **reason)
{
	int rc = caseload_cap_validate(cap, reason);

	if (rc != 0)
		return rc;
	if (active < 0 || more < 0) {
		if (reason != NULL)
			*reason = N_("the number of active participants cannot be negative");
		return SC_EINVAL;
	}
	int free_places = caseload_free_places(active, cap);
	if (room != NULL)
		*room = free_places;
	if (more > free_places) {
		if (reason != NULL)
			*reason = N_("the contact person's caseload is full");
		return SC_ELIMIT;
	}
	return 0;
}

int
caseload_cap_check(int cap, int active, const char **reason)
{
	int rc = caseload_cap_validate(cap, reason);

	if (rc != 0)
		return rc;
	if (cap < active) {
		if (reason != NULL)
			*reason = N_("the cap cannot be lower than the number of active participants");
		return SC_ELIMIT;
	}
	return 0;
}

int
waitlist_priority_validate(int priority, const char **reason)
{
	if (priority < WAITLIST_PRIORITY_MIN || priority > WAITLIST_PRIORITY_MAX) {
		if (reason != NULL)
			*reason = N_("the priority must be between 1 and 9");
		return SC_EINVAL;
	}
	return 0;
}

int
waitlist_compare(const struct waitlist_entry *a, const struct waitlist_entry *b)
{
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	int c = date_cmp(a->referred, b->referred);
	if (c != 0)
		return c < 0 ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

int
waitlist_qsort_cmp(const void *a, const void *b)
{
	return waitlist_compare(a, b);
}

int
waitlist_expected_wait_days(int place, int free_places,
    const struct date *planned_exits, size_t nexits, struct date today)
{
	if (place < 1 || free_places < 0 || (planned_exits == NULL && nexits > 0) ||
	    !date_is_valid(today))
		return SC_EINVAL;
	for (size_t i = 0; i < nexits; i++) {
		if (!date_is_valid(planned_exits[i]))
			return SC_EINVAL;
	}
	if (place <= free_places)
		return 0;

	size_t k = (size_t)(place - free_places);	/* k-th exit, 1-based */
	if (k > nexits)
		return -1;
	int64_t t = date_to_days(today);
	/* Selection without sorting a copy: the k-th smallest wait is the value
	 * with fewer than k smaller and at least k smaller-or-equal values. */
	for (size_t i = 0; i < nexits; i++) {
		int64_t wi = date_to_days(planned_exits[i]) - t;
		if (wi < 0)
			wi = 0;
		size_t less = 0, leq = 0;
		for (size_t j = 0; j < nexits; j++) {
			int64_t wj = date_to_days(planned_exits[j]) - t;
			if (wj < 0)
				wj = 0;
			if (wj < wi)
				less++;
			if (wj <= wi)
				leq++;
		}
		if (less < k && k <= leq)
			return wi > INT32_MAX ? INT32_MAX : (int)wi;
	}
	return -1;	/* not reached */
}
