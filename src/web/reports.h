/*
 * reports.h — INTERNAL to src/web/: the reports' pieces that reports.c
 * and costs.c share, and the sections other pages call (one line each).
 */
#ifndef SC_WEB_REPORTS_H
#define SC_WEB_REPORTS_H

#include <jansson.h>

#include "form.h"
#include "http.h"
#include "app/app.h"
#include "domain/report.h"

/* A cell as the page, the files and the API say it ("fewer than 5" when it
 * may not be shown; arena). */
const char *report_cell_text(struct req *r, const struct report_cell *c);
/* The report's tables as JSON: [{key, title, columns, rows:[{label, cells}]}]. */
json_t *report_json(struct req *r, const struct report *rep);
/* A table with its caption, and its chart as SVG (nothing when it has none). */
void report_table_html(struct req *r, const struct report_table *t);
void report_chart_svg(struct req *r, const struct report_table *t);
/* Every table of a report, each with its chart, and its note. */
void report_body_html(struct req *r, const struct report *rep);
/* The heading with the links to CSV, XLSX (path/export?format=..&query)
 * and print. */
void report_page_head(struct req *r, const char *title, const char *path, const char *query);
/* A line before a file's cells saying what it was counted under: the
 * group ("Filter", "Assumption"), what, and its value as said. */
struct report_head {
	const char *group, *label, *value;
};
/* Sends the report's cells as a CSV or XLSX file named report-KEY, after
 * the nhead lines of head (report_export.c). */
int report_export(struct req *r, const char *fmt, const char *key, const struct report *rep,
		  const struct report_head *head, size_t nhead);
/* The filters of the query string as head lines (each given, named as the
 * form names it; "None" when none is); *n of them (arena). */
const struct report_head *report_filters_named(struct req *r, size_t *n);
/* The costs page's table as a file (report-costs). */
int report_costs_export(struct req *r, const char *fmt, const struct programme_cost *costs,
			const struct report_cost_year *years, size_t n);

/* The filters: read from the query string (errors into e), as a query
 * string ("&key=value..."), and as the form (period_only: the period and,
 * for the national analyst, the centre; scheme: with the benefit scheme,
 * which a report of referrals does not take). */
void report_filters_read(struct req *r, struct report_filter *f, struct form_errors *e);
const char *report_filters_query(struct req *r, const struct report_filter *f);
void report_filters_form(struct req *r, const struct actor *actor, const char *action,
			 const struct report_filter *f, const struct form_errors *e, unsigned honours);
/* A filter (or a report's own parameter among extra, NULL-ended) given
 * more than once: answers 400 naming it and returns true (*rc the
 * answer); false when each is given at most once. */
bool report_query_twice(struct req *r, const char *const *extra, int *rc);
/* Refuses (into e) every filter given: a page that takes none. */
void report_filters_none(struct req *r, struct form_errors *e);

/* Today: the actor's follow-ups not registered 30 days after they were due
 * (nothing when there are none). */
void reports_today_section(struct req *r);
/* Home: the centre at a glance for a leader or analyst (nothing for
 * others); personal lists (alerts) only for a leader. */
void reports_home_section(struct req *r);

/* costs.c */
int h_costs(struct req *r);
int h_cost_create(struct req *r);
int h_cost_benefit(struct req *r);
int h_forecast(struct req *r);
int h_costs_export(struct req *r);
int h_cost_benefit_export(struct req *r);
int h_forecast_export(struct req *r);
int h_annual(struct req *r);
int h_annual_export(struct req *r);

#endif
