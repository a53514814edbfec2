/*
 * test_report_refusals.c — the filters each report honours and the ones
 * it refuses (issue 12, a tester's findings): a filter a report does not
 * count by is refused under its key (422) in the API and beside the field
 * on the page, never shown as applied; the cost-benefit account, the
 * annual report, the costs and the forecast are of the whole centre; a
 * contact person or centre that is not one, a parameter given twice and a
 * year that is not one are refused. The country of birth is chosen from
 * the countries the reports count.
 *
 * The ten periods of test_reports.c (2024-01-01 to 2025; Kari 9001-9006,
 * Ola 9007-9010; women 9001-9005 and 9010; born in Eritrea 9001-9007, in
 * Syria 9008-9010).
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

/* GET path as who through the API: the status, and the reason under field
 * (NULL: none) in *why (freed by the caller). */
static long
refused(struct session *who, const char *path, const char *field, char **why)
{
	json_t *j = NULL;
	long status = api_get(who, path, &j);
	*why = NULL;
	const char *w = json_string_value(
		json_object_get(json_object_get(json_object_get(j, "error"), "fields"), field));
	if (w != NULL)
		*why = strdup(w);
	json_decref(j);
	return status;
}

static void
expect_refused(struct session *who, const char *path, long status, const char *field, const char *why)
{
	char *got;
	long st = refused(who, path, field, &got);
	if (st != status || got == NULL || strcmp(got, why) != 0)
		fail_msg("%s: %ld %s: \"%s\"", path, st, field, got != NULL ? got : "(none)");
	free(got);
}

/* The cost-benefit account is of the centre: a filter of people is
 * refused, not applied to the participant-years alone. */
static void
test_cost_benefit_filters(void **state)
{
	(void)state;
	expect_refused(&fx.leader, "/api/v1/reports/cost-benefit?gender=male", 422, "gender",
		       "This report does not count by gender: leave the gender empty.");
	expect_refused(&fx.leader, "/api/v1/reports/cost-benefit?contact_id=1", 422, "contact_id",
		       "This report does not count by contact person: leave the contact person empty.");
	expect_refused(&fx.leader, "/api/v1/reports/cost-benefit?exit_year=2025", 422, "exit_year",
		       "This report does not count by exit year: leave the exit year empty.");
	expect_refused(&fx.leader, "/api/v1/reports/cost-benefit?from=2025-01-01", 422, "from",
		       "This report is not counted over a period: leave the first day empty.");
	expect_refused(&fx.leader, "/api/v1/reports/cost-benefit?centre=99", 422, "centre",
		       "This report is of your centre: leave the centre empty.");
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/cost-benefit?gender=male", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "This report does not count by gender: leave the gender empty."));
	http_res_free(&res);
	/* the annual report, the costs and the forecast likewise */
	expect_refused(&fx.leader, "/api/v1/reports/annual?year=2025&gender=female", 422, "gender",
		       "This report does not count by gender: leave the gender empty.");
	expect_refused(&fx.leader, "/api/v1/reports/costs?gender=female", 422, "gender",
		       "This report does not count by gender: leave the gender empty.");
	expect_refused(&fx.leader, "/api/v1/reports/forecast?cohort=2024", 422, "cohort",
		       "This report does not count by start cohort: leave the start cohort empty.");
	/* without filters: the account says what it was counted under (none) */
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/cost-benefit", &j), 200);
	json_t *f = json_object_get(j, "filters");
	assert_non_null(f);
	assert_true(json_is_null(json_object_get(f, "gender")) || json_object_get(f, "gender") == NULL);
	json_decref(j);
}

/* Each report refuses the filters it does not count by. */
static void
test_filters_not_honoured(void **state)
{
	(void)state;
	expect_refused(&fx.leader, "/api/v1/reports/caseloads?from=2025-01-01&to=2025-06-30", 422, "from",
		       "This report is not counted over a period: leave the first day empty.");
	expect_refused(&fx.leader, "/api/v1/reports/caseloads?exit_year=2025", 422, "exit_year",
		       "This report does not count by exit year: leave the exit year empty.");
	expect_refused(&fx.leader, "/api/v1/reports/time-to-work?exit_year=2025", 422, "exit_year",
		       "This report does not count by exit year: leave the exit year empty.");
	expect_refused(&fx.leader, "/api/v1/reports/intake?exit_year=2025", 422, "exit_year",
		       "This report does not count by exit year: leave the exit year empty.");
	/* Intake's own word on the scheme stays */
	expect_refused(&fx.leader, "/api/v1/reports/intake?scheme=kvp", 422, "scheme",
		       "Intake counts referrals, which come before a programme period and its scheme: leave the "
		       "benefit scheme empty.");
	/* the page: the field is shown with the reason beside it, the form keeps no false filter */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/caseloads?from=2025-01-01&to=2025-06-30&exit_year=2025",
				  fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "This report is not counted over a period: leave the first day empty."));
	assert_true(res_contains(&res, "This report does not count by exit year: leave the exit year empty."));
	http_res_free(&res);
	/* and the caseloads page without them offers no period */
	assert_int_equal(http_get(fx.s, "/reports/caseloads", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "name=\"from\""));
	assert_false(res_contains(&res, "name=\"exit_year\""));
	http_res_free(&res);
	/* Results honours them all */
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?exit_year=2025&from=2025-01-01", &j), 200);
	json_decref(j);
}

/* The Country of birth filter offers the countries the reports count,
 * spelled as they are kept, and keeps one asked that is not among them. */
static void
test_country_choices(void **state)
{
	(void)state;
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/results", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<select id=\"country\" name=\"country\""));
	assert_true(res_contains(&res, "<option value=\"\">All</option><option value=\"Eritrea\">Eritrea</option>"
				       "<option value=\"Syria\">Syria</option></select>"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/reports/results?country=Syria", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<option value=\"Syria\" selected>Syria</option></select>"));
	http_res_free(&res);
	/* one no period is of: offered after them, chosen */
	assert_int_equal(http_get(fx.s, "/reports/results?country=Etiopia", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<option value=\"Syria\">Syria</option>"
				       "<option value=\"Etiopia\" selected>Etiopia</option></select>"));
	http_res_free(&res);
	/* an analyst of the centre: the same */
	assert_int_equal(http_get(fx.s, "/reports/results", fx.analyst.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<option value=\"Eritrea\">Eritrea</option><option value=\"Syria\">"));
	http_res_free(&res);
}

/* A contact person, centre, parameter or year that is not one. */
static void
test_bad_parameters(void **state)
{
	(void)state;
	expect_refused(&fx.leader, "/api/v1/reports/results?contact_id=999", 422, "contact_id",
		       "No contact person with id 999 in this centre.");
	char path[128], why[96];
	snprintf(path, sizeof path, "/api/v1/reports/results?contact_id=%lld", user_id(&fx.teacher));
	snprintf(why, sizeof why, "No contact person with id %lld in this centre.", user_id(&fx.teacher));
	expect_refused(&fx.leader, path, 422, "contact_id", why);
	/* Kari's own number narrows nothing for her; another's is refused */
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/reports/results?contact_id=%lld", user_id(&fx.kari));
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/reports/results?contact_id=%lld", user_id(&fx.ola));
	expect_refused(&fx.kari, path, 422, "contact_id",
		       "You see the figures of your own caseload: leave the contact person empty.");
	expect_refused(&fx.leader, "/api/v1/reports/results?centre=99", 422, "centre",
		       "This report is of your centre: leave the centre empty.");
	assert_int_equal(api_get(&fx.leader, "/api/v1/reports/results?centre=1", &j), 200);
	json_decref(j);
	/* given twice: 400, naming it */
	expect_refused(&fx.leader, "/api/v1/reports/results?gender=male&gender=female", 400, "gender",
		       "The parameter gender is given more than once: give it once.");
	expect_refused(&fx.leader, "/api/v1/reports/cost-benefit?discount_rate=4&discount_rate=6", 400,
		       "discount_rate", "The parameter discount_rate is given more than once: give it once.");
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/reports/results?cohort=2024&cohort=2025", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 400);
	assert_true(res_contains(&res, "The parameter cohort is given more than once: give it once."));
	http_res_free(&res);
	/* the costs' year */
	assert_int_equal(http_get(fx.s, "/reports/costs?year=abc", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Write the year as a year from 2000 to 2100."));
	http_res_free(&res);
	expect_refused(&fx.leader, "/api/v1/reports/costs?year=abc", 422, "year",
		       "Write the year as a year from 2000 to 2100.");
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
			 " contact_until, name_key, centre_id, created_at, updated_at, country_of_birth) VALUES (%d,"
			 " 'Amina', 'Report%d', '1990-05-01', '%s', 'exited', (SELECT id FROM users WHERE username ="
			 " '%s'), '2099-12-31', 'report%d amina', 1, 1, 1, '%s')",
			 rows[i].id, rows[i].id, rows[i].gender, rows[i].contact, rows[i].id,
			 i < 7 ? "Eritrea" : "Syria");
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
		cmocka_unit_test(test_cost_benefit_filters),
		cmocka_unit_test(test_filters_not_honoured),
		cmocka_unit_test(test_bad_parameters),
		cmocka_unit_test(test_country_choices),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
