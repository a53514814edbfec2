/*
 * plan.c — see plan.h.
 */
#include "domain/plan.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "util/err.h"

/* ---- keys and labels ---- */

static const char *const category_keys[] = {NULL, "language", "work", "education", "health",
					     "everyday"};
static const char *const category_labels[] = {NULL, N_("Language"), N_("Work"), N_("Education"),
					      N_("Health"), N_("Everyday life")};
static const char *const status_keys[] = {NULL, "planned", "in_progress", "achieved", "dropped"};
static const char *const status_labels[] = {NULL, N_("Planned"), N_("In progress"),
					    N_("Achieved"), N_("Dropped")};

const char *
goal_category_key(enum goal_category c)
{
	return c >= GOAL_CATEGORY_FIRST && c <= GOAL_CATEGORY_LAST ? category_keys[c] : "";
}

const char *
goal_category_label(enum goal_category c)
{
	return c >= GOAL_CATEGORY_FIRST && c <= GOAL_CATEGORY_LAST ? category_labels[c] : "";
}

int
goal_category_parse(const char *s, enum goal_category *out)
{
	for (int c = GOAL_CATEGORY_FIRST; s != NULL && c <= GOAL_CATEGORY_LAST; c++)
		if (strcmp(s, category_keys[c]) == 0) {
			*out = (enum goal_category)c;
			return SC_OK;
		}
	return SC_EINVAL;
}

const char *
goal_status_key(enum goal_status s)
{
	return s >= GOAL_STATUS_FIRST && s <= GOAL_STATUS_LAST ? status_keys[s] : "";
}

const char *
goal_status_label(enum goal_status s)
{
	return s >= GOAL_STATUS_FIRST && s <= GOAL_STATUS_LAST ? status_labels[s] : "";
}

int
goal_status_parse(const char *s, enum goal_status *out)
{
	for (int st = GOAL_STATUS_FIRST; s != NULL && st <= GOAL_STATUS_LAST; st++)
		if (strcmp(s, status_keys[st]) == 0) {
			*out = (enum goal_status)st;
			return SC_OK;
		}
	return SC_EINVAL;
}

const char *
goal_category_label_of(const char *key)
{
	enum goal_category c;
	if (goal_category_parse(key, &c) == SC_OK)
		return category_labels[c];
	return key != NULL ? key : "";
}

const char *
goal_status_label_of(const char *key)
{
	enum goal_status s;
	if (goal_status_parse(key, &s) == SC_OK)
		return status_labels[s];
	return key != NULL ? key : "";
}

/* ---- text and dates ---- */

static char empty_text[1];

/* Trims spaces, tabs and line ends at both ends, in place. NULL gives "". */
static char *
trim(char *s)
{
	if (s == NULL) {
		empty_text[0] = '\0';
		return empty_text;
	}
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* True when s is valid UTF-8 without control characters (tab and line ends
 * are allowed when multiline). */
static bool
text_clean(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			if ((*p < 0x20 || *p == 0x7f) &&
			    !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
				return false;
			p++;
			continue;
		}
		int n;
		if ((*p & 0xE0) == 0xC0 && *p >= 0xC2)
			n = 1;
		else if ((*p & 0xF0) == 0xE0)
			n = 2;
		else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4)
			n = 3;
		else
			return false;
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* Characters (code points) of UTF-8 text: limits are told to users in
 * characters, and Norwegian letters take two bytes. */
static size_t
text_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

#define DATE_FORMAT_REASON N_("Write the date as YYYY-MM-DD, for example 2024-03-01.")

/* ---- the plan ---- */

static const char *
plan_text(struct field_errors *e, const char *key, char *raw, const char *too_long)
{
	char *s = trim(raw);
	if (text_chars(s) > PLAN_TEXT_MAX)
		field_error_add(e, key, too_long);
	else if (!text_clean(s, true))
		field_error_add(e, key, N_("This text has characters that are not allowed."));
	return s;
}

int
plan_validate(struct plan_form *in, struct date today, struct plan *out,
	      struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	memset(out, 0, sizeof *out);
	out->wishes = plan_text(errs, "wishes", in->wishes,
				N_("The participant's wishes can be at most 8000 characters."));
	out->resources = plan_text(errs, "resources", in->resources,
				   N_("The resources assessment can be at most 8000 characters."));
	char *agreed = trim(in->agreed_on);
	if (*agreed != '\0') {
		if (date_parse(agreed, &out->agreed_on) != SC_OK)
			field_error_add(errs, "agreed_on", DATE_FORMAT_REASON);
		else if (date_cmp(out->agreed_on, today) > 0)
			field_error_add(errs, "agreed_on",
					N_("The date of the agreement cannot be in the future."));
		else
			out->has_agreed = true;
	}
	return errs->n > 0 ? SC_EINVAL : SC_OK;
}

/* ---- goals and steps ---- */

static const char *const step_fields[GOAL_STEPS_MAX] = {
	"step_1", "step_2", "step_3", "step_4", "step_5", "step_6", "step_7",
	"step_8", "step_9", "step_10", "step_11", "step_12", "step_13", "step_14",
	"step_15", "step_16", "step_17", "step_18", "step_19", "step_20",
};
static const char *const step_due_fields[GOAL_STEPS_MAX] = {
	"step_1_due", "step_2_due", "step_3_due", "step_4_due", "step_5_due",
	"step_6_due", "step_7_due", "step_8_due", "step_9_due", "step_10_due",
	"step_11_due", "step_12_due", "step_13_due", "step_14_due", "step_15_due",
	"step_16_due", "step_17_due", "step_18_due", "step_19_due", "step_20_due",
};
static const char *const step_done_fields[GOAL_STEPS_MAX] = {
	"step_1_done", "step_2_done", "step_3_done", "step_4_done", "step_5_done",
	"step_6_done", "step_7_done", "step_8_done", "step_9_done", "step_10_done",
	"step_11_done", "step_12_done", "step_13_done", "step_14_done", "step_15_done",
	"step_16_done", "step_17_done", "step_18_done", "step_19_done", "step_20_done",
};

const char *
goal_step_field(size_t row)
{
	return row >= 1 && row <= GOAL_STEPS_MAX ? step_fields[row - 1] : NULL;
}

const char *
goal_step_due_field(size_t row)
{
	return row >= 1 && row <= GOAL_STEPS_MAX ? step_due_fields[row - 1] : NULL;
}

const char *
goal_step_done_field(size_t row)
{
	return row >= 1 && row <= GOAL_STEPS_MAX ? step_done_fields[row - 1] : NULL;
}

/* One step row; false when the row is blank (skipped). */
static bool
step_validate(struct step_form *in, size_t row, struct date today, struct goal_step *out,
	      struct field_errors *e)
{
	char *desc = trim(in->description);
	char *due = trim(in->due_on);
	char *done = trim(in->done_on);
	memset(out, 0, sizeof *out);
	if (*desc == '\0' && *due == '\0' && *done == '\0')
		return false;
	out->description = desc;
	if (*desc == '\0')
		field_error_add(e, step_fields[row - 1], N_("Describe the step, or clear its dates."));
	else if (text_chars(desc) > STEP_TEXT_MAX)
		field_error_add(e, step_fields[row - 1], N_("A step can be at most 300 characters."));
	else if (!text_clean(desc, false))
		field_error_add(e, step_fields[row - 1],
				N_("A step is one line of text without special characters."));
	if (*due != '\0') {
		if (date_parse(due, &out->due) != SC_OK)
			field_error_add(e, step_due_fields[row - 1], DATE_FORMAT_REASON);
		else
			out->has_due = true;
	}
	if (*done != '\0') {
		if (date_parse(done, &out->done) != SC_OK)
			field_error_add(e, step_done_fields[row - 1], DATE_FORMAT_REASON);
		else if (date_cmp(out->done, today) > 0)
			field_error_add(e, step_done_fields[row - 1],
					N_("A step cannot be done on a date in the future."));
		else
			out->has_done = true;
	}
	return true;
}

int
goal_validate(struct goal_form *in, struct date period_start, struct date today,
	      struct goal *out, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	memset(out, 0, sizeof *out);

	char *cat = trim(in->category);
	if (*cat == '\0')
		field_error_add(errs, "category", N_("Choose the goal's category."));
	else if (goal_category_parse(cat, &out->category) != SC_OK)
		field_error_add(errs, "category",
				N_("Choose language, work, education, health or everyday life."));

	char *title = trim(in->title);
	out->title = title;
	if (*title == '\0')
		field_error_add(errs, "title", N_("Write the goal."));
	else if (text_chars(title) > GOAL_TITLE_MAX)
		field_error_add(errs, "title", N_("A goal can be at most 200 characters."));
	else if (!text_clean(title, false))
		field_error_add(errs, "title",
				N_("A goal is one line of text without special characters."));

	char *target = trim(in->target_date);
	if (*target != '\0') {
		if (date_parse(target, &out->target) != SC_OK)
			field_error_add(errs, "target_date", DATE_FORMAT_REASON);
		else if (date_cmp(out->target, period_start) < 0)
			field_error_add(errs, "target_date",
					N_("The target date cannot be before the programme period starts."));
		else
			out->has_target = true;
	}

	char *status = trim(in->status);
	if (*status == '\0')
		out->status = GOAL_PLANNED;
	else if (goal_status_parse(status, &out->status) != SC_OK)
		field_error_add(errs, "status",
				N_("Choose planned, in progress, achieved or dropped."));

	size_t rows = in->nsteps > GOAL_STEPS_MAX ? GOAL_STEPS_MAX : in->nsteps;
	for (size_t i = 0; i < rows; i++) {
		if (step_validate(&in->steps[i], i + 1, today, &out->steps[out->nsteps], errs))
			out->nsteps++;
	}
	if (in->nsteps > GOAL_STEPS_MAX)
		field_error_add(errs, "steps", N_("A goal can have at most 20 steps."));
	else if (out->nsteps == 0)
		field_error_add(errs, "steps", N_("Add at least one step toward the goal."));
	return errs->n > 0 ? SC_EINVAL : SC_OK;
}

size_t
goal_steps_text(const struct goal_step *steps, size_t n, char *out, size_t outlen)
{
	size_t need = 0;
	if (outlen > 0)
		out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char due[11] = "", done[11] = "";
		if (steps[i].has_due)
			date_format(steps[i].due, due);
		if (steps[i].has_done)
			date_format(steps[i].done, done);
		int k = snprintf(need < outlen ? out + need : NULL, need < outlen ? outlen - need : 0,
				 "%s%s%s%s%s%s", i > 0 ? "\n" : "", steps[i].description,
				 due[0] ? " | due " : "", due, done[0] ? " | done " : "", done);
		if (k > 0)
			need += (size_t)k;
	}
	return need;
}

static bool
same_text(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

unsigned
goal_changes(const struct goal_snapshot *prev, const struct goal_snapshot *cur)
{
	if (prev == NULL)
		return GOAL_CHANGED_CATEGORY | GOAL_CHANGED_TITLE | GOAL_CHANGED_TARGET |
		       GOAL_CHANGED_STATUS | GOAL_CHANGED_STEPS;
	unsigned bits = 0;
	if (!same_text(prev->category, cur->category))
		bits |= GOAL_CHANGED_CATEGORY;
	if (!same_text(prev->title, cur->title))
		bits |= GOAL_CHANGED_TITLE;
	if (!same_text(prev->target_date, cur->target_date))
		bits |= GOAL_CHANGED_TARGET;
	if (!same_text(prev->status, cur->status))
		bits |= GOAL_CHANGED_STATUS;
	if (!same_text(prev->steps, cur->steps))
		bits |= GOAL_CHANGED_STEPS;
	return bits;
}

/* ---- the participant's agreement ---- */

bool
plan_text_changed(const char *wishes, const char *resources, const struct plan *p)
{
	return !same_text(wishes, p->wishes) || !same_text(resources, p->resources);
}

static bool
same_opt_date(bool has_a, struct date a, bool has_b, struct date b)
{
	return has_a == has_b && (!has_a || date_cmp(a, b) == 0);
}

bool
goal_content_changed(const struct goal *before, const struct goal *after)
{
	if (before == NULL)
		return true;
	if (before->category != after->category || !same_text(before->title, after->title) ||
	    !same_opt_date(before->has_target, before->target, after->has_target, after->target) ||
	    before->nsteps != after->nsteps)
		return true;
	for (size_t i = 0; i < before->nsteps; i++) {
		const struct goal_step *a = &before->steps[i], *b = &after->steps[i];
		if (!same_text(a->description, b->description) ||
		    !same_opt_date(a->has_due, a->due, b->has_due, b->due))
			return true;
	}
	return false;
}

bool
plan_agreement_after_save(bool had, struct date agreed, bool text_changed, struct plan *p)
{
	if (!text_changed || !had || !p->has_agreed || date_cmp(agreed, p->agreed_on) != 0)
		return false;
	p->has_agreed = false;
	p->agreed_on = (struct date){0, 0, 0};
	return true;
}

/* ---- evaluations ---- */

int
plan_evaluation_due_validate(char *raw, struct date period_start, struct date *out,
			     const char **reason)
{
	char *s = trim(raw);
	struct date d;
	if (*s == '\0') {
		*reason = N_("Choose the date of the evaluation.");
		return SC_EINVAL;
	}
	if (date_parse(s, &d) != SC_OK) {
		*reason = DATE_FORMAT_REASON;
		return SC_EINVAL;
	}
	if (date_cmp(d, period_start) < 0) {
		*reason = N_("An evaluation cannot be before the programme period starts.");
		return SC_EINVAL;
	}
	*out = d;
	return SC_OK;
}

int
plan_evaluation_done_validate(char *done_on, char *note, struct date today,
			      struct date *done_out, const char **note_out,
			      struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	char *d = trim(done_on);
	if (*d == '\0')
		field_error_add(errs, "done_on", N_("Write the date the evaluation was held."));
	else if (date_parse(d, done_out) != SC_OK)
		field_error_add(errs, "done_on", DATE_FORMAT_REASON);
	else if (date_cmp(*done_out, today) > 0)
		field_error_add(errs, "done_on", N_("An evaluation cannot be held on a date in the future."));
	char *n = trim(note);
	*note_out = n;
	if (text_chars(n) > EVALUATION_NOTE_MAX)
		field_error_add(errs, "note", N_("The note can be at most 2000 characters."));
	else if (!text_clean(n, true))
		field_error_add(errs, "note", N_("This text has characters that are not allowed."));
	return errs->n > 0 ? SC_EINVAL : SC_OK;
}
