/*
 * test_activity_changes.c — what a teacher, contact person and leader do
 * after a group is running, over HTTP on one server: a contact person
 * registers a doctor's note for self-certified sick days beyond the rule
 * (the month's summary moves the day from unexcused to sickness with a
 * note, exactly), a participant leaves a group early (the place is freed
 * for the waiting list, the later sessions leave their timetable), and a
 * leader edits a group (version-checked; the capacity never below those
 * enrolled), a teacher adds, moves or cancels a session from its form.
 * Every bad input gets its specific error and changes nothing, read back
 * through the API; a refused form is shown again with what was typed and
 * the error beside its field.
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
	struct session leader, kari, ola, tina, finn;
	long long kari_id, tina_id;
	char start[11], end[11], today[11], month_before[8];
	long long g1;           /* Tina's group, every day 09:00-11:00, room for 2 */
	long long p1, p2, p3;   /* Kari's participants: p1 and p2 enrolled in g1 */
	long long p_ola;        /* Ola's participant */
} fx;

/* The days since 1970 of a date YYYY-MM-DD. */
static long
day_number(const char *d)
{
	struct tm tm = {0};
	if (sscanf(d, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		fail_msg("not a date: %s", d);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long)(timegm(&tm) / 86400);
}

static const char *
str(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));
	if (s == NULL)
		fail_msg("no %s in %s", key, j ? json_dumps(j, 0) : "(null)");
	return s;
}

static const char *
err_field(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(err_fields(j), key));
	if (s == NULL)
		fail_msg("no error for %s in %s", key, j ? json_dumps(j, 0) : "(null)");
	return s;
}

/* The minutes and days of one absence type in p's summary of month. */
static void
summary_of(long long pid, const char *month, const char *type, long long *minutes, long long *days)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/attendance?month=%s", pid, month);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	json_t *t = json_object_get(json_object_get(json_object_get(j, "summary"), "absence"), type);
	*minutes = json_integer_value(json_object_get(t, "minutes"));
	*days = json_integer_value(json_object_get(t, "days"));
	json_decref(j);
}

static void
assert_summary(long long pid, const char *month, const char *type, long long minutes, long long days)
{
	long long m = -1, d = -1;
	summary_of(pid, month, type, &m, &d);
	if (m != minutes || d != days)
		fail_msg("%s in %s: %lld minutes, %lld days; expected %lld, %lld", type, month, m, d, minutes, days);
}

/* The sessions of g1 (id and date) in the API's order. */
static size_t
g1_sessions(long long *ids, char (*dates)[11], size_t max)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *s = json_object_get(j, "sessions");
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(s) && n < max; i++) {
		json_t *x = json_array_get(s, i);
		ids[n] = json_id(x, "id");
		snprintf(dates[n], 11, "%s", str(x, "on_date"));
		n++;
	}
	json_decref(j);
	return n;
}

/* Posts a doctor's note (JSON) for pid as sess. */
static long
note_json(const struct session *sess, long long pid, const char *body, json_t **out)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/doctor-notes", pid);
	return api_send_json(sess, path, body, out);
}

/* ---- the doctor's note ---- */

static void
test_doctor_note(void **state)
{
	(void)state;
	/* four sessions of the month before on consecutive days: p1 is sick,
	 * self-certified, on each; the fourth day is beyond the rule (three
	 * days in a row) and counts as unexcused */
	static long long ids[400];
	static char dates[400][11];
	size_t n = g1_sessions(ids, dates, 400);
	size_t first = n;
	for (size_t i = 0; i + 3 < n && first == n; i++) {
		if (strncmp(dates[i], fx.month_before, 7) != 0 || strncmp(dates[i + 3], fx.month_before, 7) != 0)
			continue;
		if (day_number(dates[i + 3]) - day_number(dates[i]) == 3)
			first = i;
	}
	assert_true(first < n);
	for (size_t k = 0; k < 4; k++) {
		char api[80], body[256];
		snprintf(api, sizeof api, "/api/v1/sessions/%lld/register", ids[first + k]);
		snprintf(body, sizeof body,
			 "{\"rest_present\":true,\"marks\":[{\"participant_id\":%lld,\"mark\":\"absent\","
			 "\"absence\":\"sick_self\"}]}", fx.p1);
		json_t *r = NULL;
		long st = api_send_json(&fx.tina, api, body, &r);
		if (st != 200)
			fail_msg("%s: %ld %s", api, st, r ? json_dumps(r, 0) : "");
		json_decref(r);
	}
	const char *month = fx.month_before;
	assert_summary(fx.p1, month, "sick_self", 360, 3);
	assert_summary(fx.p1, month, "unexcused", 120, 1);
	assert_summary(fx.p1, month, "sick_doctor", 0, 0);
	/* the month's sessions say which day needs a note */
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/attendance?month=%s", fx.p1, month);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	json_t *ss = json_object_get(j, "sessions");
	int needing = 0;
	for (size_t i = 0; i < json_array_size(ss); i++) {
		json_t *x = json_array_get(ss, i);
		if (json_is_true(json_object_get(x, "needs_doctor_note"))) {
			needing++;
			assert_string_equal(str(x, "date"), dates[first + 3]);
		}
	}
	assert_int_equal(needing, 1);
	json_decref(j);
	/* the register shows it too, with the way to the note */
	struct http_res res;
	char reg[64];
	snprintf(reg, sizeof reg, "/sessions/%lld/register", ids[first + 3]);
	assert_int_equal(http_get(fx.s, reg, fx.tina.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Needs a doctor&#39;s note"));
	http_res_free(&res);

	/* bad input: every error, nothing changed */
	char body[256];
	assert_int_equal(note_json(&fx.kari, fx.p1, "{}", &j), 422);
	assert_string_equal(err_field(j, "from_on"), "Give the first day the note covers.");
	assert_string_equal(err_field(j, "to_on"), "Give the last day the note covers.");
	json_decref(j);
	assert_int_equal(note_json(&fx.kari, fx.p1, "{\"from_on\":\"2026-02-30\",\"to_on\":\"x\"}", &j), 422);
	/* a day that does not exist is said to be none; a text that is no date is told the form */
	assert_string_equal(err_field(j, "from_on"), "2026-02-30 is not a date: February 2026 has 28 days.");
	assert_string_equal(err_field(j, "to_on"), "Give the last day as a date (YYYY-MM-DD).");
	json_decref(j);
	assert_int_equal(note_json(&fx.kari, fx.p1, "{\"from_on\":20260101,\"to_on\":\"2026-01-02\"}", NULL), 422);
	snprintf(body, sizeof body, "{\"from_on\":\"%s\",\"to_on\":\"%s\"}", dates[first + 3], dates[first]);
	assert_int_equal(note_json(&fx.kari, fx.p1, body, &j), 422);
	assert_string_equal(err_field(j, "to_on"), "The last day cannot be before the first.");
	json_decref(j);
	assert_int_equal(note_json(&fx.kari, fx.p1, "{\"from_on\":\"2099-01-01\",\"to_on\":\"2099-01-02\"}", &j), 422);
	assert_string_equal(err_field(j, "from_on"),
			    "A note is registered for days that have passed: the first day cannot be after today.");
	json_decref(j);
	assert_int_equal(note_json(&fx.kari, fx.p1, "{\"from_on\":\"2020-01-01\",\"to_on\":\"2021-01-01\"}", &j), 422);
	assert_string_equal(err_field(j, "to_on"), "A note covers at most 366 days.");
	json_decref(j);
	/* a period without self-certified sickness: p2 was present */
	snprintf(body, sizeof body, "{\"from_on\":\"%s\",\"to_on\":\"%s\"}", dates[first], dates[first + 3]);
	assert_int_equal(note_json(&fx.kari, fx.p2, body, &j), 422);
	assert_string_equal(err_field(j, "from_on"),
			    "The participant has no self-certified sick absence without a note in that period.");
	json_decref(j);
	/* who may not: a teacher (403), another contact person, an unknown
	 * participant (404) */
	assert_int_equal(note_json(&fx.tina, fx.p1, body, NULL), 403);
	assert_int_equal(note_json(&fx.ola, fx.p1, body, NULL), 404);
	assert_int_equal(note_json(&fx.kari, 99999999, body, NULL), 404);
	/* the form shows its error beside the field */
	char form[256], page[96];
	snprintf(page, sizeof page, "/participants/%lld/doctor-notes", fx.p1);
	snprintf(form, sizeof form, "from_on=%s&to_on=%s", dates[first + 3], dates[first]);
	post_form(&fx.kari, page, form, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "The last day cannot be before the first."));
	assert_true(res_contains(&res, "id=\"doctor-note-form\""));
	http_res_free(&res);
	assert_summary(fx.p1, month, "unexcused", 120, 1);
	assert_summary(fx.p1, month, "sick_doctor", 0, 0);

	/* the note for the fourth day, from the attendance page's form: the
	 * day moves from unexcused to sickness with a doctor's note */
	snprintf(page, sizeof page, "/participants/%lld/attendance?month=%s", fx.p1, month);
	assert_int_equal(http_get(fx.s, page, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"doctor-note-form\""));
	assert_true(res_contains(&res, "Needs a doctor&#39;s note"));
	http_res_free(&res);
	snprintf(page, sizeof page, "/participants/%lld/doctor-notes", fx.p1);
	snprintf(form, sizeof form, "from_on=%s&to_on=%s", dates[first + 3], dates[first + 3]);
	post_form(&fx.kari, page, form, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_summary(fx.p1, month, "unexcused", 0, 0);
	assert_summary(fx.p1, month, "sick_doctor", 120, 1);
	assert_summary(fx.p1, month, "sick_self", 360, 3);
	/* the same note again covers nothing more */
	snprintf(body, sizeof body, "{\"from_on\":\"%s\",\"to_on\":\"%s\"}", dates[first + 3], dates[first + 3]);
	assert_int_equal(note_json(&fx.kari, fx.p1, body, &j), 422);
	json_decref(j);
	/* a note for the whole period through the API: the three other days */
	snprintf(body, sizeof body, "{\"from_on\":\"%s\",\"to_on\":\"%s\"}", dates[first], dates[first + 3]);
	assert_int_equal(note_json(&fx.leader, fx.p1, body, &j), 201);
	assert_int_equal(json_integer_value(json_object_get(j, "absences_covered")), 3);
	json_decref(j);
	assert_summary(fx.p1, month, "sick_self", 0, 0);
	assert_summary(fx.p1, month, "sick_doctor", 480, 4);
	assert_summary(fx.p1, month, "unexcused", 0, 0);
}

/* The date days after 1970-01-01. */
static void
day_text(long days, char out[11])
{
	time_t t = (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The enrolment of pid in g1 (its id), from the group's JSON. */
static long long
enrolment_of(long long pid)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *en = json_object_get(j, "enrolments");
	long long id = 0;
	for (size_t i = 0; i < json_array_size(en); i++)
		if (json_id(json_array_get(en, i), "participant_id") == pid)
			id = json_id(json_array_get(en, i), "id");
	json_decref(j);
	if (id == 0)
		fail_msg("no enrolment of %lld in g1", pid);
	return id;
}

/* One member of the enrolment's JSON, as text. */
static char *
enrolment_member(long long eid, const char *key)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld", fx.g1, eid);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	char *v = strdup(str(j, key));
	json_decref(j);
	return v;
}

/* The sessions of a participant's timetable in the week of day. */
static size_t
timetable_sessions(long long pid, const char *day)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/timetable?week=%s", pid, day);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, path, &j), 200);
	size_t n = json_array_size(json_object_get(j, "sessions"));
	json_decref(j);
	return n;
}

/* g1's sessions in the week (Monday..Sunday) of day. */
static size_t
g1_sessions_in_week(const char *day)
{
	static long long ids[400];
	static char dates[400][11];
	size_t n = g1_sessions(ids, dates, 400);
	long d = day_number(day);
	long monday = d - ((d + 3) % 7);   /* 1970-01-01 was a Thursday */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		long x = day_number(dates[i]);
		k += x >= monday && x <= monday + 6;
	}
	return k;
}

static long
end_json(const struct session *sess, long long eid, const char *body, json_t **out)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/groups/%lld/enrolments/%lld/end", fx.g1, eid);
	return api_send_json(sess, path, body, out);
}

/* ---- an enrolment ended early ---- */

static void
test_enrolment_end(void **state)
{
	(void)state;
	json_t *j = NULL;
	/* the group is full (2 of 2): p3 waits */
	char rest[128];
	snprintf(rest, sizeof rest, "\"group_id\":%lld,\"waitlist\":true", fx.g1);
	assert_int_equal(enrol_json(&fx.kari, fx.p3, rest, &j), 201);
	assert_string_equal(str(j, "status"), "waiting");
	long long waiting = json_id(j, "id");
	json_decref(j);
	char offer[96];
	snprintf(offer, sizeof offer, "/api/v1/groups/%lld/enrolments/%lld/offer", fx.g1, waiting);
	assert_int_equal(api_send_json(&fx.kari, offer, "{}", NULL), 409);
	/* p2 is marked present at the latest session before yesterday */
	static long long ids[400];
	static char dates[400][11];
	size_t n = g1_sessions(ids, dates, 400);
	long yesterday = day_number(fx.today) - 1;
	size_t at = n;
	for (size_t i = 0; i < n; i++)
		if (day_number(dates[i]) < yesterday)
			at = i;
	assert_true(at < n);
	char api[80], body[512];
	snprintf(api, sizeof api, "/api/v1/sessions/%lld/register", ids[at]);
	snprintf(body, sizeof body, "{\"marks\":[{\"participant_id\":%lld,\"mark\":\"present\"}]}", fx.p2);
	assert_int_equal(api_send_json(&fx.tina, api, body, NULL), 200);
	long long e2 = enrolment_of(fx.p2);
	char next_week[11], before_mark[11], before_start[11], after_end[11], yday[11];
	day_text(day_number(fx.today) + 7, next_week);
	day_text(day_number(dates[at]) - 1, before_mark);
	day_text(day_number(fx.start) - 1, before_start);
	day_text(day_number(fx.end) + 1, after_end);
	day_text(yesterday, yday);
	size_t week = g1_sessions_in_week(next_week);
	assert_int_equal(timetable_sessions(fx.p2, next_week), week);

	/* bad input: the specific error, nothing changed */
	assert_int_equal(end_json(&fx.kari, e2, "{}", &j), 422);
	assert_string_equal(err_field(j, "ends_on"), "Give the last day in the group.");
	assert_string_equal(err_field(j, "reason"), "Say why the participant leaves the group.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Moved\"}", after_end);
	assert_int_equal(end_json(&fx.kari, e2, body, &j), 422);
	assert_string_equal(err_field(j, "ends_on"), "The last day must be inside the enrolment's period.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Moved\"}", before_start);
	assert_int_equal(end_json(&fx.kari, e2, body, &j), 422);
	assert_string_equal(err_field(j, "ends_on"), "The last day must be inside the enrolment's period.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Moved\"}", before_mark);
	assert_int_equal(end_json(&fx.kari, e2, body, &j), 422);
	assert_string_equal(err_field(j, "ends_on"), "The participant has marks in the group after that day.");
	json_decref(j);
	char longer[260];
	memset(longer, 'x', 201);
	longer[201] = '\0';
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"%s\"}", yday, longer);
	assert_int_equal(end_json(&fx.kari, e2, body, &j), 422);
	assert_string_equal(err_field(j, "reason"), "Write the reason in at most 200 characters.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\",\"reason\":\"Moved\"}", yday);
	/* a place on the waiting list is not an enrolment to end */
	assert_int_equal(end_json(&fx.kari, waiting, body, &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "The participant is not enrolled in the group: only an enrolment is ended.");
	json_decref(j);
	/* who may not: a teacher (403), another contact person, an unknown
	 * enrolment (404) */
	assert_int_equal(end_json(&fx.tina, e2, body, NULL), 403);
	assert_int_equal(end_json(&fx.ola, e2, body, NULL), 404);
	assert_int_equal(end_json(&fx.kari, 99999999, body, NULL), 404);
	/* the page's form: the error beside the field */
	struct http_res res;
	char page[96], form[256];
	snprintf(page, sizeof page, "/groups/%lld/enrolments/%lld", fx.g1, e2);
	assert_int_equal(http_get(fx.s, page, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"enrolment-end-form\""));
	http_res_free(&res);
	snprintf(page, sizeof page, "/groups/%lld/enrolments/%lld/end", fx.g1, e2);
	snprintf(form, sizeof form, "ends_on=%s&reason=Moved", after_end);
	post_form(&fx.kari, page, form, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "The last day must be inside the enrolment&#39;s period."));
	http_res_free(&res);
	char *end = enrolment_member(e2, "ends_on");
	assert_string_equal(end, fx.end);
	free(end);
	assert_int_equal(timetable_sessions(fx.p2, next_week), week);

	/* p2 leaves after yesterday, from the form: the reason kept, the
	 * later sessions gone from their timetable, the place free for p3 */
	snprintf(form, sizeof form, "ends_on=%s&reason=Got+a+job", yday);
	post_form(&fx.kari, page, form, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	end = enrolment_member(e2, "ends_on");
	assert_string_equal(end, yday);
	free(end);
	char *why = enrolment_member(e2, "end_reason");
	assert_string_equal(why, "Got a job");
	free(why);
	assert_int_equal(timetable_sessions(fx.p2, next_week), 0);
	assert_int_equal(api_send_json(&fx.kari, offer, "{}", &j), 200);
	assert_string_equal(str(j, "status"), "enrolled");
	json_decref(j);
	assert_int_equal(timetable_sessions(fx.p3, next_week), week);
	/* ending it again on the same day only says why anew */
	assert_int_equal(end_json(&fx.kari, e2, body, &j), 200);
	assert_string_equal(str(j, "end_reason"), "Moved");
	assert_string_equal(str(j, "ends_on"), yday);
	json_decref(j);
}

/* ---- a group edited ---- */

static long long
g1_version(void)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	long long v = json_id(j, "version");
	json_decref(j);
	return v;
}

static long
edit_json(const struct session *sess, const char *body, json_t **out)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	return api_send_json(sess, path, body, out);
}

static void
test_group_edit(void **state)
{
	(void)state;
	json_t *j = NULL;
	long long v = g1_version();
	char body[512];
	/* p1 and p3 are enrolled from today on: a capacity of 1 is refused,
	 * naming both numbers */
	snprintf(body, sizeof body, "{\"version\":%lld,\"capacity\":1,\"name\":\"Renamed\"}", v);
	assert_int_equal(edit_json(&fx.leader, body, &j), 422);
	assert_string_equal(err_field(j, "capacity"),
			    "2 participants are enrolled in the group: it cannot have fewer places than that, not 1.");
	json_decref(j);
	/* every other bad input */
	snprintf(body, sizeof body, "{\"version\":%lld,\"name\":\"\",\"teachers\":[]}", v);
	assert_int_equal(edit_json(&fx.leader, body, &j), 422);
	assert_string_equal(err_field(j, "name"), "Give the group a name.");
	assert_string_equal(err_field(j, "teachers"), "Choose at least one teacher.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"version\":%lld,\"capacity\":0}", v);
	assert_int_equal(edit_json(&fx.leader, body, &j), 422);
	assert_string_equal(err_field(j, "capacity"), "Give the number of places: a whole number from 1 to 200.");
	json_decref(j);
	/* the group's first month has marks: it cannot end before them */
	snprintf(body, sizeof body, "{\"version\":%lld,\"ends_on\":\"%s\"}", v, fx.start);
	assert_int_equal(edit_json(&fx.leader, body, &j), 422);
	assert_string_equal(err_field(j, "ends_on"),
			    "Sessions after this date have marks: the group must end on or after the last of them.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"version\":%lld,\"teachers\":[%lld]}", v, fx.kari_id);
	assert_int_equal(edit_json(&fx.leader, body, &j), 422);
	assert_non_null(json_object_get(err_fields(j), "teachers.1"));
	json_decref(j);
	/* what does not change here is not read */
	snprintf(body, sizeof body, "{\"version\":%lld,\"starts_on\":\"2020-01-01\"}", v);
	assert_int_equal(edit_json(&fx.leader, body, NULL), 400);
	/* a contact person may not; another centre's or an unknown group is
	 * not found */
	snprintf(body, sizeof body, "{\"version\":%lld,\"name\":\"Kari's\"}", v);
	assert_int_equal(edit_json(&fx.kari, body, NULL), 403);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/groups/99999999", body, NULL), 404);
	assert_int_equal(g1_version(), v);

	/* saved: name, room, capacity, language */
	snprintf(body, sizeof body,
		 "{\"version\":%lld,\"name\":\"Talk more\",\"room\":\"3\",\"capacity\":4,\"language\":\"Norwegian and Somali\"}",
		 v);
	assert_int_equal(edit_json(&fx.leader, body, &j), 200);
	assert_string_equal(str(j, "name"), "Talk more");
	assert_string_equal(str(j, "room"), "3");
	assert_int_equal(json_integer_value(json_object_get(j, "capacity")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), v + 1);
	json_decref(j);
	/* a save from the version before is stale: refused, nothing changed */
	snprintf(body, sizeof body, "{\"version\":%lld,\"name\":\"Stale name\"}", v);
	assert_int_equal(edit_json(&fx.leader, body, &j), 409);
	assert_string_equal(str(json_object_get(j, "error"), "code"), "stale");
	assert_string_equal(str(json_object_get(j, "error"), "message"),
			    "Someone else saved this group after you opened it. Check the values and save again.");
	json_decref(j);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(str(j, "name"), "Talk more");
	json_decref(j);
	/* the same on the page: the message, the form at the saved version */
	struct http_res res;
	char page[64], form[512];
	snprintf(page, sizeof page, "/groups/%lld/edit", fx.g1);
	assert_int_equal(http_get(fx.s, page, fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"group-edit-form\""));
	http_res_free(&res);
	snprintf(page, sizeof page, "/groups/%lld", fx.g1);
	snprintf(form, sizeof form, "version=%lld&name=Stale&capacity=4&ends_on=%s&teachers=%lld", v, fx.end, fx.tina_id);
	post_form(&fx.leader, page, form, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "Someone else saved this group after you opened it."));
	http_res_free(&res);
	snprintf(form, sizeof form, "version=%lld&name=Talk+most&room=3&capacity=5&ends_on=%s&teachers=%lld", v + 1,
		 fx.end, fx.tina_id);
	post_form(&fx.leader, page, form, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	assert_string_equal(str(j, "name"), "Talk most");
	assert_int_equal(json_integer_value(json_object_get(j, "capacity")), 5);
	json_decref(j);

	/* a later end: the sessions a group of that period has from the same
	 * timetable; then an earlier one: the sessions after it go and the
	 * enrolments end with it */
	char later[11], earlier[11];
	day_text(day_number(fx.end) + 10, later);
	day_text(day_number(fx.end) - 5, earlier);
	json_t *ref = NULL;
	long long gref = make_group(&fx.leader, "Reference", fx.tina_id, 2, fx.start, later, &ref);
	if (gref <= 0)
		fail_msg("reference group: %s", ref ? json_dumps(ref, 0) : "");
	snprintf(path, sizeof path, "/api/v1/groups/%lld", gref);
	assert_int_equal(api_get(&fx.leader, path, &ref), 200);
	size_t want = json_array_size(json_object_get(ref, "sessions"));
	json_decref(ref);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\"}", later);
	assert_int_equal(edit_json(&fx.leader, body, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "enrolments_shortened")), 0);
	json_decref(j);
	static long long ids[400];
	static char dates[400][11];
	assert_int_equal(g1_sessions(ids, dates, 400), want);
	/* the enrolments that ran past the new last day: how many is said */
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	assert_int_equal(api_get(&fx.leader, path, &ref), 200);
	json_t *ens = json_object_get(ref, "enrolments");
	long long past = 0;
	for (size_t i = 0; i < json_array_size(ens); i++)
		past += strcmp(json_string_value(json_object_get(json_array_get(ens, i), "ends_on")), earlier) > 0;
	json_decref(ref);
	assert_true(past > 0);
	snprintf(body, sizeof body, "{\"ends_on\":\"%s\"}", earlier);
	assert_int_equal(edit_json(&fx.leader, body, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "enrolments_shortened")), past);
	json_decref(j);
	size_t n = g1_sessions(ids, dates, 400);
	assert_true(n > 0);
	assert_true(strcmp(dates[n - 1], earlier) <= 0);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		kept += strcmp(dates[i], earlier) <= 0;
	assert_int_equal(kept, n);
	char *end = enrolment_member(enrolment_of(fx.p1), "ends_on");
	assert_string_equal(end, earlier);
	free(end);
}

/* ---- a centre's own activity ---- */

static size_t
types_named(const char *name)
{
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/activity-types", &j), 200);
	json_t *items = json_object_get(j, "items");
	size_t k = 0;
	for (size_t i = 0; i < json_array_size(items); i++)
		k += strcmp(str(json_array_get(items, i), "label"), name) == 0;
	json_decref(j);
	return k;
}

static void
test_activity_types(void **state)
{
	(void)state;
	json_t *j = NULL;
	/* bad input, each refused with its error, nothing added */
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/activity-types", "{}", &j), 422);
	assert_string_equal(err_field(j, "name"), "Give the activity a name.");
	assert_string_equal(err_field(j, "kind"), "Choose the kind of activity.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/activity-types", "{\"name\":\"Cycling\",\"kind\":\"sport\"}", &j),
			 422);
	assert_string_equal(err_field(j, "kind"), "Choose the kind of activity from the list.");
	json_decref(j);
	char body[512], longer[100];
	memset(longer, 'x', 81);
	longer[81] = '\0';
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"kind\":\"thematic\"}", longer);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/activity-types", body, &j), 422);
	assert_string_equal(err_field(j, "name"), "Write the name in at most 80 characters.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/activity-types",
				       "{\"name\":\"job club\",\"kind\":\"work\"}", &j), 422);
	assert_string_equal(err_field(j, "name"), "The centre already has an activity with that name.");
	json_decref(j);
	/* only a leader adds one */
	assert_int_equal(api_send_json(&fx.kari, "/api/v1/activity-types", "{\"name\":\"Cycling\",\"kind\":\"thematic\"}",
				       NULL), 403);
	assert_int_equal(types_named("Cycling"), 0);
	/* the page's form: the error beside the field */
	struct http_res res;
	post_form(&fx.leader, "/activity-types", "name=&kind=thematic", &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Give the activity a name."));
	assert_true(res_contains(&res, "id=\"activity-type-form\""));
	http_res_free(&res);
	/* added from the form; a second with the name is refused */
	post_form(&fx.leader, "/activity-types", "name=Cycling&kind=thematic&description=Learning+to+cycle", &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(types_named("Cycling"), 1);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/activity-types",
				       "{\"name\":\"CYCLING\",\"kind\":\"thematic\"}", &j), 422);
	json_decref(j);
	/* nor a built-in type's name as another language shows it: "Job club"
	 * is "Jobbklubb" in Bokmål */
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/activity-types",
				       "{\"name\":\"jobbklubb\",\"kind\":\"thematic\"}", &j), 422);
	assert_string_equal(err_field(j, "name"), "The centre already has an activity with that name.");
	json_decref(j);
	assert_int_equal(types_named("jobbklubb"), 0);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/activity-types",
				       "{\"name\":\"Women's health talk\",\"kind\":\"health\",\"health_only\":true}", &j), 201);
	assert_true(json_is_true(json_object_get(j, "health_only")));
	assert_string_equal(str(j, "label"), "Women's health talk");
	long long own = json_id(j, "id");
	json_decref(j);
	assert_int_equal(types_named("Women's health talk"), 1);
	/* a group of it: only health staff teach it */
	snprintf(body, sizeof body,
		 "{\"activity_type_id\":%lld,\"name\":\"Talk\",\"capacity\":5,\"starts_on\":\"%s\",\"ends_on\":\"%s\","
		 "\"teachers\":[%lld],\"slots\":[{\"weekday\":\"monday\",\"start\":\"13:00\",\"end\":\"14:00\"}]}",
		 own, fx.today, fx.end, fx.tina_id);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/groups", body, &j), 422);
	assert_non_null(json_object_get(err_fields(j), "teachers.1"));
	json_decref(j);
	/* the page lists it for everyone of the centre */
	assert_int_equal(http_get(fx.s, "/activity-types", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Learning to cycle"));
	assert_false(res_contains(&res, "id=\"activity-type-form\""));
	http_res_free(&res);
}

/* The number of activity types the centre offers (built-in and its own). */
static size_t
types_total(void)
{
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/activity-types", &j), 200);
	size_t n = json_array_size(json_object_get(j, "items"));
	json_decref(j);
	return n;
}

/* A name that differs from another only in the case of a Norwegian letter
 * is that name: refused, whether the centre's own or a built-in's as
 * Bokmål shows it. */
static void
test_activity_type_letters(void **state)
{
	(void)state;
	const char *api = "/api/v1/activity-types";
	const char *taken = "The centre already has an activity with that name.";
	json_t *j = NULL;
	size_t n = types_total();
	assert_int_equal(api_send_json(&fx.leader, api, "{\"name\":\"kokkekurs \xC3\xA6\xC3\xB8\xC3\xA5\",\"kind\":\"vocational\"}",
				       &j), 201);
	json_decref(j);
	assert_int_equal(types_total(), n + 1);
	/* ÆØÅ are æøå */
	assert_int_equal(api_send_json(&fx.leader, api, "{\"name\":\"KOKKEKURS \xC3\x86\xC3\x98\xC3\x85\",\"kind\":\"vocational\"}",
				       &j), 422);
	assert_string_equal(err_field(j, "name"), taken);
	json_decref(j);
	struct http_res res;
	post_form(&fx.leader, "/activity-types", "name=KOKKEKURS+%C3%86%C3%98%C3%85&kind=vocational", &res);
	assert_int_equal(res.status, 422);
	char *err = page_field_error(&res, "name");
	assert_non_null(err);
	assert_string_equal(err, taken);
	free(err);
	assert_true(res_contains(&res, "value=\"KOKKEKURS \xC3\x86\xC3\x98\xC3\x85\""));
	http_res_free(&res);
	assert_int_equal(types_total(), n + 1);
	/* a built-in's name as Bokmål shows it, capitalised: "Norwegian class"
	 * is "Norskopplæring" */
	assert_int_equal(api_send_json(&fx.leader, api, "{\"name\":\"NORSKOPPL\xC3\x86RING\",\"kind\":\"language\"}", &j), 422);
	assert_string_equal(err_field(j, "name"), taken);
	json_decref(j);
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "nb"), 0);
	post_form(&fx.leader, "/activity-types", "name=Norskoppl%C3%86ring&kind=language", &res);
	assert_int_equal(session_set_lang(fx.s, &fx.leader, "en"), 0);
	assert_int_equal(res.status, 422);
	err = page_field_error(&res, "name");
	assert_non_null(err);
	assert_string_equal(err, "Senteret har allerede en aktivitet med det navnet.");
	free(err);
	http_res_free(&res);
	assert_int_equal(types_total(), n + 1);
	/* another letter, not another case, is another name */
	assert_int_equal(api_send_json(&fx.leader, api, "{\"name\":\"kokkekurs \xC3\xA6\xC3\xB8" "a\",\"kind\":\"vocational\"}",
				       &j), 201);
	json_decref(j);
	assert_int_equal(types_total(), n + 2);
}

/* ---- a session added, moved or cancelled from its form ---- */

/* g1's sessions as the API gives them (malloc'd JSON text): what a refusal
 * leaves as it was. */
static char *
g1_sessions_text(void)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	char *t = json_dumps(json_object_get(j, "sessions"), JSON_SORT_KEYS);
	json_decref(j);
	assert_non_null(t);
	return t;
}

/* The value the page's input key (of type) shows. */
static void
assert_kept(const struct http_res *res, const char *key, const char *type, const char *want)
{
	char marker[160];
	snprintf(marker, sizeof marker, "<input id=\"%s\" name=\"%s\" type=\"%s\" value=\"", key, key, type);
	char *v = text_after(res->body, marker, '"');
	if (v == NULL || strcmp(v, want) != 0)
		fail_msg("%s shows \"%s\", expected \"%s\"", key, v ? v : "(no such input)", want);
	free(v);
}

/* Posts form to path as Tina and asserts the refusal: the status, the page
 * with the form form_id open, the error (as the page writes it) beside
 * field and in the summary linking to it. res is the caller's to free. */
static void
refused_form(const char *path, const char *form, long status, const char *form_id, const char *field,
	     const char *error, struct http_res *res)
{
	post_form(&fx.tina, path, form, res);
	if (res->status != status)
		fail_msg("%s %s: %ld, expected %ld", path, form, res->status, status);
	char marker[96];
	snprintf(marker, sizeof marker, "id=\"%s\"", form_id);
	assert_true(res_contains(res, marker));
	assert_true(res_contains(res, "<details class=\"no-print\" open>"));
	char *got = page_field_error(res, field);
	if (got == NULL || strcmp(got, error) != 0)
		fail_msg("%s %s: \"%s\" beside %s, expected \"%s\"", path, form, got ? got : "nothing", field, error);
	free(got);
	snprintf(marker, sizeof marker, "<li><a href=\"#%s\">", field);
	assert_true(res_contains(res, marker));
}

static void
test_session_forms(void **state)
{
	(void)state;
	/* four of g1's sessions to come, unmarked, and its last day */
	char path[64], dates[4][11], last[11], outside[11];
	long long ids[4] = {0}, versions[4] = {0};
	snprintf(path, sizeof path, "/api/v1/groups/%lld", fx.g1);
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	snprintf(last, sizeof last, "%s", str(j, "ends_on"));
	json_t *ss = json_object_get(j, "sessions");
	size_t k = 0;
	for (size_t i = 0; i < json_array_size(ss) && k < 4; i++) {
		json_t *x = json_array_get(ss, i);
		if (strcmp(str(x, "on_date"), fx.today) <= 0 || strcmp(str(x, "status"), "planned") != 0)
			continue;
		ids[k] = json_id(x, "id");
		versions[k] = json_id(x, "version");
		snprintf(dates[k], sizeof dates[k], "%s", str(x, "on_date"));
		k++;
	}
	json_decref(j);
	assert_int_equal(k, 4);
	day_text(day_number(last) + 1, outside);
	/* the centre closed on the fourth's day; the third cancelled */
	char body[256];
	snprintf(body, sizeof body, "{\"name\":\"Staff day\",\"from_on\":\"%s\",\"to_on\":\"%s\"}", dates[3], dates[3]);
	assert_int_equal(api_send_json(&fx.leader, "/api/v1/closures", body, &j), 201);
	long long closure = json_id(j, "id");
	json_decref(j);
	char act[80];
	snprintf(act, sizeof act, "/api/v1/sessions/%lld/cancel", ids[2]);
	snprintf(body, sizeof body, "{\"reason\":\"Teacher ill\",\"version\":%lld}", versions[2]);
	assert_int_equal(api_send_json(&fx.tina, act, body, NULL), 200);
	char *before = g1_sessions_text();
	const char *clash = "The group already has a session that day from 09:00 to 11:00.";
	const char *outside_period = "The date is outside the group&#39;s period.";
	const char *closed = "The centre is closed that day.";

	/* an extra session: the group's page again, the form open */
	struct http_res res;
	char add[64], form[512];
	snprintf(add, sizeof add, "/groups/%lld/sessions", fx.g1);
	snprintf(form, sizeof form, "on_date=%s&start=10:00&end=12:00", dates[0]);
	refused_form(add, form, 422, "session-form", "start", clash, &res);
	assert_true(res_contains(&res, "<ul id=\"timetable\">"));   /* the group's page */
	assert_kept(&res, "on_date", "date", dates[0]);
	assert_kept(&res, "start", "text", "10:00");
	assert_kept(&res, "end", "text", "12:00");
	http_res_free(&res);
	snprintf(form, sizeof form, "on_date=%s&start=12:00&end=13:00", outside);
	refused_form(add, form, 422, "session-form", "on_date", outside_period, &res);
	assert_kept(&res, "on_date", "date", outside);
	http_res_free(&res);
	snprintf(form, sizeof form, "on_date=%s&start=12:00&end=13:00", dates[3]);
	refused_form(add, form, 422, "session-form", "on_date", closed, &res);
	assert_kept(&res, "on_date", "date", dates[3]);
	assert_kept(&res, "start", "text", "12:00");
	http_res_free(&res);
	/* no date and a time that is not HH:MM: both said, what was typed kept */
	refused_form(add, "on_date=&start=9.30&end=11:00", 422, "session-form", "on_date", "Give the date of the session.",
		     &res);
	char *err = page_field_error(&res, "start");
	assert_non_null(err);
	assert_string_equal(err, "Write the time as HH:MM, for example 09:30.");
	free(err);
	assert_kept(&res, "start", "text", "9.30");
	http_res_free(&res);

	/* a session moved: its register's page again, the move form open */
	char move[64], cancel[64];
	snprintf(move, sizeof move, "/sessions/%lld/move", ids[0]);
	snprintf(cancel, sizeof cancel, "/sessions/%lld/cancel", ids[0]);
	snprintf(form, sizeof form, "on_date=%s&start=10:00&end=11:30&reason=Trip&version=%lld", dates[1], versions[0]);
	refused_form(move, form, 422, "move-form", "start", clash, &res);
	assert_kept(&res, "on_date", "date", dates[1]);
	assert_kept(&res, "start", "text", "10:00");
	assert_kept(&res, "end", "text", "11:30");
	assert_kept(&res, "reason", "text", "Trip");
	assert_true(res_contains(&res, "<textarea id=\"cancel-reason\" name=\"reason\" rows=\"2\" maxlength=\"200\" "
				       "required aria-required=\"true\"></textarea>"));
	http_res_free(&res);
	snprintf(form, sizeof form, "on_date=%s&start=09:00&end=11:00&version=%lld", outside, versions[0]);
	refused_form(move, form, 422, "move-form", "on_date", outside_period, &res);
	assert_kept(&res, "on_date", "date", outside);
	http_res_free(&res);
	snprintf(form, sizeof form, "on_date=%s&start=09:00&end=11:00&version=%lld", dates[3], versions[0]);
	refused_form(move, form, 422, "move-form", "on_date", closed, &res);
	assert_kept(&res, "on_date", "date", dates[3]);
	http_res_free(&res);

	/* cancelled without a reason, or with one too long (kept); the move
	 * form beside it shows the session as it is */
	snprintf(form, sizeof form, "reason=&version=%lld", versions[0]);
	refused_form(cancel, form, 422, "cancel-form", "cancel-reason", "Say why the session is cancelled.", &res);
	assert_kept(&res, "on_date", "date", dates[0]);
	assert_kept(&res, "start", "text", "09:00");
	http_res_free(&res);
	char longer[202];
	memset(longer, 'x', 201);
	longer[201] = '\0';
	snprintf(form, sizeof form, "reason=%s&version=%lld", longer, versions[0]);
	refused_form(cancel, form, 422, "cancel-form", "cancel-reason", "Write the reason in at most 200 characters.", &res);
	char typed[220];
	snprintf(typed, sizeof typed, ">%s</textarea>", longer);
	assert_true(res_contains(&res, typed));
	http_res_free(&res);

	/* a session cancelled meanwhile: said at the top of its page, 409 */
	const char *said = "<div class=\"error-box\" role=\"alert\" id=\"conflict\"><p>The session is cancelled.</p></div>";
	snprintf(cancel, sizeof cancel, "/sessions/%lld/cancel", ids[2]);
	snprintf(form, sizeof form, "reason=Again&version=%lld", versions[2] + 1);
	post_form(&fx.tina, cancel, form, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, said));
	http_res_free(&res);
	snprintf(move, sizeof move, "/sessions/%lld/move", ids[2]);
	snprintf(form, sizeof form, "on_date=%s&start=12:00&end=13:00&version=%lld", dates[2], versions[2] + 1);
	post_form(&fx.tina, move, form, &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, said));
	http_res_free(&res);

	/* the API's answers are JSON, as they were */
	snprintf(act, sizeof act, "/api/v1/sessions/%lld/move", ids[0]);
	snprintf(body, sizeof body, "{\"on_date\":\"%s\",\"start\":\"10:00\",\"end\":\"11:30\",\"version\":%lld}",
		 dates[1], versions[0]);
	assert_int_equal(api_send_json(&fx.tina, act, body, &j), 422);
	assert_string_equal(err_field(j, "start"), "The group already has a session that day from 09:00 to 11:00.");
	json_decref(j);

	/* nothing of it saved */
	char *after = g1_sessions_text();
	assert_string_equal(after, before);
	free(after);
	free(before);
	snprintf(act, sizeof act, "/api/v1/closures/%lld/delete", closure);
	assert_int_equal(api_send_json(&fx.leader, act, "{}", NULL), 200);
}

/* ---- the self-certification rule ---- */

static size_t
rules_count(void)
{
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.tina, "/api/v1/self-certification-rules", &j), 200);
	size_t n = json_array_size(json_object_get(j, "items"));
	json_decref(j);
	return n;
}

static void
test_self_cert_rules(void **state)
{
	(void)state;
	const char *api = "/api/v1/self-certification-rules";
	json_t *j = NULL;
	/* the rule of the migration: 3 days, 4 periods, from 2000 */
	assert_int_equal(api_get(&fx.kari, api, &j), 200);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(str(first, "valid_from"), "2000-01-01");
	assert_int_equal(json_integer_value(json_object_get(first, "max_days")), 3);
	assert_int_equal(json_integer_value(json_object_get(first, "max_periods")), 4);
	json_decref(j);
	assert_int_equal(rules_count(), 1);
	/* bad input */
	assert_int_equal(api_send_json(&fx.finn, api, "{}", &j), 422);
	assert_string_equal(err_field(j, "valid_from"), "Give the day the rule comes into force.");
	assert_string_equal(err_field(j, "max_days"), "Give the most days in a row.");
	assert_string_equal(err_field(j, "max_periods"), "Give the most periods in 12 months.");
	json_decref(j);
	char body[256], tomorrow[11];
	day_text(day_number(fx.today) + 1, tomorrow);
	snprintf(body, sizeof body, "{\"valid_from\":\"%s\",\"max_days\":3,\"max_periods\":4}", fx.today);
	assert_int_equal(api_send_json(&fx.finn, api, body, &j), 422);
	assert_string_equal(err_field(j, "valid_from"),
			    "A new rule comes into force after today: the marks saved were counted by the rule of their day.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"valid_from\":\"%s\",\"max_days\":31,\"max_periods\":0}", tomorrow);
	assert_int_equal(api_send_json(&fx.finn, api, body, &j), 422);
	assert_string_equal(err_field(j, "max_days"), "Give the days as a whole number from 1 to 30.");
	assert_string_equal(err_field(j, "max_periods"), "Give the periods as a whole number from 1 to 52.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"valid_from\":\"%s\",\"max_days\":2,\"max_periods\":3}", tomorrow);
	/* only a finance officer adds one */
	assert_int_equal(api_send_json(&fx.leader, api, body, NULL), 403);
	assert_int_equal(api_send_json(&fx.kari, api, body, NULL), 403);
	assert_int_equal(rules_count(), 1);
	/* the page's form: the error beside the field */
	struct http_res res;
	char form[128];
	snprintf(form, sizeof form, "valid_from=%s&max_days=&max_periods=4", tomorrow);
	post_form(&fx.finn, "/self-certification", form, &res);
	assert_int_equal(res.status, 422);
	assert_true(res_contains(&res, "Give the most days in a row."));
	http_res_free(&res);
	assert_int_equal(rules_count(), 1);
	/* added; the same day again is refused */
	snprintf(form, sizeof form, "valid_from=%s&max_days=2&max_periods=3", tomorrow);
	post_form(&fx.finn, "/self-certification", form, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(rules_count(), 2);
	assert_int_equal(api_send_json(&fx.finn, api, body, &j), 422);
	assert_string_equal(err_field(j, "valid_from"), "A rule already comes into force on that day.");
	json_decref(j);
	assert_int_equal(api_get(&fx.tina, api, &j), 200);
	json_t *second = json_array_get(json_object_get(j, "items"), 1);
	assert_string_equal(str(second, "valid_from"), tomorrow);
	assert_int_equal(json_integer_value(json_object_get(second, "max_days")), 2);
	assert_string_equal(str(second, "created_by"), "Finn Finans");
	json_decref(j);
	/* the page, for a leader: the rules, no form */
	assert_int_equal(http_get(fx.s, "/self-certification", fx.leader.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"self-cert-rules\""));
	assert_false(res_contains(&res, "id=\"self-cert-form\""));
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
		{"finn.finance", "Finn Finans", "finance", &fx.finn},
		{NULL},
	};
	return group_server_users(state, &fx.s, users, PASSWORD, "en", NULL);
}

/* The shared records, made through the API (asserting): g1 from the first
 * day of the month before to 30 days ahead. */
static void
test_prepare_records(void **state)
{
	(void)state;
	date_offset(-100, programme_start);
	fx.kari_id = user_id(&fx.kari);
	fx.tina_id = user_id(&fx.tina);
	long long ola_id = user_id(&fx.ola);
	date_offset(0, fx.today);
	date_offset(30, fx.end);
	int y = 0, m = 0;
	sscanf(fx.today, "%4d-%2d", &y, &m);
	if (--m == 0) {
		m = 12;
		y--;
	}
	snprintf(fx.month_before, sizeof fx.month_before, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
	snprintf(fx.start, sizeof fx.start, "%s-01", fx.month_before);
	json_t *err = NULL;
	fx.g1 = make_group(&fx.leader, "Talk every day", fx.tina_id, 2, fx.start, fx.end, &err);
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
	long long ps[2] = {fx.p1, fx.p2};
	for (int i = 0; i < 2; i++) {
		json_t *j = NULL;
		long st = enrol_json(&fx.kari, ps[i], rest, &j);
		if (st != 201)
			fail_msg("enrol: %ld %s", st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare_records),
		cmocka_unit_test(test_doctor_note),
		cmocka_unit_test(test_enrolment_end),
		cmocka_unit_test(test_group_edit),
		cmocka_unit_test(test_activity_types),
		cmocka_unit_test(test_activity_type_letters),
		cmocka_unit_test(test_session_forms),
		cmocka_unit_test(test_self_cert_rules),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
