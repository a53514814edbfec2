/*
 * signin.c — the sign-in page, signing in and out, and the language
 * switch. Sessions, bearer tokens and CSRF are web/auth.c's; the
 * throttling and the session are app/signin.c's commands.
 *
 * The password is verified on the hash pool (off the request threads),
 * and a dummy hash is verified for unknown names, so the answer takes as
 * long either way. Before sign-in, forms carry the pre-sign-in CSRF token
 * that dispatch gives every visitor (routes.c).
 */
#include "resource.h"
#include "routes.h"
#include "app/signin.h"
#include "app/user.h"
#include "domain/authrules.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/token.h"
#include "util/url.h"

#include <string.h>

static void
login_page(struct req *r, const char *username, const char *error, const char *notice)
{
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

/* GET /login. */
static int
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

static int
login_refuse(struct req *r, int status, const char *username, const char *message)
{
	r->status = status;
	login_page(r, username, message, NULL);
	return page_end(r);
}

/* The one asking to sign in as username: the account's user and centre
 * once it is known (r->user), else nobody with the typed name. */
static struct actor
asking(struct req *r, const char *username)
{
	struct actor a = req_actor(r);
	a.user_id = r->user.id;
	a.username = username;
	a.centre_id = r->user.id != 0 ? r->user.centre_id : 0;
	return a;
}

/* After the password was checked against the stored (or dummy) hash. */
static int
login_finish(struct req *r)
{
	const char *username = req_field(r, "username");
	struct db *db = req_db(r);
	if (!r->job.ok || r->user.id == 0 || !r->user.active) {
		/* The failure was recorded before the check (app_signin_reserve). */
		struct actor a = asking(r, username);
		int rc = app_signin_refused(db, &a, username, "failed");
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
	const struct config *cfg = &r->app->cfg;
	const struct signin_limits lim = {
		.idle_timeout = cfg->session_idle_timeout,
		.absolute_timeout = cfg->session_absolute_timeout,
		.failure_window = cfg->auth_failure_window,
	};
	struct actor a = asking(r, r->user.username);
	int rc = app_signin(db, &a, username, digest, csrf, &lim);
	if (rc != SC_OK)
		return rc;
	/* A fresh token at every sign-in; the pre-session cookie is spent. */
	req_cookie(r, r->app->session_cookie, arena_strdup(r->a, token), -1);
	req_cookie(r, r->app->pre_cookie, "", 0);
	return req_redirect(r, url_local_or_root(req_field(r, "next")));
}

/* POST /login: throttled (decision 24), then the password is checked on
 * the hash pool. */
static int
h_login_submit(struct req *r)
{
	const char *username = req_field(r, "username");
	const char *password = req_field(r, "password");
	if (*username == '\0' || *password == '\0')
		return login_refuse(r, 422, username, T(r, "Enter your username and password."));
	if (strlen(username) > 64 || strlen(password) > PASSWORD_MAX_BYTES)
		return login_refuse(r, 401, "", T(r, "Wrong username or password."));
	const struct config *cfg = &r->app->cfg;
	const struct throttle_policy policy = {
		.free_pair = cfg->auth_free_failures_pair,
		.free_account = cfg->auth_free_failures_account,
		.free_address = cfg->auth_free_failures_address,
		.max_delay = cfg->auth_max_delay,
	};
	/* Nobody is signed in by this request yet: the attempt is the address's. */
	struct actor a = req_actor(r);
	a.user_id = 0;
	a.username = username;
	a.centre_id = 0;
	int64_t wait = 0;
	int rc = app_signin_reserve(req_db(r), &a, &policy, cfg->auth_failure_window, username, &wait,
				    &r->login_attempt);
	if (rc != SC_OK)
		return rc;
	if (wait > 0) {
		req_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)wait));
		/* Name the targeted account: nobody is signed in yet. */
		app_signin_refused(req_db(r), &a, username, "rate-limited");
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
	if (!r->suspended && app_signin_release(req_db(r), r->login_attempt) != SC_OK)
		log_warn("sign-in attempt %lld was not taken back", (long long)r->login_attempt);
	return rc;
}

/* POST /logout. */
static int
h_logout(struct req *r)
{
	const char *tok = kv_get(&r->cookies, r->app->session_cookie);
	if (r->signed_in && tok != NULL) {
		char digest[TOKEN_DIGEST_LEN + 1];
		token_digest(tok, digest);
		struct actor a = req_actor(r);
		int rc = app_signout(req_db(r), &a, digest);
		if (rc != SC_OK)
			return rc;
	}
	req_cookie(r, r->app->session_cookie, "", 0);
	page_flash(r, "signed-out");
	return req_redirect(r, "/login");
}

/* POST /language: for everyone; a signed-in user keeps it. */
static int
h_language(struct req *r)
{
	enum lang l;
	if (i18n_parse_code(req_field(r, "lang"), &l) != SC_OK)
		return req_error(r, 400, T(r, "Choose Norsk bokmål or English."));
	if (r->signed_in) {
		struct actor a = req_actor(r);
		int rc = app_account_language(req_db(r), &a, i18n_code(l));
		if (rc != SC_OK)
			return rc;
	}
	req_cookie(r, "sc_lang", i18n_code(l), 31536000);
	return req_redirect(r, url_local_or_root(req_field(r, "next")));
}

const struct route signin_routes[] = {
	PAGE(GET_HEAD, "/login", h_login_form, PUB),
	PAGE(M_POST, "/login", h_login_submit, PUB),
	PAGE(M_POST, "/logout", h_logout, PUB),
	PAGE(M_POST, "/language", h_language, PUB),
	ROUTES_END
};
