/*
 * store_plan.h — work plans (versioned), goals with steps and history, evaluations. Included by store.h.
 *
 * One work plan per programme period (enrolment). It is created on its first
 * save, or when the first goal or evaluation is added, for the participant's
 * current period: the latest one (by start date) that is active or paused.
 * Every save of the plan bumps its version and keeps a copy of the text in
 * work_plan_versions; every add or change of a goal bumps the goal's version
 * and keeps a copy (with its steps as text) in goal_history. Steps and
 * evaluations carry the participant's id so the Today page can find what is
 * due without joining through the plan.
 *
 * Dates are "YYYY-MM-DD" text; a NULL date pointer means "none". Writes do
 * not open transactions of their own: callers wrap a change and its audit
 * entry in store_tx_begin() ... store_tx_commit().
 */
#ifndef SC_STORE_PLAN_H
#define SC_STORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"

struct arena;
struct db;

/* A programme period, as the plan needs it. */
struct plan_period {
	int64_t id;               /* enrolments.id */
	char *start_date;
	char *planned_end;
	char *status;             /* "active" or "paused" */
};

struct plan_step {
	int64_t id;
	int64_t ord;              /* 1-based */
	char *description;
	char *due_on;             /* NULL = none */
	char *done_on;            /* NULL = not done */
};

struct plan_goal {
	int64_t id;
	int64_t plan_id;
	int64_t participant_id;
	char *category;           /* goal_category_key() */
	char *title;
	char *target_date;        /* NULL = none */
	char *status;             /* goal_status_key() */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
	size_t nsteps;
	struct plan_step *steps;  /* in order */
};

struct plan_evaluation {
	int64_t id;
	char *due_on;
	char *done_on;            /* NULL = not held yet */
	char *note;
};

struct work_plan {
	int64_t id;               /* 0 = not created yet (an empty plan, version 0) */
	int64_t enrolment_id;
	int64_t participant_id;
	char *wishes;
	char *resources;
	char *agreed_on;          /* NULL = not agreed yet */
	int64_t version;          /* 0 before the first save */
	int64_t created_at;
	int64_t updated_at;
	int64_t updated_by;       /* 0 = unknown */
	char *updated_by_name;    /* "" when unknown */
	size_t ngoals;
	struct plan_goal *goals;  /* in the order they were added */
	size_t nevaluations;
	struct plan_evaluation *evaluations;  /* by due date */
};

/* One saved version of the plan's text. */
struct plan_version {
	int64_t version;
	char *wishes;
	char *resources;
	char *agreed_on;          /* NULL = none */
	int64_t saved_at;
	int64_t saved_by;         /* 0 = unknown */
	char *saved_by_name;      /* "" when unknown */
};

/* One version of a goal, as it was saved. */
struct goal_version {
	int64_t version;
	char *category;
	char *title;
	char *target_date;        /* NULL = none */
	char *status;
	char *steps;              /* goal_steps_text() */
	int64_t changed_at;
	int64_t changed_by;
	char *changed_by_name;    /* "" when unknown */
};

/* The participant's current programme period (active or paused, the latest
 * start date). SC_ENOTFOUND when they have none. */
int store_plan_period(struct db *db, struct arena *a, int64_t participant_id,
		      struct plan_period *out);

/*
 * The plan of a programme period with its goals (and their steps) and
 * evaluations. When the plan has not been created yet, returns 0 with an
 * empty plan: id 0, version 0, no goals.
 */
int store_plan_get(struct db *db, struct arena *a, int64_t enrolment_id, int64_t participant_id,
		   struct work_plan *out);

/*
 * Saves the plan's text. expected_version is the version the user edited:
 * 0 creates the plan (SC_ECONFLICT when someone created it first); N
 * updates it when it is still at version N, else SC_ECONFLICT and nothing
 * changes. A save that changes the wishes or resources and sends the stored
 * agreement date unchanged clears the agreement (plan_agreement_after_save:
 * the participant has not agreed to the new text); *agreement_cleared says
 * so. Every save keeps a copy in the versions. *plan_id, *new_version and
 * *agreement_cleared (each may be NULL) get the plan's id, its new version
 * and whether the rule cleared the agreement.
 */
int store_plan_save(struct db *db, int64_t enrolment_id, int64_t participant_id,
		    int64_t expected_version, const struct plan *p, int64_t by, int64_t now,
		    int64_t *plan_id, int64_t *new_version, bool *agreement_cleared);

/* The plan of the period, created empty (version 1, with its first copy
 * in the versions) when there is none yet. *plan_id gets its id. */
int store_plan_ensure(struct db *db, int64_t enrolment_id, int64_t participant_id, int64_t by,
		      int64_t now, int64_t *plan_id);

/* The saved versions of a plan, newest first. */
int store_plan_versions(struct db *db, struct arena *a, int64_t plan_id,
			struct plan_version **items, size_t *n);
/* One saved version; SC_ENOTFOUND when the plan has no such version. */
int store_plan_version_get(struct db *db, struct arena *a, int64_t plan_id, int64_t version,
			   struct plan_version *out);

/* ---- evaluations ---- */

/* Adds an evaluation date (not held yet). */
int store_plan_evaluation_add(struct db *db, int64_t plan_id, int64_t participant_id,
			      const char *due_on, int64_t *id);
/* Marks an evaluation of the plan held on done_on, with a note.
 * SC_ENOTFOUND when the plan has no such evaluation; SC_ECONFLICT when it
 * was already marked done. */
int store_plan_evaluation_done(struct db *db, int64_t plan_id, int64_t evaluation_id,
			       const char *done_on, const char *note);
/* Deletes an evaluation date that was not held. SC_ENOTFOUND when the plan
 * has no such evaluation; SC_ECONFLICT when it was held (kept as a record). */
int store_plan_evaluation_delete(struct db *db, int64_t plan_id, int64_t evaluation_id);

/* ---- goals ---- */

/*
 * A new goal, or a change of a goal's content (goal_content_changed: not its
 * status or done dates), changes what the participant agreed to: the plan's
 * agreement is cleared, the plan's version bumped and the cleared state
 * kept in the versions. *agreement_cleared (may be NULL) says whether there
 * was an agreement to clear.
 */

/* Adds a validated goal with its steps to the plan; its history gets
 * version 1. *goal_id may be NULL. Clears the plan's agreement (above). */
int store_goal_add(struct db *db, int64_t plan_id, int64_t participant_id, const struct goal *g,
		   int64_t by, int64_t now, int64_t *goal_id, bool *agreement_cleared);
/*
 * Replaces a goal's fields and steps when it is still at expected_version:
 * SC_ECONFLICT (nothing changed) when someone saved it since; SC_ENOTFOUND
 * when there is no such goal. The history gets the new version. A change
 * of content clears the plan's agreement (above). *new_version may be NULL.
 */
int store_goal_update(struct db *db, int64_t goal_id, int64_t expected_version,
		      const struct goal *g, int64_t by, int64_t now, int64_t *new_version,
		      bool *agreement_cleared);
/* One goal with its steps. SC_ENOTFOUND when there is none. */
int store_goal_get(struct db *db, struct arena *a, int64_t goal_id, struct plan_goal *out);
/* The goal's versions, oldest first. */
int store_goal_history(struct db *db, struct arena *a, int64_t goal_id,
		       struct goal_version **items, size_t *n);

#endif
