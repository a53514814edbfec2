/*
 * h_caseload.c — contact persons and caseloads: the leader's overview of
 * every contact person, one contact person's caseload with its filters
 * (saved per user), bulk reassignment and the cap, a participant's contact
 * person with the history of who followed them, and the same as JSON under
 * /api/v1/. Routes are in routes_caseload.inc.
 *
 * Contact persons (SCOPE_OWN on caseloads) see only their own caseload;
 * leaders (SCOPE_ALL, and write) see every caseload and assign. Every read
 * is audited as caseload.read (or participant.read on a participant's
 * page); every change is audited in the transaction that makes it.
 */
#include "case.h"
#include "export.h"
#include "http.h"
#include "domain/caseload.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

/* The handlers' prototypes, from the route lines. */
#define ROUTE(method, pattern, fn, perm, api) int fn(struct req *r);
#include "routes_caseload.inc"
#undef ROUTE

#define OVERVIEW_PER_PAGE 50
#define CASELOAD_PER_PAGE 100
#define EXPORT_MAX_ROWS 10000
#define REASON_MAX 500
#define DAYS_MIN 1
#define DAYS_MAX 365
#define NEW_DAYS 7
/* More assignable contact persons than this and the select offers a search. */
#define CHOICES_MAX 200
#define WHO_MAX 100

/* ---- filters ---- */

struct filter_key {
	const char *key;      /* query parameter, value "1" */
	unsigned bit;
	const char *label;    /* msgid */
};

static const struct filter_key filter_keys[] = {
	{"no_contact", CF_NO_CONTACT, N_("No contact for the number of days below")},
	{"eval_due", CF_EVAL_DUE, N_("Evaluation due or overdue")},
	{"goals_overdue", CF_GOALS_OVERDUE, N_("Goals or steps overdue")},
	{"new_week", CF_NEW, N_("New this week")},
};
#define NFILTER_KEYS (sizeof filter_keys / sizeof filter_keys[0])

/* What the caseload list is narrowed by. */
struct cl_filter {
	unsigned bits;   /* CF_* */
	int days;        /* the "no contact" window */
};

static int
default_days(const struct req *r)
{
	int d = r->app->cfg.caseload_no_contact_days;
	return d >= DAYS_MIN && d <= DAYS_MAX ? d : 14;
}

/* Reads ?days= into *days (the default when absent); an error in e when
 * it is not a whole number of days. */
static void
days_from(struct req *r, const struct kvlist *l, int *days, struct form_errors *e)
{
	const char *v = kv_get(l, "days");
	int64_t d = 0;
	*days = default_days(r);
	if (v == NULL || *v == '\0')
		return;
	if (parse_int64(v, DAYS_MIN, DAYS_MAX, &d) != SC_OK)
		form_error(r, e, "days", N_("The number of days must be a whole number from 1 to 365."));
	else
		*days = (int)d;
}

/*
 * Reads the filters from l (a query string, or a saved filter's query).
 * strict: every key must be a filter key or "days" (a saved filter);
 * otherwise other keys (page, per_page, format) are left alone.
 */
static void
filter_from(struct req *r, const struct kvlist *l, bool strict, struct cl_filter *f,
	    struct form_errors *e)
{
	f->bits = 0;
	days_from(r, l, &f->days, e);
	for (size_t i = 0; i < NFILTER_KEYS; i++) {
		const char *v = kv_get(l, filter_keys[i].key);
		if (v == NULL || *v == '\0' || strcmp(v, "0") == 0)
			continue;
		if (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0)
			f->bits |= filter_keys[i].bit;
		else
			form_error(r, e, filter_keys[i].key, N_("A filter is either 1 (on) or 0 (off)."));
	}
	if (!strict)
		return;
	for (size_t i = 0; i < l->n; i++) {
		bool known = strcmp(l->items[i].key, "days") == 0;
		for (size_t k = 0; k < NFILTER_KEYS && !known; k++)
			known = strcmp(l->items[i].key, filter_keys[k].key) == 0;
		if (!known)
			form_error(r, e, "query", N_("This filter has a setting the caseload does not know."));
	}
}

/* The filters as a query string without page: "no_contact=1&days=21" (days
 * only when not the default); "" for none. Plain text (escape for HTML). */
static const char *
filter_query(struct req *r, const struct cl_filter *f)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < NFILTER_KEYS; i++) {
		if (f->bits & filter_keys[i].bit)
			buf_printf(&b, "%s%s=1", b.len ? "&" : "", filter_keys[i].key);
	}
	if (f->days != default_days(r))
		buf_printf(&b, "%sdays=%d", b.len ? "&" : "", f->days);
	const char *s = buf_ok(&b) ? arena_strdup(r->a, b.data ? b.data : "") : "";
	buf_free(&b);
	return s ? s : "";
}

/* The dates a caseload query needs for today and these filters. */
static void
query_for(struct req *r, const struct cl_filter *f, struct caseload_query *q)
{
	struct date today = case_today();
	q->today = case_date_text(r, today);
	q->contact_since = case_date_text(r, date_add_days(today, -(int64_t)f->days));
	q->due_by = case_date_text(r, date_add_days(today, r->app->cfg.caseload_due_soon_days));
	q->new_since = time_now() - (int64_t)NEW_DAYS * 86400;
	q->filters = f->bits;
}

/* ---- small pieces ---- */

static const char *
moment_text(struct req *r, int64_t t)
{
	char s[32];
	time_format_local(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

static json_t *
moment_json(int64_t t)
{
	if (t <= 0)
		return json_null();
	char s[32];
	time_format_utc(t, s, sizeof s);
	return json_string(s);
}

static json_t *
text_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static bool
can_manage(const struct req *r)
{
	return access_scope(r->user.roles, RES_CASELOADS, ACT_WRITE) == SCOPE_ALL;
}

/*
 * The caseload owner in text: 0 with *uid set when the user may see it;
 * CASE_ANSWERED after a 404 (malformed id) or an audited 403 (a contact
 * person opening someone else's caseload).
 */
static int
caseload_owner(struct req *r, const char *text, int64_t *uid)
{
	if (parse_int64(text, 1, INT64_MAX, uid) != SC_OK) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	enum scope sc = access_scope(r->user.roles, RES_CASELOADS, ACT_READ);
	if (sc == SCOPE_ALL || (sc != SCOPE_NONE && *uid == r->user.id))
		return SC_OK;
	r->deny_type = "caseload";
	r->deny_id = case_id(r, *uid);
	req_error(r, 403, T(r, "You may open only your own caseload."));
	return CASE_ANSWERED;
}

/* Reads the reason field: at most REASON_MAX bytes. */
static void
reason_check(struct req *r, const char *reason, const char *field, struct form_errors *e)
{
	if (reason == NULL)
		form_error(r, e, field, N_("The reason must be text."));
	else if (strlen(reason) > REASON_MAX)
		form_error(r, e, field, N_("The reason can be at most 500 characters."));
}

/* A select of the assignable contact persons, with its error beside it. */
static void
contact_select(struct req *r, const struct form_errors *e, int64_t selected,
	       const struct contact_choice *choices, size_t n)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, "contact_id");
	html_lit(o, "<div class=\"field");
	if (err)
		html_lit(o, " has-error");
	html_lit(o, "\"><label for=\"contact_id\">");
	html_text(o, T(r, "Contact person"));
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
		if (case_contact_full(&choices[i]))
			html_lit(o, " disabled");
		html_lit(o, ">");
		html_text(o, case_contact_label(r, &choices[i]));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_error(&r->out, form_error_for(e, "contact_id"), "contact_id");
	html_lit(o, "</div>");
}

/* The contact persons a select offers: all of them, or when there are more
 * than CHOICES_MAX those whose name contains ?who=. */
static int
load_choices(struct req *r, struct contact_choice **choices, size_t *n, int64_t *total)
{
	const char *who = req_qs(r, "who");
	if (strlen(who) > WHO_MAX)
		who = "";
	return store_caseload_choices(req_db(r), r->a, who, CHOICES_MAX, choices, n, total);
}

/*
 * When the select cannot list everyone (or a search was made): a small GET
 * form to find a contact person by name. action is the page's path; the
 * filters f (may be NULL) are carried along as hidden fields.
 */
static void
choices_search(struct req *r, const char *action, const struct cl_filter *f, size_t shown,
	       int64_t total)
{
	const char *who = req_qs(r, "who");
	if ((int64_t)shown >= total && *who == '\0')
		return;
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"get\" action=\"");
	html_text(o, action);
	html_lit(o, "\" id=\"find-contact\" class=\"inline\">");
	for (size_t i = 0; f != NULL && i < NFILTER_KEYS; i++) {
		if (f->bits & filter_keys[i].bit) {
			html_lit(o, "<input type=\"hidden\" name=\"");
			html_text(o, filter_keys[i].key);
			html_lit(o, "\" value=\"1\">");
		}
	}
	if (f != NULL && f->days != default_days(r)) {
		html_lit(o, "<input type=\"hidden\" name=\"days\" value=\"");
		html_int(o, f->days);
		html_lit(o, "\">");
	}
	html_lit(o, "<p class=\"muted\">");
	html_text(o, arena_printf(r->a, T(r, "Showing %lld of %lld contact persons. Search by name to find others."),
				  (long long)shown, (long long)total));
	html_lit(o, "</p>");
	form_input(r, NULL, "who", T(r, "Find a contact person"), "search", who, "off", false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Search"));
	html_lit(o, "</button></form>");
}

/* ---- JSON ---- */

static json_t *
person_json(const struct caseload_person *p)
{
	return json_pack("{s:I, s:s, s:b, s:I, s:i, s:b, s:I, s:I, s:I}",
			 "id", (json_int_t)p->id, "name", p->name, "assignable", p->assignable,
			 "active", (json_int_t)p->active, "cap", p->cap, "own_cap", p->own_cap,
			 "free_places", (json_int_t)p->free_places, "overdue", (json_int_t)p->overdue,
			 "without_contact", (json_int_t)p->no_contact);
}

static json_t *
row_json(const struct caseload_row *w)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:o, s:b, s:b, s:b, s:b}",
			 "id", (json_int_t)w->id, "given_name", w->given_name,
			 "family_name", w->family_name, "status", w->status,
			 "last_contact", text_or_null(w->last_contact),
			 "next_meeting", text_or_null(w->next_meeting),
			 "overdue", (json_int_t)w->overdue, "assigned_at", moment_json(w->assigned_at),
			 "no_contact", (w->flags & CF_NO_CONTACT) != 0,
			 "evaluation_due", (w->flags & CF_EVAL_DUE) != 0,
			 "goals_overdue", (w->flags & CF_GOALS_OVERDUE) != 0,
			 "new", (w->flags & CF_NEW) != 0);
}

static json_t *
history_json(const struct assignment *h, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:s}",
			"participant_id", (json_int_t)h[i].participant_id,
			"contact_id", (json_int_t)h[i].contact_id, "contact_name", h[i].contact_name,
			"from", moment_json(h[i].from_at), "to", moment_json(h[i].to_at),
			"assigned_by", h[i].assigned_by ? json_integer(h[i].assigned_by) : json_null(),
			"assigned_by_name", text_or_null(h[i].assigned_by_name),
			"reason", h[i].reason));
	}
	return arr;
}

/* ---- the overview ---- */

int
h_caseloads(struct req *r)
{
	if (access_scope(r->user.roles, RES_CASELOADS, ACT_READ) != SCOPE_ALL)
		return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)r->user.id));
	struct form_errors e = {0};
	int days = 0;
	int64_t page = 1;
	days_from(r, &r->query, &days, &e);
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK)
		form_error(r, &e, "page", N_("The page must be a whole number from 1."));
	struct date today = case_today();
	const char *today_s = case_date_text(r, today);
	const char *since = case_date_text(r, date_add_days(today, -(int64_t)days));
	struct db *db = req_db(r);
	struct caseload_person *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = store_caseload_overview(db, r->a, today_s, since, OVERVIEW_PER_PAGE,
					 (page - 1) * OVERVIEW_PER_PAGE, &items, &n, &total);
	struct caseload_totals sum;
	if (rc == SC_OK)
		rc = store_caseload_capacity(db, &sum);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "caseload.read", "caseload", NULL, "ok");

	if (e.n > 0)
		r->status = 422;
	page_begin(r, T(r, "Caseloads"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Caseloads"));
	html_lit(o, "</h1>");
	form_error_summary(r, &e);
	html_lit(o, "<ul class=\"cards\" id=\"capacity\"><li>");
	html_text(o, arena_printf(r->a, T(r, "Contact persons: %lld"), (long long)sum.persons));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Places (sum of caps): %lld"), (long long)sum.capacity));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Active participants: %lld"), (long long)sum.active));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Free places: %lld"), (long long)sum.free_places));
	html_lit(o, "</li></ul><form method=\"get\" action=\"/caseloads\" id=\"overview-days\" class=\"inline\">");
	form_input(r, &e, "days", T(r, "Without contact for (days)"), "number",
		   form_error_for(&e, "days") ? req_qs(r, "days") : arena_printf(r->a, "%d", days),
		   "off", false);
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
	page_pager(r, "/caseloads", base, page, total, OVERVIEW_PER_PAGE);
	return page_end(r);
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
filter_form(struct req *r, int64_t uid, const struct cl_filter *f, const struct form_errors *fe)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"get\" action=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "\" id=\"filters\"><fieldset><legend>");
	html_text(o, T(r, "Show participants with any of"));
	html_lit(o, "</legend>");
	for (size_t i = 0; i < NFILTER_KEYS; i++) {
		html_lit(o, "<label><input type=\"checkbox\" name=\"");
		html_text(o, filter_keys[i].key);
		html_lit(o, "\" id=\"");
		html_text(o, filter_keys[i].key);
		html_lit(o, "\" value=\"1\"");
		if (f->bits & filter_keys[i].bit)
			html_lit(o, " checked");
		if (form_error_for(fe, filter_keys[i].key) != NULL) {
			html_lit(o, " aria-invalid=\"true\" aria-describedby=\"");
			html_text(o, filter_keys[i].key);
			html_lit(o, "-error\"");
		}
		html_lit(o, "> ");
		html_text(o, T(r, filter_keys[i].label));
		html_lit(o, "</label>");
		form_field_error(&r->out, form_error_for(fe, filter_keys[i].key), filter_keys[i].key);
	}
	html_lit(o, "</fieldset>");
	form_input(r, fe, "days", T(r, "No contact for (days)"), "number",
		   form_error_for(fe, "days") ? req_qs(r, "days") : arena_printf(r->a, "%d", f->days),
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
saved_filters_section(struct req *r, int64_t uid, const struct cl_filter *f,
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
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "You have no saved filters."));
		html_lit(o, "</p>");
	}
	html_lit(o, "<form method=\"post\" action=\"/caseloads/filters\" id=\"filter-save\" novalidate>");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"uid\" value=\"");
	html_int(o, uid);
	html_lit(o, "\"><input type=\"hidden\" name=\"query\" value=\"");
	html_text(o, form_error_for(e, "query") ? req_field(r, "query") : filter_query(r, f));
	html_lit(o, "\">");
	form_field_error(&r->out, form_error_for(e, "query"), "query");
	form_input(r, e, "name", T(r, "Save the filters above as"), "text",
		   form_error_for(e, "name") ? req_field(r, "name") : "", "off", true);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Save filter"));
	html_lit(o, "</button></form></section>");
}

static void
caseload_table(struct req *r, const struct caseload_row *rows, size_t n, bool manage,
	       const struct form_errors *e)
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
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Last contact"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Next meeting"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Overdue items"));
	html_lit(o, "</th></tr></thead><tbody>");
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
		if (rows[i].flags & CF_NEW) {
			html_lit(o, " <span class=\"muted\">");
			html_text(o, T(r, "new"));
			html_lit(o, "</span>");
		}
		html_lit(o, "</td><td>");
		html_text(o, T(r, participant_status_label(rows[i].status)));
		html_lit(o, "</td><td>");
		html_text(o, rows[i].last_contact ? rows[i].last_contact : T(r, "never"));
		html_lit(o, "</td><td>");
		case_next_meeting(r, rows[i].next_meeting, true);
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

/*
 * The caseload page of uid with the filters f; e holds the errors of a
 * form that came back (filters, saved filter, bulk, cap) and r->status the
 * status to answer with. The caller has checked access.
 */
static int
caseload_page(struct req *r, int64_t uid, const struct cl_filter *f, int64_t page,
	      const struct form_errors *e)
{
	struct db *db = req_db(r);
	struct caseload_query q;
	query_for(r, f, &q);
	struct caseload_person person;
	int rc = store_caseload_person(db, r->a, uid, q.today, q.contact_since, &person);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_caseload_list(db, r->a, uid, &q, CASELOAD_PER_PAGE, (page - 1) * CASELOAD_PER_PAGE,
				 &rows, &n, &total);
	if (rc != SC_OK)
		return rc;
	struct saved_filter *sf = NULL;
	size_t nsf = 0;
	rc = store_filter_list(db, r->a, r->user.id, &sf, &nsf);
	if (rc != SC_OK)
		return rc;
	bool manage = can_manage(r);
	struct contact_choice *choices = NULL;
	size_t nchoices = 0;
	int64_t nall = 0;
	if (manage && (rc = load_choices(r, &choices, &nchoices, &nall)) != SC_OK)
		return rc;
	req_audit(r, "caseload.read", "caseload", case_id(r, uid), "ok");

	const char *title = arena_printf(r->a, T(r, "Caseload of %s"), person.name);
	page_begin(r, title);
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, "</h1>");
	form_error_summary(r, e);
	if (!person.assignable) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "This user is not an active contact person: reassign their participants."));
		html_lit(o, "</p>");
	}
	html_lit(o, "<ul class=\"cards\" id=\"caseload-figures\"><li>");
	html_text(o, arena_printf(r->a, T(r, "Active participants: %lld of %d"), (long long)person.active,
				  person.cap));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Free places: %lld"), (long long)person.free_places));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Overdue items: %lld"), (long long)person.overdue));
	html_lit(o, "</li><li>");
	html_text(o, arena_printf(r->a, T(r, "Without contact for %d days: %lld"), f->days,
				  (long long)person.no_contact));
	html_lit(o, "</li></ul>");

	filter_form(r, uid, f, e);
	saved_filters_section(r, uid, f, sf, nsf, e);
	const char *fq = filter_query(r, f);
	html_lit(o, "<p class=\"export\">");
	html_text(o, T(r, "Download this list:"));
	html_lit(o, " <a href=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "/export?format=csv");
	if (*fq) {
		html_lit(o, "&amp;");
		html_text(o, fq);
	}
	html_lit(o, "\">CSV</a> <a href=\"/caseloads/");
	html_int(o, uid);
	html_lit(o, "/export?format=xlsx");
	if (*fq) {
		html_lit(o, "&amp;");
		html_text(o, fq);
	}
	html_lit(o, "\">Excel (XLSX)</a></p>");

	html_lit(o, "<h2>");
	html_text(o, arena_printf(r->a, T(r, "Participants (%lld)"), (long long)total));
	html_lit(o, "</h2>");
	if (manage)
		choices_search(r, arena_printf(r->a, "/caseloads/%lld", (long long)uid), f, nchoices, nall);
	if (manage) {
		html_lit(o, "<form method=\"post\" action=\"/caseloads/bulk\" id=\"bulk\" novalidate>");
		form_csrf(r);
		html_lit(o, "<input type=\"hidden\" name=\"from\" value=\"");
		html_int(o, uid);
		html_lit(o, "\">");
	}
	caseload_table(r, rows, n, manage, e);
	page_pager(r, arena_printf(r->a, "/caseloads/%lld", (long long)uid), fq, page, total,
		   CASELOAD_PER_PAGE);
	if (manage) {
		int64_t sel = 0;
		parse_int64(req_field(r, "contact_id"), 1, INT64_MAX, &sel);
		html_lit(o, "<fieldset><legend>");
		html_text(o, T(r, "Reassign the chosen participants"));
		html_lit(o, "</legend>");
		contact_select(r, e, sel, choices, nchoices);
		form_input(r, e, "reason", T(r, "Reason"), "text", req_field(r, "reason"), "off", false);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Reassign"));
		html_lit(o, "</button></fieldset></form>");

		html_lit(o, "<h2>");
		html_text(o, T(r, "Caseload cap"));
		html_lit(o, "</h2><form method=\"post\" action=\"/caseloads/");
		html_int(o, uid);
		html_lit(o, "/cap\" id=\"cap-form\" novalidate>");
		form_csrf(r);
		form_input(r, e, "cap", T(r, "Most active participants"), "number",
			   form_error_for(e, "cap") ? req_field(r, "cap") : arena_printf(r->a, "%d", person.cap),
			   "off", true);
		html_lit(o, "<p class=\"muted\">");
		html_text(o, arena_printf(r->a, T(r, "From %d to %d; %d unless set."), CASELOAD_MIN_CAP,
					  CASELOAD_MAX_CAP, CASELOAD_DEFAULT_CAP));
		html_lit(o, "</p><button type=\"submit\">");
		html_text(o, T(r, "Save cap"));
		html_lit(o, "</button></form>");
	}
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
	struct cl_filter f = { 0, default_days(r) };
	r->status = status;
	return caseload_page(r, uid, &f, 1, e);
}

int
h_caseload(struct req *r)
{
	int64_t uid = 0;
	int rc = caseload_owner(r, req_param(r, 0), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct form_errors e = {0};
	struct cl_filter f;
	int64_t page = 1;
	filter_from(r, &r->query, false, &f, &e);
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK)
		form_error(r, &e, "page", N_("The page must be a whole number from 1."));
	if (e.n > 0)
		r->status = 422;
	return caseload_page(r, uid, &f, page, &e);
}

int
h_caseload_export(struct req *r)
{
	int64_t uid = 0;
	int rc = caseload_owner(r, req_param(r, 0), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	const char *fmt = req_qs(r, "format");
	struct form_errors e = {0};
	struct cl_filter f;
	filter_from(r, &r->query, false, &f, &e);
	if (!export_format_ok(fmt) || e.n > 0)
		return req_error(r, 400, T(r, "Choose CSV or XLSX, and filters from the caseload page."));
	struct caseload_query q;
	query_for(r, &f, &q);
	struct db *db = req_db(r);
	struct caseload_person person;
	rc = store_caseload_person(db, r->a, uid, q.today, q.contact_since, &person);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_caseload_list(db, r->a, uid, &q, EXPORT_MAX_ROWS, 0, &rows, &n, &total);
	if (rc != SC_OK)
		return rc;
	rc = req_audit(r, "caseload.export", "caseload", case_id(r, uid), "ok");
	if (rc != SC_OK)
		return rc;
	const char *headers[] = {
		T(r, "Family name"), T(r, "Given name"), T(r, "Status"), T(r, "Last contact"),
		T(r, "Next meeting"), T(r, "Overdue items"), T(r, "Contact person"),
	};
	size_t ncols = sizeof headers / sizeof headers[0];
	struct export *x = export_begin(r, fmt, "caseload", headers, ncols);
	for (size_t i = 0; i < n && x != NULL; i++) {
		const char *cells[] = {
			rows[i].family_name, rows[i].given_name,
			T(r, participant_status_label(rows[i].status)), rows[i].last_contact,
			rows[i].next_meeting, case_id(r, rows[i].overdue), person.name,
		};
		if (export_row(x, cells) != SC_OK)
			break;
	}
	return export_finish(x);
}

/* ---- a contact person's assignment history ---- */

#define HISTORY_PER_PAGE 50

int
h_caseload_history(struct req *r)
{
	int64_t uid = 0;
	int rc = caseload_owner(r, req_param(r, 0), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK)
		return req_error(r, 400, T(r, "The page must be a whole number from 1."));
	struct db *db = req_db(r);
	struct user u;
	rc = store_user_by_id(db, r->a, uid, &u);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct assignment *h = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_assignment_history_contact(db, r->a, uid, HISTORY_PER_PAGE,
					      (page - 1) * HISTORY_PER_PAGE, &h, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "caseload.read", "caseload", case_id(r, uid), "ok");
	const char *title = arena_printf(r->a, T(r, "Assignment history of %s"), u.display_name);
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
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "No participant has been assigned to this person."));
		html_lit(o, "</p>");
		return page_end(r);
	}
	html_lit(o, "<table id=\"caseload-history\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Participant"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "From"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "To"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Assigned by"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Reason"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, case_name(r, h[i].given_name, h[i].family_name));
		html_lit(o, "</td><td>");
		html_text(o, moment_text(r, h[i].from_at));
		html_lit(o, "</td><td>");
		html_text(o, h[i].to_at ? moment_text(r, h[i].to_at) : T(r, "now"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].assigned_by_name ? h[i].assigned_by_name : T(r, "the system"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].reason);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	page_pager(r, arena_printf(r->a, "/caseloads/%lld/history", (long long)uid), "", page, total,
		   HISTORY_PER_PAGE);
	return page_end(r);
}

/* ---- bulk reassignment ---- */

/* The participant ids of the bulk form; errors into e. */
static int64_t *
bulk_ids(struct req *r, size_t *n, struct form_errors *e)
{
	size_t count = kv_count(&r->form, "participant");
	*n = 0;
	if (count == 0) {
		form_error(r, e, "participant", N_("Choose at least one participant."));
		return NULL;
	}
	if (count > CASELOAD_BULK_MAX) {
		form_error(r, e, "participant", N_("Choose at most 500 participants at once."));
		return NULL;
	}
	int64_t *ids = arena_alloc(r->a, sizeof *ids * count);
	if (ids == NULL)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		if (parse_int64(kv_get_nth(&r->form, "participant", i), 1, INT64_MAX, &ids[i]) != SC_OK) {
			form_error(r, e, "participant", N_("Choose participants from the list."));
			return NULL;
		}
	}
	*n = count;
	return ids;
}

/* What a refused bulk move says, translated. */
static const char *
bulk_refusal_text(struct req *r, int rc, const struct bulk_refusal *why, const char *name)
{
	if (rc == SC_ELIMIT)
		return arena_printf(r->a, T(r, "%s has room for %d more active participants; you chose %d."),
				    name, why->room, why->chosen);
	if (rc == SC_ENOTFOUND)
		return arena_printf(r->a, T(r, "There is no participant with id %lld."),
				    (long long)why->participant_id);
	return T(r, "Choose an active contact person from the list.");
}

/*
 * Runs a bulk move with its audit entries in one transaction. Returns 0,
 * a refusal code (SC_ELIMIT, SC_ENOTFOUND, SC_EINVAL) with *msg set and
 * nothing changed, or another negative code.
 */
static int
bulk_run(struct req *r, const int64_t *ids, size_t n, int64_t contact_id, const char *reason,
	 int64_t *moved, const char **msg)
{
	struct db *db = req_db(r);
	struct bulk_refusal why;
	int64_t *moved_ids = arena_alloc(r->a, sizeof *moved_ids * (n ? n : 1));
	if (moved_ids == NULL)
		return SC_ENOMEM;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_assign_bulk(db, ids, n, contact_id, r->user.id, reason, time_now(), moved,
				       moved_ids, &why);
	if (rc == SC_ELIMIT || rc == SC_ENOTFOUND || rc == SC_EINVAL) {
		store_tx_rollback(db);
		struct user u;
		const char *name = T(r, "The contact person");
		if (rc == SC_ELIMIT && store_user_by_id(db, r->a, contact_id, &u) == SC_OK)
			name = u.display_name;
		*msg = bulk_refusal_text(r, rc, &why, name);
		return rc;
	}
	for (int64_t i = 0; rc == SC_OK && i < *moved; i++)
		rc = req_audit(r, "assignment.create", "participant", case_id(r, moved_ids[i]), "ok");
	if (rc == SC_OK)
		rc = req_audit(r, "caseload.bulk", "caseload", case_id(r, contact_id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
h_caseload_bulk(struct req *r)
{
	int64_t from = 0;
	if (parse_int64(req_field(r, "from"), 1, INT64_MAX, &from) != SC_OK)
		return req_error(r, 400, NULL);
	struct form_errors e = {0};
	size_t n = 0;
	int64_t *ids = bulk_ids(r, &n, &e);
	int64_t contact_id = 0;
	if (parse_int64(req_field(r, "contact_id"), 1, INT64_MAX, &contact_id) != SC_OK)
		form_error(r, &e, "contact_id", N_("Choose a contact person."));
	const char *reason = req_field(r, "reason");
	reason_check(r, reason, "reason", &e);
	if (e.n > 0)
		return caseload_again(r, from, 422, &e);
	int64_t moved = 0;
	const char *msg = NULL;
	int rc = bulk_run(r, ids, n, contact_id, reason, &moved, &msg);
	if (rc == SC_ELIMIT || rc == SC_EINVAL || rc == SC_ENOTFOUND) {
		form_error(r, &e, rc == SC_ENOTFOUND ? "participant" : "contact_id", msg);
		return caseload_again(r, from, rc == SC_ELIMIT ? 409 : 422, &e);
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, "bulk-assigned");
	return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)from));
}

/* ---- the cap ---- */

/* Parses and sets the cap with its audit entry. Returns 0, or SC_EINVAL /
 * SC_ENOTFOUND / SC_ELIMIT with *msg (translated) and nothing changed. */
static int
cap_run(struct req *r, int64_t uid, const char *text, const char **msg)
{
	int64_t cap = 0;
	if (parse_int64(text, CASELOAD_MIN_CAP, CASELOAD_MAX_CAP, &cap) != SC_OK) {
		*msg = T(r, "The cap must be a whole number from 1 to 60.");
		return SC_EINVAL;
	}
	struct db *db = req_db(r);
	int64_t active = 0;
	const char *why = NULL;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_caseload_set_cap(db, uid, (int)cap, time_now(), &active, &why);
	if (rc == SC_ELIMIT) {
		*msg = arena_printf(r->a, T(r, "This contact person has %lld active participants; the cap cannot be lower. Reassign some first."),
				    (long long)active);
	} else if (rc == SC_EINVAL || rc == SC_ENOTFOUND) {
		*msg = T(r, "Only a contact person has a caseload cap.");
	}
	if (rc == SC_OK)
		rc = req_audit(r, "caseload.cap", "caseload", case_id(r, uid), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
h_caseload_cap(struct req *r)
{
	int64_t uid = 0;
	int rc = caseload_owner(r, req_param(r, 0), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	const char *msg = NULL;
	rc = cap_run(r, uid, req_field(r, "cap"), &msg);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc == SC_EINVAL || rc == SC_ELIMIT) {
		struct form_errors e = {0};
		form_error(r, &e, "cap", msg);
		return caseload_again(r, uid, 422, &e);
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, "cap-saved");
	return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)uid));
}

/* ---- saved filters ---- */

static bool
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

int
h_caseload_filter_save(struct req *r)
{
	if (!access_allows(r->user.roles, RES_CASELOADS, ACT_READ))
		return req_error(r, 403, NULL);
	int64_t uid = 0;
	int rc = caseload_owner(r, req_field(r, "uid"), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct form_errors e = {0};
	char *name = arena_strdup(r->a, req_field(r, "name"));
	const char *query = req_field(r, "query");
	if (name == NULL)
		return SC_ENOMEM;
	while (*name == ' ')
		name++;
	for (size_t len = strlen(name); len > 0 && name[len - 1] == ' '; len--)
		name[len - 1] = '\0';
	if (*name == '\0')
		form_error(r, &e, "name", N_("Give the filter a name."));
	else if (strlen(name) > SAVED_FILTER_NAME_MAX || has_control(name))
		form_error(r, &e, "name", N_("The name can be at most 100 characters, on one line."));
	struct kvlist kv = {0};
	struct cl_filter f = { 0, default_days(r) };
	if (strlen(query) > SAVED_FILTER_QUERY_MAX ||
	    parse_query(r->a, query, strlen(query), 20, &kv) != SC_OK) {
		form_error(r, &e, "query", N_("This filter has a setting the caseload does not know."));
	} else {
		struct form_errors qe = {0};
		filter_from(r, &kv, true, &f, &qe);
		if (qe.n > 0)
			form_error(r, &e, "query", N_("This filter has a setting the caseload does not know."));
	}
	if (e.n == 0 && f.bits == 0 && f.days == default_days(r))
		form_error(r, &e, "query", N_("Choose at least one filter to save."));
	const char *normal = filter_query(r, &f);
	if (e.n == 0) {
		rc = store_filter_save(req_db(r), r->user.id, name, normal, time_now(), NULL);
		if (rc == SC_ECONFLICT)
			form_error(r, &e, "name", N_("You already have a filter with that name."));
		else if (rc == SC_ELIMIT)
			form_error(r, &e, "name", N_("You have 50 saved filters; delete one first."));
		else if (rc != SC_OK)
			return rc;
	}
	if (e.n > 0) {
		/* Back to the list as it was filtered when the user saved. */
		if (form_error_for(&e, "query") != NULL) {
			f.bits = 0;
			f.days = default_days(r);
		}
		r->status = 422;
		return caseload_page(r, uid, &f, 1, &e);
	}
	page_flash(r, "filter-saved");
	return req_redirect(r, arena_printf(r->a, "/caseloads/%lld?%s", (long long)uid, normal));
}

int
h_caseload_filter_delete(struct req *r)
{
	if (!access_allows(r->user.roles, RES_CASELOADS, ACT_READ))
		return req_error(r, 403, NULL);
	int64_t fid = 0, uid = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &fid) != SC_OK)
		return req_error(r, 404, NULL);
	int rc = store_filter_delete(req_db(r), r->user.id, fid);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "filter-deleted");
	if (parse_int64(req_field(r, "uid"), 1, INT64_MAX, &uid) != SC_OK)
		return req_redirect(r, "/caseloads");
	return req_redirect(r, arena_printf(r->a, "/caseloads/%lld", (long long)uid));
}

/* ---- a participant's contact person ---- */

static int
contact_page(struct req *r, const struct participant_brief *p, const struct form_errors *e)
{
	struct db *db = req_db(r);
	struct assignment *h = NULL;
	size_t n = 0;
	int rc = store_assignment_history(db, r->a, p->id, &h, &n);
	if (rc != SC_OK)
		return rc;
	bool manage = case_allows(r, p, PART_BIT(PART_CASELOAD), ACT_WRITE);
	struct contact_choice *choices = NULL;
	size_t nchoices = 0;
	int64_t nall = 0;
	if (manage && (rc = load_choices(r, &choices, &nchoices, &nall)) != SC_OK)
		return rc;
	const char *current = NULL;
	if (p->contact_id != 0) {
		if (n > 0 && h[0].to_at == 0 && h[0].contact_id == p->contact_id) {
			current = h[0].contact_name;
		} else {
			struct user u;
			if (store_user_by_id(db, r->a, p->contact_id, &u) == SC_OK)
				current = u.display_name;
		}
	}
	req_audit(r, "participant.read", "participant", case_id(r, p->id), "ok");

	page_begin(r, case_name(r, p->given_name, p->family_name));
	struct buf *o = &r->out;
	case_header(r, p, "contact");
	form_error_summary(r, e);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Contact person"));
	html_lit(o, "</h2><p id=\"current-contact\">");
	if (current != NULL) {
		enum scope sc = access_scope(r->user.roles, RES_CASELOADS, ACT_READ);
		bool link = sc == SCOPE_ALL || p->contact_id == r->user.id;
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
		choices_search(r, arena_printf(r->a, "/participants/%lld/contact", (long long)p->id), NULL,
			       nchoices, nall);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/contact\" id=\"assign\" novalidate>");
		form_csrf(r);
		int64_t sel = p->contact_id;
		if (e != NULL && e->n > 0)
			parse_int64(req_field(r, "contact_id"), 1, INT64_MAX, &sel);
		contact_select(r, e, sel, choices, nchoices);
		form_input(r, e, "reason", T(r, "Reason"), "text",
			   e != NULL && e->n > 0 ? req_field(r, "reason") : "", "off", false);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, p->contact_id ? T(r, "Change contact person") : T(r, "Assign contact person"));
		html_lit(o, "</button></form>");
	}

	html_lit(o, "<h2>");
	html_text(o, T(r, "History"));
	html_lit(o, "</h2>");
	if (n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "No contact person has been assigned."));
		html_lit(o, "</p>");
		return page_end(r);
	}
	html_lit(o, "<table id=\"contact-history\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Contact person"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "From"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "To"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Assigned by"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Reason"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, h[i].contact_name);
		html_lit(o, "</td><td>");
		html_text(o, moment_text(r, h[i].from_at));
		html_lit(o, "</td><td>");
		html_text(o, h[i].to_at ? moment_text(r, h[i].to_at) : T(r, "now"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].assigned_by_name ? h[i].assigned_by_name : T(r, "the system"));
		html_lit(o, "</td><td>");
		html_text(o, h[i].reason);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	return page_end(r);
}

int
h_participant_contact(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_CASELOAD), ACT_READ, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	return contact_page(r, &p, NULL);
}

/*
 * Assigns with the audit entry in one transaction. Returns 0 (also when
 * the contact person is already theirs: nothing written), or a refusal
 * (SC_ELIMIT, SC_EINVAL, SC_ENOTFOUND) with *msg translated and nothing
 * changed, or another negative code.
 */
static int
assign_run(struct req *r, const struct participant_brief *p, int64_t contact_id,
	   const char *reason, const char **msg)
{
	if (p->contact_id == contact_id)
		return SC_OK;
	struct db *db = req_db(r);
	const char *why = NULL;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_assign_contact(db, p->id, contact_id, r->user.id, reason, time_now(), &why);
	if (rc == SC_OK)
		rc = req_audit(r, "assignment.create", "participant", case_id(r, p->id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc == SC_OK)
		return SC_OK;
	store_tx_rollback(db);
	if (rc == SC_ELIMIT) {
		struct caseload_person c;
		struct date today = case_today();
		const char *t = case_date_text(r, today);
		if (store_caseload_person(db, r->a, contact_id, t, t, &c) == SC_OK)
			*msg = arena_printf(r->a, T(r, "%s has no free places: %lld of %d. Choose someone else or raise the cap."),
					    c.name, (long long)c.active, c.cap);
		else
			*msg = T(r, "The contact person's caseload is full.");
	} else if (rc == SC_EINVAL) {
		*msg = T(r, "Choose an active contact person from the list.");
	} else if (rc == SC_ENOTFOUND) {
		*msg = T(r, "There is no such participant.");
	}
	return rc;
}

int
h_participant_contact_assign(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_CASELOAD), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct form_errors e = {0};
	int64_t contact_id = 0;
	if (parse_int64(req_field(r, "contact_id"), 1, INT64_MAX, &contact_id) != SC_OK)
		form_error(r, &e, "contact_id", N_("Choose a contact person."));
	const char *reason = req_field(r, "reason");
	reason_check(r, reason, "reason", &e);
	if (e.n == 0) {
		const char *msg = NULL;
		rc = assign_run(r, &p, contact_id, reason, &msg);
		if (rc == SC_ENOTFOUND)
			return req_error(r, 404, NULL);
		if (rc == SC_ELIMIT || rc == SC_EINVAL) {
			form_error(r, &e, "contact_id", msg);
			r->status = rc == SC_ELIMIT ? 409 : 422;
			return contact_page(r, &p, &e);
		}
		if (rc != SC_OK)
			return rc;
		page_flash(r, "assigned");
		return req_redirect(r, arena_printf(r->a, "/participants/%lld/contact", (long long)p.id));
	}
	r->status = 422;
	return contact_page(r, &p, &e);
}

/* ---- API ---- */

/* The API's filters from the query string; false (and 400 sent) when bad. */
static bool
api_filters(struct req *r, struct cl_filter *f, int *rc)
{
	struct form_errors e = {0};
	filter_from(r, &r->query, false, f, &e);
	if (e.n == 0)
		return true;
	*rc = api_error(r, 400, "invalid", T(r, "Some filters are wrong."), case_errors_json(&e));
	return false;
}

int
api_caseloads(struct req *r)
{
	int64_t page, per_page;
	int rc = SC_OK;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct cl_filter f;
	if (!api_filters(r, &f, &rc))
		return rc;
	struct caseload_query q;
	query_for(r, &f, &q);
	struct db *db = req_db(r);
	struct caseload_person *items = NULL;
	struct caseload_person own;
	size_t n = 0;
	int64_t total = 0;
	if (access_scope(r->user.roles, RES_CASELOADS, ACT_READ) == SCOPE_ALL) {
		rc = store_caseload_overview(db, r->a, q.today, q.contact_since, per_page,
					     (page - 1) * per_page, &items, &n, &total);
	} else {
		rc = store_caseload_person(db, r->a, r->user.id, q.today, q.contact_since, &own);
		if (rc == SC_OK) {
			total = 1;
			n = page == 1 ? 1 : 0;
			items = &own;
		}
	}
	if (rc != SC_OK)
		return rc;
	struct caseload_totals sum;
	rc = store_caseload_capacity(db, &sum);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "caseload.read", "caseload", NULL, "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, person_json(&items[i]));
	json_t *out = api_page_json(arr, page, per_page, total);
	json_object_set_new(out, "days", json_integer(f.days));
	json_object_set_new(out, "totals", json_pack("{s:I, s:I, s:I, s:I}",
		"contact_persons", (json_int_t)sum.persons, "capacity", (json_int_t)sum.capacity,
		"active", (json_int_t)sum.active, "free_places", (json_int_t)sum.free_places));
	return api_send(r, 200, out);
}

int
api_caseload(struct req *r)
{
	int64_t uid = 0;
	int rc = caseload_owner(r, req_param(r, 0), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t page, per_page;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct cl_filter f;
	if (!api_filters(r, &f, &rc))
		return rc;
	struct caseload_query q;
	query_for(r, &f, &q);
	struct db *db = req_db(r);
	struct caseload_person person;
	rc = store_caseload_person(db, r->a, uid, q.today, q.contact_since, &person);
	if (rc == SC_ENOTFOUND)
		return api_error(r, 404, "not_found", T(r, "There is no such user."), NULL);
	if (rc != SC_OK)
		return rc;
	struct caseload_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_caseload_list(db, r->a, uid, &q, per_page, (page - 1) * per_page, &rows, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "caseload.read", "caseload", case_id(r, uid), "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, row_json(&rows[i]));
	json_t *out = api_page_json(arr, page, per_page, total);
	json_t *filters = json_array();
	for (size_t i = 0; i < NFILTER_KEYS; i++)
		if (f.bits & filter_keys[i].bit)
			json_array_append_new(filters, json_string(filter_keys[i].key));
	json_object_set_new(out, "contact", person_json(&person));
	json_object_set_new(out, "filters", filters);
	json_object_set_new(out, "days", json_integer(f.days));
	return api_send(r, 200, out);
}

/* {"participant_id", "contact": {"id","name"} | null, "history": [...]} */
static int
api_contact_answer(struct req *r, int64_t participant_id)
{
	struct db *db = req_db(r);
	struct participant_brief p;
	int rc = store_participant_brief(db, r->a, r->user.centre_id, participant_id, r->user.id, &p);
	if (rc != SC_OK)
		return rc;
	struct assignment *h = NULL;
	size_t n = 0;
	rc = store_assignment_history(db, r->a, p.id, &h, &n);
	if (rc != SC_OK)
		return rc;
	json_t *contact = json_null();
	if (p.contact_id != 0) {
		struct user u;
		rc = store_user_by_id(db, r->a, p.contact_id, &u);
		if (rc != SC_OK)
			return rc;
		contact = json_pack("{s:I, s:s}", "id", (json_int_t)u.id, "name", u.display_name);
	}
	return api_send(r, 200, json_pack("{s:I, s:o, s:o}", "participant_id", (json_int_t)p.id,
					  "contact", contact, "history", history_json(h, n)));
}

int
api_participant_contact(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_CASELOAD), ACT_READ, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	req_audit(r, "participant.read", "participant", case_id(r, p.id), "ok");
	return api_contact_answer(r, p.id);
}

/* The JSON members each call takes, with their types (case_api_body()
 * refuses any other type). */
static const struct api_field assign_api[] = {
	{"contact_id", API_ID, false, NULL},
	{"reason", API_STRING, true, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field bulk_api[] = {
	{"participant_ids", API_IDS, false, NULL},
	{"contact_id", API_ID, false, NULL},
	{"reason", API_STRING, true, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field cap_api[] = {
	{"cap", API_INTEGER, false, NULL},
	{NULL, 0, false, NULL},
};

/* A whole number from 1 (an id); false when not. */
static bool
json_id(json_t *v, int64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return false;
	*out = (int64_t)json_integer_value(v);
	return true;
}

/* The optional "reason" of a checked body: at most REASON_MAX bytes. */
static const char *
json_reason(struct req *r, struct form_errors *e)
{
	json_t *v = json_object_get(r->json, "reason");
	if (!json_is_string(v))
		return "";
	const char *s = json_string_value(v);
	reason_check(r, s, "reason", e);
	return s;
}

int
api_participant_assign(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_CASELOAD), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, assign_api, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	int64_t contact_id = 0;
	if (!json_id(json_object_get(r->json, "contact_id"), &contact_id))
		form_error(r, &e, "contact_id", N_("Give the contact person's user id."));
	const char *reason = json_reason(r, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	const char *msg = NULL;
	rc = assign_run(r, &p, contact_id, reason, &msg);
	if (rc == SC_ENOTFOUND)
		return api_error(r, 404, "not_found", msg, NULL);
	if (rc == SC_ELIMIT)
		return api_error(r, 409, "caseload_full", msg, json_pack("{s:s}", "contact_id", msg));
	if (rc == SC_EINVAL) {
		form_error(r, &e, "contact_id", msg);
		return case_api_invalid(r, &e);
	}
	if (rc != SC_OK)
		return rc;
	return api_contact_answer(r, p.id);
}

int
api_caseload_bulk(struct req *r)
{
	int rc = SC_OK;
	if (!case_api_body(r, bulk_api, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	json_t *list = json_object_get(r->json, "participant_ids");
	size_t n = json_is_array(list) ? json_array_size(list) : 0;
	int64_t *ids = NULL;
	if (!json_is_array(list))
		form_error(r, &e, "participant_ids", N_("Give a list of participant ids."));
	else if (n == 0)
		form_error(r, &e, "participant_ids", N_("Choose at least one participant."));
	else if (n > CASELOAD_BULK_MAX)
		form_error(r, &e, "participant_ids", N_("Choose at most 500 participants at once."));
	else if ((ids = arena_alloc(r->a, sizeof *ids * n)) == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; ids != NULL && i < n; i++) {
		if (!json_id(json_array_get(list, i), &ids[i])) {
			form_error(r, &e, "participant_ids", N_("Give a list of participant ids."));
			break;
		}
	}
	int64_t contact_id = 0;
	if (!json_id(json_object_get(r->json, "contact_id"), &contact_id))
		form_error(r, &e, "contact_id", N_("Give the contact person's user id."));
	const char *reason = json_reason(r, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	int64_t moved = 0;
	const char *msg = NULL;
	rc = bulk_run(r, ids, n, contact_id, reason, &moved, &msg);
	if (rc == SC_ELIMIT)
		return api_error(r, 409, "caseload_full", msg, json_pack("{s:s}", "contact_id", msg));
	if (rc == SC_EINVAL || rc == SC_ENOTFOUND) {
		form_error(r, &e, rc == SC_ENOTFOUND ? "participant_ids" : "contact_id", msg);
		return case_api_invalid(r, &e);
	}
	if (rc != SC_OK)
		return rc;
	return api_send(r, 200, json_pack("{s:I, s:I}", "contact_id", (json_int_t)contact_id,
					  "moved", (json_int_t)moved));
}

int
api_caseload_history(struct req *r)
{
	int64_t uid = 0;
	int rc = caseload_owner(r, req_param(r, 0), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t page, per_page;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct db *db = req_db(r);
	struct user u;
	rc = store_user_by_id(db, r->a, uid, &u);
	if (rc == SC_ENOTFOUND)
		return api_error(r, 404, "not_found", T(r, "There is no such user."), NULL);
	if (rc != SC_OK)
		return rc;
	struct assignment *h = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_assignment_history_contact(db, r->a, uid, per_page, (page - 1) * per_page, &h, &n,
					      &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "caseload.read", "caseload", case_id(r, uid), "ok");
	json_t *arr = history_json(h, n);
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(arr, i);
		json_object_set_new(it, "given_name", json_string(h[i].given_name));
		json_object_set_new(it, "family_name", json_string(h[i].family_name));
	}
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

int
api_caseload_cap(struct req *r)
{
	int64_t uid = 0;
	int rc = caseload_owner(r, req_param(r, 0), &uid);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, cap_api, NULL, &rc))
		return rc;
	const char *text = case_api_text(r, "cap", "");
	if (text == NULL)
		return SC_ENOMEM;
	const char *msg = NULL;
	rc = cap_run(r, uid, text, &msg);
	if (rc == SC_ENOTFOUND)
		return api_error(r, 404, "not_found", T(r, "There is no such user."), NULL);
	if (rc == SC_EINVAL || rc == SC_ELIMIT)
		return api_error(r, 422, "invalid", msg, json_pack("{s:s}", "cap", msg));
	if (rc != SC_OK)
		return rc;
	struct date today = case_today();
	const char *t = case_date_text(r, today);
	const char *since = case_date_text(r, date_add_days(today, -(int64_t)default_days(r)));
	struct caseload_person person;
	rc = store_caseload_person(req_db(r), r->a, uid, t, since, &person);
	if (rc != SC_OK)
		return rc;
	return api_send(r, 200, person_json(&person));
}
