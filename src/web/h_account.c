/*
 * h_account.c — the signed-in user's own account: password change and
 * personal API tokens.
 */
#include "http.h"
#include "domain/authrules.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"
#include "util/token.h"

#include <string.h>

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

int
h_account(struct req *r)
{
	return account_page(r, NULL);
}

static int
password_hashed(struct req *r)
{
	if (!r->job.ok)
		return SC_ERR;
	struct db *db = req_db(r);
	int64_t now = time_now();
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_user_set_password(db, r->user.id, r->job.hash, now);
	if (rc == SC_OK)
		rc = store_session_delete_others(db, r->user.id, r->session.id);
	if (rc == SC_OK)
		rc = store_audit_add(db, r->user.centre_id, now, r->user.id, r->user.username, "user.password.change", "user",
				     arena_printf(r->a, "%lld", (long long)r->user.id), r->address, "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "password-changed");
	return req_redirect(r, "/account");
}

static int
password_verified(struct req *r)
{
	if (!r->job.ok) {
		struct form_errors e = {0};
		form_error(r, &e, "current_password", N_("The current password is wrong."));
		req_audit(r, "user.password.change", "user",
			  arena_printf(r->a, "%lld", (long long)r->user.id), "failed");
		r->status = 422;
		return account_page(r, &e);
	}
	return auth_hash_async(r, HASH_CREATE, req_field(r, "new_password"), NULL, password_hashed);
}

int
h_password_submit(struct req *r)
{
	struct form_errors e = {0};
	const char *current = req_field(r, "current_password");
	const char *fresh = req_field(r, "new_password");
	const char *again = req_field(r, "new_password2");
	const char *reason = NULL;
	if (*current == '\0')
		form_error(r, &e, "current_password", N_("This field is required."));
	if (password_policy_check(fresh, r->user.username, &reason) != SC_OK)
		form_error(r, &e, "new_password", reason);
	else if (strcmp(fresh, again) != 0)
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
	const char *err = form_error_for(e, "lifetime");
	form_field_open(o, err, "lifetime", T(r, "Lifetime in days"), true);
	html_lit(o, "<p class=\"muted\" id=\"lifetime-hint\">");
	html_text(o, T(r, "From 1 to 365 days. The token stops working when it expires."));
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

static int
tokens_page(struct req *r, const char *new_token, const struct form_errors *e)
{
	struct api_token *items = NULL;
	size_t n = 0;
	int rc = store_token_list(req_db(r), r->a, r->user.id, &items, &n);
	if (rc != SC_OK)
		return rc;
	int64_t now = time_now();
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
		for (size_t i = 0; i < n; i++) {
			const struct api_token *t = &items[i];
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
		html_lit(o, "</tbody></table>");
	}
	return page_end(r);
}

int
h_tokens(struct req *r)
{
	return tokens_page(r, NULL, NULL);
}

int
h_token_create(struct req *r)
{
	struct form_errors e = {0};
	const char *name = req_field(r, "name");
	const char *reason = NULL;
	int days = 0;
	if (display_name_validate(name, &reason) != SC_OK)
		form_error(r, &e, "name", reason);
	if (token_lifetime_parse(req_field(r, "lifetime"), &days, &reason) != SC_OK)
		form_error(r, &e, "lifetime", reason);
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
	int64_t id = 0, now = time_now();
	struct db *db = req_db(r);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_token_create(db, r->user.id, name, digest, now, now + (int64_t)days * 86400, &id);
	if (rc == SC_OK)
		rc = req_audit(r, "token.create", "api_token", arena_printf(r->a, "%lld", (long long)id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		return rc;
	r->status = 201;
	return tokens_page(r, token, NULL);
}

int
h_token_revoke(struct req *r)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK)
		return req_error(r, 404, NULL);
	int rc = store_token_revoke(req_db(r), r->user.id, id, time_now());
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "token.revoke", "api_token", req_param(r, 0), "ok");
	page_flash(r, "token-revoked");
	return req_redirect(r, "/account/tokens");
}
