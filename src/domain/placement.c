/*
 * placement.c — a placement's derived status and its approvals; see
 * placement.h.
 */
#include "domain/placement.h"

#include "i18n/i18n.h"

const struct field_option placement_status_options[PLACEMENT_STATUS_COUNT] = {
	{"proposed", N_("Proposed")},
	{"negotiating", N_("Negotiating")},
	{"awaiting_approval", N_("Awaiting approval")},
	{"agreed", N_("Agreed")},
	{"active", N_("Active")},
	{"completed", N_("Completed")},
	{"ended_early", N_("Ended early")},
};

const struct field_option placement_end_reason_options[END_REASON_COUNT] = {
	{"got_job", N_("Got a job")},
	{"illness", N_("Illness")},
	{"did_not_work_out", N_("Did not work out")},
	{"employer_withdrew", N_("Employer withdrew")},
	{"other", N_("Other")},
};

const struct field_option placement_party_options[PARTY_COUNT] = {
	{"employer", N_("Employer")},
	{"participant", N_("Participant")},
	{"centre", N_("Centre")},
};

int
placement_terms_present(const struct placement_facts *f)
{
	return f->has_supervisor + f->has_follow_up + f->has_start + f->has_end + f->has_hours +
	       f->has_days + f->has_tasks;
}

static bool
all_approved(const struct placement_facts *f)
{
	return f->approved[PARTY_EMPLOYER] && f->approved[PARTY_PARTICIPANT] && f->approved[PARTY_CENTRE];
}

enum placement_status
placement_status(const struct placement_facts *f, struct date today)
{
	if (f->ended_early)
		return PLACEMENT_ENDED_EARLY;
	int terms = placement_terms_present(f);
	if (terms == 0)
		return PLACEMENT_PROPOSED;
	if (terms < PLACEMENT_TERMS)
		return PLACEMENT_NEGOTIATING;
	if (!all_approved(f))
		return PLACEMENT_AWAITING_APPROVAL;
	if (date_cmp(today, f->starts_on) < 0)
		return PLACEMENT_AGREED;
	if (date_cmp(today, f->ends_on) <= 0)
		return PLACEMENT_ACTIVE;
	return PLACEMENT_COMPLETED;
}

bool
placement_terms_open(const struct placement_facts *f)
{
	return !f->ended_early && !f->approved[PARTY_EMPLOYER] && !f->approved[PARTY_PARTICIPANT] &&
	       !f->approved[PARTY_CENTRE];
}

const char *
placement_approval_refusal(const struct placement_facts *f, enum placement_party party)
{
	if (party < 0 || party >= PARTY_COUNT)
		return N_("Choose the employer, the participant or the centre.");
	if (f->ended_early)
		return N_("This placement has ended.");
	if (placement_terms_present(f) < PLACEMENT_TERMS)
		return N_("Fill in every required term before approving.");
	if (f->approved[party])
		return N_("This party has approved already.");
	if (party == PARTY_CENTRE && !(f->approved[PARTY_EMPLOYER] && f->approved[PARTY_PARTICIPANT]))
		return N_("The centre approves last, after the employer and the participant.");
	return NULL;
}

const char *
placement_end_refusal(const struct placement_facts *f, struct date today)
{
	if (f->ended_early)
		return N_("This placement has ended already.");
	if (placement_status(f, today) == PLACEMENT_COMPLETED)
		return N_("This placement is completed: its end date has passed.");
	return NULL;
}

bool
placement_terms_check(const struct placement_facts *f, int hours_per_week, int days_per_week,
		      struct field_errors *e)
{
	int before = e->n;
	if (f->has_start && f->has_end && date_cmp(f->ends_on, f->starts_on) < 0)
		field_error_add(e, "ends_on", N_("The end date is on or after the start date."));
	if (f->has_hours && (hours_per_week < 1 || hours_per_week > 40))
		field_error_add2(e, "hours_per_week", N_("Write a whole number from %lld to %lld."), 1, 40);
	if (f->has_days && (days_per_week < 1 || days_per_week > 5))
		field_error_add2(e, "days_per_week", N_("Write a whole number from %lld to %lld."), 1, 5);
	else if (f->has_hours && f->has_days && hours_per_week >= 1 && hours_per_week <= 40 &&
		 hours_per_week > 8 * days_per_week)
		field_error_add2(e, "hours_per_week", N_("At most %lld hours a week on %lld days."),
				 8LL * days_per_week, days_per_week);
	return e->n == before;
}
