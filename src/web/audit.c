/*
 * audit.c — the audit log for administrators, leaders and analysts: the
 * page with its filters (user, action, record, a date range; an action's
 * first part alone, "participant", finds each of its codes), newest
 * first, paged, and its /api/v1/ twin. The filters are declared in
 * domain/audit.h; app/audit.c decides whose entries a reader sees.
 */
#include "case.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/audit.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

#define AUDIT_PER_PAGE 50
#define AUDIT_API_PER_PAGE 50
/* The filters of audit_query_fields, before its paging. */
#define AUDIT_FILTERS 6

static void
query_keep(struct req *r, struct buf *b, const char *name)
{
	const char *v = req_qs(r, name);
	if (*v == '\0')
		return;
	if (b->len > 0)
		buf_putc(b, '&');
	buf_puts(b, name);
	buf_putc(b, '=');
	html_urlpart(b, v);
}

/* The filters given, as a query for the pager's links (arena; "" for none). */
static const char *
audit_filters_query(struct req *r)
{
	struct buf q = BUF_INIT;
	for (size_t i = 0; i < AUDIT_FILTERS; i++)
		query_keep(r, &q, audit_query_fields.f[i].key);
	const char *s = arena_strdup(r->a, q.data ? q.data : "");
	buf_free(&q);
	return s != NULL ? s : "";
}

static int
audit_page(struct req *r, const struct audit_entry *items, size_t n, int64_t total, bool capped, int64_t page,
	   int64_t per_page, const struct form_errors *e)
{
	page_begin(r, T(r, "Audit log"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Audit log"));
	html_lit(o, "</h1>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"get\" action=\"/audit\" class=\"filters\" role=\"search\">");
	static const char *const types[AUDIT_FILTERS] = {"text", "text", "text", "text", "date", "date"};
	for (size_t i = 0; i < AUDIT_FILTERS; i++) {
		const struct field *f = &audit_query_fields.f[i];
		form_input(r, e, f->key, T(r, f->label), types[i], req_qs(r, f->key), "off", false);
	}
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Filter"));
	html_lit(o, "</button></form>");
	page_para(r, "muted", T(r, "Action: a code such as participant.update, or its first part, such as participant, "
				  "for every action of that part."));
	/* a log of millions is counted to AUDIT_COUNT_CAP, not to its end */
	char *count = capped ? arena_printf(r->a, T(r, "More than %d entries."), AUDIT_COUNT_CAP)
			     : arena_printf(r->a, trn(r->lang, "%lld entry", "%lld entries", (unsigned long)total),
					    (long long)total);
	html_lit(o, "<p class=\"muted\" id=\"audit-count\">");
	html_text(o, count);
	html_lit(o, "</p><table><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Time"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "User"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Action"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Record"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Outcome"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Address"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		char when[32];
		time_format_local(items[i].at, when, sizeof when);
		html_lit(o, "<tr><td>");
		html_text(o, when);
		html_lit(o, "</td><td>");
		html_text(o, items[i].username);
		html_lit(o, "</td><td>");
		html_text(o, items[i].action);
		html_lit(o, "</td><td>");
		html_text(o, items[i].record_type);
		if (*items[i].record_id) {
			html_lit(o, " ");
			html_text(o, items[i].record_id);
		}
		html_lit(o, "</td><td>");
		html_text(o, items[i].outcome);
		html_lit(o, "</td><td>");
		html_text(o, items[i].address);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	if (capped)
		page_pager_open(r, "/audit", audit_filters_query(r), page, (int64_t)n == per_page);
	else
		page_pager(r, "/audit", audit_filters_query(r), page, total, per_page);
	return page_end(r);
}

static json_t *
entry_json(const struct audit_entry *a)
{
	char at[32];
	time_format_utc(a->at, at, sizeof at);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "at", at,
			 "user", a->username, "action", a->action, "record_type", a->record_type,
			 "record_id", a->record_id, "outcome", a->outcome, "address", a->address);
}

/* GET /audit and /api/v1/audit. */
static int
h_audit(struct req *r)
{
	struct audit_query q;
	struct form_errors e = {0};
	struct outcome out;
	input_read_query(r, r->wants_json ? audit_query_api_fields : audit_query_fields, &q, &e);
	if (e.n == 0) {
		app_audit_query_check(&q, &out);
		outcome_form_errors(r, &out, &e);
	}
	int64_t per_page = q.per_page != FIELD_NONE ? q.per_page : r->wants_json ? AUDIT_API_PER_PAGE : AUDIT_PER_PAGE;
	int64_t page = q.page != FIELD_NONE ? q.page : 1;
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	bool capped = false;
	if (e.n > 0) {
		if (r->wants_json)
			return api_error(r, 400, "invalid", T(r, "Some filters are wrong."), case_errors_json(&e));
		r->status = 422;
	} else {
		struct actor actor = req_actor(r);
		int rc = app_audit_entries(req_db_read(r), r->a, &actor, &q, per_page, &items, &n, &total, &capped);
		if (rc != SC_OK)
			return rc;
		/* past the cap the last page is not known */
		if (!capped && !req_page_exists(r, "/audit", audit_filters_query(r), page, total, per_page, &rc))
			return rc;
	}
	if (!r->wants_json)
		return audit_page(r, items, n, total, capped, page, per_page, &e);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, entry_json(&items[i]));
	json_t *body = api_page_json(arr, page, per_page, total);
	json_object_set_new(body, "total_capped", json_boolean(capped));
	return api_send(r, 200, body);
}

const struct route audit_routes[] = {
	BOTH(GET_HEAD, "/audit", "/api/v1/audit", h_audit, NEED(RES_AUDIT, ACT_READ)),
	ROUTES_END
};
