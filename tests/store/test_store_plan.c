/*
 * test_store_plan.c — work plans in the store (src/store/store_plan.h), on
 * both engines with the shared fixture: the current programme period, the
 * plan saved with a version check and a copy of every version, goals with
 * steps and history, evaluations, and never across centres. The agreement
 * rule (decision 27) is tested through the commands (app/plan.h) that
 * apply it over the store.
 *
 * The programme periods the plan depends on are made with plain SQL, so
 * these tests do not depend on the other areas' store functions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "app/plan.h"
#include "domain/access.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})

/* ---- rows the plan depends on, in plain SQL ---- */

static const char sql_make_enrolment[] =
	"INSERT INTO enrolments (participant_id, start_date, planned_end, status, centre_id, created_at,"
	" updated_at) VALUES ($1, $2, $3, $4, $5, 1000, 1000) RETURNING id";
static const char sql_count_steps_of[] = "SELECT COUNT(*) FROM goal_steps WHERE participant_id = $1";
static const char sql_count_versions[] = "SELECT COUNT(*) FROM work_plan_versions WHERE plan_id = $1";
static const char sql_count_plans[] = "SELECT COUNT(*) FROM work_plans WHERE participant_id = $1";
static const char sql_count_history[] = "SELECT COUNT(*) FROM goal_history WHERE goal_id = $1";
static const char sql_count_evals_of[] = "SELECT COUNT(*) FROM plan_evaluations WHERE participant_id = $1";
static const char sql_centre_rows[] =
	"SELECT (SELECT COUNT(*) FROM work_plans WHERE centre_id = $1)"
	" + (SELECT COUNT(*) FROM work_plan_versions WHERE centre_id = $1)"
	" + (SELECT COUNT(*) FROM goals WHERE centre_id = $1)"
	" + (SELECT COUNT(*) FROM goal_steps WHERE centre_id = $1)"
	" + (SELECT COUNT(*) FROM goal_history WHERE centre_id = $1)"
	" + (SELECT COUNT(*) FROM plan_evaluations WHERE centre_id = $1)";

static int64_t
make_enrolment(struct fx *t, int64_t centre, int64_t pid, const char *start, const char *status)
{
	struct db_stmt *st = db_prepare(t->db, sql_make_enrolment);
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, start);
	db_bind_text(st, 3, "2030-01-01");
	db_bind_text(st, 4, status);
	db_bind_int(st, 5, centre);
	int rc = db_step(st);
	if (rc != DB_ROW)
		fail_msg("enrolment: %d %s", rc, db_errmsg(t->db));
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int64_t
count_of(struct fx *t, const char *sql, int64_t arg)
{
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, arg);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static int64_t user_seq;

/* A staff user of centre 1 whose name is display. */
static int64_t
make_user(struct fx *t, const char *display)
{
	char name[32];
	snprintf(name, sizeof name, "planuser%lld", (long long)++user_seq);
	int64_t id = 0;
	int rc = store_user_create(t->db, name, display, "$argon2id$fake", ROLE_BIT(ROLE_CONTACT), "nb", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	return id;
}

/* A plan's text as a save sends it. */
static struct work_plan
plan_text(int64_t enrolment, int64_t pid, const char *wishes, const char *resources, const char *agreed)
{
	struct work_plan p;
	plan_blank(&p, pid, enrolment);
	p.wishes = wishes;
	p.resources = resources;
	if (agreed != NULL)
		assert_int_equal(date_parse(agreed, &p.agreed_on), SC_OK);
	return p;
}

/* Steps of a goal: each with a due date in April 2025 (day = place). */
static struct goal_step steps_store[64];
static size_t steps_used;

static struct goal
goal_of(int64_t plan_id, int64_t pid, enum goal_category c, const char *title, const char *target,
	enum goal_status s, size_t nsteps, const char *const *steps, int64_t now)
{
	struct goal g;
	fields_clear(goal_fields, &g);
	g.plan_id = plan_id;
	g.participant_id = pid;
	g.category = (int)c;
	g.title = title;
	if (target != NULL)
		assert_int_equal(date_parse(target, &g.target_date), SC_OK);
	g.status = (int)s;
	g.created_at = now;
	g.updated_at = now;
	if (steps_used + nsteps > sizeof steps_store / sizeof steps_store[0])
		steps_used = 0;
	struct goal_step *items = &steps_store[steps_used];
	steps_used += nsteps;
	for (size_t i = 0; i < nsteps; i++) {
		fields_clear(goal_step_fields, &items[i]);
		items[i].description = steps[i];
		items[i].due_on = D(2025, 4, (int)i + 1);
	}
	g.steps = (struct field_list){nsteps, items};
	return g;
}

static const struct goal_step *
step_of(const struct goal *g, size_t i)
{
	assert_true(i < g->steps.n);
	return &((const struct goal_step *)g->steps.items)[i];
}

/* Saves the plan in a transaction, as a command does: against expected
 * (0: a new plan). */
static int
save(struct fx *t, int64_t centre, int64_t expected, const struct work_plan *p, int64_t by, int64_t now,
     int64_t *plan_id)
{
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int64_t id = *plan_id;
	int rc = expected == 0 ? store_plan_insert(t->db, centre, p, by, now, &id)
			       : store_plan_update(t->db, centre, id, expected, p, by, now);
	if (rc == SC_OK) {
		assert_int_equal(store_tx_commit(t->db), SC_OK);
		*plan_id = id;
	} else {
		store_tx_rollback(t->db);
	}
	return rc;
}

static struct work_plan
plan_now(struct fx *t, int64_t centre, int64_t enrolment)
{
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, centre, enrolment, &wp), SC_OK);
	return wp;
}

/* ---- the period ---- */

static void
test_period(void **state)
{
	struct fx *t = *state;
	int64_t pid = fx_participant(t, 1, "Period", "active", 0);
	struct plan_period per;
	assert_int_equal(store_plan_period(t->db, t->a, 1, pid, &per), SC_ENOTFOUND);
	make_enrolment(t, 1, pid, "2019-01-07", "exited");
	assert_int_equal(store_plan_period(t->db, t->a, 1, pid, &per), SC_ENOTFOUND);
	int64_t older = make_enrolment(t, 1, pid, "2023-02-01", "paused");
	assert_int_equal(store_plan_period(t->db, t->a, 1, pid, &per), SC_OK);
	assert_int_equal(per.id, older);
	assert_string_equal(per.status, "paused");
	int64_t newer = make_enrolment(t, 1, pid, "2024-08-19", "active");
	assert_int_equal(store_plan_period(t->db, t->a, 1, pid, &per), SC_OK);
	assert_int_equal(per.id, newer);
	assert_int_equal(date_cmp(per.start_date, D(2024, 8, 19)), 0);
	assert_int_equal(date_cmp(per.planned_end, D(2030, 1, 1)), 0);
	assert_string_equal(per.status, "active");
	/* Someone else's period is not this participant's. */
	int64_t other = fx_participant(t, 1, "Other", "active", 0);
	assert_int_equal(store_plan_period(t->db, t->a, 1, other, &per), SC_ENOTFOUND);
}

/* ---- the plan ---- */

static void
test_plan_save_and_versions(void **state)
{
	struct fx *t = *state;
	int64_t kari = make_user(t, "Kari Contact");
	int64_t ola = make_user(t, "Ola Leader");
	int64_t pid = fx_participant(t, 1, "Amina", "active", kari);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");

	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, 1, en, &wp), SC_ENOTFOUND);

	struct work_plan p1 = plan_text(en, pid, "Work in a kitchen", "Cooks for many; good with people", NULL);
	int64_t plan_id = 0;
	assert_int_equal(save(t, 1, 0, &p1, kari, 2000, &plan_id), SC_OK);
	assert_true(plan_id > 0);
	assert_int_equal(plan_now(t, 1, en).version, 1);

	/* A second "first save" (someone else's form, version 0) is refused. */
	struct work_plan px = plan_text(en, pid, "Other wishes", "", NULL);
	int64_t other_id = 0;
	assert_int_equal(save(t, 1, 0, &px, ola, 2050, &other_id), SC_ECONFLICT);

	struct work_plan p2 = plan_text(en, pid, "Work in a kitchen, then my own café", "Cooks for many", "2024-10-01");
	assert_int_equal(save(t, 1, 1, &p2, ola, 3000, &plan_id), SC_OK);

	/* Stale: saved against version 1 again, or a version never saved.
	 * Nothing changes. */
	struct work_plan p3 = plan_text(en, pid, "Overwrite", "Overwrite", NULL);
	assert_int_equal(save(t, 1, 1, &p3, kari, 4000, &plan_id), SC_ECONFLICT);
	assert_int_equal(save(t, 1, 5, &p3, kari, 4000, &plan_id), SC_ECONFLICT);

	wp = plan_now(t, 1, en);
	assert_int_equal(wp.id, plan_id);
	assert_int_equal(wp.enrolment_id, en);
	assert_int_equal(wp.participant_id, pid);
	assert_int_equal(wp.version, 2);
	assert_string_equal(wp.wishes, "Work in a kitchen, then my own café");
	assert_string_equal(wp.resources, "Cooks for many");
	assert_int_equal(date_cmp(wp.agreed_on, D(2024, 10, 1)), 0);
	assert_int_equal(wp.created_at, 2000);
	assert_int_equal(wp.updated_at, 3000);
	assert_int_equal(wp.updated_by, ola);
	assert_string_equal(wp.updated_by_name, "Ola Leader");

	struct plan_version *vs = NULL;
	size_t n = 0;
	assert_int_equal(store_plan_versions(t->db, t->a, 1, plan_id, &vs, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(vs[0].version, 2);
	assert_int_equal(vs[0].saved_by, ola);
	assert_string_equal(vs[0].saved_by_name, "Ola Leader");
	assert_int_equal(date_cmp(vs[0].agreed_on, D(2024, 10, 1)), 0);
	assert_int_equal(vs[0].plan_id, plan_id);
	assert_int_equal(vs[1].version, 1);
	assert_int_equal(vs[1].saved_at, 2000);
	assert_string_equal(vs[1].wishes, "Work in a kitchen");
	assert_string_equal(vs[1].resources, "Cooks for many; good with people");
	assert_int_equal(vs[1].agreed_on.y, 0);
	assert_string_equal(vs[1].saved_by_name, "Kari Contact");
	assert_int_equal(store_plan_versions(t->db, t->a, 1, plan_id + 1000, &vs, &n), SC_OK);
	assert_int_equal(n, 0);

	/* A save by a command (no user) keeps who as unknown; empty texts
	 * are "" (the columns are NOT NULL). */
	struct work_plan p4 = plan_text(en, pid, "", "", NULL);
	assert_int_equal(save(t, 1, 2, &p4, 0, 5000, &plan_id), SC_OK);
	wp = plan_now(t, 1, en);
	assert_int_equal(wp.version, 3);
	assert_int_equal(wp.updated_by, 0);
	assert_string_equal(wp.updated_by_name, "");
	assert_string_equal(wp.wishes, "");
	assert_int_equal(wp.agreed_on.y, 0);
	assert_int_equal(count_of(t, sql_count_versions, plan_id), 3);
}

static void
test_plan_rolled_back(void **state)
{
	struct fx *t = *state;
	int64_t pid = fx_participant(t, 1, "Rollback", "active", 0);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	struct work_plan p = plan_text(en, pid, "Wishes", "Resources", NULL);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_insert(t->db, 1, &p, 0, 1000, &id), SC_OK);
	assert_int_equal(store_tx_rollback(t->db), SC_OK);
	assert_int_equal(count_of(t, sql_count_plans, pid), 0);
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, 1, en, &wp), SC_ENOTFOUND);
}

/* Two people open version 1 on two connections; the first save wins. */
static void
test_plan_two_editors(void **state)
{
	struct fx *t = *state;
	int64_t pid = fx_participant(t, 1, "Twice", "active", 0);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	struct work_plan p = plan_text(en, pid, "v1", "", NULL);
	int64_t id = 0;
	assert_int_equal(save(t, 1, 0, &p, 0, 1000, &id), SC_OK);

	struct db *other = store_acquire(t->store);
	struct work_plan mine = plan_text(en, pid, "mine", "", NULL);
	struct work_plan theirs = plan_text(en, pid, "theirs", "", NULL);
	assert_int_equal(store_tx_begin(other), SC_OK);
	assert_int_equal(store_plan_update(other, 1, id, 1, &theirs, 0, 1100), SC_OK);
	assert_int_equal(store_tx_commit(other), SC_OK);
	store_release(t->store, other);
	assert_int_equal(save(t, 1, 1, &mine, 0, 1200, &id), SC_ECONFLICT);
	struct work_plan wp = plan_now(t, 1, en);
	assert_string_equal(wp.wishes, "theirs");
	assert_int_equal(wp.version, 2);
}

static void
test_plan_ensure(void **state)
{
	struct fx *t = *state;
	int64_t pid = fx_participant(t, 1, "Ensure", "active", 0);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	int64_t id1 = 0, id2 = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, en, pid, 0, 1000, &id1), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, en, pid, 0, 1001, &id2), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(id1 > 0);
	assert_int_equal(id1, id2);
	assert_int_equal(count_of(t, sql_count_plans, pid), 1);
	assert_int_equal(count_of(t, sql_count_versions, id1), 1);
	struct work_plan wp = plan_now(t, 1, en);
	assert_int_equal(wp.id, id1);
	assert_int_equal(wp.version, 1);
	assert_string_equal(wp.wishes, "");
	/* The form then saves against version 1. */
	struct work_plan p = plan_text(en, pid, "Now written", "", NULL);
	assert_int_equal(save(t, 1, 1, &p, 0, 1100, &id1), SC_OK);
	assert_int_equal(plan_now(t, 1, en).version, 2);

	/* One plan per period: a new period gets a plan of its own. */
	int64_t en2 = make_enrolment(t, 1, pid, "2026-01-05", "active");
	int64_t id3 = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, en2, pid, 0, 1200, &id3), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(id3 != id1);
	assert_int_equal(count_of(t, sql_count_plans, pid), 2);
}

/* Clearing the agreement is a new version, kept; with none there is
 * nothing to clear and nothing changes. */
static void
test_clear_agreement(void **state)
{
	struct fx *t = *state;
	int64_t pid = fx_participant(t, 1, "Clears", "active", 0);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	struct work_plan p = plan_text(en, pid, "Work", "Cooks", "2025-05-25");
	int64_t id = 0;
	assert_int_equal(save(t, 1, 0, &p, 0, 1000, &id), SC_OK);
	bool cleared = false;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_clear_agreement(t->db, 1, id, 0, 1100, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(cleared);
	struct work_plan wp = plan_now(t, 1, en);
	assert_int_equal(wp.version, 2);
	assert_int_equal(wp.agreed_on.y, 0);
	assert_int_equal(wp.updated_at, 1100);
	assert_string_equal(wp.wishes, "Work");
	assert_int_equal(count_of(t, sql_count_versions, id), 2);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_clear_agreement(t->db, 1, id, 0, 1200, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_false(cleared);
	assert_int_equal(plan_now(t, 1, en).version, 2);
	assert_int_equal(count_of(t, sql_count_versions, id), 2);
}

/* ---- the participant's agreement, through the commands ---- */

/* A leader of centre 1 acting at now on 2025-06-15. */
static struct actor
leader(int64_t user_id, int64_t now)
{
	struct actor a = {
		.user_id = user_id,
		.username = "lena",
		.name = "Lena Leader",
		.roles = ROLE_BIT(ROLE_LEADER),
		.centre_id = 1,
		.address = "",
		.now = now,
		.today = D(2025, 6, 15),
	};
	return a;
}

/* The stored agreement and version of the plan, in its versions too. */
static void
expect_agreement(struct fx *t, int64_t en, struct date agreed, int64_t version)
{
	struct work_plan wp = plan_now(t, 1, en);
	assert_int_equal(date_cmp(wp.agreed_on, agreed), 0);
	assert_int_equal(wp.version, version);
	struct plan_version *vs = NULL;
	size_t n = 0;
	assert_int_equal(store_plan_versions(t->db, t->a, 1, wp.id, &vs, &n), SC_OK);
	assert_true(n > 0);
	assert_int_equal(vs[0].version, version);
	assert_int_equal(date_cmp(vs[0].agreed_on, agreed), 0);
}

/* A change to the agreed content clears the agreement until it is given
 * again: the wishes (the form sends the stored date back), a new goal, a
 * goal's title; progress (a goal's status, a step done) keeps it. */
static void
test_agreement_cleared_by_change(void **state)
{
	struct fx *t = *state;
	int64_t kari = make_user(t, "Kari Contact");
	int64_t pid = fx_participant(t, 1, "Agrees", "active", kari);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	struct actor a = leader(kari, 1000);
	struct outcome out;
	bool cleared = true;
	struct work_plan p1 = plan_text(0, 0, "Work in a kitchen", "Cooks well", "2025-05-25");
	assert_int_equal(app_plan_save(t->db, t->a, &a, pid, 0, &p1, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 1);
	assert_false(cleared);
	expect_agreement(t, en, D(2025, 5, 25), 1);

	/* Same text, agreement sent back: kept. */
	p1 = plan_text(0, 0, "Work in a kitchen", "Cooks well", "2025-05-25");
	assert_int_equal(app_plan_save(t->db, t->a, &a, pid, 1, &p1, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_false(cleared);
	expect_agreement(t, en, D(2025, 5, 25), 2);

	/* The wishes change, the old date comes back with them: cleared. */
	struct work_plan p2 = plan_text(0, 0, "Work in a shop", "Cooks well", "2025-05-25");
	assert_int_equal(app_plan_save(t->db, t->a, &a, pid, 2, &p2, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_true(cleared);
	expect_agreement(t, en, D(0, 0, 0), 3);

	/* Given again: a new date with the same text. */
	struct work_plan p3 = plan_text(0, 0, "Work in a shop", "Cooks well", "2025-06-02");
	assert_int_equal(app_plan_save(t->db, t->a, &a, pid, 3, &p3, &cleared, &out), SC_OK);
	assert_false(cleared);
	expect_agreement(t, en, D(2025, 6, 2), 4);

	/* A new goal: cleared, as version 5. */
	static const char *const steps[] = {"Apply for three jobs", "Visit the job club"};
	struct goal g = goal_of(0, 0, GOAL_WORK, "A job in a shop", "2025-12-01", GOAL_PLANNED, 2, steps, 0);
	assert_int_equal(app_goal_create(t->db, t->a, &a, pid, &g, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_true(cleared);
	int64_t gid = g.id;
	assert_true(gid > 0);
	expect_agreement(t, en, D(0, 0, 0), 5);

	/* A goal added while there is no agreement: nothing to clear, no new
	 * version of the plan. */
	struct goal g2 = goal_of(0, 0, GOAL_LANGUAGE, "A2 in speaking", NULL, GOAL_PLANNED, 1, steps, 0);
	assert_int_equal(app_goal_create(t->db, t->a, &a, pid, &g2, &cleared, &out), SC_OK);
	assert_false(cleared);
	expect_agreement(t, en, D(0, 0, 0), 5);

	struct work_plan p4 = plan_text(0, 0, "Work in a shop", "Cooks well", "2025-06-10");
	assert_int_equal(app_plan_save(t->db, t->a, &a, pid, 5, &p4, &cleared, &out), SC_OK);
	expect_agreement(t, en, D(2025, 6, 10), 6);

	/* Progress: the goal in progress, a step done. Kept. */
	struct goal gp = goal_of(0, 0, GOAL_WORK, "A job in a shop", "2025-12-01", GOAL_IN_PROGRESS, 2, steps, 0);
	((struct goal_step *)gp.steps.items)[0].done_on = D(2025, 6, 12);
	assert_int_equal(app_goal_update(t->db, t->a, &a, pid, gid, 1, &gp, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_int_equal(out.version, 2);
	assert_false(cleared);
	expect_agreement(t, en, D(2025, 6, 10), 6);

	/* Content: the goal's title. Cleared. */
	struct goal gt = goal_of(0, 0, GOAL_WORK, "A job in a supermarket", "2025-12-01", GOAL_IN_PROGRESS, 2, steps, 0);
	assert_int_equal(app_goal_update(t->db, t->a, &a, pid, gid, 2, &gt, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, DONE);
	assert_true(cleared);
	expect_agreement(t, en, D(0, 0, 0), 7);

	/* A stale goal save changes nothing, the agreement included. */
	struct goal gs = goal_of(0, 0, GOAL_WORK, "Stale", NULL, GOAL_PLANNED, 1, steps, 0);
	assert_int_equal(app_goal_update(t->db, t->a, &a, pid, gid, 1, &gs, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STALE);
	assert_ptr_equal(out.message, plan_reason_goal_stale);
	assert_false(cleared);
	expect_agreement(t, en, D(0, 0, 0), 7);
	struct goal stored;
	assert_int_equal(store_goal_get(t->db, t->a, 1, gid, &stored), SC_OK);
	assert_string_equal(stored.title, "A job in a supermarket");
	assert_int_equal(stored.version, 3);

	/* A stale plan save too. */
	assert_int_equal(app_plan_save(t->db, t->a, &a, pid, 6, &p4, &cleared, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_STALE);
	assert_ptr_equal(out.message, plan_reason_plan_stale);
	expect_agreement(t, en, D(0, 0, 0), 7);
}

/* ---- goals ---- */

static void
test_goals(void **state)
{
	struct fx *t = *state;
	int64_t kari = make_user(t, "Kari Contact");
	int64_t ola = make_user(t, "Ola Leader");
	int64_t pid = fx_participant(t, 1, "Goals", "active", kari);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	int64_t plan_id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, en, pid, kari, 1000, &plan_id), SC_OK);

	static const char *const lang_steps[] = {"Attend class four days a week", "Take the A2 test"};
	static const char *const work_steps[] = {"Visit Cook and Dialogue", "Talk to the canteen",
						 "Start the internship"};
	struct goal g1 = goal_of(plan_id, pid, GOAL_LANGUAGE, "Pass A2 in speaking", "2025-06-01", GOAL_PLANNED, 2,
				 lang_steps, 1100);
	struct goal g2 = goal_of(plan_id, pid, GOAL_WORK, "Internship in a canteen", NULL, GOAL_IN_PROGRESS, 3,
				 work_steps, 1200);
	struct goal_step *s2 = g2.steps.items;
	s2[0].done_on = D(2025, 3, 1);
	s2[2].due_on = D(0, 0, 0);
	int64_t gid1 = 0, gid2 = 0;
	assert_int_equal(store_goal_insert(t->db, 1, &g1, kari, &gid1), SC_OK);
	assert_int_equal(store_goal_insert(t->db, 1, &g2, kari, &gid2), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(gid1 > 0 && gid2 > gid1);

	struct goal *goals = NULL;
	size_t n = 0;
	assert_int_equal(store_plan_goals(t->db, t->a, 1, plan_id, &goals, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(goals[0].id, gid1);
	assert_int_equal(goals[0].category, GOAL_LANGUAGE);
	assert_string_equal(goals[0].title, "Pass A2 in speaking");
	assert_int_equal(date_cmp(goals[0].target_date, D(2025, 6, 1)), 0);
	assert_int_equal(goals[0].status, GOAL_PLANNED);
	assert_int_equal(goals[0].version, 1);
	assert_int_equal(goals[0].plan_id, plan_id);
	assert_int_equal(goals[0].steps.n, 2);
	assert_string_equal(step_of(&goals[0], 1)->description, "Take the A2 test");
	assert_int_equal(step_of(&goals[0], 1)->ord, 2);
	assert_int_equal(date_cmp(step_of(&goals[0], 1)->due_on, D(2025, 4, 2)), 0);
	assert_int_equal(step_of(&goals[0], 1)->done_on.y, 0);
	assert_int_equal(goals[1].status, GOAL_IN_PROGRESS);
	assert_int_equal(goals[1].target_date.y, 0);
	assert_int_equal(goals[1].steps.n, 3);
	assert_int_equal(date_cmp(step_of(&goals[1], 0)->done_on, D(2025, 3, 1)), 0);
	assert_int_equal(step_of(&goals[1], 2)->due_on.y, 0);
	/* The steps carry the participant, for the Today page. */
	assert_int_equal(count_of(t, sql_count_steps_of, pid), 5);

	/* Update against version 1: the steps are replaced. */
	static const char *const new_steps[] = {"Visit Cook and Dialogue", "Start the internship"};
	struct goal g2b = goal_of(plan_id, pid, GOAL_WORK, "Internship in a canteen", "2025-09-01", GOAL_ACHIEVED, 2,
				  new_steps, 1300);
	g2b.id = gid2;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_update(t->db, 1, &g2b, 1, ola), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);

	/* Stale, and missing. */
	struct goal g2c = goal_of(plan_id, pid, GOAL_HEALTH, "Overwrite", NULL, GOAL_DROPPED, 1, new_steps, 1400);
	g2c.id = gid2;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_update(t->db, 1, &g2c, 1, kari), SC_ECONFLICT);
	g2c.id = gid2 + 1000;
	assert_int_equal(store_goal_update(t->db, 1, &g2c, 1, kari), SC_ENOTFOUND);
	store_tx_rollback(t->db);

	struct goal g;
	assert_int_equal(store_goal_get(t->db, t->a, 1, gid2, &g), SC_OK);
	assert_int_equal(g.plan_id, plan_id);
	assert_int_equal(g.participant_id, pid);
	assert_int_equal(g.version, 2);
	assert_int_equal(g.status, GOAL_ACHIEVED);
	assert_int_equal(date_cmp(g.target_date, D(2025, 9, 1)), 0);
	assert_int_equal(g.updated_at, 1300);
	assert_int_equal(g.created_at, 1200);
	assert_int_equal(g.steps.n, 2);
	assert_string_equal(step_of(&g, 1)->description, "Start the internship");
	assert_int_equal(count_of(t, sql_count_steps_of, pid), 4);
	assert_int_equal(store_goal_get(t->db, t->a, 1, gid2 + 1000, &g), SC_ENOTFOUND);

	struct goal_version *h = NULL;
	assert_int_equal(store_goal_history(t->db, t->a, 1, gid2, &h, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].version, 1);
	assert_int_equal(h[0].goal_id, gid2);
	assert_int_equal(h[0].status, GOAL_IN_PROGRESS);
	assert_int_equal(h[0].target_date.y, 0);
	assert_string_equal(h[0].steps, "Visit Cook and Dialogue | due 2025-04-01 | done 2025-03-01\n"
					"Talk to the canteen | due 2025-04-02\n"
					"Start the internship");
	assert_int_equal(h[0].changed_by, kari);
	assert_int_equal(h[0].changed_at, 1200);
	assert_string_equal(h[0].changed_by_name, "Kari Contact");
	assert_int_equal(h[1].version, 2);
	assert_int_equal(h[1].status, GOAL_ACHIEVED);
	assert_int_equal(date_cmp(h[1].target_date, D(2025, 9, 1)), 0);
	assert_string_equal(h[1].steps, "Visit Cook and Dialogue | due 2025-04-01\n"
					"Start the internship | due 2025-04-02");
	assert_int_equal(h[1].changed_at, 1300);
	assert_string_equal(h[1].changed_by_name, "Ola Leader");
	/* target_date, status and steps changed (goal_version_content's 3rd to 5th) */
	assert_int_equal(goal_changes(&h[0], &h[1]), 0x4u | 0x8u | 0x10u);
	assert_int_equal(count_of(t, sql_count_history, gid1), 1);
	assert_int_equal(store_goal_history(t->db, t->a, 1, gid2 + 1000, &h, &n), SC_OK);
	assert_int_equal(n, 0);
}

/* Many goals and steps: the arrays grow past their first size. */
static void
test_many_goals(void **state)
{
	struct fx *t = *state;
	int64_t pid = fx_participant(t, 1, "Many", "active", 0);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	int64_t plan_id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, en, pid, 0, 1000, &plan_id), SC_OK);
	static const char *const steps[GOAL_STEPS_MAX] = {
		"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10",
		"s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20"};
	for (int i = 0; i < 12; i++) {
		struct goal g = goal_of(plan_id, pid, GOAL_EVERYDAY, "Goal", NULL, GOAL_PLANNED,
					(size_t)(i % 2 ? GOAL_STEPS_MAX : 1), steps, 1000 + i);
		int64_t id = 0;
		assert_int_equal(store_goal_insert(t->db, 1, &g, 0, &id), SC_OK);
	}
	for (int i = 0; i < 10; i++) {
		struct plan_evaluation ev;
		fields_clear(plan_evaluation_fields, &ev);
		ev.plan_id = plan_id;
		ev.participant_id = pid;
		ev.due_on = D(2025, 12 - i, 1);
		int64_t id = 0;
		assert_int_equal(store_evaluation_insert(t->db, 1, &ev, &id), SC_OK);
	}
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	struct goal *goals = NULL;
	size_t n = 0;
	assert_int_equal(store_plan_goals(t->db, t->a, 1, plan_id, &goals, &n), SC_OK);
	assert_int_equal(n, 12);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(goals[i].steps.n, i % 2 ? GOAL_STEPS_MAX : 1);
		assert_string_equal(step_of(&goals[i], goals[i].steps.n - 1)->description, i % 2 ? "s20" : "s1");
	}
	struct plan_evaluation *evs = NULL;
	assert_int_equal(store_plan_evaluations(t->db, t->a, 1, plan_id, &evs, &n), SC_OK);
	assert_int_equal(n, 10);
	assert_int_equal(date_cmp(evs[0].due_on, D(2025, 3, 1)), 0);
	assert_int_equal(date_cmp(evs[9].due_on, D(2025, 12, 1)), 0);
}

/* ---- evaluations ---- */

static int64_t
evaluation(struct fx *t, int64_t centre, int64_t plan_id, int64_t pid, struct date due)
{
	struct plan_evaluation ev;
	fields_clear(plan_evaluation_fields, &ev);
	ev.plan_id = plan_id;
	ev.participant_id = pid;
	ev.due_on = due;
	int64_t id = 0;
	assert_int_equal(store_evaluation_insert(t->db, centre, &ev, &id), SC_OK);
	assert_true(id > 0);
	return id;
}

static struct plan_evaluation
held(const char *done_on, const char *note)
{
	struct plan_evaluation ev;
	fields_clear(plan_evaluation_fields, &ev);
	assert_int_equal(date_parse(done_on, &ev.done_on), SC_OK);
	ev.note = note;
	return ev;
}

static void
test_evaluations(void **state)
{
	struct fx *t = *state;
	int64_t pid = fx_participant(t, 1, "Evaluations", "active", 0);
	int64_t en = make_enrolment(t, 1, pid, "2024-09-02", "active");
	int64_t other_pid = fx_participant(t, 1, "Elsewhere", "active", 0);
	int64_t other_en = make_enrolment(t, 1, other_pid, "2024-09-02", "active");
	int64_t plan_id = 0, other_plan = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, en, pid, 0, 1000, &plan_id), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, other_en, other_pid, 0, 1000, &other_plan), SC_OK);
	int64_t e1 = evaluation(t, 1, plan_id, pid, D(2025, 6, 1));
	int64_t e2 = evaluation(t, 1, plan_id, pid, D(2025, 1, 15));
	int64_t e3 = evaluation(t, 1, plan_id, pid, D(2025, 12, 1));
	int64_t eo = evaluation(t, 1, other_plan, other_pid, D(2025, 2, 1));
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(count_of(t, sql_count_evals_of, pid), 3);

	struct plan_evaluation *evs = NULL;
	size_t n = 0;
	assert_int_equal(store_plan_evaluations(t->db, t->a, 1, plan_id, &evs, &n), SC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(evs[0].id, e2);      /* by due date */
	assert_int_equal(evs[1].id, e1);
	assert_int_equal(evs[2].id, e3);
	assert_int_equal(evs[0].done_on.y, 0);
	assert_string_equal(evs[0].note, "");
	assert_int_equal(evs[0].plan_id, plan_id);
	assert_int_equal(evs[0].participant_id, pid);

	struct plan_evaluation went = held("2025-01-20", "Went well."), again = held("2025-01-21", "Again"),
			       none = held("2025-01-21", "");
	assert_int_equal(store_evaluation_done(t->db, 1, plan_id, e2, &went), SC_OK);
	assert_int_equal(store_evaluation_done(t->db, 1, plan_id, e2, &again), SC_ECONFLICT);
	/* Not this plan's. */
	assert_int_equal(store_evaluation_done(t->db, 1, plan_id, eo, &none), SC_ENOTFOUND);
	assert_int_equal(store_evaluation_done(t->db, 1, plan_id, eo + 1000, &none), SC_ENOTFOUND);
	struct plan_evaluation ev;
	assert_int_equal(store_evaluation_get(t->db, t->a, 1, plan_id, eo, &ev), SC_ENOTFOUND);
	assert_int_equal(store_evaluation_get(t->db, t->a, 1, plan_id, e2, &ev), SC_OK);
	assert_int_equal(date_cmp(ev.done_on, D(2025, 1, 20)), 0);
	/* A held evaluation is kept; an open one can go. */
	assert_int_equal(store_evaluation_delete(t->db, 1, plan_id, e2), SC_ECONFLICT);
	assert_int_equal(store_evaluation_delete(t->db, 1, plan_id, e3), SC_OK);
	assert_int_equal(store_evaluation_delete(t->db, 1, plan_id, e3), SC_ENOTFOUND);
	assert_int_equal(store_evaluation_delete(t->db, 1, plan_id, eo), SC_ENOTFOUND);

	assert_int_equal(store_plan_evaluations(t->db, t->a, 1, plan_id, &evs, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(date_cmp(evs[0].done_on, D(2025, 1, 20)), 0);
	assert_string_equal(evs[0].note, "Went well.");
	assert_int_equal(evs[1].done_on.y, 0);
	assert_int_equal(store_plan_evaluations(t->db, t->a, 1, other_plan, &evs, &n), SC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(evs[0].done_on.y, 0);
}

/* ---- centres ---- */

/* A plan, its goal and its evaluation in another centre are not found
 * from centre 1, and nothing written from centre 1 changes them. */
static void
test_other_centre(void **state)
{
	struct fx *t = *state;
	int64_t other = fx_centre(t, "Other centre");
	int64_t pid = fx_participant(t, other, "Elsewhere", "active", 0);
	int64_t en = make_enrolment(t, other, pid, "2024-09-02", "active");
	struct work_plan p = plan_text(en, pid, "Theirs", "Their resources", "2025-05-25");
	int64_t plan_id = 0;
	assert_int_equal(save(t, other, 0, &p, 0, 1000, &plan_id), SC_OK);
	static const char *const steps[] = {"Their step"};
	struct goal g = goal_of(plan_id, pid, GOAL_WORK, "Their goal", NULL, GOAL_PLANNED, 1, steps, 1000);
	int64_t gid = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_insert(t->db, other, &g, 0, &gid), SC_OK);
	int64_t eid = evaluation(t, other, plan_id, pid, D(2025, 6, 1));
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	int64_t rows = count_of(t, sql_centre_rows, other);
	assert_int_equal(rows, 6);   /* plan, version, goal, step, history, evaluation */
	int64_t ours = count_of(t, sql_centre_rows, 1);

	/* Not found. */
	struct plan_period per;
	assert_int_equal(store_plan_period(t->db, t->a, 1, pid, &per), SC_ENOTFOUND);
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, 1, en, &wp), SC_ENOTFOUND);
	struct plan_version *vs = NULL;
	struct goal *goals = NULL;
	struct plan_evaluation *evs = NULL;
	struct goal_version *h = NULL;
	size_t n = 99;
	assert_int_equal(store_plan_versions(t->db, t->a, 1, plan_id, &vs, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_plan_goals(t->db, t->a, 1, plan_id, &goals, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_plan_evaluations(t->db, t->a, 1, plan_id, &evs, &n), SC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_goal_history(t->db, t->a, 1, gid, &h, &n), SC_OK);
	assert_int_equal(n, 0);
	struct goal gg;
	assert_int_equal(store_goal_get(t->db, t->a, 1, gid, &gg), SC_ENOTFOUND);
	struct plan_evaluation ev;
	assert_int_equal(store_evaluation_get(t->db, t->a, 1, plan_id, eid, &ev), SC_ENOTFOUND);

	/* Not changed. */
	struct work_plan mine = plan_text(en, pid, "Mine", "", NULL);
	assert_int_equal(save(t, 1, 1, &mine, 0, 2000, &plan_id), SC_ECONFLICT);
	int64_t id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, 1, en, pid, 0, 2000, &id), SC_ENOTFOUND);
	store_tx_rollback(t->db);
	bool cleared = true;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_clear_agreement(t->db, 1, plan_id, 0, 2000, &cleared), SC_OK);
	assert_false(cleared);
	struct goal change = goal_of(plan_id, pid, GOAL_HEALTH, "Mine", NULL, GOAL_DROPPED, 1, steps, 2000);
	change.id = gid;
	assert_int_equal(store_goal_update(t->db, 1, &change, 1, 0), SC_ENOTFOUND);
	struct plan_evaluation done = held("2025-06-01", "Mine");
	assert_int_equal(store_evaluation_done(t->db, 1, plan_id, eid, &done), SC_ENOTFOUND);
	assert_int_equal(store_evaluation_delete(t->db, 1, plan_id, eid), SC_ENOTFOUND);
	assert_int_equal(store_tx_commit(t->db), SC_OK);

	wp = plan_now(t, other, en);
	assert_string_equal(wp.wishes, "Theirs");
	assert_int_equal(wp.version, 1);
	assert_int_equal(date_cmp(wp.agreed_on, D(2025, 5, 25)), 0);
	assert_int_equal(store_goal_get(t->db, t->a, other, gid, &gg), SC_OK);
	assert_string_equal(gg.title, "Their goal");
	assert_int_equal(gg.version, 1);
	assert_int_equal(gg.steps.n, 1);
	assert_int_equal(store_evaluation_get(t->db, t->a, other, plan_id, eid, &ev), SC_OK);
	assert_int_equal(ev.done_on.y, 0);
	assert_int_equal(count_of(t, sql_centre_rows, other), rows);
	assert_int_equal(count_of(t, sql_centre_rows, 1), ours);

	/* The commands of centre 1 find no such participant. */
	struct actor a = leader(0, 3000);
	struct plan_view v;
	struct outcome out;
	assert_int_equal(app_plan_read(t->db, t->a, &a, pid, &v, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	struct goal_version *hist = NULL;
	assert_int_equal(app_goal_read(t->db, t->a, &a, 0, gid, &v, &gg, &hist, &n, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	assert_int_equal(app_evaluation_delete(t->db, t->a, &a, pid, eid, &out), SC_OK);
	assert_int_equal(out.refusal, REFUSED_NOT_FOUND);
	assert_int_equal(count_of(t, sql_centre_rows, other), rows);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_period),
		FX_TEST(test_plan_save_and_versions),
		FX_TEST(test_plan_rolled_back),
		FX_TEST(test_plan_two_editors),
		FX_TEST(test_plan_ensure),
		FX_TEST(test_clear_agreement),
		FX_TEST(test_agreement_cleared_by_change),
		FX_TEST(test_goals),
		FX_TEST(test_many_goals),
		FX_TEST(test_evaluations),
		FX_TEST(test_other_centre),
	};
	return fx_run("test_store_plan", tests, sizeof tests / sizeof tests[0]);
}
