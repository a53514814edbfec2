/*
 * test_eligibility.c — table-driven tests of the intake screening rules
 * (src/domain/eligibility.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/eligibility.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char R_YOUNG[] = "must be at least 18 years old at the planned start";
static const char R_OLD[] = "must be at most 55 years old at the planned start";
static const char R_UNBORN[] = "the birth date is after the planned start";
static const char R_UNKNOWN[] = "date the introduction programme ended is not known";
static const char R_RECENT[] = "the introduction programme ended less than two years before the planned start";
static const char R_QP[] = "is enrolled in the qualification programme";
static const char R_IP[] = "is enrolled in the introduction programme";
static const char R_RES[] = "lawful residence is not confirmed";

/* A person who passes every rule, starting 2025-08-18. */
static struct eligibility_input
base(void)
{
	return (struct eligibility_input){
		.birth = D(1990, 5, 1),
		.planned_start = D(2025, 8, 18),
		.intro_ended = D(2022, 6, 30),
		.intro_ended_known = true,
		.lawful_residence = true,
	};
}

/* One row changes the base person and names the rule expected to fail (or
 * ELIG_NRULES for "all pass") and its reason. */
struct row {
	const char *what;
	struct date birth;		/* {0} keeps the base value */
	struct date start;
	struct date intro;
	int intro_unknown, in_qp, in_ip, no_residence;
	enum eligibility_rule failing;
	const char *reason;
};

static const struct row rows[] = {
	{ "base", .failing = ELIG_NRULES },
	/* age, start 2025-08-18 */
	{ "18 today", .birth = D(2007, 8, 18), .failing = ELIG_NRULES },
	{ "18 tomorrow", .birth = D(2007, 8, 19), .failing = ELIG_AGE, .reason = R_YOUNG },
	{ "55 today", .birth = D(1970, 8, 18), .failing = ELIG_NRULES },
	{ "55, 56 tomorrow", .birth = D(1969, 8, 19), .failing = ELIG_NRULES },
	{ "56 today", .birth = D(1969, 8, 18), .failing = ELIG_AGE, .reason = R_OLD },
	{ "not born", .birth = D(2025, 8, 19), .failing = ELIG_AGE, .reason = R_UNBORN },
	{ "leap-day birth, 18 on 1 March", .birth = D(2004, 2, 29), .start = D(2022, 3, 1),
	  .intro = D(2020, 1, 1), .failing = ELIG_NRULES },
	{ "leap-day birth, 17 on 28 February", .birth = D(2004, 2, 29), .start = D(2022, 2, 28),
	  .intro = D(2020, 1, 1), .failing = ELIG_AGE, .reason = R_YOUNG },
	/* introduction programme ended */
	{ "exactly two years", .intro = D(2023, 8, 18), .failing = ELIG_NRULES },
	{ "two years minus a day", .intro = D(2023, 8, 19), .failing = ELIG_INTRO_ENDED, .reason = R_RECENT },
	{ "ended after the start", .intro = D(2025, 9, 1), .failing = ELIG_INTRO_ENDED, .reason = R_RECENT },
	{ "unknown", .intro_unknown = 1, .failing = ELIG_INTRO_ENDED, .reason = R_UNKNOWN },
	{ "start on leap day, ended 28 Feb two years before", .start = D(2028, 2, 29),
	  .intro = D(2026, 2, 28), .failing = ELIG_NRULES },
	{ "start on leap day, ended 1 March two years before", .start = D(2028, 2, 29),
	  .intro = D(2026, 3, 1), .failing = ELIG_INTRO_ENDED, .reason = R_RECENT },
	/* enrolment and residence */
	{ "in qualification programme", .in_qp = 1, .failing = ELIG_NOT_ENROLLED, .reason = R_QP },
	{ "in introduction programme", .in_ip = 1, .failing = ELIG_NOT_ENROLLED, .reason = R_IP },
	{ "no lawful residence", .no_residence = 1, .failing = ELIG_LAWFUL_RESIDENCE, .reason = R_RES },
};

static bool
is_zero(struct date dt)
{
	return dt.y == 0 && dt.m == 0 && dt.d == 0;
}

static void
test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const struct row *r = &rows[i];
		struct eligibility_input in = base();
		if (!is_zero(r->birth))
			in.birth = r->birth;
		if (!is_zero(r->start))
			in.planned_start = r->start;
		if (!is_zero(r->intro))
			in.intro_ended = r->intro;
		if (r->intro_unknown) {
			in.intro_ended_known = false;
			in.intro_ended = (struct date){ 0, 0, 0 };	/* ignored */
		}
		in.in_qualification_programme = r->in_qp;
		in.in_introduction_programme = r->in_ip;
		in.lawful_residence = !r->no_residence;

		struct eligibility_result res;
		assert_int_equal(eligibility_screen(&in, &res), 0);
		assert_int_equal(res.nrules, ELIG_NRULES);
		if (res.eligible != (r->failing == ELIG_NRULES))
			fail_msg("%s: eligible = %d", r->what, res.eligible);
		for (int k = 0; k < res.nrules; k++) {
			const struct rule_result *rr = &res.rules[k];
			assert_int_equal(rr->rule, k);
			if ((int)r->failing == k) {
				if (rr->pass)
					fail_msg("%s: rule %s passed", r->what,
					    eligibility_rule_name(rr->rule));
				assert_non_null(rr->reason);
				assert_string_equal(rr->reason, r->reason);
			} else {
				if (!rr->pass)
					fail_msg("%s: rule %s failed: %s", r->what,
					    eligibility_rule_name(rr->rule), rr->reason);
				assert_null(rr->reason);
			}
		}
	}
}

/* Every rule is judged even when another fails. */
static void
test_all_fail(void **state)
{
	(void)state;
	struct eligibility_input in = {
		.birth = D(2010, 1, 1),
		.planned_start = D(2025, 1, 1),
		.intro_ended_known = false,
		.in_qualification_programme = true,
		.in_introduction_programme = true,
		.lawful_residence = false,
	};
	struct eligibility_result res;
	assert_int_equal(eligibility_screen(&in, &res), 0);
	assert_false(res.eligible);
	assert_int_equal(res.nrules, 4);
	static const char *const want[] = { R_YOUNG, R_UNKNOWN, R_QP, R_RES };
	for (int k = 0; k < 4; k++) {
		assert_false(res.rules[k].pass);
		assert_string_equal(res.rules[k].reason, want[k]);
	}
}

static void
test_invalid_dates(void **state)
{
	(void)state;
	static const struct { struct date birth, start, intro; bool known; } rows_bad[] = {
		{ D(2023, 2, 29), D(2025, 1, 1), D(2020, 1, 1), true },
		{ D(1990, 1, 1), D(2025, 13, 1), D(2020, 1, 1), true },
		{ D(1990, 1, 1), D(2025, 1, 1), D(2020, 4, 31), true },
		{ D(0, 0, 0), D(2025, 1, 1), D(2020, 1, 1), false },
	};
	for (size_t i = 0; i < NELEM(rows_bad); i++) {
		struct eligibility_input in = base();
		in.birth = rows_bad[i].birth;
		in.planned_start = rows_bad[i].start;
		in.intro_ended = rows_bad[i].intro;
		in.intro_ended_known = rows_bad[i].known;
		struct eligibility_result res;
		memset(&res, 0x5a, sizeof res);
		assert_int_equal(eligibility_screen(&in, &res), SC_EINVAL);
		assert_false(res.eligible);
		assert_int_equal(res.nrules, 0);
	}
	/* an invalid intro date is ignored when not known */
	struct eligibility_input in = base();
	in.intro_ended = D(2020, 4, 31);
	in.intro_ended_known = false;
	struct eligibility_result res;
	assert_int_equal(eligibility_screen(&in, &res), 0);
	assert_false(res.rules[ELIG_INTRO_ENDED].pass);
}

static void
test_names(void **state)
{
	(void)state;
	static const char *const names[] = { "age", "intro_ended", "not_enrolled", "lawful_residence" };
	for (int k = 0; k < ELIG_NRULES; k++) {
		assert_string_equal(eligibility_rule_name((enum eligibility_rule)k), names[k]);
		assert_non_null(eligibility_rule_label((enum eligibility_rule)k));
	}
	assert_null(eligibility_rule_name(ELIG_NRULES));
	assert_null(eligibility_rule_label(ELIG_NRULES));
	assert_null(eligibility_rule_name((enum eligibility_rule)-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_all_fail),
		cmocka_unit_test(test_invalid_dates),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
