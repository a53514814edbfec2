/*
 * db.c — driver dispatch, transactions and the connection pool; see db.h.
 */
#include "db_impl.h"
#include "../util/err.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
db_set_error(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
	va_end(ap);
}

int
db_open(const char *url, int busy_ms, struct db **out, char *err, size_t errlen)
{
	struct db_options o = {.busy_ms = busy_ms};
	return db_open_with(url, &o, out, err, errlen);
}

int
db_open_with(const char *url, const struct db_options *o, struct db **out, char *err, size_t errlen)
{
	static const struct db_options none;
	if (o == NULL)
		o = &none;
	*out = NULL;
	if (url == NULL || *url == '\0') {
		snprintf(err, errlen, "no database URL given");
		return SC_EINVAL;
	}
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return db_pg_open(url, o, out, err, errlen);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return db_sqlite_open(url, o->busy_ms, out, err, errlen);
}

bool
db_unavailable(const struct db *db)
{
	return db != NULL && db->unavailable;
}

void
db_clear_unavailable(struct db *db)
{
	db->unavailable = false;
}

void
db_set_writer(struct db *db, struct db *writer)
{
	db->writer = writer;
}

struct db *
db_writer(struct db *db)
{
	return db->writer;
}

void
db_close(struct db *db)
{
	if (db != NULL)
		db->ops->close(db);
}

enum db_kind
db_kind(const struct db *db)
{
	return db->kind;
}

const char *
db_errmsg(const struct db *db)
{
	return db->errmsg;
}

int
db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

int
db_begin_read(struct db *db)
{
	int rc = db->ops->exec(db, "BEGIN");
	if (rc == SC_OK)
		db->in_tx = true;
	return rc;
}

void
db_read_batch(struct db *db, bool on)
{
	if (db != NULL && db->ops->read_batch != NULL)
		db->ops->read_batch(db, on ? DB_BATCH_ON : DB_BATCH_OFF);
}

void
db_read_fresh(struct db *db)
{
	if (db != NULL && db->ops->read_batch != NULL)
		db->ops->read_batch(db, DB_BATCH_FRESH);
}

int
db_begin_write(struct db *db)
{
	int rc = db->ops->begin_write(db);
	if (rc == SC_OK)
		db->in_tx = true;
	return rc;
}

int
db_commit(struct db *db)
{
	int rc = db->ops->exec(db, "COMMIT");
	if (rc != SC_OK)
		db_rollback(db);
	db->in_tx = false;
	return rc;
}

int
db_rollback(struct db *db)
{
	if (!db->in_tx)
		return SC_OK;
	db->in_tx = false;
	/* Keep the message of the error that caused the rollback. */
	char saved[sizeof db->errmsg];
	memcpy(saved, db->errmsg, sizeof saved);
	int rc = db->ops->exec(db, "ROLLBACK");
	memcpy(db->errmsg, saved, sizeof saved);
	return rc;
}

struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	return db->ops->prepare(db, sql);
}

int
db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return st->db->ops->bind_int(st, idx, v);
}

int
db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return st->db->ops->bind_text(st, idx, s);
}

int
db_bind_text_kept(struct db_stmt *st, int idx, const char *s)
{
	const struct db_ops *ops = st->db->ops;
	return ops->bind_text_kept != NULL ? ops->bind_text_kept(st, idx, s) : ops->bind_text(st, idx, s);
}

int
db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->ops->bind_null(st, idx);
}

int
db_step(struct db_stmt *st)
{
	return st->db->ops->step(st);
}

int64_t
db_col_int(struct db_stmt *st, int col)
{
	return st->db->ops->col_int(st, col);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	return st->db->ops->col_text(st, col);
}

bool
db_col_null(struct db_stmt *st, int col)
{
	return st->db->ops->col_null(st, col);
}

int
db_col_count(struct db_stmt *st)
{
	return st->db->ops->col_count(st);
}

const char *
db_col_name(struct db_stmt *st, int col)
{
	return st->db->ops->col_name(st, col);
}

/* Columns are mostly asked for in the order of the SELECT: when a
 * statement's column names are all different (checked once, kept with the
 * statement), the search starts after the last one found and goes round,
 * so a row read column by column compares each name once
 * (staff_read_user() on every request); else from the first, which is
 * the one a name means then. */
int
db_col_index(struct db_stmt *st, const char *name)
{
	int n = db_col_count(st);
	if (st->col_names == 0) {
		st->col_names = 1;
		for (int i = 0; i < n && st->col_names == 1; i++)
			for (int k = i + 1; k < n; k++) {
				const char *x = db_col_name(st, i), *y = db_col_name(st, k);
				if (x == NULL || y == NULL || strcmp(x, y) == 0) {
					st->col_names = -1;
					break;
				}
			}
	}
	int from = st->col_names == 1 && st->col_next < n ? st->col_next : 0;
	for (int i = 0; i < n; i++) {
		int col = from + i < n ? from + i : from + i - n;
		const char *c = db_col_name(st, col);
		if (c != NULL && strcmp(c, name) == 0) {
			st->col_next = col + 1;
			return col;
		}
	}
	return -1;
}

void *
db_stmt_memo(struct db_stmt *st, const void *key, size_t size)
{
	if (st->memo != NULL && st->memo_key == key && st->memo_size == size)
		return st->memo;
	void *m = calloc(1, size);
	if (m == NULL)
		return NULL;
	free(st->memo);
	st->memo = m;
	st->memo_key = key;
	st->memo_size = size;
	return m;
}

void
db_stmt_memo_free(struct db_stmt *st)
{
	free(st->memo);
	st->memo = NULL;
	st->memo_key = NULL;
	st->memo_size = 0;
}

int64_t
db_changes(struct db_stmt *st)
{
	return st->db->ops->changes(st);
}

int
db_run(struct db_stmt *st, int64_t *changed)
{
	int rc = db_step(st);
	if (rc == DB_DONE || rc == DB_ROW) {
		if (changed != NULL)
			*changed = rc == DB_DONE ? db_changes(st) : 0;
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

void
db_done(struct db_stmt *st)
{
	if (st != NULL)
		st->db->ops->done(st);
}

/* ---- pool ---- */

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int size;
	int nopen;               /* connections opened (all of them unless lazy) */
	int nopening;            /* being opened by db_pool_try_get, outside the lock */
	int nfree;
	struct db **all;
	struct db **free;
	char *url;               /* lazy: for opening later */
	struct db_options opts;  /* its name points at name[] */
	char name[64];
};

int
db_pool_open(const char *url, int size, int busy_ms, struct db_pool **out,
	     char *err, size_t errlen)
{
	struct db_options o = {.busy_ms = busy_ms};
	return db_pool_open_with(url, size, &o, false, out, err, errlen);
}

int
db_pool_open_with(const char *url, int size, const struct db_options *o, bool lazy,
		  struct db_pool **out, char *err, size_t errlen)
{
	*out = NULL;
	if (size < 1)
		size = 1;
	struct db_pool *p = calloc(1, sizeof *p);
	if (p == NULL)
		return SC_ENOMEM;
	p->all = calloc((size_t)size, sizeof *p->all);
	p->free = calloc((size_t)size, sizeof *p->free);
	p->url = strdup(url != NULL ? url : "");
	if (p->all == NULL || p->free == NULL || p->url == NULL) {
		free(p->all);
		free(p->free);
		free(p->url);
		free(p);
		return SC_ENOMEM;
	}
	if (o != NULL)
		p->opts = *o;
	if (p->opts.name != NULL) {
		snprintf(p->name, sizeof p->name, "%s", p->opts.name);
		p->opts.name = p->name;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->size = size;
	for (int i = 0; !lazy && i < size; i++) {
		int rc = db_open_with(url, o, &p->all[i], err, errlen);
		if (rc != SC_OK) {
			db_pool_close(p);
			return rc;
		}
		p->all[i]->pool = p;
		p->free[i] = p->all[i];
		p->nopen = p->nfree = i + 1;
	}
	*out = p;
	return SC_OK;
}

/* Takes a free connection and marks it fresh; the caller holds p->mu. */
static struct db *
take_free(struct db_pool *p)
{
	struct db *db = p->free[--p->nfree];
	db->unavailable = false;
	return db;
}

struct db *
db_pool_get(struct db_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	struct db *db = take_free(p);
	pthread_mutex_unlock(&p->mu);
	return db;
}

struct db *
db_pool_try_get(struct db_pool *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->nfree > 0) {
		struct db *db = take_free(p);
		pthread_mutex_unlock(&p->mu);
		return db;
	}
	if (p->nopen + p->nopening >= p->size) {
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	p->nopening++;
	pthread_mutex_unlock(&p->mu);

	/* Connecting may take up to the connect timeout: not under the lock. */
	struct db *db = NULL;
	char err[256];
	int rc = db_open_with(p->url, &p->opts, &db, err, sizeof err);

	pthread_mutex_lock(&p->mu);
	p->nopening--;
	if (rc == SC_OK) {
		db->pool = p;
		p->all[p->nopen++] = db;
	}
	pthread_mutex_unlock(&p->mu);
	return db;
}

void
db_pool_put(struct db_pool *p, struct db *db)
{
	if (db == NULL)
		return;
	db_read_batch(db, false);
	db_rollback(db);
	db->writer = NULL;
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

bool
db_pool_owns(const struct db_pool *p, const struct db *db)
{
	return p != NULL && db != NULL && db->pool == p;
}

void
db_pool_close(struct db_pool *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->nopen; i++)
		db_close(p->all[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->all);
	free(p->free);
	free(p->url);
	free(p);
}

bool
db_in_tx(const struct db *db)
{
	return db->in_tx;
}
