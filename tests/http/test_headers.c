/*
 * test_headers.c — the security headers on every kind of answer: page,
 * static asset, error page, JSON, redirect, plain text. Pages are never
 * cached; versioned assets are cached for a year.
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

static void
assert_security_headers(const struct http_res *res)
{
	const char *csp = res_header(res, "Content-Security-Policy");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_null(strstr(csp, "unsafe-inline"));
	assert_null(strstr(csp, "unsafe-eval"));
	assert_int_equal(res_header_count(res, "Content-Security-Policy"), 1);
	const char *nosniff = res_header(res, "X-Content-Type-Options");
	assert_non_null(nosniff);
	assert_string_equal(nosniff, "nosniff");
	const char *ref = res_header(res, "Referrer-Policy");
	assert_non_null(ref);
	assert_string_equal(ref, "same-origin");
	assert_non_null(res_header(res, "Content-Type"));
}

static void
assert_no_store(const struct http_res *res)
{
	const char *cc = res_header(res, "Cache-Control");
	assert_non_null(cc);
	assert_non_null(strstr(cc, "no-store"));
	assert_int_equal(res_header_count(res, "Cache-Control"), 1);
}

static void
test_page(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/login", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	assert_security_headers(&res);
	assert_no_store(&res);
	http_res_free(&res);

	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(http_get(s, "/admin/users", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_security_headers(&res);
	assert_no_store(&res);
	/* No inline script or style for the CSP to forbid. */
	assert_false(res_contains(&res, "<script>"));
	assert_false(res_contains(&res, "style=\""));
	assert_false(res_contains(&res, " onclick="));
	http_res_free(&res);
}

static void
test_static_asset_is_cached_long(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/login", NULL, &res), 0);
	char *css = text_after(res.body, "<link rel=\"stylesheet\" href=\"", '"');
	http_res_free(&res);
	assert_non_null(css);
	assert_int_equal(strncmp(css, "/static/", 8), 0);

	assert_int_equal(http_get(s, css, NULL, &res), 0);
	assert_int_equal(res.status, 200);
	assert_security_headers(&res);
	assert_int_equal(strncmp(res_header(&res, "Content-Type"), "text/css", 8), 0);
	const char *cc = res_header(&res, "Cache-Control");
	assert_non_null(cc);
	assert_non_null(strstr(cc, "public"));
	assert_non_null(strstr(cc, "max-age=31536000"));
	assert_null(strstr(cc, "no-store"));
	assert_true(res.body_len > 0);
	http_res_free(&res);
	free(css);
}

static void
test_error_pages(void **state)
{
	struct server *s = *state;
	/* No such page; a path, then a query string, that is not well formed. */
	static const struct {
		const char *path;
		long status;
	} rows[] = {{"/nope", 404}, {"/%zz", 400}, {"/login?x=%ZZ", 400}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct http_res res;
		assert_int_equal(http_get(s, rows[i].path, NULL, &res), 0);
		assert_int_equal(res.status, rows[i].status);
		assert_security_headers(&res);
		assert_no_store(&res);
		http_res_free(&res);
	}
	/* 405 too. */
	struct http_req q = {.method = "DELETE", .path = "/login", .body_len = -1};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 405);
	assert_security_headers(&res);
	assert_no_store(&res);
	http_res_free(&res);
}

static void
test_api(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/me", NULL, &res), 0);
	assert_int_equal(res.status, 401);
	assert_security_headers(&res);
	assert_no_store(&res);
	http_res_free(&res);

	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(http_get(s, "/api/v1/me", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_security_headers(&res);
	assert_no_store(&res);
	assert_int_equal(strncmp(res_header(&res, "Content-Type"), "application/json", 16), 0);
	http_res_free(&res);
}

static void
test_redirect(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/admin/users", NULL, &res), 0);
	assert_int_equal(res.status, 303);
	assert_non_null(res_header(&res, "Location"));
	assert_security_headers(&res);
	assert_no_store(&res);
	http_res_free(&res);
}

static void
test_plain_text(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, "/healthz", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	assert_security_headers(&res);
	http_res_free(&res);
	assert_int_equal(http_get(s, "/robots.txt", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	assert_security_headers(&res);
	assert_true(res_contains(&res, "Disallow: /"));
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
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_static_asset_is_cached_long),
		cmocka_unit_test(test_error_pages),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_plain_text),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
