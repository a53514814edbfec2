/*
 * test_intake.c — intake, the waiting list and the programme period through
 * the real forms: a referral, its screening (a failed rule overridden by the
 * leader with a reason), the waiting list's places in priority order, the
 * offer, the acceptance with a contact person (a full caseload refuses the
 * whole acceptance), the programme period page, an extension (refused past
 * four years), a pause, and the exit that creates the two follow-ups.
 * Every bad input of every form: 422, the error beside the field, nothing
 * changed. A contact person cannot open intake or the waiting list.
 *
 * Participants are made through POST /api/v1/participants. State is read
 * through the API only (the referral, the programme period with its
 * follow-ups, the participant, their contact person, the audit log), never
 * from the database file, so the test runs on either engine.
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

#include "harness.h"

#define PW "a long password 123"

static struct server *srv;
static struct session lea, kari;
static long long id_kari, id_ola, id_lea;

/* ---- dates ---- */

/* Today + days as YYYY-MM-DD (local time, as the server sees it). */
static const char *
day(int days)
{
	static char buf[256][11];
	static int next;
	char *out = buf[next++ % 256];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday += days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return out;
}

/* Today + years (same month and day; 29 February becomes 28 February). */
static const char *
year_from_today(int years)
{
	static char out[4][11];
	static int next;
	char *o = out[next++ % 4];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	int y = tm.tm_year + 1900 + years;
	int m = tm.tm_mon + 1, d = tm.tm_mday;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		d = 28;
	snprintf(o, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return o;
}

/* ---- requests ---- */

/* POSTs a form (the session's CSRF token is added) and keeps the answer. */
static void
post(const struct session *sess, const char *path, struct http_res *res, const char *fmt, ...)
{
	char body[8192];
	int n = snprintf(body, sizeof body, "csrf=%s&", sess->csrf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body + n, sizeof body - (size_t)n, fmt, ap);
	va_end(ap);
	assert_int_equal(http_post_form(srv, path, sess->cookie, body, res), 0);
}

/* Fails unless res is a 422 with want beside field. */
static void
expect_422(const char *what, struct http_res *res, const char *field, const char *want)
{
	if (res->status != 422)
		fail_msg("%s: status %ld, not 422", what, res->status);
	char *got = page_field_error(res, field);
	if (got == NULL)
		fail_msg("%s: no error beside %s", what, field);
	if (strcmp(got, want) != 0)
		fail_msg("%s: error beside %s is \"%s\", not \"%s\"", what, field, got, want);
	free(got);
	/* The summary links to the field. */
	char link[128];
	snprintf(link, sizeof link, "href=\"#%s\"", field);
	if (!res_contains(res, link))
		fail_msg("%s: the error summary does not link to %s", what, field);
}

static json_t *
referral_json(long long rid)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/referrals/%lld", rid);
	json_t *j = NULL;
	assert_int_equal(api_call(&lea, path, NULL, &j), 200);
	return j;
}

static const char *
jstr(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));
	return s ? s : "";
}

/* The referral's state and version. */
static char *
referral_state(long long rid, long long *version)
{
	json_t *j = referral_json(rid);
	char *s = strdup(jstr(j, "state"));
	if (version != NULL)
		*version = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	return s;
}

static void
expect_state(long long rid, const char *want)
{
	char *s = referral_state(rid, NULL);
	if (strcmp(s, want) != 0)
		fail_msg("referral %lld is %s, not %s", rid, s, want);
	free(s);
}

/* A participant made through the participants API. */
static long long
participant(const char *given, const char *family, const char *birth, const char *intro_ended)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"%s\",\"family_name\":\"%s\",\"birth_date\":\"%s\",\"gender\":\"female\","
		 "\"intro_ended\":\"%s\"}", given, family, birth, intro_ended);
	json_t *j = NULL;
	long st = api_call(&lea, "/api/v1/participants", body, &j);
	if (st != 201)
		fail_msg("POST /api/v1/participants: %ld", st);
	long long v = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	if (v <= 0)
		fail_msg("POST /api/v1/participants gave no id");
	return v;
}

/* ---- state, read through the API ---- */

/* GET path as the leader: 200 and the body (the caller frees it). */
static json_t *
api_get(const char *fmt, ...)
{
	char path[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	json_t *j = NULL;
	long st = api_call(&lea, path, NULL, &j);
	if (st != 200 || j == NULL)
		fail_msg("GET %s: %ld", path, st);
	return j;
}

/* The number of audit entries of an action (by user, when not NULL): the
 * API writes the queue of read entries out before it answers. */
static long long
audits_by(const char *action, const char *user)
{
	json_t *j = user ? api_get("/api/v1/audit?action=%s&user=%s&per_page=1", action, user)
			 : api_get("/api/v1/audit?action=%s&per_page=1", action);
	long long n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

static long long
audits(const char *action)
{
	return audits_by(action, NULL);
}

/* The participant's referrals and, summed over them, their events. */
static long long
referral_count(long long pid, long long *events)
{
	json_t *j = api_get("/api/v1/participants/%lld/referrals", pid);
	long long n = json_integer_value(json_object_get(j, "total"));
	if (events != NULL) {
		*events = 0;
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(j, "items"), i, it) {
			json_t *one = api_get("/api/v1/referrals/%lld", (long long)json_integer_value(json_object_get(it, "id")));
			*events += (long long)json_array_size(json_object_get(one, "events"));
			json_decref(one);
		}
	}
	json_decref(j);
	return n;
}

/* The participant's status (malloc'd). */
static char *
status_of(long long pid)
{
	json_t *j = api_get("/api/v1/participants/%lld", pid);
	const char *s = json_string_value(json_object_get(j, "status"));
	char *out = strdup(s ? s : "");
	json_decref(j);
	return out;
}

/* The participant's contact person (0: none) and the number of
 * assignments they have had. */
static long long
contact_of(long long pid, long long *assignments)
{
	json_t *j = api_get("/api/v1/participants/%lld/contact", pid);
	long long id = json_integer_value(json_object_get(json_object_get(j, "contact"), "id"));
	if (assignments != NULL)
		*assignments = (long long)json_array_size(json_object_get(j, "history"));
	json_decref(j);
	return id;
}

/* The participant's programme periods: {"current", "enrolments"} (the
 * caller frees it). */
static json_t *
periods_of(long long pid)
{
	return api_get("/api/v1/participants/%lld/enrolment", pid);
}

/* The participant's latest period (a new reference; fails when none). */
static json_t *
period_of(long long pid)
{
	json_t *j = periods_of(pid);
	json_t *first = json_array_get(json_object_get(j, "enrolments"), 0);
	if (first == NULL)
		fail_msg("participant %lld has no programme period", pid);
	json_incref(first);
	json_decref(j);
	return first;
}

static long long
period_count(long long pid)
{
	json_t *j = periods_of(pid);
	long long n = (long long)json_array_size(json_object_get(j, "enrolments"));
	json_decref(j);
	return n;
}

/* A member of the participant's latest period: an integer, or the size of
 * a list. */
static long long
period_int(long long pid, const char *key)
{
	json_t *e = period_of(pid);
	json_t *v = json_object_get(e, key);
	long long n = json_is_array(v) ? (long long)json_array_size(v) : json_integer_value(v);
	json_decref(e);
	return n;
}

/* A text member of the participant's latest period (malloc'd). */
static char *
period_text(long long pid, const char *key)
{
	json_t *e = period_of(pid);
	const char *s = json_string_value(json_object_get(e, key));
	char *out = strdup(s ? s : "");
	json_decref(e);
	return out;
}

/* A user's id, by username, from the users the leader may list. */
static long long
user_id(const char *username)
{
	json_t *j = api_get("/api/v1/users?per_page=200");
	long long id = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (strcmp(jstr(it, "username"), username) == 0)
			id = json_integer_value(json_object_get(it, "id"));
	json_decref(j);
	if (id == 0)
		fail_msg("no user %s", username);
	return id;
}

/* Registers a referral through the form; returns its id. */
static long long
refer(long long pid, const char *referred_on, int priority)
{
	char path[96];
	snprintf(path, sizeof path, "/participants/%lld/referrals", pid);
	struct http_res res;
	post(&lea, path, &res,
	     "source=nav&referred_on=%s&referrer=NAV+Bergenhus&reason=Needs+Norwegian+and+work&planned_start=%s"
	     "&in_qualification=no&in_introduction=no&lawful_residence=yes&priority=%d",
	     referred_on, day(30), priority);
	if (res.status != 303)
		fail_msg("POST %s: %ld", path, res.status);
	const char *loc = res_header(&res, "Location");
	assert_non_null(loc);
	assert_int_equal(strncmp(loc, "/referrals/", 11), 0);
	long long id = atoll(loc + 11);
	http_res_free(&res);
	assert_true(id > 0);
	return id;
}

/* An integer member of the referral. */
static long long
referral_int(long long rid, const char *key)
{
	json_t *j = referral_json(rid);
	long long v = json_integer_value(json_object_get(j, key));
	json_decref(j);
	return v;
}

static long long
version_of(long long rid)
{
	long long v = 0;
	free(referral_state(rid, &v));
	return v;
}

static void
screen_ok(long long rid)
{
	char path[96];
	snprintf(path, sizeof path, "/referrals/%lld/screen", rid);
	struct http_res res;
	post(&lea, path, &res, "version=%lld", version_of(rid));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
}

static void
offer_ok(long long rid)
{
	char path[96];
	snprintf(path, sizeof path, "/referrals/%lld/offer", rid);
	struct http_res res;
	post(&lea, path, &res, "version=%lld&offered_on=%s&answer_by=", version_of(rid), day(0));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
}

/* ---- access ---- */

static void
test_contact_person_kept_out(void **state)
{
	(void)state;
	static const char *const pages[] = {
		"/intake", "/waiting-list", "/waiting-list/export?format=csv", "/api/v1/waiting-list",
		"/api/v1/referrals",
	};
	long long denied = audits_by("access.denied", "kari");
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		struct http_res res;
		session_get(&kari, pages[i], &res);
		if (res.status != 403)
			fail_msg("%s as a contact person: %ld", pages[i], res.status);
		http_res_free(&res);
	}
	/* The menu does not offer them either. */
	struct http_res res;
	session_get(&kari, "/", &res);
	assert_int_equal(res.status, 200);
	assert_false(res_contains(&res, "href=\"/waiting-list\""));
	assert_false(res_contains(&res, "href=\"/intake\""));
	http_res_free(&res);
	/* A referral form posted anyway. */
	long long pid = participant("Leyla", "Kept", "1990-01-01", "2020-01-01");
	char path[96];
	snprintf(path, sizeof path, "/participants/%lld/referrals", pid);
	post(&kari, path, &res, "source=nav&referred_on=%s&reason=x&planned_start=%s&in_qualification=no"
	     "&in_introduction=no&lawful_residence=yes", day(0), day(10));
	assert_int_equal(res.status, 403);
	http_res_free(&res);
	assert_int_equal(referral_count(pid, NULL), 0);
	/* Each of the six refusals is in the audit log. */
	assert_int_equal(audits_by("access.denied", "kari") - denied, 6);

	/* The leader sees both pages. */
	session_get(&lea, "/intake", &res);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
	session_get(&lea, "/waiting-list", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"capacity\""));
	http_res_free(&res);
}

/* ---- the referral form ---- */

static void
test_referral_form_bad_inputs(void **state)
{
	(void)state;
	long long pid = participant("Fadumo", "Formtest", "1987-04-04", "2019-06-30");
	char path[96];
	snprintf(path, sizeof path, "/participants/%lld/referrals", pid);
	char long_text[260];
	memset(long_text, 'r', 201);
	long_text[201] = '\0';
	struct {
		const char *what, *source, *referred, *referrer, *reason, *start, *inq, *inint, *lawful, *prio;
		const char *field, *error;
	} rows[] = {
		{ "no source", "", day(-1), "", "why", day(20), "no", "no", "yes", "5",
		  "source", "Choose where the referral comes from." },
		{ "unknown source", "police", day(-1), "", "why", day(20), "no", "no", "yes", "5",
		  "source", "Choose a source from the list." },
		{ "no referral date", "nav", "", "", "why", day(20), "no", "no", "yes", "5",
		  "referred_on", "This field is required." },
		{ "impossible date", "nav", "2025-02-30", "", "why", day(20), "no", "no", "yes", "5",
		  "referred_on", "2025-02-30 is not a date: February 2025 has 28 days." },
		{ "referral tomorrow", "nav", day(1), "", "why", day(20), "no", "no", "yes", "5",
		  "referred_on", "The referral date cannot be in the future." },
		{ "referrer too long", "nav", day(-1), long_text, "why", day(20), "no", "no", "yes", "5",
		  "referrer", "This text is too long." },
		{ "no reason", "nav", day(-1), "", "", day(20), "no", "no", "yes", "5",
		  "reason", "This field is required." },
		{ "no planned start", "nav", day(-1), "", "why", "", "no", "no", "yes", "5",
		  "planned_start", "This field is required." },
		{ "start before referral", "nav", day(-1), "", "why", day(-2), "no", "no", "yes", "5",
		  "planned_start", "The planned start cannot be before the referral date." },
		{ "start too far ahead", "nav", day(-1), "", "why", day(1000), "no", "no", "yes", "5",
		  "planned_start", "The planned start can be at most two years from today." },
		{ "qualification unanswered", "nav", day(-1), "", "why", day(20), "", "no", "yes", "5",
		  "in_qualification", "Choose yes or no." },
		{ "introduction maybe", "nav", day(-1), "", "why", day(20), "no", "maybe", "yes", "5",
		  "in_introduction", "Choose yes or no." },
		{ "residence unanswered", "nav", day(-1), "", "why", day(20), "no", "no", "", "5",
		  "lawful_residence", "Choose yes or no." },
		{ "priority 0", "nav", day(-1), "", "why", day(20), "no", "no", "yes", "0",
		  "priority", "The priority must be a whole number from 1 to 9." },
		{ "priority 10", "nav", day(-1), "", "why", day(20), "no", "no", "yes", "10",
		  "priority", "The priority must be a whole number from 1 to 9." },
		{ "priority text", "nav", day(-1), "", "why", day(20), "no", "no", "yes", "high",
		  "priority", "The priority must be a whole number from 1 to 9." },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct http_res res;
		post(&lea, path, &res,
		     "source=%s&referred_on=%s&referrer=%s&reason=%s&planned_start=%s&in_qualification=%s"
		     "&in_introduction=%s&lawful_residence=%s&priority=%s",
		     rows[i].source, rows[i].referred, rows[i].referrer, rows[i].reason, rows[i].start,
		     rows[i].inq, rows[i].inint, rows[i].lawful, rows[i].prio);
		expect_422(rows[i].what, &res, rows[i].field, rows[i].error);
		http_res_free(&res);
		if (referral_count(pid, NULL) != 0)
			fail_msg("%s: a referral was saved", rows[i].what);
	}
	/* What was typed is kept, and the radio answers stay chosen. */
	struct http_res res;
	post(&lea, path, &res,
	     "source=intro&referred_on=%s&referrer=Kari+at+NAV&reason=Typed+reason&planned_start=&in_qualification=yes"
	     "&in_introduction=no&lawful_residence=yes&priority=3", day(-1));
	expect_422("kept values", &res, "planned_start", "This field is required.");
	assert_true(res_contains(&res, "value=\"Kari at NAV\""));
	assert_true(res_contains(&res, ">Typed reason</textarea>"));
	assert_true(res_contains(&res, "value=\"intro\" selected"));
	assert_true(res_contains(&res, "name=\"in_qualification\" value=\"yes\" checked"));
	assert_true(res_contains(&res, "value=\"3\""));
	http_res_free(&res);
	long long events = -1;
	assert_int_equal(referral_count(pid, &events), 0);
	assert_int_equal(events, 0);

	/* The API says the same, field by field. */
	snprintf(path, sizeof path, "/api/v1/participants/%lld/referrals", pid);
	json_t *j = NULL;
	assert_int_equal(api_call(&lea, path, "{\"source\":\"police\",\"reason\":\"\",\"in_qualification\":false,"
				  "\"in_introduction\":false,\"lawful_residence\":true,\"planned_start\":\"x\"}", &j), 422);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	assert_string_equal(jstr(fields, "source"), "Choose a source from the list.");
	assert_string_equal(jstr(fields, "reason"), "This field is required.");
	assert_string_equal(jstr(fields, "planned_start"), "Write the date as YYYY-MM-DD, for example 2024-03-01.");
	json_decref(j);
	assert_int_equal(api_call(&lea, path, "{\"source\":\"nav\",\"colour\":\"red\"}", &j), 400);
	json_decref(j);
	assert_int_equal(referral_count(pid, NULL), 0);

	/* A good one through the API; a second open one is refused (409). */
	char body[512];
	snprintf(body, sizeof body, "{\"source\":\"self\",\"referred_on\":\"%s\",\"reason\":\"Wants work\","
		 "\"planned_start\":\"%s\",\"in_qualification\":false,\"in_introduction\":false,"
		 "\"lawful_residence\":true,\"priority\":4}", day(-3), day(14));
	assert_int_equal(api_call(&lea, path, body, &j), 201);
	assert_string_equal(jstr(j, "state"), "new");
	assert_int_equal(json_integer_value(json_object_get(j, "priority")), 4);
	assert_int_equal(json_array_size(json_object_get(j, "events")), 1);
	json_decref(j);
	assert_int_equal(api_call(&lea, path, body, &j), 409);
	json_decref(j);
	snprintf(path, sizeof path, "/participants/%lld/referrals", pid);
	post(&lea, path, &res, "source=nav&referred_on=%s&reason=again&planned_start=%s&in_qualification=no"
	     "&in_introduction=no&lawful_residence=yes&priority=5", day(0), day(10));
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "This participant already has an open referral."));
	http_res_free(&res);
	assert_int_equal(referral_count(pid, &events), 1);
	assert_int_equal(events, 1);
}

/* ---- the whole journey ---- */

static void
test_intake_to_exit(void **state)
{
	(void)state;
	struct http_res res;
	char path[128];

	/* What this journey adds to the audit log, counted from here. */
	const long long created = audits("referral.create"), screened = audits("referral.screen"),
			exported = audits("waitlist.export"), accepted = audits("referral.accept"),
			exited = audits("enrolment.exit"), tasks = audits("task.create");

	/* Amina's introduction programme ended a year ago: one rule fails. */
	long long amina = participant("Amina", "Warsame", "1985-03-12", day(-365));
	long long r1 = refer(amina, day(-10), 5);
	assert_int_equal(audits("referral.create") - created, 1);
	snprintf(path, sizeof path, "/referrals/%lld", r1);
	session_get(&lea, path, &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "id=\"referral-state\">Awaiting screening<"));
	assert_true(res_contains(&res, "the introduction programme ended less than two years before the planned start"));
	assert_true(res_contains(&res, "name=\"override_intro_ended\""));
	assert_false(res_contains(&res, "name=\"override_age\""));   /* only failed rules */
	http_res_free(&res);

	/* Screened without an override: not eligible. */
	screen_ok(r1);
	expect_state(r1, "ineligible");
	long long v = version_of(r1);

	/* An override without a reason: 422 beside it, nothing changed. */
	snprintf(path, sizeof path, "/referrals/%lld/screen", r1);
	post(&lea, path, &res, "version=%lld&override_intro_ended=yes&override_reason_intro_ended=+", v);
	expect_422("override without reason", &res, "override_reason_intro_ended",
		   "Give the reason for overriding this rule.");
	assert_true(res_contains(&res, "name=\"override_intro_ended\" checked"));
	http_res_free(&res);
	expect_state(r1, "ineligible");
	assert_int_equal(version_of(r1), v);

	/* A stale version: 409, nothing changed. */
	post(&lea, path, &res, "version=%lld&override_intro_ended=yes&override_reason_intro_ended=Agreed", v - 1);
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	expect_state(r1, "ineligible");

	/* The leader overrides with a reason: waiting. */
	post(&lea, path, &res, "version=%lld&override_intro_ended=yes&override_reason_intro_ended=%s", v,
	     "Did+not+finish+the+introduction+programme%3B+agreed+with+NAV");
	assert_int_equal(res.status, 303);
	char *flash = res_cookie_value(&res, "sc_flash");
	assert_non_null(flash);
	assert_string_equal(flash, "screened");
	free(flash);
	http_res_free(&res);
	expect_state(r1, "waiting");
	json_t *j = referral_json(r1);
	json_t *scr = json_object_get(j, "screening");
	assert_int_equal(json_array_size(scr), 4);
	json_t *intro = json_array_get(scr, 1);
	assert_string_equal(jstr(intro, "rule"), "intro_ended");
	assert_false(json_is_true(json_object_get(intro, "pass")));
	assert_true(json_is_true(json_object_get(intro, "overridden")));
	assert_string_equal(jstr(intro, "override_reason"), "Did not finish the introduction programme; agreed with NAV");
	json_t *events = json_object_get(j, "events");
	assert_int_equal(json_array_size(events), 3);
	assert_string_equal(jstr(json_array_get(events, 2), "from"), "ineligible");
	assert_string_equal(jstr(json_array_get(events, 2), "to"), "waiting");
	assert_string_equal(jstr(json_array_get(events, 2), "user"), "Lea Leader");
	json_decref(j);
	/* two screenings saved; the refused ones left nothing */
	assert_int_equal(audits("referral.screen") - screened, 2);

	/* Hodan: referred later but with a higher priority. */
	long long hodan = participant("Hodan", "Ali", "1990-08-08", "2019-01-31");
	long long r2 = refer(hodan, day(-5), 2);
	screen_ok(r2);
	expect_state(r2, "waiting");

	/* Bad priority input on the referral page. */
	snprintf(path, sizeof path, "/referrals/%lld/priority", r1);
	post(&lea, path, &res, "version=%lld&priority=0", version_of(r1));
	expect_422("priority 0", &res, "priority", "The priority must be a whole number from 1 to 9.");
	http_res_free(&res);

	/* The waiting list: Hodan first (priority 2), Amina second. */
	session_get(&lea, "/waiting-list", &res);
	assert_int_equal(res.status, 200);
	char row[160];
	snprintf(row, sizeof row, "<td class=\"place\">1</td><td><a href=\"/referrals/%lld\">Ali, Hodan</a>", r2);
	assert_true(res_contains(&res, row));
	snprintf(row, sizeof row, "<td class=\"place\">2</td><td><a href=\"/referrals/%lld\">Warsame, Amina</a>", r1);
	assert_true(res_contains(&res, row));
	assert_true(res_contains(&res, "id=\"cap-contacts\"><strong>2</strong>"));
	assert_true(res_contains(&res, "id=\"cap-places\"><strong>36</strong>"));
	http_res_free(&res);
	assert_int_equal(api_call(&lea, "/api/v1/waiting-list", NULL, &j), 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "referral_id")), r2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "place")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "referral_id")), r1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "expected_wait_days")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "capacity"), "free_places")), 36);
	json_decref(j);
	/* The export has the same order. */
	session_get(&lea, "/waiting-list/export?format=csv", &res);
	assert_int_equal(res.status, 200);
	const char *a = strstr(res.body, "Ali,Hodan");
	const char *b = strstr(res.body, "Warsame,Amina");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	http_res_free(&res);
	session_get(&lea, "/waiting-list/export?format=xlsx", &res);
	assert_int_equal(res.status, 200);
	assert_true(res.body_len > 4 && memcmp(res.body, "PK", 2) == 0);
	http_res_free(&res);
	session_get(&lea, "/waiting-list/export?format=pdf", &res);
	assert_int_equal(res.status, 400);
	http_res_free(&res);
	assert_int_equal(audits("waitlist.export") - exported, 2);

	/* Offer to Hodan: bad dates first. */
	snprintf(path, sizeof path, "/referrals/%lld/offer", r2);
	v = version_of(r2);
	post(&lea, path, &res, "version=%lld&offered_on=%s&answer_by=", v, day(1));
	expect_422("offer tomorrow", &res, "offered_on", "The offer date cannot be in the future.");
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&offered_on=&answer_by=", v);
	expect_422("no offer date", &res, "offered_on", "This field is required.");
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&offered_on=%s&answer_by=", v, day(-6));
	expect_422("offer before referral", &res, "offered_on", "The offer date cannot be before the referral date.");
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&offered_on=%s&answer_by=%s", v, day(0), day(-1));
	expect_422("answer before offer", &res, "answer_by", "The answer date cannot be before the offer date.");
	http_res_free(&res);
	expect_state(r2, "waiting");
	post(&lea, path, &res, "version=%lld&offered_on=%s&answer_by=%s", v, day(0), day(14));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	expect_state(r2, "offered");

	/* Ola's caseload is full (cap 1, one participant). */
	char body[256];
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", id_ola);
	assert_int_equal(api_call(&lea, path, "{\"cap\":1}", &j), 200);
	json_decref(j);
	long long busy = participant("Busy", "Olasdottir", "1980-01-01", "2015-01-01");
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", busy);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\",\"contact_id\":%lld}", day(-30), id_ola);
	assert_int_equal(api_call(&lea, path, body, &j), 201);
	json_decref(j);

	/* With Kari's cap at 1, one place is free: Hodan's, offered, now;
	 * Amina waits for Busy's planned end. Every cell of both rows. */
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld/cap", id_kari);
	assert_int_equal(api_call(&lea, path, "{\"cap\":1}", &j), 200);
	json_decref(j);
	assert_int_equal(api_call(&lea, "/api/v1/waiting-list", NULL, &j), 200);
	json_t *hodan_item = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(hodan_item, "participant_id")), hodan);
	assert_string_equal(jstr(hodan_item, "source"), "nav");
	assert_string_equal(jstr(hodan_item, "state"), "offered");
	assert_string_equal(jstr(hodan_item, "offered_on"), day(0));
	long long amina_wait = json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "items"), 1), "expected_wait_days"));
	assert_true(amina_wait > 7);
	json_decref(j);
	session_get(&lea, "/waiting-list", &res);
	char full[512];
	snprintf(full, sizeof full,
		 "<tr><td class=\"place\">1</td><td><a href=\"/referrals/%lld\">Ali, Hodan</a></td><td>2</td>"
		 "<td>%s</td><td>NAV office</td><td>5</td><td>now</td><td>Offered a place</td></tr>",
		 r2, day(-5));
	assert_true(res_contains(&res, full));
	snprintf(full, sizeof full,
		 "<tr><td class=\"place\">2</td><td><a href=\"/referrals/%lld\">Warsame, Amina</a></td><td>5</td>"
		 "<td>%s</td><td>NAV office</td><td>10</td><td>about %lld weeks</td><td>On the waiting list</td></tr>",
		 r1, day(-10), (amina_wait + 6) / 7);
	assert_true(res_contains(&res, full));
	http_res_free(&res);
	assert_int_equal(api_call(&lea, path, "{\"cap\":18}", &j), 200);
	json_decref(j);

	/* Accept: every bad input, then the full caseload, then Kari. */
	snprintf(path, sizeof path, "/referrals/%lld/accept", r2);
	v = version_of(r2);
	session_get(&lea, "/referrals/0", &res);
	assert_int_equal(res.status, 404);
	http_res_free(&res);
	snprintf(row, sizeof row, "/referrals/%lld", r2);
	session_get(&lea, row, &res);
	char opt[160];
	snprintf(opt, sizeof opt, "<option value=\"%lld\">Kari Contact (0 of 18)</option>", id_kari);
	assert_true(res_contains(&res, opt));
	/* Ola's caseload is full: said in words, and not choosable. */
	snprintf(opt, sizeof opt, "<option value=\"%lld\" disabled>Ola Contact (1 of 1, full)</option>", id_ola);
	assert_true(res_contains(&res, opt));
	http_res_free(&res);
	struct {
		const char *what, *start, *end, *contact, *field, *error;
		long status;
	} bad[] = {
		{ "no start", "", "", "kari", "start_date", "This field is required.", 422 },
		{ "start before referral", day(-6), "", "kari", "start_date",
		  "The start cannot be before the referral date.", 422 },
		{ "end past four years", day(0), year_from_today(5), "kari", "planned_end",
		  "The programme period can be at most four years from the start.", 422 },
		{ "end before start", day(0), day(-1), "kari", "planned_end", "The planned end must be after the start.", 422 },
		{ "no contact person", day(0), "", "", "contact_id", "Choose a contact person.", 422 },
		{ "not a contact person", day(0), "", "lea", "contact_id",
		  "choose an active user with the contact person role", 422 },
		{ "full caseload", day(0), "", "ola", "contact_id", "the contact person&#39;s caseload is full", 409 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long long cid = strcmp(bad[i].contact, "kari") == 0 ? id_kari
			      : strcmp(bad[i].contact, "ola") == 0 ? id_ola
			      : strcmp(bad[i].contact, "lea") == 0 ? id_lea : 0;
		char cbuf[32] = "";
		if (cid > 0)
			snprintf(cbuf, sizeof cbuf, "%lld", cid);
		post(&lea, path, &res, "version=%lld&start_date=%s&planned_end=%s&contact_id=%s", v, bad[i].start,
		     bad[i].end, cbuf);
		if (bad[i].status == 422) {
			expect_422(bad[i].what, &res, bad[i].field, bad[i].error);
		} else {
			assert_int_equal(res.status, bad[i].status);
			char *err = page_field_error(&res, bad[i].field);
			assert_non_null(err);
			assert_string_equal(err, bad[i].error);
			free(err);
		}
		http_res_free(&res);
		/* Nothing of the acceptance remains. */
		expect_state(r2, "offered");
		assert_int_equal(period_count(hodan), 0);
		long long assignments = -1;
		assert_int_equal(contact_of(hodan, &assignments), 0);
		assert_int_equal(assignments, 0);
		char *st = status_of(hodan);
		assert_string_equal(st, "offered");
		free(st);
	}
	post(&lea, path, &res, "version=%lld&start_date=%s&planned_end=&contact_id=%lld", v, day(0), id_kari);
	assert_int_equal(res.status, 303);
	snprintf(row, sizeof row, "/participants/%lld/enrolment", hodan);
	assert_string_equal(res_header(&res, "Location"), row);
	http_res_free(&res);
	expect_state(r2, "accepted");
	assert_int_equal(contact_of(hodan, NULL), id_kari);
	assert_int_equal(audits("referral.accept") - accepted, 1);

	/* The period page: start, two years, four at most. Kari, now Hodan's
	 * contact person, sees it too. */
	session_get(&kari, row, &res);
	assert_int_equal(res.status, 200);
	char dd[96];
	snprintf(dd, sizeof dd, "<dt>Start</dt><dd>%s</dd>", day(0));
	assert_true(res_contains(&res, dd));
	snprintf(dd, sizeof dd, "<dt>Planned end</dt><dd>%s</dd>", year_from_today(2));
	assert_true(res_contains(&res, dd));
	snprintf(dd, sizeof dd, "<dt>Longest possible end</dt><dd>%s</dd>", year_from_today(4));
	assert_true(res_contains(&res, dd));
	assert_true(res_contains(&res, "id=\"period-status\">Active<"));
	assert_false(res_contains(&res, "id=\"extend-form\""));   /* a leader's */
	assert_true(res_contains(&res, "id=\"exit-form\""));      /* her own participant */
	http_res_free(&res);
	long long eid = period_int(hodan, "id");
	long long ev = period_int(hodan, "version");

	/* A contact person may not extend. */
	snprintf(path, sizeof path, "/enrolments/%lld/extend", eid);
	post(&kari, path, &res, "version=%lld&extend_new_end=%s&extend_reason=x", ev, year_from_today(3));
	assert_int_equal(res.status, 403);
	http_res_free(&res);

	/* Extension: past four years refused, and the other bad inputs. */
	struct { const char *what, *end, *reason, *field, *error; } ext[] = {
		{ "past four years", day(365 * 4 + 5), "More training", "extend_new_end",
		  "The programme period can be at most four years from the start." },
		{ "not later", year_from_today(2), "More training", "extend_new_end",
		  "The new end must be after the current planned end." },
		{ "no date", "", "More training", "extend_new_end", "This field is required." },
		{ "no reason", year_from_today(3), "", "extend_reason", "This field is required." },
	};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		post(&lea, path, &res, "version=%lld&extend_new_end=%s&extend_reason=%s", ev, ext[i].end,
		     ext[i].reason);
		expect_422(ext[i].what, &res, ext[i].field, ext[i].error);
		http_res_free(&res);
		char *pe = period_text(hodan, "planned_end");
		assert_string_equal(pe, year_from_today(2));
		free(pe);
		assert_int_equal(period_int(hodan, "extensions"), 0);
	}
	post(&lea, path, &res, "version=%lld&extend_new_end=%s&extend_reason=Internship+runs+longer", ev,
	     year_from_today(3));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	/* The same form again with the old version: 409. */
	post(&lea, path, &res, "version=%lld&extend_new_end=%s&extend_reason=Again", ev, year_from_today(4));
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	char *pe = period_text(hodan, "planned_end");
	assert_string_equal(pe, year_from_today(3));
	free(pe);
	ev = period_int(hodan, "version");

	/* Pause and resume, with their bad inputs. */
	snprintf(path, sizeof path, "/enrolments/%lld/pause", eid);
	post(&lea, path, &res, "version=%lld&pause_from=%s&pause_to=&pause_reason=Sick", ev, day(1));
	expect_422("pause tomorrow", &res, "pause_from", "The pause cannot start in the future.");
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&pause_from=%s&pause_to=%s&pause_reason=Sick", ev, day(0), day(0));
	expect_422("pause ends at once", &res, "pause_to", "The end of the pause must be after its start.");
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&pause_from=%s&pause_to=&pause_reason=", ev, day(0));
	expect_422("pause without reason", &res, "pause_reason", "This field is required.");
	http_res_free(&res);
	assert_int_equal(period_int(hodan, "pauses"), 0);
	post(&lea, path, &res, "version=%lld&pause_from=%s&pause_to=%s&pause_reason=Sick+leave", ev, day(0), day(20));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	char *paused = status_of(hodan);
	assert_string_equal(paused, "paused");
	free(paused);
	ev = period_int(hodan, "version");
	snprintf(path, sizeof path, "/enrolments/%lld/resume", eid);
	post(&lea, path, &res, "version=%lld&resume_date=%s", ev, day(-1));
	expect_422("resume before the pause", &res, "resume_date",
		   "The period cannot resume before the pause started.");
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&resume_date=%s", ev, day(0));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	ev = period_int(hodan, "version");

	/* Exit: every bad input changes nothing; Kari's exit creates two tasks. */
	snprintf(path, sizeof path, "/enrolments/%lld/exit", eid);
	struct { const char *what, *date, *reason, *outcome, *field, *error; } ex[] = {
		{ "exit tomorrow", day(1), "Job", "employed_full", "exit_date", "The exit date cannot be in the future." },
		{ "exit before start", day(-1), "Job", "employed_full", "exit_date",
		  "The exit cannot be before the start of the period." },
		{ "no exit date", "", "Job", "employed_full", "exit_date", "This field is required." },
		{ "no reason", day(0), "", "employed_full", "exit_reason", "This field is required." },
		{ "no outcome", day(0), "Job", "", "exit_outcome", "Choose the outcome." },
		{ "unknown outcome", day(0), "Job", "retired", "exit_outcome", "Choose an outcome from the list." },
	};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
		post(&kari, path, &res, "version=%lld&exit_date=%s&exit_reason=%s&exit_outcome=%s", ev, ex[i].date,
		     ex[i].reason, ex[i].outcome);
		expect_422(ex[i].what, &res, ex[i].field, ex[i].error);
		http_res_free(&res);
		char *st = period_text(hodan, "status");
		assert_string_equal(st, "active");
		free(st);
		assert_int_equal(period_int(hodan, "followups"), 0);
	}
	post(&kari, path, &res, "version=%lld&exit_date=%s&exit_reason=Got+a+job+at+the+hotel&exit_outcome=employed_part",
	     ev, day(0));
	assert_int_equal(res.status, 303);
	flash = res_cookie_value(&res, "sc_flash");
	assert_non_null(flash);
	assert_string_equal(flash, "exited");
	free(flash);
	http_res_free(&res);
	char *gone = status_of(hodan);
	assert_string_equal(gone, "exited");
	free(gone);
	/* The two follow-ups, Kari's, 6 and 12 months after the exit. */
	json_t *period = period_of(hodan);
	json_t *followups = json_object_get(period, "followups");
	assert_int_equal(json_array_size(followups), 2);
	const char *due = "", *due12 = "";
	size_t i;
	json_t *fu;
	json_array_foreach(followups, i, fu) {
		assert_int_equal(json_integer_value(json_object_get(fu, "assignee_id")), id_kari);
		if (strcmp(jstr(fu, "kind"), "followup_6m") == 0)
			due = jstr(fu, "due_on");
		else if (strcmp(jstr(fu, "kind"), "followup_12m") == 0)
			due12 = jstr(fu, "due_on");
	}
	assert_true(strcmp(due, day(0)) > 0 && strcmp(due, due12) < 0);
	assert_string_equal(due12, year_from_today(1));
	json_decref(period);
	assert_int_equal(audits("enrolment.exit") - exited, 1);
	assert_int_equal(audits("task.create") - tasks, 2);

	/* The page shows the exit; no more forms. */
	snprintf(row, sizeof row, "/participants/%lld/enrolment", hodan);
	session_get(&lea, row, &res);
	assert_true(res_contains(&res, "id=\"period-status\">Exited<"));
	assert_true(res_contains(&res, "Employed part-time"));
	assert_false(res_contains(&res, "id=\"exit-form\""));
	http_res_free(&res);
	/* The API agrees. */
	snprintf(row, sizeof row, "/api/v1/participants/%lld/enrolment", hodan);
	assert_int_equal(api_call(&lea, row, NULL, &j), 200);
	assert_true(json_is_null(json_object_get(j, "current")));
	json_t *first = json_array_get(json_object_get(j, "enrolments"), 0);
	assert_string_equal(jstr(first, "status"), "exited");
	assert_string_equal(jstr(first, "outcome"), "employed_part");
	assert_int_equal(json_array_size(json_object_get(first, "extensions")), 1);
	assert_int_equal(json_array_size(json_object_get(first, "pauses")), 1);
	json_decref(j);
}

/* ---- the planned end follows the start ---- */

/* date + years as YYYY-MM-DD (29 February becomes 28 February). */
static const char *
plus_years(const char *date, int years)
{
	static char out[8][11];
	static int next;
	char *o = out[next++ % 8];
	int y = 0, m = 0, d = 0;
	assert_int_equal(sscanf(date, "%d-%d-%d", &y, &m, &d), 3);
	y += years;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		d = 28;
	snprintf(o, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return o;
}

/* The value="" of the input with this id on the page (malloc'd). */
static char *
input_value(const struct http_res *res, const char *id)
{
	char marker[96];
	snprintf(marker, sizeof marker, "id=\"%s\"", id);
	const char *at = strstr(res->body, marker);
	if (at == NULL)
		fail_msg("no input %s on the page", id);
	/* value comes after id in some inputs and before it in others: look
	 * inside the tag. */
	const char *open = at;
	while (open > res->body && *open != '<')
		open--;
	const char *close = strchr(at, '>');
	assert_non_null(close);
	size_t n = (size_t)(close - open);
	char *tag = strndup(open, n);
	char *v = text_after(tag, "value=\"", '"');
	free(tag);
	if (v == NULL)
		fail_msg("input %s has no value", id);
	return v;
}

static char *
enrolment_end(long long pid)
{
	return period_text(pid, "planned_end");
}

/* Accepting an offer: the planned end the form proposes is two years from
 * the start chosen, not from today; an end typed by hand is kept; the API
 * does the same. */
static void
test_planned_end_follows_start(void **state)
{
	(void)state;
	struct http_res res;
	char path[96], page[96];
	const char *start = day(40);
	const char *want = plus_years(start, 2);

	/* The form proposes today + 2 years for a start today. */
	long long p1 = participant("Nura", "Later", "1990-05-05", "2018-05-05");
	long long r1 = refer(p1, day(-2), 5);
	screen_ok(r1);
	offer_ok(r1);
	snprintf(page, sizeof page, "/referrals/%lld", r1);
	session_get(&lea, page, &res);
	assert_int_equal(res.status, 200);
	char *shown = input_value(&res, "planned_end");
	char *proposed = input_value(&res, "planned_end_proposed");
	assert_string_equal(shown, year_from_today(2));
	assert_string_equal(proposed, year_from_today(2));
	assert_true(res_contains(&res, "data-follows=\"start_date\""));
	http_res_free(&res);

	/* A later start, the proposal untouched, but something else wrong:
	 * the form comes back proposing two years from the new start. */
	snprintf(path, sizeof path, "/referrals/%lld/accept", r1);
	post(&lea, path, &res, "version=%lld&start_date=%s&planned_end=%s&planned_end_proposed=%s&contact_id=",
	     version_of(r1), start, shown, proposed);
	expect_422("no contact person", &res, "contact_id", "Choose a contact person.");
	char *again = input_value(&res, "planned_end");
	char *again_proposed = input_value(&res, "planned_end_proposed");
	assert_string_equal(again, want);
	assert_string_equal(again_proposed, want);
	free(again);
	free(again_proposed);
	http_res_free(&res);

	/* Saved with the old proposal untouched: the end follows the start. */
	post(&lea, path, &res, "version=%lld&start_date=%s&planned_end=%s&planned_end_proposed=%s&contact_id=%lld",
	     version_of(r1), start, shown, proposed, id_kari);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	char *end = enrolment_end(p1);
	assert_string_equal(end, want);
	free(end);
	free(shown);
	free(proposed);

	/* An end typed by hand is what is saved. */
	long long p2 = participant("Nura", "Chosen", "1990-06-06", "2018-05-05");
	long long r2 = refer(p2, day(-2), 5);
	screen_ok(r2);
	offer_ok(r2);
	snprintf(path, sizeof path, "/referrals/%lld/accept", r2);
	const char *own = plus_years(start, 3);
	post(&lea, path, &res, "version=%lld&start_date=%s&planned_end=%s&planned_end_proposed=%s&contact_id=%lld",
	     version_of(r2), start, own, year_from_today(2), id_kari);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	end = enrolment_end(p2);
	assert_string_equal(end, own);
	free(end);

	/* The API: no planned end means two years from the start sent. */
	long long p3 = participant("Nura", "Api", "1990-07-07", "2018-05-05");
	long long r3 = refer(p3, day(-2), 5);
	screen_ok(r3);
	offer_ok(r3);
	snprintf(path, sizeof path, "/api/v1/referrals/%lld/accept", r3);
	char body[160];
	snprintf(body, sizeof body, "{\"version\":%lld,\"start_date\":\"%s\",\"contact_id\":%lld}",
		 version_of(r3), start, id_kari);
	json_t *j = NULL;
	long st = api_call(&lea, path, body, &j);
	if (st != 200) {
		char *d = j ? json_dumps(j, 0) : NULL;
		fail_msg("API accept: %ld %s", st, d ? d : "");
	}
	json_decref(j);
	end = enrolment_end(p3);
	assert_string_equal(end, want);
	free(end);
}

/* ---- decline and withdraw ---- */

static void
test_decline_and_withdraw(void **state)
{
	(void)state;
	struct http_res res;
	char path[96];
	json_t *j = api_get("/api/v1/referrals?state=declined&per_page=1");
	const long long declined = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	long long p3 = participant("Saida", "Declines", "1992-02-02", "2018-05-05");
	long long r3 = refer(p3, day(-2), 5);
	screen_ok(r3);
	offer_ok(r3);
	snprintf(path, sizeof path, "/referrals/%lld/decline", r3);
	post(&lea, path, &res, "version=%lld&decline_reason=+", version_of(r3));
	expect_422("decline without reason", &res, "decline_reason", "This field is required.");
	http_res_free(&res);
	expect_state(r3, "offered");
	post(&lea, path, &res, "version=%lld&decline_reason=Has+small+children+at+home", version_of(r3));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	expect_state(r3, "declined");
	char *st = status_of(p3);
	assert_string_equal(st, "registered");
	free(st);
	/* Final: no forms, and a late post is a 409 that names the state. */
	snprintf(path, sizeof path, "/referrals/%lld", r3);
	session_get(&lea, path, &res);
	assert_false(res_contains(&res, "id=\"withdraw-form\""));
	http_res_free(&res);
	snprintf(path, sizeof path, "/referrals/%lld/withdraw", r3);
	post(&lea, path, &res, "version=%lld&withdraw_reason=late", version_of(r3));
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "This cannot be done now: the referral is Declined."));
	http_res_free(&res);

	long long p4 = participant("Meron", "Withdraws", "1993-03-03", "2018-05-05");
	long long r4 = refer(p4, day(-2), 5);
	snprintf(path, sizeof path, "/referrals/%lld/withdraw", r4);
	post(&lea, path, &res, "version=%lld&withdraw_reason=", version_of(r4));
	expect_422("withdraw without reason", &res, "withdraw_reason", "This field is required.");
	http_res_free(&res);
	expect_state(r4, "new");
	post(&lea, path, &res, "version=%lld&withdraw_reason=Moved+to+Oslo", version_of(r4));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	expect_state(r4, "withdrawn");

	/* The intake page lists decisions; the API filters by state. */
	session_get(&lea, "/intake", &res);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Withdraws, Meron"));
	http_res_free(&res);
	assert_int_equal(api_call(&lea, "/api/v1/referrals?state=declined", NULL, &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")) - declined, 1);
	json_decref(j);
	assert_int_equal(api_call(&lea, "/api/v1/referrals?state=lost", NULL, &j), 400);
	json_decref(j);

	/* API screening: unknown fields and rules are refused. */
	long long p5 = participant("Api", "Screened", "1994-04-04", day(-100));
	long long r5 = refer(p5, day(-2), 5);
	snprintf(path, sizeof path, "/api/v1/referrals/%lld/screen", r5);
	assert_int_equal(api_call(&lea, path, "{\"overrides\":{},\"colour\":1}", &j), 400);
	json_decref(j);
	assert_int_equal(api_call(&lea, path, "{\"overrides\":{\"height\":\"tall\"}}", &j), 422);
	json_decref(j);
	assert_int_equal(api_call(&lea, path, "{\"overrides\":{\"intro_ended\":\"\"}}", &j), 422);
	assert_string_equal(jstr(json_object_get(json_object_get(j, "error"), "fields"), "overrides.intro_ended"),
			    "Give the reason for overriding this rule.");
	json_decref(j);
	expect_state(r5, "new");
	assert_int_equal(api_call(&lea, path, "{\"overrides\":{\"intro_ended\":\"Agreed with NAV\"}}", &j), 200);
	assert_string_equal(jstr(j, "state"), "waiting");
	json_decref(j);
}

/* A version above the saved one is stale too: 409 for a referral and a
 * programme period, on the form and the API, and nothing is saved. */
static void
test_version_above_current(void **state)
{
	(void)state;
	struct http_res res;
	char path[128];
	json_t *j = NULL;
	long long p6 = participant("Future", "Version", "1990-06-06", "2018-05-05");
	long long r6 = refer(p6, day(-2), 5);
	long long v = version_of(r6);
	snprintf(path, sizeof path, "/referrals/%lld/priority", r6);
	post(&lea, path, &res, "version=%lld&priority=2", v + 50);
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/referrals/%lld/priority", r6);
	assert_int_equal(api_call(&lea, path, "{\"priority\":2,\"version\":99}", &j), 409);
	assert_string_equal(jstr(json_object_get(j, "error"), "code"), "conflict");
	json_decref(j);
	assert_int_equal(version_of(r6), v);
	assert_int_equal(referral_int(r6, "priority"), 5);

	/* A period started through the API, then extended from version 99. */
	long long p7 = participant("Future", "Period", "1990-07-07", "2018-05-05");
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", p7);
	char body[160];
	snprintf(body, sizeof body, "{\"start_date\":\"%s\",\"contact_id\":%lld}", day(0), id_kari);
	assert_int_equal(api_call(&lea, path, body, &j), 201);
	long long eid = json_integer_value(json_object_get(j, "id"));
	long long ev = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	snprintf(path, sizeof path, "/enrolments/%lld/extend", eid);
	post(&lea, path, &res, "version=%lld&extend_new_end=%s&extend_reason=Longer", ev + 50, year_from_today(3));
	assert_int_equal(res.status, 409);
	http_res_free(&res);
	snprintf(path, sizeof path, "/api/v1/enrolments/%lld/extend", eid);
	snprintf(body, sizeof body, "{\"new_end\":\"%s\",\"reason\":\"Longer\",\"version\":99}", year_from_today(3));
	assert_int_equal(api_call(&lea, path, body, &j), 409);
	assert_string_equal(jstr(json_object_get(j, "error"), "code"), "conflict");
	json_decref(j);
	assert_int_equal(period_int(p7, "version"), ev);
}

/* A referral or period form refused as stale (409) keeps what was typed,
 * at the saved version, and sending it again as shown works. */
static void
test_stale_form_keeps_input(void **state)
{
	(void)state;
	struct http_res res;
	char path[128], want[160];
	long long p10 = participant("Kept", "Input", "1991-10-10", "2018-05-05");
	long long r10 = refer(p10, day(-2), 5);
	long long v = version_of(r10);
	snprintf(path, sizeof path, "/referrals/%lld/priority", r10);
	post(&lea, path, &res, "version=%lld&priority=3", v);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&priority=7", v);
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "the form keeps what you entered."));
	assert_true(res_contains(&res, "name=\"priority\" type=\"number\" value=\"7\""));
	snprintf(want, sizeof want, "name=\"version\" value=\"%lld\"", v + 1);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&priority=7", v + 1);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(referral_int(r10, "priority"), 7);

	long long p11 = participant("Kept", "Period", "1991-11-11", "2018-05-05");
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", p11);
	char body[160];
	snprintf(body, sizeof body, "{\"start_date\":\"%s\",\"contact_id\":%lld}", day(0), id_kari);
	json_t *j = NULL;
	assert_int_equal(api_call(&lea, path, body, &j), 201);
	long long eid = json_integer_value(json_object_get(j, "id"));
	long long ev = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	snprintf(path, sizeof path, "/enrolments/%lld/extend", eid);
	post(&lea, path, &res, "version=%lld&extend_new_end=%s&extend_reason=First", ev, year_from_today(3));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&extend_new_end=%s&extend_reason=Distinctive+reason+99", ev,
	     year_from_today(4));
	assert_int_equal(res.status, 409);
	assert_true(res_contains(&res, "the form keeps what you entered."));
	assert_true(res_contains(&res, "Distinctive reason 99</textarea>"));
	snprintf(want, sizeof want, "name=\"extend_new_end\" type=\"date\" value=\"%s\"", year_from_today(4));
	assert_true(res_contains(&res, want));
	snprintf(want, sizeof want, "name=\"version\" value=\"%lld\"", ev + 1);
	assert_true(res_contains(&res, want));
	http_res_free(&res);
	post(&lea, path, &res, "version=%lld&extend_new_end=%s&extend_reason=Distinctive+reason+99", ev + 1,
	     year_from_today(4));
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	char *end = period_text(p11, "planned_end");
	assert_string_equal(end, year_from_today(4));
	free(end);
}

/* Each member accepts only its declared JSON type: anything else is a 422
 * naming every such member and the type expected, and nothing changes. */
static void
test_api_types(void **state)
{
	(void)state;
	static const char text[] = "Must be text.", date[] = "Must be a date as text (YYYY-MM-DD).",
			  yes_no[] = "Must be true or false.", whole[] = "Must be a whole number.",
			  version[] = "Must be the version you read, a whole number.",
			  id[] = "Must be an id, a whole number.";
	char path[128];
	json_t *j = NULL;
	long long p8 = participant("Typed", "Referral", "1990-08-08", "2018-05-05");
	snprintf(path, sizeof path, "/api/v1/participants/%lld/referrals", p8);
	assert_int_equal(api_call(&lea, path, "{\"source\":1,\"referred_on\":20240101,\"referrer\":true,\"reason\":[],"
				       "\"planned_start\":{},\"in_qualification\":\"no\",\"in_introduction\":0,"
				       "\"lawful_residence\":\"yes\",\"priority\":\"5\"}", &j), 422);
	const char *const referral[] = {"source", text, "referred_on", date, "referrer", text, "reason", text,
					"planned_start", date, "in_qualification", yes_no, "in_introduction", yes_no,
					"lawful_residence", yes_no, "priority", whole, NULL};
	assert_true(api_error_fields(j, "invalid", referral));
	json_decref(j);
	assert_int_equal(referral_count(p8, NULL), 0);

	long long r8 = refer(p8, day(-2), 5);
	long long v = version_of(r8);
	static const struct {
		const char *action, *body;
		const char *pairs[9];
	} rows[] = {
		{"screen", "{\"overrides\":\"intro_ended\",\"version\":\"1\"}",
		 {"overrides", "Must be an object.", "version", version, NULL}},
		{"screen", "{\"overrides\":{\"intro_ended\":5}}", {"overrides.intro_ended", text, NULL}},
		{"priority", "{\"priority\":\"2\",\"version\":1.5}", {"priority", whole, "version", version, NULL}},
		{"offer", "{\"offered_on\":1,\"answer_by\":true}", {"offered_on", date, "answer_by", date, NULL}},
		{"accept", "{\"start_date\":1,\"planned_end\":[],\"contact_id\":\"3\"}",
		 {"start_date", date, "planned_end", date, "contact_id", id, NULL}},
		{"decline", "{\"reason\":5}", {"reason", text, NULL}},
		{"withdraw", "{\"reason\":null}", {"reason", text, NULL}},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/referrals/%lld/%s", r8, rows[i].action);
		if (api_call(&lea, path, rows[i].body, &j) != 422 || !api_error_fields(j, "invalid", rows[i].pairs))
			fail_msg("row %zu (%s %s): not refused as mistyped", i, rows[i].action, rows[i].body);
		json_decref(j);
	}
	expect_state(r8, "new");
	assert_int_equal(version_of(r8), v);
	assert_int_equal(referral_int(r8, "priority"), 5);

	/* Programme periods. */
	long long p9 = participant("Typed", "Period", "1990-09-09", "2018-05-05");
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", p9);
	assert_int_equal(api_call(&lea, path, "{\"start_date\":1,\"planned_end\":true,\"contact_id\":\"kari\"}", &j), 422);
	const char *const start[] = {"start_date", date, "planned_end", date, "contact_id", id, NULL};
	assert_true(api_error_fields(j, "invalid", start));
	json_decref(j);
	assert_int_equal(period_count(p9), 0);
	char body[160];
	snprintf(body, sizeof body, "{\"start_date\":\"%s\",\"contact_id\":%lld}", day(0), id_kari);
	assert_int_equal(api_call(&lea, path, body, &j), 201);
	long long eid = json_integer_value(json_object_get(j, "id"));
	long long ev = json_integer_value(json_object_get(j, "version"));
	json_decref(j);
	static const struct {
		const char *action, *body;
		const char *pairs[9];
	} periods[] = {
		{"extend", "{\"new_end\":1,\"reason\":2,\"version\":\"1\"}",
		 {"new_end", date, "reason", text, "version", version, NULL}},
		{"pause", "{\"from\":1,\"to\":2,\"reason\":3}", {"from", date, "to", date, "reason", text, NULL}},
		{"resume", "{\"date\":[]}", {"date", date, NULL}},
		{"exit", "{\"date\":1,\"reason\":2,\"outcome\":3}", {"date", date, "reason", text, "outcome", text, NULL}},
	};
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/enrolments/%lld/%s", eid, periods[i].action);
		if (api_call(&lea, path, periods[i].body, &j) != 422 || !api_error_fields(j, "invalid", periods[i].pairs))
			fail_msg("period row %zu (%s %s): not refused as mistyped", i, periods[i].action, periods[i].body);
		json_decref(j);
	}
	assert_int_equal(period_int(p9, "version"), ev);
}

/* ---- fixtures ---- */

static int
setup(void **state)
{
	if (group_server_setup(state, NULL) != 0)
		return -1;
	srv = *state;
	if (cli_user_add(srv, "lea", "Lea Leader", "leader", PW) != 0 ||
	    cli_user_add(srv, "kari", "Kari Contact", "contact", PW) != 0 ||
	    cli_user_add(srv, "ola", "Ola Contact", "contact", PW) != 0)
		return -1;
	if (sign_in(srv, "lea", PW, &lea) != 0 || sign_in(srv, "kari", PW, &kari) != 0)
		return -1;
	if (session_set_lang(srv, &lea, "en") != 0 || session_set_lang(srv, &kari, "en") != 0)
		return -1;
	id_lea = user_id("lea");
	id_kari = user_id("kari");
	id_ola = user_id("ola");
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contact_person_kept_out),
		cmocka_unit_test(test_referral_form_bad_inputs),
		cmocka_unit_test(test_intake_to_exit),
		cmocka_unit_test(test_decline_and_withdraw),
		cmocka_unit_test(test_version_above_current),
		cmocka_unit_test(test_stale_form_keeps_input),
		cmocka_unit_test(test_api_types),
		cmocka_unit_test(test_planned_end_follows_start),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
