/*
 * test_store_internships.c — the internships area's store and commands on
 * both engines: an employer, contact or placement of another centre is
 * neither found, listed nor changed; a stale employer save is refused and
 * a save's change log names each field's old and new value; the
 * organisation number is unique within a centre (another centre may hold
 * it); a placement's phase follows its terms and approvals; one agreed
 * placement per participant holds when two centre approvals race; a job's
 * income is the month's work income the benefit run reads.
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

#include "fixture.h"
#include "app/placement.h"
#include "domain/access.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static const struct date TODAY = {2025, 3, 10};
#define NOW 1741600000   /* a moment of TODAY */

static int64_t
contact_in(struct fx *t, int64_t centre, int64_t employer, const char *name)
{
	struct employer_contact c;
	fields_clear(employer_contact_fields, &c);
	c.employer_id = employer;
	c.name = name;
	int64_t id = 0;
	assert_int_equal(store_contact_add(t->db, centre, &c, 0, 1000, &id), SC_OK);
	return id;
}

/* A placement with every term, its period from..to, in its phase. */
static int64_t
placement_in(struct fx *t, int64_t centre, int64_t participant, int64_t employer, int64_t contact, int64_t follow,
	     struct date from, struct date to)
{
	struct placement p;
	fields_clear(placement_fields, &p);
	p.participant_id = participant;
	p.employer_id = employer;
	p.supervisor_id = contact;
	p.follow_up_id = follow;
	p.starts_on = from;
	p.ends_on = to;
	p.hours_per_week = 20;
	p.days_per_week = 4;
	p.tasks = "Shelves";
	struct placement_facts f = placement_facts_of(&p);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int rc = store_placement_create(t->db, centre, &p, placement_phase(&f), 0, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_placement_create: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	return id;
}

static void
test_employers_by_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other centre");
	int64_t mine = fx_employer(t, 1, "Butikken Sentrum", "923456783", "Bergen");
	/* the same number in another centre is that centre's own employer */
	int64_t theirs = fx_employer(t, other, "Butikken Sentrum", "923456783", "Bergen");
	struct employer e;
	assert_int_equal(store_employer_get(t->db, t->a, 1, theirs, TODAY, &e), SC_ENOTFOUND);
	assert_int_equal(store_employer_get(t->db, t->a, other, mine, TODAY, &e), SC_ENOTFOUND);
	assert_int_equal(store_employer_get(t->db, t->a, 1, mine, TODAY, &e), SC_OK);
	assert_string_equal(e.name, "Butikken Sentrum");
	assert_int_equal(e.version, 1);
	/* not listed, found by number only in its own centre */
	struct employer *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool capped = false;
	assert_int_equal(store_employers(t->db, t->a, 1, NULL, TODAY, 50, 0, &items, &n, &total, &capped), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, mine);
	/* counted in its own centre only, up to the cap asked */
	int64_t count = 0;
	assert_int_equal(store_employer_count(t->db, 1, 10, &count), SC_OK);
	assert_int_equal(count, 1);
	fx_employer(t, other, "Kafeen", "974760673", "Bergen");
	assert_int_equal(store_employer_count(t->db, other, 10, &count), SC_OK);
	assert_int_equal(count, 2);
	assert_int_equal(store_employer_count(t->db, other, 1, &count), SC_OK);
	assert_int_equal(count, 1);
	struct search_query q;
	assert_int_equal(search_query_parse("butikken", &q), SC_OK);
	assert_int_equal(store_employers(t->db, t->a, other, &q, TODAY, 50, 0, &items, &n, &total, &capped), SC_OK);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, theirs);
	int64_t found = 0;
	assert_int_equal(store_employer_by_orgnr(t->db, 1, "923456783", 0, &found), SC_OK);
	assert_int_equal(found, mine);
	assert_int_equal(store_employer_by_orgnr(t->db, 1, "923456783", mine, &found), SC_OK);
	assert_int_equal(found, 0);
	/* the number twice in one centre is refused by the table too */
	struct employer dup;
	fields_clear(employer_fields, &dup);
	dup.name = "Again";
	dup.orgnr = "923456783";
	dup.industry = "47";
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_employer_create(t->db, 1, &dup, 0, 1000, &id), SC_ECONFLICT);
	store_tx_rollback(t->db);
	/* not changed from another centre */
	struct employer after = e;
	after.city = "Oslo";
	struct field_change ch = {"city", "Bergen", "Oslo"};
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_employer_update(t->db, other, mine, 1, &e, &after, &ch, 1, "city", 0, 2000),
			 SC_ENOTFOUND);
	store_tx_rollback(t->db);
	/* contacts: of the centre's employer only */
	struct employer_contact c;
	fields_clear(employer_contact_fields, &c);
	c.employer_id = mine;
	c.name = "Vera";
	assert_int_equal(store_contact_add(t->db, other, &c, 0, 1000, &id), SC_ENOTFOUND);
	int64_t cid = contact_in(t, 1, mine, "Vera");
	struct employer_contact *cs = NULL;
	assert_int_equal(store_contacts(t->db, t->a, other, mine, &cs, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_contact_get(t->db, t->a, other, mine, cid, &c), SC_ENOTFOUND);
	assert_int_equal(store_contacts(t->db, t->a, 1, mine, &cs, &n), SC_OK);
	assert_int_equal(n, 1);
}

static void
test_employer_version_and_log(void **state)
{
	struct fx *t = *state;
	int64_t id = fx_employer(t, 1, "Kafe Nord", "876543214", "Bergen");
	struct employer before, after;
	assert_int_equal(store_employer_get(t->db, t->a, 1, id, TODAY, &before), SC_OK);
	after = before;
	after.city = "Tromsø";
	struct field_change *ch = NULL;
	size_t nch = 0;
	const char *keys = NULL;
	assert_int_equal(fields_changes(employer_fields, &before, &after, t->a, &ch, &nch, &keys), SC_OK);
	assert_int_equal(nch, 1);
	assert_string_equal(keys, "city");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_employer_update(t->db, 1, id, 1, &before, &after, ch, nch, keys, 0, 2000), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	/* a save from version 1 again is stale */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_employer_update(t->db, 1, id, 1, &before, &after, ch, nch, keys, 0, 3000), SC_ECONFLICT);
	store_tx_rollback(t->db);
	struct employer now;
	assert_int_equal(store_employer_get(t->db, t->a, 1, id, TODAY, &now), SC_OK);
	assert_int_equal(now.version, 2);
	assert_string_equal(now.city, "Tromsø");
	struct internship_change *log = NULL;
	size_t nlog = 0;
	assert_int_equal(store_internship_changes(t->db, t->a, 1, CHANGE_EMPLOYER, id, 0, &log, &nlog), SC_OK);
	assert_int_equal(nlog, 2);
	assert_int_equal(log[1].version, 2);
	assert_int_equal(log[1].nvalues, 1);
	assert_string_equal(log[1].values[0].field, "city");
	assert_string_equal(log[1].values[0].old_value, "Bergen");
	assert_string_equal(log[1].values[0].new_value, "Tromsø");
	int64_t other = fx_centre(t, "Third centre");
	assert_int_equal(store_internship_changes(t->db, t->a, other, CHANGE_EMPLOYER, id, 0, &log, &nlog), SC_OK);
	assert_int_equal(nlog, 0);
}

static void
test_placements_by_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Fourth centre");
	int64_t emp = fx_employer(t, 1, "Lageret", "998877660", "Bergen");
	int64_t cid = contact_in(t, 1, emp, "Vera");
	int64_t pid = fx_participant(t, 1, "Placed", "active", 0);
	int64_t pl = placement_in(t, 1, pid, emp, cid, 0, (struct date){2025, 4, 1}, (struct date){2025, 5, 31});
	struct placement p;
	assert_int_equal(store_placement_get(t->db, t->a, other, pl, false, &p), SC_ENOTFOUND);
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	assert_int_equal(p.participant_id, pid);
	assert_string_equal(p.supervisor_name, "Vera");
	/* without a follow-up person it is negotiating */
	struct placement_list list;
	assert_int_equal(store_placements_in_phase(t->db, t->a, 1, PHASE_NEGOTIATING, 20, false, &list), SC_OK);
	assert_int_equal(list.total, 1);
	assert_int_equal(store_placements_in_phase(t->db, t->a, other, PHASE_NEGOTIATING, 20, false, &list), SC_OK);
	assert_int_equal(list.total, 0);
	assert_int_equal(store_participant_placements(t->db, t->a, other, pid, &list), SC_OK);
	assert_int_equal(list.n, 0);
	assert_int_equal(store_placements(t->db, t->a, other, NULL, TODAY, 0, 50, 0, &list), SC_OK);
	assert_int_equal(list.total, 0);
	/* not changed from another centre */
	assert_int_equal(store_placement_set_approvals(t->db, other, pl, 1000, FIELD_NONE, FIELD_NONE,
						       PHASE_AWAITING_APPROVAL, 2000),
			 SC_ENOTFOUND);
	assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
	assert_int_equal(p.employer_approved_at, FIELD_NONE);
	assert_int_equal(p.version, 1);
}

/* The placements' list (GET /placements): the centre's newest start first
 * (a placement without dates first, a day's by id, newest first), paged;
 * each status on its day; a contact person's own participants' only, from
 * their participants (decision 133), with the same order and statuses;
 * never another centre's. */
static void
test_placements_list(void **state)
{
	struct fx *t = *state;
	int64_t here = fx_centre(t, "The list's centre");
	int64_t other = fx_centre(t, "The list's other centre");
	int64_t kari = fx_user(t, "kari.list", ROLE_BIT(ROLE_CONTACT));
	int64_t emp = fx_employer(t, here, "Lista AS", "812345672", "Bergen");
	int64_t cid = contact_in(t, here, emp, "Vera");
	int64_t a = fx_participant(t, here, "Kari's first", "active", kari);
	int64_t b = fx_participant(t, here, "Kari's second", "active", kari);
	int64_t c = fx_participant(t, here, "Another's", "active", 0);
	/* in the order the list shows them: */
	int64_t undated = placement_in(t, here, a, emp, cid, 0, (struct date){0, 0, 0}, (struct date){0, 0, 0});
	int64_t future = placement_in(t, here, b, emp, cid, 0, (struct date){2025, 6, 1}, (struct date){2025, 8, 31});
	int64_t active2 = placement_in(t, here, c, emp, cid, 0, (struct date){2025, 3, 1}, (struct date){2025, 5, 31});
	int64_t active1 = placement_in(t, here, a, emp, cid, 0, (struct date){2025, 3, 1}, (struct date){2025, 4, 30});
	int64_t done = placement_in(t, here, b, emp, cid, 0, (struct date){2024, 9, 1}, (struct date){2024, 12, 31});
	fx_run_sql("UPDATE placements SET phase = 'agreed' WHERE id IN (%lld, %lld, %lld, %lld)", (long long)future,
		   (long long)active2, (long long)active1, (long long)done);
	/* another centre's participant of Kari, placed there */
	int64_t far = fx_participant(t, other, "Elsewhere", "active", kari);
	int64_t far_emp = fx_employer(t, other, "Borte AS", "823456794", "Oslo");
	placement_in(t, other, far, far_emp, contact_in(t, other, far_emp, "Ola"), 0, (struct date){2025, 3, 1},
		     (struct date){2025, 4, 30});
	struct placement_list l;
	static const int64_t none = 0;
	const int64_t all[] = {undated, future, active1, active2, done};
	const int64_t mine[] = {undated, future, active1, done};
	struct {
		const char *status;
		int64_t contact;
		const int64_t *ids;
		size_t n;
	} cases[] = {
		{NULL, 0, all, 5},
		{NULL, kari, mine, 4},
		{"negotiating", 0, all, 1},
		{"negotiating", kari, mine, 1},
		{"agreed", 0, all + 1, 1},
		{"agreed", kari, mine + 1, 1},
		{"active", 0, all + 2, 2},
		{"active", kari, mine + 2, 1},
		{"completed", 0, all + 4, 1},
		{"completed", kari, mine + 3, 1},
		{"ended_early", 0, &none, 0},
		{"ended_early", kari, &none, 0},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		assert_int_equal(store_placements(t->db, t->a, here, cases[k].status, TODAY, cases[k].contact, 50, 0, &l),
				 SC_OK);
		if (l.total != (int64_t)cases[k].n || l.n != cases[k].n)
			fail_msg("case %zu: %lld counted, %zu listed, %zu expected", k, (long long)l.total, l.n,
				 cases[k].n);
		for (size_t i = 0; i < l.n; i++)
			if (l.items[i].id != cases[k].ids[i])
				fail_msg("case %zu: row %zu is %lld, not %lld", k, i, (long long)l.items[i].id,
					 (long long)cases[k].ids[i]);
		assert_false(l.more);
	}
	/* a page of two from the third: the same order */
	assert_int_equal(store_placements(t->db, t->a, here, NULL, TODAY, 0, 2, 2, &l), SC_OK);
	assert_int_equal(l.total, 5);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, active1);
	assert_int_equal(l.items[1].id, active2);
	assert_int_equal(store_placements(t->db, t->a, here, NULL, TODAY, kari, 2, 2, &l), SC_OK);
	assert_int_equal(l.total, 4);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, active1);
	assert_int_equal(l.items[1].id, done);
	/* a participant's and an employer's in the same order (their own
	 * statements and indexes) */
	assert_int_equal(store_participant_placements(t->db, t->a, here, a, &l), SC_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, undated);
	assert_int_equal(l.items[1].id, active1);
	assert_int_equal(store_employer_placements(t->db, t->a, here, emp, 0, 50, 0, true, &l), SC_OK);
	assert_int_equal(l.total, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(l.items[i].id, all[i]);
	assert_int_equal(store_employer_placements(t->db, t->a, here, emp, 0, 2, 3, false, &l), SC_OK);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, active2);
	assert_int_equal(l.items[1].id, done);
	/* a contact person's at the employer: their participants' only, in the
	 * same order, brief and whole, counted; a page from the second */
	for (int brief = 0; brief < 2; brief++) {
		assert_int_equal(store_employer_placements(t->db, t->a, here, emp, kari, 50, 0, brief, &l), SC_OK);
		assert_int_equal(l.total, 4);
		assert_int_equal(l.n, 4);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(l.items[i].id, mine[i]);
	}
	assert_int_equal(store_employer_placements(t->db, t->a, here, emp, kari, 2, 1, false, &l), SC_OK);
	assert_int_equal(l.total, 4);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, future);
	assert_int_equal(l.items[1].id, active1);
	/* someone with no participants placed there: none; another centre's
	 * employer: none, though Kari has a participant placed there */
	assert_int_equal(store_employer_placements(t->db, t->a, here, emp, kari + 1000, 50, 0, true, &l), SC_OK);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(store_employer_placements(t->db, t->a, here, far_emp, kari, 50, 0, true, &l), SC_OK);
	assert_int_equal(l.total, 0);
	assert_int_equal(store_employer_placements(t->db, t->a, other, far_emp, kari, 50, 0, true, &l), SC_OK);
	assert_int_equal(l.total, 1);
	/* the other centre's list is its own one placement, Kari's there too */
	assert_int_equal(store_placements(t->db, t->a, other, NULL, TODAY, 0, 50, 0, &l), SC_OK);
	assert_int_equal(l.total, 1);
	assert_int_equal(store_placements(t->db, t->a, other, NULL, TODAY, kari, 50, 0, &l), SC_OK);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.items[0].participant_id, far);
}

/* ---- one agreed placement per participant, under concurrency ---- */

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	const struct actor *actor;
	int64_t placement;
	int rc;
	enum refusal refusal;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct arena *a = arena_new();
	struct placement_approval in = {.party = PARTY_CENTRE};
	struct outcome out = {0};
	pthread_barrier_wait(r->barrier);
	r->rc = a != NULL ? app_placement_approve(r->db, a, r->actor, r->placement, &in, &out) : SC_ENOMEM;
	r->refusal = out.refusal;
	arena_free(a);
	return NULL;
}

static void
test_one_agreed_placement_race(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "race.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, "race.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Race AS", "987654325", "Bergen");
	int64_t cid = contact_in(t, 1, emp, "Vera");
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	for (int round = 0; round < 10; round++) {
		char name[32];
		snprintf(name, sizeof name, "Racer %d", round);
		int64_t pid = fx_participant(t, 1, name, "active", 0);
		int64_t x = placement_in(t, 1, pid, emp, cid, follow, (struct date){2025, 4, 1}, (struct date){2025, 5, 31});
		int64_t y = placement_in(t, 1, pid, emp, cid, follow, (struct date){2025, 5, 1}, (struct date){2025, 6, 30});
		assert_int_equal(store_placement_set_approvals(t->db, 1, x, 1000, 1000, FIELD_NONE,
							       PHASE_AWAITING_APPROVAL, 1000), SC_OK);
		assert_int_equal(store_placement_set_approvals(t->db, 1, y, 1000, 1000, FIELD_NONE,
							       PHASE_AWAITING_APPROVAL, 1000), SC_OK);
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer a = {&barrier, d1, &actor, x, -100, DONE};
		struct racer b = {&barrier, d2, &actor, y, -100, DONE};
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
		struct placement_list list;
		assert_int_equal(store_placements_in_phase(t->db, t->a, 1, PHASE_AGREED, 200, false, &list), SC_OK);
		assert_int_equal(list.total, round + 1);
	}
	store_release(t->store, d2);
	store_release(t->store, d1);
}

/* ---- a job's income is the month's work income ---- */

static void
test_work_income(void **state)
{
	struct fx *t = *state;
	int64_t emp = fx_employer(t, 1, "Jobb AS", "812345672", "Bergen");
	int64_t pid = fx_participant(t, 1, "Employed", "active", 0);
	struct employment job;
	fields_clear(employment_fields, &job);
	job.participant_id = pid;
	job.employer_id = emp;
	job.kind = 0;
	job.percent = 50;
	job.starts_on = (struct date){2025, 3, 1};
	job.wage_kind = 1;
	job.wage_ore = 4000000;
	job.title = "Kitchen assistant";
	int64_t jid = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int rc = store_employment_add(t->db, 1, &job, 2000000, 8125, 0, 1000, &jid);
	if (rc != SC_OK)
		fail_msg("store_employment_add: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	struct work_income *w = NULL;
	size_t n = 0;
	assert_int_equal(store_work_income_month(t->db, t->a, 1, 2025, 4, pid, &w, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].participant_id, pid);
	assert_int_equal(w[0].gross_ore, 2000000);
	assert_int_equal(w[0].hours_centi, 8125);
	assert_int_equal(w[0].source_id, jid);
	/* before the job: none; another centre: none */
	assert_int_equal(store_work_income_month(t->db, t->a, 1, 2025, 2, pid, &w, &n), SC_OK);
	assert_int_equal(n, 0);
	int64_t other = fx_centre(t, "Fifth centre");
	assert_int_equal(store_work_income_month(t->db, t->a, other, 2025, 4, 0, &w, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_work_income_month(t->db, t->a, 1, 2025, 13, 0, &w, &n), SC_EINVAL);
}


/* ---- the supervisor's link: expiry, and two submits at once ---- */

/* An agreed placement active on TODAY. */
static int64_t
active_in(struct fx *t, int64_t employer, int64_t contact, int64_t follow, const char *family)
{
	int64_t pid = fx_participant(t, 1, family, "active", 0);
	int64_t pl = placement_in(t, 1, pid, employer, contact, follow, (struct date){2025, 3, 1},
				  (struct date){2025, 4, 30});
	assert_int_equal(store_placement_set_approvals(t->db, 1, pl, 1000, 1000, 1000, PHASE_AGREED, 1000), SC_OK);
	return pl;
}

static void
rating(struct placement_evaluation *ev)
{
	fields_clear(evaluation_link_form_fields, ev);
	ev->punctuality = ev->norwegian = ev->understanding = ev->quality = ev->cooperation = ev->initiative = 3;
	ev->evaluator = "Vera";
}

static void
test_link_expiry(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "link.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, "link.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Link AS", "971234563", "Bergen");
	int64_t cid = contact_in(t, 1, emp, "Vera");
	int64_t pl = active_in(t, emp, cid, follow, "Expiry");
	char token[65];
	struct outcome out;
	assert_int_equal(app_evaluation_link_create(t->db, t->a, &actor, pl, EVAL_MID, token, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	struct evaluation_link_view v;
	/* 13 days on: valid; 14 days and a second: expired */
	assert_int_equal(app_evaluation_link_open(t->db, t->a, token, "127.0.0.1", actor.now + 13 * 86400, TODAY, &v),
			 SC_OK);
	assert_int_equal(v.state, LINK_VALID);
	assert_string_equal(v.given_name, "Amina");
	int64_t later = actor.now + EVALUATION_LINK_DAYS * 86400 + 1;
	assert_int_equal(app_evaluation_link_open(t->db, t->a, token, "127.0.0.1", later, TODAY, &v), SC_OK);
	assert_int_equal(v.state, LINK_EXPIRED);
	struct placement_evaluation ev;
	rating(&ev);
	assert_int_equal(app_evaluation_link_submit(t->db, t->a, token, "127.0.0.1", later, TODAY, &ev, &v, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	assert_string_equal(out.message, "This link has expired. Ask the centre for a new one.");
	struct placement_evaluation *items = NULL;
	size_t n = 0;
	assert_int_equal(store_placement_evaluations(t->db, t->a, 1, pl, &items, &n), SC_OK);
	assert_int_equal(n, 0);
	/* another centre's link list does not hold it */
	struct evaluation_link *links = NULL;
	int64_t other = fx_centre(t, "Sixth centre");
	assert_int_equal(store_evaluation_links(t->db, t->a, other, pl, &links, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_evaluation_links(t->db, t->a, 1, pl, &links, &n), SC_OK);
	assert_int_equal(n, 1);
}

struct submitter {
	pthread_barrier_t *barrier;
	struct db *db;
	const char *token;
	int64_t now;
	int rc;
	enum refusal refusal;
};

static void *
submit(void *arg)
{
	struct submitter *s = arg;
	struct arena *a = arena_new();
	struct placement_evaluation ev;
	rating(&ev);
	struct evaluation_link_view v;
	struct outcome out = {0};
	pthread_barrier_wait(s->barrier);
	s->rc = a != NULL ? app_evaluation_link_submit(s->db, a, s->token, "127.0.0.1", s->now, TODAY, &ev, &v, &out)
			  : SC_ENOMEM;
	s->refusal = out.refusal;
	arena_free(a);
	return NULL;
}

static void
test_link_used_once_race(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "race2.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, "race2.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Twice AS", "981234561", "Bergen");
	int64_t cid = contact_in(t, 1, emp, "Vera");
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	for (int round = 0; round < 10; round++) {
		char name[32];
		snprintf(name, sizeof name, "Twice %d", round);
		int64_t pl = active_in(t, emp, cid, follow, name);
		char token[65];
		struct outcome out;
		assert_int_equal(app_evaluation_link_create(t->db, t->a, &actor, pl, EVAL_MID, token, &out), SC_OK);
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct submitter a = {&barrier, d1, token, actor.now + 60, -100, DONE};
		struct submitter b = {&barrier, d2, token, actor.now + 60, -100, DONE};
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, submit, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, submit, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		if (a.rc != SC_OK || b.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		bool one = (a.refusal == DONE && b.refusal == REFUSED_NOT_FOUND) ||
			   (a.refusal == REFUSED_NOT_FOUND && b.refusal == DONE);
		if (!one)
			fail_msg("round %d: refusals %d and %d", round, a.refusal, b.refusal);
		struct placement_evaluation *items = NULL;
		size_t n = 0;
		assert_int_equal(store_placement_evaluations(t->db, t->a, 1, pl, &items, &n), SC_OK);
		assert_int_equal(n, 1);
	}
	store_release(t->store, d2);
	store_release(t->store, d1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_employers_by_centre),
		FX_TEST(test_employer_version_and_log),
		FX_TEST(test_placements_by_centre),
		FX_TEST(test_placements_list),
		FX_TEST(test_one_agreed_placement_race),
		FX_TEST(test_work_income),
		FX_TEST(test_link_expiry),
		FX_TEST(test_link_used_once_race),
	};
	return fx_run("test_store_internships", tests, sizeof tests / sizeof tests[0]);
}
