/*
 * fixture.c — the shared store test fixture; see fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "../template.h"
#include "domain/access.h"
#include "domain/report.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_employer.h"
#include "util/arena.h"
#include "util/embedded.h"
#include "util/err.h"
#include "util/token.h"

static char url[4200];
static char tmpdir[4096];
static bool is_pg;
static struct store *store;

const char *
fx_url(void)
{
	return url;
}

bool
fx_pg(void)
{
	return is_pg;
}

/* One connection of its own for the SQL the tests run beside the store
 * (fx_exec(), fx_raw_rows()), kept open from one statement to the next:
 * a new connection a statement cost PostgreSQL a new backend and its
 * triggers' plans made again (30 to 100 ms an insert) and SQLite the
 * schema read again. Each statement runs on its own (autocommit). A
 * second URL (test_demo's database of a test) opens a connection of its
 * own in place of the first; a read inside another's rows (a callback of
 * fx_raw_rows()) uses the same connection. */
static char raw_url[4300];
static PGconn *raw_pg;
static sqlite3 *raw_sqlite;
static int raw_depth;   /* fx_raw_rows() calls under way */

static bool
url_pg(const char *u)
{
	return strncmp(u, "postgresql://", 13) == 0 || strncmp(u, "postgres://", 11) == 0;
}

void
fx_raw_close(void)
{
	if (raw_pg != NULL)
		PQfinish(raw_pg);
	raw_pg = NULL;
	if (raw_sqlite != NULL)
		sqlite3_close_v2(raw_sqlite);   /* a statement a failed test left: freed with it */
	raw_sqlite = NULL;
	raw_url[0] = '\0';
	raw_depth = 0;
}

/* The raw connection to u, opened when there is none or it is to another
 * URL; -1 with the reason in err. */
static int
raw_open(const char *u, char *err, size_t errlen)
{
	if (strcmp(u, raw_url) == 0 && (raw_pg != NULL || raw_sqlite != NULL) &&
	    (raw_pg == NULL || PQstatus(raw_pg) == CONNECTION_OK))
		return 0;
	if (raw_depth > 0) {
		snprintf(err, errlen, "fixture: a read inside another's rows on another database (%s)", u);
		return -1;
	}
	fx_raw_close();
	if (url_pg(u)) {
		raw_pg = PQconnectdb(u);
		if (PQstatus(raw_pg) != CONNECTION_OK) {
			snprintf(err, errlen, "%s", PQerrorMessage(raw_pg));
			fx_raw_close();
			return -1;
		}
	} else {
		if (sqlite3_open_v2(u + strlen("sqlite:"), &raw_sqlite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
				    NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s", raw_sqlite ? sqlite3_errmsg(raw_sqlite) : "out of memory");
			fx_raw_close();
			return -1;
		}
		sqlite3_busy_timeout(raw_sqlite, 5000);
	}
	snprintf(raw_url, sizeof raw_url, "%s", u);
	return 0;
}

static int
raw_exec(const char *sql, char *err, size_t errlen)
{
	err[0] = '\0';
	if (raw_open(url, err, errlen) != 0)
		return -1;
	if (raw_pg != NULL) {
		PGresult *res = PQexec(raw_pg, sql);
		ExecStatusType st = PQresultStatus(res);
		int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : -1;
		if (rc != 0)
			snprintf(err, errlen, "%s", PQresultErrorMessage(res));
		PQclear(res);
		return rc;
	}
	char *msg = NULL;
	int rc = sqlite3_exec(raw_sqlite, sql, NULL, NULL, &msg) == SQLITE_OK ? 0 : -1;
	if (rc != 0)
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(raw_sqlite));
	sqlite3_free(msg);
	return rc;
}

void
fx_raw_rows(const char *u, const char *sql, fx_row_fn fn, void *arg)
{
	char err[512];
	if (raw_open(u, err, sizeof err) != 0)
		fail_msg("connect: %s", err);
	raw_depth++;
	if (raw_pg != NULL) {
		PGresult *res = PQexec(raw_pg, sql);
		ExecStatusType st = PQresultStatus(res);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
			fail_msg("%s: %s", sql, PQresultErrorMessage(res));
		int n = PQntuples(res), nc = PQnfields(res);
		const char *vals[64];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < nc && k < 64; k++)
				vals[k] = PQgetisnull(res, i, k) ? NULL : PQgetvalue(res, i, k);
			if (fn)
				fn(nc, vals, arg);
		}
		PQclear(res);
		raw_depth--;
		return;
	}
	sqlite3 *c = raw_sqlite;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(c));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int nc = sqlite3_column_count(st);
		const char *vals[64];
		for (int k = 0; k < nc && k < 64; k++)
			vals[k] = (const char *)sqlite3_column_text(st, k);
		if (fn)
			fn(nc, vals, arg);
	}
	if (rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(c));
	sqlite3_finalize(st);
	raw_depth--;
}

static void
int_row(int ncols, const char *const *vals, void *arg)
{
	(void)ncols;
	*(int64_t *)arg = vals[0] ? strtoll(vals[0], NULL, 10) : 0;
}

int64_t
fx_raw_int(const char *u, const char *sql)
{
	int64_t v = -1;
	fx_raw_rows(u, sql, int_row, &v);
	return v;
}

void
fx_exec(const char *sql)
{
	char err[512];
	if (raw_exec(sql, err, sizeof err) != 0)
		fail_msg("%s: %s", sql, err);
}

int64_t
fx_run_sql(const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof text)
		fail_msg("fx_run_sql: a statement longer than %zu bytes", sizeof text - 1);
	char *ret = strstr(text, " RETURNING id");
	if (ret != NULL)
		*ret = '\0';
	fx_exec(text);
	if (ret == NULL)
		return 0;
	char table[64];
	if (sscanf(text, "INSERT INTO %63s", table) != 1)
		fail_msg("RETURNING id of what is not an INSERT INTO: %s", text);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT MAX(id) FROM %s", table);
	return fx_raw_int(url, sql);
}

int
fx_setup(void **state)
{
	struct fx *t = calloc(1, sizeof *t);
	if (t == NULL)
		return -1;
	t->db = store_acquire(store);
	t->a = arena_new();
	t->store = store;
	t->pg = is_pg;
	*state = t;
	return t->a != NULL && t->db != NULL ? 0 : -1;
}

int
fx_teardown(void **state)
{
	struct fx *t = *state;
	if (store_in_tx(t->db))
		store_tx_rollback(t->db);
	store_release(store, t->db);
	arena_free(t->a);
	free(t);
	return 0;
}

static int
open_store(void **state)
{
	(void)state;
	char err[512] = "";
	int rc = store_open(url, 4, 5000, &store, err, sizeof err);
	if (rc != SC_OK) {
		fprintf(stderr, "store_open: %s (%s)\n", err, sc_strerror(rc));
		return -1;
	}
	return 0;
}

static int
close_store(void **state)
{
	(void)state;
	store_close(store);
	store = NULL;
	return 0;
}

/* The temporary folder of a run on SQLite: $TMPDIR/sc-NAME-XXXXXX. */
static int
make_tmpdir(const char *name)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/sc-%s-XXXXXX", base != NULL && *base != '\0' ? base : "/tmp", name);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		tmpdir[0] = '\0';
		return -1;
	}
	return 0;
}

/* Closes the raw connection and removes the temporary folder, if any. */
static void
remove_tmpdir(void)
{
	fx_raw_close();
	if (tmpdir[0] != '\0') {
		char cmd[4200];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			perror("rm");
		tmpdir[0] = '\0';
	}
}

/* The template (tests/template.h) of a migrated, empty database: named by
 * a hash of the embedded migration files, beside the test programs. */
extern const struct embedded_file store_migration_files[];

static void
template_key(char out[17])
{
	uint64_t h = TPL_FNV_INIT;
	for (const struct embedded_file *f = store_migration_files; f->name != NULL; f++) {
		h = tpl_fnv(h, f->name, strlen(f->name));
		h = tpl_fnv(h, f->data, f->len);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The folder of this program, or -1. */
static int
exe_dir(char *out, size_t outlen)
{
	ssize_t n = readlink("/proc/self/exe", out, outlen - 1);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	char *slash = strrchr(out, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	return 0;
}

/* Migrates the database at u by opening the store on it; -1 (printed why). */
static int
migrate_at(const char *u)
{
	char err[512] = "";
	struct store *st = NULL;
	int rc = store_open(u, 1, 5000, &st, err, sizeof err);
	if (rc != SC_OK) {
		fprintf(stderr, "store_open: %s (%s)\n", err, sc_strerror(rc));
		return -1;
	}
	store_close(st);
	return 0;
}

/* SQLite: the file of u (a sqlite: URL) copied from the template, made first
 * (by migrating the program's own file) when there is none. 0, or -1
 * (the store migrates the file itself). */
static int
sqlite_from_template(const char *u)
{
	const char *path = u + strlen("sqlite:");
	char dir[4096], key[17], tpl[4200];
	if (exe_dir(dir, sizeof dir) != 0)
		return -1;
	template_key(key);
	snprintf(tpl, sizeof tpl, "%s/.sc-store-template-%s.db", dir, key);
	int lock = tpl_lock(dir, "store");
	if (lock < 0)
		return -1;
	int rc = 0;
	if (access(tpl, F_OK) != 0) {
		rc = migrate_at(u);
		if (rc == 0) {
			tpl_prune(dir, "store", tpl);
			tpl_sqlite_keep(path, tpl);
		}
	} else if (tpl_copy_file(tpl, path) != 0) {
		unlink(path);
		rc = -1;
	}
	tpl_unlock(lock);
	return rc;
}

/* A statement on the cluster's maintenance database (postgres), on the
 * connection parameters of url; 0, 1 (a query with no row) or -1 (printed). */
static int
pg_maintenance(const char *sql)
{
	const char *const keys[] = {"dbname", "dbname", NULL};
	const char *const vals[] = {url, "postgres", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	int rc = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *res = PQexec(c, sql);
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK)
			rc = 0;
		else if (st == PGRES_TUPLES_OK)
			rc = PQntuples(res) > 0 ? 0 : 1;
		else
			fprintf(stderr, "fixture: %s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
	} else {
		fprintf(stderr, "fixture: cannot connect to the cluster: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rc;
}

/* PostgreSQL: url's database made again as a copy of the template
 * database, made first when the cluster has none. 0, or -1 (the caller
 * resets the schema and the store migrates). */
static int
pg_from_template(void)
{
	char key[17], tpl[64], tpl_url[4300], sql[512];
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	const char *dbname = NULL;
	for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
		if (strcmp(o->keyword, "dbname") == 0)
			dbname = o->val;
	char name[128] = "";
	if (dbname != NULL && strlen(dbname) < sizeof name && strspn(dbname, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
								   strlen(dbname))
		snprintf(name, sizeof name, "%s", dbname);
	PQconninfoFree(opts);
	if (name[0] == '\0')
		return -1;
	template_key(key);
	snprintf(tpl, sizeof tpl, "sc_store_tpl_%s", key);
	if (tpl_url_with_db(url, tpl, tpl_url, sizeof tpl_url) != 0)
		return -1;
	char dir[4096];
	int lock = exe_dir(dir, sizeof dir) == 0 ? tpl_lock(dir, "store") : -1;
	if (lock < 0)
		return -1;
	snprintf(sql, sizeof sql, "SELECT 1 FROM pg_database WHERE datname = '%s'", tpl);
	int rc = pg_maintenance(sql);
	if (rc == 1) {
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", tpl);
		rc = pg_maintenance(sql);
		if (rc == 0 && migrate_at(tpl_url) != 0) {
			snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", tpl);
			pg_maintenance(sql);
			rc = -1;
		}
	}
	if (rc == 0) {
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
		rc = pg_maintenance(sql);
	}
	if (rc == 0) {
		tpl_pg_create_sql(sql, sizeof sql, name, tpl);
		rc = pg_maintenance(sql);
	}
	tpl_unlock(lock);
	return rc == 0 ? 0 : -1;
}

static const char sql_reset[] = "SET client_min_messages = warning; DROP SCHEMA public CASCADE;"
				" CREATE SCHEMA public;";

int
fx_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	const char *env = getenv("SC_TEST_DB_URL");
	if (env != NULL && *env != '\0') {
		snprintf(url, sizeof url, "%s", env);
		is_pg = url_pg(url);
		if (!is_pg) {
			fprintf(stderr, "%s: SC_TEST_DB_URL must be postgresql://...\n", name);
			return 1;
		}
		char err[512];
		if ((!tpl_wanted() || pg_from_template() != 0) && raw_exec(sql_reset, err, sizeof err) != 0) {
			fprintf(stderr, "%s: cannot reset the database: %s\n", name, err);
			return 1;
		}
	} else {
		if (make_tmpdir(name) != 0)
			return 1;
		snprintf(url, sizeof url, "sqlite:%s/test.db", tmpdir);
		if (tpl_wanted())
			(void)sqlite_from_template(url);
	}
	fprintf(stderr, "%s: %s\n", name, is_pg ? "PostgreSQL (SC_TEST_DB_URL)" : url);
	/* SC_TEST_ONLY=test_name (a glob) runs only the tests it names */
	const char *only = getenv("SC_TEST_ONLY");
	if (only != NULL && *only != '\0')
		cmocka_set_test_filter(only);
	int failed = _cmocka_run_group_tests(name, tests, n, open_store, close_store);
	remove_tmpdir();
	return failed;
}

/* ---- rows of other areas ---- */

int64_t
fx_user(struct fx *t, const char *username, uint32_t roles)
{
	int64_t id = 0;
	int rc = store_user_create(t->db, username, username, "$argon2id$fake", roles, "en", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", username, sc_strerror(rc), store_errmsg(t->db));
	return id;
}

static const char sql_participant[] =
	"INSERT INTO participants (given_name, family_name, birth_date, gender, status, contact_id,"
	" name_key, centre_id, created_at, updated_at)"
	" VALUES ($1, $2, '1990-05-01', 'female', $3, $4, $5, $6, 1, 1) RETURNING id";

int64_t
fx_participant(struct fx *t, int64_t centre, const char *family, const char *status, int64_t contact_id)
{
	struct db_stmt *st = db_prepare(t->db, sql_participant);
	assert_non_null(st);
	char key[256];
	snprintf(key, sizeof key, "%s amina", family);
	for (char *k = key; *k; k++)
		if (*k >= 'A' && *k <= 'Z')
			*k = (char)(*k - 'A' + 'a');
	db_bind_text(st, 1, "Amina");
	db_bind_text(st, 2, family);
	db_bind_text(st, 3, status);
	if (contact_id > 0)
		db_bind_int(st, 4, contact_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, key);
	db_bind_int(st, 6, centre);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (id <= 0)
		fail_msg("insert participant %s: %d: %s", family, rc, db_errmsg(t->db));
	return id;
}

static const char sql_centre[] = "INSERT INTO centres (name, created_at) VALUES ($1, 1) RETURNING id";

int64_t
fx_centre(struct fx *t, const char *name)
{
	struct db_stmt *st = db_prepare(t->db, sql_centre);
	assert_non_null(st);
	db_bind_text(st, 1, name);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (id <= 0)
		fail_msg("insert centre %s: %d: %s", name, rc, db_errmsg(t->db));
	return id;
}

int64_t
fx_employer(struct fx *t, int64_t centre, const char *name, const char *orgnr, const char *city)
{
	struct employer e;
	fields_clear(employer_fields, &e);
	e.name = name;
	e.orgnr = orgnr;
	e.industry = "47";
	e.city = city;
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int rc = store_employer_create(t->db, centre, &e, 0, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_employer_create: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	return id;
}

struct actor
fx_leader(int64_t user_id, int64_t centre, struct date today, int64_t now)
{
	struct actor a = {
		.user_id = user_id, .username = "lea", .name = "Lea Leder", .roles = ROLE_BIT(ROLE_LEADER),
		.centre_id = centre, .address = "", .now = now, .today = today,
	};
	return a;
}

/* ---- reports ---- */

void
fx_same_report(const struct report *x, const struct report *y, const char *what)
{
	assert_int_equal(x->ntables, y->ntables);
	for (size_t k = 0; k < x->ntables; k++) {
		const struct report_table *a = &x->tables[k], *b = &y->tables[k];
		assert_int_equal(a->nrows, b->nrows);
		assert_int_equal(a->ncols, b->ncols);
		for (size_t i = 0; i < a->nrows * a->ncols; i++) {
			const struct report_cell *p = &a->cells[i], *q = &b->cells[i];
			if (p->kind != q->kind || p->n != q->n || p->base != q->base || p->value != q->value)
				fail_msg("%s: table %zu cell %zu: %d %lld/%lld %lld, not %d %lld/%lld %lld", what, k, i,
					 p->kind, (long long)p->n, (long long)p->base, (long long)p->value, q->kind,
					 (long long)q->n, (long long)q->base, (long long)q->value);
		}
	}
}

/* ---- the demo's tests ---- */

static int ndemo;   /* SQLite: the databases fx_demo_fresh() made */

int
fx_demo_begin(const char *name)
{
	const char *env = getenv("SC_TEST_DB_URL");
	if (env != NULL && *env != '\0') {
		snprintf(url, sizeof url, "%s", env);
		is_pg = url_pg(url);
		/* SQLite: one file per test is needed, so only a folder is used. */
		if (!is_pg) {
			fprintf(stderr, "%s: SC_TEST_DB_URL is not PostgreSQL; using a temporary folder\n", name);
			url[0] = '\0';
		}
	}
	if (!is_pg && make_tmpdir(name) != 0)
		return -1;
	if (token_init() != SC_OK) {
		fprintf(stderr, "%s: cannot initialise libsodium\n", name);
		remove_tmpdir();
		return -1;
	}
	fprintf(stderr, "%s: %s\n", name, is_pg ? "PostgreSQL (SC_TEST_DB_URL)" : tmpdir);
	return 0;
}

void
fx_demo_end(void)
{
	remove_tmpdir();
}

void
fx_demo_fresh(struct fx_demo *d)
{
	memset(d, 0, sizeof *d);
	if (is_pg) {
		fx_raw_close();   /* the database is made again */
		if (!tpl_wanted() || pg_from_template() != 0)
			fx_raw_rows(url, sql_reset, NULL, NULL);
		snprintf(d->url, sizeof d->url, "%s", url);
	} else {
		/* No template here: a copied file left the store a second
		 * connection that kept the scaled load from leaving WAL (busy). */
		snprintf(d->url, sizeof d->url, "sqlite:%s/demo%d.db", tmpdir, ++ndemo);
	}
	char err[512] = "";
	int rc = store_open(d->url, 2, 5000, &d->s, err, sizeof err);
	if (rc != SC_OK)
		fail_msg("store_open: %s", err);
}

void
fx_demo_close(struct fx_demo *d)
{
	store_close(d->s);
	d->s = NULL;
}

struct demo_options
fx_demo_options(uint64_t seed, int64_t scale)
{
	struct demo_options o;
	memset(&o, 0, sizeof o);
	o.seed = seed;
	o.scale = scale;
	o.password = FX_DEMO_PASSWORD;
	o.today = FX_DEMO_TODAY;
	o.argon2_ops = 1;          /* the lowest Argon2id settings: tests only */
	o.argon2_mem = 8192;
	o.language = "nb";
	/* the benefit history runs every month through the app: its own
	 * tests cover it, and it would triple a demo test's time */
	o.no_benefits = true;
	return o;
}

int
fx_demo_load(struct fx_demo *d, const struct demo_options *o)
{
	char err[512] = "";
	fx_raw_close();   /* the load has the SQLite file to itself */
	int rc = demo_run(d->s, o, &d->rep, err, sizeof err);
	if (rc != SC_OK)
		fprintf(stderr, "demo_run: %s (%s)\n", err, sc_strerror(rc));
	return rc;
}

int
fx_demo_run(struct fx_demo *d, uint64_t seed, int64_t scale, bool force)
{
	struct demo_options o = fx_demo_options(seed, scale);
	o.force = force;
	return fx_demo_load(d, &o);
}

void
fx_benefit_statement(int64_t centre, int64_t run_id, int64_t pid, int64_t enrolment, const char *kind,
		     const char *month, long long gross, long long tax, long long after)
{
	char e[24];
	snprintf(e, sizeof e, enrolment ? "%lld" : "NULL", (long long)enrolment);
	fx_run_sql("INSERT INTO benefit_statements (centre_id, run_id, participant_id, enrolment_id, kind, month, scheme,"
	       " birth_date, period_start, unexcused_minutes, has_work, work_gross_ore, work_hours_centi, tax_kind,"
	       " month_amount_ore, g_ore, child_rate_ore, recovery_percent, outstanding_ore, days, weekdays, days_mask,"
	       " child_days, day_rate_ore, hour_rate_ore, base_ore, child_ore, absence_ore, work_ore, other_ore,"
	       " limited_ore, backpay_ore, gross_ore, tax_ore, claims_ore, recovery_ore, net_ore,"
	       " outstanding_after_ore, warnings, change_ore, created_at) VALUES (%lld, %lld, %lld, %s, '%s', '%s',"
	       " 'bergen', '1990-05-01', '2024-01-01', 0, 0, 0, 0, 'none', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,"
	       " 0, 0, 0, %lld, %lld, 0, 0, 0, %lld, 0, 0, 1000)", (long long)centre, (long long)run_id,
	    (long long)pid, e, kind, month, gross, tax, after);
}
