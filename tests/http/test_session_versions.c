/*
 * test_session_versions.c — a session is moved or cancelled at the version
 * its reader was given, over HTTP on one server: the register page's move
 * and cancel forms carry it, the API's session says it, each change counts
 * one more, and a move or cancellation from an older version (two teachers
 * at the same session) is refused 409 with its message, page and API,
 * changing nothing; a request with no version is told so (422). A session
 * whose only saved mark is a paused participant's offers neither form. A
 * pause's days are changed at its period's version, page and API, and
 * each bad change is refused with its words.
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

static const char *const stale_move =
	"Someone else changed this session after you opened it. Check the session and move it again.";
static const char *const stale_cancel =
	"Someone else changed this session after you opened it. Check the session before you cancel it.";
static const char *const no_version = "Must be the version you read, a whole number.";

static struct {
	struct server *s;
	struct session leader, tina;
	long long g;                 /* Tina's group, every day 09:00-11:00, next week on */
	long long s1, s2;            /* its first two sessions */
	char d1[11], d2[11];         /* their days */
} fx;

/* The session id of fx.g as the API shows it (JSON text; caller frees). */
static char *
session_text(long long id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	char *text = NULL;
	for (size_t i = 0; i < json_array_size(ss); i++)
		if (json_id(json_array_get(ss, i), "id") == id)
			text = json_dumps(json_array_get(ss, i), JSON_SORT_KEYS);
	json_decref(j);
	assert_non_null(text);
	return text;
}

/* The version of session id, as the API shows it. */
static long long
version_of(long long id)
{
	char *text = session_text(id);
	json_t *j = json_loads(text, 0, NULL);
	free(text);
	long long v = json_id(j, "version");
	json_decref(j);
	return v;
}

/* POSTs body to the API's path of session id (".../move", ".../cancel") as
 * Tina: the status; *message the error's message (or NULL). */
static long
session_api(long long id, const char *action, const char *body, json_t **out)
{
	char path[80];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/%s", id, action);
	return api_send_json(&fx.tina, path, body, out);
}

static const char *
error_message(json_t *j)
{
	return json_string_value(json_object_get(json_object_get(j, "error"), "message"));
}

/* ---- tests ---- */

/* Each session starts at version 1; a move at it is saved and counts one
 * more; the same move from version 1 again (the second teacher) is
 * refused 409 and the session stays as the first left it; a move naming
 * no version, or one that is not a number, is 422 under "version". */
static void
test_move_at_version(void **state)
{
	(void)state;
	assert_int_equal(version_of(fx.s1), 1);
	char body[160];
	json_t *j = NULL;
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"12:00\",\"end\":\"13:00\",\"version\":1}", fx.d1);
	assert_int_equal(session_api(fx.s1, "move", body, &j), 200);
	assert_string_equal(json_str(j, "start"), "12:00");
	assert_int_equal(json_id(j, "version"), 2);
	json_decref(j);
	char *before = session_text(fx.s1);

	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"14:00\",\"end\":\"15:00\",\"version\":1}", fx.d1);
	assert_int_equal(session_api(fx.s1, "move", body, &j), 409);
	assert_string_equal(error_message(j), stale_move);
	json_decref(j);
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"14:00\",\"end\":\"15:00\"}", fx.d1);
	assert_int_equal(session_api(fx.s1, "move", body, &j), 422);
	assert_string_equal(field_error(j, "version"), no_version);
	json_decref(j);
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"14:00\",\"end\":\"15:00\",\"version\":\"2\"}", fx.d1);
	assert_int_equal(session_api(fx.s1, "move", body, &j), 422);
	assert_string_equal(field_error(j, "version"), no_version);
	json_decref(j);

	char *after = session_text(fx.s1);
	assert_string_equal(after, before);
	free(after);
	free(before);
}

/* The register page's forms carry the session's version; a move or a
 * cancellation posted from a page read before the session changed is
 * refused: the page again, 409, the message at the top; nothing saved. */
static void
test_stale_forms_refused(void **state)
{
	(void)state;
	char page[64], hidden[64], form[160];
	snprintf(page, sizeof page, "/sessions/%lld/register", fx.s2);
	snprintf(hidden, sizeof hidden, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", version_of(fx.s2));
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	const char *move_form = strstr(res.body, "id=\"move-form\"");
	const char *cancel_form = strstr(res.body, "id=\"cancel-form\"");
	assert_non_null(move_form);
	assert_non_null(cancel_form);
	const char *first = strstr(move_form, hidden);
	assert_non_null(first);
	assert_true(first < cancel_form);
	assert_non_null(strstr(cancel_form, hidden));
	http_res_free(&res);
	long long read = version_of(fx.s2);

	/* the other teacher moves it meanwhile */
	char body[160];
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"12:00\",\"end\":\"13:00\",\"version\":%lld}", fx.d2,
		 read);
	assert_int_equal(session_api(fx.s2, "move", body, NULL), 200);
	char *before = session_text(fx.s2);

	char path[64], said[256];
	snprintf(said, sizeof said, "<div class=\"error-box\" role=\"alert\" id=\"conflict\"><p>%s</p></div>", stale_move);
	snprintf(path, sizeof path, "/sessions/%lld/move", fx.s2);
	snprintf(form, sizeof form, "on_date=%s&start=14:00&end=15:00&version=%lld", fx.d2, read);
	post_form(&fx.tina, path, form, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, said));
	http_res_free(&res);
	snprintf(said, sizeof said, "<div class=\"error-box\" role=\"alert\" id=\"conflict\"><p>%s</p></div>", stale_cancel);
	snprintf(path, sizeof path, "/sessions/%lld/cancel", fx.s2);
	snprintf(form, sizeof form, "reason=Teacher+ill&version=%lld", read);
	post_form(&fx.tina, path, form, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, said));
	http_res_free(&res);
	/* a form without its version is told so beside the fields' errors */
	post_form(&fx.tina, path, "reason=Teacher+ill", &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, no_version));
	http_res_free(&res);

	char *after = session_text(fx.s2);
	assert_string_equal(after, before);
	free(after);
	free(before);
}

/* A cancellation at an older version is refused 409 (API) and the session
 * stays planned; at the version now it is cancelled and counts one more. */
static void
test_cancel_at_version(void **state)
{
	(void)state;
	long long now = version_of(fx.s1);
	assert_true(now > 1);
	char body[128];
	json_t *j = NULL;
	snprintf(body, sizeof body, "{\"reason\":\"Teacher ill\",\"version\":%lld}", now - 1);
	assert_int_equal(session_api(fx.s1, "cancel", body, &j), 409);
	assert_string_equal(error_message(j), stale_cancel);
	json_decref(j);
	char *text = session_text(fx.s1);
	assert_non_null(strstr(text, "\"status\": \"planned\""));
	free(text);
	assert_int_equal(session_api(fx.s1, "cancel", "{\"reason\":\"Teacher ill\"}", &j), 422);
	assert_string_equal(field_error(j, "version"), no_version);
	json_decref(j);
	snprintf(body, sizeof body, "{\"reason\":\"Teacher ill\",\"version\":%lld}", now);
	assert_int_equal(session_api(fx.s1, "cancel", body, &j), 200);
	assert_string_equal(json_str(j, "status"), "cancelled");
	assert_int_equal(json_id(j, "version"), now + 1);
	json_decref(j);
}

/* A session whose only saved mark is of a participant paused that day (a
 * pause recorded after the register was saved) is neither moved nor
 * cancelled (decision 179): its register page offers neither form. Pia,
 * in the programme, enrolled in a group since six days ago, is marked
 * present on its first day; then paused from that day. */
static void
test_paused_mark_offers_no_move(void **state)
{
	(void)state;
	char start[11], from[11], to[11];
	date_offset(-30, start);
	date_offset(-6, from);
	date_offset(5, to);
	long long pid = api_participant(&fx.leader, "Pia", "Pause", 0);
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", start);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.leader, path, body, &j), 201);
	long long eid = json_id(j, "id"), version = json_id(j, "version");
	json_decref(j);
	long long g = make_group(&fx.leader, "Kept mark", user_id(&fx.tina), 5, from, to, &j);
	if (g <= 0)
		fail_msg("group: %s", j ? json_dumps(j, 0) : "");
	snprintf(body, sizeof body, "\"group_id\":%lld,\"starts_on\":\"%s\"", g, from);
	assert_int_equal(enrol_json(&fx.leader, pid, body, &j), 201);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/groups/%lld", g);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *first = json_array_get(json_object_get(j, "sessions"), 0);
	long long sid = json_id(first, "id");
	char day[11];
	snprintf(day, sizeof day, "%s", json_str(first, "on_date"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/register", sid);
	assert_int_equal(api_send_json(&fx.tina, path, "{\"rest_present\":true,\"marks\":[]}", NULL), 200);
	char page[64];
	snprintf(page, sizeof page, "/sessions/%lld/register", sid);
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "id=\"move-form\""));   /* marked: fixed */
	http_res_free(&res);

	snprintf(path, sizeof path, "/api/v1/enrolments/%lld/pause", eid);
	snprintf(body, sizeof body, "{\"version\":%lld,\"from\":\"%s\",\"reason\":\"Sick leave\"}", version, day);
	assert_int_equal(api_send_json(&fx.leader, path, body, NULL), 200);
	assert_int_equal(http_get(fx.s, page, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "id=\"move-form\""));
	assert_false(res_contains(&res, "id=\"cancel-form\""));
	http_res_free(&res);
}

/* The period of participant pid as the API shows it (the caller frees
 * the answer *all; the current period is returned). */
static json_t *
period_now(long long pid, json_t **all)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	assert_int_equal(api_get(&fx.leader, path, all), 200);
	return json_object_get(*all, "current");
}

/* The current period's pauses of pid as "from..to" joined by spaces, and
 * its version. */
static void
pauses_are(long long pid, const char *want, long long version)
{
	json_t *all = NULL, *cur = period_now(pid, &all);
	char got[200] = "";
	size_t k = 0;
	json_t *ps = json_object_get(cur, "pauses");
	for (size_t i = 0; i < json_array_size(ps); i++) {
		json_t *p = json_array_get(ps, i);
		k += (size_t)snprintf(got + k, sizeof got - k, "%s%s..%s", i ? " " : "", json_str(p, "from"),
				      json_str(p, "to"));
	}
	assert_string_equal(got, want);
	assert_int_equal(json_id(cur, "version"), version);
	json_decref(all);
}

/* A pause's days typed wrong are changed at the period's version (issue
 * 9), through the API and the pause's page, by the leader: each bad change
 * is refused with its words under its field (422), an older version with
 * 409, and changes nothing; a teacher may not open the page. Sara, in the
 * programme from 30 days ago, paused from 20 to 10 days ago and from 5
 * days ago on. */
static void
test_pause_days_changed(void **state)
{
	(void)state;
	char d[8][11];
	static const int offsets[8] = {-30, -20, -10, -5, -40, -8, -3, 1};
	for (int i = 0; i < 8; i++)
		date_offset(offsets[i], d[i]);
	long long pid = api_participant(&fx.leader, "Sara", "Pause", 0);
	api_in_programme(&fx.leader, pid, d[0]);
	json_t *all = NULL, *cur = period_now(pid, &all);
	long long eid = json_id(cur, "id"), version = json_id(cur, "version");
	json_decref(all);
	char path[96], body[256], want[200];
	snprintf(path, sizeof path, "/api/v1/enrolments/%lld/pause", eid);
	snprintf(body, sizeof body, "{\"from\":\"%s\",\"to\":\"%s\",\"reason\":\"Sick leave\"}", d[1], d[2]);
	assert_int_equal(api_send_json(&fx.leader, path, body, NULL), 200);
	snprintf(body, sizeof body, "{\"from\":\"%s\",\"reason\":\"Travel\"}", d[3]);
	assert_int_equal(api_send_json(&fx.leader, path, body, NULL), 200);
	cur = period_now(pid, &all);
	version = json_id(cur, "version");
	long long first = json_id(json_array_get(json_object_get(cur, "pauses"), 0), "id");
	assert_string_equal(json_str(cur, "status"), "paused");
	json_decref(all);
	snprintf(want, sizeof want, "%s..%s %s..", d[1], d[2], d[3]);

	char before_start[120], overlap[120];
	snprintf(before_start, sizeof before_start, "The pause cannot start before the programme period began on %s.",
		 d[0]);
	snprintf(overlap, sizeof overlap, "The pause overlaps the one from %s, which has not ended.", d[3]);
	const struct {
		const char *from, *to, *field, *message;
	} bad[] = {
		{d[1], d[1], "to", "The end of the pause must be after its start."},
		{d[4], d[2], "from", before_start},
		{d[5], d[6], "from", overlap},
		{d[7], NULL, "from", "The pause cannot start in the future."},
		{NULL, d[2], "from", "Give the pause's first day."},
	};
	snprintf(path, sizeof path, "/api/v1/enrolments/%lld/pauses/%lld", eid, first);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int k = snprintf(body, sizeof body, "{\"version\":%lld", version);
		if (bad[i].from != NULL)
			k += snprintf(body + k, sizeof body - (size_t)k, ",\"from\":\"%s\"", bad[i].from);
		snprintf(body + k, sizeof body - (size_t)k, ",\"to\":%s%s%s}", bad[i].to ? "\"" : "",
			 bad[i].to ? bad[i].to : "null", bad[i].to ? "\"" : "");
		json_t *j = NULL;
		long st = api_send_json(&fx.leader, path, body, &j);
		if (st != 422 || strcmp(field_error(j, bad[i].field), bad[i].message) != 0)
			fail_msg("row %zu: %ld %s", i, st, j ? json_dumps(j, 0) : "");
		json_decref(j);
		pauses_are(pid, want, version);
	}
	/* an older version */
	snprintf(body, sizeof body, "{\"version\":%lld,\"from\":\"%s\",\"to\":\"%s\"}", version + 1, d[1], d[5]);
	assert_int_equal(api_send_json(&fx.leader, path, body, NULL), 409);
	pauses_are(pid, want, version);

	/* the page: a teacher may not open it; the leader's form says a bad
	 * end beside it, then saves */
	char page[96];
	snprintf(page, sizeof page, "/enrolments/%lld/pauses/%lld", eid, first);
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, page, fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"pause-change-form\""));
	http_res_free(&res);
	snprintf(body, sizeof body, "version=%lld&from=%s&to=%s", version, d[1], d[1]);
	post_form(&fx.leader, page, body, &res);
	assert_int_equal(res.status, 422);
	char *said = page_field_error(&res, "to");
	assert_non_null(said);
	assert_string_equal(said, "The end of the pause must be after its start.");
	free(said);
	http_res_free(&res);
	pauses_are(pid, want, version);
	snprintf(body, sizeof body, "version=%lld&from=%s&to=%s", version, d[1], d[5]);
	post_form(&fx.leader, page, body, &res);
	assert_int_equal(res.status, 303);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_non_null(flash);
	assert_string_equal(flash, "pause-changed");
	free(flash);
	http_res_free(&res);
	snprintf(want, sizeof want, "%s..%s %s..", d[1], d[5], d[3]);
	pauses_are(pid, want, version + 1);
	/* the period's tab links to it */
	snprintf(page, sizeof page, "/participants/%lld/enrolment", pid);
	assert_int_equal(http_get(fx.s, page, fx.leader.cookie, &res), 0);
	snprintf(path, sizeof path, "href=\"/enrolments/%lld/pauses/%lld\"", eid, first);
	assert_true(res_contains(&res, path));
	http_res_free(&res);
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"tina.teacher", "Tina Lærer", "teacher", &fx.tina},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

static void
test_prepare(void **state)
{
	(void)state;
	char from[11], to[11];
	date_offset(7, from);
	date_offset(40, to);
	json_t *err = NULL;
	fx.g = make_group(&fx.leader, "Moved and cancelled", user_id(&fx.tina), 5, from, to, &err);
	if (fx.g <= 0)
		fail_msg("group: %s", err ? json_dumps(err, 0) : "");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	assert_true(json_array_size(ss) >= 2);
	fx.s1 = json_id(json_array_get(ss, 0), "id");
	fx.s2 = json_id(json_array_get(ss, 1), "id");
	snprintf(fx.d1, sizeof fx.d1, "%s", json_str(json_array_get(ss, 0), "on_date"));
	snprintf(fx.d2, sizeof fx.d2, "%s", json_str(json_array_get(ss, 1), "on_date"));
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare),
		cmocka_unit_test(test_move_at_version),
		cmocka_unit_test(test_stale_forms_refused),
		cmocka_unit_test(test_cancel_at_version),
		cmocka_unit_test(test_paused_mark_offers_no_move),
		cmocka_unit_test(test_pause_days_changed),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
