/*
 * test_intake.c — table-driven tests of referral sources and states, the
 * state machine, the referral as declared (each field read from form text,
 * valid and invalid rows with the words the form shows, and the rules the
 * types do not hold), the screening decision, the offer's dates, who may
 * be referred again, and the waiting list's places and waits
 * (src/domain/intake.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/enrolment.h"
#include "domain/intake.h"
#include "util/arena.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 10 };

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

/* ---- reading as a form does ---- */

/*
 * Reads a record as a form sends it: kv holds key, text, key, text ...
 * NULL-terminated (a key left out is sent empty), every field that is not
 * the product's is read, then the required ones are checked: what a
 * command gets.
 */
static void
read_form(struct fields fs, const char *const *kv, void *rec, struct arena *a, struct field_errors *e)
{
	memset(e, 0, sizeof *e);
	fields_clear(fs, rec);
	for (size_t i = 0; i < fs.n; i++) {
		if (fs.f[i].flags & FF_OUT)
			continue;
		const char *text = "";
		for (size_t k = 0; kv[k] != NULL; k += 2)
			if (strcmp(kv[k], fs.f[i].key) == 0)
				text = kv[k + 1];
		field_read_text(&fs.f[i], text, rec, a, e);
	}
	fields_check_required(fs, rec, e);
}

/* Fails unless e holds exactly one error, under field, saying reason (or
 * none when field is NULL). */
static void
expect_one(const char *what, const struct field_errors *e, const char *field, const char *reason)
{
	if (field == NULL) {
		if (e->n != 0)
			fail_msg("%s: unexpected error %s: %s", what, e->field[0], e->reason[0]);
		return;
	}
	if (e->n != 1 || strcmp(e->field[0], field) != 0)
		fail_msg("%s: %d errors, first %s: %s", what, e->n, e->n ? e->field[0] : "-", e->n ? e->reason[0] : "-");
	assert_string_equal(e->reason[0], reason);
}

/* ---- the referral ---- */

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

/* Reads a referral from a row of form text and checks it as the command does. */
static void
read_referral(struct arena *a, const struct form_row *r, struct referral *in, struct field_errors *e)
{
	const char *const kv[] = {
		"source", r->source, "referred_on", r->referred_on, "referrer", r->referrer, "reason", r->reason,
		"planned_start", r->planned_start, "in_qualification", r->inq, "in_introduction", r->inint,
		"lawful_residence", r->lawful, "priority", r->priority, NULL,
	};
	read_form(referral_fields, kv, in, a, e);
	referral_new_check(in, TODAY, e);
}

static void
test_referral_rows(void **state)
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
		{ "bad referral date", "nav", "2025-02-30", "", "r", "2025-08-18", "no", "no", "yes", "", "referred_on",
		  "%s is not a date: February %s has %s days." },
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
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct referral in;
		struct field_errors e;
		read_referral(a, &rows[i], &in, &e);
		expect_one(rows[i].what, &e, rows[i].field, rows[i].reason_text);
	}
	arena_free(a);
}

static void
test_referral_values(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct form_row row = { "values", " intro ", "2025-03-01", "  Kari (NAV) ", " Wants work ", "2025-08-18",
				      "no", "no", "yes", "", NULL, NULL };
	struct referral in;
	struct field_errors e;
	read_referral(a, &row, &in, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(in.source, REFERRAL_INTRO);
	assert_int_equal(date_cmp(in.referred_on, D(2025, 3, 1)), 0);
	assert_string_equal(in.referrer, "Kari (NAV)");
	assert_string_equal(in.reason, "Wants work");
	assert_int_equal(date_cmp(in.planned_start, D(2025, 8, 18)), 0);
	assert_int_equal(in.in_qualification, 0);
	assert_int_equal(in.in_introduction, 0);
	assert_int_equal(in.lawful_residence, 1);
	/* a priority not given is the default one */
	assert_int_equal(in.priority, REFERRAL_DEFAULT_PRIORITY);

	/* Every field empty: every required one, each under its own key. */
	const struct form_row none = { "none", "", "", "", "", "", "", "", "", "", NULL, NULL };
	read_referral(a, &none, &in, &e);
	static const char *const keys[] = { "source", "referred_on", "reason", "planned_start",
		"in_qualification", "in_introduction", "lawful_residence" };
	assert_int_equal(e.n, (int)NELEM(keys));
	for (size_t i = 0; i < NELEM(keys); i++)
		assert_non_null(field_error_of(&e, keys[i]));
	assert_null(field_error_of(&e, "referrer"));
	assert_null(field_error_of(&e, "priority"));

	/* The fields the product keeps are not read from a form. */
	for (size_t i = 0; i < referral_fields.n; i++) {
		const char *k = referral_fields.f[i].key;
		bool out = strcmp(k, "id") == 0 || strcmp(k, "participant_id") == 0 || strcmp(k, "given_name") == 0 ||
			   strcmp(k, "family_name") == 0 || strcmp(k, "state") == 0 || strcmp(k, "offered_on") == 0 ||
			   strcmp(k, "answer_by") == 0 || strcmp(k, "version") == 0;
		assert_int_equal((referral_fields.f[i].flags & FF_OUT) != 0, out);
	}
	arena_free(a);
}

/* The yes/no answers as a form sends them. */
static void
test_yes_no(void **state)
{
	(void)state;
	static const struct { const char *s; int v; bool error; } rows[] = {
		{ "yes", 1, false }, { "1", 1, false }, { "true", 1, false }, { "on", 1, false }, { " yes", 1, false },
		{ "no", 0, false }, { "0", 0, false }, { "false", 0, false }, { "off", 0, false },
		{ "", -1, false }, { "YES", -1, true }, { "2", -1, true }, { "maybe", -1, true },
	};
	struct arena *a = arena_new();
	const struct field *f = fields_find(referral_fields, "lawful_residence");
	assert_non_null(f);
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct referral in;
		struct field_errors e = {0};
		fields_clear(referral_fields, &in);
		field_read_text(f, rows[i].s, &in, a, &e);
		assert_int_equal(in.lawful_residence, rows[i].v);
		assert_int_equal(e.n, rows[i].error ? 1 : 0);
		if (rows[i].error)
			assert_string_equal(e.reason[0], R_YN);
	}
	arena_free(a);
}

/* Who may be referred again. */
static void
test_refusal(void **state)
{
	(void)state;
	assert_null(referral_refusal(false, false));
	assert_string_equal(referral_refusal(true, false), "This participant already has an open referral.");
	assert_string_equal(referral_refusal(true, true), "This participant already has an open referral.");
	assert_string_equal(referral_refusal(false, true), "This participant is already enrolled in the programme.");
	static const struct { const char *status; bool current; } rows[] = {
		{ "active", true }, { "paused", true }, { "registered", false }, { "referred", false },
		{ "waiting", false }, { "offered", false }, { "exited", false }, { "closed", false }, { "", false },
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(enrolment_current(rows[i].status), rows[i].current);
	assert_false(enrolment_current(NULL));
}

/* ---- screening ---- */

static void
test_eligibility_input(void **state)
{
	(void)state;
	struct referral r;
	fields_clear(referral_fields, &r);
	fields_clear(referral_person_fields, &r);
	r.birth_date = D(1990, 5, 1);
	r.intro_ended = D(2022, 6, 30);
	r.planned_start = D(2025, 8, 18);
	r.in_qualification = 1;
	r.in_introduction = 0;
	r.lawful_residence = 1;
	struct eligibility_input in;
	assert_int_equal(referral_eligibility_input(&r, &in), 0);
	assert_int_equal(date_cmp(in.birth, D(1990, 5, 1)), 0);
	assert_true(in.intro_ended_known);
	assert_int_equal(date_cmp(in.intro_ended, D(2022, 6, 30)), 0);
	assert_true(in.in_qualification_programme);
	assert_false(in.in_introduction_programme);
	assert_true(in.lawful_residence);
	r.intro_ended = (struct date){0, 0, 0};
	assert_int_equal(referral_eligibility_input(&r, &in), 0);
	assert_false(in.intro_ended_known);
	r.intro_ended = D(2020, 2, 30);
	assert_int_equal(referral_eligibility_input(&r, &in), SC_EINVAL);
	r.intro_ended = (struct date){0, 0, 0};
	r.birth_date = D(1990, 13, 1);
	assert_int_equal(referral_eligibility_input(&r, &in), SC_EINVAL);
	r.birth_date = D(1990, 5, 1);
	r.planned_start = (struct date){0, 0, 0};
	assert_int_equal(referral_eligibility_input(&r, &in), SC_EINVAL);
}

/* Screens a person with the given facts and overrides. */
static bool
decide(struct date birth, struct date intro, bool inq, bool lawful, struct screening *s, bool leader,
       enum referral_state *next, struct field_errors *e)
{
	struct referral r;
	fields_clear(referral_fields, &r);
	fields_clear(referral_person_fields, &r);
	r.birth_date = birth;
	r.intro_ended = intro;
	r.planned_start = D(2025, 8, 18);
	r.in_qualification = inq;
	r.in_introduction = 0;
	r.lawful_residence = lawful;
	struct eligibility_input in;
	struct eligibility_result res;
	assert_int_equal(referral_eligibility_input(&r, &in), 0);
	assert_int_equal(eligibility_screen(&in, &res), 0);
	memset(e, 0, sizeof *e);
	return screening_decide(&res, s, leader, next, e);
}

/* A screening as the form sends it: for each rule "on"/reason pairs. */
static void
overrides(struct arena *a, struct screening *s, const char *const *kv)
{
	struct field_errors e;
	read_form(screening_fields, kv, s, a, &e);
	assert_int_equal(e.n, 0);
}

static void
test_screening_decide(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	enum referral_state next = REFERRAL_NEW;
	struct field_errors e;
	const struct date born = D(1990, 5, 1), child = D(2010, 5, 1), long_ago = D(2022, 6, 30),
			  recently = D(2024, 6, 30), none = {0, 0, 0};

	/* every rule passes: waiting, overrides not needed */
	assert_true(decide(born, long_ago, false, true, NULL, true, &next, &e));
	assert_int_equal(next, REFERRAL_WAITING);

	/* intro ended too recently, no override: ineligible */
	assert_true(decide(born, recently, false, true, NULL, true, &next, &e));
	assert_int_equal(next, REFERRAL_INELIGIBLE);

	/* overridden with a reason (trimmed as read): waiting */
	struct screening s;
	overrides(a, &s, (const char *const[]){"override_intro_ended", "yes", "override_reason_intro_ended",
					       "  Did not finish the programme; NAV agrees  ", NULL});
	assert_true(decide(born, recently, false, true, &s, true, &next, &e));
	assert_int_equal(next, REFERRAL_WAITING);
	assert_string_equal(s.reason[ELIG_INTRO_ENDED], "Did not finish the programme; NAV agrees");

	/* two rules fail, one overridden: still ineligible */
	assert_true(decide(born, recently, true, true, &s, true, &next, &e));
	assert_int_equal(next, REFERRAL_INELIGIBLE);

	/* override without a reason: an error under the rule's name */
	overrides(a, &s, (const char *const[]){"override_intro_ended", "yes", "override_reason_intro_ended", "   ",
					       NULL});
	assert_false(decide(born, recently, false, true, &s, true, &next, &e));
	assert_int_equal(next, REFERRAL_INELIGIBLE);
	expect_one("override without reason", &e, "intro_ended", "Give the reason for overriding this rule.");

	/* a reason not given counts as none */
	fields_clear(screening_fields, &s);
	s.override[ELIG_AGE] = 1;
	s.reason[ELIG_AGE] = NULL;
	assert_false(decide(child, long_ago, false, true, &s, true, &next, &e));
	assert_string_equal(e.field[0], "age");

	/* not a leader: may not override */
	overrides(a, &s, (const char *const[]){"override_lawful_residence", "yes", "override_reason_lawful_residence",
					       "reason", NULL});
	assert_false(decide(born, long_ago, false, false, &s, false, &next, &e));
	expect_one("not a leader", &e, "lawful_residence", "Only a programme leader may override a rule.");

	/* an override of a rule that passed is dropped */
	overrides(a, &s, (const char *const[]){"override_age", "yes", "override_reason_age", "not needed", NULL});
	assert_true(decide(born, long_ago, false, true, &s, true, &next, &e));
	assert_int_equal(next, REFERRAL_WAITING);
	assert_int_equal(s.override[ELIG_AGE], 0);

	/* every rule fails, every one overridden: waiting */
	overrides(a, &s, (const char *const[]){"override_age", "yes", "override_reason_age", "a",
					       "override_intro_ended", "yes", "override_reason_intro_ended", "b",
					       "override_not_enrolled", "yes", "override_reason_not_enrolled", "c",
					       "override_lawful_residence", "yes", "override_reason_lawful_residence", "d",
					       NULL});
	assert_true(decide(child, none, true, false, &s, true, &next, &e));
	assert_int_equal(next, REFERRAL_WAITING);

	/* an override reason too long, as read */
	char *big = malloc(INTAKE_NOTE_MAX + 2);
	memset(big, 'y', INTAKE_NOTE_MAX + 1);
	big[INTAKE_NOTE_MAX + 1] = '\0';
	fields_clear(screening_fields, &s);
	memset(&e, 0, sizeof e);
	assert_false(field_read_text(screening_reason_field(ELIG_AGE), big, &s, a, &e));
	expect_one("reason too long", &e, "override_reason_age", "This text is too long.");
	free(big);
	assert_null(screening_reason_field(ELIG_NRULES));
	arena_free(a);
}

/* ---- offer ---- */

static void
test_offer(void **state)
{
	(void)state;
	static const struct {
		const char *offered, *answer;
		bool has_answer;
		const char *field, *reason;
	} rows[] = {
		{ "2025-03-10", "", false, NULL, NULL },
		{ "2025-03-01", "2025-03-01", true, NULL, NULL },
		{ "2025-03-05", "2025-04-01", true, NULL, NULL },
		{ "", "", false, "offered_on", R_REQ },
		{ "10.03.2025", "", false, "offered_on", R_DATE },
		{ "2025-03-11", "", false, "offered_on", "The offer date cannot be in the future." },
		{ "2025-02-28", "", false, "offered_on", "The offer date cannot be before the referral date." },
		{ "2025-03-05", "2025-03-04", true, "answer_by", "The answer date cannot be before the offer date." },
		{ "2025-03-05", "soon", false, "answer_by", R_DATE },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct referral_offer o;
		struct field_errors e;
		read_form(referral_offer_fields, (const char *const[]){"offered_on", rows[i].offered, "answer_by",
									 rows[i].answer, NULL}, &o, a, &e);
		referral_offer_check(&o, D(2025, 3, 1), TODAY, &e);
		char what[32];
		snprintf(what, sizeof what, "offer row %zu", i);
		expect_one(what, &e, rows[i].field, rows[i].reason);
		assert_int_equal(o.answer_by.y != 0, rows[i].has_answer);
	}
	arena_free(a);
}

/* An acceptance: the period's start and a contact person. */
static void
test_accept(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct enrolment_start in;
	struct field_errors e;
	read_form(enrolment_start_fields, (const char *const[]){"start_date", "2025-03-10", "contact_id", "7", NULL},
		  &in, a, &e);
	assert_true(referral_accept_check(&in, D(2025, 3, 1), TODAY, &e));
	assert_int_equal(in.contact_id, 7);
	assert_int_equal(date_cmp(in.planned_end, D(2027, 3, 10)), 0);
	read_form(enrolment_start_fields, (const char *const[]){"start_date", "2025-03-10", NULL}, &in, a, &e);
	assert_false(referral_accept_check(&in, D(2025, 3, 1), TODAY, &e));
	expect_one("no contact person", &e, "contact_id", "Choose a contact person.");
	read_form(enrolment_start_fields, (const char *const[]){"start_date", "2025-03-10", "contact_id", "kari", NULL},
		  &in, a, &e);
	expect_one("not an id", &e, "contact_id", "Choose a contact person from the list.");
	arena_free(a);
}

/* A priority change. */
static void
test_priority(void **state)
{
	(void)state;
	static const struct { const char *text; int64_t v; bool ok; } rows[] = {
		{ "1", 1, true }, { "9", 9, true }, { " 5 ", 5, true },
		{ "", FIELD_NONE, false }, { "0", FIELD_NONE, false }, { "10", FIELD_NONE, false }, { "x", FIELD_NONE, false },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct referral_priority p;
		struct field_errors e;
		read_form(referral_priority_fields, (const char *const[]){"priority", rows[i].text, NULL}, &p, a, &e);
		assert_int_equal(p.priority, rows[i].v);
		expect_one(rows[i].text, &e, rows[i].ok ? NULL : "priority", R_PRIO);
	}
	arena_free(a);
}

/* ---- the waiting list ---- */

static void
test_waitlist_places(void **state)
{
	(void)state;
	struct waitlist_row rows[4];
	for (size_t i = 0; i < NELEM(rows); i++) {
		fields_clear(waitlist_row_fields, &rows[i]);
		rows[i].referred_on = D(2025, 2, 1);
	}
	rows[3].referred_on = D(2025, 3, 20);   /* referred after today */
	/* Page two (places 3..6), one free place, two planned exits. */
	const struct date exits[] = { D(2025, 3, 1), D(2025, 4, 10) };
	waitlist_page_fill(rows, NELEM(rows), 2, 1, exits, NELEM(exits), TODAY);
	assert_int_equal(rows[0].place, 3);
	assert_int_equal(rows[3].place, 6);
	assert_int_equal(rows[0].waited_days, 37);
	assert_int_equal(rows[3].waited_days, 0);
	/* place 3 waits for the second exit (the first frees place 2) */
	assert_int_equal(rows[0].expected_wait_days, 31);
	assert_int_equal(rows[1].expected_wait_days, FIELD_NONE);
	/* Enough free places: now. */
	waitlist_page_fill(rows, 2, 0, 5, NULL, 0, TODAY);
	assert_int_equal(rows[0].place, 1);
	assert_int_equal(rows[0].expected_wait_days, 0);
	assert_int_equal(rows[1].expected_wait_days, 0);
	/* An exit planned before today counts as today. */
	waitlist_page_fill(rows, 1, 0, 0, exits, 1, TODAY);
	assert_int_equal(rows[0].expected_wait_days, 0);
	/* The export's columns are fields of a row. */
	for (size_t i = 0; waitlist_export_keys[i] != NULL; i++)
		assert_non_null(fields_find(waitlist_row_fields, waitlist_export_keys[i]));

	static const struct { int days, weeks; } weeks[] = {
		{ -1, -1 }, { 0, 0 }, { 1, 1 }, { 7, 1 }, { 8, 2 }, { 14, 2 }, { 15, 3 }, { 364, 52 }, { 365, 53 },
	};
	for (size_t i = 0; i < NELEM(weeks); i++)
		assert_int_equal(intake_wait_weeks(weeks[i].days), weeks[i].weeks);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources_and_states),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_participant_status),
		cmocka_unit_test(test_referral_rows),
		cmocka_unit_test(test_referral_values),
		cmocka_unit_test(test_yes_no),
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_eligibility_input),
		cmocka_unit_test(test_screening_decide),
		cmocka_unit_test(test_offer),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_waitlist_places),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
