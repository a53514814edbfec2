/*
 * test_store_pool_race.c — placements decided at the same moment as
 * something that changes what they may be, on two connections of the
 * engine of SC_TEST_DB_URL, through the commands of app/placement.h,
 * app/activity.h and app/enrolment.h:
 *
 * - The last place of a pool agreement taken twice: two centre approvals
 *   of placements under the agreement, and two agreed placements amended
 *   to move under it. Each reads the places held with the agreement's row
 *   locked, so the second waits for the first and then finds the place
 *   held: one is done, the other refused as full, never both.
 * - A group place taken while a placement's hours are saved onto the
 *   group's sessions, still in negotiation or amended once agreed: both
 *   check the clash under the participant's row lock, which each takes
 *   first, so one is done and the other refused naming the clash.
 * - A participant's exit while the centre approves their placement, or
 *   while the placement is ended early: each locks the participant's row
 *   before the placement's, so one waits for the other (never a deadlock)
 *   and the placement ends once.
 * - A placement's result recorded while an exit dated before its first
 *   day calls it off, and the supervisor's link made while the staff
 *   record that evaluation: each decides on the placement read under the
 *   participant's and the placement's locks, so a called-off placement
 *   gets no result and no link stays live for an evaluation recorded.
 *
 * On SQLite the two start together (BEGIN IMMEDIATE takes turns). On
 * PostgreSQL each round stages the order that would go wrong (staged()):
 * a third connection holds a table the first writes in SHARE mode (for the
 * pool placement_approvals or placements, for the clash placements or
 * group_enrolments, for the exit tasks), so the first, started first,
 * stops at that write after reading what it decides by; the second then
 * starts, and the table is let go once the second waits too (or after
 * 5 s). Without the lock the second read the first's place free, or no
 * clash; with the locks in the other order the exit and the approval
 * deadlocked and PostgreSQL failed one of them; an early end that took
 * the placement's lock alone ended it under the exit's feet.
 *
 * The two connections a test takes beside its own are given back by its
 * teardown (race_teardown()), a failing one's too: cmocka's failing assert
 * leaves the test at once, and two connections kept from the store's four
 * left the next test waiting for one until the program's timeout.
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
#include "app/activity.h"
#include "app/enrolment.h"
#include "app/placement.h"
#include "domain/activity.h"
#include "domain/enrolment.h"
#include "domain/access.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static const struct date TODAY = {2025, 3, 10};
#define NOW 1741600000   /* a moment of TODAY */

/* The two connections of the running test beside t->db (take_two()). */
static struct db *held[2];

static void
take_two(struct fx *t, struct db **d1, struct db **d2)
{
	for (int i = 0; i < 2; i++)
		held[i] = store_acquire(t->store);
	assert_non_null(held[0]);
	assert_non_null(held[1]);
	*d1 = held[0];
	*d2 = held[1];
}

/* After each test, passed or failed: the table a round holds let go (its
 * connection closed ends its transaction), the two connections given back
 * (a transaction left open rolled back), then the fixture's own. */
static int
race_teardown(void **state)
{
	struct fx *t = *state;
	if (fx_pg())
		fx_raw_close();
	for (int i = 0; i < 2; i++) {
		if (held[i] == NULL)
			continue;
		if (store_in_tx(held[i]))
			store_tx_rollback(held[i]);
		store_release(t->store, held[i]);
		held[i] = NULL;
	}
	return fx_teardown(state);
}
#define RACE_TEST(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, race_teardown)

/* Until n connections wait for a lock on PostgreSQL (at most 5 s: one
 * that does not wait goes on). */
static void
until_waiting(int64_t n)
{
	for (int i = 0; i < 500; i++) {
		if (fx_raw_int(fx_url(), "SELECT COUNT(DISTINCT pid) FROM pg_locks WHERE NOT granted") >= n)
			return;
		usleep(10 * 1000);
	}
}

/* Runs f1(a1) and f2(a2) on two threads and waits for both. On
 * PostgreSQL a third connection first holds table in SHARE mode: f1,
 * started first, stops at its write to it; f2 starts once f1 waits, and
 * the table is let go once f2 waits too. On SQLite the two start
 * together. Nothing fails before both are joined and the table let go. */
static void
staged(void *(*f1)(void *), void *a1, void *(*f2)(void *), void *a2, const char *table)
{
	pthread_t t1, t2;
	bool pg = fx_pg();
	if (pg) {
		char sql[96];
		snprintf(sql, sizeof sql, "BEGIN; LOCK TABLE %s IN SHARE MODE", table);
		fx_raw_rows(fx_url(), sql, NULL, NULL);
	}
	int e1 = pthread_create(&t1, NULL, f1, a1);
	if (pg && e1 == 0)
		until_waiting(1);   /* the first waits at its write */
	int e2 = pthread_create(&t2, NULL, f2, a2);
	if (pg && e2 == 0)
		until_waiting(2);   /* the second waits for the first's lock */
	if (pg)
		fx_raw_rows(fx_url(), "COMMIT", NULL, NULL);
	if (e1 == 0)
		pthread_join(t1, NULL);
	if (e2 == 0)
		pthread_join(t2, NULL);
	if (e1 != 0 || e2 != 0)
		fail_msg("pthread_create: %d and %d", e1, e2);
}

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

/* A placement of participant pid from starts_on to the end of May 2025,
 * under agreement (0: none), working Monday to Friday at hours (NULL: 20
 * hours on 4 days, no schedule): with approvals 2, every term, approved by
 * the employer and the participant; 3, by the centre too (agreed); 0,
 * still negotiated (no tasks yet, no approval). */
static int64_t
placement_from(struct fx *t, int64_t pid, int64_t employer, int64_t contact, int64_t follow, int64_t agreement,
	       int approvals, const char *hours, struct date starts_on)
{
	bool agreed = approvals == 3;
	struct placement p;
	fields_clear(placement_fields, &p);
	p.participant_id = pid;
	p.employer_id = employer;
	p.agreement_id = agreement;
	p.supervisor_id = contact;
	p.follow_up_id = follow;
	p.starts_on = starts_on;
	p.ends_on = (struct date){2025, 5, 31};
	p.hours_per_week = hours != NULL ? 25 : 20;
	p.days_per_week = hours != NULL ? 5 : 4;
	p.schedule = hours;
	p.tasks = approvals > 0 ? "Shelves" : NULL;
	struct placement_facts f = placement_facts_of(&p);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_placement_create(t->db, 1, &p, placement_phase(&f), 0, 1000, &id), SC_OK);
	if (approvals > 0)
		assert_int_equal(store_placement_set_approvals(t->db, 1, id, 1000, 1000, agreed ? 1000 : FIELD_NONE,
							       agreed ? PHASE_AGREED : PHASE_AWAITING_APPROVAL, 1000),
				 SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	return id;
}

/* The same from April 2025. */
static int64_t
placement_for(struct fx *t, int64_t pid, int64_t employer, int64_t contact, int64_t follow, int64_t agreement,
	      int approvals, const char *hours)
{
	return placement_from(t, pid, employer, contact, follow, agreement, approvals, hours,
			      (struct date){2025, 4, 1});
}

/* The same for a new active participant, without a schedule. */
static int64_t
placement_of(struct fx *t, const char *family, int64_t employer, int64_t contact, int64_t follow, int64_t agreement,
	     bool agreed)
{
	return placement_for(t, fx_participant(t, 1, family, "active", 0), employer, contact, follow, agreement,
			     agreed ? 3 : 2, NULL);
}

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	const struct actor *actor;
	int64_t placement;
	int64_t agreement;   /* 0: the centre's approval (unless schedule or end); else moved under it */
	const char *schedule;   /* set: the working hours amended to these */
	bool end;               /* ended early today, for illness */
	enum { RACE_OTHER, RACE_RESULT, RACE_LINK, RACE_EVALUATION } what;   /* else what the above say */
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
	} else if (r->what == RACE_RESULT) {
		struct placement_result_input in;
		fields_clear(placement_result_fields, &in);
		in.hired = 0;
		r->rc = app_placement_result(r->db, a, r->actor, r->placement, &in, &r->out);
	} else if (r->what == RACE_LINK) {
		char token[65];
		r->rc = app_evaluation_link_create(r->db, a, r->actor, r->placement, EVAL_MID, token, &r->out);
	} else if (r->what == RACE_EVALUATION) {
		struct placement_evaluation ev;
		fields_clear(placement_evaluation_fields, &ev);
		ev.kind = EVAL_MID;
		ev.punctuality = ev.norwegian = ev.understanding = ev.quality = ev.cooperation = ev.initiative = 3;
		ev.evaluator = "Vera";
		r->rc = app_placement_evaluation_add(r->db, a, r->actor, r->placement, &ev, &r->out);
	} else if (r->end) {
		struct placement_ending in = {.ended_on = TODAY, .end_reason = END_ILLNESS, .end_note = "Ill"};
		r->rc = app_placement_end(r->db, a, r->actor, r->placement, &in, &r->out);
	} else if (r->agreement == 0 && r->schedule == NULL) {
		struct placement_approval in = {.party = PARTY_CENTRE};
		r->rc = app_placement_approve(r->db, a, r->actor, r->placement, &in, &r->out);
	} else {
		struct placement p;
		r->rc = store_placement_get(r->db, a, 1, r->placement, false, &p);
		if (r->agreement != 0)
			p.agreement_id = r->agreement;
		if (r->schedule != NULL)
			p.schedule = r->schedule;
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
	struct db *d1, *d2;
	take_two(t, &d1, &d2);
	for (int round = 0; round < 10; round++) {
		char name[48];
		snprintf(name, sizeof name, "%s %d", moving ? "Move" : "Approve", round);
		int64_t ag = pool(t, emp, name);
		int64_t x = placement_of(t, "First", emp, cid, follow, moving ? 0 : ag, moving);
		int64_t y = placement_of(t, "Second", emp, cid, follow, moving ? 0 : ag, moving);
		bool pg = fx_pg();
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer a = {.barrier = pg ? NULL : &barrier, .db = d1, .actor = &actor, .placement = x,
				  .agreement = moving ? ag : 0, .rc = -100};
		struct racer b = {.barrier = pg ? NULL : &barrier, .db = d2, .actor = &actor, .placement = y,
				  .agreement = moving ? ag : 0, .rc = -100};
		staged(race, &a, race, &b, moving ? "placements" : "placement_approvals");
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

static void
expect_done(const char *what, int rc, const struct outcome *out)
{
	if (rc != SC_OK)
		fail_msg("%s: %s", what, sc_strerror(rc));
	if (out->refusal != DONE)
		fail_msg("%s: refused %d (%s: %s)", what, out->refusal, out->errors.n ? out->errors.field[0] : "-",
			 out->errors.n ? out->errors.reason[0] : out->message ? out->message : "-");
}

/* A conversation group meeting Monday to Friday 10:00-11:00 from TODAY to
 * the end of May 2025, taught by teacher. */
static int64_t
group_of(struct fx *t, const struct actor *lea, int64_t teacher, const char *name)
{
	struct activity_type *types = NULL;
	size_t ntypes = 0;
	assert_int_equal(store_activity_types(t->db, t->a, 1, &types, &ntypes), SC_OK);
	int64_t type = 0;
	for (size_t i = 0; i < ntypes; i++)
		if (types[i].key != NULL && strcmp(types[i].key, "conversation") == 0)
			type = types[i].id;
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[5];
	for (int d = 0; d < 5; d++)
		slots[d] = (struct group_slot){.weekday = d, .start = "10:00", .end = "11:00"};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type;
	g.name = name;
	g.room = "101";
	g.capacity = 10;
	g.starts_on = TODAY;
	g.ends_on = (struct date){2025, 5, 31};
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 5, .items = slots};
	struct outcome out;
	expect_done(name, app_group_create(t->db, t->a, lea, &g, &out), &out);
	return out.id;
}

/* What races a placement's command: a group place (group set), or an exit
 * (period set). */
struct other {
	struct db *db;
	const struct actor *actor;
	int64_t participant, group, period;
	struct date exit_on;   /* the exit's date; TODAY when not set */
	int rc;
	struct outcome out;
	char employer[48];   /* the placement an enrolment clashed with */
};

static void *
other_race(void *arg)
{
	struct other *o = arg;
	struct arena *a = arena_new();
	memset(&o->out, 0, sizeof o->out);
	if (a == NULL) {
		o->rc = SC_ENOMEM;
	} else if (o->group != 0) {
		struct group_enrolment in;
		fields_clear(group_enrolment_fields, &in);
		in.participant_id = o->participant;
		in.starts_on = TODAY;
		struct enrol_clash c;
		o->rc = app_group_enrol(o->db, a, o->actor, o->group, &in, &c, &o->out);
		snprintf(o->employer, sizeof o->employer, "%s", c.employer != NULL ? c.employer : "");
	} else {
		struct enrolment_exit ex;
		fields_clear(enrolment_exit_fields, &ex);
		ex.date = o->exit_on.y != 0 ? o->exit_on : TODAY;
		ex.reason = "Moved to Oslo";
		ex.outcome = OUTCOME_MOVED;
		o->rc = app_enrolment_exit(o->db, a, o->actor, o->period, 0, &ex, NULL, NULL, &o->out);
	}
	arena_free(a);
	return NULL;
}

/* The pair of a round: on PostgreSQL the placement's command (r) first
 * when placement_first, stopped at its write to table, else the other (o);
 * on SQLite the two start together. Fails unless both ran. */
static void
pair(struct racer *r, struct other *o, const char *table, bool placement_first)
{
	if (placement_first)
		staged(race, r, other_race, o, table);
	else
		staged(other_race, o, race, r, table);
	if (r->rc != SC_OK || o->rc != SC_OK)
		fail_msg("%s and %s", sc_strerror(r->rc), sc_strerror(o->rc));
}

/* Three rounds of a placement's working hours saved onto a group's
 * sessions (Monday to Friday 10:00-11:00: the hours from 08:00-09:00 to
 * 08:00-13:00) while a place in that group is taken: a placement still
 * negotiated (amend false; on PostgreSQL the save comes first), or agreed
 * (true; the enrolment first). One is done, the other refused naming the
 * clash: an enrolment names the placement's employer, whether or not the
 * placement is agreed. */
static void
clash_rounds(struct fx *t, bool amend)
{
	int64_t leader = fx_user(t, amend ? "amend.leader" : "clash.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, amend ? "amend.liaison" : "clash.liaison", ROLE_BIT(ROLE_LIAISON));
	int64_t teacher = fx_user(t, amend ? "amend.teacher" : "clash.teacher", ROLE_BIT(ROLE_TEACHER));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	const char *employer = amend ? "Timer AS" : "Klinikk AS";
	int64_t emp = fx_employer(t, 1, employer, amend ? "998877660" : "974760673", "Bergen");
	int64_t cid = contact_in(t, emp, "Vera");
	struct db *d1, *d2;
	take_two(t, &d1, &d2);
	for (int round = 0; round < 3; round++) {
		char name[48];
		snprintf(name, sizeof name, "%s %d", amend ? "Amend" : "Clash", round);
		int64_t g = group_of(t, &actor, teacher, name);
		int64_t pid = fx_participant(t, 1, name, "active", 0);
		int64_t pl = placement_for(t, pid, emp, cid, follow, 0, amend ? 3 : 0, "mon-fri 08:00-09:00");
		struct racer r = {.db = d1, .actor = &actor, .placement = pl, .schedule = "mon-fri 08:00-13:00",
				  .rc = -100};
		struct other o = {.db = d2, .actor = &actor, .participant = pid, .group = g, .rc = -100};
		pair(&r, &o, amend ? "group_enrolments" : "placements", !amend);
		struct group_enrolment *places = NULL;
		size_t n = 0;
		assert_int_equal(store_participant_group_enrolments(t->db, t->a, 1, pid, &places, &n), SC_OK);
		struct placement p;
		assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
		if (o.out.refusal == DONE) {
			if (fx_pg() && !amend)
				fail_msg("round %d: enrolled after the save, first (%d)", round, r.out.refusal);
			assert_int_equal(n, 1);
			assert_int_equal(r.out.refusal, REFUSED_INVALID);
			assert_string_equal(field_error_of(&r.out.errors, "schedule"),
					    "The working hours clash with the participant's group timetable: %s on %s, %s.");
			assert_string_equal(p.schedule, "mon-fri 08:00-09:00");
		} else {
			if (fx_pg() && amend)
				fail_msg("round %d: the enrolment, first, was refused %d", round, o.out.refusal);
			assert_int_equal(r.out.refusal, DONE);
			assert_int_equal(o.out.refusal, REFUSED_STATE);
			assert_string_equal(o.out.message, "The group's sessions clash with the participant's placement.");
			assert_string_equal(o.employer, employer);
			assert_int_equal(n, 0);
			assert_string_equal(p.schedule, "mon 08:00-13:00, tue 08:00-13:00, wed 08:00-13:00, "
							"thu 08:00-13:00, fri 08:00-13:00");
		}
	}
}

static void
test_save_and_enrolment_clash(void **state)
{
	clash_rounds(*state, false);
}

static void
test_amendment_and_enrolment_clash(void **state)
{
	clash_rounds(*state, true);
}

/* Three rounds of a participant's exit today and, at once, the centre's
 * approval of their placement (April and May; end false) or its end early
 * today for illness (true): neither fails. The other came first and the
 * exit found the placement ended or called it off, or came after and was
 * refused as the placement had ended; either way the placement ends today,
 * once. On PostgreSQL the exit comes first: it calls the placement off
 * (reason other), and the other, waiting for the participant, finds it
 * ended. */
static void
exit_rounds(struct fx *t, bool end)
{
	int64_t leader = fx_user(t, end ? "end.leader" : "exit.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, end ? "end.liaison" : "exit.liaison", ROLE_BIT(ROLE_LIAISON));
	int64_t contact = fx_user(t, end ? "end.contact" : "exit.contact", ROLE_BIT(ROLE_CONTACT));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, end ? "Slutt AS" : "Utgang AS", end ? "910000010" : "910000002", "Bergen");
	int64_t cid = contact_in(t, emp, "Vera");
	struct db *d1, *d2;
	take_two(t, &d1, &d2);
	for (int round = 0; round < 3; round++) {
		char name[48];
		snprintf(name, sizeof name, "%s %d", end ? "End" : "Exit", round);
		int64_t pid = fx_participant(t, 1, name, "registered", 0);
		struct enrolment_start start;
		fields_clear(enrolment_start_fields, &start);
		start.start_date = (struct date){2025, 1, 6};
		start.contact_id = contact;
		struct outcome out;
		expect_done("start", app_enrolment_start(t->db, t->a, &actor, pid, &start, &out), &out);
		int64_t period = out.id;
		int64_t pl = placement_for(t, pid, emp, cid, follow, 0, end ? 3 : 2, NULL);
		struct racer r = {.db = d1, .actor = &actor, .placement = pl, .end = end, .rc = -100};
		struct other o = {.db = d2, .actor = &actor, .participant = pid, .period = period, .rc = -100};
		pair(&r, &o, "tasks", false);
		expect_done("exit", o.rc, &o.out);
		struct placement p;
		assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
		char ended[11];
		date_format(p.ended_on, ended);
		assert_string_equal(ended, "2025-03-10");
		if (r.out.refusal != DONE) {
			assert_int_equal(r.out.refusal, REFUSED_STATE);
			if (end)
				assert_string_equal(r.out.message, "This placement has ended already.");
			assert_int_equal(p.end_reason, END_OTHER);
		} else {
			if (fx_pg())
				fail_msg("round %d: %s after the exit", round, end ? "ended early" : "approved");
			assert_int_equal(p.end_reason, end ? END_ILLNESS : END_OTHER);
		}
		char sql[128];
		snprintf(sql, sizeof sql,
			 "SELECT COUNT(*) FROM audit_log WHERE action = 'placement.end' AND record_id = '%lld'",
			 (long long)pl);
		assert_int_equal(fx_raw_int(fx_url(), sql), 1);
	}
}

static void
test_exit_and_approval_at_once(void **state)
{
	exit_rounds(*state, false);
}

static void
test_exit_and_end_early_at_once(void **state)
{
	exit_rounds(*state, true);
}

/* A new participant in the programme from 6 January 2025 with contact
 * person contact: the period's id. */
static int64_t
in_programme(struct fx *t, const struct actor *actor, const char *name, int64_t contact, int64_t *period)
{
	int64_t pid = fx_participant(t, 1, name, "registered", 0);
	struct enrolment_start start;
	fields_clear(enrolment_start_fields, &start);
	start.start_date = (struct date){2025, 1, 6};
	start.contact_id = contact;
	struct outcome out;
	expect_done("start", app_enrolment_start(t->db, t->a, actor, pid, &start, &out), &out);
	*period = out.id;
	return pid;
}

/* Three rounds of a placement's result (not hired) recorded while the
 * participant exits on 1 March, before the placement's first day (3
 * March, not followed up): exactly one of the two is done. If the exit
 * came first it calls the placement off and the result is refused, the
 * placement having ended before its first day; if the result came first
 * the exit is refused, dated before a placement whose result is recorded
 * (decision 197), and the placement keeps its result. On PostgreSQL the
 * exit comes first: the result, waiting for the participant, finds it
 * called off (it read it before the exit's commit and wrote it after). */
static void
test_result_and_exit_at_once(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "result.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, "result.liaison", ROLE_BIT(ROLE_LIAISON));
	int64_t contact = fx_user(t, "result.contact", ROLE_BIT(ROLE_CONTACT));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Resultat AS", "910000020", "Bergen");
	int64_t cid = contact_in(t, emp, "Vera");
	struct db *d1, *d2;
	take_two(t, &d1, &d2);
	for (int round = 0; round < 3; round++) {
		char name[48];
		snprintf(name, sizeof name, "Result %d", round);
		int64_t period = 0;
		int64_t pid = in_programme(t, &actor, name, contact, &period);
		int64_t pl = placement_from(t, pid, emp, cid, follow, 0, 3, NULL, (struct date){2025, 3, 3});
		struct racer r = {.db = d1, .actor = &actor, .placement = pl, .what = RACE_RESULT, .rc = -100};
		struct other o = {.db = d2, .actor = &actor, .participant = pid, .period = period,
				  .exit_on = {2025, 3, 1}, .rc = -100};
		pair(&r, &o, "tasks", false);
		if (r.rc != SC_OK || o.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(r.rc), sc_strerror(o.rc));
		struct placement p;
		assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
		char ended[11] = "";
		if (p.ended_on.y > 0)
			date_format(p.ended_on, ended);
		if (r.out.refusal == DONE) {
			if (fx_pg())
				fail_msg("round %d: a result recorded after the exit called the placement off", round);
			assert_int_equal(o.out.refusal, REFUSED_STATE);
			assert_string_equal(o.out.message, "The placement at %s began on %s and its result is recorded: "
							   "the exit cannot be dated before %s.");
			assert_int_equal(p.result, RESULT_NOT_HIRED);
			assert_string_not_equal(ended, "2025-03-01");
		} else {
			expect_done("exit", o.rc, &o.out);
			assert_string_equal(ended, "2025-03-01");
			assert_int_equal(r.out.refusal, REFUSED_STATE);
			assert_string_equal(r.out.message, "This placement ended before its first day: it has no result.");
			assert_true(p.result < 0);
		}
	}
}

/* Three rounds of the supervisor's link for the mid-point evaluation made
 * while the staff record that evaluation: the evaluation is recorded and
 * no link works for it. The link came first and the evaluation revoked
 * it, or came after and was refused as recorded already. On PostgreSQL
 * the link comes first: the evaluation, waiting for the participant,
 * finds it and revokes it (it had missed it and the link stayed live). */
static void
test_link_and_evaluation_at_once(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "linkrace.leader", ROLE_BIT(ROLE_LEADER));
	int64_t follow = fx_user(t, "linkrace.liaison", ROLE_BIT(ROLE_LIAISON));
	struct actor actor = fx_leader(leader, 1, TODAY, NOW);
	int64_t emp = fx_employer(t, 1, "Lenke AS", "910000039", "Bergen");
	int64_t cid = contact_in(t, emp, "Vera");
	struct db *d1, *d2;
	take_two(t, &d1, &d2);
	for (int round = 0; round < 3; round++) {
		char name[48];
		snprintf(name, sizeof name, "Link %d", round);
		int64_t pid = fx_participant(t, 1, name, "active", 0);
		int64_t pl = placement_from(t, pid, emp, cid, follow, 0, 3, NULL, (struct date){2025, 3, 3});
		struct racer r = {.db = d1, .actor = &actor, .placement = pl, .what = RACE_LINK, .rc = -100};
		struct racer e = {.db = d2, .actor = &actor, .placement = pl, .what = RACE_EVALUATION, .rc = -100};
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		r.barrier = e.barrier = fx_pg() ? NULL : &barrier;
		staged(race, &r, race, &e, "evaluation_links");
		pthread_barrier_destroy(&barrier);
		if (r.rc != SC_OK || e.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(r.rc), sc_strerror(e.rc));
		expect_done("evaluation", e.rc, &e.out);
		if (r.out.refusal != DONE) {
			if (fx_pg())
				fail_msg("round %d: the link, first, was refused %d", round, r.out.refusal);
			assert_int_equal(r.out.refusal, REFUSED_STATE);
			assert_string_equal(r.out.message, "The mid-point evaluation has been recorded already.");
		}
		int64_t live = -1;
		assert_int_equal(store_evaluation_link_live(t->db, 1, pl, EVAL_MID, NOW, &live), SC_OK);
		if (live != 0)
			fail_msg("round %d: link %lld still works for a recorded evaluation", round, (long long)live);
		struct placement p;
		assert_int_equal(store_placement_get(t->db, t->a, 1, pl, false, &p), SC_OK);
		assert_int_equal(p.evaluated_mid, 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		RACE_TEST(test_two_approvals_last_place),
		RACE_TEST(test_two_moves_last_place),
		RACE_TEST(test_save_and_enrolment_clash),
		RACE_TEST(test_amendment_and_enrolment_clash),
		RACE_TEST(test_exit_and_approval_at_once),
		RACE_TEST(test_exit_and_end_early_at_once),
		RACE_TEST(test_result_and_exit_at_once),
		RACE_TEST(test_link_and_evaluation_at_once),
	};
	return fx_run("test_store_pool_race", tests, sizeof tests / sizeof tests[0]);
}
