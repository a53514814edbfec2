/*
 * placement.c — a placement's derived status and its approvals; see
 * placement.h.
 */
#include "domain/placement.h"

#include "domain/contact.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct field_option placement_status_options[PLACEMENT_STATUS_COUNT] = {
	{"proposed", N_("Proposed")},
	{"negotiating", N_("Negotiating")},
	{"awaiting_approval", N_("Awaiting approval")},
	{"agreed", N_("Agreed")},
	{"active", N_("Active")},
	{"completed", N_("Completed")},
	{"ended_early", N_("Ended early")},
};

const struct field_option placement_end_reason_options[END_REASON_COUNT] = {
	{"got_job", N_("Got a job")},
	{"illness", N_("Illness")},
	{"did_not_work_out", N_("Did not work out")},
	{"employer_withdrew", N_("Employer withdrew")},
	{"other", N_("Other")},
};

const struct field_option placement_party_options[PARTY_COUNT] = {
	{"employer", N_("Employer")},
	{"participant", N_("Participant")},
	{"centre", N_("Centre")},
};

int
placement_terms_present(const struct placement_facts *f)
{
	return f->has_supervisor + f->has_follow_up + f->has_start + f->has_end + f->has_hours +
	       f->has_days + f->has_tasks;
}

static bool
all_approved(const struct placement_facts *f)
{
	return f->approved[PARTY_EMPLOYER] && f->approved[PARTY_PARTICIPANT] && f->approved[PARTY_CENTRE];
}

enum placement_status
placement_status(const struct placement_facts *f, struct date today)
{
	if (f->ended_early)
		return PLACEMENT_ENDED_EARLY;
	int terms = placement_terms_present(f);
	if (terms == 0)
		return PLACEMENT_PROPOSED;
	if (terms < PLACEMENT_TERMS)
		return PLACEMENT_NEGOTIATING;
	if (!all_approved(f))
		return PLACEMENT_AWAITING_APPROVAL;
	if (date_cmp(today, f->starts_on) < 0)
		return PLACEMENT_AGREED;
	if (date_cmp(today, f->ends_on) <= 0)
		return PLACEMENT_ACTIVE;
	return PLACEMENT_COMPLETED;
}

bool
placement_terms_open(const struct placement_facts *f)
{
	return !f->ended_early && !f->approved[PARTY_EMPLOYER] && !f->approved[PARTY_PARTICIPANT] &&
	       !f->approved[PARTY_CENTRE];
}

const char *
placement_approval_refusal(const struct placement_facts *f, enum placement_party party)
{
	if (party < 0 || party >= PARTY_COUNT)
		return N_("Choose the employer, the participant or the centre.");
	if (f->ended_early)
		return N_("This placement has ended.");
	if (placement_terms_present(f) < PLACEMENT_TERMS)
		return N_("Fill in every required term before approving.");
	if (f->approved[party])
		return N_("This party has approved already.");
	if (party == PARTY_CENTRE && !(f->approved[PARTY_EMPLOYER] && f->approved[PARTY_PARTICIPANT]))
		return N_("The centre approves last, after the employer and the participant.");
	return NULL;
}

bool
placement_was_agreed(const struct placement_facts *f)
{
	return all_approved(f);
}

bool
placement_started(const struct placement_facts *f, struct date today)
{
	if (!all_approved(f) || !f->has_start)
		return false;
	return date_cmp(f->starts_on, f->ended_early ? f->ended_on : today) <= 0;
}

bool
placement_hours_held(const struct placement_facts *f, struct date *from, struct date *to)
{
	if (!f->has_start || !f->has_end)
		return false;
	*from = f->starts_on;
	*to = f->ends_on;
	if (!f->ended_early)
		return true;
	/* agreed and begun by the day it ended (placement_started()) */
	if (!placement_started(f, f->ended_on))
		return false;
	if (date_cmp(f->ended_on, *to) < 0)
		*to = f->ended_on;
	return true;
}

const char *
placement_end_refusal(const struct placement_facts *f, struct date today)
{
	if (f->ended_early)
		return N_("This placement has ended already.");
	if (placement_status(f, today) == PLACEMENT_COMPLETED)
		return N_("This placement is completed: its end date has passed.");
	return NULL;
}

bool
placement_terms_check(const struct placement_facts *f, int hours_per_week, int days_per_week,
		      struct field_errors *e)
{
	int before = e->n;
	if (f->has_start && f->has_end && date_cmp(f->ends_on, f->starts_on) < 0)
		field_error_add(e, "ends_on", N_("The end date cannot be before the start date."));
	if (f->has_hours && (hours_per_week < 1 || hours_per_week > 40))
		field_error_add2(e, "hours_per_week", N_("Write a whole number from %lld to %lld."), 1, 40);
	if (f->has_days && (days_per_week < 1 || days_per_week > 5))
		field_error_add2(e, "days_per_week", N_("Write a whole number from %lld to %lld."), 1, 5);
	else if (f->has_hours && f->has_days && hours_per_week >= 1 && hours_per_week <= 40 &&
		 hours_per_week > 8 * days_per_week)
		field_error_add2(e, "hours_per_week", N_("At most %lld hours a week on %lld days."),
				 8LL * days_per_week, days_per_week);
	return e->n == before;
}

/* ---- phase and what may change ---- */

const struct field_option placement_phase_options[PHASE_COUNT] = {
	{"proposed", N_("Proposed")},
	{"negotiating", N_("Negotiating")},
	{"awaiting_approval", N_("Awaiting approval")},
	{"agreed", N_("Agreed")},
	{"ended_early", N_("Ended early")},
};

enum placement_phase
placement_phase(const struct placement_facts *f)
{
	switch (placement_status(f, (struct date){1, 1, 1})) {
	case PLACEMENT_PROPOSED:
		return PHASE_PROPOSED;
	case PLACEMENT_NEGOTIATING:
		return PHASE_NEGOTIATING;
	case PLACEMENT_AWAITING_APPROVAL:
		return PHASE_AWAITING_APPROVAL;
	case PLACEMENT_ENDED_EARLY:
		return PHASE_ENDED_EARLY;
	default:
		return PHASE_AGREED;
	}
}

enum placement_edit
placement_edit_mode(const struct placement_facts *f, struct date today)
{
	enum placement_status s = placement_status(f, today);
	if (s == PLACEMENT_ENDED_EARLY || s == PLACEMENT_COMPLETED)
		return EDIT_CLOSED;
	if (s == PLACEMENT_AGREED || s == PLACEMENT_ACTIVE)
		return EDIT_AMEND;
	return placement_terms_open(f) ? EDIT_OPEN : EDIT_LOCKED;
}

const char *
placement_edit_refusal(enum placement_edit mode)
{
	switch (mode) {
	case EDIT_LOCKED:
		return N_("The terms have been approved: withdraw the approvals before changing them.");
	case EDIT_CLOSED:
		return N_("This placement has ended: its terms can no longer change.");
	default:
		return NULL;
	}
}

const char *
placement_withdraw_refusal(const struct placement_facts *f, enum placement_party party, struct date today)
{
	if (party < 0 || party >= PARTY_COUNT)
		return N_("Choose the employer, the participant or the centre.");
	if (f->ended_early)
		return N_("This placement has ended.");
	if (!f->approved[party])
		return N_("This party has not approved.");
	enum placement_status s = placement_status(f, today);
	if (s == PLACEMENT_ACTIVE || s == PLACEMENT_COMPLETED)
		return N_("This placement has started: an approval can no longer be withdrawn.");
	return NULL;
}

unsigned
placement_withdraw_effect(const struct placement_facts *f, enum placement_party party)
{
	unsigned gone = 1u << (unsigned)party;
	if (party != PARTY_CENTRE && f->approved[PARTY_CENTRE])
		gone |= 1u << PARTY_CENTRE;
	return gone;
}

/* ---- the weekly working hours ---- */

const char *const schedule_day_keys[8] = {"", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const char *const schedule_day_labels[8] = {"", N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
					    N_("Sat"), N_("Sun")};

/* Norwegian short names, lower case, in UTF-8. */
static const char *const nb_days[8] = {"", "man", "tir", "ons", "tor", "fre", "l\xC3\xB8r", "s\xC3\xB8n"};

/* The weekday (1..7) a word names, or 0. Matches ASCII case-insensitively
 * and the Norwegian names in lower or upper case (Ø, Æ as in "LØR"). */
static int
day_of_word(const char *w, size_t len)
{
	char low[16];
	if (len == 0 || len >= sizeof low)
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		/* Ø (C3 98) -> ø (C3 B8), Å (C3 85) -> å (C3 A5), Æ (C3 86) -> æ (C3 A6) */
		if (i > 0 && (unsigned char)w[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E)
			c = (unsigned char)(c + 0x20);
		low[k++] = (char)c;
	}
	low[k] = '\0';
	if (k == 1 && low[0] >= '1' && low[0] <= '7')
		return low[0] - '0';
	for (int d = 1; d <= 7; d++)
		if (strcmp(low, schedule_day_keys[d]) == 0 || strcmp(low, nb_days[d]) == 0)
			return d;
	return 0;
}

static bool
is_sep(char c)
{
	return c == ',' || c == ';' || c == '\n' || c == '\r';
}

/* Reads "HH:MM" at *p (advancing it); false when it is not a time. */
static bool
read_time(const char **p, int *minutes)
{
	char t[6];
	memcpy(t, *p, 5);
	t[5] = '\0';
	for (int i = 0; i < 5; i++)
		if ((*p)[i] == '\0')
			return false;
	if (!timetable_parse_time(t, minutes))
		return false;
	*p += 5;
	return true;
}

/* Skips "-", the en dash "–" (E2 80 93) or the em dash "—" (E2 80 94);
 * false when none is there. */
static bool
skip_dash(const char **p)
{
	if (**p == '-') {
		(*p)++;
		return true;
	}
	if ((unsigned char)(*p)[0] == 0xE2 && (unsigned char)(*p)[1] == 0x80 &&
	    ((unsigned char)(*p)[2] == 0x93 || (unsigned char)(*p)[2] == 0x94)) {
		*p += 3;
		return true;
	}
	return false;
}

static void
skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* Reads a day word at *p: letters (ASCII, and the two-byte UTF-8 letters
 * C3 xx of ø, æ, å: not a dash's E2 80 93, which may follow a day with no
 * blank) or a digit; 0 when none is there. */
static int
read_day(const char **p)
{
	const char *s = *p;
	size_t len = 0;
	for (;;) {
		unsigned char c = (unsigned char)s[len];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (len == 0 && c >= '1' && c <= '7'))
			len++;
		else if (c == 0xC3 && (unsigned char)s[len + 1] >= 0x80 && (unsigned char)s[len + 1] <= 0xBF)
			len += 2;
		else
			break;
	}
	int d = day_of_word(s, len);
	if (d > 0)
		*p += len;
	return d;
}

static int
slot_order(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;
	if (x->weekday != y->weekday)
		return x->weekday - y->weekday;
	return x->start - y->start;
}

const char *
schedule_parse(const char *text, struct slot slots[SCHEDULE_MAX_SLOTS], size_t *n,
	       char canonical[SCHEDULE_TEXT_MAX])
{
	static const char *const bad = N_("Write the working hours as days and times, for example: mon-fri 08:00-15:30.");
	*n = 0;
	canonical[0] = '\0';
	const char *p = text != NULL ? text : "";
	size_t count = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || is_sep(*p))
			p++;
		if (*p == '\0')
			break;
		int from = read_day(&p);
		if (from == 0)
			return bad;
		int to = from;
		skip_blanks(&p);
		if (skip_dash(&p)) {
			skip_blanks(&p);
			to = read_day(&p);
			if (to == 0 || to < from)
				return bad;
		}
		skip_blanks(&p);
		int start = 0, end = 0;
		if (!read_time(&p, &start))
			return bad;
		skip_blanks(&p);
		if (!skip_dash(&p))
			return bad;
		skip_blanks(&p);
		if (!read_time(&p, &end))
			return bad;
		skip_blanks(&p);
		if (*p != '\0' && !is_sep(*p))
			return bad;
		for (int d = from; d <= to; d++) {
			if (count >= SCHEDULE_MAX_SLOTS)
				return N_("At most 14 times in the week.");
			slots[count++] = (struct slot){d, start, end};
		}
	}
	if (count == 0)
		return bad;
	qsort(slots, count, sizeof slots[0], slot_order);
	struct field_errors e = {0};
	if (!timetable_check(slots, count, &e))
		return e.reason[0];
	size_t len = 0;
	for (size_t i = 0; i < count; i++) {
		char a[6], b[6];
		timetable_format_time(slots[i].start, a);
		timetable_format_time(slots[i].end, b);
		int w = snprintf(canonical + len, SCHEDULE_TEXT_MAX - len, "%s%s %s-%s", i ? ", " : "",
				 schedule_day_keys[slots[i].weekday], a, b);
		if (w < 0 || (size_t)w >= SCHEDULE_TEXT_MAX - len)
			return bad;
		len += (size_t)w;
	}
	*n = count;
	return NULL;
}

int
schedule_minutes(const struct slot *slots, size_t n)
{
	int m = 0;
	for (size_t i = 0; i < n; i++)
		m += slots[i].end - slots[i].start;
	return m;
}

int
schedule_days(const struct slot *slots, size_t n)
{
	unsigned seen = 0;
	int days = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned bit = 1u << (unsigned)slots[i].weekday;
		if (!(seen & bit))
			days++;
		seen |= bit;
	}
	return days;
}

/* ---- the record ---- */

const struct field_option placement_result_options[RESULT_COUNT] = {
	{"hired", N_("Hired")},
	{"not_hired", N_("Not hired")},
};

static const char *
set_line(const struct field *f, void *rec, struct arena *a, const char *text)
{
	char *s = arena_strdup(a, text);
	if (s == NULL)
		return N_("This text has characters that are not allowed.");
	*FIELD_AT(rec, f, const char *) = s;
	return NULL;
}

static const char *
parse_schedule(const struct field *f, const char *text, void *rec, struct arena *a)
{
	struct slot slots[SCHEDULE_MAX_SLOTS];
	size_t n = 0;
	char canonical[SCHEDULE_TEXT_MAX];
	const char *why = schedule_parse(text, slots, &n, canonical);
	if (why != NULL)
		return why;
	return set_line(f, rec, a, canonical);
}

static const char *
parse_postcode(const struct field *f, const char *text, void *rec, struct arena *a)
{
	if (postcode_validate(text, NULL) != SC_OK)
		return N_("Write the postcode as 4 digits.");
	return set_line(f, rec, a, text);
}

#define P(m) offsetof(struct placement, m)
#define KEPT (FF_OUT | FF_COMPUTED)

static const struct field placement_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = P(id), .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = P(participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = KEPT, .offset = P(given_name), .label = N_("Given name"),
	 .part = -1},
	{.key = "family_name", .type = FT_LINE, .flags = KEPT, .offset = P(family_name),
	 .label = N_("Family name"), .part = -1},
	{.key = "employer_id", .type = FT_ID, .flags = FF_OUT, .offset = P(employer_id), .label = N_("Employer"),
	 .part = -1},
	{.key = "employer_name", .type = FT_LINE, .flags = KEPT, .offset = P(employer_name),
	 .label = N_("Employer"), .part = -1},
	{.key = "agreement_id", .type = FT_ID, .offset = P(agreement_id), .label = N_("Pool agreement"),
	 .hint = N_("When the place is one of a pool agreement's."),
	 .invalid = N_("Choose one of the pool agreements that cover this employer."), .part = -1},
	{.key = "agreement_name", .type = FT_LINE, .flags = KEPT, .offset = P(agreement_name),
	 .label = N_("Pool agreement"), .part = -1},
	{.key = "workplace_address", .type = FT_LINE, .offset = P(workplace_address), .max = 200,
	 .label = N_("Workplace address"), .hint = N_("When the workplace is not at the employer's address."),
	 .part = -1},
	{.key = "workplace_postcode", .type = FT_LINE, .offset = P(workplace_postcode), .max = 4,
	 .label = N_("Workplace postcode"), .parse = parse_postcode, .part = -1},
	{.key = "workplace_city", .type = FT_LINE, .offset = P(workplace_city), .max = 100,
	 .label = N_("Workplace city"), .part = -1},
	{.key = "supervisor_id", .type = FT_ID, .offset = P(supervisor_id), .label = N_("Workplace supervisor"),
	 .invalid = N_("Choose one of the employer's contacts."), .part = -1},
	{.key = "supervisor_name", .type = FT_LINE, .flags = KEPT, .offset = P(supervisor_name),
	 .label = N_("Workplace supervisor"), .part = -1},
	{.key = "follow_up_id", .type = FT_ID, .offset = P(follow_up_id), .label = N_("Follow-up person"),
	 .hint = N_("The centre's employer liaison or the participant's contact person."),
	 .invalid = N_("Choose the employer liaison or the participant's contact person."), .part = -1},
	{.key = "follow_up_name", .type = FT_LINE, .flags = KEPT, .offset = P(follow_up_name),
	 .label = N_("Follow-up person"), .part = -1},
	{.key = "starts_on", .type = FT_DATE, .offset = P(starts_on), .label = N_("First day"), .part = -1},
	{.key = "ends_on", .type = FT_DATE, .offset = P(ends_on), .label = N_("Last day"), .part = -1},
	{.key = "hours_per_week", .type = FT_INT, .offset = P(hours_per_week), .min = 1, .max = 40,
	 .label = N_("Hours a week"), .invalid = N_("Write a whole number from 1 to 40."), .part = -1},
	{.key = "days_per_week", .type = FT_INT, .offset = P(days_per_week), .min = 1, .max = 5,
	 .label = N_("Days a week"), .invalid = N_("Write a whole number from 1 to 5."), .part = -1},
	{.key = "schedule", .type = FT_LINE, .offset = P(schedule), .max = 400, .label = N_("Working hours"),
	 .hint = N_("Days and times, for example: mon-thu 08:00-15:30. Checked against the participant's classes."),
	 .parse = parse_schedule, .part = -1},
	{.key = "tasks", .type = FT_TEXT, .offset = P(tasks), .max = 4000, .label = N_("Tasks"), .part = -1},
	{.key = "adaptations", .type = FT_TEXT, .offset = P(adaptations), .max = 4000, .label = N_("Adaptations"),
	 .hint = N_("What the workplace adapts: language, pace, hours, equipment."), .part = -1},
	{.key = "participant_goal", .type = FT_TEXT, .offset = P(participant_goal), .max = 2000,
	 .label = N_("The participant's goal for the placement"), .part = -1},
	{.key = "goal_id", .type = FT_ID, .offset = P(goal_id), .label = N_("Goal in the work plan"),
	 .invalid = N_("Choose one of the participant's goals."), .part = -1},
	{.key = "goal_title", .type = FT_LINE, .flags = KEPT, .offset = P(goal_title),
	 .label = N_("Goal in the work plan"), .part = -1},
	{.key = "status", .type = FT_ENUM, .flags = KEPT, .offset = P(status), .label = N_("Status"),
	 .options = placement_status_options, .noptions = PLACEMENT_STATUS_COUNT, .part = -1},
	{.key = "employer_approved_at", .type = FT_INT, .flags = KEPT, .offset = P(employer_approved_at),
	 .label = N_("Approved by the employer"), .part = -1},
	{.key = "participant_approved_at", .type = FT_INT, .flags = KEPT, .offset = P(participant_approved_at),
	 .label = N_("Approved by the participant"), .part = -1},
	{.key = "centre_approved_at", .type = FT_INT, .flags = KEPT, .offset = P(centre_approved_at),
	 .label = N_("Approved by the centre"), .part = -1},
	{.key = "ended_on", .type = FT_DATE, .flags = KEPT, .offset = P(ended_on), .label = N_("Ended on"),
	 .part = -1},
	{.key = "end_reason", .type = FT_ENUM, .flags = KEPT, .offset = P(end_reason), .label = N_("Why it ended"),
	 .options = placement_end_reason_options, .noptions = END_REASON_COUNT, .part = -1},
	{.key = "end_note", .type = FT_TEXT, .flags = KEPT, .offset = P(end_note), .label = N_("Note"), .part = -1},
	{.key = "result", .type = FT_ENUM, .flags = KEPT, .offset = P(result), .label = N_("Result"),
	 .options = placement_result_options, .noptions = RESULT_COUNT, .part = -1},
	{.key = "result_on", .type = FT_DATE, .flags = KEPT, .offset = P(result_on), .label = N_("Result recorded"),
	 .part = -1},
	{.key = "result_note", .type = FT_TEXT, .flags = KEPT, .offset = P(result_note), .label = N_("Note"),
	 .part = -1},
	{.key = "last_followup_on", .type = FT_DATE, .flags = KEPT, .offset = P(last_followup_on),
	 .label = N_("Last follow-up"), .part = -1},
	{.key = "next_followup_on", .type = FT_DATE, .flags = KEPT, .offset = P(next_followup_on),
	 .label = N_("Next follow-up"), .part = -1},
	{.key = "evaluated_mid", .type = FT_BOOL, .flags = KEPT, .offset = P(evaluated_mid),
	 .label = N_("Mid-point evaluation"), .part = -1},
	{.key = "evaluated_end", .type = FT_BOOL, .flags = KEPT, .offset = P(evaluated_end),
	 .label = N_("Final evaluation"), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = P(version), .label = N_("Version"),
	 .part = -1},
};

static const struct field placement_new_table[] = {
	{.key = "participant_id", .type = FT_ID, .flags = FF_REQUIRED, .offset = P(participant_id),
	 .label = N_("Participant"), .missing = N_("Choose the participant."),
	 .invalid = N_("Choose a participant in the programme."), .part = -1},
	{.key = "employer_id", .type = FT_ID, .flags = FF_REQUIRED, .offset = P(employer_id),
	 .label = N_("Employer"), .missing = N_("Choose the employer."),
	 .invalid = N_("Choose one of the employers in the register."), .part = -1},
};
#undef P
#undef KEPT

const struct fields placement_fields = FIELDS(placement_table);
const struct fields placement_new_fields = FIELDS(placement_new_table);

struct placement_facts
placement_facts_of(const struct placement *p)
{
	struct placement_facts f = {
		.has_supervisor = p->supervisor_id > 0,
		.has_follow_up = p->follow_up_id > 0,
		.has_start = p->starts_on.y != 0,
		.has_end = p->ends_on.y != 0,
		.starts_on = p->starts_on,
		.ends_on = p->ends_on,
		.has_hours = p->hours_per_week != FIELD_NONE,
		.has_days = p->days_per_week != FIELD_NONE,
		.has_tasks = p->tasks != NULL && p->tasks[0] != '\0',
		.ended_early = p->ended_on.y != 0,
		.ended_on = p->ended_on,
	};
	f.approved[PARTY_EMPLOYER] = p->employer_approved_at != FIELD_NONE;
	f.approved[PARTY_PARTICIPANT] = p->participant_approved_at != FIELD_NONE;
	f.approved[PARTY_CENTRE] = p->centre_approved_at != FIELD_NONE;
	return f;
}

bool
placement_record_check(struct placement *p, struct arena *a, struct field_errors *e)
{
	int before = e->n;
	struct placement_facts f = placement_facts_of(p);
	int hours = p->hours_per_week != FIELD_NONE ? (int)p->hours_per_week : 0;
	int days = p->days_per_week != FIELD_NONE ? (int)p->days_per_week : 0;
	if (field_error_of(e, "hours_per_week") != NULL)
		f.has_hours = false;
	if (field_error_of(e, "days_per_week") != NULL)
		f.has_days = false;
	placement_terms_check(&f, hours, days, e);
	if (p->schedule != NULL && p->schedule[0] != '\0' && field_error_of(e, "schedule") == NULL) {
		struct slot slots[SCHEDULE_MAX_SLOTS];
		size_t n = 0;
		char canonical[SCHEDULE_TEXT_MAX];
		const char *why = schedule_parse(p->schedule, slots, &n, canonical);
		if (why != NULL) {
			field_error_add(e, "schedule", why);
		} else {
			char *c = arena_strdup(a, canonical);
			if (c != NULL)
				p->schedule = c;
			if (f.has_days && days >= 1 && days <= 5 && schedule_days(slots, n) != days)
				field_error_add2(e, "schedule", N_("The working hours are on %lld days; the terms say %lld days a week."),
						 schedule_days(slots, n), days);
			else if (f.has_hours && hours >= 1 && hours <= 40 && schedule_minutes(slots, n) > hours * 60)
				field_error_add2(e, "schedule", N_("The working hours add up to more than %lld hours a week."),
						 hours, 0);
		}
	}
	if (p->workplace_postcode != NULL && p->workplace_postcode[0] != '\0' &&
	    field_error_of(e, "workplace_postcode") == NULL) {
		if (postcode_validate(p->workplace_postcode, NULL) != SC_OK)
			field_error_add(e, "workplace_postcode", N_("Write the postcode as 4 digits."));
	}
	return e->n == before;
}

bool
placement_amend_check(const struct placement *before, const struct placement *after, struct date today,
		      struct field_errors *e)
{
	int n = e->n;
	bool started = before->starts_on.y != 0 && date_cmp(before->starts_on, today) <= 0;
	if (started && date_cmp(before->starts_on, after->starts_on) != 0)
		field_error_add(e, "starts_on", N_("The first day cannot change after the placement has started."));
	else if (after->starts_on.y != 0 && date_cmp(after->starts_on, before->starts_on) != 0 &&
		 date_cmp(after->starts_on, today) < 0)
		field_error_add(e, "starts_on", N_("The first day cannot move into the past."));
	if (after->ends_on.y != 0 && date_cmp(after->ends_on, before->ends_on) != 0 &&
	    date_cmp(after->ends_on, today) < 0)
		field_error_add(e, "ends_on", N_("The last day cannot move into the past; end the placement early instead."));
	if (after->supervisor_id <= 0)
		field_error_add(e, "supervisor_id", N_("An agreed placement keeps a workplace supervisor."));
	if (after->follow_up_id <= 0)
		field_error_add(e, "follow_up_id", N_("An agreed placement keeps a follow-up person."));
	if (after->starts_on.y == 0)
		field_error_add(e, "starts_on", N_("An agreed placement keeps its first day."));
	if (after->ends_on.y == 0)
		field_error_add(e, "ends_on", N_("An agreed placement keeps its last day."));
	if (after->hours_per_week == FIELD_NONE)
		field_error_add(e, "hours_per_week", N_("An agreed placement keeps its hours a week."));
	if (after->days_per_week == FIELD_NONE)
		field_error_add(e, "days_per_week", N_("An agreed placement keeps its days a week."));
	if (after->tasks == NULL || after->tasks[0] == '\0')
		field_error_add(e, "tasks", N_("An agreed placement keeps its tasks."));
	return e->n == n;
}

bool
placement_periods_overlap(struct date a_from, struct date a_to, struct date b_from, struct date b_to)
{
	return date_cmp(a_from, b_to) <= 0 && date_cmp(b_from, a_to) <= 0;
}

struct clash_walk {
	const struct session_time *group;
	size_t ngroup, at;
	struct session_time *work;
	size_t *group_index;
};

static int
clash_step(void *ctx, const struct session_time *s)
{
	struct clash_walk *w = ctx;
	/* skip the group's sessions that end before this one can clash */
	while (w->at < w->ngroup) {
		const struct session_time *g = &w->group[w->at];
		int c = date_cmp(g->date, s->date);
		if (c < 0 || (c == 0 && g->end <= s->start))
			w->at++;
		else
			break;
	}
	for (size_t k = w->at; k < w->ngroup && date_cmp(w->group[k].date, s->date) == 0; k++) {
		if (session_clash(&w->group[k], s)) {
			*w->work = *s;
			*w->group_index = k;
			return 1;
		}
	}
	return 0;
}

bool
placement_timetable_clash(const struct slot *slots, size_t n, struct date from, struct date to,
			  const struct session_time *group, size_t ngroup, struct session_time *work,
			  size_t *group_index)
{
	if (n == 0 || ngroup == 0 || from.y == 0 || to.y == 0)
		return false;
	struct clash_walk w = {group, ngroup, 0, work, group_index};
	return timetable_sessions(slots, n, from, to, NULL, 0, clash_step, &w) == 1;
}

/* ---- approvals, withdrawals, ending ---- */

#define AP(m) offsetof(struct placement_approval, m)
static const struct field approval_table[] = {
	{.key = "party", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = AP(party), .label = N_("Who approved"),
	 .options = placement_party_options, .noptions = PARTY_COUNT,
	 .missing = N_("Choose the employer, the participant or the centre."),
	 .invalid = N_("Choose the employer, the participant or the centre."), .part = -1},
	{.key = "approved_on", .type = FT_DATE, .offset = AP(approved_on), .label = N_("Approved on"), .part = -1},
	{.key = "approver", .type = FT_LINE, .offset = AP(approver), .max = 200, .label = N_("Approved by"),
	 .hint = N_("Who at the employer approved the terms."), .part = -1},
	{.key = "reason", .type = FT_TEXT, .offset = AP(reason), .max = 1000,
	 .label = N_("How the participant approved"),
	 .hint = N_("The centre records the participant's approval on their behalf: say how it was given (signed on paper, with an interpreter …)."),
	 .part = -1},
};
#undef AP
const struct fields placement_approval_fields = FIELDS(approval_table);

bool
placement_approval_check(struct placement_approval *in, struct date today, struct field_errors *e)
{
	int n = e->n;
	if (in->approved_on.y == 0 && field_error_of(e, "approved_on") == NULL)
		in->approved_on = today;
	else if (in->approved_on.y != 0 && date_cmp(in->approved_on, today) > 0)
		field_error_add(e, "approved_on", N_("The approval cannot be dated in the future."));
	if (in->party == PARTY_PARTICIPANT && (in->reason == NULL || in->reason[0] == '\0'))
		field_error_add(e, "reason", N_("Say how the participant gave their approval."));
	return e->n == n;
}

bool
placement_approval_bound(const struct placement_approval *in, struct date terms_on, struct date others_on,
			 struct arena *a, struct field_errors *e)
{
	if (in->approved_on.y == 0 || field_error_of(e, "approved_on") != NULL)
		return true;
	const char *why = NULL;
	struct date day = {0};
	if (terms_on.y != 0 && date_cmp(in->approved_on, terms_on) < 0) {
		why = N_("The approval cannot be dated before the terms it approves were saved, %s.");
		day = terms_on;
	} else if (in->party == PARTY_CENTRE && others_on.y != 0 && date_cmp(in->approved_on, others_on) < 0) {
		why = N_("The centre approves last: its approval cannot be dated before the others', %s.");
		day = others_on;
	}
	if (why == NULL)
		return true;
	char *text = arena_alloc(a, 11);
	if (text != NULL)
		date_format(day, text);
	field_error_add_text(e, "approved_on", why, text, NULL, NULL);
	return false;
}

#define WD(m) offsetof(struct placement_withdrawal, m)
static const struct field withdrawal_table[] = {
	{.key = "party", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = WD(party), .label = N_("Whose approval"),
	 .options = placement_party_options, .noptions = PARTY_COUNT,
	 .missing = N_("Choose the employer, the participant or the centre."),
	 .invalid = N_("Choose the employer, the participant or the centre."), .part = -1},
	{.key = "reason", .type = FT_TEXT, .flags = FF_REQUIRED, .offset = WD(reason), .max = 1000,
	 .label = N_("Why it is withdrawn"), .missing = N_("Say why the approval is withdrawn."), .part = -1},
};
#undef WD
const struct fields placement_withdrawal_fields = FIELDS(withdrawal_table);

#define EN(m) offsetof(struct placement_ending, m)
static const struct field ending_table[] = {
	{.key = "ended_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = EN(ended_on), .label = N_("Ended on"),
	 .missing = N_("Give the day the placement ended."), .part = -1},
	{.key = "end_reason", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = EN(end_reason),
	 .label = N_("Why it ended"), .options = placement_end_reason_options, .noptions = END_REASON_COUNT,
	 .missing = N_("Choose why the placement ended."), .part = -1},
	{.key = "end_note", .type = FT_TEXT, .offset = EN(end_note), .max = 2000, .label = N_("Note"), .part = -1},
};
#undef EN
const struct fields placement_ending_fields = FIELDS(ending_table);

bool
placement_ending_check(const struct placement_ending *in, const struct placement_facts *f, struct date today,
		       struct arena *a, struct field_errors *e)
{
	int n = e->n;
	if (in->ended_on.y == 0)
		return true;
	if (date_cmp(in->ended_on, today) > 0) {
		field_error_add(e, "ended_on", N_("The end cannot be in the future."));
	} else if (f->has_end && date_cmp(in->ended_on, f->ends_on) > 0) {
		field_error_add(e, "ended_on", N_("That is after the last day: the placement is completed then."));
	} else if (placement_started(f, today) && date_cmp(in->ended_on, f->starts_on) < 0) {
		/* one not started ends the day it was called off: by today */
		char *day = arena_alloc(a, 11);
		if (day != NULL)
			date_format(f->starts_on, day);
		field_error_add_text(e, "ended_on", N_("The end cannot be before the placement's first day, %s."),
				     day, NULL, NULL);
	}
	return e->n == n;
}

bool
placement_exit_ends(const struct placement_facts *f, struct date exit_on)
{
	return !f->ended_early && placement_status(f, exit_on) != PLACEMENT_COMPLETED;
}

bool
placement_exit_begun(const struct placement_facts *f, struct date last_followup_on, struct date exit_on)
{
	return placement_exit_ends(f, exit_on) && f->has_start && date_cmp(exit_on, f->starts_on) < 0 &&
	       last_followup_on.y != 0 && date_cmp(last_followup_on, f->starts_on) >= 0;
}

bool
placement_exit_before_result(const struct placement_facts *f, bool has_result, struct date exit_on)
{
	return has_result && placement_exit_ends(f, exit_on) && f->has_start && date_cmp(exit_on, f->starts_on) < 0;
}

/* ---- follow-up ---- */

const struct field_option visit_kind_options[VISIT_KIND_COUNT] = {
	{"visit", N_("Visit")},
	{"call", N_("Phone call")},
	{"video", N_("Video call")},
};

#define V(m) offsetof(struct placement_visit, m)
static const struct field visit_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = V(id), .label = N_("Number"), .part = -1},
	{.key = "placement_id", .type = FT_ID, .flags = FF_OUT, .offset = V(placement_id), .label = N_("Placement"),
	 .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = V(participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "held_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = V(held_on), .label = N_("Date"),
	 .missing = N_("Give the date of the follow-up."), .part = -1},
	{.key = "kind", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = V(kind), .label = N_("Visit or call"),
	 .options = visit_kind_options, .noptions = VISIT_KIND_COUNT,
	 .missing = N_("Choose a visit or a call."), .part = -1},
	{.key = "with_whom", .type = FT_LINE, .offset = V(with_whom), .max = 200, .label = N_("With whom"),
	 .hint = N_("Who took part from the workplace."), .part = -1},
	{.key = "notes", .type = FT_TEXT, .offset = V(notes), .max = 8000, .label = N_("Notes"), .part = -1},
	{.key = "actions", .type = FT_TEXT, .offset = V(actions), .max = 4000, .label = N_("Agreed actions"),
	 .part = -1},
	{.key = "next_on", .type = FT_DATE, .offset = V(next_on), .label = N_("Next follow-up"), .part = -1},
	{.key = "author_id", .type = FT_ID, .flags = FF_OUT, .offset = V(author_id), .label = N_("By"), .part = -1},
	{.key = "author_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = V(author_name),
	 .label = N_("By"), .part = -1},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = V(created_at), .label = N_("Saved"),
	 .part = -1},
};
#undef V
const struct fields placement_visit_fields = FIELDS(visit_table);

bool
placement_visit_check(const struct placement_visit *v, struct date today, struct field_errors *e)
{
	int n = e->n;
	if (v->held_on.y != 0 && date_cmp(v->held_on, today) > 0)
		field_error_add(e, "held_on", N_("The follow-up cannot be dated in the future."));
	if (v->next_on.y != 0 && v->held_on.y != 0 && date_cmp(v->next_on, v->held_on) <= 0)
		field_error_add(e, "next_on", N_("The next follow-up must be after this one."));
	return e->n == n;
}

/* The day as text in the arena (NULL when it has no room). */
static const char *
visit_day_text(struct arena *a, struct date d)
{
	char *s = arena_alloc(a, 11);
	if (s != NULL)
		date_format(d, s);
	return s;
}

bool
placement_visit_within(const struct placement_visit *v, const struct placement_facts *f,
		       struct date proposed_on, struct arena *a, struct field_errors *e)
{
	if (v->held_on.y == 0)
		return true;
	/* the first day counts when it is before the proposal: a placement
	 * recorded after it began keeps the follow-ups since it began */
	bool from_start = f->has_start && (proposed_on.y == 0 || date_cmp(f->starts_on, proposed_on) < 0);
	struct date first = from_start ? f->starts_on : proposed_on;
	if (first.y != 0 && date_cmp(v->held_on, first) < 0) {
		field_error_add_text(e, "held_on",
				     from_start ? N_("The follow-up cannot be dated before the placement's first day, %s.")
						: N_("The follow-up cannot be dated before the placement was proposed, on %s."),
				     visit_day_text(a, first), NULL, NULL);
		return false;
	}
	if (f->ended_early && f->ended_on.y != 0 && date_cmp(v->held_on, f->ended_on) > 0) {
		field_error_add_text(e, "held_on", N_("The placement ended on %s: the follow-up cannot be dated after it."),
				     visit_day_text(a, f->ended_on), NULL, NULL);
		return false;
	}
	if (!f->ended_early && f->has_end && date_cmp(v->held_on, f->ends_on) > 0) {
		field_error_add_text(e, "held_on",
				     N_("The placement's last day was %s: the follow-up cannot be dated after it."),
				     visit_day_text(a, f->ends_on), NULL, NULL);
		return false;
	}
	return true;
}

struct date
placement_followup_cutoff(struct date today, int weeks)
{
	return date_add_days(today, -7 * (int64_t)weeks);
}

bool
placement_followup_due(enum placement_status status, struct date starts_on, struct date last, struct date next,
		       struct date today, int weeks, struct date *since)
{
	struct date from = last.y != 0 ? last : starts_on;
	if (since != NULL)
		*since = from;
	if (status != PLACEMENT_ACTIVE)
		return false;
	if (next.y != 0 && date_cmp(next, today) <= 0)
		return true;
	return from.y != 0 && date_cmp(from, placement_followup_cutoff(today, weeks)) <= 0;
}
