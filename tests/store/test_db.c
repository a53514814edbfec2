/*
 * test_db.c — contract tests for the store driver (src/store/db.h).
 *
 * The same tests run on both engines: against the PostgreSQL URL in
 * SC_TEST_DB_URL when set (scripts/pg-test.sh start DIR prints one), else
 * against a fresh SQLite file in a temporary directory. Every test drops and
 * recreates its own tables, so the suite can run again on the same database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "util/err.h"

static char url[4200];
static char tmpdir[4096];   /* SQLite only: the directory to remove */

/* One connection per test, opened in setup and closed in teardown. */
static int
open_conn(void **state)
{
	char err[256] = "";
	struct db *db = NULL;
	int rc = db_open(url, 2000, &db, err, sizeof err);
	if (rc != SC_OK) {
		fprintf(stderr, "db_open: %s\n", err);  /* not the URL: it may hold a password */
		return -1;
	}
	*state = db;
	return 0;
}

static int
close_conn(void **state)
{
	db_close(*state);
	*state = NULL;
	return 0;
}

/* Runs DDL that must succeed. */
static void
exec_ok(struct db *db, const char *sql)
{
	int rc = db_exec(db, sql);
	if (rc != SC_OK)
		fprintf(stderr, "db_exec failed: %s\n", db_errmsg(db));
	assert_int_equal(rc, SC_OK);
}

static const char count_sql[] = "SELECT count(*) FROM t_tx";

/* Number of rows in t_tx as seen by db. */
static int64_t
count_tx(struct db *db)
{
	struct db_stmt *st = db_prepare(db, count_sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	return n;
}

/* ---- round trip of every type, NULLs and UTF-8 ---- */

static const char people_ddl[] =
	"DROP TABLE IF EXISTS t_people;"
	"CREATE TABLE t_people (id BIGINT PRIMARY KEY, name TEXT NOT NULL,"
	" note TEXT, amount BIGINT)";
static const char people_ins[] =
	"INSERT INTO t_people (id, name, note, amount) VALUES ($1, $2, $3, $4)";
static const char people_sel[] =
	"SELECT id, name, note, amount FROM t_people ORDER BY id";

static void
test_roundtrip_types_null_utf8(void **state)
{
	struct db *db = *state;
	exec_ok(db, people_ddl);

	struct db_stmt *st = db_prepare(db, people_ins);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_bind_text(st, 2, "Åse Ødegård"), SC_OK);
	assert_int_equal(db_bind_text(st, 3, NULL), SC_OK);  /* NULL text is SQL NULL */
	assert_int_equal(db_bind_int(st, 4, INT64_MAX), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(st), 1);
	db_done(st);

	st = db_prepare(db, people_ins);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, 2), SC_OK);
	assert_int_equal(db_bind_text(st, 2, "O'Brien \"quoted\" ; -- not a comment"), SC_OK);
	assert_int_equal(db_bind_text(st, 3, "日本語 ✓"), SC_OK);
	assert_int_equal(db_bind_null(st, 4), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);

	st = db_prepare(db, people_ins);
	assert_int_equal(db_bind_int(st, 1, 3), SC_OK);
	assert_int_equal(db_bind_text(st, 2, ""), SC_OK);   /* empty is not NULL */
	assert_int_equal(db_bind_text(st, 3, "x"), SC_OK);
	assert_int_equal(db_bind_int(st, 4, INT64_MIN), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);

	st = db_prepare(db, people_sel);
	assert_non_null(st);

	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	assert_string_equal(db_col_text(st, 1), "Åse Ødegård");
	assert_int_equal(strlen(db_col_text(st, 1)), 14);  /* bytes, not recoded */
	assert_true(db_col_null(st, 2));
	assert_null(db_col_text(st, 2));
	assert_int_equal(db_col_int(st, 2), 0);
	assert_false(db_col_null(st, 3));
	assert_true(db_col_int(st, 3) == INT64_MAX);

	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	assert_string_equal(db_col_text(st, 1), "O'Brien \"quoted\" ; -- not a comment");
	assert_string_equal(db_col_text(st, 2), "日本語 ✓");
	assert_true(db_col_null(st, 3));
	assert_int_equal(db_col_int(st, 3), 0);

	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 3);
	assert_false(db_col_null(st, 1));
	assert_string_equal(db_col_text(st, 1), "");
	assert_true(db_col_int(st, 3) == INT64_MIN);
	assert_string_equal(db_col_text(st, 0), "3");  /* integers read as text too */

	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

/* ---- db_changes ---- */

static const char changes_ddl[] =
	"DROP TABLE IF EXISTS t_changes;"
	"CREATE TABLE t_changes (id BIGINT PRIMARY KEY, v BIGINT NOT NULL);"
	"INSERT INTO t_changes (id, v) VALUES (1, 10), (2, 20), (3, 30), (4, 40)";
static const char changes_upd[] = "UPDATE t_changes SET v = v + 1 WHERE v >= $1";
static const char changes_del[] = "DELETE FROM t_changes WHERE id = $1";
static const char changes_sum[] = "SELECT sum(v) FROM t_changes";

static void
test_changes_counts_rows(void **state)
{
	struct db *db = *state;
	exec_ok(db, changes_ddl);

	struct db_stmt *st = db_prepare(db, changes_upd);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, 20), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(st), 3);
	db_done(st);

	st = db_prepare(db, changes_upd);
	assert_int_equal(db_bind_int(st, 1, 1000), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(st), 0);
	db_done(st);

	st = db_prepare(db, changes_del);
	assert_int_equal(db_bind_int(st, 1, 4), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(st), 1);
	db_done(st);

	st = db_prepare(db, changes_sum);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 10 + 21 + 31);
	db_done(st);
}

/* ---- constraint violations ---- */

static const char conflict_ddl[] =
	"DROP TABLE IF EXISTS t_conflict;"
	"CREATE TABLE t_conflict (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE,"
	" age BIGINT CHECK (age >= 0))";
static const char conflict_ins[] =
	"INSERT INTO t_conflict (id, email, age) VALUES ($1, $2, $3)";
static const char conflict_count[] = "SELECT count(*) FROM t_conflict";

/* Runs conflict_ins with the given values; returns db_step's result. */
static int
insert_conflict(struct db *db, int64_t id, const char *email, int64_t age)
{
	struct db_stmt *st = db_prepare(db, conflict_ins);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, id), SC_OK);
	assert_int_equal(db_bind_text(st, 2, email), SC_OK);
	assert_int_equal(db_bind_int(st, 3, age), SC_OK);
	int rc = db_step(st);
	db_done(st);
	return rc;
}

static void
test_constraint_violation_is_conflict(void **state)
{
	struct db *db = *state;
	exec_ok(db, conflict_ddl);

	assert_int_equal(insert_conflict(db, 1, "a@example.org", 30), DB_DONE);
	/* duplicate primary key */
	assert_int_equal(insert_conflict(db, 1, "b@example.org", 30), SC_ECONFLICT);
	assert_true(strlen(db_errmsg(db)) > 0);
	/* duplicate unique column */
	assert_int_equal(insert_conflict(db, 2, "a@example.org", 30), SC_ECONFLICT);
	/* check constraint */
	assert_int_equal(insert_conflict(db, 3, "c@example.org", -1), SC_ECONFLICT);
	/* not null */
	assert_int_equal(insert_conflict(db, 4, NULL, 1), SC_ECONFLICT);
	/* the statement is still usable after the failures */
	assert_int_equal(insert_conflict(db, 5, "e@example.org", 1), DB_DONE);

	struct db_stmt *st = db_prepare(db, conflict_count);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_done(st);
}

static void
test_sql_error_is_edb(void **state)
{
	struct db *db = *state;
	static const char bad[] = "SELECT * FROM t_no_such_table_anywhere WHERE id = $1";
	assert_null(db_prepare(db, bad));
	assert_non_null(strstr(db_errmsg(db), "t_no_such_table_anywhere"));
	assert_int_equal(db_exec(db, "THIS IS NOT SQL"), SC_EDB);
	assert_true(strlen(db_errmsg(db)) > 0);
	/* the connection still works */
	exec_ok(db, "SELECT 1");
}

/* ---- transactions ---- */

static const char tx_ddl[] =
	"DROP TABLE IF EXISTS t_tx;"
	"CREATE TABLE t_tx (id BIGINT PRIMARY KEY, name TEXT)";
static const char tx_ins[] = "INSERT INTO t_tx (id, name) VALUES ($1, $2)";

static void
insert_tx(struct db *db, int64_t id, int expect)
{
	struct db_stmt *st = db_prepare(db, tx_ins);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, id), SC_OK);
	assert_int_equal(db_bind_text(st, 2, "row"), SC_OK);
	assert_int_equal(db_step(st), expect);
	db_done(st);
}

static void
test_commit_persists(void **state)
{
	struct db *db = *state;
	exec_ok(db, tx_ddl);

	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 1, DB_DONE);
	insert_tx(db, 2, DB_DONE);
	assert_int_equal(db_commit(db), SC_OK);

	/* A second connection sees the committed rows. */
	struct db *other = NULL;
	char err[256];
	assert_int_equal(db_open(url, 2000, &other, err, sizeof err), SC_OK);
	assert_int_equal(count_tx(other), 2);
	db_close(other);
	assert_int_equal(count_tx(db), 2);
}

static void
test_rollback_discards(void **state)
{
	struct db *db = *state;
	exec_ok(db, tx_ddl);
	insert_tx(db, 1, DB_DONE);

	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 2, DB_DONE);
	insert_tx(db, 3, DB_DONE);
	assert_int_equal(count_tx(db), 3);  /* visible inside the transaction */
	assert_int_equal(db_rollback(db), SC_OK);
	assert_int_equal(count_tx(db), 1);

	/* A failed statement inside a transaction, then rollback: the
	 * connection is usable again and nothing of the transaction stays. */
	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 4, DB_DONE);
	insert_tx(db, 1, SC_ECONFLICT);
	assert_int_equal(db_rollback(db), SC_OK);
	assert_int_equal(count_tx(db), 1);

	/* Committing after a failed statement: PostgreSQL has aborted the
	 * transaction, so the commit must report failure and keep nothing;
	 * SQLite undid only the failed statement and commits the rest. */
	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 5, DB_DONE);
	insert_tx(db, 1, SC_ECONFLICT);
	if (db_kind(db) == DB_POSTGRES) {
		assert_int_equal(db_commit(db), SC_EDB);
		assert_non_null(strstr(db_errmsg(db), "aborted"));
		assert_int_equal(count_tx(db), 1);
	} else {
		assert_int_equal(db_commit(db), SC_OK);
		assert_int_equal(count_tx(db), 2);
	}
	exec_ok(db, "DELETE FROM t_tx WHERE id = 5");

	/* Rolling back with no transaction open is harmless. */
	assert_int_equal(db_rollback(db), SC_OK);

	/* A read transaction sees committed data and commits cleanly. */
	assert_int_equal(db_begin_read(db), SC_OK);
	assert_int_equal(count_tx(db), 1);
	assert_int_equal(db_commit(db), SC_OK);
}

/* ---- RETURNING ---- */

static const char ret_ddl_sqlite[] =
	"DROP TABLE IF EXISTS t_ret;"
	"CREATE TABLE t_ret (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";
static const char ret_ddl_pg[] =
	"DROP TABLE IF EXISTS t_ret;"
	"CREATE TABLE t_ret (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" name TEXT NOT NULL)";
static const char ret_ins[] = "INSERT INTO t_ret (name) VALUES ($1) RETURNING id";
static const char ret_sel[] = "SELECT name FROM t_ret WHERE id = $1";

static int64_t
insert_returning(struct db *db, const char *name)
{
	struct db_stmt *st = db_prepare(db, ret_ins);
	assert_non_null(st);
	assert_int_equal(db_bind_text(st, 1, name), SC_OK);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_changes(st), 1);
	db_done(st);
	return id;
}

static void
test_insert_returning_id(void **state)
{
	struct db *db = *state;
	exec_ok(db, db_kind(db) == DB_POSTGRES ? ret_ddl_pg : ret_ddl_sqlite);

	int64_t a = insert_returning(db, "first");
	int64_t b = insert_returning(db, "second");
	assert_true(a > 0);
	assert_true(b > a);

	struct db_stmt *st = db_prepare(db, ret_sel);
	assert_int_equal(db_bind_int(st, 1, b), SC_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "second");
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

/* ---- statement cache ---- */

static const char cache_ddl[] =
	"DROP TABLE IF EXISTS t_cache;"
	"CREATE TABLE t_cache (id BIGINT PRIMARY KEY, name TEXT);"
	"INSERT INTO t_cache (id, name) VALUES (1, 'one'), (2, 'two')";
static const char cache_sel[] = "SELECT name FROM t_cache WHERE id = $1";
static const char cache_sel_copy[] = "SELECT name FROM t_cache WHERE id = $1";

/* Reads the name of row id through stmt sql; NULL when there is none. */
static const char *
cache_name(struct db *db, const char *sql, int64_t id, struct db_stmt **out)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	*out = st;
	assert_int_equal(db_bind_int(st, 1, id), SC_OK);
	int rc = db_step(st);
	assert_true(rc == DB_ROW || rc == DB_DONE);
	return rc == DB_ROW ? db_col_text(st, 0) : NULL;
}

static void
test_statement_cache_and_rebind(void **state)
{
	struct db *db = *state;
	exec_ok(db, cache_ddl);

	struct db_stmt *s1, *s2, *s3;
	assert_string_equal(cache_name(db, cache_sel, 1, &s1), "one");
	db_done(s1);
	assert_string_equal(cache_name(db, cache_sel, 2, &s2), "two");
	db_done(s2);
	assert_ptr_equal(s1, s2);  /* same SQL pointer, same statement */

	/* Equal text at another address is another cache entry. */
	assert_string_equal(cache_name(db, cache_sel_copy, 1, &s3), "one");
	db_done(s3);
	assert_ptr_not_equal(s1, s3);

	/* Rebinding without db_done: the new value wins on the next use. */
	struct db_stmt *st = db_prepare(db, cache_sel);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_bind_int(st, 1, 2), SC_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "two");
	/* Preparing again mid-iteration resets the statement. */
	st = db_prepare(db, cache_sel);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "one");
	db_done(st);

	/* db_prepare clears bindings: an unbound parameter is NULL, which
	 * matches no row. */
	st = db_prepare(db, cache_sel);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);

	/* Binding outside the statement's parameters is an error. */
	st = db_prepare(db, cache_sel);
	assert_true(db_bind_int(st, 2, 1) < 0);
	assert_true(db_bind_int(st, 0, 1) < 0);
	db_done(st);
}

#define MANY_STMTS 140  /* more than the per-connection cache holds */

static void
test_statement_cache_eviction(void **state)
{
	struct db *db = *state;
	exec_ok(db, cache_ddl);

	/* Distinct addresses, as a caller wrongly building SQL would pass. */
	static char texts[MANY_STMTS][64];
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < MANY_STMTS; i++) {
			snprintf(texts[i], sizeof texts[i],
				 "SELECT name, %d FROM t_cache WHERE id = $1", i);
			struct db_stmt *st = db_prepare(db, texts[i]);
			assert_non_null(st);
			assert_int_equal(db_bind_int(st, 1, 2), SC_OK);
			assert_int_equal(db_step(st), DB_ROW);
			assert_string_equal(db_col_text(st, 0), "two");
			assert_int_equal(db_col_int(st, 1), i);
			assert_int_equal(db_step(st), DB_DONE);
			db_done(st);
		}
	}
	if (db_kind(db) == DB_POSTGRES) {
		/* Evicted statements were dropped on the server too. */
		static const char live[] = "SELECT count(*) FROM pg_prepared_statements";
		struct db_stmt *st = db_prepare(db, live);
		assert_int_equal(db_step(st), DB_ROW);
		assert_true(db_col_int(st, 0) <= 128);
		assert_true(db_col_int(st, 0) >= 100);
		db_done(st);
	}
}

/* ---- placeholders ---- */

static const char lit_ddl[] =
	"DROP TABLE IF EXISTS t_lit;"
	"CREATE TABLE t_lit (id BIGINT PRIMARY KEY, price TEXT, note TEXT)";
static const char lit_ins[] =
	"INSERT INTO t_lit (id, price, note) VALUES ($1, 'costs $2', $2)";
static const char lit_sel[] =
	"SELECT price, note FROM t_lit WHERE price = 'costs $2' AND id = $1";

static void
test_dollar_in_string_literal(void **state)
{
	struct db *db = *state;
	exec_ok(db, lit_ddl);

	struct db_stmt *st = db_prepare(db, lit_ins);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, 7), SC_OK);
	assert_int_equal(db_bind_text(st, 2, "$1 stays $1"), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);

	st = db_prepare(db, lit_sel);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, 7), SC_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "costs $2");
	assert_string_equal(db_col_text(st, 1), "$1 stays $1");
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

/* A column named in any order is found, and when two columns share a
 * name that name is the first of them, however the columns were asked
 * for before (db_col_index() starts after the last one found only when
 * every name is different). */
static const char sql_cols_unique[] = "SELECT 10 AS a, 11 AS b, 12 AS c";
static const char sql_cols_twice[] = "SELECT 20 AS a, 21 AS b, 22 AS a";

static void
test_columns_by_name(void **state)
{
	struct db *db = *state;
	struct db_stmt *st = db_prepare(db, sql_cols_unique);
	assert_non_null(st);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_index(st, "c"), 2);
		assert_int_equal(db_col_index(st, "a"), 0);
		assert_int_equal(db_col_index(st, "b"), 1);
		assert_int_equal(db_col_index(st, "c"), 2);
		assert_int_equal(db_col_index(st, "b"), 1);
		assert_int_equal(db_col_index(st, "none"), -1);
		assert_int_equal(db_col_int(st, db_col_index(st, "a")), 10);
		assert_int_equal(db_step(st), DB_DONE);
	}
	db_done(st);
	st = db_prepare(db, sql_cols_twice);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_index(st, "b"), 1);
	assert_int_equal(db_col_index(st, "a"), 0);
	assert_int_equal(db_col_index(st, "b"), 1);
	assert_int_equal(db_col_index(st, "a"), 0);
	assert_int_equal(db_col_int(st, db_col_index(st, "a")), 20);
	db_done(st);
}

/* ---- pool ---- */

static const char pool_one[] = "SELECT 41 + $1";

/* ---- DB_GENERIC_PLAN ---- */

static const char generic_count_sql[] = DB_GENERIC_PLAN "SELECT count(*) FROM t_tx";
static const char generic_mode_sql[] = DB_GENERIC_PLAN "SELECT current_setting('plan_cache_mode')";
static const char server_mode_sql[] = "SELECT current_setting('plan_cache_mode')";
static const char generic_insert_sql[] = DB_GENERIC_PLAN "INSERT INTO t_tx (id, name) VALUES ($1, 'again')";
/* PostgreSQL only: a unique constraint checked at commit. */
static const char deferred_ddl[] =
	"DROP TABLE IF EXISTS t_deferred;"
	"CREATE TABLE t_deferred (id BIGINT, CONSTRAINT t_deferred_once UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)";
static const char deferred_ins[] = "INSERT INTO t_deferred (id) VALUES ($1)";
static const char deferred_count[] = "SELECT count(*) FROM t_deferred";

/* The plan_cache_mode a statement runs under (PostgreSQL). */
static const char *
plan_mode(struct db *db, const char *sql, char *out, size_t len)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, len, "%s", db_col_text(st, 0));
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	return out;
}

/* A statement marked DB_GENERIC_PLAN runs like any other; on PostgreSQL
 * under force_generic_plan while the others keep the server's setting,
 * also after a rollback undid the driver's SET; on SQLite it reads in the
 * request's read batch like any other SELECT. */
static void
test_generic_plan(void **state)
{
	struct db *db = *state;
	exec_ok(db, tx_ddl);
	insert_tx(db, 1, DB_DONE);
	struct db_stmt *st = db_prepare(db, generic_count_sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);

	if (db_kind(db) != DB_POSTGRES) {
		/* In a read batch, a row committed by another connection after
		 * the batch's first read is not seen by the next. */
		db_read_batch(db, true);
		st = db_prepare(db, generic_count_sql);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), 1);
		db_done(st);
		struct db *other = NULL;
		char err[256];
		assert_int_equal(db_open(url, 2000, &other, err, sizeof err), SC_OK);
		insert_tx(other, 2, DB_DONE);
		db_close(other);
		st = db_prepare(db, generic_count_sql);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), 1);
		db_done(st);
		db_read_batch(db, false);
		assert_int_equal(count_tx(db), 2);
		return;
	}

	char mode[64];
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");
	assert_string_equal(plan_mode(db, server_mode_sql, mode, sizeof mode), "auto");
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");
	/* Set back to the server's inside a transaction that rolls back: the
	 * rollback puts force_generic_plan back, which the driver must not
	 * take for the server's setting. */
	assert_int_equal(db_begin_write(db), SC_OK);
	assert_string_equal(plan_mode(db, server_mode_sql, mode, sizeof mode), "auto");
	assert_int_equal(db_rollback(db), SC_OK);
	assert_string_equal(plan_mode(db, server_mode_sql, mode, sizeof mode), "auto");
	/* And the other way round. */
	assert_int_equal(db_begin_write(db), SC_OK);
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");
	assert_int_equal(db_rollback(db), SC_OK);
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");
	assert_string_equal(plan_mode(db, server_mode_sql, mode, sizeof mode), "auto");

	/* A statement that fails in the round trip that changes the mode:
	 * its own error comes back, and the failure undid the change (each
	 * time the mode the driver must not believe in is asked first). */
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");
	insert_tx(db, 1, SC_ECONFLICT);
	assert_string_equal(plan_mode(db, server_mode_sql, mode, sizeof mode), "auto");
	st = db_prepare(db, generic_insert_sql);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_step(st), SC_ECONFLICT);
	db_done(st);
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");

	/* A write in that round trip outside a transaction is committed:
	 * another connection sees it. */
	insert_tx(db, 3, DB_DONE);
	struct db *other = NULL;
	char err[256];
	assert_int_equal(db_open(url, 2000, &other, err, sizeof err), SC_OK);
	assert_int_equal(count_tx(other), 2);
	db_close(other);

	/* An error after the statement's own result, at the implicit
	 * commit (a deferred unique constraint), is the statement's error
	 * and nothing of it stays. */
	exec_ok(db, deferred_ddl);
	st = db_prepare(db, deferred_ins);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");
	st = db_prepare(db, deferred_ins);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_step(st), SC_ECONFLICT);
	db_done(st);
	assert_string_equal(plan_mode(db, server_mode_sql, mode, sizeof mode), "auto");
	st = db_prepare(db, deferred_count);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	/* In a transaction an error aborted, the change of mode fails as
	 * every statement does; after the rollback all runs as it should. */
	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 1, SC_ECONFLICT);   /* in the server's mode: no change */
	st = db_prepare(db, generic_mode_sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), SC_EDB);
	db_done(st);
	assert_int_equal(db_rollback(db), SC_OK);
	assert_string_equal(plan_mode(db, generic_mode_sql, mode, sizeof mode), "force_generic_plan");
	assert_string_equal(plan_mode(db, server_mode_sql, mode, sizeof mode), "auto");
	assert_int_equal(count_tx(db), 2);
}

static void
test_pool_distinct_connections(void **state)
{
	(void)state;
	struct db_pool *pool = NULL;
	char err[256] = "";
	assert_int_equal(db_pool_open(url, 3, 2000, &pool, err, sizeof err), SC_OK);
	assert_non_null(pool);

	struct db *c[3];
	for (int i = 0; i < 3; i++) {
		c[i] = db_pool_get(pool);
		assert_non_null(c[i]);
		struct db_stmt *st = db_prepare(c[i], pool_one);
		assert_non_null(st);
		assert_int_equal(db_bind_int(st, 1, i), SC_OK);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), 41 + i);
		db_done(st);
	}
	assert_ptr_not_equal(c[0], c[1]);
	assert_ptr_not_equal(c[0], c[2]);
	assert_ptr_not_equal(c[1], c[2]);

	/* A connection returned with a transaction open comes back clean. */
	assert_int_equal(db_begin_write(c[1]), SC_OK);
	db_pool_put(pool, c[1]);
	struct db *again = db_pool_get(pool);
	assert_ptr_equal(again, c[1]);
	assert_int_equal(db_begin_write(again), SC_OK);  /* would fail if still open on SQLite */
	assert_int_equal(db_rollback(again), SC_OK);

	db_pool_put(pool, again);
	db_pool_put(pool, c[0]);
	db_pool_put(pool, c[2]);
	db_pool_close(pool);
	db_pool_close(NULL);
}

/* ---- locks ---- */

static const char lock_ddl[] =
	"DROP TABLE IF EXISTS t_lock;"
	"CREATE TABLE t_lock (id BIGINT PRIMARY KEY, v BIGINT);"
	"INSERT INTO t_lock (id, v) VALUES (1, 0)";
static const char lock_upd[] = "UPDATE t_lock SET v = v + 1 WHERE id = $1";

static void
test_lock_conflict_is_busy(void **state)
{
	struct db *db = *state;
	exec_ok(db, lock_ddl);

	struct db *other = NULL;
	char err[256];
	assert_int_equal(db_open(url, 100, &other, err, sizeof err), SC_OK);

	assert_int_equal(db_begin_write(db), SC_OK);
	struct db_stmt *st = db_prepare(db, lock_upd);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);

	if (db_kind(other) == DB_SQLITE) {
		/* BEGIN IMMEDIATE waits busy_ms for the write lock, then gives up. */
		assert_int_equal(db_begin_write(other), SC_EBUSY);
	} else {
		/* Row lock held by db; other waits lock_timeout, then gives up. */
		assert_int_equal(db_begin_write(other), SC_OK);
		exec_ok(other, "SET LOCAL lock_timeout = '100ms'");
		st = db_prepare(other, lock_upd);
		assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
		assert_int_equal(db_step(st), SC_EBUSY);
		db_done(st);
		assert_int_equal(db_rollback(other), SC_OK);
	}
	assert_int_equal(db_commit(db), SC_OK);
	db_close(other);
}

/* ---- SQLite: one writer per file, and the group commit ---- */

/* The writer's tests run on SQLite only: PostgreSQL has no writer. */
static void
writer_tests_only(struct db *db)
{
	uint64_t c, s, n;
	if (!db_commit_counts(db, &c, &s, &n))
		skip();
}

/* After each write transaction's commit the log is synced up to it: every
 * commit numbered is counted synced; a single statement is synced by
 * SQLite on the caller's own connection. */
static void
test_commit_synced(void **state)
{
	struct db *db = *state;
	uint64_t c0, s0, n0, c1, s1, n1;
	writer_tests_only(db);
	exec_ok(db, tx_ddl);
	assert_true(db_commit_counts(db, &c0, &s0, &n0));
	assert_int_equal(s0, c0);

	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 1, DB_DONE);
	insert_tx(db, 2, DB_DONE);
	assert_int_equal(db_commit(db), SC_OK);
	assert_true(db_commit_counts(db, &c1, &s1, &n1));
	assert_int_equal(c1, c0 + 1);
	assert_int_equal(s1, c1);
	assert_int_equal(n1, n0 + 1);

	/* a write outside a transaction runs on the caller's own connection,
	 * which SQLite syncs at each commit (synchronous=FULL, 2): not
	 * numbered; the writer commits without (NORMAL, 1) and is synced
	 * after (an INSERT ... RETURNING read and reset commits in the reset,
	 * where SQLite calls no hook) */
	struct db_stmt *st = db_prepare(db, "PRAGMA synchronous");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_done(st);
	assert_int_equal(db_begin_write(db), SC_OK);
	st = db_prepare(db, "PRAGMA synchronous");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	assert_int_equal(db_rollback(db), SC_OK);
	insert_tx(db, 3, DB_DONE);
	st = db_prepare(db, "INSERT INTO t_tx (id, name) VALUES (5, 'five') RETURNING id");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 5);
	db_done(st);
	assert_true(db_commit_counts(db, &c0, &s0, &n0));
	assert_int_equal(c0, c1);
	assert_int_equal(s0, c0);

	/* a rollback commits nothing */
	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 4, DB_DONE);
	assert_int_equal(db_rollback(db), SC_OK);
	assert_true(db_commit_counts(db, &c1, &s1, &n1));
	assert_int_equal(c1, c0);
	assert_int_equal(count_tx(db), 4);

	/* a write transaction cannot start inside a read transaction */
	assert_int_equal(db_begin_read(db), SC_OK);
	assert_int_equal(db_begin_write(db), SC_EDB);
	assert_non_null(strstr(db_errmsg(db), "within a transaction"));
	assert_int_equal(db_rollback(db), SC_OK);
	assert_int_equal(db_begin_write(db), SC_OK);
	assert_int_equal(db_rollback(db), SC_OK);
}

#define WRITERS 6
#define WRITES 40

struct writer_arg {
	int index;
	int failures;
};

static void *
writer_thread(void *p)
{
	struct writer_arg *w = p;
	struct db *db = NULL;
	char err[256];
	if (db_open(url, 10000, &db, err, sizeof err) != SC_OK) {
		w->failures = WRITES;
		return NULL;
	}
	db_read_batch(db, true);
	for (int i = 0; i < WRITES; i++) {
		int64_t id = 1000 + (int64_t)w->index * WRITES + i;
		int rc = db_begin_write(db);
		struct db_stmt *st = rc == SC_OK ? db_prepare(db, tx_ins) : NULL;
		if (st != NULL) {
			db_bind_int(st, 1, id);
			db_bind_text(st, 2, "row");
			rc = db_step(st) == DB_DONE ? SC_OK : SC_EDB;
			db_done(st);
		}
		rc = rc == SC_OK && st != NULL ? db_commit(db) : SC_EDB;
		if (rc != SC_OK) {
			db_rollback(db);
			w->failures++;
			continue;
		}
		/* the connection reads its own write at once, its batch too */
		st = db_prepare(db, "SELECT count(*) FROM t_tx WHERE id = $1");
		if (st != NULL) {
			db_bind_int(st, 1, id);
			if (db_step(st) != DB_ROW || db_col_int(st, 0) != 1)
				w->failures++;
			db_done(st);
		}
	}
	db_close(db);
	return NULL;
}

/* Writers on threads of their own, each with its connection: every
 * transaction commits, each reads its own write back at once, and at the
 * end every commit is synced. */
static void
test_writers_take_turns(void **state)
{
	struct db *db = *state;
	uint64_t c0, s0, n0, c1, s1, n1;
	writer_tests_only(db);
	exec_ok(db, tx_ddl);
	assert_true(db_commit_counts(db, &c0, &s0, &n0));
	pthread_t t[WRITERS];
	struct writer_arg args[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		args[i] = (struct writer_arg){.index = i};
		assert_int_equal(pthread_create(&t[i], NULL, writer_thread, &args[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(args[i].failures, 0);
	}
	assert_int_equal(count_tx(db), WRITERS * WRITES);
	assert_true(db_commit_counts(db, &c1, &s1, &n1));
	assert_int_equal(c1, c0 + WRITERS * WRITES);
	assert_int_equal(s1, c1);
	assert_true(n1 - n0 <= WRITERS * WRITES);
}

/* A statement prepared before the write transaction began would run
 * outside it, and one prepared in it would run on the writer after it
 * ended: both are refused with a clear error, and change nothing. */
static void
test_statement_across_write(void **state)
{
	struct db *db = *state;
	writer_tests_only(db);
	exec_ok(db, tx_ddl);
	struct db_stmt *before = db_prepare(db, tx_ins);
	assert_non_null(before);
	assert_int_equal(db_begin_write(db), SC_OK);
	assert_int_equal(db_bind_int(before, 1, 1), SC_EDB);
	assert_int_equal(db_bind_text(before, 2, "row"), SC_EDB);
	assert_int_equal(db_step(before), SC_EDB);
	assert_non_null(strstr(db_errmsg(db), "across a write transaction"));
	db_done(before);
	struct db_stmt *inside = db_prepare(db, tx_ins);
	assert_non_null(inside);
	assert_int_equal(db_bind_int(inside, 1, 2), SC_OK);
	assert_int_equal(db_bind_text(inside, 2, "row"), SC_OK);
	assert_int_equal(db_commit(db), SC_OK);
	/* after the commit: refused, and done touches nothing */
	assert_int_equal(db_bind_int(inside, 1, 3), SC_EDB);
	assert_non_null(strstr(db_errmsg(db), "across a write transaction"));
	assert_int_equal(db_step(inside), SC_EDB);
	db_done(inside);
	assert_int_equal(count_tx(db), 0);
	/* prepared again in the next transaction, the same statement runs */
	assert_int_equal(db_begin_write(db), SC_OK);
	inside = db_prepare(db, tx_ins);
	assert_int_equal(db_bind_int(inside, 1, 4), SC_OK);
	assert_int_equal(db_bind_text(inside, 2, "row"), SC_OK);
	assert_int_equal(db_step(inside), DB_DONE);
	db_done(inside);
	assert_int_equal(db_commit(db), SC_OK);
	assert_int_equal(count_tx(db), 1);
}

/* Inserts a child of a missing parent in a write transaction: committed
 * when the insert gives want DB_DONE, else rolled back. */
static void
child_in_tx(struct db *db, int64_t id, int want)
{
	static const char child_ins[] = "INSERT INTO t_child (id, parent) VALUES ($1, 99)";
	assert_int_equal(db_begin_write(db), SC_OK);
	struct db_stmt *st = db_prepare(db, child_ins);
	assert_int_equal(db_bind_int(st, 1, id), SC_OK);
	assert_int_equal(db_step(st), want);
	db_done(st);
	assert_int_equal(want == DB_DONE ? db_commit(db) : db_rollback(db), SC_OK);
}

/* The writer runs each transaction with the caller's settings and gives
 * it its errors: a constraint's message, foreign keys on or off as the
 * caller set them. */
static void
test_writer_keeps_caller_settings(void **state)
{
	struct db *db = *state;
	writer_tests_only(db);
	exec_ok(db, "DROP TABLE IF EXISTS t_child; DROP TABLE IF EXISTS t_parent;"
		    "CREATE TABLE t_parent (id BIGINT PRIMARY KEY);"
		    "CREATE TABLE t_child (id BIGINT PRIMARY KEY, parent BIGINT REFERENCES t_parent(id))");
	/* on, as the connection opens: refused, with SQLite's message */
	child_in_tx(db, 1, SC_ECONFLICT);
	assert_non_null(strstr(db_errmsg(db), "FOREIGN KEY constraint failed"));
	exec_ok(db, "PRAGMA foreign_keys=OFF");
	child_in_tx(db, 2, DB_DONE);
	exec_ok(db, "PRAGMA foreign_keys=ON");
	child_in_tx(db, 3, SC_ECONFLICT);
	exec_ok(db, "DROP TABLE t_child; DROP TABLE t_parent");
}

/* Removes an SQLite database file with its log and shared memory. */
static void
remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char f[4200];
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
}

/* A database made again at the path while a connection on the removed
 * file is open: a new connection's writes reach the new file, the old
 * connection's its own. */
static void
test_writer_follows_a_new_file(void **state)
{
	(void)state;
	if (tmpdir[0] == '\0')
		skip();
	char path[sizeof tmpdir + 32], again[sizeof url], err[256];
	snprintf(path, sizeof path, "%s/anew.db", tmpdir);
	snprintf(again, sizeof again, "sqlite:%s", path);
	struct db *old = NULL, *fresh = NULL, *check = NULL;
	assert_int_equal(db_open(again, 2000, &old, err, sizeof err), SC_OK);
	exec_ok(old, "CREATE TABLE t_old (id BIGINT PRIMARY KEY)");
	assert_int_equal(db_begin_write(old), SC_OK);
	exec_ok(old, "INSERT INTO t_old (id) VALUES (1)");
	assert_int_equal(db_commit(old), SC_OK);
	remove_db(path);
	assert_int_equal(db_open(again, 2000, &fresh, err, sizeof err), SC_OK);
	exec_ok(fresh, "CREATE TABLE t_new (id BIGINT PRIMARY KEY)");
	assert_int_equal(db_begin_write(fresh), SC_OK);
	exec_ok(fresh, "INSERT INTO t_new (id) VALUES (1)");
	assert_int_equal(db_commit(fresh), SC_OK);
	assert_int_equal(db_begin_write(old), SC_OK);
	exec_ok(old, "INSERT INTO t_old (id) VALUES (2)");
	assert_int_equal(db_commit(old), SC_OK);
	assert_int_equal(db_open(again, 2000, &check, err, sizeof err), SC_OK);
	struct db_stmt *st = db_prepare(check, "SELECT count(*) FROM t_new");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	assert_null(db_prepare(check, "SELECT count(*) FROM t_old"));
	st = db_prepare(old, "SELECT count(*) FROM t_old");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_done(st);
	db_close(check);
	db_close(fresh);
	db_close(old);
	remove_db(path);
}

/* The writer closes with the file's last connection: a database made
 * again at the same path is written, not the removed file. */
static void
test_writer_follows_the_file(void **state)
{
	(void)state;
	if (tmpdir[0] == '\0')
		skip();
	char path[sizeof tmpdir + 32], again[sizeof url], err[256];
	snprintf(path, sizeof path, "%s/again.db", tmpdir);
	snprintf(again, sizeof again, "sqlite:%s", path);
	for (int round = 0; round < 2; round++) {
		struct db *db = NULL;
		assert_int_equal(db_open(again, 2000, &db, err, sizeof err), SC_OK);
		exec_ok(db, "CREATE TABLE t_again (id BIGINT PRIMARY KEY)");
		assert_int_equal(db_begin_write(db), SC_OK);
		exec_ok(db, "INSERT INTO t_again (id) VALUES (1)");
		assert_int_equal(db_commit(db), SC_OK);
		db_close(db);
		/* read back by a connection of its own, then the file removed */
		assert_int_equal(db_open(again, 2000, &db, err, sizeof err), SC_OK);
		struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM t_again");
		assert_non_null(st);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), 1);
		db_done(st);
		db_close(db);
		remove_db(path);
	}
}

/* ---- PostgreSQL: a lost connection is re-opened between transactions ---- */

static const char pid_sql[] = "SELECT pg_backend_pid()";
static const char kill_sql[] = "SELECT pg_terminate_backend(CAST($1 AS INTEGER), 5000)";

static void
test_pg_reconnects_after_loss(void **state)
{
	struct db *db = *state;
	if (db_kind(db) != DB_POSTGRES)
		skip();
	exec_ok(db, cache_ddl);
	struct db_stmt *st = db_prepare(db, pid_sql);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t pid = db_col_int(st, 0);
	db_done(st);
	/* Warm the cache so the statement must be prepared again later. */
	struct db_stmt *named;
	assert_string_equal(cache_name(db, cache_sel, 1, &named), "one");
	db_done(named);

	struct db *other = NULL;
	char err[256];
	assert_int_equal(db_open(url, 100, &other, err, sizeof err), SC_OK);
	st = db_prepare(other, kill_sql);
	assert_int_equal(db_bind_int(st, 1, pid), SC_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	db_close(other);

	/* The loss is noticed before the next statement is sent (the server's
	 * goodbye is waiting on the socket): it runs on a new connection,
	 * its statement prepared again, and nothing fails. */
	assert_string_equal(cache_name(db, cache_sel, 2, &named), "two");
	db_done(named);
	assert_false(db_unavailable(db));
	st = db_prepare(db, pid_sql);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_int(st, 0) != pid);
	db_done(st);
}

/* Ends the backend of db from another connection, and waits until it is gone. */
static void
terminate(struct db *db)
{
	struct db_stmt *st = db_prepare(db, pid_sql);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t pid = db_col_int(st, 0);
	db_done(st);
	struct db *other = NULL;
	char err[256];
	assert_int_equal(db_open(url, 100, &other, err, sizeof err), SC_OK);
	st = db_prepare(other, kill_sql);
	assert_int_equal(db_bind_int(st, 1, pid), SC_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	db_close(other);
}

/* Lost inside a transaction: the work is gone, so the statement fails with
 * SC_EUNAVAIL (try again later) and the connection says so; after the
 * rollback the next transaction runs on a new connection. */
static void
test_pg_loss_in_transaction(void **state)
{
	struct db *db = *state;
	if (db_kind(db) != DB_POSTGRES)
		skip();
	exec_ok(db, tx_ddl);
	assert_int_equal(db_begin_write(db), SC_OK);
	insert_tx(db, 1, DB_DONE);
	terminate(db);
	struct db_stmt *st = db_prepare(db, tx_ins);
	int rc = st == NULL ? SC_EUNAVAIL : SC_OK;
	if (st != NULL) {
		assert_int_equal(db_bind_int(st, 1, 2), SC_OK);
		rc = db_run(st, NULL);
	}
	assert_int_equal(rc, SC_EUNAVAIL);
	assert_true(db_unavailable(db));
	db_rollback(db);
	db_clear_unavailable(db);
	assert_int_equal(db_begin_write(db), SC_OK);
	assert_int_equal(count_tx(db), 0);
	assert_int_equal(db_commit(db), SC_OK);
	assert_false(db_unavailable(db));
}

/* The options: a read-only connection refuses writes; a statement longer
 * than statement_timeout is cancelled; the name is the application's. */
static void
test_pg_options(void **state)
{
	struct db *db = *state;
	if (db_kind(db) != DB_POSTGRES)
		skip();
	exec_ok(db, tx_ddl);
	struct db_options o = {.busy_ms = 100, .connect_timeout_s = 2, .statement_timeout_ms = 50,
			       .read_only = true, .name = "sc-test-read"};
	struct db *ro = NULL;
	char err[256];
	assert_int_equal(db_open_with(url, &o, &ro, err, sizeof err), SC_OK);
	struct db_stmt *st = db_prepare(ro, tx_ins);
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, 1), SC_OK);
	assert_int_equal(db_bind_text(st, 2, "row"), SC_OK);
	assert_int_equal(db_run(st, NULL), SC_EDB);
	assert_non_null(strstr(db_errmsg(ro), "read-only"));
	static const char slow[] = "SELECT pg_sleep(1)";
	st = db_prepare(ro, slow);
	assert_int_equal(db_step(st), SC_EDB);
	db_done(st);
	assert_non_null(strstr(db_errmsg(ro), "statement timeout"));
	static const char name[] = "SELECT current_setting('application_name')";
	st = db_prepare(ro, name);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "sc-test-read");
	db_done(st);
	assert_false(db_unavailable(ro));
	db_close(ro);
	/* the default connection writes, and is named secondchance */
	st = db_prepare(db, name);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "secondchance");
	db_done(st);
}

/* A lazy pool opens nothing until asked, and when its server cannot be
 * reached says so at once (NULL) instead of blocking. */
static void
test_lazy_pool(void **state)
{
	(void)state;
	struct db_pool *pool = NULL;
	char err[256];
	struct db_options o = {.busy_ms = 100, .connect_timeout_s = 2};
	assert_int_equal(db_pool_open_with(url, 2, &o, true, &pool, err, sizeof err), SC_OK);
	struct db *a = db_pool_try_get(pool), *b = db_pool_try_get(pool);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a != b);
	assert_true(db_pool_owns(pool, a));
	assert_null(db_pool_try_get(pool));   /* both taken */
	db_pool_put(pool, a);
	assert_true(db_pool_try_get(pool) == a);
	db_pool_put(pool, a);
	db_pool_put(pool, b);
	db_pool_close(pool);
	if (strncmp(url, "postgres", 8) != 0)
		return;
	/* nothing listens on port 1 */
	assert_int_equal(db_pool_open_with("postgresql://nobody@127.0.0.1:1/none", 2, &o, true, &pool, err,
					   sizeof err), SC_OK);
	assert_null(db_pool_try_get(pool));
	assert_null(db_pool_try_get(pool));
	db_pool_close(pool);
}

/* ---- main ---- */

static int
remove_tmpdir(void)
{
	if (tmpdir[0] == '\0')
		return 0;
	static const char *const suffix[] = { "/test.db", "/test.db-wal", "/test.db-shm" };
	char path[sizeof tmpdir + 32];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(path, sizeof path, "%s%s", tmpdir, suffix[i]);
		unlink(path);
	}
	return rmdir(tmpdir);
}

int
main(void)
{
	const char *env = getenv("SC_TEST_DB_URL");
	if (env != NULL && *env != '\0') {
		snprintf(url, sizeof url, "%s", env);
	} else {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/sc-test-db-XXXXXX",
			 base != NULL && *base != '\0' ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(url, sizeof url, "sqlite:%s/test.db", tmpdir);
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip_types_null_utf8, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_changes_counts_rows, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_constraint_violation_is_conflict, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_sql_error_is_edb, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_commit_persists, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_rollback_discards, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_insert_returning_id, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_statement_cache_and_rebind, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_statement_cache_eviction, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_dollar_in_string_literal, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_columns_by_name, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_generic_plan, open_conn, close_conn),
		cmocka_unit_test(test_pool_distinct_connections),
		cmocka_unit_test_setup_teardown(test_lock_conflict_is_busy, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_commit_synced, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_writers_take_turns, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_statement_across_write, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_writer_keeps_caller_settings, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_writer_follows_the_file, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_writer_follows_a_new_file, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_pg_reconnects_after_loss, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_pg_loss_in_transaction, open_conn, close_conn),
		cmocka_unit_test_setup_teardown(test_pg_options, open_conn, close_conn),
		cmocka_unit_test(test_lazy_pool),
	};
	fprintf(stderr, "test_db: %s\n", env != NULL && *env != '\0' ? "PostgreSQL (SC_TEST_DB_URL)" : url);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (remove_tmpdir() != 0 && tmpdir[0] != '\0')
		perror("rmdir");
	return failed;
}
