/*
 * signin.h — the commands of signing in and out (the pages are
 * web/signin.c; sessions and bearer tokens are looked up by web/auth.c).
 *
 * Sign-in is throttled, never locked (domain/authrules.h, decision 24):
 * app_signin_reserve() reads the failures and, when the attempt may go
 * ahead, records it as a failure before its password is checked;
 * app_signin() forgets it when the password was right, and
 * app_signin_release() takes it back when the password was never checked
 * (the server was busy). Both happen under the account's lock, so attempts
 * sent at once cannot all pass before the first is written.
 *
 * The actor of these commands is whoever is asking: a->user_id and
 * a->username are those of the account named (0 and the typed name when
 * there is none), a->address the client's.
 */
#ifndef SC_APP_SIGNIN_H
#define SC_APP_SIGNIN_H

#include "app/app.h"
#include "domain/authrules.h"

/* The limits that housekeeping at sign-in applies (seconds). */
struct signin_limits {
	int64_t idle_timeout;       /* sessions unused this long go */
	int64_t absolute_timeout;   /* sessions older than this go */
	int64_t failure_window;     /* failures older than this no longer count */
};

/* Reserves an attempt at username from a->address: *wait is the seconds
 * it must still wait (0: go ahead, and *attempt names the failure recorded
 * for it). */
int app_signin_reserve(struct db *db, const struct actor *a, const struct throttle_policy *p,
		       int64_t window, const char *username, int64_t *wait, int64_t *attempt);

/* Takes back an attempt whose password was never checked. */
int app_signin_release(struct db *db, int64_t attempt);

/* Audits a refused sign-in of username: outcome "failed" (wrong password,
 * unknown or disabled account; the failure was recorded by the
 * reservation) or "rate-limited". */
int app_signin_refused(struct db *db, const struct actor *a, const char *username, const char *outcome);

/* A good sign-in of the actor: the session (its token's digest and CSRF
 * token), the failures of this account from this address forgotten,
 * expired sessions and stale failures purged, the periods of the actor's
 * centre whose pause has ended by today active again
 * (store_enrolment_pauses_ended()), audited; one transaction. */
int app_signin(struct db *db, const struct actor *a, const char *username, const char *token_digest,
	       const char *csrf, const struct signin_limits *lim);

/* Signs out: the session of that digest ends, audited. */
int app_signout(struct db *db, const struct actor *a, const char *token_digest);

#endif
