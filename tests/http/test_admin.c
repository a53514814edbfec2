/*
 * test_admin.c — the administrator's user forms: errors beside the field
 * with the typed values kept and nothing saved, and two administrators
 * editing the same user, where the second save is refused (409) instead of
 * silently overwriting the first. Deactivating a user, or resetting their
 * password (on the page or with `user passwd`), ends their sessions and
 * revokes their API tokens for good.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "harness.h"

#define ADMIN2_USER "second.admin"
#define ADMIN2_PASSWORD "the other admin password"
#define TARGET_USER "edit.target"

static json_t *
users(const struct server *s, const struct session *sess)
{
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/users?per_page=200", sess->cookie, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_non_null(j);
	http_res_free(&res);
	return j;
}

/* The user with that name from /api/v1/users (a new reference), or NULL. */
static json_t *
find_user(const struct server *s, const struct session *sess, const char *username)
{
	json_t *all = users(s, sess), *found = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(all, "items"), i, it) {
		if (strcmp(json_string_value(json_object_get(it, "username")), username) == 0)
			found = json_incref(it);
	}
	json_decref(all);
	return found;
}

static void
test_new_user_with_short_password_keeps_the_form(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);
	json_t *before = users(s, &sess);
	json_int_t total = json_integer_value(json_object_get(before, "total"));
	json_decref(before);

	struct http_res res;
	char body[512];
	snprintf(body, sizeof body,
		 "csrf=%s&display_name=Typed+%%C3%%85se+Name&username=aase&password=short&roles=contact",
		 sess.csrf);
	assert_int_equal(http_post_form(s, "/admin/users", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 422);
	char *err = text_after(res.body, "id=\"password-error\">", '<');
	assert_non_null(err);
	assert_string_equal(err, "Password must be at least 12 characters.");
	free(err);
	/* The field points at its error, and the summary links to it. */
	assert_true(res_contains(&res, "aria-describedby=\"password-error\""));
	assert_true(res_contains(&res, "href=\"#password\""));
	/* What was typed is kept (but never the password). */
	assert_true(res_contains(&res, "value=\"Typed \xC3\x85se Name\""));
	assert_true(res_contains(&res, "value=\"aase\""));
	assert_false(res_contains(&res, "value=\"short\""));
	/* The chosen role stays ticked. */
	assert_true(res_contains(&res, "value=\"contact\" checked"));
	http_res_free(&res);

	json_t *after = users(s, &sess);
	assert_int_equal(json_integer_value(json_object_get(after, "total")), total);
	json_decref(after);
}

static void
test_new_user_form_creates(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	struct http_res res;
	char body[512];
	snprintf(body, sizeof body,
		 "csrf=%s&display_name=Form+Made&username=form.made&password=form+made+password&roles=teacher",
		 sess.csrf);
	assert_int_equal(http_post_form(s, "/admin/users", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	assert_int_equal(strncmp(res_header(&res, "Location"), "/admin/users/", 13), 0);
	http_res_free(&res);
	json_t *u = find_user(s, &sess, "form.made");
	assert_non_null(u);
	json_decref(u);

	/* The same user name again: 422 beside the username. */
	assert_int_equal(http_post_form(s, "/admin/users", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"username-error\""));
	http_res_free(&res);
}

static char *
form_version(const struct server *s, const struct session *sess, const char *path)
{
	struct http_res res;
	assert_int_equal(http_get(s, path, sess->cookie, &res), 0);
	assert_int_equal(res.status, 200);
	char *v = text_after(res.body, "name=\"version\" value=\"", '"');
	assert_non_null(v);
	http_res_free(&res);
	return v;
}

static void
test_two_admins_editing_the_same_user(void **state)
{
	struct server *s = *state;
	struct session a1, a2;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &a1), 0);
	assert_int_equal(sign_in(s, ADMIN2_USER, ADMIN2_PASSWORD, &a2), 0);
	assert_int_equal(session_set_lang(s, &a2, "en"), 0);

	json_t *target = find_user(s, &a1, TARGET_USER);
	assert_non_null(target);
	char path[64];
	snprintf(path, sizeof path, "/admin/users/%lld",
		 (long long)json_integer_value(json_object_get(target, "id")));
	json_decref(target);

	/* Both open the form and see the same version. */
	char *v1 = form_version(s, &a1, path);
	char *v2 = form_version(s, &a2, path);
	assert_string_equal(v1, v2);

	struct http_res res;
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=First+Save&roles=contact&active=1",
		 a1.csrf, v1);
	assert_int_equal(http_post_form(s, path, a1.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Second+Save&roles=teacher&active=1",
		 a2.csrf, v2);
	assert_int_equal(http_post_form(s, path, a2.cookie, body, &res), 0);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Someone else changed this user while you were editing."));
	/* The form keeps what the second administrator typed, at the saved
	 * version, and the message says what is saved now. */
	assert_true(res_contains(&res, "value=\"Second Save\""));
	assert_true(res_contains(&res, "value=\"teacher\" checked"));
	assert_false(res_contains(&res, "value=\"contact\" checked"));
	assert_true(res_contains(&res, "Saved now: Display name \xE2\x80\x9c" "First Save\xE2\x80\x9d; Roles "
				       "\xE2\x80\x9c" "Contact person\xE2\x80\x9d."));
	char *v3 = text_after(res.body, "name=\"version\" value=\"", '"');
	assert_non_null(v3);
	assert_string_not_equal(v3, v2);
	http_res_free(&res);

	target = find_user(s, &a1, TARGET_USER);
	assert_string_equal(json_string_value(json_object_get(target, "display_name")), "First Save");
	json_t *roles = json_object_get(target, "roles");
	assert_int_equal(json_array_size(roles), 1);
	assert_string_equal(json_string_value(json_array_get(roles, 0)), "contact");
	json_decref(target);

	/* Saving the form as shown works. */
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Second+Save&roles=teacher&active=1",
		 a2.csrf, v3);
	assert_int_equal(http_post_form(s, path, a2.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	target = find_user(s, &a1, TARGET_USER);
	assert_string_equal(json_string_value(json_object_get(target, "display_name")), "Second Save");
	json_decref(target);
	free(v1);
	free(v2);
	free(v3);
}

/* A version above the saved one is stale too: 409, nothing saved. */
static void
test_version_above_current(void **state)
{
	struct server *s = *state;
	struct session a1;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &a1), 0);
	json_t *target = find_user(s, &a1, TARGET_USER);
	assert_non_null(target);
	long long id = (long long)json_integer_value(json_object_get(target, "id"));
	json_int_t version = json_integer_value(json_object_get(target, "version"));
	json_decref(target);
	char path[64], body[512];
	snprintf(path, sizeof path, "/admin/users/%lld", id);
	snprintf(body, sizeof body, "csrf=%s&version=%lld&display_name=From+The+Future&roles=contact&active=1",
		 a1.csrf, (long long)version + 50);
	struct http_res res;
	assert_int_equal(http_post_form(s, path, a1.cookie, body, &res), 0);
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	target = find_user(s, &a1, TARGET_USER);
	assert_string_not_equal(json_string_value(json_object_get(target, "display_name")), "From The Future");
	assert_int_equal(json_integer_value(json_object_get(target, "version")), version);
	json_decref(target);
}

static void
test_disabled_user_is_signed_out(void **state)
{
	struct server *s = *state;
	struct session admin, victim;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	assert_int_equal(cli_user_add(s, "leaving.soon", "Leaving Soon", "contact", "leaving soon password"), 0);
	assert_int_equal(sign_in(s, "leaving.soon", "leaving soon password", &victim), 0);
	json_t *u = find_user(s, &admin, "leaving.soon");
	assert_non_null(u);
	char path[64];
	snprintf(path, sizeof path, "/admin/users/%lld", (long long)json_integer_value(json_object_get(u, "id")));
	json_decref(u);
	char *v = form_version(s, &admin, path);
	char body[512];
	/* No active=1: the box is unticked. */
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Leaving+Soon&roles=contact", admin.csrf, v);
	free(v);
	struct http_res res;
	assert_int_equal(http_post_form(s, path, admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(http_get(s, "/", victim.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(sign_in_full(s, "leaving.soon", "leaving soon password", NULL, NULL, NULL), 401);
}

static void
test_last_admin_keeps_the_role(void **state)
{
	struct server *s = *state;
	struct session a2;
	assert_int_equal(sign_in(s, ADMIN2_USER, ADMIN2_PASSWORD, &a2), 0);
	/* Disable the first admin, then try to drop our own admin role. */
	json_t *me = find_user(s, &a2, ADMIN2_USER);
	json_t *first = find_user(s, &a2, ADMIN_USER);
	char p_me[64], p_first[64], body[512];
	snprintf(p_me, sizeof p_me, "/admin/users/%lld", (long long)json_integer_value(json_object_get(me, "id")));
	snprintf(p_first, sizeof p_first, "/admin/users/%lld",
		 (long long)json_integer_value(json_object_get(first, "id")));
	json_decref(me);
	json_decref(first);

	char *v = form_version(s, &a2, p_first);
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Administrator&roles=admin", a2.csrf, v);
	free(v);
	struct http_res res;
	assert_int_equal(http_post_form(s, p_first, a2.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	v = form_version(s, &a2, p_me);
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Second+Admin&roles=leader&active=1", a2.csrf, v);
	free(v);
	assert_int_equal(http_post_form(s, p_me, a2.cookie, body, &res), 0);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "id=\"roles-error\""));
	http_res_free(&res);
	/* the API says the rule itself, beside the field it is about */
	char api_me[96];
	snprintf(api_me, sizeof api_me, "/api/v1/users/%s", p_me + strlen("/admin/users/"));
	v = form_version(s, &a2, p_me);
	json_t *j = NULL;
	snprintf(body, sizeof body, "{\"version\":%s,\"roles\":[\"leader\"]}", v);
	assert_int_equal(api_send_json(&a2, api_me, body, &j), 422);
	assert_string_equal(field_error(j, "roles"), "This is the last active administrator; keep the role.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"version\":%s,\"roles\":[\"admin\"],\"active\":false}", v);
	assert_int_equal(api_send_json(&a2, api_me, body, &j), 422);
	assert_string_equal(field_error(j, "active"),
			    "This is the last active administrator; the installation needs one active.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"version\":%s,\"roles\":[\"boss\"]}", v);
	assert_int_equal(api_send_json(&a2, api_me, body, &j), 422);
	assert_string_equal(field_error(j, "roles"),
			    "Give a list of roles: admin, leader, contact, teacher, health, liaison, finance, analyst, national.");
	json_decref(j);
	free(v);

	/* Give the first one back. */
	v = form_version(s, &a2, p_first);
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Administrator&roles=admin&active=1", a2.csrf, v);
	free(v);
	assert_int_equal(http_post_form(s, p_first, a2.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
}

/* ---- ending a user's access: sessions and API tokens ---- */

/* A bearer GET of /api/v1/me; returns the status. */
static long
bearer_me(const struct server *s, const char *token)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s", token);
	struct http_req q = {.path = "/api/v1/me", .body_len = -1, .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	long status = res.status;
	http_res_free(&res);
	return status;
}

/* Creates user (contact) with password, signs them in and makes them an API
 * token; fills sess, token (33 bytes) and the user's edit path. */
static void
user_with_token(const struct server *s, const struct session *admin, const char *user,
		const char *password, struct session *sess, char *token, char *path, size_t pathlen)
{
	assert_int_equal(cli_user_add(s, user, "Token Holder", "contact", password), 0);
	assert_int_equal(sign_in(s, user, password, sess), 0);
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&name=my+script", sess->csrf);
	struct http_res res;
	assert_int_equal(http_post_form(s, "/account/tokens", sess->cookie, body, &res), 0);
	assert_int_equal(res.status, 201);
	char *t = text_after(res.body, "id=\"new-token\">", '<');
	assert_non_null(t);
	assert_int_equal(strlen(t), 32);
	snprintf(token, 33, "%s", t);
	free(t);
	http_res_free(&res);
	assert_int_equal(bearer_me(s, token), 200);
	json_t *u = find_user(s, admin, user);
	assert_non_null(u);
	snprintf(path, pathlen, "/admin/users/%lld", (long long)json_integer_value(json_object_get(u, "id")));
	json_decref(u);
}

/* The statuses of the user's tokens in /api/v1/tokens, seen by the user. */
static void
expect_tokens_revoked(const struct server *s, const char *user, const char *password)
{
	struct session sess;
	assert_int_equal(sign_in(s, user, password, &sess), 0);
	struct http_res res;
	assert_int_equal(http_get(s, "/api/v1/tokens", sess.cookie, &res), 0);
	json_t *j = res_json(&res);
	assert_non_null(j);
	http_res_free(&res);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "items"), 0), "revoked")));
	json_decref(j);
}

static void
test_deactivating_a_user_revokes_their_tokens(void **state)
{
	struct server *s = *state;
	struct session admin, holder;
	char token[33], path[64], body[512];
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	user_with_token(s, &admin, "token.leaver", "token leaver password", &holder, token, path,
			sizeof path);

	/* Deactivated: the token and the session end. */
	char *v = form_version(s, &admin, path);
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Token+Holder&roles=contact",
		 admin.csrf, v);
	free(v);
	struct http_res res;
	assert_int_equal(http_post_form(s, path, admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(bearer_me(s, token), 401);
	assert_int_equal(http_get(s, "/", holder.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	/* Active again: the old token stays revoked (it does not come back to life). */
	v = form_version(s, &admin, path);
	snprintf(body, sizeof body, "csrf=%s&version=%s&display_name=Token+Holder&roles=contact&active=1",
		 admin.csrf, v);
	free(v);
	assert_int_equal(http_post_form(s, path, admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(bearer_me(s, token), 401);
	expect_tokens_revoked(s, "token.leaver", "token leaver password");
}

static void
test_password_reset_revokes_tokens(void **state)
{
	struct server *s = *state;
	struct session admin, holder;
	char token[33], path[64], body[512];
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	user_with_token(s, &admin, "token.forgetful", "token forgetful password", &holder, token, path,
			sizeof path);

	char reset[80];
	snprintf(reset, sizeof reset, "%s/password", path);
	snprintf(body, sizeof body, "csrf=%s&new_password=a+fresh+reset+password", admin.csrf);
	struct http_res res;
	assert_int_equal(http_post_form(s, reset, admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(bearer_me(s, token), 401);
	assert_int_equal(http_get(s, "/", holder.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	expect_tokens_revoked(s, "token.forgetful", "a fresh reset password");
}

static void
test_cli_passwd_revokes_tokens(void **state)
{
	struct server *s = *state;
	struct session admin, holder;
	char token[33], path[64];
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	user_with_token(s, &admin, "token.cli", "token cli password", &holder, token, path, sizeof path);

	static const char *const args[] = {"user", "passwd", "token.cli", NULL};
	assert_int_equal(cli_run(s, "the cli set this one\n", args), 0);
	assert_int_equal(bearer_me(s, token), 401);
	struct http_res res;
	assert_int_equal(http_get(s, "/", holder.cookie, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	expect_tokens_revoked(s, "token.cli", "the cli set this one");
}

/* The weak passwords an administrator's reset refuses, each with its own
 * words beside the field (the rule is password_policy_check()'s). */
static const struct {
	const char *password, *error;
} weak_passwords[] = {
	{"            ", "Password must not be only spaces."},
	{"aaaaaaaaaaaa", "Password must not be one character repeated."},
	{"laerer2laerer2", "Password must not be the username repeated."},
	{"LAERER2laerer2", "Password must not be the username repeated."},
	{"Password1234", "Password is one of the most common passwords; choose another."},
	{"123456789012", "Password is one of the most common passwords; choose another."},
	{"Sommer2026!!", "Password must not be a season and a year, such as Sommer2026!!."},
	{"laerer2laer", "Password must be at least 12 characters."},
};

static void
test_password_reset_refuses_weak_ones(void **state)
{
	struct server *s = *state;
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	assert_int_equal(session_set_lang(s, &admin, "en"), 0);
	assert_int_equal(cli_user_add(s, "laerer2", "Lærer To", "teacher", "laerer2 sitt lange passord"), 0);
	json_t *u = find_user(s, &admin, "laerer2");
	assert_non_null(u);
	char reset[80], body[512];
	snprintf(reset, sizeof reset, "/admin/users/%lld/password",
		 (long long)json_integer_value(json_object_get(u, "id")));
	json_decref(u);
	for (size_t i = 0; i < sizeof weak_passwords / sizeof weak_passwords[0]; i++) {
		char *pw = form_escape(weak_passwords[i].password);
		snprintf(body, sizeof body, "csrf=%s&new_password=%s", admin.csrf, pw);
		free(pw);
		struct http_res res;
		assert_int_equal(http_post_form(s, reset, admin.cookie, body, &res), 0);
		if (res.status != 422)
			fail_msg("\"%s\": %ld, want 422", weak_passwords[i].password, res.status);
		char *err = text_after(res.body, "id=\"new_password-error\">", '<');
		assert_non_null(err);
		if (strcmp(err, weak_passwords[i].error) != 0)
			fail_msg("\"%s\": \"%s\", want \"%s\"", weak_passwords[i].password, err, weak_passwords[i].error);
		free(err);
		http_res_free(&res);
	}
	/* nothing changed: the old password signs in, none of the weak ones */
	struct session teacher;
	assert_int_equal(sign_in(s, "laerer2", "laerer2 sitt lange passord", &teacher), 0);
	assert_int_equal(sign_in_full(s, "laerer2", "laerer2laerer2", NULL, NULL, NULL), 401);
	/* the user name inside a longer phrase is fine */
	snprintf(body, sizeof body, "csrf=%s&new_password=%s", admin.csrf, "laerer2+har+et+nytt+passord");
	struct http_res res;
	assert_int_equal(http_post_form(s, reset, admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(sign_in(s, "laerer2", "laerer2 har et nytt passord", &teacher), 0);
}

/* A new user's password, on the page and through the API, by the same rule. */
static void
test_new_user_refuses_weak_passwords(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &sess), 0);
	assert_int_equal(session_set_lang(s, &sess, "en"), 0);
	struct http_res res;
	char body[512];
	snprintf(body, sizeof body,
		 "csrf=%s&display_name=Weak+One&username=weak.one&password=aaaaaaaaaaaa&roles=contact", sess.csrf);
	assert_int_equal(http_post_form(s, "/admin/users", sess.cookie, body, &res), 0);
	assert_int_equal(res.status, 422);
	char *err = text_after(res.body, "id=\"password-error\">", '<');
	assert_non_null(err);
	assert_string_equal(err, "Password must not be one character repeated.");
	free(err);
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&sess, "/api/v1/users",
				       "{\"username\":\"weak.two\",\"display_name\":\"Weak Two\",\"roles\":[\"contact\"],"
				       "\"password\":\"weak.twoweak.two\"}",
				       &j),
			 422);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "password")),
		"Password must not be the username repeated.");
	json_decref(j);
	json_t *u = find_user(s, &sess, "weak.one");
	assert_null(u);
	u = find_user(s, &sess, "weak.two");
	assert_null(u);
}

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	if (cli_user_add(*state, ADMIN2_USER, "Second Admin", "admin", ADMIN2_PASSWORD) != 0)
		return -1;
	return cli_user_add(*state, TARGET_USER, "Edit Target", "contact", "edit target password");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_user_with_short_password_keeps_the_form),
		cmocka_unit_test(test_new_user_form_creates),
		cmocka_unit_test(test_two_admins_editing_the_same_user),
		cmocka_unit_test(test_version_above_current),
		cmocka_unit_test(test_disabled_user_is_signed_out),
		cmocka_unit_test(test_last_admin_keeps_the_role),
		cmocka_unit_test(test_deactivating_a_user_revokes_their_tokens),
		cmocka_unit_test(test_password_reset_revokes_tokens),
		cmocka_unit_test(test_cli_passwd_revokes_tokens),
		cmocka_unit_test(test_password_reset_refuses_weak_ones),
		cmocka_unit_test(test_new_user_refuses_weak_passwords),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
