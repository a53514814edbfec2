/*
 * test_register_versions.c — two people marking one register do not
 * silently overwrite each other, over HTTP on one server: the register
 * form carries the session's version, the API's register says it and
 * takes it, every save that changes a mark counts one more, and a save
 * from an older version (the teacher's form opened before the leader
 * saved) is refused 409 with its message and the register as it is now,
 * page and API, changing nothing; a form without its version is told so
 * (422). And the finance officer's list of the register's corrections is
 * reachable from the count on their home, with its API twin. A row marks
 * late and left early at once (form and API), both counted as minutes in
 * the month's summary, which counts no day away for minutes late.
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

static const char *const stale =
	"Someone else saved this register after you opened it. Nothing of yours was saved: the register below is "
	"as it is now. Mark your changes again.";
static const char *const no_version = "Must be the version you read, a whole number.";

static struct {
	struct server *s;
	struct session leader, kari, tina, finn;
	long long g;                 /* Tina's group, every day 09:00-11:00, from 5 days ago */
	long long p1, p2;            /* enrolled: "Ada One" (row 1), "Ada Two" (row 2) */
	long long s1, s2;            /* its sessions of 3 and 2 days ago */
	long long s0;                /* and of 4 days ago */
	char d0[11], d1[11];         /* their days */
} fx;

/* The register of session sid as the API shows it (caller decrefs). */
static json_t *
register_of(long long sid)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/register", sid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	return j;
}

static long long
version_of(long long sid)
{
	json_t *j = register_of(sid);
	long long v = json_id(json_object_get(j, "session"), "version");
	json_decref(j);
	return v;
}

/* The mark of participant pid in a register's JSON ("" when not marked). */
static const char *
mark_in(json_t *reg, long long pid)
{
	json_t *rows = json_object_get(reg, "marks");
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		if (json_id(row, "participant_id") == pid)
			return json_is_string(json_object_get(row, "mark")) ? json_str(row, "mark") : "";
	}
	fail_msg("no row of %lld", pid);
	return NULL;
}

/* The marks of session sid as text: "p1-mark,p2-mark" ("" for none). */
static char *
marks_text(long long sid)
{
	json_t *j = register_of(sid);
	char *text = json_dumps(json_object_get(j, "marks"), JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

static long
register_api(const struct session *sess, long long sid, const char *body, json_t **out)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/register", sid);
	return api_send_json(sess, path, body, out);
}

static const char *
error_message(json_t *j)
{
	return json_string_value(json_object_get(json_object_get(j, "error"), "message"));
}

/* The month's unexcused absence of participant pid in the API's summary
 * of the month of day: its minutes and days. */
static void
unexcused_of(long long pid, const char *day, long long *minutes, long long *days)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/attendance?month=%.7s", pid, day);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *u = json_object_get(json_object_get(json_object_get(j, "summary"), "absence"), "unexcused");
	*minutes = json_integer_value(json_object_get(u, "minutes"));
	*days = json_integer_value(json_object_get(u, "days"));
	json_decref(j);
}

/* ---- tests ---- */

/* The tester's case: Tina opens the register (all unmarked); the leader
 * saves Ada One absent, unexcused; Tina's form, "save, the rest present",
 * is refused 409: the message at the top, the register as the leader left
 * it (Ada One absent), nothing of Tina's saved. */
static void
test_stale_form_refused(void **state)
{
	(void)state;
	char page[64], hidden[80];
	snprintf(page, sizeof page, "/sessions/%lld/register", fx.s1);
	long long read = version_of(fx.s1);
	snprintf(hidden, sizeof hidden, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", read);
	struct http_res res;
	assert_int_equal(http_get(fx.s, page, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	const char *form = strstr(res.body, "id=\"register-form\"");
	assert_non_null(form);
	assert_non_null(strstr(form, hidden));
	http_res_free(&res);

	char body[256];
	json_t *j = NULL;
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"marks\":[{\"participant_id\":%lld,\"mark\":\"absent\",\"absence\":\"unexcused\"}]}",
		 read, fx.p1);
	assert_int_equal(register_api(&fx.leader, fx.s1, body, &j), 200);
	assert_int_equal(json_id(json_object_get(j, "session"), "version"), read + 1);
	json_decref(j);
	char *before = marks_text(fx.s1);

	char form_body[256];
	snprintf(form_body, sizeof form_body,
		 "version=%lld&p1=%lld&mark1=&minutes1=&absence1=&reason1=&p2=%lld&mark2=&minutes2=&absence2=&reason2="
		 "&rest_present=yes",
		 read, fx.p1, fx.p2);
	char path[64], said[320];
	snprintf(path, sizeof path, "/sessions/%lld/register", fx.s1);
	post_form(&fx.tina, path, form_body, &res);
	assert_int_equal(res.status, 409);
	snprintf(said, sizeof said, "<div class=\"error-box\" role=\"alert\" id=\"conflict\"><p>%s</p></div>", stale);
	assert_true(res_contains(&res, said));
	/* the register as it is now, at its version now */
	const char *mark1 = strstr(res.body, "name=\"mark1\"");
	assert_non_null(mark1);
	const char *absent = strstr(mark1, "<option value=\"absent\" selected>");
	assert_non_null(absent);
	assert_true(absent < strstr(mark1, "</select>"));
	snprintf(hidden, sizeof hidden, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", read + 1);
	assert_true(res_contains(&res, hidden));
	http_res_free(&res);

	char *after = marks_text(fx.s1);
	assert_string_equal(after, before);
	free(after);
	free(before);
	json_t *reg = register_of(fx.s1);
	assert_string_equal(mark_in(reg, fx.p1), "absent");
	assert_string_equal(mark_in(reg, fx.p2), "");
	json_decref(reg);
	assert_int_equal(version_of(fx.s1), read + 1);

	/* the form again from the version now is saved: Ada Two present */
	snprintf(form_body, sizeof form_body,
		 "version=%lld&p1=%lld&mark1=absent&minutes1=&absence1=unexcused&reason1=&p2=%lld&mark2=&minutes2="
		 "&absence2=&reason2=&rest_present=yes",
		 read + 1, fx.p1, fx.p2);
	post_form(&fx.tina, path, form_body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	reg = register_of(fx.s1);
	assert_string_equal(mark_in(reg, fx.p1), "absent");
	assert_string_equal(mark_in(reg, fx.p2), "present");
	json_decref(reg);
	assert_int_equal(version_of(fx.s1), read + 2);

	/* a form without its version is told so, nothing saved */
	snprintf(form_body, sizeof form_body, "p1=%lld&mark1=present&p2=%lld&mark2=present", fx.p1, fx.p2);
	post_form(&fx.tina, path, form_body, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, no_version));
	http_res_free(&res);
	reg = register_of(fx.s1);
	assert_string_equal(mark_in(reg, fx.p1), "absent");
	json_decref(reg);
}

/* The API: a save from an older version is 409 "stale" with the message
 * and the register now, and changes nothing; a version that is not a
 * whole number is 422 under "version"; a save that changes nothing leaves
 * the version; one without a version (an older client) is saved. */
static void
test_api_version(void **state)
{
	(void)state;
	long long v = version_of(fx.s2);
	char body[256];
	json_t *j = NULL;
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"marks\":[{\"participant_id\":%lld,\"mark\":\"late\",\"minutes\":15}]}", v, fx.p2);
	assert_int_equal(register_api(&fx.tina, fx.s2, body, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "written")), 1);
	json_decref(j);
	char *before = marks_text(fx.s2);

	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"marks\":[{\"participant_id\":%lld,\"mark\":\"present\"}]}", v, fx.p2);
	assert_int_equal(register_api(&fx.leader, fx.s2, body, &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "stale");
	assert_string_equal(error_message(j), stale);
	json_t *now = json_object_get(j, "register");
	assert_int_equal(json_id(json_object_get(now, "session"), "version"), v + 1);
	assert_string_equal(mark_in(now, fx.p2), "late");
	json_decref(j);

	snprintf(body, sizeof body,
		 "{\"version\":\"%lld\",\"marks\":[{\"participant_id\":%lld,\"mark\":\"present\"}]}", v + 1, fx.p2);
	assert_int_equal(register_api(&fx.leader, fx.s2, body, &j), 422);
	assert_string_equal(field_error(j, "version"), no_version);
	json_decref(j);
	snprintf(body, sizeof body,
		 "{\"version\":-1,\"marks\":[{\"participant_id\":%lld,\"mark\":\"present\"}]}", fx.p2);
	assert_int_equal(register_api(&fx.leader, fx.s2, body, &j), 422);
	assert_string_equal(field_error(j, "version"), no_version);
	json_decref(j);
	char *after = marks_text(fx.s2);
	assert_string_equal(after, before);
	free(after);
	free(before);
	assert_int_equal(version_of(fx.s2), v + 1);

	/* the same marks again: nothing written, the version stays */
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"marks\":[{\"participant_id\":%lld,\"mark\":\"late\",\"minutes\":15}]}", v + 1,
		 fx.p2);
	assert_int_equal(register_api(&fx.tina, fx.s2, body, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "written")), 0);
	json_decref(j);
	assert_int_equal(version_of(fx.s2), v + 1);
	/* no version: saved, counted */
	snprintf(body, sizeof body, "{\"marks\":[{\"participant_id\":%lld,\"mark\":\"present\"}]}", fx.p2);
	assert_int_equal(register_api(&fx.tina, fx.s2, body, &j), 200);
	json_decref(j);
	assert_int_equal(version_of(fx.s2), v + 2);
}

/* The finance officer's home links its count of the register's
 * corrections to their list, which says none waits; the API twin answers
 * an empty list; a teacher may not read it. */
static void
test_corrections_list(void **state)
{
	(void)state;
	struct http_res res;
	assert_int_equal(http_get(fx.s, "/", fx.finn.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	const char *item = strstr(res.body, "<li id=\"benefit-corrections\"><a href=\"/benefits/corrections\">");
	assert_non_null(item);
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/benefits/corrections", fx.finn.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<h1>Corrections for the next benefit run</h1>"));
	assert_true(res_contains(&res, "No corrections wait for a run."));
	http_res_free(&res);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.finn, "/api/v1/benefits/corrections", &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	assert_int_equal(api_get(&fx.tina, "/api/v1/benefits/corrections", &j), 403);
	json_decref(j);
}

/* The tester's case (issue 9): Ada Two came 10 minutes late and left 20
 * minutes early, Ada One was 5 minutes late, marked on the keyboard-first
 * form: both kept, shown, and counted as minutes in the month's summary,
 * with no day away; a left-early minutes beside another mark and a total
 * that leaves no minute are refused, changing nothing. */
static void
test_late_and_left_early(void **state)
{
	(void)state;
	char path[64], form_body[320];
	snprintf(path, sizeof path, "/sessions/%lld/register", fx.s0);
	long long v = version_of(fx.s0);
	snprintf(form_body, sizeof form_body,
		 "version=%lld&p1=%lld&mark1=late&minutes1=5&early1=&absence1=&reason1=&p2=%lld&mark2=late"
		 "&minutes2=10&early2=20&absence2=&reason2=&rest_present=no",
		 v, fx.p1, fx.p2);
	struct http_res res;
	post_form(&fx.tina, path, form_body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	json_t *reg = register_of(fx.s0);
	json_t *rows = json_object_get(reg, "marks");
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		bool two = json_id(row, "participant_id") == fx.p2;
		assert_string_equal(json_str(row, "mark"), "late");
		assert_int_equal(json_integer_value(json_object_get(row, "minutes")), two ? 10 : 5);
		if (two)
			assert_int_equal(json_integer_value(json_object_get(row, "left_early_minutes")), 20);
		else
			assert_true(json_is_null(json_object_get(row, "left_early_minutes")));
	}
	json_decref(reg);
	/* the form shows both again */
	assert_int_equal(http_get(fx.s, path, fx.tina.cookie, &res), 0);
	assert_true(res_contains(&res, "name=\"early2\" value=\"20\""));
	assert_true(res_contains(&res, "name=\"minutes2\" value=\"10\""));
	http_res_free(&res);
	/* Ada Two's month: 30 minutes, no day; Ada One's 5 minutes are no day
	 * either (her absence of 3 days ago is one when in the same month) */
	long long minutes = 0, days = 0;
	unexcused_of(fx.p2, fx.d0, &minutes, &days);
	assert_int_equal(minutes, 30);
	assert_int_equal(days, 0);
	bool same = strncmp(fx.d0, fx.d1, 7) == 0;
	unexcused_of(fx.p1, fx.d0, &minutes, &days);
	assert_int_equal(minutes, same ? 5 + 120 : 5);
	assert_int_equal(days, same ? 1 : 0);

	/* the API: left early beside "left early" is refused, as are minutes
	 * that leave none present; nothing changes */
	char *before = marks_text(fx.s0);
	char body[256];
	json_t *j = NULL;
	snprintf(body, sizeof body,
		 "{\"marks\":[{\"participant_id\":%lld,\"mark\":\"left_early\",\"minutes\":10,"
		 "\"left_early_minutes\":20}]}",
		 fx.p2);
	assert_int_equal(register_api(&fx.tina, fx.s0, body, &j), 422);
	assert_string_equal(field_error(j, "marks[0]"),
			    "Minutes left early go beside a late mark: for one who only left early, choose left early "
			    "and give the minutes missed.");
	json_decref(j);
	snprintf(body, sizeof body,
		 "{\"marks\":[{\"participant_id\":%lld,\"mark\":\"late\",\"minutes\":60,"
		 "\"left_early_minutes\":60}]}",
		 fx.p2);
	assert_int_equal(register_api(&fx.tina, fx.s0, body, &j), 422);
	assert_string_equal(field_error(j, "marks[0]"), "Minutes late and left early are together between 2 and 119.");
	json_decref(j);
	char *after = marks_text(fx.s0);
	assert_string_equal(after, before);
	free(after);
	free(before);
	/* the API saves both too */
	snprintf(body, sizeof body,
		 "{\"marks\":[{\"participant_id\":%lld,\"mark\":\"late\",\"minutes\":15,"
		 "\"left_early_minutes\":25}]}",
		 fx.p2);
	assert_int_equal(register_api(&fx.tina, fx.s0, body, &j), 200);
	json_decref(j);
	unexcused_of(fx.p2, fx.d0, &minutes, &days);
	assert_int_equal(minutes, 40);
	assert_int_equal(days, 0);
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"tina.teacher", "Tina Lærer", "teacher", &fx.tina},
		{"finn.finance", "Finn Finans", "finance", &fx.finn},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

static void
test_prepare(void **state)
{
	(void)state;
	char from[11], to[11], programme[11], d1[11], d2[11];
	date_offset(-5, from);
	date_offset(10, to);
	date_offset(-100, programme);
	date_offset(-3, d1);
	date_offset(-2, d2);
	date_offset(-4, fx.d0);
	snprintf(fx.d1, sizeof fx.d1, "%s", d1);
	json_t *err = NULL;
	fx.g = make_group(&fx.leader, "Marked twice", user_id(&fx.tina), 5, from, to, &err);
	if (fx.g <= 0)
		fail_msg("group: %s", err ? json_dumps(err, 0) : "");
	long long kari = user_id(&fx.kari);
	fx.p1 = api_participant(&fx.leader, "Ada", "One", kari);
	api_in_programme(&fx.leader, fx.p1, programme);
	fx.p2 = api_participant(&fx.leader, "Ada", "Two", kari);
	api_in_programme(&fx.leader, fx.p2, programme);
	char rest[128];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", fx.g, from);
	long long ps[2] = {fx.p1, fx.p2};
	for (int i = 0; i < 2; i++) {
		json_t *j = NULL;
		long st = enrol_json(&fx.kari, ps[i], rest, &j);
		if (st != 201)
			fail_msg("enrol: %ld %s", st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	for (size_t i = 0; i < json_array_size(ss); i++) {
		json_t *x = json_array_get(ss, i);
		if (strcmp(json_str(x, "on_date"), d1) == 0)
			fx.s1 = json_id(x, "id");
		if (strcmp(json_str(x, "on_date"), d2) == 0)
			fx.s2 = json_id(x, "id");
		if (strcmp(json_str(x, "on_date"), fx.d0) == 0)
			fx.s0 = json_id(x, "id");
	}
	json_decref(j);
	assert_true(fx.s1 > 0 && fx.s2 > 0 && fx.s0 > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare),
		cmocka_unit_test(test_stale_form_refused),
		cmocka_unit_test(test_api_version),
		cmocka_unit_test(test_corrections_list),
		cmocka_unit_test(test_late_and_left_early),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
