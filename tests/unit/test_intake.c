/*
 * test_intake.c — table-driven tests of referral sources and states, the
 * state machine, the referral form, the screening decision, offer dates
 * and wait weeks (src/domain/intake.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/intake.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 10 };

/* The reason recorded for field, or NULL. */
static const char *
error_for(const struct field_errors *e, const char *field)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return e->reason[i];
	return NULL;
}

static void
test_sources_and_states(void **state)
{
	(void)state;
	static const struct { const char *key; enum referral_source s; const char *label; } sources[] = {
		{ "nav", REFERRAL_NAV, "NAV office" },
		{ "intro", REFERRAL_INTRO, "Introduction programme" },
		{ "self", REFERRAL_SELF, "Self-referral" },
		{ "other", REFERRAL_OTHER, "Other" },
	};
	for (size_t i = 0; i < NELEM(sources); i++) {
		enum referral_source s = REFERRAL_OTHER;
		assert_int_equal(referral_source_parse(sources[i].key, &s), 0);
		assert_int_equal(s, sources[i].s);
		assert_string_equal(referral_source_key(s), sources[i].key);
		assert_string_equal(referral_source_label(s), sources[i].label);
	}
	static const char *const bad[] = { "", "NAV", "nav ", "Nav", "selv", "x" };
	for (size_t i = 0; i < NELEM(bad); i++) {
		enum referral_source s = REFERRAL_SELF;
		assert_int_equal(referral_source_parse(bad[i], &s), SC_EINVAL);
		assert_int_equal(s, REFERRAL_SELF);
	}
	enum referral_source s;
	assert_int_equal(referral_source_parse(NULL, &s), SC_EINVAL);
	assert_null(referral_source_key(REFERRAL_SOURCE_COUNT));
	assert_null(referral_source_label((enum referral_source)-1));

	static const struct { const char *key; enum referral_state s; bool final; } states[] = {
		{ "new", REFERRAL_NEW, false },
		{ "ineligible", REFERRAL_INELIGIBLE, false },
		{ "waiting", REFERRAL_WAITING, false },
		{ "offered", REFERRAL_OFFERED, false },
		{ "accepted", REFERRAL_ACCEPTED, true },
		{ "declined", REFERRAL_DECLINED, true },
		{ "withdrawn", REFERRAL_WITHDRAWN, true },
	};
	for (size_t i = 0; i < NELEM(states); i++) {
		enum referral_state st = REFERRAL_NEW;
		assert_int_equal(referral_state_parse(states[i].key, &st), 0);
		assert_int_equal(st, states[i].s);
		assert_string_equal(referral_state_key(st), states[i].key);
		assert_non_null(referral_state_label(st));
		assert_int_equal(referral_state_final(st), states[i].final);
	}
	enum referral_state st;
	assert_int_equal(referral_state_parse("Waiting", &st), SC_EINVAL);
	assert_int_equal(referral_state_parse(NULL, &st), SC_EINVAL);
	assert_null(referral_state_key(REFERRAL_STATE_COUNT));
	assert_true(referral_state_final(REFERRAL_STATE_COUNT));
	assert_string_equal(referral_action_key(REFERRAL_OFFER), "offer");
	assert_string_equal(referral_action_key(REFERRAL_WITHDRAW), "withdraw");
	assert_null(referral_action_key(REFERRAL_ACTION_COUNT));
}

/* Every (action, from-state) pair: allowed or not. */
static void
test_actions(void **state)
{
	(void)state;
	enum { N = REFERRAL_NEW, I = REFERRAL_INELIGIBLE, W = REFERRAL_WAITING, O = REFERRAL_OFFERED,
	       A = REFERRAL_ACCEPTED, DE = REFERRAL_DECLINED, WD = REFERRAL_WITHDRAWN };
	/* allowed[action][state] */
	static const bool allowed[REFERRAL_ACTION_COUNT][REFERRAL_STATE_COUNT] = {
		/*                      N  I  W  O  A  DE WD */
		[REFERRAL_SCREEN] =   { 1, 1, 1, 0, 0, 0, 0 },
		[REFERRAL_PRIORITY] = { 1, 1, 1, 1, 0, 0, 0 },
		[REFERRAL_OFFER] =    { 0, 0, 1, 0, 0, 0, 0 },
		[REFERRAL_ACCEPT] =   { 0, 0, 0, 1, 0, 0, 0 },
		[REFERRAL_DECLINE] =  { 0, 0, 0, 1, 0, 0, 0 },
		[REFERRAL_WITHDRAW] = { 1, 1, 1, 1, 0, 0, 0 },
	};
	(void)N; (void)I; (void)W; (void)O; (void)A; (void)DE; (void)WD;
	for (int a = 0; a < REFERRAL_ACTION_COUNT; a++)
		for (int s = 0; s < REFERRAL_STATE_COUNT; s++)
			if (referral_action_allowed((enum referral_action)a, (enum referral_state)s) !=
			    allowed[a][s])
				fail_msg("action %s from %s", referral_action_key((enum referral_action)a),
					 referral_state_key((enum referral_state)s));
	assert_false(referral_action_allowed(REFERRAL_ACTION_COUNT, REFERRAL_NEW));
	assert_false(referral_action_allowed(REFERRAL_OFFER, REFERRAL_STATE_COUNT));

	assert_true(referral_action_leads_to(REFERRAL_SCREEN, REFERRAL_WAITING));
	assert_true(referral_action_leads_to(REFERRAL_SCREEN, REFERRAL_INELIGIBLE));
	assert_false(referral_action_leads_to(REFERRAL_SCREEN, REFERRAL_OFFERED));
	assert_true(referral_action_leads_to(REFERRAL_ACCEPT, REFERRAL_ACCEPTED));
	assert_false(referral_action_leads_to(REFERRAL_ACCEPT, REFERRAL_DECLINED));
	assert_true(referral_action_leads_to(REFERRAL_WITHDRAW, REFERRAL_WITHDRAWN));
	assert_false(referral_action_leads_to(REFERRAL_PRIORITY, REFERRAL_ACCEPTED));
}

/* Every (from, to) pair of states. */
static void
test_transitions(void **state)
{
	(void)state;
	static const bool allowed[REFERRAL_STATE_COUNT][REFERRAL_STATE_COUNT] = {
		/* to:                     new inel wait off acc dec wd */
		[REFERRAL_NEW] =        { 1,  1,   1,   0,  0,  0,  1 },
		[REFERRAL_INELIGIBLE] = { 0,  1,   1,   0,  0,  0,  1 },
		[REFERRAL_WAITING] =    { 0,  1,   1,   1,  0,  0,  1 },
		[REFERRAL_OFFERED] =    { 0,  0,   0,   1,  1,  1,  1 },
		[REFERRAL_ACCEPTED] =   { 0,  0,   0,   0,  0,  0,  0 },
		[REFERRAL_DECLINED] =   { 0,  0,   0,   0,  0,  0,  0 },
		[REFERRAL_WITHDRAWN] =  { 0,  0,   0,   0,  0,  0,  0 },
	};
	for (int f = 0; f < REFERRAL_STATE_COUNT; f++)
		for (int t = 0; t < REFERRAL_STATE_COUNT; t++)
			if (referral_transition_allowed((enum referral_state)f, (enum referral_state)t) !=
			    allowed[f][t])
				fail_msg("%s -> %s", referral_state_key((enum referral_state)f),
					 referral_state_key((enum referral_state)t));
	assert_false(referral_transition_allowed(REFERRAL_STATE_COUNT, REFERRAL_NEW));
	assert_false(referral_transition_allowed(REFERRAL_NEW, (enum referral_state)-1));
}

static void
test_participant_status(void **state)
{
	(void)state;
	static const struct { enum referral_state s; bool before; const char *want; } rows[] = {
		{ REFERRAL_NEW, false, "referred" },
		{ REFERRAL_INELIGIBLE, true, "referred" },
		{ REFERRAL_WAITING, false, "waiting" },
		{ REFERRAL_OFFERED, false, "offered" },
		{ REFERRAL_ACCEPTED, true, "active" },
		{ REFERRAL_DECLINED, false, "registered" },
		{ REFERRAL_DECLINED, true, "exited" },
		{ REFERRAL_WITHDRAWN, false, "registered" },
		{ REFERRAL_WITHDRAWN, true, "exited" },
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_string_equal(referral_participant_status(rows[i].s, rows[i].before), rows[i].want);
}

/* ---- the referral form ---- */

struct form_row {
	const char *what;
	const char *source, *referred_on, *referrer, *reason, *planned_start;
	const char *inq, *inint, *lawful, *priority;
	const char *field;	/* the one field expected to fail; NULL = valid */
	const char *reason_text;
};

static const char R_REQ[] = "This field is required.";
static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";
static const char R_YN[] = "Choose yes or no.";
static const char R_PRIO[] = "The priority must be a whole number from 1 to 9.";
static const char R_CHARS[] = "This text has characters that are not allowed.";

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
test_referral_validate(void **state)
{
	(void)state;
	static char long_referrer[REFERRAL_REFERRER_MAX + 2];
	memset(long_referrer, 'r', sizeof long_referrer - 1);
	static char max_referrer[REFERRAL_REFERRER_MAX + 1];
	memset(max_referrer, 'r', sizeof max_referrer - 1);
	static char long_reason[INTAKE_NOTE_MAX + 2];
	memset(long_reason, 'x', sizeof long_reason - 1);

#define OK_ROW "nav", "2025-03-01", "NAV Bergenhus", "Needs language training", "2025-08-18", "no", "no", "yes", ""
	static const struct form_row rows[] = {
		{ "valid", OK_ROW, NULL, NULL },
		{ "valid with spaces", " intro ", " 2025-03-10 ", "  ", " Reason\nwith lines ", "2025-03-10", "yes", "0", "true", " 1 ", NULL, NULL },
		{ "referrer at the limit", "self", "2025-03-01", max_referrer, "r", "2025-08-18", "no", "no", "yes", "9", NULL, NULL },
		{ "no source", "", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "", "source", "Choose where the referral comes from." },
		{ "unknown source", "police", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "", "source", "Choose a source from the list." },
		{ "no referral date", "nav", "", "", "r", "2025-08-18", "no", "no", "yes", "", "referred_on", R_REQ },
		{ "bad referral date", "nav", "2025-02-30", "", "r", "2025-08-18", "no", "no", "yes", "", "referred_on", R_DATE },
		{ "referral date tomorrow", "nav", "2025-03-11", "", "r", "2025-08-18", "no", "no", "yes", "", "referred_on", "The referral date cannot be in the future." },
		{ "referrer too long", "nav", "2025-03-01", long_referrer, "r", "2025-08-18", "no", "no", "yes", "", "referrer", "This text is too long." },
		{ "referrer on two lines", "nav", "2025-03-01", "a\nb", "r", "2025-08-18", "no", "no", "yes", "", "referrer", R_CHARS },
		{ "no reason", "nav", "2025-03-01", "", "  ", "2025-08-18", "no", "no", "yes", "", "reason", R_REQ },
		{ "reason too long", "nav", "2025-03-01", "", long_reason, "2025-08-18", "no", "no", "yes", "", "reason", "This text is too long." },
		{ "reason with a control character", "nav", "2025-03-01", "", "a\x01", "2025-08-18", "no", "no", "yes", "", "reason", R_CHARS },
		{ "reason not UTF-8", "nav", "2025-03-01", "", "caf\xe9", "2025-08-18", "no", "no", "yes", "", "reason", R_CHARS },
		{ "no planned start", "nav", "2025-03-01", "", "r", "", "no", "no", "yes", "", "planned_start", R_REQ },
		{ "bad planned start", "nav", "2025-03-01", "", "r", "18.08.2025", "no", "no", "yes", "", "planned_start", R_DATE },
		{ "start before referral", "nav", "2025-03-01", "", "r", "2025-02-28", "no", "no", "yes", "", "planned_start", "The planned start cannot be before the referral date." },
		{ "start two years ahead", "nav", "2025-03-01", "", "r", "2027-03-10", "no", "no", "yes", "", NULL, NULL },
		{ "start too far ahead", "nav", "2025-03-01", "", "r", "2027-03-11", "no", "no", "yes", "", "planned_start", "The planned start can be at most two years from today." },
		{ "qualification missing", "nav", "2025-03-01", "", "r", "2025-08-18", "", "no", "yes", "", "in_qualification", R_YN },
		{ "introduction maybe", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "maybe", "yes", "", "in_introduction", R_YN },
		{ "residence Yes", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "no", "Yes", "", "lawful_residence", R_YN },
		{ "priority 0", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "0", "priority", R_PRIO },
		{ "priority 10", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "10", "priority", R_PRIO },
		{ "priority -1", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "-1", "priority", R_PRIO },
		{ "priority 2.5", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "2.5", "priority", R_PRIO },
		{ "priority 100", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "100", "priority", R_PRIO },
		{ "priority high", "nav", "2025-03-01", "", "r", "2025-08-18", "no", "no", "yes", "high", "priority", R_PRIO },
	};
#undef OK_ROW
	for (size_t i = 0; i < NELEM(rows); i++) {
		const struct form_row *r = &rows[i];
		struct referral_form f = {
			dup_or_null(r->source), dup_or_null(r->referred_on), dup_or_null(r->referrer),
			dup_or_null(r->reason), dup_or_null(r->planned_start), dup_or_null(r->inq),
			dup_or_null(r->inint), dup_or_null(r->lawful), dup_or_null(r->priority),
		};
		struct referral_input in;
		struct field_errors e;
		int rc = referral_validate(&f, TODAY, &in, &e);
		if (r->field == NULL) {
			if (rc != 0)
				fail_msg("%s: %s: %s", r->what, e.field[0], e.reason[0]);
			assert_int_equal(e.n, 0);
		} else {
			if (rc != SC_EINVAL || e.n != 1 || strcmp(e.field[0], r->field) != 0)
				fail_msg("%s: rc %d, %d errors, first %s", r->what, rc, e.n,
					 e.n ? e.field[0] : "-");
			assert_string_equal(e.reason[0], r->reason_text);
		}
		free(f.source); free(f.referred_on); free(f.referrer); free(f.reason);
		free(f.planned_start); free(f.in_qualification); free(f.in_introduction);
		free(f.lawful_residence); free(f.priority);
	}
}

static void
test_referral_values(void **state)
{
	(void)state;
	char source[] = " intro ", referred[] = "2025-03-01", referrer[] = "  Kari (NAV) ",
	     reason[] = " Wants work ", start[] = "2025-08-18", inq[] = "no", inint[] = "no",
	     lawful[] = "yes", prio[] = "";
	struct referral_form f = { source, referred, referrer, reason, start, inq, inint, lawful, prio };
	struct referral_input in;
	struct field_errors e;
	assert_int_equal(referral_validate(&f, TODAY, &in, &e), 0);
	assert_int_equal(in.source, REFERRAL_INTRO);
	assert_int_equal(date_cmp(in.referred_on, D(2025, 3, 1)), 0);
	assert_string_equal(in.referrer, "Kari (NAV)");
	assert_string_equal(in.reason, "Wants work");
	assert_int_equal(date_cmp(in.planned_start, D(2025, 8, 18)), 0);
	assert_false(in.in_qualification);
	assert_false(in.in_introduction);
	assert_true(in.lawful_residence);
	assert_int_equal(in.priority, REFERRAL_DEFAULT_PRIORITY);

	/* Every field wrong: every error, each under its own key. */
	struct referral_form none = {0};
	assert_int_equal(referral_validate(&none, TODAY, &in, &e), SC_EINVAL);
	static const char *const keys[] = { "source", "referred_on", "reason", "planned_start",
		"in_qualification", "in_introduction", "lawful_residence" };
	assert_int_equal(e.n, (int)NELEM(keys));
	for (size_t i = 0; i < NELEM(keys); i++)
		assert_non_null(error_for(&e, keys[i]));
	assert_null(error_for(&e, "referrer"));
	assert_null(error_for(&e, "priority"));
}

static void
test_yes_no(void **state)
{
	(void)state;
	static const struct { const char *s; int rc; bool v; } rows[] = {
		{ "yes", 0, true }, { "1", 0, true }, { "true", 0, true }, { "on", 0, true },
		{ "no", 0, false }, { "0", 0, false }, { "false", 0, false }, { "off", 0, false },
		{ "", SC_EINVAL, false }, { "YES", SC_EINVAL, false }, { "ja", SC_EINVAL, false },
		{ " yes", SC_EINVAL, false }, { "2", SC_EINVAL, false },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		bool v = !rows[i].v;
		assert_int_equal(intake_yes_no(rows[i].s, &v), rows[i].rc);
		if (rows[i].rc == 0)
			assert_int_equal(v, rows[i].v);
	}
	bool v;
	assert_int_equal(intake_yes_no(NULL, &v), SC_EINVAL);
}

/* ---- screening ---- */

static void
test_eligibility_input(void **state)
{
	(void)state;
	struct eligibility_input in;
	assert_int_equal(intake_eligibility_input("1990-05-01", "2022-06-30", "2025-08-18", true, false,
						  true, &in), 0);
	assert_int_equal(date_cmp(in.birth, D(1990, 5, 1)), 0);
	assert_true(in.intro_ended_known);
	assert_int_equal(date_cmp(in.intro_ended, D(2022, 6, 30)), 0);
	assert_true(in.in_qualification_programme);
	assert_false(in.in_introduction_programme);
	assert_true(in.lawful_residence);
	assert_int_equal(intake_eligibility_input("1990-05-01", NULL, "2025-08-18", false, false, true, &in), 0);
	assert_false(in.intro_ended_known);
	assert_int_equal(intake_eligibility_input("1990-05-01", "", "2025-08-18", false, false, true, &in), 0);
	assert_false(in.intro_ended_known);
	assert_int_equal(intake_eligibility_input("1990-13-01", "", "2025-08-18", false, false, true, &in), SC_EINVAL);
	assert_int_equal(intake_eligibility_input("1990-05-01", "x", "2025-08-18", false, false, true, &in), SC_EINVAL);
	assert_int_equal(intake_eligibility_input("1990-05-01", "", NULL, false, false, true, &in), SC_EINVAL);
}

/* Screens a person with the given facts and overrides. */
static int
decide(const char *birth, const char *intro, bool inq, bool lawful, struct screening_override *ov,
       bool leader, enum referral_state *next, struct field_errors *e)
{
	struct eligibility_input in;
	struct eligibility_result res;
	assert_int_equal(intake_eligibility_input(birth, intro, "2025-08-18", inq, false, lawful, &in), 0);
	assert_int_equal(eligibility_screen(&in, &res), 0);
	return screening_decide(&res, ov, leader, next, e);
}

static void
test_screening_decide(void **state)
{
	(void)state;
	enum referral_state next = REFERRAL_NEW;
	struct field_errors e;

	/* every rule passes: waiting, overrides not needed */
	assert_int_equal(decide("1990-05-01", "2022-06-30", false, true, NULL, true, &next, &e), 0);
	assert_int_equal(next, REFERRAL_WAITING);

	/* intro ended too recently, no override: ineligible */
	assert_int_equal(decide("1990-05-01", "2024-06-30", false, true, NULL, true, &next, &e), 0);
	assert_int_equal(next, REFERRAL_INELIGIBLE);

	/* overridden with a reason: waiting */
	char why[] = "  Did not finish the programme; NAV agrees  ";
	struct screening_override ov[ELIG_NRULES] = {0};
	ov[ELIG_INTRO_ENDED] = (struct screening_override){ true, why };
	assert_int_equal(decide("1990-05-01", "2024-06-30", false, true, ov, true, &next, &e), 0);
	assert_int_equal(next, REFERRAL_WAITING);
	assert_string_equal(ov[ELIG_INTRO_ENDED].reason, "Did not finish the programme; NAV agrees");

	/* two rules fail, one overridden: still ineligible */
	assert_int_equal(decide("1990-05-01", "2024-06-30", true, true, ov, true, &next, &e), 0);
	assert_int_equal(next, REFERRAL_INELIGIBLE);

	/* override without a reason: an error under the rule's name */
	char empty[] = "   ";
	struct screening_override ov2[ELIG_NRULES] = {0};
	ov2[ELIG_INTRO_ENDED] = (struct screening_override){ true, empty };
	assert_int_equal(decide("1990-05-01", "2024-06-30", false, true, ov2, true, &next, &e), SC_EINVAL);
	assert_int_equal(next, REFERRAL_INELIGIBLE);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.field[0], "intro_ended");
	assert_string_equal(e.reason[0], "Give the reason for overriding this rule.");

	/* a NULL reason counts as none */
	struct screening_override ov3[ELIG_NRULES] = {0};
	ov3[ELIG_AGE] = (struct screening_override){ true, NULL };
	assert_int_equal(decide("2010-05-01", "2022-06-30", false, true, ov3, true, &next, &e), SC_EINVAL);
	assert_string_equal(e.field[0], "age");

	/* not a leader: may not override */
	char why2[] = "reason";
	struct screening_override ov4[ELIG_NRULES] = {0};
	ov4[ELIG_LAWFUL_RESIDENCE] = (struct screening_override){ true, why2 };
	assert_int_equal(decide("1990-05-01", "2022-06-30", false, false, ov4, false, &next, &e), SC_EINVAL);
	assert_string_equal(e.field[0], "lawful_residence");
	assert_string_equal(e.reason[0], "Only a programme leader may override a rule.");

	/* an override of a rule that passed is dropped */
	char why3[] = "not needed";
	struct screening_override ov5[ELIG_NRULES] = {0};
	ov5[ELIG_AGE] = (struct screening_override){ true, why3 };
	assert_int_equal(decide("1990-05-01", "2022-06-30", false, true, ov5, true, &next, &e), 0);
	assert_int_equal(next, REFERRAL_WAITING);
	assert_false(ov5[ELIG_AGE].on);

	/* every rule fails, every one overridden: waiting */
	char r1[] = "a", r2[] = "b", r3[] = "c", r4[] = "d";
	struct screening_override all[ELIG_NRULES] = {
		{ true, r1 }, { true, r2 }, { true, r3 }, { true, r4 },
	};
	assert_int_equal(decide("2010-05-01", NULL, true, false, all, true, &next, &e), 0);
	assert_int_equal(next, REFERRAL_WAITING);

	/* an override reason too long */
	char *big = malloc(INTAKE_NOTE_MAX + 2);
	memset(big, 'y', INTAKE_NOTE_MAX + 1);
	big[INTAKE_NOTE_MAX + 1] = '\0';
	struct screening_override ov6[ELIG_NRULES] = {0};
	ov6[ELIG_AGE] = (struct screening_override){ true, big };
	assert_int_equal(decide("2010-05-01", "2022-06-30", false, true, ov6, true, &next, &e), SC_EINVAL);
	assert_string_equal(e.reason[0], "This text is too long.");
	free(big);
}

/* ---- offer ---- */

static void
test_offer_validate(void **state)
{
	(void)state;
	static const struct {
		const char *offered, *answer;
		int rc;
		bool has_answer;
		const char *field, *reason;
	} rows[] = {
		{ "2025-03-10", "", 0, false, NULL, NULL },
		{ "2025-03-01", "2025-03-01", 0, true, NULL, NULL },
		{ "2025-03-05", "2025-04-01", 0, true, NULL, NULL },
		{ "", "", SC_EINVAL, false, "offered_on", R_REQ },
		{ "10.03.2025", "", SC_EINVAL, false, "offered_on", R_DATE },
		{ "2025-03-11", "", SC_EINVAL, false, "offered_on", "The offer date cannot be in the future." },
		{ "2025-02-28", "", SC_EINVAL, false, "offered_on", "The offer date cannot be before the referral date." },
		{ "2025-03-05", "2025-03-04", SC_EINVAL, false, "answer_by", "The answer date cannot be before the offer date." },
		{ "2025-03-05", "soon", SC_EINVAL, false, "answer_by", R_DATE },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date offered, answer;
		bool has = !rows[i].has_answer;
		struct field_errors e;
		int rc = offer_validate(rows[i].offered, rows[i].answer, D(2025, 3, 1), TODAY, &offered,
					&answer, &has, &e);
		if (rc != rows[i].rc)
			fail_msg("row %zu: rc %d", i, rc);
		assert_int_equal(has, rows[i].has_answer);
		if (rows[i].field != NULL) {
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], rows[i].field);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
}

static void
test_text_and_weeks(void **state)
{
	(void)state;
	const char *why = NULL;
	char a[] = "  fine  ";
	char *p = a;
	assert_int_equal(intake_text_validate(&p, 10, true, false, &why), 0);
	assert_string_equal(p, "fine");
	char *n = NULL;
	assert_int_equal(intake_text_validate(&n, 10, false, false, &why), 0);
	assert_string_equal(n, "");
	n = NULL;
	assert_int_equal(intake_text_validate(&n, 10, true, false, &why), SC_EINVAL);
	assert_string_equal(why, R_REQ);
	char tab[] = "a\tb";
	p = tab;
	assert_int_equal(intake_text_validate(&p, 10, false, false, &why), SC_EINVAL);
	p = tab;
	assert_int_equal(intake_text_validate(&p, 10, false, true, &why), 0);
	char del[] = "a\x7f";
	p = del;
	assert_int_equal(intake_text_validate(&p, 10, false, true, &why), SC_EINVAL);
	char over[] = "\xc0\xaf";   /* overlong '/' */
	p = over;
	assert_int_equal(intake_text_validate(&p, 10, false, true, &why), SC_EINVAL);
	char sur[] = "\xed\xa0\x80"; /* a surrogate */
	p = sur;
	assert_int_equal(intake_text_validate(&p, 10, false, true, &why), SC_EINVAL);
	char ok8[] = "Ærø ✓";
	p = ok8;
	assert_int_equal(intake_text_validate(&p, 20, false, false, &why), 0);
	char eleven[] = "12345678901";
	p = eleven;
	assert_int_equal(intake_text_validate(&p, 10, false, false, &why), SC_EINVAL);
	assert_string_equal(why, "This text is too long.");

	struct date d;
	assert_int_equal(intake_date_validate("2024-02-29", &d, &why), 0);
	assert_int_equal(intake_date_validate("2023-02-29", &d, &why), SC_EINVAL);
	assert_string_equal(why, R_DATE);
	assert_int_equal(intake_date_validate("", &d, &why), SC_EINVAL);
	assert_string_equal(why, R_REQ);
	assert_int_equal(intake_date_validate(NULL, &d, &why), SC_EINVAL);

	static const struct { int days, weeks; } rows[] = {
		{ -1, -1 }, { 0, 0 }, { 1, 1 }, { 7, 1 }, { 8, 2 }, { 14, 2 }, { 15, 3 }, { 364, 52 }, { 365, 53 },
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(intake_wait_weeks(rows[i].days), rows[i].weeks);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources_and_states),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_participant_status),
		cmocka_unit_test(test_referral_validate),
		cmocka_unit_test(test_referral_values),
		cmocka_unit_test(test_yes_no),
		cmocka_unit_test(test_eligibility_input),
		cmocka_unit_test(test_screening_decide),
		cmocka_unit_test(test_offer_validate),
		cmocka_unit_test(test_text_and_weeks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
