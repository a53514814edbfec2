/*
 * test_ratelimit.c — sign-in throttling (docs/DECISIONS.md 24) as clients
 * on several addresses meet it: wrong passwords make the next attempt from
 * that address wait 1, 2, 4 ... seconds (429 with Retry-After and a message
 * saying how long), even with the right password; nobody is locked out: the
 * user signs in from an address that has not failed, however many others
 * have; a colleague behind a spraying address signs in too; attempts sent
 * at once are checked one at a time; every attempt is in the audit log.
 *
 * The harness sends from 127.0.0.N to play N clients. Waits are whole
 * seconds counted from the latest failure, so steps that assert an exact
 * wait start at the beginning of a second (align_to_second).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define PASSWORD "a long enough password"
#define WRONG "wrong password here"

/* Sleeps until 20 ms past the next whole second of the wall clock, so that
 * what follows within a few hundred milliseconds shares one second. */
static void
align_to_second(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	long ns = 1000000000L - now.tv_nsec + 20000000L;
	struct timespec d = {ns / 1000000000L, ns % 1000000000L};
	while (nanosleep(&d, &d) != 0 && errno == EINTR)
		;
}

/* The language of the attempts: English, unless a test says otherwise. */
static const char *lang = "en";

/* One sign-in from `from`; returns the status, keeps the answer. */
static int
attempt(const struct server *s, const char *from, const char *user, const char *pass,
	struct http_res *res)
{
	struct session sess;
	int status = sign_in_from(s, from, user, pass, lang, &sess, res);
	assert_true(status > 0);
	return status;
}

/* Asserts a 401 (a checked, wrong password) and frees the answer. */
static void
expect_wrong(const struct server *s, const char *from, const char *user)
{
	struct http_res res;
	int status = attempt(s, from, user, WRONG, &res);
	if (status != 401)
		fail_msg("%s from %s: %d, want 401", user, from, status);
	assert_true(res_contains(&res, "Wrong username or password."));
	http_res_free(&res);
}

/* Asserts a 429 that says to wait `secs` seconds, in its Retry-After and in
 * words, and that no session was made. */
static void
expect_wait(const struct server *s, const char *from, const char *user, const char *pass,
	    const char *secs, const char *words)
{
	struct http_res res;
	int status = attempt(s, from, user, pass, &res);
	if (status != 429)
		fail_msg("%s from %s: %d, want 429", user, from, status);
	assert_string_equal(res_header(&res, "Retry-After"), secs);
	char *msg = text_after(res.body, "id=\"login-error\">", '<');
	assert_non_null(msg);
	assert_string_equal(msg, words);
	free(msg);
	assert_null(res_set_cookie(&res, SESSION_COOKIE));
	http_res_free(&res);
}

/* Asserts a 429 without a session, however long the wait has left. */
static void
expect_still_waiting(const struct server *s, const char *from, const char *user, const char *pass)
{
	struct http_res res;
	int status = attempt(s, from, user, pass, &res);
	if (status != 429)
		fail_msg("%s from %s: %d, want 429", user, from, status);
	assert_non_null(res_header(&res, "Retry-After"));
	assert_true(res_contains(&res, "Too many attempts; try again in "));
	assert_null(res_set_cookie(&res, SESSION_COOKIE));
	http_res_free(&res);
}

/* Asserts a 303 with a session. */
static void
expect_signed_in(const struct server *s, const char *from, const char *user)
{
	struct http_res res;
	int status = attempt(s, from, user, PASSWORD, &res);
	if (status != 303)
		fail_msg("%s from %s with the right password: %d, want 303", user, from, status);
	assert_non_null(res_set_cookie(&res, SESSION_COOKIE));
	http_res_free(&res);
}

/* The number of auth.signin audit entries of user with that outcome. */
static int
audit_count(const struct server *s, const char *user, const char *outcome)
{
	struct session admin;
	assert_int_equal(sign_in(s, ADMIN_USER, ADMIN_PASSWORD, &admin), 0);
	char path[256];
	snprintf(path, sizeof path, "/api/v1/audit?action=auth.signin&user=%s&per_page=200", user);
	struct http_res res;
	assert_int_equal(http_get(s, path, admin.cookie, &res), 0);
	assert_int_equal(res.status, 200);
	json_t *j = res_json(&res);
	assert_non_null(j);
	int n = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *u = json_string_value(json_object_get(it, "user"));
		const char *o = json_string_value(json_object_get(it, "outcome"));
		if (u != NULL && o != NULL && strcmp(u, user) == 0 && strcmp(o, outcome) == 0)
			n++;
	}
	json_decref(j);
	http_res_free(&res);
	return n;
}

static void
test_wrong_passwords_make_the_next_attempt_wait_longer(void **state)
{
	struct server *s = *state;
	assert_int_equal(cli_user_add(s, "kari", "Kari Nordmann", "contact", PASSWORD), 0);

	/* Three failures from one address are free; the next attempt waits 1 s. */
	expect_wrong(s, "127.0.0.2", "kari");
	expect_wrong(s, "127.0.0.2", "kari");
	align_to_second();
	expect_wrong(s, "127.0.0.2", "kari");
	expect_wait(s, "127.0.0.2", "kari", WRONG, "1", "Too many attempts; try again in 1 second.");
	/* The right password waits as well: it is not even checked. In Bokmål: */
	lang = "nb";
	expect_wait(s, "127.0.0.2", "kari", PASSWORD, "1", "For mange forsøk. Prøv igjen om 1 sekund.");
	lang = "en";

	/* Once the wait is over, the next failure doubles it. */
	align_to_second();
	expect_wrong(s, "127.0.0.2", "kari");
	expect_wait(s, "127.0.0.2", "kari", WRONG, "2", "Too many attempts; try again in 2 seconds.");

	/* Kari, on her own address, is not held up by any of it. */
	expect_signed_in(s, "127.0.0.1", "kari");

	assert_int_equal(audit_count(s, "kari", "failed"), 4);
	assert_int_equal(audit_count(s, "kari", "rate-limited"), 3);
	assert_int_equal(audit_count(s, "kari", "ok"), 1);
}

static void
test_many_strangers_cannot_lock_a_user_out(void **state)
{
	struct server *s = *state;
	assert_int_equal(cli_user_add(s, "ola", "Ola Nordmann", "contact", PASSWORD), 0);
	static const char *const strangers[] = {"127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"};

	/* Four addresses, three failures each: twelve failures on the account,
	 * two past its ten free ones, so every address that has failed on it
	 * now waits 2^2 = 4 s. */
	for (int i = 0; i < 4; i++) {
		expect_wrong(s, strangers[i], "ola");
		expect_wrong(s, strangers[i], "ola");
		if (i == 3)
			align_to_second();
		expect_wrong(s, strangers[i], "ola");
	}
	expect_wait(s, "127.0.0.3", "ola", WRONG, "4", "Too many attempts; try again in 4 seconds.");

	/* Ola, from an address that has not failed on the account, is let in. */
	expect_signed_in(s, "127.0.0.1", "ola");
	expect_signed_in(s, "127.0.0.7", "ola");
	/* The strangers still wait: Ola's sign-in forgave only Ola's address. */
	expect_still_waiting(s, "127.0.0.6", "ola", PASSWORD);
}

static void
test_a_spraying_colleague_does_not_lock_out_the_office(void **state)
{
	struct server *s = *state;
	assert_int_equal(cli_user_add(s, "per", "Per Hansen", "contact", PASSWORD), 0);
	const char *office = "127.0.0.8";

	/* One wrong password on each of 21 accounts: one past the address's 20
	 * free failures. None of them waits: each account failed only once. */
	for (int i = 1; i <= 21; i++) {
		char user[32];
		snprintf(user, sizeof user, "spray%02d", i);
		expect_wrong(s, office, user);
	}
	/* Two more on spray01 make it three; the next waits for the address:
	 * 23 failures, 2^3 = 8 s (the pair's own wait is 1 s). */
	expect_wrong(s, office, "spray01");
	align_to_second();
	expect_wrong(s, office, "spray01");
	expect_wait(s, office, "spray01", WRONG, "8", "Too many attempts; try again in 8 seconds.");

	/* Per, behind the same address, signs in at once. */
	expect_signed_in(s, office, "per");
}

/* ---- attempts sent at once ---- */

#define PARALLEL 8

struct racer {
	const struct server *s;
	pthread_barrier_t *start;
	char body[512];
	char cookie[256];
	long status;
};

static void *
race(void *p)
{
	struct racer *r = p;
	struct http_req q = {.path = "/login", .body = r->body, .body_len = -1, .cookie = r->cookie,
			     .from = "127.0.0.9"};
	struct http_res res;
	pthread_barrier_wait(r->start);
	if (http_send(r->s, &q, &res) == 0) {
		r->status = res.status;
		http_res_free(&res);
	}
	return NULL;
}

static void
test_attempts_sent_at_once_are_checked_one_at_a_time(void **state)
{
	struct server *s = *state;
	struct racer racers[PARALLEL];
	pthread_barrier_t start;
	assert_int_equal(pthread_barrier_init(&start, NULL, PARALLEL), 0);
	for (int i = 0; i < PARALLEL; i++) {
		struct http_res res;
		struct http_req q = {.path = "/login", .body_len = -1, .from = "127.0.0.9"};
		assert_int_equal(http_send(s, &q, &res), 0);
		char *csrf = page_csrf(res.body);
		char *pre = res_cookie_value(&res, PRE_COOKIE);
		assert_non_null(csrf);
		assert_non_null(pre);
		http_res_free(&res);
		racers[i] = (struct racer){.s = s, .start = &start, .status = 0};
		snprintf(racers[i].body, sizeof racers[i].body,
			 "csrf=%s&username=racer&password=wrong+password+here", csrf);
		snprintf(racers[i].cookie, sizeof racers[i].cookie, "%s=%s", PRE_COOKIE, pre);
		free(csrf);
		free(pre);
	}
	align_to_second();
	pthread_t th[PARALLEL];
	for (int i = 0; i < PARALLEL; i++)
		assert_int_equal(pthread_create(&th[i], NULL, race, &racers[i]), 0);
	for (int i = 0; i < PARALLEL; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);

	/* Three are checked (the free failures); the other five find them
	 * written and wait, though all eight arrived before any was checked. */
	int checked = 0, waited = 0;
	for (int i = 0; i < PARALLEL; i++) {
		if (racers[i].status == 401)
			checked++;
		else if (racers[i].status == 429)
			waited++;
		else
			fail_msg("racer %d: %ld", i, racers[i].status);
	}
	assert_int_equal(checked, 3);
	assert_int_equal(waited, 5);
	assert_int_equal(audit_count(s, "racer", "failed"), 3);
	assert_int_equal(audit_count(s, "racer", "rate-limited"), 5);
}

static int
setup(void **state)
{
	return group_server_setup(state, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrong_passwords_make_the_next_attempt_wait_longer),
		cmocka_unit_test(test_many_strangers_cannot_lock_a_user_out),
		cmocka_unit_test(test_a_spraying_colleague_does_not_lock_out_the_office),
		cmocka_unit_test(test_attempts_sent_at_once_are_checked_one_at_a_time),
	};
	return harness_status(cmocka_run_group_tests(tests, setup, group_server_teardown));
}
