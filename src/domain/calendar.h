/*
 * calendar.h — the Norwegian calendar of working days: public holidays,
 * computed for any year (the Easter-dependent ones from the date of
 * Easter), and what counts as a weekday.
 *
 * The public holidays (lov om helligdager og helligdagsfred, and 1 and 17
 * May by their own laws): New Year's Day; Maundy Thursday, Good Friday,
 * Easter Sunday and Easter Monday; 1 May; 17 May; Ascension Day (Easter +
 * 39 days); Whit Sunday and Whit Monday (Easter + 49 and + 50); Christmas
 * Day and Boxing Day. Christmas Eve and New Year's Eve are not.
 */
#ifndef SC_DOMAIN_CALENDAR_H
#define SC_DOMAIN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/date.h"

/* Easter Sunday of the Gregorian year y (1583..9999), by the anonymous
 * Gregorian algorithm (Meeus/Jones/Butcher). */
struct date calendar_easter(int y);

/* The number of public holidays a year has. */
#define CALENDAR_HOLIDAYS 12

/* One public holiday: its date, a stable key and its name (msgid). */
struct holiday {
	struct date date;
	const char *key;    /* "new_year", "maundy_thursday", ... */
	const char *name;   /* "New Year's Day", ... */
};

/* The public holidays of year y in date order (out has room for
 * CALENDAR_HOLIDAYS); returns their number, 0 when y is out of range. */
size_t calendar_holidays(int y, struct holiday out[CALENDAR_HOLIDAYS]);

/* True when d is a public holiday; *h (may be NULL) gets which. */
bool calendar_is_holiday(struct date d, struct holiday *h);

/* True when d is Monday to Friday and not a public holiday. */
bool calendar_is_working_day(struct date d);

/* The working days (calendar_is_working_day) from `from` to `to`, both
 * included; 0 when to is before from. */
int calendar_working_days(struct date from, struct date to);

#endif
