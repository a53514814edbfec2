/*
 * auth.c — who is asking: sessions, bearer tokens, the language, CSRF, and
 * suspending a request while a password is hashed. The pages that sign in
 * and out are web/signin.c's.
 *
 * The session cookie holds 128 random bits; the store keeps their SHA-256.
 * Forms carry the session's CSRF token; before sign-in, a random
 * double-submit cookie plays that part (made by dispatch, routes.c, for
 * every visitor who is not signed in).
 */
#include "http.h"
#include "domain/authrules.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"
#include "util/token.h"

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
