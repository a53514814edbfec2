/*
 * reports.c — the reports (issue 12): the index, each declared report
 * (app/report.h) as a page with its filters, tables and SVG charts drawn
 * here, its /api/v1/ twin, and its CSV and XLSX export; the follow-ups
 * not registered 30 days after they were due. The costs, the cost-benefit
 * account and the annual report are in costs.c.
 *
 * A cell from fewer than five people (report_cell_shown()) is "fewer than
 * 5" in the page, the chart, the files and the API alike: each writes it
 * from the same cell through cell_text() or cell_json().
 */
#include "reports.h"

#include "case.h"
#include "export.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/caseload.h"
#include "app/centre.h"
#include "app/report.h"
#include "domain/participant.h"
#include "domain/stats.h"
#include "domain/task.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

#define FEWER N_("fewer than 5")

/* ---- a cell as text, JSON ---- */

/* Tenths with one decimal and mark ("207,0" on a page in Bokmål). */
static const char *
tenths_with(struct req *r, int64_t tenths, char mark)
{
	long long abs = tenths < 0 ? -(long long)tenths : (long long)tenths;
	return arena_printf(r->a, "%s%lld%c%lld", tenths < 0 ? "-" : "", abs / 10, mark, abs % 10);
}

/* Øre as kroner with two decimals and mark ("1500,50" on a page in Bokmål). */
static const char *
ore_with(struct req *r, int64_t ore, char mark)
{
	long long abs = ore < 0 ? -(long long)ore : (long long)ore;
	return arena_printf(r->a, "%s%lld%c%02lld", ore < 0 ? "-" : "", abs / 100, mark, abs % 100);
}

/* As the reader writes a decimal number (a page, a cell's text). */
static const char *
tenths_text(struct req *r, int64_t tenths)
{
	return tenths_with(r, tenths, page_decimal_mark(r));
}

const char *
report_cell_text(struct req *r, const struct report_cell *c)
{
	if (c->kind == RC_EMPTY)
		return "";
	if (!report_cell_shown(c))
		return T(r, FEWER);
	char pct[16];
	switch (c->kind) {
	case RC_COUNT:
		return arena_printf(r->a, "%lld", (long long)c->n);
	case RC_SHARE:
		stats_format_permille_mark(stats_permille(c->n, c->base), page_decimal_mark(r), pct);
		return arena_printf(r->a, T(r, "%s %% (%lld of %lld)"), pct, (long long)c->n, (long long)c->base);
	case RC_TENTHS:
		return tenths_text(r, c->value);
	case RC_MONEY:
		/* to the øre, so that months add up to the year as the costs page says it */
		return arena_printf(r->a, T(r, "%s kr"), ore_with(r, c->value, page_decimal_mark(r)));
	case RC_NUMBER:
		return arena_printf(r->a, "%lld", (long long)c->value);
	case RC_MEAN:
		return arena_printf(r->a, T(r, "%s (%lld people)"), tenths_text(r, c->value), (long long)c->n);
	default:
		return "";
	}
}

static json_t *
cell_json(struct req *r, const struct report_cell *c)
{
	if (c->kind == RC_EMPTY)
		return json_null();
	static const char *const kinds[] = {"", "count", "share", "tenths", "money", "number", "mean"};
	if (!report_cell_shown(c))
		return json_pack("{s:s, s:b, s:s}", "kind", kinds[c->kind], "shown", 0, "text", T(r, FEWER));
	json_t *j = json_pack("{s:s, s:b, s:s}", "kind", kinds[c->kind], "shown", 1, "text", report_cell_text(r, c));
	if (j == NULL)
		return NULL;
	switch (c->kind) {
	case RC_COUNT:
		json_object_set_new(j, "count", json_integer(c->n));
		break;
	case RC_SHARE:
		json_object_set_new(j, "count", json_integer(c->n));
		json_object_set_new(j, "of", json_integer(c->base));
		json_object_set_new(j, "permille", json_integer(stats_permille(c->n, c->base)));
		break;
	case RC_TENTHS:
	case RC_MEAN:
		json_object_set_new(j, "people", json_integer(c->n));
		json_object_set_new(j, "tenths", json_integer(c->value));
		break;
	default:
		json_object_set_new(j, "value", json_integer(c->value));
		break;
	}
	return j;
}

static const char *
row_label(struct req *r, const struct report_table *t, size_t i)
{
	if (t->rows[i] == NULL)
		return "";
	if (t->rows_msgid || (t->rows_tr != NULL && t->rows_tr[i]))
		return T(r, t->rows[i]);
	return r->lang == LANG_NB && t->rows_nb != NULL && t->rows_nb[i] != NULL ? t->rows_nb[i] : t->rows[i];
}

json_t *
report_json(struct req *r, const struct report *rep)
{
	json_t *tables = json_array();
	for (size_t k = 0; tables != NULL && k < rep->ntables; k++) {
		struct report_table *t = (struct report_table *)&rep->tables[k];
		json_t *cols = json_array();
		for (size_t c = 0; c < t->ncols; c++)
			json_array_append_new(cols, json_string(T(r, t->cols[c])));
		json_t *rows = json_array();
		for (size_t i = 0; i < t->nrows; i++) {
			json_t *cells = json_array();
			for (size_t c = 0; c < t->ncols; c++)
				json_array_append_new(cells, cell_json(r, report_at(t, i, c)));
			json_array_append_new(rows, json_pack("{s:s, s:o}", "label", row_label(r, t, i), "cells", cells));
		}
		json_array_append_new(tables, json_pack("{s:s, s:s, s:o, s:o}", "key", t->key, "title", T(r, t->title),
							"columns", cols, "rows", rows));
	}
	return tables;
}

/* ---- a table and its chart ---- */

void
report_table_html(struct req *r, const struct report_table *tc)
{
	struct report_table *t = (struct report_table *)tc;
	struct buf *o = &r->out;
	html_lit(o, "<table class=\"report\" id=\"table-");
	html_text(o, t->key);
	html_lit(o, "\"><caption>");
	html_text(o, T(r, t->title));
	html_lit(o, "</caption><thead><tr><th scope=\"col\"><span class=\"visually-hidden\">");
	html_text(o, T(r, "Row"));
	html_lit(o, "</span></th>");
	for (size_t c = 0; c < t->ncols; c++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, t->cols[c]));
		html_lit(o, "</th>");
	}
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < t->nrows; i++) {
		if (t->total && i + 1 == t->nrows)
			html_lit(o, "<tr class=\"total\"><th scope=\"row\">");
		else
			html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, row_label(r, t, i));
		html_lit(o, "</th>");
		for (size_t c = 0; c < t->ncols; c++) {
			const struct report_cell *cell = report_at(t, i, c);
			if (cell->kind != RC_EMPTY && !report_cell_shown(cell))
				html_lit(o, "<td class=\"num fewer\">");
			else
				html_lit(o, "<td class=\"num\">");
			html_text(o, report_cell_text(r, cell));
			html_lit(o, "</td>");
		}
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* The value a chart draws for a cell, and the largest the axis holds. */
static int64_t
chart_value(const struct report_cell *c)
{
	switch (c->kind) {
	case RC_COUNT:
		return c->n;
	case RC_SHARE:
		return stats_permille(c->n, c->base);
	default:
		return c->value;
	}
}

#define CH_W 640
#define CH_LABEL 220
#define CH_ROW 30
/* a group of bars: one bar per column, the column's name and figure after it */
#define CH_GROUP_W 760
#define CH_GROUP_LABEL 200
#define CH_GROUP_PLOT 300
#define CH_GROUP_BAR 18
/* a line's labels: at most this many along the axis, so that they do not overlap */
#define CH_LINE_LABELS 12

/* An SVG element's number attribute: name="v". */
static void
svg_num(struct buf *o, const char *name, long long v)
{
	html_lit(o, " ");
	html_text(o, name);
	html_lit(o, "=\"");
	html_int(o, v);
	html_lit(o, "\"");
}

/* A label of the chart at (x, y): text anchored at anchor, of class cls. */
static void
svg_text(struct buf *o, int x, int y, const char *anchor, const char *cls, const char *text)
{
	html_lit(o, "<text");
	svg_num(o, "x", x);
	svg_num(o, "y", y);
	if (anchor != NULL) {
		html_lit(o, " text-anchor=\"");
		html_text(o, anchor);
		html_lit(o, "\"");
	}
	html_lit(o, " class=\"");
	html_text(o, cls);
	html_lit(o, "\">");
	html_text(o, text);
	html_lit(o, "</text>");
}

/* A point's label on a line: a share as its percentage alone (the count and
 * base are in the table), anything else as its cell says it. */
static const char *
line_value_text(struct req *r, const struct report_cell *c)
{
	if (c->kind != RC_SHARE || !report_cell_shown(c))
		return report_cell_text(r, c);
	char pct[16];
	stats_format_permille_mark(stats_permille(c->n, c->base), page_decimal_mark(r), pct);
	return arena_printf(r->a, "%s %%", pct);
}

/* The length a group's bar draws for a cell: a share by its count, on the
 * counts' axis beside it (placements converted of those started). */
static int64_t
grouped_value(const struct report_cell *c)
{
	return c->kind == RC_SHARE ? c->n : chart_value(c);
}

/* The kind of column chart_col's cells: of the first one shown (a cell
 * hidden for fewer than 5 may be a count where the others are shares). */
static enum report_cell_kind
chart_kind(struct report_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		const struct report_cell *c = report_at(t, i, t->chart_col);
		if (c->kind != RC_EMPTY && report_cell_shown(c))
			return c->kind;
	}
	return report_at(t, 0, t->chart_col)->kind;
}

/* Every column of each row as a group of bars (CHART_GROUPED), from a zero
 * line that leaves room for negative values (steps lost). */
static void
chart_grouped(struct req *r, const struct report_table *tc, int height)
{
	struct report_table *t = (struct report_table *)tc;
	struct buf *o = &r->out;
	int64_t lo = 0, hi = 0;
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t c = 0; c < t->ncols; c++) {
			const struct report_cell *cell = report_at(t, i, c);
			if (cell->kind == RC_EMPTY || !report_cell_shown(cell))
				continue;
			int64_t v = grouped_value(cell);
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
	int64_t span = hi - lo > 0 ? hi - lo : 1;
	int zero = CH_GROUP_LABEL + (int)(-lo * CH_GROUP_PLOT / span);
	int group = (int)t->ncols * (CH_GROUP_BAR + 2) + 14;
	for (size_t i = 0; i < t->nrows; i++) {
		int y0 = (int)i * group + 5;
		svg_text(o, CH_GROUP_LABEL - 8, y0 + (int)t->ncols * (CH_GROUP_BAR + 2) / 2 + 5, "end", "chart-label",
			 row_label(r, t, i));
		for (size_t c = 0; c < t->ncols; c++) {
			const struct report_cell *cell = report_at(t, i, c);
			int y = y0 + (int)c * (CH_GROUP_BAR + 2);
			if (cell->kind == RC_EMPTY)
				continue;
			int x = zero, w = 0;
			if (report_cell_shown(cell)) {
				int64_t v = grouped_value(cell);
				w = (int)((v < 0 ? -v : v) * CH_GROUP_PLOT / span);
				x = v < 0 ? zero - w : zero;
			}
			if (w > 0) {
				html_lit(o, "<rect");
				svg_num(o, "x", x);
				svg_num(o, "y", y);
				svg_num(o, "width", w);
				svg_num(o, "height", CH_GROUP_BAR);
				html_lit(o, " class=\"chart-bar chart-series-");
				html_int(o, (long long)(c % 4));
				html_lit(o, "\"/>");
			}
			/* the column's name with the figure: readable without colour */
			svg_text(o, (x + w > zero ? x + w : zero) + 6, y + CH_GROUP_BAR - 4, NULL, "chart-value",
				 arena_printf(r->a, "%s: %s", T(r, t->cols[c]), report_cell_text(r, cell)));
		}
	}
	if (lo < 0) {
		html_lit(o, "<line");
		svg_num(o, "x1", zero);
		svg_num(o, "y1", 0);
		svg_num(o, "x2", zero);
		svg_num(o, "y2", height);
		html_lit(o, " class=\"chart-axis\"/>");
	}
}

/* Column chart_col of each row as a point on a line (CHART_LINE), with the
 * axis's lowest, middle and highest values; a hidden cell is no point and
 * breaks the line, its words at the foot instead. */
static void
chart_line(struct req *r, const struct report_table *tc, int64_t max)
{
	struct report_table *t = (struct report_table *)tc;
	struct buf *o = &r->out;
	int top = 20, bottom = 200, left = 60, right = CH_W - 40;
	enum report_cell_kind kind = chart_kind(t);
	bool share = kind == RC_SHARE;
	for (int k = 0; k <= 2; k++) {
		int y = bottom - (bottom - top) * k / 2;
		/* the axis's value in the column's unit (tenths of days, øre) */
		struct report_cell tick = {.kind = kind == RC_TENTHS || kind == RC_MEAN ? RC_TENTHS
						   : kind == RC_MONEY ? RC_MONEY : RC_NUMBER,
					   .n = kind == RC_MONEY ? -1 : STATS_MIN_PEOPLE, .value = max * k / 2};
		html_lit(o, "<line");
		svg_num(o, "x1", left);
		svg_num(o, "y1", y);
		svg_num(o, "x2", right);
		svg_num(o, "y2", y);
		if (k == 0)
			html_lit(o, " class=\"chart-axis\"/>");
		else
			html_lit(o, " class=\"chart-grid\"/>");
		svg_text(o, left - 6, y + 4, "end", "chart-label",
			 share ? arena_printf(r->a, "%d %%", 50 * k) : report_cell_text(r, &tick));
	}
	size_t n = t->nrows;
	size_t step = (n + CH_LINE_LABELS - 1) / CH_LINE_LABELS;
	struct buf pts = BUF_INIT;
	for (size_t i = 0; i <= n; i++) {
		const struct report_cell *c = i < n ? report_at(t, i, t->chart_col) : NULL;
		/* a hidden cell (or the end) closes the line drawn so far */
		if ((c == NULL || !report_cell_shown(c)) && pts.len > 0) {
			html_lit(o, "<polyline class=\"chart-line\" points=\"");
			html_textn(o, pts.data, pts.len);
			html_lit(o, "\"/>");
			pts.len = 0;
		}
		if (c == NULL)
			break;
		int x = n > 1 ? left + (int)((right - left) * (int64_t)i / (int64_t)(n - 1)) : (left + right) / 2;
		bool labelled = i % step == 0 || i == n - 1;
		if (labelled)
			svg_text(o, x, bottom + 20, "middle", "chart-label", row_label(r, t, i));
		if (!report_cell_shown(c)) {
			svg_text(o, x, bottom - 6, "middle", "chart-value", report_cell_text(r, c));
			continue;
		}
		int y = bottom - (int)((bottom - top) * chart_value(c) / max);
		char *pt = arena_printf(r->a, "%d,%d ", x, y);
		if (pt != NULL)
			buf_append(&pts, pt, strlen(pt));
		html_lit(o, "<circle");
		svg_num(o, "cx", x);
		svg_num(o, "cy", y);
		html_lit(o, " r=\"4\" class=\"chart-point\"/>");
		if (labelled)
			svg_text(o, x, y - 8, "middle", "chart-value", line_value_text(r, c));
	}
	buf_free(&pts);
}

void
report_chart_svg(struct req *r, const struct report_table *tc)
{
	struct report_table rows_only = *tc;   /* a total row is not drawn */
	rows_only.nrows -= tc->total ? 1 : 0;
	struct report_table *t = &rows_only;
	if (t->chart == CHART_NONE || t->nrows == 0 || t->chart_col >= t->ncols)
		return;
	struct buf *o = &r->out;
	int64_t max = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct report_cell *c = report_at(t, i, t->chart_col);
		if (report_cell_shown(c) && chart_value(c) > max)
			max = chart_value(c);
	}
	if (chart_kind(t) == RC_SHARE)
		max = 1000;
	if (max <= 0)
		max = 1;
	const char *title = t->chart == CHART_GROUPED ? T(r, t->title)
						       : arena_printf(r->a, "%s: %s", T(r, t->title), T(r, t->cols[t->chart_col]));
	int width = t->chart == CHART_GROUPED ? CH_GROUP_W : CH_W;
	int height = t->chart == CHART_GROUPED ? (int)t->nrows * ((int)t->ncols * (CH_GROUP_BAR + 2) + 14) + 10
		   : t->chart == CHART_BAR ? (int)t->nrows * CH_ROW + 10 : 240;
	html_lit(o, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"");
	html_text(o, title);
	html_lit(o, "\" aria-describedby=\"chart-");
	html_text(o, t->key);
	html_lit(o, "-desc\" width=\"100%\" viewBox=\"0 0 ");
	html_int(o, width);
	html_lit(o, " ");
	html_int(o, height);
	html_lit(o, "\"><title>");
	html_text(o, title);
	html_lit(o, "</title><desc id=\"chart-");
	html_text(o, t->key);
	html_lit(o, "-desc\">");
	html_text(o, T(r, "The same figures are in the table below the chart. A figure from fewer than 5 people is "
			  "not drawn."));
	html_lit(o, "</desc>");
	if (t->chart == CHART_GROUPED) {
		chart_grouped(r, t, height);
	} else if (t->chart == CHART_BAR) {
		int plot = CH_W - CH_LABEL - 120;
		for (size_t i = 0; i < t->nrows; i++) {
			const struct report_cell *c = report_at(t, i, t->chart_col);
			int y = (int)i * CH_ROW + 5;
			svg_text(o, CH_LABEL - 8, y + 19, "end", "chart-label", row_label(r, t, i));
			int w = report_cell_shown(c) ? (int)(chart_value(c) * plot / max) : 0;
			if (w > 0) {
				html_lit(o, "<rect");
				svg_num(o, "x", CH_LABEL);
				svg_num(o, "y", y + 4);
				svg_num(o, "width", w);
				html_lit(o, " height=\"20\" class=\"chart-bar\"/>");
			}
			svg_text(o, CH_LABEL + w + 6, y + 19, NULL, "chart-value", report_cell_text(r, c));
		}
	} else {
		chart_line(r, t, max);
	}
	html_lit(o, "</svg><figcaption>");
	html_text(o, title);
	html_lit(o, "</figcaption></figure>");
}

void
report_body_html(struct req *r, const struct report *rep)
{
	struct buf *o = &r->out;
	for (size_t k = 0; k < rep->ntables; k++) {
		html_lit(o, "<section class=\"report-part\">");
		report_chart_svg(r, &rep->tables[k]);
		report_table_html(r, &rep->tables[k]);
		html_lit(o, "</section>");
	}
	if (rep->note != NULL) {
		html_lit(o, "<p class=\"note\">");
		html_text(o, T(r, rep->note));
		html_lit(o, "</p>");
	}
	html_lit(o, "<p class=\"note\">");
	html_text(o, T(r, "A figure from fewer than 5 people is not shown, so that no one can be recognised."));
	if (rep->more_hidden) {
		html_lit(o, " ");
		html_text(o, T(r, "Some figures of 5 people or more are hidden too, so that a hidden figure cannot be "
				  "worked out from a total, from the other figures or from the same report without a "
				  "filter."));
	}
	html_lit(o, "</p>");
}

/* ---- the filters ---- */

void
report_filters_read(struct req *r, struct report_filter *f, struct form_errors *e)
{
	fields_clear(report_filter_fields, f);
	input_read_query(r, report_filter_fields, f, e);
}

bool
report_query_twice(struct req *r, const char *const *extra, int *rc)
{
	const char *twice = NULL;
	for (size_t i = 0; twice == NULL && i < report_filter_fields.n; i++)
		if (kv_count(&r->query, report_filter_fields.f[i].key) > 1)
			twice = report_filter_fields.f[i].key;
	for (size_t i = 0; twice == NULL && extra != NULL && extra[i] != NULL; i++)
		if (kv_count(&r->query, extra[i]) > 1)
			twice = extra[i];
	if (twice == NULL)
		return false;
	const char *why = arena_printf(r->a, T(r, "The parameter %s is given more than once: give it once."), twice);
	json_t *fields = json_pack("{s:s}", twice, why);
	*rc = r->wants_json ? api_error(r, 400, "invalid", why, fields) : req_error(r, 400, why);
	if (!r->wants_json)
		json_decref(fields);
	return true;
}

void
report_filters_none(struct req *r, struct form_errors *e)
{
	struct report_filter f;
	struct form_errors read = {0};
	report_filters_read(r, &f, &read);
	struct field_errors fe = {0};
	for (int i = 0; i < read.n; i++)
		field_error_add(&fe, read.field[i], N_("This page takes no filters: leave them out."));
	report_filters_honoured(&f, 0, &fe);
	form_errors_from(r, &fe, e);
}

const char *
report_filters_query(struct req *r, const struct report_filter *f)
{
	struct buf q = BUF_INIT;
	for (size_t i = 0; i < report_filter_fields.n; i++) {
		const struct field *fd = &report_filter_fields.f[i];
		if (!field_given(fd, f))
			continue;
		const char *v = field_text(fd, f, r->a);
		if (v == NULL)
			continue;
		buf_append(&q, "&", 1);
		buf_append(&q, fd->key, strlen(fd->key));
		buf_append(&q, "=", 1);
		html_urlpart(&q, v);
	}
	char *s = arena_strdup(r->a, q.len > 0 ? q.data : "");
	buf_free(&q);
	return s != NULL ? s : "";
}

/* An optional select of a filter: "All" first (the empty value). */
static void
filter_select(struct req *r, const struct form_errors *e, const char *key, const char *label,
	      const char *const *keys, const char *const *labels, bool labels_msgid, size_t n, const char *selected)
{
	struct buf *o = &r->out;
	const char *err = form_error_for(e, key);
	form_field_open(o, err, key, label, false);
	html_lit(o, "<select id=\"");
	html_text(o, key);
	html_lit(o, "\" name=\"");
	html_text(o, key);
	html_lit(o, "\"");
	form_field_attrs(o, err, key);
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, "All"));
	html_lit(o, "</option>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<option value=\"");
		html_text(o, keys[i]);
		html_lit(o, "\"");
		if (selected != NULL && strcmp(selected, keys[i]) == 0)
			html_lit(o, " selected");
		html_lit(o, ">");
		html_text(o, labels_msgid ? T(r, labels[i]) : labels[i]);
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_close(o, err, key);
}

static void
select_of(struct req *r, const struct form_errors *e, const char *key, const char *label,
	  const struct field_option *opts, size_t n, const char *selected)
{
	const char **keys = arena_alloc(r->a, sizeof *keys * (n + 1));
	const char **labels = arena_alloc(r->a, sizeof *labels * (n + 1));
	if (keys == NULL || labels == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		keys[i] = opts[i].key;
		labels[i] = opts[i].label;
	}
	filter_select(r, e, key, label, keys, labels, true, n, selected);
}

/* True when the form shows filter key: the report honours it (bit), or it
 * was given and is refused beside it. */
static bool
filter_shown(struct req *r, unsigned honours, unsigned bit, const char *key)
{
	return (honours & bit) || req_qs(r, key)[0] != '\0';
}

/* The Country of birth filter: a choice of the countries the reports count,
 * spelled as they are kept (the filter matches exactly), and one asked
 * that is not among them; a text field when they cannot be read. */
static void
country_select(struct req *r, const struct actor *actor, const struct report_filter *f, const struct form_errors *e)
{
	const char *asked = req_qs(r, "country");
	const char **keys = NULL;
	size_t n = 0;
	if (app_report_countries(req_db(r), r->a, actor, f != NULL ? f->centre_id : 0, &keys, &n) != SC_OK) {
		form_input(r, e, "country", T(r, "Country of birth"), "text", asked, NULL, false);
		return;
	}
	bool listed = asked[0] == '\0';
	for (size_t i = 0; !listed && i < n; i++)
		listed = strcmp(keys[i], asked) == 0;
	if (!listed) {
		const char **more = arena_alloc(r->a, sizeof *more * (n + 1));
		if (more == NULL)
			return;
		if (n > 0)
			memcpy(more, keys, sizeof *more * n);
		more[n++] = asked;
		keys = more;
	}
	filter_select(r, e, "country", T(r, "Country of birth"), keys, keys, false, n, asked);
}

void
report_filters_form(struct req *r, const struct actor *actor, const char *action, const struct report_filter *f,
	     const struct form_errors *e, unsigned honours)
{
	/* the form shows what was asked: the query string (f only names the
	 * centre whose countries are offered) */
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"get\" action=\"");
	html_text(o, action);
	html_lit(o, "\" class=\"filters no-print\"><fieldset><legend>");
	html_text(o, T(r, "Filters"));
	html_lit(o, "</legend><div class=\"filter-row\">");
	const struct field *from = fields_find(report_filter_fields, "from");
	const struct field *to = fields_find(report_filter_fields, "to");
	if (filter_shown(r, honours, RF_FROM, "from"))
		form_input(r, e, "from", T(r, from->label), "date", req_qs(r, "from"), NULL, false);
	if (filter_shown(r, honours, RF_TO, "to"))
		form_input(r, e, "to", T(r, to->label), "date", req_qs(r, "to"), NULL, false);
	{
		if (filter_shown(r, honours, RF_EXIT_YEAR, "exit_year"))
			form_input(r, e, "exit_year", T(r, "Exit year"), "number", req_qs(r, "exit_year"), NULL, false);
		if (filter_shown(r, honours, RF_COHORT, "cohort"))
			form_input(r, e, "cohort", T(r, "Start cohort"), "number", req_qs(r, "cohort"), NULL, false);
		const struct field *g = fields_find(participant_fields, "gender");
		if (filter_shown(r, honours, RF_GENDER, "gender"))
			select_of(r, e, "gender", T(r, "Gender"), g->options, g->noptions, req_qs(r, "gender"));
		if (filter_shown(r, honours, RF_COUNTRY, "country"))
			country_select(r, actor, f, e);
		const struct field *age = fields_find(report_filter_fields, "age_band");
		if (filter_shown(r, honours, RF_AGE_BAND, "age_band"))
			select_of(r, e, "age_band", T(r, age->label), age->options, age->noptions, req_qs(r, "age_band"));
		const struct field *sch = fields_find(report_filter_fields, "schooling");
		if (filter_shown(r, honours, RF_SCHOOLING, "schooling"))
			select_of(r, e, "schooling", T(r, sch->label), sch->options, sch->noptions, req_qs(r, "schooling"));
		if (filter_shown(r, honours, RF_SCHEME, "scheme")) {
			const struct field *sc = fields_find(report_filter_fields, "scheme");
			select_of(r, e, "scheme", T(r, sc->label), sc->options, sc->noptions, req_qs(r, "scheme"));
		}
		if (filter_shown(r, honours, RF_CONTACT, "contact_id") && !app_report_own_only(actor) &&
		    !app_report_national(actor)) {
			struct contact_choice *cs = NULL;
			size_t nc = 0;
			int64_t total = 0;
			if (app_contact_choices(req_db(r), r->a, actor, "", 200, &cs, &nc, &total) == SC_OK && nc > 0) {
				const char **keys = arena_alloc(r->a, sizeof *keys * nc);
				const char **labels = arena_alloc(r->a, sizeof *labels * nc);
				for (size_t i = 0; keys != NULL && labels != NULL && i < nc; i++) {
					keys[i] = arena_printf(r->a, "%lld", (long long)cs[i].id);
					labels[i] = cs[i].name;
				}
				if (keys != NULL && labels != NULL)
					filter_select(r, e, "contact_id", T(r, "Contact person"), keys, labels, false, nc,
						      req_qs(r, "contact_id"));
			}
		}
	}
	if (app_report_national(actor)) {
		struct centre *cs;
		size_t nc;
		if (app_centre_list(req_db(r), r->a, &cs, &nc) == SC_OK) {
			const char **keys = arena_alloc(r->a, sizeof *keys * (nc + 1));
			const char **labels = arena_alloc(r->a, sizeof *labels * (nc + 1));
			for (size_t i = 0; keys != NULL && labels != NULL && i < nc; i++) {
				keys[i] = arena_printf(r->a, "%lld", (long long)cs[i].id);
				labels[i] = cs[i].name;
			}
			if (keys != NULL && labels != NULL)
				filter_select(r, e, "centre", T(r, "Centre"), keys, labels, false, nc, req_qs(r, "centre"));
		}
	}
	html_lit(o, "</div><button type=\"submit\">");
	html_text(o, T(r, "Show"));
	html_lit(o, "</button> <a href=\"");
	html_text(o, action);
	html_lit(o, "\">");
	html_text(o, T(r, "Clear filters"));
	html_lit(o, "</a></fieldset></form>");
}

/* ---- the index ---- */

static int
h_reports(struct req *r)
{
	struct actor actor = req_actor(r);
	if (r->wants_json) {
		json_t *items = json_array();
		for (size_t i = 0; items != NULL && i < app_nreports; i++)
			json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b}", "key", app_reports[i].key,
							       "title", T(r, app_reports[i].title), "text",
							       T(r, app_reports[i].text), "stub",
							       app_reports[i].source == SRC_STUB));
		return api_send(r, 200, json_pack("{s:o}", "reports", items));
	}
	page_begin(r, T(r, "Reports"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Reports"));
	html_lit(o, "</h1>");
	if (app_report_own_only(&actor))
		page_muted(r, T(r, "The figures of your own caseload."));
	html_lit(o, "<div class=\"cards\">");
	for (size_t i = 0; i < app_nreports; i++) {
		html_lit(o, "<section class=\"card\"><h2><a href=\"/reports/");
		html_text(o, app_reports[i].key);
		html_lit(o, "\">");
		html_text(o, T(r, app_reports[i].title));
		html_lit(o, "</a></h2><p>");
		html_text(o, T(r, app_reports[i].text));
		html_lit(o, "</p></section>");
	}
	if (!app_report_own_only(&actor)) {
		static const struct {
			const char *path, *title, *text;
		} more[] = {
			{"/reports/costs", N_("Costs"), N_("The programme's costs per year; cost per participant-year and per completer.")},
			{"/reports/cost-benefit", N_("Cost-benefit account"), N_("The cost against the public savings, discounted, with a sensitivity table.")},
			{"/reports/forecast", N_("Waiting-list forecast"), N_("The waiting list and expected waits for the next 12 months.")},
			{"/reports/annual", N_("Annual report"), N_("What the state asks each year: participants, starts, exits, outcomes and cost.")},
		};
		for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
			html_lit(o, "<section class=\"card\"><h2><a href=\"");
			html_text(o, more[i].path);
			html_lit(o, "\">");
			html_text(o, T(r, more[i].title));
			html_lit(o, "</a></h2><p>");
			html_text(o, T(r, more[i].text));
			html_lit(o, "</p></section>");
		}
	}
	html_lit(o, "</div>");
	return page_end(r);
}

/* ---- one report ---- */

/* The header of a report page: title, filters, export and print links. */
void
report_page_head(struct req *r, const char *title, const char *path, const char *query)
{
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, "</h1><p class=\"actions no-print\"><a href=\"");
	html_text(o, path);
	html_lit(o, "/export?format=csv");
	html_text(o, query);
	html_lit(o, "\" download>");
	html_text(o, T(r, "Download CSV"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"");
	html_text(o, path);
	html_lit(o, "/export?format=xlsx");
	html_text(o, query);
	html_lit(o, "\" download>");
	html_text(o, T(r, "Download XLSX"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"#\" data-print>");
	html_text(o, T(r, "Print"));
	html_lit(o, "</a></p>");
}

/* GET /reports/:key, /api/v1/reports/:key and /reports/:key/export. */
static int
report_answer(struct req *r, bool export)
{
	const struct report_def *def = app_report_def(req_param(r, 0));
	if (def == NULL)
		return req_error(r, 404, NULL);
	const char *fmt = req_qs(r, "format");
	if (export && !export_format_ok(fmt))
		return req_error(r, 400, T(r, "The export format must be csv or xlsx, for example ?format=xlsx."));
	int twice;
	if (report_query_twice(r, NULL, &twice))
		return twice;
	struct actor actor = req_actor(r);
	struct report_filter f;
	struct form_errors e = {0};
	report_filters_read(r, &f, &e);
	struct report rep;
	struct outcome out;
	memset(&rep, 0, sizeof rep);
	memset(&out, 0, sizeof out);
	int rc = SC_OK;
	if (e.n == 0) {
		rc = app_report(req_db(r), r->a, &actor, def, &f, &rep, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal != DONE)
			outcome_form_errors(r, &out, &e);
	}
	if (e.n > 0) {
		form_errors_order(&e, report_filter_fields);
		if (r->wants_json || export) {
			if (!r->wants_json)
				return req_error(r, 422, e.message[0]);
			memset(&out, 0, sizeof out);
			out.refusal = REFUSED_INVALID;
			return answer_refused_json(r, &out, &e);
		}
		r->status = 422;
	}
	if (export) {
		size_t nhead;
		const struct report_head *head = report_filters_named(r, &nhead);
		return report_export(r, fmt, def->key, &rep, head, nhead);
	}
	if (r->wants_json) {
		json_t *filters = record_json(report_filter_fields, &f, PARTS_ALL);
		return api_send(r, 200, json_pack("{s:s, s:s, s:o, s:o, s:s?, s:b}", "key", def->key, "title",
						  T(r, def->title), "filters", filters, "tables", report_json(r, &rep),
						  "note", rep.note ? T(r, rep.note) : NULL, "stub",
						  def->source == SRC_STUB));
	}
	page_begin(r, T(r, def->title));
	const char *path = arena_printf(r->a, "/reports/%s", def->key);
	report_page_head(r, T(r, def->title), path, e.n == 0 ? report_filters_query(r, &f) : "");
	if (e.n > 0)
		form_error_summary(r, &e);
	report_filters_form(r, &actor, path, &f, &e, def->honours);
	if (app_report_own_only(&actor))
		page_muted(r, T(r, "The figures of your own caseload."));
	if (def->source == SRC_STUB)
		page_muted(r, T(r, "This report counts the records of an area that is not in this installation yet: it shows no rows."));
	report_body_html(r, &rep);
	return page_end(r);
}

static int
h_report(struct req *r)
{
	return report_answer(r, false);
}

static int
h_report_export(struct req *r)
{
	return report_answer(r, true);
}

/* ---- follow-ups not registered 30 days after they were due ---- */

static void
late_table(struct req *r, const struct late_followup *items, size_t n, bool with_assignee)
{
	struct buf *o = &r->out;
	static const char *const cols[] = {N_("Participant"), N_("What"), N_("Was due"), N_("Assigned to"), NULL};
	static const char *const cols_mine[] = {N_("Participant"), N_("What"), N_("Was due"), NULL};
	page_table(r, "class=\"late-followups\"", with_assignee ? cols : cols_mine);
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"/participants/");
		html_int(o, items[i].participant_id);
		html_lit(o, "/meetings#tasks\">");
		html_text(o, items[i].participant_name);
		html_lit(o, "</a></td><td>");
		html_text(o, T(r, task_kind_label(items[i].kind)));
		html_lit(o, "</td><td>");
		html_text(o, case_date_text(r, items[i].due_on));
		html_lit(o, " <span class=\"overdue\">");
		html_text(o, T(r, "Late"));
		html_lit(o, "</span></td>");
		if (with_assignee) {
			html_lit(o, "<td>");
			html_text(o, items[i].assignee_name[0] ? items[i].assignee_name : T(r, "Nobody"));
			html_lit(o, "</td>");
		}
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
}

void
reports_today_section(struct req *r)
{
	struct actor me = req_actor(r);
	const struct actor *actor = &me;
	struct late_followup *items;
	size_t n;
	int64_t total;
	if (app_followups_late(req_db(r), r->a, actor, true, 50, &items, &n, &total) != SC_OK || total == 0)
		return;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"late-followups\"><h2 id=\"late-followups\">");
	html_text(o, T(r, "Follow-ups not registered 30 days after they were due"));
	html_lit(o, "</h2>");
	late_table(r, items, n, false);
	html_lit(o, "</section>");
}

/* GET /followups/late and /api/v1/followups/late: the actor's own, or the
 * centre's for whoever reads every follow-up of the centre (a leader). */
static int
h_late(struct req *r)
{
	struct actor actor = req_actor(r);
	bool mine = access_scope(actor.roles, RES_WORKPLANS, ACT_READ) != SCOPE_ALL;
	struct late_followup *items;
	size_t n;
	int64_t total;
	int rc = app_followups_late(req_db(r), r->a, &actor, mine, 500, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; arr != NULL && i < n; i++) {
			char due[11];
			date_format(items[i].due_on, due);
			json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s}", "task_id",
							     (json_int_t)items[i].task_id, "participant_id",
							     (json_int_t)items[i].participant_id, "kind", items[i].kind,
							     "due_on", due, "assignee_id", (json_int_t)items[i].assignee_id,
							     "participant_name", items[i].participant_name,
							     "assignee_name", items[i].assignee_name));
		}
		return api_send(r, 200, json_pack("{s:I, s:i, s:o}", "total", (json_int_t)total, "late_days",
						  FOLLOWUP_LATE_DAYS, "items", arr));
	}
	page_begin(r, T(r, "Follow-ups not registered 30 days after they were due"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Follow-ups not registered 30 days after they were due"));
	html_lit(o, "</h1>");
	page_muted(r, T(r, "Follow-ups after exit not registered 30 days after they were due."));
	if (n == 0)
		page_muted(r, T(r, "None."));
	else
		late_table(r, items, n, !mine);
	return page_end(r);
}

const struct route reports_routes[] = {
	BOTH(GET_HEAD, "/followups/late", "/api/v1/followups/late", h_late, NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(GET_HEAD, "/reports", "/api/v1/reports", h_reports, NEED(RES_REPORTS, ACT_READ)),
	BOTH(GET_HEAD, "/reports/costs", "/api/v1/reports/costs", h_costs, NEED(RES_REPORTS, ACT_READ)),
	BOTH(M_POST, "/reports/costs", "/api/v1/reports/costs", h_cost_create, NEED(RES_REPORTS, ACT_WRITE)),
	BOTH(GET_HEAD, "/reports/cost-benefit", "/api/v1/reports/cost-benefit", h_cost_benefit,
	     NEED(RES_REPORTS, ACT_READ)),
	BOTH(GET_HEAD, "/reports/forecast", "/api/v1/reports/forecast", h_forecast, NEED(RES_REPORTS, ACT_READ)),
	BOTH(GET_HEAD, "/reports/annual", "/api/v1/reports/annual", h_annual, NEED(RES_REPORTS, ACT_READ)),
	PAGE(GET_HEAD, "/reports/annual/export", h_annual_export, NEED(RES_REPORTS, ACT_READ)),
	PAGE(GET_HEAD, "/reports/costs/export", h_costs_export, NEED(RES_REPORTS, ACT_READ)),
	PAGE(GET_HEAD, "/reports/cost-benefit/export", h_cost_benefit_export, NEED(RES_REPORTS, ACT_READ)),
	PAGE(GET_HEAD, "/reports/forecast/export", h_forecast_export, NEED(RES_REPORTS, ACT_READ)),
	PAGE(GET_HEAD, "/reports/:key/export", h_report_export, NEED(RES_REPORTS, ACT_READ)),
	BOTH(GET_HEAD, "/reports/:key", "/api/v1/reports/:key", h_report, NEED(RES_REPORTS, ACT_READ)),
	ROUTES_END
};
