/*
 * test_attendance.c — the attendance register's rules
 * (src/domain/attendance.c): marks checked, minutes present and absent,
 * self-certified sickness (3 calendar days in a row, 4 periods in 12
 * months, weekends inside a period, notes registered later), the
 * monthly summary the benefit reads (at once, and session by session in
 * any order), unexcused absences in a row, and a register's rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/attendance.h"
#include "domain/calendar.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

struct check_row {
	const char *name;
	struct mark m;
	const char *reason;   /* NULL: accepted */
	long long a0, a1;
};

static void
test_mark_check(void **state)
{
	(void)state;
	static const struct check_row rows[] = {
		{"present", {MARK_PRESENT, 0, ABSENCE_NONE, NULL, 0}, NULL, 0, 0},
		{"present with an absence", {MARK_PRESENT, 0, ABSENCE_SICK_SELF, NULL, 0},
		 "A participant who is present has no absence.", 0, 0},
		{"late 0", {MARK_LATE, 0, ABSENCE_NONE, NULL, 0}, "Minutes late are between %lld and %lld.", 1, 89},
		{"late 1", {MARK_LATE, 1, ABSENCE_NONE, NULL, 0}, NULL, 0, 0},
		{"late 89", {MARK_LATE, 89, ABSENCE_NONE, NULL, 0}, NULL, 0, 0},
		{"late 90", {MARK_LATE, 90, ABSENCE_NONE, NULL, 0}, "Minutes late are between %lld and %lld.", 1, 89},
		{"late -5", {MARK_LATE, -5, ABSENCE_NONE, NULL, 0}, "Minutes late are between %lld and %lld.", 1, 89},
		/* late and left early on one mark: the two together leave a minute */
		{"late 10, left early 20", {MARK_LATE, 10, ABSENCE_NONE, NULL, 20}, NULL, 0, 0},
		{"late 44, left early 45", {MARK_LATE, 44, ABSENCE_NONE, NULL, 45}, NULL, 0, 0},
		{"late 45, left early 45", {MARK_LATE, 45, ABSENCE_NONE, NULL, 45},
		 "Minutes late and left early are together between %lld and %lld.", 2, 89},
		{"late 0, left early 20", {MARK_LATE, 0, ABSENCE_NONE, NULL, 20},
		 "Minutes late and left early are together between %lld and %lld.", 2, 89},
		{"left early with left early minutes", {MARK_LEFT_EARLY, 10, ABSENCE_NONE, NULL, 20},
		 "Minutes left early go beside a late mark: for one who only left early, choose left early and give "
		 "the minutes missed.", 0, 0},
		{"absent with left early minutes", {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 20},
		 "Minutes left early go beside a late mark: for one who only left early, choose left early and give "
		 "the minutes missed.", 0, 0},
		{"left early 0", {MARK_LEFT_EARLY, 0, ABSENCE_NONE, NULL, 0},
		 "Minutes left early are between %lld and %lld.", 1, 89},
		{"left early 45", {MARK_LEFT_EARLY, 45, ABSENCE_SICK_DOCTOR, NULL, 0}, NULL, 0, 0},
		{"left early on leave, no reason", {MARK_LEFT_EARLY, 45, ABSENCE_LEAVE, "", 0},
		 "Approved leave needs a reason.", 0, 0},
		{"absent, no type", {MARK_ABSENT, 0, ABSENCE_NONE, NULL, 0}, "Choose the type of absence.", 0, 0},
		{"absent, sick", {MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, NULL, 0, 0},
		{"absent, leave, no reason", {MARK_ABSENT, 0, ABSENCE_LEAVE, NULL, 0}, "Approved leave needs a reason.", 0, 0},
		{"absent, leave", {MARK_ABSENT, 0, ABSENCE_LEAVE, "Job interview", 0}, NULL, 0, 0},
		{"absent, unexcused", {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, NULL, 0, 0},
		{"absent, type 9", {MARK_ABSENT, 0, (enum absence_type)9, NULL, 0}, "Choose the type of absence.", 0, 0},
		{"no kind", {MARK_NONE, 0, ABSENCE_NONE, NULL, 0}, "Choose present, late, left early or absent.", 0, 0},
		{"kind 7", {(enum mark_kind)7, 0, ABSENCE_NONE, NULL, 0}, "Choose present, late, left early or absent.", 0, 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct field_errors e = {0};
		bool ok = mark_check(&rows[i].m, 90, "marks.3", &e);
		if (rows[i].reason == NULL) {
			if (!ok || e.n != 0)
				fail_msg("%s: refused: %s", rows[i].name, e.reason[0]);
			continue;
		}
		if (ok || e.n != 1)
			fail_msg("%s: %d errors, want 1", rows[i].name, e.n);
		assert_string_equal(e.field[0], "marks.3");
		if (strcmp(e.reason[0], rows[i].reason) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", rows[i].name, e.reason[0], rows[i].reason);
		assert_int_equal(e.arg[0][0], rows[i].a0);
		assert_int_equal(e.arg[0][1], rows[i].a1);
	}
}

static void
test_minutes(void **state)
{
	(void)state;
	static const struct {
		struct mark m;
		int present, absent;
		enum absence_type type;
	} rows[] = {
		{{MARK_PRESENT, 0, ABSENCE_NONE, NULL, 0}, 180, 0, ABSENCE_NONE},
		{{MARK_LATE, 25, ABSENCE_NONE, NULL, 0}, 155, 25, ABSENCE_UNEXCUSED},
		{{MARK_LATE, 25, ABSENCE_SICK_DOCTOR, NULL, 0}, 155, 25, ABSENCE_SICK_DOCTOR},
		{{MARK_LEFT_EARLY, 60, ABSENCE_LEAVE, "Doctor", 0}, 120, 60, ABSENCE_LEAVE},
		{{MARK_LEFT_EARLY, 179, ABSENCE_NONE, NULL, 0}, 1, 179, ABSENCE_UNEXCUSED},
		{{MARK_LATE, 10, ABSENCE_NONE, NULL, 20}, 150, 30, ABSENCE_UNEXCUSED},
		{{MARK_LATE, 10, ABSENCE_SICK_DOCTOR, NULL, 20}, 150, 30, ABSENCE_SICK_DOCTOR},
		{{MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, 0, 180, ABSENCE_SICK_SELF},
		{{MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, 0, 180, ABSENCE_UNEXCUSED},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum absence_type t = (enum absence_type)77;
		assert_int_equal(mark_present_minutes(&rows[i].m, 180), rows[i].present);
		assert_int_equal(mark_absent_minutes(&rows[i].m, 180, &t), rows[i].absent);
		assert_int_equal(t, rows[i].type);
		/* every minute is either present or absent */
		assert_int_equal(rows[i].present + rows[i].absent, 180);
	}
}

/* The participant has a session on every working day. */
static bool
working_day_between(void *ctx, struct date a, struct date b)
{
	(void)ctx;
	for (struct date d = date_add_days(a, 1); date_cmp(d, b) < 0; d = date_add_days(d, 1))
		if (calendar_is_working_day(d))
			return true;
	return false;
}

struct self_row {
	const char *name;
	const char *days[8];    /* "YYYY-MM-DD" or "YYYY-MM-DD note" */
	const char *beyond;     /* one letter per day: b beyond, . within */
};

static void
test_self_cert(void **state)
{
	(void)state;
	static const struct self_row rows[] = {
		{"three days", {"2026-03-02", "2026-03-03", "2026-03-04"}, "..."},
		{"four days", {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"}, "...b"},
		{"Friday and Monday: four calendar days",
		 {"2026-03-06", "2026-03-09"}, ".b"},
		{"Thursday, Friday, Monday", {"2026-03-05", "2026-03-06", "2026-03-09"}, "..b"},
		{"Saturday and Sunday marked too", {"2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"}, "...b"},
		{"a working day between: two periods", {"2026-03-02", "2026-03-04", "2026-03-05", "2026-03-06"}, "...."},
		{"across Easter: Wednesday to Tuesday is seven days",
		 {"2026-04-01", "2026-04-07"}, ".b"},
		{"a note for the fourth day", {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05 note"}, "...."},
		{"a note for the first day only",
		 {"2026-03-02 note", "2026-03-03", "2026-03-04", "2026-03-05"}, "...b"},
		{"five periods in a year: the fifth is beyond",
		 {"2026-01-05", "2026-02-02", "2026-03-02", "2026-04-13", "2026-05-04", "2026-05-05"}, "....bb"},
		{"the fifth gets a note: the sixth is beyond still",
		 {"2026-01-05", "2026-02-02", "2026-03-02", "2026-04-13", "2026-05-04 note", "2026-06-01"}, "....-b"},
		{"a year later to the day: the first is out of the window",
		 {"2026-01-05", "2026-02-02", "2026-03-02", "2026-04-13", "2027-01-05"}, "....."},
		{"a year later less a day: four in the window",
		 {"2026-01-05", "2026-02-02", "2026-03-02", "2026-04-13", "2027-01-04"}, "....b"},
		{"a beyond period does not count",
		 {"2026-01-05", "2026-02-02", "2026-03-02", "2026-04-13", "2026-05-04", "2027-01-06"}, "....b."},
	};
	struct self_cert_rule rule = {3, 4};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct sick_day days[8];
		size_t n = 0;
		for (; n < NELEM(rows[i].days) && rows[i].days[n] != NULL; n++) {
			char d[11];
			memcpy(d, rows[i].days[n], 10);
			d[10] = '\0';
			days[n] = (struct sick_day){D(d), strstr(rows[i].days[n], "note") != NULL, true};
		}
		assert_int_equal(n, strlen(rows[i].beyond));
		self_cert_apply(&rule, days, n, working_day_between, NULL);
		for (size_t k = 0; k < n; k++) {
			bool want = rows[i].beyond[k] == 'b';
			if (days[k].beyond != want)
				fail_msg("%s: day %zu (%s) beyond %d, want %d", rows[i].name, k + 1,
					 rows[i].days[k], days[k].beyond, want);
		}
	}
}

static void
test_self_cert_other_rule(void **state)
{
	(void)state;
	/* the rule is a parameter: 8 days and 2 periods (an employer's IA
	 * agreement, say) */
	struct self_cert_rule rule = {8, 2};
	struct sick_day long_run[9];
	for (int i = 0; i < 9; i++)
		long_run[i] = (struct sick_day){date_add_days(D("2026-03-02"), i), false, true};
	self_cert_apply(&rule, long_run, 9, working_day_between, NULL);
	for (int i = 0; i < 8; i++)
		assert_false(long_run[i].beyond);
	assert_true(long_run[8].beyond);   /* the ninth day */

	/* 2 March, then 9–10 March, then 12 March: three periods (working
	 * days between them); the third is beyond whole */
	struct sick_day days[] = {
		{D("2026-03-02"), false, true}, {D("2026-03-09"), false, true},
		{D("2026-03-10"), false, true}, {D("2026-03-12"), false, true},
	};
	self_cert_apply(&rule, days, 4, working_day_between, NULL);
	assert_false(days[0].beyond);
	assert_false(days[1].beyond);
	assert_false(days[2].beyond);
	assert_true(days[3].beyond);
}

static void
test_summary(void **state)
{
	(void)state;
	const struct summary_mark marks[] = {
		{D("2026-12-01"), 180, {MARK_PRESENT, 0, ABSENCE_NONE, NULL, 0}, false},
		{D("2026-12-02"), 180, {MARK_LATE, 30, ABSENCE_NONE, NULL, 0}, false},
		{D("2026-12-03"), 180, {MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, false},
		{D("2026-12-04"), 180, {MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, true},
		{D("2026-12-07"), 90, {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false},
		{D("2026-12-07"), 90, {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false},
		{D("2026-12-08"), 180, {MARK_NONE, 0, ABSENCE_NONE, NULL, 0}, false},
		{D("2026-12-09"), 180, {MARK_LEFT_EARLY, 60, ABSENCE_LEAVE, "Dentist", 0}, false},
		{D("2026-12-10"), 180, {MARK_ABSENT, 0, ABSENCE_SICK_DOCTOR, NULL, 0}, false},
	};
	struct attendance_summary s;
	memset(&s, 0x5a, sizeof s);
	attendance_summarise(marks, NELEM(marks), &s);
	assert_int_equal(s.sessions, 9);
	assert_int_equal(s.unmarked_sessions, 1);
	assert_int_equal(s.scheduled_minutes, 1440);
	assert_int_equal(s.unmarked_minutes, 180);
	assert_int_equal(s.present_minutes, 450);
	assert_int_equal(s.absent_minutes[ABSENCE_UNEXCUSED], 390);   /* 30 late, 180 beyond, 2 x 90 */
	/* the 4th and the 7th: the 2nd's 30 minutes late are minutes, not a
	 * day away (decision 178) */
	assert_int_equal(s.absent_days[ABSENCE_UNEXCUSED], 2);
	assert_int_equal(s.absent_minutes[ABSENCE_SICK_SELF], 180);
	assert_int_equal(s.absent_days[ABSENCE_SICK_SELF], 1);
	/* the 9th's hour on leave: minutes, no day */
	assert_int_equal(s.absent_minutes[ABSENCE_LEAVE], 60);
	assert_int_equal(s.absent_days[ABSENCE_LEAVE], 0);
	assert_int_equal(s.absent_minutes[ABSENCE_SICK_DOCTOR], 180);
	assert_int_equal(s.absent_days[ABSENCE_SICK_DOCTOR], 1);
	/* 450 present of 1260 marked */
	assert_int_equal(attendance_rate_permille(&s), 357);

	/* nothing marked: no rate; an empty month: nothing at all */
	attendance_summarise(&marks[6], 1, &s);
	assert_int_equal(attendance_rate_permille(&s), -1);
	attendance_summarise(marks, 0, &s);
	assert_int_equal(s.sessions, 0);
	assert_int_equal(s.scheduled_minutes, 0);
	assert_int_equal(attendance_rate_permille(&s), -1);

	/* the tester's month: 5 minutes late one day, late 10 and left early
	 * 20 another, absent a third: 35 minutes and one day unexcused */
	const struct summary_mark tester[] = {
		{D("2026-12-01"), 180, {MARK_LATE, 5, ABSENCE_NONE, NULL, 0}, false},
		{D("2026-12-02"), 180, {MARK_LATE, 10, ABSENCE_NONE, NULL, 20}, false},
		{D("2026-12-03"), 180, {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false},
	};
	attendance_summarise(tester, NELEM(tester), &s);
	assert_int_equal(s.absent_minutes[ABSENCE_UNEXCUSED], 5 + 30 + 180);
	assert_int_equal(s.absent_days[ABSENCE_UNEXCUSED], 1);
	assert_int_equal(s.present_minutes, 175 + 150);

	/* rounding: 2 of 3 minutes is 666.67 per mille: 667 */
	const struct summary_mark third[] = {{D("2026-12-01"), 3, {MARK_LATE, 1, ABSENCE_NONE, NULL, 0}, false}};
	attendance_summarise(third, 1, &s);
	assert_int_equal(attendance_rate_permille(&s), 667);
}

/* The same month session by session, in another order, with the
 * unmarked sessions added as a count: the same summary. */
static void
test_summary_any_order(void **state)
{
	(void)state;
	const struct summary_mark marks[] = {
		{D("2026-12-10"), 180, {MARK_ABSENT, 0, ABSENCE_SICK_DOCTOR, NULL, 0}, false},
		{D("2026-12-07"), 90, {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false},
		{D("2026-12-04"), 180, {MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, true},
		{D("2026-12-01"), 180, {MARK_PRESENT, 0, ABSENCE_NONE, NULL, 0}, false},
		{D("2026-12-09"), 180, {MARK_LEFT_EARLY, 60, ABSENCE_LEAVE, "Dentist", 0}, false},
		{D("2026-12-03"), 180, {MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, false},
		{D("2026-12-07"), 90, {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false},
		{D("2026-12-02"), 180, {MARK_LATE, 30, ABSENCE_NONE, NULL, 0}, false},
	};
	struct attendance_summary s;
	struct summary_days days;
	memset(&s, 0, sizeof s);
	memset(&days, 0, sizeof days);
	for (size_t i = 0; i < NELEM(marks); i++)
		attendance_summary_add(&s, &days, &marks[i]);
	attendance_summary_unmarked(&s, 1, 180);
	attendance_summary_unmarked(&s, 0, 0);
	assert_int_equal(s.sessions, 9);
	assert_int_equal(s.unmarked_sessions, 1);
	assert_int_equal(s.scheduled_minutes, 1440);
	assert_int_equal(s.unmarked_minutes, 180);
	assert_int_equal(s.present_minutes, 450);
	assert_int_equal(s.absent_minutes[ABSENCE_UNEXCUSED], 390);
	assert_int_equal(s.absent_days[ABSENCE_UNEXCUSED], 2);
	assert_int_equal(s.absent_days[ABSENCE_SICK_SELF], 1);
	assert_int_equal(s.absent_days[ABSENCE_LEAVE], 0);
	assert_int_equal(s.absent_days[ABSENCE_SICK_DOCTOR], 1);
	assert_int_equal(attendance_rate_permille(&s), 357);
	/* the last and the first day of a month are days of their own */
	const struct summary_mark ends[] = {
		{D("2026-12-31"), 60, {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false},
		{D("2026-12-01"), 60, {MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false},
	};
	attendance_summarise(ends, NELEM(ends), &s);
	assert_int_equal(s.absent_days[ABSENCE_UNEXCUSED], 2);
	assert_int_equal(s.absent_minutes[ABSENCE_UNEXCUSED], 120);
}

static void
test_unexcused_absence(void **state)
{
	(void)state;
	static const struct {
		struct mark m;
		bool beyond;
		bool want;
	} rows[] = {
		{{MARK_ABSENT, 0, ABSENCE_UNEXCUSED, NULL, 0}, false, true},
		{{MARK_ABSENT, 0, ABSENCE_NONE, NULL, 0}, false, true},
		{{MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, true, true},
		{{MARK_ABSENT, 0, ABSENCE_SICK_SELF, NULL, 0}, false, false},
		{{MARK_ABSENT, 0, ABSENCE_SICK_DOCTOR, NULL, 0}, false, false},
		{{MARK_ABSENT, 0, ABSENCE_LEAVE, "Funeral", 0}, false, false},
		{{MARK_LATE, 30, ABSENCE_NONE, NULL, 0}, false, false},       /* there, though late */
		{{MARK_LEFT_EARLY, 30, ABSENCE_NONE, NULL, 0}, false, false},
		{{MARK_PRESENT, 0, ABSENCE_NONE, NULL, 0}, false, false},
		{{MARK_NONE, 0, ABSENCE_NONE, NULL, 0}, false, false},
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		if (mark_unexcused_absence(&rows[i].m, rows[i].beyond) != rows[i].want)
			fail_msg("row %zu", i);
}

/* Unexcused absences in a row: one case per line, the marked sessions
 * in date order ('u' an unexcused absence, 'p' any other mark), and the
 * run after them. */
static void
test_absence_run(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *days[6];
		const char *marks;
		int want_days;
		const char *want_since;   /* NULL when no run */
	} rows[] = {
		{"three days away", {"2026-11-16", "2026-11-17", "2026-11-18"}, "uuu", 3, "2026-11-16"},
		{"present on the last day", {"2026-11-16", "2026-11-17", "2026-11-18"}, "uup", 0, NULL},
		{"back, then away again", {"2026-11-16", "2026-11-17", "2026-11-18"}, "upu", 1, "2026-11-18"},
		{"a weekend between does not break it", {"2026-11-19", "2026-11-20", "2026-11-23"}, "uuu", 3,
		 "2026-11-19"},
		{"two sessions a day, both away", {"2026-11-16", "2026-11-16", "2026-11-17", "2026-11-17"}, "uuuu", 2,
		 "2026-11-16"},
		{"two sessions, came to the second", {"2026-11-16", "2026-11-17", "2026-11-17"}, "uup", 0, NULL},
		{"came to the first session of the day", {"2026-11-16", "2026-11-17", "2026-11-17"}, "upu", 0, NULL},
		{"nothing marked", {NULL}, "", 0, NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct absence_run r;
		memset(&r, 0, sizeof r);
		for (size_t k = 0; rows[i].marks[k]; k++)
			absence_run_add(&r, D(rows[i].days[k]), rows[i].marks[k] == 'u');
		if (r.days != rows[i].want_days)
			fail_msg("%s: %d days, want %d", rows[i].name, r.days, rows[i].want_days);
		if (rows[i].want_since == NULL)
			assert_int_equal(r.since.y, 0);
		else
			assert_int_equal(date_cmp(r.since, D(rows[i].want_since)), 0);
	}
}

/* A register's row: what it marks, read from its declared fields. */
static void
test_register_row(void **state)
{
	(void)state;
	struct register_row r;
	fields_clear(register_row_fields, &r);
	struct mark m = register_row_mark(&r);
	assert_int_equal(m.kind, MARK_NONE);
	assert_int_equal(m.type, ABSENCE_NONE);
	r.participant_id = 4;
	r.mark = MARK_LATE;
	r.minutes = 25;
	m = register_row_mark(&r);
	assert_int_equal(m.kind, MARK_LATE);
	assert_int_equal(m.minutes, 25);
	assert_int_equal(m.type, ABSENCE_NONE);
	r.mark = MARK_ABSENT;
	r.minutes = FIELD_NONE;
	r.absence = ABSENCE_LEAVE;
	r.reason = "Funeral";
	m = register_row_mark(&r);
	assert_int_equal(m.kind, MARK_ABSENT);
	assert_int_equal(m.minutes, 0);
	assert_int_equal(m.type, ABSENCE_LEAVE);
	assert_string_equal(m.reason, "Funeral");
	struct field_errors e = {0};
	assert_true(mark_check(&m, 150, "mark_4", &e));
	assert_int_equal(e.n, 0);
}

/* A self-certified absence with a doctor's note registered afterwards
 * counts as sickness with a note; nothing else changes. */
static void
test_mark_with_note(void **state)
{
	(void)state;
	static const struct {
		enum mark_kind kind;
		enum absence_type type;
		bool note;
		enum absence_type want;
	} cases[] = {
		{MARK_ABSENT, ABSENCE_SICK_SELF, true, ABSENCE_SICK_DOCTOR},
		{MARK_ABSENT, ABSENCE_SICK_SELF, false, ABSENCE_SICK_SELF},
		{MARK_ABSENT, ABSENCE_UNEXCUSED, true, ABSENCE_UNEXCUSED},
		{MARK_ABSENT, ABSENCE_LEAVE, true, ABSENCE_LEAVE},
		{MARK_LATE, ABSENCE_NONE, true, ABSENCE_NONE},
		{MARK_PRESENT, ABSENCE_NONE, false, ABSENCE_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct mark m = {.kind = cases[i].kind, .minutes = 0, .type = cases[i].type, .reason = ""};
		struct mark got = mark_with_note(m, cases[i].note);
		assert_int_equal(got.type, cases[i].want);
		assert_int_equal(got.kind, cases[i].kind);
	}
}

static bool
every_day_scheduled(void *ctx, struct date a, struct date b)
{
	(void)ctx;
	return date_to_days(b) - date_to_days(a) > 1;
}

/* Dated rules: a period is judged by the rule in force on its first day,
 * whatever rule its later days fall under. */
static void
test_self_cert_dated(void **state)
{
	(void)state;
	const struct self_cert_dated rules[] = {
		{{2000, 1, 1}, {3, 4}},
		{{2027, 1, 1}, {2, 4}},
	};
	static const struct {
		const char *day;
		bool beyond;
	} rows[] = {
		/* starts under the old rule: three days within it */
		{"2026-12-30", false}, {"2026-12-31", false}, {"2027-01-01", false}, {"2027-01-02", true},
		/* starts under the new rule: the third day is beyond */
		{"2027-01-10", false}, {"2027-01-11", false}, {"2027-01-12", true},
	};
	struct sick_day days[NELEM(rows)];
	for (size_t i = 0; i < NELEM(rows); i++)
		days[i] = (struct sick_day){.date = D(rows[i].day)};
	self_cert_apply_dated(rules, NELEM(rules), days, NELEM(rows), every_day_scheduled, NULL);
	for (size_t i = 0; i < NELEM(rows); i++)
		if (days[i].beyond != rows[i].beyond)
			fail_msg("%s: beyond %d, want %d", rows[i].day, days[i].beyond, rows[i].beyond);
	/* one rule: as self_cert_apply() */
	for (size_t i = 0; i < NELEM(rows); i++)
		days[i] = (struct sick_day){.date = D(rows[i].day)};
	self_cert_apply_dated(rules, 1, days, NELEM(rows), every_day_scheduled, NULL);
	assert_false(days[4].beyond);
	assert_false(days[6].beyond);
}

/* A new rule comes into force after today. */
static void
test_self_cert_rule_check(void **state)
{
	(void)state;
	static const struct {
		const char *from;
		bool ok;
	} rows[] = {{"2026-12-05", true}, {"2027-01-01", true}, {"2026-12-04", false}, {"2026-01-01", false}};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct self_cert_rule_input in = {D(rows[i].from), 3, 4};
		struct field_errors e = {0};
		bool ok = self_cert_rule_check(&in, D("2026-12-04"), &e);
		if (ok != rows[i].ok)
			fail_msg("%s: %d", rows[i].from, ok);
		if (!ok) {
			assert_string_equal(e.field[0], "valid_from");
			assert_string_equal(e.reason[0], "A new rule comes into force after today: the marks saved were counted by the rule of their day.");
		}
	}
}

/* A doctor's note: its period, not starting after today, at most 366
 * days. */
static void
test_doctor_note_check(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *from, *to;
		const char *key, *reason;   /* NULL: accepted */
		long long a0;
	} rows[] = {
		{"one day", "2026-11-12", "2026-11-12", NULL, NULL, 0},
		{"a week ending ahead", "2026-12-01", "2026-12-07", NULL, NULL, 0},
		{"366 days", "2025-12-04", "2026-12-04", NULL, NULL, 0},
		{"367 days", "2025-12-03", "2026-12-04", "to_on", "A note covers at most %lld days.", 366},
		{"last before first", "2026-11-12", "2026-11-11", "to_on", "The last day cannot be before the first.", 0},
		{"starts after today", "2026-12-05", "2026-12-06", "from_on",
		 "A note is registered for days that have passed: the first day cannot be after today.", 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct doctor_note n = {D(rows[i].from), D(rows[i].to)};
		struct field_errors e = {0};
		bool ok = doctor_note_check(&n, D("2026-12-04"), &e);
		if (rows[i].key == NULL) {
			if (!ok || e.n != 0)
				fail_msg("%s: %s", rows[i].name, e.reason[0]);
			continue;
		}
		if (ok || e.n != 1)
			fail_msg("%s: %d errors", rows[i].name, e.n);
		assert_string_equal(e.field[0], rows[i].key);
		assert_string_equal(e.reason[0], rows[i].reason);
		assert_int_equal(e.arg[0][0], rows[i].a0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mark_check),
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_self_cert),
		cmocka_unit_test(test_self_cert_other_rule),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_any_order),
		cmocka_unit_test(test_unexcused_absence),
		cmocka_unit_test(test_absence_run),
		cmocka_unit_test(test_register_row),
		cmocka_unit_test(test_mark_with_note),
		cmocka_unit_test(test_doctor_note_check),
		cmocka_unit_test(test_self_cert_dated),
		cmocka_unit_test(test_self_cert_rule_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
