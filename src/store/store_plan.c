/*
 * store_plan.c — work plans, goals, steps, history and evaluations; see
 * store_plan.h.
 *
 * Rows are read by column name into the records domain/plan.h declares
 * (table_read()); goals and steps are written by their table descriptors,
 * the rest by the statements below. Every statement names the centre. The
 * version checks are single UPDATE ... WHERE version = $n statements, so
 * two saves of the same version cannot both succeed on either engine
 * (PostgreSQL re-checks the WHERE after waiting for the row).
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

/* ---- the statements ---- */

static const char sql_period[] =
	"SELECT id, start_date, planned_end, status, exit_date FROM enrolments"
	" WHERE centre_id = $1 AND participant_id = $2 AND status IN ('active', 'paused')"
	" ORDER BY start_date DESC, id DESC LIMIT 1";
static const char sql_period_ended[] =
	"SELECT id, start_date, planned_end, status, exit_date FROM enrolments"
	" WHERE centre_id = $1 AND participant_id = $2 AND status = 'exited'"
	" ORDER BY start_date DESC, id DESC LIMIT 1";

static const char sql_plan_get[] =
	"SELECT p.id, p.enrolment_id, p.participant_id, p.wishes, p.resources, p.agreed_on, p.version,"
	" p.created_at, p.updated_at, p.updated_by, COALESCE(u.display_name, '') AS updated_by_name"
	" FROM work_plans p LEFT JOIN users u ON u.id = p.updated_by"
	" WHERE p.centre_id = $1 AND p.enrolment_id = $2";
static const char sql_plan_insert[] =
	"INSERT INTO work_plans (centre_id, enrolment_id, participant_id, wishes, resources, agreed_on, version,"
	" created_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8) RETURNING id";
static const char sql_plan_update[] =
	"UPDATE work_plans SET wishes = $4, resources = $5, agreed_on = $6, version = version + 1,"
	" updated_at = $7, updated_by = $8 WHERE centre_id = $1 AND id = $2 AND version = $3";
static const char sql_plan_ensure[] =
	"INSERT INTO work_plans (centre_id, enrolment_id, participant_id, version, created_at, updated_at,"
	" updated_by) VALUES ($1, $2, $3, 1, $4, $4, $5) ON CONFLICT (enrolment_id) DO NOTHING RETURNING id";
static const char sql_plan_id[] = "SELECT id FROM work_plans WHERE centre_id = $1 AND enrolment_id = $2";
/* A change of the agreed content: the agreement goes, as a new version. */
static const char sql_plan_clear_agreement[] =
	"UPDATE work_plans SET agreed_on = NULL, version = version + 1, updated_at = $3, updated_by = $4"
	" WHERE centre_id = $1 AND id = $2 AND agreed_on IS NOT NULL";
static const char sql_plan_snapshot[] =
	"INSERT INTO work_plan_versions (centre_id, plan_id, version, wishes, resources, agreed_on, saved_at,"
	" saved_by) SELECT centre_id, id, version, wishes, resources, agreed_on, updated_at, updated_by"
	" FROM work_plans WHERE centre_id = $1 AND id = $2";
static const char sql_plan_versions[] =
	"SELECT v.plan_id, v.version, v.wishes, v.resources, v.agreed_on, v.saved_at, v.saved_by,"
	" COALESCE(u.display_name, '') AS saved_by_name"
	" FROM work_plan_versions v LEFT JOIN users u ON u.id = v.saved_by"
	" WHERE v.centre_id = $1 AND v.plan_id = $2 ORDER BY v.version DESC";

#define GOAL_COLUMNS "id, plan_id, participant_id, category, title, target_date, status, version, created_at," \
	" updated_at"
static const char sql_goals[] =
	"SELECT " GOAL_COLUMNS " FROM goals WHERE centre_id = $1 AND plan_id = $2 ORDER BY id";
static const char sql_goal[] = "SELECT " GOAL_COLUMNS " FROM goals WHERE centre_id = $1 AND id = $2";
static const char sql_plan_steps[] =
	"SELECT s.goal_id, s.ord, s.description, s.due_on, s.done_on FROM goal_steps s"
	" JOIN goals g ON g.id = s.goal_id AND g.centre_id = s.centre_id"
	" WHERE s.centre_id = $1 AND g.plan_id = $2 ORDER BY s.goal_id, s.ord";
static const char sql_goal_steps[] =
	"SELECT goal_id, ord, description, due_on, done_on FROM goal_steps"
	" WHERE centre_id = $1 AND goal_id = $2 ORDER BY ord";
static const char sql_steps_delete[] = "DELETE FROM goal_steps WHERE centre_id = $1 AND goal_id = $2";
static const char sql_history_insert[] =
	"INSERT INTO goal_history (centre_id, goal_id, version, category, title, target_date, status, steps,"
	" changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char sql_history[] =
	"SELECT h.goal_id, h.version, h.category, h.title, h.target_date, h.status, h.steps, h.changed_at,"
	" h.changed_by, COALESCE(u.display_name, '') AS changed_by_name"
	" FROM goal_history h LEFT JOIN users u ON u.id = h.changed_by"
	" WHERE h.centre_id = $1 AND h.goal_id = $2 ORDER BY h.version";

#define EVALUATION_COLUMNS "id, plan_id, participant_id, due_on, done_on, note"
static const char sql_evaluations[] =
	"SELECT " EVALUATION_COLUMNS " FROM plan_evaluations WHERE centre_id = $1 AND plan_id = $2"
	" ORDER BY due_on, id";
static const char sql_evaluation[] =
	"SELECT " EVALUATION_COLUMNS " FROM plan_evaluations WHERE centre_id = $1 AND plan_id = $2 AND id = $3";
static const char sql_evaluation_insert[] =
	"INSERT INTO plan_evaluations (centre_id, plan_id, participant_id, due_on) VALUES ($1, $2, $3, $4)"
	" RETURNING id";
static const char sql_evaluation_done[] =
	"UPDATE plan_evaluations SET done_on = $4, note = $5"
	" WHERE centre_id = $1 AND plan_id = $2 AND id = $3 AND done_on IS NULL";
static const char sql_evaluation_delete[] =
	"DELETE FROM plan_evaluations WHERE centre_id = $1 AND plan_id = $2 AND id = $3 AND done_on IS NULL";

/* The tables written by descriptor. The fields are the records' (set on
 * first use: another unit's const object is no constant initializer). */
static struct table goals_t = {.name = "goals", .fields = &goal_fields, .centre = true};
static struct table goal_contents_t = {.name = "goals", .fields = &goal_content_fields, .centre = true, .versioned = true};
static struct table goal_steps_t = {.name = "goal_steps", .fields = &goal_step_fields, .centre = true};

/* ---- helpers ---- */

/* Binds a user id, or NULL when it is 0 (a command, not a person). */
static void
bind_user(struct db_stmt *st, int idx, int64_t by)
{
	if (by > 0)
		db_bind_int(st, idx, by);
	else
		db_bind_null(st, idx);
}

/* Binds text that is never NULL in the table ("" for none). */
static void
bind_text(struct db_stmt *st, int idx, const char *s)
{
	db_bind_text(st, idx, s != NULL ? s : "");
}

/* Reads the one row of st (bound) into rec; SC_ENOTFOUND when there is
 * none. Finishes st. */
static int
read_row(struct db_stmt *st, struct arena *a, struct fields fs, void *rec)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		fields_clear(fs, rec);
		rc = table_read(st, fs, rec, a);
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* Runs st (bound), which returns one id; SC_ENOTFOUND when it returns no
 * row. Finishes st. */
static int
step_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* ---- the period and the plan ---- */

int
store_plan_period(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		  struct plan_period *out)
{
	struct db_stmt *st = db_prepare(db, sql_period);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	return read_row(st, a, plan_period_fields, out);
}

int
store_plan_period_ended(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			struct plan_period *out)
{
	struct db_stmt *st = db_prepare(db, sql_period_ended);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	return read_row(st, a, plan_period_fields, out);
}

int
store_plan_get(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id, struct work_plan *out)
{
	struct db_stmt *st = db_prepare(db, sql_plan_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, enrolment_id);
	return read_row(st, a, work_plan_fields, out);
}

/* Keeps a copy of the plan as it is now in its versions. */
static int
plan_snapshot(struct db *db, int64_t centre, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_plan_snapshot);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed != 1)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_plan_insert(struct db *db, int64_t centre, const struct work_plan *p, int64_t by, int64_t now,
		  int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_plan_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, p->enrolment_id);
	db_bind_int(st, 3, p->participant_id);
	bind_text(st, 4, p->wishes);
	bind_text(st, 5, p->resources);
	table_bind_date_or_null(st, 6, p->agreed_on);
	db_bind_int(st, 7, now);
	bind_user(st, 8, by);
	int64_t made = 0;
	int rc = step_id(st, &made);
	if (rc == SC_ENOTFOUND)
		rc = SC_EDB;
	if (rc == SC_OK)
		rc = plan_snapshot(db, centre, made);
	if (rc == SC_OK)
		*id = made;
	return rc;
}

int
store_plan_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
		  const struct work_plan *p, int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_plan_update);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, expected_version);
	bind_text(st, 4, p->wishes);
	bind_text(st, 5, p->resources);
	table_bind_date_or_null(st, 6, p->agreed_on);
	db_bind_int(st, 7, now);
	bind_user(st, 8, by);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ECONFLICT;
	if (rc == SC_OK)
		rc = plan_snapshot(db, centre, id);
	return rc;
}

int
store_plan_clear_agreement(struct db *db, int64_t centre, int64_t id, int64_t by, int64_t now, bool *cleared)
{
	*cleared = false;
	struct db_stmt *st = db_prepare(db, sql_plan_clear_agreement);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, now);
	bind_user(st, 4, by);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK || changed == 0)
		return rc;
	*cleared = true;
	return plan_snapshot(db, centre, id);
}

int
store_plan_ensure(struct db *db, int64_t centre, int64_t enrolment_id, int64_t participant_id, int64_t by,
		  int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_plan_ensure);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, enrolment_id);
	db_bind_int(st, 3, participant_id);
	db_bind_int(st, 4, now);
	bind_user(st, 5, by);
	int rc = step_id(st, id);
	if (rc == SC_OK)
		return plan_snapshot(db, centre, *id);
	if (rc != SC_ENOTFOUND)
		return rc;
	/* It was there already. */
	st = db_prepare(db, sql_plan_id);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, enrolment_id);
	return step_id(st, id);
}

int
store_plan_versions(struct db *db, struct arena *a, int64_t centre, int64_t plan_id,
		    struct plan_version **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_plan_versions);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, plan_id);
	return table_read_rows(st, a, plan_version_fields, sizeof **items, (void **)items, n);
}

/* ---- goals ---- */

/* Gives each goal its steps, from steps ordered by goal then place, as
 * the goals are ordered (by id). */
static void
share_steps(struct goal *goals, size_t ngoals, struct goal_step *steps, size_t nsteps)
{
	size_t k = 0;
	for (size_t i = 0; i < ngoals; i++) {
		while (k < nsteps && steps[k].goal_id < goals[i].id)
			k++;
		size_t from = k;
		while (k < nsteps && steps[k].goal_id == goals[i].id)
			k++;
		goals[i].steps = (struct field_list){k - from, k > from ? &steps[from] : NULL};
	}
}

int
store_plan_goals(struct db *db, struct arena *a, int64_t centre, int64_t plan_id, struct goal **items,
		 size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_goals);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, plan_id);
	int rc = table_read_rows(st, a, goal_fields, sizeof **items, (void **)items, n);
	if (rc != SC_OK || *n == 0)
		return rc;
	st = db_prepare(db, sql_plan_steps);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, plan_id);
	struct goal_step *steps = NULL;
	size_t nsteps = 0;
	rc = table_read_rows(st, a, goal_step_fields, sizeof *steps, (void **)&steps, &nsteps);
	if (rc == SC_OK)
		share_steps(*items, *n, steps, nsteps);
	return rc;
}

int
store_goal_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct goal *out)
{
	struct db_stmt *st = db_prepare(db, sql_goal);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	int rc = read_row(st, a, goal_fields, out);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_goal_steps);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	struct goal_step *steps = NULL;
	size_t nsteps = 0;
	rc = table_read_rows(st, a, goal_step_fields, sizeof *steps, (void **)&steps, &nsteps);
	if (rc == SC_OK)
		out->steps = (struct field_list){nsteps, steps};
	return rc;
}

/* Inserts the goal's steps (after the old ones were deleted). */
static int
insert_steps(struct db *db, int64_t centre, int64_t goal_id, const struct goal *g)
{
	const struct goal_step *steps = g->steps.items;
	for (size_t i = 0; i < g->steps.n; i++) {
		struct goal_step s = steps[i];
		s.goal_id = goal_id;
		s.participant_id = g->participant_id;
		s.ord = (int64_t)i + 1;
		int rc = table_insert(db, &goal_steps_t, centre, &s, 0, 0, NULL);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* Adds version of goal_id, as g holds it, to the goal's history. */
static int
insert_history(struct db *db, int64_t centre, int64_t goal_id, int64_t version, const struct goal *g,
	       int64_t by, int64_t now)
{
	size_t need = goal_steps_text(g->steps.items, g->steps.n, NULL, 0);
	char *steps = malloc(need + 1);
	if (steps == NULL)
		return SC_ENOMEM;
	goal_steps_text(g->steps.items, g->steps.n, steps, need + 1);
	int rc = SC_EDB;
	struct db_stmt *st = db_prepare(db, sql_history_insert);
	if (st != NULL) {
		db_bind_int(st, 1, centre);
		db_bind_int(st, 2, goal_id);
		db_bind_int(st, 3, version);
		db_bind_text(st, 4, goal_category_key((enum goal_category)g->category));
		bind_text(st, 5, g->title);
		table_bind_date_or_null(st, 6, g->target_date);
		db_bind_text(st, 7, goal_status_key((enum goal_status)g->status));
		db_bind_text(st, 8, steps);
		db_bind_int(st, 9, now);
		bind_user(st, 10, by);
		rc = db_run(st, NULL);
	}
	free(steps);
	return rc;
}

int
store_goal_insert(struct db *db, int64_t centre, const struct goal *g, int64_t by, int64_t *id)
{
	int64_t made = 0;
	int rc = table_insert(db, &goals_t, centre, g, 0, 0, &made);
	if (rc == SC_OK)
		rc = insert_steps(db, centre, made, g);
	if (rc == SC_OK)
		rc = insert_history(db, centre, made, 1, g, by, g->created_at);
	if (rc == SC_OK)
		*id = made;
	return rc;
}

int
store_goal_update(struct db *db, int64_t centre, const struct goal *g, int64_t expected_version, int64_t by)
{
	int rc = table_update(db, &goal_contents_t, centre, g->id, expected_version, g, g->updated_at);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_steps_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, g->id);
	rc = db_run(st, NULL);
	if (rc == SC_OK)
		rc = insert_steps(db, centre, g->id, g);
	if (rc == SC_OK)
		rc = insert_history(db, centre, g->id, expected_version + 1, g, by, g->updated_at);
	return rc;
}

int
store_goal_history(struct db *db, struct arena *a, int64_t centre, int64_t goal_id,
		   struct goal_version **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_history);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, goal_id);
	return table_read_rows(st, a, goal_version_fields, sizeof **items, (void **)items, n);
}

/* ---- evaluations ---- */

int
store_plan_evaluations(struct db *db, struct arena *a, int64_t centre, int64_t plan_id,
		       struct plan_evaluation **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_evaluations);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, plan_id);
	return table_read_rows(st, a, plan_evaluation_fields, sizeof **items, (void **)items, n);
}

int
store_evaluation_get(struct db *db, struct arena *a, int64_t centre, int64_t plan_id, int64_t id,
		     struct plan_evaluation *out)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, plan_id);
	db_bind_int(st, 3, id);
	return read_row(st, a, plan_evaluation_fields, out);
}

int
store_evaluation_insert(struct db *db, int64_t centre, const struct plan_evaluation *ev, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, ev->plan_id);
	db_bind_int(st, 3, ev->participant_id);
	table_bind_date_or_null(st, 4, ev->due_on);
	int rc = step_id(st, id);
	return rc == SC_ENOTFOUND ? SC_EDB : rc;
}

/* After an UPDATE or DELETE of an evaluation not held that changed
 * nothing: SC_ENOTFOUND when the plan has no such evaluation, else
 * SC_ECONFLICT (it was held). */
static int
evaluation_why(struct db *db, int64_t centre, int64_t plan_id, int64_t id)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	struct plan_evaluation ev;
	int rc = store_evaluation_get(db, a, centre, plan_id, id, &ev);
	arena_free(a);
	return rc == SC_OK ? SC_ECONFLICT : rc;
}

int
store_evaluation_done(struct db *db, int64_t centre, int64_t plan_id, int64_t id,
		      const struct plan_evaluation *ev)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation_done);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, plan_id);
	db_bind_int(st, 3, id);
	table_bind_date_or_null(st, 4, ev->done_on);
	bind_text(st, 5, ev->note);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = evaluation_why(db, centre, plan_id, id);
	return rc;
}

int
store_evaluation_delete(struct db *db, int64_t centre, int64_t plan_id, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, plan_id);
	db_bind_int(st, 3, id);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = evaluation_why(db, centre, plan_id, id);
	return rc;
}
