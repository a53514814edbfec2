/*
 * test_store_plan.c — contract tests for work plans (src/store/store_plan.h):
 * the current programme period, the plan saved with a version check and a
 * copy of every version, goals with steps and history, evaluations.
 *
 * Runs against the PostgreSQL URL in SC_TEST_DB_URL when set, else against
 * a fresh SQLite file. The rows the plan depends on (staff, participants,
 * programme periods) are made with plain SQL through the store's driver, so
 * these tests do not depend on the other areas' store functions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/plan.h"
#include "store/db.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static char url[4200];
static char tmpdir[4096];   /* SQLite only: the directory to remove */
static bool is_pg;
static struct store *store;

/* ---- fixtures ---- */

static int
open_store(void **state)
{
	(void)state;
	char err[512] = "";
	int rc = store_open(url, 2, 5000, &store, err, sizeof err);
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

/* ---- rows the plan depends on, in plain SQL ---- */

static const char sql_make_participant[] =
	"INSERT INTO participants (given_name, family_name, birth_date, gender, status, contact_id,"
	" name_key, created_at, updated_at) VALUES ($1, 'Tester', '1990-05-01', 'female', 'active',"
	" $2, $3, 1000, 1000) RETURNING id";
static const char sql_make_enrolment[] =
	"INSERT INTO enrolments (participant_id, start_date, planned_end, status, created_at, updated_at)"
	" VALUES ($1, $2, $3, $4, 1000, 1000) RETURNING id";
static const char sql_count_steps_of[] =
	"SELECT COUNT(*) FROM goal_steps WHERE participant_id = $1";
static const char sql_count_versions[] =
	"SELECT COUNT(*) FROM work_plan_versions WHERE plan_id = $1";
static const char sql_count_plans[] = "SELECT COUNT(*) FROM work_plans WHERE participant_id = $1";
static const char sql_count_history[] = "SELECT COUNT(*) FROM goal_history WHERE goal_id = $1";
static const char sql_count_evals_of[] =
	"SELECT COUNT(*) FROM plan_evaluations WHERE participant_id = $1";

static int64_t user_seq;

static int64_t
make_user(struct t *t, const char *display)
{
	char name[32];
	snprintf(name, sizeof name, "planuser%lld", (long long)++user_seq);
	int64_t id = 0;
	int rc = store_user_create(t->db, name, display, "$argon2id$fake", 1u << 3, "nb", 1, 1000, &id);
	if (rc != SC_OK)
		fail_msg("store_user_create: %s: %s", sc_strerror(rc), store_errmsg(t->db));
	return id;
}

static int64_t
make_participant(struct t *t, const char *given, int64_t contact_id)
{
	struct db_stmt *st = db_prepare(t->db, sql_make_participant);
	assert_non_null(st);
	db_bind_text(st, 1, given);
	if (contact_id > 0)
		db_bind_int(st, 2, contact_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, given);
	int rc = db_step(st);
	if (rc != DB_ROW)
		fail_msg("participant: %d %s", rc, db_errmsg(t->db));
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int64_t
make_enrolment(struct t *t, int64_t pid, const char *start, const char *status)
{
	struct db_stmt *st = db_prepare(t->db, sql_make_enrolment);
	assert_non_null(st);
	db_bind_int(st, 1, pid);
	db_bind_text(st, 2, start);
	db_bind_text(st, 3, "2030-01-01");
	db_bind_text(st, 4, status);
	int rc = db_step(st);
	if (rc != DB_ROW)
		fail_msg("enrolment: %d %s", rc, db_errmsg(t->db));
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int64_t
count_of(struct t *t, const char *sql, int64_t arg)
{
	struct db_stmt *st = db_prepare(t->db, sql);
	assert_non_null(st);
	db_bind_int(st, 1, arg);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static struct plan
plan_of(const char *wishes, const char *resources, const char *agreed)
{
	struct plan p = {wishes, resources, false, {0, 0, 0}};
	if (agreed != NULL) {
		assert_int_equal(date_parse(agreed, &p.agreed_on), SC_OK);
		p.has_agreed = true;
	}
	return p;
}

static struct goal
goal_of(enum goal_category c, const char *title, const char *target, enum goal_status s,
	size_t nsteps, const char *const *steps)
{
	struct goal g;
	memset(&g, 0, sizeof g);
	g.category = c;
	g.title = title;
	if (target != NULL) {
		assert_int_equal(date_parse(target, &g.target), SC_OK);
		g.has_target = true;
	}
	g.status = s;
	g.nsteps = nsteps;
	for (size_t i = 0; i < nsteps; i++) {
		g.steps[i].description = steps[i];
		g.steps[i].has_due = true;
		g.steps[i].due = (struct date){2025, 4, (int)i + 1};
	}
	return g;
}

/* Saves the plan in a transaction, like the web layer does. */
static int
save(struct t *t, int64_t enrolment, int64_t pid, int64_t expected, const struct plan *p,
     int64_t by, int64_t now, int64_t *plan_id, int64_t *version)
{
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	int rc = store_plan_save(t->db, enrolment, pid, expected, p, by, now, plan_id, version, NULL);
	if (rc == SC_OK)
		assert_int_equal(store_tx_commit(t->db), SC_OK);
	else
		store_tx_rollback(t->db);
	return rc;
}

/* ---- the period ---- */

static void
test_period(void **state)
{
	struct t *t = *state;
	int64_t pid = make_participant(t, "Period", 0);
	struct plan_period per;
	assert_int_equal(store_plan_period(t->db, t->a, pid, &per), SC_ENOTFOUND);
	make_enrolment(t, pid, "2019-01-07", "exited");
	assert_int_equal(store_plan_period(t->db, t->a, pid, &per), SC_ENOTFOUND);
	int64_t older = make_enrolment(t, pid, "2023-02-01", "paused");
	assert_int_equal(store_plan_period(t->db, t->a, pid, &per), SC_OK);
	assert_int_equal(per.id, older);
	assert_string_equal(per.status, "paused");
	int64_t newer = make_enrolment(t, pid, "2024-08-19", "active");
	assert_int_equal(store_plan_period(t->db, t->a, pid, &per), SC_OK);
	assert_int_equal(per.id, newer);
	assert_string_equal(per.start_date, "2024-08-19");
	assert_string_equal(per.planned_end, "2030-01-01");
	assert_string_equal(per.status, "active");
	/* Someone else's period is not this participant's. */
	int64_t other = make_participant(t, "Other", 0);
	assert_int_equal(store_plan_period(t->db, t->a, other, &per), SC_ENOTFOUND);
}

/* ---- the plan ---- */

static void
test_plan_save_and_versions(void **state)
{
	struct t *t = *state;
	int64_t kari = make_user(t, "Kari Contact");
	int64_t ola = make_user(t, "Ola Leader");
	int64_t pid = make_participant(t, "Amina", kari);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");

	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.id, 0);
	assert_int_equal(wp.version, 0);
	assert_string_equal(wp.wishes, "");
	assert_null(wp.agreed_on);
	assert_int_equal(wp.ngoals, 0);
	assert_int_equal(wp.nevaluations, 0);

	struct plan p1 = plan_of("Work in a kitchen", "Cooks for many; good with people", NULL);
	int64_t plan_id = 0, version = 0;
	assert_int_equal(save(t, en, pid, 0, &p1, kari, 2000, &plan_id, &version), SC_OK);
	assert_true(plan_id > 0);
	assert_int_equal(version, 1);

	/* A second "first save" (someone else's form, version 0) is refused. */
	struct plan px = plan_of("Other wishes", "", NULL);
	assert_int_equal(save(t, en, pid, 0, &px, ola, 2050, NULL, NULL), SC_ECONFLICT);

	struct plan p2 = plan_of("Work in a kitchen, then my own café", "Cooks for many", "2024-10-01");
	assert_int_equal(save(t, en, pid, 1, &p2, ola, 3000, NULL, &version), SC_OK);
	assert_int_equal(version, 2);

	/* Stale: saved against version 1 again. Nothing changes. */
	struct plan p3 = plan_of("Overwrite", "Overwrite", NULL);
	assert_int_equal(save(t, en, pid, 1, &p3, kari, 4000, NULL, NULL), SC_ECONFLICT);
	assert_int_equal(save(t, en, pid, 5, &p3, kari, 4000, NULL, NULL), SC_ECONFLICT);

	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.id, plan_id);
	assert_int_equal(wp.enrolment_id, en);
	assert_int_equal(wp.participant_id, pid);
	assert_int_equal(wp.version, 2);
	assert_string_equal(wp.wishes, "Work in a kitchen, then my own café");
	assert_string_equal(wp.resources, "Cooks for many");
	assert_string_equal(wp.agreed_on, "2024-10-01");
	assert_int_equal(wp.created_at, 2000);
	assert_int_equal(wp.updated_at, 3000);
	assert_int_equal(wp.updated_by, ola);
	assert_string_equal(wp.updated_by_name, "Ola Leader");

	struct plan_version *vs = NULL;
	size_t n = 0;
	assert_int_equal(store_plan_versions(t->db, t->a, plan_id, &vs, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(vs[0].version, 2);
	assert_int_equal(vs[0].saved_by, ola);
	assert_string_equal(vs[0].saved_by_name, "Ola Leader");
	assert_string_equal(vs[0].agreed_on, "2024-10-01");
	assert_int_equal(vs[1].version, 1);
	assert_int_equal(vs[1].saved_at, 2000);
	assert_string_equal(vs[1].wishes, "Work in a kitchen");
	assert_null(vs[1].agreed_on);
	assert_string_equal(vs[1].saved_by_name, "Kari Contact");

	struct plan_version v;
	assert_int_equal(store_plan_version_get(t->db, t->a, plan_id, 1, &v), SC_OK);
	assert_string_equal(v.resources, "Cooks for many; good with people");
	assert_int_equal(store_plan_version_get(t->db, t->a, plan_id, 3, &v), SC_ENOTFOUND);
	assert_int_equal(store_plan_version_get(t->db, t->a, plan_id + 1000, 1, &v), SC_ENOTFOUND);

	/* A save by a command (no user) keeps who as unknown. */
	struct plan p4 = plan_of("", "", NULL);
	assert_int_equal(save(t, en, pid, 2, &p4, 0, 5000, NULL, &version), SC_OK);
	assert_int_equal(version, 3);
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.updated_by, 0);
	assert_string_equal(wp.updated_by_name, "");
	assert_string_equal(wp.wishes, "");
	assert_null(wp.agreed_on);
	assert_int_equal(count_of(t, sql_count_versions, plan_id), 3);
}

static void
test_plan_rolled_back(void **state)
{
	struct t *t = *state;
	int64_t pid = make_participant(t, "Rollback", 0);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");
	struct plan p = plan_of("Wishes", "Resources", NULL);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_save(t->db, en, pid, 0, &p, 0, 1000, NULL, NULL, NULL), SC_OK);
	assert_int_equal(store_tx_rollback(t->db), SC_OK);
	assert_int_equal(count_of(t, sql_count_plans, pid), 0);
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.version, 0);
}

/* Two people open version 1 on two connections; the first save wins. */
static void
test_plan_two_editors(void **state)
{
	struct t *t = *state;
	int64_t pid = make_participant(t, "Twice", 0);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");
	struct plan p = plan_of("v1", "", NULL);
	assert_int_equal(save(t, en, pid, 0, &p, 0, 1000, NULL, NULL), SC_OK);

	struct db *other = store_acquire(store);
	struct plan mine = plan_of("mine", "", NULL);
	struct plan theirs = plan_of("theirs", "", NULL);
	assert_int_equal(store_tx_begin(other), SC_OK);
	assert_int_equal(store_plan_save(other, en, pid, 1, &theirs, 0, 1100, NULL, NULL, NULL), SC_OK);
	assert_int_equal(store_tx_commit(other), SC_OK);
	store_release(store, other);
	assert_int_equal(save(t, en, pid, 1, &mine, 0, 1200, NULL, NULL), SC_ECONFLICT);
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_string_equal(wp.wishes, "theirs");
	assert_int_equal(wp.version, 2);
}

static void
test_plan_ensure(void **state)
{
	struct t *t = *state;
	int64_t pid = make_participant(t, "Ensure", 0);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");
	int64_t id1 = 0, id2 = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, en, pid, 0, 1000, &id1), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, en, pid, 0, 1001, &id2), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(id1 > 0);
	assert_int_equal(id1, id2);
	assert_int_equal(count_of(t, sql_count_plans, pid), 1);
	assert_int_equal(count_of(t, sql_count_versions, id1), 1);
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.id, id1);
	assert_int_equal(wp.version, 1);
	assert_string_equal(wp.wishes, "");
	/* The form then saves against version 1. */
	struct plan p = plan_of("Now written", "", NULL);
	int64_t version = 0;
	assert_int_equal(save(t, en, pid, 1, &p, 0, 1100, NULL, &version), SC_OK);
	assert_int_equal(version, 2);

	/* One plan per period: a new period gets a plan of its own. */
	int64_t en2 = make_enrolment(t, pid, "2026-01-05", "active");
	int64_t id3 = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, en2, pid, 0, 1200, &id3), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(id3 != id1);
	assert_int_equal(count_of(t, sql_count_plans, pid), 2);
}

/* ---- the participant's agreement ---- */

/* The stored agreement and version of the plan. */
static void
expect_agreement(struct t *t, int64_t en, int64_t pid, const char *agreed, int64_t version)
{
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	if (agreed == NULL)
		assert_null(wp.agreed_on);
	else
		assert_string_equal(wp.agreed_on, agreed);
	assert_int_equal(wp.version, version);
	/* The saved version says the same. */
	struct plan_version v;
	assert_int_equal(store_plan_version_get(t->db, t->a, wp.id, version, &v), SC_OK);
	if (agreed == NULL)
		assert_null(v.agreed_on);
	else
		assert_string_equal(v.agreed_on, agreed);
}

/* A change to the agreed content clears the agreement until it is given
 * again: the wishes (the form sends the stored date back), a new goal, a
 * goal's title; progress (a goal's status, a step done) keeps it. */
static void
test_agreement_cleared_by_change(void **state)
{
	struct t *t = *state;
	int64_t kari = make_user(t, "Kari Contact");
	int64_t pid = make_participant(t, "Agrees", kari);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");
	struct plan p1 = plan_of("Work in a kitchen", "Cooks well", "2025-05-25");
	int64_t plan_id = 0;
	bool cleared = true;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_save(t->db, en, pid, 0, &p1, kari, 1000, &plan_id, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_false(cleared);
	expect_agreement(t, en, pid, "2025-05-25", 1);

	/* Same text, agreement sent back: kept. */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_save(t->db, en, pid, 1, &p1, kari, 1100, NULL, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_false(cleared);
	expect_agreement(t, en, pid, "2025-05-25", 2);

	/* The wishes change, the old date comes back with them: cleared. */
	struct plan p2 = plan_of("Work in a shop", "Cooks well", "2025-05-25");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_save(t->db, en, pid, 2, &p2, kari, 1200, NULL, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(cleared);
	expect_agreement(t, en, pid, NULL, 3);

	/* Given again: a new date with the same text. */
	struct plan p3 = plan_of("Work in a shop", "Cooks well", "2025-06-02");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_save(t->db, en, pid, 3, &p3, kari, 1300, NULL, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_false(cleared);
	expect_agreement(t, en, pid, "2025-06-02", 4);

	/* A new goal: cleared, as version 5. */
	static const char *const steps[] = {"Apply for three jobs", "Visit the job club"};
	struct goal g = goal_of(GOAL_WORK, "A job in a shop", "2025-12-01", GOAL_PLANNED, 2, steps);
	int64_t gid = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_add(t->db, plan_id, pid, &g, kari, 1400, &gid, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(cleared);
	expect_agreement(t, en, pid, NULL, 5);

	/* A goal added while there is no agreement: nothing to clear, no new
	 * version of the plan. */
	struct goal g2 = goal_of(GOAL_LANGUAGE, "A2 in speaking", NULL, GOAL_PLANNED, 1, steps);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_add(t->db, plan_id, pid, &g2, kari, 1450, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_false(cleared);
	expect_agreement(t, en, pid, NULL, 5);

	struct plan p4 = plan_of("Work in a shop", "Cooks well", "2025-06-10");
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_save(t->db, en, pid, 5, &p4, kari, 1500, NULL, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	expect_agreement(t, en, pid, "2025-06-10", 6);

	/* Progress: the goal in progress, a step done. Kept. */
	struct goal gp = g;
	gp.status = GOAL_IN_PROGRESS;
	gp.steps[0].has_done = true;
	gp.steps[0].done = (struct date){2025, 6, 12};
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_update(t->db, gid, 1, &gp, kari, 1600, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_false(cleared);
	expect_agreement(t, en, pid, "2025-06-10", 6);

	/* Content: the goal's title. Cleared. */
	struct goal gt = gp;
	gt.title = "A job in a supermarket";
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_update(t->db, gid, 2, &gt, kari, 1700, NULL, &cleared), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(cleared);
	expect_agreement(t, en, pid, NULL, 7);

	/* A stale goal save changes nothing, the agreement included. */
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_update(t->db, gid, 1, &g, kari, 1800, NULL, &cleared), SC_ECONFLICT);
	store_tx_rollback(t->db);
	expect_agreement(t, en, pid, NULL, 7);
}

/* ---- goals ---- */

static void
test_goals(void **state)
{
	struct t *t = *state;
	int64_t kari = make_user(t, "Kari Contact");
	int64_t ola = make_user(t, "Ola Leader");
	int64_t pid = make_participant(t, "Goals", kari);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");
	int64_t plan_id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, en, pid, kari, 1000, &plan_id), SC_OK);

	static const char *const lang_steps[] = {"Attend class four days a week", "Take the A2 test"};
	static const char *const work_steps[] = {"Visit Cook and Dialogue", "Talk to the canteen",
						 "Start the internship"};
	struct goal g1 = goal_of(GOAL_LANGUAGE, "Pass A2 in speaking", "2025-06-01", GOAL_PLANNED, 2,
				 lang_steps);
	struct goal g2 = goal_of(GOAL_WORK, "Internship in a canteen", NULL, GOAL_IN_PROGRESS, 3,
				 work_steps);
	g2.steps[0].has_done = true;
	g2.steps[0].done = (struct date){2025, 3, 1};
	g2.steps[2].has_due = false;
	int64_t gid1 = 0, gid2 = 0;
	assert_int_equal(store_goal_add(t->db, plan_id, pid, &g1, kari, 1100, &gid1, NULL), SC_OK);
	assert_int_equal(store_goal_add(t->db, plan_id, pid, &g2, kari, 1200, &gid2, NULL), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_true(gid1 > 0 && gid2 > gid1);

	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.ngoals, 2);
	assert_int_equal(wp.goals[0].id, gid1);
	assert_string_equal(wp.goals[0].category, "language");
	assert_string_equal(wp.goals[0].title, "Pass A2 in speaking");
	assert_string_equal(wp.goals[0].target_date, "2025-06-01");
	assert_string_equal(wp.goals[0].status, "planned");
	assert_int_equal(wp.goals[0].version, 1);
	assert_int_equal(wp.goals[0].nsteps, 2);
	assert_string_equal(wp.goals[0].steps[1].description, "Take the A2 test");
	assert_int_equal(wp.goals[0].steps[1].ord, 2);
	assert_string_equal(wp.goals[0].steps[1].due_on, "2025-04-02");
	assert_null(wp.goals[0].steps[1].done_on);
	assert_string_equal(wp.goals[1].status, "in_progress");
	assert_null(wp.goals[1].target_date);
	assert_int_equal(wp.goals[1].nsteps, 3);
	assert_string_equal(wp.goals[1].steps[0].done_on, "2025-03-01");
	assert_null(wp.goals[1].steps[2].due_on);
	/* The steps carry the participant, for the Today page. */
	assert_int_equal(count_of(t, sql_count_steps_of, pid), 5);

	/* Update against version 1: the steps are replaced. */
	static const char *const new_steps[] = {"Visit Cook and Dialogue", "Start the internship"};
	struct goal g2b = goal_of(GOAL_WORK, "Internship in a canteen", "2025-09-01", GOAL_ACHIEVED, 2,
				  new_steps);
	int64_t version = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_update(t->db, gid2, 1, &g2b, ola, 1300, &version, NULL), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(version, 2);

	/* Stale, and missing. */
	struct goal g2c = goal_of(GOAL_HEALTH, "Overwrite", NULL, GOAL_DROPPED, 1, new_steps);
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_goal_update(t->db, gid2, 1, &g2c, kari, 1400, NULL, NULL), SC_ECONFLICT);
	assert_int_equal(store_goal_update(t->db, gid2 + 1000, 1, &g2c, kari, 1400, NULL, NULL), SC_ENOTFOUND);
	store_tx_rollback(t->db);

	struct plan_goal g;
	assert_int_equal(store_goal_get(t->db, t->a, gid2, &g), SC_OK);
	assert_int_equal(g.plan_id, plan_id);
	assert_int_equal(g.participant_id, pid);
	assert_int_equal(g.version, 2);
	assert_string_equal(g.status, "achieved");
	assert_string_equal(g.target_date, "2025-09-01");
	assert_int_equal(g.updated_at, 1300);
	assert_int_equal(g.created_at, 1200);
	assert_int_equal(g.nsteps, 2);
	assert_string_equal(g.steps[1].description, "Start the internship");
	assert_int_equal(count_of(t, sql_count_steps_of, pid), 4);
	assert_int_equal(store_goal_get(t->db, t->a, gid2 + 1000, &g), SC_ENOTFOUND);

	struct goal_version *h = NULL;
	size_t n = 0;
	assert_int_equal(store_goal_history(t->db, t->a, gid2, &h, &n), SC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].version, 1);
	assert_string_equal(h[0].status, "in_progress");
	assert_null(h[0].target_date);
	assert_string_equal(h[0].steps, "Visit Cook and Dialogue | due 2025-04-01 | done 2025-03-01\n"
					"Talk to the canteen | due 2025-04-02\n"
					"Start the internship");
	assert_int_equal(h[0].changed_by, kari);
	assert_string_equal(h[0].changed_by_name, "Kari Contact");
	assert_int_equal(h[1].version, 2);
	assert_string_equal(h[1].status, "achieved");
	assert_string_equal(h[1].target_date, "2025-09-01");
	assert_string_equal(h[1].steps, "Visit Cook and Dialogue | due 2025-04-01\n"
					"Start the internship | due 2025-04-02");
	assert_int_equal(h[1].changed_at, 1300);
	assert_string_equal(h[1].changed_by_name, "Ola Leader");
	struct goal_snapshot a = {h[0].category, h[0].title, h[0].target_date, h[0].status, h[0].steps};
	struct goal_snapshot b = {h[1].category, h[1].title, h[1].target_date, h[1].status, h[1].steps};
	assert_int_equal(goal_changes(&a, &b),
			 GOAL_CHANGED_TARGET | GOAL_CHANGED_STATUS | GOAL_CHANGED_STEPS);
	assert_int_equal(count_of(t, sql_count_history, gid1), 1);
	assert_int_equal(store_goal_history(t->db, t->a, gid2 + 1000, &h, &n), SC_OK);
	assert_int_equal(n, 0);
}

/* Many goals and steps: the arrays grow past their first size. */
static void
test_many_goals(void **state)
{
	struct t *t = *state;
	int64_t pid = make_participant(t, "Many", 0);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");
	int64_t plan_id = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, en, pid, 0, 1000, &plan_id), SC_OK);
	static const char *const steps[GOAL_STEPS_MAX] = {
		"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10",
		"s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20"};
	for (int i = 0; i < 12; i++) {
		struct goal g = goal_of(GOAL_EVERYDAY, "Goal", NULL, GOAL_PLANNED,
					(size_t)(i % 2 ? GOAL_STEPS_MAX : 1), steps);
		assert_int_equal(store_goal_add(t->db, plan_id, pid, &g, 0, 1000 + i, NULL, NULL), SC_OK);
	}
	for (int i = 0; i < 10; i++) {
		char due[11];
		snprintf(due, sizeof due, "2025-%02d-01", 12 - i);
		assert_int_equal(store_plan_evaluation_add(t->db, plan_id, pid, due, NULL), SC_OK);
	}
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.ngoals, 12);
	for (size_t i = 0; i < wp.ngoals; i++) {
		assert_int_equal(wp.goals[i].nsteps, i % 2 ? GOAL_STEPS_MAX : 1);
		assert_string_equal(wp.goals[i].steps[wp.goals[i].nsteps - 1].description,
				    i % 2 ? "s20" : "s1");
	}
	assert_int_equal(wp.nevaluations, 10);
	assert_string_equal(wp.evaluations[0].due_on, "2025-03-01");
	assert_string_equal(wp.evaluations[9].due_on, "2025-12-01");
}

/* ---- evaluations ---- */

static void
test_evaluations(void **state)
{
	struct t *t = *state;
	int64_t pid = make_participant(t, "Evaluations", 0);
	int64_t en = make_enrolment(t, pid, "2024-09-02", "active");
	int64_t other_pid = make_participant(t, "Elsewhere", 0);
	int64_t other_en = make_enrolment(t, other_pid, "2024-09-02", "active");
	int64_t plan_id = 0, other_plan = 0, e1 = 0, e2 = 0, e3 = 0, eo = 0;
	assert_int_equal(store_tx_begin(t->db), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, en, pid, 0, 1000, &plan_id), SC_OK);
	assert_int_equal(store_plan_ensure(t->db, other_en, other_pid, 0, 1000, &other_plan), SC_OK);
	assert_int_equal(store_plan_evaluation_add(t->db, plan_id, pid, "2025-06-01", &e1), SC_OK);
	assert_int_equal(store_plan_evaluation_add(t->db, plan_id, pid, "2025-01-15", &e2), SC_OK);
	assert_int_equal(store_plan_evaluation_add(t->db, plan_id, pid, "2025-12-01", &e3), SC_OK);
	assert_int_equal(store_plan_evaluation_add(t->db, other_plan, other_pid, "2025-02-01", &eo), SC_OK);
	assert_int_equal(store_tx_commit(t->db), SC_OK);
	assert_int_equal(count_of(t, sql_count_evals_of, pid), 3);

	struct work_plan wp;
	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.nevaluations, 3);
	assert_int_equal(wp.evaluations[0].id, e2);      /* by due date */
	assert_int_equal(wp.evaluations[1].id, e1);
	assert_int_equal(wp.evaluations[2].id, e3);
	assert_null(wp.evaluations[0].done_on);
	assert_string_equal(wp.evaluations[0].note, "");

	assert_int_equal(store_plan_evaluation_done(t->db, plan_id, e2, "2025-01-20", "Went well."), SC_OK);
	assert_int_equal(store_plan_evaluation_done(t->db, plan_id, e2, "2025-01-21", "Again"), SC_ECONFLICT);
	/* Not this plan's. */
	assert_int_equal(store_plan_evaluation_done(t->db, plan_id, eo, "2025-01-21", ""), SC_ENOTFOUND);
	assert_int_equal(store_plan_evaluation_done(t->db, plan_id, eo + 1000, "2025-01-21", ""), SC_ENOTFOUND);
	/* A held evaluation is kept; an open one can go. */
	assert_int_equal(store_plan_evaluation_delete(t->db, plan_id, e2), SC_ECONFLICT);
	assert_int_equal(store_plan_evaluation_delete(t->db, plan_id, e3), SC_OK);
	assert_int_equal(store_plan_evaluation_delete(t->db, plan_id, e3), SC_ENOTFOUND);
	assert_int_equal(store_plan_evaluation_delete(t->db, plan_id, eo), SC_ENOTFOUND);

	assert_int_equal(store_plan_get(t->db, t->a, en, pid, &wp), SC_OK);
	assert_int_equal(wp.nevaluations, 2);
	assert_string_equal(wp.evaluations[0].done_on, "2025-01-20");
	assert_string_equal(wp.evaluations[0].note, "Went well.");
	assert_null(wp.evaluations[1].done_on);
	assert_int_equal(store_plan_get(t->db, t->a, other_en, other_pid, &wp), SC_OK);
	assert_int_equal(wp.nevaluations, 1);
	assert_null(wp.evaluations[0].done_on);
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
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "test_store_plan: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	PGresult *res = PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "test_store_plan: cannot reset the database: %s", PQresultErrorMessage(res));
	PQclear(res);
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
			fprintf(stderr, "test_store_plan: SC_TEST_DB_URL must be postgresql://... or sqlite:PATH\n");
			return 1;
		}
		if (is_pg && reset_pg() != 0)
			return 1;
		if (!is_pg && access(url + 7, F_OK) == 0) {
			fprintf(stderr, "test_store_plan: %s exists; give a fresh SQLite path\n", url + 7);
			return 1;
		}
	} else {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/sc-test-plan-XXXXXX",
			 base != NULL && *base != '\0' ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(url, sizeof url, "sqlite:%s/test.db", tmpdir);
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_save_and_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_two_editors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_ensure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agreement_cleared_by_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_goals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_goals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evaluations, setup, teardown),
	};
	fprintf(stderr, "test_store_plan: %s\n", is_pg ? "PostgreSQL (SC_TEST_DB_URL)" : url);
	int failed = cmocka_run_group_tests(tests, open_store, close_store);
	if (remove_tmpdir() != 0 && tmpdir[0] != '\0')
		perror("rmdir");
	return failed;
}
