/*
 * benefit_rules.c — the benefit rules and the calculator, and their
 * /api/v1/ twins: a scheme's dated parameters and the national insurance
 * basic amount (G) with their history and the forms that add a dated value
 * (issue 11, decisions 52 and 55), and the calculator that answers a
 * statement for typed inputs without storing anything (decision 75).
 *
 * The commands and queries are app/benefit.h's; the calculation is
 * domain/benefit_calc.c's. The statement is drawn as a stored one is
 * (benefits_parts.h).
 */
#include "benefits_parts.h"
#include "case.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/benefit.h"
#include "domain/benefit_calc.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the rules: dated parameters with their history ---- */

/* Which form of the rules page a refused input came from. */
struct rules_view {
	const char *scheme;                 /* the parameter form's scheme, or NULL */
	const struct benefit_param_input *param;
	const struct benefit_g_input *g;    /* the G form's input, or NULL */
	const struct form_errors *e;
};

static const char *
when_text(struct req *r, int64_t t)
{
	if (t <= 0)
		return "";
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	char b[20];
	strftime(b, sizeof b, "%Y-%m-%d %H:%M", &tm);
	return arena_strdup(r->a, b);
}

/* A version's date, and that it was replaced by a later one from the same
 * date (the one in force). */
static void
version_from(struct req *r, struct date valid_from, bool replaced)
{
	char from[11];
	date_format(valid_from, from);
	html_text(&r->out, from);
	if (replaced) {
		html_lit(&r->out, " <span class=\"muted replaced\">");
		html_text(&r->out, T(r, "(replaced by a later version from the same date)"));
		html_lit(&r->out, "</span>");
	}
}

/* The kinds of a list, by their names in the reader's words. */
static void
kinds_cell(struct req *r, const struct field_list *l)
{
	const char *const *k = l->items;
	for (size_t i = 0; i < l->n; i++) {
		const char *label = benefit_income_kind_label(k[i]);
		if (i > 0)
			html_lit(&r->out, ", ");
		html_text(&r->out, label != NULL ? T(r, label) : k[i]);
	}
}

/* The scheme's dated lists of the kinds of other income (read-only). */
static void
kinds_table(struct req *r, const struct benefit_scheme_view *v)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"kinds-");
	html_text(o, v->key);
	html_lit(o, "\"><caption>");
	html_text(o, T(r, "Kinds of other income (each list applies from its date)"));
	html_lit(o, "</caption><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Applies from"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Reduce the benefit krone for krone"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Recorded, not deducted"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < v->nkinds; i++) {
		html_lit(o, "<tr><td>");
		version_from(r, v->kinds[i].valid_from, false);
		html_lit(o, "</td><td>");
		kinds_cell(r, &v->kinds[i].reducing);
		html_lit(o, "</td><td>");
		kinds_cell(r, &v->kinds[i].recorded);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* The years with tax tables imported (read-only: the command line
 * imports them). */
static void
tax_years_section(struct req *r, const struct tax_year *y, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"tax-years\"><h2 id=\"tax-years\">");
	html_text(o, T(r, "Tax tables imported"));
	html_lit(o, "</h2><p class=\"muted\">");
	html_text(o, T(r, "A month is withheld by the tables of its year. A year's tables are imported from the "
			  "command line: secondchance benefit tax-table import --year YYYY FILE."));
	html_lit(o, "</p>");
	if (n == 0) {
		html_lit(o, "<p id=\"tax-years-none\">");
		html_text(o, T(r, "No tax tables are imported: a tax card with a table number is withheld at 50 %."));
		html_lit(o, "</p></section>");
		return;
	}
	html_lit(o, "<table id=\"tax-years-list\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Year"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Tables"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Rows"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Imported"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Imported by"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_int(o, y[i].year);
		html_lit(o, "</td><td class=\"num\">");
		html_int(o, y[i].tables);
		html_lit(o, "</td><td class=\"num\">");
		html_int(o, y[i].rows);
		html_lit(o, "</td><td>");
		html_text(o, when_text(r, y[i].imported_at));
		html_lit(o, "</td><td>");
		html_text(o, y[i].imported_by);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table></section>");
}

static void
scheme_section(struct req *r, const struct benefit_scheme_view *v, const struct rules_view *rv)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"scheme-");
	html_text(o, v->key);
	html_lit(o, "\"><h2 id=\"scheme-");
	html_text(o, v->key);
	html_lit(o, "\">");
	html_text(o, v->now.kind == BENEFIT_KVP ? T(r, "The qualification programme's rule (kvp)")
						: T(r, "The centre's fixed rule (bergen)"));
	html_lit(o, "</h2><dl>");
	if (v->now.kind == BENEFIT_BERGEN)
		benefits_dl_money(r, N_("Amount a month"), v->now.month_amount_ore);
	else
		benefits_dl_money(r, N_("G in force today"), v->now.g_ore);
	benefits_dl_money(r, N_("Child supplement per weekday"), v->now.child_rate_ore);
	html_lit(o, "<dt>");
	html_text(o, T(r, "Share recovered each month"));
	html_lit(o, "</dt><dd>");
	html_int(o, v->now.recovery_percent);
	html_lit(o, " %</dd></dl><table id=\"history-");
	html_text(o, v->key);
	html_lit(o, "\"><caption>");
	html_text(o, T(r, "History (a change is a new version from its date)"));
	html_lit(o, "</caption><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Parameter"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "Value"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Applies from"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Recorded"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Recorded by"));
	html_lit(o, "</th></tr></thead><tbody>");
	const struct field *name = fields_find(benefit_param_fields, "name");
	for (size_t i = 0; i < v->nhistory; i++) {
		const struct benefit_param_input *h = &v->history[i];
		html_lit(o, "<tr><td>");
		html_text(o, field_shown(r, name, h));
		html_lit(o, "</td><td class=\"num\">");
		if (h->name == BENEFIT_PARAM_RECOVERY) {
			html_int(o, h->percent);
			html_lit(o, " %");
		} else {
			benefits_kr(r, h->amount_ore);
		}
		html_lit(o, "</td><td>");
		version_from(r, h->valid_from, h->replaced);
		html_lit(o, "</td><td>");
		html_text(o, when_text(r, h->created_at));
		html_lit(o, "</td><td>");
		html_text(o, h->created_by_name);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	kinds_table(r, v);
	if (benefits_may_write(r)) {
		bool mine = rv != NULL && rv->scheme != NULL && strcmp(rv->scheme, v->key) == 0;
		struct benefit_param_input blank;
		fields_clear(benefit_param_fields, &blank);
		html_lit(o, "<h3>");
		html_text(o, T(r, "A new version of a parameter"));
		html_lit(o, "</h3>");
		if (mine)
			form_error_summary(r, rv->e);
		html_lit(o, "<form method=\"post\" action=\"/benefits/rules/");
		html_text(o, v->key);
		html_lit(o, "/parameters\" id=\"param-form-");
		html_text(o, v->key);
		html_lit(o, "\" novalidate>");
		form_csrf(r);
		form_fields(r, benefit_param_fields, mine ? (const void *)rv->param : &blank, mine, NULL,
			    mine ? rv->e : NULL);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add the version"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
}

static int
rules_page(struct req *r, const struct actor *actor, const struct rules_view *rv)
{
	struct benefit_scheme_view schemes[2];
	struct benefit_g_input *g = NULL;
	size_t ng = 0;
	struct tax_year *years = NULL;
	size_t nyears = 0;
	struct outcome out;
	int rc = app_benefit_schemes(req_db(r), r->a, actor, schemes, &g, &ng, &out);
	if (rc == SC_OK && out.refusal == DONE)
		rc = app_benefit_tax_years(req_db(r), r->a, actor, &years, &nyears, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	page_begin(r, T(r, "Benefit rules"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Benefit rules"));
	html_lit(o, "</h1><p>");
	html_text(o, T(r, "The rules are dated: a month uses the values in force on its first day. A change is a "
			  "new version from a date; old versions are never edited."));
	html_lit(o, "</p>");
	for (int k = 0; k < 2; k++)
		scheme_section(r, &schemes[k], rv);
	html_lit(o, "<section aria-labelledby=\"g\"><h2 id=\"g\">");
	html_text(o, T(r, "G (the basic amount)"));
	html_lit(o, "</h2><table id=\"g-history\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Applies from"));
	html_lit(o, "</th><th scope=\"col\" class=\"num\">");
	html_text(o, T(r, "G"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Recorded"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Recorded by"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < ng; i++) {
		html_lit(o, "<tr><td>");
		version_from(r, g[i].valid_from, g[i].replaced);
		html_lit(o, "</td><td class=\"num\">");
		benefits_kr(r, g[i].g_kr * 100);
		html_lit(o, "</td><td>");
		html_text(o, when_text(r, g[i].created_at));
		html_lit(o, "</td><td>");
		html_text(o, g[i].created_by_name);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	if (benefits_may_write(r)) {
		bool mine = rv != NULL && rv->g != NULL;
		struct benefit_g_input blank;
		fields_clear(benefit_g_fields, &blank);
		html_lit(o, "<h3>");
		html_text(o, T(r, "A new G"));
		html_lit(o, "</h3><p class=\"muted\">");
		html_text(o, T(r, "Entered after a month was approved, the next run pays the difference as back-pay."));
		html_lit(o, "</p>");
		if (mine)
			form_error_summary(r, rv->e);
		html_lit(o, "<form method=\"post\" action=\"/benefits/rules/g\" id=\"g-form\" novalidate>");
		form_csrf(r);
		form_fields(r, benefit_g_fields, mine ? (const void *)rv->g : &blank, mine, NULL, mine ? rv->e : NULL);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Add G"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
	tax_years_section(r, years, nyears);
	return page_end(r);
}

/* GET /benefits/rules and /api/v1/benefits/rules. */
static int
h_rules(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return rules_page(r, &actor, NULL);
	struct benefit_scheme_view schemes[2];
	struct benefit_g_input *g = NULL;
	size_t ng = 0;
	struct tax_year *years = NULL;
	size_t nyears = 0;
	struct outcome out;
	int rc = app_benefit_schemes(req_db(r), r->a, &actor, schemes, &g, &ng, &out);
	if (rc == SC_OK && out.refusal == DONE)
		rc = app_benefit_tax_years(req_db(r), r->a, &actor, &years, &nyears, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *sc = json_object();
	for (int k = 0; k < 2; k++) {
		json_t *h = json_array(), *kinds = json_array();
		for (size_t i = 0; i < schemes[k].nhistory; i++)
			json_array_append_new(h, record_json(benefit_param_fields, &schemes[k].history[i], PARTS_ALL));
		for (size_t i = 0; i < schemes[k].nkinds; i++)
			json_array_append_new(kinds, record_json(benefit_kinds_fields, &schemes[k].kinds[i], PARTS_ALL));
		json_object_set_new(sc, schemes[k].key,
				    json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "month_amount_ore",
					      (json_int_t)schemes[k].now.month_amount_ore, "g_ore",
					      (json_int_t)schemes[k].now.g_ore, "child_rate_ore",
					      (json_int_t)schemes[k].now.child_rate_ore, "recovery_percent",
					      (json_int_t)schemes[k].now.recovery_percent, "history", h, "kinds", kinds));
	}
	json_t *ga = json_array(), *ty = json_array();
	for (size_t i = 0; i < ng; i++)
		json_array_append_new(ga, record_json(benefit_g_fields, &g[i], PARTS_ALL));
	for (size_t i = 0; i < nyears; i++)
		json_array_append_new(ty, json_pack("{s:I, s:I, s:I, s:o, s:o}", "year", (json_int_t)years[i].year,
						    "tables", (json_int_t)years[i].tables, "rows",
						    (json_int_t)years[i].rows, "imported_at",
						    years[i].imported_at > 0 ? json_integer(years[i].imported_at)
									     : json_null(),
						    "imported_by",
						    years[i].imported_by[0] != '\0' ? json_string(years[i].imported_by)
										    : json_null()));
	return api_send(r, 200, json_pack("{s:o, s:o, s:o}", "schemes", sc, "g", ga, "tax_years", ty));
}

/* The answer to a new version: the version (who and when), whether it took
 * over from one of the same date, and the first approved month the next
 * run corrects; a page goes back to the rules saying so. */
static int
version_answer(struct req *r, json_t *record, const struct benefit_version_note *note)
{
	bool corrects = note->corrects_from[0] != '\0';
	const char *flash = note->replaces && corrects ? "rule-replaced-corrects"
			    : note->replaces          ? "rule-replaced"
			    : corrects                ? "rule-corrects"
						      : "saved";
	if (r->wants_json) {
		json_object_set_new(record, "replaces", json_boolean(note->replaces));
		json_object_set_new(record, "corrects_from",
				    corrects ? json_string(note->corrects_from) : json_null());
		const char *said = page_flash_text(flash);
		json_object_set_new(record, "note", json_string(T(r, said != NULL ? said : "")));
	}
	return answer_done(r, 201, record, "/benefits/rules", flash);
}

/* POST /benefits/rules/g and its API twin. */
static int
h_g_add(struct req *r)
{
	struct actor actor = req_actor(r);
	struct benefit_g_input in;
	fields_clear(benefit_g_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, benefit_g_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out;
	struct benefit_version_note note = {0};
	memset(&out, 0, sizeof out);
	if (e.n == 0) {
		rc = app_benefit_g_add(req_db(r), r->a, &actor, &in, &note, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, benefit_g_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		const char *msg = outcome_message(r, &out);
		if (msg != NULL && e.n == 0)
			form_error(r, &e, "valid_from", msg);
		struct rules_view v = {.g = &in, .e = &e};
		return rules_page(r, &actor, &v);
	}
	return version_answer(r, record_json(benefit_g_fields, &in, PARTS_ALL), &note);
}

/* POST /benefits/rules/:scheme/parameters and its API twin. */
static int
h_param_add(struct req *r)
{
	struct actor actor = req_actor(r);
	const char *scheme = req_param(r, 0);
	int kind;
	if (benefit_scheme_parse(scheme, &kind) != SC_OK)
		return req_error(r, 404, NULL);
	struct benefit_param_input in;
	fields_clear(benefit_param_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, benefit_param_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out;
	struct benefit_version_note note = {0};
	memset(&out, 0, sizeof out);
	if (e.n == 0) {
		rc = app_benefit_param_add(req_db(r), r->a, &actor, scheme, &in, &note, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, benefit_param_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		const char *msg = outcome_message(r, &out);
		if (msg != NULL && e.n == 0)
			form_error(r, &e, "valid_from", msg);
		struct rules_view v = {.scheme = scheme, .param = &in, .e = &e};
		return rules_page(r, &actor, &v);
	}
	return version_answer(r, record_json(benefit_param_fields, &in, PARTS_ALL), &note);
}

/* ---- the calculator (issue 11, section 6; decision 75) ---- */

/* Rows of the form's lists: a few, blank ones left out. */
#define CALC_PAUSES 3
#define CALC_CHILDREN 4
#define CALC_INCOMES 3

/* The form's row (from 1) of each member of the JSON's lists. */
struct calc_rows {
	int pause[CALC_PAUSES], npause;
	int child[CALC_CHILDREN], nchild;
	int income[CALC_INCOMES], nincome;
};

static const char *
calc_value(struct req *r, const char *name)
{
	const char *v = req_field(r, name);
	return v != NULL ? v : "";
}

static const char *
calc_valuef(struct req *r, const char *fmt, int row)
{
	return calc_value(r, arena_printf(r->a, fmt, row));
}

/* The form's control of a member the JSON names ("programme.pauses[1].to"
 * → the pause row's "pause_toN"). */
static const char *
calc_control(struct req *r, const char *path, const struct calc_rows *rows)
{
	static const struct {
		const char *path, *control;
	} map[] = {
		{"programme.start", "start"}, {"programme.end", "end"}, {"programme.pauses", "pause_from1"},
		{"programme", "start"},       {"children", "child1"},   {"work.gross_ore", "work_gross"},
		{"work.hours", "work_hours"}, {"work", "work_gross"},   {"other_income", "income_kind1"},
		{"tax.percent", "tax_percent"}, {"tax.table", "tax_table"}, {"tax", "tax_percent"},
		{"outstanding_ore", "outstanding"},
	};
	int i;
	if (sscanf(path, "programme.pauses[%d]", &i) == 1 && i >= 0 && i < rows->npause)
		return arena_printf(r->a, strstr(path, ".to") != NULL ? "pause_to%d" : "pause_from%d", rows->pause[i]);
	if (sscanf(path, "children[%d]", &i) == 1 && i >= 0 && i < rows->nchild)
		return arena_printf(r->a, "child%d", rows->child[i]);
	if (sscanf(path, "other_income[%d]", &i) == 1 && i >= 0 && i < rows->nincome)
		return arena_printf(r->a, strstr(path, ".amount_ore") != NULL ? "income_amount%d" : "income_kind%d",
				    rows->income[i]);
	for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
		if (strcmp(path, map[k].path) == 0)
			return map[k].control;
	return arena_strdup(r->a, path);
}

/* Kroner as every money field reads them ("1 234,50", "1234.50"); the
 * rules say what a negative amount is. */
static bool
calc_money(struct req *r, const char *text, int64_t *ore)
{
	static const struct field money = {.key = "amount", .type = FT_MONEY, .offset = 0, .part = -1};
	struct field_errors fe = {0};
	*ore = FIELD_NONE;
	return field_read_text(&money, text, ore, r->a, &fe) && *ore != FIELD_NONE;
}

static bool
calc_whole(const char *text, int64_t *out)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	while (*end == ' ')
		end++;
	if (end == text || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* A control's text the form cannot read (as a number, an amount): its
 * error in e, said as the form says it, and the text as it is under the
 * member's key, so that the calculator's reader names it too (and nothing
 * is computed) while it says what else is wrong. */
static void
calc_unread(struct req *r, struct form_errors *e, json_t *o, const char *key, const char *text, const char *control,
	    const char *msgid)
{
	form_error(r, e, control, msgid);
	json_object_set_new(o, key, json_string(text));
}

/* The form as the calculator's JSON (benefit_calc_read() reads it as it
 * reads the command line's and the API's); what the form's text cannot be
 * read as goes into e under its control (calc_unread()). */
static json_t *
calc_form_json(struct req *r, struct calc_rows *rows, struct form_errors *e)
{
	json_t *j = json_object(), *prog = json_object();
	memset(rows, 0, sizeof *rows);
	static const char *const plain[] = {"scheme", "month", "birth_date"};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (*calc_value(r, plain[i]))
			json_object_set_new(j, plain[i], json_string(calc_value(r, plain[i])));
	if (*calc_value(r, "start"))
		json_object_set_new(prog, "start", json_string(calc_value(r, "start")));
	if (*calc_value(r, "end"))
		json_object_set_new(prog, "end", json_string(calc_value(r, "end")));
	json_t *pauses = json_array();
	for (int row = 1; row <= CALC_PAUSES; row++) {
		const char *from = calc_valuef(r, "pause_from%d", row), *to = calc_valuef(r, "pause_to%d", row);
		if (!*from && !*to)
			continue;
		json_t *o = json_object();
		if (*from)
			json_object_set_new(o, "from", json_string(from));
		if (*to)
			json_object_set_new(o, "to", json_string(to));
		json_array_append_new(pauses, o);
		rows->pause[rows->npause++] = row;
	}
	json_object_set_new(prog, "pauses", pauses);
	json_object_set_new(j, "programme", prog);
	json_t *children = json_array();
	for (int row = 1; row <= CALC_CHILDREN; row++) {
		const char *c = calc_valuef(r, "child%d", row);
		if (!*c)
			continue;
		json_array_append_new(children, json_string(c));
		rows->child[rows->nchild++] = row;
	}
	json_object_set_new(j, "children", children);
	int64_t v;
	const char *t = calc_value(r, "unexcused_minutes");
	if (*t && calc_whole(t, &v))
		json_object_set_new(j, "unexcused_minutes", json_integer(v));
	else if (*t)
		calc_unread(r, e, j, "unexcused_minutes", t, "unexcused_minutes", N_("Write a whole number."));
	const char *gross = calc_value(r, "work_gross"), *hours = calc_value(r, "work_hours");
	if (*gross || *hours) {
		json_t *w = json_object();
		if (*gross && calc_money(r, gross, &v))
			json_object_set_new(w, "gross_ore", json_integer(v));
		else if (*gross)
			calc_unread(r, e, w, "gross_ore", gross, "work_gross",
				    N_("Write an amount in kroner, for example 1234,50."));
		if (*hours) {
			char *h = arena_strdup(r->a, hours), *end;
			for (char *c = h; c != NULL && *c; c++)
				if (*c == ',')
					*c = '.';
			double x = h != NULL ? strtod(h, &end) : 0;
			if (h == NULL || end == h || *end != '\0')
				calc_unread(r, e, w, "hours", hours, "work_hours",
					    N_("Give the hours with at most two decimals, for example 20,5."));
			else if (calc_whole(h, &v))
				json_object_set_new(w, "hours", json_integer(v));
			else
				json_object_set_new(w, "hours", json_real(x));
		}
		json_object_set_new(j, "work", w);
	}
	json_t *income = json_array();
	for (int row = 1; row <= CALC_INCOMES; row++) {
		const char *kind = calc_valuef(r, "income_kind%d", row), *amount = calc_valuef(r, "income_amount%d", row);
		if (!*kind && !*amount)
			continue;
		json_t *o = json_object();
		if (*kind)
			json_object_set_new(o, "kind", json_string(kind));
		if (*amount && calc_money(r, amount, &v))
			json_object_set_new(o, "amount_ore", json_integer(v));
		else if (*amount)
			calc_unread(r, e, o, "amount_ore", amount, arena_printf(r->a, "income_amount%d", row),
				    N_("Write an amount in kroner, for example 1234,50."));
		json_array_append_new(income, o);
		rows->income[rows->nincome++] = row;
	}
	json_object_set_new(j, "other_income", income);
	const char *tax = calc_value(r, "tax");
	if (strcmp(tax, "percent") == 0) {
		t = calc_value(r, "tax_percent");
		json_t *o = json_object();
		if (calc_whole(t, &v))
			json_object_set_new(o, "percent", json_integer(v));
		else
			calc_unread(r, e, o, "percent", t, "tax_percent", N_("Give a whole percentage from 0 to 100."));
		json_object_set_new(j, "tax", o);
	} else if (strcmp(tax, "table") == 0) {
		json_object_set_new(j, "tax", json_pack("{s:s}", "table", calc_value(r, "tax_table")));
	}
	t = calc_value(r, "outstanding");
	if (*t && calc_money(r, t, &v))
		json_object_set_new(j, "outstanding_ore", json_integer(v));
	else if (*t)
		calc_unread(r, e, j, "outstanding_ore", t, "outstanding",
			    N_("Write an amount in kroner, for example 1234,50."));
	return j;
}

/* The kinds of other income the form offers: those of the scheme in
 * force in the month asked about, or of both schemes today. */
static int
calc_kinds(struct req *r, const struct actor *actor, const char *scheme, const char *month, const char ***keys,
	   size_t *n)
{
	static const char *const schemes[] = {"bergen", "kvp"};
	struct date day = actor->today;
	int y, m;
	bool one = scheme != NULL && benefit_scheme_parse(scheme, &(int){0}) == SC_OK && month != NULL &&
		   benefit_month_parse(month, &y, &m) == SC_OK;
	if (one)
		day = (struct date){y, m, 1};
	const char **k = arena_alloc(r->a, sizeof *k * 2 * (BENEFIT_MAX_INCOME + 16));
	if (k == NULL)
		return SC_ENOMEM;
	*n = 0;
	for (size_t s = 0; s < 2; s++) {
		if (one && strcmp(scheme, schemes[s]) != 0)
			continue;
		struct benefit_params p;
		struct outcome out;
		int rc = app_benefit_calc_kinds(req_db(r), r->a, actor, schemes[s], day, &p, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal != DONE)
			continue;
		const char *const *lists[] = {p.reducing, p.recorded};
		for (size_t l = 0; l < 2; l++)
			for (size_t i = 0; lists[l] != NULL && lists[l][i] != NULL && *n < 2 * (BENEFIT_MAX_INCOME + 16); i++) {
				bool seen = false;
				for (size_t x = 0; x < *n && !seen; x++)
					seen = strcmp(k[x], lists[l][i]) == 0;
				if (!seen)
					k[(*n)++] = lists[l][i];
			}
	}
	*keys = k;
	return SC_OK;
}

/* An optional select (the empty choice first). */
static void
calc_select(struct req *r, const struct form_errors *e, const char *id, const char *label, const char *const *keys,
	    const char *const *labels, size_t n, const char *selected)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, id);
	form_field_open(o, err, id, label, false);
	html_lit(o, "<select id=\"");
	html_text(o, id);
	html_lit(o, "\" name=\"");
	html_text(o, id);
	html_lit(o, "\"");
	form_field_attrs(o, err, id);
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, "None"));
	html_lit(o, "</option>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<option value=\"");
		html_text(o, keys[i]);
		html_lit(o, "\"");
		if (strcmp(selected, keys[i]) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, labels[i]);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_close(o, err, id);
}

static void
calc_fieldset(struct req *r, const char *legend, const char *hint)
{
	html_lit(&r->out, "<fieldset><legend>");
	html_text(&r->out, T(r, legend));
	html_lit(&r->out, "</legend>");
	if (hint != NULL) {
		html_lit(&r->out, "<p class=\"hint\">");
		html_text(&r->out, T(r, hint));
		html_lit(&r->out, "</p>");
	}
}

/* The form (the posted values kept) and, when computed, the statement. */
static int
calc_page(struct req *r, const struct actor *actor, const struct form_errors *e, const struct benefit_params *p,
	  const struct benefit_input *in, const struct benefit_statement *st)
{
	const char **kinds = NULL;
	size_t nkinds = 0;
	int rc = calc_kinds(r, actor, req_field(r, "scheme"), req_field(r, "month"), &kinds, &nkinds);
	if (rc != SC_OK)
		return rc;
	const char **kind_labels = arena_alloc(r->a, sizeof *kind_labels * (nkinds + 1));
	if (kind_labels == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < nkinds; i++) {
		const char *l = benefit_income_kind_label(kinds[i]);
		kind_labels[i] = l != NULL ? T(r, l) : kinds[i];
	}
	page_begin(r, T(r, "Benefit calculator"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Benefit calculator"));
	html_lit(o, "</h1><p>");
	html_text(o, T(r, "Describe a month and see the statement it gives, line by line, with the rules and tax "
			  "tables in force. Nothing is saved."));
	html_lit(o, "</p>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/benefits/calc\" class=\"form\" id=\"calc-form\">");
	form_csrf(r);
	const struct field *sf = fields_find(benefit_record_fields, "scheme");
	const char *skeys[2] = {sf->options[0].key, sf->options[1].key};
	const char *slabels[2] = {sf->options[0].label, sf->options[1].label};
	form_select(r, e, "scheme", "scheme", T(r, "Scheme"), skeys, slabels, 2, calc_value(r, "scheme"), NULL);
	form_input(r, e, "month", T(r, "Month (YYYY-MM)"), "month", calc_value(r, "month"), NULL, true);
	form_input(r, e, "birth_date", T(r, "Birth date"), "date", calc_value(r, "birth_date"), NULL, true);
	calc_fieldset(r, N_("Programme period"), N_("The end is the exit or the planned end; leave it empty when the "
						    "period runs past the month."));
	form_input(r, e, "start", T(r, "Programme start"), "date", calc_value(r, "start"), NULL, true);
	form_input(r, e, "end", T(r, "Programme end"), "date", calc_value(r, "end"), NULL, false);
	html_lit(o, "</fieldset>");
	calc_fieldset(r, N_("Pauses"), N_("Both days are included. Leave the rows you do not need empty."));
	for (int row = 1; row <= CALC_PAUSES; row++) {
		html_lit(o, "<div class=\"field-row\">");
		const char *f = arena_printf(r->a, "pause_from%d", row), *t = arena_printf(r->a, "pause_to%d", row);
		form_input(r, e, f, arena_printf(r->a, T(r, "Pause %d: from"), row), "date", calc_value(r, f), NULL,
			   false);
		form_input(r, e, t, arena_printf(r->a, T(r, "Pause %d: to"), row), "date", calc_value(r, t), NULL,
			   false);
		html_lit(o, "</div>");
	}
	html_lit(o, "</fieldset>");
	calc_fieldset(r, N_("Children's birth dates"), N_("A child counts up to the day before their 18th birthday."));
	for (int row = 1; row <= CALC_CHILDREN; row++) {
		const char *c = arena_printf(r->a, "child%d", row);
		form_input(r, e, c, arena_printf(r->a, T(r, "Child %d: birth date"), row), "date", calc_value(r, c),
			   NULL, false);
	}
	html_lit(o, "</fieldset>");
	form_input(r, e, "unexcused_minutes", T(r, "Unexcused absence (minutes)"), "number",
		   calc_value(r, "unexcused_minutes"), NULL, false);
	calc_fieldset(r, N_("Work"), N_("bergen deducts the gross salary; kvp reduces the benefit by the hours worked."));
	form_input(r, e, "work_gross", T(r, "Gross salary (kr)"), "text", calc_value(r, "work_gross"), NULL, false);
	form_input(r, e, "work_hours", T(r, "Hours worked"), "text", calc_value(r, "work_hours"), NULL, false);
	html_lit(o, "</fieldset>");
	calc_fieldset(r, N_("Other income"), N_("Some kinds reduce the benefit krone for krone; others are only "
						"recorded."));
	for (int row = 1; row <= CALC_INCOMES; row++) {
		html_lit(o, "<div class=\"field-row\">");
		const char *k = arena_printf(r->a, "income_kind%d", row), *a = arena_printf(r->a, "income_amount%d", row);
		calc_select(r, e, k, arena_printf(r->a, T(r, "Income %d: kind"), row), kinds, kind_labels, nkinds,
			    calc_value(r, k));
		form_input(r, e, a, arena_printf(r->a, T(r, "Income %d: amount (kr)"), row), "text", calc_value(r, a),
			   NULL, false);
		html_lit(o, "</div>");
	}
	html_lit(o, "</fieldset>");
	calc_fieldset(r, N_("Tax information"), NULL);
	const char *tax = calc_value(r, "tax");
	static const struct {
		const char *key, *label;
	} taxes[] = {
		{"none", N_("No tax card: 50 % withheld")},
		{"percent", N_("A percentage")},
		{"table", N_("A tax table")},
	};
	for (size_t i = 0; i < sizeof taxes / sizeof taxes[0]; i++) {
		bool on = strcmp(tax, taxes[i].key) == 0 || (i == 0 && strcmp(tax, "percent") != 0 &&
							     strcmp(tax, "table") != 0);
		html_lit(o, "<div class=\"field check\"><input type=\"radio\" name=\"tax\" id=\"tax-");
		html_text(o, taxes[i].key);
		html_lit(o, "\" value=\"");
		html_text(o, taxes[i].key);
		if (on)
			html_lit(o, "\" checked>");
		else
			html_lit(o, "\">");
		html_lit(o, "<label for=\"tax-");
		html_text(o, taxes[i].key);
		html_lit(o, "\">");
		html_text(o, T(r, taxes[i].label));
		html_lit(o, "</label></div>");
	}
	form_input(r, e, "tax_percent", T(r, "Tax withholding (percent)"), "number", calc_value(r, "tax_percent"),
		   NULL, false);
	form_input(r, e, "tax_table", T(r, "Tax table"), "text", calc_value(r, "tax_table"), NULL, false);
	html_lit(o, "</fieldset>");
	form_input(r, e, "outstanding", T(r, "Overpayment outstanding (kr)"), "text", calc_value(r, "outstanding"),
		   NULL, false);
	html_lit(o, "<p><button type=\"submit\">");
	html_text(o, T(r, "Compute"));
	html_lit(o, "</button></p></form>");
	if (st != NULL) {
		struct benefit_record rec;
		memset(&rec, 0, sizeof rec);
		rc = benefit_record_fill(&rec, p, in, st, r->a);
		if (rc != SC_OK)
			return rc;
		benefits_statement_article(r, &rec, st);
	}
	return page_end(r);
}

/* GET /benefits/calc: the form; its API twin, what the form offers: the
 * schemes and the kinds of other income of each in force today. */
static int
h_calc_form(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return calc_page(r, &actor, NULL, NULL, NULL, NULL);
	json_t *schemes = json_object();
	static const char *const keys[] = {"bergen", "kvp"};
	for (size_t i = 0; i < 2; i++) {
		struct benefit_params p;
		struct outcome out;
		int rc = app_benefit_calc_kinds(req_db(r), r->a, &actor, keys[i], actor.today, &p, &out);
		if (rc != SC_OK || out.refusal != DONE) {
			json_decref(schemes);
			return rc != SC_OK ? rc : answer_refused_json(r, &out, NULL);
		}
		json_t *red = json_array(), *rec = json_array();
		for (size_t k = 0; p.reducing != NULL && p.reducing[k] != NULL; k++)
			json_array_append_new(red, json_string(p.reducing[k]));
		for (size_t k = 0; p.recorded != NULL && p.recorded[k] != NULL; k++)
			json_array_append_new(rec, json_string(p.recorded[k]));
		json_object_set_new(schemes, keys[i], json_pack("{s:o, s:o}", "reducing", red, "recorded", rec));
	}
	return api_send(r, 200, json_pack("{s:o}", "schemes", schemes));
}

/* POST /benefits/calc and /api/v1/benefits/calc: one statement from a
 * described month, nothing stored. The API takes and gives the JSON of
 * `secondchance benefit calc`; the page builds that JSON from its form.
 * Every bad input is named at once by its member (422) with the command
 * line's message, the page's beside its control. */
static int
h_calc(struct req *r)
{
	struct actor actor = req_actor(r);
	struct form_errors e = {0};
	struct calc_rows rows;
	json_t *built = NULL;
	const json_t *j = r->json;
	if (r->wants_json) {
		if (!json_is_object(j))
			return api_error(r, 400, "bad_request", T(r, "Send a JSON object."), NULL);
	} else {
		built = calc_form_json(r, &rows, &e);
		j = built;
	}
	struct benefit_input in;
	struct benefit_params p;
	struct benefit_statement *st = arena_alloc(r->a, sizeof *st);
	const char *scheme = NULL;
	struct benefit_calc_error *bad = arena_alloc(r->a, sizeof *bad);
	struct outcome out;
	memset(&out, 0, sizeof out);
	int rc = SC_OK;
	if (st == NULL || bad == NULL) {
		rc = SC_ENOMEM;
	} else {
		/* what cannot be read and what the rules say of the rest, at once */
		benefit_calc_read(j, &in, &scheme, bad);
		rc = app_benefit_calc(req_db(r), r->a, &actor, scheme, &in, &bad->errors, &p, st, &out);
	}
	if (rc != SC_OK) {
		json_decref(built);
		return rc;
	}
	if (r->wants_json) {
		if (out.refusal != DONE)
			return answer_refused_json(r, &out, NULL);
		return api_send(r, 200, benefit_statement_json(st));
	}
	if (out.refusal != DONE) {
		if (out.refusal == REFUSED_FORBIDDEN)
			return req_error(r, 403, NULL);
		struct form_errors said = {0};
		outcome_form_errors(r, &out, &said);
		for (int i = 0; i < said.n && e.n < FORM_MAX_ERRORS; i++) {
			const char *control = calc_control(r, said.field[i], &rows);
			if (form_error_for(&e, control) == NULL) {
				e.field[e.n] = control;
				e.message[e.n++] = said.message[i];
			}
		}
		r->status = 422;
		rc = calc_page(r, &actor, &e, NULL, NULL, NULL);
	} else {
		/* the input's texts (kinds) live in the JSON built from the form */
		rc = calc_page(r, &actor, &e, &p, &in, st);
	}
	json_decref(built);
	return rc;
}

const struct route benefit_rules_routes[] = {
	BOTH(GET_HEAD, "/benefits/calc", "/api/v1/benefits/calc", h_calc_form, NEED(RES_BENEFIT_CALC, ACT_READ)),
	/* a POST is checked for writing, as every POST; it stores nothing */
	BOTH(M_POST, "/benefits/calc", "/api/v1/benefits/calc", h_calc, NEED(RES_BENEFIT_CALC, ACT_WRITE)),
	BOTH(GET_HEAD, "/benefits/rules", "/api/v1/benefits/rules", h_rules, NEED(RES_BENEFITS, ACT_READ)),
	BOTH(M_POST, "/benefits/rules/g", "/api/v1/benefits/rules/g", h_g_add, NEED(RES_BENEFITS, ACT_WRITE)),
	BOTH(M_POST, "/benefits/rules/:scheme/parameters", "/api/v1/benefits/rules/:scheme/parameters", h_param_add,
	     NEED(RES_BENEFITS, ACT_WRITE)),
	ROUTES_END
};
