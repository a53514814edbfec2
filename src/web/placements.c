/*
 * placements.c — placements (issue 10; decision 39): the list; proposing
 * one; a placement's page (its derived status, the terms, the approvals
 * with the centre last, withdrawing, ending early, its history) and its
 * printable agreement; follow-up visits and calls; the result and the job
 * that follows. Every page has its /api/v1/ twin: one handler, answering
 * as the route says (routes.h). The commands are app/placement.c, which
 * checks who may and audits.
 */
#include "case.h"
#include "internships_parts.h"
#include "jobs.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>
#include "util/timeutil.h"

/* ---- placements ---- */


/* GET /placements and /api/v1/placements (?status, paging). */
static int
h_placements(struct req *r)
{
	int64_t page = 1, per_page = PLACEMENTS_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	const char *status = req_qs(r, "status");
	if (status[0] != '\0') {
		bool known = false;
		for (int i = 0; i < PLACEMENT_STATUS_COUNT && !known; i++)
			known = strcmp(status, placement_status_options[i].key) == 0;
		if (!known)
			return r->wants_json ? api_error(r, 400, "invalid", T(r, "Choose one of the statuses."), NULL)
					     : req_error(r, 400, NULL);
	}
	/* ?participant_id: that participant's placements (at most 100, their
	 * page's list), for whoever reads them (404 otherwise) */
	const char *pid_text = req_qs(r, "participant_id");
	int64_t pid = 0;
	if (pid_text[0] != '\0' && parse_int64(pid_text, 1, INT64_MAX, &pid) != SC_OK)
		return r->wants_json ? api_error(r, 400, "invalid",
						 T(r, "participant_id must be a participant's number, a whole number from 1."),
						 NULL)
				     : req_error(r, 400, NULL);
	struct actor actor = req_actor(r);
	struct placement_list pl;
	const char *query = page_query(r, "status", status);
	if (pid > 0) {
		struct outcome out;
		rc = app_participant_placements(req_db(r), r->a, &actor, pid, true, &pl, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal != DONE)
			return req_error(r, outcome_status(&out), NULL);
		/* the status asked for, then the page */
		size_t kept = 0;
		for (size_t i = 0; i < pl.n; i++)
			if (status[0] == '\0' || strcmp(placement_status_options[pl.items[i].status].key, status) == 0)
				pl.items[kept++] = pl.items[i];
		pl.total = (int64_t)kept;
		size_t from = (size_t)((page - 1) * per_page);
		pl.items += from < kept ? from : kept;
		pl.n = from < kept ? kept - from : 0;
		if (pl.n > (size_t)per_page)
			pl.n = (size_t)per_page;
		const char *pq = page_query(r, "participant_id", pid_text);
		query = query[0] != '\0' ? arena_printf(r->a, "%s&%s", query, pq) : pq;
	} else {
		rc = app_placements(req_db(r), r->a, &actor, status, per_page, (page - 1) * per_page, &pl);
		if (rc != SC_OK)
			return rc;
	}
	if (!req_page_exists(r, "/placements", query, page, pl.total, per_page, &rc))
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < pl.n; i++)
			json_array_append_new(arr, placement_json(&pl.items[i]));
		return api_send(r, 200, api_page_json(arr, page, per_page, pl.total));
	}
	struct buf *o = &r->out;
	page_begin(r, T(r, "Placements"));
	page_heading(r, "h1", NULL, T(r, "Placements"));
	html_lit(o, "<form method=\"get\" action=\"/placements\" class=\"search\">");
	const char *keys[PLACEMENT_STATUS_COUNT], *labels[PLACEMENT_STATUS_COUNT];
	for (int i = 0; i < PLACEMENT_STATUS_COUNT; i++) {
		keys[i] = placement_status_options[i].key;
		labels[i] = placement_status_options[i].label;
	}
	form_select(r, NULL, "status", "status", T(r, "Status"), keys, labels, PLACEMENT_STATUS_COUNT, status,
		    N_("Any status"));
	page_button(r, N_("Show"));
	html_lit(o, "</form>");
	if (pl.n == 0) {
		page_para(r, NULL, T(r, "No placements."));
	} else {
		html_lit(o, "<table id=\"placements\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Participant"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Employer"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Period"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Status"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < pl.n; i++) {
			const struct placement *p = &pl.items[i];
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
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, "/placements", query, page, pl.total, per_page);
	}
	return page_end(r);
}

static int placement_done(struct req *r, const struct actor *actor, int64_t id, int status);

/* POST /placements and /api/v1/placements: propose one. */
static int
h_placement_propose(struct req *r)
{
	struct actor actor = req_actor(r);
	struct placement in;
	fields_clear(placement_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, placement_new_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_placement_propose(req_db(r), r->a, &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			fields_check_required(placement_new_fields, &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, placement_new_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, placement_new_fields);
		struct employer emp;
		struct outcome got;
		rc = app_employer_get(req_db(r), r->a, &actor, in.employer_id, &emp, &got);
		if (rc != SC_OK)
			return rc;
		if (got.refusal != DONE)
			return req_error(r, 422, NULL);
		r->status = 422;
		return employer_page(r, &actor, &emp, NULL, NULL, req_field(r, "participant_id"), &e);
	}
	/* the stored row, as a GET answers it */
	if (r->wants_json) {
		req_header(r, "Location", arena_printf(r->a, "/placements/%lld", (long long)in.id));
		return placement_done(r, &actor, in.id, 201);
	}
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/placements/%lld", (long long)in.id));
}

/* What the placement page shows beside the record. */
struct placement_view {
	const struct placement *shown;          /* the terms form's values (the request's after a refusal) */
	const struct form_errors *terms_errors;
	const struct form_errors *approval_errors;
	const struct form_errors *withdraw_errors;
	const struct form_errors *end_errors;
	const struct form_errors *visit_errors;
	const char *notice;                     /* a refusal's message */
};

static int follow_up_section(struct req *r, const struct actor *actor, const struct placement *p,
			     const struct placement_view *v);

static int
terms_ui(struct req *r, const struct actor *actor, const struct placement *p, struct field_ui *ui, size_t *nui)
{
	struct db *db = req_db(r);
	struct employer_contact *contacts = NULL;
	size_t nc = 0;
	struct user *people = NULL;
	size_t np = 0;
	struct agreement *ags = NULL;
	size_t na = 0;
	int rc = app_contacts(db, r->a, actor, p->employer_id, &contacts, &nc);
	if (rc == SC_OK)
		rc = app_placement_follow_ups(db, r->a, actor, p->participant_id, &people, &np);
	if (rc == SC_OK)
		rc = store_employer_agreements(db, r->a, actor->centre_id, p->employer_id, actor->today, &ags, &na);
	if (rc != SC_OK)
		return rc;
	size_t total = nc + np + na + 3;
	const char **keys = arena_alloc(r->a, sizeof *keys * total);
	const char **labels = arena_alloc(r->a, sizeof *labels * total);
	if (keys == NULL || labels == NULL)
		return SC_ENOMEM;
	size_t k = 0, i;
	for (i = 0; i < nc; i++, k++) {
		keys[k] = case_id(r, contacts[i].id);
		labels[k] = contacts[i].name;
	}
	ui[0] = (struct field_ui){.key = "supervisor_id", .choice_keys = keys, .choice_labels = labels, .nchoices = nc};
	size_t start = k;
	for (i = 0; i < np; i++, k++) {
		keys[k] = case_id(r, people[i].id);
		labels[k] = people[i].display_name;
	}
	ui[1] = (struct field_ui){.key = "follow_up_id", .choice_keys = keys + start, .choice_labels = labels + start,
				  .nchoices = np};
	start = k;
	for (i = 0; i < na; i++, k++) {
		keys[k] = case_id(r, ags[i].id);
		labels[k] = ags[i].name;
	}
	ui[2] = (struct field_ui){.key = "agreement_id", .choice_keys = keys + start, .choice_labels = labels + start,
				  .nchoices = na, .empty = N_("None")};
	ui[3] = (struct field_ui){.key = "tasks", .rows = 3};
	ui[4] = (struct field_ui){.key = "adaptations", .rows = 3};
	ui[5] = (struct field_ui){.key = "participant_goal", .rows = 2};
	ui[6] = (struct field_ui){0};
	*nui = 6;
	return SC_OK;
}

/* Whether a history's values of key are ids with names: a supervisor, a
 * follow-up person, an agreement. */
static bool
history_has_names(const char *key)
{
	return strcmp(key, "supervisor_id") == 0 || strcmp(key, "follow_up_id") == 0 || strcmp(key, "agreement_id") == 0;
}

/* The name value stands for among the choices of terms_ui() for key, or
 * NULL to show the value as kept (not an id with a name, or one no longer
 * among them). */
static const char *
history_named(const struct field_ui *ui, size_t n, const char *key, const char *value)
{
	if (value == NULL || !history_has_names(key))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (ui[i].key == NULL || strcmp(ui[i].key, key) != 0)
			continue;
		for (size_t c = 0; c < ui[i].nchoices; c++)
			if (strcmp(ui[i].choice_keys[c], value) == 0)
				return ui[i].choice_labels[c];
	}
	return NULL;
}

static int
placement_page(struct req *r, const struct actor *actor, const struct placement *p,
	       const struct placement_view *v)
{
	struct db *db = req_db(r);
	struct placement_approval_row *approvals = NULL;
	size_t napprovals = 0;
	struct internship_change *changes = NULL;
	size_t nchanges = 0;
	int rc = app_placement_approvals(db, r->a, actor, p->id, &approvals, &napprovals);
	if (rc == SC_OK)
		rc = app_placement_changes(db, r->a, actor, p->id, &changes, &nchanges);
	if (rc != SC_OK)
		return rc;
	struct placement_facts f = placement_facts_of(p);
	enum placement_edit mode = placement_edit_mode(&f, actor->today);
	bool writer = p->writable;
	const char *name = case_name(r, p->given_name, p->family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s \xE2\x80\x93 %s", T(r, "Placement"), name,
				   p->employer_name));
	html_lit(o, "<h1>");
	html_text(o, arena_printf(r->a, "%s: %s", T(r, "Placement"), name));
	html_lit(o, "</h1><p>");
	html_text(o, T(r, "Status"));
	html_lit(o, ": <strong class=\"status\" id=\"placement-status\">");
	html_text(o, placement_status_label(r, p));
	html_lit(o, "</strong> <a class=\"no-print\" href=\"/placements/");
	html_int(o, p->id);
	html_lit(o, "/agreement\">");
	html_text(o, T(r, "The agreement, to print"));
	html_lit(o, "</a></p>");
	if (v->notice != NULL)
		page_para(r, "notice", v->notice);
	html_lit(o, "<dl class=\"record\" id=\"placement-terms\"><dt>");
	html_text(o, T(r, "Employer"));
	html_lit(o, "</dt><dd><a href=\"/employers/");
	html_int(o, p->employer_id);
	html_lit(o, "\">");
	html_text(o, p->employer_name);
	html_lit(o, "</a></dd>");
	page_dl_row(r, N_("Period"), placement_period_text(r, p));
	page_dl_row(r, N_("Workplace supervisor"), p->supervisor_name);
	page_dl_row(r, N_("Follow-up person"), p->follow_up_name);
	page_dl_row(r, N_("Hours a week"), p->hours_per_week != FIELD_NONE ? case_id(r, p->hours_per_week) : "");
	page_dl_row(r, N_("Days a week"), p->days_per_week != FIELD_NONE ? case_id(r, p->days_per_week) : "");
	page_dl_row(r, N_("Working hours"), placement_schedule_text(r, p->schedule));
	page_dl_lines(r, N_("Tasks"), p->tasks);
	html_lit(o, "</dl>");

	/* the terms */
	html_lit(o, "<section aria-labelledby=\"terms\">");
	page_heading(r, "h2", "terms", T(r, "Terms"));
	if (mode == EDIT_LOCKED)
		page_para(r, "notice", T(r, "The terms are locked while an approval stands. Withdraw the approvals to change them."));
	else if (mode == EDIT_CLOSED)
		page_para(r, NULL, T(r, "The placement has ended: its terms no longer change."));
	else if (mode == EDIT_AMEND)
		page_para(r, "muted", T(r, "The placement is agreed: a change is saved as a new version, with who changed what and when."));
	if (writer && (mode == EDIT_OPEN || mode == EDIT_AMEND)) {
		struct field_ui ui[7];
		size_t nui = 0;
		rc = terms_ui(r, actor, p, ui, &nui);
		if (rc != SC_OK)
			return rc;
		form_error_summary(r, v->terms_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "\" id=\"terms-form\" novalidate>");
		form_csrf(r);
		form_hidden_version(r, p->version);
		form_fields(r, placement_fields, v->shown != NULL ? v->shown : p, v->terms_errors != NULL, ui,
			    v->terms_errors);
		page_button(r, N_("Save terms"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");

	/* the approvals */
	html_lit(o, "<section aria-labelledby=\"approvals\">");
	page_heading(r, "h2", "approvals", T(r, "Approvals"));
	page_para(r, "muted", T(r, "The employer and the participant approve the terms first; the centre approves last."));
	html_lit(o, "<ul id=\"approval-state\">");
	static const int64_t none = FIELD_NONE;
	const int64_t at[PARTY_COUNT] = {p->employer_approved_at, p->participant_approved_at, p->centre_approved_at};
	for (int party = 0; party < PARTY_COUNT; party++) {
		html_lit(o, "<li>");
		html_text(o, T(r, placement_party_options[party].label));
		html_lit(o, ": ");
		html_text(o, at[party] != none ? T(r, "approved") : T(r, "not approved"));
		html_lit(o, "</li>");
	}
	html_lit(o, "</ul>");
	if (napprovals > 0) {
		html_lit(o, "<table id=\"approval-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Who approved"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Approved on"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Recorded by"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Note"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Withdrawn"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < napprovals; i++) {
			const struct placement_approval_row *ap = &approvals[i];
			html_lit(o, "<tr><td>");
			html_text(o, T(r, placement_party_options[ap->party].label));
			if (ap->on_behalf) {
				html_lit(o, " (");
				html_text(o, T(r, "recorded on their behalf"));
				html_lit(o, ")");
			}
			html_lit(o, "</td><td>");
			html_text(o, case_date_text(r, ap->approved_on));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(ap->recorded_by));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(ap->approver[0] ? ap->approver : ap->reason));
			html_lit(o, "</td><td>");
			if (ap->withdrawn_at > 0)
				html_text(o, arena_printf(r->a, "%s: %s", page_moment(r, ap->withdrawn_at),
							  ap->withdraw_reason));
			else
				html_text(o, "\xE2\x80\x94");
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	bool ended = mode == EDIT_CLOSED;
	bool all = at[0] != none && at[1] != none && at[2] != none;
	if (writer && !ended && !all) {
		page_heading(r, "h3", NULL, T(r, "Record an approval"));
		struct placement_approval blank;
		fields_clear(placement_approval_fields, &blank);
		static const struct field_ui aui[] = {{.key = "party", .control = "radio"}, {.key = "reason", .rows = 2}, {0}};
		form_error_summary(r, v->approval_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/approvals\" id=\"approval-form\" novalidate>");
		form_csrf(r);
		form_fields(r, placement_approval_fields, &blank, v->approval_errors != NULL, aui, v->approval_errors);
		page_button(r, N_("Record approval"));
		html_lit(o, "</form>");
	}
	bool any = at[0] != none || at[1] != none || at[2] != none;
	if (writer && !ended && any && (p->status != PLACEMENT_ACTIVE)) {
		page_heading(r, "h3", NULL, T(r, "Withdraw an approval"));
		const char *pkeys[PARTY_COUNT], *plabels[PARTY_COUNT];
		for (int i = 0; i < PARTY_COUNT; i++) {
			pkeys[i] = placement_party_options[i].key;
			plabels[i] = placement_party_options[i].label;
		}
		form_error_summary(r, v->withdraw_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/withdrawals\" id=\"withdraw-form\" novalidate>");
		form_csrf(r);
		form_select(r, v->withdraw_errors, "withdraw-party", "party", T(r, "Whose approval"), pkeys, plabels,
			    PARTY_COUNT, v->withdraw_errors != NULL ? req_field(r, "party") : "", N_("Choose…"));
		form_textarea(r, v->withdraw_errors, "withdraw-reason", "reason", T(r, "Why it is withdrawn"),
			      v->withdraw_errors != NULL ? req_field(r, "reason") : "", true, 2, 1000);
		page_button(r, N_("Withdraw approval"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");

	/* ending early */
	if (writer && placement_end_refusal(&f, actor->today) == NULL &&
	    (p->status == PLACEMENT_AGREED || p->status == PLACEMENT_ACTIVE)) {
		html_lit(o, "<section aria-labelledby=\"ending\">");
		page_heading(r, "h2", "ending", T(r, "End the placement early"));
		struct placement_ending blank;
		fields_clear(placement_ending_fields, &blank);
		blank.ended_on = actor->today;
		static const struct field_ui eui[] = {{.key = "end_note", .rows = 2}, {0}};
		form_error_summary(r, v->end_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/end\" id=\"end-form\" novalidate>");
		form_csrf(r);
		form_fields(r, placement_ending_fields, &blank, v->end_errors != NULL, eui, v->end_errors);
		page_button(r, N_("End placement"));
		html_lit(o, "</form></section>");
	}

	rc = follow_up_section(r, actor, p, v);
	if (rc != SC_OK)
		return rc;

	/* the history: a supervisor, follow-up person or agreement by name */
	struct field_ui names[7] = {{0}};
	size_t nnames = 0;
	bool ids = false;
	for (size_t i = 0; i < nchanges && !ids; i++)
		for (size_t k = 0; k < changes[i].nvalues && !ids; k++)
			ids = history_has_names(changes[i].values[k].field);
	if (ids && (rc = terms_ui(r, actor, p, names, &nnames)) != SC_OK)
		return rc;
	html_lit(o, "<section aria-labelledby=\"history\">");
	page_heading(r, "h2", "history", T(r, "History"));
	html_lit(o, "<ol id=\"placement-history\">");
	for (size_t i = 0; i < nchanges; i++) {
		const struct internship_change *c = &changes[i];
		html_lit(o, "<li>");
		html_text(o, arena_printf(r->a, T(r, "Version %lld, %s, by %s"), (long long)c->version,
					  page_moment(r, c->at), c->user_name[0] ? c->user_name : T(r, "the system")));
		html_lit(o, ": ");
		if (c->nvalues == 0) {
			html_text(o, c->fields[0] ? c->fields : T(r, "proposed"));
		} else {
			for (size_t k = 0; k < c->nvalues; k++) {
				const struct field *fd = fields_find(placement_fields, c->values[k].field);
				if (k > 0)
					html_lit(o, "; ");
				const char *was = history_named(names, nnames, c->values[k].field, c->values[k].old_value);
				const char *now = history_named(names, nnames, c->values[k].field, c->values[k].new_value);
				html_text(o, arena_printf(r->a, "%s: %s \xE2\x86\x92 %s",
							  fd != NULL ? T(r, fd->label) : c->values[k].field,
							  page_or_dash(was != NULL ? was : c->values[k].old_value),
							  page_or_dash(now != NULL ? now : c->values[k].new_value)));
			}
		}
		html_lit(o, "</li>");
	}
	html_lit(o, "</ol></section>");
	return page_end(r);
}

/* The placement with its approvals as JSON. */
/* The placement as JSON with its approvals, and extra's members (may be
 * NULL; taken). */
static int
send_placement_with(struct req *r, const struct actor *actor, int status, const struct placement *p, json_t *extra)
{
	struct placement_approval_row *approvals = NULL;
	size_t n = 0;
	int rc = app_placement_approvals(req_db(r), r->a, actor, p->id, &approvals, &n);
	if (rc != SC_OK) {
		json_decref(extra);
		return rc;
	}
	json_t *j = placement_json(p);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char day[11];
		date_format(approvals[i].approved_on, day);
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:b}", "id", (json_int_t)approvals[i].id,
						     "party", placement_party_options[approvals[i].party].key,
						     "approved_on", day, "approver", approvals[i].approver,
						     "on_behalf", approvals[i].on_behalf, "reason", approvals[i].reason,
						     "withdrawn", approvals[i].withdrawn_at > 0));
	}
	json_object_set_new(j, "approvals", arr);
	if (extra != NULL) {
		json_object_update(j, extra);
		json_decref(extra);
	}
	return api_send(r, status, j);
}

static int
send_placement(struct req *r, const struct actor *actor, int status, const struct placement *p)
{
	return send_placement_with(r, actor, status, p, NULL);
}

/* GET /placements/:id and /api/v1/placements/:id. */
static int
h_placement(struct req *r)
{
	struct actor actor = req_actor(r);
	struct placement p;
	struct outcome out;
	int rc = app_placement_get(req_db(r), r->a, &actor, req_param_id(r, 0), &p, NULL, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	if (r->wants_json)
		return send_placement(r, &actor, 200, &p);
	struct placement_view v = {0};
	return placement_page(r, &actor, &p, &v);
}

/* After a command on a placement: the record as JSON, or 303 to its page. */
static int
placement_done(struct req *r, const struct actor *actor, int64_t id, int status)
{
	if (!r->wants_json) {
		page_flash(r, "saved");
		return req_redirect(r, arena_printf(r->a, "/placements/%lld", (long long)id));
	}
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, actor, id, ACT_READ, &p, &out);
	if (rc != SC_OK)
		return rc;
	return send_placement(r, actor, status, &p);
}

/* A refused command on a placement: JSON, or the page again with the
 * errors where they belong. which: the view's errors to set. */
static int
placement_refused(struct req *r, const struct actor *actor, int64_t id, const struct outcome *out,
		  struct form_errors *e, struct fields fs, const struct form_errors **which,
		  struct placement_view *v)
{
	if (r->wants_json)
		return internships_refused(r, out, e, fs);
	outcome_form_errors(r, out, e);
	form_errors_order(e, fs);
	struct placement p;
	struct outcome got;
	int rc = app_placement_load(req_db(r), r->a, actor, id, ACT_READ, &p, &got);
	if (rc != SC_OK)
		return rc;
	if (got.refusal != DONE)
		return req_error(r, 404, NULL);
	if (out->refusal == REFUSED_INVALID)
		*which = e;
	else
		v->notice = outcome_message(r, out);
	r->status = outcome_status(out);
	return placement_page(r, actor, &p, v);
}

/* The answer to a command on a placement: 404, the refusal (its errors in
 * the view's slot which), or done. */
static int
placement_answer(struct req *r, const struct actor *actor, int64_t id, const struct outcome *out,
		 struct form_errors *e, struct fields fs, const struct form_errors **which, struct placement_view *v)
{
	if (out->refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out->refusal != DONE)
		return placement_refused(r, actor, id, out, e, fs, which, v);
	return placement_done(r, actor, id, 200);
}

/* POST /placements/:id and its /api/v1/ twin: save the terms. */
static int
h_placement_save(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement in;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &in, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	struct form_errors e = {0};
	if (!input_read_update(r, placement_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	if (e.n == 0) {
		rc = app_placement_save(req_db(r), r->a, &actor, id, version, &in, &out);
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			rc = app_placement_terms_check(req_db(r), r->a, &actor, &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	struct placement_view v = {.shown = &in};
	return placement_answer(r, &actor, id, &out, &e, placement_fields, &v.terms_errors, &v);
}

/* POST /placements/:id/approvals and its /api/v1/ twin. */
static int
h_placement_approve(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct placement_approval in;
	struct form_errors e = {0};
	struct outcome out = {0};
	int rc;
	if (!placement_input(r, &actor, id, placement_approval_fields, &in, &p, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_approve(req_db(r), r->a, &actor, id, &in, &out);
	} else {
		if (!e.mistyped)
			placement_approval_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	struct placement_view v = {0};
	return placement_answer(r, &actor, id, &out, &e, placement_approval_fields, &v.approval_errors, &v);
}

/* POST /placements/:id/withdrawals and its /api/v1/ twin. */
static int
h_placement_withdraw(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct placement_withdrawal in;
	struct form_errors e = {0};
	struct outcome out = {0};
	int rc;
	if (!placement_input(r, &actor, id, placement_withdrawal_fields, &in, &p, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_withdraw(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	struct placement_view v = {0};
	return placement_answer(r, &actor, id, &out, &e, placement_withdrawal_fields, &v.withdraw_errors, &v);
}

/* POST /placements/:id/end and its /api/v1/ twin: ended early. */
static int
h_placement_end(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct placement_ending in;
	struct form_errors e = {0};
	struct outcome out = {0};
	int rc;
	if (!placement_input(r, &actor, id, placement_ending_fields, &in, &p, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_end(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	struct placement_view v = {0};
	return placement_answer(r, &actor, id, &out, &e, placement_ending_fields, &v.end_errors, &v);
}

/* GET /placements/:id/agreement and its /api/v1/ twin: the agreement to
 * print and sign, in the reader's language (the switch gives the other). */
/* "street, postcode city", leaving out what is not known; "" for none. */
static const char *
address_text(struct req *r, const char *street, const char *postcode, const char *city)
{
	street = street != NULL ? street : "";
	postcode = postcode != NULL ? postcode : "";
	city = city != NULL ? city : "";
	const char *place = arena_printf(r->a, "%s%s%s", postcode, *postcode && *city ? " " : "", city);
	if (place == NULL)
		return "";
	return arena_printf(r->a, "%s%s%s", street, *street && *place ? ", " : "", place);
}

static int
h_placement_agreement(struct req *r)
{
	struct actor actor = req_actor(r);
	struct placement p;
	struct outcome out;
	int rc = app_placement_get(req_db(r), r->a, &actor, req_param_id(r, 0), &p, NULL, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	struct employer emp;
	rc = app_employer_get(req_db(r), r->a, &actor, p.employer_id, &emp, &out);
	if (rc != SC_OK)
		return rc;
	bool own = p.workplace_address != NULL && p.workplace_address[0];
	const char *workplace = address_text(r, own ? p.workplace_address : emp.address,
					     own ? p.workplace_postcode : emp.postcode, own ? p.workplace_city : emp.city);
	if (r->wants_json) {
		/* what the print shows besides the placement: the employer's
		 * organisation number and the workplace's address */
		json_t *extra = json_pack("{s:s, s:s}", "employer_orgnr", emp.orgnr != NULL ? emp.orgnr : "", "workplace",
					  workplace != NULL ? workplace : "");
		return send_placement_with(r, &actor, 200, &p, extra);
	}
	const char *name = case_name(r, p.given_name, p.family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Placement agreement"), name));
	html_lit(o, "<div class=\"print-plan\"><p class=\"no-print actions\"><a href=\"/placements/");
	html_int(o, p.id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the placement"));
	html_lit(o, "</a> <button type=\"button\" data-print>");
	html_text(o, T(r, "Print"));
	html_lit(o, "</button></p>");
	page_heading(r, "h1", NULL, T(r, "Placement agreement"));
	html_lit(o, "<dl class=\"record\">");
	page_dl_row(r, N_("Participant"), arena_printf(r->a, "%s %s", p.given_name, p.family_name));
	page_dl_row(r, N_("Employer"), emp.name);
	page_dl_row(r, N_("Organisation number"), emp.orgnr);
	page_dl_row(r, N_("Workplace address"), workplace);
	page_dl_row(r, N_("Period"), placement_period_text(r, &p));
	page_dl_row(r, N_("Hours a week"), p.hours_per_week != FIELD_NONE ? case_id(r, p.hours_per_week) : "");
	page_dl_row(r, N_("Days a week"), p.days_per_week != FIELD_NONE ? case_id(r, p.days_per_week) : "");
	page_dl_row(r, N_("Working hours"), placement_schedule_text(r, p.schedule));
	page_dl_row(r, N_("Workplace supervisor"), p.supervisor_name);
	page_dl_row(r, N_("Follow-up person"), p.follow_up_name);
	page_dl_lines(r, N_("Tasks"), p.tasks);
	page_dl_lines(r, N_("Adaptations"), p.adaptations);
	page_dl_lines(r, N_("The participant's goal for the placement"), p.participant_goal);
	page_dl_row(r, N_("Status"), placement_status_label(r, &p));
	html_lit(o, "</dl><p class=\"muted\">");
	html_text(o, arena_printf(r->a, T(r, "Version %lld of the agreement, printed %s."), (long long)p.version,
				  case_date_text(r, actor.today)));
	html_lit(o, "</p><div class=\"signature\"><div>");
	html_text(o, T(r, "Employer's signature and date"));
	html_lit(o, "</div><div>");
	html_text(o, T(r, "Participant's signature and date"));
	html_lit(o, "</div><div>");
	html_text(o, T(r, "The centre's signature and date"));
	html_lit(o, "</div></div></div>");
	return page_end(r);
}

/* ---- follow-up visits and calls ---- */

static int
follow_up_section(struct req *r, const struct actor *actor, const struct placement *p, const struct placement_view *v)
{
	struct placement_visit *visits = NULL;
	size_t n = 0;
	int rc = app_placement_visits(req_db(r), r->a, actor, p->id, &visits, &n);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"follow-up\">");
	page_heading(r, "h2", "follow-up", T(r, "Follow-up"));
	html_lit(o, "<p class=\"no-print\"><a href=\"/placements/");
	html_int(o, p->id);
	html_lit(o, "/evaluations\">");
	html_text(o, T(r, "Evaluations and the supervisor's link"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/placements/");
	html_int(o, p->id);
	html_lit(o, "/result\">");
	html_text(o, T(r, "The result: hired or not"));
	html_lit(o, "</a></p>");
	if (n == 0) {
		page_para(r, NULL, T(r, "No follow-up has been logged."));
	} else {
		const struct field *held = fields_find(placement_visit_fields, "held_on");
		const struct field *kind = fields_find(placement_visit_fields, "kind");
		const struct field *next = fields_find(placement_visit_fields, "next_on");
		html_lit(o, "<table id=\"visit-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Date"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Visit or call"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "With whom"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Notes"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Agreed actions"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Next follow-up"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "By"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td>");
			html_text(o, field_shown(r, held, &visits[i]));
			html_lit(o, "</td><td>");
			html_text(o, field_shown(r, kind, &visits[i]));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(visits[i].with_whom));
			html_lit(o, "</td><td>");
			html_lines(o, visits[i].notes != NULL ? visits[i].notes : "");
			html_lit(o, "</td><td>");
			html_lines(o, visits[i].actions != NULL ? visits[i].actions : "");
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(field_shown(r, next, &visits[i])));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(visits[i].author_name));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	struct placement_facts facts = placement_facts_of(p);
	if (p->writable && placement_was_agreed(&facts)) {
		page_heading(r, "h3", NULL, T(r, "Log a follow-up"));
		struct placement_visit blank;
		fields_clear(placement_visit_fields, &blank);
		blank.held_on = actor->today;
		static const struct field_ui vui[] = {{.key = "kind", .control = "radio"}, {.key = "notes", .rows = 3},
						      {.key = "actions", .rows = 2}, {0}};
		form_error_summary(r, v->visit_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/visits\" id=\"visit-form\" novalidate>");
		form_csrf(r);
		form_fields(r, placement_visit_fields, &blank, v->visit_errors != NULL, vui, v->visit_errors);
		page_button(r, N_("Log follow-up"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");
	return SC_OK;
}

/* POST /placements/:id/visits and its /api/v1/ twin; GET of the API
 * lists them. */
static int
h_placement_visits(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, r->method == M_POST ? ACT_WRITE : ACT_READ, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	if (r->method != M_POST) {
		struct placement_visit *items = NULL;
		size_t n = 0;
		rc = app_placement_visits(req_db(r), r->a, &actor, id, &items, &n);
		if (rc != SC_OK)
			return rc;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, record_json(placement_visit_fields, &items[i], PARTS_ALL));
		return api_send(r, 200, json_pack("{s:o}", "items", arr));
	}
	struct placement_visit in;
	fields_clear(placement_visit_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, placement_visit_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_visit_add(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped) {
			rc = app_placement_visit_check(req_db(r), r->a, &actor, &p, &in, &out.errors);
			if (rc != SC_OK)
				return rc;
		}
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct placement_view v = {0};
		return placement_refused(r, &actor, id, &out, &e, placement_visit_fields, &v.visit_errors, &v);
	}
	if (r->wants_json) {
		/* the stored row, as the list answers it (the author's name) */
		struct placement_visit *items = NULL;
		size_t n = 0;
		rc = app_placement_visits(req_db(r), r->a, &actor, id, &items, &n);
		if (rc != SC_OK)
			return rc;
		const struct placement_visit *saved = &in;
		for (size_t i = 0; i < n; i++)
			if (items[i].id == in.id)
				saved = &items[i];
		return api_send(r, 201, record_json(placement_visit_fields, saved, PARTS_ALL));
	}
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/placements/%lld#follow-up", (long long)id));
}

/* ---- the result and the job ---- */

static int
result_page(struct req *r, const struct actor *actor, const struct placement *p, bool may_exit,
	    const struct placement_result_input *shown, const struct form_errors *e, const char *notice)
{
	struct employment *jobs = NULL;
	size_t njobs = 0;
	int rc = app_placement_jobs(req_db(r), r->a, actor, p->id, &jobs, &njobs);
	if (rc != SC_OK)
		return rc;
	const char *name = case_name(r, p->given_name, p->family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Result"), name));
	html_lit(o, "<p><a href=\"/placements/");
	html_int(o, p->id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the placement"));
	html_lit(o, "</a></p><h1>");
	html_text(o, arena_printf(r->a, "%s: %s, %s", T(r, "Result"), name, p->employer_name));
	html_lit(o, "</h1>");
	if (notice != NULL)
		page_para(r, "notice", notice);
	if (p->result >= 0) {
		html_lit(o, "<dl class=\"record\" id=\"result\">");
		page_dl_row(r, N_("Result"), T(r, placement_result_options[p->result].label));
		page_dl_row(r, N_("Result recorded"), case_date_text(r, p->result_on));
		page_dl_lines(r, N_("Note"), p->result_note);
		html_lit(o, "</dl>");
		const struct field *kind = fields_find(employment_fields, "kind");
		const struct field *wage = fields_find(employment_fields, "wage_ore");
		for (size_t i = 0; i < njobs; i++) {
			html_lit(o, "<h2>");
			html_text(o, T(r, "Job"));
			html_lit(o, "</h2><dl class=\"record\" id=\"job\">");
			page_dl_row(r, N_("Job title"), jobs[i].title);
			page_dl_row(r, N_("Employment"), field_shown(r, kind, &jobs[i]));
			page_dl_row(r, N_("Percentage of full time"), arena_printf(r->a, "%lld %%", (long long)jobs[i].percent));
			page_dl_row(r, N_("Job starts"), case_date_text(r, jobs[i].starts_on));
			page_dl_row(r, N_("Wage"), field_shown(r, wage, &jobs[i]));
			html_lit(o, "</dl><p><a href=\"/jobs/");
			html_int(o, jobs[i].id);
			html_lit(o, "\">");
			html_text(o, T(r, "The job's income and end"));
			html_lit(o, "</a></p>");
		}
		if (p->result == RESULT_HIRED && may_exit) {
			html_lit(o, "<p><a class=\"button\" href=\"/participants/");
			html_int(o, p->participant_id);
			html_lit(o, "/enrolment\">");
			html_text(o, T(r, "Register the exit from the programme: outcome employed"));
			html_lit(o, "</a></p>");
		}
		return page_end(r);
	}
	struct placement_facts f = placement_facts_of(p);
	if (!placement_started(&f, actor->today)) {
		page_para(r, NULL, p->ended_on.y != 0 ? T(r, "This placement ended before its first day: it has no result.")
						       : T(r, "A result is recorded once the placement has started."));
		return page_end(r);
	}
	if (!p->writable)
		return page_end(r);
	struct placement_result_input blank;
	if (shown == NULL) {
		fields_clear(placement_result_fields, &blank);
		blank.result_on = actor->today;
		shown = &blank;
	}
	static const struct field_ui rui[] = {{.key = "hired", .control = "radio"}, {.key = "kind", .control = "radio"},
					      {.key = "wage_kind", .control = "radio"}, {.key = "result_note", .rows = 2},
					      {0}};
	page_para(r, "muted", T(r, "When the participant was hired, the terms of the job are the work income the benefit deducts."));
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/placements/");
	html_int(o, p->id);
	html_lit(o, "/result\" id=\"result-form\" novalidate>");
	form_csrf(r);
	form_fields(r, placement_result_fields, shown, e != NULL, rui, e);
	page_button(r, N_("Save the result"));
	html_lit(o, "</form>");
	return page_end(r);
}

/* GET /placements/:id/result and its /api/v1/ twin (the result and jobs). */
static int
h_result(struct req *r)
{
	struct actor actor = req_actor(r);
	struct placement p;
	struct outcome out;
	struct participant_brief brief;
	int rc = app_placement_get(req_db(r), r->a, &actor, req_param_id(r, 0), &p, &brief, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	/* the way on to the exit only for whoever may register it */
	if (!r->wants_json)
		return result_page(r, &actor, &p, case_allows(r, &brief, PART_BIT(PART_PERIOD), ACT_WRITE), NULL, NULL,
				   NULL);
	struct employment *jobs = NULL;
	size_t n = 0;
	rc = app_placement_jobs(req_db(r), r->a, &actor, p.id, &jobs, &n);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(employment_fields, &jobs[i], PARTS_ALL));
	json_t *j = json_pack("{s:o}", "jobs", arr);
	json_object_set_new(j, "result", p.result >= 0 ? json_string(placement_result_options[p.result].key) : json_null());
	return api_send(r, 200, j);
}

/* POST /placements/:id/result and its /api/v1/ twin. */
static int
h_result_save(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct placement_result_input in;
	struct form_errors e = {0};
	struct outcome out = {0};
	int rc;
	if (!placement_input(r, &actor, id, placement_result_fields, &in, &p, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_result(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			placement_result_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, placement_result_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, placement_result_fields);
		r->status = outcome_status(&out);
		return result_page(r, &actor, &p, false, &in, out.refusal == REFUSED_INVALID ? &e : NULL,
				   out.refusal == REFUSED_INVALID ? NULL : outcome_message(r, &out));
	}
	if (!r->wants_json) {
		page_flash(r, "saved");
		return req_redirect(r, arena_printf(r->a, "/placements/%lld/result", (long long)id));
	}
	return h_result(r);
}


const struct route placements_routes[] = {
	BOTH(GET_HEAD, "/placements", "/api/v1/placements", h_placements, NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements", "/api/v1/placements", h_placement_propose, NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(GET_HEAD, "/placements/:id/agreement", "/api/v1/placements/:id/agreement", h_placement_agreement,
	     NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements/:id/approvals", "/api/v1/placements/:id/approvals", h_placement_approve,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(M_POST, "/placements/:id/withdrawals", "/api/v1/placements/:id/withdrawals", h_placement_withdraw,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(M_POST, "/placements/:id/end", "/api/v1/placements/:id/end", h_placement_end,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	API(GET_HEAD, "/api/v1/placements/:id/visits", h_placement_visits, NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements/:id/visits", "/api/v1/placements/:id/visits", h_placement_visits,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(GET_HEAD, "/placements/:id/result", "/api/v1/placements/:id/result", h_result,
	     NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements/:id/result", "/api/v1/placements/:id/result", h_result_save,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(GET_HEAD, "/placements/:id", "/api/v1/placements/:id", h_placement, NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements/:id", "/api/v1/placements/:id", h_placement_save, NEED(RES_PLACEMENTS, ACT_WRITE)),
	ROUTES_END
};
