/*
 * h_audit.c — the audit log page for leaders, analysts and administrators:
 * filters by user, action, record and date range, newest first, paged.
 */
#include "http.h"
#include "domain/date.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

#define AUDIT_PER_PAGE 50

static int64_t
day_start(const char *s, bool *ok)
{
	struct date d;
	*ok = date_parse(s, &d) == SC_OK;
	return *ok ? date_to_days(d) * 86400 : 0;
}

void
audit_filter_from_query(struct req *r, struct audit_filter *f, int64_t *page,
			int64_t per_page, struct form_errors *e)
{
	memset(f, 0, sizeof *f);
	const char *user = req_qs(r, "user"), *action = req_qs(r, "action");
	const char *rtype = req_qs(r, "record_type"), *rid = req_qs(r, "record_id");
	f->username = *user ? user : NULL;
	f->action = *action ? action : NULL;
	f->record_type = *rtype ? rtype : NULL;
	f->record_id = *rid ? rid : NULL;
	bool ok = true;
	if (*req_qs(r, "from")) {
		f->from = day_start(req_qs(r, "from"), &ok);
		if (!ok)
			form_error(r, e, "from", N_("Write the date as YYYY-MM-DD."));
	}
	if (*req_qs(r, "to")) {
		f->to = day_start(req_qs(r, "to"), &ok);
		if (!ok)
			form_error(r, e, "to", N_("Write the date as YYYY-MM-DD."));
		else
			f->to += 86400; /* the whole "to" day is included */
	}
	if (f->from && f->to && f->to <= f->from)
		form_error(r, e, "to", N_("The end date must not be before the start date."));
	*page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 10000000, page) != SC_OK)
		form_error(r, e, "page", N_("The page must be a whole number from 1."));
	f->limit = per_page;
	f->offset = (*page - 1) * per_page;
}

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

int
h_audit(struct req *r)
{
	struct audit_filter f;
	struct form_errors e = {0};
	int64_t page = 1;
	audit_filter_from_query(r, &f, &page, AUDIT_PER_PAGE, &e);
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (e.n == 0) {
		store_audit_queue_flush(r->app->store);
		int rc = store_audit_list(req_db(r), r->a, &f, &items, &n, &total);
		if (rc != SC_OK)
			return rc;
	} else {
		r->status = 422;
	}
	page_begin(r, T(r, "Audit log"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Audit log"));
	html_lit(o, "</h1>");
	form_error_summary(r, &e);
	html_lit(o, "<form method=\"get\" action=\"/audit\" class=\"filters\" role=\"search\">");
	form_input(r, &e, "user", T(r, "User"), "text", req_qs(r, "user"), "off", false);
	form_input(r, &e, "action", T(r, "Action"), "text", req_qs(r, "action"), "off", false);
	form_input(r, &e, "record_type", T(r, "Record type"), "text", req_qs(r, "record_type"), "off", false);
	form_input(r, &e, "record_id", T(r, "Record"), "text", req_qs(r, "record_id"), "off", false);
	form_input(r, &e, "from", T(r, "From"), "date", req_qs(r, "from"), "off", false);
	form_input(r, &e, "to", T(r, "To"), "date", req_qs(r, "to"), "off", false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Filter"));
	html_lit(o, "</button></form>");
	char *count = arena_printf(r->a, trn(r->lang, "%lld entry", "%lld entries", (unsigned long)total),
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
	struct buf q = BUF_INIT;
	const char *keep[] = {"user", "action", "record_type", "record_id", "from", "to"};
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		query_keep(r, &q, keep[i]);
	page_pager(r, "/audit", q.data ? q.data : "", page, total, AUDIT_PER_PAGE);
	buf_free(&q);
	req_audit(r, "audit.list", "audit_log", NULL, "ok");
	return page_end(r);
}
