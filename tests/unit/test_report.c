/*
 * test_report.c — the reports' rules and arithmetic (src/domain/report.c)
 * on small hand-made data sets whose answers are known: bands, the
 * threshold of 5, Results (counts and shares at exit, 6 and 12 months),
 * Time to work (quartiles), costs per participant-year and completer, the
 * cost-benefit account's discounting, the forecast.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/benefit.h"
#include "domain/report.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	if (s != NULL && s[0])
		assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void
test_bands(void **state)
{
	(void)state;
	static const struct { int age, band; } ages[] = {
		{-1, -1}, {0, AGE_UNDER_25}, {24, AGE_UNDER_25}, {25, AGE_25_34}, {34, AGE_25_34},
		{35, AGE_35_44}, {44, AGE_35_44}, {45, AGE_45_PLUS}, {67, AGE_45_PLUS},
	};
	for (size_t i = 0; i < NELEM(ages); i++)
		assert_int_equal(report_age_band_of(ages[i].age), ages[i].band);
	static const struct { int64_t years; int band; } school[] = {
		{FIELD_NONE, -1}, {-1, -1}, {0, SCHOOLING_0_6}, {6, SCHOOLING_0_6}, {7, SCHOOLING_7_9},
		{9, SCHOOLING_7_9}, {10, SCHOOLING_10_12}, {12, SCHOOLING_10_12}, {13, SCHOOLING_13_PLUS},
	};
	for (size_t i = 0; i < NELEM(school); i++)
		assert_int_equal(report_schooling_band_of(school[i].years), school[i].band);
}

static void
test_cell_shown(void **state)
{
	(void)state;
	static const struct { struct report_cell c; bool shown; } rows[] = {
		{{RC_COUNT, 4, 0, 0, false}, false},  {{RC_COUNT, 5, 0, 0, false}, true},  {{RC_COUNT, 0, 0, 0, false}, false},
		{{RC_SHARE, 5, 5, 0, false}, true},   {{RC_SHARE, 4, 40, 0, false}, false}, {{RC_SHARE, 5, 4, 0, false}, false},
		{{RC_TENTHS, 4, 0, 120, false}, false}, {{RC_TENTHS, 5, 0, 120, false}, true},
		{{RC_MONEY, -1, 0, 100, false}, true}, {{RC_MONEY, 3, 0, 100, false}, false}, {{RC_MONEY, 5, 0, 100, false}, true},
		{{RC_NUMBER, 0, 0, 2, false}, true},  {{RC_EMPTY, 0, 0, 0, false}, true},
		{{RC_MEAN, 4, 0, 12, false}, false},  {{RC_MEAN, 5, 0, 12, false}, true},
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(report_cell_shown(&rows[i].c), rows[i].shown);
}

/* A period: start, exit, exit outcome, 6 and 12 months (with their days),
 * gender, birth. */
static struct report_period
P(const char *start, const char *exit, const char *outcome, const char *r6, const char *on6, const char *r12,
  const char *on12, const char *gender, const char *birth)
{
	struct report_period p;
	memset(&p, 0, sizeof p);
	p.centre_id = 1;
	p.start = D(start);
	p.exit = D(exit);
	p.exit_status = report_status_of(outcome);
	p.status6 = report_status_of(r6);
	p.on6 = D(on6);
	p.status12 = report_status_of(r12);
	p.on12 = D(on12);
	p.gender = gender;
	p.country = "Syria";
	p.birth = D(birth);
	p.schooling = 9;
	return p;
}

static void
filter_none(struct report_filter *f)
{
	fields_clear(report_filter_fields, f);
}

/* Twelve periods: ten exits in 2025 (8 completers), one in 2024, one active. */
static size_t
sample(struct report_period *p)
{
	size_t n = 0;
	p[n++] = P("2024-01-01", "2025-01-31", "employed_full", "employed_full", "2025-07-31", "employed_full", "2026-01-31", "female", "1990-01-01");
	p[n++] = P("2024-02-01", "2025-02-28", "employed_part", "employed_full", "2025-08-31", "unemployed", "2026-02-28", "female", "1980-01-01");
	p[n++] = P("2024-03-01", "2025-03-31", "education", "education", "2025-09-30", "employed_full", "2026-03-31", "female", "2001-01-01");
	p[n++] = P("2024-04-01", "2025-04-30", "other_programme", "employed_part", "2025-10-31", "employed_part", "2026-04-30", "female", "1995-01-01");
	p[n++] = P("2024-05-01", "2025-05-31", "other", "unknown", "2025-11-30", NULL, NULL, "male", "1985-01-01");
	p[n++] = P("2024-06-01", "2025-06-30", "employed_full", "employed_full", "2025-12-31", "employed_full", "2026-06-30", "male", "1975-01-01");
	p[n++] = P("2024-07-01", "2025-07-31", "education", "unemployed", "2026-01-31", "education", "2026-07-31", "male", "1999-01-01");
	p[n++] = P("2024-08-01", "2025-08-31", "employed_full", NULL, NULL, NULL, NULL, "male", "1992-01-01");
	p[n++] = P("2024-09-01", "2025-09-30", "dropped_out", "employed_full", "2026-03-31", NULL, NULL, "female", "1993-01-01");
	p[n++] = P("2024-10-01", "2025-10-31", "moved", NULL, NULL, NULL, NULL, "other", "1994-01-01");
	p[n++] = P("2023-01-01", "2024-06-30", "employed_full", NULL, NULL, NULL, NULL, "female", "1990-01-01");
	p[n++] = P("2025-01-01", NULL, NULL, NULL, NULL, NULL, NULL, "female", "1990-01-01");
	return n;
}

static void
test_results(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report_period p[16];
	size_t n = sample(p);
	struct report_filter f;
	filter_none(&f);
	f.exit_year = 2025;
	struct report rep;
	assert_int_equal(report_results(p, n, &f, a, &rep), 0);
	assert_int_equal(rep.ntables, 2);
	struct report_table *t = &rep.tables[0];
	/* at exit: 10 people; work 4 (full 3, part 1), education 2 */
	assert_int_equal(report_at(t, 0, 0)->n, 10);
	assert_int_equal(report_at(t, 0, 1)->n, 4);
	assert_int_equal(report_at(t, 0, 1)->base, 10);
	assert_int_equal(report_at(t, 0, 2)->n, 2);
	assert_int_equal(report_at(t, 0, 3)->n, 6);
	assert_false(report_cell_shown(report_at(t, 0, 1)));   /* 4 in work: fewer than 5 */
	assert_true(report_cell_shown(report_at(t, 0, 3)));    /* 6 of 10 */
	/* completers (not dropped out, not moved): 8, of them 6 in work or education */
	assert_int_equal(report_at(t, 1, 0)->n, 8);
	assert_int_equal(report_at(t, 1, 3)->n, 6);
	assert_int_equal(report_at(t, 1, 3)->base, 8);
	/* 6 months: registered and known 7 (unknown and not registered left out);
	 * work 5 (full 4 + part 1), education 1, work or education 6 */
	assert_int_equal(report_at(t, 2, 0)->n, 7);
	assert_int_equal(report_at(t, 2, 1)->n, 5);
	assert_int_equal(report_at(t, 2, 2)->n, 1);
	assert_int_equal(report_at(t, 2, 3)->n, 6);
	assert_true(report_cell_shown(report_at(t, 2, 3)));
	/* 12 months: 6 known; work 4, education 1; self-supporting 4 of 6 */
	assert_int_equal(report_at(t, 3, 0)->n, 6);
	assert_int_equal(report_at(t, 3, 1)->n, 4);
	assert_int_equal(report_at(t, 3, 4)->n, 4);
	assert_int_equal(report_at(t, 3, 4)->base, 6);
	/* completers 8 of 10, non-completers 2 */
	struct report_table *c = &rep.tables[1];
	assert_int_equal(report_at(c, 0, 0)->n, 8);
	assert_int_equal(report_at(c, 1, 0)->n, 2);
	assert_int_equal(report_at(c, 0, 1)->base, 10);
	/* a filter: women of the 2025 exits: 5 people */
	f.gender = "female";
	assert_int_equal(report_results(p, n, &f, a, &rep), 0);
	assert_int_equal(report_at(&rep.tables[0], 0, 0)->n, 5);
	assert_int_equal(report_at(&rep.tables[0], 0, 3)->n, 3);
	/* age band at start 25-34: born 1990 (34 on the day), 1992, 1993, 1994, 1995, 1999 */
	f.gender = "";
	f.age_band = AGE_25_34;
	assert_int_equal(report_results(p, n, &f, a, &rep), 0);
	assert_int_equal(report_at(&rep.tables[0], 0, 0)->n, 6);
	arena_free(a);
}

static void
test_time_to_work(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report_period p[16];
	size_t n = sample(p);
	struct report_filter f;
	filter_none(&f);
	f.cohort = 2024;
	struct report rep;
	assert_int_equal(report_time_to_work(p, n, &f, a, &rep), 0);
	struct report_table *t = &rep.tables[0];
	/* started 2024: 10; first job: exit in work (1: 396 d, 2: 393, 6: 394,
	 * 8: 395), else 6 months (4: 2025-10-31 = 578; 9: 2026-03-31 = 576),
	 * else 12 months (3: 2026-03-31 = 760) — 7 found work */
	assert_int_equal(report_at(t, 0, 0)->n, 10);
	assert_int_equal(report_at(t, 0, 1)->n, 7);
	/* sorted: 393 394 395 396 576 578 760; Q1 at 1.5: 394.5; median 396;
	 * Q3 at 4.5: 577 */
	assert_int_equal(report_at(t, 0, 2)->value, 3945);
	assert_int_equal(report_at(t, 0, 3)->value, 3960);
	assert_int_equal(report_at(t, 0, 4)->value, 5770);
	assert_true(report_cell_shown(report_at(t, 0, 3)));
	/* by cohort: one row, 2024 */
	assert_int_equal(rep.tables[1].nrows, 1);
	assert_string_equal(rep.tables[1].rows[0], "2024");
	assert_int_equal(report_at(&rep.tables[1], 0, 3)->value, 3960);
	arena_free(a);
}

static void
test_costs(void **state)
{
	(void)state;
	struct report_period p[16];
	size_t n = sample(p);
	struct report_filter f;
	filter_none(&f);
	struct date today = D("2026-12-04");
	/* 2025: periods 1..10 (to their exits) and 12 (all year): */
	int64_t days = report_participant_days(p, n, &f, 2025, today);
	/* exits 31+59+90+120+151+181+212+243+273+304 = 1664, plus 365 */
	assert_int_equal(days, 1664 + 365);
	assert_int_equal(report_completers_in(p, n, &f, 2025), 8);
	struct report_cost_year y = {.year = 2025, .cost = 2029 * 100, .benefits = 0, .participant_days = days,
				     .completers = 8};
	report_cost_year_fill(&y);
	assert_int_equal(y.per_participant_year, 36500);   /* 202900 * 365 / 2029 */
	assert_int_equal(y.per_completer, 25363);          /* 202900 / 8 = 25362.5, half up */
	struct report_cost_year none = {.year = 2030, .cost = 1};
	report_cost_year_fill(&none);
	assert_int_equal(none.per_participant_year, -1);
	assert_int_equal(none.per_completer, -1);
}

/* The discounting, by hand: N = 5, S = 0 + 30% of 10 000 kr = 3 000 kr,
 * horizon 2, 4%, persistence 90%: PV = 5 * 300000 * (1/1.04 + 0.9/1.04^2)
 * = 2 690 458.58 øre; cost 1 000 000 øre. */
static void
test_cost_benefit(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report_cb_cohort c[] = {{2025, 8, 5, 1000000}};
	struct cb_params pr = {2, 400, 9000, 3000};
	struct report rep;
	assert_int_equal(report_cost_benefit(c, 1, &pr, 0, 1000000, a, &rep), 0);
	struct report_table *proj = &rep.tables[1];
	assert_int_equal(report_at(proj, 0, 0)->value, 300000);
	assert_int_equal(report_at(proj, 0, 1)->value, 2690459);
	assert_int_equal(report_at(proj, 0, 2)->value, 1690459);
	/* 2 690 459 / 1 000 000 * 100 kr = 269.0459 kr: 269.05 kr per 100 kr, to the hundredth */
	assert_int_equal(report_at(proj, 0, 3)->value, 26905);
	/* sensitivity: 4% and 90% is the same account */
	struct report_table *s = &rep.tables[2];
	assert_int_equal(report_at(s, 2, 2)->value, 1690459);
	/* 2%, 100%: 1 500 000 (1/1.02 + 1/1.02^2) = 2 912 341.41; less the cost */
	assert_int_equal(report_at(s, 0, 3)->value, 1912341);
	/* four in work: the projection is not shown */
	c[0].in_work = 4;
	assert_int_equal(report_cost_benefit(c, 1, &pr, 0, 1000000, a, &rep), 0);
	assert_false(report_cell_shown(report_at(&rep.tables[1], 0, 1)));
	assert_true(report_cell_shown(report_at(&rep.tables[1], 0, 0)));
	arena_free(a);
}

static void
test_cohort_cost(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* two periods in 2025: one all year exiting 2025-12-31 (365 d), one
	 * from 2025-07-02 still in (183 d): 2025's cost 548 000 falls 365 000
	 * on the 2025 cohort */
	struct report_period p[2];
	p[0] = P("2025-01-01", "2025-12-31", "employed_full", NULL, NULL, NULL, NULL, "male", "1990-01-01");
	p[1] = P("2025-07-02", NULL, NULL, NULL, NULL, NULL, NULL, "male", "1990-01-01");
	struct report_filter f;
	filter_none(&f);
	int64_t years[] = {2025}, costs[] = {548000};
	struct report_cb_cohort *c;
	size_t nc;
	assert_int_equal(report_cb_cohorts(p, 2, &f, years, costs, 1, D("2026-06-30"), a, &c, &nc), 0);
	assert_int_equal(nc, 1);
	assert_int_equal(c[0].year, 2025);
	assert_int_equal(c[0].exits, 1);
	assert_int_equal(c[0].in_work, 1);
	assert_int_equal(c[0].cost, 365000);
	arena_free(a);
}

static void
test_forecast(void **state)
{
	(void)state;
	/* 10 waiting, 2 free, exits: one overdue, two in the second month;
	 * 24 referrals a year: 2 a month */
	struct date exits[] = {D("2026-01-10"), D("2026-03-01"), D("2026-03-20")};
	struct report_forecast_month m[REPORT_FORECAST_MONTHS];
	report_forecast(10, 2, exits, NELEM(exits), 24, D("2026-02-01"), m);
	assert_int_equal(m[0].arrivals, 2);
	assert_int_equal(m[0].places, 3);     /* 2 free + the overdue exit */
	assert_int_equal(m[0].starts, 3);
	assert_int_equal(m[0].waiting, 9);
	assert_int_equal(m[1].places, 2);
	assert_int_equal(m[1].waiting, 9);
	assert_int_equal(m[2].places, 0);
	assert_int_equal(m[11].waiting, 9 + 2 * 10);
	/* 5 places a year: 9 waiting wait 9 * 12 * 30 / 5 = 648 days */
	assert_int_equal(m[0].wait_days, 648);
	struct report_forecast_month z[REPORT_FORECAST_MONTHS];
	report_forecast(3, 0, NULL, 0, 0, D("2026-02-01"), z);
	assert_int_equal(z[0].wait_days, -1);
}

/* From the middle of a month the rows are still calendar months, whose end
 * "waiting at the month's end" is at: this month's rest, then each month
 * from its first day; an exit counts in the month it falls in. */
static void
test_forecast_calendar_months(void **state)
{
	(void)state;
	struct date exits[] = {D("2026-12-31"), D("2027-01-01"), D("2027-01-20"), D("2027-02-01")};
	struct report_forecast_month m[REPORT_FORECAST_MONTHS];
	report_forecast(10, 0, exits, NELEM(exits), 0, D("2026-12-07"), m);
	char d[11];
	date_format(m[0].from, d);
	assert_string_equal(d, "2026-12-07");
	date_format(m[1].from, d);
	assert_string_equal(d, "2027-01-01");
	date_format(m[11].from, d);
	assert_string_equal(d, "2027-11-01");
	assert_int_equal(m[0].places, 1);   /* 31 December */
	assert_int_equal(m[1].places, 2);   /* 1 and 20 January */
	assert_int_equal(m[2].places, 1);   /* 1 February */
	assert_int_equal(m[1].waiting, 7);
}

/* The first row is the rest of this month: it expects its share of a
 * month's referrals by its days, the total by each month's end rounded
 * down. 24 a year is 2 a month. */
static void
test_forecast_first_month_prorated(void **state)
{
	(void)state;
	struct report_forecast_month m[REPORT_FORECAST_MONTHS];
	/* 7 December: 25 of December's 31 days, 24 * 25 / 372 = 1.6 */
	report_forecast(0, 0, NULL, 0, 24, D("2026-12-07"), m);
	assert_int_equal(m[0].arrivals, 1);
	assert_int_equal(m[1].arrivals, 2);   /* by January's end 24 * 56 / 372 = 3.6 */
	int64_t year = 0;
	for (int i = 0; i < REPORT_FORECAST_MONTHS; i++)
		year += m[i].arrivals;
	assert_int_equal(year, 23);   /* 11 months and 25 days: 24 * 366 / 372 = 23.6 */
	assert_int_equal(m[11].waiting, 23);
	/* 15 February: 14 of 28 days, half of 2 */
	report_forecast(0, 0, NULL, 0, 24, D("2026-02-15"), m);
	assert_int_equal(m[0].arrivals, 1);
	/* the last day of January: 1 of 31 days of 1 a month */
	report_forecast(0, 0, NULL, 0, 12, D("2026-01-31"), m);
	assert_int_equal(m[0].arrivals, 0);
	assert_int_equal(m[1].arrivals, 1);
	/* from the 1st the month is whole */
	report_forecast(0, 0, NULL, 0, 24, D("2026-02-01"), m);
	assert_int_equal(m[0].arrivals, 2);
}

static void
test_annual(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report_period p[16];
	size_t n = sample(p);
	struct report_filter f;
	filter_none(&f);
	struct report rep;
	assert_int_equal(report_annual(p, n, &f, 2025, 100000, 0, a, &rep), 0);
	struct report_table *t = &rep.tables[0];
	assert_int_equal(report_at(t, 0, 0)->n, 11);   /* in the programme during 2025 */
	assert_int_equal(report_at(t, 1, 0)->n, 1);    /* started 2025 */
	assert_int_equal(report_at(t, 2, 0)->n, 10);
	assert_int_equal(report_at(t, 3, 0)->n, 8);
	assert_int_equal(report_at(t, 4, 0)->n, 6);
	assert_int_equal(report_at(t, 4, 1)->base, 8);
	assert_int_equal(report_at(&rep.tables[1], 0, 0)->n, 3);   /* employed full-time at exit */
	assert_int_equal(report_at(&rep.tables[2], 2, 0)->value, 100000);
	arena_free(a);
}

/* A row that stands for n periods (report_period.n, the store's groups)
 * counts as n copies of it: Results and the annual report of the sample
 * with each row standing for w periods are the sample's figures times w,
 * cell by cell; n 0 and 1 are one period. */
static void
test_weights(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct report_period p[16], big[16 * 3];
	size_t n = sample(p);
	static const int64_t weights[] = {0, 1, 2, 3, 7};
	struct report_filter f;
	filter_none(&f);
	for (size_t k = 0; k < NELEM(weights); k++) {
		int64_t w = weights[k] > 0 ? weights[k] : 1;
		struct report_period q[16];
		memcpy(q, p, sizeof q);
		for (size_t i = 0; i < n; i++)
			q[i].n = weights[k];
		/* the same as w copies of each row, when w copies fit */
		size_t nb = 0;
		for (size_t i = 0; i < n && w <= 3; i++)
			for (int64_t c = 0; c < w; c++)
				big[nb++] = p[i];
		struct report one, weighted, copies;
		for (int kind = 0; kind < 2; kind++) {
			if (kind == 0) {
				assert_int_equal(report_results(p, n, &f, a, &one), 0);
				assert_int_equal(report_results(q, n, &f, a, &weighted), 0);
				if (nb > 0)
					assert_int_equal(report_results(big, nb, &f, a, &copies), 0);
			} else {
				assert_int_equal(report_annual(p, n, &f, 2025, 0, 0, a, &one), 0);
				assert_int_equal(report_annual(q, n, &f, 2025, 0, 0, a, &weighted), 0);
				if (nb > 0)
					assert_int_equal(report_annual(big, nb, &f, 2025, 0, 0, a, &copies), 0);
			}
			assert_int_equal(one.ntables, weighted.ntables);
			for (size_t t = 0; t < one.ntables; t++) {
				struct report_table *x = &one.tables[t], *y = &weighted.tables[t];
				for (size_t c = 0; c < x->nrows * x->ncols; c++) {
					if (x->cells[c].kind == RC_MONEY)
						continue;
					assert_int_equal(y->cells[c].n, x->cells[c].n * w);
					assert_int_equal(y->cells[c].base, x->cells[c].base * w);
					if (nb > 0) {
						assert_int_equal(copies.tables[t].cells[c].n, y->cells[c].n);
						assert_int_equal(copies.tables[t].cells[c].base, y->cells[c].base);
					}
				}
			}
		}
		assert_int_equal(report_weight(&q[0]), w);
		assert_int_equal(report_completers_in(q, n, &f, 2025), 8 * w);
	}
	arena_free(a);
}

/* A year's exits counted by outcome as the annual report counts them: each
 * is an exit; a completer unless dropped out, moved or with no outcome;
 * into work or education when employed or in education. */
static void
test_exits_add(void **state)
{
	(void)state;
	static const struct {
		int status;
		int64_t n, exits, completers, work_edu;
	} cases[] = {
		{RS_EMPLOYED_FULL, 3, 3, 3, 3},
		{RS_EMPLOYED_PART, 2, 2, 2, 2},
		{RS_EDUCATION, 4, 4, 4, 4},
		{RS_OTHER_PROGRAMME, 5, 5, 5, 0},
		{RS_OTHER, 1, 1, 1, 0},
		{RS_UNKNOWN, 1, 1, 1, 0},
		{RS_UNEMPLOYED, 2, 2, 2, 0},
		{RS_DROPPED_OUT, 6, 6, 0, 0},
		{RS_MOVED, 7, 7, 0, 0},
		{RS_NONE, 8, 8, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t exits = 10, completers = 20, work_edu = 30;
		report_exits_add(cases[i].status, cases[i].n, &exits, &completers, &work_edu);
		assert_int_equal(exits, 10 + cases[i].exits);
		assert_int_equal(completers, 20 + cases[i].completers);
		assert_int_equal(work_edu, 30 + cases[i].work_edu);
	}
}

static void
test_month_ends(void **state)
{
	(void)state;
	struct date e[12];
	report_month_ends(D("2026-03-15"), e);
	char s[11];
	date_format(e[0], s);
	assert_string_equal(s, "2025-04-30");
	date_format(e[10], s);
	assert_string_equal(s, "2026-02-28");
	date_format(e[11], s);
	assert_string_equal(s, "2026-03-15");
}

static void
test_filter_check(void **state)
{
	(void)state;
	struct report_filter f;
	filter_none(&f);
	struct field_errors e = {0};
	f.from = D("2026-02-01");
	f.to = D("2026-01-31");
	assert_false(report_filter_check(&f, &e));
	assert_string_equal(field_error_of(&e, "to"), "The last day cannot be before the first.");
	struct arena *a = arena_new();
	memset(&e, 0, sizeof e);
	filter_none(&f);
	field_read_text(fields_find(report_filter_fields, "gender"), "woman", &f, a, &e);
	assert_string_equal(field_error_of(&e, "gender"), "Choose a gender from the list.");
	memset(&e, 0, sizeof e);
	field_read_text(fields_find(report_filter_fields, "gender"), "female", &f, a, &e);
	assert_int_equal(e.n, 0);
	assert_string_equal(f.gender, "female");
	/* the scheme: its keys, nothing else; a period of the other scheme,
	 * or of none read, does not match */
	memset(&e, 0, sizeof e);
	field_read_text(fields_find(report_filter_fields, "scheme"), "state", &f, a, &e);
	assert_string_equal(field_error_of(&e, "scheme"), "Choose a benefit scheme from the list.");
	memset(&e, 0, sizeof e);
	filter_none(&f);
	assert_int_equal(f.scheme, -1);
	field_read_text(fields_find(report_filter_fields, "scheme"), "kvp", &f, a, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(f.scheme, BENEFIT_KVP);
	struct report_period p = P("2024-01-01", NULL, NULL, NULL, NULL, NULL, NULL, "female", "1990-01-01");
	p.scheme = BENEFIT_KVP;
	assert_true(report_period_matches(&f, &p));
	p.scheme = BENEFIT_BERGEN;
	assert_false(report_period_matches(&f, &p));
	p.scheme = -1;
	assert_false(report_period_matches(&f, &p));
	f.scheme = -1;
	assert_true(report_period_matches(&f, &p));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_cell_shown),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_time_to_work),
		cmocka_unit_test(test_costs),
		cmocka_unit_test(test_cost_benefit),
		cmocka_unit_test(test_cohort_cost),
		cmocka_unit_test(test_forecast),
		cmocka_unit_test(test_forecast_calendar_months),
		cmocka_unit_test(test_forecast_first_month_prorated),
		cmocka_unit_test(test_annual),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_exits_add),
		cmocka_unit_test(test_month_ends),
		cmocka_unit_test(test_filter_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
