/*
 * test_benefit.c — the monthly benefit statement (src/domain/benefit.c),
 * rule by rule, as a table of months: the example, both schemes,
 * a start, an exit and a pause in the month, the 25th birthday (also for
 * someone born on 29 February), a child born and a child turning 18 in the
 * month (also one born on 29 February), G changing on 1 May, absence capped
 * at the base, kvp's work hours beyond a full month and a month of
 * weekends, other income of both kinds, the zero floor, each tax path
 * (percent, table, table halved in June and December, a missing table,
 * none) and recovery capped by its share and by what is outstanding.
 *
 * The expected figures of each row were worked out from the rules with an
 * independent model of them; the first two rows also by hand (see the
 * comments).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/benefit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const reducing[] = {"dagpenger", "sykepenger", "foreldrepenger", "aap", "laerlingelonn",
				       NULL};
static const char *const recorded[] = {"bostotte", "barnetrygd", "kontantstotte", "barnebidrag", NULL};

/* G in force on the first day of the month (the dated series). */
static int64_t
g_on(int year, int month)
{
	struct date first = {year, month, 1};
	static const struct {
		struct date from;
		int64_t kr;
	} series[] = {
		{{2023, 5, 1}, 118620}, {{2024, 5, 1}, 124028}, {{2025, 5, 1}, 130160}, {{2026, 5, 1}, 136549},
	};
	int64_t g = 0;
	for (size_t i = 0; i < NELEM(series); i++)
		if (date_cmp(series[i].from, first) <= 0)
			g = series[i].kr * 100;
	return g;
}

static struct benefit_params
params(enum benefit_kind kind, int year, int month)
{
	struct benefit_params p = {
		.kind = kind, .month_amount_ore = 1500000, .g_ore = g_on(year, month), .child_rate_ore = 2700,
		.recovery_percent = 50, .reducing = reducing, .recorded = recorded,
	};
	return p;
}

/* Table 8010 of 2025: a row a thousand kroner, withholding 30 % of its
 * lower bound. */
static bool
lookup(void *ctx, int year, const char *table, int64_t kr, int64_t *withhold_kr)
{
	(void)ctx;
	if (year != 2025 || strcmp(table, "8010") != 0 || kr < 0 || kr >= 40000)
		return false;
	*withhold_kr = (kr / 1000) * 1000 * 3 / 10;
	return true;
}

struct want {
	int64_t base, children, absence, work, other, limited, gross, tax, recovery, net;
	int days, weekdays;
	int64_t child_days;
};

struct row {
	const char *name;
	enum benefit_kind kind;
	struct benefit_input in;
	struct want want;
};

static const struct row rows[] = {
	{"example", BENEFIT_KVP, {2025, 9, {1999, 10, 15}, {2025, 9, 10}, true, {2026, 9, 9}, 1, {{{2025, 9, 22}, {2025, 9, 26}}}, 1, {{2010, 9, 20}}, 450, true, 500000, 2000, 1, {{"sykepenger", 100000}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {1156976, 27000, 105533, 315727, 100000, 0, 662716, 198800, 0, 463916, 16, 10, 10}},
	{"bergen whole month", BENEFIT_BERGEN, {2025, 9, {1980, 1, 1}, {2025, 1, 6}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 0, "", 0},
	 {1500000, 0, 0, 0, 0, 0, 1500000, 0, 0, 1500000, 30, 22, 0}},
	{"bergen mid start, child turns 18, table missing", BENEFIT_BERGEN, {2025, 9, {1980, 1, 1}, {2025, 9, 10}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 2, {{2007, 9, 15}, {2015, 1, 1}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_TABLE, 0, "7100", 0},
	 {1050000, 48600, 0, 0, 0, 0, 1098600, 549300, 0, 549300, 21, 15, 18}},
	{"kvp under 25", BENEFIT_KVP, {2025, 9, {2001, 3, 1}, {2024, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 20, "", 0},
	 {1446222, 0, 0, 0, 0, 0, 1446222, 289200, 0, 1157022, 30, 22, 0}},
	{"kvp turns 25 on the first", BENEFIT_KVP, {2025, 9, {2000, 9, 1}, {2024, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 20, "", 0},
	 {2169333, 0, 0, 0, 0, 0, 2169333, 433800, 0, 1735533, 30, 22, 0}},
	{"kvp 29 Feb, March", BENEFIT_KVP, {2025, 3, {2000, 2, 29}, {2024, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 10, "", 0},
	 {2067133, 0, 0, 0, 0, 0, 2067133, 206700, 0, 1860433, 31, 21, 0}},
	{"kvp 29 Feb, February", BENEFIT_KVP, {2025, 2, {2000, 2, 29}, {2024, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 10, "", 0},
	 {1378089, 0, 0, 0, 0, 0, 1378089, 137800, 0, 1240289, 28, 20, 0}},
	{"child born mid-month", BENEFIT_BERGEN, {2025, 9, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 1, {{2025, 9, 17}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 25, "", 0},
	 {1500000, 27000, 0, 0, 0, 0, 1527000, 381700, 0, 1145300, 30, 22, 10}},
	{"child of 29 Feb, February 2026", BENEFIT_BERGEN, {2026, 2, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 1, {{2008, 2, 29}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 25, "", 0},
	 {1500000, 54000, 0, 0, 0, 0, 1554000, 388500, 0, 1165500, 28, 20, 20}},
	{"child of 29 Feb, March 2026", BENEFIT_BERGEN, {2026, 3, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 1, {{2008, 2, 29}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 25, "", 0},
	 {1500000, 0, 0, 0, 0, 0, 1500000, 375000, 0, 1125000, 31, 22, 0}},
	{"zero floor", BENEFIT_BERGEN, {2025, 10, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, true, 2000000, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 50000},
	 {1500000, 0, 0, 2000000, 0, 500000, 0, 0, 0, 0, 31, 23, 0}},
	{"recovery capped by share", BENEFIT_BERGEN, {2025, 10, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 900000},
	 {1500000, 0, 0, 0, 0, 0, 1500000, 450000, 525000, 525000, 31, 23, 0}},
	{"recovery capped by outstanding", BENEFIT_BERGEN, {2025, 10, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 12345},
	 {1500000, 0, 0, 0, 0, 0, 1500000, 450000, 12345, 1037655, 31, 23, 0}},
	{"table in June halved", BENEFIT_BERGEN, {2025, 6, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_TABLE, 0, "8010", 0},
	 {1500000, 0, 0, 0, 0, 0, 1500000, 225000, 0, 1275000, 30, 21, 0}},
	{"table in December halved", BENEFIT_BERGEN, {2025, 12, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 1, {{2019, 1, 1}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_TABLE, 0, "8010", 0},
	 {1500000, 62100, 0, 0, 0, 0, 1562100, 225000, 0, 1337100, 31, 23, 23}},
	{"table in October", BENEFIT_BERGEN, {2025, 10, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_TABLE, 0, "8010", 0},
	 {1500000, 0, 0, 0, 0, 0, 1500000, 450000, 0, 1050000, 31, 23, 0}},
	{"absence capped at base", BENEFIT_BERGEN, {2025, 10, {1985, 5, 5}, {2025, 10, 30}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 100000, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {100000, 0, 100000, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0}},
	{"exit mid-month, no tax info", BENEFIT_KVP, {2025, 9, {1985, 5, 5}, {2024, 9, 1}, true, {2025, 9, 15}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_NONE, 0, "", 0},
	 {1084665, 0, 0, 0, 0, 0, 1084665, 542300, 0, 542365, 15, 11, 0}},
	{"kvp hours over full", BENEFIT_KVP, {2025, 9, {1985, 5, 5}, {2024, 9, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, true, 0, 40050, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {2169333, 0, 0, 2169333, 0, 0, 0, 0, 0, 0, 30, 22, 0}},
	{"kvp weekend only", BENEFIT_KVP, {2025, 9, {1985, 5, 5}, {2025, 9, 6}, true, {2025, 9, 7}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, true, 0, 325, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {144622, 0, 0, 0, 0, 0, 144622, 43300, 0, 101322, 2, 0, 0}},
	{"G of April 2025", BENEFIT_KVP, {2025, 4, {1985, 5, 5}, {2024, 9, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {2067133, 0, 0, 0, 0, 0, 2067133, 620100, 0, 1447033, 30, 22, 0}},
	{"G of May 2025", BENEFIT_KVP, {2025, 5, {1985, 5, 5}, {2024, 9, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {2169333, 0, 0, 0, 0, 0, 2169333, 650700, 0, 1518633, 31, 22, 0}},
	{"recorded kind", BENEFIT_BERGEN, {2025, 10, {1985, 5, 5}, {2025, 1, 1}, false, {0, 0, 0}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 2, {{"barnetrygd", 176600}, {"aap", 33333}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {1500000, 0, 0, 0, 33333, 0, 1466667, 440000, 0, 1026667, 31, 23, 0}},
	{"leap February whole", BENEFIT_BERGEN, {2028, 2, {1985, 5, 5}, {2028, 2, 1}, true, {2028, 2, 29}, 0, {{{0,0,0},{0,0,0}}}, 0, {{0,0,0}}, 0, false, 0, 0, 0, {{NULL, 0}}, BENEFIT_TAX_PERCENT, 30, "", 0},
	 {1500000, 0, 0, 0, 0, 0, 1500000, 450000, 0, 1050000, 29, 21, 0}},
	{"kvp half hours rounding", BENEFIT_KVP, {2025, 11, {2002, 11, 30}, {2025, 11, 3}, false, {0, 0, 0}, 1, {{{2025, 11, 10}, {2025, 11, 10}}}, 2, {{2012, 11, 11}, {2020, 2, 29}}, 37, true, 0, 1234, 1, {{"dagpenger", 1}}, BENEFIT_TAX_PERCENT, 33, "", 1000000},
	 {1301589, 102600, 5785, 121598, 1, 0, 1276805, 421300, 427752, 427753, 27, 19, 38}},
};

static int64_t
line_amount(const struct benefit_statement *s, const char *code)
{
	int64_t sum = 0;
	for (size_t i = 0; i < s->nlines; i++)
		if (strcmp(s->lines[i].code, code) == 0)
			sum += s->lines[i].amount_ore;
	return sum;
}

static const struct benefit_line *
line_of(const struct benefit_statement *s, const char *code)
{
	for (size_t i = 0; i < s->nlines; i++)
		if (strcmp(s->lines[i].code, code) == 0)
			return &s->lines[i];
	return NULL;
}

static void
test_months(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const struct row *r = &rows[i];
		struct benefit_params p = params(r->kind, r->in.year, r->in.month);
		struct field_errors e = {0};
		if (!benefit_input_check(&p, &r->in, &e))
			fail_msg("%s: refused: %s %s", r->name, e.field[0], e.reason[0]);
		struct benefit_statement s;
		benefit_compute(&p, &r->in, lookup, NULL, &s);
		const struct want *w = &r->want;
		int64_t got[] = {line_amount(&s, "base"), line_amount(&s, "child_supplement"),
				 -line_amount(&s, "absence"), -line_amount(&s, "work_income"),
				 -line_amount(&s, "other_income"), line_amount(&s, "limited_to_zero"),
				 s.gross_ore, s.tax_ore, s.recovery_ore, s.net_ore};
		int64_t want[] = {w->base, w->children, w->absence, w->work, w->other, w->limited,
				  w->gross, w->tax, w->recovery, w->net};
		static const char *const names[] = {"base", "child supplement", "absence", "work income",
						    "other income", "limited to zero", "gross", "tax",
						    "recovery", "net"};
		for (size_t k = 0; k < NELEM(got); k++)
			if (got[k] != want[k])
				fail_msg("%s: %s %lld, want %lld", r->name, names[k], (long long)got[k],
					 (long long)want[k]);
		assert_int_equal(s.days, w->days);
		assert_int_equal(s.weekdays, w->weekdays);
		assert_int_equal(line_of(&s, "base")->quantity, w->days);
		assert_int_equal(line_of(&s, "child_supplement")->quantity, w->child_days);
		/* the lines add up */
		int64_t sum = 0;
		for (size_t k = 0; k < s.nlines; k++)
			sum += s.lines[k].amount_ore;
		assert_int_equal(sum, s.gross_ore);
		assert_int_equal(s.net_ore, s.gross_ore - s.tax_ore - s.recovery_ore);
	}
}

/* The rates themselves, worked by hand. */
static void
test_rates(void **state)
{
	(void)state;
	struct benefit_statement s;
	/* kvp, 25 or over, September 2025: G = 130 160 kr; annual 26 032 000 øre;
	 * month 2 169 333.33 → 2 169 333; day 72 311.1 → 72 311; hour
	 * 26 032 000 / 1850 = 14 071.35 → 14 071 */
	struct benefit_input in = {.year = 2025, .month = 9, .birth = {1980, 1, 1}, .start = {2024, 1, 1}};
	struct benefit_params p = params(BENEFIT_KVP, 2025, 9);
	benefit_compute(&p, &in, NULL, NULL, &s);
	assert_int_equal(s.month_amount_ore, 2169333);
	assert_int_equal(s.day_rate_ore, 72311);
	assert_int_equal(s.hour_rate_ore, 14071);
	assert_true(s.warnings & BENEFIT_WARN_NO_TAX_INFO);
	/* under 25: 2/3 of it, exact: 17 354 666.67 a year; month 1 446 222.22 →
	 * 1 446 222; hour 9 380.90 → 9 381 */
	in.birth = (struct date){2001, 1, 1};
	benefit_compute(&p, &in, NULL, NULL, &s);
	assert_int_equal(s.month_amount_ore, 1446222);
	assert_int_equal(s.hour_rate_ore, 9381);
	/* bergen: 1 500 000 a month; day 50 000; hour 50 000 / 7.5 = 6 666.67 → 6 667 */
	p = params(BENEFIT_BERGEN, 2025, 9);
	benefit_compute(&p, &in, NULL, NULL, &s);
	assert_int_equal(s.month_amount_ore, 1500000);
	assert_int_equal(s.day_rate_ore, 50000);
	assert_int_equal(s.hour_rate_ore, 6667);
}

static void
test_rounding(void **state)
{
	(void)state;
	assert_int_equal(benefit_round(5, 2), 3);
	assert_int_equal(benefit_round(-5, 2), -3);
	assert_int_equal(benefit_round(7, 3), 2);
	assert_int_equal(benefit_round(-7, 3), -2);
	assert_int_equal(benefit_round(3, 2), 2);
	assert_int_equal(benefit_round(1, 2), 1);
	assert_int_equal(benefit_round(0, 9), 0);
	struct date e = benefit_eighteenth((struct date){2008, 2, 29});
	assert_int_equal(e.y, 2026);
	assert_int_equal(e.m, 3);
	assert_int_equal(e.d, 1);
	e = benefit_eighteenth((struct date){2012, 2, 29});
	assert_int_equal(e.y, 2030);
	assert_int_equal(e.m, 3);
	/* 28 February stays 28 February, in a leap year too */
	e = benefit_eighteenth((struct date){2014, 2, 28});
	assert_int_equal(e.y, 2032);
	assert_int_equal(e.m, 2);
	assert_int_equal(e.d, 28);
	/* a child of 29 February turns 18 in a common year (18 is not a multiple of 4): 1 March */
	e = benefit_eighteenth((struct date){2004, 2, 29});
	assert_int_equal(e.y, 2022);
	assert_int_equal(e.m, 3);
	assert_int_equal(e.d, 1);
	e = benefit_eighteenth((struct date){2010, 2, 28});
	assert_int_equal(e.y, 2028);
	assert_int_equal(e.d, 28);
}

/* Bad facts are named by the calculator's field keys. */
static void
test_check(void **state)
{
	(void)state;
	struct benefit_params p = params(BENEFIT_KVP, 2025, 9);
	static const struct {
		const char *field, *reason;
	} want[] = {
		{"birth_date", "The birth date is after the month."},
		{"programme.pauses[0]", "A pause's from is after its to."},
		{"unexcused_minutes", "The minutes cannot be negative."},
		{"work.hours", "The hours cannot be negative."},
		{"other_income[0].kind", "Unknown kind of income."},
		{"other_income[1].amount_ore", "The amount cannot be negative."},
		{"tax.percent", "The tax percentage is a whole number from 0 to 100."},
		{"outstanding_ore", "The amount cannot be negative."},
	};
	struct benefit_input in = {
		.year = 2025, .month = 9, .birth = {2025, 10, 1}, .start = {2025, 9, 1},
		.npauses = 1, .pauses = {{{2025, 9, 20}, {2025, 9, 10}}},
		.unexcused_minutes = -1, .has_work = true, .work_hours_centi = -5,
		.nincome = 2, .income = {{"lottery", 5}, {"aap", -1}},
		.tax = BENEFIT_TAX_PERCENT, .tax_percent = 101, .outstanding_ore = -2,
	};
	struct field_errors e = {0};
	assert_false(benefit_input_check(&p, &in, &e));
	assert_int_equal(e.n, (int)NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++) {
		assert_string_equal(e.field[i], want[i].field);
		assert_string_equal(e.reason[i], want[i].reason);
	}
	/* the last day of the month is not after it; an end before the start is */
	struct benefit_input ok = {.year = 2025, .month = 9, .birth = {2025, 9, 30}, .start = {2025, 9, 1},
				   .has_end = true, .end = {2025, 8, 31}};
	struct field_errors e2 = {0};
	assert_false(benefit_input_check(&p, &ok, &e2));
	assert_int_equal(e2.n, 1);
	assert_string_equal(e2.field[0], "programme.end");
	struct benefit_input bad_month = {.year = 2025, .month = 13};
	struct field_errors e3 = {0};
	assert_false(benefit_input_check(&p, &bad_month, &e3));
	assert_string_equal(e3.field[0], "month");
	struct benefit_input bad_table = {.year = 2025, .month = 9, .birth = {1990, 1, 1}, .start = {2025, 9, 1},
					  .tax = BENEFIT_TAX_TABLE, .tax_table = "80a0"};
	struct field_errors e4 = {0};
	assert_false(benefit_input_check(&p, &bad_table, &e4));
	assert_string_equal(e4.field[0], "tax.table");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
