/*
 * db_sqlite.c — the SQLite driver behind db.h.
 *
 * WAL journal, foreign keys on, a busy timeout. Statements are cached per
 * connection by the address of their SQL text; $N placeholders become ?N.
 *
 * An acknowledged commit survives power loss. Write transactions share
 * their disk syncs (group commit, docs/DECISIONS.md 121): the writer (below)
 * commits without a sync (synchronous=NORMAL) and the caller leaves the
 * writers' queue; then, before the commit returns to its caller, the
 * write-ahead log is synced by whichever committer gets there first, for
 * every commit written so far. The next writer runs while the sync is under
 * way, and a sync serves every commit that waited for it. A write outside a
 * transaction runs on the caller's own connection, synced by SQLite
 * (synchronous=FULL).
 *
 * Writers of one file in this process queue on a mutex of that file before
 * BEGIN IMMEDIATE (held until the transaction ends), so that under load they
 * take turns in arrival order instead of SQLite's busy handler, which polls
 * with sleeps of up to 100 ms: a save waiting behind another save waits for
 * that save, not for the next poll. Other processes (the command line while
 * the server runs) still meet the busy timeout, which also bounds the wait
 * for the mutex. The queue's holder runs its transaction on the file's one
 * writing connection (decision 121, sq_writer()), whose page cache no other
 * connection's commit empties.
 *
 * A connection may batch its reads (db_read_batch(), on for a web
 * request's connection): the first SELECT outside a transaction opens one
 * read transaction (BEGIN) that the following SELECTs share, until the batch
 * ends, a statement that writes is stepped, or a transaction or other SQL
 * begins. Each statement on its own would begin and end a WAL read
 * transaction (its shared-memory locks, the WAL index header), about 4-5 µs
 * of CPU a statement at a million participants (decision 90); the request's
 * reads also see one snapshot.
 */
#include "db_impl.h"
#include "../util/err.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define STMT_CACHE 128

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	const char *key;     /* the caller's SQL pointer */
	bool started;
	bool batchable;      /* a SELECT (or WITH) that writes nothing */
	int64_t changes;
	/* A proxy: the caller's handle on the writer's statement (st) in one
	 * write transaction, serial the caller's count of them then; used in
	 * another, or after it, it does nothing but refuse (sq_live()). */
	bool proxy;
	uint64_t serial;
};

struct sq_db;

/* One writers' queue per database file (by the path it was opened with);
 * the connection that runs the file's write transactions; and the file's
 * group commit: commits are numbered as they are written (committed), and
 * synced tells up to which number the write-ahead log is on disk. */
#define WRITE_QUEUES 32
struct write_queue {
	char *path;
	pthread_mutex_t lock;
	int users;                  /* under queues_lock: connections open on the file */
	struct sq_db *writer;       /* opened under lock at the first write; closed with the last user */
	pthread_mutex_t sync_lock;  /* held by the committer that syncs */
	_Atomic uint64_t committed; /* commits written to the log */
	uint64_t synced;            /* under sync_lock: commits on disk */
	_Atomic uint64_t syncs;     /* disk syncs made */
};
static struct write_queue queues[WRITE_QUEUES];
static int nqueues;
static pthread_mutex_t queues_lock = PTHREAD_MUTEX_INITIALIZER;

/* The queue of a file; NULL for a private database (":memory:", ""), or
 * when the table is full (then SQLite's own locking alone serialises, and
 * each commit syncs in SQLite, synchronous=FULL). */
static struct write_queue *
write_queue_of(const char *path)
{
	/* counted as a user; sq_close() counts it out */
	if (path == NULL || path[0] == '\0' || strcmp(path, ":memory:") == 0)
		return NULL;
	struct write_queue *found = NULL;
	pthread_mutex_lock(&queues_lock);
	for (int i = 0; i < nqueues && found == NULL; i++)
		if (strcmp(queues[i].path, path) == 0)
			found = &queues[i];
	if (found == NULL && nqueues < WRITE_QUEUES) {
		char *copy = strdup(path);
		if (copy != NULL) {
			queues[nqueues].path = copy;
			pthread_mutex_init(&queues[nqueues].lock, NULL);
			pthread_mutex_init(&queues[nqueues].sync_lock, NULL);
			found = &queues[nqueues++];
		}
	}
	if (found != NULL)
		found->users++;
	pthread_mutex_unlock(&queues_lock);
	return found;
}

struct sq_db {
	struct db base;
	sqlite3 *h;
	struct write_queue *queue; /* this file's writers' queue, or NULL */
	bool queued;            /* this connection holds it */
	bool is_writer;         /* the queue's writer (see sq_begin_write) */
	struct sq_db *via;      /* while queued: the writer that runs this connection's transaction */
	struct sq_db *owner;    /* the writer's: whose transaction it runs, or NULL */
	uint64_t serial;        /* transactions run by the writer for this connection, ended */
	dev_t dev;              /* the file opened (the writer serves a connection of the same) */
	ino_t ino;
	int nproxies;
	struct sq_stmt *proxies[STMT_CACHE];
	bool sync_commits;      /* commits wait for the group sync (off: db_sqlite_sync_commits) */
	uint64_t unsynced;      /* this connection's last commit not yet known synced, or 0 */
	bool batch;             /* db_read_batch(): reads share one read transaction */
	bool reading;           /* that read transaction is open */
	int busy_ms;
	int ncache;
	struct sq_stmt *cache[STMT_CACHE];
	sqlite3_stmt *tx[4];    /* tx_sql's statements, prepared when first run */
};

/* The statements that open and end transactions, run several times a
 * request: prepared once a connection rather than parsed at each run. */
enum { TX_BEGIN, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_ROLLBACK };
static const char *const tx_sql[] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};

static int sq_rc_code(int rc);

static int
sq_rc(struct db *db, sqlite3 *h, int rc)
{
	switch (rc) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return SC_OK;
	case SQLITE_ROW:
		return DB_ROW;
	default:
		break;
	}
	db_set_error(db, "sqlite: %s", sqlite3_errmsg(h));
	return sq_rc_code(rc);
}

/* The error code of SQLite's result code rc (not OK, DONE or ROW). */
static int
sq_rc_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return SC_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SC_EBUSY;
	case SQLITE_NOMEM:
		return SC_ENOMEM;
	default:
		return SC_EDB;
	}
}

/* Rewrites $N outside quotes to ?N. Returns a malloc'd string. */
static char *
sq_rewrite(const char *sql)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1);
	if (out == NULL)
		return NULL;
	char quote = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = sql[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
			c = '?';
		}
		out[i] = c;
	}
	return out;
}

static void sq_free(struct sq_db *s);

/* Pages in the write-ahead log past which a commit checkpoints it: SQLite's
 * own default (its hook is replaced by sq_wal_hook, which does the same). */
#define WAL_CHECKPOINT_PAGES 1000

/* Runs tx_sql[k]; SQLite's result code (SQLITE_OK when done). With db,
 * a failure's message is the connection's error, as sqlite3_exec()'s
 * would be. */
static int
sq_tx(struct sq_db *s, int k, struct db *db)
{
	int rc = SQLITE_OK;
	if (s->tx[k] == NULL)
		rc = sqlite3_prepare_v2(s->h, tx_sql[k], -1, &s->tx[k], NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s->tx[k]);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK && db != NULL)
		db_set_error(db, "sqlite: %s", sqlite3_errmsg(s->h));
	if (s->tx[k] != NULL)
		sqlite3_reset(s->tx[k]);
	return rc;
}

/* The writer's last error becomes its owner's, whose caller reads it. */
static void
sq_pass_error(struct sq_db *w)
{
	if (w->owner != NULL)
		memcpy(w->owner->base.errmsg, w->base.errmsg, sizeof w->base.errmsg);
}

/* Leaves the writers' queue once the transaction has ended, whichever way;
 * the writer's commit, if any, is then this connection's to sync. */
static void
sq_dequeue(struct sq_db *s)
{
	struct sq_db *w = s->via != NULL ? s->via : s;
	if (!s->queued || !sqlite3_get_autocommit(w->h))
		return;
	if (s->via != NULL) {
		if (w->unsynced != 0)
			s->unsynced = w->unsynced;
		w->unsynced = 0;
		w->owner = NULL;
		s->via = NULL;
		s->serial++;   /* the transaction's proxies are dead */
	}
	s->queued = false;
	pthread_mutex_unlock(&s->queue->lock);
}

/* SQLite calls this after each commit of the connection, once the commit
 * is in the log (not yet on disk): the commit takes its number, then the
 * log is checkpointed as SQLite's default hook would. */
static int
sq_wal_hook(void *arg, sqlite3 *h, const char *name, int pages)
{
	struct sq_db *s = arg;
	if (s->queue != NULL && s->sync_commits)
		s->unsynced = atomic_fetch_add(&s->queue->committed, 1) + 1;
	if (pages >= WAL_CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint(h, name);
	return SQLITE_OK;
}

/* This connection's handle on the write-ahead log (the file is the same for
 * every connection of the process); NULL if SQLite cannot give it. A
 * connection opens the log at its first read: one is made if need be. */
static sqlite3_file *
sq_log(struct sq_db *s)
{
	for (int tries = 0; tries < 2; tries++) {
		sqlite3_file *f = NULL;
		if (sqlite3_file_control(s->h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK)
			return NULL;
		if (f != NULL && f->pMethods != NULL)
			return f;
		sqlite3_exec(s->h, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL);
	}
	return NULL;
}

/*
 * Returns once this connection's last commit is on disk: the group commit.
 * The first committer to take sync_lock syncs the log for every commit
 * numbered so far (all of them are in the log, as each is numbered after
 * it is written); those waiting behind it then find theirs synced. Called
 * after the commit, outside the writers' queue, so that the next writer
 * need not wait for the disk; the sync goes through this connection's own
 * handle on the log, as the writer's is another thread's by then. A failed
 * sync is an error: the commit is in the database but may not survive a
 * power loss, and is not acknowledged.
 */
static int
sq_durable(struct sq_db *s)
{
	uint64_t mine = s->unsynced;
	if (mine == 0 || s->is_writer || !sqlite3_get_autocommit(s->h))
		return SC_OK;
	s->unsynced = 0;
	struct write_queue *q = s->queue;
	int rc = SQLITE_OK;
	pthread_mutex_lock(&q->sync_lock);
	if (q->synced < mine) {
		uint64_t upto = atomic_load(&q->committed);
		sqlite3_file *log = sq_log(s);
		rc = log != NULL ? log->pMethods->xSync(log, SQLITE_SYNC_NORMAL) : SQLITE_NOTFOUND;
		if (rc == SQLITE_OK) {
			q->synced = upto;
			atomic_fetch_add(&q->syncs, 1);
		}
	}
	pthread_mutex_unlock(&q->sync_lock);
	if (rc != SQLITE_OK) {
		db_set_error(&s->base, "sqlite: the commit was written but the write-ahead log could not be "
			     "synced to disk (error %d)", rc);
		return SC_EDB;
	}
	return SC_OK;
}

/* Ends the batch's read transaction, if open. Only statements that write
 * keep COMMIT from ending it; none of the batch's did. */
static void
sq_end_read(struct sq_db *s)
{
	if (!s->reading)
		return;
	s->reading = false;
	/* It wrote nothing: should COMMIT fail, ROLLBACK ends it the same,
	 * so that no later write is left inside it uncommitted. */
	if (!sqlite3_get_autocommit(s->h) && sq_tx(s, TX_COMMIT, NULL) != SQLITE_OK)
		sq_tx(s, TX_ROLLBACK, NULL);
}

static int
sq_exec(struct db *db, const char *sql)
{
	struct sq_db *s = (struct sq_db *)db;
	if (s->via != NULL) {
		/* the transaction the writer runs for this connection */
		struct sq_db *w = s->via;
		int rc = sq_exec(&w->base, sql);
		if (rc != SC_OK)
			sq_pass_error(w);
		sq_dequeue(s);
		int d = sq_durable(s);
		return rc != SC_OK ? rc : d;
	}
	sq_end_read(s);
	for (int k = 0; k < (int)(sizeof tx_sql / sizeof tx_sql[0]); k++)
		if (strcmp(sql, tx_sql[k]) == 0) {
			int rc = sq_tx(s, k, db);
			sq_dequeue(s);
			int d = sq_durable(s);
			return rc != SQLITE_OK ? sq_rc_code(rc) : d;
		}
	char *msg = NULL;
	int rc = sqlite3_exec(s->h, sql, NULL, NULL, &msg);
	sq_dequeue(s);
	int d = sq_durable(s);
	if (rc != SQLITE_OK) {
		int r = sq_rc(db, s->h, rc);
		if (msg != NULL)
			db_set_error(db, "sqlite: %s", msg);
		sqlite3_free(msg);
		return r;
	}
	return d;
}

static int sq_open(const char *path, int busy_ms, struct write_queue *q, bool is_writer, struct sq_db **out,
		   char *err, size_t errlen);

/*
 * The file's writer, opened at the first write transaction (the caller
 * holds the queue). Every write transaction of the process on the file
 * runs on this one connection, each in turn: its page cache stays warm,
 * where each commit empties every other connection's (decision 71), so a
 * write reads the pages it changes from memory, not from the disk cache
 * with a system call each. NULL if it cannot be opened: the transaction
 * then runs on the caller's own connection, as before.
 */
static struct sq_db *
sq_writer(struct sq_db *s)
{
	struct write_queue *q = s->queue;
	struct sq_db *w = q->writer;
	if (w != NULL && (w->dev != s->dev || w->ino != s->ino)) {
		/* the file was removed and made again at the path: the writer
		 * serves the one there now, a caller on the old one writes alone */
		struct stat now;
		if (stat(q->path, &now) != 0 || now.st_dev != s->dev || now.st_ino != s->ino)
			return NULL;
		sq_free(w);
		q->writer = w = NULL;
	}
	if (w == NULL) {
		char err[256];
		if (sq_open(q->path, s->busy_ms, q, true, &w, err, sizeof err) != SC_OK)
			return NULL;
		if (w->dev != s->dev || w->ino != s->ino) {
			sq_free(w);
			return NULL;
		}
		q->writer = w;
	}
	return w;
}

static int
sq_begin_write(struct db *db)
{
	struct sq_db *s = (struct sq_db *)db;
	if (s->via != NULL)
		return sq_exec(db, "BEGIN IMMEDIATE"); /* already in one: SQLite's error */
	sq_end_read(s);
	if (!sqlite3_get_autocommit(s->h)) {
		/* a transaction of its own (db_begin_read) is open */
		db_set_error(db, "sqlite: cannot start a transaction within a transaction");
		return SC_EDB;
	}
	if (s->queue != NULL && !s->queued) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->busy_ms / 1000;
		until.tv_nsec += (long)(s->busy_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		int e = pthread_mutex_timedlock(&s->queue->lock, &until);
		if (e == ETIMEDOUT) {
			db_set_error(db, "sqlite: database is locked (waited %d ms for another writer)", s->busy_ms);
			return SC_EBUSY;
		}
		if (e != 0) {
			db_set_error(db, "sqlite: cannot wait for the writers' queue (%s)", strerror(e));
			return SC_EDB;
		}
		s->queued = true;
		struct sq_db *w = s->is_writer ? NULL : sq_writer(s);
		if (w != NULL) {
			/* the caller's foreign-key setting holds in its transaction */
			int fk = 1, wfk = 1;
			sqlite3_db_config(s->h, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &fk);
			sqlite3_db_config(w->h, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &wfk);
			if (fk != wfk)
				sqlite3_db_config(w->h, SQLITE_DBCONFIG_ENABLE_FKEY, fk, NULL);
			/* and whether its commits are synced (the demo's load's are not) */
			if (w->sync_commits != s->sync_commits &&
			    sq_exec(&w->base, s->sync_commits ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=OFF") ==
				    SC_OK)
				w->sync_commits = s->sync_commits;
			w->owner = s;
			s->via = w;
		}
	}
	int rc = sq_exec(db, "BEGIN IMMEDIATE");
	if (rc != SC_OK)
		sq_dequeue(s);
	return rc;
}

static void
sq_close(struct db *db)
{
	struct sq_db *s = (struct sq_db *)db;
	if (s->via != NULL) {
		/* a transaction left open: the writer's, rolled back; a writer
		 * that cannot roll back is closed (the queue is still held) */
		struct sq_db *w = s->via;
		if (sq_tx(w, TX_ROLLBACK, NULL) != SQLITE_OK && !sqlite3_get_autocommit(w->h)) {
			s->queue->writer = NULL;
			sq_free(w);
		} else {
			w->owner = NULL;
			w->unsynced = 0;
		}
		s->via = NULL;
	}
	if (s->queued) {
		s->queued = false;
		pthread_mutex_unlock(&s->queue->lock);
	}
	struct write_queue *q = s->is_writer ? NULL : s->queue;
	sq_free(s);
	if (q == NULL)
		return;
	/* the last connection on the file closes its writer */
	struct sq_db *w = NULL;
	pthread_mutex_lock(&queues_lock);
	if (--q->users == 0) {
		w = q->writer;
		q->writer = NULL;
	}
	pthread_mutex_unlock(&queues_lock);
	if (w != NULL)
		sq_free(w);
}

/* Frees a connection: its statements, then SQLite's handle. */
static void
sq_free(struct sq_db *s)
{
	for (int i = 0; i < s->ncache; i++) {
		sqlite3_finalize(s->cache[i]->st);
		db_stmt_memo_free(&s->cache[i]->base);
		free(s->cache[i]);
	}
	for (int i = 0; i < s->nproxies; i++) {
		db_stmt_memo_free(&s->proxies[i]->base);
		free(s->proxies[i]);
	}
	for (size_t k = 0; k < sizeof s->tx / sizeof s->tx[0]; k++)
		sqlite3_finalize(s->tx[k]);
	sqlite3_close_v2(s->h);
	free(s);
}

static void
sq_read_batch(struct db *db, int mode)
{
	struct sq_db *s = (struct sq_db *)db;
	sq_end_read(s);
	if (mode != DB_BATCH_FRESH)
		s->batch = mode == DB_BATCH_ON;
}

/* True for a statement that reads only: SELECT or WITH (after any
 * comment, such as DB_GENERIC_PLAN), and SQLite says it writes nothing
 * (not VACUUM, BEGIN, PRAGMA, ...). */
static bool
sq_batchable(sqlite3_stmt *st, const char *text)
{
	for (;;) {
		while (*text == ' ' || *text == '\n' || *text == '\t')
			text++;
		const char *end = strncmp(text, "/*", 2) == 0 ? strstr(text + 2, "*/") : NULL;
		if (end == NULL)
			break;
		text = end + 2;
	}
	return sqlite3_stmt_readonly(st) &&
	       (strncasecmp(text, "SELECT", 6) == 0 || strncasecmp(text, "WITH", 4) == 0);
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql);

/*
 * In a write transaction the writer runs: the writer's statement for sql,
 * behind a proxy of the caller's own. The writer's statements are the next
 * transaction's, perhaps another thread's, as soon as this one ends; the
 * proxy is the caller's alone and knows its transaction, so a statement
 * used after its transaction (or prepared before it) refuses instead of
 * touching what another thread may be running (sq_live()).
 */
static struct db_stmt *
sq_proxy(struct sq_db *s, const char *sql)
{
	struct sq_db *w = s->via;
	struct sq_stmt *target = (struct sq_stmt *)sq_prepare(&w->base, sql);
	if (target == NULL) {
		sq_pass_error(w);
		return NULL;
	}
	struct sq_stmt *c = NULL;
	for (int i = 0; i < s->nproxies && c == NULL; i++)
		if (s->proxies[i]->key == sql)
			c = s->proxies[i];
	if (c == NULL) {
		c = calloc(1, sizeof *c);
		if (c == NULL) {
			db_set_error(&s->base, "out of memory");
			return NULL;
		}
		if (s->nproxies == STMT_CACHE) {
			db_stmt_memo_free(&s->proxies[0]->base);
			free(s->proxies[0]);
			memmove(&s->proxies[0], &s->proxies[1], (STMT_CACHE - 1) * sizeof s->proxies[0]);
			s->nproxies--;
		}
		s->proxies[s->nproxies++] = c;
		c->base.db = &s->base;
		c->key = sql;
		c->proxy = true;
	}
	c->st = target->st;
	c->serial = s->serial;
	c->started = false;
	c->changes = 0;
	return &c->base;
}

/* The SQLite statement of c, or NULL when c may not run: a proxy whose
 * transaction has ended, or a statement of the caller's own while the
 * writer runs its transaction (it would run outside it). NULL leaves a
 * message on the caller's connection. */
static sqlite3_stmt *
sq_live(struct sq_stmt *c)
{
	struct sq_db *s = (struct sq_db *)c->base.db;
	if (c->proxy ? s->via != NULL && c->serial == s->serial : s->via == NULL)
		return c->st;
	db_set_error(&s->base, "sqlite: a statement used across a write transaction's start or end");
	return NULL;
}

/* The connection whose handle runs c: the writer for a proxy. */
static sqlite3 *
sq_handle(struct sq_stmt *c)
{
	struct sq_db *s = (struct sq_db *)c->base.db;
	return c->proxy && s->via != NULL ? s->via->h : s->h;
}

static struct db_stmt *
sq_prepare(struct db *db, const char *sql)
{
	struct sq_db *s = (struct sq_db *)db;
	if (s->via != NULL)
		return sq_proxy(s, sql);
	for (int i = 0; i < s->ncache; i++) {
		if (s->cache[i]->key == sql) {
			struct sq_stmt *c = s->cache[i];
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			c->started = false;
			c->changes = 0;
			return &c->base;
		}
	}
	char *text = sq_rewrite(sql);
	if (text == NULL) {
		db_set_error(db, "out of memory");
		return NULL;
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(s->h, text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	bool batchable = rc == SQLITE_OK && sq_batchable(st, text);
	free(text);
	if (rc != SQLITE_OK) {
		sq_rc(db, s->h, rc);
		return NULL;
	}
	struct sq_stmt *c = calloc(1, sizeof *c);
	if (c == NULL) {
		sqlite3_finalize(st);
		db_set_error(db, "out of memory");
		return NULL;
	}
	c->base.db = db;
	c->st = st;
	c->key = sql;
	c->batchable = batchable;
	if (s->ncache == STMT_CACHE) {
		/* Evict the oldest entry; a full cache means a caller is
		 * preparing built strings, which it should not. */
		sqlite3_finalize(s->cache[0]->st);
		db_stmt_memo_free(&s->cache[0]->base);
		free(s->cache[0]);
		memmove(&s->cache[0], &s->cache[1], (STMT_CACHE - 1) * sizeof s->cache[0]);
		s->ncache--;
	}
	s->cache[s->ncache++] = c;
	return &c->base;
}

static int
sq_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	struct sq_stmt *c = (struct sq_stmt *)st;
	sqlite3_stmt *h = sq_live(c);
	int rc = h == NULL ? SQLITE_MISUSE : sqlite3_bind_int64(h, idx, v);
	return rc == SQLITE_OK ? SC_OK : h == NULL ? SC_EDB : sq_rc(st->db, sq_handle(c), rc);
}

static int
sq_bind_text(struct db_stmt *st, int idx, const char *s)
{
	struct sq_stmt *c = (struct sq_stmt *)st;
	sqlite3_stmt *h = sq_live(c);
	int rc = h == NULL ? SQLITE_MISUSE
		 : s == NULL ? sqlite3_bind_null(h, idx)
			     : sqlite3_bind_text(h, idx, s, -1, SQLITE_TRANSIENT);
	return rc == SQLITE_OK ? SC_OK : h == NULL ? SC_EDB : sq_rc(st->db, sq_handle(c), rc);
}

static int
sq_bind_text_kept(struct db_stmt *st, int idx, const char *s)
{
	struct sq_stmt *c = (struct sq_stmt *)st;
	sqlite3_stmt *h = sq_live(c);
	int rc = h == NULL ? SQLITE_MISUSE
		 : s == NULL ? sqlite3_bind_null(h, idx)
			     : sqlite3_bind_text(h, idx, s, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? SC_OK : h == NULL ? SC_EDB : sq_rc(st->db, sq_handle(c), rc);
}

static int
sq_bind_null(struct db_stmt *st, int idx)
{
	struct sq_stmt *c = (struct sq_stmt *)st;
	sqlite3_stmt *h = sq_live(c);
	int rc = h == NULL ? SQLITE_MISUSE : sqlite3_bind_null(h, idx);
	return rc == SQLITE_OK ? SC_OK : h == NULL ? SC_EDB : sq_rc(st->db, sq_handle(c), rc);
}

static int
sq_step(struct db_stmt *st)
{
	struct sq_stmt *c = (struct sq_stmt *)st;
	struct sq_db *s = (struct sq_db *)st->db;
	sqlite3_stmt *h = sq_live(c);
	if (h == NULL)
		return SC_EDB;
	if (c->proxy) {
		/* in the writer's transaction: no batch, no commit at the end */
		c->started = true;
		int rc = sqlite3_step(h);
		if (rc == SQLITE_ROW)
			return DB_ROW;
		if (rc == SQLITE_DONE) {
			c->changes = sqlite3_changes64(s->via->h);
			return DB_DONE;
		}
		int r = sq_rc(st->db, s->via->h, sqlite3_extended_errcode(s->via->h));
		sqlite3_reset(h);
		return r;
	}
	if (!c->started && s->batch) {
		if (!c->batchable)
			sq_end_read(s);
		else if (!s->reading && sqlite3_get_autocommit(s->h))
			s->reading = sq_tx(s, TX_BEGIN, NULL) == SQLITE_OK;
	}
	c->started = true;
	int rc = sqlite3_step(c->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		c->changes = sqlite3_changes64(s->h);
		return DB_DONE;
	}
	int r = sq_rc(st->db, s->h, sqlite3_extended_errcode(s->h));
	sqlite3_reset(c->st);
	return r;
}

/* The statement whose columns are read: NULL for a proxy whose
 * transaction has ended (its columns read as NULL). */
static sqlite3_stmt *
sq_cols(struct db_stmt *st)
{
	struct sq_stmt *c = (struct sq_stmt *)st;
	struct sq_db *s = (struct sq_db *)st->db;
	return !c->proxy || (s->via != NULL && c->serial == s->serial) ? c->st : NULL;
}

static int64_t
sq_col_int(struct db_stmt *st, int col)
{
	sqlite3_stmt *h = sq_cols(st);
	return h != NULL ? sqlite3_column_int64(h, col) : 0;
}

static const char *
sq_col_text(struct db_stmt *st, int col)
{
	sqlite3_stmt *h = sq_cols(st);
	return h != NULL ? (const char *)sqlite3_column_text(h, col) : NULL;
}

static bool
sq_col_null(struct db_stmt *st, int col)
{
	sqlite3_stmt *h = sq_cols(st);
	return h == NULL || sqlite3_column_type(h, col) == SQLITE_NULL;
}

static int
sq_col_count(struct db_stmt *st)
{
	sqlite3_stmt *h = sq_cols(st);
	return h != NULL ? sqlite3_column_count(h) : 0;
}

static const char *
sq_col_name(struct db_stmt *st, int col)
{
	sqlite3_stmt *h = sq_cols(st);
	return h != NULL ? sqlite3_column_name(h, col) : NULL;
}

static int64_t
sq_changes(struct db_stmt *st)
{
	return ((struct sq_stmt *)st)->changes;
}

static void
sq_done(struct db_stmt *st)
{
	struct sq_stmt *c = (struct sq_stmt *)st;
	sqlite3_stmt *h = sq_cols(st);
	c->started = false;
	if (h == NULL)
		return;  /* a proxy after its transaction: the writer's is another's */
	sqlite3_reset(h);
	sqlite3_clear_bindings(h);
}

static const struct db_ops sq_ops = {
	.close = sq_close,
	.exec = sq_exec,
	.begin_write = sq_begin_write,
	.read_batch = sq_read_batch,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_text_kept = sq_bind_text_kept,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.changes = sq_changes,
	.done = sq_done,
};

/* SQLite counts the memory it allocates under a mutex of the process: every
 * allocation of every connection (each row's text, each page read) takes
 * it, so the request threads queued on it (pthread_mutex_lock about 5 % of
 * a page's CPU, decision 90). The program never reads the counts. Set once,
 * before SQLite starts; it refuses (harmlessly) if something started it. */
static pthread_once_t sq_configured = PTHREAD_ONCE_INIT;

static void
sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

int
db_sqlite_open(const char *path, int busy_ms, struct db **out, char *err, size_t errlen)
{
	*out = NULL;
	pthread_once(&sq_configured, sq_configure);
	struct sq_db *s = NULL;
	int rc = sq_open(path, busy_ms, write_queue_of(path), false, &s, err, errlen);
	if (rc == SC_OK)
		*out = &s->base;
	return rc;
}

/* Opens a connection on queue q (NULL: none), the writer of q or not. On
 * failure, q's user (counted by write_queue_of) is counted out. */
static int
sq_open(const char *path, int busy_ms, struct write_queue *q, bool is_writer, struct sq_db **out, char *err,
	size_t errlen)
{
	*out = NULL;
	struct sq_db *s = calloc(1, sizeof *s);
	if (s == NULL) {
		if (q != NULL && !is_writer) {
			pthread_mutex_lock(&queues_lock);
			q->users--;
			pthread_mutex_unlock(&queues_lock);
		}
		return SC_ENOMEM;
	}
	s->queue = q;
	s->is_writer = is_writer;
	s->base.ops = &sq_ops;
	s->base.kind = DB_SQLITE;
	int rc = sqlite3_open_v2(path, &s->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open SQLite database %s: %s", path,
			 s->h ? sqlite3_errmsg(s->h) : "out of memory");
		sq_close(&s->base);
		return SC_EDB;
	}
	sqlite3_extended_result_codes(s->h, 1);
	s->busy_ms = busy_ms > 0 ? busy_ms : 5000;
	sqlite3_busy_timeout(s->h, s->busy_ms);
	/* With a queue, commits sync through sq_durable (the group commit);
	 * without, each in SQLite. */
	static const char pragmas[] =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA cache_size=-2000;"
		"PRAGMA temp_store=MEMORY;";
	if (is_writer)
		sqlite3_wal_hook(s->h, sq_wal_hook, s);
	struct stat file;
	if (stat(path, &file) == 0) {
		s->dev = file.st_dev;
		s->ino = file.st_ino;
	}
	/* the writer's cache holds what the writes keep touching (indexes'
	 * upper pages, the tables being written): 64 MiB, allocated as used */
	if (sq_exec(&s->base, pragmas) != SC_OK || db_sqlite_sync_commits(&s->base, true) != SC_OK ||
	    (is_writer && sq_exec(&s->base, "PRAGMA cache_size=-65536") != SC_OK)) {
		snprintf(err, errlen, "cannot configure SQLite database %s: %s", path,
			 s->base.errmsg);
		sq_close(&s->base);
		return SC_EDB;
	}
	*out = s;
	return SC_OK;
}

int
db_sqlite_sync_commits(struct db *db, bool on)
{
	if (db == NULL || db->kind != DB_SQLITE)
		return SC_EINVAL;
	struct sq_db *s = (struct sq_db *)db;
	s->sync_commits = on;
	return sq_exec(db, !on ? "PRAGMA synchronous=OFF"
			       : s->is_writer ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL");
}

bool
db_commit_counts(struct db *db, uint64_t *committed, uint64_t *synced, uint64_t *syncs)
{
	*committed = *synced = *syncs = 0;
	if (db == NULL || db->kind != DB_SQLITE || ((struct sq_db *)db)->queue == NULL)
		return false;
	struct write_queue *q = ((struct sq_db *)db)->queue;
	pthread_mutex_lock(&q->sync_lock);
	*committed = atomic_load(&q->committed);
	*synced = q->synced;
	*syncs = atomic_load(&q->syncs);
	pthread_mutex_unlock(&q->sync_lock);
	return true;
}

void
db_sqlite_close_writer(struct db *db)
{
	if (db == NULL || db->kind != DB_SQLITE)
		return;
	struct sq_db *s = (struct sq_db *)db;
	struct write_queue *q = s->queue;
	if (q == NULL || s->queued || s->is_writer)
		return;
	pthread_mutex_lock(&q->lock);
	struct sq_db *w = q->writer;
	q->writer = NULL;
	pthread_mutex_unlock(&q->lock);
	if (w != NULL)
		sq_free(w);
}
