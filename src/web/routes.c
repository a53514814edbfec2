/*
 * routes.c — the route table and dispatch: match, then sign-in, then
 * permission, then CSRF, then the handler. Every route declares its
 * permission; tests/unit/test_routes.c fails on one that does not.
 */
#include "http.h"
#include "multipart.h"
#include "routes.h"
#include "server.h"
#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* What every installation serves without a session: the health check,
 * robots.txt and the versioned assets (assets.c). */
const struct route platform_routes[] = {
	PAGE(GET_HEAD, "/healthz", h_healthz, ANON),
	PAGE(GET_HEAD, "/robots.txt", h_robots, ANON),
	PAGE(GET_HEAD, "/static/:version/:name", h_static, ANON),
	ROUTES_END
};

/* ---- the one table: every area's routes, in areas.def's order ---- */

static const struct route *const areas[] = {
#define AREA(name) name##_routes,
#include "areas.def"
#undef AREA
};

static struct route *all_routes;
static size_t nall_routes;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void
table_build(void)
{
	size_t n = 0;
	for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++)
		for (const struct route *r = areas[a]; r->pattern != NULL; r++)
			n++;
	all_routes = calloc(n > 0 ? n : 1, sizeof *all_routes);
	if (all_routes == NULL)
		return;
	for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++)
		for (const struct route *r = areas[a]; r->pattern != NULL; r++)
			all_routes[nall_routes++] = *r;
}

const struct route *
routes_table(size_t *n)
{
	pthread_once(&table_once, table_build);
	*n = nall_routes;
	return all_routes;
}

/* True when the path matches the pattern; fills params. */
static bool
route_match(const char *pattern, const struct path *p, const char **params)
{
	size_t seg = 0;
	int np = 0;
	const char *s = pattern;
	if (strcmp(pattern, "/") == 0)
		return p->n == 0;
	while (*s == '/') {
		s++;
		const char *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (seg >= p->n)
			return false;
		if (s[0] == ':') {
			if (np < REQ_MAX_PARAMS)
				params[np++] = p->segs[seg];
		} else if (strlen(p->segs[seg]) != len || strncmp(s, p->segs[seg], len) != 0) {
			return false;
		}
		seg++;
		s += len;
	}
	return seg == p->n;
}

static bool
is_api_path(const struct path *p)
{
	return p->n >= 2 && strcmp(p->segs[0], "api") == 0 && strcmp(p->segs[1], "v1") == 0;
}

/* Why the inputs of a request could not be read. */
enum input_refusal {
	INPUT_OK,
	INPUT_MALFORMED,      /* 400 */
	INPUT_QUERY_LIMIT,    /* 414: more than http.max_query_params */
	INPUT_FORM_LIMIT,     /* 413: more than http.max_form_fields */
	INPUT_MEDIA_TYPE,     /* 415 */
};

/*
 * Parses the path, the query string and, for POST, the body. Returns 0 with
 * *why INPUT_OK, 0 with *why naming the refusal, or SC_ENOMEM.
 */
static int
parse_inputs(struct req *r, enum input_refusal *why)
{
	const struct config *cfg = &r->app->cfg;
	*why = INPUT_MALFORMED;
	if (r->uri == NULL || r->path_raw == NULL)
		return SC_ENOMEM;
	const char *q = strchr(r->uri, '?');
	int rc = parse_path(r->a, r->path_raw, &r->path);
	if (rc != SC_OK)
		return rc == SC_ENOMEM ? rc : SC_OK;
	if (q != NULL) {
		rc = parse_query(r->a, q + 1, strlen(q + 1), (size_t)cfg->http_max_query_params, &r->query);
		if (rc == SC_ELIMIT)
			*why = INPUT_QUERY_LIMIT;
		if (rc != SC_OK)
			return rc == SC_ENOMEM ? rc : SC_OK;
	}
	*why = INPUT_OK;
	if (r->method != M_POST || r->body.len == 0)
		return SC_OK;
	const char *ct = req_in_header(r, "Content-Type");
	if (ct != NULL && strncasecmp(ct, "application/json", 16) == 0) {
		json_error_t jerr;
		r->json = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
		if (r->json == NULL)
			*why = INPUT_MALFORMED;
		return SC_OK;
	}
	if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		rc = parse_query(r->a, r->body.data, r->body.len, (size_t)cfg->http_max_form_fields, &r->form);
		if (rc != SC_OK)
			*why = rc == SC_ELIMIT ? INPUT_FORM_LIMIT : INPUT_MALFORMED;
		return rc == SC_ENOMEM ? rc : SC_OK;
	}
	/* File uploads (imports): every part becomes a form field. */
	if (strncasecmp(ct, "multipart/form-data", 19) == 0) {
		rc = parse_multipart(r->a, ct, r->body.data, r->body.len, &r->form);
		if (rc != SC_OK)
			*why = INPUT_MALFORMED;
		return rc == SC_ENOMEM ? rc : SC_OK;
	}
	/* CSV sent to the API as it is: the handler reads r->body. */
	if (strncasecmp(ct, "text/csv", 8) == 0)
		return SC_OK;
	*why = INPUT_MEDIA_TYPE;
	return SC_OK;
}

/*
 * Who is asking (auth.c): the session or bearer token, the language. A
 * visitor who is not signed in gets the pre-sign-in CSRF token here, for
 * the forms any page may hold (sign-in, the language switch), whatever
 * the handler then does.
 */
static int
visitor_resolve(struct req *r)
{
	int rc = auth_resolve(r);
	if (rc == SC_OK && !r->signed_in && !r->wants_json)
		auth_ensure_pre_token(r);
	return rc;
}

/* Answers a request whose inputs were refused, in the visitor's language
 * when it can be known. */
static int
refuse_inputs(struct req *r, enum input_refusal why)
{
	const struct config *cfg = &r->app->cfg;
	(void)visitor_resolve(r); /* the answer does not depend on it */
	switch (why) {
	case INPUT_QUERY_LIMIT:
		return req_error(r, 414, arena_printf(r->a, T(r, "The address has too many parameters (at most %d)."),
						      cfg->http_max_query_params));
	case INPUT_FORM_LIMIT:
		return req_error(r, 413, arena_printf(r->a, T(r, "The form has too many fields (at most %d)."),
						      cfg->http_max_form_fields));
	case INPUT_MEDIA_TYPE:
		return req_error(r, 415, NULL);
	default:
		return req_error(r, 400, NULL);
	}
}

/* What a page refused by its route's permission says: who may open it,
 * the roles of the access table by their names in the reader's language,
 * so that an administrator who opens a leader's page learns whose it is.
 * NULL (the plain text) for the API, or when no role may. */
static const char *
denied_text(struct req *r, enum resource res, enum action act)
{
	uint32_t roles = access_roles_allowed(res, act);
	if (r->wants_json || roles == 0)
		return NULL;
	struct buf b = BUF_INIT;
	for (int i = 0; i < ROLE_COUNT; i++) {
		if ((roles & ROLE_BIT(i)) == 0)
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, T(r, role_label((enum role)i)));
	}
	char *text = buf_ok(&b) ? arena_printf(r->a, T(r, "You do not have access to this page. It is for: %s."), b.data)
				: NULL;
	buf_free(&b);
	return text;
}

int
web_dispatch(struct req *r)
{
	enum input_refusal why = INPUT_OK;
	int rc = parse_inputs(r, &why);
	r->wants_json = (r->path.n >= 2 && is_api_path(&r->path)) || (r->path_raw != NULL && strncmp(r->path_raw, "/api/v1/", 8) == 0);
	if (rc != SC_OK)
		return rc;
	if (why != INPUT_OK)
		return refuse_inputs(r, why);

	size_t n = 0;
	const struct route *table = routes_table(&n);
	const struct route *match = NULL;
	unsigned allowed = 0;
	for (size_t i = 0; i < n; i++) {
		const char *params[REQ_MAX_PARAMS] = {0};
		if (!route_match(table[i].pattern, &r->path, params))
			continue;
		allowed |= table[i].method;
		if ((table[i].method & r->method) != 0 && match == NULL) {
			match = &table[i];
			memcpy(r->params, params, sizeof params);
		}
	}
	if (match != NULL && match->perm == PERM_ANON) {
		r->route = match;
		r->lang = LANG_NB;
		return match->fn(r);
	}
	rc = visitor_resolve(r);
	if (rc != SC_OK)
		return rc;
	if (match == NULL) {
		if (allowed != 0) {
			char *allow = arena_printf(r->a, "%s%s%s",
						   (allowed & M_GET) ? "GET, HEAD" : "",
						   (allowed & M_GET) && (allowed & M_POST) ? ", " : "",
						   (allowed & M_POST) ? "POST" : "");
			req_header(r, "Allow", allow);
			return req_error(r, 405, NULL);
		}
		return req_error(r, 404, NULL);
	}
	r->route = match;
	r->wants_json = match->api;

	if (match->perm == PERM_RESOURCE) {
		if (!r->signed_in) {
			if (match->api)
				return api_error(r, 401, "unauthenticated",
						 T(r, "Sign in or send an API token."), NULL);
			char *next = NULL;
			struct buf b = BUF_INIT;
			buf_puts(&b, "/login?next=");
			html_urlpart(&b, r->path_raw);
			if (r->session_expired)
				buf_puts(&b, "&expired=1");
			next = buf_ok(&b) ? arena_strdup(r->a, b.data) : NULL;
			buf_free(&b);
			return req_redirect(r, next ? next : "/login");
		}
		r->scope = access_scope(r->user.roles, match->res, match->act);
		if (r->scope == SCOPE_NONE)
			return req_error(r, 403, denied_text(r, match->res, match->act));
	} else if (match->perm != PERM_PUBLIC) {
		/* PERM_ANON returned above; anything else is undeclared: deny. */
		return req_error(r, 403, NULL);
	}
	if (r->method == M_POST && !auth_csrf_ok(r)) {
		if (match->api)
			return api_error(r, 403, "csrf", T(r, "The form has expired. Reload the page and try again."), NULL);
		return req_error(r, 403, T(r, "The form has expired. Reload the page and try again."));
	}
	return match->fn(r);
}

void
web_routes_print(FILE *out)
{
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &t[i];
		const char *m = (r->method & M_POST) ? "POST" : "GET";
		if (r->perm == PERM_RESOURCE)
			fprintf(out, "%s %s %s %s.%s\n", m, r->pattern, r->api ? "api" : "page",
				resource_key(r->res), r->act == ACT_WRITE ? "write" : "read");
		else
			fprintf(out, "%s %s %s %s\n", m, r->pattern, r->api ? "api" : "page",
				r->perm == PERM_ANON ? "anon" : "public");
	}
}
