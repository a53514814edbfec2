/*
 * test_plan_exit.c — a work plan after the exit, through the real server:
 * the last period's plan (wishes, goals, evaluations, saved versions, the
 * printed copy) is read as it was by those who may read it, page and API,
 * and nothing of it can be changed; a participant never enrolled still
 * hears that the plan starts with the programme period.
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

#define PASSWORD "a long password 123"

static struct {
	struct server *s;
	struct session admin, leader, kari, ola;
	char today[11], yesterday[11], in_month[11];
} fx;

static void
expect_status(const char *what, long got, long want, json_t *j)
{
	if (got != want) {
		char *dump = j ? json_dumps(j, 0) : NULL;
		fail_msg("%s: %ld, want %ld: %s", what, got, want, dump ? dump : "");
	}
}

/* GET path as sess: the page (caller frees), its status asserted. */
static void
page(const struct session *sess, const char *path, long want, struct http_res *res)
{
	assert_int_equal(http_get(fx.s, path, sess->cookie, res), 0);
	if (res->status != want)
		fail_msg("GET %s: %ld, want %ld", path, res->status, want);
}

/* Kari's participant with a plan, a goal and an evaluation date, who left
 * the programme yesterday: the plan after the exit is the last period's,
 * read only. */
static void
test_plan_after_exit(void **state)
{
	(void)state;
	long long kari_id = user_id(&fx.kari);
	long long pid = api_participant(&fx.leader, "Nadia", "Planned", kari_id);
	char path[160], body[512];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	long st = api_send_json(&fx.leader, path, "{\"start_date\":\"2023-01-02\"}", &j);
	if (st != 200)
		expect_status("enrol", st, 201, j);
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", pid);
	st = api_send_json(&fx.kari, path, "{\"version\":0,\"wishes\":\"Work in a kitchen\",\"resources\":\"Cooks for many\"}",
			   &j);
	if (st != 200)
		expect_status("plan", st, 201, j);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/goals", pid);
	snprintf(body, sizeof body,
		 "{\"category\":\"everyday\",\"title\":\"Open a bank account\",\"target_date\":\"%s\","
		 "\"steps\":[{\"description\":\"Bring the residence card\",\"due_on\":\"%s\"}]}",
		 fx.in_month, fx.in_month);
	expect_status("goal", api_send_json(&fx.kari, path, body, &j), 201, j);
	long long gid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/evaluations", pid);
	snprintf(body, sizeof body, "{\"due_on\":\"%s\"}", fx.in_month);
	expect_status("evaluation", api_send_json(&fx.kari, path, body, &j), 201, j);
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"reason\":\"Got a job\",\"outcome\":\"employed_full\",\"version\":%lld}", fx.yesterday,
		 version);
	st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200)
		expect_status("exit", st, 201, j);
	json_decref(j);

	/* the API: the plan as it was, its period ended */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", pid);
	const struct session *readers[] = {&fx.kari, &fx.leader};
	for (size_t i = 0; i < 2; i++) {
		expect_status("plan read", api_get(readers[i], path, &j), 200, j);
		assert_string_equal(json_string_value(json_object_get(j, "wishes")), "Work in a kitchen");
		json_t *period = json_object_get(j, "period");
		assert_string_equal(json_string_value(json_object_get(period, "status")), "exited");
		assert_string_equal(json_string_value(json_object_get(period, "exit_date")), fx.yesterday);
		json_t *goals = json_object_get(j, "goals");
		assert_int_equal(json_array_size(goals), 1);
		assert_string_equal(json_string_value(json_object_get(json_array_get(goals, 0), "title")),
				    "Open a bank account");
		assert_int_equal(json_array_size(json_object_get(j, "evaluations")), 1);
		json_decref(j);
	}

	/* the page: read only, no false message */
	char ppath[96], action[96];
	snprintf(ppath, sizeof ppath, "/participants/%lld/plan", pid);
	snprintf(action, sizeof action, "action=\"/participants/%lld/plan", pid);
	struct http_res res;
	for (size_t i = 0; i < 2; i++) {
		page(readers[i], ppath, 200, &res);
		assert_false(res_contains(&res, "id=\"not-enrolled\""));
		assert_true(res_contains(&res, "Work in a kitchen"));
		assert_true(res_contains(&res, "Open a bank account"));
		assert_true(res_contains(&res, "The work plan is kept as it was at the exit and can no longer be changed."));
		assert_false(res_contains(&res, "id=\"plan-form\""));
		assert_false(res_contains(&res, action));   /* no form to change it */
		http_res_free(&res);
	}
	/* its saved version, its printed copy and its goal */
	snprintf(ppath, sizeof ppath, "/participants/%lld/plan/versions/1", pid);
	page(&fx.kari, ppath, 200, &res);
	assert_true(res_contains(&res, "Work in a kitchen"));
	http_res_free(&res);
	snprintf(ppath, sizeof ppath, "/participants/%lld/plan/print", pid);
	page(&fx.kari, ppath, 200, &res);
	assert_false(res_contains(&res, "id=\"not-enrolled\""));
	assert_true(res_contains(&res, "Open a bank account"));
	http_res_free(&res);
	snprintf(ppath, sizeof ppath, "/api/v1/goals/%lld", gid);
	expect_status("goal read", api_get(&fx.kari, ppath, &j), 200, j);
	json_decref(j);

	/* nothing of it changes: the contact person only reads it after the
	 * exit, and the leader is told the period has ended */
	expect_status("save", api_send_json(&fx.kari, path, "{\"version\":1,\"wishes\":\"Changed\"}", &j), 404, j);
	json_decref(j);
	expect_status("save", api_send_json(&fx.leader, path, "{\"version\":1,\"wishes\":\"Changed\"}", &j), 409, j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "not_enrolled");
	json_decref(j);
	expect_status("plan read", api_get(&fx.kari, path, &j), 200, j);
	assert_string_equal(json_string_value(json_object_get(j, "wishes")), "Work in a kitchen");
	json_decref(j);

	/* another contact person reads none of it */
	expect_status("other", api_get(&fx.ola, path, &j), 404, j);
	json_decref(j);

	/* never enrolled: the plan starts with the programme period */
	long long fresh = api_participant(&fx.leader, "Hodan", "Waiting", kari_id);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", fresh);
	expect_status("not enrolled", api_get(&fx.kari, path, &j), 404, j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "not_enrolled");
	json_decref(j);
}

static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(-1, fx.yesterday);
	date_offset(30, fx.in_month);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfølger", "contact", &fx.ola},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_after_exit),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
