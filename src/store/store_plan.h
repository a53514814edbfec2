/*
 * store_plan.h — work plans (versioned), goals with steps and history,
 * evaluations; the records are declared in domain/plan.h. Included by
 * store.h.
 *
 * One work plan per programme period (enrolment). It is made on its first
 * save, or when the first goal or evaluation is added. Every save of the
 * plan bumps its version and keeps a copy of the text in
 * work_plan_versions; every add or change of a goal bumps the goal's
 * version and keeps a copy (with its steps as text) in goal_history. Steps
 * and evaluations carry the participant's id so the Today page can find
 * what is due without joining through the plan.
 *
 * Every function works within one centre (centre, the actor's): a record of
 * another centre is not found and not changed. Writes do not open
 * transactions of their own: the commands (app/plan.c) wrap a change and
 * its audit entry in one. Strings read are copied into the arena.
 */
#ifndef SC_STORE_PLAN_H
#define SC_STORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"

struct arena;
struct db;

/* The participant's current programme period: the latest (by start date)
 * that is active or paused. SC_ENOTFOUND when they have none. */
int store_plan_period(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		      struct plan_period *out);

/* The participant's latest programme period that has ended (by start
 * date; status "exited", with its exit_date). SC_ENOTFOUND when none. */
int store_plan_period_ended(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			    struct plan_period *out);

/* The plan of a programme period, with who saved it last.
 * SC_ENOTFOUND when it has not been made yet. */
int store_plan_get(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
		   struct work_plan *out);

/* Makes the plan of p's period (enrolment_id, participant_id) at version 1
 * with p's text and agreement, and its first copy in the versions; *id gets
 * its id. SC_ECONFLICT when the period has a plan already. */
int store_plan_insert(struct db *db, int64_t centre, const struct work_plan *p, int64_t by, int64_t now,
		      int64_t *id);

/* Writes p's text and agreement over plan id when it is still at
 * expected_version, bumping the version, and keeps the copy. SC_ECONFLICT
 * when it is not (or is not there): nothing changes. */
int store_plan_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
		      const struct work_plan *p, int64_t by, int64_t now);

/* Clears the plan's agreement as a new version (kept in the versions);
 * *cleared says whether there was one (none: nothing changes). */
int store_plan_clear_agreement(struct db *db, int64_t centre, int64_t id, int64_t by, int64_t now,
			       bool *cleared);

/* The plan of the period, made empty (version 1, with its first copy in
 * the versions) when there is none yet. *id gets its id. */
int store_plan_ensure(struct db *db, int64_t centre, int64_t enrolment_id, int64_t participant_id,
		      int64_t by, int64_t now, int64_t *id);

/* The saved versions of a plan, newest first. */
int store_plan_versions(struct db *db, struct arena *a, int64_t centre, int64_t plan_id,
			struct plan_version **items, size_t *n);

/* ---- goals ---- */

/* The goals of a plan, in the order they were added, each with its steps. */
int store_plan_goals(struct db *db, struct arena *a, int64_t centre, int64_t plan_id, struct goal **items,
		     size_t *n);

/* One goal with its steps. SC_ENOTFOUND when the centre has no such goal. */
int store_goal_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct goal *out);

/* Adds g (plan_id, participant_id, category, title, target_date, status,
 * created_at, updated_at and its steps) at version 1, and its history's
 * first version by by; *id gets its id. */
int store_goal_insert(struct db *db, int64_t centre, const struct goal *g, int64_t by, int64_t *id);

/*
 * Writes g's category, title, target date, status and steps over goal
 * g->id when it is still at expected_version, bumping the version and
 * updated_at (g->updated_at), and adds the new version to the history.
 * SC_ECONFLICT (nothing changed) when someone saved it since; SC_ENOTFOUND
 * when the centre has no such goal.
 */
int store_goal_update(struct db *db, int64_t centre, const struct goal *g, int64_t expected_version,
		      int64_t by);

/* The goal's versions, oldest first. */
int store_goal_history(struct db *db, struct arena *a, int64_t centre, int64_t goal_id,
		       struct goal_version **items, size_t *n);

/* ---- evaluations ---- */

/* The evaluation dates of a plan, by due date. */
int store_plan_evaluations(struct db *db, struct arena *a, int64_t centre, int64_t plan_id,
			   struct plan_evaluation **items, size_t *n);

/* One evaluation of the plan. SC_ENOTFOUND when the plan has no such
 * evaluation in the centre. */
int store_evaluation_get(struct db *db, struct arena *a, int64_t centre, int64_t plan_id, int64_t id,
			 struct plan_evaluation *out);

/* Adds ev (plan_id, participant_id, due_on) as not held yet; *id gets its
 * id. */
int store_evaluation_insert(struct db *db, int64_t centre, const struct plan_evaluation *ev, int64_t *id);

/* Marks evaluation id of the plan held on ev->done_on with ev->note.
 * SC_ENOTFOUND when the plan has no such evaluation; SC_ECONFLICT when it
 * was held already. */
int store_evaluation_done(struct db *db, int64_t centre, int64_t plan_id, int64_t id,
			  const struct plan_evaluation *ev);

/* Deletes an evaluation date that was not held. SC_ENOTFOUND when the plan
 * has no such evaluation; SC_ECONFLICT when it was held (kept as a
 * record). */
int store_evaluation_delete(struct db *db, int64_t centre, int64_t plan_id, int64_t id);

#endif
