/*
 * test_api.c — the JSON API: personal bearer tokens (created and revoked in
 * the web form), CSRF for session callers, and user creation with its
 * field-by-field 422 answers.
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

/* A bearer GET; returns the status and, when body is not NULL, the JSON. */
static long
bearer_get(const struct server *s, const char *token, const char *path, json_t **body)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s", token);
	struct http_req q = {.path = path, .body_len = -1, .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	long status = res.status;
	if (body != NULL)
		*body = res_json(&res);
	http_res_free(&res);
	return status;
}

/* POST /api/v1/users as the session; returns the status and the JSON. */
static long
create_user(const struct server *s, const struct session *sess, const char *json, json_t **out)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", sess->csrf);
	struct http_req q = {.path = "/api/v1/users", .body = json, .body_len = -1,
			     .content_type = "application/json", .cookie = sess->cookie,
			     .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	long status = res.status;
	*out = res_json(&res);
	assert_non_null(*out);
	http_res_free(&res);
	return status;
}

static json_int_t
user_total(const struct server *s, const struct session *sess)
{
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/users", sess->cookie, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_non_null(j);
	json_int_t n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	http_res_free(&res);
	return n;
}

static void
test_bearer_token_life_cycle(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);

	struct http_res res;
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&name=build+robot", sess.csrf);
	assert_int_equal(http_post_form(s, "/account/tokens", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 201);
	char *token = text_after(res.body, "id=\"new-token\">", '<');
	assert_non_null(token);
	assert_int_equal(strlen(token), 32);
	http_res_free(&res);

	/* Shown once: the list page does not show it again. */
	assert_int_equal(http_get(s, "/account/tokens", sess.cookie, &res), 0);
	assert_false(res_contains(&res, token));
	assert_true(res_contains(&res, "build robot"));
	char *revoke = text_after(res.body, "action=\"/account/tokens/", '"');
	assert_non_null(revoke);
	http_res_free(&res);

	json_t *me = NULL;
	assert_int_equal(bearer_get(s, token, "/api/v1/me", &me), 200);
	assert_non_null(me);
	assert_string_equal(json_string_value(json_object_get(me, "username")), ADMIN_USER);
	json_decref(me);

	/* A token needs no CSRF header, even for writes. */
	char auth[128];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	struct http_req q = {.path = "/api/v1/users", .content_type = "application/json",
			     .body = "{\"username\":\"robot.made\",\"display_name\":\"Made By Robot\","
				     "\"password\":\"robots pick long ones\",\"roles\":[\"teacher\"]}",
			     .body_len = -1, .headers = {auth}};
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 201);
	http_res_free(&res);

	/* A wrong token is not a token. */
	assert_int_equal(bearer_get(s, "0123456789abcdef0123456789abcdef", "/api/v1/me", NULL), 401);

	char path[128];
	snprintf(path, sizeof path, "/account/tokens/%s", revoke);
	assert_int_equal(http_post_form(s, path, sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	json_t *err = NULL;
	assert_int_equal(bearer_get(s, token, "/api/v1/me", &err), 401);
	assert_non_null(err);
	assert_string_equal(json_string_value(json_object_get(json_object_get(err, "error"), "code")),
			    "unauthenticated");
	json_decref(err);
	free(token);
	free(revoke);
}

/* ---- token lifetimes ---- */

#define DAY 86400

/* POSTs the token form; returns the status and keeps the answer. */
static long
create_token(const struct server *s, const struct session *sess, const char *fields,
	     struct http_res *res)
{
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&%s", sess->csrf, fields);
	assert_int_equal(http_post_form(s, "/account/tokens", sess->cookie, body, res), 0);
	return res->status;
}

/* The signed-in user's token of that name from /api/v1/tokens (a new
 * reference), or NULL; *count gets the number of tokens when not NULL. */
static json_t *
token_named(const struct server *s, const struct session *sess, const char *name, size_t *count)
{
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/tokens", sess->cookie, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res), *found = NULL;
	assert_non_null(j);
	http_res_free(&res);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		if (strcmp(json_string_value(json_object_get(it, "name")), name) == 0)
			found = json_incref(it);
	}
	if (count != NULL)
		*count = json_array_size(json_object_get(j, "items"));
	json_decref(j);
	return found;
}

static json_int_t
jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* "YYYY-MM-DD HH:MM" in local time, as the pages write times. */
static void
local_time(json_int_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, outlen, "%Y-%m-%d %H:%M", &tm);
}

/* The token table's row for that token (malloc'd), or NULL. */
static char *
token_row(const char *page, json_int_t id)
{
	char marker[64];
	snprintf(marker, sizeof marker, "<tr id=\"token-%lld\">", (long long)id);
	const char *p = strstr(page, marker);
	if (p == NULL)
		return NULL;
	const char *end = strstr(p, "</tr>");
	return end ? strndup(p, (size_t)(end - p)) : NULL;
}

static void
test_token_lifetime_is_shown_and_chosen(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);

	/* The form offers the default, 90 days. */
	struct http_res res;
	assert_int_equal(http_get(s, "/account/tokens", sess.cookie, &res), 0);
	assert_true(res_contains(&res, "<label for=\"lifetime\">Lifetime in days"));
	char *v = text_after(res.body, "id=\"lifetime\" name=\"lifetime\" type=\"number\" min=\"1\" max=\"365\" step=\"1\" value=\"", '"');
	assert_non_null(v);
	assert_string_equal(v, "90");
	free(v);
	http_res_free(&res);

	/* Left as it is: 90 days. Chosen: 30 days, or the 1- and 365-day ends. */
	static const struct {
		const char *fields, *name;
		json_int_t days;
	} rows[] = {
		{"name=default+life&lifetime=90", "default life", 90},
		{"name=no+lifetime+sent", "no lifetime sent", 90},
		{"name=month&lifetime=30", "month", 30},
		{"name=one+day&lifetime=1", "one day", 1},
		{"name=one+year&lifetime=365", "one year", 365},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(create_token(s, &sess, rows[i].fields, &res), 201);
		http_res_free(&res);
		json_t *t = token_named(s, &sess, rows[i].name, NULL);
		assert_non_null(t);
		if (jint(t, "expires_at") - jint(t, "created_at") != rows[i].days * DAY)
			fail_msg("%s: lives %lld s, want %lld days", rows[i].name,
				 (long long)(jint(t, "expires_at") - jint(t, "created_at")), (long long)rows[i].days);
		assert_true(json_is_false(json_object_get(t, "expired")));
		json_decref(t);
	}

	/* The list shows when each expires, and that it was never used. */
	json_t *t = token_named(s, &sess, "month", NULL);
	char want[32];
	local_time(jint(t, "expires_at"), want, sizeof want);
	assert_int_equal(http_get(s, "/account/tokens", sess.cookie, &res), 0);
	assert_true(res_contains(&res, "<th scope=\"col\">Expires</th>"));
	char *row = token_row(res.body, jint(t, "id"));
	assert_non_null(row);
	char cell[64];
	snprintf(cell, sizeof cell, "<td>%s</td>", want);
	assert_non_null(strstr(row, cell));
	assert_non_null(strstr(row, "<td>Never</td>"));
	assert_non_null(strstr(row, "<td>Active</td>"));
	free(row);
	http_res_free(&res);
	json_decref(t);
}

static void
test_token_lifetime_errors_beside_the_field(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);
	size_t before = 0, after = 0;
	json_decref(token_named(s, &sess, "", &before));

	static const struct {
		const char *lifetime, *kept, *error;
	} rows[] = {
		{"0", "0", "Lifetime must be from 1 to 365 days."},
		{"366", "366", "Lifetime must be from 1 to 365 days."},
		{"-1", "-1", "Lifetime must be a whole number of days."},
		{"1.5", "1.5", "Lifetime must be a whole number of days."},
		{"forever", "forever", "Lifetime must be a whole number of days."},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char fields[128];
		snprintf(fields, sizeof fields, "name=refused&lifetime=%s", rows[i].lifetime);
		struct http_res res;
		assert_int_equal(create_token(s, &sess, fields, &res), 422);
		char *err = text_after(res.body, "id=\"lifetime-error\">", '<');
		assert_non_null(err);
		assert_string_equal(err, rows[i].error);
		free(err);
		/* the field is marked and keeps what was typed; no token is shown */
		assert_true(res_contains(&res, "aria-invalid=\"true\""));
		char *v = text_after(res.body, "step=\"1\" value=\"", '"');
		assert_non_null(v);
		assert_string_equal(v, rows[i].kept);
		free(v);
		assert_false(res_contains(&res, "id=\"new-token\""));
		http_res_free(&res);
	}
	json_decref(token_named(s, &sess, "", &after));
	assert_int_equal(after, before);
}

static void
test_expired_token_is_refused_and_shown(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);
	struct http_res res;
	assert_int_equal(create_token(s, &sess, "name=short+lived&lifetime=1", &res), 201);
	char *token = text_after(res.body, "id=\"new-token\">", '<');
	assert_non_null(token);
	http_res_free(&res);

	/* Used once: the list shows when. */
	assert_int_equal(bearer_get(s, token, "/api/v1/me", NULL), 200);
	json_t *t = token_named(s, &sess, "short lived", NULL);
	assert_non_null(t);
	json_int_t id = jint(t, "id");
	assert_true(jint(t, "last_used") >= jint(t, "created_at"));
	char used[32], cell[64];
	local_time(jint(t, "last_used"), used, sizeof used);
	json_decref(t);
	assert_int_equal(http_get(s, "/account/tokens", sess.cookie, &res), 0);
	char *row = token_row(res.body, id);
	assert_non_null(row);
	snprintf(cell, sizeof cell, "<td>%s</td>", used);
	assert_non_null(strstr(row, cell));
	free(row);
	http_res_free(&res);

	/* A day later (its expiry moved to a second ago, as no request can):
	 * refused like an unknown one. */
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE api_tokens SET expires_at = %lld WHERE id = %lld",
		 (long long)time(NULL) - 1, (long long)id);
	server_sql(s, sql);
	json_t *err = NULL;
	assert_int_equal(bearer_get(s, token, "/api/v1/me", &err), 401);
	assert_non_null(err);
	assert_string_equal(json_string_value(json_object_get(json_object_get(err, "error"), "code")),
			    "unauthenticated");
	json_decref(err);
	t = token_named(s, &sess, "short lived", NULL);
	assert_true(json_is_true(json_object_get(t, "expired")));
	assert_true(json_is_false(json_object_get(t, "revoked")));
	json_decref(t);
	assert_int_equal(http_get(s, "/account/tokens", sess.cookie, &res), 0);
	row = token_row(res.body, id);
	assert_non_null(row);
	assert_non_null(strstr(row, "<td>Expired</td>"));
	/* nothing to revoke any more */
	assert_null(strstr(row, "/revoke"));
	free(row);
	http_res_free(&res);
	free(token);
}

static void
test_unauthenticated_api_is_401_json(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/users", NULL, &res), 0);
	assert_int_equal(res.status, 401);
	json_t *j = res_json(&res);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
			    "unauthenticated");
	json_decref(j);
	/* An API caller is not redirected to a sign-in page. */
	assert_null(res_header(&res, "Location"));
	http_res_free(&res);
}

static void
test_session_write_needs_csrf_header(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	json_int_t before = user_total(s, &sess);
	struct http_req q = {.path = "/api/v1/users", .content_type = "application/json",
			     .body = "{\"username\":\"no.csrf\",\"display_name\":\"No Csrf\","
				     "\"password\":\"long enough password\",\"roles\":[\"contact\"]}",
			     .body_len = -1, .cookie = sess.cookie};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 403);
	json_t *j = res_json(&res);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "csrf");
	json_decref(j);
	http_res_free(&res);
	assert_int_equal(user_total(s, &sess), before);
}

/* Expects a 422 whose error.fields names field. */
static void
expect_422(const struct server *s, const struct session *sess, const char *json, const char *field)
{
	json_t *j = NULL;
	assert_int_equal(create_user(s, sess, json, &j), 422);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "invalid");
	json_t *fields = json_object_get(err, "fields");
	if (json_object_get(fields, field) == NULL) {
		char *dump = json_dumps(j, 0);
		fprintf(stderr, "expected field %s in %s\n", field, dump);
		free(dump);
	}
	assert_true(json_is_string(json_object_get(fields, field)));
	json_decref(j);
}

static void
test_create_user_validation(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);
	json_int_t before = user_total(s, &sess);

	expect_422(s, &sess,
		   "{\"username\":\"ola\",\"display_name\":\"Ola\",\"password\":\"short\",\"roles\":[\"contact\"]}",
		   "password");
	expect_422(s, &sess,
		   "{\"username\":\"ola\",\"display_name\":\"Ola\",\"password\":\"a long password here\","
		   "\"roles\":[\"superuser\"]}", "roles");
	expect_422(s, &sess,
		   "{\"username\":\"ola\",\"display_name\":\"Ola\",\"password\":\"a long password here\",\"roles\":[]}",
		   "roles");
	expect_422(s, &sess,
		   "{\"username\":\"Ola Nordmann\",\"display_name\":\"Ola\",\"password\":\"a long password here\","
		   "\"roles\":[\"contact\"]}", "username");
	expect_422(s, &sess, "{\"username\":\"ola\",\"password\":\"a long password here\",\"roles\":[\"contact\"]}",
		   "display_name");
	/* Several wrong fields are all named at once. */
	json_t *j = NULL;
	assert_int_equal(create_user(s, &sess, "{\"username\":\"\",\"password\":\"x\",\"roles\":[]}", &j), 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_non_null(json_object_get(fields, "username"));
	assert_non_null(json_object_get(fields, "display_name"));
	assert_non_null(json_object_get(fields, "password"));
	assert_non_null(json_object_get(fields, "roles"));
	json_decref(j);
	/* Members of the wrong type are named with the type expected, before
	 * the rules are applied. */
	assert_int_equal(create_user(s, &sess, "{\"username\":7,\"display_name\":\"Ola\",\"password\":1,"
					       "\"roles\":\"admin\"}", &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "invalid");
	fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_int_equal(json_object_size(fields), 3);
	assert_string_equal(json_string_value(json_object_get(fields, "username")), "Must be text.");
	assert_string_equal(json_string_value(json_object_get(fields, "password")), "Must be text.");
	assert_string_equal(json_string_value(json_object_get(fields, "roles")), "Must be a list of texts.");
	json_decref(j);
	assert_int_equal(create_user(s, &sess, "{\"username\":\"ola\",\"display_name\":\"Ola\","
					       "\"password\":\"a long password here\",\"roles\":[\"contact\",5]}", &j), 422);
	fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(json_string_value(json_object_get(fields, "roles")), "Must be a list of texts.");
	json_decref(j);
	/* An unknown member: 400, as everywhere in the API. */
	assert_int_equal(create_user(s, &sess,
				     "{\"username\":\"ola\",\"display_name\":\"Ola\",\"password\":\"a long password here\","
				     "\"roles\":[\"contact\"],\"nickname\":\"oli\"}", &j), 400);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "unknown_fields");
	assert_non_null(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "nickname"));
	json_decref(j);

	assert_int_equal(user_total(s, &sess), before);
}

static void
test_create_user_then_sign_in(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	json_t *j = NULL;
	assert_int_equal(create_user(s, &sess,
				     "{\"username\":\"ola.nordmann\",\"display_name\":\"Ola Nordmann\","
				     "\"password\":\"ola picks a long one\",\"roles\":[\"contact\",\"teacher\"]}",
				     &j), 201);
	assert_string_equal(json_string_value(json_object_get(j, "username")), "ola.nordmann");
	assert_string_equal(json_string_value(json_object_get(j, "display_name")), "Ola Nordmann");
	assert_int_equal(json_array_size(json_object_get(j, "roles")), 2);
	assert_null(json_object_get(j, "password"));
	assert_null(json_object_get(j, "password_hash"));
	json_decref(j);

	/* The same name again is a conflict. */
	assert_int_equal(create_user(s, &sess,
				     "{\"username\":\"ola.nordmann\",\"display_name\":\"Ola Again\","
				     "\"password\":\"another long password\",\"roles\":[\"contact\"]}",
				     &j), 409);
	assert_non_null(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "username"));
	json_decref(j);

	struct session ola;
	assert_int_equal(sign_in(s, "ola.nordmann", "ola picks a long one", &ola), 0);
	struct http_res res;
	assert_int_equal(http_get(s, "/", ola.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Ola Nordmann"));
	http_res_free(&res);
}

static void
test_paging_parameters_are_checked(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	static const char *const bad[] = {"/api/v1/users?per_page=0", "/api/v1/users?per_page=201",
					  "/api/v1/users?page=abc", "/api/v1/audit?from=2024-13-01"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct http_res res;
		assert_int_equal(http_get(s, bad[i], sess.cookie, &res), 0);
		assert_int_equal(res.status, 400);
		json_t *j = res_json(&res);
		assert_non_null(j);
		assert_true(json_object_size(json_object_get(json_object_get(j, "error"), "fields")) > 0);
		json_decref(j);
		http_res_free(&res);
	}
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/users?per_page=1&page=1", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "per_page")), 1);
	json_decref(j);
	http_res_free(&res);
}

/* The audit log's total is counted to 10,000 (a log of millions is not
 * counted for a page of 50): past it the page says "more than 10000",
 * pages on without a last page, and the API says total_capped; a filter
 * that passes fewer is counted exactly. */
static void
test_audit_count_is_capped(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	server_sql(s, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10005)"
		      " INSERT INTO audit_log (at, username, action, record_type, record_id)"
		      " SELECT 1700000000 + i, 'capped', 'capped.read', 'capped', 'x' FROM n");
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/audit", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 10000);
	assert_true(json_is_true(json_object_get(j, "total_capped")));
	assert_int_equal(json_array_size(json_object_get(j, "items")), 50);
	json_decref(j);
	http_res_free(&res);
	/* one action of a few: exact, not capped */
	assert_int_equal(http_get(s, "/api/v1/audit?action=capped.read&from=2023-11-14&to=2023-11-14",
				  sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	j = res_json(&res);
	/* 1700000000 is 2023-11-14T22:13:20Z: the entries up to the day's end */
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 6399);
	assert_true(json_is_false(json_object_get(j, "total_capped")));
	json_decref(j);
	http_res_free(&res);
	assert_int_equal(http_get(s, "/audit?user=capped&page=3", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"audit-count\">More than 10000 entries.</p>"));
	assert_true(res_contains(&res, "<a rel=\"prev\" href=\"/audit?user=capped&amp;page=2\">"));
	assert_true(res_contains(&res, "<span>Page 3</span> <a rel=\"next\" href=\"/audit?user=capped&amp;page=4\">"));
	http_res_free(&res);
	/* a page past the entries: no "Next" */
	assert_int_equal(http_get(s, "/audit?user=capped&page=201", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<span>Page 201</span></nav>"));
	http_res_free(&res);
}

static int
setup(void **state)
{
	return group_server_setup(state, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bearer_token_life_cycle),
		cmocka_unit_test(test_token_lifetime_is_shown_and_chosen),
		cmocka_unit_test(test_token_lifetime_errors_beside_the_field),
		cmocka_unit_test(test_expired_token_is_refused_and_shown),
		cmocka_unit_test(test_unauthenticated_api_is_401_json),
		cmocka_unit_test(test_session_write_needs_csrf_header),
		cmocka_unit_test(test_create_user_validation),
		cmocka_unit_test(test_create_user_then_sign_in),
		cmocka_unit_test(test_paging_parameters_are_checked),
		cmocka_unit_test(test_audit_count_is_capped),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
