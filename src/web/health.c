/*
 * health.c — health notes: the page of a participant's notes with the form
 * to write one, and its /api/v1/ twin; and referrals to a health worker:
 * making and ending one, and their /api/v1/ resources, and the health
 * worker's list of the open referrals to them (/health/referrals) (their section of the
 * follow-up page, with the form to refer, is followup.c's). Both are declared in
 * domain/health.h, kept by store/store_health.c and read and written
 * through app/health.c, which checks who may and audits every note shown.
 */
#include "case.h"
#include "followup.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/health.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

#define NOTES_PER_PAGE 20

/* How the form shows the note's text. */
static const struct field_ui note_ui[] = {
	{.key = "body", .rows = 5},
	{0},
};

/* The page of a participant's notes: the notes (already audited), and the
 * form for those who may write (with the request's input and errors after
 * a refused save). */
static int
notes_page(struct req *r, const struct participant_brief *p, const struct health_note *items, size_t n,
	   int64_t total, int64_t page, int64_t per_page, const struct health_note *shown, const struct form_errors *e)
{
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Health notes"),
				   case_name(r, p->given_name, p->family_name)));
	struct buf *o = &r->out;
	case_header(r, p, "health");
	html_lit(o, "<p class=\"notice\">");
	html_text(o, T(r, "Health notes are seen only by health staff. Every reading is recorded in the audit log."));
	html_lit(o, "</p>");
	struct actor actor = req_actor(r);
	if (app_health_notes_own_only(&actor, p)) {
		html_lit(o, "<p class=\"notice\" id=\"own-notes-only\">");
		html_text(o, T(r, "The referral to you has ended: you read the notes you wrote, and cannot write new ones."));
		html_lit(o, "</p>");
	}
	if (case_allows(r, p, PART_BIT(PART_HEALTH), ACT_WRITE)) {
		html_lit(o, "<h2 id=\"write-note\">");
		html_text(o, T(r, "Write a health note"));
		html_lit(o, "</h2>");
		form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/health\" id=\"health-form\" novalidate>");
		form_csrf(r);
		form_fields(r, health_note_fields, shown, e != NULL, note_ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Save note"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "<section aria-labelledby=\"notes\"><h2 id=\"notes\">");
	html_text(o, T(r, "Health notes"));
	html_lit(o, "</h2>");
	if (total == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No health notes have been written."));
		html_lit(o, "</p>");
	} else {
		page_table(r, NULL, (const char *const[]){N_("Date"), N_("Note"), N_("Written by"), NULL});
		const struct field *on = fields_find(health_note_fields, "written_on");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr id=\"note-");
			html_int(o, items[i].id);
			html_lit(o, "\"><td>");
			html_text(o, field_shown(r, on, &items[i]));
			html_lit(o, "</td><td>");
			html_lines(o, items[i].body);
			html_lit(o, "</td><td>");
			html_text(o, items[i].author_name[0] ? items[i].author_name : "\xE2\x80\x94");
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, arena_printf(r->a, "/participants/%lld/health", (long long)p->id), "", page, total,
			   per_page);
	}
	html_lit(o, "</section>");
	return page_end(r);
}

/* GET /participants/:id/health and /api/v1/participants/:id/health-notes. */
static int
h_health_notes(struct req *r)
{
	int64_t page = 1, per_page = NOTES_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct participant_brief p;
	struct health_note *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	rc = app_health_notes(req_db(r), r->a, &actor, req_param_id(r, 0), page, per_page, &p, &items, &n, &total,
			      &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (!req_page_exists(r, arena_printf(r->a, "/participants/%lld/health", (long long)p.id), "", page, total,
			     per_page, &rc))
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, record_json(health_note_fields, &items[i], PARTS_ALL));
		return api_send(r, 200, api_page_json(arr, page, per_page, total));
	}
	struct health_note blank;
	fields_clear(health_note_fields, &blank);
	blank.written_on = actor.today;
	return notes_page(r, &p, items, n, total, page, per_page, &blank, NULL);
}

/* POST /participants/:id/health and /api/v1/participants/:id/health-notes. */
static int
h_health_note_create(struct req *r)
{
	/* Who may write comes first: a participant not the actor's is not
	 * there, whatever the body holds (decision 33). */
	struct actor actor = req_actor(r);
	struct participant_brief p;
	int rc = SC_OK;
	if (!req_participant(r, &actor, PART_BIT(PART_HEALTH), ACT_WRITE, &p, &rc))
		return rc;
	struct outcome out = {0};
	struct health_note in;
	struct form_errors e = {0};
	if (!input_read(r, health_note_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_health_note_create(req_db(r), r->a, &actor, p.id, &in, &p, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		/* Some fields could not be read: the rules of the others are
		 * said with them, in the order of the fields; members of the
		 * wrong JSON type are all that is said, as nothing was read. */
		if (!e.mistyped)
			app_health_note_check(&actor, &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, health_note_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct health_note *items = NULL;
		size_t n = 0;
		int64_t total = 0;
		struct outcome listed;
		rc = app_health_notes(req_db(r), r->a, &actor, p.id, 1, NOTES_PER_PAGE, &p, &items, &n, &total,
				      &listed);
		if (rc != SC_OK)
			return rc;
		return notes_page(r, &p, items, n, total, 1, NOTES_PER_PAGE, &in, &e);
	}
	return answer_done(r, 201, record_json(health_note_fields, &in, PARTS_ALL),
			   arena_printf(r->a, "/participants/%lld/health", (long long)p.id), "note-saved");
}

/* ---- referrals to a health worker ---- */


/* {"items": [...]} of the participant's referrals, with status. */
static int
referrals_json(struct req *r, const struct actor *actor, int status, int64_t participant_id)
{
	struct health_referral *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_health_referrals(req_db(r), r->a, actor, participant_id, &items, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json_texts(health_referral_fields, &items[i], PARTS_ALL));
	return api_send(r, status, json_pack("{s:o}", "items", arr));
}

/* The follow-up page, its referrals' anchor. */
static const char *
referrals_location(struct req *r, int64_t participant_id)
{
	return arena_printf(r->a, "/participants/%lld/meetings#health-referrals", (long long)participant_id);
}

/* GET /api/v1/participants/:id/health-referrals. */
static int
h_health_referrals(struct req *r)
{
	struct actor actor = req_actor(r);
	return referrals_json(r, &actor, 200, req_param_id(r, 0));
}

/* POST /participants/:id/health-referrals and its /api/v1/ twin. */
static int
h_health_referral_create(struct req *r)
{
	/* Who may refer comes first: a participant not the actor's is not
	 * there, whatever the body holds. */
	struct actor actor = req_actor(r);
	struct participant_brief p;
	int rc = SC_OK;
	if (!req_participant(r, &actor, PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p, &rc))
		return rc;
	struct outcome out = {0};
	struct health_referral in;
	fields_clear(health_referral_fields, &in);
	in.created_at = 0;
	in.created_by = 0;
	struct form_errors e = {0};
	if (!input_read(r, health_referral_fields, &in, NULL, &e, &rc))
		return rc;
	if (e.n == 0) {
		rc = app_health_referral_create(req_db(r), r->a, &actor, p.id, &in, &p, &out);
	} else {
		/* Some fields could not be read: the rules of the others are
		 * said with them. */
		memset(&out, 0, sizeof out);
		rc = app_health_referral_check(req_db(r), r->a, &actor, &in, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, health_referral_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		/* an open referral to the same worker: said beside the choice */
		if (out.refusal == REFUSED_STATE && out.message != NULL)
			form_error(r, &e, "health_id", out.message);
		r->status = outcome_status(&out);
		struct followup_view v = {.page = 1, .referral_errors = &e};
		return followup_page(r, &actor, p.id, &v);
	}
	if (r->wants_json)
		return referrals_json(r, &actor, 201, p.id);
	page_flash(r, "health-referred");
	return req_redirect(r, referrals_location(r, p.id));
}

/* POST /participants/:id/health-referrals/:rid/end and its /api/v1/ twin. */
static int
h_health_referral_end(struct req *r)
{
	int nobody = SC_OK;
	if (!api_no_body(r, &nobody))
		return nobody;
	int64_t rid = 0;
	if (parse_int64(req_param(r, 1), 1, INT64_MAX, &rid) != SC_OK)
		rid = 0;
	struct actor actor = req_actor(r);
	struct outcome out;
	int rc = app_health_referral_end(req_db(r), r->a, &actor, req_param_id(r, 0), rid, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE) {
		/* no such open referral (a message), or no such participant */
		if (r->wants_json && out.message != NULL)
			return api_error(r, outcome_status(&out), "not_found", outcome_message(r, &out), NULL);
		return req_error(r, outcome_status(&out), NULL);
	}
	if (r->wants_json)
		return referrals_json(r, &actor, 200, req_param_id(r, 0));
	page_flash(r, "health-referral-ended");
	return req_redirect(r, referrals_location(r, req_param_id(r, 0)));
}

/* ---- the health worker's referrals ---- */

#define REFERRED_PER_PAGE 20

/* GET /health/referrals and /api/v1/health/referrals: the open referrals
 * to the reader, newest first (already audited). */
static int
h_referred_to_me(struct req *r)
{
	int64_t page = 1, per_page = REFERRED_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct health_referral_row *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	rc = app_health_referred_to_me(req_db(r), r->a, &actor, page, per_page, &items, &n, &total, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, record_json(health_referral_row_fields, &items[i], PARTS_ALL));
		return api_send(r, 200, api_page_json(arr, page, per_page, total));
	}
	page_begin(r, T(r, "Referred to me"));
	struct buf *o = &r->out;
	page_heading(r, "h1", NULL, T(r, "Referred to me"));
	page_para(r, "notice", T(r, "The participants referred to you, and why. Every reading is recorded in the audit log."));
	if (total == 0) {
		page_p(r, N_("No one is referred to you."));
		return page_end(r);
	}
	page_table(r, "id=\"referred-to-me\"",
		   (const char *const[]){N_("Participant"), N_("Referred on"), N_("Referred by"), N_("Reason"), NULL});
	const struct field *on = fields_find(health_referral_row_fields, "referred_on");
	for (size_t i = 0; i < n; i++) {
		const struct health_referral_row *h = &items[i];
		html_lit(o, "<tr id=\"referral-");
		html_int(o, h->id);
		html_lit(o, "\"><td><a href=\"/participants/");
		html_int(o, h->participant_id);
		html_lit(o, "/health\">");
		html_text(o, case_name(r, h->given_name, h->family_name));
		html_lit(o, "</a></td><td>");
		html_text(o, field_shown(r, on, h));
		html_lit(o, "</td><td>");
		html_text(o, page_or_dash(h->referred_by_name));
		html_lit(o, "</td><td>");
		if (h->reason != NULL && h->reason[0] != '\0')
			html_lines(o, h->reason);
		else
			html_text(o, "\xE2\x80\x94");
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	page_pager(r, "/health/referrals", "", page, total, REFERRED_PER_PAGE);
	return page_end(r);
}

const struct route health_routes[] = {
	BOTH(GET_HEAD, "/health/referrals", "/api/v1/health/referrals", h_referred_to_me,
	     NEED(RES_HEALTH_NOTES, ACT_READ)),
	BOTH(GET_HEAD, "/participants/:id/health", "/api/v1/participants/:id/health-notes", h_health_notes,
	     NEED(RES_HEALTH_NOTES, ACT_READ)),
	BOTH(M_POST, "/participants/:id/health", "/api/v1/participants/:id/health-notes",
	     h_health_note_create, NEED(RES_HEALTH_NOTES, ACT_WRITE)),
	API(GET_HEAD, "/api/v1/participants/:id/health-referrals", h_health_referrals, NEED(RES_WORKPLANS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/health-referrals", "/api/v1/participants/:id/health-referrals",
	     h_health_referral_create, NEED(RES_WORKPLANS, ACT_WRITE)),
	BOTH(M_POST, "/participants/:id/health-referrals/:rid/end", "/api/v1/participants/:id/health-referrals/:rid/end",
	     h_health_referral_end, NEED(RES_WORKPLANS, ACT_WRITE)),
	ROUTES_END
};
