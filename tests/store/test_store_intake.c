/*
 * test_store_intake.c — contract tests for referrals, screening, the
 * waiting list, offers, acceptance and programme periods
 * (src/store/store_intake.h), on SQLite by default and on PostgreSQL when
 * SC_TEST_DB_URL is set (scripts/pg-test.sh start DIR prints one).
 *
 * Every change runs in a transaction as the web layer runs it; a refused
 * change is rolled back and the test checks that nothing of it remains.
 * Tests that need a known waiting list or capacity first close whatever
 * earlier tests left open, with SQL of their own on a separate connection.
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

#include "domain/access.h"
#include "domain/participant.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static char url[4200];
static char tmpdir[4096];
static bool is_pg;
static struct store *store;

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
static const struct date TODAY = { 2025, 3, 10 };
#define NOW 1741600000

/* ---- raw SQL, beside the store ---- */

static int
raw_exec(const char *sql, char *err, size_t errlen)
{
	err[0] = '\0';
	if (is_pg) {
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

static void
raw_exec_ok(const char *sql)
{
	char err[512];
	if (raw_exec(sql, err, sizeof err) != 0)
		fail_msg("%s: %s", sql, err);
}

/* Closes every open referral and period and retires every contact person,
 * so a test starts from an empty waiting list and no capacity. */
static void
reset_case_data(void)
{
	raw_exec_ok("UPDATE referrals SET state = 'withdrawn' WHERE state IN ('new','ineligible','waiting','offered')");
	raw_exec_ok("UPDATE enrolments SET status = 'exited' WHERE status IN ('active','paused')");
	raw_exec_ok("UPDATE participants SET status = 'exited' WHERE status IN ('active','paused')");
	raw_exec_ok("UPDATE users SET active = 0");
}

/* ---- fixtures ---- */

static int
open_store(void **state)
{
	(void)state;
	char err[512] = "";
	int rc = store_open(url, 2, 5000, &store, err, sizeof err);
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

/* Ends a transaction: commit when rc is 0, else roll back. Returns rc. */
static int
tx_end(struct t *t, int rc)
{
	if (rc == SC_OK) {
		int c = store_tx_commit(t->db);
		if (c != SC_OK)
			fail_msg("commit: %s: %s", sc_strerror(c), store_errmsg(t->db));
	} else {
		store_tx_rollback(t->db);
	}
	return rc;
}

static void
tx_begin(struct t *t)
{
	assert_int_equal(store_tx_begin(t->db), SC_OK);
}

static int64_t
make_user(struct t *t, const char *username, const char *name, uint32_t roles)
{
	int64_t id = 0;
	char uname[64];
	static int seq;
	snprintf(uname, sizeof uname, "%s.%d", username, ++seq);
	int rc = store_user_create(t->db, uname, name, "$argon2id$fake", roles, "nb", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", uname, sc_strerror(rc), store_errmsg(t->db));
	return id;
}

static int64_t
make_contact(struct t *t, const char *name, int cap)
{
	int64_t id = make_user(t, "contact", name, ROLE_BIT(ROLE_CONTACT));
	if (cap > 0) {
		char sql[128];
		snprintf(sql, sizeof sql, "UPDATE users SET caseload_cap = %d WHERE id = %lld", cap, (long long)id);
		raw_exec_ok(sql);
	}
	return id;
}

/* A registered participant; intro_ended may be NULL. */
static int64_t
make_participant(struct t *t, const char *given, const char *family, const char *birth,
		 const char *intro_ended)
{
	const char *const text[][2] = {
		{"given_name", given}, {"family_name", family}, {"birth_date", birth}, {"gender", "female"},
		{"intro_ended", intro_ended},
	};
	struct participant p;
	participant_clear(&p);
	struct field_errors e = {0};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		field_read_text(participant_field(text[i][0]), text[i][1], &p, t->a, &e);
	if (!participant_check(&p, TODAY, 0, t->a, &e))
		fail_msg("participant_check: %s: %s", e.field[0], e.reason[0]);
	int64_t id = 0;
	tx_begin(t);
	int rc = tx_end(t, store_participant_create(t->db, 1, &p, 0, NOW, TODAY, &id));
	if (rc != SC_OK)
		fail_msg("store_participant_create: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	return id;
}

static struct referral_input
referral_in(const char *referred_on, int priority)
{
	struct referral_input in = {
		.source = REFERRAL_NAV,
		.referrer = "NAV Bergenhus",
		.reason = "Needs Norwegian and work practice",
		.lawful_residence = true,
		.priority = priority,
	};
	assert_int_equal(date_parse(referred_on, &in.referred_on), 0);
	in.planned_start = D(2025, 8, 18);
	return in;
}

static int64_t
make_referral(struct t *t, int64_t pid, const char *referred_on, int priority)
{
	struct referral_input in = referral_in(referred_on, priority);
	int64_t id = 0;
	tx_begin(t);
	int rc = tx_end(t, store_referral_create(t->db, pid, &in, 0, NOW, TODAY, &id, NULL));
	if (rc != SC_OK)
		fail_msg("store_referral_create: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	return id;
}

static const char *
participant_status(struct t *t, int64_t pid)
{
	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, 1, pid, 0, &b), SC_OK);
	return b.status;
}

static struct referral
get_referral(struct t *t, int64_t id)
{
	struct referral r;
	assert_int_equal(store_referral_get(t->db, t->a, id, &r), SC_OK);
	return r;
}

/* Screens a referral whose rules all pass (or fail without overrides). */
static enum referral_state
screen(struct t *t, int64_t id, struct screening_override *ov)
{
	enum referral_state next = REFERRAL_NEW;
	struct field_errors e;
	tx_begin(t);
	int rc = tx_end(t, store_referral_screen(t->db, id, 0, ov, true, 0, NOW, TODAY, NULL, &next, &e));
	if (rc != SC_OK)
		fail_msg("screen: %s", sc_strerror(rc));
	return next;
}

/* A participant on the waiting list: registered, referred and screened. */
static int64_t
waiting(struct t *t, const char *family, const char *referred_on, int priority, int64_t *pid_out)
{
	int64_t pid = make_participant(t, "Amina", family, "1990-05-01", "2022-06-30");
	int64_t rid = make_referral(t, pid, referred_on, priority);
	assert_int_equal(screen(t, rid, NULL), REFERRAL_WAITING);
	if (pid_out != NULL)
		*pid_out = pid;
	return rid;
}

static void
offer(struct t *t, int64_t rid)
{
	struct field_errors e;
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_offer(t->db, rid, 0, "2025-03-10", "", 0, NOW, TODAY, &e)),
			 SC_OK);
}

static int64_t
accept_until(struct t *t, int64_t rid, const char *start, const char *end, int64_t contact)
{
	struct field_errors e;
	int64_t eid = 0;
	tx_begin(t);
	int rc = tx_end(t, store_referral_accept(t->db, rid, 0, start, end, contact, 0, NOW, TODAY, &e, &eid));
	if (rc != SC_OK)
		fail_msg("accept: %s %s", sc_strerror(rc), e.n ? e.reason[0] : "");
	return eid;
}

static int64_t
accept(struct t *t, int64_t rid, const char *start, int64_t contact)
{
	return accept_until(t, rid, start, "", contact);
}

/* ---- referrals ---- */

static void
test_referral_create(void **state)
{
	struct t *t = *state;
	int64_t leader = make_user(t, "leader", "Lea Leader", ROLE_BIT(ROLE_LEADER));
	int64_t pid = make_participant(t, "Hodan", "Ali", "1988-02-03", "2021-01-15");
	assert_string_equal(participant_status(t, pid), "registered");

	struct referral_input in = referral_in("2025-03-01", 3);
	int64_t rid = 0;
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_create(t->db, pid, &in, leader, NOW, TODAY, &rid, NULL)), SC_OK);
	assert_true(rid > 0);
	struct referral r = get_referral(t, rid);
	assert_int_equal(r.participant_id, pid);
	assert_string_equal(r.given_name, "Hodan");
	assert_string_equal(r.family_name, "Ali");
	assert_string_equal(r.birth_date, "1988-02-03");
	assert_string_equal(r.intro_ended, "2021-01-15");
	assert_string_equal(r.source, "nav");
	assert_string_equal(r.referred_on, "2025-03-01");
	assert_string_equal(r.referrer, "NAV Bergenhus");
	assert_string_equal(r.reason, "Needs Norwegian and work practice");
	assert_string_equal(r.planned_start, "2025-08-18");
	assert_false(r.in_qualification);
	assert_false(r.in_introduction);
	assert_true(r.lawful_residence);
	assert_int_equal(r.priority, 3);
	assert_string_equal(r.state, "new");
	assert_null(r.offered_on);
	assert_int_equal(r.version, 1);
	assert_string_equal(participant_status(t, pid), "referred");

	struct referral_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_referral_events(t->db, t->a, rid, &ev, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].from_state, "");
	assert_string_equal(ev[0].to_state, "new");
	assert_string_equal(ev[0].on_date, "2025-03-10");
	assert_int_equal(ev[0].user_id, leader);
	assert_string_equal(ev[0].user_name, "Lea Leader");

	/* A second open referral is refused, and nothing is written. */
	const char *why = NULL;
	int64_t rid2 = 0;
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_create(t->db, pid, &in, leader, NOW, TODAY, &rid2, &why)),
			 SC_ECONFLICT);
	assert_string_equal(why, "This participant already has an open referral.");
	struct referral *list = NULL;
	assert_int_equal(store_referral_list_participant(t->db, t->a, pid, &list, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(participant_status(t, pid), "referred");

	/* No such participant. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_create(t->db, pid + 100000, &in, leader, NOW, TODAY, &rid2, &why)),
			 SC_ENOTFOUND);
	struct referral none;
	assert_int_equal(store_referral_get(t->db, t->a, rid + 100000, &none), SC_ENOTFOUND);

	/* Listed by state in waiting-list order. */
	int64_t total = 0;
	assert_int_equal(store_referral_list(t->db, t->a, "new", 100, 0, &list, &n, &total), SC_OK);
	assert_true(total >= 1);
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(list[i].state, "new");
		seen |= list[i].id == rid;
		if (i > 0)
			assert_true(list[i - 1].priority <= list[i].priority);
	}
	assert_true(seen);
	assert_int_equal(store_referral_list(t->db, t->a, NULL, 100, 0, &list, &n, &total), SC_OK);
	assert_true(n >= 1 && total >= (int64_t)n);
	assert_int_equal(list[0].id, rid);   /* newest first */
}

static void
test_screening(void **state)
{
	struct t *t = *state;
	int64_t leader = make_user(t, "leader", "Lea Screener", ROLE_BIT(ROLE_LEADER));
	/* The introduction programme ended less than two years before the start. */
	int64_t pid = make_participant(t, "Sahra", "Yusuf", "1985-07-01", "2024-06-30");
	int64_t rid = make_referral(t, pid, "2025-03-01", 5);

	/* No override: ineligible, every rule stored. */
	struct eligibility_result res;
	enum referral_state next = REFERRAL_NEW;
	struct field_errors e;
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_screen(t->db, rid, 1, NULL, true, leader, NOW, TODAY,
							  &res, &next, &e)), SC_OK);
	assert_int_equal(next, REFERRAL_INELIGIBLE);
	assert_false(res.eligible);
	assert_false(res.rules[ELIG_INTRO_ENDED].pass);
	struct referral r = get_referral(t, rid);
	assert_string_equal(r.state, "ineligible");
	assert_int_equal(r.version, 2);
	assert_string_equal(participant_status(t, pid), "referred");
	struct screening_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_screening_latest(t->db, t->a, rid, &rows, &n), SC_OK);
	assert_int_equal(n, ELIG_NRULES);
	static const char *const names[] = { "age", "intro_ended", "not_enrolled", "lawful_residence" };
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(rows[i].rule, names[i]);
		assert_int_equal(rows[i].pass, i != ELIG_INTRO_ENDED);
		assert_false(rows[i].overridden);
		assert_int_equal(rows[i].screened_by, leader);
	}
	assert_string_equal(rows[ELIG_INTRO_ENDED].reason,
			    "the introduction programme ended less than two years before the planned start");

	/* An override without a reason: refused, nothing changes. */
	char blank[] = "  ";
	struct screening_override ov[ELIG_NRULES] = {0};
	ov[ELIG_INTRO_ENDED] = (struct screening_override){ true, blank };
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_screen(t->db, rid, 2, ov, true, leader, NOW, TODAY,
							  NULL, &next, &e)), SC_EINVAL);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.field[0], "intro_ended");
	r = get_referral(t, rid);
	assert_string_equal(r.state, "ineligible");
	assert_int_equal(r.version, 2);

	/* Not a leader: refused. */
	char why[] = "Did not complete the programme; agreed with NAV";
	ov[ELIG_INTRO_ENDED] = (struct screening_override){ true, why };
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_screen(t->db, rid, 2, ov, false, leader, NOW, TODAY,
							  NULL, &next, &e)), SC_EINVAL);

	/* A stale version: refused. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_screen(t->db, rid, 1, ov, true, leader, NOW, TODAY,
							  NULL, &next, &e)), SC_ECONFLICT);

	/* The leader's override with a reason: waiting. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_screen(t->db, rid, 2, ov, true, leader, NOW + 5, TODAY,
							  NULL, &next, &e)), SC_OK);
	assert_int_equal(next, REFERRAL_WAITING);
	r = get_referral(t, rid);
	assert_string_equal(r.state, "waiting");
	assert_string_equal(participant_status(t, pid), "waiting");
	assert_int_equal(store_screening_latest(t->db, t->a, rid, &rows, &n), SC_OK);
	assert_int_equal(n, ELIG_NRULES);
	assert_false(rows[ELIG_INTRO_ENDED].pass);
	assert_true(rows[ELIG_INTRO_ENDED].overridden);
	assert_string_equal(rows[ELIG_INTRO_ENDED].override_reason, why);
	assert_int_equal(rows[0].screened_at, NOW + 5);

	struct referral_event *ev = NULL;
	assert_int_equal(store_referral_events(t->db, t->a, rid, &ev, &n), SC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ev[1].from_state, "new");
	assert_string_equal(ev[1].to_state, "ineligible");
	assert_string_equal(ev[2].from_state, "ineligible");
	assert_string_equal(ev[2].to_state, "waiting");
	assert_non_null(strstr(ev[2].note, "intro_ended: Did not complete the programme"));

	/* The recent decisions list shows it. */
	struct referral_event *recent = NULL;
	assert_int_equal(store_referral_recent(t->db, t->a, 5, &recent, &n), SC_OK);
	assert_true(n >= 1);
	assert_int_equal(recent[0].referral_id, rid);
	assert_string_equal(recent[0].family_name, "Yusuf");
	assert_string_equal(recent[0].to_state, "waiting");

	/* Not screened at all: no rows. */
	int64_t pid2 = make_participant(t, "Nura", "Abdi", "1991-01-01", "2020-01-01");
	int64_t rid2 = make_referral(t, pid2, "2025-03-01", 5);
	assert_int_equal(store_screening_latest(t->db, t->a, rid2, &rows, &n), SC_OK);
	assert_int_equal(n, 0);
}

static void
test_priority_and_states(void **state)
{
	struct t *t = *state;
	int64_t pid = 0;
	int64_t rid = waiting(t, "Tesfaye", "2025-02-01", 5, &pid);
	struct referral r = get_referral(t, rid);
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_set_priority(t->db, rid, r.version, 2, 0, NOW, TODAY)), SC_OK);
	r = get_referral(t, rid);
	assert_int_equal(r.priority, 2);
	assert_string_equal(r.state, "waiting");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_set_priority(t->db, rid, r.version, 10, 0, NOW, TODAY)), SC_EINVAL);
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_set_priority(t->db, rid, r.version - 1, 3, 0, NOW, TODAY)),
			 SC_ECONFLICT);
	struct referral_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_referral_events(t->db, t->a, rid, &ev, &n), SC_OK);
	assert_string_equal(ev[n - 1].from_state, "waiting");
	assert_string_equal(ev[n - 1].to_state, "waiting");
	assert_string_equal(ev[n - 1].note, "Priority 5 \xE2\x86\x92 2");

	/* Accepting without an offer, or declining, is not allowed yet. */
	struct field_errors e;
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, rid, 0, "2025-03-10", "", 1, 0, NOW, TODAY,
							  &e, NULL)), SC_ECONFLICT);
	char reason[] = "No longer interested";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_decline(t->db, rid, 0, reason, 0, NOW, TODAY, &e)), SC_ECONFLICT);

	/* Offer with bad dates: refused, nothing changes. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_offer(t->db, rid, 0, "2025-03-11", "", 0, NOW, TODAY, &e)),
			 SC_EINVAL);
	assert_string_equal(e.field[0], "offered_on");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_offer(t->db, rid, 0, "2025-03-05", "2025-03-01", 0, NOW, TODAY, &e)),
			 SC_EINVAL);
	assert_string_equal(e.field[0], "answer_by");
	assert_string_equal(get_referral(t, rid).state, "waiting");

	/* Offer, then decline with a reason. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_offer(t->db, rid, 0, "2025-03-05", "2025-03-20", 0, NOW, TODAY, &e)),
			 SC_OK);
	r = get_referral(t, rid);
	assert_string_equal(r.state, "offered");
	assert_string_equal(r.offered_on, "2025-03-05");
	assert_string_equal(r.answer_by, "2025-03-20");
	assert_string_equal(participant_status(t, pid), "offered");
	char empty[] = "";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_decline(t->db, rid, 0, empty, 0, NOW, TODAY, &e)), SC_EINVAL);
	assert_string_equal(e.field[0], "reason");
	assert_string_equal(get_referral(t, rid).state, "offered");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_decline(t->db, rid, 0, reason, 0, NOW, TODAY, &e)), SC_OK);
	assert_string_equal(get_referral(t, rid).state, "declined");
	assert_string_equal(participant_status(t, pid), "registered");

	/* Final: nothing more. */
	char again[] = "again";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_withdraw(t->db, rid, 0, again, 0, NOW, TODAY, &e)), SC_ECONFLICT);
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_set_priority(t->db, rid, 0, 1, 0, NOW, TODAY)), SC_ECONFLICT);
	enum referral_state next;
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_screen(t->db, rid, 0, NULL, true, 0, NOW, TODAY, NULL, &next, &e)),
			 SC_ECONFLICT);

	/* A new referral is possible now; withdraw it from new. */
	int64_t rid2 = make_referral(t, pid, "2025-03-08", 5);
	char moved[] = "Moved to Oslo";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_withdraw(t->db, rid2, 0, moved, 0, NOW, TODAY, &e)), SC_OK);
	r = get_referral(t, rid2);
	assert_string_equal(r.state, "withdrawn");
	assert_int_equal(store_referral_events(t->db, t->a, rid2, &ev, &n), SC_OK);
	assert_string_equal(ev[n - 1].note, "Moved to Oslo");
	assert_string_equal(participant_status(t, pid), "registered");
}

/* ---- the waiting list ---- */

static void
test_waitlist(void **state)
{
	struct t *t = *state;
	reset_case_data();
	struct waitlist_capacity cap;
	assert_int_equal(store_waitlist_capacity(t->db, TODAY, &cap), SC_OK);
	assert_int_equal(cap.contact_persons, 0);
	assert_int_equal(cap.places, 0);
	assert_int_equal(cap.active, 0);
	assert_int_equal(cap.free_places, 0);
	assert_int_equal(cap.waiting, 0);

	/* Two contact persons: 2 and 18 (default) places. */
	int64_t c1 = make_contact(t, "Kari Contact", 2);
	make_contact(t, "Per Contact", 0);
	assert_int_equal(store_waitlist_capacity(t->db, TODAY, &cap), SC_OK);
	assert_int_equal(cap.contact_persons, 2);
	assert_int_equal(cap.places, 20);
	assert_int_equal(cap.free_places, 20);

	/* Priority before date, date before id. */
	int64_t late_high = waiting(t, "LateHigh", "2025-03-05", 1, NULL);
	int64_t early_low = waiting(t, "EarlyLow", "2025-01-05", 5, NULL);
	int64_t early_high = waiting(t, "EarlyHigh", "2025-02-01", 1, NULL);
	int64_t same_day = waiting(t, "SameDay", "2025-01-05", 5, NULL);
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_waitlist_capacity(t->db, TODAY, &cap), SC_OK);
	assert_int_equal(cap.waiting, 4);
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 4);
	assert_int_equal(total, 4);
	int64_t want[] = { early_high, late_high, early_low, same_day };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(rows[i].referral_id, want[i]);
		assert_int_equal(rows[i].place, (int64_t)i + 1);
		assert_int_equal(rows[i].expected_wait_days, 0);   /* 20 free places */
		assert_string_equal(rows[i].state, "waiting");
	}
	assert_string_equal(rows[0].family_name, "EarlyHigh");
	assert_int_equal(rows[0].waited_days, 37);   /* 2025-02-01 .. 2025-03-10 */
	assert_string_equal(rows[0].source, "nav");

	/* Paging: the second page starts at place 3. */
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 2, 2, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].place, 3);
	assert_int_equal(rows[0].referral_id, early_low);

	/* Fill Kari's two places through offers and acceptances; Per retires. */
	raw_exec_ok("UPDATE users SET active = 0 WHERE display_name = 'Per Contact'");
	offer(t, early_high);
	offer(t, late_high);
	assert_int_equal(store_waitlist_capacity(t->db, TODAY, &cap), SC_OK);
	assert_int_equal(cap.free_places, 2);
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 50, 0, &rows, &n, &total), SC_OK);
	assert_string_equal(rows[0].state, "offered");
	assert_string_equal(rows[0].offered_on, "2025-03-10");
	accept_until(t, early_high, "2025-03-10", "2026-06-01", c1);
	int64_t e2 = accept(t, late_high, "2025-03-10", c1);   /* planned end 2027-03-10 */
	assert_int_equal(store_waitlist_capacity(t->db, TODAY, &cap), SC_OK);
	assert_int_equal(cap.places, 2);
	assert_int_equal(cap.active, 2);
	assert_int_equal(cap.free_places, 0);
	assert_int_equal(cap.exits_90d, 0);
	assert_int_equal(cap.waiting, 2);

	/* No free place: place 1 waits for the first planned exit, place 2
	 * for the second; a third would be unknown. */
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].referral_id, early_low);
	assert_int_equal(rows[0].place, 1);
	assert_int_equal(rows[0].expected_wait_days, (int)(date_to_days(D(2026, 6, 1)) - date_to_days(TODAY)));
	assert_int_equal(rows[1].expected_wait_days, (int)(date_to_days(D(2027, 3, 10)) - date_to_days(TODAY)));

	/* A paused period still holds its place and its planned exit counts;
	 * an exit within 90 days shows in the capacity. */
	struct field_errors e;
	char why[] = "Maternity leave";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_pause(t->db, e2, 0, "2025-03-10", "", why, 0, NOW, TODAY, &e)),
			 SC_OK);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE enrolments SET planned_end = '2025-04-01' WHERE id = %lld", (long long)e2);
	raw_exec_ok(sql);
	assert_int_equal(store_waitlist_capacity(t->db, TODAY, &cap), SC_OK);
	assert_int_equal(cap.active, 2);
	assert_int_equal(cap.exits_90d, 1);
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(rows[0].expected_wait_days, 22);   /* the paused one's 2025-04-01 */
	assert_int_equal(rows[1].expected_wait_days, (int)(date_to_days(D(2026, 6, 1)) - date_to_days(TODAY)));

	/* A planned end already passed counts as today. */
	raw_exec_ok("UPDATE enrolments SET planned_end = '2025-01-01' WHERE status = 'active'");
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(rows[0].expected_wait_days, 0);
	assert_int_equal(rows[1].expected_wait_days, 22);

	/* More people than planned exits: unknown. */
	waiting(t, "Third", "2025-03-01", 9, NULL);
	assert_int_equal(store_waitlist_capacity(t->db, TODAY, &cap), SC_OK);
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[2].expected_wait_days, -1);
	/* The same on a page of its own. */
	assert_int_equal(store_waitlist(t->db, t->a, TODAY, &cap, 1, 2, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].place, 3);
	assert_int_equal(rows[0].expected_wait_days, -1);
}

/* ---- acceptance and the cap ---- */

static void
test_accept_full_caseload(void **state)
{
	struct t *t = *state;
	reset_case_data();
	int64_t leader = make_user(t, "leader", "Lea Accept", ROLE_BIT(ROLE_LEADER));
	int64_t full = make_contact(t, "Full Caseload", 1);
	int64_t roomy = make_contact(t, "Roomy Caseload", 0);
	int64_t teacher = make_user(t, "teacher", "Not A Contact", ROLE_BIT(ROLE_TEACHER));

	int64_t p1 = 0, p2 = 0;
	int64_t r1 = waiting(t, "First", "2025-01-01", 5, &p1);
	int64_t r2 = waiting(t, "Second", "2025-01-02", 5, &p2);
	offer(t, r1);
	offer(t, r2);
	accept(t, r1, "2025-03-10", full);
	assert_string_equal(participant_status(t, p1), "active");

	/* The full caseload refuses the whole acceptance. */
	struct field_errors e;
	int64_t eid = 0;
	struct referral before = get_referral(t, r2);
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, r2, before.version, "2025-03-10", "", full, leader,
							  NOW, TODAY, &e, &eid)), SC_ELIMIT);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.field[0], "contact_id");
	assert_string_equal(e.reason[0], "the contact person's caseload is full");
	struct referral after = get_referral(t, r2);
	assert_string_equal(after.state, "offered");
	assert_int_equal(after.version, before.version);
	assert_string_equal(participant_status(t, p2), "offered");
	struct enrolment *list = NULL;
	size_t n = 0;
	assert_int_equal(store_enrolment_list(t->db, t->a, p2, &list, &n), SC_OK);
	assert_int_equal(n, 0);
	struct participant_brief b;
	assert_int_equal(store_participant_brief(t->db, t->a, 1, p2, 0, &b), SC_OK);
	assert_int_equal(b.contact_id, 0);

	/* Not a contact person; no contact person; bad dates. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, r2, 0, "2025-03-10", "", teacher, leader, NOW,
							  TODAY, &e, &eid)), SC_EINVAL);
	assert_string_equal(e.field[0], "contact_id");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, r2, 0, "2025-03-10", "", 0, leader, NOW, TODAY,
							  &e, &eid)), SC_EINVAL);
	assert_string_equal(e.reason[0], "Choose a contact person.");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, r2, 0, "2025-03-10", "2029-03-11", roomy, leader,
							  NOW, TODAY, &e, &eid)), SC_EINVAL);
	assert_string_equal(e.field[0], "planned_end");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, r2, 0, "2024-12-31", "", roomy, leader,
							  NOW, TODAY, &e, &eid)), SC_EINVAL);
	assert_string_equal(e.field[0], "start_date");
	assert_string_equal(get_referral(t, r2).state, "offered");

	/* Another contact person: accepted, with the period and the assignment. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, r2, 0, "2025-03-10", "2026-12-31", roomy, leader,
							  NOW, TODAY, &e, &eid)), SC_OK);
	assert_string_equal(get_referral(t, r2).state, "accepted");
	assert_string_equal(participant_status(t, p2), "active");
	assert_int_equal(store_participant_brief(t->db, t->a, 1, p2, 0, &b), SC_OK);
	assert_int_equal(b.contact_id, roomy);
	struct enrolment en;
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_int_equal(en.participant_id, p2);
	assert_int_equal(en.referral_id, r2);
	assert_string_equal(en.start_date, "2025-03-10");
	assert_string_equal(en.planned_end, "2026-12-31");
	assert_string_equal(en.status, "active");
	assert_null(en.exit_date);
	assert_null(en.outcome);

	/* Accepted is final; and a new referral for someone enrolled is refused. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_accept(t->db, r2, 0, "2025-03-10", "", roomy, leader, NOW, TODAY,
							  &e, &eid)), SC_ECONFLICT);
	struct referral_input in = referral_in("2025-03-10", 5);
	const char *why = NULL;
	int64_t r3 = 0;
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_create(t->db, p2, &in, leader, NOW, TODAY, &r3, &why)),
			 SC_ECONFLICT);
	assert_string_equal(why, "This participant is already enrolled in the programme.");
	assert_string_equal(participant_status(t, p2), "active");
}

/* ---- programme periods ---- */

static void
test_enrolment_lifecycle(void **state)
{
	struct t *t = *state;
	reset_case_data();
	int64_t leader = make_user(t, "leader", "Lea Period", ROLE_BIT(ROLE_LEADER));
	int64_t contact = make_contact(t, "Kari Follow", 0);
	int64_t pid = 0;
	int64_t rid = waiting(t, "Period", "2024-01-02", 5, &pid);
	offer(t, rid);
	int64_t eid = accept(t, rid, "2024-01-15", contact);
	struct enrolment en;
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.planned_end, "2026-01-15");
	int64_t v = en.version;
	struct field_errors e;

	/* Extension past four years: refused, nothing changes. */
	char r1[] = "More language training";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_extend(t->db, eid, v, "2028-01-16", r1, leader, NOW, &e)), SC_EINVAL);
	assert_string_equal(e.field[0], "new_end");
	assert_string_equal(e.reason[0], "The programme period can be at most four years from the start.");
	char blank[] = " ";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_extend(t->db, eid, v, "2027-01-15", blank, leader, NOW, &e)), SC_EINVAL);
	assert_string_equal(e.field[0], "reason");
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.planned_end, "2026-01-15");
	assert_int_equal(en.version, v);

	/* A good one, then a stale second save. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_extend(t->db, eid, v, "2027-01-15", r1, leader, NOW, &e)), SC_OK);
	char r2[] = "Internship runs longer";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_extend(t->db, eid, v, "2027-06-15", r2, leader, NOW, &e)),
			 SC_ECONFLICT);
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.planned_end, "2027-01-15");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_extend(t->db, eid, 0, "2028-01-15", r2, leader, NOW, &e)), SC_OK);
	struct enrolment_extension *ext = NULL;
	size_t n = 0;
	assert_int_equal(store_enrolment_extensions(t->db, t->a, eid, &ext, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ext[0].old_end, "2026-01-15");
	assert_string_equal(ext[0].new_end, "2027-01-15");
	assert_string_equal(ext[0].reason, "More language training");
	assert_int_equal(ext[0].user_id, leader);
	assert_string_equal(ext[0].user_name, "Lea Period");
	assert_string_equal(ext[1].new_end, "2028-01-15");

	/* Pause: bad input refused; then paused; resume before the pause refused. */
	char pr[] = "Sick leave";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_pause(t->db, eid, 0, "2025-03-11", "", pr, leader, NOW, TODAY, &e)),
			 SC_EINVAL);
	assert_string_equal(e.field[0], "from");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_resume(t->db, eid, 0, "2025-03-10", leader, NOW, TODAY, &e)),
			 SC_ECONFLICT);   /* not paused */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_pause(t->db, eid, 0, "2025-03-01", "2025-04-01", pr, leader, NOW,
							  TODAY, &e)), SC_OK);
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.status, "paused");
	assert_string_equal(participant_status(t, pid), "paused");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_pause(t->db, eid, 0, "2025-03-02", "", pr, leader, NOW, TODAY, &e)),
			 SC_ECONFLICT);   /* already paused */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_resume(t->db, eid, 0, "2025-02-28", leader, NOW, TODAY, &e)),
			 SC_EINVAL);
	assert_string_equal(e.field[0], "date");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_resume(t->db, eid, 0, "2025-03-08", leader, NOW, TODAY, &e)), SC_OK);
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.status, "active");
	assert_string_equal(participant_status(t, pid), "active");
	struct enrolment_pause *pauses = NULL;
	assert_int_equal(store_enrolment_pauses(t->db, t->a, eid, &pauses, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(pauses[0].from_date, "2025-03-01");
	assert_string_equal(pauses[0].to_date, "2025-03-08");
	assert_string_equal(pauses[0].reason, "Sick leave");

	/* Pause again, then exit while paused: the pause ends on the exit date. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_pause(t->db, eid, 0, "2025-03-09", "", pr, leader, NOW, TODAY, &e)),
			 SC_OK);
	char er[] = "Got a job at the hotel";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_exit(t->db, eid, 0, "2025-03-10", er, "retired", leader, NOW, TODAY,
							 &e, NULL)), SC_EINVAL);
	assert_string_equal(e.field[0], "outcome");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_exit(t->db, eid, 0, "2023-12-31", er, "employed_full", leader, NOW,
							 TODAY, &e, NULL)), SC_EINVAL);
	assert_string_equal(e.field[0], "date");
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.status, "paused");
	int64_t tasks[ENROLMENT_NFOLLOWUPS] = {0};
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_exit(t->db, eid, 0, "2025-03-10", er, "employed_full", leader, NOW,
							 TODAY, &e, tasks)), SC_OK);
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.status, "exited");
	assert_string_equal(en.exit_date, "2025-03-10");
	assert_string_equal(en.exit_reason, "Got a job at the hotel");
	assert_string_equal(en.outcome, "employed_full");
	assert_string_equal(participant_status(t, pid), "exited");
	assert_int_equal(store_enrolment_pauses(t->db, t->a, eid, &pauses, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(pauses[1].to_date, "2025-03-10");

	/* Two follow-up tasks for the contact person. */
	assert_true(tasks[0] > 0 && tasks[1] > 0);
	struct task_row *tl = NULL;
	assert_int_equal(store_task_list_participant(t->db, t->a, pid, &tl, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(tl[0].kind, "followup_6m");
	assert_string_equal(tl[0].due_on, "2025-09-10");
	assert_int_equal(tl[0].assignee_id, contact);
	assert_int_equal(tl[0].enrolment_id, eid);
	assert_string_equal(tl[1].kind, "followup_12m");
	assert_string_equal(tl[1].due_on, "2026-03-10");
	assert_int_equal(tl[1].assignee_id, contact);

	/* Exited is final. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_extend(t->db, eid, 0, "2028-01-01", r2, leader, NOW, &e)),
			 SC_ECONFLICT);
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_exit(t->db, eid, 0, "2025-03-10", er, "moved", leader, NOW, TODAY,
							 &e, NULL)), SC_ECONFLICT);
	assert_int_equal(store_enrolment_get(t->db, t->a, eid + 100000, &en), SC_ENOTFOUND);

	/* A person who exited can be referred again; withdrawing that referral
	 * leaves them exited, not registered. */
	int64_t again = make_referral(t, pid, "2025-03-10", 5);
	assert_string_equal(participant_status(t, pid), "referred");
	char wr[] = "Has a job now";
	tx_begin(t);
	assert_int_equal(tx_end(t, store_referral_withdraw(t->db, again, 0, wr, leader, NOW, TODAY, &e)), SC_OK);
	assert_string_equal(participant_status(t, pid), "exited");

	struct enrolment *list = NULL;
	assert_int_equal(store_enrolment_list(t->db, t->a, pid, &list, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, eid);
}

/* A period started without a referral (a centre moving in). */
static void
test_enrolment_start(void **state)
{
	struct t *t = *state;
	reset_case_data();
	int64_t leader = make_user(t, "leader", "Lea Start", ROLE_BIT(ROLE_LEADER));
	int64_t contact = make_contact(t, "One Place", 1);
	int64_t p1 = make_participant(t, "Direct", "Start", "1980-01-01", "2015-01-01");
	int64_t p2 = make_participant(t, "Second", "Start", "1981-01-01", "2015-01-01");
	struct field_errors e;
	const char *why = NULL;
	int64_t eid = 0;

	/* Bad dates: nothing written. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_start(t->db, p1, "2020-02-30", "", contact, leader, NOW, TODAY,
							  &e, &eid, &why)), SC_EINVAL);
	assert_string_equal(e.field[0], "start_date");
	assert_string_equal(participant_status(t, p1), "registered");

	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_start(t->db, p1, "2023-01-02", "", contact, leader, NOW, TODAY,
							  &e, &eid, &why)), SC_OK);
	struct enrolment en;
	assert_int_equal(store_enrolment_get(t->db, t->a, eid, &en), SC_OK);
	assert_string_equal(en.start_date, "2023-01-02");
	assert_string_equal(en.planned_end, "2025-01-02");
	assert_int_equal(en.referral_id, 0);
	assert_string_equal(participant_status(t, p1), "active");
	int64_t cur = 0;
	assert_int_equal(store_enrolment_current(t->db, p1, &cur), SC_OK);
	assert_int_equal(cur, eid);
	assert_int_equal(store_enrolment_current(t->db, p2, &cur), SC_OK);
	assert_int_equal(cur, 0);

	/* Enrolled already; the contact person's one place is taken. */
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_start(t->db, p1, "2024-01-02", "", 0, leader, NOW, TODAY,
							  &e, &eid, &why)), SC_ECONFLICT);
	assert_string_equal(why, "This participant is already enrolled in the programme.");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_start(t->db, p2, "2024-01-02", "", contact, leader, NOW, TODAY,
							  &e, &eid, &why)), SC_ELIMIT);
	assert_string_equal(e.field[0], "contact_id");
	assert_string_equal(participant_status(t, p2), "registered");
	struct enrolment *list = NULL;
	size_t n = 0;
	assert_int_equal(store_enrolment_list(t->db, t->a, p2, &list, &n), SC_OK);
	assert_int_equal(n, 0);

	/* An open referral: accept its offer instead. */
	make_referral(t, p2, "2025-03-01", 5);
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_start(t->db, p2, "2025-03-01", "", 0, leader, NOW, TODAY,
							  &e, &eid, &why)), SC_ECONFLICT);
	assert_string_equal(why, "This participant has an open referral; enrol them by accepting its offer.");
	tx_begin(t);
	assert_int_equal(tx_end(t, store_enrolment_start(t->db, p2 + 100000, "2025-03-01", "", 0, leader, NOW,
							  TODAY, &e, &eid, &why)), SC_ENOTFOUND);
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
	char err[512];
	if (raw_exec("SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;", err, sizeof err) != 0) {
		fprintf(stderr, "test_store_intake: cannot reset the database: %s\n", err);
		return -1;
	}
	return 0;
}

int
main(void)
{
	const char *env = getenv("SC_TEST_DB_URL");
	if (env != NULL && *env != '\0') {
		snprintf(url, sizeof url, "%s", env);
		is_pg = strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
		if (!is_pg && strncmp(url, "sqlite:", 7) != 0) {
			fprintf(stderr, "test_store_intake: SC_TEST_DB_URL must be postgresql://... or sqlite:PATH\n");
			return 1;
		}
		if (is_pg && reset_pg() != 0)
			return 1;
		if (!is_pg && access(url + 7, F_OK) == 0) {
			fprintf(stderr, "test_store_intake: %s exists; give a fresh SQLite path\n", url + 7);
			return 1;
		}
	} else {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/sc-test-intake-XXXXXX",
			 base != NULL && *base != '\0' ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(url, sizeof url, "sqlite:%s/test.db", tmpdir);
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_referral_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screening, setup, teardown),
		cmocka_unit_test_setup_teardown(test_priority_and_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waitlist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accept_full_caseload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enrolment_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enrolment_start, setup, teardown),
	};
	fprintf(stderr, "test_store_intake: %s\n", is_pg ? "PostgreSQL (SC_TEST_DB_URL)" : url);
	int failed = cmocka_run_group_tests(tests, open_store, close_store);
	if (remove_tmpdir() != 0 && tmpdir[0] != '\0')
		perror("rmdir");
	return failed;
}
