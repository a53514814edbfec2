/*
 * test_placement.c — a placement's derived status (src/domain/placement.c)
 * for every combination of terms, approvals and dates; the order of
 * approvals; the lock on terms; ending early; the terms' own rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/placement.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

/* Every term present: 2027-02-01 to 2027-04-30. */
static struct placement_facts
full(void)
{
	return (struct placement_facts){
		.has_supervisor = true, .has_follow_up = true, .has_start = true, .has_end = true,
		.starts_on = D("2027-02-01"), .ends_on = D("2027-04-30"),
		.has_hours = true, .has_days = true, .has_tasks = true,
	};
}

static void
test_terms(void **state)
{
	(void)state;
	struct placement_facts f = {0};
	assert_int_equal(placement_terms_present(&f), 0);
	assert_int_equal(placement_status(&f, D("2027-01-01")), PLACEMENT_PROPOSED);
	/* each term alone makes it negotiating; all but each one too */
	for (int t = 0; t < PLACEMENT_TERMS; t++) {
		struct placement_facts one = {0}, all_but = full();
		bool *one_terms[] = {&one.has_supervisor, &one.has_follow_up, &one.has_start, &one.has_end,
				     &one.has_hours, &one.has_days, &one.has_tasks};
		bool *but_terms[] = {&all_but.has_supervisor, &all_but.has_follow_up, &all_but.has_start,
				     &all_but.has_end, &all_but.has_hours, &all_but.has_days, &all_but.has_tasks};
		*one_terms[t] = true;
		*but_terms[t] = false;
		assert_int_equal(placement_terms_present(&one), 1);
		assert_int_equal(placement_terms_present(&all_but), PLACEMENT_TERMS - 1);
		assert_int_equal(placement_status(&one, D("2027-01-01")), PLACEMENT_NEGOTIATING);
		/* approvals do not count without every term (they cannot be
		 * given, and a stale one does not make it agreed) */
		all_but.approved[0] = all_but.approved[1] = all_but.approved[2] = true;
		assert_int_equal(placement_status(&all_but, D("2027-03-01")), PLACEMENT_NEGOTIATING);
	}
}

static void
test_every_combination(void **state)
{
	(void)state;
	static const char *const days[] = {"2027-01-31", "2027-02-01", "2027-03-15", "2027-04-30", "2027-05-01"};
	/* want[approvals][day]: approvals as bits employer 1, participant 2,
	 * centre 4 */
	static const enum placement_status agreed_row[] = {
		PLACEMENT_AGREED, PLACEMENT_ACTIVE, PLACEMENT_ACTIVE, PLACEMENT_ACTIVE, PLACEMENT_COMPLETED,
	};
	for (int bits = 0; bits < 8; bits++) {
		for (size_t d = 0; d < NELEM(days); d++) {
			for (int ended = 0; ended < 2; ended++) {
				struct placement_facts f = full();
				f.approved[PARTY_EMPLOYER] = bits & 1;
				f.approved[PARTY_PARTICIPANT] = bits & 2;
				f.approved[PARTY_CENTRE] = bits & 4;
				f.ended_early = ended;
				enum placement_status want = ended   ? PLACEMENT_ENDED_EARLY
							     : bits == 7 ? agreed_row[d]
									 : PLACEMENT_AWAITING_APPROVAL;
				enum placement_status got = placement_status(&f, D(days[d]));
				if (got != want)
					fail_msg("approvals %d, %s, ended %d: %s, want %s", bits, days[d], ended,
						 placement_status_options[got].key, placement_status_options[want].key);
			}
		}
	}
	/* a one-day placement is active on its day */
	struct placement_facts f = full();
	f.starts_on = f.ends_on = D("2027-02-01");
	f.approved[0] = f.approved[1] = f.approved[2] = true;
	assert_int_equal(placement_status(&f, D("2027-01-31")), PLACEMENT_AGREED);
	assert_int_equal(placement_status(&f, D("2027-02-01")), PLACEMENT_ACTIVE);
	assert_int_equal(placement_status(&f, D("2027-02-02")), PLACEMENT_COMPLETED);
}

static void
test_approval_order(void **state)
{
	(void)state;
	struct placement_facts f = full();
	/* the centre cannot go first, nor second */
	assert_string_equal(placement_approval_refusal(&f, PARTY_CENTRE),
			    "The centre approves last, after the employer and the participant.");
	assert_null(placement_approval_refusal(&f, PARTY_PARTICIPANT));
	f.approved[PARTY_PARTICIPANT] = true;
	assert_string_equal(placement_approval_refusal(&f, PARTY_PARTICIPANT), "This party has approved already.");
	assert_string_equal(placement_approval_refusal(&f, PARTY_CENTRE),
			    "The centre approves last, after the employer and the participant.");
	assert_null(placement_approval_refusal(&f, PARTY_EMPLOYER));
	f.approved[PARTY_EMPLOYER] = true;
	assert_null(placement_approval_refusal(&f, PARTY_CENTRE));
	f.approved[PARTY_CENTRE] = true;
	assert_string_equal(placement_approval_refusal(&f, PARTY_CENTRE), "This party has approved already.");

	/* employer and participant in either order */
	struct placement_facts g = full();
	assert_null(placement_approval_refusal(&g, PARTY_EMPLOYER));

	/* not without every term, not after ending, not an unknown party */
	struct placement_facts h = full();
	h.has_tasks = false;
	assert_string_equal(placement_approval_refusal(&h, PARTY_EMPLOYER),
			    "Fill in every required term before approving.");
	h = full();
	h.ended_early = true;
	assert_string_equal(placement_approval_refusal(&h, PARTY_EMPLOYER), "This placement has ended.");
	assert_string_equal(placement_approval_refusal(&g, (enum placement_party)3),
			    "Choose the employer, the participant or the centre.");
}

static void
test_lock_and_end(void **state)
{
	(void)state;
	struct placement_facts f = full();
	assert_true(placement_terms_open(&f));
	for (int p = 0; p < PARTY_COUNT; p++) {
		struct placement_facts g = full();
		g.approved[p] = true;
		assert_false(placement_terms_open(&g));
	}
	f.ended_early = true;
	assert_false(placement_terms_open(&f));

	/* ending early: from proposed to active, not once completed or ended */
	struct placement_facts none = {0};
	assert_null(placement_end_refusal(&none, D("2027-01-01")));
	struct placement_facts a = full();
	a.approved[0] = a.approved[1] = a.approved[2] = true;
	assert_null(placement_end_refusal(&a, D("2027-01-15")));
	assert_null(placement_end_refusal(&a, D("2027-04-30")));
	assert_string_equal(placement_end_refusal(&a, D("2027-05-01")),
			    "This placement is completed: its end date has passed.");
	a.ended_early = true;
	assert_string_equal(placement_end_refusal(&a, D("2027-03-01")), "This placement has ended already.");
}

static void
test_terms_check(void **state)
{
	(void)state;
	static const struct {
		const char *start, *end;
		int hours, days;
		const char *key, *reason;
	} rows[] = {
		{"2027-02-01", "2027-04-30", 30, 4, NULL, NULL},
		{"2027-02-01", "2027-02-01", 8, 1, NULL, NULL},
		{"2027-02-01", "2027-01-31", 30, 4, "ends_on", "The end date is on or after the start date."},
		{"2027-02-01", "2027-04-30", 0, 4, "hours_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 41, 5, "hours_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 40, 5, NULL, NULL},
		{"2027-02-01", "2027-04-30", 20, 0, "days_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 20, 6, "days_per_week", "Write a whole number from %lld to %lld."},
		{"2027-02-01", "2027-04-30", 25, 3, "hours_per_week", "At most %lld hours a week on %lld days."},
		{"2027-02-01", "2027-04-30", 24, 3, NULL, NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct placement_facts f = full();
		f.starts_on = D(rows[i].start);
		f.ends_on = D(rows[i].end);
		struct field_errors e = {0};
		bool ok = placement_terms_check(&f, rows[i].hours, rows[i].days, &e);
		if (rows[i].key == NULL) {
			if (!ok)
				fail_msg("row %zu refused: %s %s", i, e.field[0], e.reason[0]);
			continue;
		}
		if (ok || e.n != 1)
			fail_msg("row %zu: %d errors, want 1", i, e.n);
		assert_string_equal(e.field[0], rows[i].key);
		assert_string_equal(e.reason[0], rows[i].reason);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_every_combination),
		cmocka_unit_test(test_approval_order),
		cmocka_unit_test(test_lock_and_end),
		cmocka_unit_test(test_terms_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
