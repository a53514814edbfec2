/*
 * plan.h — the commands and queries of work plans (domain/plan.h): the
 * plan's text and agreement, goals with steps and history, evaluation
 * dates.
 *
 * Everything here needs the participant's work plan (PART_PLAN,
 * domain/access.h): to read it for a query, to write it for a command; a
 * participant the actor may not act on is REFUSED_NOT_FOUND, audited as
 * "access.denied". A change needs the participant's current programme
 * period (REFUSED_STATE, plan_reason_not_enrolled, when they have none);
 * the plan is made by its first save, goal or evaluation date. After the
 * exit the last period's plan (its goals, evaluations and versions) is
 * still read, as it was (plan_view.ended), and changes nothing. Each command
 * writes its audit entry ("plan.update", "goal.create", "goal.update",
 * "evaluation.create", "evaluation.done", "evaluation.delete", naming the
 * participant) in its transaction; the reads that show a plan are audited
 * as "plan.read".
 *
 * A save made from a version that is no longer the saved one is
 * REFUSED_STALE (plan_reason_plan_stale, plan_reason_goal_stale), and
 * nothing changes. A change to the content the participant agreed to clears
 * the agreement (decision 27); *agreement_cleared says so.
 *
 * Each command has a check: the same access, state and rules, without
 * writing, for input the web layer refused already while reading it (so
 * every error is shown at once, and a 404 or 409 still comes first).
 */
#ifndef SC_APP_PLAN_H
#define SC_APP_PLAN_H

#include "app/app.h"
#include "domain/plan.h"
#include "store/store.h"

/* A participant's plan as the pages and the API show it. Strings and
 * lists live in the arena. */
struct plan_view {
	struct participant_brief p;
	bool enrolled;                  /* has a current programme period */
	bool ended;                     /* not enrolled: the plan is the last period's, which
					 * has ended; shown read-only (no change is allowed) */
	struct plan_period period;      /* when enrolled or ended */
	struct work_plan plan;          /* id 0, version 0 until first saved */
	struct goal *goals;             /* in the order they were added */
	size_t ngoals;
	struct plan_evaluation *evaluations;  /* by due date */
	size_t nevaluations;
	struct plan_version *versions;  /* newest first */
	size_t nversions;
};

/* ---- queries ---- */

/* The participant's plan, when the actor may act (act) on it. Not audited:
 * for showing a refused change's form again. */
int app_plan_open(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		  enum action act, struct plan_view *v, struct outcome *out);

/* As app_plan_open(ACT_READ), audited as "plan.read". */
int app_plan_read(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		  struct plan_view *v, struct outcome *out);

/* One saved version of the plan (number), with the plan (v), audited as
 * "plan.read". REFUSED_NOT_FOUND when the current plan has no such
 * version. */
int app_plan_version(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		     int64_t number, struct plan_view *v, struct plan_version *version, struct outcome *out);

/* As app_plan_read(), with the name of the participant's contact person
 * for the printed plan (*contact_name NULL when they have none). */
int app_plan_print(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		   struct plan_view *v, const char **contact_name, struct outcome *out);

/*
 * A goal with its history (oldest first) and its participant's plan (v,
 * without the plan's lists), when the actor may act on it. participant_id
 * 0: the goal's participant; else a goal of another participant is not
 * found. Not audited.
 */
int app_goal_open(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		  int64_t goal_id, enum action act, struct plan_view *v, struct goal *g,
		  struct goal_version **history, size_t *nhistory, struct outcome *out);

/* As app_goal_open(ACT_READ), audited as "plan.read". */
int app_goal_read(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		  int64_t goal_id, struct plan_view *v, struct goal *g, struct goal_version **history,
		  size_t *nhistory, struct outcome *out);

/* True when g can still be changed: it belongs to the plan of the current
 * period. */
bool app_goal_current(const struct plan_view *v, const struct goal *g);

/* ---- commands ---- */

/*
 * Saves the plan's wishes, resources and agreement (from in) against
 * version (0: the plan was not saved before). On DONE out->id is the plan's
 * id and out->version its new version.
 */
int app_plan_save(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		  int64_t version, struct work_plan *in, bool *agreement_cleared, struct outcome *out);
int app_plan_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		   struct work_plan *in, struct outcome *out);

/*
 * Adds a goal (category, title, target_date, status, steps from in). On
 * DONE in is the goal as stored (id, participant, version 1, times) and
 * out->id its id.
 */
int app_goal_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    struct goal *in, bool *agreement_cleared, struct outcome *out);

/*
 * Changes goal_id (participant_id as for app_goal_open()) to in, against
 * version. REFUSED_STATE (plan_reason_goal_closed) when the goal is of an
 * earlier period. On DONE in is the goal as stored and out->version its
 * new version.
 */
int app_goal_update(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    int64_t goal_id, int64_t version, struct goal *in, bool *agreement_cleared,
		    struct outcome *out);

/* The check of app_goal_create() (goal_id 0) or app_goal_update(). */
int app_goal_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		   int64_t goal_id, struct goal *in, struct outcome *out);

/* Adds an evaluation date (due_on from in). On DONE in is the evaluation
 * as stored and out->id its id. */
int app_evaluation_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct plan_evaluation *in, struct outcome *out);
int app_evaluation_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			 struct plan_evaluation *in, struct outcome *out);

/*
 * Marks evaluation_id of the current plan held (done_on and note from in).
 * REFUSED_NOT_FOUND when the current plan has no such evaluation;
 * REFUSED_STATE (plan_reason_evaluation_held) when it was held already. On
 * DONE in is the evaluation as stored.
 */
int app_evaluation_done(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			int64_t evaluation_id, struct plan_evaluation *in, struct outcome *out);
int app_evaluation_done_check(struct db *db, struct arena *a, const struct actor *actor,
			      int64_t participant_id, int64_t evaluation_id, struct plan_evaluation *in,
			      struct outcome *out);

/* Removes an evaluation date of the current plan that was not held
 * (REFUSED_STATE, plan_reason_evaluation_held, when it was). */
int app_evaluation_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  int64_t evaluation_id, struct outcome *out);

#endif
