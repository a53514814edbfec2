/*
 * test_report_privacy.c — no hidden figure of a report can be worked out
 * by subtraction (issue 12, section 2): the four ways a tester recovered
 * one, each on a small data set written with server_sql(), read through
 * the API, the page and the CSV.
 *
 *   (a) Money, cohort 2023, 2025-10: 6 people, 5 women, 1 man. The women's
 *       figures are hidden: the 6 less the 5 would tell the man's (rule B).
 *   (b) The cost-benefit account: exit cohorts 2023 (3 in work), 2024 (15)
 *       and 2025 (11). The sensitivity table is of every cohort, so 2023's
 *       hidden present values would be it less the others: 2025's (the
 *       smaller) are hidden too (rule A).
 *   (c) The annual report of 2025: 25 exits, 6 employed full-time, 5
 *       part-time, 2 education, 1 other programme, 5 dropped out, 6
 *       other; completers 20, into work or education 13. Education and
 *       other programme (fewer than 5) cannot be worked out.
 *   (d) Results at 12 months of the exits of 2024: 20 people, 15 in work,
 *       1 in education, 16 in work or education: in work is hidden too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "harness.h"

#define PASSWORD "a privacy tester password"

static struct {
	struct server *s;
	struct session leader;
} fx;

static json_t *
cell(json_t *j, size_t k, size_t row, size_t col)
{
	json_t *t = json_array_get(json_object_get(j, "tables"), k);
	json_t *r = json_array_get(json_object_get(t, "rows"), row);
	json_t *c = json_array_get(json_object_get(r, "cells"), col);
	assert_non_null(c);
	return c;
}

static bool
shown(json_t *c)
{
	return json_is_true(json_object_get(c, "shown"));
}

static json_int_t
count(json_t *c)
{
	json_t *v = json_object_get(c, "count");
	assert_non_null(v);
	return json_integer_value(v);
}

static const char *
text(json_t *c)
{
	return json_string_value(json_object_get(c, "text"));
}

#define NOTE "Some figures of 5 people or more are hidden too"

/* (a) */
static void
test_money_complement(void **state)
{
	(void)state;
	json_t *j = NULL;
	/* the cohort: 6 people, shown (no wider report has 1-4 more) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money?cohort=2023", &j), 200);
	assert_int_equal(count(cell(j, 0, 0, 2)), 6);
	assert_string_equal(text(cell(j, 0, 0, 0)), "6500.00 kr");
	json_decref(j);
	/* the women: 5, but the cohort's 6 less them would be the man */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money?cohort=2023&gender=female", &j), 200);
	for (size_t c = 0; c < 5; c++) {
		assert_false(shown(cell(j, 0, 0, c)));
		assert_string_equal(text(cell(j, 0, 0, c)), "fewer than 5");
	}
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money?cohort=2023&gender=male", &j), 200);
	assert_false(shown(cell(j, 0, 0, 0)));
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/money?cohort=2023&gender=female", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "5000.00 kr"));
	assert_true(res_contains(&res, NOTE));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/money/export?format=csv&cohort=2023&gender=female", fx.leader.cookie,
				  &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "5000.00"));
	http_res_free(&res);
}

/* (b) */
static void
test_cost_benefit_cohorts(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/cost-benefit", &j), 200);
	/* rows 2023, 2024, 2025; the net present value is column 2 of table 1 */
	assert_false(shown(cell(j, 1, 0, 2)));   /* 2023: 3 in work */
	assert_true(shown(cell(j, 1, 1, 2)));    /* 2024: 15 */
	assert_false(shown(cell(j, 1, 2, 2)));   /* 2025: 11, else the sum less 2024 less 2025 */
	assert_false(shown(cell(j, 0, 2, 1)));   /* and its in-work share (the same 11) */
	assert_true(shown(cell(j, 0, 2, 0)));    /* its 25 exits stay */
	assert_true(shown(cell(j, 2, 0, 0)));    /* every cohort together */
	json_decref(j);
}

/* (c) */
static void
test_annual_outcomes(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/annual?year=2025", &j), 200);
	assert_int_equal(count(cell(j, 0, 2, 0)), 25);   /* exits */
	assert_int_equal(count(cell(j, 0, 3, 0)), 20);   /* completers */
	assert_int_equal(count(cell(j, 0, 4, 0)), 13);   /* into work or education */
	assert_int_equal(count(cell(j, 1, 0, 0)), 6);    /* employed full-time */
	/* education 2 and other programme 1, and with them part-time 5 (else
	 * 13 - 6 - 5), other 6 (else 20 - 13 - 6) and dropped out 5 (else 25
	 * less the rest) */
	static const size_t hidden_rows[] = {1, 2, 3, 4, 5, 6};
	for (size_t i = 0; i < sizeof hidden_rows / sizeof hidden_rows[0]; i++) {
		assert_false(shown(cell(j, 1, hidden_rows[i], 0)));
		assert_false(shown(cell(j, 1, hidden_rows[i], 1)));
	}
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/annual?year=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, NOTE));
	http_res_free(&res);
}

/* (d) */
static void
test_results_twelve_months(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2024", &j), 200);
	assert_int_equal(count(cell(j, 0, 3, 0)), 20);
	assert_string_equal(text(cell(j, 0, 3, 3)), "80.0 % (16 of 20)");
	assert_false(shown(cell(j, 0, 3, 2)));   /* 1 in education */
	assert_false(shown(cell(j, 0, 3, 1)));   /* 15 in work: 16 - 15 */
	assert_false(shown(cell(j, 0, 3, 4)));   /* 15 self-supporting: the in work */
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/results?exit_year=2024", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "15 of 20"));
	assert_true(res_contains(&res, "16 of 20"));
	assert_true(res_contains(&res, NOTE));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/results/export?format=csv&exit_year=2024", fx.leader.cookie, &res),
			 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, ",15,"));
	assert_true(res_contains(&res, "fewer than 5"));
	http_res_free(&res);
}

/* A participant with one programme period. */
static void
period(int id, const char *gender, const char *start, const char *exit, const char *outcome)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, contact_id,"
		 " contact_until, name_key, centre_id, created_at, updated_at) VALUES (%d, 'Amina', 'Privacy%d',"
		 " '1990-05-01', '%s', '%s', NULL, NULL, 'privacy%d amina', 1, 1, 1)",
		 id, id, gender, exit != NULL ? "exited" : "active", id);
	server_sql(fx.s, sql);
	if (exit != NULL)
		snprintf(sql, sizeof sql,
			 "INSERT INTO enrolments (id, participant_id, start_date, planned_end, status, exit_date, outcome,"
			 " created_at, updated_at, centre_id) VALUES (%d, %d, '%s', '2026-12-31', 'exited', '%s', '%s', 1,"
			 " 1, 1)",
			 id, id, start, exit, outcome);
	else
		snprintf(sql, sizeof sql,
			 "INSERT INTO enrolments (id, participant_id, start_date, planned_end, status, created_at,"
			 " updated_at, centre_id) VALUES (%d, %d, '%s', '2026-12-31', 'active', 1, 1, 1)",
			 id, id, start);
	server_sql(fx.s, sql);
}

static bool
seed(void)
{
	char sql[2048];
	/* (a) six of the 2023 cohort paid in 2025-10: five women 1000 kr
	 * each, a man 1500 kr */
	server_sql(fx.s, "INSERT INTO benefit_runs (id, centre_id, month, state, run_at, gross_ore, tax_ore)"
			 " VALUES (9401, 1, '2025-10', 'open', 1, 650000, 0)");
	for (int id = 9401; id <= 9406; id++) {
		period(id, id == 9406 ? "male" : "female", "2023-03-01", NULL, NULL);
		snprintf(sql, sizeof sql,
			 "INSERT INTO benefit_statements (centre_id, run_id, participant_id, enrolment_id, kind, month,"
			 " scheme, birth_date, period_start, unexcused_minutes, has_work, work_gross_ore, work_hours_centi,"
			 " tax_kind, month_amount_ore, g_ore, child_rate_ore, recovery_percent, outstanding_ore, days,"
			 " weekdays, days_mask, child_days, day_rate_ore, hour_rate_ore, base_ore, child_ore, absence_ore,"
			 " work_ore, other_ore, limited_ore, backpay_ore, gross_ore, tax_ore, claims_ore, recovery_ore,"
			 " net_ore, outstanding_after_ore, warnings, change_ore, created_at) VALUES (1, 9401, %d, %d,"
			 " 'month', '2025-10', 'bergen', '1990-05-01', '2023-03-01', 0, 0, 0, 0, 'none', 0, 0, 0, 0, 0, 0,"
			 " 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, %d, 0, 0, 0, 0, 0, 0, 0, 1)",
			 id, id, id == 9406 ? 150000 : 100000);
		server_sql(fx.s, sql);
	}
	server_sql(fx.s, "UPDATE benefit_runs SET state = 'approved' WHERE id = 9401");
	/* (b) three of 2023 in work at exit */
	for (int id = 9501; id <= 9503; id++)
		period(id, "female", "2022-01-01", "2023-06-30", "employed_full");
	/* (c) the exits of 2025 */
	static const struct { const char *outcome; int n; } exits[] = {
		{"employed_full", 6}, {"employed_part", 5}, {"education", 2}, {"other_programme", 1},
		{"dropped_out", 5}, {"other", 6},
	};
	int id = 9601;
	for (size_t k = 0; k < sizeof exits / sizeof exits[0]; k++)
		for (int i = 0; i < exits[k].n; i++, id++)
			period(id, "female", "2024-01-01", "2025-05-31", exits[k].outcome);
	/* (d) the exits of 2024 with their 12-month follow-up: 15 in work, 1
	 * in education, 4 unemployed */
	for (id = 9701; id <= 9720; id++) {
		period(id, "female", "2023-01-01", "2024-03-31", "other");
		const char *result = id <= 9715 ? "employed_full" : id == 9716 ? "education" : "unemployed";
		snprintf(sql, sizeof sql,
			 "INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, assignee_id, done_on, done_by,"
			 " result, result_on, centre_id) VALUES (%d, %d, 'followup_12m', '2025-03-31', (SELECT id FROM"
			 " users WHERE username = 'lena.leader'), '2025-03-31', (SELECT id FROM users WHERE username ="
			 " 'lena.leader'), '%s', '2025-03-31', 1)",
			 id, id, result);
		server_sql(fx.s, sql);
	}
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", seed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_complement),
		cmocka_unit_test(test_cost_benefit_cohorts),
		cmocka_unit_test(test_annual_outcomes),
		cmocka_unit_test(test_results_twelve_months),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
