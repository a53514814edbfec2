/*
 * test_enrolment.c — table-driven tests of programme periods as declared:
 * planned ends, the start of a period, extensions, pauses, resumption and
 * exit, each read from form text as a form sends it and checked against
 * the period's facts; outcomes, statuses and follow-up dates
 * (src/domain/enrolment.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/enrolment.h"
#include "domain/intake.h"
#include "util/arena.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 10 };
static const char R_REQ[] = "This field is required.";
static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";
/* a date of the right shape that does not exist (domain/date.h) */
static const char R_FEBRUARY[] = "%s is not a date: February %s has %s days.";
static const char R_NO_MONTH[] = "%s is not a date: there is no month %s.";
static const char R_4Y[] = "The programme period can be at most four years from the start.";

/* Checks that the check said ok (no error) or that exactly one error
 * names field with reason. */
static void
expect(const char *what, bool ok, const struct field_errors *e, const char *field, const char *reason)
{
	if (field == NULL) {
		if (!ok || e->n != 0)
			fail_msg("%s: unexpected error %s: %s", what, e->n ? e->field[0] : "-", e->n ? e->reason[0] : "-");
		return;
	}
	if (e->n != 1 || strcmp(e->field[0], field) != 0)
		fail_msg("%s: %d errors, first %s", what, e->n, e->n ? e->field[0] : "-");
	assert_string_equal(e->reason[0], reason);
}

/* Reads a change as a form sends it: kv holds key, text, ... NULL-
 * terminated (a key left out is sent empty); then the required fields.
 * Returns false when reading found an error. */
static bool
read_form(struct arena *a, struct fields fs, const char *const *kv, void *rec, struct field_errors *e)
{
	memset(e, 0, sizeof *e);
	fields_clear(fs, rec);
	for (size_t i = 0; i < fs.n; i++) {
		if (fs.f[i].flags & FF_OUT)
			continue;
		const char *text = "";
		for (size_t k = 0; kv[k] != NULL; k += 2)
			if (strcmp(kv[k], fs.f[i].key) == 0)
				text = kv[k + 1] != NULL ? kv[k + 1] : "";
		field_read_text(&fs.f[i], text, rec, a, e);
	}
	fields_check_required(fs, rec, e);
	return e->n == 0;
}

static void
test_planned_ends(void **state)
{
	(void)state;
	static const struct { struct date start, def, longest; } rows[] = {
		{ D(2025, 8, 18), D(2027, 8, 18), D(2029, 8, 18) },
		{ D(2024, 2, 29), D(2026, 2, 28), D(2028, 2, 29) },
		{ D(2023, 12, 31), D(2025, 12, 31), D(2027, 12, 31) },
		{ D(2025, 1, 1), D(2027, 1, 1), D(2029, 1, 1) },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(date_cmp(enrolment_default_end(rows[i].start), rows[i].def), 0);
		assert_int_equal(date_cmp(enrolment_longest_end(rows[i].start), rows[i].longest), 0);
	}
	/* The statuses, with their labels as the page shows them. */
	static const struct { enum enrolment_status s; const char *key, *label; } statuses[] = {
		{ ENROLMENT_ACTIVE, "active", "Active" },
		{ ENROLMENT_PAUSED, "paused", "Paused" },
		{ ENROLMENT_EXITED, "exited", "Exited" },
	};
	const struct field *status = fields_find(enrolment_fields, "status");
	assert_non_null(status);
	assert_int_equal(status->noptions, NELEM(statuses));
	for (size_t i = 0; i < NELEM(statuses); i++) {
		assert_string_equal(enrolment_status_key(statuses[i].s), statuses[i].key);
		assert_string_equal(status->options[statuses[i].s].key, statuses[i].key);
		assert_string_equal(status->options[statuses[i].s].label, statuses[i].label);
	}
	assert_null(enrolment_status_key(ENROLMENT_STATUS_COUNT));
}

static void
test_outcomes(void **state)
{
	(void)state;
	static const struct { const char *key, *label; } rows[] = {
		{ "employed_full", "Employed full-time" },
		{ "employed_part", "Employed part-time" },
		{ "education", "Education" },
		{ "other_programme", "Other programme" },
		{ "moved", "Moved" },
		{ "dropped_out", "Dropped out" },
		{ "other", "Other" },
	};
	assert_int_equal(NELEM(rows), OUTCOME_COUNT);
	const struct field *outcome = fields_find(enrolment_exit_fields, "outcome");
	assert_non_null(outcome);
	assert_int_equal(outcome->noptions, OUTCOME_COUNT);
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum exit_outcome o = OUTCOME_COUNT;
		assert_int_equal(exit_outcome_parse(rows[i].key, &o), 0);
		assert_int_equal(o, (enum exit_outcome)i);
		assert_string_equal(exit_outcome_key(o), rows[i].key);
		assert_string_equal(exit_outcome_label(o), rows[i].label);
		assert_string_equal(outcome->options[i].key, rows[i].key);
		assert_string_equal(outcome->options[i].label, rows[i].label);
	}
	static const char *const bad[] = { "", "employed", "Moved", "unknown", "other " };
	for (size_t i = 0; i < NELEM(bad); i++) {
		enum exit_outcome o = OUTCOME_MOVED;
		assert_int_equal(exit_outcome_parse(bad[i], &o), SC_EINVAL);
		assert_int_equal(o, OUTCOME_MOVED);
	}
	enum exit_outcome o;
	assert_int_equal(exit_outcome_parse(NULL, &o), SC_EINVAL);
	assert_null(exit_outcome_key(OUTCOME_COUNT));
	assert_null(exit_outcome_label((enum exit_outcome)-1));
}

static void
test_start(void **state)
{
	(void)state;
	static const struct {
		const char *start, *end;
		struct date want_end;
		const char *field, *reason;
	} rows[] = {
		{ "2025-03-10", "", { 2027, 3, 10 }, NULL, NULL },
		{ "2025-03-01", "", { 2027, 3, 1 }, NULL, NULL },
		{ "2025-04-01", "2026-04-01", { 2026, 4, 1 }, NULL, NULL },
		{ "2025-04-01", "2029-04-01", { 2029, 4, 1 }, NULL, NULL },
		{ "2026-03-10", "", { 2028, 3, 10 }, NULL, NULL },
		/* An empty end is two years from the start, never from today. */
		{ "2025-09-30", "", { 2027, 9, 30 }, NULL, NULL },
		{ "", "", { 0, 0, 0 }, "start_date", R_REQ },
		{ "2025-13-01", "", { 0, 0, 0 }, "start_date", R_NO_MONTH },
		{ "2025-02-28", "", { 0, 0, 0 }, "start_date", "The start cannot be before the referral date." },
		{ "2026-03-11", "", { 0, 0, 0 }, "start_date", "The start can be at most one year from today." },
		{ "2025-04-01", "2025-04-01", { 0, 0, 0 }, "planned_end", "The planned end must be after the start." },
		{ "2025-04-01", "2025-03-31", { 0, 0, 0 }, "planned_end", "The planned end must be after the start." },
		{ "2025-04-01", "2029-04-02", { 0, 0, 0 }, "planned_end", R_4Y },
		{ "2025-04-01", "april", { 0, 0, 0 }, "planned_end", R_DATE },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct enrolment_start in;
		struct field_errors e;
		bool ok = read_form(a, enrolment_start_fields,
				    (const char *const[]){"start_date", rows[i].start, "planned_end", rows[i].end, NULL}, &in, &e);
		ok = enrolment_start_check(&in, D(2025, 3, 1), TODAY, &e) && ok;
		char what[64];
		snprintf(what, sizeof what, "start row %zu", i);
		expect(what, ok, &e, rows[i].field, rows[i].reason);
		if (rows[i].field == NULL)
			assert_int_equal(date_cmp(in.planned_end, rows[i].want_end), 0);
	}
	/* both wrong: two errors */
	struct enrolment_start in;
	struct field_errors e;
	read_form(a, enrolment_start_fields, (const char *const[]){"start_date", "x", "planned_end", "y", NULL}, &in, &e);
	enrolment_start_check(&in, D(2025, 3, 1), TODAY, &e);
	assert_int_equal(e.n, 2);
	/* without a referral, and who may start one */
	read_form(a, enrolment_start_fields, (const char *const[]){"start_date", "1990-01-01", NULL}, &in, &e);
	assert_true(enrolment_start_check(&in, (struct date){DATE_MIN_YEAR, 1, 1}, TODAY, &e));
	assert_null(enrolment_start_refusal(false, false));
	assert_string_equal(enrolment_start_refusal(true, true), "This participant is already enrolled in the programme.");
	assert_string_equal(enrolment_start_refusal(false, true),
			    "This participant has an open referral; enrol them by accepting its offer.");
	arena_free(a);
}

static void
test_extend(void **state)
{
	(void)state;
	/* started 2024-01-15, planned to end 2026-01-15 */
	static const struct { const char *new_end, *reason, *field, *why; } rows[] = {
		{ "2026-06-30", "Needs more language training", NULL, NULL },
		{ "2028-01-15", "Last possible day", NULL, NULL },
		{ "2026-01-16", " one day ", NULL, NULL },
		{ "2028-01-16", "Too long", "new_end", R_4Y },
		{ "2030-01-01", "Too long", "new_end", R_4Y },
		{ "2026-01-15", "Same day", "new_end", "The new end must be after the current planned end." },
		{ "2025-12-31", "Earlier", "new_end", "The new end must be after the current planned end." },
		{ "", "no date", "new_end", R_REQ },
		{ "2026/06/30", "bad", "new_end", R_DATE },
		{ "2026-06-30", "", "reason", R_REQ },
		{ "2026-06-30", "  \n ", "reason", R_REQ },
		{ "2026-06-30", NULL, "reason", R_REQ },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct enrolment_extension in;
		struct field_errors e;
		bool ok = read_form(a, enrolment_extension_fields,
				    (const char *const[]){"new_end", rows[i].new_end, "reason", rows[i].reason, NULL}, &in, &e);
		ok = enrolment_extend_check(&in, D(2024, 1, 15), D(2026, 1, 15), &e) && ok;
		char what[64];
		snprintf(what, sizeof what, "extend row %zu", i);
		expect(what, ok, &e, rows[i].field, rows[i].why);
	}
	struct enrolment_extension in;
	struct field_errors e;
	read_form(a, enrolment_extension_fields, (const char *const[]){"new_end", "2027-01-15", "reason", "  trimmed  ", NULL},
		  &in, &e);
	assert_true(enrolment_extend_check(&in, D(2024, 1, 15), D(2026, 1, 15), &e));
	assert_string_equal(in.reason, "trimmed");
	assert_int_equal(date_cmp(in.new_end, D(2027, 1, 15)), 0);
	/* already at four years: nothing more */
	read_form(a, enrolment_extension_fields, (const char *const[]){"new_end", "2028-01-16", "reason", "r", NULL}, &in, &e);
	assert_false(enrolment_extend_check(&in, D(2024, 1, 15), D(2028, 1, 15), &e));
	arena_free(a);
}

static void
test_pause(void **state)
{
	(void)state;
	/* period 2024-01-15 .. 2026-01-15, today 2025-03-10 */
	static const struct {
		const char *from, *to, *reason;
		bool has_to;
		const char *field, *why;
	} rows[] = {
		{ "2025-03-01", "", "Maternity leave", false, NULL, NULL },
		{ "2025-03-10", "2025-06-01", "Sick", true, NULL, NULL },
		{ "2024-01-15", "2024-01-16", "First day", true, NULL, NULL },
		{ "2024-01-14", "", "Before", false, "from", "The pause must start within the programme period." },
		{ "2025-03-11", "", "Tomorrow", false, "from", "The pause cannot start in the future." },
		{ "", "", "No date", false, "from", R_REQ },
		{ "1.3.2025", "", "Bad", false, "from", R_DATE },
		{ "2025-03-01", "2025-03-01", "Same day", true, "to", "The end of the pause must be after its start." },
		{ "2025-03-01", "2025-02-01", "Before", true, "to", "The end of the pause must be after its start." },
		{ "2025-03-01", "later", "Bad", false, "to", R_DATE },
		{ "2025-03-01", "", "", false, "reason", R_REQ },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct enrolment_pause_input in;
		struct field_errors e;
		bool ok = read_form(a, enrolment_pause_input_fields,
				    (const char *const[]){"from", rows[i].from, "to", rows[i].to, "reason", rows[i].reason, NULL},
				    &in, &e);
		ok = enrolment_pause_check(&in, D(2024, 1, 15), D(2026, 1, 15), TODAY, &e) && ok;
		char what[64];
		snprintf(what, sizeof what, "pause row %zu", i);
		expect(what, ok, &e, rows[i].field, rows[i].why);
		assert_int_equal(in.to.y != 0, rows[i].has_to);
	}
	/* a pause after the planned end (period ended 2025-01-01, not exited) */
	struct enrolment_pause_input in;
	struct field_errors e;
	read_form(a, enrolment_pause_input_fields, (const char *const[]){"from", "2025-02-01", "reason", "late", NULL}, &in, &e);
	assert_false(enrolment_pause_check(&in, D(2023, 1, 1), D(2025, 1, 1), TODAY, &e));
	assert_string_equal(e.field[0], "from");
	arena_free(a);
}

/* A kept pause's days changed: the period from 2024-01-15 to 2026-01-15,
 * today 2025-03-10; exited on 2025-02-20 or not. */
static void
test_pause_change(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to;
		bool exited;
		const char *field, *why, *day;
	} rows[] = {
		{"2025-03-01", "", false, NULL, NULL, NULL},            /* open again */
		{"2024-01-15", "2024-02-01", false, NULL, NULL, NULL},  /* on the first day */
		{"2025-03-10", "2025-04-01", false, NULL, NULL, NULL},  /* today, to come */
		{"", "2025-03-05", false, "from", "Give the pause's first day.", NULL},
		{"2024-01-14", "2024-02-01", false, "from",
		 "The pause cannot start before the programme period began on %s.", "2024-01-15"},
		{"2025-03-11", "", false, "from", "The pause cannot start in the future.", NULL},
		{"2025-03-01", "2025-03-01", false, "to", "The end of the pause must be after its start.", NULL},
		{"2025-03-01", "2025-02-28", false, "to", "The end of the pause must be after its start.", NULL},
		{"2025-02-01", "2025-02-20", true, NULL, NULL, NULL},   /* ends on the exit */
		{"2025-02-20", "2025-02-20", true, "from", "The pause must start before the exit on %s.", "2025-02-20"},
		{"2025-02-01", "2025-02-21", true, "to", "The pause ended with the exit on %s: it must end by that day.",
		 "2025-02-20"},
		{"2025-02-01", "", true, "to", "The pause ended with the exit on %s: it must end by that day.",
		 "2025-02-20"},
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct enrolment_pause_input in;
		struct field_errors e;
		bool ok = read_form(a, enrolment_pause_change_fields,
				    (const char *const[]){"from", rows[i].from, "to", rows[i].to, NULL}, &in, &e);
		struct date exit_date = rows[i].exited ? D(2025, 2, 20) : D(0, 0, 0);
		ok = enrolment_pause_change_check(&in, D(2024, 1, 15), D(2026, 1, 15), exit_date, TODAY, a, &e) && ok;
		char what[64];
		snprintf(what, sizeof what, "pause change row %zu", i);
		expect(what, ok, &e, rows[i].field, rows[i].why);
		if (rows[i].day != NULL)
			assert_string_equal(e.text[0][0], rows[i].day);
	}
	/* a start after the planned end (not exited) */
	struct enrolment_pause_input in;
	struct field_errors e;
	read_form(a, enrolment_pause_change_fields, (const char *const[]){"from", "2025-02-01", NULL}, &in, &e);
	assert_false(enrolment_pause_change_check(&in, D(2023, 1, 1), D(2025, 1, 1), D(0, 0, 0), TODAY, a, &e));
	assert_string_equal(e.reason[0], "The pause must start within the programme period.");
	arena_free(a);
}

static void
test_resume(void **state)
{
	(void)state;
	static const struct { const char *date, *field, *why; } rows[] = {
		{ "2025-03-10", NULL, NULL },
		{ "2025-02-01", NULL, NULL },
		{ "2025-01-31", "date", "The period cannot resume before the pause started." },
		{ "2025-03-11", "date", "The date cannot be in the future." },
		{ "", "date", R_REQ },
		{ "today", "date", R_DATE },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct enrolment_resume in;
		struct field_errors e;
		bool ok = read_form(a, enrolment_resume_fields, (const char *const[]){"date", rows[i].date, NULL}, &in, &e);
		ok = enrolment_resume_check(&in, D(2025, 2, 1), TODAY, &e) && ok;
		char what[64];
		snprintf(what, sizeof what, "resume row %zu", i);
		expect(what, ok, &e, rows[i].field, rows[i].why);
	}
	arena_free(a);
}

static void
test_exit(void **state)
{
	(void)state;
	/* started 2024-01-15 */
	static const struct {
		const char *date, *reason, *outcome;
		enum exit_outcome want;
		const char *field, *why;
	} rows[] = {
		{ "2025-03-10", "Got a job at the café", "employed_full", OUTCOME_EMPLOYED_FULL, NULL, NULL },
		{ "2024-01-15", "Moved to Oslo", "moved", OUTCOME_MOVED, NULL, NULL },
		{ "2025-01-01", "Started school", "education", OUTCOME_EDUCATION, NULL, NULL },
		{ "2024-01-14", "Before start", "other", OUTCOME_OTHER, "date", "The exit cannot be before the start of the period." },
		{ "2025-03-11", "Tomorrow", "other", OUTCOME_OTHER, "date", "The exit date cannot be in the future." },
		{ "", "No date", "other", OUTCOME_OTHER, "date", R_REQ },
		{ "2025-02-30", "Bad date", "other", OUTCOME_OTHER, "date", R_FEBRUARY },
		{ "2025-03-01", "", "other", OUTCOME_OTHER, "reason", R_REQ },
		{ "2025-03-01", "Why", "", OUTCOME_OTHER, "outcome", "Choose the outcome." },
		{ "2025-03-01", "Why", "retired", OUTCOME_OTHER, "outcome", "Choose an outcome from the list." },
	};
	struct arena *a = arena_new();
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct enrolment_exit in;
		struct field_errors e;
		bool ok = read_form(a, enrolment_exit_fields,
				    (const char *const[]){"date", rows[i].date, "reason", rows[i].reason, "outcome",
							  rows[i].outcome, NULL}, &in, &e);
		ok = enrolment_exit_check(&in, D(2024, 1, 15), TODAY, &e) && ok;
		char what[64];
		snprintf(what, sizeof what, "exit row %zu", i);
		expect(what, ok, &e, rows[i].field, rows[i].why);
		if (rows[i].field == NULL)
			assert_int_equal(in.outcome, (int)rows[i].want);
	}
	/* everything wrong: three errors */
	struct enrolment_exit in;
	struct field_errors e;
	read_form(a, enrolment_exit_fields, (const char *const[]){NULL}, &in, &e);
	enrolment_exit_check(&in, D(2024, 1, 15), TODAY, &e);
	assert_int_equal(e.n, 3);
	arena_free(a);
}

static void
test_followups(void **state)
{
	(void)state;
	assert_string_equal(enrolment_followup(0)->kind, "followup_6m");
	assert_int_equal(enrolment_followup(0)->months, 6);
	assert_string_equal(enrolment_followup(1)->kind, "followup_12m");
	assert_int_equal(enrolment_followup(1)->months, 12);
	assert_null(enrolment_followup(2));
	assert_null(enrolment_followup(-1));
	static const struct { struct date exit, six, twelve; } rows[] = {
		{ D(2025, 3, 10), D(2025, 9, 10), D(2026, 3, 10) },
		{ D(2024, 8, 31), D(2025, 2, 28), D(2025, 8, 31) },
		{ D(2023, 8, 31), D(2024, 2, 29), D(2024, 8, 31) },
		{ D(2024, 2, 29), D(2024, 8, 29), D(2025, 2, 28) },
		{ D(2025, 12, 31), D(2026, 6, 30), D(2026, 12, 31) },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		assert_int_equal(date_cmp(enrolment_followup_due(rows[i].exit, 0), rows[i].six), 0);
		assert_int_equal(date_cmp(enrolment_followup_due(rows[i].exit, 1), rows[i].twelve), 0);
		assert_int_equal(date_cmp(enrolment_followup_due(rows[i].exit, 5), rows[i].exit), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planned_ends),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_extend),
		cmocka_unit_test(test_pause),
		cmocka_unit_test(test_pause_change),
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_followups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
