/*
 * test_benefit_calc_page.c — the benefit calculator's page and its API twin
 * (issue 11, section 6; decision 75): the example month posted to
 * POST /api/v1/benefits/calc gives exactly what `secondchance benefit calc`
 * prints for it; each bad input of the issue is named by its member with
 * the command line's message and 422, every one at once (minutes and hours
 * within the month's); the page computes the same statement
 * from its form (kroner "1 000,00" and "5000.00") and says a bad field
 * beside it; nothing is stored (the runs and the audit trail through the
 * API); finance officers, leaders and contact persons may use it, a teacher
 * gets 403.
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

#define PASSWORD "calculator password 1"

static struct {
	struct server *s;
	struct session admin, leader, fin, kari, tom;
} fx;

/* The example month. */
static const char example[] =
	"{\"scheme\":\"kvp\",\"month\":\"2025-09\",\"birth_date\":\"1999-10-15\","
	"\"programme\":{\"start\":\"2025-09-10\",\"end\":\"2026-09-09\","
	"\"pauses\":[{\"from\":\"2025-09-22\",\"to\":\"2025-09-26\"}]},"
	"\"children\":[\"2010-09-20\"],\"unexcused_minutes\":450,"
	"\"work\":{\"gross_ore\":500000,\"hours\":20},"
	"\"other_income\":[{\"kind\":\"sykepenger\",\"amount_ore\":100000}],"
	"\"tax\":{\"percent\":30},\"outstanding_ore\":0}";

/* What `secondchance benefit calc` prints for it on a fresh database (the
 * figures worked by hand in test_benefit_calc.c: G 130 160 kr, 16 days, 10
 * weekdays, 20 of 75 hours). */
static const char example_out[] =
	"{\"lines\":[{\"code\":\"base\",\"amount_ore\":1156976,\"quantity\":16},"
	"{\"code\":\"child_supplement\",\"amount_ore\":27000,\"quantity\":10},"
	"{\"code\":\"absence\",\"amount_ore\":-105533,\"quantity\":450},"
	"{\"code\":\"work_income\",\"amount_ore\":-315727,\"quantity\":20},"
	"{\"code\":\"other_income\",\"amount_ore\":-100000,\"kind\":\"sykepenger\"}],"
	"\"gross_ore\":662716,\"tax_ore\":198800,\"recovery_ore\":0,\"net_ore\":463916,\"warnings\":[],"
	"\"rates\":{\"days\":16,\"weekdays\":10,\"month_amount_ore\":2169333,\"day_rate_ore\":72311,"
	"\"hour_rate_ore\":14071}}";

static void
test_api_example(void **state)
{
	(void)state;
	json_t *want = json_loads(example_out, 0, NULL);
	assert_non_null(want);
	const struct session *who[] = {&fx.fin, &fx.leader, &fx.kari};
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		json_t *j = NULL;
		assert_int_equal(api_send_json(who[i], "/api/v1/benefits/calc", example, &j), 200);
		if (!json_equal(j, want))
			fail_msg("got %s", json_dumps(j, JSON_COMPACT));
		json_decref(j);
	}
	json_decref(want);
}

struct bad_row {
	const char *input;
	const char *field, *message;
};

#define BASE "\"scheme\":\"kvp\",\"month\":\"2025-09\""
static const struct bad_row bad_rows[] = {
	{"{" BASE ",\"birth_date\":\"2025-10-01\",\"programme\":{\"start\":\"2025-09-10\"}}", "birth_date",
	 "The birth date is after the month."},
	{"{" BASE ",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\","
	 "\"pauses\":[{\"from\":\"2025-09-22\",\"to\":\"2025-09-20\"}]}}",
	 "programme.pauses[0]", "A pause's from is after its to."},
	{"{" BASE ",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},\"unexcused_minutes\":-5}",
	 "unexcused_minutes", "The minutes cannot be negative."},
	{"{" BASE ",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},\"unexcused_minutes\":\"450\"}",
	 "unexcused_minutes", "Must be a whole number."},
	{"{" BASE ",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},"
	 "\"other_income\":[{\"kind\":\"lottery\",\"amount_ore\":100}]}",
	 "other_income[0].kind", "Unknown kind of income."},
	{"{" BASE ",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"},\"bonus\":1}", "bonus",
	 "Unknown field."},
	{"{\"scheme\":\"nav\",\"month\":\"2025-09\",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-10\"}}",
	 "scheme", "There is no such scheme: choose bergen or kvp."},
};

static void
test_api_bad_inputs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		json_t *j = NULL;
		long status = api_send_json(&fx.fin, "/api/v1/benefits/calc", bad_rows[i].input, &j);
		const char *pairs[] = {bad_rows[i].field, bad_rows[i].message, NULL};
		if (status != 422 || !api_error_fields(j, "invalid", pairs))
			fail_msg("row %zu: %ld %s", i, status, j ? json_dumps(j, JSON_COMPACT) : "(no JSON)");
		json_decref(j);
	}
	/* not JSON at all: 400, as every API answers it */
	assert_int_equal(api_send_json(&fx.fin, "/api/v1/benefits/calc", "not json", NULL), 400);
}

/* The example as the form sends it: kroner as people write them. */
static const char example_form[] =
	"scheme=kvp&month=2025-09&birth_date=1999-10-15&start=2025-09-10&end=2026-09-09"
	"&pause_from1=2025-09-22&pause_to1=2025-09-26&pause_from2=&pause_to2=&child1=2010-09-20&child2="
	"&unexcused_minutes=450&work_gross=5000.00&work_hours=20&income_kind1=sykepenger"
	"&income_amount1=1+000%2C00&income_kind2=&income_amount2=&tax=percent&tax_percent=30&tax_table="
	"&outstanding=";

static void
test_page(void **state)
{
	(void)state;
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/benefits/calc", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<option value=\"sykepenger\">Sickness benefit (sykepenger)</option>"));
	assert_true(res_contains(&res, "<option value=\"barnetrygd\">"));
	assert_false(res_contains(&res, "id=\"statement\""));
	http_res_free(&res);

	post_form(&fx.kari, "/benefits/calc", example_form, &res);
	assert_int_equal(res.status, 200);
	/* the stored statement's lines: code, words, quantity, amount */
	char *net = text_after(res.body, "id=\"statement-net\">", '<');
	assert_non_null(net);
	assert_string_equal(net, "4\xE2\x80\xAF" "639,16\xC2\xA0kr");
	free(net);
	char *base = text_after(res.body, "<tr data-code=\"base\"><th scope=\"row\">", '<');
	assert_string_equal(base, "Benefit for the programme days");
	free(base);
	assert_true(res_contains(&res, "<tr data-code=\"other_income\"><th scope=\"row\">Other income (Sickness benefit (sykepenger))"));
	assert_true(res_contains(&res, "16 days"));
	assert_true(res_contains(&res, "450 minutes"));
	assert_true(res_contains(&res, "20.00 hours"));
	assert_true(res_contains(&res, "Your tax card says 30 %"));
	/* the form keeps what was typed */
	assert_true(res_contains(&res, "value=\"1 000,00\""));
	http_res_free(&res);

	/* a bad field is said beside its control, the form kept */
	post_form(&fx.fin, "/benefits/calc",
		  "scheme=kvp&month=2025-09&birth_date=2025-10-01&start=2025-09-10&tax=none", &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"birth_date-error\""));
	assert_true(res_contains(&res, "The birth date is after the month."));
	assert_false(res_contains(&res, "id=\"statement\""));
	http_res_free(&res);
	/* the second pause row's from after its to is named on that row */
	post_form(&fx.fin, "/benefits/calc",
		  "scheme=bergen&month=2025-09&birth_date=1990-01-01&start=2025-09-01&pause_from2=2025-09-22"
		  "&pause_to2=2025-09-20&tax=none",
		  &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"pause_from2-error\""));
	assert_true(res_contains(&res, "A pause&#39;s from is after its to."));
	http_res_free(&res);
	/* an amount that is not kroner */
	post_form(&fx.fin, "/benefits/calc",
		  "scheme=bergen&month=2025-09&birth_date=1990-01-01&start=2025-09-01&outstanding=12kr&tax=none", &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"outstanding-error\""));
	http_res_free(&res);
}

/* The tester's month: a child's birth date that is no day, a negative
 * salary and more unexcused minutes than September has (43 200) are said
 * at once, each beside its control, the form kept; the API names the
 * three members. The month's very minutes are taken. */
static void
test_all_errors_at_once(void **state)
{
	(void)state;
	struct http_res res;
	post_form(&fx.fin, "/benefits/calc",
		  "scheme=kvp&month=2025-09&birth_date=1990-01-01&start=2025-09-01&child1=2020-02-30"
		  "&work_gross=-100&unexcused_minutes=99999999999&tax=none",
		  &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"child1-error\""));
	assert_true(res_contains(&res, "2020-02-30 is not a date: February 2020 has 29 days."));
	assert_true(res_contains(&res, "id=\"work_gross-error\""));
	assert_true(res_contains(&res, "The amount cannot be negative."));
	assert_true(res_contains(&res, "id=\"unexcused_minutes-error\""));
	assert_true(res_contains(&res, "The month has only 43200 minutes."));
	assert_false(res_contains(&res, "id=\"statement\""));
	assert_true(res_contains(&res, "value=\"2020-02-30\""));
	assert_true(res_contains(&res, "value=\"-100\""));
	assert_true(res_contains(&res, "value=\"99999999999\""));
	http_res_free(&res);
	/* text the form cannot read beside what the rules refuse */
	post_form(&fx.fin, "/benefits/calc",
		  "scheme=kvp&month=2025-09&birth_date=2025-10-01&start=2025-09-01&work_hours=lots"
		  "&outstanding=12kr&tax=percent&tax_percent=x",
		  &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"birth_date-error\""));
	assert_true(res_contains(&res, "id=\"work_hours-error\""));
	assert_true(res_contains(&res, "Give the hours with at most two decimals, for example 20,5."));
	assert_true(res_contains(&res, "id=\"outstanding-error\""));
	assert_true(res_contains(&res, "id=\"tax_percent-error\""));
	assert_true(res_contains(&res, "Give a whole percentage from 0 to 100."));
	http_res_free(&res);
	/* 30 days' minutes and 720 hours are September's; one more is not */
	post_form(&fx.fin, "/benefits/calc",
		  "scheme=kvp&month=2025-09&birth_date=1990-01-01&start=2025-09-01&unexcused_minutes=43200"
		  "&work_hours=720&tax=none",
		  &res);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
	post_form(&fx.fin, "/benefits/calc",
		  "scheme=kvp&month=2025-09&birth_date=1990-01-01&start=2025-09-01&unexcused_minutes=43201"
		  "&work_hours=720%2C01&tax=none",
		  &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "The month has only 43200 minutes."));
	assert_true(res_contains(&res, "The month has only 720 hours."));
	http_res_free(&res);

	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.fin, "/api/v1/benefits/calc",
				       "{" BASE ",\"birth_date\":\"1990-01-01\",\"programme\":{\"start\":\"2025-09-01\"},"
				       "\"children\":[\"2012-01-01\",\"2020-02-30\"],\"work\":{\"gross_ore\":-10000},"
				       "\"unexcused_minutes\":99999999999,"
				       "\"other_income\":[{\"kind\":\"lottery\",\"amount_ore\":1000000000000001}]}",
				       &j),
			 422);
	const char *pairs[] = {"children[1]", "2020-02-30 is not a date: February 2020 has 29 days.",
			       "unexcused_minutes", "The month has only 43200 minutes.",
			       "work.gross_ore", "The amount cannot be negative.",
			       "other_income[0].kind", "Unknown kind of income.",
			       "other_income[0].amount_ore", "The amount is too large: at most 10 000 000 000 000 kr.",
			       NULL};
	assert_true(api_error_fields(j, "invalid", pairs));
	json_decref(j);
	/* an unknown month and scheme: the rest is checked all the same */
	assert_int_equal(api_send_json(&fx.fin, "/api/v1/benefits/calc",
				       "{\"scheme\":\"nav\",\"month\":\"2025-13\",\"birth_date\":\"1990-02-30\","
				       "\"programme\":{\"start\":\"2025-09-01\"},\"unexcused_minutes\":-1}",
				       &j),
			 422);
	const char *pairs2[] = {"month", "Give the month as YYYY-MM, for example 2025-09.",
				"birth_date", "1990-02-30 is not a date: February 1990 has 28 days.",
				"scheme", "There is no such scheme: choose bergen or kvp.",
				"unexcused_minutes", "The minutes cannot be negative.", NULL};
	assert_true(api_error_fields(j, "invalid", pairs2));
	json_decref(j);
}

/* Nothing is stored: no run, and the only trace is one audit entry of a
 * read per computation. */
static void
test_nothing_stored(void **state)
{
	(void)state;
	long long runs = api_total(&fx.fin, "/api/v1/benefits/runs");
	long long reads = api_total(&fx.admin, "/api/v1/audit?action=benefit_calc.read&per_page=200");
	assert_int_equal(api_send_json(&fx.fin, "/api/v1/benefits/calc", example, NULL), 200);
	struct http_res res;
	post_form(&fx.fin, "/benefits/calc", example_form, &res);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
	assert_int_equal(api_total(&fx.fin, "/api/v1/benefits/runs"), runs);
	assert_int_equal(api_total(&fx.admin, "/api/v1/audit?action=benefit_calc.read&per_page=200"), reads + 2);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.admin, "/api/v1/audit?action=benefit_calc.read&per_page=1", &j), 200);
	json_t *e = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "record_type")), "benefit_calc");
	assert_string_equal(json_string_value(json_object_get(e, "record_id")), "");
	assert_string_equal(json_string_value(json_object_get(e, "user")), "finn.finance");
	json_decref(j);
}

/* A teacher may not use it: 403 for the page, the form and the API. */
static void
test_refused(void **state)
{
	(void)state;
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/benefits/calc", fx.tom.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	post_form(&fx.tom, "/benefits/calc", example_form, &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(api_send_json(&fx.tom, "/api/v1/benefits/calc", example, NULL), 403);
	assert_int_equal(api_get(&fx.tom, "/api/v1/benefits/calc", NULL), 403);
	/* what the form offers, for those who may */
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/benefits/calc", &j), 200);
	json_t *kvp = json_object_get(json_object_get(j, "schemes"), "kvp");
	char *red = json_dumps(json_object_get(kvp, "reducing"), JSON_COMPACT);
	assert_string_equal(red, "[\"aap\",\"dagpenger\",\"foreldrepenger\",\"laerlingelonn\",\"sykepenger\"]");
	free(red);
	json_decref(j);
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"finn.finance", "Finn Finans", "finance", &fx.fin},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"tom.teacher", "Tom Teacher", "teacher", &fx.tom},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_example),
		cmocka_unit_test(test_api_bad_inputs),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_nothing_stored),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_all_errors_at_once),
	};
	return harness_status(cmocka_run_group_tests_name("benefit calculator", tests, setup, group_server_teardown));
}
