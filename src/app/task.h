/*
 * task.h — the commands and queries of the follow-up tasks after exit
 * (domain/task.h).
 *
 * Whoever follows the participant up (PART_FOLLOWUP, domain/access.h)
 * reads the tasks and registers them, the 6-month one before the
 * 12-month one; registering the 12-month follow-up, the last, ends the
 * contact person's access after the exit (access_followup_ends_contact()).
 */
#ifndef SC_APP_TASK_H
#define SC_APP_TASK_H

#include <stdbool.h>

#include "app/app.h"
#include "domain/task.h"

struct participant_brief;

/* The participant's tasks, by due date. REFUSED_NOT_FOUND when the actor
 * may not read the participant's follow-up. */
int app_tasks(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	      struct task **items, size_t *n, struct outcome *out);

/* Task id with its participant (brief), for an actor who would act on it
 * (act): REFUSED_NOT_FOUND when there is no such task in the centre or the
 * actor may not reach its participant's follow-up. */
int app_task(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
	     struct task *task, struct participant_brief *brief, struct outcome *out);

/* The rules of registering task (as app_task() gave it) with in, without a
 * transaction (task_result_check() against the period's exit and its
 * 6-month follow-up): for a handler that found errors reading in, so that
 * every error is said at once. Adds to e; SC_OK unless the store failed. */
int app_task_done_check(struct db *db, struct arena *a, const struct actor *actor, const struct task *task,
			const struct task *in, struct field_errors *e);

/*
 * Registers task id as done today by the actor, with the result and note
 * of in. REFUSED_NOT_FOUND as app_task(); REFUSED_INVALID with the fields;
 * REFUSED_STATE when it was registered first (by someone else): nothing
 * is changed. task gets the task as it is stored after the command (also
 * when refused for its state: who registered it, when, with what), brief
 * its participant. On DONE, *still_followed says whether the actor still
 * reaches the participant's follow-up (the 12-month follow-up may have
 * ended it).
 */
int app_task_done(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		  const struct task *in, struct task *task, struct participant_brief *brief,
		  bool *still_followed, struct outcome *out);

#endif
