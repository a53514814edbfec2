/*
 * test_caseloads.c — contact persons and caseloads through the real server:
 * assigning a contact person (form and API) with its history and audit
 * entry; every bad input refused with the error beside its field and
 * nothing changed (unknown contact person, cap out of range or below the
 * active count, an empty bulk selection, a full caseload); bulk
 * reassignment all or nothing; the leader's overview; filters and saved
 * filters; the export; and a contact person who opens another's caseload
 * getting 403, audited.
 *
 * State is set up and read through the API only (participants through
 * POST /api/v1/participants, programme periods through their enrolment,
 * meetings through the follow-up API, the audit log as the administrator),
 * so the test runs the same whatever database the server uses.
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

#define PW "a long password 123"

static struct server *srv;
static struct session lea, kari, ola, admin;
static long long id_lea, id_kari, id_ola, id_nina, id_capper, id_leaving, id_bulkto;

static long api(const struct session *sess, const char *path, const char *body, json_t **out);

/* ---- state through the API ---- */

/* Today plus days (negative: before), YYYY-MM-DD in the local zone. */
static void
day(int days, char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_hour = 12;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static long long
jint(json_t *j, const char *key)
{
	return (long long)json_integer_value(json_object_get(j, key));
}

/* POSTs JSON as lea and fails the test unless the status is want; returns
 * the answer's "id" and, when version is not NULL, its "version". */
static long long
post_json(const char *path, const char *body, long want, long long *version)
{
	json_t *j = NULL;
	long st = api(&lea, path, body, &j);
	if (st != want)
		fail_msg("POST %s %s: %ld", path, body, st);
	long long id = jint(j, "id");
	if (version != NULL)
		*version = jint(j, "version");
	json_decref(j);
	return id;
}

/* A programme period of the participant from start (no contact person);
 * returns the period's id and its version in *version. */
static long long
enrol(long long pid, const char *start, long long *version)
{
	char path[96], body[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", start);
	return post_json(path, body, 201, version);
}

/*
 * A participant registered through the API with that status and no
 * contact person: "registered" as registered; "active" with a programme
 * period from yesterday; "paused" with that period paused.
 */
static long long
participant(const char *given, const char *family, const char *status)
{
	static int seq;
	seq++;
	char body[256];
	snprintf(body, sizeof body, "{\"given_name\":\"%s\",\"family_name\":\"%s\","
		 "\"birth_date\":\"19%02d-%02d-%02d\",\"gender\":\"female\"}",
		 given, family, 60 + seq % 35, 1 + seq % 12, 1 + seq % 28);
	long long pid = post_json("/api/v1/participants", body, 201, NULL);
	if (strcmp(status, "registered") == 0)
		return pid;
	char yesterday[11];
	day(-1, yesterday);
	long long version = 0;
	long long eid = enrol(pid, yesterday, &version);
	if (strcmp(status, "paused") == 0) {
		char path[96];
		snprintf(path, sizeof path, "/api/v1/enrolments/%lld/pause", eid);
		snprintf(body, sizeof body, "{\"version\":%lld,\"reason\":\"Sick leave\"}", version);
		json_t *j = NULL;
		long st = api(&lea, path, body, &j);
		json_decref(j);
		if (st != 200)
			fail_msg("pause %lld: %ld", pid, st);
	}
	return pid;
}

/* The participant's contact person and history, as lea reads them. */
static json_t *
contact_json(long long pid)
{
	char path[80];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", pid);
	json_t *j = NULL;
	assert_int_equal(api(&lea, path, NULL, &j), 200);
	return j;
}

static long long
contact_of(long long pid)
{
	json_t *j = contact_json(pid);
	json_t *c = json_object_get(j, "contact");
	long long id = json_is_null(c) ? 0 : jint(c, "id");
	json_decref(j);
	return id;
}

static long long
assignments_of(long long pid)
{
	json_t *j = contact_json(pid);
	long long n = (long long)json_array_size(json_object_get(j, "history"));
	json_decref(j);
	return n;
}

/* Entries of the audit log with action and record id (and user, unless
 * NULL), as the administrator reads them. */
static long long
audit_count(const char *action, const char *record_type, const char *record_id, const char *user)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/audit?action=%s&record_id=%s&per_page=1%s%s%s%s", action, record_id,
		 record_type ? "&record_type=" : "", record_type ? record_type : "", user ? "&user=" : "",
		 user ? user : "");
	json_t *j = NULL;
	assert_int_equal(api(&admin, path, NULL, &j), 200);
	long long n = jint(j, "total");
	json_decref(j);
	return n;
}

static long long
audits(const char *action, const char *record_id)
{
	return audit_count(action, NULL, record_id, NULL);
}

/* The id of a user, from the administrator's list. */
static long long
user_id(const char *username)
{
	json_t *j = NULL;
	assert_int_equal(api(&admin, "/api/v1/users?per_page=200", NULL, &j), 200);
	long long id = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "username")), username) == 0)
			id = jint(it, "id");
	json_decref(j);
	return id;
}

/* ---- requests ---- */

/* api_call(), and a failed test when an answer asked for is not JSON. */
static long
api(const struct session *sess, const char *path, const char *body, json_t **out)
{
	long status = api_call(sess, path, body, out);
	if (out != NULL && *out == NULL)
		fail_msg("%s: not JSON (%ld)", path, status);
	return status;
}

/* POSTs a form (the session's csrf is added first). */
static void
post(const struct session *sess, const char *path, const char *fields, struct http_res *res)
{
	char body[4096];
	snprintf(body, sizeof body, "csrf=%s&%s", sess->csrf, fields);
	assert_int_equal(http_post_form(srv, path, sess->cookie, body, res), 0);
}

static void
assert_field_error(const struct http_res *res, const char *field, const char *want)
{
	char *got = page_field_error(res, field);
	if (got == NULL)
		fail_msg("no error beside %s (status %ld)", field, res->status);
	if (strstr(got, want) == NULL)
		fail_msg("error beside %s: \"%s\", want \"%s\"", field, got, want);
	free(got);
}

/* True when the bulk checkbox of participant id is ticked. */
static bool
ticked(const struct http_res *res, long long id)
{
	char marker[96];
	snprintf(marker, sizeof marker, "name=\"participant\" value=\"%lld\"", id);
	const char *at = strstr(res->body, marker);
	if (at == NULL)
		return false;
	const char *end = strchr(at, '>');
	const char *checked = strstr(at, " checked");
	return end != NULL && checked != NULL && checked < end;
}

static const char *
json_field(json_t *j, const char *field)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), field));
}

static const char *
json_code(json_t *j)
{
	return json_string_value(json_object_get(json_object_get(j, "error"), "code"));
}

/* A contact person's figures from GET /api/v1/caseloads/ID. */
static json_int_t
caseload_figure(long long uid, const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld", uid);
	json_t *j = NULL;
	assert_int_equal(api(&lea, path, NULL, &j), 200);
	json_int_t v = json_integer_value(json_object_get(json_object_get(j, "contact"), key));
	json_decref(j);
	return v;
}

/* ---- assigning one participant ---- */

static void
test_api_assign_and_history(void **state)
{
	(void)state;
	long long p = participant("Amina", "Warsame", "active");
	char path[80], body[256], rid[32];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", p);
	snprintf(rid, sizeof rid, "%lld", p);
	json_t *j = NULL;

	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"First contact\"}", id_kari);
	assert_int_equal(api(&lea, path, body, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "contact"), "id")), id_kari);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "contact"), "name")),
			    "Kari Nordmann");
	json_decref(j);
	assert_int_equal(contact_of(p), id_kari);
	assert_int_equal(audits("assignment.create", rid), 1);

	/* reassign: the history keeps who followed whom */
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"Kari on leave\"}", id_ola);
	assert_int_equal(api(&lea, path, body, &j), 200);
	json_decref(j);
	assert_int_equal(api(&lea, path, NULL, &j), 200);
	json_t *h = json_object_get(j, "history");
	assert_int_equal(json_array_size(h), 2);
	json_t *h0 = json_array_get(h, 0), *h1 = json_array_get(h, 1);
	assert_int_equal(json_integer_value(json_object_get(h0, "contact_id")), id_ola);
	assert_true(json_is_null(json_object_get(h0, "to")));
	assert_string_equal(json_string_value(json_object_get(h0, "reason")), "Kari on leave");
	assert_string_equal(json_string_value(json_object_get(h0, "assigned_by_name")), "Lea Leader");
	assert_int_equal(json_integer_value(json_object_get(h1, "contact_id")), id_kari);
	assert_true(json_is_string(json_object_get(h1, "to")));
	json_decref(j);
	assert_int_equal(audits("assignment.create", rid), 2);

	/* Kari's side of the history: Amina came and went */
	char hpath[80];
	snprintf(hpath, sizeof hpath, "/api/v1/caseloads/%lld/history", id_kari);
	assert_int_equal(api(&kari, hpath, NULL, &j), 200);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "participant_id")), p);
	assert_string_equal(json_string_value(json_object_get(first, "family_name")), "Warsame");
	assert_true(json_is_string(json_object_get(first, "to")));
	json_decref(j);
	struct http_res hres;
	snprintf(hpath, sizeof hpath, "/caseloads/%lld/history", id_kari);
	session_get(&kari, hpath, &hres);
	assert_int_equal(hres.status, 200);
	assert_true(res_contains(&hres, "Warsame, Amina"));
	assert_true(res_contains(&hres, "First contact"));
	http_res_free(&hres);
	session_get(&ola, hpath, &hres);
	assert_int_equal(hres.status, 403);
	http_res_free(&hres);

	/* the page shows the current contact person and the history */
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/contact", p);
	session_get(&lea, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"current-contact\"><a href=\"/caseloads/"));
	assert_true(res_contains(&res, "Kari on leave"));
	assert_true(res_contains(&res, "First contact"));
	assert_true(res_contains(&res, "<th scope=\"col\">"));
	http_res_free(&res);
}

static void
test_api_assign_bad_input(void **state)
{
	(void)state;
	long long p = participant("Hodan", "Ali", "active");
	char path[80], body[800];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", p);
	json_t *j = NULL;

	static const struct { const char *body; long status; const char *field; } rows[] = {
		{ "{\"contact_id\":999999}", 422, "contact_id" },         /* no such user */
		{ "{\"contact_id\":\"abc\"}", 422, "contact_id" },
		{ "{\"contact_id\":0}", 422, "contact_id" },
		{ "{}", 422, "contact_id" },
		{ "{\"contact_id\":1,\"reason\":5}", 422, "reason" },
		{ "{\"contact_id\":1,\"colour\":\"red\"}", 400, "colour" },  /* unknown field */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(api(&lea, path, rows[i].body, &j), rows[i].status);
		if (json_field(j, rows[i].field) == NULL)
			fail_msg("%s: no error for %s", rows[i].body, rows[i].field);
		json_decref(j);
	}
	/* not a contact person: the leader herself */
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", id_lea);
	assert_int_equal(api(&lea, path, body, &j), 422);
	assert_string_equal(json_field(j, "contact_id"), "Choose an active contact person from the list.");
	json_decref(j);
	/* a reason that is too long */
	char reason[520];
	memset(reason, 'x', 501);
	reason[501] = '\0';
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"%s\"}", id_kari, reason);
	assert_int_equal(api(&lea, path, body, &j), 422);
	assert_non_null(json_field(j, "reason"));
	json_decref(j);
	/* no such participant */
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", id_kari);
	assert_int_equal(api(&lea, "/api/v1/participants/999999/contact", body, &j), 404);
	json_decref(j);
	/* nothing changed */
	assert_int_equal(contact_of(p), 0);
	assert_int_equal(assignments_of(p), 0);
}

static void
test_full_caseload_refused(void **state)
{
	(void)state;
	/* Nina gets a cap of 2 and two participants */
	char path[80], body[256];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", id_nina);
	assert_int_equal(api(&lea, path, "{\"cap\":2}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "cap")), 2);
	json_decref(j);
	long long a = participant("Full", "One", "active");
	long long b = participant("Full", "Two", "paused");
	long long c = participant("Full", "Three", "active");
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", id_nina);
	long long abc[] = { a, b, c };
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", abc[i]);
		assert_int_equal(api(&lea, path, body, &j), 200);
		json_decref(j);
	}
	/* the third: 409 caseload_full, nothing changed */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", c);
	assert_int_equal(api(&lea, path, body, &j), 409);
	assert_string_equal(json_code(j), "caseload_full");
	assert_non_null(strstr(json_field(j, "contact_id"), "Nina Contact has no free places: 2 of 2."));
	json_decref(j);
	assert_int_equal(contact_of(c), 0);
	assert_int_equal(assignments_of(c), 0);

	/* the form: the select marks her full; choosing her anyway is a 409
	 * with the message beside the field */
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/contact", c);
	session_get(&lea, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Nina Contact (2 of 2, full)"));
	assert_true(res_contains(&res, "<select id=\"contact_id\" name=\"contact_id\""));
	http_res_free(&res);
	snprintf(body, sizeof body, "contact_id=%lld&reason=Try+anyway", id_nina);
	post(&lea, path, body, &res);
	assert_int_equal(res.status, 409);
	assert_field_error(&res, "contact_id", "Nina Contact has no free places: 2 of 2.");
	assert_true(res_contains(&res, "value=\"Try anyway\""));
	http_res_free(&res);
	/* no contact person chosen */
	post(&lea, path, "contact_id=&reason=", &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "contact_id", "Choose a contact person.");
	http_res_free(&res);
	/* a user who is not a contact person */
	snprintf(body, sizeof body, "contact_id=%lld", id_lea);
	post(&lea, path, body, &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "contact_id", "Choose an active contact person from the list.");
	http_res_free(&res);
	assert_int_equal(contact_of(c), 0);
	assert_int_equal(assignments_of(c), 0);

	/* the form assigns to someone with room */
	snprintf(body, sizeof body, "contact_id=%lld&reason=New+start", id_kari);
	post(&lea, path, body, &res);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), path);
	http_res_free(&res);
	assert_int_equal(contact_of(c), id_kari);
}

/* ---- caps ---- */

static void
test_cap_bad_input(void **state)
{
	(void)state;
	long long u = id_capper;
	for (int i = 0; i < 3; i++) {
		long long p = participant("Cap", i == 0 ? "Aa" : i == 1 ? "Bb" : "Cc", "active");
		char path[80], body[64];
		json_t *j = NULL;
		snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", p);
		snprintf(body, sizeof body, "{\"contact_id\":%lld}", u);
		assert_int_equal(api(&lea, path, body, &j), 200);
		json_decref(j);
	}
	char path[64], rid[32];
	snprintf(path, sizeof path, "/caseloads/%lld/cap", u);
	snprintf(rid, sizeof rid, "%lld", u);
	static const struct { const char *body; const char *err; } rows[] = {
		{ "cap=0", "The cap must be a whole number from 1 to 60." },
		{ "cap=61", "The cap must be a whole number from 1 to 60." },
		{ "cap=abc", "The cap must be a whole number from 1 to 60." },
		{ "cap=", "The cap must be a whole number from 1 to 60." },
		{ "cap=2", "This contact person has 3 active participants; the cap cannot be lower." },
	};
	struct http_res res;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		post(&lea, path, rows[i].body, &res);
		if (res.status != 422)
			fail_msg("%s: %ld", rows[i].body, res.status);
		assert_field_error(&res, "cap", rows[i].err);
		http_res_free(&res);
	}
	/* nothing changed */
	assert_int_equal(caseload_figure(u, "cap"), 18);
	assert_int_equal(caseload_figure(u, "own_cap"), 0);
	assert_int_equal(audits("caseload.cap", rid), 0);

	/* the API refuses the same */
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", u);
	static const char *const bad[] = { "{\"cap\":0}", "{\"cap\":61}", "{\"cap\":\"12\"}", "{}", "{\"cap\":2}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = NULL;
		assert_int_equal(api(&lea, path, bad[i], &j), 422);
		assert_non_null(json_field(j, "cap"));
		json_decref(j);
	}
	json_t *j = NULL;
	assert_int_equal(api(&lea, path, "{\"cap\":18,\"extra\":1}", &j), 400);
	json_decref(j);
	/* not a contact person; no such user */
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", id_lea);
	assert_int_equal(api(&lea, path, "{\"cap\":10}", &j), 422);
	json_decref(j);
	assert_int_equal(api(&lea, "/api/v1/caseloads/999999/cap", "{\"cap\":10}", &j), 404);
	json_decref(j);
	assert_int_equal(caseload_figure(u, "cap"), 18);

	/* a good cap: saved, audited, shown */
	snprintf(path, sizeof path, "/caseloads/%lld/cap", u);
	post(&lea, path, "cap=3", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(caseload_figure(u, "cap"), 3);
	assert_int_equal(caseload_figure(u, "free_places"), 0);
	assert_int_equal(audits("caseload.cap", rid), 1);

	/* a contact person may not set caps, not even their own */
	snprintf(path, sizeof path, "/caseloads/%lld/cap", id_kari);
	post(&kari, path, "cap=30", &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(caseload_figure(id_kari, "cap"), 18);
}

/* ---- bulk ---- */

static void
test_bulk(void **state)
{
	(void)state;
	long long from = id_leaving;
	long long to = id_bulkto;
	/* "to" has a cap of 4 and 3 participants: room for 1 */
	char path[80], body[512];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", to);
	assert_int_equal(api(&lea, path, "{\"cap\":4}", &j), 200);
	json_decref(j);
	long long ids[5];
	for (int i = 0; i < 5; i++) {
		char family[16];
		snprintf(family, sizeof family, "Bulk%c", 'A' + i);
		ids[i] = participant("Leila", family, "active");
		snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", ids[i]);
		snprintf(body, sizeof body, "{\"contact_id\":%lld}", i < 3 ? to : from);
		assert_int_equal(api(&lea, path, body, &j), 200);
		json_decref(j);
	}
	/* registered, not yet in the programme: in a caseload, not counted */
	long long w = participant("Waiting", "Bulk", "registered");

	/* API: two active into room for one → 409, nothing moved */
	snprintf(body, sizeof body, "{\"participant_ids\":[%lld,%lld],\"contact_id\":%lld,\"reason\":\"leave\"}",
		 ids[3], ids[4], to);
	assert_int_equal(api(&lea, "/api/v1/caseloads/bulk", body, &j), 409);
	assert_string_equal(json_code(j), "caseload_full");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "Bulk Target has room for 1 more active participants; you chose 2.");
	json_decref(j);
	assert_int_equal(contact_of(ids[3]), from);
	assert_int_equal(contact_of(ids[4]), from);

	/* API: bad input */
	static const struct { const char *body; const char *field; } rows[] = {
		{ "{\"participant_ids\":[],\"contact_id\":1}", "participant_ids" },
		{ "{\"participant_ids\":\"1,2\",\"contact_id\":1}", "participant_ids" },
		{ "{\"participant_ids\":[\"x\"],\"contact_id\":1}", "participant_ids" },
		{ "{\"participant_ids\":[1]}", "contact_id" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(api(&lea, "/api/v1/caseloads/bulk", rows[i].body, &j), 422);
		if (json_field(j, rows[i].field) == NULL)
			fail_msg("%s: no error for %s", rows[i].body, rows[i].field);
		json_decref(j);
	}
	snprintf(body, sizeof body, "{\"participant_ids\":[%lld,999999],\"contact_id\":%lld}", ids[3], to);
	assert_int_equal(api(&lea, "/api/v1/caseloads/bulk", body, &j), 422);
	assert_string_equal(json_field(j, "participant_ids"), "There is no participant with id 999999.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"participant_ids\":[%lld],\"contact_id\":999999}", ids[3]);
	assert_int_equal(api(&lea, "/api/v1/caseloads/bulk", body, &j), 422);
	assert_non_null(json_field(j, "contact_id"));
	json_decref(j);
	assert_int_equal(contact_of(ids[3]), from);

	/* the form: nothing chosen → error beside the list; full → 409 beside
	 * the contact person; nothing changed */
	struct http_res res;
	snprintf(body, sizeof body, "from=%lld&contact_id=%lld&reason=", from, to);
	post(&lea, "/caseloads/bulk", body, &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "participant", "Choose at least one participant.");
	http_res_free(&res);
	snprintf(body, sizeof body, "from=%lld&participant=%lld&participant=%lld&contact_id=%lld&reason=leave",
		 from, ids[3], ids[4], to);
	post(&lea, "/caseloads/bulk", body, &res);
	assert_int_equal(res.status, 409);
	assert_field_error(&res, "contact_id", "Bulk Target has room for 1 more active participants; you chose 2.");
	/* the choices stay ticked */
	assert_true(ticked(&res, ids[3]));
	assert_true(ticked(&res, ids[4]));
	http_res_free(&res);
	snprintf(body, sizeof body, "from=%lld&participant=%lld&contact_id=&reason=", from, ids[3]);
	post(&lea, "/caseloads/bulk", body, &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "contact_id", "Choose a contact person.");
	http_res_free(&res);
	assert_int_equal(contact_of(ids[3]), from);
	assert_int_equal(contact_of(ids[4]), from);
	assert_int_equal(caseload_figure(to, "active"), 3);

	/* one active and one waiting fit: both move, audited */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", w);
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", from);
	assert_int_equal(api(&lea, path, body, &j), 200);
	json_decref(j);
	snprintf(body, sizeof body, "from=%lld&participant=%lld&participant=%lld&contact_id=%lld&reason=leave",
		 from, ids[3], w, to);
	post(&lea, "/caseloads/bulk", body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(contact_of(ids[3]), to);
	assert_int_equal(contact_of(w), to);
	assert_int_equal(contact_of(ids[4]), from);
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", to);
	assert_int_equal(audits("caseload.bulk", rid), 1);
	snprintf(rid, sizeof rid, "%lld", ids[3]);
	assert_int_equal(audits("assignment.create", rid), 2);
	/* a contact person cannot bulk reassign */
	snprintf(body, sizeof body, "from=%lld&participant=%lld&contact_id=%lld", id_kari, ids[4], id_kari);
	post(&kari, "/caseloads/bulk", body, &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(contact_of(ids[4]), from);
}

/* ---- scope ---- */

static void
test_contact_person_sees_only_their_own(void **state)
{
	(void)state;
	struct http_res res;
	char path[80], own[64], rid[32];
	snprintf(own, sizeof own, "/caseloads/%lld", id_kari);
	/* the overview sends a contact person to their own caseload */
	session_get(&kari, "/caseloads", &res);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), own);
	http_res_free(&res);
	session_get(&kari, own, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Caseload of Kari Nordmann"));
	assert_false(res_contains(&res, "id=\"bulk\""));
	assert_false(res_contains(&res, "id=\"cap-form\""));
	http_res_free(&res);

	/* another's caseload: 403, audited */
	snprintf(path, sizeof path, "/caseloads/%lld", id_ola);
	snprintf(rid, sizeof rid, "%lld", id_ola);
	long long before = audit_count("access.denied", "caseload", rid, "kari");
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 403);
	assert_false(res_contains(&res, "Ola Hansen"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld", id_ola);
	json_t *j = NULL;
	assert_int_equal(api(&kari, path, NULL, &j), 403);
	json_decref(j);
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=csv", id_ola);
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(audit_count("access.denied", "caseload", rid, "kari"), before + 3);

	/* another's participant's contact page and API: 404, as if there were none */
	long long p = participant("Not", "Karis", "active");
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", p);
	char body[64];
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", id_ola);
	assert_int_equal(api(&lea, path, body, &j), 200);
	json_decref(j);
	assert_int_equal(api(&kari, path, NULL, &j), 404);
	json_decref(j);
	snprintf(path, sizeof path, "/participants/%lld/contact", p);
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	/* and cannot assign even their own */
	snprintf(body, sizeof body, "contact_id=%lld", id_kari);
	post(&kari, path, body, &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(contact_of(p), id_ola);
	/* the API overview shows a contact person only themselves */
	assert_int_equal(api(&kari, "/api/v1/caseloads", NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id")),
			 id_kari);
	json_decref(j);
}

/* ---- the overview, filters, saved filters, export ---- */

static void
test_overview(void **state)
{
	(void)state;
	struct http_res res;
	session_get(&lea, "/caseloads", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Kari Nordmann"));
	assert_true(res_contains(&res, "id=\"capacity\""));
	assert_true(res_contains(&res, "Without contact for 14 days"));
	http_res_free(&res);
	session_get(&lea, "/caseloads?days=0", &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "days", "The number of days must be a whole number from 1 to 365.");
	http_res_free(&res);
	session_get(&lea, "/caseloads?days=30", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Without contact for 30 days"));
	http_res_free(&res);

	json_t *j = NULL;
	assert_int_equal(api(&lea, "/api/v1/caseloads?per_page=200", NULL, &j), 200);
	json_t *totals = json_object_get(j, "totals");
	/* kari, ola, nina, capper, leaving and bulkto; their caps 18 but
	 * nina's 2, capper's 3 and bulkto's 4 */
	assert_int_equal(json_integer_value(json_object_get(totals, "contact_persons")), 6);
	assert_int_equal(json_integer_value(json_object_get(totals, "capacity")), 3 * 18 + 2 + 3 + 4);
	/* the active and paused of the tests before: Warsame, Ali, One, Two
	 * (paused), Three, Aa, Bb, Cc, BulkA..E, Typed and Karis */
	assert_int_equal(json_integer_value(json_object_get(totals, "active")), 15);
	assert_int_equal(json_integer_value(json_object_get(totals, "free_places")), 63 - 15);
	bool found = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		if (json_integer_value(json_object_get(it, "id")) == id_kari) {
			found = true;
			assert_string_equal(json_string_value(json_object_get(it, "name")), "Kari Nordmann");
			assert_int_equal(json_integer_value(json_object_get(it, "cap")), 18);
		}
	}
	assert_true(found);
	json_decref(j);
	assert_int_equal(api(&lea, "/api/v1/caseloads?days=abc", NULL, &j), 400);
	json_decref(j);
	assert_int_equal(api(&lea, "/api/v1/caseloads?per_page=0", NULL, &j), 400);
	json_decref(j);
}

/* The overview reads kept facts (migration 40): every person listed has
 * the figures of their own caseload's page (counted from every
 * participant), the pages are slices of one order by name, and the
 * totals are those of the waiting list's capacity. */
static void
test_overview_kept(void **state)
{
	(void)state;
	json_t *all = NULL;
	assert_int_equal(api(&lea, "/api/v1/caseloads?per_page=200", NULL, &all), 200);
	json_t *items = json_object_get(all, "items");
	long long total = jint(all, "total");
	assert_int_equal((long long)json_array_size(items), total);
	assert_true(total >= 6);
	size_t i;
	json_t *it;
	static const char *const keys[] = {"active", "cap", "free_places", "overdue", "without_contact"};
	json_array_foreach(items, i, it) {
		long long uid = jint(it, "id");
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			json_int_t want = caseload_figure(uid, keys[k]);
			if (json_integer_value(json_object_get(it, keys[k])) != want)
				fail_msg("person %lld: %s %lld in the overview, %lld on the caseload", uid, keys[k],
					 (long long)json_integer_value(json_object_get(it, keys[k])), (long long)want);
		}
		if (i > 0) {
			const char *a = json_string_value(json_object_get(json_array_get(items, i - 1), "name"));
			const char *b = json_string_value(json_object_get(it, "name"));
			assert_true(strcmp(a, b) <= 0);
		}
	}
	/* page 2 of 2 per page is the third and fourth */
	json_t *two = NULL;
	assert_int_equal(api(&lea, "/api/v1/caseloads?per_page=2&page=2", NULL, &two), 200);
	assert_int_equal(jint(two, "total"), total);
	assert_int_equal((long long)json_array_size(json_object_get(two, "items")), 2);
	for (size_t k = 0; k < 2; k++)
		assert_int_equal(jint(json_array_get(json_object_get(two, "items"), k), "id"),
				 jint(json_array_get(items, 2 + k), "id"));
	json_decref(two);
	/* the totals are the waiting list's */
	json_t *w = NULL;
	assert_int_equal(api(&lea, "/api/v1/waiting-list", NULL, &w), 200);
	json_t *cap = json_object_get(w, "capacity");
	json_t *totals = json_object_get(all, "totals");
	assert_non_null(cap);
	assert_int_equal(jint(cap, "contact_persons"), jint(totals, "contact_persons"));
	assert_int_equal(jint(cap, "places"), jint(totals, "capacity"));
	assert_int_equal(jint(cap, "active"), jint(totals, "active"));
	long long persons = jint(totals, "contact_persons");
	json_decref(w);
	json_decref(all);
	/* a cap changed through the API shows at once: kept in its transaction */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", id_capper);
	json_t *j = NULL;
	long long was = caseload_figure(id_capper, "cap");
	assert_int_equal(api(&lea, path, "{\"cap\":17}", &j), 200);
	json_decref(j);
	assert_int_equal(api(&lea, "/api/v1/caseloads?per_page=200", NULL, &all), 200);
	bool seen = false;
	json_array_foreach(json_object_get(all, "items"), i, it) {
		if (jint(it, "id") == id_capper) {
			seen = true;
			assert_int_equal(jint(it, "cap"), 17);
			assert_int_equal(jint(it, "free_places"), caseload_figure(id_capper, "free_places"));
		}
	}
	assert_true(seen);
	json_decref(all);
	char back[32];
	snprintf(back, sizeof back, "{\"cap\":%lld}", was);
	assert_int_equal(api(&lea, path, back, &j), 200);
	json_decref(j);
	/* the page shows the kept totals */
	struct http_res res;
	session_get(&lea, "/caseloads", &res);
	assert_int_equal(res.status, 200);
	char want[64];
	snprintf(want, sizeof want, "Contact persons: %lld", persons);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
}

/* The number of Kari's saved filters, from her caseload page; *quiet (may
 * be NULL) gets the id of the one named "Quiet ones" (0 when none). */
static long long
saved_filters_of_kari(long long *quiet)
{
	char path[64];
	snprintf(path, sizeof path, "/caseloads/%lld", id_kari);
	struct http_res res;
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 200);
	static const char form[] = "action=\"/caseloads/filters/";
	long long n = 0;
	for (const char *at = strstr(res.body, form); at != NULL; at = strstr(at + 1, form))
		n++;
	if (quiet != NULL) {
		char *id = text_after(res.body, ">Quiet ones</a> <form method=\"post\" class=\"inline\" action=\"/caseloads/filters/", '/');
		*quiet = id != NULL ? strtoll(id, NULL, 10) : 0;
		free(id);
	}
	http_res_free(&res);
	return n;
}

static void
test_filters_and_saved_filters(void **state)
{
	(void)state;
	/* Kari: one never met since an old enrolment start, one met yesterday */
	long long quiet = participant("Quiet", "Zahra", "registered");
	long long seen = participant("Seen", "Zainab", "registered");
	/* Quiet in the programme since 2020 and never met; Seen met yesterday */
	enrol(quiet, "2020-01-01", NULL);
	enrol(seen, "2020-01-01", NULL);
	char yesterday[11], path[128], body[256];
	day(-1, yesterday);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", seen);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"channel\":\"phone\",\"next_meeting\":\"2099-01-02\"}",
		 yesterday);
	post_json(path, body, 201, NULL);
	json_t *j = NULL;
	long long both[] = { quiet, seen };
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", both[i]);
		snprintf(body, sizeof body, "{\"contact_id\":%lld}", id_kari);
		assert_int_equal(api(&lea, path, body, &j), 200);
		json_decref(j);
	}

	struct http_res res;
	snprintf(path, sizeof path, "/caseloads/%lld?no_contact=1", id_kari);
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Zahra, Quiet"));
	assert_false(res_contains(&res, "Zainab, Seen"));
	assert_true(res_contains(&res, "name=\"no_contact\" id=\"no_contact\" value=\"1\" checked"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld", id_kari);
	session_get(&kari, path, &res);
	assert_true(res_contains(&res, "Zainab, Seen"));
	assert_true(res_contains(&res, "2099-01-02"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld?no_contact=1&new_week=1", id_kari);
	assert_int_equal(api(&kari, path, NULL, &j), 200);
	/* Quiet without contact; Seen and Full Three new this week too */
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld?no_contact=1", id_kari);
	assert_int_equal(api(&kari, path, NULL, &j), 200);
	bool quiet_in = false, seen_in = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		quiet_in |= json_integer_value(json_object_get(it, "id")) == quiet;
		seen_in |= json_integer_value(json_object_get(it, "id")) == seen;
	}
	assert_true(quiet_in);
	assert_false(seen_in);
	json_decref(j);

	/* bad filters */
	snprintf(path, sizeof path, "/caseloads/%lld?no_contact=maybe&days=abc", id_kari);
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "no_contact", "A filter is either 1 (on) or 0 (off).");
	assert_field_error(&res, "days", "The number of days must be a whole number from 1 to 365.");
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld?eval_due=2", id_kari);
	assert_int_equal(api(&kari, path, NULL, &j), 400);
	json_decref(j);

	/* saved filters: save, show, refuse bad ones, delete own only */
	long long n0 = saved_filters_of_kari(NULL);
	snprintf(body, sizeof body, "uid=%lld&query=no_contact%%3D1%%26days%%3D21&name=Quiet+ones", id_kari);
	post(&kari, "/caseloads/filters", body, &res);
	assert_int_equal(res.status, 303);
	snprintf(path, sizeof path, "/caseloads/%lld?no_contact=1&days=21", id_kari);
	assert_string_equal(res_header(&res, "Location"), path);
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld", id_kari);
	session_get(&kari, path, &res);
	assert_true(res_contains(&res, "?no_contact=1&amp;days=21\">Quiet ones</a>"));
	http_res_free(&res);

	static const struct { const char *fields; const char *field; const char *err; } rows[] = {
		{ "query=no_contact%3D1&name=", "name", "Give the filter a name." },
		{ "query=no_contact%3D1&name=+++", "name", "Give the filter a name." },
		{ "query=no_contact%3D1&name=Quiet+ones", "name", "You already have a filter with that name." },
		{ "query=colour%3Dred&name=Odd", "query", "This filter has a setting the caseload does not know." },
		{ "query=days%3D0&name=Odd", "query", "This filter has a setting the caseload does not know." },
		{ "query=&name=Nothing", "query", "Choose at least one filter to save." },
	};
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		snprintf(body, sizeof body, "uid=%lld&%s", id_kari, rows[k].fields);
		post(&kari, "/caseloads/filters", body, &res);
		if (res.status != 422)
			fail_msg("%s: %ld", rows[k].fields, res.status);
		assert_field_error(&res, rows[k].field, rows[k].err);
		http_res_free(&res);
	}
	/* a refused save keeps the filters and the typed name */
	snprintf(body, sizeof body, "uid=%lld&query=no_contact%%3D1%%26days%%3D21&name=Quiet+ones", id_kari);
	post(&kari, "/caseloads/filters", body, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "name=\"query\" value=\"no_contact=1&amp;days=21\""));
	assert_true(res_contains(&res, "id=\"name\" name=\"name\" type=\"text\" value=\"Quiet ones\""));
	assert_true(res_contains(&res, "value=\"1\" checked"));
	http_res_free(&res);
	/* a name of 101 characters */
	char longname[128];
	memset(longname, 'n', 101);
	longname[101] = '\0';
	snprintf(body, sizeof body, "uid=%lld&query=eval_due%%3D1&name=%s", id_kari, longname);
	post(&kari, "/caseloads/filters", body, &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "name", "The name can be at most 100 characters, on one line.");
	http_res_free(&res);
	/* saving "for" someone else's caseload is opening it: 403 */
	snprintf(body, sizeof body, "uid=%lld&query=eval_due%%3D1&name=Sneaky", id_ola);
	post(&kari, "/caseloads/filters", body, &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(saved_filters_of_kari(NULL), n0 + 1);

	long long fid = 0;
	saved_filters_of_kari(&fid);
	assert_true(fid > 0);
	snprintf(path, sizeof path, "/caseloads/filters/%lld/delete", fid);
	snprintf(body, sizeof body, "uid=%lld", id_ola);
	post(&ola, path, body, &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	assert_int_equal(saved_filters_of_kari(NULL), n0 + 1);
	snprintf(body, sizeof body, "uid=%lld", id_kari);
	post(&kari, path, body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(saved_filters_of_kari(NULL), n0);
}

static void
test_export(void **state)
{
	(void)state;
	struct http_res res;
	char path[128];
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=pdf", id_kari);
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=csv", id_kari);
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res_header(&res, "Content-Type"), "text/csv"));
	/* Kari's caseload: Full Three (test_full_caseload_refused) and Quiet and
	 * Seen (test_filters_and_saved_filters), by name; Warsame went to Ola */
	long long lines = 0;
	for (const char *at = strstr(res.body, "\r\n"); at != NULL; at = strstr(at + 2, "\r\n"))
		lines++;
	assert_int_equal(lines, 4);
	const char *three = strstr(res.body, "\r\nThree,Full,In the programme,");
	const char *zahra = strstr(res.body, "\r\nZahra,Quiet,In the programme,");
	const char *zainab = strstr(res.body, "\r\nZainab,Seen,In the programme,");
	assert_true(three != NULL && zahra != NULL && zainab != NULL);
	assert_true(three < zahra && zahra < zainab);
	assert_false(res_contains(&res, "Warsame"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=xlsx&no_contact=1", id_kari);
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res.body_len > 4 && memcmp(res.body, "PK", 2) == 0);
	http_res_free(&res);
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", id_kari);
	assert_int_equal(audits("caseload.export", rid), 2);
}

/* ---- set-up ---- */

/* Each member accepts only its declared JSON type: anything else is a 422
 * naming every such member and the type expected, and nothing changes. */
static void
test_api_types(void **state)
{
	(void)state;
	static const char text[] = "Must be text.", id[] = "Must be an id, a whole number.";
	long long p = participant("Typed", "Caseload", "active");
	char path[80], body[160];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", p);
	snprintf(body, sizeof body, "{\"contact_id\":\"%lld\",\"reason\":5}", id_kari);
	assert_int_equal(api(&lea, path, body, &j), 422);
	const char *const assign[] = {"contact_id", id, "reason", text, NULL};
	assert_true(api_error_fields(j, "invalid", assign));
	json_decref(j);
	assert_int_equal(contact_of(p), 0);
	assert_int_equal(assignments_of(p), 0);

	snprintf(body, sizeof body, "{\"participant_ids\":\"%lld\",\"contact_id\":null,\"reason\":[]}", p);
	assert_int_equal(api(&lea, "/api/v1/caseloads/bulk", body, &j), 422);
	const char *const bulk[] = {"participant_ids", "Must be a list of ids (whole numbers).", "contact_id", id,
				    "reason", text, NULL};
	assert_true(api_error_fields(j, "invalid", bulk));
	json_decref(j);
	snprintf(body, sizeof body, "{\"participant_ids\":[%lld,\"%lld\"],\"contact_id\":%lld}", p, p, id_kari);
	assert_int_equal(api(&lea, "/api/v1/caseloads/bulk", body, &j), 422);
	const char *const ids[] = {"participant_ids", "Must be a list of ids (whole numbers).", NULL};
	assert_true(api_error_fields(j, "invalid", ids));
	json_decref(j);
	assert_int_equal(contact_of(p), 0);

	json_int_t cap = caseload_figure(id_kari, "cap");
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", id_kari);
	static const char *const caps[] = {"{\"cap\":\"12\"}", "{\"cap\":12.5}", "{\"cap\":null}", "{\"cap\":true}"};
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		const char *const whole[] = {"cap", "Must be a whole number.", NULL};
		if (api(&lea, path, caps[i], &j) != 422 || !api_error_fields(j, "invalid", whole))
			fail_msg("%s: not refused as mistyped", caps[i]);
		json_decref(j);
	}
	assert_int_equal(caseload_figure(id_kari, "cap"), cap);
}

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	srv = *state;
	static const char *const users[][3] = {
		{ "lea", "Lea Leader", "leader" },
		{ "kari", "Kari Nordmann", "contact" },
		{ "ola", "Ola Hansen", "contact" },
		{ "nina", "Nina Contact", "contact" },
		{ "capper", "Cap Person", "contact" },
		{ "leaving", "Leaving Person", "contact" },
		{ "bulkto", "Bulk Target", "contact" },
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
		if (cli_user_add(srv, users[i][0], users[i][1], users[i][2], PW) != 0)
			return -1;
	if (sign_in(srv, "lea", PW, &lea) != 0 || sign_in(srv, "kari", PW, &kari) != 0 ||
	    sign_in(srv, "ola", PW, &ola) != 0)
		return -1;
	if (session_set_lang(srv, &lea, "en") != 0 || session_set_lang(srv, &kari, "en") != 0 ||
	    session_set_lang(srv, &ola, "en") != 0)
		return -1;
	if (sign_in(srv, ADMIN_USER, ADMIN_PASSWORD, &admin) != 0 || session_set_lang(srv, &admin, "en") != 0)
		return -1;
	id_lea = user_id("lea");
	id_kari = user_id("kari");
	id_ola = user_id("ola");
	id_nina = user_id("nina");
	id_capper = user_id("capper");
	id_leaving = user_id("leaving");
	id_bulkto = user_id("bulkto");
	return id_lea > 0 && id_kari > 0 && id_ola > 0 && id_nina > 0 && id_capper > 0 && id_leaving > 0 &&
	       id_bulkto > 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_assign_and_history),
		cmocka_unit_test(test_api_assign_bad_input),
		cmocka_unit_test(test_full_caseload_refused),
		cmocka_unit_test(test_cap_bad_input),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_api_types),
		cmocka_unit_test(test_contact_person_sees_only_their_own),
		cmocka_unit_test(test_overview),
		cmocka_unit_test(test_overview_kept),
		cmocka_unit_test(test_filters_and_saved_filters),
		cmocka_unit_test(test_export),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
