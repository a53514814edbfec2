/*
 * date.h — a small calendar-date type for the domain rules.
 *
 * Dates cross the edges as ISO 8601 "YYYY-MM-DD" strings; inside, rules work
 * on struct date and on day numbers (days since 1970-01-01 in the proleptic
 * Gregorian calendar). Nothing here reads the clock: callers pass "today".
 */
#ifndef SC_DOMAIN_DATE_H
#define SC_DOMAIN_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* A calendar date: y is the full year, m is 1..12, d is 1..31. */
struct date {
	int y, m, d;
};

/* Years date_parse() accepts; older and newer dates are refused as typing
 * mistakes. (Other functions work on any year from 1 to 9999.) */
#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

/* True when y is a Gregorian leap year. */
bool date_is_leap(int y);

/* Days in month m (1..12) of year y; 0 when m is out of range. */
int date_days_in_month(int y, int m);

/* True when dt is a real calendar date with 1 <= y <= 9999. */
bool date_is_valid(struct date dt);

/* Parses a strict ISO date "YYYY-MM-DD": exactly ten characters, no spaces or
 * sign, a real calendar date (leap years honoured), year DATE_MIN_YEAR..
 * DATE_MAX_YEAR. Returns 0 and fills *out, or SC_EINVAL and leaves *out
 * untouched. s may be NULL (SC_EINVAL). */
int date_parse(const char *s, struct date *out);

/* Why a text is not a date date_parse() takes. */
struct date_why {
	/* NULL: the text is not of the shape YYYY-MM-DD (the caller says how
	 * to write a date); else an English msgid with up to three "%s",
	 * filled from text in order: "%s is not a date: there is no month %s." */
	const char *reason;
	char text[3][11];
};

/* As date_parse(); when s is not a date, *why (may be NULL) says why: a
 * month 00 or over 12, a day 00 or over 31, a day past its month's last
 * ("2026-02-30 is not a date: February 2026 has 28 days."), a year outside
 * DATE_MIN_YEAR..DATE_MAX_YEAR, or (reason NULL) not the shape YYYY-MM-DD.
 * The one place these words are chosen. */
int date_parse_why(const char *s, struct date *out, struct date_why *why);

/* Writes dt as "YYYY-MM-DD" plus NUL into out. dt must be valid
 * (date_is_valid); out of range fields are written clamped, never overflowing. */
void date_format(struct date dt, char out[11]);

/* Negative, zero or positive as a is before, equal to or after b. */
int date_cmp(struct date a, struct date b);

/* Days since 1970-01-01 (negative before). dt must be valid. */
int64_t date_to_days(struct date dt);

/* The date days after 1970-01-01; the inverse of date_to_days(). */
struct date date_from_days(int64_t days);

/* dt plus n days (n may be negative). */
struct date date_add_days(struct date dt, int64_t n);

/* dt plus n calendar months (n may be negative). When the day does not exist
 * in the target month it is clamped to the month's last day:
 * 2024-01-31 + 1 month = 2024-02-29, 2023-01-31 + 1 month = 2023-02-28. */
struct date date_add_months(struct date dt, int n);

/* dt plus n years, clamping 29 February to 28 February in common years. */
struct date date_add_years(struct date dt, int n);

/* Age in completed years on the date on for someone born on birth; -1 when on
 * is before birth. A birthday on 29 February is reached on 1 March in common
 * years (the day after 28 February). */
int date_age_on(struct date birth, struct date on);

/* ISO weekday of dt: 1 = Monday .. 7 = Sunday. */
int date_weekday(struct date dt);

/* Number of Monday-to-Friday days in month m of year y (20..23); SC_EINVAL
 * when m is not 1..12 or y not 1..9999. Public holidays are not subtracted. */
int date_weekdays_in_month(int y, int m);

#endif
