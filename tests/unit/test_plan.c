/*
 * test_plan.c — table-driven tests of the work-plan rules
 * (src/domain/plan.c): category and status keys, the plan's free text and
 * agreement date, goals with their steps, evaluation dates, the steps' text
 * for the goal history and the comparison of two versions of a goal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/plan.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2025, 3, 14};
static const struct date START = {2024, 9, 2};   /* the programme period's start */

/* Writable copies of test strings (validators trim in place). */
static char pool[40][17000];
static size_t pool_next;

static char *
w(const char *s)
{
	if (s == NULL)
		return NULL;
	assert_true(pool_next < NELEM(pool));
	assert_true(strlen(s) < sizeof pool[0]);
	char *p = pool[pool_next++];
	strcpy(p, s);
	return p;
}

static void
pool_reset(void)
{
	pool_next = 0;
}

/* A string of n copies of the UTF-8 text unit. */
static char *
repeat(const char *unit, size_t n)
{
	assert_true(pool_next < NELEM(pool));
	char *p = pool[pool_next++];
	size_t ul = strlen(unit);
	assert_true(ul * n < sizeof pool[0]);
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * ul, unit, ul);
	p[ul * n] = '\0';
	return p;
}

static const char *
error_for(const struct field_errors *e, const char *field)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return e->reason[i];
	return NULL;
}

/* ---- keys and labels ---- */

static void
test_category_keys(void **state)
{
	static const struct { const char *key, *label; enum goal_category c; } rows[] = {
		{"language", "Language", GOAL_LANGUAGE},
		{"work", "Work", GOAL_WORK},
		{"education", "Education", GOAL_EDUCATION},
		{"health", "Health", GOAL_HEALTH},
		{"everyday", "Everyday life", GOAL_EVERYDAY},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum goal_category c = 0;
		assert_int_equal(goal_category_parse(rows[i].key, &c), SC_OK);
		assert_int_equal(c, rows[i].c);
		assert_string_equal(goal_category_key(c), rows[i].key);
		assert_string_equal(goal_category_label(c), rows[i].label);
		assert_string_equal(goal_category_label_of(rows[i].key), rows[i].label);
	}
	static const char *const bad[] = {"", "Language", "everyday life", "everyday_life", "job",
					  " work", "work ", "0"};
	for (size_t i = 0; i < NELEM(bad); i++) {
		enum goal_category c = GOAL_WORK;
		assert_int_equal(goal_category_parse(bad[i], &c), SC_EINVAL);
		assert_int_equal(c, GOAL_WORK);
	}
	enum goal_category c;
	assert_int_equal(goal_category_parse(NULL, &c), SC_EINVAL);
	assert_string_equal(goal_category_key(0), "");
	assert_string_equal(goal_category_key(99), "");
	assert_string_equal(goal_category_label_of("mystery"), "mystery");
	assert_string_equal(goal_category_label_of(NULL), "");
}

static void
test_status_keys(void **state)
{
	static const struct { const char *key, *label; enum goal_status s; } rows[] = {
		{"planned", "Planned", GOAL_PLANNED},
		{"in_progress", "In progress", GOAL_IN_PROGRESS},
		{"achieved", "Achieved", GOAL_ACHIEVED},
		{"dropped", "Dropped", GOAL_DROPPED},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum goal_status s = 0;
		assert_int_equal(goal_status_parse(rows[i].key, &s), SC_OK);
		assert_int_equal(s, rows[i].s);
		assert_string_equal(goal_status_key(s), rows[i].key);
		assert_string_equal(goal_status_label(s), rows[i].label);
		assert_string_equal(goal_status_label_of(rows[i].key), rows[i].label);
	}
	static const char *const bad[] = {"", "in progress", "In_progress", "done", "PLANNED"};
	for (size_t i = 0; i < NELEM(bad); i++) {
		enum goal_status s = GOAL_DROPPED;
		assert_int_equal(goal_status_parse(bad[i], &s), SC_EINVAL);
		assert_int_equal(s, GOAL_DROPPED);
	}
	assert_string_equal(goal_status_label(0), "");
	assert_string_equal(goal_status_key(5), "");
}

/* ---- the plan ---- */

static void
test_plan_valid(void **state)
{
	static const struct {
		const char *wishes, *resources, *agreed;
		const char *want_wishes;
		bool has_agreed;
	} rows[] = {
		{NULL, NULL, NULL, "", false},
		{"", "", "", "", false},
		{"  Work in a kitchen  \n", "Good with people", "2025-03-14", "Work in a kitchen", true},
		{"Line one\nLine two\r\n\tindented", "", "2024-09-02", "Line one\nLine two\r\n\tindented", true},
		{"Jobbe på kafé — «gjerne»", "Snakker somali og arabisk", "2020-01-01",
		 "Jobbe på kafé — «gjerne»", true},
		{"x", "y", "  2025-01-31 ", "x", true},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		pool_reset();
		struct plan_form f = {w(rows[i].wishes), w(rows[i].resources), w(rows[i].agreed)};
		struct plan p;
		struct field_errors e;
		if (plan_validate(&f, TODAY, &p, &e) != SC_OK)
			fail_msg("row %zu refused: %s: %s", i, e.field[0], e.reason[0]);
		assert_string_equal(p.wishes, rows[i].want_wishes);
		assert_int_equal(p.has_agreed, rows[i].has_agreed);
	}
	/* The longest text: 8000 characters, Norwegian letters counted once. */
	pool_reset();
	struct plan_form f = {repeat("ø", PLAN_TEXT_MAX), repeat("a", PLAN_TEXT_MAX), NULL};
	struct plan p;
	struct field_errors e;
	assert_int_equal(plan_validate(&f, TODAY, &p, &e), SC_OK);
	assert_int_equal(e.n, 0);
}

static void
test_plan_invalid(void **state)
{
	static const struct {
		const char *wishes, *resources, *agreed;
		const char *field, *reason;
	} rows[] = {
		{"", "", "2025-03-15", "agreed_on", "The date of the agreement cannot be in the future."},
		{"", "", "2030-01-01", "agreed_on", "The date of the agreement cannot be in the future."},
		{"", "", "14.03.2025", "agreed_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"", "", "2025-02-30", "agreed_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"", "", "2025-3-1", "agreed_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"", "", "yesterday", "agreed_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"bell\x07", "", "", "wishes", "This text has characters that are not allowed."},
		{"", "esc\x1b[0m", "", "resources", "This text has characters that are not allowed."},
		{"bad \xC3\x28 utf8", "", "", "wishes", "This text has characters that are not allowed."},
		{"del\x7f", "", "", "wishes", "This text has characters that are not allowed."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		pool_reset();
		struct plan_form f = {w(rows[i].wishes), w(rows[i].resources), w(rows[i].agreed)};
		struct plan p;
		struct field_errors e;
		assert_int_equal(plan_validate(&f, TODAY, &p, &e), SC_EINVAL);
		const char *got = error_for(&e, rows[i].field);
		if (got == NULL)
			fail_msg("row %zu: no error for %s", i, rows[i].field);
		assert_string_equal(got, rows[i].reason);
		assert_int_equal(e.n, 1);
	}
	/* Too long: one character over, in each field; both reported. */
	pool_reset();
	struct plan_form f = {repeat("å", PLAN_TEXT_MAX + 1), repeat("b", PLAN_TEXT_MAX + 1), w("2099-01-01")};
	struct plan p;
	struct field_errors e;
	assert_int_equal(plan_validate(&f, TODAY, &p, &e), SC_EINVAL);
	assert_int_equal(e.n, 3);
	assert_string_equal(error_for(&e, "wishes"), "The participant's wishes can be at most 8000 characters.");
	assert_string_equal(error_for(&e, "resources"), "The resources assessment can be at most 8000 characters.");
	assert_non_null(error_for(&e, "agreed_on"));
}

/* ---- goals ---- */

struct goal_row {
	const char *category, *title, *target, *status;
	const char *steps[4][3];   /* description, due, done */
};

static void
fill_goal(struct goal_form *f, const struct goal_row *row)
{
	memset(f, 0, sizeof *f);
	f->category = w(row->category);
	f->title = w(row->title);
	f->target_date = w(row->target);
	f->status = w(row->status);
	f->nsteps = 4;
	for (size_t i = 0; i < 4; i++) {
		f->steps[i].description = w(row->steps[i][0]);
		f->steps[i].due_on = w(row->steps[i][1]);
		f->steps[i].done_on = w(row->steps[i][2]);
	}
}

static void
test_goal_valid(void **state)
{
	static const struct {
		struct goal_row in;
		enum goal_category cat;
		enum goal_status status;
		size_t nsteps;
		bool has_target;
	} rows[] = {
		{{"language", "Pass the A2 test in speaking", "2025-06-01", "planned",
		  {{"Attend Norwegian class four days a week", "2025-04-01", NULL}}},
		 GOAL_LANGUAGE, GOAL_PLANNED, 1, true},
		{{"work", "Internship in a canteen", "", "in_progress",
		  {{"Visit Cook and Dialogue", NULL, "2025-03-14"}, {"Talk to the employer", "2025-05-01", ""}}},
		 GOAL_WORK, GOAL_IN_PROGRESS, 2, false},
		/* status empty = planned; target on the period's first day */
		{{"everyday", "Open a bank account", "2024-09-02", "",
		  {{"Bring the residence card", "", ""}}},
		 GOAL_EVERYDAY, GOAL_PLANNED, 1, true},
		/* blank rows between and after are skipped */
		{{"health", "Join the health group", NULL, "achieved",
		  {{NULL, NULL, NULL}, {"  Go every Tuesday  ", NULL, NULL}, {"", " ", ""}, {"Ask the nurse", NULL, NULL}}},
		 GOAL_HEALTH, GOAL_ACHIEVED, 2, false},
		{{"education", "Start vocational course", "2027-08-15", "dropped",
		  {{"Apply", "2026-01-15", "2024-01-01"}}},
		 GOAL_EDUCATION, GOAL_DROPPED, 1, true},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		pool_reset();
		struct goal_form f;
		fill_goal(&f, &rows[i].in);
		struct goal g;
		struct field_errors e;
		if (goal_validate(&f, START, TODAY, &g, &e) != SC_OK)
			fail_msg("row %zu refused: %s: %s", i, e.field[0], e.reason[0]);
		assert_int_equal(g.category, rows[i].cat);
		assert_int_equal(g.status, rows[i].status);
		assert_int_equal(g.nsteps, rows[i].nsteps);
		assert_int_equal(g.has_target, rows[i].has_target);
	}
	/* Trimmed, and dates parsed. */
	pool_reset();
	struct goal_form f;
	struct goal_row row = {"health", "Join the health group", NULL, "achieved",
			       {{NULL, NULL, NULL}, {"  Go every Tuesday  ", "2025-04-01", "2025-03-01"}}};
	fill_goal(&f, &row);
	struct goal g;
	struct field_errors e;
	assert_int_equal(goal_validate(&f, START, TODAY, &g, &e), SC_OK);
	assert_string_equal(g.steps[0].description, "Go every Tuesday");
	assert_true(g.steps[0].has_due && g.steps[0].has_done);
	assert_int_equal(g.steps[0].due.m, 4);
	assert_int_equal(g.steps[0].done.d, 1);

	/* The most: 20 steps, a 200-character title, 300-character steps. */
	pool_reset();
	memset(&f, 0, sizeof f);
	f.category = w("work");
	f.title = repeat("æ", GOAL_TITLE_MAX);
	f.nsteps = GOAL_STEPS_MAX;
	for (size_t i = 0; i < GOAL_STEPS_MAX; i++)
		f.steps[i].description = i == 0 ? repeat("s", STEP_TEXT_MAX) : w("step");
	assert_int_equal(goal_validate(&f, START, TODAY, &g, &e), SC_OK);
	assert_int_equal(g.nsteps, GOAL_STEPS_MAX);
}

static void
test_goal_invalid(void **state)
{
	static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";
	static const struct {
		struct goal_row in;
		const char *field, *reason;
	} rows[] = {
		{{"", "Goal", "", "", {{"s"}}}, "category", "Choose the goal's category."},
		{{NULL, "Goal", "", "", {{"s"}}}, "category", "Choose the goal's category."},
		{{"job", "Goal", "", "", {{"s"}}}, "category",
		 "Choose language, work, education, health or everyday life."},
		{{"Everyday life", "Goal", "", "", {{"s"}}}, "category",
		 "Choose language, work, education, health or everyday life."},
		{{"work", "", "", "", {{"s"}}}, "title", "Write the goal."},
		{{"work", "   ", "", "", {{"s"}}}, "title", "Write the goal."},
		{{"work", "two\nlines", "", "", {{"s"}}}, "title",
		 "A goal is one line of text without special characters."},
		{{"work", "tab\there", "", "", {{"s"}}}, "title",
		 "A goal is one line of text without special characters."},
		{{"work", "Goal", "2024-09-01", "", {{"s"}}}, "target_date",
		 "The target date cannot be before the programme period starts."},
		{{"work", "Goal", "2025-13-01", "", {{"s"}}}, "target_date", R_DATE},
		{{"work", "Goal", "01.06.2025", "", {{"s"}}}, "target_date", R_DATE},
		{{"work", "Goal", "", "done", {{"s"}}}, "status",
		 "Choose planned, in progress, achieved or dropped."},
		{{"work", "Goal", "", "in progress", {{"s"}}}, "status",
		 "Choose planned, in progress, achieved or dropped."},
		{{"work", "Goal", "", "", {{NULL}}}, "steps", "Add at least one step toward the goal."},
		{{"work", "Goal", "", "", {{"  ", " ", ""}}}, "steps", "Add at least one step toward the goal."},
		{{"work", "Goal", "", "", {{"", "2025-04-01", ""}}}, "step_1_text",
		 "Describe the step, or clear its dates."},
		{{"work", "Goal", "", "", {{"first"}, {"", "", "2025-01-01"}}}, "step_2_text",
		 "Describe the step, or clear its dates."},
		{{"work", "Goal", "", "", {{"a\nb"}}}, "step_1_text",
		 "A step is one line of text without special characters."},
		{{"work", "Goal", "", "", {{"s", "2025-02-29"}}}, "step_1_due", R_DATE},
		{{"work", "Goal", "", "", {{"a"}, {"b"}, {"s", "", "2025-3-1"}}}, "step_3_done", R_DATE},
		{{"work", "Goal", "", "", {{"s", "", "2025-03-15"}}}, "step_1_done",
		 "A step cannot be done on a date in the future."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		pool_reset();
		struct goal_form f;
		fill_goal(&f, &rows[i].in);
		struct goal g;
		struct field_errors e;
		assert_int_equal(goal_validate(&f, START, TODAY, &g, &e), SC_EINVAL);
		/* "step_N_text" in the table stands for the row's description key. */
		const char *field = rows[i].field;
		char key[32];
		size_t flen = strlen(field);
		if (flen > 5 && strcmp(field + flen - 5, "_text") == 0) {
			snprintf(key, sizeof key, "%.*s", (int)(flen - 5), field);
			field = key;
		}
		const char *got = error_for(&e, field);
		if (got == NULL)
			fail_msg("row %zu: no error for %s (first: %s: %s)", i, field,
				 e.n ? e.field[0] : "-", e.n ? e.reason[0] : "-");
		assert_string_equal(got, rows[i].reason);
		if (e.n != 1)
			fail_msg("row %zu: %d errors, first %s: %s", i, e.n, e.field[0], e.reason[0]);
	}

	/* Over the limits. */
	pool_reset();
	struct goal_form f;
	memset(&f, 0, sizeof f);
	f.category = w("work");
	f.title = repeat("æ", GOAL_TITLE_MAX + 1);
	f.nsteps = 2;
	f.steps[0].description = repeat("s", STEP_TEXT_MAX + 1);
	f.steps[1].description = w("fine");
	struct goal g;
	struct field_errors e;
	assert_int_equal(goal_validate(&f, START, TODAY, &g, &e), SC_EINVAL);
	assert_string_equal(error_for(&e, "title"), "A goal can be at most 200 characters.");
	assert_string_equal(error_for(&e, "step_1"), "A step can be at most 300 characters.");
	assert_int_equal(e.n, 2);

	pool_reset();
	memset(&f, 0, sizeof f);
	f.category = w("work");
	f.title = w("Goal");
	f.nsteps = GOAL_STEPS_MAX + 1;
	for (size_t i = 0; i < GOAL_STEPS_MAX; i++)
		f.steps[i].description = w("step");
	assert_int_equal(goal_validate(&f, START, TODAY, &g, &e), SC_EINVAL);
	assert_string_equal(error_for(&e, "steps"), "A goal can have at most 20 steps.");

	/* Every error at once, each beside its own field. */
	pool_reset();
	struct goal_row all = {"x", "", "bad", "x", {{"", "bad", "2099-01-01"}}};
	fill_goal(&f, &all);
	assert_int_equal(goal_validate(&f, START, TODAY, &g, &e), SC_EINVAL);
	static const char *const want[] = {"category", "title", "target_date", "status", "step_1",
					   "step_1_due", "step_1_done"};
	for (size_t i = 0; i < NELEM(want); i++)
		if (error_for(&e, want[i]) == NULL)
			fail_msg("no error for %s", want[i]);
}

static void
test_step_fields(void **state)
{
	(void)state;
	assert_string_equal(goal_step_field(1), "step_1");
	assert_string_equal(goal_step_field(20), "step_20");
	assert_string_equal(goal_step_due_field(7), "step_7_due");
	assert_string_equal(goal_step_done_field(13), "step_13_done");
	assert_null(goal_step_field(0));
	assert_null(goal_step_field(21));
	assert_null(goal_step_due_field(0));
	assert_null(goal_step_done_field(21));
}

static void
test_steps_text(void **state)
{
	(void)state;
	struct goal_step steps[3] = {
		{"Attend class", true, {2025, 4, 1}, false, {0, 0, 0}},
		{"Visit the café", false, {0, 0, 0}, true, {2025, 3, 1}},
		{"Plain", false, {0, 0, 0}, false, {0, 0, 0}},
	};
	char out[256];
	const char *want = "Attend class | due 2025-04-01\nVisit the café | done 2025-03-01\nPlain";
	size_t n = goal_steps_text(steps, 3, out, sizeof out);
	assert_int_equal(n, strlen(want));
	assert_string_equal(out, want);
	/* Too small: the length needed, and what fits. */
	char small[10];
	assert_int_equal(goal_steps_text(steps, 3, small, sizeof small), strlen(want));
	assert_string_equal(small, "Attend cl");
	assert_int_equal(goal_steps_text(steps, 3, NULL, 0), strlen(want));
	assert_int_equal(goal_steps_text(steps, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	steps[0].has_done = true;
	steps[0].done = (struct date){2025, 3, 10};
	goal_steps_text(steps, 1, out, sizeof out);
	assert_string_equal(out, "Attend class | due 2025-04-01 | done 2025-03-10");
}

static void
test_goal_changes(void **state)
{
	(void)state;
	struct goal_snapshot a = {"work", "Internship", NULL, "planned", "Apply"};
	struct goal_snapshot b = a;
	assert_int_equal(goal_changes(NULL, &a),
			 GOAL_CHANGED_CATEGORY | GOAL_CHANGED_TITLE | GOAL_CHANGED_TARGET |
			 GOAL_CHANGED_STATUS | GOAL_CHANGED_STEPS);
	assert_int_equal(goal_changes(&a, &b), 0);
	b.target_date = "";
	assert_int_equal(goal_changes(&a, &b), 0);   /* NULL and "" are both "none" */
	static const struct {
		struct goal_snapshot cur;
		unsigned want;
	} rows[] = {
		{{"language", "Internship", NULL, "planned", "Apply"}, GOAL_CHANGED_CATEGORY},
		{{"work", "Internship at a café", NULL, "planned", "Apply"}, GOAL_CHANGED_TITLE},
		{{"work", "Internship", "2025-06-01", "planned", "Apply"}, GOAL_CHANGED_TARGET},
		{{"work", "Internship", NULL, "achieved", "Apply"}, GOAL_CHANGED_STATUS},
		{{"work", "Internship", NULL, "planned", "Apply | done 2025-03-01"}, GOAL_CHANGED_STEPS},
		{{"work", "Internship", "2025-06-01", "in_progress", "Apply\nCall"},
		 GOAL_CHANGED_TARGET | GOAL_CHANGED_STATUS | GOAL_CHANGED_STEPS},
	};
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_int_equal(goal_changes(&a, &rows[i].cur), rows[i].want);
}

/* ---- evaluations ---- */

static void
test_evaluation_due(void **state)
{
	static const struct {
		const char *in;
		int rc;
		const char *reason;
	} rows[] = {
		{"2025-06-01", SC_OK, NULL},
		{"2024-09-02", SC_OK, NULL},            /* the period's first day */
		{" 2027-01-31 ", SC_OK, NULL},
		{"2020-01-01", SC_EINVAL, "An evaluation cannot be before the programme period starts."},
		{"2024-09-01", SC_EINVAL, "An evaluation cannot be before the programme period starts."},
		{"", SC_EINVAL, "Choose the date of the evaluation."},
		{NULL, SC_EINVAL, "Choose the date of the evaluation."},
		{"2025-06-31", SC_EINVAL, "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"next week", SC_EINVAL, "Write the date as YYYY-MM-DD, for example 2024-03-01."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		pool_reset();
		struct date d = {0, 0, 0};
		const char *reason = NULL;
		assert_int_equal(plan_evaluation_due_validate(w(rows[i].in), START, &d, &reason), rows[i].rc);
		if (rows[i].rc == SC_OK)
			assert_true(date_is_valid(d));
		else
			assert_string_equal(reason, rows[i].reason);
	}
}

static void
test_evaluation_done(void **state)
{
	static const struct {
		const char *done, *note;
		const char *field, *reason;   /* NULL = valid */
	} rows[] = {
		{"2025-03-14", "", NULL, NULL},
		{"2025-01-10", "Went well.\nNext: internship.", NULL, NULL},
		{" 2024-12-01 ", NULL, NULL, NULL},
		{"", "", "done_on", "Write the date the evaluation was held."},
		{"2025-03-15", "", "done_on", "An evaluation cannot be held on a date in the future."},
		{"15.03.2025", "", "done_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"2025-03-01", "bell\x07", "note", "This text has characters that are not allowed."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		pool_reset();
		struct date d;
		const char *note = NULL;
		struct field_errors e;
		int rc = plan_evaluation_done_validate(w(rows[i].done), w(rows[i].note), TODAY, &d, &note, &e);
		if (rows[i].field == NULL) {
			if (rc != SC_OK)
				fail_msg("row %zu refused: %s: %s", i, e.field[0], e.reason[0]);
			assert_non_null(note);
		} else {
			assert_int_equal(rc, SC_EINVAL);
			assert_string_equal(error_for(&e, rows[i].field), rows[i].reason);
			assert_int_equal(e.n, 1);
		}
	}
	pool_reset();
	struct date d;
	const char *note = NULL;
	struct field_errors e;
	assert_int_equal(plan_evaluation_done_validate(w("2025-03-01"), repeat("é", EVALUATION_NOTE_MAX), TODAY,
						       &d, &note, &e), SC_OK);
	pool_reset();
	assert_int_equal(plan_evaluation_done_validate(w("2025-03-01"), repeat("é", EVALUATION_NOTE_MAX + 1),
						       TODAY, &d, &note, &e), SC_EINVAL);
	assert_string_equal(error_for(&e, "note"), "The note can be at most 2000 characters.");
}

/* ---- the participant's agreement ---- */

#define D(y, m, d) ((struct date){(y), (m), (d)})

/* Wishes and resources: any change of either is a change of content. */
static void
test_plan_text_changed(void **state)
{
	(void)state;
	static const struct {
		const char *old_w, *old_r, *new_w, *new_r;
		bool changed;
	} rows[] = {
		{"Work in a kitchen", "Cooks well", "Work in a kitchen", "Cooks well", false},
		{NULL, NULL, "", "", false},
		{"Work in a kitchen", "Cooks well", "Work in a shop", "Cooks well", true},
		{"Work in a kitchen", "Cooks well", "Work in a kitchen", "Cooks well, speaks Arabic", true},
		{"", "", "Work in a kitchen", "", true},
		{"Work in a kitchen", "", "", "", true},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct plan p = {.wishes = rows[i].new_w, .resources = rows[i].new_r};
		if (plan_text_changed(rows[i].old_w, rows[i].old_r, &p) != rows[i].changed)
			fail_msg("row %zu", i);
	}
}

/* The case: the wishes change and the form sends the agreement
 * shown in it; the agreement goes until it is given again. */
static void
test_plan_agreement_after_save(void **state)
{
	(void)state;
	static const struct {
		bool had;
		struct date stored;
		bool text_changed;
		bool sent;
		struct date sent_on;
		bool cleared, keeps;
		struct date want;
	} rows[] = {
		/* text changed, the stored date sent back: cleared */
		{true, D(2026, 5, 25), true, true, D(2026, 5, 25), true, false, D(0, 0, 0)},
		/* text changed with a new date: agreed again, on that date */
		{true, D(2026, 5, 25), true, true, D(2026, 6, 2), false, true, D(2026, 6, 2)},
		/* text changed, no date sent: not agreed (nothing for the rule to do) */
		{true, D(2026, 5, 25), true, false, D(0, 0, 0), false, false, D(0, 0, 0)},
		/* text changed, never agreed before, a date sent: agreed */
		{false, D(0, 0, 0), true, true, D(2026, 6, 2), false, true, D(2026, 6, 2)},
		/* text unchanged: what is sent stands (kept, moved, set) */
		{true, D(2026, 5, 25), false, true, D(2026, 5, 25), false, true, D(2026, 5, 25)},
		{true, D(2026, 5, 25), false, true, D(2026, 5, 20), false, true, D(2026, 5, 20)},
		{false, D(0, 0, 0), false, true, D(2026, 5, 25), false, true, D(2026, 5, 25)},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct plan p = {.wishes = "x", .resources = "y", .has_agreed = rows[i].sent,
				 .agreed_on = rows[i].sent_on};
		bool cleared = plan_agreement_after_save(rows[i].had, rows[i].stored, rows[i].text_changed, &p);
		if (cleared != rows[i].cleared || p.has_agreed != rows[i].keeps)
			fail_msg("row %zu: cleared %d agreed %d", i, cleared, p.has_agreed);
		if (rows[i].keeps)
			assert_int_equal(date_cmp(p.agreed_on, rows[i].want), 0);
	}
}

/* A goal's content is what was agreed; its status and done dates are
 * progress. */
static void
test_goal_content_changed(void **state)
{
	(void)state;
	struct goal base = {.category = GOAL_WORK, .title = "Get a job in a kitchen", .has_target = true,
			    .target = D(2026, 9, 1), .status = GOAL_PLANNED, .nsteps = 2};
	base.steps[0] = (struct goal_step){.description = "Internship", .has_due = true, .due = D(2026, 3, 1)};
	base.steps[1] = (struct goal_step){.description = "Food hygiene course"};
	struct goal g;

	assert_true(goal_content_changed(NULL, &base));
	g = base;
	assert_false(goal_content_changed(&base, &g));

	/* progress */
	g = base;
	g.status = GOAL_ACHIEVED;
	g.steps[0].has_done = true;
	g.steps[0].done = D(2026, 3, 2);
	assert_false(goal_content_changed(&base, &g));
	g.status = GOAL_DROPPED;
	assert_false(goal_content_changed(&base, &g));

	/* content */
	g = base;
	g.category = GOAL_EDUCATION;
	assert_true(goal_content_changed(&base, &g));
	g = base;
	g.title = "Get a job in a shop";
	assert_true(goal_content_changed(&base, &g));
	g = base;
	g.target = D(2026, 10, 1);
	assert_true(goal_content_changed(&base, &g));
	g = base;
	g.has_target = false;
	assert_true(goal_content_changed(&base, &g));
	g = base;
	g.steps[1].description = "Food hygiene course, level 2";
	assert_true(goal_content_changed(&base, &g));
	g = base;
	g.steps[1].has_due = true;
	g.steps[1].due = D(2026, 4, 1);
	assert_true(goal_content_changed(&base, &g));
	g = base;
	g.nsteps = 3;
	g.steps[2] = (struct goal_step){.description = "Apply for three jobs"};
	assert_true(goal_content_changed(&base, &g));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_category_keys),
		cmocka_unit_test(test_status_keys),
		cmocka_unit_test(test_plan_valid),
		cmocka_unit_test(test_plan_invalid),
		cmocka_unit_test(test_goal_valid),
		cmocka_unit_test(test_goal_invalid),
		cmocka_unit_test(test_step_fields),
		cmocka_unit_test(test_steps_text),
		cmocka_unit_test(test_goal_changes),
		cmocka_unit_test(test_plan_text_changed),
		cmocka_unit_test(test_plan_agreement_after_save),
		cmocka_unit_test(test_goal_content_changed),
		cmocka_unit_test(test_evaluation_due),
		cmocka_unit_test(test_evaluation_done),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
