/*
 * test_benefit_calc.c — the calculator's JSON (src/domain/benefit_calc.c),
 * shared by `secondchance benefit calc`, POST /api/v1/benefits/calc and
 * the page: the example read into the rules' input; absent members
 * as the issue says (no end, no pauses, no tax information, zero minutes);
 * each bad member named by its path with its reason; a statement written
 * back with its lines as the command prints them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "domain/benefit_calc.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char example[] =
	"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1999-10-15\","
	"\"programme\":{\"start\":\"2025-09-10\",\"end\":\"2026-09-09\","
	"\"pauses\":[{\"from\":\"2025-09-22\",\"to\":\"2025-09-26\"}]},"
	"\"children\":[\"2010-09-20\"],\"unexcused_minutes\":450,"
	"\"work\":{\"gross_ore\":500000,\"hours\":20.25},"
	"\"other_income\":[{\"kind\":\"sykepenger\",\"amount_ore\":100000}],"
	"\"tax\":{\"percent\":30},\"outstanding_ore\":7}";

static void
test_example(void **state)
{
	(void)state;
	json_t *j = json_loads(example, 0, NULL);
	assert_non_null(j);
	struct benefit_input in;
	const char *scheme;
	struct benefit_calc_error err;
	assert_true(benefit_calc_read(j, &in, &scheme, &err));
	assert_string_equal(scheme, "kvp");
	assert_int_equal(in.year, 2025);
	assert_int_equal(in.month, 9);
	assert_true(date_cmp(in.birth, (struct date){1999, 10, 15}) == 0);
	assert_true(date_cmp(in.start, (struct date){2025, 9, 10}) == 0);
	assert_true(in.has_end);
	assert_true(date_cmp(in.end, (struct date){2026, 9, 9}) == 0);
	assert_int_equal(in.npauses, 1);
	assert_true(date_cmp(in.pauses[0].from, (struct date){2025, 9, 22}) == 0);
	assert_true(date_cmp(in.pauses[0].to, (struct date){2025, 9, 26}) == 0);
	assert_int_equal(in.nchildren, 1);
	assert_true(date_cmp(in.children[0], (struct date){2010, 9, 20}) == 0);
	assert_int_equal(in.unexcused_minutes, 450);
	assert_true(in.has_work);
	assert_int_equal(in.work_gross_ore, 500000);
	assert_int_equal(in.work_hours_centi, 2025);
	assert_int_equal(in.nincome, 1);
	assert_string_equal(in.income[0].kind, "sykepenger");
	assert_int_equal(in.income[0].amount_ore, 100000);
	assert_int_equal(in.tax, BENEFIT_TAX_PERCENT);
	assert_int_equal(in.tax_percent, 30);
	assert_int_equal(in.outstanding_ore, 7);
	json_decref(j);
}

/* Only the required members: the rest as the issue says when absent. */
static void
test_absent(void **state)
{
	(void)state;
	json_t *j = json_loads("{\"scheme\":\"bergen\",\"month\":\"2024-02\",\"birth_date\":\"2000-02-29\","
			       "\"programme\":{\"start\":\"2024-02-01\",\"end\":null},\"tax\":{\"table\":\"8010\"}}",
			       0, NULL);
	struct benefit_input in;
	const char *scheme;
	struct benefit_calc_error err;
	assert_true(benefit_calc_read(j, &in, &scheme, &err));
	assert_false(in.has_end);
	assert_int_equal(in.npauses, 0);
	assert_int_equal(in.nchildren, 0);
	assert_int_equal(in.nincome, 0);
	assert_int_equal(in.unexcused_minutes, 0);
	assert_false(in.has_work);
	assert_int_equal(in.outstanding_ore, 0);
	assert_int_equal(in.tax, BENEFIT_TAX_TABLE);
	assert_string_equal(in.tax_table, "8010");
	json_decref(j);
	j = json_loads("{\"scheme\":\"bergen\",\"month\":\"2024-02\",\"birth_date\":\"2000-02-29\","
		       "\"programme\":{\"start\":\"2024-02-01\"}}", 0, NULL);
	assert_true(benefit_calc_read(j, &in, &scheme, &err));
	assert_int_equal(in.tax, BENEFIT_TAX_NONE);
	json_decref(j);
}

#define REQ "\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\""
#define PROG "\"programme\":{\"start\":\"2025-09-10\"}"

static void
test_bad(void **state)
{
	(void)state;
	static const struct {
		const char *json, *field, *reason;
	} rows[] = {
		{"[]", "(input)", "Send a JSON object."},
		{"{\"month\":\"2025-09\"}", "scheme", "This field is required."},
		{"{\"scheme\":3}", "scheme", "Must be text."},
		{"{\"scheme\":\"kvp\",\"month\":\"2025-9\"}", "month", "Give the month as YYYY-MM, for example 2025-09."},
		{"{\"scheme\":\"kvp\",\"month\":\"2025-13\"}", "month", "Give the month as YYYY-MM, for example 2025-09."},
		/* digits only, as the run reads a month */
		{"{\"scheme\":\"kvp\",\"month\":\"2026-+9\"}", "month", "Give the month as YYYY-MM, for example 2025-09."},
		{"{\"scheme\":\"kvp\",\"month\":\"2026- 9\"}", "month", "Give the month as YYYY-MM, for example 2025-09."},
		{"{\"scheme\":\"kvp\",\"month\":\"+026-09\"}", "month", "Give the month as YYYY-MM, for example 2025-09."},
		{"{\"scheme\":\"kvp\",\"month\":\"2025-09\"}", "birth_date", "This field is required."},
		{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":19900101}", "birth_date",
		 "Must be a date as text (YYYY-MM-DD)."},
		{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-02-30\"}", "birth_date",
		 "%s is not a date: February %s has %s days."},
		{"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1990-2-3\"}", "birth_date",
		 "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"{" REQ "}", "programme", "This field is required."},
		{"{" REQ ",\"programme\":{}}", "programme.start", "This field is required."},
		{"{" REQ ",\"programme\":{\"start\":\"2025-09-10\",\"stop\":1}}", "programme.stop", "Unknown field."},
		{"{" REQ ",\"programme\":{\"start\":\"2025-09-10\",\"pauses\":[{\"from\":\"2025-09-22\"}]}}",
		 "programme.pauses[0].to", "This field is required."},
		{"{" REQ ",\"programme\":{\"start\":\"2025-09-10\",\"pauses\":{}}}", "programme.pauses",
		 "Must be a list of objects."},
		{"{" REQ "," PROG ",\"children\":[\"2010-09-20\",\"x\"]}", "children[1]",
		 "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"{" REQ "," PROG ",\"unexcused_minutes\":\"450\"}", "unexcused_minutes", "Must be a whole number."},
		{"{" REQ "," PROG ",\"unexcused_minutes\":4.5}", "unexcused_minutes", "Must be a whole number."},
		{"{" REQ "," PROG ",\"work\":{\"hours\":\"20\"}}", "work.hours", "Must be a number."},
		{"{" REQ "," PROG ",\"work\":{\"hours\":1.234}}", "work.hours", "Give the hours with at most two decimals."},
		{"{" REQ "," PROG ",\"work\":{\"gross\":1}}", "work.gross", "Unknown field."},
		{"{" REQ "," PROG ",\"other_income\":[{\"kind\":\"sykepenger\"}]}", "other_income[0].amount_ore",
		 "This field is required."},
		{"{" REQ "," PROG ",\"other_income\":[{\"kind\":1,\"amount_ore\":1}]}", "other_income[0].kind",
		 "Must be text."},
		{"{" REQ "," PROG ",\"tax\":{\"percent\":101}}", "tax.percent",
		 "The tax percentage is a whole number from 0 to 100."},
		{"{" REQ "," PROG ",\"tax\":{\"percent\":30,\"table\":\"8010\"}}", "tax",
		 "Give a percent or a table, not both."},
		{"{" REQ "," PROG ",\"tax\":{}}", "tax", "Give a percent or a table."},
		{"{" REQ "," PROG ",\"bonus\":1}", "bonus", "Unknown field."},
		{"{" REQ "," PROG ",\"\":1}", "\"\"", "Unknown field."},
		{"{" REQ ",\"programme\":{\"start\":\"2025-09-10\",\"\":1}}", "programme.\"\"", "Unknown field."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		json_t *j = json_loads(rows[i].json, 0, NULL);
		if (j == NULL)
			fail_msg("row %zu: not JSON", i);
		struct benefit_input in;
		const char *scheme;
		struct benefit_calc_error err;
		if (benefit_calc_read(j, &in, &scheme, &err))
			fail_msg("row %zu: read", i);
		/* the row's error among them (a row leaving out a required
		 * member has that one's too) */
		const char *why = field_error_of(&err.errors, rows[i].field);
		if (why == NULL || strcmp(why, rows[i].reason) != 0)
			fail_msg("row %zu: %d errors, %s: %s", i, err.errors.n, err.errors.field[0], err.errors.reason[0]);
		json_decref(j);
	}
}

/* Hours far beyond any month are read, for the rules to say the range:
 * no more than the month has, not negative; not their decimals. */
static void
test_hours_out_of_range(void **state)
{
	(void)state;
	static const struct {
		const char *hours, *reason;
	} rows[] = {
		{"1e300", "The month has only %lld hours."},
		{"1.5e20", "The month has only %lld hours."},
		{"99999999999999999", "The month has only %lld hours."},
		{"-1e300", "The hours cannot be negative."},
		{"-99999999999999999", "The hours cannot be negative."},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		char text[200];
		snprintf(text, sizeof text, "{" REQ "," PROG ",\"work\":{\"hours\":%s}}", rows[i].hours);
		json_t *j = json_loads(text, 0, NULL);
		assert_non_null(j);
		struct benefit_input in;
		const char *scheme;
		struct benefit_calc_error err;
		if (!benefit_calc_read(j, &in, &scheme, &err))
			fail_msg("row %zu: %s: %s", i, err.errors.field[0], err.errors.reason[0]);
		struct field_errors e = {0};
		assert_false(benefit_input_check(NULL, &in, &e));
		assert_int_equal(e.n, 1);
		assert_string_equal(e.field[0], "work.hours");
		assert_string_equal(e.reason[0], rows[i].reason);
		if (strstr(rows[i].reason, "%lld") != NULL)
			assert_int_equal(e.arg[0][0], 30 * 24);
		json_decref(j);
	}
}

/* Every member that cannot be read is named, all at once, and the rest is
 * read all the same (a list's members in their places). */
static void
test_bad_all_at_once(void **state)
{
	(void)state;
	json_t *j = json_loads("{\"scheme\":\"kvp\",\"month\":\"2025-9\",\"birth_date\":\"1990-01-01\","
			       "\"programme\":{\"start\":\"2025-09-10\",\"pauses\":[{\"from\":1,\"to\":\"2025-09-12\"}]},"
			       "\"children\":[\"2020-02-30\",\"2012-05-01\"],\"work\":{\"gross_ore\":-10000,\"hours\":\"x\"},"
			       "\"other_income\":[{\"kind\":\"aap\",\"amount_ore\":1.5}],\"bonus\":1,\"outstanding_ore\":7}",
			       0, NULL);
	assert_non_null(j);
	struct benefit_input in;
	const char *scheme;
	struct benefit_calc_error err;
	assert_false(benefit_calc_read(j, &in, &scheme, &err));
	static const char *const want[][2] = {
		{"bonus", "Unknown field."},
		{"month", "Give the month as YYYY-MM, for example 2025-09."},
		{"programme.pauses[0].from", "Must be a date as text (YYYY-MM-DD)."},
		{"children[0]", "%s is not a date: February %s has %s days."},
		{"work.hours", "Must be a number."},
		{"other_income[0].amount_ore", "Must be a whole number."},
	};
	assert_int_equal(err.errors.n, (int)(sizeof want / sizeof want[0]));
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_string_equal(err.errors.field[i], want[i][0]);
		assert_string_equal(err.errors.reason[i], want[i][1]);
	}
	/* the day that is not, said with its texts */
	assert_string_equal(err.errors.text[3][0], "2020-02-30");
	assert_string_equal(err.errors.text[3][1], "2020");
	assert_string_equal(err.errors.text[3][2], "29");
	/* what could be read is */
	assert_string_equal(scheme, "kvp");
	assert_true(date_cmp(in.birth, (struct date){1990, 1, 1}) == 0);
	assert_int_equal(in.npauses, 1);
	assert_true(date_cmp(in.pauses[0].to, (struct date){2025, 9, 12}) == 0);
	assert_int_equal(in.nchildren, 2);
	assert_true(date_cmp(in.children[1], (struct date){2012, 5, 1}) == 0);
	assert_int_equal(in.work_gross_ore, -10000);
	assert_int_equal(in.nincome, 1);
	assert_string_equal(in.income[0].kind, "aap");
	assert_int_equal(in.outstanding_ore, 7);
	json_decref(j);
}

/* The lines as the command prints them: hours with two decimals as a
 * number, a kind, a correction's month and causes. */
static void
test_statement_json(void **state)
{
	(void)state;
	static struct benefit_statement st;
	memset(&st, 0, sizeof st);
	st.nlines = 3;
	st.lines[0] = (struct benefit_line){.code = "work_income", .amount_ore = -315727, .has_quantity = true,
					    .quantity = 2050, .quantity_scale = 100};
	st.lines[1] = (struct benefit_line){.code = "other_income", .amount_ore = 0, .kind = "barnetrygd"};
	st.lines[2] = (struct benefit_line){.code = "correction", .amount_ore = 1200, .ref_year = 2025,
					    .ref_month = 5, .causes = BENEFIT_CAUSE_G};
	st.gross_ore = 1;
	st.warnings = BENEFIT_WARN_NO_TAX_INFO;
	json_t *j = benefit_statement_json(&st);
	char *s = json_dumps(json_object_get(j, "lines"), JSON_COMPACT);
	assert_string_equal(s, "[{\"code\":\"work_income\",\"amount_ore\":-315727,\"quantity\":20.5},"
			       "{\"code\":\"other_income\",\"amount_ore\":0,\"kind\":\"barnetrygd\"},"
			       "{\"code\":\"correction\",\"amount_ore\":1200,\"month\":\"2025-05\",\"causes\":\"g\"}]");
	free(s);
	s = json_dumps(json_object_get(j, "warnings"), JSON_COMPACT);
	assert_string_equal(s, "[\"no_tax_information\"]");
	free(s);
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_hours_out_of_range),
		cmocka_unit_test(test_bad_all_at_once),
		cmocka_unit_test(test_statement_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
