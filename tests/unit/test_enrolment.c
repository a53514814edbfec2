/*
 * test_enrolment.c — table-driven tests of programme periods: planned ends,
 * the start of a period, extensions, pauses, resumption, exit, outcomes and
 * follow-up dates (src/domain/enrolment.c).
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
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = { 2025, 3, 10 };
static const char R_REQ[] = "This field is required.";
static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";
static const char R_4Y[] = "The programme period can be at most four years from the start.";

/* Checks rc and, for a failure, that exactly one error names field with
 * reason. */
static void
expect(const char *what, int rc, const struct field_errors *e, const char *field, const char *reason)
{
	if (field == NULL) {
		if (rc != 0)
			fail_msg("%s: unexpected error %s: %s", what, e->field[0], e->reason[0]);
		assert_int_equal(e->n, 0);
		return;
	}
	if (rc != SC_EINVAL || e->n != 1 || strcmp(e->field[0], field) != 0)
		fail_msg("%s: rc %d, %d errors, first %s", what, rc, e->n, e->n ? e->field[0] : "-");
	assert_string_equal(e->reason[0], reason);
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
	assert_string_equal(enrolment_status_label("active"), "Active");
	assert_string_equal(enrolment_status_label("paused"), "Paused");
	assert_string_equal(enrolment_status_label("exited"), "Exited");
	assert_string_equal(enrolment_status_label("odd"), "odd");
	assert_string_equal(enrolment_status_label(NULL), "");
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
	for (size_t i = 0; i < NELEM(rows); i++) {
		enum exit_outcome o = OUTCOME_COUNT;
		assert_int_equal(exit_outcome_parse(rows[i].key, &o), 0);
		assert_int_equal(o, (enum exit_outcome)i);
		assert_string_equal(exit_outcome_key(o), rows[i].key);
		assert_string_equal(exit_outcome_label(o), rows[i].label);
		assert_string_equal(exit_outcome_label_of(rows[i].key), rows[i].label);
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
	assert_string_equal(exit_outcome_label_of("strange"), "strange");
	assert_string_equal(exit_outcome_label_of(NULL), "");
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
		{ "2025-13-01", "", { 0, 0, 0 }, "start_date", R_DATE },
		{ "2025-02-28", "", { 0, 0, 0 }, "start_date", "The start cannot be before the referral date." },
		{ "2026-03-11", "", { 0, 0, 0 }, "start_date", "The start can be at most one year from today." },
		{ "2025-04-01", "2025-04-01", { 0, 0, 0 }, "planned_end", "The planned end must be after the start." },
		{ "2025-04-01", "2025-03-31", { 0, 0, 0 }, "planned_end", "The planned end must be after the start." },
		{ "2025-04-01", "2029-04-02", { 0, 0, 0 }, "planned_end", R_4Y },
		{ "2025-04-01", "april", { 0, 0, 0 }, "planned_end", R_DATE },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date start, end = {0, 0, 0};
		struct field_errors e;
		int rc = enrolment_start_validate(rows[i].start, rows[i].end, D(2025, 3, 1), TODAY,
						  &start, &end, &e);
		char what[64];
		snprintf(what, sizeof what, "start row %zu", i);
		expect(what, rc, &e, rows[i].field, rows[i].reason);
		if (rows[i].field == NULL)
			assert_int_equal(date_cmp(end, rows[i].want_end), 0);
	}
	/* both wrong: two errors */
	struct date s, en;
	struct field_errors e;
	assert_int_equal(enrolment_start_validate("x", "y", D(2025, 3, 1), TODAY, &s, &en, &e), SC_EINVAL);
	assert_int_equal(e.n, 2);
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
	for (size_t i = 0; i < NELEM(rows); i++) {
		char *reason = rows[i].reason ? strdup(rows[i].reason) : NULL;
		char *p = reason;
		struct date new_end;
		struct field_errors e;
		int rc = enrolment_extend_validate(D(2024, 1, 15), D(2026, 1, 15), rows[i].new_end, &p,
						   &new_end, &e);
		char what[64];
		snprintf(what, sizeof what, "extend row %zu", i);
		expect(what, rc, &e, rows[i].field, rows[i].why);
		free(reason);
	}
	char r[] = "  trimmed  ";
	char *p = r;
	struct date ne;
	struct field_errors e;
	assert_int_equal(enrolment_extend_validate(D(2024, 1, 15), D(2026, 1, 15), "2027-01-15", &p, &ne, &e), 0);
	assert_string_equal(p, "trimmed");
	assert_int_equal(date_cmp(ne, D(2027, 1, 15)), 0);
	/* already at four years: nothing more */
	p = r;
	assert_int_equal(enrolment_extend_validate(D(2024, 1, 15), D(2028, 1, 15), "2028-01-16", &p, &ne, &e),
			 SC_EINVAL);
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
		{ "2025-03-01", "2025-03-01", "Same day", false, "to", "The end of the pause must be after its start." },
		{ "2025-03-01", "2025-02-01", "Before", false, "to", "The end of the pause must be after its start." },
		{ "2025-03-01", "later", "Bad", false, "to", R_DATE },
		{ "2025-03-01", "", "", false, "reason", R_REQ },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		char *reason = strdup(rows[i].reason);
		char *p = reason;
		struct date from, to;
		bool has_to = !rows[i].has_to;
		struct field_errors e;
		int rc = enrolment_pause_validate(D(2024, 1, 15), D(2026, 1, 15), TODAY, rows[i].from,
						  rows[i].to, &p, &from, &to, &has_to, &e);
		char what[64];
		snprintf(what, sizeof what, "pause row %zu", i);
		expect(what, rc, &e, rows[i].field, rows[i].why);
		assert_int_equal(has_to, rows[i].has_to);
		free(reason);
	}
	/* a pause after the planned end (period ended 2025-01-01, not exited) */
	char r[] = "late";
	char *p = r;
	struct date from, to;
	bool has_to;
	struct field_errors e;
	assert_int_equal(enrolment_pause_validate(D(2023, 1, 1), D(2025, 1, 1), TODAY, "2025-02-01", NULL,
						  &p, &from, &to, &has_to, &e), SC_EINVAL);
	assert_string_equal(e.field[0], "from");
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
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct date d;
		struct field_errors e;
		int rc = enrolment_resume_validate(D(2025, 2, 1), TODAY, rows[i].date, &d, &e);
		char what[64];
		snprintf(what, sizeof what, "resume row %zu", i);
		expect(what, rc, &e, rows[i].field, rows[i].why);
	}
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
		{ "2025-02-30", "Bad date", "other", OUTCOME_OTHER, "date", R_DATE },
		{ "2025-03-01", "", "other", OUTCOME_OTHER, "reason", R_REQ },
		{ "2025-03-01", "Why", "", OUTCOME_OTHER, "outcome", "Choose the outcome." },
		{ "2025-03-01", "Why", "retired", OUTCOME_OTHER, "outcome", "Choose an outcome from the list." },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		char *reason = strdup(rows[i].reason);
		char *p = reason;
		struct date d;
		enum exit_outcome o = OUTCOME_COUNT;
		struct field_errors e;
		int rc = enrolment_exit_validate(D(2024, 1, 15), TODAY, rows[i].date, &p, rows[i].outcome,
						 &d, &o, &e);
		char what[64];
		snprintf(what, sizeof what, "exit row %zu", i);
		expect(what, rc, &e, rows[i].field, rows[i].why);
		if (rows[i].field == NULL)
			assert_int_equal(o, rows[i].want);
		free(reason);
	}
	/* everything wrong: three errors */
	char *p = NULL;
	struct date d;
	enum exit_outcome o;
	struct field_errors e;
	assert_int_equal(enrolment_exit_validate(D(2024, 1, 15), TODAY, NULL, &p, NULL, &d, &o, &e), SC_EINVAL);
	assert_int_equal(e.n, 3);
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
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_followups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
