/*
 * test_store_cluster.c — the store's part of running several servers
 * (docs/DECISIONS.md 49 and 50): heavy reads from a standby
 * (database.read_url) that has caught up with every write so far, its
 * audit entries written on the primary, its connections read-only, the
 * primary when the standby cannot be reached; and the health check's
 * answers. On SQLite a read URL is refused and reads use the one database.
 *
 * The test database stands in for the standby (a read-only pool on it):
 * what a real standby adds, replaying the primary's WAL, is exercised by
 * tests/cluster/failures.py (the cluster suite of scripts/check.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

/* The audit entries of action, as the store lists them through db. */
static int64_t
entries(struct db *db, struct arena *a, const char *action)
{
	struct audit_filter f = {.action = action, .limit = 10};
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = -1;
	assert_int_equal(store_audit_list(db, a, &f, &items, &n, &total), SC_OK);
	return total;
}

static void
test_read_url_needs_postgresql(void **state)
{
	(void)state;
	struct store *s = NULL;
	char err[256] = "";
	/* a standby of an SQLite file, or an SQLite file as a standby */
	struct store_options o = {.url = fx_url(), .pool_size = 1, .busy_ms = 1000,
				  .read_url = fx_pg() ? "sqlite:/tmp/standby.db" : "postgresql://x@127.0.0.1:1/x"};
	assert_int_equal(store_open_with(&o, &s, err, sizeof err), SC_EINVAL);
	assert_null(s);
	assert_string_equal(err, "database.read_url is for a PostgreSQL standby of a PostgreSQL database.url; "
				 "both must be postgresql:// URLs");
}

/* Without a standby every read is the primary's, and nothing waits. */
static void
test_reads_without_standby(void **state)
{
	struct fx *t = *state;
	struct db *read = store_read_acquire(t->store, t->db);
	assert_true(read == t->db);
	assert_false(store_is_read(t->store, read));
	assert_true(store_read_fence(t->store, read) == t->db);
	store_read_release(t->store, read);
	assert_int_equal(store_ping(t->store), SC_OK);
	assert_int_equal(store_ping_read(t->store), SC_ENOTFOUND);
}

static void
test_reads_from_standby(void **state)
{
	struct fx *t = *state;
	if (!t->pg)
		skip();
	struct store *s = NULL;
	char err[256] = "";
	struct store_options o = {.url = fx_url(), .pool_size = 2, .busy_ms = 1000, .connect_timeout_s = 2,
				  .read_url = fx_url(), .read_wait_ms = 500};
	assert_int_equal(store_open_with(&o, &s, err, sizeof err), SC_OK);
	struct db *primary = store_acquire(s);
	/* written and committed on the primary just before the read */
	assert_int_equal(store_audit_add(primary, 1, 1000, 0, "", "cluster.write", "x", "1", "127.0.0.1", "ok"),
			 SC_OK);
	struct db *read = store_read_acquire(s, primary);
	assert_true(read != primary);
	assert_true(store_is_read(s, read));
	assert_int_equal(entries(read, t->a, "cluster.write"), 1);
	/* the read's audit entry goes to the primary ... */
	assert_int_equal(store_audit_add(read, 1, 1001, 0, "", "cluster.read", "x", "1", "127.0.0.1", "ok"),
			 SC_OK);
	assert_int_equal(entries(primary, t->a, "cluster.read"), 1);
	/* ... which a fence then finds on the standby */
	assert_true(store_read_fence(s, read) == read);
	assert_int_equal(entries(read, t->a, "cluster.read"), 1);
	/* any other write there is refused: the connection is read-only */
	assert_int_equal(store_user_set_language(read, 1, "en"), SC_EDB);
	assert_non_null(strstr(store_errmsg(read), "read-only"));
	assert_false(store_unavailable(read));
	store_read_release(s, read);
	store_release(s, primary);
	assert_int_equal(store_ping(s), SC_OK);
	assert_int_equal(store_ping_read(s), SC_OK);
	store_close(s);
}

/* A standby that cannot be reached: the store opens, reads use the
 * primary, the health check says which is away. */
static void
test_standby_unreachable(void **state)
{
	struct fx *t = *state;
	if (!t->pg)
		skip();
	struct store *s = NULL;
	char err[256] = "";
	struct store_options o = {.url = fx_url(), .pool_size = 1, .busy_ms = 1000, .connect_timeout_s = 2,
				  .read_url = "postgresql://nobody@127.0.0.1:1/none"};
	assert_int_equal(store_open_with(&o, &s, err, sizeof err), SC_OK);
	struct db *primary = store_acquire(s);
	struct db *read = store_read_acquire(s, primary);
	assert_true(read == primary);
	assert_false(store_is_read(s, read));
	assert_int_equal(entries(read, t->a, "cluster.none"), 0);
	store_read_release(s, read);
	store_release(s, primary);
	assert_int_equal(store_ping(s), SC_OK);
	assert_int_equal(store_ping_read(s), SC_EUNAVAIL);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_read_url_needs_postgresql),
		FX_TEST(test_reads_without_standby),
		FX_TEST(test_reads_from_standby),
		FX_TEST(test_standby_unreachable),
	};
	return fx_run("test_store_cluster", tests, sizeof tests / sizeof tests[0]);
}
