/*
 * test_followup.c — follow-up over HTTP: the meeting log (every bad input
 * of the form and the API: 422, the error beside the field, nothing saved),
 * a planned meeting on the contact person's Today page, health notes (only
 * health staff; every note read is one audit entry), the registration of
 * follow-ups after exit (bad inputs, and a second registration refused),
 * and every error of a refused request said at once, in the fields' order.
 *
 * Participants get into a caseload the way users do it: POST
 * /api/v1/participants as a leader, then POST /api/v1/participants/:id/contact.
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

/* What every test shares: one server, its users signed in (in English). */
static struct {
	struct server *s;
	struct session admin, leader, kari, ola, hanne;
	long long kari_id;
	long long p1;            /* in Kari's caseload */
	char today[11], yesterday[11], tomorrow[11], two_days_ago[11];
} fx;

/* ---- helpers ---- */

static json_int_t
meetings_total(long long pid)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", pid);
	return api_total(&fx.kari, path);
}

/* A string of n 'a's (malloc'd). */
static char *
long_text(size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, 'a', n);
	s[n] = '\0';
	return s;
}

/* The part of an HTML page from one marker to the next (malloc'd). */
static char *
between(const char *body, const char *from, const char *to)
{
	const char *a = strstr(body, from);
	if (a == NULL)
		return NULL;
	const char *b = to ? strstr(a, to) : NULL;
	size_t n = b ? (size_t)(b - a) : strlen(a);
	char *out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, a, n);
	out[n] = '\0';
	return out;
}

/* Audit entries for action and record id, as the administrator. */
static int
audit_count(const char *action, const char *record_id)
{
	return api_audit_count(&fx.admin, action, record_id);
}

/* Kari's id and her first participant, made by the first test that needs them. */
static void
caseload_ready(void)
{
	if (fx.p1 > 0)
		return;
	fx.kari_id = user_id(&fx.kari);
	fx.p1 = api_participant(&fx.leader, "Amina", "Caseload", fx.kari_id);
}

/* ---- meetings: the form ---- */

struct bad_row {
	const char *field;     /* the field given the bad value */
	const char *value;     /* NULL: a text too long (8001 characters) */
	const char *message;   /* the error shown beside the field */
};

static void
test_meeting_form_bad_inputs(void **state)
{
	(void)state;
	caseload_ready();
	char before[11];
	snprintf(before, sizeof before, "%s", fx.two_days_ago);
	const struct bad_row rows[] = {
		{"held_on", "", "Give the date of the meeting."},
		{"held_on", "31.12.2024", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"held_on", "2024-02-30", "2024-02-30 is not a date: February 2024 has 29 days."},
		{"held_on", fx.tomorrow, "The meeting date cannot be in the future; log a meeting after it was held."},
		/* born 1988-04-02 (api_participant()) */
		{"held_on", "1988-04-01", "The meeting date cannot be before the participant was born."},
		{"held_on", "1900-01-01", "The meeting date cannot be before the participant was born."},
		{"channel", "", "Choose how the meeting was held."},
		{"channel", "email", "Choose how the meeting was held: in person, phone, video or home visit."},
		{"interpreter", "maybe", "Answer yes or no: was an interpreter used?"},
		{"minutes", NULL, "The minutes are too long: at most 8000 characters."},
		{"minutes", "bell\x07", "This text has characters that are not allowed."},
		{"next_steps", NULL, "The next steps are too long: at most 8000 characters."},
		{"next_steps", "\x1b[31m", "This text has characters that are not allowed."},
		{"next_meeting", "soon", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"next_meeting", before, "The next meeting cannot be before this meeting."},
	};
	static const char *const fields[] = {"held_on", "channel", "interpreter", "minutes", "next_steps", "next_meeting"};
	const char *good[] = {fx.yesterday, "phone", "yes", "Kept minutes", "Kept next steps", ""};
	json_int_t total = meetings_total(fx.p1);
	char path[128];
	snprintf(path, sizeof path, "/participants/%lld/meetings", fx.p1);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *text = long_text(8001);
		size_t cap = 20000;
		char *body = malloc(cap);
		assert_non_null(body);
		body[0] = '\0';
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
			const char *v = good[f];
			if (strcmp(fields[f], rows[i].field) == 0)
				v = rows[i].value ? rows[i].value : text;
			char *esc = form_escape(v);
			size_t len = strlen(body);
			snprintf(body + len, cap - len, "%s%s=%s", f ? "&" : "", fields[f], esc);
			free(esc);
		}
		struct http_res res;
		post_form(&fx.kari, path, body, &res);
		if (res.status != 422)
			fail_msg("row %zu (%s): status %ld", i, rows[i].field, res.status);
		char id[64];
		snprintf(id, sizeof id, "id=\"%s-error\">", rows[i].field);
		char *beside = text_after(res.body, id, '<');
		if (beside == NULL || strcmp(beside, rows[i].message) != 0)
			fail_msg("row %zu (%s): beside the field: \"%s\"", i, rows[i].field, beside ? beside : "(none)");
		free(beside);
		/* only that field is in error, and what was typed is kept */
		assert_true(res_contains(&res, "Please correct the fields marked below."));
		if (strcmp(rows[i].field, "minutes") != 0)
			assert_true(res_contains(&res, "Kept minutes"));
		http_res_free(&res);
		free(body);
		free(text);
	}
	/* nothing was saved */
	assert_int_equal(meetings_total(fx.p1), total);
}

/* A meeting planned for today shows on the contact person's Today page. */
static void
test_meeting_planned_today_on_today_page(void **state)
{
	(void)state;
	caseload_ready();
	long long pid = api_participant(&fx.leader, "Hodan", "Todaytest", fx.kari_id);
	char path[128], body[512];
	snprintf(path, sizeof path, "/participants/%lld/meetings", pid);

	struct http_res res;
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "No meetings have been logged yet."));
	assert_true(res_contains(&res, "id=\"meeting-form\""));
	http_res_free(&res);

	/* nothing planned yet */
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	char *section = between(res.body, "id=\"meetings-today\"", "id=\"overdue\"");
	assert_non_null(section);
	assert_null(strstr(section, "Todaytest"));
	free(section);
	http_res_free(&res);

	snprintf(body, sizeof body,
		 "held_on=%s&channel=home_visit&interpreter=yes&minutes=Talked+about+the+course%%0AShe+is+keen."
		 "&next_steps=Call+the+school&next_meeting=%s", fx.yesterday, fx.today);
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 303);
	assert_string_equal(res_header(&res, "Location"), path);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_non_null(flash);
	assert_string_equal(flash, "meeting-logged");
	free(flash);
	http_res_free(&res);

	/* in the log, with the line break kept */
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Talked about the course<br>She is keen."));
	assert_true(res_contains(&res, "Home visit"));
	assert_true(res_contains(&res, "Call the school"));
	http_res_free(&res);

	/* on Today, under Meetings today, linking to the participant */
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	section = between(res.body, "id=\"meetings-today\"", "id=\"overdue\"");
	assert_non_null(section);
	assert_non_null(strstr(section, "Todaytest, Hodan"));
	char link[128];
	snprintf(link, sizeof link, "href=\"/participants/%lld/meetings\"", pid);
	assert_non_null(strstr(section, link));
	free(section);
	http_res_free(&res);

	/* the same in the API */
	json_t *j = NULL;
	assert_int_equal(api_get(&fx.kari, "/api/v1/today", &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "date")), fx.today);
	bool found = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "meetings_today"), i, it) {
		if (json_integer_value(json_object_get(it, "participant_id")) == pid) {
			found = true;
			assert_string_equal(json_string_value(json_object_get(it, "next_meeting")), fx.today);
			assert_string_equal(json_string_value(json_object_get(it, "planned_on")), fx.yesterday);
		}
	}
	assert_true(found);
	assert_true(json_integer_value(json_object_get(json_object_get(j, "counts"), "meetings_today")) >= 1);
	json_decref(j);

	/* not on another contact person's day */
	assert_int_equal(http_get(fx.s, "/today", fx.ola.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "Todaytest"));
	assert_true(res_contains(&res, "No meetings today."));
	http_res_free(&res);

	/* reading Today is audited, without personal data */
	char me[32];
	snprintf(me, sizeof me, "%lld", fx.kari_id);
	assert_true(audit_count("today.read", me) >= 2);
}

/* A planned next meeting that has passed with no meeting since is flagged
 * as overdue, in words, wherever it is shown: the meeting log, the
 * participant's page, the caseload list and Today. A meeting logged since
 * clears it. */
static void
test_passed_next_meeting_flagged(void **state)
{
	(void)state;
	caseload_ready();
	long long pid = api_participant(&fx.leader, "Sagal", "Passedmeeting", fx.kari_id);
	char path[128], body[512];
	snprintf(path, sizeof path, "/participants/%lld/meetings", pid);
	struct http_res res;
	snprintf(body, sizeof body, "held_on=%s&channel=phone&interpreter=no&minutes=&next_steps=&next_meeting=%s",
		 fx.two_days_ago, fx.yesterday);
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);

	char flagged[256];
	snprintf(flagged, sizeof flagged, "%s <span class=\"badge overdue\">Overdue</span> "
		 "<span class=\"muted\">no meeting logged since</span>", fx.yesterday);
	char person[64], caseload[64];
	snprintf(person, sizeof person, "/participants/%lld", pid);
	snprintf(caseload, sizeof caseload, "/caseloads/%lld", fx.kari_id);
	const char *pages[] = {path, person, caseload};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(http_get(fx.s, pages[i], fx.kari.cookie, &res), 0);
		assert_int_equal(res.status, 200);
		if (!res_contains(&res, flagged))
			fail_msg("%s does not flag the passed meeting", pages[i]);
		http_res_free(&res);
	}
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	char *section = between(res.body, "id=\"overdue\"", "id=\"due\"");
	assert_non_null(section);
	assert_non_null(strstr(section, "Passedmeeting, Sagal"));
	assert_non_null(strstr(section, "1 day overdue"));
	free(section);
	http_res_free(&res);

	/* Met today, nothing planned: no flag anywhere. */
	snprintf(body, sizeof body, "held_on=%s&channel=phone&interpreter=no&minutes=&next_steps=&next_meeting=",
		 fx.today);
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(http_get(fx.s, pages[i], fx.kari.cookie, &res), 0);
		assert_false(res_contains(&res, flagged));
		http_res_free(&res);
	}
	/* The old meeting's plan is history, not overdue. */
	assert_int_equal(http_get(fx.s, path, fx.kari.cookie, &res), 0);
	assert_true(res_contains(&res, fx.yesterday));
	assert_false(res_contains(&res, "no meeting logged since"));
	http_res_free(&res);
}

/* ---- meetings: the API ---- */

static void
test_meeting_api(void **state)
{
	(void)state;
	caseload_ready();
	char path[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", fx.p1);
	json_int_t total = meetings_total(fx.p1);

	static const struct { const char *json, *field, *message; } bad[] = {
		{"{\"channel\":\"phone\"}", "held_on", "Give the date of the meeting."},
		{"{\"held_on\":\"2030-01-01\",\"channel\":\"phone\"}", "held_on",
		 "The meeting date cannot be in the future; log a meeting after it was held."},
		{"{\"held_on\":\"2024-01-10\",\"channel\":\"fax\"}", "channel",
		 "Choose how the meeting was held: in person, phone, video or home visit."},
		{"{\"held_on\":\"2024-01-10\",\"channel\":\"phone\",\"interpreter\":\"sometimes\"}", "interpreter",
		 "Must be true or false."},
		{"{\"held_on\":\"2024-01-10\",\"channel\":\"phone\",\"minutes\":[\"a\"]}", "minutes",
		 "Must be text."},
		{"{\"held_on\":\"2024-01-10\",\"channel\":\"phone\",\"next_meeting\":\"2024-01-09\"}", "next_meeting",
		 "The next meeting cannot be before this meeting."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = NULL;
		long st = api_send_json(&fx.kari, path, bad[i].json, &j);
		if (st != 422)
			fail_msg("row %zu: %ld", i, st);
		json_t *err = json_object_get(j, "error");
		assert_string_equal(json_string_value(json_object_get(err, "code")), "invalid");
		const char *why = json_string_value(json_object_get(json_object_get(err, "fields"), bad[i].field));
		if (why == NULL || strcmp(why, bad[i].message) != 0)
			fail_msg("row %zu: %s: %s", i, bad[i].field, why ? why : "(none)");
		json_decref(j);
	}
	/* an unknown field is refused */
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, path,
				       "{\"held_on\":\"2024-01-10\",\"channel\":\"phone\",\"mood\":\"good\"}", &j), 400);
	assert_non_null(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "mood"));
	json_decref(j);
	assert_int_equal(meetings_total(fx.p1), total);

	/* a good one */
	assert_int_equal(api_send_json(&fx.kari, path,
				       "{\"held_on\":\"2024-01-10\",\"channel\":\"video\",\"interpreter\":true,"
				       "\"minutes\":\"By video.\",\"next_meeting\":\"2024-02-01\"}", &j), 201);
	long long mid = json_id(j, "id");
	assert_string_equal(json_string_value(json_object_get(j, "channel")), "video");
	assert_true(json_is_true(json_object_get(j, "interpreter")));
	assert_string_equal(json_string_value(json_object_get(j, "next_meeting")), "2024-02-01");
	assert_int_equal(json_id(j, "author_id"), fx.kari_id);
	json_decref(j);
	assert_int_equal(meetings_total(fx.p1), total + 1);
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", mid);
	assert_int_equal(audit_count("meeting.create", rid), 1);

	/* paged */
	char paged[160];
	snprintf(paged, sizeof paged, "%s?per_page=1&page=1", path);
	assert_int_equal(api_get(&fx.kari, paged, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "per_page")), 1);
	json_decref(j);
	snprintf(paged, sizeof paged, "%s?per_page=500", path);
	assert_int_equal(api_get(&fx.kari, paged, NULL), 400);
}

/* Another contact person's participant: 404 as if there were none, by URL
 * and API, and audited. */
static void
test_meetings_other_caseload(void **state)
{
	(void)state;
	caseload_ready();
	char path[128];
	snprintf(path, sizeof path, "/participants/%lld/meetings", fx.p1);
	struct http_res res;
	assert_int_equal(http_get(fx.s, path, fx.ola.cookie, &res), 0);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	post_form(&fx.ola, path, "held_on=2024-01-10&channel=phone", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", fx.p1);
	assert_int_equal(api_get(&fx.ola, path, NULL), 404);
	assert_int_equal(api_send_json(&fx.ola, path, "{\"held_on\":\"2024-01-10\",\"channel\":\"phone\"}", NULL), 404);
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", fx.p1);
	assert_true(audit_count("access.denied", rid) >= 4);
	/* a leader reads every participant's log */
	assert_int_equal(api_get(&fx.leader, path, NULL), 200);
	/* a health worker has no access to meetings */
	assert_int_equal(api_get(&fx.hanne, path, NULL), 403);
	assert_int_equal(api_get(&fx.hanne, "/api/v1/today", NULL), 403);
}

/* ---- health notes ---- */

static void
test_health_notes_only_for_health_staff(void **state)
{
	(void)state;
	caseload_ready();
	char page[128], api[128];
	snprintf(page, sizeof page, "/participants/%lld/health", fx.p1);
	snprintf(api, sizeof api, "/api/v1/participants/%lld/health-notes", fx.p1);
	const struct session *denied[] = {&fx.kari, &fx.leader};
	for (size_t i = 0; i < 2; i++) {
		struct http_res res;
		assert_int_equal(http_get(fx.s, page, denied[i]->cookie, &res), 0);
		assert_int_equal(res.status, 403);
		http_res_free(&res);
		post_form(denied[i], page, "written_on=2024-01-10&body=x", &res);
		assert_int_equal(res.status, 403);
		http_res_free(&res);
		assert_int_equal(api_get(denied[i], api, NULL), 403);
		assert_int_equal(api_send_json(denied[i], api, "{\"written_on\":\"2024-01-10\",\"body\":\"x\"}", NULL), 403);
	}

	/* A health worker sees only the participants referred to them: before
	 * the referral, 404 as if there were none (and audited). */
	{
		struct http_res res;
		assert_int_equal(http_get(fx.s, page, fx.hanne.cookie, &res), 0);
		assert_int_equal(res.status, 404);
		http_res_free(&res);
		assert_int_equal(api_get(&fx.hanne, api, NULL), 404);
		char pid[32];
		snprintf(pid, sizeof pid, "%lld", fx.p1);
		assert_int_equal(audit_count("access.denied", pid) >= 2, 1);
		/* The contact person refers her to Hanne, on the follow-up page. */
		char refer[128], body[96];
		snprintf(refer, sizeof refer, "/participants/%lld/health-referrals", fx.p1);
		snprintf(body, sizeof body, "health_id=%lld&referred_on=%s&reason=Asked+for+a+talk", user_id(&fx.hanne),
			 fx.today);
		post_form(&fx.kari, refer, body, &res);
		assert_int_equal(res.status, 303);
		http_res_free(&res);
		/* twice is refused, beside the field */
		post_form(&fx.kari, refer, body, &res);
		assert_int_equal(res.status, 409);
		assert_true(res_contains(&res, "The participant is already referred to this health worker."));
		http_res_free(&res);
	}

	/* bad inputs: 422, the error beside the field, nothing saved */
	const struct bad_row rows[] = {
		{"written_on", "", "Give the date of the note."},
		{"written_on", "2024/01/10", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
		{"written_on", fx.tomorrow, "The date of the note cannot be in the future."},
		{"body", "", "Write the note."},
		{"body", "   ", "Write the note."},
		{"body", NULL, "The note is too long: at most 8000 characters."},
		{"body", "nul\x01", "This text has characters that are not allowed."},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *text = long_text(8001);
		const char *on = strcmp(rows[i].field, "written_on") == 0 ? rows[i].value : fx.today;
		const char *b = strcmp(rows[i].field, "body") == 0 ? (rows[i].value ? rows[i].value : text) : "Kept body";
		char *eon = form_escape(on), *eb = form_escape(b);
		size_t len = strlen(eon) + strlen(eb) + 64;
		char *body = malloc(len);
		assert_non_null(body);
		snprintf(body, len, "written_on=%s&body=%s", eon, eb);
		struct http_res res;
		post_form(&fx.hanne, page, body, &res);
		if (res.status != 422)
			fail_msg("row %zu: %ld", i, res.status);
		char id[64];
		snprintf(id, sizeof id, "id=\"%s-error\">", rows[i].field);
		char *beside = text_after(res.body, id, '<');
		assert_non_null(beside);
		if (strcmp(beside, rows[i].message) != 0)
			fail_msg("row %zu: beside %s: \"%s\"", i, rows[i].field, beside);
		free(beside);
		if (strcmp(rows[i].field, "body") != 0)
			assert_true(res_contains(&res, "Kept body"));
		http_res_free(&res);
		free(body);
		free(eon);
		free(eb);
		free(text);
	}
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.hanne, api, "{\"written_on\":\"2024-01-10\"}", &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "body")),
			    "Write the note.");
	json_decref(j);
	assert_int_equal(api_send_json(&fx.hanne, api, "{\"written_on\":\"2024-01-10\",\"body\":\"x\",\"secret\":1}", NULL), 400);

	/* two notes: one through the form, one through the API */
	struct http_res res;
	char body[256];
	snprintf(body, sizeof body, "written_on=%s&body=Sleeps+badly%%3B+sees+the+GP.", fx.yesterday);
	post_form(&fx.hanne, page, body, &res);
	assert_int_equal(res.status, 303);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_string_equal(flash, "note-saved");
	free(flash);
	http_res_free(&res);
	assert_int_equal(api_send_json(&fx.hanne, api,
				       "{\"written_on\":\"2024-01-10\",\"body\":\"First talk about pain.\"}", &j), 201);
	long long n2 = json_id(j, "id");
	json_decref(j);
	char n2s[32];
	snprintf(n2s, sizeof n2s, "%lld", n2);
	assert_int_equal(audit_count("health_note.create", n2s), 1);
	assert_int_equal(audit_count("health_note.read", n2s), 0);

	/* the health worker reads them: one audit entry per note shown */
	assert_int_equal(http_get(fx.s, page, fx.hanne.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Sleeps badly; sees the GP."));
	assert_true(res_contains(&res, "First talk about pain."));
	http_res_free(&res);

	assert_int_equal(api_get(&fx.admin, "/api/v1/audit?action=health_note.read&per_page=200", &j), 200);
	size_t i;
	json_t *it;
	int for_n2 = 0, others = 0;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		assert_string_equal(json_string_value(json_object_get(it, "record_type")), "health_note");
		assert_string_equal(json_string_value(json_object_get(it, "user")), "hanne.health");
		if (strcmp(json_string_value(json_object_get(it, "record_id")), n2s) == 0)
			for_n2++;
		else
			others++;
	}
	assert_int_equal(for_n2, 1);
	assert_int_equal(others, 1);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);

	/* the API read is audited the same way */
	assert_int_equal(api_get(&fx.hanne, api, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);
	assert_int_equal(audit_count("health_note.read", n2s), 2);

	/* and the notes appear nowhere else */
	char meetings[128];
	snprintf(meetings, sizeof meetings, "/participants/%lld/meetings", fx.p1);
	assert_int_equal(http_get(fx.s, meetings, fx.kari.cookie, &res), 0);
	assert_false(res_contains(&res, "Sleeps badly"));
	assert_false(res_contains(&res, "/health\""));   /* no tab for a contact person */
	http_res_free(&res);
	assert_int_equal(http_get(fx.s, "/today", fx.kari.cookie, &res), 0);
	assert_false(res_contains(&res, "Sleeps badly"));
	http_res_free(&res);
}

/* ---- follow-ups after exit ---- */

/* Enrols a participant of Kari's and exits them yesterday; returns the
 * participant's id and the ids of the follow-up tasks at 6 and 12 months
 * (from the API of the programme period). */
static long long
exited_participant(const char *family, long long *t6, long long *t12)
{
	long long pid = api_participant(&fx.leader, "Sahra", family, fx.kari_id);
	char path[160], body[512];
	json_t *j = NULL;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"2023-01-02\"}");
	long st = api_send_json(&fx.leader, path, body, &j);
	if (st != 201 && st != 200)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	long long version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment/exit", pid);
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"reason\":\"Got a job\",\"outcome\":\"employed_part\",\"version\":%lld}",
		 fx.yesterday, version);
	st = api_send_json(&fx.leader, path, body, &j);
	if (st != 200 && st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);

	*t6 = *t12 = 0;
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	assert_int_equal(api_get(&fx.leader, path, &j), 200);
	json_t *fus = json_object_get(json_array_get(json_object_get(j, "enrolments"), 0), "followups");
	size_t i;
	json_t *fu;
	json_array_foreach(fus, i, fu) {
		const char *kind = json_string_value(json_object_get(fu, "kind"));
		long long id = json_integer_value(json_object_get(fu, "id"));
		if (strcmp(kind, "followup_6m") == 0)
			*t6 = id;
		else if (strcmp(kind, "followup_12m") == 0)
			*t12 = id;
	}
	json_decref(j);
	assert_true(*t6 > 0 && *t12 > 0);
	return pid;
}

/* Enrols a participant of Kari's, exits them, and returns the id of the
 * first follow-up task (6 months). */
static long long
make_followup_task(const char *family)
{
	long long t6, t12;
	exited_participant(family, &t6, &t12);
	return t6;
}

static void
test_followup_registration(void **state)
{
	(void)state;
	caseload_ready();
	long long tid = make_followup_task("Followup");
	char path[64];
	snprintf(path, sizeof path, "/tasks/%lld/done", tid);

	const struct bad_row rows[] = {
		{"result", "", "Choose the result of the follow-up."},
		{"result", "hired", "Choose a result from the list."},
		{"source", "", "Say where the status comes from: the participant, the employer or a register lookup."},
		{"source", "neighbour", "Choose a source from the list."},
		{"note", NULL, "The note is too long: at most 8000 characters."},
		{"note", "\x02", "This text has characters that are not allowed."},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *text = long_text(8001);
		const char *result = strcmp(rows[i].field, "result") == 0 ? rows[i].value : "education";
		const char *note = strcmp(rows[i].field, "note") == 0 ? (rows[i].value ? rows[i].value : text) : "Kept note";
		const char *source = strcmp(rows[i].field, "source") == 0 ? rows[i].value : "register";
		char *er = form_escape(result), *en = form_escape(note);
		size_t len = strlen(er) + strlen(en) + strlen(source) + 48;
		char *body = malloc(len);
		assert_non_null(body);
		snprintf(body, len, "result=%s&source=%s&note=%s", er, source, en);
		struct http_res res;
		post_form(&fx.kari, path, body, &res);
		if (res.status != 422)
			fail_msg("row %zu: %ld", i, res.status);
		char id[64];
		snprintf(id, sizeof id, "id=\"task-%lld-%s-error\">", tid, rows[i].field);
		char *beside = text_after(res.body, id, '<');
		if (beside == NULL || strcmp(beside, rows[i].message) != 0)
			fail_msg("row %zu: beside %s: \"%s\"", i, rows[i].field, beside ? beside : "(none)");
		free(beside);
		/* still open: the form is there, nothing registered */
		assert_true(res_contains(&res, "action=\"/tasks/"));
		assert_false(res_contains(&res, "Registered"));
		http_res_free(&res);
		free(body);
		free(er);
		free(en);
		free(text);
	}
	char api[64];
	snprintf(api, sizeof api, "/api/v1/tasks/%lld/done", tid);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, api, "{\"result\":\"promoted\",\"source\":\"employer\"}", &j), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "error"), "fields"), "result")),
			    "Choose a result from the list.");
	json_decref(j);
	/* a status without its source */
	assert_int_equal(api_send_json(&fx.kari, api, "{\"result\":\"moved\"}", &j), 422);
	const char *const no_source[] = {
		"source", "Say where the status comes from: the participant, the employer or a register lookup.", NULL};
	assert_true(api_error_fields(j, "invalid", no_source));
	json_decref(j);
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", tid);
	assert_int_equal(audit_count("task.done", rid), 0);

	/* another contact person may not register it */
	struct http_res res;
	post_form(&fx.ola, path, "result=moved&note=", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);

	/* registered */
	post_form(&fx.kari, path, "result=employed_part&part_time_percent=60&source=participant&note=Works+in+the+school+canteen.", &res);
	assert_int_equal(res.status, 303);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_string_equal(flash, "task-done");
	free(flash);
	http_res_free(&res);
	assert_int_equal(audit_count("task.done", rid), 1);

	/* a second registration is refused and changes nothing */
	assert_int_equal(api_send_json(&fx.kari, api, "{\"result\":\"moved\",\"source\":\"participant\"}", &j), 409);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "conflict");
	json_decref(j);
	post_form(&fx.kari, path, "result=moved&source=participant&note=Moved.", &res);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "This follow-up was already registered on"));
	assert_true(res_contains(&res, "Works in the school canteen."));
	assert_true(res_contains(&res, "Employed part-time"));
	assert_false(res_contains(&res, ">Moved.<"));
	http_res_free(&res);
	assert_int_equal(audit_count("task.done", rid), 1);

	/* an unknown task */
	post_form(&fx.kari, "/tasks/999999/done", "result=moved", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
}

/* kari registers body at the follow-up path: refused (422) with why beside
 * its day, and nothing done (no "task.done" for record). */
static void
status_day_refused(const char *path, const char *body, const char *why, const char *record)
{
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, path, body, &j), 422);
	const char *const fields[] = {"result_on", why, NULL};
	assert_true(api_error_fields(j, "invalid", fields));
	json_decref(j);
	assert_int_equal(audit_count("task.done", record), 0);
}

/* The follow-ups are registered in order, each with a status from after
 * the exit: the 12-month one before the 6-month one is refused (it ended
 * the contact person's access, and the participant and the open 6-month
 * follow-up answered 404 to her), as is a status from before the exit or,
 * at 12 months, from before the 6-month status. The contact person keeps
 * the participant until the last is registered. */
static void
test_followups_in_order(void **state)
{
	(void)state;
	caseload_ready();
	long long t6, t12;
	long long pid = exited_participant("Order", &t6, &t12);
	char p6[64], p12[64], form12[64], ppath[64], r6[32], r12[32], body[256];
	snprintf(p6, sizeof p6, "/api/v1/tasks/%lld/done", t6);
	snprintf(p12, sizeof p12, "/api/v1/tasks/%lld/done", t12);
	snprintf(form12, sizeof form12, "/tasks/%lld/done", t12);
	snprintf(ppath, sizeof ppath, "/api/v1/participants/%lld", pid);
	snprintf(r6, sizeof r6, "%lld", t6);
	snprintf(r12, sizeof r12, "%lld", t12);
	json_t *j = NULL;
	char meetings[96], action6[64], action12[64], waits[64];
	snprintf(meetings, sizeof meetings, "/participants/%lld/meetings", pid);
	snprintf(action6, sizeof action6, "action=\"/tasks/%lld/done\"", t6);
	snprintf(action12, sizeof action12, "action=\"/tasks/%lld/done\"", t12);
	snprintf(waits, sizeof waits, "id=\"task-%lld-waits\"", t12);

	/* the page offers the 6-month form, and says the 12-month one waits */
	struct http_res res;
	assert_int_equal(http_get(fx.s, meetings, fx.kari.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, action6));
	assert_false(res_contains(&res, action12));
	assert_true(res_contains(&res, waits));
	http_res_free(&res);

	/* the tester's request: the 12-month one first, with a status from 1990 */
	assert_int_equal(api_send_json(&fx.kari, p12, "{\"result\":\"employed_full\",\"source\":\"register\",\"result_on\":\"1990-01-01\"}", &j),
			 422);
	const char *const first[] = {
		"result", "Register the 6-month follow-up first: the 12-month follow-up comes after it.",
		"result_on", "The day the status held cannot be before the exit from the programme.", NULL};
	assert_true(api_error_fields(j, "invalid", first));
	json_decref(j);
	/* the form says it beside the result */
	post_form(&fx.kari, form12, "result=employed_full&source=register&note=", &res);
	assert_int_equal(res.status, 422);
	char id[64];
	snprintf(id, sizeof id, "id=\"task-%lld-result-error\">", t12);
	char *beside = text_after(res.body, id, '<');
	assert_non_null(beside);
	assert_string_equal(beside, "Register the 6-month follow-up first: the 12-month follow-up comes after it.");
	free(beside);
	http_res_free(&res);
	assert_int_equal(audit_count("task.done", r12), 0);
	assert_int_equal(api_get(&fx.kari, ppath, &j), 200);
	json_decref(j);

	/* the 6-month status from before the exit */
	snprintf(body, sizeof body, "{\"result\":\"unemployed\",\"source\":\"register\",\"result_on\":\"%s\"}",
		 fx.two_days_ago);
	status_day_refused(p6, body, "The day the status held cannot be before the exit from the programme.", r6);

	/* the 6-month one, on the day of the exit: she still follows them up */
	snprintf(body, sizeof body, "{\"result\":\"unemployed\",\"source\":\"register\",\"result_on\":\"%s\"}",
		 fx.today);
	assert_int_equal(api_send_json(&fx.kari, p6, body, &j), 200);
	json_decref(j);
	assert_int_equal(api_get(&fx.kari, ppath, &j), 200);
	json_decref(j);
	assert_int_equal(http_get(fx.s, meetings, fx.kari.cookie, &res), 0);
	assert_true(res_contains(&res, action12));
	assert_false(res_contains(&res, waits));
	http_res_free(&res);

	/* the 12-month status from before the 6-month one */
	snprintf(body, sizeof body, "{\"result\":\"employed_full\",\"source\":\"register\",\"result_on\":\"%s\"}",
		 fx.yesterday);
	status_day_refused(p12, body, "The status at 12 months cannot be from before the day of the status at 6 months.",
			   r12);

	/* the 12-month one, the last: her access after the exit ends */
	assert_int_equal(api_send_json(&fx.kari, p12, "{\"result\":\"employed_full\",\"source\":\"employer\"}", &j), 200);
	json_decref(j);
	assert_int_equal(audit_count("task.done", r12), 1);
	assert_int_equal(api_get(&fx.kari, ppath, &j), 404);
	json_decref(j);
	assert_int_equal(api_get(&fx.leader, ppath, &j), 200);
	json_decref(j);
}

/* Each member accepts only its declared JSON type: anything else is a 422
 * naming every such member and the type expected, and nothing is saved. */
static void
test_api_types(void **state)
{
	(void)state;
	caseload_ready();
	static const char text[] = "Must be text.", date[] = "Must be a date as text (YYYY-MM-DD).";
	char path[128];
	json_t *j = NULL;

	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", fx.p1);
	json_int_t meetings = meetings_total(fx.p1);
	assert_int_equal(api_send_json(&fx.kari, path,
				       "{\"held_on\":20240110,\"channel\":1,\"interpreter\":\"yes\",\"minutes\":123,"
				       "\"next_steps\":[],\"next_meeting\":false}", &j), 422);
	const char *const meeting[] = {"held_on", date, "channel", text, "interpreter", "Must be true or false.",
				       "minutes", text, "next_steps", text, "next_meeting", date, NULL};
	assert_true(api_error_fields(j, "invalid", meeting));
	json_decref(j);
	/* The example alone. */
	assert_int_equal(api_send_json(&fx.kari, path,
				       "{\"held_on\":\"2024-01-10\",\"channel\":\"phone\",\"minutes\":123}", &j), 422);
	const char *const minutes[] = {"minutes", text, NULL};
	assert_true(api_error_fields(j, "invalid", minutes));
	json_decref(j);
	assert_int_equal(meetings_total(fx.p1), meetings);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/health-notes", fx.p1);
	json_int_t notes = api_total(&fx.hanne, path);
	assert_int_equal(api_send_json(&fx.hanne, path, "{\"written_on\":null,\"body\":42}", &j), 422);
	const char *const note[] = {"written_on", date, "body", text, NULL};
	assert_true(api_error_fields(j, "invalid", note));
	json_decref(j);
	assert_int_equal(api_total(&fx.hanne, path), notes);

	long long tid = make_followup_task("Typed");
	snprintf(path, sizeof path, "/api/v1/tasks/%lld/done", tid);
	assert_int_equal(api_send_json(&fx.kari, path, "{\"result\":1,\"note\":true}", &j), 422);
	const char *const task[] = {"result", text, "note", text, NULL};
	assert_true(api_error_fields(j, "invalid", task));
	json_decref(j);
	char rid[32];
	snprintf(rid, sizeof rid, "%lld", tid);
	assert_int_equal(audit_count("task.done", rid), 0);
}

/* A refused request names every error at once, in the order of the
 * fields: those of the fields' own reading and those of the rules across
 * fields (a meeting in the future, a health worker not in the list), by
 * form and API. Who may write is checked before the body is read. */
static void
test_every_error_at_once(void **state)
{
	(void)state;
	caseload_ready();
	char path[128], body[512];
	snprintf(path, sizeof path, "/participants/%lld/meetings", fx.p1);
	json_int_t total = meetings_total(fx.p1);
	snprintf(body, sizeof body, "held_on=%s&channel=fax&interpreter=yes&minutes=&next_steps=&next_meeting=soon",
		 fx.tomorrow);
	struct http_res res;
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 422);
	static const struct { const char *field, *message; } beside[] = {
		{"held_on", "The meeting date cannot be in the future; log a meeting after it was held."},
		{"channel", "Choose how the meeting was held: in person, phone, video or home visit."},
		{"next_meeting", "Write the date as YYYY-MM-DD, for example 2024-03-01."},
	};
	for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
		char id[64];
		snprintf(id, sizeof id, "id=\"%s-error\">", beside[i].field);
		char *got = text_after(res.body, id, '<');
		if (got == NULL || strcmp(got, beside[i].message) != 0)
			fail_msg("%s: \"%s\"", beside[i].field, got ? got : "(none)");
		free(got);
	}
	/* the summary lists them in the form's order */
	char *summary = between(res.body, "id=\"error-summary\"", "</ul>");
	assert_non_null(summary);
	const char *a = strstr(summary, "href=\"#held_on\""), *b = strstr(summary, "href=\"#channel\""),
		   *c = strstr(summary, "href=\"#next_meeting\"");
	assert_true(a != NULL && b != NULL && c != NULL && a < b && b < c);
	free(summary);
	http_res_free(&res);

	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", fx.p1);
	json_t *j = NULL;
	assert_int_equal(api_send_json(&fx.kari, path, "{\"held_on\":\"2099-01-01\",\"channel\":\"fax\"}", &j), 422);
	const char *const both[] = {"held_on", "The meeting date cannot be in the future; log a meeting after it was held.",
				    "channel", "Choose how the meeting was held: in person, phone, video or home visit.",
				    NULL};
	assert_true(api_error_fields(j, "invalid", both));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "Some fields are wrong.");
	json_decref(j);
	/* members of the wrong type: only they are named, and the answer says so */
	assert_int_equal(api_send_json(&fx.kari, path, "{\"held_on\":\"2099-01-01\",\"channel\":7}", &j), 422);
	const char *const typed[] = {"channel", "Must be text.", NULL};
	assert_true(api_error_fields(j, "invalid", typed));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "Some fields have the wrong type.");
	json_decref(j);
	assert_int_equal(meetings_total(fx.p1), total);

	/* a referral to someone who is not a health worker, on a bad date */
	snprintf(path, sizeof path, "/participants/%lld/health-referrals", fx.p1);
	snprintf(body, sizeof body, "health_id=%lld&referred_on=31.12.2024&reason=", fx.kari_id);
	post_form(&fx.kari, path, body, &res);
	assert_int_equal(res.status, 422);
	char *who = text_after(res.body, "id=\"health_id-error\">", '<');
	char *on = text_after(res.body, "id=\"referred_on-error\">", '<');
	assert_non_null(who);
	assert_non_null(on);
	assert_string_equal(who, "Choose one of the health workers in the list.");
	assert_string_equal(on, "Write the date as YYYY-MM-DD, for example 2024-03-01.");
	free(who);
	free(on);
	http_res_free(&res);

	/* another contact person's participant is not there, whatever the body */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/meetings", fx.p1);
	assert_int_equal(api_send_json(&fx.ola, path, "{\"mood\":\"good\"}", NULL), 404);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/health-referrals", fx.p1);
	assert_int_equal(api_send_json(&fx.ola, path, "[1]", NULL), 404);
}

/* ---- setup ---- */

/* The dates the tests share, from today. (Nothing here asserts: a failed
 * assertion in a group setup would leave the server running.) */
static bool
dates(void)
{
	date_offset(0, fx.today);
	date_offset(-1, fx.yesterday);
	date_offset(1, fx.tomorrow);
	date_offset(-2, fx.two_days_ago);
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
		cmocka_unit_test(test_meeting_form_bad_inputs),
		cmocka_unit_test(test_meeting_planned_today_on_today_page),
		cmocka_unit_test(test_passed_next_meeting_flagged),
		cmocka_unit_test(test_meeting_api),
		cmocka_unit_test(test_meetings_other_caseload),
		cmocka_unit_test(test_health_notes_only_for_health_staff),
		cmocka_unit_test(test_followup_registration),
		cmocka_unit_test(test_followups_in_order),
		cmocka_unit_test(test_api_types),
		cmocka_unit_test(test_every_error_at_once),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
