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
 * Participants and the rows of other areas (enrolments, meetings) are
 * written straight into the server's SQLite file with the sqlite3 shell, so
 * this test does not depend on the register's or follow-up's forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "a long password 123"

static struct server *srv;
static struct session lea, kari, ola;
static long long id_lea, id_kari, id_ola, id_nina;

/* ---- SQL beside the server ---- */

/* Runs SQL with the sqlite3 shell on the server's database; returns the
 * first line of its output (malloc'd, maybe ""), or fails the test. */
static char *
sqlq(const char *fmt, ...)
{
	char sql[2048], cmd[2600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	for (const char *c = sql; *c; c++)
		if (*c == '"' || *c == '$' || *c == '`' || *c == '\\')
			fail_msg("sqlq: keep shell characters out of the SQL: %s", sql);
	/* Read entries reach audit_log through the server's audit queue a few
	 * milliseconds later; reading the audit log through the API (as the
	 * leader) waits until the queue is written. */
	if (strstr(sql, "audit_log") != NULL && lea.cookie[0] != '\0') {
		struct http_res flush;
		if (http_get(srv, "/api/v1/audit?per_page=1", lea.cookie, &flush) == 0)
			http_res_free(&flush);
	}
	snprintf(cmd, sizeof cmd, "sqlite3 -batch -cmd '.timeout 5000' '%s/sc.db' \"%s\"", srv->dir, sql);
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		fail_msg("popen sqlite3");
	char line[512] = "";
	if (fgets(line, sizeof line, p) == NULL)
		line[0] = '\0';
	char rest[512];
	while (fgets(rest, sizeof rest, p) != NULL)
		;
	int st = pclose(p);
	if (st != 0)
		fail_msg("sqlite3 failed (%d): %s", st, sql);
	line[strcspn(line, "\r\n")] = '\0';
	return strdup(line);
}

static long long
sql_int(const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	char *out = sqlq("%s", sql);
	long long v = strtoll(out, NULL, 10);
	free(out);
	return v;
}

/* A participant with that status (and no contact person). */
static long long
participant(const char *given, const char *family, const char *status)
{
	return sql_int("INSERT INTO participants (given_name, family_name, birth_date, gender, status,"
		       " name_key, created_at, updated_at) VALUES ('%s', '%s', '1990-01-01', 'female',"
		       " '%s', lower('%s %s'), 1, 1); SELECT last_insert_rowid();",
		       given, family, status, family, given);
}

static long long
contact_of(long long pid)
{
	return sql_int("SELECT COALESCE(contact_id, 0) FROM participants WHERE id = %lld", pid);
}

static long long
assignments_of(long long pid)
{
	return sql_int("SELECT COUNT(*) FROM assignments WHERE participant_id = %lld", pid);
}

static long long
audits(const char *action, const char *record_id)
{
	return sql_int("SELECT COUNT(*) FROM audit_log WHERE action = '%s' AND record_id = '%s'",
		       action, record_id);
}

/* ---- requests ---- */

static long
api(const struct session *sess, const char *path, const char *body, json_t **out)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", sess->csrf);
	struct http_req q = {.path = path, .body = body, .body_len = -1, .cookie = sess->cookie,
			     .content_type = body ? "application/json" : NULL, .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(srv, &q, &res), 0);
	long status = res.status;
	if (out != NULL) {
		*out = res_json(&res);
		if (*out == NULL)
			fail_msg("%s: not JSON (%ld): %.200s", path, status, res.body);
	}
	http_res_free(&res);
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
get(const struct session *sess, const char *path, struct http_res *res)
{
	assert_int_equal(http_get(srv, path, sess->cookie, res), 0);
}

/* The text of the error beside field (malloc'd) or NULL. */
static char *
field_error(const struct http_res *res, const char *field)
{
	char marker[96];
	snprintf(marker, sizeof marker, "id=\"%s-error\">", field);
	return text_after(res->body, marker, '<');
}

static void
assert_field_error(const struct http_res *res, const char *field, const char *want)
{
	char *got = field_error(res, field);
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
	get(&kari, hpath, &hres);
	assert_int_equal(hres.status, 200);
	assert_true(res_contains(&hres, "Warsame, Amina"));
	assert_true(res_contains(&hres, "First contact"));
	http_res_free(&hres);
	get(&ola, hpath, &hres);
	assert_int_equal(hres.status, 403);
	http_res_free(&hres);

	/* the page shows the current contact person and the history */
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/contact", p);
	get(&lea, path, &res);
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
	get(&lea, path, &res);
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
	long long u = sql_int("SELECT id FROM users WHERE username = 'capper'");
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
	assert_int_equal(sql_int("SELECT COUNT(*) FROM users WHERE id = %lld AND caseload_cap IS NULL", u), 1);
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
	long long from = sql_int("SELECT id FROM users WHERE username = 'leaving'");
	long long to = sql_int("SELECT id FROM users WHERE username = 'bulkto'");
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
	long long w = participant("Waiting", "Bulk", "waiting");

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
	get(&kari, "/caseloads", &res);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), own);
	http_res_free(&res);
	get(&kari, own, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Caseload of Kari Nordmann"));
	assert_false(res_contains(&res, "id=\"bulk\""));
	assert_false(res_contains(&res, "id=\"cap-form\""));
	http_res_free(&res);

	/* another's caseload: 403, audited */
	snprintf(path, sizeof path, "/caseloads/%lld", id_ola);
	snprintf(rid, sizeof rid, "%lld", id_ola);
	long long before = sql_int("SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied'"
				   " AND record_type = 'caseload' AND record_id = '%s' AND username = 'kari'", rid);
	get(&kari, path, &res);
	assert_int_equal(res.status, 403);
	assert_false(res_contains(&res, "Ola Hansen"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld", id_ola);
	json_t *j = NULL;
	assert_int_equal(api(&kari, path, NULL, &j), 403);
	json_decref(j);
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=csv", id_ola);
	get(&kari, path, &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(sql_int("SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied'"
				 " AND record_type = 'caseload' AND record_id = '%s' AND username = 'kari'", rid),
			 before + 3);

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
	get(&kari, path, &res);
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
	get(&lea, "/caseloads", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Kari Nordmann"));
	assert_true(res_contains(&res, "id=\"capacity\""));
	assert_true(res_contains(&res, "Without contact for 14 days"));
	http_res_free(&res);
	get(&lea, "/caseloads?days=0", &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "days", "The number of days must be a whole number from 1 to 365.");
	http_res_free(&res);
	get(&lea, "/caseloads?days=30", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Without contact for 30 days"));
	http_res_free(&res);

	json_t *j = NULL;
	assert_int_equal(api(&lea, "/api/v1/caseloads?per_page=200", NULL, &j), 200);
	json_t *totals = json_object_get(j, "totals");
	assert_true(json_integer_value(json_object_get(totals, "contact_persons")) >= 5);
	json_int_t cap = json_integer_value(json_object_get(totals, "capacity"));
	json_int_t active = json_integer_value(json_object_get(totals, "active"));
	assert_true(cap > active);
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

static void
test_filters_and_saved_filters(void **state)
{
	(void)state;
	/* Kari: one never met since an old enrolment start, one met today */
	long long quiet = participant("Quiet", "Zahra", "active");
	long long seen = participant("Seen", "Zainab", "active");
	sql_int("INSERT INTO enrolments (participant_id, start_date, planned_end, created_at, updated_at)"
		" VALUES (%lld, '2020-01-01', '2030-01-01', 1, 1); SELECT 1;", quiet);
	sql_int("INSERT INTO enrolments (participant_id, start_date, planned_end, created_at, updated_at)"
		" VALUES (%lld, '2020-01-01', '2030-01-01', 1, 1); SELECT 1;", seen);
	sql_int("INSERT INTO meetings (participant_id, held_on, channel, next_meeting, created_at)"
		" VALUES (%lld, date('now'), 'phone', '2099-01-02', 1); SELECT 1;", seen);
	char path[128], body[256];
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
	get(&kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Zahra, Quiet"));
	assert_false(res_contains(&res, "Zainab, Seen"));
	assert_true(res_contains(&res, "name=\"no_contact\" id=\"no_contact\" value=\"1\" checked"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld", id_kari);
	get(&kari, path, &res);
	assert_true(res_contains(&res, "Zainab, Seen"));
	assert_true(res_contains(&res, "2099-01-02"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld?no_contact=1&new_week=1", id_kari);
	assert_int_equal(api(&kari, path, NULL, &j), 200);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 2);   /* new this week too */
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
	get(&kari, path, &res);
	assert_int_equal(res.status, 422);
	assert_field_error(&res, "no_contact", "A filter is either 1 (on) or 0 (off).");
	assert_field_error(&res, "days", "The number of days must be a whole number from 1 to 365.");
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld?eval_due=2", id_kari);
	assert_int_equal(api(&kari, path, NULL, &j), 400);
	json_decref(j);

	/* saved filters: save, show, refuse bad ones, delete own only */
	long long n0 = sql_int("SELECT COUNT(*) FROM saved_filters");
	snprintf(body, sizeof body, "uid=%lld&query=no_contact%%3D1%%26days%%3D21&name=Quiet+ones", id_kari);
	post(&kari, "/caseloads/filters", body, &res);
	assert_int_equal(res.status, 303);
	snprintf(path, sizeof path, "/caseloads/%lld?no_contact=1&days=21", id_kari);
	assert_string_equal(res_header(&res, "Location"), path);
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld", id_kari);
	get(&kari, path, &res);
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
	assert_int_equal(sql_int("SELECT COUNT(*) FROM saved_filters"), n0 + 1);

	long long fid = sql_int("SELECT id FROM saved_filters WHERE name = 'Quiet ones'");
	snprintf(path, sizeof path, "/caseloads/filters/%lld/delete", fid);
	snprintf(body, sizeof body, "uid=%lld", id_ola);
	post(&ola, path, body, &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	assert_int_equal(sql_int("SELECT COUNT(*) FROM saved_filters"), n0 + 1);
	snprintf(body, sizeof body, "uid=%lld", id_kari);
	post(&kari, path, body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(sql_int("SELECT COUNT(*) FROM saved_filters"), n0);
}

static void
test_export(void **state)
{
	(void)state;
	struct http_res res;
	char path[128];
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=pdf", id_kari);
	get(&kari, path, &res);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=csv", id_kari);
	get(&kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res_header(&res, "Content-Type"), "text/csv"));
	assert_true(res_contains(&res, "Warsame") || res_contains(&res, "Zahra"));
	http_res_free(&res);
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=xlsx&no_contact=1", id_kari);
	get(&kari, path, &res);
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
	json_t *j = NULL;
	struct http_res res;
	if (http_get(srv, "/api/v1/me", lea.cookie, &res) != 0)
		return -1;
	j = res_json(&res);
	http_res_free(&res);
	id_lea = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	char *v = sqlq("SELECT id FROM users WHERE username = 'kari'");
	id_kari = strtoll(v, NULL, 10);
	free(v);
	v = sqlq("SELECT id FROM users WHERE username = 'ola'");
	id_ola = strtoll(v, NULL, 10);
	free(v);
	v = sqlq("SELECT id FROM users WHERE username = 'nina'");
	id_nina = strtoll(v, NULL, 10);
	free(v);
	return id_lea > 0 && id_kari > 0 && id_ola > 0 && id_nina > 0 ? 0 : -1;
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
		cmocka_unit_test(test_filters_and_saved_filters),
		cmocka_unit_test(test_export),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
