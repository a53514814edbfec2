/*
 * db_impl.h — INTERNAL: what a driver (db_sqlite.c, db_pg.c) provides to db.c.
 */
#ifndef SC_DB_IMPL_H
#define SC_DB_IMPL_H

#include "db.h"

struct db_ops {
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	int (*begin_write)(struct db *db);
	void (*read_batch)(struct db *db, int mode); /* DB_BATCH_*; NULL: nothing to do */
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s);
	int (*bind_text_kept)(struct db_stmt *st, int idx, const char *s);   /* NULL: bind_text */
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	bool (*col_null)(struct db_stmt *st, int col);
	int (*col_count)(struct db_stmt *st);
	const char *(*col_name)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db_stmt *st);
	void (*done)(struct db_stmt *st);
};

/* Every driver's connection struct starts with this header. */
struct db {
	const struct db_ops *ops;
	enum db_kind kind;
	bool in_tx;
	bool unavailable;          /* the server was unreachable since db_pool_get */
	const struct db_pool *pool; /* the pool it belongs to, or NULL */
	struct db *writer;         /* db_set_writer() */
	char errmsg[256];
};

/* Every driver's statement struct starts with this header. */
struct db_stmt {
	struct db *db;
	const void *memo_key;      /* db_stmt_memo(): whose block memo is */
	size_t memo_size;
	void *memo;                /* malloc'd; freed by db_stmt_memo_free() */
	int col_next;              /* db_col_index(): the column after the last found */
	int col_names;             /* db_col_index(): 1 all different, -1 not, 0 not yet known */
};

/* Frees a statement's memo (db_stmt_memo()); the drivers call it before
 * they free the statement. */
void db_stmt_memo_free(struct db_stmt *st);

int db_sqlite_open(const char *path, int busy_ms, struct db **out, char *err, size_t errlen);
int db_pg_open(const char *url, const struct db_options *o, struct db **out, char *err, size_t errlen);

/* SQLite: whether commits are synced to disk before they return (on, the
 * default: synchronous=FULL on a caller's connection, and its write
 * transactions on the file's writer with synchronous=NORMAL and the group
 * commit, decision 121) or not at all (off: synchronous=OFF, the writer
 * too for the connection's transactions; for a load that is started again
 * if it fails). SC_EINVAL on another engine. */
int db_sqlite_sync_commits(struct db *db, bool on);
/* SQLite: closes the writer of db's file (decision 121), opened again at
 * the next write transaction: for a change that needs db to be the file's
 * only connection (leaving WAL for a bulk load). Nothing while db is in a
 * write transaction. */
void db_sqlite_close_writer(struct db *db);

/* PostgreSQL: runs sql, a COPY ... FROM STDIN, with data (len bytes, in
 * COPY's text format) as its input. SC_EINVAL on another engine. */
int db_pg_copy(struct db *db, const char *sql, const char *data, size_t len);

/* Sets db->errmsg printf-style. */
void db_set_error(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
