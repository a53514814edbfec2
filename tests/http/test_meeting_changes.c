/*
 * test_meeting_changes.c — a meeting of the log edited and removed, over
 * HTTP (the page and /api/v1/): each bad input gets its own error and
 * changes nothing (unknown meeting, another participant's meeting, a stale
 * version, no version, a date out of bounds, an empty or too long reason,
 * unknown members, no access); an edit shows the changed meeting and its
 * history (who, when, old and new) and is audited; a removal takes the
 * meeting out of the log with its reason, audited, and a second removal
 * finds nothing; after the exit the contact person still corrects the
 * follow-up's meetings.
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
	struct session admin, leader, kari, ola, hanne;
	long long kari_id;
	long long p1, p2;        /* both in Kari's caseload */
	char today[11], yesterday[11], tomorrow[11];
} fx;

/* ---- helpers ---- */

static void
caseload_ready(void)
{
	if (fx.p1 > 0)
		return;
	fx.kari_id = user_id(&fx.kari);
	fx.p1 = api_participant(&fx.leader, "Amina", "Edited", fx.kari_id);
	fx.p2 = api_participant(&fx.leader, "Berhane", "Other", fx.kari_id);
}

/* A meeting Kari logs on participant pid (by phone on 2024-01-10, minutes
 * "First minutes.", next meeting 2024-02-01): its id. */
static long long
logged(long long pid)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", pid);
	return post_ok(&fx.kari, path,
		       "{\"held_on\":\"2024-01-10\",\"channel\":\"phone\",\"minutes\":\"First minutes.\","
		       "\"next_meeting\":\"2024-02-01\"}", 201);
}

static const char *
meeting_path(char *buf, size_t len, bool api, long long pid, long long mid, const char *tail)
{
	snprintf(buf, len, "%s/participants/%lld/meetings/%lld%s", api ? "/api/v1" : "", pid, mid, tail);
	return buf;
}

/* The meeting as the API shows it to Kari (200 asserted; the caller frees). */
static json_t *
meeting_now(long long pid, long long mid)
{
	char path[160];
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, meeting_path(path, sizeof path, true, pid, mid, ""), &j), 200);
	return j;
}

/* The meeting is still as logged (version 1, the first minutes, no
 * history): nothing was changed. */
static void
unchanged(long long pid, long long mid)
{
	json_t *j = meeting_now(pid, mid);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	assert_string_equal(json_str(j, "held_on"), "2024-01-10");
	assert_string_equal(json_str(j, "channel"), "phone");
	assert_string_equal(json_str(j, "minutes"), "First minutes.");
	assert_int_equal(json_array_size(json_object_get(j, "history")), 0);
	json_decref(j);
}

static int
audits(const char *action, long long id)
{
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", id);
	return api_audit_count(&fx.admin, action, rid);
}

static json_int_t
meetings_total(long long pid)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", pid);
	return api_total(&fx.kari, path);
}

/* sess sends json to path: refused with status, its error code, and (field
 * not NULL) why beside field. */
static void
refused(const struct session *sess, const char *path, const char *json, long status, const char *code,
	const char *field, const char *why)
{
	json_t *j = NULL;
	long st = api_send_json(sess, path, json, &j);
	if (st != status)
		fail_msg("%s %s: %ld, not %ld", path, json, st, status);
	if (code != NULL)
		assert_string_equal(json_str(json_object_get(j, "error"), "code"), code);
	if (field != NULL && strcmp(field_error(j, field), why) != 0)
		fail_msg("%s %s: beside %s: \"%s\"", path, json, field, field_error(j, field));
	json_decref(j);
}

/* ---- editing ---- */

static void
test_edit_bad_inputs(void **state)
{
	(void)state;
	caseload_ready();
	long long mid = logged(fx.p1);
	char path[160], other[160], unknown[160];
	meeting_path(path, sizeof path, true, fx.p1, mid, "");
	static const struct { const char *json, *field, *why; } bad[] = {
		{"{\"version\":1,\"held_on\":\"2030-01-01\"}", "held_on",
		 "The meeting date cannot be in the future; log a meeting after it was held."},
		{"{\"version\":1,\"held_on\":\"1988-04-01\"}", "held_on",
		 "The meeting date cannot be before the participant was born."},
		{"{\"version\":1,\"held_on\":\"2024-02-30\"}", "held_on",
		 "2024-02-30 is not a date: February 2024 has 29 days."},
		{"{\"version\":1,\"channel\":\"fax\"}", "channel",
		 "Choose how the meeting was held: in person, phone, video or home visit."},
		{"{\"version\":1,\"next_meeting\":\"2024-01-09\"}", "next_meeting",
		 "The next meeting cannot be before this meeting."},
		{"{\"minutes\":\"No version.\"}", "version", "Must be the version you read, a whole number."},
		{"{\"version\":\"1\",\"minutes\":\"A text version.\"}", "version",
		 "Must be the version you read, a whole number."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused(&fx.kari, path, bad[i].json, 422, "invalid", bad[i].field, bad[i].why);
	/* every error at once: a date that cannot be read, and no version */
	json_t *all = NULL;
	assert_int_equal(api_send_json(&fx.kari, path, "{\"held_on\":\"2024-02-30\",\"channel\":\"fax\"}", &all), 422);
	assert_int_equal(json_object_size(err_fields(all)), 3);
	assert_string_equal(field_error(all, "held_on"), "2024-02-30 is not a date: February 2024 has 29 days.");
	assert_string_equal(field_error(all, "channel"),
			    "Choose how the meeting was held: in person, phone, video or home visit.");
	assert_string_equal(field_error(all, "version"), "Must be the version you read, a whole number.");
	json_decref(all);
	/* members no field declares, or that the product keeps: 400 */
	refused(&fx.kari, path, "{\"version\":1,\"mood\":\"good\"}", 400, NULL, NULL, NULL);
	refused(&fx.kari, path, "{\"version\":1,\"author_id\":1}", 400, NULL, NULL, NULL);
	refused(&fx.kari, path, "{\"version\":1,\"participant_id\":1}", 400, NULL, NULL, NULL);
	/* a stale version: 409, said so */
	refused(&fx.kari, path, "{\"version\":2,\"minutes\":\"Stale.\"}", 409, "stale", NULL, NULL);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, path, "{\"version\":7,\"minutes\":\"Stale.\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "Someone else changed this meeting after you opened it. Check the meeting and save again.");
	json_decref(j);
	/* a meeting of another participant, one that does not exist: 404 */
	meeting_path(other, sizeof other, true, fx.p2, mid, "");
	refused(&fx.kari, other, "{\"version\":1,\"minutes\":\"Wrong one.\"}", 404, NULL, NULL, NULL);
	assert_int_equal(api_get(&fx.kari, other, NULL), 404);
	meeting_path(unknown, sizeof unknown, true, fx.p1, 99999999, "");
	refused(&fx.kari, unknown, "{\"version\":1,\"minutes\":\"None.\"}", 404, NULL, NULL, NULL);
	assert_int_equal(api_get(&fx.kari, unknown, NULL), 404);
	/* no access: another contact person's participant is not there; a
	 * health worker has no meeting log */
	refused(&fx.ola, path, "{\"version\":1,\"minutes\":\"Not mine.\"}", 404, NULL, NULL, NULL);
	assert_int_equal(api_get(&fx.ola, path, NULL), 404);
	refused(&fx.hanne, path, "{\"version\":1,\"minutes\":\"Not mine.\"}", 403, NULL, NULL, NULL);
	unchanged(fx.p1, mid);
	assert_int_equal(audits("meeting.update", mid), 0);

	/* the form: the error beside its field, the typed minutes kept */
	char page[160], body[512];
	meeting_path(page, sizeof page, false, fx.p1, mid, "");
	snprintf(body, sizeof body,
		 "version=1&held_on=%s&channel=video&interpreter=yes&minutes=Typed+minutes.&next_steps=&next_meeting=",
		 fx.tomorrow);
	struct http_res res;
	post_form(&fx.kari, page, body, &res);
	assert_int_equal(res.status, 422);
	char *beside = text_after(res.body, "id=\"held_on-error\">", '<');
	assert_non_null(beside);
	assert_string_equal(beside, "The meeting date cannot be in the future; log a meeting after it was held.");
	free(beside);
	assert_true(res_contains(&res, ">Typed minutes.</textarea>"));
	http_res_free(&res);
	/* a stale form: 409, the message at the top, the typed minutes kept,
	 * the form at the version saved */
	post_form(&fx.kari, page, "version=5&held_on=2024-01-10&channel=video&minutes=Typed+minutes.", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Someone else changed this meeting after you opened it."));
	assert_true(res_contains(&res, ">Typed minutes.</textarea>"));
	assert_true(res_contains(&res, "name=\"version\" value=\"1\""));
	http_res_free(&res);
	unchanged(fx.p1, mid);
}

static void
test_edit(void **state)
{
	(void)state;
	caseload_ready();
	long long mid = logged(fx.p1);
	char path[160], page[160];
	meeting_path(path, sizeof path, true, fx.p1, mid, "");
	meeting_path(page, sizeof page, false, fx.p1, mid, "");

	/* the log offers the edit to Kari */
	char log[128];
	snprintf(log, sizeof log, "/participants/%lld/meetings", fx.p1);
	struct http_res res;
	assert_int_equal(http_get(fx.s, log, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	char href[240];
	snprintf(href, sizeof href, "<a href=\"%s\">Edit or remove", page);
	assert_true(res_contains(&res, href));
	http_res_free(&res);

	/* the API: what it changed, at version 2, with its history */
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, path, "{\"version\":1,\"channel\":\"video\",\"minutes\":\"Corrected.\"}",
				       &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	assert_string_equal(json_str(j, "channel"), "video");
	assert_string_equal(json_str(j, "minutes"), "Corrected.");
	assert_string_equal(json_str(j, "held_on"), "2024-01-10");        /* not sent: kept */
	assert_string_equal(json_str(j, "next_meeting"), "2024-02-01");
	assert_int_equal(json_id(j, "author_id"), fx.kari_id);
	json_t *history = json_object_get(j, "history");
	assert_int_equal(json_array_size(history), 1);
	json_t *h = json_array_get(history, 0);
	assert_int_equal(json_integer_value(json_object_get(h, "version")), 2);
	assert_int_equal(json_id(h, "user_id"), fx.kari_id);
	assert_string_equal(json_str(h, "user_name"), "Kari Kontakt");
	json_t *changes = json_object_get(h, "changes");
	assert_int_equal(json_object_size(changes), 2);
	assert_string_equal(json_str(json_object_get(changes, "channel"), "old"), "phone");
	assert_string_equal(json_str(json_object_get(changes, "channel"), "new"), "video");
	assert_string_equal(json_str(json_object_get(changes, "minutes"), "old"), "First minutes.");
	assert_string_equal(json_str(json_object_get(changes, "minutes"), "new"), "Corrected.");
	json_decref(j);
	assert_int_equal(audits("meeting.update", mid), 1);

	/* the same again: nothing differs, nothing is written */
	assert_int_equal(api_send_json(&fx.kari, path, "{\"version\":2,\"minutes\":\"Corrected.\"}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "history")), 1);
	json_decref(j);
	assert_int_equal(audits("meeting.update", mid), 1);

	/* the form: back to the meeting's page, which shows the change */
	post_form(&fx.kari, page,
		  "version=2&held_on=2024-01-09&channel=video&minutes=Corrected.&next_steps=Call+her.&next_meeting=2024-02-01",
		  &res);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), page);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_string_equal(flash, "meeting-saved");
	free(flash);
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, page, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "<h2 id=\"meeting\">Meeting on 2024-01-09</h2>"));
	assert_true(res_contains(&res, "Held on: <span class=\"old-value\">2024-01-10</span> \xE2\x86\x92 "
				       "<span class=\"new-value\">2024-01-09</span>"));
	assert_true(res_contains(&res, "Channel: <span class=\"old-value\">Phone</span> \xE2\x86\x92 "
				       "<span class=\"new-value\">Video</span>"));
	assert_true(res_contains(&res, "Next steps: <span class=\"old-value\">\xE2\x80\x94</span> \xE2\x86\x92 "
				       "<span class=\"new-value\">Call her.</span>"));
	assert_true(res_contains(&res, "Version 3, "));
	assert_true(res_contains(&res, "name=\"version\" value=\"3\""));
	http_res_free(&res);
	assert_int_equal(audits("meeting.update", mid), 2);
	assert_int_equal(audits("meeting.read", mid) >= 1, 1);

	/* the leader corrects it too */
	assert_int_equal(api_send_json(&fx.leader, path, "{\"version\":3,\"interpreter\":true}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 4);
	assert_true(json_is_true(json_object_get(j, "interpreter")));
	json_decref(j);

	/* the form's box left unticked: no interpreter */
	post_form(&fx.kari, page,
		  "version=4&held_on=2024-01-09&channel=video&minutes=Corrected.&next_steps=Call+her.&next_meeting=2024-02-01",
		  &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	j = meeting_now(fx.p1, mid);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 5);
	assert_true(json_is_false(json_object_get(j, "interpreter")));
	json_t *last = json_array_get(json_object_get(j, "history"), 3);
	assert_int_equal(json_object_size(json_object_get(last, "changes")), 1);
	assert_string_equal(json_str(json_object_get(json_object_get(last, "changes"), "interpreter"), "old"), "yes");
	assert_string_equal(json_str(json_object_get(json_object_get(last, "changes"), "interpreter"), "new"), "no");
	json_decref(j);
}

/* ---- removing ---- */

static void
test_remove(void **state)
{
	(void)state;
	caseload_ready();
	long long mid = logged(fx.p1);
	json_int_t total = meetings_total(fx.p1);
	char path[160], page[160], other[160], unknown[160];
	meeting_path(path, sizeof path, true, fx.p1, mid, "/remove");
	meeting_path(page, sizeof page, false, fx.p1, mid, "/remove");
	char *too_long = malloc(202 + 40);
	assert_non_null(too_long);
	snprintf(too_long, 242, "{\"version\":1,\"reason\":\"%0201d\"}", 0);
	static const struct { const char *json, *field, *why; } bad[] = {
		{"{\"version\":1}", "reason", "Say why the meeting is removed."},
		{"{\"version\":1,\"reason\":\"\"}", "reason", "Say why the meeting is removed."},
		{"{\"reason\":\"Wrong participant.\"}", "version", "Must be the version you read, a whole number."},
		{"{\"version\":1,\"reason\":7}", "reason", "Must be text."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused(&fx.kari, path, bad[i].json, 422, "invalid", bad[i].field, bad[i].why);
	refused(&fx.kari, path, too_long, 422, "invalid", "reason", "Write the reason in at most 200 characters.");
	/* every error at once: a reason too long, and no version */
	json_t *all = NULL;
	char unversioned[240];
	snprintf(unversioned, sizeof unversioned, "{%s", strstr(too_long, "\"reason\""));
	assert_int_equal(api_send_json(&fx.kari, path, unversioned, &all), 422);
	assert_int_equal(json_object_size(err_fields(all)), 2);
	assert_string_equal(field_error(all, "reason"), "Write the reason in at most 200 characters.");
	assert_string_equal(field_error(all, "version"), "Must be the version you read, a whole number.");
	json_decref(all);
	free(too_long);
	refused(&fx.kari, path, "{\"version\":1,\"reason\":\"x\",\"minutes\":\"\"}", 400, NULL, NULL, NULL);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, path, "{\"version\":2,\"reason\":\"Wrong participant.\"}", &j), 409);
	assert_string_equal(json_str(json_object_get(j, "error"), "message"),
			    "Someone else changed this meeting after you opened it. Check the meeting before you remove it.");
	json_decref(j);
	meeting_path(other, sizeof other, true, fx.p2, mid, "/remove");
	refused(&fx.kari, other, "{\"version\":1,\"reason\":\"Wrong participant.\"}", 404, NULL, NULL, NULL);
	meeting_path(unknown, sizeof unknown, true, fx.p1, 99999999, "/remove");
	refused(&fx.kari, unknown, "{\"version\":1,\"reason\":\"Wrong participant.\"}", 404, NULL, NULL, NULL);
	refused(&fx.ola, path, "{\"version\":1,\"reason\":\"Wrong participant.\"}", 404, NULL, NULL, NULL);
	refused(&fx.hanne, path, "{\"version\":1,\"reason\":\"Wrong participant.\"}", 403, NULL, NULL, NULL);
	/* the form without a reason: the error beside it */
	struct http_res res;
	post_form(&fx.kari, page, "version=1&reason=", &res);
	assert_int_equal(res.status, 422);
	char *beside = text_after(res.body, "id=\"reason-error\">", '<');
	assert_non_null(beside);
	assert_string_equal(beside, "Say why the meeting is removed.");
	free(beside);
	http_res_free(&res);
	unchanged(fx.p1, mid);
	assert_int_equal(meetings_total(fx.p1), total);
	assert_int_equal(audits("meeting.remove", mid), 0);

	/* removed: out of the log, audited; again, not found */
	assert_int_equal(api_send_json(&fx.kari, path, "{\"version\":1,\"reason\":\"Logged on the wrong participant.\"}",
				       &j), 200);
	assert_int_equal(json_id(j, "id"), mid);
	assert_true(json_is_true(json_object_get(j, "removed")));
	json_decref(j);
	assert_int_equal(meetings_total(fx.p1), total - 1);
	char show[160];
	assert_int_equal(api_get(&fx.kari, meeting_path(show, sizeof show, true, fx.p1, mid, ""), NULL), 404);
	assert_int_equal(audits("meeting.remove", mid), 1);
	/* the log lists it as removed: when it was held, who removed it and
	 * why, not what it said */
	char log[128];
	snprintf(log, sizeof log, "/api/v1/participants/%lld/meetings", fx.p1);
	assert_int_equal(api_get(&fx.kari, log, &j), 200);
	json_t *gone = json_object_get(j, "removed");
	assert_int_equal(json_array_size(gone), 1);
	json_t *g = json_array_get(gone, 0);
	assert_int_equal(json_id(g, "id"), mid);
	assert_string_equal(json_str(g, "held_on"), "2024-01-10");
	assert_int_equal(json_id(g, "removed_by"), fx.kari_id);
	assert_string_equal(json_str(g, "removed_by_name"), "Kari Kontakt");
	assert_string_equal(json_str(g, "reason"), "Logged on the wrong participant.");
	assert_null(json_object_get(g, "minutes"));
	json_decref(j);
	assert_int_equal(http_get(fx.s, log + 7, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	const char *removed = strstr(res.body, "<h3 id=\"meetings-removed\">Removed from the log</h3>");
	assert_non_null(removed);
	const char *end = strstr(removed, "</table>");
	assert_non_null(end);
	size_t len = (size_t)(end - removed);
	char *table = strndup(removed, len);
	assert_non_null(table);
	assert_non_null(strstr(table, "<td>2024-01-10</td>"));
	assert_non_null(strstr(table, "<td>Kari Kontakt</td><td>Logged on the wrong participant.</td>"));
	assert_null(strstr(table, "First minutes."));
	free(table);
	http_res_free(&res);
	refused(&fx.kari, path, "{\"version\":1,\"reason\":\"Again.\"}", 404, NULL, NULL, NULL);
	assert_int_equal(audits("meeting.remove", mid), 1);

	/* the form: back to the log, said so */
	long long second = logged(fx.p1);
	meeting_path(page, sizeof page, false, fx.p1, second, "/remove");
	post_form(&fx.kari, page, "version=1&reason=Logged+twice.", &res);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), log + 7);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_string_equal(flash, "meeting-removed");
	free(flash);
	http_res_free(&res);
	assert_int_equal(meetings_total(fx.p1), total - 1);
}

/* ---- after the exit ---- */

/* The contact person still writes the follow-up after the exit (decision
 * 21): she corrects and removes its meetings as she logs them. */
static void
test_after_exit(void **state)
{
	(void)state;
	caseload_ready();
	long long pid = api_participant(&fx.leader, "Sahra", "Exited", fx.kari_id);
	char path[160], body[256];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	assert_int_equal(api_send_json(&fx.leader, path, "{\"start_date\":\"2023-01-02\"}", &j), 201);
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"reason\":\"Got a job\",\"outcome\":\"employed_part\",\"version\":%lld}",
		 fx.yesterday, version);
	long st = api_send_json(&fx.leader, path, body, &j);
	json_decref(j);
	assert_true(st == 200 || st == 201);
	long long mid = logged(pid);
	assert_int_equal(api_send_json(&fx.kari, meeting_path(path, sizeof path, true, pid, mid, ""),
				       "{\"version\":1,\"next_steps\":\"Six-month call.\"}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
	json_decref(j);
	assert_int_equal(api_send_json(&fx.kari, meeting_path(path, sizeof path, true, pid, mid, "/remove"),
				       "{\"version\":2,\"reason\":\"Logged on the wrong participant.\"}", NULL), 200);
}

/* ---- setup ---- */

static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(-1, fx.yesterday);
	date_offset(1, fx.tomorrow);
	return true;
}

static int
setup(void **state)
{
	static const struct group_user users[] = {
		{ADMIN_USER, NULL, NULL, &fx.admin},
		{"lena.leader", "Lena Leder", "leader", &fx.leader},
		{"kari.contact", "Kari Kontakt", "contact", &fx.kari},
		{"ola.contact", "Ola Oppfølger", "contact", &fx.ola},
		{"hanne.health", "Hanne Helse", "health", &fx.hanne},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", dates);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_bad_inputs),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_after_exit),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
