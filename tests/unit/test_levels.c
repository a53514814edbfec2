/*
 * test_levels.c — Norwegian assessments (src/domain/levels.c): the rules
 * of an assessment as a table of cases, the rank a chart draws, and a
 * participant's progress for their group's page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/levels.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void
test_check(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *on;
		int64_t assessor;
		bool assessor_ok;
		int method;
		int levels[SKILL_COUNT];
		const char *note;
		const char *key, *reason;   /* NULL: accepted */
	} rows[] = {
		{"Norskprøven, all four", "2026-11-20", 0, false, METHOD_NORSKPROVEN,
		 {CEFR_A2, CEFR_B1, CEFR_A2, CEFR_A2}, "", NULL, NULL},
		{"the teacher's judgement of speaking", "2026-11-23", 7, true, METHOD_TEACHER,
		 {CEFR_NONE, CEFR_NONE, CEFR_B1, CEFR_NONE}, "", NULL, NULL},
		{"today", "2026-11-23", 0, false, METHOD_PLACEMENT, {CEFR_A1, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "",
		 NULL, NULL},
		{"tomorrow", "2026-11-24", 0, false, METHOD_TEACHER, {CEFR_A1, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "",
		 "assessed_on", "The date of the assessment cannot be in the future."},
		{"the day of birth", "1997-05-14", 0, false, METHOD_TEACHER, {CEFR_A1, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "",
		 NULL, NULL},
		{"before birth", "1997-05-13", 0, false, METHOD_TEACHER, {CEFR_A1, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "",
		 "assessed_on", "The date of the assessment cannot be before the participant's birth date."},
		{"no level", "2026-11-20", 0, false, METHOD_TEACHER, {CEFR_NONE, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "",
		 "listening", "Give the level of at least one skill."},
		{"an assessor who is not a teacher", "2026-11-20", 9, false, METHOD_TEACHER,
		 {CEFR_A1, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "", "assessor_id", "Choose the assessor from the list."},
		{"another test, not named", "2026-11-20", 0, false, METHOD_OTHER,
		 {CEFR_A1, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "", "note", "Name the test in the note."},
		{"another test, named", "2026-11-20", 0, false, METHOD_OTHER, {CEFR_A1, CEFR_NONE, CEFR_NONE, CEFR_NONE},
		 "Folkehøgskolens test", NULL, NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct assessment_input in;
		fields_clear(assessment_fields, &in);
		in.assessed_on = D(rows[i].on);
		in.assessor_id = rows[i].assessor;
		in.method = rows[i].method;
		memcpy(in.levels, rows[i].levels, sizeof in.levels);
		in.note = rows[i].note;
		struct field_errors e = {0};
		bool ok = assessment_check(&in, rows[i].assessor_ok, D("2026-11-23"), D("1997-05-14"), &e);
		if (rows[i].key == NULL) {
			if (!ok)
				fail_msg("%s: %s %s", rows[i].name, e.field[0], e.reason[0]);
		} else {
			if (ok || e.n != 1)
				fail_msg("%s: %d errors", rows[i].name, e.n);
			assert_string_equal(e.field[0], rows[i].key);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
}

/* The form reads each skill's level as its option key, and nothing else. */
static void
test_fields(void **state)
{
	(void)state;
	struct assessment_input in;
	fields_clear(assessment_fields, &in);
	for (int k = 0; k < SKILL_COUNT; k++)
		assert_int_equal(in.levels[k], CEFR_NONE);
	struct field_errors e = {0};
	struct arena *a = arena_new();
	assert_non_null(a);
	assert_true(field_read_text(fields_find(assessment_fields, "speaking"), "B2", &in, a, &e));
	assert_int_equal(in.levels[SKILL_SPEAKING], CEFR_B2);
	assert_int_equal(in.levels[SKILL_WRITING], CEFR_NONE);
	assert_false(field_read_text(fields_find(assessment_fields, "writing"), "D4", &in, a, &e));
	assert_string_equal(e.field[0], "writing");
	assert_string_equal(e.reason[0], "Choose a level from A1 to C1, or leave it empty.");
	assert_true(field_read_text(fields_find(assessment_fields, "method"), "norskproven", &in, a, &e));
	assert_int_equal(in.method, METHOD_NORSKPROVEN);
	arena_free(a);
}

static void
test_rank(void **state)
{
	(void)state;
	static const struct {
		int level, rank;
	} rows[] = {{CEFR_NONE, 0}, {CEFR_A1, 1}, {CEFR_A2, 2}, {CEFR_B1, 3}, {CEFR_B2, 4}, {CEFR_C1, 5}, {9, 0}};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(cefr_rank(rows[i].level), rows[i].rank);
}

/* The steps gained since the programme's start, the current levels and
 * the latest day, as a table of histories. */
static void
test_progress(void **state)
{
	(void)state;
	enum { L = SKILL_LISTENING, R = SKILL_READING, S = SKILL_SPEAKING, W = SKILL_WRITING };
	static const struct {
		const char *start;          /* "" none */
		struct {
			int skill, level;
			const char *on;
		} a[5];
		size_t n;
		int steps;
		int current[SKILL_COUNT];
		const char *last;           /* "" none */
	} rows[] = {
		/* nothing assessed */
		{"2026-01-10", {{0}}, 0, 0, {CEFR_NONE, CEFR_NONE, CEFR_NONE, CEFR_NONE}, ""},
		/* assessed once: no steps */
		{"2026-01-10", {{R, CEFR_A2, "2026-02-01"}}, 1, 0, {CEFR_NONE, CEFR_A2, CEFR_NONE, CEFR_NONE}, "2026-02-01"},
		/* from the level before the start: A1 then B1 after it is two */
		{"2026-01-10", {{L, CEFR_A2, "2025-06-01"}, {L, CEFR_A1, "2025-12-01"}, {L, CEFR_B1, "2026-05-01"}}, 3, 2,
		 {CEFR_B1, CEFR_NONE, CEFR_NONE, CEFR_NONE}, "2026-05-01"},
		/* none before the start: from the first after it, whatever order given */
		{"2026-01-10", {{S, CEFR_B1, "2026-06-01"}, {S, CEFR_A1, "2026-02-01"}, {W, CEFR_A2, "2026-03-01"}}, 3, 2,
		 {CEFR_NONE, CEFR_NONE, CEFR_B1, CEFR_A2}, "2026-06-01"},
		/* on the start day is the start's level; skills add up; a step back counts */
		{"2026-01-10", {{R, CEFR_A1, "2026-01-10"}, {R, CEFR_A2, "2026-04-01"}, {W, CEFR_B1, "2026-01-10"},
				 {W, CEFR_A2, "2026-04-02"}, {L, CEFR_A1, "2026-04-03"}}, 5, 0,
		 {CEFR_A1, CEFR_A2, CEFR_NONE, CEFR_A2}, "2026-04-03"},
		/* no programme period: from the first */
		{"", {{R, CEFR_A1, "2024-01-10"}, {R, CEFR_B2, "2025-04-01"}}, 2, 3,
		 {CEFR_NONE, CEFR_B2, CEFR_NONE, CEFR_NONE}, "2025-04-01"},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct level_on a[5];
		for (size_t k = 0; k < rows[i].n; k++)
			a[k] = (struct level_on){rows[i].a[k].skill, rows[i].a[k].level, D(rows[i].a[k].on)};
		struct level_progress p;
		levels_progress(a, rows[i].n, rows[i].start[0] ? D(rows[i].start) : (struct date){0}, &p);
		if (p.steps != rows[i].steps)
			fail_msg("row %zu: %d steps, not %d", i, p.steps, rows[i].steps);
		for (int k = 0; k < SKILL_COUNT; k++)
			assert_int_equal(p.current[k], rows[i].current[k]);
		if (rows[i].last[0] == '\0')
			assert_int_equal(p.last.y, 0);
		else
			assert_int_equal(date_cmp(p.last, D(rows[i].last)), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_progress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
