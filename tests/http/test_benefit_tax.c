/*
 * test_benefit_tax.c — what a stored benefit statement says of its tax, for
 * each way rule 9 took it (domain/benefit.h): a tax card's table found in
 * the year's imported tables; a table not imported for the year; a table
 * imported without a row for the gross; a percentage; no tax card. The
 * statement's page says what was done, from the warning the run recorded
 * (a table not found was 50 %, and says so, where it said the table was
 * looked up); the finance officer and the leader see it flagged above the
 * statement, a contact person does not; no amount changes.
 *
 * The run is approved (a contact person reads only approved statements).
 * The month is the one that ended three months ago, so the test holds
 * whenever it runs.
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
#include <unistd.h>

#include "api.h"
#include "harness.h"

#define PASSWORD "benefit tax password 1"

static struct {
	struct server *s;
	struct session admin, leader, fin, fin2, kari;
	long long kari_id;
	long long found, missing, no_row, percent, none;
	char month[32], start[32], year[16];
	bool halved;                  /* June or December */
} fx;

/* A participant registered by the leader with Kari as contact person,
 * enrolled from the first of the month. */
static long long
enrolled(const char *family, const char *tax)
{
	char body[512], path[128];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"Amina\",\"family_name\":\"%s\",\"birth_date\":\"1990-04-02\","
		 "\"gender\":\"female\",\"bank_account\":\"8601.11.17947\"%s}", family, tax);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, "/api/v1/participants", body, &j);
	if (st != 201)
		fail_msg("POST /api/v1/participants: %ld %s", st, j ? json_dumps(j, 0) : "");
	long long id = json_id(j, "id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", id);
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"x\"}", fx.kari_id);
	st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", id);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.start);
	st = api_send_json(&fx.leader, path, body, &j);
	if (st != 201 && st != 200)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	return id;
}

/* The id of the participant's one statement, and its tax in øre. */
static long long
statement_of(long long participant, long long *tax_ore)
{
	char path[128];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits", participant);
	assert_int_equal(api_get(&fx.fin, path, &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	long long sid = json_id(json_array_get(items, 0), "id");
	*tax_ore = json_id(json_array_get(items, 0), "tax_ore");
	json_decref(j);
	return sid;
}

/* The text of the element with id (up to its first '<'), malloc'd, from
 * the statement's page as sess sees it; NULL when the page has none. */
static char *
page_text(struct session *sess, long long participant, long long sid, const char *id, bool *flagged)
{
	char path[128], marker[64];
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/benefits/%lld", participant, sid);
	assert_int_equal(http_get(fx.s, path, sess->cookie, &res), 0);
	if (res.status != 200)
		fail_msg("GET %s as %s: %ld", path, sess == &fx.fin ? "finance" : sess == &fx.leader ? "leader" : "kari",
			 res.status);
	snprintf(marker, sizeof marker, "id=\"%s\">", id);
	char *t = text_after(res.body, marker, '<');
	*flagged = res_contains(&res, "id=\"statement-warnings\"");
	http_res_free(&res);
	return t;
}

struct tax_case {
	const char *name;
	long long *participant;
	long long tax_ore;            /* halved: the table's in June and December */
	const char *how;              /* a format: %s the year */
	const char *flag;             /* the finance officer's flag, a format as how;
				       * NULL: none; "": another warning's */
};

static void
test_explained(void **state)
{
	(void)state;
	char how[600], flag[600];
	const struct tax_case cases[] = {
		{"found", &fx.found, fx.halved ? 200000 : 400000,
		 "Your tax card gives table 7100: the amount is looked up in the table for the gross (halved in June "
		 "and December).",
		 NULL},
		{"missing", &fx.missing, 750000,
		 "Your tax card gives table 7101, but the tax tables we had for %s held no amount in that table for "
		 "this gross. So 50 %% of the gross, rounded down to whole kroner, was withheld instead, as when there "
		 "is no tax card. The tax office settles any difference at the end of the year.",
		 "Table 7101 of the tax card held no amount for this gross in the tax tables loaded for %s, so 50 %% "
		 "was withheld. Check the table number on the tax card, and that the year"},
		{"no row", &fx.no_row, 750000,
		 "Your tax card gives table 7102, but the tax tables we had for %s held no amount in that table for "
		 "this gross. So 50 %% of the gross, rounded down to whole kroner, was withheld instead, as when there "
		 "is no tax card. The tax office settles any difference at the end of the year.",
		 "Table 7102 of the tax card held no amount for this gross in the tax tables loaded for %s, so 50 %% "
		 "was withheld. Check the table number on the tax card, and that the year"},
		{"percent", &fx.percent, 450000,
		 "Your tax card says 30 %%: that share of the gross, rounded down to whole kroner, is withheld.", NULL},
		{"none", &fx.none, 750000,
		 "We have no tax card for you, so the law requires us to withhold 50 %%. Ask the tax office for a tax "
		 "card and give it to your contact person.",
		 ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct tax_case *c = &cases[i];
		long long tax = 0;
		long long sid = statement_of(*c->participant, &tax);
		if (tax != c->tax_ore)
			fail_msg("%s: tax %lld øre, want %lld", c->name, tax, c->tax_ore);
		snprintf(how, sizeof how, c->how, fx.year);
		bool flagged = false;
		/* the finance officer: the explanation, and the flag */
		char *t = page_text(&fx.fin, *c->participant, sid, "statement-tax-how", &flagged);
		assert_non_null(t);
		if (strcmp(t, how) != 0)
			fail_msg("%s: the statement says \"%s\", want \"%s\"", c->name, t, how);
		free(t);
		if (flagged != (c->flag != NULL))
			fail_msg("%s: flagged %d for the finance officer", c->name, flagged);
		if (c->flag != NULL && c->flag[0] != '\0') {
			snprintf(flag, sizeof flag, c->flag, fx.year);
			t = page_text(&fx.fin, *c->participant, sid, "statement-tax-flag", &flagged);
			assert_non_null(t);
			if (strncmp(t, flag, strlen(flag)) != 0)
				fail_msg("%s: the flag says \"%s\", want \"%s…\"", c->name, t, flag);
			free(t);
			/* the leader reads the benefits: the same flag */
			t = page_text(&fx.leader, *c->participant, sid, "statement-tax-flag", &flagged);
			assert_non_null(t);
			assert_true(strncmp(t, flag, strlen(flag)) == 0);
			free(t);
		}
		/* the contact person: the same explanation, no flag */
		t = page_text(&fx.kari, *c->participant, sid, "statement-tax-how", &flagged);
		assert_non_null(t);
		assert_string_equal(t, how);
		free(t);
		assert_false(flagged);
	}
}

/* The statement's API keeps saying which warning it was. */
static void
test_api_warning(void **state)
{
	(void)state;
	char path[128];
	long long tax = 0;
	long long sid = statement_of(fx.missing, &tax);
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/%lld", fx.missing, sid);
	assert_int_equal(api_get(&fx.fin, path, &j), 200);
	json_t *w = json_object_get(j, "warnings");
	assert_int_equal(json_array_size(w), 1);
	assert_string_equal(json_string_value(json_array_get(w, 0)), "tax_table_not_found");
	json_decref(j);
	sid = statement_of(fx.found, &tax);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/%lld", fx.found, sid);
	assert_int_equal(api_get(&fx.fin, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "warnings")), 0);
	json_decref(j);
}

/* ---- setup ---- */

static bool
month(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1 - 3;
	if (m < 1) {
		m += 12;
		y--;
	}
	snprintf(fx.month, sizeof fx.month, "%04d-%02d", y, m);
	snprintf(fx.start, sizeof fx.start, "%04d-%02d-01", y, m);
	snprintf(fx.year, sizeof fx.year, "%04d", y);
	fx.halved = m == 6 || m == 12;
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"finn.finance", "Finn Finans", "finance", &fx.fin},
		{"frida.finance", "Frida Finans", "finance", &fx.fin2},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", month);
}

/* The year's tables (7100 for any gross up to 99 999 kr: 4 000 kr; 7102
 * only up to 999 kr), the participants, and the month run. */
static void
test_run(void **state)
{
	(void)state;
	char csv[64];
	snprintf(csv, sizeof csv, "/tmp/sc-test-tax-%d.csv", (int)getpid());
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("table,from_kr,to_kr,withholding_kr\n7100,0,99999,4000\n7102,0,999,0\n", f);
	fclose(f);
	const char *import[] = {"benefit", "tax-table", "import", "--year", fx.year, csv, NULL};
	assert_int_equal(cli_run(fx.s, NULL, import), 0);
	unlink(csv);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/me", &j), 200);
	fx.kari_id = json_id(j, "id");
	json_decref(j);
	fx.found = enrolled("Funnet", ",\"tax_table\":\"7100\"");
	fx.missing = enrolled("Mangler", ",\"tax_table\":\"7101\"");
	fx.no_row = enrolled("Utenrad", ",\"tax_table\":\"7102\"");
	fx.percent = enrolled("Prosent", ",\"tax_percent\":30");
	fx.none = enrolled("Ingen", "");
	char body[64];
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", fx.month);
	assert_int_equal(api_send_json(&fx.fin, "/api/v1/benefits/runs", body, &j), 201);
	assert_int_equal(json_id(j, "statements"), 5);
	assert_int_equal(json_id(j, "warnings"), 3);
	long long run = json_id(j, "id");
	json_decref(j);
	/* approved by the second officer: the contact person reads it then */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/approve", run);
	assert_int_equal(api_send_json(&fx.fin2, path, "{}", &j), 200);
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_explained),
		cmocka_unit_test(test_api_warning),
	};
	return harness_status(cmocka_run_group_tests_name("benefit_tax", tests, setup, group_server_teardown));
}
