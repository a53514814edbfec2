/*
 * store_plan.c — see store_plan.h.
 *
 * A save and its copy in the versions (or history) run in the caller's
 * transaction. The version checks are single UPDATE ... WHERE version = $n
 * statements, so two saves of the same version cannot both succeed on
 * either engine (PostgreSQL re-checks the WHERE after waiting for the row).
 */
#include "db.h"
#include "store.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <stdlib.h>
#include <string.h>

static const char sql_period[] =
	"SELECT id, start_date, planned_end, status FROM enrolments"
	" WHERE participant_id = $1 AND status IN ('active', 'paused')"
	" ORDER BY start_date DESC, id DESC LIMIT 1";

static const char sql_plan_by_enrolment[] =
	"SELECT p.id, p.enrolment_id, p.participant_id, p.wishes, p.resources, p.agreed_on,"
	" p.version, p.created_at, p.updated_at, COALESCE(p.updated_by, 0), COALESCE(u.display_name, '')"
	" FROM work_plans p LEFT JOIN users u ON u.id = p.updated_by WHERE p.enrolment_id = $1";
static const char sql_plan_insert[] =
	"INSERT INTO work_plans (enrolment_id, participant_id, wishes, resources, agreed_on, version,"
	" created_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $7)"
	" RETURNING id, version";
static const char sql_plan_update[] =
	"UPDATE work_plans SET wishes = $3, resources = $4, agreed_on = $5, version = version + 1,"
	" updated_at = $6, updated_by = $7 WHERE enrolment_id = $1 AND version = $2"
	" RETURNING id, version";
static const char sql_plan_ensure[] =
	"INSERT INTO work_plans (enrolment_id, participant_id, version, created_at, updated_at, updated_by)"
	" VALUES ($1, $2, 1, $3, $3, $4) ON CONFLICT (enrolment_id) DO NOTHING RETURNING id";
static const char sql_plan_id[] = "SELECT id FROM work_plans WHERE enrolment_id = $1";
/* The text and agreement a save replaces (at the version it was based on). */
static const char sql_plan_current[] =
	"SELECT wishes, resources, agreed_on FROM work_plans WHERE enrolment_id = $1 AND version = $2";
/* A change of the agreed content: the agreement goes, as a new version. */
static const char sql_plan_clear_agreement[] =
	"UPDATE work_plans SET agreed_on = NULL, version = version + 1, updated_at = $2, updated_by = $3"
	" WHERE id = $1 AND agreed_on IS NOT NULL";
static const char sql_plan_snapshot[] =
	"INSERT INTO work_plan_versions (plan_id, version, wishes, resources, agreed_on, saved_at, saved_by)"
	" SELECT id, version, wishes, resources, agreed_on, updated_at, updated_by FROM work_plans"
	" WHERE id = $1";
#define VERSION_COLS \
	"v.version, v.wishes, v.resources, v.agreed_on, v.saved_at, COALESCE(v.saved_by, 0)," \
	" COALESCE(u.display_name, '')"
static const char sql_plan_versions[] =
	"SELECT " VERSION_COLS " FROM work_plan_versions v LEFT JOIN users u ON u.id = v.saved_by"
	" WHERE v.plan_id = $1 ORDER BY v.version DESC";
static const char sql_plan_version[] =
	"SELECT " VERSION_COLS " FROM work_plan_versions v LEFT JOIN users u ON u.id = v.saved_by"
	" WHERE v.plan_id = $1 AND v.version = $2";

static const char sql_evaluations[] =
	"SELECT id, due_on, done_on, note FROM plan_evaluations WHERE plan_id = $1 ORDER BY due_on, id";
static const char sql_evaluation_insert[] =
	"INSERT INTO plan_evaluations (plan_id, participant_id, due_on) VALUES ($1, $2, $3) RETURNING id";
static const char sql_evaluation_done[] =
	"UPDATE plan_evaluations SET done_on = $3, note = $4"
	" WHERE plan_id = $1 AND id = $2 AND done_on IS NULL";
static const char sql_evaluation_delete[] =
	"DELETE FROM plan_evaluations WHERE plan_id = $1 AND id = $2 AND done_on IS NULL";
static const char sql_evaluation_exists[] =
	"SELECT 1 FROM plan_evaluations WHERE plan_id = $1 AND id = $2";

#define GOAL_COLS "id, plan_id, participant_id, category, title, target_date, status, version," \
	" created_at, updated_at"
static const char sql_goals[] = "SELECT " GOAL_COLS " FROM goals WHERE plan_id = $1 ORDER BY id";
static const char sql_goal[] = "SELECT " GOAL_COLS " FROM goals WHERE id = $1";
static const char sql_plan_steps[] =
	"SELECT s.goal_id, s.id, s.ord, s.description, s.due_on, s.done_on FROM goal_steps s"
	" JOIN goals g ON g.id = s.goal_id WHERE g.plan_id = $1 ORDER BY s.goal_id, s.ord";
static const char sql_goal_steps[] =
	"SELECT goal_id, id, ord, description, due_on, done_on FROM goal_steps"
	" WHERE goal_id = $1 ORDER BY ord";
static const char sql_goal_insert[] =
	"INSERT INTO goals (plan_id, participant_id, category, title, target_date, status, version,"
	" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id";
static const char sql_goal_update[] =
	"UPDATE goals SET category = $3, title = $4, target_date = $5, status = $6,"
	" version = version + 1, updated_at = $7 WHERE id = $1 AND version = $2"
	" RETURNING participant_id, version, plan_id";
static const char sql_goal_exists[] = "SELECT 1 FROM goals WHERE id = $1";
static const char sql_steps_delete[] = "DELETE FROM goal_steps WHERE goal_id = $1";
static const char sql_step_insert[] =
	"INSERT INTO goal_steps (goal_id, participant_id, ord, description, due_on, done_on)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_history_insert[] =
	"INSERT INTO goal_history (goal_id, version, category, title, target_date, status, steps,"
	" changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char sql_history[] =
	"SELECT h.version, h.category, h.title, h.target_date, h.status, h.steps, h.changed_at,"
	" COALESCE(h.changed_by, 0), COALESCE(u.display_name, '')"
	" FROM goal_history h LEFT JOIN users u ON u.id = h.changed_by"
	" WHERE h.goal_id = $1 ORDER BY h.version";

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

/* Binds a date, or NULL when has is false. */
static void
bind_date(struct db_stmt *st, int idx, bool has, struct date d)
{
	if (!has) {
		db_bind_null(st, idx);
		return;
	}
	char s[11];
	date_format(d, s);
	db_bind_text(st, idx, s);
}

/* An arena copy of a text column that may be NULL; false when out of memory. */
static bool
col_opt(struct db_stmt *st, struct arena *a, int col, char **out)
{
	*out = NULL;
	if (db_col_null(st, col))
		return true;
	*out = arena_strdup(a, db_col_text(st, col));
	return *out != NULL;
}

/* An arena copy of a NOT NULL text column ("" for NULL). */
static bool
col_text(struct db_stmt *st, struct arena *a, int col, char **out)
{
	const char *s = db_col_text(st, col);
	*out = arena_strdup(a, s != NULL ? s : "");
	return *out != NULL;
}

/* Makes room for one more item in an arena array, doubling its capacity. */
static int
grow(struct arena *a, void **items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return SC_OK;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = arena_alloc(a, ncap * size);
	if (p == NULL)
		return SC_ENOMEM;
	if (n > 0)
		memcpy(p, *items, n * size);
	*items = p;
	*cap = ncap;
	return SC_OK;
}

/* Runs a statement expected to return one row whose first column is an id.
 * DB_DONE (no row) is SC_ENOTFOUND. */
static int
step_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* ---- the period ---- */

int
store_plan_period(struct db *db, struct arena *a, int64_t participant_id, struct plan_period *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_period);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		rc = col_text(st, a, 1, &out->start_date) && col_text(st, a, 2, &out->planned_end) &&
		     col_text(st, a, 3, &out->status) ? SC_OK : SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* ---- reading the plan ---- */

static int
read_goal(struct db_stmt *st, struct arena *a, struct plan_goal *g)
{
	memset(g, 0, sizeof *g);
	g->id = db_col_int(st, 0);
	g->plan_id = db_col_int(st, 1);
	g->participant_id = db_col_int(st, 2);
	g->version = db_col_int(st, 7);
	g->created_at = db_col_int(st, 8);
	g->updated_at = db_col_int(st, 9);
	return col_text(st, a, 3, &g->category) && col_text(st, a, 4, &g->title) &&
	       col_opt(st, a, 5, &g->target_date) && col_text(st, a, 6, &g->status) ? SC_OK : SC_ENOMEM;
}

/* Reads the steps of the statement (goal_id, id, ord, description, due_on,
 * done_on rows, ordered by goal) into the matching goals. */
static int
read_steps(struct db_stmt *st, struct arena *a, struct plan_goal *goals, size_t ngoals)
{
	struct plan_goal *cur = NULL;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t goal_id = db_col_int(st, 0);
		if (cur == NULL || cur->id != goal_id) {
			cur = NULL;
			for (size_t i = 0; i < ngoals && cur == NULL; i++)
				if (goals[i].id == goal_id)
					cur = &goals[i];
			cap = 0;
			if (cur == NULL)
				continue;
		}
		void *items = cur->steps;
		rc = grow(a, &items, cur->nsteps, &cap, sizeof *cur->steps);
		if (rc != SC_OK)
			break;
		cur->steps = items;
		struct plan_step *s = &cur->steps[cur->nsteps];
		s->id = db_col_int(st, 1);
		s->ord = db_col_int(st, 2);
		if (!col_text(st, a, 3, &s->description) || !col_opt(st, a, 4, &s->due_on) ||
		    !col_opt(st, a, 5, &s->done_on)) {
			rc = SC_ENOMEM;
			break;
		}
		cur->nsteps++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static int
read_goals(struct db *db, struct arena *a, int64_t plan_id, struct work_plan *out)
{
	struct db_stmt *st = db_prepare(db, sql_goals);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		void *items = out->goals;
		rc = grow(a, &items, out->ngoals, &cap, sizeof *out->goals);
		if (rc == SC_OK) {
			out->goals = items;
			rc = read_goal(st, a, &out->goals[out->ngoals]);
		}
		if (rc != SC_OK)
			break;
		out->ngoals++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (out->ngoals == 0)
		return SC_OK;
	st = db_prepare(db, sql_plan_steps);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	return read_steps(st, a, out->goals, out->ngoals);
}

static int
read_evaluations(struct db *db, struct arena *a, int64_t plan_id, struct work_plan *out)
{
	struct db_stmt *st = db_prepare(db, sql_evaluations);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		void *items = out->evaluations;
		rc = grow(a, &items, out->nevaluations, &cap, sizeof *out->evaluations);
		if (rc != SC_OK)
			break;
		out->evaluations = items;
		struct plan_evaluation *ev = &out->evaluations[out->nevaluations];
		ev->id = db_col_int(st, 0);
		if (!col_text(st, a, 1, &ev->due_on) || !col_opt(st, a, 2, &ev->done_on) ||
		    !col_text(st, a, 3, &ev->note)) {
			rc = SC_ENOMEM;
			break;
		}
		out->nevaluations++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_plan_get(struct db *db, struct arena *a, int64_t enrolment_id, int64_t participant_id,
	       struct work_plan *out)
{
	memset(out, 0, sizeof *out);
	out->enrolment_id = enrolment_id;
	out->participant_id = participant_id;
	struct db_stmt *st = db_prepare(db, sql_plan_by_enrolment);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, enrolment_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->participant_id = db_col_int(st, 2);
		out->version = db_col_int(st, 6);
		out->created_at = db_col_int(st, 7);
		out->updated_at = db_col_int(st, 8);
		out->updated_by = db_col_int(st, 9);
		rc = col_text(st, a, 3, &out->wishes) && col_text(st, a, 4, &out->resources) &&
		     col_opt(st, a, 5, &out->agreed_on) && col_text(st, a, 10, &out->updated_by_name)
			     ? SC_OK : SC_ENOMEM;
	} else if (rc == DB_DONE) {
		/* Not created yet: an empty plan at version 0. */
		out->wishes = arena_strdup(a, "");
		out->resources = arena_strdup(a, "");
		out->updated_by_name = arena_strdup(a, "");
		rc = out->wishes && out->resources && out->updated_by_name ? SC_OK : SC_ENOMEM;
		db_done(st);
		return rc;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	rc = read_goals(db, a, out->id, out);
	if (rc == SC_OK)
		rc = read_evaluations(db, a, out->id, out);
	return rc;
}

/* ---- saving the plan ---- */

static int
plan_snapshot(struct db *db, int64_t plan_id)
{
	struct db_stmt *st = db_prepare(db, sql_plan_snapshot);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed != 1)
		rc = SC_ENOTFOUND;
	return rc;
}

/*
 * The agreement a save of the text leaves (plan_agreement_after_save), from
 * the plan as stored at expected_version: *p is updated, *cleared set.
 * SC_ECONFLICT when the plan is no longer at that version (the UPDATE would
 * find nothing either).
 */
static int
agreement_for_save(struct db *db, int64_t enrolment_id, int64_t expected_version, struct plan *p,
		   bool *cleared)
{
	*cleared = false;
	struct db_stmt *st = db_prepare(db, sql_plan_current);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, enrolment_id);
	db_bind_int(st, 2, expected_version);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		struct date agreed = {0, 0, 0};
		bool had = !db_col_null(st, 2) && date_parse(db_col_text(st, 2), &agreed) == SC_OK;
		bool changed = plan_text_changed(db_col_text(st, 0), db_col_text(st, 1), p);
		*cleared = plan_agreement_after_save(had, agreed, changed, p);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ECONFLICT;
	}
	db_done(st);
	return rc;
}

int
store_plan_save(struct db *db, int64_t enrolment_id, int64_t participant_id,
		int64_t expected_version, const struct plan *in, int64_t by, int64_t now,
		int64_t *plan_id, int64_t *new_version, bool *agreement_cleared)
{
	struct plan copy = *in;
	const struct plan *p = &copy;
	bool cleared = false;
	if (agreement_cleared != NULL)
		*agreement_cleared = false;
	if (expected_version > 0) {
		int rc = agreement_for_save(db, enrolment_id, expected_version, &copy, &cleared);
		if (rc != SC_OK)
			return rc;
	}
	struct db_stmt *st;
	if (expected_version == 0) {
		st = db_prepare(db, sql_plan_insert);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, enrolment_id);
		db_bind_int(st, 2, participant_id);
		db_bind_int(st, 6, now);
		bind_user(st, 7, by);
	} else {
		st = db_prepare(db, sql_plan_update);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, enrolment_id);
		db_bind_int(st, 2, expected_version);
		db_bind_int(st, 6, now);
		bind_user(st, 7, by);
	}
	db_bind_text(st, 3, p->wishes != NULL ? p->wishes : "");
	db_bind_text(st, 4, p->resources != NULL ? p->resources : "");
	bind_date(st, 5, p->has_agreed, p->agreed_on);
	int64_t id = 0, version = 0;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		id = db_col_int(st, 0);
		version = db_col_int(st, 1);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		/* The update found no plan at that version: someone saved first
		 * (or the plan is not there at all, which is the same to the
		 * user: what they edited is gone). */
		rc = SC_ECONFLICT;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	rc = plan_snapshot(db, id);
	if (rc != SC_OK)
		return rc;
	if (plan_id != NULL)
		*plan_id = id;
	if (new_version != NULL)
		*new_version = version;
	if (agreement_cleared != NULL)
		*agreement_cleared = cleared;
	return SC_OK;
}

/* Clears the plan's agreement after a change of its goals, as a new
 * version of the plan; *cleared says whether there was one. */
static int
clear_agreement(struct db *db, int64_t plan_id, int64_t by, int64_t now, bool *cleared)
{
	*cleared = false;
	struct db_stmt *st = db_prepare(db, sql_plan_clear_agreement);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	db_bind_int(st, 2, now);
	bind_user(st, 3, by);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK || changed == 0)
		return rc;
	*cleared = true;
	return plan_snapshot(db, plan_id);
}

int
store_plan_ensure(struct db *db, int64_t enrolment_id, int64_t participant_id, int64_t by,
		  int64_t now, int64_t *plan_id)
{
	struct db_stmt *st = db_prepare(db, sql_plan_ensure);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, enrolment_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, now);
	bind_user(st, 4, by);
	int64_t id = 0;
	int rc = step_id(st, &id);
	if (rc == SC_OK) {
		rc = plan_snapshot(db, id);
	} else if (rc == SC_ENOTFOUND) {
		/* It was there already. */
		st = db_prepare(db, sql_plan_id);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, enrolment_id);
		rc = step_id(st, &id);
	}
	if (rc == SC_OK && plan_id != NULL)
		*plan_id = id;
	return rc;
}

static int
read_version(struct db_stmt *st, struct arena *a, struct plan_version *v)
{
	memset(v, 0, sizeof *v);
	v->version = db_col_int(st, 0);
	v->saved_at = db_col_int(st, 4);
	v->saved_by = db_col_int(st, 5);
	return col_text(st, a, 1, &v->wishes) && col_text(st, a, 2, &v->resources) &&
	       col_opt(st, a, 3, &v->agreed_on) && col_text(st, a, 6, &v->saved_by_name)
		       ? SC_OK : SC_ENOMEM;
}

int
store_plan_versions(struct db *db, struct arena *a, int64_t plan_id, struct plan_version **items,
		    size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_plan_versions);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		void *p = *items;
		rc = grow(a, &p, *n, &cap, sizeof **items);
		if (rc == SC_OK) {
			*items = p;
			rc = read_version(st, a, &(*items)[*n]);
		}
		if (rc != SC_OK)
			break;
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_plan_version_get(struct db *db, struct arena *a, int64_t plan_id, int64_t version,
		       struct plan_version *out)
{
	struct db_stmt *st = db_prepare(db, sql_plan_version);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	db_bind_int(st, 2, version);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_version(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

/* ---- evaluations ---- */

int
store_plan_evaluation_add(struct db *db, int64_t plan_id, int64_t participant_id,
			  const char *due_on, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	db_bind_int(st, 2, participant_id);
	db_bind_text(st, 3, due_on);
	int rc = step_id(st, id);
	return rc == SC_ENOTFOUND ? SC_EDB : rc;
}

/* After an UPDATE or DELETE that changed nothing: SC_ENOTFOUND when the
 * plan has no such evaluation, else SC_ECONFLICT (it was held). */
static int
evaluation_why(struct db *db, int64_t plan_id, int64_t evaluation_id)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation_exists);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	db_bind_int(st, 2, evaluation_id);
	int rc = step_id(st, NULL);
	return rc == SC_OK ? SC_ECONFLICT : rc;
}

int
store_plan_evaluation_done(struct db *db, int64_t plan_id, int64_t evaluation_id,
			   const char *done_on, const char *note)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation_done);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	db_bind_int(st, 2, evaluation_id);
	db_bind_text(st, 3, done_on);
	db_bind_text(st, 4, note != NULL ? note : "");
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = evaluation_why(db, plan_id, evaluation_id);
	return rc;
}

int
store_plan_evaluation_delete(struct db *db, int64_t plan_id, int64_t evaluation_id)
{
	struct db_stmt *st = db_prepare(db, sql_evaluation_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	db_bind_int(st, 2, evaluation_id);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = evaluation_why(db, plan_id, evaluation_id);
	return rc;
}

/* ---- goals ---- */

/* Inserts the goal's steps (after the old ones were deleted). */
static int
insert_steps(struct db *db, int64_t goal_id, int64_t participant_id, const struct goal *g)
{
	for (size_t i = 0; i < g->nsteps; i++) {
		struct db_stmt *st = db_prepare(db, sql_step_insert);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, goal_id);
		db_bind_int(st, 2, participant_id);
		db_bind_int(st, 3, (int64_t)i + 1);
		db_bind_text(st, 4, g->steps[i].description);
		bind_date(st, 5, g->steps[i].has_due, g->steps[i].due);
		bind_date(st, 6, g->steps[i].has_done, g->steps[i].done);
		int rc = db_run(st, NULL);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

static int
insert_history(struct db *db, int64_t goal_id, int64_t version, const struct goal *g, int64_t by,
	       int64_t now)
{
	size_t need = goal_steps_text(g->steps, g->nsteps, NULL, 0);
	char *steps = malloc(need + 1);
	if (steps == NULL)
		return SC_ENOMEM;
	goal_steps_text(g->steps, g->nsteps, steps, need + 1);
	int rc = SC_EDB;
	struct db_stmt *st = db_prepare(db, sql_history_insert);
	if (st != NULL) {
		db_bind_int(st, 1, goal_id);
		db_bind_int(st, 2, version);
		db_bind_text(st, 3, goal_category_key(g->category));
		db_bind_text(st, 4, g->title);
		bind_date(st, 5, g->has_target, g->target);
		db_bind_text(st, 6, goal_status_key(g->status));
		db_bind_text(st, 7, steps);
		db_bind_int(st, 8, now);
		bind_user(st, 9, by);
		rc = db_run(st, NULL);
	}
	free(steps);
	return rc;
}

int
store_goal_add(struct db *db, int64_t plan_id, int64_t participant_id, const struct goal *g,
	       int64_t by, int64_t now, int64_t *goal_id, bool *agreement_cleared)
{
	bool cleared = false;
	if (agreement_cleared != NULL)
		*agreement_cleared = false;
	struct db_stmt *st = db_prepare(db, sql_goal_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, plan_id);
	db_bind_int(st, 2, participant_id);
	db_bind_text(st, 3, goal_category_key(g->category));
	db_bind_text(st, 4, g->title);
	bind_date(st, 5, g->has_target, g->target);
	db_bind_text(st, 6, goal_status_key(g->status));
	db_bind_int(st, 7, now);
	int64_t id = 0;
	int rc = step_id(st, &id);
	if (rc == SC_ENOTFOUND)
		rc = SC_EDB;
	if (rc == SC_OK)
		rc = insert_steps(db, id, participant_id, g);
	if (rc == SC_OK)
		rc = insert_history(db, id, 1, g, by, now);
	if (rc == SC_OK && goal_content_changed(NULL, g))
		rc = clear_agreement(db, plan_id, by, now, &cleared);
	if (rc == SC_OK && goal_id != NULL)
		*goal_id = id;
	if (rc == SC_OK && agreement_cleared != NULL)
		*agreement_cleared = cleared;
	return rc;
}

/* The stored goal_id as the domain's struct goal (strings in a), for
 * comparing with a change. */
static int
stored_goal(struct db *db, struct arena *a, int64_t goal_id, struct goal *out)
{
	memset(out, 0, sizeof *out);
	struct plan_goal pg;
	int rc = store_goal_get(db, a, goal_id, &pg);
	if (rc != SC_OK)
		return rc;
	if (goal_category_parse(pg.category, &out->category) != SC_OK)
		out->category = 0;
	if (goal_status_parse(pg.status, &out->status) != SC_OK)
		out->status = 0;
	out->title = pg.title;
	out->has_target = pg.target_date != NULL && date_parse(pg.target_date, &out->target) == SC_OK;
	out->nsteps = pg.nsteps < GOAL_STEPS_MAX ? pg.nsteps : GOAL_STEPS_MAX;
	for (size_t i = 0; i < out->nsteps; i++) {
		struct goal_step *st = &out->steps[i];
		st->description = pg.steps[i].description;
		st->has_due = pg.steps[i].due_on != NULL && date_parse(pg.steps[i].due_on, &st->due) == SC_OK;
		st->has_done = pg.steps[i].done_on != NULL &&
			       date_parse(pg.steps[i].done_on, &st->done) == SC_OK;
	}
	return SC_OK;
}

int
store_goal_update(struct db *db, int64_t goal_id, int64_t expected_version, const struct goal *g,
		  int64_t by, int64_t now, int64_t *new_version, bool *agreement_cleared)
{
	if (agreement_cleared != NULL)
		*agreement_cleared = false;
	/* What the goal held before, to tell content from progress. */
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	struct goal before;
	int brc = stored_goal(db, a, goal_id, &before);
	bool content = brc == SC_OK && goal_content_changed(&before, g);
	arena_free(a);
	if (brc != SC_OK && brc != SC_ENOTFOUND)
		return brc;
	struct db_stmt *st = db_prepare(db, sql_goal_update);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, goal_id);
	db_bind_int(st, 2, expected_version);
	db_bind_text(st, 3, goal_category_key(g->category));
	db_bind_text(st, 4, g->title);
	bind_date(st, 5, g->has_target, g->target);
	db_bind_text(st, 6, goal_status_key(g->status));
	db_bind_int(st, 7, now);
	int64_t participant_id = 0, version = 0, plan_id = 0;
	int rc = db_step(st);
	bool updated = rc == DB_ROW;
	if (updated) {
		participant_id = db_col_int(st, 0);
		version = db_col_int(st, 1);
		plan_id = db_col_int(st, 2);
		rc = SC_OK;
	}
	db_done(st);
	if (rc == DB_DONE && !updated) {
		st = db_prepare(db, sql_goal_exists);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, goal_id);
		rc = step_id(st, NULL);
		return rc == SC_OK ? SC_ECONFLICT : rc;
	}
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_steps_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, goal_id);
	rc = db_run(st, NULL);
	if (rc == SC_OK)
		rc = insert_steps(db, goal_id, participant_id, g);
	if (rc == SC_OK)
		rc = insert_history(db, goal_id, version, g, by, now);
	bool cleared = false;
	if (rc == SC_OK && content)
		rc = clear_agreement(db, plan_id, by, now, &cleared);
	if (rc == SC_OK && new_version != NULL)
		*new_version = version;
	if (rc == SC_OK && agreement_cleared != NULL)
		*agreement_cleared = cleared;
	return rc;
}

int
store_goal_get(struct db *db, struct arena *a, int64_t goal_id, struct plan_goal *out)
{
	struct db_stmt *st = db_prepare(db, sql_goal);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, goal_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_goal(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_goal_steps);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, goal_id);
	return read_steps(st, a, out, 1);
}

int
store_goal_history(struct db *db, struct arena *a, int64_t goal_id, struct goal_version **items,
		   size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_history);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, goal_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		void *p = *items;
		rc = grow(a, &p, *n, &cap, sizeof **items);
		if (rc != SC_OK)
			break;
		*items = p;
		struct goal_version *v = &(*items)[*n];
		memset(v, 0, sizeof *v);
		v->version = db_col_int(st, 0);
		v->changed_at = db_col_int(st, 6);
		v->changed_by = db_col_int(st, 7);
		if (!col_text(st, a, 1, &v->category) || !col_text(st, a, 2, &v->title) ||
		    !col_opt(st, a, 3, &v->target_date) || !col_text(st, a, 4, &v->status) ||
		    !col_text(st, a, 5, &v->steps) || !col_text(st, a, 8, &v->changed_by_name)) {
			rc = SC_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}
