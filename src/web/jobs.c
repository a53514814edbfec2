/*
 * jobs.c — a job that followed a placement (issue 10, section 4;
 * decisions 41 and 73): its page with the terms, the history of its income
 * (every version with who saved it and when, the one in force today
 * marked), the form for a new version from a month, and the form to end
 * the job with its last day and why. Every page has its /api/v1/ twin: one
 * handler, answering as the route says (routes.h). The commands are
 * app/job.c, which checks who may and audits.
 */
#include "case.h"
#include "form.h"
#include "jobs.h"
#include "resource.h"
#include "routes.h"
#include "app/job.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

/* What a job's page shows besides the job: the forms' values and errors
 * after a refused save, and a notice. */
struct job_view {
	const struct employment_income *income;
	const struct form_errors *income_errors;
	const struct employment_end *end;
	const struct form_errors *end_errors;
	const char *notice;
};

/* The version of the income in force on today (the latest from on or
 * before it; of two from one month the later saved), or NULL. */
static const struct employment_income *
in_force(const struct employment_income *items, size_t n, struct date today)
{
	const struct employment_income *now = NULL;
	for (size_t i = 0; i < n; i++)
		if (date_cmp(items[i].valid_from, today) <= 0 &&
		    (now == NULL || date_cmp(items[i].valid_from, now->valid_from) >= 0))
			now = &items[i];
	return now;
}

static json_t *
job_json(const struct employment *job, const struct employment_income *items, size_t n, struct date today)
{
	json_t *j = record_json(employment_fields, job, PARTS_ALL);
	json_t *arr = json_array();
	const struct employment_income *now = in_force(items, n, today);
	for (size_t i = 0; i < n; i++) {
		json_t *v = record_json(employment_income_fields, &items[i], PARTS_ALL);
		json_object_set_new(v, "in_force", json_boolean(&items[i] == now));
		json_array_append_new(arr, v);
	}
	json_object_set_new(j, "incomes", arr);
	return j;
}

static int
job_page(struct req *r, const struct actor *actor, const struct employment *job,
	 const struct participant_brief *brief, const struct employment_income *items, size_t n,
	 const struct job_view *v)
{
	struct buf *o = &r->out;
	const char *name = case_name(r, brief->given_name, brief->family_name);
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s \xE2\x80\x93 %s", T(r, "Job"), name, job->employer_name));
	html_lit(o, "<p class=\"no-print\"><a href=\"/participants/");
	html_int(o, job->participant_id);
	html_lit(o, "\">");
	html_text(o, arena_printf(r->a, "%s: %s", T(r, "Back to the participant"), name));
	html_lit(o, "</a>");
	if (job->placement_id > 0) {
		html_lit(o, " \xC2\xB7 <a href=\"/placements/");
		html_int(o, job->placement_id);
		html_lit(o, "/result\">");
		html_text(o, T(r, "The placement's result"));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p><h1>");
	html_text(o, arena_printf(r->a, "%s: %s, %s", T(r, "Job"), name, job->employer_name));
	html_lit(o, "</h1>");
	if (v->notice != NULL)
		page_para(r, "notice", v->notice);
	const struct field *kind = fields_find(employment_fields, "kind");
	const struct field *wage = fields_find(employment_fields, "wage_ore");
	const struct field *reason = fields_find(employment_fields, "end_reason");
	html_lit(o, "<dl class=\"record\" id=\"job\"><dt>");
	html_text(o, T(r, "Employer"));
	html_lit(o, "</dt><dd><a href=\"/employers/");
	html_int(o, job->employer_id);
	html_lit(o, "\">");
	html_text(o, job->employer_name);
	html_lit(o, "</a></dd>");
	page_dl_row(r, N_("Job title"), job->title);
	page_dl_row(r, N_("Employment"), field_shown(r, kind, job));
	page_dl_row(r, N_("Percentage of full time"), arena_printf(r->a, "%lld %%", (long long)job->percent));
	page_dl_row(r, N_("Job starts"), case_date_text(r, job->starts_on));
	page_dl_row(r, N_("Last day of work"), job->ends_on.y != 0 ? case_date_text(r, job->ends_on) : "");
	page_dl_row(r, N_("Wage"), field_shown(r, wage, job));
	if (job->end_reason >= 0) {
		page_dl_row(r, N_("Why the job ended"), field_shown(r, reason, job));
		page_dl_row(r, N_("About the end"), job->end_note);
	}
	html_lit(o, "</dl>");

	html_lit(o, "<section aria-labelledby=\"income\">");
	page_heading(r, "h2", "income", T(r, "Income a month"));
	page_para(r, "muted", T(r, "The benefit deducts the version in force in each month. A change of wage or hours is a "
			      "new version from the first day of a month; the earlier versions stay as they were."));
	const struct employment_income *now = in_force(items, n, actor->today);
	const struct field *gross = fields_find(employment_income_fields, "gross_ore");
	const struct field *hours = fields_find(employment_income_fields, "hours_centi");
	html_lit(o, "<table id=\"income-versions\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "From"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Gross salary a month"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Hours a month"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Saved"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Saved by"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "In force today"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, case_date_text(r, items[i].valid_from));
		html_lit(o, "</td><td>");
		html_text(o, field_shown(r, gross, &items[i]));
		html_lit(o, "</td><td>");
		html_text(o, field_shown(r, hours, &items[i]));
		html_lit(o, "</td><td>");
		html_text(o, page_moment(r, items[i].recorded_at));
		html_lit(o, "</td><td>");
		html_text(o, items[i].recorded_by_name != NULL && items[i].recorded_by_name[0] != '\0'
				     ? items[i].recorded_by_name
				     : "\xE2\x80\x94");
		html_lit(o, "</td><td>");
		html_text(o, &items[i] == now ? T(r, "Yes") : "");
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	bool writer = access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE) &&
		      case_allows(r, brief, PART_BIT(PART_PLACEMENTS), ACT_WRITE);
	if (writer) {
		page_heading(r, "h3", NULL, T(r, "New version of the income"));
		struct employment_income blank;
		const struct employment_income *shown = v->income;
		if (shown == NULL) {
			fields_clear(employment_income_fields, &blank);
			shown = &blank;
		}
		form_error_summary(r, v->income_errors);
		html_lit(o, "<form method=\"post\" action=\"/jobs/");
		html_int(o, job->id);
		html_lit(o, "/income\" id=\"income-form\" novalidate>");
		form_csrf(r);
		form_fields(r, employment_income_fields, shown, v->income_errors != NULL, NULL, v->income_errors);
		page_button(r, N_("Save the new version"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");

	if (writer && job->end_reason < 0) {
		html_lit(o, "<section aria-labelledby=\"end\">");
		page_heading(r, "h2", "end", T(r, "End the job"));
		page_para(r, "muted", T(r, "The income counts to the last day of work: that month in the share of its days "
				      "worked, and no month after it."));
		struct employment_end blank;
		const struct employment_end *shown = v->end;
		if (shown == NULL) {
			fields_clear(employment_end_fields, &blank);
			shown = &blank;
		}
		static const struct field_ui eui[] = {{.key = "reason", .control = "radio"}, {.key = "note", .rows = 2},
						      {0}};
		form_error_summary(r, v->end_errors);
		html_lit(o, "<form method=\"post\" action=\"/jobs/");
		html_int(o, job->id);
		html_lit(o, "/end\" id=\"end-form\" novalidate>");
		form_csrf(r);
		html_lit(o, "<input type=\"hidden\" name=\"version\" value=\"");
		html_int(o, job->version);
		html_lit(o, "\">");
		form_fields(r, employment_end_fields, shown, v->end_errors != NULL, eui, v->end_errors);
		page_button(r, N_("End the job"));
		html_lit(o, "</form></section>");
	}
	return page_end(r);
}

/* The job's page or JSON, with status. */
static int
send_job(struct req *r, const struct actor *actor, int64_t id, int status, const struct job_view *v)
{
	struct employment job;
	struct participant_brief brief;
	struct outcome out;
	int rc = app_job_get(req_db(r), r->a, actor, id, &job, &brief, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct employment_income *items = NULL;
	size_t n = 0;
	rc = app_job_incomes(req_db(r), r->a, actor, id, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json)
		return api_send(r, status, job_json(&job, items, n, actor->today));
	r->status = status;
	return job_page(r, actor, &job, &brief, items, n, v);
}

/* GET /jobs/:id and /api/v1/jobs/:id. */
static int
h_job(struct req *r)
{
	struct actor actor = req_actor(r);
	struct job_view v = {0};
	return send_job(r, &actor, req_param_id(r, 0), 200, &v);
}

/* A refused command: JSON, or the page again with the errors where they
 * belong (which: the view's errors to set). */
static int
job_refused(struct req *r, const struct actor *actor, int64_t id, const struct outcome *out, struct form_errors *e,
	    struct fields fs, const struct form_errors **which, struct job_view *v)
{
	outcome_form_errors(r, out, e);
	form_errors_order(e, fs);
	if (r->wants_json)
		return answer_refused_json(r, out, e);
	if (out->refusal == REFUSED_INVALID)
		*which = e;
	else
		v->notice = outcome_message(r, out);
	return send_job(r, actor, id, outcome_status(out), v);
}

static int
job_done(struct req *r, const struct actor *actor, int64_t id, int status)
{
	if (!r->wants_json) {
		page_flash(r, "saved");
		return req_redirect(r, arena_printf(r->a, "/jobs/%lld", (long long)id));
	}
	struct job_view v = {0};
	return send_job(r, actor, id, status, &v);
}

/* POST /jobs/:id/income and its /api/v1/ twin: a new income version. */
static int
h_job_income(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct employment_income in;
	fields_clear(employment_income_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, employment_income_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out;
	if (e.n == 0) {
		rc = app_job_income_add(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* the job must be one the actor may change before its form answers */
		struct employment job;
		rc = app_job_load(req_db(r), r->a, &actor, id, ACT_WRITE, &job, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE) {
			memset(&out, 0, sizeof out);
			out.refusal = REFUSED_INVALID;
		}
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct job_view v = {.income = &in};
		return job_refused(r, &actor, id, &out, &e, employment_income_fields, &v.income_errors, &v);
	}
	return job_done(r, &actor, id, 201);
}

/* POST /jobs/:id/end and its /api/v1/ twin: the job's last day and why,
 * version-checked. */
static int
h_job_end(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct employment_end in;
	fields_clear(employment_end_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, employment_end_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	struct outcome out;
	if (e.n == 0) {
		rc = app_job_end(req_db(r), r->a, &actor, id, version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		struct employment job;
		rc = app_job_load(req_db(r), r->a, &actor, id, ACT_WRITE, &job, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE) {
			memset(&out, 0, sizeof out);
			out.refusal = REFUSED_INVALID;
		}
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct job_view v = {.end = &in};
		return job_refused(r, &actor, id, &out, &e, employment_end_fields, &v.end_errors, &v);
	}
	return job_done(r, &actor, id, 200);
}

void
jobs_participant_list(struct req *r, const struct employment *jobs, size_t n)
{
	if (n == 0)
		return;
	struct buf *o = &r->out;
	page_heading(r, "h3", "jobs", T(r, "Jobs"));
	html_lit(o, "<table id=\"participant-jobs\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Job title"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Employer"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Job starts"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Last day of work"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"/jobs/");
		html_int(o, jobs[i].id);
		html_lit(o, "\">");
		html_text(o, jobs[i].title);
		html_lit(o, "</a></td><td>");
		html_text(o, jobs[i].employer_name);
		html_lit(o, "</td><td>");
		html_text(o, case_date_text(r, jobs[i].starts_on));
		html_lit(o, "</td><td>");
		html_text(o, jobs[i].ends_on.y != 0 ? case_date_text(r, jobs[i].ends_on) : "\xE2\x80\x94");
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* GET /api/v1/participants/:id/jobs: the participant's jobs, latest start
 * first, as their page lists them (each job's incomes: /api/v1/jobs/:id). */
static int
h_participant_jobs(struct req *r)
{
	struct actor actor = req_actor(r);
	struct employment *jobs = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_jobs(req_db(r), r->a, &actor, req_param_id(r, 0), true, &jobs, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(employment_fields, &jobs[i], PARTS_ALL));
	return api_send(r, 200, json_pack("{s:o}", "items", arr));
}

const struct route jobs_routes[] = {
	API(GET_HEAD, "/api/v1/participants/:id/jobs", h_participant_jobs, NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/jobs/:id/income", "/api/v1/jobs/:id/income", h_job_income, NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(M_POST, "/jobs/:id/end", "/api/v1/jobs/:id/end", h_job_end, NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(GET_HEAD, "/jobs/:id", "/api/v1/jobs/:id", h_job, NEED(RES_PLACEMENTS, ACT_READ)),
	ROUTES_END
};
