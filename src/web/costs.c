/*
 * costs.c — the programme's money and the year (issue 12, sections 3-5):
 * the costs per year a leader enters (versioned) with the cost per
 * participant-year and per completer, the cost-benefit account with its
 * parameters and sensitivity table, the waiting-list forecast, the annual
 * report, and the centre at a glance on the home page. Routes are declared
 * in reports.c's table.
 */
#include "reports.h"

#include "case.h"
#include "export.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/intake.h"
#include "app/report.h"
#include "domain/stats.h"
#include "store/store_intake.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* An amount to the øre, as a report's money cell says it ("1500,50 kr"):
 * what adds up (the year's benefits paid is the Money report's months). */
static const char *
amount(struct req *r, int64_t ore)
{
	struct report_cell c = {.kind = RC_MONEY, .n = -1, .value = ore};
	return report_cell_text(r, &c);
}

/* An average in whole kroner, rounded half up; a dash when there is none. */
static const char *
kroner(struct req *r, int64_t ore)
{
	if (ore < 0)
		return "\xE2\x80\x94";
	return arena_printf(r->a, T(r, "%lld kr"), (long long)((ore + 50) / 100));
}

/* ---- costs ---- */

static json_t *
year_json(const struct programme_cost *c, const struct report_cost_year *y)
{
	json_t *j = record_json(programme_cost_fields, c, PARTS_ALL);
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "total", json_integer(y->cost));
	json_object_set_new(j, "benefits_paid", json_integer(y->benefits));
	json_object_set_new(j, "participant_days", json_integer(y->participant_days));
	json_object_set_new(j, "completers", json_integer(y->completers));
	json_object_set_new(j, "per_participant_year", y->per_participant_year < 0 ? json_null()
								    : json_integer(y->per_participant_year));
	json_object_set_new(j, "per_completer", y->per_completer < 0 || !stats_shown(y->completers)
							? json_null() : json_integer(y->per_completer));
	return j;
}

/* The costs page; e and posted: a refused entry shown again. */
static int
costs_page(struct req *r, const struct actor *actor, const struct programme_cost *posted, const struct form_errors *e)
{
	struct programme_cost *costs;
	struct report_cost_year *years;
	size_t n;
	int rc = app_cost_years(req_db(r), r->a, actor, &costs, &years, &n);
	if (rc != SC_OK)
		return rc;
	/* ?year=: that year's versions, newest first, each dated and with who entered it */
	int64_t year = 0;
	struct programme_cost *v = NULL;
	size_t nv = 0;
	if (req_qs(r, "year") != NULL && parse_int64(req_qs(r, "year"), 2000, 2100, &year) == SC_OK &&
	    (rc = app_cost_versions(req_db(r), r->a, actor, year, &v, &nv)) != SC_OK)
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; arr != NULL && i < n; i++)
			json_array_append_new(arr, year_json(&costs[i], &years[i]));
		json_t *j = json_pack("{s:o}", "years", arr);
		if (j != NULL && year != 0) {
			json_t *va = json_array();
			for (size_t i = 0; va != NULL && i < nv; i++)
				json_array_append_new(va, record_json(programme_cost_fields, &v[i], PARTS_ALL));
			json_object_set_new(j, "versions", va);
		}
		return api_send(r, 200, j);
	}
	page_begin(r, T(r, "Costs"));
	struct buf *o = &r->out;
	report_page_head(r, T(r, "Costs"), "/reports/costs", "");
	if (n == 0) {
		page_muted(r, T(r, "No costs are entered yet."));
	} else {
		static const char *const cols[] = {N_("Year"), N_("Staff"), N_("Premises"), N_("Activities"),
						   N_("Other"), N_("Benefits paid"), N_("Participant-years"),
						   N_("Completers"), N_("Cost per participant-year"),
						   N_("Cost per completer"), N_("Version"), NULL};
		page_table(r, "class=\"report\" id=\"costs\"", cols);
		for (size_t i = 0; i < n; i++) {
			const struct programme_cost *c = &costs[i];
			const struct report_cost_year *y = &years[i];
			html_lit(o, "<tr><th scope=\"row\">");
			html_int(o, c->year);
			html_lit(o, "</th><td class=\"num\">");
			html_text(o, amount(r, c->staff));
			html_lit(o, "</td><td class=\"num\">");
			html_text(o, amount(r, c->premises));
			html_lit(o, "</td><td class=\"num\">");
			html_text(o, amount(r, c->activities));
			html_lit(o, "</td><td class=\"num\">");
			html_text(o, amount(r, c->other));
			html_lit(o, "</td><td class=\"num\">");
			html_text(o, amount(r, y->benefits));
			html_lit(o, "</td><td class=\"num\">");
			/* in tenths, rounded half up, with the reader's decimal mark */
			int64_t tenths = (y->participant_days * 10 + 182) / 365;
			html_text(o, arena_printf(r->a, "%lld%c%lld", (long long)(tenths / 10), page_decimal_mark(r),
						  (long long)(tenths % 10)));
			html_lit(o, "</td><td class=\"num\">");
			struct report_cell cc = {.kind = RC_COUNT, .n = y->completers};
			html_text(o, report_cell_text(r, &cc));
			html_lit(o, "</td><td class=\"num\">");
			html_text(o, kroner(r, y->per_participant_year));
			html_lit(o, "</td><td class=\"num\">");
			html_text(o, stats_shown(y->completers) ? kroner(r, y->per_completer) : T(r, "fewer than 5"));
			html_lit(o, "</td><td class=\"num\"><a href=\"/reports/costs?year=");
			html_int(o, c->year);
			html_lit(o, "#versions\">");
			html_int(o, c->version);
			html_lit(o, "</a></td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_muted(r, T(r, "Benefits paid come from the approved benefit runs."));
	}
	if (year != 0) {
		html_lit(o, "<section aria-labelledby=\"versions\"><h2 id=\"versions\">");
		html_text(o, arena_printf(r->a, T(r, "Versions of %lld"), (long long)year));
		html_lit(o, "</h2>");
		static const char *const vcols[] = {N_("Version"), N_("Total"), N_("Note"), N_("Entered"),
						    N_("Entered by"), NULL};
		page_table(r, NULL, vcols);
		for (size_t i = 0; i < nv; i++) {
			html_lit(o, "<tr><td>");
			html_int(o, v[i].version);
			html_lit(o, "</td><td class=\"num\">");
			html_text(o, amount(r, programme_cost_total(&v[i])));
			html_lit(o, "</td><td>");
			html_text(o, v[i].note);
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(page_moment(r, v[i].created_at)));
			html_lit(o, "</td><td>");
			html_text(o, page_or_dash(v[i].created_by_name));
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table></section>");
	}
	if (access_allows(actor->roles, RES_REPORTS, ACT_WRITE)) {
		html_lit(o, "<section aria-labelledby=\"enter\"><h2 id=\"enter\">");
		html_text(o, T(r, "Enter a year's costs"));
		html_lit(o, "</h2><p class=\"muted\">");
		html_text(o, T(r, "Entering a year again makes a new version; the earlier ones are kept."));
		html_lit(o, "</p>");
		if (e != NULL)
			form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/reports/costs\" novalidate>");
		form_csrf(r);
		struct programme_cost blank;
		fields_clear(programme_cost_fields, &blank);
		form_fields(r, programme_cost_fields, posted != NULL ? posted : &blank, posted != NULL, NULL, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Save costs"));
		html_lit(o, "</button></form></section>");
	}
	return page_end(r);
}

/* A page of the whole centre that takes no filter (the costs, the
 * forecast): true when one is given, *rc the refusal (422, the fields). */
static bool
refuse_filters(struct req *r, const char *const *extra, int *rc)
{
	if (report_query_twice(r, extra, rc))
		return true;
	struct form_errors e = {0};
	report_filters_none(r, &e);
	if (e.n == 0)
		return false;
	form_errors_order(&e, report_filter_fields);
	struct outcome out = {.refusal = REFUSED_INVALID};
	*rc = r->wants_json ? answer_refused_json(r, &out, &e) : req_error(r, 422, e.message[0]);
	return true;
}

/* GET /reports/costs/export: the costs page's table as a file. */
int
h_costs_export(struct req *r)
{
	struct actor actor = req_actor(r);
	if (app_report_own_only(&actor))
		return req_error(r, 404, NULL);
	static const char *const extra[] = {"format", NULL};
	int rc;
	if (refuse_filters(r, extra, &rc))
		return rc;
	const char *fmt = req_qs(r, "format");
	if (!export_format_ok(fmt))
		return req_error(r, 400, T(r, "The export format must be csv or xlsx, for example ?format=xlsx."));
	struct programme_cost *costs;
	struct report_cost_year *years;
	size_t n;
	rc = app_cost_years(req_db(r), r->a, &actor, &costs, &years, &n);
	if (rc != SC_OK)
		return rc;
	return report_costs_export(r, fmt, costs, years, n);
}

int
h_costs(struct req *r)
{
	struct actor actor = req_actor(r);
	if (app_report_own_only(&actor))
		return req_error(r, 404, NULL);
	static const char *const extra[] = {"year", NULL};
	int rc;
	if (refuse_filters(r, extra, &rc))
		return rc;
	int64_t year;
	const char *y = req_qs(r, "year");
	if (y[0] != '\0' && parse_int64(y, 2000, 2100, &year) != SC_OK) {
		const char *why = T(r, "Write the year as a year from 2000 to 2100.");
		if (!r->wants_json)
			return req_error(r, 422, why);
		struct form_errors e = {.n = 1, .field = {"year"}, .message = {why}};
		struct outcome out = {.refusal = REFUSED_INVALID};
		return answer_refused_json(r, &out, &e);
	}
	return costs_page(r, &actor, NULL, NULL);
}

int
h_cost_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct programme_cost in;
	fields_clear(programme_cost_fields, &in);
	struct form_errors e = {0};
	int rc;
	if (!input_read(r, programme_cost_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out;
	memset(&out, 0, sizeof out);
	if (e.n == 0) {
		rc = app_cost_add(req_db(r), &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, programme_cost_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		return costs_page(r, &actor, &in, &e);
	}
	in.version = out.version;
	return answer_done(r, 201, record_json(programme_cost_fields, &in, PARTS_ALL), "/reports/costs", "saved");
}

/* ---- the cost-benefit account ---- */

/* The assumptions of the account as a file's head lines, after the
 * filters, and as a query string (the page's links to its files). */
static const struct report_head *
cost_benefit_head(struct req *r, const struct cb_input *in, int64_t benefit, bool observed, size_t *n)
{
	size_t nf;
	const struct report_head *filters = report_filters_named(r, &nf);
	struct report_head *h = arena_alloc(r->a, sizeof *h * (nf + cb_input_fields.n));
	*n = 0;
	if (h == NULL || filters == NULL)
		return NULL;
	for (size_t i = 0; i < nf; i++)
		h[(*n)++] = filters[i];
	for (size_t i = 0; i < cb_input_fields.n; i++) {
		const struct field *fd = &cb_input_fields.f[i];
		const char *v = field_text(fd, in, r->a);
		if (strcmp(fd->key, "benefit") == 0)
			v = arena_printf(r->a, "%s (%s)", kroner(r, benefit < 0 ? 0 : benefit),
					 observed ? T(r, "observed") : T(r, "given"));
		else if (fd->type == FT_MONEY)
			v = kroner(r, *(const int64_t *)(const void *)((const char *)in + fd->offset));
		h[(*n)++] = (struct report_head){T(r, "Assumption"), T(r, fd->label), v != NULL ? v : ""};
	}
	return h;
}

/* The filters and assumptions as they were asked (the defaults left out),
 * as a query string ("&key=value..."). */
static const char *
cost_benefit_query(struct req *r)
{
	struct buf q = BUF_INIT;
	const struct fields both[] = {report_filter_fields, cb_input_fields};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < both[k].n; i++) {
			const char *v = req_qs(r, both[k].f[i].key);
			if (v[0] == '\0')
				continue;
			buf_append(&q, "&", 1);
			buf_append(&q, both[k].f[i].key, strlen(both[k].f[i].key));
			buf_append(&q, "=", 1);
			html_urlpart(&q, v);
		}
	char *s = arena_strdup(r->a, q.len > 0 ? q.data : "");
	buf_free(&q);
	return s != NULL ? s : "";
}

/* GET /reports/cost-benefit, its API twin and /reports/cost-benefit/export. */
static int
cost_benefit_answer(struct req *r, bool export)
{
	struct actor actor = req_actor(r);
	if (app_report_own_only(&actor))
		return req_error(r, 404, NULL);
	const char *keys[17];
	size_t nk = 0;
	for (size_t i = 0; i < cb_input_fields.n && nk < 15; i++)
		keys[nk++] = cb_input_fields.f[i].key;
	keys[nk++] = "format";
	keys[nk] = NULL;
	int twice;
	if (report_query_twice(r, keys, &twice))
		return twice;
	const char *fmt = req_qs(r, "format");
	if (export && !export_format_ok(fmt))
		return req_error(r, 400, T(r, "The export format must be csv or xlsx, for example ?format=xlsx."));
	struct report_filter f;
	struct form_errors e = {0};
	report_filters_read(r, &f, &e);
	struct cb_input in;
	fields_clear(cb_input_fields, &in);
	input_read_query(r, cb_input_fields, &in, &e);
	struct cb_params pr;
	bool observed_benefit = in.benefit == FIELD_NONE;
	cb_input_params(&in, &pr);
	int64_t benefit = observed_benefit ? -1 : in.benefit;
	struct report rep;
	struct outcome out;
	memset(&rep, 0, sizeof rep);
	memset(&out, 0, sizeof out);
	if (e.n == 0) {
		int rc = app_cost_benefit(req_db(r), r->a, &actor, &f, &pr, &benefit, in.earnings, &rep, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == REFUSED_NOT_FOUND)
			return req_error(r, 404, NULL);
		if (out.refusal != DONE)
			outcome_form_errors(r, &out, &e);
	}
	if (e.n > 0) {
		out.refusal = REFUSED_INVALID;
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		if (export)
			return req_error(r, 422, e.message[0]);
		r->status = 422;
	}
	if (export) {
		size_t nhead;
		const struct report_head *head = cost_benefit_head(r, &in, benefit, observed_benefit, &nhead);
		if (head == NULL)
			return SC_ENOMEM;
		return report_export(r, fmt, "cost-benefit", &rep, head, nhead);
	}
	if (r->wants_json) {
		json_t *params = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:b}", "horizon_years",
					   (json_int_t)in.horizon_years, "discount_rate", (json_int_t)in.discount_rate,
					   "persistence", (json_int_t)in.persistence, "tax_share",
					   (json_int_t)in.tax_share, "earnings", (json_int_t)in.earnings, "benefit",
					   (json_int_t)benefit, "benefit_observed", observed_benefit);
		/* the filters it was counted under: the centre alone (APP_COST_BENEFIT_FILTERS) */
		json_t *filters = record_json(report_filter_fields, &f, PARTS_ALL);
		return api_send(r, 200, json_pack("{s:o, s:o, s:o, s:s?}", "parameters", params, "filters", filters,
						  "tables", report_json(r, &rep), "note",
						  rep.note != NULL ? T(r, rep.note) : NULL));
	}
	page_begin(r, T(r, "Cost-benefit account"));
	struct buf *o = &r->out;
	report_page_head(r, T(r, "Cost-benefit account"), "/reports/cost-benefit",
			 e.n == 0 ? cost_benefit_query(r) : "");
	html_lit(o, "<p>");
	html_text(o, T(r, "In the manner of the Norwegian guidance for public-finance analysis: for each exit cohort, "
			  "the programme's cost against the public savings from those who went into work, projected "
			  "over the horizon and discounted."));
	html_lit(o, "</p>");
	if (e.n > 0)
		form_error_summary(r, &e);
	html_lit(o, "<form method=\"get\" action=\"/reports/cost-benefit\" class=\"filters\"><fieldset><legend>");
	html_text(o, T(r, "Assumptions"));
	html_lit(o, "</legend><div class=\"filter-row\">");
	for (size_t i = 0; i < cb_input_fields.n; i++) {
		const struct field *fd = &cb_input_fields.f[i];
		const char *v = e.n > 0 ? req_qs(r, fd->key)
					: (fd->type == FT_MONEY && !field_given(fd, &in) ? "" : field_text(fd, &in, r->a));
		if (strcmp(fd->key, "benefit") == 0 && observed_benefit)
			v = "";
		form_input(r, &e, fd->key, T(r, fd->label), fd->type == FT_MONEY ? "text" : "number", v, NULL, false);
	}
	html_lit(o, "</div><button type=\"submit\">");
	html_text(o, T(r, "Compute"));
	html_lit(o, "</button></fieldset></form>");
	html_lit(o, "<dl class=\"assumptions\"><dt>");
	html_text(o, T(r, "Assumptions used"));
	html_lit(o, "</dt><dd>");
	html_text(o, arena_printf(r->a, T(r, "Horizon %lld years, discount rate %lld %%, persistence %lld %% a year, "
					     "tax share %lld %% of earnings %s a year, benefit no longer paid %s a year (%s)."),
				  (long long)in.horizon_years, (long long)in.discount_rate, (long long)in.persistence,
				  (long long)in.tax_share, kroner(r, in.earnings), kroner(r, benefit < 0 ? 0 : benefit),
				  observed_benefit ? T(r, "observed") : T(r, "given")));
	html_lit(o, "</dd></dl>");
	report_body_html(r, &rep);
	return page_end(r);
}

int
h_cost_benefit(struct req *r)
{
	return cost_benefit_answer(r, false);
}

int
h_cost_benefit_export(struct req *r)
{
	return cost_benefit_answer(r, true);
}

/* ---- the forecast ---- */

/* The forecast as a report table, so that the chart, the table and the
 * file agree. */
static int
forecast_report(struct req *r, const struct report_forecast_month *m, struct report *rep)
{
	static const char *const cols[] = {N_("Expected referrals"), N_("Places freed"), N_("Starts"),
					   N_("Waiting at the month's end"), N_("Expected wait (days)")};
	memset(rep, 0, sizeof *rep);
	struct report_table *t = report_table_new(rep, r->a, "forecast", N_("The next 12 months"), cols, 5,
						  REPORT_FORECAST_MONTHS, false);
	if (t == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < REPORT_FORECAST_MONTHS; i++) {
		/* the calendar month ("2027-01"), whose end the waiting is at */
		char from[11];
		date_format(m[i].from, from);
		t->rows[i] = arena_strndup(r->a, from, 7);
		int64_t v[4] = {m[i].arrivals, m[i].places, m[i].starts, m[i].waiting};
		for (size_t c = 0; c < 4; c++)
			*report_at(t, i, c) = (struct report_cell){.kind = RC_NUMBER, .value = v[c]};
		if (m[i].wait_days >= 0)
			*report_at(t, i, 4) = (struct report_cell){.kind = RC_NUMBER, .value = m[i].wait_days};
	}
	t->chart = CHART_LINE;
	t->chart_col = 3;
	rep->note = N_("Projected, not observed: the referral rate of the last 12 months continues, and the "
		       "participants leave at their planned ends.");
	return SC_OK;
}

static int forecast_answer(struct req *r, bool export);

int
h_forecast(struct req *r)
{
	return forecast_answer(r, false);
}

int
h_forecast_export(struct req *r)
{
	return forecast_answer(r, true);
}

/* GET /reports/forecast, its API twin and /reports/forecast/export. */
static int
forecast_answer(struct req *r, bool export)
{
	struct actor actor = req_actor(r);
	if (app_report_own_only(&actor))
		return req_error(r, 404, NULL);
	static const char *const extra[] = {"format", NULL};
	int rc;
	if (refuse_filters(r, extra, &rc))
		return rc;
	const char *fmt = req_qs(r, "format");
	if (export && !export_format_ok(fmt))
		return req_error(r, 400, T(r, "The export format must be csv or xlsx, for example ?format=xlsx."));
	struct report_forecast_month m[REPORT_FORECAST_MONTHS];
	int64_t waiting = 0, free_places = 0, referrals = 0;
	rc = app_forecast(req_db(r), r->a, &actor, m, &waiting, &free_places, &referrals);
	if (rc != SC_OK)
		return rc;
	struct report rep;
	if ((rc = forecast_report(r, m, &rep)) != SC_OK)
		return rc;
	if (export) {
		/* what it is projected from, as the page says it */
		const struct report_head head[] = {
			{T(r, "Projected from today"), T(r, "Waiting"), arena_printf(r->a, "%lld", (long long)waiting)},
			{T(r, "Projected from today"), T(r, "Free places"),
			 arena_printf(r->a, "%lld", (long long)free_places)},
			{T(r, "Projected from today"), T(r, "Referrals in the last 12 months"),
			 arena_printf(r->a, "%lld", (long long)referrals)},
		};
		return report_export(r, fmt, "forecast", &rep, head, sizeof head / sizeof head[0]);
	}
	if (r->wants_json) {
		json_t *arr = json_array();
		for (int i = 0; arr != NULL && i < REPORT_FORECAST_MONTHS; i++) {
			char from[11], month[8];
			date_format(m[i].from, from);
			memcpy(month, from, 7);
			month[7] = '\0';
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "from", from, "month",
							     month, "arrivals",
							     (json_int_t)m[i].arrivals, "places", (json_int_t)m[i].places,
							     "starts", (json_int_t)m[i].starts, "waiting",
							     (json_int_t)m[i].waiting, "wait_days",
							     m[i].wait_days < 0 ? json_null() : json_integer(m[i].wait_days)));
		}
		return api_send(r, 200, json_pack("{s:I, s:I, s:I, s:o}", "waiting", (json_int_t)waiting,
						  "free_places", (json_int_t)free_places, "referrals_12m",
						  (json_int_t)referrals, "months", arr));
	}
	page_begin(r, T(r, "Waiting-list forecast"));
	struct buf *o = &r->out;
	report_page_head(r, T(r, "Waiting-list forecast"), "/reports/forecast", "");
	html_lit(o, "<p>");
	html_text(o, arena_printf(r->a, T(r, "Projected from today: %lld waiting, %lld free places, the planned exits, "
					     "and %lld referrals in the last 12 months."),
				  (long long)waiting, (long long)free_places, (long long)referrals));
	html_lit(o, "</p>");
	report_body_html(r, &rep);
	return page_end(r);
}

/* ---- the annual report ---- */

/* The year asked (?year=), or last year. */
static bool
annual_year(struct req *r, const struct actor *actor, int *year)
{
	*year = actor->today.y - 1;
	const char *y = req_qs(r, "year");
	int64_t v;
	if (y == NULL || y[0] == '\0')
		return true;
	if (parse_int64(y, 2000, 2100, &v) != SC_OK)
		return false;
	*year = (int)v;
	return true;
}

static int
annual_answer(struct req *r, bool export)
{
	struct actor actor = req_actor(r);
	static const char *const extra[] = {"year", "format", NULL};
	int twice;
	if (report_query_twice(r, extra, &twice))
		return twice;
	int year;
	if (!annual_year(r, &actor, &year)) {
		const char *why = T(r, "Write the year as a year from 2000 to 2100.");
		return r->wants_json ? api_error(r, 422, "invalid", why, NULL) : req_error(r, 422, why);
	}
	const char *fmt = req_qs(r, "format");
	if (export && !export_format_ok(fmt))
		return req_error(r, 400, T(r, "The export format must be csv or xlsx, for example ?format=xlsx."));
	struct report_filter f;
	struct form_errors e = {0};
	report_filters_read(r, &f, &e);
	if (e.n > 0) {
		struct outcome out = {.refusal = REFUSED_INVALID};
		return r->wants_json ? answer_refused_json(r, &out, &e) : req_error(r, 422, e.message[0]);
	}
	struct report rep;
	struct outcome out;
	int rc = app_annual(req_db(r), r->a, &actor, &f, year, &rep, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, report_filter_fields);
		return r->wants_json ? answer_refused_json(r, &out, &e) : req_error(r, 422, e.message[0]);
	}
	if (export) {
		size_t nf;
		const struct report_head *filters = report_filters_named(r, &nf);
		struct report_head *head = arena_alloc(r->a, sizeof *head * (nf + 1));
		if (head == NULL || filters == NULL)
			return SC_ENOMEM;
		head[0] = (struct report_head){T(r, "Filter applied"), T(r, "Year"), arena_printf(r->a, "%d", year)};
		size_t nhead = 1;
		for (size_t i = 0; i < nf; i++)
			if (strcmp(filters[i].label, T(r, "None")) != 0)
				head[nhead++] = filters[i];
		return report_export(r, fmt, arena_printf(r->a, "annual-%d", year), &rep, head, nhead);
	}
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:i, s:o}", "year", year, "tables", report_json(r, &rep)));
	const char *title = arena_printf(r->a, T(r, "Annual report %d"), year);
	page_begin(r, title);
	report_page_head(r, title, "/reports/annual", arena_printf(r->a, "&year=%d", year));
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"get\" action=\"/reports/annual\" class=\"filters no-print\">");
	form_input(r, NULL, "year", T(r, "Year"), "number", arena_printf(r->a, "%d", year), NULL, false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Show"));
	html_lit(o, "</button></form>");
	report_body_html(r, &rep);
	return page_end(r);
}

int
h_annual(struct req *r)
{
	return annual_answer(r, false);
}

int
h_annual_export(struct req *r)
{
	return annual_answer(r, true);
}

/* ---- the centre at a glance ---- */

/* One figure of the glance: its value and label, a link to href for those
 * who may read res (the finance officer and the analyst read the figures
 * but do not open caseloads or the waiting list). */
static void
glance_item(struct req *r, const char *href, enum resource res, const char *label, const char *value,
	    const char *detail)
{
	struct buf *o = &r->out;
	bool link = access_allows(r->user.roles, res, ACT_READ);
	html_lit(o, "<li>");
	if (link) {
		html_lit(o, "<a href=\"");
		html_text(o, href);
		html_lit(o, "\">");
	}
	html_lit(o, "<span class=\"glance-value\">");
	html_text(o, value);
	html_lit(o, "</span> <span class=\"glance-label\">");
	html_text(o, label);
	html_lit(o, "</span>");
	if (link)
		html_lit(o, "</a>");
	if (detail != NULL && detail[0]) {
		html_lit(o, " <span class=\"muted\">");
		html_text(o, detail);
		html_lit(o, "</span>");
	}
	html_lit(o, "</li>");
}

/* "55.0 % (11 of 20)", or "fewer than 5". */
static const char *
share_text(struct req *r, int64_t part, int64_t whole)
{
	struct report_cell c = {.kind = RC_SHARE, .n = part, .base = whole};
	return report_cell_text(r, &c);
}

/* A count of people at a glance: as it is for one who reads every
 * participant of the centre by name (a leader), else "fewer than 5" under
 * 5 as in the reports (report_cell_shown()): an analyst reads figures, not
 * people. */
static const char *
glance_count(struct req *r, bool named, int64_t n)
{
	if (named)
		return arena_printf(r->a, "%lld", (long long)n);
	struct report_cell c = {.kind = RC_COUNT, .n = n};
	return report_cell_text(r, &c);
}

void
reports_home_section(struct req *r)
{
	struct actor me = req_actor(r);
	const struct actor *actor = &me;
	bool named = access_scope(actor->roles, RES_PARTICIPANTS, ACT_READ) == SCOPE_ALL;
	if (app_report_own_only(actor) || !access_allows(actor->roles, RES_REPORTS, ACT_READ) ||
	    app_report_national(actor))
		return;
	struct glance g;
	if (app_glance(req_db(r), r->a, actor, &g) != SC_OK)
		return;
	struct buf *o = &r->out;
	int y = actor->today.y;
	html_lit(o, "<section aria-labelledby=\"glance\" class=\"glance\"><h2 id=\"glance\">");
	html_text(o, T(r, "The centre at a glance"));
	html_lit(o, "</h2><ul class=\"glance-list\">");
	glance_item(r, "/caseloads", RES_CASELOADS, T(r, "active participants"),
		    arena_printf(r->a, T(r, "%s of %lld places"), glance_count(r, named, g.active), (long long)g.places),
		    NULL);
	struct report_cell wait = {.kind = RC_TENTHS, .n = g.wait_people, .value = g.wait_tenths};
	glance_item(r, "/waiting-list", RES_INTAKE, T(r, "waiting"), glance_count(r, named, g.waiting),
		    g.wait_known ? arena_printf(r->a, T(r, "median wait this year: %s days"), report_cell_text(r, &wait))
				 : T(r, "no starts this year yet"));
	glance_item(r, arena_printf(r->a, "/reports/annual?year=%d", y), RES_REPORTS, T(r, "starts this year"),
		    glance_count(r, named, g.starts), NULL);
	glance_item(r, arena_printf(r->a, "/reports/annual?year=%d", y), RES_REPORTS, T(r, "exits this year"),
		    glance_count(r, named, g.exits), NULL);
	glance_item(r, arena_printf(r->a, "/reports/results?exit_year=%d", y), RES_REPORTS,
		    T(r, "of completers into work or education this year"), share_text(r, g.work_edu, g.completers),
		    arena_printf(r->a, T(r, "last year %s; target 60 %%"), share_text(r, g.last_work_edu, g.last_completers)));
	glance_item(r, "/followups/late", RES_WORKPLANS, T(r, "follow-ups not registered 30 days after due"),
		    glance_count(r, named, g.late_followups), NULL);
	html_lit(o, "</ul>");
	/* what needs a leader, as figures for every reader of the glance (issue
	 * 12 §4: the analyst's home shows the same figures, without the
	 * personal lists); the participants counted as the others are, the
	 * registers and runs are no one's; the benefits lead an analyst, who
	 * does not open the runs, to the Money report */
	bool runs = access_allows(actor->roles, RES_BENEFITS, ACT_READ);
	const char *money = runs ? "/benefits" : "/reports/money";
	enum resource money_res = runs ? RES_BENEFITS : RES_REPORTS;
	html_lit(o, "<h3>");
	html_text(o, T(r, "Needs a leader"));
	html_lit(o, "</h3><ul class=\"glance-list\">");
	glance_item(r, "/caseloads", RES_CASELOADS, T(r, "participants without a contact person"),
		    glance_count(r, named, g.unassigned), NULL);
	glance_item(r, "/registers", RES_ATTENDANCE, trn(r->lang, "register not marked this month", "registers not marked this month",
						 (unsigned long)g.unmarked),
		    arena_printf(r->a, "%lld", (long long)g.unmarked), NULL);
	glance_item(r, money, money_res, T(r, "this month's benefits"),
		    g.benefits_approved ? T(r, "approved") : T(r, "not approved yet"), NULL);
	glance_item(r, money, money_res, T(r, "benefit runs awaiting approval"),
		    arena_printf(r->a, "%lld", (long long)g.runs_open), NULL);
	html_lit(o, "</ul></section>");
}
