/*
 * page.c — the page shell every screen shares: head, header with the user,
 * navigation by permission and the language switch, flash messages, form
 * fields with their errors beside them, and paging links.
 */
#include "case.h"
#include "http.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"
#include "util/url.h"

#include <string.h>

struct nav_item {
	const char *path;
	const char *label;   /* msgid */
	enum resource res;
};

static const struct nav_item nav[] = {
	{"/", N_("Home"), RES_SELF},
	{"/today", N_("Today"), RES_WORKPLANS},
	{"/participants", N_("Participants"), RES_PARTICIPANTS},
	{"/caseloads", N_("Caseloads"), RES_CASELOADS},
	{"/intake", N_("Intake"), RES_INTAKE},
	{"/waiting-list", N_("Waiting list"), RES_INTAKE},
	{"/groups", N_("Groups"), RES_ACTIVITIES},
	{"/registers", N_("Registers"), RES_ATTENDANCE},
	/* the liaison's and the leader's work; contact persons reach placements
	 * from their participants */
	{"/employers", N_("Employers"), RES_EMPLOYERS},
	{"/internships", N_("Internships"), RES_EMPLOYERS},
	{"/benefits", N_("Benefits"), RES_BENEFITS},
	/* those who read benefits reach the calculator from /benefits */
	{"/benefits/calc", N_("Benefit calculator"), RES_BENEFIT_CALC},
	{"/reports", N_("Reports"), RES_REPORTS},
	{"/centres", N_("Centres"), RES_CENTRES},
	/* the administrator's: adding and naming centres */
	{"/admin/centres", N_("Centres"), RES_SETTINGS},
	{"/admin/users", N_("Users"), RES_USERS},
	{"/audit", N_("Audit log"), RES_AUDIT},
	{"/account", N_("My account"), RES_SELF},
};

struct flash {
	const char *key;
	const char *msgid;
};

static const struct flash flashes[] = {
	{"signed-out", N_("You have been signed out.")},
	{"password-changed", N_("Your password was changed.")},
	{"user-created", N_("User created.")},
	{"centre-created", N_("Centre added. Give staff their roles in it from Users, after switching to it in the header.")},
	{"user-saved", N_("Changes saved.")},
	{"password-reset", N_("Password reset.")},
	{"token-revoked", N_("Token revoked.")},
	/* case records */
	{"saved", N_("Saved.")},
	{"group-shortened", N_("Saved. The enrolments that ran past the new last day now end on it.")},
	{"participant-created", N_("Participant registered.")},
	{"assigned", N_("Contact person assigned.")},
	{"bulk-assigned", N_("Participants reassigned.")},
	{"cap-saved", N_("Caseload cap saved.")},
	{"referral-created", N_("Referral registered.")},
	{"screened", N_("Screening saved.")},
	{"offered", N_("Offer registered.")},
	{"enrolled", N_("Enrolled in the programme.")},
	{"declined", N_("The offer was declined.")},
	{"withdrawn", N_("The referral was withdrawn.")},
	{"extended", N_("The programme period was extended.")},
	{"paused", N_("The programme period is paused.")},
	{"resumed", N_("The programme period is resumed.")},
	{"pause-recorded", N_("The pause is recorded. It is over, so the programme period stays active.")},
	{"pause-changed", N_("The pause's days are changed.")},
	{"exited", N_("Exit registered; follow-ups at 6 and 12 months were created.")},
	{"plan-saved", N_("Work plan saved.")},
	{"goal-saved", N_("Goal saved.")},
	{"plan-saved-agreement-cleared", N_("Work plan saved. The plan changed, so the participant's agreement was cleared: record the date again when they have agreed to the new plan.")},
	{"goal-saved-agreement-cleared", N_("Goal saved. The plan changed, so the participant's agreement was cleared: record the date again when they have agreed to the new plan.")},
	{"meeting-logged", N_("Meeting logged.")},
	{"meeting-saved", N_("Meeting saved.")},
	{"meeting-removed", N_("Meeting removed. Its history keeps what it said and why it was removed.")},
	{"note-saved", N_("Health note saved.")},
	{"task-done", N_("Follow-up registered.")},
	{"health-referred", N_("Referred to the health worker.")},
	{"health-referral-ended", N_("The referral is ended.")},
	{"filter-saved", N_("Filter saved.")},
	{"filter-deleted", N_("Filter deleted.")},
	{"imported", N_("Import finished.")},
	{"group-created", N_("Group created, with its sessions.")},
	{"group-enrolled", N_("Enrolled in the group.")},
	{"group-waiting", N_("The group is full: the participant is on its waiting list.")},
	{"register-saved", N_("Register saved.")},
	{"assessment-saved", N_("Assessment saved.")},
	{"assessment-withdrawn", N_("Assessment withdrawn: it no longer counts as a level.")},
	{"closure-added", N_("Closure added; the sessions it covers are cancelled.")},
	{"closure-deleted", N_("Closure deleted; its sessions are planned again.")},
	{"run-started", N_("The month is run: check the warnings, then another finance officer approves it.")},
	{"run-approved", N_("The run is approved: the payment file can be downloaded.")},
	{"run-discarded", N_("The run is discarded.")},
	{"income-withdrawn", N_("The report is withdrawn: the next run corrects a month already approved.")},
	{"rule-replaced", N_("Saved. It takes over from the version from the same date; the history keeps both.")},
	{"rule-corrects", N_("Saved. Months already approved used another value: the next run corrects them.")},
	{"rule-replaced-corrects", N_("Saved. It takes over from the version from the same date; the history keeps "
				      "both. Months already approved used the old value: the next run corrects them.")},
};

const char *
page_flash_text(const char *key)
{
	for (size_t i = 0; i < sizeof flashes / sizeof flashes[0]; i++)
		if (strcmp(flashes[i].key, key) == 0)
			return flashes[i].msgid;
	return NULL;
}

void
page_flash(struct req *r, const char *key)
{
	char *c = arena_printf(r->a, "sc_flash=%s; Max-Age=60%s", key, r->app->cookie_attrs);
	if (c != NULL)
		req_header(r, "Set-Cookie", c);
}

static void
flash_show(struct req *r)
{
	const char *key = kv_get(&r->cookies, "sc_flash");
	if (key == NULL || *key == '\0')
		return;
	for (size_t i = 0; i < sizeof flashes / sizeof flashes[0]; i++) {
		if (strcmp(flashes[i].key, key) == 0) {
			html_lit(&r->out, "<p class=\"flash\" role=\"status\">");
			html_text(&r->out, T(r, flashes[i].msgid));
			html_lit(&r->out, "</p>");
			break;
		}
	}
	char *c = arena_printf(r->a, "sc_flash=; Max-Age=0%s", r->app->cookie_attrs);
	if (c != NULL)
		req_header(r, "Set-Cookie", c);
}

static bool
nav_current(const struct req *r, const char *path)
{
	if (r->path_raw == NULL)
		return false;
	if (strcmp(path, "/") == 0)
		return strcmp(r->path_raw, "/") == 0;
	size_t n = strlen(path);
	return strncmp(r->path_raw, path, n) == 0 && (r->path_raw[n] == '\0' || r->path_raw[n] == '/');
}

static void
language_switch(struct req *r)
{
	html_lit(&r->out, "<form method=\"post\" action=\"/language\" class=\"lang\">");
	form_csrf(r);
	html_lit(&r->out, "<input type=\"hidden\" name=\"next\" value=\"");
	html_text(&r->out, url_local_or_root(r->uri));
	html_lit(&r->out, "\"><label for=\"lang-select\">");
	html_text(&r->out, T(r, "Language"));
	html_lit(&r->out, "</label> <select id=\"lang-select\" name=\"lang\">");
	for (int l = 0; l < LANG_COUNT; l++) {
		html_lit(&r->out, "<option value=\"");
		html_text(&r->out, i18n_code((enum lang)l));
		html_lit(&r->out, "\" lang=\"");
		html_text(&r->out, i18n_code((enum lang)l));
		html_lit(&r->out, "\"");
		if ((int)r->lang == l)
			html_lit(&r->out, " selected");
		html_lit(&r->out, ">");
		html_text(&r->out, i18n_name((enum lang)l));
		html_lit(&r->out, "</option>");
	}
	html_lit(&r->out, "</select> <button type=\"submit\" class=\"secondary\">");
	html_text(&r->out, T(r, "Change"));
	html_lit(&r->out, "</button></form>");
}

/* The centre a user of more than one works in, and the switch to another
 * (posted to /centre, centres.c). Nothing for a user of one centre. */
static void
centre_switch(struct req *r)
{
	if (r->user.ncentres <= 1)
		return;
	struct centre *items = NULL;
	size_t n = 0;
	if (store_user_centres(req_db(r), r->a, r->user.id, (r->user.roles & ROLE_BIT(ROLE_ADMIN)) != 0, &items,
			       &n) != SC_OK || n <= 1)
		return;
	struct buf *o = &r->out;
	html_lit(o, " <form method=\"post\" action=\"/centre\" class=\"inline centre\">");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"next\" value=\"");
	html_text(o, url_local_or_root(r->uri));
	html_lit(o, "\"><label for=\"centre-select\">");
	html_text(o, T(r, "Centre"));
	html_lit(o, "</label> <select id=\"centre-select\" name=\"centre\">");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<option value=\"");
		html_int(o, items[i].id);
		html_lit(o, "\"");
		if (items[i].id == r->user.centre_id)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, items[i].name);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select> <button type=\"submit\" class=\"secondary\">");
	html_text(o, T(r, "Change"));
	html_lit(o, "</button></form>");
}

void
page_begin(struct req *r, const char *title)
{
	struct buf *o = &r->out;
	r->content_type = "text/html; charset=utf-8";
	html_lit(o, "<!doctype html>\n<html lang=\"");
	html_text(o, i18n_code(r->lang));
	html_lit(o, "\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	html_text(o, title);
	html_lit(o, " \xE2\x80\x93 ");
	html_text(o, T(r, "Second Chance"));
	html_lit(o, "</title><link rel=\"stylesheet\" href=\"");
	html_text(o, asset_url("app.css"));
	html_lit(o, "\"><link rel=\"icon\" type=\"image/svg+xml\" href=\"");
	html_text(o, asset_url("icon.svg"));
	html_lit(o, "\"><script src=\"");
	html_text(o, asset_url("app.js"));
	html_lit(o, "\" defer></script></head><body><a class=\"skip\" href=\"#main\">");
	html_text(o, T(r, "Skip to main content"));
	html_lit(o, "</a><header class=\"top\"><div class=\"brand\"><a href=\"/\">");
	html_text(o, T(r, "Second Chance"));
	html_lit(o, "</a></div>");
	if (r->signed_in) {
		html_lit(o, "<nav aria-label=\"");
		html_text(o, T(r, "Main menu"));
		html_lit(o, "\"><ul>");
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
			if (!access_allows(r->user.roles, nav[i].res, ACT_READ))
				continue;
			if (nav[i].res == RES_EMPLOYERS && !access_allows(r->user.roles, RES_EMPLOYERS, ACT_WRITE))
				continue;
			if (nav[i].res == RES_BENEFIT_CALC && access_allows(r->user.roles, RES_BENEFITS, ACT_READ))
				continue;
			html_lit(o, "<li><a href=\"");
			html_text(o, nav[i].path);
			html_lit(o, "\"");
			if (nav_current(r, nav[i].path))
				html_lit(o, " aria-current=\"page\"");
			html_lit(o, ">");
			html_text(o, T(r, nav[i].label));
			html_lit(o, "</a></li>");
		}
		html_lit(o, "</ul></nav><div class=\"who\"><span>");
		html_text(o, T(r, "Signed in as"));
		html_lit(o, " <strong>");
		html_text(o, r->user.display_name);
		html_lit(o, "</strong> <span class=\"roles\">(");
		bool first = true;
		for (int role = 0; role < ROLE_COUNT; role++) {
			if ((r->user.roles & ROLE_BIT(role)) == 0)
				continue;
			if (!first)
				html_lit(o, ", ");
			html_text(o, T(r, role_label((enum role)role)));
			first = false;
		}
		html_lit(o, ")</span></span>");
		centre_switch(r);
		html_lit(o, " <form method=\"post\" action=\"/logout\" class=\"inline\">");
		form_csrf(r);
		html_lit(o, "<button type=\"submit\" class=\"secondary\">");
		html_text(o, T(r, "Sign out"));
		html_lit(o, "</button></form></div>");
	}
	language_switch(r);
	html_lit(o, "</header><main id=\"main\" tabindex=\"-1\">");
	flash_show(r);
}

int
page_end(struct req *r)
{
	html_lit(&r->out, "</main><footer class=\"foot\"><p>");
	html_text(&r->out, T(r, "Second Chance"));
	html_lit(&r->out, " \xC2\xB7 ");
	html_text(&r->out, T(r, "Personal data: handle with care."));
	html_lit(&r->out, "</p></footer></body></html>\n");
	if (r->status == 0)
		r->status = 200;
	return buf_ok(&r->out) ? H_DONE : SC_ENOMEM;
}

void
form_csrf(struct req *r)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_text(&r->out, r->csrf ? r->csrf : "");
	html_lit(&r->out, "\">");
}

void
form_error(struct req *r, struct form_errors *e, const char *field, const char *msgid)
{
	if (e->n < FORM_MAX_ERRORS && form_error_for(e, field) == NULL) {
		e->field[e->n] = field;
		e->message[e->n] = T(r, msgid);
		e->n++;
	}
}

const char *
form_error_for(const struct form_errors *e, const char *field)
{
	if (e == NULL)
		return NULL;
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return e->message[i];
	return NULL;
}

void
form_field_open(struct buf *o, const char *err, const char *id, const char *label, bool required)
{
	html_lit(o, "<div class=\"field");
	if (err != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"><label for=\"");
	html_text(o, id);
	html_lit(o, "\">");
	html_text(o, label);
	if (required)
		html_lit(o, " <span class=\"req\" aria-hidden=\"true\">*</span>");
	html_lit(o, "</label>");
}

void
form_field_attrs(struct buf *o, const char *err, const char *id)
{
	if (err == NULL)
		return;
	html_lit(o, " aria-invalid=\"true\" aria-describedby=\"");
	html_text(o, id);
	html_lit(o, "-error\"");
}

void
form_field_error(struct buf *o, const char *err, const char *id)
{
	if (err == NULL)
		return;
	html_lit(o, "<p class=\"field-error\" id=\"");
	html_text(o, id);
	html_lit(o, "-error\">");
	html_text(o, err);
	html_lit(o, "</p>");
}

void
form_field_close(struct buf *o, const char *err, const char *id)
{
	form_field_error(o, err, id);
	html_lit(o, "</div>");
}

void
form_input(struct req *r, const struct form_errors *e, const char *name,
	   const char *label, const char *type, const char *value,
	   const char *autocomplete, bool required)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, name);
	form_field_open(o, err, name, label, required);
	html_lit(o, "<input id=\"");
	html_text(o, name);
	html_lit(o, "\" name=\"");
	html_text(o, name);
	html_lit(o, "\" type=\"");
	html_text(o, type);
	html_lit(o, "\"");
	if (value != NULL && strcmp(type, "password") != 0) {
		html_lit(o, " value=\"");
		html_text(o, value);
		html_lit(o, "\"");
	}
	if (autocomplete != NULL) {
		html_lit(o, " autocomplete=\"");
		html_text(o, autocomplete);
		html_lit(o, "\"");
	}
	if (required)
		html_lit(o, " required aria-required=\"true\"");
	form_field_attrs(o, err, name);
	html_lit(o, ">");
	form_field_close(o, err, name);
}

void
form_textarea(struct req *r, const struct form_errors *e, const char *id, const char *name,
	      const char *label, const char *value, bool required, int rows, int maxlength)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, id);
	form_field_open(o, err, id, label, required);
	html_lit(o, "<textarea id=\"");
	html_text(o, id);
	html_lit(o, "\" name=\"");
	html_text(o, name);
	html_lit(o, "\" rows=\"");
	html_int(o, rows);
	html_lit(o, "\"");
	if (maxlength > 0) {
		html_lit(o, " maxlength=\"");
		html_int(o, maxlength);
		html_lit(o, "\"");
	}
	if (required)
		html_lit(o, " required aria-required=\"true\"");
	form_field_attrs(o, err, id);
	html_lit(o, ">");
	html_text(o, value);
	html_lit(o, "</textarea>");
	form_field_close(o, err, id);
}

void
form_select(struct req *r, const struct form_errors *e, const char *id, const char *name,
	    const char *label, const char *const *keys, const char *const *labels, size_t n,
	    const char *selected, const char *empty_label)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, id);
	form_field_open(o, err, id, label, true);
	html_lit(o, "<select id=\"");
	html_text(o, id);
	html_lit(o, "\" name=\"");
	html_text(o, name);
	html_lit(o, "\" required aria-required=\"true\"");
	form_field_attrs(o, err, id);
	html_lit(o, ">");
	if (empty_label != NULL) {
		html_lit(o, "<option value=\"\">");
		html_text(o, T(r, empty_label));
		html_lit(o, "</option>");
	}
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<option value=\"");
		html_text(o, keys[i]);
		html_lit(o, "\"");
		if (selected != NULL && strcmp(selected, keys[i]) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, T(r, labels[i]));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_close(o, err, id);
}

void
form_checkbox(struct req *r, const struct form_errors *e, const char *id, const char *label,
	      bool checked)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, id);
	html_lit(o, "<div class=\"field check");
	if (err != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"><input type=\"checkbox\" id=\"");
	html_text(o, id);
	html_lit(o, "\" name=\"");
	html_text(o, id);
	html_lit(o, "\" value=\"yes\"");
	if (checked)
		html_lit(o, " checked");
	form_field_attrs(o, err, id);
	html_lit(o, "> <label for=\"");
	html_text(o, id);
	html_lit(o, "\">");
	html_text(o, label);
	html_lit(o, "</label>");
	form_field_close(o, err, id);
}

void
form_yes_no(struct req *r, const struct form_errors *e, const char *name, const char *label,
	    const char *value)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, name);
	html_lit(o, "<fieldset id=\"");
	html_text(o, name);
	html_lit(o, "\" class=\"field");
	if (err != NULL)
		html_lit(o, " has-error");
	html_lit(o, "\"");
	form_field_attrs(o, err, name);
	html_lit(o, "><legend>");
	html_text(o, label);
	html_lit(o, "</legend>");
	static const char *const keys[] = {"yes", "no"};
	static const char *const labels[] = {N_("Yes"), N_("No")};
	for (size_t i = 0; i < 2; i++) {
		html_lit(o, "<label><input type=\"radio\" name=\"");
		html_text(o, name);
		html_lit(o, "\" value=\"");
		html_text(o, keys[i]);
		html_lit(o, "\"");
		if (value != NULL && strcmp(value, keys[i]) == 0)
			html_lit(o, " checked");
		html_lit(o, "> ");
		html_text(o, T(r, labels[i]));
		html_lit(o, "</label> ");
	}
	form_field_error(o, err, name);
	html_lit(o, "</fieldset>");
}

void
form_error_summary(struct req *r, const struct form_errors *e)
{
	if (e == NULL || e->n == 0)
		return;
	struct buf *o = &r->out;
	html_lit(o, "<div class=\"error-box\" role=\"alert\" id=\"error-summary\"><p>");
	html_text(o, T(r, "Please correct the fields marked below."));
	html_lit(o, "</p><ul>");
	for (int i = 0; i < e->n; i++) {
		html_lit(o, "<li><a href=\"#");
		html_text(o, e->field[i]);
		html_lit(o, "\">");
		html_text(o, e->message[i]);
		html_lit(o, "</a></li>");
	}
	html_lit(o, "</ul></div>");
}

void
page_table(struct req *r, const char *attrs, const char *const *labels)
{
	struct buf *o = &r->out;
	html_lit(o, "<table");
	if (attrs != NULL && *attrs) {
		html_lit(o, " ");
		buf_puts(o, attrs);
	}
	html_lit(o, "><thead><tr>");
	for (size_t i = 0; labels[i] != NULL; i++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, labels[i]));
		html_lit(o, "</th>");
	}
	html_lit(o, "</tr></thead><tbody>");
}

void
page_muted(struct req *r, const char *text)
{
	html_lit(&r->out, "<p class=\"muted\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</p>");
}

char
page_decimal_mark(const struct req *r)
{
	return r->lang == LANG_EN ? '.' : ',';
}

bool
req_paging(struct req *r, int64_t *page, int64_t *per_page, int *rc)
{
	if (r->wants_json)
		return api_paging(r, page, per_page, rc);
	const char *page_error, *per_page_error;
	if (paging_read(r, page, per_page, &page_error, &per_page_error))
		return true;
	const char *text = page_error != NULL ? T(r, page_error) : "";
	if (per_page_error != NULL)
		text = arena_printf(r->a, "%s%s%s", text, *text ? " " : "", T(r, per_page_error));
	*rc = req_error(r, 400, text);
	return false;
}

/* The address of page p of path, escaped, the query kept (base_query,
 * escaped already) and the reader's per_page (checked by req_paging()). */
static void
pager_href(struct req *r, const char *path, const char *base_query, int64_t p)
{
	struct buf *o = &r->out;
	html_text(o, path);
	html_lit(o, "?");
	html_text(o, base_query);
	buf_printf(o, "%spage=%lld", *base_query ? "&amp;" : "", (long long)p);
	int64_t per_page;
	if (*req_qs(r, "per_page") && parse_int64(req_qs(r, "per_page"), 1, PAGING_MAX_PER_PAGE, &per_page) == SC_OK)
		buf_printf(o, "&amp;per_page=%lld", (long long)per_page);
}

bool
req_page_exists(struct req *r, const char *path, const char *base_query, int64_t page, int64_t total,
		int64_t per_page, int *rc)
{
	int64_t pages = total <= 0 ? 1 : (total + per_page - 1) / per_page;
	if (r->wants_json || page <= pages)
		return true;
	struct buf *o = &r->out;
	buf_reset(o);
	page_begin(r, T(r, "Page not found"));
	page_heading(r, "h1", NULL, T(r, "Page not found"));
	html_lit(o, "<p>");
	if (pages == 1)
		html_text(o, arena_printf(r->a, T(r, "There is no page %lld: the list has one page."), (long long)page));
	else
		html_text(o, arena_printf(r->a, T(r, "There is no page %lld: the list has %lld pages."), (long long)page,
					  (long long)pages));
	html_lit(o, "</p><p><a id=\"last-page\" href=\"");
	pager_href(r, path, base_query, pages);
	html_lit(o, "\">");
	html_text(o, pages == 1 ? T(r, "Go to the list") : T(r, "Go to the last page"));
	html_lit(o, "</a></p>");
	r->status = 404;
	*rc = page_end(r);
	return false;
}

/* A pager's link to page p of path (rel "prev" or "next"). */
static void
pager_link(struct req *r, const char *path, const char *base_query, int64_t p, const char *rel, const char *label)
{
	struct buf *o = &r->out;
	html_lit(o, "<a rel=\"");
	html_text(o, rel);
	html_lit(o, "\" href=\"");
	pager_href(r, path, base_query, p);
	html_lit(o, "\">");
	html_text(o, label);
	html_lit(o, "</a>");
}

/* The pager of page: "Previous" when there is one before, its label,
 * "Next" when more follow (page_pager() and page_pager_open()). */
static void
pager(struct req *r, const char *path, const char *base_query, int64_t page, const char *label, bool more)
{
	struct buf *o = &r->out;
	html_lit(o, "<nav class=\"pager\" aria-label=\"");
	html_text(o, T(r, "Pages"));
	html_lit(o, "\">");
	if (page > 1) {
		pager_link(r, path, base_query, page - 1, "prev", T(r, "Previous"));
		html_lit(o, " ");
	}
	html_lit(o, "<span>");
	html_text(o, label);
	html_lit(o, "</span>");
	if (more) {
		html_lit(o, " ");
		pager_link(r, path, base_query, page + 1, "next", T(r, "Next"));
	}
	html_lit(o, "</nav>");
}

void
page_pager(struct req *r, const char *path, const char *base_query,
	   int64_t page, int64_t total, int64_t per_page)
{
	int64_t pages = total <= 0 ? 1 : (total + per_page - 1) / per_page;
	if (pages <= 1)
		return;
	pager(r, path, base_query, page, arena_printf(r->a, T(r, "Page %d of %d"), (int)page, (int)pages),
	      page < pages);
}

void
page_pager_open(struct req *r, const char *path, const char *base_query, int64_t page, bool more)
{
	if (page <= 1 && !more)
		return;
	pager(r, path, base_query, page, arena_printf(r->a, T(r, "Page %lld"), (long long)page), more);
}

void
page_heading(struct req *r, const char *tag, const char *id, const char *text)
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

void
page_para(struct req *r, const char *cls, const char *text)
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

void
page_button(struct req *r, const char *msgid)
{
	html_lit(&r->out, "<button type=\"submit\">");
	html_text(&r->out, T(r, msgid));
	html_lit(&r->out, "</button>");
}

const char *
page_moment(struct req *r, int64_t t)
{
	if (t <= 0 || t == FIELD_NONE)
		return "";
	char s[32];
	time_format_local(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

void
page_dl_row(struct req *r, const char *label, const char *value)
{
	struct buf *o = &r->out;
	html_lit(o, "<dt>");
	html_text(o, T(r, label));
	html_lit(o, "</dt><dd>");
	html_text(o, page_or_dash(value));
	html_lit(o, "</dd>");
}

void
page_dl_lines(struct req *r, const char *label, const char *value)
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

void
form_hidden_version(struct req *r, int64_t version)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(&r->out, version);
	html_lit(&r->out, "\">");
}

int64_t
form_version(struct req *r, struct form_errors *types)
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

void
form_version_missing(const struct form_errors *e, int64_t version, struct field_errors *errors)
{
	if (version <= 0 && form_error_for(e, "version") == NULL)
		field_error_add(errors, "version", N_("Must be the version you read, a whole number."));
}

const char *
page_or_dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "\xE2\x80\x94";
}

const char *
page_query(struct req *r, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return "";
	struct buf b = BUF_INIT;
	buf_puts(&b, name);
	buf_putc(&b, '=');
	html_urlpart(&b, value);
	const char *out = arena_strdup(r->a, b.data);
	buf_free(&b);
	return out != NULL ? out : "";
}

void
page_th(struct req *r, const char *msgid)
{
	html_lit(&r->out, "<th scope=\"col\">");
	html_text(&r->out, T(r, msgid));
	html_lit(&r->out, "</th>");
}

void
page_td(struct req *r, const char *text)
{
	html_lit(&r->out, "<td>");
	html_text(&r->out, text);
	html_lit(&r->out, "</td>");
}

void
page_links(struct req *r, const struct page_link *links)
{
	struct buf *o = &r->out;
	bool any = false;
	for (const struct page_link *l = links; l->href != NULL; l++) {
		if (!access_allows(r->user.roles, l->res, ACT_READ))
			continue;
		if (any)
			html_lit(o, " \xC2\xB7 ");
		else
			html_lit(o, "<p>");
		html_lit(o, "<a href=\"");
		html_text(o, l->href);
		html_lit(o, "\">");
		html_text(o, T(r, l->msgid));
		html_lit(o, "</a>");
		any = true;
	}
	if (any)
		html_lit(o, "</p>");
}

void
page_p(struct req *r, const char *msgid)
{
	html_lit(&r->out, "<p>");
	html_text(&r->out, T(r, msgid));
	html_lit(&r->out, "</p>");
}
