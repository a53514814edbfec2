/*
 * test_plans.c — work plans through the real server: a participant is
 * registered and enrolled through the API (participant, referral,
 * screening, offer, acceptance with a contact person); their contact person
 * then writes the plan with two goals in the web forms, changes a goal (its
 * history shows the change), meets a stale version (409), gets every bad
 * input back with the error beside the field (422, nothing saved), prints
 * the plan; another contact person gets 404 (as for a participant that
 * does not exist), and each attempt is audited once. The API reads a
 * goal's steps as the form reads its rows, and a stale goal save keeps
 * what was typed and takes the other person's steps.
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

#define LEADER_USER "lena.leader"
#define LEADER_PASSWORD "lena leads the centre 42"
#define CONTACT_USER "kari.contact"
#define CONTACT_PASSWORD "kari follows eighteen 7"
#define OTHER_USER "per.contact"
#define OTHER_PASSWORD "per follows others 99"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Shared by the tests (they run in order against one server). */
static struct session leader, kari, per;
static char today[11], tomorrow[11], yesterday[11], in_month[11], in_year[11];
static long long enrolled_id;     /* Kari's participant, enrolled */
static long long unenrolled_id;   /* registered only */
static long long kari_id;

static void
date_in(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- requests ---- */

/* POST JSON as a session; returns the status, *out the JSON (may be NULL). */
static long
api_post(const struct server *s, const struct session *sess, const char *path, const char *json,
	 json_t **out)
{
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", sess->csrf);
	struct http_req q = {.path = path, .body = json, .body_len = -1,
			     .content_type = "application/json", .cookie = sess->cookie,
			     .headers = {hdr}};
	struct http_res res;
	assert_int_equal(http_send(s, &q, &res), 0);
	long status = res.status;
	if (out != NULL)
		*out = res_json(&res);
	if (status >= 300 && out == NULL)
		fprintf(stderr, "POST %s -> %ld: %s\n", path, status, res.body);
	http_res_free(&res);
	return status;
}

static long
api_get(const struct server *s, const struct session *sess, const char *path, json_t **out)
{
	struct http_res res;
	assert_int_equal(http_get(s, path, sess->cookie, &res), 0);
	long status = res.status;
	if (out != NULL)
		*out = res_json(&res);
	http_res_free(&res);
	return status;
}

/* POST a form (the session's CSRF token is added first); res is kept. */
static void
form_post(const struct server *s, const struct session *sess, const char *path, const char *fields,
	  struct http_res *res)
{
	size_t n = strlen(fields) + 128;
	char *body = malloc(n);
	assert_non_null(body);
	snprintf(body, n, "csrf=%s&%s", sess->csrf, fields);
	assert_int_equal(http_post_form(s, path, sess->cookie, body, res), 0);
	free(body);
}

static json_int_t
jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("no integer \"%s\"", key);
	return json_integer_value(v);
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The plan as the API shows it (caller frees). */
static json_t *
plan_of(const struct server *s, const struct session *sess, long long pid)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", pid);
	json_t *j = NULL;
	long st = api_get(s, sess, path, &j);
	if (st != 200)
		fail_msg("GET %s -> %ld", path, st);
	assert_non_null(j);
	return j;
}

static size_t
goal_count(const struct server *s, long long pid)
{
	json_t *j = plan_of(s, &kari, pid);
	size_t n = json_array_size(json_object_get(j, "goals"));
	json_decref(j);
	return n;
}

static json_int_t
plan_version(const struct server *s, long long pid)
{
	json_t *j = plan_of(s, &kari, pid);
	json_int_t v = jint(j, "version");
	json_decref(j);
	return v;
}

static size_t
evaluation_count(const struct server *s, long long pid)
{
	json_t *j = plan_of(s, &kari, pid);
	size_t n = json_array_size(json_object_get(j, "evaluations"));
	json_decref(j);
	return n;
}

/* The id of the user with that username (through the leader's API). */
static long long
user_id(const struct server *s, const char *username)
{
	json_t *j = NULL;
	assert_int_equal(api_get(s, &leader, "/api/v1/users?per_page=200", &j), 200);
	long long id = 0;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(j, "items"), i, u)
		if (strcmp(jstr(u, "username"), username) == 0)
			id = jint(u, "id");
	json_decref(j);
	assert_true(id > 0);
	return id;
}

static long long
register_participant(const struct server *s, const char *given, const char *family)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"%s\",\"family_name\":\"%s\",\"birth_date\":\"1990-04-12\","
		 "\"gender\":\"female\",\"intro_ended\":\"2015-06-30\"}", given, family);
	json_t *j = NULL;
	long st = api_post(s, &leader, "/api/v1/participants", body, &j);
	if (st != 201)
		fail_msg("register: %ld %s", st, j ? json_dumps(j, 0) : "");
	long long id = jint(j, "id");
	json_decref(j);
	return id;
}

/* Referral, screening, offer and acceptance with Kari as contact person,
 * referred and starting on `start`. */
static void
enrol_on(const struct server *s, long long pid, long long contact, const char *start)
{
	char path[128], body[512];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/referrals", pid);
	snprintf(body, sizeof body,
		 "{\"source\":\"nav\",\"referred_on\":\"%s\",\"referrer\":\"NAV Bergen\","
		 "\"reason\":\"Wants a job\",\"planned_start\":\"%s\",\"in_qualification\":false,"
		 "\"in_introduction\":false,\"lawful_residence\":true}", start, start);
	long st = api_post(s, &leader, path, body, &j);
	if (st != 201)
		fail_msg("referral: %ld %s", st, j ? json_dumps(j, 0) : "");
	long long rid = jint(j, "id");
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/referrals/%lld/screen", rid);
	st = api_post(s, &leader, path, "{}", &j);
	if (st != 200)
		fail_msg("screen: %ld %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/referrals/%lld/offer", rid);
	snprintf(body, sizeof body, "{\"offered_on\":\"%s\"}", today);
	st = api_post(s, &leader, path, body, &j);
	if (st != 200)
		fail_msg("offer: %ld %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/referrals/%lld/accept", rid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\",\"contact_id\":%lld}", start, contact);
	st = api_post(s, &leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("accept: %ld %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* The same, starting today. */
static void
enrol(const struct server *s, long long pid, long long contact)
{
	enrol_on(s, pid, contact, today);
}

static char *
plan_path(long long pid, const char *suffix)
{
	static char path[160];
	snprintf(path, sizeof path, "/participants/%lld/plan%s", pid, suffix);
	return path;
}

/* True when the page shows msg as the error beside field. */
static bool
error_beside(const struct http_res *res, const char *field, const char *msg)
{
	char needle[512];
	snprintf(needle, sizeof needle, "id=\"%s-error\">%s</p>", field, msg);
	return res_contains(res, needle);
}

/* ---- setup ---- */

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	struct server *s = *state;
	date_in(0, today);
	date_in(1, tomorrow);
	date_in(-1, yesterday);
	date_in(30, in_month);
	date_in(365, in_year);
	if (cli_user_add(s, LEADER_USER, "Lena Leader", "leader", LEADER_PASSWORD) != 0 ||
	    cli_user_add(s, CONTACT_USER, "Kari Contact", "contact", CONTACT_PASSWORD) != 0 ||
	    cli_user_add(s, OTHER_USER, "Per Contact", "contact", OTHER_PASSWORD) != 0)
		return -1;
	if (sign_in(s, LEADER_USER, LEADER_PASSWORD, &leader) != 0 ||
	    sign_in(s, CONTACT_USER, CONTACT_PASSWORD, &kari) != 0 ||
	    sign_in(s, OTHER_USER, OTHER_PASSWORD, &per) != 0)
		return -1;
	if (session_set_lang(s, &leader, "en") != 0 || session_set_lang(s, &kari, "en") != 0 ||
	    session_set_lang(s, &per, "en") != 0)
		return -1;
	return 0;
}

/* ---- tests ---- */

static void
test_not_enrolled(void **state)
{
	struct server *s = *state;
	unenrolled_id = register_participant(s, "Hodan", "Waiting");
	struct http_res res;
	assert_int_equal(http_get(s, plan_path(unenrolled_id, ""), leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "The participant is not enrolled; the work plan starts with the programme period."));
	assert_false(res_contains(&res, "id=\"plan-form\""));
	http_res_free(&res);

	form_post(s, &leader, plan_path(unenrolled_id, ""), "version=0&wishes=Work", &res);
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	form_post(s, &leader, plan_path(unenrolled_id, "/goals"),
		  "category=work&title=Job&step_1=Apply", &res);
	assert_int_equal(res.status, 409);
	http_res_free(&res);

	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", unenrolled_id);
	json_t *j = NULL;
	assert_int_equal(api_get(s, &leader, path, &j), 404);
	assert_string_equal(jstr(json_object_get(j, "error"), "code"), "not_enrolled");
	json_decref(j);
	assert_int_equal(api_post(s, &leader, path, "{\"version\":0,\"wishes\":\"x\"}", &j), 409);
	json_decref(j);

	/* The printable plan says the same. */
	assert_int_equal(http_get(s, plan_path(unenrolled_id, "/print"), leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"not-enrolled\""));
	http_res_free(&res);
}

static void
test_plan_with_two_goals(void **state)
{
	struct server *s = *state;
	kari_id = user_id(s, CONTACT_USER);
	enrolled_id = register_participant(s, "Amina", "Hassan");
	enrol(s, enrolled_id, kari_id);

	struct http_res res;
	assert_int_equal(http_get(s, plan_path(enrolled_id, ""), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"plan-form\""));
	assert_true(res_contains(&res, "name=\"version\" value=\"0\""));
	assert_true(res_contains(&res, "No goals yet."));
	http_res_free(&res);

	/* Written first, agreed once the goals are there (a new goal would
	 * clear an agreement given before it: test_agreement_cleared_by_change). */
	char fields[1024];
	snprintf(fields, sizeof fields,
		 "version=0&wishes=Work+in+a+kitchen%%2C+later+my+own+caf%%C3%%A9"
		 "&resources=Cooks+for+many%%3B+good+with+people&agreed_on=");
	form_post(s, &kari, plan_path(enrolled_id, ""), fields, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	snprintf(fields, sizeof fields,
		 "category=language&title=Pass+A2+in+speaking&target_date=%s&status=planned"
		 "&step_1=Attend+class+four+days+a+week&step_1_due=%s"
		 "&step_2=Take+the+A2+test&step_2_due=%s&step_3=&step_3_due=&step_3_done=",
		 in_year, in_month, in_year);
	form_post(s, &kari, plan_path(enrolled_id, "/goals"), fields, &res);
	assert_int_equal(res.status, 303);
	assert_non_null(strstr(res_header(&res, "Location"), "#goal-"));
	http_res_free(&res);

	snprintf(fields, sizeof fields,
		 "category=work&title=Internship+in+a+canteen&target_date=&status=in_progress"
		 "&step_1=Visit+Cook+and+Dialogue&step_1_done=%s&step_2=Talk+to+the+canteen+manager",
		 today);
	form_post(s, &kari, plan_path(enrolled_id, "/goals"), fields, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	assert_int_equal(http_get(s, plan_path(enrolled_id, ""), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Work in a kitchen, later my own café"));
	assert_true(res_contains(&res, "Pass A2 in speaking"));
	assert_true(res_contains(&res, "Attend class four days a week"));
	assert_true(res_contains(&res, "Internship in a canteen"));
	assert_true(res_contains(&res, "Visit Cook and Dialogue"));
	assert_true(res_contains(&res, "In progress"));
	assert_true(res_contains(&res, "name=\"version\" value=\"1\""));
	http_res_free(&res);

	json_t *j = plan_of(s, &kari, enrolled_id);
	assert_int_equal(jint(j, "version"), 1);
	assert_true(json_is_null(json_object_get(j, "agreed_on")));
	json_t *goals = json_object_get(j, "goals");
	assert_int_equal(json_array_size(goals), 2);
	json_t *g0 = json_array_get(goals, 0), *g1 = json_array_get(goals, 1);
	assert_string_equal(jstr(g0, "category"), "language");
	assert_string_equal(jstr(g0, "target_date"), in_year);
	assert_int_equal(json_array_size(json_object_get(g0, "steps")), 2);
	assert_string_equal(jstr(json_array_get(json_object_get(g0, "steps"), 1), "due_on"), in_year);
	assert_string_equal(jstr(g1, "status"), "in_progress");
	assert_true(json_is_null(json_object_get(g1, "target_date")));
	assert_string_equal(jstr(json_array_get(json_object_get(g1, "steps"), 0), "done_on"), today);
	json_decref(j);

	/* Each change was audited. */
	json_t *a = NULL;
	assert_int_equal(api_get(s, &leader, "/api/v1/audit?action=goal.create", &a), 200);
	assert_int_equal(jint(a, "total"), 2);
	json_decref(a);
	assert_int_equal(api_get(s, &leader, "/api/v1/audit?action=plan.update", &a), 200);
	assert_int_equal(jint(a, "total"), 1);
	json_decref(a);
}

static void
test_evaluations(void **state)
{
	struct server *s = *state;
	struct http_res res;
	char fields[256];
	snprintf(fields, sizeof fields, "due_on=%s", in_month);
	form_post(s, &kari, plan_path(enrolled_id, "/evaluations"), fields, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/evaluations", enrolled_id);
	char body[96];
	snprintf(body, sizeof body, "{\"due_on\":\"%s\"}", today);
	json_t *j = NULL;
	assert_int_equal(api_post(s, &kari, path, body, &j), 201);
	long long eid = jint(j, "id");
	json_decref(j);
	assert_int_equal(evaluation_count(s, enrolled_id), 2);

	/* Held today, with a note. */
	char sub[64];
	snprintf(sub, sizeof sub, "/evaluations/%lld/done", eid);
	snprintf(fields, sizeof fields, "done_on=%s&note=Good+progress", today);
	form_post(s, &kari, plan_path(enrolled_id, sub), fields, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	/* Again: already held. */
	form_post(s, &kari, plan_path(enrolled_id, sub), fields, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "already marked as held"));
	http_res_free(&res);

	j = plan_of(s, &kari, enrolled_id);
	json_t *evs = json_object_get(j, "evaluations");
	assert_string_equal(jstr(json_array_get(evs, 0), "due_on"), today);
	assert_string_equal(jstr(json_array_get(evs, 0), "done_on"), today);
	assert_string_equal(jstr(json_array_get(evs, 0), "note"), "Good progress");
	assert_true(json_is_null(json_object_get(json_array_get(evs, 1), "done_on")));
	json_decref(j);

	/* A date that is not needed can be removed; a held one cannot. */
	snprintf(body, sizeof body, "{\"due_on\":\"%s\"}", in_year);
	assert_int_equal(api_post(s, &kari, path, body, &j), 201);
	long long extra = jint(j, "id");
	json_decref(j);
	snprintf(sub, sizeof sub, "/evaluations/%lld/delete", extra);
	form_post(s, &kari, plan_path(enrolled_id, sub), "x=1", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	snprintf(sub, sizeof sub, "/evaluations/%lld/delete", eid);
	form_post(s, &kari, plan_path(enrolled_id, sub), "x=1", &res);
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	assert_int_equal(evaluation_count(s, enrolled_id), 2);

	/* The API marks one held too, once. */
	assert_int_equal(api_post(s, &kari, path, body, &j), 201);
	long long third = jint(j, "id");
	json_decref(j);
	char done_path[128];
	snprintf(done_path, sizeof done_path, "/api/v1/participants/%lld/evaluations/%lld/done",
		 enrolled_id, third);
	snprintf(body, sizeof body, "{\"done_on\":\"%s\",\"note\":\"Early check\"}", tomorrow);
	assert_int_equal(api_post(s, &kari, done_path, body, &j), 422);
	assert_non_null(jstr(json_object_get(json_object_get(j, "error"), "fields"), "done_on"));
	json_decref(j);
	snprintf(body, sizeof body, "{\"done_on\":\"%s\",\"note\":\"Early check\"}", today);
	assert_int_equal(api_post(s, &kari, done_path, body, &j), 200);
	assert_string_equal(jstr(j, "done_on"), today);
	assert_string_equal(jstr(j, "note"), "Early check");
	json_decref(j);
	assert_int_equal(api_post(s, &kari, done_path, body, &j), 409);
	json_decref(j);
	assert_int_equal(evaluation_count(s, enrolled_id), 3);

	json_t *a = NULL;
	assert_int_equal(api_get(s, &leader, "/api/v1/audit?action=evaluation.", &a), 200);
	assert_int_equal(jint(a, "total"), 7);   /* 4 added, 2 held, 1 removed; refusals change nothing */
	json_decref(a);
}

/* The second goal (work), which the tests change. */
static long long
work_goal_id(const struct server *s, json_int_t *version)
{
	json_t *j = plan_of(s, &kari, enrolled_id);
	json_t *g = json_array_get(json_object_get(j, "goals"), 1);
	long long id = jint(g, "id");
	if (version != NULL)
		*version = jint(g, "version");
	json_decref(j);
	return id;
}

static void
test_goal_update_history(void **state)
{
	struct server *s = *state;
	json_int_t version = 0;
	long long gid = work_goal_id(s, &version);
	assert_int_equal(version, 1);
	char sub[64];
	snprintf(sub, sizeof sub, "/goals/%lld", gid);

	struct http_res res;
	assert_int_equal(http_get(s, plan_path(enrolled_id, sub), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"goal-history\""));
	assert_true(res_contains(&res, "Goal added."));
	assert_true(res_contains(&res, "value=\"Visit Cook and Dialogue\""));
	http_res_free(&res);

	char fields[1024];
	snprintf(fields, sizeof fields,
		 "version=1&category=work&title=Internship+in+a+canteen&target_date=%s&status=achieved"
		 "&step_1=Visit+Cook+and+Dialogue&step_1_done=%s&step_2=Talk+to+the+canteen+manager"
		 "&step_2_done=%s", in_year, today, today);
	form_post(s, &kari, plan_path(enrolled_id, sub), fields, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	assert_int_equal(http_get(s, plan_path(enrolled_id, sub), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "In progress \xE2\x86\x92 Achieved"));
	assert_true(res_contains(&res, "Kari Contact"));
	assert_true(res_contains(&res, "name=\"version\" value=\"2\""));
	http_res_free(&res);

	char path[96];
	snprintf(path, sizeof path, "/api/v1/goals/%lld/history", gid);
	json_t *j = NULL;
	assert_int_equal(api_get(s, &kari, path, &j), 200);
	assert_int_equal(jint(j, "total"), 2);
	json_t *items = json_object_get(j, "items");
	json_t *v2 = json_array_get(items, 1);
	assert_int_equal(jint(v2, "version"), 2);
	assert_string_equal(jstr(v2, "status"), "achieved");
	assert_string_equal(jstr(v2, "changed_by_name"), "Kari Contact");
	json_t *changed = json_object_get(v2, "changed");
	assert_int_equal(json_array_size(changed), 3);
	assert_string_equal(json_string_value(json_array_get(changed, 0)), "target_date");
	assert_string_equal(json_string_value(json_array_get(changed, 1)), "status");
	assert_string_equal(json_string_value(json_array_get(changed, 2)), "steps");
	json_decref(j);

	/* The API changes a goal the same way, with its version. */
	snprintf(path, sizeof path, "/api/v1/goals/%lld", gid);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"version\":2,\"category\":\"work\",\"title\":\"Internship in a canteen\","
		 "\"status\":\"achieved\",\"target_date\":\"%s\",\"steps\":[{\"description\":\"Visit Cook and Dialogue\","
		 "\"done_on\":\"%s\"},{\"description\":\"Sign the agreement\",\"due_on\":\"%s\"}]}",
		 in_year, today, in_month);
	assert_int_equal(api_post(s, &kari, path, body, &j), 200);
	assert_int_equal(jint(j, "version"), 3);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "steps"), 1), "description"),
			    "Sign the agreement");
	json_decref(j);
}

static void
test_stale_versions(void **state)
{
	struct server *s = *state;
	/* The plan is at version 1; a form opened at version 0 is stale. */
	struct http_res res;
	form_post(s, &leader, plan_path(enrolled_id, ""), "version=0&wishes=Overwritten&resources=", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "id=\"conflict\""));
	assert_true(res_contains(&res, "Kari Contact saved this work plan at "));
	assert_true(res_contains(&res, ", after you opened it, and changed: The participant&#39;s own wishes, "
				       "Resources assessment (Of course I can)."));
	/* The form is at version 1 and keeps what was typed; where only Kari
	 * changed a field (the resources) it shows what she saved; the plan is
	 * not agreed yet (test_agreement_cleared_by_change agrees and clears). */
	assert_true(res_contains(&res, "name=\"version\" value=\"1\""));
	assert_true(res_contains(&res, "\nOverwritten</textarea>"));
	assert_true(res_contains(&res, "\nCooks for many; good with people</textarea>"));
	char agreed[64];
	snprintf(agreed, sizeof agreed, "name=\"agreed_on\" type=\"date\" value=\"\"");
	assert_true(res_contains(&res, agreed));
	assert_true(res_contains(&res, "<li>The participant&#39;s own wishes: they saved \xE2\x80\x9cWork in a kitchen, "
				       "later my own café\xE2\x80\x9d; the form keeps yours.</li>"));
	http_res_free(&res);
	json_t *j = plan_of(s, &kari, enrolled_id);
	assert_int_equal(jint(j, "version"), 1);
	assert_string_equal(jstr(j, "wishes"), "Work in a kitchen, later my own café");
	json_decref(j);

	/* The leader saves against the current version; Kari's old form loses. */
	form_post(s, &leader, plan_path(enrolled_id, ""),
		  "version=1&wishes=Work+in+a+kitchen%2C+later+my+own+caf%C3%A9&resources=Cooks", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	form_post(s, &kari, plan_path(enrolled_id, ""), "version=1&wishes=Mine&resources=Cooks+for+many%3B+good+with+people", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Lena Leader saved this work plan at "));
	assert_true(res_contains(&res, "and changed: Resources assessment (Of course I can)."));
	/* Kari's wishes are kept; Lena's resources, which Kari had not changed, are shown. */
	assert_true(res_contains(&res, "name=\"version\" value=\"2\""));
	assert_true(res_contains(&res, "\nMine</textarea>"));
	assert_true(res_contains(&res, "\nCooks</textarea>"));
	http_res_free(&res);
	assert_int_equal(plan_version(s, enrolled_id), 2);

	/* A goal saved against an old version. */
	json_int_t version = 0;
	long long gid = work_goal_id(s, &version);
	assert_int_equal(version, 3);
	char sub[64], fields[512];
	snprintf(sub, sizeof sub, "/goals/%lld", gid);
	snprintf(fields, sizeof fields,
		 "version=2&category=health&title=Overwritten&status=dropped&step_1=Nothing");
	form_post(s, &leader, plan_path(enrolled_id, sub), fields, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Kari Contact changed this goal"));
	assert_true(res_contains(&res, "name=\"version\" value=\"3\""));
	http_res_free(&res);

	char path[96];
	snprintf(path, sizeof path, "/api/v1/goals/%lld", gid);
	assert_int_equal(api_post(s, &leader, path,
				  "{\"version\":1,\"category\":\"work\",\"title\":\"Old\",\"steps\":[{\"description\":\"x\"}]}",
				  &j), 409);
	assert_string_equal(jstr(json_object_get(j, "error"), "code"), "conflict");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", enrolled_id);
	assert_int_equal(api_post(s, &leader, path, "{\"version\":1,\"wishes\":\"Old\"}", &j), 409);
	json_decref(j);

	j = plan_of(s, &kari, enrolled_id);
	json_t *g = json_array_get(json_object_get(j, "goals"), 1);
	assert_string_equal(jstr(g, "title"), "Internship in a canteen");
	assert_int_equal(jint(g, "version"), 3);
	json_decref(j);
}

/* A version above the saved one is stale too: 409 for the plan and a goal,
 * on the form and the API, and nothing is saved. */
static void
test_version_above_current(void **state)
{
	struct server *s = *state;
	json_int_t pv = plan_version(s, enrolled_id);
	struct http_res res;
	form_post(s, &kari, plan_path(enrolled_id, ""), "version=99&wishes=From+the+future&resources=", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "id=\"conflict\""));
	http_res_free(&res);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", enrolled_id);
	json_t *j = NULL;
	assert_int_equal(api_post(s, &kari, path, "{\"version\":99,\"wishes\":\"From the future\"}", &j), 409);
	assert_string_equal(jstr(json_object_get(j, "error"), "code"), "conflict");
	json_decref(j);
	j = plan_of(s, &kari, enrolled_id);
	assert_int_equal(jint(j, "version"), pv);
	assert_string_not_equal(jstr(j, "wishes"), "From the future");
	json_decref(j);

	json_int_t gv = 0;
	long long gid = work_goal_id(s, &gv);
	char sub[64];
	snprintf(sub, sizeof sub, "/goals/%lld", gid);
	form_post(s, &kari, plan_path(enrolled_id, sub),
		  "version=99&category=work&title=From+the+future&status=in_progress&step_1=x", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "id=\"conflict\""));
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/goals/%lld", gid);
	assert_int_equal(api_post(s, &kari, path,
				  "{\"version\":99,\"category\":\"work\",\"title\":\"From the future\","
				  "\"steps\":[{\"description\":\"x\"}]}", &j), 409);
	assert_string_equal(jstr(json_object_get(j, "error"), "code"), "conflict");
	json_decref(j);
	long long again = work_goal_id(s, &pv);
	assert_int_equal(again, gid);
	assert_int_equal(pv, gv);
}

/* Every bad input of every form: 422, the error beside its field, what was
 * typed kept, nothing saved. */
static void
test_bad_inputs(void **state)
{
	struct server *s = *state;
	static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";
	char long_text[8200];
	memset(long_text, 'a', 8001);
	long_text[8001] = '\0';
	char long_title[260];
	memset(long_title, 'b', 201);
	long_title[201] = '\0';
	char long_step[400];
	memset(long_step, 'c', 301);
	long_step[301] = '\0';

	struct {
		const char *path;         /* plan_path() suffix */
		char fields[8400];
		const char *field, *msg;
		const char *kept;         /* typed text shown again, or NULL */
	} rows[24];
	size_t n = 0;
#define ROW(sfx, fld, m, k, ...) do { \
		rows[n].path = sfx; \
		snprintf(rows[n].fields, sizeof rows[n].fields, __VA_ARGS__); \
		rows[n].field = fld; rows[n].msg = m; rows[n].kept = k; n++; \
	} while (0)
	ROW("", "agreed_on", "The date of the agreement cannot be in the future.", "Bad+wish",
	    "version=2&wishes=Bad+wish&resources=&agreed_on=%s", tomorrow);
	ROW("", "agreed_on", R_DATE, NULL, "version=2&wishes=&resources=&agreed_on=12.03.2025");
	ROW("", "wishes", "The participant&#39;s wishes can be at most 8000 characters.", NULL,
	    "version=2&wishes=%s&resources=", long_text);
	ROW("", "resources", "The resources assessment can be at most 8000 characters.", NULL,
	    "version=2&wishes=&resources=%s", long_text);
	ROW("", "wishes", "This text has characters that are not allowed.", NULL,
	    "version=2&wishes=bell%%07&resources=");
	ROW("/goals", "category", "Choose the goal&#39;s category.", "Learn+to+swim",
	    "category=&title=Learn+to+swim&step_1=Go+to+the+pool");
	ROW("/goals", "category", "Choose language, work, education, health or everyday life.", NULL,
	    "category=sport&title=Learn+to+swim&step_1=Go+to+the+pool");
	ROW("/goals", "title", "Write the goal.", NULL, "category=health&title=&step_1=Go+to+the+pool");
	ROW("/goals", "title", "A goal can be at most 200 characters.", NULL,
	    "category=health&title=%s&step_1=Go+to+the+pool", long_title);
	ROW("/goals", "target_date", "The target date cannot be before the programme period starts.", NULL,
	    "category=health&title=Swim&target_date=%s&step_1=Go+to+the+pool", yesterday);
	ROW("/goals", "target_date", R_DATE, NULL,
	    "category=health&title=Swim&target_date=next+year&step_1=Go+to+the+pool");
	ROW("/goals", "status", "Choose planned, in progress, achieved or dropped.", NULL,
	    "category=health&title=Swim&status=done&step_1=Go+to+the+pool");
	ROW("/goals", "steps", "Add at least one step toward the goal.", NULL,
	    "category=health&title=Swim+without+steps&step_1=&step_2=");
	ROW("/goals", "step_2", "Describe the step, or clear its dates.", "Go+to+the+pool",
	    "category=health&title=Swim&step_1=Go+to+the+pool&step_2=&step_2_due=%s", in_month);
	ROW("/goals", "step_1", "A step can be at most 300 characters.", NULL,
	    "category=health&title=Swim&step_1=%s", long_step);
	ROW("/goals", "step_1_due", "2025-02-30 is not a date: February 2025 has 28 days.", NULL,
	    "category=health&title=Swim&step_1=Pool&step_1_due=2025-02-30");
	ROW("/goals", "step_3_done", "A step cannot be done on a date in the future.", NULL,
	    "category=health&title=Swim&step_1=a&step_2=b&step_3=c&step_3_done=%s", tomorrow);
	ROW("/evaluations", "due_on", "Choose the date of the evaluation.", NULL, "due_on=");
	ROW("/evaluations", "due_on", R_DATE, NULL, "due_on=31%%2F12%%2F2025");
	ROW("/evaluations", "due_on", "An evaluation cannot be before the programme period starts.", NULL,
	    "due_on=%s", yesterday);
#undef ROW

	json_t *before = plan_of(s, &kari, enrolled_id);
	char *before_text = json_dumps(before, JSON_SORT_KEYS);
	json_decref(before);
	for (size_t i = 0; i < n; i++) {
		struct http_res res;
		form_post(s, &kari, plan_path(enrolled_id, rows[i].path), rows[i].fields, &res);
		if (res.status != 422)
			fail_msg("row %zu (%s): status %ld", i, rows[i].field, res.status);
		if (!error_beside(&res, rows[i].field, rows[i].msg))
			fail_msg("row %zu: no \"%s\" beside %s", i, rows[i].msg, rows[i].field);
		assert_true(res_contains(&res, "id=\"error-summary\""));
		if (rows[i].kept != NULL) {
			char *k = strdup(rows[i].kept);
			for (char *p = k; *p; p++)
				if (*p == '+')
					*p = ' ';
			if (!res_contains(&res, k))
				fail_msg("row %zu: \"%s\" was not kept", i, k);
			free(k);
		}
		http_res_free(&res);
	}
	/* Nothing was saved: the plan reads exactly as before. */
	json_t *after = plan_of(s, &kari, enrolled_id);
	char *after_text = json_dumps(after, JSON_SORT_KEYS);
	json_decref(after);
	assert_string_equal(before_text, after_text);
	free(before_text);
	free(after_text);

	/* A goal's own form, and an evaluation's "held" form. */
	json_int_t version = 0;
	long long gid = work_goal_id(s, &version);
	char sub[64], fields[256];
	snprintf(sub, sizeof sub, "/goals/%lld", gid);
	snprintf(fields, sizeof fields, "version=%lld&category=work&title=&status=achieved&step_1=Keep+me",
		 (long long)version);
	struct http_res res;
	form_post(s, &kari, plan_path(enrolled_id, sub), fields, &res);
	assert_int_equal(res.status, 422);
	assert_true(error_beside(&res, "title", "Write the goal."));
	assert_true(res_contains(&res, "value=\"Keep me\""));
	assert_true(res_contains(&res, "id=\"goal-history\""));
	http_res_free(&res);

	json_t *j = plan_of(s, &kari, enrolled_id);
	long long open_eval = 0;
	size_t i;
	json_t *ev;
	json_array_foreach(json_object_get(j, "evaluations"), i, ev)
		if (json_is_null(json_object_get(ev, "done_on")))
			open_eval = jint(ev, "id");
	json_decref(j);
	assert_true(open_eval > 0);
	snprintf(sub, sizeof sub, "/evaluations/%lld/done", open_eval);
	snprintf(fields, sizeof fields, "done_on=%s&note=Too+early", tomorrow);
	form_post(s, &kari, plan_path(enrolled_id, sub), fields, &res);
	assert_int_equal(res.status, 422);
	char id[64];
	snprintf(id, sizeof id, "done_on-%lld", open_eval);
	assert_true(error_beside(&res, id, "An evaluation cannot be held on a date in the future."));
	assert_true(res_contains(&res, "value=\"Too early\""));
	http_res_free(&res);

	/* The API: 422 with the fields. */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/goals", enrolled_id);
	assert_int_equal(api_post(s, &kari, path,
				  "{\"category\":\"sport\",\"title\":\"\",\"steps\":[{\"description\":\"\",\"due_on\":\"soon\"}]}",
				  &j), 422);
	json_t *f = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(jstr(f, "category"), "Choose language, work, education, health or everyday life.");
	assert_string_equal(jstr(f, "title"), "Write the goal.");
	assert_string_equal(jstr(f, "step_1"), "Describe the step, or clear its dates.");
	assert_string_equal(jstr(f, "step_1_due"), R_DATE);
	json_decref(j);
	assert_int_equal(api_post(s, &kari, path, "{\"category\":\"work\",\"title\":\"x\",\"colour\":\"red\"}", &j), 400);
	json_decref(j);
	assert_int_equal(api_post(s, &kari, path, "{\"category\":\"work\",\"title\":\"x\",\"steps\":\"one\"}", &j), 422);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", enrolled_id);
	assert_int_equal(api_post(s, &kari, path, "{\"wishes\":\"no version\"}", &j), 422);
	assert_non_null(jstr(json_object_get(json_object_get(j, "error"), "fields"), "version"));
	json_decref(j);
	assert_int_equal(goal_count(s, enrolled_id), 2);
	assert_int_equal(plan_version(s, enrolled_id), 2);
}

static void
test_print(void **state)
{
	struct server *s = *state;
	struct http_res res;
	assert_int_equal(http_get(s, plan_path(enrolled_id, "/print"), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "class=\"print-plan\""));
	assert_true(res_contains(&res, "Pass A2 in speaking"));
	assert_true(res_contains(&res, "Attend class four days a week"));
	assert_true(res_contains(&res, "Internship in a canteen"));
	assert_true(res_contains(&res, "Sign the agreement"));
	assert_true(res_contains(&res, "Work in a kitchen, later my own café"));
	assert_true(res_contains(&res, in_month));                 /* an evaluation date */
	assert_true(res_contains(&res, "Kari Contact"));           /* the contact person */
	assert_true(res_contains(&res, "Participant&#39;s signature and date"));
	assert_true(res_contains(&res, "Contact person&#39;s signature and date"));
	assert_true(res_contains(&res, "data-print"));
	assert_false(res_contains(&res, "<script>"));
	http_res_free(&res);
}

static void
test_other_contact_is_refused(void **state)
{
	struct server *s = *state;
	struct http_res res;
	static const char *const pages[] = {"", "/print", "/versions/1"};
	for (size_t i = 0; i < NELEM(pages); i++) {
		assert_int_equal(http_get(s, plan_path(enrolled_id, pages[i]), per.cookie, &res), 0);
		if (res.status != 404)
			fail_msg("%s: %ld", pages[i], res.status);
		assert_false(res_contains(&res, "Pass A2 in speaking"));
		http_res_free(&res);
	}
	long long gid = work_goal_id(s, NULL);
	char sub[64];
	snprintf(sub, sizeof sub, "/goals/%lld", gid);
	assert_int_equal(http_get(s, plan_path(enrolled_id, sub), per.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);

	form_post(s, &per, plan_path(enrolled_id, "/goals"), "category=work&title=Sneaky&step_1=x", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	form_post(s, &per, plan_path(enrolled_id, ""), "version=2&wishes=Sneaky", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);

	char path[96];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", enrolled_id);
	assert_int_equal(api_get(s, &per, path, &j), 404);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/goals/%lld", gid);
	assert_int_equal(api_get(s, &per, path, &j), 404);
	json_decref(j);
	assert_int_equal(api_post(s, &per, path,
				  "{\"version\":3,\"category\":\"work\",\"title\":\"Sneaky\",\"steps\":[{\"description\":\"x\"}]}",
				  &j), 404);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/goals/%lld/history", gid);
	assert_int_equal(api_get(s, &per, path, &j), 404);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/evaluations", enrolled_id);
	assert_int_equal(api_post(s, &per, path, "{\"due_on\":\"2030-01-01\"}", &j), 404);
	json_decref(j);

	/* Nothing changed, and the attempts are in the audit log. */
	assert_int_equal(goal_count(s, enrolled_id), 2);
	assert_int_equal(plan_version(s, enrolled_id), 2);
	assert_int_equal(evaluation_count(s, enrolled_id), 3);
	snprintf(path, sizeof path, "/api/v1/audit?action=access.denied&record_type=participant&record_id=%lld",
		 enrolled_id);
	assert_int_equal(api_get(s, &leader, path, &j), 200);
	assert_int_equal(jint(j, "total"), 11);   /* each of Per's eleven attempts, once */
	assert_string_equal(jstr(json_array_get(json_object_get(j, "items"), 0), "user"), OTHER_USER);
	json_decref(j);
}

/* The number of plan.read entries naming the participant. */
static json_int_t
plan_reads(const struct server *s, long long pid)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/audit?action=plan.read&record_type=participant&record_id=%lld", pid);
	json_t *j = NULL;
	assert_int_equal(api_get(s, &leader, path, &j), 200);
	json_int_t n = jint(j, "total");
	json_decref(j);
	return n;
}

static void
test_versions_and_reads_audited(void **state)
{
	struct server *s = *state;
	struct http_res res;
	json_int_t reads = plan_reads(s, enrolled_id);
	assert_true(reads > 5);
	assert_int_equal(http_get(s, plan_path(enrolled_id, "/versions/1"), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Work plan, version 1"));
	assert_true(res_contains(&res, "Cooks for many; good with people"));
	http_res_free(&res);
	assert_int_equal(http_get(s, plan_path(enrolled_id, "/versions/99"), kari.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	assert_int_equal(http_get(s, plan_path(enrolled_id, ""), kari.cookie, &res), 0);
	assert_true(res_contains(&res, "Version 2"));
	assert_true(res_contains(&res, "Lena Leader"));
	http_res_free(&res);

	/* The version and the plan were read; the missing version was not. */
	assert_int_equal(plan_reads(s, enrolled_id), reads + 2);
}


static void
test_api_goal_create(void **state)
{
	struct server *s = *state;
	char path[96], body[512];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/goals", enrolled_id);
	snprintf(body, sizeof body,
		 "{\"category\":\"everyday\",\"title\":\"Open a bank account\",\"target_date\":\"%s\","
		 "\"steps\":[{\"description\":\"Bring the residence card\",\"due_on\":\"%s\"},"
		 "{\"description\":\"Meet the bank\",\"due_on\":null,\"done_on\":null}]}", in_month, in_month);
	json_t *j = NULL;
	assert_int_equal(api_post(s, &kari, path, body, &j), 201);
	long long gid = jint(j, "id");
	assert_int_equal(jint(j, "version"), 1);
	assert_string_equal(jstr(j, "status"), "planned");
	assert_string_equal(jstr(j, "category"), "everyday");
	assert_int_equal(json_array_size(json_object_get(j, "steps")), 2);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/goals/%lld", gid);
	assert_int_equal(api_get(s, &kari, path, &j), 200);
	assert_string_equal(jstr(j, "title"), "Open a bank account");
	assert_string_equal(jstr(json_array_get(json_object_get(j, "steps"), 0), "due_on"), in_month);
	json_decref(j);
	assert_int_equal(goal_count(s, enrolled_id), 3);
	struct http_res res;
	assert_int_equal(http_get(s, plan_path(enrolled_id, ""), kari.cookie, &res), 0);
	assert_true(res_contains(&res, "Everyday life"));
	assert_true(res_contains(&res, "Bring the residence card"));
	http_res_free(&res);
}

/* A plan or goal save refused as stale keeps what was typed, takes the
 * other person's change where the field was not touched, and saving the
 * form as shown then works without undoing either change. */
static void
test_stale_form_keeps_input(void **state)
{
	struct server *s = *state;
	long long pid = register_participant(s, "Selam", "Kept");
	enrol(s, pid, kari_id);
	struct http_res res;
	form_post(s, &kari, plan_path(pid, ""), "version=0&wishes=Be+a+baker&resources=Early+riser", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	form_post(s, &leader, plan_path(pid, ""), "version=1&wishes=Be+a+baker&resources=Early+riser%2C+strong", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	/* Kari, from version 1, changes the wishes only. */
	form_post(s, &kari, plan_path(pid, ""), "version=1&wishes=Distinctive+wish+42&resources=Early+riser", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Lena Leader saved this work plan at "));
	assert_true(res_contains(&res, "and changed: Resources assessment (Of course I can)."));
	assert_true(res_contains(&res, "name=\"version\" value=\"2\""));
	assert_true(res_contains(&res, "\nDistinctive wish 42</textarea>"));
	assert_true(res_contains(&res, "\nEarly riser, strong</textarea>"));
	http_res_free(&res);
	/* The form as shown saves, and keeps both changes. */
	form_post(s, &kari, plan_path(pid, ""),
		  "version=2&wishes=Distinctive+wish+42&resources=Early+riser%2C+strong&agreed_on=", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	json_t *j = plan_of(s, &kari, pid);
	assert_int_equal(jint(j, "version"), 3);
	assert_string_equal(jstr(j, "wishes"), "Distinctive wish 42");
	assert_string_equal(jstr(j, "resources"), "Early riser, strong");
	json_decref(j);

	/* A goal: Lena sets it in progress; Kari, from version 1, renames it. */
	form_post(s, &kari, plan_path(pid, "/goals"), "category=work&title=Bakery+internship&status=planned"
						     "&step_1=Visit+the+bakery", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	j = plan_of(s, &kari, pid);
	long long gid = jint(json_array_get(json_object_get(j, "goals"), 0), "id");
	json_decref(j);
	char sub[64];
	snprintf(sub, sizeof sub, "/goals/%lld", gid);
	form_post(s, &leader, plan_path(pid, sub), "version=1&category=work&title=Bakery+internship"
						   "&status=in_progress&step_1=Visit+the+bakery", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	form_post(s, &kari, plan_path(pid, sub), "version=1&category=work&title=Distinctive+title+7"
						 "&status=planned&step_1=Visit+the+bakery", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Lena Leader changed this goal at "));
	assert_true(res_contains(&res, ", after you opened it: Status."));
	assert_true(res_contains(&res, "name=\"version\" value=\"2\""));
	assert_true(res_contains(&res, "value=\"Distinctive title 7\""));
	assert_true(res_contains(&res, "<option value=\"in_progress\" selected>"));
	assert_true(res_contains(&res, "value=\"Visit the bakery\""));
	http_res_free(&res);
	form_post(s, &kari, plan_path(pid, sub), "version=2&category=work&title=Distinctive+title+7"
						 "&status=in_progress&step_1=Visit+the+bakery", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	j = plan_of(s, &kari, pid);
	json_t *g = json_array_get(json_object_get(j, "goals"), 0);
	assert_string_equal(jstr(g, "title"), "Distinctive title 7");
	assert_string_equal(jstr(g, "status"), "in_progress");
	assert_int_equal(jint(g, "version"), 3);
	json_decref(j);
}

/* Each member accepts only its declared JSON type: anything else is a 422
 * naming every such member and the type expected, and nothing changes. */
static void
test_api_types(void **state)
{
	struct server *s = *state;
	static const char text[] = "Must be text.", date[] = "Must be a date as text (YYYY-MM-DD).",
			  version[] = "Must be the version you read, a whole number.";
	json_t *before = plan_of(s, &kari, enrolled_id);
	size_t goals = goal_count(s, enrolled_id), evaluations = evaluation_count(s, enrolled_id);
	char path[128];
	json_t *j = NULL;

	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", enrolled_id);
	assert_int_equal(api_post(s, &kari, path, "{\"version\":\"2\",\"wishes\":5,\"resources\":true,"
						 "\"agreed_on\":20240101}", &j), 422);
	const char *const plan_fields[] = {"version", version, "wishes", text, "resources", text,
					   "agreed_on", date, NULL};
	assert_true(api_error_fields(j, "invalid", plan_fields));
	json_decref(j);
	assert_int_equal(api_post(s, &kari, path, "{\"version\":null,\"wishes\":5}", &j), 422);
	const char *const wishes[] = {"version", version, "wishes", text, NULL};
	assert_true(api_error_fields(j, "invalid", wishes));
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/goals", enrolled_id);
	assert_int_equal(api_post(s, &kari, path, "{\"category\":1,\"title\":[],\"target_date\":5,"
						 "\"status\":false,\"steps\":{\"description\":\"x\"}}", &j), 422);
	const char *const goal_fields[] = {"category", text, "title", text, "target_date", date, "status", text,
					   "steps", "Must be a list of objects.", NULL};
	assert_true(api_error_fields(j, "invalid", goal_fields));
	json_decref(j);
	assert_int_equal(api_post(s, &kari, path, "{\"category\":\"work\",\"title\":\"Typed\",\"steps\":["
						 "{\"description\":\"ok\"},{\"description\":5,\"due_on\":1,\"done_on\":true}]}",
				  &j), 422);
	const char *const step_fields[] = {"steps[1].description", text, "steps[1].due_on", date,
					   "steps[1].done_on", date, NULL};
	assert_true(api_error_fields(j, "invalid", step_fields));
	json_decref(j);
	assert_int_equal(api_post(s, &kari, path, "{\"category\":\"work\",\"title\":\"Typed\",\"steps\":[\"x\"]}",
				  &j), 422);
	const char *const step_list[] = {"steps", "Must be a list of objects.", NULL};
	assert_true(api_error_fields(j, "invalid", step_list));
	json_decref(j);

	json_int_t gv = 0;
	long long gid = work_goal_id(s, &gv);
	snprintf(path, sizeof path, "/api/v1/goals/%lld", gid);
	assert_int_equal(api_post(s, &kari, path, "{\"version\":\"3\",\"category\":\"work\",\"title\":7}", &j), 422);
	const char *const goal_update[] = {"version", version, "title", text, NULL};
	assert_true(api_error_fields(j, "invalid", goal_update));
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/evaluations", enrolled_id);
	assert_int_equal(api_post(s, &kari, path, "{\"due_on\":20300101}", &j), 422);
	const char *const due[] = {"due_on", date, NULL};
	assert_true(api_error_fields(j, "invalid", due));
	json_decref(j);
	/* One to mark as held, with members of the wrong type. */
	char body[96];
	snprintf(body, sizeof body, "{\"due_on\":\"%s\"}", in_month);
	assert_int_equal(api_post(s, &kari, path, body, &j), 201);
	long long eid = jint(j, "id");
	json_decref(j);
	evaluations++;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/evaluations/%lld/done", enrolled_id, eid);
	assert_int_equal(api_post(s, &kari, path, "{\"done_on\":1,\"note\":[\"x\"]}", &j), 422);
	const char *const done[] = {"done_on", date, "note", text, NULL};
	assert_true(api_error_fields(j, "invalid", done));
	json_decref(j);

	/* Nothing changed. */
	json_t *after = plan_of(s, &kari, enrolled_id);
	assert_int_equal(jint(after, "version"), jint(before, "version"));
	assert_string_equal(jstr(after, "wishes"), jstr(before, "wishes"));
	json_decref(after);
	json_decref(before);
	assert_int_equal(goal_count(s, enrolled_id), goals);
	assert_int_equal(evaluation_count(s, enrolled_id), evaluations);
	json_int_t gv_after = 0;
	assert_int_equal(work_goal_id(s, &gv_after), gid);
	assert_int_equal(gv_after, gv);
	after = plan_of(s, &kari, enrolled_id);
	json_t *evs = json_object_get(after, "evaluations");
	for (size_t i = 0; i < json_array_size(evs); i++)
		if (jint(json_array_get(evs, i), "id") == eid)
			assert_true(json_is_null(json_object_get(json_array_get(evs, i), "done_on")));
	json_decref(after);
}

/* The agreement is to the content: a change of the wishes (the form sends
 * the date it showed), a new goal, a goal's title clear it until it is
 * given again, in the plan, its versions, the printout and the API; the
 * goal's progress does not. */
static void
test_agreement_cleared_by_change(void **state)
{
	struct server *s = *state;
	long long pid = register_participant(s, "Sahra", "Agrees");
	/* from yesterday: the plan is agreed then, and again today */
	enrol_on(s, pid, kari_id, yesterday);
	struct http_res res;
	char fields[512];
	snprintf(fields, sizeof fields, "version=0&wishes=Work+in+a+kitchen&resources=Cooks+well&agreed_on=%s",
		 yesterday);
	form_post(s, &kari, plan_path(pid, ""), fields, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	json_t *j = plan_of(s, &kari, pid);
	assert_string_equal(jstr(j, "agreed_on"), yesterday);
	json_decref(j);

	/* The wishes change; the form sends back the date it showed. */
	snprintf(fields, sizeof fields, "version=1&wishes=Work+in+a+shop&resources=Cooks+well&agreed_on=%s",
		 yesterday);
	form_post(s, &kari, plan_path(pid, ""), fields, &res);
	assert_int_equal(res.status, 303);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_non_null(flash);
	assert_string_equal(flash, "plan-saved-agreement-cleared");
	free(flash);
	http_res_free(&res);
	j = plan_of(s, &kari, pid);
	assert_int_equal(jint(j, "version"), 2);
	assert_string_equal(jstr(j, "wishes"), "Work in a shop");
	assert_true(json_is_null(json_object_get(j, "agreed_on")));
	json_decref(j);
	/* The page says so once, and the form no longer shows the date. */
	char cookie[512];
	snprintf(cookie, sizeof cookie, "%s; sc_flash=plan-saved-agreement-cleared", kari.cookie);
	assert_int_equal(http_get(s, plan_path(pid, ""), cookie, &res), 0);
	assert_true(res_contains(&res, "the participant&#39;s agreement was cleared"));
	assert_true(res_contains(&res, "id=\"agreed_on\" name=\"agreed_on\" type=\"date\" autocomplete"));
	http_res_free(&res);
	/* The new version and the printout claim no agreement; the old
	 * version keeps its own. */
	char needle[128];
	snprintf(needle, sizeof needle, "<dd>%s</dd>", yesterday);
	assert_int_equal(http_get(s, plan_path(pid, "/versions/2"), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, needle));
	http_res_free(&res);
	assert_int_equal(http_get(s, plan_path(pid, "/versions/1"), kari.cookie, &res), 0);
	assert_true(res_contains(&res, needle));
	http_res_free(&res);
	assert_int_equal(http_get(s, plan_path(pid, "/print"), kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Work in a shop"));
	snprintf(needle, sizeof needle, "Agreed on: %s", yesterday);
	assert_false(res_contains(&res, needle));
	assert_true(res_contains(&res, "Agreed on: ______________________"));
	http_res_free(&res);

	/* Given again, then a new goal clears it. */
	snprintf(fields, sizeof fields, "version=2&wishes=Work+in+a+shop&resources=Cooks+well&agreed_on=%s",
		 today);
	form_post(s, &kari, plan_path(pid, ""), fields, &res);
	assert_int_equal(res.status, 303);
	flash = res_cookie_value(&res, "sc_flash");
	assert_string_equal(flash, "plan-saved");
	free(flash);
	http_res_free(&res);
	form_post(s, &kari, plan_path(pid, "/goals"),
		  "category=work&title=A+job+in+a+shop&status=planned&step_1=Apply+for+three+jobs", &res);
	assert_int_equal(res.status, 303);
	flash = res_cookie_value(&res, "sc_flash");
	assert_string_equal(flash, "goal-saved-agreement-cleared");
	free(flash);
	http_res_free(&res);
	j = plan_of(s, &kari, pid);
	assert_int_equal(jint(j, "version"), 4);
	assert_true(json_is_null(json_object_get(j, "agreed_on")));
	long long gid = jint(json_array_get(json_object_get(j, "goals"), 0), "id");
	json_decref(j);

	/* Agreed again; progress on the goal keeps it (API). */
	char path[96], body[512];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", pid);
	snprintf(body, sizeof body, "{\"version\":4,\"wishes\":\"Work in a shop\",\"resources\":\"Cooks well\","
		 "\"agreed_on\":\"%s\"}", today);
	assert_int_equal(api_post(s, &kari, path, body, &j), 200);
	assert_string_equal(jstr(j, "agreed_on"), today);
	assert_true(json_is_false(json_object_get(j, "agreement_cleared")));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/goals/%lld", gid);
	snprintf(body, sizeof body, "{\"version\":1,\"category\":\"work\",\"title\":\"A job in a shop\","
		 "\"status\":\"in_progress\",\"steps\":[{\"description\":\"Apply for three jobs\",\"done_on\":\"%s\"}]}",
		 today);
	assert_int_equal(api_post(s, &kari, path, body, &j), 200);
	assert_true(json_is_false(json_object_get(j, "plan_agreement_cleared")));
	json_decref(j);
	j = plan_of(s, &kari, pid);
	assert_string_equal(jstr(j, "agreed_on"), today);
	assert_int_equal(jint(j, "version"), 5);
	json_decref(j);

	/* Its title changes: cleared. */
	snprintf(body, sizeof body, "{\"version\":2,\"category\":\"work\",\"title\":\"A job in a supermarket\","
		 "\"status\":\"in_progress\",\"steps\":[{\"description\":\"Apply for three jobs\",\"done_on\":\"%s\"}]}",
		 today);
	assert_int_equal(api_post(s, &kari, path, body, &j), 200);
	assert_true(json_is_true(json_object_get(j, "plan_agreement_cleared")));
	json_decref(j);
	j = plan_of(s, &kari, pid);
	assert_true(json_is_null(json_object_get(j, "agreed_on")));
	assert_int_equal(jint(j, "version"), 6);
	json_decref(j);

	/* The API's plan save follows the same rule. */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/plan", pid);
	snprintf(body, sizeof body, "{\"version\":6,\"wishes\":\"Work in a shop\",\"resources\":\"Cooks well\","
		 "\"agreed_on\":\"%s\"}", today);
	assert_int_equal(api_post(s, &kari, path, body, &j), 200);
	json_decref(j);
	snprintf(body, sizeof body, "{\"version\":7,\"wishes\":\"Work in a shop\",\"resources\":\"Cooks well, speaks Arabic\","
		 "\"agreed_on\":\"%s\"}", today);
	assert_int_equal(api_post(s, &kari, path, body, &j), 200);
	assert_true(json_is_true(json_object_get(j, "agreement_cleared")));
	assert_true(json_is_null(json_object_get(j, "agreed_on")));
	assert_int_equal(jint(j, "version"), 8);
	json_decref(j);
}

/* A goal's steps through the API are read as the form's rows are: more
 * than twenty is an error of "steps", a blank step is skipped (none left:
 * a step is missing), a step's errors are named by its row, and a member no
 * step has is refused. Nothing is saved. */
static void
test_api_steps(void **state)
{
	struct server *s = *state;
	size_t goals = goal_count(s, enrolled_id);
	char path[96], body[2048];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/goals", enrolled_id);
	size_t n = (size_t)snprintf(body, sizeof body, "{\"category\":\"work\",\"title\":\"Many\",\"steps\":[");
	for (int i = 0; i < 21; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "%s{\"description\":\"Step %d\"}", i ? "," : "", i + 1);
	snprintf(body + n, sizeof body - n, "]}");
	json_t *j = NULL;
	assert_int_equal(api_post(s, &kari, path, body, &j), 422);
	const char *const many[] = {"steps", "A goal can have at most 20 steps.", NULL};
	assert_true(api_error_fields(j, "invalid", many));
	json_decref(j);

	assert_int_equal(api_post(s, &kari, path, "{\"category\":\"work\",\"title\":\"x\",\"steps\":[{},"
						 "{\"description\":\" \",\"due_on\":null}]}", &j), 422);
	const char *const none[] = {"steps", "Add at least one step toward the goal.", NULL};
	assert_true(api_error_fields(j, "invalid", none));
	json_decref(j);

	char later[256];
	snprintf(later, sizeof later, "{\"category\":\"work\",\"title\":\"x\",\"steps\":[{\"description\":\"a\"},"
		 "{\"description\":\"b\",\"done_on\":\"%s\"}]}", tomorrow);
	assert_int_equal(api_post(s, &kari, path, later, &j), 422);
	const char *const done[] = {"step_2_done", "A step cannot be done on a date in the future.", NULL};
	assert_true(api_error_fields(j, "invalid", done));
	json_decref(j);

	assert_int_equal(api_post(s, &kari, path, "{\"category\":\"work\",\"title\":\"x\",\"steps\":"
						 "[{\"description\":\"a\",\"colour\":\"red\"}]}", &j), 400);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(jstr(err, "code"), "unknown_fields");
	assert_non_null(jstr(json_object_get(err, "fields"), "steps[0].colour"));
	json_decref(j);
	assert_int_equal(goal_count(s, enrolled_id), goals);
}

/* A stale goal save whose steps the other person changed, and whose steps
 * the typist left alone, shows their steps; a field both changed keeps the
 * typed text and names what they saved. */
static void
test_stale_goal_takes_their_steps(void **state)
{
	struct server *s = *state;
	long long pid = register_participant(s, "Meron", "Steps");
	enrol(s, pid, kari_id);
	struct http_res res;
	form_post(s, &kari, plan_path(pid, "/goals"), "category=work&title=Bakery&status=planned"
						     "&step_1=Visit&step_2=Apply", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	json_t *j = plan_of(s, &kari, pid);
	long long gid = jint(json_array_get(json_object_get(j, "goals"), 0), "id");
	json_decref(j);
	char sub[64];
	snprintf(sub, sizeof sub, "/goals/%lld", gid);
	form_post(s, &leader, plan_path(pid, sub), "version=1&category=work&title=Bakery&status=planned"
						   "&step_1=Visit+twice&step_2=Apply", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	form_post(s, &kari, plan_path(pid, sub), "version=1&category=work&title=Bakery+job&status=planned"
						 "&step_1=Visit&step_2=Apply", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, ", after you opened it: Steps."));
	assert_true(res_contains(&res, "name=\"version\" value=\"2\""));
	assert_true(res_contains(&res, "value=\"Bakery job\""));
	assert_true(res_contains(&res, "value=\"Visit twice\""));
	assert_false(res_contains(&res, "value=\"Visit\""));
	http_res_free(&res);

	form_post(s, &leader, plan_path(pid, sub), "version=2&category=work&title=Lena+title&status=planned"
						   "&step_1=Visit+twice&step_2=Apply", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	form_post(s, &kari, plan_path(pid, sub), "version=2&category=work&title=Kari+title&status=planned"
						 "&step_1=Visit+twice&step_2=Apply", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "value=\"Kari title\""));
	assert_true(res_contains(&res, "<li>Goal: they saved \xE2\x80\x9cLena title\xE2\x80\x9d; the form keeps yours.</li>"));
	http_res_free(&res);
	j = plan_of(s, &kari, pid);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "goals"), 0), "title"), "Lena title");
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_enrolled),
		cmocka_unit_test(test_plan_with_two_goals),
		cmocka_unit_test(test_evaluations),
		cmocka_unit_test(test_goal_update_history),
		cmocka_unit_test(test_stale_versions),
		cmocka_unit_test(test_version_above_current),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_other_contact_is_refused),
		cmocka_unit_test(test_versions_and_reads_audited),
		cmocka_unit_test(test_agreement_cleared_by_change),
		cmocka_unit_test(test_api_goal_create),
		cmocka_unit_test(test_stale_form_keeps_input),
		cmocka_unit_test(test_api_types),
		cmocka_unit_test(test_api_steps),
		cmocka_unit_test(test_stale_goal_takes_their_steps),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
