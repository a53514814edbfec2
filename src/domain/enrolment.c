/*
 * enrolment.c — programme periods: their records and fields, planned ends,
 * extensions, pauses, exits and follow-up dates; see enrolment.h.
 */
#include "domain/enrolment.h"

#include <string.h>

#include "domain/access.h"
#include "domain/intake.h"
#include "domain/placement.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

static const struct field_option status_options[ENROLMENT_STATUS_COUNT] = {
	{"active", N_("Active")},
	{"paused", N_("Paused")},
	{"exited", N_("Exited")},
};

static const struct field_option outcome_options[OUTCOME_COUNT] = {
	{"employed_full", N_("Employed full-time")},
	{"employed_part", N_("Employed part-time")},
	{"education", N_("Education")},
	{"other_programme", N_("Other programme")},
	{"moved", N_("Moved")},
	{"dropped_out", N_("Dropped out")},
	{"other", N_("Other")},
};

static const struct enrolment_followup followups[ENROLMENT_NFOLLOWUPS] = {
	{"followup_6m", 6, N_("Follow-up 6 months after exit")},
	{"followup_12m", 12, N_("Follow-up 12 months after exit")},
};

#define TOO_LONG N_("This text is too long.")

struct date
enrolment_default_end(struct date start)
{
	return date_add_years(start, ENROLMENT_DEFAULT_YEARS);
}

struct date
enrolment_longest_end(struct date start)
{
	return date_add_years(start, ENROLMENT_MAX_YEARS);
}

const char *
enrolment_status_key(enum enrolment_status s)
{
	return (int)s >= 0 && s < ENROLMENT_STATUS_COUNT ? status_options[s].key : NULL;
}

bool
enrolment_current(const char *participant_status)
{
	return participant_status != NULL &&
	       (strcmp(participant_status, "active") == 0 || strcmp(participant_status, "paused") == 0);
}

const char *
exit_outcome_key(enum exit_outcome o)
{
	return (int)o >= 0 && o < OUTCOME_COUNT ? outcome_options[o].key : NULL;
}

const char *
exit_outcome_label(enum exit_outcome o)
{
	return (int)o >= 0 && o < OUTCOME_COUNT ? outcome_options[o].label : NULL;
}

int
exit_outcome_parse(const char *s, enum exit_outcome *out)
{
	for (int i = 0; s != NULL && i < OUTCOME_COUNT; i++) {
		if (strcmp(s, outcome_options[i].key) == 0) {
			*out = (enum exit_outcome)i;
			return 0;
		}
	}
	return SC_EINVAL;
}

/* ---- the period ---- */

static const struct field fields_of_enrolment[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct enrolment, id),
	 .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct enrolment, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "referral_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct enrolment, referral_id),
	 .label = N_("Referral"), .part = PART_PERIOD},
	{.key = "start_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct enrolment, start_date),
	 .label = N_("Start"), .part = PART_PERIOD},
	{.key = "planned_end", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct enrolment, planned_end),
	 .label = N_("Planned end"), .part = PART_PERIOD},
	{.key = "longest_end", .type = FT_DATE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct enrolment, longest_end), .label = N_("Longest possible end"), .part = PART_PERIOD},
	{.key = "status", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct enrolment, status),
	 .label = N_("Status"), .options = status_options, .noptions = ENROLMENT_STATUS_COUNT, .part = PART_PERIOD},
	{.key = "exit_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct enrolment, exit_date),
	 .label = N_("Exit date"), .part = PART_PERIOD},
	{.key = "exit_reason", .type = FT_TEXT, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct enrolment, exit_reason),
	 .label = N_("Exit reason"), .part = PART_PERIOD},
	{.key = "outcome", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct enrolment, outcome),
	 .label = N_("Outcome"), .options = outcome_options, .noptions = OUTCOME_COUNT, .part = PART_PERIOD},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct enrolment, version),
	 .label = N_("Version"), .part = -1},
};

const struct fields enrolment_fields = FIELDS(fields_of_enrolment);

/* ---- a period begins ---- */

static const struct field fields_of_start[] = {
	{.key = "start_date", .type = FT_DATE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct enrolment_start, start_date), .label = N_("Start date"), .part = PART_PERIOD},
	{.key = "planned_end", .type = FT_DATE, .offset = offsetof(struct enrolment_start, planned_end),
	 .label = N_("Planned end (two years unless set)"), .part = PART_PERIOD},
	{.key = "contact_id", .type = FT_ID, .offset = offsetof(struct enrolment_start, contact_id),
	 .label = N_("Contact person"), .invalid = N_("Choose a contact person from the list."),
	 .part = PART_CASELOAD},
};

const struct fields enrolment_start_fields = FIELDS(fields_of_start);

const char *
enrolment_start_refusal(bool enrolled, bool open_referral)
{
	if (enrolled)
		return N_("This participant is already enrolled in the programme.");
	if (open_referral)
		return N_("This participant has an open referral; enrol them by accepting its offer.");
	return NULL;
}

bool
enrolment_start_check(struct enrolment_start *in, struct date earliest, struct date today,
		      struct field_errors *e)
{
	int before = e->n;
	bool have_start = in->start_date.y != 0;
	if (have_start && date_cmp(in->start_date, earliest) < 0) {
		field_error_add(e, "start_date", N_("The start cannot be before the referral date."));
		have_start = false;
	} else if (have_start && date_cmp(in->start_date, date_add_years(today, ENROLMENT_MAX_YEARS_AHEAD)) > 0) {
		field_error_add(e, "start_date", N_("The start can be at most one year from today."));
		have_start = false;
	}
	if (in->planned_end.y == 0) {
		if (have_start)
			in->planned_end = enrolment_default_end(in->start_date);
	} else if (have_start) {
		if (date_cmp(in->planned_end, in->start_date) <= 0)
			field_error_add(e, "planned_end", N_("The planned end must be after the start."));
		else if (date_cmp(in->planned_end, enrolment_longest_end(in->start_date)) > 0)
			field_error_add(e, "planned_end",
					N_("The programme period can be at most four years from the start."));
	}
	return e->n == before;
}

/* ---- extensions ---- */

static const struct field fields_of_extension[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct enrolment_extension, id),
	 .label = N_("Number"), .part = -1},
	{.key = "enrolment_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct enrolment_extension, enrolment_id), .label = N_("Programme period"), .part = -1},
	{.key = "old_end", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct enrolment_extension, old_end),
	 .label = N_("Planned end"), .part = PART_PERIOD},
	{.key = "new_end", .type = FT_DATE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct enrolment_extension, new_end), .label = N_("New planned end"),
	 .part = PART_PERIOD},
	{.key = "reason", .type = FT_TEXT, .flags = FF_REQUIRED | FF_BLANK, .offset = offsetof(struct enrolment_extension, reason),
	 .max = INTAKE_NOTE_MAX, .label = N_("Reason"), .too_long = TOO_LONG, .part = PART_PERIOD},
	{.key = "at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct enrolment_extension, at),
	 .label = N_("When"), .part = PART_PERIOD},
	{.key = "user_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct enrolment_extension, user_id),
	 .label = N_("By"), .part = PART_PERIOD},
	{.key = "user_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct enrolment_extension, user_name), .label = N_("By"), .part = PART_PERIOD},
};

const struct fields enrolment_extension_fields = FIELDS(fields_of_extension);

bool
enrolment_extend_check(const struct enrolment_extension *in, struct date start, struct date current_end,
		       struct field_errors *e)
{
	int before = e->n;
	if (in->new_end.y != 0) {
		if (date_cmp(in->new_end, current_end) <= 0)
			field_error_add(e, "new_end", N_("The new end must be after the current planned end."));
		else if (date_cmp(in->new_end, enrolment_longest_end(start)) > 0)
			field_error_add(e, "new_end",
					N_("The programme period can be at most four years from the start."));
	}
	return e->n == before;
}

/* ---- pauses ---- */

static const struct field fields_of_pause_input[] = {
	{.key = "from", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct enrolment_pause_input, from),
	 .label = N_("From"), .part = PART_PERIOD},
	{.key = "to", .type = FT_DATE, .offset = offsetof(struct enrolment_pause_input, to),
	 .label = N_("Until (if known)"), .part = PART_PERIOD},
	{.key = "reason", .type = FT_TEXT, .flags = FF_REQUIRED,
	 .offset = offsetof(struct enrolment_pause_input, reason), .max = INTAKE_NOTE_MAX, .label = N_("Reason"),
	 .too_long = TOO_LONG, .part = PART_PERIOD},
};

const struct fields enrolment_pause_input_fields = FIELDS(fields_of_pause_input);

bool
enrolment_pause_check(const struct enrolment_pause_input *in, struct date start, struct date planned_end,
		      struct date today, struct field_errors *e)
{
	int before = e->n;
	bool have_from = in->from.y != 0;
	if (have_from && (date_cmp(in->from, start) < 0 || date_cmp(in->from, planned_end) > 0)) {
		field_error_add(e, "from", N_("The pause must start within the programme period."));
		have_from = false;
	} else if (have_from && date_cmp(in->from, today) > 0) {
		field_error_add(e, "from", N_("The pause cannot start in the future."));
		have_from = false;
	}
	if (have_from && in->to.y != 0 && date_cmp(in->to, in->from) <= 0)
		field_error_add(e, "to", N_("The end of the pause must be after its start."));
	return e->n == before;
}

bool
enrolment_pause_over(const struct enrolment_pause_input *in, struct date today)
{
	return in->to.y != 0 && date_cmp(in->to, today) <= 0;
}

bool
enrolment_pause_covers(struct date from, struct date to, struct date day)
{
	return date_cmp(day, from) >= 0 && (to.y == 0 || date_cmp(day, to) < 0);
}

struct date
enrolment_pause_last_day(struct date to)
{
	return to.y == 0 ? (struct date){9999, 12, 31} : date_add_days(to, -1);
}

const struct enrolment_pause *
enrolment_pause_overlap(const struct enrolment_pause_input *in, const struct enrolment_pause *kept, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool starts_before_end = kept[i].to_date.y == 0 || date_cmp(in->from, kept[i].to_date) < 0;
		bool ends_after_start = in->to.y == 0 || date_cmp(kept[i].from_date, in->to) < 0;
		if (starts_before_end && ends_after_start)
			return &kept[i];
	}
	return NULL;
}

static const struct field fields_of_pause_change[] = {
	{.key = "from", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct enrolment_pause_input, from),
	 .label = N_("From"), .missing = N_("Give the pause's first day."), .part = PART_PERIOD},
	{.key = "to", .type = FT_DATE, .offset = offsetof(struct enrolment_pause_input, to),
	 .label = N_("Until (if known)"), .hint = N_("The day the period resumes."), .part = PART_PERIOD},
};

const struct fields enrolment_pause_change_fields = FIELDS(fields_of_pause_change);

/* The day formatted into a, or "" when a has no room. */
static const char *
day_text(struct arena *a, struct date d)
{
	char *s = arena_alloc(a, 11);
	if (s == NULL)
		return "";
	date_format(d, s);
	return s;
}

bool
enrolment_pause_change_check(const struct enrolment_pause_input *in, struct date start, struct date planned_end,
			     struct date exit_date, struct date today, struct arena *a, struct field_errors *e)
{
	int before = e->n;
	bool have_from = in->from.y != 0, exited = exit_date.y != 0;
	if (have_from && date_cmp(in->from, start) < 0) {
		field_error_add_text(e, "from", N_("The pause cannot start before the programme period began on %s."),
				     day_text(a, start), NULL, NULL);
		have_from = false;
	} else if (have_from && exited && date_cmp(in->from, exit_date) >= 0) {
		field_error_add_text(e, "from", N_("The pause must start before the exit on %s."),
				     day_text(a, exit_date), NULL, NULL);
		have_from = false;
	} else if (have_from && date_cmp(in->from, planned_end) > 0) {
		field_error_add(e, "from", N_("The pause must start within the programme period."));
		have_from = false;
	} else if (have_from && date_cmp(in->from, today) > 0) {
		field_error_add(e, "from", N_("The pause cannot start in the future."));
		have_from = false;
	}
	if (have_from && in->to.y != 0 && date_cmp(in->to, in->from) <= 0)
		field_error_add(e, "to", N_("The end of the pause must be after its start."));
	else if (exited && (in->to.y == 0 || date_cmp(in->to, exit_date) > 0))
		field_error_add_text(e, "to", N_("The pause ended with the exit on %s: it must end by that day."),
				     day_text(a, exit_date), NULL, NULL);
	return e->n == before;
}

static const struct field fields_of_pause[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct enrolment_pause, id),
	 .label = N_("Number"), .part = -1},
	{.key = "enrolment_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct enrolment_pause, enrolment_id),
	 .label = N_("Programme period"), .part = -1},
	{.key = "from_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct enrolment_pause, from_date),
	 .label = N_("From"), .part = PART_PERIOD},
	{.key = "to_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct enrolment_pause, to_date),
	 .label = N_("Until"), .part = PART_PERIOD},
	{.key = "reason", .type = FT_TEXT, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct enrolment_pause, reason),
	 .label = N_("Reason"), .part = PART_PERIOD},
	{.key = "at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct enrolment_pause, at),
	 .label = N_("When"), .part = PART_PERIOD},
	{.key = "user_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct enrolment_pause, user_id),
	 .label = N_("By"), .part = PART_PERIOD},
	{.key = "user_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct enrolment_pause, user_name), .label = N_("By"), .part = PART_PERIOD},
};

const struct fields enrolment_pause_fields = FIELDS(fields_of_pause);

static const struct field fields_of_resume[] = {
	{.key = "date", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct enrolment_resume, date),
	 .label = N_("Resumed on"), .part = PART_PERIOD},
};

const struct fields enrolment_resume_fields = FIELDS(fields_of_resume);

bool
enrolment_resume_check(const struct enrolment_resume *in, struct date pause_from, struct date today,
		       struct field_errors *e)
{
	int before = e->n;
	if (in->date.y != 0) {
		if (date_cmp(in->date, pause_from) < 0)
			field_error_add(e, "date", N_("The period cannot resume before the pause started."));
		else if (date_cmp(in->date, today) > 0)
			field_error_add(e, "date", N_("The date cannot be in the future."));
	}
	return e->n == before;
}

/* ---- exit ---- */

static const struct field fields_of_exit[] = {
	{.key = "date", .type = FT_DATE, .flags = FF_REQUIRED, .offset = offsetof(struct enrolment_exit, date),
	 .label = N_("Exit date"), .part = PART_PERIOD},
	{.key = "reason", .type = FT_TEXT, .flags = FF_REQUIRED, .offset = offsetof(struct enrolment_exit, reason),
	 .max = INTAKE_NOTE_MAX, .label = N_("Reason"), .too_long = TOO_LONG, .part = PART_PERIOD},
	{.key = "outcome", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = offsetof(struct enrolment_exit, outcome),
	 .label = N_("Outcome"), .options = outcome_options, .noptions = OUTCOME_COUNT,
	 .missing = N_("Choose the outcome."), .invalid = N_("Choose an outcome from the list."),
	 .part = PART_PERIOD},
};

const struct fields enrolment_exit_fields = FIELDS(fields_of_exit);

bool
enrolment_exit_check(const struct enrolment_exit *in, struct date start, struct date today,
		     struct field_errors *e)
{
	int before = e->n;
	if (in->date.y != 0) {
		if (date_cmp(in->date, start) < 0)
			field_error_add(e, "date", N_("The exit cannot be before the start of the period."));
		else if (date_cmp(in->date, today) > 0)
			field_error_add(e, "date", N_("The exit date cannot be in the future."));
	}
	return e->n == before;
}

const struct enrolment_followup *
enrolment_followup(int i)
{
	return i >= 0 && i < ENROLMENT_NFOLLOWUPS ? &followups[i] : NULL;
}

struct date
enrolment_followup_due(struct date exit_date, int i)
{
	if (i < 0 || i >= ENROLMENT_NFOLLOWUPS)
		return exit_date;
	return date_add_months(exit_date, followups[i].months);
}

static const struct field fields_of_task[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct followup_task, id),
	 .label = N_("Number"), .part = -1},
	{.key = "enrolment_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct followup_task, enrolment_id),
	 .label = N_("Programme period"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct followup_task, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "kind", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct followup_task, kind),
	 .label = N_("Follow-up"), .part = PART_FOLLOWUP},
	{.key = "due_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct followup_task, due_on),
	 .label = N_("Due"), .part = PART_FOLLOWUP},
	{.key = "assignee_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct followup_task, assignee_id),
	 .label = N_("Contact person"), .part = PART_FOLLOWUP},
	{.key = "done_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct followup_task, done_on),
	 .label = N_("Done on"), .part = PART_FOLLOWUP},
};

const struct fields followup_task_fields = FIELDS(fields_of_task);

enum exit_place
enrolment_exit_place(bool waiting, struct date starts_on, struct date ends_on, struct date last_mark,
		     struct date exit_date, struct date *last_day)
{
	if (waiting)
		return EXIT_PLACE_REMOVE;
	if (date_cmp(ends_on, exit_date) < 0)
		return EXIT_PLACE_KEEP;
	bool marked = last_mark.y != 0 && date_cmp(last_mark, starts_on) >= 0;
	if (date_cmp(starts_on, exit_date) >= 0 && !marked)
		return EXIT_PLACE_REMOVE;
	struct date last = date_add_days(exit_date, -1);
	if (marked && date_cmp(last_mark, last) > 0)
		last = last_mark;
	if (date_cmp(last, ends_on) >= 0)
		return EXIT_PLACE_KEEP;
	*last_day = last;
	return EXIT_PLACE_END;
}

int
enrolment_exit_placement_reason(int outcome)
{
	return outcome == OUTCOME_EMPLOYED_FULL || outcome == OUTCOME_EMPLOYED_PART ? END_GOT_JOB : END_OTHER;
}
