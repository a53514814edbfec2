/*
 * intake.c — referral sources, states and actions, the records of intake
 * and their fields, and the rules of referrals, screening, offers and the
 * waiting list; see intake.h.
 */
#include "domain/intake.h"

#include <string.h>

#include "domain/access.h"
#include "domain/caseload.h"
#include "domain/enrolment.h"
#include "i18n/i18n.h"
#include "util/err.h"

static const struct field_option source_options[REFERRAL_SOURCE_COUNT] = {
	{"nav", N_("NAV office")},
	{"intro", N_("Introduction programme")},
	{"self", N_("Self-referral")},
	{"other", N_("Other")},
};

static const struct field_option state_options[REFERRAL_STATE_COUNT] = {
	{"new", N_("Awaiting screening")},
	{"ineligible", N_("Not eligible")},
	{"waiting", N_("On the waiting list")},
	{"offered", N_("Offered a place")},
	{"accepted", N_("Accepted")},
	{"declined", N_("Declined")},
	{"withdrawn", N_("Withdrawn")},
};

static const char *const action_keys[REFERRAL_ACTION_COUNT] = {
	"screen", "priority", "offer", "accept", "decline", "withdraw",
};

#define BIT(s) (1u << (unsigned)(s))

/* The states each action may start from. */
static const unsigned action_from[REFERRAL_ACTION_COUNT] = {
	[REFERRAL_SCREEN] = BIT(REFERRAL_NEW) | BIT(REFERRAL_INELIGIBLE) | BIT(REFERRAL_WAITING),
	[REFERRAL_PRIORITY] = BIT(REFERRAL_NEW) | BIT(REFERRAL_INELIGIBLE) | BIT(REFERRAL_WAITING) |
			      BIT(REFERRAL_OFFERED),
	[REFERRAL_OFFER] = BIT(REFERRAL_WAITING),
	[REFERRAL_ACCEPT] = BIT(REFERRAL_OFFERED),
	[REFERRAL_DECLINE] = BIT(REFERRAL_OFFERED),
	[REFERRAL_WITHDRAW] = BIT(REFERRAL_NEW) | BIT(REFERRAL_INELIGIBLE) | BIT(REFERRAL_WAITING) |
			      BIT(REFERRAL_OFFERED),
};

/* The states each action may lead to (REFERRAL_PRIORITY: its own state). */
static const unsigned action_to[REFERRAL_ACTION_COUNT] = {
	[REFERRAL_SCREEN] = BIT(REFERRAL_WAITING) | BIT(REFERRAL_INELIGIBLE),
	[REFERRAL_PRIORITY] = BIT(REFERRAL_NEW) | BIT(REFERRAL_INELIGIBLE) | BIT(REFERRAL_WAITING) |
			      BIT(REFERRAL_OFFERED),
	[REFERRAL_OFFER] = BIT(REFERRAL_OFFERED),
	[REFERRAL_ACCEPT] = BIT(REFERRAL_ACCEPTED),
	[REFERRAL_DECLINE] = BIT(REFERRAL_DECLINED),
	[REFERRAL_WITHDRAW] = BIT(REFERRAL_WITHDRAWN),
};

static bool
state_ok(enum referral_state s)
{
	return (int)s >= 0 && s < REFERRAL_STATE_COUNT;
}

static bool
action_ok(enum referral_action a)
{
	return (int)a >= 0 && a < REFERRAL_ACTION_COUNT;
}

const char *
referral_source_key(enum referral_source s)
{
	return (int)s >= 0 && s < REFERRAL_SOURCE_COUNT ? source_options[s].key : NULL;
}

const char *
referral_source_label(enum referral_source s)
{
	return (int)s >= 0 && s < REFERRAL_SOURCE_COUNT ? source_options[s].label : NULL;
}

int
referral_source_parse(const char *s, enum referral_source *out)
{
	for (int i = 0; s != NULL && i < REFERRAL_SOURCE_COUNT; i++) {
		if (strcmp(s, source_options[i].key) == 0) {
			*out = (enum referral_source)i;
			return 0;
		}
	}
	return SC_EINVAL;
}

const char *
referral_state_key(enum referral_state s)
{
	return state_ok(s) ? state_options[s].key : NULL;
}

const char *
referral_state_label(enum referral_state s)
{
	return state_ok(s) ? state_options[s].label : NULL;
}

int
referral_state_parse(const char *s, enum referral_state *out)
{
	for (int i = 0; s != NULL && i < REFERRAL_STATE_COUNT; i++) {
		if (strcmp(s, state_options[i].key) == 0) {
			*out = (enum referral_state)i;
			return 0;
		}
	}
	return SC_EINVAL;
}

bool
referral_state_final(enum referral_state s)
{
	return !state_ok(s) || s == REFERRAL_ACCEPTED || s == REFERRAL_DECLINED ||
	       s == REFERRAL_WITHDRAWN;
}

const char *
referral_action_key(enum referral_action a)
{
	return action_ok(a) ? action_keys[a] : NULL;
}

bool
referral_action_allowed(enum referral_action a, enum referral_state from)
{
	return action_ok(a) && state_ok(from) && (action_from[a] & BIT(from)) != 0;
}

bool
referral_action_leads_to(enum referral_action a, enum referral_state to)
{
	return action_ok(a) && state_ok(to) && (action_to[a] & BIT(to)) != 0;
}

bool
referral_transition_allowed(enum referral_state from, enum referral_state to)
{
	if (!state_ok(from) || !state_ok(to))
		return false;
	for (int a = 0; a < REFERRAL_ACTION_COUNT; a++) {
		if ((action_from[a] & BIT(from)) == 0 || (action_to[a] & BIT(to)) == 0)
			continue;
		/* A priority change never changes the state. */
		if (a == REFERRAL_PRIORITY && from != to)
			continue;
		return true;
	}
	return false;
}

const char *
referral_participant_status(enum referral_state s, bool enrolled_before)
{
	switch (s) {
	case REFERRAL_NEW:
	case REFERRAL_INELIGIBLE:
		return "referred";
	case REFERRAL_WAITING:
		return "waiting";
	case REFERRAL_OFFERED:
		return "offered";
	case REFERRAL_ACCEPTED:
		return "active";
	default:
		return enrolled_before ? "exited" : "registered";
	}
}

const char *
referral_refusal(bool open, bool enrolled)
{
	if (open)
		return N_("This participant already has an open referral.");
	if (enrolled)
		return N_("This participant is already enrolled in the programme.");
	return NULL;
}

/* ---- the referral ---- */

#define YES_NO N_("Choose yes or no.")
#define TOO_LONG N_("This text is too long.")
#define PRIORITY_RANGE N_("The priority must be a whole number from 1 to 9.")

static const struct field fields_of_referral[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct referral, id),
	 .label = N_("Number"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct referral, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct referral, given_name), .label = N_("Given name"), .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct referral, family_name), .label = N_("Family name"), .part = PART_NAME},
	{.key = "source", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = offsetof(struct referral, source),
	 .label = N_("Source"), .options = source_options, .noptions = REFERRAL_SOURCE_COUNT,
	 .missing = N_("Choose where the referral comes from."), .invalid = N_("Choose a source from the list."),
	 .part = PART_INTAKE},
	{.key = "referred_on", .type = FT_DATE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct referral, referred_on), .label = N_("Referral date"), .part = PART_INTAKE},
	{.key = "referrer", .type = FT_LINE, .flags = FF_BLANK, .offset = offsetof(struct referral, referrer),
	 .max = REFERRAL_REFERRER_MAX, .label = N_("Referrer (person or office)"), .too_long = TOO_LONG,
	 .part = PART_INTAKE},
	{.key = "reason", .type = FT_TEXT, .flags = FF_REQUIRED | FF_BLANK, .offset = offsetof(struct referral, reason),
	 .max = INTAKE_NOTE_MAX, .label = N_("Reason for the referral"), .too_long = TOO_LONG,
	 .part = PART_INTAKE},
	{.key = "planned_start", .type = FT_DATE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct referral, planned_start), .label = N_("Planned start"), .part = PART_INTAKE},
	{.key = "in_qualification", .type = FT_BOOL, .flags = FF_REQUIRED,
	 .offset = offsetof(struct referral, in_qualification), .label = N_("In the qualification programme?"),
	 .missing = YES_NO, .invalid = YES_NO, .part = PART_INTAKE},
	{.key = "in_introduction", .type = FT_BOOL, .flags = FF_REQUIRED,
	 .offset = offsetof(struct referral, in_introduction), .label = N_("In the introduction programme?"),
	 .missing = YES_NO, .invalid = YES_NO, .part = PART_INTAKE},
	{.key = "lawful_residence", .type = FT_BOOL, .flags = FF_REQUIRED,
	 .offset = offsetof(struct referral, lawful_residence), .label = N_("Lawful residence?"),
	 .missing = YES_NO, .invalid = YES_NO, .part = PART_INTAKE},
	{.key = "priority", .type = FT_INT, .offset = offsetof(struct referral, priority),
	 .min = WAITLIST_PRIORITY_MIN, .max = WAITLIST_PRIORITY_MAX, .label = N_("Priority (1 highest, 9 lowest)"),
	 .invalid = PRIORITY_RANGE, .part = PART_INTAKE},
	{.key = "state", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct referral, state),
	 .label = N_("State"), .options = state_options, .noptions = REFERRAL_STATE_COUNT, .part = PART_INTAKE},
	{.key = "offered_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct referral, offered_on),
	 .label = N_("Offered on"), .part = PART_INTAKE},
	{.key = "answer_by", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct referral, answer_by),
	 .label = N_("Answer by"), .part = PART_INTAKE},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct referral, version),
	 .label = N_("Version"), .part = -1},
};

const struct fields referral_fields = FIELDS(fields_of_referral);

static const struct field fields_of_person[] = {
	{.key = "birth_date", .type = FT_DATE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct referral, birth_date), .label = N_("Birth date"), .part = PART_NAME},
	{.key = "intro_ended", .type = FT_DATE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct referral, intro_ended), .label = N_("Introduction programme ended"),
	 .part = PART_INTAKE},
};

const struct fields referral_person_fields = FIELDS(fields_of_person);

bool
referral_new_check(struct referral *in, struct date today, struct field_errors *e)
{
	int before = e->n;
	bool referred = in->referred_on.y != 0;
	if (referred && date_cmp(in->referred_on, today) > 0) {
		field_error_add(e, "referred_on", N_("The referral date cannot be in the future."));
		referred = false;
	}
	if (in->planned_start.y != 0) {
		if (referred && date_cmp(in->planned_start, in->referred_on) < 0)
			field_error_add(e, "planned_start",
					N_("The planned start cannot be before the referral date."));
		else if (date_cmp(in->planned_start, date_add_years(today, REFERRAL_MAX_YEARS_AHEAD)) > 0)
			field_error_add(e, "planned_start",
					N_("The planned start can be at most two years from today."));
	}
	if (in->priority == FIELD_NONE)
		in->priority = REFERRAL_DEFAULT_PRIORITY;
	return e->n == before;
}

int
referral_eligibility_input(const struct referral *r, struct eligibility_input *in)
{
	memset(in, 0, sizeof *in);
	if (!date_is_valid(r->birth_date) || !date_is_valid(r->planned_start))
		return SC_EINVAL;
	in->birth = r->birth_date;
	in->planned_start = r->planned_start;
	if (r->intro_ended.y != 0) {
		if (!date_is_valid(r->intro_ended))
			return SC_EINVAL;
		in->intro_ended = r->intro_ended;
		in->intro_ended_known = true;
	}
	in->in_qualification_programme = r->in_qualification == 1;
	in->in_introduction_programme = r->in_introduction == 1;
	in->lawful_residence = r->lawful_residence == 1;
	return 0;
}

/* ---- changes of a referral ---- */

static const struct field fields_of_priority[] = {
	{.key = "priority", .type = FT_INT, .flags = FF_REQUIRED,
	 .offset = offsetof(struct referral_priority, priority), .min = WAITLIST_PRIORITY_MIN,
	 .max = WAITLIST_PRIORITY_MAX, .label = N_("Priority (1 highest, 9 lowest)"), .missing = PRIORITY_RANGE,
	 .invalid = PRIORITY_RANGE, .part = PART_INTAKE},
};

const struct fields referral_priority_fields = FIELDS(fields_of_priority);

static const struct field fields_of_offer[] = {
	{.key = "offered_on", .type = FT_DATE, .flags = FF_REQUIRED,
	 .offset = offsetof(struct referral_offer, offered_on), .label = N_("Offer date"), .part = PART_INTAKE},
	{.key = "answer_by", .type = FT_DATE, .offset = offsetof(struct referral_offer, answer_by),
	 .label = N_("Answer by"), .part = PART_INTAKE},
};

const struct fields referral_offer_fields = FIELDS(fields_of_offer);

bool
referral_offer_check(const struct referral_offer *o, struct date referred_on, struct date today,
		     struct field_errors *e)
{
	int before = e->n;
	bool offered = o->offered_on.y != 0;
	if (offered && date_cmp(o->offered_on, today) > 0) {
		field_error_add(e, "offered_on", N_("The offer date cannot be in the future."));
		offered = false;
	} else if (offered && date_cmp(o->offered_on, referred_on) < 0) {
		field_error_add(e, "offered_on", N_("The offer date cannot be before the referral date."));
		offered = false;
	}
	if (offered && o->answer_by.y != 0 && date_cmp(o->answer_by, o->offered_on) < 0)
		field_error_add(e, "answer_by", N_("The answer date cannot be before the offer date."));
	return e->n == before;
}

bool
referral_accept_check(struct enrolment_start *in, struct date referred_on, struct date today,
		      struct field_errors *e)
{
	int before = e->n;
	enrolment_start_check(in, referred_on, today, e);
	if (in->contact_id <= 0)
		field_error_add(e, "contact_id", N_("Choose a contact person."));
	return e->n == before;
}

static const struct field fields_of_close[] = {
	{.key = "reason", .type = FT_TEXT, .flags = FF_REQUIRED, .offset = offsetof(struct referral_close, reason),
	 .max = INTAKE_NOTE_MAX, .label = N_("Reason"), .too_long = TOO_LONG, .part = PART_INTAKE},
};

const struct fields referral_close_fields = FIELDS(fields_of_close);

/* ---- screening ---- */

#define OVERRIDE(rule, name) \
	{.key = "override_" name, .type = FT_BOOL, .offset = offsetof(struct screening, override[rule]), \
	 .label = N_("Override this rule"), .invalid = YES_NO, .part = PART_INTAKE}, \
	{.key = "override_reason_" name, .type = FT_TEXT, .offset = offsetof(struct screening, reason[rule]), \
	 .max = INTAKE_NOTE_MAX, .label = N_("Reason for the override"), .too_long = TOO_LONG, .part = PART_INTAKE}

/* Two fields per rule, in rule order (screening_reason_field() counts on it). */
static const struct field fields_of_screening[] = {
	OVERRIDE(ELIG_AGE, "age"),
	OVERRIDE(ELIG_INTRO_ENDED, "intro_ended"),
	OVERRIDE(ELIG_NOT_ENROLLED, "not_enrolled"),
	OVERRIDE(ELIG_LAWFUL_RESIDENCE, "lawful_residence"),
};

const struct fields screening_fields = FIELDS(fields_of_screening);

const struct field *
screening_reason_field(enum eligibility_rule rule)
{
	if ((int)rule < 0 || rule >= ELIG_NRULES)
		return NULL;
	return &fields_of_screening[2 * (int)rule + 1];
}

bool
screening_decide(const struct eligibility_result *res, struct screening *s, bool may_override,
		 enum referral_state *next, struct field_errors *e)
{
	int before = e->n;
	*next = REFERRAL_INELIGIBLE;
	bool all_covered = true;
	for (int i = 0; i < res->nrules && i < ELIG_NRULES; i++) {
		const struct rule_result *rr = &res->rules[i];
		const char *name = eligibility_rule_name(rr->rule);
		bool on = s != NULL && s->override[rr->rule] == 1;
		if (rr->pass) {
			if (s != NULL)
				s->override[rr->rule] = 0;
			continue;
		}
		if (!on) {
			all_covered = false;
			continue;
		}
		const char *why = s->reason[rr->rule];
		if (!may_override)
			field_error_add(e, name, N_("Only a programme leader may override a rule."));
		else if (why == NULL || *why == '\0')
			field_error_add(e, name, N_("Give the reason for overriding this rule."));
	}
	if (e->n > before)
		return false;
	if (res->nrules == ELIG_NRULES && all_covered)
		*next = REFERRAL_WAITING;
	return true;
}

static const struct field fields_of_screening_row[] = {
	{.key = "referral_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct screening_row, referral_id),
	 .label = N_("Referral"), .part = -1},
	{.key = "rule", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct screening_row, rule),
	 .label = N_("Rule"), .part = PART_INTAKE},
	{.key = "pass", .type = FT_BOOL, .flags = FF_OUT, .offset = offsetof(struct screening_row, pass),
	 .label = N_("Result"), .part = PART_INTAKE},
	{.key = "reason", .type = FT_TEXT, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct screening_row, reason),
	 .label = N_("Reason"), .part = PART_INTAKE},
	{.key = "overridden", .type = FT_BOOL, .flags = FF_OUT, .offset = offsetof(struct screening_row, overridden),
	 .label = N_("Override"), .part = PART_INTAKE},
	{.key = "override_reason", .type = FT_TEXT, .flags = FF_OUT | FF_BLANK,
	 .offset = offsetof(struct screening_row, override_reason), .label = N_("Reason for the override"),
	 .part = PART_INTAKE},
	{.key = "screened_at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct screening_row, screened_at),
	 .label = N_("Date"), .part = PART_INTAKE},
	{.key = "screened_by", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct screening_row, screened_by),
	 .label = N_("By"), .part = PART_INTAKE},
	{.key = "screened_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct screening_row, screened_by_name), .label = N_("By"), .part = PART_INTAKE},
};

const struct fields screening_row_fields = FIELDS(fields_of_screening_row);

/* ---- the history ---- */

static const struct field fields_of_event[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct referral_event, id),
	 .label = N_("Number"), .part = -1},
	{.key = "referral_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct referral_event, referral_id),
	 .label = N_("Referral"), .part = -1},
	{.key = "at", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct referral_event, at),
	 .label = N_("When"), .part = PART_INTAKE},
	{.key = "on_date", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct referral_event, on_date),
	 .label = N_("Date"), .part = PART_INTAKE},
	{.key = "user_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct referral_event, user_id),
	 .label = N_("By"), .part = PART_INTAKE},
	{.key = "user_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct referral_event, user_name), .label = N_("By"), .part = PART_INTAKE},
	{.key = "from_state", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct referral_event, from_state),
	 .label = N_("State change"), .part = PART_INTAKE},
	{.key = "to_state", .type = FT_LINE, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct referral_event, to_state),
	 .label = N_("State change"), .part = PART_INTAKE},
	{.key = "note", .type = FT_TEXT, .flags = FF_OUT | FF_BLANK, .offset = offsetof(struct referral_event, note),
	 .label = N_("Note"), .part = PART_INTAKE},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct referral_event, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct referral_event, given_name), .label = N_("Given name"), .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED | FF_BLANK,
	 .offset = offsetof(struct referral_event, family_name), .label = N_("Family name"), .part = PART_NAME},
};

const struct fields referral_event_fields = FIELDS(fields_of_event);

/* ---- the waiting list ---- */

static const struct field fields_of_waitlist_row[] = {
	{.key = "place", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct waitlist_row, place),
	 .label = N_("Place"), .part = -1},
	{.key = "referral_id", .type = FT_ID, .flags = FF_OUT, .offset = offsetof(struct waitlist_row, referral_id),
	 .label = N_("Referral"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT,
	 .offset = offsetof(struct waitlist_row, participant_id), .label = N_("Participant"), .part = -1},
	{.key = "given_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct waitlist_row, given_name), .label = N_("Given name"), .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct waitlist_row, family_name), .label = N_("Family name"), .part = PART_NAME},
	{.key = "priority", .type = FT_INT, .flags = FF_OUT, .offset = offsetof(struct waitlist_row, priority),
	 .label = N_("Priority"), .part = PART_INTAKE},
	{.key = "referred_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct waitlist_row, referred_on),
	 .label = N_("Referred on"), .part = PART_INTAKE},
	{.key = "source", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct waitlist_row, source),
	 .label = N_("Source"), .options = source_options, .noptions = REFERRAL_SOURCE_COUNT, .part = PART_INTAKE},
	{.key = "state", .type = FT_ENUM, .flags = FF_OUT, .offset = offsetof(struct waitlist_row, state),
	 .label = N_("State"), .options = state_options, .noptions = REFERRAL_STATE_COUNT, .part = PART_INTAKE},
	{.key = "offered_on", .type = FT_DATE, .flags = FF_OUT, .offset = offsetof(struct waitlist_row, offered_on),
	 .label = N_("Offered on"), .part = PART_INTAKE},
	{.key = "waited_days", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct waitlist_row, waited_days), .label = N_("Waited (days)"), .part = PART_INTAKE},
	{.key = "expected_wait_days", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED,
	 .offset = offsetof(struct waitlist_row, expected_wait_days), .label = N_("Expected wait (days)"),
	 .part = PART_INTAKE},
};

const struct fields waitlist_row_fields = FIELDS(fields_of_waitlist_row);

const char *const waitlist_export_keys[] = {
	"place", "family_name", "given_name", "priority", "referred_on", "source", "waited_days",
	"expected_wait_days", "state", NULL,
};

void
waitlist_page_fill(struct waitlist_row *rows, size_t n, int64_t offset, int64_t free_places,
		   const struct date *exits, size_t nexits, struct date today)
{
	int fp = free_places > INT32_MAX ? INT32_MAX : free_places < 0 ? 0 : (int)free_places;
	int64_t today_days = date_to_days(today);
	for (size_t i = 0; i < n; i++) {
		struct waitlist_row *w = &rows[i];
		w->place = offset + (int64_t)i + 1;
		int64_t waited = w->referred_on.y != 0 ? today_days - date_to_days(w->referred_on) : 0;
		w->waited_days = waited > 0 ? waited : 0;
		int days;
		if (w->place <= free_places) {
			days = waitlist_expected_wait_days((int)(w->place > INT32_MAX ? INT32_MAX : w->place), fp, NULL,
							   0, today);
		} else {
			/* The exits are sorted, so the (place - free)-th is one
			 * element: hand the rule just that one. */
			int64_t k = w->place - free_places;
			days = k > (int64_t)nexits ? -1 : waitlist_expected_wait_days(1, 0, &exits[k - 1], 1, today);
		}
		w->expected_wait_days = days < 0 ? FIELD_NONE : days;
	}
}

int
intake_wait_weeks(int days)
{
	if (days < 0)
		return -1;
	return (int)(((int64_t)days + 6) / 7);
}
