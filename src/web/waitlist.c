/*
 * waitlist.c — the waiting list: everyone waiting or offered a place, in
 * priority and referral-date order, with their place and expected wait and
 * the centre's capacity; the page, its /api/v1/ twin and the CSV/XLSX
 * export, whose columns are the rows' declared fields
 * (waitlist_export_keys, domain/intake.h). The list is app/intake.c's.
 */
#include "case.h"
#include "change.h"
#include "export.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/intake.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

#define WAITLIST_PER_PAGE 100
#define WAITLIST_EXPORT_MAX 100000

/*
 * The texts of the expected-wait cells, each translated once a page:
 * "now", "unknown", and "about N weeks" for the last N drawn (the list is
 * in order of wait, so N changes a few times a page).
 */
struct wait_texts {
	const char *now, *unknown;
	int weeks;
	const char *about;
};

static const char *
wait_text(struct req *r, struct wait_texts *t, int64_t days)
{
	if (days == 0)
		return t->now;
	int weeks = days == FIELD_NONE || days > INT32_MAX ? -1 : intake_wait_weeks((int)days);
	if (weeks < 0)
		return t->unknown;
	if (t->about == NULL || t->weeks != weeks) {
		t->about = arena_printf(r->a, trn(r->lang, "about %d week", "about %d weeks", (unsigned long)weeks),
					weeks);
		t->weeks = weeks;
	}
	return t->about;
}

/* Option i's label of f, translated once a page into labels[0..nlabels);
 * "" for none. */
static const char *
option_text(struct req *r, const struct field *f, const char **labels, size_t nlabels, int i)
{
	if (f == NULL || i < 0 || (size_t)i >= f->noptions || (size_t)i >= nlabels)
		return "";
	if (labels[i] == NULL)
		labels[i] = T(r, f->options[i].label);
	return labels[i];
}

/* A number; nothing for none. */
static void
int_text(struct buf *o, int64_t v)
{
	if (v != FIELD_NONE)
		html_int(o, v);
}

/* An ISO 8601 date; nothing for none. */
static void
date_text(struct buf *o, struct date d)
{
	if (d.y != 0) {
		char s[11];
		date_format(d, s);
		html_textn(o, s, 10);
	}
}

static void
capacity_summary(struct req *r, const struct waitlist_capacity *cap)
{
	struct buf *o = &r->out;
	const struct {
		int64_t v;
		const char *label, *id;
	} figures[] = {
		{cap->contact_persons, N_("contact persons"), "cap-contacts"},
		{cap->places, N_("places"), "cap-places"},
		{cap->active, N_("active participants"), "cap-active"},
		{cap->free_places, N_("free places"), "cap-free"},
		{cap->exits_90d, N_("exits planned in the next 90 days"), "cap-exits"},
		{cap->waiting, N_("people waiting"), "cap-waiting"},
	};
	html_lit(o, "<ul class=\"summary\" id=\"capacity\">");
	for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
		html_lit(o, "<li id=\"");
		html_text(o, figures[i].id);
		html_lit(o, "\"><strong>");
		html_int(o, figures[i].v);
		html_lit(o, "</strong> ");
		html_text(o, T(r, figures[i].label));
		html_lit(o, "</li>");
	}
	html_lit(o, "</ul>");
}

static json_t *
capacity_json(const struct waitlist_capacity *cap)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "contact_persons", (json_int_t)cap->contact_persons,
			 "places", (json_int_t)cap->places, "active", (json_int_t)cap->active, "free_places",
			 (json_int_t)cap->free_places, "exits_next_90_days", (json_int_t)cap->exits_90d, "waiting",
			 (json_int_t)cap->waiting);
}

static int
waitlist_page(struct req *r, int64_t page, int64_t per_page, const struct waitlist_capacity *cap,
	      const struct waitlist_row *rows, size_t n, int64_t total)
{
	page_begin(r, T(r, "Waiting list"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Waiting list"));
	html_lit(o, "</h1>");
	capacity_summary(r, cap);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, T(r, "Ordered by priority, then referral date. The expected wait counts free places first, then the planned ends of current programme periods."));
	html_lit(o, "</p><p class=\"no-print\"><a href=\"/waiting-list/export?format=csv\">");
	html_text(o, T(r, "Export as CSV"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/waiting-list/export?format=xlsx\">");
	html_text(o, T(r, "Export as XLSX"));
	html_lit(o, "</a></p>");
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Nobody is waiting."));
		html_lit(o, "</p>");
		return page_end(r);
	}
	html_lit(o, "<table id=\"waiting-list\"><thead><tr>");
	change_th(r, T(r, "Place"));
	change_th(r, T(r, "Name"));
	change_th(r, T(r, "Priority"));
	change_th(r, T(r, "Referred on"));
	change_th(r, T(r, "Source"));
	change_th(r, T(r, "Waited (days)"));
	change_th(r, T(r, "Expected wait"));
	change_th(r, T(r, "State"));
	html_lit(o, "</tr></thead><tbody>");
	/* Each cell straight from its member, each label translated once a
	 * page: through the fields' generic texts, the rows were a third of
	 * the page's CPU (a printf and an arena copy a number or date, a
	 * catalogue search a label). */
	const struct field *source = fields_find(waitlist_row_fields, "source");
	const struct field *state = fields_find(waitlist_row_fields, "state");
	const char *source_labels[REFERRAL_SOURCE_COUNT] = {0}, *state_labels[REFERRAL_STATE_COUNT] = {0};
	struct wait_texts waits = {T(r, "now"), T(r, "unknown"), -1, NULL};
	for (size_t i = 0; i < n; i++) {
		const struct waitlist_row *w = &rows[i];
		/* one literal between two cells' texts */
		html_lit(o, "<tr><td class=\"place\">");
		html_int(o, w->place);
		html_lit(o, "</td><td><a href=\"/referrals/");
		html_int(o, w->referral_id);
		html_lit(o, "\">");
		html_text(o, w->family_name);
		html_lit(o, ", ");
		html_text(o, w->given_name);
		html_lit(o, "</a></td><td>");
		int_text(o, w->priority);
		html_lit(o, "</td><td>");
		date_text(o, w->referred_on);
		html_lit(o, "</td><td>");
		html_text(o, option_text(r, source, source_labels, REFERRAL_SOURCE_COUNT, w->source));
		html_lit(o, "</td><td>");
		int_text(o, w->waited_days);
		html_lit(o, "</td><td>");
		html_text(o, wait_text(r, &waits, w->expected_wait_days));
		html_lit(o, "</td><td>");
		html_text(o, option_text(r, state, state_labels, REFERRAL_STATE_COUNT, w->state));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	page_pager(r, "/waiting-list", "", page, total, per_page);
	return page_end(r);
}

/* GET /waiting-list and /api/v1/waiting-list. */
static int
h_waitlist(struct req *r)
{
	int64_t page = 1, per_page = WAITLIST_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct waitlist_capacity cap;
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = app_waitlist(req_db(r), r->a, &actor, per_page, (page - 1) * per_page, "waitlist.read", &cap, &rows, &n,
			  &total);
	if (rc != SC_OK)
		return rc;
	if (!req_page_exists(r, "/waiting-list", "", page, total, per_page, &rc))
		return rc;
	if (!r->wants_json)
		return waitlist_page(r, page, per_page, &cap, rows, n, total);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, change_record_json(waitlist_row_fields, &rows[i]));
	json_t *j = api_page_json(arr, page, per_page, total);
	json_object_set_new(j, "capacity", capacity_json(&cap));
	return api_send(r, 200, j);
}

/* GET /waiting-list/export?format=csv|xlsx: the whole list. */
static int
h_waitlist_export(struct req *r)
{
	const char *fmt = req_qs(r, "format");
	if (!export_format_ok(fmt))
		return req_error(r, 400, T(r, "Choose the format csv or xlsx."));
	struct actor actor = req_actor(r);
	struct waitlist_capacity cap;
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	/* An export: from the standby when there is one. */
	int rc = app_waitlist(req_db_read(r), r->a, &actor, WAITLIST_EXPORT_MAX, 0, "waitlist.export", &cap, &rows,
			      &n, &total);
	if (rc != SC_OK)
		return rc;
	enum { MAX_COLUMNS = 16 };
	const struct field *cols[MAX_COLUMNS];
	const char *headers[MAX_COLUMNS];
	size_t ncols = 0;
	for (size_t i = 0; waitlist_export_keys[i] != NULL && ncols < MAX_COLUMNS; i++) {
		const struct field *f = fields_find(waitlist_row_fields, waitlist_export_keys[i]);
		if (f == NULL)
			continue;
		cols[ncols] = f;
		headers[ncols++] = T(r, f->label);
	}
	struct export *x = export_begin(r, fmt, "waiting-list", headers, ncols);
	for (size_t i = 0; i < n && x != NULL; i++) {
		const char *cells[MAX_COLUMNS];
		for (size_t c = 0; c < ncols; c++)
			cells[c] = field_shown(r, cols[c], &rows[i]);
		if (export_row(x, cells) != SC_OK)
			break;
	}
	return export_finish(x);
}

/* The waiting list is the programme leader's (RES_INTAKE). */
const struct route waitlist_routes[] = {
	BOTH(GET_HEAD, "/waiting-list", "/api/v1/waiting-list", h_waitlist, NEED(RES_INTAKE, ACT_READ)),
	PAGE(GET_HEAD, "/waiting-list/export", h_waitlist_export, NEED(RES_INTAKE, ACT_READ)),
	ROUTES_END
};
