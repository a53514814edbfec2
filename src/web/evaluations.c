/*
 * evaluations.c — a placement's evaluations (issue 10): the centre's form
 * at mid-point and end, and the workplace supervisor's personal link (made,
 * revoked, opened and submitted without an account, rate-limited per
 * address). Every page has its /api/v1/ twin. The commands are
 * app/placement.c, which checks who may and audits.
 */
#include "case.h"
#include "internships_parts.h"
#include "routes.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <pthread.h>
#include <string.h>

/* ---- evaluations and the supervisor's link ---- */

static const char *
link_url(struct req *r, const char *token)
{
	const char *host = req_in_header(r, "Host");
	return arena_printf(r->a, "%s://%s/evaluate/%s", r->app->cfg.http_cookie_secure ? "https" : "http",
			    host != NULL ? host : "localhost", token);
}

static void
evaluations_table(struct req *r, const struct placement_evaluation *items, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"evaluation-list\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Evaluation"));
	html_lit(o, "</th>");
	for (int c = 0; c < EVALUATION_CRITERIA; c++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, fields_find(placement_evaluation_fields, evaluation_criteria[c])->label));
		html_lit(o, "</th>");
	}
	html_lit(o, "<th scope=\"col\">");
	html_text(o, T(r, "Strengths"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "What to work on"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Evaluated by"));
	html_lit(o, "</th></tr></thead><tbody>");
	const struct field *kind = fields_find(placement_evaluation_fields, "kind");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, field_shown(r, kind, &items[i]));
		html_lit(o, " (");
		html_text(o, case_date_text(r, items[i].evaluated_on));
		html_lit(o, ")</td>");
		for (int c = 0; c < EVALUATION_CRITERIA; c++) {
			int v = evaluation_rating(&items[i], c);
			html_lit(o, "<td>");
			html_text(o, v >= 0 && v < RATING_COUNT ? T(r, rating_options[v].label) : "");
			html_lit(o, "</td>");
		}
		html_lit(o, "<td>");
		html_lines(o, items[i].strengths != NULL ? items[i].strengths : "");
		html_lit(o, "</td><td>");
		html_lines(o, items[i].to_work_on != NULL ? items[i].to_work_on : "");
		html_lit(o, "</td><td>");
		html_text(o, page_or_dash(items[i].evaluator));
		if (items[i].source == EVAL_BY_EMPLOYER) {
			html_lit(o, " (");
			html_text(o, T(r, "through the link"));
			html_lit(o, ")");
		}
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

static int
evaluations_page(struct req *r, const struct actor *actor, const struct placement *p, const char *new_link,
		 const struct placement_evaluation *shown, const struct form_errors *e, const char *notice)
{
	struct placement_evaluation *items = NULL;
	size_t n = 0;
	struct evaluation_link *links = NULL;
	size_t nl = 0;
	int rc = app_placement_evaluations(req_db(r), r->a, actor, p->id, &items, &n);
	if (rc == SC_OK)
		rc = app_evaluation_links(req_db(r), r->a, actor, p->id, &links, &nl);
	if (rc != SC_OK)
		return rc;
	const char *name = case_name(r, p->given_name, p->family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Evaluations"), name));
	html_lit(o, "<p><a href=\"/placements/");
	html_int(o, p->id);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the placement"));
	html_lit(o, "</a></p><h1>");
	html_text(o, arena_printf(r->a, "%s: %s, %s", T(r, "Evaluations"), name, p->employer_name));
	html_lit(o, "</h1>");
	if (notice != NULL)
		page_para(r, "notice", notice);
	if (new_link != NULL) {
		html_lit(o, "<div class=\"notice\" id=\"new-link\"><p>");
		html_text(o, T(r, "Copy this link into an e-mail to the workplace supervisor. It opens only this trainee's evaluation form, works for 14 days and can be used once. It is shown only now."));
		html_lit(o, "</p><p><label for=\"link-url\">");
		html_text(o, T(r, "The supervisor's link"));
		html_lit(o, "</label> <input id=\"link-url\" type=\"text\" readonly size=\"70\" value=\"");
		html_text(o, new_link);
		html_lit(o, "\"></p></div>");
	}
	if (n == 0)
		page_para(r, NULL, T(r, "No evaluations have been recorded."));
	else
		evaluations_table(r, items, n);
	bool writer = p->writable;
	html_lit(o, "<section aria-labelledby=\"links\">");
	page_heading(r, "h2", "links", T(r, "The supervisor's links"));
	if (nl > 0) {
		html_lit(o, "<table id=\"link-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Evaluation"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Made"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "State"));
		html_lit(o, "</th><th scope=\"col\"><span class=\"visually-hidden\">");
		html_text(o, T(r, "Actions"));
		html_lit(o, "</span></th></tr></thead><tbody>");
		for (size_t i = 0; i < nl; i++) {
			enum link_state st = evaluation_link_state(&links[i], actor->now);
			html_lit(o, "<tr><td>");
			html_text(o, T(r, evaluation_kind_options[links[i].kind].label));
			html_lit(o, "</td><td>");
			html_text(o, page_moment(r, links[i].created_at));
			html_lit(o, "</td><td>");
			html_text(o, st == LINK_VALID ? T(r, links[i].opened_at > 0 ? "Opened, not sent yet" : "Not opened yet")
						      : T(r, evaluation_link_message(st)));
			html_lit(o, "</td><td>");
			if (st == LINK_VALID && writer) {
				html_lit(o, "<form method=\"post\" action=\"/placements/");
				html_int(o, p->id);
				html_lit(o, "/links/");
				html_int(o, links[i].id);
				html_lit(o, "/revoke\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\">");
				html_text(o, T(r, "Withdraw the link"));
				html_lit(o, "</button></form>");
			}
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	/* the command's rule (evaluation_refusal()): a trainee is evaluated once
	 * the placement was agreed and began; one ended before its first day
	 * never began, though its status sorts after "active" */
	struct placement_facts facts = placement_facts_of(p);
	bool started = placement_started(&facts, actor->today);
	if (writer && started) {
		const char *keys[EVAL_KIND_COUNT], *labels[EVAL_KIND_COUNT];
		for (int i = 0; i < EVAL_KIND_COUNT; i++) {
			keys[i] = evaluation_kind_options[i].key;
			labels[i] = evaluation_kind_options[i].label;
		}
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/links\" id=\"link-form\" novalidate>");
		form_csrf(r);
		form_select(r, NULL, "link-kind", "kind", T(r, "Evaluation"), keys, labels, EVAL_KIND_COUNT,
			    p->evaluated_mid ? "end" : "mid", NULL);
		page_button(r, N_("Make a link for the supervisor"));
		html_lit(o, "</form>");
	} else if (!started) {
		page_para(r, "muted", T(r, "A trainee is evaluated once the placement has started."));
	}
	html_lit(o, "</section>");
	if (writer && started) {
		html_lit(o, "<section aria-labelledby=\"record-evaluation\">");
		page_heading(r, "h2", "record-evaluation", T(r, "Record an evaluation"));
		struct placement_evaluation blank;
		if (shown == NULL) {
			fields_clear(placement_evaluation_fields, &blank);
			blank.evaluated_on = actor->today;
			shown = &blank;
		}
		static const struct field_ui eui[] = {
			{.key = "kind", .control = "radio"}, {.key = "punctuality", .control = "radio"},
			{.key = "norwegian", .control = "radio"}, {.key = "understanding", .control = "radio"},
			{.key = "quality", .control = "radio"}, {.key = "cooperation", .control = "radio"},
			{.key = "initiative", .control = "radio"}, {.key = "strengths", .rows = 2},
			{.key = "to_work_on", .rows = 2}, {0},
		};
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "/evaluations\" id=\"evaluation-form\" novalidate>");
		form_csrf(r);
		form_fields(r, placement_evaluation_fields, shown, e != NULL, eui, e);
		page_button(r, N_("Save evaluation"));
		html_lit(o, "</form></section>");
	}
	return page_end(r);
}

static json_t *
link_json(const struct evaluation_link *l, int64_t now)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:s}", "id", (json_int_t)l->id, "kind",
			 evaluation_kind_options[l->kind].key, "created_at", (json_int_t)l->created_at, "expires_at",
			 (json_int_t)l->expires_at, "state", evaluation_link_state_key(evaluation_link_state(l, now)));
}

static int
evaluations_json(struct req *r, const struct actor *actor, int64_t id, int status, json_t *extra)
{
	struct placement_evaluation *items = NULL;
	size_t n = 0;
	struct evaluation_link *links = NULL;
	size_t nl = 0;
	int rc = app_placement_evaluations(req_db(r), r->a, actor, id, &items, &n);
	if (rc == SC_OK)
		rc = app_evaluation_links(req_db(r), r->a, actor, id, &links, &nl);
	if (rc != SC_OK) {
		json_decref(extra);
		return rc;
	}
	json_t *arr = json_array(), *larr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json(placement_evaluation_fields, &items[i], PARTS_ALL));
	for (size_t i = 0; i < nl; i++)
		json_array_append_new(larr, link_json(&links[i], actor->now));
	json_t *j = json_pack("{s:o, s:o}", "items", arr, "links", larr);
	if (extra != NULL)
		json_object_update(j, extra), json_decref(extra);
	return api_send(r, status, j);
}

/* GET /placements/:id/evaluations and its /api/v1/ twin. */
static int
h_evaluations(struct req *r)
{
	struct actor actor = req_actor(r);
	struct placement p;
	struct outcome out;
	int rc = app_placement_get(req_db(r), r->a, &actor, req_param_id(r, 0), &p, NULL, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	if (r->wants_json)
		return evaluations_json(r, &actor, p.id, 200, NULL);
	return evaluations_page(r, &actor, &p, NULL, NULL, NULL, NULL);
}

/* POST /placements/:id/evaluations and its /api/v1/ twin: the staff's. */
static int
h_evaluation_add(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct placement_evaluation in;
	struct form_errors e = {0};
	struct outcome out = {0};
	int rc;
	if (!placement_input(r, &actor, id, placement_evaluation_fields, &in, &p, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_placement_evaluation_add(req_db(r), r->a, &actor, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			evaluation_check(&in, actor.today, p.starts_on, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, placement_evaluation_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, placement_evaluation_fields);
		r->status = outcome_status(&out);
		return evaluations_page(r, &actor, &p, NULL, &in, out.refusal == REFUSED_INVALID ? &e : NULL,
					out.refusal == REFUSED_INVALID ? NULL : outcome_message(r, &out));
	}
	if (r->wants_json)
		return api_send(r, 201, record_json(placement_evaluation_fields, &in, PARTS_ALL));
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/placements/%lld/evaluations", (long long)id));
}

/* POST /placements/:id/links and its /api/v1/ twin: the page (or JSON)
 * shows the link once. */
static int
h_link_create(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct placement p;
	struct outcome out;
	int rc = app_placement_load(req_db(r), r->a, &actor, id, ACT_WRITE, &p, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	struct placement_evaluation in;
	fields_clear(placement_evaluation_fields, &in);
	struct form_errors e = {0};
	static const struct field kind_only[] = {
		{.key = "kind", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = offsetof(struct placement_evaluation, kind),
		 .label = N_("Evaluation"), .options = evaluation_kind_options, .noptions = EVAL_KIND_COUNT,
		 .missing = N_("Choose the mid-point or the final evaluation."),
		 .invalid = N_("Choose the mid-point or the final evaluation."), .part = -1},
	};
	const struct fields kf = FIELDS(kind_only);
	if (!input_read(r, kf, &in, NULL, &e, &rc))
		return rc;
	char token[65];
	if (e.n == 0) {
		fields_check_required(kf, &in, &out.errors);
		if (out.errors.n > 0) {
			out.refusal = REFUSED_INVALID;
		} else {
			rc = app_evaluation_link_create(req_db(r), r->a, &actor, id, in.kind, token, &out);
			if (rc != SC_OK)
				return rc;
		}
	} else {
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, kf);
		outcome_form_errors(r, &out, &e);
		r->status = outcome_status(&out);
		return evaluations_page(r, &actor, &p, NULL, NULL, NULL,
					out.message != NULL ? outcome_message(r, &out) : (e.n > 0 ? e.message[0] : NULL));
	}
	const char *url = link_url(r, token);
	if (r->wants_json)
		return evaluations_json(r, &actor, id, 201,
					json_pack("{s:s, s:s, s:I}", "url", url, "token", token, "link_id", (json_int_t)out.id));
	r->status = 201;
	return evaluations_page(r, &actor, &p, url, NULL, NULL, NULL);
}

/* POST /placements/:id/links/:lid/revoke and its /api/v1/ twin. */
static int
h_link_revoke(struct req *r)
{
	int nobody = SC_OK;
	if (!api_no_body(r, &nobody))
		return nobody;
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	struct outcome out;
	int rc = app_evaluation_link_revoke(req_db(r), r->a, &actor, id, req_param_id(r, 1), &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_FORBIDDEN)
		return req_error(r, 403, outcome_message(r, &out));
	if (out.refusal != DONE) {
		if (r->wants_json && out.message != NULL)
			return api_error(r, 404, "not_found", outcome_message(r, &out), NULL);
		return req_error(r, 404, NULL);
	}
	if (r->wants_json)
		return evaluations_json(r, &actor, id, 200, NULL);
	page_flash(r, "saved");
	return req_redirect(r, arena_printf(r->a, "/placements/%lld/evaluations", (long long)id));
}

/* ---- the supervisor's form through a link: no account ---- */

/* At most LINK_RATE_MAX requests to the links from one address in
 * LINK_RATE_WINDOW seconds (a token cannot be guessed, and trying is
 * slowed further); addresses whose hash shares a slot share its count. */
#define LINK_RATE_SLOTS 512
#define LINK_RATE_WINDOW 600
#define LINK_RATE_MAX 30
struct link_rate_slot {
	char address[64];
	int64_t start;
	int count;
};
static struct link_rate_slot link_rate[LINK_RATE_SLOTS];
static pthread_mutex_t link_rate_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
link_rate_ok(const char *address, int64_t now, int64_t *retry)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *c = (const unsigned char *)address; *c; c++)
		h = (h ^ *c) * 16777619u;
	pthread_mutex_lock(&link_rate_lock);
	struct link_rate_slot *s = &link_rate[h % LINK_RATE_SLOTS];
	/* Addresses that share a slot share its count until its window ends:
	 * a second address must not start the first's count again. */
	if (now - s->start >= LINK_RATE_WINDOW) {
		snprintf(s->address, sizeof s->address, "%s", address);
		s->start = now;
		s->count = 0;
	}
	s->count++;
	bool ok = s->count <= LINK_RATE_MAX;
	*retry = s->start + LINK_RATE_WINDOW - now;
	pthread_mutex_unlock(&link_rate_lock);
	return ok;
}

static int
too_many(struct req *r, int64_t retry)
{
	req_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)(retry > 0 ? retry : 1)));
	if (r->wants_json)
		return api_error(r, 429, "rate_limited", T(r, "Too many tries from this address. Try again later."), NULL);
	return req_error(r, 429, T(r, "Too many tries from this address. Try again later."));
}

static int
link_page(struct req *r, const char *token, const struct evaluation_link_view *v,
	  const struct placement_evaluation *shown, const struct form_errors *e)
{
	struct buf *o = &r->out;
	page_begin(r, T(r, "Evaluation of a trainee"));
	page_heading(r, "h1", NULL, T(r, "Evaluation of a trainee"));
	if (v->state != LINK_VALID) {
		page_para(r, "notice", T(r, evaluation_link_message(v->state)));
		return page_end(r);
	}
	html_lit(o, "<dl class=\"record\">");
	page_dl_row(r, N_("Trainee"), v->given_name);
	page_dl_row(r, N_("Workplace"), v->employer_name);
	page_dl_row(r, N_("Period"), arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, v->starts_on),
					      case_date_text(r, v->ends_on)));
	page_dl_row(r, N_("Evaluation"), T(r, evaluation_kind_options[v->kind].label));
	html_lit(o, "</dl>");
	page_para(r, "muted", T(r, "Rate each point from 1 (weak) to 5 (very good), or choose not seen. The link can be used once: check before you send."));
	struct placement_evaluation blank;
	if (shown == NULL) {
		fields_clear(evaluation_link_form_fields, &blank);
		shown = &blank;
	}
	static const struct field_ui lui[] = {
		{.key = "punctuality", .control = "radio"}, {.key = "norwegian", .control = "radio"},
		{.key = "understanding", .control = "radio"}, {.key = "quality", .control = "radio"},
		{.key = "cooperation", .control = "radio"}, {.key = "initiative", .control = "radio"},
		{.key = "strengths", .rows = 3}, {.key = "to_work_on", .rows = 3},
		{.key = "evaluator", .autocomplete = "name"}, {0},
	};
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/evaluate/");
	html_text(o, token);
	html_lit(o, "\" id=\"link-evaluation-form\" novalidate>");
	form_csrf(r);
	form_fields(r, evaluation_link_form_fields, shown, e != NULL, lui, e);
	page_button(r, N_("Send the evaluation"));
	html_lit(o, "</form>");
	return page_end(r);
}

static json_t *
link_view_json(const struct evaluation_link_view *v)
{
	if (v->state != LINK_VALID)
		return json_pack("{s:s}", "state", evaluation_link_state_key(v->state));
	char from[11], to[11];
	date_format(v->starts_on, from);
	date_format(v->ends_on, to);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "state", "valid", "kind",
			 evaluation_kind_options[v->kind].key, "given_name", v->given_name, "employer_name",
			 v->employer_name, "starts_on", from, "ends_on", to);
}

/* GET /evaluate/:token and /api/v1/evaluate/:token. */
static int
h_link_open(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t retry = 0;
	if (!link_rate_ok(r->address, actor.now, &retry))
		return too_many(r, retry);
	auth_ensure_pre_token(r);
	req_header(r, "Referrer-Policy", "no-referrer");
	struct evaluation_link_view v;
	int rc = app_evaluation_link_open(req_db(r), r->a, req_param(r, 0), r->address, actor.now, actor.today, &v);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json) {
		if (v.state != LINK_VALID)
			return api_error(r, 404, evaluation_link_state_key(v.state), T(r, evaluation_link_message(v.state)),
					 NULL);
		return api_send(r, 200, link_view_json(&v));
	}
	if (v.state != LINK_VALID)
		r->status = 404;
	return link_page(r, req_param(r, 0), &v, NULL, NULL);
}

/* POST /evaluate/:token and /api/v1/evaluate/:token. */
static int
h_link_submit(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t retry = 0;
	if (!link_rate_ok(r->address, actor.now, &retry))
		return too_many(r, retry);
	req_header(r, "Referrer-Policy", "no-referrer");
	struct placement_evaluation in;
	fields_clear(placement_evaluation_fields, &in);
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, evaluation_link_form_fields, &in, NULL, &e, &rc))
		return rc;
	struct evaluation_link_view v;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_evaluation_link_submit(req_db(r), r->a, req_param(r, 0), r->address, actor.now, actor.today, &in,
						&v, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* the link's state first: a form for a dead link is not asked
		 * again; nothing is submitted */
		rc = app_evaluation_link_view(req_db(r), r->a, req_param(r, 0), actor.now, actor.today, &v);
		if (rc != SC_OK)
			return rc;
		if (v.state != LINK_VALID) {
			out.refusal = REFUSED_NOT_FOUND;
		} else {
			if (!e.mistyped)
				fields_check_required(evaluation_link_form_fields, &in, &out.errors);
			out.refusal = REFUSED_INVALID;
		}
	}
	if (out.refusal == REFUSED_NOT_FOUND) {
		if (r->wants_json)
			return api_error(r, 404, evaluation_link_state_key(v.state), T(r, evaluation_link_message(v.state)),
					 NULL);
		r->status = 404;
		return link_page(r, req_param(r, 0), &v, NULL, NULL);
	}
	if (out.refusal != DONE) {
		if (r->wants_json)
			return internships_refused(r, &out, &e, evaluation_link_form_fields);
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, evaluation_link_form_fields);
		r->status = outcome_status(&out);
		if (out.refusal != REFUSED_INVALID) {
			page_begin(r, T(r, "Evaluation of a trainee"));
			page_para(r, "notice", outcome_message(r, &out));
			return page_end(r);
		}
		return link_page(r, req_param(r, 0), &v, &in, &e);
	}
	if (r->wants_json)
		return api_send(r, 201, json_pack("{s:s}", "state", "used"));
	r->status = 201;
	page_begin(r, T(r, "Evaluation of a trainee"));
	page_heading(r, "h1", NULL, T(r, "Thank you!"));
	page_para(r, "flash", T(r, "The evaluation has been sent to the centre."));
	return page_end(r);
}


const struct route evaluations_routes[] = {
	BOTH(GET_HEAD, "/evaluate/:token", "/api/v1/evaluate/:token", h_link_open, PUB),
	BOTH(M_POST, "/evaluate/:token", "/api/v1/evaluate/:token", h_link_submit, PUB),
	BOTH(GET_HEAD, "/placements/:id/evaluations", "/api/v1/placements/:id/evaluations", h_evaluations,
	     NEED(RES_PLACEMENTS, ACT_READ)),
	BOTH(M_POST, "/placements/:id/evaluations", "/api/v1/placements/:id/evaluations", h_evaluation_add,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(M_POST, "/placements/:id/links", "/api/v1/placements/:id/links", h_link_create,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	BOTH(M_POST, "/placements/:id/links/:lid/revoke", "/api/v1/placements/:id/links/:lid/revoke", h_link_revoke,
	     NEED(RES_PLACEMENTS, ACT_WRITE)),
	ROUTES_END
};
