/*
 * test_store_pool_race.c — the last place of a pool agreement taken twice
 * at the same moment, on two connections of the engine of SC_TEST_DB_URL,
 * through the commands of app/placement.h: two centre approvals of
 * placements under the agreement, and two agreed placements amended to
 * move under it. Each reads the places held with the agreement's row
 * locked, so the second waits for the first and then finds the place
 * held: one is done, the other refused as full, never both.
 *
 * On SQLite the two start together (BEGIN IMMEDIATE takes turns). On
 * PostgreSQL each round stages the order that would overbook: a third
 * connection holds the table the first writes (placement_approvals,
 * placements) in SHARE mode, so the first, started first, stops at its
 * write after counting the places; the second then starts, and the table
 * is let go a while after. Without the agreement's lock the second counted
 * the place free too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
contact_in(struct fx *t, int64_t employer, const char *name)
{
	struct employer_contact c;
	fields_clear(employer_contact_fields, &c);
	c.employer_id = employer;
	c.name = name;
	int64_t id = 0;
	assert_int_equal(store_contact_add(t->db, 1, &c, 0, 1000, &id), SC_OK);
	return id;
}

/* A pool agreement of one place for 2025 covering employer. */
static int64_t
pool(struct fx *t, int64_t employer, const char *name)
{
	struct agreement ag;
	fields_clear(agreement_fields, &ag);
	ag.name = name;
	ag.party = "Næringsforeningen";
	ag.starts_on = (struct date){2025, 1, 1};
	ag.ends_on = (struct date){2025, 12, 31};
	ag.places = 1;
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_agreement_create(t->db, 1, &ag, 0, 1000, &id), SC_OK);
	assert_int_equal(store_agreement_cover(t->db, 1, id, employer), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	return id;
}

/* A placement of a new participant with every term, April and May 2025,
 * under agreement (0: none), approved by the employer and the participant
 * and, when agreed, by the centre. */
static int64_t
placement_of(struct fx *t, const char *family, int64_t employer, int64_t contact, int64_t follow, int64_t agreement,
	     bool agreed)
{
	struct placement p;
	fields_clear(placement_fields, &p);
	p.participant_id = fx_participant(t, 1, family, "active", 0);
	p.employer_id = employer;
	p.agreement_id = agreement;
	p.supervisor_id = contact;
	p.follow_up_id = follow;
	p.starts_on = (struct date){2025, 4, 1};
	p.ends_on = (struct date){2025, 5, 31};
	p.hours_per_week = 20;
	p.days_per_week = 4;
	p.tasks = "Shelves";
	struct placement_facts f = placement_facts_of(&p);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_placement_create(t->db, 1, &p, placement_phase(&f), 0, 1000, &id), SC_OK);
	assert_int_equal(store_placement_set_approvals(t->db, 1, id, 1000, 1000, agreed ? 1000 : FIELD_NONE,
						       agreed ? PHASE_AGREED : PHASE_AWAITING_APPROVAL, 1000),
			 SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	return id;
}

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	const struct actor *actor;
	int64_t placement;
	int64_t agreement;   /* 0: the centre's approval; else moved under it */
	int rc;
	struct outcome out;
	char said[2][24];    /* the refusal's figures (its texts live in the arena) */
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct arena *a = arena_new();
	memset(&r->out, 0, sizeof r->out);
	if (r->barrier != NULL)
		pthread_barrier_wait(r->barrier);
	if (a == NULL) {
		r->rc = SC_ENOMEM;
	} else if (r->agreement == 0) {
		struct placement_approval in = {.party = PARTY_CENTRE};
		r->rc = app_placement_approve(r->db, a, r->actor, r->placement, &in, &r->out);
	} else {
		struct placement p;
		r->rc = store_placement_get(r->db, a, 1, r->placement, false, &p);
		p.agreement_id = r->agreement;
		if (r->rc == SC_OK)
			r->rc = app_placement_save(r->db, a, r->actor, r->placement, p.version, &p, &r->out);
	}
	for (int i = 0; i < 2; i++)
		snprintf(r->said[i], sizeof r->said[i], "%s", r->out.message_text[i] != NULL ? r->out.message_text[i] : "");
	arena_free(a);
	return NULL;
}

/* Ten rounds of two placements taking an agreement's one place at once,
 * by the centre's approval (moving false) or an amendment (true). */
static void
rounds(struct fx *t, bool moving)
{
	int64_t leader = fx_user(t, moving ? "move.leader" : "approve.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, moving ? "move.liaison" : "approve.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, moving ? "Flytt AS" : "Godkjenn AS", moving ? "987654325" : "923456783",
				  "Bergen");
	int64_t cid = contact_in(t, emp, "Vera");
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	for (int round = 0; round < 10; round++) {
		char name[48];
		snprintf(name, sizeof name, "%s %d", moving ? "Move" : "Approve", round);
		int64_t ag = pool(t, emp, name);
		int64_t x = placement_of(t, "First", emp, cid, follow, moving ? 0 : ag, moving);
		int64_t y = placement_of(t, "Second", emp, cid, follow, moving ? 0 : ag, moving);
		bool staged = fx_pg();
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer a = {.barrier = staged ? NULL : &barrier, .db = d1, .actor = &actor, .placement = x,
				  .agreement = moving ? ag : 0, .rc = -100};
		struct racer b = {.barrier = staged ? NULL : &barrier, .db = d2, .actor = &actor, .placement = y,
				  .agreement = moving ? ag : 0, .rc = -100};
		pthread_t ta, tb;
		if (staged)
			fx_raw_rows(fx_url(),
				    moving ? "BEGIN; LOCK TABLE placements IN SHARE MODE"
					   : "BEGIN; LOCK TABLE placement_approvals IN SHARE MODE",
				    NULL, NULL);
		assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
		if (staged)
			usleep(150 * 1000);   /* the first waits at its write */
		assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
		if (staged) {
			usleep(600 * 1000);   /* the second waits for the agreement */
			fx_raw_rows(fx_url(), "COMMIT", NULL, NULL);
		}
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		if (a.rc != SC_OK || b.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		bool one_won = (a.out.refusal == DONE && b.out.refusal == REFUSED_FULL) ||
			       (a.out.refusal == REFUSED_FULL && b.out.refusal == DONE);
		if (!one_won)
			fail_msg("round %d: refusals %d and %d", round, a.out.refusal, b.out.refusal);
		const struct racer *lost = a.out.refusal == REFUSED_FULL ? &a : &b;
		assert_string_equal(lost->out.message, "The pool agreement has no free places: %s of %s.");
		assert_string_equal(lost->said[0], "1");
		assert_string_equal(lost->said[1], "1");
		struct agreement got;
		assert_int_equal(store_agreement_get(t->db, t->a, 1, ag, TODAY, &got), SC_OK);
		assert_int_equal(got.planned, 1);
		assert_int_equal(got.free, 0);
	}
	if (fx_pg())
		fx_raw_close();
	store_release(t->store, d2);
	store_release(t->store, d1);
}

static void
test_two_approvals_last_place(void **state)
{
	rounds(*state, false);
}

static void
test_two_moves_last_place(void **state)
{
	rounds(*state, true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_two_approvals_last_place),
		FX_TEST(test_two_moves_last_place),
	};
	return fx_run("test_store_pool_race", tests, sizeof tests / sizeof tests[0]);
}
