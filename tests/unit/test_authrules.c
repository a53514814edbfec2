/*
 * test_authrules.c — table-driven tests of the sign-in rules
 * (src/domain/authrules.c): password policy, username and display-name
 * shape, sign-in throttling (with the worst case per hour) and session expiry
 * boundaries.
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
#define PW_SPACES "Password must not be only spaces."
#define PW_ONE_CHAR "Password must not be one character repeated."
#define PW_USERNAME_AGAIN "Password must not be the username repeated."
#define PW_COMMON "Password is one of the most common passwords; choose another."
#define PW_SEASON "Password must not be a season and a year, such as Sommer2026!!."
#define PW_MOSTLY_ONE "Password must not be mostly one character, in any case."
#define PW_PATTERN "Password must not be a short pattern repeated, such as abcabcabcabc."
#define PW_RUN "Password must not be mostly letters or digits in order, such as abcdefgh or 98765432."

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
	{ "abcdefghijkm", "kari", PW_RUN },                   /* 12 */
	{ "kbcdefghijkl", NULL, PW_RUN },                     /* no username */
	{ "ab1cd2ef3gh4", "kari", NULL },                     /* 12 */
	{ "ab1cd2ef3gh4", NULL, NULL },                       /* no username */
	{ "correct horse battery staple", "kari", NULL },
	/* characters are code points, not bytes */
	{ "ææøøååøøææåå", "kari", NULL },                     /* 12 chars, 24 bytes */
	{ "æøåæøåæøåæø", "kari", PW_SHORT },                  /* 11 chars, 22 bytes */
	{ "😀😁😂😃😄😅😆😇😈😉😊😋", "kari", NULL },         /* 12 chars, 48 bytes */
	{ "😀😁😀😁😀😁😀😁😀😁😀", "kari", PW_SHORT },       /* 11 chars, 44 bytes */
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
	/* only white space: the space bar, a tab, a no-break space, an
	 * ideographic space; spaces inside a phrase are fine */
	{ "            ", "kari", PW_SPACES },                /* 12 spaces */
	{ "           ", "kari", PW_SHORT },                  /* 11: the length first */
	{ " \t \t \t \t \t \t", "kari", PW_SPACES },
	{ "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0 \xE3\x80\x80 \xE3\x80\x80  ", "kari", PW_SPACES },
	{ "  a b c d e ", "kari", PW_MOSTLY_ONE },            /* 7 spaces of 12 */
	{ "ord  og  ord", "kari", NULL },
	{ "ord og ord og", "kari", NULL },                    /* 3 spaces, 4 o of 13 */
	{ "   x        ", "kari", PW_MOSTLY_ONE },
	/* one character repeated, a letter, a digit, a sign, beyond ASCII */
	{ "aaaaaaaaaaaa", "kari", PW_ONE_CHAR },
	{ "AAAAAAAAAAAAAAAAAAAA", "kari", PW_ONE_CHAR },
	{ "111111111111", "kari", PW_ONE_CHAR },
	{ "!!!!!!!!!!!!", "kari", PW_ONE_CHAR },
	{ "øøøøøøøøøøøø", "kari", PW_ONE_CHAR },
	{ "😀😀😀😀😀😀😀😀😀😀😀😀", "kari", PW_ONE_CHAR },
	{ "aaaaaaaaaaa", "kari", PW_SHORT },                  /* 11 */
	/* one character more than half of it, in any case */
	{ "aaaaaaaaaaaA", "kari", PW_MOSTLY_ONE },            /* case does not make two */
	{ "AaAaAaAaAaAa", "kari", PW_MOSTLY_ONE },
	{ "aaaaaaaaaaab", "kari", PW_MOSTLY_ONE },
	{ "aaaaaaab1234", "kari", PW_MOSTLY_ONE },            /* 7 of 12 */
	{ "aaaaaab12345", "kari", NULL },                     /* 6 of 12: half is not most */
	{ "xaxaxaxaxaxa b", "kari", NULL },                   /* 6 of 14 (a pattern, not repeated to the end) */
	{ "ØøØøØøØøØøØø", "kari", PW_MOSTLY_ONE },            /* Latin-1 letters fold too */
	{ "1111111111112", "kari", PW_MOSTLY_ONE },
	/* a pattern of 2 to 4 characters repeated, in any case, a beginning left over */
	{ "abcabcabcabc", "kari", PW_PATTERN },
	{ "AbcaBcabCabc", "kari", PW_PATTERN },
	{ "abababababab", "kari", PW_PATTERN },               /* two: a is only half */
	{ "abcdabcdabcd", "kari", PW_PATTERN },
	{ "abcdabcdabcdab", "kari", PW_PATTERN },             /* and a beginning */
	{ "12!12!12!12!", "kari", PW_PATTERN },
	{ "øæøæøæøæøæøæ", "kari", PW_PATTERN },
	{ "abcdeabcdeabcde", "kari", NULL },                  /* five: too long a pattern */
	{ "abcabcabcabd", "kari", NULL },                     /* the last differs */
	{ "abcabc abcabc", "kari", NULL },                    /* a space between */
	/* mostly one run of letters or digits in order, up or down */
	{ "abcdefghijkl", "kari", PW_RUN },
	{ "ABCDEFGHIJKL", "kari", PW_RUN },
	{ "AbCdEfGhIjKl", "kari", PW_RUN },
	{ "zyxwvutsrqpo", "kari", PW_RUN },
	{ "234567890123", "kari", PW_RUN },                   /* 0 after 9, as on a keyboard */
	{ "987654321098", "kari", PW_RUN },
	{ "0987654321!!", "kari", PW_RUN },
	{ "abcdefg!#%&/", "kari", PW_RUN },                   /* 7 of 12 */
	{ "abcdef!#%&/(", "kari", NULL },                     /* 6 of 12: half is not most */
	{ "abcdef123456", "kari", NULL },                     /* two runs of half each */
	{ "xyzabcdefghi", "kari", PW_RUN },                   /* z to a does not run on: 9 */
	{ "my abc is a long one", "kari", NULL },             /* a short run inside */
	{ "123 Tre små griser", "kari", NULL },
	{ "Abc!def9Ghi#", "kari", NULL },
	/* the username repeated, in any case, what is left over its beginning */
	{ "laerer2laerer2", "laerer2", PW_USERNAME_AGAIN },
	{ "LAERER2laerer2", "laerer2", PW_USERNAME_AGAIN },
	{ "laerer2laerer2laerer2", "laerer2", PW_USERNAME_AGAIN },
	{ "laerer2laere", "laerer2", PW_USERNAME_AGAIN },      /* 12: and a beginning */
	{ "karikarikari", "kari", PW_USERNAME_AGAIN },
	{ "laerer2laerer3", "laerer2", NULL },
	{ "laerer2 laerer2", "laerer2", NULL },               /* a space between */
	{ "laerer2laerer2", NULL, NULL },                     /* no username yet */
	{ "laerer2laerer2", "kari", NULL },
	/* the username inside a longer phrase is fine */
	{ "laerer2 sitt lange passord", "laerer2", NULL },
	{ "mitt passord er laerer2laerer2!", "laerer2", NULL },
	{ "kari.nordmann", "kari.nordman", NULL },            /* not a repetition */
	/* the most common passwords, in any case */
	{ "password1234", "kari", PW_COMMON },
	{ "Password1234", "kari", PW_COMMON },
	{ "123456789012", "kari", PW_COMMON },
	{ "qwertyuiopas", "kari", PW_COMMON },
	{ "QWERTYUIOPAS", "kari", PW_COMMON },
	{ "passord12345", "kari", PW_COMMON },
	{ "secondchance", "kari", PW_COMMON },
	{ "SecondChance", "kari", PW_COMMON },
	{ "password12345", "kari", NULL },                    /* not on the list */
	{ "secondchance is fine here", "kari", NULL },
	/* a season and a year */
	{ "sommer2026!!", "kari", PW_SEASON },
	{ "Sommer2026!!", "kari", PW_SEASON },
	{ "VINTER2025!!", "kari", PW_SEASON },
	{ "Høst2026!!!!", "kari", PW_SEASON },
	{ "HØST-2026!!!", "kari", PW_SEASON },
	{ "vår2026.2027", "kari", PW_SEASON },
	{ "summer2026!!", "kari", PW_SEASON },
	{ "winter2026#1", "kari", PW_SEASON },
	{ "sommer2026!", "kari", PW_SHORT },                  /* 11 */
	{ "sommer 2026!!", "kari", NULL },                    /* a space: a phrase */
	{ "sommer2026ja", "kari", NULL },                     /* a word after */
	{ "sommerfugl2026", "kari", NULL },
	{ "en sommer2026!", "kari", NULL },
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
	/* a phrase repeated: neither mostly one character nor a short pattern */
	static const char phrase[] = "correct horse battery staple ";
	char *at_limit = repeat(0, 'a', PASSWORD_MAX_BYTES);
	for (size_t i = 0; i < PASSWORD_MAX_BYTES; i++)
		at_limit[i] = phrase[i % (sizeof phrase - 1)];
	check_pw(1000, at_limit, "kari", NULL);
	check_pw(1001, repeat(0, 'a', PASSWORD_MAX_BYTES + 1), "kari", PW_LONG);
	check_pw(1002, repeat(0, 'a', 2000), "kari", PW_LONG);
	/* the limit is in bytes: 512 two-byte characters fit, 513 do not */
	char pw[2048] = "";
	static const char *const five[] = {"æ", "ø", "å", "é", "ü"};   /* no pattern of 4 or fewer */
	for (int i = 0; i < 512; i++)
		strcat(pw, five[i % 5]);
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

/* ---- sign-in throttling ---- */

static const struct throttle_policy defaults = {3, 10, 20, 900};

struct delay_row {
	int64_t failures;
	int free_failures;
	int64_t max_delay;
	int64_t delay;
};

static const struct delay_row delay_rows[] = {
	{ 0, 3, 900, 0 },
	{ 2, 3, 900, 0 },              /* below the free failures */
	{ 3, 3, 900, 1 },              /* then 1, 2, 4 ... seconds */
	{ 4, 3, 900, 2 },
	{ 5, 3, 900, 4 },
	{ 12, 3, 900, 512 },
	{ 13, 3, 900, 900 },           /* 1024 is more than the cap */
	{ 14, 3, 900, 900 },
	{ 63, 0, 900, 900 },           /* 2^63 would overflow */
	{ 64, 0, 900, 900 },
	{ INT64_MAX, 3, 900, 900 },
	{ 0, 0, 900, 1 },              /* nothing free: the first failure already costs */
	{ 1, 0, 900, 2 },
	{ 10, 10, 1, 1 },
	{ 11, 10, 1, 1 },
	{ 30, 10, 86400, 86400 },      /* 2^20 s capped at a day */
	{ 26, 10, 86400, 65536 },
};

static void
test_throttle_delay_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(delay_rows); i++) {
		const struct delay_row *r = &delay_rows[i];
		int64_t got = throttle_delay(r->failures, r->free_failures, r->max_delay);
		if (got != r->delay)
			fail_msg("row %zu: delay %lld, want %lld", i, (long long)got, (long long)r->delay);
	}
}

/* Counts and how long ago (seconds) their latest failure was. */
struct wait_row {
	int64_t pair, pair_ago;
	int64_t account, account_ago;
	int64_t address, address_ago;
	int64_t wait;
	const char *why;
};

static const struct wait_row wait_rows[] = {
	{ 0, 0, 0, 0, 0, 0, 0, "nothing failed" },
	{ 2, 0, 2, 0, 2, 0, 0, "two failures are free" },
	/* a trusted address is let through whatever others did */
	{ 0, 0, 5000, 0, 0, 0, 0, "the account is under attack from elsewhere" },
	{ 2, 0, 5000, 0, 5000, 0, 0, "and this address sprays, but failed on it only twice" },
	{ 0, 0, 0, 0, 100000, 0, 0, "the office's address failed on other accounts" },
	/* the pair's own delay */
	{ 3, 0, 3, 0, 3, 0, 1, "the third failure: 1 s" },
	{ 3, 1, 3, 1, 3, 1, 0, "and a second later it has passed" },
	{ 4, 0, 4, 0, 4, 0, 2, "the fourth: 2 s" },
	{ 4, 1, 4, 1, 4, 1, 1, "" },
	{ 4, 2, 4, 2, 4, 2, 0, "" },
	{ 12, 0, 12, 0, 12, 0, 512, "" },
	{ 13, 0, 13, 0, 13, 0, 900, "capped" },
	{ 13, 899, 13, 899, 13, 899, 1, "" },
	{ 13, 900, 13, 900, 13, 900, 0, "the cap has passed" },
	{ 1000000, 0, 1000000, 0, 1000000, 0, 900, "many failures: still the cap" },
	/* the account's delay, shared by addresses that failed on it */
	{ 3, 60, 14, 0, 3, 60, 16, "account: 14 failures, 2^4 s" },
	{ 3, 60, 14, 16, 3, 60, 0, "" },
	{ 3, 60, 9, 0, 3, 60, 0, "below its free failures" },
	{ 3, 60, 10, 0, 3, 60, 1, "at its free failures" },
	/* the address's delay, shared by accounts it failed on */
	{ 3, 60, 3, 60, 25, 0, 32, "address: 25 failures, 2^5 s" },
	{ 3, 60, 3, 60, 25, 40, 0, "" },
	{ 3, 60, 3, 60, 19, 0, 0, "below its free failures" },
	/* the longest of the three */
	{ 6, 0, 11, 0, 22, 0, 8, "pair 8, account 2, address 4" },
	{ 6, 5, 11, 0, 22, 0, 4, "pair 3, account 2, address 4" },
	{ 6, 5, 11, 0, 22, 3, 3, "pair 3, account 2, address 1" },
};

static void
test_throttle_wait_rows(void **state)
{
	(void)state;
	const int64_t now = 1700000000;
	for (size_t i = 0; i < NELEM(wait_rows); i++) {
		const struct wait_row *r = &wait_rows[i];
		struct throttle_counts c = {r->pair, now - r->pair_ago, r->account, now - r->account_ago,
					    r->address, now - r->address_ago};
		int64_t got = throttle_wait(&defaults, &c, now);
		if (got != r->wait)
			fail_msg("row %zu (%s): wait %lld, want %lld", i, r->why, (long long)got,
				 (long long)r->wait);
	}
	/* Nothing free: even the first failure makes the next attempt wait. */
	struct throttle_policy strict = {0, 10, 20, 900};
	struct throttle_counts none = {0, 0, 0, 0, 0, 0};
	assert_int_equal(throttle_wait(&strict, &none, now), 0);
	struct throttle_counts one = {1, now, 1, now, 1, now};
	assert_int_equal(throttle_wait(&strict, &one, now), 2);
	assert_int_equal(throttle_wait(&strict, &one, now + 1), 1);
	assert_int_equal(throttle_wait(&strict, &one, now + 2), 0);
}

/* An attacker's attempts over time, each at the first second it is let
 * through; returns how many fell inside [from, to). Failures are kept in
 * the counts for the whole run (the window is a day). */
struct attacker {
	int naddr;
	int64_t pair[64], pair_latest[64];
	int64_t account, account_latest;
};

static int
attack(struct attacker *at, int64_t from, int64_t to)
{
	int n = 0;
	for (int64_t t = from; t < to; t++) {
		for (int a = 0; a < at->naddr; a++) {
			for (int tries = 0;; tries++) {
				if (tries > 1000)
					fail_msg("at %lld s, address %d is never made to wait", (long long)t, a);
				/* One address per account here: its address count is its pair's. */
				struct throttle_counts c = {at->pair[a], at->pair_latest[a], at->account,
							    at->account_latest, at->pair[a], at->pair_latest[a]};
				if (throttle_wait(&defaults, &c, t) != 0)
					break;
				at->pair[a]++;
				at->pair_latest[a] = t;
				at->account++;
				at->account_latest = t;
				n++;
			}
		}
	}
	return n;
}

/*
 * The figure in docs/DECISIONS.md (24): guesses per hour at one account.
 * From one address: 3 free, then 1, 2, 4 ... 512 s apart (10 more by
 * 1023 s), then every 900 s: 15 in the first hour, 4 in each after. From A
 * addresses the account's own delay admits at most 22 guesses in any hour
 * beyond the 3 free ones of each address: at most 22 + 3A.
 */
static void
test_throttle_worst_case_per_hour(void **state)
{
	(void)state;
	struct attacker one = {.naddr = 1};
	assert_int_equal(attack(&one, 0, 3600), 15);
	assert_int_equal(attack(&one, 3600, 7200), 4);
	assert_int_equal(attack(&one, 7200, 86400), 4 * 22);

	for (int naddr = 2; naddr <= 64; naddr *= 2) {
		struct attacker many = {.naddr = naddr};
		int first = attack(&many, 0, 3600);
		if (first > 22 + 3 * naddr)
			fail_msg("%d addresses: %d guesses in the first hour, more than 22 + 3A", naddr, first);
		int second = attack(&many, 3600, 7200);
		if (second > 4)
			fail_msg("%d addresses: %d guesses in the second hour, more than 4", naddr, second);
	}
}

struct wait_text_row {
	int64_t seconds;
	int amount;
	bool minutes;
};

static const struct wait_text_row wait_text_rows[] = {
	{ 0, 1, false },
	{ 1, 1, false },
	{ 2, 2, false },
	{ 59, 59, false },
	{ 60, 1, true },
	{ 61, 2, true },
	{ 119, 2, true },
	{ 120, 2, true },
	{ 899, 15, true },
	{ 900, 15, true },
	{ 86400, 1440, true },
};

static void
test_throttle_wait_text_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(wait_text_rows); i++) {
		struct throttle_text t = throttle_wait_text(wait_text_rows[i].seconds);
		if (t.amount != wait_text_rows[i].amount || t.minutes != wait_text_rows[i].minutes)
			fail_msg("row %zu: %d %s, want %d %s", i, t.amount, t.minutes ? "min" : "s",
				 wait_text_rows[i].amount, wait_text_rows[i].minutes ? "min" : "s");
	}
}

/* ---- API token lifetime ---- */

#define LT_NUMBER "Lifetime must be a whole number of days."
#define LT_RANGE "Lifetime must be from 1 to 365 days."

struct lifetime_row {
	const char *text;
	int days;             /* when accepted */
	const char *reason;   /* NULL: accepted */
};

static const struct lifetime_row lifetime_rows[] = {
	{ NULL, 90, NULL },           /* not sent: the default */
	{ "", 90, NULL },             /* left empty: the default */
	{ "1", 1, NULL },
	{ "30", 30, NULL },
	{ "90", 90, NULL },
	{ "365", 365, NULL },
	{ "0365", 365, NULL },        /* leading zeros are still the number */
	{ "0", 0, LT_RANGE },
	{ "366", 0, LT_RANGE },
	{ "1000", 0, LT_RANGE },
	{ "999999999", 0, LT_RANGE },
	{ "99999999999999999999", 0, LT_RANGE },   /* would overflow */
	{ "-5", 0, LT_NUMBER },
	{ "+5", 0, LT_NUMBER },
	{ "1.5", 0, LT_NUMBER },
	{ "1e2", 0, LT_NUMBER },
	{ "30 days", 0, LT_NUMBER },
	{ " 30", 0, LT_NUMBER },
	{ "30 ", 0, LT_NUMBER },
	{ "abc", 0, LT_NUMBER },
	{ "\xd9\xa3", 0, LT_NUMBER },  /* an Arabic-Indic digit three */
};

static void
test_token_lifetime_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(lifetime_rows); i++) {
		const struct lifetime_row *r = &lifetime_rows[i];
		int days = -1;
		const char *reason = NULL;
		int rc = token_lifetime_parse(r->text, &days, &reason);
		if (r->reason == NULL) {
			if (rc != SC_OK || days != r->days)
				fail_msg("row %zu (%s): rc %d days %d, want %d", i, r->text ? r->text : "NULL",
					 rc, days, r->days);
		} else {
			if (rc != SC_EINVAL || reason == NULL || strcmp(reason, r->reason) != 0)
				fail_msg("row %zu (%s): rc %d reason %s, want %s", i, r->text, rc,
					 reason ? reason : "NULL", r->reason);
			assert_int_equal(days, -1);   /* untouched */
		}
	}
	assert_int_equal(TOKEN_LIFETIME_DEFAULT_DAYS, 90);
	assert_int_equal(TOKEN_LIFETIME_MAX_DAYS, 365);
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
		cmocka_unit_test(test_throttle_delay_rows),
		cmocka_unit_test(test_throttle_wait_rows),
		cmocka_unit_test(test_throttle_worst_case_per_hour),
		cmocka_unit_test(test_throttle_wait_text_rows),
		cmocka_unit_test(test_token_lifetime_rows),
		cmocka_unit_test(test_session_expired_rows),
		cmocka_unit_test(test_session_needs_touch_rows),
		cmocka_unit_test(test_touch_before_idle_expiry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
