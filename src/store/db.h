/*
 * db.h — the store's driver interface: one API over SQLite and PostgreSQL.
 *
 * Internal to src/store/: nothing outside src/store/ includes this file.
 *
 * SQL is written once, with $1, $2, ... placeholders (PostgreSQL style); the
 * SQLite driver rewrites them to ?1, ?2. Statements are prepared once per
 * connection and cached by the address of the SQL string, so pass string
 * constants (static const char[]), never built strings.
 *
 * Conventions that make one SQL text run on both engines:
 *   - integers are BIGINT, timestamps are BIGINT Unix seconds (UTC),
 *     dates are TEXT 'YYYY-MM-DD', booleans are INTEGER 0/1, money is BIGINT øre;
 *   - INSERT ... RETURNING id for new keys;
 *   - no engine-specific functions in shared SQL (pass "now" as a parameter).
 *
 * A statement is used as: db_prepare -> db_bind_* -> db_step (repeat while
 * DB_ROW) -> db_done. Columns are read between a DB_ROW and the next step;
 * text returned by db_col_text lives until the next step or db_done.
 */
#ifndef SC_DB_H
#define SC_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum db_kind { DB_SQLITE = 1, DB_POSTGRES = 2 };

enum db_step_result { DB_ROW = 1, DB_DONE = 0 };

struct db;
struct db_stmt;
struct db_pool;

/*
 * Opens one connection. url is "sqlite:PATH" (or a plain path, or ":memory:")
 * or "postgresql://..." / "postgres://...". For SQLite: WAL, foreign_keys=ON,
 * a commit on disk before it returns (synced as a group with the commits of
 * the process's other connections, see db_sqlite.c), busy_timeout from
 * busy_ms. On failure returns a negative
 * SC_ code and writes a message into err (errlen bytes); *out is left NULL.
 */
int db_open(const char *url, int busy_ms, struct db **out, char *err, size_t errlen);

/* How a connection is opened; zero fields take their defaults. The
 * timeouts apply to PostgreSQL (SQLite has its busy timeout only). */
struct db_options {
	int busy_ms;              /* SQLite's busy timeout; PostgreSQL's lock_timeout (5000) */
	int connect_timeout_s;    /* longest connection attempt, also on reconnect (0: libpq's, none) */
	int statement_timeout_ms; /* longest statement (0: none) */
	bool read_only;           /* every transaction read-only: a standby's connections */
	const char *name;         /* application_name, seen in pg_stat_activity ("secondchance") */
};
/* db_open() with options (o may be NULL: the defaults). */
int db_open_with(const char *url, const struct db_options *o, struct db **out, char *err,
		 size_t errlen);

/*
 * True when, since the connection was taken from its pool, its server
 * could not be reached: the connection was lost and could not be opened
 * again. Its statements then failed with SC_EUNAVAIL (or db_prepare gave
 * NULL); the caller answers "try again later", not "something is wrong".
 */
bool db_unavailable(const struct db *db);
/* Forgets it, for a connection kept outside a pool (db_pool_get does). */
void db_clear_unavailable(struct db *db);
/* Closes the connection and its cached statements. Accepts NULL. */
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
/* SQLite's group commit, for tests: the commits numbered so far in this
 * process on db's file, the number up to which the write-ahead log is
 * synced, and the syncs made. false (and zeros) for PostgreSQL or a file
 * without a writers' queue. */
bool db_commit_counts(struct db *db, uint64_t *committed, uint64_t *synced, uint64_t *syncs);
/* The last error message of this connection (never NULL). */
const char *db_errmsg(const struct db *db);

/* Runs SQL without parameters or results (DDL, several statements allowed). */
int db_exec(struct db *db, const char *sql);

/*
 * Transactions. db_begin_write takes the write lock at once on SQLite
 * (BEGIN IMMEDIATE) so read-then-write sequences cannot deadlock; on
 * PostgreSQL it is READ COMMITTED and callers lock rows with FOR UPDATE.
 * db_rollback is safe to call when no transaction is open.
 *
 * On SQLite a write transaction runs on the file's one writing connection
 * (decision 121): prepare its statements after db_begin_write and finish
 * them before db_commit or db_rollback. A statement used across either
 * edge refuses (SC_EDB) and changes nothing.
 */
int db_begin_read(struct db *db);
/* Batches the connection's reads (on SQLite; nothing on PostgreSQL): the
 * first SELECT outside a transaction opens a read transaction that the
 * following SELECTs share, ended by a statement that writes, any
 * transaction or db_exec, turning the batch off, or returning the
 * connection to its pool (which turns it off). For a unit of work that
 * reads what one moment holds: a web request (decision 90). */
void db_read_batch(struct db *db, bool on);
/* Ends the batch's read transaction, if one is open: the next read sees
 * what other connections have committed since (after the audit queue's
 * writer was flushed, say). The batch stays on. */
void db_read_fresh(struct db *db);
enum { DB_BATCH_OFF, DB_BATCH_ON, DB_BATCH_FRESH };
int db_begin_write(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);
/* True while a transaction is open. */
bool db_in_tx(const struct db *db);

/* Returns the cached prepared statement for sql, or NULL on error
 * (db_errmsg says why). The statement is reset and its bindings cleared. */
struct db_stmt *db_prepare(struct db *db, const char *sql);

/*
 * A statement whose SQL begins with DB_GENERIC_PLAN is planned once for
 * any values on PostgreSQL: it runs under plan_cache_mode =
 * force_generic_plan, every other statement under the server's own
 * setting (decision 109). For the daily pages' statements over ranges of
 * dates: PostgreSQL costs their generic plan from a range's default
 * selectivity, above the custom plan, so it never chose it and made a
 * custom plan at every execution, which took longer than running it.
 * Only where the one plan is right for every value the page passes. To
 * SQLite it is a comment (SQLite plans a statement once anyway).
 */
#define DB_GENERIC_PLAN "/* generic plan */ "
/* Binds parameter $idx (1-based). Text is copied. NULL text binds SQL NULL. */
int db_bind_int(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *s);
int db_bind_null(struct db_stmt *st, int idx);
/* Binds text that stays as it is until the statement is done (db_done) or
 * bound again: not copied where the driver need not (SQLite). */
int db_bind_text_kept(struct db_stmt *st, int idx, const char *s);
/* Executes (on the first call) and advances. Returns DB_ROW, DB_DONE, or a
 * negative SC_ code: SC_ECONFLICT for a unique or check violation,
 * SC_EBUSY for lock timeouts and serialization failures, SC_EDB otherwise. */
int db_step(struct db_stmt *st);
/* Column readers (0-based). NULL reads as 0 / NULL. */
int64_t db_col_int(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);
/* The number of columns of the current result, and a column's name (as
 * the query spells it or its alias; NULL out of range). Valid after a
 * step that returned DB_ROW. */
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
/* The first column named name (from the one after the last found), or -1. */
int db_col_index(struct db_stmt *st, const char *name);
/* A block of size bytes kept with a prepared statement for as long as the
 * connection caches it, for the reader of its rows that names it by key
 * (table_read() keeps there which field each column fills, so a list's
 * rows are read by position, not by name). Zeroed when new, or when it
 * was another key's or size's; NULL when out of memory. */
void *db_stmt_memo(struct db_stmt *st, const void *key, size_t size);
/* Rows changed by the last completed INSERT/UPDATE/DELETE of this statement. */
int64_t db_changes(struct db_stmt *st);
/* Steps a statement that returns no rows to the end and finishes it;
 * *changed (may be NULL) gets db_changes(). Returns 0 or the step's code. */
int db_run(struct db_stmt *st, int64_t *changed);
/* Finishes with the statement (resets it for the next use). Accepts NULL. */
void db_done(struct db_stmt *st);

/* A fixed set of connections shared by the request threads. */
int db_pool_open(const char *url, int size, int busy_ms, struct db_pool **out,
		 char *err, size_t errlen);
/* db_pool_open() with options (o may be NULL). A lazy pool opens nothing
 * now: its connections are opened by db_pool_try_get() as they are needed,
 * so it opens even while its server is down. */
int db_pool_open_with(const char *url, int size, const struct db_options *o, bool lazy,
		      struct db_pool **out, char *err, size_t errlen);
/* Blocks until a connection is free. Never NULL for a pool that is not
 * lazy. */
struct db *db_pool_get(struct db_pool *p);
/* A free connection, or a new one while the pool is not full; NULL (at
 * once) when all are taken or a new one cannot be opened. */
struct db *db_pool_try_get(struct db_pool *p);
/* Returns a connection; rolls back any transaction left open. */
void db_pool_put(struct db_pool *p, struct db *db);
/* True when db was taken from p. */
bool db_pool_owns(const struct db_pool *p, const struct db *db);
void db_pool_close(struct db_pool *p);

/* The primary connection that writes for a read-only one (the audit entry
 * of what it read): set while a read connection serves a request; NULL
 * otherwise. */
void db_set_writer(struct db *db, struct db *writer);
struct db *db_writer(struct db *db);

#endif
