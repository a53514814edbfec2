/*
 * test_relations.c — who may see a participant, through the real server:
 * access follows the working relationship (issue 7, section 1).
 *
 *  - a contact person sees their own participants while in the programme,
 *    an exited one until the 12-month follow-up is recorded and at most 13
 *    months after exit, and nothing once their role is taken away (on the
 *    next request);
 *  - a finance officer sees everyone with a programme period, and only the
 *    fields payments need; a health worker only the people referred to them;
 *    analysts and administrators no one;
 *  - a participant the user may not see answers exactly as one that does
 *    not exist (404), and the attempt is in the audit log.
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

#define PASSWORD "a long enough password"

static struct server *srv;
static struct session lea, kari, per, tina, hanne, fiona, ana, admin;
static long long kari_id, hanne_id;
/* A: active, Kari's; B: exited 14 months ago, Kari's; C: exited two months
 * ago, Kari's; D: registered only. */
static long long pa, pb, pc, pd;

/* ---- helpers ---- */

/* Today plus days (negative: before), YYYY-MM-DD in the local zone. */
static void
day(int days, char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_hour = 12;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Today plus months, the day clamped to the month's end. */
static void
month(int months, char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + months, d = tm.tm_mday;
	while (m < 0) {
		m += 12;
		y--;
	}
	y += m / 12;
	m %= 12;
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int last = len[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	snprintf(out, 11, "%04d-%02d-%02d", y, m + 1, d > last ? last : d);
}

static void
post(const struct session *sess, const char *path, const char *body, struct http_res *res)
{
	size_t n = strlen(body) + 128;
	char *full = malloc(n);
	assert_non_null(full);
	snprintf(full, n, "csrf=%s&%s", sess->csrf, body);
	assert_int_equal(http_post_form(srv, path, sess->cookie, full, res), 0);
	free(full);
}

static long
status_of(const struct session *sess, const char *fmt, long long id)
{
	char path[128];
	snprintf(path, sizeof path, fmt, id);
	struct http_res res;
	session_get(sess, path, &res);
	long st = res.status;
	http_res_free(&res);
	return st;
}

static long long
jint(json_t *j, const char *key)
{
	return (long long)json_integer_value(json_object_get(j, key));
}

static long long
user_id(const struct session *sess)
{
	json_t *j = NULL;
	assert_int_equal(api_call(sess, "/api/v1/me", NULL, &j), 200);
	long long id = jint(j, "id");
	json_decref(j);
	return id;
}

static long long
create(const char *json)
{
	json_t *j = NULL;
	long st = api_call(&lea, "/api/v1/participants", json, &j);
	if (st != 201)
		fail_msg("POST /api/v1/participants: %ld", st);
	long long id = jint(j, "id");
	json_decref(j);
	return id;
}

/* A programme period from start with Kari as contact person; when exit is
 * not NULL, it ends that day. */
static void
enrol(long long pid, const char *start, const char *exit_on)
{
	char path[96], body[192];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\",\"contact_id\":%lld}", start, kari_id);
	json_t *j = NULL;
	long st = api_call(&lea, path, body, &j);
	if (st != 201 && st != 200)
		fail_msg("enrol %lld: %ld %s", pid, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	if (exit_on == NULL)
		return;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	assert_int_equal(api_call(&lea, path, NULL, &j), 200);
	long long version = jint(json_object_get(j, "current"), "version");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body, "{\"version\":%lld,\"date\":\"%s\",\"reason\":\"Found work\","
		 "\"outcome\":\"employed_full\"}", version, exit_on);
	st = api_call(&lea, path, body, &j);
	if (st != 200)
		fail_msg("exit %lld: %ld %s", pid, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* The ids of the participants a user's register API lists, as a bit set
 * of A=1, B=2, C=4, D=8. */
static int
listed(const struct session *sess)
{
	json_t *j = NULL;
	assert_int_equal(api_call(sess, "/api/v1/participants?per_page=200", NULL, &j), 200);
	int bits = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		long long id = jint(it, "id");
		bits |= (id == pa) | (id == pb) << 1 | (id == pc) << 2 | (id == pd) << 3;
	}
	json_decref(j);
	return bits;
}

/* access.denied entries naming the participant. */
static long long
denials(long long pid)
{
	char path[160];
	snprintf(path, sizeof path,
		 "/api/v1/audit?action=access.denied&record_type=participant&record_id=%lld&per_page=1", pid);
	json_t *j = NULL;
	assert_int_equal(api_call(&admin, path, NULL, &j), 200);
	long long n = jint(j, "total");
	json_decref(j);
	return n;
}

/* Sets a user's roles through the administrator's form. */
static void
set_roles(const struct session *who, const char *name, const char *roles)
{
	long long id = user_id(who);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/users?per_page=200");
	json_t *j = NULL;
	assert_int_equal(api_call(&admin, path, NULL, &j), 200);
	long long version = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (jint(it, "id") == id)
			version = jint(it, "version");
	json_decref(j);
	assert_true(version > 0);
	char body[256];
	snprintf(body, sizeof body, "version=%lld&display_name=%s&active=1&%s", version, name, roles);
	snprintf(path, sizeof path, "/admin/users/%lld", id);
	struct http_res res;
	post(&admin, path, body, &res);
	if (res.status != 303)
		fail_msg("set roles: %ld", res.status);
	http_res_free(&res);
}

/* Blanks the value of the language switch's hidden "next" input, the one
 * place a page repeats its own path. */
static void
blank_next(char *body)
{
	char *v = strstr(body, "name=\"next\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"next\" value=\"");
	char *end = strchr(v, '"');
	assert_non_null(end);
	memmove(v, end, strlen(end) + 1);
}

/* ---- the tests ---- */

/* An id the user may not see answers exactly as one that does not exist,
 * page and API, and the attempt is audited. */
static void
test_unseen_is_missing(void **state)
{
	(void)state;
	long long before = denials(pd);
	struct http_res a, b;
	char path[64];
	snprintf(path, sizeof path, "/participants/%lld", pd);
	session_get(&kari, path, &a);
	session_get(&kari, "/participants/99999999", &b);
	assert_int_equal(a.status, 404);
	assert_int_equal(b.status, 404);
	/* the same page, but for the path itself (the language switch's "next") */
	blank_next(a.body);
	blank_next(b.body);
	assert_string_equal(a.body, b.body);
	http_res_free(&a);
	http_res_free(&b);
	json_t *ja = NULL, *jb = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld", pd);
	assert_int_equal(api_call(&kari, path, NULL, &ja), 404);
	assert_int_equal(api_call(&kari, "/api/v1/participants/99999999", NULL, &jb), 404);
	assert_true(json_equal(ja, jb));
	assert_string_equal(json_string_value(json_object_get(json_object_get(ja, "error"), "code")), "not_found");
	json_decref(ja);
	json_decref(jb);
	assert_int_equal(denials(pd), before + 2);
}

/* Kari: her active participant and the one who left two months ago; not
 * the one who left 14 months ago, not someone else's. */
static void
test_contact_person_by_relationship(void **state)
{
	(void)state;
	assert_int_equal(listed(&kari), 1 | 4);
	assert_int_equal(status_of(&kari, "/participants/%lld", pa), 200);
	assert_int_equal(status_of(&kari, "/participants/%lld/plan", pa), 200);
	assert_int_equal(status_of(&kari, "/participants/%lld/edit", pa), 200);
	/* after exit: she reads the record and records the follow-up */
	assert_int_equal(status_of(&kari, "/participants/%lld", pc), 200);
	assert_int_equal(status_of(&kari, "/participants/%lld/meetings", pc), 200);
	/* ... but no longer edits the register */
	assert_int_equal(status_of(&kari, "/participants/%lld/edit", pc), 404);
	/* 13 months after exit: nothing */
	long long before = denials(pb);
	assert_int_equal(status_of(&kari, "/participants/%lld", pb), 404);
	assert_int_equal(status_of(&kari, "/participants/%lld/meetings", pb), 404);
	assert_int_equal(status_of(&kari, "/api/v1/participants/%lld", pb), 404);
	assert_int_equal(denials(pb), before + 3);
	/* another contact person sees none of them */
	assert_int_equal(listed(&per), 0);
	assert_int_equal(status_of(&per, "/participants/%lld", pa), 404);
	/* the export holds the same two */
	struct http_res res;
	session_get(&kari, "/participants/export?format=csv", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Active"));
	assert_true(res_contains(&res, "Recent"));
	assert_false(res_contains(&res, "Longgone"));
	assert_false(res_contains(&res, "Waiting"));
	http_res_free(&res);
}

/* The task form's action on the follow-up page after the card of kind
 * (malloc'd id, or NULL when the card has no form). */
static char *
task_after_card(const char *kind)
{
	char path[96];
	snprintf(path, sizeof path, "/participants/%lld/meetings", pc);
	struct http_res res;
	session_get(&kari, path, &res);
	assert_int_equal(res.status, 200);
	const char *card = strstr(res.body, kind);
	assert_non_null(card);
	char *tid = text_after(card, "action=\"/tasks/", '/');
	http_res_free(&res);
	return tid;
}

/* Recording the 12-month follow-up, the last (after the 6-month one),
 * ends the contact person's access. */
static void
test_twelve_month_followup_ends_access(void **state)
{
	(void)state;
	char path[96];
	struct http_res res;
	char *tid = task_after_card("Follow-up 6 months after exit");
	assert_non_null(tid);
	snprintf(path, sizeof path, "/tasks/%s/done", tid);
	free(tid);
	post(&kari, path, "result=employed_full&source=participant&note=", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(status_of(&kari, "/participants/%lld", pc), 200);
	tid = task_after_card("Follow-up 12 months after exit");
	assert_non_null(tid);
	snprintf(path, sizeof path, "/tasks/%s/done", tid);
	free(tid);
	post(&kari, path, "result=employed_full&source=participant&note=", &res);
	assert_int_equal(res.status, 303);
	/* back to Today: the participant's page is no longer hers */
	assert_string_equal(res_header(&res, "Location"), "/today");
	http_res_free(&res);
	assert_int_equal(status_of(&kari, "/participants/%lld", pc), 404);
	assert_int_equal(listed(&kari), 1);
	/* the leader still sees everyone */
	assert_int_equal(listed(&lea), 1 | 2 | 4 | 8);
	assert_int_equal(status_of(&lea, "/participants/%lld", pc), 200);
}

/* A contact person whose role is changed reads nothing of the old
 * caseload from the next request on; given back, it comes back. */
static void
test_role_change_takes_effect_at_once(void **state)
{
	(void)state;
	set_roles(&kari, "Kari+Nordmann", "roles=teacher");
	assert_int_equal(status_of(&kari, "/participants/%lld", pa), 404);
	assert_int_equal(status_of(&kari, "/api/v1/participants/%lld", pa), 404);
	assert_int_equal(listed(&kari), 0);
	struct http_res res;
	session_get(&kari, "/participants", &res);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "Active"));
	http_res_free(&res);
	session_get(&kari, "/participants/export?format=csv", &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	/* a liaison reads the heading of anyone in the programme (decision
	 * 141: whom to place), not the case behind it */
	set_roles(&kari, "Kari+Nordmann", "roles=liaison");
	assert_int_equal(status_of(&kari, "/participants/%lld", pa), 200);
	assert_int_equal(status_of(&kari, "/participants/%lld/plan", pa), 403);
	assert_int_equal(status_of(&kari, "/api/v1/participants/%lld/meetings", pa), 403);
	set_roles(&kari, "Kari+Nordmann", "roles=contact");
	assert_int_equal(status_of(&kari, "/participants/%lld", pa), 200);
}

/* Finance: everyone with a programme period, with what payments need. */
static void
test_finance_sees_what_payments_need(void **state)
{
	(void)state;
	assert_int_equal(listed(&fiona), 1 | 2 | 4);
	assert_int_equal(status_of(&fiona, "/participants/%lld", pd), 404);
	json_t *j = NULL;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/participants/%lld", pa);
	assert_int_equal(api_call(&fiona, path, NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "nin")), "01038890057");
	assert_string_equal(json_string_value(json_object_get(j, "bank_account")), "12345678903");
	assert_non_null(json_object_get(j, "children"));
	assert_non_null(json_object_get(j, "tax_percent"));
	static const char *const hidden[] = {"phone", "email", "address", "city", "caregiving",
					     "country_of_birth", "languages", "contact_id", "contact_name"};
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		if (json_object_get(j, hidden[i]) != NULL)
			fail_msg("finance sees %s", hidden[i]);
	json_decref(j);
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld", pa);
	session_get(&fiona, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "1234.56.78903"));
	assert_false(res_contains(&res, "98765432"));       /* the phone */
	assert_false(res_contains(&res, "Storgata"));       /* the address */
	assert_false(res_contains(&res, "id=\"history\""));
	http_res_free(&res);
	/* the period, yes; case notes, no */
	assert_int_equal(status_of(&fiona, "/participants/%lld/enrolment", pa), 200);
	assert_int_equal(status_of(&fiona, "/participants/%lld/plan", pa), 403);
	assert_int_equal(status_of(&fiona, "/participants/%lld/meetings", pa), 403);
	session_get(&fiona, "/participants/export?format=csv", &res);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
}

/* Health: only the people referred to them, while the referral is open. */
static void
test_health_worker_by_referral(void **state)
{
	(void)state;
	assert_int_equal(listed(&hanne), 0);
	assert_int_equal(status_of(&hanne, "/participants/%lld", pa), 404);
	char path[96], body[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/health-referrals", pa);
	/* a user who is not a health worker cannot be referred to */
	snprintf(body, sizeof body, "{\"health_id\":%lld,\"reason\":\"x\"}", kari_id);
	json_t *j = NULL;
	assert_int_equal(api_call(&kari, path, body, &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "error"),
						"fields"), "health_id")),
			    "Choose one of the health workers in the list.");
	json_decref(j);
	assert_int_equal(listed(&hanne), 0);
	snprintf(body, sizeof body, "{\"health_id\":%lld,\"reason\":\"Asked for a talk\"}", hanne_id);
	assert_int_equal(api_call(&kari, path, body, &j), 201);
	long long rid = jint(json_array_get(json_object_get(j, "items"), 0), "id");
	json_decref(j);
	assert_int_equal(listed(&hanne), 1);
	snprintf(path, sizeof path, "/api/v1/participants/%lld", pa);
	assert_int_equal(api_call(&hanne, path, NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "+4798765432");
	assert_non_null(json_object_get(j, "languages"));
	assert_null(json_object_get(j, "nin"));
	assert_null(json_object_get(j, "bank_account"));
	assert_null(json_object_get(j, "children"));
	json_decref(j);
	assert_int_equal(status_of(&hanne, "/participants/%lld/health", pa), 200);
	assert_int_equal(status_of(&hanne, "/participants/%lld/plan", pa), 403);
	/* the register export (identity numbers, addresses) is not theirs, even
	 * with an open referral: the try found a health worker exporting it */
	struct http_res res;
	session_get(&hanne, "/participants/export?format=csv", &res);
	assert_int_equal(res.status, 403);
	assert_false(res_contains(&res, "+4798765432"));
	http_res_free(&res);
	/* ended: gone again */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/health-referrals/%lld/end", pa, rid);
	assert_int_equal(api_call(&kari, path, "{}", &j), 200);
	char today[11];
	day(0, today);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0),
							      "ended_on")), today);
	json_decref(j);
	assert_int_equal(listed(&hanne), 0);
	assert_int_equal(status_of(&hanne, "/participants/%lld", pa), 404);
	assert_int_equal(status_of(&hanne, "/participants/%lld/health", pa), 404);
	/* ending it twice: there is no open referral */
	assert_int_equal(api_call(&kari, path, "{}", NULL), 404);
}

/* Analysts and administrators read no individual record. */
static void
test_analyst_and_admin_see_no_one(void **state)
{
	(void)state;
	const struct session *who[] = {&ana, &admin};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(status_of(who[i], "/participants/%lld", pa), 403);
		assert_int_equal(status_of(who[i], "/api/v1/participants/%lld", pa), 403);
		struct http_res res;
		session_get(who[i], "/participants", &res);
		assert_int_equal(res.status, 403);
		http_res_free(&res);
	}
	/* a teacher with no groups sees no one, and no export */
	assert_int_equal(listed(&tina), 0);
	assert_int_equal(status_of(&tina, "/participants/%lld", pa), 404);
}

/* ---- setup ---- */

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	srv = *state;
	static const struct {
		const char *user, *name, *roles;
		struct session *sess;
	} users[] = {
		{"lea", "Lea Leder", "leader", &lea},
		{"kari", "Kari Nordmann", "contact", &kari},
		{"per", "Per Kontakt", "contact", &per},
		{"tina", "Tina Teacher", "teacher", &tina},
		{"hanne", "Hanne Helse", "health", &hanne},
		{"fiona", "Fiona Finance", "finance", &fiona},
		{"ana", "Ana Analyst", "analyst", &ana},
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		if (cli_user_add(srv, users[i].user, users[i].name, users[i].roles, PASSWORD) != 0 ||
		    sign_in(srv, users[i].user, PASSWORD, users[i].sess) != 0 ||
		    session_set_lang(srv, users[i].sess, "en") != 0)
			return -1;
	}
	if (sign_in(srv, ADMIN_USER, ADMIN_PASSWORD, &admin) != 0 || session_set_lang(srv, &admin, "en") != 0)
		return -1;
	kari_id = user_id(&kari);
	hanne_id = user_id(&hanne);
	pa = create("{\"given_name\":\"Amina\",\"family_name\":\"Active\",\"nin\":\"01038890057\","
		    "\"gender\":\"female\",\"phone\":\"98765432\",\"address\":\"Storgata 1\","
		    "\"languages\":[\"Somali\"],\"children\":[\"2015-05-05\"],"
		    "\"bank_account\":\"1234.56.78903\",\"tax_percent\":30}");
	pb = create("{\"given_name\":\"Bisra\",\"family_name\":\"Longgone\",\"birth_date\":\"1980-02-02\","
		    "\"gender\":\"female\"}");
	pc = create("{\"given_name\":\"Caaho\",\"family_name\":\"Recent\",\"birth_date\":\"1981-03-03\","
		    "\"gender\":\"female\"}");
	pd = create("{\"given_name\":\"Deeqa\",\"family_name\":\"Waiting\",\"birth_date\":\"1982-04-04\","
		    "\"gender\":\"female\"}");
	char start[11], exit_b[11], start_c[11], exit_c[11], start_a[11];
	month(-36, start);
	month(-14, exit_b);
	month(-20, start_c);
	month(-2, exit_c);
	day(-60, start_a);
	enrol(pa, start_a, NULL);
	enrol(pb, start, exit_b);
	enrol(pc, start_c, exit_c);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unseen_is_missing),
		cmocka_unit_test(test_contact_person_by_relationship),
		cmocka_unit_test(test_twelve_month_followup_ends_access),
		cmocka_unit_test(test_role_change_takes_effect_at_once),
		cmocka_unit_test(test_finance_sees_what_payments_need),
		cmocka_unit_test(test_health_worker_by_referral),
		cmocka_unit_test(test_analyst_and_admin_see_no_one),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
