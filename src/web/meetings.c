/*
 * meetings.c — a participant's follow-up page (drawn by followup.c) and
 * the meeting log's /api/v1/ twin; logging a meeting. The page also holds
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

const struct route meetings_routes[] = {
	BOTH(GET_HEAD, "/participants/:id/meetings", "/api/v1/participants/:id/meetings", h_meetings,
	     NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/meetings", "/api/v1/participants/:id/meetings", h_meeting_create,
	     NEED(RES_WORKPLANS, ACT_WRITE)),
	ROUTES_END
};
