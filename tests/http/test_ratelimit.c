/*
 * test_ratelimit.c — repeated wrong passwords lock the account for a while,
 * even against the right password, with a Retry-After the client can obey,
 * and every attempt lands in the audit log. Another account (the
 * administrator) from the same address can still sign in.
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

#define RL_USER "lockme"
#define RL_PASSWORD "a long enough password"

/* Counts audit entries with the given outcome in an /api/v1/audit answer. */
static int
count_outcome(json_t *page, const char *user, const char *outcome)
{
	int n = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(page, "items"), i, it) {
		const char *u = json_string_value(json_object_get(it, "user"));
		const char *o = json_string_value(json_object_get(it, "outcome"));
		if (o != NULL && strcmp(o, outcome) == 0 &&
		    (user == NULL || (u != NULL && strcmp(u, user) == 0)))
			n++;
	}
	return n;
}

static void
test_account_is_locked_after_max_failures(void **state)
{
	struct server *s = *state;
	assert_int_equal(cli_user_add(s, RL_USER, "Locked Person", "contact", RL_PASSWORD), 0);

	struct http_res res;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sign_in_full(s, RL_USER, "wrong password here", "en", NULL, &res), 401);
		http_res_free(&res);
	}
	/* The fourth attempt is refused before the password is even checked. */
	struct session sess;
	assert_int_equal(sign_in_full(s, RL_USER, RL_PASSWORD, "en", &sess, &res), 429);
	assert_true(res_contains(&res, "Too many attempts; try again in 15 minutes."));
	const char *ra = res_header(&res, "Retry-After");
	assert_non_null(ra);
	long secs = strtol(ra, NULL, 10);
	assert_true(secs > 0 && secs <= 900);
	assert_null(res_set_cookie(&res, SESSION_COOKIE));
	http_res_free(&res);

	/* The administrator, from the same address, is not locked out. */
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);

	struct http_req q = {.path = "/api/v1/audit?action=auth.signin&per_page=200",
			     .cookie = admin.cookie, .body_len = -1};
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_non_null(j);
	assert_int_equal(count_outcome(j, RL_USER, "failed"), 3);
	assert_true(count_outcome(j, NULL, "rate-limited") >= 1);
	assert_int_equal(count_outcome(j, RL_USER, "ok"), 0);
	json_decref(j);
	http_res_free(&res);
}

static int
setup(void **state)
{
	static const char *const extra[] = {"auth.max_failures_account=3", NULL};
	return group_server_setup(state, extra);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_account_is_locked_after_max_failures),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
