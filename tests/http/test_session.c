/*
 * test_session.c — sessions end after the idle timeout and after the
 * absolute timeout: the next page sends the user to the sign-in page, which
 * says why, and the old cookie stays dead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* Signs in, waits past the timeout and checks the way back to /login. */
static void
expect_expiry(const struct server *s)
{
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	struct http_res res;
	assert_int_equal(http_get(s, "/", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);

	sleep(3);

	assert_int_equal(http_get(s, "/", sess.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	const char *loc = res_header(&res, "Location");
	assert_non_null(loc);
	assert_int_equal(strncmp(loc, "/login?", 7), 0);
	assert_non_null(strstr(loc, "expired=1"));
	/* The dead cookie is removed from the browser too. */
	const char *c = res_set_cookie(&res, SESSION_COOKIE);
	assert_non_null(c);
	assert_non_null(strstr(c, "Max-Age=0"));
	char *where = strdup(loc);
	http_res_free(&res);

	struct http_req q = {.path = where, .body_len = -1, .headers = {"Accept-Language: en"}};
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Your session has expired. Sign in again."));
	http_res_free(&res);
	free(where);

	/* The API says 401, and the session is gone for good. */
	struct http_req api = {.path = "/api/v1/me", .cookie = sess.cookie, .body_len = -1};
	assert_int_equal(http_send(s, &api, &res), 0);
	assert_int_equal(res.status, 401);
	http_res_free(&res);

	/* Signing in again works. */
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
}

static void
test_idle_timeout(void **state)
{
	expect_expiry(*state);
}

static void
test_absolute_timeout(void **state)
{
	expect_expiry(*state);
}

static int
setup_idle(void **state)
{
	static const char *const extra[] = {"session.idle_timeout=2", NULL};
	return group_server_setup(state, extra);
}

static int
setup_absolute(void **state)
{
	/* The idle timeout stays long: only the absolute one can end it. */
	static const char *const extra[] = {"session.absolute_timeout=2", NULL};
	return group_server_setup(state, extra);
}

int
main(void)
{
	const struct CMUnitTest idle[] = {
		cmocka_unit_test(test_idle_timeout),
	};
	const struct CMUnitTest absolute[] = {
		cmocka_unit_test(test_absolute_timeout),
	};
	int failed = cmocka_run_group_tests_name("idle", idle, setup_idle, group_server_teardown);
	failed += cmocka_run_group_tests_name("absolute", absolute, setup_absolute, group_server_teardown);
	return harness_status(failed);
}
