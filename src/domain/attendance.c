/*
 * attendance.c — marks, self-certified sickness and the monthly summary;
 * see attendance.h.
 */
#include "domain/attendance.h"

#include "i18n/i18n.h"

#include <string.h>

const struct field_option mark_kind_options[MARK_KIND_COUNT] = {
	{"present", N_("Present")},
	{"late", N_("Late")},
	{"left_early", N_("Left early")},
	{"absent", N_("Absent")},
};

const struct field_option absence_type_options[ABSENCE_TYPE_COUNT] = {
	{"sick_self", N_("Sick, self-certified")},
	{"sick_doctor", N_("Sick, doctor's note")},
	{"leave", N_("Approved leave")},
	{"unexcused", N_("Unexcused")},
};

bool
mark_check(const struct mark *m, int session_minutes, const char *key, struct field_errors *e)
{
	int before = e->n;
	switch (m->kind) {
	case MARK_PRESENT:
		break;
	case MARK_LATE:
	case MARK_LEFT_EARLY:
		if (m->minutes < 1 || m->minutes > session_minutes - 1)
			field_error_add2(e, key,
					 m->kind == MARK_LATE
						 ? N_("Minutes late are between %lld and %lld.")
						 : N_("Minutes left early are between %lld and %lld."),
					 1, session_minutes - 1);
		break;
	case MARK_ABSENT:
		if (m->type == ABSENCE_NONE)
			field_error_add(e, key, N_("Choose the type of absence."));
		break;
	default:
		field_error_add(e, key, N_("Choose present, late, left early or absent."));
		return false;
	}
	if (m->type != ABSENCE_NONE && (m->type < 0 || m->type >= ABSENCE_TYPE_COUNT))
		field_error_add(e, key, N_("Choose the type of absence."));
	else if (m->kind != MARK_PRESENT && m->type == ABSENCE_LEAVE &&
		 (m->reason == NULL || m->reason[0] == '\0'))
		field_error_add(e, key, N_("Approved leave needs a reason."));
	else if (m->kind == MARK_PRESENT && m->type != ABSENCE_NONE)
		field_error_add(e, key, N_("A participant who is present has no absence."));
	return e->n == before;
}

int
mark_present_minutes(const struct mark *m, int session_minutes)
{
	switch (m->kind) {
	case MARK_PRESENT:
		return session_minutes;
	case MARK_LATE:
	case MARK_LEFT_EARLY:
		return session_minutes - m->minutes;
	default:
		return 0;
	}
}

int
mark_absent_minutes(const struct mark *m, int session_minutes, enum absence_type *type)
{
	switch (m->kind) {
	case MARK_LATE:
	case MARK_LEFT_EARLY:
		*type = m->type == ABSENCE_NONE ? ABSENCE_UNEXCUSED : m->type;
		return m->minutes;
	case MARK_ABSENT:
		*type = m->type == ABSENCE_NONE ? ABSENCE_UNEXCUSED : m->type;
		return session_minutes;
	default:
		*type = ABSENCE_NONE;
		return 0;
	}
}

/* ---- self-certified sickness ---- */

void
self_cert_apply(const struct self_cert_rule *rule, struct sick_day *days, size_t n,
		scheduled_between_fn scheduled, void *ctx)
{
	/* The first days of the periods self-certified so far (those not
	 * beyond whole), in order; a period is looked back on only once. */
	enum { MAX_STARTS = 64 };
	struct date starts[MAX_STARTS];
	size_t nstarts = 0, oldest = 0;

	size_t i = 0;
	while (i < n) {
		/* The period: i .. j-1. */
		size_t j = i + 1;
		while (j < n && !scheduled(ctx, days[j - 1].date, days[j].date))
			j++;
		struct date first = days[i].date;
		/* Periods that started in the twelve months before: after the
		 * same date a year before, and before this one. */
		struct date year_before = date_add_years(first, -1);
		while (oldest < nstarts && date_cmp(starts[oldest], year_before) <= 0)
			oldest++;
		bool whole = (int)(nstarts - oldest) >= rule->max_periods;
		bool self_certified = false;
		for (size_t k = i; k < j; k++) {
			int64_t day = date_to_days(days[k].date) - date_to_days(first);
			days[k].beyond = !days[k].doctor_note && (whole || day >= rule->max_days);
			if (!days[k].doctor_note && !days[k].beyond)
				self_certified = true;
		}
		if (self_certified) {
			if (nstarts == MAX_STARTS) {
				/* keep the newest: drop those already out of the window */
				memmove(starts, starts + oldest, (nstarts - oldest) * sizeof starts[0]);
				nstarts -= oldest;
				oldest = 0;
			}
			if (nstarts < MAX_STARTS)
				starts[nstarts++] = first;
		}
		i = j;
	}
}

/* ---- the monthly summary ---- */

void
attendance_summarise(const struct summary_mark *marks, size_t n, struct attendance_summary *out)
{
	memset(out, 0, sizeof *out);
	int64_t last_day[ABSENCE_TYPE_COUNT];
	for (int t = 0; t < ABSENCE_TYPE_COUNT; t++)
		last_day[t] = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		const struct summary_mark *sm = &marks[i];
		out->sessions++;
		out->scheduled_minutes += sm->session_minutes;
		if (sm->mark.kind == MARK_NONE) {
			out->unmarked_sessions++;
			out->unmarked_minutes += sm->session_minutes;
			continue;
		}
		out->present_minutes += mark_present_minutes(&sm->mark, sm->session_minutes);
		enum absence_type t;
		int absent = mark_absent_minutes(&sm->mark, sm->session_minutes, &t);
		if (absent == 0)
			continue;
		if (t == ABSENCE_SICK_SELF && sm->beyond_self_cert)
			t = ABSENCE_UNEXCUSED;
		out->absent_minutes[t] += absent;
		int64_t day = date_to_days(sm->date);
		if (day != last_day[t]) {
			out->absent_days[t]++;
			last_day[t] = day;
		}
	}
}

int
attendance_rate_permille(const struct attendance_summary *s)
{
	int64_t marked = s->scheduled_minutes - s->unmarked_minutes;
	if (marked <= 0)
		return -1;
	return (int)((s->present_minutes * 1000 + marked / 2) / marked);
}
