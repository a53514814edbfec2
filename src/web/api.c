/*
 * api.c — the JSON API under /api/v1/. Same sessions (with the CSRF header)
 * or per-user bearer tokens; same permission checks as the pages (routes.c).
 *
 * Conventions: lists are {"items":[...], "page":N, "per_page":N, "total":N}
 * with ?page= and ?per_page= (at most 200); errors are
 * {"error":{"code":"...","message":"...","fields":{"name":"reason"}}}.
 * Every member a request body may carry is declared with its JSON type in
 * its handler's table (struct api_field, case.h): unknown members are a 400
 * "unknown_fields", and a member of another type (a number for text, "5"
 * for a whole number, "yes" for true, one text for a list) is a 422
 * "invalid" naming every such member and the type expected, before
 * anything else is read. Nothing is converted.
 */
#include "case.h"
#include "http.h"
#include "domain/authrules.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

static json_t *
user_json(const struct user *u)
{
	json_t *roles = json_array();
	for (int role = 0; role < ROLE_COUNT; role++)
		if (u->roles & ROLE_BIT(role))
			json_array_append_new(roles, json_string(role_key((enum role)role)));
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:b, s:I}", "id", (json_int_t)u->id,
			 "username", u->username, "display_name", u->display_name, "roles", roles,
			 "language", u->language ? u->language : "nb", "active", u->active,
			 "version", (json_int_t)u->version);
}

/* Reads ?page and ?per_page; returns false (and answers 400) when bad. */
bool
api_paging(struct req *r, int64_t *page, int64_t *per_page, int *rc)
{
	*page = 1;
	*per_page = 50;
	json_t *fields = json_object();
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 10000000, page) != SC_OK)
		json_object_set_new(fields, "page", json_string(T(r, "The page must be a whole number from 1.")));
	if (*req_qs(r, "per_page") && parse_int64(req_qs(r, "per_page"), 1, 200, per_page) != SC_OK)
		json_object_set_new(fields, "per_page", json_string(T(r, "per_page must be from 1 to 200.")));
	if (json_object_size(fields) > 0) {
		*rc = api_error(r, 400, "invalid", T(r, "The paging parameters are wrong."), fields);
		return false;
	}
	json_decref(fields);
	return true;
}

json_t *
api_page_json(json_t *items, int64_t page, int64_t per_page, int64_t total)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)page,
			 "per_page", (json_int_t)per_page, "total", (json_int_t)total);
}

int
api_me(struct req *r)
{
	return api_send(r, 200, user_json(&r->user));
}

int
api_users(struct req *r)
{
	int64_t page, per_page;
	int rc = SC_OK;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct user *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_user_list(req_db(r), r->a, r->user.centre_id, per_page, (page - 1) * per_page, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "user.list", "user", NULL, "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, user_json(&items[i]));
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

static int
api_user_created(struct req *r)
{
	if (!r->job.ok)
		return SC_ERR;
	json_t *j = r->json;
	uint32_t roles = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "roles"), i, v) {
		enum role role;
		if (role_parse(json_string_value(v), &role) == SC_OK)
			roles |= ROLE_BIT(role);
	}
	struct db *db = req_db(r);
	int64_t id = 0;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_user_create(db, json_string_value(json_object_get(j, "username")),
				       json_string_value(json_object_get(j, "display_name")), r->job.hash,
				       roles, "nb", r->user.centre_id, time_now(), &id);
	if (rc == SC_ECONFLICT) {
		store_tx_rollback(db);
		return api_error(r, 409, "conflict", T(r, "That username is taken."),
				 json_pack("{s:s}", "username", T(r, "That username is taken.")));
	}
	if (rc == SC_OK)
		rc = req_audit(r, "user.create", "user", arena_printf(r->a, "%lld", (long long)id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		return rc;
	struct user u;
	rc = store_user_by_id(db, r->a, id, &u);
	if (rc != SC_OK)
		return rc;
	return api_send(r, 201, user_json(&u));
}

/* The members of a new user, with their types. */
static const struct api_field user_api[] = {
	{"username", API_STRING, false, NULL},
	{"display_name", API_STRING, false, NULL},
	{"password", API_STRING, false, NULL},
	{"roles", API_STRINGS, false, NULL},
	{NULL, 0, false, NULL},
};

int
api_user_create(struct req *r)
{
	int rc = SC_OK;
	if (!case_api_body(r, user_api, NULL, &rc))
		return rc;
	json_t *j = r->json;
	json_t *fields = json_object();
	json_t *v;
	const char *reason = NULL;
	const char *username = json_string_value(json_object_get(j, "username"));
	const char *name = json_string_value(json_object_get(j, "display_name"));
	const char *password = json_string_value(json_object_get(j, "password"));
	if (username_validate(username, &reason) != SC_OK)
		json_object_set_new(fields, "username", json_string(T(r, reason)));
	if (display_name_validate(name, &reason) != SC_OK)
		json_object_set_new(fields, "display_name", json_string(T(r, reason)));
	if (password_policy_check(password, username, &reason) != SC_OK)
		json_object_set_new(fields, "password", json_string(T(r, reason)));
	json_t *roles = json_object_get(j, "roles");
	size_t i;
	size_t good = 0;
	bool bad = !json_is_array(roles);
	json_array_foreach(roles, i, v) {
		enum role role;
		if (role_parse(json_string_value(v), &role) != SC_OK)
			bad = true;
		else
			good++;
	}
	if (bad || good == 0)
		json_object_set_new(fields, "roles",
				    json_string(T(r, "Give a list of roles: admin, leader, contact, teacher, health, liaison, finance, analyst.")));
	if (json_object_size(fields) > 0)
		return api_error(r, 422, "invalid", T(r, "Some fields are wrong."), fields);
	json_decref(fields);
	return auth_hash_async(r, HASH_CREATE, password, NULL, api_user_created);
}

int
api_audit(struct req *r)
{
	struct audit_filter f;
	struct form_errors e = {0};
	int64_t page = 1, per_page = 50;
	if (*req_qs(r, "per_page") && parse_int64(req_qs(r, "per_page"), 1, 200, &per_page) != SC_OK)
		form_error(r, &e, "per_page", N_("per_page must be from 1 to 200."));
	audit_filter_from_query(r, &f, &page, per_page, &e);
	if (e.n > 0) {
		json_t *fields = json_object();
		for (int i = 0; i < e.n; i++)
			json_object_set_new(fields, e.field[i], json_string(e.message[i]));
		return api_error(r, 400, "invalid", T(r, "Some filters are wrong."), fields);
	}
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	store_audit_queue_flush(r->app->store);
	int rc = store_audit_list(req_db(r), r->a, &f, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "audit.list", "audit_log", NULL, "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char at[32];
		time_format_utc(items[i].at, at, sizeof at);
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"id", (json_int_t)items[i].id, "at", at, "user", items[i].username,
			"action", items[i].action, "record_type", items[i].record_type,
			"record_id", items[i].record_id, "outcome", items[i].outcome,
			"address", items[i].address));
	}
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

int
api_tokens(struct req *r)
{
	struct api_token *items = NULL;
	size_t n = 0;
	int rc = store_token_list(req_db(r), r->a, r->user.id, &items, &n);
	if (rc != SC_OK)
		return rc;
	int64_t now = time_now();
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:I, s:I, s:b, s:b}",
			"id", (json_int_t)items[i].id, "name", items[i].name,
			"created_at", (json_int_t)items[i].created_at,
			"expires_at", (json_int_t)items[i].expires_at,
			"last_used", (json_int_t)items[i].last_used,
			"revoked", items[i].revoked_at != 0,
			"expired", token_expired(items[i].expires_at, now)));
	return api_send(r, 200, api_page_json(arr, 1, (int64_t)n, (int64_t)n));
}
