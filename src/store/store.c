/*
 * store.c — opening the store, connections and transactions; see store.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
#include "../util/log.h"
#include "../util/timeutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The health check's own connections: a short wait, then "unreachable". */
#define PING_TIMEOUT_S 2
#define PING_STATEMENT_MS 2000

struct store {
	struct db_pool *pool;
	struct auditq *auditq;   /* NULL unless store_audit_queue_start() ran */
	struct db_options opts;  /* of the pool's connections (and the queue's) */
	struct db_pool *read;    /* the standby's, lazy; NULL without read_url */
	int read_wait_ms;
	pthread_mutex_t ping_mu; /* guards the two below */
	struct db *ping;         /* the health check's connections, opened on use */
	struct db *ping_read;
	char *url;
	char *read_url;
};

struct auditq *
store_auditq(struct store *s)
{
	return s->auditq;
}

void
store_set_auditq(struct store *s, struct auditq *q)
{
	s->auditq = q;
}

const struct db_options *
store_db_options(struct store *s)
{
	return &s->opts;
}

bool
store_in_tx(struct db *db)
{
	return db_in_tx(db);
}

static bool
is_pg_url(const char *url)
{
	return url != NULL && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

int
store_open(const char *url, int pool_size, int busy_ms, struct store **out,
	   char *err, size_t errlen)
{
	struct store_options o = {.url = url, .pool_size = pool_size, .busy_ms = busy_ms};
	return store_open_with(&o, out, err, errlen);
}

int
store_open_with(const struct store_options *o, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	bool with_read = o->read_url != NULL && o->read_url[0] != '\0';
	if (with_read && (!is_pg_url(o->url) || !is_pg_url(o->read_url))) {
		snprintf(err, errlen, "database.read_url is for a PostgreSQL standby of a PostgreSQL "
			 "database.url; both must be postgresql:// URLs");
		return SC_EINVAL;
	}
	struct store *s = calloc(1, sizeof *s);
	if (s == NULL)
		return SC_ENOMEM;
	pthread_mutex_init(&s->ping_mu, NULL);
	s->opts = (struct db_options){
		.busy_ms = o->busy_ms,
		.connect_timeout_s = o->connect_timeout_s,
		.statement_timeout_ms = o->statement_timeout_ms,
	};
	s->read_wait_ms = o->read_wait_ms > 0 ? o->read_wait_ms : 1000;
	s->url = strdup(o->url != NULL ? o->url : "");
	s->read_url = strdup(with_read ? o->read_url : "");
	if (s->url == NULL || s->read_url == NULL) {
		store_close(s);
		return SC_ENOMEM;
	}
	int rc = db_pool_open_with(o->url, o->pool_size, &s->opts, false, &s->pool, err, errlen);
	if (rc != SC_OK) {
		store_close(s);
		return rc;
	}
	if (with_read) {
		struct db_options ro = s->opts;
		ro.read_only = true;
		ro.name = "secondchance-read";
		rc = db_pool_open_with(o->read_url, o->pool_size, &ro, true, &s->read, err, errlen);
		if (rc != SC_OK) {
			store_close(s);
			return rc;
		}
	}
	struct db *db = db_pool_get(s->pool);
	rc = store_migrate(db, NULL, err, errlen);
	db_pool_put(s->pool, db);
	if (rc != SC_OK) {
		store_close(s);
		return rc;
	}
	*out = s;
	return SC_OK;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	db_pool_close(s->pool);
	db_pool_close(s->read);
	db_close(s->ping);
	db_close(s->ping_read);
	pthread_mutex_destroy(&s->ping_mu);
	free(s->url);
	free(s->read_url);
	free(s);
}

struct db *
store_acquire(struct store *s)
{
	return db_pool_get(s->pool);
}

struct db *
store_acquire_request(struct store *s)
{
	struct db *db = db_pool_get(s->pool);
	db_read_batch(db, true);
	return db;
}

void
store_read_fresh(struct db *db)
{
	db_read_fresh(db);
}

void
store_release(struct store *s, struct db *db)
{
	db_pool_put(s->pool, db);
}

const char *
store_engine(struct db *db)
{
	return db_kind(db) == DB_POSTGRES ? "postgresql" : "sqlite";
}

int
store_tx_begin(struct db *db)
{
	return db_begin_write(db);
}

int
store_tx_commit(struct db *db)
{
	return db_commit(db);
}

int
store_tx_rollback(struct db *db)
{
	return db_rollback(db);
}

static const char sql_backup[] = "VACUUM INTO $1";

int
store_backup(struct db *db, const char *path)
{
	if (db_kind(db) != DB_SQLITE)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_backup);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, path);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? SC_OK : (rc < 0 ? rc : SC_EDB);
}

const char *
store_errmsg(struct db *db)
{
	return db_errmsg(db);
}

bool
store_unavailable(struct db *db)
{
	return db_unavailable(db);
}

/* ---- reads from the standby ---- */

/* Where the primary's WAL ends now (inserted, so it covers every commit
 * made so far, asynchronous ones too), and whether a standby has replayed
 * up to it; a server that is not a standby has (NULL replay position). */
static const char sql_wal_now[] = "SELECT pg_current_wal_insert_lsn()::text";
static const char sql_replayed[] = "SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, true)";

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Waits up to wait_ms until read has replayed what primary has written. */
static int
fence(struct db *primary, struct db *read, int wait_ms)
{
	char lsn[64];
	struct db_stmt *st = db_prepare(primary, sql_wal_now);
	if (st == NULL)
		return db_unavailable(primary) ? SC_EUNAVAIL : SC_EDB;
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(lsn, sizeof lsn, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "0/0");
	db_done(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : SC_EDB;
	int64_t deadline = time_mono_ms() + wait_ms;
	for (long pause = 1;; pause = pause < 16 ? pause * 2 : pause) {
		st = db_prepare(read, sql_replayed);
		if (st == NULL)
			return db_unavailable(read) ? SC_EUNAVAIL : SC_EDB;
		db_bind_text(st, 1, lsn);
		rc = db_step(st);
		bool caught_up = rc == DB_ROW && db_col_int(st, 0) != 0;
		db_done(st);
		if (rc < 0)
			return rc;
		if (caught_up)
			return SC_OK;
		if (time_mono_ms() >= deadline)
			return SC_EBUSY;
		sleep_ms(pause);
	}
}

struct db *
store_read_acquire(struct store *s, struct db *primary)
{
	if (s->read == NULL)
		return primary;
	struct db *db = db_pool_try_get(s->read);
	if (db == NULL) {
		log_warn("the standby (database.read_url) cannot be reached or is busy: reading from the primary");
		return primary;
	}
	db_set_writer(db, primary);
	int rc = fence(primary, db, s->read_wait_ms);
	if (rc != SC_OK) {
		log_warn("the standby (database.read_url) %s: reading from the primary",
			 rc == SC_EBUSY ? "lags behind" : "cannot be reached");
		db_pool_put(s->read, db);
		return primary;
	}
	return db;
}

void
store_read_release(struct store *s, struct db *db)
{
	if (db != NULL && db_pool_owns(s->read, db))
		db_pool_put(s->read, db);
}

struct db *
store_read_fence(struct store *s, struct db *db)
{
	struct db *primary = db_writer(db);
	if (primary == NULL || !db_pool_owns(s->read, db))
		return db;
	int rc = fence(primary, db, s->read_wait_ms);
	if (rc == SC_OK)
		return db;
	log_warn("the standby (database.read_url) %s: reading from the primary",
		 rc == SC_EBUSY ? "lags behind" : "cannot be reached");
	return primary;
}

bool
store_is_read(struct store *s, struct db *db)
{
	return db_pool_owns(s->read, db);
}

/* ---- the health check ---- */

static const char sql_ping_pg[] = "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END";
static const char sql_ping_sqlite[] = "SELECT 0";

/* Asks *conn (opened on first use) whether the server at url answers;
 * see store_ping(). The caller holds s->ping_mu. */
static int
ping(const char *url, struct db **conn)
{
	if (*conn == NULL) {
		struct db_options o = {
			.busy_ms = PING_STATEMENT_MS,
			.connect_timeout_s = PING_TIMEOUT_S,
			.statement_timeout_ms = PING_STATEMENT_MS,
			.name = "secondchance-health",
		};
		char err[256];
		if (db_open_with(url, &o, conn, err, sizeof err) != SC_OK)
			return SC_EUNAVAIL;
	}
	struct db *db = *conn;
	db_clear_unavailable(db);
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_ping_pg : sql_ping_sqlite);
	if (st == NULL)
		return SC_EUNAVAIL;
	int rc = db_step(st);
	bool standby = rc == DB_ROW && db_col_int(st, 0) != 0;
	db_done(st);
	if (rc != DB_ROW)
		return SC_EUNAVAIL;
	return standby ? SC_EDENIED : SC_OK;
}

int
store_ping(struct store *s)
{
	pthread_mutex_lock(&s->ping_mu);
	int rc = ping(s->url, &s->ping);
	pthread_mutex_unlock(&s->ping_mu);
	return rc;
}

int
store_ping_read(struct store *s)
{
	if (s->read == NULL)
		return SC_ENOTFOUND;
	pthread_mutex_lock(&s->ping_mu);
	int rc = ping(s->read_url, &s->ping_read);
	pthread_mutex_unlock(&s->ping_mu);
	/* The standby is one: that it is in recovery is as it should be. */
	return rc == SC_EDENIED ? SC_OK : rc;
}
