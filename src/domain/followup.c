/*
 * followup.c — see followup.h.
 */
#include "domain/followup.h"

#include "i18n/i18n.h"
#include "util/err.h"

#include <stddef.h>
#include <string.h>

/* ---- keys and labels ---- */

static const char *const channel_keys[] = {
	NULL, "in_person", "phone", "video", "home_visit",
};
static const char *const channel_labels[] = {
	NULL, N_("In person"), N_("Phone"), N_("Video"), N_("Home visit"),
};

static const char *const result_keys[] = {
	NULL, "employed_full", "employed_part", "education", "other_programme",
	"moved", "dropped_out", "other", "unknown",
};
static const char *const result_labels[] = {
	NULL, N_("Employed full-time"), N_("Employed part-time"), N_("Education"),
	N_("Other programme"), N_("Moved"), N_("Dropped out"), N_("Other"),
	N_("Unknown (not reached)"),
};

const char *
meeting_channel_key(enum meeting_channel c)
{
	if (c < MEETING_CHANNEL_FIRST || c > MEETING_CHANNEL_LAST)
		return NULL;
	return channel_keys[c];
}

const char *
meeting_channel_label(enum meeting_channel c)
{
	if (c < MEETING_CHANNEL_FIRST || c > MEETING_CHANNEL_LAST)
		return "";
	return channel_labels[c];
}

int
meeting_channel_parse(const char *s, enum meeting_channel *out)
{
	if (s == NULL)
		return SC_EINVAL;
	for (int c = MEETING_CHANNEL_FIRST; c <= MEETING_CHANNEL_LAST; c++) {
		if (strcmp(s, channel_keys[c]) == 0) {
			*out = (enum meeting_channel)c;
			return SC_OK;
		}
	}
	return SC_EINVAL;
}

const char *
meeting_channel_label_of(const char *key)
{
	enum meeting_channel c;
	if (meeting_channel_parse(key, &c) != SC_OK)
		return key ? key : "";
	return channel_labels[c];
}

const char *
task_result_key(enum task_result res)
{
	if (res < TASK_RESULT_FIRST || res > TASK_RESULT_LAST)
		return NULL;
	return result_keys[res];
}

const char *
task_result_label(enum task_result res)
{
	if (res < TASK_RESULT_FIRST || res > TASK_RESULT_LAST)
		return "";
	return result_labels[res];
}

int
task_result_parse(const char *s, enum task_result *out)
{
	if (s == NULL)
		return SC_EINVAL;
	for (int i = TASK_RESULT_FIRST; i <= TASK_RESULT_LAST; i++) {
		if (strcmp(s, result_keys[i]) == 0) {
			*out = (enum task_result)i;
			return SC_OK;
		}
	}
	return SC_EINVAL;
}

const char *
task_result_label_of(const char *key)
{
	enum task_result res;
	if (task_result_parse(key, &res) != SC_OK)
		return key ? key : "";
	return result_labels[res];
}

const char *
task_kind_label(const char *kind)
{
	if (kind == NULL)
		return "";
	if (strcmp(kind, "followup_6m") == 0)
		return N_("Follow-up 6 months after exit");
	if (strcmp(kind, "followup_12m") == 0)
		return N_("Follow-up 12 months after exit");
	return kind;
}

/* ---- text checks ---- */

/* Trims spaces, tabs and line ends at both ends, in place. NULL gives "". */
static char *
trim(char *s)
{
	static char empty[1];
	if (s == NULL) {
		empty[0] = '\0';
		return empty;
	}
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* The number of code points in s when it is valid UTF-8 without control
 * characters other than tab and line ends; -1 otherwise. */
static long
text_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long count = 0;
	while (*p) {
		int n;
		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
				return -1;
			p++;
			count++;
			continue;
		} else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2) {
			n = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			n = 2;
		} else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4) {
			n = 3;
		} else {
			return -1;
		}
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return -1;
		/* Overlong three-byte forms and UTF-16 surrogates. */
		if (n == 2 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0)))
			return -1;
		/* Overlong four-byte forms and code points past U+10FFFF. */
		if (n == 3 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90)))
			return -1;
		/* C1 control characters U+0080..U+009F. */
		if (n == 1 && p[0] == 0xC2 && p[1] < 0xA0)
			return -1;
		p += n + 1;
		count++;
	}
	return count;
}

/* A free-text field: trimmed, optional unless required, at most
 * FOLLOWUP_TEXT_MAX characters. too_long is the field's own reason. */
static const char *
text_field(struct field_errors *e, const char *key, char *raw, bool required,
	   const char *missing, const char *too_long)
{
	char *s = trim(raw);
	long chars = text_chars(s);
	if (chars < 0)
		field_error_add(e, key, N_("This text has characters that are not allowed."));
	else if (required && chars == 0)
		field_error_add(e, key, missing);
	else if (chars > FOLLOWUP_TEXT_MAX)
		field_error_add(e, key, too_long);
	return s;
}

/* A required date, not after today. Returns true when *out was set. */
static bool
past_date(struct field_errors *e, const char *key, char *raw, struct date today,
	  const char *missing, const char *future, struct date *out)
{
	char *s = trim(raw);
	if (*s == '\0') {
		field_error_add(e, key, missing);
		return false;
	}
	if (date_parse(s, out) != SC_OK) {
		field_error_add(e, key, N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
		return false;
	}
	if (date_cmp(*out, today) > 0) {
		field_error_add(e, key, future);
		return false;
	}
	return true;
}

/* Yes or no. Returns 0, or SC_EINVAL. */
static int
yes_no(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "1", "on", "true"};
	static const char *const no[] = {"", "no", "0", "false"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return SC_OK;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return SC_OK;
		}
	}
	return SC_EINVAL;
}

/* A positive whole number of at most 18 digits. */
static bool
whole_number(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t n = 0;
	for (; s[n] != '\0'; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= 18)
			return false;
		v = v * 10 + (s[n] - '0');
	}
	if (n == 0 || v == 0)
		return false;
	*out = v;
	return true;
}

/* ---- validators ---- */

int
health_referral_validate(struct health_referral_form *in, bool is_health_worker, struct date today,
			 struct health_referral *out, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	memset(out, 0, sizeof *out);
	char *who = trim(in->health_id);
	if (*who == '\0')
		field_error_add(errs, "health_id", N_("Choose the health worker to refer to."));
	else if (!is_health_worker || !whole_number(who, &out->health_id))
		field_error_add(errs, "health_id", N_("Choose one of the health workers in the list."));
	char *on = trim(in->referred_on);
	if (*on == '\0')
		out->referred_on = today;
	else
		past_date(errs, "referred_on", on, today, N_("Give the date of the referral."),
			  N_("The referral date cannot be in the future."), &out->referred_on);
	char *reason = trim(in->reason);
	long chars = text_chars(reason);
	if (chars < 0)
		field_error_add(errs, "reason", N_("This text has characters that are not allowed."));
	else if (chars > HEALTH_REFERRAL_REASON_MAX)
		field_error_add(errs, "reason", N_("Write the reason in at most 500 characters."));
	out->reason = reason;
	return errs->n > 0 ? SC_EINVAL : SC_OK;
}

int
meeting_validate(struct meeting_form *in, struct date today, struct meeting *out,
		 struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	memset(out, 0, sizeof *out);
	bool held = past_date(errs, "held_on", in->held_on, today,
			      N_("Give the date of the meeting."),
			      N_("The meeting date cannot be in the future; log a meeting after it was held."),
			      &out->held_on);

	char *channel = trim(in->channel);
	if (*channel == '\0')
		field_error_add(errs, "channel", N_("Choose how the meeting was held."));
	else if (meeting_channel_parse(channel, &out->channel) != SC_OK)
		field_error_add(errs, "channel",
				N_("Choose how the meeting was held: in person, phone, video or home visit."));

	if (yes_no(trim(in->interpreter), &out->interpreter) != SC_OK)
		field_error_add(errs, "interpreter", N_("Answer yes or no: was an interpreter used?"));

	out->minutes = text_field(errs, "minutes", in->minutes, false, NULL,
				  N_("The minutes are too long: at most 8000 characters."));
	out->next_steps = text_field(errs, "next_steps", in->next_steps, false, NULL,
				     N_("The next steps are too long: at most 8000 characters."));

	char *next = trim(in->next_meeting);
	if (*next != '\0') {
		if (date_parse(next, &out->next_meeting) != SC_OK)
			field_error_add(errs, "next_meeting",
					N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
		else if (held && date_cmp(out->next_meeting, out->held_on) < 0)
			field_error_add(errs, "next_meeting",
					N_("The next meeting cannot be before this meeting."));
		else
			out->has_next_meeting = true;
	}
	return errs->n == 0 ? SC_OK : SC_EINVAL;
}


int
task_done_validate(struct task_done_form *in, struct task_done *out, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	memset(out, 0, sizeof *out);
	char *result = trim(in->result);
	if (*result == '\0')
		field_error_add(errs, "result", N_("Choose the result of the follow-up."));
	else if (task_result_parse(result, &out->result) != SC_OK)
		field_error_add(errs, "result", N_("Choose a result from the list."));
	out->note = text_field(errs, "note", in->note, false, NULL,
			       N_("The note is too long: at most 8000 characters."));
	return errs->n == 0 ? SC_OK : SC_EINVAL;
}

/* ---- the Today rules ---- */

struct date
followup_due_window_end(struct date today, int due_soon_days)
{
	return date_add_days(today, due_soon_days < 0 ? 0 : due_soon_days);
}

enum followup_due
followup_due_state(struct date due, bool done, struct date today, int due_soon_days)
{
	if (done)
		return FOLLOWUP_DONE;
	if (date_cmp(due, today) < 0)
		return FOLLOWUP_OVERDUE;
	if (date_cmp(due, followup_due_window_end(today, due_soon_days)) <= 0)
		return FOLLOWUP_DUE;
	return FOLLOWUP_LATER;
}

enum meeting_planned
meeting_planned_state(struct date next_meeting, struct date today)
{
	int c = date_cmp(next_meeting, today);
	if (c == 0)
		return MEETING_PLANNED_TODAY;
	return c < 0 ? MEETING_PLANNED_PASSED : MEETING_PLANNED_LATER;
}

struct date
followup_no_contact_before(struct date today, int no_contact_days)
{
	return date_add_days(today, -(int64_t)(no_contact_days < 0 ? 0 : no_contact_days));
}

bool
followup_no_contact(const struct date *last, struct date today, int no_contact_days)
{
	if (last == NULL)
		return true;
	return date_cmp(*last, followup_no_contact_before(today, no_contact_days)) < 0;
}

int64_t
followup_days_between(struct date from, struct date to)
{
	return date_to_days(to) - date_to_days(from);
}

bool
followup_goal_open(const char *status_key)
{
	return status_key != NULL &&
	       (strcmp(status_key, "planned") == 0 || strcmp(status_key, "in_progress") == 0);
}

bool
followup_overdue(enum overdue_kind kind, struct date date, bool done, bool goal_open,
		 struct date today)
{
	switch (kind) {
	case OVERDUE_STEP:
		if (!goal_open)
			return false;
		break;
	case OVERDUE_EVALUATION:
	case OVERDUE_FOLLOWUP:
		break;
	case OVERDUE_MEETING:
		return !done && meeting_planned_state(date, today) == MEETING_PLANNED_PASSED;
	default:
		return false;
	}
	return followup_due_state(date, done, today, 0) == FOLLOWUP_OVERDUE;
}
