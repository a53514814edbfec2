/*
 * timetable.c — weekly timetables and their sessions; see timetable.h.
 */
#include "domain/timetable.h"

#include "domain/calendar.h"
#include "i18n/i18n.h"

#include <stdio.h>
#include <string.h>

bool
timetable_parse_time(const char *s, int *minutes)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

void
timetable_format_time(int minutes, char out[6])
{
	if (minutes < 0 || minutes >= 24 * 60)
		minutes = 0;
	snprintf(out, 6, "%02d:%02d", minutes / 60, minutes % 60);
}

static const char *const slot_keys[TIMETABLE_MAX_SLOTS] = {
	"slots.1", "slots.2", "slots.3", "slots.4", "slots.5", "slots.6", "slots.7",
	"slots.8", "slots.9", "slots.10", "slots.11", "slots.12", "slots.13", "slots.14",
};

bool
timetable_check(const struct slot *slots, size_t n, struct field_errors *e)
{
	int before = e->n;
	if (n == 0) {
		field_error_add(e, "slots", N_("Give at least one time in the week."));
		return false;
	}
	if (n > TIMETABLE_MAX_SLOTS) {
		field_error_add2(e, "slots", N_("At most %lld times in the week."), TIMETABLE_MAX_SLOTS, 0);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const struct slot *s = &slots[i];
		if (s->weekday < 1 || s->weekday > 7)
			field_error_add(e, slot_keys[i], N_("Choose a day of the week."));
		else if (s->start < SLOT_FIRST_MINUTE || s->end > SLOT_LAST_MINUTE)
			field_error_add(e, slot_keys[i], N_("A time in the week is between 06:00 and 22:00."));
		else if (s->start >= s->end)
			field_error_add(e, slot_keys[i], N_("The end must be after the start."));
		else {
			for (size_t k = 0; k < i; k++) {
				const struct slot *o = &slots[k];
				if (o->weekday == s->weekday && s->start < o->end && o->start < s->end) {
					field_error_add(e, slot_keys[i],
							N_("This time overlaps another on the same day."));
					break;
				}
			}
		}
	}
	return e->n == before;
}

bool
timetable_closed(struct date d, const struct closure *closures, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (date_cmp(d, closures[i].from) >= 0 && date_cmp(d, closures[i].to) <= 0)
			return true;
	return false;
}

int
timetable_sessions(const struct slot *slots, size_t nslots, struct date from, struct date to,
		   const struct closure *closures, size_t nclosures, session_fn fn, void *ctx)
{
	/* Slots of each weekday in time order. */
	size_t order[TIMETABLE_MAX_SLOTS];
	size_t n = nslots < TIMETABLE_MAX_SLOTS ? nslots : TIMETABLE_MAX_SLOTS;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) {
		size_t cur = order[i], j = i;
		while (j > 0 && slots[order[j - 1]].start > slots[cur].start) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = cur;
	}
	int64_t end = date_to_days(to);
	for (int64_t day = date_to_days(from); day <= end; day++) {
		struct date d = date_from_days(day);
		int wd = date_weekday(d);
		bool any = false;
		for (size_t i = 0; i < n && !any; i++)
			any = slots[i].weekday == wd;
		if (!any || calendar_is_holiday(d, NULL) || timetable_closed(d, closures, nclosures))
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct slot *s = &slots[order[i]];
			if (s->weekday != wd)
				continue;
			struct session_time st = {d, s->start, s->end};
			int rc = fn(ctx, &st);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

bool
session_clash(const struct session_time *a, const struct session_time *b)
{
	return date_cmp(a->date, b->date) == 0 && a->start < b->end && b->start < a->end;
}

bool
sessions_first_clash(const struct session_time *a, size_t na, const struct session_time *b,
		     size_t nb, size_t *ia, size_t *ib)
{
	size_t i = 0, k = 0;
	while (i < na && k < nb) {
		if (session_clash(&a[i], &b[k])) {
			*ia = i;
			*ib = k;
			return true;
		}
		/* advance the one that ends first on the earlier day */
		int c = date_cmp(a[i].date, b[k].date);
		if (c < 0 || (c == 0 && a[i].end <= b[k].end))
			i++;
		else
			k++;
	}
	return false;
}
