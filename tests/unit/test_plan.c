/*
 * test_plan.c — table-driven tests of the work-plan records and rules
 * (src/domain/plan.c): the declarations (keys in the order the API shows
 * them, what a form reads), category and status options, the plan's free
 * text and agreement date, goals with their steps, evaluation dates, the
 * steps' text for the goal history and the comparison of two versions of a
 * goal. Values are read from text as a form sends them (field_read_text(),
 * then the required fields), then the rules run.
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
#include "util/arena.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2025, 3, 14};
static const struct date START = {2024, 9, 2};   /* the programme period's start */

static struct arena *arena;

static int
setup(void **state)
{
	(void)state;
	arena = arena_new();
	return arena != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

/* A string of n copies of the UTF-8 text unit (arena). */
static const char *
repeat(const char *unit, size_t n)
{
	size_t ul = strlen(unit);
	char *p = arena_alloc(arena, ul * n + 1);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * ul, unit, ul);
	p[ul * n] = '\0';
	return p;
}

/*
 * Reads rec as a form sends it: each field the form gives (not FF_OUT) from
 * the text of its key in values (key, text, ..., NULL; a key not there is
 * not sent), then the required fields.
 */
static void
read_form(struct fields fs, void *rec, const char *const *values, struct field_errors *e)
{
	fields_clear(fs, rec);
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if (f->flags & FF_OUT)
			continue;
		const char *text = NULL;
		for (size_t k = 0; values[k] != NULL; k += 2)
			if (strcmp(values[k], f->key) == 0)
				text = values[k + 1];
		field_read_text(f, text, rec, arena, e);
	}
	fields_check_required(fs, rec, e);
}

/* ---- the declarations ---- */

/* The keys of a record's fields that a page or the API shows, in order. */
static void
expect_shown(struct fields fs, const char *const *keys, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < fs.n; i++) {
		if ((fs.f[i].flags & FF_HIDDEN) == FF_HIDDEN)
			continue;
		if (k >= n)
			fail_msg("more fields than expected: %s", fs.f[i].key);
		assert_string_equal(fs.f[i].key, keys[k]);
		k++;
	}
	assert_int_equal(k, n);
}

/* The keys a form or body gives. */
static void
expect_inputs(struct fields fs, const char *const *keys, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < fs.n; i++) {
		if (fs.f[i].flags & FF_OUT)
			continue;
		assert_true(k < n);
		assert_string_equal(fs.f[i].key, keys[k]);
		k++;
	}
	assert_int_equal(k, n);
}

static void
test_declarations(void **state)
{
	(void)state;
	static const char *const plan[] = {"participant_id", "id", "version", "wishes", "resources", "agreed_on",
					   "updated_at"};
	static const char *const plan_in[] = {"wishes", "resources", "agreed_on"};
	expect_shown(work_plan_fields, plan, NELEM(plan));
	expect_inputs(work_plan_fields, plan_in, NELEM(plan_in));
	static const char *const period[] = {"id", "start_date", "planned_end", "status", "exit_date"};
	expect_shown(plan_period_fields, period, NELEM(period));
	static const char *const goal[] = {"id", "participant_id", "category", "title", "target_date", "status",
					   "version", "created_at", "updated_at", "steps"};
	static const char *const goal_in[] = {"category", "title", "target_date", "status", "steps"};
	expect_shown(goal_fields, goal, NELEM(goal));
	expect_inputs(goal_fields, goal_in, NELEM(goal_in));
	expect_inputs(goal_head_fields, goal_in, NELEM(goal_in) - 1);
	expect_inputs(goal_content_fields, goal_in, NELEM(goal_in) - 1);
	assert_int_equal(goal_fields.f[GOAL_F_STEPS].type, FT_LIST);
	assert_int_equal(goal_fields.f[GOAL_F_STEPS].max, GOAL_STEPS_MAX);
	static const char *const step[] = {"description", "due_on", "done_on"};
	expect_shown(goal_step_fields, step, NELEM(step));
	expect_inputs(goal_step_fields, step, NELEM(step));
	assert_int_equal(GOAL_STEP_INPUTS, NELEM(step));
	static const char *const history[] = {"version", "changed_at", "changed_by", "changed_by_name", "category",
					      "title", "target_date", "status", "steps"};
	expect_shown(goal_version_fields, history, NELEM(history));
	static const char *const content[] = {"category", "title", "target_date", "status", "steps"};
	expect_shown(goal_version_content, content, NELEM(content));
	static const char *const evaluation[] = {"id", "due_on", "done_on", "note"};
	expect_shown(plan_evaluation_fields, evaluation, NELEM(evaluation));
	static const char *const due[] = {"due_on"}, *const done[] = {"done_on", "note"};
	expect_inputs(evaluation_new_fields, due, NELEM(due));
	expect_inputs(evaluation_done_fields, done, NELEM(done));
	static const char *const version[] = {"version", "saved_at", "saved_by_name", "agreed_on", "wishes",
					      "resources"};
	expect_shown(plan_version_fields, version, NELEM(version));
}

/* ---- choices ---- */

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
	const struct field *f = &goal_fields.f[GOAL_F_CATEGORY];
	assert_int_equal(f->noptions, NELEM(rows));
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct goal g;
		struct field_errors e = {0};
		assert_true(field_read_text(f, rows[i].key, &g, arena, &e));
		assert_int_equal(g.category, rows[i].c);
		assert_string_equal(goal_category_key(rows[i].c), rows[i].key);
		assert_string_equal(f->options[rows[i].c].label, rows[i].label);
	}
	static const char *const bad[] = {"Language", "everyday life", "everyday_life", "job", "0"};
	for (size_t i = 0; i < NELEM(bad); i++) {
		struct goal g;
		struct field_errors e = {0};
		assert_false(field_read_text(f, bad[i], &g, arena, &e));
		assert_int_equal(g.category, -1);
		assert_string_equal(field_error_of(&e, "category"),
				    "Choose language, work, education, health or everyday life.");
	}
	assert_string_equal(goal_category_key((enum goal_category)99), "");
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
	const struct field *f = &goal_fields.f[GOAL_F_STATUS];
	assert_int_equal(f->noptions, NELEM(rows));
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct goal g;
		struct field_errors e = {0};
		assert_true(field_read_text(f, rows[i].key, &g, arena, &e));
		assert_int_equal(g.status, rows[i].s);
		assert_string_equal(goal_status_key(rows[i].s), rows[i].key);
		assert_string_equal(f->options[rows[i].s].label, rows[i].label);
	}
	static const char *const bad[] = {"in progress", "In_progress", "done", "PLANNED"};
	for (size_t i = 0; i < NELEM(bad); i++) {
		struct goal g;
		struct field_errors e = {0};
		assert_false(field_read_text(f, bad[i], &g, arena, &e));
		assert_string_equal(field_error_of(&e, "status"), "Choose planned, in progress, achieved or dropped.");
	}
	assert_string_equal(goal_status_key((enum goal_status)5), "");
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
		{"Jobbe på kafé — «gjerne»", "Snakker somali og arabisk", "2024-09-02",
		 "Jobbe på kafé — «gjerne»", true},
		{"x", "y", "  2025-01-31 ", "x", true},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *values[] = {"wishes", rows[i].wishes, "resources", rows[i].resources,
					"agreed_on", rows[i].agreed, NULL};
		struct work_plan p;
		struct field_errors e = {0};
		read_form(work_plan_fields, &p, values, &e);
		plan_check(&p, START, TODAY, &e);
		if (e.n > 0)
			fail_msg("row %zu refused: %s: %s", i, e.field[0], e.reason[0]);
		assert_string_equal(p.wishes, rows[i].want_wishes);
		assert_int_equal(p.agreed_on.y != 0, rows[i].has_agreed);
	}
	/* The longest text: 8000 characters, Norwegian letters counted once. */
	const char *values[] = {"wishes", repeat("ø", PLAN_TEXT_MAX), "resources", repeat("a", PLAN_TEXT_MAX), NULL};
	struct work_plan p;
	struct field_errors e = {0};
	read_form(work_plan_fields, &p, values, &e);
	assert_true(plan_check(&p, START, TODAY, &e));
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
		/* the period started 2024-09-02 */
		{"", "", "2024-09-01", "agreed_on", "The date of the agreement cannot be before the programme period starts."},
		{"", "", "2020-01-01", "agreed_on", "The date of the agreement cannot be before the programme period starts."},
		{"", "", "14.03.2025", "agreed_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"", "", "2025-02-30", "agreed_on", "%s is not a date: February %s has %s days."},
		{"", "", "2025-3-1", "agreed_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"", "", "yesterday", "agreed_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"bell\x07", "", "", "wishes", "This text has characters that are not allowed."},
		{"", "esc\x1b[0m", "", "resources", "This text has characters that are not allowed."},
		{"bad \xC3\x28 utf8", "", "", "wishes", "This text has characters that are not allowed."},
		{"del\x7f", "", "", "wishes", "This text has characters that are not allowed."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *values[] = {"wishes", rows[i].wishes, "resources", rows[i].resources,
					"agreed_on", rows[i].agreed, NULL};
		struct work_plan p;
		struct field_errors e = {0};
		read_form(work_plan_fields, &p, values, &e);
		plan_check(&p, START, TODAY, &e);
		const char *got = field_error_of(&e, rows[i].field);
		if (got == NULL)
			fail_msg("row %zu: no error for %s", i, rows[i].field);
		assert_string_equal(got, rows[i].reason);
		assert_int_equal(e.n, 1);
	}
	/* Too long: one character over, in each field; both reported. */
	const char *values[] = {"wishes", repeat("å", PLAN_TEXT_MAX + 1), "resources", repeat("b", PLAN_TEXT_MAX + 1),
				"agreed_on", "2099-01-01", NULL};
	struct work_plan p;
	struct field_errors e = {0};
	read_form(work_plan_fields, &p, values, &e);
	assert_false(plan_check(&p, START, TODAY, &e));
	assert_int_equal(e.n, 3);
	assert_string_equal(field_error_of(&e, "wishes"), "The participant's wishes can be at most 8000 characters.");
	assert_string_equal(field_error_of(&e, "resources"),
			    "The resources assessment can be at most 8000 characters.");
	assert_non_null(field_error_of(&e, "agreed_on"));
}

/* ---- goals ---- */

struct goal_row {
	const char *category, *title, *target, *status;
	const char *steps[4][3];   /* description, due, done */
};

/* Reads a goal as the form gives it (four step rows), then the rules. */
static bool
goal_of_row(const struct goal_row *row, struct goal *g, struct field_errors *e)
{
	const char *values[] = {"category", row->category, "title", row->title, "target_date", row->target,
				"status", row->status, NULL};
	read_form(goal_head_fields, g, values, e);
	struct goal_step_text rows[4];
	for (size_t i = 0; i < 4; i++)
		for (size_t k = 0; k < GOAL_STEP_INPUTS; k++)
			rows[i].text[k] = row->steps[i][k];
	bool ok = e->n == 0;
	ok &= goal_steps_read(g, rows, 4, arena, e);
	ok &= goal_check(g, START, TODAY, e);
	return ok;
}

static const struct goal_step *
step_at(const struct goal *g, size_t i)
{
	assert_true(i < g->steps.n);
	return &((const struct goal_step *)g->steps.items)[i];
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
		  {{"Apply", "2026-01-15", "2024-09-02"}}},
		 GOAL_EDUCATION, GOAL_DROPPED, 1, true},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct goal g;
		struct field_errors e = {0};
		if (!goal_of_row(&rows[i].in, &g, &e))
			fail_msg("row %zu refused: %s: %s", i, e.field[0], e.reason[0]);
		assert_int_equal(g.category, rows[i].cat);
		assert_int_equal(g.status, rows[i].status);
		assert_int_equal(g.steps.n, rows[i].nsteps);
		assert_int_equal(g.target_date.y != 0, rows[i].has_target);
	}
	/* Trimmed, dates parsed, and each step knows its row. */
	struct goal_row row = {"health", "Join the health group", NULL, "achieved",
			       {{NULL, NULL, NULL}, {"  Go every Tuesday  ", "2025-04-01", "2025-03-01"}}};
	struct goal g;
	struct field_errors e = {0};
	assert_true(goal_of_row(&row, &g, &e));
	assert_string_equal(step_at(&g, 0)->description, "Go every Tuesday");
	assert_int_equal(step_at(&g, 0)->due_on.m, 4);
	assert_int_equal(step_at(&g, 0)->done_on.d, 1);
	assert_int_equal(step_at(&g, 0)->row, 2);

	/* The most: 20 steps, a 200-character title, 300-character steps. */
	const char *values[] = {"category", "work", "title", repeat("æ", GOAL_TITLE_MAX), NULL};
	e = (struct field_errors){0};
	read_form(goal_head_fields, &g, values, &e);
	struct goal_step_text many[GOAL_STEPS_MAX];
	for (size_t i = 0; i < GOAL_STEPS_MAX; i++)
		many[i] = (struct goal_step_text){{i == 0 ? repeat("s", STEP_TEXT_MAX) : "step", NULL, NULL}};
	assert_true(goal_steps_read(&g, many, GOAL_STEPS_MAX, arena, &e));
	assert_true(goal_check(&g, START, TODAY, &e));
	assert_int_equal(e.n, 0);
	assert_int_equal(g.steps.n, GOAL_STEPS_MAX);
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
		{{"work", "Goal", "2025-13-01", "", {{"s"}}}, "target_date", "%s is not a date: there is no month %s."},
		{{"work", "Goal", "01.06.2025", "", {{"s"}}}, "target_date", R_DATE},
		{{"work", "Goal", "", "done", {{"s"}}}, "status",
		 "Choose planned, in progress, achieved or dropped."},
		{{"work", "Goal", "", "in progress", {{"s"}}}, "status",
		 "Choose planned, in progress, achieved or dropped."},
		{{"work", "Goal", "", "", {{NULL}}}, "steps", "Add at least one step toward the goal."},
		{{"work", "Goal", "", "", {{"  ", " ", ""}}}, "steps", "Add at least one step toward the goal."},
		{{"work", "Goal", "", "", {{"", "2025-04-01", ""}}}, "step_1",
		 "Describe the step, or clear its dates."},
		{{"work", "Goal", "", "", {{"first"}, {"", "", "2025-01-01"}}}, "step_2",
		 "Describe the step, or clear its dates."},
		{{"work", "Goal", "", "", {{"a\nb"}}}, "step_1",
		 "A step is one line of text without special characters."},
		{{"work", "Goal", "", "", {{"s", "2025-02-29"}}}, "step_1_due", "%s is not a date: February %s has %s days."},
		{{"work", "Goal", "", "", {{"a"}, {"b"}, {"s", "", "2025-3-1"}}}, "step_3_done", R_DATE},
		{{"work", "Goal", "", "", {{"s", "", "2025-03-15"}}}, "step_1_done",
		 "A step cannot be done on a date in the future."},
		/* the row's number, also after a blank row */
		{{"work", "Goal", "", "", {{NULL}, {"s", "", "2025-03-15"}}}, "step_2_done",
		 "A step cannot be done on a date in the future."},
		/* the period started 2024-09-02 */
		{{"work", "Goal", "", "", {{"s", "", "2024-09-01"}}}, "step_1_done",
		 "A step cannot be done before the programme period starts."},
		{{"work", "Goal", "", "", {{"a"}, {"s", "", "2019-01-01"}}}, "step_2_done",
		 "A step cannot be done before the programme period starts."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct goal g;
		struct field_errors e = {0};
		assert_false(goal_of_row(&rows[i].in, &g, &e));
		const char *got = field_error_of(&e, rows[i].field);
		if (got == NULL)
			fail_msg("row %zu: no error for %s (first: %s: %s)", i, rows[i].field,
				 e.n ? e.field[0] : "-", e.n ? e.reason[0] : "-");
		assert_string_equal(got, rows[i].reason);
		if (e.n != 1)
			fail_msg("row %zu: %d errors, first %s: %s", i, e.n, e.field[0], e.reason[0]);
	}

	/* Over the limits. */
	struct goal g;
	struct field_errors e = {0};
	const char *values[] = {"category", "work", "title", repeat("æ", GOAL_TITLE_MAX + 1), NULL};
	read_form(goal_head_fields, &g, values, &e);
	struct goal_step_text two[] = {{{repeat("s", STEP_TEXT_MAX + 1), NULL, NULL}}, {{"fine", NULL, NULL}}};
	assert_false(goal_steps_read(&g, two, 2, arena, &e));
	assert_string_equal(field_error_of(&e, "title"), "A goal can be at most 200 characters.");
	assert_string_equal(field_error_of(&e, "step_1"), "A step can be at most 300 characters.");
	assert_int_equal(e.n, 2);

	/* More rows than a goal has steps: the first 20 are read. */
	struct goal_step_text many[GOAL_STEPS_MAX + 1];
	for (size_t i = 0; i < NELEM(many); i++)
		many[i] = (struct goal_step_text){{"step", NULL, NULL}};
	e = (struct field_errors){0};
	assert_false(goal_steps_read(&g, many, NELEM(many), arena, &e));
	assert_string_equal(field_error_of(&e, "steps"), "A goal can have at most 20 steps.");
	assert_int_equal(g.steps.n, GOAL_STEPS_MAX);

	/* Every error at once, each beside its own field. */
	struct goal_row all = {"x", "", "bad", "x", {{"", "bad", "2099-01-01"}}};
	e = (struct field_errors){0};
	assert_false(goal_of_row(&all, &g, &e));
	static const char *const want[] = {"category", "title", "target_date", "status", "step_1",
					   "step_1_due", "step_1_done"};
	for (size_t i = 0; i < NELEM(want); i++)
		if (field_error_of(&e, want[i]) == NULL)
			fail_msg("no error for %s", want[i]);
	assert_int_equal(e.n, NELEM(want));
}

static void
test_step_fields(void **state)
{
	(void)state;
	assert_string_equal(goal_step_key(1, 0), "step_1");
	assert_string_equal(goal_step_key(20, 0), "step_20");
	assert_string_equal(goal_step_key(7, 1), "step_7_due");
	assert_string_equal(goal_step_key(13, 2), "step_13_done");
	assert_null(goal_step_key(0, 0));
	assert_null(goal_step_key(21, 0));
	assert_null(goal_step_key(0, 1));
	assert_null(goal_step_key(21, 2));
	assert_null(goal_step_key(1, 3));
	assert_string_equal(goal_step_row_label(0), "Step %d");
	assert_string_equal(goal_step_row_label(1), "Step %d: due by");
	assert_string_equal(goal_step_row_label(2), "Step %d: done on");
	assert_null(goal_step_row_label(3));
}

static void
test_steps_text(void **state)
{
	(void)state;
	struct goal_step steps[3] = {
		{.description = "Attend class", .due_on = {2025, 4, 1}},
		{.description = "Visit the café", .done_on = {2025, 3, 1}},
		{.description = "Plain"},
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
	steps[0].done_on = (struct date){2025, 3, 10};
	goal_steps_text(steps, 1, out, sizeof out);
	assert_string_equal(out, "Attend class | due 2025-04-01 | done 2025-03-10");
}

/* A line of the stored steps read back, for a page to say in its reader's
 * words: the description and the dates it ends with. */
static void
test_goal_step_line_read(void **state)
{
	(void)state;
	static const struct { const char *line, *description, *due, *done; } rows[] = {
		{"Attend class | due 2025-04-01 | done 2025-03-10", "Attend class", "2025-04-01", "2025-03-10"},
		{"Attend class | due 2025-04-01", "Attend class", "2025-04-01", NULL},
		{"Visit the café | done 2025-03-01", "Visit the café", NULL, "2025-03-01"},
		{"Plain", "Plain", NULL, NULL},
		{"", "", NULL, NULL},
		{"Ask | due soon", "Ask | due soon", NULL, NULL},
		{"A | due 2025-02-30", "A | due 2025-02-30", NULL, NULL},
		{"A | done 2025-03-01 | due 2025-04-01", "A | done 2025-03-01", "2025-04-01", NULL},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct goal_step_line l;
		goal_step_line_read(rows[i].line, strlen(rows[i].line), &l);
		char d[64] = "";
		snprintf(d, sizeof d, "%.*s", (int)l.description_len, l.description);
		if (strcmp(d, rows[i].description) != 0)
			fail_msg("row %zu: \"%s\"", i, d);
		char due[11] = "", done[11] = "";
		if (l.due_on.y != 0)
			date_format(l.due_on, due);
		if (l.done_on.y != 0)
			date_format(l.done_on, done);
		assert_string_equal(due, rows[i].due ? rows[i].due : "");
		assert_string_equal(done, rows[i].done ? rows[i].done : "");
	}
}

#define D(y, m, d) ((struct date){(y), (m), (d)})

/* A version of a goal as the history keeps it. */
static struct goal_version
version_of(int category, const char *title, struct date target, int status, const char *steps)
{
	struct goal_version v;
	fields_clear(goal_version_fields, &v);
	v.category = category;
	v.title = title;
	v.target_date = target;
	v.status = status;
	v.steps = steps;
	return v;
}

static void
test_goal_changes(void **state)
{
	(void)state;
	enum { CATEGORY = 1u, TITLE = 2u, TARGET = 4u, STATUS = 8u, STEPS = 16u };
	struct goal_version a = version_of(GOAL_WORK, "Internship", D(0, 0, 0), GOAL_PLANNED, "Apply");
	struct goal_version b = a;
	assert_int_equal(goal_changes(NULL, &a), CATEGORY | TITLE | TARGET | STATUS | STEPS);
	assert_int_equal(goal_changes(&a, &b), 0);
	b.title = "Internship";
	assert_int_equal(goal_changes(&a, &b), 0);
	static const struct {
		int category;
		const char *title;
		struct date target;
		int status;
		const char *steps;
		unsigned want;
	} rows[] = {
		{GOAL_LANGUAGE, "Internship", D(0, 0, 0), GOAL_PLANNED, "Apply", CATEGORY},
		{GOAL_WORK, "Internship at a café", D(0, 0, 0), GOAL_PLANNED, "Apply", TITLE},
		{GOAL_WORK, "Internship", D(2025, 6, 1), GOAL_PLANNED, "Apply", TARGET},
		{GOAL_WORK, "Internship", D(0, 0, 0), GOAL_ACHIEVED, "Apply", STATUS},
		{GOAL_WORK, "Internship", D(0, 0, 0), GOAL_PLANNED, "Apply | done 2025-03-01", STEPS},
		{GOAL_WORK, "Internship", D(2025, 6, 1), GOAL_IN_PROGRESS, "Apply\nCall", TARGET | STATUS | STEPS},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct goal_version cur = version_of(rows[i].category, rows[i].title, rows[i].target, rows[i].status,
						     rows[i].steps);
		assert_int_equal(goal_changes(&a, &cur), rows[i].want);
	}
	/* The version a save writes: its steps as text. */
	struct goal g;
	fields_clear(goal_fields, &g);
	g.id = 7;
	g.version = 3;
	g.category = GOAL_HEALTH;
	g.title = "Swim";
	g.status = GOAL_IN_PROGRESS;
	struct goal_step steps[] = {{.description = "Pool", .due_on = {2025, 4, 1}}};
	g.steps = (struct field_list){1, steps};
	struct goal_version v;
	goal_version_of(&g, arena, &v);
	assert_int_equal(v.goal_id, 7);
	assert_int_equal(v.version, 3);
	assert_int_equal(v.category, GOAL_HEALTH);
	assert_string_equal(v.steps, "Pool | due 2025-04-01");
}

/* ---- evaluations ---- */

static void
test_evaluation_due(void **state)
{
	static const struct {
		const char *in;
		const char *reason;   /* NULL = valid */
	} rows[] = {
		{"2025-06-01", NULL},
		{"2024-09-02", NULL},            /* the period's first day */
		{" 2027-01-31 ", NULL},
		{"2020-01-01", "An evaluation cannot be before the programme period starts."},
		{"2024-09-01", "An evaluation cannot be before the programme period starts."},
		{"", "Choose the date of the evaluation."},
		{NULL, "Choose the date of the evaluation."},
		{"2025-06-31", "%s is not a date: June has 30 days."},
		{"next week", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *values[] = {"due_on", rows[i].in, NULL};
		struct plan_evaluation ev;
		struct field_errors e = {0};
		read_form(evaluation_new_fields, &ev, values, &e);
		bool ok = e.n == 0 && evaluation_due_check(&ev, START, &e);
		if (rows[i].reason == NULL) {
			if (!ok)
				fail_msg("row %zu refused: %s", i, e.reason[0]);
			assert_true(date_is_valid(ev.due_on));
		} else {
			assert_false(ok);
			assert_string_equal(field_error_of(&e, "due_on"), rows[i].reason);
			assert_int_equal(e.n, 1);
		}
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
		{"2024-09-02", "", NULL, NULL},
		{"2024-09-01", "", "done_on", "An evaluation cannot be held before the programme period starts."},
		{"2020-01-01", "", "done_on", "An evaluation cannot be held before the programme period starts."},
		{"15.03.2025", "", "done_on", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"2025-03-01", "bell\x07", "note", "This text has characters that are not allowed."},
	};
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *values[] = {"done_on", rows[i].done, "note", rows[i].note, NULL};
		struct plan_evaluation ev;
		struct field_errors e = {0};
		read_form(evaluation_done_fields, &ev, values, &e);
		bool ok = e.n == 0 && evaluation_done_check(&ev, START, TODAY, &e);
		if (rows[i].field == NULL) {
			if (!ok)
				fail_msg("row %zu refused: %s: %s", i, e.field[0], e.reason[0]);
			assert_non_null(ev.note);
		} else {
			assert_false(ok);
			assert_string_equal(field_error_of(&e, rows[i].field), rows[i].reason);
			assert_int_equal(e.n, 1);
		}
	}
	const char *longest[] = {"done_on", "2025-03-01", "note", repeat("é", EVALUATION_NOTE_MAX), NULL};
	struct plan_evaluation ev;
	struct field_errors e = {0};
	read_form(evaluation_done_fields, &ev, longest, &e);
	assert_true(evaluation_done_check(&ev, START, TODAY, &e));
	assert_int_equal(e.n, 0);
	const char *too_long[] = {"done_on", "2025-03-01", "note", repeat("é", EVALUATION_NOTE_MAX + 1), NULL};
	read_form(evaluation_done_fields, &ev, too_long, &e);
	assert_string_equal(field_error_of(&e, "note"), "The note can be at most 2000 characters.");
}

/* ---- the participant's agreement ---- */

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
		struct work_plan stored = {.wishes = rows[i].old_w, .resources = rows[i].old_r};
		struct work_plan p = {.wishes = rows[i].new_w, .resources = rows[i].new_r};
		if (plan_text_changed(&stored, &p) != rows[i].changed)
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
		struct date stored;      /* {0}: never agreed */
		bool text_changed;
		struct date sent;        /* {0}: no date sent */
		bool cleared;
		struct date want;        /* {0}: not agreed */
	} rows[] = {
		/* text changed, the stored date sent back: cleared */
		{D(2026, 5, 25), true, D(2026, 5, 25), true, D(0, 0, 0)},
		/* text changed with a new date: agreed again, on that date */
		{D(2026, 5, 25), true, D(2026, 6, 2), false, D(2026, 6, 2)},
		/* text changed, no date sent: not agreed (nothing for the rule to do) */
		{D(2026, 5, 25), true, D(0, 0, 0), false, D(0, 0, 0)},
		/* text changed, never agreed before, a date sent: agreed */
		{D(0, 0, 0), true, D(2026, 6, 2), false, D(2026, 6, 2)},
		/* text unchanged: what is sent stands (kept, moved, set) */
		{D(2026, 5, 25), false, D(2026, 5, 25), false, D(2026, 5, 25)},
		{D(2026, 5, 25), false, D(2026, 5, 20), false, D(2026, 5, 20)},
		{D(0, 0, 0), false, D(2026, 5, 25), false, D(2026, 5, 25)},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct work_plan p = {.wishes = "x", .resources = "y", .agreed_on = rows[i].sent};
		bool cleared = plan_agreement_after_save(rows[i].stored, rows[i].text_changed, &p);
		if (cleared != rows[i].cleared || date_cmp(p.agreed_on, rows[i].want) != 0)
			fail_msg("row %zu: cleared %d agreed %d-%d-%d", i, cleared, p.agreed_on.y, p.agreed_on.m,
				 p.agreed_on.d);
	}
}

/* A goal's content is what was agreed; its status and done dates are
 * progress. */
static void
test_goal_content_changed(void **state)
{
	(void)state;
	struct goal_step base_steps[2] = {
		{.description = "Internship", .due_on = D(2026, 3, 1)},
		{.description = "Food hygiene course"},
	};
	struct goal base = {.category = GOAL_WORK, .title = "Get a job in a kitchen", .target_date = D(2026, 9, 1),
			    .status = GOAL_PLANNED, .steps = {2, base_steps}};
	struct goal_step steps[3];
	struct goal g;
#define AGAIN() do { memcpy(steps, base_steps, sizeof base_steps); g = base; g.steps.items = steps; } while (0)

	assert_true(goal_content_changed(NULL, &base));
	AGAIN();
	assert_false(goal_content_changed(&base, &g));

	/* progress */
	AGAIN();
	g.status = GOAL_ACHIEVED;
	steps[0].done_on = D(2026, 3, 2);
	assert_false(goal_content_changed(&base, &g));
	g.status = GOAL_DROPPED;
	assert_false(goal_content_changed(&base, &g));

	/* content */
	AGAIN();
	g.category = GOAL_EDUCATION;
	assert_true(goal_content_changed(&base, &g));
	AGAIN();
	g.title = "Get a job in a shop";
	assert_true(goal_content_changed(&base, &g));
	AGAIN();
	g.target_date = D(2026, 10, 1);
	assert_true(goal_content_changed(&base, &g));
	AGAIN();
	g.target_date = D(0, 0, 0);
	assert_true(goal_content_changed(&base, &g));
	AGAIN();
	steps[1].description = "Food hygiene course, level 2";
	assert_true(goal_content_changed(&base, &g));
	AGAIN();
	steps[1].due_on = D(2026, 4, 1);
	assert_true(goal_content_changed(&base, &g));
	AGAIN();
	steps[2] = (struct goal_step){.description = "Apply for three jobs"};
	g.steps.n = 3;
	assert_true(goal_content_changed(&base, &g));
#undef AGAIN
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_declarations),
		cmocka_unit_test(test_category_keys),
		cmocka_unit_test(test_status_keys),
		cmocka_unit_test(test_plan_valid),
		cmocka_unit_test(test_plan_invalid),
		cmocka_unit_test(test_goal_valid),
		cmocka_unit_test(test_goal_invalid),
		cmocka_unit_test(test_step_fields),
		cmocka_unit_test(test_steps_text),
		cmocka_unit_test(test_goal_step_line_read),
		cmocka_unit_test(test_goal_changes),
		cmocka_unit_test(test_plan_text_changed),
		cmocka_unit_test(test_plan_agreement_after_save),
		cmocka_unit_test(test_goal_content_changed),
		cmocka_unit_test(test_evaluation_due),
		cmocka_unit_test(test_evaluation_done),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
