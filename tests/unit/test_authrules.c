/*
 * test_authrules.c — table-driven tests of the sign-in rules
 * (src/domain/authrules.c): password policy, username and display-name
 * shape, the rate-limit decision and session expiry boundaries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/authrules.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define REQUIRED "This field is required."
#define PW_SHORT "Password must be at least 12 characters."
#define PW_LONG "Password must be at most 1024 characters."
#define PW_BAD_TEXT "Password contains characters that are not valid text."
#define PW_USERNAME "Password must not be the username."

/* A string of n copies of c, in a static buffer per slot. */
static char *
repeat(int slot, char c, size_t n)
{
	static char bufs[4][2048];
	assert_true(n < sizeof bufs[0]);
	memset(bufs[slot], c, n);
	bufs[slot][n] = '\0';
	return bufs[slot];
}

/* ---- password policy ---- */

struct pw_row {
	const char *password;
	const char *username;
	const char *reason;   /* NULL: accepted */
};

static const struct pw_row pw_rows[] = {
	{ NULL, "kari", REQUIRED },
	{ "", "kari", REQUIRED },
	{ "abcdefghijk", "kari", PW_SHORT },                  /* 11 */
	{ "abcdefghijkl", "kari", NULL },                     /* 12 */
	{ "abcdefghijkl", NULL, NULL },                       /* no username */
	{ "correct horse battery staple", "kari", NULL },
	/* characters are code points, not bytes */
	{ "æøåæøåæøåæøå", "kari", NULL },                     /* 12 chars, 24 bytes */
	{ "æøåæøåæøåæø", "kari", PW_SHORT },                  /* 11 chars, 22 bytes */
	{ "😀😀😀😀😀😀😀😀😀😀😀😀", "kari", NULL },         /* 12 chars, 48 bytes */
	{ "😀😀😀😀😀😀😀😀😀😀😀", "kari", PW_SHORT },       /* 11 chars, 44 bytes */
	/* invalid UTF-8 */
	{ "abcdefghijkl\xff", "kari", PW_BAD_TEXT },
	{ "abcdefghijkl\x80", "kari", PW_BAD_TEXT },
	{ "abcdefghijk\xc3", "kari", PW_BAD_TEXT },           /* truncated */
	{ "abcdefghijk\xc3(", "kari", PW_BAD_TEXT },          /* bad continuation */
	{ "abcdefghijkl\xc0\xaf", "kari", PW_BAD_TEXT },      /* overlong 2-byte */
	{ "abcdefghijkl\xe0\x80\xaf", "kari", PW_BAD_TEXT },  /* overlong 3-byte */
	{ "abcdefghijkl\xf0\x80\x80\xaf", "kari", PW_BAD_TEXT }, /* overlong 4-byte */
	{ "abcdefghijkl\xed\xa0\x80", "kari", PW_BAD_TEXT },  /* surrogate */
	{ "abcdefghijkl\xf4\x90\x80\x80", "kari", PW_BAD_TEXT }, /* > U+10FFFF */
	/* equal to the username, in any case */
	{ "kari.nordmann", "kari.nordmann", PW_USERNAME },
	{ "Kari.Nordmann", "kari.nordmann", PW_USERNAME },
	{ "kari.nordmann1", "kari.nordmann", NULL },
};

static void
check_pw(size_t row, const char *password, const char *username, const char *want)
{
	const char *reason = NULL;
	int rc = password_policy_check(password, username, &reason);
	if (want == NULL) {
		if (rc != SC_OK)
			fail_msg("row %zu: rejected (%s), want accepted", row, reason);
	} else {
		if (rc != SC_EINVAL)
			fail_msg("row %zu: rc %d, want SC_EINVAL (%s)", row, rc, want);
		assert_non_null(reason);
		assert_string_equal(reason, want);
	}
}

static void
test_password_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(pw_rows); i++)
		check_pw(i, pw_rows[i].password, pw_rows[i].username, pw_rows[i].reason);
}

static void
test_password_length_limit(void **state)
{
	(void)state;
	check_pw(1000, repeat(0, 'a', PASSWORD_MAX_BYTES), "kari", NULL);
	check_pw(1001, repeat(0, 'a', PASSWORD_MAX_BYTES + 1), "kari", PW_LONG);
	check_pw(1002, repeat(0, 'a', 2000), "kari", PW_LONG);
	/* the limit is in bytes: 512 two-byte characters fit, 513 do not */
	char pw[2048] = "";
	for (int i = 0; i < 512; i++)
		strcat(pw, "æ");
	check_pw(1003, pw, "kari", NULL);
	strcat(pw, "æ");
	check_pw(1004, pw, "kari", PW_LONG);
}

/* ---- usernames ---- */

struct text_row {
	const char *in;
	int rc;
};

static const struct text_row username_rows[] = {
	{ NULL, SC_EINVAL },
	{ "", SC_EINVAL },
	{ "a", SC_EINVAL },
	{ "ab", SC_OK },
	{ "kari", SC_OK },
	{ "kari.nordmann", SC_OK },
	{ "k_n-2", SC_OK },
	{ "a1", SC_OK },
	{ "1abc", SC_EINVAL },
	{ ".abc", SC_EINVAL },
	{ "-abc", SC_EINVAL },
	{ "_abc", SC_EINVAL },
	{ "Kari", SC_EINVAL },
	{ "kAri", SC_EINVAL },
	{ "kari nordmann", SC_EINVAL },
	{ "kari@example", SC_EINVAL },
	{ "kari/../x", SC_EINVAL },
	{ "kåre", SC_EINVAL },
	{ "åse", SC_EINVAL },
	{ "kari\n", SC_EINVAL },
	{ "kari'--", SC_EINVAL },
};

static void
test_username_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(username_rows); i++) {
		const char *reason = NULL;
		int rc = username_validate(username_rows[i].in, &reason);
		if (rc != username_rows[i].rc)
			fail_msg("row %zu \"%s\": rc %d, want %d", i,
				 username_rows[i].in ? username_rows[i].in : "(null)", rc,
				 username_rows[i].rc);
		if (rc != SC_OK)
			assert_non_null(reason);
	}
	const char *reason = NULL;
	assert_int_equal(username_validate(repeat(0, 'a', 64), &reason), SC_OK);
	assert_int_equal(username_validate(repeat(0, 'a', 65), &reason), SC_EINVAL);
	assert_string_equal(reason, "Username must be 2 to 64 characters.");
	assert_int_equal(username_validate("1a", &reason), SC_EINVAL);
	assert_string_equal(reason, "Username must start with a letter a-z.");
	assert_int_equal(username_validate("", &reason), SC_EINVAL);
	assert_string_equal(reason, REQUIRED);
}

/* ---- display names ---- */

static const struct text_row display_rows[] = {
	{ NULL, SC_EINVAL },
	{ "", SC_EINVAL },
	{ "K", SC_OK },
	{ "Kari Nordmann", SC_OK },
	{ "Åse Ødegård-Ærø", SC_OK },
	{ "O'Brien <admin>", SC_OK },    /* escaped on output, not refused */
	{ "李小龙", SC_OK },
	{ "a\tb", SC_EINVAL },
	{ "a\nb", SC_EINVAL },
	{ "a\rb", SC_EINVAL },
	{ "\x1b[31mred", SC_EINVAL },
	{ "del\x7f", SC_EINVAL },
	{ "bad\xff", SC_EINVAL },
	{ "bad\xc3", SC_EINVAL },
	{ "bad\xe0\x80\xaf", SC_EINVAL },   /* overlong */
	{ "bad\xed\xa0\x80", SC_EINVAL },   /* surrogate */
};

static void
test_display_name_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(display_rows); i++) {
		const char *reason = NULL;
		int rc = display_name_validate(display_rows[i].in, &reason);
		if (rc != display_rows[i].rc)
			fail_msg("row %zu: rc %d, want %d", i, rc, display_rows[i].rc);
		if (rc != SC_OK)
			assert_non_null(reason);
	}
	const char *reason = NULL;
	assert_int_equal(display_name_validate(repeat(0, 'x', 120), &reason), SC_OK);
	assert_int_equal(display_name_validate(repeat(0, 'x', 121), &reason), SC_EINVAL);
	assert_string_equal(reason, "Name must be at most 120 characters.");
	/* 120 is bytes: 60 two-byte letters fit, 61 do not */
	char name[256] = "";
	for (int i = 0; i < 60; i++)
		strcat(name, "ø");
	assert_int_equal(display_name_validate(name, &reason), SC_OK);
	strcat(name, "ø");
	assert_int_equal(display_name_validate(name, &reason), SC_EINVAL);
}

/* ---- rate limit ---- */

struct rl_row {
	int failures, max;
	int64_t oldest_ago;    /* seconds before now */
	int64_t window;
	bool blocked;
	int retry_minutes;
};

static const struct rl_row rl_rows[] = {
	{ 0, 5, 0, 900, false, 0 },
	{ 4, 5, 100, 900, false, 0 },          /* below max */
	{ 5, 5, 0, 900, true, 15 },            /* at max, just now: whole window */
	{ 5, 5, 60, 900, true, 14 },           /* 840 s left */
	{ 5, 5, 100, 900, true, 14 },          /* 800 s left: rounds up */
	{ 5, 5, 841, 900, true, 1 },           /* 59 s left */
	{ 5, 5, 840, 900, true, 1 },           /* 60 s left */
	{ 5, 5, 839, 900, true, 2 },           /* 61 s left */
	{ 5, 5, 899, 900, true, 1 },           /* 1 s left: at least 1 minute */
	{ 5, 5, 900, 900, false, 0 },          /* window passed exactly */
	{ 5, 5, 5000, 900, false, 0 },
	{ 30, 5, 10, 900, true, 15 },          /* above max */
	{ 20, 20, 0, 86400, true, 1440 },
	{ 1, 1, 0, 1, true, 1 },
};

static void
test_ratelimit_rows(void **state)
{
	(void)state;
	const int64_t now = 1700000000;
	for (size_t i = 0; i < NELEM(rl_rows); i++) {
		const struct rl_row *r = &rl_rows[i];
		struct ratelimit_decision d =
			ratelimit_decide(r->failures, r->max, now - r->oldest_ago, r->window, now);
		if (d.blocked != r->blocked || (r->blocked && d.retry_minutes != r->retry_minutes))
			fail_msg("row %zu: blocked %d retry %d, want %d retry %d", i, d.blocked,
				 d.retry_minutes, r->blocked, r->retry_minutes);
		if (d.blocked)
			assert_true(d.retry_minutes >= 1);
	}
}

/* ---- sessions ---- */

struct expiry_row {
	int64_t age;       /* now - created */
	int64_t idle;      /* now - last_seen */
	bool expired;
};

static const struct expiry_row expiry_rows[] = {
	{ 0, 0, false },
	{ 1799, 1799, false },
	{ 1800, 1800, true },      /* the idle limit itself ends the session */
	{ 43199, 0, false },
	{ 43199, 1799, false },
	{ 43200, 0, true },        /* the absolute limit, though just used */
	{ 50000, 10, true },
	{ 100, 5000, true },
};

static void
test_session_expired_rows(void **state)
{
	(void)state;
	const int64_t now = 1700000000;
	for (size_t i = 0; i < NELEM(expiry_rows); i++) {
		const struct expiry_row *r = &expiry_rows[i];
		bool got = session_expired(now - r->age, now - r->idle, now, 1800, 43200);
		if (got != r->expired)
			fail_msg("row %zu: expired %d, want %d", i, got, r->expired);
	}
}

struct touch_row {
	int64_t since;     /* now - last_seen */
	int64_t idle_timeout;
	bool touch;
};

static const struct touch_row touch_rows[] = {
	{ 0, 1800, false },
	{ 59, 1800, false },
	{ 60, 1800, true },        /* SESSION_TOUCH_INTERVAL */
	{ 600, 1800, true },
	{ 59, 240, false },        /* a quarter is 60: the same */
	{ 60, 240, true },
	{ 24, 100, false },        /* a quarter (25) is shorter than 60 */
	{ 25, 100, true },
	{ 0, 1, true },            /* quarter of 1 s is 0: always */
};

static void
test_session_needs_touch_rows(void **state)
{
	(void)state;
	const int64_t now = 1700000000;
	for (size_t i = 0; i < NELEM(touch_rows); i++) {
		const struct touch_row *r = &touch_rows[i];
		bool got = session_needs_touch(now - r->since, now, r->idle_timeout);
		if (got != r->touch)
			fail_msg("row %zu: touch %d, want %d", i, got, r->touch);
	}
}

/* A touched session is touched well before it could expire idle. */
static void
test_touch_before_idle_expiry(void **state)
{
	(void)state;
	for (int64_t idle = 4; idle <= 7200; idle += 13) {
		int64_t since = 0;
		while (!session_needs_touch(1000000 - since, 1000000, idle))
			since++;
		assert_true(since < idle);
		assert_false(session_expired(1000000 - since, 1000000 - since, 1000000, idle, idle * 10));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_rows),
		cmocka_unit_test(test_password_length_limit),
		cmocka_unit_test(test_username_rows),
		cmocka_unit_test(test_display_name_rows),
		cmocka_unit_test(test_ratelimit_rows),
		cmocka_unit_test(test_session_expired_rows),
		cmocka_unit_test(test_session_needs_touch_rows),
		cmocka_unit_test(test_touch_before_idle_expiry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
