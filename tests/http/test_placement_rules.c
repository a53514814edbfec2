/*
 * test_placement_rules.c — the rules of a placement a liaison's try found
 * open (issue 10), over HTTP on either engine: the follow-up person is
 * the liaison or the participant's own contact person, and the form
 * offers no one else; a placement is proposed only for someone in the
 * programme, by the liaison as by the contact person; a started placement
 * does not end before its first day; an agreed one's first day does not
 * move into the past; a placement ended before it was agreed has no
 * follow-up, nor one after it ended (beside the date); recording an evaluation revokes the supervisor's open link
 * for it; an en dash between day names in the working hours; and no exit
 * dated before the first day of a placement whose result is recorded. Each bad
 * input is refused with its words and changes nothing.
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
	long long emp, supervisor;
	char today[11], in10[11], in40[11], ago30[11];
} fx;

/* A participant in kari's caseload with a programme period from today;
 * *version the enrolment's version (may be NULL). */
static long long
make_participant(const char *given, long long *version)
{
	char body[512], path[128];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"%s\",\"family_name\":\"Regel\",\"birth_date\":\"1991-03-0%d\",\"gender\":\"male\"}",
		 given, (int)(strlen(given) % 9) + 1);
	long long id = post_ok(&fx.leader, "/api/v1/participants", body, 201);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", id);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.today);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	if (version != NULL)
		*version = json_id(j, "version");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", id);
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"x\"}", fx.kari_id);
	st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	return id;
}

/* A placement of pid proposed by the liaison (no terms yet). */
static long long
proposed(long long pid)
{
	char body[128];
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, fx.emp);
	return post_ok(&fx.liv, "/api/v1/placements", body, 201);
}

/* A placement of pid (agreed(): of a new participant) from starts_on to in
 * 40 days, followed up by the liaison and approved by all three. */
static long long
agreed_for(long long pid, const char *starts_on)
{
	long long pl = proposed(pid);
	char body[512], path[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body,
		 "{\"version\":1,\"supervisor_id\":%lld,\"follow_up_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"hours_per_week\":20,\"days_per_week\":4,\"tasks\":\"Kitchen\"}",
		 fx.supervisor, fx.liv_id, starts_on, fx.in40);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/approvals", pl);
	post_ok(&fx.liv, path, "{\"party\":\"employer\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"participant\",\"reason\":\"Signed\"}", 200);
	post_ok(&fx.liv, path, "{\"party\":\"centre\"}", 200);
	return pl;
}

static long long
agreed(const char *given, const char *starts_on)
{
	return agreed_for(make_participant(given, NULL), starts_on);
}

/* The placement as the liaison reads it (the caller frees). */
static json_t *
placement(long long pl)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
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

/* 1. The follow-up person: the liaison or the participant's own contact
 * person, not another contact person of the centre. */
static void
test_follow_up_person(void **state)
{
	(void)state;
	long long pl = proposed(make_participant("Dawit", NULL));
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body, "{\"version\":1,\"follow_up_id\":%lld}", fx.ola_id);
	refused(path, body, 422, "follow_up_id", "Choose the employer liaison or the participant's contact person.");
	json_t *j = placement(pl);
	assert_int_equal(json_id(j, "version"), 1);
	json_t *f = json_object_get(j, "follow_up_id");
	assert_true(f == NULL || json_is_null(f));
	json_decref(j);
	/* the other contact person does not see it */
	assert_int_equal(api_get(&fx.ola, path, NULL), 404);
	/* the participant's contact person may (and then changes it); then
	 * the liaison */
	snprintf(body, sizeof body, "{\"version\":1,\"follow_up_id\":%lld}", fx.kari_id);
	post_ok(&fx.liv, path, body, 200);
	snprintf(body, sizeof body, "{\"version\":2,\"follow_up_id\":%lld}", fx.ola_id);
	json_t *k = NULL;
	assert_int_equal(api_send_json(&fx.kari, path, body, &k), 422);
	assert_string_equal(field_error(k, "follow_up_id"), "Choose the employer liaison or the participant's contact person.");
	json_decref(k);
	snprintf(body, sizeof body, "{\"version\":2,\"follow_up_id\":%lld}", fx.liv_id);
	post_ok(&fx.kari, path, body, 200);
	j = placement(pl);
	assert_int_equal(json_id(j, "follow_up_id"), fx.liv_id);
	json_decref(j);
	/* the form offers those two and no one else */
	struct http_res res;
	snprintf(path, sizeof path, "/placements/%lld", pl);
	assert_int_equal(http_get(fx.s, path, fx.liv.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Kari Kontakt"));
	assert_true(res_contains(&res, "Liv Los"));
	assert_false(res_contains(&res, "Ola Oppf"));
	http_res_free(&res);
}

/* 2. Only someone in the programme gets a placement proposed: the liaison
 * who follows an exited participant's placement proposes no new one. */
static void
test_propose_in_programme(void **state)
{
	(void)state;
	long long version = 0;
	long long pid = make_participant("Efrem", &version);
	long long first = proposed(pid);
	char path[128], body[256];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", first);
	snprintf(body, sizeof body, "{\"version\":1,\"follow_up_id\":%lld}", fx.liv_id);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"reason\":\"Moved\",\"outcome\":\"moved\",\"version\":%lld}", fx.today, version);
	json_t *j = NULL;
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	long long before = api_total(&fx.leader, "/api/v1/placements");
	snprintf(body, sizeof body, "{\"participant_id\":%lld,\"employer_id\":%lld}", pid, fx.emp);
	refused("/api/v1/placements", body, 422, "participant_id", "Choose a participant in the programme.");
	/* nor does their contact person */
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/placements", body, &j), 422);
	assert_string_equal(field_error(j, "participant_id"), "Choose a participant in the programme.");
	json_decref(j);
	assert_int_equal(api_total(&fx.leader, "/api/v1/placements"), before);
}

/* 3. A started placement ends on or after its first day; one not started
 * ends the day it is called off, and is not followed up after it. */
static void
test_end_not_before_first_day(void **state)
{
	(void)state;
	long long pl = agreed("Fanus", fx.today);
	char path[96], body[256], want[128];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pl);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"other\"}", fx.ago30);
	snprintf(want, sizeof want, "The end cannot be before the placement's first day, %s.", fx.today);
	refused(path, body, 422, "ended_on", want);
	refused(path, "{\"ended_on\":\"2026-01-01\",\"end_reason\":\"other\"}", 422, "ended_on", want);
	json_t *j = placement(pl);
	assert_string_equal(json_str(j, "status"), "active");
	assert_string_equal(json_str(j, "ended_on"), "");
	json_decref(j);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"other\"}", fx.today);
	post_ok(&fx.liv, path, body, 200);
	/* agreed, not started: called off yesterday */
	pl = agreed("Goitom", fx.in10);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pl);
	char yesterday[11];
	date_offset(-1, yesterday);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"employer_withdrew\"}", yesterday);
	post_ok(&fx.liv, path, body, 200);
	j = placement(pl);
	assert_string_equal(json_str(j, "status"), "ended_early");
	assert_string_equal(json_str(j, "ended_on"), yesterday);
	json_decref(j);
	/* a follow-up after the end is refused beside its date, the API's and
	 * the page's, and saves nothing */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/visits", pl);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"kind\":\"call\"}", fx.today);
	snprintf(want, sizeof want, "The placement ended on %s: the follow-up cannot be dated after it.", yesterday);
	refused(path, body, 422, "held_on", want);
	struct http_res res;
	snprintf(path, sizeof path, "/placements/%lld/visits", pl);
	snprintf(body, sizeof body, "held_on=%s&kind=call", fx.today);
	post_form(&fx.liv, path, body, &res);
	assert_int_equal(res.status, 422);
	char *err = page_field_error(&res, "held_on");
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/visits", pl);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
}

/* 4. An agreed placement's first day does not move into the past. */
static void
test_first_day_not_into_past(void **state)
{
	(void)state;
	long long pl = agreed("Habte", fx.in10);
	json_t *j = placement(pl);
	long long version = json_id(j, "version");
	json_decref(j);
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	snprintf(body, sizeof body, "{\"version\":%lld,\"starts_on\":\"%s\"}", version, fx.ago30);
	refused(path, body, 422, "starts_on", "The first day cannot move into the past.");
	j = placement(pl);
	assert_string_equal(json_str(j, "status"), "agreed");
	assert_string_equal(json_str(j, "starts_on"), fx.in10);
	assert_int_equal(json_id(j, "version"), version);
	json_decref(j);
	/* to today: it starts */
	snprintf(body, sizeof body, "{\"version\":%lld,\"starts_on\":\"%s\"}", version, fx.today);
	post_ok(&fx.liv, path, body, 200);
	j = placement(pl);
	assert_string_equal(json_str(j, "status"), "active");
	json_decref(j);
}

/* 5. No follow-up on a placement ended before it was agreed; one ended
 * after it was agreed keeps its follow-up. */
static void
test_no_visit_unless_agreed(void **state)
{
	(void)state;
	long long pl = proposed(make_participant("Idris", NULL));
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pl);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"did_not_work_out\"}", fx.today);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/visits", pl);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"kind\":\"call\"}", fx.today);
	refused(path, body, 409, NULL, "Follow-up starts when the placement is agreed.");
	json_t *v = NULL;
	assert_int_equal(api_get(&fx.liv, path, &v), 200);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 0);
	json_decref(v);
	json_t *j = placement(pl);
	assert_string_equal(json_str(j, "last_followup_on"), "");
	json_decref(j);
	/* agreed, started, then ended: a visit is recorded */
	pl = agreed("Jamal", fx.today);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pl);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"illness\"}", fx.today);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/visits", pl);
	snprintf(body, sizeof body, "{\"held_on\":\"%s\",\"kind\":\"call\"}", fx.today);
	post_ok(&fx.liv, path, body, 201);
}

/* 6. The staff recording an evaluation revokes the supervisor's open link
 * for it, audited as a revocation; the link then says so. */
static void
test_evaluation_revokes_link(void **state)
{
	(void)state;
	long long pl = agreed("Kidane", fx.today);
	char path[160], body[512], token[80];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/links", pl);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.liv, path, "{\"kind\":\"mid\"}", &j), 201);
	snprintf(token, sizeof token, "%s", json_str(j, "token"));
	long long link = json_id(j, "link_id");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", pl);
	snprintf(body, sizeof body,
		 "{\"kind\":\"mid\",\"punctuality\":\"4\",\"norwegian\":\"3\",\"understanding\":\"4\",\"quality\":\"4\","
		 "\"cooperation\":\"5\",\"initiative\":\"3\"}");
	post_ok(&fx.liv, path, body, 201);
	char id[32];
	snprintf(id, sizeof id, "%lld", link);
	assert_int_equal(api_audit_count(&fx.admin, "evaluation_link.revoke", id), 1);
	snprintf(path, sizeof path, "/api/v1/evaluate/%s", token);
	struct http_req q = {.path = path, .headers = {"Accept-Language: en"}};
	struct http_res res;
	assert_int_equal(http_send(fx.s, &q, &res), 0);
	assert_int_equal(res.status, 404);
	j = res_json(&res);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "revoked");
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "This link has been withdrawn by the centre.");
	json_decref(j);
	http_res_free(&res);
	/* the placement's links say it revoked */
	snprintf(path, sizeof path, "/api/v1/placements/%lld/evaluations", pl);
	assert_int_equal(api_get(&fx.liv, path, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "links")), 1);
	json_t *l = json_array_get(json_object_get(j, "links"), 0);
	assert_non_null(l);
	assert_int_equal(json_id(l, "id"), link);
	assert_string_equal(json_str(l, "state"), "revoked");
	json_decref(j);
}

/* 7. The working hours with an en dash between day names, as between
 * times, with or without blanks. */
static void
test_schedule_en_dash(void **state)
{
	(void)state;
	long long pl = proposed(make_participant("Lemlem", NULL));
	char path[96];
	snprintf(path, sizeof path, "/api/v1/placements/%lld", pl);
	post_ok(&fx.liv, path,
		"{\"version\":1,\"days_per_week\":4,\"hours_per_week\":20,\"schedule\":\"man\xE2\x80\x93tor 08:00-13:00\"}",
		200);
	json_t *j = placement(pl);
	assert_string_equal(json_str(j, "schedule"),
			    "mon 08:00-13:00, tue 08:00-13:00, wed 08:00-13:00, thu 08:00-13:00");
	json_decref(j);
	post_ok(&fx.liv, path, "{\"version\":2,\"schedule\":\"mon\xE2\x80\x93thu 09:00\xE2\x80\x93" "14:00\"}", 200);
	j = placement(pl);
	assert_string_equal(json_str(j, "schedule"),
			    "mon 09:00-14:00, tue 09:00-14:00, wed 09:00-14:00, thu 09:00-14:00");
	json_decref(j);
}

/* 8. The evaluations page offers the link and the form only for a
 * placement that began, as the commands take them: one called off before
 * its first day says a trainee is evaluated once it has started. */
static void
test_no_evaluation_forms_before_start(void **state)
{
	(void)state;
	long long pl = agreed("Mulu", fx.in10);
	char path[96], body[256], yesterday[11];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/end", pl);
	date_offset(-1, yesterday);
	snprintf(body, sizeof body, "{\"ended_on\":\"%s\",\"end_reason\":\"employer_withdrew\"}", yesterday);
	post_ok(&fx.liv, path, body, 200);
	snprintf(path, sizeof path, "/placements/%lld/evaluations", pl);
	struct http_res res;
	session_get(&fx.liv, path, &res);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "id=\"link-form\""));
	assert_false(res_contains(&res, "id=\"evaluation-form\""));
	assert_true(res_contains(&res, "A trainee is evaluated once the placement has started."));
	http_res_free(&res);
	/* one that began offers both */
	pl = agreed("Nahom", fx.today);
	snprintf(path, sizeof path, "/placements/%lld/evaluations", pl);
	session_get(&fx.liv, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"link-form\""));
	assert_true(res_contains(&res, "id=\"evaluation-form\""));
	assert_false(res_contains(&res, "A trainee is evaluated once the placement has started."));
	http_res_free(&res);
}

/* ---- setup ---- */

/* 9. A placement whose result is recorded ran from its first day (today):
 * an exit dated before it (30 days ago, when the period began) is a
 * conflict, 409 through the API and the page alike, said beside the
 * exit's date naming the employer and the day, and saves nothing: the
 * period is not exited, the placement not ended, nothing audited. */
static void
test_exit_before_result(void **state)
{
	(void)state;
	long long pid = api_participant(&fx.leader, "Kedir", "Regel", fx.kari_id);
	api_in_programme(&fx.leader, pid, fx.ago30);
	long long pl = agreed_for(pid, fx.today);
	char path[128], body[512], want[256];
	snprintf(path, sizeof path, "/api/v1/placements/%lld/result", pl);
	post_ok(&fx.liv, path, "{\"hired\":false}", 200);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	long long eid = json_id(json_object_get(j, "current"), "id");
	long long version = json_id(json_object_get(j, "current"), "version");
	json_decref(j);
	snprintf(want, sizeof want,
		 "The placement at Regelkafeen AS began on %s and its result is recorded: the exit cannot be dated "
		 "before %s.", fx.today, fx.today);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body, "{\"date\":\"%s\",\"reason\":\"Moved\",\"outcome\":\"moved\"}", fx.ago30);
	assert_int_equal(api_send_json(&fx.kari, path, body, &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "code"), "conflict");
	assert_string_equal(json_str(json_object_get(j, "error"), "message"), want);
	assert_string_equal(field_error(j, "date"), want);
	json_decref(j);

	struct http_res res;
	snprintf(path, sizeof path, "/enrolments/%lld/exit", eid);
	snprintf(body, sizeof body, "version=%lld&exit_date=%s&exit_reason=Moved&exit_outcome=moved", version,
		 fx.ago30);
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 409);
	char *said = page_field_error(&res, "exit_date");
	assert_non_null(said);
	assert_string_equal(said, want);
	free(said);
	http_res_free(&res);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *cur = json_object_get(j, "current");
	assert_string_equal(json_str(cur, "status"), "active");
	assert_int_equal(json_id(cur, "version"), version);
	json_decref(j);
	j = placement(pl);
	assert_string_equal(json_str(j, "ended_on"), "");
	assert_string_equal(json_str(j, "result"), "not_hired");
	json_decref(j);
	char rid[24];
	snprintf(rid, sizeof rid, "%lld", eid);
	assert_int_equal(api_audit_count(&fx.admin, "enrolment.exit", rid), 0);
	snprintf(rid, sizeof rid, "%lld", pl);
	assert_int_equal(api_audit_count(&fx.admin, "placement.end", rid), 0);
}

static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(10, fx.in10);
	date_offset(40, fx.in40);
	date_offset(-30, fx.ago30);
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

static void
test_fixture(void **state)
{
	(void)state;
	fx.kari_id = user_id(&fx.kari);
	fx.liv_id = user_id(&fx.liv);
	fx.ola_id = user_id(&fx.ola);
	fx.emp = post_ok(&fx.liv, "/api/v1/employers",
			 "{\"name\":\"Regelkafeen AS\",\"orgnr\":\"923456783\",\"industry\":\"56\"}", 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/employers/%lld/contacts", fx.emp);
	fx.supervisor = post_ok(&fx.liv, path, "{\"name\":\"Veileder Vera\"}", 201);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_follow_up_person),
		cmocka_unit_test(test_propose_in_programme),
		cmocka_unit_test(test_end_not_before_first_day),
		cmocka_unit_test(test_first_day_not_into_past),
		cmocka_unit_test(test_no_visit_unless_agreed),
		cmocka_unit_test(test_evaluation_revokes_link),
		cmocka_unit_test(test_schedule_en_dash),
		cmocka_unit_test(test_no_evaluation_forms_before_start),
		cmocka_unit_test(test_exit_before_result),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
