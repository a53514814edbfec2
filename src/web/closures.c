/*
 * closures.c — the centre's closure periods, in which no session is
 * generated, and the dated self-certification rule (issue 9), each with
 * its /api/v1/ twin. The commands are app/activity.c.
 */
#include "activities_parts.h"
#include "case.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the self-certification rule ---- */

json_t *
rules_json(struct req *r, const struct self_cert_rule_row *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:i,s:i,s:s}", "valid_from", activity_date_text(r, items[i].valid_from),
						     "max_days", items[i].rule.max_days, "max_periods",
						     items[i].rule.max_periods, "created_by", items[i].created_by_name));
	return json_pack("{s:o}", "items", arr);
}

static int
rules_page(struct req *r, const struct actor *actor, const struct self_cert_rule_row *items, size_t n, bool may_add,
	   const struct self_cert_rule_input *shown, const struct form_errors *e)
{
	page_begin(r, T(r, "Self-certification rule"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Self-certification rule"));
	html_lit(o, "</h1>");
	page_p(r, N_("Self-certified sick days beyond the rule in force on the first day of their period need a doctor's note, and count as unexcused until it is registered."));
	html_lit(o, "<table id=\"self-cert-rules\"><thead><tr>");
	page_th(r, N_("In force from"));
	page_th(r, N_("Days in a row"));
	page_th(r, N_("Periods in 12 months"));
	page_th(r, N_("Added by"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr>");
		page_td(r, activity_date_text(r, items[i].valid_from));
		html_lit(o, "<td>");
		html_int(o, items[i].rule.max_days);
		html_lit(o, "</td><td>");
		html_int(o, items[i].rule.max_periods);
		html_lit(o, "</td>");
		page_td(r, items[i].created_by_name);
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
	if (may_add) {
		html_lit(o, "<h2 id=\"new-rule\">");
		html_text(o, T(r, "A new rule"));
		html_lit(o, "</h2>");
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/self-certification\" id=\"self-cert-form\" novalidate>");
		form_csrf(r);
		const struct field_ui ui[] = {{.key = "max_days", .control = "number"},
					      {.key = "max_periods", .control = "number"}, {0}};
		form_fields(r, self_cert_rule_fields, shown, e != NULL, ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add the rule"));
		html_lit(o, "</button></form>");
	}
	(void)actor;
	return page_end(r);
}

/* GET /self-certification and /api/v1/self-certification-rules. */
static int
h_rules(struct req *r)
{
	struct actor actor = req_actor(r);
	struct self_cert_rule_row *items = NULL;
	size_t n = 0;
	bool may_add = false;
	struct outcome out;
	int rc = app_self_cert_rules(req_db(r), r->a, &actor, &items, &n, &may_add, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, rules_json(r, items, n));
	struct self_cert_rule_input blank;
	fields_clear(self_cert_rule_fields, &blank);
	return rules_page(r, &actor, items, n, may_add, &blank, NULL);
}

/* POST /self-certification and its API twin: a rule from a day after
 * today (finance officers). */
static int
h_rule_add(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!access_allows(actor.roles, RES_BENEFITS, ACT_WRITE))
		return req_error(r, 403, NULL);
	struct self_cert_rule_input in;
	fields_clear(self_cert_rule_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, self_cert_rule_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_self_cert_rule_add(req_db(r), &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			self_cert_rule_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	struct self_cert_rule_row *items = NULL;
	size_t n = 0;
	bool may_add = false;
	struct outcome read;
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, self_cert_rule_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		int status = outcome_status(&out);
		rc = app_self_cert_rules(req_db(r), r->a, &actor, &items, &n, &may_add, &read);
		if (rc != SC_OK)
			return rc;
		r->status = status;
		return rules_page(r, &actor, items, n, may_add, &in, &e);
	}
	rc = app_self_cert_rules(req_db(r), r->a, &actor, &items, &n, &may_add, &read);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 201, rules_json(r, items, n), "/self-certification", "saved");
}

/* ---- closures ---- */

static int
closures_page(struct req *r, const struct actor *actor, const struct closure_period *items, size_t n,
	      const struct closure_period *shown, const struct form_errors *e)
{
	page_begin(r, T(r, "Closures"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Closures"));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, T(r, "No session is held while the centre is closed: a closure cancels the planned sessions it covers, and deleting it plans again those no other closure covers."));
	html_lit(o, "</p>");
	bool leader = access_scope(actor->roles, RES_ACTIVITIES, ACT_WRITE) == SCOPE_ALL;
	if (n == 0) {
		page_p(r, N_("No closures."));
	} else {
		html_lit(o, "<table id=\"closures\"><thead><tr>");
		page_th(r, N_("Name"));
		page_th(r, N_("From"));
		page_th(r, N_("To"));
		page_th(r, N_("Sessions cancelled"));
		if (leader)
			page_th(r, N_("Delete"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr>");
			page_td(r, items[i].name);
			page_td(r, activity_date_text(r, items[i].from_on));
			page_td(r, activity_date_text(r, items[i].to_on));
			html_lit(o, "<td>");
			html_int(o, items[i].cancelled);
			html_lit(o, "</td>");
			if (leader) {
				html_lit(o, "<td><form method=\"post\" action=\"/closures/");
				html_int(o, items[i].id);
				html_lit(o, "/delete\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\" aria-label=\"");
				html_text(o, arena_printf(r->a, "%s: %s", T(r, "Delete"), items[i].name));
				html_lit(o, "\">");
				html_text(o, T(r, "Delete"));
				html_lit(o, "</button></form></td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (leader) {
		html_lit(o, "<h2 id=\"new-closure\">");
		html_text(o, T(r, "New closure"));
		html_lit(o, "</h2>");
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/closures\" id=\"closure-form\" novalidate>");
		form_csrf(r);
		form_fields(r, closure_fields, shown, e != NULL, NULL, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add closure"));
		html_lit(o, "</button></form>");
	}
	return page_end(r);
}

static int
closures_json(struct req *r, int status, const struct closure_period *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(closure_fields, &items[i], PARTS_ALL));
	return api_send(r, status, json_pack("{s:o}", "items", arr));
}

/* GET /closures and /api/v1/closures. */
static int
h_closures(struct req *r)
{
	struct actor actor = req_actor(r);
	struct closure_period *items = NULL;
	size_t n = 0;
	int rc = app_closures(req_db(r), r->a, &actor, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json)
		return closures_json(r, 200, items, n);
	struct closure_period blank;
	fields_clear(closure_fields, &blank);
	return closures_page(r, &actor, items, n, &blank, NULL);
}

/* POST /closures and /api/v1/closures. */
static int
h_closure_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct closure_period in;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, closure_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_closure_create(req_db(r), r->a, &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			closure_check(&in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_FORBIDDEN)
		return req_error(r, 403, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, closure_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct closure_period *items = NULL;
		size_t n = 0;
		rc = app_closures(req_db(r), r->a, &actor, &items, &n);
		if (rc != SC_OK)
			return rc;
		return closures_page(r, &actor, items, n, &in, &e);
	}
	in.cancelled = out.version;
	return answer_done(r, 201, record_json(closure_fields, &in, PARTS_ALL), "/closures", "closure-added");
}

/* POST /closures/:id/delete and its API twin. */
static int
h_closure_delete(struct req *r)
{
	int nobody = SC_OK;
	if (!api_no_body(r, &nobody))
		return nobody;
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_closure_delete(req_db(r), &actor, req_param_id(r, 0), &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:I,s:I}", "id", (json_int_t)out.id, "sessions_restored",
						  (json_int_t)out.version));
	page_flash(r, "closure-deleted");
	return req_redirect(r, "/closures");
}


const struct route closures_routes[] = {
	BOTH(GET_HEAD, "/closures", "/api/v1/closures", h_closures, NEED(RES_ACTIVITIES, ACT_READ)),
	BOTH(M_POST, "/closures", "/api/v1/closures", h_closure_create, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/closures/:id/delete", "/api/v1/closures/:id/delete", h_closure_delete,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(GET_HEAD, "/self-certification", "/api/v1/self-certification-rules", h_rules, NEED(RES_SELF, ACT_READ)),
	BOTH(M_POST, "/self-certification", "/api/v1/self-certification-rules", h_rule_add, NEED(RES_BENEFITS, ACT_WRITE)),
	ROUTES_END
};
