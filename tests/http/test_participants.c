/*
 * test_participants.c — the participant register over HTTP: every bad
 * input of the registration form gets its own error beside the field, a
 * 422 and nothing saved; duplicates stop with a link to the registered
 * participant; two edits from the same loaded version leave the first and
 * refuse the second with what changed; search by name, number and phone;
 * the JSON API; a contact person sees only their own participants, and
 * opening another's by URL or API is a 404 (as for one that does not exist)
 * that the audit log records.
 *
 * Users: a leader (registers and edits), two contact persons, the admin
 * (reads the audit log). Each signs in once for the whole program.
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

#define LEADER "lea.leader"
#define KARI "kari.contact"
#define PER "per.contact"
#define PASSWORD "a long password 123"

static struct session lea, kari, per, admin;
static long long kari_id, per_id;

/* ---- requests ---- */

/* POST an urlencoded form with the session's CSRF token. res is the caller's. */
static void
form_post(const struct server *s, const struct session *sess, const char *path, const char *body,
	  struct http_res *res)
{
	size_t n = strlen(body) + 128;
	char *full = malloc(n);
	assert_non_null(full);
	snprintf(full, n, "csrf=%s&%s", sess->csrf, body);
	assert_int_equal(http_post_form(s, path, sess->cookie, full, res), 0);
	free(full);
}

static json_int_t
jint(json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

/* The number of participants the leader sees. */
static json_int_t
register_total(const struct server *s)
{
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, "/api/v1/participants", NULL, &j), 200);
	json_int_t n = jint(j, "total");
	json_decref(j);
	return n;
}

/* Registers through the API as the leader; returns the id. */
static long long
create(const struct server *s, const char *json)
{
	json_t *j = NULL;
	long st = api_on(s, &lea, "/api/v1/participants", json, &j);
	if (st != 201) {
		char *d = j ? json_dumps(j, 0) : NULL;
		fail_msg("POST /api/v1/participants: %ld %s", st, d ? d : "");
	}
	long long id = jint(j, "id");
	json_decref(j);
	assert_true(id > 0);
	return id;
}

/* Makes contact the participant's contact person (the caseload API). */
static long
assign(const struct server *s, long long pid, long long contact)
{
	char path[96], body[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", pid);
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"test\"}", contact);
	return api_on(s, &lea, path, body, NULL);
}

/* The text of the error beside field (HTML entities for ' & " decoded),
 * malloc'd; NULL when there is none. */
static char *
error_beside(const char *html, const char *field)
{
	char marker[96];
	snprintf(marker, sizeof marker, "id=\"%s-error\">", field);
	char *t = text_after(html, marker, '<');
	if (t == NULL)
		return NULL;
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&#39;", '\''}, {"&amp;", '&'}, {"&quot;", '"'}, {"&lt;", '<'}, {"&gt;", '>'}};
	for (size_t e = 0; e < sizeof ents / sizeof ents[0]; e++) {
		char *p;
		while ((p = strstr(t, ents[e].ent)) != NULL) {
			*p = ents[e].c;
			memmove(p + 1, p + strlen(ents[e].ent), strlen(p + strlen(ents[e].ent)) + 1);
		}
	}
	return t;
}

/* ---- the registration form ---- */

static const char BASE[] = "given_name=Amina&family_name=Hassan&birth_date=1990-01-01&gender=female";

struct bad_row {
	const char *fields;   /* urlencoded, sent before BASE */
	const char *field;    /* where the error must be */
	const char *error;
};

static char long_text[2100 * 1];

static const struct bad_row bad_rows[] = {
	{"given_name=", "given_name", "This field is required."},
	{"family_name=+", "family_name", "This field is required."},
	{"given_name=Am%01ina", "given_name", "This text has characters that are not allowed."},
	{"nin=0103889005", "nin", "must be 11 digits"},
	{"nin=01038890058", "nin", "the check digits do not match"},
	{"nin=01819012365", "nin", "is a synthetic test number"},
	{"nin=01013850085&birth_date=", "nin", "The birth date in this number is in the future."},
	{"birth_date=", "birth_date", "Give the birth date or a national identity number."},
	{"birth_date=01.01.1990", "birth_date", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
	{"birth_date=2099-01-01", "birth_date", "The birth date must be in the past."},
	{"nin=01038890057&birth_date=1988-03-02", "birth_date",
	 "The birth date does not match the national identity number."},
	{"gender=", "gender", "Choose a gender."},
	{"gender=woman", "gender", "Choose female, male or other."},
	{"arrival_date=2099-01-01", "arrival_date", "The date cannot be in the future."},
	{"arrival_date=1980-01-01", "arrival_date", "The arrival date is before the birth date."},
	{"residence_basis=asylum", "residence_basis", "Choose refugee, family reunification or other."},
	{"intro_ended=2099-12-31", "intro_ended", "The date cannot be in the future."},
	{"intro_ended=31.12.2019", "intro_ended", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
	{"schooling_years=31", "schooling_years", "Give the years of schooling as a number from 0 to 30."},
	{"schooling_years=ten", "schooling_years", "Give the years of schooling as a number from 0 to 30."},
	{"literate=maybe", "literate", "Choose yes or no."},
	{"cefr_listening=C2", "cefr_listening", "Choose a level from A1 to C1, or leave it empty."},
	{"cefr_reading=A3", "cefr_reading", "Choose a level from A1 to C1, or leave it empty."},
	{"cefr_speaking=fluent", "cefr_speaking", "Choose a level from A1 to C1, or leave it empty."},
	{"cefr_writing=B", "cefr_writing", "Choose a level from A1 to C1, or leave it empty."},
	{"languages=a%2Cb%2Cc%2Cd%2Ce%2Cf%2Cg%2Ch%2Ci", "languages", "At most 8 languages can be registered."},
	{"interpreter=Somali%2C+Arabic", "interpreter", "Name one language, at most 40 characters."},
	{"children=2015-3-1", "children", "Write each child's birth date as YYYY-MM-DD, one per line or separated by commas."},
	{"children=2015-03-01%0D%0A2099-01-01", "children", "A child's birth date cannot be in the future."},
	{"children=1985-01-01", "children", "A child's birth date must be after the participant's."},
	{"phone=01234567", "phone", "a Norwegian number cannot start with 0 or 1"},
	{"phone=call+me", "phone", "may contain only digits, spaces and a leading +"},
	{"email=not-an-email", "email", "must contain exactly one @"},
	{"postcode=123", "postcode", "must be 4 digits"},
	{"postcode=12345", "postcode", "must be 4 digits"},
	{"bank_account=12345678901", "bank_account", "the check digit does not match"},
	{"bank_account=1234", "bank_account", "must be 11 digits, written 1234.56.78903 or without dots"},
	{"tax_percent=101", "tax_percent", "Give a whole percentage from 0 to 100."},
	{"tax_percent=12.5", "tax_percent", "Give a whole percentage from 0 to 100."},
	{"tax_table=7000", "tax_table", "A withholding table number is 7100 to 7150 (or 6300 to 6350 for pensions)."},
	{"tax_percent=30&tax_table=7100", "tax_percent", "Give either a percentage or a table number, not both."},
	{NULL /* long caregiving */, "caregiving", "This text is too long."},
};

static void
test_form_bad_inputs(void **state)
{
	struct server *s = *state;
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		const struct bad_row *row = &bad_rows[i];
		char body[4096];
		/* The first value of a field counts: the row's come first. */
		if (row->fields != NULL)
			snprintf(body, sizeof body, "%s&%s", row->fields, BASE);
		else
			snprintf(body, sizeof body, "caregiving=%s&%s", long_text, BASE);
		struct http_res res;
		form_post(s, &lea, "/participants", body, &res);
		if (res.status != 422)
			fail_msg("row %zu (%s): status %ld", i, row->fields, res.status);
		char *err = error_beside(res.body, row->field);
		if (err == NULL || strcmp(err, row->error) != 0)
			fail_msg("row %zu (%s): error beside %s is \"%s\", want \"%s\"", i, row->fields, row->field,
				 err ? err : "(none)", row->error);
		free(err);
		/* The summary at the top links to the field. */
		char link[96];
		snprintf(link, sizeof link, "href=\"#%s\"", row->field);
		assert_true(res_contains(&res, link));
		/* What was typed is kept: the family name, or the blank the
		 * family name's own row typed. */
		assert_true(res_contains(&res, strcmp(row->field, "family_name") == 0
					       ? "value=\" \" id=\"family_name\""
					       : "value=\"Hassan\" id=\"family_name\""));
		http_res_free(&res);
	}
	/* Several errors at once, each beside its field. */
	struct http_res res;
	form_post(s, &lea, "/participants",
		  "given_name=&family_name=Hassan&birth_date=&gender=&postcode=1&phone=1&children=x", &res);
	assert_int_equal(res.status, 422);
	static const char *const fields[] = {"given_name", "birth_date", "gender", "postcode", "phone", "children"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char *err = error_beside(res.body, fields[i]);
		if (err == NULL)
			fail_msg("no error beside %s", fields[i]);
		free(err);
	}
	assert_true(res_contains(&res, "<textarea rows=\"4\" id=\"children\" name=\"children\""));
	/* The hint and the error ask for the same thing. */
	assert_true(res_contains(&res, "id=\"children-hint\">Each child&#39;s birth date as YYYY-MM-DD, "
				       "one per line or separated by commas.</p>"));
	char *kids = error_beside(res.body, "children");
	assert_string_equal(kids, "Write each child's birth date as YYYY-MM-DD, one per line or separated by commas.");
	free(kids);
	http_res_free(&res);
	/* Nothing was saved. */
	assert_int_equal(register_total(s), 0);
}

/* A good registration, then the same person again. */
static void
test_register_and_duplicates(void **state)
{
	struct server *s = *state;
	struct http_res res;
	/* The form offers the fieldsets and the selects. */
	assert_int_equal(http_get(s, "/participants/new", lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<legend>Identity</legend>"));
	assert_true(res_contains(&res, "<legend>Payment</legend>"));
	assert_true(res_contains(&res, "<select id=\"cefr_writing\" name=\"cefr_writing\""));
	assert_true(res_contains(&res, "<select id=\"gender\" name=\"gender\""));
	http_res_free(&res);

	form_post(s, &lea, "/participants",
		  "given_name=Hodan&family_name=Warsame&nin=01038890057&birth_date=&gender=female"
		  "&country_of_birth=Somalia&languages=Somali%2C+Arabic&interpreter=Somali"
		  "&arrival_date=2014-05-01&residence_basis=refugee&intro_ended=2018-06-30&schooling_years=6"
		  "&literate=yes&cefr_listening=B1&cefr_reading=A2&cefr_speaking=B1&cefr_writing=A1"
		  "&children=2012-01-01%0D%0A2015-02-02&caregiving=Collects+at+15%3A00"
		  "&phone=412+34+567&email=hodan%40example.no&address=Storgata+1&postcode=0150&city=Oslo"
		  "&bank_account=1234.56.78903&tax_percent=30", &res);
	assert_int_equal(res.status, 303);
	const char *loc = res_header(&res, "Location");
	assert_non_null(loc);
	long long id = 0;
	assert_int_equal(sscanf(loc, "/participants/%lld", &id), 1);
	assert_true(res_set_cookie(&res, "sc_flash") != NULL);
	http_res_free(&res);

	/* The overview shows every field and the history. */
	char path[64];
	snprintf(path, sizeof path, "/participants/%lld", id);
	assert_int_equal(http_get(s, path, lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	static const char *const shown[] = {"Warsame, Hodan", "01038890057", "1988-03-01", "Somalia",
					    "Somali, Arabic", "Refugee", "2018-06-30", "+4741234567",
					    "hodan@example.no", "1234.56.78903", "30 %", "2012-01-01\n2015-02-02",
					    "Collects at 15:00", "Change history", "Registered"};
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
		if (!res_contains(&res, shown[i]))
			fail_msg("the overview does not show %s", shown[i]);
	snprintf(path, sizeof path, "href=\"/participants/%lld/edit\"", id);
	assert_true(res_contains(&res, path));
	http_res_free(&res);

	/* The same nin: stopped, with a link to the registered participant. */
	form_post(s, &lea, "/participants",
		  "given_name=Hodan+A.&family_name=Warsame-Ali&nin=01038890057&gender=female", &res);
	assert_int_equal(res.status, 409);
	snprintf(path, sizeof path, "<a href=\"/participants/%lld\">", id);
	assert_true(res_contains(&res, path));
	assert_true(res_contains(&res, "already registered"));
	assert_false(res_contains(&res, "name=\"not_duplicate\""));
	char *err = error_beside(res.body, "nin");
	assert_non_null(err);
	assert_string_equal(err, "This number is already registered.");
	free(err);
	http_res_free(&res);
	/* ... even when the form says it is another person. */
	form_post(s, &lea, "/participants",
		  "given_name=Hodan&family_name=Warsame&nin=01038890057&gender=female&not_duplicate=1", &res);
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	assert_int_equal(register_total(s), 1);

	/* The same name and birth date, no number: stopped, but may go on. */
	form_post(s, &lea, "/participants", "given_name=HODAN&family_name=warsame&birth_date=1988-03-01&gender=female",
		  &res);
	assert_int_equal(res.status, 409);
	snprintf(path, sizeof path, "<a href=\"/participants/%lld\">", id);
	assert_true(res_contains(&res, path));
	assert_true(res_contains(&res, "name=\"not_duplicate\" value=\"1\""));
	assert_true(res_contains(&res, "value=\"HODAN\""));
	http_res_free(&res);
	assert_int_equal(register_total(s), 1);
	form_post(s, &lea, "/participants",
		  "given_name=HODAN&family_name=warsame&birth_date=1988-03-01&gender=female&not_duplicate=1", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(register_total(s), 2);

	/* The API: 409 with the existing id, then 201 with not_duplicate. */
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
				  "{\"given_name\":\"Hodan\",\"family_name\":\"Warsame\",\"nin\":\"01038890057\","
				  "\"gender\":\"female\"}", &j), 409);
	json_t *e = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "duplicate");
	assert_int_equal(jint(e, "existing_id"), id);
	assert_non_null(json_object_get(json_object_get(e, "fields"), "nin"));
	json_decref(j);
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
				  "{\"given_name\":\"Hodan\",\"family_name\":\"Warsame\",\"birth_date\":\"1988-03-01\","
				  "\"gender\":\"female\"}", &j), 409);
	assert_int_equal(jint(json_object_get(j, "error"), "existing_id"), id);
	json_decref(j);
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
				  "{\"given_name\":\"Hodan\",\"family_name\":\"Warsame\",\"birth_date\":\"1988-03-01\","
				  "\"gender\":\"female\",\"not_duplicate\":true}", &j), 201);
	json_decref(j);
	assert_int_equal(register_total(s), 3);

	/* The creation is in the audit log. */
	assert_int_equal(api_on(s, &admin, "/api/v1/audit?action=participant.create&per_page=200", NULL, &j), 200);
	assert_true(jint(j, "total") >= 3);
	json_decref(j);
}

/* The JSON API: 201 with the record, 422 with fields, 400 for unknown fields. */
static void
test_api(void **state)
{
	struct server *s = *state;
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
				  "{\"given_name\":\"Selam\",\"family_name\":\"Tesfay\",\"birth_date\":\"1991-09-09\","
				  "\"gender\":\"female\",\"languages\":[\"Tigrinya\",\"Amharic\"],\"interpreter\":\"Tigrinya\","
				  "\"children\":[\"2016-06-06\"],\"schooling_years\":9,\"literate\":true,"
				  "\"cefr_speaking\":\"a2\",\"phone\":\"+46 70 123 45 67\",\"tax_table\":\"7100\"}", &j), 201);
	long long id = jint(j, "id");
	assert_int_equal(jint(j, "version"), 1);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "registered");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "languages"), 1)), "Amharic");
	assert_string_equal(json_string_value(json_object_get(j, "interpreter")), "Tigrinya");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "children"), 0)), "2016-06-06");
	assert_int_equal(jint(j, "schooling_years"), 9);
	assert_true(json_is_true(json_object_get(j, "literate")));
	assert_string_equal(json_string_value(json_object_get(j, "cefr_speaking")), "A2");
	assert_true(json_is_null(json_object_get(j, "cefr_writing")));
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "+46701234567");
	assert_true(json_is_null(json_object_get(j, "tax_percent")));
	assert_string_equal(json_string_value(json_object_get(j, "tax_table")), "7100");
	json_decref(j);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", id);
	assert_int_equal(api_on(s, &lea, path, NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "family_name")), "Tesfay");
	json_decref(j);

	/* Bad fields: 422 naming each; nothing saved. */
	json_int_t before = register_total(s);
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
				  "{\"given_name\":\"\",\"family_name\":\"X\",\"birth_date\":\"2099-01-01\","
				  "\"gender\":\"female\",\"postcode\":\"12\"}", &j), 422);
	json_t *f = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(f, "given_name")), "This field is required.");
	assert_string_equal(json_string_value(json_object_get(f, "birth_date")), "The birth date must be in the past.");
	assert_string_equal(json_string_value(json_object_get(f, "postcode")), "must be 4 digits");
	json_decref(j);
	/* A member of the wrong type is refused before the rules are applied. */
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
				  "{\"given_name\":\"\",\"family_name\":\"X\",\"birth_date\":\"1990-01-01\","
				  "\"gender\":\"female\",\"children\":[1]}", &j), 422);
	f = json_object_get(json_object_get(j, "error"), "fields");
	assert_int_equal(json_object_size(f), 1);
	assert_string_equal(json_string_value(json_object_get(f, "children")), "Must be a list of dates (YYYY-MM-DD).");
	json_decref(j);
	/* Unknown fields: 400. */
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
				  "{\"given_name\":\"A\",\"family_name\":\"B\",\"birth_date\":\"1990-01-01\","
				  "\"gender\":\"female\",\"shoe_size\":42}", &j), 400);
	assert_non_null(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "shoe_size"));
	json_decref(j);
	assert_int_equal(register_total(s), before);

	/* An update sends the version and only what changes. */
	assert_int_equal(api_on(s, &lea, path, "{\"version\":1,\"city\":\"Bergen\"}", &j), 200);
	assert_int_equal(jint(j, "version"), 2);
	assert_string_equal(json_string_value(json_object_get(j, "city")), "Bergen");
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "+46701234567");
	json_decref(j);
	/* A stale version: 409 "stale" naming the changed field. */
	assert_int_equal(api_on(s, &lea, path, "{\"version\":1,\"email\":\"selam@example.no\"}", &j), 409);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "stale");
	assert_non_null(json_object_get(json_object_get(err, "fields"), "city"));
	assert_non_null(strstr(json_string_value(json_object_get(err, "message")), "City"));
	assert_int_equal(jint(err, "version"), 2);
	json_decref(j);
	assert_int_equal(api_on(s, &lea, path, "{\"city\":\"Oslo\"}", &j), 422);
	assert_non_null(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "version"));
	json_decref(j);
	assert_int_equal(api_on(s, &lea, path, "{\"version\":2,\"status\":\"active\"}", &j), 400);
	json_decref(j);
	assert_int_equal(api_on(s, &lea, "/api/v1/participants/999999", NULL, &j), 404);
	json_decref(j);
	assert_int_equal(api_on(s, &lea, "/api/v1/participants?status=gone", NULL, &j), 400);
	json_decref(j);
}

/* Each member accepts only its declared JSON type: anything else is a 422
 * naming every such member and the type expected, and nothing changes. */
#define TEXT "Must be text."
#define DATE "Must be a date as text (YYYY-MM-DD)."
#define WHOLE "Must be a whole number."
#define BOOL "Must be true or false."

static void
test_api_types(void **state)
{
	struct server *s = *state;
	json_int_t before = register_total(s);
	json_t *j = NULL;
	/* Every field of a participant, each of a wrong type, at once. */
	assert_int_equal(api_on(s, &lea, "/api/v1/participants",
		"{\"given_name\":123,\"family_name\":true,\"nin\":1234,\"birth_date\":19900101,\"gender\":null,"
		"\"country_of_birth\":[],\"citizenship\":{},\"languages\":5,\"interpreter\":false,"
		"\"arrival_date\":2014,\"residence_basis\":1,\"intro_ended\":[\"2018-06-30\"],"
		"\"schooling_years\":\"5\",\"literate\":\"yes\",\"cefr_listening\":1,\"cefr_reading\":2,"
		"\"cefr_speaking\":3,\"cefr_writing\":4.5,\"children\":\"2020-01-01\",\"caregiving\":1,"
		"\"phone\":41234567,\"email\":true,\"address\":0,\"postcode\":5003,\"city\":[],"
		"\"bank_account\":12345678903,\"tax_percent\":\"30\",\"tax_table\":7100,\"not_duplicate\":\"yes\"}",
		&j), 422);
	static const char *const all[] = {
		"given_name", TEXT, "family_name", TEXT, "nin", TEXT, "birth_date", DATE, "gender", TEXT,
		"country_of_birth", TEXT, "citizenship", TEXT, "languages", "Must be a list of texts.",
		"interpreter", TEXT, "arrival_date", DATE, "residence_basis", TEXT, "intro_ended", DATE,
		"schooling_years", WHOLE, "literate", BOOL, "cefr_listening", TEXT, "cefr_reading", TEXT,
		"cefr_speaking", TEXT, "cefr_writing", TEXT, "children", "Must be a list of dates (YYYY-MM-DD).",
		"caregiving", TEXT, "phone", TEXT, "email", TEXT, "address", TEXT, "postcode", TEXT, "city", TEXT,
		"bank_account", TEXT, "tax_percent", WHOLE, "tax_table", TEXT, "not_duplicate", BOOL, NULL,
	};
	assert_true(api_error_fields(j, "invalid", all));
	json_decref(j);

	/* The issue's examples one by one, on registering and on an update. */
	long long id = create(s, "{\"given_name\":\"Typed\",\"family_name\":\"Strictly\",\"birth_date\":\"1989-02-02\","
				 "\"gender\":\"female\",\"schooling_years\":4,\"literate\":false,"
				 "\"languages\":[\"Dari\"],\"children\":[\"2015-05-05\"]}");
	before++;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", id);
	static const struct {
		const char *member;   /* "key":value */
		const char *field, *message;
	} rows[] = {
		{"\"given_name\":123", "given_name", TEXT},
		{"\"given_name\":null", "given_name", TEXT},
		{"\"schooling_years\":\"5\"", "schooling_years", WHOLE},
		{"\"schooling_years\":5.0", "schooling_years", WHOLE},
		{"\"literate\":\"yes\"", "literate", BOOL},
		{"\"literate\":1", "literate", BOOL},
		{"\"children\":\"2020-01-01\"", "children", "Must be a list of dates (YYYY-MM-DD)."},
		{"\"children\":[\"2020-01-01\",null]", "children", "Must be a list of dates (YYYY-MM-DD)."},
		{"\"languages\":5", "languages", "Must be a list of texts."},
		{"\"languages\":\"Somali, Arabic\"", "languages", "Must be a list of texts."},
		{"\"languages\":[\"Somali\",5]", "languages", "Must be a list of texts."},
		{"\"birth_date\":[1990,1,1]", "birth_date", DATE},
		{"\"tax_percent\":true", "tax_percent", WHOLE},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char body[512];
		const char *pairs[] = {rows[i].field, rows[i].message, NULL};
		/* A good registration but for the row's member. */
		snprintf(body, sizeof body, "{\"family_name\":\"New\",\"gender\":\"male\",%s%s%s}",
			 strcmp(rows[i].field, "given_name") ? "\"given_name\":\"Row\"," : "",
			 strcmp(rows[i].field, "birth_date") ? "\"birth_date\":\"1990-01-01\"," : "", rows[i].member);
		if (api_on(s, &lea, "/api/v1/participants", body, &j) != 422 ||
		    !api_error_fields(j, "invalid", pairs))
			fail_msg("row %zu (%s): not refused on registering", i, rows[i].member);
		json_decref(j);
		snprintf(body, sizeof body, "{\"version\":1,%s}", rows[i].member);
		if (api_on(s, &lea, path, body, &j) != 422 || !api_error_fields(j, "invalid", pairs))
			fail_msg("row %zu (%s): not refused on updating", i, rows[i].member);
		json_decref(j);
	}
	/* A version of the wrong type, with a field: both named. */
	assert_int_equal(api_on(s, &lea, path, "{\"version\":\"1\",\"city\":5}", &j), 422);
	static const char *const two[] = {"version", "Must be the version you read, a whole number.", "city", TEXT, NULL};
	assert_true(api_error_fields(j, "invalid", two));
	json_decref(j);

	/* Nothing changed. */
	assert_int_equal(register_total(s), before);
	assert_int_equal(api_on(s, &lea, path, NULL, &j), 200);
	assert_int_equal(jint(j, "version"), 1);
	assert_string_equal(json_string_value(json_object_get(j, "given_name")), "Typed");
	assert_int_equal(jint(j, "schooling_years"), 4);
	assert_true(json_is_false(json_object_get(j, "literate")));
	assert_int_equal(json_array_size(json_object_get(j, "languages")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "children"), 0)), "2015-05-05");
	json_decref(j);

	/* null clears a field that may be empty. */
	assert_int_equal(api_on(s, &lea, path, "{\"version\":1,\"schooling_years\":null,\"literate\":null,"
						 "\"languages\":null,\"children\":[]}", &j), 200);
	assert_true(json_is_null(json_object_get(j, "schooling_years")));
	assert_true(json_is_null(json_object_get(j, "literate")));
	assert_int_equal(json_array_size(json_object_get(j, "languages")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "children")), 0);
	json_decref(j);
}

#undef TEXT
#undef DATE
#undef WHOLE
#undef BOOL

/* Two edits from the same loaded version: the first is kept, the second
 * refused with what changed, by whom. */
static void
test_version_conflict(void **state)
{
	struct server *s = *state;
	long long id = create(s, "{\"given_name\":\"Rahel\",\"family_name\":\"Haile\",\"birth_date\":\"1987-07-07\","
				 "\"gender\":\"female\",\"phone\":\"41111111\"}");
	char path[64], edit[64];
	snprintf(path, sizeof path, "/participants/%lld", id);
	snprintf(edit, sizeof edit, "/participants/%lld/edit", id);
	struct http_res res;
	assert_int_equal(http_get(s, edit, lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "name=\"version\" value=\"1\""));
	assert_true(res_contains(&res, "value=\"+4741111111\""));
	http_res_free(&res);

	/* First save (the leader): the phone. */
	const char *common = "version=1&given_name=Rahel&family_name=Haile&birth_date=1987-07-07&gender=female";
	char body[512];
	snprintf(body, sizeof body, "%s&phone=42222222", common);
	form_post(s, &lea, path, body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	/* Second save from version 1 (Kari, her contact person now): refused. */
	assert_int_equal(assign(s, id, kari_id), 200);
	snprintf(body, sizeof body, "%s&phone=41111111&email=rahel%%40example.no", common);
	form_post(s, &kari, path, body, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Lea Leder changed Phone at "));
	assert_true(res_contains(&res, "Nothing was saved"));
	/* The form is at the new version and keeps what Kari typed, but not
	 * over Lea's phone: that shows what Lea saved, with Kari's beside it. */
	assert_true(res_contains(&res, "name=\"version\" value=\"2\""));
	assert_true(res_contains(&res, "value=\"rahel@example.no\""));
	assert_true(res_contains(&res, "value=\"+4742222222\""));
	assert_false(res_contains(&res, "value=\"41111111\""));
	char *note = text_after(res.body, "id=\"phone-note\">", '<');
	assert_non_null(note);
	assert_string_equal(note, "Lea Leder changed this after you opened the form; it shows what they saved. "
				  "You had: 41111111");
	free(note);
	assert_true(res_contains(&res, "aria-describedby=\"phone-hint phone-note\""));
	http_res_free(&res);
	json_t *j = NULL;
	char api_path[64];
	snprintf(api_path, sizeof api_path, "/api/v1/participants/%lld", id);
	assert_int_equal(api_on(s, &lea, api_path, NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "+4742222222");
	assert_string_equal(json_string_value(json_object_get(j, "email")), "");
	assert_int_equal(jint(j, "version"), 2);
	json_decref(j);

	/* Saving the form as shown works, and the history shows both. */
	snprintf(body, sizeof body,
		 "version=2&given_name=Rahel&family_name=Haile&birth_date=1987-07-07&gender=female"
		 "&phone=%%2B4742222222&email=rahel%%40example.no");
	form_post(s, &kari, path, body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(http_get(s, path, kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<td>3</td><td><ul class=\"change-values\"><li>E-mail: "
				       "<span class=\"old-value\">Not given</span> \xE2\x86\x92 "
				       "<span class=\"new-value\">rahel@example.no</span></li></ul></td>"
				       "<td>Kari Nordmann</td>"));
	assert_true(res_contains(&res, "<td>2</td><td><ul class=\"change-values\"><li>Phone: "
				       "<span class=\"old-value\">+4741111111</span> \xE2\x86\x92 "
				       "<span class=\"new-value\">+4742222222</span></li></ul></td>"
				       "<td>Lea Leder</td>"));
	http_res_free(&res);

	/* A bad edit: 422 beside the field, nothing saved. */
	snprintf(body, sizeof body, "version=3&given_name=Rahel&family_name=Haile&birth_date=1987-07-07"
				    "&gender=female&postcode=12");
	form_post(s, &kari, path, body, &res);
	assert_int_equal(res.status, 422);
	char *err = error_beside(res.body, "postcode");
	assert_non_null(err);
	assert_string_equal(err, "must be 4 digits");
	free(err);
	http_res_free(&res);
	assert_int_equal(api_on(s, &lea, api_path, NULL, &j), 200);
	assert_int_equal(jint(j, "version"), 3);
	json_decref(j);
	/* No version: 400. */
	form_post(s, &kari, path, "given_name=Rahel", &res);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
}

/* A version above the saved one is as stale as one below it: 409 with
 * the saved version, on the form and the API, and nothing is saved. */
static void
test_version_above_current(void **state)
{
	struct server *s = *state;
	long long id = create(s, "{\"given_name\":\"Yonas\",\"family_name\":\"Above\",\"birth_date\":\"1986-06-06\","
				 "\"gender\":\"male\"}");
	char path[64], api_path[64];
	snprintf(path, sizeof path, "/participants/%lld", id);
	snprintf(api_path, sizeof api_path, "/api/v1/participants/%lld", id);
	struct http_res res;
	form_post(s, &lea, path, "version=99&given_name=Yonas&family_name=Above&birth_date=1986-06-06"
				 "&gender=male&city=Molde", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "id=\"conflict\""));
	assert_true(res_contains(&res, "The record is saved at version 1, not at the version this change was made from."));
	assert_true(res_contains(&res, "name=\"version\" value=\"1\""));
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, api_path, "{\"version\":99,\"city\":\"Molde\"}", &j), 409);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "stale");
	assert_string_equal(json_string_value(json_object_get(err, "message")),
			    "The record is saved at version 1, not at the version this change was made from.");
	assert_int_equal(jint(err, "version"), 1);
	json_decref(j);
	assert_int_equal(api_on(s, &lea, api_path, NULL, &j), 200);
	assert_int_equal(jint(j, "version"), 1);
	assert_string_equal(json_string_value(json_object_get(j, "city")), "");
	json_decref(j);
}

/* Search by name, number and phone, with paging. */
static void
test_search(void **state)
{
	struct server *s = *state;
	create(s, "{\"given_name\":\"Kari\",\"family_name\":\"Nordmann\",\"birth_date\":\"1980-01-01\","
		  "\"gender\":\"female\",\"nin\":\"\",\"phone\":\"98765432\"}");
	create(s, "{\"given_name\":\"Ola\",\"family_name\":\"Nordmann\",\"birth_date\":\"1988-03-02\","
		  "\"gender\":\"male\",\"nin\":\"02038890096\"}");
	create(s, "{\"given_name\":\"Anne-Marie\",\"family_name\":\"Øvrebø\",\"birth_date\":\"1982-01-01\","
		  "\"gender\":\"female\"}");
	create(s, "{\"given_name\":\"Mohammed\",\"family_name\":\"Hassan\",\"birth_date\":\"1983-01-01\","
		  "\"gender\":\"male\"}");
	static const struct {
		const char *q;
		const char *want;   /* a name in the results, or NULL for none */
		json_int_t total;
	} rows[] = {
		{"nordmann", "Nordmann", 2},
		{"kari+nord", "Kari", 1},
		{"Nordmann%2C+Ola", "Ola", 1},
		{"%C3%98VREB%C3%98", "Anne-Marie", 1},
		{"marie", "Anne-Marie", 1},
		{"02038890096", "Ola", 1},
		{"020388", "Ola", 1},
		{"98765432", "Kari", 1},
		{"987+65+432", "Kari", 1},
		{"%2B47+987+65+432", "Kari", 1},
		{"Muhammad+Hasan", "Mohammed", 1},   /* another spelling of the same name */
		{"pfbq", NULL, 0},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char path[160];
		snprintf(path, sizeof path, "/api/v1/participants?q=%s", rows[i].q);
		json_t *j = NULL;
		assert_int_equal(api_on(s, &lea, path, NULL, &j), 200);
		if (jint(j, "total") != rows[i].total)
			fail_msg("q=%s: total %lld, want %lld", rows[i].q, (long long)jint(j, "total"),
				 (long long)rows[i].total);
		assert_false(json_is_true(json_object_get(j, "total_capped")));
		if (rows[i].want != NULL) {
			json_t *first = json_array_get(json_object_get(j, "items"), 0);
			const char *given = json_string_value(json_object_get(first, "given_name"));
			const char *family = json_string_value(json_object_get(first, "family_name"));
			if (strstr(given, rows[i].want) == NULL && strstr(family, rows[i].want) == NULL)
				fail_msg("q=%s: first is %s %s", rows[i].q, given, family);
		}
		json_decref(j);
	}
	/* Paging. */
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, "/api/v1/participants?q=nordmann&per_page=1&page=2", NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(jint(j, "total"), 2);
	assert_int_equal(jint(j, "page"), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0),
							      "given_name")), "Ola");
	json_decref(j);

	/* The page: the search box keeps the query, the table links each. */
	struct http_res res;
	assert_int_equal(http_get(s, "/participants?q=nordmann", lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "value=\"nordmann\""));
	assert_true(res_contains(&res, "Nordmann, Kari</a>"));
	assert_true(res_contains(&res, "Nordmann, Ola</a>"));
	assert_false(res_contains(&res, "Haile"));
	assert_true(res_contains(&res, "2 participants."));
	assert_true(res_contains(&res, "href=\"/participants/new\""));
	http_res_free(&res);
	assert_int_equal(http_get(s, "/participants?status=waiting", lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "No participants match."));
	http_res_free(&res);
	assert_int_equal(http_get(s, "/participants?status=nonsense", lea.cookie, &res), 0);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
	/* Searches and lists are audited, without the query text. */
	assert_int_equal(api_on(s, &admin, "/api/v1/audit?action=participant.search&per_page=200", NULL, &j), 200);
	assert_true(jint(j, "total") >= 1);
	char *dump = json_dumps(j, 0);
	assert_null(strstr(dump, "nordmann"));
	free(dump);
	json_decref(j);
}

/* A contact person: only their own participants, and a 404 (audited) for
 * another's by URL and by API. */
static void
test_contact_person_scope(void **state)
{
	struct server *s = *state;
	long long mine = create(s, "{\"given_name\":\"Sahra\",\"family_name\":\"Mohamed\",\"birth_date\":\"1989-09-09\","
				   "\"gender\":\"female\"}");
	long long theirs = create(s, "{\"given_name\":\"Sahra\",\"family_name\":\"Mohamud\",\"birth_date\":\"1988-08-08\","
				     "\"gender\":\"female\"}");
	long long nobody = create(s, "{\"given_name\":\"Sahra\",\"family_name\":\"Muse\",\"birth_date\":\"1987-08-08\","
				     "\"gender\":\"female\"}");
	(void)nobody;
	assert_int_equal(assign(s, mine, kari_id), 200);
	assert_int_equal(assign(s, theirs, per_id), 200);

	/* Lists and searches show only Kari's own. */
	json_t *j = NULL;
	assert_int_equal(api_on(s, &kari, "/api/v1/participants?q=sahra", NULL, &j), 200);
	assert_int_equal(jint(j, "total"), 1);
	assert_int_equal(jint(json_array_get(json_object_get(j, "items"), 0), "id"), mine);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(s, "/participants", kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Mohamed, Sahra"));
	assert_false(res_contains(&res, "Mohamud"));
	assert_false(res_contains(&res, "Muse"));
	assert_false(res_contains(&res, "href=\"/participants/new\""));
	http_res_free(&res);

	/* Her own: readable and editable. */
	char path[64];
	snprintf(path, sizeof path, "/participants/%lld", mine);
	assert_int_equal(http_get(s, path, kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);

	/* Another's: 404 by URL (page, edit form, save) and by API. */
	snprintf(path, sizeof path, "/participants/%lld", theirs);
	assert_int_equal(http_get(s, path, kari.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	assert_false(res_contains(&res, "Mohamud"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/participants/%lld/edit", theirs);
	assert_int_equal(http_get(s, path, kari.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	snprintf(path, sizeof path, "/participants/%lld", theirs);
	form_post(s, &kari, path, "version=1&given_name=X&family_name=Y&birth_date=1988-08-08&gender=female", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/participants/%lld", theirs);
	assert_int_equal(api_on(s, &kari, path, NULL, &j), 404);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "not_found");
	json_decref(j);
	assert_int_equal(api_on(s, &kari, path, "{\"version\":1,\"city\":\"X\"}", &j), 404);
	json_decref(j);
	/* Registering is not a contact person's job. */
	assert_int_equal(api_on(s, &kari, "/api/v1/participants",
				  "{\"given_name\":\"A\",\"family_name\":\"B\",\"birth_date\":\"1990-01-01\","
				  "\"gender\":\"female\"}", &j), 403);
	json_decref(j);
	assert_int_equal(api_on(s, &lea, path, NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "city")), "");
	json_decref(j);

	/* The audit log has the denials under Kari's name, for that record. */
	assert_int_equal(api_on(s, &admin, "/api/v1/audit?record_type=participant&action=access.denied&per_page=200", NULL, &j), 200);
	char id_text[32];
	snprintf(id_text, sizeof id_text, "%lld", theirs);
	int denied = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *action = json_string_value(json_object_get(it, "action"));
		const char *rid = json_string_value(json_object_get(it, "record_id"));
		const char *user = json_string_value(json_object_get(it, "user"));
		const char *outcome = json_string_value(json_object_get(it, "outcome"));
		if (strcmp(action, "access.denied") == 0 && rid && strcmp(rid, id_text) == 0 &&
		    strcmp(user, KARI) == 0) {
			assert_string_equal(outcome, "denied");
			denied++;
		}
	}
	json_decref(j);
	/* page, edit form, save, API read, API save */
	assert_int_equal(denied, 5);
}

/* ---- links from the list ---- */

/* The list links to the register export for everyone who may export (a
 * contact person gets their own caseload), and to the import for those who
 * register; the links work; no link for those whose export is refused. */
static void
test_export_link(void **state)
{
	struct server *s = *state;
	static const char xlsx[] = "href=\"/participants/export?format=xlsx\"";
	static const char csv[] = "href=\"/participants/export?format=csv\"";
	struct http_res res;
	assert_int_equal(http_get(s, "/participants", lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, xlsx));
	assert_true(res_contains(&res, csv));
	assert_true(res_contains(&res, "href=\"/participants/import\""));
	http_res_free(&res);
	assert_int_equal(http_get(s, "/participants", kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, xlsx));
	assert_false(res_contains(&res, "href=\"/participants/import\""));
	http_res_free(&res);
	const struct session *who[] = {&lea, &kari};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(http_get(s, "/participants/export?format=xlsx", who[i]->cookie, &res), 0);
		assert_int_equal(res.status, 200);
		assert_true(res.body_len > 4 && memcmp(res.body, "PK", 2) == 0);
		http_res_free(&res);
	}
	/* A teacher and a liaison read the register but no one's every
	 * exported part: no link to an export that would answer 403. */
	static const char *const roles[] = {"teacher", "liaison"};
	for (size_t i = 0; i < 2; i++) {
		char user[32];
		snprintf(user, sizeof user, "export.%s", roles[i]);
		assert_int_equal(cli_user_add(s, user, "Export Test", roles[i], PASSWORD), 0);
		struct session sess;
		assert_int_equal(sign_in(s, user, PASSWORD, &sess), 0);
		assert_int_equal(http_get(s, "/participants", sess.cookie, &res), 0);
		assert_int_equal(res.status, 200);
		assert_false(res_contains(&res, xlsx));
		assert_false(res_contains(&res, csv));
		http_res_free(&res);
		assert_int_equal(http_get(s, "/participants/export?format=xlsx", sess.cookie, &res), 0);
		assert_int_equal(res.status, 403);
		http_res_free(&res);
	}
}

/* ---- the change history ---- */

/* The history shows each changed field with its old and new value; the
 * identity number only as changed, its numbers nowhere in the history. */
static void
test_history_values(void **state)
{
	struct server *s = *state;
	long long id = create(s, "{\"given_name\":\"Hibo\",\"family_name\":\"Historie\",\"nin\":\"03029110025\","
				 "\"gender\":\"female\",\"phone\":\"41234567\"}");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", id);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, path,
				  "{\"version\":1,\"phone\":\"98765432\",\"nin\":\"03029110106\",\"gender\":\"other\"}",
				  &j), 200);
	json_decref(j);
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld", id);
	assert_int_equal(http_get(s, path, lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	const char *history = strstr(res.body, "id=\"history\"");
	assert_non_null(history);
	if (strstr(history, "<li>Phone: <span class=\"old-value\">+4741234567</span> \xE2\x86\x92 "
			    "<span class=\"new-value\">+4798765432</span></li>") == NULL)
		fail_msg("no phone values in the history:\n%s", history);
	assert_non_null(strstr(history, "<li>Gender: <span class=\"old-value\">Female</span> \xE2\x86\x92 "
				      "<span class=\"new-value\">Other</span></li>"));
	assert_non_null(strstr(history, "<li>National identity number or D-number: changed</li>"));
	assert_null(strstr(history, "03029110025"));
	assert_null(strstr(history, "03029110106"));
	/* The old number is nowhere on the page. */
	assert_false(res_contains(&res, "03029110025"));
	http_res_free(&res);
}

/* Speaking A1 -> A2 -> B1: the participant page keeps each level with its
 * date, per skill. */
static void
test_level_history(void **state)
{
	struct server *s = *state;
	long long id = create(s, "{\"given_name\":\"Ayan\",\"family_name\":\"Levels\",\"birth_date\":\"1991-01-01\","
				 "\"gender\":\"female\",\"cefr_speaking\":\"A1\",\"cefr_reading\":\"A2\"}");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", id);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, path, "{\"version\":1,\"cefr_speaking\":\"A2\"}", &j), 200);
	json_decref(j);
	assert_int_equal(api_on(s, &lea, path, "{\"version\":2,\"cefr_speaking\":\"B1\"}", &j), 200);
	json_decref(j);
	/* A save that touches no level adds none. */
	assert_int_equal(api_on(s, &lea, path, "{\"version\":3,\"city\":\"Bergen\"}", &j), 200);
	json_decref(j);

	char today[11];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld", id);
	assert_int_equal(http_get(s, path, lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	char want[512];
	snprintf(want, sizeof want,
		 "<tr id=\"levels-speaking\"><th scope=\"row\">Speaking</th><td><ol class=\"level-history\">"
		 "<li><strong>A1</strong> <span class=\"muted\">%s</span></li>"
		 "<li><strong>A2</strong> <span class=\"muted\">%s</span></li>"
		 "<li><strong>B1</strong> <span class=\"muted\">%s</span></li></ol></td></tr>",
		 today, today, today);
	if (!res_contains(&res, want))
		fail_msg("no speaking history; page:\n%s", strstr(res.body, "id=\"levels\""));
	snprintf(want, sizeof want,
		 "<tr id=\"levels-reading\"><th scope=\"row\">Reading</th><td><ol class=\"level-history\">"
		 "<li><strong>A2</strong> <span class=\"muted\">%s</span></li></ol></td></tr>", today);
	assert_true(res_contains(&res, want));
	assert_false(res_contains(&res, "id=\"levels-writing\""));
	http_res_free(&res);
}

/* ---- setup ---- */

static long long
my_id(const struct server *s, const struct session *sess)
{
	json_t *j = NULL;
	assert_int_equal(api_on(s, sess, "/api/v1/me", NULL, &j), 200);
	long long id = jint(j, "id");
	json_decref(j);
	return id;
}

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	struct server *s = *state;
	if (cli_user_add(s, LEADER, "Lea Leder", "leader", PASSWORD) != 0 ||
	    cli_user_add(s, KARI, "Kari Nordmann", "contact", PASSWORD) != 0 ||
	    cli_user_add(s, PER, "Per Kontakt", "contact", PASSWORD) != 0)
		return -1;
	if (sign_in(s, LEADER, PASSWORD, &lea) != 0 || sign_in(s, KARI, PASSWORD, &kari) != 0 ||
	    sign_in(s, PER, PASSWORD, &per) != 0 || sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin) != 0)
		return -1;
	if (session_set_lang(s, &lea, "en") != 0 || session_set_lang(s, &kari, "en") != 0 ||
	    session_set_lang(s, &admin, "en") != 0)
		return -1;
	kari_id = my_id(s, &kari);
	per_id = my_id(s, &per);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_bad_inputs),
		cmocka_unit_test(test_register_and_duplicates),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_api_types),
		cmocka_unit_test(test_version_conflict),
		cmocka_unit_test(test_version_above_current),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_contact_person_scope),
		cmocka_unit_test(test_export_link),
		cmocka_unit_test(test_history_values),
		cmocka_unit_test(test_level_history),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
