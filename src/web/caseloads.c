/*
 * caseloads.c — contact persons and caseloads: the leader's overview of
 * every contact person, one contact person's caseload with its filters
 * (saved per user) and its download, bulk reassignment and the cap, a
 * participant's contact person with the history of who followed them —
 * each page and its /api/v1/ twin one declaration (caseloads_routes).
 *
 * The records and their fields are domain/caseload.h's; everything is read
 * and changed through app/caseload.h, which decides who may (a contact
 * person opens only their own caseload: 403, audited; a leader every one
 * of the centre), keeps the cap, and audits every read and change.
 */
#include "case.h"
#include "export.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/caseload.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

#define OVERVIEW_PER_PAGE 50
#define CASELOAD_PER_PAGE 100
#define HISTORY_PER_PAGE 50
#define EXPORT_MAX_ROWS 10000
/* More assignable contact persons than this and the select offers a search. */
#define CHOICES_MAX 200
#define WHO_MAX 100

/* The filters' switches: the first fields of caseload_filter_fields. */
#define NSWITCHES 4

/* The field of the "no contact" window. */
static const struct field *
days_field(void)
{
	return fields_find(caseload_filter_fields, "days");
}

/* ---- reading ---- */

static int
default_days(const struct req *r)
{
	int d = r->app->cfg.caseload_no_contact_days;
	return d >= CASELOAD_DAYS_MIN && d <= CASELOAD_DAYS_MAX ? d : 14;
}

/*
 * Reads the filters from l (a query string, or a saved filter's query) by
 * their declared fields. strict: every key must be a filter's (a saved
 * filter); otherwise other keys (page, per_page, format, who) are left
 * alone.
 */
static void
filter_read(struct req *r, const struct kvlist *l, bool strict, struct caseload_filter *f,
	    struct form_errors *e)
{
	struct field_errors fe = {0};
	fields_clear(caseload_filter_fields, f);
	for (size_t i = 0; i < caseload_filter_fields.n; i++) {
		const struct field *fd = &caseload_filter_fields.f[i];
		const char *v = kv_get(l, fd->key);
		field_read_text(fd, v != NULL ? v : "", f, r->a, &fe);
	}
	form_errors_from(r, &fe, e);
	for (size_t i = 0; strict && i < l->n; i++)
		if (fields_find(caseload_filter_fields, l->items[i].key) == NULL)
			form_error(r, e, "query", N_("This filter has a setting the caseload does not know."));
}

/* The dates of a caseload query for the filters f. */
static struct caseload_query
query_of(struct req *r, const struct caseload_filter *f)
{
	struct caseload_query q;
	struct actor actor = req_actor(r);
	caseload_query_for(f, default_days(r), r->app->cfg.caseload_due_soon_days, actor.today, actor.now, &q);
	return q;
}

/* The filters as a query string without page (plain text: escape for HTML). */
static const char *
filter_query(struct req *r, const struct caseload_filter *f)
{
	const char *s = caseload_filter_query(f, default_days(r), r->a);
	return s != NULL ? s : "";
}

/* ---- small pieces ---- */

/* A moment as JSON: UTC text, null when not given. */
static json_t *
moment_json(int64_t t)
{
	if (t <= 0 || t == FIELD_NONE)
		return json_null();
	char s[32];
	time_format_utc(t, s, sizeof s);
	return json_string(s);
}

/* Answers a refusal that has no form to show again: 403 (a caseload the
 * actor may not open, audited as its denial), 404. */
static int
answer_closed(struct req *r, int64_t uid, const struct outcome *out)
{
	if (out->refusal == REFUSED_FORBIDDEN) {
		r->deny_type = "caseload";
		r->deny_id = case_id(r, uid);
		return req_error(r, 403, outcome_message(r, out));
	}
	return req_error(r, outcome_status(out), NULL);
}

/* The outcome's field errors for the page, with the bulk form's list
 * under the name of its checkboxes. */
static void
page_errors(struct req *r, const struct outcome *out, struct form_errors *e)
{
	outcome_form_errors(r, out, e);
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], "participant_ids") == 0)
			e->field[i] = "participant";
}

/* A select of the assignable contact persons, with its error beside it. */
static void
contact_select(struct req *r, const struct form_errors *e, int64_t selected,
	       const struct contact_choice *choices, size_t n)
{
	struct buf *o = &r->out;
	const struct field *f = fields_find(assignment_input_fields, "contact_id");
	const char *err = form_error_for(e, "contact_id");
	html_lit(o, "<div class=\"field");
	if (err)
		html_lit(o, " has-error");
	html_lit(o, "\"><label for=\"contact_id\">");
	html_text(o, T(r, f->label));
	html_lit(o, " <span class=\"req\" aria-hidden=\"true\">*</span></label>"
		    "<select id=\"contact_id\" name=\"contact_id\" required aria-required=\"true\"");
	if (err)
		html_lit(o, " aria-invalid=\"true\" aria-describedby=\"contact_id-error\"");
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, "Choose a contact person"));
	html_lit(o, "</option>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<option value=\"");
		html_int(o, choices[i].id);
		html_lit(o, "\"");
		if (choices[i].id == selected)
			html_lit(o, " selected");
		if (contact_choice_full(&choices[i]))
			html_lit(o, " disabled");
		html_lit(o, ">");
		html_text(o, case_contact_label(r, &choices[i]));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(&r->out, err, "contact_id");
	html_lit(o, "</div>");
}

/* The contact persons a select offers: all of them, or when there are more
 * than CHOICES_MAX those whose name contains ?who=. */
static int
load_choices(struct req *r, const struct actor *actor, struct contact_choice **choices, size_t *n,
	     int64_t *total)
{
	const char *who = req_qs(r, "who");
	if (strlen(who) > WHO_MAX)
		who = "";
	return app_contact_choices(req_db(r), r->a, actor, who, CHOICES_MAX, choices, n, total);
}

/*
 * When the select cannot list everyone (or a search was made): a small GET
 * form to find a contact person by name. action is the page's path; the
 * filters f (may be NULL) are carried along as hidden fields.
 */
static void
choices_search(struct req *r, const char *action, const struct caseload_filter *f, size_t shown,
	       int64_t total)
{
	const char *who = req_qs(r, "who");
	if ((int64_t)shown >= total && *who == '\0')
		return;
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"get\" action=\"");
	html_text(o, action);
	html_lit(o, "\" id=\"find-contact\" class=\"inline\">");
	for (size_t i = 0; f != NULL && i < NSWITCHES; i++) {
		const struct field *fd = &caseload_filter_fields.f[i];
		if (*FIELD_AT_CONST(f, fd, int) == 1) {
			html_lit(o, "<input type=\"hidden\" name=\"");
			html_text(o, fd->key);
			html_lit(o, "\" value=\"1\">");
		}
	}
	if (f != NULL && caseload_filter_days(f, default_days(r)) != default_days(r)) {
		html_lit(o, "<input type=\"hidden\" name=\"days\" value=\"");
		html_int(o, caseload_filter_days(f, default_days(r)));
		html_lit(o, "\">");
	}
	page_muted(r, arena_printf(r->a, T(r, "Showing %lld of %lld contact persons. Search by name to find others."),
				  (long long)shown, (long long)total));
	form_input(r, NULL, "who", T(r, "Find a contact person"), "search", who, "off", false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Search"));
	html_lit(o, "</button></form>");
}

/* ---- JSON ---- */

static json_t *
row_json(const struct caseload_row *w)
{
	json_t *o = record_json(caseload_row_fields, w, PARTS_ALL);
	json_object_set_new(o, "assigned_at", moment_json(w->assigned_at));
	return o;
}

/* The history as the API shows it; names: with the participant's names. */
static json_t *
history_json(const struct assignment *h, size_t n, bool names)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:s}",
			"participant_id", (json_int_t)h[i].participant_id,
			"contact_id", (json_int_t)h[i].contact_id, "contact_name", h[i].contact_name,
			"from", moment_json(h[i].from_at), "to", moment_json(h[i].to_at),
			"assigned_by", h[i].assigned_by ? json_integer(h[i].assigned_by) : json_null(),
			"assigned_by_name", h[i].assigned_by_name[0] ? json_string(h[i].assigned_by_name) : json_null(),
			"reason", h[i].reason);
		if (names) {
			json_object_set_new(it, "given_name", json_string(h[i].given_name));
			json_object_set_new(it, "family_name", json_string(h[i].family_name));
		}
		json_array_append_new(arr, it);
	}
	return arr;
}

/* The filters of an API request from the query string; false (and 400
 * sent) when they are wrong. */
static bool
api_filters(struct req *r, struct caseload_filter *f, int *rc)
{
	struct form_errors e = {0};
	filter_read(r, &r->query, false, f, &e);
	if (e.n == 0)
		return true;
	*rc = api_error(r, 400, "invalid", T(r, "Some filters are wrong."), case_errors_json(&e));
	return false;
}

/* The paging parameters of a page with a filter form (paging_read()):
 * each wrong one an error of the form, said with the filters' (422). */
static void
paging_errors(struct req *r, int64_t *page, int64_t *per_page, struct form_errors *e)
{
	const char *page_error, *per_page_error;
	if (paging_read(r, page, per_page, &page_error, &per_page_error))
		return;
	if (page_error != NULL)
		form_error(r, e, "page", page_error);
	if (per_page_error != NULL)
		form_error(r, e, "per_page", per_page_error);
}

/* ---- the overview ---- */

static int
overview_page(struct req *r, int days, int64_t page, int64_t per_page, const struct caseload_person *items,
	      size_t n, int64_t total, const struct caseload_totals *sum, const struct form_errors *e)
{
	page_begin(r, T(r, "Caseloads"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Caseloads"));
	html_lit(o, "</h1>");
	form_error_summary(r, e);
	html_lit(o, "<ul class=\"cards\" id=\"capacity\"><li>");
	html_text(o, arena_printf(r->a, T(r, "Contact persons: %lld"), (long long)sum->persons));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Places (sum of caps): %lld"), (long long)sum->capacity));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Active participants: %lld"), (long long)sum->active));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Free places: %lld"), (long long)sum->free_places));
	html_lit(o, "</li></ul><form method=\"get\" action=\"/caseloads\" id=\"overview-days\" class=\"inline\">");
	form_input(r, e, "days", T(r, "Without contact for (days)"), "number",
		   form_error_for(e, "days") ? req_qs(r, "days") : arena_printf(r->a, "%d", days), "off", false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Show"));
	html_lit(o, "</button></form>");
	html_lit(o, "<table id=\"caseloads\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Contact person"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Active / cap"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Free places"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Overdue items"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, arena_printf(r->a, T(r, "Without contact for %d days"), days));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"/caseloads/");
		html_int(o, items[i].id);
		html_lit(o, "\">");
		html_text(o, items[i].name);
		html_lit(o, "</a>");
		if (!items[i].assignable) {
			html_lit(o, " <span class=\"muted\">(");
			html_text(o, T(r, "no longer a contact person"));
			html_lit(o, ")</span>");
		}
		html_lit(o, "</td><td>");
		html_int(o, items[i].active);
		html_lit(o, " / ");
		html_int(o, items[i].cap);
		html_lit(o, "</td><td>");
		html_int(o, items[i].free_places);
		html_lit(o, "</td><td>");
		html_int(o, items[i].overdue);
		html_lit(o, "</td><td>");
		html_int(o, items[i].no_contact);
		html_lit(o, "</td></tr>");
	}
	if (n == 0) {
		html_lit(o, "<tr><td colspan=\"5\">");
		html_text(o, T(r, "There are no contact persons yet. Give a user the contact person role."));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	const char *base = days != default_days(r) ? arena_printf(r->a, "days=%d", days) : "";
	page_pager(r, "/caseloads", base, page, total, per_page);
	return page_end(r);
}

/* GET /caseloads and /api/v1/caseloads. A contact person's page is their
 * own caseload; their API overview lists only themselves. */
static int
h_caseloads(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!r->wants_json && !app_caseload_manages(&actor))
		return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)actor.user_id));
	struct caseload_filter f;
	struct form_errors e = {0};
	int64_t page = 1, per_page = OVERVIEW_PER_PAGE;
	int rc = SC_OK;
	if (r->wants_json) {
		if (!api_paging(r, &page, &per_page, &rc) || !api_filters(r, &f, &rc))
			return rc;
	} else {
		/* The page is narrowed by the window only. */
		struct field_errors fe = {0};
		fields_clear(caseload_filter_fields, &f);
		field_read_text(days_field(), req_qs(r, "days"), &f, r->a, &fe);
		form_errors_from(r, &fe, &e);
		paging_errors(r, &page, &per_page, &e);
	}
	struct caseload_query q = query_of(r, &f);
	struct caseload_person *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct caseload_totals sum;
	struct outcome out;
	rc = app_caseload_overview(req_db(r), r->a, &actor, &q, page, per_page, &items, &n, &total, &sum, &out);
	if (rc != SC_OK)
		return rc;
	int days = caseload_filter_days(&f, default_days(r));
	if (!r->wants_json) {
		const char *base = days != default_days(r) ? arena_printf(r->a, "days=%d", days) : "";
		if (e.n > 0)
			r->status = 422;
		else if (!req_page_exists(r, "/caseloads", base, page, total, per_page, &rc))
			return rc;
		return overview_page(r, days, page, per_page, items, n, total, &sum, &e);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(caseload_person_fields, &items[i], PARTS_ALL));
	json_t *body = api_page_json(arr, page, per_page, total);
	json_object_set_new(body, "days", json_integer(days));
	json_object_set_new(body, "totals", record_json(caseload_totals_fields, &sum, PARTS_ALL));
	return api_send(r, 200, body);
}

/* ---- one caseload ---- */

static bool
chosen_in_form(struct req *r, int64_t id)
{
	const char *s = case_id(r, id);
	size_t n = kv_count(&r->form, "participant");
	for (size_t i = 0; i < n && s != NULL; i++)
		if (strcmp(kv_get_nth(&r->form, "participant", i), s) == 0)
			return true;
	return false;
}

static void
filter_form(struct req *r, int64_t uid, const struct caseload_filter *f, const struct form_errors *fe)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"get\" action=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "\" id=\"filters\"><fieldset><legend>");
	html_text(o, T(r, "Show participants with any of"));
	html_lit(o, "</legend>");
	for (size_t i = 0; i < NSWITCHES; i++) {
		const struct field *fd = &caseload_filter_fields.f[i];
		html_lit(o, "<label><input type=\"checkbox\" name=\"");
		html_text(o, fd->key);
		html_lit(o, "\" id=\"");
		html_text(o, fd->key);
		html_lit(o, "\" value=\"1\"");
		if (*FIELD_AT_CONST(f, fd, int) == 1)
			html_lit(o, " checked");
		if (form_error_for(fe, fd->key) != NULL) {
			html_lit(o, " aria-invalid=\"true\" aria-describedby=\"");
			html_text(o, fd->key);
			html_lit(o, "-error\"");
		}
		html_lit(o, "> ");
		html_text(o, T(r, fd->label));
		html_lit(o, "</label>");
		form_field_error(&r->out, form_error_for(fe, fd->key), fd->key);
	}
	html_lit(o, "</fieldset>");
	form_input(r, fe, "days", T(r, days_field()->label), "number",
		   form_error_for(fe, "days") ? req_qs(r, "days")
					      : arena_printf(r->a, "%d", caseload_filter_days(f, default_days(r))),
		   "off", false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Apply filters"));
	html_lit(o, "</button> <a href=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "\">");
	html_text(o, T(r, "Show everyone"));
	html_lit(o, "</a></form>");
}

static void
saved_filters_section(struct req *r, int64_t uid, const struct caseload_filter *f,
		      const struct saved_filter *sf, size_t nsf, const struct form_errors *e)
{
	struct buf *o = &r->out;
	html_lit(o, "<section id=\"saved-filters\"><h2>");
	html_text(o, T(r, "Saved filters"));
	html_lit(o, "</h2>");
	if (nsf > 0) {
		html_lit(o, "<ul>");
		for (size_t i = 0; i < nsf; i++) {
			html_lit(o, "<li><a href=\"/caseloads/");
			html_int(o, uid);
			html_lit(o, "?");
			html_text(o, sf[i].query);
			html_lit(o, "\">");
			html_text(o, sf[i].name);
			html_lit(o, "</a> <form method=\"post\" class=\"inline\" action=\"/caseloads/filters/");
			html_int(o, sf[i].id);
			html_lit(o, "/delete\">");
			form_csrf(r);
			html_lit(o, "<input type=\"hidden\" name=\"uid\" value=\"");
			html_int(o, uid);
			html_lit(o, "\"><button type=\"submit\" class=\"link\" aria-label=\"");
			html_text(o, arena_printf(r->a, T(r, "Delete the filter %s"), sf[i].name));
			html_lit(o, "\">");
			html_text(o, T(r, "Delete"));
			html_lit(o, "</button></form></li>");
		}
		html_lit(o, "</ul>");
	} else {
		page_muted(r, T(r, "You have no saved filters."));
	}
	html_lit(o, "<form method=\"post\" action=\"/caseloads/filters\" id=\"filter-save\" novalidate>");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"uid\" value=\"");
	html_int(o, uid);
	html_lit(o, "\"><input type=\"hidden\" name=\"query\" value=\"");
	html_text(o, form_error_for(e, "query") ? req_field(r, "query") : filter_query(r, f));
	html_lit(o, "\">");
	form_field_error(&r->out, form_error_for(e, "query"), "query");
	struct saved_filter_input blank = {.name = ""};
	form_field(r, fields_find(saved_filter_input_fields, "name"), &blank, form_error_for(e, "name") != NULL,
		   NULL, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Save filter"));
	html_lit(o, "</button></form></section>");
}

static void
caseload_table(struct req *r, const struct caseload_row *rows, size_t n, bool manage, const struct form_errors *e)
{
	struct buf *o = &r->out;
	form_field_error(&r->out, form_error_for(e, "participant"), "participant");
	html_lit(o, "<table id=\"participant\"><thead><tr>");
	if (manage) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, "Choose"));
		html_lit(o, "</th>");
	}
	html_lit(o, "<th scope=\"col\">");
	html_text(o, T(r, "Name"));
	static const char *const columns[] = {"status", "last_contact", "next_meeting", "overdue"};
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, fields_find(caseload_row_fields, columns[i])->label));
	}
	html_lit(o, "</th></tr></thead><tbody>");
	const struct field *last = fields_find(caseload_row_fields, "last_contact");
	const struct field *next = fields_find(caseload_row_fields, "next_meeting");
	for (size_t i = 0; i < n; i++) {
		const char *name = case_name(r, rows[i].given_name, rows[i].family_name);
		html_lit(o, "<tr>");
		if (manage) {
			html_lit(o, "<td><input type=\"checkbox\" name=\"participant\" value=\"");
			html_int(o, rows[i].id);
			html_lit(o, "\" aria-label=\"");
			html_text(o, arena_printf(r->a, T(r, "Choose %s"), name));
			html_lit(o, "\"");
			if (chosen_in_form(r, rows[i].id))
				html_lit(o, " checked");
			html_lit(o, "></td>");
		}
		html_lit(o, "<td><a href=\"/participants/");
		html_int(o, rows[i].id);
		html_lit(o, "\">");
		html_text(o, name);
		html_lit(o, "</a>");
		if (rows[i].is_new == 1) {
			html_lit(o, " <span class=\"muted\">");
			html_text(o, T(r, "new"));
			html_lit(o, "</span>");
		}
		html_lit(o, "</td><td>");
		html_text(o, T(r, participant_status_label(rows[i].status)));
		html_lit(o, "</td><td>");
		html_text(o, field_given(last, &rows[i]) ? field_shown(r, last, &rows[i]) : T(r, "never"));
		html_lit(o, "</td><td>");
		case_next_meeting(r, field_shown(r, next, &rows[i]), true);
		html_lit(o, "</td><td>");
		html_int(o, rows[i].overdue);
		html_lit(o, "</td></tr>");
	}
	if (n == 0) {
		html_lit(o, "<tr><td colspan=\"6\">");
		html_text(o, T(r, "No participants to show."));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* The bulk reassignment and the cap, for those who manage caseloads. */
static void
manage_forms(struct req *r, int64_t uid, const struct caseload_person *person,
	     const struct contact_choice *choices, size_t nchoices, const struct form_errors *e)
{
	struct buf *o = &r->out;
	int64_t sel = 0;
	parse_int64(req_field(r, "contact_id"), 1, INT64_MAX, &sel);
	html_lit(o, "<fieldset><legend>");
	html_text(o, T(r, "Reassign the chosen participants"));
	html_lit(o, "</legend>");
	contact_select(r, e, sel, choices, nchoices);
	struct bulk_input typed;
	fields_clear(bulk_input_fields, &typed);
	form_field(r, fields_find(bulk_input_fields, "reason"), &typed, true, NULL, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Reassign"));
	html_lit(o, "</button></fieldset></form>");

	html_lit(o, "<h2>");
	html_text(o, T(r, "Caseload cap"));
	html_lit(o, "</h2><form method=\"post\" action=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "/cap\" id=\"cap-form\" novalidate>");
	form_csrf(r);
	struct cap_input cap = {person->cap};
	form_field(r, &cap_input_fields.f[0], &cap, form_error_for(e, "cap") != NULL, NULL, e);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, arena_printf(r->a, T(r, "From %d to %d; %d unless set."), CASELOAD_MIN_CAP, CASELOAD_MAX_CAP,
				  CASELOAD_DEFAULT_CAP));
	html_lit(o, "</p><button type=\"submit\">");
	html_text(o, T(r, "Save cap"));
	html_lit(o, "</button></form>");
}

/* A link to the download of the list as fmt, with the filters. */
static void
export_link(struct req *r, int64_t uid, const char *fmt, const char *fq, const char *text)
{
	struct buf *o = &r->out;
	html_lit(o, "<a href=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "/export?format=");
	html_text(o, fmt);
	if (*fq) {
		html_lit(o, "&amp;");
		html_text(o, fq);
	}
	html_lit(o, "\">");
	html_text(o, text);
	html_lit(o, "</a>");
}

/*
 * The caseload page of uid with the filters f; e holds the errors of a
 * form that came back (filters, saved filter, bulk, cap) and r->status the
 * status to answer with.
 */
static int
caseload_page(struct req *r, int64_t uid, const struct caseload_filter *f, int64_t page, int64_t per_page,
	      const struct form_errors *e)
{
	struct db *db = req_db(r);
	struct actor actor = req_actor(r);
	struct caseload_query q = query_of(r, f);
	struct caseload_person person;
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	int rc = app_caseload(db, r->a, &actor, uid, &q, page, per_page, &person, &rows, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return answer_closed(r, uid, &out);
	const char *path = arena_printf(r->a, "/caseloads/%lld", (long long)uid);
	if (e->n == 0 && !req_page_exists(r, path, filter_query(r, f), page, total, per_page, &rc))
		return rc;
	struct saved_filter *sf = NULL;
	size_t nsf = 0;
	rc = app_filters(db, r->a, &actor, &sf, &nsf);
	if (rc != SC_OK)
		return rc;
	bool manage = access_scope(actor.roles, RES_CASELOADS, ACT_WRITE) == SCOPE_ALL;
	struct contact_choice *choices = NULL;
	size_t nchoices = 0;
	int64_t nall = 0;
	if (manage && (rc = load_choices(r, &actor, &choices, &nchoices, &nall)) != SC_OK)
		return rc;
	int days = caseload_filter_days(f, default_days(r));

	const char *title = arena_printf(r->a, T(r, "Caseload of %s"), person.name);
	page_begin(r, title);
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, "</h1>");
	form_error_summary(r, e);
	if (!person.assignable) {
		page_muted(r, T(r, "This user is not an active contact person: reassign their participants."));
	}
	html_lit(o, "<ul class=\"cards\" id=\"caseload-figures\"><li>");
	html_text(o, arena_printf(r->a, T(r, "Active participants: %lld of %d"), (long long)person.active,
				  (int)person.cap));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Free places: %lld"), (long long)person.free_places));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Overdue items: %lld"), (long long)person.overdue));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Without contact for %d days: %lld"), days,
				  (long long)person.no_contact));
	html_lit(o, "</li></ul>");

	filter_form(r, uid, f, e);
	saved_filters_section(r, uid, f, sf, nsf, e);
	const char *fq = filter_query(r, f);
	html_lit(o, "<p class=\"export\">");
	html_text(o, T(r, "Download this list:"));
	html_lit(o, " ");
	export_link(r, uid, "csv", fq, "CSV");
	html_lit(o, " ");
	export_link(r, uid, "xlsx", fq, "Excel (XLSX)");
	html_lit(o, "</p>");

	html_lit(o, "<h2>");
	html_text(o, arena_printf(r->a, T(r, "Participants (%lld)"), (long long)total));
	html_lit(o, "</h2>");
	if (manage) {
		choices_search(r, arena_printf(r->a, "/caseloads/%lld", (long long)uid), f, nchoices, nall);
		html_lit(o, "<form method=\"post\" action=\"/caseloads/bulk\" id=\"bulk\" novalidate>");
		form_csrf(r);
		html_lit(o, "<input type=\"hidden\" name=\"from\" value=\"");
		html_int(o, uid);
		html_lit(o, "\">");
	}
	caseload_table(r, rows, n, manage, e);
	page_pager(r, path, fq, page, total, per_page);
	if (manage)
		manage_forms(r, uid, &person, choices, nchoices, e);
	html_lit(o, "<p><a href=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "/history\">");
	html_text(o, T(r, "Assignment history of this caseload"));
	html_lit(o, "</a></p>");
	if (manage) {
		html_lit(o, "<p><a href=\"/caseloads\">");
		html_text(o, T(r, "All caseloads"));
		html_lit(o, "</a></p>");
	}
	return page_end(r);
}

/* A caseload page again after a refused form, unfiltered, first page. */
static int
caseload_again(struct req *r, int64_t uid, int status, const struct form_errors *e)
{
	struct caseload_filter f;
	fields_clear(caseload_filter_fields, &f);
	r->status = status;
	return caseload_page(r, uid, &f, 1, CASELOAD_PER_PAGE, e);
}

/* GET /caseloads/:uid and /api/v1/caseloads/:uid. */
static int
h_caseload(struct req *r)
{
	int64_t uid = req_param_id(r, 0);
	if (uid == 0)
		return req_error(r, 404, NULL);
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_caseload_open(req_db(r), r->a, &actor, uid, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc != SC_OK ? rc : answer_closed(r, uid, &out);
	struct caseload_filter f;
	int64_t page = 1, per_page = CASELOAD_PER_PAGE;
	if (!r->wants_json) {
		struct form_errors e = {0};
		filter_read(r, &r->query, false, &f, &e);
		paging_errors(r, &page, &per_page, &e);
		if (e.n > 0)
			r->status = 422;
		return caseload_page(r, uid, &f, page, per_page, &e);
	}
	if (!api_paging(r, &page, &per_page, &rc) || !api_filters(r, &f, &rc))
		return rc;
	struct caseload_query q = query_of(r, &f);
	struct caseload_person person;
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = app_caseload(req_db(r), r->a, &actor, uid, &q, page, per_page, &person, &rows, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return api_error(r, 404, "not_found", T(r, "There is no such user."), NULL);
	if (out.refusal != DONE)
		return answer_closed(r, uid, &out);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, row_json(&rows[i]));
	json_t *body = api_page_json(arr, page, per_page, total);
	json_t *filters = json_array();
	for (size_t i = 0; i < NSWITCHES; i++)
		if (*FIELD_AT_CONST(&f, &caseload_filter_fields.f[i], int) == 1)
			json_array_append_new(filters, json_string(caseload_filter_fields.f[i].key));
	json_object_set_new(body, "contact", record_json(caseload_person_fields, &person, PARTS_ALL));
	json_object_set_new(body, "filters", filters);
	json_object_set_new(body, "days", json_integer(caseload_filter_days(&f, default_days(r))));
	return api_send(r, 200, body);
}

/* GET /caseloads/:uid/export?format=csv|xlsx with the filters. */
static int
h_caseload_export(struct req *r)
{
	int64_t uid = req_param_id(r, 0);
	if (uid == 0)
		return req_error(r, 404, NULL);
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_caseload_open(req_db(r), r->a, &actor, uid, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc != SC_OK ? rc : answer_closed(r, uid, &out);
	const char *fmt = req_qs(r, "format");
	struct form_errors e = {0};
	struct caseload_filter f;
	filter_read(r, &r->query, false, &f, &e);
	if (!export_format_ok(fmt) || e.n > 0)
		return req_error(r, 400, T(r, "Choose CSV or XLSX, and filters from the caseload page."));
	struct caseload_query q = query_of(r, &f);
	struct caseload_person person;
	struct caseload_row *rows = NULL;
	size_t n = 0;
	/* An export: from the standby when there is one. */
	rc = app_caseload_export(req_db_read(r), r->a, &actor, uid, &q, EXPORT_MAX_ROWS, &person, &rows, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return answer_closed(r, uid, &out);
	/* The columns: the rows' fields, then whose caseload it is. */
	static const char *const keys[] = {"family_name", "given_name", "status", "last_contact", "next_meeting",
					   "overdue"};
	enum { NKEYS = sizeof keys / sizeof keys[0] };
	const struct field *cols[NKEYS];
	const char *headers[NKEYS + 1];
	for (size_t k = 0; k < NKEYS; k++) {
		cols[k] = fields_find(caseload_row_fields, keys[k]);
		headers[k] = T(r, cols[k]->label);
	}
	headers[NKEYS] = T(r, "Contact person");
	struct export *x = export_begin(r, fmt, "caseload", headers, NKEYS + 1);
	for (size_t i = 0; i < n && x != NULL; i++) {
		const char *cells[NKEYS + 1];
		for (size_t k = 0; k < NKEYS; k++)
			cells[k] = cols[k] == fields_find(caseload_row_fields, "status")
				   ? T(r, participant_status_label(rows[i].status)) : field_shown(r, cols[k], &rows[i]);
		cells[NKEYS] = person.name;
		if (export_row(x, cells) != SC_OK)
			break;
	}
	return export_finish(x);
}

/* ---- a contact person's assignment history ---- */

static int
history_page(struct req *r, int64_t uid, const char *name, const struct assignment *h, size_t n, int64_t page,
	     int64_t per_page, int64_t total)
{
	const char *title = arena_printf(r->a, T(r, "Assignment history of %s"), name);
	page_begin(r, title);
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, "</h1><p><a href=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the caseload"));
	html_lit(o, "</a></p>");
	if (n == 0) {
		page_muted(r, T(r, "No participant has been assigned to this person."));
		return page_end(r);
	}
	page_table(r, "id=\"caseload-history\"",
		   (const char *const[]){N_("Participant"), N_("From"), N_("To"), N_("Assigned by"), N_("Reason"), NULL});
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, case_name(r, h[i].given_name, h[i].family_name));
		html_lit(o, "</td><td>");
		html_text(o, page_moment(r, h[i].from_at));
		html_lit(o, "</td><td>");
		html_text(o, h[i].to_at != FIELD_NONE ? page_moment(r, h[i].to_at) : T(r, "now"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].assigned_by_name[0] ? h[i].assigned_by_name : T(r, "the system"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].reason);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	page_pager(r, arena_printf(r->a, "/caseloads/%lld/history", (long long)uid), "", page, total, per_page);
	return page_end(r);
}

/* GET /caseloads/:uid/history and /api/v1/caseloads/:uid/history. */
static int
h_caseload_history(struct req *r)
{
	int64_t uid = req_param_id(r, 0);
	if (uid == 0)
		return req_error(r, 404, NULL);
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_caseload_open(req_db(r), r->a, &actor, uid, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc != SC_OK ? rc : answer_closed(r, uid, &out);
	int64_t page = 1, per_page = HISTORY_PER_PAGE;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	const char *name = NULL;
	struct assignment *h = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = app_caseload_history(req_db(r), r->a, &actor, uid, page, per_page, &name, &h, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND && r->wants_json)
		return api_error(r, 404, "not_found", T(r, "There is no such user."), NULL);
	if (out.refusal != DONE)
		return answer_closed(r, uid, &out);
	if (r->wants_json)
		return api_send(r, 200, api_page_json(history_json(h, n, true), page, per_page, total));
	if (!req_page_exists(r, arena_printf(r->a, "/caseloads/%lld/history", (long long)uid), "", page, total, per_page,
			     &rc))
		return rc;
	return history_page(r, uid, name, h, n, page, per_page, total);
}

/* ---- bulk reassignment ---- */

/* Reads the bulk form: the ticked "participant" checkboxes are the list
 * participant_ids, one id a line. */
static void
bulk_form_read(struct req *r, struct bulk_input *in, struct form_errors *e)
{
	struct field_errors fe = {0};
	fields_clear(bulk_input_fields, in);
	struct buf ids = BUF_INIT;
	size_t count = kv_count(&r->form, "participant");
	for (size_t i = 0; i < count; i++)
		buf_printf(&ids, "%s%s", i ? "\n" : "", kv_get_nth(&r->form, "participant", i));
	const char *list = buf_ok(&ids) && ids.data != NULL ? arena_strdup(r->a, ids.data) : "";
	buf_free(&ids);
	for (size_t i = 0; i < bulk_input_fields.n; i++) {
		const struct field *f = &bulk_input_fields.f[i];
		field_read_text(f, strcmp(f->key, "participant_ids") == 0 ? list : req_field(r, f->key), in, r->a,
				&fe);
	}
	fields_check_required(bulk_input_fields, in, &fe);
	struct outcome read = {.errors = fe};
	page_errors(r, &read, e);
}

/* The words of a full caseload, translated. */
static const char *
full_text(struct req *r, const struct caseload_refusal *why, bool bulk)
{
	if (bulk)
		return arena_printf(r->a, T(r, "%s has room for %d more active participants; you chose %d."),
				    why->contact_name, why->room, why->chosen);
	return arena_printf(r->a, T(r, "%s has no free places: %lld of %d. Choose someone else or raise the cap."),
			    why->contact_name, (long long)why->active, why->cap);
}

/* Answers a full caseload as the API does: 409 "caseload_full". */
static int
api_full(struct req *r, const char *msg)
{
	return api_error(r, 409, "caseload_full", msg, json_pack("{s:s}", "contact_id", msg));
}

/* POST /caseloads/bulk (back to the caseload "from") and
 * /api/v1/caseloads/bulk. */
static int
h_caseload_bulk(struct req *r)
{
	int64_t from = 0;
	if (!r->wants_json && parse_int64(req_field(r, "from"), 1, INT64_MAX, &from) != SC_OK)
		return req_error(r, 400, NULL);
	struct bulk_input in;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (r->wants_json) {
		if (!input_read(r, bulk_input_fields, &in, NULL, &e, &rc))
			return rc;
	} else {
		bulk_form_read(r, &in, &e);
	}
	if (e.n > 0)
		return r->wants_json ? case_api_invalid(r, &e) : caseload_again(r, from, 422, &e);
	struct actor actor = req_actor(r);
	int64_t moved = 0;
	struct caseload_refusal why;
	struct outcome out;
	rc = app_caseload_bulk(req_db(r), r->a, &actor, &in, &moved, &why, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_FULL) {
		const char *msg = full_text(r, &why, true);
		if (r->wants_json)
			return api_full(r, msg);
		e.field[e.n] = "contact_id";
		e.message[e.n++] = msg;
		return caseload_again(r, from, 409, &e);
	}
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_refused_json(r, &out, NULL);
		page_errors(r, &out, &e);
		return caseload_again(r, from, outcome_status(&out), &e);
	}
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:I, s:I}", "contact_id", (json_int_t)in.contact_id,
						  "moved", (json_int_t)moved));
	page_flash(r, "bulk-assigned");
	return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)from));
}

/* ---- the cap ---- */

/* POST /caseloads/:uid/cap and /api/v1/caseloads/:uid/cap. */
static int
h_caseload_cap(struct req *r)
{
	int64_t uid = req_param_id(r, 0);
	if (uid == 0)
		return req_error(r, 404, NULL);
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_caseload_open(req_db(r), r->a, &actor, uid, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc != SC_OK ? rc : answer_closed(r, uid, &out);
	struct cap_input in;
	struct form_errors e = {0};
	if (!input_read(r, cap_input_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		struct caseload_filter f;
		fields_clear(caseload_filter_fields, &f);
		struct caseload_query q = query_of(r, &f);
		struct caseload_person person;
		rc = app_caseload_set_cap(req_db(r), r->a, &actor, uid, &in, &q, &person, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == REFUSED_NOT_FOUND)
			return r->wants_json ? api_error(r, 404, "not_found", T(r, "There is no such user."), NULL)
					     : req_error(r, 404, NULL);
		if (out.refusal == DONE) {
			if (r->wants_json)
				return api_send(r, 200, record_json(caseload_person_fields, &person, PARTS_ALL));
			page_flash(r, "cap-saved");
			return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)uid));
		}
		if (out.refusal != REFUSED_INVALID)
			return answer_closed(r, uid, &out);
		outcome_form_errors(r, &out, &e);
	}
	if (r->wants_json) {
		const char *msg = form_error_for(&e, "cap");
		return api_error(r, 422, "invalid", msg != NULL ? msg : T(r, "Some fields are wrong."),
				 case_errors_json(&e));
	}
	return caseload_again(r, uid, 422, &e);
}

/* ---- saved filters ---- */

/* POST /caseloads/filters: saves the filters of uid's caseload page. */
static int
h_caseload_filter_save(struct req *r)
{
	int64_t uid = 0;
	if (parse_int64(req_field(r, "uid"), 1, INT64_MAX, &uid) != SC_OK)
		return req_error(r, 404, NULL);
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_caseload_open(req_db(r), r->a, &actor, uid, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc != SC_OK ? rc : answer_closed(r, uid, &out);
	struct saved_filter_input in;
	struct form_errors e = {0};
	if (!input_read(r, saved_filter_input_fields, &in, NULL, &e, &rc))
		return rc;
	/* The query the page carried, read by the filters' own fields. */
	const char *query = req_field(r, "query");
	struct kvlist kv = {0};
	fields_clear(caseload_filter_fields, &in.filter);
	if (strlen(query) > SAVED_FILTER_QUERY_MAX ||
	    parse_query(r->a, query, strlen(query), 20, &kv) != SC_OK) {
		form_error(r, &e, "query", N_("This filter has a setting the caseload does not know."));
	} else {
		struct form_errors qe = {0};
		filter_read(r, &kv, true, &in.filter, &qe);
		if (qe.n > 0)
			form_error(r, &e, "query", N_("This filter has a setting the caseload does not know."));
	}
	if (e.n == 0) {
		const char *normal = NULL;
		rc = app_filter_save(req_db(r), r->a, &actor, uid, &in, default_days(r), &normal, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE) {
			page_flash(r, "filter-saved");
			return req_redirect(r, arena_printf(r->a, "/caseloads/%lld?%s", (long long)uid, normal));
		}
		if (out.refusal != REFUSED_INVALID)
			return answer_closed(r, uid, &out);
		outcome_form_errors(r, &out, &e);
	}
	/* Back to the list as it was filtered when the user saved. */
	if (form_error_for(&e, "query") != NULL)
		fields_clear(caseload_filter_fields, &in.filter);
	r->status = 422;
	return caseload_page(r, uid, &in.filter, 1, CASELOAD_PER_PAGE, &e);
}

/* POST /caseloads/filters/:fid/delete (back to the caseload "uid"). */
static int
h_caseload_filter_delete(struct req *r)
{
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_filter_delete(req_db(r), &actor, req_param_id(r, 0), &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	page_flash(r, "filter-deleted");
	int64_t uid = 0;
	if (parse_int64(req_field(r, "uid"), 1, INT64_MAX, &uid) != SC_OK)
		return req_redirect(r, "/caseloads");
	return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)uid));
}

/* ---- a participant's contact person ---- */

static int
contact_page(struct req *r, const struct participant_brief *p, const char *current, const struct assignment *h,
	     size_t n, const struct assignment_input *shown, const struct form_errors *e)
{
	struct actor actor = req_actor(r);
	bool manage = case_allows(r, p, PART_BIT(PART_CASELOAD), ACT_WRITE);
	struct contact_choice *choices = NULL;
	size_t nchoices = 0;
	int64_t nall = 0;
	int rc;
	if (manage && (rc = load_choices(r, &actor, &choices, &nchoices, &nall)) != SC_OK)
		return rc;

	page_begin(r, case_name(r, p->given_name, p->family_name));
	struct buf *o = &r->out;
	case_header(r, p, "contact");
	form_error_summary(r, e);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Contact person"));
	html_lit(o, "</h2><p id=\"current-contact\">");
	if (current != NULL) {
		enum scope sc = access_scope(actor.roles, RES_CASELOADS, ACT_READ);
		bool link = sc == SCOPE_ALL || p->contact_id == actor.user_id;
		if (link) {
			html_lit(o, "<a href=\"/caseloads/");
			html_int(o, p->contact_id);
			html_lit(o, "\">");
		}
		html_text(o, current);
		if (link)
			html_lit(o, "</a>");
	} else {
		html_text(o, T(r, "No contact person yet."));
	}
	html_lit(o, "</p>");

	if (manage) {
		choices_search(r, arena_printf(r->a, "/participants/%lld/contact", (long long)p->id), NULL, nchoices,
			       nall);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/contact\" id=\"assign\" novalidate>");
		form_csrf(r);
		bool again = e != NULL && e->n > 0;
		int64_t sel = p->contact_id;
		if (again)
			parse_int64(req_field(r, "contact_id"), 1, INT64_MAX, &sel);
		contact_select(r, e, sel, choices, nchoices);
		form_field(r, fields_find(assignment_input_fields, "reason"), shown, again, NULL, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, p->contact_id ? T(r, "Change contact person") : T(r, "Assign contact person"));
		html_lit(o, "</button></form>");
	}

	html_lit(o, "<h2>");
	html_text(o, T(r, "History"));
	html_lit(o, "</h2>");
	if (n == 0) {
		page_muted(r, T(r, "No contact person has been assigned."));
		return page_end(r);
	}
	page_table(r, "id=\"contact-history\"",
		   (const char *const[]){N_("Contact person"), N_("From"), N_("To"), N_("Assigned by"), N_("Reason"), NULL});
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, h[i].contact_name);
		html_lit(o, "</td><td>");
		html_text(o, page_moment(r, h[i].from_at));
		html_lit(o, "</td><td>");
		html_text(o, h[i].to_at != FIELD_NONE ? page_moment(r, h[i].to_at) : T(r, "now"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].assigned_by_name[0] ? h[i].assigned_by_name : T(r, "the system"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].reason);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	return page_end(r);
}

/* The participant's contact person as the page (with the form showing
 * shown and e after a refused save) or as JSON {"participant_id",
 * "contact": {"id","name"} | null, "history": [...]}; audit: the read is
 * audited (not after a command, which audited its change). */
static int
contact_answer(struct req *r, int64_t participant_id, bool audit, const struct assignment_input *shown,
	       const struct form_errors *e)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	const char *current = NULL;
	struct assignment *h = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_contact(req_db(r), r->a, &actor, participant_id, audit, &p, &current, &h, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (!r->wants_json) {
		struct assignment_input blank = {0, ""};
		return contact_page(r, &p, current, h, n, shown != NULL ? shown : &blank, e);
	}
	json_t *contact = current != NULL ? json_pack("{s:I, s:s}", "id", (json_int_t)p.contact_id, "name", current)
					  : json_null();
	return api_send(r, 200, json_pack("{s:I, s:o, s:o}", "participant_id", (json_int_t)p.id, "contact", contact,
					  "history", history_json(h, n, false)));
}

/* GET /participants/:id/contact and /api/v1/participants/:id/contact. */
static int
h_participant_contact(struct req *r)
{
	return contact_answer(r, req_param_id(r, 0), true, NULL, NULL);
}

/* POST /participants/:id/contact and /api/v1/participants/:id/contact. */
static int
h_participant_contact_assign(struct req *r)
{
	struct assignment_input in;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, assignment_input_fields, &in, NULL, &e, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct caseload_refusal why = {0};
	struct outcome out = {0};
	int64_t id = req_param_id(r, 0);
	if (e.n == 0) {
		rc = app_contact_assign(req_db(r), r->a, &actor, id, &in, &p, &why, &out);
	} else {
		/* A body that could not be read is refused once the
		 * participant is known to be the actor's to change. */
		rc = app_participant(req_db(r), r->a, &actor, id, PART_BIT(PART_CASELOAD), ACT_WRITE, &p, &out);
		if (rc == SC_OK && out.refusal == DONE)
			out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == REFUSED_FULL) {
		const char *msg = full_text(r, &why, false);
		if (r->wants_json)
			return api_full(r, msg);
		e.field[e.n] = "contact_id";
		e.message[e.n++] = msg;
	} else if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		outcome_form_errors(r, &out, &e);
	}
	if (out.refusal != DONE) {
		r->status = outcome_status(&out);
		return contact_answer(r, id, true, &in, &e);
	}
	if (r->wants_json)
		return contact_answer(r, id, false, NULL, NULL);
	page_flash(r, "assigned");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/contact", (long long)id));
}

/* Literal segments before ":param" ones: bulk and filters before :uid. */
const struct route caseloads_routes[] = {
	BOTH(GET_HEAD, "/caseloads", "/api/v1/caseloads", h_caseloads, NEED(RES_CASELOADS, ACT_READ)),
	BOTH(M_POST, "/caseloads/bulk", "/api/v1/caseloads/bulk", h_caseload_bulk, NEED(RES_CASELOADS, ACT_WRITE)),
	/* Saved filters are the user's own settings; saving one also asks
	 * that the caseload it came from is theirs to open. */
	PAGE(M_POST, "/caseloads/filters", h_caseload_filter_save, NEED(RES_SELF, ACT_WRITE)),
	PAGE(M_POST, "/caseloads/filters/:fid/delete", h_caseload_filter_delete, NEED(RES_SELF, ACT_WRITE)),
	BOTH(GET_HEAD, "/caseloads/:uid", "/api/v1/caseloads/:uid", h_caseload, NEED(RES_CASELOADS, ACT_READ)),
	PAGE(GET_HEAD, "/caseloads/:uid/export", h_caseload_export, NEED(RES_CASELOADS, ACT_READ)),
	BOTH(GET_HEAD, "/caseloads/:uid/history", "/api/v1/caseloads/:uid/history", h_caseload_history,
	     NEED(RES_CASELOADS, ACT_READ)),
	BOTH(M_POST, "/caseloads/:uid/cap", "/api/v1/caseloads/:uid/cap", h_caseload_cap,
	     NEED(RES_CASELOADS, ACT_WRITE)),
	BOTH(GET_HEAD, "/participants/:id/contact", "/api/v1/participants/:id/contact", h_participant_contact,
	     NEED(RES_CASELOADS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/contact", "/api/v1/participants/:id/contact", h_participant_contact_assign,
	     NEED(RES_CASELOADS, ACT_WRITE)),
	ROUTES_END
};
