/*
 * test_auth.c — sign-in, sign-out and CSRF as a user meets them: the right
 * cookies, the same answer for a wrong password and an unknown user, a
 * session that really ends on sign-out, and forms refused without their
 * token (with nothing changed).
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

/* The visible error of the login page (malloc'd), or NULL. */
static char *
login_error(const struct http_res *res)
{
	return text_after(res->body, "id=\"login-error\">", '<');
}

static void
test_sign_in_sets_strict_session_cookie(void **state)
{
	struct server *s = *state;
	struct session sess;
	struct http_res res;
	assert_int_equal(sign_in_full(s, ADMIN_USER, ADMIN_PASSWORD, NULL, &sess, &res), 303);
	assert_string_equal(res_header(&res, "Location"), "/");
	const char *c = res_set_cookie(&res, SESSION_COOKIE);
	assert_non_null(c);
	assert_non_null(strstr(c, "HttpOnly"));
	assert_non_null(strstr(c, "SameSite=Strict"));
	assert_non_null(strstr(c, "Secure"));
	assert_non_null(strstr(c, "Path=/"));
	/* A browser-session cookie: no Max-Age or Expires. */
	assert_null(strstr(c, "Max-Age"));
	assert_null(strstr(c, "Expires"));
	/* The pre-session CSRF cookie is spent. */
	const char *pre = res_set_cookie(&res, PRE_COOKIE);
	assert_non_null(pre);
	assert_non_null(strstr(pre, "Max-Age=0"));
	http_res_free(&res);

	assert_int_equal(http_get(s, "/", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Administrator"));
	assert_true(res_contains(&res, "action=\"/logout\""));
	http_res_free(&res);
}

static void
test_sign_in_page_has_pre_cookie_and_form(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/login", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	const char *pre = res_set_cookie(&res, PRE_COOKIE);
	assert_non_null(pre);
	assert_non_null(strstr(pre, "HttpOnly"));
	assert_non_null(strstr(pre, "Secure"));
	char *v = res_cookie_value(&res, PRE_COOKIE);
	char *csrf = page_csrf(res.body);
	assert_non_null(csrf);
	/* Double submit: the form carries the cookie's value. */
	assert_string_equal(v, csrf);
	free(v);
	free(csrf);
	assert_true(res_contains(&res, "name=\"username\""));
	assert_true(res_contains(&res, "type=\"password\""));
	http_res_free(&res);
}

static void
test_wrong_password_is_401_norwegian_by_default(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(sign_in_full(s, ADMIN_USER, "not the password", NULL, NULL, &res), 401);
	char *err = login_error(&res);
	assert_non_null(err);
	assert_string_equal(err, "Feil brukernavn eller passord.");
	free(err);
	assert_null(res_set_cookie(&res, SESSION_COOKIE));
	/* The typed user name is kept; the password is not. */
	assert_true(res_contains(&res, "value=\"admin\""));
	assert_false(res_contains(&res, "not the password"));
	http_res_free(&res);
}

static void
test_wrong_password_in_english(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(sign_in_full(s, ADMIN_USER, "not the password", "en", NULL, &res), 401);
	char *err = login_error(&res);
	assert_non_null(err);
	assert_string_equal(err, "Wrong username or password.");
	free(err);
	assert_null(res_set_cookie(&res, SESSION_COOKIE));
	http_res_free(&res);
}

static void
test_unknown_user_gets_the_same_answer(void **state)
{
	struct server *s = *state;
	struct http_res wrong, unknown;
	assert_int_equal(sign_in_full(s, ADMIN_USER, "not the password", "en", NULL, &wrong), 401);
	assert_int_equal(sign_in_full(s, "nobody-here", "not the password", "en", NULL, &unknown), 401);
	char *a = login_error(&wrong), *b = login_error(&unknown);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_null(res_set_cookie(&unknown, SESSION_COOKIE));
	http_res_free(&wrong);
	http_res_free(&unknown);
}

static void
test_empty_fields_are_422(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(sign_in_full(s, ADMIN_USER, "", "en", NULL, &res), 422);
	assert_true(res_contains(&res, "Enter your username and password."));
	http_res_free(&res);
}

static void
test_sign_out_ends_the_session_on_the_server(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	struct http_res res;
	char body[256];
	snprintf(body, sizeof body, "csrf=%s", sess.csrf);
	assert_int_equal(http_post_form(s, "/logout", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), "/login");
	const char *c = res_set_cookie(&res, SESSION_COOKIE);
	assert_non_null(c);
	assert_non_null(strstr(c, "Max-Age=0"));
	http_res_free(&res);

	/* A copy of the old cookie no longer opens anything. */
	assert_int_equal(http_get(s, "/", sess.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	assert_non_null(res_header(&res, "Location"));
	assert_int_equal(strncmp(res_header(&res, "Location"), "/login", 6), 0);
	http_res_free(&res);
	struct http_req q = {.path = "/api/v1/me", .cookie = sess.cookie, .body_len = -1};
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 401);
	http_res_free(&res);
}

static void
test_sign_out_without_csrf_is_refused(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	struct http_res res;
	assert_int_equal(http_post_form(s, "/logout", sess.cookie, "", &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	/* Still signed in. */
	assert_int_equal(http_get(s, "/", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
}

static size_t
token_count(const struct server *s, const struct session *sess)
{
	struct http_res res;
	struct http_req q = {.path = "/api/v1/tokens", .cookie = sess->cookie, .body_len = -1};
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_non_null(j);
	size_t n = json_array_size(json_object_get(j, "items"));
	json_decref(j);
	http_res_free(&res);
	return n;
}

static void
test_form_without_or_with_wrong_csrf_is_403_and_changes_nothing(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	size_t before = token_count(s, &sess);
	struct http_res res;

	assert_int_equal(http_post_form(s, "/account/tokens", sess.cookie, "name=sneaky", &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);

	assert_int_equal(http_post_form(s, "/account/tokens", sess.cookie,
					"name=sneaky&csrf=00000000000000000000000000000000", &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);

	/* Another session's token is wrong too. */
	struct session other;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &other), 0);
	char body[256];
	snprintf(body, sizeof body, "name=sneaky&csrf=%s", other.csrf);
	assert_int_equal(http_post_form(s, "/account/tokens", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);

	assert_int_equal(token_count(s, &sess), before);

	/* The language form is protected the same way. */
	assert_int_equal(http_post_form(s, "/language", sess.cookie, "lang=en", &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	struct http_req me = {.path = "/api/v1/me", .cookie = sess.cookie, .body_len = -1};
	assert_int_equal(http_send(s, &me, &res), 0);
	json_t *j = res_json(&res);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "language")), "nb");
	json_decref(j);
	http_res_free(&res);
}

static void
test_login_without_pre_cookie_is_403(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/login", NULL, &res), 0);
	char *csrf = page_csrf(res.body);
	char *pre = res_cookie_value(&res, PRE_COOKIE);
	assert_non_null(csrf);
	assert_non_null(pre);
	http_res_free(&res);

	char body[512];
	snprintf(body, sizeof body, "csrf=%s&username=admin&password=correct+horse+battery", csrf);
	assert_int_equal(http_post_form(s, "/login", NULL, body, &res), 0);
	assert_int_equal(res.status, 403);
	assert_null(res_set_cookie(&res, SESSION_COOKIE));
	http_res_free(&res);

	/* The cookie without the matching form field fails as well. */
	char cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s", PRE_COOKIE, pre);
	assert_int_equal(http_post_form(s, "/login", cookie,
					"csrf=ffffffffffffffffffffffffffffffff&username=admin&password=correct+horse+battery",
					&res), 0);
	assert_int_equal(res.status, 403);
	assert_null(res_set_cookie(&res, SESSION_COOKIE));
	http_res_free(&res);
	free(csrf);
	free(pre);
}

static void
test_next_is_followed_only_when_local(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/login", NULL, &res), 0);
	char *csrf = page_csrf(res.body);
	char *pre = res_cookie_value(&res, PRE_COOKIE);
	http_res_free(&res);
	char body[512], cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s", PRE_COOKIE, pre);
	snprintf(body, sizeof body,
		 "csrf=%s&username=admin&password=correct+horse+battery&next=%%2F%%2Fevil.example%%2F", csrf);
	assert_int_equal(http_post_form(s, "/login", cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), "/");
	http_res_free(&res);
	free(csrf);
	free(pre);
}

/* The `next` fields the open-redirect tests send, form-encoded, and where
 * each must lead: a browser strips tabs and newlines from a URL, reads a
 * backslash as a slash and a leading "//" as another host, so anything but
 * a plain path on this site leads home. */
static const struct next_row {
	const char *encoded;
	const char *location;
} next_rows[] = {
	{"%2F%09%2Fevil.example%2F", "/"},                /* "/\t/evil.example/" */
	{"%2F%0A%2Fevil.example%2F", "/"},                /* newline */
	{"%2F%0D%2Fevil.example%2F", "/"},                /* carriage return */
	{"%2F%2Fevil.example%2F", "/"},                   /* scheme-relative */
	{"%2F%5Cevil.example%2F", "/"},                   /* "/\evil": backslash is a slash */
	{"%5C%5Cevil.example%2F", "/"},
	{"%2F%2509%2Fevil.example%2F", "/"},              /* "/%09/evil": one decoding away */
	{"%2F%252F%2Fevil.example%2F", "/"},              /* "/%2F/evil" */
	{"https%3A%2F%2Fevil.example%2F", "/"},
	{"javascript%3Aalert(1)", "/"},
	{"%20%2F%2Fevil.example%2F", "/"},                /* leading space */
	{"%2Fparticipants%3Fq%3Dola", "/participants?q=ola"},
	{"%2Faccount", "/account"},
};

/* POSTs /login as the administrator with next=encoded; writes the Location
 * of the 303 into loc. */
static void
login_location(const struct server *s, const char *encoded, char *loc, size_t loclen)
{
	struct http_res res;
	assert_int_equal(http_get(s, "/login", NULL, &res), 0);
	char *csrf = page_csrf(res.body);
	char *pre = res_cookie_value(&res, PRE_COOKIE);
	assert_non_null(csrf);
	assert_non_null(pre);
	http_res_free(&res);
	char body[512], cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s", PRE_COOKIE, pre);
	snprintf(body, sizeof body, "csrf=%s&username=admin&password=correct+horse+battery&next=%s",
		 csrf, encoded);
	assert_int_equal(http_post_form(s, "/login", cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	assert_non_null(res_header(&res, "Location"));
	snprintf(loc, loclen, "%s", res_header(&res, "Location"));
	http_res_free(&res);
	free(csrf);
	free(pre);
}

/* POSTs /language (before sign-in) with next=encoded; writes the Location
 * of the 303 into loc. */
static void
language_location(const struct server *s, const char *encoded, char *loc, size_t loclen)
{
	struct http_res res;
	assert_int_equal(http_get(s, "/login", NULL, &res), 0);
	char *csrf = page_csrf(res.body);
	char *pre = res_cookie_value(&res, PRE_COOKIE);
	assert_non_null(csrf);
	assert_non_null(pre);
	http_res_free(&res);
	char body[512], cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s", PRE_COOKIE, pre);
	snprintf(body, sizeof body, "csrf=%s&lang=en&next=%s", csrf, encoded);
	assert_int_equal(http_post_form(s, "/language", cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	assert_non_null(res_header(&res, "Location"));
	snprintf(loc, loclen, "%s", res_header(&res, "Location"));
	http_res_free(&res);
	free(csrf);
	free(pre);
}

static void
test_login_next_is_a_path_on_this_site(void **state)
{
	struct server *s = *state;
	for (size_t i = 0; i < sizeof next_rows / sizeof next_rows[0]; i++) {
		char loc[256];
		login_location(s, next_rows[i].encoded, loc, sizeof loc);
		if (strcmp(loc, next_rows[i].location) != 0)
			fail_msg("POST /login next=%s: Location %s, want %s", next_rows[i].encoded, loc,
				 next_rows[i].location);
	}
}

static void
test_language_next_is_a_path_on_this_site(void **state)
{
	struct server *s = *state;
	for (size_t i = 0; i < sizeof next_rows / sizeof next_rows[0]; i++) {
		char loc[256];
		language_location(s, next_rows[i].encoded, loc, sizeof loc);
		if (strcmp(loc, next_rows[i].location) != 0)
			fail_msg("POST /language next=%s: Location %s, want %s", next_rows[i].encoded, loc,
				 next_rows[i].location);
	}
}

static void
test_signed_in_visitor_of_login_goes_home(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	struct http_res res;
	assert_int_equal(http_get(s, "/login", sess.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), "/");
	http_res_free(&res);
}

/* These tests are about the answers, not throttling (test_ratelimit.c): the
 * administrator's few wrong passwords here must not make later sign-ins
 * from the same address wait. */
static int
setup(void **state)
{
	static const char *const extra[] = {"auth.free_failures_pair=100", NULL};
	return group_server_setup(state, extra);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_in_sets_strict_session_cookie),
		cmocka_unit_test(test_sign_in_page_has_pre_cookie_and_form),
		cmocka_unit_test(test_wrong_password_is_401_norwegian_by_default),
		cmocka_unit_test(test_wrong_password_in_english),
		cmocka_unit_test(test_unknown_user_gets_the_same_answer),
		cmocka_unit_test(test_empty_fields_are_422),
		cmocka_unit_test(test_sign_out_ends_the_session_on_the_server),
		cmocka_unit_test(test_sign_out_without_csrf_is_refused),
		cmocka_unit_test(test_form_without_or_with_wrong_csrf_is_403_and_changes_nothing),
		cmocka_unit_test(test_login_without_pre_cookie_is_403),
		cmocka_unit_test(test_next_is_followed_only_when_local),
		cmocka_unit_test(test_login_next_is_a_path_on_this_site),
		cmocka_unit_test(test_language_next_is_a_path_on_this_site),
		cmocka_unit_test(test_signed_in_visitor_of_login_goes_home),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
