/*
 * test_store_followup.c — contract tests for the follow-up store
 * (src/store/store_followup.h): the meeting log, health notes, follow-up
 * tasks after exit (with the version-safe registration, also under two
 * threads at once) and the Today queries of a contact person's day.
 *
 * Runs on SQLite by default and on PostgreSQL when SC_TEST_DB_URL is set,
 * like test_store.c. Rows of other areas (participants, enrolments, plans,
 * goals, steps, evaluations, tasks) are inserted with plain SQL through the
 * driver (src/store/db.h), so these tests do not depend on those areas.
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
#include <unistd.h>

#include "domain/access.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static char url[4200];
static char tmpdir[4096];   /* SQLite only: the directory to remove */
static bool is_pg;
static struct store *store;

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
static const struct date TODAY = { 2025, 3, 14 };
static const struct date WINDOW_END = { 2025, 3, 21 };      /* due soon: 7 days */
static const struct date CONTACT_BEFORE = { 2025, 2, 28 };  /* no contact: 14 days */

/* ---- fixtures ---- */

static int
open_store(void **state)
{
	(void)state;
	char err[512] = "";
	int rc = store_open(url, 4, 5000, &store, err, sizeof err);
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

/* ---- rows of other areas, in plain SQL ---- */

static int64_t
returning_id(struct db *db, struct db_stmt *st, const char *what)
{
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (id <= 0)
		fail_msg("insert %s: %d: %s", what, rc, db_errmsg(db));
	return id;
}

static int64_t
make_user(struct db *db, const char *username)
{
	int64_t id = 0;
	int rc = store_user_create(db, username, username, "$argon2id$fake", ROLE_BIT(ROLE_CONTACT),
				   "en", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create(%s): %s: %s", username, sc_strerror(rc), store_errmsg(db));
	return id;
}

static const char sql_participant[] =
	"INSERT INTO participants (given_name, family_name, birth_date, gender, status, contact_id,"
	" name_key, created_at, updated_at) VALUES ($1, $2, '1990-05-01', 'female', $3, $4, $5, 1, 1)"
	" RETURNING id";

/* A participant with a status and a contact person (0 = none). */
static int64_t
make_participant(struct db *db, const char *family, const char *status, int64_t contact_id)
{
	struct db_stmt *st = db_prepare(db, sql_participant);
	assert_non_null(st);
	db_bind_text(st, 1, "Amina");
	db_bind_text(st, 2, family);
	db_bind_text(st, 3, status);
	if (contact_id > 0)
		db_bind_int(st, 4, contact_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, family);
	return returning_id(db, st, "participant");
}

static const char sql_enrolment[] =
	"INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at)"
	" VALUES ($1, $2, '2099-01-01', 'active', 1, 1) RETURNING id";

static int64_t
make_enrolment(struct db *db, int64_t pid, const char *start)
{
	struct db_stmt *st = db_prepare(db, sql_enrolment);
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, start);
	return returning_id(db, st, "enrolment");
}

static const char sql_plan[] =
	"INSERT INTO work_plans (enrolment_id, participant_id, created_at, updated_at)"
	" VALUES ($1, $2, 1, 1) RETURNING id";

/* An enrolment and its work plan; returns the plan. */
static int64_t
make_plan(struct db *db, int64_t pid, const char *start)
{
	int64_t eid = make_enrolment(db, pid, start);
	struct db_stmt *st = db_prepare(db, sql_plan);
	assert_non_null(st);
	db_bind_int(st, 1, eid);
	db_bind_int(st, 2, pid);
	return returning_id(db, st, "work plan");
}

static const char sql_goal[] =
	"INSERT INTO goals (plan_id, participant_id, category, title, status, created_at, updated_at)"
	" VALUES ($1, $2, 'work', $3, $4, 1, 1) RETURNING id";

static int64_t
make_goal(struct db *db, int64_t plan, int64_t pid, const char *title, const char *status)
{
	struct db_stmt *st = db_prepare(db, sql_goal);
	assert_non_null(st);
	db_bind_int(st, 1, plan);
	db_bind_int(st, 2, pid);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, status);
	return returning_id(db, st, "goal");
}

static const char sql_step[] =
	"INSERT INTO goal_steps (goal_id, participant_id, ord, description, due_on, done_on)"
	" VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

/* due and done may be NULL. */
static int64_t
make_step(struct db *db, int64_t goal, int64_t pid, const char *text, const char *due, const char *done)
{
	static int ord;
	struct db_stmt *st = db_prepare(db, sql_step);
	assert_non_null(st);
	db_bind_int(st, 1, goal);
	db_bind_int(st, 2, pid);
	db_bind_int(st, 3, ++ord);
	db_bind_text(st, 4, text);
	db_bind_text(st, 5, due);
	db_bind_text(st, 6, done);
	return returning_id(db, st, "goal step");
}

static const char sql_evaluation[] =
	"INSERT INTO plan_evaluations (plan_id, participant_id, due_on, done_on)"
	" VALUES ($1, $2, $3, $4) RETURNING id";

static int64_t
make_evaluation(struct db *db, int64_t plan, int64_t pid, const char *due, const char *done)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation);
	assert_non_null(st);
	db_bind_int(st, 1, plan);
	db_bind_int(st, 2, pid);
	db_bind_text(st, 3, due);
	db_bind_text(st, 4, done);
	return returning_id(db, st, "evaluation");
}

static const char sql_task[] =
	"INSERT INTO tasks (participant_id, kind, due_on, assignee_id) VALUES ($1, $2, $3, $4) RETURNING id";

static int64_t
make_task(struct db *db, int64_t pid, const char *kind, const char *due, int64_t assignee)
{
	struct db_stmt *st = db_prepare(db, sql_task);
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, due);
	if (assignee > 0)
		db_bind_int(st, 4, assignee);
	else
		db_bind_null(st, 4);
	return returning_id(db, st, "task");
}

static struct date
date_of(const char *s)
{
	struct date d = {0, 0, 0};
	if (date_parse(s, &d) != SC_OK)
		fail_msg("bad date %s", s);
	return d;
}

/* Logs a meeting through the store; next may be NULL. */
static int64_t
log_meeting(struct db *db, int64_t pid, const char *held, const char *next, int64_t author)
{
	struct meeting m = {
		.held_on = date_of(held), .channel = MEETING_PHONE, .interpreter = false,
		.minutes = "", .next_steps = "",
	};
	if (next != NULL) {
		m.has_next_meeting = true;
		m.next_meeting = date_of(next);
	}
	int64_t id = 0;
	assert_int_equal(store_meeting_add(db, pid, &m, author, 1700000000, &id), SC_OK);
	assert_true(id > 0);
	return id;
}

/* ---- meetings ---- */

static void
test_meetings(void **state)
{
	struct t *t = *state;
	int64_t me = make_user(t->db, "m.contact");
	int64_t pid = make_participant(t->db, "Meetings", "active", me);
	int64_t other = make_participant(t->db, "Elsewhere", "active", me);

	struct meeting m = {
		.held_on = D(2025, 3, 1), .channel = MEETING_HOME_VISIT, .interpreter = true,
		.minutes = "Talked about the café.\nShe wants to cook.", .next_steps = "Ask the employer.",
		.has_next_meeting = true, .next_meeting = D(2025, 3, 20),
	};
	int64_t first = 0;
	assert_int_equal(store_meeting_add(t->db, pid, &m, me, 1700000001, &first), SC_OK);
	int64_t older = log_meeting(t->db, pid, "2025-02-01", NULL, 0);
	int64_t same_day = log_meeting(t->db, pid, "2025-03-01", "2025-03-02", me);
	int64_t newest = log_meeting(t->db, pid, "2025-03-10", NULL, me);
	log_meeting(t->db, other, "2025-03-11", NULL, me);

	struct meeting_row *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_meeting_list(t->db, t->a, pid, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 4);
	assert_int_equal(n, 4);
	/* newest first; on the same day the later entry first */
	assert_int_equal(items[0].id, newest);
	assert_int_equal(items[1].id, same_day);
	assert_int_equal(items[2].id, first);
	assert_int_equal(items[3].id, older);

	struct meeting_row *f = &items[2];
	assert_int_equal(f->participant_id, pid);
	assert_string_equal(f->held_on, "2025-03-01");
	assert_string_equal(f->channel, "home_visit");
	assert_true(f->interpreter);
	assert_string_equal(f->minutes, "Talked about the café.\nShe wants to cook.");
	assert_string_equal(f->next_steps, "Ask the employer.");
	assert_string_equal(f->next_meeting, "2025-03-20");
	assert_int_equal(f->author_id, me);
	assert_string_equal(f->author_name, "m.contact");
	assert_int_equal(f->created_at, 1700000001);
	/* no next meeting, no author */
	assert_string_equal(items[3].next_meeting, "");
	assert_int_equal(items[3].author_id, 0);
	assert_string_equal(items[3].author_name, "");
	assert_false(items[3].interpreter);

	/* pages of 3 */
	assert_int_equal(store_meeting_list(t->db, t->a, pid, 3, 0, &items, &n, &total), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, 4);
	assert_int_equal(store_meeting_list(t->db, t->a, pid, 3, 3, &items, &n, &total), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, older);
	assert_int_equal(store_meeting_list(t->db, t->a, pid, 3, 30, &items, &n, &total), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 4);

	/* a participant without meetings */
	int64_t none = make_participant(t->db, "Nomeet", "active", me);
	assert_int_equal(store_meeting_list(t->db, t->a, none, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);

	/* a channel outside the enum is refused before SQL */
	m.channel = 0;
	assert_int_equal(store_meeting_add(t->db, pid, &m, me, 1, NULL), SC_EINVAL);
	assert_int_equal(store_meeting_list(t->db, t->a, pid, 50, 0, &items, &n, &total), SC_OK);
	assert_int_equal(total, 4);
}

/* ---- health notes ---- */

static void
test_tasks(void **state)
{
	struct t *t = *state;
	int64_t me = make_user(t->db, "t.contact");
	int64_t colleague = make_user(t->db, "t.colleague");
	int64_t pid = make_participant(t->db, "Tasks", "exited", me);
	int64_t pid2 = make_participant(t->db, "Tasktwo", "exited", 0);

	int64_t overdue = make_task(t->db, pid, "followup_6m", "2025-03-10", me);
	int64_t later = make_task(t->db, pid, "followup_12m", "2025-09-10", me);
	int64_t soon = make_task(t->db, pid2, "followup_6m", "2025-03-21", me);
	int64_t after_window = make_task(t->db, pid2, "followup_12m", "2025-03-22", me);
	int64_t theirs = make_task(t->db, pid2, "followup_6m", "2025-03-01", colleague);
	(void)after_window;

	struct task_row *items = NULL;
	size_t n = 0;
	assert_int_equal(store_task_list_due(t->db, t->a, me, WINDOW_END, 0, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, overdue);
	assert_int_equal(items[1].id, soon);
	assert_string_equal(items[0].kind, "followup_6m");
	assert_string_equal(items[0].due_on, "2025-03-10");
	assert_string_equal(items[0].family_name, "Tasks");
	assert_string_equal(items[0].given_name, "Amina");
	assert_int_equal(items[0].assignee_id, me);
	assert_string_equal(items[0].assignee_name, "t.contact");
	assert_string_equal(items[0].done_on, "");
	assert_string_equal(items[0].result, "");

	/* the window limit */
	assert_int_equal(store_task_list_due(t->db, t->a, me, WINDOW_END, 1, &items, &n), SC_OK);
	assert_int_equal(n, 1);

	struct task_row row;
	assert_int_equal(store_task_get(t->db, t->a, later, &row), SC_OK);
	assert_int_equal(row.participant_id, pid);
	assert_string_equal(row.kind, "followup_12m");
	assert_int_equal(store_task_get(t->db, t->a, later + 100000, &row), SC_ENOTFOUND);

	/* register the overdue one */
	struct task_done d = { .result = TASK_RESULT_EMPLOYED_PART, .note = "Works 60 % in a canteen." };
	assert_int_equal(store_task_done(t->db, overdue, TODAY, me, &d), SC_OK);
	assert_int_equal(store_task_get(t->db, t->a, overdue, &row), SC_OK);
	assert_string_equal(row.done_on, "2025-03-14");
	assert_int_equal(row.done_by, me);
	assert_string_equal(row.done_by_name, "t.contact");
	assert_string_equal(row.result, "employed_part");
	assert_string_equal(row.note, "Works 60 % in a canteen.");

	/* a second registration is refused and overwrites nothing */
	struct task_done d2 = { .result = TASK_RESULT_MOVED, .note = "Moved away." };
	assert_int_equal(store_task_done(t->db, overdue, D(2025, 3, 15), colleague, &d2), SC_ECONFLICT);
	assert_int_equal(store_task_get(t->db, t->a, overdue, &row), SC_OK);
	assert_string_equal(row.result, "employed_part");
	assert_int_equal(row.done_by, me);
	assert_string_equal(row.done_on, "2025-03-14");
	assert_int_equal(store_task_done(t->db, overdue + 100000, TODAY, me, &d2), SC_ENOTFOUND);
	d2.result = 0;
	assert_int_equal(store_task_done(t->db, soon, TODAY, me, &d2), SC_EINVAL);

	/* done tasks leave the list */
	assert_int_equal(store_task_list_due(t->db, t->a, me, WINDOW_END, 0, &items, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, soon);

	/* a participant's tasks, done or not, by due date */
	assert_int_equal(store_task_list_participant(t->db, t->a, pid, &items, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, overdue);
	assert_int_equal(items[1].id, later);
	assert_int_equal(store_task_list_participant(t->db, t->a, pid2, &items, &n), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(items[0].id, theirs);
}

/* Two people register the same follow-up at once: one wins, the other is
 * told, on both engines. */
struct racer {
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
	struct db *db = store_acquire(store);
	pthread_barrier_wait(r->start);
	int rc = store_tx_begin(db);
	if (rc == SC_OK) {
		struct task_done d = { .result = r->result, .note = "" };
		rc = store_task_done(db, r->task, TODAY, r->user, &d);
	}
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	else
		store_tx_rollback(db);
	r->rc = rc;
	store_release(store, db);
	return NULL;
}

static void
test_task_done_race(void **state)
{
	struct t *t = *state;
	int64_t u1 = make_user(t->db, "r.one");
	int64_t u2 = make_user(t->db, "r.two");
	int64_t pid = make_participant(t->db, "Race", "exited", u1);
	for (int round = 0; round < 5; round++) {
		int64_t task = make_task(t->db, pid, "followup_6m", "2025-03-01", u1);
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, 2);
		struct racer a = { task, u1, TASK_RESULT_EDUCATION, &start, 99 };
		struct racer b = { task, u2, TASK_RESULT_MOVED, &start, 99 };
		pthread_t ta, tb;
		assert_int_equal(pthread_create(&ta, NULL, race_done, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, race_done, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&start);
		if (!((a.rc == SC_OK && b.rc == SC_ECONFLICT) || (a.rc == SC_ECONFLICT && b.rc == SC_OK)))
			fail_msg("round %d: %s and %s", round, sc_strerror(a.rc), sc_strerror(b.rc));
		struct task_row row;
		assert_int_equal(store_task_get(t->db, t->a, task, &row), SC_OK);
		struct racer *winner = a.rc == SC_OK ? &a : &b;
		assert_int_equal(row.done_by, winner->user);
		assert_string_equal(row.result, task_result_key(winner->result));
	}
}

/* ---- Today ---- */

static const struct today_row *
find_row(const struct today_list *l, int64_t pid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->rows[i].participant_id == pid)
			return &l->rows[i];
	return NULL;
}

static void
test_today(void **state)
{
	struct t *t = *state;
	int64_t me = make_user(t->db, "today.me");
	int64_t them = make_user(t->db, "today.them");

	/* planned meetings */
	int64_t p_today = make_participant(t->db, "Aden", "active", me);
	log_meeting(t->db, p_today, "2025-03-01", "2025-03-14", me);
	int64_t p_passed = make_participant(t->db, "Bashir", "active", me);
	log_meeting(t->db, p_passed, "2025-03-02", "2025-03-10", me);
	int64_t p_since = make_participant(t->db, "Cali", "active", me);     /* met since it was planned */
	log_meeting(t->db, p_since, "2025-03-03", "2025-03-14", me);
	log_meeting(t->db, p_since, "2025-03-12", "2025-03-30", me);
	int64_t p_nonext = make_participant(t->db, "Dahir", "paused", me);
	log_meeting(t->db, p_nonext, "2025-03-10", NULL, me);
	int64_t p_exited = make_participant(t->db, "Egal", "exited", me);
	log_meeting(t->db, p_exited, "2025-03-04", "2025-03-14", me);
	int64_t p_theirs = make_participant(t->db, "Farah", "active", them);
	log_meeting(t->db, p_theirs, "2025-03-04", "2025-03-14", them);
	int64_t p_tie = make_participant(t->db, "Gedi", "active", me);       /* same day: the later entry counts */
	log_meeting(t->db, p_tie, "2025-03-05", "2025-03-14", me);
	log_meeting(t->db, p_tie, "2025-03-05", NULL, me);
	int64_t p_waiting = make_participant(t->db, "Hassan", "waiting", me); /* caseload, not yet active */
	log_meeting(t->db, p_waiting, "2025-03-06", "2025-03-14", me);

	/* goal steps and evaluations */
	int64_t plan = make_plan(t->db, p_today, "2025-01-01");
	int64_t goal = make_goal(t->db, plan, p_today, "Work in a canteen", "in_progress");
	int64_t goal_dropped = make_goal(t->db, plan, p_today, "Drive a bus", "dropped");
	int64_t goal_done = make_goal(t->db, plan, p_today, "Open a bank account", "achieved");
	int64_t s_overdue = make_step(t->db, goal, p_today, "Hygiene course", "2025-03-01", NULL);
	int64_t s_soon = make_step(t->db, goal, p_today, "Visit the canteen", "2025-03-21", NULL);
	int64_t s_today = make_step(t->db, goal, p_today, "Write a CV", "2025-03-14", NULL);
	make_step(t->db, goal, p_today, "Interview", "2025-03-22", NULL);          /* after the window */
	make_step(t->db, goal, p_today, "Buy shoes", "2025-03-01", "2025-03-02");   /* done */
	make_step(t->db, goal, p_today, "Someday", NULL, NULL);                     /* no date */
	make_step(t->db, goal_dropped, p_today, "Licence", "2025-03-01", NULL);
	make_step(t->db, goal_done, p_today, "Visit the bank", "2025-03-01", NULL);
	int64_t plan_theirs = make_plan(t->db, p_theirs, "2025-01-01");
	int64_t goal_theirs = make_goal(t->db, plan_theirs, p_theirs, "Not mine", "planned");
	make_step(t->db, goal_theirs, p_theirs, "Not mine either", "2025-03-01", NULL);
	make_evaluation(t->db, plan_theirs, p_theirs, "2025-03-01", NULL);
	int64_t plan_exited = make_plan(t->db, p_exited, "2024-01-01");
	make_evaluation(t->db, plan_exited, p_exited, "2025-03-01", NULL);

	int64_t e_overdue = make_evaluation(t->db, plan, p_today, "2025-03-10", NULL);
	int64_t e_edge = make_evaluation(t->db, plan, p_today, "2025-03-21", NULL);
	make_evaluation(t->db, plan, p_today, "2025-03-22", NULL);
	make_evaluation(t->db, plan, p_today, "2025-03-01", "2025-03-01");

	/* no contact: cut-off 2025-02-28 */
	int64_t p_start = make_participant(t->db, "Ibrahim", "active", me);    /* enrolled, never met */
	make_enrolment(t->db, p_start, "2025-01-02");
	int64_t p_old = make_participant(t->db, "Jama", "paused", me);        /* last met 15 days ago */
	make_enrolment(t->db, p_old, "2024-01-01");
	log_meeting(t->db, p_old, "2024-12-01", NULL, me);
	log_meeting(t->db, p_old, "2025-02-27", NULL, me);
	int64_t p_edge = make_participant(t->db, "Kahin", "active", me);      /* exactly 14 days ago */
	log_meeting(t->db, p_edge, "2025-02-28", NULL, me);
	int64_t p_never = make_participant(t->db, "Liban", "active", me);     /* no programme, no meeting */
	int64_t p_recent_start = make_participant(t->db, "Mohamed", "active", me);
	make_enrolment(t->db, p_recent_start, "2025-03-10");
	int64_t p_old_theirs = make_participant(t->db, "Nur", "active", them);
	make_enrolment(t->db, p_old_theirs, "2020-01-01");
	int64_t p_waiting_old = make_participant(t->db, "Omar", "waiting", me);
	(void)p_waiting_old;

	/* follow-ups after exit: by assignee, whatever the participant's status */
	int64_t t_overdue = make_task(t->db, p_exited, "followup_6m", "2025-03-10", me);
	int64_t t_soon = make_task(t->db, p_exited, "followup_12m", "2025-03-21", me);
	make_task(t->db, p_exited, "followup_12m", "2025-03-22", me);
	make_task(t->db, p_theirs, "followup_6m", "2025-03-01", them);
	int64_t t_done = make_task(t->db, p_exited, "followup_6m", "2025-03-01", me);
	struct task_done d = { .result = TASK_RESULT_UNKNOWN, .note = "" };
	assert_int_equal(store_task_done(t->db, t_done, TODAY, me, &d), SC_OK);

	struct today day;
	assert_int_equal(store_today(t->db, t->a, me, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);

	/* planned: the passed one first (by date), then today's by name; the
	 * tie's latest entry (same day, later id) planned nothing */
	assert_int_equal(day.planned.n, 3);
	assert_false(day.planned.more);
	assert_int_equal(day.planned.rows[0].participant_id, p_passed);
	assert_string_equal(day.planned.rows[0].date, "2025-03-10");
	assert_string_equal(day.planned.rows[0].detail, "2025-03-02");
	assert_true(day.planned.rows[0].id > 0);
	assert_int_equal(day.planned.rows[1].participant_id, p_today);
	assert_string_equal(day.planned.rows[1].date, "2025-03-14");
	assert_string_equal(day.planned.rows[1].given_name, "Amina");
	assert_string_equal(day.planned.rows[1].family_name, "Aden");
	assert_int_equal(day.planned.rows[2].participant_id, p_waiting);
	assert_null(find_row(&day.planned, p_since));
	assert_null(find_row(&day.planned, p_nonext));
	assert_null(find_row(&day.planned, p_exited));
	assert_null(find_row(&day.planned, p_theirs));
	assert_null(find_row(&day.planned, p_tie));
	assert_int_equal(meeting_planned_state(date_of(day.planned.rows[0].date), TODAY), MEETING_PLANNED_PASSED);
	assert_int_equal(meeting_planned_state(date_of(day.planned.rows[1].date), TODAY), MEETING_PLANNED_TODAY);

	/* goal steps of open goals, due by the window end, by date */
	assert_int_equal(day.steps.n, 3);
	assert_int_equal(day.steps.rows[0].id, s_overdue);
	assert_string_equal(day.steps.rows[0].date, "2025-03-01");
	assert_string_equal(day.steps.rows[0].title, "Work in a canteen");
	assert_string_equal(day.steps.rows[0].text, "Hygiene course");
	assert_int_equal(day.steps.rows[0].participant_id, p_today);
	assert_int_equal(day.steps.rows[1].id, s_today);
	assert_int_equal(day.steps.rows[2].id, s_soon);
	assert_int_equal(followup_due_state(date_of(day.steps.rows[0].date), false, TODAY, 7), FOLLOWUP_OVERDUE);
	assert_int_equal(followup_due_state(date_of(day.steps.rows[1].date), false, TODAY, 7), FOLLOWUP_DUE);
	assert_int_equal(followup_due_state(date_of(day.steps.rows[2].date), false, TODAY, 7), FOLLOWUP_DUE);

	/* evaluations */
	assert_int_equal(day.evaluations.n, 2);
	assert_int_equal(day.evaluations.rows[0].id, e_overdue);
	assert_string_equal(day.evaluations.rows[0].date, "2025-03-10");
	assert_int_equal(day.evaluations.rows[1].id, e_edge);
	assert_int_equal(day.evaluations.rows[1].participant_id, p_today);

	/* no contact: never first, then by the last contact */
	assert_int_equal(day.no_contact.n, 3);
	assert_int_equal(day.no_contact.rows[0].participant_id, p_never);
	assert_string_equal(day.no_contact.rows[0].date, "");
	assert_string_equal(day.no_contact.rows[0].detail, "");
	assert_int_equal(day.no_contact.rows[1].participant_id, p_start);
	assert_string_equal(day.no_contact.rows[1].date, "2025-01-02");
	assert_string_equal(day.no_contact.rows[1].detail, "start");
	assert_int_equal(day.no_contact.rows[2].participant_id, p_old);
	assert_string_equal(day.no_contact.rows[2].date, "2025-02-27");
	assert_string_equal(day.no_contact.rows[2].detail, "meeting");
	assert_null(find_row(&day.no_contact, p_edge));
	assert_null(find_row(&day.no_contact, p_recent_start));
	assert_null(find_row(&day.no_contact, p_old_theirs));
	assert_null(find_row(&day.no_contact, p_waiting_old));
	assert_null(find_row(&day.no_contact, p_exited));
	for (size_t i = 1; i < day.no_contact.n; i++) {
		struct date last = date_of(day.no_contact.rows[i].date);
		assert_true(followup_no_contact(&last, TODAY, 14));
	}

	/* follow-ups */
	assert_int_equal(day.tasks.n, 2);
	assert_int_equal(day.tasks.rows[0].id, t_overdue);
	assert_string_equal(day.tasks.rows[0].title, "followup_6m");
	assert_string_equal(day.tasks.rows[0].date, "2025-03-10");
	assert_int_equal(day.tasks.rows[0].participant_id, p_exited);
	assert_string_equal(day.tasks.rows[0].family_name, "Egal");
	assert_int_equal(day.tasks.rows[1].id, t_soon);

	/* the other contact person's day holds only their own */
	assert_int_equal(store_today(t->db, t->a, them, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.planned.n, 1);
	assert_int_equal(day.planned.rows[0].participant_id, p_theirs);
	assert_int_equal(day.steps.n, 1);
	assert_int_equal(day.evaluations.n, 1);
	assert_int_equal(day.no_contact.n, 1);
	assert_int_equal(day.no_contact.rows[0].participant_id, p_old_theirs);
	assert_int_equal(day.tasks.n, 1);

	/* someone with no caseload has an empty day */
	int64_t nobody = make_user(t->db, "today.nobody");
	assert_int_equal(store_today(t->db, t->a, nobody, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.planned.n + day.steps.n + day.evaluations.n + day.no_contact.n + day.tasks.n, 0);

	/* a day later the planned meeting has passed and the edge has no contact */
	struct date tomorrow = D(2025, 3, 15);
	assert_int_equal(store_today(t->db, t->a, me, tomorrow, followup_due_window_end(tomorrow, 7),
				     followup_no_contact_before(tomorrow, 14), &day), SC_OK);
	assert_non_null(find_row(&day.no_contact, p_edge));
	assert_int_equal(day.planned.n, 3);
	for (size_t i = 0; i < day.planned.n; i++)
		assert_int_equal(meeting_planned_state(date_of(day.planned.rows[i].date), tomorrow),
				 MEETING_PLANNED_PASSED);
	assert_int_equal(day.steps.n, 4);   /* the 22nd is now inside the window */
}

/* A list stops at TODAY_MAX_ROWS and says there are more. */
/* The overdue items of Today's rows, by the domain's rule. */
static int64_t
today_overdue(const struct today *d)
{
	int64_t n = 0;
	const struct { const struct today_list *l; enum overdue_kind kind; } lists[] = {
		{&d->steps, OVERDUE_STEP}, {&d->evaluations, OVERDUE_EVALUATION},
		{&d->planned, OVERDUE_MEETING}, {&d->tasks, OVERDUE_FOLLOWUP},
	};
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
		for (size_t i = 0; i < lists[k].l->n; i++)
			n += followup_overdue(lists[k].kind, date_of(lists[k].l->rows[i].date), false, true, TODAY);
	return n;
}

/* One rule for "overdue" (followup_overdue): Today, the leader's overview,
 * the person's caseload page and the caseload list count the same items
 * for the same person. */
static void
test_overdue_one_rule(void **state)
{
	struct t *t = *state;
	int64_t me = make_user(t->db, "o.me");
	int64_t them = make_user(t->db, "o.them");

	/* An active participant: an open goal's step, an achieved goal's step
	 * (nothing to do), a step due today (due, not overdue), an evaluation,
	 * and a planned meeting that passed with no meeting since. */
	int64_t p1 = make_participant(t->db, "Overdue", "active", me);
	int64_t plan = make_plan(t->db, p1, "2025-01-01");
	int64_t open = make_goal(t->db, plan, p1, "Open", "in_progress");
	int64_t achieved = make_goal(t->db, plan, p1, "Achieved", "achieved");
	make_step(t->db, open, p1, "Late", "2025-03-01", NULL);
	make_step(t->db, open, p1, "Today", "2025-03-14", NULL);
	make_step(t->db, achieved, p1, "Left behind", "2025-03-01", NULL);
	make_evaluation(t->db, plan, p1, "2025-03-10", NULL);
	log_meeting(t->db, p1, "2025-02-20", "2025-03-01", me);
	log_meeting(t->db, p1, "2025-03-03", "2025-03-10", me);
	make_task(t->db, p1, "followup_6m", "2025-03-01", them);        /* theirs */
	/* Waiting, with a passed planned meeting: still their caseload. */
	int64_t p2 = make_participant(t->db, "Waiting", "waiting", me);
	log_meeting(t->db, p2, "2025-03-01", "2025-03-12", me);
	/* Exited: the plan left the caseload, the follow-up did not. */
	int64_t p3 = make_participant(t->db, "Exited", "exited", me);
	int64_t plan3 = make_plan(t->db, p3, "2024-01-01");
	int64_t goal3 = make_goal(t->db, plan3, p3, "Gone", "planned");
	make_step(t->db, goal3, p3, "Gone too", "2025-03-01", NULL);
	make_task(t->db, p3, "followup_6m", "2025-03-01", me);
	/* Someone else's participant, exited, whose follow-up is mine. */
	int64_t p4 = make_participant(t->db, "Reassigned", "exited", them);
	make_task(t->db, p4, "followup_12m", "2025-03-05", me);

	/* step, evaluation, two meetings, two follow-ups */
	const int64_t want = 6;
	struct today d;
	assert_int_equal(store_today(t->db, t->a, me, TODAY, WINDOW_END, CONTACT_BEFORE, &d), SC_OK);
	assert_int_equal(today_overdue(&d), want);

	struct caseload_query q = {.today = TODAY, .contact_since = CONTACT_BEFORE, .due_by = {2025, 3, 21}};
	struct caseload_person person;
	assert_int_equal(store_caseload_person(t->db, t->a, 1, me, &q, &person), SC_OK);
	assert_int_equal(person.overdue, want);
	struct caseload_person *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(store_caseload_overview(t->db, t->a, 1, &q, 50, 0, &items, &n, &total), SC_OK);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (items[i].id == me) {
			assert_int_equal(items[i].overdue, want);
			found = true;
		}
	assert_true(found);

	/* The caseload list: each participant's own (the follow-ups of those
	 * who left are not on it). */
	struct caseload_row *rows = NULL;
	assert_int_equal(store_caseload_list(t->db, t->a, 1, me, &q, 50, 0, &rows, &n, &total), SC_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id == p1)
			assert_int_equal(rows[i].overdue, 3);
		else if (rows[i].id == p2)
			assert_int_equal(rows[i].overdue, 1);
		else
			fail_msg("participant %lld on the list", (long long)rows[i].id);
	}
}

static void
test_today_limit(void **state)
{
	struct t *t = *state;
	int64_t me = make_user(t->db, "limit.me");
	int64_t pid = make_participant(t->db, "Limit", "active", me);
	int64_t plan = make_plan(t->db, pid, "2025-01-01");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	for (int i = 0; i < TODAY_MAX_ROWS + 5; i++)
		make_evaluation(t->db, plan, pid, "2025-03-01", NULL);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	struct today day;
	assert_int_equal(store_today(t->db, t->a, me, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.evaluations.n, TODAY_MAX_ROWS);
	assert_true(day.evaluations.more);
	assert_false(day.steps.more);
	assert_int_equal(day.steps.n, 0);

	/* exactly the limit: no "more" */
	int64_t me2 = make_user(t->db, "limit.me2");
	int64_t pid2 = make_participant(t->db, "Limittwo", "active", me2);
	int64_t plan2 = make_plan(t->db, pid2, "2025-01-01");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	for (int i = 0; i < TODAY_MAX_ROWS; i++)
		make_evaluation(t->db, plan2, pid2, "2025-03-01", NULL);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(store_today(t->db, t->a, me2, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.evaluations.n, TODAY_MAX_ROWS);
	assert_false(day.evaluations.more);
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

/* PostgreSQL: the database is reused between runs, so start from nothing. */
static int
reset_pg(void)
{
	PGconn *c = PQconnectdb(url);
	int rc = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *res = PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
		rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
		if (rc != 0)
			fprintf(stderr, "test_store_followup: cannot reset the database: %s\n", PQresultErrorMessage(res));
		PQclear(res);
	} else {
		fprintf(stderr, "test_store_followup: %s\n", PQerrorMessage(c));
	}
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
			fprintf(stderr, "test_store_followup: SC_TEST_DB_URL must be postgresql://... or sqlite:PATH\n");
			return 1;
		}
		if (is_pg && reset_pg() != 0)
			return 1;
		if (!is_pg && access(url + 7, F_OK) == 0) {
			fprintf(stderr, "test_store_followup: %s exists; give a fresh SQLite path\n", url + 7);
			return 1;
		}
	} else {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/sc-test-followup-XXXXXX",
			 base != NULL && *base != '\0' ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(url, sizeof url, "sqlite:%s/test.db", tmpdir);
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meetings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tasks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_task_done_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_today, setup, teardown),
		cmocka_unit_test_setup_teardown(test_today_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overdue_one_rule, setup, teardown),
	};
	fprintf(stderr, "test_store_followup: %s\n", is_pg ? "PostgreSQL (SC_TEST_DB_URL)" : url);
	int failed = cmocka_run_group_tests(tests, open_store, close_store);
	if (remove_tmpdir() != 0 && tmpdir[0] != '\0')
		perror("rmdir");
	return failed;
}
