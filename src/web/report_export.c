/*
 * report_export.c — a report as a CSV or XLSX file (issue 12 §2): first
 * the lines that say what it was counted under (each filter given, by its
 * label and value as the form names them, or "None"; an account's
 * assumptions), then one line per cell, each as the page says it ("fewer
 * than 5" where the page hides it). The report is the one the page shows:
 * made by the same command under the same filters. The costs page's file
 * is its table, column for column.
 */
#include "reports.h"

#include "export.h"
#include "resource.h"
#include "app/caseload.h"
#include "app/centre.h"
#include "app/report.h"
#include "domain/participant.h"
#include "domain/stats.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

#define FEWER N_("fewer than 5")
#define NCOLS 7

/* Tenths with one decimal point ("207.0"); øre as kroner ("1500.50"). */
static const char *
tenths_dot(struct req *r, int64_t tenths)
{
	long long abs = tenths < 0 ? -(long long)tenths : (long long)tenths;
	return arena_printf(r->a, "%s%lld.%lld", tenths < 0 ? "-" : "", abs / 10, abs % 10);
}

static const char *
ore_dot(struct req *r, int64_t ore)
{
	long long abs = ore < 0 ? -(long long)ore : (long long)ore;
	return arena_printf(r->a, "%s%lld.%02lld", ore < 0 ? "-" : "", abs / 100, abs % 100);
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

/* The label of option key of fd, translated; key itself when none is. */
static const char *
option_label(struct req *r, const struct field *fd, const char *key)
{
	for (size_t i = 0; fd != NULL && i < fd->noptions; i++)
		if (strcmp(fd->options[i].key, key) == 0)
			return T(r, fd->options[i].label);
	return key;
}

/* A filter's value as its form names it: an option's label, a contact
 * person's or centre's name; the value given otherwise. */
static const char *
filter_value(struct req *r, const struct actor *actor, const struct field *fd, const char *given)
{
	if (strcmp(fd->key, "gender") == 0)
		return option_label(r, fields_find(participant_fields, "gender"), given);
	if (fd->type == FT_ENUM)
		return option_label(r, fd, given);
	if (strcmp(fd->key, "contact_id") == 0) {
		struct contact_choice *cs = NULL;
		size_t nc = 0;
		int64_t total = 0;
		if (app_contact_choices(req_db(r), r->a, actor, "", 200, &cs, &nc, &total) == SC_OK)
			for (size_t i = 0; i < nc; i++)
				if (strcmp(arena_printf(r->a, "%lld", (long long)cs[i].id), given) == 0)
					return cs[i].name;
	}
	if (strcmp(fd->key, "centre") == 0) {
		struct centre *cs = NULL;
		size_t nc = 0;
		if (app_centre_list(req_db(r), r->a, &cs, &nc) == SC_OK)
			for (size_t i = 0; i < nc; i++)
				if (strcmp(arena_printf(r->a, "%lld", (long long)cs[i].id), given) == 0)
					return cs[i].name;
	}
	return given;
}

const struct report_head *
report_filters_named(struct req *r, size_t *n)
{
	struct actor actor = req_actor(r);
	struct report_head *h = arena_alloc(r->a, sizeof *h * (report_filter_fields.n + 1));
	*n = 0;
	if (h == NULL)
		return NULL;
	for (size_t i = 0; i < report_filter_fields.n; i++) {
		const struct field *fd = &report_filter_fields.f[i];
		const char *given = req_qs(r, fd->key);
		/* the page's links carry the centre and one's own caseload, which
		 * are whose figures they are, not a filter chosen */
		if (given[0] == '\0' || (strcmp(fd->key, "centre") == 0 && !app_report_national(&actor)) ||
		    (strcmp(fd->key, "contact_id") == 0 && app_report_own_only(&actor)))
			continue;
		h[(*n)++] = (struct report_head){T(r, "Filter applied"), T(r, fd->label), filter_value(r, &actor, fd, given)};
	}
	if (*n == 0)
		h[(*n)++] = (struct report_head){T(r, "Filter applied"), T(r, "None"), ""};
	return h;
}

int
report_export(struct req *r, const char *fmt, const char *key, const struct report *rep,
	      const struct report_head *head, size_t nhead)
{
	static const char *const headers[NCOLS] = {N_("Table"), N_("Row"), N_("Column"), N_("Count"), N_("Of"),
						   N_("Value"), N_("Shown")};
	const char *h[NCOLS];
	for (size_t i = 0; i < NCOLS; i++)
		h[i] = T(r, headers[i]);
	struct export *x = export_begin(r, fmt, arena_printf(r->a, "report-%s", key), h, NCOLS);
	export_numbers(x, 1u << 3 | 1u << 4 | 1u << 5);   /* count, of, value */
	/* what it was counted under: the group, what, and its value as said */
	for (size_t i = 0; x != NULL && i < nhead; i++) {
		const char *cells[NCOLS] = {head[i].group, head[i].label, "", "", "", "", head[i].value};
		if (export_row(x, cells) != SC_OK)
			break;
	}
	for (size_t k = 0; x != NULL && k < rep->ntables; k++) {
		struct report_table *t = (struct report_table *)&rep->tables[k];
		for (size_t i = 0; i < t->nrows; i++) {
			for (size_t c = 0; c < t->ncols; c++) {
				const struct report_cell *cell = report_at(t, i, c);
				if (cell->kind == RC_EMPTY)
					continue;
				bool shown = report_cell_shown(cell);
				const char *count = "", *of = "", *value = "";
				if (!shown) {
					count = T(r, FEWER);
				} else if (cell->kind == RC_COUNT) {
					count = arena_printf(r->a, "%lld", (long long)cell->n);
				} else if (cell->kind == RC_SHARE) {
					count = arena_printf(r->a, "%lld", (long long)cell->n);
					of = arena_printf(r->a, "%lld", (long long)cell->base);
					char pct[16];
					stats_format_permille(stats_permille(cell->n, cell->base), pct);
					value = arena_strdup(r->a, pct);
				} else if (cell->kind == RC_TENTHS || cell->kind == RC_MEAN) {
					count = arena_printf(r->a, "%lld", (long long)cell->n);
					value = tenths_dot(r, cell->value);
				} else if (cell->kind == RC_MONEY) {
					value = ore_dot(r, cell->value);
				} else {
					value = arena_printf(r->a, "%lld", (long long)cell->value);
				}
				const char *cells[NCOLS] = {T(r, t->title), row_label(r, t, i), T(r, t->cols[c]), count, of,
							    value, report_cell_text(r, cell)};
				if (export_row(x, cells) != SC_OK)
					break;
			}
		}
	}
	return export_finish(x);
}

int
report_costs_export(struct req *r, const char *fmt, const struct programme_cost *costs,
		    const struct report_cost_year *years, size_t n)
{
	static const char *const headers[] = {N_("Year"), N_("Staff"), N_("Premises"), N_("Activities"), N_("Other"),
					      N_("Benefits paid"), N_("Participant-years"), N_("Completers"),
					      N_("Cost per participant-year"), N_("Cost per completer"), N_("Version")};
	enum { NC = sizeof headers / sizeof headers[0] };
	const char *h[NC];
	for (size_t i = 0; i < NC; i++)
		h[i] = T(r, headers[i]);
	struct export *x = export_begin(r, fmt, "report-costs", h, NC);
	export_numbers(x, (1u << NC) - 1);
	for (size_t i = 0; x != NULL && i < n; i++) {
		const struct programme_cost *c = &costs[i];
		const struct report_cost_year *y = &years[i];
		/* as the page: participant-years in tenths rounded half up, the
		 * averages in whole kroner, completers from 5 */
		int64_t tenths = (y->participant_days * 10 + 182) / 365;
		bool completers = stats_shown(y->completers);
		const char *cells[NC] = {
			arena_printf(r->a, "%lld", (long long)c->year), ore_dot(r, c->staff), ore_dot(r, c->premises),
			ore_dot(r, c->activities), ore_dot(r, c->other), ore_dot(r, y->benefits), tenths_dot(r, tenths),
			completers ? arena_printf(r->a, "%lld", (long long)y->completers) : T(r, FEWER),
			y->per_participant_year < 0 ? ""
						    : arena_printf(r->a, "%lld", (long long)((y->per_participant_year + 50) / 100)),
			!completers ? T(r, FEWER)
			: y->per_completer < 0 ? "" : arena_printf(r->a, "%lld", (long long)((y->per_completer + 50) / 100)),
			arena_printf(r->a, "%lld", (long long)c->version)};
		if (export_row(x, cells) != SC_OK)
			break;
	}
	return export_finish(x);
}
