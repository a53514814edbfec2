/*
 * agreements.c — pool agreements (issue 10): framework agreements with an
 * employer or an association, their period, places and terms, the
 * employers they cover, and places used, free and planned. Every page has
 * its /api/v1/ twin. The commands are app/employer.c.
 */
#include "case.h"
#include "internships_parts.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* ---- pool agreements ---- */

static const struct field_ui agreement_ui[] = {{.key = "terms", .rows = 3}, {.key = "notes", .rows = 2}, {0}};

static int
agreements_page(struct req *r, const struct agreement *shown, const struct form_errors *e)
{
	struct actor actor = req_actor(r);
	struct agreement *items = NULL;
	size_t n = 0;
	int rc = app_agreements(req_db(r), r->a, &actor, false, &items, &n);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	page_begin(r, T(r, "Pool agreements"));
	page_heading(r, "h1", NULL, T(r, "Pool agreements"));
	if (n == 0)
		page_para(r, NULL, T(r, "No pool agreements."));
	else
		agreements_table(r, items, n);
	if (internships_may_write(r, RES_EMPLOYERS)) {
		html_lit(o, "<section aria-labelledby=\"new-agreement\">");
		page_heading(r, "h2", "new-agreement", T(r, "Make a pool agreement"));
		struct agreement blank;
		if (shown == NULL) {
			fields_clear(agreement_fields, &blank);
			shown = &blank;
		}
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/agreements\" id=\"agreement-form\" novalidate>");
		form_csrf(r);
		form_fields(r, agreement_fields, shown, e != NULL, agreement_ui, e);
		page_button(r, N_("Save agreement"));
		html_lit(o, "</form></section>");
	}
	return page_end(r);
}

/* GET /agreements and /api/v1/agreements (?current=yes). */
static int
h_agreements(struct req *r)
{
	if (!r->wants_json)
		return agreements_page(r, NULL, NULL);
	struct actor actor = req_actor(r);
	struct agreement *items = NULL;
	size_t n = 0;
	int rc = app_agreements(req_db(r), r->a, &actor, strcmp(req_qs(r, "current"), "yes") == 0, &items, &n);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(agreement_fields, &items[i], PARTS_ALL));
	return api_send(r, 200, json_pack("{s:o}", "items", arr));
}

/* POST /agreements and its /api/v1/ twin. */
static int
h_agreement_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct agreement in;
	fields_clear(agreement_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, agreement_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_agreement_create(req_db(r), r->a, &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			agreement_check(&in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, agreement_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, agreement_fields);
		r->status = outcome_status(&out);
		return agreements_page(r, &in, &e);
	}
	struct agreement saved;
	rc = app_agreement_get(req_db(r), r->a, &actor, in.id, &saved, &out);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 201, record_json(agreement_fields, &saved, PARTS_ALL),
			   arena_printf(r->a, "/agreements/%lld", (long long)in.id), "saved");
}

static int
agreement_page(struct req *r, const struct actor *actor, const struct agreement *ag, const struct agreement *shown,
	       const struct form_errors *e, const char *notice, int64_t version)
{
	struct employer *covered = NULL, *choices = NULL;
	size_t nc = 0, nch = 0;
	int rc = store_agreement_employers(req_db(r), r->a, actor->centre_id, ag->id, &covered, &nc);
	if (rc == SC_OK && internships_may_write(r, RES_EMPLOYERS))
		rc = store_employer_choices(req_db(r), r->a, actor->centre_id, 2000, &choices, &nch);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	page_begin(r, ag->name);
	html_lit(o, "<p><a href=\"/agreements\">");
	html_text(o, T(r, "All pool agreements"));
	html_lit(o, "</a></p>");
	page_heading(r, "h1", NULL, ag->name);
	if (notice != NULL)
		page_para(r, "notice", notice);
	html_lit(o, "<dl class=\"record\" id=\"agreement-details\">");
	page_dl_row(r, N_("Agreement with"), ag->party);
	page_dl_row(r, N_("Period"), arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, ag->starts_on),
					      case_date_text(r, ag->ends_on)));
	page_dl_row(r, N_("Places"), case_id(r, ag->places));
	page_dl_row(r, N_("Used"), case_id(r, ag->used));
	page_dl_row(r, N_("Planned"), case_id(r, ag->planned));
	page_dl_row(r, N_("Free"), case_id(r, ag->free));
	page_dl_lines(r, N_("Terms"), ag->terms);
	html_lit(o, "</dl><section aria-labelledby=\"covered\">");
	page_heading(r, "h2", "covered", T(r, "Employers it covers"));
	if (nc == 0) {
		page_para(r, NULL, T(r, "It covers no employers yet."));
	} else {
		html_lit(o, "<ul id=\"covered-list\">");
		for (size_t i = 0; i < nc; i++) {
			html_lit(o, "<li><a href=\"/employers/");
			html_int(o, covered[i].id);
			html_lit(o, "\">");
			html_text(o, covered[i].name);
			html_lit(o, "</a>");
			if (internships_may_write(r, RES_EMPLOYERS)) {
				html_lit(o, " <form class=\"inline\" method=\"post\" action=\"/agreements/");
				html_int(o, ag->id);
				html_lit(o, "/employers/");
				html_int(o, covered[i].id);
				html_lit(o, "/remove\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\" aria-label=\"");
				html_text(o, arena_printf(r->a, "%s: %s", T(r, "Remove"), covered[i].name));
				html_lit(o, "\">");
				html_text(o, T(r, "Remove"));
				html_lit(o, "</button></form>");
			}
			html_lit(o, "</li>");
		}
		html_lit(o, "</ul>");
	}
	if (nch > 0) {
		html_lit(o, "<form method=\"post\" action=\"/agreements/");
		html_int(o, ag->id);
		html_lit(o, "/employers\" id=\"cover-form\" novalidate><div class=\"field\"><label for=\"cover-employer\">");
		html_text(o, T(r, "Employer"));
		html_lit(o, "</label><select id=\"cover-employer\" name=\"employer_id\" required><option value=\"\">");
		html_text(o, T(r, "Choose…"));
		html_lit(o, "</option>");
		for (size_t i = 0; i < nch; i++) {
			html_lit(o, "<option value=\"");
			html_int(o, choices[i].id);
			html_lit(o, "\">");
			html_text(o, choices[i].name);
			html_lit(o, "</option>");
		}
		html_lit(o, "</select></div>");
		form_csrf(r);
		page_button(r, N_("Add to the agreement"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");
	if (internships_may_write(r, RES_EMPLOYERS)) {
		html_lit(o, "<section aria-labelledby=\"edit-agreement\">");
		page_heading(r, "h2", "edit-agreement", T(r, "Edit the agreement"));
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/agreements/");
		html_int(o, ag->id);
		html_lit(o, "\" id=\"agreement-form\" novalidate>");
		form_csrf(r);
		form_hidden_version(r, version);
		form_fields(r, agreement_fields, shown != NULL ? shown : ag, shown != NULL, agreement_ui, e);
		page_button(r, N_("Save changes"));
		html_lit(o, "</form></section>");
	}
	return page_end(r);
}

static int
send_agreement(struct req *r, const struct actor *actor, int status, int64_t id)
{
	struct agreement ag;
	struct outcome out;
	int rc = app_agreement_get(req_db(r), r->a, actor, id, &ag, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct employer *covered = NULL;
	size_t n = 0;
	rc = store_agreement_employers(req_db(r), r->a, actor->centre_id, id, &covered, &n);
	if (rc != SC_OK)
		return rc;
	json_t *j = record_json(agreement_fields, &ag, PARTS_ALL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)covered[i].id, "name",
						     covered[i].name, "orgnr", covered[i].orgnr != NULL ? covered[i].orgnr : ""));
	json_object_set_new(j, "employers", arr);
	return api_send(r, status, j);
}

/* GET /agreements/:id and its /api/v1/ twin. */
static int
h_agreement(struct req *r)
{
	struct actor actor = req_actor(r);
	if (r->wants_json)
		return send_agreement(r, &actor, 200, req_param_id(r, 0));
	struct agreement ag;
	struct outcome out;
	int rc = app_agreement_get(req_db(r), r->a, &actor, req_param_id(r, 0), &ag, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	return agreement_page(r, &actor, &ag, NULL, NULL, NULL, ag.version);
}

/* POST /agreements/:id and its /api/v1/ twin: a version-checked save. */
static int
h_agreement_update(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct agreement stored, in;
	struct outcome out;
	int rc = app_agreement_get(req_db(r), r->a, &actor, id, &stored, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	in = stored;
	struct form_errors e = {0};
	if (!input_read_update(r, agreement_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	if (e.n == 0) {
		rc = app_agreement_update(req_db(r), r->a, &actor, id, version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			agreement_check(&in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, agreement_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, agreement_fields);
		r->status = outcome_status(&out);
		return agreement_page(r, &actor, &stored, &in, &e,
				      out.refusal == REFUSED_STALE ? outcome_message(r, &out) : NULL,
				      out.refusal == REFUSED_STALE ? out.version : version);
	}
	if (r->wants_json)
		return send_agreement(r, &actor, 200, id);
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/agreements/%lld", (long long)id));
}

/* POST /agreements/:id/employers (cover) and
 * /agreements/:id/employers/:eid/remove, with their /api/v1/ twins. */
static int
cover(struct req *r, bool add)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	int64_t employer = 0;
	struct outcome out = {0};
	int rc = SC_OK;
	/* an agreement the actor cannot reach is not found, whatever the body holds */
	struct agreement known;
	struct outcome found;
	rc = app_agreement_get(req_db(r), r->a, &actor, id, &known, &found);
	if (rc != SC_OK)
		return rc;
	if (found.refusal != DONE)
		return req_error(r, outcome_status(&found), NULL);
	if (!add && !api_no_body(r, &rc))
		return rc;
	if (add) {
		struct placement tmp;
		fields_clear(placement_fields, &tmp);
		static const struct field only[] = {
			{.key = "employer_id", .type = FT_ID, .flags = FF_REQUIRED,
			 .offset = offsetof(struct placement, employer_id), .label = N_("Employer"),
			 .missing = N_("Choose the employer."), .invalid = N_("Choose one of the employers in the register."),
			 .part = -1},
		};
		const struct fields fs = FIELDS(only);
		struct form_errors e = {0};
		if (!input_read(r, fs, &tmp, NULL, &e, &rc))
			return rc;
		fields_check_required(fs, &tmp, &out.errors);
		if (e.n > 0 || out.errors.n > 0) {
			out.refusal = REFUSED_INVALID;
			if (r->wants_json)
				return internships_refused(r, &out, &e, fs);
			return req_error(r, 422, e.n > 0 ? e.message[0] : T(r, "Choose the employer."));
		}
		employer = tmp.employer_id;
	} else {
		employer = req_param_id(r, 1);
	}
	rc = app_agreement_cover(req_db(r), r->a, &actor, id, employer, add, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct form_errors e = {0};
		if (r->wants_json)
			return internships_refused(r, &out, &e, placement_new_fields);
		struct agreement ag;
		struct outcome got;
		rc = app_agreement_get(req_db(r), r->a, &actor, id, &ag, &got);
		if (rc != SC_OK)
			return rc;
		r->status = outcome_status(&out);
		outcome_form_errors(r, &out, &e);
		return agreement_page(r, &actor, &ag, NULL, NULL,
				      out.message != NULL ? outcome_message(r, &out) : (e.n > 0 ? e.message[0] : NULL),
				      ag.version);
	}
	if (r->wants_json)
		return send_agreement(r, &actor, 200, id);
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/agreements/%lld#covered", (long long)id));
}

static int
h_agreement_cover(struct req *r)
{
	return cover(r, true);
}

static int
h_agreement_uncover(struct req *r)
{
	return cover(r, false);
}


const struct route agreements_routes[] = {
	BOTH(GET_HEAD, "/agreements", "/api/v1/agreements", h_agreements, NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/agreements", "/api/v1/agreements", h_agreement_create, NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(M_POST, "/agreements/:id/employers", "/api/v1/agreements/:id/employers", h_agreement_cover,
	     NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(M_POST, "/agreements/:id/employers/:eid/remove", "/api/v1/agreements/:id/employers/:eid/remove",
	     h_agreement_uncover, NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(GET_HEAD, "/agreements/:id", "/api/v1/agreements/:id", h_agreement, NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/agreements/:id", "/api/v1/agreements/:id", h_agreement_update, NEED(RES_EMPLOYERS, ACT_WRITE)),
	ROUTES_END
};
