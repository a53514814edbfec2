/*
 * test_store.c — contract tests for the store API (src/store/store.h):
 * migrations, users, sessions, sign-in failures, API tokens and the
 * append-only audit log.
 *
 * The same tests run on both engines, with the shared fixture
 * (fixture.h): against the PostgreSQL URL in SC_TEST_DB_URL when set
 * (scripts/pg-test.sh start DIR prints one), else against a fresh SQLite
 * file in a temporary directory.
 *
 * SQL the store API does not offer (tampering with the audit log, faking a
 * newer schema) goes straight through libpq or the sqlite3 API, on a
 * connection of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "domain/access.h"
#include "domain/authrules.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

/* ---- raw SQL, beside the store ---- */

/* Runs sql on a connection of its own. Returns 0, or -1 with the engine's
 * message in err: for what must fail (fx_exec() is for what must not). */
static int
raw_exec(const char *sql, char *err, size_t errlen)
{
	const char *url = fx_url();
	err[0] = '\0';
	if (fx_pg()) {
		PGconn *c = PQconnectdb(url);
		if (PQstatus(c) != CONNECTION_OK) {
			snprintf(err, errlen, "%s", PQerrorMessage(c));
			PQfinish(c);
			return -1;
		}
		PGresult *res = PQexec(c, sql);
		ExecStatusType st = PQresultStatus(res);
		int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : -1;
		if (rc != 0)
			snprintf(err, errlen, "%s", PQresultErrorMessage(res));
		PQclear(res);
		PQfinish(c);
		return rc;
	}
	sqlite3 *c = NULL;
	if (sqlite3_open_v2(url + strlen("sqlite:"), &c, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", c ? sqlite3_errmsg(c) : "out of memory");
		sqlite3_close(c);
		return -1;
	}
	sqlite3_busy_timeout(c, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(c, sql, NULL, NULL, &msg) == SQLITE_OK ? 0 : -1;
	if (rc != 0)
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(c));
	sqlite3_free(msg);
	sqlite3_close(c);
	return rc;
}

static int64_t
make_user(struct db *db, const char *username, uint32_t roles)
{
	int64_t id = 0;
	int rc = store_user_create(db, username, "Test User", "$argon2id$fake", roles, "nb", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", username, sc_strerror(rc), store_errmsg(db));
	assert_true(id > 0);
	return id;
}

#define ROLE_ADMIN_BIT ROLE_BIT(ROLE_ADMIN)
#define ROLE_CONTACT_BIT ROLE_BIT(ROLE_CONTACT)

/* ---- migrations ---- */

static void
test_migrations_recorded(void **state)
{
	struct fx *t = *state;
	int version = -1;
	assert_int_equal(store_schema_version(t->db, &version), SC_OK);
	assert_true(store_schema_latest() >= 1);
	assert_int_equal(version, store_schema_latest());

	char err[256] = "";
	int applied = -1;
	assert_int_equal(store_migrate(t->db, &applied, err, sizeof err), SC_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_migrate(t->db, &applied, err, sizeof err), SC_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(t->db, &version), SC_OK);
	assert_int_equal(version, store_schema_latest());
	assert_string_equal(store_engine(t->db), fx_pg() ? "postgresql" : "sqlite");
}

/* ---- installation settings ---- */

/* Unset, set, replaced; the demo flag reads "1" only. */
static void
test_installation_settings(void **state)
{
	struct fx *t = *state;
	struct arena *a = arena_new();
	assert_non_null(a);
	const char *v = "x";
	bool demo = true;
	assert_int_equal(store_setting_get(t->db, a, SETTING_DEMO, &v), SC_ENOTFOUND);
	assert_null(v);
	assert_int_equal(store_installation_is_demo(t->db, &demo), SC_OK);
	assert_false(demo);
	assert_int_equal(store_setting_set(t->db, SETTING_DEMO, "0", 1000), SC_OK);
	assert_int_equal(store_installation_is_demo(t->db, &demo), SC_OK);
	assert_false(demo);
	assert_int_equal(store_setting_set(t->db, SETTING_DEMO, "1", 2000), SC_OK);
	assert_int_equal(store_setting_get(t->db, a, SETTING_DEMO, &v), SC_OK);
	assert_string_equal(v, "1");
	assert_int_equal(store_installation_is_demo(t->db, &demo), SC_OK);
	assert_true(demo);
	arena_free(a);
}

/* ---- users ---- */

static void
test_user_create_and_read(void **state)
{
	struct fx *t = *state;
	int64_t id = 0;
	assert_int_equal(store_user_create(t->db, "u.alice", "Alice Ærø", "$argon2id$alice",
					   ROLE_CONTACT_BIT, "en", 1, 1234, &id), SC_OK);
	assert_true(id > 0);

	/* the same username again: conflict, and no second row */
	int64_t id2 = 0;
	assert_int_equal(store_user_create(t->db, "u.alice", "Other", "$x", 0, "nb", 1, 1235, &id2),
			 SC_ECONFLICT);

	struct user u;
	assert_int_equal(store_user_by_username(t->db, t->a, "u.alice", true, &u), SC_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.username, "u.alice");
	assert_string_equal(u.display_name, "Alice Ærø");
	assert_string_equal(u.password_hash, "$argon2id$alice");
	assert_int_equal(u.roles, ROLE_CONTACT_BIT);
	assert_string_equal(u.language, "en");
	assert_true(u.active);
	assert_int_equal(u.version, 1);
	assert_int_equal(u.created_at, 1234);
	assert_int_equal(u.updated_at, 1234);

	/* without the hash the field stays NULL */
	assert_int_equal(store_user_by_username(t->db, t->a, "u.alice", false, &u), SC_OK);
	assert_null(u.password_hash);
	assert_int_equal(u.id, id);

	assert_int_equal(store_user_by_id(t->db, t->a, id, &u), SC_OK);
	assert_string_equal(u.username, "u.alice");
	assert_null(u.password_hash);

	assert_int_equal(store_user_by_username(t->db, t->a, "u.nobody", true, &u), SC_ENOTFOUND);
	assert_int_equal(store_user_by_username(t->db, t->a, "U.ALICE", false, &u), SC_ENOTFOUND);
	assert_int_equal(store_user_by_id(t->db, t->a, id + 100000, &u), SC_ENOTFOUND);

	/* a language outside the CHECK is refused by the database */
	assert_int_equal(store_user_create(t->db, "u.bad_lang", "X", "$x", 0, "de", 1, 1, &id2),
			 SC_ECONFLICT);
	assert_int_equal(store_user_by_username(t->db, t->a, "u.bad_lang", false, &u), SC_ENOTFOUND);
}

static void
test_user_list_paging(void **state)
{
	struct fx *t = *state;
	static const char *const names[] = { "u.list.e", "u.list.a", "u.list.d", "u.list.c", "u.list.b" };
	for (size_t i = 0; i < 5; i++)
		make_user(t->db, names[i], 0);

	struct staff_user *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_user_list(t->db, t->a, 1, true, 1000, 0, &items, &n, &total), SC_OK);
	assert_true(total >= 5);
	assert_int_equal((int64_t)n, total);
	/* ordered by username */
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(items[i - 1].username, items[i].username) < 0);

	/* pages of 2 walk the same list, each page reports the same total */
	struct staff_user *all = items;
	size_t seen = 0;
	for (int64_t off = 0; off < total; off += 2) {
		struct staff_user *page = NULL;
		size_t pn = 0;
		int64_t ptotal = -1;
		assert_int_equal(store_user_list(t->db, t->a, 1, true, 2, off, &page, &pn, &ptotal), SC_OK);
		assert_int_equal(ptotal, total);
		assert_int_equal(pn, (size_t)(total - off < 2 ? total - off : 2));
		for (size_t i = 0; i < pn; i++, seen++)
			assert_string_equal(page[i].username, all[seen].username);
	}
	assert_int_equal((int64_t)seen, total);

	/* past the end: empty page, the total still */
	assert_int_equal(store_user_list(t->db, t->a, 1, true, 2, total + 10, &items, &n, &total), SC_OK);
	assert_int_equal(n, 0);
	assert_true(total >= 5);
}

static void
test_user_update_versions(void **state)
{
	struct fx *t = *state;
	int64_t id = make_user(t->db, "u.update", ROLE_CONTACT_BIT);
	struct user u;
	assert_int_equal(store_user_by_id(t->db, t->a, id, &u), SC_OK);
	assert_int_equal(u.version, 1);

	/* with the right version: saved, version bumped */
	assert_int_equal(store_user_update(t->db, id, 1, 1, "New Name", ROLE_CONTACT_BIT | ROLE_BIT(ROLE_TEACHER), true, 2000),
			 SC_OK);
	assert_int_equal(store_user_by_id(t->db, t->a, id, &u), SC_OK);
	assert_int_equal(u.version, 2);
	assert_string_equal(u.display_name, "New Name");
	assert_int_equal(u.roles, ROLE_CONTACT_BIT | ROLE_BIT(ROLE_TEACHER));
	assert_int_equal(u.updated_at, 2000);
	assert_int_equal(u.created_at, 1000);

	/* with a stale version: conflict, and nothing changes */
	assert_int_equal(store_user_update(t->db, id, 1, 1, "Stale Write", 0, false, 3000), SC_ECONFLICT);
	assert_int_equal(store_user_by_id(t->db, t->a, id, &u), SC_OK);
	assert_int_equal(u.version, 2);
	assert_string_equal(u.display_name, "New Name");
	assert_int_equal(u.roles, ROLE_CONTACT_BIT | ROLE_BIT(ROLE_TEACHER));
	assert_true(u.active);
	assert_int_equal(u.updated_at, 2000);
	/* a version from the future is just as stale */
	assert_int_equal(store_user_update(t->db, id, 3, 1, "Future", 0, true, 3000), SC_ECONFLICT);

	/* unknown id */
	assert_int_equal(store_user_update(t->db, id + 100000, 1, 1, "X", 0, true, 3000), SC_ENOTFOUND);

	/* the password change bumps the version too, so an open edit form goes stale */
	assert_int_equal(store_user_set_password(t->db, id, "$argon2id$new", 4000), SC_OK);
	assert_int_equal(store_user_by_username(t->db, t->a, "u.update", true, &u), SC_OK);
	assert_string_equal(u.password_hash, "$argon2id$new");
	assert_int_equal(u.version, 3);
	assert_int_equal(store_user_update(t->db, id, 2, 1, "Stale", 0, true, 5000), SC_ECONFLICT);
	assert_int_equal(store_user_set_password(t->db, id + 100000, "$x", 4000), SC_ENOTFOUND);

	/* language */
	assert_int_equal(store_user_set_language(t->db, id, "en"), SC_OK);
	assert_int_equal(store_user_by_id(t->db, t->a, id, &u), SC_OK);
	assert_string_equal(u.language, "en");
	assert_int_equal(store_user_set_language(t->db, id + 100000, "en"), SC_ENOTFOUND);
}

static void
test_user_count_admins(void **state)
{
	struct fx *t = *state;
	int64_t before = -1;
	assert_int_equal(store_user_count_admins(t->db, &before), SC_OK);
	assert_true(before >= 0);

	int64_t a1 = make_user(t->db, "u.admin1", ROLE_ADMIN_BIT);
	make_user(t->db, "u.admin2", ROLE_ADMIN_BIT | ROLE_CONTACT_BIT);
	make_user(t->db, "u.notadmin", ROLE_CONTACT_BIT | ROLE_BIT(ROLE_LEADER));
	int64_t n = -1;
	assert_int_equal(store_user_count_admins(t->db, &n), SC_OK);
	assert_int_equal(n, before + 2);

	/* a disabled admin does not count */
	assert_int_equal(store_user_update(t->db, a1, 1, 1, "Admin One", ROLE_ADMIN_BIT, false, 2000), SC_OK);
	assert_int_equal(store_user_count_admins(t->db, &n), SC_OK);
	assert_int_equal(n, before + 1);
}

/* ---- sessions ---- */

static void
test_sessions(void **state)
{
	struct fx *t = *state;
	int64_t uid = make_user(t->db, "s.user", ROLE_CONTACT_BIT);
	int64_t other = make_user(t->db, "s.other", 0);

	assert_int_equal(store_session_create(t->db, "digest-s1", uid, "csrf-1", 5000), SC_OK);
	assert_int_equal(store_session_create(t->db, "digest-s1", other, "csrf-x", 5000), SC_ECONFLICT);

	struct session s;
	struct user u;
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-s1", &s, &u), SC_OK);
	assert_true(s.id > 0);
	assert_int_equal(s.user_id, uid);
	assert_string_equal(s.csrf, "csrf-1");
	assert_int_equal(s.created_at, 5000);
	assert_int_equal(s.last_seen, 5000);
	/* the user comes with it */
	assert_int_equal(u.id, uid);
	assert_string_equal(u.username, "s.user");
	assert_string_equal(u.display_name, "Test User");
	assert_int_equal(u.roles, ROLE_CONTACT_BIT);
	assert_string_equal(u.language, "nb");
	assert_int_equal(u.version, 1);
	assert_true(u.active);

	assert_int_equal(store_session_lookup(t->db, t->a, "digest-none", &s, &u), SC_ENOTFOUND);

	/* touch */
	int64_t sid = s.id;
	assert_int_equal(store_session_touch(t->db, sid, 5100), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-s1", &s, &u), SC_OK);
	assert_int_equal(s.last_seen, 5100);
	assert_int_equal(s.created_at, 5000);

	/* a disabled user's session is not found; enabled again, it is */
	assert_int_equal(store_user_update(t->db, uid, 1, 1, "Test User", ROLE_CONTACT_BIT, false, 5200),
			 SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-s1", &s, &u), SC_ENOTFOUND);
	assert_int_equal(store_user_update(t->db, uid, 2, 1, "Test User", ROLE_CONTACT_BIT, true, 5300),
			 SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-s1", &s, &u), SC_OK);
	assert_int_equal(u.version, 3);

	/* delete */
	assert_int_equal(store_session_delete(t->db, "digest-s1"), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-s1", &s, &u), SC_ENOTFOUND);
	assert_int_equal(store_session_delete(t->db, "digest-s1"), SC_OK);   /* idempotent */

	/* delete_user ends them all, and only the user's */
	assert_int_equal(store_session_create(t->db, "digest-s2", uid, "c", 6000), SC_OK);
	assert_int_equal(store_session_create(t->db, "digest-s3", uid, "c", 6000), SC_OK);
	assert_int_equal(store_session_create(t->db, "digest-o1", other, "c", 6000), SC_OK);
	assert_int_equal(store_session_delete_user(t->db, uid), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-s2", &s, &u), SC_ENOTFOUND);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-s3", &s, &u), SC_ENOTFOUND);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-o1", &s, &u), SC_OK);

	/* delete_others keeps the one given */
	assert_int_equal(store_session_create(t->db, "digest-k1", uid, "c", 7000), SC_OK);
	assert_int_equal(store_session_create(t->db, "digest-k2", uid, "c", 7000), SC_OK);
	assert_int_equal(store_session_create(t->db, "digest-k3", uid, "c", 7000), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-k2", &s, &u), SC_OK);
	assert_int_equal(store_session_delete_others(t->db, uid, s.id), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-k1", &s, &u), SC_ENOTFOUND);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-k3", &s, &u), SC_ENOTFOUND);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-k2", &s, &u), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "digest-o1", &s, &u), SC_OK);
}

static void
test_session_purge(void **state)
{
	struct fx *t = *state;
	int64_t uid = make_user(t->db, "p.user", 0);
	/* created, then last seen */
	assert_int_equal(store_session_create(t->db, "purge-fresh", uid, "c", 10000), SC_OK);
	assert_int_equal(store_session_create(t->db, "purge-idle", uid, "c", 10000), SC_OK);
	assert_int_equal(store_session_create(t->db, "purge-old", uid, "c", 5000), SC_OK);
	assert_int_equal(store_session_create(t->db, "purge-edge", uid, "c", 8000), SC_OK);
	struct session s;
	struct user u;
	assert_int_equal(store_session_lookup(t->db, t->a, "purge-fresh", &s, &u), SC_OK);
	assert_int_equal(store_session_touch(t->db, s.id, 11000), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "purge-old", &s, &u), SC_OK);
	assert_int_equal(store_session_touch(t->db, s.id, 11000), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "purge-edge", &s, &u), SC_OK);
	assert_int_equal(store_session_touch(t->db, s.id, 10500), SC_OK);

	/* idle before 10500, created before 6000 */
	assert_int_equal(store_session_purge(t->db, 10500, 6000), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "purge-fresh", &s, &u), SC_OK);
	assert_int_equal(store_session_lookup(t->db, t->a, "purge-idle", &s, &u), SC_ENOTFOUND);
	assert_int_equal(store_session_lookup(t->db, t->a, "purge-old", &s, &u), SC_ENOTFOUND);
	/* the cut-offs are exclusive */
	assert_int_equal(store_session_lookup(t->db, t->a, "purge-edge", &s, &u), SC_OK);
}

/* ---- sign-in failures ---- */

static void
expect_counts(struct fx *t, const char *username, const char *address, int64_t since,
	      int64_t pair, int64_t pair_latest, int64_t account, int64_t account_latest,
	      int64_t addr, int64_t addr_latest)
{
	struct throttle_counts c;
	memset(&c, 0xff, sizeof c);
	int rc = store_login_failure_counts(t->db, username, address, since, &c);
	if (rc != SC_OK)
		fail_msg("store_login_failure_counts: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	if (c.pair != pair || c.pair_latest != pair_latest || c.account != account ||
	    c.account_latest != account_latest || c.address != addr || c.address_latest != addr_latest)
		fail_msg("%s from %s since %lld: pair %lld@%lld account %lld@%lld address %lld@%lld;"
			 " want %lld@%lld %lld@%lld %lld@%lld", username, address, (long long)since,
			 (long long)c.pair, (long long)c.pair_latest, (long long)c.account,
			 (long long)c.account_latest, (long long)c.address, (long long)c.address_latest,
			 (long long)pair, (long long)pair_latest, (long long)account,
			 (long long)account_latest, (long long)addr, (long long)addr_latest);
}

static void
test_login_failures(void **state)
{
	struct fx *t = *state;
	int64_t id[6] = {0};
	assert_int_equal(store_login_failure_add(t->db, "lf.kari", "192.0.2.1", 1000, &id[0]), SC_OK);
	assert_int_equal(store_login_failure_add(t->db, "lf.kari", "192.0.2.1", 1010, &id[1]), SC_OK);
	assert_int_equal(store_login_failure_add(t->db, "lf.kari", "192.0.2.2", 1020, &id[2]), SC_OK);
	assert_int_equal(store_login_failure_add(t->db, "lf.ola", "192.0.2.1", 1030, &id[3]), SC_OK);
	/* a username that does not exist is counted all the same */
	assert_int_equal(store_login_failure_add(t->db, "lf.ghost", "192.0.2.3", 1040, &id[4]), SC_OK);
	for (int i = 0; i < 5; i++)
		assert_true(id[i] > 0);
	assert_true(id[0] != id[1]);

	/* the pair, the account from anywhere, the address for any account */
	expect_counts(t, "lf.kari", "192.0.2.1", 0, 2, 1010, 3, 1020, 3, 1030);
	expect_counts(t, "lf.kari", "192.0.2.2", 0, 1, 1020, 3, 1020, 1, 1020);
	expect_counts(t, "lf.ola", "192.0.2.1", 0, 1, 1030, 1, 1030, 3, 1030);
	/* since is inclusive */
	expect_counts(t, "lf.kari", "192.0.2.1", 1010, 1, 1010, 2, 1020, 2, 1030);
	expect_counts(t, "lf.kari", "192.0.2.1", 1011, 0, 0, 1, 1020, 1, 1030);
	expect_counts(t, "lf.kari", "192.0.2.1", 2000, 0, 0, 0, 0, 0, 0);
	/* nobody and nowhere */
	expect_counts(t, "lf.nobody", "198.51.100.9", 0, 0, 0, 0, 0, 0, 0);
	expect_counts(t, "lf.ghost", "198.51.100.9", 0, 0, 0, 1, 1040, 0, 0);

	/* an attempt that was never checked (the server was busy) is taken back */
	int64_t busy = 0;
	assert_int_equal(store_login_failure_add(t->db, "lf.kari", "192.0.2.1", 1050, &busy), SC_OK);
	expect_counts(t, "lf.kari", "192.0.2.1", 0, 3, 1050, 4, 1050, 4, 1050);
	assert_int_equal(store_login_failure_delete(t->db, busy), SC_OK);
	expect_counts(t, "lf.kari", "192.0.2.1", 0, 2, 1010, 3, 1020, 3, 1030);

	/* a good sign-in forgets the pair's failures and no others: the
	 * account's failures from elsewhere and the address's on other accounts
	 * stay */
	assert_int_equal(store_login_failures_clear(t->db, "lf.kari", "192.0.2.1"), SC_OK);
	expect_counts(t, "lf.kari", "192.0.2.1", 0, 0, 0, 1, 1020, 1, 1030);
	expect_counts(t, "lf.kari", "192.0.2.2", 0, 1, 1020, 1, 1020, 1, 1020);
	expect_counts(t, "lf.ola", "192.0.2.1", 0, 1, 1030, 1, 1030, 1, 1030);

	/* purge forgets what is older than the cut-off (exclusive) */
	assert_int_equal(store_login_failures_purge(t->db, 1030), SC_OK);
	expect_counts(t, "lf.kari", "192.0.2.2", 0, 0, 0, 0, 0, 0, 0);
	expect_counts(t, "lf.ola", "192.0.2.1", 0, 1, 1030, 1, 1030, 1, 1030);
}

/* Two sign-ins of one account at once: the second reads the counts only
 * after the first has recorded its attempt, so parallel requests cannot all
 * slip in before the first failure is written. */
struct lock_arg {
	struct db *db;
	struct throttle_counts seen;
	int rc;
};

static void *
second_attempt(void *p)
{
	struct lock_arg *a = p;
	a->rc = store_tx_begin(a->db);
	if (a->rc == SC_OK)
		a->rc = store_login_lock(a->db, "lk.kari");
	if (a->rc == SC_OK)
		a->rc = store_login_failure_counts(a->db, "lk.kari", "192.0.2.9", 0, &a->seen);
	if (a->rc == SC_OK)
		a->rc = store_tx_commit(a->db);
	else
		store_tx_rollback(a->db);
	return NULL;
}

static void
test_login_lock_serialises_attempts(void **state)
{
	struct fx *t = *state;
	struct lock_arg arg = {.db = store_acquire(t->store), .rc = -1};
	assert_non_null(arg.db);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_login_lock(t->db, "lk.kari"), SC_OK);
	struct throttle_counts c;
	assert_int_equal(store_login_failure_counts(t->db, "lk.kari", "192.0.2.9", 0, &c), SC_OK);
	assert_int_equal(c.pair, 0);

	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, second_attempt, &arg), 0);
	usleep(300 * 1000);   /* the second attempt is now waiting for the lock */
	int64_t id = 0;
	assert_int_equal(store_login_failure_add(t->db, "lk.kari", "192.0.2.9", 5000, &id), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	pthread_join(th, NULL);
	store_release(t->store, arg.db);
	if (arg.rc != SC_OK)
		fail_msg("second attempt: %s", sc_strerror(arg.rc));
	assert_int_equal(arg.seen.pair, 1);
	assert_int_equal(arg.seen.pair_latest, 5000);

	/* another account is not held up by it */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_login_lock(t->db, "lk.kari"), SC_OK);
	struct lock_arg other = {.db = store_acquire(t->store), .rc = -1};
	assert_non_null(other.db);
	if (fx_pg()) {
		/* SQLite has one writer at a time; PostgreSQL locks per account. */
		assert_int_equal(store_tx_begin(other.db), SC_OK);
		assert_int_equal(store_login_lock(other.db, "lk.ola"), SC_OK);
		assert_int_equal(store_tx_commit(other.db), SC_OK);
	}
	store_release(t->store, other.db);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
}

/* ---- API tokens ---- */

static void
test_tokens(void **state)
{
	struct fx *t = *state;
	int64_t uid = make_user(t->db, "t.user", ROLE_CONTACT_BIT);
	int64_t other = make_user(t->db, "t.other", 0);

	int64_t t1 = 0, t2 = 0, t3 = 0;
	assert_int_equal(store_token_create(t->db, uid, "laptop", "tok-digest-1", 1000, 100000, &t1), SC_OK);
	assert_int_equal(store_token_create(t->db, uid, "script", "tok-digest-2", 2000, 200000, &t2), SC_OK);
	assert_int_equal(store_token_create(t->db, other, "theirs", "tok-digest-3", 1500, 150000, &t3), SC_OK);
	assert_true(t1 > 0 && t2 > 0 && t3 > 0);
	assert_true(t1 != t2);
	int64_t dup = 0;
	assert_int_equal(store_token_create(t->db, uid, "dup", "tok-digest-1", 3000, 300000, &dup), SC_ECONFLICT);

	/* list: the user's own, newest first */
	struct api_token *items = NULL;
	size_t n = 0;
	assert_int_equal(store_token_list(t->db, t->a, uid, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, t2);
	assert_string_equal(items[0].name, "script");
	assert_int_equal(items[0].created_at, 2000);
	assert_int_equal(items[0].expires_at, 200000);
	assert_int_equal(items[0].last_used, 0);
	assert_int_equal(items[0].revoked_at, 0);
	assert_int_equal(items[1].id, t1);
	assert_string_equal(items[1].name, "laptop");

	/* lookup: the token and its user; its use is recorded */
	int64_t tid = 0;
	struct user u;
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-1", 5000, &tid, &u), SC_OK);
	assert_int_equal(tid, t1);
	assert_int_equal(u.id, uid);
	assert_string_equal(u.username, "t.user");
	assert_int_equal(u.roles, ROLE_CONTACT_BIT);
	assert_true(u.active);
	assert_int_equal(store_token_list(t->db, t->a, uid, &items, &n), SC_OK);
	assert_int_equal(items[1].last_used, 5000);
	/* coarsely: a use within a minute is not written again */
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-1", 5030, &tid, &u), SC_OK);
	assert_int_equal(store_token_list(t->db, t->a, uid, &items, &n), SC_OK);
	assert_int_equal(items[1].last_used, 5000);
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-1", 5060, &tid, &u), SC_OK);
	assert_int_equal(store_token_list(t->db, t->a, uid, &items, &n), SC_OK);
	assert_int_equal(items[1].last_used, 5060);

	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-none", 5000, &tid, &u), SC_ENOTFOUND);

	/* revoking another user's token: not found, and it stays live */
	assert_int_equal(store_token_revoke(t->db, uid, t3, 6000), SC_ENOTFOUND);
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-3", 6000, &tid, &u), SC_OK);
	assert_int_equal(u.id, other);

	/* revoke: gone from lookup, kept in the list with revoked_at; twice -> not found */
	assert_int_equal(store_token_revoke(t->db, uid, t1, 7000), SC_OK);
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-1", 7001, &tid, &u), SC_ENOTFOUND);
	assert_int_equal(store_token_revoke(t->db, uid, t1, 7002), SC_ENOTFOUND);
	assert_int_equal(store_token_revoke(t->db, uid, t1 + 100000, 7002), SC_ENOTFOUND);
	assert_int_equal(store_token_list(t->db, t->a, uid, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[1].id, t1);
	assert_int_equal(items[1].revoked_at, 7000);
	assert_int_equal(items[0].revoked_at, 0);

	/* a token ends at its expiry: live the second before, gone at it */
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-2", 199999, &tid, &u), SC_OK);
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-2", 200000, &tid, &u), SC_ENOTFOUND);
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-2", 9000, &tid, &u), SC_OK);

	/* a disabled user's token is not found */
	assert_int_equal(store_user_update(t->db, uid, 1, 1, "Test User", ROLE_CONTACT_BIT, false, 8000), SC_OK);
	assert_int_equal(store_token_lookup(t->db, t->a, "tok-digest-2", 8000, &tid, &u), SC_ENOTFOUND);

	/* a user with no tokens gets an empty list */
	int64_t none = make_user(t->db, "t.none", 0);
	assert_int_equal(store_token_list(t->db, t->a, none, &items, &n), SC_OK);
	assert_int_equal(n, 0);
}

/* Deactivating a user or resetting their password ends all their access:
 * sessions and live tokens, and nobody else's. */
static void
test_user_revoke_access(void **state)
{
	struct fx *t = *state;
	int64_t uid = make_user(t->db, "ra.user", ROLE_CONTACT_BIT);
	int64_t other = make_user(t->db, "ra.other", ROLE_CONTACT_BIT);
	int64_t t1 = 0, t2 = 0, t3 = 0, t4 = 0;
	assert_int_equal(store_token_create(t->db, uid, "one", "ra-digest-1", 1000, 90000, &t1), SC_OK);
	assert_int_equal(store_token_create(t->db, uid, "two", "ra-digest-2", 1000, 90000, &t2), SC_OK);
	assert_int_equal(store_token_create(t->db, uid, "old", "ra-digest-3", 1000, 90000, &t3), SC_OK);
	assert_int_equal(store_token_revoke(t->db, uid, t3, 1500), SC_OK);
	assert_int_equal(store_token_create(t->db, other, "theirs", "ra-digest-4", 1000, 90000, &t4), SC_OK);
	assert_int_equal(store_session_create(t->db, "ra-session-1", uid, "csrf1", 1000), SC_OK);
	assert_int_equal(store_session_create(t->db, "ra-session-2", other, "csrf2", 1000), SC_OK);

	assert_int_equal(store_user_revoke_access(t->db, uid, 2000), SC_OK);

	int64_t tid = 0;
	struct user u;
	struct session sess;
	assert_int_equal(store_token_lookup(t->db, t->a, "ra-digest-1", 2001, &tid, &u), SC_ENOTFOUND);
	assert_int_equal(store_token_lookup(t->db, t->a, "ra-digest-2", 2001, &tid, &u), SC_ENOTFOUND);
	assert_int_equal(store_session_lookup(t->db, t->a, "ra-session-1", &sess, &u), SC_ENOTFOUND);
	/* the list keeps them, revoked then; an earlier revocation keeps its time */
	struct api_token *items = NULL;
	size_t n = 0;
	assert_int_equal(store_token_list(t->db, t->a, uid, &items, &n), SC_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].revoked_at, items[i].id == t3 ? 1500 : 2000);
	/* the other user keeps theirs */
	assert_int_equal(store_token_lookup(t->db, t->a, "ra-digest-4", 2001, &tid, &u), SC_OK);
	assert_int_equal(tid, t4);
	assert_int_equal(store_session_lookup(t->db, t->a, "ra-session-2", &sess, &u), SC_OK);
	/* twice is fine */
	assert_int_equal(store_user_revoke_access(t->db, uid, 3000), SC_OK);
	assert_int_equal(store_token_list(t->db, t->a, uid, &items, &n), SC_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].revoked_at, items[i].id == t3 ? 1500 : 2000);
}

/* ---- audit log ---- */

/* The rows of the filter test lie in [T0, T0 + 100); later tests write
 * after it. */
#define T0 INT64_C(1900000000)

static void
add_audit(struct db *db, int64_t at, int64_t uid, const char *username, const char *action,
	  const char *rtype, const char *rid, const char *outcome)
{
	int rc = store_audit_add(db, 1, at, uid, username, action, rtype, rid, "203.0.113.7", outcome);
	if (rc != SC_OK)
		fail_msg("store_audit_add(%s): %s: %s", action, sc_strerror(rc), store_errmsg(db));
}

/* Lists with f inside the test window and checks the actions in order. */
static void
expect_audit(struct fx *t, struct audit_filter f, int64_t want_total, const char *const *want,
	     size_t nwant)
{
	if (f.from == 0)
		f.from = T0;
	if (f.to == 0)
		f.to = T0 + 100;
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = -1;
	int rc = store_audit_list(t->db, t->a, &f, &items, &n, &total);
	if (rc != SC_OK)
		fail_msg("store_audit_list: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	if (total != want_total || n != nwant)
		fail_msg("filter user=%s action=%s type=%s id=%s: total %lld n %zu, want %lld and %zu",
			 f.username ? f.username : "-", f.action ? f.action : "-",
			 f.record_type ? f.record_type : "-", f.record_id ? f.record_id : "-",
			 (long long)total, n, (long long)want_total, nwant);
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].action, want[i]) != 0)
			fail_msg("entry %zu: action %s, want %s", i, items[i].action, want[i]);
}

#define EXPECT_NONE(f, total) expect_audit(t, (f), (total), NULL, 0)
#define EXPECT(f, total, ...) \
	do { \
		static const char *const want_[] = { __VA_ARGS__ }; \
		expect_audit(t, (f), (total), want_, sizeof want_ / sizeof want_[0]); \
	} while (0)

static void
test_audit_add_and_filters(void **state)
{
	struct fx *t = *state;
	add_audit(t->db, T0 + 10, 7, "kari", "login", NULL, NULL, "ok");
	add_audit(t->db, T0 + 20, 7, "kari", "user.create", "user", "41", "ok");
	add_audit(t->db, T0 + 30, 8, "ola", "user.update", "user", "41", "ok");
	add_audit(t->db, T0 + 40, 8, "ola", "users.export", "", "", "denied");
	add_audit(t->db, T0 + 50, 0, NULL, "login.failed", NULL, NULL, "failed");
	add_audit(t->db, T0 + 50, 7, "kari", "participant.read", "participant", "41", NULL);
	add_audit(t->db, T0 + 60, 7, "kari", "user", "user", "42", "ok");

	/* everything, newest first (same time: later insert first) */
	struct audit_filter all = {0};
	all.limit = 50;
	EXPECT(all, 7, "user", "participant.read", "login.failed", "users.export", "user.update",
	       "user.create", "login");

	/* the fields come back as written; user 0 and NULL strings read as 0 and "" */
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct audit_filter f = all;
	f.from = T0;
	f.to = T0 + 100;
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	assert_int_equal(n, 7);
	assert_true(items[0].id > 0);
	assert_int_equal(items[0].at, T0 + 60);
	assert_int_equal(items[0].user_id, 7);
	assert_string_equal(items[0].username, "kari");
	assert_string_equal(items[0].record_type, "user");
	assert_string_equal(items[0].record_id, "42");
	assert_string_equal(items[0].address, "203.0.113.7");
	assert_string_equal(items[0].outcome, "ok");
	assert_string_equal(items[1].outcome, "ok");        /* NULL outcome -> "ok" */
	assert_true(items[1].id > items[2].id);
	assert_int_equal(items[2].user_id, 0);
	assert_string_equal(items[2].username, "");
	assert_string_equal(items[2].record_type, "");
	assert_string_equal(items[2].outcome, "failed");

	/* username: exact */
	f = all;
	f.username = "ola";
	EXPECT(f, 2, "users.export", "user.update");
	f.username = "OLA";
	EXPECT_NONE(f, 0);
	f.username = "ol";
	EXPECT_NONE(f, 0);

	/* action: exact */
	f = all;
	f.action = "user.create";
	EXPECT(f, 1, "user.create");
	f.action = "login";
	EXPECT(f, 1, "login");     /* not login.failed */
	f.action = "user";
	EXPECT(f, 1, "user");
	f.action = "user.cr";      /* no trailing dot: exact, matches nothing */
	EXPECT_NONE(f, 0);

	/* action: a prefix ending in '.' (not "users.export", not "user") */
	f.action = "user.";
	EXPECT(f, 2, "user.update", "user.create");
	f.action = "login.";
	EXPECT(f, 1, "login.failed");
	f.action = "%.";           /* no wildcards */
	EXPECT_NONE(f, 0);

	/* record */
	f = all;
	f.record_type = "user";
	EXPECT(f, 3, "user", "user.update", "user.create");
	f.record_id = "41";
	EXPECT(f, 2, "user.update", "user.create");
	f.record_type = NULL;
	EXPECT(f, 3, "participant.read", "user.update", "user.create");

	/* from (inclusive) and to (exclusive) */
	f = all;
	f.from = T0 + 20;
	f.to = T0 + 50;
	EXPECT(f, 3, "users.export", "user.update", "user.create");
	f.from = T0 + 21;
	f.to = T0 + 51;
	EXPECT(f, 4, "participant.read", "login.failed", "users.export", "user.update");

	/* filters together */
	f = all;
	f.username = "kari";
	f.action = "user.";
	f.from = T0 + 15;
	EXPECT(f, 1, "user.create");
	/* each filter that leads the search (a record, a user, an action) with
	 * the others narrowing it */
	f = all;
	f.record_type = "user";
	f.record_id = "41";
	f.username = "ola";
	EXPECT(f, 1, "user.update");
	f.username = NULL;
	f.action = "user.";
	f.to = T0 + 25;
	EXPECT(f, 1, "user.create");
	f = all;
	f.action = "user.update";
	f.username = "kari";
	EXPECT_NONE(f, 0);
	f.username = NULL;
	f.from = T0 + 31;
	EXPECT_NONE(f, 0);

	/* paging: the total is of all matches */
	f = all;
	f.limit = 2;
	f.offset = 0;
	EXPECT(f, 7, "user", "participant.read");
	f.offset = 2;
	EXPECT(f, 7, "login.failed", "users.export");
	f.offset = 6;
	EXPECT(f, 7, "login");
	f.offset = 7;
	EXPECT_NONE(f, 7);
}

/* A centre's own entries: a leader of the second centre (read by the
 * centre's index, decision 132) and of the first (by time; the entries of
 * no centre are the first's) see theirs newest first, with or without
 * another filter, counted to a cap too; the administrator sees all. */
static void
test_audit_by_centre(void **state)
{
	struct fx *t = *state;
	int64_t second = fx_centre(t, "Audit's second centre");
	int64_t third = fx_centre(t, "Audit's third centre");
	static const struct {
		int centre; /* 0 none, 1 first, 2 second, 3 third */
		const char *action;
	} rows[] = {{2, "a.two"}, {1, "a.one"}, {3, "a.three"}, {0, "a.none"}, {2, "b.two"}, {2, "a.two"},
		    {3, "b.three"}, {1, "b.one"}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t c = rows[i].centre == 0 ? 0 : rows[i].centre == 1 ? 1 : rows[i].centre == 2 ? second : third;
		assert_int_equal(store_audit_add(t->db, c, T0 + 1000 + (int64_t)i, 7, "kari", rows[i].action, "x",
						 "1", "203.0.113.7", "ok"),
				 SC_OK);
	}
	struct audit_filter f = {.limit = 50, .from = T0 + 1000, .to = T0 + 1100};
	f.centre = second;
	EXPECT(f, 3, "a.two", "b.two", "a.two");
	f.action = "a.two";
	EXPECT(f, 2, "a.two", "a.two");
	f.action = "b.";
	EXPECT(f, 1, "b.two");
	f.action = NULL;
	f.count_cap = 1;   /* counted to one past it */
	EXPECT(f, 2, "a.two", "b.two", "a.two");
	f.count_cap = 0;
	f.limit = 1;
	f.offset = 1;
	EXPECT(f, 3, "b.two");
	f.limit = 50;
	f.offset = 0;
	f.centre = third;
	EXPECT(f, 2, "b.three", "a.three");
	f.centre = 1;
	EXPECT(f, 3, "b.one", "a.none", "a.one");
	f.centre = 0;
	EXPECT(f, 8, "b.one", "b.three", "a.two", "b.two", "a.none", "a.three", "a.one", "a.two");
}

#undef EXPECT
#undef EXPECT_NONE

/* Returns the number of audit rows with this action (through the store). */
static int64_t
audit_count(struct fx *t, const char *action)
{
	struct audit_filter f = {0};
	f.action = action;
	f.limit = 1;
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = -1;
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	return total;
}

static void
test_audit_append_only(void **state)
{
	struct fx *t = *state;
	add_audit(t->db, T0 + 500, 7, "kari", "tamper.target", "user", "1", "ok");
	int64_t before = audit_count(t, "tamper.target");
	assert_int_equal(before, 1);

	char err[512];
	assert_int_equal(raw_exec("UPDATE audit_log SET outcome = 'denied' WHERE action = 'tamper.target'",
				  err, sizeof err), -1);
	assert_non_null(strstr(err, "append-only"));
	assert_int_equal(raw_exec("UPDATE audit_log SET username = 'x'", err, sizeof err), -1);
	assert_int_equal(raw_exec("DELETE FROM audit_log WHERE action = 'tamper.target'", err, sizeof err), -1);
	assert_non_null(strstr(err, "append-only"));
	assert_int_equal(raw_exec("DELETE FROM audit_log", err, sizeof err), -1);
	assert_int_equal(audit_count(t, "tamper.target"), 1);

	struct audit_filter f = {0};
	f.action = "tamper.target";
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].outcome, "ok");
	assert_string_equal(items[0].username, "kari");
}

/* PostgreSQL: TRUNCATE does not fire row triggers, so the append-only rule
 * needs a statement trigger of its own. Run inside a transaction that is
 * rolled back, so a gap does not empty the log. Skipped while migration 1
 * is all there is (see the report: a BEFORE TRUNCATE trigger is missing);
 * turn the skip into a failure once a migration adds it. */
static void
test_audit_truncate_refused(void **state)
{
	struct fx *t = *state;
	if (!fx_pg())
		skip();   /* SQLite has no TRUNCATE; DELETE is tested above */
	add_audit(t->db, T0 + 700, 7, "kari", "truncate.target", "", "", "ok");
	char err[512];
	int rc = raw_exec("BEGIN; TRUNCATE audit_log; ROLLBACK;", err, sizeof err);
	assert_int_equal(audit_count(t, "truncate.target"), 1);
	/* Migration 2 added a BEFORE TRUNCATE trigger: the statement must fail. */
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(err, "append-only"));
}

static void
test_audit_rolled_back(void **state)
{
	struct fx *t = *state;
	/* a change and its audit entry: rolled back together */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int64_t id = 0;
	assert_int_equal(store_user_create(t->db, "rb.user", "X", "$x", 0, "nb", 1, 1, &id), SC_OK);
	add_audit(t->db, T0 + 600, 7, "kari", "rollback.test", "user", "1", "ok");
	assert_int_equal(audit_count(t, "rollback.test"), 1);   /* visible inside */
	assert_int_equal(store_tx_rollback(t->db), SC_OK);
	assert_int_equal(audit_count(t, "rollback.test"), 0);
	struct user u;
	assert_int_equal(store_user_by_username(t->db, t->a, "rb.user", false, &u), SC_ENOTFOUND);

	/* and committed together */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_user_create(t->db, "rb.user", "X", "$x", 0, "nb", 1, 1, &id), SC_OK);
	add_audit(t->db, T0 + 601, 7, "kari", "commit.test", "user", "1", "ok");
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(audit_count(t, "commit.test"), 1);
	assert_int_equal(store_user_by_username(t->db, t->a, "rb.user", false, &u), SC_OK);

	/* rollback with nothing open is safe */
	assert_int_equal(store_tx_rollback(t->db), SC_OK);

	/* another connection does not see uncommitted rows */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	add_audit(t->db, T0 + 602, 7, "kari", "uncommitted.test", "", "", "ok");
	struct db *other = store_acquire(t->store);
	struct fx t2 = {.db = other, .a = t->a, .store = t->store};
	assert_int_equal(audit_count(&t2, "uncommitted.test"), 0);
	store_release(t->store, other);
	assert_int_equal(store_tx_rollback(t->db), SC_OK);
	assert_int_equal(audit_count(t, "uncommitted.test"), 0);
}

/* ---- a database newer than this program ---- */

static void
test_schema_too_new(void **state)
{
	struct fx *t = *state;
	int latest = store_schema_latest();
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, 'from the future', 1)",
		 latest + 7);
	fx_exec(sql);

	struct store *s2 = NULL;
	char err[512] = "";
	int rc = store_open(fx_url(), 1, 5000, &s2, err, sizeof err);
	char v_new[16], v_latest[16];
	snprintf(v_new, sizeof v_new, "%d", latest + 7);
	snprintf(v_latest, sizeof v_latest, "%d", latest);
	bool ok = rc == SC_ETOONEW && s2 == NULL && strstr(err, v_new) != NULL &&
		  strstr(err, v_latest) != NULL;

	/* store_migrate on an open connection says the same */
	struct db *db = store_acquire(t->store);
	int applied = -1;
	char err2[512] = "";
	int rc2 = store_migrate(db, &applied, err2, sizeof err2);
	store_release(t->store, db);

	/* put the database back before judging, so a failure leaves it usable */
	snprintf(sql, sizeof sql, "DELETE FROM schema_migrations WHERE version = %d", latest + 7);
	fx_exec(sql);
	store_close(s2);

	if (!ok)
		fail_msg("store_open: rc %d (%s), message \"%s\"; want SC_ETOONEW naming %s and %s", rc,
			 sc_strerror(rc), err, v_new, v_latest);
	assert_int_equal(rc2, SC_ETOONEW);
	assert_non_null(strstr(err2, v_new));

	/* back at the latest version, the store opens again */
	assert_int_equal(store_open(fx_url(), 1, 5000, &s2, err, sizeof err), SC_OK);
	store_close(s2);
}

/* ---- main ---- */

struct qarg {
	struct store *store;
	int n;
	int base;
};

static void *
queue_adder(void *arg)
{
	struct qarg *q = arg;
	struct db *db = store_acquire(q->store);
	for (int i = 0; i < q->n; i++) {
		char id[32];
		snprintf(id, sizeof id, "%d", q->base + i);
		if (store_audit_queue_add(q->store, db, 1, 1700000000, 0, "queue", "queue.read", "participant",
					  id, "127.0.0.1", "ok") != SC_OK)
			break;
	}
	store_release(q->store, db);
	return NULL;
}

/* Reads audited through the queue from several threads: after a flush every
 * entry is in the log exactly once; after stop, entries are written directly. */
static void
test_audit_queue(void **state)
{
	struct fx *t = *state;
	char err[256] = "";
	assert_int_equal(store_audit_queue_start(t->store, fx_url(), 5000, err, sizeof err), SC_OK);
	pthread_t th[4];
	struct qarg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (struct qarg){t->store, 500, i * 1000};
		assert_int_equal(pthread_create(&th[i], NULL, queue_adder, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	store_audit_queue_flush(t->store);
	struct audit_filter f = {.action = "queue.read", .limit = 10, .offset = 0};
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2000);
	/* A capped count stops one past its cap, and counts a total under it
	 * to the end; the page's entries are the same either way. */
	int64_t firsts[3];
	for (int i = 0; i < 3; i++) {
		static const int64_t caps[3] = {1500, 1999, 2000};
		f.count_cap = caps[i];
		assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
		assert_int_equal(total, i == 0 ? 1501 : 2000);
		assert_int_equal(n, 10);
		firsts[i] = items[0].id;
	}
	assert_int_equal(firsts[0], firsts[2]);
	assert_int_equal(firsts[1], firsts[2]);
	f.count_cap = 0;
	f.record_id = "3499";
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(items[0].username, "queue");
	assert_string_equal(items[0].address, "127.0.0.1");
	/* Queued but not flushed: stop writes them out. */
	struct qarg more = {t->store, 100, 5000};
	queue_adder(&more);
	store_audit_queue_stop(t->store);
	f.record_id = NULL;
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2100);
	/* Without a queue, an entry is written at once. */
	assert_int_equal(store_audit_queue_add(t->store, t->db, 1, 1700000000, 0, "queue", "queue.read", "x",
					       "direct", "", "ok"), SC_OK);
	assert_int_equal(store_audit_list(t->db, t->a, &f, &items, &n, &total), SC_OK);
	assert_int_equal(total, 2101);
	store_audit_queue_stop(t->store);   /* harmless without a queue */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_migrations_recorded),
		FX_TEST(test_installation_settings),
		FX_TEST(test_user_create_and_read),
		FX_TEST(test_user_list_paging),
		FX_TEST(test_user_update_versions),
		FX_TEST(test_user_count_admins),
		FX_TEST(test_sessions),
		FX_TEST(test_session_purge),
		FX_TEST(test_login_failures),
		FX_TEST(test_login_lock_serialises_attempts),
		FX_TEST(test_tokens),
		FX_TEST(test_user_revoke_access),
		FX_TEST(test_audit_add_and_filters),
		FX_TEST(test_audit_by_centre),
		FX_TEST(test_audit_append_only),
		FX_TEST(test_audit_truncate_refused),
		FX_TEST(test_audit_rolled_back),
		FX_TEST(test_audit_queue),
		FX_TEST(test_schema_too_new),
	};
	return fx_run("test_store", tests, sizeof tests / sizeof tests[0]);
}
