/*
 * test_reports.c — the reports over HTTP (issue 12): Results and Time to
 * work with their filters and the threshold of 5 in the API and the CSV,
 * a contact person's own caseload, refused filters, the costs a leader
 * enters (versioned) with the cost per completer, the cost-benefit
 * account's discounting, the annual report, the late follow-ups, the
 * home page at a glance, a follow-up's part-time result, Money under
 * the filters and one's own caseload, Attendance's total row, and an exit
 * counted under the contact person who had it.
 *
 * Ten programme periods of 2024-2025 are written with server_sql(): an
 * exit dated in the past is what no request can make (an exit is today);
 * everything is read through the API and the pages.
 *
 *   id    contact gender start       exit        outcome
 *   9001  kari    female 2024-01-01  2025-01-31  employed_full
 *   9002  kari    female 2024-01-01  2025-02-28  employed_full
 *   9003  kari    female 2024-01-01  2025-03-31  education
 *   9004  kari    female 2024-01-01  2025-04-30  employed_part
 *   9005  kari    female 2024-01-01  2025-05-31  dropped_out
 *   9006  kari    male   2024-01-01  2025-06-30  employed_full
 *   9007  ola     male   2024-01-01  2025-07-31  moved
 *   9008  ola     male   2024-01-01  2025-08-31  employed_full
 *   9009  ola     male   2024-01-01  2025-09-30  education
 *   9010  ola     female 2024-01-01  2025-10-31  other
 *
 * At exit: 10 people, in work 5 (50%), education 2 (fewer than 5), work
 * or education 7 (70%); completers 8, of them 7 into work or education.
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

#define PASSWORD "a reports tester password"

static struct {
	struct server *s;
	struct session leader, analyst, kari, ola, teacher;
} fx;

/* The cell (row, col) of table k of a report's JSON. */
static json_t *
cell(json_t *j, size_t k, size_t row, size_t col)
{
	json_t *t = json_array_get(json_object_get(j, "tables"), k);
	json_t *r = json_array_get(json_object_get(t, "rows"), row);
	json_t *c = json_array_get(json_object_get(r, "cells"), col);
	assert_non_null(c);
	return c;
}

static json_int_t
num(json_t *c, const char *key)
{
	json_t *v = json_object_get(c, key);
	assert_non_null(v);
	return json_integer_value(v);
}

static bool
shown(json_t *c)
{
	return json_is_true(json_object_get(c, "shown"));
}

static void
test_results(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 0), "count"), 10);
	/* in work 5 is hidden too: 7 in work or education less 5 would tell
	 * the 2 in education (decision: disclosure control) */
	json_t *work = cell(j, 0, 0, 1);
	assert_false(shown(work));
	assert_null(json_object_get(work, "count"));
	json_t *edu = cell(j, 0, 0, 2);
	assert_false(shown(edu));
	assert_string_equal(json_string_value(json_object_get(edu, "text")), "fewer than 5");
	assert_null(json_object_get(edu, "count"));
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 0, 3), "text")), "70.0 % (7 of 10)");
	/* completers 8 of 10; non-completers 2: fewer than 5, so the 8 is
	 * hidden too (10 exits less 8) */
	assert_false(shown(cell(j, 1, 0, 0)));
	assert_false(shown(cell(j, 1, 1, 0)));
	json_decref(j);
	/* women who started in 2024: 6 people, 4 into work or education; the 6
	 * are hidden as well: the 10 of 2024 without the gender less 6 would
	 * tell the four men (rule B) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025&gender=female&cohort=2024", &j),
			 200);
	assert_false(shown(cell(j, 0, 0, 0)));
	assert_false(shown(cell(j, 0, 0, 3)));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "filters"), "gender")), "female");
	json_decref(j);
	/* the analyst reads the same figures */
	assert_int_equal(api_get(&fx.analyst, "/api/v1/reports/results?exit_year=2025", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 3), "count"), 7);
	json_decref(j);
}

static void
test_own_caseload_and_roles(void **state)
{
	(void)state;
	json_t *j = NULL;
	/* Kari's own: 6 people (another contact person's she may not ask for: test_report_refusals) */
	assert_int_equal(api_get(&fx.kari, "/api/v1/reports/results?exit_year=2025", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 0), "count"), 6);
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 0, 3), "text")), "83.3 % (5 of 6)");
	json_decref(j);
	/* the costs are not a contact person's */
	assert_int_equal(api_get(&fx.kari, "/api/v1/reports/costs", &j), 404);
	json_decref(j);
	/* a teacher reads no report */
	assert_int_equal(api_get(&fx.teacher, "/api/v1/reports/results", &j), 403);
	json_decref(j);
	/* no such report */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/nothing", &j), 404);
	json_decref(j);
}

static void
test_bad_filters(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?gender=woman", &j), 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "gender")), "Choose a gender from the list.");
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?from=2025-02-01&to=2025-01-01", &j), 422);
	fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "to")), "The last day cannot be before the first.");
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?cohort=1850", &j), 422);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/results?age_band=old", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Choose an age band from the list."));
	http_res_free(&res);
}

/*
 * The benefit scheme filter: Kari's six periods on the qualification
 * programme's scheme, Ola's four on the centre's default (bergen, none
 * set). Intake counts referrals, which have no scheme: it refuses one.
 */
static void
test_scheme_filter(void **state)
{
	(void)state;
	server_sql(fx.s, "UPDATE enrolments SET scheme = 'kvp' WHERE id BETWEEN 9001 AND 9006");
	json_t *j = NULL;
	/* the six of kvp are hidden: the 10 without the scheme less 6 would
	 * tell Ola's four of bergen (rule B) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025&scheme=kvp", &j), 200);
	assert_false(shown(cell(j, 0, 0, 0)));
	assert_false(shown(cell(j, 0, 0, 3)));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "filters"), "scheme")), "kvp");
	json_decref(j);
	/* Ola's four: fewer than 5 */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025&scheme=bergen", &j), 200);
	assert_false(shown(cell(j, 0, 0, 0)));
	json_decref(j);
	/* with the gender: Kari's five women, one fewer than kvp's six */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025&scheme=kvp&gender=female", &j),
			 200);
	assert_false(shown(cell(j, 0, 0, 0)));
	json_decref(j);
	/* Kari reads her own six of kvp (her caseload is no filter of hers) */
	assert_int_equal(api_get(&fx.kari, "/api/v1/reports/results?exit_year=2025&scheme=kvp", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 0), "count"), 6);
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 0, 3), "text")), "83.3 % (5 of 6)");
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/caseloads?scheme=kvp", &j), 200);
	json_decref(j);
	/* the other areas' reports take it too (by the period of each event) */
	static const char *const area[] = {"attendance", "internships", "norwegian", "money"};
	for (size_t i = 0; i < 4; i++) {
		char path[96];
		snprintf(path, sizeof path, "/api/v1/reports/%s?scheme=kvp", area[i]);
		assert_int_equal(api_get(&fx.leader, path, &j), 200);
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "filters"), "scheme")), "kvp");
		json_decref(j);
	}
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?scheme=state", &j), 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "scheme")), "Choose a benefit scheme from the list.");
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/intake?scheme=kvp", &j), 422);
	fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "scheme")),
			    "Intake counts referrals, which come before a programme period and its scheme: leave the "
			    "benefit scheme empty.");
	json_decref(j);
	/* the filter on the page, but not on Intake's */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/results?scheme=kvp", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<select id=\"scheme\" name=\"scheme\""));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/intake", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "name=\"scheme\""));
	http_res_free(&res);
	server_sql(fx.s, "UPDATE enrolments SET scheme = NULL WHERE id BETWEEN 9001 AND 9006");
}

static void
test_exports(void **state)
{
	(void)state;
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/results/export?format=csv&exit_year=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Results,At exit,In work or education,7,10,70.0,70.0 % (7 of 10)"));
	assert_true(res_contains(&res, "Results,At exit,In education,fewer than 5,,,fewer than 5"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/results/export?format=xlsx&exit_year=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res.body_len > 2 && memcmp(res.body, "PK", 2) == 0);
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/results/export?format=pdf", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
	/* the page: a chart and the same figures in a table */
	assert_int_equal(http_get(fx.s, "/reports/results?exit_year=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<svg"));
	assert_true(res_contains(&res, "70.0 % (7 of 10)"));
	assert_true(res_contains(&res, "id=\"table-results\""));
	http_res_free(&res);
	/* in Bokmål the page writes its decimals with a comma; the file's
	 * numbers and the API's stay as machines read them */
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "nb"), 0);
	assert_int_equal(http_get(fx.s, "/reports/results?exit_year=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "70,0 %"));
	assert_false(res_contains(&res, "70.0 %"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/results/export?format=csv&exit_year=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, ",7,10,70.0,"));
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(cell(j, 0, 0, 3), "permille")), 700);
	json_decref(j);
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "en"), 0);
}

static void
test_time_to_work(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/time-to-work?cohort=2024", &j), 200);
	/* first jobs at exit: 396, 424, 485, 546, 608 days; quartiles (type 7) */
	assert_int_equal(num(cell(j, 0, 0, 0), "count"), 10);
	assert_int_equal(num(cell(j, 0, 0, 1), "count"), 5);
	assert_int_equal(num(cell(j, 0, 0, 2), "tenths"), 4240);
	assert_int_equal(num(cell(j, 0, 0, 3), "tenths"), 4850);
	assert_int_equal(num(cell(j, 0, 0, 4), "tenths"), 5460);
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 0, 3), "text")), "485.0");
	json_decref(j);
	/* Kari's: 4 found work: no median */
	assert_int_equal(api_get(&fx.kari, "/api/v1/reports/time-to-work?cohort=2024", &j), 200);
	assert_false(shown(cell(j, 0, 0, 3)));
	json_decref(j);
}

static void
test_costs_and_cost_benefit(void **state)
{
	(void)state;
	json_t *j = NULL;
	const char *body = "{\"year\":2025,\"staff\":80000000,\"premises\":10000000,\"activities\":5000000,"
			   "\"other\":5000000,\"note\":\"Budget\"}";
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/reports/costs", body, &j), 201);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/reports/costs", body, &j), 201);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	json_decref(j);
	/* refused: no year; an analyst may not enter costs */
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/reports/costs", "{\"staff\":1,\"premises\":0,"
				       "\"activities\":0,\"other\":0}", &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"),
							      "year")), "Give the year the costs are for.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.analyst, "/api/v1/reports/costs", body, &j), 403);
	json_decref(j);
	assert_int_equal(api_get(&fx.analyst, "/api/v1/reports/costs", &j), 200);
	json_t *y = json_array_get(json_object_get(j, "years"), 0);
	assert_int_equal(json_integer_value(json_object_get(y, "year")), 2025);
	assert_int_equal(json_integer_value(json_object_get(y, "version")), 2);
	assert_int_equal(json_integer_value(json_object_get(y, "total")), 100000000);
	assert_int_equal(json_integer_value(json_object_get(y, "benefits_paid")), 0);
	assert_int_equal(json_integer_value(json_object_get(y, "completers")), 8);
	assert_int_equal(json_integer_value(json_object_get(y, "per_completer")), 12500000);
	json_decref(j);

	/* the account: the 2025 cohort bears 2025's cost; 5 in work, each
	 * saving 30% of 350 000 kr; 10 years at 5% and 90%:
	 * PV = 5 * 10 500 000 * sum 0.9^(y-1) / 1.05^y = 275 079 590 øre */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/cost-benefit?discount_rate=5", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "parameters"), "discount_rate")), 5);
	assert_int_equal(num(cell(j, 0, 0, 2), "value"), 100000000);
	assert_int_equal(num(cell(j, 1, 0, 1), "value"), 275079590);
	assert_int_equal(num(cell(j, 1, 0, 2), "value"), 175079590);
	/* sensitivity at 4% and 90% */
	assert_int_equal(num(cell(j, 2, 2, 2), "value"), 186667002);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/cost-benefit?discount_rate=30", &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"),
							      "discount_rate")),
			    "Write the discount rate as a whole percentage from 0 to 20.");
	json_decref(j);
}

static void
test_annual_and_glance(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/annual?year=2025", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 0), "count"), 10);   /* during the year */
	assert_int_equal(num(cell(j, 0, 2, 0), "count"), 10);   /* exits */
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 4, 1), "text")), "87.5 % (7 of 8)");
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/annual/export?format=csv&year=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Completers into work or education,Share,7,8,87.5"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/", fx.leader.cookie, &res), 0);
	assert_true(res_contains(&res, "The centre at a glance"));
	assert_true(res_contains(&res, "Needs a leader"));
	assert_true(res_contains(&res, "<span class=\"glance-value\">0</span> <span class=\"glance-label\">benefit runs awaiting approval</span>"));
	assert_true(res_contains(&res, "<li><a href=\"/waiting-list\"><span class=\"glance-value\">"));
	assert_true(res_contains(&res, "<li><a href=\"/followups/late\"><span class=\"glance-value\">"));
	/* this month's benefits lead to the runs, where they are approved */
	assert_true(res_contains(&res, "<li><a href=\"/benefits\"><span class=\"glance-value\">not approved yet</span> "
				       "<span class=\"glance-label\">this month&#39;s benefits</span>"));
	http_res_free(&res);
	/* the analyst reads the figures; the pages behind three of them are not
	 * theirs, so those are not links (each answered them 403) */
	assert_int_equal(http_get(fx.s, "/", fx.analyst.cookie, &res), 0);
	assert_true(res_contains(&res, "The centre at a glance"));
	/* and what needs a leader, as figures (issue 12 §4) */
	assert_true(res_contains(&res, "Needs a leader"));
	assert_true(res_contains(&res, "<li><span class=\"glance-value\">"));
	assert_true(res_contains(&res, "<span class=\"glance-label\">waiting</span>"));
	assert_true(res_contains(&res, "<span class=\"glance-label\">follow-ups not registered 30 days after due</span>"));
	static const char *const not_theirs[] = {"/caseloads", "/waiting-list", "/followups/late"};
	for (size_t i = 0; i < 3; i++) {
		char href[64];
		snprintf(href, sizeof href, "href=\"%s\"", not_theirs[i]);
		assert_false(res_contains(&res, href));
		struct http_res page;
		assert_int_equal(http_get(fx.s, not_theirs[i], fx.analyst.cookie, &page), 0);
		assert_int_equal(page.status, 403);
		http_res_free(&page);
	}
	assert_true(res_contains(&res, "<li><a href=\"/reports/annual?year="));
	http_res_free(&res);
	/* the other areas' reports read their tables (none here) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/internships", &j), 200);
	assert_false(json_is_true(json_object_get(j, "stub")));
	json_t *tables = json_object_get(j, "tables");
	assert_int_equal(json_array_size(tables), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tables, 0), "key")), "by_industry");
	assert_string_equal(json_string_value(json_object_get(json_array_get(tables, 1), "key")), "by_employer");
	assert_int_equal(json_array_size(json_object_get(json_array_get(tables, 1), "columns")), 4);
	assert_int_equal(json_array_size(json_object_get(json_array_get(tables, 1), "rows")), 0);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money", &j), 200);
	assert_false(json_is_true(json_object_get(j, "stub")));
	tables = json_object_get(j, "tables");
	assert_int_equal(json_array_size(tables), 1);
	assert_int_equal(json_array_size(json_object_get(json_array_get(tables, 0), "columns")), 5);
	assert_int_equal(json_array_size(json_object_get(json_array_get(tables, 0), "rows")), 0);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/attendance", &j), 200);
	assert_false(json_is_true(json_object_get(j, "stub")));
	tables = json_object_get(j, "tables");
	assert_int_equal(json_array_size(tables), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tables, 2), "key")), "by_month");
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/norwegian", &j), 200);
	assert_false(json_is_true(json_object_get(j, "stub")));
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(j, "tables"), 0), "columns")),
			 4);
	json_decref(j);
}

static void
test_late_followups(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/followups/late", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "kind")), "followup_6m");
	assert_string_equal(json_string_value(json_object_get(it, "due_on")), "2025-07-31");
	json_decref(j);
	assert_int_equal(api_get(&fx.ola, "/api/v1/followups/late", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/followups/late", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	assert_true(res_contains(&res, "id=\"late-followups\""));
	http_res_free(&res);
	/* the leader's list says what it lists: those not yet registered */
	assert_int_equal(http_get(fx.s, "/followups/late", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<h1>Follow-ups not registered 30 days after they were due</h1>"));
	assert_false(res_contains(&res, "registered late"));
	http_res_free(&res);
	/* registering it: a part-time job needs its percentage */
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/tasks/9101/done", "{\"result\":\"employed_part\"}", &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"),
							      "part_time_percent")),
			    "Give the part-time percentage of a part-time job.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/tasks/9101/done",
				       "{\"result\":\"employed_part\",\"part_time_percent\":60,\"source\":\"employer\","
				       "\"result_on\":\"2025-08-01\"}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "part_time_percent")), 60);
	assert_string_equal(json_string_value(json_object_get(j, "source")), "employer");
	assert_string_equal(json_string_value(json_object_get(j, "result_on")), "2025-08-01");
	json_decref(j);
	assert_int_equal(api_get(&fx.kari, "/api/v1/followups/late", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	/* the 6-month result counts: 9001 at 6 months, one person (fewer than 5) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025", &j), 200);
	assert_false(shown(cell(j, 0, 2, 0)));
	json_decref(j);
}

/* Attendance honours the filters and the own caseload: one session of
 * 2025-03-03 marked for the ten participants (six women), two of them
 * absent unexcused (9002, a woman of Kari's, and 9007, a man of Ola's). */
static void
test_attendance_filtered(void **state)
{
	(void)state;
	server_sql(fx.s, "INSERT INTO activity_groups (id, centre_id, activity_type_id, name, capacity, starts_on,"
			 " ends_on, created_at, updated_at) VALUES (9201, 1, (SELECT id FROM activity_types WHERE"
			 " key = 'norwegian'), 'Norsk filtrert', 12, '2025-01-01', '2025-12-31', 1, 1)");
	server_sql(fx.s, "INSERT INTO activity_sessions (id, centre_id, group_id, on_date, start_min, end_min)"
			 " VALUES (9201, 1, 9201, '2025-03-03', 540, 660)");
	char sql[256];
	for (int id = 9001; id <= 9010; id++) {
		bool away = id == 9002 || id == 9007;
		snprintf(sql, sizeof sql, "INSERT INTO attendance (session_id, participant_id, centre_id, mark, absence)"
			 " VALUES (9201, %d, 1, '%s', %s)", id, away ? "absent" : "present", away ? "'unexcused'" : "NULL");
		server_sql(fx.s, sql);
	}
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/attendance", &j), 200);
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 0, 1), "text")), "80.0 % (8 of 10)");
	assert_int_equal(num(cell(j, 0, 0, 3), "count"), 10);
	json_decref(j);
	/* the women: 5 of 6 attended, but hidden: 8 of 10 less 5 of 6 would
	 * tell the four men's 3 of 4 (rule B) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/attendance?gender=female", &j), 200);
	assert_false(shown(cell(j, 0, 0, 1)));
	assert_false(shown(cell(j, 0, 0, 2)));
	assert_false(shown(cell(j, 0, 0, 3)));
	json_decref(j);
	/* the men are four: nothing of them is shown */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/attendance?gender=male", &j), 200);
	assert_false(shown(cell(j, 0, 0, 1)));
	assert_false(shown(cell(j, 1, 0, 3)));
	json_decref(j);
	/* Kari sees her own six (9001 to 9006) whatever she asks */
	assert_int_equal(api_get(&fx.kari, "/api/v1/reports/attendance", &j), 200);
	assert_string_equal(json_string_value(json_object_get(cell(j, 2, 0, 1), "text")), "83.3 % (5 of 6)");
	assert_int_equal(num(cell(j, 2, 0, 3), "count"), 6);
	json_decref(j);
	/* the rate by month is a line, one point here: 80.0 % at 4/5 of the
	 * axis's height (200 - 180 * 0.8), midway along it */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/attendance", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "role=\"img\" aria-label=\"By month: Attended\" aria-describedby=\"chart-by_month-desc\""));
	assert_true(res_contains(&res, "<circle cx=\"330\" cy=\"56\" r=\"4\" class=\"chart-point\"/>"
				       "<text x=\"330\" y=\"48\" text-anchor=\"middle\" class=\"chart-value\">80.0 %</text>"));
	assert_true(res_contains(&res, "<text x=\"330\" y=\"220\" text-anchor=\"middle\" class=\"chart-label\">2025-03</text>"));
	assert_false(res_contains(&res, "chart-by_group-desc"));
	http_res_free(&res);
	/* the page shows neither, and says why; the chart draws no point */
	assert_int_equal(http_get(fx.s, "/reports/attendance?gender=female", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "83.3 % (5 of 6)"));
	assert_false(res_contains(&res, "80.0 % (8 of 10)"));
	assert_true(res_contains(&res, "Some figures of 5 people or more are hidden too"));
	assert_true(res_contains(&res, "aria-label=\"By month: Attended\""));
	assert_false(res_contains(&res, "chart-point"));
	assert_false(res_contains(&res, "chart-line"));
	assert_true(res_contains(&res, "<text x=\"330\" y=\"194\" text-anchor=\"middle\" class=\"chart-value\">fewer than 5</text>"));
	http_res_free(&res);
	/* a period after the session: nothing */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/attendance?from=2025-03-04", &j), 200);
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(j, "tables"), 0), "rows")), 0);
	json_decref(j);
	/* a month of two people before it (fewer than 5, not drawn): the axis
	 * is still the share's, 0 to 100 %; March is hidden too, as the total
	 * row (10 of 12) less March would tell February (rule A) */
	server_sql(fx.s, "INSERT INTO activity_sessions (id, centre_id, group_id, on_date, start_min, end_min)"
			 " VALUES (9202, 1, 9201, '2025-02-03', 540, 660)");
	server_sql(fx.s, "INSERT INTO attendance (session_id, participant_id, centre_id, mark, absence)"
			 " VALUES (9202, 9001, 1, 'present', NULL), (9202, 9002, 1, 'present', NULL)");
	assert_int_equal(http_get(fx.s, "/reports/attendance", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<text x=\"60\" y=\"194\" text-anchor=\"middle\" class=\"chart-value\">fewer than 5</text>"));
	assert_true(res_contains(&res, "<text x=\"600\" y=\"194\" text-anchor=\"middle\" class=\"chart-value\">fewer than 5</text>"));
	assert_true(res_contains(&res, "<td class=\"num\">83.3 % (10 of 12)</td>"));
	assert_true(res_contains(&res, "class=\"chart-label\">100 %</text>"));
	http_res_free(&res);
}

/*
 * Attendance's total row sums the marks of every row, shown or not (issue
 * 12 §2): by month, January (3 people, 3 of 3 attended) and February (2
 * people, 2 of 2) are fewer than 5 each, March is 8 of 10; the total is 13
 * of 15, 86.7 %, where it was empty. Rule A: January and February hidden
 * together are 5 marks, so March stays shown beside the total.
 */
static void
test_attendance_total_row(void **state)
{
	(void)state;
	server_sql(fx.s, "INSERT INTO activity_sessions (id, centre_id, group_id, on_date, start_min, end_min)"
			 " VALUES (9203, 1, 9201, '2025-01-06', 540, 660)");
	server_sql(fx.s, "INSERT INTO attendance (session_id, participant_id, centre_id, mark, absence)"
			 " VALUES (9203, 9003, 1, 'present', NULL), (9203, 9004, 1, 'present', NULL),"
			 " (9203, 9005, 1, 'present', NULL)");
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/attendance", &j), 200);
	json_t *rows = json_object_get(json_array_get(json_object_get(j, "tables"), 2), "rows");
	assert_int_equal(json_array_size(rows), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 3), "label")), "Total");
	assert_false(shown(cell(j, 2, 0, 1)));
	assert_false(shown(cell(j, 2, 1, 1)));
	assert_string_equal(json_string_value(json_object_get(cell(j, 2, 2, 1), "text")), "80.0 % (8 of 10)");
	assert_string_equal(json_string_value(json_object_get(cell(j, 2, 3, 1), "text")), "86.7 % (13 of 15)");
	assert_int_equal(num(cell(j, 2, 3, 1), "count"), 13);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/attendance", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\">3</td>"
				       "<td class=\"num\">86.7 % (13 of 15)</td>"));
	assert_true(res_contains(&res, "<circle cx=\"600\" cy=\"56\" r=\"4\" class=\"chart-point\"/>"
				       "<text x=\"600\" y=\"48\" text-anchor=\"middle\" class=\"chart-value\">80.0 %</text>"));
	http_res_free(&res);
}

/* The user id of a session (GET /api/v1/me). */
static json_int_t
own_contact(const struct session *sess)
{
	json_t *j = NULL;
	assert_int_equal(api_get(sess, "/api/v1/me", &j), 200);
	json_int_t c = num(j, "id");
	json_decref(j);
	return c;
}

/*
 * Results under a contact person count an exit under the contact person
 * who had the participant then (issue 12 §1): 9006, Kari's from the start
 * to the exit of 2025-06-30, moved to Ola afterwards, is still one of the
 * 6 exits of Kari's own report (page and API), and under the leader's
 * filter Ola's are 4, fewer than 5; it moved to Ola's before.
 */
static void
test_results_contact_at_exit(void **state)
{
	(void)state;
	json_int_t kari = own_contact(&fx.kari), ola = own_contact(&fx.ola);
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO assignments (participant_id, contact_id, from_at, centre_id)"
		 " VALUES (9006, %lld, 1704103200, 1)", (long long)kari);   /* 2024-01-01 10:00 */
	server_sql(fx.s, sql);
	char body[64];
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", (long long)ola);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/participants/9006/contact", body, &j), 200);
	json_decref(j);
	assert_int_equal(api_get(&fx.kari, "/api/v1/reports/results?exit_year=2025", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 0), "count"), 6);
	json_decref(j);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/reports/results?exit_year=2025&contact_id=%lld", (long long)ola);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_false(shown(cell(j, 0, 0, 0)));
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/results?exit_year=2025", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<th scope=\"row\">At exit</th><td class=\"num\">6</td>"));
	http_res_free(&res);
}

/* ---- the data ---- */

/*
 * Money under the filters (decision 83): an approved run of 2025-11 with a
 * month statement of each of the ten periods, 100 kr times the id's last
 * digits (9001: 100 kr ... 9010: 1000 kr; 5500 kr in all). The women
 * (9001-9005, 9010) had 2500 kr, Kari's caseload (9001-9006) 2100 kr, the
 * men four people (fewer than 5): in the API, the page and one's own.
 */
static void
test_area_filters(void **state)
{
	(void)state;
	/* open while its statements are written, then approved, as a run is */
	server_sql(fx.s, "INSERT INTO benefit_runs (id, centre_id, month, state, run_at, gross_ore, tax_ore)"
			 " VALUES (9201, 1, '2025-11', 'open', 1, 550000, 0)");
	char sql[2048];
	for (int id = 9001; id <= 9010; id++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO benefit_statements (centre_id, run_id, participant_id, enrolment_id, kind, month,"
			 " scheme, birth_date, period_start, unexcused_minutes, has_work, work_gross_ore, work_hours_centi,"
			 " tax_kind, month_amount_ore, g_ore, child_rate_ore, recovery_percent, outstanding_ore, days,"
			 " weekdays, days_mask, child_days, day_rate_ore, hour_rate_ore, base_ore, child_ore, absence_ore,"
			 " work_ore, other_ore, limited_ore, backpay_ore, gross_ore, tax_ore, claims_ore, recovery_ore,"
			 " net_ore, outstanding_after_ore, warnings, change_ore, created_at) VALUES (1, 9201, %d, %d,"
			 " 'month', '2025-11', 'bergen', '1990-05-01', '2024-01-01', 0, 0, 0, 0, 'none', 0, 0, 0, 0, 0, 0,"
			 " 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, %d, 0, 0, 0, 0, 0, 0, 0, 1)",
			 id, id, (id - 9000) * 10000);
		server_sql(fx.s, sql);
	}
	server_sql(fx.s, "UPDATE benefit_runs SET state = 'approved' WHERE id = 9201");
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 2), "count"), 10);
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 0, 0), "text")), "5500.00 kr");
	json_decref(j);
	/* the women's 6 and 2500 kr are hidden: 5500 kr less 2500 kr would tell
	 * the four men's (rule B) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money?gender=female", &j), 200);
	assert_false(shown(cell(j, 0, 0, 2)));
	assert_false(shown(cell(j, 0, 0, 0)));
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money?gender=male", &j), 200);
	assert_false(shown(cell(j, 0, 0, 2)));
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/money?gender=female", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "2500.00 kr"));
	assert_false(res_contains(&res, "5500.00 kr"));
	http_res_free(&res);
	/* a contact person sees their own caseload's, whoever they ask for */
	assert_int_equal(api_get(&fx.kari, "/api/v1/reports/money", &j), 200);
	assert_int_equal(num(cell(j, 0, 0, 2), "count"), 6);
	assert_string_equal(json_string_value(json_object_get(cell(j, 0, 0, 0), "text")), "2100.00 kr");
	json_decref(j);
	assert_int_equal(http_get(fx.s, "/reports/money", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "2100.00 kr"));
	assert_false(res_contains(&res, "5500.00 kr"));
	http_res_free(&res);
	assert_int_equal(api_get(&fx.ola, "/api/v1/reports/money", &j), 200);
	assert_false(shown(cell(j, 0, 0, 2)));
	json_decref(j);
}

/* The rows the tests read (server_sql fails the setup itself); true. */
static bool
seed(void)
{
	static const struct {
		int id;
		const char *contact, *gender, *exit, *outcome;
	} rows[] = {
		{9001, "kari.contact", "female", "2025-01-31", "employed_full"},
		{9002, "kari.contact", "female", "2025-02-28", "employed_full"},
		{9003, "kari.contact", "female", "2025-03-31", "education"},
		{9004, "kari.contact", "female", "2025-04-30", "employed_part"},
		{9005, "kari.contact", "female", "2025-05-31", "dropped_out"},
		{9006, "kari.contact", "male", "2025-06-30", "employed_full"},
		{9007, "ola.contact", "male", "2025-07-31", "moved"},
		{9008, "ola.contact", "male", "2025-08-31", "employed_full"},
		{9009, "ola.contact", "male", "2025-09-30", "education"},
		{9010, "ola.contact", "female", "2025-10-31", "other"},
	};
	char sql[1024];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, contact_id,"
			 " contact_until, name_key, centre_id, created_at, updated_at) VALUES (%d, 'Amina', 'Report%d',"
			 " '1990-05-01', '%s', 'exited', (SELECT id FROM users WHERE username = '%s'), '2099-12-31',"
			 " 'report%d amina', 1, 1, 1)",
			 rows[i].id, rows[i].id, rows[i].gender, rows[i].contact, rows[i].id);
		server_sql(fx.s, sql);
		snprintf(sql, sizeof sql,
			 "INSERT INTO enrolments (id, participant_id, start_date, planned_end, status, exit_date, outcome,"
			 " created_at, updated_at, centre_id) VALUES (%d, %d, '2024-01-01', '2025-12-31', 'exited', '%s',"
			 " '%s', 1, 1, 1)",
			 rows[i].id, rows[i].id, rows[i].exit, rows[i].outcome);
		server_sql(fx.s, sql);
	}
	/* one follow-up of Kari's not registered since 2025-07-31 */
	server_sql(fx.s, "INSERT INTO tasks (id, participant_id, enrolment_id, kind, due_on, assignee_id, centre_id)"
			 " VALUES (9101, 9001, 9001, 'followup_6m', '2025-07-31',"
			 " (SELECT id FROM users WHERE username = 'kari.contact'), 1)");
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"anna.analyst", "Anna Analytiker", "analyst", &fx.analyst},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfølger", "contact", &fx.ola},
		{"tor.teacher", "Tor Lærer", "teacher", &fx.teacher},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", seed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_own_caseload_and_roles),
		cmocka_unit_test(test_bad_filters),
		cmocka_unit_test(test_scheme_filter),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_time_to_work),
		cmocka_unit_test(test_costs_and_cost_benefit),
		cmocka_unit_test(test_annual_and_glance),
		cmocka_unit_test(test_late_followups),
		cmocka_unit_test(test_area_filters),
		cmocka_unit_test(test_attendance_filtered),
		cmocka_unit_test(test_attendance_total_row),
		cmocka_unit_test(test_results_contact_at_exit),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
