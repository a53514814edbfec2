/*
 * test_health_staff.c — what health staff read over HTTP, on one server:
 * the notes a health worker wrote stay theirs to read (read only, audited)
 * after the referral ends, and no one else's; the health worker's list of
 * the open referrals to them (/health/referrals and its API twin), with who
 * referred and why, newest first, paged and audited; and the people of a
 * health-only group, which the centre's health staff see whether or not
 * they teach it, and others (the leader too) do not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "harness.h"

#define PASSWORD "a long password 123"

/* The health group's built-in type (migration 14: its sixth row). */
#define HEALTH_GROUP_TYPE 6

static struct {
	struct server *s;
	struct session admin, leader, kari, ola, hanne, helga, hedda, tina;
	long long kari_id;
	char today[11], yesterday[11], two_days_ago[11], start[11], end[11];
} fx;

/* ---- helpers ---- */

/* The status of GET path as sess. */
static long
status_of(const struct session *sess, const char *path)
{
	struct http_res res;
	assert_int_equal(http_get(fx.s, path, sess->cookie, &res), 0);
	long st = res.status;
	http_res_free(&res);
	return st;
}

/* Refers participant pid to health worker health_id as Kari, on day on;
 * returns the referral's id. */
static long long
refer(long long pid, const struct session *health, const char *on, const char *reason)
{
	char path[128], body[256];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/health-referrals", pid);
	snprintf(body, sizeof body, "{\"health_id\":%lld,\"referred_on\":\"%s\",\"reason\":\"%s\"}", user_id(health),
		 on, reason);
	json_t *j = NULL;
	long st = api_send_json(&fx.kari, path, body, &j);
	if (st != 201)
		fail_msg("POST %s: %ld", path, st);
	/* the referral just made: the open one to that worker */
	long long id = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		json_t *ended = json_object_get(it, "ended_on");
		bool open = ended == NULL || json_is_null(ended) || strcmp(json_string_value(ended), "") == 0;
		if (json_integer_value(json_object_get(it, "health_id")) == user_id(health) && open)
			id = json_id(it, "id");
	}
	json_decref(j);
	assert_true(id > 0);
	return id;
}

/* Ends referral rid of participant pid as Kari. */
static void
end_referral(long long pid, long long rid)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/health-referrals/%lld/end", pid, rid);
	assert_int_equal(api_send_json(&fx.kari, path, "{}", NULL), 200);
}

/* Writes a note about pid as sess; returns its id. */
static long long
write_note(const struct session *sess, long long pid, const char *body)
{
	char path[128], json[256];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/health-notes", pid);
	snprintf(json, sizeof json, "{\"written_on\":\"%s\",\"body\":\"%s\"}", fx.yesterday, body);
	json_t *j = NULL;
	assert_int_equal(api_send_json(sess, path, json, &j), 201);
	long long id = json_id(j, "id");
	json_decref(j);
	return id;
}

/* ---- notes after the referral ends ---- */

/* Hanne and Helga are referred the same participant and each write a note;
 * Hanne's referral ends. Hanne still reads her own note, read only and
 * audited, and not Helga's; Helga (still referred) reads both; the contact
 * person, the leader and a health worker never referred read none. */
static void
test_notes_after_referral_ends(void **state)
{
	(void)state;
	long long pid = api_participant(&fx.leader, "Amina", "Afterwards", fx.kari_id);
	long long rid = refer(pid, &fx.hanne, fx.two_days_ago, "Asked for a talk");
	refer(pid, &fx.helga, fx.two_days_ago, "Sleeps badly");
	long long mine = write_note(&fx.hanne, pid, "Hanne: first talk.");
	write_note(&fx.helga, pid, "Helga: sleep diary.");
	end_referral(pid, rid);

	char page[128], api[128], pid_s[32], mine_s[32];
	snprintf(page, sizeof page, "/participants/%lld/health", pid);
	snprintf(api, sizeof api, "/api/v1/participants/%lld/health-notes", pid);
	snprintf(pid_s, sizeof pid_s, "%lld", pid);
	snprintf(mine_s, sizeof mine_s, "%lld", mine);
	int reads_before = api_audit_count(&fx.admin, "health_note.read", mine_s);

	/* the author: her note, on the page and in the API, no form */
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.hanne.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Hanne: first talk."));
	assert_false(res_contains(&res, "Helga: sleep diary."));
	assert_false(res_contains(&res, "id=\"health-form\""));
	assert_true(res_contains(&res, "id=\"own-notes-only\""));
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.hanne, api, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	assert_int_equal(json_id(json_array_get(json_object_get(j, "items"), 0), "id"), mine);
	json_decref(j);
	/* each reading audited, as before the end */
	assert_int_equal(api_audit_count(&fx.admin, "health_note.read", mine_s), reads_before + 2);
	/* read only: writing is refused and saves nothing */
	char json[128];
	snprintf(json, sizeof json, "{\"written_on\":\"%s\",\"body\":\"After the end.\"}", fx.today);
	assert_int_equal(api_send_json(&fx.hanne, api, json, NULL), 404);
	post_form(&fx.hanne, page, "written_on=2024-01-10&body=After+the+end.", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	assert_int_equal(api_get(&fx.helga, api, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);
	/* the rest of the record is not hers through the notes */
	snprintf(page, sizeof page, "/api/v1/participants/%lld", pid);
	assert_int_equal(api_get(&fx.hanne, page, &j), 200);
	assert_null(json_object_get(j, "phone"));
	json_decref(j);
	snprintf(page, sizeof page, "/participants/%lld/health", pid);

	/* nobody else gains anything: the contact person, the leader and a
	 * teacher are refused the notes; a health worker never referred finds
	 * no such participant (audited as denied) */
	const struct session *refused[] = {&fx.kari, &fx.leader, &fx.tina};
	for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++) {
		assert_int_equal(status_of(refused[k], page), 403);
		assert_int_equal(api_get(refused[k], api, NULL), 403);
	}
	int denied = api_audit_count(&fx.admin, "access.denied", pid_s);
	assert_int_equal(status_of(&fx.hedda, page), 404);
	assert_int_equal(api_get(&fx.hedda, api, NULL), 404);
	assert_int_equal(api_audit_count(&fx.admin, "access.denied", pid_s), denied + 2);
}

/* A health worker who was referred someone and wrote nothing keeps no
 * access after the end: the notes are their authors'. */
static void
test_no_notes_no_access_after_end(void **state)
{
	(void)state;
	long long pid = api_participant(&fx.leader, "Sahra", "Unwritten", fx.kari_id);
	long long rid = refer(pid, &fx.hanne, fx.today, "Pain");
	write_note(&fx.hanne, pid, "Hanne wrote this.");
	long long rid2 = refer(pid, &fx.helga, fx.today, "Pain too");
	end_referral(pid, rid2);
	char page[128];
	snprintf(page, sizeof page, "/participants/%lld/health", pid);
	/* Helga, referred and ended without a note of her own: nothing */
	assert_int_equal(status_of(&fx.helga, page), 404);
	snprintf(page, sizeof page, "/participants/%lld", pid);
	assert_int_equal(status_of(&fx.helga, page), 404);
	end_referral(pid, rid);
}

/* ---- the health worker's referrals ---- */

static void
test_referred_to_me(void **state)
{
	(void)state;
	long long older = api_participant(&fx.leader, "Older", "Referral", fx.kari_id);
	long long newer = api_participant(&fx.leader, "Newer", "Referral", fx.kari_id);
	long long ended = api_participant(&fx.leader, "Ended", "Referral", fx.kari_id);
	long long helgas = api_participant(&fx.leader, "Helgas", "Referral", fx.kari_id);
	long long r_older = refer(older, &fx.helga, fx.two_days_ago, "Sleeps badly");
	long long r_newer = refer(newer, &fx.helga, fx.yesterday, "Back pain <b>at work</b>");
	long long r_ended = refer(ended, &fx.helga, fx.today, "Ended before reading");
	end_referral(ended, r_ended);
	refer(helgas, &fx.hanne, fx.today, "For Hanne");

	/* the page: newest first, the reason escaped, who referred */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/health/referrals", fx.helga.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	const char *a = strstr(res.body, "Referral, Newer");
	const char *b = strstr(res.body, "Referral, Older");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	assert_true(res_contains(&res, "Back pain &lt;b&gt;at work&lt;/b&gt;"));
	assert_true(res_contains(&res, "Sleeps badly"));
	assert_true(res_contains(&res, "Kari Kontakt"));
	char link[96];
	snprintf(link, sizeof link, "href=\"/participants/%lld/health\"", newer);
	assert_true(res_contains(&res, link));
	assert_false(res_contains(&res, "Ended before reading"));
	assert_false(res_contains(&res, "For Hanne"));
	http_res_free(&res);

	/* the API: the same, paged like other lists */
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.helga, "/api/v1/health/referrals", &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 2);
	json_t *first = json_array_get(items, 0);
	assert_int_equal(json_id(first, "id"), r_newer);
	assert_int_equal(json_id(first, "participant_id"), newer);
	assert_string_equal(json_str(first, "given_name"), "Newer");
	assert_string_equal(json_str(first, "referred_on"), fx.yesterday);
	assert_string_equal(json_str(first, "referred_by_name"), "Kari Kontakt");
	assert_string_equal(json_str(first, "reason"), "Back pain <b>at work</b>");
	long long total = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	size_t i;
	json_t *it;
	char pagepath[96];
	snprintf(pagepath, sizeof pagepath, "/api/v1/health/referrals?per_page=1&page=%lld", total);
	assert_int_equal(api_get(&fx.helga, pagepath, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), total);
	json_decref(j);
	snprintf(pagepath, sizeof pagepath, "/api/v1/health/referrals?per_page=1&page=2");
	assert_int_equal(api_get(&fx.helga, pagepath, &j), 200);
	assert_int_equal(json_id(json_array_get(json_object_get(j, "items"), 0), "id"), r_older);
	json_decref(j);
	assert_int_equal(api_get(&fx.helga, "/api/v1/health/referrals?per_page=0", NULL), 400);

	/* Hanne's are hers */
	assert_int_equal(api_get(&fx.hanne, "/api/v1/health/referrals", &j), 200);
	json_array_foreach(json_object_get(j, "items"), i, it)
		assert_true(json_id(it, "participant_id") != newer && json_id(it, "participant_id") != older);
	json_decref(j);

	/* every referral shown is audited as read, by its reader */
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", r_newer);
	assert_int_equal(api_audit_count(&fx.admin, "health_referral.read", rid), 2);
	snprintf(rid, sizeof rid, "%lld", r_ended);
	assert_int_equal(api_audit_count(&fx.admin, "health_referral.read", rid), 0);

	/* only health staff have such a list */
	const struct session *others[] = {&fx.kari, &fx.leader, &fx.tina, &fx.admin};
	for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
		assert_int_equal(status_of(others[k], "/health/referrals"), 403);
		assert_int_equal(api_get(others[k], "/api/v1/health/referrals", NULL), 403);
	}

	/* reachable from the health worker's home, not from others' */
	assert_int_equal(http_get(fx.s, "/", fx.helga.cookie, &res), 0);
	assert_true(res_contains(&res, "href=\"/health/referrals\""));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/", fx.kari.cookie, &res), 0);
	assert_false(res_contains(&res, "href=\"/health/referrals\""));
	http_res_free(&res);
}

/* Nothing referred: the page says so. */
static void
test_referred_to_me_empty(void **state)
{
	(void)state;
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/health/referrals", fx.hedda.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "No one is referred to you."));
	http_res_free(&res);
}

/* ---- the health group's people ---- */

static void
test_health_group_attendees(void **state)
{
	(void)state;
	long long pid = api_participant(&fx.leader, "Hodan", "Healthgroup", fx.kari_id);
	api_in_programme(&fx.leader, pid, fx.start);
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"activity_type_id\":%d,\"name\":\"Women's health\",\"capacity\":6,\"starts_on\":\"%s\","
		 "\"ends_on\":\"%s\",\"teachers\":[%lld],"
		 "\"slots\":[{\"weekday\":\"monday\",\"start\":\"13:00\",\"end\":\"14:00\"}]}",
		 HEALTH_GROUP_TYPE, fx.start, fx.end, user_id(&fx.helga));
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/groups", body, &j), 201);
	long long gid = json_id(j, "id");
	json_decref(j);
	char rest[64];
	snprintf(rest, sizeof rest, "\"group_id\":%lld", gid);
	assert_int_equal(enrol_json(&fx.kari, pid, rest, &j), 201);
	json_decref(j);

	char api[64], page[64];
	snprintf(api, sizeof api, "/api/v1/groups/%lld", gid);
	snprintf(page, sizeof page, "/groups/%lld", gid);
	/* Hanne, a health worker who does not teach it: everyone, by name */
	assert_int_equal(api_get(&fx.hanne, api, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "enrolments")), 1);
	assert_int_equal(json_id(json_array_get(json_object_get(j, "enrolments"), 0), "participant_id"), pid);
	assert_int_equal(json_integer_value(json_object_get(j, "enrolments_not_shown")), 0);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.hanne.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Healthgroup, Hodan"));
	assert_false(res_contains(&res, "enrolled or waiting; only"));
	/* a name, not a link to a record she may not open */
	char link[64];
	snprintf(link, sizeof link, "href=\"/participants/%lld\"", pid);
	assert_false(res_contains(&res, link));
	http_res_free(&res);
	/* the teacher, as before */
	assert_int_equal(api_get(&fx.helga, api, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "enrolments")), 1);
	json_decref(j);
	/* the leader, who is not health staff, runs the group but sees how
	 * many attend, not who (test_attendance_privacy) */
	assert_int_equal(api_get(&fx.leader, api, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "enrolments")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "enrolments_not_shown")), 1);
	json_decref(j);
	/* others still find no such group: a teacher, another contact person,
	 * and the participant's own contact person */
	const struct session *others[] = {&fx.tina, &fx.ola, &fx.kari};
	for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
		assert_int_equal(api_get(others[k], api, NULL), 404);
		assert_int_equal(status_of(others[k], page), 404);
	}
}

/* ---- setup ---- */

static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(-1, fx.yesterday);
	date_offset(-2, fx.two_days_ago);
	date_offset(-30, fx.start);
	date_offset(60, fx.end);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfølger", "contact", &fx.ola},
		{"hanne.health", "Hanne Helse", "health", &fx.hanne},
		{"helga.health", "Helga Psykolog", "health", &fx.helga},
		{"hedda.health", "Hedda Helse", "health", &fx.hedda},
		{"tina.teacher", "Tina Lærer", "teacher", &fx.tina},
		{NULL},
	};
	int rc = group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
	if (rc == 0)
		fx.kari_id = 0;
	return rc;
}

/* Kari's id, once. */
static int
ids(void **state)
{
	(void)state;
	if (fx.kari_id == 0)
		fx.kari_id = user_id(&fx.kari);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_notes_after_referral_ends, ids),
		cmocka_unit_test_setup(test_no_notes_no_access_after_end, ids),
		cmocka_unit_test_setup(test_referred_to_me, ids),
		cmocka_unit_test_setup(test_referred_to_me_empty, ids),
		cmocka_unit_test_setup(test_health_group_attendees, ids),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
