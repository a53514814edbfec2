/*
 * test_jobs.c — a job's income versions, its end, and an employer
 * contact's edit and delete over HTTP (issue 10; decision 73): every bad
 * input answered with its field's message and nothing saved (read back
 * through the API), a new income version beside the old one with who saved
 * it, the version in force marked, a job ended once with its last day and
 * reason, a stale save refused; a contact's version-checked edit, its
 * delete refused naming the placement it supervises, a contact never
 * named deleted; who may see and change them; proposing a placement
 * from a participant's page (the liaison's too) and the employers' pages
 * that carry the participant on; the pages in English and
 * Bokmål (the new texts' translations wait in po/pending until merged). State is read through the API.
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

#define PASSWORD "a long password 123"

static struct {
	struct server *s;
	struct session admin, leader, liv, kari, ola;
	long long kari_id, liv_id;
	long long placement, employer, vera, job, participant;
	char today[11], in40[11];
} fx;

static int
audit_count(const char *action, long long record_id)
{
	char id[32];
	snprintf(id, sizeof id, "%lld", record_id);
	return api_audit_count(&fx.admin, action, id);
}

/* The job as the API shows it (the caller frees). */
static json_t *
job_now(void)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/jobs/%lld", fx.job);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	return j;
}

/* The dates the tests share, from today. (Nothing here asserts: a failed
 * assertion in a group setup would leave the server running.) */
static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(40, fx.in40);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"liv.liaison", "Liv Los", "liaison", &fx.liv},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfølger", "contact", &fx.ola},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
}

/* kari's participant in an active placement supervised by Vera, hired
 * into a job from 15 January 2025 at 20 000 kr a month. */
static void
test_fixture(void **state)
{
	(void)state;
	json_t *me = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/me", &me), 200);
	fx.kari_id = json_id(me, "id");
	json_decref(me);
	assert_int_equal(api_get(&fx.liv, "/api/v1/me", &me), 200);
	fx.liv_id = json_id(me, "id");
	json_decref(me);
	char body[512], path[128];
	long long pid = post_ok(&fx.leader, "/api/v1/participants",
				"{\"given_name\":\"Amina\",\"family_name\":\"Jobb\",\"birth_date\":\"1990-05-04\","
				"\"gender\":\"female\"}", 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.today);
	post_ok(&fx.leader, path, body, 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", pid);
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"x\"}", fx.kari_id);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	fx.employer = post_ok(&fx.liv, "/api/v1/employers",
			      "{\"name\":\"Kafe Jobb\",\"orgnr\":\"923456783\",\"industry\":\"56\"}", 201);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.employer);
	fx.vera = post_ok(&fx.liv, path, "{\"name\":\"Veileder Vera\"}", 201);
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, fx.employer);
	fx.placement = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", fx.placement);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Kitchen\"}", fx.vera, fx.liv_id, fx.today, fx.in40);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", fx.placement);
	post_ok(&fx.liv, path, "{\"party\":\"employer\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/result", fx.placement);
	assert_int_equal(api_send_json(&fx.liv, path,
				       "{\"hired\":true,\"kind\":\"permanent\",\"percent\":100,"
				       "\"job_starts_on\":\"2025-01-15\",\"wage_kind\":\"monthly\",\"wage_ore\":2000000,"
				       "\"title\":\"Kitchen assistant\"}", &j), 200);
	fx.job = json_id(json_array_get(json_object_get(j, "jobs"), 0), "id");
	json_decref(j);
	fx.participant = pid;
}

/* GET /api/v1/participants/:id/jobs: the participant's jobs, as the
 * participant's page lists them; the participant's contact person and the
 * liaison read them, another contact person gets 404, as does an unknown
 * participant. */
static void
test_participant_jobs_api(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/jobs", fx.participant);
	assert_int_equal(audit_count("employment.list", fx.participant), 0);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *job = json_array_get(items, 0);
	assert_int_equal(json_id(job, "id"), fx.job);
	assert_string_equal(json_str(job, "title"), "Kitchen assistant");
	assert_string_equal(json_str(job, "starts_on"), "2025-01-15");
	assert_int_equal(json_id(job, "employer_id"), fx.employer);
	assert_string_equal(json_str(job, "employer_name"), "Kafe Jobb");
	json_decref(j);
	assert_int_equal(api_get(&fx.liv, path, NULL), 200);
	assert_int_equal(api_get(&fx.ola, path, NULL), 404);
	assert_int_equal(api_get(&fx.kari, "/api/v1/participants/999999/jobs", NULL), 404);
	assert_int_equal(api_get(&fx.kari, "/api/v1/participants/x/jobs", NULL), 404);
	assert_int_equal(audit_count("employment.list", fx.participant), 2);
}

static void
test_income_versions(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/jobs/%lld/income", fx.job);
	const struct {
		const char *body, *field, *message;
	} bad[] = {
		{"{\"valid_from\":\"2025-03-15\",\"gross_ore\":2200000,\"hours_centi\":16250}", "valid_from",
		 "Give the first day of a month."},
		{"{\"valid_from\":\"2024-12-01\",\"gross_ore\":2200000,\"hours_centi\":16250}", "valid_from",
		 "The job has not started in that month."},
		{"{\"valid_from\":\"1 March\",\"gross_ore\":2200000,\"hours_centi\":16250}", "valid_from",
		 "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"{\"gross_ore\":2200000,\"hours_centi\":16250}", "valid_from", "Give the month it applies from."},
		{"{\"valid_from\":\"2025-03-01\",\"hours_centi\":16250}", "gross_ore", "Give the gross salary a month."},
		{"{\"valid_from\":\"2025-03-01\",\"gross_ore\":2200000}", "hours_centi", "Give the hours a month."},
		{"{\"valid_from\":\"2025-03-01\",\"gross_ore\":2200000,\"hours_centi\":80000}", "hours_centi",
		 "Write the hours a month, for example 81,25 (at most 744)."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = NULL;
		long st = api_send_json(&fx.liv, path, bad[i].body, &j);
		if (st != 422 || strcmp(field_error(j, bad[i].field), bad[i].message) != 0)
			fail_msg("row %zu: %ld %s", i, st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	json_t *j = job_now();
	assert_int_equal(json_array_size(json_object_get(j, "incomes")), 1);
	json_decref(j);
	/* another contact person does not reach the job; the participant's does */
	char page[96];
	snprintf(page, sizeof page, "/api/v1/jobs/%lld", fx.job);
	assert_int_equal(api_get(&fx.ola, page, NULL), 404);
	assert_int_equal(api_send_json(&fx.ola, path,
				       "{\"valid_from\":\"2025-03-01\",\"gross_ore\":2200000,\"hours_centi\":16250}", NULL),
			 404);
	assert_int_equal(api_get(&fx.kari, page, NULL), 200);
	/* a raise from March: a new version beside the first */
	assert_int_equal(api_send_json(&fx.liv, path,
				       "{\"valid_from\":\"2025-03-01\",\"gross_ore\":2200000,\"hours_centi\":16250}", &j),
			 201);
	json_t *v = json_object_get(j, "incomes");
	assert_int_equal(json_array_size(v), 2);
	json_t *first = json_array_get(v, 0), *second = json_array_get(v, 1);
	assert_string_equal(json_str(first, "valid_from"), "2025-01-01");
	assert_int_equal(json_id(first, "gross_ore"), 2000000);
	assert_false(json_is_true(json_object_get(first, "in_force")));
	assert_string_equal(json_str(second, "valid_from"), "2025-03-01");
	assert_int_equal(json_id(second, "gross_ore"), 2200000);
	assert_int_equal(json_id(second, "hours_centi"), 16250);
	assert_string_equal(json_str(second, "recorded_by_name"), "Liv Los");
	assert_true(json_is_true(json_object_get(second, "in_force")));
	json_decref(j);
	assert_int_equal(audit_count("employment.income", fx.job), 1);
	/* the page: the history with who saved it, in English and in Bokmål */
	struct http_res res;
	snprintf(page, sizeof page, "/jobs/%lld", fx.job);
	assert_int_equal(http_get(fx.s, page, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Income a month"));
	assert_true(res_contains(&res, "Liv Los"));
	assert_true(res_contains(&res, "id=\"income-form\""));
	assert_true(res_contains(&res, "id=\"end-form\""));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.kari, "nb"), 0);
	assert_int_equal(http_get(fx.s, page, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "lang=\"nb\""));
	assert_true(res_contains(&res, "Stillingstittel"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.kari, "en"), 0);
	/* the form: a bad month answered on the page, nothing saved */
	char form[96];
	snprintf(form, sizeof form, "/jobs/%lld/income", fx.job);
	post_form(&fx.liv, form, "valid_from=2025-04-15&gross_ore=23000&hours_centi=162%2C5", &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Give the first day of a month."));
	http_res_free(&res);
	post_form(&fx.liv, form, "valid_from=2025-04-01&gross_ore=23000&hours_centi=162%2C5", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	j = job_now();
	v = json_object_get(j, "incomes");
	assert_int_equal(json_array_size(v), 3);
	assert_int_equal(json_id(json_array_get(v, 2), "gross_ore"), 2300000);
	assert_int_equal(json_id(json_array_get(v, 2), "hours_centi"), 16250);
	assert_int_equal(json_id(json_array_get(v, 1), "gross_ore"), 2200000);
	json_decref(j);
}

static void
test_job_end(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/jobs/%lld/end", fx.job);
	const struct {
		const char *body, *field, *message;
	} bad[] = {
		{"{\"version\":1,\"reason\":\"resigned\"}", "ends_on", "Give the job's last day."},
		{"{\"version\":1,\"ends_on\":\"2025-04-30\"}", "reason", "Choose why the job ended."},
		{"{\"version\":1,\"ends_on\":\"2025-04-30\",\"reason\":\"fired\"}", "reason", "Choose from the list."},
		{"{\"version\":1,\"ends_on\":\"2025-04-30\",\"reason\":\"other\"}", "note", "Say why the job ended."},
		{"{\"version\":1,\"ends_on\":\"2025-01-14\",\"reason\":\"resigned\"}", "ends_on",
		 "The job's last day cannot be before its first."},
		{"{\"ends_on\":\"2025-04-30\",\"reason\":\"resigned\"}", "version",
		 "Must be the version you read, a whole number."},
		{"{\"version\":\"1\",\"ends_on\":\"2025-04-30\",\"reason\":\"resigned\"}", "version",
		 "Must be the version you read, a whole number."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = NULL;
		long st = api_send_json(&fx.liv, path, bad[i].body, &j);
		if (st != 422 || strcmp(field_error(j, bad[i].field), bad[i].message) != 0)
			fail_msg("row %zu: %ld %s", i, st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.liv, path, "{\"version\":7,\"ends_on\":\"2025-04-30\",\"reason\":\"resigned\"}",
				       &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "stale");
	json_decref(j);
	j = job_now();
	assert_int_equal(json_id(j, "version"), 1);
	assert_true(json_is_null(json_object_get(j, "ends_on")));
	assert_true(json_is_null(json_object_get(j, "end_reason")));
	json_decref(j);
	/* ended on the last day of April */
	assert_int_equal(api_send_json(&fx.liv, path,
				       "{\"version\":1,\"ends_on\":\"2025-04-30\",\"reason\":\"resigned\","
				       "\"note\":\"Moved to Oslo\"}", &j), 200);
	assert_int_equal(json_id(j, "version"), 2);
	assert_string_equal(json_str(j, "ends_on"), "2025-04-30");
	assert_string_equal(json_str(j, "end_reason"), "resigned");
	assert_string_equal(json_str(j, "end_note"), "Moved to Oslo");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"version\":2,\"ends_on\":\"2025-04-20\",\"reason\":\"dismissed\"}",
				       &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"), "This job has been ended already.");
	json_decref(j);
	char income[128];
	snprintf(income, sizeof income, "/api/v1/jobs/%lld/income", fx.job);
	assert_int_equal(api_send_json(&fx.liv, income,
				       "{\"valid_from\":\"2025-05-01\",\"gross_ore\":2400000,\"hours_centi\":16250}", &j),
			 422);
	assert_string_equal(field_error(j, "valid_from"), "The job has ended before that month.");
	json_decref(j);
	assert_int_equal(audit_count("employment.end", fx.job), 1);
	j = job_now();
	assert_int_equal(json_id(j, "version"), 2);
	assert_string_equal(json_str(j, "ends_on"), "2025-04-30");
	assert_int_equal(json_array_size(json_object_get(j, "incomes")), 3);
	json_decref(j);
	/* the page says why, and offers no second end */
	struct http_res res;
	char page[96];
	snprintf(page, sizeof page, "/jobs/%lld", fx.job);
	assert_int_equal(http_get(fx.s, page, fx.liv.cookie, &res), 0);
	assert_true(res_contains(&res, "Resigned"));
	assert_false(res_contains(&res, "id=\"end-form\""));
	http_res_free(&res);
}

static void
test_contact_edit_delete(void **state)
{
	(void)state;
	char path[160], body[256];
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.employer);
	long long nina = post_ok(&fx.liv, path, "{\"name\":\"Nina\"}", 201);
	long long other = post_ok(&fx.liv, "/api/v1/employers",
				  "{\"name\":\"Annen Arbeidsgiver\",\"orgnr\":\"987654325\",\"industry\":\"47\"}", 201);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld", fx.employer, nina);
	const struct {
		const char *body, *field, *message;
	} bad[] = {
		{"{\"version\":1,\"name\":\"\"}", "name", "Give the contact's name."},
		{"{\"name\":\"Nina Nilsen\"}", "version", "Must be the version you read, a whole number."},
		{"{\"version\":1,\"name\":\"Nina\",\"phone\":\"12ab\"}", "phone",
		 "may contain only digits, spaces and a leading +"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = NULL;
		long st = api_send_json(&fx.liv, path, bad[i].body, &j);
		if (st != 422 || strcmp(field_error(j, bad[i].field), bad[i].message) != 0)
			fail_msg("row %zu: %ld %s", i, st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_string_equal(json_str(j, "name"), "Nina");
	assert_int_equal(json_id(j, "version"), 1);
	json_decref(j);
	/* a contact person reads, does not change */
	assert_int_equal(api_send_json(&fx.kari, path, "{\"version\":1,\"name\":\"Nina K\"}", NULL), 403);
	/* not through another employer */
	snprintf(body, sizeof body, "/api/v1/employers/%lld/contacts/%lld", other, nina);
	assert_int_equal(api_get(&fx.liv, body, NULL), 404);
	assert_int_equal(api_send_json(&fx.liv, body, "{\"version\":1,\"name\":\"Nina K\"}", NULL), 404);
	/* saved; a save from the old version is stale */
	assert_int_equal(api_send_json(&fx.liv, path, "{\"version\":1,\"name\":\"Nina Nilsen\",\"role\":\"Manager\"}", &j),
			 200);
	assert_string_equal(json_str(j, "name"), "Nina Nilsen");
	assert_int_equal(json_id(j, "version"), 2);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"version\":1,\"name\":\"Nina Old\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "stale");
	json_decref(j);
	assert_int_equal(audit_count("employer_contact.update", nina), 1);

	/* Vera supervises the active placement: refused, naming it */
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld/delete", fx.employer, fx.vera);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", &j), 409);
	json_t *err = json_object_get(j, "error");
	char want[512];
	snprintf(want, sizeof want,
		 "This contact is the workplace supervisor on placements that are not over: Jobb, Amina (%s \xE2\x80\x93 %s, "
		 "Active). Choose another supervisor on them first.", fx.today, fx.in40);
	assert_string_equal(json_str(err, "message"), want);
	assert_int_equal(json_array_size(json_object_get(err, "placements")), 1);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(err, "placements"), 0)), fx.placement);
	json_decref(j);
	/* the page says the same, with a link to the placement */
	struct http_res res;
	snprintf(path, sizeof path, "/employers/%lld/contacts/%lld/delete", fx.employer, fx.vera);
	post_form(&fx.liv, path, "x=1", &res);
	assert_int_equal(res.status, 409);
	snprintf(want, sizeof want, "href=\"/placements/%lld\"", fx.placement);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/employers/%lld", fx.employer);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "contacts")), 2);
	json_decref(j);
	/* Nina, never named: deleted; then not found */
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld/delete", fx.employer, nina);
	assert_int_equal(api_send_json(&fx.kari, path, "{}", NULL), 403);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", &j), 200);
	assert_false(json_is_true(json_object_get(j, "kept")));
	json_decref(j);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", NULL), 404);
	snprintf(path, sizeof path, "/api/v1/employers/%lld", fx.employer);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "contacts")), 1);
	json_decref(j);
	assert_int_equal(audit_count("employer_contact.delete", nina), 1);
	/* the placement ends early: Vera is now named only on a placement that
	 * is over, so she is kept for it but no longer a contact */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", fx.placement);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"got_job\"}", fx.today);
	assert_int_equal(api_send_json(&fx.liv, path, body, NULL), 200);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld/delete", fx.employer, fx.vera);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", &j), 200);
	assert_true(json_is_true(json_object_get(j, "kept")));
	json_decref(j);
	assert_int_equal(audit_count("employer_contact.end", fx.vera), 1);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", NULL), 404);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld", fx.employer, fx.vera);
	assert_int_equal(api_get(&fx.liv, path, NULL), 404);
	snprintf(path, sizeof path, "/api/v1/employers/%lld", fx.employer);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "contacts")), 0);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", fx.placement);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_string_equal(json_str(j, "status"), "ended_early");
	assert_string_equal(json_str(j, "supervisor_name"), "Veileder Vera");
	json_decref(j);
}

/* The contact's edit page, before the contact is gone. */
static void
test_contact_page(void **state)
{
	(void)state;
	char path[160];
	struct http_res res;
	snprintf(path, sizeof path, "/employers/%lld/contacts/%lld", fx.employer, fx.vera);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"contact-edit-form\""));
	assert_true(res_contains(&res, "Veileder Vera"));
	assert_true(res_contains(&res, "id=\"contact-delete-form\""));
	http_res_free(&res);
	/* a contact person reads the contact through the API, has no edit page */
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld", fx.employer, fx.vera);
	assert_int_equal(api_get(&fx.kari, path, NULL), 200);
}

/* From a participant's page when the employers are too many for its list
 * (EMPLOYER_CHOICES_MAX): /employers?participant=ID names the participant
 * and carries them on in the links and the search; the employer's page
 * fills in its proposal form and names them. Only for one the user may
 * propose for: another contact person's participant is not named or
 * filled in; a number that is not one is refused. */
static void
test_propose_for(void **state)
{
	(void)state;
	char path[128], want[200];
	struct http_res res;
	snprintf(path, sizeof path, "/employers?participant=%lld", fx.participant);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<p id=\"propose-for\">A placement for Jobb, Amina: choose the employer"));
	assert_true(res_contains(&res, "<input type=\"hidden\" name=\"participant\" value=\""));
	snprintf(want, sizeof want, "<a href=\"/employers/%lld?participant=%lld\">Kafe Jobb</a>", fx.employer,
		 fx.participant);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	snprintf(path, sizeof path, "/employers/%lld?participant=%lld", fx.employer, fx.participant);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, ">Propose a placement for Jobb, Amina</h3>"));
	snprintf(want, sizeof want, "name=\"participant_id\" type=\"number\" value=\"%lld\"", fx.participant);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	/* ola follows no one: not named, not filled in */
	assert_int_equal(http_get(fx.s, path, fx.ola.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "Amina"));
	assert_false(res_contains(&res, want));
	assert_true(res_contains(&res, ">Propose a placement</h3>"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/employers?participant=%lld", fx.participant);
	assert_int_equal(http_get(fx.s, path, fx.ola.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "propose-for"));
	assert_false(res_contains(&res, "Amina"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/employers?participant=abc", fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
}

/* The liaison opens someone in the programme not yet placed (their
 * heading only, decision 141): the page offers the proposal, without the
 * placements and jobs they do not read. */
static void
test_liaison_proposes_from_page(void **state)
{
	(void)state;
	char path[128], body[128], want[200];
	long long pid = post_ok(&fx.leader, "/api/v1/participants",
				"{\"given_name\":\"Nadia\",\"family_name\":\"Ny\",\"birth_date\":\"1991-02-03\","
				"\"gender\":\"female\"}", 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.today);
	post_ok(&fx.leader, path, body, 201);
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld", pid);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<form method=\"post\" action=\"/placements\" id=\"propose-form\""));
	snprintf(want, sizeof want, "<input type=\"hidden\" name=\"participant_id\" value=\"%lld\">", pid);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "<option value=\"%lld\">Kafe Jobb</option>", fx.employer);
	assert_true(res_contains(&res, want));
	assert_false(res_contains(&res, "No placements."));
	http_res_free(&res);
	/* a contact person who does not follow them: no page at all */
	assert_int_equal(http_get(fx.s, path, fx.ola.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_participant_jobs_api),
		cmocka_unit_test(test_income_versions),
		cmocka_unit_test(test_job_end),
		cmocka_unit_test(test_contact_page),
		cmocka_unit_test(test_contact_edit_delete),
		cmocka_unit_test(test_propose_for),
		cmocka_unit_test(test_liaison_proposes_from_page),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
