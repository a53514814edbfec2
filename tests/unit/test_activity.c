/*
 * test_activity.c — the catalogue, groups, sessions, closures and
 * enrolment in groups (src/domain/activity.c), as tables of cases: the
 * eight built-in types, a group's rules (period, level of a Norwegian
 * class, teachers, timetable, marked sessions kept inside), a session moved
 * or added (times, the group's period, public holidays, closures), a
 * closure, an enrolment's dates, and places taken in a group.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/activity.h"
#include "domain/participant.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	if (s != NULL && *s)
		assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void
test_builtins(void **state)
{
	(void)state;
	static const char *const keys[ACTIVITY_BUILTINS] = {"norwegian", "conversation", "job_club", "vocational",
		"thematic", "health_group", "cook_dialogue", "of_course_i_can"};
	for (size_t i = 0; i < ACTIVITY_BUILTINS; i++) {
		assert_string_equal(activity_builtins[i].key, keys[i]);
		assert_ptr_equal(activity_builtin_of(keys[i]), &activity_builtins[i]);
		/* only the health group is for health staff only */
		assert_int_equal(activity_builtins[i].health_only, strcmp(keys[i], "health_group") == 0);
	}
	assert_null(activity_builtin_of("knitting"));
	assert_null(activity_builtin_of(NULL));
	bool tr = true;
	assert_string_equal(activity_type_label("job_club", NULL, &tr), "Job club");
	assert_true(tr);
	assert_string_equal(activity_type_label("", "Sykkelkurs", &tr), "Sykkelkurs");
	assert_false(tr);
	assert_int_equal(activity_builtin_of("norwegian")->kind, KIND_LANGUAGE);
	assert_int_equal(activity_builtin_of("of_course_i_can")->kind, KIND_SELF_MOTIVATION);
}

struct group_row {
	const char *name;
	const char *starts, *ends;
	int level;
	bool norwegian, health_only, type_found;
	int64_t teachers[3];
	int roles[3];
	size_t nteachers;
	struct group_slot slots[3];
	size_t nslots;
	const char *first_marked, *last_marked;
	const char *key;      /* NULL: accepted */
	const char *reason;
};

#define MON 0
#define TUE 1
static const struct group_row group_rows[] = {
	{"a Norwegian class", "2026-08-17", "2026-12-18", CEFR_A2, true, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "11:30"}, {TUE, "09:00", "11:30"}}, 2, NULL, NULL, NULL, NULL},
	{"the job club, health staff teaching", "2026-08-17", "2026-12-18", CEFR_NONE, false, false, true, {5, 6},
	 {1, 2}, 2, {{MON, "12:00", "13:00"}}, 1, NULL, NULL, NULL, NULL},
	{"a one-day group", "2026-08-17", "2026-08-17", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "12:00", "13:00"}}, 1, NULL, NULL, NULL, NULL},
	{"unknown type", "2026-08-17", "2026-12-18", CEFR_NONE, false, false, false, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, "activity_type_id", "Choose one of the activities in the list."},
	{"ends before it starts", "2026-08-17", "2026-08-16", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, "ends_on", "The group cannot end before it starts."},
	{"longer than two years", "2026-01-01", "2028-01-02", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, "ends_on",
	 "A group runs at most two years; make a new group for the next."},
	{"two years exactly", "2026-01-01", "2027-12-31", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, NULL, NULL},
	{"Norwegian class without a level", "2026-08-17", "2026-12-18", CEFR_NONE, true, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, "level", "Choose the level the Norwegian class teaches."},
	{"not a teacher", "2026-08-17", "2026-12-18", CEFR_NONE, false, false, true, {5, 7}, {1, 0}, 2,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, "teachers.2", "Choose the teachers from the list."},
	{"a teacher twice", "2026-08-17", "2026-12-18", CEFR_NONE, false, false, true, {5, 5}, {1, 1}, 2,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, "teachers.2", "This teacher is chosen twice."},
	{"health group with a teacher", "2026-08-17", "2026-12-18", CEFR_NONE, false, true, true, {6, 5}, {2, 1}, 2,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, "teachers.2", "Only health staff teach a group of this activity."},
	{"health group with health staff", "2026-08-17", "2026-12-18", CEFR_NONE, false, true, true, {6}, {2}, 1,
	 {{MON, "09:00", "10:00"}}, 1, NULL, NULL, NULL, NULL},
	{"overlapping slots", "2026-08-17", "2026-12-18", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "11:00"}, {MON, "10:30", "12:00"}}, 2, NULL, NULL, "slots.2",
	 "This time overlaps another on the same day."},
	{"slot ends before it starts", "2026-08-17", "2026-12-18", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{TUE, "11:00", "10:00"}}, 1, NULL, NULL, "slots.1", "The end must be after the start."},
	{"slot in the night", "2026-08-17", "2026-12-18", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{TUE, "05:00", "07:00"}}, 1, NULL, NULL, "slots.1", "A time in the week is between 06:00 and 22:00."},
	{"marks before the new start", "2026-09-01", "2026-12-18", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, "2026-08-24", "2026-11-30", "starts_on",
	 "Sessions before this date have marks: the group must start on or before the first of them."},
	{"marks after the new end", "2026-08-17", "2026-11-27", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, "2026-08-24", "2026-11-30", "ends_on",
	 "Sessions after this date have marks: the group must end on or after the last of them."},
	{"marks inside", "2026-08-24", "2026-11-30", CEFR_NONE, false, false, true, {5}, {1}, 1,
	 {{MON, "09:00", "10:00"}}, 1, "2026-08-24", "2026-11-30", NULL, NULL},
};

static void
test_group_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(group_rows); i++) {
		const struct group_row *row = &group_rows[i];
		struct group g;
		fields_clear(group_fields, &g);
		g.activity_type_id = 3;
		g.name = "G";
		g.capacity = 12;
		g.starts_on = D(row->starts);
		g.ends_on = D(row->ends);
		g.level = row->level;
		struct group_teacher t[3];
		for (size_t k = 0; k < row->nteachers; k++)
			t[k].user_id = row->teachers[k];
		g.teachers = (struct field_list){row->nteachers, t};
		g.slots = (struct field_list){row->nslots, (void *)row->slots};
		struct group_facts facts = {row->type_found, row->norwegian, row->health_only, row->roles,
					    D(row->last_marked), D(row->first_marked)};
		struct field_errors e = {0};
		struct slot slots[TIMETABLE_MAX_SLOTS];
		size_t n = 99;
		bool ok = group_check(&g, &facts, slots, &n, &e);
		if (row->key == NULL) {
			if (!ok || e.n != 0)
				fail_msg("%s: refused: %s %s", row->name, e.field[0], e.reason[0]);
			assert_int_equal(n, row->nslots);
			assert_int_equal(slots[0].weekday, row->slots[0].weekday + 1);
		} else {
			if (ok || e.n != 1)
				fail_msg("%s: %d errors", row->name, e.n);
			assert_string_equal(e.field[0], row->key);
			assert_string_equal(e.reason[0], row->reason);
		}
	}
}

struct session_row {
	const char *name;
	const char *date, *start, *end;
	const char *key;
	const char *reason;
};

static const struct session_row session_rows[] = {
	{"a Wednesday in the period", "2026-09-16", "09:00", "11:00", NULL, NULL},
	{"the group's first day", "2026-08-17", "09:00", "11:00", NULL, NULL},
	{"the group's last day", "2026-12-18", "09:00", "11:00", NULL, NULL},
	{"before the group", "2026-08-16", "09:00", "11:00", "on_date", "The date is outside the group's period."},
	{"after the group", "2026-12-19", "09:00", "11:00", "on_date", "The date is outside the group's period."},
	{"after the group, Christmas Day", "2026-12-25", "09:00", "11:00", "on_date", "The date is outside the group's period."},
	{"before the group, Constitution Day", "2026-05-17", "09:00", "11:00", "on_date", "The date is outside the group's period."},
	{"in the autumn holiday closure", "2026-10-07", "09:00", "11:00", "on_date", "The centre is closed that day."},
	{"the start after the end", "2026-09-16", "11:00", "09:00", "end", "The end must be after the start."},
	{"too early", "2026-09-16", "05:30", "07:00", "start", "A session is between 06:00 and 22:00."},
};

static void
test_session_input(void **state)
{
	(void)state;
	const struct closure autumn[] = {{D("2026-10-05"), D("2026-10-09")}};
	for (size_t i = 0; i < NELEM(session_rows); i++) {
		const struct session_row *row = &session_rows[i];
		struct session_input in = {D(row->date), row->start, row->end, "", 0};
		struct field_errors e = {0};
		struct session_time t;
		bool ok = session_input_check(&in, D("2026-08-17"), D("2026-12-18"), autumn, 1, &t, &e);
		if (row->key == NULL) {
			if (!ok)
				fail_msg("%s: %s %s", row->name, e.field[0], e.reason[0]);
			assert_int_equal(date_cmp(t.date, D(row->date)), 0);
		} else {
			if (ok || e.n != 1)
				fail_msg("%s: %d errors", row->name, e.n);
			assert_string_equal(e.field[0], row->key);
			assert_string_equal(e.reason[0], row->reason);
		}
	}
	/* public holidays inside a group's period, the Easter-dependent too */
	static const char *const holidays[] = {"2026-04-02", "2026-04-03", "2026-04-06", "2026-05-01",
					       "2026-05-14", "2026-05-25", "2027-03-25", "2027-05-06"};
	for (size_t i = 0; i < NELEM(holidays); i++) {
		struct session_input in = {D(holidays[i]), "09:00", "10:00", "", 0};
		struct field_errors e = {0};
		assert_false(session_input_check(&in, D("2026-01-01"), D("2027-12-31"), NULL, 0, NULL, &e));
		assert_string_equal(e.reason[0], "That day is a public holiday.");
	}
	struct group_session s = {.start_min = 540, .end_min = 690};
	assert_int_equal(group_session_minutes(&s), 150);
}

static void
test_closure(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to;
		const char *reason;
	} rows[] = {
		{"2026-06-29", "2026-08-07", NULL},
		{"2026-12-21", "2027-01-01", NULL},
		{"2026-12-24", "2026-12-24", NULL},
		{"2026-08-07", "2026-06-29", "The last day cannot be before the first."},
		{"2026-06-01", "2026-10-01", NULL},   /* 123 days: the most */
		{"2026-06-01", "2026-10-02", "A closure lasts at most four months."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct closure_period c = {0, "Summer", D(rows[i].from), D(rows[i].to), 0};
		struct field_errors e = {0};
		bool ok = closure_check(&c, &e);
		if (rows[i].reason == NULL) {
			if (!ok)
				fail_msg("row %zu: %s", i, e.reason[0]);
		} else {
			assert_false(ok);
			assert_string_equal(e.field[0], "to_on");
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
}

static void
test_enrolment_check(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *today, *starts, *ends;
		const char *want_start, *want_end;   /* when accepted */
		const char *key, *reason;
	} rows[] = {
		{"no dates, group running", "2026-09-10", "", "", "2026-09-10", "2026-12-18", NULL, NULL},
		{"no dates, group not started", "2026-08-01", "", "", "2026-08-17", "2026-12-18", NULL, NULL},
		{"dates given", "2026-09-10", "2026-09-14", "2026-11-30", "2026-09-14", "2026-11-30", NULL, NULL},
		{"from a day past", "2026-09-10", "2026-09-01", "", "2026-09-01", "2026-12-18", NULL, NULL},
		{"start before the group", "2026-08-01", "2026-08-10", "", NULL, NULL, "starts_on",
		 "The start is outside the group's period."},
		{"start after the group", "2026-08-01", "2026-12-21", "", NULL, NULL, "starts_on",
		 "The start is outside the group's period."},
		{"end after the group", "2026-08-01", "", "2027-01-15", NULL, NULL, "ends_on",
		 "The end is outside the group's period."},
		{"end before the start", "2026-08-01", "2026-10-01", "2026-09-30", NULL, NULL, "ends_on",
		 "The end cannot be before the start."},
		{"ended already", "2026-10-10", "2026-09-01", "2026-10-01", NULL, NULL, "ends_on",
		 "The group has ended for this period; choose an end from today."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct group_enrolment en;
		fields_clear(group_enrolment_fields, &en);
		en.starts_on = D(rows[i].starts);
		en.ends_on = D(rows[i].ends);
		struct field_errors e = {0};
		bool ok = group_enrolment_check(&en, D("2026-08-17"), D("2026-12-18"), D(rows[i].today), &e);
		if (rows[i].key == NULL) {
			if (!ok)
				fail_msg("%s: %s %s", rows[i].name, e.field[0], e.reason[0]);
			assert_int_equal(date_cmp(en.starts_on, D(rows[i].want_start)), 0);
			assert_int_equal(date_cmp(en.ends_on, D(rows[i].want_end)), 0);
		} else {
			if (ok || e.n != 1)
				fail_msg("%s: %d errors", rows[i].name, e.n);
			assert_string_equal(e.field[0], rows[i].key);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
}

static void
test_places(void **state)
{
	(void)state;
	const struct date s[] = {D("2026-08-17"), D("2026-08-17"), D("2026-10-01"), D("2026-11-01")};
	const struct date e[] = {D("2026-09-30"), D("2026-12-18"), D("2026-12-18"), {0, 0, 0}};
	static const struct {
		const char *from, *to;
		int want;
	} rows[] = {
		{"2026-08-17", "2026-12-18", 3},   /* Oct: 2nd, 3rd; Nov on: 2nd, 3rd, 4th */
		{"2026-08-17", "2026-09-30", 2},   /* the 1st and 2nd */
		{"2026-10-01", "2026-10-31", 2},   /* the 1st left the day before the 3rd came */
		{"2027-01-01", "2027-02-01", 1},   /* only the open-ended one */
		{"2026-01-01", "2026-08-16", 0},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		int got = group_places_taken(s, e, NELEM(s), D(rows[i].from), D(rows[i].to));
		if (got != rows[i].want)
			fail_msg("%s..%s: %d, want %d", rows[i].from, rows[i].to, got, rows[i].want);
	}
	assert_int_equal(group_places_taken(NULL, NULL, 0, D("2026-01-01"), D("2026-12-31")), 0);
}

/* An enrolment ended early: inside its period, not before a day with a
 * mark. */
static void
test_enrolment_end_check(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *ends_on, *last_mark;
		const char *reason;   /* NULL: accepted */
	} rows[] = {
		{"inside, no marks", "2026-10-01", "", NULL},
		{"the first day", "2026-09-01", "", NULL},
		{"the last day (only the reason)", "2026-12-18", "", NULL},
		{"on the day of the last mark", "2026-10-05", "2026-10-05", NULL},
		{"after the last mark", "2026-10-06", "2026-10-05", NULL},
		{"before the last mark", "2026-10-04", "2026-10-05", "The participant has marks in the group after that day."},
		{"before the start", "2026-08-31", "", "The last day must be inside the enrolment's period."},
		{"after the end", "2026-12-19", "", "The last day must be inside the enrolment's period."},
		{"not given: the required rule says it", "", "2026-10-05", NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct enrolment_end in = {.ends_on = D(rows[i].ends_on), .reason = "Moved"};
		struct field_errors e = {0};
		bool ok = enrolment_end_check(&in, D("2026-09-01"), D("2026-12-18"), D(rows[i].last_mark), &e);
		if (rows[i].reason == NULL) {
			if (!ok || e.n != 0)
				fail_msg("%s: %s", rows[i].name, e.reason[0]);
		} else {
			if (ok || e.n != 1)
				fail_msg("%s: %d errors", rows[i].name, e.n);
			assert_string_equal(e.field[0], "ends_on");
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
}

/* A group's capacity changed: never below the places taken. */
static void
test_capacity_check(void **state)
{
	(void)state;
	static const struct {
		int64_t capacity;
		int taken;
		bool ok;
	} rows[] = {
		{5, 3, true}, {3, 3, true}, {2, 3, false}, {1, 0, true}, {FIELD_NONE, 9, true}, {1, 12, false},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct field_errors e = {0};
		bool ok = group_capacity_check(rows[i].capacity, rows[i].taken, &e);
		if (ok != rows[i].ok)
			fail_msg("capacity %lld, taken %d: %d", (long long)rows[i].capacity, rows[i].taken, ok);
		if (!ok) {
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], "capacity");
			assert_string_equal(e.reason[0],
					    "%lld participants are enrolled in the group: it cannot have fewer places than that, not %lld.");
			assert_int_equal(e.arg[0][0], rows[i].taken);
			assert_int_equal(e.arg[0][1], rows[i].capacity);
		}
	}
}

/* An enrolment's status as the page and the API say it on 2026-10-01,
 * by one rule: "ended" (Ended) once its last day has passed. */
static void
test_enrolment_status_shown(void **state)
{
	(void)state;
	static const struct {
		int status;
		const char *ends_on;
		const char *key, *label;
	} rows[] = {
		{ENROL_ENROLLED, "2026-12-18", "enrolled", "Enrolled"},
		{ENROL_ENROLLED, "2026-10-01", "enrolled", "Enrolled"},
		{ENROL_ENROLLED, "2026-09-30", "ended", "Ended"},
		{ENROL_WAITING, "2026-12-18", "waiting", "On the waiting list"},
		{ENROL_WAITING, "2026-09-30", "waiting", "On the waiting list"},
		{ENROL_REMOVED, "2026-12-18", "removed", "Removed"},
		{ENROL_REMOVED, "2026-09-30", "removed", "Removed"},
		{ENROL_STATUS_COUNT, "2026-12-18", "", ""},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct group_enrolment en = {.status = rows[i].status, .starts_on = D("2026-09-01"),
					     .ends_on = D(rows[i].ends_on)};
		assert_string_equal(group_enrolment_status_key(&en, D("2026-10-01")), rows[i].key);
		assert_string_equal(group_enrolment_status_label(&en, D("2026-10-01")), rows[i].label);
	}
}

/* Who has left the programme, to whom no place in a group is offered. */
static void
test_place_refusal(void **state)
{
	(void)state;
	static const struct {
		const char *status;
		bool left;
	} rows[] = {
		{"registered", false}, {"referred", false}, {"waiting", false}, {"offered", false},
		{"active", false}, {"paused", false}, {"exited", true}, {"closed", true}, {"", false},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(participant_has_left(rows[i].status), rows[i].left);
		const char *why = group_place_refusal(rows[i].status);
		struct field_errors e = {0};
		assert_int_equal(group_enrolment_period_check(rows[i].status, &e), !rows[i].left);
		if (rows[i].left) {
			assert_string_equal(why, "The participant has left the programme: a place in a group is not for "
						 "someone who has left.");
			assert_int_equal(e.n, 1);
			assert_string_equal(e.field[0], "participant_id");
			assert_string_equal(e.reason[0], why);
		} else {
			assert_null(why);
			assert_int_equal(e.n, 0);
		}
	}
	assert_false(participant_has_left(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_group_check),
		cmocka_unit_test(test_session_input),
		cmocka_unit_test(test_closure),
		cmocka_unit_test(test_enrolment_check),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_enrolment_end_check),
		cmocka_unit_test(test_capacity_check),
		cmocka_unit_test(test_enrolment_status_shown),
		cmocka_unit_test(test_place_refusal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
