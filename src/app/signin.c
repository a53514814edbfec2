/*
 * signin.c — signing in and out; see signin.h.
 */
#include "app/signin.h"

#include "store/store.h"
#include "util/err.h"

int
app_signin_reserve(struct db *db, const struct actor *a, const struct throttle_policy *p,
		   int64_t window, const char *username, int64_t *wait, int64_t *attempt)
{
	struct throttle_counts counts;
	*wait = 0;
	*attempt = 0;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_login_lock(db, username);
	if (rc == SC_OK)
		rc = store_login_failure_counts(db, username, a->address, a->now - window, &counts);
	if (rc == SC_OK) {
		*wait = throttle_wait(p, &counts, a->now);
		if (*wait == 0)
			rc = store_login_failure_add(db, username, a->address, a->now, attempt);
	}
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
app_signin_release(struct db *db, int64_t attempt)
{
	return store_login_failure_delete(db, attempt);
}

int
app_signin_refused(struct db *db, const struct actor *a, const char *username, const char *outcome)
{
	return store_audit_add(db, a->centre_id, a->now, a->user_id, username, "auth.signin", "user", NULL,
			       a->address, outcome);
}

int
app_signin(struct db *db, const struct actor *a, const char *username, const char *token_digest,
	   const char *csrf, const struct signin_limits *lim)
{
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_session_create(db, token_digest, a->user_id, csrf, a->now);
	if (rc == SC_OK)
		rc = store_login_failures_clear(db, username, a->address);
	/* Housekeeping rides on sign-in: expired sessions and stale failures go. */
	if (rc == SC_OK)
		rc = store_session_purge(db, a->now - lim->idle_timeout, a->now - lim->absolute_timeout);
	if (rc == SC_OK)
		rc = store_login_failures_purge(db, a->now - lim->failure_window);
	/* and the centre's periods whose pause has ended are active again */
	if (rc == SC_OK && a->centre_id > 0)
		rc = store_enrolment_pauses_ended(db, a->centre_id, a->today, a->now);
	if (rc == SC_OK)
		rc = app_audit(db, a, "auth.signin", "user", a->user_id);
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
app_signout(struct db *db, const struct actor *a, const char *token_digest)
{
	int rc = store_session_delete(db, token_digest);
	if (rc == SC_OK)
		rc = app_audit(db, a, "auth.signout", "user", a->user_id);
	return rc;
}
