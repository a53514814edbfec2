/*
 * auth.c — sessions, bearer tokens, CSRF, sign-in and sign-out.
 *
 * The session cookie holds 128 random bits; the store keeps their SHA-256.
 * Forms carry the session's CSRF token; before sign-in, a random
 * double-submit cookie plays that part. Sign-in verifies the Argon2id hash
 * on the hash pool (off the request threads) and verifies a dummy hash for
 * unknown names, so the answer takes as long either way.
 */
#include "http.h"
#include "domain/authrules.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/token.h"
#include "util/url.h"

#include <microhttpd.h>
#include <string.h>

static void
lang_from_request(struct req *r)
{
	enum lang l;
	const char *c = kv_get(&r->cookies, "sc_lang");
	if (c != NULL && i18n_parse_code(c, &l) == SC_OK) {
		r->lang = l;
		return;
	}
	static const char *const supported[] = {"nb", "en"};
	int idx = parse_accept_language(req_in_header(r, "Accept-Language"), supported, 2);
	if (idx == 1) {
		r->lang = LANG_EN;
		return;
	}
	if (idx == 0) {
		r->lang = LANG_NB;
		return;
	}
	if (i18n_parse_code(r->app->cfg.app_default_language, &l) == SC_OK)
		r->lang = l;
	else
		r->lang = LANG_NB;
}

static int
resolve_bearer(struct req *r, const char *authz)
{
	if (strncmp(authz, "Bearer ", 7) != 0)
		return SC_OK;
	const char *tok = authz + 7;
	if (strlen(tok) != TOKEN_HEX_LEN)
		return SC_OK;
	char digest[TOKEN_DIGEST_LEN + 1];
	token_digest(tok, digest);
	int64_t token_id = 0;
	int rc = store_token_lookup(req_db(r), r->a, digest, time_now(), &token_id, &r->user);
	if (rc == SC_ENOTFOUND)
		return SC_OK;
	if (rc != SC_OK)
		return rc;
	r->signed_in = true;
	r->via_token = true;
	return SC_OK;
}

int
auth_resolve(struct req *r)
{
	if (r->cookies.n == 0) {
		const char *hdr = req_in_header(r, "Cookie");
		if (hdr != NULL && parse_cookies(r->a, hdr, &r->cookies) != SC_OK)
			r->cookies.n = 0;
	}
	lang_from_request(r);
	if (r->signed_in)
		return SC_OK;
	const char *authz = req_in_header(r, "Authorization");
	if (authz != NULL) {
		int rc = resolve_bearer(r, authz);
		if (rc != SC_OK || r->signed_in)
			goto out;
	}
	const char *tok = kv_get(&r->cookies, r->app->session_cookie);
	if (tok == NULL || strlen(tok) != TOKEN_HEX_LEN) {
		r->csrf = kv_get(&r->cookies, r->app->pre_cookie);
		return SC_OK;
	}
	char digest[TOKEN_DIGEST_LEN + 1];
	token_digest(tok, digest);
	int rc = store_session_lookup(req_db(r), r->a, digest, &r->session, &r->user);
	if (rc == SC_ENOTFOUND) {
		r->session_expired = true;
		req_cookie(r, r->app->session_cookie, "", 0);
		r->csrf = kv_get(&r->cookies, r->app->pre_cookie);
		return SC_OK;
	}
	if (rc != SC_OK)
		return rc;
	int64_t now = time_now();
	const struct config *cfg = &r->app->cfg;
	if (session_expired(r->session.created_at, r->session.last_seen, now,
			    cfg->session_idle_timeout, cfg->session_absolute_timeout)) {
		store_session_delete(req_db(r), digest);
		memset(&r->user, 0, sizeof r->user);
		r->session_expired = true;
		req_cookie(r, r->app->session_cookie, "", 0);
		r->csrf = kv_get(&r->cookies, r->app->pre_cookie);
		return SC_OK;
	}
	if (session_needs_touch(r->session.last_seen, now, cfg->session_idle_timeout))
		store_session_touch(req_db(r), r->session.id, now);
	r->signed_in = true;
	r->csrf = r->session.csrf;
out:
	if (r->signed_in) {
		enum lang l;
		if (i18n_parse_code(r->user.language, &l) == SC_OK)
			r->lang = l;
	}
	return SC_OK;
}

bool
auth_csrf_ok(struct req *r)
{
	if (r->via_token)
		return true;
	const char *sent = kv_get(&r->form, "csrf");
	if (sent == NULL)
		sent = req_in_header(r, "X-CSRF-Token");
	if (sent == NULL || r->csrf == NULL)
		return false;
	return token_equal(sent, r->csrf);
}

void
auth_ensure_pre_token(struct req *r)
{
	if (r->signed_in || (r->csrf != NULL && strlen(r->csrf) == TOKEN_HEX_LEN))
		return;
	char *tok = arena_alloc(r->a, TOKEN_HEX_LEN + 1);
	if (tok == NULL)
		return;
	token_random(tok);
	r->csrf = tok;
	req_cookie(r, r->app->pre_cookie, tok, -1);
}

static void
hash_done(void *arg)
{
	struct req *r = arg;
	MHD_resume_connection(r->conn);
}

int
auth_hash_async(struct req *r, enum hash_kind kind, const char *password,
		const char *stored, handler_fn cont)
{
	memset(&r->job, 0, sizeof r->job);
	r->job.kind = kind;
	r->job.password = password;
	r->job.stored = stored;
	r->job.done = hash_done;
	r->job.arg = r;
	r->cont = cont;
	r->suspended = true;
	MHD_suspend_connection(r->conn);
	if (hashpool_submit(r->app->hashes, &r->job) != SC_OK) {
		MHD_resume_connection(r->conn);
		r->suspended = false;
		r->cont = NULL;
		req_header(r, "Retry-After", "5");
		return req_error(r, 503, T(r, "The server is busy. Try again in a moment."));
	}
	return H_SUSPEND;
}

/* ---- sign-in ---- */

static void
login_page(struct req *r, const char *username, const char *error, const char *notice)
{
	auth_ensure_pre_token(r);
	page_begin(r, T(r, "Sign in"));
	html_lit(&r->out, "<div class=\"narrow\"><h1>");
	html_text(&r->out, T(r, "Sign in"));
	html_lit(&r->out, "</h1>");
	if (notice != NULL) {
		html_lit(&r->out, "<p class=\"notice\" role=\"status\">");
		html_text(&r->out, notice);
		html_lit(&r->out, "</p>");
	}
	if (error != NULL) {
		html_lit(&r->out, "<p class=\"error-box\" role=\"alert\" id=\"login-error\">");
		html_text(&r->out, error);
		html_lit(&r->out, "</p>");
	}
	html_lit(&r->out, "<form id=\"login\" method=\"post\" action=\"/login\">");
	form_csrf(r);
	const char *next = req_qs(r, "next");
	if (*next == '\0')
		next = req_field(r, "next");
	html_lit(&r->out, "<input type=\"hidden\" name=\"next\" value=\"");
	html_text(&r->out, url_local_or_root(next));
	html_lit(&r->out, "\">");
	form_input(r, NULL, "username", T(r, "Username"), "text", username, "username", true);
	form_input(r, NULL, "password", T(r, "Password"), "password", "", "current-password", true);
	html_lit(&r->out, "<button type=\"submit\">");
	html_text(&r->out, T(r, "Sign in"));
	html_lit(&r->out, "</button></form></div>");
}

int
h_login_form(struct req *r)
{
	if (r->signed_in)
		return req_redirect(r, "/");
	const char *notice = NULL;
	if (r->session_expired || strcmp(req_qs(r, "expired"), "1") == 0)
		notice = T(r, "Your session has expired. Sign in again.");
	login_page(r, "", NULL, notice);
	return page_end(r);
}

/*
 * Sign-in throttling (domain/authrules.h, docs/DECISIONS.md 24). Reads the
 * counts and, when the attempt may go ahead, records it as a failure before
 * its password is checked; login_finish() forgets it when it succeeds. Both
 * happen under the account's lock, so attempts sent at once cannot all pass
 * before the first is written. *wait is the seconds left when it may not.
 */
static int
login_reserve(struct req *r, const char *username, int64_t *wait)
{
	const struct config *cfg = &r->app->cfg;
	const struct throttle_policy policy = {
		.free_pair = cfg->auth_free_failures_pair,
		.free_account = cfg->auth_free_failures_account,
		.free_address = cfg->auth_free_failures_address,
		.max_delay = cfg->auth_max_delay,
	};
	struct db *db = req_db(r);
	int64_t now = time_now();
	struct throttle_counts counts;
	*wait = 0;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_login_lock(db, username);
	if (rc == SC_OK)
		rc = store_login_failure_counts(db, username, r->address, now - cfg->auth_failure_window,
						&counts);
	if (rc == SC_OK) {
		*wait = throttle_wait(&policy, &counts, now);
		if (*wait == 0)
			rc = store_login_failure_add(db, username, r->address, now, &r->login_attempt);
	}
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

static int
login_refuse(struct req *r, int status, const char *username, const char *message)
{
	r->status = status;
	login_page(r, username, message, NULL);
	return page_end(r);
}

static int
login_finish(struct req *r)
{
	const char *username = req_field(r, "username");
	struct db *db = req_db(r);
	int64_t now = time_now();
	if (!r->job.ok || r->user.id == 0 || !r->user.active) {
		/* The failure was recorded before the check (login_reserve). */
		int rc = store_audit_add(db, r->user.centre_id, now, r->user.id, username, "auth.signin", "user", NULL,
					 r->address, "failed");
		if (rc != SC_OK)
			return rc;
		memset(&r->user, 0, sizeof r->user);
		return login_refuse(r, 401, username, T(r, "Wrong username or password."));
	}
	char token[TOKEN_HEX_LEN + 1], digest[TOKEN_DIGEST_LEN + 1];
	char *csrf = arena_alloc(r->a, TOKEN_HEX_LEN + 1);
	if (csrf == NULL)
		return SC_ENOMEM;
	token_random(token);
	token_random(csrf);
	token_digest(token, digest);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_session_create(db, digest, r->user.id, csrf, now);
	if (rc == SC_OK)
		rc = store_login_failures_clear(db, username, r->address);
	/* Housekeeping rides on sign-in: expired sessions and stale failures go. */
	if (rc == SC_OK)
		rc = store_session_purge(db, now - r->app->cfg.session_idle_timeout,
					 now - r->app->cfg.session_absolute_timeout);
	if (rc == SC_OK)
		rc = store_login_failures_purge(db, now - r->app->cfg.auth_failure_window);
	if (rc == SC_OK)
		rc = store_audit_add(db, r->user.centre_id, now, r->user.id, r->user.username, "auth.signin", "user",
				     arena_printf(r->a, "%lld", (long long)r->user.id), r->address, "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		return rc;
	/* A fresh token at every sign-in; the pre-session cookie is spent. */
	req_cookie(r, r->app->session_cookie, arena_strdup(r->a, token), -1);
	req_cookie(r, r->app->pre_cookie, "", 0);
	return req_redirect(r, url_local_or_root(req_field(r, "next")));
}

int
h_login_submit(struct req *r)
{
	const char *username = req_field(r, "username");
	const char *password = req_field(r, "password");
	if (*username == '\0' || *password == '\0')
		return login_refuse(r, 422, username, T(r, "Enter your username and password."));
	if (strlen(username) > 64 || strlen(password) > PASSWORD_MAX_BYTES)
		return login_refuse(r, 401, "", T(r, "Wrong username or password."));
	int64_t wait = 0;
	int rc = login_reserve(r, username, &wait);
	if (rc != SC_OK)
		return rc;
	if (wait > 0) {
		req_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)wait));
		/* Name the targeted account: nobody is signed in yet. */
		store_audit_add(req_db(r), 0, time_now(), 0, username, "auth.signin", "user", NULL,
				r->address, "rate-limited");
		struct throttle_text t = throttle_wait_text(wait);
		const char *fmt = t.minutes
			? trn(r->lang, "Too many attempts; try again in %d minute.",
			      "Too many attempts; try again in %d minutes.", (unsigned long)t.amount)
			: trn(r->lang, "Too many attempts; try again in %d second.",
			      "Too many attempts; try again in %d seconds.", (unsigned long)t.amount);
		return login_refuse(r, 429, username, arena_printf(r->a, fmt, t.amount));
	}
	rc = store_user_by_username(req_db(r), r->a, username, true, &r->user);
	const char *stored = r->app->dummy_hash;
	if (rc == SC_ENOTFOUND)
		memset(&r->user, 0, sizeof r->user);
	else if (rc != SC_OK)
		goto out;
	else
		stored = r->user.password_hash;
	rc = auth_hash_async(r, HASH_VERIFY, password, stored, login_finish);
out:
	/* An attempt whose password was never checked (busy, or an error) does
	 * not count against anyone. */
	if (!r->suspended && store_login_failure_delete(req_db(r), r->login_attempt) != SC_OK)
		log_warn("sign-in attempt %lld was not taken back", (long long)r->login_attempt);
	return rc;
}

int
h_logout(struct req *r)
{
	const char *tok = kv_get(&r->cookies, r->app->session_cookie);
	if (r->signed_in && tok != NULL) {
		char digest[TOKEN_DIGEST_LEN + 1];
		token_digest(tok, digest);
		int rc = store_session_delete(req_db(r), digest);
		if (rc != SC_OK)
			return rc;
		req_audit(r, "auth.signout", "user", arena_printf(r->a, "%lld", (long long)r->user.id), "ok");
	}
	req_cookie(r, r->app->session_cookie, "", 0);
	page_flash(r, "signed-out");
	return req_redirect(r, "/login");
}

int
h_language(struct req *r)
{
	enum lang l;
	if (i18n_parse_code(req_field(r, "lang"), &l) != SC_OK)
		return req_error(r, 400, T(r, "Choose Norsk bokmål or English."));
	if (r->signed_in) {
		int rc = store_user_set_language(req_db(r), r->user.id, i18n_code(l));
		if (rc != SC_OK)
			return rc;
	}
	req_cookie(r, "sc_lang", i18n_code(l), 31536000);
	return req_redirect(r, url_local_or_root(req_field(r, "next")));
}
