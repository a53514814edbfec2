/*
 * test_store_closure.c — closures deleted at the same moment, on the
 * engine of SC_TEST_DB_URL, through the commands of app/activity.h: the
 * centre's closure adds and deletes take their turns
 * (store_closure_delete()), so a session one delete hands to the other
 * closure is never left with a closure that is gone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "app/activity.h"
#include "domain/access.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define LEADER ROLE_BIT(ROLE_LEADER)

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	assert_int_equal(date_parse(s, &d), SC_OK);
	return d;
}

/* Monday 2 March 2026. */
static struct actor
actor_of(int64_t user_id)
{
	struct actor a = {
		.user_id = user_id, .username = "u", .name = "U", .roles = LEADER,
		.centre_id = 1, .address = "", .now = 1772400000, .today = D("2026-03-02"),
	};
	return a;
}

static int64_t
conversation_type(struct fx *t)
{
	struct activity_type *types = NULL;
	size_t n = 0;
	assert_int_equal(store_activity_types(t->db, t->a, 1, &types, &n), SC_OK);
	for (size_t i = 0; i < n; i++)
		if (types[i].key != NULL && strcmp(types[i].key, "conversation") == 0)
			return types[i].id;
	fail_msg("no conversation type");
	return 0;
}

static int64_t
closure_add(struct fx *t, int64_t leader, const char *name, const char *from, const char *to)
{
	struct closure_period c;
	fields_clear(closure_fields, &c);
	c.name = name;
	c.from_on = D(from);
	c.to_on = D(to);
	struct actor a = actor_of(leader);
	struct outcome out;
	assert_int_equal(app_closure_create(t->db, t->a, &a, &c, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	return out.id;
}

struct closure_racer {
	pthread_barrier_t *barrier;
	struct db *db;
	int64_t leader, closure;
	int rc;
	enum refusal refusal;
};

static void *
closure_race(void *arg)
{
	struct closure_racer *r = arg;
	struct actor actor = actor_of(r->leader);
	struct outcome out = {0};
	pthread_barrier_wait(r->barrier);
	r->rc = app_closure_delete(r->db, &actor, r->closure, &out);
	r->refusal = out.refusal;
	return NULL;
}

/* The group's sessions that are not planned, as "date closure" lines. */
static const char *
not_planned(struct fx *t, int64_t g)
{
	struct group_session *ss = NULL;
	size_t n = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, g, (struct date){0, 0, 0}, (struct date){0, 0, 0}, 2000,
					      &ss, &n), SC_OK);
	static char buf[1024];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (ss[i].status == SESSION_PLANNED)
			continue;
		char d[11];
		date_format(ss[i].on_date, d);
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s %lld\n", d, (long long)ss[i].closure_id);
		assert_true(len < sizeof buf);
	}
	return buf;
}

/* Ten times: two overlapping closures over a group's Easter sessions,
 * deleted by two leaders at once. Both deletes are done, and every
 * session is planned again: none stays cancelled by a closure that is
 * gone, none is refused. */
static void
test_overlapping_closures_deleted_at_once(void **state)
{
	struct fx *t = *state;
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	int64_t leader = fx_user(t, "lea_closures", LEADER);
	int64_t teacher = fx_user(t, "tea_closures", ROLE_BIT(ROLE_TEACHER));
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[2] = {{.weekday = 2, .start = "09:00", .end = "11:00"},
				      {.weekday = 3, .start = "09:00", .end = "11:00"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = conversation_type(t);
	g.name = "Easter at once";
	g.room = "102";
	g.capacity = 5;
	g.starts_on = D("2026-03-25");
	g.ends_on = D("2026-04-16");
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 2, .items = slots};
	struct actor a = actor_of(leader);
	struct outcome out;
	assert_int_equal(app_group_create(t->db, t->a, &a, &g, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	int64_t gid = out.id;
	for (int round = 0; round < 10; round++) {
		int64_t ca = closure_add(t, leader, "Easter A", "2026-03-25", "2026-04-08");
		int64_t cb = closure_add(t, leader, "Easter B", "2026-04-01", "2026-04-15");
		assert_string_not_equal(not_planned(t, gid), "");
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct closure_racer x = {&barrier, d1, leader, ca, -100, DONE};
		struct closure_racer y = {&barrier, d2, leader, cb, -100, DONE};
		pthread_t tx, ty;
		assert_int_equal(pthread_create(&tx, NULL, closure_race, &x), 0);
		assert_int_equal(pthread_create(&ty, NULL, closure_race, &y), 0);
		pthread_join(tx, NULL);
		pthread_join(ty, NULL);
		pthread_barrier_destroy(&barrier);
		if (x.rc != SC_OK || y.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(x.rc), sc_strerror(y.rc));
		if (x.refusal != DONE || y.refusal != DONE)
			fail_msg("round %d: refusals %d and %d", round, x.refusal, y.refusal);
		const char *left = not_planned(t, gid);
		if (left[0] != '\0')
			fail_msg("round %d: still cancelled:\n%s", round, left);
	}
	store_release(t->store, d2);
	store_release(t->store, d1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_overlapping_closures_deleted_at_once),
	};
	return fx_run("test_store_closure", tests, sizeof tests / sizeof tests[0]);
}
