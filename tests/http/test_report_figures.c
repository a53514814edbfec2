/*
 * test_report_figures.c — the reports' figures where a try of the product
 * found them wrong (issue 12's area), over HTTP on either engine:
 *
 *  - no count of fewer than 5 people outside the reports either: the
 *    national analyst's /centres (page and API) and an analyst's home, as
 *    in the reports; a leader's home keeps its counts;
 *  - Norwegian says its figures are CEFR steps gained, with the people
 *    beside each mean (page, CSV and API);
 *  - the costs page writes participant-years with the reader's decimal
 *    mark;
 *  - the forecast's rows are calendar months, as its heading says;
 *  - the Money report's months add up, to the øre, to the costs page's
 *    benefits paid of the year;
 *  - a cost version says when and by whom it was entered;
 *  - Money, Norwegian and Internships have their charts (Attendance's is
 *    in test_reports, which has its marks);
 *  - the analyst's home gives this month's benefit run and the other
 *    figures of what needs a leader.
 *  - a report's file is counted under the page's filters and names them;
 *    Money and Intake have total rows; the costs, the cost-benefit account
 *    and the forecast have files;
 *  - Intake's screening has a total row of the referrals screened, each
 *    once.
 *
 * The data is written with server_sql() (a period or an approved run of a
 * past month is what no request can make); everything is read through the
 * pages and the API.
 *
 *   9001-9012  exited, a period 2024-01-01 .. 2026-01-31 (all of 2025)
 *   9013       exited, a period 2025-01-01 .. 2025-07-01 (182 days of 2025)
 *   9014-9019  active (6);  9020-9021  paused (2);  none waiting
 *   9031-9035  active in the centre Nord (5)
 *
 * 2025's participant-days: 12 * 365 + 182 = 4562, 12.5 participant-years.
 * Approved runs: 2025-01 of 1500.50 kr and 2025-02 of 1000.75 kr (month
 * statements of 9001-9005: 300.10 and 200.15 kr each); 2501.25 kr in all.
 * Norwegian (listening, 2025): 9001-9004 from A1 to A2, 9005 from A1 to
 * B1: 6 steps of 5 people, a mean of 1.2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "harness.h"

#define PASSWORD "a report figures tester password"

static struct {
	struct server *s;
	struct session leader, analyst, national, kari;
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

/* The string member key of j, asserted to be there. */
static const char *
text_of_key(json_t *j, const char *key)
{
	const char *t = json_string_value(json_object_get(j, key));
	assert_non_null(t);
	return t;
}

static const char *
text_of(json_t *c)
{
	return text_of_key(c, "text");
}

/* GET path as sess into res, 200 asserted. */
static void
page_ok(const struct session *sess, const char *path, struct http_res *res)
{
	assert_int_equal(http_get(fx.s, path, sess->cookie, res), 0);
	assert_int_equal(res->status, 200);
}

/* ---- fewer than 5, outside the reports ---- */

/* The national analyst's figures of every centre: a count of fewer than 5
 * participants is "fewer than 5" on the page and null in the API, as in
 * the reports; 5 or more, and the contact persons (staff), are shown. */
static void
test_centres_hide_small_counts(void **state)
{
	(void)state;
	struct http_res res;
	page_ok(&fx.national, "/centres", &res);
	/* Second Chance: 6 active, 2 paused, none waiting */
	assert_true(res_contains(&res, "<tr><th scope=\"row\">Second Chance</th><td class=\"num\">6</td>"
				       "<td class=\"num fewer\">fewer than 5</td><td class=\"num fewer\">fewer than 5</td>"));
	/* Nord: 5 active */
	assert_true(res_contains(&res, "<tr><th scope=\"row\">Nord</th><td class=\"num\">5</td>"));
	/* all centres: 11 active, still 2 paused */
	assert_true(res_contains(&res, "<tr class=\"total\"><th scope=\"row\">All centres</th><td class=\"num\">11</td>"
				       "<td class=\"num fewer\">fewer than 5</td>"));
	assert_false(res_contains(&res, "<td class=\"num\">2</td>"));
	assert_true(res_contains(&res, "A figure from fewer than 5 people is not shown, so that no one can be recognised."));
	http_res_free(&res);

	json_t *j = NULL;
	assert_int_equal(api_get(&fx.national, "/api/v1/centres", &j), 200);
	size_t i;
	json_t *it;
	int seen = 0;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *name = json_string_value(json_object_get(it, "name"));
		if (strcmp(name, "Second Chance") == 0) {
			assert_int_equal(json_integer_value(json_object_get(it, "active")), 6);
			assert_true(json_is_null(json_object_get(it, "paused")));
			assert_true(json_is_null(json_object_get(it, "waiting")));
			/* the contact persons are staff: one, Kari */
			assert_int_equal(json_integer_value(json_object_get(it, "contact_persons")), 1);
			seen++;
		} else if (strcmp(name, "Nord") == 0) {
			assert_int_equal(json_integer_value(json_object_get(it, "active")), 5);
			assert_true(json_is_null(json_object_get(it, "paused")));
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	json_t *all = json_object_get(j, "all");
	assert_int_equal(json_integer_value(json_object_get(all, "active")), 11);
	assert_true(json_is_null(json_object_get(all, "paused")));
	json_decref(j);
}

/* The centre at a glance: an analyst (who reads no one's record) sees
 * "fewer than 5" for one late follow-up and no one waiting; the leader,
 * who works with the people by name, sees 1 and 0. */
static void
test_glance_hides_small_counts_from_analyst(void **state)
{
	(void)state;
	struct http_res res;
	page_ok(&fx.analyst, "/", &res);
	assert_true(res_contains(&res, "<li><span class=\"glance-value\">fewer than 5</span> "
				       "<span class=\"glance-label\">follow-ups not registered 30 days after due</span>"));
	assert_true(res_contains(&res, "<li><span class=\"glance-value\">fewer than 5</span> "
				       "<span class=\"glance-label\">waiting</span>"));
	assert_false(res_contains(&res, "<span class=\"glance-value\">1</span> <span class=\"glance-label\">follow-ups"));
	assert_false(res_contains(&res, "<span class=\"glance-value\">0</span> <span class=\"glance-label\">waiting"));
	http_res_free(&res);
	page_ok(&fx.leader, "/", &res);
	assert_true(res_contains(&res, "<span class=\"glance-value\">1</span> "
				       "<span class=\"glance-label\">follow-ups not registered 30 days after due</span>"));
	assert_true(res_contains(&res, "<span class=\"glance-value\">0</span> <span class=\"glance-label\">waiting</span>"));
	http_res_free(&res);
}

/* ---- Norwegian: CEFR steps, with the people beside each mean ---- */

static void
test_norwegian_says_steps_and_people(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/norwegian?from=2025-01-01&to=2025-12-31", &j), 200);
	json_t *t = json_array_get(json_object_get(j, "tables"), 0);
	assert_string_equal(text_of_key(t, "title"), "Mean CEFR steps gained per person");
	json_t *r = json_array_get(json_object_get(t, "rows"), 0);
	assert_string_equal(text_of_key(r, "label"), "2025");
	json_t *c = cell(j, 0, 0, 0);
	assert_string_equal(text_of_key(c, "kind"), "mean");
	assert_string_equal(text_of(c), "1.2 (5 people)");
	assert_int_equal(json_integer_value(json_object_get(c, "people")), 5);
	assert_int_equal(json_integer_value(json_object_get(c, "tenths")), 12);
	json_decref(j);

	struct http_res res;
	page_ok(&fx.leader, "/reports/norwegian?from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "<caption>Mean CEFR steps gained per person</caption>"));
	assert_true(res_contains(&res, "<td class=\"num\">1.2 (5 people)</td>"));
	assert_true(res_contains(&res, "Each figure is the mean number of CEFR steps (A1, A2, B1, B2, C1) a person gained"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/norwegian/export?format=csv&from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "Mean CEFR steps gained per person,2025,Listening,5,,1.2,1.2 (5 people)"));
	http_res_free(&res);
}

/* ---- the costs page in Bokmål ---- */

/* Participant-years with the reader's decimal mark: 12.5 in English, 12,5
 * in Bokmål (it said 12.5 in both). */
static void
test_costs_decimal_comma(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/reports/costs",
				       "{\"year\":2025,\"staff\":100000000,\"premises\":0,\"activities\":0,"
				       "\"other\":0,\"note\":\"Budget\"}", &j), 201);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/costs", &j), 200);
	json_t *y = json_array_get(json_object_get(j, "years"), 0);
	assert_int_equal(json_integer_value(json_object_get(y, "year")), 2025);
	assert_int_equal(json_integer_value(json_object_get(y, "participant_days")), 4562);
	json_decref(j);
	/* the year's versions say when and who entered each */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/costs?year=2025", &j), 200);
	json_t *v = json_array_get(json_object_get(j, "versions"), 0);
	assert_string_equal(text_of_key(v, "created_by_name"), "Lena Leder");
	long long at = json_integer_value(json_object_get(v, "created_at")), now = (long long)time(NULL);
	assert_true(at > now - 600 && at <= now);
	json_decref(j);
	struct http_res res;
	page_ok(&fx.leader, "/reports/costs?year=2025", &res);
	char today[11], entered[64];
	date_offset(0, today);
	snprintf(entered, sizeof entered, "<td>Budget</td><td>%s ", today);
	assert_true(res_contains(&res, entered));
	assert_true(res_contains(&res, "</td><td>Lena Leder</td></tr>"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/costs", &res);
	assert_true(res_contains(&res, "<td class=\"num\">12.5</td>"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "nb"), 0);
	page_ok(&fx.leader, "/reports/costs", &res);
	assert_true(res_contains(&res, "<td class=\"num\">12,5</td>"));
	assert_false(res_contains(&res, "12.5"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "en"), 0);
}

/* ---- the year's money to the øre ---- */

/* The Money report's months, 1500.50 and 1000.75 kr, add up to the costs
 * page's 2501.25 kr of benefits paid in 2025 (the months said 1500 and
 * 1000 kr, cut to whole kroner, under the page's 2501 kr). */
static void
test_money_adds_up_to_costs(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/costs", &j), 200);
	json_t *y = json_array_get(json_object_get(j, "years"), 0);
	assert_int_equal(json_integer_value(json_object_get(y, "year")), 2025);
	assert_int_equal(json_integer_value(json_object_get(y, "benefits_paid")), 250125);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money?from=2025-01-01&to=2025-12-31", &j), 200);
	json_t *rows = json_object_get(json_array_get(json_object_get(j, "tables"), 0), "rows");
	assert_int_equal(json_array_size(rows), 3);   /* the months and their total */
	assert_string_equal(text_of_key(json_array_get(rows, 0), "label"), "2025-01");
	assert_string_equal(text_of(cell(j, 0, 0, 0)), "1500.50 kr");
	assert_string_equal(text_of(cell(j, 0, 1, 0)), "1000.75 kr");
	assert_int_equal(json_integer_value(json_object_get(cell(j, 0, 0, 0), "value")) +
			 json_integer_value(json_object_get(cell(j, 0, 1, 0), "value")), 250125);
	json_decref(j);
	struct http_res res;
	page_ok(&fx.leader, "/reports/money?from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "<td class=\"num\">1500.50 kr</td>"));
	assert_true(res_contains(&res, "<td class=\"num\">1000.75 kr</td>"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/money/export?format=csv&from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "Money,2025-01,Benefits paid before tax (kr),,,1500.50,1500.50 kr"));
	http_res_free(&res);
	/* and the costs page says the same sum */
	page_ok(&fx.leader, "/reports/costs", &res);
	assert_true(res_contains(&res, "<td class=\"num\">2501.25 kr</td>"));
	http_res_free(&res);
	/* in Bokmål with the decimal comma; the file's numbers stay as
	 * machines read them */
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "nb"), 0);
	page_ok(&fx.leader, "/reports/costs", &res);
	assert_true(res_contains(&res, "2501,25 kr</td>"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/money?from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "1500,50 kr</td>"));
	assert_true(res_contains(&res, "1000,75 kr</td>"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/money/export?format=csv&from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, ",1500.50,"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "en"), 0);
}

/* ---- the other areas' reports have their charts ---- */

/* An SVG chart of each, named and described for a screen reader, drawn
 * from the same cells as the table: Money's months as bars (1500.50 kr the
 * longest, 300 wide; 1000.75 kr 200), Norwegian's skills as a group of
 * bars per year (listening alone: no other skill was assessed twice), and
 * Internships' started, completed, ended early and converted per industry,
 * where a count of fewer than 5 is words, not a bar. */
static void
test_area_reports_have_charts(void **state)
{
	(void)state;
	struct http_res res;
	page_ok(&fx.leader, "/reports/money?from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
				       "aria-label=\"Money: Benefits paid before tax (kr)\" aria-describedby=\"chart-money-desc\""));
	assert_true(res_contains(&res, "<desc id=\"chart-money-desc\">The same figures are in the table below the chart."));
	assert_true(res_contains(&res, "<rect x=\"220\" y=\"9\" width=\"300\" height=\"20\" class=\"chart-bar\"/>"
				       "<text x=\"526\" y=\"24\" class=\"chart-value\">1500.50 kr</text>"));
	assert_true(res_contains(&res, "<rect x=\"220\" y=\"39\" width=\"200\" height=\"20\" class=\"chart-bar\"/>"
				       "<text x=\"426\" y=\"54\" class=\"chart-value\">1000.75 kr</text>"));
	http_res_free(&res);

	page_ok(&fx.leader, "/reports/norwegian?from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "role=\"img\" aria-label=\"Mean CEFR steps gained per person\""));
	assert_true(res_contains(&res, "class=\"chart-bar chart-series-0\"/><text x=\"506\" y=\"19\" "
				       "class=\"chart-value\">Listening: 1.2 (5 people)</text>"));
	assert_false(res_contains(&res, "chart-series-1"));
	assert_false(res_contains(&res, "Reading: "));
	http_res_free(&res);

	/* eight placements at a café, 2025-02-01 to 2025-04-30, all completed,
	 * five of them into a job; none ended early */
	server_sql(fx.s, "INSERT INTO employers (id, centre_id, name, name_key, orgnr, industry, created_at, updated_at)"
			 " VALUES (9301, 1, 'Kafe Figur', 'kafe figur', '900009301', '56', 1, 1)");
	char sql[512];
	for (int p = 9001; p <= 9008; p++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase, result,"
			 " created_at, updated_at) VALUES (1, %d, 9301, '2025-02-01', '2025-04-30', 'agreed', %s, 1, 1)",
			 p, p <= 9005 ? "'hired'" : "NULL");
		server_sql(fx.s, sql);
	}
	page_ok(&fx.leader, "/reports/internships", &res);
	assert_true(res_contains(&res, "role=\"img\" aria-label=\"By industry\" aria-describedby=\"chart-by_industry-desc\""));
	/* 8 the longest, 300 wide; converted by its count: 5 of 8, 187 */
	assert_true(res_contains(&res, "<rect x=\"200\" y=\"5\" width=\"300\" height=\"18\" class=\"chart-bar chart-series-0\"/>"
				       "<text x=\"506\" y=\"19\" class=\"chart-value\">Started: 8</text>"));
	assert_true(res_contains(&res, "class=\"chart-bar chart-series-1\"/><text x=\"506\" y=\"39\" "
				       "class=\"chart-value\">Completed: 8</text>"));
	assert_true(res_contains(&res, "<text x=\"206\" y=\"59\" class=\"chart-value\">Ended early: fewer than 5</text>"));
	assert_false(res_contains(&res, "chart-series-2"));
	assert_true(res_contains(&res, "<rect x=\"200\" y=\"65\" width=\"187\" height=\"18\" class=\"chart-bar chart-series-3\"/>"
				       "<text x=\"393\" y=\"79\" class=\"chart-value\">Converted to a job: 62.5 % (5 of 8)</text>"));
	/* the employers' table of up to a hundred rows has none */
	assert_false(res_contains(&res, "chart-by_employer"));
	http_res_free(&res);
}

/* ---- the analyst's home: what needs a leader, as figures ---- */

/* Issue 12 §4: the analyst's home shows the leader's figures without the
 * personal lists, this month's benefit run among them; it leads to the
 * Money report, the analyst's, not to the runs, which are not theirs. */
static void
test_glance_gives_analyst_the_benefit_run(void **state)
{
	(void)state;
	struct http_res res;
	page_ok(&fx.analyst, "/", &res);
	assert_true(res_contains(&res, "<h3>Needs a leader</h3>"));
	assert_true(res_contains(&res, "<li><a href=\"/reports/money\"><span class=\"glance-value\">not approved yet</span> "
				       "<span class=\"glance-label\">this month&#39;s benefits</span></a></li>"));
	assert_true(res_contains(&res, "<li><a href=\"/reports/money\"><span class=\"glance-value\">0</span> "
				       "<span class=\"glance-label\">benefit runs awaiting approval</span></a></li>"));
	/* 6 active and 2 paused without a contact person: a count of people,
	 * shown as the other counts are from 5 */
	assert_true(res_contains(&res, "<li><span class=\"glance-value\">8</span> "
				       "<span class=\"glance-label\">participants without a contact person</span></li>"));
	assert_true(res_contains(&res, "<span class=\"glance-label\">registers not marked this month</span>"));
	assert_false(res_contains(&res, "href=\"/benefits\""));
	assert_false(res_contains(&res, "href=\"/registers\""));
	http_res_free(&res);
	struct http_res page;
	page_ok(&fx.analyst, "/reports/money", &page);
	http_res_free(&page);
}

/* ---- the forecast: calendar months under "at the month's end" ---- */

static void
test_forecast_rows_are_months(void **state)
{
	(void)state;
	char today[11], month[8];
	date_offset(0, today);
	memcpy(month, today, 7);
	month[7] = '\0';
	/* the first of next month */
	int yy = atoi(today), mm = atoi(today + 5);
	char next[32]; /* room for any int, so -O3's format check holds */
	snprintf(next, sizeof next, "%04d-%02d-01", mm == 12 ? yy + 1 : yy, mm == 12 ? 1 : mm + 1);

	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/forecast", &j), 200);
	json_t *months = json_object_get(j, "months");
	assert_int_equal(json_array_size(months), 12);
	assert_string_equal(text_of_key(json_array_get(months, 0), "from"), today);
	assert_string_equal(text_of_key(json_array_get(months, 1), "from"), next);
	assert_string_equal(text_of_key(json_array_get(months, 0), "month"), month);
	next[7] = '\0';
	assert_string_equal(text_of_key(json_array_get(months, 1), "month"), next);
	json_decref(j);

	struct http_res res;
	page_ok(&fx.leader, "/reports/forecast", &res);
	assert_true(res_contains(&res, "Waiting at the month&#39;s end") || res_contains(&res, "Waiting at the month's end"));
	char row[64];
	snprintf(row, sizeof row, "<th scope=\"row\">%s</th>", month);
	assert_true(res_contains(&res, row));
	snprintf(row, sizeof row, "<th scope=\"row\">%s</th>", today);
	assert_false(res_contains(&res, row));
	http_res_free(&res);
}

/* ---- the files: the filters, the money pages, the totals ---- */

/* A filtered report's file has the figures the page has under the same
 * filters, and names them; the file without filters says so and differs
 * (both months, and a total of them). */
static void
test_export_is_filtered(void **state)
{
	(void)state;
	struct http_res page, all, feb;
	page_ok(&fx.leader, "/reports/money?from=2025-02-01&to=2025-02-28", &page);
	assert_true(res_contains(&page, "<td class=\"num\">1000.75 kr</td>"));
	assert_false(res_contains(&page, "1500.50 kr"));
	page_ok(&fx.leader, "/reports/money/export?format=csv&from=2025-02-01&to=2025-02-28", &feb);
	page_ok(&fx.leader, "/reports/money/export?format=csv", &all);
	assert_true(res_contains(&feb, "\r\nFilter applied,From,,,,,2025-02-01\r\nFilter applied,To,,,,,2025-02-28\r\n"));
	assert_true(res_contains(&feb, "Money,2025-02,Benefits paid before tax (kr),,,1000.75,1000.75 kr"));
	assert_true(res_contains(&feb, "Money,2025-02,Participants,5,,,5"));
	assert_false(res_contains(&feb, "2025-01"));
	assert_false(res_contains(&feb, "Money,Total"));   /* one month: no total */
	assert_true(res_contains(&all, "\r\nFilter applied,None,,,,,\r\n"));
	assert_true(res_contains(&all, "Money,2025-01,Benefits paid before tax (kr),,,1500.50,1500.50 kr"));
	assert_true(res_contains(&all, "Money,Total,Benefits paid before tax (kr),,,2501.25,2501.25 kr"));
	assert_false(res_contains(&all, "Filter applied,From"));
	http_res_free(&page);
	http_res_free(&all);
	http_res_free(&feb);
	/* the page's export links carry the filters; the centre is the reader's, not a filter */
	page_ok(&fx.leader, "/reports/results?exit_year=2025&gender=female", &page);
	assert_true(res_contains(&page, "/reports/results/export?format=csv&amp;exit_year=2025&amp;gender=female"));
	http_res_free(&page);
	page_ok(&fx.leader, "/reports/results/export?format=csv&exit_year=2025&gender=female&centre=1", &feb);
	assert_true(res_contains(&feb, "Filter applied,Exit year,,,,,2025\r\nFilter applied,Gender,,,,,Female\r\n"));
	assert_false(res_contains(&feb, "Filter applied,Centre"));
	http_res_free(&feb);
}

/* Money's total row: the months' benefits and tax summed, paid per
 * participant recomputed from them (2501.25 kr over 10 participant-months:
 * 250.12 kr), the participants (each month's) and the recovery
 * outstanding (at each month's end) not summed; in the page and the
 * API. */
static void
test_money_total_row(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/money?from=2025-01-01&to=2025-12-31", &j), 200);
	json_t *rows = json_object_get(json_array_get(json_object_get(j, "tables"), 0), "rows");
	assert_string_equal(text_of_key(json_array_get(rows, 2), "label"), "Total");
	assert_int_equal(json_integer_value(json_object_get(cell(j, 0, 2, 0), "value")), 250125);
	assert_string_equal(text_of(cell(j, 0, 2, 1)), "250.12 kr");
	assert_true(json_is_null(cell(j, 0, 2, 2)));
	assert_string_equal(text_of(cell(j, 0, 2, 3)), "0.00 kr");
	assert_true(json_is_null(cell(j, 0, 2, 4)));
	json_decref(j);
	struct http_res res;
	page_ok(&fx.leader, "/reports/money?from=2025-01-01&to=2025-12-31", &res);
	assert_true(res_contains(&res, "<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\">2501.25 kr</td>"
				       "<td class=\"num\">250.12 kr</td><td class=\"num\"></td>"));
	http_res_free(&res);
	/* Intake's sources add up to their total too (no referrals here: 0 of 0) */
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/intake", &j), 200);
	rows = json_object_get(json_array_get(json_object_get(j, "tables"), 0), "rows");
	assert_int_equal(json_array_size(rows), 5);
	assert_string_equal(text_of_key(json_array_get(rows, 4), "label"), "Total");
	json_decref(j);
}

/*
 * Intake's screening has a total row (issue 12 §3): fifteen referrals of
 * 2025-03-01 (9001-9015) screened on every rule, 9001-9007 failing the
 * age and 9006-9008 lawful residence. The rules' rows do not add up (10
 * failed a rule), so the total row counts each referral once: 7 passed
 * every rule, 8 failed one or more; the page says so. Rule A: a row's
 * passed and failed make the referrals screened, so a rule failed by
 * fewer than 5 hides its passed too (lawful residence: 12 and 3).
 */
static void
test_intake_screening_total(void **state)
{
	(void)state;
	static const char *const rules[] = {"age", "intro_ended", "not_enrolled", "lawful_residence"};
	char sql[512];
	for (int id = 9001; id <= 9015; id++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO referrals (id, participant_id, source, referred_on, created_at, updated_at,"
			 " centre_id) VALUES (%d, %d, 'nav', '2025-03-01', 1, 1, 1)", id, id);
		server_sql(fx.s, sql);
		for (int k = 0; k < 4; k++) {
			bool fails = (k == 0 && id <= 9007) || (k == 3 && id >= 9006 && id <= 9008);
			snprintf(sql, sizeof sql,
				 "INSERT INTO screening_results (referral_id, rule, pass, screened_at, centre_id)"
				 " VALUES (%d, '%s', %d, 100, 1)", id, rules[k], fails ? 0 : 1);
			server_sql(fx.s, sql);
		}
	}
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/intake", &j), 200);
	json_t *rows = json_object_get(json_array_get(json_object_get(j, "tables"), 1), "rows");
	assert_int_equal(json_array_size(rows), 5);
	assert_string_equal(text_of_key(json_array_get(rows, 4), "label"), "Referrals screened");
	assert_string_equal(text_of(cell(j, 1, 4, 0)), "7");
	assert_string_equal(text_of(cell(j, 1, 4, 1)), "8");
	assert_string_equal(text_of(cell(j, 1, 0, 0)), "8");   /* the age: 8 passed, 7 failed */
	assert_string_equal(text_of(cell(j, 1, 0, 1)), "7");
	assert_string_equal(text_of(cell(j, 1, 3, 0)), "fewer than 5");
	assert_string_equal(text_of(cell(j, 1, 3, 1)), "fewer than 5");
	json_decref(j);
	struct http_res res;
	page_ok(&fx.leader, "/reports/intake", &res);
	assert_true(res_contains(&res, "<tr class=\"total\"><th scope=\"row\">Referrals screened</th>"
				       "<td class=\"num\">7</td><td class=\"num\">8</td>"));
	assert_true(res_contains(&res, "Screening: each referral is screened on every rule, so the rules&#39; rows do"
				       " not add up"));
	http_res_free(&res);
}

/* The costs page, the cost-benefit account and the forecast have files:
 * the costs' table column for column; the account's assumptions, then its
 * observed and projected tables and the sensitivity table; the forecast's
 * starting point and its months. Each page links to them. */
static void
test_money_pages_export(void **state)
{
	(void)state;
	struct http_res res;
	page_ok(&fx.leader, "/reports/costs/export?format=csv", &res);
	assert_true(res_contains(&res, "Year,Staff,Premises,Activities,Other,Benefits paid,Participant-years,Completers,"));
	assert_true(res_contains(&res, "\r\n2025,1000000.00,0.00,0.00,0.00,2501.25,12.5,fewer than 5,"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/costs/export?format=xlsx", &res);
	assert_true(res.body_len > 4 && memcmp(res.body, "PK", 2) == 0);
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/costs/export?format=csv&gender=female", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 422);
	http_res_free(&res);

	page_ok(&fx.leader, "/reports/cost-benefit?discount_rate=3", &res);
	assert_true(res_contains(&res, "/reports/cost-benefit/export?format=csv&amp;discount_rate=3"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/cost-benefit/export?format=csv&discount_rate=3", &res);
	assert_true(res_contains(&res, "\r\nFilter applied,None,,,,,\r\n"));
	assert_true(res_contains(&res, "\r\nAssumption,Discount rate (%),,,,,3\r\n"));
	assert_true(res_contains(&res, "\r\nAssumption,Horizon (years),,,,,10\r\n"));
	assert_true(res_contains(&res, "\r\nAssumption,\"Benefit no longer paid, a year\",,,,,"));
	assert_true(res_contains(&res, " kr (observed)\r\nObserved: the exit cohorts,"));
	assert_true(res_contains(&res, "\r\nProjected: the public savings,"));
	http_res_free(&res);

	page_ok(&fx.leader, "/reports/forecast", &res);
	assert_true(res_contains(&res, "/reports/forecast/export?format=csv"));
	http_res_free(&res);
	page_ok(&fx.leader, "/reports/forecast/export?format=csv", &res);
	assert_true(res_contains(&res, "\r\nProjected from today,Waiting,,,,,0\r\n"));
	assert_true(res_contains(&res, "\r\nThe next 12 months,"));
	http_res_free(&res);
}

/* ---- the data ---- */

static void
participant(int id, const char *status, int centre)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, contact_id,"
		 " contact_until, name_key, centre_id, created_at, updated_at) VALUES (%d, 'Amina', 'Figure%d',"
		 " '1990-05-01', 'female', '%s', NULL, NULL, 'figure%d amina', %d, 1, 1)",
		 id, id, status, id, centre);
	server_sql(fx.s, sql);
}

static void
period(int id, const char *start, const char *exit)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO enrolments (id, participant_id, start_date, planned_end, status, exit_date, outcome,"
		 " created_at, updated_at, centre_id) VALUES (%d, %d, '%s', '2026-12-31', 'exited', '%s',"
		 " 'employed_full', 1, 1, 1)",
		 id, id, start, exit);
	server_sql(fx.s, sql);
}

/* An approved run of month with a month statement of gross each for
 * 9001-9005 (open while they are written, then approved, as a run is). */
static void
run(int id, const char *month, int gross)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "INSERT INTO benefit_runs (id, centre_id, month, state, run_at, gross_ore, tax_ore)"
		 " VALUES (%d, 1, '%s', 'open', 1, %d, 0)", id, month, gross * 5);
	server_sql(fx.s, sql);
	for (int p = 9001; p <= 9005; p++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO benefit_statements (centre_id, run_id, participant_id, enrolment_id, kind, month,"
			 " scheme, birth_date, period_start, unexcused_minutes, has_work, work_gross_ore, work_hours_centi,"
			 " tax_kind, month_amount_ore, g_ore, child_rate_ore, recovery_percent, outstanding_ore, days,"
			 " weekdays, days_mask, child_days, day_rate_ore, hour_rate_ore, base_ore, child_ore, absence_ore,"
			 " work_ore, other_ore, limited_ore, backpay_ore, gross_ore, tax_ore, claims_ore, recovery_ore,"
			 " net_ore, outstanding_after_ore, warnings, change_ore, created_at) VALUES (1, %d, %d, %d,"
			 " 'month', '%s', 'bergen', '1990-05-01', '2024-01-01', 0, 0, 0, 0, 'none', 0, 0, 0, 0, 0, 0,"
			 " 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, %d, 0, 0, 0, 0, 0, 0, 0, 1)",
			 id, p, p, month, gross);
		server_sql(fx.s, sql);
	}
	snprintf(sql, sizeof sql, "UPDATE benefit_runs SET state = 'approved' WHERE id = %d", id);
	server_sql(fx.s, sql);
}

static bool
seed(void)
{
	const char *add[] = {"centre", "add", "Nord", NULL};
	if (cli_run(fx.s, NULL, add) != 0)
		return false;
	for (int id = 9001; id <= 9013; id++) {
		participant(id, "exited", 1);
		period(id, id < 9013 ? "2024-01-01" : "2025-01-01", id < 9013 ? "2026-01-31" : "2025-07-01");
	}
	for (int id = 9014; id <= 9019; id++)
		participant(id, "active", 1);
	participant(9020, "paused", 1);
	participant(9021, "paused", 1);
	for (int id = 9031; id <= 9035; id++)
		participant(id, "active", 2);
	/* one follow-up not registered since 2025-07-31 */
	server_sql(fx.s, "INSERT INTO tasks (id, participant_id, enrolment_id, kind, due_on, assignee_id, centre_id)"
			 " VALUES (9101, 9001, 9001, 'followup_6m', '2025-07-31',"
			 " (SELECT id FROM users WHERE username = 'kari.contact'), 1)");
	run(9201, "2025-01", 30010);
	run(9202, "2025-02", 20015);
	char sql[512];
	for (int p = 9001; p <= 9005; p++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
			 " VALUES (%d, 'listening', 'A1', '2025-02-01', 1000, 1)", p);
		server_sql(fx.s, sql);
		snprintf(sql, sizeof sql,
			 "INSERT INTO language_assessments (participant_id, skill, level, assessed_on, at, centre_id)"
			 " VALUES (%d, 'listening', '%s', '2025-09-01', 1000, 1)", p, p == 9005 ? "B1" : "A2");
		server_sql(fx.s, sql);
	}
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"anna.analyst", "Anna Analytiker", "analyst", &fx.analyst},
		{"nina.national", "Nina Nasjonal", "national", &fx.national},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", seed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_centres_hide_small_counts),
		cmocka_unit_test(test_glance_hides_small_counts_from_analyst),
		cmocka_unit_test(test_norwegian_says_steps_and_people),
		cmocka_unit_test(test_costs_decimal_comma),
		cmocka_unit_test(test_money_adds_up_to_costs),
		cmocka_unit_test(test_forecast_rows_are_months),
		cmocka_unit_test(test_area_reports_have_charts),
		cmocka_unit_test(test_glance_gives_analyst_the_benefit_run),
		cmocka_unit_test(test_export_is_filtered),
		cmocka_unit_test(test_money_total_row),
		cmocka_unit_test(test_money_pages_export),
		cmocka_unit_test(test_intake_screening_total),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
