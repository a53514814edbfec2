/*
 * store_task.h — the follow-up tasks after exit (table tasks, described by
 * domain/task.h's fields). Included by store.h.
 *
 * The tasks are made when a programme period ends (store_intake.h); here
 * they are read and registered. Every function works within a centre: a
 * task of another centre is not there.
 */
#ifndef SC_STORE_TASK_H
#define SC_STORE_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "domain/task.h"

struct arena;
struct db;

/* Task id of the centre, with its context (task_context_fields).
 * SC_ENOTFOUND when there is no such task in the centre. */
int store_task_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct task *out);

/* Every task of a participant in the centre, by due date, then id (at most
 * 100), with their context. */
int store_tasks(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		struct task **items, size_t *n);

/*
 * Registers task t->id of the centre: done_on, done_by, result, note,
 * part_time_percent, source and result_on from t. Refuses a task that is already done with SC_ECONFLICT (two people
 * registering the same follow-up: the second is told, nothing is
 * overwritten); SC_ENOTFOUND when there is no such task in the centre.
 */
int store_task_done(struct db *db, int64_t centre, const struct task *t);

#endif
