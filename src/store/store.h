/*
 * store.h — the store: every read and write of the database, for the web
 * and CLI layers. All SQL lives behind this header, in src/store/.
 *
 * Callers hold a connection (`struct db *`, opaque here) for the length of a
 * request or command: store_acquire() / store_release(). Functions return 0
 * or a negative SC_ code (src/util/err.h); strings they return are allocated
 * from the caller's arena and live as long as it.
 *
 * Changes that must happen together (a change and its audit entry) run inside
 * store_tx_begin() ... store_tx_commit(); store_tx_rollback() is always safe.
 */
#ifndef SC_STORE_H
#define SC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/centre.h"
#include "domain/user.h"

struct arena;
struct db;
struct store;

/* ---- lists ---- */

/* The rows a list reads at most: limit when it is from 1 to most, else
 * fallback (the list's own page, or its most). Every list of the store,
 * and a command that sizes a list before asking for it, clamps the
 * limit it was given here, each with its own most and fallback. */
int64_t store_page_limit(int64_t limit, int64_t most, int64_t fallback);

/* ---- opening, connections, transactions ---- */

/* Opens a pool of `pool_size` connections to url and applies migrations.
 * SC_ETOONEW when the database was written by a newer program. */
int store_open(const char *url, int pool_size, int busy_ms, struct store **out,
	       char *err, size_t errlen);

/* How the store connects (store_open_with); zero fields take defaults. */
struct store_options {
	const char *url;
	int pool_size;
	int busy_ms;
	int connect_timeout_s;     /* PostgreSQL: longest connection attempt (0: none) */
	int statement_timeout_ms;  /* PostgreSQL: longest statement (0: none) */
	const char *read_url;      /* PostgreSQL: a standby for heavy reads (NULL or "": none) */
	int read_wait_ms;          /* how long a read waits for the standby to catch up (1000) */
};
/* store_open() with every option. SC_EINVAL, said in err, when read_url is
 * given but either URL is not PostgreSQL. The read pool opens its
 * connections as they are needed, so the store opens while the standby is
 * down (reads then use the primary). */
int store_open_with(const struct store_options *o, struct store **out, char *err, size_t errlen);
void store_close(struct store *s);
struct db *store_acquire(struct store *s);
void store_release(struct store *s, struct db *db);
/* A connection for a web request: as store_acquire(), its reads outside a
 * transaction sharing one read transaction on SQLite (db_read_batch(),
 * decision 90) until store_release(). */
struct db *store_acquire_request(struct store *s);
/* The next read of a request's connection sees what other connections
 * have committed since its reads began (db_read_fresh()). */
void store_read_fresh(struct db *db);

/*
 * A connection for a heavy read (a report, an export, the audit log) that
 * may be served by the standby of database.read_url: when there is one, it
 * is reachable, and it has replayed everything primary's database had
 * written when asked (waiting up to read_wait_ms), a read-only connection
 * to it; else primary itself. Either way the read sees every write
 * committed before the call, its own included. Audit entries written
 * through the read connection go to primary. Give it back with
 * store_read_release() before primary. Never NULL.
 */
struct db *store_read_acquire(struct store *s, struct db *primary);
/* Gives back a connection of store_read_acquire(); does nothing for the
 * primary one or NULL. */
void store_read_release(struct store *s, struct db *db);
/* Waits until the read connection db has replayed what its primary has
 * written now (say the audit queue, just flushed) and returns db; returns
 * its primary instead when the standby stays behind (read_wait_ms) or
 * cannot be reached. A primary connection is returned as it is. */
struct db *store_read_fence(struct store *s, struct db *db);
/* True when a read connection is the standby's, not the primary's. */
bool store_is_read(struct store *s, struct db *db);

/*
 * Whether the database answers, on a connection of its own (not the pool:
 * a server whose pool is busy is not cut off), with short timeouts: 0;
 * SC_EUNAVAIL when it cannot be reached within about two seconds;
 * SC_EDENIED when it answers but is a standby (it cannot take writes).
 * store_ping_read() asks the same of the standby: SC_ENOTFOUND when none
 * is configured. Thread-safe; for /healthz.
 */
int store_ping(struct store *s);
int store_ping_read(struct store *s);

/* True when the connection found its server unreachable since it was
 * acquired (its failure is "try again later", not a fault). */
bool store_unavailable(struct db *db);
/* "sqlite" or "postgresql". */
const char *store_engine(struct db *db);

/* The last database error message on this connection. */
const char *store_errmsg(struct db *db);

int store_tx_begin(struct db *db);      /* a write transaction */
int store_tx_commit(struct db *db);
int store_tx_rollback(struct db *db);

/* Writes a consistent copy of an SQLite database to path (VACUUM INTO).
 * SC_EINVAL on PostgreSQL, whose backups are pg_dump's job. */
int store_backup(struct db *db, const char *path);

/* ---- migrations ---- */

/* The schema version this program writes. */
int store_schema_latest(void);
/* The version recorded in the database (0 when empty). */
int store_schema_version(struct db *db, int *version);
/* Applies each pending migration in its own transaction. *applied counts
 * them (may be NULL). SC_ETOONEW, with a message in err, when the database
 * is newer than this program. */
int store_migrate(struct db *db, int *applied, char *err, size_t errlen);
/* As store_migrate(), but only up to version target: for the tests that
 * fill a database as an older release left it and then upgrade it. */
int store_migrate_to(struct db *db, int target, int *applied, char *err, size_t errlen);

/* ---- users (staff accounts) ---- */

struct user {
	int64_t id;
	char *username;
	char *display_name;
	char *password_hash;    /* only filled by store_user_by_username(.., true) */
	uint32_t roles;         /* ROLE_BIT set, see domain/access.h: the installation's
				 * roles and those held in the centre (centre_id) */
	char *language;         /* "nb" or "en" */
	bool active;
	int64_t version;        /* bumped on every change: optimistic locking */
	int64_t created_at;
	int64_t updated_at;
	int64_t centre_id;      /* the centre the user works in (staff.h) */
	int64_t ncentres;       /* the centres they may work in: more than one
				 * lets them switch (store_user_set_centre) */
};

/* SC_ECONFLICT when the username is taken. roles: the installation's role
 * (administrator) is kept with the user, the others as the user's roles
 * in centre. */
int store_user_create(struct db *db, const char *username, const char *display_name,
		      const char *password_hash, uint32_t roles, const char *language,
		      int64_t centre, int64_t now, int64_t *id);
/* SC_ENOTFOUND when there is no such user. */
int store_user_by_username(struct db *db, struct arena *a, const char *username,
			   bool with_hash, struct user *out);
int store_user_by_id(struct db *db, struct arena *a, int64_t id, struct user *out);
/* The users an administrator or leader of centre sees (every: all of
 * them, for an administrator of the installation; else the members of
 * centre and those of no centre), with the roles they hold in centre
 * (and the installation's). */
/* One of them: SC_ENOTFOUND when there is no such user to see. */
int store_user_get(struct db *db, struct arena *a, int64_t centre, bool every, int64_t id,
		   struct staff_user *out);
/* A page of them ordered by username; *total counts them all. */
int store_user_list(struct db *db, struct arena *a, int64_t centre, bool every, int64_t limit,
		    int64_t offset, struct staff_user **items, size_t *n, int64_t *total);
/* Active users holding the role (one ROLE_BIT) in centre, by display
 * name; at most 500. */
int store_user_list_role(struct db *db, struct arena *a, int64_t centre, uint32_t role_bit,
			 struct user **items, size_t *n);
/* Remembers the centre the user works in. */
int store_user_set_centre(struct db *db, int64_t id, int64_t centre);
/* The centres the user is a member of (every one: all of them, for an
 * administrator of the installation), by name. */
int store_user_centres(struct db *db, struct arena *a, int64_t user_id, bool every,
		       struct centre **items, size_t *n);
int store_user_set_password(struct db *db, int64_t id, const char *password_hash, int64_t now);
/* Writes the display name, roles and active over user id: roles as in
 * store_user_create(), the centre's set for centre. SC_ECONFLICT when
 * expected_version is stale (someone else saved first), SC_ENOTFOUND when
 * there is no such user. */
int store_user_update(struct db *db, int64_t id, int64_t expected_version, int64_t centre,
		      const char *display_name, uint32_t roles, bool active, int64_t now);
int store_user_set_language(struct db *db, int64_t id, const char *language);
/* Active users holding the admin role. */
int store_user_count_admins(struct db *db, int64_t *count);

/* ---- sessions ---- */

struct session {
	int64_t id;
	int64_t user_id;
	char *csrf;
	int64_t created_at;
	int64_t last_seen;
};

int store_session_create(struct db *db, const char *token_digest, int64_t user_id,
			 const char *csrf, int64_t now);
/* Finds the session and its active user. SC_ENOTFOUND when either is gone. */
int store_session_lookup(struct db *db, struct arena *a, const char *token_digest,
			 struct session *s, struct user *u);
int store_session_touch(struct db *db, int64_t session_id, int64_t now);
int store_session_delete(struct db *db, const char *token_digest);
int store_session_delete_user(struct db *db, int64_t user_id);
/* Ends every session of the user except keep_id (after a password change). */
int store_session_delete_others(struct db *db, int64_t user_id, int64_t keep_id);
/* Deletes sessions older than the cut-offs. */
int store_session_purge(struct db *db, int64_t idle_before, int64_t created_before);

/* ---- sign-in failures (throttling, domain/authrules.h) ---- */

struct throttle_counts;

/* Inside a write transaction: makes other sign-ins of the same username
 * wait until it ends, so that reading the counts and recording the attempt
 * are one step (PostgreSQL: an advisory lock; SQLite: the write
 * transaction already is). */
int store_login_lock(struct db *db, const char *username);
/* Records a failed sign-in; *id names it for store_login_failure_delete().
 * An attempt is recorded before its password is checked and forgotten
 * (with the pair's others) when it succeeds. */
int store_login_failure_add(struct db *db, const char *username, const char *address,
			    int64_t now, int64_t *id);
int store_login_failure_delete(struct db *db, int64_t id);
/* Failures at or after `since`: of username from address (pair), of
 * username from every address (account), and from address for every
 * username (address), each with the time of its latest (0 when none). */
int store_login_failure_counts(struct db *db, const char *username, const char *address,
			       int64_t since, struct throttle_counts *out);
/* After a good sign-in: forgets username's failures from that address;
 * its failures from elsewhere, and the address's on other accounts, stay. */
int store_login_failures_clear(struct db *db, const char *username, const char *address);
/* Forgets failures older than `before` (they no longer count). */
int store_login_failures_purge(struct db *db, int64_t before);

/* ---- API tokens ---- */

struct api_token {
	int64_t id;
	char *name;
	int64_t created_at;
	int64_t last_used;      /* 0 = never */
	int64_t revoked_at;     /* 0 = live */
	int64_t expires_at;     /* refused from this time on */
};

int store_token_create(struct db *db, int64_t user_id, const char *name,
		       const char *token_digest, int64_t now, int64_t expires_at, int64_t *id);
int store_token_list(struct db *db, struct arena *a, int64_t user_id,
		     struct api_token **items, size_t *n);
/* SC_ENOTFOUND unless the token is the user's and live. */
int store_token_revoke(struct db *db, int64_t user_id, int64_t token_id, int64_t now);
/* Finds a live token (not revoked, now before its expiry) and its active
 * user; records its use (coarsely). SC_ENOTFOUND otherwise. */
int store_token_lookup(struct db *db, struct arena *a, const char *token_digest,
		       int64_t now, int64_t *token_id, struct user *u);

/* Ends every session of the user and revokes every live API token of
 * theirs (revoked_at = now): when an administrator deactivates them or
 * resets their password. Run it in the transaction of that change. */
int store_user_revoke_access(struct db *db, int64_t user_id, int64_t now);

/* ---- audit log (append-only) ---- */

struct audit_entry {
	int64_t id;
	int64_t centre_id;      /* the actor's centre; 0 when there was none */
	int64_t at;
	int64_t user_id;        /* 0 when nobody was signed in */
	char *username;         /* as it was at the time */
	char *action;           /* e.g. "user.create", "participant.read" */
	char *record_type;      /* e.g. "user"; may be empty */
	char *record_id;        /* may be empty */
	char *address;          /* the client's address */
	char *outcome;          /* "ok", "denied", "failed" */
};

/* Appends an entry. centre: the centre the actor works in (0: none, for
 * an attempt by nobody known, the command line or the system). */
int store_audit_add(struct db *db, int64_t centre, int64_t at, int64_t user_id, const char *username,
		    const char *action, const char *record_type, const char *record_id,
		    const char *address, const char *outcome);

/* Entries of a centre are those it recorded, and for the first centre
 * also those with none: everything from before there were centres was
 * the first centre's (migration 9), as are attempts by nobody known. */
struct audit_filter {
	int64_t centre;           /* the entries of this centre; 0 = every centre */
	const char *username;     /* exact; NULL = any */
	const char *action;       /* exact or prefix ending in '.'; NULL = any */
	const char *record_type;  /* NULL = any */
	const char *record_id;    /* NULL = any */
	int64_t from;             /* at >= from; 0 = no bound */
	int64_t to;               /* at < to; 0 = no bound */
	int64_t limit;
	int64_t offset;
	int64_t count_cap;        /* the total counts at most this many + 1; 0 = all */
};

/*
 * The audit queue. Entries for reads (page views, searches, lists) would
 * each cost a write transaction and a disk sync; the queue lets one
 * background thread write them in batches, one transaction per batch, a few
 * milliseconds after the read. Changes keep their audit entry inside their
 * own transaction (store_audit_add), and so do reads that must be on disk
 * before the data is shown (health notes). On shutdown the queue is written
 * out; a kill -9 can lose the read entries of the last few milliseconds.
 */
struct auditq;
/* Starts the writer with its own connection to url. */
int store_audit_queue_start(struct store *s, const char *url, int busy_ms, char *err, size_t errlen);
/* Writes what is queued and stops the writer. Accepts a store without a queue. */
void store_audit_queue_stop(struct store *s);
/* Queues an entry; writes it at once through db when there is no queue or
 * it is full. */
int store_audit_queue_add(struct store *s, struct db *db, int64_t centre, int64_t at, int64_t user_id,
			  const char *username, const char *action, const char *record_type,
			  const char *record_id, const char *address, const char *outcome);
/* Returns when everything queued before the call is written (the audit
 * pages call it so a reader sees the latest entries). */
void store_audit_queue_flush(struct store *s);
/* INTERNAL to the store: the queue of a store, and how its connections
 * are opened. */
struct auditq *store_auditq(struct store *s);
void store_set_auditq(struct store *s, struct auditq *q);
struct db_options;
const struct db_options *store_db_options(struct store *s);
/* True while a transaction is open on the connection. */
bool store_in_tx(struct db *db);

/* Newest first; *total counts every entry that passes, or with
 * f->count_cap stops at count_cap + 1 (a log of millions is not counted
 * for a page of 50: decision 132). */
int store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
		     struct audit_entry **items, size_t *n, int64_t *total);

/* ---- centres ---- */
#include "store/store_centre.h"

/* ---- case records (issue 3): one header per area ---- */
#include "store/store_participant.h"
#include "store/store_caseload.h"
#include "store/store_intake.h"
#include "store/store_plan.h"
#include "store/store_meeting.h"
#include "store/store_task.h"
#include "store/store_today.h"
#include "store/store_demo.h"
#include "store/store_settings.h"
#include "store/store_language.h"
#include "store/store_health.h"
#include "store/store_benefit.h"
#include "store/store_benefit_run.h"
#include "store/store_attendance.h"
#include "store/store_activity.h"
#include "store/store_timetable.h"
#include "store/store_work_income.h"
#include "store/store_internships.h"
#include "store/store_report.h"

#endif
