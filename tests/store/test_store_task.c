/*
 * test_store_task.c — the follow-up tasks after exit in the store
 * (store_task.c), on both engines: read with their context, listed by
 * participant, registered once (also under two threads at once: one wins,
 * the other is told), and never across centres.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "fixture.h"
#include "domain/access.h"
#include "store/db.h"
#include "store/store.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
static const struct date TODAY = { 2025, 3, 14 };

static const char sql_task[] =
	"INSERT INTO tasks (participant_id, kind, due_on, assignee_id, centre_id) VALUES ($1, $2, $3, $4, $5)"
	" RETURNING id";

/* A task of the centre, as the end of a programme period makes it. */
static int64_t
make_task(struct fx *t, int64_t centre, int64_t pid, const char *kind, const char *due, int64_t assignee)
{
	struct db_stmt *st = db_prepare(t->db, sql_task);
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, due);
	if (assignee > 0)
		db_bind_int(st, 4, assignee);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, centre);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (id <= 0)
		fail_msg("insert task: %d: %s", rc, db_errmsg(t->db));
	return id;
}

/* The registration of task id: today, by user, with a result and note. */
static struct task
done_by(int64_t id, int64_t user, struct date on, enum task_result result, const char *note)
{
	struct task d;
	fields_clear(task_fields, &d);
	fields_clear(task_context_fields, &d);
	d.id = id;
	d.done_on = on;
	d.done_by = user;
	d.result = (int)result;
	d.note = note;
	return d;
}

static void
test_tasks(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_user(t, "t.contact", ROLE_BIT(ROLE_CONTACT));
	int64_t colleague = fx_user(t, "t.colleague", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Tasks", "exited", me);
	int64_t pid2 = fx_participant(t, 1, "Tasktwo", "exited", 0);

	int64_t overdue = make_task(t, 1, pid, "followup_6m", "2025-03-10", me);
	int64_t later = make_task(t, 1, pid, "followup_12m", "2025-09-10", 0);
	int64_t soon = make_task(t, 1, pid2, "followup_6m", "2025-03-21", me);
	int64_t theirs = make_task(t, 1, pid2, "followup_6m", "2025-03-01", colleague);

	struct task row;
	assert_int_equal(store_task_get(t->db, t->a, 1, overdue, &row), SC_OK);
	assert_int_equal(row.id, overdue);
	assert_int_equal(row.participant_id, pid);
	assert_int_equal(row.kind, TASK_FOLLOWUP_6M);
	assert_int_equal(date_cmp(row.due_on, D(2025, 3, 10)), 0);
	assert_int_equal(row.assignee_id, me);
	assert_string_equal(row.assignee_name, "t.contact");
	assert_int_equal(row.done_on.y, 0);
	assert_int_equal(row.done_by, 0);
	assert_string_equal(row.done_by_name, "");
	assert_int_equal(row.result, -1);
	assert_string_equal(row.note, "");
	assert_int_equal(row.enrolment_id, 0);
	assert_int_equal(store_task_get(t->db, t->a, 1, later, &row), SC_OK);
	assert_int_equal(row.kind, TASK_FOLLOWUP_12M);
	assert_int_equal(row.assignee_id, 0);
	assert_string_equal(row.assignee_name, "");
	assert_int_equal(store_task_get(t->db, t->a, 1, later + 100000, &row), SC_ENOTFOUND);

	/* register the overdue one */
	struct task d = done_by(overdue, me, TODAY, TASK_RESULT_EMPLOYED_PART, "Works 60 % in a canteen.");
	assert_int_equal(store_task_done(t->db, 1, &d), SC_OK);
	assert_int_equal(store_task_get(t->db, t->a, 1, overdue, &row), SC_OK);
	assert_int_equal(date_cmp(row.done_on, TODAY), 0);
	assert_int_equal(row.done_by, me);
	assert_string_equal(row.done_by_name, "t.contact");
	assert_int_equal(row.result, TASK_RESULT_EMPLOYED_PART);
	assert_string_equal(row.note, "Works 60 % in a canteen.");

	/* a second registration is refused and overwrites nothing */
	struct task d2 = done_by(overdue, colleague, D(2025, 3, 15), TASK_RESULT_MOVED, "Moved away.");
	assert_int_equal(store_task_done(t->db, 1, &d2), SC_ECONFLICT);
	assert_int_equal(store_task_get(t->db, t->a, 1, overdue, &row), SC_OK);
	assert_int_equal(row.result, TASK_RESULT_EMPLOYED_PART);
	assert_int_equal(row.done_by, me);
	assert_int_equal(date_cmp(row.done_on, TODAY), 0);
	d2.id = overdue + 100000;
	assert_int_equal(store_task_done(t->db, 1, &d2), SC_ENOTFOUND);
	/* a result outside the list, or no day, is refused before SQL */
	struct task bad = done_by(soon, me, TODAY, (enum task_result)99, "");
	assert_int_equal(store_task_done(t->db, 1, &bad), SC_EINVAL);
	bad = done_by(soon, me, D(0, 0, 0), TASK_RESULT_MOVED, "");
	assert_int_equal(store_task_done(t->db, 1, &bad), SC_EINVAL);
	/* no note is an empty one */
	struct task quiet = done_by(soon, me, TODAY, TASK_RESULT_UNKNOWN, NULL);
	assert_int_equal(store_task_done(t->db, 1, &quiet), SC_OK);
	assert_int_equal(store_task_get(t->db, t->a, 1, soon, &row), SC_OK);
	assert_string_equal(row.note, "");
	assert_int_equal(row.result, TASK_RESULT_UNKNOWN);

	/* a participant's tasks, done or not, by due date */
	struct task *items = NULL;
	size_t n = 0;
	assert_int_equal(store_tasks(t->db, t->a, 1, pid, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, overdue);
	assert_int_equal(items[1].id, later);
	assert_string_equal(items[0].done_by_name, "t.contact");
	assert_int_equal(store_tasks(t->db, t->a, 1, pid2, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, theirs);
	assert_int_equal(items[1].id, soon);
}

/* Two people register the same follow-up at once: one wins, the other is
 * told, on both engines. */
struct racer {
	struct store *store;
	int64_t task;
	int64_t user;
	enum task_result result;
	pthread_barrier_t *start;
	int rc;
};

static void *
race_done(void *arg)
{
	struct racer *r = arg;
	struct db *db = store_acquire(r->store);
	pthread_barrier_wait(r->start);
	int rc = store_tx_begin(db);
	if (rc == SC_OK) {
		struct task d = done_by(r->task, r->user, TODAY, r->result, "");
		rc = store_task_done(db, 1, &d);
	}
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	else
		store_tx_rollback(db);
	r->rc = rc;
	store_release(r->store, db);
	return NULL;
}

static void
test_task_done_race(void **state)
{
	struct fx *t = *state;
	int64_t u1 = fx_user(t, "r.one", ROLE_BIT(ROLE_CONTACT));
	int64_t u2 = fx_user(t, "r.two", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Race", "exited", u1);
	for (int round = 0; round < 5; round++) {
		int64_t task = make_task(t, 1, pid, "followup_6m", "2025-03-01", u1);
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, 2);
		struct racer a = { t->store, task, u1, TASK_RESULT_EDUCATION, &start, 99 };
		struct racer b = { t->store, task, u2, TASK_RESULT_MOVED, &start, 99 };
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, race_done, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, race_done, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&start);
		if (!((a.rc == SC_OK && b.rc == SC_ECONFLICT) || (a.rc == SC_ECONFLICT && b.rc == SC_OK)))
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		struct task row;
		assert_int_equal(store_task_get(t->db, t->a, 1, task, &row), SC_OK);
		struct racer *winner = a.rc == SC_OK ? &a : &b;
		assert_int_equal(row.done_by, winner->user);
		assert_int_equal(row.result, winner->result);
	}
}

/* A task of another centre is neither found, listed nor registered there. */
static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other tasks");
	int64_t me = fx_user(t, "t.centre", ROLE_BIT(ROLE_CONTACT));
	int64_t p = fx_participant(t, other, "Centretask", "exited", me);
	int64_t task = make_task(t, other, p, "followup_6m", "2025-03-01", me);
	struct task row;
	assert_int_equal(store_task_get(t->db, t->a, 1, task, &row), SC_ENOTFOUND);
	struct task *items = NULL;
	size_t n = 0;
	assert_int_equal(store_tasks(t->db, t->a, 1, p, &items, &n), SC_OK);
	assert_int_equal(n, 0);
	struct task d = done_by(task, me, TODAY, TASK_RESULT_MOVED, "Not here.");
	assert_int_equal(store_task_done(t->db, 1, &d), SC_ENOTFOUND);
	/* in its own centre it is untouched, and can be registered */
	assert_int_equal(store_task_get(t->db, t->a, other, task, &row), SC_OK);
	assert_int_equal(row.done_on.y, 0);
	assert_int_equal(store_tasks(t->db, t->a, other, p, &items, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_task_done(t->db, other, &d), SC_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_tasks),
		FX_TEST(test_task_done_race),
		FX_TEST(test_other_centre),
	};
	return fx_run("test_store_task", tests, sizeof tests / sizeof tests[0]);
}
