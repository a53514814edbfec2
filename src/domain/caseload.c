/*
 * caseload.c — caseload caps, the caseload area's declared records and
 * their rules, and waiting-list order and wait; see caseload.h.
 */
#include "domain/caseload.h"

#include "domain/access.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int64_t
caseload_free_places(int64_t active, int64_t places)
{
	return active >= places ? 0 : places - active;
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
	int free_places = (int)caseload_free_places(active, cap);
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

/* ---- what a leader sends ---- */

static const char msg_choose_contact[] = N_("Choose a contact person.");
static const char msg_reason_long[] = N_("The reason can be at most 500 characters.");

static const struct field assign_fields[] = {
	{.key = "contact_id", .type = FT_ID, .flags = FF_REQUIRED,
	 .offset = offsetof(struct assignment_input, contact_id), .label = N_("Contact person"),
	 .missing = msg_choose_contact, .invalid = msg_choose_contact, .part = PART_CASELOAD},
	{.key = "reason", .type = FT_LINE, .offset = offsetof(struct assignment_input, reason),
	 .max = CASELOAD_REASON_MAX, .label = N_("Reason"), .too_long = msg_reason_long,
	 .part = PART_CASELOAD},
};
const struct fields assignment_input_fields = FIELDS(assign_fields);

bool
assignment_input_check(const struct assignment_input *in, struct field_errors *e)
{
	long chars = in->reason != NULL ? field_text_chars(in->reason, false) : 0;
	if (chars < 0) {
		field_error_add(e, "reason", N_("This text has characters that are not allowed."));
		return false;
	}
	if (chars > CASELOAD_REASON_MAX) {
		field_error_add(e, "reason", msg_reason_long);
		return false;
	}
	return true;
}

static const struct field bulk_id_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_REQUIRED, .offset = offsetof(struct bulk_participant, id),
	 .label = N_("Participant"), .invalid = N_("Choose participants from the list."), .part = -1},
};

static const struct field bulk_fields[] = {
	{.key = "participant_ids", .type = FT_LIST, .flags = FF_REQUIRED,
	 .offset = offsetof(struct bulk_input, participant_ids), .max = CASELOAD_BULK_MAX,
	 .label = N_("Participants"), .item = bulk_id_fields, .nitem = 1,
	 .item_size = sizeof(struct bulk_participant),
	 .missing = N_("Choose at least one participant."),
	 .too_long = N_("Choose at most 500 participants at once."), .part = PART_CASELOAD},
	{.key = "contact_id", .type = FT_ID, .flags = FF_REQUIRED,
	 .offset = offsetof(struct bulk_input, contact_id), .label = N_("Contact person"),
	 .missing = msg_choose_contact, .invalid = msg_choose_contact, .part = PART_CASELOAD},
	{.key = "reason", .type = FT_LINE, .offset = offsetof(struct bulk_input, reason),
	 .max = CASELOAD_REASON_MAX, .label = N_("Reason"), .too_long = msg_reason_long,
	 .part = PART_CASELOAD},
};
const struct fields bulk_input_fields = FIELDS(bulk_fields);

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

size_t
bulk_input_ids(const struct bulk_input *in, int64_t *ids)
{
	const struct bulk_participant *items = in->participant_ids.items;
	size_t n = in->participant_ids.n;
	for (size_t i = 0; i < n; i++)
		ids[i] = items[i].id;
	if (n > 1)
		qsort(ids, n, sizeof *ids, cmp_id);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || ids[m - 1] != ids[i])
			ids[m++] = ids[i];
	return m;
}

static const char msg_cap_range[] = N_("The cap must be a whole number from 1 to 60.");

static const struct field cap_fields[] = {
	{.key = "cap", .type = FT_INT, .flags = FF_REQUIRED, .offset = offsetof(struct cap_input, cap),
	 .min = CASELOAD_MIN_CAP, .max = CASELOAD_MAX_CAP, .label = N_("Most active participants"),
	 .missing = msg_cap_range, .invalid = msg_cap_range, .part = -1},
};
const struct fields cap_input_fields = FIELDS(cap_fields);

/* ---- the filters of a caseload ---- */

static const char msg_filter_bit[] = N_("A filter is either 1 (on) or 0 (off).");

static const struct field filter_fields[] = {
	{.key = "no_contact", .type = FT_BOOL, .offset = offsetof(struct caseload_filter, no_contact),
	 .label = N_("No contact for the number of days below"), .invalid = msg_filter_bit, .part = -1},
	{.key = "eval_due", .type = FT_BOOL, .offset = offsetof(struct caseload_filter, eval_due),
	 .label = N_("Evaluation due or overdue"), .invalid = msg_filter_bit, .part = -1},
	{.key = "goals_overdue", .type = FT_BOOL, .offset = offsetof(struct caseload_filter, goals_overdue),
	 .label = N_("Goals or steps overdue"), .invalid = msg_filter_bit, .part = -1},
	{.key = "new_week", .type = FT_BOOL, .offset = offsetof(struct caseload_filter, new_week),
	 .label = N_("New this week"), .invalid = msg_filter_bit, .part = -1},
	{.key = "days", .type = FT_INT, .offset = offsetof(struct caseload_filter, days),
	 .min = CASELOAD_DAYS_MIN, .max = CASELOAD_DAYS_MAX, .label = N_("No contact for (days)"),
	 .invalid = N_("The number of days must be a whole number from 1 to 365."), .part = -1},
};
const struct fields caseload_filter_fields = FIELDS(filter_fields);

/* The filter bits in field order (the first four fields). */
static const unsigned filter_bit[] = {CF_NO_CONTACT, CF_EVAL_DUE, CF_GOALS_OVERDUE, CF_NEW};

unsigned
caseload_filter_bits(const struct caseload_filter *f)
{
	unsigned bits = 0;
	for (size_t i = 0; i < sizeof filter_bit / sizeof filter_bit[0]; i++)
		if (*FIELD_AT_CONST(f, &filter_fields[i], int) == 1)
			bits |= filter_bit[i];
	return bits;
}

int
caseload_filter_days(const struct caseload_filter *f, int default_days)
{
	return f->days >= CASELOAD_DAYS_MIN && f->days <= CASELOAD_DAYS_MAX ? (int)f->days : default_days;
}

char *
caseload_filter_query(const struct caseload_filter *f, int default_days, struct arena *a)
{
	char buf[128];
	size_t n = 0;
	buf[0] = '\0';
	unsigned bits = caseload_filter_bits(f);
	for (size_t i = 0; i < sizeof filter_bit / sizeof filter_bit[0]; i++)
		if (bits & filter_bit[i])
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s=1", n ? "&" : "", filter_fields[i].key);
	int days = caseload_filter_days(f, default_days);
	if (days != default_days)
		snprintf(buf + n, sizeof buf - n, "%sdays=%d", n ? "&" : "", days);
	return arena_strdup(a, buf);
}

bool
saved_filter_check(const struct caseload_filter *f, int default_days, struct field_errors *e)
{
	if (caseload_filter_bits(f) == 0 && caseload_filter_days(f, default_days) == default_days) {
		field_error_add(e, "query", N_("Choose at least one filter to save."));
		return false;
	}
	return true;
}

static const char msg_filter_name[] = N_("The name can be at most 100 characters, on one line.");

static const struct field saved_input_fields[] = {
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct saved_filter_input, name), .max = SAVED_FILTER_NAME_MAX,
	 .label = N_("Save the filters above as"), .missing = N_("Give the filter a name."),
	 .invalid = msg_filter_name, .too_long = msg_filter_name, .part = -1},
};
const struct fields saved_filter_input_fields = FIELDS(saved_input_fields);

static const struct field saved_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct saved_filter, id),
	 .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .offset = offsetof(struct saved_filter, name),
	 .max = SAVED_FILTER_NAME_MAX, .label = N_("Name"), .part = -1},
	{.key = "query", .type = FT_LINE, .offset = offsetof(struct saved_filter, query),
	 .max = SAVED_FILTER_QUERY_MAX, .label = N_("Saved filters"), .part = -1},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct saved_filter, created_at),
	 .label = N_("Saved"), .part = -1},
};
const struct fields saved_filter_fields = FIELDS(saved_fields);

void
caseload_query_for(const struct caseload_filter *f, int default_days, int due_soon_days,
		   struct date today, int64_t now, struct caseload_query *q)
{
	q->today = today;
	q->contact_since = date_add_days(today, -(int64_t)caseload_filter_days(f, default_days));
	q->due_by = date_add_days(today, due_soon_days);
	q->new_since = now - (int64_t)CASELOAD_NEW_DAYS * 86400;
	q->filters = caseload_filter_bits(f);
}

/* ---- what the caseload pages show ---- */

static const struct field person_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct caseload_person, id),
	 .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct caseload_person, name),
	 .label = N_("Contact person"), .part = -1},
	{.key = "assignable", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_person, assignable), .label = N_("Active contact person"), .part = -1},
	{.key = "active", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_person, active), .label = N_("Active participants"), .part = -1},
	{.key = "cap", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct caseload_person, cap),
	 .label = N_("Most active participants"), .part = -1},
	{.key = "own_cap", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_person, own_cap), .label = N_("Own cap"), .part = -1},
	{.key = "free_places", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_person, free_places), .label = N_("Free places"), .part = -1},
	{.key = "overdue", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_person, overdue), .label = N_("Overdue items"), .part = -1},
	{.key = "without_contact", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_person, no_contact), .label = N_("Without contact"), .part = -1},
};
const struct fields caseload_person_fields = FIELDS(person_fields);

void
caseload_person_settle(struct caseload_person *p)
{
	p->own_cap = p->cap != FIELD_NONE;
	if (!p->own_cap)
		p->cap = CASELOAD_DEFAULT_CAP;
	if (p->active == FIELD_NONE || p->active < 0)
		p->active = 0;
	if (p->assignable < 0)
		p->assignable = 0;
	p->free_places = p->assignable ? caseload_free_places(p->active, p->cap) : 0;
}

static const struct field totals_fields[] = {
	{.key = "contact_persons", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_totals, persons), .label = N_("contact persons"), .part = -1},
	{.key = "capacity", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_totals, capacity), .label = N_("places"), .part = -1},
	{.key = "active", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_totals, active), .label = N_("Active participants"), .part = -1},
	{.key = "free_places", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_totals, free_places), .label = N_("Free places"), .part = -1},
};
const struct fields caseload_totals_fields = FIELDS(totals_fields);

static const struct field row_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct caseload_row, id),
	 .label = N_("Number"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct caseload_row, given_name),
	 .label = N_("Given name"), .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT,
	 .offset = offsetof(struct caseload_row, family_name), .label = N_("Family name"), .part = PART_NAME},
	{.key = "status", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct caseload_row, status),
	 .label = N_("Status"), .part = -1},
	{.key = "last_contact", .type = FT_DATE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_row, last_contact), .label = N_("Last contact"), .part = -1},
	{.key = "next_meeting", .type = FT_DATE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_row, next_meeting), .label = N_("Next meeting"), .part = -1},
	{.key = "overdue", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_row, overdue), .label = N_("Overdue items"), .part = -1},
	{.key = "assigned_at", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_row, assigned_at), .label = N_("From"), .part = -1},
	{.key = "no_contact", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_row, no_contact), .label = N_("No contact for the number of days below"),
	 .part = -1},
	{.key = "evaluation_due", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_row, evaluation_due), .label = N_("Evaluation due or overdue"),
	 .part = -1},
	{.key = "goals_overdue", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct caseload_row, goals_overdue), .label = N_("Goals or steps overdue"), .part = -1},
	{.key = "new", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED, .offset = offsetof(struct caseload_row, is_new),
	 .label = N_("New this week"), .part = -1},
};
const struct fields caseload_row_fields = FIELDS(row_fields);

unsigned
caseload_row_flags(const struct caseload_row *w)
{
	return (w->no_contact == 1 ? CF_NO_CONTACT : 0u) | (w->evaluation_due == 1 ? CF_EVAL_DUE : 0u) |
	       (w->goals_overdue == 1 ? CF_GOALS_OVERDUE : 0u) | (w->is_new == 1 ? CF_NEW : 0u);
}

static const struct field history_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct assignment, id),
	 .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .offset = offsetof(struct assignment, participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct assignment, given_name), .label = N_("Given name"), .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct assignment, family_name), .label = N_("Family name"), .part = PART_NAME},
	{.key = "contact_id", .type = FT_ID, .offset = offsetof(struct assignment, contact_id),
	 .label = N_("Contact person"), .part = PART_CASELOAD},
	{.key = "contact_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct assignment, contact_name), .label = N_("Contact person"), .part = PART_CASELOAD},
	{.key = "from_at", .type = FT_INT, .offset = offsetof(struct assignment, from_at), .label = N_("From"),
	 .part = PART_CASELOAD},
	{.key = "to_at", .type = FT_INT, .offset = offsetof(struct assignment, to_at), .label = N_("To"),
	 .part = PART_CASELOAD},
	{.key = "assigned_by", .type = FT_ID, .offset = offsetof(struct assignment, assigned_by),
	 .label = N_("Assigned by"), .part = PART_CASELOAD},
	{.key = "assigned_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct assignment, assigned_by_name), .label = N_("Assigned by"), .part = PART_CASELOAD},
	{.key = "reason", .type = FT_LINE, .offset = offsetof(struct assignment, reason), .max = CASELOAD_REASON_MAX,
	 .label = N_("Reason"), .part = PART_CASELOAD},
};
const struct fields assignment_fields = FIELDS(history_fields);

static const struct field choice_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct contact_choice, id),
	 .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_OUT, .offset = offsetof(struct contact_choice, name),
	 .label = N_("Contact person"), .part = -1},
	{.key = "cap", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct contact_choice, cap),
	 .label = N_("Most active participants"), .part = -1},
	{.key = "active", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct contact_choice, active), .label = N_("Active participants"), .part = -1},
};
const struct fields contact_choice_fields = FIELDS(choice_fields);

bool
contact_choice_full(const struct contact_choice *c)
{
	int active = c->active > INT32_MAX ? INT32_MAX : (int)c->active;
	int cap = c->cap > INT32_MAX ? INT32_MAX : (int)c->cap;
	return caseload_can_assign(active, cap, NULL) == SC_ELIMIT;
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
