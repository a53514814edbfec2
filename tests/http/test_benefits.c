/*
 * test_benefits.c — the monthly benefit run through the real server, pages
 * and API (issue 11): the centre's payment settings and their bad inputs, a
 * month run by one finance officer (totals, warnings), refused to the same
 * officer's approval and to a leader, approved by a second; the payment
 * file validated against ISO 20022's pain.001.001.03 schema with xmllint,
 * its download audited, the participant without an account left out and
 * listed; the tax summary; the participant's statement page in Bokmål and
 * English and its API twin, shown to their contact person and to no other;
 * the run page and its refusals as pages; a pause recorded after a month
 * was approved on the finance officer's list of corrections.
 *
 * The months are those that ended two and three months ago, so the test
 * holds whenever it runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "harness.h"

#define PASSWORD "benefit password 1"

static struct {
	struct server *s;
	struct session admin, leader, fin1, fin2, kari, ola;
	long long kari_id;
	long long p1, p2;             /* p1: Kari's, account and 30 %; p2: neither */
	char m1[32], m2[32], start[32];/* three and two months ago; the first of m1 */
	long long run1;
} fx;

/* ---- helpers ---- */

static int
audit_count(const char *action, const char *record_id)
{
	return api_audit_count(&fx.admin, action, record_id);
}

/* A participant registered by the leader and enrolled from fx.start. */
static long long
enrolled(const char *family, const char *extra, long long contact_id)
{
	char body[512], path[128];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"Amina\",\"family_name\":\"%s\",\"birth_date\":\"1990-04-02\","
		 "\"gender\":\"female\"%s}", family, extra);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, "/api/v1/participants", body, &j);
	if (st != 201)
		fail_msg("POST /api/v1/participants: %ld %s", st, j ? json_dumps(j, 0) : "");
	long long id = json_id(j, "id");
	json_decref(j);
	if (contact_id > 0) {
		snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", id);
		snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"x\"}", contact_id);
		st = api_send_json(&fx.leader, path, body, &j);
		if (st != 200 && st != 201)
			fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", id);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.start);
	st = api_send_json(&fx.leader, path, body, &j);
	if (st != 201 && st != 200)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	return id;
}

/* The XSD beside the tests: from this file's path, made absolute from the
 * build directory the binary sits in when it is relative. */
static void
xsd_path(char *out, size_t cap)
{
	char file[512];
	snprintf(file, sizeof file, "%s", __FILE__);
	char *dir = dirname(file);
	if (dir[0] == '/') {
		snprintf(out, cap, "%s/../data/pain.001.001.03.xsd", dir);
		return;
	}
	char bin[512];
	snprintf(bin, sizeof bin, "%s", getenv("SC_BIN"));
	snprintf(out, cap, "%s/%s/../data/pain.001.001.03.xsd", dirname(bin), dir);
}

/* ---- the settings ---- */

static void
test_settings(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/settings", &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "default_scheme")), "bergen");
	assert_int_equal(json_id(j, "execution_day"), 20);
	assert_int_equal(json_id(j, "version"), 0);
	json_decref(j);
	/* bad inputs: each named, nothing saved */
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/settings",
				       "{\"default_scheme\":\"nav\",\"debtor_name\":\"\",\"debtor_account\":\"1234\","
				       "\"execution_day\":29,\"version\":0}",
				       &j),
			 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_non_null(json_object_get(fields, "default_scheme"));
	assert_non_null(json_object_get(fields, "debtor_account"));
	assert_non_null(json_object_get(fields, "execution_day"));
	assert_int_equal(json_object_size(fields), 3);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/settings",
				       "{\"default_scheme\":\"bergen\",\"debtor_name\":\"Senteret\","
				       "\"debtor_account\":\"12345678903\",\"execution_day\":12}",
				       &j),
			 422);
	fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "version")),
			    "Must be the version you read, a whole number.");
	json_decref(j);
	/* a leader reads, does not write */
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/benefits/settings",
				       "{\"default_scheme\":\"bergen\",\"debtor_name\":\"x\",\"debtor_account\":\"\","
				       "\"execution_day\":12,\"version\":0}",
				       NULL),
			 403);
	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/settings", &j), 200);
	assert_int_equal(json_id(j, "version"), 0);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/settings",
				       "{\"default_scheme\":\"bergen\",\"debtor_name\":\"Senteret\","
				       "\"debtor_account\":\"1234.56.78903\",\"execution_day\":12,\"version\":0}",
				       &j),
			 200);
	json_decref(j);
	/* a second save from the version read before is stale */
	assert_int_equal(api_send_json(&fx.fin2, "/api/v1/benefits/settings",
				       "{\"default_scheme\":\"bergen\",\"debtor_name\":\"Other\","
				       "\"debtor_account\":\"\",\"execution_day\":5,\"version\":0}",
				       &j),
			 409);
	json_decref(j);
	assert_int_equal(api_get(&fx.fin2, "/api/v1/benefits/settings", &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "debtor_name")), "Senteret");
	assert_string_equal(json_string_value(json_object_get(j, "debtor_account")), "12345678903");
	assert_int_equal(json_id(j, "execution_day"), 12);
	assert_int_equal(json_id(j, "version"), 1);
	json_decref(j);
}

/* ---- the run, four eyes, the payment file ---- */

static void
test_run_and_approve(void **state)
{
	(void)state;
	json_t *j = NULL;
	char body[256], path[200];
	/* bad months */
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/runs", "{\"month\":\"2026-13\"}", &j), 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "month")),
			    "Give the month as YYYY-MM, for example 2025-09.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/runs", "{\"month\":202609}", &j), 422);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/benefits/runs", "{\"month\":\"2025-01\"}", NULL), 403);
	/* the month not ended yet */
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	snprintf(body, sizeof body, "{\"month\":\"%04d-%02d\"}", tm.tm_year + 1900, tm.tm_mon + 1);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/runs", body, &j), 409);
	json_decref(j);
	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/runs", &j), 200);
	assert_int_equal(json_id(j, "total"), 0);
	json_decref(j);

	/* the month three months ago: two statements of 15 000 kr */
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", fx.m1);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/runs", body, &j), 201);
	fx.run1 = json_id(j, "id");
	assert_string_equal(json_string_value(json_object_get(j, "state")), "open");
	assert_int_equal(json_id(j, "statements"), 2);
	assert_int_equal(json_id(j, "gross_ore"), 3000000);
	assert_int_equal(json_id(j, "tax_ore"), 1200000);   /* 30 % and 50 % without tax information */
	assert_int_equal(json_id(j, "net_ore"), 1800000);
	assert_int_equal(json_id(j, "warnings"), 1);
	assert_int_equal(json_id(j, "payable"), 1);
	json_decref(j);
	/* a second run of the month is refused */
	assert_int_equal(api_send_json(&fx.fin2, "/api/v1/benefits/runs", body, &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "This month has a run already: approve or discard it first.");
	json_decref(j);

	/* the run with its statements; the one with warnings */
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld?list=warnings", fx.run1);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_int_equal(json_id(j, "total"), 1);
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_id(it, "participant_id"), fx.p2);
	json_t *w = json_object_get(it, "warnings");
	assert_int_equal(json_array_size(w), 2);
	assert_string_equal(json_string_value(json_array_get(w, 0)), "no_tax_information");
	assert_string_equal(json_string_value(json_array_get(w, 1)), "no_bank_account");
	json_decref(j);

	/* four eyes: not the one who ran it; not a leader; another officer */
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/approve", fx.run1);
	assert_int_equal(api_send_json(&fx.fin1, path, "{}", &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "conflict");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "Another finance officer must approve the run: you started it.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, path, "{}", NULL), 403);
	/* the payment file waits for approval */
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/payment-file", fx.run1);
	assert_int_equal(api_get(&fx.fin2, path, NULL), 409);
	/* the page says why fin1 cannot approve */
	struct http_res res;
	snprintf(path, sizeof path, "/benefits/runs/%lld", fx.run1);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"four-eyes\""));
	assert_false(res_contains(&res, "id=\"run-approve\""));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, path, fx.fin2.cookie, &res), 0);
	assert_true(res_contains(&res, "id=\"run-approve\""));
	http_res_free(&res);
	/* approved by the second officer through the page */
	snprintf(path, sizeof path, "/benefits/runs/%lld/approve", fx.run1);
	post_form(&fx.fin2, path, "", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld", fx.run1);
	assert_int_equal(api_get(&fx.fin1, path, &j), 200);
	json_t *run = json_object_get(j, "run");
	assert_string_equal(json_string_value(json_object_get(run, "state")), "approved");
	assert_string_equal(json_string_value(json_object_get(run, "approved_by_name")), "Frida Finans");
	json_decref(j);
	char id[24];
	snprintf(id, sizeof id, "%lld", fx.run1);
	assert_int_equal(audit_count("benefit_run.approve", id), 1);
	/* approved: not again, not discarded */
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/approve", fx.run1);
	assert_int_equal(api_send_json(&fx.fin2, path, "{}", NULL), 409);
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/discard", fx.run1);
	assert_int_equal(api_send_json(&fx.fin1, path, "{}", NULL), 409);
	/* nor run again: what changes comes later */
	assert_int_equal(api_send_json(&fx.fin2, "/api/v1/benefits/runs", body, &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "This month's run is approved: a change to the month comes in the next month's run.");
	json_decref(j);

	/* the payment file: valid pain.001.001.03, one payment, audited */
	snprintf(path, sizeof path, "/benefits/runs/%lld/payment-file", fx.run1);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res_header(&res, "Content-Type"), "application/xml"));
	assert_true(res_contains(&res, "<NbOfTxs>1</NbOfTxs>"));
	assert_true(res_contains(&res, "<CtrlSum>10500.00</CtrlSum>"));
	assert_true(res_contains(&res, "<IBAN>NO9386011117947</IBAN>"));
	assert_true(res_contains(&res, "<IBAN>NO7112345678903</IBAN>"));
	assert_true(res_contains(&res, "<InstdAmt Ccy=\"NOK\">10500.00</InstdAmt>"));
	char file[512], xsd[600], cmd[1400];
	snprintf(file, sizeof file, "%s/payments.xml", fx.s->dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fwrite(res.body, 1, res.body_len, f);
	fclose(f);
	http_res_free(&res);
	xsd_path(xsd, sizeof xsd);
	assert_int_equal(access(xsd, R_OK), 0);
	snprintf(cmd, sizeof cmd, "xmllint --noout --schema '%s' '%s' 2>/dev/null", xsd, file);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(audit_count("benefit_payment.download", id), 1);
	/* the one left out is listed on the run page */
	snprintf(path, sizeof path, "/benefits/runs/%lld", fx.run1);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	assert_true(res_contains(&res, "id=\"left-out\""));
	assert_true(res_contains(&res, "Nokonto, Amina"));
	http_res_free(&res);

	/* the tax summary */
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/tax", fx.run1);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_int_equal(json_id(j, "tax_ore"), 1200000);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_int_equal(json_id(j, "total"), 2);
	json_decref(j);
	/* a page of one: the second statement by name, the month's totals */
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/tax?per_page=1&page=2", fx.run1);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(json_id(j, "total"), 2);
	assert_int_equal(json_id(j, "page"), 2);
	assert_int_equal(json_id(j, "tax_ore"), 1200000);
	const char *second = json_str(json_array_get(json_object_get(j, "items"), 0), "participant_name");
	json_t *both = NULL;
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/tax", fx.run1);
	assert_int_equal(api_get(&fx.leader, path, &both), 200);
	assert_string_equal(second, json_str(json_array_get(json_object_get(both, "items"), 1), "participant_name"));
	json_decref(both);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/tax?per_page=0", fx.run1);
	assert_int_equal(api_get(&fx.leader, path, NULL), 400);
	/* the page says how many, under the month's total */
	snprintf(path, sizeof path, "/benefits/runs/%lld/tax", fx.run1);
	assert_int_equal(http_get(fx.s, path, fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "2 statements, by name; the totals are the whole month"));
	assert_true(res_contains(&res, "id=\"tax-total\""));
	assert_false(res_contains(&res, "class=\"pager\""));
	http_res_free(&res);
}

/* ---- the participant's statement ---- */

static void
test_statement(void **state)
{
	(void)state;
	char path[200];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits", fx.p1);
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	long long sid = json_id(json_array_get(items, 0), "id");
	assert_int_equal(json_id(json_array_get(items, 0), "net_ore"), 1050000);
	json_decref(j);
	/* another contact person's participant is not there */
	assert_int_equal(api_get(&fx.ola, path, NULL), 404);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/%lld", fx.p1, sid);
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	json_t *lines = json_object_get(j, "lines");
	/* the month's four lines, as the calculator writes them */
	static const char *const codes[] = {"base", "child_supplement", "absence", "work_income"};
	static const long long amounts[] = {1500000, 0, 0, 0};
	assert_int_equal(json_array_size(lines), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *l = json_array_get(lines, i);
		assert_string_equal(json_string_value(json_object_get(l, "code")), codes[i]);
		assert_int_equal(json_id(l, "amount_ore"), amounts[i]);
	}
	/* the days of the month: the whole month */
	int y = atoi(fx.m1), m = atoi(fx.m1 + 5);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int days = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	assert_int_equal(json_id(json_array_get(lines, 0), "quantity"), days);
	assert_int_equal(json_id(j, "tax_ore"), 450000);
	assert_int_equal(json_id(j, "net_ore"), 1050000);
	json_decref(j);
	/* the statement of another participant under this one's id: not found */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/%lld", fx.p2, sid);
	assert_int_equal(api_get(&fx.fin1, path, NULL), 404);
	/* the page in English and in Bokmål */
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/benefits/%lld", fx.p1, sid);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Paid to your account"));
	assert_true(res_contains(&res, "10\xE2\x80\xAF" "500,00"));
	assert_true(res_contains(&res, "Your tax card says 30 %"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.kari, "nb"), 0);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_int_equal(session_set_lang(fx.s, &fx.kari, "en"), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<html lang=\"nb\">"));
	assert_true(res_contains(&res, "Oversikt"));
	assert_true(res_contains(&res, "10\xE2\x80\xAF" "500,00"));
	http_res_free(&res);
	/* the participant page shows the tab */
	snprintf(path, sizeof path, "/participants/%lld", fx.p1);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	snprintf(path, sizeof path, "href=\"/participants/%lld/benefits\"", fx.p1);
	assert_true(res_contains(&res, path));
	http_res_free(&res);
}

/* ---- the runs page and its refusals as pages ---- */

static void
test_pages(void **state)
{
	(void)state;
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/benefits", fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"run-form\""));
	assert_true(res_contains(&res, fx.m1));
	http_res_free(&res);
	/* a leader reads the runs without the form; a contact person not at all */
	assert_int_equal(http_get(fx.s, "/benefits", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "id=\"run-form\""));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/benefits", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	/* a bad month as a page: the form again with the message, nothing run */
	post_form(&fx.fin1, "/benefits/runs", "month=2026-1", &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Give the month as YYYY-MM, for example 2025-09."));
	http_res_free(&res);
	/* a skipped month: last month waits for the one before, named, on the
	 * page and through the API; nothing run */
	char body[64], path[128];
	int ly = atoi(fx.m2), lm = atoi(fx.m2 + 5) + 1;
	if (lm > 12)
		ly++, lm = 1;
	char want[80];
	snprintf(want, sizeof want, "Run %s first: months are paid in order.", fx.m2);
	snprintf(body, sizeof body, "month=%04d-%02d", ly, lm);
	post_form(&fx.fin1, "/benefits/runs", body, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	json_t *gap = NULL;
	snprintf(body, sizeof body, "{\"month\":\"%04d-%02d\"}", ly, lm);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/runs", body, &gap), 409);
	json_t *gapf = json_object_get(json_object_get(gap, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(gapf, "month")), want);
	json_decref(gap);
	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/runs", &gap), 200);
	assert_int_equal(json_id(gap, "total"), 1);
	json_decref(gap);
	/* the next month run through the page, then discarded */
	snprintf(body, sizeof body, "month=%s", fx.m2);
	post_form(&fx.fin1, "/benefits/runs", body, &res);
	assert_int_equal(res.status, 303);
	const char *loc = res_header(&res, "Location");
	assert_non_null(loc);
	long long run2 = atoll(loc + strlen("/benefits/runs/"));
	http_res_free(&res);
	/* the other officer's home: one run waits for their approval; the
	 * one who ran it waits for nobody; a leader sees no such section */
	assert_int_equal(http_get(fx.s, "/", fx.fin2.cookie, &res), 0);
	assert_true(res_contains(&res, "id=\"benefit-home\""));
	assert_true(res_contains(&res, "Runs waiting for your approval</a>: <strong>1</strong>"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/", fx.fin1.cookie, &res), 0);
	assert_true(res_contains(&res, "Runs waiting for your approval</a>: <strong>0</strong>"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/", fx.leader.cookie, &res), 0);
	assert_false(res_contains(&res, "id=\"benefit-home\""));
	http_res_free(&res);
	snprintf(path, sizeof path, "/benefits/runs/%lld/discard", run2);
	post_form(&fx.fin1, path, "", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld", run2);
	assert_int_equal(api_get(&fx.fin2, path, &j), 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "run"), "state")), "discarded");
	json_decref(j);
	/* an unknown run */
	assert_int_equal(api_get(&fx.fin2, "/api/v1/benefits/runs/999999", NULL), 404);
	assert_int_equal(http_get(fx.s, "/benefits/runs/999999", fx.fin2.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
}

/* ---- the rules ---- */

static void
test_rules(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/benefits/rules", &j), 200);
	json_t *bergen = json_object_get(json_object_get(j, "schemes"), "bergen");
	assert_int_equal(json_id(bergen, "month_amount_ore"), 1500000);
	assert_int_equal(json_id(bergen, "child_rate_ore"), 2700);
	assert_int_equal(json_id(bergen, "recovery_percent"), 50);
	size_t ng = json_array_size(json_object_get(j, "g"));
	assert_int_equal(ng, 4);
	json_decref(j);
	/* bad inputs, each named; nothing added */
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/g", "{\"valid_from\":\"2030-05-01\",\"g_kr\":\"x\"}",
				       &j),
			 422);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/g", "{\"valid_from\":\"2030-02-30\",\"g_kr\":0}",
				       &j),
			 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_non_null(json_object_get(fields, "valid_from"));
	assert_string_equal(json_string_value(json_object_get(fields, "g_kr")),
			    "Give G as whole kroner from 50 000 to 1 000 000, for example 130160.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/benefits/rules/g",
				       "{\"valid_from\":\"2030-05-01\",\"g_kr\":150000}", NULL),
			 403);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/nav/parameters",
				       "{\"name\":\"child_rate_ore\",\"amount_ore\":2800,\"valid_from\":\"2030-01-01\"}", NULL),
			 404);
	/* a new version; one from the same date takes over (test_benefit_rules.c) */
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/g",
				       "{\"valid_from\":\"2030-05-01\",\"g_kr\":151000}", &j),
			 201);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/g",
				       "{\"valid_from\":\"2030-05-01\",\"g_kr\":150000}", &j),
			 201);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/rules/bergen/parameters",
				       "{\"name\":\"child_rate_ore\",\"amount_ore\":2800,\"valid_from\":\"2030-01-01\"}", &j),
			 201);
	json_decref(j);
	assert_int_equal(api_get(&fx.fin2, "/api/v1/benefits/rules", &j), 200);
	json_t *g = json_object_get(j, "g");
	assert_int_equal(json_array_size(g), 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(g, 0), "valid_from")), "2030-05-01");
	assert_int_equal(json_id(json_array_get(g, 0), "g_kr"), 150000);
	assert_string_equal(json_string_value(json_object_get(json_array_get(g, 0), "created_by_name")), "Finn Finans");
	assert_int_equal(json_id(json_array_get(g, 1), "g_kr"), 151000);
	assert_int_equal(json_id(json_array_get(g, 2), "g_kr"), 136549);
	json_t *h = json_object_get(json_object_get(json_object_get(j, "schemes"), "bergen"), "history");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "valid_from")), "2030-01-01");
	assert_int_equal(json_id(json_array_get(h, 0), "amount_ore"), 2800);
	/* today's rate is still the old one */
	assert_int_equal(json_id(json_object_get(json_object_get(j, "schemes"), "bergen"), "child_rate_ore"), 2700);
	json_decref(j);
	/* the page */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/benefits/rules", fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"g-form\""));
	assert_true(res_contains(&res, "2030-05-01"));
	http_res_free(&res);
}

/* ---- late income: a correction and recovery ---- */

static void
test_late_income_corrected(void **state)
{
	(void)state;
	char path[200], body[400];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income", fx.p1);
	/* bad inputs, each named */
	assert_int_equal(api_send_json(&fx.fin1, path,
				       "{\"kind\":\"lottery\",\"month_from\":\"2026-1\",\"amount_ore\":-5}", &j),
			 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_non_null(json_object_get(fields, "kind"));
	assert_non_null(json_object_get(fields, "month_from"));
	assert_non_null(json_object_get(fields, "amount_ore"));
	json_decref(j);
	/* the page's form offers the kinds as a list, in the reader's words */
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/benefits", fx.p1);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<select id=\"kind\" name=\"kind\""));
	assert_true(res_contains(&res, "<option value=\"sykepenger\">Sickness benefit (sykepenger)</option>"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income", fx.p1);
	/* a contact person may not report it */
	snprintf(body, sizeof body, "{\"kind\":\"sykepenger\",\"month_from\":\"%s\",\"amount_ore\":2000000}", fx.m1);
	assert_int_equal(api_send_json(&fx.kari, path, body, NULL), 403);
	/* sick pay of 20 000 kr for the approved month, reported late */
	assert_int_equal(api_send_json(&fx.fin1, path, body, &j), 201);
	json_decref(j);
	/* the next month: the approved month recomputed to nothing, its 10 500
	 * kr claimed, half of this month's 10 500 kr after tax recovered */
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", fx.m2);
	assert_int_equal(api_send_json(&fx.fin1, "/api/v1/benefits/runs", body, &j), 201);
	long long run2 = json_id(j, "id");
	assert_int_equal(json_id(j, "claims_ore"), 1050000);
	assert_int_equal(json_id(j, "recovery_ore"), 525000);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld?list=corrections", run2);
	assert_int_equal(api_get(&fx.fin2, path, &j), 200);
	assert_int_equal(json_id(j, "total"), 1);
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_id(it, "participant_id"), fx.p1);
	long long sid = json_id(it, "id");
	assert_int_equal(json_id(it, "net_ore"), 525000);
	assert_int_equal(json_id(it, "outstanding_after_ore"), 525000);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/benefits/runs/%lld/approve", run2);
	assert_int_equal(api_send_json(&fx.fin2, path, "{}", NULL), 200);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/%lld", fx.p1, sid);
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	json_t *claims = json_object_get(j, "claims");
	assert_int_equal(json_array_size(claims), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(claims, 0), "month")), fx.m1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(claims, 0), "causes")), "other_income");
	assert_int_equal(json_id(json_array_get(claims, 0), "amount_ore"), 1050000);
	long long recomputed = json_id(json_array_get(claims, 0), "recomputed_id");
	assert_true(recomputed > 0);
	json_decref(j);
	/* the recomputed month: its kind, the run that made it and what was
	 * paid for the month (the approved statement's 10 500 kr) */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/%lld", fx.p1, recomputed);
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "recomputed");
	assert_string_equal(json_string_value(json_object_get(j, "month")), fx.m1);
	assert_int_equal(json_id(j, "run_id"), run2);
	assert_int_equal(json_id(j, "net_ore"), 0);
	json_t *paid = json_object_get(j, "paid");
	assert_int_equal(json_id(paid, "run_id"), fx.run1);
	assert_int_equal(json_id(paid, "net_ore"), 1050000);
	long long paid_id = json_id(paid, "id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/%lld", fx.p1, paid_id);
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "month");
	assert_null(json_object_get(j, "paid"));
	json_decref(j);
	/* its page says so at the top, not "paid to your account" */
	char want[200];
	snprintf(path, sizeof path, "/participants/%lld/benefits/%lld", fx.p1, recomputed);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	snprintf(want, sizeof want, "This is a recomputation of %s, not a payment.", fx.m1);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "The run of %s (run %lld) computed the month again", fx.m2, run2);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "/benefits/%lld\">Paid to your account for %s</a>: 10\xE2\x80\xAF" "500,00", paid_id,
		 fx.m1);
	assert_true(res_contains(&res, want));
	assert_true(res_contains(&res, "Net as recomputed (not paid)"));
	assert_false(res_contains(&res, ">Paid to your account<"));
	http_res_free(&res);
	/* the month's own statement: no such notice */
	snprintf(path, sizeof path, "/participants/%lld/benefits/%lld", fx.p1, paid_id);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_false(res_contains(&res, "id=\"statement-recomputed\""));
	assert_true(res_contains(&res, ">Paid to your account<"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits", fx.p1);
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	assert_int_equal(json_id(j, "outstanding_ore"), 525000);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	/* the statement page shows the balance */
	snprintf(path, sizeof path, "/participants/%lld/benefits/%lld", fx.p1, sid);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"statement-balance\">5\xE2\x80\xAF" "250,00"));
	http_res_free(&res);
}

/* ---- other income: as many a month as a statement takes; withdrawn ---- */

static void
test_income_limit_and_withdraw(void **state)
{
	(void)state;
	char path[200], body[200];
	json_t *j = NULL;
	long long ids[16];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income", fx.p2);
	snprintf(body, sizeof body, "{\"kind\":\"bostotte\",\"month_from\":\"%s\",\"amount_ore\":1000}", fx.m1);
	for (int i = 0; i < 16; i++) {
		assert_int_equal(api_send_json(&fx.fin1, path, body, &j), 201);
		ids[i] = json_id(j, "id");
		json_decref(j);
	}
	/* the seventeenth of the month is refused, the month named */
	char want[300];
	snprintf(want, sizeof want,
		 "%s has 16 reports of other income already, the most one month's statement takes. Withdraw one "
		 "that is wrong, or report the month's income of one kind as one amount.",
		 fx.m1);
	assert_int_equal(api_send_json(&fx.fin1, path, body, &j), 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "month_from")), want);
	json_decref(j);
	/* a contact person may not withdraw one; an unknown one is not found */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income/%lld/withdraw", fx.p2, ids[0]);
	assert_int_equal(api_send_json(&fx.kari, path, "{}", NULL), 403);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income/999999/withdraw", fx.p2);
	assert_int_equal(api_send_json(&fx.fin1, path, "{}", NULL), 404);
	/* another participant's report is not found through this one */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income/%lld/withdraw", fx.p1, ids[0]);
	assert_int_equal(api_send_json(&fx.fin1, path, "{}", NULL), 404);
	/* withdrawn through the API, audited; again: not found, in force no more */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income/%lld/withdraw", fx.p2, ids[0]);
	assert_int_equal(api_send_json(&fx.fin1, path, "{}", &j), 200);
	assert_int_equal(json_id(j, "id"), ids[0]);
	json_decref(j);
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", ids[0]);
	assert_int_equal(audit_count("benefit_income.withdraw", rid), 1);
	assert_int_equal(api_send_json(&fx.fin1, path, "{}", &j), 404);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "The participant has no such report in force.");
	json_decref(j);
	/* a body is refused */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income/%lld/withdraw", fx.p2, ids[1]);
	assert_int_equal(api_send_json(&fx.fin1, path, "{\"reason\":\"x\"}", NULL), 400);
	/* the page: a button on each report in force; withdrawn, a 303 back
	 * and the report shown withdrawn */
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/benefits", fx.p2);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	snprintf(want, sizeof want, "id=\"withdraw-income-%lld\"", ids[1]);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "id=\"withdraw-income-%lld\"", ids[0]);
	assert_false(res_contains(&res, want));
	assert_true(res_contains(&res, "Withdrawn by "));
	http_res_free(&res);
	snprintf(path, sizeof path, "/participants/%lld/benefits/income/%lld/withdraw", fx.p2, ids[1]);
	post_form(&fx.fin1, path, "", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	snprintf(rid, sizeof rid, "%lld", ids[1]);
	assert_int_equal(audit_count("benefit_income.withdraw", rid), 1);
	snprintf(path, sizeof path, "/participants/%lld/benefits", fx.p2);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	snprintf(want, sizeof want, "id=\"withdraw-income-%lld\"", ids[1]);
	assert_false(res_contains(&res, want));
	http_res_free(&res);
	/* two withdrawn: the month takes two reports again */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/income", fx.p2);
	assert_int_equal(api_send_json(&fx.fin1, path, body, &j), 201);
	json_decref(j);
}

/* ---- a period's scheme ---- */

static void
test_period_scheme(void **state)
{
	(void)state;
	struct http_res res;
	char path[200];
	snprintf(path, sizeof path, "/participants/%lld/benefits", fx.p2);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	char *eid = text_after(res.body, "/benefits/periods/", '/');
	assert_non_null(eid);
	long long enrolment = atoll(eid);
	free(eid);
	http_res_free(&res);
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/periods/%lld/scheme", fx.p2, enrolment);
	assert_int_equal(api_send_json(&fx.fin1, path, "{\"scheme\":\"nav\"}", &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"),
							      "scheme")),
			    "Choose bergen, kvp or the centre's default.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.fin1, path, "{\"scheme\":7}", NULL), 422);
	assert_int_equal(api_send_json(&fx.leader, path, "{\"scheme\":\"kvp\"}", NULL), 403);
	assert_int_equal(api_send_json(&fx.fin1, path, "{\"scheme\":\"kvp\"}", &j), 200);
	json_decref(j);
	/* another participant's period under this one: not found */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/benefits/periods/%lld/scheme", fx.p1, enrolment);
	assert_int_equal(api_send_json(&fx.fin1, path, "{\"scheme\":\"kvp\"}", NULL), 404);
	snprintf(path, sizeof path, "/participants/%lld/benefits", fx.p2);
	assert_int_equal(http_get(fx.s, path, fx.fin1.cookie, &res), 0);
	assert_true(res_contains(&res, "<option value=\"kvp\" selected>"));
	http_res_free(&res);
}

/* ---- a pause after the month was approved (decision 180) ---- */

/* A pause recorded after the first month was approved, of days in it, is
 * a correction for the next run: the finance officer's list shows it as a
 * pause, of no session and no mark, with the month and the first day it
 * changed; the API says cause "pause" and no session. */
static void
test_pause_correction_listed(void **state)
{
	(void)state;
	long long p = enrolled("Pausert", "", fx.kari_id);
	char path[200], body[256], from[40], to[40];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", p);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	long long eid = json_id(json_object_get(j, "current"), "id");
	json_decref(j);
	snprintf(from, sizeof from, "%s-10", fx.m1);
	snprintf(to, sizeof to, "%s-14", fx.m1);
	snprintf(path, sizeof path, "/api/v1/enrolments/%lld/pause", eid);
	snprintf(body, sizeof body, "{\"from\":\"%s\",\"to\":\"%s\",\"reason\":\"Sick leave, told afterwards\"}", from,
		 to);
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200)
		fail_msg("pause: %ld %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);

	assert_int_equal(api_get(&fx.fin1, "/api/v1/benefits/corrections", &j), 200);
	json_t *items = json_object_get(j, "items"), *c = NULL;
	for (size_t i = 0; i < json_array_size(items); i++)
		if (json_id(json_array_get(items, i), "participant_id") == p) {
			assert_null(c);   /* one a month */
			c = json_array_get(items, i);
		}
	assert_non_null(c);
	long long cid = json_id(c, "id");
	assert_string_equal(json_str(c, "cause"), "pause");
	assert_string_equal(json_str(c, "month"), fx.m1);
	assert_string_equal(json_str(c, "session_date"), from);
	assert_true(json_is_null(json_object_get(c, "session_id")));
	assert_true(json_is_null(json_object_get(c, "mark_now")));
	json_decref(j);

	struct http_res res;
	assert_int_equal(http_get(fx.s, "/benefits/corrections", fx.fin1.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<h1>Corrections for the next benefit run</h1>"));
	assert_true(res_contains(&res, "<th scope=\"col\">Cause</th><th scope=\"col\">Session or days</th>"));
	char row[600];
	snprintf(row, sizeof row,
		 "<tr id=\"correction-%lld\"><td><a href=\"/participants/%lld/attendance?month=%s\">Pausert, Amina</a>"
		 "</td><td>%s</td><td>Pause recorded or ended after the fact</td><td>No session: the month&#39;s "
		 "programme days from %s</td><td>\xE2\x80\x94</td><td>\xE2\x80\x94</td><td>Lena Leder</td><td>",
		 cid, p, fx.m1, fx.m1, from);
	const char *at = strstr(res.body, row);
	if (at == NULL)
		fail_msg("no row %s in %s", row, res.body);
	const char *end = strstr(at, "</tr>");
	assert_non_null(end);
	const char *why = "<td>A pause recorded or ended after the fact changed the month&#39;s programme days.</td></tr>";
	assert_true(strncmp(end + 5 - strlen(why), why, strlen(why)) == 0);
	/* no session: no link to a register */
	char *cells = strndup(at, (size_t)(end - at));
	assert_null(strstr(cells, "/sessions/"));
	free(cells);
	http_res_free(&res);
}

/* ---- setup ---- */

/* The months of the runs: m1 three months ago (start its first day), m2
 * the next. */
static bool
months(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1 - 3;
	if (m < 1) {
		m += 12;
		y--;
	}
	snprintf(fx.m1, sizeof fx.m1, "%04d-%02d", y, m);
	snprintf(fx.start, sizeof fx.start, "%04d-%02d-01", y, m);
	if (++m > 12) {
		m = 1;
		y++;
	}
	snprintf(fx.m2, sizeof fx.m2, "%04d-%02d", y, m);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"finn.finance", "Finn Finans", "finance", &fx.fin1},
		{"frida.finance", "Frida Finans", "finance", &fx.fin2},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfolger", "contact", &fx.ola},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", months);
}

/* The participants, made once the server runs (asserting). */
static void
test_participants(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/me", &j), 200);
	fx.kari_id = json_id(j, "id");
	json_decref(j);
	fx.p1 = enrolled("Hansen", ",\"bank_account\":\"8601.11.17947\",\"tax_percent\":30", fx.kari_id);
	fx.p2 = enrolled("Nokonto", "", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_participants),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_run_and_approve),
		cmocka_unit_test(test_statement),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_late_income_corrected),
		cmocka_unit_test(test_income_limit_and_withdraw),
		cmocka_unit_test(test_period_scheme),
		cmocka_unit_test(test_pause_correction_listed),
	};
	return harness_status(cmocka_run_group_tests_name("benefits", tests, setup, group_server_teardown));
}
