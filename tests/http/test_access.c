/*
 * test_access.c — a role without a permission is turned away (403 page,
 * JSON for the API), and every denial is in the audit log under the name of
 * who tried; the log is found by an action's code or its first part.
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

#define CONTACT_USER "kari.contact"
#define CONTACT_PASSWORD "kari has a long password"

static void
test_contact_person_is_denied_admin_pages(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, CONTACT_USER, CONTACT_PASSWORD, &sess), 0);
	char cookie[256];
	session_cookie_lang(&sess, "en", cookie, sizeof cookie);
	static const char *const pages[] = {"/admin/users", "/audit", "/admin/users/new", "/admin/users/1"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		struct http_res res;
		assert_int_equal(http_get(s, pages[i], cookie, &res), 0);
		assert_int_equal(res.status, 403);
		assert_int_equal(strncmp(res_header(&res, "Content-Type"), "text/html", 9), 0);
		http_res_free(&res);
	}
	/* The navigation does not offer them either. */
	struct http_res res;
	assert_int_equal(http_get(s, "/", cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "href=\"/admin/users\""));
	assert_false(res_contains(&res, "href=\"/audit\""));
	http_res_free(&res);
}

static void
test_contact_person_is_denied_the_api(void **state)
{
	struct server *s = *state;
	struct session sess;
	assert_int_equal(sign_in(s, CONTACT_USER, CONTACT_PASSWORD, &sess), 0);
	static const char *const paths[] = {"/api/v1/users", "/api/v1/audit"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_res res;
		assert_int_equal(http_get(s, paths[i], sess.cookie, &res), 0);
		assert_int_equal(res.status, 403);
		json_t *j = res_json(&res);
		assert_non_null(j);
		json_t *err = json_object_get(j, "error");
		assert_string_equal(json_string_value(json_object_get(err, "code")), "forbidden");
		assert_true(json_is_string(json_object_get(err, "message")));
		json_decref(j);
		http_res_free(&res);
	}
	/* Writing is refused before anything is read from the body. */
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", sess.csrf);
	struct http_req q = {.path = "/api/v1/users", .content_type = "application/json",
			     .body = "{\"username\":\"sneaky\",\"display_name\":\"S\",\"password\":\"a long password 1\",\"roles\":[\"admin\"]}",
			     .body_len = -1, .cookie = sess.cookie, .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	/* The API still answers what is the user's own. */
	assert_int_equal(http_get(s, "/api/v1/me", sess.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
}

static void
test_denials_are_audited(void **state)
{
	struct server *s = *state;
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	struct http_req q = {.path = "/api/v1/audit?action=access.denied&per_page=200",
			     .cookie = admin.cookie, .body_len = -1};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_non_null(j);
	bool users = false, audit = false, api = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		assert_string_equal(json_string_value(json_object_get(it, "action")), "access.denied");
		const char *u = json_string_value(json_object_get(it, "user"));
		const char *rid = json_string_value(json_object_get(it, "record_id"));
		if (u == NULL || strcmp(u, CONTACT_USER) != 0 || rid == NULL)
			continue;
		users |= strcmp(rid, "/admin/users") == 0;
		audit |= strcmp(rid, "/audit") == 0;
		api |= strcmp(rid, "/api/v1/users") == 0;
	}
	assert_true(users);
	assert_true(audit);
	assert_true(api);
	/* Only denials: the filter works. */
	assert_true(json_integer_value(json_object_get(j, "total")) >= 3);
	json_decref(j);
	http_res_free(&res);
}

/* The total of the entries the administrator finds by action. */
static json_int_t
audit_total(const struct server *s, const struct session *admin, const char *action)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/audit?action=%s&per_page=200", action);
	json_t *j = NULL;
	assert_int_equal(api_on(s, admin, path, NULL, &j), 200);
	json_int_t n = json_integer_value(json_object_get(j, "total"));
	/* each entry found is of the action, or of the part it names */
	size_t i;
	json_t *it;
	size_t len = strlen(action);
	bool exact = strchr(action, '.') != NULL && action[len - 1] != '.';
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *a = json_string_value(json_object_get(it, "action"));
		if (exact)
			assert_string_equal(a, action);
		else
			assert_true(strncmp(a, action, len) == 0 && a[strchr(action, '.') ? len - 1 : len] == '.');
	}
	json_decref(j);
	return n;
}

/* An action's first part finds every code of it ("auth": auth.signin and
 * auth.signout, if any), as its prefix with the dot did; a code is exact as
 * before; part of a word is no part. */
static void
test_audit_action_by_part(void **state)
{
	struct server *s = *state;
	struct session admin, kari;
	assert_int_equal(sign_in(s, CONTACT_USER, CONTACT_PASSWORD, &kari), 0);
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	json_int_t in = audit_total(s, &admin, "auth.signin");
	json_int_t out = audit_total(s, &admin, "auth.signout");
	assert_true(in >= 2);
	assert_int_equal(audit_total(s, &admin, "auth"), in + out);
	assert_int_equal(audit_total(s, &admin, "auth."), in + out);
	assert_int_equal(audit_total(s, &admin, "aut"), 0);
	assert_int_equal(audit_total(s, &admin, "auth.sign"), 0);
	/* the page the same, and says how (in the administrator's Bokmål: a
	 * signed-in user's own language wins over the cookie's) */
	struct http_res res;
	assert_int_equal(http_get(s, "/audit?action=auth", admin.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<td>auth.signin</td>"));
	assert_false(res_contains(&res, "<td>access.denied</td>"));
	assert_true(res_contains(&res, "eller første del av den, som participant, for alle handlingene i den delen."));
	http_res_free(&res);
}

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	return cli_user_add(*state, CONTACT_USER, "Kari Kontakt", "contact", CONTACT_PASSWORD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contact_person_is_denied_admin_pages),
		cmocka_unit_test(test_contact_person_is_denied_the_api),
		cmocka_unit_test(test_denials_are_audited),
		cmocka_unit_test(test_audit_action_by_part),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
