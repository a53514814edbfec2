/*
 * fixture.h — what every store contract test shares: a fresh, migrated
 * database on the engine SC_TEST_DB_URL names (PostgreSQL: that database
 * made again; unset: a new SQLite file in a temporary folder, removed at
 * the end), copied from a template made once (tests/template.h), the store opened on it, a connection and an arena per test,
 * and the rows other areas own made in plain SQL. The demo's tests
 * (test_demo, test_demo_internships) have a section of their own: a fresh
 * database per test, loaded with `secondchance demo`'s options for tests.
 *
 *     static void test_x(void **state) { struct fx *t = *state; ... t->db ... }
 *     int main(void) {
 *         const struct CMUnitTest tests[] = { FX_TEST(test_x), };
 *         return fx_run("test_store_x", tests, sizeof tests / sizeof tests[0]);
 *     }
 */
#ifndef SC_TESTS_STORE_FIXTURE_H
#define SC_TESTS_STORE_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/demo.h"
#include "app/app.h"

struct db;
struct arena;
struct store;
struct CMUnitTest;

/* One test's database connection and arena. */
struct fx {
	struct db *db;
	struct arena *a;
	struct store *store;
	bool pg;
};

/* cmocka setup and teardown of one test (a connection, an arena). */
int fx_setup(void **state);
int fx_teardown(void **state);
#define FX_TEST(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

/* Makes the database, opens the store, runs the group, removes it all.
 * Returns cmocka's count of failures (or 1 when the database could not be
 * made). */
int fx_run(const char *name, const struct CMUnitTest *tests, size_t n);

/* The URL of the test database (for a second connection). */
const char *fx_url(void);
/* True on PostgreSQL. */
bool fx_pg(void);

/* Runs SQL beside the store on its own connection; fails the test on an
 * error. */
void fx_exec(const char *sql);
/* fx_exec() of the statement printf makes of fmt (2 KB at most). For an
 * "INSERT INTO table ... RETURNING id", runs it without the RETURNING and
 * returns the table's newest id (MAX(id)) in its place; else 0. */
int64_t fx_run_sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A benefit statement of run_id as the Money report reads it: kind
 * ("month", "recomputed", ...), month, enrolment (0: none), gross, tax and
 * the overpayment outstanding after, in øre; every other amount zero. */
void fx_benefit_statement(int64_t centre, int64_t run_id, int64_t pid, int64_t enrolment, const char *kind,
			  const char *month, long long gross, long long tax, long long after);

/* Runs sql on the database at url (any, not only fx_url()'s) on a
 * connection beside the store, kept open for the next statement, and
 * calls fn for each row (NULL columns as NULL); fails the test on an
 * error. fn may read again through fx_raw_rows() on the same url. */
typedef void (*fx_row_fn)(int ncols, const char *const *vals, void *arg);
void fx_raw_rows(const char *url, const char *sql, fx_row_fn fn, void *arg);
/* The first column of the first row of sql, as an integer (-1: no row). */
int64_t fx_raw_int(const char *url, const char *sql);
/* Closes that connection: before what needs the database to itself (the
 * demo's load on SQLite leaves WAL while it runs) or removes its file. */
void fx_raw_close(void);

/* ---- rows of other areas ---- */

/* A staff user with roles in centre 1 (ROLE_BIT set), password "x". */
int64_t fx_user(struct fx *t, const char *username, uint32_t roles);
/* A participant of centre (1 = the first) with a status and a contact
 * person (0 = none), born 1990-05-01. */
int64_t fx_participant(struct fx *t, int64_t centre, const char *family, const char *status,
		       int64_t contact_id);
/* A second centre (or more): its id. */
int64_t fx_centre(struct fx *t, const char *name);
/* An employer of centre made through the store (name, orgnr, industry
 * "47", city: NULL for none), in a transaction of its own: its id. */
int64_t fx_employer(struct fx *t, int64_t centre, const char *name, const char *orgnr, const char *city);

/* The actor of leader user_id ("lea", Lea Leder) in centre, on today at
 * the Unix time now. */
struct actor fx_leader(int64_t user_id, int64_t centre, struct date today, int64_t now);

/* ---- reports ---- */

struct report;
/* Fails the test unless x and y have the same tables, cell by cell (kind,
 * n, base and value); what names the comparison in the message. */
void fx_same_report(const struct report *x, const struct report *y, const char *what);

/* ---- the demo's tests (test_demo, test_demo_internships) ---- */

/* The date the tests' loads take as today, and their users' password. */
#define FX_DEMO_TODAY "2025-03-14"
#define FX_DEMO_PASSWORD "demo-test-Passw0rd"

/* A database for a load of the demo, the store open on it. */
struct fx_demo {
	char url[4300];
	struct store *s;
	struct demo_report rep;   /* what the last load made */
};

/* Before the tests of a demo program (name names it in messages):
 * libsodium, and where fx_demo_fresh() makes databases: the PostgreSQL
 * database SC_TEST_DB_URL names (fx_pg() true), or else a temporary
 * folder for a SQLite file each. Returns 0, or -1 (printed why). */
int fx_demo_begin(const char *name);
/* After them: closes the raw connection and removes the folder. */
void fx_demo_end(void);

/* A fresh, empty, migrated database in d (PostgreSQL: the database made
 * again from the template; SQLite: a new file, migrated), the store open on it;
 * fails the test when the store cannot be opened. */
void fx_demo_fresh(struct fx_demo *d);
/* Closes d's store. */
void fx_demo_close(struct fx_demo *d);

/* The options of the tests' loads: seed and scale, FX_DEMO_TODAY and
 * FX_DEMO_PASSWORD, the lowest Argon2id settings, Norwegian, and no
 * benefit history (its own tests cover it; it would triple the time). */
struct demo_options fx_demo_options(uint64_t seed, int64_t scale);
/* Loads the demo with o into d, the raw connection closed first (the load
 * has the SQLite file to itself). Returns demo_run()'s code, printed with
 * its message when it is not SC_OK. */
int fx_demo_load(struct fx_demo *d, const struct demo_options *o);
/* fx_demo_load() with fx_demo_options(seed, scale) and force. */
int fx_demo_run(struct fx_demo *d, uint64_t seed, int64_t scale, bool force);

#endif
