/*
 * test_benefit_rules.c — the benefit rules as a finance officer keeps them
 * (issue 11, section 1), pages and API: a G or a parameter entered wrongly
 * is put right by a new version from the same date, which takes over (the
 * history keeps both, with who and when; the month uses the newest), the
 * answer says so and gives who and when; G is bounded (50 000 to 1 000 000
 * kr, from 1967); the page and the API show the schemes' dated kinds of
 * other income and the years with tax tables imported (tables, rows, when
 * and by whom).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "harness.h"

#define PASSWORD "benefit rules password 1"

static struct {
	struct server *s;
	struct session admin, leader, fin1, fin2;
} fx;

/* The G versions (newest first) of GET /api/v1/benefits/rules; the caller
 * frees *all. */
static json_t *
g_list(json_t **all)
{
	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/rules", all), 200);
	return json_object_get(*all, "g");
}

/* The base of kvp's 2027-05 for someone over 25 all month, by the
 * calculator (the G in force on 2027-05-01). */
static long long
kvp_may_base(void)
{
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/calc",
				       "{\"scheme\":\"kvp\",\"month\":\"2027-05\",\"birth_date\":\"1980-01-01\","
				       "\"programme\":{\"start\":\"2027-01-01\"}}",
				       &j),
			 200);
	json_t *line = json_array_get(json_object_get(j, "lines"), 0);
	assert_string_equal(json_str(line, "code"), "base");
	long long base = json_id(line, "amount_ore");
	json_decref(j);
	return base;
}

/* A G typed wrongly (134 300 for 143 000) put right by another officer for
 * the same date: both kept, the newest in force. */
static void
test_g_put_right(void **state)
{
	(void)state;
	json_t *j = NULL, *all = NULL;
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/g",
				       "{\"valid_from\":\"2027-05-01\",\"g_kr\":134300}", &j),
			 201);
	assert_int_equal(json_id(j, "g_kr"), 134300);
	assert_true(json_id(j, "created_at") > 0);
	assert_string_equal(json_str(j, "created_by_name"), "Finn Finans");
	assert_true(json_is_false(json_object_get(j, "replaces")));
	assert_true(json_is_null(json_object_get(j, "corrects_from")));
	json_decref(j);
	assert_int_equal(kvp_may_base(), 2238333); /* 2 × 134 300 / 12 */
	assert_int_equal(api_send_json(&fx.fin2, "/api/v1/benefits/rules/g",
				       "{\"valid_from\":\"2027-05-01\",\"g_kr\":143000}", &j),
			 201);
	assert_int_equal(json_id(j, "g_kr"), 143000);
	assert_string_equal(json_str(j, "created_by_name"), "Frida Finans");
	assert_true(json_is_true(json_object_get(j, "replaces")));
	assert_string_equal(json_str(j, "note"),
			    "Saved. It takes over from the version from the same date; the history keeps both.");
	json_decref(j);
	assert_int_equal(kvp_may_base(), 2383333); /* 2 × 143 000 / 12 */
	json_t *g = g_list(&all);
	assert_int_equal(json_array_size(g), 6);
	json_t *now = json_array_get(g, 0), *old = json_array_get(g, 1);
	assert_string_equal(json_str(now, "valid_from"), "2027-05-01");
	assert_int_equal(json_id(now, "g_kr"), 143000);
	assert_string_equal(json_str(now, "created_by_name"), "Frida Finans");
	assert_true(json_is_false(json_object_get(now, "replaced")));
	assert_string_equal(json_str(old, "valid_from"), "2027-05-01");
	assert_int_equal(json_id(old, "g_kr"), 134300);
	assert_string_equal(json_str(old, "created_by_name"), "Finn Finans");
	assert_true(json_id(old, "created_at") > 0);
	assert_true(json_is_true(json_object_get(old, "replaced")));
	json_decref(all);
	assert_int_equal(api_audit_count(&fx.admin, "benefit_g.add", ""), 2);
	/* the page: both, the older marked */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/benefits/rules", fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "2027-05-01 <span class=\"muted replaced\">(replaced by a later version from "
				       "the same date)</span>"));
	http_res_free(&res);
	/* the form: again for the same date, said on the next page */
	post_form(&fx.fin1, "/benefits/rules/g", "valid_from=2027-05-01&g_kr=143001", &res);
	assert_int_equal(res.status, 303);
	assert_non_null(res_set_cookie(&res, "sc_flash"));
	assert_non_null(strstr(res_set_cookie(&res, "sc_flash"), "rule-replaced"));
	http_res_free(&res);
	assert_int_equal(kvp_may_base(), 2383350); /* 2 × 143 001 / 12 */
}

/* G of 1 kr from 1900-05-01 was taken: each bound named, nothing added. */
static void
test_g_bounds(void **state)
{
	(void)state;
	json_t *j = NULL, *all = NULL;
	size_t before = json_array_size(g_list(&all));
	json_decref(all);
	static const struct {
		const char *body, *field, *message;
	} bad[] = {
		{"{\"valid_from\":\"2031-05-01\",\"g_kr\":1}", "g_kr",
		 "Give G as whole kroner from 50 000 to 1 000 000, for example 130160."},
		{"{\"valid_from\":\"2031-05-01\",\"g_kr\":49999}", "g_kr",
		 "Give G as whole kroner from 50 000 to 1 000 000, for example 130160."},
		{"{\"valid_from\":\"2031-05-01\",\"g_kr\":1000001}", "g_kr",
		 "Give G as whole kroner from 50 000 to 1 000 000, for example 130160."},
		{"{\"valid_from\":\"1900-05-01\",\"g_kr\":150000}", "valid_from",
		 "G exists from 1967: give a date in 1967 or later."},
		{"{\"valid_from\":\"1966-05-01\",\"g_kr\":150000}", "valid_from",
		 "G exists from 1967: give a date in 1967 or later."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/g", bad[i].body, &j), 422);
		assert_string_equal(field_error(j, bad[i].field), bad[i].message);
		json_decref(j);
	}
	assert_int_equal(json_array_size(g_list(&all)), before);
	json_decref(all);
	/* the page says it beside the field */
	struct http_res res;
	post_form(&fx.fin1, "/benefits/rules/g", "valid_from=1900-05-01&g_kr=150000", &res);
	assert_int_equal(res.status, 422);
	bool said = res_contains(&res, "G exists from 1967: give a date in 1967 or later.");
	http_res_free(&res);
	assert_true(said);
	post_form(&fx.fin1, "/benefits/rules/g", "valid_from=2031-05-01&g_kr=1", &res);
	assert_int_equal(res.status, 422);
	said = res_contains(&res, "Give G as whole kroner from 50 000 to 1 000 000, for example 130160.");
	http_res_free(&res);
	assert_true(said);
	/* the bounds themselves are taken */
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/g",
				       "{\"valid_from\":\"1967-01-01\",\"g_kr\":50000}", NULL),
			 201);
}

/* A parameter put right for its date, as G. */
static void
test_parameter_put_right(void **state)
{
	(void)state;
	json_t *j = NULL;
	const char *path = "/api/v1/benefits/rules/bergen/parameters";
	assert_int_equal(api_send_json(&fx.fin1, path,
				       "{\"name\":\"child_rate_ore\",\"amount_ore\":29000,\"valid_from\":\"2030-01-01\"}",
				       &j),
			 201);
	assert_true(json_id(j, "created_at") > 0);
	assert_string_equal(json_str(j, "created_by_name"), "Finn Finans");
	assert_true(json_is_false(json_object_get(j, "replaces")));
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin2, path,
				       "{\"name\":\"child_rate_ore\",\"amount_ore\":2900,\"valid_from\":\"2030-01-01\"}",
				       &j),
			 201);
	assert_true(json_is_true(json_object_get(j, "replaces")));
	assert_string_equal(json_str(j, "created_by_name"), "Frida Finans");
	json_decref(j);
	/* the month uses the newest: 23 weekdays in January 2030 × 29 kr */
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/calc",
				       "{\"scheme\":\"bergen\",\"month\":\"2030-01\",\"birth_date\":\"1980-01-01\","
				       "\"programme\":{\"start\":\"2029-01-01\"},\"children\":[\"2020-01-01\"]}",
				       &j),
			 200);
	json_t *line = json_array_get(json_object_get(j, "lines"), 1);
	assert_string_equal(json_str(line, "code"), "child_supplement");
	assert_int_equal(json_id(line, "amount_ore"), 66700);
	json_decref(j);
	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/rules", &j), 200);
	json_t *h = json_object_get(json_object_get(json_object_get(j, "schemes"), "bergen"), "history");
	assert_int_equal(json_id(json_array_get(h, 0), "amount_ore"), 2900);
	assert_true(json_is_false(json_object_get(json_array_get(h, 0), "replaced")));
	assert_string_equal(json_str(json_array_get(h, 1), "valid_from"), "2030-01-01");
	assert_int_equal(json_id(json_array_get(h, 1), "amount_ore"), 29000);
	assert_true(json_is_true(json_object_get(json_array_get(h, 1), "replaced")));
	json_decref(j);
	assert_int_equal(api_audit_count(&fx.admin, "benefit_parameter.add", ""), 2);
}

/* The kinds of other income and the tax years, read-only. */
static void
test_kinds_and_tax_years(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/benefits/rules", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "tax_years")), 0);
	json_t *kinds = json_object_get(json_object_get(json_object_get(j, "schemes"), "kvp"), "kinds");
	assert_int_equal(json_array_size(kinds), 1);
	json_t *k = json_array_get(kinds, 0);
	assert_string_equal(json_str(k, "valid_from"), "2000-01-01");
	json_t *red = json_object_get(k, "reducing"), *rec = json_object_get(k, "recorded");
	assert_int_equal(json_array_size(red), 5);
	assert_int_equal(json_array_size(rec), 4);
	assert_string_equal(json_string_value(json_array_get(red, 0)), "aap");
	assert_string_equal(json_string_value(json_array_get(rec, 0)), "barnebidrag");
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/benefits/rules", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"kinds-bergen\""));
	assert_true(res_contains(&res, "Sickness benefit (sykepenger)"));
	assert_true(res_contains(&res, "id=\"tax-years-none\""));
	http_res_free(&res);
	/* a year imported from the command line: two tables, three rows */
	char csv[64];
	snprintf(csv, sizeof csv, "/tmp/sc-test-rules-%d.csv", (int)getpid());
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("table,from_kr,to_kr,withholding_kr\n7100,0,9999,0\n7100,10000,99999,4000\n7102,0,999,0\n", f);
	fclose(f);
	const char *import[] = {"benefit", "tax-table", "import", "--year", "2026", csv, NULL};
	assert_int_equal(cli_run(fx.s, NULL, import), 0);
	unlink(csv);
	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/rules", &j), 200);
	json_t *years = json_object_get(j, "tax_years");
	assert_int_equal(json_array_size(years), 1);
	json_t *y = json_array_get(years, 0);
	assert_int_equal(json_id(y, "year"), 2026);
	assert_int_equal(json_id(y, "tables"), 2);
	assert_int_equal(json_id(y, "rows"), 3);
	assert_true(json_id(y, "imported_at") > 0);
	assert_string_equal(json_str(y, "imported_by"), "cli");
	json_decref(j);
	assert_int_equal(http_get(fx.s, "/benefits/rules", fx.fin1.cookie, &res), 0);
	assert_true(res_contains(&res, "id=\"tax-years-list\""));
	assert_true(res_contains(&res, "<tr><td>2026</td><td class=\"num\">2</td><td class=\"num\">3</td>"));
	http_res_free(&res);
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"finn.finance", "Finn Finans", "finance", &fx.fin1},
		{"frida.finance", "Frida Finans", "finance", &fx.fin2},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_g_put_right),
		cmocka_unit_test(test_g_bounds),
		cmocka_unit_test(test_parameter_put_right),
		cmocka_unit_test(test_kinds_and_tax_years),
	};
	return harness_status(cmocka_run_group_tests_name("benefit_rules", tests, setup, group_server_teardown));
}
