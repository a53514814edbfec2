/*
 * test_date.c — table-driven tests of the domain date type (src/domain/date.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/date.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_parse_valid(void **state)
{
	static const struct { const char *in; struct date want; } rows[] = {
		{ "2024-02-29", D(2024, 2, 29) },	/* leap day */
		{ "2000-02-29", D(2000, 2, 29) },	/* divisible by 400 */
		{ "1900-01-01", D(1900, 1, 1) },	/* first accepted day */
		{ "2199-12-31", D(2199, 12, 31) },	/* last accepted day */
		{ "2023-12-31", D(2023, 12, 31) },
		{ "2024-04-30", D(2024, 4, 30) },
		{ "1985-07-09", D(1985, 7, 9) },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date got = D(0, 0, 0);
		assert_int_equal(date_parse(rows[i].in, &got), 0);
		assert_int_equal(date_cmp(got, rows[i].want), 0);
	}
}

static void
test_parse_invalid(void **state)
{
	static const char *const rows[] = {
		"2023-02-29",	/* not a leap year */
		"1900-02-29",	/* century, not a leap year */
		"2100-02-29",
		"1899-12-31",	/* before the range */
		"2200-01-01",	/* after the range */
		"2024-13-01", "2024-00-10", "2024-01-00", "2024-04-31",
		"2024-01-32",
		"2024-1-01", "2024-01-1", "24-01-01",
		"2024/01/01", "2024.01.01", "20240101",
		" 2024-01-01", "2024-01-01 ", "2024-01-011",
		"2024-01-0a", "+024-01-01", "2024-01-01T00:00",
		"", "2024-01",
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date got = D(7, 7, 7);
		if (date_parse(rows[i], &got) != SC_EINVAL)
			fail_msg("accepted \"%s\"", rows[i]);
		assert_int_equal(got.y, 7);	/* untouched */
	}
	struct date got;
	assert_int_equal(date_parse(NULL, &got), SC_EINVAL);
}

#define NO_MONTH "%s is not a date: there is no month %s."
#define NO_DAY "%s is not a date: there is no day %s."
#define FEBRUARY "%s is not a date: February %s has %s days."
#define YEARS "%s is not a date we take: the year must be from %s to %s."

/* Why a text of the right shape is no date: the month, the day, the
 * month's last day (leap years: 2024 is one, 2100 is not, 2000 is), the
 * years taken; the wrong shape leaves the words to the caller (NULL). */
static void
test_parse_why(void **state)
{
	static const struct {
		const char *in, *reason, *t0, *t1, *t2;
	} rows[] = {
		{ "2026-02-30", FEBRUARY, "2026-02-30", "2026", "28" },
		{ "2026-02-29", FEBRUARY, "2026-02-29", "2026", "28" },
		{ "2024-02-30", FEBRUARY, "2024-02-30", "2024", "29" },
		{ "2100-02-29", FEBRUARY, "2100-02-29", "2100", "28" },
		{ "1900-02-29", FEBRUARY, "1900-02-29", "1900", "28" },
		{ "2000-02-30", FEBRUARY, "2000-02-30", "2000", "29" },
		{ "2026-02-31", FEBRUARY, "2026-02-31", "2026", "28" },
		{ "2026-04-31", "%s is not a date: April has 30 days.", "2026-04-31", "", "" },
		{ "2026-06-31", "%s is not a date: June has 30 days.", "2026-06-31", "", "" },
		{ "2026-09-31", "%s is not a date: September has 30 days.", "2026-09-31", "", "" },
		{ "2026-11-31", "%s is not a date: November has 30 days.", "2026-11-31", "", "" },
		{ "2026-13-01", NO_MONTH, "2026-13-01", "13", "" },
		{ "2026-00-10", NO_MONTH, "2026-00-10", "00", "" },
		{ "2026-99-99", NO_MONTH, "2026-99-99", "99", "" },	/* the month first */
		{ "2026-01-00", NO_DAY, "2026-01-00", "00", "" },
		{ "2026-01-32", NO_DAY, "2026-01-32", "32", "" },
		{ "2026-02-00", NO_DAY, "2026-02-00", "00", "" },
		{ "1899-12-31", YEARS, "1899-12-31", "1900", "2199" },
		{ "2200-01-01", YEARS, "2200-01-01", "1900", "2199" },
		{ "2026-2-3", NULL, "", "", "" },
		{ "30.02.2026", NULL, "", "", "" },
		{ "2026-02-30 ", NULL, "", "", "" },
		{ "", NULL, "", "", "" },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date got = D(7, 7, 7);
		struct date_why why = { .reason = "unset" };
		if (date_parse_why(rows[i].in, &got, &why) != SC_EINVAL)
			fail_msg("accepted \"%s\"", rows[i].in);
		assert_int_equal(got.y, 7);	/* untouched */
		if (rows[i].reason == NULL) {
			if (why.reason != NULL)
				fail_msg("\"%s\": \"%s\", want the caller's words", rows[i].in, why.reason);
			continue;
		}
		if (why.reason == NULL || strcmp(why.reason, rows[i].reason) != 0)
			fail_msg("\"%s\": \"%s\", want \"%s\"", rows[i].in, why.reason ? why.reason : "NULL",
				 rows[i].reason);
		assert_string_equal(why.text[0], rows[i].t0);
		assert_string_equal(why.text[1], rows[i].t1);
		assert_string_equal(why.text[2], rows[i].t2);
	}
	/* the days that exist are taken, leap days in leap years */
	static const char *const real[] = { "2024-02-29", "2000-02-29", "2026-04-30", "2026-01-31", "2026-12-31" };
	for (size_t i = 0; i < NELEM(real); i++) {
		struct date got;
		struct date_why why = { .reason = "unset" };
		assert_int_equal(date_parse_why(real[i], &got, &why), 0);
		char back[11];
		date_format(got, back);
		assert_string_equal(back, real[i]);
	}
	assert_int_equal(date_parse_why(NULL, &(struct date){0}, NULL), SC_EINVAL);
}

static void
test_format(void **state)
{
	static const struct { struct date in; const char *want; } rows[] = {
		{ D(2024, 2, 29), "2024-02-29" },
		{ D(1900, 1, 1), "1900-01-01" },
		{ D(2199, 12, 31), "2199-12-31" },
		{ D(987, 3, 4), "0987-03-04" },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		char buf[11];
		memset(buf, 'x', sizeof buf);
		date_format(rows[i].in, buf);
		assert_string_equal(buf, rows[i].want);
	}
}

static void
test_cmp(void **state)
{
	static const struct { struct date a, b; int sign; } rows[] = {
		{ D(2024, 1, 1), D(2024, 1, 1), 0 },
		{ D(2024, 1, 1), D(2024, 1, 2), -1 },
		{ D(2024, 2, 1), D(2024, 1, 31), 1 },
		{ D(2023, 12, 31), D(2024, 1, 1), -1 },
		{ D(2025, 1, 1), D(2024, 12, 31), 1 },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		int c = date_cmp(rows[i].a, rows[i].b);
		int sign = c < 0 ? -1 : c > 0 ? 1 : 0;
		assert_int_equal(sign, rows[i].sign);
	}
}

static void
test_days(void **state)
{
	static const struct { struct date in; int64_t days; } rows[] = {
		{ D(1970, 1, 1), 0 },
		{ D(1969, 12, 31), -1 },
		{ D(2000, 1, 1), 10957 },
		{ D(2024, 2, 29), 19782 },
		{ D(1900, 1, 1), -25567 },
		{ D(2199, 12, 31), 84005 },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(date_to_days(rows[i].in), rows[i].days);
		struct date back = date_from_days(rows[i].days);
		assert_int_equal(date_cmp(back, rows[i].in), 0);
	}
}

/* Every day from 1850 to 2200: the conversion round-trips, consecutive day
 * numbers are consecutive dates, and the weekday advances by one. */
static void
test_days_exhaustive(void **state)
{
	(void)state;
	struct date dt = D(1850, 1, 1);
	int64_t n = date_to_days(dt);
	int wd = date_weekday(dt);
	while (dt.y < 2200) {
		assert_true(date_is_valid(dt));
		assert_int_equal(date_to_days(dt), n);
		assert_int_equal(date_cmp(date_from_days(n), dt), 0);
		assert_int_equal(date_weekday(dt), wd);
		/* next calendar day by hand */
		if (dt.d < date_days_in_month(dt.y, dt.m)) {
			dt.d++;
		} else if (dt.m < 12) {
			dt.m++;
			dt.d = 1;
		} else {
			dt = D(dt.y + 1, 1, 1);
		}
		n++;
		wd = wd == 7 ? 1 : wd + 1;
	}
}

static void
test_add(void **state)
{
	static const struct { struct date in; int days, months, years; struct date want; } rows[] = {
		{ D(2024, 2, 28), 1, 0, 0, D(2024, 2, 29) },
		{ D(2023, 2, 28), 1, 0, 0, D(2023, 3, 1) },
		{ D(2024, 12, 31), 1, 0, 0, D(2025, 1, 1) },
		{ D(2024, 3, 1), -1, 0, 0, D(2024, 2, 29) },
		{ D(2024, 1, 1), 366, 0, 0, D(2025, 1, 1) },
		{ D(2024, 1, 31), 0, 1, 0, D(2024, 2, 29) },	/* clamped */
		{ D(2023, 1, 31), 0, 1, 0, D(2023, 2, 28) },	/* clamped */
		{ D(2024, 3, 31), 0, 1, 0, D(2024, 4, 30) },
		{ D(2024, 11, 15), 0, 2, 0, D(2025, 1, 15) },
		{ D(2024, 1, 15), 0, -1, 0, D(2023, 12, 15) },
		{ D(2024, 3, 31), 0, -1, 0, D(2024, 2, 29) },
		{ D(2024, 5, 31), 0, 24, 0, D(2026, 5, 31) },
		{ D(2024, 5, 31), 0, -25, 0, D(2022, 4, 30) },
		{ D(2024, 2, 29), 0, 0, 1, D(2025, 2, 28) },	/* clamped */
		{ D(2024, 2, 29), 0, 0, 4, D(2028, 2, 29) },
		{ D(2024, 2, 29), 0, 0, -2, D(2022, 2, 28) },
		{ D(2023, 6, 1), 0, 0, -2, D(2021, 6, 1) },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date got = rows[i].in;
		if (rows[i].days)
			got = date_add_days(got, rows[i].days);
		if (rows[i].months)
			got = date_add_months(got, rows[i].months);
		if (rows[i].years)
			got = date_add_years(got, rows[i].years);
		if (date_cmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got %d-%d-%d", i, got.y, got.m, got.d);
	}
}

static void
test_age(void **state)
{
	static const struct { struct date birth, on; int age; } rows[] = {
		{ D(2006, 3, 15), D(2024, 3, 14), 17 },
		{ D(2006, 3, 15), D(2024, 3, 15), 18 },	/* 18th birthday */
		{ D(2006, 3, 15), D(2024, 3, 16), 18 },
		{ D(1969, 3, 15), D(2024, 3, 15), 55 },
		{ D(1969, 3, 15), D(2025, 3, 14), 55 },
		{ D(1969, 3, 15), D(2025, 3, 15), 56 },
		{ D(2004, 2, 29), D(2022, 2, 28), 17 },	/* leap-day birthday */
		{ D(2004, 2, 29), D(2022, 3, 1), 18 },
		{ D(2004, 2, 29), D(2024, 2, 28), 19 },
		{ D(2004, 2, 29), D(2024, 2, 29), 20 },
		{ D(2024, 5, 1), D(2024, 5, 1), 0 },
		{ D(2024, 5, 2), D(2024, 5, 1), -1 },	/* not born yet */
		{ D(1990, 12, 31), D(2024, 1, 1), 33 },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(date_age_on(rows[i].birth, rows[i].on), rows[i].age);
}

static void
test_weekday(void **state)
{
	static const struct { struct date in; int wd; } rows[] = {
		{ D(1970, 1, 1), 4 },
		{ D(1969, 12, 31), 3 },
		{ D(2000, 1, 1), 6 },
		{ D(2024, 1, 1), 1 },
		{ D(2024, 2, 29), 4 },
		{ D(2024, 12, 29), 7 },
		{ D(1900, 1, 1), 1 },
		{ D(2199, 12, 31), 2 },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(date_weekday(rows[i].in), rows[i].wd);
}

static void
test_weekdays_in_month(void **state)
{
	static const struct { int y, m, want; } rows[] = {
		{ 2024, 2, 21 }, { 2023, 2, 20 }, { 2021, 2, 20 },
		{ 2024, 3, 21 }, { 2024, 7, 23 }, { 2025, 6, 21 },
		{ 2026, 1, 22 },
		{ 2024, 0, SC_EINVAL }, { 2024, 13, SC_EINVAL }, { 0, 1, SC_EINVAL },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(date_weekdays_in_month(rows[i].y, rows[i].m), rows[i].want);
}

static void
test_validity_helpers(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2000));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2023));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2023, 4), 30);
	assert_int_equal(date_days_in_month(2023, 13), 0);
	assert_false(date_is_valid(D(2023, 2, 29)));
	assert_false(date_is_valid(D(0, 1, 1)));
	assert_false(date_is_valid(D(2023, 6, 0)));
	assert_true(date_is_valid(D(1854, 6, 1)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_why),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_days_exhaustive),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_weekdays_in_month),
		cmocka_unit_test(test_validity_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
