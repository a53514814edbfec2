/*
 * costbenefit.h — the programme's cost-benefit account for an exit cohort,
 * in the manner of the Norwegian guidance for public-finance analysis
 * (Finansdepartementet's circular R-109 and DFØ's guide): the cost now
 * against the public savings later, discounted to the cohort's exit year.
 *
 * For a cohort in which N people went into work, each saving the public S
 * a year (the benefit no longer paid, B, and the tax and contributions on
 * their earnings, the tax share t of the earnings E: S = B + t E), the
 * present value of the savings over a horizon of H years, with persistence
 * p (the share still in work one year on: 100% in the first year, p in the
 * second, p^2 in the third, ...) and discount rate r, is
 *
 *     PV = sum over y = 1..H of  N S p^(y-1) / (1 + r)^y
 *
 * (the first year after exit is discounted one year, as a flow at the
 * year's end). The net present value is PV less the cost; the ratio is PV
 * per krone of cost. Amounts are øre; rates are basis points (4% = 400).
 */
#ifndef SC_DOMAIN_COSTBENEFIT_H
#define SC_DOMAIN_COSTBENEFIT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/field.h"

struct cb_params {
	int horizon_years;     /* 1..50; default 10 */
	int discount_bp;       /* 0..2000; default 400 */
	int persistence_bp;    /* 0..10000; default 9000 */
	int tax_share_bp;      /* 0..10000; default 3000 */
};

/* The defaults the issue names: 10 years, 4%, 90% a year, 30%. */
extern const struct cb_params cb_defaults;

/* Checks the parameters; errors under "horizon_years", "discount_rate",
 * "persistence", "tax_share". */
bool cb_params_check(const struct cb_params *p, struct field_errors *e);

/* The observed facts of one cohort. */
struct cb_cohort {
	int64_t cost;            /* the programme's cost of the cohort */
	int64_t people_in_work;  /* N */
	int64_t benefit_saved;   /* B: a year, per person in work */
	int64_t earnings;        /* E: a year, per person in work */
};

#define CB_MAX_YEARS 50

struct cb_result {
	int64_t saving_per_person;   /* S, rounded to øre */
	int64_t pv_savings;          /* PV, rounded to øre */
	int64_t npv;                 /* PV - cost */
	int ratio_permille;          /* PV per cost in per mille; -1 when cost is 0 */
	int64_t year_pv[CB_MAX_YEARS];   /* each year's discounted saving */
	int years;
};

/* The account; the parameters must have passed cb_params_check(). */
void cb_compute(const struct cb_params *p, const struct cb_cohort *c, struct cb_result *out);

#endif
