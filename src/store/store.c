/*
 * store.c — opening the store, connections and transactions; see store.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"

#include <stdio.h>
#include <stdlib.h>

struct store {
	struct db_pool *pool;
	struct auditq *auditq;   /* NULL unless store_audit_queue_start() ran */
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

bool
store_in_tx(struct db *db)
{
	return db_in_tx(db);
}

int
store_open(const char *url, int pool_size, int busy_ms, struct store **out,
	   char *err, size_t errlen)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof *s);
	if (s == NULL)
		return SC_ENOMEM;
	int rc = db_pool_open(url, pool_size, busy_ms, &s->pool, err, errlen);
	if (rc != SC_OK) {
		free(s);
		return rc;
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
	free(s);
}

struct db *
store_acquire(struct store *s)
{
	return db_pool_get(s->pool);
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
