/*
 * test_stats.c — the reports' arithmetic (src/domain/stats.c and
 * costbenefit.c): shares, medians and quartiles against values worked by
 * hand, the threshold of five, and the discounting of the cost-benefit
 * account (a three-year case worked by hand, the defaults' case from an
 * independent script).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/costbenefit.h"
#include "domain/stats.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_threshold(void **state)
{
	(void)state;
	assert_false(stats_shown(0));
	assert_false(stats_shown(1));
	assert_false(stats_shown(4));
	assert_true(stats_shown(5));
	assert_true(stats_shown(1000));
}

static void
test_permille(void **state)
{
	(void)state;
	static const struct {
		int64_t part, whole;
		int want;
		const char *text;
	} rows[] = {
		{55, 100, 550, "55.0"}, {1, 3, 333, "33.3"}, {2, 3, 667, "66.7"}, {1, 8, 125, "12.5"},
		{1, 16, 63, "6.3"}, /* 62.5 rounds up */
		{1, 2000, 1, "0.1"}, {1, 2001, 0, "0.0"}, {7, 7, 1000, "100.0"}, {0, 9, 0, "0.0"},
		{3, 0, -1, "-"},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int got = stats_permille(rows[i].part, rows[i].whole);
		if (got != rows[i].want)
			fail_msg("%lld of %lld: %d, want %d", (long long)rows[i].part, (long long)rows[i].whole, got,
				 rows[i].want);
		char out[16];
		stats_format_permille(got, out);
		assert_string_equal(out, rows[i].text);
		/* a page in Bokmål: the same with a comma */
		char comma[16], want[16];
		stats_format_permille_mark(got, ',', comma);
		snprintf(want, sizeof want, "%s", rows[i].text);
		char *dot = strchr(want, '.');
		if (dot != NULL)
			*dot = ',';
		assert_string_equal(comma, want);
	}
}

static void
test_quartiles(void **state)
{
	(void)state;
	static const struct {
		int64_t v[8];
		size_t n;
		int64_t q1, q2, q3;   /* tenths */
	} rows[] = {
		{{7}, 1, 70, 70, 70},
		{{1, 3}, 2, 15, 20, 25},
		{{1, 2, 3, 4}, 4, 18, 25, 33},            /* 1.75, 2.5, 3.25 */
		{{10, 20, 30, 40, 50}, 5, 200, 300, 400},
		{{50, 10, 40, 30, 20}, 5, 200, 300, 400},  /* sorted first */
		{{3, 3, 3, 90, 120, 150}, 6, 30, 465, 1125}, /* 3, 46.5, 112.5 */
		{{-4, -2}, 2, -35, -30, -25},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t v[8];
		memcpy(v, rows[i].v, sizeof v);
		stats_sort(v, rows[i].n);
		int64_t q[3];
		for (int k = 1; k <= 3; k++)
			assert_true(stats_quartile_tenths(v, rows[i].n, k, &q[k - 1]));
		if (q[0] != rows[i].q1 || q[1] != rows[i].q2 || q[2] != rows[i].q3)
			fail_msg("row %zu: %lld %lld %lld, want %lld %lld %lld", i, (long long)q[0], (long long)q[1],
				 (long long)q[2], (long long)rows[i].q1, (long long)rows[i].q2, (long long)rows[i].q3);
	}
	int64_t t = 99;
	assert_false(stats_quartile_tenths(NULL, 0, 2, &t));
	int64_t one[] = {5};
	assert_false(stats_quartile_tenths(one, 1, 0, &t));
	assert_false(stats_quartile_tenths(one, 1, 4, &t));
	assert_int_equal(t, 99);
}

static void
test_cost_benefit(void **state)
{
	(void)state;
	struct cb_result r;
	/* by hand: 3 years, 10%, persistence 50%, 2 people saving 1000 kr:
	 * 2000/1.1 + 1000/1.21 + 500/1.331 = 1818.18 + 826.45 + 375.66 */
	struct cb_params p = {3, 1000, 5000, 0};
	struct cb_cohort c = {0, 2, 100000, 0};
	cb_compute(&p, &c, &r);
	assert_int_equal(r.saving_per_person, 100000);
	assert_int_equal(r.years, 3);
	assert_int_equal(r.year_pv[0], 181818);
	assert_int_equal(r.year_pv[1], 82645);
	assert_int_equal(r.year_pv[2], 37566);
	assert_int_equal(r.pv_savings, 302029);
	assert_int_equal(r.npv, 302029);
	assert_int_equal(r.ratio_permille, -1);   /* no cost: no ratio */

	/* no discounting, one year, tax share 50%: 100 + 0.5 x 200 = 200 kr */
	p = (struct cb_params){1, 0, 10000, 5000};
	c = (struct cb_cohort){10000, 1, 10000, 20000};
	cb_compute(&p, &c, &r);
	assert_int_equal(r.saving_per_person, 20000);
	assert_int_equal(r.pv_savings, 20000);
	assert_int_equal(r.npv, 10000);
	assert_int_equal(r.ratio_permille, 2000);

	/* the defaults (10 years, 4%, 90%, 30%): 20 people in work, 180 000 kr
	 * benefit saved and 350 000 kr earned a year each, a cost of 12 mill.;
	 * figures from an independent script */
	c = (struct cb_cohort){1200000000, 20, 18000000, 35000000};
	cb_compute(&cb_defaults, &c, &r);
	assert_int_equal(r.saving_per_person, 28500000);
	assert_int_equal(r.year_pv[0], 548076923);
	assert_int_equal(r.year_pv[9], 149184618);
	assert_int_equal(r.pv_savings, 3112384596);
	assert_int_equal(r.npv, 1912384596);
	assert_int_equal(r.ratio_permille, 2594);

	/* sensitivity: a higher rate or a lower persistence is worth less */
	struct cb_result hi_rate, lo_keep;
	struct cb_params p6 = cb_defaults, p80 = cb_defaults;
	p6.discount_bp = 600;
	p80.persistence_bp = 8000;
	cb_compute(&p6, &c, &hi_rate);
	cb_compute(&p80, &c, &lo_keep);
	assert_true(hi_rate.pv_savings < r.pv_savings);
	assert_true(lo_keep.pv_savings < r.pv_savings);
}

static void
test_params(void **state)
{
	(void)state;
	struct field_errors e = {0};
	assert_true(cb_params_check(&cb_defaults, &e));
	struct cb_params p = {0, -1, 10001, 10001};
	assert_false(cb_params_check(&p, &e));
	assert_int_equal(e.n, 4);
	assert_string_equal(e.field[0], "horizon_years");
	assert_int_equal(e.arg[0][1], 50);
	assert_string_equal(e.field[1], "discount_rate");
	assert_string_equal(e.field[2], "persistence");
	assert_string_equal(e.field[3], "tax_share");
	struct cb_params edge = {50, 2000, 0, 10000};
	e = (struct field_errors){0};
	assert_true(cb_params_check(&edge, &e));
	edge.horizon_years = 51;
	assert_false(cb_params_check(&edge, &e));
}

/* Quartiles of values with weights (the store's groups): the values of
 * test_quartiles' rows given once with their counts, in any order. */
static void
test_quartiles_weighted(void **state)
{
	(void)state;
	static const struct {
		int64_t v[6], w[6];
		size_t n;
		int64_t q1, q2, q3;   /* tenths */
	} rows[] = {
		{{7}, {1}, 1, 70, 70, 70},
		{{7}, {4}, 1, 70, 70, 70},
		{{3, 1}, {1, 1}, 2, 15, 20, 25},
		{{4, 1, 3, 2}, {1, 1, 1, 1}, 4, 18, 25, 33},
		{{3, 90, 120, 150}, {3, 1, 1, 1}, 4, 30, 465, 1125},   /* 3, 3, 3, 90, 120, 150 */
		{{150, 3, 120, 90}, {1, 3, 1, 1}, 4, 30, 465, 1125},
		{{0, 10}, {3, 1}, 2, 0, 0, 25},                        /* 0, 0, 0, 10 */
		{{5, 6}, {2, 2}, 2, 50, 55, 60},                       /* 5, 5, 6, 6: 5, 5.5, 6 */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t v[6], w[6];
		memcpy(v, rows[i].v, sizeof v);
		memcpy(w, rows[i].w, sizeof w);
		stats_sort_weighted(v, w, rows[i].n);
		int64_t q[3];
		for (int k = 1; k <= 3; k++)
			assert_true(stats_quartile_tenths_weighted(v, w, rows[i].n, k, &q[k - 1]));
		if (q[0] != rows[i].q1 || q[1] != rows[i].q2 || q[2] != rows[i].q3)
			fail_msg("row %zu: %lld %lld %lld, want %lld %lld %lld", i, (long long)q[0], (long long)q[1],
				 (long long)q[2], (long long)rows[i].q1, (long long)rows[i].q2, (long long)rows[i].q3);
	}
	int64_t t = 99;
	assert_false(stats_quartile_tenths_weighted(NULL, NULL, 0, 2, &t));
	assert_int_equal(t, 99);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_permille),
		cmocka_unit_test(test_quartiles),
		cmocka_unit_test(test_quartiles_weighted),
		cmocka_unit_test(test_cost_benefit),
		cmocka_unit_test(test_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
