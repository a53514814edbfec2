/*
 * centres.c — centres, where an installation has more than one: choosing
 * the centre one works in (the header's switcher posts here, for a user
 * of more than one centre), and the figures of every centre for the
 * national analyst, with its /api/v1/ twin. Counts only: nothing here
 * names a participant, and a count of fewer than 5 participants is "fewer
 * than 5" (null in the API), as in the reports. Commands in app/centre.c.
 */
#include "case.h"
#include "form.h"
#include "reports.h"
#include "resource.h"
#include "routes.h"
#include "app/centre.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/url.h"

#include <string.h>

/* The members of a choice besides its field. */
static const char *const choice_extra[] = {"next", NULL};

/* POST /centre and /api/v1/centre: the centre to work in, one of the
 * user's; a page goes back to where it came from (next). */
static int
h_centre_choose(struct req *r)
{
	struct centre_choice in;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, centre_choice_fields, &in, choice_extra, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n > 0) {
		out.refusal = REFUSED_INVALID;
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		return req_error(r, 400, e.message[0]);
	}
	struct actor actor = req_actor(r);
	rc = app_centre_choose(req_db(r), r->a, &actor, in.centre, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (!r->wants_json)
		return req_redirect(r, url_local_or_root(req_field(r, "next")));
	struct centre c;
	rc = store_centre_get(req_db(r), r->a, in.centre, &c);
	if (rc != SC_OK)
		return rc;
	return api_send(r, 200, record_json(centre_fields, &c, PARTS_ALL));
}

/* A figure as a report's cell: a count of participants (shown from 5, as
 * every report's; centre_figure_of_participants()) or a plain number. */
static struct report_cell
figure_cell(const struct field *fd, const struct centre_figures *f)
{
	int64_t v = *FIELD_AT_CONST(f, fd, int64_t);
	if (centre_figure_of_participants(fd)) {
		size_t i = (size_t)(fd - centre_figures_fields.f);
		return (struct report_cell){.kind = RC_COUNT, .n = v, .hidden = (f->hidden >> i) & 1u};
	}
	return (struct report_cell){.kind = RC_NUMBER, .value = v};
}

/* A centre's figures as JSON: a count of fewer than 5 participants is
 * null, as the costs' per completer. */
static json_t *
figures_json(const struct centre_figures *f)
{
	json_t *j = record_json(centre_figures_fields, f, PARTS_ALL);
	for (size_t i = 0; j != NULL && i < centre_figures_fields.n; i++) {
		const struct field *fd = &centre_figures_fields.f[i];
		if (fd->type != FT_INT)
			continue;
		struct report_cell c = figure_cell(fd, f);
		if (!report_cell_shown(&c))
			json_object_set_new(j, fd->key, json_null());
	}
	return j;
}

static void
figures_row(struct req *r, const struct centre_figures *f, bool total)
{
	struct buf *o = &r->out;
	if (total)
		html_lit(o, "<tr class=\"total\"><th scope=\"row\">");
	else
		html_lit(o, "<tr><th scope=\"row\">");
	html_text(o, total ? T(r, "All centres") : f->name);
	html_lit(o, "</th>");
	for (size_t i = 0; i < centre_figures_fields.n; i++) {
		const struct field *fd = &centre_figures_fields.f[i];
		if (fd->type != FT_INT)
			continue;
		struct report_cell c = figure_cell(fd, f);
		if (report_cell_shown(&c))
			html_lit(o, "<td class=\"num\">");
		else
			html_lit(o, "<td class=\"num fewer\">");
		html_text(o, report_cell_text(r, &c));
		html_lit(o, "</td>");
	}
	html_lit(o, "</tr>");
}

/* GET /centres and /api/v1/centres: the figures of every centre and in
 * all. */
static int
h_centres(struct req *r)
{
	struct actor actor = req_actor(r);
	struct centre_figures *items = NULL, total;
	size_t n = 0;
	int rc = app_centre_figures(req_db(r), r->a, &actor, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, figures_json(&items[i]));
		json_t *page = api_page_json(arr, 1, (int64_t)n, (int64_t)n);
		json_object_set_new(page, "all", figures_json(&total));
		return api_send(r, 200, page);
	}
	page_begin(r, T(r, "Centres"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Centres"));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, T(r, "Counts of every centre, today. No one is named here."));
	html_lit(o, "</p><table id=\"centre-figures\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Centre"));
	html_lit(o, "</th>");
	for (size_t i = 0; i < centre_figures_fields.n; i++) {
		const struct field *fd = &centre_figures_fields.f[i];
		if (fd->type != FT_INT)
			continue;
		html_lit(o, "<th scope=\"col\" class=\"num\">");
		html_text(o, T(r, fd->label));
		html_lit(o, "</th>");
	}
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++)
		figures_row(r, &items[i], false);
	html_lit(o, "</tbody><tfoot>");
	figures_row(r, &total, true);
	html_lit(o, "</tfoot></table><p class=\"note\">");
	html_text(o, T(r, "A figure from fewer than 5 people is not shown, so that no one can be recognised."));
	html_lit(o, "</p>");
	return page_end(r);
}

const struct route centres_routes[] = {
	BOTH(M_POST, "/centre", "/api/v1/centre", h_centre_choose, NEED(RES_SELF, ACT_WRITE)),
	BOTH(GET_HEAD, "/centres", "/api/v1/centres", h_centres, NEED(RES_CENTRES, ACT_READ)),
	ROUTES_END
};
