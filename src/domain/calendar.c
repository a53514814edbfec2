/*
 * calendar.c — Norwegian public holidays; see calendar.h.
 */
#include "domain/calendar.h"

#include "i18n/i18n.h"

struct date
calendar_easter(int y)
{
	int a = y % 19;
	int b = y / 100, c = y % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	struct date out = {y, month, day};
	return out;
}

size_t
calendar_holidays(int y, struct holiday out[CALENDAR_HOLIDAYS])
{
	if (y < 1583 || y > 9999)
		return 0;
	struct date easter = calendar_easter(y);
	const struct holiday list[CALENDAR_HOLIDAYS] = {
		{{y, 1, 1}, "new_year", N_("New Year's Day")},
		{date_add_days(easter, -3), "maundy_thursday", N_("Maundy Thursday")},
		{date_add_days(easter, -2), "good_friday", N_("Good Friday")},
		{easter, "easter_sunday", N_("Easter Sunday")},
		{date_add_days(easter, 1), "easter_monday", N_("Easter Monday")},
		{{y, 5, 1}, "labour_day", N_("Labour Day")},
		{{y, 5, 17}, "constitution_day", N_("Constitution Day")},
		{date_add_days(easter, 39), "ascension_day", N_("Ascension Day")},
		{date_add_days(easter, 49), "whit_sunday", N_("Whit Sunday")},
		{date_add_days(easter, 50), "whit_monday", N_("Whit Monday")},
		{{y, 12, 25}, "christmas_day", N_("Christmas Day")},
		{{y, 12, 26}, "boxing_day", N_("Boxing Day")},
	};
	/* In date order: Ascension Day or Whitsun may fall before or after 1
	 * and 17 May. */
	size_t n = 0;
	for (size_t i = 0; i < CALENDAR_HOLIDAYS; i++)
		out[n++] = list[i];
	for (size_t i = 1; i < n; i++) {
		struct holiday cur = out[i];
		size_t j = i;
		while (j > 0 && date_cmp(out[j - 1].date, cur.date) > 0) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = cur;
	}
	return n;
}

bool
calendar_is_holiday(struct date d, struct holiday *h)
{
	struct holiday list[CALENDAR_HOLIDAYS];
	size_t n = calendar_holidays(d.y, list);
	for (size_t i = 0; i < n; i++) {
		if (date_cmp(list[i].date, d) == 0) {
			if (h != NULL)
				*h = list[i];
			return true;
		}
	}
	return false;
}

bool
calendar_is_working_day(struct date d)
{
	int wd = date_weekday(d);
	return wd >= 1 && wd <= 5 && !calendar_is_holiday(d, NULL);
}

int
calendar_working_days(struct date from, struct date to)
{
	if (date_cmp(to, from) < 0)
		return 0;
	int n = 0;
	int64_t end = date_to_days(to);
	for (int64_t day = date_to_days(from); day <= end; day++)
		if (calendar_is_working_day(date_from_days(day)))
			n++;
	return n;
}
