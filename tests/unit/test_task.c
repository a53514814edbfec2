/*
 * test_task.c — a follow-up task as declared (src/domain/task.c): kinds
 * and results with their keys and labels, and the registration (result,
 * note) read from form text with valid and invalid rows and the words the
 * form shows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/task.h"
#include "util/arena.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Reads the registration as a form sends it (NULL: not sent), then the
 * required fields: what the command gets and checks. */
static void
read_done_from(struct arena *a, const char *result, const char *source, const char *note, struct task *t,
	       struct field_errors *e)
{
	memset(e, 0, sizeof *e);
	fields_clear(task_fields, t);
	field_read_text(fields_find(task_fields, "result"), result, t, a, e);
	field_read_text(fields_find(task_fields, "source"), source, t, a, e);
	field_read_text(fields_find(task_fields, "note"), note, t, a, e);
	fields_check_required(task_fields, t, e);
}

/* The same with the participant as the source. */
static void
read_done(struct arena *a, const char *result, const char *note, struct task *t, struct field_errors *e)
{
	read_done_from(a, result, "participant", note, t, e);
}

static void
test_results_and_kinds(void **state)
{
	(void)state;
	static const struct { const char *key, *label; enum task_result res; } rows[] = {
		{ "employed_full", "Employed full-time", TASK_RESULT_EMPLOYED_FULL },
		{ "employed_part", "Employed part-time", TASK_RESULT_EMPLOYED_PART },
		{ "education", "Education", TASK_RESULT_EDUCATION },
		{ "other_programme", "Other programme", TASK_RESULT_OTHER_PROGRAMME },
		{ "moved", "Moved", TASK_RESULT_MOVED },
		{ "dropped_out", "Dropped out", TASK_RESULT_DROPPED_OUT },
		{ "other", "Other", TASK_RESULT_OTHER },
		{ "unknown", "Unknown (not reached)", TASK_RESULT_UNKNOWN },
		{ "unemployed", "Unemployed", TASK_RESULT_UNEMPLOYED },
	};
	const struct field *f = fields_find(task_fields, "result");
	assert_non_null(f);
	assert_int_equal(f->noptions, NELEM(rows));
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(field_option_index(f, rows[i].key), rows[i].res);
		assert_string_equal(f->options[rows[i].res].label, rows[i].label);
		assert_string_equal(task_result_key(rows[i].res), rows[i].key);
	}
	static const char *const bad[] = { "employed", "Employed_full", "unknown!" };
	for (size_t i = 0; i < NELEM(bad); i++)
		assert_int_equal(field_option_index(f, bad[i]), -1);
	assert_null(task_result_key((enum task_result)-1));
	assert_null(task_result_key((enum task_result)NELEM(rows)));

	const struct field *k = fields_find(task_fields, "kind");
	assert_int_equal(field_option_index(k, "followup_6m"), TASK_FOLLOWUP_6M);
	assert_int_equal(field_option_index(k, "followup_12m"), TASK_FOLLOWUP_12M);
	assert_string_equal(task_kind_label("followup_6m"), "Follow-up 6 months after exit");
	assert_string_equal(task_kind_label("followup_12m"), "Follow-up 12 months after exit");
	assert_string_equal(task_kind_label("other"), "other");
	assert_string_equal(task_kind_label(NULL), "");
}

static void
test_registration_rows(void **state)
{
	(void)state;
	static const struct { const char *result, *note, *field, *reason; } rows[] = {
		{ "employed_full", "", NULL, NULL },
		{ "unknown", "Could not reach her by phone.", NULL, NULL },
		{ " education ", NULL, NULL, NULL },
		{ "moved", "Two lines\nand a\ttab", NULL, NULL },
		{ "", "note", "result", "Choose the result of the follow-up." },
		{ NULL, "", "result", "Choose the result of the follow-up." },
		{ "hired", "", "result", "Choose a result from the list." },
		{ "moved", "tab\tok but bell\a", "note", "This text has characters that are not allowed." },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct task t;
		struct field_errors e;
		read_done(a, rows[i].result, rows[i].note, &t, &e);
		if (rows[i].field == NULL) {
			if (e.n != 0)
				fail_msg("row %zu: unexpected error on %s: %s", i, e.field[0], e.reason[0]);
			assert_true(t.result >= TASK_RESULT_EMPLOYED_FULL && t.result <= TASK_RESULT_UNKNOWN);
		} else {
			if (e.n != 1)
				fail_msg("row %zu: %d errors, want 1 on %s", i, e.n, rows[i].field);
			assert_string_equal(e.field[0], rows[i].field);
			assert_string_equal(e.reason[0], rows[i].reason);
		}
	}
	/* a status needs its source */
	static const struct { const char *source, *reason; } sources[] = {
		{ NULL, "Say where the status comes from: the participant, the employer or a register lookup." },
		{ "", "Say where the status comes from: the participant, the employer or a register lookup." },
		{ "neighbour", "Choose a source from the list." },
	};
	for (size_t i = 0; i < NELEM(sources); i++) {
		struct task t;
		struct field_errors e;
		read_done_from(a, "employed_full", sources[i].source, "", &t, &e);
		if (e.n != 1)
			fail_msg("source %zu: %d errors, want 1 on source", i, e.n);
		assert_string_equal(field_error_of(&e, "source"), sources[i].reason);
	}
	struct task t;
	struct field_errors e;
	read_done_from(a, "unknown", "register", "", &t, &e);
	assert_int_equal(e.n, 0);
	assert_int_equal(t.source, TASK_SOURCE_REGISTER);
	arena_free(a);
}

/* The note's limit is in characters, not bytes. */
static void
test_note_limit(void **state)
{
	(void)state;
	static const struct { const char *unit; size_t n; bool ok; } rows[] = {
		{ "a", FIELD_TEXT_MAX, true },
		{ "a", FIELD_TEXT_MAX + 1, false },
		{ "\xc3\xa6", FIELD_TEXT_MAX, true },
		{ "\xc3\xa6", FIELD_TEXT_MAX + 1, false },
		{ "\xf0\x9f\x98\x80", FIELD_TEXT_MAX, true },
		{ "\n", 10, true },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		size_t len = strlen(rows[i].unit);
		char *text = malloc(len * rows[i].n + 1);
		assert_non_null(text);
		for (size_t k = 0; k < rows[i].n; k++)
			memcpy(text + k * len, rows[i].unit, len);
		text[len * rows[i].n] = '\0';
		struct task t;
		struct field_errors e;
		read_done(a, "moved", text, &t, &e);
		if (rows[i].ok) {
			assert_int_equal(e.n, 0);
		} else {
			assert_int_equal(e.n, 1);
			assert_string_equal(field_error_of(&e, "note"), "The note is too long: at most 8000 characters.");
		}
		free(text);
	}
	arena_free(a);
}

/* Only the result, its part-time percentage, source and day, and the note
 * are read from input; the rest is kept by the product. */
static void
test_kept_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < task_fields.n; i++) {
		const struct field *f = &task_fields.f[i];
		bool input = strcmp(f->key, "result") == 0 || strcmp(f->key, "note") == 0 ||
			     strcmp(f->key, "part_time_percent") == 0 || strcmp(f->key, "source") == 0 ||
			     strcmp(f->key, "result_on") == 0;
		if (input == ((f->flags & FF_OUT) != 0))
			fail_msg("%s", f->key);
	}
	for (size_t i = 0; i < task_context_fields.n; i++)
		assert_true(task_context_fields.f[i].flags & FF_OUT);
	assert_null(fields_find(task_fields, "assignee_name"));
}

/* The rules of a result the types do not hold: a part-time job has its
 * percentage, nothing else has one, the day is neither after today nor
 * before the exit, and the 12-month follow-up comes after the 6-month one
 * (its day not before the 6-month day). */
static void
test_result_rules(void **state)
{
	(void)state;
	static const struct {
		const char *result, *pct, *on;
		int kind;
		bool earlier_open;
		const char *field, *reason;   /* the one error, or NULL */
	} rows[] = {
		{"employed_part", "60", "", TASK_FOLLOWUP_6M, false, NULL, NULL},
		{"employed_part", "", "", TASK_FOLLOWUP_6M, false, "part_time_percent", "Give the part-time percentage of a part-time job."},
		{"employed_full", "60", "", TASK_FOLLOWUP_6M, false, "part_time_percent", "Only a part-time job has a part-time percentage."},
		{"unemployed", "", "2026-03-01", TASK_FOLLOWUP_6M, false, NULL, NULL},
		{"education", "", "2026-03-02", TASK_FOLLOWUP_6M, false, NULL, NULL},
		{"education", "", "2026-03-03", TASK_FOLLOWUP_6M, false, "result_on", "The day the status held cannot be after today."},
		/* the exit was 2025-09-02 */
		{"education", "", "2025-09-02", TASK_FOLLOWUP_6M, false, NULL, NULL},
		{"education", "", "2025-09-01", TASK_FOLLOWUP_6M, false, "result_on",
		 "The day the status held cannot be before the exit from the programme."},
		{"employed_full", "", "1990-01-01", TASK_FOLLOWUP_6M, false, "result_on",
		 "The day the status held cannot be before the exit from the programme."},
		/* the 6-month status held on 2026-02-20 */
		{"employed_full", "", "2026-02-20", TASK_FOLLOWUP_12M, false, NULL, NULL},
		{"employed_full", "", "", TASK_FOLLOWUP_12M, false, NULL, NULL},
		{"employed_full", "", "2026-02-19", TASK_FOLLOWUP_12M, false, "result_on",
		 "The status at 12 months cannot be from before the day of the status at 6 months."},
		{"employed_full", "", "", TASK_FOLLOWUP_12M, true, "result",
		 "Register the 6-month follow-up first: the 12-month follow-up comes after it."},
		{"employed_full", "", "", TASK_FOLLOWUP_6M, true, NULL, NULL},
	};
	struct date today = {2026, 3, 2};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct task t;
		struct field_errors e = {0};
		fields_clear(task_fields, &t);
		field_read_text(fields_find(task_fields, "result"), rows[i].result, &t, a, &e);
		field_read_text(fields_find(task_fields, "part_time_percent"), rows[i].pct, &t, a, &e);
		field_read_text(fields_find(task_fields, "result_on"), rows[i].on, &t, a, &e);
		assert_int_equal(e.n, 0);
		struct task_when w = {.today = today, .exit_date = {2025, 9, 2}, .kind = rows[i].kind,
				      .earlier_open = rows[i].earlier_open};
		if (rows[i].kind == TASK_FOLLOWUP_12M && !rows[i].earlier_open)
			w.earlier_result_on = (struct date){2026, 2, 20};
		bool ok = task_result_check(&t, &w, &e);
		if (rows[i].field == NULL) {
			assert_true(ok);
			assert_int_equal(e.n, 0);
		} else {
			assert_false(ok);
			assert_int_equal(e.n, 1);
			assert_string_equal(field_error_of(&e, rows[i].field), rows[i].reason);
		}
	}
	/* out of range percentages are refused while reading */
	struct task t;
	struct field_errors e = {0};
	fields_clear(task_fields, &t);
	field_read_text(fields_find(task_fields, "part_time_percent"), "100", &t, a, &e);
	assert_string_equal(field_error_of(&e, "part_time_percent"),
			    "Give the part-time percentage as a whole number from 1 to 99.");
	arena_free(a);
}

/* A 12-month follow-up waits for its own period's 6-month one only. */
static void
test_earlier_open(void **state)
{
	(void)state;
	struct task all[4];
	memset(all, 0, sizeof all);
	all[0] = (struct task){.id = 1, .enrolment_id = 10, .kind = TASK_FOLLOWUP_6M};
	all[1] = (struct task){.id = 2, .enrolment_id = 10, .kind = TASK_FOLLOWUP_12M};
	all[2] = (struct task){.id = 3, .enrolment_id = 20, .kind = TASK_FOLLOWUP_6M, .done_on = {2026, 1, 5}};
	all[3] = (struct task){.id = 4, .enrolment_id = 20, .kind = TASK_FOLLOWUP_12M};
	assert_true(task_earlier_open(&all[1], all, 4));
	assert_false(task_earlier_open(&all[3], all, 4));
	assert_false(task_earlier_open(&all[0], all, 4));
	all[0].done_on = (struct date){2026, 2, 1};
	assert_false(task_earlier_open(&all[1], all, 4));
	assert_false(task_earlier_open(&all[1], all, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results_and_kinds),
		cmocka_unit_test(test_registration_rows),
		cmocka_unit_test(test_note_limit),
		cmocka_unit_test(test_kept_fields),
		cmocka_unit_test(test_result_rules),
		cmocka_unit_test(test_earlier_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
