/*
 * eligibility.c — the intake screening rules; see eligibility.h.
 */
#include "domain/eligibility.h"

#include <string.h>

#include "i18n/i18n.h"
#include "util/err.h"

static const char *const rule_names[ELIG_NRULES] = {
	[ELIG_AGE] = "age",
	[ELIG_INTRO_ENDED] = "intro_ended",
	[ELIG_NOT_ENROLLED] = "not_enrolled",
	[ELIG_LAWFUL_RESIDENCE] = "lawful_residence",
};

static const char *const rule_labels[ELIG_NRULES] = {
	[ELIG_AGE] = N_("Age 18–55 at the planned start"),
	[ELIG_INTRO_ENDED] = N_("At least two years since the introduction programme ended"),
	[ELIG_NOT_ENROLLED] = N_("Not in the qualification or introduction programme"),
	[ELIG_LAWFUL_RESIDENCE] = N_("Lawful residence"),
};

static const char *
check_age(const struct eligibility_input *in)
{
	int age = date_age_on(in->birth, in->planned_start);

	if (age < 0)
		return N_("the birth date is after the planned start");
	if (age < ELIGIBILITY_MIN_AGE)
		return N_("must be at least 18 years old at the planned start");
	if (age > ELIGIBILITY_MAX_AGE)
		return N_("must be at most 55 years old at the planned start");
	return NULL;
}

static const char *
check_intro_ended(const struct eligibility_input *in)
{
	if (!in->intro_ended_known)
		return N_("date the introduction programme ended is not known");
	/* Ended on or before the same calendar day two years before the start
	 * (29 February counts back to 28 February). */
	struct date latest = date_add_years(in->planned_start,
	    -ELIGIBILITY_YEARS_SINCE_INTRO);
	if (date_cmp(in->intro_ended, latest) > 0)
		return N_("the introduction programme ended less than two years before the planned start");
	return NULL;
}

static const char *
check_not_enrolled(const struct eligibility_input *in)
{
	if (in->in_qualification_programme)
		return N_("is enrolled in the qualification programme");
	if (in->in_introduction_programme)
		return N_("is enrolled in the introduction programme");
	return NULL;
}

static const char *
check_lawful_residence(const struct eligibility_input *in)
{
	if (!in->lawful_residence)
		return N_("lawful residence is not confirmed");
	return NULL;
}

int
eligibility_screen(const struct eligibility_input *in,
    struct eligibility_result *out)
{
	static const char *(*const checks[ELIG_NRULES])(const struct eligibility_input *) = {
		[ELIG_AGE] = check_age,
		[ELIG_INTRO_ENDED] = check_intro_ended,
		[ELIG_NOT_ENROLLED] = check_not_enrolled,
		[ELIG_LAWFUL_RESIDENCE] = check_lawful_residence,
	};

	memset(out, 0, sizeof *out);
	if (!date_is_valid(in->birth) || !date_is_valid(in->planned_start) ||
	    (in->intro_ended_known && !date_is_valid(in->intro_ended)))
		return SC_EINVAL;

	out->eligible = true;
	for (int i = 0; i < ELIG_NRULES; i++) {
		const char *why = checks[i](in);
		out->rules[i] = (struct rule_result){
			.rule = (enum eligibility_rule)i,
			.pass = why == NULL,
			.reason = why,
		};
		if (why != NULL)
			out->eligible = false;
	}
	out->nrules = ELIG_NRULES;
	return 0;
}

const char *
eligibility_rule_name(enum eligibility_rule rule)
{
	if ((int)rule < 0 || rule >= ELIG_NRULES)
		return NULL;
	return rule_names[rule];
}

const char *
eligibility_rule_label(enum eligibility_rule rule)
{
	if ((int)rule < 0 || rule >= ELIG_NRULES)
		return NULL;
	return rule_labels[rule];
}
