/*
 * tasks.c — the follow-ups after exit: their section of the follow-up page
 * (followup.h) with the form to register one, and the registration with its
 * /api/v1/ twin. Tasks are declared in domain/task.h, kept by
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

/* The id of a task form's field: "task-N-result" (one form per task on
 * the page). */
static const char *
task_field_id(struct req *r, int64_t task_id, const char *key)
{
	return arena_printf(r->a, "task-%lld-%s", (long long)task_id, key);
}

/* A labelled input of a task's form, with the id of its form
 * (task_field_id()) and its error beside it. */
static void
task_input(struct req *r, const struct form_errors *e, int64_t task_id, const struct field *f,
	   const char *type, const char *value)
{
	struct buf *o = &r->out;
	const char *id = task_field_id(r, task_id, f->key);
	const char *err = form_error_for(e, id);
	form_field_open(o, err, id, T(r, f->label), false);
	if (f->hint != NULL) {
		html_lit(o, "<p class=\"hint\" id=\"");
		html_text(o, id);
		html_lit(o, "-hint\">");
		html_text(o, T(r, f->hint));
		html_lit(o, "</p>");
	}
	html_lit(o, "<input id=\"");
	html_text(o, id);
	html_lit(o, "\" name=\"");
	html_text(o, f->key);
	html_lit(o, "\" type=\"");
	html_text(o, type);
	html_lit(o, "\" value=\"");
	html_text(o, value != NULL ? value : "");
	html_lit(o, "\"");
	if (err == NULL && f->hint != NULL) {
		html_lit(o, " aria-describedby=\"");
		html_text(o, id);
		html_lit(o, "-hint\"");
	}
	form_field_attrs(o, err, id);
	html_lit(o, ">");
	form_field_close(o, err, id);
}

/* The form to register an open task, from the declared result and note;
 * what was posted after a refused one (e). */
static void
task_form(struct req *r, const struct task *t, const struct form_errors *e)
{
	struct buf *o = &r->out;
	const struct field *result = fields_find(task_fields, "result");
	const struct field *note = fields_find(task_fields, "note");
	const char **keys = arena_alloc(r->a, sizeof *keys * (result->noptions + 1));
	const char **labels = arena_alloc(r->a, sizeof *labels * (result->noptions + 1));
	if (keys == NULL || labels == NULL)
		return;
	for (size_t i = 0; i < result->noptions; i++) {
		keys[i] = result->options[i].key;
		labels[i] = result->options[i].label;
	}
	html_lit(o, "<form method=\"post\" action=\"/tasks/");
	html_int(o, t->id);
	html_lit(o, "/done\" id=\"task-");
	html_int(o, t->id);
	html_lit(o, "-form\" novalidate>");
	form_csrf(r);
	form_select(r, e, task_field_id(r, t->id, result->key), result->key, T(r, result->label), keys, labels,
		    result->noptions, e ? req_field(r, result->key) : "", T(r, "Choose…"));
	task_input(r, e, t->id, fields_find(task_fields, "part_time_percent"), "number",
		   e ? req_field(r, "part_time_percent") : "");
	const struct field *source = fields_find(task_fields, "source");
	const char *skeys[8], *slabels[8];
	for (size_t i = 0; i < source->noptions && i < 8; i++) {
		skeys[i] = source->options[i].key;
		slabels[i] = source->options[i].label;
	}
	form_select(r, e, task_field_id(r, t->id, source->key), source->key, T(r, source->label), skeys, slabels,
		    source->noptions, e ? req_field(r, source->key) : "", T(r, "Not said"));
	task_input(r, e, t->id, fields_find(task_fields, "result_on"), "date", e ? req_field(r, "result_on") : "");
	form_textarea(r, e, task_field_id(r, t->id, note->key), note->key, T(r, note->label),
		      e ? req_field(r, note->key) : "", false, 5, FIELD_TEXT_MAX);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Register follow-up"));
	html_lit(o, "</button></form>");
}

void
tasks_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
	      const struct task *tasks, size_t n, const struct followup_view *v)
{
	struct buf *o = &r->out;
	bool can_write = case_allows(r, p, PART_BIT(PART_FOLLOWUP), ACT_WRITE);
	const struct field *kind = fields_find(task_fields, "kind");
	const struct field *due_on = fields_find(task_fields, "due_on");
	const struct field *done_on = fields_find(task_fields, "done_on");
	const struct field *result = fields_find(task_fields, "result");
	html_lit(o, "<section aria-labelledby=\"tasks\"><h2 id=\"tasks\">");
	html_text(o, T(r, "Follow-ups after exit"));
	html_lit(o, "</h2>");
	if (v->task_errors != NULL)
		form_error_summary(r, v->task_errors);
	html_lit(o, "<div class=\"cards\">");
	for (size_t i = 0; i < n; i++) {
		const struct task *t = &tasks[i];
		bool done = field_given(done_on, t);
		html_lit(o, "<article class=\"card\" id=\"task-");
		html_int(o, t->id);
		html_lit(o, "\"><h3>");
		html_text(o, field_shown(r, kind, t));
		html_lit(o, "</h3><p>");
		html_text(o, T(r, "Due"));
		html_lit(o, " ");
		html_text(o, field_shown(r, due_on, t));
		if (t->assignee_name[0]) {
			html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, "Assigned to"));
			html_lit(o, " ");
			html_text(o, t->assignee_name);
		}
		if (!done && field_given(due_on, t) &&
		    followup_due_state(t->due_on, false, actor->today, 0) == FOLLOWUP_OVERDUE) {
			html_lit(o, " <span class=\"overdue\">");
			html_text(o, T(r, "Overdue"));
			html_lit(o, "</span>");
		}
		html_lit(o, "</p>");
		if (done) {
			html_lit(o, "<p><strong>");
			html_text(o, field_shown(r, result, t));
			if (t->part_time_percent != FIELD_NONE)
				html_text(o, arena_printf(r->a, " (%lld %%)", (long long)t->part_time_percent));
			html_lit(o, "</strong>");
			const struct field *result_on = fields_find(task_fields, "result_on");
			const struct field *source = fields_find(task_fields, "source");
			if (field_given(result_on, t)) {
				html_lit(o, " \xC2\xB7 ");
				html_text(o, T(r, result_on->label));
				html_lit(o, " ");
				html_text(o, field_shown(r, result_on, t));
			}
			if (field_given(source, t)) {
				html_lit(o, " \xC2\xB7 ");
				html_text(o, T(r, source->label));
				html_lit(o, ": ");
				html_text(o, field_shown(r, source, t));
			}
			html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, "Registered"));
			html_lit(o, " ");
			html_text(o, field_shown(r, done_on, t));
			if (t->done_by_name[0]) {
				html_lit(o, " ");
				html_text(o, T(r, "by"));
				html_lit(o, " ");
				html_text(o, t->done_by_name);
			}
			html_lit(o, "</p>");
			if (t->note[0]) {
				html_lit(o, "<p>");
				html_lines(o, t->note);
				html_lit(o, "</p>");
			}
		} else if (can_write) {
			task_form(r, t, v->task_id == t->id ? v->task_errors : NULL);
		}
		html_lit(o, "</article>");
	}
	html_lit(o, "</div></section>");
}

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
		if (!e.mistyped)
			task_result_check(&in, actor.today, &out.errors);
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
