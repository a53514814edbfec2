/*
 * test_pool_rules.c — the rules of pool agreements and placements a
 * liaison's try found unchecked (issue 10), over HTTP on either engine: an
 * agreed placement moved under a full pool agreement, and an agreement's
 * places cut below its placements, are refused with the figures; a
 * placement's period lies inside its agreement's, and the agreement's
 * period does not shrink past its placements; an approval is not dated
 * before the terms it approves; the one-placement refusal names the
 * placement in the way; the agreement's API gives the organisation
 * numbers and the workplace; a new placement, contact and visit answer as
 * a read does; and an exit calls off a placement not begun on its date and
 * ends one not over then. Each bad input is refused with its words and
 * changes nothing.
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
	struct session admin, leader, liv;
	long long liv_id;
	long long emp, supervisor, emp2, supervisor2;
	char today[11], yesterday[11], in10[11], in15[11], in20[11], in30[11], in40[11], in60[11];
	char ago10[11], ago30[11], ago40[11];
} fx;

/* A participant in the programme from start; *version the enrolment's
 * version (may be NULL). */
static long long
make_participant(const char *given, const char *start, long long *version)
{
	char body[512], path[128];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"%s\",\"family_name\":\"Pool\",\"birth_date\":\"1990-05-0%d\",\"gender\":\"female\"}",
		 given, (int)(strlen(given) % 9) + 1);
	long long id = post_ok(&fx.leader, "/api/v1/participants", body, 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", id);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", start);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	if (version != NULL)
		*version = json_id(j, "version");
	json_decref(j);
	return id;
}

/* An agreement of places from..to covering the first employer. */
static long long
agreement(const char *name, int places, const char *from, const char *to)
{
	char body[512], path[96];
	snprintf(body, sizeof body,
		 "{\"name\":\"%s\",\"party\":\"Næringsforeningen\",\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"places\":%d}",
		 name, from, to, places);
	long long ag = post_ok(&fx.liv, "/api/v1/agreements", body, 201);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld/employers", ag);
	snprintf(body, sizeof body, "{\"employer_id\":%lld}", fx.emp);
	post_ok(&fx.liv, path, body, 200);
	return ag;
}

/* A placement of pid at the first employer (second: the other) under
 * agreement ag (0: none) from..to, its terms saved, not approved. */
static long long
with_terms(long long pid, bool second, long long ag, const char *from, const char *to)
{
	char body[512], path[96], under[48] = "";
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, second ? fx.emp2 : fx.emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	if (ag > 0)
		snprintf(under, sizeof under, "\"agreement_id\":%lld,", ag);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body,
		 "{\"version\":1,%s\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Kitchen\"}",
		 under, second ? fx.supervisor2 : fx.supervisor, fx.liv_id, from, to);
	post_ok(&fx.liv, path, body, 200);
	return pl;
}

/* The employer's and the participant's approvals of pl. */
static void
two_approve(long long pl)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(&fx.liv, path, "{\"party\":\"employer\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
}

/* All three approvals of pl. */
static void
approve(long long pl)
{
	char path[96];
	two_approve(pl);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
}

/* GET path as the liaison (200 asserted; the caller frees). */
static json_t *
read_json(const char *fmt, long long id)
{
	char path[128];
	snprintf(path, sizeof path, fmt, id);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	return j;
}

/* POSTs body to path as the liaison: refused with want, and the field's
 * message (field NULL: the error's message) is message. */
static void
refused(const char *path, const char *body, long want, const char *field, const char *message)
{
	json_t *j = NULL;
	long st = api_send_json(&fx.liv, path, body, &j);
	const char *said = field != NULL ? field_error(j, field) : json_str(json_object_get(j, "error"), "message");
	if (st != want || strcmp(said, message) != 0)
		fail_msg("POST %s %s: %ld %s", path, body, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* 1. An agreed placement moved under a pool agreement whose places are
 * all held is refused with the figures, and stays where it was. */
static void
test_amend_into_full_pool(void **state)
{
	(void)state;
	long long ag = agreement("Én plass", 1, fx.ago30, fx.in60);
	long long first = with_terms(make_participant("Abeba", fx.today, NULL), false, ag, fx.in10, fx.in40);
	approve(first);
	long long other = with_terms(make_participant("Berhane", fx.today, NULL), false, 0, fx.in10, fx.in40);
	approve(other);
	json_t *j = read_json("/api/v1/placements/%lld", other);
	long long version = json_id(j, "version");
	json_decref(j);
	char path[96], body[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", other);
	snprintf(body, sizeof body, "{\"version\":%lld,\"agreement_id\":%lld}", version, ag);
	refused(path, body, 409, NULL, "The pool agreement has no free places: 1 of 1.");
	j = read_json("/api/v1/placements/%lld", other);
	assert_true(json_is_null(json_object_get(j, "agreement_id")) || json_object_get(j, "agreement_id") == NULL);
	assert_int_equal(json_id(j, "version"), version);
	json_decref(j);
	j = read_json("/api/v1/agreements/%lld", ag);
	assert_int_equal(json_id(j, "planned"), 1);
	assert_int_equal(json_id(j, "free"), 0);
	json_decref(j);
	/* a place freed (the first called off): the move is taken */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", first);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"employer_withdrew\"}", fx.today);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", other);
	snprintf(body, sizeof body, "{\"version\":%lld,\"agreement_id\":%lld}", version, ag);
	post_ok(&fx.liv, path, body, 200);
	j = read_json("/api/v1/agreements/%lld", ag);
	assert_int_equal(json_id(j, "planned"), 1);
	json_decref(j);
}

/* 2. An agreement's places are not cut below the placements under it. */
static void
test_places_not_below_placements(void **state)
{
	(void)state;
	long long ag = agreement("Tre plasser", 3, fx.ago30, fx.in60);
	approve(with_terms(make_participant("Chaltu", fx.today, NULL), false, ag, fx.in10, fx.in40));
	approve(with_terms(make_participant("Dehab", fx.today, NULL), false, ag, fx.today, fx.in40));
	char path[96];
	snprintf(path, sizeof path, "/api/v1/agreements/%lld", ag);
	refused(path, "{\"version\":1,\"places\":1}", 422, "places",
		"The agreement has 2 placements; it cannot have fewer than 2 places.");
	json_t *j = read_json("/api/v1/agreements/%lld", ag);
	assert_int_equal(json_id(j, "places"), 3);
	assert_int_equal(json_id(j, "version"), 1);
	assert_int_equal(json_id(j, "used"), 1);
	assert_int_equal(json_id(j, "planned"), 1);
	json_decref(j);
	post_ok(&fx.liv, path, "{\"version\":1,\"places\":2}", 200);
}

/* 3. A placement's period lies inside its agreement's, and the agreement's
 * does not shrink past its placements. */
static void
test_period_inside_agreement(void **state)
{
	(void)state;
	long long ag = agreement("Vinteren", 5, fx.today, fx.in30);
	long long pid = make_participant("Eden", fx.today, NULL);
	char body[512], path[96], want[256];
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, fx.emp);
	long long pl = post_ok(&fx.liv, "/api/v1/placements", body, 201);
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"agreement_id\":%lld,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\","
		 "\"ends_on\":\"%s\",\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Kitchen\"}",
		 ag, fx.supervisor, fx.liv_id, fx.in10, fx.in40);
	snprintf(want, sizeof want,
		 "The placement's period, %s \xE2\x80\x93 %s, is not within the pool agreement's period, %s \xE2\x80\x93 %s.",
		 fx.in10, fx.in40, fx.today, fx.in30);
	refused(path, body, 422, "ends_on", want);
	snprintf(body, sizeof body, "{\"version\":1,\"agreement_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\"}", ag,
		 fx.yesterday, fx.in20);
	snprintf(want, sizeof want,
		 "The placement's period, %s \xE2\x80\x93 %s, is not within the pool agreement's period, %s \xE2\x80\x93 %s.",
		 fx.yesterday, fx.in20, fx.today, fx.in30);
	refused(path, body, 422, "starts_on", want);
	json_t *j = read_json("/api/v1/placements/%lld", pl);
	assert_int_equal(json_id(j, "version"), 1);
	assert_string_equal(json_str(j, "starts_on"), "");
	json_decref(j);
	/* inside: saved; then the agreement keeps the placement's days */
	snprintf(body, sizeof body,
		 "{\"version\":1,\"agreement_id\":%lld,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\","
		 "\"ends_on\":\"%s\",\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Kitchen\"}",
		 ag, fx.supervisor, fx.liv_id, fx.in10, fx.in30);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/agreements/%lld", ag);
	snprintf(body, sizeof body, "{\"version\":1,\"ends_on\":\"%s\"}", fx.in20);
	snprintf(want, sizeof want, "A placement under the agreement runs to %s: the agreement cannot end before it.",
		 fx.in30);
	refused(path, body, 422, "ends_on", want);
	snprintf(body, sizeof body, "{\"version\":1,\"starts_on\":\"%s\"}", fx.in15);
	snprintf(want, sizeof want, "A placement under the agreement starts on %s: the agreement cannot start after it.",
		 fx.in10);
	refused(path, body, 422, "starts_on", want);
	j = read_json("/api/v1/agreements/%lld", ag);
	assert_string_equal(json_str(j, "starts_on"), fx.today);
	assert_string_equal(json_str(j, "ends_on"), fx.in30);
	assert_int_equal(json_id(j, "version"), 1);
	json_decref(j);
	/* longer is fine */
	snprintf(body, sizeof body, "{\"version\":1,\"ends_on\":\"%s\"}", fx.in60);
	post_ok(&fx.liv, path, body, 200);
}

/* 4. An approval is not dated before the terms it approves were saved. */
static void
test_approval_not_before_terms(void **state)
{
	(void)state;
	long long pl = with_terms(make_participant("Feven", fx.today, NULL), false, 0, fx.in10, fx.in40);
	char path[96], body[128], want[160];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	snprintf(body, sizeof body, "{\"party\":\"employer\",\"approved_on\":\"%s\"}", fx.ago30);
	snprintf(want, sizeof want, "The approval cannot be dated before the terms it approves were saved, %s.", fx.today);
	refused(path, body, 422, "approved_on", want);
	json_t *j = read_json("/api/v1/placements/%lld", pl);
	assert_string_equal(json_str(j, "status"), "awaiting_approval");
	assert_int_equal(json_array_size(json_object_get(j, "approvals")), 0);
	json_decref(j);
	snprintf(body, sizeof body, "{\"party\":\"employer\",\"approved_on\":\"%s\"}", fx.today);
	post_ok(&fx.liv, path, body, 200);
}

/* 5. The one-placement refusal names the placement in the way: its
 * employer and period, in the API and on the page. */
static void
test_one_placement_named(void **state)
{
	(void)state;
	long long pid = make_participant("Genet", fx.today, NULL);
	approve(with_terms(pid, false, 0, fx.in10, fx.in40));
	long long pl = with_terms(pid, true, 0, fx.in30, fx.in60);
	two_approve(pl);
	char path[96], want[256];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	snprintf(want, sizeof want,
		 "The participant has another agreed placement in this period, at Poolkafeen AS, %s \xE2\x80\x93 %s: one "
		 "placement at a time.",
		 fx.in10, fx.in40);
	refused(path, "{\"party\":\"centre\"}", 409, NULL, want);
	struct http_res res;
	snprintf(path, sizeof path, "/placements/%lld/approvals", pl);
	post_form(&fx.liv, path, "party=centre", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "at Poolkafeen AS, "));
	assert_true(res_contains(&res, fx.in40));
	http_res_free(&res);
	json_t *j = read_json("/api/v1/placements/%lld", pl);
	assert_string_equal(json_str(j, "status"), "awaiting_approval");
	json_decref(j);
}

/* 6. The agreement's API gives the employers' organisation numbers; the
 * placement's printable agreement the organisation number and the
 * workplace, as its print does. */
static void
test_agreement_api(void **state)
{
	(void)state;
	long long ag = agreement("Med nummer", 2, fx.ago30, fx.in60);
	json_t *j = read_json("/api/v1/agreements/%lld", ag);
	json_t *e = json_array_get(json_object_get(j, "employers"), 0);
	assert_non_null(e);
	assert_string_equal(json_str(e, "name"), "Poolkafeen AS");
	assert_string_equal(json_str(e, "orgnr"), "923456783");
	json_decref(j);
	long long pl = with_terms(make_participant("Hiwet", fx.today, NULL), false, ag, fx.in10, fx.in40);
	j = read_json("/api/v1/placements/%lld/agreement", pl);
	assert_string_equal(json_str(j, "employer_orgnr"), "923456783");
	assert_string_equal(json_str(j, "workplace"), "Storgata 1, 0155 Oslo");
	assert_int_equal(json_id(j, "agreement_id"), ag);
	json_decref(j);
	/* the placement's own workplace when it has one */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	post_ok(&fx.liv, path,
		"{\"version\":2,\"workplace_address\":\"Kaia 3\",\"workplace_postcode\":\"0150\",\"workplace_city\":\"Oslo\"}",
		200);
	j = read_json("/api/v1/placements/%lld/agreement", pl);
	assert_string_equal(json_str(j, "workplace"), "Kaia 3, 0150 Oslo");
	json_decref(j);
}

/* 7. A new placement, contact and visit answer with the stored row, as a
 * read does: the version, the approvals, the author's name. */
static void
test_created_answer_as_read(void **state)
{
	(void)state;
	long long pid = make_participant("Kibra", fx.today, NULL);
	char body[256], path[128];
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, fx.emp);
	json_t *made = NULL;
	assert_int_equal(api_send_json(&fx.liv, "/api/v1/placements", body, &made), 201);
	json_t *read = read_json("/api/v1/placements/%lld", json_id(made, "id"));
	assert_int_equal(json_id(made, "version"), 1);
	assert_true(json_equal(made, read));
	json_decref(made);
	json_decref(read);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.emp);
	assert_int_equal(api_send_json(&fx.liv, path, "{\"name\":\"Ny Kontakt\",\"role\":\"Kokk\"}", &made), 201);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts/%%lld", fx.emp);
	read = read_json(path, json_id(made, "id"));
	assert_int_equal(json_id(made, "version"), 1);
	assert_true(json_equal(made, read));
	json_decref(made);
	json_decref(read);
	long long pl = with_terms(make_participant("Lulit", fx.today, NULL), false, 0, fx.today, fx.in40);
	approve(pl);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/visits", pl);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"kind\":\"visit\",\"notes\":\"Going well\"}", fx.today);
	assert_int_equal(api_send_json(&fx.liv, path, body, &made), 201);
	assert_string_equal(json_str(made, "author_name"), "Liv Los");
	read = read_json("/api/v1/placements/%lld/visits", pl);
	assert_true(json_equal(made, json_array_get(json_object_get(read, "items"), 0)));
	json_decref(made);
	json_decref(read);
}

/* The participant pid exits on day (their enrolment at version). */
static void
exits(long long pid, long long version, const char *day)
{
	char path[128], body[256];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body, "{\"date\":\"%s\",\"reason\":\"Moved away\",\"outcome\":\"moved\",\"version\":%lld}",
		 day, version);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* 8. An exit decides by its own date: a placement whose first day came
 * after it had not begun and is called off on it (no evaluation, no
 * result); one whose last day came after it (completed since) ended early
 * on it. */
static void
test_exit_by_its_date(void **state)
{
	(void)state;
	long long version = 0;
	long long pid = make_participant("Meron", fx.ago40, &version);
	long long pl = with_terms(pid, false, 0, fx.today, fx.in40);
	approve(pl);
	exits(pid, version, fx.yesterday);
	json_t *j = read_json("/api/v1/placements/%lld", pl);
	assert_string_equal(json_str(j, "status"), "ended_early");
	assert_string_equal(json_str(j, "ended_on"), fx.yesterday);
	assert_string_equal(json_str(j, "end_reason"), "other");
	json_decref(j);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", pl);
	refused(path,
		"{\"kind\":\"mid\",\"punctuality\":\"4\",\"norwegian\":\"3\",\"understanding\":\"4\",\"quality\":\"4\","
		"\"cooperation\":\"5\",\"initiative\":\"3\"}",
		409, NULL, "A trainee is evaluated once the placement has started.");
	/* completed yesterday, the participant gone ten days before: ended
	 * early on the exit date */
	pid = make_participant("Nardos", fx.ago40, &version);
	pl = with_terms(pid, false, 0, fx.ago30, fx.yesterday);
	approve(pl);
	j = read_json("/api/v1/placements/%lld", pl);
	assert_string_equal(json_str(j, "status"), "completed");
	json_decref(j);
	exits(pid, version, fx.ago10);
	j = read_json("/api/v1/placements/%lld", pl);
	assert_string_equal(json_str(j, "status"), "ended_early");
	assert_string_equal(json_str(j, "ended_on"), fx.ago10);
	json_decref(j);
}

/* ---- setup ---- */

static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(-1, fx.yesterday);
	date_offset(10, fx.in10);
	date_offset(15, fx.in15);
	date_offset(20, fx.in20);
	date_offset(30, fx.in30);
	date_offset(40, fx.in40);
	date_offset(60, fx.in60);
	date_offset(-10, fx.ago10);
	date_offset(-30, fx.ago30);
	date_offset(-40, fx.ago40);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"liv.liaison", "Liv Los", "liaison", &fx.liv},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
}

static void
test_fixture(void **state)
{
	(void)state;
	fx.liv_id = user_id(&fx.liv);
	fx.emp = post_ok(&fx.liv, "/api/v1/employers",
			 "{\"name\":\"Poolkafeen AS\",\"orgnr\":\"923456783\",\"industry\":\"56\",\"address\":\"Storgata 1\","
			 "\"postcode\":\"0155\",\"city\":\"Oslo\"}",
			 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.emp);
	fx.supervisor = post_ok(&fx.liv, path, "{\"name\":\"Veileder Vera\"}", 201);
	fx.emp2 = post_ok(&fx.liv, "/api/v1/employers",
			  "{\"name\":\"Lageret Logistikk\",\"orgnr\":\"998877660\",\"industry\":\"52\"}", 201);
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.emp2);
	fx.supervisor2 = post_ok(&fx.liv, path, "{\"name\":\"Lagerleder Lars\"}", 201);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_amend_into_full_pool),
		cmocka_unit_test(test_places_not_below_placements),
		cmocka_unit_test(test_period_inside_agreement),
		cmocka_unit_test(test_approval_not_before_terms),
		cmocka_unit_test(test_one_placement_named),
		cmocka_unit_test(test_agreement_api),
		cmocka_unit_test(test_created_answer_as_read),
		cmocka_unit_test(test_exit_by_its_date),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
