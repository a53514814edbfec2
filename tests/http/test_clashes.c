/*
 * test_clashes.c — the timetable clash rule of a participant (issues 9
 * and 10, app/clash.h) over HTTP on either engine: an enrolment in a group
 * whose sessions overlap the working hours of the participant's placement,
 * agreed or still negotiated, is refused naming the placement (employer,
 * days and hours) and saves nothing; one called off holds no hours; hours
 * that only touch (13:00 and 13:00) do not clash; a session added or moved
 * onto the hours of an enrolled participant's placement or other group is
 * refused naming them, on the page beside the box that saves it anyway,
 * and saved when the teacher ticks it; the centre's approval of a
 * placement checks its hours again against a session saved so; a
 * completed placement, or one ended early, still holds the days it ran
 * against an enrolment back-dated over them.
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

#define PASSWORD "a long password 123"
#define EMPLOYER "Klinikken Vest AS"
#define HOURS "man-fre 08:00-13:00"
#define HOURS_SHOWN "Mon 08:00-13:00, Tue 08:00-13:00, Wed 08:00-13:00, Thu 08:00-13:00, Fri 08:00-13:00"

static struct {
	struct server *s;
	struct session admin, leader, liv, tore;
	long long liv_id, tore_id, emp, supervisor;
	char today[11], in10[11], in40[11], in60[11];
	char ago60[11], ago50[11], ago40[11], ago30[11], ago20[11], ago19[11], ago10[11], ago9[11];
} fx;

/* A participant in the programme from today. */
static long long
participant(const char *given)
{
	long long pid = api_participant(&fx.leader, given, "Timeplan", 0);
	api_in_programme(&fx.leader, pid, fx.today);
	return pid;
}

/* A group of the conversation type meeting Monday to Friday from start to
 * end, from the day from to in 60 days, taught by Tore. */
static long long
group_from(const char *name, const char *from, const char *start, const char *end)
{
	static const char *days[] = {"monday", "tuesday", "wednesday", "thursday", "friday"};
	char slots[768] = "", body[1280];
	for (int i = 0; i < 5; i++) {
		char one[128];
		snprintf(one, sizeof one, "%s{\"weekday\":\"%s\",\"start\":\"%s\",\"end\":\"%s\"}", i ? "," : "", days[i],
			 start, end);
		strcat(slots, one);
	}
	snprintf(body, sizeof body,
		 "{\"activity_type_id\":2,\"name\":\"%s\",\"capacity\":20,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"teachers\":[%lld],\"slots\":[%s]}",
		 name, from, fx.in60, fx.tore_id, slots);
	return post_ok(&fx.leader, "/api/v1/groups", body, 201);
}

/* The same from today. */
static long long
group(const char *name, const char *start, const char *end)
{
	return group_from(name, fx.today, start, end);
}

/* The group's first session on or after from: its date, id and version. */
static void
first_session(long long gid, const char *from, char on[11], long long *id, long long *version)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	on[0] = '\0';
	for (size_t i = 0; i < json_array_size(ss) && !on[0]; i++) {
		json_t *s = json_array_get(ss, i);
		if (strcmp(json_str(s, "on_date"), from) >= 0) {
			snprintf(on, 11, "%s", json_str(s, "on_date"));
			*id = json_id(s, "id");
			*version = json_id(s, "version");
		}
	}
	json_decref(j);
	assert_true(on[0] != '\0');
}

/* The number of the group's sessions. */
static size_t
sessions_of(long long gid)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	size_t n = json_array_size(json_object_get(j, "sessions"));
	json_decref(j);
	return n;
}

/* The number of the participant's groups. */
static size_t
groups_of(long long pid)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/groups", pid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *items = json_is_array(j) ? j : json_object_get(j, "items");
	size_t n = json_array_size(items);
	json_decref(j);
	return n;
}

/* A placement of pid at the employer from `from` to `to`, Monday to
 * Friday 08:00-13:00, its tasks not yet written: negotiating. */
static long long
negotiated_between(long long pid, const char *from, const char *to)
{
	char body[512], path[128];
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, fx.emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":25,\"days_per_week\":5,\"schedule\":\"" HOURS "\"}",
		 fx.supervisor, fx.liv_id, from, to);
	post_ok(&fx.liv, path, body, 200);
	return pl;
}

/* The same from in 10 to in 40 days. */
static long long
negotiated_placement(long long pid)
{
	return negotiated_between(pid, fx.in10, fx.in40);
}

/* Its tasks written and the terms approved by the employer and the
 * participant: awaiting the centre's approval. */
static void
await_approval(long long pl)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	post_ok(&fx.liv, path, "{\"version\":2,\"tasks\":\"Reception\"}", 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(&fx.liv, path, "{\"party\":\"employer\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
}

/* The same placement awaiting the centre's approval. */
static long long
awaiting_placement(long long pid)
{
	long long pl = negotiated_placement(pid);
	await_approval(pl);
	return pl;
}

/* The centre's approval too: agreed. */
static void
agree(long long pl)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
}

/* The same placement approved by the centre too: agreed. */
static long long
agreed_placement(long long pid)
{
	long long pl = awaiting_placement(pid);
	agree(pl);
	return pl;
}

/* The placement's status as the API gives it. */
static const char *
placement_status(long long pl, char buf[32])
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	snprintf(buf, 32, "%s", json_str(j, "status"));
	json_decref(j);
	return buf;
}

/* 1. An enrolment in a group whose sessions overlap the agreed
 * placement's hours is refused naming the placement; nothing is saved. A
 * group starting when the working day ends is taken. */
static void
test_enrol_clashes_with_placement(void **state)
{
	(void)state;
	long long pid = participant("Hawa");
	long long pl = agreed_placement(pid);
	long long noon = group("Norsk middag", "12:00", "14:00");
	char body[128];
	snprintf(body, sizeof body, "\"group_id\":%lld", noon);
	json_t *j = NULL;
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 409);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_str(err, "code"), "clash");
	json_t *clash = json_object_get(err, "clash");
	assert_int_equal(json_id(clash, "placement_id"), pl);
	assert_string_equal(json_str(clash, "employer"), EMPLOYER);
	assert_string_equal(json_str(clash, "start"), "08:00");
	assert_string_equal(json_str(clash, "end"), "13:00");
	assert_null(json_object_get(clash, "group"));
	char want[512];
	snprintf(want, sizeof want, "Clashes with the work placement at " EMPLOYER " (" HOURS_SHOWN "), first on %s.",
		 json_str(clash, "date"));
	assert_string_equal(field_error(j, "group_id"), want);
	assert_string_equal(json_str(err, "message"), want);
	json_decref(j);
	assert_int_equal(groups_of(pid), 0);
	/* the first day it clashes is the placement's first working day with a session */
	char on[11];
	long long sid = 0, version = 0;
	first_session(noon, fx.in10, on, &sid, &version);
	/* 13:00 to 14:00 only touches the working day: taken */
	long long after = group("Norsk ettermiddag", "13:00", "14:00");
	snprintf(body, sizeof body, "\"group_id\":%lld", after);
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 201);
	json_decref(j);
	assert_int_equal(groups_of(pid), 1);
}

/* 2. The refusal on the participant's page names the placement too. */
static void
test_enrol_clash_on_page(void **state)
{
	(void)state;
	long long pid = participant("Idris");
	agreed_placement(pid);
	long long early = group("Norsk tidlig", "07:00", "08:30");
	char path[96], body[64];
	snprintf(path, sizeof path, "/participants/%lld/groups", pid);
	snprintf(body, sizeof body, "group_id=%lld", early);
	struct http_res res;
	post_form(&fx.leader, path, body, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Clashes with the work placement at " EMPLOYER " (" HOURS_SHOWN "), first on "));
	http_res_free(&res);
	assert_int_equal(groups_of(pid), 0);
}

/* 3. A session added onto the hours of an enrolled participant's placement
 * is refused naming them, and nothing is saved; ticked "anyway", it is
 * saved. One that only touches the working day is saved at once. */
static void
test_session_added_onto_placement(void **state)
{
	(void)state;
	long long pid = participant("Jamal");
	agreed_placement(pid);
	long long g = group("Samtalegruppe", "14:00", "15:00");
	char body[256], path[96];
	snprintf(body, sizeof body, "\"group_id\":%lld", g);
	json_t *j = NULL;
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 201);
	json_decref(j);
	char on[11];
	long long sid = 0, version = 0;
	first_session(g, fx.in10, on, &sid, &version);
	size_t before = sessions_of(g);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/sessions", g);
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"10:00\",\"end\":\"11:00\"}", on);
	assert_int_equal(api_send_json(&fx.tore, path, body, &j), 409);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_str(err, "code"), "clash");
	assert_string_equal(field_error(j, "anyway"),
			    "The new time clashes for Timeplan, Jamal (their work placement, 08:00\xE2\x80\x93"
			    "13:00). To save it anyway, tick the box: they will miss this session.");
	json_t *cl = json_object_get(err, "clashes");
	assert_int_equal(json_array_size(cl), 1);
	json_t *one = json_array_get(cl, 0);
	assert_int_equal(json_id(one, "participant_id"), pid);
	assert_string_equal(json_str(one, "with"), "placement");
	assert_string_equal(json_str(one, "date"), on);
	assert_string_equal(json_str(one, "start"), "08:00");
	assert_string_equal(json_str(one, "end"), "13:00");
	json_decref(j);
	assert_int_equal(sessions_of(g), before);
	/* the page: the form again, the error beside the box */
	struct http_res res;
	snprintf(path, sizeof path, "/groups/%lld/sessions", g);
	snprintf(body, sizeof body, "on_date=%s&start=10%%3A00&end=11%%3A00", on);
	post_form(&fx.tore, path, body, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "The new time clashes for Timeplan, Jamal (their work placement"));
	assert_true(res_contains(&res, "name=\"anyway\""));
	http_res_free(&res);
	assert_int_equal(sessions_of(g), before);
	/* 13:00-14:00 touches the working day and the group's own session */
	snprintf(path, sizeof path, "/api/v1/groups/%lld/sessions", g);
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"13:00\",\"end\":\"14:00\"}", on);
	post_ok(&fx.tore, path, body, 201);
	/* the teacher saves it anyway: they will miss it */
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"10:00\",\"end\":\"11:00\",\"anyway\":true}", on);
	post_ok(&fx.tore, path, body, 201);
	assert_int_equal(sessions_of(g), before + 2);
}

/* 4. A session moved onto another group of an enrolled participant is
 * refused naming them (not the other group: it may be a health
 * activity), on the register's page beside the box; saved anyway when
 * ticked. */
static void
test_session_moved_onto_other_group(void **state)
{
	(void)state;
	long long pid = participant("Kiros");
	long long a = group("Jobbklubb morgen", "09:00", "10:00");
	long long b = group("Kafe og dialog", "11:00", "12:00");
	char body[256], path[96];
	json_t *j = NULL;
	snprintf(body, sizeof body, "\"group_id\":%lld", a);
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 201);
	json_decref(j);
	snprintf(body, sizeof body, "\"group_id\":%lld", b);
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 201);
	json_decref(j);
	char on[11];
	long long sid = 0, version = 0;
	first_session(a, fx.in10, on, &sid, &version);
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/move", sid);
	snprintf(body, sizeof body, "{\"version\":%lld,\"on_date\":\"%s\",\"start\":\"11:30\",\"end\":\"12:30\"}", version,
		 on);
	assert_int_equal(api_send_json(&fx.tore, path, body, &j), 409);
	assert_string_equal(field_error(j, "anyway"),
			    "The new time clashes for Timeplan, Kiros (another of their groups, 11:00\xE2\x80\x93"
			    "12:00). To save it anyway, tick the box: they will miss this session.");
	json_t *one = json_array_get(json_object_get(json_object_get(j, "error"), "clashes"), 0);
	assert_string_equal(json_str(one, "with"), "group");
	assert_null(json_object_get(one, "group"));
	json_decref(j);
	/* nothing moved */
	char again[11];
	long long sid2 = 0, version2 = 0;
	first_session(a, fx.in10, again, &sid2, &version2);
	assert_int_equal(sid2, sid);
	assert_int_equal(version2, version);
	/* 12:00-13:00 only touches the other group's session: moved */
	snprintf(body, sizeof body, "{\"version\":%lld,\"on_date\":\"%s\",\"start\":\"12:00\",\"end\":\"13:00\"}", version,
		 on);
	post_ok(&fx.tore, path, body, 200);
	/* the page: the register with the form open and the error beside the box */
	struct http_res res;
	snprintf(path, sizeof path, "/sessions/%lld/move", sid);
	snprintf(body, sizeof body, "version=%lld&on_date=%s&start=10%%3A30&end=11%%3A30", version + 1, on);
	post_form(&fx.tore, path, body, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "The new time clashes for Timeplan, Kiros (another of their groups"));
	assert_true(res_contains(&res, "name=\"anyway\""));
	http_res_free(&res);
	snprintf(body, sizeof body, "version=%lld&on_date=%s&start=10%%3A30&end=11%%3A30&anyway=yes", version + 1, on);
	post_form(&fx.tore, path, body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
}

/* 5. A placement's hours hold from the day they are saved, agreed or not
 * yet: an enrolment is refused naming the placement while it is
 * negotiated and while it awaits the centre's approval, and nothing is
 * saved; once it is called off, the same place is taken. */
static void
test_enrol_clashes_before_agreed(void **state)
{
	(void)state;
	long long pid = participant("Meron");
	long long pl = negotiated_placement(pid);
	long long g = group("Norsk formiddag tidlig", "10:00", "11:00");
	char body[128], path[128], want[512], st[32];
	snprintf(body, sizeof body, "\"group_id\":%lld", g);
	for (int approved = 0; approved < 2; approved++) {
		json_t *j = NULL;
		assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 409);
		json_t *clash = json_object_get(json_object_get(j, "error"), "clash");
		assert_int_equal(json_id(clash, "placement_id"), pl);
		snprintf(want, sizeof want,
			 "Clashes with the work placement at " EMPLOYER " (" HOURS_SHOWN "), first on %s.",
			 json_str(clash, "date"));
		assert_string_equal(field_error(j, "group_id"), want);
		json_decref(j);
		assert_int_equal(groups_of(pid), 0);
		assert_string_equal(placement_status(pl, st), approved ? "awaiting_approval" : "negotiating");
		if (!approved)
			await_approval(pl);
	}
	/* called off: its hours are free */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pl);
	char end[128];
	snprintf(end, sizeof end, "{\"ended_on\":\"%s\",\"end_reason\":\"employer_withdrew\"}", fx.today);
	post_ok(&fx.liv, path, end, 200);
	json_t *j = NULL;
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 201);
	json_decref(j);
	assert_int_equal(groups_of(pid), 1);
}

/* 6. A session saved anyway onto the hours of a placement that awaits the
 * centre's approval (the teacher's decision: the participant will miss
 * it) is checked again by that approval, the one that makes it agreed:
 * refused naming the group, the day and its hours, on the API and the
 * page; nothing is approved. */
static void
test_centre_approval_clash(void **state)
{
	(void)state;
	long long pid = participant("Lemlem");
	long long pl = awaiting_placement(pid);
	long long g = group("Norsk formiddag", "14:00", "15:00");
	char body[256], path[96], want[256], st[32];
	snprintf(body, sizeof body, "\"group_id\":%lld", g);
	json_t *j = NULL;
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 201);
	json_decref(j);
	char on[11];
	long long sid = 0, version = 0;
	first_session(g, fx.in10, on, &sid, &version);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/sessions", g);
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"10:00\",\"end\":\"11:00\",\"anyway\":true}", on);
	post_ok(&fx.tore, path, body, 201);
	snprintf(want, sizeof want,
		 "The centre cannot approve: the working hours clash with the participant's group timetable: "
		 "Norsk formiddag on %s, 10:00-11:00.", on);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"party\":\"centre\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"), want);
	json_decref(j);
	assert_string_equal(placement_status(pl, st), "awaiting_approval");
	/* the page says it where the approvals are */
	struct http_res res;
	snprintf(path, sizeof path, "/placements/%lld/approvals", pl);
	post_form(&fx.liv, path, "party=centre", &res);
	assert_int_equal(res.status, 409);
	snprintf(want, sizeof want, "Norsk formiddag on %s, 10:00-11:00.", on);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	assert_string_equal(placement_status(pl, st), "awaiting_approval");
}

/* An enrolment of pid in group g from `from`: refused naming placement
 * pl (its employer and hours) and nothing saved when pl is set; else
 * taken. */
static void
enrol_from(long long pid, long long g, const char *from, long long pl)
{
	char body[128], want[512];
	snprintf(body, sizeof body, "\"group_id\":%lld,\"starts_on\":\"%s\"", g, from);
	size_t before = groups_of(pid);
	json_t *j = NULL;
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), pl != 0 ? 409 : 201);
	if (pl != 0) {
		json_t *clash = json_object_get(json_object_get(j, "error"), "clash");
		assert_int_equal(json_id(clash, "placement_id"), pl);
		snprintf(want, sizeof want,
			 "Clashes with the work placement at " EMPLOYER " (" HOURS_SHOWN "), first on %s.",
			 json_str(clash, "date"));
		assert_string_equal(field_error(j, "group_id"), want);
		assert_true(strcmp(json_str(clash, "date"), from) >= 0);
	}
	json_decref(j);
	assert_int_equal(groups_of(pid), before + (pl != 0 ? 0 : 1));
}

/* 7. A placement holds its hours over the days it ran, whatever its state
 * now: a group place back-dated over a completed placement's days (40 to
 * 10 days ago) is refused naming it, and one from the day after its last
 * day is taken; over one ended early (planned 40 days ago to in 40, ended
 * 20 days ago), refused from before the day it ended, taken from the day
 * after. */
static void
test_backdated_enrolment_over_placement_that_ran(void **state)
{
	(void)state;
	char st[32];
	long long done = api_participant(&fx.leader, "Nardos", "Timeplan", 0);
	api_in_programme(&fx.leader, done, fx.ago60);
	long long pl = negotiated_between(done, fx.ago40, fx.ago10);
	await_approval(pl);
	agree(pl);
	assert_string_equal(placement_status(pl, st), "completed");
	long long g = group_from("Norsk tilbake", fx.ago60, "10:00", "11:00");
	enrol_from(done, g, fx.ago50, pl);
	enrol_from(done, g, fx.ago9, 0);

	long long ended = api_participant(&fx.leader, "Omar", "Timeplan", 0);
	api_in_programme(&fx.leader, ended, fx.ago60);
	long long pe = negotiated_between(ended, fx.ago40, fx.in40);
	await_approval(pe);
	agree(pe);
	char path[128], end[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pe);
	snprintf(end, sizeof end, "{\"ended_on\":\"%s\",\"end_reason\":\"illness\"}", fx.ago20);
	post_ok(&fx.liv, path, end, 200);
	assert_string_equal(placement_status(pe, st), "ended_early");
	enrol_from(ended, g, fx.ago30, pe);
	enrol_from(ended, g, fx.ago19, 0);
}

static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(10, fx.in10);
	date_offset(40, fx.in40);
	date_offset(60, fx.in60);
	date_offset(-60, fx.ago60);
	date_offset(-50, fx.ago50);
	date_offset(-40, fx.ago40);
	date_offset(-30, fx.ago30);
	date_offset(-20, fx.ago20);
	date_offset(-19, fx.ago19);
	date_offset(-10, fx.ago10);
	date_offset(-9, fx.ago9);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"liv.liaison", "Liv Los", "liaison", &fx.liv},
		{"tore.teacher", "Tore Lærer", "teacher", &fx.tore},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
}

static void
test_fixture(void **state)
{
	(void)state;
	fx.liv_id = user_id(&fx.liv);
	fx.tore_id = user_id(&fx.tore);
	fx.emp = post_ok(&fx.liv, "/api/v1/employers",
			 "{\"name\":\"" EMPLOYER "\",\"orgnr\":\"923456783\",\"industry\":\"86\"}", 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.emp);
	fx.supervisor = post_ok(&fx.liv, path, "{\"name\":\"Veileder Vera\"}", 201);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_enrol_clashes_with_placement),
		cmocka_unit_test(test_enrol_clash_on_page),
		cmocka_unit_test(test_session_added_onto_placement),
		cmocka_unit_test(test_session_moved_onto_other_group),
		cmocka_unit_test(test_enrol_clashes_before_agreed),
		cmocka_unit_test(test_centre_approval_clash),
		cmocka_unit_test(test_backdated_enrolment_over_placement_that_ran),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
