/*
 * test_employment.c — a placement's result and the job that follows
 * (src/domain/employment.c): the result form's rules, a month's gross and
 * hours from the wage, and the work income of a month from a job's
 * versions, whole and partial months, a job with an end, a raise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/employment.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static struct placement_result_input
hired(void)
{
	struct placement_result_input in;
	fields_clear(placement_result_fields, &in);
	in.hired = 1;
	in.kind = JOB_PERMANENT;
	in.percent = 50;
	in.job_starts_on = D("2027-05-16");
	in.wage_kind = WAGE_HOURLY;
	in.wage_ore = 21000;
	in.title = "Kokk";
	return in;
}

static void
test_result_rules(void **state)
{
	(void)state;
	/* not hired: only the date */
	struct placement_result_input in;
	fields_clear(placement_result_fields, &in);
	in.hired = 0;
	struct field_errors e = {0};
	assert_true(placement_result_check(&in, D("2027-05-01"), &e));
	char d[11];
	date_format(in.result_on, d);
	assert_string_equal(d, "2027-05-01");
	in.result_on = D("2027-05-02");
	assert_false(placement_result_check(&in, D("2027-05-01"), &e));
	assert_string_equal(e.reason[0], "The result cannot be dated in the future.");

	/* hired: every term, in the form's order */
	fields_clear(placement_result_fields, &in);
	in.hired = 1;
	e = (struct field_errors){0};
	assert_false(placement_result_check(&in, D("2027-05-01"), &e));
	static const char *const want[] = {"kind", "percent", "job_starts_on", "wage_kind", "wage_ore", "title"};
	assert_int_equal(e.n, (int)NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++)
		assert_string_equal(e.field[i], want[i]);

	static const struct {
		int kind;
		const char *ends;
		const char *key, *reason;
	} rows[] = {
		{JOB_PERMANENT, NULL, NULL, NULL},
		{JOB_PERMANENT, "2027-12-31", "job_ends_on", "A permanent job has no last day."},
		{JOB_TEMPORARY, NULL, "job_ends_on", "A temporary job has a last day."},
		{JOB_TEMPORARY, "2027-05-15", "job_ends_on", "The job's last day cannot be before its first."},
		{JOB_TEMPORARY, "2027-05-16", NULL, NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_result_input h = hired();
		h.kind = rows[i].kind;
		if (rows[i].ends)
			h.job_ends_on = D(rows[i].ends);
		e = (struct field_errors){0};
		bool ok = placement_result_check(&h, D("2027-05-01"), &e);
		if (rows[i].key == NULL) {
			assert_true(ok);
		} else {
			assert_false(ok);
			assert_string_equal(e.field[0], rows[i].key);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
	/* gross and hours from the wage when not given; kept when given */
	struct placement_result_input h = hired();
	e = (struct field_errors){0};
	assert_true(placement_result_check(&h, D("2027-05-01"), &e));
	assert_int_equal(h.hours_centi, 8125);          /* 162,5 × 50 % */
	assert_int_equal(h.gross_ore, 1706250);         /* 210 kr × 81,25 h */
	h = hired();
	h.gross_ore = 1500000;
	h.hours_centi = 8000;
	assert_true(placement_result_check(&h, D("2027-05-01"), &e));
	assert_int_equal(h.gross_ore, 1500000);
	assert_int_equal(h.hours_centi, 8000);
}

static void
test_default_month(void **state)
{
	(void)state;
	static const struct {
		int wage_kind;
		int64_t wage, percent, gross, hours;
	} rows[] = {
		{WAGE_HOURLY, 21000, 100, 3412500, 16250},
		{WAGE_HOURLY, 21000, 50, 1706250, 8125},
		{WAGE_HOURLY, 19999, 33, 1072546, 5363},   /* 53,625 h rounds to 53,63; × 199,99 kr */
		{WAGE_MONTHLY, 3800000, 100, 3800000, 16250},
		{WAGE_MONTHLY, 3800000, 60, 2280000, 9750},
		{WAGE_MONTHLY, 3333333, 33, 1100000, 5363}, /* 1 099 999,89 rounds up */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t g = -1, h = -1;
		employment_default_month(rows[i].wage_kind, rows[i].wage, rows[i].percent, &g, &h);
		if (g != rows[i].gross || h != rows[i].hours)
			fail_msg("row %zu: %lld øre %lld, want %lld %lld", i, (long long)g, (long long)h,
				 (long long)rows[i].gross, (long long)rows[i].hours);
	}
}

/* A job from 2027-05-16, 20 000 kr and 80 h a month; a raise to 22 000 kr
 * and 90 h from September; (temporary) to 2027-11-10. */
static void
test_month_income(void **state)
{
	(void)state;
	struct employment job = {.starts_on = D("2027-05-16"), .ends_on = D("2027-11-10")};
	struct employment_income v[] = {
		{.valid_from = D("2027-05-01"), .gross_ore = 2000000, .hours_centi = 8000},
		{.valid_from = D("2027-09-01"), .gross_ore = 2200000, .hours_centi = 9000},
	};
	static const struct {
		int year, month;
		bool any;
		int64_t gross, hours;
	} rows[] = {
		{2027, 4, false, 0, 0},
		{2027, 5, true, 1032258, 4129},    /* 16 of 31 days */
		{2027, 6, true, 2000000, 8000},
		{2027, 8, true, 2000000, 8000},
		{2027, 9, true, 2200000, 9000},
		{2027, 11, true, 733333, 3000},    /* 10 of 30 days */
		{2027, 12, false, 0, 0},
		{2027, 13, false, 0, 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t g = -1, h = -1;
		bool any = employment_month_income(&job, v, NELEM(v), rows[i].year, rows[i].month, &g, &h);
		if (any != rows[i].any || g != rows[i].gross || h != rows[i].hours)
			fail_msg("%d-%02d: %d %lld %lld", rows[i].year, rows[i].month, any, (long long)g, (long long)h);
	}
	/* no end: every month on; two versions from one month: the later wins */
	struct employment open = {.starts_on = D("2027-01-01")};
	struct employment_income w[] = {
		{.valid_from = D("2027-01-01"), .gross_ore = 1000000, .hours_centi = 5000},
		{.valid_from = D("2027-03-01"), .gross_ore = 1100000, .hours_centi = 5500},
		{.valid_from = D("2027-03-01"), .gross_ore = 1200000, .hours_centi = 6000},
	};
	int64_t g, h;
	assert_true(employment_month_income(&open, w, NELEM(w), 2030, 6, &g, &h));
	assert_int_equal(g, 1200000);
	assert_int_equal(h, 6000);
	assert_true(employment_month_income(&open, w, NELEM(w), 2027, 2, &g, &h));
	assert_int_equal(g, 1000000);
	/* no version in force yet */
	assert_false(employment_month_income(&open, w + 1, 2, 2027, 2, &g, &h));
}

static void
test_income_version(void **state)
{
	(void)state;
	struct employment job = {.starts_on = D("2027-05-16"), .ends_on = D("2027-11-10")};
	static const struct {
		const char *from;
		const char *reason;
	} rows[] = {
		{"2027-05-01", NULL},
		{"2027-11-01", NULL},
		{"2027-06-15", "Give the first day of a month."},
		{"2027-04-01", "The job has not started in that month."},
		{"2026-12-01", "The job has not started in that month."},
		{"2027-12-01", "The job has ended before that month."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct employment_income in = {.valid_from = D(rows[i].from), .gross_ore = 1, .hours_centi = 1};
		struct field_errors e = {0};
		bool ok = employment_income_check(&in, &job, &e);
		if (rows[i].reason == NULL)
			assert_true(ok);
		else
			assert_string_equal(e.reason[0], rows[i].reason);
	}
}

/* Ending a job: its last day not before the first, not after one it has
 * already; a reason; a note with the reason "other"; once. */
static void
test_job_end(void **state)
{
	(void)state;
	struct employment open = {.starts_on = D("2027-05-16"), .end_reason = -1};
	struct employment temporary = {.starts_on = D("2027-05-16"), .ends_on = D("2027-11-10"), .end_reason = -1};
	static const struct {
		bool temporary;
		const char *ends_on;
		int reason;
		const char *note;
		const char *field, *message;
	} rows[] = {
		{false, "2027-05-16", JOB_RESIGNED, NULL, NULL, NULL},
		{false, "2030-01-31", JOB_DISMISSED, NULL, NULL, NULL},
		{false, "2027-05-15", JOB_RESIGNED, NULL, "ends_on", "The job's last day cannot be before its first."},
		{false, "2027-06-30", JOB_END_OTHER, NULL, "note", "Say why the job ended."},
		{false, "2027-06-30", JOB_END_OTHER, "", "note", "Say why the job ended."},
		{false, "2027-06-30", JOB_END_OTHER, "Moved away", NULL, NULL},
		{true, "2027-11-10", JOB_CONTRACT_ENDED, NULL, NULL, NULL},
		{true, "2027-08-31", JOB_RESIGNED, NULL, NULL, NULL},
		{true, "2027-11-11", JOB_CONTRACT_ENDED, NULL, "ends_on",
		 "The job already ends earlier: give its last day or one before it."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct employment_end in = {D(rows[i].ends_on), rows[i].reason, rows[i].note};
		struct field_errors e = {0};
		bool ok = employment_end_check(&in, rows[i].temporary ? &temporary : &open, &e);
		if (rows[i].field == NULL) {
			if (!ok)
				fail_msg("row %zu: %s", i, e.reason[0]);
			continue;
		}
		if (ok || strcmp(e.field[0], rows[i].field) != 0 || strcmp(e.reason[0], rows[i].message) != 0)
			fail_msg("row %zu: %s", i, ok ? "(accepted)" : e.reason[0]);
	}
	assert_null(employment_end_refusal(&open));
	struct employment ended = open;
	ended.end_reason = JOB_RESIGNED;
	assert_string_equal(employment_end_refusal(&ended), "This job has been ended already.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_result_rules),
		cmocka_unit_test(test_default_month),
		cmocka_unit_test(test_month_income),
		cmocka_unit_test(test_income_version),
		cmocka_unit_test(test_job_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
