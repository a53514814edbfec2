/*
 * eligibility.h — intake screening: may a referred person enter the
 * programme?
 *
 * Each rule is judged on its own so that the screening form can show every
 * rule with pass or fail and the reason, not only the first failure. The
 * programme leader makes the decision; these rules give the facts.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_ELIGIBILITY_H
#define SC_DOMAIN_ELIGIBILITY_H

#include <stdbool.h>

#include "domain/date.h"

/* Age limits at the planned start, both inclusive. */
#define ELIGIBILITY_MIN_AGE 18
#define ELIGIBILITY_MAX_AGE 55
/* Whole years that must have passed since the introduction programme ended. */
#define ELIGIBILITY_YEARS_SINCE_INTRO 2

/* The screening rules, in the order they are judged and shown. */
enum eligibility_rule {
	ELIG_AGE = 0,		/* 18 <= age <= 55 on the planned start date */
	ELIG_INTRO_ENDED,	/* introduction programme ended >= 2 years before */
	ELIG_NOT_ENROLLED,	/* in neither the qualification nor the
				 * introduction programme */
	ELIG_LAWFUL_RESIDENCE,	/* lawful residence in Norway */
	ELIG_NRULES
};

/* The outcome of one rule. */
struct rule_result {
	enum eligibility_rule rule;
	bool pass;
	const char *reason;	/* static English text when !pass, else NULL */
};

/* What screening needs to know about the person. */
struct eligibility_input {
	struct date birth;
	struct date planned_start;
	struct date intro_ended;	/* read only when intro_ended_known */
	bool intro_ended_known;
	bool in_qualification_programme;
	bool in_introduction_programme;
	bool lawful_residence;
};

/* Every rule's outcome, in enum order, and whether all passed. */
struct eligibility_result {
	struct rule_result rules[ELIG_NRULES];
	int nrules;
	bool eligible;
};

/* Judges every rule for in and fills *out (rules[i].rule == i). Returns 0, or
 * SC_EINVAL when birth, planned_start or (when known) intro_ended is not a
 * valid date (date_is_valid); *out is then cleared with eligible == false. */
int eligibility_screen(const struct eligibility_input *in,
    struct eligibility_result *out);

/* A stable identifier for a rule ("age", "intro_ended", "not_enrolled",
 * "lawful_residence") for forms, logs and stored screenings; NULL for an
 * unknown value. */
const char *eligibility_rule_name(enum eligibility_rule rule);

/* A short English description of a rule for the screening form
 * ("Age 18–55 at the planned start", ...); NULL for an unknown value. */
const char *eligibility_rule_label(enum eligibility_rule rule);

#endif
