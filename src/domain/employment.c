/*
 * employment.c — a placement's result, the job and its income per month;
 * see employment.h.
 */
#include "domain/employment.h"

#include "i18n/i18n.h"

#include <stddef.h>

const struct field_option employment_kind_options[JOB_KIND_COUNT] = {
	{"permanent", N_("Permanent")},
	{"temporary", N_("Temporary")},
};

const struct field_option wage_kind_options[WAGE_KIND_COUNT] = {
	{"hourly", N_("Hourly wage")},
	{"monthly", N_("Monthly wage (full time)")},
};

const struct field_option job_end_reason_options[JOB_END_REASON_COUNT] = {
	{"resigned", N_("Resigned")},
	{"contract_ended", N_("The contract ended")},
	{"dismissed", N_("Dismissed")},
	{"other", N_("Other")},
};

#define R(m) offsetof(struct placement_result_input, m)
static const struct field result_table[] = {
	{.key = "hired", .type = FT_BOOL, .flags = FF_REQUIRED, .offset = R(hired),
	 .label = N_("Was the participant hired?"), .missing = N_("Say whether the participant was hired."),
	 .part = -1},
	{.key = "result_on", .type = FT_DATE, .offset = R(result_on), .label = N_("Date"), .part = -1},
	{.key = "result_note", .type = FT_TEXT, .offset = R(result_note), .max = 2000, .label = N_("Note"),
	 .part = -1},
	{.key = "kind", .type = FT_ENUM, .offset = R(kind), .label = N_("Employment"),
	 .options = employment_kind_options, .noptions = JOB_KIND_COUNT, .part = -1},
	{.key = "percent", .type = FT_INT, .offset = R(percent), .min = 1, .max = 100,
	 .label = N_("Percentage of full time"), .invalid = N_("Write a whole number from 1 to 100."), .part = -1},
	{.key = "job_starts_on", .type = FT_DATE, .offset = R(job_starts_on), .label = N_("Job starts"), .part = -1},
	{.key = "job_ends_on", .type = FT_DATE, .offset = R(job_ends_on), .label = N_("Job ends"),
	 .hint = N_("For a temporary job."), .part = -1},
	{.key = "wage_kind", .type = FT_ENUM, .offset = R(wage_kind), .label = N_("Wage"),
	 .options = wage_kind_options, .noptions = WAGE_KIND_COUNT, .part = -1},
	{.key = "wage_ore", .type = FT_MONEY, .offset = R(wage_ore), .min = 1, .max = 100000000,
	 .label = N_("Wage in kroner"), .hint = N_("An hour's wage, or a month's at full time."), .part = -1},
	{.key = "title", .type = FT_LINE, .offset = R(title), .max = 200, .label = N_("Job title"), .part = -1},
	{.key = "gross_ore", .type = FT_MONEY, .offset = R(gross_ore), .min = 0, .max = 100000000,
	 .label = N_("Gross salary a month"),
	 .hint = N_("What the benefit deducts. Left empty, it is worked out from the wage and the percentage."),
	 .part = -1},
	{.key = "hours_centi", .type = FT_MONEY, .offset = R(hours_centi), .min = 0, .max = 74400,
	 .label = N_("Hours a month"),
	 .hint = N_("For example 81,25. Left empty, it is 162,5 hours times the percentage."),
	 .invalid = N_("Write the hours a month, for example 81,25 (at most 744)."), .part = -1},
};
#undef R
const struct fields placement_result_fields = FIELDS(result_table);

static int64_t
mul_div_round(int64_t a, int64_t b, int64_t d)
{
	/* a × b / d, halves up, for the non-negative values used here. */
	__int128 p = (__int128)a * b;
	return (int64_t)((p + d / 2) / d);
}

void
employment_default_month(int wage_kind, int64_t wage_ore, int64_t percent, int64_t *gross_ore,
			 int64_t *hours_centi)
{
	int64_t hours = mul_div_round(FULL_TIME_MONTH_CENTI, percent, 100);
	*hours_centi = hours;
	if (wage_kind == WAGE_HOURLY)
		*gross_ore = mul_div_round(wage_ore, hours, 100);
	else
		*gross_ore = mul_div_round(wage_ore, percent, 100);
}

bool
placement_result_check(struct placement_result_input *in, struct date today, struct field_errors *e)
{
	int n = e->n;
	if (in->result_on.y == 0 && field_error_of(e, "result_on") == NULL)
		in->result_on = today;
	else if (in->result_on.y != 0 && date_cmp(in->result_on, today) > 0)
		field_error_add(e, "result_on", N_("The result cannot be dated in the future."));
	if (in->hired != 1)
		return e->n == n;
	if (in->kind < 0 && field_error_of(e, "kind") == NULL)
		field_error_add(e, "kind", N_("Choose permanent or temporary."));
	if (in->percent == FIELD_NONE && field_error_of(e, "percent") == NULL)
		field_error_add(e, "percent", N_("Give the percentage of full time."));
	if (in->job_starts_on.y == 0 && field_error_of(e, "job_starts_on") == NULL)
		field_error_add(e, "job_starts_on", N_("Give the day the job starts."));
	if (in->kind == JOB_TEMPORARY && in->job_ends_on.y == 0 && field_error_of(e, "job_ends_on") == NULL)
		field_error_add(e, "job_ends_on", N_("A temporary job has a last day."));
	else if (in->kind == JOB_PERMANENT && in->job_ends_on.y != 0)
		field_error_add(e, "job_ends_on", N_("A permanent job has no last day."));
	else if (in->job_ends_on.y != 0 && in->job_starts_on.y != 0 &&
		 date_cmp(in->job_ends_on, in->job_starts_on) < 0)
		field_error_add(e, "job_ends_on", N_("The job's last day cannot be before its first."));
	if (in->wage_kind < 0 && field_error_of(e, "wage_kind") == NULL)
		field_error_add(e, "wage_kind", N_("Choose an hourly or a monthly wage."));
	if (in->wage_ore == FIELD_NONE && field_error_of(e, "wage_ore") == NULL)
		field_error_add(e, "wage_ore", N_("Give the wage."));
	if ((in->title == NULL || in->title[0] == '\0') && field_error_of(e, "title") == NULL)
		field_error_add(e, "title", N_("Give the job title."));
	if (e->n == n && (in->gross_ore == FIELD_NONE || in->hours_centi == FIELD_NONE)) {
		int64_t gross = 0, hours = 0;
		employment_default_month(in->wage_kind, in->wage_ore, in->percent, &gross, &hours);
		if (in->gross_ore == FIELD_NONE)
			in->gross_ore = gross;
		if (in->hours_centi == FIELD_NONE)
			in->hours_centi = hours;
	}
	return e->n == n;
}

#define J(m) offsetof(struct employment, m)
static const struct field employment_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = J(id), .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = J(participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "placement_id", .type = FT_ID, .flags = FF_OUT, .offset = J(placement_id), .label = N_("Placement"),
	 .part = -1},
	{.key = "employer_id", .type = FT_ID, .flags = FF_OUT, .offset = J(employer_id), .label = N_("Employer"),
	 .part = -1},
	{.key = "employer_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = J(employer_name),
	 .label = N_("Employer"), .part = -1},
	{.key = "kind", .type = FT_ENUM, .flags = FF_OUT, .offset = J(kind), .label = N_("Employment"),
	 .options = employment_kind_options, .noptions = JOB_KIND_COUNT, .part = -1},
	{.key = "percent", .type = FT_INT, .flags = FF_OUT, .offset = J(percent),
	 .label = N_("Percentage of full time"), .part = -1},
	{.key = "starts_on", .type = FT_DATE, .flags = FF_OUT, .offset = J(starts_on), .label = N_("Job starts"),
	 .part = -1},
	{.key = "ends_on", .type = FT_DATE, .flags = FF_OUT, .offset = J(ends_on), .label = N_("Job ends"),
	 .part = -1},
	{.key = "wage_kind", .type = FT_ENUM, .flags = FF_OUT, .offset = J(wage_kind), .label = N_("Wage"),
	 .options = wage_kind_options, .noptions = WAGE_KIND_COUNT, .part = -1},
	{.key = "wage_ore", .type = FT_MONEY, .flags = FF_OUT, .offset = J(wage_ore), .label = N_("Wage in kroner"),
	 .part = -1},
	{.key = "title", .type = FT_LINE, .flags = FF_OUT, .offset = J(title), .label = N_("Job title"), .part = -1},
	{.key = "end_reason", .type = FT_ENUM, .flags = FF_OUT, .offset = J(end_reason), .label = N_("Why the job ended"),
	 .options = job_end_reason_options, .noptions = JOB_END_REASON_COUNT, .part = -1},
	{.key = "end_note", .type = FT_TEXT, .flags = FF_OUT, .offset = J(end_note), .label = N_("About the end"),
	 .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = J(version), .label = N_("Version"), .part = -1},
};
#undef J
const struct fields employment_fields = FIELDS(employment_table);

#define I(m) offsetof(struct employment_income, m)
static const struct field income_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = I(id), .label = N_("Number"), .part = -1},
	{.key = "employment_id", .type = FT_ID, .flags = FF_OUT, .offset = I(employment_id), .label = N_("Job"),
	 .part = -1},
	{.key = "valid_from", .type = FT_DATE, .flags = FF_REQUIRED, .offset = I(valid_from), .label = N_("From"),
	 .hint = N_("The first day of the month it applies from."), .missing = N_("Give the month it applies from."),
	 .part = -1},
	{.key = "gross_ore", .type = FT_MONEY, .flags = FF_REQUIRED, .offset = I(gross_ore), .min = 0,
	 .max = 100000000, .label = N_("Gross salary a month"), .missing = N_("Give the gross salary a month."),
	 .part = -1},
	{.key = "hours_centi", .type = FT_MONEY, .flags = FF_REQUIRED, .offset = I(hours_centi), .min = 0,
	 .max = 74400, .label = N_("Hours a month"), .missing = N_("Give the hours a month."),
	 .invalid = N_("Write the hours a month, for example 81,25 (at most 744)."), .part = -1},
	{.key = "recorded_at", .type = FT_INT, .flags = FF_OUT, .offset = I(recorded_at), .label = N_("Saved"),
	 .part = -1},
	{.key = "recorded_by", .type = FT_ID, .flags = FF_OUT, .offset = I(recorded_by), .label = N_("Saved by"),
	 .part = -1},
	{.key = "recorded_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = I(recorded_by_name),
	 .label = N_("Saved by"), .part = -1},
};
#undef I
const struct fields employment_income_fields = FIELDS(income_table);

bool
employment_income_check(const struct employment_income *in, const struct employment *job, struct field_errors *e)
{
	int n = e->n;
	if (in->valid_from.y == 0)
		return true;
	if (in->valid_from.d != 1)
		field_error_add(e, "valid_from", N_("Give the first day of a month."));
	else if (job->starts_on.y != 0 &&
		 (in->valid_from.y < job->starts_on.y ||
		  (in->valid_from.y == job->starts_on.y && in->valid_from.m < job->starts_on.m)))
		field_error_add(e, "valid_from", N_("The job has not started in that month."));
	else if (job->ends_on.y != 0 && date_cmp(in->valid_from, job->ends_on) > 0)
		field_error_add(e, "valid_from", N_("The job has ended before that month."));
	return e->n == n;
}

#define X(m) offsetof(struct employment_end, m)
static const struct field end_table[] = {
	{.key = "ends_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = X(ends_on), .label = N_("Last day of work"),
	 .missing = N_("Give the job's last day."), .part = -1},
	{.key = "reason", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = X(reason), .label = N_("Why the job ended"),
	 .options = job_end_reason_options, .noptions = JOB_END_REASON_COUNT,
	 .missing = N_("Choose why the job ended."), .part = -1},
	{.key = "note", .type = FT_TEXT, .offset = X(note), .max = 2000, .label = N_("About the end"),
	 .hint = N_("Required when the reason is other."), .part = -1},
};
#undef X
const struct fields employment_end_fields = FIELDS(end_table);

bool
employment_end_check(const struct employment_end *in, const struct employment *job, struct field_errors *e)
{
	int n = e->n;
	if (in->ends_on.y != 0 && job->starts_on.y != 0 && date_cmp(in->ends_on, job->starts_on) < 0)
		field_error_add(e, "ends_on", N_("The job's last day cannot be before its first."));
	else if (in->ends_on.y != 0 && job->ends_on.y != 0 && date_cmp(in->ends_on, job->ends_on) > 0)
		field_error_add(e, "ends_on", N_("The job already ends earlier: give its last day or one before it."));
	if (in->reason == JOB_END_OTHER && (in->note == NULL || in->note[0] == '\0') &&
	    field_error_of(e, "note") == NULL)
		field_error_add(e, "note", N_("Say why the job ended."));
	return e->n == n;
}

const char *
employment_end_refusal(const struct employment *job)
{
	return job->end_reason >= 0 ? N_("This job has been ended already.") : NULL;
}

bool
employment_month_income(const struct employment *job, const struct employment_income *versions, size_t n,
			int year, int month, int64_t *gross_ore, int64_t *hours_centi)
{
	*gross_ore = 0;
	*hours_centi = 0;
	if (job->starts_on.y == 0 || month < 1 || month > 12)
		return false;
	int dim = date_days_in_month(year, month);
	struct date first = {year, month, 1}, last = {year, month, dim};
	if (date_cmp(job->starts_on, last) > 0)
		return false;
	if (job->ends_on.y != 0 && date_cmp(job->ends_on, first) < 0)
		return false;
	/* The version in force on the first day of the month, or of the
	 * first day the job covers in it. */
	struct date from = date_cmp(job->starts_on, first) > 0 ? job->starts_on : first;
	struct date to = job->ends_on.y != 0 && date_cmp(job->ends_on, last) < 0 ? job->ends_on : last;
	const struct employment_income *in_force = NULL;
	for (size_t i = 0; i < n; i++) {
		struct date vf = versions[i].valid_from;
		if (vf.y != 0 && date_cmp(vf, from) <= 0 &&
		    (in_force == NULL || date_cmp(vf, in_force->valid_from) >= 0))
			in_force = &versions[i];
	}
	if (in_force == NULL)
		return false;
	int64_t days = date_to_days(to) - date_to_days(from) + 1;
	*gross_ore = mul_div_round(in_force->gross_ore, days, dim);
	*hours_centi = mul_div_round(in_force->hours_centi, days, dim);
	return true;
}
