/*
 * internships.c — the employer register and placements (issue 10;
 * decision 39): the register with its search and the form to register an
 * employer; an employer's page (details, contacts, placements, the form
 * to propose a placement) and its edit form, version-checked; the
 * placements list; a placement's page (its derived status, the terms, the
 * approvals with the centre last, withdrawing, ending early, its history)
 * and its printable agreement. Every page has its /api/v1/ twin: one
 * handler, answering as the route says (routes.h). The commands are
 * app/employer.c and app/placement.c, which check who may and audit.
 */
#include "case.h"
#include "internships.h"
#include "jobs.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/employer.h"
#include "app/placement.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <pthread.h>
#include <string.h>

#define EMPLOYERS_PER_PAGE 50
#define PLACEMENTS_PER_PAGE 50

/* ---- small pieces ---- */


/* The participant's page lists the centre's employers to propose a
 * placement with, up to this many; beyond, the employer's page proposes. */
#define EMPLOYER_CHOICES_MAX 200

static const char *
moment_text(struct req *r, int64_t t)
{
	if (t <= 0 || t == FIELD_NONE)
		return "";
	char s[32];
	time_format_local(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

static const char *
or_dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "\xE2\x80\x94";
}

/* s percent-encoded for a query string. */
static const char *
url_part(struct req *r, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s);
	char *out = arena_alloc(r->a, len * 3 + 1);
	if (out == NULL)
		return "";
	char *w = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.') {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return out;
}

/* <dt>label</dt><dd>value</dd> */
static void
dl_row(struct req *r, const char *label, const char *value)
{
	struct buf *o = &r->out;
	html_lit(o, "<dt>");
	html_text(o, T(r, label));
	html_lit(o, "</dt><dd>");
	html_text(o, or_dash(value));
	html_lit(o, "</dd>");
}

static void
dl_lines(struct req *r, const char *label, const char *value)
{
	struct buf *o = &r->out;
	html_lit(o, "<dt>");
	html_text(o, T(r, label));
	html_lit(o, "</dt><dd>");
	if (value != NULL && value[0] != '\0')
		html_lines(o, value);
	else
		html_text(o, "\xE2\x80\x94");
	html_lit(o, "</dd>");
}

/* The hidden version of an edit form. */
static void
hidden_version(struct req *r, int64_t version)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(&r->out, version);
	html_lit(&r->out, "\">");
}

/* The version a save was made from: the form's hidden field, or the JSON
 * member (its type checked into types). 0 when none. */
static int64_t
version_of(struct req *r, struct form_errors *types)
{
	int64_t version = 0;
	if (!r->wants_json)
		return parse_int64(req_field(r, "version"), 1, INT64_MAX, &version) == SC_OK ? version : 0;
	json_t *v = json_object_get(r->json, "version");
	if (v != NULL && !json_is_integer(v)) {
		form_error(r, types, "version", N_("Must be the version you read, a whole number."));
		return 0;
	}
	return v != NULL ? (int64_t)json_integer_value(v) : 0;
}

/* A refused command as JSON, or its status for a page. */
static int
refused_json(struct req *r, const struct outcome *out, struct form_errors *e, struct fields fs)
{
	outcome_form_errors(r, out, e);
	form_errors_order(e, fs);
	return answer_refused_json(r, out, e);
}

static bool
may_write(const struct req *r, enum resource res)
{
	return access_allows(r->user.roles, res, ACT_WRITE);
}

static void agreements_table(struct req *r, const struct agreement *items, size_t n);

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
		hidden_version(r, version);
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

/* GET /employers: the register, searched, and the form to register one. */
static int
employers_page(struct req *r, const char *q, int64_t page, const struct employer *shown,
	       const struct form_errors *e)
{
	struct actor actor = req_actor(r);
	struct employer *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool capped = false;
	int rc = app_employers(req_db(r), r->a, &actor, q, EMPLOYERS_PER_PAGE, (page - 1) * EMPLOYERS_PER_PAGE, &items,
			       &n, &total, &capped);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	page_begin(r, T(r, "Employers"));
	page_heading(r, "h1", NULL, T(r, "Employers"));
	html_lit(o, "<form method=\"get\" action=\"/employers\" role=\"search\" class=\"search\">");
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
			html_lit(o, "\">");
			html_text(o, items[i].name);
			html_lit(o, "</a></td><td>");
			html_text(o, items[i].orgnr);
			html_lit(o, "</td><td>");
			html_text(o, industry_text(r, &items[i]));
			html_lit(o, "</td><td>");
			html_text(o, or_dash(items[i].city));
			html_lit(o, "</td><td>");
			html_text(o, T(r, items[i].in_pool ? "Yes" : "No"));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, "/employers", q[0] ? arena_printf(r->a, "q=%s", url_part(r, q)) : "", page, total,
			   EMPLOYERS_PER_PAGE);
	}
	html_lit(o, "</section>");
	if (may_write(r, RES_EMPLOYERS)) {
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
	if (r->wants_json) {
		if (!api_paging(r, &page, &per_page, &rc))
			return rc;
	} else if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK) {
		return req_error(r, 400, NULL);
	}
	const char *q = req_qs(r, "q");
	if (!r->wants_json)
		return employers_page(r, q, page, NULL, NULL);
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
			return refused_json(r, &out, &e, employer_fields);
		}
		outcome_form_errors(r, &out, &e);
		duplicate_error(r, &out, &e);
		form_errors_order(&e, employer_fields);
		r->status = outcome_status(&out);
		return employers_page(r, "", 1, &in, &e);
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
static int
employer_page(struct req *r, const struct actor *actor, const struct employer *emp,
	      const struct employer_contact *contact_shown, const struct form_errors *contact_errors,
	      const char *propose_value, const struct form_errors *propose_errors)
{
	struct employer_contact *contacts = NULL;
	size_t ncontacts = 0;
	int rc = app_contacts(req_db(r), r->a, actor, emp->id, &contacts, &ncontacts);
	struct placement_list pl;
	if (rc == SC_OK)
		rc = app_employer_placements(req_db(r), r->a, actor, emp->id, 100, 0, true, &pl);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	page_begin(r, emp->name);
	html_lit(o, "<p class=\"no-print\"><a href=\"/employers\">");
	html_text(o, T(r, "All employers"));
	html_lit(o, "</a></p>");
	page_heading(r, "h1", NULL, emp->name);
	html_lit(o, "<dl class=\"record\" id=\"employer-details\">");
	dl_row(r, N_("Organisation number"), emp->orgnr);
	dl_row(r, N_("Industry"), industry_text(r, emp));
	dl_row(r, N_("Address"), emp->address);
	dl_row(r, N_("Postcode"), emp->postcode);
	dl_row(r, N_("City"), emp->city);
	dl_row(r, N_("In a pool agreement"), T(r, emp->in_pool ? "Yes" : "No"));
	dl_lines(r, N_("Notes"), emp->notes);
	int pct = conversion_percent(emp->concluded, emp->hired);
	dl_row(r, N_("Placements that led to a job"),
	       pct < 0 ? "" : arena_printf(r->a, "%lld / %lld (%d %%)", (long long)emp->hired,
					   (long long)emp->concluded, pct));
	html_lit(o, "</dl>");
	bool writer = may_write(r, RES_EMPLOYERS);
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
			html_text(o, or_dash(contacts[i].role));
			html_lit(o, "</td><td>");
			html_text(o, or_dash(contacts[i].phone));
			html_lit(o, "</td><td>");
			html_text(o, or_dash(contacts[i].email));
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
	if (pl.n == 0) {
		page_para(r, NULL, T(r, "No placements at this employer."));
	} else {
		html_lit(o, "<table id=\"placement-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Participant"));
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
			if (p->starts_on.y != 0)
				html_text(o, arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, p->starts_on),
							  case_date_text(r, p->ends_on)));
			else
				html_text(o, "\xE2\x80\x94");
			html_lit(o, "</td><td>");
			html_text(o, T(r, placement_status_options[p->status].label));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE)) {
		page_heading(r, "h3", NULL, T(r, "Propose a placement"));
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

/* GET /employers/:id and /api/v1/employers/:id (with its contacts). */
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
	struct employer_contact *contacts = NULL;
	size_t n = 0;
	rc = app_contacts(req_db(r), r->a, &actor, emp.id, &contacts, &n);
	if (rc != SC_OK)
		return rc;
	json_t *j = employer_json(&emp);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json_texts(employer_contact_fields, &contacts[i], PARTS_ALL));
	json_object_set_new(j, "contacts", arr);
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
	int64_t version = version_of(r, &e);
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
			return refused_json(r, &out, &e, employer_fields);
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
			return refused_json(r, &out, &e, employer_contact_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, employer_contact_fields);
		r->status = outcome_status(&out);
		return employer_page(r, &actor, &emp, &in, &e, NULL, NULL);
	}
	return answer_done(r, 201, record_json_texts(employer_contact_fields, &in, PARTS_ALL),
			   arena_printf(r->a, "/employers/%lld#contacts", (long long)id), "saved");
}

/* ---- placements ---- */

static const char *
status_label(struct req *r, const struct placement *p)
{
	return p->status >= 0 && p->status < PLACEMENT_STATUS_COUNT ? T(r, placement_status_options[p->status].label)
								    : "";
}

static const char *
period_text(struct req *r, const struct placement *p)
{
	if (p->starts_on.y == 0 && p->ends_on.y == 0)
		return "";
	return arena_printf(r->a, "%s \xE2\x80\x93 %s", p->starts_on.y ? case_date_text(r, p->starts_on) : "?",
			    p->ends_on.y ? case_date_text(r, p->ends_on) : "?");
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
				html_text(o, arena_printf(r->a, " (%s, %s)", or_dash(period_text(r, p)), status_label(r, p)));
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
	hidden_version(r, version);
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
	if (!may_write(r, RES_EMPLOYERS))
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
	int64_t version = version_of(r, &e);
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
			return refused_json(r, &out, &e, employer_contact_fields);
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
				   or_dash(period_text(r, p)), status_label(r, p));
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

static json_t *
placement_json(const struct placement *p)
{
	return record_json(placement_fields, p, PARTS_ALL);
}

/* GET /placements and /api/v1/placements (?status, paging). */
static int
h_placements(struct req *r)
{
	int64_t page = 1, per_page = PLACEMENTS_PER_PAGE;
	int rc = SC_OK;
	if (r->wants_json) {
		if (!api_paging(r, &page, &per_page, &rc))
			return rc;
	} else if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK) {
		return req_error(r, 400, NULL);
	}
	const char *status = req_qs(r, "status");
	if (status[0] != '\0') {
		bool known = false;
		for (int i = 0; i < PLACEMENT_STATUS_COUNT && !known; i++)
			known = strcmp(status, placement_status_options[i].key) == 0;
		if (!known)
			return r->wants_json ? api_error(r, 400, "invalid", T(r, "Choose one of the statuses."), NULL)
					     : req_error(r, 400, NULL);
	}
	struct actor actor = req_actor(r);
	struct placement_list pl;
	rc = app_placements(req_db(r), r->a, &actor, status, per_page, (page - 1) * per_page, &pl);
	if (rc != SC_OK)
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
			html_text(o, or_dash(period_text(r, p)));
			html_lit(o, "</td><td>");
			html_text(o, status_label(r, p));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, "/placements", status[0] ? arena_printf(r->a, "status=%s", url_part(r, status)) : "",
			   page, pl.total, PLACEMENTS_PER_PAGE);
	}
	return page_end(r);
}

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
			return refused_json(r, &out, &e, placement_new_fields);
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
	struct placement p;
	rc = app_placement_load(req_db(r), r->a, &actor, in.id, ACT_READ, &p, &out);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 201, placement_json(&p), arena_printf(r->a, "/placements/%lld", (long long)in.id),
			   "saved");
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
		rc = app_placement_follow_ups(db, r->a, actor, &people, &np);
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
	bool writer = access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE);
	const char *name = case_name(r, p->given_name, p->family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s \xE2\x80\x93 %s", T(r, "Placement"), name,
				   p->employer_name));
	html_lit(o, "<h1>");
	html_text(o, arena_printf(r->a, "%s: %s", T(r, "Placement"), name));
	html_lit(o, "</h1><p>");
	html_text(o, T(r, "Status"));
	html_lit(o, ": <strong class=\"status\" id=\"placement-status\">");
	html_text(o, status_label(r, p));
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
	dl_row(r, N_("Period"), period_text(r, p));
	dl_row(r, N_("Workplace supervisor"), p->supervisor_name);
	dl_row(r, N_("Follow-up person"), p->follow_up_name);
	dl_row(r, N_("Hours a week"), p->hours_per_week != FIELD_NONE ? case_id(r, p->hours_per_week) : "");
	dl_row(r, N_("Days a week"), p->days_per_week != FIELD_NONE ? case_id(r, p->days_per_week) : "");
	dl_row(r, N_("Working hours"), p->schedule);
	dl_lines(r, N_("Tasks"), p->tasks);
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
		hidden_version(r, p->version);
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
			html_text(o, or_dash(ap->recorded_by));
			html_lit(o, "</td><td>");
			html_text(o, or_dash(ap->approver[0] ? ap->approver : ap->reason));
			html_lit(o, "</td><td>");
			if (ap->withdrawn_at > 0)
				html_text(o, arena_printf(r->a, "%s: %s", moment_text(r, ap->withdrawn_at),
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

	/* the history */
	html_lit(o, "<section aria-labelledby=\"history\">");
	page_heading(r, "h2", "history", T(r, "History"));
	html_lit(o, "<ol id=\"placement-history\">");
	for (size_t i = 0; i < nchanges; i++) {
		const struct internship_change *c = &changes[i];
		html_lit(o, "<li>");
		html_text(o, arena_printf(r->a, T(r, "Version %lld, %s, by %s"), (long long)c->version,
					  moment_text(r, c->at), c->user_name[0] ? c->user_name : T(r, "the system")));
		html_lit(o, ": ");
		if (c->nvalues == 0) {
			html_text(o, c->fields[0] ? c->fields : T(r, "proposed"));
		} else {
			for (size_t k = 0; k < c->nvalues; k++) {
				const struct field *fd = fields_find(placement_fields, c->values[k].field);
				if (k > 0)
					html_lit(o, "; ");
				html_text(o, arena_printf(r->a, "%s: %s \xE2\x86\x92 %s",
							  fd != NULL ? T(r, fd->label) : c->values[k].field,
							  or_dash(c->values[k].old_value), or_dash(c->values[k].new_value)));
			}
		}
		html_lit(o, "</li>");
	}
	html_lit(o, "</ol></section>");
	return page_end(r);
}

/* The placement with its approvals as JSON. */
static int
send_placement(struct req *r, const struct actor *actor, int status, const struct placement *p)
{
	struct placement_approval_row *approvals = NULL;
	size_t n = 0;
	int rc = app_placement_approvals(req_db(r), r->a, actor, p->id, &approvals, &n);
	if (rc != SC_OK)
		return rc;
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
	return api_send(r, status, j);
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
		return req_error(r, 404, NULL);
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
		return refused_json(r, out, e, fs);
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
		return req_error(r, 404, NULL);
	struct form_errors e = {0};
	if (!input_read_update(r, placement_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = version_of(r, &e);
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
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct placement_view v = {.shown = &in};
		return placement_refused(r, &actor, id, &out, &e, placement_fields, &v.terms_errors, &v);
	}
	return placement_done(r, &actor, id, 200);
}

/* POST /placements/:id/approvals and its /api/v1/ twin. */
static int
h_placement_approve(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct placement_approval in;
	fields_clear(placement_approval_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, placement_approval_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_approve(req_db(r), r->a, &actor, id, &in, &out);
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			placement_approval_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct placement_view v = {0};
		return placement_refused(r, &actor, id, &out, &e, placement_approval_fields, &v.approval_errors, &v);
	}
	return placement_done(r, &actor, id, 200);
}

/* POST /placements/:id/withdrawals and its /api/v1/ twin. */
static int
h_placement_withdraw(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct placement_withdrawal in;
	fields_clear(placement_withdrawal_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, placement_withdrawal_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_withdraw(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct placement_view v = {0};
		return placement_refused(r, &actor, id, &out, &e, placement_withdrawal_fields, &v.withdraw_errors, &v);
	}
	return placement_done(r, &actor, id, 200);
}

/* POST /placements/:id/end and its /api/v1/ twin: ended early. */
static int
h_placement_end(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct placement_ending in;
	fields_clear(placement_ending_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, placement_ending_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_end(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct placement_view v = {0};
		return placement_refused(r, &actor, id, &out, &e, placement_ending_fields, &v.end_errors, &v);
	}
	return placement_done(r, &actor, id, 200);
}

/* GET /placements/:id/agreement and its /api/v1/ twin: the agreement to
 * print and sign, in the reader's language (the switch gives the other). */
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
		return req_error(r, 404, NULL);
	if (r->wants_json)
		return send_placement(r, &actor, 200, &p);
	struct employer emp;
	rc = app_employer_get(req_db(r), r->a, &actor, p.employer_id, &emp, &out);
	if (rc != SC_OK)
		return rc;
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
	dl_row(r, N_("Participant"), arena_printf(r->a, "%s %s", p.given_name, p.family_name));
	dl_row(r, N_("Employer"), emp.name);
	dl_row(r, N_("Organisation number"), emp.orgnr);
	const char *addr = p.workplace_address != NULL && p.workplace_address[0]
		? arena_printf(r->a, "%s, %s %s", p.workplace_address, p.workplace_postcode ? p.workplace_postcode : "",
			       p.workplace_city ? p.workplace_city : "")
		: arena_printf(r->a, "%s, %s %s", emp.address ? emp.address : "", emp.postcode ? emp.postcode : "",
			       emp.city ? emp.city : "");
	dl_row(r, N_("Workplace address"), addr);
	dl_row(r, N_("Period"), period_text(r, &p));
	dl_row(r, N_("Hours a week"), p.hours_per_week != FIELD_NONE ? case_id(r, p.hours_per_week) : "");
	dl_row(r, N_("Days a week"), p.days_per_week != FIELD_NONE ? case_id(r, p.days_per_week) : "");
	dl_row(r, N_("Working hours"), p.schedule);
	dl_row(r, N_("Workplace supervisor"), p.supervisor_name);
	dl_row(r, N_("Follow-up person"), p.follow_up_name);
	dl_lines(r, N_("Tasks"), p.tasks);
	dl_lines(r, N_("Adaptations"), p.adaptations);
	dl_lines(r, N_("The participant's goal for the placement"), p.participant_goal);
	dl_row(r, N_("Status"), status_label(r, &p));
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
			html_text(o, or_dash(visits[i].with_whom));
			html_lit(o, "</td><td>");
			html_lines(o, visits[i].notes != NULL ? visits[i].notes : "");
			html_lit(o, "</td><td>");
			html_lines(o, visits[i].actions != NULL ? visits[i].actions : "");
			html_lit(o, "</td><td>");
			html_text(o, or_dash(field_shown(r, next, &visits[i])));
			html_lit(o, "</td><td>");
			html_text(o, or_dash(visits[i].author_name));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE) && p->status >= PLACEMENT_AGREED) {
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
		return req_error(r, 404, NULL);
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
		if (!e.mistyped)
			placement_visit_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct placement_view v = {0};
		return placement_refused(r, &actor, id, &out, &e, placement_visit_fields, &v.visit_errors, &v);
	}
	if (r->wants_json)
		return api_send(r, 201, record_json(placement_visit_fields, &in, PARTS_ALL));
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/placements/%lld#follow-up", (long long)id));
}

/* ---- evaluations and the supervisor's link ---- */

static const char *
link_url(struct req *r, const char *token)
{
	const char *host = req_in_header(r, "Host");
	return arena_printf(r->a, "%s://%s/evaluate/%s", r->app->cfg.http_cookie_secure ? "https" : "http",
			    host != NULL ? host : "localhost", token);
}

static void
evaluations_table(struct req *r, const struct placement_evaluation *items, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"evaluation-list\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Evaluation"));
	html_lit(o, "</th>");
	for (int c = 0; c < EVALUATION_CRITERIA; c++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, fields_find(placement_evaluation_fields, evaluation_criteria[c])->label));
		html_lit(o, "</th>");
	}
	html_lit(o, "<th scope=\"col\">");
	html_text(o, T(r, "Strengths"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "What to work on"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Evaluated by"));
	html_lit(o, "</th></tr></thead><tbody>");
	const struct field *kind = fields_find(placement_evaluation_fields, "kind");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, field_shown(r, kind, &items[i]));
		html_lit(o, " (");
		html_text(o, case_date_text(r, items[i].evaluated_on));
		html_lit(o, ")</td>");
		for (int c = 0; c < EVALUATION_CRITERIA; c++) {
			int v = evaluation_rating(&items[i], c);
			html_lit(o, "<td>");
			html_text(o, v >= 0 && v < RATING_COUNT ? T(r, rating_options[v].label) : "");
			html_lit(o, "</td>");
		}
		html_lit(o, "<td>");
		html_lines(o, items[i].strengths != NULL ? items[i].strengths : "");
		html_lit(o, "</td><td>");
		html_lines(o, items[i].to_work_on != NULL ? items[i].to_work_on : "");
		html_lit(o, "</td><td>");
		html_text(o, or_dash(items[i].evaluator));
		if (items[i].source == EVAL_BY_EMPLOYER) {
			html_lit(o, " (");
			html_text(o, T(r, "through the link"));
			html_lit(o, ")");
		}
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

static int
evaluations_page(struct req *r, const struct actor *actor, const struct placement *p, const char *new_link,
		 const struct placement_evaluation *shown, const struct form_errors *e, const char *notice)
{
	struct placement_evaluation *items = NULL;
	size_t n = 0;
	struct evaluation_link *links = NULL;
	size_t nl = 0;
	int rc = app_placement_evaluations(req_db(r), r->a, actor, p->id, &items, &n);
	if (rc == SC_OK)
		rc = app_evaluation_links(req_db(r), r->a, actor, p->id, &links, &nl);
	if (rc != SC_OK)
		return rc;
	const char *name = case_name(r, p->given_name, p->family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Evaluations"), name));
	html_lit(o, "<p><a href=\"/placements/");
	html_int(o, p->id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the placement"));
	html_lit(o, "</a></p><h1>");
	html_text(o, arena_printf(r->a, "%s: %s, %s", T(r, "Evaluations"), name, p->employer_name));
	html_lit(o, "</h1>");
	if (notice != NULL)
		page_para(r, "notice", notice);
	if (new_link != NULL) {
		html_lit(o, "<div class=\"notice\" id=\"new-link\"><p>");
		html_text(o, T(r, "Copy this link into an e-mail to the workplace supervisor. It opens only this trainee's evaluation form, works for 14 days and can be used once. It is shown only now."));
		html_lit(o, "</p><p><label for=\"link-url\">");
		html_text(o, T(r, "The supervisor's link"));
		html_lit(o, "</label> <input id=\"link-url\" type=\"text\" readonly size=\"70\" value=\"");
		html_text(o, new_link);
		html_lit(o, "\"></p></div>");
	}
	if (n == 0)
		page_para(r, NULL, T(r, "No evaluations have been recorded."));
	else
		evaluations_table(r, items, n);
	bool writer = access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE);
	html_lit(o, "<section aria-labelledby=\"links\">");
	page_heading(r, "h2", "links", T(r, "The supervisor's links"));
	if (nl > 0) {
		html_lit(o, "<table id=\"link-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Evaluation"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Made"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "State"));
		html_lit(o, "</th><th scope=\"col\"><span class=\"visually-hidden\">");
		html_text(o, T(r, "Actions"));
		html_lit(o, "</span></th></tr></thead><tbody>");
		for (size_t i = 0; i < nl; i++) {
			enum link_state st = evaluation_link_state(&links[i], actor->now);
			html_lit(o, "<tr><td>");
			html_text(o, T(r, evaluation_kind_options[links[i].kind].label));
			html_lit(o, "</td><td>");
			html_text(o, moment_text(r, links[i].created_at));
			html_lit(o, "</td><td>");
			html_text(o, st == LINK_VALID ? T(r, links[i].opened_at > 0 ? "Opened, not sent yet" : "Not opened yet")
						      : T(r, evaluation_link_message(st)));
			html_lit(o, "</td><td>");
			if (st == LINK_VALID && writer) {
				html_lit(o, "<form method=\"post\" action=\"/placements/");
				html_int(o, p->id);
				html_lit(o, "/links/");
				html_int(o, links[i].id);
				html_lit(o, "/revoke\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\">");
				html_text(o, T(r, "Withdraw the link"));
				html_lit(o, "</button></form>");
			}
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (writer && p->status >= PLACEMENT_ACTIVE) {
		const char *keys[EVAL_KIND_COUNT], *labels[EVAL_KIND_COUNT];
		for (int i = 0; i < EVAL_KIND_COUNT; i++) {
			keys[i] = evaluation_kind_options[i].key;
			labels[i] = evaluation_kind_options[i].label;
		}
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/links\" id=\"link-form\" novalidate>");
		form_csrf(r);
		form_select(r, NULL, "link-kind", "kind", T(r, "Evaluation"), keys, labels, EVAL_KIND_COUNT,
			    p->evaluated_mid ? "end" : "mid", NULL);
		page_button(r, N_("Make a link for the supervisor"));
		html_lit(o, "</form>");
	} else if (p->status < PLACEMENT_ACTIVE) {
		page_para(r, "muted", T(r, "A trainee is evaluated once the placement has started."));
	}
	html_lit(o, "</section>");
	if (writer && p->status >= PLACEMENT_ACTIVE) {
		html_lit(o, "<section aria-labelledby=\"record-evaluation\">");
		page_heading(r, "h2", "record-evaluation", T(r, "Record an evaluation"));
		struct placement_evaluation blank;
		if (shown == NULL) {
			fields_clear(placement_evaluation_fields, &blank);
			blank.evaluated_on = actor->today;
			shown = &blank;
		}
		static const struct field_ui eui[] = {
			{.key = "kind", .control = "radio"}, {.key = "punctuality", .control = "radio"},
			{.key = "norwegian", .control = "radio"}, {.key = "understanding", .control = "radio"},
			{.key = "quality", .control = "radio"}, {.key = "cooperation", .control = "radio"},
			{.key = "initiative", .control = "radio"}, {.key = "strengths", .rows = 2},
			{.key = "to_work_on", .rows = 2}, {0},
		};
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/evaluations\" id=\"evaluation-form\" novalidate>");
		form_csrf(r);
		form_fields(r, placement_evaluation_fields, shown, e != NULL, eui, e);
		page_button(r, N_("Save evaluation"));
		html_lit(o, "</form></section>");
	}
	return page_end(r);
}

static json_t *
link_json(const struct evaluation_link *l, int64_t now)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:s}", "id", (json_int_t)l->id, "kind",
			 evaluation_kind_options[l->kind].key, "created_at", (json_int_t)l->created_at, "expires_at",
			 (json_int_t)l->expires_at, "state", evaluation_link_state_key(evaluation_link_state(l, now)));
}

static int
evaluations_json(struct req *r, const struct actor *actor, int64_t id, int status, json_t *extra)
{
	struct placement_evaluation *items = NULL;
	size_t n = 0;
	struct evaluation_link *links = NULL;
	size_t nl = 0;
	int rc = app_placement_evaluations(req_db(r), r->a, actor, id, &items, &n);
	if (rc == SC_OK)
		rc = app_evaluation_links(req_db(r), r->a, actor, id, &links, &nl);
	if (rc != SC_OK) {
		json_decref(extra);
		return rc;
	}
	json_t *arr = json_array(), *larr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(placement_evaluation_fields, &items[i], PARTS_ALL));
	for (size_t i = 0; i < nl; i++)
		json_array_append_new(larr, link_json(&links[i], actor->now));
	json_t *j = json_pack("{s:o, s:o}", "items", arr, "links", larr);
	if (extra != NULL)
		json_object_update(j, extra), json_decref(extra);
	return api_send(r, status, j);
}

/* GET /placements/:id/evaluations and its /api/v1/ twin. */
static int
h_evaluations(struct req *r)
{
	struct actor actor = req_actor(r);
	struct placement p;
	struct outcome out;
	int rc = app_placement_get(req_db(r), r->a, &actor, req_param_id(r, 0), &p, NULL, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	if (r->wants_json)
		return evaluations_json(r, &actor, p.id, 200, NULL);
	return evaluations_page(r, &actor, &p, NULL, NULL, NULL, NULL);
}

/* POST /placements/:id/evaluations and its /api/v1/ twin: the staff's. */
static int
h_evaluation_add(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct placement_evaluation in;
	fields_clear(placement_evaluation_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, placement_evaluation_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_evaluation_add(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			evaluation_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return refused_json(r, &out, &e, placement_evaluation_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, placement_evaluation_fields);
		r->status = outcome_status(&out);
		return evaluations_page(r, &actor, &p, NULL, &in, out.refusal == REFUSED_INVALID ? &e : NULL,
					out.refusal == REFUSED_INVALID ? NULL : outcome_message(r, &out));
	}
	if (r->wants_json)
		return api_send(r, 201, record_json(placement_evaluation_fields, &in, PARTS_ALL));
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/placements/%lld/evaluations", (long long)id));
}

/* POST /placements/:id/links and its /api/v1/ twin: the page (or JSON)
 * shows the link once. */
static int
h_link_create(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct placement_evaluation in;
	fields_clear(placement_evaluation_fields, &in);
	struct form_errors e = {0};
	static const struct field kind_only[] = {
		{.key = "kind", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = offsetof(struct placement_evaluation, kind),
		 .label = N_("Evaluation"), .options = evaluation_kind_options, .noptions = EVAL_KIND_COUNT,
		 .missing = N_("Choose the mid-point or the final evaluation."),
		 .invalid = N_("Choose the mid-point or the final evaluation."), .part = -1},
	};
	const struct fields kf = FIELDS(kind_only);
	if (!input_read(r, kf, &in, NULL, &e, &rc))
		return rc;
	char token[65];
	if (e.n == 0) {
		fields_check_required(kf, &in, &out.errors);
		if (out.errors.n > 0) {
			out.refusal = REFUSED_INVALID;
		} else {
			rc = app_evaluation_link_create(req_db(r), r->a, &actor, id, in.kind, token, &out);
			if (rc != SC_OK)
				return rc;
		}
	} else {
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return refused_json(r, &out, &e, kf);
		outcome_form_errors(r, &out, &e);
		r->status = outcome_status(&out);
		return evaluations_page(r, &actor, &p, NULL, NULL, NULL,
					out.message != NULL ? outcome_message(r, &out) : (e.n > 0 ? e.message[0] : NULL));
	}
	const char *url = link_url(r, token);
	if (r->wants_json)
		return evaluations_json(r, &actor, id, 201,
					json_pack("{s:s, s:s, s:I}", "url", url, "token", token, "link_id", (json_int_t)out.id));
	r->status = 201;
	return evaluations_page(r, &actor, &p, url, NULL, NULL, NULL);
}

/* POST /placements/:id/links/:lid/revoke and its /api/v1/ twin. */
static int
h_link_revoke(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct outcome out;
	int rc = app_evaluation_link_revoke(req_db(r), r->a, &actor, id, req_param_id(r, 1), &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE) {
		if (r->wants_json && out.message != NULL)
			return api_error(r, 404, "not_found", outcome_message(r, &out), NULL);
		return req_error(r, 404, NULL);
	}
	if (r->wants_json)
		return evaluations_json(r, &actor, id, 200, NULL);
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/placements/%lld/evaluations", (long long)id));
}

/* ---- the supervisor's form through a link: no account ---- */

/* At most LINK_RATE_MAX requests to the links from one address in
 * LINK_RATE_WINDOW seconds (a token cannot be guessed, and trying is
 * slowed further). */
#define LINK_RATE_SLOTS 512
#define LINK_RATE_WINDOW 600
#define LINK_RATE_MAX 30
struct link_rate_slot {
	char address[64];
	int64_t start;
	int count;
};
static struct link_rate_slot link_rate[LINK_RATE_SLOTS];
static pthread_mutex_t link_rate_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
link_rate_ok(const char *address, int64_t now, int64_t *retry)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *c = (const unsigned char *)address; *c; c++)
		h = (h ^ *c) * 16777619u;
	pthread_mutex_lock(&link_rate_lock);
	struct link_rate_slot *s = &link_rate[h % LINK_RATE_SLOTS];
	if (strcmp(s->address, address) != 0 || now - s->start >= LINK_RATE_WINDOW) {
		snprintf(s->address, sizeof s->address, "%s", address);
		s->start = now;
		s->count = 0;
	}
	s->count++;
	bool ok = s->count <= LINK_RATE_MAX;
	*retry = s->start + LINK_RATE_WINDOW - now;
	pthread_mutex_unlock(&link_rate_lock);
	return ok;
}

static int
too_many(struct req *r, int64_t retry)
{
	req_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)(retry > 0 ? retry : 1)));
	if (r->wants_json)
		return api_error(r, 429, "rate_limited", T(r, "Too many tries from this address. Try again later."), NULL);
	return req_error(r, 429, T(r, "Too many tries from this address. Try again later."));
}

static int
link_page(struct req *r, const char *token, const struct evaluation_link_view *v,
	  const struct placement_evaluation *shown, const struct form_errors *e)
{
	struct buf *o = &r->out;
	page_begin(r, T(r, "Evaluation of a trainee"));
	page_heading(r, "h1", NULL, T(r, "Evaluation of a trainee"));
	if (v->state != LINK_VALID) {
		page_para(r, "notice", T(r, evaluation_link_message(v->state)));
		return page_end(r);
	}
	html_lit(o, "<dl class=\"record\">");
	dl_row(r, N_("Trainee"), v->given_name);
	dl_row(r, N_("Workplace"), v->employer_name);
	dl_row(r, N_("Period"), arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, v->starts_on),
					      case_date_text(r, v->ends_on)));
	dl_row(r, N_("Evaluation"), T(r, evaluation_kind_options[v->kind].label));
	html_lit(o, "</dl>");
	page_para(r, "muted", T(r, "Rate each point from 1 (weak) to 5 (very good), or choose not seen. The link can be used once: check before you send."));
	struct placement_evaluation blank;
	if (shown == NULL) {
		fields_clear(evaluation_link_form_fields, &blank);
		shown = &blank;
	}
	static const struct field_ui lui[] = {
		{.key = "punctuality", .control = "radio"}, {.key = "norwegian", .control = "radio"},
		{.key = "understanding", .control = "radio"}, {.key = "quality", .control = "radio"},
		{.key = "cooperation", .control = "radio"}, {.key = "initiative", .control = "radio"},
		{.key = "strengths", .rows = 3}, {.key = "to_work_on", .rows = 3},
		{.key = "evaluator", .autocomplete = "name"}, {0},
	};
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/evaluate/");
	html_text(o, token);
	html_lit(o, "\" id=\"link-evaluation-form\" novalidate>");
	form_csrf(r);
	form_fields(r, evaluation_link_form_fields, shown, e != NULL, lui, e);
	page_button(r, N_("Send the evaluation"));
	html_lit(o, "</form>");
	return page_end(r);
}

static json_t *
link_view_json(const struct evaluation_link_view *v)
{
	if (v->state != LINK_VALID)
		return json_pack("{s:s}", "state", evaluation_link_state_key(v->state));
	char from[11], to[11];
	date_format(v->starts_on, from);
	date_format(v->ends_on, to);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "state", "valid", "kind",
			 evaluation_kind_options[v->kind].key, "given_name", v->given_name, "employer_name",
			 v->employer_name, "starts_on", from, "ends_on", to);
}

/* GET /evaluate/:token and /api/v1/evaluate/:token. */
static int
h_link_open(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t retry = 0;
	if (!link_rate_ok(r->address, actor.now, &retry))
		return too_many(r, retry);
	auth_ensure_pre_token(r);
	req_header(r, "Referrer-Policy", "no-referrer");
	struct evaluation_link_view v;
	int rc = app_evaluation_link_open(req_db(r), r->a, req_param(r, 0), r->address, actor.now, actor.today, &v);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json) {
		if (v.state != LINK_VALID)
			return api_error(r, 404, evaluation_link_state_key(v.state), T(r, evaluation_link_message(v.state)),
					 NULL);
		return api_send(r, 200, link_view_json(&v));
	}
	if (v.state != LINK_VALID)
		r->status = 404;
	return link_page(r, req_param(r, 0), &v, NULL, NULL);
}

/* POST /evaluate/:token and /api/v1/evaluate/:token. */
static int
h_link_submit(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t retry = 0;
	if (!link_rate_ok(r->address, actor.now, &retry))
		return too_many(r, retry);
	req_header(r, "Referrer-Policy", "no-referrer");
	struct placement_evaluation in;
	fields_clear(placement_evaluation_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, evaluation_link_form_fields, &in, NULL, &e, &rc))
		return rc;
	struct evaluation_link_view v;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_evaluation_link_submit(req_db(r), r->a, req_param(r, 0), r->address, actor.now, actor.today, &in,
						&v, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* the link's state first: a form for a dead link is not asked
		 * again; nothing is submitted */
		rc = app_evaluation_link_view(req_db(r), r->a, req_param(r, 0), actor.now, actor.today, &v);
		if (rc != SC_OK)
			return rc;
		if (v.state != LINK_VALID) {
			out.refusal = REFUSED_NOT_FOUND;
		} else {
			if (!e.mistyped)
				fields_check_required(evaluation_link_form_fields, &in, &out.errors);
			out.refusal = REFUSED_INVALID;
		}
	}
	if (out.refusal == REFUSED_NOT_FOUND) {
		if (r->wants_json)
			return api_error(r, 404, evaluation_link_state_key(v.state), T(r, evaluation_link_message(v.state)),
					 NULL);
		r->status = 404;
		return link_page(r, req_param(r, 0), &v, NULL, NULL);
	}
	if (out.refusal != DONE) {
		if (r->wants_json)
			return refused_json(r, &out, &e, evaluation_link_form_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, evaluation_link_form_fields);
		r->status = outcome_status(&out);
		if (out.refusal != REFUSED_INVALID) {
			page_begin(r, T(r, "Evaluation of a trainee"));
			page_para(r, "notice", outcome_message(r, &out));
			return page_end(r);
		}
		return link_page(r, req_param(r, 0), &v, &in, &e);
	}
	if (r->wants_json)
		return api_send(r, 201, json_pack("{s:s}", "state", "used"));
	r->status = 201;
	page_begin(r, T(r, "Evaluation of a trainee"));
	page_heading(r, "h1", NULL, T(r, "Thank you!"));
	page_para(r, "flash", T(r, "The evaluation has been sent to the centre."));
	return page_end(r);
}

/* ---- the result and the job ---- */

static int
result_page(struct req *r, const struct actor *actor, const struct placement *p,
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
		dl_row(r, N_("Result"), T(r, placement_result_options[p->result].label));
		dl_row(r, N_("Result recorded"), case_date_text(r, p->result_on));
		dl_lines(r, N_("Note"), p->result_note);
		html_lit(o, "</dl>");
		const struct field *kind = fields_find(employment_fields, "kind");
		const struct field *wage = fields_find(employment_fields, "wage_ore");
		for (size_t i = 0; i < njobs; i++) {
			html_lit(o, "<h2>");
			html_text(o, T(r, "Job"));
			html_lit(o, "</h2><dl class=\"record\" id=\"job\">");
			dl_row(r, N_("Job title"), jobs[i].title);
			dl_row(r, N_("Employment"), field_shown(r, kind, &jobs[i]));
			dl_row(r, N_("Percentage of full time"), arena_printf(r->a, "%lld %%", (long long)jobs[i].percent));
			dl_row(r, N_("Job starts"), case_date_text(r, jobs[i].starts_on));
			dl_row(r, N_("Wage"), field_shown(r, wage, &jobs[i]));
			html_lit(o, "</dl><p><a href=\"/jobs/");
			html_int(o, jobs[i].id);
			html_lit(o, "\">");
			html_text(o, T(r, "The job's income and end"));
			html_lit(o, "</a></p>");
		}
		if (p->result == RESULT_HIRED) {
			html_lit(o, "<p><a class=\"button\" href=\"/participants/");
			html_int(o, p->participant_id);
			html_lit(o, "/enrolment\">");
			html_text(o, T(r, "Register the exit from the programme: outcome employed"));
			html_lit(o, "</a></p>");
		}
		return page_end(r);
	}
	if (p->status < PLACEMENT_ACTIVE) {
		page_para(r, NULL, T(r, "A result is recorded once the placement has started."));
		return page_end(r);
	}
	if (!access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE))
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
	int rc = app_placement_get(req_db(r), r->a, &actor, req_param_id(r, 0), &p, NULL, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	if (!r->wants_json)
		return result_page(r, &actor, &p, NULL, NULL, NULL);
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
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct placement_result_input in;
	fields_clear(placement_result_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, placement_result_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_result(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped)
			placement_result_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return refused_json(r, &out, &e, placement_result_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, placement_result_fields);
		r->status = outcome_status(&out);
		return result_page(r, &actor, &p, &in, out.refusal == REFUSED_INVALID ? &e : NULL,
				   out.refusal == REFUSED_INVALID ? NULL : outcome_message(r, &out));
	}
	if (!r->wants_json) {
		page_flash(r, "saved");
		return req_redirect(r, arena_printf(r->a, "/placements/%lld/result", (long long)id));
	}
	return h_result(r);
}

/* ---- sections on other pages, and the liaison's home ---- */

static void
placements_table(struct req *r, const char *id, const struct placement_list *pl, bool employer_column)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"");
	html_text(o, id);
	html_lit(o, "\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, employer_column ? "Participant" : "Employer"));
	html_lit(o, "</th>");
	if (employer_column) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, "Employer"));
		html_lit(o, "</th>");
	}
	html_lit(o, "<th scope=\"col\">");
	html_text(o, T(r, "Period"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < pl->n; i++) {
		const struct placement *p = &pl->items[i];
		html_lit(o, "<tr><td><a href=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "\">");
		html_text(o, employer_column ? case_name(r, p->given_name, p->family_name) : p->employer_name);
		html_lit(o, "</a></td>");
		if (employer_column) {
			html_lit(o, "<td>");
			html_text(o, p->employer_name);
			html_lit(o, "</td>");
		}
		html_lit(o, "<td>");
		html_text(o, or_dash(period_text(r, p)));
		html_lit(o, "</td><td>");
		html_text(o, status_label(r, p));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

int
internships_participant_section(struct req *r, const struct actor *actor, const struct participant_brief *p)
{
	if (!case_allows(r, p, PART_BIT(PART_PLACEMENTS), ACT_READ))
		return SC_OK;
	struct placement_list pl;
	struct outcome out;
	int rc = app_participant_placements(req_db(r), r->a, actor, p->id, &pl, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"placements\">");
	page_heading(r, "h2", "placements", T(r, "Placements"));
	if (pl.n == 0)
		page_para(r, NULL, T(r, "No placements."));
	else
		placements_table(r, "participant-placements", &pl, false);
	rc = jobs_participant_list(r, actor, p);
	if (rc != SC_OK)
		return rc;
	if (case_allows(r, p, PART_BIT(PART_PLACEMENTS), ACT_WRITE) &&
	    access_allows(r->user.roles, RES_PLACEMENTS, ACT_WRITE)) {
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
			html_lit(o, " <a href=\"/employers\">");
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

static void
home_list(struct req *r, const char *id, const char *title, const struct placement_list *pl, const char *empty)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"");
	html_text(o, id);
	html_lit(o, "-h\">");
	page_heading(r, "h2", arena_printf(r->a, "%s-h", id), arena_printf(r->a, "%s (%lld%s)", T(r, title),
								      (long long)pl->total, pl->more ? "+" : ""));
	if (pl->n == 0)
		page_para(r, "muted", T(r, empty));
	else
		placements_table(r, id, pl, true);
	html_lit(o, "</section>");
}

/* GET /internships and /api/v1/internships: the liaison's home. */
static int
h_internships_home(struct req *r)
{
	struct actor actor = req_actor(r);
	struct internships_home h;
	int rc = app_internships_home(req_db(r), r->a, &actor, r->app->cfg.internships_followup_weeks, 20,
				      !r->wants_json, &h);
	if (rc != SC_OK)
		return rc;
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
		return api_send(r, 200, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "conversion", conv,
						  "awaiting_approval", list_json(&h.awaiting),
						  "starting_this_week", list_json(&h.starting), "ending_soon",
						  list_json(&h.ending), "followups_due", list_json(&h.followups),
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
	home_list(r, "awaiting", N_("Awaiting approval"), &h.awaiting, N_("No placements await approval."));
	home_list(r, "starting", N_("Starting this week"), &h.starting, N_("No placements start this week."));
	home_list(r, "ending", N_("Ending in the next two weeks"), &h.ending, N_("No placements end in the next two weeks."));
	home_list(r, "followups", N_("Your follow-ups due"), &h.followups, N_("No follow-ups are due."));
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

/* ---- pool agreements ---- */

static void
agreements_table(struct req *r, const struct agreement *items, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"agreement-list\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Name"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Agreement with"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Period"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Places"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Used"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Planned"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Free"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct agreement *ag = &items[i];
		html_lit(o, "<tr><td><a href=\"/agreements/");
		html_int(o, ag->id);
		html_lit(o, "\">");
		html_text(o, ag->name);
		html_lit(o, "</a></td><td>");
		html_text(o, ag->party);
		html_lit(o, "</td><td>");
		html_text(o, arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, ag->starts_on),
					  case_date_text(r, ag->ends_on)));
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
}

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
	if (may_write(r, RES_EMPLOYERS)) {
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
			return refused_json(r, &out, &e, agreement_fields);
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
	if (rc == SC_OK && may_write(r, RES_EMPLOYERS))
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
	dl_row(r, N_("Agreement with"), ag->party);
	dl_row(r, N_("Period"), arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, ag->starts_on),
					      case_date_text(r, ag->ends_on)));
	dl_row(r, N_("Places"), case_id(r, ag->places));
	dl_row(r, N_("Used"), case_id(r, ag->used));
	dl_row(r, N_("Planned"), case_id(r, ag->planned));
	dl_row(r, N_("Free"), case_id(r, ag->free));
	dl_lines(r, N_("Terms"), ag->terms);
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
			if (may_write(r, RES_EMPLOYERS)) {
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
	if (may_write(r, RES_EMPLOYERS)) {
		html_lit(o, "<section aria-labelledby=\"edit-agreement\">");
		page_heading(r, "h2", "edit-agreement", T(r, "Edit the agreement"));
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/agreements/");
		html_int(o, ag->id);
		html_lit(o, "\" id=\"agreement-form\" novalidate>");
		form_csrf(r);
		hidden_version(r, version);
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
		json_array_append_new(arr, json_pack("{s:I, s:s}", "id", (json_int_t)covered[i].id, "name", covered[i].name));
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
	int64_t version = version_of(r, &e);
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
			return refused_json(r, &out, &e, agreement_fields);
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
				return refused_json(r, &out, &e, fs);
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
			return refused_json(r, &out, &e, placement_new_fields);
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

const struct route internships_routes[] = {
	BOTH(GET_HEAD, "/internships", "/api/v1/internships", h_internships_home, NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(GET_HEAD, "/evaluate/:token", "/api/v1/evaluate/:token", h_link_open, PUB),
	BOTH(M_POST, "/evaluate/:token", "/api/v1/evaluate/:token", h_link_submit, PUB),
	BOTH(GET_HEAD, "/agreements", "/api/v1/agreements", h_agreements, NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/agreements", "/api/v1/agreements", h_agreement_create, NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(M_POST, "/agreements/:id/employers", "/api/v1/agreements/:id/employers", h_agreement_cover,
	     NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(M_POST, "/agreements/:id/employers/:eid/remove", "/api/v1/agreements/:id/employers/:eid/remove",
	     h_agreement_uncover, NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(GET_HEAD, "/agreements/:id", "/api/v1/agreements/:id", h_agreement, NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/agreements/:id", "/api/v1/agreements/:id", h_agreement_update, NEED(RES_EMPLOYERS, ACT_WRITE)),
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
	BOTH(GET_HEAD, "/placements/:id/evaluations", "/api/v1/placements/:id/evaluations", h_evaluations,
	     NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements/:id/evaluations", "/api/v1/placements/:id/evaluations", h_evaluation_add,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(M_POST, "/placements/:id/links", "/api/v1/placements/:id/links", h_link_create,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(M_POST, "/placements/:id/links/:lid/revoke", "/api/v1/placements/:id/links/:lid/revoke", h_link_revoke,
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
