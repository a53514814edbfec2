/*
 * costbenefit.c — the cost-benefit account; see costbenefit.h.
 */
#include "domain/costbenefit.h"

#include "i18n/i18n.h"

#include <math.h>
#include <string.h>

const struct cb_params cb_defaults = {10, 400, 9000, 3000};

bool
cb_params_check(const struct cb_params *p, struct field_errors *e)
{
	int before = e->n;
	if (p->horizon_years < 1 || p->horizon_years > CB_MAX_YEARS)
		field_error_add2(e, "horizon_years", N_("Write a whole number from %lld to %lld."), 1, CB_MAX_YEARS);
	if (p->discount_bp < 0 || p->discount_bp > 2000)
		field_error_add2(e, "discount_rate", N_("Write a percentage from %lld to %lld."), 0, 20);
	if (p->persistence_bp < 0 || p->persistence_bp > 10000)
		field_error_add2(e, "persistence", N_("Write a percentage from %lld to %lld."), 0, 100);
	if (p->tax_share_bp < 0 || p->tax_share_bp > 10000)
		field_error_add2(e, "tax_share", N_("Write a percentage from %lld to %lld."), 0, 100);
	return e->n == before;
}

static int64_t
round_ore(long double x)
{
	return (int64_t)llroundl(x);
}

void
cb_compute(const struct cb_params *p, const struct cb_cohort *c, struct cb_result *out)
{
	memset(out, 0, sizeof *out);
	long double s = (long double)c->benefit_saved + (long double)c->earnings * p->tax_share_bp / 10000.0L;
	out->saving_per_person = round_ore(s);
	long double r = p->discount_bp / 10000.0L, keep = p->persistence_bp / 10000.0L;
	long double total = 0, still = 1, disc = 1;
	out->years = p->horizon_years;
	for (int y = 1; y <= p->horizon_years && y <= CB_MAX_YEARS; y++) {
		disc /= 1 + r;
		long double v = (long double)c->people_in_work * s * still * disc;
		out->year_pv[y - 1] = round_ore(v);
		total += v;
		still *= keep;
	}
	out->pv_savings = round_ore(total);
	out->npv = out->pv_savings - c->cost;
	out->ratio_permille = c->cost > 0 ? (int)llroundl(total * 1000 / c->cost) : -1;
}
