/*
 * account.c — the signed-in user's own account: who they are (the page
 * and /api/v1/me), their password, and their personal API tokens (the
 * page and /api/v1/tokens). Commands in app/user.c and app/token.c; the
 * token request is declared in domain/user.h.
 */
#include "case.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/token.h"
#include "app/user.h"
#include "domain/authrules.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"
#include "util/token.h"

#include <string.h>

/* The signed-in user as their account shows them. */
static struct staff_user
me(const struct req *r)
{
	struct staff_user u = {
		.id = r->user.id,
		.username = r->user.username,
		.display_name = r->user.display_name,
		.roles = r->user.roles,
		.language = r->user.language != NULL ? r->user.language : "nb",
		.active = r->user.active ? 1 : 0,
		.version = r->user.version,
	};
	return u;
}

/* ---- the account and its password ---- */

static void
password_form(struct req *r, const struct form_errors *e)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2 id=\"password-heading\">");
	html_text(o, T(r, "Change password"));
	html_lit(o, "</h2><form method=\"post\" action=\"/account/password\" aria-labelledby=\"password-heading\">");
	form_csrf(r);
	form_input(r, e, "current_password", T(r, "Current password"), "password", NULL, "current-password", true);
	form_input(r, e, "new_password", T(r, "New password"), "password", NULL, "new-password", true);
	form_input(r, e, "new_password2", T(r, "Repeat new password"), "password", NULL, "new-password", true);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, T(r, "At least 12 characters. A few unrelated words make a good password."));
	html_lit(o, "</p><button type=\"submit\">");
	html_text(o, T(r, "Change password"));
	html_lit(o, "</button></form>");
}

static int
account_page(struct req *r, const struct form_errors *e)
{
	page_begin(r, T(r, "My account"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "My account"));
	html_lit(o, "</h1>");
	form_error_summary(r, e);
	html_lit(o, "<dl><dt>");
	html_text(o, T(r, "Name"));
	html_lit(o, "</dt><dd>");
	html_text(o, r->user.display_name);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, "Username"));
	html_lit(o, "</dt><dd>");
	html_text(o, r->user.username);
	html_lit(o, "</dd></dl><p><a href=\"/account/tokens\">");
	html_text(o, T(r, "API tokens"));
	html_lit(o, "</a></p>");
	password_form(r, e);
	return page_end(r);
}

/* GET /account and /api/v1/me. */
static int
h_account(struct req *r)
{
	if (r->wants_json) {
		struct staff_user u = me(r);
		return api_send(r, 200, record_json(staff_user_fields, &u, PARTS_ALL));
	}
	return account_page(r, NULL);
}

/* After the new password is hashed: it is set, other sessions end. */
static int
password_hashed(struct req *r)
{
	if (!r->job.ok)
		return SC_ERR;
	struct actor actor = req_actor(r);
	int rc = app_account_password(req_db(r), &actor, r->session.id, r->job.hash);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "password-changed");
	return req_redirect(r, "/account");
}

/* After the current password is verified (or not). */
static int
password_verified(struct req *r)
{
	if (!r->job.ok) {
		struct form_errors e = {0};
		form_error(r, &e, "current_password", N_("The current password is wrong."));
		struct actor actor = req_actor(r);
		app_account_password_refused(req_db(r), &actor);
		r->status = 422;
		return account_page(r, &e);
	}
	return auth_hash_async(r, HASH_CREATE, req_field(r, "new_password"), NULL, password_hashed);
}

/* POST /account/password: the current password, the new one twice. */
static int
h_password(struct req *r)
{
	struct form_errors e = {0};
	const char *current = req_field(r, "current_password");
	const char *fresh = req_field(r, "new_password");
	if (*current == '\0')
		form_error(r, &e, "current_password", N_("This field is required."));
	struct outcome out;
	app_user_password_check(fresh, r->user.username, "new_password", &out);
	outcome_form_errors(r, &out, &e);
	if (out.refusal == DONE && strcmp(fresh, req_field(r, "new_password2")) != 0)
		form_error(r, &e, "new_password2", N_("The passwords do not match."));
	if (e.n > 0) {
		r->status = 422;
		return account_page(r, &e);
	}
	struct user full;
	int rc = store_user_by_username(req_db(r), r->a, r->user.username, true, &full);
	if (rc != SC_OK)
		return rc;
	return auth_hash_async(r, HASH_VERIFY, current, full.password_hash, password_verified);
}

/* ---- API tokens ---- */

/* The lifetime field: days, the default filled in, with its range said. */
static void
lifetime_field(struct req *r, const struct form_errors *e)
{
	struct buf *o = &r->out;
	const struct field *f = fields_find(token_request_fields, "lifetime");
	const char *err = form_error_for(e, "lifetime");
	form_field_open(o, err, "lifetime", T(r, f->label), true);
	html_lit(o, "<p class=\"muted\" id=\"lifetime-hint\">");
	html_text(o, T(r, f->hint));
	html_lit(o, "</p><input id=\"lifetime\" name=\"lifetime\" type=\"number\" min=\"1\" max=\"365\""
		    " step=\"1\" value=\"");
	if (e != NULL)
		html_text(o, req_field(r, "lifetime"));
	else
		html_int(o, TOKEN_LIFETIME_DEFAULT_DAYS);
	html_lit(o, "\" required aria-required=\"true\" aria-describedby=\"lifetime-hint");
	if (err != NULL)
		html_lit(o, " lifetime-error\" aria-invalid=\"true");
	html_lit(o, "\">");
	form_field_close(o, err, "lifetime");
}

static void
token_row(struct req *r, const struct api_token *t, int64_t now)
{
	struct buf *o = &r->out;
	char created[32], expires[32], used[32];
	time_format_local(t->created_at, created, sizeof created);
	time_format_local(t->expires_at, expires, sizeof expires);
	if (t->last_used)
		time_format_local(t->last_used, used, sizeof used);
	bool expired = token_expired(t->expires_at, now);
	html_lit(o, "<tr id=\"token-");
	html_int(o, t->id);
	html_lit(o, "\"><td>");
	html_text(o, t->name);
	html_lit(o, "</td><td>");
	html_text(o, created);
	html_lit(o, "</td><td>");
	html_text(o, expires);
	html_lit(o, "</td><td>");
	html_text(o, t->last_used ? used : T(r, "Never"));
	html_lit(o, "</td><td>");
	html_text(o, t->revoked_at ? T(r, "Revoked") : expired ? T(r, "Expired") : T(r, "Active"));
	html_lit(o, "</td><td>");
	if (!t->revoked_at && !expired) {
		html_lit(o, "<form method=\"post\" class=\"inline\" action=\"/account/tokens/");
		html_int(o, t->id);
		html_lit(o, "/revoke\">");
		form_csrf(r);
		html_lit(o, "<button type=\"submit\" class=\"secondary\" data-confirm=\"");
		html_text(o, T(r, "Revoke this token?"));
		html_lit(o, "\">");
		html_text(o, T(r, "Revoke"));
		html_lit(o, "<span class=\"skip\"> ");
		html_text(o, t->name);
		html_lit(o, "</span></button></form>");
	}
	html_lit(o, "</td></tr>");
}

static int
tokens_page(struct req *r, const char *new_token, const struct form_errors *e)
{
	struct actor actor = req_actor(r);
	struct api_token *items = NULL;
	size_t n = 0;
	int rc = app_tokens(req_db(r), r->a, &actor, &items, &n);
	if (rc != SC_OK)
		return rc;
	page_begin(r, T(r, "API tokens"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "API tokens"));
	html_lit(o, "</h1><p>");
	html_text(o, T(r, "A token lets a program use the API in your name, with your access. Send it as: Authorization: Bearer TOKEN"));
	html_lit(o, "</p>");
	if (new_token != NULL) {
		html_lit(o, "<div class=\"notice\" role=\"status\"><p>");
		html_text(o, T(r, "Token created. Copy it now: it will not be shown again."));
		html_lit(o, "</p><p class=\"secret\" id=\"new-token\">");
		html_text(o, new_token);
		html_lit(o, "</p></div>");
	}
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/account/tokens\">");
	form_csrf(r);
	form_input(r, e, "name", T(r, "Name"), "text", e ? req_field(r, "name") : "", "off", true);
	lifetime_field(r, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Create token"));
	html_lit(o, "</button></form>");
	if (n > 0) {
		html_lit(o, "<table><caption class=\"muted\">");
		html_text(o, T(r, "Your tokens"));
		html_lit(o, "</caption><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Name"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Created"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Expires"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Last used"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Status"));
		html_lit(o, "</th><th scope=\"col\"><span class=\"muted\">");
		html_text(o, T(r, "Actions"));
		html_lit(o, "</span></th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++)
			token_row(r, &items[i], actor.now);
		html_lit(o, "</tbody></table>");
	}
	return page_end(r);
}

/* GET /account/tokens and /api/v1/tokens. */
static int
h_tokens(struct req *r)
{
	if (!r->wants_json)
		return tokens_page(r, NULL, NULL);
	struct actor actor = req_actor(r);
	struct api_token *items = NULL;
	size_t n = 0;
	int rc = app_tokens(req_db(r), r->a, &actor, &items, &n);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:I, s:I, s:b, s:b}",
			"id", (json_int_t)items[i].id, "name", items[i].name,
			"created_at", (json_int_t)items[i].created_at,
			"expires_at", (json_int_t)items[i].expires_at,
			"last_used", (json_int_t)items[i].last_used,
			"revoked", items[i].revoked_at != 0,
			"expired", token_expired(items[i].expires_at, actor.now)));
	return api_send(r, 200, api_page_json(arr, 1, (int64_t)n, (int64_t)n));
}

/* POST /account/tokens: a token is made and shown once (201). */
static int
h_token_create(struct req *r)
{
	struct token_request in;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, token_request_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n > 0) {
		r->status = 422;
		return tokens_page(r, NULL, &e);
	}
	char *token = arena_alloc(r->a, TOKEN_HEX_LEN + 1);
	char digest[TOKEN_DIGEST_LEN + 1];
	if (token == NULL)
		return SC_ENOMEM;
	token_random(token);
	token_digest(token, digest);
	struct actor actor = req_actor(r);
	struct outcome out;
	rc = app_token_create(req_db(r), &actor, &in, digest, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		r->status = 422;
		return tokens_page(r, NULL, &e);
	}
	r->status = 201;
	return tokens_page(r, token, NULL);
}

/* POST /account/tokens/:id/revoke. */
static int
h_token_revoke(struct req *r)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK)
		return req_error(r, 404, NULL);
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_token_revoke(req_db(r), &actor, id, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	page_flash(r, "token-revoked");
	return req_redirect(r, "/account/tokens");
}

const struct route account_routes[] = {
	BOTH(GET_HEAD, "/account", "/api/v1/me", h_account, NEED(RES_SELF, ACT_READ)),
	PAGE(M_POST, "/account/password", h_password, NEED(RES_SELF, ACT_WRITE)),
	BOTH(GET_HEAD, "/account/tokens", "/api/v1/tokens", h_tokens, NEED(RES_SELF, ACT_READ)),
	PAGE(M_POST, "/account/tokens", h_token_create, NEED(RES_SELF, ACT_WRITE)),
	PAGE(M_POST, "/account/tokens/:id/revoke", h_token_revoke, NEED(RES_SELF, ACT_WRITE)),
	ROUTES_END
};
