/*
 * authrules.h — pure rules for accounts and sign-in: password policy,
 * username shape, the rate-limit decision and session expiry.
 */
#ifndef SC_AUTHRULES_H
#define SC_AUTHRULES_H

#include <stdbool.h>
#include <stdint.h>

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024

/* 0 if password is acceptable for username; else SC_EINVAL and *reason
 * (an English msgid) says why. Characters are counted as UTF-8 code points. */
int password_policy_check(const char *password, const char *username, const char **reason);

/* Usernames: 2–64 of a-z 0-9 . _ - (lower case), starting with a letter. */
int username_validate(const char *username, const char **reason);

/* Display names: 1–120 bytes of valid UTF-8 without control characters. */
int display_name_validate(const char *name, const char **reason);

struct ratelimit_decision {
	bool blocked;
	int retry_minutes;   /* whole minutes, at least 1, when blocked */
};

/*
 * Decides whether another sign-in attempt is allowed, given the number of
 * failures inside the window and the time of the oldest of them. Blocked
 * when failures >= max_failures; the block lifts when the oldest failure
 * leaves the window.
 */
struct ratelimit_decision ratelimit_decide(int failures, int max_failures,
					   int64_t oldest_failure_at, int64_t window,
					   int64_t now);

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
