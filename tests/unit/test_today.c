/*
 * test_today.c — a contact person's day (src/domain/today.c): the lines
 * the store reads sorted into the Today page's sections by the follow-up
 * rules — meetings today, overdue, due soon, no contact — in their order,
 * and the kinds' keys the API sends.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/today.h"
#include "util/arena.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 14 };

/* A line of participant pid (family name fam) for item id on date. */
#define ROW(pid, fam, id, date) { (pid), "Amina", (fam), (id), date, "", "", "" }

static struct today_row planned[] = {
	ROW(1, "Aden", 11, D(2025, 3, 14)),    /* today */
	ROW(2, "Bashir", 12, D(2025, 3, 10)),  /* passed */
	ROW(3, "Cali", 13, D(2025, 3, 14)),    /* today */
};
static struct today_row steps[] = {
	ROW(1, "Aden", 21, D(2025, 3, 1)),     /* overdue */
	ROW(1, "Aden", 22, D(2025, 3, 14)),    /* due today */
	ROW(2, "Bashir", 23, D(2025, 3, 21)),  /* due, the window's last day */
	ROW(2, "Bashir", 24, D(2025, 3, 22)),  /* after the window: left out */
};
static struct today_row evaluations[] = {
	ROW(3, "Cali", 31, D(2025, 3, 10)),    /* overdue, the same day as a passed meeting */
	ROW(1, "Aden", 32, D(2025, 3, 14)),    /* due today, the same day as a step */
};
static struct today_row no_contact[] = {
	ROW(4, "Dahir", 0, D(0, 0, 0)),        /* never */
	ROW(5, "Egal", 0, D(2025, 1, 2)),
};
static struct today_row tasks[] = {
	ROW(6, "Farah", 41, D(2025, 3, 10)),   /* overdue: sorts with the other 10ths */
	ROW(6, "Farah", 42, D(2025, 3, 15)),   /* due */
};

static void
fill(struct today *d)
{
	memset(d, 0, sizeof *d);
	d->today = TODAY;
	d->due_soon_days = 7;
	d->no_contact_days = 14;
	d->lists.planned = (struct today_list){planned, NELEM(planned), false};
	d->lists.steps = (struct today_list){steps, NELEM(steps), false};
	d->lists.evaluations = (struct today_list){evaluations, NELEM(evaluations), false};
	d->lists.no_contact = (struct today_list){no_contact, NELEM(no_contact), false};
	d->lists.tasks = (struct today_list){tasks, NELEM(tasks), false};
}

struct want {
	enum today_kind kind;
	int64_t id;
};

static void
assert_section(const struct today_section *s, const struct want *want, size_t n)
{
	if (s->n != n)
		fail_msg("%zu lines, want %zu", s->n, n);
	for (size_t i = 0; i < n; i++)
		if (s->items[i].kind != want[i].kind || s->items[i].row->id != want[i].id)
			fail_msg("line %zu: kind %d id %lld, want kind %d id %lld", i, s->items[i].kind,
				 (long long)s->items[i].row->id, want[i].kind, (long long)want[i].id);
}

static void
test_sections(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct today d;
	fill(&d);
	assert_int_equal(today_sort(&d, a), SC_OK);

	/* planned for today, in the store's order */
	const struct want meetings[] = {{TODAY_MEETING, 11}, {TODAY_MEETING, 13}};
	assert_section(&d.meetings, meetings, NELEM(meetings));
	/* by date, then kind (step, evaluation, follow-up, planned meeting),
	 * then name */
	const struct want overdue[] = {
		{TODAY_STEP, 21}, {TODAY_EVALUATION, 31}, {TODAY_FOLLOWUP, 41}, {TODAY_PLANNED, 12},
	};
	assert_section(&d.overdue, overdue, NELEM(overdue));
	const struct want due[] = {
		{TODAY_STEP, 22}, {TODAY_EVALUATION, 32}, {TODAY_FOLLOWUP, 42}, {TODAY_STEP, 23},
	};
	assert_section(&d.due, due, NELEM(due));
	const struct want none[] = {{TODAY_NO_CONTACT, 0}, {TODAY_NO_CONTACT, 0}};
	assert_section(&d.no_contact, none, NELEM(none));
	assert_int_equal(d.no_contact.items[0].row->participant_id, 4);
	assert_false(d.more);

	/* "due soon" looks no days ahead: only today's lines are due */
	fill(&d);
	d.due_soon_days = 0;
	assert_int_equal(today_sort(&d, a), SC_OK);
	const struct want today_only[] = {{TODAY_STEP, 22}, {TODAY_EVALUATION, 32}};
	assert_section(&d.due, today_only, NELEM(today_only));
	assert_int_equal(d.overdue.n, 4);

	/* a list cut at the limit says so */
	fill(&d);
	d.lists.tasks.more = true;
	assert_int_equal(today_sort(&d, a), SC_OK);
	assert_true(d.more);

	/* an empty day */
	memset(&d, 0, sizeof d);
	d.today = TODAY;
	assert_int_equal(today_sort(&d, a), SC_OK);
	assert_int_equal(d.meetings.n + d.overdue.n + d.due.n + d.no_contact.n, 0);
	arena_free(a);
}

static void
test_kind_keys(void **state)
{
	(void)state;
	static const struct { enum today_kind k; const char *key; } rows[] = {
		{TODAY_MEETING, "meeting"}, {TODAY_STEP, "goal_step"}, {TODAY_EVALUATION, "evaluation"},
		{TODAY_FOLLOWUP, "followup"}, {TODAY_PLANNED, "planned_meeting"}, {TODAY_NO_CONTACT, "no_contact"},
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_string_equal(today_kind_key(rows[i].k), rows[i].key);
	assert_string_equal(today_kind_key((enum today_kind)99), "");
	/* the lines are read by the names of the store's columns */
	static const char *const columns[] = {"participant_id", "given_name", "family_name", "item_id",
					      "item_date", "title", "item_text", "detail"};
	assert_int_equal(today_row_fields.n, NELEM(columns));
	for (size_t i = 0; i < NELEM(columns); i++)
		assert_non_null(fields_find(today_row_fields, columns[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_kind_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
