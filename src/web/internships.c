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
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/employer.h"
#include "app/placement.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

#define EMPLOYERS_PER_PAGE 50
#define PLACEMENTS_PER_PAGE 50

/* ---- small pieces ---- */

static int64_t
route_id(struct req *r, int idx)
{
	int64_t id = 0;
	return parse_int64(req_param(r, idx), 1, INT64_MAX, &id) == SC_OK ? id : 0;
}

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

static void
heading(struct req *r, const char *tag, const char *id, const char *text)
{
	struct buf *o = &r->out;
	html_lit(o, "<");
	html_text(o, tag);
	if (id != NULL) {
		html_lit(o, " id=\"");
		html_text(o, id);
		html_lit(o, "\"");
	}
	html_lit(o, ">");
	html_text(o, text);
	html_lit(o, "</");
	html_text(o, tag);
	html_lit(o, ">");
}

static void
para(struct req *r, const char *cls, const char *text)
{
	struct buf *o = &r->out;
	if (cls != NULL) {
		html_lit(o, "<p class=\"");
		html_text(o, cls);
		html_lit(o, "\">");
	} else {
		html_lit(o, "<p>");
	}
	html_text(o, text);
	html_lit(o, "</p>");
}

static void
button(struct req *r, const char *label)
{
	html_lit(&r->out, "<button type=\"submit\">");
	html_text(&r->out, T(r, label));
	html_lit(&r->out, "</button>");
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
	button(r, submit);
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
	heading(r, "h1", NULL, T(r, "Employers"));
	html_lit(o, "<form method=\"get\" action=\"/employers\" role=\"search\" class=\"search\">");
	form_input(r, NULL, "q", T(r, "Search by name or organisation number"), "search", q, "off", false);
	button(r, N_("Search"));
	html_lit(o, "</form><section aria-labelledby=\"employer-list\">");
	heading(r, "h2", "employer-list", T(r, "The register"));
	if (n == 0) {
		para(r, NULL, q[0] ? T(r, "No employer matches the search.") : T(r, "No employers are registered."));
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
		heading(r, "h2", "register-employer", T(r, "Register an employer"));
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
		rc = app_employer_placements(req_db(r), r->a, actor, emp->id, 100, 0, &pl);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	page_begin(r, emp->name);
	html_lit(o, "<p class=\"no-print\"><a href=\"/employers\">");
	html_text(o, T(r, "All employers"));
	html_lit(o, "</a></p>");
	heading(r, "h1", NULL, emp->name);
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
	heading(r, "h2", "contacts", T(r, "Contacts"));
	if (ncontacts == 0) {
		para(r, NULL, T(r, "No contacts are registered."));
	} else {
		html_lit(o, "<table id=\"contact-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Name"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Role"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Phone"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "E-mail"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < ncontacts; i++) {
			html_lit(o, "<tr><td>");
			html_text(o, contacts[i].name);
			html_lit(o, "</td><td>");
			html_text(o, or_dash(contacts[i].role));
			html_lit(o, "</td><td>");
			html_text(o, or_dash(contacts[i].phone));
			html_lit(o, "</td><td>");
			html_text(o, or_dash(contacts[i].email));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (writer) {
		heading(r, "h3", NULL, T(r, "Add a contact"));
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
		button(r, N_("Add contact"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section><section aria-labelledby=\"placements\">");
	heading(r, "h2", "placements", T(r, "Placements"));
	if (pl.n == 0) {
		para(r, NULL, T(r, "No placements at this employer."));
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
		heading(r, "h3", NULL, T(r, "Propose a placement"));
		form_error_summary(r, propose_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements\" id=\"propose-form\" novalidate>");
		form_csrf(r);
		html_lit(o, "<input type=\"hidden\" name=\"employer_id\" value=\"");
		html_int(o, emp->id);
		html_lit(o, "\">");
		form_input(r, propose_errors, "participant_id", T(r, "Participant number"), "number",
			   propose_value != NULL ? propose_value : "", "off", true);
		button(r, N_("Propose placement"));
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
	int rc = app_employer_get(req_db(r), r->a, &actor, route_id(r, 0), &emp, &out);
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
	heading(r, "h1", NULL, T(r, "Edit the employer"));
	if (stale != NULL)
		para(r, "notice", stale);
	int rc = employer_form(r, arena_printf(r->a, "/employers/%lld", (long long)route_id(r, 0)), shown, posted, e,
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
	int rc = app_employer_get(req_db(r), r->a, &actor, route_id(r, 0), &emp, &out);
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
	int64_t id = route_id(r, 0);
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
	int64_t id = route_id(r, 0);
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
	heading(r, "h1", NULL, T(r, "Placements"));
	html_lit(o, "<form method=\"get\" action=\"/placements\" class=\"search\">");
	const char *keys[PLACEMENT_STATUS_COUNT], *labels[PLACEMENT_STATUS_COUNT];
	for (int i = 0; i < PLACEMENT_STATUS_COUNT; i++) {
		keys[i] = placement_status_options[i].key;
		labels[i] = placement_status_options[i].label;
	}
	form_select(r, NULL, "status", "status", T(r, "Status"), keys, labels, PLACEMENT_STATUS_COUNT, status,
		    N_("Any status"));
	button(r, N_("Show"));
	html_lit(o, "</form>");
	if (pl.n == 0) {
		para(r, NULL, T(r, "No placements."));
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
	const char *notice;                     /* a refusal's message */
};

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
		para(r, "notice", v->notice);
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
	heading(r, "h2", "terms", T(r, "Terms"));
	if (mode == EDIT_LOCKED)
		para(r, "notice", T(r, "The terms are locked while an approval stands. Withdraw the approvals to change them."));
	else if (mode == EDIT_CLOSED)
		para(r, NULL, T(r, "The placement has ended: its terms no longer change."));
	else if (mode == EDIT_AMEND)
		para(r, "muted", T(r, "The placement is agreed: a change is saved as a new version, with who changed what and when."));
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
		button(r, N_("Save terms"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");

	/* the approvals */
	html_lit(o, "<section aria-labelledby=\"approvals\">");
	heading(r, "h2", "approvals", T(r, "Approvals"));
	para(r, "muted", T(r, "The employer and the participant approve the terms first; the centre approves last."));
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
		heading(r, "h3", NULL, T(r, "Record an approval"));
		struct placement_approval blank;
		fields_clear(placement_approval_fields, &blank);
		static const struct field_ui aui[] = {{.key = "party", .control = "radio"}, {.key = "reason", .rows = 2}, {0}};
		form_error_summary(r, v->approval_errors);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/approvals\" id=\"approval-form\" novalidate>");
		form_csrf(r);
		form_fields(r, placement_approval_fields, &blank, v->approval_errors != NULL, aui, v->approval_errors);
		button(r, N_("Record approval"));
		html_lit(o, "</form>");
	}
	bool any = at[0] != none || at[1] != none || at[2] != none;
	if (writer && !ended && any && (p->status != PLACEMENT_ACTIVE)) {
		heading(r, "h3", NULL, T(r, "Withdraw an approval"));
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
		button(r, N_("Withdraw approval"));
		html_lit(o, "</form>");
	}
	html_lit(o, "</section>");

	/* ending early */
	if (writer && placement_end_refusal(&f, actor->today) == NULL &&
	    (p->status == PLACEMENT_AGREED || p->status == PLACEMENT_ACTIVE)) {
		html_lit(o, "<section aria-labelledby=\"ending\">");
		heading(r, "h2", "ending", T(r, "End the placement early"));
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
		button(r, N_("End placement"));
		html_lit(o, "</form></section>");
	}

	/* the history */
	html_lit(o, "<section aria-labelledby=\"history\">");
	heading(r, "h2", "history", T(r, "History"));
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
	int rc = app_placement_get(req_db(r), r->a, &actor, route_id(r, 0), &p, NULL, &out);
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
	int64_t id = route_id(r, 0);
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
	int64_t id = route_id(r, 0);
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
	int64_t id = route_id(r, 0);
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
	int64_t id = route_id(r, 0);
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
	int rc = app_placement_get(req_db(r), r->a, &actor, route_id(r, 0), &p, NULL, &out);
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
	heading(r, "h1", NULL, T(r, "Placement agreement"));
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

const struct route internships_routes[] = {
	BOTH(GET_HEAD, "/employers", "/api/v1/employers", h_employers, NEED(RES_EMPLOYERS, ACT_READ)),
	BOTH(M_POST, "/employers", "/api/v1/employers", h_employer_create, NEED(RES_EMPLOYERS, ACT_WRITE)),
	PAGE(GET_HEAD, "/employers/:id/edit", h_employer_edit, NEED(RES_EMPLOYERS, ACT_WRITE)),
	BOTH(M_POST, "/employers/:id/contacts", "/api/v1/employers/:id/contacts", h_contact_add,
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
	BOTH(GET_HEAD, "/placements/:id", "/api/v1/placements/:id", h_placement, NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements/:id", "/api/v1/placements/:id", h_placement_save, NEED(RES_PLACEMENTS, ACT_WRITE)),
	ROUTES_END
};
