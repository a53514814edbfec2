/*
 * test_timetable.c — weekly timetables (src/domain/timetable.c): times
 * read and written, slots checked, sessions generated across public
 * holidays (the Easter-dependent ones too) and closure periods, clashes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/timetable.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void
test_times(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int want; /* -1: refused */
	} rows[] = {
		{"00:00", 0}, {"09:30", 570}, {"23:59", 1439}, {"12:05", 725},
		{"24:00", -1}, {"09:60", -1}, {"9:30", -1}, {"0930", -1}, {"09:3", -1},
		{"ab:cd", -1}, {"09-30", -1}, {"", -1}, {"09:300", -1}, {" 9:30", -1},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int m = -7;
		bool ok = timetable_parse_time(rows[i].in, &m);
		if (rows[i].want < 0) {
			if (ok)
				fail_msg("\"%s\" was read as %d", rows[i].in, m);
		} else {
			if (!ok || m != rows[i].want)
				fail_msg("\"%s\": %d, want %d", rows[i].in, m, rows[i].want);
			char out[6];
			timetable_format_time(m, out);
			assert_string_equal(out, rows[i].in);
		}
	}
	assert_false(timetable_parse_time(NULL, &(int){0}));
}

struct check_row {
	const char *name;
	struct slot slots[3];
	size_t n;
	const char *key;    /* NULL: accepted */
	const char *reason;
};

static void
test_check(void **state)
{
	(void)state;
	static const struct check_row rows[] = {
		{"one slot", {{1, 540, 690}}, 1, NULL, NULL},
		{"none", {{0}}, 0, "slots", "Give at least one time in the week."},
		{"weekday 0", {{0, 540, 600}}, 1, "slots.1", "Choose a day of the week."},
		{"weekday 8", {{1, 540, 600}, {8, 540, 600}}, 2, "slots.2", "Choose a day of the week."},
		{"before 06:00", {{2, 359, 600}}, 1, "slots.1", "A time in the week is between 06:00 and 22:00."},
		{"from 06:00", {{2, 360, 600}}, 1, NULL, NULL},
		{"until 22:00", {{2, 1200, 1320}}, 1, NULL, NULL},
		{"after 22:00", {{2, 1200, 1321}}, 1, "slots.1", "A time in the week is between 06:00 and 22:00."},
		{"end at start", {{3, 600, 600}}, 1, "slots.1", "The end must be after the start."},
		{"end before start", {{3, 600, 540}}, 1, "slots.1", "The end must be after the start."},
		{"overlap same day", {{4, 540, 660}, {5, 540, 660}, {4, 600, 700}}, 3, "slots.3",
		 "This time overlaps another on the same day."},
		{"touching same day", {{4, 540, 600}, {4, 600, 660}}, 2, NULL, NULL},
		{"same time other days", {{1, 540, 600}, {2, 540, 600}, {3, 540, 600}}, 3, NULL, NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct field_errors e = {0};
		bool ok = timetable_check(rows[i].slots, rows[i].n, &e);
		if (rows[i].key == NULL) {
			if (!ok || e.n != 0)
				fail_msg("%s: refused (%s)", rows[i].name, e.n ? e.reason[0] : "?");
			continue;
		}
		if (ok || e.n != 1)
			fail_msg("%s: %d errors, want 1", rows[i].name, e.n);
		assert_string_equal(e.field[0], rows[i].key);
		assert_string_equal(e.reason[0], rows[i].reason);
	}
	/* more than fourteen */
	struct slot many[TIMETABLE_MAX_SLOTS + 1];
	for (int i = 0; i < TIMETABLE_MAX_SLOTS + 1; i++)
		many[i] = (struct slot){1 + i % 7, 360 + 60 * (i / 7), 400 + 60 * (i / 7)};
	struct field_errors e = {0};
	assert_true(timetable_check(many, TIMETABLE_MAX_SLOTS, &e));
	assert_false(timetable_check(many, TIMETABLE_MAX_SLOTS + 1, &e));
	assert_string_equal(e.field[0], "slots");
	assert_string_equal(e.reason[0], "At most %lld times in the week.");
	assert_int_equal(e.arg[0][0], 14);
}

struct collect {
	char got[64][20];
	size_t n;
	size_t stop_at;   /* 0: never */
};

static int
collect(void *ctx, const struct session_time *s)
{
	struct collect *c = ctx;
	char d[11], a[6], b[6];
	date_format(s->date, d);
	timetable_format_time(s->start, a);
	timetable_format_time(s->end, b);
	(void)b;
	if (c->n < NELEM(c->got))
		snprintf(c->got[c->n], sizeof c->got[0], "%s %s", d, a);
	c->n++;
	if (c->stop_at != 0 && c->n == c->stop_at)
		return 42;
	return 0;
}

static void
expect(const struct collect *c, const char *const *want, size_t n)
{
	for (size_t i = 0; i < n && i < c->n; i++)
		if (strcmp(c->got[i], want[i]) != 0)
			fail_msg("session %zu: %s, want %s", i + 1, c->got[i], want[i]);
	if (c->n != n)
		fail_msg("%zu sessions, want %zu", c->n, n);
}

static void
test_sessions_skip_holidays(void **state)
{
	(void)state;
	/* Easter 2026 is 5 April: Maundy Thursday 2 April, Good Friday 3,
	 * Easter Monday 6; Ascension 14 May; Whit Monday 25 May. Two slots
	 * on Monday given late one first. */
	struct slot slots[] = {{1, 780, 840}, {4, 540, 660}, {1, 540, 600}};
	struct collect c = {0};
	assert_int_equal(timetable_sessions(slots, 3, D("2026-03-30"), D("2026-04-13"), NULL, 0, collect, &c), 0);
	static const char *const easter[] = {
		"2026-03-30 09:00", "2026-03-30 13:00", "2026-04-09 09:00", "2026-04-13 09:00", "2026-04-13 13:00",
	};
	expect(&c, easter, NELEM(easter));

	c = (struct collect){0};
	timetable_sessions(slots, 3, D("2026-05-11"), D("2026-05-25"), NULL, 0, collect, &c);
	static const char *const may[] = {
		"2026-05-11 09:00", "2026-05-11 13:00", "2026-05-18 09:00", "2026-05-18 13:00", "2026-05-21 09:00",
	};
	expect(&c, may, NELEM(may));

	/* Christmas Eve and New Year's Eve are working days; the 25th, 26th
	 * and 1 January are not */
	struct slot weekdays[] = {{1, 540, 600}, {2, 540, 600}, {3, 540, 600}, {4, 540, 600}, {5, 540, 600}};
	c = (struct collect){0};
	timetable_sessions(weekdays, 5, D("2026-12-21"), D("2027-01-05"), NULL, 0, collect, &c);
	static const char *const christmas[] = {
		"2026-12-21 09:00", "2026-12-22 09:00", "2026-12-23 09:00", "2026-12-24 09:00",
		"2026-12-28 09:00", "2026-12-29 09:00", "2026-12-30 09:00", "2026-12-31 09:00",
		"2027-01-04 09:00", "2027-01-05 09:00",
	};
	expect(&c, christmas, NELEM(christmas));
}

static void
test_sessions_skip_closures(void **state)
{
	(void)state;
	struct slot tuesday[] = {{2, 600, 720}};
	struct closure closures[] = {
		{D("2026-06-29"), D("2026-08-09")},   /* summer */
		{D("2026-12-21"), D("2027-01-03")},   /* Christmas */
	};
	struct collect c = {0};
	timetable_sessions(tuesday, 1, D("2026-06-16"), D("2026-08-18"), closures, 2, collect, &c);
	static const char *const summer[] = {"2026-06-16 10:00", "2026-06-23 10:00", "2026-08-11 10:00",
					     "2026-08-18 10:00"};
	expect(&c, summer, NELEM(summer));

	c = (struct collect){0};
	timetable_sessions(tuesday, 1, D("2026-12-08"), D("2027-01-12"), closures, 2, collect, &c);
	static const char *const winter[] = {"2026-12-08 10:00", "2026-12-15 10:00", "2027-01-05 10:00",
					     "2027-01-12 10:00"};
	expect(&c, winter, NELEM(winter));

	/* the closure's first and last days are closed */
	assert_true(timetable_closed(D("2026-06-29"), closures, 2));
	assert_true(timetable_closed(D("2026-08-09"), closures, 2));
	assert_false(timetable_closed(D("2026-08-10"), closures, 2));
	assert_false(timetable_closed(D("2026-06-28"), closures, 2));

	/* a period that ends before it starts gives nothing */
	c = (struct collect){0};
	timetable_sessions(tuesday, 1, D("2026-06-23"), D("2026-06-16"), NULL, 0, collect, &c);
	assert_int_equal(c.n, 0);

	/* the callback stops the walk and its value comes back */
	c = (struct collect){.stop_at = 2};
	assert_int_equal(timetable_sessions(tuesday, 1, D("2026-06-16"), D("2026-08-18"), NULL, 0, collect, &c), 42);
	assert_int_equal(c.n, 2);
}

static void
test_clash(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		int as, ae, bs, be;
		bool clash;
	} rows[] = {
		{"2026-03-02", "2026-03-02", 540, 600, 600, 660, false},  /* touching */
		{"2026-03-02", "2026-03-02", 540, 601, 600, 660, true},   /* one minute */
		{"2026-03-02", "2026-03-02", 540, 720, 600, 660, true},   /* inside */
		{"2026-03-02", "2026-03-02", 600, 660, 540, 720, true},   /* around */
		{"2026-03-02", "2026-03-03", 540, 720, 540, 720, false},  /* another day */
		{"2026-03-02", "2026-03-02", 660, 720, 540, 660, false},  /* after */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct session_time a = {D(rows[i].a), rows[i].as, rows[i].ae};
		struct session_time b = {D(rows[i].b), rows[i].bs, rows[i].be};
		if (session_clash(&a, &b) != rows[i].clash || session_clash(&b, &a) != rows[i].clash)
			fail_msg("row %zu: clash %d, want %d", i, !rows[i].clash, rows[i].clash);
	}

	struct session_time a[] = {
		{D("2026-03-02"), 540, 690}, {D("2026-03-04"), 540, 690}, {D("2026-03-09"), 540, 690},
		{D("2026-03-11"), 540, 690},
	};
	struct session_time b[] = {
		{D("2026-03-02"), 690, 780}, {D("2026-03-03"), 540, 690}, {D("2026-03-09"), 480, 540},
		{D("2026-03-11"), 660, 720}, {D("2026-03-12"), 540, 690},
	};
	size_t ia = 99, ib = 99;
	assert_true(sessions_first_clash(a, NELEM(a), b, NELEM(b), &ia, &ib));
	assert_int_equal(ia, 3);
	assert_int_equal(ib, 3);
	assert_false(sessions_first_clash(a, 3, b, NELEM(b), &ia, &ib));
	assert_false(sessions_first_clash(a, NELEM(a), b, 0, &ia, &ib));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_sessions_skip_holidays),
		cmocka_unit_test(test_sessions_skip_closures),
		cmocka_unit_test(test_clash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
