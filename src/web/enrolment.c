/*
 * enrolment.c — programme periods: a participant's Enrolment tab (the
 * current or latest period with its extensions and pauses, the forms that
 * extend, pause, resume and end it, the other periods) and its /api/v1/
 * twin; a pause's page, whose form changes its days; a period started
 * through the API for someone already in the programme; and the exit
 * through the API by participant.
 *
 * The records and their fields are declared in domain/enrolment.h; the
 * commands and queries are app/enrolment.c's. A period is changed by a
 * leader (RES_CASELOADS write) and ended by a leader or the participant's
 * own contact person (RES_PARTICIPANTS write; the relationship is checked
 * per participant). The page's forms carry a prefix ("extend_reason",
 * "exit_date"); the API uses the domain's keys.
 */
#include "case.h"
#include "change.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/enrolment.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

static const char *
shown(struct req *r, struct fields fs, const char *key, const void *rec)
{
	const struct field *f = fields_find(fs, key);
	return f != NULL ? field_shown(r, f, rec) : "";
}

/* ---- JSON ---- */

static json_t *
period_json(const struct enrolment_record *rec)
{
	json_t *j = change_record_json(enrolment_fields, &rec->period);
	json_t *xa = json_array();
	for (size_t i = 0; i < rec->nextensions; i++) {
		const struct enrolment_extension *x = &rec->extensions[i];
		char old_end[11], new_end[11];
		date_format(x->old_end, old_end);
		date_format(x->new_end, new_end);
		json_array_append_new(xa, json_pack("{s:s, s:s, s:s, s:I}", "old_end", old_end, "new_end", new_end,
						    "reason", x->reason, "user_id", (json_int_t)x->user_id));
	}
	json_object_set_new(j, "extensions", xa);
	json_t *pa = json_array();
	for (size_t i = 0; i < rec->npauses; i++) {
		const struct enrolment_pause *p = &rec->pauses[i];
		char from[11], to[11];
		date_format(p->from_date, from);
		date_format(p->to_date, to);
		json_array_append_new(pa, json_pack("{s:I, s:s, s:o, s:s, s:I}", "id", (json_int_t)p->id, "from", from,
						    "to", p->to_date.y ? json_string(to) : json_null(), "reason",
						    p->reason, "user_id", (json_int_t)p->user_id));
	}
	json_object_set_new(j, "pauses", pa);
	json_t *fa = json_array();
	for (size_t i = 0; i < rec->nfollowups; i++) {
		const struct followup_task *t = &rec->followups[i];
		char due[11];
		date_format(t->due_on, due);
		json_array_append_new(fa, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)t->id, "kind", t->kind,
						    "due_on", due, "assignee_id",
						    t->assignee_id ? json_integer(t->assignee_id) : json_null()));
	}
	json_object_set_new(j, "followups", fa);
	return j;
}

/* ---- the page ---- */

/* The form of each change: its id, action, the prefix of its fields on the
 * page, its audit and flash words. */
enum period_change { PC_EXTEND, PC_PAUSE, PC_RESUME, PC_EXIT, PC_COUNT };

static const struct {
	const char *form, *path, *prefix, *flash;
} period_changes[PC_COUNT] = {
	[PC_EXTEND] = {"extend-form", "extend", "extend_", "extended"},
	[PC_PAUSE] = {"pause-form", "pause", "pause_", "paused"},
	[PC_RESUME] = {"resume-form", "resume", "resume_", "resumed"},
	[PC_EXIT] = {"exit-form", "exit", "exit_", "exited"},
};

static const struct field_ui change_ui[] = {
	{.key = "extend_reason", .rows = 3},
	{.key = "pause_reason", .rows = 3},
	{.key = "exit_reason", .rows = 3},
	{.key = "exit_outcome", .empty = N_("Choose the outcome")},
	{0},
};

static void
change_open(struct req *r, const struct enrolment *e, enum period_change pc, const char *heading)
{
	html_lit(&r->out, "<section><h3>");
	html_text(&r->out, heading);
	html_lit(&r->out, "</h3>");
	change_form_open(r, period_changes[pc].form,
			 arena_printf(r->a, "/enrolments/%lld/%s", (long long)e->id, period_changes[pc].path));
	change_version_input(r, e->version);
}

/* The forms the actor may use on a period that is not exited; posted is
 * the change whose form was posted (its fields show what was sent), or -1. */
static void
period_forms(struct req *r, const struct actor *actor, const struct participant_brief *p, const struct enrolment *e,
	     const struct form_errors *err, int posted)
{
	struct buf *o = &r->out;
	bool period = (app_parts(actor, p, ACT_WRITE) & PART_BIT(PART_PERIOD)) != 0;
	bool can_lead = period && access_allows(actor->roles, RES_CASELOADS, ACT_WRITE);
	bool can_exit = period && access_allows(actor->roles, RES_PARTICIPANTS, ACT_WRITE);
	if (!can_lead && !can_exit)
		return;
	html_lit(o, "<div class=\"actions\">");
	if (can_lead) {
		struct enrolment_extension x;
		fields_clear(enrolment_extension_fields, &x);
		change_open(r, e, PC_EXTEND, T(r, "Extend"));
		form_fields(r, change_fields(enrolment_extension_fields, period_changes[PC_EXTEND].prefix), &x,
			    posted == PC_EXTEND, change_ui, err);
		change_form_end(r, T(r, "Extend"), false);
		html_lit(o, "</section>");
		if (e->status == ENROLMENT_ACTIVE) {
			struct enrolment_pause_input in;
			fields_clear(enrolment_pause_input_fields, &in);
			in.from = actor->today;
			change_open(r, e, PC_PAUSE, T(r, "Pause"));
			form_fields(r, change_fields(enrolment_pause_input_fields, period_changes[PC_PAUSE].prefix), &in,
				    posted == PC_PAUSE, change_ui, err);
			change_form_end(r, T(r, "Pause"), false);
		} else {
			struct enrolment_resume in = {actor->today};
			change_open(r, e, PC_RESUME, T(r, "Resume"));
			form_fields(r, change_fields(enrolment_resume_fields, period_changes[PC_RESUME].prefix), &in,
				    posted == PC_RESUME, change_ui, err);
			change_form_end(r, T(r, "Resume"), false);
		}
		html_lit(o, "</section>");
	}
	if (can_exit) {
		struct enrolment_exit in;
		fields_clear(enrolment_exit_fields, &in);
		in.date = actor->today;
		change_open(r, e, PC_EXIT, T(r, "Exit"));
		form_fields(r, change_fields(enrolment_exit_fields, period_changes[PC_EXIT].prefix), &in, posted == PC_EXIT,
			    change_ui, err);
		page_muted(r, T(r, "Follow-ups 6 and 12 months after the exit are created for the contact person."));
		change_form_end(r, T(r, "Register exit"), true);
		html_lit(o, "</section>");
	}
	html_lit(o, "</div>");
}

/* The Enrolment tab (audited as read): the current period, else the
 * latest, with its history and forms; then the other periods. */
static int
enrolment_page(struct req *r, int64_t participant_id, const struct form_errors *err, const char *alert, int posted)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct enrolment_record *list = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_enrolments(req_db(r), r->a, &actor, participant_id, &p, &list, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	const struct enrolment_record *shown_rec = n > 0 ? &list[0] : NULL;
	for (size_t i = 0; i < n; i++) {
		if (list[i].period.status != ENROLMENT_EXITED) {
			shown_rec = &list[i];
			break;
		}
	}
	page_begin(r, case_name(r, p.given_name, p.family_name));
	case_header(r, &p, "enrolment");
	struct buf *o = &r->out;
	change_alert(r, alert);
	form_error_summary(r, err);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Programme period"));
	html_lit(o, "</h2>");
	if (shown_rec == NULL) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No programme period yet: it starts when an offer is accepted."));
		if ((app_parts(&actor, &p, ACT_READ) & PART_BIT(PART_INTAKE)) &&
		    access_allows(actor.roles, RES_INTAKE, ACT_READ)) {
			html_lit(o, " <a href=\"/participants/");
			html_int(o, p.id);
			html_lit(o, "/intake\">");
			html_text(o, T(r, "Intake"));
			html_lit(o, "</a>");
		}
		html_lit(o, "</p>");
		return page_end(r);
	}
	const struct enrolment *e = &shown_rec->period;
	const char *status = enrolment_status_key((enum enrolment_status)e->status);
	html_lit(o, "<dl class=\"record\" id=\"period\">");
	change_dl(r, T(r, "Start"), shown(r, enrolment_fields, "start_date", e));
	change_dl(r, T(r, "Planned end"), shown(r, enrolment_fields, "planned_end", e));
	change_dl(r, T(r, "Longest possible end"), shown(r, enrolment_fields, "longest_end", e));
	html_lit(o, "<dt>");
	html_text(o, T(r, "Status"));
	html_lit(o, "</dt><dd><span class=\"status status-");
	html_text(o, status ? status : "");
	html_lit(o, "\" id=\"period-status\">");
	html_text(o, shown(r, enrolment_fields, "status", e));
	html_lit(o, "</span></dd>");
	if (e->exit_date.y != 0) {
		change_dl(r, T(r, "Exit date"), shown(r, enrolment_fields, "exit_date", e));
		change_dl(r, T(r, "Exit reason"), e->exit_reason);
		change_dl(r, T(r, "Outcome"), shown(r, enrolment_fields, "outcome", e));
	}
	html_lit(o, "</dl>");
	if (shown_rec->nextensions > 0) {
		html_lit(o, "<h3>");
		html_text(o, T(r, "Extensions"));
		html_lit(o, "</h3><table id=\"extensions\"><thead><tr>");
		change_th(r, T(r, "When"));
		change_th(r, T(r, "Planned end"));
		change_th(r, T(r, "Reason"));
		change_th(r, T(r, "By"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < shown_rec->nextensions; i++) {
			const struct enrolment_extension *x = &shown_rec->extensions[i];
			html_lit(o, "<tr>");
			change_td(r, change_moment(r, x->at));
			html_lit(o, "<td>");
			html_text(o, shown(r, enrolment_extension_fields, "old_end", x));
			html_lit(o, " \xE2\x86\x92 ");
			html_text(o, shown(r, enrolment_extension_fields, "new_end", x));
			html_lit(o, "</td><td>");
			html_lines(o, x->reason);
			html_lit(o, "</td>");
			change_td(r, x->user_name);
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (shown_rec->npauses > 0) {
		/* a leader changes a pause's days on a page of its own */
		bool can_change = (app_parts(&actor, &p, ACT_WRITE) & PART_BIT(PART_PERIOD)) &&
				  access_allows(actor.roles, RES_CASELOADS, ACT_WRITE);
		html_lit(o, "<h3>");
		html_text(o, T(r, "Pauses"));
		html_lit(o, "</h3><table id=\"pauses\"><thead><tr>");
		change_th(r, T(r, "From"));
		change_th(r, T(r, "Until"));
		change_th(r, T(r, "Reason"));
		change_th(r, T(r, "By"));
		if (can_change) {
			html_lit(o, "<th scope=\"col\"><span class=\"visually-hidden\">");
			html_text(o, T(r, "Change"));
			html_lit(o, "</span></th>");
		}
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < shown_rec->npauses; i++) {
			const struct enrolment_pause *pa = &shown_rec->pauses[i];
			html_lit(o, "<tr>");
			change_td(r, shown(r, enrolment_pause_fields, "from_date", pa));
			change_td(r, pa->to_date.y ? shown(r, enrolment_pause_fields, "to_date", pa) : T(r, "until resumed"));
			html_lit(o, "<td>");
			html_lines(o, pa->reason);
			html_lit(o, "</td>");
			change_td(r, pa->user_name);
			if (can_change) {
				html_lit(o, "<td><a href=\"/enrolments/");
				html_int(o, e->id);
				html_lit(o, "/pauses/");
				html_int(o, pa->id);
				html_lit(o, "\">");
				html_text(o, T(r, "Change"));
				html_lit(o, "</a></td>");
			}
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (e->status != ENROLMENT_EXITED)
		period_forms(r, &actor, &p, e, err, posted);
	if (n > 1) {
		html_lit(o, "<h3>");
		html_text(o, T(r, "Other programme periods"));
		html_lit(o, "</h3><table id=\"periods\"><thead><tr>");
		change_th(r, T(r, "Start"));
		change_th(r, T(r, "Planned end"));
		change_th(r, T(r, "Status"));
		change_th(r, T(r, "Exit date"));
		change_th(r, T(r, "Outcome"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct enrolment *other = &list[i].period;
			if (other == e)
				continue;
			html_lit(o, "<tr>");
			change_td(r, shown(r, enrolment_fields, "start_date", other));
			change_td(r, shown(r, enrolment_fields, "planned_end", other));
			change_td(r, shown(r, enrolment_fields, "status", other));
			change_td(r, shown(r, enrolment_fields, "exit_date", other));
			change_td(r, shown(r, enrolment_fields, "outcome", other));
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	return page_end(r);
}

/* GET /participants/:id/enrolment and /api/v1/participants/:id/enrolment. */
static int
h_participant_enrolment(struct req *r)
{
	if (!r->wants_json)
		return enrolment_page(r, req_param_id(r, 0), NULL, NULL, -1);
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct enrolment_record *list = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_enrolments(req_db(r), r->a, &actor, req_param_id(r, 0), &p, &list, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	json_t *current = json_null();
	for (size_t i = 0; i < n; i++) {
		json_t *one = period_json(&list[i]);
		if (json_is_null(current) && list[i].period.status != ENROLMENT_EXITED) {
			json_decref(current);
			current = json_incref(one);
		}
		json_array_append_new(arr, one);
	}
	return api_send(r, 200, json_pack("{s:I, s:o, s:o}", "participant_id", (json_int_t)p.id, "current", current,
					  "enrolments", arr));
}

/* ---- the changes ---- */

/* What a change may say: its messages are the same for every change. */
static const char *
conflict_text(struct req *r)
{
	if (r->wants_json)
		return T(r, "The programme period changed before your change was saved (someone else "
			    "saved first, or it has ended). Nothing was saved.");
	return T(r, "The programme period changed before your change was saved (someone else "
		    "saved first, or it has ended). Nothing was saved; the page shows it as it is "
		    "now, and the form keeps what you entered.");
}

/* Answers an API call with period id as a GET of it reads it, with status. */
static int
period_answer(struct req *r, struct db *db, const struct actor *actor, int64_t id, int status)
{
	struct enrolment_record rec;
	struct outcome again;
	int rc = app_enrolment(db, r->a, actor, id, &rec, &again);
	if (rc != SC_OK)
		return rc;
	return api_send(r, status, period_json(&rec));
}

/* Answers a change of period id (the route's, or the participant's current
 * one) as its form or its API call. */
static int
period_change(struct req *r, enum period_change pc, int64_t id)
{
	struct actor actor = req_actor(r);
	union {
		struct enrolment_extension extend;
		struct enrolment_pause_input pause;
		struct enrolment_resume resume;
		struct enrolment_exit exit;
	} in;
	static const struct fields *const fields_of[PC_COUNT] = {
		[PC_EXTEND] = &enrolment_extension_fields,
		[PC_PAUSE] = &enrolment_pause_input_fields,
		[PC_RESUME] = &enrolment_resume_fields,
		[PC_EXIT] = &enrolment_exit_fields,
	};
	const char *today = case_date_text(r, actor.today);
	if (pc == PC_PAUSE)
		change_json_default(r, "from", today);
	else if (pc == PC_RESUME || pc == PC_EXIT)
		change_json_default(r, "date", today);
	struct form_errors e = {0};
	int64_t version = 0;
	int rc = SC_OK;
	if (!change_read(r, *fields_of[pc], period_changes[pc].prefix, NULL, &in, &version, &e, &rc))
		return rc;
	struct db *db = req_db(r);
	struct enrolment period;
	struct outcome out = {0};
	if (e.n > 0 || version < 0) {
		rc = app_enrolment_find(db, r->a, &actor, id, ACT_WRITE, &period, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE && version < 0)
			return req_error(r, 400, NULL);
		if (out.refusal == DONE)
			out.refusal = REFUSED_INVALID;
	} else {
		switch (pc) {
		case PC_EXTEND:
			rc = app_enrolment_extend(db, r->a, &actor, id, version, &in.extend, &period, &out);
			break;
		case PC_PAUSE:
			rc = app_enrolment_pause(db, r->a, &actor, id, version, &in.pause, &period, &out);
			break;
		case PC_RESUME:
			rc = app_enrolment_resume(db, r->a, &actor, id, version, &in.resume, &period, &out);
			break;
		default:
			rc = app_enrolment_exit(db, r->a, &actor, id, version, &in.exit, NULL, &period, &out);
			break;
		}
		if (rc != SC_OK)
			return rc;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == DONE && r->wants_json)
		return period_answer(r, db, &actor, id, 200);
	if (out.refusal == DONE) {
		/* a pause over by today, recorded after the fact: the period stays active */
		page_flash(r, pc == PC_PAUSE && period.status == ENROLMENT_ACTIVE ? "pause-recorded"
										   : period_changes[pc].flash);
		return req_redirect(r, arena_printf(r->a, "/participants/%lld/enrolment", (long long)period.participant_id));
	}
	if (out.refusal == REFUSED_INVALID) {
		change_errors(r, &out.errors, r->wants_json ? "" : period_changes[pc].prefix, &e);
		if (r->wants_json)
			return case_api_invalid(r, &e);
		r->status = 422;
		return enrolment_page(r, period.participant_id, &e, NULL, pc);
	}
	/* a conflict with a record the change names (an exit before the first
	 * day of a placement whose result is recorded): its words, beside its
	 * field on the page */
	if (out.refusal == REFUSED_STATE && out.errors.n > 0) {
		change_errors(r, &out.errors, r->wants_json ? "" : period_changes[pc].prefix, &e);
		if (r->wants_json)
			return api_error(r, 409, "conflict", outcome_message(r, &out), case_errors_json(&e));
		r->status = 409;
		return enrolment_page(r, period.participant_id, &e, NULL, pc);
	}
	if (r->wants_json)
		return api_error(r, 409, "conflict", conflict_text(r), NULL);
	r->status = 409;
	return enrolment_page(r, period.participant_id, NULL, conflict_text(r), pc);
}

static int
h_enrolment_extend(struct req *r)
{
	return period_change(r, PC_EXTEND, req_param_id(r, 0));
}

static int
h_enrolment_pause(struct req *r)
{
	return period_change(r, PC_PAUSE, req_param_id(r, 0));
}

static int
h_enrolment_resume(struct req *r)
{
	return period_change(r, PC_RESUME, req_param_id(r, 0));
}

static int
h_enrolment_exit(struct req *r)
{
	return period_change(r, PC_EXIT, req_param_id(r, 0));
}

/* POST /api/v1/participants/:id/enrolment/exit: the current period. */
static int
h_participant_exit(struct req *r)
{
	struct actor actor = req_actor(r);
	struct outcome out;
	int64_t id = 0;
	int rc = app_enrolment_current(req_db(r), r->a, &actor, req_param_id(r, 0), &id, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE)
		return api_error(r, 409, "conflict", outcome_message(r, &out), NULL);
	return period_change(r, PC_EXIT, id);
}

/* ---- a pause's days ---- */

/* The page of pause pause_id of period id: its days in a form (posted:
 * as sent, with err beside them), alert above (may be NULL). 404 when the
 * reader may not change the participant's periods or the period has no
 * such pause. */
static int
pause_page(struct req *r, int64_t id, int64_t pause_id, bool posted, const struct form_errors *err,
	   const char *alert)
{
	struct actor actor = req_actor(r);
	struct db *db = req_db(r);
	struct enrolment period;
	struct participant_brief p;
	struct enrolment_record *list = NULL;
	size_t n = 0;
	struct outcome out;
	/* the period's participant written, then read as the tab reads it
	 * (audited "enrolment.read") */
	int rc = app_enrolment_find(db, r->a, &actor, id, ACT_WRITE, &period, &out);
	if (rc == SC_OK && out.refusal == DONE)
		rc = app_participant_enrolments(db, r->a, &actor, period.participant_id, &p, &list, &n, &out);
	if (rc != SC_OK)
		return rc;
	const struct enrolment_record *rec = NULL;
	for (size_t i = 0; out.refusal == DONE && i < n; i++)
		if (list[i].period.id == id)
			rec = &list[i];
	const struct enrolment_pause *pa = NULL;
	for (size_t i = 0; rec != NULL && i < rec->npauses; i++)
		if (rec->pauses[i].id == pause_id)
			pa = &rec->pauses[i];
	if (pa == NULL)
		return req_error(r, 404, NULL);
	page_begin(r, case_name(r, p.given_name, p.family_name));
	case_header(r, &p, "enrolment");
	struct buf *o = &r->out;
	change_alert(r, alert);
	form_error_summary(r, err);
	html_lit(o, "<h2>");
	html_text(o, T(r, "The pause's days"));
	html_lit(o, "</h2><dl class=\"record\" id=\"pause\">");
	change_dl(r, T(r, "Reason"), pa->reason);
	change_dl(r, T(r, "By"), pa->user_name);
	html_lit(o, "</dl>");
	page_muted(r, T(r, "A day typed wrong is put right here. The registers, the self-certified sick days around "
			   "the days changed and the months whose benefits are approved follow."));
	change_form_open(r, "pause-change-form",
			 arena_printf(r->a, "/enrolments/%lld/pauses/%lld", (long long)id, (long long)pause_id));
	change_version_input(r, rec->period.version);
	struct enrolment_pause_input in = {pa->from_date, pa->to_date, NULL};
	form_fields(r, enrolment_pause_change_fields, &in, posted, NULL, err);
	change_form_end(r, T(r, "Save changes"), false);
	html_lit(o, "<p><a href=\"/participants/");
	html_int(o, p.id);
	html_lit(o, "/enrolment\">");
	html_text(o, T(r, "Programme period"));
	html_lit(o, "</a></p>");
	return page_end(r);
}

/* GET /enrolments/:id/pauses/:pid: the form of a pause's days. */
static int
h_pause(struct req *r)
{
	return pause_page(r, req_param_id(r, 0), req_param_id(r, 1), false, NULL, NULL);
}

/* POST /enrolments/:id/pauses/:pid and its /api/v1/ twin: a pause's days
 * changed, {"from", "to" (null: until resumed), "version"}; the API
 * answers the period as GET does its current one. */
static int
h_pause_change(struct req *r)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0), pause_id = req_param_id(r, 1);
	struct enrolment_pause_input in;
	fields_clear(enrolment_pause_input_fields, &in);
	struct form_errors e = {0};
	int64_t version = 0;
	int rc = SC_OK;
	if (!change_read(r, enrolment_pause_change_fields, "", NULL, &in, &version, &e, &rc))
		return rc;
	in.reason = NULL;
	struct db *db = req_db(r);
	struct enrolment period;
	struct outcome out = {0};
	if (e.n > 0 || version < 0) {
		rc = app_enrolment_find(db, r->a, &actor, id, ACT_WRITE, &period, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE && version < 0)
			return req_error(r, 400, NULL);
		if (out.refusal == DONE)
			out.refusal = REFUSED_INVALID;
	} else {
		rc = app_enrolment_pause_change(db, r->a, &actor, id, pause_id, version, &in, &period, &out);
		if (rc != SC_OK)
			return rc;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == DONE && r->wants_json)
		return period_answer(r, db, &actor, id, 200);
	if (out.refusal == DONE) {
		page_flash(r, "pause-changed");
		return req_redirect(r, arena_printf(r->a, "/participants/%lld/enrolment", (long long)period.participant_id));
	}
	if (out.refusal == REFUSED_INVALID) {
		change_errors(r, &out.errors, "", &e);
		form_errors_order(&e, enrolment_pause_change_fields);
		if (r->wants_json)
			return case_api_invalid(r, &e);
		r->status = 422;
		return pause_page(r, id, pause_id, true, &e, NULL);
	}
	if (r->wants_json)
		return api_error(r, 409, "conflict", conflict_text(r), NULL);
	r->status = 409;
	return pause_page(r, id, pause_id, true, NULL, conflict_text(r));
}

/*
 * POST /api/v1/participants/:id/enrolment: a period started without a
 * referral, for people already in the programme when the centre moves in:
 * {"start_date", "planned_end", "contact_id"} (all optional: today, two
 * years, the contact person they have).
 */
static int
h_enrolment_start(struct req *r)
{
	struct actor actor = req_actor(r);
	change_json_default(r, "start_date", case_date_text(r, actor.today));
	struct enrolment_start in;
	struct form_errors e = {0};
	int rc = SC_OK;
	if (!input_read(r, enrolment_start_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	struct db *db = req_db(r);
	if (e.n == 0) {
		rc = app_enrolment_start(db, r->a, &actor, req_param_id(r, 0), &in, &out);
	} else {
		struct participant_brief p;
		rc = app_participant(db, r->a, &actor, req_param_id(r, 0), PART_BIT(PART_PERIOD), ACT_WRITE, &p, &out);
		if (rc == SC_OK && out.refusal == DONE)
			out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	switch (out.refusal) {
	case DONE:
		break;
	case REFUSED_NOT_FOUND:
		return req_error(r, 404, NULL);
	case REFUSED_INVALID:
		outcome_form_errors(r, &out, &e);
		return case_api_invalid(r, &e);
	case REFUSED_FULL:
		outcome_form_errors(r, &out, &e);
		return api_error(r, 409, "cap_reached", T(r, "The contact person's caseload is full."), case_errors_json(&e));
	default:
		return api_error(r, 409, "conflict", outcome_message(r, &out), NULL);
	}
	return period_answer(r, db, &actor, out.id, 201);
}

/* A period is read with the participant's records; extended, paused,
 * resumed and its pauses' days changed by a leader (RES_CASELOADS write); ended by a leader or the
 * participant's own contact person (RES_PARTICIPANTS write). */
const struct route enrolment_routes[] = {
	BOTH(GET_HEAD, "/participants/:id/enrolment", "/api/v1/participants/:id/enrolment", h_participant_enrolment,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	API(M_POST, "/api/v1/participants/:id/enrolment", h_enrolment_start, NEED(RES_CASELOADS, ACT_WRITE)),
	API(M_POST, "/api/v1/participants/:id/enrolment/exit", h_participant_exit, NEED(RES_PARTICIPANTS, ACT_WRITE)),
	BOTH(M_POST, "/enrolments/:id/extend", "/api/v1/enrolments/:id/extend", h_enrolment_extend,
	     NEED(RES_CASELOADS, ACT_WRITE)),
	BOTH(M_POST, "/enrolments/:id/pause", "/api/v1/enrolments/:id/pause", h_enrolment_pause,
	     NEED(RES_CASELOADS, ACT_WRITE)),
	BOTH(M_POST, "/enrolments/:id/resume", "/api/v1/enrolments/:id/resume", h_enrolment_resume,
	     NEED(RES_CASELOADS, ACT_WRITE)),
	PAGE(GET_HEAD, "/enrolments/:id/pauses/:pid", h_pause, NEED(RES_CASELOADS, ACT_WRITE)),
	BOTH(M_POST, "/enrolments/:id/pauses/:pid", "/api/v1/enrolments/:id/pauses/:pid", h_pause_change,
	     NEED(RES_CASELOADS, ACT_WRITE)),
	BOTH(M_POST, "/enrolments/:id/exit", "/api/v1/enrolments/:id/exit", h_enrolment_exit,
	     NEED(RES_PARTICIPANTS, ACT_WRITE)),
	ROUTES_END
};
