/*
 * date.c — calendar arithmetic for the domain rules; see date.h.
 *
 * Day numbers use the era-based civil calendar conversion (after Howard
 * Hinnant's "chrono-compatible low-level date algorithms"), exact for the
 * whole proleptic Gregorian calendar.
 */
#include "domain/date.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/err.h"

bool
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && date_is_leap(y))
		return 29;
	return days[m - 1];
}

bool
date_is_valid(struct date dt)
{
	return dt.y >= 1 && dt.y <= 9999 && dt.m >= 1 && dt.m <= 12 &&
	    dt.d >= 1 && dt.d <= date_days_in_month(dt.y, dt.m);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The value of n digits at s; the caller has checked they are digits. */
static int
digits_value(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Sets *why (when not NULL) to reason and its texts (each NULL or at most
 * ten characters). */
static int
why_not(struct date_why *why, const char *reason, const char *t0, const char *t1, const char *t2)
{
	if (why == NULL)
		return SC_EINVAL;
	const char *t[3] = {t0, t1, t2};
	why->reason = reason;
	for (int i = 0; i < 3; i++)
		snprintf(why->text[i], sizeof why->text[i], "%s", t[i] != NULL ? t[i] : "");
	return SC_EINVAL;
}

/* The words of a day past the last of month m (1..12) of year y; the
 * month's name is in the msgid, to be translated with it. */
static const char *
past_month_end(int m)
{
	switch (m) {
	case 2:
		return N_("%s is not a date: February %s has %s days.");
	case 4:
		return N_("%s is not a date: April has 30 days.");
	case 6:
		return N_("%s is not a date: June has 30 days.");
	case 9:
		return N_("%s is not a date: September has 30 days.");
	default:
		return N_("%s is not a date: November has 30 days.");
	}
}

int
date_parse_why(const char *s, struct date *out, struct date_why *why)
{
	if (s == NULL)
		return why_not(why, NULL, NULL, NULL, NULL);
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return why_not(why, NULL, NULL, NULL, NULL);
		} else if (!is_digit(s[i])) {
			/* also stops at an early NUL */
			return why_not(why, NULL, NULL, NULL, NULL);
		}
	}
	if (s[10] != '\0')
		return why_not(why, NULL, NULL, NULL, NULL);

	struct date dt = {
		.y = digits_value(s, 4),
		.m = digits_value(s + 5, 2),
		.d = digits_value(s + 8, 2),
	};
	char text[11], year[5], month[3], day[3];
	memcpy(text, s, 10);
	text[10] = '\0';
	memcpy(year, s, 4);
	year[4] = '\0';
	memcpy(month, s + 5, 2);
	month[2] = '\0';
	memcpy(day, s + 8, 2);
	day[2] = '\0';
	if (dt.m < 1 || dt.m > 12)
		return why_not(why, N_("%s is not a date: there is no month %s."), text, month, NULL);
	if (dt.d < 1 || dt.d > 31)
		return why_not(why, N_("%s is not a date: there is no day %s."), text, day, NULL);
	int last = date_days_in_month(dt.y, dt.m);
	if (dt.d > last) {
		char days[3] = {(char)('0' + last / 10), (char)('0' + last % 10), '\0'};
		/* February names its year and its days; the others have 30 */
		return dt.m == 2 ? why_not(why, past_month_end(dt.m), text, year, days)
				 : why_not(why, past_month_end(dt.m), text, NULL, NULL);
	}
	if (dt.y < DATE_MIN_YEAR || dt.y > DATE_MAX_YEAR) {
		char lo[12], hi[12];
		snprintf(lo, sizeof lo, "%d", DATE_MIN_YEAR);
		snprintf(hi, sizeof hi, "%d", DATE_MAX_YEAR);
		return why_not(why, N_("%s is not a date we take: the year must be from %s to %s."), text, lo, hi);
	}
	*out = dt;
	return 0;
}

int
date_parse(const char *s, struct date *out)
{
	return date_parse_why(s, out, NULL);
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void
put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
date_format(struct date dt, char out[11])
{
	put_digits(out, clamp(dt.y, 0, 9999), 4);
	out[4] = '-';
	put_digits(out + 5, clamp(dt.m, 0, 99), 2);
	out[7] = '-';
	put_digits(out + 8, clamp(dt.d, 0, 99), 2);
	out[10] = '\0';
}

int
date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

int64_t
date_to_days(struct date dt)
{
	int64_t y = dt.m <= 2 ? dt.y - 1 : dt.y;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;				/* [0, 399] */
	int64_t mp = dt.m > 2 ? dt.m - 3 : dt.m + 9;		/* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + dt.d - 1;		/* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */

	return era * 146097 + doe - 719468;
}

struct date
date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);

	return (struct date){ .y = (int)y, .m = (int)m, .d = (int)d };
}

struct date
date_add_days(struct date dt, int64_t n)
{
	return date_from_days(date_to_days(dt) + n);
}

struct date
date_add_months(struct date dt, int n)
{
	int64_t months = (int64_t)dt.y * 12 + (dt.m - 1) + n;
	int64_t y = months >= 0 ? months / 12 : (months - 11) / 12;
	struct date r = {
		.y = (int)y,
		.m = (int)(months - y * 12) + 1,
	};
	int last = date_days_in_month(r.y, r.m);

	r.d = dt.d > last ? last : dt.d;
	return r;
}

struct date
date_add_years(struct date dt, int n)
{
	return date_add_months(dt, n * 12);
}

int
date_age_on(struct date birth, struct date on)
{
	if (date_cmp(on, birth) < 0)
		return -1;
	int age = on.y - birth.y;
	/* Not yet had this year's birthday. Born 29 February: on 28 February of a
	 * common year (2, 28) < (2, 29) holds, so the birthday comes on 1 March. */
	if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
		age--;
	return age;
}

int
date_weekday(struct date dt)
{
	int64_t days = date_to_days(dt);
	/* 1970-01-01 was a Thursday (4). */
	int64_t r = (days % 7 + 7 + 3) % 7;

	return (int)r + 1;
}

int
date_weekdays_in_month(int y, int m)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12)
		return SC_EINVAL;
	int ndays = date_days_in_month(y, m);
	int wd = date_weekday((struct date){ .y = y, .m = m, .d = 1 });
	int count = 0;

	for (int d = 0; d < ndays; d++) {
		if (wd <= 5)
			count++;
		wd = wd == 7 ? 1 : wd + 1;
	}
	return count;
}
