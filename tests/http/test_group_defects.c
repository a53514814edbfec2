/*
 * test_group_defects.c — what a tester found in groups, timetables and
 * Norwegian levels (issue 9), over HTTP on one server: the timetable says
 * a session is cancelled; an enrolment not begun is withdrawn and frees
 * its place for the waiting list; enrolling one who has left says why; an
 * assessment is not dated before the participant's birth, and one recorded
 * by mistake is withdrawn with a reason, its refusal in the summary at the
 * top; a group's Norwegian progress names each participant; counts read as
 * plurals; the register's error summary reaches its fields and the API
 * names a row as it reads the list; the attendance page links the months.
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

static struct {
	struct server *s;
	struct session leader, kari, tom, tess;
	long long kari_id, tom_id, tess_id;
	char start[11], end[11], yesterday[11], today[11], programme_start[11];
} fx;

/* The id and version of g's session on day (YYYY-MM-DD); fails when none. */
static long long
session_on(long long g, const char *day, long long *version)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", g);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	long long id = 0;
	for (size_t i = 0; i < json_array_size(ss) && id == 0; i++) {
		json_t *x = json_array_get(ss, i);
		if (strcmp(json_str(x, "on_date"), day) == 0) {
			id = json_id(x, "id");
			if (version != NULL)
				*version = json_id(x, "version");
		}
	}
	json_decref(j);
	assert_true(id > 0);
	return id;
}

/* pid enrolled in g from starts_on (the place's id). */
static long long
enrol_from(const struct session *sess, long long g, long long pid, const char *starts_on)
{
	char rest[128];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", g, starts_on);
	json_t *j = NULL;
	long st = enrol_json(sess, pid, rest, &j);
	if (st != 201)
		fail_msg("enrol: %ld %s", st, j ? json_dumps(j, 0) : "");
	long long id = json_id(j, "id");
	json_decref(j);
	return id;
}

/* ---- 9. the timetable says a session is cancelled ---- */

static void
test_timetable_says_cancelled(void **state)
{
	(void)state;
	long long g = make_group(&fx.leader, "Cancelled today", fx.tom_id, 5, fx.start, fx.end, NULL);
	assert_true(g > 0);
	long long p = api_participant(&fx.leader, "Ada", "Timetable", fx.kari_id);
	enrol_from(&fx.kari, g, p, fx.today);
	long long version = 0;
	long long sid = session_on(g, fx.today, &version);
	char path[96], body[128];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/cancel", sid);
	snprintf(body, sizeof body, "{\"reason\":\"Teacher ill\",\"version\":%lld}", version);
	assert_int_equal(api_send_json(&fx.tom, path, body, NULL), 200);
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld/timetable?week=%s", p, fx.today);
	session_get(&fx.kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<tr class=\"cancelled\">"));
	assert_true(res_contains(&res, "<td>Cancelled: Teacher ill</td>"));
	http_res_free(&res);
}

/* ---- 10. an enrolment not begun is withdrawn ---- */

static void
test_future_enrolment_withdrawn(void **state)
{
	(void)state;
	long long g = make_group(&fx.leader, "One place", fx.tom_id, 1, fx.start, fx.end, NULL);
	assert_true(g > 0);
	char first[11], day_before[11];
	date_offset(10, first);
	date_offset(9, day_before);
	long long later = api_participant(&fx.leader, "Ada", "Later", fx.kari_id);
	long long waits = api_participant(&fx.leader, "Ada", "Waits", fx.kari_id);
	long long place = enrol_from(&fx.kari, g, later, first);
	char rest[96];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"waitlist\":true", g);
	json_t *j = NULL;
	assert_int_equal(enrol_json(&fx.kari, waits, rest, &j), 201);
	assert_string_equal(json_str(j, "status"), "waiting");
	long long wait_id = json_id(j, "id");
	json_decref(j);
	char offer[96], end[96], body[160];
	snprintf(offer, sizeof offer, "/api/v1/groups/%lld/enrolments/%lld/offer", g, wait_id);
	assert_int_equal(api_send_json(&fx.kari, offer, "{}", NULL), 409);

	/* a last day before today is refused, and changes nothing */
	snprintf(end, sizeof end, "/api/v1/groups/%lld/enrolments/%lld/end", g, place);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Changed her mind\"}", fx.yesterday);
	assert_int_equal(api_send_json(&fx.kari, end, body, &j), 422);
	assert_string_equal(field_error(j, "ends_on"),
			    "The enrolment has not begun: to withdraw it, give a last day from today.");
	json_decref(j);
	/* the day before its first: withdrawn, audited */
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Changed her mind\"}", day_before);
	long st = api_send_json(&fx.kari, end, body, &j);
	if (st != 200)
		fail_msg("withdraw: %ld %s", st, j ? json_dumps(j, 0) : "");
	assert_string_equal(json_str(j, "status"), "removed");
	json_decref(j);
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", place);
	assert_int_equal(api_audit_count(&fx.leader, "group_enrolment.withdraw", id_text), 1);
	/* the place is free: the waiting list is offered it */
	assert_int_equal(api_send_json(&fx.kari, offer, "{}", &j), 200);
	assert_string_equal(json_str(j, "status"), "enrolled");
	json_decref(j);
}

/* ---- 22. enrolling one who has left ---- */

static void
test_enrol_one_who_left(void **state)
{
	(void)state;
	long long g = make_group(&fx.leader, "For the left", fx.tom_id, 5, fx.start, fx.end, NULL);
	assert_true(g > 0);
	long long p = api_participant(&fx.leader, "Ada", "Left", fx.kari_id);
	char path[96], body[256];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", p);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.programme_start);
	assert_int_equal(api_send_json(&fx.leader, path, body, &j), 201);
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", p);
	snprintf(body, sizeof body, "{\"date\":\"%s\",\"reason\":\"Moved\",\"outcome\":\"moved\",\"version\":%lld}",
		 fx.yesterday, version);
	assert_int_equal(api_send_json(&fx.leader, path, body, NULL), 200);
	char rest[64];
	snprintf(rest, sizeof rest, "\"group_id\":%lld", g);
	assert_int_equal(enrol_json(&fx.kari, p, rest, &j), 422);
	assert_string_equal(field_error(j, "participant_id"),
			    "The participant has left the programme: a place in a group is not for someone who has left.");
	json_decref(j);
	/* one the contact person never had is still not found */
	long long other = api_participant(&fx.leader, "Ada", "Stranger", 0);
	assert_int_equal(enrol_json(&fx.kari, other, rest, NULL), 404);
}

/* ---- 17. an assessment before the participant's birth ---- */

static void
test_assessment_before_birth(void **state)
{
	(void)state;
	long long p = api_participant(&fx.leader, "Ada", "Levels", fx.kari_id);
	char path[96];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/levels", p);
	/* born 1988-04-02 */
	assert_int_equal(api_send_json(&fx.kari, path,
				       "{\"assessed_on\":\"1900-01-01\",\"method\":\"teacher\",\"listening\":\"A2\"}", &j),
			 422);
	assert_string_equal(field_error(j, "assessed_on"),
			    "The date of the assessment cannot be before the participant's birth date.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.kari, path,
				       "{\"assessed_on\":\"1988-04-02\",\"method\":\"teacher\",\"listening\":\"A2\"}", NULL),
			 201);
}

/* ---- issue 9 §4: an assessment recorded by mistake is withdrawn ---- */

/* The id of p's assessment of skill at level (0: none), and the current
 * level of skill ("": none), from the levels' API as kari reads them. */
static long long
assessment_of(long long p, const char *skill, const char *level, char current[3])
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/levels", p);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	json_t *cur = json_object_get(json_object_get(j, "current"), skill);
	snprintf(current, 3, "%s", json_is_string(cur) ? json_string_value(cur) : "");
	json_t *as = json_object_get(j, "assessments");
	long long id = 0;
	for (size_t i = 0; i < json_array_size(as); i++) {
		json_t *x = json_array_get(as, i);
		if (strcmp(json_str(x, "skill"), skill) == 0 && strcmp(json_str(x, "level"), level) == 0)
			id = json_id(x, "id");
	}
	json_decref(j);
	return id;
}

static void
test_assessment_withdrawn(void **state)
{
	(void)state;
	long long p = api_participant(&fx.leader, "Ada", "Withdrawn", fx.kari_id);
	long long stranger = api_participant(&fx.leader, "Ada", "Elsewhere", 0);
	char path[96], body[160];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/levels", p);
	snprintf(body, sizeof body, "{\"assessed_on\":\"%s\",\"method\":\"teacher\",\"reading\":\"A1\"}",
		 fx.programme_start);
	assert_int_equal(api_send_json(&fx.kari, path, body, NULL), 201);
	snprintf(body, sizeof body, "{\"assessed_on\":\"%s\",\"method\":\"teacher\",\"reading\":\"B1\"}",
		 fx.yesterday);
	assert_int_equal(api_send_json(&fx.kari, path, body, NULL), 201);
	char current[3];
	long long wrong = assessment_of(p, "reading", "B1", current);
	assert_true(wrong > 0);
	assert_string_equal(current, "B1");
	char w[128];
	snprintf(w, sizeof w, "/api/v1/participants/%lld/levels/%lld/withdraw", p, wrong);
	/* no reason: 422 naming the field, nothing changed */
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, w, "{}", &j), 422);
	assert_string_equal(field_error(j, "reason"), "Say why the assessment is withdrawn.");
	json_decref(j);
	assessment_of(p, "reading", "B1", current);
	assert_string_equal(current, "B1");
	/* the page says it beside the row's reason */
	struct http_res res;
	snprintf(w, sizeof w, "/participants/%lld/levels/%lld/withdraw", p, wrong);
	post_form(&fx.kari, w, "reason=", &res);
	assert_int_equal(res.status, 422);
	char id[160];
	snprintf(id, sizeof id, "id=\"withdraw-reason-%lld-error\">Say why the assessment is withdrawn.", wrong);
	assert_true(res_contains(&res, id));
	/* and in the summary at the top, as every form says its errors,
	 * linking to the row's field */
	const char *summary = strstr(res.body, "<div class=\"error-box\" role=\"alert\" id=\"error-summary\">");
	const char *chart = strstr(res.body, "<h2 id=\"levels\">");
	assert_non_null(summary);
	assert_true(chart != NULL && summary < chart);
	snprintf(id, sizeof id, "<li><a href=\"#withdraw-reason-%lld\">Say why the assessment is withdrawn.</a></li>",
		 wrong);
	assert_true(res_contains(&res, id));
	http_res_free(&res);
	/* someone else's participant, or an assessment not theirs: not found */
	char sw[128];
	snprintf(sw, sizeof sw, "/api/v1/participants/%lld/levels/%lld/withdraw", stranger, wrong);
	assert_int_equal(api_send_json(&fx.kari, sw, "{\"reason\":\"Wrong person\"}", NULL), 404);
	snprintf(sw, sizeof sw, "/api/v1/participants/%lld/levels/%lld/withdraw", p, wrong + 1000);
	assert_int_equal(api_send_json(&fx.kari, sw, "{\"reason\":\"Wrong person\"}", NULL), 404);
	/* with no reason too: not found first, not a form error for a row
	 * that is not there */
	assert_int_equal(api_send_json(&fx.kari, sw, "{}", NULL), 404);
	snprintf(sw, sizeof sw, "/participants/%lld/levels/%lld/withdraw", p, wrong + 1000);
	post_form(&fx.kari, sw, "reason=", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	/* withdrawn: kept, struck through, no longer the current level (nor the register's) */
	snprintf(w, sizeof w, "/api/v1/participants/%lld/levels/%lld/withdraw", p, wrong);
	assert_int_equal(api_send_json(&fx.kari, w, "{\"reason\":\"Recorded for the wrong person\"}", &j), 200);
	json_t *cur = json_object_get(json_object_get(j, "current"), "reading");
	assert_string_equal(json_string_value(cur), "A1");
	json_decref(j);
	assert_int_equal(assessment_of(p, "reading", "B1", current), wrong);
	assert_string_equal(current, "A1");
	snprintf(sw, sizeof sw, "/api/v1/participants/%lld", p);
	assert_int_equal(api_get(&fx.kari, sw, &j), 200);
	assert_string_equal(json_str(j, "cefr_reading"), "A1");
	json_decref(j);
	snprintf(sw, sizeof sw, "/participants/%lld/levels", p);
	session_get(&fx.kari, sw, &res);
	assert_int_equal(res.status, 200);
	snprintf(id, sizeof id, "<tr id=\"assessment-%lld\" class=\"withdrawn\"><td><del>", wrong);
	assert_true(res_contains(&res, id));
	assert_true(res_contains(&res, ": Recorded for the wrong person</td>"));
	http_res_free(&res);
	/* withdrawn already: 409 */
	assert_int_equal(api_send_json(&fx.kari, w, "{\"reason\":\"Again\"}", NULL), 409);
}

/* ---- issue 9: a group's Norwegian progress names its participants ---- */

/* An assessment of p by kari: skill at level on day. */
static void
assessed(long long p, const char *day, const char *skill, const char *level)
{
	char path[96], body[160];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/levels", p);
	snprintf(body, sizeof body, "{\"assessed_on\":\"%s\",\"method\":\"teacher\",\"%s\":\"%s\"}", day, skill,
		 level);
	assert_int_equal(api_send_json(&fx.kari, path, body, NULL), 201);
}

/* A row per participant enrolled, by name, with their current level per
 * skill, the steps gained since their start in the programme (from the
 * level before it) and their latest assessment; a withdrawn one counts
 * nowhere. The page and the API say the same; a teacher of another group
 * gets not found. */
static void
test_group_progress(void **state)
{
	(void)state;
	long long g = make_group(&fx.leader, "Norsk A2 progress", fx.tom_id, 5, fx.start, fx.end, NULL);
	assert_true(g > 0);
	long long berg = api_participant(&fx.leader, "Zahra", "Berg", fx.kari_id);
	long long aas = api_participant(&fx.leader, "Ali", "Aas", fx.kari_id);
	api_in_programme(&fx.leader, berg, fx.programme_start);
	api_in_programme(&fx.leader, aas, fx.programme_start);
	enrol_from(&fx.kari, g, berg, fx.start);
	enrol_from(&fx.kari, g, aas, fx.start);
	char before[11], recent[11], latest[11];
	date_offset(-150, before);
	date_offset(-5, recent);
	date_offset(-3, latest);
	/* reading A1 before the start, B1 now: two steps; listening once */
	assessed(berg, before, "reading", "A1");
	assessed(berg, recent, "reading", "B1");
	assessed(berg, recent, "listening", "A2");
	/* speaking C1, recorded by mistake and withdrawn */
	assessed(berg, latest, "speaking", "C1");
	char cur[3];
	long long wrong = assessment_of(berg, "speaking", "C1", cur);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/levels/%lld/withdraw", berg, wrong);
	assert_int_equal(api_send_json(&fx.kari, path, "{\"reason\":\"Wrong participant\"}", NULL), 200);

	struct http_res res;
	snprintf(path, sizeof path, "/groups/%lld/progress", g);
	session_get(&fx.tom, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<h1>Norwegian progress: Norsk A2 progress</h1>"));
	assert_true(res_contains(&res, "<th scope=\"col\">Name</th><th scope=\"col\">Listening</th><th "
				       "scope=\"col\">Reading</th><th scope=\"col\">Speaking</th><th "
				       "scope=\"col\">Writing</th><th scope=\"col\">Steps gained since the start</th><th "
				       "scope=\"col\">Latest assessment</th>"));
	char row_aas[512], row_berg[512];
	snprintf(row_aas, sizeof row_aas,
		 "<tr id=\"progress-%lld\"><th scope=\"row\"><a href=\"/participants/%lld\">Aas, Ali</a></th>"
		 "<td>Not assessed</td><td>Not assessed</td><td>Not assessed</td><td>Not assessed</td>"
		 "<td>\xE2\x80\x94</td><td>\xE2\x80\x94</td></tr>",
		 aas, aas);
	snprintf(row_berg, sizeof row_berg,
		 "<tr id=\"progress-%lld\"><th scope=\"row\"><a href=\"/participants/%lld\">Berg, Zahra</a></th>"
		 "<td>A2</td><td>B1</td><td>Not assessed</td><td>Not assessed</td><td>+2</td><td>%s</td></tr>",
		 berg, berg, recent);
	const char *a = strstr(res.body, row_aas), *b = strstr(res.body, row_berg);
	if (a == NULL || b == NULL)
		fail_msg("rows not found: %s", res.body);
	assert_true(a < b);
	assert_false(res_contains(&res, "C1"));
	http_res_free(&res);

	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/groups/%lld/progress", g);
	assert_int_equal(api_get(&fx.tom, path, &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *x = json_array_get(items, 0);
	assert_int_equal(json_id(x, "participant_id"), aas);
	assert_string_equal(json_str(x, "family_name"), "Aas");
	assert_true(json_is_null(json_object_get(json_object_get(x, "levels"), "reading")));
	assert_int_equal(json_id(x, "steps_gained"), 0);
	assert_true(json_is_null(json_object_get(x, "last_assessed_on")));
	x = json_array_get(items, 1);
	assert_int_equal(json_id(x, "participant_id"), berg);
	assert_string_equal(json_str(x, "given_name"), "Zahra");
	json_t *lv = json_object_get(x, "levels");
	assert_string_equal(json_string_value(json_object_get(lv, "listening")), "A2");
	assert_string_equal(json_string_value(json_object_get(lv, "reading")), "B1");
	assert_true(json_is_null(json_object_get(lv, "speaking")));
	assert_true(json_is_null(json_object_get(lv, "writing")));
	assert_int_equal(json_id(x, "steps_gained"), 2);
	assert_string_equal(json_str(x, "last_assessed_on"), recent);
	json_decref(j);
	/* a teacher of other groups: not found, page and API */
	assert_int_equal(api_get(&fx.tess, path, NULL), 404);
	snprintf(path, sizeof path, "/groups/%lld/progress", g);
	session_get(&fx.tess, path, &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
}

/* ---- 20. counts in the singular ---- */

static void
test_one_register_not_marked(void **state)
{
	(void)state;
	long long g = make_group(&fx.leader, "Yesterday only", fx.tess_id, 5, fx.yesterday, fx.today, NULL);
	assert_true(g > 0);
	long long p = api_participant(&fx.leader, "Ada", "Unmarked", fx.kari_id);
	enrol_from(&fx.kari, g, p, fx.yesterday);
	struct http_res res;
	session_get(&fx.tess, "/registers", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<p>1 register is not marked.</p>"));
	http_res_free(&res);
	/* the group's page, to a teacher of another group, in one sentence */
	char path[64];
	snprintf(path, sizeof path, "/groups/%lld", g);
	session_get(&fx.tom, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "1 more participant is enrolled or waiting; only the group&#39;s teachers, "
				       "the leader and their contact person see who."));
	http_res_free(&res);
}

/* A teacher's home (issue 9 §5): today's sessions, the registers not
 * marked, the groups they teach; a contact person's has none of it. */
static void
test_teacher_home(void **state)
{
	(void)state;
	struct http_res res;
	session_get(&fx.tess, "/", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<h2 id=\"teacher-day\">Today&#39;s sessions</h2>"));
	assert_true(res_contains(&res, "<a href=\"/registers#unmarked\">1 register is not marked.</a>"));
	assert_true(res_contains(&res, "<h2 id=\"teacher-groups\">Your groups</h2>"));
	assert_true(res_contains(&res, "\">Yesterday only</a> "));
	assert_true(res_contains(&res, "<a href=\"/registers\">Registers</a></h2>"));
	http_res_free(&res);
	session_get(&fx.kari, "/", &res);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "id=\"teacher-day\""));
	assert_true(res_contains(&res, "<a href=\"/groups\">Groups</a></h2>"));
	http_res_free(&res);
}

/* ---- 19. the register's errors reach their fields ---- */

static void
test_register_errors_reach_fields(void **state)
{
	(void)state;
	long long g = make_group(&fx.leader, "Two marked", fx.tom_id, 5, fx.yesterday, fx.end, NULL);
	assert_true(g > 0);
	long long p1 = api_participant(&fx.leader, "Ada", "Aaa", fx.kari_id);
	long long p2 = api_participant(&fx.leader, "Ada", "Bbb", fx.kari_id);
	enrol_from(&fx.kari, g, p1, fx.yesterday);
	enrol_from(&fx.kari, g, p2, fx.yesterday);
	long long sid = session_on(g, fx.yesterday, NULL);
	char path[64], form[160];
	snprintf(path, sizeof path, "/sessions/%lld/register", sid);
	snprintf(form, sizeof form, "version=1&p1=%lld&mark1=present&p2=%lld&mark2=late&minutes2=&rest_present=no", p1,
		 p2);
	struct http_res res;
	post_form(&fx.tom, path, form, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "<li><a href=\"#mark2\">"));
	assert_false(res_contains(&res, "#marks."));
	assert_true(res_contains(&res, "id=\"mark2\" name=\"mark2\" aria-invalid=\"true\" aria-describedby=\"row2-error\""));
	assert_true(res_contains(&res, "id=\"row2-error\""));
	http_res_free(&res);
	/* the API names the row from 0, as it names a member of the list */
	char api[64], body[192];
	snprintf(api, sizeof api, "/api/v1/sessions/%lld/register", sid);
	snprintf(body, sizeof body, "{\"marks\":[{\"participant_id\":%lld,\"mark\":\"present\"},"
				    "{\"participant_id\":%lld,\"mark\":\"late\"}]}", p1, p2);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.tom, api, body, &j), 422);
	json_t *f = err_fields(j);
	assert_non_null(json_object_get(f, "marks[1]"));
	assert_null(json_object_get(f, "marks.2"));
	json_decref(j);
}

/* ---- 23. the attendance page links the months ---- */

static void
test_attendance_months_linked(void **state)
{
	(void)state;
	long long p = api_participant(&fx.leader, "Ada", "Months", fx.kari_id);
	char path[96];
	snprintf(path, sizeof path, "/participants/%lld/attendance?month=2026-01", p);
	struct http_res res;
	session_get(&fx.kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<a rel=\"prev\" href=\"?month=2025-12\">Previous month</a>"));
	assert_true(res_contains(&res, "<a rel=\"next\" href=\"?month=2026-02\">Next month</a>"));
	http_res_free(&res);
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"tom.teacher", "Tom Lærer", "teacher", &fx.tom},
		{"tess.teacher", "Tess Lærer", "teacher", &fx.tess},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

static void
test_prepare(void **state)
{
	(void)state;
	fx.kari_id = user_id(&fx.kari);
	fx.tom_id = user_id(&fx.tom);
	fx.tess_id = user_id(&fx.tess);
	date_offset(-14, fx.start);
	date_offset(30, fx.end);
	date_offset(-1, fx.yesterday);
	date_offset(0, fx.today);
	date_offset(-100, fx.programme_start);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare),
		cmocka_unit_test(test_timetable_says_cancelled),
		cmocka_unit_test(test_future_enrolment_withdrawn),
		cmocka_unit_test(test_enrol_one_who_left),
		cmocka_unit_test(test_assessment_before_birth),
		cmocka_unit_test(test_assessment_withdrawn),
		cmocka_unit_test(test_group_progress),
		cmocka_unit_test(test_one_register_not_marked),
		cmocka_unit_test(test_teacher_home),
		cmocka_unit_test(test_register_errors_reach_fields),
		cmocka_unit_test(test_attendance_months_linked),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
