/*
 * test_cluster.c — several application servers on one database, as behind
 * a load balancer (README, "Several servers"; docs/DECISIONS.md 48-50):
 *
 *   - a session made through one server works on the other, and signing
 *     out through the other ends it on both;
 *   - the sign-in throttle counts failures across servers, and behind a
 *     trusted balancer by the address it forwards for (X-Forwarded-For),
 *     which the audit log records; a peer that is not trusted is not
 *     believed;
 *   - twenty races of two assignments to a contact person at 17 of 18,
 *     one through each server, leave exactly one winner each time;
 *   - on PostgreSQL: connections the database dropped do not poison later
 *     requests; while the database cannot be reached, pages and the API
 *     answer 503 with Retry-After (HTML and JSON) and /healthz says so, and
 *     the servers recover by themselves when it is back; exports read from
 *     database.read_url (a read-only pool, seen in pg_stat_activity) with
 *     their audit entries written on the primary, and from the primary
 *     when the standby cannot be reached.
 *
 * The servers share one SQLite file or one PostgreSQL database
 * (server_start_peer). State is read through the API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define PW "a long password 123"
#define WRONG "wrong password here"
#define RACES 20

static struct server first, second; /* second trusts 127.0.0.1 as a balancer */
static struct session lea, admin;
static long long id_kari, id_lars;

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Sleeps until 20 ms past the next whole second: throttle waits are whole
 * seconds from the latest failure. */
static void
align_to_second(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	sleep_ms((1000000000L - now.tv_nsec) / 1000000L + 20);
}

/* ---- requests ---- */

static long long
jint(json_t *j, const char *key)
{
	return (long long)json_integer_value(json_object_get(j, key));
}

/* POSTs JSON as lea through the first server; fails unless the status is
 * want; returns the answer's "id". */
static long long
post_json(const char *path, const char *body, long want)
{
	json_t *j = NULL;
	long st = api_on(&first, &lea, path, body, &j);
	if (st != want)
		fail_msg("POST %s %s: %ld", path, body, st);
	long long id = jint(j, "id");
	json_decref(j);
	return id;
}

/* Yesterday, YYYY-MM-DD in the local zone. */
static void
yesterday(char out[11])
{
	time_t t = time(NULL) - 86400;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A participant in the programme since yesterday, with no contact person. */
static long long
active_participant(int seq)
{
	char body[256], path[96], day[11];
	snprintf(body, sizeof body, "{\"given_name\":\"Racer\",\"family_name\":\"Number%d\","
		 "\"birth_date\":\"19%02d-%02d-%02d\",\"gender\":\"female\"}",
		 seq, 60 + seq % 35, 1 + seq % 12, 1 + seq % 28);
	long long pid = post_json("/api/v1/participants", body, 201);
	yesterday(day);
	snprintf(path, sizeof path, "/api/v1/participants/%lld/enrolment", pid);
	snprintf(body, sizeof body, "{\"start_date\":\"%s\"}", day);
	post_json(path, body, 201);
	return pid;
}

static void
assign(long long pid, long long contact)
{
	char path[80], body[96];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", pid);
	snprintf(body, sizeof body, "{\"contact_id\":%lld}", contact);
	json_t *j = NULL;
	long st = api_on(&first, &lea, path, body, &j);
	json_decref(j);
	if (st != 200)
		fail_msg("assign %lld to %lld: %ld", pid, contact, st);
}

/* The active participants of a contact person, as lea reads them through s. */
static long long
active_of(const struct server *s, long long uid)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/caseloads/%lld", uid);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &lea, path, NULL, &j), 200);
	long long n = jint(json_object_get(j, "contact"), "active");
	json_decref(j);
	return n;
}

/* The id of a user, from the administrator's list. */
static long long
user_id(const char *username)
{
	json_t *j = NULL;
	assert_int_equal(api_on(&first, &admin, "/api/v1/users?per_page=200", NULL, &j), 200);
	long long id = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "username")), username) == 0)
			id = jint(it, "id");
	json_decref(j);
	return id;
}

/*
 * One sign-in attempt through s from the address `from`, with an
 * X-Forwarded-For header when xff is not NULL. Returns the status of
 * POST /login (303 signed in, 401 wrong, 429 must wait); *retry_after
 * (may be NULL) gets that header's value or 0.
 */
static long
attempt(const struct server *s, const char *from, const char *xff, const char *user, const char *pass,
	long *retry_after)
{
	char xff_hdr[96] = "";
	if (xff != NULL)
		snprintf(xff_hdr, sizeof xff_hdr, "X-Forwarded-For: %s", xff);
	struct http_res res;
	struct http_req q = {.path = "/login", .from = from, .headers = {xff != NULL ? xff_hdr : NULL}};
	assert_int_equal(http_send(s, &q, &res), 0);
	char *pre = res_cookie_value(&res, PRE_COOKIE);
	char *csrf = page_csrf(res.body);
	http_res_free(&res);
	assert_non_null(pre);
	assert_non_null(csrf);
	char *u = form_escape(user), *p = form_escape(pass);
	char body[512], cookie[128];
	snprintf(body, sizeof body, "csrf=%s&next=%%2F&username=%s&password=%s", csrf, u, p);
	snprintf(cookie, sizeof cookie, "%s=%s", PRE_COOKIE, pre);
	free(u);
	free(p);
	free(pre);
	free(csrf);
	struct http_req post = {.path = "/login", .body = body, .body_len = -1, .cookie = cookie, .from = from,
				.headers = {xff != NULL ? xff_hdr : NULL}};
	assert_int_equal(http_send(s, &post, &res), 0);
	long status = res.status;
	if (retry_after != NULL) {
		const char *ra = res_header(&res, "Retry-After");
		*retry_after = ra != NULL ? atol(ra) : 0;
	}
	http_res_free(&res);
	return status;
}

/* How many audit entries of sign-ins of user came from address, as the
 * administrator reads the log through s. */
static long
signins_from(const struct server *s, const char *user, const char *address)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/audit?action=auth.signin&user=%s&per_page=200", user);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &admin, path, NULL, &j), 200);
	long n = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "address")), address) == 0)
			n++;
	json_decref(j);
	return n;
}

/* ---- the servers ---- */

static int
setup(void **state)
{
	(void)state;
	if (server_start(&first, NULL) != 0)
		return -1;
	static const char *const behind_balancer[] = {"http.trusted_proxies=127.0.0.1", NULL};
	if (server_start_peer(&second, &first, behind_balancer) != 0) {
		server_stop(&first);
		return -1;
	}
	if (cli_user_add(&first, "lea", "Lea Leader", "leader", PW) != 0 ||
	    cli_user_add(&first, "kari", "Kari Contact", "contact", PW) != 0 ||
	    cli_user_add(&first, "lars", "Lars Contact", "contact", PW) != 0 ||
	    cli_user_add(&first, "thr", "Throttled User", "contact", PW) != 0 ||
	    cli_user_add(&first, "xff", "Forwarded User", "contact", PW) != 0 ||
	    sign_in(&first, "lea", PW, &lea) != 0 || sign_in(&first, ADMIN_USER, ADMIN_PASSWORD, &admin) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	int rc = server_stop(&second);
	if (server_stop(&first) != 0)
		rc = -1;
	return rc;
}

/* ---- sessions ---- */

static void
test_session_on_both_servers(void **state)
{
	(void)state;
	struct session kari;
	assert_int_equal(sign_in(&first, "kari", PW, &kari), 0);
	json_t *j = NULL;
	/* made through the first, used through the second: the same user */
	assert_int_equal(api_on(&second, &kari, "/api/v1/me", NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "username")), "kari");
	json_decref(j);
	/* a change through the second (its CSRF token is the session's) */
	struct http_res res;
	char body[128];
	snprintf(body, sizeof body, "csrf=%s&lang=en&next=%%2F", kari.csrf);
	assert_int_equal(http_post_form(&second, "/language", kari.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(api_on(&first, &kari, "/api/v1/me", NULL, &j), 200);
	assert_string_equal(json_string_value(json_object_get(j, "language")), "en");
	json_decref(j);
	/* signed out through the second: gone on the first too */
	snprintf(body, sizeof body, "csrf=%s", kari.csrf);
	assert_int_equal(http_post_form(&second, "/logout", kari.cookie, body, &res), 0);
	assert_int_equal(res.status, 303);
	http_res_free(&res);
	assert_int_equal(api_on(&first, &kari, "/api/v1/me", NULL, NULL), 401);
	assert_int_equal(api_on(&second, &kari, "/api/v1/me", NULL, NULL), 401);
}

/* ---- the sign-in throttle ---- */

static void
test_throttle_across_servers(void **state)
{
	(void)state;
	long wait = 0;
	align_to_second();
	/* three wrong passwords through the first server are free ... */
	for (int i = 0; i < 3; i++)
		assert_int_equal(attempt(&first, "127.0.0.7", NULL, "thr", WRONG, NULL), 401);
	/* ... and the fourth waits, through the second server too, even with
	 * the right password */
	assert_int_equal(attempt(&second, "127.0.0.7", NULL, "thr", PW, &wait), 429);
	assert_int_equal(wait, 1);
	/* another address signs in at once, through either server */
	assert_int_equal(attempt(&second, "127.0.0.8", NULL, "thr", PW, NULL), 303);
	assert_int_equal(signins_from(&second, "thr", "127.0.0.7"), 4);
}

static void
test_forwarded_address(void **state)
{
	(void)state;
	long wait = 0;
	align_to_second();
	/* behind the balancer (127.0.0.1, trusted by the second server) each
	 * client is the address it forwards for */
	for (int i = 0; i < 3; i++)
		assert_int_equal(attempt(&second, "127.0.0.1", "203.0.113.9", "xff", WRONG, NULL), 401);
	assert_int_equal(attempt(&second, "127.0.0.1", "203.0.113.9", "xff", WRONG, &wait), 429);
	assert_int_equal(wait, 1);
	/* another client behind the same balancer is not held up */
	assert_int_equal(attempt(&second, "127.0.0.1", "198.51.100.4, 203.0.113.10", "xff", WRONG, NULL), 401);
	/* a client that forges the header reaching the server directly is its
	 * own address; so is everyone at the first server, which trusts none */
	assert_int_equal(attempt(&second, "127.0.0.2", "203.0.113.9", "xff", WRONG, NULL), 401);
	assert_int_equal(attempt(&first, "127.0.0.3", "203.0.113.9", "xff", WRONG, NULL), 401);
	/* the audit log names the clients */
	assert_int_equal(signins_from(&first, "xff", "203.0.113.9"), 4);
	assert_int_equal(signins_from(&first, "xff", "203.0.113.10"), 1);
	assert_int_equal(signins_from(&first, "xff", "127.0.0.2"), 1);
	assert_int_equal(signins_from(&first, "xff", "127.0.0.3"), 1);
	assert_int_equal(signins_from(&first, "xff", "127.0.0.1"), 0);
}

/* ---- the caseload cap ---- */

struct racer {
	const struct server *s;
	pthread_barrier_t *start;
	long long pid;
	long status;
	char code[32];
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	char path[80], body[96], hdr[128];
	snprintf(path, sizeof path, "/api/v1/participants/%lld/contact", r->pid);
	snprintf(body, sizeof body, "{\"contact_id\":%lld,\"reason\":\"race\"}", id_kari);
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", lea.csrf);
	struct http_req q = {.path = path, .body = body, .body_len = -1, .cookie = lea.cookie,
			     .content_type = "application/json", .headers = {hdr}};
	struct http_res res;
	pthread_barrier_wait(r->start);
	r->status = -1;
	if (http_send(r->s, &q, &res) == 0) {
		r->status = res.status;
		json_t *j = res_json(&res);
		const char *code = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
		snprintf(r->code, sizeof r->code, "%s", code ? code : "");
		json_decref(j);
		http_res_free(&res);
	}
	return NULL;
}

static void
test_cap_races_across_servers(void **state)
{
	(void)state;
	id_kari = user_id("kari");
	id_lars = user_id("lars");
	/* Kari follows 17 of her cap of 18; two more wait with Lars */
	for (int i = 0; i < 17; i++)
		assign(active_participant(i), id_kari);
	long long x = active_participant(100), y = active_participant(101);
	assign(x, id_lars);
	assign(y, id_lars);
	assert_int_equal(active_of(&first, id_kari), 17);

	for (int round = 0; round < RACES; round++) {
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, 2);
		struct racer a = {.s = &first, .start = &start, .pid = x};
		struct racer b = {.s = &second, .start = &start, .pid = y};
		pthread_t ta, tb;
		pthread_create(&ta, NULL, race, &a);
		pthread_create(&tb, NULL, race, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&start);
		/* exactly one winner; the other is told the caseload is full */
		struct racer *won = a.status == 200 ? &a : &b, *lost = a.status == 200 ? &b : &a;
		if (won->status != 200 || lost->status != 409 || strcmp(lost->code, "caseload_full") != 0)
			fail_msg("race %d: first server %ld %s, second server %ld %s", round, a.status, a.code,
				 b.status, b.code);
		assert_int_equal(active_of(&first, id_kari), 18);
		assert_int_equal(active_of(&second, id_kari), 18);
		/* the winner goes back to Lars for the next round */
		assign(won->pid, id_lars);
		assert_int_equal(active_of(&second, id_kari), 17);
	}
}

/* ---- PostgreSQL: lost connections, an unreachable database, the standby ---- */

/* Runs sql on the cluster's own database (SC_TEST_PG_URL), as the
 * servers' databases may refuse connections meanwhile. */
static void
cluster_sql(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("SC_TEST_PG_URL"));
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *res = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(c);
}

/* The name of the servers' database (the path of the first's URL). */
static const char *
db_name(void)
{
	const char *url = first.db_set + strlen("database.url=");
	const char *slash = strrchr(url, '/');
	return slash != NULL ? slash + 1 : url;
}

/* Ends every connection to the servers' database, and waits (2 s at most)
 * until they are gone: pg_terminate_backend() only signals, and a server's
 * own threads (the audit queue's writer, a health check) may open a new
 * connection meanwhile, so the ending is repeated every 100 ms until none
 * is left. */
static void
terminate_backends(void)
{
	char kill_sql[1100], count_sql[1100];
	snprintf(kill_sql, sizeof kill_sql,
		 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'", db_name());
	cluster_sql(kill_sql);
	PGconn *c = PQconnectdb(getenv("SC_TEST_PG_URL"));
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	snprintf(count_sql, sizeof count_sql, "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s'",
		 db_name());
	long left = -1;
	for (int i = 0; i < 200 && left != 0; i++) {
		PGresult *res = PQexec(c, count_sql);
		left = PQresultStatus(res) == PGRES_TUPLES_OK ? atol(PQgetvalue(res, 0, 0)) : -1;
		PQclear(res);
		if (left != 0) {
			if (i % 10 == 9)
				cluster_sql(kill_sql);
			sleep_ms(10);
		}
	}
	PQfinish(c);
	assert_int_equal(left, 0);
}

static long
get_status(const struct server *s, const char *path, const struct session *sess, char *retry_after,
	   char *content_type)
{
	struct http_res res;
	assert_int_equal(http_get(s, path, sess != NULL ? sess->cookie : NULL, &res), 0);
	long st = res.status;
	const char *ra = res_header(&res, "Retry-After"), *ct = res_header(&res, "Content-Type");
	if (retry_after != NULL)
		snprintf(retry_after, 8, "%s", ra != NULL ? ra : "");
	if (content_type != NULL)
		snprintf(content_type, 48, "%s", ct != NULL ? ct : "");
	http_res_free(&res);
	return st;
}

static void
test_dropped_connections_do_not_poison(void **state)
{
	(void)state;
	if (!harness_pg())
		skip();
	/* every connection of both servers is dropped at once (a restart, an
	 * administrator's pg_terminate_backend); each request after finds its
	 * connection gone, opens it again and answers as if nothing happened */
	terminate_backends();
	/* A backend leaves pg_stat_activity before its process has closed
	 * the socket: a request in that moment still finds its connection
	 * open (no goodbye to read), sends, and is answered 503 (in flight
	 * as the drop happened). The drop is over once the goodbyes are
	 * sent; then nothing may fail. */
	sleep_ms(100);
	for (int i = 0; i < 12; i++) {
		const struct server *s = i % 2 ? &second : &first;
		assert_int_equal(get_status(s, "/healthz", NULL, NULL, NULL), 200);
		assert_int_equal(api_on(s, &lea, "/api/v1/participants?per_page=1", NULL, NULL), 200);
		assert_int_equal(api_on(s, &lea, "/api/v1/me", NULL, NULL), 200);
	}
}

static void
test_unreachable_database_is_503(void **state)
{
	(void)state;
	if (!harness_pg())
		skip();
	char sql[1100], ra[8], ct[48];
	snprintf(sql, sizeof sql, "ALTER DATABASE %s ALLOW_CONNECTIONS false", db_name());
	cluster_sql(sql);
	terminate_backends();
	/* the database cannot be reached: try again later, as the request asked */
	assert_int_equal(get_status(&first, "/healthz", NULL, ra, NULL), 503);
	assert_string_equal(ra, "5");
	assert_int_equal(get_status(&second, "/healthz", NULL, ra, NULL), 503);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(get_status(&first, "/participants", &lea, ra, ct), 503);
		assert_string_equal(ra, "5");
		assert_string_equal(ct, "text/html; charset=utf-8");
		json_t *j = NULL;
		assert_int_equal(api_on(&second, &lea, "/api/v1/participants", NULL, &j), 503);
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
				    "unavailable");
		json_decref(j);
	}
	struct http_res res;
	assert_int_equal(http_get(&first, "/api/v1/me", lea.cookie, &res), 0);
	assert_int_equal(res.status, 503);
	assert_string_equal(res_header(&res, "Retry-After"), "5");
	assert_string_equal(res_header(&res, "Content-Type"), "application/json");
	http_res_free(&res);

	/* back: both servers answer again by themselves, within a second */
	snprintf(sql, sizeof sql, "ALTER DATABASE %s ALLOW_CONNECTIONS true", db_name());
	cluster_sql(sql);
	for (int i = 0; i < 2; i++) {
		const struct server *s = i ? &second : &first;
		long st = 0;
		for (int tries = 0; tries < 50 && st != 200; tries++) {
			st = get_status(s, "/healthz", NULL, NULL, NULL);
			if (st != 200)
				sleep_ms(20);
		}
		assert_int_equal(st, 200);
		/* the pool's connections come back as they are used (each tries
		 * again at most every 200 ms) */
		st = 0;
		for (int tries = 0; tries < 50 && st != 200; tries++) {
			st = api_on(s, &lea, "/api/v1/participants?per_page=1", NULL, NULL);
			if (st == 503)
				sleep_ms(20);
		}
		assert_int_equal(st, 200);
	}
	/* and every connection of the pools is good again */
	sleep_ms(250);
	for (int i = 0; i < 16; i++)
		assert_int_equal(api_on(i % 2 ? &second : &first, &lea, "/api/v1/me", NULL, NULL), 200);
}

/* The last statement the read pool ran on the servers' database (the
 * query of an idle backend in pg_stat_activity), malloc'd or NULL. */
static char *
read_pool_queries(void)
{
	PGconn *c = PQconnectdb(getenv("SC_TEST_PG_URL"));
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	const char *params[1] = {db_name()};
	PGresult *res = PQexecParams(c,
		"SELECT string_agg(query, ' | ') FROM pg_stat_activity"
		" WHERE datname = $1 AND application_name = 'secondchance-read'",
		1, NULL, params, NULL, NULL, 0);
	char *out = NULL;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		out = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(c);
	return out;
}

/* True when the last statement of a connection of the read pool holds
 * needle (prints them when not). */
static bool
read_pool_ran(const char *needle)
{
	char *q = read_pool_queries();
	bool ran = q != NULL && strstr(q, needle) != NULL;
	if (!ran)
		print_error("the read pool's last statements lack \"%s\": %.300s\n", needle, q ? q : "(none)");
	free(q);
	return ran;
}

/* lea's audit entries of action, as the administrator reads them through
 * s. Read entries are queued by the server that served the read and
 * written a few milliseconds later (decision 20): read them through that
 * server, which writes out its queue first. */
static long
audits(const struct server *s, const char *action)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/audit?action=%s&user=lea&per_page=1", action);
	json_t *j = NULL;
	assert_int_equal(api_on(s, &admin, path, NULL, &j), 200);
	long n = (long)jint(j, "total");
	json_decref(j);
	return n;
}

static void
test_exports_read_from_standby(void **state)
{
	(void)state;
	if (!harness_pg())
		skip();
	/* A third server reads reports from "the standby": here the database
	 * itself through the read-only pool, which pg_stat_activity names. */
	char read_set[1100];
	snprintf(read_set, sizeof read_set, "database.read_url=%s", first.db_set + strlen("database.url="));
	const char *const extra[] = {read_set, NULL};
	struct server third;
	assert_int_equal(server_start_peer(&third, &first, extra), 0);
	struct http_res res;
	assert_int_equal(http_get(&third, "/healthz", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	assert_string_equal(res.body, "ok\nstandby ok\n");
	http_res_free(&res);

	long before = audits(&first, "participant.export");
	assert_int_equal(http_get(&third, "/participants/export?format=csv", lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	/* every participant of the races, the one written last included */
	assert_true(res_contains(&res, "Number101"));
	assert_true(res_contains(&res, "Number16"));
	http_res_free(&res);
	assert_true(read_pool_ran("FROM participants"));
	/* its audit entry was written through the primary; the audit log is
	 * read from the standby too */
	assert_int_equal(audits(&third, "participant.export"), before + 1);
	assert_true(read_pool_ran("FROM audit_log"));
	/* and the caseload export and the waiting list's */
	char path[96];
	snprintf(path, sizeof path, "/caseloads/%lld/export?format=csv", id_kari);
	assert_int_equal(http_get(&third, path, lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Number0"));
	http_res_free(&res);
	assert_true(read_pool_ran("f_nc AS no_contact")); /* the caseload list */
	assert_int_equal(http_get(&third, "/waiting-list/export?format=csv", lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	http_res_free(&res);
	assert_true(read_pool_ran("FROM waiting_list WHERE centre_id"));
	assert_int_equal(server_stop(&third), 0);

	/* a standby that cannot be reached: the primary serves the export,
	 * and /healthz says so but keeps the server in rotation */
	static const char *const gone[] = {"database.read_url=postgresql://postgres@127.0.0.1:1/none",
					   "database.connect_timeout=2", NULL};
	struct server fourth;
	assert_int_equal(server_start_peer(&fourth, &first, gone), 0);
	assert_int_equal(http_get(&fourth, "/healthz", NULL, &res), 0);
	assert_int_equal(res.status, 200);
	assert_string_equal(res.body, "ok\nstandby unreachable (reports read from the primary)\n");
	http_res_free(&res);
	assert_int_equal(http_get(&fourth, "/participants/export?format=csv", lea.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	assert_true(res_contains(&res, "Number101"));
	http_res_free(&res);
	assert_int_equal(audits(&fourth, "participant.export"), before + 2);
	assert_int_equal(server_stop(&fourth), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_on_both_servers),
		cmocka_unit_test(test_throttle_across_servers),
		cmocka_unit_test(test_forwarded_address),
		cmocka_unit_test(test_cap_races_across_servers),
		cmocka_unit_test(test_dropped_connections_do_not_poison),
		cmocka_unit_test(test_unreachable_database_is_503),
		cmocka_unit_test(test_exports_read_from_standby),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, teardown));
}
