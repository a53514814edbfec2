/*
 * test_store_enrol_race.c — an enrolment in a group made at the same
 * moment as the participant's exit, on two connections of the engine of
 * SC_TEST_DB_URL, through the commands of app/activity.h and
 * app/enrolment.h: the enrolment locks the participant's row before it
 * reads their status, so it comes either before the exit, which then ends
 * the place, or after it, and is refused. Never is an open place left to
 * someone who has left.
 *
 * On SQLite the two start together (BEGIN IMMEDIATE takes turns). On
 * PostgreSQL each round stages the one order that left a place: a third
 * connection holds group_enrolments in SHARE mode, so the enrolment,
 * started first, stops at its insert after reading the status; the exit
 * then starts, and the table is let go a while after. Without the
 * participant's lock the exit read no place and committed, and the
 * enrolment then made its place for someone exited.
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
#include "domain/activity.h"
#include "domain/enrolment.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define NOW 1773650000   /* a moment of Monday 16 March 2026 */

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	assert_int_equal(date_parse(s, &d), SC_OK);
	return d;
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

static int64_t
type_id(struct fx *t, const char *key)
{
	struct activity_type *types = NULL;
	size_t n = 0;
	assert_int_equal(store_activity_types(t->db, t->a, 1, &types, &n), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (types[i].key != NULL && strcmp(types[i].key, key) == 0)
			return types[i].id;
	fail_msg("no type %s", key);
	return 0;
}

/* A conversation group of March 2026 on Mondays, ten places. */
static int64_t
group(struct fx *t, const struct actor *lea, int64_t teacher, const char *name)
{
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[1] = {{.weekday = 0, .start = "09:00", .end = "11:00"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type_id(t, "conversation");
	g.name = name;
	g.room = "101";
	g.capacity = 10;
	g.starts_on = D("2026-03-02");
	g.ends_on = D("2026-03-31");
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 1, .items = slots};
	struct outcome out;
	expect_done(name, app_group_create(t->db, t->a, lea, &g, &out), &out);
	return out.id;
}

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	struct actor actor;
	int64_t group, participant, period;   /* group 0: the exit */
	int rc;
	struct outcome out;
};

/* The enrolment from 2 March, or the exit on 16 March. */
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
	} else if (r->group != 0) {
		struct group_enrolment in;
		fields_clear(group_enrolment_fields, &in);
		in.participant_id = r->participant;
		in.starts_on = D("2026-03-02");
		r->rc = app_group_enrol(r->db, a, &r->actor, r->group, &in, NULL, &r->out);
	} else {
		struct enrolment_exit ex;
		fields_clear(enrolment_exit_fields, &ex);
		ex.date = D("2026-03-16");
		ex.reason = "Moved to Oslo";
		ex.outcome = OUTCOME_MOVED;
		r->rc = app_enrolment_exit(r->db, a, &r->actor, r->period, 0, &ex, NULL, NULL, &r->out);
	}
	arena_free(a);
	return NULL;
}

/* Ten rounds of a participant's exit on 16 March and their enrolment from
 * 2 March at once: the exit is done every round; the enrolment either
 * came first, and the exit ended its place on the 15th with its reason,
 * or came after and was refused because the participant has left, no
 * place made. */
static void
test_exit_and_enrolment_at_once(void **state)
{
	struct fx *t = *state;
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	int64_t leader = fx_user(t, "race.leader", ROLE_BIT(ROLE_LEADER));
	int64_t teacher = fx_user(t, "race.teacher", ROLE_BIT(ROLE_TEACHER));
	int64_t contact = fx_user(t, "race.contact", ROLE_BIT(ROLE_CONTACT));
	struct actor lea = fx_leader(leader, 1, D("2026-03-16"), NOW);
	int before = 0, after = 0;
	for (int round = 0; round < 10; round++) {
		char name[32];
		snprintf(name, sizeof name, "Race %d", round);
		int64_t g = group(t, &lea, teacher, name);
		int64_t pid = fx_participant(t, 1, name, "registered", 0);
		struct enrolment_start start;
		fields_clear(enrolment_start_fields, &start);
		start.start_date = D("2026-01-05");
		start.contact_id = contact;
		struct outcome out;
		expect_done("start", app_enrolment_start(t->db, t->a, &lea, pid, &start, &out), &out);
		int64_t period = out.id;

		pthread_barrier_t barrier;
		bool staged = fx_pg();
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer en = {.barrier = staged ? NULL : &barrier, .db = d1, .actor = lea, .group = g,
				   .participant = pid};
		struct racer ex = {.barrier = staged ? NULL : &barrier, .db = d2, .actor = lea, .participant = pid,
				   .period = period};
		pthread_t ta, tb;
		if (staged)
			fx_raw_rows(fx_url(), "BEGIN; LOCK TABLE group_enrolments IN SHARE MODE", NULL, NULL);
		assert_int_equal(pthread_create(&ta, NULL, race, &en), 0);
		if (staged)
			usleep(150 * 1000);   /* the enrolment waits at its insert */
		assert_int_equal(pthread_create(&tb, NULL, race, &ex), 0);
		if (staged) {
			usleep(600 * 1000);   /* the exit is done, or waits for the participant */
			fx_raw_rows(fx_url(), "COMMIT", NULL, NULL);
		}
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		expect_done("exit", ex.rc, &ex.out);
		if (en.rc != SC_OK)
			fail_msg("round %d: enrolment %s", round, sc_strerror(en.rc));

		struct group_enrolment *places = NULL;
		size_t n = 0;
		assert_int_equal(store_participant_group_enrolments(t->db, t->a, 1, pid, &places, &n), SC_OK);
		if (en.out.refusal == DONE) {
			before++;
			assert_int_equal(n, 1);
			char ends[11];
			date_format(places[0].ends_on, ends);
			if (places[0].status != ENROL_ENROLLED || strcmp(ends, "2026-03-15") != 0)
				fail_msg("round %d: the place is %d to %s, not ended on 2026-03-15", round,
					 places[0].status, ends);
			assert_string_equal(places[0].end_reason, "Moved to Oslo");
		} else {
			after++;
			assert_int_equal(en.out.refusal, REFUSED_INVALID);
			assert_int_equal(en.out.errors.n, 1);
			assert_string_equal(en.out.errors.field[0], "participant_id");
			assert_string_equal(en.out.errors.reason[0], group_place_refusal("exited"));
			assert_int_equal(n, 0);
		}
	}
	print_message("enrolled before the exit %d times, refused after it %d times\n", before, after);
	if (fx_pg())
		fx_raw_close();
	store_release(t->store, d2);
	store_release(t->store, d1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_exit_and_enrolment_at_once),
	};
	return fx_run("test_store_enrol_race", tests, sizeof tests / sizeof tests[0]);
}
