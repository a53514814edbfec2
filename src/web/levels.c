/*
 * levels.c — Norwegian progress: a participant's assessments per skill as
 * a chart (SVG drawn here, with the same figures in a table beside it for
 * screen readers) and a history, the form to record an assessment, a
 * group's progress for its teacher, and their /api/v1/ twins. Read and
 * written through app/levels.c.
 */
#include "activities.h"
#include "case.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/activity.h"
#include "app/levels.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* How each skill's line is told apart without colour. */
static const char *const dashes[SKILL_COUNT] = {"", "6 3", "2 3", "8 3 2 3"};
static const char *const marker[SKILL_COUNT] = {N_("circles, solid line"), N_("squares, dashed line"), N_("diamonds, dotted line"), N_("triangles, dash-dot line")};

#define CW 520
#define CH 220
#define LEFT 40
#define RIGHT 10
#define TOP 10
#define BOTTOM 30

struct point {
	int skill;
	int level;
	struct date on;
};

static void
num(struct buf *o, long long v)
{
	html_int(o, v);
}

/* One marker at (x, y), shaped by skill. */
static void
dot(struct buf *o, int skill, long long x, long long y)
{
	if (skill == 0) {
		html_lit(o, "<circle r=\"4\" cx=\"");
		num(o, x);
		html_lit(o, "\" cy=\"");
		num(o, y);
		html_lit(o, "\" fill=\"currentColor\"/>");
	} else if (skill == 1) {
		html_lit(o, "<rect width=\"8\" height=\"8\" x=\"");
		num(o, x - 4);
		html_lit(o, "\" y=\"");
		num(o, y - 4);
		html_lit(o, "\" fill=\"currentColor\"/>");
	} else {
		html_lit(o, "<polygon fill=\"currentColor\" points=\"");
		if (skill == 2) {
			num(o, x);
			html_lit(o, ",");
			num(o, y - 5);
			html_lit(o, " ");
			num(o, x + 5);
			html_lit(o, ",");
			num(o, y);
			html_lit(o, " ");
			num(o, x);
			html_lit(o, ",");
			num(o, y + 5);
			html_lit(o, " ");
			num(o, x - 5);
			html_lit(o, ",");
			num(o, y);
		} else {
			num(o, x);
			html_lit(o, ",");
			num(o, y - 5);
			html_lit(o, " ");
			num(o, x + 5);
			html_lit(o, ",");
			num(o, y + 4);
			html_lit(o, " ");
			num(o, x - 5);
			html_lit(o, ",");
			num(o, y + 4);
		}
		html_lit(o, "\"/>");
	}
}

/* The chart of points (by skill, then date) with a table of the same
 * figures; id names it on the page. */
static void
chart(struct req *r, const char *id, const char *title, const struct point *p, size_t n)
{
	struct buf *o = &r->out;
	if (n == 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "No Norwegian level has been recorded yet."));
		html_lit(o, "</p>");
		return;
	}
	int64_t lo = date_to_days(p[0].on), hi = lo;
	for (size_t i = 0; i < n; i++) {
		int64_t d = date_to_days(p[i].on);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	int64_t span = hi > lo ? hi - lo : 1;
	const int w = CW - LEFT - RIGHT, h = CH - TOP - BOTTOM;
	html_lit(o, "<figure class=\"chart\"><svg role=\"img\" viewBox=\"0 0 520 220\" width=\"520\" height=\"220\" aria-labelledby=\"");
	html_text(o, id);
	html_lit(o, "-title\"><title id=\"");
	html_text(o, id);
	html_lit(o, "-title\">");
	html_text(o, title);
	html_lit(o, "</title>");
	/* the levels A1..C1 */
	for (int l = 1; l <= 5; l++) {
		long long y = TOP + h - (long long)h * (l - 1) / 4;
		html_lit(o, "<line x1=\"40\" x2=\"510\" stroke=\"currentColor\" stroke-opacity=\"0.2\" y1=\"");
		num(o, y);
		html_lit(o, "\" y2=\"");
		num(o, y);
		html_lit(o, "\"/><text x=\"4\" font-size=\"12\" fill=\"currentColor\" y=\"");
		num(o, y + 4);
		html_lit(o, "\">");
		html_text(o, cefr_key((enum cefr)(l - 1)));
		html_lit(o, "</text>");
	}
	/* the first and last dates */
	html_lit(o, "<text x=\"40\" y=\"212\" font-size=\"12\" fill=\"currentColor\">");
	html_text(o, case_date_text(r, date_from_days(lo)));
	html_lit(o, "</text><text x=\"510\" y=\"212\" font-size=\"12\" text-anchor=\"end\" fill=\"currentColor\">");
	html_text(o, case_date_text(r, date_from_days(hi)));
	html_lit(o, "</text>");
	for (int k = 0; k < SKILL_COUNT; k++) {
		bool any = false;
		html_lit(o, "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"");
		html_text(o, dashes[k]);
		html_lit(o, "\" points=\"");
		for (size_t i = 0; i < n; i++) {
			if (p[i].skill != k)
				continue;
			long long x = LEFT + (long long)w * (date_to_days(p[i].on) - lo) / span;
			long long y = TOP + h - (long long)h * cefr_rank(p[i].level) / 4 + h / 4;
			if (any)
				html_lit(o, " ");
			num(o, x);
			html_lit(o, ",");
			num(o, y);
			any = true;
		}
		html_lit(o, "\"/>");
		for (size_t i = 0; i < n; i++)
			if (p[i].skill == k)
				dot(o, k, LEFT + (long long)w * (date_to_days(p[i].on) - lo) / span,
				    TOP + h - (long long)h * cefr_rank(p[i].level) / 4 + h / 4);
	}
	html_lit(o, "</svg><figcaption><ul class=\"legend\">");
	for (int k = 0; k < SKILL_COUNT; k++) {
		html_lit(o, "<li>");
		html_text(o, arena_printf(r->a, "%s: %s", T(r, cefr_skill_label((enum cefr_skill)k)), T(r, marker[k])));
		html_lit(o, "</li>");
	}
	html_lit(o, "</ul></figcaption></figure><table class=\"chart-figures\" id=\"");
	html_text(o, id);
	html_lit(o, "-figures\"><caption>");
	html_text(o, title);
	html_lit(o, "</caption><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Skill"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Date"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Level"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, T(r, cefr_skill_label((enum cefr_skill)p[i].skill)));
		html_lit(o, "</td><td>");
		html_text(o, case_date_text(r, p[i].on));
		html_lit(o, "</td><td>");
		html_text(o, cefr_key((enum cefr)p[i].level));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

void
levels_chart(struct req *r, const struct language_assessment *items, size_t n)
{
	struct point *p = arena_alloc(r->a, (n + 1) * sizeof *p);
	size_t k = 0;
	for (size_t i = 0; p != NULL && i < n; i++) {
		struct date d;
		if (items[i].withdrawn_at > 0 || date_parse(items[i].assessed_on, &d) != SC_OK)
			continue;
		p[k++] = (struct point){items[i].skill, items[i].level, d};
	}
	chart(r, "levels-chart", T(r, "Norwegian levels over time"), p, k);
}

/* A withdrawn assessment refused on the page: its id, the reason posted
 * and the errors beside it. */
struct withdrawal_shown {
	int64_t id;
	const char *reason;
	const struct form_errors *e;
};

/* The last cell of an assessment's row: withdrawn (by whom, when, why),
 * or the form that withdraws it when the reader may record one. */
static void
withdrawal_cell(struct req *r, const struct participant_brief *p, const struct language_assessment *l,
		bool writable, const struct withdrawal_shown *w)
{
	struct buf *o = &r->out;
	html_lit(o, "<td>");
	if (l->withdrawn_at > 0) {
		html_text(o, arena_printf(r->a, T(r, "Withdrawn by %s on %s: %s"),
					  l->withdrawn_by_name ? l->withdrawn_by_name : "",
					  page_moment(r, l->withdrawn_at), l->withdrawn_reason ? l->withdrawn_reason : ""));
	} else if (writable) {
		bool refused = w != NULL && w->id == l->id;
		const char *err = refused ? form_error_for(w->e, "reason") : NULL;
		char *fid = arena_printf(r->a, "withdraw-reason-%lld", (long long)l->id);
		if (refused)
			html_lit(o, "<details open><summary>");
		else
			html_lit(o, "<details><summary>");
		html_text(o, T(r, "Withdraw"));
		html_lit(o, "</summary><form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/levels/");
		html_int(o, l->id);
		html_lit(o, "/withdraw\" novalidate>");
		form_csrf(r);
		html_lit(o, "<label for=\"");
		html_text(o, fid);
		html_lit(o, "\">");
		html_text(o, T(r, "Why is it withdrawn?"));
		html_lit(o, "</label>");
		if (err != NULL) {
			html_lit(o, "<p class=\"error\" id=\"");
			html_text(o, fid);
			html_lit(o, "-error\">");
			html_text(o, err);
			html_lit(o, "</p>");
		}
		html_lit(o, "<input type=\"text\" name=\"reason\" required maxlength=\"200\" id=\"");
		html_text(o, fid);
		if (err != NULL) {
			html_lit(o, "\" aria-invalid=\"true\" aria-describedby=\"");
			html_text(o, fid);
			html_lit(o, "-error");
		}
		html_lit(o, "\" value=\"");
		html_text(o, refused && w->reason != NULL ? w->reason : "");
		html_lit(o, "\"><button type=\"submit\">");
		html_text(o, T(r, "Withdraw the assessment"));
		html_lit(o, "</button></form></details>");
	}
	html_lit(o, "</td>");
}

/* The page of a participant's levels: the chart, the history and the form. */
static int
levels_page(struct req *r, const struct actor *actor, const struct participant_brief *p,
	    const struct language_assessment *items, size_t n, const struct assessment_input *shown,
	    const struct form_errors *e, const struct withdrawal_shown *w)
{
	bool writable = case_allows(r, p, PART_BIT(PART_SCHOOLING), ACT_WRITE);
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Norwegian levels"),
				   case_name(r, p->given_name, p->family_name)));
	struct buf *o = &r->out;
	case_header(r, p, "levels");
	/* a withdrawal refused: its errors at the top, each linking to the
	 * row's field, as every form's summary does */
	if (w != NULL && w->e != NULL && w->e->n > 0) {
		struct form_errors top = *w->e;
		for (int i = 0; i < top.n; i++)
			top.field[i] = arena_printf(r->a, "withdraw-%s-%lld", top.field[i], (long long)w->id);
		form_error_summary(r, &top);
	}
	html_lit(o, "<h2 id=\"levels\">");
	html_text(o, T(r, "Norwegian levels over time"));
	html_lit(o, "</h2>");
	levels_chart(r, items, n);
	if (n > 0) {
		html_lit(o, "<h2>");
		html_text(o, T(r, "Assessments"));
		html_lit(o, "</h2><table id=\"assessments\"><thead><tr>");
		const char *heads[] = {N_("Date"), N_("Skill"), N_("Level"), N_("Test or method"), N_("Assessor"),
				       N_("Group"), N_("Note"), N_("Withdrawn")};
		for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
			html_lit(o, "<th scope=\"col\">");
			html_text(o, T(r, heads[i]));
			html_lit(o, "</th>");
		}
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct language_assessment *l = &items[i];
			const char *method = "";
			for (int m = 0; m < METHOD_COUNT; m++)
				if (l->method != NULL && strcmp(l->method, assessment_method_options[m].key) == 0)
					method = T(r, assessment_method_options[m].label);
			if (method[0] == '\0' && l->source != NULL && strcmp(l->source, LEVEL_SOURCE_REGISTER) == 0)
				method = T(r, "Register details");
			const char *cells[] = {
				l->assessed_on, T(r, cefr_skill_label((enum cefr_skill)l->skill)),
				cefr_key((enum cefr)l->level), method,
				l->assessor_name && l->assessor_name[0] ? l->assessor_name : (l->recorded_by_name ? l->recorded_by_name : ""),
				l->group_name ? l->group_name : "", l->note ? l->note : "",
			};
			/* a withdrawn one is kept, struck through */
			bool gone = l->withdrawn_at > 0;
			html_lit(o, "<tr id=\"assessment-");
			html_int(o, l->id);
			if (gone)
				html_lit(o, "\" class=\"withdrawn\">");
			else
				html_lit(o, "\">");
			for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
				html_lit(o, "<td>");
				if (gone)
					html_lit(o, "<del>");
				html_text(o, cells[c]);
				if (gone)
					html_lit(o, "</del>");
				html_lit(o, "</td>");
			}
			withdrawal_cell(r, p, l, writable, w);
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (writable) {
		struct teacher_choice *t = NULL;
		size_t nt = 0;
		int rc = app_teacher_choices(req_db(r), r->a, actor, &t, &nt);
		if (rc != SC_OK)
			return rc;
		struct group_enrolment *en = NULL;
		size_t ne = 0;
		struct outcome out;
		rc = app_participant_groups(req_db(r), r->a, actor, p->id, &en, &ne, &out);
		if (rc != SC_OK)
			return rc;
		const char **tk = arena_alloc(r->a, sizeof *tk * (nt + 1));
		const char **tl = arena_alloc(r->a, sizeof *tl * (nt + 1));
		const char **gk = arena_alloc(r->a, sizeof *gk * (ne + 1));
		const char **gl = arena_alloc(r->a, sizeof *gl * (ne + 1));
		if (tk == NULL || tl == NULL || gk == NULL || gl == NULL)
			return SC_ENOMEM;
		for (size_t i = 0; i < nt; i++) {
			tk[i] = case_id(r, t[i].id);
			tl[i] = t[i].name;
		}
		size_t g = 0;
		for (size_t i = 0; i < ne; i++)
			if (en[i].group_name[0] != '\0') {
				gk[g] = case_id(r, en[i].group_id);
				gl[g++] = en[i].group_name;
			}
		const struct field_ui ui[] = {
			{.key = "assessor_id", .choice_keys = tk, .choice_labels = tl, .nchoices = nt,
			 .empty = N_("Me")},
			{.key = "group_id", .choice_keys = gk, .choice_labels = gl, .nchoices = g, .empty = N_("None")},
			{.key = "note", .rows = 2},
			{0},
		};
		html_lit(o, "<h2 id=\"new-assessment\">");
		html_text(o, T(r, "Record an assessment"));
		html_lit(o, "</h2>");
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/levels\" id=\"assessment-form\" novalidate>");
		form_csrf(r);
		form_fields(r, assessment_fields, shown, e != NULL, ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Save assessment"));
		html_lit(o, "</button></form>");
	}
	return page_end(r);
}

static json_t *
assessments_json(const struct language_assessment *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct language_assessment *l = &items[i];
		json_t *x = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:I,s:s,s:b}", "id", (json_int_t)l->id, "skill",
				      cefr_skill_name((enum cefr_skill)l->skill), "level", cefr_key((enum cefr)l->level),
				      "assessed_on", l->assessed_on, "source", l->source ? l->source : "", "method",
				      l->method ? l->method : "", "assessor_id", (json_int_t)l->assessor_id,
				      "assessor_name", l->assessor_name ? l->assessor_name : "", "group_id",
				      (json_int_t)l->group_id, "note", l->note ? l->note : "", "withdrawn",
				      l->withdrawn_at > 0);
		/* a withdrawn one: who, when and why (it counts nowhere) */
		if (x != NULL && l->withdrawn_at > 0) {
			json_object_set_new(x, "withdrawn_at", json_integer((json_int_t)l->withdrawn_at));
			json_object_set_new(x, "withdrawn_by_name",
					    json_string(l->withdrawn_by_name ? l->withdrawn_by_name : ""));
			json_object_set_new(x, "withdrawn_reason",
					    json_string(l->withdrawn_reason ? l->withdrawn_reason : ""));
		}
		json_array_append_new(arr, x);
	}
	return arr;
}

/* The current level per skill: the latest in force of each history. */
static json_t *
current_json(const struct language_assessment *items, size_t n)
{
	json_t *cur = json_object();
	for (int k = 0; k < SKILL_COUNT; k++) {
		const char *level = NULL;
		for (size_t i = 0; i < n; i++)
			if (items[i].skill == k && items[i].withdrawn_at <= 0)
				level = cefr_key((enum cefr)items[i].level);
		json_object_set_new(cur, cefr_skill_name((enum cefr_skill)k), level ? json_string(level) : json_null());
	}
	return cur;
}

/* GET /participants/:id/levels and /api/v1/participants/:id/levels. */
static int
h_levels(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct language_assessment *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_assessments(req_db(r), r->a, &actor, req_param_id(r, 0), &p, &items, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:o,s:o}", "current", current_json(items, n), "assessments",
						  assessments_json(items, n)));
	struct assessment_input blank;
	fields_clear(assessment_fields, &blank);
	blank.assessed_on = actor.today;
	return levels_page(r, &actor, &p, items, n, &blank, NULL, NULL);
}

/* POST /participants/:id/levels and its API twin. */
static int
h_assessment_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct outcome out = {0};
	int rc = app_participant(req_db(r), r->a, &actor, req_param_id(r, 0), PART_BIT(PART_SCHOOLING), ACT_WRITE, &p,
				 &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct assessment_input in;
	struct form_errors e = {0};
	if (!input_read(r, assessment_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_assessment_create(req_db(r), r->a, &actor, p.id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		if (!e.mistyped) {
			rc = app_assessment_check(req_db(r), r->a, &actor, p.id, &in, &out.errors);
			if (rc != SC_OK)
				return rc;
		}
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	struct language_assessment *items = NULL;
	size_t n = 0;
	struct outcome listed;
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, assessment_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		rc = app_assessments(req_db(r), r->a, &actor, p.id, &p, &items, &n, &listed);
		if (rc != SC_OK)
			return rc;
		return levels_page(r, &actor, &p, items, n, &in, &e, NULL);
	}
	if (r->wants_json) {
		rc = app_assessments(req_db(r), r->a, &actor, p.id, &p, &items, &n, &listed);
		if (rc != SC_OK)
			return rc;
		return api_send(r, 201, json_pack("{s:o,s:o}", "current", current_json(items, n), "assessments",
						  assessments_json(items, n)));
	}
	page_flash(r, "assessment-saved");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/levels", (long long)p.id));
}

/* POST /participants/:id/levels/:aid/withdraw and its API twin:
 * {"reason": "..."} (required). An assessment recorded by mistake is
 * withdrawn, not deleted: the API answers the levels as GET does. */
static int
h_assessment_withdraw(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct outcome out = {0};
	/* a participant the actor may not write is not found, whatever the body holds */
	int rc = app_participant(req_db(r), r->a, &actor, req_param_id(r, 0), PART_BIT(PART_SCHOOLING), ACT_WRITE, &p,
				 &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	int64_t id = req_param_id(r, 1);
	struct assessment_withdrawal in;
	struct form_errors e = {0};
	if (!input_read(r, assessment_withdrawal_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_assessment_withdraw(req_db(r), r->a, &actor, p.id, id, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		memset(&out, 0, sizeof out);
		out.refusal = REFUSED_INVALID;
	}
	struct language_assessment *items = NULL;
	size_t n = 0;
	struct outcome listed;
	if (out.refusal == REFUSED_INVALID) {
		rc = app_assessments(req_db(r), r->a, &actor, p.id, &p, &items, &n, &listed);
		if (rc != SC_OK)
			return rc;
		/* an assessment the participant does not have is not found,
		 * whatever the body holds: the errors would name a row that
		 * is not on the page */
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = items[i].id == id;
		if (!found)
			return req_error(r, 404, T(r, "The participant has no such assessment."));
		outcome_form_errors(r, &out, &e);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct assessment_input blank;
		fields_clear(assessment_fields, &blank);
		blank.assessed_on = actor.today;
		const struct withdrawal_shown w = {id, in.reason, &e};
		return levels_page(r, &actor, &p, items, n, &blank, NULL, &w);
	}
	if (out.refusal != DONE) {
		if (r->wants_json && out.refusal != REFUSED_NOT_FOUND)
			return answer_refused_json(r, &out, NULL);
		return req_error(r, outcome_status(&out), outcome_message(r, &out));
	}
	if (r->wants_json) {
		rc = app_assessments(req_db(r), r->a, &actor, p.id, &p, &items, &n, &listed);
		if (rc != SC_OK)
			return rc;
		return api_send(r, 200, json_pack("{s:o,s:o}", "current", current_json(items, n), "assessments",
						  assessments_json(items, n)));
	}
	page_flash(r, "assessment-withdrawn");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/levels", (long long)p.id));
}

/* The steps gained as the page says them: "+2", "0", "-1". */
static const char *
steps_text(struct req *r, int steps)
{
	return steps > 0 ? arena_printf(r->a, "+%d", steps) : arena_printf(r->a, "%d", steps);
}

/* GET /groups/:id/progress and its API twin: a row per participant
 * enrolled, by name, with their current level per skill, the steps gained
 * since their start in the programme and their latest assessment, for
 * whoever opens the group's registers. */
static int
h_group_progress(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t gid = req_param_id(r, 0);
	struct group_progress_row *rows = NULL;
	size_t n = 0;
	bool linked = false;
	struct outcome out;
	int rc = app_group_progress(req_db(r), r->a, &actor, gid, &rows, &n, &linked, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			const struct group_progress_row *x = &rows[i];
			json_t *levels = json_object();
			for (int k = 0; k < SKILL_COUNT; k++)
				json_object_set_new(levels, cefr_skill_name((enum cefr_skill)k),
						    x->p.current[k] == CEFR_NONE
							    ? json_null()
							    : json_string(cefr_key((enum cefr)x->p.current[k])));
			json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o,s:i,s:o}", "participant_id",
							     (json_int_t)x->participant_id, "given_name", x->given_name,
							     "family_name", x->family_name, "levels", levels,
							     "steps_gained", x->p.steps, "last_assessed_on",
							     x->p.last.y == 0 ? json_null()
									      : json_string(case_date_text(r, x->p.last))));
		}
		return api_send(r, 200, json_pack("{s:o}", "items", arr));
	}
	struct group g;
	rc = store_group_get(req_db(r), r->a, actor.centre_id, gid, actor.today, &g);
	if (rc != SC_OK)
		return rc;
	const char *title = arena_printf(r->a, "%s: %s", T(r, "Norwegian progress"), g.name);
	page_begin(r, title);
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, "</h1><p class=\"no-print\"><a href=\"/groups/");
	html_int(o, gid);
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the group"));
	html_lit(o, "</a></p>");
	page_p(r, N_("Everyone enrolled in the group, with their current level per skill, the CEFR steps gained "
		     "since their start in the programme, and the day of their latest assessment. A withdrawn "
		     "assessment counts nowhere."));
	if (n == 0) {
		page_p(r, N_("No one is enrolled."));
		return page_end(r);
	}
	html_lit(o, "<table id=\"group-progress\"><caption>");
	html_text(o, arena_printf(r->a, T(r, "As of %s"), case_date_text(r, actor.today)));
	html_lit(o, "</caption><thead><tr>");
	page_th(r, N_("Name"));
	for (int k = 0; k < SKILL_COUNT; k++)
		page_th(r, cefr_skill_label((enum cefr_skill)k));
	page_th(r, N_("Steps gained since the start"));
	page_th(r, N_("Latest assessment"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct group_progress_row *x = &rows[i];
		html_lit(o, "<tr id=\"progress-");
		html_int(o, x->participant_id);
		html_lit(o, "\"><th scope=\"row\">");
		if (linked) {
			html_lit(o, "<a href=\"/participants/");
			html_int(o, x->participant_id);
			html_lit(o, "\">");
		}
		html_text(o, case_name(r, x->given_name, x->family_name));
		if (linked)
			html_lit(o, "</a>");
		html_lit(o, "</th>");
		for (int k = 0; k < SKILL_COUNT; k++)
			page_td(r, x->p.current[k] == CEFR_NONE ? T(r, "Not assessed")
								 : cefr_key((enum cefr)x->p.current[k]));
		page_td(r, x->p.last.y == 0 ? "\xE2\x80\x94" : steps_text(r, x->p.steps));
		page_td(r, x->p.last.y == 0 ? "\xE2\x80\x94" : case_date_text(r, x->p.last));
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
	return page_end(r);
}

const struct route levels_routes[] = {
	BOTH(GET_HEAD, "/participants/:id/levels", "/api/v1/participants/:id/levels", h_levels,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/levels", "/api/v1/participants/:id/levels", h_assessment_create,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id/levels/:aid/withdraw", "/api/v1/participants/:id/levels/:aid/withdraw",
	     h_assessment_withdraw, NEED(RES_ACTIVITIES, ACT_WRITE)),
	BOTH(GET_HEAD, "/groups/:id/progress", "/api/v1/groups/:id/progress", h_group_progress,
	     NEED(RES_ATTENDANCE, ACT_READ)),
	ROUTES_END
};
