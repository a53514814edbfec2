/*
 * api.c — requests as a signed-in user and readings of JSON answers, shared
 * by the HTTP tests; see api.h for the contract.
 */
#include "api.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
date_offset(int days, char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	/* noon, then whole days: no daylight-saving edge can skip a date */
	tm.tm_hour = 12;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

long
api_send_json(const struct session *sess, const char *path, const char *json, json_t **out)
{
	return api_call(sess, path, json, out);
}

long
api_get(const struct session *sess, const char *path, json_t **out)
{
	struct http_res res;
	session_get(sess, path, &res);
	long status = res.status;
	if (out != NULL)
		*out = res_json(&res);
	http_res_free(&res);
	return status;
}

void
post_form(const struct session *sess, const char *path, const char *body, struct http_res *res)
{
	size_t len = strlen(body) + 128;
	char *full = malloc(len);
	assert_non_null(full);
	snprintf(full, len, "csrf=%s%s%s", sess->csrf, *body ? "&" : "", body);
	assert_int_equal(http_post_form(session_server(sess), path, sess->cookie, full, res), 0);
	free(full);
}

long long
json_id(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);
	if (!json_is_integer(v)) {
		char *text = j ? json_dumps(j, 0) : NULL;
		fail_msg("no integer %s in %s", key, text ? text : "(null)");
	}
	return (long long)json_integer_value(v);
}

const char *
json_str(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

const char *
field_error(json_t *j, const char *field)
{
	json_t *f = json_object_get(json_object_get(json_object_get(j, "error"), "fields"), field);
	return json_is_string(f) ? json_string_value(f) : "";
}

long long
user_id(const struct session *sess)
{
	json_t *me = NULL;
	assert_int_equal(api_get(sess, "/api/v1/me", &me), 200);
	long long id = json_id(me, "id");
	json_decref(me);
	return id;
}

long long
api_total(const struct session *sess, const char *path)
{
	json_t *j = NULL;
	assert_int_equal(api_get(sess, path, &j), 200);
	long long n = (long long)json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

int
api_audit_count(const struct session *admin, const char *action, const char *record_id)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/audit?action=%s&record_id=%s&per_page=200", action, record_id);
	return (int)api_total(admin, path);
}

long long
post_ok(const struct session *sess, const char *path, const char *body, long want)
{
	json_t *j = NULL;
	long st = api_send_json(sess, path, body, &j);
	if (st != want)
		fail_msg("POST %s %s: %ld %s", path, body, st, j ? json_dumps(j, 0) : "");
	long long id = json_is_integer(json_object_get(j, "id")) ? json_id(j, "id") : 0;
	json_decref(j);
	return id;
}

long long
api_participant(const struct session *leader, const char *given, const char *family, long long contact_id)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"given_name\":\"%s\",\"family_name\":\"%s\",\"birth_date\":\"1988-04-02\","
		 "\"gender\":\"female\"}", given, family);
	json_t *j = NULL;
	long st = api_send_json(leader, "/api/v1/participants", body, &j);
	if (st != 201)
		fail_msg("POST /api/v1/participants: %ld %s", st, j ? json_dumps(j, 0) : "");
	long long id = json_id(j, "id");
	json_decref(j);
	if (contact_id > 0) {
		char path[128];
		snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", id);
		snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"x\"}", contact_id);
		st = api_send_json(leader, path, body, &j);
		if (st != 200 && st != 201)
			fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	return id;
}

json_t *
err_fields(json_t *j)
{
	return json_object_get(json_object_get(j, "error"), "fields");
}

long long
make_group(const struct session *leader, const char *name, long long teacher, int capacity, const char *from,
	   const char *to, json_t **err)
{
	static const char *days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
	char slots[1024] = "";
	for (int i = 0; i < 7; i++) {
		char one[128];
		snprintf(one, sizeof one, "%s{\"weekday\":\"%s\",\"start\":\"09:00\",\"end\":\"11:00\"}", i ? "," : "",
			 days[i]);
		strcat(slots, one);
	}
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"activity_type_id\":2,\"name\":\"%s\",\"room\":\"2\",\"capacity\":%d,\"starts_on\":\"%s\","
		 "\"ends_on\":\"%s\",\"language\":\"Norwegian\",\"teachers\":[%lld],\"slots\":[%s]}",
		 name, capacity, from, to, teacher, slots);
	json_t *j = NULL;
	long st = api_send_json(leader, "/api/v1/groups", body, &j);
	if (st != 201) {
		if (err != NULL)
			*err = j;
		else
			json_decref(j);
		return -st;
	}
	long long id = json_id(j, "id");
	json_decref(j);
	return id;
}

long
enrol_json(const struct session *sess, long long pid, const char *body_rest, json_t **out)
{
	char path[128], body[512];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/groups", pid);
	snprintf(body, sizeof body, "{%s}", body_rest);
	return api_send_json(sess, path, body, out);
}

void
api_in_programme(const struct session *leader, long long pid, const char *start)
{
	char path[96], body[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", start);
	json_t *j = NULL;
	long st = api_send_json(leader, path, body, &j);
	if (st != 201)
		fail_msg("POST %s: %ld %s", path, st, j ? json_dumps(j, 0) : "");
	json_decref(j);
}
