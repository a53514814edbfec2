/*
 * test_internship_pages.c — what the internship pages and their API twins
 * show that a liaison's try found missing (issue 10, sections 4 and 5),
 * over HTTP on either engine: the liaison's home lists the evaluations
 * outstanding of the placements they follow (the mid-point one from the
 * middle of an active placement, the final one from a week before the
 * last day until 30 days after), and not those of another follow-up
 * person or of a placement called off before its first day; the
 * employer's page shows each placement's evaluations, and its twin the
 * agreements, the placements with their evaluations and the conversion;
 * the participant's page shows each placement's evaluations and result
 * (with the job's terms when hired), and GET
 * /api/v1/participants/:id/placements the same, to their contact person
 * and the liaison and to no other contact person; /api/v1/placements
 * takes ?participant_id, with the same rule, and refuses a bad one.
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
	struct session admin, leader, liv, kari, ola;
	long long kari_id, liv_id, ola_id;
	long long emp, supervisor, agreement;
	char today[11], in10[11], in40[11];
	/* the placements of test_fixture's story */
	long long mid_due, end_due, kari_follows, called_off, long_ago, hired;
	long long hired_pid;
} fx;

static long long
make_participant(const char *given)
{
	char body[512], path[128];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"%s\",\"family_name\":\"Side\",\"birth_date\":\"1990-04-0%d\",\"gender\":\"female\"}",
		 given, (int)(strlen(given) % 9) + 1);
	long long id = post_ok(&fx.leader, "/api/v1/participants", body, 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", id);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.today);
	post_ok(&fx.leader, path, body, 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", id);
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"x\"}", fx.kari_id);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	return id;
}

/* An agreed placement of pid from starts_on to in 40 days followed up by
 * follow_up. */
static long long
agreed(long long pid, const char *starts_on, long long follow_up)
{
	char body[512], path[128];
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, fx.emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Kitchen\"}",
		 fx.supervisor, follow_up, starts_on, fx.in40);
	post_ok(&fx.liv, path, body, 200);
	/* approved by the follow-up person: the liaison, or kari */
	const struct session *by = follow_up == fx.kari_id ? &fx.kari : &fx.liv;
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(by, path, "{\"party\":\"employer\"}", 200);
	post_ok(by, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
	post_ok(by, path, "{\"party\":\"centre\"}", 200);
	return pl;
}

/* Moves placement pl's period to start and end days from today (the
 * story's past: the commands keep an agreed first day out of it). */
static void
move(long long pl, int start, int end)
{
	char from[11], to[11], sql[256];
	date_offset(start, from);
	date_offset(end, to);
	snprintf(sql, sizeof sql, "UPDATE placements SET starts_on = '%s', ends_on = '%s' WHERE id = %lld", from, to,
		 pl);
	server_sql(fx.s, sql);
}

static void
evaluate(long long pl, const char *kind)
{
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", pl);
	snprintf(body, sizeof body,
		 "{\"kind\":\"%s\",\"punctuality\":\"4\",\"norwegian\":\"3\",\"understanding\":\"5\",\"quality\":\"4\","
		 "\"cooperation\":\"5\",\"initiative\":\"not_seen\",\"strengths\":\"Steady\"}",
		 kind);
	post_ok(&fx.liv, path, body, 201);
}

/* The item of placement pl in a list's items, or NULL. */
static json_t *
item_of(json_t *items, long long pl)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
		if (json_id(v, "id") == pl)
			return v;
	return NULL;
}

/* "mid", "end" or "mid end": the kinds in an item's array key. */
static const char *
kinds(json_t *item, const char *key, char *out, size_t len)
{
	out[0] = '\0';
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(item, key), i, v) {
		const char *k = json_is_string(v) ? json_string_value(v) : json_str(v, "kind");
		snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? " " : "", k);
	}
	return out;
}

/* 1. The liaison's home: their placements owing an evaluation, with what
 * each owes, the same on the page and in its twin. */
static void
test_home_evaluations_outstanding(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	json_t *eo = json_object_get(j, "evaluations_outstanding");
	assert_non_null(eo);
	json_t *items = json_object_get(eo, "items");
	char k[32];
	/* ending soonest first: the final one owed (ended 30 days ago), then
	 * the one ending in three days, then the one past its middle */
	assert_int_equal(json_array_size(items), 3);
	assert_int_equal(json_id(eo, "total"), 3);
	assert_int_equal(json_id(json_array_get(items, 0), "id"), fx.long_ago);
	assert_string_equal(kinds(json_array_get(items, 0), "due", k, sizeof k), "end");
	assert_int_equal(json_id(json_array_get(items, 1), "id"), fx.end_due);
	assert_string_equal(kinds(json_array_get(items, 1), "due", k, sizeof k), "end");
	assert_int_equal(json_id(json_array_get(items, 2), "id"), fx.mid_due);
	assert_string_equal(kinds(json_array_get(items, 2), "due", k, sizeof k), "mid");
	/* not kari's, not the one called off before its first day, not the
	 * one hired and evaluated at both */
	assert_null(item_of(items, fx.kari_follows));
	assert_null(item_of(items, fx.called_off));
	assert_null(item_of(items, fx.hired));
	json_decref(j);
	struct http_res res;
	session_get(&fx.liv, "/internships", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Your evaluations outstanding (3)"));
	assert_true(res_contains(&res, "<table id=\"evaluations\">"));
	char want[160];
	snprintf(want, sizeof want, "<a href=\"/placements/%lld/evaluations\">Mid-point evaluation</a>", fx.mid_due);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "<a href=\"/placements/%lld/evaluations\">Final evaluation</a>", fx.end_due);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "/placements/%lld/evaluations", fx.kari_follows);
	assert_false(res_contains(&res, want));
	http_res_free(&res);
	/* recording the mid-point evaluation takes it off */
	evaluate(fx.mid_due, "mid");
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	eo = json_object_get(j, "evaluations_outstanding");
	assert_int_equal(json_id(eo, "total"), 2);
	assert_null(item_of(json_object_get(eo, "items"), fx.mid_due));
	json_decref(j);
	/* one ended 31 days ago owes nothing any more */
	move(fx.long_ago, -80, -31);
	assert_int_equal(api_get(&fx.liv, "/api/v1/internships", &j), 200);
	eo = json_object_get(j, "evaluations_outstanding");
	assert_int_equal(json_id(eo, "total"), 1);
	assert_null(item_of(json_object_get(eo, "items"), fx.long_ago));
	json_decref(j);
	move(fx.long_ago, -80, -30);
}

/* 2. The employer's page shows each placement's evaluations; its twin the
 * agreements, the placements with their evaluations and the conversion. */
static void
test_employer_evaluations(void **state)
{
	(void)state;
	char path[96], want[192];
	struct http_res res;
	snprintf(path, sizeof path, "/employers/%lld", fx.emp);
	session_get(&fx.liv, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<th scope=\"col\">Evaluations</th>"));
	snprintf(want, sizeof want, "<a href=\"/placements/%lld/evaluations\">Mid-point evaluation, ", fx.hired);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "<a href=\"/placements/%lld/evaluations\">Final evaluation, ", fx.hired);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/employers/%lld", fx.emp);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	json_t *ags = json_object_get(j, "agreements");
	assert_int_equal(json_array_size(ags), 1);
	assert_int_equal(json_id(json_array_get(ags, 0), "id"), fx.agreement);
	json_t *pls = json_object_get(j, "placements");
	assert_int_equal(json_id(pls, "total"), 6);
	json_t *h = item_of(json_object_get(pls, "items"), fx.hired);
	assert_non_null(h);
	char k[32];
	assert_string_equal(kinds(h, "evaluations", k, sizeof k), "mid end");
	json_t *ev = json_array_get(json_object_get(h, "evaluations"), 0);
	assert_string_equal(json_str(ev, "punctuality"), "4");
	assert_string_equal(json_str(ev, "initiative"), "not_seen");
	assert_string_equal(json_str(ev, "strengths"), "Steady");
	assert_string_equal(kinds(item_of(json_object_get(pls, "items"), fx.end_due), "evaluations", k, sizeof k), "mid");
	assert_string_equal(kinds(item_of(json_object_get(pls, "items"), fx.long_ago), "evaluations", k, sizeof k), "");
	json_t *conv = json_object_get(j, "conversion");
	assert_int_equal(json_id(conv, "concluded"), 1);
	assert_int_equal(json_id(conv, "hired"), 1);
	assert_int_equal(json_id(conv, "percent"), 100);
	json_decref(j);
	/* a contact person's twin carries only their participants' placements */
	assert_int_equal(api_get(&fx.ola, path, &j), 200);
	assert_int_equal(json_id(json_object_get(j, "placements"), "total"), 0);
	json_decref(j);
}

/* 3. The participant's page and its twin: each placement's status,
 * evaluations and result, with the job's terms when hired; their contact
 * person and the liaison read them, another contact person does not. */
static void
test_participant_placements(void **state)
{
	(void)state;
	char path[96], want[192];
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld", fx.hired_pid);
	session_get(&fx.kari, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<table id=\"participant-placements\">"));
	snprintf(want, sizeof want, "<a href=\"/placements/%lld/evaluations\">Final evaluation, ", fx.hired);
	assert_true(res_contains(&res, want));
	assert_true(res_contains(&res, "<th scope=\"col\">Result</th>"));
	assert_true(res_contains(&res, ">Cook</a>: Permanent, 80 % of full time, from "));
	http_res_free(&res);
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/placements", fx.hired_pid);
	for (int who = 0; who < 2; who++) {
		assert_int_equal(api_get(who == 0 ? &fx.kari : &fx.liv, path, &j), 200);
		json_t *items = json_object_get(j, "items");
		assert_int_equal(json_array_size(items), 1);
		json_t *p = json_array_get(items, 0);
		assert_int_equal(json_id(p, "id"), fx.hired);
		assert_string_equal(json_str(p, "status"), "completed");
		assert_string_equal(json_str(p, "result"), "hired");
		char k[32];
		assert_string_equal(kinds(p, "evaluations", k, sizeof k), "mid end");
		json_t *job = json_object_get(p, "job");
		assert_string_equal(json_str(job, "title"), "Cook");
		assert_string_equal(json_str(job, "kind"), "permanent");
		assert_int_equal(json_id(job, "percent"), 80);
		json_decref(j);
	}
	assert_int_equal(api_get(&fx.ola, path, &j), 404);
	json_decref(j);
	/* one not hired says so, and has no job */
	snprintf(path, sizeof path, "/api/v1/placements/%lld", fx.long_ago);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	long long pid = json_id(j, "participant_id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/result", fx.long_ago);
	post_ok(&fx.liv, path, "{\"hired\":false}", 200);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/placements", pid);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	json_t *p = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_str(p, "result"), "not_hired");
	assert_true(json_is_null(json_object_get(p, "job")));
	json_decref(j);
	snprintf(path, sizeof path, "/participants/%lld", pid);
	session_get(&fx.liv, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<td>Not hired ("));
	http_res_free(&res);
}

/* 4. /api/v1/placements?participant_id=N: that participant's placements,
 * for whoever reads them; a bad number is a 400 saying so. */
static void
test_placements_of_participant(void **state)
{
	(void)state;
	char path[128];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/placements?participant_id=%lld", fx.hired_pid);
	for (int who = 0; who < 2; who++) {
		assert_int_equal(api_get(who == 0 ? &fx.kari : &fx.liv, path, &j), 200);
		assert_int_equal(json_id(j, "total"), 1);
		assert_int_equal(json_id(json_array_get(json_object_get(j, "items"), 0), "id"), fx.hired);
		json_decref(j);
	}
	assert_int_equal(api_get(&fx.ola, path, &j), 404);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements?participant_id=%lld&status=active", fx.hired_pid);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_id(j, "total"), 0);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements?participant_id=%lld&status=completed", fx.hired_pid);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_id(j, "total"), 1);
	json_decref(j);
	static const char *const bad[] = {"abc", "0", "-3", "1.5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/placements?participant_id=%s", bad[i]);
		assert_int_equal(api_get(&fx.liv, path, &j), 400);
		assert_string_equal(json_str(json_object_get(j, "error"), "message"),
				    "participant_id must be a participant's number, a whole number from 1.");
		json_decref(j);
	}
	/* the page takes it too */
	struct http_res res;
	snprintf(path, sizeof path, "/placements?participant_id=%lld", fx.hired_pid);
	session_get(&fx.liv, path, &res);
	assert_int_equal(res.status, 200);
	char want[64];
	snprintf(want, sizeof want, "<a href=\"/placements/%lld\">", fx.hired);
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "<a href=\"/placements/%lld\">", fx.end_due);
	assert_false(res_contains(&res, want));
	http_res_free(&res);
}

/* ---- setup ---- */

static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(10, fx.in10);
	date_offset(40, fx.in40);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"liv.liaison", "Liv Los", "liaison", &fx.liv},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfølger", "contact", &fx.ola},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
}

/* The story: six placements at one employer, all of kari's participants.
 * mid_due: day 30 of 50 (past its middle); end_due: ends in three days,
 * its mid-point evaluation recorded; kari_follows: past its middle,
 * followed up by kari; called_off: agreed to start in ten days, called
 * off yesterday; long_ago: ended 30 days ago with neither; hired: ended
 * ten days ago, evaluated at both, hired. */
static void
test_fixture(void **state)
{
	(void)state;
	fx.kari_id = user_id(&fx.kari);
	fx.liv_id = user_id(&fx.liv);
	fx.ola_id = user_id(&fx.ola);
	fx.emp = post_ok(&fx.liv, "/api/v1/employers",
			 "{\"name\":\"Sidekafeen AS\",\"orgnr\":\"923456783\",\"industry\":\"56\"}", 201);
	char path[128], body[512], yesterday[11];
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.emp);
	fx.supervisor = post_ok(&fx.liv, path, "{\"name\":\"Veileder Vera\"}", 201);
	snprintf(body, sizeof body, "{\"name\":\"Næringsforeningen 60\",\"party\":\"Næringsforeningen\","
		 "\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"places\":60}", fx.today, fx.in40);
	fx.agreement = post_ok(&fx.liv, "/api/v1/agreements", body, 201);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld/employers", fx.agreement);
	snprintf(body, sizeof body, "{\"employer_id\":%lld}", fx.emp);
	post_ok(&fx.liv, path, body, 200);

	fx.mid_due = agreed(make_participant("Abeba"), fx.today, fx.liv_id);
	move(fx.mid_due, -30, 20);
	fx.end_due = agreed(make_participant("Bisrat"), fx.today, fx.liv_id);
	move(fx.end_due, -60, 3);
	evaluate(fx.end_due, "mid");
	fx.kari_follows = agreed(make_participant("Chaltu"), fx.today, fx.kari_id);
	move(fx.kari_follows, -30, 20);
	fx.called_off = agreed(make_participant("Dagim"), fx.in10, fx.liv_id);
	date_offset(-1, yesterday);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", fx.called_off);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"employer_withdrew\"}", yesterday);
	post_ok(&fx.liv, path, body, 200);
	fx.long_ago = agreed(make_participant("Eleni"), fx.today, fx.liv_id);
	move(fx.long_ago, -80, -30);
	fx.hired_pid = make_participant("Fikre");
	fx.hired = agreed(fx.hired_pid, fx.today, fx.liv_id);
	move(fx.hired, -60, -10);
	evaluate(fx.hired, "mid");
	evaluate(fx.hired, "end");
	snprintf(path, sizeof path, "/api/v1/placements/%lld/result", fx.hired);
	snprintf(body, sizeof body,
		 "{\"hired\":true,\"kind\":\"permanent\",\"percent\":80,\"job_starts_on\":\"%s\","
		 "\"wage_kind\":\"monthly\",\"wage_ore\":3000000,\"title\":\"Cook\"}", fx.today);
	post_ok(&fx.liv, path, body, 200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_home_evaluations_outstanding),
		cmocka_unit_test(test_employer_evaluations),
		cmocka_unit_test(test_participant_placements),
		cmocka_unit_test(test_placements_of_participant),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
