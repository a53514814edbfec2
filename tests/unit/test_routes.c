/*
 * test_routes.c — the route table (src/web/routes.c) is the one place
 * permissions are declared; this test fails when a route forgets one, when
 * an API route leaves /api/v1/ (or a page route enters it), when a POST is
 * checked only for reading, when two routes claim the same method and path,
 * or when a route is listed after one that matches all its paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "web/http.h"

#define API_PREFIX "/api/v1/"

static const char *
method_names(enum method m)
{
	static char s[64];
	s[0] = '\0';
	if (m & M_GET)
		strcat(s, "GET ");
	if (m & M_POST)
		strcat(s, "POST ");
	if (m & M_HEAD)
		strcat(s, "HEAD ");
	if (m & M_OTHER)
		strcat(s, "OTHER ");
	return s;
}

static void
test_table_not_empty(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	assert_non_null(t);
	assert_true(n > 0);
}

static void
test_every_route_declared(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &t[i];
		if (r->pattern == NULL)
			fail_msg("route %zu has no pattern", i);
		if (r->perm == PERM_UNDECLARED)
			fail_msg("route %s%s declares no permission", method_names(r->method), r->pattern);
		if (r->perm != PERM_PUBLIC && r->perm != PERM_ANON && r->perm != PERM_RESOURCE)
			fail_msg("route %s has an unknown permission kind %d", r->pattern, r->perm);
		/* no session is looked up for PERM_ANON, so no CSRF check: read only */
		if (r->perm == PERM_ANON && (r->method & ~(M_GET | M_HEAD)) != 0)
			fail_msg("anonymous route %s takes more than GET and HEAD", r->pattern);
		if (r->fn == NULL)
			fail_msg("route %s has no handler", r->pattern);
		if (r->pattern[0] != '/')
			fail_msg("route pattern \"%s\" does not start with '/'", r->pattern);
		if (r->method == 0 || (r->method & ~(M_GET | M_POST | M_HEAD | M_OTHER)) != 0)
			fail_msg("route %s has an odd method set 0x%x", r->pattern, (unsigned)r->method);
		if (r->perm == PERM_RESOURCE) {
			if ((unsigned)r->res >= RES_COUNT || (unsigned)r->act >= ACT_COUNT)
				fail_msg("route %s names resource %d action %d", r->pattern, r->res, r->act);
			/* some role must be able to reach it, or it is dead */
			if (!access_allows(ROLE_ALL_BITS, r->res, r->act))
				fail_msg("route %s is reachable by no role", r->pattern);
		}
	}
}

/* Patterns are clean: no empty segment, no trailing slash (but "/"),
 * parameters name themselves. */
static void
test_patterns_well_formed(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++) {
		const char *p = t[i].pattern;
		if (strcmp(p, "/") == 0)
			continue;
		size_t len = strlen(p);
		if (p[len - 1] == '/')
			fail_msg("pattern \"%s\" ends with '/'", p);
		if (strstr(p, "//") != NULL)
			fail_msg("pattern \"%s\" has an empty segment", p);
		if (strchr(p, '?') != NULL || strchr(p, '#') != NULL || strchr(p, ' ') != NULL)
			fail_msg("pattern \"%s\" holds a query, fragment or space", p);
		int params = 0;
		for (const char *s = p; (s = strstr(s, "/:")) != NULL; s += 2) {
			params++;
			if (s[2] == '\0' || s[2] == '/')
				fail_msg("pattern \"%s\" has an unnamed parameter", p);
		}
		if (params > REQ_MAX_PARAMS)
			fail_msg("pattern \"%s\" has more than %d parameters", p, REQ_MAX_PARAMS);
	}
}

static void
test_api_routes_under_api_v1(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	int api = 0;
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &t[i];
		bool under = strncmp(r->pattern, API_PREFIX, strlen(API_PREFIX)) == 0;
		bool under_api = strncmp(r->pattern, "/api/", 5) == 0 || strcmp(r->pattern, "/api") == 0;
		if (r->api && !under)
			fail_msg("API route %s is not under " API_PREFIX, r->pattern);
		if (!r->api && under_api)
			fail_msg("page route %s is under /api/", r->pattern);
		if (r->api) {
			api++;
			/* API routes need a signed-in user (session or bearer token),
			 * but the supervisor's evaluation link, whose token is the key
			 * (decision 40) */
			if (r->perm != PERM_RESOURCE && strcmp(r->pattern, "/api/v1/evaluate/:token") != 0)
				fail_msg("API route %s is public", r->pattern);
		}
	}
	assert_true(api > 0);
}

static void
test_post_routes_write(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &t[i];
		if ((r->method & M_POST) && r->perm == PERM_RESOURCE && r->act != ACT_WRITE)
			fail_msg("POST %s is checked only for %s", r->pattern, "reading");
		/* GET must never change anything, so GET and POST do not share a route */
		if ((r->method & M_POST) && (r->method & (M_GET | M_HEAD)))
			fail_msg("route %s takes both GET and POST", r->pattern);
	}
}

static void
test_no_duplicates(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if ((t[i].method & t[j].method) != 0 && strcmp(t[i].pattern, t[j].pattern) == 0)
				fail_msg("routes %zu and %zu both take %s%s", i, j,
					 method_names(t[i].method & t[j].method), t[i].pattern);
		}
	}
}

/* Page routes that read by GET also answer HEAD (MHD sends no body). */
static void
test_get_implies_head(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++)
		if ((t[i].method & M_GET) && !(t[i].method & M_HEAD))
			fail_msg("GET %s does not answer HEAD", t[i].pattern);
}

/* The routes a visitor can reach without signing in (PERM_PUBLIC and
 * PERM_ANON) are these; a new one must be added here on purpose. */
static void
test_public_routes_are_few(void **state)
{
	(void)state;
	static const char *const allowed[] = {
		"/healthz", "/robots.txt", "/static/:version/:name", "/login", "/logout", "/language",
		/* the workplace supervisor's evaluation link (decision 40) */
		"/evaluate/:token", "/api/v1/evaluate/:token",
	};
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++) {
		if (t[i].perm != PERM_PUBLIC && t[i].perm != PERM_ANON)
			continue;
		bool ok = false;
		for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
			if (strcmp(t[i].pattern, allowed[k]) == 0)
				ok = true;
		if (!ok)
			fail_msg("route %s is public but not on the list of public routes", t[i].pattern);
	}
}

/* Does pattern p match the path made from pattern q (its parameters filled
 * with a value no literal segment uses)? Segment by segment, like routes.c. */
static bool
pattern_matches_sample(const char *p, const char *q)
{
	while (*p == '/' && *q == '/') {
		p++;
		q++;
		size_t pl = strcspn(p, "/");
		size_t ql = strcspn(q, "/");
		bool q_param = q[0] == ':';
		if (p[0] != ':' && (q_param || pl != ql || strncmp(p, q, pl) != 0))
			return false;
		p += pl;
		q += ql;
	}
	return *p == '\0' && *q == '\0';
}

/* A route listed after another that matches all its paths with the same
 * method is never reached ("/participants/:id" before "/participants/new"). */
static void
test_no_shadowed_routes(void **state)
{
	(void)state;
	size_t n = 0;
	const struct route *t = routes_table(&n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if ((t[i].method & t[j].method) != 0 && strcmp(t[i].pattern, t[j].pattern) != 0 &&
			    pattern_matches_sample(t[j].pattern, t[i].pattern))
				fail_msg("route %s%s is shadowed by %s listed before it",
					 method_names(t[i].method), t[i].pattern, t[j].pattern);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_not_empty),
		cmocka_unit_test(test_every_route_declared),
		cmocka_unit_test(test_patterns_well_formed),
		cmocka_unit_test(test_api_routes_under_api_v1),
		cmocka_unit_test(test_post_routes_write),
		cmocka_unit_test(test_no_duplicates),
		cmocka_unit_test(test_no_shadowed_routes),
		cmocka_unit_test(test_get_implies_head),
		cmocka_unit_test(test_public_routes_are_few),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
