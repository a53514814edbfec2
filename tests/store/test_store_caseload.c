/*
 * test_store_caseload.c — contact persons and caseloads on both engines
 * (store/store_caseload.h, and the commands of app/caseload.h that hold
 * its rules over it): assignment under the cap with its history, the cap
 * holding when two connections assign at once, caps, bulk reassignment
 * (all or nothing), the overview's figures, one caseload with its
 * filters, saved filters, and centres — a caseload counts only its
 * centre's participants, and a participant or user of another centre is
 * not found, listed nor changed.
 *
 * Runs with the shared fixture (fixture.h): SQLite by default, PostgreSQL
 * when SC_TEST_DB_URL is set. Rows of other areas (enrolments, plans,
 * meetings, tasks) are written with plain SQL through the store's driver.
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
#include <time.h>

#include "fixture.h"
#include "app/caseload.h"
#include "domain/access.h"
#include "domain/caseload.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define CONTACT ROLE_BIT(ROLE_CONTACT)
#define LEADER ROLE_BIT(ROLE_LEADER)
static const struct date TODAY = {2025, 3, 10};
static const struct date SINCE = {2025, 2, 24};    /* no contact: 14 days */
static const struct date DUE_BY = {2025, 3, 24};

/* ---- rows and actors ---- */

/* A staff user of centre 1 with a display name of its own. */
static int64_t
make_user(struct fx *t, const char *display, uint32_t roles)
{
	static int seq;
	char username[64];
	snprintf(username, sizeof username, "caseload.u%d", ++seq);
	int64_t id = 0;
	int rc = store_user_create(t->db, username, display, "$argon2id$fake", roles, "nb", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", username, sc_strerror(rc), store_errmsg(t->db));
	return id;
}

static const char sql_participant[] =
	"INSERT INTO participants (given_name, family_name, birth_date, gender, status, name_key, centre_id,"
	" created_at, updated_at) VALUES ($1, $2, '1990-01-01', 'female', $3, $4, $5, 1000, 1000) RETURNING id";

/* A participant of the centre without a contact person. */
static int64_t
participant_in(struct db *db, int64_t centre, const char *given, const char *family, const char *status)
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
	db_bind_int(st, 5, centre);
	int rc = db_step(st);
	if (rc != DB_ROW)
		fail_msg("insert participant: %s", store_errmsg(db));
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int64_t
participant(struct fx *t, const char *given, const char *family, const char *status)
{
	return participant_in(t->db, 1, given, family, status);
}

/* As the exit does, an exited participant's contact person keeps them for
 * 13 months (contact_until); a return clears it. */
static const char sql_set_status[] =
	"UPDATE participants SET status = $2,"
	" contact_until = CASE WHEN $2 = 'exited' THEN '2026-04-14' ELSE NULL END WHERE id = $1";

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

static int64_t
active_of(struct db *db, int64_t contact_id)
{
	int64_t n = -1;
	assert_int_equal(store_caseload_count_active(db, 1, contact_id, 0, &n), SC_OK);
	return n;
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

/* A leader of centre 1 acting at now. */
static struct actor
leader_at(int64_t user_id, int64_t now)
{
	struct actor a = {
		.user_id = user_id, .username = "leader", .name = "Leader", .roles = LEADER,
		.centre_id = 1, .address = "", .now = now, .today = TODAY,
	};
	return a;
}

/* Assigns through the command on db; returns the refusal (DONE = 0). */
static enum refusal
assign_on(struct db *db, struct arena *a, const struct actor *actor, int64_t pid, int64_t cid, const char *reason,
	  struct caseload_refusal *why, struct outcome *out)
{
	struct assignment_input in = {cid, reason != NULL ? reason : ""};
	struct participant_brief brief;
	struct caseload_refusal w;
	struct outcome o;
	if (why == NULL)
		why = &w;
	if (out == NULL)
		out = &o;
	assert_int_equal(app_contact_assign(db, a, actor, pid, &in, &brief, why, out), SC_OK);
	return out->refusal;
}

static enum refusal
assign(struct fx *t, int64_t by, int64_t pid, int64_t cid, const char *reason, int64_t now)
{
	struct actor actor = leader_at(by, now);
	return assign_on(t->db, t->a, &actor, pid, cid, reason, NULL, NULL);
}

/* A contact person holding `active` active participants. */
static int64_t
contact_with_on(struct fx *t, struct db *db, const char *name, int active)
{
	int64_t cid = make_user(t, name, CONTACT);
	for (int i = 0; i < active; i++) {
		char given[32];
		snprintf(given, sizeof given, "P%d", i);
		int64_t pid = participant_in(db, 1, given, name, "active");
		assert_int_equal(store_tx_begin(db), SC_OK);
		assert_int_equal(store_caseload_move(db, 1, pid, cid, 0, "setup", 500), SC_OK);
		assert_int_equal(store_tx_commit(db), SC_OK);
	}
	return cid;
}

static int64_t
contact_with(struct fx *t, const char *name, int active)
{
	return contact_with_on(t, t->db, name, active);
}

static struct caseload_query
query(unsigned filters)
{
	struct caseload_query q = {TODAY, SINCE, DUE_BY, 0, filters};
	return q;
}

/* ---- assignment and history ---- */

static void
test_assign_and_history(void **state)
{
	struct fx *t = *state;
	int64_t leader = make_user(t, "Lea Leader", LEADER);
	int64_t kari = make_user(t, "Kari Nordmann", CONTACT);
	int64_t ola = make_user(t, "Ola Hansen", CONTACT | LEADER);
	int64_t p = participant(t, "Amina", "Warsame", "active");

	assert_int_equal(assign(t, leader, p, kari, "first contact", 100), DONE);
	assert_int_equal(contact_of(t->db, p), kari);
	/* the same contact person again: nothing new in the history */
	assert_int_equal(assign(t, leader, p, kari, "again", 150), DONE);
	assert_int_equal(assign(t, leader, p, ola, "Kari on leave", 200), DONE);
	assert_int_equal(contact_of(t->db, p), ola);
	assert_int_equal(open_assignments(t->db, p), 1);

	struct assignment *h = NULL;
	size_t n = 0;
	assert_int_equal(store_assignment_history(t->db, t->a, 1, p, &h, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].contact_id, ola);
	assert_string_equal(h[0].contact_name, "Ola Hansen");
	assert_int_equal(h[0].from_at, 200);
	assert_int_equal(h[0].to_at, FIELD_NONE);
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
	assert_int_equal(store_assignment_history_contact(t->db, t->a, 1, kari, 10, 0, &h, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].participant_id, p);
	assert_string_equal(h[0].family_name, "Warsame");
	assert_int_equal(h[0].to_at, 200);

	/* assigned by the system (by = 0): no name, no reason */
	int64_t q = participant(t, "Hodan", "Ali", "waiting");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_move(t->db, 1, q, kari, 0, NULL, 300), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(store_assignment_history(t->db, t->a, 1, q, &h, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].assigned_by, 0);
	assert_string_equal(h[0].assigned_by_name, "");
	assert_string_equal(h[0].reason, "");
	/* a waiting participant does not count against the cap until active */
	assert_int_equal(active_of(t->db, kari), 0);
}

static void
test_assign_refusals(void **state)
{
	struct fx *t = *state;
	int64_t leader = make_user(t, "Lea Leader", LEADER);
	int64_t gone = make_user(t, "Gone Contact", CONTACT);
	assert_int_equal(store_user_update(t->db, gone, 1, 1, "Gone Contact", CONTACT, false, 1001), SC_OK);
	int64_t kari = make_user(t, "Kari", CONTACT);
	int64_t p = participant(t, "Amina", "Farah", "active");
	struct actor actor = leader_at(leader, 100);
	struct outcome out;

	/* not a contact person, no such user, a disabled contact person */
	static const char not_contact[] = "Choose an active contact person from the list.";
	const int64_t bad[] = {leader, 999999, gone};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(assign_on(t->db, t->a, &actor, p, bad[i], NULL, NULL, &out), REFUSED_INVALID);
		assert_string_equal(field_error_of(&out.errors, "contact_id"), not_contact);
	}
	/* no contact person chosen; a reason of 501 characters */
	assert_int_equal(assign_on(t->db, t->a, &actor, p, 0, NULL, NULL, &out), REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "contact_id"), "Choose a contact person.");
	char reason[502];
	memset(reason, 'x', 501);
	reason[501] = '\0';
	assert_int_equal(assign_on(t->db, t->a, &actor, p, kari, reason, NULL, &out), REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "reason"), "The reason can be at most 500 characters.");
	/* no such participant */
	assert_int_equal(assign_on(t->db, t->a, &actor, 999999, kari, NULL, NULL, &out), REFUSED_NOT_FOUND);
	/* nothing happened */
	assert_int_equal(contact_of(t->db, p), 0);
	assert_int_equal(open_assignments(t->db, p), 0);
	/* 500 characters are enough */
	reason[500] = '\0';
	assert_int_equal(assign_on(t->db, t->a, &actor, p, kari, reason, NULL, &out), DONE);
}

static void
test_cap_enforced(void **state)
{
	struct fx *t = *state;
	int64_t leader = make_user(t, "Lea Cap", LEADER);
	int64_t full = contact_with(t, "Full Caseload", CASELOAD_DEFAULT_CAP);
	assert_int_equal(active_of(t->db, full), 18);
	int64_t p = participant(t, "Nineteen", "Extra", "active");
	struct actor actor = leader_at(leader, 100);
	struct caseload_refusal why;
	struct outcome out;
	assert_int_equal(assign_on(t->db, t->a, &actor, p, full, NULL, &why, &out), REFUSED_FULL);
	assert_string_equal(why.contact_name, "Full Caseload");
	assert_int_equal(why.active, 18);
	assert_int_equal(why.cap, 18);
	assert_int_equal(contact_of(t->db, p), 0);
	assert_int_equal(open_assignments(t->db, p), 0);
	/* the cap is checked whatever the participant's status */
	int64_t w = participant(t, "Waiting", "Extra", "waiting");
	assert_int_equal(assign(t, leader, w, full, NULL, 100), REFUSED_FULL);
	/* one exits: room again */
	struct caseload_query q = query(0);
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_list(t->db, t->a, 1, full, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 18);
	set_status(t->db, rows[0].id, "exited");
	assert_int_equal(assign(t, leader, p, full, NULL, 100), DONE);
	assert_int_equal(active_of(t->db, full), 18);
	/* a participant already counted can be assigned to the same person */
	assert_int_equal(assign(t, leader, p, full, NULL, 101), DONE);
}

/* The intake area's one-call assignment (transitional): the cap is kept
 * when a participant assigned while waiting becomes active. */
static void
test_assign_contact_transitional(void **state)
{
	struct fx *t = *state;
	int64_t cid = contact_with(t, "Pre Assigned", CASELOAD_DEFAULT_CAP - 1);
	int64_t early = participant(t, "Early", "Waiting", "waiting");
	int64_t late = participant(t, "Late", "Active", "active");
	const char *why = "untouched";
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_contact(t->db, early, cid, 0, NULL, 10, &why), SC_OK);
	assert_null(why);
	assert_int_equal(store_assign_contact(t->db, late, cid, 0, NULL, 11, NULL), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	/* the caseload is full; when the early one becomes active, assigning
	 * the same person again reports there is no room */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	set_status(t->db, early, "active");
	assert_int_equal(store_assign_contact(t->db, early, cid, 0, NULL, 12, &why), SC_ELIMIT);
	assert_string_equal(why, "the contact person's caseload is full");
	store_tx_rollback(t->db);
	assert_int_equal(open_assignments(t->db, early), 1);
	/* with room it is a no-op that writes nothing */
	set_status(t->db, late, "exited");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_contact(t->db, early, cid, 0, NULL, 13, NULL), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	struct assignment *h = NULL;
	size_t n = 0;
	assert_int_equal(store_assignment_history(t->db, t->a, 1, early, &h, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].from_at, 10);
	/* its refusals, in the words intake shows */
	int64_t leader = make_user(t, "Not Contact", LEADER);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_assign_contact(t->db, early, leader, 0, NULL, 14, &why), SC_EINVAL);
	assert_string_equal(why, "choose an active user with the contact person role");
	assert_int_equal(store_assign_contact(t->db, 999999, cid, 0, NULL, 14, &why), SC_ENOTFOUND);
	assert_string_equal(why, "there is no such participant");
	store_tx_rollback(t->db);
}

/* ---- the cap under concurrency ---- */

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	const struct actor *actor;
	int64_t participant, contact;
	int rc;
	enum refusal refusal;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct arena *a = arena_new();
	struct assignment_input in = {r->contact, "race"};
	struct participant_brief brief;
	struct caseload_refusal why;
	struct outcome out;
	pthread_barrier_wait(r->barrier);
	r->rc = a != NULL ? app_contact_assign(r->db, a, r->actor, r->participant, &in, &brief, &why, &out) : SC_ENOMEM;
	r->refusal = out.refusal;
	arena_free(a);
	return NULL;
}

/* Two connections assign two participants to the one free place at the
 * same moment: one gets it, the other is refused as full, every round. */
static void
test_concurrent_cap(void **state)
{
	struct fx *t = *state;
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	int64_t leader = make_user(t, "Lea Race", LEADER);
	struct actor actor = leader_at(leader, 1000);
	for (int round = 0; round < 20; round++) {
		char name[32];
		snprintf(name, sizeof name, "Racer %d", round);
		int64_t cid = contact_with(t, name, CASELOAD_DEFAULT_CAP - 1);
		int64_t x = participant(t, "X", name, "active");
		int64_t y = participant(t, "Y", name, "active");
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer a = {&barrier, d1, &actor, x, cid, -100, DONE};
		struct racer b = {&barrier, d2, &actor, y, cid, -100, DONE};
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		if (a.rc != SC_OK || b.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		bool one_won = (a.refusal == DONE && b.refusal == REFUSED_FULL) ||
			       (a.refusal == REFUSED_FULL && b.refusal == DONE);
		if (!one_won)
			fail_msg("round %d: refusals %d and %d", round, a.refusal, b.refusal);
		assert_int_equal(active_of(t->db, cid), CASELOAD_DEFAULT_CAP);
		assert_int_equal(contact_of(t->db, a.refusal == DONE ? y : x), 0);
	}
	store_release(t->store, d2);
	store_release(t->store, d1);
}

/* ---- caps ---- */

static void
test_set_cap(void **state)
{
	struct fx *t = *state;
	int64_t kari = contact_with(t, "Kari Cap", 12);
	int64_t leader = make_user(t, "Lea", LEADER);
	struct actor actor = leader_at(leader, 2000);
	struct caseload_query q = query(0);

	struct caseload_person p;
	assert_int_equal(store_caseload_person(t->db, t->a, 1, kari, &q, &p), SC_OK);
	assert_false(p.own_cap);
	assert_int_equal(p.cap, 18);
	assert_int_equal(p.free_places, 6);

	static const char range[] = "The cap must be a whole number from 1 to 60.";
	static const char lower[] =
		"This contact person has %lld active participants; the cap cannot be lower. Reassign some first.";
	static const struct { int64_t cap; enum refusal refusal; const char *why; } rows[] = {
		{ 0, REFUSED_INVALID, range },
		{ 61, REFUSED_INVALID, range },
		{ -1, REFUSED_INVALID, range },
		{ FIELD_NONE, REFUSED_INVALID, range },
		{ 11, REFUSED_INVALID, lower },
		{ 12, DONE, NULL },
		{ 20, DONE, NULL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct cap_input in = {rows[i].cap};
		struct outcome out;
		assert_int_equal(app_caseload_set_cap(t->db, t->a, &actor, kari, &in, &q, &p, &out), SC_OK);
		if (out.refusal != rows[i].refusal)
			fail_msg("cap %lld: refusal %d", (long long)rows[i].cap, out.refusal);
		if (rows[i].why != NULL) {
			assert_string_equal(field_error_of(&out.errors, "cap"), rows[i].why);
			if (rows[i].why == lower)
				assert_int_equal(out.errors.arg[0][0], 12);
		}
	}
	assert_int_equal(store_caseload_person(t->db, t->a, 1, kari, &q, &p), SC_OK);
	assert_true(p.own_cap);
	assert_int_equal(p.cap, 20);
	assert_int_equal(p.free_places, 8);

	/* a non-contact user has no cap; no such user */
	struct cap_input ten = {10};
	struct outcome out;
	assert_int_equal(app_caseload_set_cap(t->db, t->a, &actor, leader, &ten, &q, &p, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "cap"), "Only a contact person has a caseload cap.");
	assert_int_equal(app_caseload_set_cap(t->db, t->a, &actor, 999999, &ten, &q, &p, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	/* a contact person may not set another's */
	struct actor contact = actor;
	contact.roles = CONTACT;
	contact.user_id = leader;
	assert_int_equal(app_caseload_set_cap(t->db, t->a, &contact, kari, &ten, &q, &p, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_FORBIDDEN);

	/* cap 1: one participant, then full */
	int64_t solo = make_user(t, "Solo", CONTACT);
	struct cap_input one = {1};
	assert_int_equal(app_caseload_set_cap(t->db, t->a, &actor, solo, &one, &q, &p, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(p.cap, 1);
	assert_int_equal(p.free_places, 1);
	int64_t a = participant(t, "A", "Solo", "active");
	int64_t b = participant(t, "B", "Solo", "paused");
	assert_int_equal(assign(t, leader, a, solo, NULL, 10), DONE);
	assert_int_equal(assign(t, leader, b, solo, NULL, 10), REFUSED_FULL);
}

/* ---- bulk ---- */

/* A bulk input of the n ids. */
static struct bulk_input
bulk_of(const int64_t *ids, size_t n, int64_t contact_id, const char *reason)
{
	static struct bulk_participant items[16];
	for (size_t i = 0; i < n; i++)
		items[i].id = ids[i];
	struct bulk_input in = {{n, items}, contact_id, reason};
	return in;
}

static void
test_bulk(void **state)
{
	struct fx *t = *state;
	int64_t leader = make_user(t, "Lea Bulk", LEADER);
	int64_t from = contact_with(t, "Leaving Contact", 6);
	int64_t to = contact_with(t, "Kari Nordmann", 15);
	struct actor actor = leader_at(leader, 3000);
	struct caseload_query q = query(0);
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_list(t->db, t->a, 1, from, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 6);
	int64_t ids[8];
	for (size_t i = 0; i < n; i++)
		ids[i] = rows[i].id;

	/* 5 active into room for 3: all refused, nothing moved */
	struct caseload_refusal why;
	struct outcome out;
	int64_t moved = -1;
	struct bulk_input in = bulk_of(ids, 5, to, "leave");
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_FULL);
	assert_int_equal(why.room, 3);
	assert_int_equal(why.chosen, 5);
	assert_string_equal(why.contact_name, "Kari Nordmann");
	assert_int_equal(moved, 0);
	assert_int_equal(active_of(t->db, from), 6);
	assert_int_equal(active_of(t->db, to), 15);

	/* an unknown participant in the list: nothing moved */
	int64_t bad[] = {ids[0], 999999};
	in = bulk_of(bad, 2, to, "");
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "participant_ids"), "There is no participant with id %lld.");
	assert_int_equal(out.errors.arg[0][0], 999999);
	assert_int_equal(contact_of(t->db, ids[0]), from);

	/* an empty list; not a contact person */
	in = bulk_of(ids, 0, to, "");
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "participant_ids"), "Choose at least one participant.");
	in = bulk_of(ids, 2, leader, "");
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_string_equal(field_error_of(&out.errors, "contact_id"), "Choose an active contact person from the list.");

	/* 3 active (one given twice) plus one waiting: fits, all move */
	int64_t w = participant(t, "Wait", "Ing", "waiting");
	assert_int_equal(assign(t, leader, w, from, NULL, 10), DONE);
	int64_t ok[] = {ids[2], ids[0], w, ids[1], ids[0]};
	in = bulk_of(ok, 5, to, "leave");
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(moved, 4);
	assert_int_equal(active_of(t->db, to), 18);
	assert_int_equal(active_of(t->db, from), 3);
	assert_int_equal(contact_of(t->db, w), to);
	struct assignment *h = NULL;
	assert_int_equal(store_assignment_history(t->db, t->a, 1, ids[0], &h, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].contact_id, to);
	assert_int_equal(h[0].from_at, 3000);
	assert_string_equal(h[0].reason, "leave");
	assert_int_equal(h[1].to_at, 3000);

	/* now full; those already there move nowhere and cost no room */
	int64_t again[] = {ids[0], ids[1]};
	in = bulk_of(again, 2, to, "");
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(moved, 0);
	int64_t one_more[] = {ids[3]};
	in = bulk_of(one_more, 1, to, "");
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_FULL);
	assert_int_equal(why.room, 0);
	assert_int_equal(why.chosen, 1);
}

/* ---- the overview and one caseload ---- */

static const char sql_enrol[] =
	"INSERT INTO enrolments (participant_id, start_date, planned_end, created_at, updated_at, centre_id)"
	" VALUES ($1, $2, '2027-01-01', 1, 1, 1) RETURNING id";
static const char sql_plan[] =
	"INSERT INTO work_plans (enrolment_id, participant_id, created_at, updated_at, centre_id)"
	" VALUES ($1, $2, 1, 1, 1) RETURNING id";
static const char sql_goal[] =
	"INSERT INTO goals (plan_id, participant_id, category, title, target_date, status,"
	" created_at, updated_at, centre_id) VALUES ($1, $2, 'work', 'A goal', $3, $4, 1, 1, 1) RETURNING id";
static const char sql_step[] =
	"INSERT INTO goal_steps (goal_id, participant_id, ord, description, due_on, done_on, centre_id)"
	" VALUES ($1, $2, 1, 'A step', $3, $4, 1)";
static const char sql_eval[] =
	"INSERT INTO plan_evaluations (plan_id, participant_id, due_on, done_on, centre_id) VALUES ($1, $2, $3, $4, 1)";
static const char sql_meeting[] =
	"INSERT INTO meetings (participant_id, held_on, channel, next_meeting, created_at, centre_id)"
	" VALUES ($1, $2, 'in_person', $3, 1, 1)";
static const char sql_task[] =
	"INSERT INTO tasks (participant_id, kind, due_on, assignee_id, done_on, centre_id)"
	" VALUES ($1, 'followup_6m', $2, $3, $4, 1)";

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
	struct fx *t = *state;
	struct db *db = t->db;
	int64_t kari = make_user(t, "Aaa Kari", CONTACT);
	int64_t ola = make_user(t, "Aab Ola", CONTACT);
	int64_t leader = make_user(t, "Lea Overview", LEADER);
	const int64_t now = 1741600000;   /* 2025-03-10 */
	struct caseload_query q = {TODAY, SINCE, DUE_BY, now - 7 * 86400, 0};

	/* met recently, a step overdue and one done, an evaluation due soon */
	int64_t met = participant(t, "Met", "Recently", "active");
	int64_t plan = enrol(db, met, "2024-01-01");
	insert_id(db, sql_meeting, 3, ROW(NULL, "2025-01-05", "2025-01-20"), INTS(met, 0, 0));
	insert_id(db, sql_meeting, 3, ROW(NULL, "2025-03-01", "2025-03-15"), INTS(met, 0, 0));
	int64_t g = insert_id(db, sql_goal, 4, ROW(NULL, NULL, "2025-12-01", "in_progress"), INTS(plan, met, 0, 0));
	insert_id(db, sql_step, 4, ROW(NULL, NULL, "2025-03-01", NULL), INTS(g, met, 0, 0));
	insert_id(db, sql_step, 4, ROW(NULL, NULL, "2025-03-01", "2025-03-02"), INTS(g, met, 0, 0));
	insert_id(db, sql_step, 4, ROW(NULL, NULL, NULL, NULL), INTS(g, met, 0, 0));
	insert_id(db, sql_eval, 4, ROW(NULL, NULL, "2025-03-20", NULL), INTS(plan, met, 0, 0));

	/* last met long ago; an evaluation overdue; a goal past its target */
	int64_t old = participant(t, "Met", "Longago", "active");
	plan = enrol(db, old, "2024-01-01");
	insert_id(db, sql_meeting, 3, ROW(NULL, "2025-01-10", NULL), INTS(old, 0, 0));
	insert_id(db, sql_eval, 4, ROW(NULL, NULL, "2025-03-01", NULL), INTS(plan, old, 0, 0));
	insert_id(db, sql_eval, 4, ROW(NULL, NULL, "2025-02-01", "2025-02-01"), INTS(plan, old, 0, 0));
	insert_id(db, sql_goal, 4, ROW(NULL, NULL, "2025-03-01", "planned"), INTS(plan, old, 0, 0));
	insert_id(db, sql_goal, 4, ROW(NULL, NULL, "2025-03-01", "achieved"), INTS(plan, old, 0, 0));

	/* never met: enrolled long ago (no contact) and just now (not yet) */
	int64_t never_old = participant(t, "Never", "Oldstart", "paused");
	enrol(db, never_old, "2025-01-01");
	int64_t never_new = participant(t, "Never", "Newstart", "active");
	enrol(db, never_new, "2025-03-03");
	/* waiting: in the caseload, not counted, never "no contact" */
	int64_t waiting = participant(t, "Still", "Waiting", "waiting");
	/* exited: not in the caseload at all */
	int64_t exited = participant(t, "Has", "Exited", "active");

	int64_t all[] = {met, old, never_old, never_new, waiting, exited};
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(assign(t, leader, all[i], kari, NULL, now - 30 * 86400), DONE);
	/* never_new arrived from Ola this week */
	assert_int_equal(assign(t, leader, never_new, ola, NULL, now - 20 * 86400), DONE);
	assert_int_equal(assign(t, leader, never_new, kari, NULL, now - 2 * 86400), DONE);
	set_status(db, exited, "exited");
	/* Kari's follow-up tasks: one overdue, one done, one not yet due */
	insert_id(db, sql_task, 4, ROW(NULL, "2025-03-01", NULL, NULL), INTS(exited, 0, kari, 0));
	insert_id(db, sql_task, 4, ROW(NULL, "2025-03-01", NULL, "2025-03-02"), INTS(exited, 0, kari, 0));
	insert_id(db, sql_task, 4, ROW(NULL, "2025-04-01", NULL, NULL), INTS(exited, 0, kari, 0));
	/* exited, the contact ended yesterday: its follow-up is no longer Kari's
	 * to record (she cannot open them), so not in her figures */
	int64_t ended = participant(t, "Contact", "Ended", "active");
	set_status(db, ended, "exited");
	struct db_stmt *end = db_prepare(db, "UPDATE participants SET contact_until = '2025-03-09' WHERE id = $1");
	db_bind_int(end, 1, ended);
	assert_int_equal(db_run(end, NULL), SC_OK);
	insert_id(db, sql_task, 4, ROW(NULL, "2025-03-01", NULL, NULL), INTS(ended, 0, kari, 0));

	struct caseload_person p;
	assert_int_equal(store_caseload_person(db, t->a, 1, kari, &q, &p), SC_OK);
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
	assert_int_equal(store_caseload_overview(db, t->a, 1, &q, 1000, 0, &items, &n, &total), SC_OK);
	assert_int_equal((int64_t)n, total);
	size_t ik = n, io = n;
	for (size_t i = 0; i < n; i++) {
		if (items[i].id == kari)
			ik = i;
		if (items[i].id == ola)
			io = i;
		assert_true(items[i].id != leader);
	}
	assert_true(ik < n && io == ik + 1);
	assert_int_equal(items[ik].overdue, 3);
	assert_int_equal(items[ik].no_contact, 2);
	assert_int_equal(items[io].active, 0);
	assert_int_equal(items[io].free_places, 18);
	/* paging */
	assert_int_equal(store_caseload_overview(db, t->a, 1, &q, 1, (int64_t)ik, &items, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, kari);

	/* the caseload: everyone but the exited, by name */
	struct caseload_row *rows = NULL;
	assert_int_equal(store_caseload_list(db, t->a, 1, kari, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 5);
	assert_int_equal(n, 5);
	static const char *const order[] = {"Longago", "Newstart", "Oldstart", "Recently", "Waiting"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(rows[i].family_name, order[i]);
	/* Recently: last contact, the next meeting of the latest one, a step overdue */
	assert_int_equal(date_cmp(rows[3].last_contact, (struct date){2025, 3, 1}), 0);
	assert_int_equal(date_cmp(rows[3].next_meeting, (struct date){2025, 3, 15}), 0);
	assert_int_equal(rows[3].overdue, 1);
	assert_int_equal(caseload_row_flags(&rows[3]), CF_EVAL_DUE | CF_GOALS_OVERDUE);
	/* Longago: an evaluation overdue, a goal past its target */
	assert_int_equal(date_cmp(rows[0].last_contact, (struct date){2025, 1, 10}), 0);
	assert_int_equal(rows[0].next_meeting.y, 0);
	assert_int_equal(rows[0].overdue, 1);
	assert_int_equal(caseload_row_flags(&rows[0]), CF_NO_CONTACT | CF_EVAL_DUE | CF_GOALS_OVERDUE);
	assert_int_equal(rows[2].last_contact.y, 0);
	assert_int_equal(caseload_row_flags(&rows[2]), CF_NO_CONTACT);
	assert_string_equal(rows[2].status, "paused");
	assert_int_equal(caseload_row_flags(&rows[1]), CF_NEW);
	assert_int_equal(rows[1].assigned_at, now - 2 * 86400);
	assert_int_equal(caseload_row_flags(&rows[4]), 0);
	assert_string_equal(rows[4].status, "waiting");
	assert_int_equal(rows[4].overdue, 0);

	/* each filter, and two together (any of them) */
	static const struct { unsigned f; int64_t want; } filters[] = {
		{ CF_NO_CONTACT, 2 }, { CF_EVAL_DUE, 2 }, { CF_GOALS_OVERDUE, 2 }, { CF_NEW, 1 },
		{ CF_NO_CONTACT | CF_NEW, 3 }, { CF_EVAL_DUE | CF_GOALS_OVERDUE, 2 },
	};
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		q.filters = filters[i].f;
		assert_int_equal(store_caseload_list(db, t->a, 1, kari, &q, 50, 0, &rows, &n, &total), SC_OK);
		if (total != filters[i].want || (int64_t)n != total)
			fail_msg("filter %u: %lld rows, want %lld", filters[i].f, (long long)total,
				 (long long)filters[i].want);
	}
	/* a longer "no contact" window: Recently (met 2025-03-01) counts too */
	q.filters = CF_NO_CONTACT;
	q.contact_since = (struct date){2025, 3, 5};
	assert_int_equal(store_caseload_list(db, t->a, 1, kari, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 4);   /* and Newstart, enrolled 2025-03-03 */
	/* paging through the caseload */
	q.filters = 0;
	assert_int_equal(store_caseload_list(db, t->a, 1, kari, &q, 2, 4, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 5);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].family_name, "Waiting");

	/* a disabled contact person still holding participants stays listed,
	 * not assignable, with no free places */
	assert_int_equal(store_user_update(db, kari, 1, 1, "Aaa Kari", CONTACT, false, 5000), SC_OK);
	assert_int_equal(store_caseload_person(db, t->a, 1, kari, &q, &p), SC_OK);
	assert_false(p.assignable);
	assert_int_equal(p.free_places, 0);
	assert_int_equal(store_caseload_overview(db, t->a, 1, &q, 1000, 0, &items, &n, &total), SC_OK);
	bool listed = false;
	for (size_t i = 0; i < n; i++)
		listed |= items[i].id == kari;
	assert_true(listed);
	struct contact_choice *choices = NULL;
	assert_int_equal(store_caseload_choices(db, t->a, 1, NULL, 1000, &choices, &n, &total), SC_OK);
	assert_int_equal((int64_t)n, total);
	for (size_t i = 0; i < n; i++)
		assert_true(choices[i].id != kari);
	assert_int_equal(store_user_update(db, kari, 2, 1, "Aaa Kari", CONTACT, true, 5001), SC_OK);
	assert_int_equal(store_caseload_person(db, t->a, 1, 999999, &q, &p), SC_ENOTFOUND);
}

static void
test_capacity(void **state)
{
	struct fx *t = *state;
	struct caseload_totals before, after;
	assert_int_equal(store_caseload_capacity(t->db, 1, &before), SC_OK);
	int64_t a = contact_with(t, "Cap A", 10);
	contact_with(t, "Cap B", 0);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_set_cap(t->db, 1, a, 12, 1), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	make_user(t, "Not a contact", LEADER);
	assert_int_equal(store_caseload_capacity(t->db, 1, &after), SC_OK);
	assert_int_equal(after.persons - before.persons, 2);
	assert_int_equal(after.capacity - before.capacity, 30);
	assert_int_equal(after.active - before.active, 10);
	assert_int_equal(after.free_places, after.capacity - after.active);
	struct contact_choice *c = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_choices(t->db, t->a, 1, "", 1000, &c, &n, &total), SC_OK);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (c[i].id == a) {
			found = true;
			assert_int_equal(c[i].cap, 12);
			assert_int_equal(c[i].active, 10);
			assert_string_equal(c[i].name, "Cap A");
			assert_false(contact_choice_full(&c[i]));
		}
	}
	assert_true(found);

	/* a name search, case-insensitive, with LIKE's characters taken as text */
	make_user(t, "Zoe 100% Tester", CONTACT);
	make_user(t, "zoe_b Tester", CONTACT);
	make_user(t, "Zoeb Other", CONTACT);
	assert_int_equal(store_caseload_choices(t->db, t->a, 1, "ZOE", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 3);
	assert_int_equal(store_caseload_choices(t->db, t->a, 1, "0%", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(c[0].name, "Zoe 100% Tester");
	assert_int_equal(store_caseload_choices(t->db, t->a, 1, "e_b", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_string_equal(c[0].name, "zoe_b Tester");
	assert_int_equal(store_caseload_choices(t->db, t->a, 1, "nobody by this name", 1000, &c, &n, &total), SC_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	/* a limit keeps the list short and still counts every match */
	assert_int_equal(store_caseload_choices(t->db, t->a, 1, "", 2, &c, &n, &total), SC_OK);
	assert_int_equal(n, 2);
	assert_true(total > 2);
}

/* ---- centres ---- */

static const char sql_member[] = "INSERT INTO centre_members (user_id, centre_id, roles) VALUES ($1, $2, $3)";

static void
member_of(struct fx *t, int64_t user_id, int64_t centre, uint32_t roles)
{
	struct db_stmt *st = db_prepare(t->db, sql_member);
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, roles);
	assert_int_equal(db_run(st, NULL), SC_OK);
}

/* ---- the overview's kept facts (migration 40, decision 89) ---- */

/* One number from SQL with the centre as $1 (and a date as $2). */
static int64_t
number_of(struct db *db, const char *sql, int64_t centre, const char *day)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		fail_msg("prepare: %s", store_errmsg(db));
	db_bind_int(st, 1, centre);
	if (day != NULL)
		db_bind_text(st, 2, day);
	int64_t v = -1;
	if (db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_done(st);
	return v;
}

static void
exec_sql(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != SC_OK)
		fail_msg("%s: %s", sql, store_errmsg(db));
}

/* The figures from scratch, as the pages counted them before migration 40. */
#define SCRATCH_ASSIGNABLE \
	"(u.active = 1 AND ((u.roles | COALESCE((SELECT cm.roles FROM centre_members cm WHERE cm.user_id = u.id" \
	" AND cm.centre_id = $1), 0)) & 4) <> 0)"
static const char sql_scratch_listed[] =
	"SELECT COUNT(*) FROM users u WHERE " SCRATCH_ASSIGNABLE
	" OR EXISTS (SELECT 1 FROM participants p WHERE p.contact_id = u.id AND p.centre_id = $1"
	" AND p.status IN ('active','paused'))";
static const char sql_scratch_persons[] = "SELECT COUNT(*) FROM users u WHERE " SCRATCH_ASSIGNABLE;
static const char sql_scratch_capacity[] =
	"SELECT COALESCE(SUM(COALESCE(u.caseload_cap, 18)), 0) FROM users u WHERE " SCRATCH_ASSIGNABLE;
static const char sql_scratch_active[] =
	"SELECT COUNT(*) FROM participants WHERE centre_id = $1 AND status IN ('active','paused')";
static const char sql_scratch_waiting[] =
	"SELECT COUNT(*) FROM referrals WHERE centre_id = $1 AND state IN ('waiting','offered')";
static const char sql_scratch_exits[] =
	"SELECT COUNT(*) FROM enrolments WHERE centre_id = $1 AND status IN ('active','paused') AND planned_end <= $2";

/* The kept tables equal their views; the overview's page, totals and the
 * waiting list's capacity equal the figures counted from scratch (each
 * person's by store_caseload_person(), which counts every participant). */
static void
check_kept(struct fx *t, int64_t centre)
{
	_Static_assert(CASELOAD_DEFAULT_CAP == 18, "the scratch capacity counts 18 for no cap");
	struct db *db = t->db;
	int64_t missing = -1, extra = -1;
	assert_int_equal(store_caseload_overview_verify(db, centre, &missing, &extra), SC_OK);
	if (missing != 0 || extra != 0)
		fail_msg("centre %lld: kept rows missing %lld, extra %lld", (long long)centre, (long long)missing,
			 (long long)extra);
	struct caseload_query q = query(0);
	struct caseload_person *items = NULL;
	size_t n = 0;
	int64_t total = -1;
	assert_int_equal(store_caseload_overview(db, t->a, centre, &q, 1000, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, number_of(db, sql_scratch_listed, centre, NULL));
	assert_int_equal((int64_t)n, total);
	for (size_t i = 0; i < n; i++) {
		struct caseload_person p;
		assert_int_equal(store_caseload_person(db, t->a, centre, items[i].id, &q, &p), SC_OK);
		assert_string_equal(items[i].name, p.name);
		assert_int_equal(items[i].assignable, p.assignable);
		assert_int_equal(items[i].active, p.active);
		assert_int_equal(items[i].cap, p.cap);
		assert_int_equal(items[i].own_cap, p.own_cap);
		assert_int_equal(items[i].free_places, p.free_places);
		assert_int_equal(items[i].overdue, p.overdue);
		assert_int_equal(items[i].no_contact, p.no_contact);
		if (i > 0) {
			int c = strcmp(items[i - 1].name, items[i].name);
			assert_true(c < 0 || (c == 0 && items[i - 1].id < items[i].id));
		}
	}
	struct caseload_totals sum;
	assert_int_equal(store_caseload_capacity(db, centre, &sum), SC_OK);
	assert_int_equal(sum.persons, number_of(db, sql_scratch_persons, centre, NULL));
	assert_int_equal(sum.capacity, number_of(db, sql_scratch_capacity, centre, NULL));
	assert_int_equal(sum.active, number_of(db, sql_scratch_active, centre, NULL));
	struct waitlist_capacity cap;
	assert_int_equal(store_waitlist_capacity(db, centre, TODAY, &cap), SC_OK);
	assert_int_equal(cap.contact_persons, sum.persons);
	assert_int_equal(cap.places, sum.capacity);
	assert_int_equal(cap.active, sum.active);
	assert_int_equal(cap.waiting, number_of(db, sql_scratch_waiting, centre, NULL));
	assert_int_equal(cap.exits_90d, number_of(db, sql_scratch_exits, centre, "2025-06-08"));
}

static int64_t
version_of(struct db *db, int64_t user_id)
{
	/* the statement is found again by its text's address (db.h): a fixed
	 * text with the user bound, never one built on the stack */
	static const char sql[] = "SELECT version FROM users WHERE id = $1";
	return number_of(db, sql, user_id, NULL);
}

static const char sql_referral[] =
	"INSERT INTO referrals (participant_id, source, referred_on, state, created_at, updated_at, centre_id)"
	" VALUES ($1, 'nav', '2025-01-02', $2, 1, 1, $3) RETURNING id";

static int64_t
referral(struct db *db, int64_t pid, const char *state, int64_t centre)
{
	struct db_stmt *st = db_prepare(db, sql_referral);
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, state);
	db_bind_int(st, 3, centre);
	if (db_step(st) != DB_ROW)
		fail_msg("insert referral: %s", store_errmsg(db));
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

/* Every writer of the overview's facts, each followed by the comparison
 * with the figures from scratch: users made, renamed, disabled, their
 * roles and caps changed; participants made, assigned, moved, exited,
 * paused, moved to another centre and deleted; referrals and periods
 * written; a centre made; a repair in SQL. */
static void
test_overview_kept(void **state)
{
	struct fx *t = *state;
	struct db *db = t->db;
	const int64_t now = 1741600000;   /* 2025-03-10 */
	check_kept(t, 1);
	int64_t kari = make_user(t, "Kept Kari", CONTACT);
	int64_t ola = make_user(t, "Kept Ola", CONTACT | LEADER);
	int64_t leader = make_user(t, "Kept Leader", LEADER);
	check_kept(t, 1);
	/* participants: one assigned, reassigned, a second and a third */
	int64_t a = participant(t, "Anna", "Kept", "active");
	int64_t b = participant(t, "Berit", "Kept", "paused");
	int64_t c = participant(t, "Cecilie", "Kept", "waiting");
	check_kept(t, 1);
	assert_int_equal(assign(t, leader, a, kari, NULL, now), DONE);
	assert_int_equal(assign(t, leader, b, kari, NULL, now), DONE);
	assert_int_equal(assign(t, leader, c, kari, NULL, now), DONE);
	check_kept(t, 1);
	assert_int_equal(assign(t, leader, a, ola, "moved", now + 10), DONE);
	check_kept(t, 1);
	/* her overdue items and last contact: Today's lines */
	int64_t plan = enrol(db, a, "2024-01-01");
	insert_id(db, sql_meeting, 3, ROW(NULL, "2025-01-05", "2025-01-20"), INTS(a, 0, 0));
	insert_id(db, sql_eval, 4, ROW(NULL, NULL, "2025-03-01", NULL), INTS(plan, a, 0, 0));
	insert_id(db, sql_task, 4, ROW(NULL, "2025-03-01", NULL, NULL), INTS(a, 0, ola, 0));
	enrol(db, b, "2024-06-01");
	check_kept(t, 1);
	/* statuses: started, exited, paused again */
	set_status(db, c, "active");
	check_kept(t, 1);
	set_status(db, b, "exited");
	check_kept(t, 1);
	set_status(db, b, "paused");
	set_status(db, c, "registered");
	check_kept(t, 1);
	/* caps, names, roles, a user disabled while holding participants */
	assert_int_equal(store_tx_begin(db), SC_OK);
	assert_int_equal(store_caseload_set_cap(db, 1, kari, 12, now), SC_OK);
	assert_int_equal(store_tx_commit(db), SC_OK);
	check_kept(t, 1);
	assert_int_equal(store_user_update(db, kari, version_of(db, kari), 1, "Kept Aaa Kari", CONTACT, true, now), SC_OK);
	check_kept(t, 1);
	assert_int_equal(store_user_update(db, kari, version_of(db, kari), 1, "Kept Aaa Kari", CONTACT, false, now), SC_OK);
	check_kept(t, 1);   /* still listed: holds Berit */
	assert_int_equal(store_user_update(db, ola, version_of(db, ola), 1, "Kept Ola", LEADER, true, now), SC_OK);
	check_kept(t, 1);   /* no longer a contact person, still holds Anna */
	set_status(db, a, "exited");
	check_kept(t, 1);   /* and now not listed */
	assert_int_equal(store_user_update(db, ola, version_of(db, ola), 1, "Kept Ola", CONTACT, true, now), SC_OK);
	assert_int_equal(store_user_update(db, kari, version_of(db, kari), 1, "Kept Aaa Kari", CONTACT, true, now), SC_OK);
	check_kept(t, 1);
	/* the waiting list: referrals waiting, offered, accepted; periods
	 * ending within 90 days, later, moved, exited */
	int64_t r1 = referral(db, c, "waiting", 1);
	int64_t r2 = referral(db, b, "new", 1);
	check_kept(t, 1);
	exec_sql(db, "UPDATE referrals SET state = 'offered' WHERE state = 'new'");
	check_kept(t, 1);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE referrals SET state = 'accepted' WHERE id = %lld", (long long)r1);
	exec_sql(db, sql);
	check_kept(t, 1);
	snprintf(sql, sizeof sql, "UPDATE enrolments SET planned_end = '2025-05-01' WHERE participant_id = %lld",
		 (long long)b);
	exec_sql(db, sql);
	check_kept(t, 1);
	snprintf(sql, sizeof sql, "UPDATE enrolments SET status = 'exited', exit_date = '2025-03-01'"
		 " WHERE participant_id = %lld", (long long)a);
	exec_sql(db, sql);
	check_kept(t, 1);
	/* another centre: a participant moved there, with her referral and
	 * period; Kari holds her there too */
	int64_t other = fx_centre(t, "Kept elsewhere");
	check_kept(t, other);
	snprintf(sql, sizeof sql, "UPDATE participants SET centre_id = %lld WHERE id = %lld", (long long)other,
		 (long long)b);
	exec_sql(db, sql);
	snprintf(sql, sizeof sql, "UPDATE referrals SET centre_id = %lld WHERE id = %lld", (long long)other,
		 (long long)r2);
	exec_sql(db, sql);
	snprintf(sql, sizeof sql, "UPDATE enrolments SET centre_id = %lld WHERE participant_id = %lld",
		 (long long)other, (long long)b);
	exec_sql(db, sql);
	check_kept(t, 1);
	check_kept(t, other);
	/* a membership of the other centre, then taken away */
	assert_int_equal(store_user_update(db, ola, version_of(db, ola), other, "Kept Ola", CONTACT, true, now), SC_OK);
	check_kept(t, other);
	assert_int_equal(store_user_update(db, ola, version_of(db, ola), other, "Kept Ola", 0, true, now), SC_OK);
	check_kept(t, other);
	check_kept(t, 1);
	/* a participant written with her contact person in SQL, then deleted */
	int64_t d = participant(t, "Dagny", "Kept", "active");
	snprintf(sql, sizeof sql, "UPDATE participants SET contact_id = %lld WHERE id = %lld", (long long)leader,
		 (long long)d);
	exec_sql(db, sql);
	check_kept(t, 1);   /* the leader is listed: holds Dagny */
	snprintf(sql, sizeof sql, "DELETE FROM participants WHERE id = %lld", (long long)d);
	exec_sql(db, sql);
	check_kept(t, 1);
	/* a kept row spoilt in SQL is found */
	exec_sql(db, "UPDATE caseload_centres SET active = active + 1 WHERE centre_id = 1");
	int64_t missing = 0, extra = 0;
	assert_int_equal(store_caseload_overview_verify(db, 1, &missing, &extra), SC_OK);
	assert_int_equal(missing, 1);
	assert_int_equal(extra, 1);
	exec_sql(db, "UPDATE caseload_centres SET active = active - 1 WHERE centre_id = 1");
	check_kept(t, 1);
}

/* A caseload counts only its centre's participants; a participant, a user
 * or an assignment of another centre is not found, listed nor changed. */
static void
test_centres(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Caseload elsewhere");
	int64_t kari = make_user(t, "Kari Two Centres", CONTACT);
	int64_t leader = make_user(t, "Lea One Centre", LEADER);
	int64_t here = participant(t, "Here", "Centre", "active");
	assert_int_equal(assign(t, leader, here, kari, "here", 100), DONE);
	/* Kari also holds a participant of the other centre */
	int64_t there = participant_in(t->db, other, "There", "Centre", "active");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_move(t->db, other, there, kari, 0, "there", 100), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);

	/* the figures and the list of each centre count its own */
	struct caseload_query q = query(0);
	struct caseload_person p;
	assert_int_equal(store_caseload_person(t->db, t->a, 1, kari, &q, &p), SC_OK);
	assert_int_equal(p.active, 1);
	assert_true(p.assignable);
	assert_int_equal(store_caseload_person(t->db, t->a, other, kari, &q, &p), SC_OK);
	assert_int_equal(p.active, 1);
	assert_false(p.assignable);   /* no contact role there */
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_list(t->db, t->a, 1, kari, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, here);
	int64_t count = 0;
	assert_int_equal(store_caseload_count_active(t->db, 1, kari, 0, &count), SC_OK);
	assert_int_equal(count, 1);

	/* the other centre's overview: Kari holds a participant there, the
	 * leader of centre 1 is not of it; its capacity has no contact person */
	struct caseload_person *items = NULL;
	assert_int_equal(store_caseload_overview(t->db, t->a, other, &q, 1000, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, kari);
	assert_int_equal(store_caseload_person(t->db, t->a, other, leader, &q, &p), SC_ENOTFOUND);
	struct caseload_totals sum;
	assert_int_equal(store_caseload_capacity(t->db, other, &sum), SC_OK);
	assert_int_equal(sum.persons, 0);
	assert_int_equal(sum.capacity, 0);
	assert_int_equal(sum.active, 1);
	assert_int_equal(sum.free_places, 0);
	struct contact_choice *choices = NULL;
	assert_int_equal(store_caseload_choices(t->db, t->a, other, NULL, 1000, &choices, &n, &total), SC_OK);
	assert_int_equal(total, 0);

	/* histories: each centre's own */
	struct assignment *h = NULL;
	assert_int_equal(store_assignment_history(t->db, t->a, 1, there, &h, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_assignment_history_contact(t->db, t->a, 1, kari, 50, 0, &h, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(h[0].participant_id, here);
	assert_int_equal(store_assignment_history_contact(t->db, t->a, other, kari, 50, 0, &h, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(h[0].participant_id, there);

	/* assigning across centres: the participant is not found, nothing changes */
	int64_t ola = make_user(t, "Ola One Centre", CONTACT);
	struct actor actor = leader_at(leader, 200);
	struct outcome out;
	assert_int_equal(assign_on(t->db, t->a, &actor, there, ola, NULL, NULL, &out), REFUSED_NOT_FOUND);
	assert_int_equal(contact_of(t->db, there), kari);
	int64_t cid = 0;
	bool counts = false;
	assert_int_equal(store_caseload_lock_participant(t->db, 1, there, &cid, &counts), SC_ENOTFOUND);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_move(t->db, 1, there, ola, leader, NULL, 200), SC_ENOTFOUND);
	store_tx_rollback(t->db);
	assert_int_equal(contact_of(t->db, there), kari);
	/* a contact person of centre 1 only cannot be given the other's participant */
	struct contact_lock c;
	assert_int_equal(store_caseload_lock_contact(t->db, t->a, other, ola, &c), SC_ENOTFOUND);
	/* a bulk move naming the other centre's participant: all refused */
	int64_t both[] = {here, there};
	struct bulk_input in = bulk_of(both, 2, ola, "");
	struct caseload_refusal why;
	int64_t moved = 0;
	assert_int_equal(app_caseload_bulk(t->db, t->a, &actor, &in, &moved, &why, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_int_equal(out.errors.arg[0][0], there);
	assert_int_equal(contact_of(t->db, here), kari);
	/* a cap of a user not of the centre: not found, not changed */
	int64_t stranger = make_user(t, "Stranger", CONTACT);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_caseload_set_cap(t->db, other, stranger, 5, 300), SC_ENOTFOUND);
	store_tx_rollback(t->db);
	assert_int_equal(store_caseload_person(t->db, t->a, 1, stranger, &q, &p), SC_OK);
	assert_false(p.own_cap);

	/* given the contact role in the other centre, Kari is assignable there */
	member_of(t, kari, other, CONTACT);
	assert_int_equal(store_caseload_choices(t->db, t->a, other, NULL, 1000, &choices, &n, &total), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(choices[0].id, kari);
	assert_int_equal(choices[0].active, 1);
	assert_int_equal(store_caseload_capacity(t->db, other, &sum), SC_OK);
	assert_int_equal(sum.persons, 1);
	assert_int_equal(sum.free_places, CASELOAD_DEFAULT_CAP - 1);
}

/* ---- saved filters ---- */

static void
test_saved_filters(void **state)
{
	struct fx *t = *state;
	int64_t kari = make_user(t, "Kari", CONTACT);
	int64_t ola = make_user(t, "Ola", CONTACT);
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
	assert_int_equal(f[0].created_at, 10);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_assign_and_history),
		FX_TEST(test_assign_refusals),
		FX_TEST(test_cap_enforced),
		FX_TEST(test_assign_contact_transitional),
		FX_TEST(test_concurrent_cap),
		FX_TEST(test_set_cap),
		FX_TEST(test_bulk),
		FX_TEST(test_overview_and_caseload),
		FX_TEST(test_capacity),
		FX_TEST(test_centres),
		FX_TEST(test_overview_kept),
		FX_TEST(test_saved_filters),
	};
	return fx_run("test_store_caseload", tests, sizeof tests / sizeof tests[0]);
}
