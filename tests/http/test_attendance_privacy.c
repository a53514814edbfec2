/*
 * test_attendance_privacy.c — which marks of a participant each reader
 * sees over HTTP, on one server (access_marks_seen(), the one rule): the
 * contact person and the leader see every group's marks but the health
 * group's ("enrolled in a health activity"); a teacher sees the groups
 * they teach and nothing of the others; the finance officer sees every
 * group's minutes, the health group unnamed; health staff see the health
 * group's. The participant's page, the attendance page, its summary, the
 * groups and the API agree; the leader runs the health group without
 * seeing who attends it, and their lists of registers leave out the
 * health group's (they may not open them); an enrolment that clashes
 * with the health group does not name it to one who may not know of it.
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

/* Built-in types (migration 14): conversation group, job club, health group. */
#define CONVERSATION_TYPE 2
#define JOB_CLUB_TYPE 3
#define HEALTH_GROUP_TYPE 6

static struct {
	struct server *s;
	struct session admin, leader, kari, tina, tom, finn, helga, hanne;
	long long pid, g_tina, g_tom, g_health, s_tina, s_tom, s_health;
	char today[11], month[8], start[11], end[11];
} fx;

/* ---- helpers ---- */

static long
status_of(const struct session *sess, const char *path)
{
	struct http_res res;
	assert_int_equal(http_get(fx.s, path, sess->cookie, &res), 0);
	long st = res.status;
	http_res_free(&res);
	return st;
}

/* A group of type, every day from..to at hours ("09:00", "10:00"), taught
 * by teacher, made by the leader. */
static long long
group(int type, const char *name, long long teacher, const char *from, const char *to)
{
	static const char *days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
	char slots[1024] = "";
	for (int i = 0; i < 7; i++) {
		char one[128];
		snprintf(one, sizeof one, "%s{\"weekday\":\"%s\",\"start\":\"%s\",\"end\":\"%s\"}", i ? "," : "", days[i],
			 from, to);
		strcat(slots, one);
	}
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"activity_type_id\":%d,\"name\":\"%s\",\"room\":\"R%d\",\"capacity\":8,\"starts_on\":\"%s\","
		 "\"ends_on\":\"%s\",\"teachers\":[%lld],\"slots\":[%s]}",
		 type, name, type, fx.start, fx.end, teacher, slots);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, "/api/v1/groups", body, &j);
	if (st != 201)
		fail_msg("POST group %s: %ld", name, st);
	long long id = json_id(j, "id");
	json_decref(j);
	return id;
}

/* Today's session of group gid, read as sess. */
static long long
todays_session(const struct session *sess, long long gid)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid);
	json_t *j = NULL;
	assert_int_equal(api_get(sess, path, &j), 200);
	long long sid = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "sessions"), i, it) {
		if (strcmp(json_string_value(json_object_get(it, "on_date")), fx.today) == 0)
			sid = json_id(it, "id");
	}
	json_decref(j);
	assert_true(sid > 0);
	return sid;
}

/* Saves one mark (mark_json: "\"mark\":...") of the participant in session
 * sid as the teacher sess. */
static void
mark(const struct session *sess, long long sid, const char *mark_json)
{
	char path[64], body[256];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/register", sid);
	snprintf(body, sizeof body, "{\"rest_present\":false,\"marks\":[{\"participant_id\":%lld,%s}]}", fx.pid,
		 mark_json);
	assert_int_equal(api_send_json(sess, path, body, NULL), 200);
}

/* The month's attendance as sess (API), in *j. */
static void
month_of(const struct session *sess, json_t **j)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/attendance?month=%s", fx.pid, fx.month);
	assert_int_equal(api_get(sess, path, j), 200);
}

static long long
absence_minutes(json_t *j, const char *type)
{
	json_t *t = json_object_get(json_object_get(json_object_get(j, "summary"), "absence"), type);
	assert_non_null(t);
	return json_integer_value(json_object_get(t, "minutes"));
}

/* The rows of the month's sessions: with group_id gid (0: unnamed), and
 * how many of those carry a mark. */
static size_t
rows_of(json_t *j, long long gid, size_t *marked)
{
	size_t n = 0, i;
	json_t *it;
	*marked = 0;
	json_array_foreach(json_object_get(j, "sessions"), i, it) {
		if (json_integer_value(json_object_get(it, "group_id")) != gid)
			continue;
		n++;
		json_t *m = json_object_get(it, "mark");
		if (m != NULL && !json_is_null(m))
			(*marked)++;
	}
	return n;
}

static size_t
health_rows(json_t *j)
{
	size_t n = 0, i;
	json_t *it;
	json_array_foreach(json_object_get(j, "sessions"), i, it) {
		if (json_is_true(json_object_get(it, "health_activity")))
			n++;
	}
	return n;
}

/* The summary table of page path as sess (a copy the caller frees). */
static char *
summary_of_page(const struct session *sess, const char *path)
{
	struct http_res res;
	assert_int_equal(http_get(fx.s, path, sess->cookie, &res), 0);
	assert_int_equal(res.status, 200);
	const char *from = strstr(res.body, "<table id=\"attendance-summary\">");
	assert_non_null(from);
	const char *to = strstr(from, "</table>");
	assert_non_null(to);
	char *copy = strndup(from, (size_t)(to - from));
	http_res_free(&res);
	return copy;
}

/* The overview's and the attendance page's summaries are the same for sess,
 * and hold unexcused minutes `unexcused`. */
static void
summaries_agree(const struct session *sess, long long unexcused)
{
	char page[64], month[96];
	snprintf(page, sizeof page, "/participants/%lld", fx.pid);
	snprintf(month, sizeof month, "/participants/%lld/attendance?month=%s", fx.pid, fx.month);
	char *a = summary_of_page(sess, page);
	char *b = summary_of_page(sess, month);
	assert_string_equal(a, b);
	char row[160];
	snprintf(row, sizeof row, "<tr id=\"summary-unexcused\"><th scope=\"row\">Unexcused</th><td>%lld</td>", unexcused);
	if (strstr(a, row) == NULL)
		fail_msg("no %s in %s", row, a);
	free(a);
	free(b);
}

/* ---- the rule, reader by reader ---- */

/* The contact person: every group's marks, the health group as "enrolled
 * in a health activity" without marks or minutes, on every page alike. */
static void
test_contact_person(void **state)
{
	(void)state;
	json_t *j = NULL;
	month_of(&fx.kari, &j);
	size_t marked = 0;
	assert_true(rows_of(j, fx.g_tina, &marked) >= 1);
	assert_int_equal(marked, 1);
	assert_true(rows_of(j, fx.g_tom, &marked) >= 1);
	assert_int_equal(marked, 1);
	size_t h = health_rows(j);
	assert_true(h >= 1);
	assert_int_equal(rows_of(j, 0, &marked), h);
	assert_int_equal(marked, 0);
	assert_int_equal(absence_minutes(j, "unexcused"), 60);
	assert_int_equal(absence_minutes(j, "sick_self"), 60);
	json_decref(j);
	/* the overview's summary is the attendance page's (it counted the
	 * health group's lateness) */
	summaries_agree(&fx.kari, 60);
	struct http_res res;
	char path[64];
	snprintf(path, sizeof path, "/participants/%lld/attendance?month=%s", fx.pid, fx.month);
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_true(res_contains(&res, "Enrolled in a health activity"));
	assert_false(res_contains(&res, "Wellbeing"));
	http_res_free(&res);
}

/* The leader: as the contact person on the participant; the health group's
 * page without who attends, its registers and progress not found. */
static void
test_leader(void **state)
{
	(void)state;
	json_t *j = NULL;
	month_of(&fx.leader, &j);
	size_t marked = 0;
	assert_int_equal(rows_of(j, 0, &marked), health_rows(j));
	assert_int_equal(marked, 0);
	assert_int_equal(absence_minutes(j, "unexcused"), 60);
	json_decref(j);
	summaries_agree(&fx.leader, 60);

	char api[64], page[64], reg[64], progress[80];
	snprintf(api, sizeof api, "/api/v1/groups/%lld", fx.g_health);
	snprintf(page, sizeof page, "/groups/%lld", fx.g_health);
	snprintf(reg, sizeof reg, "/api/v1/sessions/%lld/register", fx.s_health);
	snprintf(progress, sizeof progress, "/api/v1/groups/%lld/progress", fx.g_health);
	assert_int_equal(api_get(&fx.leader, api, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "enrolments")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "enrolments_not_shown")), 1);
	assert_true(json_array_size(json_object_get(j, "sessions")) > 0);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "1 enrolled or waiting: who attends a health activity is seen by health staff only."));
	assert_false(res_contains(&res, "Privacy, Pia"));
	assert_false(res_contains(&res, "/register\""));
	assert_false(res_contains(&res, "/progress\""));
	http_res_free(&res);
	assert_int_equal(api_get(&fx.leader, reg, NULL), 404);
	snprintf(reg, sizeof reg, "/sessions/%lld/register", fx.s_health);
	assert_int_equal(status_of(&fx.leader, reg), 404);
	assert_int_equal(api_get(&fx.leader, progress, NULL), 404);
	/* the groups of the participant: the health group unnamed */
	char groups[80];
	snprintf(groups, sizeof groups, "/api/v1/participants/%lld/groups", fx.pid);
	assert_int_equal(api_get(&fx.leader, groups, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		if (json_is_true(json_object_get(it, "health_activity"))) {
			assert_string_equal(json_str(it, "group_name"), "");
			assert_int_equal(json_integer_value(json_object_get(it, "group_id")), 0);
		}
	}
	json_decref(j);
	/* the register of an ordinary group, as before */
	snprintf(reg, sizeof reg, "/api/v1/sessions/%lld/register", fx.s_tina);
	assert_int_equal(api_get(&fx.leader, reg, NULL), 200);
}

/* A teacher: the sessions of the groups they teach, nothing of another
 * teacher's group or of the health group, in the summary neither. */
static void
test_teacher(void **state)
{
	(void)state;
	json_t *j = NULL;
	month_of(&fx.tina, &j);
	size_t marked = 0, all = json_array_size(json_object_get(j, "sessions"));
	assert_true(all >= 1);
	assert_int_equal(rows_of(j, fx.g_tina, &marked), all);
	assert_int_equal(marked, 1);
	assert_int_equal(health_rows(j), 0);
	assert_int_equal(absence_minutes(j, "unexcused"), 60);
	assert_int_equal(absence_minutes(j, "sick_self"), 0);
	json_decref(j);
	month_of(&fx.tom, &j);
	all = json_array_size(json_object_get(j, "sessions"));
	assert_int_equal(rows_of(j, fx.g_tom, &marked), all);
	assert_int_equal(marked, 1);
	assert_int_equal(absence_minutes(j, "unexcused"), 0);
	assert_int_equal(absence_minutes(j, "sick_self"), 60);
	json_decref(j);
	summaries_agree(&fx.tina, 60);
	summaries_agree(&fx.tom, 0);
	/* the week's timetable and the groups: theirs only, no health activity */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/timetable?week=%s", fx.pid, fx.today);
	assert_int_equal(api_get(&fx.tina, path, &j), 200);
	assert_int_equal(rows_of(j, fx.g_tina, &marked), json_array_size(json_object_get(j, "sessions")));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/groups", fx.pid);
	assert_int_equal(api_get(&fx.tina, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(json_id(json_array_get(json_object_get(j, "items"), 0), "group_id"), fx.g_tina);
	json_decref(j);
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld", fx.pid);
	assert_int_equal(http_get(fx.s, path, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "health activity"));
	assert_false(res_contains(&res, "Job club Tom"));
	http_res_free(&res);
}

/* The finance officer: every group's minutes, the health group's lateness
 * too (what the benefit run deducts), without naming the group. */
static void
test_finance(void **state)
{
	(void)state;
	json_t *j = NULL;
	month_of(&fx.finn, &j);
	size_t marked = 0;
	size_t h = health_rows(j);
	assert_true(h >= 1);
	assert_int_equal(rows_of(j, 0, &marked), h);
	assert_int_equal(marked, 1);
	assert_int_equal(absence_minutes(j, "unexcused"), 70);
	assert_int_equal(absence_minutes(j, "sick_self"), 60);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "sessions"), i, it) {
		if (json_is_true(json_object_get(it, "health_activity")))
			assert_string_equal(json_str(it, "group_name"), "");
	}
	json_decref(j);
	summaries_agree(&fx.finn, 70);
	struct http_res res;
	char path[96];
	snprintf(path, sizeof path, "/participants/%lld/attendance?month=%s", fx.pid, fx.month);
	assert_int_equal(http_get(fx.s, path, fx.finn.cookie, &res), 0);
	assert_true(res_contains(&res, "A health activity"));
	assert_false(res_contains(&res, "Wellbeing"));
	http_res_free(&res);
}

/* Health staff: the health group's marks to its teacher; the centre's
 * other health staff see who attends by name (decision 153). */
static void
test_health_staff(void **state)
{
	(void)state;
	json_t *j = NULL;
	month_of(&fx.helga, &j);
	size_t marked = 0;
	assert_int_equal(rows_of(j, fx.g_health, &marked), json_array_size(json_object_get(j, "sessions")));
	assert_int_equal(marked, 1);
	assert_int_equal(absence_minutes(j, "unexcused"), 10);
	json_decref(j);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/register", fx.s_health);
	assert_int_equal(api_get(&fx.helga, path, NULL), 200);
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g_health);
	assert_int_equal(api_get(&fx.hanne, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "enrolments")), 1);
	json_decref(j);
}

/* Whether the "today" list of /api/v1/registers as sess holds session sid. */
static bool
registers_today_has(const struct session *sess, long long sid)
{
	json_t *j = NULL;
	assert_int_equal(api_get(sess, "/api/v1/registers", &j), 200);
	bool found = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "today"), i, it) {
		if (json_id(it, "id") == sid)
			found = true;
	}
	json_decref(j);
	return found;
}

/* The leader's registers (page and API) list today's sessions whose
 * registers they open, not the health group's (404 to them); health staff
 * who teach it see it. */
static void
test_registers_lists(void **state)
{
	(void)state;
	assert_true(registers_today_has(&fx.leader, fx.s_tina));
	assert_false(registers_today_has(&fx.leader, fx.s_health));
	assert_true(registers_today_has(&fx.helga, fx.s_health));
	char link[64];
	snprintf(link, sizeof link, "/sessions/%lld/register\"", fx.s_health);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/registers", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, link));
	assert_false(res_contains(&res, "Wellbeing"));
	http_res_free(&res);
}

/* Enrolling Pia in a group that meets while the health group does: the
 * contact person and the leader hear of a clash with another of her
 * activities, not the health group's name. */
static void
test_clash_unnamed(void **state)
{
	(void)state;
	long long g = group(CONVERSATION_TYPE, "Afternoon talk", user_id(&fx.tina), "13:30", "14:30");
	char rest[64];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", g, fx.today);
	static const char want[] = "Clashes with another of the participant's activities on ";
	const struct session *who[] = {&fx.kari, &fx.leader};
	for (size_t i = 0; i < 2; i++) {
		json_t *j = NULL;
		assert_int_equal(enrol_json(who[i], fx.pid, rest, &j), 409);
		json_t *err = json_object_get(j, "error");
		assert_string_equal(json_str(err, "code"), "clash");
		const char *msg = json_str(err, "message");
		if (strstr(msg, "Wellbeing") != NULL || strncmp(msg, want, strlen(want)) != 0 ||
		    strstr(msg, " at 13:00\xE2\x80\x93" "14:00.") == NULL)
			fail_msg("message: %s", msg);
		assert_true(json_is_null(json_object_get(json_object_get(err, "clash"), "group")));
		json_decref(j);
	}
}

/* ---- setup ---- */

static bool
dates(void)
{
	date_offset(0, fx.today);
	memcpy(fx.month, fx.today, 7);
	fx.month[7] = '\0';
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
		{"tina.teacher", "Tina Lærer", "teacher", &fx.tina},
		{"tom.teacher", "Tom Lærer", "teacher", &fx.tom},
		{"finn.finance", "Finn Finans", "finance", &fx.finn},
		{"helga.health", "Helga Psykolog", "health", &fx.helga},
		{"hanne.health", "Hanne Helse", "health", &fx.hanne},
		{NULL},
	};
	int rc = group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
	if (rc != 0)
		return rc;
	/* one participant in three groups: Tina's, Tom's and the health group;
	 * today an unexcused hour with Tina, a self-certified sick hour with
	 * Tom, 10 minutes late to the health group */
	fx.pid = api_participant(&fx.leader, "Pia", "Privacy", user_id(&fx.kari));
	api_in_programme(&fx.leader, fx.pid, fx.start);
	fx.g_tina = group(CONVERSATION_TYPE, "Talk Tina", user_id(&fx.tina), "09:00", "10:00");
	fx.g_tom = group(JOB_CLUB_TYPE, "Job club Tom", user_id(&fx.tom), "10:30", "11:30");
	fx.g_health = group(HEALTH_GROUP_TYPE, "Wellbeing", user_id(&fx.helga), "13:00", "14:00");
	const long long gids[] = {fx.g_tina, fx.g_tom, fx.g_health};
	for (size_t i = 0; i < 3; i++) {
		char rest[64];
		snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", gids[i], fx.today);
		json_t *j = NULL;
		if (enrol_json(&fx.kari, fx.pid, rest, &j) != 201)
			fail_msg("enrol in %lld", gids[i]);
		json_decref(j);
	}
	fx.s_tina = todays_session(&fx.tina, fx.g_tina);
	fx.s_tom = todays_session(&fx.tom, fx.g_tom);
	fx.s_health = todays_session(&fx.helga, fx.g_health);
	mark(&fx.tina, fx.s_tina, "\"mark\":\"absent\",\"absence\":\"unexcused\"");
	mark(&fx.tom, fx.s_tom, "\"mark\":\"absent\",\"absence\":\"sick_self\"");
	mark(&fx.helga, fx.s_health, "\"mark\":\"late\",\"minutes\":10");
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contact_person),
		cmocka_unit_test(test_leader),
		cmocka_unit_test(test_teacher),
		cmocka_unit_test(test_finance),
		cmocka_unit_test(test_health_staff),
		cmocka_unit_test(test_registers_lists),
		cmocka_unit_test(test_clash_unnamed),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
