/*
 * tasks.c — the follow-ups after exit: the registration with its /api/v1/
 * twin (their section of the follow-up page, with the form to register
 * one, is followup.c's). Tasks are declared in domain/task.h, kept by
 * store/store_task.c and registered through app/task.c.
 */
#include "case.h"
#include "followup.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/task.h"
#include "domain/followup.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>


/* The message when someone registered the follow-up first. */
static const char *
conflict_text(struct req *r, const struct task *now)
{
	return arena_printf(r->a, T(r, "This follow-up was already registered on %s by %s. Nothing was changed."),
			    field_shown(r, fields_find(task_fields, "done_on"), now),
			    now->done_by_name[0] ? now->done_by_name : T(r, "someone else"));
}

/* POST /tasks/:id/done and /api/v1/tasks/:id/done. */
static int
h_task_done(struct req *r)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK)
		id = 0;
	/* Who may register comes first: a task not the actor's is not there,
	 * whatever the body holds. */
	struct actor actor = req_actor(r);
	struct task task;
	struct participant_brief p;
	struct outcome out;
	int rc = app_task(req_db(r), r->a, &actor, id, ACT_WRITE, &task, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct task in;
	fields_clear(task_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, task_fields, &in, NULL, &e, &rc))
		return rc;
	bool still_followed = false;
	if (e.n == 0) {
		rc = app_task_done(req_db(r), r->a, &actor, id, &in, &task, &p, &still_followed, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* every error at once: the rules of what could be read too */
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
		if (!e.mistyped) {
			rc = app_task_done_check(req_db(r), r->a, &actor, &task, &in, &out.errors);
			if (rc != SC_OK)
				return rc;
		}
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == REFUSED_STATE) {
		const char *why = conflict_text(r, &task);
		if (r->wants_json)
			return api_error(r, 409, "conflict", why, NULL);
		r->status = 409;
		struct followup_view v = {.page = 1, .task_id = id, .notice = why};
		return followup_page(r, &actor, p.id, &v);
	}
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, task_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		/* beside the fields of this task's form */
		struct form_errors mine = {0};
		for (int i = 0; i < e.n; i++) {
			mine.field[mine.n] = task_field_id(r, id, e.field[i]);
			mine.message[mine.n] = e.message[i];
			mine.n++;
		}
		r->status = outcome_status(&out);
		struct followup_view v = {.page = 1, .task_id = id, .task_errors = &mine};
		return followup_page(r, &actor, p.id, &v);
	}
	if (r->wants_json)
		return api_send(r, 200, record_json_texts(task_fields, &task, PARTS_ALL));
	page_flash(r, "task-done");
	/* After the 12-month follow-up the contact person no longer follows
	 * an exited participant: back to Today then. */
	if (!still_followed)
		return req_redirect(r, "/today");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/meetings#tasks", (long long)p.id));
}

const struct route tasks_routes[] = {
	BOTH(M_POST, "/tasks/:id/done", "/api/v1/tasks/:id/done", h_task_done, NEED(RES_WORKPLANS, ACT_WRITE)),
	ROUTES_END
};
