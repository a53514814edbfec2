/*
 * internships.c — what the internship area shows on other pages and the
 * liaison's home (issue 10): the section on a participant's page and on
 * Today, and /internships. The area's other pages are employers.c,
 * placements.c, evaluations.c and agreements.c; what they share is
 * internships_parts.h (internships_parts.c).
 */
#include "case.h"
#include "app/job.h"
#include "internships.h"
#include "internships_parts.h"
#include "jobs.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* ---- sections on other pages, and the liaison's home ---- */

/* The job that followed placement id among jobs, or NULL. */
static const struct employment *
job_of(int64_t id, const struct employment *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (jobs[i].placement_id == id)
			return &jobs[i];
	return NULL;
}

/* A placement's result as its row shows it: "Hired" with the job's terms
 * linked to the job, "Not hired", or a dash when none is recorded. */
static void
result_cell(struct req *r, const struct placement *p, const struct employment *job)
{
	struct buf *o = &r->out;
	if (p->result < 0 || p->result >= RESULT_COUNT) {
		html_text(o, "\xE2\x80\x94");
		return;
	}
	html_text(o, T(r, placement_result_options[p->result].label));
	if (p->result_on.y != 0)
		html_text(o, arena_printf(r->a, " (%s)", case_date_text(r, p->result_on)));
	if (job == NULL)
		return;
	const struct field *kind = fields_find(employment_fields, "kind");
	const struct field *wage = fields_find(employment_fields, "wage_ore");
	html_lit(o, "<br><a href=\"/jobs/");
	html_int(o, job->id);
	html_lit(o, "\">");
	html_text(o, job->title);
	html_lit(o, "</a>: ");
	html_text(o, arena_printf(r->a, T(r, "%s, %lld %% of full time, from %s, %s"), field_shown(r, kind, job),
				  (long long)job->percent, case_date_text(r, job->starts_on), field_shown(r, wage, job)));
}

/* The participant's placements: each with its status, its evaluations and
 * its result. */
static void
participant_placements_table(struct req *r, const struct placement_list *pl, const struct placement_evaluation *evs,
			     size_t nevs, const struct employment *jobs, size_t njobs)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"participant-placements\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Employer"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Period"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Evaluations"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Result"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < pl->n; i++) {
		const struct placement *p = &pl->items[i];
		html_lit(o, "<tr><td><a href=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "\">");
		html_text(o, p->employer_name);
		html_lit(o, "</a></td><td>");
		html_text(o, page_or_dash(placement_period_text(r, p)));
		html_lit(o, "</td><td>");
		html_text(o, placement_status_label(r, p));
		html_lit(o, "</td><td>");
		placement_evaluations_cell(r, p->id, evs, nevs);
		html_lit(o, "</td><td>");
		result_cell(r, p, job_of(p->id, jobs, njobs));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

int
internships_participant_section(struct req *r, const struct actor *actor, const struct participant_brief *p)
{
	/* the liaison proposes for anyone in the programme, whose placements
	 * they do not read until one is proposed (decisions 42, 141) */
	bool reads = case_allows(r, p, PART_BIT(PART_PLACEMENTS), ACT_READ);
	bool proposes = access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE) &&
			((reads && case_allows(r, p, PART_BIT(PART_PLACEMENTS), ACT_WRITE) &&
			  app_placement_in_programme(p)) ||
			 app_placement_liaison_proposes(actor, p));
	if (!reads && !proposes)
		return SC_OK;
	struct buf *o = &r->out;
	int rc = SC_OK;
	html_lit(o, "<section aria-labelledby=\"placements\">");
	page_heading(r, "h2", "placements", T(r, "Placements"));
	if (reads) {
		struct placement_list pl;
		struct outcome out;
		struct employment *jobs = NULL;
		size_t njobs = 0;
		rc = app_participant_internships(req_db(r), r->a, actor, p, &pl, &jobs, &njobs, &out);
		if (rc != SC_OK || out.refusal != DONE)
			return rc;
		struct placement_evaluation *evs = NULL;
		size_t nevs = 0;
		rc = app_placements_evaluations(req_db(r), r->a, actor, &pl, &evs, &nevs);
		if (rc != SC_OK)
			return rc;
		if (pl.n == 0)
			page_para(r, NULL, T(r, "No placements."));
		else
			participant_placements_table(r, &pl, evs, nevs, jobs, njobs);
		jobs_participant_list(r, jobs, njobs);
	}
	if (proposes) {
		struct employer *emps = NULL;
		size_t n = 0;
		int64_t count = 0;
		rc = store_employer_count(req_db(r), actor->centre_id, EMPLOYER_CHOICES_MAX + 1, &count);
		if (rc == SC_OK && count <= EMPLOYER_CHOICES_MAX)
			rc = store_employer_choices(req_db(r), r->a, actor->centre_id, EMPLOYER_CHOICES_MAX, &emps, &n);
		if (rc != SC_OK)
			return rc;
		if (count > EMPLOYER_CHOICES_MAX) {
			/* More employers than a list can show: the employer's page
			 * proposes, given this participant's number. */
			page_heading(r, "h3", NULL, T(r, "Propose a placement"));
			html_lit(o, "<p id=\"propose-from-employer\">");
			html_text(o, arena_printf(r->a,
						  T(r, "Open the employer's page and propose the placement there with "
						       "this participant's number, %lld."),
						  (long long)p->id));
			html_lit(o, " <a href=\"/employers?participant=");
			html_int(o, p->id);
			html_lit(o, "\">");
			html_text(o, T(r, "Find the employer"));
			html_lit(o, "</a></p>");
		} else if (n > 0) {
			const char **keys = arena_alloc(r->a, sizeof *keys * n);
			const char **labels = arena_alloc(r->a, sizeof *labels * n);
			if (keys == NULL || labels == NULL)
				return SC_ENOMEM;
			for (size_t i = 0; i < n; i++) {
				keys[i] = case_id(r, emps[i].id);
				labels[i] = emps[i].name;
			}
			page_heading(r, "h3", NULL, T(r, "Propose a placement"));
			html_lit(o, "<form method=\"post\" action=\"/placements\" id=\"propose-form\" novalidate>");
			form_csrf(r);
			html_lit(o, "<input type=\"hidden\" name=\"participant_id\" value=\"");
			html_int(o, p->id);
			html_lit(o, "\"><div class=\"field\"><label for=\"employer_id\">");
			html_text(o, T(r, "Employer"));
			html_lit(o, "</label><select id=\"employer_id\" name=\"employer_id\" required><option value=\"\">");
			html_text(o, T(r, "Choose…"));
			html_lit(o, "</option>");
			for (size_t i = 0; i < n; i++) {
				html_lit(o, "<option value=\"");
				html_text(o, keys[i]);
				html_lit(o, "\">");
				html_text(o, labels[i]);
				html_lit(o, "</option>");
			}
			html_lit(o, "</select></div>");
			page_button(r, N_("Propose placement"));
			html_lit(o, "</form>");
		} else {
			html_lit(o, "<p id=\"propose-no-employers\">");
			html_text(o, T(r, "No employers are registered: register one to propose a placement."));
			html_lit(o, " <a href=\"/employers\">");
			html_text(o, T(r, "Employers"));
			html_lit(o, "</a></p>");
		}
	}
	html_lit(o, "</section>");
	return SC_OK;
}

int
internships_today_section(struct req *r, const struct actor *actor)
{
	struct placement_list due;
	int rc = app_followups_due(req_db(r), r->a, actor, r->app->cfg.internships_followup_weeks, 20, true, &due);
	if (rc != SC_OK || due.n == 0)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"placement-followups\">");
	page_heading(r, "h2", "placement-followups", T(r, "Placements to follow up"));
	placements_table(r, "placement-followup-list", &due, true);
	html_lit(o, "</section>");
	return SC_OK;
}

static json_t *
list_json(const struct placement_list *pl)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < pl->n; i++)
		json_array_append_new(arr, placement_json(&pl->items[i]));
	return json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)pl->total);
}

/* The evaluations a placement owes (evaluations_outstanding()'s set) as
 * their keys. */
static json_t *
due_json(unsigned set)
{
	json_t *arr = json_array();
	for (int k = 0; k < EVAL_KIND_COUNT; k++)
		if (set & (1u << k))
			json_array_append_new(arr, json_string(evaluation_kind_options[k].key));
	return arr;
}

static json_t *
evaluations_due_json(const struct placement_list *pl, const unsigned *due)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < pl->n; i++) {
		json_t *j = placement_json(&pl->items[i]);
		json_object_set_new(j, "due", due_json(due[i]));
		json_array_append_new(arr, j);
	}
	return json_pack("{s:o, s:I, s:b}", "items", arr, "total", (json_int_t)pl->total, "more", pl->more);
}

/* The evaluations outstanding of the placements the reader follows: each
 * with what it owes, linked to its evaluations page. */
static void
evaluations_list(struct req *r, const struct placement_list *pl, const unsigned *due)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"evaluations-h\">");
	page_heading(r, "h2", "evaluations-h",
		     arena_printf(r->a, "%s (%lld%s)", T(r, "Your evaluations outstanding"), (long long)pl->total,
				  pl->more ? "+" : ""));
	if (pl->n == 0) {
		page_para(r, "muted", T(r, "No evaluations are outstanding."));
		html_lit(o, "</section>");
		return;
	}
	html_lit(o, "<table id=\"evaluations\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Participant"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Employer"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Period"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Outstanding"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < pl->n; i++) {
		const struct placement *p = &pl->items[i];
		html_lit(o, "<tr><td><a href=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "\">");
		html_text(o, case_name(r, p->given_name, p->family_name));
		html_lit(o, "</a></td><td>");
		html_text(o, p->employer_name);
		html_lit(o, "</td><td>");
		html_text(o, page_or_dash(placement_period_text(r, p)));
		html_lit(o, "</td><td>");
		html_text(o, placement_status_label(r, p));
		html_lit(o, "</td><td>");
		for (int k = 0, shown = 0; k < EVAL_KIND_COUNT; k++) {
			if (!(due[i] & (1u << k)))
				continue;
			if (shown++ > 0)
				html_lit(o, "<br>");
			html_lit(o, "<a href=\"/placements/");
			html_int(o, p->id);
			html_lit(o, "/evaluations\">");
			html_text(o, T(r, evaluation_kind_options[k].label));
			html_lit(o, "</a>");
		}
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	if (pl->total > (int64_t)pl->n || pl->more) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, arena_printf(r->a, T(r, "The first %zu are shown."), pl->n));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");
}

/* A list of the home: its total in the heading (exact where counted, else
 * "N+" when more than N were found), the first HOME_LIST rows, and when
 * there are more, that they are the first and where all of them are
 * (all_href, or NULL for none). */
static void
home_list(struct req *r, const char *id, const char *title, const struct placement_list *pl, const char *empty,
	  const char *all_href, const char *all_label)
{
	struct buf *o = &r->out;
	bool exact = pl->total > (int64_t)pl->n || !pl->more;
	html_lit(o, "<section aria-labelledby=\"");
	html_text(o, id);
	html_lit(o, "-h\">");
	page_heading(r, "h2", arena_printf(r->a, "%s-h", id), arena_printf(r->a, "%s (%lld%s)", T(r, title),
								      (long long)pl->total, exact ? "" : "+"));
	if (pl->n == 0) {
		page_para(r, "muted", T(r, empty));
	} else {
		placements_table(r, id, pl, true);
		if (pl->more || pl->total > (int64_t)pl->n) {
			html_lit(o, "<p class=\"muted\">");
			html_text(o, arena_printf(r->a, T(r, "The first %zu are shown."), pl->n));
			if (all_href != NULL) {
				html_lit(o, " <a href=\"");
				html_text(o, all_href);
				html_lit(o, "\">");
				html_text(o, T(r, all_label));
				html_lit(o, "</a>");
			}
			html_lit(o, "</p>");
		}
	}
	html_lit(o, "</section>");
}

/* GET /internships and /api/v1/internships: the liaison's home. Its lists
 * are the centre's placements: the liaison's and the leader's (a contact
 * person finds their participants' placements on their pages, on Today
 * and in /placements). */
static int
h_internships_home(struct req *r)
{
	struct actor actor = req_actor(r);
	struct internships_home h;
	struct outcome out;
	int rc = app_internships_home(req_db(r), r->a, &actor, r->app->cfg.internships_followup_weeks, HOME_LIST,
				      !r->wants_json, &h, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	if (r->wants_json) {
		json_t *ags = json_array();
		for (size_t i = 0; i < h.nagreements; i++)
			json_array_append_new(ags, record_json(agreement_fields, &h.agreements[i], PARTS_ALL));
		struct conversion_row *crows = NULL;
		size_t ncrows = 0;
		rc = store_conversion_by_section(req_db(r), r->a, actor.centre_id, &crows, &ncrows);
		if (rc != SC_OK) {
			json_decref(ags);
			return rc;
		}
		json_t *conv = json_array();
		for (size_t i = 0; i < ncrows; i++)
			json_array_append_new(conv, json_pack("{s:s, s:I, s:I}", "section", crows[i].section, "concluded",
							      (json_int_t)crows[i].concluded, "hired",
							      (json_int_t)crows[i].hired));
		return api_send(r, 200, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "conversion", conv,
						  "awaiting_approval", list_json(&h.awaiting),
						  "starting_this_week", list_json(&h.starting), "ending_soon",
						  list_json(&h.ending), "followups_due", list_json(&h.followups),
						  "evaluations_outstanding",
						  evaluations_due_json(&h.evaluations, h.evaluations_due),
						  "pool_agreements", ags, "pool_agreements_more", h.more_agreements));
	}
	struct buf *o = &r->out;
	page_begin(r, T(r, "Internships"));
	page_heading(r, "h1", NULL, T(r, "Internships"));
	html_lit(o, "<p><a href=\"/employers\">");
	html_text(o, T(r, "Employers"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/placements\">");
	html_text(o, T(r, "All placements"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/agreements\">");
	html_text(o, T(r, "Pool agreements"));
	html_lit(o, "</a></p>");
	home_list(r, "awaiting", N_("Awaiting approval"), &h.awaiting, N_("No placements await approval."),
		  "/placements?status=awaiting_approval", N_("All placements awaiting approval"));
	home_list(r, "starting", N_("Starting this week"), &h.starting, N_("No placements start this week."), NULL, NULL);
	home_list(r, "ending", N_("Ending in the next two weeks"), &h.ending,
		  N_("No placements end in the next two weeks."), NULL, NULL);
	home_list(r, "followups", N_("Your follow-ups due"), &h.followups, N_("No follow-ups are due."), NULL,
		  NULL);
	evaluations_list(r, &h.evaluations, h.evaluations_due);
	html_lit(o, "<section aria-labelledby=\"pool-h\">");
	page_heading(r, "h2", "pool-h", T(r, "Pool places"));
	if (h.nagreements == 0) {
		page_para(r, "muted", T(r, "No pool agreement is current."));
	} else {
		html_lit(o, "<table id=\"pool\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Pool agreement"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Places"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Used"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Planned"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Free"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < h.nagreements; i++) {
			const struct agreement *ag = &h.agreements[i];
			html_lit(o, "<tr><td>");
			html_text(o, ag->name);
			html_lit(o, "</td><td>");
			html_int(o, ag->places);
			html_lit(o, "</td><td>");
			html_int(o, ag->used);
			html_lit(o, "</td><td>");
			html_int(o, ag->planned);
			html_lit(o, "</td><td>");
			html_int(o, ag->free);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		if (h.more_agreements) {
			html_lit(o, "<p><a href=\"/agreements\" id=\"pool-more\">");
			html_text(o, T(r, "All pool agreements"));
			html_lit(o, "</a></p>");
		}
	}
	html_lit(o, "</section>");
	struct conversion_row *rows = NULL;
	size_t nrows = 0;
	rc = store_conversion_by_section(req_db(r), r->a, actor.centre_id, &rows, &nrows);
	if (rc != SC_OK)
		return rc;
	html_lit(o, "<section aria-labelledby=\"conversion-h\">");
	page_heading(r, "h2", "conversion-h", T(r, "Placements that led to a job"));
	if (nrows == 0) {
		page_para(r, "muted", T(r, "No results have been recorded."));
	} else {
		int64_t concluded = 0, hired = 0;
		html_lit(o, "<table id=\"conversion\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Industry"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Placements with a result"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Hired after a placement"));
		html_lit(o, "</th><th scope=\"col\">%</th></tr></thead><tbody>");
		for (size_t i = 0; i < nrows; i++) {
			concluded += rows[i].concluded;
			hired += rows[i].hired;
			html_lit(o, "<tr><td>");
			html_text(o, arena_printf(r->a, "%s \xE2\x80\x93 %s", rows[i].section,
						  r->lang == LANG_NB ? rows[i].name_nb : rows[i].name_en));
			html_lit(o, "</td><td>");
			html_int(o, rows[i].concluded);
			html_lit(o, "</td><td>");
			html_int(o, rows[i].hired);
			html_lit(o, "</td><td>");
			html_int(o, conversion_percent(rows[i].concluded, rows[i].hired));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody><tfoot><tr><th scope=\"row\">");
		html_text(o, T(r, "All industries"));
		html_lit(o, "</th><td>");
		html_int(o, concluded);
		html_lit(o, "</td><td>");
		html_int(o, hired);
		html_lit(o, "</td><td>");
		html_int(o, conversion_percent(concluded, hired));
		html_lit(o, "</td></tr></tfoot></table>");
	}
	html_lit(o, "</section>");
	return page_end(r);
}


/* GET /api/v1/participants/:id/placements: the participant's placements
 * as their page lists them, each with its status, its evaluations and,
 * when hired, the job that followed ("job", else null). 404 for a
 * participant whose placements the reader may not read. */
static int
h_participant_placements(struct req *r)
{
	struct actor actor = req_actor(r);
	struct placement_list pl;
	struct outcome out;
	int rc = app_participant_placements(req_db(r), r->a, &actor, req_param_id(r, 0), true, &pl, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct placement_evaluation *evs = NULL;
	size_t nevs = 0;
	struct employment *jobs = NULL;
	size_t njobs = 0;
	rc = app_placements_evaluations(req_db(r), r->a, &actor, &pl, &evs, &nevs);
	if (rc == SC_OK)
		rc = app_participant_jobs(req_db(r), r->a, &actor, req_param_id(r, 0), false, &jobs, &njobs, &out);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < pl.n; i++) {
		json_t *j = placement_with_evaluations_json(&pl.items[i], evs, nevs);
		const struct employment *job = job_of(pl.items[i].id, jobs, njobs);
		json_object_set_new(j, "job", job != NULL ? record_json(employment_fields, job, PARTS_ALL) : json_null());
		json_array_append_new(arr, j);
	}
	return api_send(r, 200, json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)pl.n));
}

const struct route internships_routes[] = {
	API(GET_HEAD, "/api/v1/participants/:id/placements", h_participant_placements, NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(GET_HEAD, "/internships", "/api/v1/internships", h_internships_home, NEED(RES_PLACEMENTS, ACT_READ)),
	ROUTES_END
};
