/*
 * test_caseload.c — table-driven tests of caseload caps and the waiting list
 * (src/domain/caseload.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/caseload.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char R_FULL[] = "the contact person's caseload is full";
static const char R_CAP[] = "the caseload cap must be between 1 and 60";
static const char R_NEG[] = "the number of active participants cannot be negative";

static void
test_can_assign(void **state)
{
	static const struct { int active, cap, rc; const char *reason; } rows[] = {
		{ 0, CASELOAD_DEFAULT_CAP, 0, NULL },
		{ 17, 18, 0, NULL },
		{ 18, 18, SC_ELIMIT, R_FULL },
		{ 19, 18, SC_ELIMIT, R_FULL },	/* over cap after a cap was lowered */
		{ 0, 1, 0, NULL },
		{ 1, 1, SC_ELIMIT, R_FULL },
		{ 59, 60, 0, NULL },
		{ 60, 60, SC_ELIMIT, R_FULL },
		{ 0, 0, SC_EINVAL, R_CAP },
		{ 0, 61, SC_EINVAL, R_CAP },
		{ 0, -1, SC_EINVAL, R_CAP },
		{ -1, 18, SC_EINVAL, R_NEG },
	};
	(void)state;
	assert_int_equal(CASELOAD_DEFAULT_CAP, 18);
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *reason = NULL;
		int rc = caseload_can_assign(rows[i].active, rows[i].cap, &reason);
		if (rc != rows[i].rc)
			fail_msg("active %d cap %d: rc %d", rows[i].active, rows[i].cap, rc);
		if (rows[i].reason == NULL)
			assert_null(reason);
		else
			assert_string_equal(reason, rows[i].reason);
	}
	assert_int_equal(caseload_can_assign(18, 18, NULL), SC_ELIMIT);
}

static void
test_can_assign_many(void **state)
{
	static const struct { int active, cap, more, rc, room; const char *reason; } rows[] = {
		{ 0, 18, 18, 0, 18, NULL },
		{ 13, 18, 5, 0, 5, NULL },	/* exactly fills the caseload */
		{ 15, 18, 5, SC_ELIMIT, 3, R_FULL },	/* "room for 3 more; you chose 5" */
		{ 18, 18, 1, SC_ELIMIT, 0, R_FULL },
		{ 18, 18, 0, 0, 0, NULL },	/* nothing that counts was chosen */
		{ 20, 18, 1, SC_ELIMIT, 0, R_FULL },	/* over the cap: no room, not negative */
		{ 0, 1, 1, 0, 1, NULL },
		{ 0, 1, 2, SC_ELIMIT, 1, R_FULL },
		{ 0, 0, 1, SC_EINVAL, -7, R_CAP },
		{ 0, 61, 1, SC_EINVAL, -7, R_CAP },
		{ -1, 18, 1, SC_EINVAL, -7, R_NEG },
		{ 0, 18, -1, SC_EINVAL, -7, R_NEG },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *reason = NULL;
		int room = -7;
		int rc = caseload_can_assign_many(rows[i].active, rows[i].cap, rows[i].more, &room, &reason);
		if (rc != rows[i].rc || room != rows[i].room)
			fail_msg("row %zu: rc %d room %d", i, rc, room);
		if (rows[i].reason == NULL)
			assert_null(reason);
		else
			assert_string_equal(reason, rows[i].reason);
	}
	assert_int_equal(caseload_can_assign_many(17, 18, 1, NULL, NULL), 0);
	assert_int_equal(caseload_can_assign_many(17, 18, 2, NULL, NULL), SC_ELIMIT);
}

static void
test_free_places_and_cap_check(void **state)
{
	static const struct { int active, cap, free_places; } fp[] = {
		{ 0, 18, 18 }, { 17, 18, 1 }, { 18, 18, 0 }, { 25, 18, 0 }, { 0, 1, 1 },
	};
	static const struct { int cap, active, rc; const char *reason; } rows[] = {
		{ 18, 0, 0, NULL },
		{ 12, 12, 0, NULL },	/* down to the current count */
		{ 11, 12, SC_ELIMIT, "the cap cannot be lower than the number of active participants" },
		{ 60, 59, 0, NULL },
		{ 1, 0, 0, NULL },
		{ 0, 0, SC_EINVAL, R_CAP },
		{ 61, 0, SC_EINVAL, R_CAP },
		{ -3, 5, SC_EINVAL, R_CAP },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(fp); i++)
		assert_int_equal(caseload_free_places(fp[i].active, fp[i].cap), fp[i].free_places);
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *reason = NULL;
		int rc = caseload_cap_check(rows[i].cap, rows[i].active, &reason);
		if (rc != rows[i].rc)
			fail_msg("cap %d active %d: rc %d", rows[i].cap, rows[i].active, rc);
		if (rows[i].reason == NULL)
			assert_null(reason);
		else
			assert_string_equal(reason, rows[i].reason);
	}
}

static void
test_cap_and_priority_validate(void **state)
{
	(void)state;
	static const struct { int v, rc; } caps[] = {
		{ 1, 0 }, { 18, 0 }, { 60, 0 }, { 0, SC_EINVAL }, { 61, SC_EINVAL }, { -5, SC_EINVAL },
	};
	for (size_t i = 0; i < NELEM(caps); i++)
		assert_int_equal(caseload_cap_validate(caps[i].v, NULL), caps[i].rc);
	static const struct { int v, rc; } prios[] = {
		{ 1, 0 }, { 5, 0 }, { 9, 0 }, { 0, SC_EINVAL }, { 10, SC_EINVAL }, { -1, SC_EINVAL },
	};
	for (size_t i = 0; i < NELEM(prios); i++) {
		const char *reason = NULL;
		assert_int_equal(waitlist_priority_validate(prios[i].v, &reason), prios[i].rc);
		if (prios[i].rc)
			assert_string_equal(reason, "the priority must be between 1 and 9");
	}
}

static void
test_compare(void **state)
{
	static const struct { struct waitlist_entry a, b; int want; } rows[] = {
		{ { 1, 1, D(2025, 1, 1) }, { 2, 2, D(2024, 1, 1) }, -1 },	/* priority wins */
		{ { 1, 3, D(2024, 1, 1) }, { 2, 2, D(2025, 1, 1) }, 1 },
		{ { 9, 2, D(2024, 1, 1) }, { 2, 2, D(2024, 1, 2) }, -1 },	/* then date */
		{ { 1, 2, D(2024, 3, 1) }, { 2, 2, D(2024, 2, 29) }, 1 },
		{ { 3, 2, D(2024, 1, 1) }, { 4, 2, D(2024, 1, 1) }, -1 },	/* then id */
		{ { 4, 2, D(2024, 1, 1) }, { 3, 2, D(2024, 1, 1) }, 1 },
		{ { 4, 2, D(2024, 1, 1) }, { 4, 2, D(2024, 1, 1) }, 0 },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(waitlist_compare(&rows[i].a, &rows[i].b), rows[i].want);
		assert_int_equal(waitlist_compare(&rows[i].b, &rows[i].a), -rows[i].want);
	}
}

static void
test_sort(void **state)
{
	struct waitlist_entry list[] = {
		{ 10, 3, D(2024, 1, 5) },
		{ 11, 1, D(2024, 6, 1) },
		{ 12, 2, D(2024, 2, 1) },
		{ 13, 1, D(2024, 3, 1) },
		{ 14, 2, D(2024, 2, 1) },
		{ 15, 1, D(2024, 3, 1) },
	};
	static const int64_t want[] = { 13, 15, 11, 12, 14, 10 };
	(void)state;
	qsort(list, NELEM(list), sizeof list[0], waitlist_qsort_cmp);
	for (size_t i = 0; i < NELEM(list); i++)
		assert_int_equal(list[i].id, want[i]);
}

static void
test_expected_wait(void **state)
{
	/* today 2025-03-10; exits out of order, one in the past, two on one day */
	static const struct date exits[] = {
		D(2025, 6, 30),		/* 112 days */
		D(2025, 3, 1),		/* past: counts as today, 0 */
		D(2025, 4, 9),		/* 30 days */
		D(2025, 6, 30),		/* 112 days */
		D(2025, 3, 11),		/* 1 day */
	};
	const struct date today = D(2025, 3, 10);
	static const struct { int place, free_places; size_t nexits; int want; } rows[] = {
		{ 1, 2, 5, 0 },		/* free places */
		{ 2, 2, 5, 0 },
		{ 3, 2, 5, 0 },		/* 1st exit (past one) */
		{ 4, 2, 5, 1 },		/* 2nd exit */
		{ 5, 2, 5, 30 },
		{ 6, 2, 5, 112 },
		{ 7, 2, 5, 112 },	/* the two on one day */
		{ 8, 2, 5, -1 },	/* not enough exits: unknown */
		{ 1, 0, 5, 0 },		/* no free place: first exit */
		{ 5, 0, 5, 112 },
		{ 6, 0, 5, -1 },
		{ 1, 0, 0, -1 },	/* nothing planned */
		{ 1, 1, 0, 0 },
		{ 1, 0, 1, 112 },	/* only the first exit counted */
		{ 0, 2, 5, SC_EINVAL },	/* places are 1-based */
		{ 1, -1, 5, SC_EINVAL },
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		int got = waitlist_expected_wait_days(rows[i].place, rows[i].free_places,
		    exits, rows[i].nexits, today);
		if (got != rows[i].want)
			fail_msg("row %zu (place %d, free %d): %d, want %d", i,
			    rows[i].place, rows[i].free_places, got, rows[i].want);
	}
	assert_int_equal(waitlist_expected_wait_days(1, 0, NULL, 0, today), -1);
	assert_int_equal(waitlist_expected_wait_days(1, 0, NULL, 3, today), SC_EINVAL);
	static const struct date bad[] = { D(2025, 2, 29) };
	assert_int_equal(waitlist_expected_wait_days(1, 0, bad, 1, today), SC_EINVAL);
	assert_int_equal(waitlist_expected_wait_days(1, 0, exits, 1, D(2025, 2, 29)), SC_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_can_assign),
		cmocka_unit_test(test_can_assign_many),
		cmocka_unit_test(test_free_places_and_cap_check),
		cmocka_unit_test(test_cap_and_priority_validate),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_expected_wait),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
