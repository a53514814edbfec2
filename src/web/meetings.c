/*
 * meetings.c — a participant's follow-up page: the meeting log with the
 * form to log a meeting, and its /api/v1/ twin; the page also holds the
 * follow-ups after exit (tasks.c) and the referrals to health staff
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

#define MEETINGS_PER_PAGE 20

/* How the form shows a meeting's fields. */
static const struct field_ui meeting_ui[] = {
	{.key = "interpreter", .control = "checkbox"},
	{.key = "minutes", .rows = 5},
	{.key = "next_steps", .rows = 5},
	{0},
};

/* The form to log a meeting: today, in person, by default; what was
 * posted after a refused one (e). */
static void
meeting_form(struct req *r, const struct actor *actor, const struct participant_brief *p,
	     const struct form_errors *e)
{
	struct buf *o = &r->out;
	struct meeting blank;
	fields_clear(meeting_fields, &blank);
	blank.held_on = actor->today;
	blank.channel = MEETING_IN_PERSON;
	blank.interpreter = 0;
	html_lit(o, "<h2 id=\"log-meeting\">");
	html_text(o, T(r, "Log a meeting"));
	html_lit(o, "</h2>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/meetings\" id=\"meeting-form\" novalidate>");
	form_csrf(r);
	form_fields(r, meeting_fields, &blank, e != NULL, meeting_ui, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Log meeting"));
	html_lit(o, "</button></form>");
}

/* latest_first: items[0] is the participant's latest meeting (the first
 * page), whose planned next meeting is the one that can be overdue. */
static void
meeting_table(struct req *r, const struct meeting *items, size_t n, bool latest_first)
{
	struct buf *o = &r->out;
	const struct field *held_on = fields_find(meeting_fields, "held_on");
	const struct field *channel = fields_find(meeting_fields, "channel");
	const struct field *next = fields_find(meeting_fields, "next_meeting");
	page_table(r, NULL,
		   (const char *const[]){N_("Date"), N_("Channel"), N_("Interpreter"), N_("Minutes"), N_("Next steps"), N_("Next meeting"), N_("Logged by"), NULL});
	for (size_t i = 0; i < n; i++) {
		const struct meeting *m = &items[i];
		html_lit(o, "<tr id=\"meeting-");
		html_int(o, m->id);
		html_lit(o, "\"><td>");
		html_text(o, field_shown(r, held_on, m));
		html_lit(o, "</td><td>");
		html_text(o, field_shown(r, channel, m));
		html_lit(o, "</td><td>");
		html_text(o, m->interpreter > 0 ? T(r, "Yes") : T(r, "No"));
		html_lit(o, "</td><td>");
		html_lines(o, m->minutes);
		html_lit(o, "</td><td>");
		html_lines(o, m->next_steps);
		html_lit(o, "</td><td>");
		case_next_meeting(r, field_shown(r, next, m), latest_first && i == 0);
		html_lit(o, "</td><td>");
		html_text(o, m->author_name[0] ? m->author_name : "\xE2\x80\x94");
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

int
followup_page(struct req *r, const struct actor *actor, int64_t participant_id, const struct followup_view *v)
{
	struct db *db = req_db(r);
	struct participant_brief p;
	struct meeting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	int rc = app_meetings(db, r->a, actor, participant_id, v->page, MEETINGS_PER_PAGE, &p, &items, &n,
			      &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	struct task *tasks = NULL;
	size_t ntasks = 0;
	rc = app_tasks(db, r->a, actor, p.id, &tasks, &ntasks, &out);
	if (rc != SC_OK)
		return rc;

	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Follow-up"),
				   case_name(r, p.given_name, p.family_name)));
	struct buf *o = &r->out;
	case_header(r, &p, "meetings");
	if (v->notice != NULL) {
		html_lit(o, "<p class=\"error-box\" role=\"alert\">");
		html_text(o, v->notice);
		html_lit(o, "</p>");
	}
	/* After the exit the follow-ups are what is left to do: show them first. */
	bool exited = p.status != NULL && strcmp(p.status, "exited") == 0;
	if (exited && ntasks > 0)
		tasks_section(r, actor, &p, tasks, ntasks, v);
	if (case_allows(r, &p, PART_BIT(PART_FOLLOWUP), ACT_WRITE))
		meeting_form(r, actor, &p, v->meeting_errors);

	html_lit(o, "<section aria-labelledby=\"meetings\"><h2 id=\"meetings\">");
	html_text(o, T(r, "Meetings and contacts"));
	html_lit(o, "</h2>");
	if (total == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No meetings have been logged yet."));
		html_lit(o, "</p>");
	} else {
		page_muted(r, arena_printf(r->a, trn(r->lang, "%lld meeting", "%lld meetings", (unsigned long)total),
					  (long long)total));
		meeting_table(r, items, n, v->page == 1);
		page_pager(r, arena_printf(r->a, "/participants/%lld/meetings", (long long)p.id), "", v->page,
			   total, MEETINGS_PER_PAGE);
	}
	html_lit(o, "</section>");
	if (!exited && ntasks > 0)
		tasks_section(r, actor, &p, tasks, ntasks, v);
	rc = health_referrals_section(r, actor, &p, v->referral_errors);
	if (rc != SC_OK)
		return rc;
	return page_end(r);
}

/* GET /participants/:id/meetings and /api/v1/participants/:id/meetings. */
static int
h_meetings(struct req *r)
{
	struct followup_view v = {.page = 1};
	int64_t per_page = MEETINGS_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &v.page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	if (!r->wants_json)
		return followup_page(r, &actor, req_param_id(r, 0), &v);
	struct participant_brief p;
	struct meeting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	rc = app_meetings(req_db(r), r->a, &actor, req_param_id(r, 0), v.page, per_page, &p, &items, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json_texts(meeting_fields, &items[i], PARTS_ALL));
	return api_send(r, 200, api_page_json(arr, v.page, per_page, total));
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
		app_meeting_check(&actor, &in, &out.errors);
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

const struct route meetings_routes[] = {
	BOTH(GET_HEAD, "/participants/:id/meetings", "/api/v1/participants/:id/meetings", h_meetings,
	     NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/meetings", "/api/v1/participants/:id/meetings", h_meeting_create,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	ROUTES_END
};
