/*
 * test_protocol.c — what the server does with requests it cannot or will
 * not take: bodies over http.max_body (with and without Content-Length),
 * malformed paths, queries, JSON and Content-Length, unknown routes, wrong
 * methods and unsupported content types; too many query parameters or form
 * fields, and addresses too long for the connection's memory, each answered
 * at once without holding the connection or the shutdown.
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

#define MAX_BODY 4096

static char *
big_form(size_t len)
{
	char *b = malloc(len + 1);
	assert_non_null(b);
	memcpy(b, "name=", 5);
	memset(b + 5, 'x', len - 5);
	b[len] = '\0';
	return b;
}

/* Checks the {"error":{"code":...,"message":...}} shape; returns nothing. */
static void
assert_json_error(const struct http_res *res, const char *code)
{
	const char *ct = res_header(res, "Content-Type");
	assert_non_null(ct);
	assert_int_equal(strncmp(ct, "application/json", 16), 0);
	json_t *j = res_json(res);
	assert_non_null(j);
	json_t *err = json_object_get(j, "error");
	assert_true(json_is_object(err));
	assert_string_equal(json_string_value(json_object_get(err, "code")), code);
	assert_true(json_is_string(json_object_get(err, "message")));
	assert_true(strlen(json_string_value(json_object_get(err, "message"))) > 0);
	json_decref(j);
}

static void
test_body_over_limit_is_413(void **state)
{
	struct server *s = *state;
	char *body = big_form(MAX_BODY + 1000);
	struct http_res res;
	assert_int_equal(http_post_form(s, "/login", NULL, body, &res), 0);
	assert_int_equal(res.status, 413);
	http_res_free(&res);
	/* Signed in makes no difference. */
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(http_post_form(s, "/account/tokens", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 413);
	http_res_free(&res);
	free(body);
}

static void
test_chunked_body_under_limit_is_read(void **state)
{
	struct server *s = *state;
	/* Without the pre-session cookie the form is refused: it was parsed. */
	struct http_req q = {.path = "/login", .body = "username=admin&password=x&csrf=y",
			     .body_len = -1, .chunked = true};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
}

static void
test_server_still_serves_after_413(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/healthz", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
}

static void
test_bad_percent_encoding_in_path_is_400(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/%zz", NULL, &res), 0);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
	assert_int_equal(http_get(s, "/api/v1/%zz", NULL, &res), 0);
	assert_int_equal(res.status, 400);
	assert_json_error(&res, "bad_request");
	http_res_free(&res);
}

static void
test_malformed_query_is_400(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/login?a=%ZZ", NULL, &res), 0);
	assert_int_equal(res.status, 400);
	const char *ct = res_header(&res, "Content-Type");
	assert_non_null(ct);
	assert_int_equal(strncmp(ct, "text/html", 9), 0);
	http_res_free(&res);
	assert_int_equal(http_get(s, "/api/v1/users?page=%ZZ", NULL, &res), 0);
	assert_int_equal(res.status, 400);
	assert_json_error(&res, "bad_request");
	http_res_free(&res);
}

static void
test_invalid_json_is_400(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	char csrf_hdr[128];
	snprintf(csrf_hdr, sizeof csrf_hdr, "X-CSRF-Token: %s", sess.csrf);
	static const char *const bodies[] = {
		"{\"username\": ",
		"not json",
		"{\"username\":\"a\",\"username\":\"b\"}",   /* duplicate keys */
		"[1,2,3]",                                 /* valid, but not an object */
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct http_req q = {.path = "/api/v1/users", .body = bodies[i], .body_len = -1,
				     .content_type = "application/json", .cookie = sess.cookie,
				     .headers = {csrf_hdr}};
		struct http_res res;
		assert_int_equal(http_send(s, &q, &res), 0);
		assert_int_equal(res.status, 400);
		assert_json_error(&res, "bad_request");
		http_res_free(&res);
	}
}

static void
test_invalid_content_length_is_400(void **state)
{
	struct server *s = *state;
	static const char *const reqs[] = {
		"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		"Content-Length: abc\r\nConnection: close\r\n\r\n",
		"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\nConnection: close\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		struct http_res res;
		assert_int_equal(http_raw(s, reqs[i], strlen(reqs[i]), &res), 0);
		assert_int_equal(res.status, 400);
		http_res_free(&res);
	}
}

static void
test_unknown_route_is_404(void **state)
{
	struct server *s = *state;
	struct http_res res;
	struct http_req q = {.path = "/nope", .body_len = -1, .headers = {"Accept-Language: en"}};
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 404);
	assert_true(res_contains(&res, "Page not found"));
	assert_int_equal(strncmp(res_header(&res, "Content-Type"), "text/html", 9), 0);
	http_res_free(&res);

	q.path = "/api/v1/nope";
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 404);
	assert_json_error(&res, "not_found");
	http_res_free(&res);
}

static void
test_wrong_method_is_405_with_allow(void **state)
{
	struct server *s = *state;
	struct http_res res;
	struct http_req q = {.method = "DELETE", .path = "/login", .body_len = -1};
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 405);
	const char *allow = res_header(&res, "Allow");
	assert_non_null(allow);
	assert_non_null(strstr(allow, "GET"));
	assert_non_null(strstr(allow, "POST"));
	http_res_free(&res);

	q.method = "PUT";
	q.path = "/api/v1/me";
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 405);
	assert_non_null(res_header(&res, "Allow"));
	assert_json_error(&res, "method_not_allowed");
	http_res_free(&res);
}

static void
test_unsupported_content_type_is_415(void **state)
{
	struct server *s = *state;
	struct http_req q = {.path = "/login", .body = "hello", .body_len = -1,
			     .content_type = "text/plain"};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 415);
	http_res_free(&res);
}

static long
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* "PREFIXp0=1&p1=1&...", n pairs (malloc'd). */
static char *
pairs(const char *prefix, int n)
{
	size_t cap = strlen(prefix) + (size_t)n * 12 + 1;
	char *b = malloc(cap);
	assert_non_null(b);
	size_t len = (size_t)snprintf(b, cap, "%s", prefix);
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(b + len, cap - len, "%sp%d=1", i ? "&" : "", i);
	return b;
}

/* GET target on a fresh connection that asks to be closed; the answer must
 * come within two seconds. */
static void
raw_get(const struct server *s, const char *target, struct http_res *res)
{
	size_t cap = strlen(target) + 128;
	char *req = malloc(cap);
	assert_non_null(req);
	snprintf(req, cap, "GET %s HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\n"
			   "Connection: close\r\n\r\n", target);
	long t0 = mono_ms();
	assert_int_equal(http_raw(s, req, strlen(req), res), 0);
	long took = mono_ms() - t0;
	if (took > 2000)
		fail_msg("GET with a %zu-byte target answered after %ld ms", strlen(target), took);
	free(req);
}

/*
 * More query parameters than http.max_query_params (200 by default) is a
 * 414 that says so, at once, whether the address fits the connection's
 * memory (250 parameters) or would not fit libmicrohttpd's records of them
 * (5,000); an address too long for the memory is libmicrohttpd's own 414.
 * The server answers the next request, and none stays in flight: SIGTERM
 * stops it without waiting for one.
 */
static void
test_too_many_query_parameters_is_414(void **state)
{
	(void)state;
	struct server own;
	assert_int_equal(server_start(&own, NULL), 0);
	struct http_res res;

	char *q200 = pairs("/login?", 200);
	assert_int_equal(http_get(&own, q200, NULL, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
	free(q200);

	char *q250 = pairs("/login?", 250);
	raw_get(&own, q250, &res);
	assert_int_equal(res.status, 414);
	assert_true(res_contains(&res, "The address has too many parameters (at most 200)."));
	http_res_free(&res);
	free(q250);

	char *api = pairs("/api/v1/me?", 250);
	raw_get(&own, api, &res);
	assert_int_equal(res.status, 414);
	assert_json_error(&res, "uri_too_long");
	http_res_free(&res);
	free(api);

	char *q5000 = pairs("/login?", 5000);
	raw_get(&own, q5000, &res);
	assert_int_equal(res.status, 414);
	assert_true(res_contains(&res, "The address has too many parameters (at most 200)."));
	http_res_free(&res);
	free(q5000);

	/* Longer than http.connection_memory: refused before it is read. */
	char *huge = malloc(100010);
	assert_non_null(huge);
	memcpy(huge, "/login?a=", 9);
	memset(huge + 9, 'x', 100000);
	huge[100009] = '\0';
	raw_get(&own, huge, &res);
	assert_int_equal(res.status, 414);
	http_res_free(&res);
	free(huge);

	assert_int_equal(http_get(&own, "/healthz", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);

	/* Nothing in flight: the stop does not wait out its 10 s. */
	long t0 = mono_ms();
	assert_int_equal(server_stop(&own), 0);
	long took = mono_ms() - t0;
	if (took > 3000)
		fail_msg("the server took %ld ms to stop", took);
}

/* A form with more fields than http.max_form_fields is a 413 naming the
 * limit; the bulk reassignment form (500 participants and its own fields)
 * fits the default. */
static void
test_too_many_form_fields_is_413(void **state)
{
	(void)state;
	static const char *const extra[] = {"http.max_form_fields=20", NULL};
	struct server own;
	assert_int_equal(server_start(&own, extra), 0);
	struct http_res res;
	char *form = pairs("", 21);
	struct http_req q = {.path = "/login", .body = form, .body_len = -1,
			     .headers = {"Accept-Language: en"}};
	assert_int_equal(http_send(&own, &q, &res), 0);
	assert_int_equal(res.status, 413);
	assert_true(res_contains(&res, "The form has too many fields (at most 20)."));
	http_res_free(&res);
	free(form);
	/* Twenty is still read (and refused for want of a CSRF cookie). */
	form = pairs("", 20);
	q.body = form;
	assert_int_equal(http_send(&own, &q, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	free(form);
	assert_int_equal(server_stop(&own), 0);
}

static void
test_head_has_no_body(void **state)
{
	struct server *s = *state;
	struct http_req q = {.method = "HEAD", .path = "/login", .body_len = -1};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.body_len, 0);
	http_res_free(&res);
}

static int
setup(void **state)
{
	static const char *const extra[] = {"http.max_body=4096", NULL};
	return group_server_setup(state, extra);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_over_limit_is_413),
		cmocka_unit_test(test_chunked_body_under_limit_is_read),
		cmocka_unit_test(test_server_still_serves_after_413),
		cmocka_unit_test(test_bad_percent_encoding_in_path_is_400),
		cmocka_unit_test(test_malformed_query_is_400),
		cmocka_unit_test(test_invalid_json_is_400),
		cmocka_unit_test(test_invalid_content_length_is_400),
		cmocka_unit_test(test_unknown_route_is_404),
		cmocka_unit_test(test_wrong_method_is_405_with_allow),
		cmocka_unit_test(test_unsupported_content_type_is_415),
		cmocka_unit_test(test_head_has_no_body),
		cmocka_unit_test(test_too_many_query_parameters_is_414),
		cmocka_unit_test(test_too_many_form_fields_is_413),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
