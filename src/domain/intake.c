/*
 * intake.c — referral sources, states and actions, the referral form's
 * validator, the screening decision and offer dates; see intake.h.
 */
#include "domain/intake.h"

#include <string.h>

#include "domain/caseload.h"
#include "i18n/i18n.h"
#include "util/err.h"

static const char *const source_keys[REFERRAL_SOURCE_COUNT] = {
	"nav", "intro", "self", "other",
};

static const char *const source_labels[REFERRAL_SOURCE_COUNT] = {
	N_("NAV office"), N_("Introduction programme"), N_("Self-referral"), N_("Other"),
};

static const char *const state_keys[REFERRAL_STATE_COUNT] = {
	"new", "ineligible", "waiting", "offered", "accepted", "declined", "withdrawn",
};

static const char *const state_labels[REFERRAL_STATE_COUNT] = {
	N_("Awaiting screening"), N_("Not eligible"), N_("On the waiting list"), N_("Offered a place"),
	N_("Accepted"), N_("Declined"), N_("Withdrawn"),
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
	return (int)s >= 0 && s < REFERRAL_SOURCE_COUNT ? source_keys[s] : NULL;
}

const char *
referral_source_label(enum referral_source s)
{
	return (int)s >= 0 && s < REFERRAL_SOURCE_COUNT ? source_labels[s] : NULL;
}

int
referral_source_parse(const char *s, enum referral_source *out)
{
	for (int i = 0; s != NULL && i < REFERRAL_SOURCE_COUNT; i++) {
		if (strcmp(s, source_keys[i]) == 0) {
			*out = (enum referral_source)i;
			return 0;
		}
	}
	return SC_EINVAL;
}

const char *
referral_state_key(enum referral_state s)
{
	return state_ok(s) ? state_keys[s] : NULL;
}

const char *
referral_state_label(enum referral_state s)
{
	return state_ok(s) ? state_labels[s] : NULL;
}

int
referral_state_parse(const char *s, enum referral_state *out)
{
	for (int i = 0; s != NULL && i < REFERRAL_STATE_COUNT; i++) {
		if (strcmp(s, state_keys[i]) == 0) {
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

/* ---- text and dates ---- */

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

static bool
utf8_ok(const unsigned char *p)
{
	while (*p) {
		int n;
		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2) {
			n = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			n = 2;
			/* no overlong forms, no surrogates */
			if ((*p == 0xE0 && p[1] < 0xA0) || (*p == 0xED && p[1] >= 0xA0))
				return false;
		} else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4) {
			n = 3;
			if ((*p == 0xF0 && p[1] < 0x90) || (*p == 0xF4 && p[1] >= 0x90))
				return false;
		} else {
			return false;
		}
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

int
intake_text_validate(char **text, size_t max, bool required, bool multiline,
		     const char **reason)
{
	char *s = trim(*text);
	*text = s;
	const char *why = NULL;
	if (required && *s == '\0') {
		why = N_("This field is required.");
	} else if (strlen(s) > max) {
		why = N_("This text is too long.");
	} else if (!utf8_ok((const unsigned char *)s)) {
		why = N_("This text has characters that are not allowed.");
	} else {
		for (const unsigned char *p = (const unsigned char *)s; *p && why == NULL; p++) {
			if (multiline && (*p == '\n' || *p == '\r' || *p == '\t'))
				continue;
			if (*p < 0x20 || *p == 0x7f)
				why = N_("This text has characters that are not allowed.");
		}
	}
	if (why != NULL) {
		if (reason != NULL)
			*reason = why;
		return SC_EINVAL;
	}
	return 0;
}

int
intake_date_validate(const char *text, struct date *out, const char **reason)
{
	const char *why = NULL;
	if (text == NULL || *text == '\0')
		why = N_("This field is required.");
	else if (date_parse(text, out) != 0)
		why = N_("Write the date as YYYY-MM-DD, for example 2024-03-01.");
	if (why != NULL) {
		if (reason != NULL)
			*reason = why;
		return SC_EINVAL;
	}
	return 0;
}

int
intake_yes_no(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "1", "true", "on"};
	static const char *const no[] = {"no", "0", "false", "off"};
	for (size_t i = 0; s != NULL && i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return SC_EINVAL;
}

/* ---- the referral form ---- */

static void
yes_no_field(struct field_errors *e, const char *key, char *raw, bool *out)
{
	char *s = trim(raw);
	if (*s == '\0')
		field_error_add(e, key, N_("Choose yes or no."));
	else if (intake_yes_no(s, out) != 0)
		field_error_add(e, key, N_("Choose yes or no."));
}

int
referral_validate(struct referral_form *f, struct date today, struct referral_input *out,
		  struct field_errors *errs)
{
	const char *why = NULL;
	memset(out, 0, sizeof *out);
	memset(errs, 0, sizeof *errs);

	char *source = trim(f->source);
	if (*source == '\0')
		field_error_add(errs, "source", N_("Choose where the referral comes from."));
	else if (referral_source_parse(source, &out->source) != 0)
		field_error_add(errs, "source", N_("Choose a source from the list."));

	bool have_referred = false;
	char *referred = trim(f->referred_on);
	if (intake_date_validate(referred, &out->referred_on, &why) != 0)
		field_error_add(errs, "referred_on", why);
	else if (date_cmp(out->referred_on, today) > 0)
		field_error_add(errs, "referred_on", N_("The referral date cannot be in the future."));
	else
		have_referred = true;

	char *referrer = f->referrer;
	if (intake_text_validate(&referrer, REFERRAL_REFERRER_MAX, false, false, &why) != 0)
		field_error_add(errs, "referrer", why);
	out->referrer = referrer;

	char *reason = f->reason;
	if (intake_text_validate(&reason, INTAKE_NOTE_MAX, true, true, &why) != 0)
		field_error_add(errs, "reason", why);
	out->reason = reason;

	char *start = trim(f->planned_start);
	if (intake_date_validate(start, &out->planned_start, &why) != 0)
		field_error_add(errs, "planned_start", why);
	else if (have_referred && date_cmp(out->planned_start, out->referred_on) < 0)
		field_error_add(errs, "planned_start",
				N_("The planned start cannot be before the referral date."));
	else if (date_cmp(out->planned_start, date_add_years(today, REFERRAL_MAX_YEARS_AHEAD)) > 0)
		field_error_add(errs, "planned_start",
				N_("The planned start can be at most two years from today."));

	yes_no_field(errs, "in_qualification", f->in_qualification, &out->in_qualification);
	yes_no_field(errs, "in_introduction", f->in_introduction, &out->in_introduction);
	yes_no_field(errs, "lawful_residence", f->lawful_residence, &out->lawful_residence);

	char *prio = trim(f->priority);
	out->priority = REFERRAL_DEFAULT_PRIORITY;
	if (*prio != '\0') {
		int p = 0;
		bool digits = strlen(prio) <= 2;
		for (const char *c = prio; *c && digits; c++) {
			digits = *c >= '0' && *c <= '9';
			p = p * 10 + (*c - '0');
		}
		if (!digits || waitlist_priority_validate(p, NULL) != 0)
			field_error_add(errs, "priority", N_("The priority must be a whole number from 1 to 9."));
		else
			out->priority = p;
	}
	return errs->n == 0 ? 0 : SC_EINVAL;
}

/* ---- screening ---- */

int
intake_eligibility_input(const char *birth, const char *intro_ended, const char *planned_start,
			 bool in_qualification, bool in_introduction, bool lawful_residence,
			 struct eligibility_input *in)
{
	memset(in, 0, sizeof *in);
	if (date_parse(birth, &in->birth) != 0 || date_parse(planned_start, &in->planned_start) != 0)
		return SC_EINVAL;
	if (intro_ended != NULL && *intro_ended != '\0') {
		if (date_parse(intro_ended, &in->intro_ended) != 0)
			return SC_EINVAL;
		in->intro_ended_known = true;
	}
	in->in_qualification_programme = in_qualification;
	in->in_introduction_programme = in_introduction;
	in->lawful_residence = lawful_residence;
	return 0;
}

int
screening_decide(const struct eligibility_result *res, struct screening_override *ov,
		 bool may_override, enum referral_state *next, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	*next = REFERRAL_INELIGIBLE;
	bool all_covered = true;
	for (int i = 0; i < res->nrules && i < ELIG_NRULES; i++) {
		const struct rule_result *rr = &res->rules[i];
		const char *name = eligibility_rule_name(rr->rule);
		struct screening_override *o = ov != NULL ? &ov[rr->rule] : NULL;
		if (rr->pass) {
			if (o != NULL)
				o->on = false;
			continue;
		}
		if (o == NULL || !o->on) {
			all_covered = false;
			continue;
		}
		const char *why = NULL;
		if (!may_override)
			field_error_add(errs, name, N_("Only a programme leader may override a rule."));
		else if (intake_text_validate(&o->reason, INTAKE_NOTE_MAX, true, true, &why) != 0)
			field_error_add(errs, name, *o->reason == '\0'
					? N_("Give the reason for overriding this rule.") : why);
	}
	if (errs->n > 0)
		return SC_EINVAL;
	if (res->nrules == ELIG_NRULES && all_covered)
		*next = REFERRAL_WAITING;
	return 0;
}

/* ---- offer ---- */

int
offer_validate(const char *offered_on, const char *answer_by, struct date referred_on,
	       struct date today, struct date *offered, struct date *answer, bool *has_answer_by,
	       struct field_errors *errs)
{
	const char *why = NULL;
	memset(errs, 0, sizeof *errs);
	*has_answer_by = false;
	bool have_offered = false;
	if (intake_date_validate(offered_on, offered, &why) != 0)
		field_error_add(errs, "offered_on", why);
	else if (date_cmp(*offered, today) > 0)
		field_error_add(errs, "offered_on", N_("The offer date cannot be in the future."));
	else if (date_cmp(*offered, referred_on) < 0)
		field_error_add(errs, "offered_on", N_("The offer date cannot be before the referral date."));
	else
		have_offered = true;
	if (answer_by != NULL && *answer_by != '\0') {
		if (date_parse(answer_by, answer) != 0)
			field_error_add(errs, "answer_by",
					N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
		else if (have_offered && date_cmp(*answer, *offered) < 0)
			field_error_add(errs, "answer_by", N_("The answer date cannot be before the offer date."));
		else
			*has_answer_by = true;
	}
	if (errs->n > 0) {
		*has_answer_by = false;
		return SC_EINVAL;
	}
	return 0;
}

int
intake_wait_weeks(int days)
{
	if (days < 0)
		return -1;
	return (int)(((int64_t)days + 6) / 7);
}
