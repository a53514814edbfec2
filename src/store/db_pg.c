/*
 * db_pg.c — the PostgreSQL driver behind db.h, on libpq.
 *
 * Each connection runs in UTF8 with the session time zone set to UTC and
 * server notices discarded. Statements are prepared once per connection
 * under generated names ("s1", "s2", ...) and cached by the address of their
 * SQL text, like the SQLite driver; parameters are sent as text and the
 * server infers their types.
 *
 * A lost connection (the server restarted, the backend was terminated, the
 * network went away) must not poison later requests. Before a connection
 * is used outside a transaction it is checked without a round trip: an
 * idle connection has nothing to read, so anything readable is the
 * server's goodbye or the end of the stream. A lost one is re-opened (and
 * its statements re-prepared lazily) at most every RECONNECT_EVERY_MS;
 * between attempts, and when an attempt fails, statements fail at once
 * with SC_EUNAVAIL and the connection is marked unavailable, which the web
 * layer answers with 503 and Retry-After. A connection lost inside a
 * transaction reports the error so the caller rolls back: the work done is
 * gone, and the request was never acknowledged. Connecting is bounded by
 * connect_timeout, statements by statement_timeout, waits for row locks
 * by lock_timeout (docs/DECISIONS.md, 49).
 */
#include "db_impl.h"
#include "../util/err.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STMT_CACHE 128
/* A lost connection is tried again at most this often, so that requests
 * during an outage fail at once instead of each waiting to connect. */
#define RECONNECT_EVERY_MS 200

/* plan_cache_mode on a connection (decision 109): the server's own
 * setting, force_generic_plan for DB_GENERIC_PLAN's statements, or not
 * known (after a rollback, which undoes a SET made in its transaction):
 * then the next statement sets its mode whatever it is. */
enum { PLAN_UNKNOWN = -1, PLAN_SERVER = 0, PLAN_GENERIC = 1 };

struct pg_stmt {
	struct db_stmt base;
	const char *key;     /* the caller's SQL pointer */
	char name[24];       /* server-side prepared statement name */
	unsigned epoch;      /* connection epoch it was prepared in */
	int nparams;
	const char **vals;   /* what PQexecPrepared gets: NULL is SQL NULL */
	char **owned;        /* malloc'd text bound to each parameter */
	char (*nums)[24];    /* printed integers bound to each parameter */
	bool generic;        /* begins with DB_GENERIC_PLAN */
	PGresult *res;       /* result of the current execution, or NULL */
	int row;             /* current row in res */
	int nrows;
	bool started;
	int64_t changes;
};

struct pg_db {
	struct db base;
	PGconn *conn;
	unsigned long next_name;  /* counter for statement names */
	unsigned epoch;           /* bumped when the connection is re-opened */
	int busy_ms;              /* lock_timeout, like SQLite's busy timeout */
	int statement_timeout_ms; /* 0: none */
	bool read_only;           /* default_transaction_read_only */
	bool broken;              /* left unusable by pg_run(): open it again */
	int64_t retry_at_ms;      /* no reconnect attempt before (monotonic) */
	int plan_mode;            /* plan_cache_mode as this driver left it: PLAN_* */
	int ncache;
	struct pg_stmt *cache[STMT_CACHE];
};

static void
pg_notice_ignore(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Copies msg into db->errmsg without libpq's trailing newline. */
static void
pg_set_msg(struct db *db, const char *msg)
{
	if (msg == NULL || *msg == '\0')
		msg = "unknown error";
	size_t n = strcspn(msg, "\n");
	db_set_error(db, "postgresql: %.*s", (int)n, msg);
}

static int64_t
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Marks the connection unavailable (the server cannot be reached) and
 * returns SC_EUNAVAIL. */
static int
pg_unavailable(struct db *db)
{
	db->unavailable = true;
	return SC_EUNAVAIL;
}

/* Maps a failed result (res may be NULL) to an SC_ code and records the
 * message. A lost connection, and a server shutting down or starting up,
 * are SC_EUNAVAIL. */
static int
pg_fail(struct db *db, PGconn *conn, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (msg == NULL && res != NULL)
		msg = PQresultErrorMessage(res);
	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(conn);
	pg_set_msg(db, msg);
	if (PQstatus(conn) != CONNECTION_OK || ((struct pg_db *)db)->broken)
		return pg_unavailable(db);
	if (state != NULL && (strncmp(state, "08", 2) == 0 ||      /* connection exception */
			      strcmp(state, "57P01") == 0 ||        /* admin_shutdown */
			      strcmp(state, "57P02") == 0 ||        /* crash_shutdown */
			      strcmp(state, "57P03") == 0))         /* cannot_connect_now */
		return pg_unavailable(db);
	if (state == NULL)
		return res == NULL ? SC_ENOMEM : SC_EDB;
	if (strncmp(state, "23", 2) == 0)
		return SC_ECONFLICT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return SC_EBUSY;
	if (strcmp(state, "53200") == 0)  /* out_of_memory */
		return SC_ENOMEM;
	return SC_EDB;
}

/* Session settings every connection needs; run on open and on re-open. */
static int
pg_session_setup(struct pg_db *p)
{
	PQsetNoticeProcessor(p->conn, pg_notice_ignore, NULL);
	if (PQsetClientEncoding(p->conn, "UTF8") != 0) {
		pg_set_msg(&p->base, PQerrorMessage(p->conn));
		return SC_EDB;
	}
	/* Wait for row locks as long as SQLite waits for its lock, then fail
	 * with SC_EBUSY (55P03) rather than hang a request thread; and no
	 * statement longer than statement_timeout. No JIT: the product's
	 * statements are short, and a view over tables without statistics
	 * yet (a kept table's fill after a load) was estimated at millions of
	 * rows and compiled for most of its time (decision 91). No parallel
	 * plans: a worker's start costs more than the short statements it
	 * would share (the leader's home at a million: 234-300 ms waiting for
	 * two workers to count overdue tasks in 0.5 ms; 26-50 ms without:
	 * decision 103). */
	char setup[288];
	snprintf(setup, sizeof setup,
		 "SET TIME ZONE 'UTC'; SET lock_timeout = %d; SET statement_timeout = %d; SET jit = off;"
		 " SET max_parallel_workers_per_gather = 0%s", p->busy_ms,
		 p->statement_timeout_ms, p->read_only ? "; SET default_transaction_read_only = on" : "");
	PGresult *res = PQexec(p->conn, setup);
	int rc = SC_OK;
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(&p->base, p->conn, res);
	PQclear(res);
	return rc;
}

/*
 * True when the connection is open as far as can be told without a round
 * trip. Between statements the server sends nothing we asked for, so a
 * readable socket means it said goodbye (FATAL: terminating connection)
 * or closed it; reading that input lets libpq see the connection is bad.
 */
static bool
pg_alive(struct pg_db *p)
{
	if (p->broken)
		return false;
	for (int i = 0; i < 4 && PQstatus(p->conn) == CONNECTION_OK; i++) {
		struct pollfd pfd = {.fd = PQsocket(p->conn), .events = POLLIN};
		if (pfd.fd < 0)
			return false;
		if (poll(&pfd, 1, 0) <= 0)
			return true;
		if (PQconsumeInput(p->conn) == 0)
			return false;
		/* A notice or a goodbye was read: drop any result it made. */
		while (!PQisBusy(p->conn)) {
			PGresult *res = PQgetResult(p->conn);
			if (res == NULL)
				break;
			PQclear(res);
		}
	}
	return PQstatus(p->conn) == CONNECTION_OK;
}

/*
 * Makes sure the connection is open before it is used. Outside a
 * transaction a lost connection is re-opened (at most every
 * RECONNECT_EVERY_MS); inside one the work so far is gone and the caller
 * must see the error and roll back. Cached statements are re-prepared
 * lazily by pg_prepare (epoch mismatch). Returns 0 or SC_EUNAVAIL.
 */
static int
pg_ensure(struct pg_db *p)
{
	if (p->base.in_tx) {
		if (PQstatus(p->conn) == CONNECTION_OK && !p->broken)
			return SC_OK;
		pg_set_msg(&p->base, "the connection was lost inside a transaction");
		return pg_unavailable(&p->base);
	}
	if (pg_alive(p))
		return SC_OK;
	int64_t now = mono_ms();
	if (now < p->retry_at_ms) {
		pg_set_msg(&p->base, "the database could not be reached a moment ago");
		return pg_unavailable(&p->base);
	}
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		p->retry_at_ms = now + RECONNECT_EVERY_MS;
		pg_set_msg(&p->base, PQerrorMessage(p->conn));
		return pg_unavailable(&p->base);
	}
	p->epoch++;
	p->plan_mode = PLAN_SERVER;
	p->broken = false;
	int rc = pg_session_setup(p);
	return rc == SC_OK || rc == SC_EUNAVAIL ? rc : pg_unavailable(&p->base);
}

static void
pg_clear_bindings(struct pg_stmt *c)
{
	for (int i = 0; i < c->nparams; i++) {
		free(c->owned[i]);
		c->owned[i] = NULL;
		c->vals[i] = NULL;
	}
}

static void
pg_clear_result(struct pg_stmt *c)
{
	PQclear(c->res);
	c->res = NULL;
	c->row = -1;
	c->nrows = 0;
}

static void
pg_stmt_free(struct pg_stmt *c)
{
	if (c == NULL)
		return;
	pg_clear_result(c);
	pg_clear_bindings(c);
	free(c->vals);
	free(c->owned);
	free(c->nums);
	db_stmt_memo_free(&c->base);
	free(c);
}

static void
pg_close(struct db *db)
{
	struct pg_db *p = (struct pg_db *)db;
	for (int i = 0; i < p->ncache; i++)
		pg_stmt_free(p->cache[i]);
	PQfinish(p->conn);
	free(p);
}

static int
pg_exec(struct db *db, const char *sql)
{
	struct pg_db *p = (struct pg_db *)db;
	int rc = pg_ensure(p);
	if (rc != SC_OK)
		return rc;
	/* PQexec runs several ;-separated statements and stops at the first
	 * failure, returning that failure. */
	PGresult *res = PQexec(p->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		rc = pg_fail(db, p->conn, res);
		if (rc == SC_EUNAVAIL && !db->in_tx && strncmp(sql, "BEGIN", 5) == 0 &&
		    PQstatus(p->conn) != CONNECTION_OK) {
			/* Lost between the check and BEGIN: nothing was done, so
			 * open it again and begin once more. */
			PQclear(res);
			p->retry_at_ms = 0;
			db->unavailable = false;
			rc = pg_ensure(p);
			if (rc != SC_OK)
				return rc;
			res = PQexec(p->conn, sql);
			st = PQresultStatus(res);
			rc = st == PGRES_COMMAND_OK ? SC_OK : pg_fail(db, p->conn, res);
		}
	} else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		/* COMMIT of a transaction poisoned by an earlier error "succeeds"
		 * by rolling back; the caller must not believe its work is saved. */
		db_set_error(db, "postgresql: transaction aborted by an earlier error; rolled back");
		rc = SC_EDB;
	}
	/* A rollback undoes a SET of plan_cache_mode made inside its
	 * transaction: which mode is on is no longer known. */
	if (rc != SC_OK || strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		p->plan_mode = PLAN_UNKNOWN;
	PQclear(res);
	return rc;
}

/*
 * Runs c's prepared statement under the plan_cache_mode it needs. When
 * the connection is in the other mode, the SET goes in the same round
 * trip: a pipeline of the SET, the statement and one sync, so a page
 * whose statements alternate pays no wait for it. Outside a transaction
 * the two run in one implicit transaction that commits at the sync, so an
 * error after the statement's own result (a deferred constraint, a
 * serialization failure at commit) is the statement's error, and a failure
 * of either undoes the SET: the mode is known afterwards only when all
 * succeeded. A pipeline that cannot be sent or ended whole leaves the
 * connection marked broken (opened again before its next use, or
 * unavailable inside a transaction) rather than in pipeline mode.
 * Returns the statement's result (or the SET's error, or the commit's);
 * NULL when out of memory or the connection failed.
 */
static PGresult *
pg_run(struct pg_db *p, struct pg_stmt *c)
{
	int want = c->generic ? PLAN_GENERIC : PLAN_SERVER;
	if (p->plan_mode == want)
		return PQexecPrepared(p->conn, c->name, c->nparams, c->vals, NULL, NULL, 0);
	p->plan_mode = PLAN_UNKNOWN;
	if (PQenterPipelineMode(p->conn) != 1) {
		p->broken = true;
		return NULL;
	}
	const char *set = c->generic ? "SET plan_cache_mode = force_generic_plan" : "RESET plan_cache_mode";
	bool sent = PQsendQueryParams(p->conn, set, 0, NULL, NULL, NULL, NULL, 0) == 1 &&
		    PQsendQueryPrepared(p->conn, c->name, c->nparams, c->vals, NULL, NULL, 0) == 1;
	/* A sync even after a failed send: the server answers only then. */
	bool synced = PQpipelineSync(p->conn) == 1;
	/* Each command's results end with NULL; the sync's result ends the
	 * pipeline. results[0] the SET's, [1] the statement's, [2] an error
	 * after them. Bounded, for a connection that fails on the way. */
	PGresult *results[3] = {NULL, NULL, NULL};
	bool ended = false;
	int cmd = 0;
	for (int guard = 0; synced && guard < 16; guard++) {
		PGresult *r = PQgetResult(p->conn);
		if (r == NULL) {
			if (PQstatus(p->conn) != CONNECTION_OK)
				break;
			cmd++;
			continue;
		}
		ExecStatusType rs = PQresultStatus(r);
		if (rs == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			ended = true;
			break;
		}
		int slot = cmd < 2 ? cmd : 2;
		if (results[slot] == NULL && (slot < 2 || rs == PGRES_FATAL_ERROR))
			results[slot] = r;
		else
			PQclear(r);
	}
	if (!ended || PQexitPipelineMode(p->conn) != 1) {
		p->broken = true;
		if (PQstatus(p->conn) == CONNECTION_OK)
			pg_set_msg(&p->base, "the connection was left inside a pipeline");
		PQclear(results[0]);
		PQclear(results[1]);
		PQclear(results[2]);
		return NULL;
	}
	ExecStatusType s0 = PQresultStatus(results[0]);
	ExecStatusType s1 = PQresultStatus(results[1]);
	if (results[0] != NULL && s0 != PGRES_COMMAND_OK) {
		/* The SET failed (an aborted transaction, say): its error is
		 * the one to report; the statement did not run. */
		PQclear(results[1]);
		PQclear(results[2]);
		return results[0];
	}
	PQclear(results[0]);
	if (results[2] != NULL && (s1 == PGRES_TUPLES_OK || s1 == PGRES_COMMAND_OK)) {
		PQclear(results[1]);
		return results[2];
	}
	PQclear(results[2]);
	if (sent && (s1 == PGRES_TUPLES_OK || s1 == PGRES_COMMAND_OK))
		p->plan_mode = want;
	return results[1];
}

static int
pg_begin_write(struct db *db)
{
	return pg_exec(db, "BEGIN ISOLATION LEVEL READ COMMITTED");
}

/* Prepares c->key on the server under c->name and sizes the parameter
 * arrays from the server's own count of $N placeholders. */
static int
pg_server_prepare(struct pg_db *p, struct pg_stmt *c)
{
	PGresult *res = PQprepare(p->conn, c->name, c->key, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = pg_fail(&p->base, p->conn, res);
		PQclear(res);
		return rc;
	}
	PQclear(res);
	res = PQdescribePrepared(p->conn, c->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = pg_fail(&p->base, p->conn, res);
		PQclear(res);
		return rc;
	}
	int n = PQnparams(res);
	PQclear(res);

	pg_clear_bindings(c);
	free(c->vals);
	free(c->owned);
	free(c->nums);
	c->nparams = 0;
	size_t cap = n > 0 ? (size_t)n : 1;
	c->vals = calloc(cap, sizeof *c->vals);
	c->owned = calloc(cap, sizeof *c->owned);
	c->nums = calloc(cap, sizeof *c->nums);
	if (c->vals == NULL || c->owned == NULL || c->nums == NULL) {
		db_set_error(&p->base, "out of memory");
		return SC_ENOMEM;
	}
	c->nparams = n;
	c->epoch = p->epoch;
	return SC_OK;
}

/* Drops the server side of an evicted statement. Failure (e.g. inside an
 * aborted transaction) only leaks a name that is never reused. */
static void
pg_deallocate(struct pg_db *p, const struct pg_stmt *c)
{
	char sql[64];
	snprintf(sql, sizeof sql, "DEALLOCATE %s", c->name);
	PQclear(PQexec(p->conn, sql));
}

static struct db_stmt *
pg_prepare(struct db *db, const char *sql)
{
	struct pg_db *p = (struct pg_db *)db;
	if (pg_ensure(p) != SC_OK)
		return NULL;
	for (int i = 0; i < p->ncache; i++) {
		if (p->cache[i]->key == sql) {
			struct pg_stmt *c = p->cache[i];
			pg_clear_result(c);
			pg_clear_bindings(c);
			c->started = false;
			c->changes = 0;
			if (c->epoch != p->epoch && pg_server_prepare(p, c) != SC_OK)
				return NULL;
			return &c->base;
		}
	}
	struct pg_stmt *c = calloc(1, sizeof *c);
	if (c == NULL) {
		db_set_error(db, "out of memory");
		return NULL;
	}
	c->base.db = db;
	c->key = sql;
	c->generic = strncmp(sql, DB_GENERIC_PLAN, sizeof DB_GENERIC_PLAN - 1) == 0;
	c->row = -1;
	snprintf(c->name, sizeof c->name, "s%lu", ++p->next_name);
	if (pg_server_prepare(p, c) != SC_OK) {
		pg_stmt_free(c);
		return NULL;
	}
	if (p->ncache == STMT_CACHE) {
		/* Evict the oldest entry; a full cache means a caller is
		 * preparing built strings, which it should not. */
		pg_deallocate(p, p->cache[0]);
		pg_stmt_free(p->cache[0]);
		memmove(&p->cache[0], &p->cache[1], (STMT_CACHE - 1) * sizeof p->cache[0]);
		p->ncache--;
	}
	p->cache[p->ncache++] = c;
	return &c->base;
}

/* Checks a 1-based parameter index and frees what it held. */
static int
pg_param_slot(struct pg_stmt *c, int idx)
{
	if (idx < 1 || idx > c->nparams) {
		db_set_error(c->base.db, "postgresql: parameter $%d out of range (statement has %d)",
			     idx, c->nparams);
		return SC_EDB;
	}
	free(c->owned[idx - 1]);
	c->owned[idx - 1] = NULL;
	c->vals[idx - 1] = NULL;
	return SC_OK;
}

static int
pg_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	int rc = pg_param_slot(c, idx);
	if (rc != SC_OK)
		return rc;
	snprintf(c->nums[idx - 1], sizeof c->nums[idx - 1], "%" PRId64, v);
	c->vals[idx - 1] = c->nums[idx - 1];
	return SC_OK;
}

static int
pg_bind_text(struct db_stmt *st, int idx, const char *s)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	int rc = pg_param_slot(c, idx);
	if (rc != SC_OK || s == NULL)
		return rc;
	char *copy = strdup(s);
	if (copy == NULL) {
		db_set_error(st->db, "out of memory");
		return SC_ENOMEM;
	}
	c->owned[idx - 1] = copy;
	c->vals[idx - 1] = copy;
	return SC_OK;
}

static int
pg_bind_null(struct db_stmt *st, int idx)
{
	return pg_param_slot((struct pg_stmt *)st, idx);
}

/* The row count of an INSERT/UPDATE/DELETE/MERGE result; 0 for others. */
static int64_t
pg_result_changes(PGresult *res)
{
	const char *status = PQcmdStatus(res);
	if (status == NULL || strncmp(status, "SELECT", 6) == 0)
		return 0;
	const char *n = PQcmdTuples(res);
	return n != NULL && *n != '\0' ? strtoll(n, NULL, 10) : 0;
}

static int
pg_step(struct db_stmt *st)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	struct pg_db *p = (struct pg_db *)st->db;
	if (!c->started) {
		pg_clear_result(c);
		c->started = true;
		PGresult *res = pg_run(p, c);
		ExecStatusType s = PQresultStatus(res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			int rc = pg_fail(st->db, p->conn, res);
			PQclear(res);
			c->started = false;  /* like sqlite3_reset: a new step re-runs */
			return rc;
		}
		c->res = res;
		c->nrows = PQntuples(res);
		c->row = -1;
	}
	if (++c->row < c->nrows)
		return DB_ROW;
	/* Completed: like SQLite's auto-reset, a further step re-executes. */
	c->changes = pg_result_changes(c->res);
	pg_clear_result(c);
	c->started = false;
	return DB_DONE;
}

/* True when (current row, col) names a field of the current result. */
static bool
pg_has_field(const struct pg_stmt *c, int col)
{
	return c->res != NULL && c->row >= 0 && c->row < c->nrows &&
	       col >= 0 && col < PQnfields(c->res);
}

static int64_t
pg_col_int(struct db_stmt *st, int col)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	if (!pg_has_field(c, col) || PQgetisnull(c->res, c->row, col))
		return 0;
	const char *v = PQgetvalue(c->res, c->row, col);
	/* Booleans arrive as t/f; our schemas use 0/1 but comparisons in a
	 * select list (SELECT x > 0) still yield booleans. */
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtoll(v, NULL, 10);
}

static const char *
pg_col_text(struct db_stmt *st, int col)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	if (!pg_has_field(c, col) || PQgetisnull(c->res, c->row, col))
		return NULL;
	return PQgetvalue(c->res, c->row, col);
}

static bool
pg_col_null(struct db_stmt *st, int col)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	return !pg_has_field(c, col) || PQgetisnull(c->res, c->row, col);
}

static int
pg_col_count(struct db_stmt *st)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	return c->res != NULL ? PQnfields(c->res) : 0;
}

static const char *
pg_col_name(struct db_stmt *st, int col)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	return c->res != NULL && col >= 0 && col < PQnfields(c->res) ? PQfname(c->res, col) : NULL;
}

static int64_t
pg_changes(struct db_stmt *st)
{
	return ((struct pg_stmt *)st)->changes;
}

static void
pg_done(struct db_stmt *st)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	pg_clear_result(c);
	pg_clear_bindings(c);
	c->started = false;
}

static const struct db_ops pg_ops = {
	.close = pg_close,
	.exec = pg_exec,
	.begin_write = pg_begin_write,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_null = pg_col_null,
	.changes = pg_changes,
	.done = pg_done,
};

int
db_pg_open(const char *url, const struct db_options *o, struct db **out, char *err, size_t errlen)
{
	*out = NULL;
	struct pg_db *p = calloc(1, sizeof *p);
	if (p == NULL) {
		snprintf(err, errlen, "out of memory");
		return SC_ENOMEM;
	}
	p->base.ops = &pg_ops;
	p->base.kind = DB_POSTGRES;
	p->busy_ms = o->busy_ms > 0 ? o->busy_ms : 5000;
	p->statement_timeout_ms = o->statement_timeout_ms > 0 ? o->statement_timeout_ms : 0;
	p->read_only = o->read_only;
	/*
	 * Our settings come before the URL's, which win: a URL that names
	 * its own connect_timeout or keepalives keeps them. Keepalives find a
	 * server that vanished from the network while a connection is idle;
	 * PQreset() reuses all of these.
	 */
	char connect_timeout[16];
	snprintf(connect_timeout, sizeof connect_timeout, "%d", o->connect_timeout_s);
	const char *keys[8], *vals[8];
	int n = 0;
	keys[n] = "application_name";
	vals[n++] = o->name != NULL ? o->name : "secondchance";
	if (o->connect_timeout_s > 0) {
		keys[n] = "connect_timeout";
		vals[n++] = connect_timeout;
	}
	keys[n] = "keepalives_idle";
	vals[n++] = "30";
	keys[n] = "keepalives_interval";
	vals[n++] = "10";
	keys[n] = "keepalives_count";
	vals[n++] = "3";
	keys[n] = "dbname";
	vals[n++] = url;
	keys[n] = NULL;
	vals[n] = NULL;
	p->conn = PQconnectdbParams(keys, vals, 1);
	if (p->conn == NULL) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: out of memory");
		free(p);
		return SC_ENOMEM;
	}
	if (PQstatus(p->conn) != CONNECTION_OK) {
		/* The message names host and port but never the password. */
		const char *msg = PQerrorMessage(p->conn);
		snprintf(err, errlen, "cannot connect to PostgreSQL: %.*s",
			 (int)strcspn(msg, "\n"), msg);
		pg_close(&p->base);
		return SC_EDB;
	}
	int rc = pg_session_setup(p);
	if (rc != SC_OK) {
		snprintf(err, errlen, "cannot configure PostgreSQL session: %s", p->base.errmsg);
		pg_close(&p->base);
		return rc;
	}
	*out = &p->base;
	return SC_OK;
}

int
db_pg_copy(struct db *db, const char *sql, const char *data, size_t len)
{
	if (db->kind != DB_POSTGRES)
		return SC_EINVAL;
	struct pg_db *p = (struct pg_db *)db;
	pg_ensure(p);
	PGresult *res = PQexec(p->conn, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		int rc = pg_fail(db, p->conn, res);
		PQclear(res);
		return rc;
	}
	PQclear(res);
	/* libpq sends what it is given in pieces of its own; a piece of
	 * at most 1 MiB at a time keeps its buffer small. */
	int ok = 1;
	for (size_t at = 0; at < len && ok == 1;) {
		size_t n = len - at < (1u << 20) ? len - at : (1u << 20);
		ok = PQputCopyData(p->conn, data + at, (int)n);
		at += n;
	}
	if (PQputCopyEnd(p->conn, ok == 1 ? NULL : "the load stopped") != 1)
		ok = 0;
	int rc = SC_OK;
	while ((res = PQgetResult(p->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == SC_OK)
			rc = pg_fail(db, p->conn, res);
		PQclear(res);
	}
	if (rc == SC_OK && ok != 1)
		rc = pg_fail(db, p->conn, NULL);
	return rc;
}
