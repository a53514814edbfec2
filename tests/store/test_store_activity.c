/*
 * test_store_activity.c — groups, their generated sessions, enrolment
 * (capacity under concurrency, the waiting list, clashes), the register
 * and what the other areas read of it (store_participant_sessions(), the
 * unexcused days, the monthly summary), on the engine of SC_TEST_DB_URL,
 * through the store and the commands of app/activity.h.
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
#include "domain/enrolment.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define LEADER ROLE_BIT(ROLE_LEADER)

/* pid, given a programme period from 2000 to 2100 (active): a place in a
 * group is for someone in the programme. */
static int64_t
in_programme(struct fx *t, int64_t pid)
{
	struct enrolment e = {.participant_id = pid, .start_date = {2000, 1, 3}, .planned_end = {2100, 1, 1},
			      .status = ENROLMENT_ACTIVE, .exit_reason = "", .outcome = -1};
	int64_t id = 0;
	assert_int_equal(store_enrolment_add(t->db, 1, &e, 0, 1, &id), SC_OK);
	return pid;
}

static struct date
D(const char *s)
{
	struct date d = {0, 0, 0};
	assert_int_equal(date_parse(s, &d), SC_OK);
	return d;
}

/* Monday 2 March 2026. */
static struct actor
actor_of(int64_t user_id, uint32_t roles)
{
	struct actor a = {
		.user_id = user_id, .username = "u", .name = "U", .roles = roles,
		.centre_id = 1, .address = "", .now = 1772400000, .today = D("2026-03-02"),
	};
	return a;
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

/* A conversation group of March 2026 taught by teacher, meeting on the
 * weekdays (0 = Monday) from start to end. */
static int64_t
group(struct fx *t, int64_t leader, int64_t teacher, const char *name, int64_t capacity, int wd1, int wd2,
      const char *start, const char *end, int64_t *sessions)
{
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[2] = {{.weekday = wd1, .start = start, .end = end},
				      {.weekday = wd2, .start = start, .end = end}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type_id(t, "conversation");
	g.name = name;
	g.room = "101";
	g.capacity = capacity;
	g.starts_on = D("2026-03-02");
	g.ends_on = D("2026-03-31");
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = wd2 >= 0 ? 2 : 1, .items = slots};
	struct actor a = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_group_create(t->db, t->a, &a, &g, &out), SC_OK);
	if (out.refusal != DONE)
		fail_msg("group %s: refusal %d, %s: %s", name, out.refusal, out.errors.n ? out.errors.field[0] : "",
			 out.errors.n ? out.errors.reason[0] : "");
	if (sessions != NULL)
		*sessions = out.version;
	return out.id;
}

static enum refusal
enrol(struct fx *t, int64_t leader, int64_t group_id, int64_t pid, const char *from, const char *to, int waitlist,
      struct enrol_clash *clash, int *status)
{
	struct group_enrolment in;
	fields_clear(group_enrolment_fields, &in);
	in.participant_id = pid;
	if (from != NULL)
		in.starts_on = D(from);
	if (to != NULL)
		in.ends_on = D(to);
	in.waitlist = waitlist;
	struct actor a = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_group_enrol(t->db, t->a, &a, group_id, &in, clash, &out), SC_OK);
	if (status != NULL)
		*status = in.status;
	return out.refusal;
}

/* The sessions are generated from the timetable; the participant's
 * sessions (the internships' contract) are those of their enrolment's
 * days, from..to included, in date order; another centre has none. */
static void
test_sessions_of_participant(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea1", LEADER);
	int64_t teacher = fx_user(t, "tea1", ROLE_BIT(ROLE_TEACHER));
	int64_t made = 0;
	int64_t g = group(t, leader, teacher, "Conversation Mon Wed", 10, 0, 2, "09:00", "11:30", &made);
	/* March 2026: Mondays 2, 9, 16, 23, 30 and Wednesdays 4, 11, 18, 25 */
	assert_int_equal(made, 9);
	int64_t p = in_programme(t, fx_participant(t, 1, "Timetable", "active", 0));
	assert_int_equal(enrol(t, leader, g, p, "2026-03-09", "2026-03-20", -1, NULL, NULL), DONE);

	struct participant_session *s = NULL;
	size_t n = 0;
	assert_int_equal(store_participant_sessions(t->db, t->a, 1, p, D("2026-03-01"), D("2026-03-31"), &s, &n),
			 SC_OK);
	assert_int_equal(n, 4);
	const char *want[4] = {"2026-03-09", "2026-03-11", "2026-03-16", "2026-03-18"};
	for (size_t i = 0; i < n; i++) {
		char d[11];
		date_format(s[i].time.date, d);
		assert_string_equal(d, want[i]);
		assert_int_equal(s[i].time.start, 540);
		assert_int_equal(s[i].time.end, 690);
		assert_string_equal(s[i].group, "Conversation Mon Wed");
	}
	/* from..to both included */
	assert_int_equal(store_participant_sessions(t->db, t->a, 1, p, D("2026-03-11"), D("2026-03-16"), &s, &n),
			 SC_OK);
	assert_int_equal(n, 2);
	/* another centre: none */
	int64_t other = fx_centre(t, "Other centre A");
	assert_int_equal(store_participant_sessions(t->db, t->a, other, p, D("2026-03-01"), D("2026-03-31"), &s, &n),
			 SC_OK);
	assert_int_equal(n, 0);
	/* nor is the group found there */
	struct group gr;
	assert_int_equal(store_group_get(t->db, t->a, other, g, D("2026-03-02"), &gr), SC_ENOTFOUND);
}

/* Enrolment in a group whose sessions overlap another's is refused and
 * names the other group and the first clash. */
static void
test_clash(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea2", LEADER);
	int64_t teacher = fx_user(t, "tea2", ROLE_BIT(ROLE_TEACHER));
	int64_t g1 = group(t, leader, teacher, "Morning talk", 10, 0, -1, "09:00", "11:00", NULL);
	int64_t g2 = group(t, leader, teacher, "Late morning", 10, 0, -1, "10:30", "12:00", NULL);
	int64_t g3 = group(t, leader, teacher, "Afternoon", 10, 0, -1, "12:00", "14:00", NULL);
	int64_t p = in_programme(t, fx_participant(t, 1, "Clash", "active", 0));
	assert_int_equal(enrol(t, leader, g1, p, "2026-03-09", NULL, -1, NULL, NULL), DONE);
	struct enrol_clash c;
	assert_int_equal(enrol(t, leader, g2, p, NULL, NULL, -1, &c, NULL), REFUSED_STATE);
	assert_string_equal(c.group, "Morning talk");
	char d[11];
	date_format(c.at.date, d);
	assert_string_equal(d, "2026-03-09");
	assert_int_equal(c.at.start, 540);
	/* nothing was saved */
	struct group_enrolment *items = NULL;
	size_t n = 0;
	assert_int_equal(store_group_enrolments(t->db, t->a, 1, g2, &items, &n), SC_OK);
	assert_int_equal(n, 0);
	/* a group that ends when the other begins does not clash */
	assert_int_equal(enrol(t, leader, g3, p, NULL, NULL, -1, NULL, NULL), DONE);
	/* twice in one group: refused */
	assert_int_equal(enrol(t, leader, g1, p, "2026-03-20", NULL, -1, NULL, NULL), REFUSED_STATE);
}

/* The open groups, newest first then by name, at most the limit asked
 * with their counts, or none and "more" beyond the limit;
 * groups that ended before the actor's today are not open. */
static void
test_groups_open(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea20", LEADER);
	int64_t teacher = fx_user(t, "tea20", ROLE_BIT(ROLE_TEACHER));
	group(t, leader, teacher, "0 Cc", 10, 0, -1, "09:00", "10:00", NULL);
	group(t, leader, teacher, "0 Aa", 10, 1, -1, "09:00", "10:00", NULL);
	int64_t bb = group(t, leader, teacher, "0 Bb", 10, 2, -1, "09:00", "10:00", NULL);
	int64_t p = in_programme(t, fx_participant(t, 1, "Open", "active", 0));
	assert_int_equal(enrol(t, leader, bb, p, NULL, NULL, -1, NULL, NULL), DONE);
	struct actor a = actor_of(leader, LEADER);
	struct group *items = NULL;
	size_t n = 0;
	bool more = false;
	/* seven groups are open, with the four of the two tests before */
	assert_int_equal(app_groups_open(t->db, t->a, &a, 6, &items, &n, &more), SC_OK);
	assert_true(more);
	assert_int_equal(n, 0);
	assert_int_equal(app_groups_open(t->db, t->a, &a, 7, &items, &n, &more), SC_OK);
	assert_false(more);
	assert_int_equal(n, 7);
	assert_string_equal(items[0].name, "0 Aa");
	assert_int_equal(items[0].enrolled, 0);
	assert_string_equal(items[1].name, "0 Bb");
	assert_int_equal(items[1].enrolled, 1);
	assert_int_equal(items[1].capacity, 10);
	assert_string_equal(items[2].name, "0 Cc");
	assert_string_equal(items[3].name, "Afternoon");
	a.today = D("2026-04-01");
	assert_int_equal(app_groups_open(t->db, t->a, &a, 7, &items, &n, &more), SC_OK);
	assert_false(more);
	assert_int_equal(n, 0);
	/* the groups page lists ended groups too */
	assert_int_equal(app_groups(t->db, t->a, &a, &items, &n), SC_OK);
	assert_string_equal(items[0].name, "0 Aa");
}

/* A full group refuses, or puts on its waiting list when asked. */
static void
test_full_and_waiting(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea3", LEADER);
	int64_t teacher = fx_user(t, "tea3", ROLE_BIT(ROLE_TEACHER));
	int64_t g = group(t, leader, teacher, "Small group", 1, 1, -1, "09:00", "10:00", NULL);
	int64_t p1 = in_programme(t, fx_participant(t, 1, "First", "active", 0));
	int64_t p2 = in_programme(t, fx_participant(t, 1, "Second", "active", 0));
	int status = -1;
	assert_int_equal(enrol(t, leader, g, p1, NULL, NULL, -1, NULL, &status), DONE);
	assert_int_equal(status, ENROL_ENROLLED);
	assert_int_equal(enrol(t, leader, g, p2, NULL, NULL, -1, NULL, NULL), REFUSED_FULL);
	assert_int_equal(enrol(t, leader, g, p2, NULL, NULL, 1, NULL, &status), DONE);
	assert_int_equal(status, ENROL_WAITING);
	struct group gr;
	assert_int_equal(store_group_get(t->db, t->a, 1, g, D("2026-03-02"), &gr), SC_OK);
	assert_int_equal(gr.enrolled, 1);
	assert_int_equal(gr.waiting, 1);
	/* a place offered while the group is full: refused */
	struct group_enrolment *items = NULL;
	size_t n = 0;
	assert_int_equal(store_group_enrolments(t->db, t->a, 1, g, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	int64_t first = items[0].participant_id == p1 ? items[0].id : items[1].id;
	int64_t waiting = items[0].participant_id == p2 ? items[0].id : items[1].id;
	struct actor a = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_group_offer(t->db, t->a, &a, g, waiting, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_FULL);
	/* the first leaves: the place is offered and taken */
	assert_int_equal(app_begin(t->db), SC_OK);
	assert_int_equal(store_group_enrolment_change(t->db, 1, first, ENROL_REMOVED, D("2026-03-02"), D("2026-03-31"),
						      leader, 2),
			 SC_OK);
	struct outcome ok = {0};
	assert_int_equal(app_end(t->db, SC_OK, &ok), SC_OK);
	assert_int_equal(app_group_offer(t->db, t->a, &a, g, waiting, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(store_group_get(t->db, t->a, 1, g, D("2026-03-02"), &gr), SC_OK);
	assert_int_equal(gr.enrolled, 1);
	assert_int_equal(gr.waiting, 0);
	/* offered twice: not waiting any more */
	assert_int_equal(app_group_offer(t->db, t->a, &a, g, waiting, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STATE);
	/* of another group: not found */
	assert_int_equal(app_group_offer(t->db, t->a, &a, g + 1000, waiting, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
}

/* ---- the last place under concurrency ---- */

struct racer {
	pthread_barrier_t *barrier;
	struct db *db;
	int64_t leader, group, participant;
	int rc;
	enum refusal refusal;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct arena *a = arena_new();
	struct group_enrolment in;
	fields_clear(group_enrolment_fields, &in);
	in.participant_id = r->participant;
	struct actor actor = actor_of(r->leader, LEADER);
	struct outcome out = {0};
	pthread_barrier_wait(r->barrier);
	r->rc = a != NULL ? app_group_enrol(r->db, a, &actor, r->group, &in, NULL, &out) : SC_ENOMEM;
	r->refusal = out.refusal;
	arena_free(a);
	return NULL;
}

/* Two connections enrol two participants into the last place at once:
 * one is enrolled, the other refused as full, every round. */
static void
test_concurrent_last_place(void **state)
{
	struct fx *t = *state;
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	int64_t leader = fx_user(t, "lea4", LEADER);
	int64_t teacher = fx_user(t, "tea4", ROLE_BIT(ROLE_TEACHER));
	for (int round = 0; round < 10; round++) {
		char name[32];
		snprintf(name, sizeof name, "Race %d", round);
		int64_t g = group(t, leader, teacher, name, 2, 3, -1, "09:00", "10:00", NULL);
		int64_t first = in_programme(t, fx_participant(t, 1, name, "active", 0));
		assert_int_equal(enrol(t, leader, g, first, NULL, NULL, -1, NULL, NULL), DONE);
		int64_t x = in_programme(t, fx_participant(t, 1, "X", "active", 0));
		int64_t y = in_programme(t, fx_participant(t, 1, "Y", "active", 0));
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct racer a = {&barrier, d1, leader, g, x, -100, DONE};
		struct racer b = {&barrier, d2, leader, g, y, -100, DONE};
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
		struct group gr;
		assert_int_equal(store_group_get(t->db, t->a, 1, g, D("2026-03-02"), &gr), SC_OK);
		assert_int_equal(gr.enrolled, 2);
	}
	store_release(t->store, d2);
	store_release(t->store, d1);
}

/* An enrolment ended early: its last day and reason kept, the later
 * sessions no longer expect the participant nor are theirs; another
 * centre's, or a place on the waiting list, is not found and unchanged. */
static void
test_enrolment_end(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea9", LEADER);
	int64_t teacher = fx_user(t, "tea9", ROLE_BIT(ROLE_TEACHER));
	int64_t g = group(t, leader, teacher, "Leaving group", 1, 0, 2, "12:00", "13:00", NULL);
	int64_t p = in_programme(t, fx_participant(t, 1, "Leaver", "active", 0));
	int64_t w = in_programme(t, fx_participant(t, 1, "Waiter", "active", 0));
	assert_int_equal(enrol(t, leader, g, p, NULL, NULL, -1, NULL, NULL), DONE);
	assert_int_equal(enrol(t, leader, g, w, NULL, NULL, 1, NULL, NULL), DONE);
	struct group_enrolment *items = NULL;
	size_t n = 0;
	assert_int_equal(store_group_enrolments(t->db, t->a, 1, g, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	int64_t en = items[0].participant_id == p ? items[0].id : items[1].id;
	int64_t waiting = items[0].participant_id == w ? items[0].id : items[1].id;
	int64_t other = fx_centre(t, "Other centre E");
	assert_int_equal(app_begin(t->db), SC_OK);
	assert_int_equal(store_group_enrolment_end(t->db, other, en, D("2026-03-10"), "Moved", leader, 2), SC_ENOTFOUND);
	assert_int_equal(store_group_enrolment_end(t->db, 1, waiting, D("2026-03-10"), "Moved", leader, 2),
			 SC_ENOTFOUND);
	struct outcome ok = {0};
	assert_int_equal(app_end(t->db, SC_OK, &ok), SC_OK);
	struct group_enrolment got;
	assert_int_equal(store_group_enrolment_get(t->db, t->a, 1, en, &got), SC_OK);
	assert_int_equal(date_cmp(got.ends_on, D("2026-03-31")), 0);
	assert_string_equal(got.end_reason, "");
	assert_int_equal(store_group_enrolment_get(t->db, t->a, other, en, &got), SC_ENOTFOUND);
	/* ended after Tuesday 10 March: Monday 2, Wednesday 4 and Monday 9 */
	assert_int_equal(app_begin(t->db), SC_OK);
	assert_int_equal(store_group_enrolment_end(t->db, 1, en, D("2026-03-10"), "Got a job", leader, 3), SC_OK);
	assert_int_equal(app_end(t->db, SC_OK, &ok), SC_OK);
	assert_int_equal(store_group_enrolment_get(t->db, t->a, 1, en, &got), SC_OK);
	assert_int_equal(date_cmp(got.ends_on, D("2026-03-10")), 0);
	assert_string_equal(got.end_reason, "Got a job");
	assert_int_equal(got.status, ENROL_ENROLLED);
	struct participant_session *s = NULL;
	assert_int_equal(store_participant_sessions(t->db, t->a, 1, p, D("2026-03-01"), D("2026-03-31"), &s, &n),
			 SC_OK);
	assert_int_equal(n, 3);
	struct group_session *ss = NULL;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, g, D("2026-03-09"), D("2026-03-11"), 10, &ss, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ss[0].expected, 1);   /* Monday 9 */
	assert_int_equal(ss[1].expected, 0);   /* Wednesday 11 */
	/* the place is free from the 11th: the one waiting is offered it */
	struct actor a = actor_of(leader, LEADER);
	a.today = D("2026-03-11");
	struct outcome out;
	assert_int_equal(app_group_offer(t->db, t->a, &a, g, waiting, NULL, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
}

/* ---- a capacity lowered while someone enrols ---- */

struct cap_racer {
	pthread_barrier_t *barrier;
	struct db *db;
	int64_t leader, group, participant;   /* participant 0: lower the capacity to 1 */
	int rc;
	enum refusal refusal;
};

static void *
cap_race(void *arg)
{
	struct cap_racer *r = arg;
	struct arena *a = arena_new();
	struct actor actor = actor_of(r->leader, LEADER);
	struct outcome out = {0};
	if (a == NULL) {
		r->rc = SC_ENOMEM;
		return NULL;
	}
	if (r->participant == 0) {
		struct group g;
		r->rc = store_group_get(r->db, a, 1, r->group, actor.today, &g);
		g.capacity = 1;
		pthread_barrier_wait(r->barrier);
		if (r->rc == SC_OK)
			r->rc = app_group_update(r->db, a, &actor, r->group, 0, &g, &out, NULL);
	} else {
		struct group_enrolment in;
		fields_clear(group_enrolment_fields, &in);
		in.participant_id = r->participant;
		pthread_barrier_wait(r->barrier);
		r->rc = app_group_enrol(r->db, a, &actor, r->group, &in, NULL, &out);
	}
	r->refusal = out.refusal;
	arena_free(a);
	return NULL;
}

/* A leader lowers a group's capacity to 1 while a second participant is
 * enrolled into its last place (one enrolled already): either the capacity
 * is lowered and the enrolment refused as full, or the enrolment is made
 * and the capacity refused; never two enrolled in one place. */
static void
test_concurrent_capacity(void **state)
{
	struct fx *t = *state;
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	int64_t leader = fx_user(t, "lea10", LEADER);
	int64_t teacher = fx_user(t, "tea10", ROLE_BIT(ROLE_TEACHER));
	for (int round = 0; round < 10; round++) {
		char name[32];
		snprintf(name, sizeof name, "Capacity %d", round);
		int64_t g = group(t, leader, teacher, name, 2, 4, -1, "09:00", "10:00", NULL);
		int64_t first = in_programme(t, fx_participant(t, 1, name, "active", 0));
		assert_int_equal(enrol(t, leader, g, first, NULL, NULL, -1, NULL, NULL), DONE);
		int64_t y = in_programme(t, fx_participant(t, 1, "Y", "active", 0));
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct cap_racer a = {&barrier, d1, leader, g, 0, -100, DONE};
		struct cap_racer b = {&barrier, d2, leader, g, y, -100, DONE};
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, cap_race, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, cap_race, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		if (a.rc != SC_OK || b.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		struct group gr;
		assert_int_equal(store_group_get(t->db, t->a, 1, g, D("2026-03-02"), &gr), SC_OK);
		if (a.refusal == DONE && b.refusal == REFUSED_FULL) {
			assert_int_equal(gr.capacity, 1);
			assert_int_equal(gr.enrolled, 1);
		} else if (a.refusal == REFUSED_INVALID && b.refusal == DONE) {
			assert_int_equal(gr.capacity, 2);
			assert_int_equal(gr.enrolled, 2);
		} else {
			fail_msg("round %d: refusals %d and %d", round, a.refusal, b.refusal);
		}
	}
	store_release(t->store, d2);
	store_release(t->store, d1);
}

/* ---- two types of one name added at once ---- */

struct type_racer {
	pthread_barrier_t *barrier;
	struct db *db;
	int64_t leader;
	const char *name;
	int rc;
	enum refusal refusal;
};

static void *
type_race(void *arg)
{
	struct type_racer *r = arg;
	struct arena *a = arena_new();
	struct actor actor = actor_of(r->leader, LEADER);
	struct outcome out = {0};
	if (a == NULL) {
		r->rc = SC_ENOMEM;
		return NULL;
	}
	struct activity_type in;
	fields_clear(activity_type_fields, &in);
	in.name = r->name;
	in.kind = KIND_VOCATIONAL;
	in.health_only = 0;
	pthread_barrier_wait(r->barrier);
	r->rc = app_activity_type_add(r->db, a, &actor, &in, &out);
	r->refusal = out.refusal;
	arena_free(a);
	return NULL;
}

/* Two leaders add "KOKKEKURS ÆØÅ" and "kokkekurs æøå" at once: one is
 * added, the other refused as the centre's name already; never both (no
 * column keeps the name unique: store_activity_types_lock()). */
static void
test_concurrent_type_names(void **state)
{
	struct fx *t = *state;
	struct db *d1 = store_acquire(t->store);
	struct db *d2 = store_acquire(t->store);
	assert_non_null(d1);
	assert_non_null(d2);
	int64_t leader = fx_user(t, "lea_names", LEADER);
	for (int round = 0; round < 10; round++) {
		char upper[40], lower[40];
		snprintf(upper, sizeof upper, "KOKKEKURS \xC3\x86\xC3\x98\xC3\x85 %d", round);
		snprintf(lower, sizeof lower, "kokkekurs \xC3\xA6\xC3\xB8\xC3\xA5 %d", round);
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, 2);
		struct type_racer a = {&barrier, d1, leader, upper, -100, DONE};
		struct type_racer b = {&barrier, d2, leader, lower, -100, DONE};
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, type_race, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, type_race, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&barrier);
		if (a.rc != SC_OK || b.rc != SC_OK)
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		if (!((a.refusal == DONE && b.refusal == REFUSED_INVALID) ||
		      (a.refusal == REFUSED_INVALID && b.refusal == DONE)))
			fail_msg("round %d: refusals %d and %d", round, a.refusal, b.refusal);
		struct activity_type *types = NULL;
		size_t n = 0, named = 0;
		assert_int_equal(store_activity_types(t->db, t->a, 1, &types, &n), SC_OK);
		for (size_t i = 0; i < n; i++)
			named += strcmp(types[i].name, upper) == 0 || strcmp(types[i].name, lower) == 0;
		if (named != 1)
			fail_msg("round %d: %zu types of the name", round, named);
	}
	store_release(t->store, d2);
	store_release(t->store, d1);
}

/* ---- the register ---- */

static struct register_row
row(int64_t pid, int mark, int absence)
{
	struct register_row r = {.participant_id = pid, .mark = mark, .minutes = FIELD_NONE, .absence = absence,
				 .reason = ""};
	return r;
}

/* A teacher saves a register: the exceptions, then everyone else present,
 * in one transaction; the unexcused day and the summary read it; a row for
 * someone not enrolled, and a teacher of another group, are refused and
 * change nothing. */
static void
test_register(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea5", LEADER);
	int64_t teacher = fx_user(t, "tea5", ROLE_BIT(ROLE_TEACHER));
	int64_t stranger = fx_user(t, "tea6", ROLE_BIT(ROLE_TEACHER));
	int64_t g = group(t, leader, teacher, "Register group", 10, 0, -1, "09:00", "11:30", NULL);
	int64_t p1 = in_programme(t, fx_participant(t, 1, "Absent", "active", 0));
	int64_t p2 = in_programme(t, fx_participant(t, 1, "Sick", "active", 0));
	int64_t p3 = in_programme(t, fx_participant(t, 1, "Present", "active", 0));
	int64_t outsider = in_programme(t, fx_participant(t, 1, "Outsider", "active", 0));
	assert_int_equal(enrol(t, leader, g, p1, NULL, NULL, -1, NULL, NULL), DONE);
	assert_int_equal(enrol(t, leader, g, p2, NULL, NULL, -1, NULL, NULL), DONE);
	assert_int_equal(enrol(t, leader, g, p3, NULL, NULL, -1, NULL, NULL), DONE);
	struct group_session *ss = NULL;
	size_t ns = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, g, D("2026-03-02"), D("2026-03-02"), 10, &ss, &ns),
			 SC_OK);
	assert_int_equal(ns, 1);
	int64_t sid = ss[0].id;
	assert_int_equal(ss[0].expected, 3);

	struct actor tea = actor_of(teacher, ROLE_BIT(ROLE_TEACHER));
	struct outcome out;
	struct register_input in = {.correction_reason = "", .rest_present = 1};
	/* someone not enrolled: refused, nothing saved */
	struct register_row bad[2] = {row(p1, MARK_ABSENT, ABSENCE_UNEXCUSED), row(outsider, MARK_PRESENT, -1)};
	in.marks = (struct field_list){.n = 2, .items = bad};
	assert_int_equal(app_register_save(t->db, t->a, &tea, sid, 0, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_INVALID);
	assert_int_equal(out.errors.n, 1);
	assert_string_equal(out.errors.field[0], "marks[1].participant_id");
	/* a teacher of another group: not found */
	struct actor other = actor_of(stranger, ROLE_BIT(ROLE_TEACHER));
	struct register_row good[2] = {row(p1, MARK_ABSENT, ABSENCE_UNEXCUSED), row(p2, MARK_ABSENT, ABSENCE_SICK_SELF)};
	in.marks = (struct field_list){.n = 2, .items = good};
	assert_int_equal(app_register_save(t->db, t->a, &other, sid, 0, &in, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	struct group_session s;
	assert_int_equal(store_session_get(t->db, t->a, 1, sid, &s), SC_OK);
	assert_int_equal(s.marks, 0);
	/* the teacher: two exceptions, the rest present */
	assert_int_equal(app_register_save(t->db, t->a, &tea, sid, 0, &in, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 3);
	assert_int_equal(store_session_get(t->db, t->a, 1, sid, &s), SC_OK);
	assert_int_equal(s.marks, 3);
	struct register_view v;
	assert_int_equal(app_register(t->db, t->a, &tea, sid, &v, &out), SC_OK);
	assert_int_equal(v.n, 3);
	for (size_t i = 0; i < v.n; i++) {
		if (v.rows[i].participant_id == p1)
			assert_int_equal(v.rows[i].mark.type, ABSENCE_UNEXCUSED);
		else if (v.rows[i].participant_id == p2)
			assert_int_equal(v.rows[i].mark.type, ABSENCE_SICK_SELF);
		else
			assert_int_equal(v.rows[i].mark.kind, MARK_PRESENT);
	}
	/* what the benefit reads */
	struct unexcused_day *u = NULL;
	size_t nu = 0;
	assert_int_equal(store_attendance_unexcused(t->db, t->a, 1, 2026, 3, p1, &u, &nu), SC_OK);
	assert_int_equal(nu, 1);
	assert_int_equal(u[0].minutes, 150);
	assert_int_equal(store_attendance_unexcused(t->db, t->a, 1, 2026, 3, p2, &u, &nu), SC_OK);
	assert_int_equal(nu, 0);
	struct attendance_summary sum;
	assert_int_equal(store_attendance_summary(t->db, t->a, 1, p2, 2026, 3, &sum), SC_OK);
	assert_int_equal(sum.absent_minutes[ABSENCE_SICK_SELF], 150);
	assert_int_equal(sum.absent_days[ABSENCE_SICK_SELF], 1);
	assert_int_equal(sum.present_minutes, 0);
	/* another centre sees no register */
	int64_t c2 = fx_centre(t, "Other centre B");
	struct register_entry *re = NULL;
	size_t nre = 0;
	assert_int_equal(store_register(t->db, t->a, c2, &s, &re, &nre), SC_OK);
	assert_int_equal(nre, 0);
	assert_int_equal(store_session_get(t->db, t->a, c2, sid, &s), SC_ENOTFOUND);
}

/* What the benefit run reads of a whole month (decision 62: the marks not
 * "present" through their partial index, the sessions not fully marked
 * through theirs) is what it read before: per participant, the unexcused
 * days as store_participant_attendance() gives them, and the participants
 * with a session not marked as the month's summaries count them. Marks of
 * every kind: unexcused, late and left early without a type (unexcused)
 * and with one, self-certified within and beyond the rule, with a
 * doctor's note, approved leave; two sessions partly marked; another
 * centre's month is empty. */
static void
test_month_reads_unchanged(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea11", LEADER);
	int64_t teacher = fx_user(t, "tea11", ROLE_BIT(ROLE_TEACHER));
	int64_t ns = 0;
	/* Mondays and Wednesdays of March 2026, 09:00-11:30: nine sessions */
	int64_t g = group(t, leader, teacher, "Month group", 10, 0, 2, "09:00", "11:30", &ns);
	assert_int_equal(ns, 9);
	int64_t p[4];
	for (int i = 0; i < 4; i++) {
		p[i] = in_programme(t, fx_participant(t, 1, i == 0 ? "Una" : i == 1 ? "Sigrun" : i == 2 ? "Leah" : "Petra", "active", 0));
		assert_int_equal(enrol(t, leader, g, p[i], NULL, NULL, -1, NULL, NULL), DONE);
	}
	struct group_session *ss = NULL;
	size_t n = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, g, D("2026-03-01"), D("2026-03-31"), 20, &ss, &n), SC_OK);
	assert_int_equal(n, 9);
	assert_int_equal(app_begin(t->db), SC_OK);
	for (size_t k = 0; k < n; k++) {
		struct mark_write w[4];
		size_t nw = 0;
		for (int i = 0; i < 4; i++) {
			struct mark m = {.kind = MARK_PRESENT, .type = ABSENCE_NONE};
			if (i == 0 && k == 0)
				m = (struct mark){.kind = MARK_ABSENT, .type = ABSENCE_UNEXCUSED};
			else if (i == 0 && k == 1)
				m = (struct mark){.kind = MARK_LATE, .minutes = 20, .type = ABSENCE_NONE};
			else if (i == 0 && k == 2)
				m = (struct mark){.kind = MARK_LEFT_EARLY, .minutes = 30, .type = ABSENCE_SICK_SELF};
			else if (i == 1 && k <= 2)
				m = (struct mark){.kind = MARK_ABSENT, .type = ABSENCE_SICK_SELF};
			else if (i == 2 && k == 3)
				m = (struct mark){.kind = MARK_ABSENT, .type = ABSENCE_LEAVE, .reason = "Time hos NAV"};
			else if (i == 2 && k == 4)
				m = (struct mark){.kind = MARK_LEFT_EARLY, .minutes = 45, .type = ABSENCE_NONE};
			/* Leah's last register and Petra's fifth are not marked */
			if ((i == 2 && k == n - 1) || (i == 3 && k == 4))
				continue;
			w[nw++] = (struct mark_write){.participant_id = p[i], .mark = m};
		}
		assert_int_equal(store_register_write(t->db, 1, ss[k].id, w, nw, teacher, 1), SC_OK);
	}
	/* Sigrun's second and third days beyond the rule; a note for the third */
	assert_int_equal(store_attendance_set_beyond(t->db, 1, ss[1].id, p[1], true), SC_OK);
	assert_int_equal(store_attendance_set_beyond(t->db, 1, ss[2].id, p[1], true), SC_OK);
	assert_int_equal(store_attendance_set_note(t->db, 1, ss[2].id, p[1]), SC_OK);
	struct outcome ok = {0};
	assert_int_equal(app_end(t->db, SC_OK, &ok), SC_OK);

	/* the unexcused days of all = those of each, one by one (the other
	 * tests' participants of March left out) */
	struct unexcused_day *all = NULL, *one = NULL;
	size_t nall = 0, none = 0, at = 0;
	assert_int_equal(store_attendance_unexcused(t->db, t->a, 1, 2026, 3, 0, &all, &nall), SC_OK);
	size_t kept = 0;
	for (size_t i = 0; i < nall; i++)
		if (all[i].participant_id >= p[0] && all[i].participant_id <= p[3])
			all[kept++] = all[i];
	nall = kept;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(store_attendance_unexcused(t->db, t->a, 1, 2026, 3, p[i], &one, &none), SC_OK);
		for (size_t k = 0; k < none; k++, at++) {
			assert_true(at < nall);
			assert_int_equal(all[at].participant_id, one[k].participant_id);
			assert_int_equal(date_cmp(all[at].date, one[k].date), 0);
			assert_int_equal(all[at].minutes, one[k].minutes);
		}
	}
	assert_int_equal(at, nall);
	/* Una: 150 minutes on 2 March, 20 on 4 March; Sigrun: 150 on 9 March
	 * (beyond the rule, no note); Leah: 45 on 16 March */
	assert_int_equal(nall, 4);
	assert_int_equal(all[0].participant_id, p[0]);
	assert_int_equal(all[0].minutes, 150);
	assert_int_equal(all[1].minutes, 20);
	assert_int_equal(all[2].participant_id, p[1]);
	assert_int_equal(date_cmp(all[2].date, D("2026-03-04")), 0);
	assert_int_equal(all[2].minutes, 150);
	assert_int_equal(all[3].participant_id, p[2]);
	assert_int_equal(all[3].minutes, 45);

	/* those with a session not marked = as the summaries count them */
	int64_t *ids = NULL;
	size_t nids = 0;
	assert_int_equal(store_attendance_unmarked(t->db, t->a, 1, 2026, 3, 0, &ids, &nids), SC_OK);
	struct attendance_month *months = NULL;
	size_t nm = 0;
	assert_int_equal(store_attendance_summaries(t->db, t->a, 1, 2026, 3, &months, &nm), SC_OK);
	kept = 0;
	for (size_t i = 0; i < nids; i++)
		if (ids[i] >= p[0] && ids[i] <= p[3])
			ids[kept++] = ids[i];
	nids = kept;
	kept = 0;
	for (size_t i = 0; i < nm; i++)
		if (months[i].participant_id >= p[0] && months[i].participant_id <= p[3])
			months[kept++] = months[i];
	nm = kept;
	assert_int_equal(nm, 4);
	size_t k = 0;
	for (size_t i = 0; i < nm; i++)
		if (months[i].s.unmarked_sessions > 0) {
			assert_true(k < nids);
			assert_int_equal(ids[k++], months[i].participant_id);
		}
	assert_int_equal(k, nids);
	assert_int_equal(nids, 2);
	assert_int_equal(ids[0], p[2]);
	assert_int_equal(ids[1], p[3]);

	/* The attendance page's summary from the rows it shows (decision 74,
	 * cancelled sessions among them) is the month's summary: the first
	 * session (marked for everyone) cancelled. */
	assert_int_equal(store_session_cancel(t->db, 1, ss[0].id, ss[0].version, "Closed"), SC_OK);
	for (int i = 0; i < 4; i++) {
		struct attendance_summary want, got;
		assert_int_equal(store_attendance_summary(t->db, t->a, 1, p[i], 2026, 3, &want), SC_OK);
		struct attendance_row *rows = NULL;
		size_t nrows = 0;
		assert_int_equal(store_participant_attendance(t->db, t->a, 1, p[i], D("2026-03-01"), D("2026-03-31"),
							      true, &rows, &nrows),
				 SC_OK);
		assert_int_equal(nrows, 9);
		store_attendance_summary_of(rows, nrows, &got);
		assert_int_equal(got.sessions, 8);
		assert_int_equal(got.sessions, want.sessions);
		assert_int_equal(got.unmarked_sessions, want.unmarked_sessions);
		assert_int_equal(got.scheduled_minutes, want.scheduled_minutes);
		assert_int_equal(got.present_minutes, want.present_minutes);
		assert_int_equal(got.unmarked_minutes, want.unmarked_minutes);
		for (int a = 0; a < ABSENCE_TYPE_COUNT; a++) {
			assert_int_equal(got.absent_minutes[a], want.absent_minutes[a]);
			assert_int_equal(got.absent_days[a], want.absent_days[a]);
		}
	}
	/* Una's absence (150 minutes) was on the cancelled session: her 20 late minutes are left */
	struct attendance_summary una;
	assert_int_equal(store_attendance_summary(t->db, t->a, 1, p[0], 2026, 3, &una), SC_OK);
	assert_int_equal(una.absent_minutes[ABSENCE_UNEXCUSED], 20);

	/* another centre's month: nothing */
	int64_t c2 = fx_centre(t, "Other centre M");
	assert_int_equal(store_attendance_unexcused(t->db, t->a, c2, 2026, 3, 0, &all, &nall), SC_OK);
	assert_int_equal(nall, 0);
	assert_int_equal(store_attendance_unmarked(t->db, t->a, c2, 2026, 3, 0, &ids, &nids), SC_OK);
	assert_int_equal(nids, 0);
}

/* What the benefit run reads: the participants with registers still
 * unmarked in a month, and the corrections not yet taken into a run, of
 * the centre only. */
static void
test_benefit_contract(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea7", LEADER);
	int64_t teacher = fx_user(t, "tea7", ROLE_BIT(ROLE_TEACHER));
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[1] = {{.weekday = 0, .start = "13:00", .end = "14:00"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type_id(t, "job_club");
	g.name = "April job club";
	g.capacity = 5;
	g.starts_on = D("2026-04-01");
	g.ends_on = D("2026-04-30");
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 1, .items = slots};
	struct actor a = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_group_create(t->db, t->a, &a, &g, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	/* Mondays 13, 20 and 27 April: Easter Monday (6 April) has none */
	assert_int_equal(out.version, 3);
	int64_t gid = out.id;
	int64_t p1 = in_programme(t, fx_participant(t, 1, "Marked", "active", 0));
	int64_t p2 = in_programme(t, fx_participant(t, 1, "Unmarked", "active", 0));
	assert_int_equal(enrol(t, leader, gid, p1, NULL, NULL, -1, NULL, NULL), DONE);
	assert_int_equal(enrol(t, leader, gid, p2, NULL, NULL, -1, NULL, NULL), DONE);
	struct group_session *ss = NULL;
	size_t ns = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, gid, D("2026-04-01"), D("2026-04-30"), 10, &ss, &ns),
			 SC_OK);
	assert_int_equal(ns, 3);
	/* every session marked for both, but the last for p2 */
	assert_int_equal(app_begin(t->db), SC_OK);
	for (size_t i = 0; i < ns; i++) {
		struct mark_write w[2] = {
			{.participant_id = p1, .mark = {.kind = MARK_PRESENT, .type = ABSENCE_NONE}},
			{.participant_id = p2, .mark = {.kind = MARK_PRESENT, .type = ABSENCE_NONE}},
		};
		assert_int_equal(store_register_write(t->db, 1, ss[i].id, w, i + 1 < ns ? 2 : 1, teacher, 1), SC_OK);
	}
	struct outcome ok = {0};
	assert_int_equal(app_end(t->db, SC_OK, &ok), SC_OK);
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(store_attendance_unmarked(t->db, t->a, 1, 2026, 4, 0, &ids, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], p2);
	assert_int_equal(store_attendance_unmarked(t->db, t->a, 1, 2026, 4, p1, &ids, &n), SC_OK);
	assert_int_equal(n, 0);
	/* the days before the last session (27 April): nothing unmarked yet;
	 * the days up to it: p2 */
	assert_int_equal(store_attendance_unmarked_between(t->db, t->a, 1, D("2026-04-01"), D("2026-04-26"), &ids, &n),
			 SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_attendance_unmarked_between(t->db, t->a, 1, D("2026-04-01"), D("2026-04-27"), &ids, &n),
			 SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], p2);
	/* the registers not fully marked (the leader's glance): the last one */
	int64_t open = -1;
	assert_int_equal(store_attendance_registers_unmarked(t->db, 1, true, D("2026-04-01"), D("2026-04-26"), &open),
			 SC_OK);
	assert_int_equal(open, 0);
	assert_int_equal(store_attendance_registers_unmarked(t->db, 1, true, D("2026-04-01"), D("2026-04-27"), &open),
			 SC_OK);
	assert_int_equal(open, 1);
	int64_t c2 = fx_centre(t, "Other centre C");
	assert_int_equal(store_attendance_registers_unmarked(t->db, c2, true, D("2026-04-01"), D("2026-04-30"), &open),
			 SC_OK);
	assert_int_equal(open, 0);
	assert_int_equal(store_attendance_unmarked(t->db, t->a, c2, 2026, 4, 0, &ids, &n), SC_OK);
	assert_int_equal(n, 0);
	/* corrections: two here, one of the other centre */
	const struct mark nm = {MARK_NONE, 0, ABSENCE_NONE, NULL, 0};
	assert_int_equal(app_begin(t->db), SC_OK);
	const enum correction_cause reg = CORRECTION_REGISTER;
	assert_int_equal(store_attendance_correction_add(t->db, 1, ss[0].id, p1, ss[0].on_date, 100, teacher, reg,
							 "Was sick, not absent", &nm, &nm), SC_OK);
	assert_int_equal(store_attendance_correction_add(t->db, 1, ss[1].id, p2, ss[1].on_date, 101, teacher, reg,
							 "Came late", &nm, &nm), SC_OK);
	assert_int_equal(store_attendance_correction_add(t->db, c2, ss[1].id, p2, ss[1].on_date, 102, 0, reg, "Other",
							 &nm, &nm), SC_OK);
	assert_int_equal(app_end(t->db, SC_OK, &ok), SC_OK);
	struct attendance_correction *c = NULL;
	assert_int_equal(store_attendance_corrections(t->db, t->a, 1, true, 100, &c, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].participant_id, p1);
	assert_string_equal(c[0].reason, "Was sick, not absent");
	assert_int_equal(c[0].by, teacher);
	assert_false(c[0].handled);
	int64_t first = c[0].id;
	assert_int_equal(app_begin(t->db), SC_OK);
	assert_int_equal(store_attendance_corrections_handled(t->db, 1, &first, 1, 7), SC_OK);
	/* another centre's correction is not changed */
	int64_t theirs = 0;
	struct attendance_correction *o = NULL;
	size_t no = 0;
	assert_int_equal(store_attendance_corrections(t->db, t->a, c2, true, 100, &o, &no), SC_OK);
	assert_int_equal(no, 1);
	theirs = o[0].id;
	assert_int_equal(store_attendance_corrections_handled(t->db, 1, &theirs, 1, 7), SC_OK);
	assert_int_equal(app_end(t->db, SC_OK, &ok), SC_OK);
	assert_int_equal(store_attendance_corrections(t->db, t->a, 1, true, 100, &c, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].participant_id, p2);
	assert_int_equal(store_attendance_corrections(t->db, t->a, 1, false, 100, &c, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_true(c[0].handled);
	assert_int_equal(store_attendance_corrections(t->db, t->a, c2, true, 100, &o, &no), SC_OK);
	assert_int_equal(no, 1);
}

/* The open groups' count (decision 93: type by type, through
 * activity_groups_type_end) equals a count from scratch of the centre's
 * groups ending on or after the day, health-only ones only for those who
 * may see them, capped; for built-in and own types, groups of another
 * centre, and after an own type becomes health-only. */
static int64_t
open_groups_recount(struct fx *t, const char *from, bool health, int64_t cap)
{
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM activity_groups g"
					       " JOIN activity_types t ON t.id = g.activity_type_id"
					       " WHERE g.centre_id = 1 AND g.ends_on >= $1 AND ($2 = 1 OR t.health_only = 0)");
	assert_non_null(st);
	db_bind_text(st, 1, from);
	db_bind_int(st, 2, health ? 1 : 0);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n < cap ? n : cap;
}

static void
check_open_groups(struct fx *t)
{
	const char *days[] = {"2026-01-01", "2026-03-15", "2026-03-31", "2026-04-01", "2026-04-30", "2026-05-01",
			      "2026-07-01"};
	const int64_t caps[] = {1, 2, 3, 5, 201};
	for (size_t d = 0; d < sizeof days / sizeof days[0]; d++)
		for (int h = 0; h < 2; h++)
			for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
				struct groups_filter f = {.from = days[d], .health_only_too = h == 1};
				int64_t n = -1;
				assert_int_equal(store_groups_count(t->db, 1, &f, caps[c], &n), SC_OK);
				int64_t want = open_groups_recount(t, days[d], h == 1, caps[c]);
				if (n != want)
					fail_msg("open groups from %s, health %d, cap %lld: %lld, recounted %lld", days[d],
						 h, (long long)caps[c], (long long)n, (long long)want);
			}
}

static int64_t
own_type(struct fx *t, int64_t centre, const char *name, int health_only)
{
	struct activity_type ty;
	fields_clear(activity_type_fields, &ty);
	ty.name = name;
	ty.kind = 0;
	ty.health_only = health_only;
	int64_t id = 0;
	assert_int_equal(store_activity_type_add(t->db, centre, &ty, 0, 1772400000, &id), SC_OK);
	return id;
}

static void
plain_group(struct fx *t, int64_t centre, int64_t type, const char *name, const char *ends)
{
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type;
	g.name = name;
	g.room = "1";
	g.capacity = 5;
	g.starts_on = D("2026-03-02");
	g.ends_on = D(ends);
	g.language = "Norwegian";
	int64_t id = 0;
	assert_int_equal(store_group_add(t->db, centre, &g, NULL, 0, 0, 1772400000, &id), SC_OK);
}

static void
test_open_groups_count(void **state)
{
	struct fx *t = *state;
	int64_t c2 = fx_centre(t, "Second centre, groups");
	int64_t health = type_id(t, "health_group"), conversation = type_id(t, "conversation");
	int64_t own = own_type(t, 1, "Own plain", 0), own_health = own_type(t, 1, "Own health", 1);
	int64_t theirs = own_type(t, c2, "Theirs", 0);
	const char *ends[] = {"2026-03-31", "2026-04-30", "2026-06-30"};
	for (size_t i = 0; i < 3; i++) {
		plain_group(t, 1, health, "H", ends[i]);
		plain_group(t, 1, health, "H2", ends[i]);
		plain_group(t, 1, conversation, "C", ends[i]);
		plain_group(t, 1, own, "O", ends[i]);
		plain_group(t, 1, own_health, "OH", ends[i]);
		plain_group(t, c2, theirs, "T", ends[i]);
		plain_group(t, c2, health, "TH", ends[i]);
	}
	check_open_groups(t);
	/* an own type made health-only: its groups leave the others' count */
	struct activity_type ty;
	assert_int_equal(store_activity_type_get(t->db, t->a, 1, own, &ty), SC_OK);
	ty.health_only = 1;
	assert_int_equal(store_activity_type_update(t->db, 1, own, ty.version, &ty, 1772400001), SC_OK);
	check_open_groups(t);
	struct groups_filter f = {.from = "2026-05-01", .health_only_too = false};
	int64_t n = 0;
	assert_int_equal(store_groups_count(t->db, 1, &f, 201, &n), SC_OK);
	assert_int_equal(n, open_groups_recount(t, "2026-05-01", false, 201));
	f.health_only_too = true;
	int64_t all = 0;
	assert_int_equal(store_groups_count(t->db, 1, &f, 201, &all), SC_OK);
	assert_int_equal(all - n, 4);   /* H, H2, OH and O (health-only now) end in June */
	assert_true(n >= 1);            /* C */
}

/* A participant's month as a teacher reads it: a health-only group's
 * session neither shows its mark nor counts in the summary (its 20 minutes
 * late); nor as the leader reads it, who is not health staff
 * (access_marks_seen()); the finance officer's summary counts it, as the
 * benefit run does. */
static void
test_month_summary_without_health(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea13", LEADER);
	int64_t teacher = fx_user(t, "tea13", ROLE_BIT(ROLE_TEACHER));
	int64_t nurse = fx_user(t, "nurse13", ROLE_BIT(ROLE_HEALTH));
	int64_t g1 = group(t, leader, teacher, "Summary talk", 10, 0, -1, "09:00", "11:30", NULL);
	struct group_teacher teachers[1] = {{.user_id = nurse}};
	struct group_slot slots[1] = {{.weekday = 0, .start = "13:00", .end = "14:00"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type_id(t, "health_group");
	g.name = "Health circle";
	g.room = "102";
	g.capacity = 10;
	g.starts_on = D("2026-03-02");
	g.ends_on = D("2026-03-31");
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 1, .items = slots};
	struct actor lea = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_group_create(t->db, t->a, &lea, &g, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	int64_t g2 = out.id;
	int64_t p = in_programme(t, fx_participant(t, 1, "Summary", "active", 0));
	assert_int_equal(enrol(t, leader, g1, p, NULL, NULL, -1, NULL, NULL), DONE);
	assert_int_equal(enrol(t, leader, g2, p, NULL, NULL, -1, NULL, NULL), DONE);
	int64_t gs[2] = {g1, g2};
	struct actor markers[2] = {actor_of(teacher, ROLE_BIT(ROLE_TEACHER)), actor_of(nurse, ROLE_BIT(ROLE_HEALTH))};
	for (int i = 0; i < 2; i++) {
		struct group_session *ss = NULL;
		size_t ns = 0;
		assert_int_equal(store_group_sessions(t->db, t->a, 1, gs[i], D("2026-03-02"), D("2026-03-02"), 10, &ss,
						      &ns), SC_OK);
		assert_int_equal(ns, 1);
		struct register_row late = row(p, MARK_LATE, -1);
		late.minutes = 20;
		struct register_input in = {.correction_reason = "", .rest_present = 1};
		if (i == 1)
			in.marks = (struct field_list){.n = 1, .items = &late};
		assert_int_equal(app_register_save(t->db, t->a, &markers[i], ss[0].id, 0, &in, &out), SC_OK);
		assert_int_equal(out.refusal, DONE);
	}
	struct participant_brief brief;
	struct attendance_row *rows = NULL;
	size_t n = 0;
	struct attendance_summary sum;
	assert_int_equal(app_participant_month(t->db, t->a, &markers[0], p, 2026, 3, &brief, &rows, &n, &sum, &out),
			 SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(sum.absent_minutes[ABSENCE_UNEXCUSED], 0);
	assert_int_equal(sum.present_minutes, 150);
	assert_int_equal(sum.sessions, 5);   /* the talk's five Mondays of March */
	struct actor lead = actor_of(leader, LEADER);
	assert_int_equal(app_participant_month(t->db, t->a, &lead, p, 2026, 3, &brief, &rows, &n, &sum, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(sum.absent_minutes[ABSENCE_UNEXCUSED], 0);
	assert_int_equal(sum.present_minutes, 150);
	assert_int_equal(sum.sessions, 5);
	struct actor fin = actor_of(fx_user(t, "fin13", ROLE_BIT(ROLE_FINANCE)), ROLE_BIT(ROLE_FINANCE));
	assert_int_equal(app_participant_month(t->db, t->a, &fin, p, 2026, 3, &brief, &rows, &n, &sum, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(sum.absent_minutes[ABSENCE_UNEXCUSED], 20);
	assert_int_equal(sum.present_minutes, 150 + 40);
	assert_int_equal(sum.sessions, 10);
}

/* The groups list counts those enrolled as the group's page does (not an
 * enrolment that has ended) and names the teachers, as the group does. */
static void
test_groups_list_as_group(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea14", LEADER);
	int64_t teacher = fx_user(t, "tea14", ROLE_BIT(ROLE_TEACHER));
	int64_t g = group(t, leader, teacher, "Listed talk", 10, 0, -1, "15:00", "16:00", NULL);
	int64_t p1 = in_programme(t, fx_participant(t, 1, "Stays", "active", 0));
	int64_t p2 = in_programme(t, fx_participant(t, 1, "Left", "active", 0));
	assert_int_equal(enrol(t, leader, g, p1, NULL, NULL, -1, NULL, NULL), DONE);
	assert_int_equal(enrol(t, leader, g, p2, NULL, "2026-03-05", -1, NULL, NULL), DONE);
	struct actor lea = actor_of(leader, LEADER);
	lea.today = D("2026-03-10");
	struct group *items = NULL;
	size_t n = 0;
	assert_int_equal(app_groups(t->db, t->a, &lea, &items, &n), SC_OK);
	size_t k = 0;
	while (k < n && items[k].id != g)
		k++;
	assert_true(k < n);
	struct group one;
	assert_int_equal(store_group_get(t->db, t->a, 1, g, lea.today, &one), SC_OK);
	assert_int_equal(one.enrolled, 1);
	assert_int_equal(items[k].enrolled, 1);
	assert_int_equal(items[k].teachers.n, 1);
	assert_int_equal(((const struct group_teacher *)items[k].teachers.items)[0].user_id, teacher);
	/* every listed group: the teachers and count of its own page */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(store_group_get(t->db, t->a, 1, items[i].id, lea.today, &one), SC_OK);
		assert_int_equal(items[i].enrolled, one.enrolled);
		assert_int_equal(items[i].teachers.n, one.teachers.n);
		for (size_t j = 0; j < one.teachers.n; j++)
			assert_int_equal(((const struct group_teacher *)items[i].teachers.items)[j].user_id,
					 ((const struct group_teacher *)one.teachers.items)[j].user_id);
	}
}

/* The group's sessions as "date status closure-or-reason" lines, one per
 * session in date order: what a closure left planned or cancelled. */
static const char *
sessions_of(struct fx *t, int64_t g, int64_t closure_a, int64_t closure_b, int64_t closure_c)
{
	struct group_session *ss = NULL;
	size_t n = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, g, (struct date){0, 0, 0}, (struct date){0, 0, 0}, 2000,
					      &ss, &n), SC_OK);
	static char buf[1024];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char d[11];
		date_format(ss[i].on_date, d);
		const char *by = ss[i].closure_id == 0 ? "-" : ss[i].closure_id == closure_a ? "A"
			       : ss[i].closure_id == closure_b ? "B" : ss[i].closure_id == closure_c ? "C" : "?";
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s %s %s %s\n", d,
					ss[i].status == SESSION_PLANNED ? "planned" : "cancelled", by,
					ss[i].cancel_reason != NULL && ss[i].cancel_reason[0] != '\0' ? ss[i].cancel_reason
												       : "-");
		assert_true(len < sizeof buf);
	}
	return buf;
}

static int64_t
closure_add(struct fx *t, int64_t leader, const char *name, const char *from, const char *to)
{
	struct closure_period c;
	fields_clear(closure_fields, &c);
	c.name = name;
	c.from_on = D(from);
	c.to_on = D(to);
	struct actor a = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_closure_create(t->db, t->a, &a, &c, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	return out.id;
}

static void
closure_delete(struct fx *t, int64_t leader, int64_t id)
{
	struct actor a = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_closure_delete(t->db, &a, id, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
}

/* Two overlapping closures: deleting one plans again only the sessions
 * the other does not cover (those it does stay cancelled, by it); a
 * session cancelled by hand stays cancelled through both; no session
 * appears on the public holiday the timetable skipped (Maundy Thursday,
 * 2 April 2026). */
static void
test_overlapping_closures(void **state)
{
	struct fx *t = *state;
	int64_t leader = fx_user(t, "lea15", LEADER);
	int64_t teacher = fx_user(t, "tea15", ROLE_BIT(ROLE_TEACHER));
	struct group_teacher teachers[1] = {{.user_id = teacher}};
	struct group_slot slots[2] = {{.weekday = 2, .start = "09:00", .end = "11:00"},
				      {.weekday = 3, .start = "09:00", .end = "11:00"}};
	struct group g;
	fields_clear(group_fields, &g);
	g.activity_type_id = type_id(t, "conversation");
	g.name = "Easter closures";
	g.room = "102";
	g.capacity = 5;
	g.starts_on = D("2026-03-25");
	g.ends_on = D("2026-04-16");
	g.language = "Norwegian";
	g.teachers = (struct field_list){.n = 1, .items = teachers};
	g.slots = (struct field_list){.n = 2, .items = slots};
	struct actor a = actor_of(leader, LEADER);
	struct outcome out;
	assert_int_equal(app_group_create(t->db, t->a, &a, &g, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	int64_t gid = out.id;
	/* Wednesdays and Thursdays; none on Maundy Thursday */
	assert_string_equal(sessions_of(t, gid, 0, 0, 0),
			    "2026-03-25 planned - -\n2026-03-26 planned - -\n2026-04-01 planned - -\n"
			    "2026-04-08 planned - -\n2026-04-09 planned - -\n2026-04-15 planned - -\n"
			    "2026-04-16 planned - -\n");
	/* the 26th cancelled by hand */
	struct group_session *ss = NULL;
	size_t n = 0;
	assert_int_equal(store_group_sessions(t->db, t->a, 1, gid, D("2026-03-26"), D("2026-03-26"), 10, &ss, &n),
			 SC_OK);
	assert_int_equal(n, 1);
	/* moved or cancelled at the version read only: a stale one changes
	 * nothing; each change counts one more */
	assert_int_equal(ss[0].version, 1);
	struct session_time later = {D("2026-03-26"), 12 * 60, 13 * 60};
	assert_int_equal(store_session_move(t->db, 1, ss[0].id, 2, &later), SC_ECONFLICT);
	assert_int_equal(store_session_cancel(t->db, 1, ss[0].id, 2, "Teacher ill"), SC_ECONFLICT);
	assert_string_equal(sessions_of(t, gid, 0, 0, 0),
			    "2026-03-25 planned - -\n2026-03-26 planned - -\n2026-04-01 planned - -\n"
			    "2026-04-08 planned - -\n2026-04-09 planned - -\n2026-04-15 planned - -\n"
			    "2026-04-16 planned - -\n");
	assert_int_equal(store_session_cancel(t->db, 1, ss[0].id, 1, "Teacher ill"), SC_OK);
	assert_int_equal(store_session_cancel(t->db, 1, ss[0].id, 1, "Again"), SC_ECONFLICT);
	struct group_session now;
	assert_int_equal(store_session_get(t->db, t->a, 1, ss[0].id, &now), SC_OK);
	assert_int_equal(now.version, 2);
	assert_string_equal(now.cancel_reason, "Teacher ill");

	int64_t ca = closure_add(t, leader, "Easter A", "2026-03-26", "2026-04-08");
	int64_t cb = closure_add(t, leader, "Easter B", "2026-04-01", "2026-04-09");
	assert_string_equal(sessions_of(t, gid, ca, cb, 0),
			    "2026-03-25 planned - -\n2026-03-26 cancelled - Teacher ill\n"
			    "2026-04-01 cancelled A Easter A\n2026-04-08 cancelled A Easter A\n"
			    "2026-04-09 cancelled B Easter B\n2026-04-15 planned - -\n2026-04-16 planned - -\n");
	/* A goes: B still covers the 1st and the 8th */
	closure_delete(t, leader, ca);
	assert_string_equal(sessions_of(t, gid, ca, cb, 0),
			    "2026-03-25 planned - -\n2026-03-26 cancelled - Teacher ill\n"
			    "2026-04-01 cancelled B Easter B\n2026-04-08 cancelled B Easter B\n"
			    "2026-04-09 cancelled B Easter B\n2026-04-15 planned - -\n2026-04-16 planned - -\n");
	struct closure_period *cs = NULL;
	assert_int_equal(store_closures(t->db, t->a, 1, D("2026-03-01"), &cs, &n), SC_OK);
	size_t found = 0;
	for (size_t i = 0; i < n; i++) {
		assert_true(cs[i].id != ca);
		found += cs[i].id == cb;
	}
	assert_int_equal(found, 1);
	/* B goes: all planned again but the one cancelled by hand */
	closure_delete(t, leader, cb);
	assert_string_equal(sessions_of(t, gid, ca, cb, 0),
			    "2026-03-25 planned - -\n2026-03-26 cancelled - Teacher ill\n"
			    "2026-04-01 planned - -\n2026-04-08 planned - -\n"
			    "2026-04-09 planned - -\n2026-04-15 planned - -\n2026-04-16 planned - -\n");

	/* the other order, and a third closure inside both: deleting the
	 * later leaves the earlier's sessions its own; deleting the earlier
	 * passes them to the one of the earliest start left */
	ca = closure_add(t, leader, "Easter A", "2026-03-25", "2026-04-08");
	cb = closure_add(t, leader, "Easter B", "2026-04-01", "2026-04-15");
	int64_t cc = closure_add(t, leader, "Easter C", "2026-04-08", "2026-04-08");
	closure_delete(t, leader, cb);
	assert_string_equal(sessions_of(t, gid, ca, cb, cc),
			    "2026-03-25 cancelled A Easter A\n2026-03-26 cancelled - Teacher ill\n"
			    "2026-04-01 cancelled A Easter A\n2026-04-08 cancelled A Easter A\n"
			    "2026-04-09 planned - -\n2026-04-15 planned - -\n2026-04-16 planned - -\n");
	closure_delete(t, leader, ca);
	assert_string_equal(sessions_of(t, gid, ca, cb, cc),
			    "2026-03-25 planned - -\n2026-03-26 cancelled - Teacher ill\n"
			    "2026-04-01 planned - -\n2026-04-08 cancelled C Easter C\n"
			    "2026-04-09 planned - -\n2026-04-15 planned - -\n2026-04-16 planned - -\n");
	closure_delete(t, leader, cc);
	assert_string_equal(sessions_of(t, gid, ca, cb, cc),
			    "2026-03-25 planned - -\n2026-03-26 cancelled - Teacher ill\n"
			    "2026-04-01 planned - -\n2026-04-08 planned - -\n"
			    "2026-04-09 planned - -\n2026-04-15 planned - -\n2026-04-16 planned - -\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_sessions_of_participant),
		FX_TEST(test_clash),
		FX_TEST(test_groups_open),
		FX_TEST(test_full_and_waiting),
		FX_TEST(test_concurrent_last_place),
		FX_TEST(test_enrolment_end),
		FX_TEST(test_concurrent_capacity),
		FX_TEST(test_concurrent_type_names),
		FX_TEST(test_register),
		FX_TEST(test_benefit_contract),
		FX_TEST(test_month_reads_unchanged),
		FX_TEST(test_open_groups_count),
		FX_TEST(test_month_summary_without_health),
		FX_TEST(test_groups_list_as_group),
		FX_TEST(test_overlapping_closures),
	};
	return fx_run("test_store_activity", tests, sizeof tests / sizeof tests[0]);
}
