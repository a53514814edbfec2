/*
 * meetings.c — a participant's follow-up page (drawn by followup.c) and
 * the meeting log's /api/v1/ twin; logging a meeting; one meeting's page
 * (its edit form, its removal and its history) and its twin. The
 * follow-up page also holds
 * the follow-ups after exit (tasks.c) and the referrals to health staff
 * (health.c). Meetings are declared in domain/meeting.h, kept by
 * store/store_meeting.c and read and logged through app/meeting.c.
 */
#include "case.h"
#include "followup.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/meeting.h"
#include "app/task.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>


/* GET /participants/:id/meetings and /api/v1/participants/:id/meetings. */
static int
h_meetings(struct req *r)
{
	struct followup_view v = {.page = 1};
	int64_t per_page = MEETINGS_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &v.page, &per_page, &rc))
		return rc;
	v.per_page = per_page;
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return followup_page(r, &actor, req_param_id(r, 0), &v);
	struct participant_brief p;
	struct meeting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	struct meeting_removed *removed = NULL;
	size_t nremoved = 0;
	rc = app_meetings(req_db(r), r->a, &actor, req_param_id(r, 0), v.page, per_page, &p, &items, &n, &total,
			  &removed, &nremoved, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json_texts(meeting_fields, &items[i], PARTS_ALL));
	json_t *j = api_page_json(arr, v.page, per_page, total);
	json_t *gone = json_array();
	for (size_t i = 0; i < nremoved; i++)
		json_array_append_new(gone, json_pack("{s:I, s:s, s:I, s:I, s:s, s:s}", "id",
						      (json_int_t)removed[i].meeting_id, "held_on", removed[i].held_on,
						      "removed_at", (json_int_t)removed[i].at, "removed_by",
						      (json_int_t)removed[i].user_id, "removed_by_name",
						      removed[i].user_name, "reason", removed[i].reason));
	json_object_set_new(j, "removed", gone);
	return api_send(r, 200, j);
}

/* POST /participants/:id/meetings and /api/v1/participants/:id/meetings. */
static int
h_meeting_create(struct req *r)
{
	/* Who may write comes first: a participant not the actor's is not
	 * there, whatever the body holds. */
	struct actor actor = req_actor(r);
	struct participant_brief p;
	int rc = SC_OK;
	if (!req_participant(r, &actor, PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p, &rc))
		return rc;
	struct outcome out = {0};
	struct meeting in;
	fields_clear(meeting_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, meeting_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_meeting_create(req_db(r), r->a, &actor, p.id, &in, &p, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* Some fields could not be read: the rules of the others are
		 * said with them. */
		memset(&out, 0, sizeof out);
		app_meeting_check(&actor, &p, &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, meeting_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct followup_view v = {.page = 1, .meeting_errors = &e};
		return followup_page(r, &actor, p.id, &v);
	}
	return answer_done(r, 201, record_json_texts(meeting_fields, &in, PARTS_ALL),
			   arena_printf(r->a, "/participants/%lld/meetings", (long long)p.id), "meeting-logged");
}

/* ---- one meeting: edit, remove, history ---- */

/* What the meeting's page shows besides the meeting. */
struct meeting_view {
	int64_t version;                      /* of the forms */
	const struct form_errors *edit_errors;    /* a refused edit: its input kept */
	const struct form_errors *remove_errors;  /* a refused removal: its input kept */
	const char *notice;                   /* a stale form's message */
};

/* A value of the change log (field_text()'s words) as the page shows it:
 * the option's label, "Yes"/"No", the date; a dash for nothing. */
static const char *
change_shown(struct req *r, const struct field *f, const char *text)
{
	if (f == NULL)
		return page_or_dash(text);
	struct meeting tmp;
	fields_clear(meeting_fields, &tmp);
	struct field_errors e = {0};
	if (text == NULL || text[0] == '\0' || !field_read_text(f, text, &tmp, r->a, &e) || e.n > 0)
		return page_or_dash(text);
	return page_or_dash(field_shown(r, f, &tmp));
}

/* The meeting's history: who logged it, then each edit (what changed, old
 * and new). */
static void
history_section(struct req *r, const struct meeting *m, const struct meeting_change *changes, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"history\">");
	page_heading(r, "h2", "history", T(r, "History"));
	html_lit(o, "<ol id=\"meeting-history\"><li>");
	html_text(o, arena_printf(r->a, T(r, "Logged %s by %s"), page_moment(r, m->created_at),
				  m->author_name[0] ? m->author_name : T(r, "Unknown")));
	html_lit(o, "</li>");
	for (size_t i = 0; i < n; i++) {
		const struct meeting_change *c = &changes[i];
		html_lit(o, "<li>");
		html_text(o, arena_printf(r->a, T(r, "Version %lld, %s, by %s"), (long long)c->version,
					  page_moment(r, c->at), c->user_name[0] ? c->user_name : T(r, "Unknown")));
		html_lit(o, "<ul class=\"change-values\">");
		for (size_t k = 0; k < c->nvalues; k++) {
			const struct field *f = fields_find(meeting_fields, c->values[k].field);
			html_lit(o, "<li>");
			html_text(o, f != NULL ? T(r, f->label) : c->values[k].field);
			html_lit(o, ": <span class=\"old-value\">");
			html_text(o, change_shown(r, f, c->values[k].old_value));
			html_lit(o, "</span> \xE2\x86\x92 <span class=\"new-value\">");
			html_text(o, change_shown(r, f, c->values[k].new_value));
			html_lit(o, "</span></li>");
		}
		html_lit(o, "</ul></li>");
	}
	html_lit(o, "</ol></section>");
}

/* GET /participants/:id/meetings/:mid's page, or a refused form's: the
 * meeting (a form to edit it for whoever may), the form to remove it, and
 * its history. shown: the meeting as stored (the edit form shows what was
 * posted after a refused edit). */
static int
meeting_page(struct req *r, const struct participant_brief *p, const struct meeting *shown,
	     const struct meeting_change *changes, size_t nchanges, const struct meeting_view *v)
{
	struct buf *o = &r->out;
	const struct field *held_on = fields_find(meeting_fields, "held_on");
	const char *title = arena_printf(r->a, T(r, "Meeting on %s"), field_shown(r, held_on, shown));
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", title, case_name(r, p->given_name, p->family_name)));
	case_header(r, p, "meetings");
	html_lit(o, "<p class=\"no-print\"><a href=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/meetings\">");
	html_text(o, T(r, "Back to the follow-up"));
	html_lit(o, "</a></p>");
	page_heading(r, "h2", "meeting", title);
	if (v->notice != NULL) {
		html_lit(o, "<p class=\"error-box\" id=\"meeting-notice\" role=\"alert\">");
		html_text(o, v->notice);
		html_lit(o, "</p>");
	}
	bool writer = case_allows(r, p, PART_BIT(PART_FOLLOWUP), ACT_WRITE);
	if (!writer) {
		html_lit(o, "<dl>");
		record_dl(r, meeting_fields, shown, PARTS_ALL);
		html_lit(o, "</dl>");
	} else {
		html_lit(o, "<section aria-labelledby=\"edit\">");
		page_heading(r, "h3", "edit", T(r, "Edit the meeting"));
		form_error_summary(r, v->edit_errors);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/meetings/");
		html_int(o, shown->id);
		html_lit(o, "\" id=\"meeting-edit-form\" novalidate>");
		form_csrf(r);
		form_hidden_version(r, v->version);
		form_fields(r, meeting_fields, shown, v->edit_errors != NULL, meeting_ui, v->edit_errors);
		page_button(r, N_("Save changes"));
		html_lit(o, "</form></section><section aria-labelledby=\"remove\">");
		page_heading(r, "h3", "remove", T(r, "Remove the meeting"));
		page_para(r, "muted", T(r, "Remove a meeting logged by mistake, for example on the wrong participant. "
				      "It leaves the log and Today; its history keeps what it said, who removed it "
				      "and why."));
		form_error_summary(r, v->remove_errors);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/meetings/");
		html_int(o, shown->id);
		html_lit(o, "/remove\" id=\"meeting-remove-form\" novalidate>");
		form_csrf(r);
		form_hidden_version(r, v->version);
		struct meeting_removal blank = {NULL};
		form_fields(r, meeting_removal_fields, &blank, v->remove_errors != NULL, NULL, v->remove_errors);
		html_lit(o, "<button type=\"submit\" class=\"danger\">");
		html_text(o, T(r, "Remove the meeting"));
		html_lit(o, "</button></form></section>");
	}
	history_section(r, shown, changes, nchanges);
	return page_end(r);
}

/* The meeting as JSON with its history: each edit's version, time, who,
 * and its changes {"field": {"old", "new"}} as field_text() writes them. */
static json_t *
meeting_json(const struct meeting *m, const struct meeting_change *changes, size_t n)
{
	json_t *j = record_json_texts(meeting_fields, m, PARTS_ALL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct meeting_change *c = &changes[i];
		json_t *values = json_object();
		for (size_t k = 0; k < c->nvalues; k++)
			json_object_set_new(values, c->values[k].field,
					    json_pack("{s:s, s:s}", "old", c->values[k].old_value, "new",
						      c->values[k].new_value));
		json_array_append_new(arr, json_pack("{s:I, s:I, s:I, s:s, s:o}", "version", (json_int_t)c->version, "at",
						     (json_int_t)c->at, "user_id", (json_int_t)c->user_id, "user_name",
						     c->user_name, "changes", values));
	}
	json_object_set_new(j, "history", arr);
	return j;
}

/* The meeting of the route (:id the participant, :mid the meeting) as the
 * actor may act on it, with its history when changes is not NULL: false
 * with the answer given (404) when the actor may not, or there is none. */
static bool
meeting_of_route(struct req *r, const struct actor *actor, enum action act, struct participant_brief *p,
		 struct meeting *m, struct meeting_change **changes, size_t *n, int *rc)
{
	struct outcome out;
	*rc = app_meeting(req_db(r), r->a, actor, req_param_id(r, 0), req_param_id(r, 1), act, p, m, changes, n, &out);
	if (*rc != SC_OK)
		return false;
	if (out.refusal != DONE) {
		*rc = req_error(r, outcome_status(&out), NULL);
		return false;
	}
	return true;
}

/* GET /participants/:id/meetings/:mid and its /api/v1/ twin: the meeting
 * and its history (audited "meeting.read"). */
static int
h_meeting(struct req *r)
{
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct meeting m;
	struct meeting_change *changes = NULL;
	size_t n = 0;
	int rc;
	if (!meeting_of_route(r, &actor, ACT_READ, &p, &m, &changes, &n, &rc))
		return rc;
	if (r->wants_json)
		return api_send(r, 200, meeting_json(&m, changes, n));
	struct meeting_view v = {.version = m.version};
	return meeting_page(r, &p, &m, changes, n, &v);
}

/* The page again after a refused form (its status set), with the meeting's
 * history as stored now. */
static int
meeting_page_again(struct req *r, const struct actor *actor, const struct participant_brief *p,
		   const struct meeting *shown, const struct meeting_view *v)
{
	struct meeting stored;
	struct meeting_change *changes = NULL;
	size_t n = 0;
	struct participant_brief again;
	struct outcome out;
	int rc = app_meeting(req_db(r), r->a, actor, p->id, shown->id, ACT_WRITE, &again, &stored, &changes, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return meeting_page(r, p, shown, changes, n, v);
}

/* A refused edit (removal: the removal form's): the JSON error, or the
 * page again with the form's input kept and its errors, a stale form's
 * message at the version now. */
static int
meeting_refused(struct req *r, const struct actor *actor, const struct participant_brief *p,
		const struct meeting *shown, struct outcome *out, struct form_errors *e, int64_t version,
		bool removal)
{
	outcome_form_errors(r, out, e);
	form_errors_order(e, removal ? meeting_removal_fields : meeting_fields);
	if (r->wants_json)
		return answer_refused_json(r, out, e);
	r->status = outcome_status(out);
	struct meeting_view v = {.version = version};
	if (removal)
		v.remove_errors = e;
	else
		v.edit_errors = e;
	if (out->refusal == REFUSED_STALE) {
		v.version = out->version;
		v.notice = outcome_message(r, out);
	}
	return meeting_page_again(r, actor, p, shown, &v);
}

/* POST /participants/:id/meetings/:mid and its /api/v1/ twin: a
 * version-checked edit; the form and the API send version. */
static int
h_meeting_update(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct meeting in;
	int rc;
	if (!meeting_of_route(r, &actor, ACT_WRITE, &p, &in, NULL, NULL, &rc))
		return rc;
	int64_t id = in.id;
	struct form_errors e = {0};
	if (!input_read_update(r, meeting_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_meeting_update(req_db(r), r->a, &actor, p.id, id, version, &in, &p, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* Some fields could not be read: the rules of the others are
		 * said with them. */
		if (!e.mistyped)
			app_meeting_check(&actor, &p, &in, &out.errors);
		form_version_missing(&e, version, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE)
		return meeting_refused(r, &actor, &p, &in, &out, &e, version, false);
	struct meeting saved;
	struct meeting_change *changes = NULL;
	size_t n = 0;
	rc = app_meeting(req_db(r), r->a, &actor, p.id, id, ACT_WRITE, &p, &saved, &changes, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return answer_done(r, 200, meeting_json(&saved, changes, n),
			   arena_printf(r->a, "/participants/%lld/meetings/%lld", (long long)p.id, (long long)id),
			   "meeting-saved");
}

/* POST /participants/:id/meetings/:mid/remove and its /api/v1/ twin: the
 * reason and the version read. */
static int
h_meeting_remove(struct req *r)
{
	static const char *const extra[] = {"version", NULL};
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct meeting m;
	int rc;
	if (!meeting_of_route(r, &actor, ACT_WRITE, &p, &m, NULL, NULL, &rc))
		return rc;
	struct meeting_removal in;
	fields_clear(meeting_removal_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, meeting_removal_fields, &in, extra, &e, &rc))
		return rc;
	int64_t version = form_version(r, &e);
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_meeting_remove(req_db(r), r->a, &actor, p.id, m.id, version, &in, &p, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		form_version_missing(&e, version, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE)
		return meeting_refused(r, &actor, &p, &m, &out, &e, version, true);
	return answer_done(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)m.id, "removed", 1),
			   arena_printf(r->a, "/participants/%lld/meetings", (long long)p.id), "meeting-removed");
}

const struct route meetings_routes[] = {
	BOTH(GET_HEAD, "/participants/:id/meetings", "/api/v1/participants/:id/meetings", h_meetings,
	     NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/meetings", "/api/v1/participants/:id/meetings", h_meeting_create,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	BOTH(GET_HEAD, "/participants/:id/meetings/:mid", "/api/v1/participants/:id/meetings/:mid", h_meeting,
	     NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/meetings/:mid", "/api/v1/participants/:id/meetings/:mid", h_meeting_update,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id/meetings/:mid/remove", "/api/v1/participants/:id/meetings/:mid/remove",
	     h_meeting_remove, NEED(RES_WORKPLANS, ACT_WRITE)),
	ROUTES_END
};
