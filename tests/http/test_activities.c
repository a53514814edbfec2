/*
 * test_activities.c — groups, enrolment and the register over HTTP, on one
 * server: a leader makes a group (its sessions generated), a contact
 * person enrols their participant (from the participant's page), a full
 * group refuses or offers its waiting list, a clash is refused naming the
 * other group, the teacher marks a register in one form submission, and
 * every bad input (unknown session, a mark for someone not enrolled, a
 * date outside the group, overlapping enrolment, a teacher marking another
 * teacher's group) gets a specific error and saves nothing — read back
 * through the API.
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

#include "api.h"
#include "harness.h"

#define PASSWORD "a long password 123"

/* The participants' programme periods start 100 days ago (set by
 * test_prepare_records): a place in a group is for someone in the
 * programme. */
static char programme_start[11];

static struct {
	struct server *s;
	struct session leader, kari, ola, tina, tom, fia;
	long long kari_id, tina_id, tom_id;
	char start[11], end[11], today[11], outside[11];
	long long g1;           /* Tina's group, every day 09:00-11:00, room for 3 */
	long long p1, p2, p3;   /* Kari's participants, enrolled in g1 */
	long long p_ola;        /* Ola's participant */
} fx;

/* The number of the participant's groups (enrolled or waiting). */
static size_t
groups_of(long long pid)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/groups", pid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	size_t n = json_array_size(json_object_get(j, "items"));
	json_decref(j);
	return n;
}

/* The id of g1's latest session on or before today. */
static long long
todays_session(void)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *s = json_object_get(j, "sessions");
	long long id = 0;
	for (size_t i = 0; i < json_array_size(s); i++) {
		json_t *x = json_array_get(s, i);
		if (strcmp(json_string_value(json_object_get(x, "on_date")), fx.today) <= 0)
			id = json_id(x, "id");
	}
	json_decref(j);
	assert_true(id > 0);
	return id;
}

/* ---- tests ---- */

static void
test_group_made_with_sessions(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Talk every day");
	json_decref(j);
	/* Mondays and Thursdays around Easter 2026: Maundy Thursday (2 April)
	 * and Easter Monday (6 April) have no session */
	char easter[] = "{\"activity_type_id\":1,\"name\":\"Easter A1\",\"capacity\":8,\"level\":\"A1\","
			"\"starts_on\":\"2026-03-30\",\"ends_on\":\"2026-04-12\",\"teachers\":[%lld],"
			"\"slots\":[{\"weekday\":\"monday\",\"start\":\"09:00\",\"end\":\"11:30\"},"
			"{\"weekday\":\"thursday\",\"start\":\"12:00\",\"end\":\"14:00\"}]}";
	char eb[1024];
	snprintf(eb, sizeof eb, easter, fx.tina_id);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/groups", eb, &j), 201);
	assert_int_equal(json_integer_value(json_object_get(j, "sessions_made")), 2);
	snprintf(path, sizeof path, "/api/v1/groups/%lld", json_id(j, "id"));
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	assert_int_equal(json_array_size(ss), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ss, 0), "on_date")), "2026-03-30");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ss, 1), "on_date")), "2026-04-09");
	json_decref(j);
	/* a closure over the first week cancels its session; deleting it
	 * plans it again; a closure ending before it starts is refused */
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/closures",
				       "{\"name\":\"Easter\",\"from_on\":\"2026-04-05\",\"to_on\":\"2026-03-28\"}", &j),
			 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "to_on")),
			    "The last day cannot be before the first.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/closures",
				       "{\"name\":\"Easter\",\"from_on\":\"2026-03-28\",\"to_on\":\"2026-04-05\"}", NULL),
			 403);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/closures",
				       "{\"name\":\"Easter\",\"from_on\":\"2026-03-28\",\"to_on\":\"2026-04-05\"}", &j),
			 201);
	assert_int_equal(json_integer_value(json_object_get(j, "cancelled")), 1);
	long long closure = json_id(j, "id");
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	ss = json_object_get(j, "sessions");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ss, 0), "status")), "cancelled");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ss, 0), "cancel_reason")), "Easter");
	json_decref(j);
	char del[64];
	snprintf(del, sizeof del, "/api/v1/closures/%lld/delete", closure);
	assert_int_equal(api_send_json(&fx.leader, del, "{}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "sessions_restored")), 1);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, del, "{}", NULL), 404);
	/* sessions one by one, by the group's teacher */
	long long eg = 0;
	sscanf(path, "/api/v1/groups/%lld", &eg);
	char add[64];
	snprintf(add, sizeof add, "/api/v1/groups/%lld/sessions", eg);
	assert_int_equal(api_send_json(&fx.tina, add, "{\"on_date\":\"2026-04-06\",\"start\":\"10:00\",\"end\":\"11:00\"}",
				       &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "on_date")), "That day is a public holiday.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.tom, add, "{\"on_date\":\"2026-04-08\",\"start\":\"10:00\",\"end\":\"11:00\"}",
				       NULL), 404);
	assert_int_equal(api_send_json(&fx.tina, add, "{\"on_date\":\"2026-04-08\",\"start\":\"10:00\",\"end\":\"11:00\"}",
				       &j), 201);
	assert_true(json_is_true(json_object_get(j, "extra")));
	long long extra = json_id(j, "id");
	json_decref(j);
	/* not again at a time the group meets: the session named */
	assert_int_equal(api_send_json(&fx.tina, add, "{\"on_date\":\"2026-04-08\",\"start\":\"10:30\",\"end\":\"11:30\"}",
				       &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "start")),
			    "The group already has a session that day from 10:00 to 11:00.");
	json_decref(j);
	struct http_res cr;
	char addp[64];
	snprintf(addp, sizeof addp, "/groups/%lld/sessions", eg);
	post_form(&fx.tina, addp, "on_date=2026-04-08&start=09:00&end=10:30", &cr);
	assert_int_equal(cr.status, 422);
	assert_true(res_contains(&cr, "The group already has a session that day from 10:00 to 11:00."));
	http_res_free(&cr);
	char act[64];
	snprintf(act, sizeof act, "/api/v1/sessions/%lld/cancel", extra);
	assert_int_equal(api_send_json(&fx.tina, act, "{}", &j), 422);
	assert_non_null(json_object_get(err_fields(j), "reason"));
	json_decref(j);
	assert_int_equal(api_send_json(&fx.tina, act, "{\"reason\":\"Teacher ill\",\"version\":1}", &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "cancelled");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.tina, act, "{\"reason\":\"Again\",\"version\":2}", NULL), 409);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	long long first = json_id(json_array_get(json_object_get(j, "sessions"), 0), "id");
	/* 3: cancelled by the closure and planned again when it went */
	assert_int_equal(json_id(json_array_get(json_object_get(j, "sessions"), 0), "version"), 3);
	json_decref(j);
	snprintf(act, sizeof act, "/api/v1/sessions/%lld/move", first);
	/* not moved onto the extra session's hours (cancelled now: free) */
	assert_int_equal(api_send_json(&fx.tina, act, "{\"on_date\":\"2026-04-08\",\"start\":\"10:00\",\"end\":\"11:00\","
				       "\"version\":3}",
				       &j), 200);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.tina, act, "{\"on_date\":\"2026-03-31\",\"start\":\"09:00\",\"end\":\"11:30\","
				       "\"version\":4}",
				       &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "on_date")), "2026-03-31");
	assert_string_equal(json_string_value(json_object_get(j, "moved_from")), "2026-03-30");
	json_decref(j);
	/* a Norwegian class needs its level */
	snprintf(eb, sizeof eb, easter, fx.tina_id);
	char *lv = strstr(eb, "\"level\":\"A1\",");
	memmove(lv, lv + strlen("\"level\":\"A1\","), strlen(lv + strlen("\"level\":\"A1\",")) + 1);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/groups", eb, &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "level")),
			    "Choose the level the Norwegian class teaches.");
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/groups", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Talk every day"));
	http_res_free(&res);
	/* a group without a name, teachers or timetable: every error at once */
	char body[] = "{\"activity_type_id\":2,\"capacity\":3,\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-02-01\","
		      "\"teachers\":[],\"slots\":[]}";
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/groups", body, &j), 422);
	json_t *f = json_object_get(json_object_get(j, "error"), "fields");
	assert_non_null(json_object_get(f, "name"));
	assert_non_null(json_object_get(f, "teachers"));
	assert_non_null(json_object_get(f, "slots"));
	json_decref(j);
	/* a contact person may not make groups */
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/groups", body, NULL), 403);
}

/* The group's sessions as "date status reason" lines, in date order. */
static char *
group_sessions(long long group)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", group);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	static char buf[512];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < json_array_size(ss); i++) {
		json_t *x = json_array_get(ss, i);
		const char *why = json_string_value(json_object_get(x, "cancel_reason"));
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s %s %s\n",
					json_string_value(json_object_get(x, "on_date")),
					json_string_value(json_object_get(x, "status")), why != NULL && *why ? why : "-");
		assert_true(len < sizeof buf);
	}
	json_decref(j);
	return buf;
}

/* The closure's count of the sessions it cancelled, as the list says. */
static long long
closure_cancelled(long long id)
{
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, "/api/v1/closures", &j), 200);
	json_t *items = json_object_get(j, "items");
	long long n = -1;
	for (size_t i = 0; i < json_array_size(items); i++)
		if (json_id(json_array_get(items, i), "id") == id)
			n = json_integer_value(json_object_get(json_array_get(items, i), "cancelled"));
	json_decref(j);
	return n;
}

/* Two overlapping closures (the tester's): deleting one plans again only
 * the sessions the other does not cover, and never one cancelled by hand;
 * no session is moved to a day the other still covers. March 2028:
 * Mondays, Wednesdays and Fridays, 6 to 17. */
static void
test_overlapping_closures(void **state)
{
	(void)state;
	char body[512];
	snprintf(body, sizeof body,
		 "{\"activity_type_id\":1,\"name\":\"Closures 2028\",\"capacity\":8,\"level\":\"A2\","
		 "\"starts_on\":\"2028-03-06\",\"ends_on\":\"2028-03-17\",\"teachers\":[%lld],"
		 "\"slots\":[{\"weekday\":\"monday\",\"start\":\"09:00\",\"end\":\"11:00\"},"
		 "{\"weekday\":\"wednesday\",\"start\":\"09:00\",\"end\":\"11:00\"},"
		 "{\"weekday\":\"friday\",\"start\":\"09:00\",\"end\":\"11:00\"}]}",
		 fx.tina_id);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/groups", body, &j), 201);
	long long g = json_id(j, "id");
	json_decref(j);
	/* the 13th cancelled by hand */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", g);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	long long s13 = json_id(json_array_get(json_object_get(j, "sessions"), 3), "id");
	long long s06 = json_id(json_array_get(json_object_get(j, "sessions"), 0), "id");
	json_decref(j);
	char act[64];
	snprintf(act, sizeof act, "/api/v1/sessions/%lld/cancel", s13);
	assert_int_equal(api_send_json(&fx.tina, act, "{\"reason\":\"Teacher ill\",\"version\":1}", NULL), 200);

	assert_int_equal(api_send_json(&fx.leader, "/api/v1/closures",
				       "{\"name\":\"Winter A\",\"from_on\":\"2028-03-08\",\"to_on\":\"2028-03-13\"}", &j),
			 201);
	assert_int_equal(json_integer_value(json_object_get(j, "cancelled")), 2);
	long long a = json_id(j, "id");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/closures",
				       "{\"name\":\"Winter B\",\"from_on\":\"2028-03-10\",\"to_on\":\"2028-03-15\"}", &j),
			 201);
	assert_int_equal(json_integer_value(json_object_get(j, "cancelled")), 1);
	long long b = json_id(j, "id");
	json_decref(j);
	assert_string_equal(group_sessions(g), "2028-03-06 planned -\n2028-03-08 cancelled Winter A\n"
					       "2028-03-10 cancelled Winter A\n2028-03-13 cancelled Teacher ill\n"
					       "2028-03-15 cancelled Winter B\n2028-03-17 planned -\n");
	/* A goes: the 8th is planned again, the 10th is B's */
	char del[64];
	snprintf(del, sizeof del, "/api/v1/closures/%lld/delete", a);
	assert_int_equal(api_send_json(&fx.leader, del, "{}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "sessions_restored")), 1);
	json_decref(j);
	assert_string_equal(group_sessions(g), "2028-03-06 planned -\n2028-03-08 planned -\n"
					       "2028-03-10 cancelled Winter B\n2028-03-13 cancelled Teacher ill\n"
					       "2028-03-15 cancelled Winter B\n2028-03-17 planned -\n");
	assert_int_equal(closure_cancelled(b), 2);
	/* the 10th is still closed: no session is moved onto it */
	snprintf(act, sizeof act, "/api/v1/sessions/%lld/move", s06);
	assert_int_equal(api_send_json(&fx.tina, act, "{\"on_date\":\"2028-03-10\",\"start\":\"12:00\",\"end\":\"13:00\","
				       "\"version\":1}",
				       &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "on_date")), "The centre is closed that day.");
	json_decref(j);
	/* B goes: all planned but the one cancelled by hand */
	snprintf(del, sizeof del, "/api/v1/closures/%lld/delete", b);
	assert_int_equal(api_send_json(&fx.leader, del, "{}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "sessions_restored")), 2);
	json_decref(j);
	assert_string_equal(group_sessions(g), "2028-03-06 planned -\n2028-03-08 planned -\n"
					       "2028-03-10 planned -\n2028-03-13 cancelled Teacher ill\n"
					       "2028-03-15 planned -\n2028-03-17 planned -\n");
	/* a session's end before its start, said as what is wrong */
	assert_int_equal(api_send_json(&fx.tina, act, "{\"on_date\":\"2028-03-10\",\"start\":\"11:00\",\"end\":\"09:00\"}",
				       &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "end")), "The end must be after the start.");
	json_decref(j);
}

static void
test_enrolment_refusals(void **state)
{
	(void)state;
	json_t *j = NULL;
	/* a date outside the group */
	char rest[256];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"ends_on\":\"%s\"", fx.g1, fx.outside);
	long long p4 = api_participant(&fx.leader, "Ada", "Outside", fx.kari_id);
	api_in_programme(&fx.leader, p4, programme_start);
	assert_int_equal(enrol_json(&fx.kari, p4, rest, &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "ends_on")),
			    "The end is outside the group's period.");
	json_decref(j);
	assert_int_equal(groups_of(p4), 0);
	/* the group is full (3 places, 3 enrolled): refused, or waiting when asked */
	snprintf(rest, sizeof rest, "\"group_id\":%lld", fx.g1);
	assert_int_equal(enrol_json(&fx.kari, p4, rest, &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "full");
	json_decref(j);
	assert_int_equal(groups_of(p4), 0);
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"waitlist\":true", fx.g1);
	assert_int_equal(enrol_json(&fx.kari, p4, rest, &j), 201);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "waiting");
	long long waiting = json_id(j, "id");
	json_decref(j);
	/* a place offered while still full: refused; an unknown place: not found */
	char offer[96];
	snprintf(offer, sizeof offer, "/api/v1/groups/%lld/enrolments/%lld/offer", fx.g1, waiting);
	assert_int_equal(api_send_json(&fx.kari, offer, "{}", &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "The group is still full.");
	json_decref(j);
	snprintf(offer, sizeof offer, "/api/v1/groups/%lld/enrolments/999999/offer", fx.g1);
	assert_int_equal(api_send_json(&fx.kari, offer, "{}", NULL), 404);
	/* another contact person's participant: not found */
	assert_int_equal(enrol_json(&fx.kari, fx.p_ola, rest, NULL), 404);
	assert_int_equal(groups_of(fx.p_ola), 0);
	/* a group whose sessions overlap g1's: refused, naming g1 */
	long long g2 = make_group(&fx.leader, "Overlapping talk", fx.tom_id, 5, fx.today, fx.end, NULL);
	assert_true(g2 > 0);
	snprintf(rest, sizeof rest, "\"group_id\":%lld", g2);
	assert_int_equal(enrol_json(&fx.kari, fx.p1, rest, &j), 409);
	json_t *c = json_object_get(json_object_get(j, "error"), "clash");
	assert_string_equal(json_string_value(json_object_get(c, "group")), "Talk every day");
	assert_string_equal(json_string_value(json_object_get(c, "start")), "09:00");
	json_decref(j);
	assert_int_equal(groups_of(fx.p1), 1);
	/* the same refusal on the form names the clash beside the group */
	struct http_res res;
	char path[64], body[64];
	snprintf(path, sizeof path, "/participants/%lld/groups", fx.p1);
	snprintf(body, sizeof body, "group_id=%lld", g2);
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Clashes with Talk every day on"));
	http_res_free(&res);
	/* from the group's page, whose form has no group field: beside the
	 * participant, where the summary's link lands */
	snprintf(path, sizeof path, "/groups/%lld/enrolments", g2);
	snprintf(body, sizeof body, "participant_id=%lld", fx.p1);
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "<li><a href=\"#participant_id\">Clashes with Talk every day on"));
	assert_false(res_contains(&res, "href=\"#group_id\""));
	http_res_free(&res);
	assert_int_equal(groups_of(fx.p1), 1);
}

/* Posts the register form of path as sess at the session's version now
 * (the form carries the version it was read at). */
static void
register_post(const struct session *sess, const char *path, const char *form, struct http_res *res)
{
	char api[96];
	snprintf(api, sizeof api, "/api/v1%s", path);
	json_t *j = NULL;
	assert_int_equal(api_get(sess, api, &j), 200);
	long long v = json_id(json_object_get(j, "session"), "version");
	json_decref(j);
	size_t len = strlen(form) + 32;
	char *full = malloc(len);
	assert_non_null(full);
	snprintf(full, len, "version=%lld&%s", v, form);
	post_form(sess, path, full, res);
	free(full);
}

static void
test_register(void **state)
{
	(void)state;
	long long sid = todays_session();
	char path[64], api[80];
	snprintf(path, sizeof path, "/sessions/%lld/register", sid);
	snprintf(api, sizeof api, "/api/v1/sessions/%lld/register", sid);
	/* the teacher's register page: everyone enrolled, unmarked */
	struct http_res res;
	assert_int_equal(http_get(fx.s, path, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Register"));
	assert_true(res_contains(&res, "name=\"p3\""));
	assert_false(res_contains(&res, "name=\"p4\""));
	/* moving and cancelling: each form's reason has its own id */
	assert_true(res_contains(&res, "<textarea id=\"cancel-reason\" name=\"reason\""));
	const char *first = strstr(res.body, "id=\"reason\"");
	assert_non_null(first);
	assert_null(strstr(first + 1, "id=\"reason\""));
	http_res_free(&res);
	/* a session still to come: no form, the day it opens said */
	json_t *gj = NULL;
	char gpath[64], fpath[64];
	snprintf(gpath, sizeof gpath, "/api/v1/groups/%lld", fx.g1);
	assert_int_equal(api_get(&fx.leader, gpath, &gj), 200);
	json_t *gs = json_object_get(gj, "sessions");
	long long later = 0;
	for (size_t i = 0; i < json_array_size(gs) && later == 0; i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(gs, i), "on_date")), fx.today) > 0)
			later = json_id(json_array_get(gs, i), "id");
	json_decref(gj);
	assert_true(later > 0);
	snprintf(fpath, sizeof fpath, "/sessions/%lld/register", later);
	assert_int_equal(http_get(fx.s, fpath, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "The register opens on the session&#39;s day."));
	assert_false(res_contains(&res, "id=\"register-form\""));
	http_res_free(&res);
	/* another teacher: not found, reading or saving, each refusal audited */
	char sid_text[24];
	snprintf(sid_text, sizeof sid_text, "%lld", sid);
	int denied = api_audit_count(&fx.leader, "access.denied", sid_text);
	assert_int_equal(http_get(fx.s, path, fx.tom.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	char rows[] = "{\"rest_present\":true,\"marks\":[{\"participant_id\":%lld,\"mark\":\"absent\",\"absence\":\"unexcused\"}]}";
	char body[512];
	snprintf(body, sizeof body, rows, fx.p1);
	assert_int_equal(api_send_json(&fx.tom, api, body, NULL), 404);
	assert_int_equal(api_audit_count(&fx.leader, "access.denied", sid_text), denied + 2);
	/* an unknown session */
	assert_int_equal(api_send_json(&fx.tina, "/api/v1/sessions/999999/register", body, NULL), 404);
	/* a mark for someone not enrolled: the row named, nothing saved */
	json_t *j = NULL;
	snprintf(body, sizeof body, rows, fx.p_ola);
	assert_int_equal(api_send_json(&fx.tina, api, body, &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "marks[0].participant_id")),
			    "This participant is not enrolled in the group on the session's date.");
	json_decref(j);
	assert_int_equal(api_get(&fx.tina, api, &j), 200);
	json_t *marks = json_object_get(j, "marks");
	assert_int_equal(json_array_size(marks), 3);
	for (size_t i = 0; i < 3; i++)
		assert_true(json_is_null(json_object_get(json_array_get(marks, i), "mark")));
	json_decref(j);
	/* the form: one unexcused absence, one sick day, the rest present */
	char form[512];
	int row1 = 0, row2 = 0, row3 = 0;
	assert_int_equal(api_get(&fx.tina, api, &j), 200);
	marks = json_object_get(j, "marks");
	for (size_t i = 0; i < 3; i++) {
		long long pid = json_id(json_array_get(marks, i), "participant_id");
		if (pid == fx.p1)
			row1 = (int)i + 1;
		else if (pid == fx.p2)
			row2 = (int)i + 1;
		else
			row3 = (int)i + 1;
	}
	json_decref(j);
	/* a row without a mark but with an absence type, the rest present: it
	 * would be present with an absence; refused as that, nothing saved */
	snprintf(body, sizeof body, "{\"marks\":[{\"participant_id\":%lld,\"absence\":\"unexcused\"}],"
		 "\"rest_present\":true}", fx.p1);
	assert_int_equal(api_send_json(&fx.tina, api, body, &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "marks[0]")),
			    "A participant who is present has no absence.");
	json_decref(j);
	snprintf(form, sizeof form, "p%d=%lld&mark%d=&absence%d=sick_self&minutes%d=45&rest_present=yes", row1,
		 fx.p1, row1, row1, row1);
	register_post(&fx.tina, path, form, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "A participant who is present has no absence."));
	http_res_free(&res);
	/* the form's texts have the API's limits: a row's reason of 201
	 * characters, a correction's of 501 */
	char *big = malloc(1200);
	assert_non_null(big);
	snprintf(big, 1200, "p%d=%lld&mark%d=absent&absence%d=leave&reason%d=%0201d&rest_present=yes", row1, fx.p1,
		 row1, row1, row1, 0);
	register_post(&fx.tina, path, big, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Write the reason in at most 200 characters."));
	http_res_free(&res);
	snprintf(big, 1200, "p%d=%lld&mark%d=absent&absence%d=unexcused&correction_reason=%0501d&rest_present=yes",
		 row1, fx.p1, row1, row1, 0);
	register_post(&fx.tina, path, big, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Write the reason in at most 500 characters."));
	http_res_free(&res);
	free(big);
	/* without the rest present, a type alone is no mark: refused too */
	snprintf(body, sizeof body, "{\"marks\":[{\"participant_id\":%lld,\"absence\":\"unexcused\"}]}", fx.p1);
	assert_int_equal(api_send_json(&fx.tina, api, body, &j), 422);
	assert_string_equal(json_string_value(json_object_get(err_fields(j), "marks[0]")),
			    "Choose present, late, left early or absent.");
	json_decref(j);
	assert_int_equal(api_get(&fx.tina, api, &j), 200);
	marks = json_object_get(j, "marks");
	for (size_t i = 0; i < 3; i++)
		assert_true(json_is_null(json_object_get(json_array_get(marks, i), "mark")));
	json_decref(j);
	snprintf(form, sizeof form,
		 "p%d=%lld&mark%d=absent&absence%d=unexcused&p%d=%lld&mark%d=absent&absence%d=sick_self&p%d=%lld"
		 "&rest_present=yes",
		 row1, fx.p1, row1, row1, row2, fx.p2, row2, row2, row3, fx.p3);
	register_post(&fx.tina, path, form, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(api_get(&fx.tina, api, &j), 200);
	marks = json_object_get(j, "marks");
	assert_string_equal(json_string_value(json_object_get(json_array_get(marks, row1 - 1), "absence")), "unexcused");
	assert_string_equal(json_string_value(json_object_get(json_array_get(marks, row2 - 1), "absence")), "sick_self");
	assert_string_equal(json_string_value(json_object_get(json_array_get(marks, row3 - 1), "mark")), "present");
	json_decref(j);
	/* a name given twice in the form: the first counts */
	snprintf(form, sizeof form,
		 "p%d=%lld&mark%d=absent&absence%d=unexcused&p%d=%lld&mark%d=absent&absence%d=sick_self"
		 "&p%d=%lld&mark%d=late&minutes%d=10&mark%d=present&minutes%d=20&rest_present=no",
		 row1, fx.p1, row1, row1, row2, fx.p2, row2, row2, row3, fx.p3, row3, row3, row3, row3);
	register_post(&fx.tina, path, form, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(api_get(&fx.tina, api, &j), 200);
	json_t *third = json_array_get(json_object_get(j, "marks"), row3 - 1);
	assert_string_equal(json_string_value(json_object_get(third, "mark")), "late");
	assert_int_equal(json_integer_value(json_object_get(third, "minutes")), 10);
	json_decref(j);
	/* the contact person reads it in the month's summary */
	char sum[96];
	snprintf(sum, sizeof sum, "/api/v1/participants/%lld/attendance?month=%.7s", fx.p1, fx.today);
	assert_int_equal(api_get(&fx.kari, sum, &j), 200);
	json_t *s = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(s, "absence"), "unexcused"),
							    "minutes")), 120);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(s, "absence"), "unexcused"),
							    "days")), 1);
	json_decref(j);
	/* a bad month */
	snprintf(sum, sizeof sum, "/api/v1/participants/%lld/attendance?month=2026-13", fx.p1);
	assert_int_equal(api_get(&fx.kari, sum, NULL), 422);
	/* a teacher's list of participants: those enrolled in their groups */
	assert_int_equal(api_get(&fx.tina, "/api/v1/participants", &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 3);
	for (size_t i = 0; i < 3; i++) {
		long long id = json_id(json_array_get(items, i), "id");
		assert_true(id == fx.p1 || id == fx.p2 || id == fx.p3);
	}
	json_decref(j);
	assert_int_equal(api_get(&fx.tom, "/api/v1/participants", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	/* the teacher's page lists today's session */
	assert_int_equal(http_get(fx.s, "/registers", fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
}

/* Three sessions in a row of unexcused absence bring the participant to
 * the contact person's Today; a sick day does not. */
static void
test_unexcused_in_a_row_on_today(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *s = json_object_get(j, "sessions");
	long long ids[3] = {0, 0, 0};
	for (size_t i = 0; i < json_array_size(s); i++) {
		json_t *x = json_array_get(s, i);
		if (strcmp(json_string_value(json_object_get(x, "on_date")), fx.today) <= 0) {
			ids[0] = ids[1];
			ids[1] = ids[2];
			ids[2] = json_id(x, "id");
		}
	}
	json_decref(j);
	/* the latest was marked by test_register: p1 unexcused, p2 sick */
	for (int k = 0; k < 2; k++) {
		char api[80], body[256];
		snprintf(api, sizeof api, "/api/v1/sessions/%lld/register", ids[k]);
		snprintf(body, sizeof body,
			 "{\"marks\":[{\"participant_id\":%lld,\"mark\":\"absent\",\"absence\":\"unexcused\"},"
			 "{\"participant_id\":%lld,\"mark\":\"absent\",\"absence\":\"unexcused\"}]}",
			 fx.p1, fx.p2);
		json_t *r = NULL;
		long st = api_send_json(&fx.tina, api, body, &r);
		if (st != 200)
			fail_msg("%s: %ld %s", api, st, r ? json_dumps(r, 0) : "");
		assert_int_equal(json_integer_value(json_object_get(r, "written")), 2);
		json_decref(r);
	}
	assert_int_equal(api_get(&fx.kari, "/api/v1/today", &j), 200);
	json_t *list = json_object_get(j, "unexcused_in_a_row");
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(json_id(json_array_get(list, 0), "participant_id"), fx.p1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "days")), 3);
	json_decref(j);
	/* on the page too */
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"unexcused-list\""));
	http_res_free(&res);
	/* another contact person does not see them */
	assert_int_equal(api_get(&fx.ola, "/api/v1/today", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "unexcused_in_a_row")), 0);
	json_decref(j);
	/* the run follows the participant to their new contact person (the
	 * kept contact of migration 45), and back */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", fx.p1);
	const struct session *to[2] = {&fx.ola, &fx.kari};
	for (int k = 0; k < 2; k++) {
		char body[96];
		snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"cover\"}", user_id(to[k]));
		long st = api_send_json(&fx.leader, path, body, &j);
		if (st != 200 && st != 201)
			fail_msg("POST %s: %ld", path, st);
		json_decref(j);
		assert_int_equal(api_get(to[k], "/api/v1/today", &j), 200);
		list = json_object_get(j, "unexcused_in_a_row");
		assert_int_equal(json_array_size(list), 1);
		assert_int_equal(json_id(json_array_get(list, 0), "participant_id"), fx.p1);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "days")), 3);
		json_decref(j);
		assert_int_equal(api_get(to[1 - k], "/api/v1/today", &j), 200);
		assert_int_equal(json_array_size(json_object_get(j, "unexcused_in_a_row")), 0);
		json_decref(j);
	}
	/* the setting: a server of the installation set to 4 days lists no
	 * run of 3, and says so */
	struct server peer;
	const char *const four[] = {"attendance.unexcused_in_a_row=4", NULL};
	assert_int_equal(server_start_peer(&peer, fx.s, four), 0);
	struct session kari4 = fx.kari;
	kari4.server = &peer;
	assert_int_equal(api_get(&kari4, "/api/v1/today", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "unexcused_in_a_row")), 0);
	json_decref(j);
	assert_int_equal(http_get(&peer, "/today", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Unexcused absence 4 days in a row or more"));
	assert_false(res_contains(&res, "id=\"unexcused-list\""));
	http_res_free(&res);
	assert_int_equal(server_stop(&peer), 0);
	/* a setting out of its range stops the server at its start */
	const char *const zero[] = {"attendance.unexcused_in_a_row=0", NULL};
	assert_int_not_equal(server_start_peer(&peer, fx.s, zero), 0);
}

/* The group's page gives each participant's attendance rate from the
 * group's marked sessions: p1 was absent at the three marked; p3 was
 * marked at one session of 120 minutes, 10 minutes late: 110 / 120 is
 * 91.7 %. */
static void
test_group_attendance_rate(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.tina, path, &j), 200);
	json_t *en = json_object_get(j, "enrolments");
	int seen = 0;
	for (size_t i = 0; i < json_array_size(en); i++) {
		json_t *x = json_array_get(en, i);
		long long pid = json_id(x, "participant_id");
		json_t *rate = json_object_get(x, "attendance_rate_permille");
		if (pid == fx.p1) {
			assert_int_equal(json_integer_value(rate), 0);
			seen++;
		} else if (pid == fx.p3) {
			assert_int_equal(json_integer_value(rate), 917);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	json_decref(j);
	struct http_res res;
	assert_int_equal(http_get(fx.s, path + 7, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<th scope=\"col\">Attendance</th>"));
	assert_true(res_contains(&res, "<td>0.0 %</td>"));
	assert_true(res_contains(&res, "<td>91.7 %</td>"));
	http_res_free(&res);
}

/* A teacher records an assessment of a participant in their group: the
 * history, the current level and the register's level follow; bad input
 * is refused field by field; another teacher is refused. */
static void
test_assessment(void **state)
{
	(void)state;
	char path[64], body[512];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/levels", fx.p1);
	json_t *j = NULL;
	/* a date ahead, another test not named, a group not the participant's */
	snprintf(body, sizeof body,
		 "{\"assessed_on\":\"2099-01-01\",\"method\":\"other\",\"group_id\":999999,\"speaking\":\"A2\"}");
	assert_int_equal(api_send_json(&fx.tina, path, body, &j), 422);
	json_t *f = err_fields(j);
	assert_string_equal(json_string_value(json_object_get(f, "assessed_on")),
			    "The date of the assessment cannot be in the future.");
	assert_string_equal(json_string_value(json_object_get(f, "note")), "Name the test in the note.");
	assert_string_equal(json_string_value(json_object_get(f, "group_id")), "Choose one of the participant's groups.");
	json_decref(j);
	/* a teacher of no group of the participant's: not found */
	snprintf(body, sizeof body,
		 "{\"assessed_on\":\"%s\",\"method\":\"teacher\",\"speaking\":\"A2\"}", fx.today);
	assert_int_equal(api_send_json(&fx.tom, path, body, NULL), 404);
	/* nothing was saved */
	assert_int_equal(api_get(&fx.tina, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "assessments")), 0);
	json_decref(j);
	snprintf(body, sizeof body,
		 "{\"assessed_on\":\"%s\",\"method\":\"teacher\",\"group_id\":%lld,\"speaking\":\"A2\","
		 "\"listening\":\"A1\"}", fx.today, fx.g1);
	assert_int_equal(api_send_json(&fx.tina, path, body, &j), 201);
	json_t *cur = json_object_get(j, "current");
	assert_string_equal(json_string_value(json_object_get(cur, "speaking")), "A2");
	assert_string_equal(json_string_value(json_object_get(cur, "listening")), "A1");
	assert_true(json_is_null(json_object_get(cur, "reading")));
	assert_int_equal(json_array_size(json_object_get(j, "assessments")), 2);
	json_decref(j);
	/* the contact person reads the levels page with its chart */
	struct http_res res;
	char page[64];
	snprintf(page, sizeof page, "/participants/%lld/levels", fx.p1);
	assert_int_equal(http_get(fx.s, page, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<svg role=\"img\""));
	assert_true(res_contains(&res, "id=\"levels-chart-figures\""));
	http_res_free(&res);
	/* the participant's page links the levels for those who read them: the
	 * contact person; the finance officer reads the attendance the benefit
	 * is paid on, not the levels (the link answered them 404) */
	long long pf = api_participant(&fx.leader, "Ada", "Finans", fx.kari_id);
	char part[64], levels_link[80], start_body[64];
	snprintf(part, sizeof part, "/api/v1/participants/%lld/enrolment", pf);
	snprintf(start_body, sizeof start_body, "{\"start_date\":\"%s\"}", fx.today);
	assert_int_equal(api_send_json(&fx.leader, part, start_body, NULL), 201);
	long long gm = make_group(&fx.leader, "Money talk", fx.tom_id, 5, fx.today, fx.end, NULL);
	snprintf(start_body, sizeof start_body, "\"group_id\":%lld", gm);
	assert_int_equal(enrol_json(&fx.kari, pf, start_body, NULL), 201);
	char group_link[64];
	snprintf(group_link, sizeof group_link, "href=\"/groups/%lld\"", gm);
	snprintf(part, sizeof part, "/participants/%lld", pf);
	snprintf(levels_link, sizeof levels_link, "href=\"/participants/%lld/levels\"", pf);
	assert_int_equal(http_get(fx.s, part, fx.kari.cookie, &res), 0);
	assert_true(res_contains(&res, levels_link));
	assert_true(res_contains(&res, group_link));
	http_res_free(&res);
	/* the finance officer reads the group's name, not its page (403) */
	assert_int_equal(http_get(fx.s, part, fx.fia.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "/attendance\">"));
	assert_false(res_contains(&res, levels_link));
	assert_true(res_contains(&res, "<td>Money talk</td>"));
	assert_false(res_contains(&res, group_link));
	http_res_free(&res);
	snprintf(group_link, sizeof group_link, "/groups/%lld", gm);
	assert_int_equal(http_get(fx.s, group_link, fx.fia.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	snprintf(page, sizeof page, "/participants/%lld/levels", pf);
	assert_int_equal(http_get(fx.s, page, fx.fia.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	/* the groups' page links the registers for those who open them */
	assert_int_equal(http_get(fx.s, "/groups", fx.leader.cookie, &res), 0);
	assert_true(res_contains(&res, "<p><a href=\"/registers\">Registers</a> \xC2\xB7 <a href=\"/closures\">"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/groups", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "href=\"/registers\""));
	assert_true(res_contains(&res, "<p><a href=\"/closures\">"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/registers", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	/* the group's progress, for its teacher only */
	char prog[64];
	snprintf(prog, sizeof prog, "/api/v1/groups/%lld/progress", fx.g1);
	assert_int_equal(api_get(&fx.tina, prog, &j), 200);
	json_t *row = NULL, *items = json_object_get(j, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (json_id(json_array_get(items, i), "participant_id") == fx.p1)
			row = json_array_get(items, i);
	assert_non_null(row);
	assert_string_equal(json_string_value(json_object_get(json_object_get(row, "levels"), "speaking")), "A2");
	assert_string_equal(json_string_value(json_object_get(json_object_get(row, "levels"), "listening")), "A1");
	assert_string_equal(json_str(row, "last_assessed_on"), fx.today);
	json_decref(j);
	assert_int_equal(api_get(&fx.tom, prog, NULL), 404);
}

/* A place in a group is not for someone who has left the programme: one
 * who exited is refused under participant_id, by the API and the group's
 * form, and nothing is saved; one only registered (in intake) is taken,
 * as the browser journey's participants are. */
static void
test_enrolment_needs_programme(void **state)
{
	(void)state;
	json_t *j = NULL;
	char rest[128], path[128], body[256];
	long long g = make_group(&fx.leader, "Not for who left", fx.tom_id, 5, fx.start, fx.end, NULL);
	assert_true(g > 0);
	long long pr = api_participant(&fx.leader, "Ada", "Registered", fx.kari_id);
	snprintf(rest, sizeof rest, "\"group_id\":%lld", g);
	assert_int_equal(enrol_json(&fx.kari, pr, rest, NULL), 201);
	assert_int_equal(groups_of(pr), 1);
	/* in the programme and exited yesterday: refused */
	long long px = api_participant(&fx.leader, "Ada", "Left", fx.kari_id);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", px);
	long st = api_send_json(&fx.leader, path, "{\"start_date\":\"2025-01-06\"}", &j);
	assert_int_equal(st, 201);
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	char yesterday[11];
	date_offset(-1, yesterday);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", px);
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"reason\":\"Moved\",\"outcome\":\"moved\",\"version\":%lld}", yesterday, version);
	st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("exit: %ld %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"waitlist\":true", g);
	assert_int_equal(enrol_json(&fx.leader, px, rest, &j), 422);
	assert_string_equal(field_error(j, "participant_id"),
			    "The participant has left the programme: a place in a group is not for someone who has left.");
	json_decref(j);
	assert_int_equal(groups_of(px), 0);
	/* from the group's page, as a form: the same, beside the participant */
	snprintf(path, sizeof path, "/groups/%lld/enrolments", g);
	snprintf(body, sizeof body, "participant_id=%lld", px);
	struct http_res res;
	post_form(&fx.leader, path, body, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "The participant has left the programme"));
	http_res_free(&res);
	assert_int_equal(groups_of(px), 0);
}

/* A group with one enrolment ended, one current and one waiting (room for
 * one): places 1, the ended one shown "Ended", and another contact person
 * told of two more (the current and the waiting), not three. */
static void
test_ended_enrolment_shown_ended(void **state)
{
	(void)state;
	json_t *j = NULL;
	char rest[128], path[128], body[128];
	long long g = make_group(&fx.leader, "One place", fx.tom_id, 1, fx.start, fx.end, NULL);
	assert_true(g > 0);
	long long pe = api_participant(&fx.leader, "Ada", "Ended", fx.kari_id);
	long long pn = api_participant(&fx.leader, "Ada", "Now", fx.kari_id);
	long long pw = api_participant(&fx.leader, "Ada", "Waits", fx.kari_id);
	api_in_programme(&fx.leader, pe, programme_start);
	api_in_programme(&fx.leader, pn, programme_start);
	api_in_programme(&fx.leader, pw, programme_start);
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", g, fx.start);
	assert_int_equal(enrol_json(&fx.kari, pe, rest, &j), 201);
	long long eid = json_id(j, "id");
	json_decref(j);
	char yesterday[11];
	date_offset(-1, yesterday);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld/end", g, eid);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Got a job\"}", yesterday);
	assert_int_equal(api_send_json(&fx.kari, path, body, NULL), 200);
	snprintf(rest, sizeof rest, "\"group_id\":%lld", g);
	assert_int_equal(enrol_json(&fx.kari, pn, rest, NULL), 201);
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"waitlist\":true", g);
	assert_int_equal(enrol_json(&fx.kari, pw, rest, &j), 201);
	assert_string_equal(json_str(j, "status"), "waiting");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/groups/%lld", g);
	assert_int_equal(api_get(&fx.ola, path, &j), 200);
	assert_int_equal(json_id(j, "enrolments_not_shown"), 2);
	json_decref(j);
	snprintf(path, sizeof path, "/groups/%lld", g);
	struct http_res res;
	assert_int_equal(http_get(fx.s, path, fx.ola.cookie, &res), 0);
	assert_true(res_contains(&res, "2 more participants are enrolled or waiting"));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, path, fx.leader.cookie, &res), 0);
	assert_true(res_contains(&res, "<td>Ended"));
	assert_true(res_contains(&res, "<td>Enrolled"));
	assert_true(res_contains(&res, "<td>On the waiting list"));
	http_res_free(&res);
}

/* ---- setup ---- */

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfølger", "contact", &fx.ola},
		{"tina.teacher", "Tina Lærer", "teacher", &fx.tina},
		{"tom.teacher", "Tom Lærer", "teacher", &fx.tom},
		{"fia.finance", "Fia Finans", "finance", &fx.fia},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

/* The shared records, made through the API (asserting). */
static void
test_prepare_records(void **state)
{
	(void)state;
	date_offset(-100, programme_start);
	fx.kari_id = user_id(&fx.kari);
	fx.tina_id = user_id(&fx.tina);
	fx.tom_id = user_id(&fx.tom);
	long long ola_id = user_id(&fx.ola);
	date_offset(-14, fx.start);
	date_offset(30, fx.end);
	date_offset(0, fx.today);
	date_offset(60, fx.outside);
	json_t *err = NULL;
	fx.g1 = make_group(&fx.leader, "Talk every day", fx.tina_id, 3, fx.start, fx.end, &err);
	if (fx.g1 <= 0)
		fail_msg("group: %s", err ? json_dumps(err, 0) : "");
	fx.p1 = api_participant(&fx.leader, "Ada", "One", fx.kari_id);
	api_in_programme(&fx.leader, fx.p1, programme_start);
	fx.p2 = api_participant(&fx.leader, "Ada", "Two", fx.kari_id);
	api_in_programme(&fx.leader, fx.p2, programme_start);
	fx.p3 = api_participant(&fx.leader, "Ada", "Three", fx.kari_id);
	api_in_programme(&fx.leader, fx.p3, programme_start);
	fx.p_ola = api_participant(&fx.leader, "Ada", "Olas", ola_id);
	api_in_programme(&fx.leader, fx.p_ola, programme_start);
	char rest[128];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", fx.g1, fx.start);
	long long ps[3] = {fx.p1, fx.p2, fx.p3};
	for (int i = 0; i < 3; i++) {
		json_t *j = NULL;
		long st = enrol_json(&fx.kari, ps[i], rest, &j);
		if (st != 201)
			fail_msg("enrol: %ld %s", st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
}

/* Who is in a group (decision 140): its teacher and the leader see every
 * enrolment; a contact person sees their own participants in it and how
 * many others; a teacher of other groups only how many. */
static void
test_group_enrolments_by_relationship(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	const struct {
		const struct session *who;
		size_t shown, others;
	} rows[] = {
		{&fx.leader, 3, 0}, {&fx.tina, 3, 0}, {&fx.kari, 3, 0}, {&fx.ola, 0, 3}, {&fx.tom, 0, 3},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		json_t *j = NULL;
		assert_int_equal(api_get(rows[i].who, path, &j), 200);
		assert_int_equal(json_array_size(json_object_get(j, "enrolments")), rows[i].shown);
		assert_int_equal(json_id(j, "enrolments_not_shown"), (long long)rows[i].others);
		json_decref(j);
	}
	/* the page: Ola reads the count, not the names */
	char page[64], link[64];
	snprintf(page, sizeof page, "/groups/%lld", fx.g1);
	snprintf(link, sizeof link, "href=\"/participants/%lld\"", fx.p1);
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.ola.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "3 more participants are enrolled or waiting; only the group&#39;s teachers"));
	assert_false(res_contains(&res, link));
	assert_false(res_contains(&res, "No one is enrolled."));
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, page, fx.kari.cookie, &res), 0);
	assert_true(res_contains(&res, link));
	assert_false(res_contains(&res, "enrolled or waiting; only"));
	http_res_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare_records),
		cmocka_unit_test(test_group_enrolments_by_relationship),
		cmocka_unit_test(test_group_made_with_sessions),
		cmocka_unit_test(test_overlapping_closures),
		cmocka_unit_test(test_enrolment_refusals),
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_unexcused_in_a_row_on_today),
		cmocka_unit_test(test_group_attendance_rate),
		cmocka_unit_test(test_assessment),
		cmocka_unit_test(test_enrolment_needs_programme),
		cmocka_unit_test(test_ended_enrolment_shown_ended),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
