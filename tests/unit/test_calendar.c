/*
 * test_calendar.c — Norwegian public holidays (src/domain/calendar.c):
 * Easter for years across the whole Gregorian range (earliest, latest,
 * century years), every holiday of several years in date order, the year
 * Ascension Day fell on 1 May, and working days of whole months.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/calendar.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *
fmt(struct date d, char out[11])
{
	date_format(d, out);
	return out;
}

static void
test_easter(void **state)
{
	(void)state;
	static const char *const rows[] = {
		"1583-04-10", "1818-03-22", "1943-04-25", "1954-04-18", "2000-04-23", "2008-03-23",
		"2011-04-24", "2019-04-21", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28",
		"2028-04-16", "2029-04-01", "2030-04-21", "2038-04-25", "2100-03-28", "2285-03-22",
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		/* date_parse() takes 1900..2199 only: read the row by hand */
		struct date want;
		assert_int_equal(sscanf(rows[i], "%d-%d-%d", &want.y, &want.m, &want.d), 3);
		char got[11];
		fmt(calendar_easter(want.y), got);
		if (strcmp(got, rows[i]) != 0)
			fail_msg("Easter %d: %s, want %s", want.y, got, rows[i]);
	}
	/* Easter Sunday is a Sunday, from 22 March to 25 April, every year */
	for (int y = 1583; y <= 3000; y++) {
		struct date e = calendar_easter(y);
		assert_int_equal(date_weekday(e), 7);
		assert_true((e.m == 3 && e.d >= 22) || (e.m == 4 && e.d <= 25));
	}
}

struct year_row {
	int year;
	const char *dates[CALENDAR_HOLIDAYS];
};

static const struct year_row years[] = {
	{2024, {"2024-01-01", "2024-03-28", "2024-03-29", "2024-03-31", "2024-04-01", "2024-05-01",
		"2024-05-09", "2024-05-17", "2024-05-19", "2024-05-20", "2024-12-25", "2024-12-26"}},
	{2025, {"2025-01-01", "2025-04-17", "2025-04-18", "2025-04-20", "2025-04-21", "2025-05-01",
		"2025-05-17", "2025-05-29", "2025-06-08", "2025-06-09", "2025-12-25", "2025-12-26"}},
	{2026, {"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01",
		"2026-05-14", "2026-05-17", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26"}},
	{2027, {"2027-01-01", "2027-03-25", "2027-03-26", "2027-03-28", "2027-03-29", "2027-05-01",
		"2027-05-06", "2027-05-16", "2027-05-17", "2027-05-17", "2027-12-25", "2027-12-26"}},
	/* Ascension Day on 1 May */
	{2008, {"2008-01-01", "2008-03-20", "2008-03-21", "2008-03-23", "2008-03-24", "2008-05-01",
		"2008-05-01", "2008-05-11", "2008-05-12", "2008-05-17", "2008-12-25", "2008-12-26"}},
};

static void
test_holidays_of_years(void **state)
{
	(void)state;
	for (size_t y = 0; y < NELEM(years); y++) {
		struct holiday h[CALENDAR_HOLIDAYS];
		assert_int_equal(calendar_holidays(years[y].year, h), CALENDAR_HOLIDAYS);
		for (size_t i = 0; i < CALENDAR_HOLIDAYS; i++) {
			char got[11];
			fmt(h[i].date, got);
			if (strcmp(got, years[y].dates[i]) != 0)
				fail_msg("%d holiday %zu (%s): %s, want %s", years[y].year, i, h[i].key, got,
					 years[y].dates[i]);
			struct date d;
			assert_int_equal(date_parse(years[y].dates[i], &d), 0);
			assert_true(calendar_is_holiday(d, NULL));
		}
	}
	/* 2027: Whit Monday is 17 May; both are named */
	struct holiday h;
	assert_true(calendar_is_holiday((struct date){2026, 5, 14}, &h));
	assert_string_equal(h.key, "ascension_day");
	assert_string_equal(h.name, "Ascension Day");
	/* not holidays: Christmas Eve, New Year's Eve, Easter Saturday, an ordinary day */
	static const struct date not_holidays[] = {
		{2025, 12, 24}, {2025, 12, 31}, {2025, 4, 19}, {2025, 4, 16}, {2025, 5, 2}, {2025, 6, 10},
	};
	for (size_t i = 0; i < NELEM(not_holidays); i++)
		assert_false(calendar_is_holiday(not_holidays[i], NULL));
	struct holiday none[CALENDAR_HOLIDAYS];
	assert_int_equal(calendar_holidays(1500, none), 0);
}

static void
test_working_days(void **state)
{
	(void)state;
	static const struct {
		struct date from, to;
		int want;
	} rows[] = {
		{{2025, 4, 1}, {2025, 4, 30}, 19},    /* 22 weekdays less 17, 18 and 21 April */
		{{2025, 5, 1}, {2025, 5, 31}, 20},    /* 22 less 1 and 29 May; 17 May is a Saturday */
		{{2025, 12, 1}, {2025, 12, 31}, 21},  /* 23 less 25 and 26 December */
		{{2026, 5, 1}, {2026, 5, 31}, 18},    /* 21 less 1, 14 and 25 May */
		{{2026, 2, 1}, {2026, 2, 28}, 20},
		{{2025, 4, 17}, {2025, 4, 21}, 0},    /* the whole of Easter */
		{{2025, 4, 22}, {2025, 4, 22}, 1},
		{{2025, 4, 22}, {2025, 4, 21}, 0},    /* backwards */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int got = calendar_working_days(rows[i].from, rows[i].to);
		if (got != rows[i].want)
			fail_msg("row %zu: %d working days, want %d", i, got, rows[i].want);
	}
	assert_false(calendar_is_working_day((struct date){2025, 5, 17}));
	assert_false(calendar_is_working_day((struct date){2025, 5, 18}));
	assert_true(calendar_is_working_day((struct date){2025, 5, 16}));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_holidays_of_years),
		cmocka_unit_test(test_working_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
