/*
 * authrules.h — pure rules for accounts and sign-in: password policy,
 * username shape, sign-in throttling and session expiry.
 */
#ifndef SC_AUTHRULES_H
#define SC_AUTHRULES_H

#include <stdbool.h>
#include <stdint.h>

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024

/*
 * The one password rule (NIST SP 800-63B 5.1.1.2: length, and no password
 * an attacker tries first). 0 if password is acceptable for username (may
 * be NULL: none yet); else SC_EINVAL and *reason (an English msgid) says
 * why, the first that applies of: empty, over PASSWORD_MAX_BYTES, not valid
 * UTF-8, fewer than PASSWORD_MIN_CHARS characters (code points), only white
 * space, one character repeated, the username (any case), the username
 * repeated (any case; what is left over its beginning), one of a short list
 * of the most common passwords (any case), a season followed only by digits
 * and punctuation ("Sommer2026!!"), and then, ignoring the case of letters:
 * one character more than half of it ("aaaaaaaaaaaA"), a pattern of 2 to 4
 * characters repeated ("abcabcabcabc"), one run of letters or digits in
 * order, up or down, more than half of it ("abcdefghijkl", "234567890123").
 * Spaces inside are fine, and so are the username inside a longer phrase
 * and a short run ("abc") in one.
 */
int password_policy_check(const char *password, const char *username, const char **reason);

/* Usernames: 2–64 of a-z 0-9 . _ - (lower case), starting with a letter. */
int username_validate(const char *username, const char **reason);

/* Display names: 1–120 bytes of valid UTF-8 without control characters. */
int display_name_validate(const char *name, const char **reason);

/*
 * Sign-in throttling (docs/DECISIONS.md, 24). Failed sign-ins are counted
 * over a window in three ways: for the account from this address (the
 * pair), for the account from every address, and from this address for
 * every account. Nothing is ever locked: an attempt waits, and the wait
 * grows with the failures, so an attacker slows only the attempts that
 * share their address or an address that has failed on the account.
 */
struct throttle_policy {
	int free_pair;       /* failures of the pair that cost no wait (>= 0) */
	int free_account;    /* failures of the account before its delay starts */
	int free_address;    /* failures from the address before its delay starts */
	int64_t max_delay;   /* the longest wait, in seconds (>= 1) */
};

/* Failures inside the window; each *_latest is the time of the newest of
 * them (anything when its count is 0). */
struct throttle_counts {
	int64_t pair, pair_latest;
	int64_t account, account_latest;
	int64_t address, address_latest;
};

/*
 * The wait that `failures` failures earn when the first `free_failures` are
 * free: 0 below free_failures, then 1, 2, 4, 8 ... seconds, at most
 * max_delay. Never overflows.
 */
int64_t throttle_delay(int64_t failures, int free_failures, int64_t max_delay);

/*
 * Seconds this attempt must still wait before its password is checked;
 * 0 lets it through. An address with fewer than free_pair failures for the
 * account is trusted and never waits, whatever happens elsewhere: that is
 * what keeps a stranger from locking a user out. Any other attempt waits
 * until the latest failure of each count is older than that count's delay:
 * the pair's own, the account's (shared by every address that has failed
 * on it, so many addresses add up to few guesses) and the address's
 * (shared by every account it has failed on: spraying).
 */
int64_t throttle_wait(const struct throttle_policy *p, const struct throttle_counts *c, int64_t now);

/* A wait as people read it: whole seconds below a minute, else whole
 * minutes rounded up; amount is at least 1. */
struct throttle_text {
	int amount;
	bool minutes;
};
struct throttle_text throttle_wait_text(int64_t seconds);

/* API tokens live this many days unless their owner chooses otherwise. */
#define TOKEN_LIFETIME_DEFAULT_DAYS 90
#define TOKEN_LIFETIME_MAX_DAYS 365

/*
 * An API token's lifetime from the creation form: NULL or "" is the default
 * (TOKEN_LIFETIME_DEFAULT_DAYS); otherwise ASCII digits only, 1 to
 * TOKEN_LIFETIME_MAX_DAYS. 0 and *days set, or SC_EINVAL with *reason (an
 * English msgid) and *days untouched.
 */
int token_lifetime_parse(const char *text, int *days, const char **reason);

/* True when a token that expires at expires_at is refused at now (the
 * store's token lookup applies the same rule in its SQL). */
bool token_expired(int64_t expires_at, int64_t now);

/* True when a session created at `created` and last used at `last_seen`
 * has run past its idle or absolute limit at `now`. */
bool session_expired(int64_t created, int64_t last_seen, int64_t now,
		     int64_t idle_timeout, int64_t absolute_timeout);

/* Sessions record their last use coarsely, to spare a write per request:
 * true when last_seen is SESSION_TOUCH_INTERVAL seconds old, or a quarter
 * of the idle timeout when that is shorter. */
#define SESSION_TOUCH_INTERVAL 60
bool session_needs_touch(int64_t last_seen, int64_t now, int64_t idle_timeout);

#endif
