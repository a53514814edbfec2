/*
 * attendance.c — marks, self-certified sickness and the monthly summary;
 * see attendance.h.
 */
#include "domain/attendance.h"
#include "domain/access.h"

#include "i18n/i18n.h"

#include <stddef.h>
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

const struct field_option correction_cause_options[CORRECTION_CAUSE_COUNT] = {
	{"register", N_("Mark changed in the register")},
	{"doctor_note", N_("Doctor's note registered")},
	{"enrolment", N_("Enrolled in a group from an earlier date")},
	{"pause", N_("Pause recorded or ended after the fact")},
};

enum correction_cause
correction_cause_parse(const char *key)
{
	for (int i = 0; key != NULL && i < CORRECTION_CAUSE_COUNT; i++)
		if (strcmp(key, correction_cause_options[i].key) == 0)
			return (enum correction_cause)i;
	return CORRECTION_REGISTER;
}

bool
mark_check(const struct mark *m, int session_minutes, const char *key, struct field_errors *e)
{
	int before = e->n;
	switch (m->kind) {
	case MARK_PRESENT:
		break;
	case MARK_LATE:
		if (m->early > 0) {
			/* late and left early: at least a minute present, else it is
			 * an absence */
			if (m->minutes < 1 || m->early < 1 || m->minutes + m->early > session_minutes - 1)
				field_error_add2(e, key, N_("Minutes late and left early are together between %lld and %lld."),
						 2, session_minutes - 1);
			break;
		}
		/* fall through */
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
	if (m->early != 0 && m->kind != MARK_LATE)
		field_error_add(e, key, N_("Minutes left early go beside a late mark: for one who only left early, choose "
					   "left early and give the minutes missed."));
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
		return session_minutes - m->minutes - m->early;
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
		*type = m->type == ABSENCE_NONE ? ABSENCE_UNEXCUSED : m->type;
		return m->minutes + m->early;
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

/* ---- a register as a form or the API gives it ---- */

#define R_(m) offsetof(struct register_row, m)
static const struct field row_table[] = {
	{.key = "participant_id", .type = FT_ID, .flags = FF_REQUIRED, .offset = R_(participant_id),
	 .label = N_("Participant"), .missing = N_("Say whose mark it is."),
	 .invalid = N_("Say whose mark it is: a participant's number."), .part = -1},
	{.key = "mark", .type = FT_ENUM, .offset = R_(mark), .label = N_("Attendance"),
	 .options = mark_kind_options, .noptions = MARK_KIND_COUNT,
	 .invalid = N_("Choose present, late, left early or absent."), .part = -1},
	{.key = "minutes", .type = FT_INT, .min = 0, .max = 24 * 60, .offset = R_(minutes), .label = N_("Minutes"),
	 .invalid = N_("Give the minutes as a whole number."), .part = -1},
	{.key = "left_early_minutes", .type = FT_INT, .min = 0, .max = 24 * 60, .offset = R_(left_early_minutes),
	 .label = N_("Also left early (minutes)"), .hint = N_("Beside a late mark: the minutes the participant also left early."),
	 .invalid = N_("Give the minutes as a whole number."), .part = -1},
	{.key = "absence", .type = FT_ENUM, .offset = R_(absence), .label = N_("Type of absence"),
	 .options = absence_type_options, .noptions = ABSENCE_TYPE_COUNT,
	 .invalid = N_("Choose the type of absence."), .part = -1},
	{.key = "reason", .type = FT_LINE, .max = REGISTER_REASON_MAX, .offset = R_(reason), .label = N_("Reason"),
	 .too_long = N_("Write the reason in at most 200 characters."), .part = -1},
};
#undef R_

const struct fields register_row_fields = FIELDS(row_table);

static const struct field register_table[] = {
	{.key = "marks", .type = FT_LIST, .offset = offsetof(struct register_input, marks), .max = REGISTER_ROWS_MAX,
	 .label = N_("Marks"), .item = row_table, .nitem = sizeof row_table / sizeof row_table[0],
	 .item_size = sizeof(struct register_row), .too_long = N_("A register has at most 500 rows."),
	 .part = -1},
	{.key = "correction_reason", .type = FT_TEXT, .max = REGISTER_CORRECTION_MAX,
	 .offset = offsetof(struct register_input, correction_reason), .label = N_("Reason for the correction"),
	 .hint = N_("Needed when the month's benefits are approved: the finance officer sees it."),
	 .too_long = N_("Write the reason in at most 500 characters."), .part = -1},
	{.key = "rest_present", .type = FT_BOOL, .offset = offsetof(struct register_input, rest_present),
	 .label = N_("Everyone not marked is present"), .invalid = N_("Answer yes or no."), .part = -1},
};

const struct fields register_fields = FIELDS(register_table);

/* ---- the self-certification rule as a leader gives it ---- */

#define S_OFF(m) offsetof(struct self_cert_rule_input, m)
static const struct field rule_table[] = {
	{.key = "valid_from", .type = FT_DATE, .flags = FF_REQUIRED, .offset = S_OFF(valid_from),
	 .label = N_("In force from"), .missing = N_("Give the day the rule comes into force."),
	 .invalid = N_("Give the day as a date (YYYY-MM-DD)."), .part = -1},
	{.key = "max_days", .type = FT_INT, .flags = FF_REQUIRED, .min = 1, .max = SELF_CERT_MAX_DAYS,
	 .offset = S_OFF(max_days), .label = N_("Days in a row"),
	 .hint = N_("The most calendar days one period of self-certified sickness may last."),
	 .missing = N_("Give the most days in a row."), .invalid = N_("Give the days as a whole number from 1 to 30."),
	 .part = -1},
	{.key = "max_periods", .type = FT_INT, .flags = FF_REQUIRED, .min = 1, .max = SELF_CERT_MAX_PERIODS,
	 .offset = S_OFF(max_periods), .label = N_("Periods in 12 months"),
	 .hint = N_("The most periods of self-certified sickness in the twelve months before one."),
	 .missing = N_("Give the most periods in 12 months."),
	 .invalid = N_("Give the periods as a whole number from 1 to 52."), .part = -1},
};
#undef S_OFF

const struct fields self_cert_rule_fields = FIELDS(rule_table);

bool
self_cert_rule_check(const struct self_cert_rule_input *in, struct date today, struct field_errors *e)
{
	if (in->valid_from.y != 0 && date_cmp(in->valid_from, today) <= 0) {
		field_error_add(e, "valid_from", N_("A new rule comes into force after today: the marks saved were counted by the rule of their day."));
		return false;
	}
	return true;
}

/* ---- a doctor's note ---- */

#define N_OFF(m) offsetof(struct doctor_note, m)
static const struct field note_table[] = {
	{.key = "from_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = N_OFF(from_on),
	 .label = N_("First day of the note"), .missing = N_("Give the first day the note covers."),
	 .invalid = N_("Give the first day as a date (YYYY-MM-DD)."), .part = PART_ACTIVITIES},
	{.key = "to_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = N_OFF(to_on),
	 .label = N_("Last day of the note"), .missing = N_("Give the last day the note covers."),
	 .invalid = N_("Give the last day as a date (YYYY-MM-DD)."), .part = PART_ACTIVITIES},
};
#undef N_OFF

const struct fields doctor_note_fields = FIELDS(note_table);

bool
doctor_note_check(const struct doctor_note *n, struct date today, struct field_errors *e)
{
	int before = e->n;
	if (n->from_on.y != 0 && date_cmp(n->from_on, today) > 0)
		field_error_add(e, "from_on", N_("A note is registered for days that have passed: the first day cannot be after today."));
	if (n->from_on.y != 0 && n->to_on.y != 0) {
		if (date_cmp(n->to_on, n->from_on) < 0)
			field_error_add(e, "to_on", N_("The last day cannot be before the first."));
		else if (date_to_days(n->to_on) - date_to_days(n->from_on) + 1 > DOCTOR_NOTE_MAX_DAYS)
			field_error_add2(e, "to_on", N_("A note covers at most %lld days."), DOCTOR_NOTE_MAX_DAYS, 0);
	}
	return e->n == before;
}

struct mark
register_row_mark(const struct register_row *r)
{
	struct mark m = {MARK_NONE, 0, ABSENCE_NONE, r->reason, 0};
	if (r->mark >= 0 && r->mark < MARK_KIND_COUNT)
		m.kind = (enum mark_kind)r->mark;
	if (r->minutes != FIELD_NONE && r->minutes >= 0 && r->minutes <= 24 * 60)
		m.minutes = (int)r->minutes;
	if (r->left_early_minutes != FIELD_NONE && r->left_early_minutes > 0 && r->left_early_minutes <= 24 * 60)
		m.early = (int)r->left_early_minutes;
	if (r->absence >= 0 && r->absence < ABSENCE_TYPE_COUNT)
		m.type = (enum absence_type)r->absence;
	return m;
}

/* ---- self-certified sickness ---- */

/* The rule of rules[] in force on day: the latest starting on or before
 * it (the first when none does). */
static const struct self_cert_rule *
rule_on(const struct self_cert_dated *rules, size_t nrules, struct date day)
{
	size_t k = 0;
	for (size_t i = 1; i < nrules; i++)
		if (date_cmp(rules[i].valid_from, day) <= 0)
			k = i;
	return &rules[k].rule;
}

void
self_cert_apply(const struct self_cert_rule *rule, struct sick_day *days, size_t n,
		scheduled_between_fn scheduled, void *ctx)
{
	struct self_cert_dated one = {.valid_from = {0, 0, 0}, .rule = *rule};
	self_cert_apply_dated(&one, 1, days, n, scheduled, ctx);
}

void
self_cert_apply_dated(const struct self_cert_dated *rules, size_t nrules, struct sick_day *days, size_t n,
		      scheduled_between_fn scheduled, void *ctx)
{
	if (nrules == 0)
		return;
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
		const struct self_cert_rule *rule = rule_on(rules, nrules, first);
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
attendance_summary_add(struct attendance_summary *s, struct summary_days *days, const struct summary_mark *sm)
{
	s->sessions++;
	s->scheduled_minutes += sm->session_minutes;
	if (sm->mark.kind == MARK_NONE) {
		s->unmarked_sessions++;
		s->unmarked_minutes += sm->session_minutes;
		return;
	}
	s->present_minutes += mark_present_minutes(&sm->mark, sm->session_minutes);
	enum absence_type t;
	int absent = mark_absent_minutes(&sm->mark, sm->session_minutes, &t);
	if (absent == 0)
		return;
	if (t == ABSENCE_SICK_SELF && sm->beyond_self_cert)
		t = ABSENCE_UNEXCUSED;
	s->absent_minutes[t] += absent;
	/* A day of absence is a day a session was missed whole: minutes late
	 * or left early are minutes, not a day away (decision 178). */
	if (sm->mark.kind == MARK_ABSENT && sm->date.d >= 1 && sm->date.d <= 31) {
		uint32_t bit = 1u << (unsigned)(sm->date.d - 1);
		if ((days->bits[t] & bit) == 0) {
			days->bits[t] |= bit;
			s->absent_days[t]++;
		}
	}
}

void
attendance_summary_unmarked(struct attendance_summary *s, int n, int64_t minutes)
{
	if (n <= 0)
		return;
	s->sessions += n;
	s->unmarked_sessions += n;
	s->scheduled_minutes += minutes;
	s->unmarked_minutes += minutes;
}

void
attendance_summarise(const struct summary_mark *marks, size_t n, struct attendance_summary *out)
{
	memset(out, 0, sizeof *out);
	struct summary_days days;
	memset(&days, 0, sizeof days);
	for (size_t i = 0; i < n; i++)
		attendance_summary_add(out, &days, &marks[i]);
}

struct mark
mark_with_note(struct mark m, bool doctor_note)
{
	if (doctor_note && m.type == ABSENCE_SICK_SELF)
		m.type = ABSENCE_SICK_DOCTOR;
	return m;
}

bool
mark_unexcused_absence(const struct mark *m, bool beyond_self_cert)
{
	if (m->kind != MARK_ABSENT)
		return false;
	return m->type == ABSENCE_UNEXCUSED || m->type == ABSENCE_NONE ||
	       (m->type == ABSENCE_SICK_SELF && beyond_self_cert);
}

void
absence_run_add(struct absence_run *r, struct date day, bool unexcused)
{
	if (r->last.y != 0 && date_cmp(day, r->last) == 0) {
		/* another session of the latest day: the day counts only if
		 * every mark of it is unexcused absence */
		if (r->last_unexcused && !unexcused) {
			/* the latest day breaks the run */
			r->last_unexcused = false;
			r->days = 0;
			r->since = (struct date){0, 0, 0};
		}
		return;
	}
	r->last = day;
	r->last_unexcused = unexcused;
	if (unexcused) {
		if (r->days == 0)
			r->since = day;
		r->days++;
	} else {
		r->days = 0;
		r->since = (struct date){0, 0, 0};
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
