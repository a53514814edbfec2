/*
 * test_centres.c — an installation of several centres, over HTTP. With one
 * centre nothing of it shows. Centres are added with `centre add` and
 * staff into them with `user add --centre`; a user of more than one centre
 * (an administrator: any) sees the centre in the header and switches with
 * POST /centre, remembered; the user form edits the roles of the centre
 * worked in and says which; the audit log records the centre, and a
 * leader reads their own centre's entries only; the national analyst sees
 * the figures of every centre (/centres and /api/v1/centres; a count of
 * fewer than 5 participants null) and no one's record; the administrator
 * adds centres and names them (/admin/centres). `demo --centres 2` makes two centres whose figures add up to the
 * demo's one centre.
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

#define PASSWORD "a centre tester password"
#define DEMO_PASSWORD "demo centre pass 42"

/* `user add NAME --name NAME --roles ROLES [--centre ID]`, the password on stdin. */
static int
user_add(const struct server *s, const char *name, const char *roles, const char *centre)
{
	const char *args[] = {"user", "add", name, "--name", name, "--roles", roles, "--password-stdin",
			      centre ? "--centre" : NULL, centre, NULL};
	return cli_run(s, PASSWORD "\n", args);
}

/* GET path as the session; the status, and the page kept in res. */
static long
page(const struct server *s, const struct session *sess, const char *path, struct http_res *res)
{
	assert_int_equal(http_get(s, path, sess->cookie, res), 0);
	return res->status;
}

/* The count of audit entries of action the session reads. */
static json_int_t
audit_count(const struct server *s, const struct session *sess, const char *action)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/audit?action=%s&per_page=1", action);
	json_t *j = NULL;
	assert_int_equal(api_on(s, sess, path, NULL, &j), 200);
	json_int_t n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* The count of participants of status the session reads. */
static json_int_t
participants_total(const struct server *s, const struct session *sess, const char *status)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/participants?status=%s&per_page=1", status);
	json_t *j = NULL;
	assert_int_equal(api_on(s, sess, path, NULL, &j), 200);
	json_int_t n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* ---- one centre: nothing new ---- */

static void
test_one_centre_shows_nothing_new(void **state)
{
	struct server *s = *state;
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	const char *const paths[] = {"/", "/admin/users", "/admin/users/new", "/account"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_res res;
		assert_int_equal(page(s, &admin, paths[i], &res), 200);
		assert_false(res_contains(&res, "action=\"/centre\""));
		assert_false(res_contains(&res, "id=\"roles-centre\""));
		assert_false(res_contains(&res, "href=\"/centres\""));
		/* no national analyst to compare one centre with nothing */
		assert_false(res_contains(&res, "value=\"national\""));
		if (strcmp(paths[i], "/admin/users/new") == 0)
			assert_true(res_contains(&res, "value=\"analyst\""));
		http_res_free(&res);
	}
	/* not even a choice of the one centre there is */
	json_t *j = NULL;
	assert_int_equal(api_on(s, &admin, "/api/v1/centre", "{\"centre\":2}", &j), 404);
	json_decref(j);
}

/* ---- several centres ---- */

static void
test_centre_add_and_list(void **state)
{
	struct server *s = *state;
	const char *add[] = {"centre", "add", "Nord", NULL};
	assert_int_equal(cli_run(s, NULL, add), 0);
	/* the name is the centre's own */
	assert_int_not_equal(cli_run(s, NULL, add), 0);
	const char *empty[] = {"centre", "add", "", NULL};
	assert_int_not_equal(cli_run(s, NULL, empty), 0);
	/* Nord is centre 2 */
	assert_int_equal(user_add(s, "kari.nord", "contact", "2"), 0);
	assert_int_equal(user_add(s, "lise.nord", "leader", "2"), 0);
	assert_int_equal(user_add(s, "leif.first", "leader", NULL), 0);
	assert_int_equal(user_add(s, "olav.first", "contact", "1"), 0);
	/* two centres: the national analyst is offered */
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	struct http_res res;
	assert_int_equal(page(s, &admin, "/admin/users/new", &res), 200);
	assert_true(res_contains(&res, "value=\"national\""));
	http_res_free(&res);
	assert_int_equal(user_add(s, "nina.national", "national", NULL), 0);
	/* no such centre */
	assert_int_not_equal(user_add(s, "nobody.there", "contact", "99"), 0);
	assert_int_not_equal(user_add(s, "nobody.there", "contact", "x"), 0);
}

/* An administrator works in any centre: the header names it and switches;
 * the choice is remembered with the user. */
static void
test_switching_centre(void **state)
{
	struct server *s = *state;
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	assert_int_equal(session_set_lang(s, &admin, "en"), 0);
	struct http_res res;
	assert_int_equal(page(s, &admin, "/admin/users", &res), 200);
	assert_true(res_contains(&res, "action=\"/centre\""));
	assert_true(res_contains(&res, "<option value=\"1\" selected>Second Chance</option>"));
	assert_true(res_contains(&res, "<option value=\"2\">Nord</option>"));
	assert_true(res_contains(&res, "id=\"roles-centre\">Roles in Second Chance."));
	http_res_free(&res);

	char body[256];
	snprintf(body, sizeof body, "csrf=%s&centre=2&next=%%2Fadmin%%2Fusers", admin.csrf);
	assert_int_equal(http_post_form(s, "/centre", admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), "/admin/users");
	http_res_free(&res);
	assert_int_equal(page(s, &admin, "/admin/users", &res), 200);
	assert_true(res_contains(&res, "<option value=\"2\" selected>Nord</option>"));
	assert_true(res_contains(&res, "id=\"roles-centre\">Roles in Nord."));
	http_res_free(&res);

	/* remembered: a new session opens in Nord */
	struct session again;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &again), 0);
	assert_int_equal(page(s, &again, "/", &res), 200);
	assert_true(res_contains(&res, "<option value=\"2\" selected>Nord</option>"));
	http_res_free(&res);

	/* the API twin answers the centre chosen; a centre that is none is 404 */
	json_t *j = NULL;
	assert_int_equal(api_on(s, &admin, "/api/v1/centre", "{\"centre\":1}", &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Second Chance");
	json_decref(j);
	assert_int_equal(api_on(s, &admin, "/api/v1/centre", "{\"centre\":77}", &j), 404);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, "/api/v1/centre", "{\"centre\":\"2\"}", &j), 422);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, "/api/v1/centre", "{\"centre\":2}", &j), 200);
	json_decref(j);
}

/* A user of one centre has no switch, and cannot choose another. */
static void
test_one_centre_user_cannot_switch(void **state)
{
	struct server *s = *state;
	struct session kari;
	assert_int_equal(sign_in(s, "kari.nord", PASSWORD, &kari), 0);
	struct http_res res;
	assert_int_equal(page(s, &kari, "/", &res), 200);
	assert_false(res_contains(&res, "action=\"/centre\""));
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &kari, "/api/v1/centre", "{\"centre\":1}", &j), 404);
	json_decref(j);
}

/* The user form edits the roles of the centre worked in. */
static void
test_roles_in_the_centre_worked_in(void **state)
{
	struct server *s = *state;
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	/* in Nord (chosen above): leif.first holds no role here */
	json_t *list = NULL;
	assert_int_equal(api_on(s, &admin, "/api/v1/users?per_page=200", NULL, &list), 200);
	json_int_t leif = 0, version = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (strcmp(json_string_value(json_object_get(it, "username")), "leif.first") == 0) {
			leif = json_integer_value(json_object_get(it, "id"));
			version = json_integer_value(json_object_get(it, "version"));
			assert_int_equal(json_array_size(json_object_get(it, "roles")), 0);
		}
	}
	json_decref(list);
	assert_true(leif > 0);
	/* made a contact person of Nord too: now a user of two centres */
	char path[64], body[256];
	snprintf(path, sizeof path, "/api/v1/users/%lld", (long long)leif);
	snprintf(body, sizeof body, "{\"version\":%lld,\"roles\":[\"contact\"]}", (long long)version);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &admin, path, body, &j), 200);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "roles"), 0)), "contact");
	json_decref(j);
	struct session leif_s;
	assert_int_equal(sign_in(s, "leif.first", PASSWORD, &leif_s), 0);
	struct http_res res;
	assert_int_equal(page(s, &leif_s, "/", &res), 200);
	assert_true(res_contains(&res, "action=\"/centre\""));
	assert_true(res_contains(&res, "<option value=\"1\" selected>"));
	http_res_free(&res);
	/* in his first centre he is still the leader */
	assert_int_equal(api_on(s, &leif_s, "/api/v1/me", NULL, &j), 200);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "roles"), 0)), "leader");
	json_decref(j);
	/* back in centre 1, the administrator sees his roles there */
	assert_int_equal(api_on(s, &admin, "/api/v1/centre", "{\"centre\":1}", &j), 200);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/users/%lld", (long long)leif);
	assert_int_equal(api_on(s, &admin, path, NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "roles")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "roles"), 0)), "leader");
	json_decref(j);
}

/* Every entry records the actor's centre; a leader reads their centre's. */
static void
test_audit_by_centre(void **state)
{
	struct server *s = *state;
	struct session lise, leif, admin;
	assert_int_equal(sign_in(s, "lise.nord", PASSWORD, &lise), 0);
	assert_int_equal(sign_in(s, "leif.first", PASSWORD, &leif), 0);
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	/* reads of each centre's user list */
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lise, "/api/v1/users", NULL, &j), 200);
	json_decref(j);
	assert_int_equal(api_on(s, &lise, "/api/v1/users", NULL, &j), 200);
	json_decref(j);
	assert_int_equal(api_on(s, &leif, "/api/v1/users", NULL, &j), 200);
	json_decref(j);
	/* Lise (Nord) sees Nord's entries only: her own two reads */
	char path[160];
	snprintf(path, sizeof path, "/api/v1/audit?action=user.list&user=lise.nord&per_page=10");
	assert_int_equal(api_on(s, &lise, path, NULL, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/audit?action=user.list&user=leif.first");
	assert_int_equal(api_on(s, &lise, path, NULL, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	/* Leif (the first centre) does not see hers */
	snprintf(path, sizeof path, "/api/v1/audit?action=user.list&user=lise.nord");
	assert_int_equal(api_on(s, &leif, path, NULL, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	/* the administrator reads every centre's */
	assert_int_equal(api_on(s, &admin, path, NULL, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);
	/* the users a leader sees are their centre's (and those of none) */
	assert_int_equal(api_on(s, &lise, "/api/v1/users?per_page=200", NULL, &j), 200);
	size_t i;
	json_t *it;
	bool kari = false, nina = false;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *name = json_string_value(json_object_get(it, "username"));
		assert_string_not_equal(name, "olav.first");
		kari |= strcmp(name, "kari.nord") == 0;
		nina |= strcmp(name, "nina.national") == 0;
	}
	assert_true(kari && nina);
	json_decref(j);
	/* choosing a centre is audited in the centre chosen */
	assert_true(audit_count(s, &admin, "user.centre") >= 3);
}

/* The national analyst: the figures of every centre, and nothing else. */
static void
test_national_analyst(void **state)
{
	struct server *s = *state;
	struct session nina;
	assert_int_equal(sign_in(s, "nina.national", PASSWORD, &nina), 0);
	assert_int_equal(session_set_lang(s, &nina, "en"), 0);
	struct http_res res;
	assert_int_equal(page(s, &nina, "/", &res), 200);
	assert_true(res_contains(&res, "href=\"/centres\""));
	assert_false(res_contains(&res, "action=\"/centre\""));   /* she works across them */
	http_res_free(&res);
	assert_int_equal(page(s, &nina, "/centres", &res), 200);
	assert_true(res_contains(&res, "id=\"centre-figures\""));
	assert_true(res_contains(&res, "<th scope=\"row\">Nord</th>"));
	assert_true(res_contains(&res, "<th scope=\"row\">All centres</th>"));
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &nina, "/api/v1/centres", NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_t *all = json_object_get(j, "all");
	/* olav in the first centre; kari and leif in Nord */
	assert_int_equal(json_integer_value(json_object_get(all, "contact_persons")), 3);
	/* no one in the programme: fewer than 5, null */
	assert_true(json_is_null(json_object_get(all, "active")));
	json_decref(j);
	/* no one's record, no audit log, no accounts */
	static const char *const denied[] = {"/participants", "/api/v1/participants", "/audit", "/api/v1/audit",
					     "/admin/users", "/caseloads", "/intake", "/today"};
	for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
		assert_int_equal(page(s, &nina, denied[i], &res), 403);
		http_res_free(&res);
	}
	/* and no one else sees the figures of every centre */
	struct session lise;
	assert_int_equal(sign_in(s, "lise.nord", PASSWORD, &lise), 0);
	assert_int_equal(page(s, &lise, "/centres", &res), 403);
	http_res_free(&res);
	assert_int_equal(page(s, &lise, "/", &res), 200);
	assert_false(res_contains(&res, "href=\"/centres\""));
	http_res_free(&res);
}

/* The administrator runs the installation: /admin/centres lists its
 * centres, adds one and changes a name, the page and its API twin; a
 * taken or empty name is refused and changes nothing; no one else may.
 * The national analyst's figures and a centre's closures are not theirs:
 * a visit says whose they are. Runs last: it adds a centre. */
static void
test_admin_centres(void **state)
{
	struct server *s = *state;
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	assert_int_equal(session_set_lang(s, &admin, "en"), 0);
	struct http_res res;
	assert_int_equal(page(s, &admin, "/", &res), 200);
	assert_true(res_contains(&res, "<a href=\"/admin/centres\">Centres</a>"));
	http_res_free(&res);
	assert_int_equal(page(s, &admin, "/admin/centres", &res), 200);
	assert_true(res_contains(&res, "<a href=\"/admin/centres/2\">Nord</a>"));
	assert_true(res_contains(&res, "id=\"centre-form\""));
	http_res_free(&res);
	/* a new centre by the form */
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&name=S%%C3%%B8r", admin.csrf);
	assert_int_equal(http_post_form(s, "/admin/centres", admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), "/admin/centres");
	http_res_free(&res);
	/* a taken name, beside its field, and nothing added */
	snprintf(body, sizeof body, "csrf=%s&name=Nord", admin.csrf);
	assert_int_equal(http_post_form(s, "/admin/centres", admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 409);
	char *err = page_field_error(&res, "name");
	assert_non_null(err);
	assert_string_equal(err, "A centre of that name exists already.");
	free(err);
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &admin, "/api/v1/admin/centres", "{\"name\":\"\"}", &j), 422);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, "/api/v1/admin/centres", "{\"name\":\"Nord\"}", &j), 409);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, "/api/v1/admin/centres", NULL, &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 3);
	/* by name: Nord, Second Chance, Sør */
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 2), "name")), "S\xc3\xb8r");
	json_int_t sor = json_integer_value(json_object_get(json_array_get(items, 2), "id"));
	json_decref(j);
	/* a new name; a taken one changes nothing; no such centre */
	char path[64], href[64];
	snprintf(path, sizeof path, "/api/v1/admin/centres/%lld", (long long)sor);
	snprintf(href, sizeof href, "/admin/centres/%lld", (long long)sor);
	assert_int_equal(api_on(s, &admin, path, "{\"version\":1,\"name\":\"Vest\"}", &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Vest");
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	json_decref(j);
	/* another administrator's rename read version 1: refused, not written over */
	assert_int_equal(api_on(s, &admin, path, "{\"version\":1,\"name\":\"Aust\"}", &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "stale");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "Someone else changed this centre's name after you opened it. Check the name and save again.");
	json_decref(j);
	assert_int_equal(api_on(s, &admin, path, "{\"name\":\"Aust\"}", &j), 422);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, path, "{\"version\":\"2\",\"name\":\"Aust\"}", &j), 422);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, path, "{\"version\":2,\"name\":\"Nord\"}", &j), 409);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, path, "{\"version\":2,\"name\":\"\"}", &j), 422);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, path, NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Vest");
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, "/api/v1/admin/centres/99", "{\"version\":1,\"name\":\"Ut\"}", &j), 404);
	json_decref(j);
	assert_int_equal(page(s, &admin, href, &res), 200);
	assert_true(res_contains(&res, "<h1>Vest</h1>"));
	char action[96];
	snprintf(action, sizeof action, "action=\"%s\"", href);
	assert_true(res_contains(&res, action));
	assert_true(res_contains(&res, "<input type=\"hidden\" name=\"version\" value=\"2\">"));
	http_res_free(&res);
	/* the page's form read version 1: said, the name kept as it is */
	snprintf(body, sizeof body, "csrf=%s&version=1&name=Aust", admin.csrf);
	assert_int_equal(http_post_form(s, href, admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Someone else changed this centre&#39;s name after you opened it."));
	assert_true(res_contains(&res, "<input type=\"hidden\" name=\"version\" value=\"2\">"));
	http_res_free(&res);
	/* the page's form: a taken name, said beside the field */
	snprintf(body, sizeof body, "csrf=%s&version=2&name=Nord", admin.csrf);
	assert_int_equal(http_post_form(s, href, admin.cookie, body, &res), 0);
	assert_int_equal(res.status, 409);
	err = page_field_error(&res, "name");
	assert_non_null(err);
	assert_string_equal(err, "A centre of that name exists already.");
	free(err);
	http_res_free(&res);
	assert_true(audit_count(s, &admin, "centre.rename") == 1);
	/* the figures are the national analyst's, closures a centre's staff's:
	 * no link, and a visit says who may */
	assert_int_equal(page(s, &admin, "/", &res), 200);
	assert_false(res_contains(&res, "href=\"/centres\""));
	assert_false(res_contains(&res, "href=\"/closures\""));
	http_res_free(&res);
	assert_int_equal(page(s, &admin, "/centres", &res), 403);
	assert_true(res_contains(&res, "You do not have access to this page. It is for: National analyst."));
	http_res_free(&res);
	assert_int_equal(page(s, &admin, "/closures", &res), 403);
	assert_true(res_contains(&res, "It is for: Programme leader, Contact person, Teacher, Health worker."));
	http_res_free(&res);
	/* a leader of a centre neither sees nor changes the centres */
	struct session lise;
	assert_int_equal(sign_in(s, "lise.nord", PASSWORD, &lise), 0);
	assert_int_equal(page(s, &lise, "/admin/centres", &res), 403);
	http_res_free(&res);
	assert_int_equal(api_on(s, &lise, "/api/v1/admin/centres", "{\"name\":\"Lise\"}", &j), 403);
	json_decref(j);
	assert_int_equal(api_on(s, &lise, "/api/v1/admin/centres/2", "{\"name\":\"Lise\"}", &j), 403);
	json_decref(j);
	assert_int_equal(api_on(s, &admin, "/api/v1/admin/centres", NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "name")),
			    "Nord");
	json_decref(j);
}

/* ---- demo --centres 2 ---- */

static void
test_demo_centres(void **state)
{
	struct server *s = *state;
	struct session nasjonal, leder2;
	assert_int_equal(sign_in(s, "nasjonal", DEMO_PASSWORD, &nasjonal), 0);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &nasjonal, "/api/v1/centres", NULL, &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	json_int_t active = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		assert_true(json_integer_value(json_object_get(it, "active")) >= 5);
		assert_int_equal(json_integer_value(json_object_get(it, "contact_persons")), 8);
		active += json_integer_value(json_object_get(it, "active"));
		/* a count of fewer than 5 participants is null, never the number */
		json_t *paused = json_object_get(it, "paused");
		assert_true(json_is_null(paused) || json_integer_value(paused) >= 5);
	}
	json_t *all = json_object_get(j, "all");
	assert_int_equal(json_integer_value(json_object_get(all, "active")), active);
	json_decref(j);
	/* the demo's one centre, spread over two: 130 in the programme, 60
	 * waiting, as each centre's leader counts them by name */
	struct session leder;
	assert_int_equal(sign_in(s, "leder", DEMO_PASSWORD, &leder), 0);
	assert_int_equal(sign_in(s, "leder2", DEMO_PASSWORD, &leder2), 0);
	const struct session *leaders[] = {&leder, &leder2};
	json_int_t in_programme = 0, waiting = 0;
	for (size_t k = 0; k < 2; k++) {
		in_programme += participants_total(s, leaders[k], "active") + participants_total(s, leaders[k], "paused");
		waiting += participants_total(s, leaders[k], "waiting");
	}
	assert_int_equal(in_programme, 130);
	assert_int_equal(waiting, 60);
	/* the second centre's leader works there, with no switch */
	struct http_res res;
	assert_int_equal(page(s, &leder2, "/", &res), 200);
	assert_false(res_contains(&res, "action=\"/centre\""));
	http_res_free(&res);
	assert_int_equal(api_on(s, &leder2, "/api/v1/me", NULL, &j), 200);
	json_decref(j);
}

static int
setup(void **state)
{
	return group_server_setup(state, NULL);
}

static int
setup_demo(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	const char *args[] = {"demo", "--centres", "2", "--password", DEMO_PASSWORD, NULL};
	return cli_run(*state, NULL, args);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_centre_shows_nothing_new),
		cmocka_unit_test(test_centre_add_and_list),
		cmocka_unit_test(test_switching_centre),
		cmocka_unit_test(test_one_centre_user_cannot_switch),
		cmocka_unit_test(test_roles_in_the_centre_worked_in),
		cmocka_unit_test(test_audit_by_centre),
		cmocka_unit_test(test_national_analyst),
		cmocka_unit_test(test_admin_centres),
	};
	const struct CMUnitTest demo[] = {
		cmocka_unit_test(test_demo_centres),
	};
	int failed = cmocka_run_group_tests_name("centres", tests, setup, group_server_teardown);
	failed += cmocka_run_group_tests_name("demo", demo, setup_demo, group_server_teardown);
	return harness_status(failed);
}
