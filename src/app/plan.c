/*
 * plan.c — the commands and queries of work plans; see plan.h.
 *
 * A command checks access to the participant first (outside the
 * transaction, so a refusal's audit entry stays), then in one transaction
 * loads the period and the plan, lets the domain decide, writes, and
 * audits. Its check runs the same steps up to the decision.
 */
#include "app/plan.h"

#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* ---- loading ---- */

/* The period's first day, for the rules that a date is not before it. */
static struct date
period_start(const struct plan_view *v)
{
	return v->period.start_date.y != 0 ? v->period.start_date : (struct date){DATE_MIN_YEAR, 1, 1};
}

/* The plan of the participant's last period, which has ended, when it has
 * one (v->ended): read as it was after the exit. */
static int
load_ended_plan(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v)
{
	struct plan_period last;
	int rc = store_plan_period_ended(db, a, actor->centre_id, v->p.id, &last);
	if (rc == SC_ENOTFOUND)
		return SC_OK;
	if (rc != SC_OK)
		return rc;
	struct work_plan plan;
	plan_blank(&plan, v->p.id, last.id);
	rc = store_plan_get(db, a, actor->centre_id, last.id, &plan);
	if (rc == SC_ENOTFOUND)
		return SC_OK;
	if (rc != SC_OK)
		return rc;
	v->ended = true;
	v->period = last;
	v->plan = plan;
	return SC_OK;
}

/* Loads the current period and its plan of v->p (whose access was
 * checked): v->enrolled false when there is no period, a blank plan when
 * it has none yet; with no current period, the last period's plan when it
 * has ended with one (v->ended). */
static int
load_plan(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v)
{
	v->enrolled = false;
	v->ended = false;
	plan_blank(&v->plan, v->p.id, 0);
	int rc = store_plan_period(db, a, actor->centre_id, v->p.id, &v->period);
	if (rc == SC_ENOTFOUND)
		return load_ended_plan(db, a, actor, v);
	if (rc != SC_OK)
		return rc;
	v->enrolled = true;
	plan_blank(&v->plan, v->p.id, v->period.id);
	rc = store_plan_get(db, a, actor->centre_id, v->period.id, &v->plan);
	if (rc == SC_ENOTFOUND) {
		plan_blank(&v->plan, v->p.id, v->period.id);
		rc = SC_OK;
	}
	return rc;
}

/* The access check of participant_id for act, then its plan. */
static int
open_plan(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, enum action act,
	  struct plan_view *v, struct outcome *out)
{
	memset(v, 0, sizeof *v);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLAN), act, &v->p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return load_plan(db, a, actor, v);
}

int
app_plan_open(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	      enum action act, struct plan_view *v, struct outcome *out)
{
	int rc = open_plan(db, a, actor, participant_id, act, v, out);
	if (rc != SC_OK || out->refusal != DONE || v->plan.id == 0)
		return rc;
	int64_t centre = actor->centre_id, id = v->plan.id;
	rc = store_plan_goals(db, a, centre, id, &v->goals, &v->ngoals);
	if (rc == SC_OK)
		rc = store_plan_evaluations(db, a, centre, id, &v->evaluations, &v->nevaluations);
	if (rc == SC_OK)
		rc = store_plan_versions(db, a, centre, id, &v->versions, &v->nversions);
	return rc;
}

int
app_plan_read(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	      struct plan_view *v, struct outcome *out)
{
	int rc = app_plan_open(db, a, actor, participant_id, ACT_READ, v, out);
	if (rc == SC_OK && out->refusal == DONE)
		app_audit_read(db, actor, "plan.read", "participant", participant_id);
	return rc;
}

int
app_plan_version(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		 int64_t number, struct plan_view *v, struct plan_version *version, struct outcome *out)
{
	int rc = app_plan_open(db, a, actor, participant_id, ACT_READ, v, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	for (size_t i = 0; i < v->nversions; i++)
		if (v->versions[i].version == number) {
			*version = v->versions[i];
			app_audit_read(db, actor, "plan.read", "participant", participant_id);
			return SC_OK;
		}
	return app_refuse(out, REFUSED_NOT_FOUND, NULL);
}

int
app_plan_print(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	       struct plan_view *v, const char **contact_name, struct outcome *out)
{
	*contact_name = NULL;
	int rc = app_plan_read(db, a, actor, participant_id, v, out);
	if (rc != SC_OK || out->refusal != DONE || v->p.contact_id == 0)
		return rc;
	struct user u;
	rc = store_user_by_id(db, a, v->p.contact_id, &u);
	if (rc == SC_OK)
		*contact_name = u.display_name;
	return rc == SC_ENOTFOUND ? SC_OK : rc;
}

/*
 * The goal goal_id and the access check of its participant for act, in
 * the order that answers the same for a goal that is missing and one the
 * actor may not see: with participant_id, that participant first (then a
 * goal of another is not found); without, the goal first.
 */
static int
open_goal(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id, int64_t goal_id,
	  enum action act, struct plan_view *v, struct goal *g, struct outcome *out)
{
	memset(v, 0, sizeof *v);
	memset(out, 0, sizeof *out);
	int rc;
	bool loaded = participant_id <= 0;
	if (loaded) {
		rc = goal_id > 0 ? store_goal_get(db, a, actor->centre_id, goal_id, g) : SC_ENOTFOUND;
		if (rc == SC_ENOTFOUND)
			return app_refuse(out, REFUSED_NOT_FOUND, NULL);
		if (rc != SC_OK)
			return rc;
		participant_id = g->participant_id;
	}
	rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLAN), act, &v->p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (!loaded) {
		rc = goal_id > 0 ? store_goal_get(db, a, actor->centre_id, goal_id, g) : SC_ENOTFOUND;
		if (rc == SC_OK && g->participant_id != participant_id)
			rc = SC_ENOTFOUND;
		if (rc == SC_ENOTFOUND)
			return app_refuse(out, REFUSED_NOT_FOUND, NULL);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

int
app_goal_open(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	      int64_t goal_id, enum action act, struct plan_view *v, struct goal *g,
	      struct goal_version **history, size_t *nhistory, struct outcome *out)
{
	*history = NULL;
	*nhistory = 0;
	fields_clear(goal_fields, g);
	int rc = open_goal(db, a, actor, participant_id, goal_id, act, v, g, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = load_plan(db, a, actor, v);
	if (rc == SC_OK)
		rc = store_goal_history(db, a, actor->centre_id, g->id, history, nhistory);
	return rc;
}

int
app_goal_read(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	      int64_t goal_id, struct plan_view *v, struct goal *g, struct goal_version **history,
	      size_t *nhistory, struct outcome *out)
{
	int rc = app_goal_open(db, a, actor, participant_id, goal_id, ACT_READ, v, g, history, nhistory, out);
	if (rc == SC_OK && out->refusal == DONE)
		app_audit_read(db, actor, "plan.read", "participant", v->p.id);
	return rc;
}

bool
app_goal_current(const struct plan_view *v, const struct goal *g)
{
	return v->enrolled && v->plan.id != 0 && g->plan_id == v->plan.id;
}

/* ---- the plan ---- */

/* What decides a save of the plan's text before it is written. */
static int
plan_decide(const struct actor *actor, const struct plan_view *v, struct work_plan *in, struct outcome *out)
{
	if (!v->enrolled)
		return app_refuse(out, REFUSED_STATE, plan_reason_not_enrolled);
	if (!plan_check(in, period_start(v), actor->today, &out->errors))
		return app_refuse(out, REFUSED_INVALID, NULL);
	return SC_OK;
}

static int
plan_save_tx(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v, int64_t version,
	     struct work_plan *in, bool *agreement_cleared, struct outcome *out)
{
	int rc = load_plan(db, a, actor, v);
	if (rc == SC_OK)
		rc = plan_decide(actor, v, in, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	const struct work_plan *stored = &v->plan;
	in->participant_id = v->p.id;
	in->enrolment_id = v->period.id;
	int64_t centre = actor->centre_id;
	if (version == 0) {
		if (stored->id != 0)
			return app_refuse(out, REFUSED_STALE, plan_reason_plan_stale);
		rc = store_plan_insert(db, centre, in, actor->user_id, actor->now, &in->id);
	} else {
		if (stored->id == 0 || stored->version != version)
			return app_refuse(out, REFUSED_STALE, plan_reason_plan_stale);
		*agreement_cleared = plan_agreement_after_save(stored->agreed_on, plan_text_changed(stored, in), in);
		in->id = stored->id;
		rc = store_plan_update(db, centre, in->id, version, in, actor->user_id, actor->now);
	}
	if (rc == SC_ECONFLICT)
		return app_refuse(out, REFUSED_STALE, plan_reason_plan_stale);
	out->id = in->id;
	out->version = version + 1;
	return rc;
}

int
app_plan_save(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	      int64_t version, struct work_plan *in, bool *agreement_cleared, struct outcome *out)
{
	*agreement_cleared = false;
	struct plan_view v;
	memset(&v, 0, sizeof v);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLAN), ACT_WRITE, &v.p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = plan_save_tx(db, a, actor, &v, version, in, agreement_cleared, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "plan.update", "participant", participant_id);
	rc = app_end(db, rc, out);
	if (out->refusal != DONE)
		*agreement_cleared = false;
	return rc;
}

int
app_plan_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	       struct work_plan *in, struct outcome *out)
{
	struct plan_view v;
	int rc = open_plan(db, a, actor, participant_id, ACT_WRITE, &v, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return plan_decide(actor, &v, in, out);
}

/* ---- goals ---- */

/* What decides a goal's save before it is written: stored is the goal
 * changed (NULL: a new goal). */
static int
goal_decide(const struct actor *actor, const struct plan_view *v, const struct goal *stored, struct goal *in,
	    struct outcome *out)
{
	if (stored == NULL && !v->enrolled)
		return app_refuse(out, REFUSED_STATE, plan_reason_not_enrolled);
	if (stored != NULL && !app_goal_current(v, stored))
		return app_refuse(out, REFUSED_STATE, plan_reason_goal_closed);
	if (!goal_check(in, period_start(v), actor->today, &out->errors))
		return app_refuse(out, REFUSED_INVALID, NULL);
	return SC_OK;
}

static int
goal_create_tx(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v, struct goal *in,
	       bool *agreement_cleared, struct outcome *out)
{
	int rc = load_plan(db, a, actor, v);
	if (rc == SC_OK)
		rc = goal_decide(actor, v, NULL, in, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	int64_t centre = actor->centre_id;
	rc = store_plan_ensure(db, centre, v->period.id, v->p.id, actor->user_id, actor->now, &in->plan_id);
	if (rc != SC_OK)
		return rc;
	in->participant_id = v->p.id;
	in->version = 1;
	in->created_at = actor->now;
	in->updated_at = actor->now;
	rc = store_goal_insert(db, centre, in, actor->user_id, &in->id);
	/* A new goal is new content: the agreement does not cover it. */
	if (rc == SC_OK && goal_content_changed(NULL, in))
		rc = store_plan_clear_agreement(db, centre, in->plan_id, actor->user_id, actor->now,
						agreement_cleared);
	out->id = in->id;
	out->version = 1;
	return rc;
}

int
app_goal_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		struct goal *in, bool *agreement_cleared, struct outcome *out)
{
	*agreement_cleared = false;
	struct plan_view v;
	memset(&v, 0, sizeof v);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLAN), ACT_WRITE, &v.p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = goal_create_tx(db, a, actor, &v, in, agreement_cleared, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "goal.create", "participant", participant_id);
	rc = app_end(db, rc, out);
	if (out->refusal != DONE)
		*agreement_cleared = false;
	return rc;
}

static int
goal_update_tx(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v,
	       const struct goal *stored, int64_t version, struct goal *in, bool *agreement_cleared,
	       struct outcome *out)
{
	int rc = load_plan(db, a, actor, v);
	if (rc == SC_OK)
		rc = goal_decide(actor, v, stored, in, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (stored->version != version)
		return app_refuse(out, REFUSED_STALE, plan_reason_goal_stale);
	bool content = goal_content_changed(stored, in);
	in->id = stored->id;
	in->plan_id = stored->plan_id;
	in->participant_id = stored->participant_id;
	in->created_at = stored->created_at;
	in->updated_at = actor->now;
	in->version = version + 1;
	int64_t centre = actor->centre_id;
	rc = store_goal_update(db, centre, in, version, actor->user_id);
	if (rc == SC_ECONFLICT)
		return app_refuse(out, REFUSED_STALE, plan_reason_goal_stale);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc == SC_OK && content)
		rc = store_plan_clear_agreement(db, centre, in->plan_id, actor->user_id, actor->now,
						agreement_cleared);
	out->id = in->id;
	out->version = in->version;
	return rc;
}

int
app_goal_update(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		int64_t goal_id, int64_t version, struct goal *in, bool *agreement_cleared, struct outcome *out)
{
	*agreement_cleared = false;
	struct plan_view v;
	struct goal stored;
	fields_clear(goal_fields, &stored);
	int rc = open_goal(db, a, actor, participant_id, goal_id, ACT_WRITE, &v, &stored, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = goal_update_tx(db, a, actor, &v, &stored, version, in, agreement_cleared, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "goal.update", "participant", v.p.id);
	rc = app_end(db, rc, out);
	if (out->refusal != DONE)
		*agreement_cleared = false;
	return rc;
}

int
app_goal_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	       int64_t goal_id, struct goal *in, struct outcome *out)
{
	struct plan_view v;
	if (goal_id <= 0 && participant_id > 0) {
		int rc = open_plan(db, a, actor, participant_id, ACT_WRITE, &v, out);
		if (rc != SC_OK || out->refusal != DONE)
			return rc;
		return goal_decide(actor, &v, NULL, in, out);
	}
	struct goal stored;
	fields_clear(goal_fields, &stored);
	int rc = open_goal(db, a, actor, participant_id, goal_id, ACT_WRITE, &v, &stored, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = load_plan(db, a, actor, &v);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return goal_decide(actor, &v, &stored, in, out);
}

/* ---- evaluations ---- */

static int
evaluation_decide(const struct plan_view *v, const struct plan_evaluation *in, struct outcome *out)
{
	if (!v->enrolled)
		return app_refuse(out, REFUSED_STATE, plan_reason_not_enrolled);
	if (!evaluation_due_check(in, period_start(v), &out->errors))
		return app_refuse(out, REFUSED_INVALID, NULL);
	return SC_OK;
}

static int
evaluation_create_tx(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v,
		     struct plan_evaluation *in, struct outcome *out)
{
	int rc = load_plan(db, a, actor, v);
	if (rc == SC_OK)
		rc = evaluation_decide(v, in, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_plan_ensure(db, actor->centre_id, v->period.id, v->p.id, actor->user_id, actor->now,
			       &in->plan_id);
	in->participant_id = v->p.id;
	in->done_on = (struct date){0, 0, 0};
	in->note = "";
	if (rc == SC_OK)
		rc = store_evaluation_insert(db, actor->centre_id, in, &in->id);
	out->id = in->id;
	return rc;
}

int
app_evaluation_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		      struct plan_evaluation *in, struct outcome *out)
{
	struct plan_view v;
	memset(&v, 0, sizeof v);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLAN), ACT_WRITE, &v.p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = evaluation_create_tx(db, a, actor, &v, in, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "evaluation.create", "participant", participant_id);
	return app_end(db, rc, out);
}

int
app_evaluation_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		     struct plan_evaluation *in, struct outcome *out)
{
	struct plan_view v;
	int rc = open_plan(db, a, actor, participant_id, ACT_WRITE, &v, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return evaluation_decide(&v, in, out);
}

/* The evaluation evaluation_id of the current plan (after load_plan()):
 * REFUSED_NOT_FOUND when there is none. */
static int
find_evaluation(struct db *db, struct arena *a, const struct actor *actor, const struct plan_view *v,
		int64_t evaluation_id, struct plan_evaluation *ev, struct outcome *out)
{
	int rc = v->enrolled && v->plan.id != 0 && evaluation_id > 0
		? store_evaluation_get(db, a, actor->centre_id, v->plan.id, evaluation_id, ev) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	return rc;
}

static int
evaluation_done_decide(struct db *db, struct arena *a, const struct actor *actor, const struct plan_view *v,
		       int64_t evaluation_id, struct plan_evaluation *stored, struct plan_evaluation *in,
		       struct outcome *out)
{
	int rc = find_evaluation(db, a, actor, v, evaluation_id, stored, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (stored->done_on.y != 0)
		return app_refuse(out, REFUSED_STATE, plan_reason_evaluation_held);
	if (!evaluation_done_check(in, period_start(v), actor->today, &out->errors))
		return app_refuse(out, REFUSED_INVALID, NULL);
	return SC_OK;
}

static int
evaluation_done_tx(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v,
		   int64_t evaluation_id, struct plan_evaluation *in, struct outcome *out)
{
	struct plan_evaluation stored;
	int rc = load_plan(db, a, actor, v);
	if (rc == SC_OK)
		rc = evaluation_done_decide(db, a, actor, v, evaluation_id, &stored, in, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_evaluation_done(db, actor->centre_id, v->plan.id, evaluation_id, in);
	if (rc == SC_ECONFLICT)
		return app_refuse(out, REFUSED_STATE, plan_reason_evaluation_held);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	in->id = stored.id;
	in->due_on = stored.due_on;
	in->plan_id = stored.plan_id;
	in->participant_id = stored.participant_id;
	if (in->note == NULL)
		in->note = "";
	out->id = in->id;
	return rc;
}

int
app_evaluation_done(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    int64_t evaluation_id, struct plan_evaluation *in, struct outcome *out)
{
	struct plan_view v;
	memset(&v, 0, sizeof v);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLAN), ACT_WRITE, &v.p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = evaluation_done_tx(db, a, actor, &v, evaluation_id, in, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "evaluation.done", "participant", participant_id);
	return app_end(db, rc, out);
}

int
app_evaluation_done_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  int64_t evaluation_id, struct plan_evaluation *in, struct outcome *out)
{
	struct plan_view v;
	int rc = open_plan(db, a, actor, participant_id, ACT_WRITE, &v, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	struct plan_evaluation stored;
	return evaluation_done_decide(db, a, actor, &v, evaluation_id, &stored, in, out);
}

static int
evaluation_delete_tx(struct db *db, struct arena *a, const struct actor *actor, struct plan_view *v,
		     int64_t evaluation_id, struct outcome *out)
{
	struct plan_evaluation stored;
	int rc = load_plan(db, a, actor, v);
	if (rc == SC_OK)
		rc = find_evaluation(db, a, actor, v, evaluation_id, &stored, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_evaluation_delete(db, actor->centre_id, v->plan.id, evaluation_id);
	if (rc == SC_ECONFLICT)
		return app_refuse(out, REFUSED_STATE, plan_reason_evaluation_held);
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	out->id = evaluation_id;
	return rc;
}

int
app_evaluation_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		      int64_t evaluation_id, struct outcome *out)
{
	struct plan_view v;
	memset(&v, 0, sizeof v);
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_PLAN), ACT_WRITE, &v.p, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = app_begin(db);
	if (rc == SC_OK)
		rc = evaluation_delete_tx(db, a, actor, &v, evaluation_id, out);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "evaluation.delete", "participant", participant_id);
	return app_end(db, rc, out);
}
