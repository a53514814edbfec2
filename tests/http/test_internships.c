/*
 * test_internships.c — the employer register and placements over HTTP
 * (issue 10): registering an employer (every bad organisation number, the
 * duplicate refused naming the one registered, search by name and number,
 * a version-checked edit with a stale save refused), and a placement from
 * proposal to agreed with its derived status at each step (the centre
 * approves last, the terms locked while an approval stands, the
 * participant's approval only with how it was given, an amendment after
 * agreement a new version), one agreed placement per participant, and who
 * sees a placement. State is read through the API.
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
	struct session admin, leader, liv, kari, ola, tore;
	long long kari_id, liv_id;
	long long p1, p2;
	char today[11], in10[11], in40[11], in30[11], in60[11], ago30[11];
} fx;

/* A participant in kari's caseload with a programme period from today. */
static long long
make_participant(const char *given, const char *family)
{
	char body[512], path[128];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"%s\",\"family_name\":\"%s\",\"birth_date\":\"1990-05-0%d\",\"gender\":\"female\"}",
		 given, family, (int)(strlen(given) % 9) + 1);
	long long id = post_ok(&fx.leader, "/api/v1/participants", body, 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", id);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.today);
	post_ok(&fx.leader, path, body, 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", id);
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"x\"}", fx.kari_id);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	return id;
}

/* ---- the employer register ---- */

static void
test_employer_bad_inputs(void **state)
{
	(void)state;
	const struct {
		const char *body;
		const char *field, *message;
	} rows[] = {
		{"{\"name\":\"Kafe Nord\",\"orgnr\":\"98765432\",\"industry\":\"56\"}", "orgnr",
		 "Write the organisation number as 9 digits."},
		{"{\"name\":\"Kafe Nord\",\"orgnr\":\"98765432X\",\"industry\":\"56\"}", "orgnr",
		 "Write the organisation number as 9 digits."},
		{"{\"name\":\"Kafe Nord\",\"orgnr\":\"987654321\",\"industry\":\"56\"}", "orgnr",
		 "This is not an organisation number: the check digit does not match."},
		{"{\"name\":\"Kafe Nord\",\"industry\":\"56\"}", "orgnr", "Give the organisation number."},
		{"{\"orgnr\":\"987654325\",\"industry\":\"56\"}", "name", "Give the employer's name."},
		{"{\"name\":\"K\",\"orgnr\":\"987654325\",\"industry\":\"56\"}", "name", "Write the employer's whole name."},
		{"{\"name\":\"Kafe Nord\",\"orgnr\":\"987654325\",\"industry\":\"G\"}", "industry",
		 "Choose an industry from the list."},
		{"{\"name\":\"Kafe Nord\",\"orgnr\":\"987654325\",\"industry\":\"04\"}", "industry",
		 "Choose an industry from the list."},
		{"{\"name\":\"Kafe Nord\",\"orgnr\":\"987654325\",\"industry\":\"56\",\"postcode\":\"12\"}", "postcode",
		 "Write the postcode as 4 digits."},
	};
	json_int_t before = api_total(&fx.liv, "/api/v1/employers");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		json_t *j = NULL;
		long st = api_send_json(&fx.liv, "/api/v1/employers", rows[i].body, &j);
		if (st != 422 || strcmp(field_error(j, rows[i].field), rows[i].message) != 0)
			fail_msg("row %zu: %ld %s", i, st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	assert_int_equal(api_total(&fx.liv, "/api/v1/employers"), before);
	/* a contact person reads the register and does not write it */
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/employers",
				       "{\"name\":\"Kafe Nord\",\"orgnr\":\"987654325\",\"industry\":\"56\"}", NULL),
			 403);
	assert_int_equal(api_total(&fx.kari, "/api/v1/employers"), before);
}

static void
test_employer_register_search_edit(void **state)
{
	(void)state;
	long long id = post_ok(&fx.liv, "/api/v1/employers",
			       "{\"name\":\"Fjordkafeen Servering AS\",\"orgnr\":\"876543214\",\"industry\":\"56\","
			       "\"address\":\"Kaigata 1\",\"postcode\":\"5003\",\"city\":\"Bergen\"}", 201);
	/* the same number again: refused, naming the one registered */
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.liv, "/api/v1/employers",
				       "{\"name\":\"Another\",\"orgnr\":\"876543214\",\"industry\":\"47\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "duplicate");
	assert_int_equal(json_id(json_object_get(j, "error"), "other_id"), id);
	json_decref(j);
	/* the form: the same, beside the field */
	struct http_res res;
	post_form(&fx.liv, "/employers", "name=Another&orgnr=876543214&industry=47", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "An employer with this organisation number is already registered."));
	http_res_free(&res);
	post_ok(&fx.liv, "/api/v1/employers", "{\"name\":\"Rent og Pent Renhold\",\"orgnr\":\"812345672\",\"industry\":\"81\"}",
		201);
	/* search: by a word of the name, by the number, by a prefix */
	assert_int_equal(api_total(&fx.liv, "/api/v1/employers?q=fjordkafeen"), 1);
	assert_int_equal(api_total(&fx.liv, "/api/v1/employers?q=servering"), 1);
	assert_int_equal(api_total(&fx.liv, "/api/v1/employers?q=812345672"), 1);
	assert_int_equal(api_total(&fx.liv, "/api/v1/employers?q=rent"), 1);
	assert_int_equal(api_total(&fx.liv, "/api/v1/employers?q=nobody"), 0);
	/* a version-checked edit */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/employers/%lld", id);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"city\":\"Bergen sentrum\",\"version\":1}", &j), 200);
	assert_int_equal(json_id(j, "version"), 2);
	assert_string_equal(json_str(j, "city"), "Bergen sentrum");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"city\":\"Laksevåg\",\"version\":1}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "stale");
	json_decref(j);
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	assert_string_equal(json_str(j, "city"), "Bergen sentrum");
	json_decref(j);
	/* a contact */
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", id);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"name\":\"Siri Sjef\",\"phone\":\"abc\"}", &j), 422);
	json_decref(j);
	post_ok(&fx.liv, path, "{\"name\":\"Siri Sjef\",\"role\":\"Daglig leder\",\"phone\":\"+4791234567\"}", 201);
	snprintf(path, sizeof path, "/api/v1/employers/%lld", id);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "contacts")), 1);
	json_decref(j);
	/* another employer's page of an id not there */
	assert_int_equal(api_get(&fx.liv, "/api/v1/employers/999999", NULL), 404);
}

/* ---- placements ---- */

static long long
employer_with_contact(const char *name, const char *orgnr, long long *contact)
{
	char body[256], path[96];
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"orgnr\":\"%s\",\"industry\":\"47\"}", name, orgnr);
	long long id = post_ok(&fx.liv, "/api/v1/employers", body, 201);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", id);
	*contact = post_ok(&fx.liv, path, "{\"name\":\"Veileder Vera\"}", 201);
	return id;
}

static const char *
status_of(const struct session *sess, long long pl, long long *version)
{
	static char status[32];
	char path[96];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	json_t *j = NULL;
	assert_int_equal(api_get(sess, path, &j), 200);
	snprintf(status, sizeof status, "%s", json_str(j, "status"));
	if (version != NULL)
		*version = json_id(j, "version");
	json_decref(j);
	return status;
}

static void
test_placement_to_agreed(void **state)
{
	(void)state;
	long long contact = 0;
	long long emp = employer_with_contact("Butikken Sentrum", "923456783", &contact);
	char body[1024], path[128];
	/* proposing: bad inputs */
	json_t *j = NULL;
	snprintf(body, sizeof body, "{\"employer_id\":%lld}", emp);
	assert_int_equal(api_send_json(&fx.liv, "/api/v1/placements", body, &j), 422);
	assert_string_equal(field_error(j, "participant_id"), "Choose the participant.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":999999}", fx.p1);
	assert_int_equal(api_send_json(&fx.liv, "/api/v1/placements", body, &j), 422);
	assert_string_equal(field_error(j, "employer_id"), "Choose one of the employers in the register.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", fx.p1, emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	long long v = 0;
	assert_string_equal(status_of(&fx.liv, pl, &v), "proposed");
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	/* some terms: negotiating */
	snprintf(body, sizeof body, "{\"version\":%lld,\"supervisor_id\":%lld,\"starts_on\":\"%s\"}", v, contact, fx.in10);
	post_ok(&fx.liv, path, body, 200);
	assert_string_equal(status_of(&fx.liv, pl, &v), "negotiating");
	/* bad terms: refused, nothing changed */
	snprintf(body, sizeof body, "{\"version\":%lld,\"ends_on\":\"%s\",\"hours_per_week\":41}", v, fx.today);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 422);
	assert_string_equal(field_error(j, "hours_per_week"), "Write a whole number from 1 to 40.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"version\":%lld,\"supervisor_id\":999999}", v);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 422);
	assert_string_equal(field_error(j, "supervisor_id"), "Choose one of the employer's contacts.");
	json_decref(j);
	assert_string_equal(status_of(&fx.liv, pl, NULL), "negotiating");
	/* every required term: awaiting approval */
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"follow_up_id\":%lld,\"ends_on\":\"%s\",\"hours_per_week\":20,\"days_per_week\":4,"
		 "\"tasks\":\"Shelves and the till\"}", v, fx.liv_id, fx.in40);
	post_ok(&fx.liv, path, body, 200);
	assert_string_equal(status_of(&fx.liv, pl, &v), "awaiting_approval");
	/* a stale save */
	snprintf(body, sizeof body, "{\"version\":%lld,\"tasks\":\"x\"}", v - 1);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 409);
	json_decref(j);
	/* the centre cannot approve first */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"centre\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "The centre approves last, after the employer and the participant.");
	json_decref(j);
	post_ok(&fx.liv, path, "{\"party\":\"employer\",\"approver\":\"Vera\"}", 200);
	assert_string_equal(status_of(&fx.liv, pl, &v), "awaiting_approval");
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"employer\"}", &j), 409);
	json_decref(j);
	/* the terms are locked while an approval stands */
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body, "{\"version\":%lld,\"tasks\":\"Other tasks\"}", v);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "The terms have been approved: withdraw the approvals before changing them.");
	json_decref(j);
	/* the participant's approval needs how it was given */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"participant\"}", &j), 422);
	assert_string_equal(field_error(j, "reason"), "Say how the participant gave their approval.");
	json_decref(j);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Signed on paper with an interpreter\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
	assert_string_equal(status_of(&fx.liv, pl, &v), "agreed");
	/* after agreement a change is an amendment: a new version */
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body, "{\"version\":%lld,\"hours_per_week\":24}", v);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 200);
	assert_int_equal(json_id(j, "version"), v + 1);
	assert_int_equal(json_id(j, "hours_per_week"), 24);
	assert_string_equal(json_str(j, "status"), "agreed");
	json_decref(j);
	/* the page shows the history and the printable agreement its terms */
	struct http_res res;
	snprintf(path, sizeof path, "/placements/%lld", pl);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Hours a week: 20 \xE2\x86\x92 24"));
	/* who, by name, not by number */
	assert_true(res_contains(&res, "Workplace supervisor: \xE2\x80\x94 \xE2\x86\x92 Veileder Vera"));
	assert_true(res_contains(&res, "Follow-up person: \xE2\x80\x94 \xE2\x86\x92 Liv Los"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/placements/%lld/agreement", pl);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Shelves and the till"));
	assert_true(res_contains(&res, "Employer&#39;s signature and date"));
	/* an employer without an address: a dash, not a lone comma */
	assert_true(res_contains(&res, "<dt>Workplace address</dt><dd>\xE2\x80\x94</dd>"));
	http_res_free(&res);

	/* one agreed placement at a time: a second one in the same period */
	long long contact2 = 0;
	long long emp2 = employer_with_contact("Lageret Logistikk", "998877660", &contact2);
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", fx.p1, emp2);
	long long pl2 = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl2);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":10,\"days_per_week\":2,\"tasks\":\"Packing\"}", contact2, fx.liv_id, fx.in30, fx.in60);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl2);
	post_ok(&fx.liv, path, "{\"party\":\"employer\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Said yes in the meeting\"}", 200);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"centre\"}", &j), 409);
	/* the placement in the way is named (test_pool_rules) */
	assert_non_null(strstr(json_str(json_object_get(j, "error"), "message"),
			       "The participant has another agreed placement in this period, at "));
	json_decref(j);
	assert_string_equal(status_of(&fx.liv, pl2, NULL), "awaiting_approval");
	/* withdrawing the participant's approval: back to awaiting, terms open */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/withdrawals", pl2);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"participant\"}", &j), 422);
	json_decref(j);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Changed their mind\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"employer\",\"reason\":\"Period to move\"}", 200);
	long long v2 = 0;
	assert_string_equal(status_of(&fx.liv, pl2, &v2), "awaiting_approval");
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl2);
	snprintf(body, sizeof body, "{\"version\":%lld,\"tasks\":\"Packing and labels\"}", v2);
	post_ok(&fx.liv, path, body, 200);

	/* who sees it: the contact person of the participant and the liaison;
	 * another contact person does not */
	assert_string_equal(status_of(&fx.kari, pl, NULL), "agreed");
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	assert_int_equal(api_get(&fx.ola, path, NULL), 404);
	assert_int_equal(api_send_json(&fx.ola, path, "{\"version\":1}", NULL), 404);
	snprintf(path, sizeof path, "/api/v1/placements?status=agreed");
	assert_int_equal(api_total(&fx.liv, path), 1);
	assert_int_equal(api_total(&fx.ola, "/api/v1/placements"), 0);
	assert_int_equal(api_total(&fx.kari, "/api/v1/placements"), 2);
	/* the employer's page: the liaison's and Kari's list the placement,
	 * Ola's (who reads the employer, not her participant) does not */
	char emp_page[64], link[64];
	snprintf(emp_page, sizeof emp_page, "/employers/%lld", emp);
	snprintf(link, sizeof link, "href=\"/placements/%lld\"", pl);
	const struct session *who[] = {&fx.liv, &fx.kari, &fx.ola};
	struct http_res emp_res;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(http_get(fx.s, emp_page, who[i]->cookie, &emp_res), 0);
		assert_int_equal(emp_res.status, 200);
		assert_int_equal(res_contains(&emp_res, link), i < 2);
		assert_int_equal(res_contains(&emp_res, "No placements at this employer."), i == 2);
		http_res_free(&emp_res);
	}
}


/* ---- follow-up, the supervisor's link, the result ---- */

/* An anonymous visitor: GET (keeping the pre-sign-in cookie and token),
 * then the answer's status and JSON. */
struct visitor {
	char cookie[160];
	char csrf[80];
};

static long
visitor_get(struct visitor *v, const char *path, const char *from, json_t **out)
{
	struct http_req q = {.path = path, .cookie = v->cookie[0] ? v->cookie : NULL, .from = from,
			     .headers = {"Accept-Language: en"}};
	struct http_res res;
	assert_int_equal(http_send(fx.s, &q, &res), 0);
	char *c = res_cookie_value(&res, PRE_COOKIE);
	if (c != NULL) {
		snprintf(v->cookie, sizeof v->cookie, "%s=%s", PRE_COOKIE, c);
		snprintf(v->csrf, sizeof v->csrf, "%s", c);
		free(c);
	}
	long st = res.status;
	if (out != NULL)
		*out = res_json(&res);
	http_res_free(&res);
	return st;
}

static long
visitor_post(const struct visitor *v, const char *path, const char *json, json_t **out)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", v->csrf);
	struct http_req q = {.path = path, .body = json, .body_len = -1, .content_type = "application/json",
			     .cookie = v->cookie, .headers = {hdr, "Accept-Language: en"}};
	struct http_res res;
	assert_int_equal(http_send(fx.s, &q, &res), 0);
	long st = res.status;
	if (out != NULL)
		*out = res_json(&res);
	http_res_free(&res);
	return st;
}

static int
audit_count(const char *action, long long record_id)
{
	char id[32];
	snprintf(id, sizeof id, "%lld", record_id);
	return api_audit_count(&fx.admin, action, id);
}

/* A placement of participant pid at employer emp (supervisor contact),
 * from starts_on to in 40 days, approved by all three. */
static long long
agreed_placement(long long pid, long long emp, long long contact, const char *starts_on)
{
	char body[512], path[128];
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Kitchen\"}", contact, fx.liv_id, starts_on, fx.in40);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(&fx.liv, path, "{\"party\":\"employer\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
	return pl;
}

/* Asks for the result "hired" of placement pl: refused (409) with why. */
static void
hired_refused(long long pl, const char *why)
{
	char body[512], path[128];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/placements/%lld/result", pl);
	snprintf(body, sizeof body,
		 "{\"hired\":true,\"kind\":\"permanent\",\"percent\":100,\"job_starts_on\":\"%s\","
		 "\"wage_kind\":\"monthly\",\"wage_ore\":3000000,\"title\":\"Cook\"}", fx.in10);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"), why);
	json_decref(j);
}

/* Ends placement pl early today, for reason. */
static void
end_today(long long pl, const char *reason)
{
	char body[128], path[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pl);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"%s\"}", fx.today, reason);
	post_ok(&fx.liv, path, body, 200);
}

/* An active placement (from today) of a new participant; *version. */
static long long
active_placement(const char *given, const char *orgnr, long long *version)
{
	long long pid = make_participant(given, "Aktiv");
	long long contact = 0;
	long long emp = employer_with_contact(given, orgnr, &contact);
	long long pl = agreed_placement(pid, emp, contact, fx.today);
	assert_string_equal(status_of(&fx.liv, pl, version), "active");
	return pl;
}

static void
test_follow_up_link_result(void **state)
{
	(void)state;
	long long v = 0;
	long long pl = active_placement("Bashir", "981234561", &v);
	long long other = active_placement("Chidi", "991234578", NULL);
	char path[160], body[512];
	json_t *j = NULL;
	/* a follow-up visit: bad inputs, then one */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/visits", pl);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"kind\":\"visit\"}", &j), 422);
	assert_string_equal(field_error(j, "held_on"), "Give the date of the follow-up.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"kind\":\"visit\"}", fx.in10);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 422);
	assert_string_equal(field_error(j, "held_on"), "The follow-up cannot be dated in the future.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"kind\":\"visit\",\"with_whom\":\"Vera\",\"next_on\":\"%s\"}",
		 fx.today, fx.in30);
	post_ok(&fx.liv, path, body, 201);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_string_equal(json_str(j, "last_followup_on"), fx.today);
	assert_string_equal(json_str(j, "next_followup_on"), fx.in30);
	json_decref(j);

	/* the supervisor's link */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/links", pl);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"kind\":\"weekly\"}", &j), 422);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"kind\":\"mid\"}", &j), 201);
	char token[80];
	snprintf(token, sizeof token, "%s", json_str(j, "token"));
	assert_int_equal(strlen(token), 32);
	long long link = json_id(j, "link_id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/links", other);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"kind\":\"mid\"}", &j), 201);
	char other_token[80];
	snprintf(other_token, sizeof other_token, "%s", json_str(j, "token"));
	json_decref(j);

	struct visitor vis = {{0}, {0}};
	/* the form sends no referrer anywhere: one Referrer-Policy, its own */
	{
		char page[96];
		snprintf(page, sizeof page, "/evaluate/%s", token);
		struct http_req q = {.path = page, .headers = {"Accept-Language: en"}};
		struct http_res res;
		assert_int_equal(http_send(fx.s, &q, &res), 0);
		assert_int_equal(res.status, 200);
		assert_int_equal(res_header_count(&res, "Referrer-Policy"), 1);
		assert_string_equal(res_header(&res, "Referrer-Policy"), "no-referrer");
		http_res_free(&res);
	}
	snprintf(path, sizeof path, "/api/v1/evaluate/%s", token);
	assert_int_equal(visitor_get(&vis, path, NULL, &j), 200);
	assert_string_equal(json_str(j, "given_name"), "Bashir");
	assert_string_equal(json_str(j, "kind"), "mid");
	assert_string_equal(json_str(j, "starts_on"), fx.today);
	assert_null(json_object_get(j, "family_name"));
	assert_null(json_object_get(j, "participant_id"));
	json_decref(j);
	/* a wrong token, a token of the wrong shape: the same answer */
	assert_int_equal(visitor_get(&vis, "/api/v1/evaluate/0123456789abcdef0123456789abcdef", NULL, &j), 404);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "unknown");
	json_decref(j);
	assert_int_equal(visitor_get(&vis, "/api/v1/evaluate/short", NULL, &j), 404);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "unknown");
	json_decref(j);
	/* the page: the first name and the period, nothing else */
	struct http_res res;
	snprintf(path, sizeof path, "/evaluate/%s", token);
	struct http_req q = {.path = path, .cookie = vis.cookie};
	assert_int_equal(http_send(fx.s, &q, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Bashir"));
	assert_false(res_contains(&res, "Aktiv"));
	http_res_free(&res);
	/* submit: the name is required; then once */
	snprintf(path, sizeof path, "/api/v1/evaluate/%s", token);
	const char *rating = "\"punctuality\":\"5\",\"norwegian\":\"3\",\"understanding\":\"4\",\"quality\":\"4\","
			     "\"cooperation\":\"5\",\"initiative\":\"not_seen\"";
	snprintf(body, sizeof body, "{%s}", rating);
	assert_int_equal(visitor_post(&vis, path, body, &j), 422);
	assert_string_equal(field_error(j, "evaluator"), "Write your name.");
	json_decref(j);
	/* a bad comment is refused and spends nothing */
	{
		size_t cap = 12000;
		char *big = malloc(cap);
		assert_non_null(big);
		int off = snprintf(big, cap, "{%s,\"evaluator\":\"Vera\",\"strengths\":\"", rating);
		memset(big + off, 'a', 9000);
		snprintf(big + off + 9000, cap - (size_t)off - 9000, "\"}");
		assert_int_equal(visitor_post(&vis, path, big, &j), 422);
		assert_string_equal(field_error(j, "strengths"), "Write at most 4000 characters.");
		json_decref(j);
		free(big);
	}
	snprintf(body, sizeof body, "{%s,\"evaluator\":\"Vera Veileder\",\"strengths\":\"Always on time\"}", rating);
	assert_int_equal(visitor_post(&vis, path, body, NULL), 201);
	assert_int_equal(visitor_post(&vis, path, body, &j), 404);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "used");
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "This evaluation has been sent already. Thank you!");
	json_decref(j);
	assert_int_equal(audit_count("evaluation_link.open", link), 3);   /* with the page asked above */
	assert_int_equal(audit_count("evaluation_link.submit", link), 1);
	/* it landed on its own placement only */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", pl);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_t *ev = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_str(ev, "source"), "employer");
	assert_string_equal(json_str(ev, "punctuality"), "5");
	assert_string_equal(json_str(ev, "initiative"), "not_seen");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", other);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	/* the final one is not dated before the placement's first day (today) */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", pl);
	snprintf(body, sizeof body, "{\"kind\":\"end\",\"evaluated_on\":\"%s\",%s}", fx.ago30, rating);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 422);
	assert_string_equal(field_error(j, "evaluated_on"), "The evaluation cannot be dated before the placement's first day.");
	json_decref(j);
	/* the staff cannot record the mid-point twice */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", pl);
	snprintf(body, sizeof body, "{\"kind\":\"mid\",%s}", rating);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "The mid-point evaluation has been recorded already.");
	json_decref(j);
	/* a revoked link */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/links", other);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"kind\":\"mid\"}", &j), 201);
	long long second = json_id(j, "link_id");
	char third[80];
	snprintf(third, sizeof third, "%s", json_str(j, "token"));
	json_decref(j);
	/* making a new one withdrew the first */
	snprintf(path, sizeof path, "/api/v1/evaluate/%s", other_token);
	assert_int_equal(visitor_get(&vis, path, NULL, &j), 404);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "revoked");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/links/%lld/revoke", other, second);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", NULL), 200);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", NULL), 404);
	snprintf(path, sizeof path, "/api/v1/evaluate/%s", third);
	snprintf(body, sizeof body, "{%s,\"evaluator\":\"Vera Veileder\"}", rating);
	assert_int_equal(visitor_post(&vis, path, body, &j), 404);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"), "This link has been withdrawn by the centre.");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", other);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);

	/* the result: hired, with the job and its month's income */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/result", pl);
	snprintf(body, sizeof body, "{\"hired\":true,\"kind\":\"permanent\",\"percent\":50,\"job_starts_on\":\"%s\","
		 "\"wage_kind\":\"monthly\",\"wage_ore\":4000000}", fx.in30);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 422);
	assert_string_equal(field_error(j, "title"), "Give the job title.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"hired\":true,\"kind\":\"permanent\",\"percent\":50,\"job_starts_on\":\"%s\","
		 "\"wage_kind\":\"monthly\",\"wage_ore\":4000000,\"title\":\"Kitchen assistant\"}", fx.in30);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 200);
	assert_string_equal(json_str(j, "result"), "hired");
	assert_int_equal(json_array_size(json_object_get(j, "jobs")), 1);
	json_t *job = json_array_get(json_object_get(j, "jobs"), 0);
	assert_string_equal(json_str(job, "title"), "Kitchen assistant");
	assert_int_equal(json_id(job, "percent"), 50);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "The result of this placement has been recorded already.");
	json_decref(j);
	/* the employer's conversion */
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	long long emp = json_id(j, "employer_id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/employers/%lld", emp);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_id(j, "concluded"), 1);
	assert_int_equal(json_id(j, "hired"), 1);
	json_decref(j);
	/* the liaison's home: two active placements they follow, none due */
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	assert_int_equal(json_id(json_object_get(j, "followups_due"), "total"), 0);
	assert_int_equal(json_id(json_object_get(j, "awaiting_approval"), "total"), 1);
	json_decref(j);
	/* the home lists the centre's placements: the liaison's and the
	 * leader's, not a contact person's (it showed them every placement of
	 * the centre, and linked them to placements they could not open) */
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/internships", NULL, &j), 403);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "This page lists every placement of the centre. Your participants' placements are on their pages.");
	json_decref(j);
	assert_int_equal(http_get(fx.s, "/internships", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	assert_false(res_contains(&res, "Awaiting approval"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/", fx.kari.cookie, &res), 0);
	assert_false(res_contains(&res, "href=\"/internships\""));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/", fx.liv.cookie, &res), 0);
	assert_true(res_contains(&res, "<h2><a href=\"/internships\">"));
	http_res_free(&res);
	assert_int_equal(api_get(&fx.leader, "/api/v1/internships", NULL), 200);
}

/* Requests to the links from one address are limited: the 31st in ten
 * minutes is answered 429 with Retry-After; another address is not. */
static void
test_link_rate_limit(void **state)
{
	(void)state;
	struct visitor vis = {{0}, {0}};
	for (int i = 0; i < 30; i++)
		assert_int_equal(visitor_get(&vis, "/api/v1/evaluate/0123456789abcdef0123456789abcdef", "127.0.0.77", NULL),
				 404);
	struct http_req q = {.path = "/api/v1/evaluate/0123456789abcdef0123456789abcdef", .from = "127.0.0.77"};
	struct http_res res;
	assert_int_equal(http_send(fx.s, &q, &res), 0);
	assert_int_equal(res.status, 429);
	assert_non_null(res_header(&res, "Retry-After"));
	http_res_free(&res);
	assert_int_equal(visitor_get(&vis, "/api/v1/evaluate/0123456789abcdef0123456789abcdef", "127.0.0.78", NULL), 404);
}


/* ---- pool agreements ---- */

/* How many contacts employer emp has. */
static size_t
contacts_of(long long emp)
{
	char path[96];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/employers/%lld", emp);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	size_t n = json_array_size(json_object_get(j, "contacts"));
	json_decref(j);
	return n;
}

static void
test_pool_agreement(void **state)
{
	(void)state;
	json_t *j = NULL;
	char body[512], path[128];
	snprintf(body, sizeof body, "{\"name\":\"Næringsforeningen 60\",\"party\":\"Næringsforeningen\","
		 "\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"places\":1}", fx.in30, fx.today);
	assert_int_equal(api_send_json(&fx.liv, "/api/v1/agreements", body, &j), 422);
	assert_string_equal(field_error(j, "ends_on"), "The last day cannot be before the first.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/agreements", body, NULL), 403);
	snprintf(body, sizeof body, "{\"name\":\"Næringsforeningen 60\",\"party\":\"Næringsforeningen\","
		 "\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"places\":1}", fx.today, fx.in60);
	long long ag = post_ok(&fx.liv, "/api/v1/agreements", body, 201);
	long long contact = 0;
	long long emp = employer_with_contact("Poolbedriften", "971234563", &contact);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld/employers", ag);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"employer_id\":999999}", &j), 422);
	assert_string_equal(field_error(j, "employer_id"), "Choose one of the employers in the register.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"employer_id\":%lld}", emp);
	post_ok(&fx.liv, path, body, 200);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"), "The agreement covers this employer already.");
	json_decref(j);
	/* two placements under it: the second cannot be agreed while one place is taken */
	long long pls[2];
	for (int i = 0; i < 2; i++) {
		long long pid = make_participant(i == 0 ? "Dawit" : "Esra", "Pool");
		snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, emp);
		pls[i] = post_ok(&fx.liv, "/api/v1/placements", body, 201);
		snprintf(path, sizeof path, "/api/v1/placements/%lld", pls[i]);
		snprintf(body, sizeof body,
			 "{\"version\":1,\"agreement_id\":%lld,\"supervisor_id\":%lld,\"follow_up_id\":%lld,"
			 "\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"x\"}",
			 ag, contact, fx.liv_id, fx.in10, fx.in40);
		post_ok(&fx.liv, path, body, 200);
		snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pls[i]);
		post_ok(&fx.liv, path, "{\"party\":\"employer\"}", 200);
		post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
	}
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pls[0]);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pls[1]);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"centre\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"), "The pool agreement has no free places: 1 of 1.");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld", ag);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_id(j, "places"), 1);
	assert_int_equal(json_id(j, "planned"), 1);
	assert_int_equal(json_id(j, "used"), 0);
	assert_int_equal(json_id(j, "free"), 0);
	assert_int_equal(json_array_size(json_object_get(j, "employers")), 1);
	json_decref(j);
	/* more places, version-checked: then the second is agreed */
	assert_int_equal(api_send_json(&fx.liv, path, "{\"places\":60,\"version\":1}", &j), 200);
	assert_int_equal(json_id(j, "version"), 2);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"places\":61,\"version\":1}", &j), 409);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pls[1]);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld", ag);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_id(j, "free"), 58);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/employers/%lld", emp);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_true(json_is_true(json_object_get(j, "in_pool")));
	json_decref(j);
	/* an action without input takes no members: each is named, nothing is done */
	snprintf(path, sizeof path, "/api/v1/agreements/%lld/employers/%lld/remove", ag, emp);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"foo\":1,\"bar\":[1,2]}", &j), 400);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "unknown_fields");
	assert_string_equal(field_error(j, "foo"), "Unknown field.");
	assert_string_equal(field_error(j, "bar"), "Unknown field.");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", emp);
	long long extra = post_ok(&fx.liv, path, "{\"name\":\"Reserve Rita\"}", 201);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld/delete", emp, extra);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"foo\":1}", &j), 400);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "unknown_fields");
	json_decref(j);
	assert_int_equal(contacts_of(emp), 2);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%lld/delete", emp, extra);
	post_ok(&fx.liv, path, "{}", 200);
	assert_int_equal(contacts_of(emp), 1);
	/* the employer stays covered while its placements under the agreement run */
	snprintf(path, sizeof path, "/api/v1/agreements/%lld/employers/%lld/remove", ag, emp);
	assert_int_equal(api_send_json(&fx.liv, path, "{}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "Placements with this employer use the agreement: take them off it, or let them end, first.");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld", ag);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "employers")), 1);
	json_decref(j);
	/* once both have ended, it may go */
	for (int i = 0; i < 2; i++)
		end_today(pls[i], "employer_withdrew");
	snprintf(path, sizeof path, "/api/v1/agreements/%lld/employers/%lld/remove", ag, emp);
	post_ok(&fx.liv, path, "{}", 200);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld", ag);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "employers")), 0);
	json_decref(j);
}

/* The liaison, reading in lang, saves body's terms at path: refused (422)
 * with want beside the working hours. */
static void
clash_said(const char *path, const char *body, const char *lang, const char *want)
{
	json_t *j = NULL;
	assert_int_equal(session_set_lang(fx.s, &fx.liv, lang), 0);
	assert_int_equal(api_send_json(&fx.liv, path, body, &j), 422);
	assert_string_equal(field_error(j, "schedule"), want);
	json_decref(j);
}

/* Working hours that clash with the participant's group are refused
 * naming the group, the first day and the session's hours, in the
 * reader's language (a group's name is never read as a format). */
static void
test_timetable_clash_named(void **state)
{
	(void)state;
	json_t *j = NULL;
	char body[1024], path[128];
	snprintf(body, sizeof body,
		 "{\"activity_type_id\":2,\"name\":\"Kveld %%s %%lld\",\"capacity\":5,\"starts_on\":\"%s\","
		 "\"ends_on\":\"%s\",\"teachers\":[%lld],\"slots\":[{\"weekday\":\"monday\",\"start\":\"09:00\","
		 "\"end\":\"11:00\"}]}", fx.today, fx.in60, user_id(&fx.tore));
	long long group = post_ok(&fx.leader, "/api/v1/groups", body, 201);
	/* the first session on or after the placement's first day */
	snprintf(path, sizeof path, "/api/v1/groups/%lld", group);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	char first[11] = "";
	json_t *ss = json_object_get(j, "sessions");
	for (size_t i = 0; i < json_array_size(ss) && !first[0]; i++) {
		const char *on = json_str(json_array_get(ss, i), "on_date");
		if (strcmp(on, fx.in10) >= 0)
			snprintf(first, sizeof first, "%s", on);
	}
	json_decref(j);
	assert_true(first[0] != '\0');
	long long pid = make_participant("Hawa", "Timeplan");
	snprintf(body, sizeof body, "\"group_id\":%lld", group);
	assert_int_equal(enrol_json(&fx.kari, pid, body, &j), 201);
	json_decref(j);
	long long contact = 0;
	long long emp = employer_with_contact("Morgenbakeriet", "966554436", &contact);
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"schedule\":\"man-fre 08:00-15:00\"}",
		 fx.in10, fx.in40);
	char want[256];
	snprintf(want, sizeof want,
		 "The working hours clash with the participant's group timetable: Kveld %%s %%lld on %s, 09:00-11:00.", first);
	clash_said(path, body, "en", want);
	snprintf(want, sizeof want,
		 "Arbeidstiden kolliderer med deltakerens timeplan i gruppene: Kveld %%s %%lld den %s, 09:00-11:00.", first);
	clash_said(path, body, "nb", want);
	assert_int_equal(session_set_lang(fx.s, &fx.liv, "en"), 0);
	/* nothing was saved; hours after the group's are taken, shown in the reader's words */
	assert_string_equal(status_of(&fx.liv, pl, NULL), "proposed");
	snprintf(body, sizeof body,
		 "{\"version\":1,\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"schedule\":\"man-fre 12:00-15:00\"}",
		 fx.in10, fx.in40);
	post_ok(&fx.liv, path, body, 200);
	struct http_res res;
	snprintf(path, sizeof path, "/placements/%lld", pl);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Mon 12:00-15:00, Tue 12:00-15:00, Wed 12:00-15:00, Thu 12:00-15:00, Fri 12:00-15:00"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.liv, "nb"), 0);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "man 12:00-15:00, tir 12:00-15:00, ons 12:00-15:00, tor 12:00-15:00, fre 12:00-15:00"));
	http_res_free(&res);
	assert_int_equal(session_set_lang(fx.s, &fx.liv, "en"), 0);
}

/* The liaison's register (decision 141): anyone in the programme, by
 * name, to find whom to place; not those still in intake, and nothing
 * beyond the name part. */
static void
test_liaison_finds_whom_to_place(void **state)
{
	(void)state;
	json_t *j = NULL;
	long long intake = post_ok(&fx.leader, "/api/v1/participants",
				   "{\"given_name\":\"Idil\",\"family_name\":\"Inntak\",\"birth_date\":\"1991-02-03\","
				   "\"gender\":\"female\"}", 201);
	long long placed = make_participant("Idil", "Programmet");
	assert_int_equal(api_get(&fx.liv, "/api/v1/participants?q=Idil", &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *it = json_array_get(items, 0);
	assert_int_equal(json_id(it, "id"), placed);
	assert_string_equal(json_str(it, "family_name"), "Programmet");
	assert_null(json_object_get(it, "contact_name"));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", placed);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_string_equal(json_str(j, "given_name"), "Idil");
	/* the heading only: id, version, status, names, birth date, gender, times */
	assert_int_equal(json_object_size(j), 9);
	assert_null(json_object_get(j, "languages"));
	assert_null(json_object_get(j, "phone"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld", intake);
	assert_int_equal(api_get(&fx.liv, path, NULL), 404);
	/* the page lists them too, not "no participants yet" */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/participants?q=Idil", fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Programmet, Idil"));
	assert_false(res_contains(&res, "Inntak"));
	http_res_free(&res);
}

/* A result (hired or not) only for a placement that began: not for a
 * proposal dropped, nor for an agreed placement ended before its first
 * day, nor for one still to begin; each refusal changes nothing. */
static void
test_result_needs_a_start(void **state)
{
	(void)state;
	json_t *j = NULL;
	char body[512], path[128];
	static const char not_yet[] = "A result is recorded once the placement has started.";
	static const char never[] = "This placement ended before its first day: it has no result.";
	long long contact = 0;
	long long emp = employer_with_contact("Kantina Nord", "974760673", &contact);
	/* a proposal, dropped */
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", make_participant("Fatima", "Forslag"),
		 emp);
	long long dropped = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	hired_refused(dropped, not_yet);
	end_today(dropped, "other");
	assert_string_equal(status_of(&fx.liv, dropped, NULL), "ended_early");
	hired_refused(dropped, never);
	/* agreed from in 10 days: no result yet; ended today, none ever */
	long long agreed = agreed_placement(make_participant("Gebre", "Avtalt"), emp, contact, fx.in10);
	assert_string_equal(status_of(&fx.liv, agreed, NULL), "agreed");
	hired_refused(agreed, not_yet);
	end_today(agreed, "employer_withdrew");
	hired_refused(agreed, never);
	/* nor an evaluation, nor a link for one */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", agreed);
	assert_int_equal(api_send_json(&fx.liv, path,
				       "{\"kind\":\"end\",\"punctuality\":\"5\",\"norwegian\":\"3\",\"understanding\":\"4\","
				       "\"quality\":\"4\",\"cooperation\":\"5\",\"initiative\":\"not_seen\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "A trainee is evaluated once the placement has started.");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/links", agreed);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"kind\":\"end\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "A trainee is evaluated once the placement has started.");
	json_decref(j);
	/* nothing was recorded: no result, no job, the employer converts nothing */
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "/api/v1/placements/%lld/result", i ? agreed : dropped);
		assert_int_equal(api_get(&fx.liv, path, &j), 200);
		assert_true(json_is_null(json_object_get(j, "result")));
		assert_int_equal(json_array_size(json_object_get(j, "jobs")), 0);
		json_decref(j);
	}
}


/* ---- Today: an active placement without follow-up for four weeks ---- */

static void
test_followup_due_on_today(void **state)
{
	(void)state;
	long long pid = make_participant("Farah", "Oppfolging");
	long long contact = 0;
	long long emp = employer_with_contact("Oppfølging AS", "961234565", &contact);
	char body[512], path[128];
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	/* kari, the participant's contact person, follows it up */
	snprintf(body, sizeof body,
		 "{\"version\":1,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Stock\"}", contact, fx.kari_id, fx.ago30, fx.in30);
	post_ok(&fx.liv, path, body, 200);
	/* Liv no longer follows it: she reads it ("the liaison sees all",
	 * decision 135) with no form on its page, and may not change it; the
	 * leader approves */
	assert_int_equal(api_get(&fx.liv, path, NULL), 200);
	struct http_res page;
	snprintf(path, sizeof path, "/placements/%lld", pl);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &page), 0);
	assert_int_equal(page.status, 200);
	assert_true(res_contains(&page, "Stock"));
	assert_false(res_contains(&page, "<form method=\"post\" action=\"/placements/"));
	http_res_free(&page);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	json_t *no = NULL;
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"employer\"}", &no), 403);
	assert_string_equal(json_str(json_object_get(no, "error"), "message"),
			    "Only the placement's follow-up person, the participant's contact person or a leader changes it.");
	json_decref(no);
	/* on the participant's page: who they are and the placement, not how
	 * to reach them */
	snprintf(path, sizeof path, "/participants/%lld", pid);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &page), 0);
	assert_int_equal(page.status, 200);
	assert_true(res_contains(&page, "Oppfølging AS"));
	assert_false(res_contains(&page, "Phone"));
	http_res_free(&page);
	/* Kari, who follows it, has the forms */
	snprintf(path, sizeof path, "/placements/%lld", pl);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &page), 0);
	assert_true(res_contains(&page, "id=\"terms-form\""));
	http_res_free(&page);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(&fx.leader, path, "{\"party\":\"employer\"}", 200);
	post_ok(&fx.leader, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
	post_ok(&fx.leader, path, "{\"party\":\"centre\"}", 200);
	assert_string_equal(status_of(&fx.kari, pl, NULL), "active");
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Placements to follow up"));
	char link[64];
	snprintf(link, sizeof link, "/placements/%lld\"", pl);
	assert_true(res_contains(&res, link));
	http_res_free(&res);
	/* a visit today takes it off */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/visits", pl);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"kind\":\"call\"}", fx.today);
	post_ok(&fx.kari, path, body, 201);
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	assert_false(res_contains(&res, link));
	http_res_free(&res);
}

/* ---- setup ---- */

/* The dates the tests share, from today. (Nothing here asserts: a failed
 * assertion in a group setup would leave the server running.) */
static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(10, fx.in10);
	date_offset(40, fx.in40);
	date_offset(30, fx.in30);
	date_offset(60, fx.in60);
	date_offset(-30, fx.ago30);
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
		{"tore.teacher", "Tore Lærer", "teacher", &fx.tore},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
}

static void
test_fixture(void **state)
{
	(void)state;
	fx.kari_id = user_id(&fx.kari);
	fx.liv_id = user_id(&fx.liv);
	fx.p1 = make_participant("Amina", "Praksis");
}

/* The liaison's home (decision 90): each list's total is the count kept
 * (migration 41) in the transaction of every write, the list shows its
 * first HOME_LIST (10) rows and says so, with a link to all of those
 * awaiting approval; the totals follow deletes too. */
static long long
home_total(json_t *j, const char *list)
{
	return json_id(json_object_get(j, list), "total");
}

static void
test_home_lists(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	long long awaiting = home_total(j, "awaiting_approval"), starting = home_total(j, "starting_this_week"),
		  ending = home_total(j, "ending_soon");
	json_decref(j);
	char sql[1024];
	for (int k = 0; k < 12; k++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase,"
			 " tasks, created_at, updated_at) SELECT 1, %lld, MIN(e.id), '%s', '%s', '%s', 'Listed', 1, 1"
			 " FROM employers e WHERE e.centre_id = 1",
			 fx.p1, k < 11 ? fx.today : fx.in30, k < 11 ? fx.in10 : fx.in60,
			 k % 2 == 0 ? "awaiting_approval" : "agreed");
		server_sql(fx.s, sql);
	}
	for (int k = 0; k < 10; k++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO placements (centre_id, participant_id, employer_id, starts_on, ends_on, phase,"
			 " tasks, created_at, updated_at) SELECT 1, %lld, MIN(e.id), '%s', '%s', 'awaiting_approval',"
			 " 'Listed', 1, 1 FROM employers e WHERE e.centre_id = 1", fx.p1, fx.in40, fx.in60);
		server_sql(fx.s, sql);
	}
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	assert_int_equal(home_total(j, "awaiting_approval"), awaiting + 16);
	assert_int_equal(home_total(j, "starting_this_week"), starting + 5);
	assert_int_equal(home_total(j, "ending_soon"), ending + 5);
	assert_int_equal(json_array_size(json_object_get(json_object_get(j, "awaiting_approval"), "items")), 10);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/internships", fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	char want[96];
	snprintf(want, sizeof want, "(%lld)</h2>", awaiting + 16);
	assert_true(res_contains(&res, want));
	assert_true(res_contains(&res, "href=\"/placements?status=awaiting_approval\""));
	/* ten rows in the list of those awaiting approval, then the note */
	const char *list = strstr(res.body, "<table id=\"awaiting\"");
	assert_non_null(list);
	const char *end = strstr(list, "</table>");
	assert_non_null(end);
	int rows = 0;
	for (const char *p = strstr(list, "<tr><td>"); p != NULL && p < end; p = strstr(p + 1, "<tr><td>"))
		rows++;
	assert_int_equal(rows, 10);
	http_res_free(&res);
	/* the employer's page shows its placements twenty a page (at least
	 * 22 now), latest first, with a pager */
	char epath[64];
	snprintf(epath, sizeof epath, "/employers/%s", "1");
	int pages_rows[2] = {0, 0};
	for (int pg = 0; pg < 2; pg++) {
		char path[96];
		snprintf(path, sizeof path, "%s?page=%d", epath, pg + 1);
		assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
		assert_int_equal(res.status, 200);
		const char *t = strstr(res.body, "<table id=\"placement-list\"");
		assert_non_null(t);
		const char *te = strstr(t, "</table>");
		for (const char *p = strstr(t, "<tr><td>"); p != NULL && p < te; p = strstr(p + 1, "<tr><td>"))
			pages_rows[pg]++;
		assert_true(res_contains(&res, "class=\"pager\""));
		if (pg == 0)
			assert_true(res_contains(&res, "href=\"/employers/1?page=2\""));
		else
			assert_true(res_contains(&res, "href=\"/employers/1?page=1\""));
		http_res_free(&res);
	}
	assert_int_equal(pages_rows[0], 20);
	assert_true(pages_rows[1] >= 2 && pages_rows[1] <= 20);
	assert_int_equal(http_get(fx.s, "/employers/1?page=0", fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
	/* the totals follow a change of phase and a delete */
	server_sql(fx.s, "UPDATE placements SET phase = 'negotiating' WHERE tasks = 'Listed' AND phase = 'awaiting_approval'"
			 " AND starts_on = (SELECT MAX(starts_on) FROM placements WHERE tasks = 'Listed')");
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	assert_int_equal(home_total(j, "awaiting_approval"), awaiting + 6);
	json_decref(j);
	server_sql(fx.s, "DELETE FROM placements WHERE tasks = 'Listed'");
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	assert_int_equal(home_total(j, "awaiting_approval"), awaiting);
	assert_int_equal(home_total(j, "starting_this_week"), starting);
	assert_int_equal(home_total(j, "ending_soon"), ending);
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_employer_bad_inputs),
		cmocka_unit_test(test_employer_register_search_edit),
		cmocka_unit_test(test_placement_to_agreed),
		cmocka_unit_test(test_follow_up_link_result),
		cmocka_unit_test(test_link_rate_limit),
		cmocka_unit_test(test_pool_agreement),
		cmocka_unit_test(test_followup_due_on_today),
		cmocka_unit_test(test_home_lists),
		cmocka_unit_test(test_result_needs_a_start),
		cmocka_unit_test(test_timetable_clash_named),
		cmocka_unit_test(test_liaison_finds_whom_to_place),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
