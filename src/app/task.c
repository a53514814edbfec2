/*
 * task.c — the commands and queries of the follow-up tasks after exit; see
 * task.h.
 */
#include "app/task.h"

#include "store/store.h"
#include "util/err.h"

#include <string.h>

int
app_tasks(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
	  struct task **items, size_t *n, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_FOLLOWUP), ACT_READ, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	return store_tasks(db, a, actor->centre_id, participant_id, items, n);
}

int
app_task(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum action act,
	 struct task *task, struct participant_brief *brief, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	int rc = id > 0 ? store_task_get(db, a, actor->centre_id, id, task) : SC_ENOTFOUND;
	if (rc == SC_ENOTFOUND)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	if (rc != SC_OK)
		return rc;
	return app_participant(db, a, actor, task->participant_id, PART_BIT(PART_FOLLOWUP), act, brief, out);
}

/* What registering task is checked against (task_when): the exit of the
 * period it follows up and that period's 6-month follow-up. */
static int
task_when_of(struct db *db, struct arena *a, const struct actor *actor, const struct task *task,
	     struct task_when *w)
{
	memset(w, 0, sizeof *w);
	w->today = actor->today;
	w->kind = task->kind;
	if (task->enrolment_id <= 0)
		return SC_OK;
	struct enrolment period;
	int rc = store_enrolment_get(db, a, actor->centre_id, task->enrolment_id, &period);
	if (rc == SC_ENOTFOUND)
		return SC_OK;
	if (rc != SC_OK)
		return rc;
	w->exit_date = period.exit_date;
	struct task *all = NULL;
	size_t n = 0;
	rc = store_tasks(db, a, actor->centre_id, task->participant_id, &all, &n);
	if (rc != SC_OK)
		return rc;
	w->earlier_open = task_earlier_open(task, all, n);
	for (size_t i = 0; i < n; i++)
		if (all[i].enrolment_id == task->enrolment_id && all[i].kind == TASK_FOLLOWUP_6M &&
		    all[i].id != task->id && all[i].done_on.y != 0)
			w->earlier_result_on = all[i].result_on.y != 0 ? all[i].result_on : all[i].done_on;
	return SC_OK;
}

int
app_task_done_check(struct db *db, struct arena *a, const struct actor *actor, const struct task *task,
		    const struct task *in, struct field_errors *e)
{
	struct task_when w;
	int rc = task_when_of(db, a, actor, task, &w);
	if (rc == SC_OK)
		task_result_check(in, &w, e);
	return rc;
}

int
app_task_done(struct db *db, struct arena *a, const struct actor *actor, int64_t id, const struct task *in,
	      struct task *task, struct participant_brief *brief, bool *still_followed,
	      struct outcome *out)
{
	*still_followed = false;
	int rc = app_task(db, a, actor, id, ACT_WRITE, task, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(task_fields, in, &out->errors);
	struct task_when when;
	rc = task_when_of(db, a, actor, task, &when);
	if (rc != SC_OK)
		return rc;
	task_result_check(in, &when, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	struct task done = *task;
	done.done_on = actor->today;
	done.done_by = actor->user_id;
	done.result = in->result;
	done.note = in->note;
	done.part_time_percent = in->part_time_percent;
	done.source = in->source;
	done.result_on = in->result_on.y != 0 ? in->result_on : actor->today;
	const char *kind = field_text(fields_find(task_fields, "kind"), task, a);
	struct date last_day;
	rc = kind != NULL ? app_begin(db) : SC_ENOMEM;
	if (rc == SC_OK) {
		rc = store_task_done(db, actor->centre_id, &done);
		if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE, NULL);
	}
	/* The 12-month follow-up, the period's last, ends the contact person's
	 * access after exit (the 6-month one is registered before it). */
	if (rc == SC_OK && out->refusal == DONE &&
	    access_followup_ends_contact(kind, when.earlier_open, actor->today, &last_day))
		rc = store_participant_set_contact_until(db, task->participant_id, last_day, true);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "task.done", "task", id);
	out->id = id;
	rc = app_end(db, rc, out);
	if (rc != SC_OK || (out->refusal != DONE && out->refusal != REFUSED_STATE))
		return rc;
	/* The task as it is now: registered by the actor, or by whoever was
	 * first. */
	rc = store_task_get(db, a, actor->centre_id, id, task);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	struct participant_brief after;
	rc = store_participant_brief(db, a, actor->centre_id, task->participant_id, actor->user_id, &after);
	if (rc == SC_OK)
		*still_followed = (app_parts(actor, &after, ACT_READ) & PART_BIT(PART_FOLLOWUP)) != 0;
	return rc;
}
