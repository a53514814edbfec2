/*
 * test_group_places.c — a place in a group and those who have left the
 * programme (exited or closed), over HTTP on one server: a referral closed
 * after an earlier period takes the participant off the waiting lists and
 * ends their places in groups, as the exit does; the participant's page offers no enrolment to one who has
 * left and says why; the offer of a place left on a list from before is
 * refused with its message and changes nothing; and the API says "ended"
 * of an enrolment whose last day has passed, as the page does.
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

static const char *const left_msg =
	"The participant has left the programme: a place in a group is not for someone who has left.";

static struct {
	struct server *s;
	struct session leader, kari, tom;
	long long kari_id, tom_id;
	char start[11], end[11], yesterday[11], programme_start[11];
} fx;

/* The participant's places as the API lists them: "status" of each, in
 * the order listed, joined by commas ("" for none; the caller frees). */
static char *
statuses_of(long long pid)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/groups", pid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *items = json_object_get(j, "items");
	char out[256] = "";
	for (size_t i = 0; i < json_array_size(items); i++) {
		if (i > 0)
			strncat(out, ",", sizeof out - strlen(out) - 1);
		strncat(out, json_str(json_array_get(items, i), "status"), sizeof out - strlen(out) - 1);
	}
	json_decref(j);
	return strdup(out);
}

/* A programme period of pid from fx.programme_start, exited yesterday. */
static void
exit_programme(long long pid)
{
	char path[96], body[256];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", fx.programme_start);
	assert_int_equal(api_send_json(&fx.leader, path, body, &j), 201);
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body, "{\"date\":\"%s\",\"reason\":\"Moved\",\"outcome\":\"moved\",\"version\":%lld}",
		 fx.yesterday, version);
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200)
		fail_msg("exit: %ld %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* A group of one place, taken by a participant in intake: the next one
 * asked for waits. Returns the group. */
static long long
full_group(const char *name, const char *taker)
{
	long long g = make_group(&fx.leader, name, fx.tom_id, 1, fx.start, fx.end, NULL);
	assert_true(g > 0);
	long long taken = api_participant(&fx.leader, "Ada", taker, fx.kari_id);
	char rest[96];
	snprintf(rest, sizeof rest, "\"group_id\":%lld", g);
	assert_int_equal(enrol_json(&fx.kari, taken, rest, NULL), 201);
	return g;
}

/* pid on g's waiting list: the place's id. */
static long long
waits_for(long long g, long long pid)
{
	char rest[96];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"waitlist\":true", g);
	json_t *j = NULL;
	assert_int_equal(enrol_json(&fx.kari, pid, rest, &j), 201);
	assert_string_equal(json_str(j, "status"), "waiting");
	long long id = json_id(j, "id");
	json_decref(j);
	return id;
}

/* ---- tests ---- */

/* One who exited comes back to intake, waits for a group (one in intake
 * may), and the referral is withdrawn: they have left again, and the
 * place on the list is given up in the withdrawal's transaction, audited
 * as the exit's are. */
static void
test_closed_referral_gives_up_waiting(void **state)
{
	(void)state;
	long long g = full_group("Waits, then leaves", "Takes");
	long long p = api_participant(&fx.leader, "Ada", "Returns", fx.kari_id);
	exit_programme(p);
	char path[96], body[512];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/referrals", p);
	snprintf(body, sizeof body,
		 "{\"source\":\"self\",\"referred_on\":\"%s\",\"reason\":\"Wants to come back\","
		 "\"planned_start\":\"%s\",\"in_qualification\":false,\"in_introduction\":false,"
		 "\"lawful_residence\":true,\"priority\":3}",
		 fx.yesterday, fx.end);
	long made = api_send_json(&fx.leader, path, body, &j);
	if (made != 201)
		fail_msg("referral: %ld %s", made, j ? json_dumps(j, 0) : "");
	long long ref = json_id(j, "id");
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	long long place = waits_for(g, p);
	char *st = statuses_of(p);
	assert_string_equal(st, "waiting");
	free(st);
	char place_text[24];
	snprintf(place_text, sizeof place_text, "%lld", place);
	assert_int_equal(api_audit_count(&fx.leader, "group_enrolment.remove", place_text), 0);

	snprintf(path, sizeof path, "/api/v1/referrals/%lld/withdraw", ref);
	snprintf(body, sizeof body, "{\"version\":%lld,\"reason\":\"Moved away\"}", version);
	assert_int_equal(api_send_json(&fx.leader, path, body, NULL), 200);
	snprintf(path, sizeof path, "/api/v1/participants/%lld", p);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(json_str(j, "status"), "exited");
	json_decref(j);
	st = statuses_of(p);
	assert_string_equal(st, "");
	free(st);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld", g, place);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(json_str(j, "status"), "removed");
	json_decref(j);
	assert_int_equal(api_audit_count(&fx.leader, "group_enrolment.remove", place_text), 1);
}

/* A group place taken while in intake is ended by the withdrawal that
 * makes one "exited" again, as an exit today ends it: the place running
 * since before ends yesterday with the withdrawal's reason, the one not
 * begun is given up, each audited as the exit's are. */
static void
test_closed_referral_ends_places(void **state)
{
	(void)state;
	long long running = make_group(&fx.leader, "Runs, then left", fx.tom_id, 5, fx.start, fx.end, NULL);
	long long later = make_group(&fx.leader, "Not begun, then left", fx.tom_id, 5, fx.start, fx.end, NULL);
	assert_true(running > 0 && later > 0);
	long long p = api_participant(&fx.leader, "Ada", "Comes and goes", fx.kari_id);
	exit_programme(p);
	char path[96], body[512], rest[160], in_days[11], in_week[11];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/referrals", p);
	snprintf(body, sizeof body,
		 "{\"source\":\"self\",\"referred_on\":\"%s\",\"reason\":\"Wants to come back\","
		 "\"planned_start\":\"%s\",\"in_qualification\":false,\"in_introduction\":false,"
		 "\"lawful_residence\":true,\"priority\":3}",
		 fx.yesterday, fx.end);
	assert_int_equal(api_send_json(&fx.leader, path, body, &j), 201);
	long long ref = json_id(j, "id");
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	/* to the 3rd day from now, then the other from the 7th: no clash */
	date_offset(3, in_days);
	date_offset(7, in_week);
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\",\"ends_on\":\"%s\"", running, fx.start,
		 in_days);
	assert_int_equal(enrol_json(&fx.kari, p, rest, &j), 201);
	long long ran = json_id(j, "id");
	json_decref(j);
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", later, in_week);
	assert_int_equal(enrol_json(&fx.kari, p, rest, &j), 201);
	long long not_begun = json_id(j, "id");
	json_decref(j);
	char *st = statuses_of(p);
	assert_string_equal(st, "enrolled,enrolled");
	free(st);

	snprintf(path, sizeof path, "/api/v1/referrals/%lld/withdraw", ref);
	snprintf(body, sizeof body, "{\"version\":%lld,\"reason\":\"Moved away\"}", version);
	assert_int_equal(api_send_json(&fx.leader, path, body, NULL), 200);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld", running, ran);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(json_str(j, "status"), "ended");
	assert_string_equal(json_str(j, "starts_on"), fx.start);
	assert_string_equal(json_str(j, "ends_on"), fx.yesterday);
	assert_string_equal(json_str(j, "end_reason"), "Moved away");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld", later, not_begun);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(json_str(j, "status"), "removed");
	json_decref(j);
	char id[24];
	snprintf(id, sizeof id, "%lld", ran);
	assert_int_equal(api_audit_count(&fx.leader, "group_enrolment.end", id), 1);
	snprintf(id, sizeof id, "%lld", not_begun);
	assert_int_equal(api_audit_count(&fx.leader, "group_enrolment.remove", id), 1);
}

/* The participant's page offers the leader the enrolment form for one in
 * intake, and for one who has left says why instead. */
static void
test_page_offers_no_place_to_one_who_left(void **state)
{
	(void)state;
	long long in_intake = api_participant(&fx.leader, "Ada", "Intake", fx.kari_id);
	long long left = api_participant(&fx.leader, "Ada", "Gone", fx.kari_id);
	exit_programme(left);
	char path[64], said[160];
	snprintf(said, sizeof said, "<p id=\"enrol-group\">%s</p>", left_msg);
	struct http_res res;
	snprintf(path, sizeof path, "/participants/%lld", in_intake);
	assert_int_equal(http_get(fx.s, path, fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"group-enrol-form\""));
	assert_false(res_contains(&res, left_msg));
	http_res_free(&res);
	snprintf(path, sizeof path, "/participants/%lld", left);
	assert_int_equal(http_get(fx.s, path, fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "id=\"group-enrol-form\""));
	if (!res_contains(&res, said))
		fail_msg("%s", strstr(res.body, "id=\"groups\"") ? strstr(res.body, "id=\"groups\"") : res.body);
	http_res_free(&res);
}

/* A place on a list of one who has left since (a database from before
 * the exit took such places off): offering it is refused under
 * participant_id, by the API and by the group's page, and the place still
 * waits, the group's one place still taken by the other. */
static void
test_offer_refused_to_one_who_left(void **state)
{
	(void)state;
	long long g = full_group("Offer refused", "Holds");
	long long p = api_participant(&fx.leader, "Ada", "Waited", fx.kari_id);
	long long place = waits_for(g, p);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE participants SET status = 'exited' WHERE id = %lld", p);
	server_sql(fx.s, sql);

	char path[96], group[64];
	snprintf(group, sizeof group, "/api/v1/groups/%lld", g);
	json_t *before = NULL, *after = NULL, *j = NULL;
	assert_int_equal(api_get(&fx.leader, group, &before), 200);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld/offer", g, place);
	assert_int_equal(api_send_json(&fx.leader, path, "{}", &j), 422);
	assert_string_equal(field_error(j, "participant_id"), left_msg);
	json_decref(j);
	struct http_res res;
	snprintf(path, sizeof path, "/groups/%lld/enrolments/%lld/offer", g, place);
	post_form(&fx.leader, path, "", &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, left_msg));
	http_res_free(&res);

	assert_int_equal(api_get(&fx.leader, group, &after), 200);
	assert_true(json_equal(json_object_get(before, "enrolments"), json_object_get(after, "enrolments")));
	json_decref(before);
	json_decref(after);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld", g, place);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(json_str(j, "status"), "waiting");
	json_decref(j);
	char place_text[24];
	snprintf(place_text, sizeof place_text, "%lld", place);
	assert_int_equal(api_audit_count(&fx.leader, "group_enrolment.offer", place_text), 0);
}

/* An enrolment whose last day has passed is "ended" in the API, as the
 * page says "Ended": in the participant's groups, the group's enrolments
 * and the enrolment itself; one current stays "enrolled". */
static void
test_api_says_ended(void **state)
{
	(void)state;
	long long g = make_group(&fx.leader, "Ended in the API", fx.tom_id, 5, fx.start, fx.end, NULL);
	assert_true(g > 0);
	long long pe = api_participant(&fx.leader, "Ada", "Ends", fx.kari_id);
	long long pn = api_participant(&fx.leader, "Ada", "Stays", fx.kari_id);
	char rest[128], path[128], body[128];
	json_t *j = NULL;
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"starts_on\":\"%s\"", g, fx.start);
	assert_int_equal(enrol_json(&fx.kari, pe, rest, &j), 201);
	long long eid = json_id(j, "id");
	json_decref(j);
	assert_int_equal(enrol_json(&fx.kari, pn, rest, NULL), 201);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld/end", g, eid);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Got a job\"}", fx.yesterday);
	assert_int_equal(api_send_json(&fx.kari, path, body, &j), 200);
	assert_string_equal(json_str(j, "status"), "ended");
	json_decref(j);

	char *st = statuses_of(pe);
	assert_string_equal(st, "ended");
	free(st);
	st = statuses_of(pn);
	assert_string_equal(st, "enrolled");
	free(st);
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld", g, eid);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(json_str(j, "status"), "ended");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/groups/%lld", g);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *en = json_object_get(j, "enrolments");
	assert_int_equal(json_array_size(en), 2);
	for (size_t i = 0; i < 2; i++) {
		json_t *x = json_array_get(en, i);
		assert_string_equal(json_str(x, "status"), json_id(x, "id") == eid ? "ended" : "enrolled");
	}
	json_decref(j);
	/* the page's word for the same */
	snprintf(path, sizeof path, "/groups/%lld", g);
	struct http_res res;
	assert_int_equal(http_get(fx.s, path, fx.leader.cookie, &res), 0);
	assert_true(res_contains(&res, "<td>Ended"));
	http_res_free(&res);
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"tom.teacher", "Tom Lærer", "teacher", &fx.tom},
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
	date_offset(-14, fx.start);
	date_offset(30, fx.end);
	date_offset(-1, fx.yesterday);
	date_offset(-100, fx.programme_start);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare),
		cmocka_unit_test(test_offer_refused_to_one_who_left),
		cmocka_unit_test(test_closed_referral_gives_up_waiting),
		cmocka_unit_test(test_closed_referral_ends_places),
		cmocka_unit_test(test_page_offers_no_place_to_one_who_left),
		cmocka_unit_test(test_api_says_ended),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
