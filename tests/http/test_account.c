/*
 * test_account.c — changing one's own password: a wrong current password
 * is shown beside that field; a right one makes the old password useless,
 * the new one work, and ends the user's other sessions (not this one).
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

#define USER "pw.changer"
#define OLD_PASSWORD "the old long password"
#define NEW_PASSWORD "the brand new password"

static long
change(const struct server *s, const struct session *sess, const char *current,
       const char *fresh, const char *again, struct http_res *res)
{
	char *c = form_escape(current), *f = form_escape(fresh), *a = form_escape(again);
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&current_password=%s&new_password=%s&new_password2=%s",
		 sess->csrf, c, f, a);
	free(c);
	free(f);
	free(a);
	assert_int_equal(http_post_form(s, "/account/password", sess->cookie, body, res), 0);
	return res->status;
}

static void
test_wrong_current_password(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, USER, OLD_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);
	struct http_res res;
	assert_int_equal(change(s, &sess, "not my password", NEW_PASSWORD, NEW_PASSWORD, &res), 422);
	char *err = text_after(res.body, "id=\"current_password-error\">", '<');
	assert_non_null(err);
	assert_string_equal(err, "The current password is wrong.");
	free(err);
	http_res_free(&res);

	/* The new password is checked too, and must be typed twice alike. */
	assert_int_equal(change(s, &sess, OLD_PASSWORD, "short", "short", &res), 422);
	assert_true(res_contains(&res, "id=\"new_password-error\""));
	http_res_free(&res);
	assert_int_equal(change(s, &sess, OLD_PASSWORD, NEW_PASSWORD, "something else entirely", &res), 422);
	assert_true(res_contains(&res, "id=\"new_password2-error\""));
	http_res_free(&res);

	/* Nothing changed. */
	assert_int_equal(sign_in(s, USER, OLD_PASSWORD, &sess), 0);
}

/* Each weak new password is refused with its own words beside the field,
 * and nothing changes (the rule is password_policy_check()'s). */
static void
test_weak_new_passwords(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, USER, OLD_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);
	static const struct {
		const char *password, *error;
	} weak[] = {
		{"            ", "Password must not be only spaces."},
		{"\xC2\xA0 \xC2\xA0 \xC2\xA0 \xC2\xA0 \xC2\xA0 \xC2\xA0 ", "Password must not be only spaces."},
		{"zzzzzzzzzzzzzzzz", "Password must not be one character repeated."},
		{"pw.changerpw.changer", "Password must not be the username repeated."},
		{"PW.CHANGER", "Password must be at least 12 characters."},
		{"pw.changerpw", "Password must not be the username repeated."},
		{"qwertyuiopas", "Password is one of the most common passwords; choose another."},
		{"SecondChance", "Password is one of the most common passwords; choose another."},
		{"Vinter2025!!", "Password must not be a season and a year, such as Sommer2026!!."},
	};
	for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
		struct http_res res;
		long st = change(s, &sess, OLD_PASSWORD, weak[i].password, weak[i].password, &res);
		if (st != 422)
			fail_msg("\"%s\": %ld, want 422", weak[i].password, st);
		char *err = text_after(res.body, "id=\"new_password-error\">", '<');
		assert_non_null(err);
		if (strcmp(err, weak[i].error) != 0)
			fail_msg("\"%s\": \"%s\", want \"%s\"", weak[i].password, err, weak[i].error);
		free(err);
		http_res_free(&res);
	}
	assert_int_equal(sign_in_full(s, USER, "zzzzzzzzzzzzzzzz", NULL, NULL, NULL), 401);
	assert_int_equal(sign_in(s, USER, OLD_PASSWORD, &sess), 0);
}

static void
test_change_password(void **state)
{
	struct server *s = *state;
	struct session sess, other;
	assert_int_equal(sign_in(s, USER, OLD_PASSWORD, &sess), 0);
	assert_int_equal(sign_in(s, USER, OLD_PASSWORD, &other), 0);
	struct http_res res;
	assert_int_equal(change(s, &sess, OLD_PASSWORD, NEW_PASSWORD, NEW_PASSWORD, &res), 303);
	assert_string_equal(res_header(&res, "Location"), "/account");
	http_res_free(&res);

	/* This session goes on; the other one was ended. */
	assert_int_equal(http_get(s, "/account", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
	assert_int_equal(http_get(s, "/account", other.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	assert_int_equal(sign_in_full(s, USER, OLD_PASSWORD, NULL, NULL, NULL), 401);
	struct session fresh;
	assert_int_equal(sign_in(s, USER, NEW_PASSWORD, &fresh), 0);
}

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	return cli_user_add(*state, USER, "Password Changer", "teacher", OLD_PASSWORD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrong_current_password),
		cmocka_unit_test(test_weak_new_passwords),
		cmocka_unit_test(test_change_password),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
