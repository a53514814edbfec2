/*
 * centres.c — centres, where an installation has more than one: choosing
 * the centre one works in (the header's switcher posts here, for a user
 * of more than one centre), the installation's centres for its
 * administrator (/admin/centres: adding one and changing its name), and
 * the figures of every centre for the national analyst, each with its
 * /api/v1/ twin. Counts only: nothing here
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

/* ---- the installation's centres, for its administrator ---- */

static json_t *
centre_list_json(const struct centre *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(centre_fields, &items[i], PARTS_ALL));
	return json_pack("{s:o}", "items", arr);
}

/* The list of centres and the form of a new one (shown: what it holds;
 * e: its errors, NULL when not posted). */
static int
admin_centres_page(struct req *r, const struct centre *shown, const struct form_errors *e)
{
	struct centre *items = NULL;
	size_t n = 0;
	int rc = app_centre_list(req_db(r), r->a, &items, &n);
	if (rc != SC_OK)
		return rc;
	page_begin(r, T(r, "Centres"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Centres"));
	html_lit(o, "</h1>");
	page_p(r, N_("The centres of the installation. Staff hold their roles in a centre; a user of more than one "
		     "switches between them in the header. A centre's own work (its groups, closures and "
		     "participants) is its programme leader's."));
	html_lit(o, "<table id=\"centres\"><thead><tr>");
	page_th(r, N_("Centre"));
	page_th(r, N_("Number"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"/admin/centres/");
		html_int(o, items[i].id);
		html_lit(o, "\">");
		html_text(o, items[i].name);
		html_lit(o, "</a></td><td>");
		html_int(o, items[i].id);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table><h2 id=\"new-centre\">");
	html_text(o, T(r, "New centre"));
	html_lit(o, "</h2>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/admin/centres\" id=\"centre-form\" novalidate>");
	form_csrf(r);
	form_fields(r, centre_fields, shown, e != NULL, NULL, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Add the centre"));
	html_lit(o, "</button></form>");
	return page_end(r);
}

/* GET /admin/centres and /api/v1/admin/centres. */
static int
h_admin_centres(struct req *r)
{
	if (r->wants_json) {
		struct centre *items = NULL;
		size_t n = 0;
		int rc = app_centre_list(req_db(r), r->a, &items, &n);
		if (rc != SC_OK)
			return rc;
		return api_send(r, 200, centre_list_json(items, n));
	}
	struct centre blank;
	fields_clear(centre_fields, &blank);
	return admin_centres_page(r, &blank, NULL);
}

/* POST /admin/centres and /api/v1/admin/centres: a new centre. */
static int
h_admin_centre_create(struct req *r)
{
	struct centre in;
	fields_clear(centre_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, centre_fields, &in, NULL, &e, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_centre_create(req_db(r), &actor, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_FORBIDDEN)
		return req_error(r, 403, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		return admin_centres_page(r, &in, &e);
	}
	in.id = out.id;
	return answer_done(r, 201, record_json(centre_fields, &in, PARTS_ALL), "/admin/centres", "centre-created");
}

/* One centre and the form that changes its name. */
static int
admin_centre_page(struct req *r, const struct centre *c, const struct centre *shown, const struct form_errors *e,
		  int64_t version, const char *notice)
{
	page_begin(r, c->name);
	struct buf *o = &r->out;
	html_lit(o, "<p><a href=\"/admin/centres\">");
	html_text(o, T(r, "Centres"));
	html_lit(o, "</a></p><h1>");
	html_text(o, c->name);
	html_lit(o, "</h1>");
	if (notice != NULL)
		page_para(r, "notice", notice);
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/admin/centres/");
	html_int(o, c->id);
	html_lit(o, "\" id=\"centre-rename\" novalidate>");
	form_csrf(r);
	form_hidden_version(r, version);
	form_fields(r, centre_fields, shown, e != NULL, NULL, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Change the name"));
	html_lit(o, "</button></form>");
	return page_end(r);
}

/* GET /admin/centres/:id and /api/v1/admin/centres/:id. */
static int
h_admin_centre(struct req *r)
{
	struct actor actor = req_actor(r);
	struct centre c;
	struct outcome out;
	int rc = app_centre_get(req_db(r), r->a, &actor, req_param_id(r, 0), &c, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, record_json(centre_fields, &c, PARTS_ALL));
	return admin_centre_page(r, &c, &c, NULL, c.version, NULL);
}

/* POST /admin/centres/:id and /api/v1/admin/centres/:id: the centre's new
 * name. */
static int
h_admin_centre_rename(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct centre c;
	struct outcome out;
	int rc = app_centre_get(req_db(r), r->a, &actor, id, &c, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct centre in;
	fields_clear(centre_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, centre_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	if (e.n == 0) {
		rc = app_centre_rename(req_db(r), r->a, &actor, id, version, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_FORBIDDEN || out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, outcome_status(&out), NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		if (out.refusal == REFUSED_STALE)
			return admin_centre_page(r, &c, &in, &e, out.version, outcome_message(r, &out));
		return admin_centre_page(r, &c, &in, &e, version, NULL);
	}
	in.id = id;
	in.version = out.version;
	return answer_done(r, 200, record_json(centre_fields, &in, PARTS_ALL), "/admin/centres", "saved");
}

const struct route centres_routes[] = {
	BOTH(M_POST, "/centre", "/api/v1/centre", h_centre_choose, NEED(RES_SELF, ACT_WRITE)),
	BOTH(GET_HEAD, "/centres", "/api/v1/centres", h_centres, NEED(RES_CENTRES, ACT_READ)),
	BOTH(GET_HEAD, "/admin/centres", "/api/v1/admin/centres", h_admin_centres, NEED(RES_SETTINGS, ACT_READ)),
	BOTH(M_POST, "/admin/centres", "/api/v1/admin/centres", h_admin_centre_create, NEED(RES_SETTINGS, ACT_WRITE)),
	BOTH(GET_HEAD, "/admin/centres/:id", "/api/v1/admin/centres/:id", h_admin_centre, NEED(RES_SETTINGS, ACT_READ)),
	BOTH(M_POST, "/admin/centres/:id", "/api/v1/admin/centres/:id", h_admin_centre_rename,
	     NEED(RES_SETTINGS, ACT_WRITE)),
	ROUTES_END
};
