/*
 * plan_print.c — a work plan's saved versions and its printable copy to
 * read and sign (pages only; the plan's JSON is plans.c's).
 *
 * The queries are app/plan.h's (app_plan_version(), app_plan_print()),
 * which check access and audit the read.
 */
#include "case.h"
#include "plans_parts.h"
#include "resource.h"
#include "routes.h"
#include "app/plan.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <string.h>

/* ---- the saved versions and the printed plan ---- */

static void
print_text_block(struct req *r, const char *heading, const char *text)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2>");
	html_text(o, heading);
	html_lit(o, "</h2><p class=\"print-text\">");
	if (text != NULL && *text != '\0')
		html_lines(o, text);
	else
		html_lit(o, "\xE2\x80\x94");
	html_lit(o, "</p>");
}

static void
print_goals(struct req *r, const struct plan_view *v)
{
	struct buf *o = &r->out;
	const struct field *cat = &goal_fields.f[GOAL_F_CATEGORY], *target = &goal_fields.f[GOAL_F_TARGET_DATE],
			   *status = &goal_fields.f[GOAL_F_STATUS];
	const struct field *due = &goal_step_fields.f[1], *done = &goal_step_fields.f[2];
	html_lit(o, "<h2>");
	html_text(o, T(r, "My goals"));
	html_lit(o, "</h2>");
	if (v->ngoals == 0) {
		html_lit(o, "<p>\xE2\x80\x94</p>");
		return;
	}
	html_lit(o, "<ol class=\"print-goals\">");
	for (size_t i = 0; i < v->ngoals; i++) {
		const struct goal *g = &v->goals[i];
		html_lit(o, "<li><h3>");
		html_text(o, g->title);
		html_lit(o, "</h3><p>");
		html_text(o, field_shown(r, cat, g));
		html_lit(o, " \xC2\xB7 ");
		html_text(o, T(r, target->label));
		html_lit(o, ": ");
		plan_date_cell(o, plan_value_text(r, target, g));
		html_lit(o, " \xC2\xB7 ");
		html_text(o, field_shown(r, status, g));
		html_lit(o, "</p>");
		const struct goal_step *steps = g->steps.items;
		if (g->steps.n > 0) {
			html_lit(o, "<ul>");
			for (size_t k = 0; k < g->steps.n; k++) {
				const struct goal_step *s = &steps[k];
				html_lit(o, "<li>");
				html_text(o, s->description);
				if (field_given(due, s)) {
					html_lit(o, " \xE2\x80\x94 ");
					html_text(o, arena_printf(r->a, T(r, "by %s"), plan_value_text(r, due, s)));
				}
				if (field_given(done, s)) {
					html_lit(o, " \xE2\x80\x94 ");
					html_text(o, arena_printf(r->a, T(r, "done %s"), plan_value_text(r, done, s)));
				}
				html_lit(o, "</li>");
			}
			html_lit(o, "</ul>");
		}
		html_lit(o, "</li>");
	}
	html_lit(o, "</ol>");
}

/* GET /participants/:id/plan/print: the plan to read and sign. */
static int
h_plan_print(struct req *r)
{
	struct actor actor = req_actor(r);
	struct plan_view v;
	const char *contact_name = NULL;
	struct outcome out;
	int rc = app_plan_print(req_db(r), r->a, &actor, req_param_id(r, 0), &v, &contact_name, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	const char *name = case_name(r, v.p.given_name, v.p.family_name);
	struct buf *o = &r->out;
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Work plan"), name));
	html_lit(o, "<div class=\"print-plan\"><p class=\"no-print actions\"><a href=\"");
	html_text(o, plan_path(r, v.p.id, ""));
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the work plan"));
	html_lit(o, "</a> <button type=\"button\" data-print>");
	html_text(o, T(r, "Print"));
	html_lit(o, "</button> <span class=\"muted\">");
	html_text(o, T(r, "Or use the browser's Print command (Ctrl+P). Menus and buttons are left out of the printout."));
	html_lit(o, "</span></p><h1>");
	html_text(o, T(r, "Work plan"));
	html_lit(o, "</h1><dl class=\"record\"><dt>");
	html_text(o, T(r, "Participant"));
	html_lit(o, "</dt><dd>");
	html_text(o, v.p.given_name);
	html_lit(o, " ");
	html_text(o, v.p.family_name);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, "Born"));
	html_lit(o, "</dt><dd>");
	html_text(o, v.p.birth_date);
	html_lit(o, "</dd><dt>");
	html_text(o, T(r, "Contact person"));
	html_lit(o, "</dt><dd>");
	plan_date_cell(o, contact_name);
	html_lit(o, "</dd>");
	if (v.enrolled || v.ended) {
		html_lit(o, "<dt>");
		html_text(o, T(r, "Programme period"));
		html_lit(o, "</dt><dd>");
		html_text(o, case_date_text(r, v.period.start_date));
		html_lit(o, " \xE2\x80\x93 ");
		html_text(o, case_date_text(r, v.ended ? v.period.exit_date : v.period.planned_end));
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
	if (!v.enrolled && !v.ended) {
		plan_not_enrolled(r);
		html_lit(o, "</div>");
		return page_end(r);
	}
	const struct work_plan *wp = &v.plan;
	print_text_block(r, T(r, "My wishes"), wp->wishes);
	print_text_block(r, T(r, "My resources (Of course I can)"), wp->resources);
	print_goals(r, &v);
	const struct field *held = fields_find(plan_evaluation_fields, evaluation_done_fields.f[0].key);
	html_lit(o, "<h2>");
	html_text(o, T(r, "We will look at the plan together on"));
	html_lit(o, "</h2>");
	if (v.nevaluations == 0) {
		html_lit(o, "<p>\xE2\x80\x94</p>");
	} else {
		html_lit(o, "<ul>");
		for (size_t i = 0; i < v.nevaluations; i++) {
			const struct plan_evaluation *ev = &v.evaluations[i];
			html_lit(o, "<li>");
			html_text(o, case_date_text(r, ev->due_on));
			if (field_given(held, ev)) {
				html_lit(o, " (");
				html_text(o, arena_printf(r->a, T(r, "held %s"), plan_value_text(r, held, ev)));
				html_lit(o, ")");
			}
			html_lit(o, "</li>");
		}
		html_lit(o, "</ul>");
	}
	html_lit(o, "<p>");
	html_text(o, T(r, "Agreed on"));
	html_lit(o, ": ");
	if (wp->agreed_on.y != 0)
		html_text(o, case_date_text(r, wp->agreed_on));
	else
		html_lit(o, "______________________");
	html_lit(o, "</p><p class=\"muted\">");
	if (wp->version > 0)
		html_text(o, arena_printf(r->a, T(r, "Version %lld of the plan, printed %s."),
					  (long long)wp->version, case_date_text(r, actor.today)));
	html_lit(o, "</p><div class=\"signature\"><div>");
	html_text(o, T(r, "Participant's signature and date"));
	html_lit(o, "</div><div>");
	html_text(o, T(r, "Contact person's signature and date"));
	html_lit(o, "</div></div></div>");
	return page_end(r);
}

/* GET /participants/:id/plan/versions/:v: one saved version. */
static int
h_plan_version(struct req *r)
{
	struct actor actor = req_actor(r);
	struct plan_view v;
	struct plan_version pv;
	struct outcome out;
	int rc = app_plan_version(req_db(r), r->a, &actor, req_param_id(r, 0), req_param_id(r, 1), &v, &pv, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, 404, NULL);
	struct buf *o = &r->out;
	const char *title = arena_printf(r->a, T(r, "Version %lld"), (long long)pv.version);
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", title, case_name(r, v.p.given_name, v.p.family_name)));
	case_header(r, &v.p, "plan");
	html_lit(o, "<p><a href=\"");
	html_text(o, plan_path(r, v.p.id, ""));
	html_lit(o, "\">");
	html_text(o, T(r, "Back to the work plan"));
	html_lit(o, "</a></p><h2>");
	html_text(o, arena_printf(r->a, T(r, "Work plan, version %lld"), (long long)pv.version));
	html_lit(o, "</h2><p class=\"muted\">");
	if (pv.saved_by_name[0] != '\0')
		html_text(o, arena_printf(r->a, T(r, "Saved by %s at %s."), pv.saved_by_name, plan_when_text(r, pv.saved_at)));
	else
		html_text(o, arena_printf(r->a, T(r, "Saved at %s."), plan_when_text(r, pv.saved_at)));
	if (pv.version == v.plan.version) {
		html_lit(o, " ");
		html_text(o, T(r, "This is the current version."));
	}
	html_lit(o, "</p>");
	struct work_plan as_saved;
	plan_of_version(&pv, &as_saved);
	plan_dl(r, &as_saved);
	page_muted(r, T(r, "Goals keep their own history: open a goal to see how it changed."));
	return page_end(r);
}

const struct route plan_print_routes[] = {
	PAGE(GET_HEAD, "/participants/:id/plan/print", h_plan_print, NEED(RES_WORKPLANS, ACT_READ)),
	PAGE(GET_HEAD, "/participants/:id/plan/versions/:v", h_plan_version, NEED(RES_WORKPLANS, ACT_READ)),
	ROUTES_END
};
