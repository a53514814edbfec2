/*
 * test_followup.c — table-driven tests of the follow-up rules
 * (src/domain/followup.c): due, overdue, planned meetings, no contact. The
 * records of the follow-up have their own programs (test_meeting.c,
 * test_task.c, test_health.c), and so has the Today page's sorting
 * (test_today.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/followup.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 14 };

/* ---- due, planned, no contact ---- */

static void
test_due_state(void **state)
{
	(void)state;
	static const struct {
		struct date due;
		bool done;
		int soon;
		enum followup_due want;
	} rows[] = {
		{ { 2025, 3, 13 }, false, 7, FOLLOWUP_OVERDUE },   /* yesterday */
		{ { 2024, 12, 31 }, false, 7, FOLLOWUP_OVERDUE },
		{ { 2025, 3, 14 }, false, 7, FOLLOWUP_DUE },       /* today: due, not overdue */
		{ { 2025, 3, 21 }, false, 7, FOLLOWUP_DUE },       /* the last day of the window */
		{ { 2025, 3, 22 }, false, 7, FOLLOWUP_LATER },
		{ { 2025, 3, 14 }, false, 0, FOLLOWUP_DUE },
		{ { 2025, 3, 15 }, false, 0, FOLLOWUP_LATER },
		{ { 2025, 3, 15 }, false, -3, FOLLOWUP_LATER },    /* negative counts as 0 */
		{ { 2025, 3, 14 }, false, -3, FOLLOWUP_DUE },
		{ { 2025, 4, 13 }, false, 30, FOLLOWUP_DUE },      /* across a month end */
		{ { 2025, 4, 14 }, false, 30, FOLLOWUP_LATER },
		{ { 2025, 3, 1 }, true, 7, FOLLOWUP_DONE },        /* done: never shown */
		{ { 2025, 3, 14 }, true, 7, FOLLOWUP_DONE },
		{ { 2026, 1, 1 }, true, 7, FOLLOWUP_DONE },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum followup_due got = followup_due_state(rows[i].due, rows[i].done, TODAY, rows[i].soon);
		if (got != rows[i].want)
			fail_msg("row %zu: got %d, want %d", i, got, rows[i].want);
	}
	/* the window end the store uses agrees with the rule */
	assert_int_equal(date_cmp(followup_due_window_end(TODAY, 7), D(2025, 3, 21)), 0);
	assert_int_equal(date_cmp(followup_due_window_end(TODAY, 0), TODAY), 0);
	assert_int_equal(date_cmp(followup_due_window_end(TODAY, -1), TODAY), 0);
	assert_int_equal(date_cmp(followup_due_window_end(D(2024, 12, 28), 7), D(2025, 1, 4)), 0);
	for (int soon = 0; soon <= 10; soon++) {
		struct date end = followup_due_window_end(TODAY, soon);
		assert_int_equal(followup_due_state(end, false, TODAY, soon), FOLLOWUP_DUE);
		assert_int_equal(followup_due_state(date_add_days(end, 1), false, TODAY, soon), FOLLOWUP_LATER);
	}
}

static void
test_planned_state(void **state)
{
	(void)state;
	static const struct { struct date next; enum meeting_planned want; } rows[] = {
		{ { 2025, 3, 14 }, MEETING_PLANNED_TODAY },
		{ { 2025, 3, 13 }, MEETING_PLANNED_PASSED },
		{ { 2024, 3, 14 }, MEETING_PLANNED_PASSED },
		{ { 2025, 3, 15 }, MEETING_PLANNED_LATER },
		{ { 2026, 1, 1 }, MEETING_PLANNED_LATER },
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(meeting_planned_state(rows[i].next, TODAY), rows[i].want);
}

static void
test_no_contact(void **state)
{
	(void)state;
	static const struct { bool never; struct date last; int days; bool want; } rows[] = {
		{ false, { 2025, 3, 14 }, 14, false },   /* met today */
		{ false, { 2025, 2, 28 }, 14, false },   /* exactly 14 days ago: not more than 14 */
		{ false, { 2025, 2, 27 }, 14, true },    /* 15 days ago */
		{ false, { 2024, 3, 14 }, 14, true },
		{ false, { 2025, 3, 13 }, 1, false },
		{ false, { 2025, 3, 12 }, 1, true },
		{ false, { 2025, 3, 14 }, 0, false },
		{ false, { 2025, 3, 13 }, 0, true },
		{ false, { 2025, 3, 13 }, -5, true },    /* negative counts as 0 */
		{ false, { 2025, 3, 20 }, 14, false },   /* a date after today (bad data): contact */
		{ true, { 0, 0, 0 }, 14, true },         /* never contacted, no programme start */
		{ true, { 0, 0, 0 }, 365, true },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		bool got = followup_no_contact(rows[i].never ? NULL : &rows[i].last, TODAY, rows[i].days);
		if (got != rows[i].want)
			fail_msg("row %zu: got %d, want %d", i, got, rows[i].want);
		if (!rows[i].never) {
			/* the store's cut-off says the same */
			struct date cut = followup_no_contact_before(TODAY, rows[i].days);
			assert_int_equal(date_cmp(rows[i].last, cut) < 0, rows[i].want);
		}
	}
	assert_int_equal(date_cmp(followup_no_contact_before(TODAY, 14), D(2025, 2, 28)), 0);
	assert_int_equal(date_cmp(followup_no_contact_before(D(2024, 3, 1), 1), D(2024, 2, 29)), 0);
	assert_int_equal(followup_days_between(D(2025, 2, 28), TODAY), 14);
	assert_int_equal(followup_days_between(TODAY, D(2025, 2, 28)), -14);
	assert_int_equal(followup_days_between(D(2023, 12, 31), D(2024, 12, 31)), 366);
}

/* The one rule for "overdue": a row per case. */
static void
test_overdue_rule(void **state)
{
	(void)state;
	const struct date today = D(2025, 3, 14);
	static const struct {
		enum overdue_kind kind;
		struct date date;
		bool done, goal_open, want;
	} rows[] = {
		{OVERDUE_STEP, D(2025, 3, 13), false, true, true},
		{OVERDUE_STEP, D(2025, 3, 14), false, true, false},     /* due today: due, not overdue */
		{OVERDUE_STEP, D(2025, 3, 1), true, true, false},       /* done */
		{OVERDUE_STEP, D(2025, 3, 1), false, false, false},     /* its goal achieved or dropped */
		{OVERDUE_EVALUATION, D(2025, 3, 10), false, false, true},
		{OVERDUE_EVALUATION, D(2025, 3, 10), true, false, false},
		{OVERDUE_EVALUATION, D(2025, 3, 15), false, false, false},
		{OVERDUE_MEETING, D(2025, 3, 13), false, false, true},
		{OVERDUE_MEETING, D(2025, 3, 14), false, false, false},  /* today: "Meetings today" */
		{OVERDUE_MEETING, D(2025, 3, 20), false, false, false},
		{OVERDUE_FOLLOWUP, D(2025, 1, 1), false, false, true},
		{OVERDUE_FOLLOWUP, D(2025, 1, 1), true, false, false},
		{(enum overdue_kind)0, D(2025, 1, 1), false, true, false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (followup_overdue(rows[i].kind, rows[i].date, rows[i].done, rows[i].goal_open, today) !=
		    rows[i].want)
			fail_msg("row %zu", i);
	assert_true(followup_goal_open("planned"));
	assert_true(followup_goal_open("in_progress"));
	assert_false(followup_goal_open("achieved"));
	assert_false(followup_goal_open("dropped"));
	assert_false(followup_goal_open(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_state),
		cmocka_unit_test(test_planned_state),
		cmocka_unit_test(test_no_contact),
		cmocka_unit_test(test_overdue_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
