/*
 * employers.c — the employer register (issue 10; decisions 39, 73): the
 * register with its search and the form to register an employer; an
 * employer's page (details, contacts, agreements, placements, the form to
 * propose a placement) and its edit form, version-checked; a contact's
 * page, its edit and its delete. Every page has its /api/v1/ twin: one
 * handler, answering as the route says (routes.h). The commands are
 * app/employer.c, which checks who may and audits.
 */
#include "case.h"
#include "internships_parts.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* ---- the employer register ---- */

/* The SN2007 divisions as choices ("47 – Detaljhandel …"). */
static int
industry_ui(struct req *r, struct field_ui *ui)
{
	struct industry *items = NULL;
	size_t n = 0;
	int rc = app_industries(req_db(r), r->a, &items, &n);
	if (rc != SC_OK)
		return rc;
	const char **keys = arena_alloc(r->a, sizeof *keys * (n + 1));
	const char **labels = arena_alloc(r->a, sizeof *labels * (n + 1));
	if (keys == NULL || labels == NULL)
		return SC_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!industry_is_division(items[i].code))
			continue;
		keys[k] = items[i].code;
		labels[k] = arena_printf(r->a, "%s \xE2\x80\x93 %s", items[i].code,
					 r->lang == LANG_NB ? items[i].name_nb : items[i].name_en);
		k++;
	}
	*ui = (struct field_ui){.key = "industry", .choice_keys = keys, .choice_labels = labels, .nchoices = k,
				.empty = N_("Choose the industry…")};
	return SC_OK;
}

static int
employer_form(struct req *r, const char *action, const struct employer *shown, bool posted,
	      const struct form_errors *e, int64_t version, const char *submit)
{
	struct field_ui ui[4];
	int rc = industry_ui(r, &ui[0]);
	if (rc != SC_OK)
		return rc;
	ui[1] = (struct field_ui){.key = "notes", .rows = 3};
	ui[2] = (struct field_ui){.key = "postcode", .autocomplete = "postal-code"};
	ui[3] = (struct field_ui){0};
	struct buf *o = &r->out;
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"");
	html_text(o, action);
	html_lit(o, "\" id=\"employer-form\" novalidate>");
	form_csrf(r);
	if (version > 0)
		form_hidden_version(r, version);
	form_fields(r, employer_fields, shown, posted, ui, e);
	page_button(r, submit);
	html_lit(o, "</form>");
	return SC_OK;
}

static const char *
industry_text(struct req *r, const struct employer *e)
{
	const char *name = r->lang == LANG_NB ? e->industry_nb : e->industry_en;
	if (e->industry == NULL || e->industry[0] == '\0')
		return "";
	return arena_printf(r->a, "%s \xE2\x80\x93 %s", e->industry, name != NULL ? name : "");
}

/* ?participant=ID on the employers' pages: the participant a placement is
 * being proposed for, from their page when the employers are too many for
 * a list there. Kept only when the actor may propose one for them
 * (app_placement_proposer(); their name shown then); *id is 0 otherwise or
 * when absent. False (the answer given: 400) when it is not a number. */
static bool
propose_for(struct req *r, const struct actor *actor, struct participant_brief *brief, int64_t *id, int *rc)
{
	*id = 0;
	*rc = SC_OK;
	const char *v = req_qs(r, "participant");
	if (v[0] == '\0')
		return true;
	int64_t pid = 0;
	if (parse_int64(v, 1, INT64_MAX, &pid) != SC_OK) {
		*rc = req_error(r, 400, NULL);
		return false;
	}
	if (!access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE))
		return true;
	struct outcome out;
	*rc = app_placement_proposer(req_db(r), r->a, actor, pid, brief, &out);
	if (*rc != SC_OK)
		return false;
	if (out.refusal == DONE)
		*id = pid;
	return true;
}

/* "participant=ID" for the links that carry it on, "" without. */
static const char *
propose_query(struct req *r, int64_t id)
{
	return id > 0 ? arena_printf(r->a, "participant=%lld", (long long)id) : "";
}

/* GET /employers: the register, searched, and the form to register one. */
static int
employers_page(struct req *r, const char *q, int64_t page, int64_t per_page, const struct employer *shown,
	       const struct form_errors *e)
{
	struct actor actor = req_actor(r);
	struct participant_brief for_brief;
	int64_t for_id = 0;
	int rc = SC_OK;
	if (shown == NULL && !propose_for(r, &actor, &for_brief, &for_id, &rc))
		return rc;
	struct employer *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool capped = false;
	rc = app_employers(req_db(r), r->a, &actor, q, per_page, (page - 1) * per_page, &items, &n, &total, &capped);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	const char *for_q = propose_query(r, for_id);
	const char *base = page_query(r, "q", q);
	if (for_id > 0)
		base = arena_printf(r->a, "%s%s%s", base, base[0] ? "&" : "", for_q);
	if (!capped && !req_page_exists(r, "/employers", base, page, total, per_page, &rc))
		return rc;
	page_begin(r, T(r, "Employers"));
	page_heading(r, "h1", NULL, T(r, "Employers"));
	if (for_id > 0) {
		html_lit(o, "<p id=\"propose-for\">");
		html_text(o, arena_printf(r->a, T(r, "A placement for %s: choose the employer, and propose it on the employer's page."),
					  case_name(r, for_brief.given_name, for_brief.family_name)));
		html_lit(o, "</p>");
	}
	html_lit(o, "<form method=\"get\" action=\"/employers\" role=\"search\" class=\"search\">");
	if (for_id > 0) {
		html_lit(o, "<input type=\"hidden\" name=\"participant\" value=\"");
		html_int(o, for_id);
		html_lit(o, "\">");
	}
	form_input(r, NULL, "q", T(r, "Search by name or organisation number"), "search", q, "off", false);
	page_button(r, N_("Search"));
	html_lit(o, "</form><section aria-labelledby=\"employer-list\">");
	page_heading(r, "h2", "employer-list", T(r, "The register"));
	if (n == 0) {
		page_para(r, NULL, q[0] ? T(r, "No employer matches the search.") : T(r, "No employers are registered."));
	} else {
		html_lit(o, "<table id=\"employers\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Name"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Organisation number"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Industry"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "City"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "In a pool agreement"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td><a href=\"/employers/");
			html_int(o, items[i].id);
			if (for_id > 0) {
				html_lit(o, "?");
				html_text(o, for_q);
			}
			html_lit(o, "\">");
			html_text(o, items[i].name);
			html_lit(o, "</a></td><td>");
			html_text(o, items[i].orgnr);
			html_lit(o, "</td><td>");
			html_text(o, industry_text(r, &items[i]));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(items[i].city));
			html_lit(o, "</td><td>");
			html_text(o, T(r, items[i].in_pool ? "Yes" : "No"));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		if (capped)
			page_pager_open(r, "/employers", base, page, (int64_t)n == per_page);
		else
			page_pager(r, "/employers", base, page, total, per_page);
	}
	html_lit(o, "</section>");
	if (internships_may_write(r, RES_EMPLOYERS)) {
		html_lit(o, "<section aria-labelledby=\"register-employer\">");
		page_heading(r, "h2", "register-employer", T(r, "Register an employer"));
		struct employer blank;
		if (shown == NULL) {
			fields_clear(employer_fields, &blank);
			shown = &blank;
		}
		rc = employer_form(r, "/employers", shown, e != NULL, e, 0, N_("Register employer"));
		if (rc != SC_OK)
			return rc;
		html_lit(o, "</section>");
	}
	return page_end(r);
}

static json_t *
employer_json(const struct employer *e)
{
	return record_json(employer_fields, e, PARTS_ALL);
}

/* GET /employers and /api/v1/employers (?q, paging). */
static int
h_employers(struct req *r)
{
	int64_t page = 1, per_page = EMPLOYERS_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	const char *q = req_qs(r, "q");
	if (!r->wants_json)
		return employers_page(r, q, page, per_page, NULL, NULL);
	struct actor actor = req_actor(r);
	struct employer *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool capped = false;
	rc = app_employers(req_db(r), r->a, &actor, q, per_page, (page - 1) * per_page, &items, &n, &total, &capped);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, employer_json(&items[i]));
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

/* The answer to a duplicate: the page names the employer registered. */
static void
duplicate_error(struct req *r, const struct outcome *out, struct form_errors *e)
{
	if (out->refusal != REFUSED_DUPLICATE)
		return;
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], "orgnr") == 0)
			return;
	form_error(r, e, "orgnr", N_("An employer with this organisation number is already registered."));
}

/* POST /employers and /api/v1/employers. */
static int
h_employer_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct employer in;
	fields_clear(employer_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, employer_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_employer_create(req_db(r), r->a, &actor, &in, &out);
	} else {
		if (!e.mistyped)
			rc = app_employer_check(req_db(r), &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE) {
		if (r->wants_json) {
			if (out.refusal == REFUSED_DUPLICATE) {
				json_t *err = json_pack("{s:s, s:s, s:I, s:{s:s}}", "code", "duplicate", "message",
							T(r, out.message), "other_id", (json_int_t)out.other_id,
							"fields", "orgnr", T(r, out.message));
				return api_send(r, 409, json_pack("{s:o}", "error", err));
			}
			return internships_refused(r, &out, &e, employer_fields);
		}
		outcome_form_errors(r, &out, &e);
		duplicate_error(r, &out, &e);
		form_errors_order(&e, employer_fields);
		r->status = outcome_status(&out);
		return employers_page(r, "", 1, EMPLOYERS_PER_PAGE, &in, &e);
	}
	struct employer saved;
	struct outcome got;
	rc = app_employer_get(req_db(r), r->a, &actor, in.id, &saved, &got);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 201, employer_json(got.refusal == DONE ? &saved : &in),
			   arena_printf(r->a, "/employers/%lld", (long long)in.id), "saved");
}

/* The employer's page: details, contacts, placements, proposing one. */
int
employer_page(struct req *r, const struct actor *actor, const struct employer *emp,
	      const struct employer_contact *contact_shown, const struct form_errors *contact_errors,
	      const char *propose_value, const struct form_errors *propose_errors)
{
	/* Its placements a page of EMPLOYER_PLACEMENTS_PER_PAGE at a time
	 * (?page), latest first: they were the first 100, unsaid beyond
	 * (decision 90). */
	int64_t page = 1, per_page = EMPLOYER_PLACEMENTS_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct employer_contact *contacts = NULL;
	size_t ncontacts = 0;
	rc = app_contacts(req_db(r), r->a, actor, emp->id, &contacts, &ncontacts);
	struct placement_list pl;
	if (rc == SC_OK)
		rc = app_employer_placements(req_db(r), r->a, actor, emp->id, per_page, (page - 1) * per_page, true,
					     &pl);
	if (rc != SC_OK)
		return rc;
	const char *path = arena_printf(r->a, "/employers/%lld", (long long)emp->id);
	if (!req_page_exists(r, path, "", page, pl.total, per_page, &rc))
		return rc;
	struct placement_evaluation *evs = NULL;
	size_t nevs = 0;
	rc = app_placements_evaluations(req_db(r), r->a, actor, &pl, &evs, &nevs);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	page_begin(r, emp->name);
	html_lit(o, "<p class=\"no-print\"><a href=\"/employers\">");
	html_text(o, T(r, "All employers"));
	html_lit(o, "</a></p>");
	page_heading(r, "h1", NULL, emp->name);
	html_lit(o, "<dl class=\"record\" id=\"employer-details\">");
	page_dl_row(r, N_("Organisation number"), emp->orgnr);
	page_dl_row(r, N_("Industry"), industry_text(r, emp));
	page_dl_row(r, N_("Address"), emp->address);
	page_dl_row(r, N_("Postcode"), emp->postcode);
	page_dl_row(r, N_("City"), emp->city);
	page_dl_row(r, N_("In a pool agreement"), T(r, emp->in_pool ? "Yes" : "No"));
	page_dl_lines(r, N_("Notes"), emp->notes);
	int pct = conversion_percent(emp->concluded, emp->hired);
	page_dl_row(r, N_("Placements that led to a job"),
	       pct < 0 ? "" : arena_printf(r->a, "%lld / %lld (%d %%)", (long long)emp->hired,
					   (long long)emp->concluded, pct));
	html_lit(o, "</dl>");
	bool writer = internships_may_write(r, RES_EMPLOYERS);
	if (writer) {
		html_lit(o, "<p><a href=\"/employers/");
		html_int(o, emp->id);
		html_lit(o, "/edit\">");
		html_text(o, T(r, "Edit the employer"));
		html_lit(o, "</a></p>");
	}
	html_lit(o, "<section aria-labelledby=\"contacts\">");
	page_heading(r, "h2", "contacts", T(r, "Contacts"));
	if (ncontacts == 0) {
		page_para(r, NULL, T(r, "No contacts are registered."));
	} else {
		html_lit(o, "<table id=\"contact-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Name"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Role"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Phone"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "E-mail"));
		html_lit(o, "</th>");
		if (writer) {
			html_lit(o, "<th scope=\"col\"><span class=\"visually-hidden\">");
			html_text(o, T(r, "Change"));
			html_lit(o, "</span></th>");
		}
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < ncontacts; i++) {
			html_lit(o, "<tr><td>");
			html_text(o, contacts[i].name);
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(contacts[i].role));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(contacts[i].phone));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(contacts[i].email));
			html_lit(o, "</td>");
			if (writer) {
				html_lit(o, "<td><a href=\"/employers/");
				html_int(o, emp->id);
				html_lit(o, "/contacts/");
				html_int(o, contacts[i].id);
				html_lit(o, "\">");
				html_text(o, T(r, "Edit or delete"));
				html_lit(o, "<span class=\"visually-hidden\">: ");
				html_text(o, contacts[i].name);
				html_lit(o, "</span></a></td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (writer) {
		page_heading(r, "h3", NULL, T(r, "Add a contact"));
		struct employer_contact blank;
		if (contact_shown == NULL) {
			fields_clear(employer_contact_fields, &blank);
			contact_shown = &blank;
		}
		static const struct field_ui cui[] = {
			{.key = "phone", .control = "tel", .autocomplete = "off"},
			{.key = "email", .control = "email", .autocomplete = "off"},
			{0},
		};
		form_error_summary(r, contact_errors);
		html_lit(o, "<form method=\"post\" action=\"/employers/");
		html_int(o, emp->id);
		html_lit(o, "/contacts\" id=\"contact-form\" novalidate>");
		form_csrf(r);
		form_fields(r, employer_contact_fields, contact_shown, contact_errors != NULL, cui, contact_errors);
		page_button(r, N_("Add contact"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section><section aria-labelledby=\"agreements\">");
	page_heading(r, "h2", "agreements", T(r, "Pool agreements"));
	struct agreement *ags = NULL;
	size_t nags = 0;
	rc = store_employer_agreements(req_db(r), r->a, actor->centre_id, emp->id, actor->today, &ags, &nags);
	if (rc != SC_OK)
		return rc;
	if (nags == 0)
		page_para(r, NULL, T(r, "No pool agreement covers this employer."));
	else
		agreements_table(r, ags, nags);
	html_lit(o, "</section><section aria-labelledby=\"placements\">");
	page_heading(r, "h2", "placements", T(r, "Placements"));
	if (pl.n == 0 && pl.total == 0) {
		page_para(r, NULL, T(r, "No placements at this employer."));
	} else {
		html_lit(o, "<table id=\"placement-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Participant"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Period"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Status"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Evaluations"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < pl.n; i++) {
			const struct placement *p = &pl.items[i];
			html_lit(o, "<tr><td><a href=\"/placements/");
			html_int(o, p->id);
			html_lit(o, "\">");
			html_text(o, case_name(r, p->given_name, p->family_name));
			html_lit(o, "</a></td><td>");
			if (p->starts_on.y != 0)
				html_text(o, arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, p->starts_on),
							  case_date_text(r, p->ends_on)));
			else
				html_text(o, "\xE2\x80\x94");
			html_lit(o, "</td><td>");
			html_text(o, T(r, placement_status_options[p->status].label));
			html_lit(o, "</td><td>");
			placement_evaluations_cell(r, p->id, evs, nevs);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, path, "", page, pl.total, per_page);
	}
	if (access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE)) {
		/* from the participant's page (?participant=ID): the form
		 * filled in, their name said */
		struct participant_brief for_brief;
		int64_t for_id = 0;
		if (propose_value == NULL && !propose_for(r, actor, &for_brief, &for_id, &rc))
			return rc;
		if (for_id > 0) {
			propose_value = arena_printf(r->a, "%lld", (long long)for_id);
			page_heading(r, "h3", NULL,
				     arena_printf(r->a, T(r, "Propose a placement for %s"),
						  case_name(r, for_brief.given_name, for_brief.family_name)));
		} else {
			page_heading(r, "h3", NULL, T(r, "Propose a placement"));
		}
		form_error_summary(r, propose_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements\" id=\"propose-form\" novalidate>");
		form_csrf(r);
		html_lit(o, "<input type=\"hidden\" name=\"employer_id\" value=\"");
		html_int(o, emp->id);
		html_lit(o, "\">");
		form_input(r, propose_errors, "participant_id", T(r, "Participant number"), "number",
			   propose_value != NULL ? propose_value : "", "off", true);
		page_button(r, N_("Propose placement"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");
	return page_end(r);
}

/* GET /employers/:id and /api/v1/employers/:id: what the page shows —
 * its contacts, the pool agreements covering it, a page of its placements
 * (?page, ?per_page as the page's) each with its evaluations, and the
 * share of its placements that led to a job. */
static int
h_employer(struct req *r)
{
	struct actor actor = req_actor(r);
	struct employer emp;
	struct outcome out;
	int rc = app_employer_get(req_db(r), r->a, &actor, req_param_id(r, 0), &emp, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	if (!r->wants_json)
		return employer_page(r, &actor, &emp, NULL, NULL, NULL, NULL);
	int64_t page = 1, per_page = EMPLOYER_PLACEMENTS_PER_PAGE;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct employer_contact *contacts = NULL;
	size_t n = 0;
	struct agreement *ags = NULL;
	size_t nags = 0;
	struct placement_list pl;
	struct placement_evaluation *evs = NULL;
	size_t nevs = 0;
	rc = app_contacts(req_db(r), r->a, &actor, emp.id, &contacts, &n);
	if (rc == SC_OK)
		rc = store_employer_agreements(req_db(r), r->a, actor.centre_id, emp.id, actor.today, &ags, &nags);
	if (rc == SC_OK)
		rc = app_employer_placements(req_db(r), r->a, &actor, emp.id, per_page, (page - 1) * per_page, false,
					     &pl);
	if (rc == SC_OK)
		rc = app_placements_evaluations(req_db(r), r->a, &actor, &pl, &evs, &nevs);
	if (rc != SC_OK)
		return rc;
	const char *path = arena_printf(r->a, "/employers/%lld", (long long)emp.id);
	if (!req_page_exists(r, path, "", page, pl.total, per_page, &rc))
		return rc;
	json_t *j = employer_json(&emp);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json_texts(employer_contact_fields, &contacts[i], PARTS_ALL));
	json_object_set_new(j, "contacts", arr);
	json_t *jags = json_array();
	for (size_t i = 0; i < nags; i++)
		json_array_append_new(jags, record_json(agreement_fields, &ags[i], PARTS_ALL));
	json_object_set_new(j, "agreements", jags);
	json_t *jpl = json_array();
	for (size_t i = 0; i < pl.n; i++)
		json_array_append_new(jpl, placement_with_evaluations_json(&pl.items[i], evs, nevs));
	json_object_set_new(j, "placements", api_page_json(jpl, page, per_page, pl.total));
	int pct = conversion_percent(emp.concluded, emp.hired);
	json_object_set_new(j, "conversion",
			    json_pack("{s:I, s:I, s:o}", "concluded", (json_int_t)emp.concluded, "hired",
				      (json_int_t)emp.hired, "percent", pct < 0 ? json_null() : json_integer(pct)));
	return api_send(r, 200, j);
}

static int
edit_page(struct req *r, const struct employer *shown, bool posted, const struct form_errors *e, int64_t version,
	  const char *stale)
{
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Edit the employer"), shown->name));
	page_heading(r, "h1", NULL, T(r, "Edit the employer"));
	if (stale != NULL)
		page_para(r, "notice", stale);
	int rc = employer_form(r, arena_printf(r->a, "/employers/%lld", (long long)req_param_id(r, 0)), shown, posted, e,
			       version, N_("Save changes"));
	if (rc != SC_OK)
		return rc;
	return page_end(r);
}

/* GET /employers/:id/edit: the edit form at the version read. */
static int
h_employer_edit(struct req *r)
{
	struct actor actor = req_actor(r);
	struct employer emp;
	struct outcome out;
	int rc = app_employer_get(req_db(r), r->a, &actor, req_param_id(r, 0), &emp, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	return edit_page(r, &emp, false, NULL, emp.version, NULL);
}

/* POST /employers/:id and /api/v1/employers/:id: a version-checked save. */
static int
h_employer_update(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	struct employer in;
	struct outcome out;
	int64_t id = req_param_id(r, 0);
	int rc = app_employer_get(req_db(r), r->a, &actor, id, &in, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct form_errors e = {0};
	if (!input_read_update(r, employer_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	if (e.n == 0) {
		rc = app_employer_update(req_db(r), r->a, &actor, id, version, &in, &out);
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			rc = app_employer_check(req_db(r), &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, employer_fields);
		outcome_form_errors(r, &out, &e);
		duplicate_error(r, &out, &e);
		form_errors_order(&e, employer_fields);
		r->status = outcome_status(&out);
		if (out.refusal == REFUSED_STALE)
			return edit_page(r, &in, true, &e, out.version, outcome_message(r, &out));
		return edit_page(r, &in, true, &e, version, NULL);
	}
	struct employer saved;
	struct outcome got;
	rc = app_employer_get(req_db(r), r->a, &actor, id, &saved, &got);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 200, employer_json(&saved), arena_printf(r->a, "/employers/%lld", (long long)id), "saved");
}

/* POST /employers/:id/contacts and its /api/v1/ twin. */
static int
h_contact_add(struct req *r)
{
	struct actor actor = req_actor(r);
	struct employer emp;
	struct outcome out;
	int64_t id = req_param_id(r, 0);
	int rc = app_employer_get(req_db(r), r->a, &actor, id, &emp, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct employer_contact in;
	fields_clear(employer_contact_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, employer_contact_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_contact_add(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			fields_check_required(employer_contact_fields, &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, employer_contact_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, employer_contact_fields);
		r->status = outcome_status(&out);
		return employer_page(r, &actor, &emp, &in, &e, NULL, NULL);
	}
	/* the stored row, as a GET answers it (its version) */
	struct employer_contact saved;
	rc = app_contact_get(req_db(r), r->a, &actor, id, in.id, &saved, &out);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 201, record_json_texts(employer_contact_fields, &saved, PARTS_ALL),
			   arena_printf(r->a, "/employers/%lld#contacts", (long long)id), "saved");
}

/* ---- a contact: edit and delete (decision 73) ---- */

/* The contact's page: the edit form at the version read, and deleting. */
static int
contact_page(struct req *r, const struct employer *emp, const struct employer_contact *shown, int64_t id,
	     int64_t version, bool posted, const struct form_errors *e, const char *notice,
	     const struct placement_list *blocking)
{
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Edit the contact"), emp->name));
	html_lit(o, "<p class=\"no-print\"><a href=\"/employers/");
	html_int(o, emp->id);
	html_lit(o, "#contacts\">");
	html_text(o, arena_printf(r->a, "%s: %s", T(r, "Back to the employer"), emp->name));
	html_lit(o, "</a></p>");
	page_heading(r, "h1", NULL, T(r, "Edit the contact"));
	if (notice != NULL) {
		html_lit(o, "<div class=\"notice\" id=\"contact-notice\" role=\"alert\"><p>");
		html_text(o, notice);
		html_lit(o, "</p>");
		if (blocking != NULL && blocking->n > 0) {
			html_lit(o, "<ul>");
			for (size_t i = 0; i < blocking->n; i++) {
				const struct placement *p = &blocking->items[i];
				html_lit(o, "<li><a href=\"/placements/");
				html_int(o, p->id);
				html_lit(o, "\">");
				html_text(o, case_name(r, p->given_name, p->family_name));
				html_lit(o, "</a>");
				html_text(o, arena_printf(r->a, " (%s, %s)", page_or_dash(placement_period_text(r, p)), placement_status_label(r, p)));
				html_lit(o, "</li>");
			}
			html_lit(o, "</ul>");
		}
		html_lit(o, "</div>");
	}
	static const struct field_ui cui[] = {
		{.key = "phone", .control = "tel", .autocomplete = "off"},
		{.key = "email", .control = "email", .autocomplete = "off"},
		{0},
	};
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/employers/");
	html_int(o, emp->id);
	html_lit(o, "/contacts/");
	html_int(o, id);
	html_lit(o, "\" id=\"contact-edit-form\" novalidate>");
	form_csrf(r);
	form_hidden_version(r, version);
	form_fields(r, employer_contact_fields, shown, posted, cui, e);
	page_button(r, N_("Save changes"));
	html_lit(o, "</form><section aria-labelledby=\"delete\">");
	page_heading(r, "h2", "delete", T(r, "Delete the contact"));
	page_para(r, "muted", T(r, "A contact who is the workplace supervisor on a placement that is not over cannot be "
			      "deleted. One named only on placements that are over is kept for them, but no longer "
			      "listed or chosen."));
	html_lit(o, "<form method=\"post\" action=\"/employers/");
	html_int(o, emp->id);
	html_lit(o, "/contacts/");
	html_int(o, id);
	html_lit(o, "/delete\" id=\"contact-delete-form\">");
	form_csrf(r);
	html_lit(o, "<button type=\"submit\" class=\"danger\">");
	html_text(o, T(r, "Delete the contact"));
	html_lit(o, "</button></form></section>");
	return page_end(r);
}

/* The employer of the route (its first id) and the contact (its second):
 * false with the answer sent (404) when either is not found. */
static bool
contact_of_route(struct req *r, const struct actor *actor, struct employer *emp, struct employer_contact *c, int *rc)
{
	struct outcome out;
	*rc = app_employer_get(req_db(r), r->a, actor, req_param_id(r, 0), emp, &out);
	if (*rc == SC_OK && out.refusal == DONE)
		*rc = app_contact_get(req_db(r), r->a, actor, emp->id, req_param_id(r, 1), c, &out);
	if (*rc != SC_OK)
		return false;
	if (out.refusal != DONE) {
		*rc = req_error(r, 404, NULL);
		return false;
	}
	return true;
}

/* GET /employers/:id/contacts/:cid and its /api/v1/ twin. */
static int
h_contact(struct req *r)
{
	struct actor actor = req_actor(r);
	struct employer emp;
	struct employer_contact c;
	int rc;
	if (!contact_of_route(r, &actor, &emp, &c, &rc))
		return rc;
	if (r->wants_json)
		return api_send(r, 200, record_json_texts(employer_contact_fields, &c, PARTS_ALL));
	if (!internships_may_write(r, RES_EMPLOYERS))
		return req_error(r, 403, NULL);
	return contact_page(r, &emp, &c, c.id, c.version, false, NULL, NULL, NULL);
}

/* POST /employers/:id/contacts/:cid and its /api/v1/ twin: a
 * version-checked save. */
static int
h_contact_update(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	struct employer emp;
	struct employer_contact in;
	int rc;
	if (!contact_of_route(r, &actor, &emp, &in, &rc))
		return rc;
	int64_t id = in.id;
	struct form_errors e = {0};
	if (!input_read_update(r, employer_contact_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	struct outcome out;
	if (e.n == 0) {
		rc = app_contact_update(req_db(r), r->a, &actor, emp.id, id, version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			fields_check_required(employer_contact_fields, &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, employer_contact_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, employer_contact_fields);
		r->status = outcome_status(&out);
		if (out.refusal == REFUSED_STALE)
			return contact_page(r, &emp, &in, id, out.version, true, &e, outcome_message(r, &out), NULL);
		return contact_page(r, &emp, &in, id, version, true, &e, NULL, NULL);
	}
	struct employer_contact saved;
	rc = app_contact_get(req_db(r), r->a, &actor, emp.id, id, &saved, &out);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 200, record_json_texts(employer_contact_fields, &saved, PARTS_ALL),
			   arena_printf(r->a, "/employers/%lld#contacts", (long long)emp.id), "saved");
}

/* POST /employers/:id/contacts/:cid/delete and its /api/v1/ twin: refused
 * naming the placements not over that it supervises; else deleted (or
 * kept for the placements over, no longer a contact). */
static int
h_contact_delete(struct req *r)
{
	int nobody = SC_OK;
	if (!api_no_body(r, &nobody))
		return nobody;
	struct actor actor = req_actor(r);
	struct employer emp;
	struct employer_contact c;
	int rc;
	if (!contact_of_route(r, &actor, &emp, &c, &rc))
		return rc;
	struct placement_list blocking;
	struct outcome out;
	rc = app_contact_delete(req_db(r), r->a, &actor, emp.id, c.id, &blocking, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		/* the message names the placements: participant, period, status */
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < blocking.n; i++) {
			const struct placement *p = &blocking.items[i];
			buf_printf(&names, "%s%s (%s, %s)", i > 0 ? "; " : "", case_name(r, p->given_name, p->family_name),
				   page_or_dash(placement_period_text(r, p)), placement_status_label(r, p));
		}
		const char *msg = arena_printf(r->a, T(r, out.message), names.data != NULL ? names.data : "");
		buf_free(&names);
		if (r->wants_json) {
			json_t *ids = json_array();
			for (size_t i = 0; i < blocking.n; i++)
				json_array_append_new(ids, json_integer(blocking.items[i].id));
			json_t *err = json_pack("{s:s, s:s, s:o, s:o}", "code", "conflict", "message", msg, "fields",
						json_object(), "placements", ids);
			return api_send(r, 409, json_pack("{s:o}", "error", err));
		}
		r->status = 409;
		return contact_page(r, &emp, &c, c.id, c.version, false, NULL, msg, &blocking);
	}
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)c.id, "kept", out.version == 1));
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/employers/%lld#contacts", (long long)emp.id));
}

const struct route employers_routes[] = {
	BOTH(GET_HEAD, "/employers", "/api/v1/employers", h_employers, NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/employers", "/api/v1/employers", h_employer_create, NEED(RES_EMPLOYERS, ACT_WRITE)),
	PAGE(GET_HEAD, "/employers/:id/edit", h_employer_edit, NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(M_POST, "/employers/:id/contacts", "/api/v1/employers/:id/contacts", h_contact_add,
	     NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(M_POST, "/employers/:id/contacts/:cid/delete", "/api/v1/employers/:id/contacts/:cid/delete",
	     h_contact_delete, NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(GET_HEAD, "/employers/:id/contacts/:cid", "/api/v1/employers/:id/contacts/:cid", h_contact,
	     NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/employers/:id/contacts/:cid", "/api/v1/employers/:id/contacts/:cid", h_contact_update,
	     NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(GET_HEAD, "/employers/:id", "/api/v1/employers/:id", h_employer, NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/employers/:id", "/api/v1/employers/:id", h_employer_update, NEED(RES_EMPLOYERS, ACT_WRITE)),
	ROUTES_END
};
