/*
 * enrolment.c — programme periods: planned ends, extensions, pauses, exits
 * and follow-up dates; see enrolment.h.
 */
#include "domain/enrolment.h"

#include <string.h>

#include "domain/intake.h"
#include "i18n/i18n.h"
#include "util/err.h"

static const char *const outcome_keys[OUTCOME_COUNT] = {
	"employed_full", "employed_part", "education", "other_programme", "moved", "dropped_out",
	"other",
};

static const char *const outcome_labels[OUTCOME_COUNT] = {
	N_("Employed full-time"), N_("Employed part-time"), N_("Education"), N_("Other programme"),
	N_("Moved"), N_("Dropped out"), N_("Other"),
};

static const struct enrolment_followup followups[ENROLMENT_NFOLLOWUPS] = {
	{"followup_6m", 6, N_("Follow-up 6 months after exit")},
	{"followup_12m", 12, N_("Follow-up 12 months after exit")},
};

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
enrolment_status_label(const char *status)
{
	if (status == NULL)
		return "";
	if (strcmp(status, "active") == 0)
		return N_("Active");
	if (strcmp(status, "paused") == 0)
		return N_("Paused");
	if (strcmp(status, "exited") == 0)
		return N_("Exited");
	return status;
}

const char *
exit_outcome_key(enum exit_outcome o)
{
	return (int)o >= 0 && o < OUTCOME_COUNT ? outcome_keys[o] : NULL;
}

const char *
exit_outcome_label(enum exit_outcome o)
{
	return (int)o >= 0 && o < OUTCOME_COUNT ? outcome_labels[o] : NULL;
}

int
exit_outcome_parse(const char *s, enum exit_outcome *out)
{
	for (int i = 0; s != NULL && i < OUTCOME_COUNT; i++) {
		if (strcmp(s, outcome_keys[i]) == 0) {
			*out = (enum exit_outcome)i;
			return 0;
		}
	}
	return SC_EINVAL;
}

const char *
exit_outcome_label_of(const char *key)
{
	enum exit_outcome o;
	if (key == NULL)
		return "";
	return exit_outcome_parse(key, &o) == 0 ? outcome_labels[o] : key;
}

/* A required date field; records the error and returns false when bad. */
static bool
date_field(struct field_errors *e, const char *key, const char *text, struct date *out)
{
	const char *why = NULL;
	if (intake_date_validate(text, out, &why) != 0) {
		field_error_add(e, key, why);
		return false;
	}
	return true;
}

static void
reason_field(struct field_errors *e, const char *key, char **reason)
{
	const char *why = NULL;
	if (intake_text_validate(reason, INTAKE_NOTE_MAX, true, true, &why) != 0)
		field_error_add(e, key, why);
}

int
enrolment_start_validate(const char *start_text, const char *end_text, struct date earliest,
			 struct date today, struct date *start, struct date *end,
			 struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	bool have_start = false;
	if (date_field(errs, "start_date", start_text, start)) {
		if (date_cmp(*start, earliest) < 0)
			field_error_add(errs, "start_date", N_("The start cannot be before the referral date."));
		else if (date_cmp(*start, date_add_years(today, ENROLMENT_MAX_YEARS_AHEAD)) > 0)
			field_error_add(errs, "start_date", N_("The start can be at most one year from today."));
		else
			have_start = true;
	}
	if (end_text == NULL || *end_text == '\0') {
		if (have_start)
			*end = enrolment_default_end(*start);
	} else if (date_field(errs, "planned_end", end_text, end) && have_start) {
		if (date_cmp(*end, *start) <= 0)
			field_error_add(errs, "planned_end", N_("The planned end must be after the start."));
		else if (date_cmp(*end, enrolment_longest_end(*start)) > 0)
			field_error_add(errs, "planned_end",
					N_("The programme period can be at most four years from the start."));
	}
	return errs->n == 0 ? 0 : SC_EINVAL;
}

int
enrolment_extend_validate(struct date start, struct date current_end, const char *new_end_text,
			  char **reason, struct date *new_end, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	if (date_field(errs, "new_end", new_end_text, new_end)) {
		if (date_cmp(*new_end, current_end) <= 0)
			field_error_add(errs, "new_end", N_("The new end must be after the current planned end."));
		else if (date_cmp(*new_end, enrolment_longest_end(start)) > 0)
			field_error_add(errs, "new_end",
					N_("The programme period can be at most four years from the start."));
	}
	reason_field(errs, "reason", reason);
	return errs->n == 0 ? 0 : SC_EINVAL;
}

int
enrolment_pause_validate(struct date start, struct date planned_end, struct date today,
			 const char *from_text, const char *to_text, char **reason,
			 struct date *from, struct date *to, bool *has_to,
			 struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	*has_to = false;
	bool have_from = false;
	if (date_field(errs, "from", from_text, from)) {
		if (date_cmp(*from, start) < 0 || date_cmp(*from, planned_end) > 0)
			field_error_add(errs, "from", N_("The pause must start within the programme period."));
		else if (date_cmp(*from, today) > 0)
			field_error_add(errs, "from", N_("The pause cannot start in the future."));
		else
			have_from = true;
	}
	if (to_text != NULL && *to_text != '\0') {
		if (date_field(errs, "to", to_text, to)) {
			if (have_from && date_cmp(*to, *from) <= 0)
				field_error_add(errs, "to", N_("The end of the pause must be after its start."));
			else
				*has_to = true;
		}
	}
	reason_field(errs, "reason", reason);
	if (errs->n > 0) {
		*has_to = false;
		return SC_EINVAL;
	}
	return 0;
}

int
enrolment_resume_validate(struct date pause_from, struct date today, const char *date_text,
			  struct date *date, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	if (date_field(errs, "date", date_text, date)) {
		if (date_cmp(*date, pause_from) < 0)
			field_error_add(errs, "date", N_("The period cannot resume before the pause started."));
		else if (date_cmp(*date, today) > 0)
			field_error_add(errs, "date", N_("The date cannot be in the future."));
	}
	return errs->n == 0 ? 0 : SC_EINVAL;
}

int
enrolment_exit_validate(struct date start, struct date today, const char *date_text,
			char **reason, const char *outcome_text, struct date *date,
			enum exit_outcome *outcome, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	if (date_field(errs, "date", date_text, date)) {
		if (date_cmp(*date, start) < 0)
			field_error_add(errs, "date", N_("The exit cannot be before the start of the period."));
		else if (date_cmp(*date, today) > 0)
			field_error_add(errs, "date", N_("The exit date cannot be in the future."));
	}
	reason_field(errs, "reason", reason);
	if (outcome_text == NULL || *outcome_text == '\0')
		field_error_add(errs, "outcome", N_("Choose the outcome."));
	else if (exit_outcome_parse(outcome_text, outcome) != 0)
		field_error_add(errs, "outcome", N_("Choose an outcome from the list."));
	return errs->n == 0 ? 0 : SC_EINVAL;
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
