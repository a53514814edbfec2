/*
 * test_store_today.c — the queries of a contact person's day in the store
 * (store_today.c), on both engines: the planned meetings, goal steps,
 * evaluations, no contact and follow-ups of one caseload, each by the
 * follow-up rules, cut at TODAY_MAX_ROWS; the one rule for "overdue" that
 * Today and the caseload figures share; and never across centres.
 *
 * Rows of other areas (enrolments, plans, goals, steps, evaluations,
 * tasks) are made in plain SQL, so these tests do not depend on those
 * areas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fixture.h"
#include "domain/access.h"
#include "domain/followup.h"
#include "store/db.h"
#include "store/store.h"
#include "util/err.h"

#define D(yy, mm, dd) ((struct date){ .y = (yy), .m = (mm), .d = (dd) })
static const struct date TODAY = { 2025, 3, 14 };
static const struct date WINDOW_END = { 2025, 3, 21 };      /* due soon: 7 days */
static const struct date CONTACT_BEFORE = { 2025, 2, 28 };  /* no contact: 14 days */

/* ---- rows of other areas, in plain SQL ---- */

/* Runs a bound INSERT ... RETURNING id. */
static int64_t
returning_id(struct fx *t, struct db_stmt *st, const char *what)
{
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (id <= 0)
		fail_msg("insert %s: %d: %s", what, rc, db_errmsg(t->db));
	return id;
}

/* Binds text, or NULL for NULL. */
static void
bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	if (s != NULL)
		db_bind_text(st, idx, s);
	else
		db_bind_null(st, idx);
}

static const char sql_enrolment[] =
	"INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at,"
	" centre_id) VALUES ($1, $2, '2099-01-01', 'active', 1, 1, $3) RETURNING id";

static int64_t
make_enrolment(struct fx *t, int64_t centre, int64_t pid, const char *start)
{
	struct db_stmt *st = db_prepare(t->db, sql_enrolment);
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, start);
	db_bind_int(st, 3, centre);
	return returning_id(t, st, "enrolment");
}

static const char sql_plan[] =
	"INSERT INTO work_plans (enrolment_id, participant_id, created_at, updated_at, centre_id)"
	" VALUES ($1, $2, 1, 1, $3) RETURNING id";

/* An enrolment and its work plan; returns the plan. */
static int64_t
make_plan(struct fx *t, int64_t centre, int64_t pid, const char *start)
{
	int64_t eid = make_enrolment(t, centre, pid, start);
	struct db_stmt *st = db_prepare(t->db, sql_plan);
	assert_non_null(st);
	db_bind_int(st, 1, eid);
	db_bind_int(st, 2, pid);
	db_bind_int(st, 3, centre);
	return returning_id(t, st, "work plan");
}

static const char sql_goal[] =
	"INSERT INTO goals (plan_id, participant_id, category, title, status, created_at, updated_at, centre_id)"
	" VALUES ($1, $2, 'work', $3, $4, 1, 1, $5) RETURNING id";

static int64_t
make_goal(struct fx *t, int64_t centre, int64_t plan, int64_t pid, const char *title, const char *status)
{
	struct db_stmt *st = db_prepare(t->db, sql_goal);
	assert_non_null(st);
	db_bind_int(st, 1, plan);
	db_bind_int(st, 2, pid);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, status);
	db_bind_int(st, 5, centre);
	return returning_id(t, st, "goal");
}

static const char sql_step[] =
	"INSERT INTO goal_steps (goal_id, participant_id, ord, description, due_on, done_on, centre_id)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

/* due and done may be NULL. */
static int64_t
make_step(struct fx *t, int64_t centre, int64_t goal, int64_t pid, const char *text, const char *due,
	  const char *done)
{
	static int ord;
	struct db_stmt *st = db_prepare(t->db, sql_step);
	assert_non_null(st);
	db_bind_int(st, 1, goal);
	db_bind_int(st, 2, pid);
	db_bind_int(st, 3, ++ord);
	db_bind_text(st, 4, text);
	bind_text_or_null(st, 5, due);
	bind_text_or_null(st, 6, done);
	db_bind_int(st, 7, centre);
	return returning_id(t, st, "goal step");
}

static const char sql_evaluation[] =
	"INSERT INTO plan_evaluations (plan_id, participant_id, due_on, done_on, centre_id)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";

static int64_t
make_evaluation(struct fx *t, int64_t centre, int64_t plan, int64_t pid, const char *due, const char *done)
{
	struct db_stmt *st = db_prepare(t->db, sql_evaluation);
	assert_non_null(st);
	db_bind_int(st, 1, plan);
	db_bind_int(st, 2, pid);
	db_bind_text(st, 3, due);
	bind_text_or_null(st, 4, done);
	db_bind_int(st, 5, centre);
	return returning_id(t, st, "evaluation");
}

static const char sql_task[] =
	"INSERT INTO tasks (participant_id, kind, due_on, assignee_id, centre_id) VALUES ($1, $2, $3, $4, $5)"
	" RETURNING id";

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
	return returning_id(t, st, "task");
}

/* The last day the contact person may open an exited participant (the
 * exit sets it; the fixture's participants are made exited without one). */
static void
set_contact_until(struct fx *t, int64_t pid, const char *day)
{
	struct db_stmt *st = db_prepare(t->db, "UPDATE participants SET contact_until = $2 WHERE id = $1");
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, day);
	int64_t changed = 0;
	assert_int_equal(db_run(st, &changed), SC_OK);
	assert_int_equal(changed, 1);
}

static struct date
date_of(const char *s)
{
	struct date d = {0, 0, 0};
	if (date_parse(s, &d) != SC_OK)
		fail_msg("bad date %s", s);
	return d;
}

/* A line's date is the one written. */
static void
assert_date(struct date got, const char *want)
{
	char s[11];
	date_format(got, s);
	assert_string_equal(s, want);
}

/* Logs a meeting of the centre by phone through the store; next may be NULL. */
static int64_t
log_meeting(struct fx *t, int64_t centre, int64_t pid, const char *held, const char *next, int64_t author)
{
	struct meeting m;
	fields_clear(meeting_fields, &m);
	m.participant_id = pid;
	m.held_on = date_of(held);
	m.channel = MEETING_PHONE;
	m.interpreter = 0;
	if (next != NULL)
		m.next_meeting = date_of(next);
	m.author_id = author;
	m.created_at = 1700000000;
	int64_t id = 0;
	assert_int_equal(store_meeting_add(t->db, centre, &m, &id), SC_OK);
	assert_true(id > 0);
	return id;
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
	struct fx *t = *state;
	int64_t me = fx_user(t, "today.me", ROLE_BIT(ROLE_CONTACT));
	int64_t them = fx_user(t, "today.them", ROLE_BIT(ROLE_CONTACT));

	/* planned meetings */
	int64_t p_today = fx_participant(t, 1, "Aden", "active", me);
	log_meeting(t, 1, p_today, "2025-03-01", "2025-03-14", me);
	int64_t p_passed = fx_participant(t, 1, "Bashir", "active", me);
	log_meeting(t, 1, p_passed, "2025-03-02", "2025-03-10", me);
	int64_t p_since = fx_participant(t, 1, "Cali", "active", me);     /* met since it was planned */
	log_meeting(t, 1, p_since, "2025-03-03", "2025-03-14", me);
	log_meeting(t, 1, p_since, "2025-03-12", "2025-03-30", me);
	int64_t p_nonext = fx_participant(t, 1, "Dahir", "paused", me);
	log_meeting(t, 1, p_nonext, "2025-03-10", NULL, me);
	int64_t p_exited = fx_participant(t, 1, "Egal", "exited", me);
	set_contact_until(t, p_exited, "2025-03-14");   /* its last day open: today */
	log_meeting(t, 1, p_exited, "2025-03-04", "2025-03-14", me);
	int64_t p_theirs = fx_participant(t, 1, "Farah", "active", them);
	log_meeting(t, 1, p_theirs, "2025-03-04", "2025-03-14", them);
	int64_t p_tie = fx_participant(t, 1, "Gedi", "active", me);       /* same day: the later entry counts */
	log_meeting(t, 1, p_tie, "2025-03-05", "2025-03-14", me);
	log_meeting(t, 1, p_tie, "2025-03-05", NULL, me);
	int64_t p_waiting = fx_participant(t, 1, "Hassan", "waiting", me); /* caseload, not yet active */
	log_meeting(t, 1, p_waiting, "2025-03-06", "2025-03-14", me);

	/* goal steps and evaluations */
	int64_t plan = make_plan(t, 1, p_today, "2025-01-01");
	int64_t goal = make_goal(t, 1, plan, p_today, "Work in a canteen", "in_progress");
	int64_t goal_dropped = make_goal(t, 1, plan, p_today, "Drive a bus", "dropped");
	int64_t goal_done = make_goal(t, 1, plan, p_today, "Open a bank account", "achieved");
	int64_t s_overdue = make_step(t, 1, goal, p_today, "Hygiene course", "2025-03-01", NULL);
	int64_t s_soon = make_step(t, 1, goal, p_today, "Visit the canteen", "2025-03-21", NULL);
	int64_t s_today = make_step(t, 1, goal, p_today, "Write a CV", "2025-03-14", NULL);
	make_step(t, 1, goal, p_today, "Interview", "2025-03-22", NULL);          /* after the window */
	make_step(t, 1, goal, p_today, "Buy shoes", "2025-03-01", "2025-03-02");   /* done */
	make_step(t, 1, goal, p_today, "Someday", NULL, NULL);                     /* no date */
	make_step(t, 1, goal_dropped, p_today, "Licence", "2025-03-01", NULL);
	make_step(t, 1, goal_done, p_today, "Visit the bank", "2025-03-01", NULL);
	int64_t plan_theirs = make_plan(t, 1, p_theirs, "2025-01-01");
	int64_t goal_theirs = make_goal(t, 1, plan_theirs, p_theirs, "Not mine", "planned");
	make_step(t, 1, goal_theirs, p_theirs, "Not mine either", "2025-03-01", NULL);
	make_evaluation(t, 1, plan_theirs, p_theirs, "2025-03-01", NULL);
	int64_t plan_exited = make_plan(t, 1, p_exited, "2024-01-01");
	make_evaluation(t, 1, plan_exited, p_exited, "2025-03-01", NULL);

	int64_t e_overdue = make_evaluation(t, 1, plan, p_today, "2025-03-10", NULL);
	int64_t e_edge = make_evaluation(t, 1, plan, p_today, "2025-03-21", NULL);
	make_evaluation(t, 1, plan, p_today, "2025-03-22", NULL);
	make_evaluation(t, 1, plan, p_today, "2025-03-01", "2025-03-01");

	/* no contact: cut-off 2025-02-28 */
	int64_t p_start = fx_participant(t, 1, "Ibrahim", "active", me);    /* enrolled, never met */
	make_enrolment(t, 1, p_start, "2025-01-02");
	int64_t p_old = fx_participant(t, 1, "Jama", "paused", me);        /* last met 15 days ago */
	make_enrolment(t, 1, p_old, "2024-01-01");
	log_meeting(t, 1, p_old, "2024-12-01", NULL, me);
	log_meeting(t, 1, p_old, "2025-02-27", NULL, me);
	int64_t p_edge = fx_participant(t, 1, "Kahin", "active", me);      /* exactly 14 days ago */
	log_meeting(t, 1, p_edge, "2025-02-28", NULL, me);
	int64_t p_never = fx_participant(t, 1, "Liban", "active", me);     /* no programme, no meeting */
	int64_t p_recent_start = fx_participant(t, 1, "Mohamed", "active", me);
	make_enrolment(t, 1, p_recent_start, "2025-03-10");
	int64_t p_old_theirs = fx_participant(t, 1, "Nur", "active", them);
	make_enrolment(t, 1, p_old_theirs, "2020-01-01");
	int64_t p_waiting_old = fx_participant(t, 1, "Omar", "waiting", me);
	(void)p_waiting_old;

	/* follow-ups after exit: by assignee, whatever the participant's status */
	int64_t t_overdue = make_task(t, 1, p_exited, "followup_6m", "2025-03-10", me);
	int64_t t_soon = make_task(t, 1, p_exited, "followup_12m", "2025-03-21", me);
	make_task(t, 1, p_exited, "followup_12m", "2025-03-22", me);
	make_task(t, 1, p_theirs, "followup_6m", "2025-03-01", them);
	int64_t t_done = make_task(t, 1, p_exited, "followup_6m", "2025-03-01", me);
	struct task d;
	fields_clear(task_fields, &d);
	d.id = t_done;
	d.done_on = TODAY;
	d.done_by = me;
	d.result = TASK_RESULT_UNKNOWN;
	assert_int_equal(store_task_done(t->db, 1, &d), SC_OK);

	struct today_lists day;
	assert_int_equal(store_today(t->db, t->a, 1, me, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);

	/* planned: the passed one first (by date), then today's by name; the
	 * tie's latest entry (same day, later id) planned nothing */
	assert_int_equal(day.planned.n, 3);
	assert_false(day.planned.more);
	assert_int_equal(day.planned.rows[0].participant_id, p_passed);
	assert_date(day.planned.rows[0].date, "2025-03-10");
	assert_string_equal(day.planned.rows[0].detail, "2025-03-02");
	assert_true(day.planned.rows[0].id > 0);
	assert_int_equal(day.planned.rows[1].participant_id, p_today);
	assert_date(day.planned.rows[1].date, "2025-03-14");
	assert_string_equal(day.planned.rows[1].given_name, "Amina");
	assert_string_equal(day.planned.rows[1].family_name, "Aden");
	assert_int_equal(day.planned.rows[2].participant_id, p_waiting);
	assert_null(find_row(&day.planned, p_since));
	assert_null(find_row(&day.planned, p_nonext));
	assert_null(find_row(&day.planned, p_exited));
	assert_null(find_row(&day.planned, p_theirs));
	assert_null(find_row(&day.planned, p_tie));
	assert_int_equal(meeting_planned_state(day.planned.rows[0].date, TODAY), MEETING_PLANNED_PASSED);
	assert_int_equal(meeting_planned_state(day.planned.rows[1].date, TODAY), MEETING_PLANNED_TODAY);

	/* goal steps of open goals, due by the window end, by date */
	assert_int_equal(day.steps.n, 3);
	assert_int_equal(day.steps.rows[0].id, s_overdue);
	assert_date(day.steps.rows[0].date, "2025-03-01");
	assert_string_equal(day.steps.rows[0].title, "Work in a canteen");
	assert_string_equal(day.steps.rows[0].text, "Hygiene course");
	assert_int_equal(day.steps.rows[0].participant_id, p_today);
	assert_int_equal(day.steps.rows[1].id, s_today);
	assert_int_equal(day.steps.rows[2].id, s_soon);
	assert_int_equal(followup_due_state(day.steps.rows[0].date, false, TODAY, 7), FOLLOWUP_OVERDUE);
	assert_int_equal(followup_due_state(day.steps.rows[1].date, false, TODAY, 7), FOLLOWUP_DUE);
	assert_int_equal(followup_due_state(day.steps.rows[2].date, false, TODAY, 7), FOLLOWUP_DUE);

	/* evaluations */
	assert_int_equal(day.evaluations.n, 2);
	assert_int_equal(day.evaluations.rows[0].id, e_overdue);
	assert_date(day.evaluations.rows[0].date, "2025-03-10");
	assert_int_equal(day.evaluations.rows[1].id, e_edge);
	assert_int_equal(day.evaluations.rows[1].participant_id, p_today);

	/* no contact: never first, then by the last contact */
	assert_int_equal(day.no_contact.n, 3);
	assert_int_equal(day.no_contact.rows[0].participant_id, p_never);
	assert_int_equal(day.no_contact.rows[0].date.y, 0);
	assert_string_equal(day.no_contact.rows[0].detail, "");
	assert_int_equal(day.no_contact.rows[1].participant_id, p_start);
	assert_date(day.no_contact.rows[1].date, "2025-01-02");
	assert_string_equal(day.no_contact.rows[1].detail, "start");
	assert_int_equal(day.no_contact.rows[2].participant_id, p_old);
	assert_date(day.no_contact.rows[2].date, "2025-02-27");
	assert_string_equal(day.no_contact.rows[2].detail, "meeting");
	assert_null(find_row(&day.no_contact, p_edge));
	assert_null(find_row(&day.no_contact, p_recent_start));
	assert_null(find_row(&day.no_contact, p_old_theirs));
	assert_null(find_row(&day.no_contact, p_waiting_old));
	assert_null(find_row(&day.no_contact, p_exited));
	for (size_t i = 1; i < day.no_contact.n; i++) {
		struct date last = day.no_contact.rows[i].date;
		assert_true(followup_no_contact(&last, TODAY, 14));
	}

	/* follow-ups */
	assert_int_equal(day.tasks.n, 2);
	assert_int_equal(day.tasks.rows[0].id, t_overdue);
	assert_string_equal(day.tasks.rows[0].title, "followup_6m");
	assert_date(day.tasks.rows[0].date, "2025-03-10");
	assert_int_equal(day.tasks.rows[0].participant_id, p_exited);
	assert_string_equal(day.tasks.rows[0].family_name, "Egal");
	assert_int_equal(day.tasks.rows[1].id, t_soon);

	/* a follow-up of someone whose contact ended yesterday is no longer the
	 * contact person's to record: they cannot open the participant */
	int64_t p_ended = fx_participant(t, 1, "Ended", "exited", me);
	set_contact_until(t, p_ended, "2025-03-13");
	make_task(t, 1, p_ended, "followup_12m", "2025-02-10", me);
	assert_int_equal(store_today(t->db, t->a, 1, me, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.tasks.n, 2);
	assert_int_equal(day.tasks.rows[0].id, t_overdue);
	assert_int_equal(day.tasks.rows[1].id, t_soon);

	/* the other contact person's day holds only their own */
	assert_int_equal(store_today(t->db, t->a, 1, them, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.planned.n, 1);
	assert_int_equal(day.planned.rows[0].participant_id, p_theirs);
	assert_int_equal(day.steps.n, 1);
	assert_int_equal(day.evaluations.n, 1);
	assert_int_equal(day.no_contact.n, 1);
	assert_int_equal(day.no_contact.rows[0].participant_id, p_old_theirs);
	assert_int_equal(day.tasks.n, 1);

	/* someone with no caseload has an empty day */
	int64_t nobody = fx_user(t, "today.nobody", ROLE_BIT(ROLE_CONTACT));
	assert_int_equal(store_today(t->db, t->a, 1, nobody, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.planned.n + day.steps.n + day.evaluations.n + day.no_contact.n + day.tasks.n, 0);

	/* a day later the planned meeting has passed and the edge has no contact */
	struct date tomorrow = D(2025, 3, 15);
	assert_int_equal(store_today(t->db, t->a, 1, me, tomorrow, followup_due_window_end(tomorrow, 7),
				     followup_no_contact_before(tomorrow, 14), &day), SC_OK);
	assert_non_null(find_row(&day.no_contact, p_edge));
	assert_int_equal(day.planned.n, 3);
	for (size_t i = 0; i < day.planned.n; i++)
		assert_int_equal(meeting_planned_state(day.planned.rows[i].date, tomorrow),
				 MEETING_PLANNED_PASSED);
	assert_int_equal(day.steps.n, 4);   /* the 22nd is now inside the window */
}

/* A list stops at TODAY_MAX_ROWS and says there are more. */
/* The overdue items of Today's rows, by the domain's rule. */
static int64_t
today_overdue(const struct today_lists *d)
{
	int64_t n = 0;
	const struct { const struct today_list *l; enum overdue_kind kind; } lists[] = {
		{&d->steps, OVERDUE_STEP}, {&d->evaluations, OVERDUE_EVALUATION},
		{&d->planned, OVERDUE_MEETING}, {&d->tasks, OVERDUE_FOLLOWUP},
	};
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
		for (size_t i = 0; i < lists[k].l->n; i++)
			n += followup_overdue(lists[k].kind, lists[k].l->rows[i].date, false, true, TODAY);
	return n;
}

/* One rule for "overdue" (followup_overdue): Today, the leader's overview,
 * the person's caseload page and the caseload list count the same items
 * for the same person. */
static void
test_overdue_one_rule(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_user(t, "o.me", ROLE_BIT(ROLE_CONTACT));
	int64_t them = fx_user(t, "o.them", ROLE_BIT(ROLE_CONTACT));

	/* An active participant: an open goal's step, an achieved goal's step
	 * (nothing to do), a step due today (due, not overdue), an evaluation,
	 * and a planned meeting that passed with no meeting since. */
	int64_t p1 = fx_participant(t, 1, "Overdue", "active", me);
	int64_t plan = make_plan(t, 1, p1, "2025-01-01");
	int64_t open = make_goal(t, 1, plan, p1, "Open", "in_progress");
	int64_t achieved = make_goal(t, 1, plan, p1, "Achieved", "achieved");
	make_step(t, 1, open, p1, "Late", "2025-03-01", NULL);
	make_step(t, 1, open, p1, "Today", "2025-03-14", NULL);
	make_step(t, 1, achieved, p1, "Left behind", "2025-03-01", NULL);
	make_evaluation(t, 1, plan, p1, "2025-03-10", NULL);
	log_meeting(t, 1, p1, "2025-02-20", "2025-03-01", me);
	log_meeting(t, 1, p1, "2025-03-03", "2025-03-10", me);
	make_task(t, 1, p1, "followup_6m", "2025-03-01", them);        /* theirs */
	/* Waiting, with a passed planned meeting: still their caseload. */
	int64_t p2 = fx_participant(t, 1, "Waiting", "waiting", me);
	log_meeting(t, 1, p2, "2025-03-01", "2025-03-12", me);
	/* Exited: the plan left the caseload, the follow-up did not. */
	int64_t p3 = fx_participant(t, 1, "Exited", "exited", me);
	set_contact_until(t, p3, "2025-12-01");
	int64_t plan3 = make_plan(t, 1, p3, "2024-01-01");
	int64_t goal3 = make_goal(t, 1, plan3, p3, "Gone", "planned");
	make_step(t, 1, goal3, p3, "Gone too", "2025-03-01", NULL);
	make_task(t, 1, p3, "followup_6m", "2025-03-01", me);
	/* Someone else's participant, exited, whose follow-up is mine. */
	int64_t p4 = fx_participant(t, 1, "Reassigned", "exited", them);
	set_contact_until(t, p4, "2025-12-01");
	make_task(t, 1, p4, "followup_12m", "2025-03-05", me);

	/* step, evaluation, two meetings, two follow-ups */
	const int64_t want = 6;
	struct today_lists d;
	assert_int_equal(store_today(t->db, t->a, 1, me, TODAY, WINDOW_END, CONTACT_BEFORE, &d), SC_OK);
	assert_int_equal(today_overdue(&d), want);

	struct caseload_query q = {.today = TODAY, .contact_since = CONTACT_BEFORE};
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
	struct date due_by;
	assert_int_equal(date_parse("2025-03-21", &due_by), SC_OK);
	q.due_by = due_by;
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
	struct fx *t = *state;
	int64_t me = fx_user(t, "limit.me", ROLE_BIT(ROLE_CONTACT));
	int64_t pid = fx_participant(t, 1, "Limit", "active", me);
	int64_t plan = make_plan(t, 1, pid, "2025-01-01");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	for (int i = 0; i < TODAY_MAX_ROWS + 5; i++)
		make_evaluation(t, 1, plan, pid, "2025-03-01", NULL);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	struct today_lists day;
	assert_int_equal(store_today(t->db, t->a, 1, me, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.evaluations.n, TODAY_MAX_ROWS);
	assert_true(day.evaluations.more);
	assert_false(day.steps.more);
	assert_int_equal(day.steps.n, 0);

	/* exactly the limit: no "more" */
	int64_t me2 = fx_user(t, "limit.me2", ROLE_BIT(ROLE_CONTACT));
	int64_t pid2 = fx_participant(t, 1, "Limittwo", "active", me2);
	int64_t plan2 = make_plan(t, 1, pid2, "2025-01-01");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	for (int i = 0; i < TODAY_MAX_ROWS; i++)
		make_evaluation(t, 1, plan2, pid2, "2025-03-01", NULL);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(store_today(t->db, t->a, 1, me2, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.evaluations.n, TODAY_MAX_ROWS);
	assert_false(day.evaluations.more);
}

/* A contact person's day holds only the lines of their centre: the same
 * caseload, steps, evaluations, meetings and follow-ups in another centre
 * are not there. */
static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other day");
	int64_t me = fx_user(t, "c.me", ROLE_BIT(ROLE_CONTACT));
	/* one of each, in the other centre */
	int64_t p = fx_participant(t, other, "Elsewhere", "active", me);
	log_meeting(t, other, p, "2025-02-01", "2025-03-14", me);
	int64_t plan = make_plan(t, other, p, "2024-01-01");
	int64_t goal = make_goal(t, other, plan, p, "Elsewhere", "planned");
	make_step(t, other, goal, p, "Elsewhere", "2025-03-01", NULL);
	make_evaluation(t, other, plan, p, "2025-03-01", NULL);
	int64_t gone = fx_participant(t, other, "Elsewheregone", "exited", me);
	set_contact_until(t, gone, "2025-12-01");
	make_task(t, other, gone, "followup_6m", "2025-03-01", me);

	struct today_lists day;
	assert_int_equal(store_today(t->db, t->a, 1, me, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.planned.n + day.steps.n + day.evaluations.n + day.no_contact.n + day.tasks.n, 0);
	/* in their own centre: every list has its line */
	assert_int_equal(store_today(t->db, t->a, other, me, TODAY, WINDOW_END, CONTACT_BEFORE, &day), SC_OK);
	assert_int_equal(day.planned.n, 1);
	assert_int_equal(day.steps.n, 1);
	assert_int_equal(day.evaluations.n, 1);
	assert_int_equal(day.no_contact.n, 1);
	assert_int_equal(day.no_contact.rows[0].participant_id, p);
	assert_int_equal(day.tasks.n, 1);
	assert_int_equal(day.tasks.rows[0].participant_id, gone);
}

/* ---- the kept lines against a recomputation ---- */

#define LINE_COLS \
	"centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title," \
	" item_text, detail"

/* Lines kept (today_lines) that a from-scratch recomputation
 * (today_lines_computed) does not give, plus lines it gives that are not
 * kept: 0 when the kept facts are right. */
static int64_t
lines_wrong(struct fx *t)
{
	static const char sql[] =
		"SELECT (SELECT COUNT(*) FROM (SELECT " LINE_COLS " FROM today_lines EXCEPT SELECT " LINE_COLS
		" FROM today_lines_computed) a) + (SELECT COUNT(*) FROM (SELECT " LINE_COLS
		" FROM today_lines_computed EXCEPT SELECT " LINE_COLS " FROM today_lines) b)";
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* The number of kept lines of a user. */
static int64_t
lines_of(struct fx *t, int64_t user)
{
	struct db_stmt *st = db_prepare(t->db, "SELECT COUNT(*) FROM today_lines WHERE user_id = $1");
	assert_non_null(st);
	db_bind_int(st, 1, user);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* Runs one statement with one id. */
static void
exec_id(struct fx *t, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, id);
	int rc = db_run(st, NULL);
	if (rc != SC_OK)
		fail_msg("%s: %s", sql, db_errmsg(t->db));
}

/* Runs one statement with two ids. */
static void
exec_ids(struct fx *t, const char *sql, int64_t a, int64_t b)
{
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, a);
	db_bind_int(st, 2, b);
	int rc = db_run(st, NULL);
	if (rc != SC_OK)
		fail_msg("%s: %s", sql, db_errmsg(t->db));
}

/*
 * Today's lines are facts kept by every write that changes them, in its
 * transaction: after each kind of write (a participant's name, status and
 * contact person, meetings, goals and their steps, evaluations, follow-up
 * tasks, programme starts, deletions) the kept lines are exactly those a
 * recomputation from scratch gives, and the user's count is the one the
 * write leaves.
 */
static void
test_lines_kept(void **state)
{
	struct fx *t = *state;
	int64_t me = fx_user(t, "k.me", ROLE_BIT(ROLE_CONTACT));
	int64_t them = fx_user(t, "k.them", ROLE_BIT(ROLE_CONTACT));
	int64_t p = fx_participant(t, 1, "Warsame", "active", me);
	/* active, never met: one "contact" line */
	assert_int_equal(lines_of(t, me), 1);
	assert_int_equal(lines_wrong(t), 0);

	int64_t m1 = log_meeting(t, 1, p, "2025-03-01", "2025-03-14", me);   /* + planned */
	assert_int_equal(lines_of(t, me), 2);
	log_meeting(t, 1, p, "2025-03-05", NULL, me);                        /* the latest plans nothing */
	assert_int_equal(lines_of(t, me), 1);
	assert_int_equal(lines_wrong(t), 0);
	exec_id(t, "UPDATE meetings SET next_meeting = '2025-03-20' WHERE held_on = '2025-03-05'"
		   " AND participant_id = $1", p);
	assert_int_equal(lines_of(t, me), 2);
	assert_int_equal(lines_wrong(t), 0);

	int64_t plan = make_plan(t, 1, p, "2025-01-01");
	int64_t goal = make_goal(t, 1, plan, p, "Canteen", "in_progress");
	int64_t step = make_step(t, 1, goal, p, "Hygiene course", "2025-03-01", NULL);
	make_step(t, 1, goal, p, "Visit", "2025-03-10", NULL);
	make_evaluation(t, 1, plan, p, "2025-03-10", NULL);
	int64_t task = make_task(t, 1, p, "followup_6m", "2025-03-10", me);
	assert_int_equal(lines_of(t, me), 6);
	assert_int_equal(lines_wrong(t), 0);

	exec_id(t, "UPDATE goal_steps SET done_on = '2025-03-02' WHERE id = $1", step);
	assert_int_equal(lines_of(t, me), 5);
	exec_id(t, "UPDATE goals SET title = 'Kitchen' WHERE id = $1", goal);
	assert_int_equal(lines_wrong(t), 0);
	exec_id(t, "UPDATE goals SET status = 'dropped' WHERE id = $1", goal);
	assert_int_equal(lines_of(t, me), 4);
	assert_int_equal(lines_wrong(t), 0);

	exec_ids(t, "UPDATE tasks SET assignee_id = $2 WHERE id = $1", task, them);
	assert_int_equal(lines_of(t, me), 3);
	assert_int_equal(lines_of(t, them), 1);
	assert_int_equal(lines_wrong(t), 0);

	/* the name follows the participant */
	exec_id(t, "UPDATE participants SET family_name = 'Warsame-Ali' WHERE id = $1", p);
	assert_int_equal(lines_wrong(t), 0);
	/* the caseload moves to another contact person, the task stays */
	exec_ids(t, "UPDATE participants SET contact_id = $2 WHERE id = $1", p, them);
	assert_int_equal(lines_of(t, me), 0);
	assert_int_equal(lines_of(t, them), 4);
	assert_int_equal(lines_wrong(t), 0);
	/* waiting: no "contact" line; exited: only the task */
	assert_int_equal(store_participant_set_status(t->db, p, "waiting", 1), SC_OK);
	assert_int_equal(lines_of(t, them), 3);
	assert_int_equal(store_participant_set_status(t->db, p, "exited", 1), SC_OK);
	assert_int_equal(lines_of(t, them), 1);
	assert_int_equal(lines_wrong(t), 0);
	assert_int_equal(store_participant_set_status(t->db, p, "active", 1), SC_OK);
	assert_int_equal(lines_of(t, them), 4);

	/* a programme start is a contact; deletions take their lines */
	int64_t q = fx_participant(t, 1, "Yasin", "active", me);
	make_enrolment(t, 1, q, "2025-02-01");
	assert_int_equal(lines_wrong(t), 0);
	exec_id(t, "DELETE FROM meetings WHERE id = $1", m1);
	exec_id(t, "DELETE FROM plan_evaluations WHERE participant_id = $1", p);
	exec_id(t, "DELETE FROM tasks WHERE participant_id = $1", p);
	assert_int_equal(lines_of(t, them), 2);    /* the planned meeting, the contact */
	assert_int_equal(lines_wrong(t), 0);
	exec_id(t, "DELETE FROM enrolments WHERE participant_id = $1", q);
	assert_int_equal(lines_of(t, me), 1);
	assert_int_equal(lines_wrong(t), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_today),
		FX_TEST(test_today_limit),
		FX_TEST(test_overdue_one_rule),
		FX_TEST(test_other_centre),
		FX_TEST(test_lines_kept),
	};
	return fx_run("test_store_today", tests, sizeof tests / sizeof tests[0]);
}
