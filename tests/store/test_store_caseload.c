/*
 * test_store_caseload.c — contract tests for contact persons and caseloads
 * (src/store/store_caseload.h): assignment under the cap with its history,
 * the cap holding when two connections assign at once, caps, bulk
 * reassignment (all or nothing), the overview's figures, one caseload with
 * its filters, and saved filters.
 *
 * Runs on SQLite by default and on PostgreSQL when SC_TEST_DB_URL is set
 * (the public schema is dropped and recreated first). Rows of other areas
 * (participants, enrolments, plans, meetings, tasks) are written with plain
 * SQL through the store's driver (db.h), so these tests do not depend on
 * those areas' store functions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/access.h"
#include "domain/caseload.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static char url[4200];
static char tmpdir[4096];   /* SQLite only: the directory to remove */
static bool is_pg;
static struct store *store;

#define TODAY "2025-03-10"
#define CONTACT ROLE_BIT(ROLE_CONTACT)
#define LEADER ROLE_BIT(ROLE_LEADER)

/* ---- fixtures ---- */

static int
open_store(void **state)
{
	(void)state;
	char err[512] = "";
	/* one connection for the test, two for the racing threads */
	int rc = store_open(url, 3, 5000, &store, err, sizeof err);
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

struct t {
	struct db *db;
	struct arena *a;
};

static int
setup(void **state)
{
	struct t *t = calloc(1, sizeof *t);
	if (t == NULL)
		return -1;
	t->db = store_acquire(store);
	t->a = arena_new();
	*state = t;
	return t->a != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	struct t *t = *state;
	store_release(store, t->db);
	arena_free(t->a);
	free(t);
	return 0;
}

static int64_t
make_user(struct db *db, const char *display, uint32_t roles)
{
	static int seq;
	char username[64];
	snprintf(username, sizeof username, "u%d", ++seq);
	int64_t id = 0;
	int rc = store_user_create(db, username, display, "$argon2id$fake", roles, "nb", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", username, sc_strerror(rc), store_errmsg(db));
	return id;
}

static const char sql_participant[] =
	"INSERT INTO participants (given_name, family_name, birth_date, gender, status, name_key,"
	" created_at, updated_at) VALUES ($1, $2, '1990-01-01', 'female', $3, $4, 1000, 1000)"
	" RETURNING id";

static int64_t
make_participant(struct db *db, const char *given, const char *family, const char *status)
{
	char key[256];
	snprintf(key, sizeof key, "%s %s", family, given);
	for (char *c = key; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	struct db_stmt *st = db_prepare(db, sql_participant);
	assert_non_null(st);
	db_bind_text(st, 1, given);
	db_bind_text(st, 2, family);
	db_bind_text(st, 3, status);
	db_bind_text(st, 4, key);
	int rc = db_step(st);
	if (rc != DB_ROW)
		fail_msg("insert participant: %s", store_errmsg(db));
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static const char sql_set_status[] = "UPDATE participants SET status = $2 WHERE id = $1";

static void
set_status(struct db *db, int64_t id, const char *status)
{
	struct db_stmt *st = db_prepare(db, sql_set_status);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, status);
	assert_int_equal(db_run(st, NULL), SC_OK);
}

static const char sql_contact_of[] = "SELECT COALESCE(contact_id, 0) FROM participants WHERE id = $1";

static int64_t
contact_of(struct db *db, int64_t participant_id)
{
	struct db_stmt *st = db_prepare(db, sql_contact_of);
	db_bind_int(st, 1, participant_id);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t v = db_col_int(st, 0);
	db_done(st);
	return v;
}

static const char sql_active_of[] =
	"SELECT COUNT(*) FROM participants WHERE contact_id = $1 AND status IN ('active','paused')";

static int64_t
active_of(struct db *db, int64_t contact_id)
{
	struct db_stmt *st = db_prepare(db, sql_active_of);
	db_bind_int(st, 1, contact_id);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t v = db_col_int(st, 0);
	db_done(st);
	return v;
}

static const char sql_open_count[] =
	"SELECT COUNT(*) FROM assignments WHERE participant_id = $1 AND to_at IS NULL";

static int64_t
open_assignments(struct db *db, int64_t participant_id)
{
	struct db_stmt *st = db_prepare(db, sql_open_count);
	db_bind_int(st, 1, participant_id);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t v = db_col_int(st, 0);
	db_done(st);
	return v;
}

/* Assigns in a transaction of its own, committing only on success. */
static int
assign(struct db *db, int64_t pid, int64_t cid, int64_t by, const char *reason, int64_t now,
       const char **refusal)
{
	assert_int_equal(store_tx_begin(db), SC_OK);
	int rc = store_assign_contact(db, pid, cid, by, reason, now, refusal);
	if (rc == SC_OK)
		assert_int_equal(store_tx_commit(db), SC_OK);
	else
		store_tx_rollback(db);
	return rc;
}

/* A contact person holding `active` active participants. */
static int64_t
contact_with(struct db *db, const char *name, int active)
{
	int64_t cid = make_user(db, name, CONTACT);
	assert_int_equal(store_tx_begin(db), SC_OK);
	for (int i = 0; i < active; i++) {
		char given[32];
		snprintf(given, sizeof given, "P%d", i);
		int64_t pid = make_participant(db, given, name, "active");
		assert_int_equal(store_assign_contact(db, pid, cid, 0, "setup", 500, NULL), SC_OK);
	}
	assert_int_equal(store_tx_commit(db), SC_OK);
	return cid;
}

/* ---- assignment and history ---- */

static void
test_assign_and_history(void **state)
{
	struct t *t = *state;
	int64_t leader = make_user(t->db, "Lea Leader", LEADER);
	int64_t kari = make_user(t->db, "Kari Nordmann", CONTACT);
	int64_t ola = make_user(t->db, "Ola Hansen", CONTACT | LEADER);
	int64_t p = make_participant(t->db, "Amina", "Warsame", "active");
	const char *why = "untouched";

	assert_int_equal(assign(t->db, p, kari, leader, "first contact", 100, &why), SC_OK);
	assert_null(why);
	assert_int_equal(contact_of(t->db, p), kari);
	/* the same contact person again: nothing new in the history */
	assert_int_equal(assign(t->db, p, kari, leader, "again", 150, &why), SC_OK);
	assert_int_equal(assign(t->db, p, ola, leader, "Kari on leave", 200, &why), SC_OK);
	assert_int_equal(contact_of(t->db, p), ola);
	assert_int_equal(open_assignments(t->db, p), 1);

	struct assignment *h = NULL;
	size_t n = 0;
	assert_int_equal(store_assignment_history(t->db, t->a, p, &h, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].contact_id, ola);
	assert_string_equal(h[0].contact_name, "Ola Hansen");
	assert_int_equal(h[0].from_at, 200);
	assert_int_equal(h[0].to_at, 0);
	assert_int_equal(h[0].assigned_by, leader);
	assert_string_equal(h[0].assigned_by_name, "Lea Leader");
	assert_string_equal(h[0].reason, "Kari on leave");
	assert_string_equal(h[0].given_name, "Amina");
	assert_int_equal(h[1].contact_id, kari);
	assert_int_equal(h[1].from_at, 100);
	assert_int_equal(h[1].to_at, 200);
	assert_string_equal(h[1].reason, "first contact");

	/* the contact person's side of the history */
	int64_t total = 0;
	assert_int_equal(store_assignment_history_contact(t->db, t->a, kari, 10, 0, &h, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].participant_id, p);
	assert_string_equal(h[0].family_name, "Warsame");
	assert_int_equal(h[0].to_at, 200);

	/* assigned by the system (by = 0): no name */
	int64_t q = make_participant(t->db, "Hodan", "Ali", "waiting");
	assert_int_equal(assign(t->db, q, kari, 0, NULL, 300, NULL), SC_OK);
	assert_int_equal(store_assignment_history(t->db, t->a, q, &h, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].assigned_by, 0);
	assert_null(h[0].assigned_by_name);
	assert_string_equal(h[0].reason, "");
	/* a waiting participant does not count against the cap until active */
	assert_int_equal(active_of(t->db, kari), 0);
}

static void
test_assign_refusals(void **state)
{
	struct t *t = *state;
	int64_t leader = make_user(t->db, "Lea Leader", LEADER);
	int64_t gone = make_user(t->db, "Gone Contact", CONTACT);
	assert_int_equal(store_user_update(t->db, gone, 1, 1, "Gone Contact", CONTACT, false, 1001), SC_OK);
	int64_t kari = make_user(t->db, "Kari", CONTACT);
	int64_t p = make_participant(t->db, "Amina", "Farah", "active");
	const char *why = NULL;

	/* not a contact person, no such user, a disabled contact person */
	assert_int_equal(assign(t->db, p, leader, leader, NULL, 100, &why), SC_EINVAL);
	assert_string_equal(why, "choose an active user with the contact person role");
	why = NULL;
	assert_int_equal(assign(t->db, p, 999999, leader, NULL, 100, &why), SC_EINVAL);
	assert_string_equal(why, "choose an active user with the contact person role");
	assert_int_equal(assign(t->db, p, gone, leader, NULL, 100, &why), SC_EINVAL);
	/* no such participant */
	why = NULL;
	assert_int_equal(assign(t->db, 999999, kari, leader, NULL, 100, &why), SC_ENOTFOUND);
	assert_string_equal(why, "there is no such participant");
	/* nothing happened */
	assert_int_equal(contact_of(t->db, p), 0);
	assert_int_equal(open_assignments(t->db, p), 0);
}

static void
test_cap_enforced(void **state)
{
	struct t *t = *state;
	int64_t full = contact_with(t->db, "Full Caseload", CASELOAD_DEFAULT_CAP);
	assert_int_equal(active_of(t->db, full), 18);
	int64_t p = make_participant(t->db, "Nineteen", "Extra", "active");
	const char *why = NULL;
	assert_int_equal(assign(t->db, p, full, 0, NULL, 100, &why), SC_ELIMIT);
	assert_string_equal(why, "the contact person's caseload is full");
	assert_int_equal(contact_of(t->db, p), 0);
	/* the cap is checked whatever the participant's status */
	int64_t w = make_participant(t->db, "Waiting", "Extra", "waiting");
	assert_int_equal(assign(t->db, w, full, 0, NULL, 100, NULL), SC_ELIMIT);
	/* one exits: room again */
	struct caseload_query q = { TODAY, "2025-02-24", "2025-03-24", 0, 0 };
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_list(t->db, t->a, full, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 18);
	set_status(t->db, rows[0].id, "exited");
	assert_int_equal(assign(t->db, p, full, 0, NULL, 100, NULL), SC_OK);
	assert_int_equal(active_of(t->db, full), 18);
	/* a participant already counted can be re-assigned to the same person */
	assert_int_equal(assign(t->db, p, full, 0, NULL, 101, NULL), SC_OK);

	/* assigned while waiting, then the caseload fills: when they become
	 * active, assigning the same person again reports there is no room */
	int64_t cid = contact_with(t->db, "Pre Assigned", CASELOAD_DEFAULT_CAP - 1);
	int64_t early = make_participant(t->db, "Early", "Waiting", "waiting");
	int64_t late = make_participant(t->db, "Late", "Active", "active");
	assert_int_equal(assign(t->db, early, cid, 0, NULL, 10, NULL), SC_OK);
	assert_int_equal(assign(t->db, late, cid, 0, NULL, 11, NULL), SC_OK);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	set_status(t->db, early, "active");
	why = NULL;
	assert_int_equal(store_assign_contact(t->db, early, cid, 0, NULL, 12, &why), SC_ELIMIT);
	assert_string_equal(why, "the contact person's caseload is full");
	store_tx_rollback(t->db);
	assert_int_equal(open_assignments(t->db, early), 1);
	/* with room it is a no-op that writes nothing */
	set_status(t->db, late, "exited");
	assert_int_equal(assign(t->db, early, cid, 0, NULL, 13, NULL), SC_OK);
	struct assignment *h = NULL;
	assert_int_equal(store_assignment_history(t->db, t->a, early, &h, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].from_at, 10);
}

/* ---- the cap under concurrency ---- */

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	int64_t participant, contact;
	int rc;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	pthread_barrier_wait(r->barrier);
	r->rc = store_tx_begin(r->db);
	if (r->rc != SC_OK)
		return NULL;
	r->rc = store_assign_contact(r->db, r->participant, r->contact, 0, "race", 1000, NULL);
	if (r->rc == SC_OK) {
		/* hold the transaction a moment so the other one surely overlaps */
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		int rc = store_tx_commit(r->db);
		if (rc != SC_OK)
			r->rc = rc;
	} else {
		store_tx_rollback(r->db);
	}
	return NULL;
}

static void
test_concurrent_cap(void **state)
{
	(void)state;
	struct db *d1 = store_acquire(store);
	struct db *d2 = store_acquire(store);
	for (int round = 0; round < 20; round++) {
		char name[32];
		snprintf(name, sizeof name, "Racer %d", round);
		int64_t cid = contact_with(d1, name, CASELOAD_DEFAULT_CAP - 1);
		int64_t x = make_participant(d1, "X", name, "active");
		int64_t y = make_participant(d1, "Y", name, "active");
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer a = { &barrier, d1, x, cid, -100 };
		struct racer b = { &barrier, d2, y, cid, -100 };
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		bool one_won = (a.rc == SC_OK && b.rc == SC_ELIMIT) ||
			       (a.rc == SC_ELIMIT && b.rc == SC_OK);
		if (!one_won)
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		assert_int_equal(active_of(d1, cid), CASELOAD_DEFAULT_CAP);
		assert_int_equal(contact_of(d1, a.rc == SC_OK ? y : x), 0);
	}
	store_release(store, d2);
	store_release(store, d1);
}

/* ---- caps ---- */

static void
test_set_cap(void **state)
{
	struct t *t = *state;
	int64_t kari = contact_with(t->db, "Kari Cap", 12);
	int64_t leader = make_user(t->db, "Lea", LEADER);
	const char *why = NULL;
	int64_t active = -1;

	struct caseload_person p;
	assert_int_equal(store_caseload_person(t->db, t->a, kari, TODAY, "2025-02-24", &p), SC_OK);
	assert_false(p.own_cap);
	assert_int_equal(p.cap, 18);
	assert_int_equal(p.free_places, 6);

	static const struct { int cap, rc; const char *why; } rows[] = {
		{ 0, SC_EINVAL, "the caseload cap must be between 1 and 60" },
		{ 61, SC_EINVAL, "the caseload cap must be between 1 and 60" },
		{ -1, SC_EINVAL, "the caseload cap must be between 1 and 60" },
		{ 11, SC_ELIMIT, "the cap cannot be lower than the number of active participants" },
		{ 12, SC_OK, NULL },
		{ 20, SC_OK, NULL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		why = NULL;
		assert_int_equal(store_tx_begin(t->db), SC_OK);
		int rc = store_caseload_set_cap(t->db, kari, rows[i].cap, 2000, &active, &why);
		if (rc == SC_OK)
			assert_int_equal(store_tx_commit(t->db), SC_OK);
		else
			store_tx_rollback(t->db);
		if (rc != rows[i].rc)
			fail_msg("cap %d: %s", rows[i].cap, sc_strerror(rc));
		if (rows[i].why)
			assert_string_equal(why, rows[i].why);
		else
			assert_null(why);
	}
	assert_int_equal(active, 12);
	assert_int_equal(store_caseload_person(t->db, t->a, kari, TODAY, "2025-02-24", &p), SC_OK);
	assert_true(p.own_cap);
	assert_int_equal(p.cap, 20);
	assert_int_equal(p.free_places, 8);

	/* a raised cap lets more in; a non-contact user has no cap; no such user */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_set_cap(t->db, leader, 10, 2000, NULL, &why), SC_EINVAL);
	assert_string_equal(why, "only a contact person has a caseload cap");
	assert_int_equal(store_caseload_set_cap(t->db, 999999, 10, 2000, NULL, &why), SC_ENOTFOUND);
	store_tx_rollback(t->db);

	/* cap 1: one participant, then full */
	int64_t solo = make_user(t->db, "Solo", CONTACT);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_set_cap(t->db, solo, 1, 2000, NULL, NULL), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	int64_t a = make_participant(t->db, "A", "Solo", "active");
	int64_t b = make_participant(t->db, "B", "Solo", "paused");
	assert_int_equal(assign(t->db, a, solo, 0, NULL, 10, NULL), SC_OK);
	assert_int_equal(assign(t->db, b, solo, 0, NULL, 10, NULL), SC_ELIMIT);
}

/* ---- bulk ---- */

static void
test_bulk(void **state)
{
	struct t *t = *state;
	int64_t leader = make_user(t->db, "Lea", LEADER);
	int64_t from = contact_with(t->db, "Leaving Contact", 6);
	int64_t to = contact_with(t->db, "Kari Nordmann", 15);
	struct caseload_query q = { TODAY, "2025-02-24", "2025-03-24", 0, 0 };
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_list(t->db, t->a, from, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 6);
	int64_t ids[8];
	for (size_t i = 0; i < n; i++)
		ids[i] = rows[i].id;

	/* 5 active into room for 3: all refused, nothing moved */
	struct bulk_refusal why;
	int64_t moved = -1;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_bulk(t->db, ids, 5, to, leader, "leave", 3000, &moved, NULL, &why), SC_ELIMIT);
	store_tx_rollback(t->db);
	assert_int_equal(why.room, 3);
	assert_int_equal(why.chosen, 5);
	assert_string_equal(why.reason, "the contact person's caseload is full");
	assert_int_equal(moved, 0);
	assert_int_equal(active_of(t->db, from), 6);
	assert_int_equal(active_of(t->db, to), 15);

	/* an unknown participant in the list: nothing moved */
	int64_t bad[] = { ids[0], 999999 };
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_bulk(t->db, bad, 2, to, leader, "", 3000, &moved, NULL, &why), SC_ENOTFOUND);
	store_tx_rollback(t->db);
	assert_int_equal(why.participant_id, 999999);
	assert_string_equal(why.reason, "there is no such participant");
	assert_int_equal(contact_of(t->db, ids[0]), from);

	/* empty list; not a contact person */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_bulk(t->db, ids, 0, to, leader, "", 3000, &moved, NULL, &why), SC_EINVAL);
	assert_string_equal(why.reason, "choose at least one participant");
	assert_int_equal(store_assign_bulk(t->db, ids, 2, leader, leader, "", 3000, &moved, NULL, &why), SC_EINVAL);
	assert_string_equal(why.reason, "choose an active user with the contact person role");
	store_tx_rollback(t->db);

	/* 3 active (one given twice) plus one waiting: fits, all move */
	int64_t w = make_participant(t->db, "Wait", "Ing", "waiting");
	assert_int_equal(assign(t->db, w, from, 0, NULL, 10, NULL), SC_OK);
	int64_t ok[] = { ids[2], ids[0], w, ids[1], ids[0] };
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int64_t moved_ids[5] = {0};
	assert_int_equal(store_assign_bulk(t->db, ok, 5, to, leader, "leave", 3000, &moved, moved_ids, &why), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(moved, 4);
	for (int i = 1; i < 4; i++)
		assert_true(moved_ids[i - 1] < moved_ids[i]);
	assert_int_equal(moved_ids[4], 0);
	assert_null(why.reason);
	assert_int_equal(active_of(t->db, to), 18);
	assert_int_equal(active_of(t->db, from), 3);
	assert_int_equal(contact_of(t->db, w), to);
	struct assignment *h = NULL;
	assert_int_equal(store_assignment_history(t->db, t->a, ids[0], &h, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].contact_id, to);
	assert_int_equal(h[0].from_at, 3000);
	assert_string_equal(h[0].reason, "leave");
	assert_int_equal(h[1].to_at, 3000);

	/* now full; those already there move nowhere and cost no room */
	int64_t again[] = { ids[0], ids[1] };
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_bulk(t->db, again, 2, to, leader, "", 3100, &moved, NULL, &why), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(moved, 0);
	int64_t one_more[] = { ids[3] };
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_bulk(t->db, one_more, 1, to, leader, "", 3100, &moved, NULL, &why), SC_ELIMIT);
	store_tx_rollback(t->db);
	assert_int_equal(why.room, 0);
	assert_int_equal(why.chosen, 1);
}

/* ---- the overview and one caseload ---- */

static const char sql_enrol[] =
	"INSERT INTO enrolments (participant_id, start_date, planned_end, created_at, updated_at)"
	" VALUES ($1, $2, '2027-01-01', 1, 1) RETURNING id";
static const char sql_plan[] =
	"INSERT INTO work_plans (enrolment_id, participant_id, created_at, updated_at)"
	" VALUES ($1, $2, 1, 1) RETURNING id";
static const char sql_goal[] =
	"INSERT INTO goals (plan_id, participant_id, category, title, target_date, status,"
	" created_at, updated_at) VALUES ($1, $2, 'work', 'A goal', $3, $4, 1, 1) RETURNING id";
static const char sql_step[] =
	"INSERT INTO goal_steps (goal_id, participant_id, ord, description, due_on, done_on)"
	" VALUES ($1, $2, 1, 'A step', $3, $4)";
static const char sql_eval[] =
	"INSERT INTO plan_evaluations (plan_id, participant_id, due_on, done_on) VALUES ($1, $2, $3, $4)";
static const char sql_meeting[] =
	"INSERT INTO meetings (participant_id, held_on, channel, next_meeting, created_at)"
	" VALUES ($1, $2, 'in_person', $3, 1)";
static const char sql_task[] =
	"INSERT INTO tasks (participant_id, kind, due_on, assignee_id, done_on)"
	" VALUES ($1, 'followup_6m', $2, $3, $4)";

static int64_t
insert_id(struct db *db, const char *sql, int nargs, const char *const *text, const int64_t *ints)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	for (int i = 0; i < nargs; i++) {
		if (text[i] != NULL)
			db_bind_text(st, i + 1, text[i]);
		else if (ints[i] != 0)
			db_bind_int(st, i + 1, ints[i]);
		else
			db_bind_null(st, i + 1);
	}
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		fail_msg("%s: %s", sql, store_errmsg(db));
	return id;
}

#define ROW(...) (const char *const[]){ __VA_ARGS__ }
#define INTS(...) (const int64_t[]){ __VA_ARGS__ }

/* An enrolment starting on start with an empty work plan; returns the plan. */
static int64_t
enrol(struct db *db, int64_t pid, const char *start)
{
	int64_t e = insert_id(db, sql_enrol, 2, ROW(NULL, start), INTS(pid, 0));
	return insert_id(db, sql_plan, 2, ROW(NULL, NULL), INTS(e, pid));
}

static void
test_overview_and_caseload(void **state)
{
	struct t *t = *state;
	struct db *db = t->db;
	int64_t kari = make_user(db, "Aaa Kari", CONTACT);
	int64_t ola = make_user(db, "Aab Ola", CONTACT);
	const int64_t now = 1741600000;   /* 2025-03-10 */
	/* today 2025-03-10; no contact since 2025-02-24 (14 days); due by 2025-03-24 */
	struct caseload_query q = { TODAY, "2025-02-24", "2025-03-24", now - 7 * 86400, 0 };

	/* met recently, a step overdue and one done, an evaluation due soon */
	int64_t met = make_participant(db, "Met", "Recently", "active");
	int64_t plan = enrol(db, met, "2024-01-01");
	insert_id(db, sql_meeting, 3, ROW(NULL, "2025-01-05", "2025-01-20"), INTS(met, 0, 0));
	insert_id(db, sql_meeting, 3, ROW(NULL, "2025-03-01", "2025-03-15"), INTS(met, 0, 0));
	int64_t g = insert_id(db, sql_goal, 4, ROW(NULL, NULL, "2025-12-01", "in_progress"), INTS(plan, met, 0, 0));
	insert_id(db, sql_step, 4, ROW(NULL, NULL, "2025-03-01", NULL), INTS(g, met, 0, 0));
	insert_id(db, sql_step, 4, ROW(NULL, NULL, "2025-03-01", "2025-03-02"), INTS(g, met, 0, 0));
	insert_id(db, sql_step, 4, ROW(NULL, NULL, NULL, NULL), INTS(g, met, 0, 0));
	insert_id(db, sql_eval, 4, ROW(NULL, NULL, "2025-03-20", NULL), INTS(plan, met, 0, 0));

	/* last met long ago; an evaluation overdue; a goal past its target */
	int64_t old = make_participant(db, "Met", "Longago", "active");
	plan = enrol(db, old, "2024-01-01");
	insert_id(db, sql_meeting, 3, ROW(NULL, "2025-01-10", NULL), INTS(old, 0, 0));
	insert_id(db, sql_eval, 4, ROW(NULL, NULL, "2025-03-01", NULL), INTS(plan, old, 0, 0));
	insert_id(db, sql_eval, 4, ROW(NULL, NULL, "2025-02-01", "2025-02-01"), INTS(plan, old, 0, 0));
	insert_id(db, sql_goal, 4, ROW(NULL, NULL, "2025-03-01", "planned"), INTS(plan, old, 0, 0));
	insert_id(db, sql_goal, 4, ROW(NULL, NULL, "2025-03-01", "achieved"), INTS(plan, old, 0, 0));

	/* never met: enrolled long ago (no contact) and just now (not yet) */
	int64_t never_old = make_participant(db, "Never", "Oldstart", "paused");
	enrol(db, never_old, "2025-01-01");
	int64_t never_new = make_participant(db, "Never", "Newstart", "active");
	enrol(db, never_new, "2025-03-03");
	/* waiting: in the caseload, not counted, never "no contact" */
	int64_t waiting = make_participant(db, "Still", "Waiting", "waiting");
	/* exited: not in the caseload at all */
	int64_t exited = make_participant(db, "Has", "Exited", "active");

	int64_t all[] = { met, old, never_old, never_new, waiting, exited };
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(assign(db, all[i], kari, 0, NULL, now - 30 * 86400, NULL), SC_OK);
	/* never_new arrived from Ola this week */
	assert_int_equal(assign(db, never_new, ola, 0, NULL, now - 20 * 86400, NULL), SC_OK);
	assert_int_equal(assign(db, never_new, kari, 0, NULL, now - 2 * 86400, NULL), SC_OK);
	set_status(db, exited, "exited");
	/* Kari's follow-up tasks: one overdue, one done, one not yet due */
	insert_id(db, sql_task, 4, ROW(NULL, "2025-03-01", NULL, NULL), INTS(exited, 0, kari, 0));
	insert_id(db, sql_task, 4, ROW(NULL, "2025-03-01", NULL, "2025-03-02"), INTS(exited, 0, kari, 0));
	insert_id(db, sql_task, 4, ROW(NULL, "2025-04-01", NULL, NULL), INTS(exited, 0, kari, 0));

	struct caseload_person p;
	assert_int_equal(store_caseload_person(db, t->a, kari, TODAY, "2025-02-24", &p), SC_OK);
	assert_string_equal(p.name, "Aaa Kari");
	assert_true(p.assignable);
	assert_int_equal(p.active, 4);
	assert_int_equal(p.free_places, 14);
	/* 1 step + 1 evaluation + 1 task */
	assert_int_equal(p.overdue, 3);
	/* Longago and Oldstart */
	assert_int_equal(p.no_contact, 2);

	/* the overview lists both, by name, with the same figures */
	struct caseload_person *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_overview(db, t->a, TODAY, "2025-02-24", 1000, 0, &items, &n, &total), SC_OK);
	assert_int_equal((int64_t)n, total);
	size_t ik = n, io = n;
	for (size_t i = 0; i < n; i++) {
		if (items[i].id == kari)
			ik = i;
		if (items[i].id == ola)
			io = i;
	}
	assert_true(ik < n && io == ik + 1);
	assert_int_equal(items[ik].overdue, 3);
	assert_int_equal(items[ik].no_contact, 2);
	assert_int_equal(items[io].active, 0);
	assert_int_equal(items[io].free_places, 18);
	/* paging */
	assert_int_equal(store_caseload_overview(db, t->a, TODAY, "2025-02-24", 1, (int64_t)ik, &items, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, kari);

	/* the caseload: everyone but the exited, by name */
	struct caseload_row *rows = NULL;
	assert_int_equal(store_caseload_list(db, t->a, kari, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 5);
	assert_int_equal(n, 5);
	static const char *const order[] = { "Longago", "Newstart", "Oldstart", "Recently", "Waiting" };
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(rows[i].family_name, order[i]);
	/* Recently: last contact, the next meeting of the latest one, a step overdue */
	assert_string_equal(rows[3].last_contact, "2025-03-01");
	assert_string_equal(rows[3].next_meeting, "2025-03-15");
	assert_int_equal(rows[3].overdue, 1);
	assert_int_equal(rows[3].flags, CF_EVAL_DUE | CF_GOALS_OVERDUE);
	/* Longago: an evaluation overdue, a goal past its target */
	assert_string_equal(rows[0].last_contact, "2025-01-10");
	assert_null(rows[0].next_meeting);
	assert_int_equal(rows[0].overdue, 1);
	assert_int_equal(rows[0].flags, CF_NO_CONTACT | CF_EVAL_DUE | CF_GOALS_OVERDUE);
	assert_null(rows[2].last_contact);
	assert_int_equal(rows[2].flags, CF_NO_CONTACT);
	assert_string_equal(rows[2].status, "paused");
	assert_int_equal(rows[1].flags, CF_NEW);
	assert_int_equal(rows[1].assigned_at, now - 2 * 86400);
	assert_int_equal(rows[4].flags, 0);
	assert_string_equal(rows[4].status, "waiting");
	assert_int_equal(rows[4].overdue, 0);

	/* each filter, and two together (any of them) */
	static const struct { unsigned f; int64_t want; } filters[] = {
		{ CF_NO_CONTACT, 2 }, { CF_EVAL_DUE, 2 }, { CF_GOALS_OVERDUE, 2 }, { CF_NEW, 1 },
		{ CF_NO_CONTACT | CF_NEW, 3 }, { CF_EVAL_DUE | CF_GOALS_OVERDUE, 2 },
	};
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		q.filters = filters[i].f;
		assert_int_equal(store_caseload_list(db, t->a, kari, &q, 50, 0, &rows, &n, &total), SC_OK);
		if (total != filters[i].want || (int64_t)n != total)
			fail_msg("filter %u: %lld rows, want %lld", filters[i].f, (long long)total,
				 (long long)filters[i].want);
	}
	/* a longer "no contact" window: Recently (met 2025-03-01) counts too */
	q.filters = CF_NO_CONTACT;
	q.contact_since = "2025-03-05";
	assert_int_equal(store_caseload_list(db, t->a, kari, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 4);   /* and Newstart, enrolled 2025-03-03 */
	/* paging through the caseload */
	q.filters = 0;
	assert_int_equal(store_caseload_list(db, t->a, kari, &q, 2, 4, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 5);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].family_name, "Waiting");

	/* a disabled contact person still holding participants stays listed,
	 * not assignable, with no free places */
	assert_int_equal(store_user_update(db, kari, 1, 1, "Aaa Kari", CONTACT, false, 5000), SC_OK);
	assert_int_equal(store_caseload_person(db, t->a, kari, TODAY, "2025-02-24", &p), SC_OK);
	assert_false(p.assignable);
	assert_int_equal(p.free_places, 0);
	assert_int_equal(store_caseload_overview(db, t->a, TODAY, "2025-02-24", 1000, 0, &items, &n, &total), SC_OK);
	bool listed = false;
	for (size_t i = 0; i < n; i++)
		listed |= items[i].id == kari;
	assert_true(listed);
	struct contact_choice *choices = NULL;
	assert_int_equal(store_caseload_choices(db, t->a, NULL, 1000, &choices, &n, &total), SC_OK);
	assert_int_equal((int64_t)n, total);
	for (size_t i = 0; i < n; i++)
		assert_true(choices[i].id != kari);
	assert_int_equal(store_user_update(db, kari, 2, 1, "Aaa Kari", CONTACT, true, 5001), SC_OK);
	assert_int_equal(store_caseload_person(db, t->a, 999999, TODAY, "2025-02-24", &p), SC_ENOTFOUND);
}

static void
test_capacity(void **state)
{
	struct t *t = *state;
	struct caseload_totals before, after;
	assert_int_equal(store_caseload_capacity(t->db, &before), SC_OK);
	int64_t a = contact_with(t->db, "Cap A", 10);
	contact_with(t->db, "Cap B", 0);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_set_cap(t->db, a, 12, 1, NULL, NULL), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	make_user(t->db, "Not a contact", LEADER);
	assert_int_equal(store_caseload_capacity(t->db, &after), SC_OK);
	assert_int_equal(after.persons - before.persons, 2);
	assert_int_equal(after.capacity - before.capacity, 30);
	assert_int_equal(after.active - before.active, 10);
	assert_int_equal(after.free_places, after.capacity - after.active);
	struct contact_choice *c = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_choices(t->db, t->a, "", 1000, &c, &n, &total), SC_OK);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (c[i].id == a) {
			found = true;
			assert_int_equal(c[i].cap, 12);
			assert_int_equal(c[i].active, 10);
			assert_string_equal(c[i].name, "Cap A");
		}
	}
	assert_true(found);

	/* a name search, case-insensitive, with LIKE's characters taken as text */
	make_user(t->db, "Zoe 100% Tester", CONTACT);
	make_user(t->db, "zoe_b Tester", CONTACT);
	make_user(t->db, "Zoeb Other", CONTACT);
	assert_int_equal(store_caseload_choices(t->db, t->a, "ZOE", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	assert_int_equal(store_caseload_choices(t->db, t->a, "0%", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(c[0].name, "Zoe 100% Tester");
	assert_int_equal(store_caseload_choices(t->db, t->a, "e_b", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(c[0].name, "zoe_b Tester");
	assert_int_equal(store_caseload_choices(t->db, t->a, "nobody by this name", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	/* a limit keeps the list short and still counts every match */
	assert_int_equal(store_caseload_choices(t->db, t->a, "", 2, &c, &n, &total), SC_OK);
	assert_int_equal(n, 2);
	assert_true(total > 2);
}

/* ---- saved filters ---- */

static void
test_saved_filters(void **state)
{
	struct t *t = *state;
	int64_t kari = make_user(t->db, "Kari", CONTACT);
	int64_t ola = make_user(t->db, "Ola", CONTACT);
	int64_t id = 0, id2 = 0;
	assert_int_equal(store_filter_save(t->db, kari, "Overdue", "goals_overdue=1", 10, &id), SC_OK);
	assert_int_equal(store_filter_save(t->db, kari, "Quiet", "no_contact=1&days=21", 11, &id2), SC_OK);
	assert_int_equal(store_filter_save(t->db, kari, "Overdue", "eval_due=1", 12, NULL), SC_ECONFLICT);
	/* the same name for another user is fine */
	assert_int_equal(store_filter_save(t->db, ola, "Overdue", "eval_due=1", 12, NULL), SC_OK);

	struct saved_filter *f = NULL;
	size_t n = 0;
	assert_int_equal(store_filter_list(t->db, t->a, kari, &f, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].name, "Overdue");
	assert_string_equal(f[0].query, "goals_overdue=1");
	assert_string_equal(f[1].name, "Quiet");
	assert_string_equal(f[1].query, "no_contact=1&days=21");

	/* only one's own */
	assert_int_equal(store_filter_delete(t->db, ola, id), SC_ENOTFOUND);
	assert_int_equal(store_filter_delete(t->db, kari, id), SC_OK);
	assert_int_equal(store_filter_delete(t->db, kari, id), SC_ENOTFOUND);
	assert_int_equal(store_filter_list(t->db, t->a, kari, &f, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(f[0].id, id2);
	assert_int_equal(store_filter_list(t->db, t->a, ola, &f, &n), SC_OK);
	assert_int_equal(n, 1);

	/* at most SAVED_FILTERS_MAX each */
	for (int i = 1; i < SAVED_FILTERS_MAX; i++) {
		char name[32];
		snprintf(name, sizeof name, "F%02d", i);
		assert_int_equal(store_filter_save(t->db, kari, name, "new_week=1", 20, NULL), SC_OK);
	}
	assert_int_equal(store_filter_save(t->db, kari, "One too many", "new_week=1", 20, NULL), SC_ELIMIT);
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

static int
reset_pg(void)
{
	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "test_store_caseload: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	PGresult *res = PQexec(c, "SET client_min_messages = warning;"
			       " DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "test_store_caseload: cannot reset: %s", PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(c);
	return rc;
}

int
main(void)
{
	const char *env = getenv("SC_TEST_DB_URL");
	if (env != NULL && *env != '\0') {
		snprintf(url, sizeof url, "%s", env);
		is_pg = strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
		if (!is_pg && strncmp(url, "sqlite:", 7) != 0) {
			fprintf(stderr, "test_store_caseload: SC_TEST_DB_URL must be postgresql://... or sqlite:PATH\n");
			return 1;
		}
		if (is_pg && reset_pg() != 0)
			return 1;
		if (!is_pg && access(url + 7, F_OK) == 0) {
			fprintf(stderr, "test_store_caseload: %s exists; give a fresh SQLite path\n", url + 7);
			return 1;
		}
	} else {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/sc-test-caseload-XXXXXX",
			 base != NULL && *base != '\0' ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(url, sizeof url, "sqlite:%s/test.db", tmpdir);
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_assign_and_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assign_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_enforced, setup, teardown),
		cmocka_unit_test(test_concurrent_cap),
		cmocka_unit_test_setup_teardown(test_set_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overview_and_caseload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capacity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saved_filters, setup, teardown),
	};
	fprintf(stderr, "test_store_caseload: %s\n", is_pg ? "PostgreSQL (SC_TEST_DB_URL)" : url);
	int failed = cmocka_run_group_tests(tests, open_store, close_store);
	if (remove_tmpdir() != 0 && tmpdir[0] != '\0')
		perror("rmdir");
	return failed;
}
