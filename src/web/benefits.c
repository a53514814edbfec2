/*
 * benefits.c — the monthly benefit run's pages and their /api/v1/ twins
 * (issue 11, decisions 52–55): the runs and the form to start one, a run
 * with its totals, warnings, the statements that changed most and every
 * statement, its approval by a second finance officer or its discard, the
 * payment file (ISO 20022 pain.001.001.03), the month's tax summary, the
 * centre's payment settings, and a participant's statements with the
 * printable statement in plain language. The dated rules and the
 * calculator are benefit_rules.c's; what both draw, benefits_parts.c's.
 *
 * The commands and queries are app/benefit.h's; the page renders. The
 * payment file is written here from the approved run's payable statements
 * (app_benefit_payments(), which audits the download).
 */
#include "benefits.h"
#include "benefits_parts.h"
#include "case.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/benefit.h"
#include "domain/benefit_calc.h"
#include "domain/payment.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS_PER_PAGE 24
#define STATEMENTS_PER_PAGE 100
/* the tax summary's page: a centre's month on one page, or two */
#define TAX_PER_PAGE 500
#define CHANGED_SHOWN 5

/* ---- small pieces ---- */

static const struct {
	unsigned bit;
	const char *key;
	const char *label;
} warnings[] = {
	{BENEFIT_WARN_NO_TAX_INFO, "no_tax_information", N_("No tax information: 50 % withheld")},
	{BENEFIT_WARN_TABLE_MISSING, "tax_table_not_found", N_("Tax table not found: 50 % withheld")},
	{BENEFIT_WARN_NO_ACCOUNT, "no_bank_account", N_("No valid bank account: left out of the payment file")},
	{BENEFIT_WARN_UNMARKED, "unmarked_register", N_("A register of the month is not marked")},
	{BENEFIT_WARN_CORRECTED, "attendance_corrected", N_("Attendance corrected after an approval")},
};

static json_t *
warnings_json(int64_t bits)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof warnings / sizeof warnings[0]; i++)
		if ((unsigned)bits & warnings[i].bit)
			json_array_append_new(a, json_string(warnings[i].key));
	return a;
}

static void
warnings_html(struct req *r, int64_t bits)
{
	struct buf *o = &r->out;
	bool first = true;
	for (size_t i = 0; i < sizeof warnings / sizeof warnings[0]; i++) {
		if (!((unsigned)bits & warnings[i].bit))
			continue;
		if (!first)
			html_lit(o, "<br>");
		html_text(o, T(r, warnings[i].label));
		first = false;
	}
}

static const char *
state_text(struct req *r, const struct benefit_run *run)
{
	return field_shown(r, fields_find(benefit_run_fields, "state"), run);
}

/* The refusal as the page says it: the message in a box. */
static void
refusal_box(struct req *r, const char *message)
{
	if (message == NULL)
		return;
	html_lit(&r->out, "<p class=\"error-box\" role=\"alert\">");
	html_text(&r->out, message);
	html_lit(&r->out, "</p>");
}

/* ---- the runs ---- */

/* The month that ended last, "YYYY-MM". */
static const char *
last_month(struct req *r, struct date today)
{
	int y, m;
	benefit_month_add(today.y, today.m, -1, &y, &m);
	char t[8];
	benefit_month_format(y, m, t);
	return arena_strdup(r->a, t);
}

static int
runs_page(struct req *r, const struct actor *actor, int64_t page, int64_t per_page, const char *month,
	  const char *error)
{
	struct benefit_run *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	int rc = app_benefit_runs(req_db(r), r->a, actor, page, per_page, &items, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (!req_page_exists(r, "/benefits", "", page, total, per_page, &rc))
		return rc;
	page_begin(r, T(r, "Benefits"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Benefits"));
	html_lit(o, "</h1><p><a href=\"/benefits/settings\">");
	html_text(o, T(r, "Payment settings"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/benefits/rules\">");
	html_text(o, T(r, "Benefit rules"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/benefits/calc\">");
	html_text(o, T(r, "Benefit calculator"));
	html_lit(o, "</a></p>");
	if (benefits_may_write(r)) {
		html_lit(o, "<section aria-labelledby=\"start-run\"><h2 id=\"start-run\">");
		html_text(o, T(r, "Run a month"));
		html_lit(o, "</h2>");
		refusal_box(r, error);
		html_lit(o, "<form method=\"post\" action=\"/benefits/runs\" id=\"run-form\" novalidate>");
		form_csrf(r);
		html_lit(o, "<div class=\"field\"><label for=\"month\">");
		html_text(o, T(r, "Month (YYYY-MM)"));
		html_lit(o, "</label><input id=\"month\" name=\"month\" required pattern=\"[0-9]{4}-[0-9]{2}\" value=\"");
		html_text(o, month != NULL ? month : last_month(r, actor->today));
		html_lit(o, "\"></div><button type=\"submit\">");
		html_text(o, T(r, "Run the month"));
		html_lit(o, "</button></form></section>");
	}
	html_lit(o, "<section aria-labelledby=\"runs\"><h2 id=\"runs\">");
	html_text(o, T(r, "Runs"));
	html_lit(o, "</h2>");
	if (total == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No month has been run yet."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table id=\"runs-table\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Month"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "State"));
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Statements"));
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Gross"));
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Tax withheld"));
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Net paid"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Run by"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Approved by"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct benefit_run *x = &items[i];
			html_lit(o, "<tr><td><a href=\"/benefits/runs/");
			html_int(o, x->id);
			html_lit(o, "\">");
			html_text(o, x->month);
			html_lit(o, "</a></td><td>");
			html_text(o, state_text(r, x));
			html_lit(o, "</td><td class=\"num\">");
			html_int(o, x->statements);
			html_lit(o, "</td><td class=\"num\">");
			benefits_kr(r, x->gross_ore);
			html_lit(o, "</td><td class=\"num\">");
			benefits_kr(r, x->tax_ore);
			html_lit(o, "</td><td class=\"num\">");
			benefits_kr(r, x->net_ore);
			html_lit(o, "</td><td>");
			html_text(o, x->run_by_name);
			html_lit(o, "</td><td>");
			html_text(o, x->approved_by_name);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, "/benefits", "", page, total, per_page);
	}
	html_lit(o, "</section>");
	return page_end(r);
}

/* GET /benefits and /api/v1/benefits/runs. */
static int
h_runs(struct req *r)
{
	int64_t page = 1, per_page = RUNS_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return runs_page(r, &actor, page, per_page, NULL, NULL);
	struct benefit_run *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	rc = app_benefit_runs(req_db(r), r->a, &actor, page, per_page, &items, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(benefit_run_fields, &items[i], PARTS_ALL));
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

/* POST /benefits/runs and /api/v1/benefits/runs: run a month. */
static int
h_run_start(struct req *r)
{
	struct actor actor = req_actor(r);
	struct benefit_run_start in;
	fields_clear(benefit_run_start_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, benefit_run_start_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out;
	struct benefit_run run;
	memset(&run, 0, sizeof run);
	if (e.n == 0) {
		rc = app_benefit_run_start(req_db(r), r->a, &actor, NULL, in.month, &run, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		const char *msg = outcome_message(r, &out);
		if (msg == NULL && e.n > 0)
			msg = e.message[0];
		return runs_page(r, &actor, 1, RUNS_PER_PAGE, in.month, msg);
	}
	return answer_done(r, 201, record_json(benefit_run_fields, &run, PARTS_ALL),
			   arena_printf(r->a, "/benefits/runs/%lld", (long long)run.id), "run-started");
}

/* ---- one run ---- */

static const char *const list_keys[] = {"all", "warnings", "changed", "payable", "corrections"};

static bool
list_parse(const char *s, enum benefit_list *out)
{
	*out = BENEFIT_LIST_ALL;
	if (s == NULL || *s == '\0')
		return true;
	for (size_t i = 0; i < sizeof list_keys / sizeof list_keys[0]; i++)
		if (strcmp(s, list_keys[i]) == 0) {
			*out = (enum benefit_list)i;
			return true;
		}
	return false;
}

static void
statements_table(struct req *r, const struct benefit_record *items, size_t n, bool change, const char *id)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"");
	html_text(o, id);
	html_lit(o, "\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Participant"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Days"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Gross"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Tax withheld"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Recovered"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Net paid"));
	if (change) {
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Change from last month"));
	}
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Warnings"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct benefit_record *s = &items[i];
		html_lit(o, "<tr><td><a href=\"/participants/");
		html_int(o, s->participant_id);
		html_lit(o, "/benefits/");
		html_int(o, s->id);
		html_lit(o, "\">");
		html_text(o, s->participant_name);
		html_lit(o, "</a></td><td class=\"num\">");
		html_int(o, s->days);
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, s->gross_ore);
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, s->tax_ore);
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, s->recovery_ore);
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, s->net_ore);
		if (change) {
			html_lit(o, "</td><td class=\"num\">");
			benefits_kr(r, s->change_ore);
		}
		html_lit(o, "</td><td>");
		warnings_html(r, s->warnings);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

static void
run_action(struct req *r, const struct benefit_run *run, const char *what, const char *label, const char *cls)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" class=\"inline\" action=\"/benefits/runs/");
	html_int(o, run->id);
	html_lit(o, "/");
	html_text(o, what);
	html_lit(o, "\">");
	form_csrf(r);
	html_lit(o, "<button type=\"submit\" class=\"");
	html_text(o, cls);
	html_lit(o, "\" id=\"run-");
	html_text(o, what);
	html_lit(o, "\">");
	html_text(o, T(r, label));
	html_lit(o, "</button></form> ");
}

static int
run_page(struct req *r, const struct actor *actor, int64_t id, enum benefit_list list, int64_t page,
	 int64_t per_page, const char *error)
{
	struct db *db = req_db(r);
	struct benefit_run run;
	struct benefit_record *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	int rc = app_benefit_run(db, r->a, actor, id, list, page, per_page, &run, &items, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	const char *path = arena_printf(r->a, "/benefits/runs/%lld", (long long)run.id);
	const char *list_query = arena_printf(r->a, "list=%s", list_keys[list]);
	if (!req_page_exists(r, path, list_query, page, total, per_page, &rc))
		return rc;
	struct benefit_run same;
	struct benefit_record *changed = NULL;
	size_t nchanged = 0;
	int64_t tchanged = 0;
	rc = app_benefit_run(db, r->a, actor, id, BENEFIT_LIST_CHANGED, 1, CHANGED_SHOWN, &same, &changed, &nchanged,
			     &tchanged, &out);
	if (rc != SC_OK)
		return rc;
	struct benefit_payments pay;
	memset(&pay, 0, sizeof pay);
	if (run.state == BENEFIT_RUN_APPROVED && benefits_may_write(r)) {
		rc = app_benefit_payments(db, r->a, actor, id, false, &pay, &out);
		if (rc != SC_OK)
			return rc;
	}
	page_begin(r, arena_printf(r->a, "%s %s", T(r, "Benefit run"), run.month));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Benefit run"));
	html_lit(o, " ");
	html_text(o, run.month);
	html_lit(o, "</h1><p><span class=\"status\" id=\"run-state\">");
	html_text(o, state_text(r, &run));
	html_lit(o, "</span> \xC2\xB7 ");
	html_text(o, T(r, "Run by"));
	html_lit(o, " ");
	html_text(o, run.run_by_name);
	if (run.state == BENEFIT_RUN_APPROVED) {
		html_lit(o, " \xC2\xB7 ");
		html_text(o, T(r, "Approved by"));
		html_lit(o, " ");
		html_text(o, run.approved_by_name);
	}
	html_lit(o, "</p>");
	refusal_box(r, error);
	if (benefits_may_write(r) && run.state == BENEFIT_RUN_OPEN) {
		html_lit(o, "<div class=\"actions\">");
		if (run.run_by != actor->user_id)
			run_action(r, &run, "approve", N_("Approve the run"), "primary");
		else {
			html_lit(o, "<p class=\"muted\" id=\"four-eyes\">");
			html_text(o, T(r, "Another finance officer approves this run: the one who ran it cannot."));
			html_lit(o, "</p>");
		}
		run_action(r, &run, "discard", N_("Discard the run"), "secondary");
		html_lit(o, "</div>");
	}
	if (run.state == BENEFIT_RUN_APPROVED && benefits_may_write(r)) {
		html_lit(o, "<p class=\"actions\"><a id=\"payment-file\" href=\"/benefits/runs/");
		html_int(o, run.id);
		html_lit(o, "/payment-file\" download>");
		html_text(o, T(r, "Download the payment file"));
		html_lit(o, "</a>");
		if (run.downloads == 0) {
			html_lit(o, " <span class=\"muted\">");
			html_text(o, T(r, "(not downloaded yet)"));
			html_lit(o, "</span>");
		}
		html_lit(o, "</p>");
	}
	html_lit(o, "<p><a href=\"/benefits/runs/");
	html_int(o, run.id);
	html_lit(o, "/tax\">");
	html_text(o, T(r, "Tax summary"));
	html_lit(o, "</a></p>");

	html_lit(o, "<section aria-labelledby=\"totals\"><h2 id=\"totals\">");
	html_text(o, T(r, "Totals"));
	html_lit(o, "</h2><dl class=\"totals\"><dt>");
	html_text(o, T(r, "Statements"));
	html_lit(o, "</dt><dd class=\"num\" id=\"total-statements\">");
	html_int(o, run.statements);
	html_lit(o, "</dd>");
	benefits_dl_money(r, N_("Gross"), run.gross_ore);
	benefits_dl_money(r, N_("Tax withheld"), run.tax_ore);
	benefits_dl_money(r, N_("Recovered"), run.recovery_ore);
	benefits_dl_money(r, N_("Net paid"), run.net_ore);
	benefits_dl_money(r, N_("Back-pay"), run.backpay_ore);
	benefits_dl_money(r, N_("Overpayments claimed"), run.claims_ore);
	html_lit(o, "<dt>");
	html_text(o, T(r, "Statements with a warning"));
	html_lit(o, "</dt><dd class=\"num\" id=\"total-warnings\">");
	html_int(o, run.warnings);
	html_lit(o, "</dd></dl></section>");

	if (pay.nleft_out > 0) {
		html_lit(o, "<section aria-labelledby=\"left-out\"><h2 id=\"left-out\">");
		html_text(o, T(r, "Left out of the payment file (no valid bank account)"));
		html_lit(o, "</h2><ul>");
		for (size_t i = 0; i < pay.nleft_out; i++) {
			html_lit(o, "<li>");
			html_text(o, pay.left_out[i].participant_name);
			html_lit(o, " \xE2\x80\x93 ");
			benefits_kr(r, pay.left_out[i].net_ore);
			html_lit(o, "</li>");
		}
		html_lit(o, "</ul>");
		if (pay.left_out_total > (int64_t)pay.nleft_out) {
			html_lit(o, "<p id=\"left-out-more\"><a href=\"/benefits/runs/");
			html_int(o, run.id);
			html_lit(o, "?list=warnings\">");
			html_text(o, arena_printf(r->a, T(r, "%lld more: the statements with a warning"),
						  (long long)(pay.left_out_total - (int64_t)pay.nleft_out)));
			html_lit(o, "</a></p>");
		}
		html_lit(o, "</section>");
	}
	if (nchanged > 0) {
		html_lit(o, "<section aria-labelledby=\"changed\"><h2 id=\"changed\">");
		html_text(o, T(r, "Changed most from last month"));
		html_lit(o, "</h2>");
		statements_table(r, changed, nchanged, true, "changed-table");
		html_lit(o, "</section>");
	}
	html_lit(o, "<section aria-labelledby=\"statements\"><h2 id=\"statements\">");
	html_text(o, T(r, "Statements"));
	html_lit(o, "</h2><p>");
	static const char *const list_labels[] = {N_("All"), N_("With a warning"), N_("By change"), N_("Paid"),
						  N_("With corrections")};
	for (size_t i = 0; i < sizeof list_keys / sizeof list_keys[0]; i++) {
		if (i > 0)
			html_lit(o, " \xC2\xB7 ");
		if ((enum benefit_list)i == list) {
			html_lit(o, "<strong aria-current=\"true\">");
			html_text(o, T(r, list_labels[i]));
			html_lit(o, "</strong>");
		} else {
			html_lit(o, "<a href=\"/benefits/runs/");
			html_int(o, run.id);
			html_lit(o, "?list=");
			html_text(o, list_keys[i]);
			html_lit(o, "\">");
			html_text(o, T(r, list_labels[i]));
			html_lit(o, "</a>");
		}
	}
	html_lit(o, "</p>");
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No statements."));
		html_lit(o, "</p>");
	} else {
		statements_table(r, items, n, list == BENEFIT_LIST_CHANGED, "statements-table");
		page_pager(r, path, list_query, page, total, per_page);
	}
	html_lit(o, "</section>");
	return page_end(r);
}

static json_t *
record_brief_json(const struct benefit_record *s)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "id",
			 (json_int_t)s->id, "participant_id", (json_int_t)s->participant_id, "participant_name",
			 s->participant_name ? s->participant_name : "", "month", s->month ? s->month : "", "days",
			 (json_int_t)s->days, "gross_ore", (json_int_t)s->gross_ore, "tax_ore", (json_int_t)s->tax_ore,
			 "recovery_ore", (json_int_t)s->recovery_ore, "net_ore", (json_int_t)s->net_ore, "backpay_ore",
			 (json_int_t)s->backpay_ore, "claims_ore", (json_int_t)s->claims_ore, "outstanding_after_ore",
			 (json_int_t)s->outstanding_after_ore, "change_ore", (json_int_t)s->change_ore, "warnings",
			 warnings_json(s->warnings));
}

/* GET /benefits/runs/:id and /api/v1/benefits/runs/:id. */
static int
h_run(struct req *r)
{
	int64_t page = 1, per_page = STATEMENTS_PER_PAGE;
	int rc = SC_OK;
	enum benefit_list list;
	if (!list_parse(req_qs(r, "list"), &list))
		return r->wants_json ? api_error(r, 400, "bad_request", T(r, "Unknown list."), NULL)
				     : req_error(r, 400, NULL);
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return run_page(r, &actor, req_param_id(r, 0), list, page, per_page, NULL);
	struct benefit_run run;
	struct benefit_record *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	rc = app_benefit_run(req_db(r), r->a, &actor, req_param_id(r, 0), list, page, per_page, &run, &items, &n, &total,
			     &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_brief_json(&items[i]));
	json_t *body = api_page_json(arr, page, per_page, total);
	json_object_set_new(body, "run", record_json(benefit_run_fields, &run, PARTS_ALL));
	return api_send(r, 200, body);
}

/* POST /benefits/runs/:id/approve and /discard (and their API twins). */
static int
run_change(struct req *r, bool approve)
{
	int nobody = SC_OK;
	if (!api_no_body(r, &nobody))
		return nobody;
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct outcome out;
	int rc = approve ? app_benefit_run_approve(req_db(r), r->a, &actor, NULL, id, &out)
			 : app_benefit_run_discard(req_db(r), r->a, &actor, id, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_refused_json(r, &out, NULL);
		r->status = outcome_status(&out);
		return run_page(r, &actor, id, BENEFIT_LIST_ALL, 1, STATEMENTS_PER_PAGE, outcome_message(r, &out));
	}
	struct benefit_run run;
	struct benefit_record *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = app_benefit_run(req_db(r), r->a, &actor, id, BENEFIT_LIST_ALL, 1, 1, &run, &items, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	return answer_done(r, 200, record_json(benefit_run_fields, &run, PARTS_ALL),
			   approve ? arena_printf(r->a, "/benefits/runs/%lld", (long long)id) : "/benefits",
			   approve ? "run-approved" : "run-discarded");
}

static int
h_run_approve(struct req *r)
{
	return run_change(r, true);
}

static int
h_run_discard(struct req *r)
{
	return run_change(r, false);
}

/* ---- the payment file ---- */

/* An ISO 20022 date-time of t in UTC. */
static void
iso_time(int64_t t, char out[20])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* Text for an element (escaped, at most max characters of ASCII letters
 * the banks read; others become a space). */
static void
xml_text(struct buf *o, const char *s, size_t max)
{
	char t[141];
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && k < max && k < sizeof t - 1; p++) {
		if (*p >= 0x80) {
			/* a UTF-8 sequence: kept whole when it fits */
			size_t len = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
			if (k + len >= sizeof t)
				break;
			for (size_t i = 0; i < len && p[i]; i++)
				t[k++] = (char)p[i];
			p += len - 1;
			continue;
		}
		t[k++] = *p < 0x20 ? ' ' : (char)*p;
	}
	t[k] = '\0';
	html_text(o, k > 0 ? t : "-");
}

/* The pain.001.001.03 document of an approved run's payments. */
static void
payment_xml(struct req *r, const struct actor *actor, const struct benefit_payments *f)
{
	struct buf *o = &r->out;
	char now[20], amount[24], ctrl[24], day[11], iban[16], msg[36];
	iso_time(actor->now, now);
	payment_amount_text(f->control_ore, ctrl);
	date_format(f->execution, day);
	snprintf(msg, sizeof msg, "SC%lld-%lld", (long long)f->run.id, (long long)actor->now);
	html_lit(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">"
		    "<CstmrCdtTrfInitn><GrpHdr><MsgId>");
	html_text(o, msg);
	html_lit(o, "</MsgId><CreDtTm>");
	html_text(o, now);
	html_lit(o, "</CreDtTm><NbOfTxs>");
	html_int(o, (long long)f->npaid);
	html_lit(o, "</NbOfTxs><CtrlSum>");
	html_text(o, ctrl);
	html_lit(o, "</CtrlSum><InitgPty><Nm>");
	xml_text(o, f->settings.debtor_name[0] ? f->settings.debtor_name : f->centre_name, 70);
	html_lit(o, "</Nm></InitgPty></GrpHdr><PmtInf><PmtInfId>");
	html_text(o, msg);
	html_lit(o, "</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>");
	html_int(o, (long long)f->npaid);
	html_lit(o, "</NbOfTxs><CtrlSum>");
	html_text(o, ctrl);
	html_lit(o, "</CtrlSum><PmtTpInf><SvcLvl><Cd>NURG</Cd></SvcLvl><CtgyPurp><Cd>SALA</Cd></CtgyPurp></PmtTpInf>"
		    "<ReqdExctnDt>");
	html_text(o, day);
	html_lit(o, "</ReqdExctnDt><Dbtr><Nm>");
	xml_text(o, f->settings.debtor_name[0] ? f->settings.debtor_name : f->centre_name, 70);
	html_lit(o, "</Nm></Dbtr><DbtrAcct><Id><IBAN>");
	if (payment_iban(f->settings.debtor_account, iban) != SC_OK)
		iban[0] = '\0';
	html_text(o, iban);
	html_lit(o, "</IBAN></Id><Ccy>NOK</Ccy></DbtrAcct><DbtrAgt><FinInstnId/></DbtrAgt><ChrgBr>SLEV</ChrgBr>");
	for (size_t i = 0; i < f->npaid; i++) {
		const struct benefit_record *s = &f->paid[i];
		char e2e[36];
		payment_end_to_end(f->run.id, s->id, e2e);
		payment_amount_text(s->net_ore, amount);
		if (payment_iban(s->bank_account, iban) != SC_OK)
			iban[0] = '\0';
		html_lit(o, "<CdtTrfTxInf><PmtId><EndToEndId>");
		html_text(o, e2e);
		html_lit(o, "</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"NOK\">");
		html_text(o, amount);
		html_lit(o, "</InstdAmt></Amt><Cdtr><Nm>");
		xml_text(o, s->participant_name, 70);
		html_lit(o, "</Nm></Cdtr><CdtrAcct><Id><IBAN>");
		html_text(o, iban);
		html_lit(o, "</IBAN></Id></CdtrAcct><RmtInf><Ustrd>");
		xml_text(o, arena_printf(r->a, "Stonad %s", f->run.month), 140);
		html_lit(o, "</Ustrd></RmtInf></CdtTrfTxInf>");
	}
	html_lit(o, "</PmtInf></CstmrCdtTrfInitn></Document>\n");
}

/* GET /benefits/runs/:id/payment-file and its API twin: the file (the
 * download audited). */
static int
h_payment_file(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct benefit_payments f;
	struct outcome out;
	int rc = app_benefit_payments(req_db(r), r->a, &actor, id, true, &f, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE) {
		if (r->wants_json)
			return answer_refused_json(r, &out, NULL);
		if (out.refusal == REFUSED_NOT_FOUND)
			return req_error(r, 404, NULL);
		r->status = outcome_status(&out);
		return run_page(r, &actor, id, BENEFIT_LIST_ALL, 1, STATEMENTS_PER_PAGE, outcome_message(r, &out));
	}
	payment_xml(r, &actor, &f);
	r->status = 200;
	r->content_type = "application/xml; charset=utf-8";
	req_header(r, "Content-Disposition",
		   arena_printf(r->a, "attachment; filename=\"payments-%s.xml\"", f.run.month));
	return H_DONE;
}

/* ---- the tax summary ---- */

/* GET /benefits/runs/:id/tax and its API twin: a page of the statements
 * by name (TAX_PER_PAGE; the API's ?page and ?per_page) under the run's
 * totals. It was every statement on one page: 537,910 rows, 9-12 s, for
 * the scaled demo's run (decision 139). */
static int
h_tax(struct req *r)
{
	int64_t page = 1, per_page = TAX_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct benefit_run run;
	struct benefit_record *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	rc = app_benefit_tax_summary(req_db(r), r->a, &actor, req_param_id(r, 0), page, per_page, &run, &items, &n,
				     &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (!req_page_exists(r, arena_printf(r->a, "/benefits/runs/%lld/tax", (long long)run.id), "", page, total,
			     per_page, &rc))
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:I}", "participant_id",
							     (json_int_t)items[i].participant_id, "participant_name",
							     items[i].participant_name ? items[i].participant_name : "",
							     "gross_ore", (json_int_t)items[i].gross_ore, "tax_ore",
							     (json_int_t)items[i].tax_ore));
		json_t *body = api_page_json(arr, page, per_page, total);
		json_object_set_new(body, "month", json_string(run.month));
		json_object_set_new(body, "gross_ore", json_integer(run.gross_ore));
		json_object_set_new(body, "tax_ore", json_integer(run.tax_ore));
		return api_send(r, 200, body);
	}
	page_begin(r, arena_printf(r->a, "%s %s", T(r, "Tax summary"), run.month));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Tax summary"));
	html_lit(o, " ");
	html_text(o, run.month);
	html_lit(o, "</h1><p><a href=\"/benefits/runs/");
	html_int(o, run.id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the run"));
	html_lit(o, "</a></p>");
	page_para(r, "muted", arena_printf(r->a, T(r, "%lld statements, by name; the totals are the whole month's."),
					   (long long)total));
	html_lit(o, "<table id=\"tax-table\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Participant"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Gross"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Tax withheld"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, items[i].participant_name);
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, items[i].gross_ore);
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, items[i].tax_ore);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody><tfoot><tr><th scope=\"row\">");
	html_text(o, T(r, "Total"));
	html_lit(o, "</th><td class=\"num\">");
	benefits_kr(r, run.gross_ore);
	html_lit(o, "</td><td class=\"num\" id=\"tax-total\">");
	benefits_kr(r, run.tax_ore);
	html_lit(o, "</td></tr></tfoot></table>");
	if (total > per_page)
		page_pager(r, arena_printf(r->a, "/benefits/runs/%lld/tax", (long long)run.id), "", page, total, per_page);
	return page_end(r);
}

/* ---- the centre's settings ---- */

static int
settings_page(struct req *r, const struct actor *actor, const struct benefit_settings *posted,
	      const struct form_errors *e)
{
	struct benefit_settings s;
	struct outcome out;
	int rc = app_benefit_settings(req_db(r), r->a, actor, &s, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	page_begin(r, T(r, "Payment settings"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Payment settings"));
	html_lit(o, "</h1><p><a href=\"/benefits\">");
	html_text(o, T(r, "Benefits"));
	html_lit(o, "</a></p>");
	if (!benefits_may_write(r)) {
		record_dl(r, benefit_settings_fields, &s, PARTS_ALL);
		return page_end(r);
	}
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/benefits/settings\" id=\"settings-form\" novalidate>");
	form_csrf(r);
	html_lit(o, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(o, s.version);
	html_lit(o, "\">");
	form_fields(r, benefit_settings_fields, posted != NULL ? posted : &s, posted != NULL, NULL, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Save"));
	html_lit(o, "</button></form>");
	return page_end(r);
}

/* GET /benefits/settings and /api/v1/benefits/settings. */
static int
h_settings(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return settings_page(r, &actor, NULL, NULL);
	struct benefit_settings s;
	struct outcome out;
	int rc = app_benefit_settings(req_db(r), r->a, &actor, &s, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return api_send(r, 200, record_json(benefit_settings_fields, &s, PARTS_ALL));
}

/* POST /benefits/settings and its API twin: the whole settings with the
 * version they were read at. */
static int
h_settings_save(struct req *r)
{
	struct actor actor = req_actor(r);
	struct benefit_settings in;
	fields_clear(benefit_settings_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	static const char *const extra[] = {"version", NULL};
	if (!input_read(r, benefit_settings_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = -1;
	if (r->wants_json) {
		json_t *v = json_object_get(r->json, "version");
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			form_error(r, &e, "version", N_("Must be the version you read, a whole number."));
		else
			version = json_integer_value(v);
	} else if (parse_int64(req_field(r, "version"), 0, INT64_MAX, &version) != SC_OK) {
		form_error(r, &e, "version", N_("Must be the version you read, a whole number."));
	}
	struct outcome out;
	memset(&out, 0, sizeof out);
	if (e.n == 0) {
		rc = app_benefit_settings_save(req_db(r), r->a, &actor, &in, version, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, benefit_settings_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		return settings_page(r, &actor, &in, &e);
	}
	return answer_done(r, 200, record_json(benefit_settings_fields, &in, PARTS_ALL), "/benefits/settings",
			   "saved");
}

/* ---- a participant's statements ---- */

/* A statement's JSON: its kind ("month", or "recomputed" with the version
 * it follows and the month's statement paid, "paid": {id, net_ore}). */
static json_t *
statement_json(const struct benefit_record *rec, const struct benefit_record *paid)
{
	struct benefit_statement st;
	benefit_record_lines(rec, &st);
	json_t *o = record_brief_json(rec);
	json_object_set_new(o, "lines", benefit_lines_json(&st));
	json_t *claims = json_array();
	const struct benefit_item *c[BENEFIT_MAX_CORRECTIONS];
	size_t nc = benefit_record_claims(rec, c, BENEFIT_MAX_CORRECTIONS);
	for (size_t i = 0; i < nc; i++)
		json_array_append_new(claims, json_pack("{s:s, s:s, s:I, s:I}", "month",
							c[i]->ref_month ? c[i]->ref_month : "", "causes",
							c[i]->causes ? c[i]->causes : "", "amount_ore",
							(json_int_t)c[i]->amount_ore, "recomputed_id",
							(json_int_t)c[i]->ref_statement_id));
	json_object_set_new(o, "claims", claims);
	json_object_set_new(o, "outstanding_ore", json_integer(rec->outstanding_ore));
	json_object_set_new(o, "scheme", json_string(benefit_scheme_key(rec->scheme)));
	json_object_set_new(o, "run_id", json_integer(rec->run_id));
	json_object_set_new(o, "kind", json_string(rec->kind == BENEFIT_RECORD_RECOMPUTED ? "recomputed" : "month"));
	if (rec->kind == BENEFIT_RECORD_RECOMPUTED) {
		json_object_set_new(o, "corrects_id", json_integer(rec->corrects_id));
		json_object_set_new(o, "paid", paid->id > 0 ? json_pack("{s:I, s:I, s:I}", "id", (json_int_t)paid->id,
									 "run_id", (json_int_t)paid->run_id,
									 "net_ore", (json_int_t)paid->net_ore)
							     : json_null());
	}
	return o;
}

/* Above a recomputed month's statement, plainly: not a payment; which
 * run made it and why; what was paid for the month (printed too: the
 * participant may hold it in hand). */
static void
recomputed_notice(struct req *r, const struct participant_brief *p, const struct benefit_record *rec,
		  const struct benefit_run *run, const struct benefit_record *paid)
{
	struct buf *o = &r->out;
	html_lit(o, "<div class=\"notice\" id=\"statement-recomputed\" role=\"note\"><p><strong>");
	html_text(o, arena_printf(r->a, T(r, "This is a recomputation of %s, not a payment."), rec->month));
	html_lit(o, "</strong> ");
	html_text(o, arena_printf(r->a,
				  T(r, "The run of %s (run %lld) computed the month again because facts behind it "
				       "changed. The difference from what was paid is on the statement for %s."),
				  run->month, (long long)run->id, run->month));
	html_lit(o, "</p>");
	if (paid->id > 0) {
		html_lit(o, "<p id=\"statement-paid\"><a href=\"");
		html_text(o, arena_printf(r->a, "/participants/%lld/benefits/%lld", (long long)p->id,
					  (long long)paid->id));
		html_lit(o, "\">");
		html_text(o, arena_printf(r->a, T(r, "Paid to your account for %s"), rec->month));
		html_lit(o, "</a>: ");
		benefits_kr(r, paid->net_ore);
		html_lit(o, "</p>");
	}
	html_lit(o, "</div>");
}

static int
statement_page(struct req *r, const struct participant_brief *p, const struct benefit_record *rec,
	       const struct benefit_run *run, const struct benefit_record *paid)
{
	struct benefit_statement st;
	benefit_record_lines(rec, &st);
	const char *title =
		rec->kind == BENEFIT_RECORD_RECOMPUTED ? T(r, "Recomputed month") : T(r, "Benefit statement");
	page_begin(r, arena_printf(r->a, "%s %s \xE2\x80\x93 %s", title, rec->month,
				   case_name(r, p->given_name, p->family_name)));
	case_header(r, p, "benefits");
	if (rec->kind == BENEFIT_RECORD_RECOMPUTED)
		recomputed_notice(r, p, rec, run, paid);
	/* Whoever runs or reads the benefits sees the statement's warnings
	 * flagged above it (not printed: the printed statement is the
	 * participant's); a missing tax table by its number and year. */
	if (rec->warnings != 0 && access_allows(r->user.roles, RES_BENEFITS, ACT_READ)) {
		struct buf *o = &r->out;
		int64_t others = rec->warnings & ~(int64_t)BENEFIT_WARN_TABLE_MISSING;
		html_lit(o, "<div class=\"notice no-print\" id=\"statement-warnings\" role=\"note\">");
		if (rec->warnings & BENEFIT_WARN_TABLE_MISSING) {
			html_lit(o, "<p id=\"statement-tax-flag\">");
			html_text(o, arena_printf(r->a,
						  T(r, "Table %s of the tax card held no amount for this gross in the tax "
						       "tables loaded for %s, so %lld %% was withheld. Check the table "
						       "number on the tax card, and that the year's tables are imported "
						       "(benefit tax-table import)."),
						  rec->tax_table, arena_printf(r->a, "%.4s", rec->month),
						  (long long)BENEFIT_TAX_FALLBACK_PERCENT));
			html_lit(o, "</p>");
		}
		if (others != 0) {
			html_lit(o, "<p>");
			warnings_html(r, others);
			html_lit(o, "</p>");
		}
		html_lit(o, "</div>");
	}
	benefits_statement_article(r, rec, &st);
	return page_end(r);
}

/* GET /participants/:id/benefits/:sid and its API twin. */
static int
h_statement(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct benefit_record rec, paid, *refs = NULL;
	struct benefit_run run;
	size_t nrefs = 0;
	struct outcome out;
	int rc = app_benefit_statement(req_db(r), r->a, &actor, req_param_id(r, 0), req_param_id(r, 1), &p, &rec, &refs,
				       &nrefs, &run, &paid, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, statement_json(&rec, &paid));
	return statement_page(r, &p, &rec, &run, &paid);
}

/* The participant's benefit page: statements, the outstanding overpayment,
 * other income and (finance) the form to record it; posted and e after a
 * refused report. */
static int
statements_page(struct req *r, const struct actor *actor, int64_t participant_id,
		const struct benefit_income_report *posted, const struct form_errors *e)
{
	struct participant_brief p;
	struct benefit_record *items = NULL;
	size_t n = 0;
	int64_t outstanding = 0;
	struct outcome out;
	int rc = app_benefit_statements_of(req_db(r), r->a, actor, participant_id, &p, &items, &n, &outstanding,
					   &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	bool write = case_allows(r, &p, PART_BIT(PART_BENEFIT), ACT_WRITE) && benefits_may_write(r);
	struct benefit_income_report *reports = NULL;
	size_t nreports = 0;
	if (write) {
		rc = app_benefit_income_of(req_db(r), r->a, actor, p.id, &reports, &nreports, &out);
		if (rc != SC_OK)
			return rc;
	}
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Benefits"),
				   case_name(r, p.given_name, p.family_name)));
	struct buf *o = &r->out;
	case_header(r, &p, "benefits");
	html_lit(o, "<h2>");
	html_text(o, T(r, "Benefit statements"));
	html_lit(o, "</h2>");
	if (outstanding > 0) {
		html_lit(o, "<p id=\"outstanding\">");
		html_text(o, T(r, "Overpayment still to repay:"));
		html_lit(o, " ");
		benefits_kr(r, outstanding);
		html_lit(o, "</p>");
	}
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No statements yet."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table id=\"statements-of\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Month"));
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Gross"));
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Tax withheld"));
		html_lit(o, "</th><th scope=\"col\" class=\"num\">");
		html_text(o, T(r, "Net paid"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td><a href=\"/participants/");
			html_int(o, p.id);
			html_lit(o, "/benefits/");
			html_int(o, items[i].id);
			html_lit(o, "\">");
			html_text(o, items[i].month);
			html_lit(o, "</a></td><td class=\"num\">");
			benefits_kr(r, items[i].gross_ore);
			html_lit(o, "</td><td class=\"num\">");
			benefits_kr(r, items[i].tax_ore);
			html_lit(o, "</td><td class=\"num\">");
			benefits_kr(r, items[i].net_ore);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (write) {
		struct benefit_period *periods = NULL;
		size_t nperiods = 0;
		int dflt = BENEFIT_BERGEN;
		rc = app_benefit_periods(req_db(r), r->a, actor, p.id, &periods, &nperiods, &dflt, &out);
		if (rc != SC_OK)
			return rc;
		if (nperiods > 0) {
			html_lit(o, "<section aria-labelledby=\"schemes\"><h2 id=\"schemes\">");
			html_text(o, T(r, "The scheme of each programme period"));
			html_lit(o, "</h2>");
			for (size_t i = 0; i < nperiods; i++) {
				char from[11], to[11];
				date_format(periods[i].start, from);
				date_format(periods[i].end, to);
				html_lit(o, "<form method=\"post\" class=\"inline\" action=\"/participants/");
				html_int(o, p.id);
				html_lit(o, "/benefits/periods/");
				html_int(o, periods[i].enrolment_id);
				html_lit(o, "/scheme\">");
				form_csrf(r);
				html_lit(o, "<label for=\"scheme-");
				html_int(o, periods[i].enrolment_id);
				html_lit(o, "\">");
				html_text(o, arena_printf(r->a, T(r, "Scheme of the period %s to %s"), from, to));
				html_lit(o, "</label> <select name=\"scheme\" id=\"scheme-");
				html_int(o, periods[i].enrolment_id);
				html_lit(o, "\">");
				const char *cur = periods[i].scheme != NULL ? periods[i].scheme : "";
				static const char *const keys[] = {"", "bergen", "kvp"};
				for (size_t k = 0; k < 3; k++) {
					html_lit(o, "<option value=\"");
					html_text(o, keys[k]);
					html_lit(o, "\"");
					if (strcmp(cur, keys[k]) == 0)
						html_lit(o, " selected");
					html_lit(o, ">");
					if (k == 0)
						html_text(o, arena_printf(r->a, T(r, "The centre's default (%s)"),
									  benefit_scheme_key(dflt)));
					else
						html_text(o, keys[k]);
					html_lit(o, "</option>");
				}
				html_lit(o, "</select> <button type=\"submit\">");
				html_text(o, T(r, "Save"));
				html_lit(o, "</button></form>");
			}
			html_lit(o, "</section>");
		}
		html_lit(o, "<section aria-labelledby=\"income\"><h2 id=\"income\">");
		html_text(o, T(r, "Other income"));
		html_lit(o, "</h2><p class=\"muted\">");
		html_text(o, T(r, "Reducing: dagpenger, sykepenger, foreldrepenger, aap, laerlingelonn. Recorded only: "
				  "bostotte, barnetrygd, kontantstotte, barnebidrag. Reported for a month already "
				  "approved, the next run corrects it."));
		html_lit(o, "</p>");
		if (nreports > 0) {
			html_lit(o, "<table id=\"income-table\"><thead><tr><th scope=\"col\">");
			html_text(o, T(r, "Kind of income"));
			html_lit(o, "</th><th scope=\"col\">");
			html_text(o, T(r, "Months"));
			html_lit(o, "</th><th scope=\"col\" class=\"num\">");
			html_text(o, T(r, "Amount each month (kr)"));
			html_lit(o, "</th><th scope=\"col\">");
			html_text(o, T(r, "Reported by"));
			html_lit(o, "</th><th scope=\"col\">");
			html_text(o, T(r, "In force"));
			html_lit(o, "</th></tr></thead><tbody>");
			for (size_t i = 0; i < nreports; i++) {
				const struct benefit_income_report *x = &reports[i];
				const char *kl = benefit_income_kind_label(x->kind);
				html_lit(o, "<tr><td>");
				html_text(o, kl != NULL ? T(r, kl) : x->kind);
				html_lit(o, "</td><td>");
				html_text(o, x->month_from);
				if (x->month_to != NULL && strcmp(x->month_to, x->month_from) != 0) {
					html_lit(o, " \xE2\x80\x93 ");
					html_text(o, x->month_to);
				}
				html_lit(o, "</td><td class=\"num\">");
				benefits_kr(r, x->amount_ore);
				html_lit(o, "</td><td>");
				html_text(o, x->reported_by_name);
				html_lit(o, "</td><td>");
				if (x->withdrawn_at != FIELD_NONE && x->withdrawn_at != 0) {
					/* withdrawn: kept, shown, no longer deducted */
					const char *by = x->withdrawn_by_name != NULL ? x->withdrawn_by_name : "";
					html_text(o, arena_printf(r->a, T(r, "Withdrawn by %s"), by));
				} else {
					/* a report entered wrongly is withdrawn, not edited */
					html_lit(o, "<form method=\"post\" class=\"inline\" action=\"/participants/");
					html_int(o, p.id);
					html_lit(o, "/benefits/income/");
					html_int(o, x->id);
					html_lit(o, "/withdraw\">");
					form_csrf(r);
					html_lit(o, "<button type=\"submit\" id=\"withdraw-income-");
					html_int(o, x->id);
					html_lit(o, "\">");
					html_text(o, T(r, "Withdraw"));
					html_lit(o, "</button></form>");
				}
				html_lit(o, "</td></tr>");
			}
			html_lit(o, "</tbody></table>");
		}
		struct benefit_income_report blank;
		fields_clear(benefit_income_report_fields, &blank);
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p.id);
		html_lit(o, "/benefits/income\" id=\"income-form\" novalidate>");
		form_csrf(r);
		/* the kind from the list, in the reader's words */
		const char *kkeys[BENEFIT_INCOME_KINDS_MAX], *klabels[BENEFIT_INCOME_KINDS_MAX];
		size_t nk = benefit_income_kinds(kkeys, klabels, BENEFIT_INCOME_KINDS_MAX);
		for (size_t k = 0; k < nk; k++)
			klabels[k] = T(r, klabels[k]);
		const struct field_ui kind_ui[] = {
			{.key = "kind", .choice_keys = kkeys, .choice_labels = klabels, .nchoices = nk}, {0}};
		form_fields(r, benefit_income_report_fields, posted != NULL ? (const void *)posted : &blank,
			    posted != NULL, kind_ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Record the income"));
		html_lit(o, "</button></form></section>");
	}
	return page_end(r);
}

/* GET /participants/:id/benefits and its API twin. */
static int
h_statements(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return statements_page(r, &actor, req_param_id(r, 0), NULL, NULL);
	struct participant_brief p;
	struct benefit_record *items = NULL;
	size_t n = 0;
	int64_t outstanding = 0;
	struct outcome out;
	int rc = app_benefit_statements_of(req_db(r), r->a, &actor, req_param_id(r, 0), &p, &items, &n, &outstanding,
					   &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_brief_json(&items[i]));
	return api_send(r, 200, json_pack("{s:o, s:I}", "items", arr, "outstanding_ore", (json_int_t)outstanding));
}

/* POST /participants/:id/benefits/income and its API twin: other income
 * reported (finance). */
static int
h_income_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct outcome out;
	int rc = app_participant(req_db(r), r->a, &actor, req_param_id(r, 0), PART_BIT(PART_BENEFIT), ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct benefit_income_report in;
	fields_clear(benefit_income_report_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, benefit_income_report_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_benefit_income_create(req_db(r), r->a, &actor, p.id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped) {
			rc = app_benefit_income_check(req_db(r), r->a, &actor, &in, &out.errors);
			if (rc != SC_OK)
				return rc;
		}
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, benefit_income_report_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		return statements_page(r, &actor, p.id, &in, &e);
	}
	return answer_done(r, 201, record_json(benefit_income_report_fields, &in, PARTS_ALL),
			   arena_printf(r->a, "/participants/%lld/benefits", (long long)p.id), "saved");
}

/* POST /participants/:id/benefits/income/:iid/withdraw and its API twin
 * (no body): a report entered wrongly, withdrawn (audited); a month
 * already approved is corrected by the next run. */
static int
h_income_withdraw(struct req *r)
{
	int nobody = SC_OK;
	if (!api_no_body(r, &nobody))
		return nobody;
	struct actor actor = req_actor(r);
	int64_t pid = req_param_id(r, 0), id = req_param_id(r, 1);
	struct outcome out;
	int rc = app_benefit_income_withdraw(req_db(r), r->a, &actor, pid, id, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE) {
		if (r->wants_json && out.refusal != REFUSED_NOT_FOUND)
			return answer_refused_json(r, &out, NULL);
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	}
	return answer_done(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "withdrawn", 1),
			   arena_printf(r->a, "/participants/%lld/benefits", (long long)pid), "income-withdrawn");
}

/* POST /participants/:id/benefits/periods/:eid/scheme and its API twin:
 * {"scheme": "bergen" | "kvp" | ""} ("": the centre's default). */
static int
h_period_scheme(struct req *r)
{
	struct actor actor = req_actor(r);
	/* a participant the actor cannot reach is not found, whatever the body holds */
	struct participant_brief reached;
	int rc = SC_OK;
	if (!req_participant(r, &actor, PART_BIT(PART_BENEFIT), ACT_WRITE, &reached, &rc))
		return rc;
	const char *scheme = NULL;
	if (r->wants_json) {
		json_t *v = json_object_get(r->json, "scheme");
		if (!json_is_string(v)) {
			struct form_errors e = {0};
			form_error(r, &e, "scheme", N_("Must be text."));
			struct outcome bad = {.refusal = REFUSED_INVALID};
			return answer_refused_json(r, &bad, &e);
		}
		scheme = json_string_value(v);
	} else {
		scheme = req_field(r, "scheme");
	}
	struct outcome out;
	rc = app_benefit_period_scheme(req_db(r), r->a, &actor, req_param_id(r, 0), req_param_id(r, 1), scheme, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		struct form_errors e = {0};
		outcome_form_errors(r, &out, &e);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		return statements_page(r, &actor, req_param_id(r, 0), NULL, &e);
	}
	return answer_done(r, 200, json_pack("{s:I, s:s}", "enrolment_id", (json_int_t)req_param_id(r, 1), "scheme",
					     scheme != NULL ? scheme : ""),
			   arena_printf(r->a, "/participants/%lld/benefits", (long long)req_param_id(r, 0)), "saved");
}

/* ---- the finance officer's home ---- */

static void
home_count(struct req *r, const char *id, const char *label, int64_t n, const char *href)
{
	struct buf *o = &r->out;
	html_lit(o, "<li id=\"");
	html_text(o, id);
	html_lit(o, "\"><a href=\"");
	html_text(o, href);
	html_lit(o, "\">");
	html_text(o, T(r, label));
	html_lit(o, "</a>: <strong>");
	html_int(o, n);
	html_lit(o, "</strong></li>");
}

int
benefits_home_section(struct req *r)
{
	if (!benefits_may_write(r))
		return SC_OK;
	struct actor actor = req_actor(r);
	struct benefit_home_view v;
	int rc = app_benefit_home(req_db(r), r->a, &actor, NULL, &v);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"benefit-home\"><h2 id=\"benefit-home\">");
	html_text(o, T(r, "Benefits this month"));
	html_lit(o, "</h2><p id=\"benefit-last-month\">");
	if (v.has_run) {
		html_text(o, arena_printf(r->a, T(r, "The run of %s: %s."), v.last_month, state_text(r, &v.run)));
		html_lit(o, " <a href=\"/benefits/runs/");
		html_int(o, v.run.id);
		html_lit(o, "\">");
		html_text(o, T(r, "Open the run"));
		html_lit(o, "</a>");
	} else {
		html_text(o, arena_printf(r->a, T(r, "%s has not been run yet."), v.last_month));
		html_lit(o, " <a href=\"/benefits\">");
		html_text(o, T(r, "Run a month"));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p><ul>");
	home_count(r, "benefit-waiting", N_("Runs waiting for your approval"), v.counts.open_by_others, "/benefits");
	home_count(r, "benefit-warnings", N_("Statements with a warning to clear"), v.counts.warnings, "/benefits");
	home_count(r, "benefit-corrections", N_("Corrections for the next benefit run"), v.corrections,
		   "/benefits/corrections");
	home_count(r, "benefit-undownloaded", N_("Payment files not downloaded yet"), v.counts.undownloaded,
		   "/benefits");
	html_lit(o, "</ul></section>");
	return SC_OK;
}

const struct route benefits_routes[] = {
	BOTH(GET_HEAD, "/benefits", "/api/v1/benefits/runs", h_runs, NEED(RES_BENEFITS, ACT_READ)),
	BOTH(M_POST, "/benefits/runs", "/api/v1/benefits/runs", h_run_start, NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(GET_HEAD, "/benefits/settings", "/api/v1/benefits/settings", h_settings, NEED(RES_BENEFITS, ACT_READ)),
	BOTH(M_POST, "/benefits/settings", "/api/v1/benefits/settings", h_settings_save,
	     NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(GET_HEAD, "/benefits/runs/:id", "/api/v1/benefits/runs/:id", h_run, NEED(RES_BENEFITS, ACT_READ)),
	BOTH(M_POST, "/benefits/runs/:id/approve", "/api/v1/benefits/runs/:id/approve", h_run_approve,
	     NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(M_POST, "/benefits/runs/:id/discard", "/api/v1/benefits/runs/:id/discard", h_run_discard,
	     NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(GET_HEAD, "/benefits/runs/:id/payment-file", "/api/v1/benefits/runs/:id/payment-file", h_payment_file,
	     NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(GET_HEAD, "/benefits/runs/:id/tax", "/api/v1/benefits/runs/:id/tax", h_tax, NEED(RES_BENEFITS, ACT_READ)),
	BOTH(GET_HEAD, "/participants/:id/benefits", "/api/v1/participants/:id/benefits", h_statements,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/benefits/income", "/api/v1/participants/:id/benefits/income", h_income_create,
	     NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id/benefits/income/:iid/withdraw",
	     "/api/v1/participants/:id/benefits/income/:iid/withdraw", h_income_withdraw,
	     NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id/benefits/periods/:eid/scheme",
	     "/api/v1/participants/:id/benefits/periods/:eid/scheme", h_period_scheme, NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(GET_HEAD, "/participants/:id/benefits/:sid", "/api/v1/participants/:id/benefits/:sid", h_statement,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	ROUTES_END
};
