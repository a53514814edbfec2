/*
 * test_demo.c — the demo centre over HTTP (`secondchance demo` on the
 * server's database): what the demo made can be edited like anything else.
 * A demo participant's phone number is changed through the web form (every
 * field sent back as the form holds it) and through the API, and both
 * saves are kept, synthetic identity numbers and all; the demo's users,
 * the analyst among them, can sign in.
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

#include "harness.h"

#define DEMO_PASSWORD "demo centre pass 42"

static struct session leder;

/* The ids of demo participants with an identity number (the first page of
 * the register), into ids; returns how many. */
static size_t
demo_ids_with_nin(const struct server *s, long long *ids, size_t max)
{
	json_t *list = NULL;
	assert_int_equal(api_on(s, &leder, "/api/v1/participants?per_page=50", NULL, &list), 200);
	size_t n = 0, i;
	json_t *it;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		long long id = json_integer_value(json_object_get(it, "id"));
		char path[64];
		snprintf(path, sizeof path, "/api/v1/participants/%lld", id);
		json_t *p = NULL;
		assert_int_equal(api_on(s, &leder, path, NULL, &p), 200);
		const char *nin = json_string_value(json_object_get(p, "nin"));
		if (nin != NULL && strlen(nin) == 11 && n < max)
			ids[n++] = id;
		json_decref(p);
	}
	json_decref(list);
	return n;
}

/* Appends "&key=value" (value form-escaped) to b. */
static void
add_field(char *b, size_t cap, const char *key, const char *value)
{
	char *v = form_escape(value != NULL ? value : "");
	assert_non_null(v);
	size_t len = strlen(b);
	snprintf(b + len, cap - len, "&%s=%s", key, v);
	free(v);
}

/* The edit form's fields as the form shows them, from the API's record,
 * with phone replaced. */
static void
form_body(json_t *p, const char *csrf, const char *phone, char *b, size_t cap)
{
	snprintf(b, cap, "csrf=%s&version=%lld", csrf,
		 (long long)json_integer_value(json_object_get(p, "version")));
	static const char *const text[] = {
		"given_name", "family_name", "nin", "birth_date", "gender", "country_of_birth",
		"citizenship", "interpreter", "arrival_date", "residence_basis", "intro_ended",
		"cefr_listening", "cefr_reading", "cefr_speaking", "cefr_writing", "caregiving",
		"email", "address", "postcode", "city", "bank_account", "tax_table", NULL};
	for (size_t i = 0; text[i] != NULL; i++)
		add_field(b, cap, text[i], json_string_value(json_object_get(p, text[i])));
	static const char *const numbers[] = {"schooling_years", "tax_percent", NULL};
	for (size_t i = 0; numbers[i] != NULL; i++) {
		json_t *v = json_object_get(p, numbers[i]);
		char num[32] = "";
		if (json_is_integer(v))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		add_field(b, cap, numbers[i], num);
	}
	json_t *lit = json_object_get(p, "literate");
	add_field(b, cap, "literate", json_is_true(lit) ? "yes" : json_is_false(lit) ? "no" : "");
	/* Lists as the form writes them: languages with commas, children one
	 * a line. */
	char list[1024];
	const char *seps[] = {", ", "\n"};
	const char *keys[] = {"languages", "children"};
	for (int k = 0; k < 2; k++) {
		list[0] = '\0';
		size_t i;
		json_t *el;
		json_array_foreach(json_object_get(p, keys[k]), i, el) {
			size_t len = strlen(list);
			snprintf(list + len, sizeof list - len, "%s%s", i ? seps[k] : "", json_string_value(el));
		}
		add_field(b, cap, keys[k], list);
	}
	add_field(b, cap, "phone", phone);
}

/* The register form saves a demo participant: only the phone changes. */
static void
test_demo_participant_saves_through_form(void **state)
{
	struct server *s = *state;
	long long ids[4];
	assert_true(demo_ids_with_nin(s, ids, 4) >= 2);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", ids[0]);
	json_t *before = NULL;
	assert_int_equal(api_on(s, &leder, path, NULL, &before), 200);
	static char body[16384];
	form_body(before, leder.csrf, "98765432", body, sizeof body);
	char page[64];
	snprintf(page, sizeof page, "/participants/%lld", ids[0]);
	struct http_res res;
	assert_int_equal(http_post_form(s, page, leder.cookie, body, &res), 0);
	if (res.status != 303)
		fail_msg("saving demo participant %lld: %ld\n%s", ids[0], res.status,
			 res.body ? res.body : "");
	assert_false(res_contains(&res, "synthetic"));
	http_res_free(&res);

	json_t *after = NULL;
	assert_int_equal(api_on(s, &leder, path, NULL, &after), 200);
	assert_string_equal(json_string_value(json_object_get(after, "phone")), "+4798765432");
	assert_string_equal(json_string_value(json_object_get(after, "nin")),
			    json_string_value(json_object_get(before, "nin")));
	assert_int_equal(json_integer_value(json_object_get(after, "version")),
			 json_integer_value(json_object_get(before, "version")) + 1);
	json_decref(before);
	json_decref(after);
}

/* The API saves a demo participant too. */
static void
test_demo_participant_saves_through_api(void **state)
{
	struct server *s = *state;
	long long ids[4];
	assert_true(demo_ids_with_nin(s, ids, 4) >= 2);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", ids[1]);
	json_t *before = NULL;
	assert_int_equal(api_on(s, &leder, path, NULL, &before), 200);
	char json[128];
	snprintf(json, sizeof json, "{\"version\":%lld,\"phone\":\"41234567\"}",
		 (long long)json_integer_value(json_object_get(before, "version")));
	json_t *after = NULL;
	long st = api_on(s, &leder, path, json, &after);
	if (st != 200) {
		char *d = after ? json_dumps(after, 0) : NULL;
		fail_msg("API save of demo participant %lld: %ld %s", ids[1], st, d ? d : "");
	}
	assert_string_equal(json_string_value(json_object_get(after, "phone")), "+4741234567");
	json_decref(before);
	json_decref(after);
}

/* The demo's analyst can sign in, holds the analyst role and nothing else,
 * and is listed with the other demo users. */
static void
test_demo_analyst(void **state)
{
	struct server *s = *state;
	struct session an;
	assert_int_equal(sign_in(s, "analytiker", DEMO_PASSWORD, &an), 0);
	json_t *me = NULL;
	assert_int_equal(api_on(s, &an, "/api/v1/me", NULL, &me), 200);
	json_t *roles = json_object_get(me, "roles");
	assert_int_equal(json_array_size(roles), 1);
	assert_string_equal(json_string_value(json_array_get(roles, 0)), "analyst");
	json_decref(me);
	/* What `demo` printed names the analyst with the others. */
	char log[320];
	snprintf(log, sizeof log, "%s/cli.log", s->dir);
	FILE *f = fopen(log, "r");
	assert_non_null(f);
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_non_null(strstr(text, "analytiker"));
	assert_non_null(strstr(text, "analyst"));
}

/* The demo's costs are versioned as a leader enters them: the year before
 * last has its budget, entered on 15 December before it, and its accounts,
 * entered on 15 February after it, both by the leader; the page and the
 * API say when and who (they were undated: 1970, and no one). */
static void
test_demo_costs_dated(void **state)
{
	struct server *s = *state;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int year = tm.tm_year + 1900 - 2;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/reports/costs?year=%d", year);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &leder, path, NULL, &j), 200);
	json_t *v = json_object_get(j, "versions");
	assert_int_equal(json_array_size(v), 2);
	static const char *const notes[] = {"Accounts", "Budget"};
	/* 10:00 UTC on 15 February after the year, 15 December before it */
	struct tm on[2] = {{.tm_year = year + 1 - 1900, .tm_mon = 1, .tm_mday = 15, .tm_hour = 10},
			   {.tm_year = year - 1 - 1900, .tm_mon = 11, .tm_mday = 15, .tm_hour = 10}};
	for (size_t i = 0; i < 2; i++) {
		json_t *it = json_array_get(v, i);
		assert_int_equal(json_integer_value(json_object_get(it, "version")), 2 - (json_int_t)i);
		assert_string_equal(json_string_value(json_object_get(it, "note")), notes[i]);
		assert_string_equal(json_string_value(json_object_get(it, "created_by_name")), "Hilde Sandvik");
		assert_int_equal(json_integer_value(json_object_get(it, "created_at")), (json_int_t)timegm(&on[i]));
	}
	json_decref(j);
	struct http_res res;
	snprintf(path, sizeof path, "/reports/costs?year=%d", year);
	assert_int_equal(http_get(s, path, leder.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<th scope=\"col\">Entered</th><th scope=\"col\">Entered by</th>"));
	char row[128];
	snprintf(row, sizeof row, "<td>Accounts</td><td>%d-02-15 ", year + 1);
	assert_true(res_contains(&res, row));
	snprintf(row, sizeof row, "<td>Budget</td><td>%d-12-15 ", year - 1);
	assert_true(res_contains(&res, row));
	assert_true(res_contains(&res, "</td><td>Hilde Sandvik</td></tr>"));
	http_res_free(&res);
}

/* For every contact person of the demo, Today's overdue count is the
 * count of their caseload figures (one rule, followup_overdue). */
static void
test_today_and_caseload_agree(void **state)
{
	struct server *s = *state;
	static const char *const users[] = {"leder", "kontakt1", "kontakt2", "kontakt3", "kontakt4",
					    "kontakt5", "kontakt6", "kontakt7"};
	json_int_t sum = 0;
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		struct session u;
		assert_int_equal(sign_in(s, users[i], DEMO_PASSWORD, &u), 0);
		json_t *today = NULL, *figures = NULL;
		assert_int_equal(api_on(s, &u, "/api/v1/today", NULL, &today), 200);
		assert_int_equal(api_on(s, &u, "/api/v1/caseloads", NULL, &figures), 200);
		json_int_t on_today = json_integer_value(json_object_get(json_object_get(today, "counts"), "overdue"));
		json_t *mine = json_array_get(json_object_get(figures, "items"), 0);
		if (strcmp(users[i], "leder") == 0) {
			/* The leader sees everyone: find her own line. */
			json_t *me = NULL;
			assert_int_equal(api_on(s, &u, "/api/v1/me", NULL, &me), 200);
			json_int_t id = json_integer_value(json_object_get(me, "id"));
			json_decref(me);
			json_decref(figures);
			figures = NULL;
			assert_int_equal(api_on(s, &u, "/api/v1/caseloads?per_page=100", NULL, &figures), 200);
			size_t k;
			json_t *it;
			mine = NULL;
			json_array_foreach(json_object_get(figures, "items"), k, it)
				if (json_integer_value(json_object_get(it, "id")) == id)
					mine = it;
		}
		assert_non_null(mine);
		json_int_t counted = json_integer_value(json_object_get(mine, "overdue"));
		if (on_today != counted)
			fail_msg("%s: Today shows %lld overdue, the caseload figures %lld", users[i],
				 (long long)on_today, (long long)counted);
		sum += counted;
		json_decref(today);
		json_decref(figures);
	}
	/* The demo gives kontakt1 something overdue, so this compared numbers. */
	assert_true(sum > 0);
}

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	struct server *s = *state;
	const char *args[] = {"demo", "--password", DEMO_PASSWORD, NULL};
	if (cli_run(s, NULL, args) != 0)
		return -1;
	if (sign_in(s, "leder", DEMO_PASSWORD, &leder) != 0 || session_set_lang(s, &leder, "en") != 0)
		return -1;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_participant_saves_through_form),
		cmocka_unit_test(test_demo_participant_saves_through_api),
		cmocka_unit_test(test_demo_analyst),
		cmocka_unit_test(test_demo_costs_dated),
		cmocka_unit_test(test_today_and_caseload_agree),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
