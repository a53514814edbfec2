/*
 * intake.c — referrals: the intake page (new referrals waiting for
 * screening, the latest decisions), a participant's Intake tab with the
 * form that registers a referral, one referral's page with its screening
 * (every rule's result, a leader's overrides) and the forms of its next
 * steps (offer, acceptance with a contact person, decline, priority,
 * withdrawal), and their /api/v1/ twins.
 *
 * The records and their fields are declared in domain/intake.h; the
 * commands and queries are app/intake.c's. Every form posts to its own
 * address; a refusal shows the same page again with the errors beside the
 * fields (422), or the referral as it is now when someone else changed it
 * first or its state does not allow the step (409), the form keeping what
 * was typed. On the referral's page the forms that share a field name
 * carry a prefix ("decline_reason"); the API uses the domain's keys.
 */
#include "case.h"
#include "change.h"
#include "form.h"
#include "resource.h"
#include "routes.h"
#include "app/caseload.h"
#include "app/intake.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

#define NEW_PER_PAGE 50
#define RECENT_DECISIONS 20

/* A state's label for a stored key ("" for ""). */
static const char *
state_label(struct req *r, const char *key)
{
	enum referral_state s;
	if (key == NULL || *key == '\0')
		return "";
	return referral_state_parse(key, &s) == SC_OK ? T(r, referral_state_label(s)) : key;
}

/* A field's value of a record as a page shows it. */
static const char *
shown(struct req *r, struct fields fs, const char *key, const void *rec)
{
	const struct field *f = fields_find(fs, key);
	return f != NULL ? field_shown(r, f, rec) : "";
}

static void
referral_link(struct req *r, int64_t id, const char *given, const char *family)
{
	html_lit(&r->out, "<a href=\"/referrals/");
	html_int(&r->out, id);
	html_lit(&r->out, "\">");
	html_text(&r->out, case_name(r, given, family));
	html_lit(&r->out, "</a>");
}

/* ---- JSON ---- */

/* A referral with its screening (stored and judged now) and history. */
static json_t *
referral_detail_json(const struct referral_view *v)
{
	json_t *j = change_record_json(referral_fields, &v->ref);
	json_t *stored = json_array();
	for (size_t i = 0; i < v->nstored; i++) {
		const struct screening_row *s = &v->stored[i];
		json_array_append_new(stored, json_pack("{s:s, s:b, s:s, s:b, s:s, s:I, s:I}", "rule", s->rule,
							"pass", s->pass == 1, "reason", s->reason, "overridden",
							s->overridden == 1, "override_reason", s->override_reason,
							"screened_at", (json_int_t)s->screened_at, "screened_by",
							(json_int_t)s->screened_by));
	}
	json_object_set_new(j, "screening", stored);
	json_t *live = json_array();
	for (int i = 0; v->judged && i < v->live.nrules; i++) {
		const struct rule_result *rr = &v->live.rules[i];
		json_array_append_new(live, json_pack("{s:s, s:b, s:o}", "rule", eligibility_rule_name(rr->rule), "pass",
						      rr->pass, "reason",
						      rr->reason ? json_string(rr->reason) : json_null()));
	}
	json_object_set_new(j, "eligibility", live);
	json_t *events = json_array();
	for (size_t i = 0; i < v->nevents; i++) {
		const struct referral_event *ev = &v->events[i];
		char at[32], on[11];
		time_format_utc(ev->at, at, sizeof at);
		date_format(ev->on_date, on);
		json_array_append_new(events, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "at", at, "on_date", on,
							"user_id", (json_int_t)ev->user_id, "user", ev->user_name,
							"from", ev->from_state, "to", ev->to_state, "note", ev->note));
	}
	json_object_set_new(j, "events", events);
	return j;
}

/* ---- /intake and /api/v1/referrals ---- */

/* GET /intake: the referrals waiting for screening, the latest decisions. */
static int
h_intake(struct req *r)
{
	int64_t page = 1, per_page = NEW_PER_PAGE;
	int rc = SC_OK;
	if (!req_paging(r, &page, &per_page, &rc))
		return rc;
	struct actor actor = req_actor(r);
	struct referral *items = NULL;
	struct referral_event *recent = NULL;
	size_t n = 0, nrecent = 0;
	int64_t total = 0;
	rc = app_intake_queue(req_db(r), r->a, &actor, page, per_page, &items, &n, &total, RECENT_DECISIONS, &recent,
			      &nrecent);
	if (rc != SC_OK)
		return rc;
	if (!req_page_exists(r, "/intake", "", page, total, per_page, &rc))
		return rc;
	page_begin(r, T(r, "Intake"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Intake"));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, T(r, "Register a referral from the participant's Intake tab; new referrals wait here for screening."));
	html_lit(o, " <a href=\"/participants\">");
	html_text(o, T(r, "Find a participant"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/waiting-list\">");
	html_text(o, T(r, "Waiting list"));
	html_lit(o, "</a></p><h2>");
	html_text(o, T(r, "Waiting for screening"));
	html_lit(o, " (");
	html_int(o, total);
	html_lit(o, ")</h2>");
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No referrals are waiting for screening."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table id=\"new-referrals\"><thead><tr>");
		change_th(r, T(r, "Name"));
		change_th(r, T(r, "Referred on"));
		change_th(r, T(r, "Source"));
		change_th(r, T(r, "Referrer"));
		change_th(r, T(r, "Priority"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td>");
			referral_link(r, items[i].id, items[i].given_name, items[i].family_name);
			html_lit(o, "</td>");
			change_td(r, shown(r, referral_fields, "referred_on", &items[i]));
			change_td(r, shown(r, referral_fields, "source", &items[i]));
			change_td(r, items[i].referrer);
			change_td(r, shown(r, referral_fields, "priority", &items[i]));
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, "/intake", "", page, total, per_page);
	}
	html_lit(o, "<h2>");
	html_text(o, T(r, "Recently decided"));
	html_lit(o, "</h2>");
	if (nrecent == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Nothing has been decided yet."));
		html_lit(o, "</p>");
		return page_end(r);
	}
	html_lit(o, "<table id=\"recent-decisions\"><thead><tr>");
	change_th(r, T(r, "Date"));
	change_th(r, T(r, "Name"));
	change_th(r, T(r, "State change"));
	change_th(r, T(r, "By"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < nrecent; i++) {
		html_lit(o, "<tr>");
		change_td(r, shown(r, referral_event_fields, "on_date", &recent[i]));
		html_lit(o, "<td>");
		referral_link(r, recent[i].referral_id, recent[i].given_name, recent[i].family_name);
		html_lit(o, "</td><td>");
		html_text(o, state_label(r, recent[i].from_state));
		html_lit(o, " \xE2\x86\x92 ");
		html_text(o, state_label(r, recent[i].to_state));
		html_lit(o, "</td>");
		change_td(r, recent[i].user_name);
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
	return page_end(r);
}

/* GET /api/v1/referrals[?state=]: a page of the centre's referrals. */
static int
h_referrals(struct req *r)
{
	int64_t page, per_page;
	int rc = SC_OK;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	const char *key = req_qs(r, "state");
	enum referral_state state = REFERRAL_NEW;
	if (*key && referral_state_parse(key, &state) != SC_OK)
		return api_error(r, 400, "invalid", T(r, "Some filters are wrong."),
				 json_pack("{s:s}", "state",
					   T(r, "Give a state: new, ineligible, waiting, offered, accepted, declined or withdrawn.")));
	struct actor actor = req_actor(r);
	struct referral *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = app_referrals(req_db(r), r->a, &actor, *key ? (int)state : -1, page, per_page, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, change_record_json(referral_fields, &items[i]));
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

/* ---- a participant's referrals ---- */

/* How the referral form shows its fields beyond their declaration. */
static const struct field_ui referral_ui[] = {
	{.key = "source", .empty = N_("Choose the source")},
	{.key = "reason", .rows = 3},
	{.key = "in_qualification", .control = "radio"},
	{.key = "in_introduction", .control = "radio"},
	{.key = "lawful_residence", .control = "radio"},
	{0},
};

/* A new referral as the form first shows it. */
static void
referral_blank(const struct actor *actor, struct referral *in)
{
	fields_clear(referral_fields, in);
	fields_clear(referral_person_fields, in);
	in->referred_on = actor->today;
	in->in_qualification = 0;
	in->in_introduction = 0;
	in->lawful_residence = 1;
	in->priority = REFERRAL_DEFAULT_PRIORITY;
}

/* The Intake tab: the participant's referrals and, for those who may
 * write, the form (shown again with what was posted when posted), or why
 * there is none. */
static int
participant_intake_page(struct req *r, const struct actor *actor, int64_t participant_id, const struct referral *in,
			bool posted, const struct form_errors *e, const char *alert)
{
	struct participant_brief b;
	struct referral *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_referrals(req_db(r), r->a, actor, participant_id, &b, &items, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	page_begin(r, case_name(r, b.given_name, b.family_name));
	case_header(r, &b, "intake");
	struct buf *o = &r->out;
	change_alert(r, alert);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Referrals"));
	html_lit(o, "</h2>");
	const struct referral *open = NULL;
	for (size_t i = 0; i < n && open == NULL; i++)
		if (!referral_state_final((enum referral_state)items[i].state))
			open = &items[i];
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No referrals yet."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table id=\"referrals\"><thead><tr>");
		change_th(r, T(r, "Referred on"));
		change_th(r, T(r, "Source"));
		change_th(r, T(r, "Planned start"));
		change_th(r, T(r, "Priority"));
		change_th(r, T(r, "State"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td><a href=\"/referrals/");
			html_int(o, items[i].id);
			html_lit(o, "\">");
			html_text(o, shown(r, referral_fields, "referred_on", &items[i]));
			html_lit(o, "</a></td>");
			change_td(r, shown(r, referral_fields, "source", &items[i]));
			change_td(r, shown(r, referral_fields, "planned_start", &items[i]));
			change_td(r, shown(r, referral_fields, "priority", &items[i]));
			change_td(r, shown(r, referral_fields, "state", &items[i]));
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (!(app_parts(actor, &b, ACT_WRITE) & PART_BIT(PART_INTAKE)))
		return page_end(r);
	if (open != NULL) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, T(r, "This participant has an open referral; decide it before registering a new one."));
		html_lit(o, " <a href=\"/referrals/");
		html_int(o, open->id);
		html_lit(o, "\">");
		html_text(o, T(r, "Open the referral"));
		html_lit(o, "</a></p>");
	} else if (enrolment_current(b.status)) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, T(r, "This participant is enrolled in the programme."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<h2 id=\"new-referral\">");
		html_text(o, T(r, "New referral"));
		html_lit(o, "</h2>");
		form_error_summary(r, e);
		change_form_open(r, "referral-form", arena_printf(r->a, "/participants/%lld/referrals", (long long)b.id));
		form_fields(r, referral_fields, in, posted, referral_ui, e);
		change_form_end(r, T(r, "Register referral"), false);
	}
	return page_end(r);
}

/* GET /participants/:id/intake and /api/v1/participants/:id/referrals. */
static int
h_participant_referrals(struct req *r)
{
	struct actor actor = req_actor(r);
	if (!r->wants_json) {
		struct referral blank;
		referral_blank(&actor, &blank);
		return participant_intake_page(r, &actor, req_param_id(r, 0), &blank, false, NULL, NULL);
	}
	struct participant_brief b;
	struct referral *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_referrals(req_db(r), r->a, &actor, req_param_id(r, 0), &b, &items, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, change_record_json(referral_fields, &items[i]));
	return api_send(r, 200, api_page_json(arr, 1, (int64_t)n, (int64_t)n));
}

/* POST /participants/:id/referrals and /api/v1/participants/:id/referrals. */
static int
h_referral_create(struct req *r)
{
	struct actor actor = req_actor(r);
	struct referral in;
	struct form_errors e = {0};
	int rc = SC_OK;
	/* The API's referral date is today unless given; a planned start
	 * sent as null is not given. */
	change_json_default(r, "referred_on", case_date_text(r, actor.today));
	change_json_default(r, "planned_start", NULL);
	if (!input_read(r, referral_fields, &in, NULL, &e, &rc))
		return rc;
	fields_clear(referral_person_fields, &in);
	struct participant_brief b;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_referral_create(req_db(r), r->a, &actor, req_param_id(r, 0), &in, &b, &out);
	} else {
		/* Refused as read; the participant must still be the actor's. */
		rc = app_participant(req_db(r), r->a, &actor, req_param_id(r, 0), PART_BIT(PART_INTAKE), ACT_WRITE, &b, &out);
		if (rc == SC_OK && out.refusal == DONE)
			out.refusal = REFUSED_INVALID;
	}
	if (rc != SC_OK)
		return rc;
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (r->wants_json) {
		if (out.refusal == REFUSED_INVALID) {
			outcome_form_errors(r, &out, &e);
			return case_api_invalid(r, &e);
		}
		if (out.refusal != DONE)
			return api_error(r, 409, "conflict", outcome_message(r, &out), NULL);
		struct referral_view v;
		struct outcome read;
		rc = app_referral(req_db(r), r->a, &actor, out.id, false, &v, &read);
		if (rc != SC_OK)
			return rc;
		return api_send(r, 201, referral_detail_json(&v));
	}
	if (out.refusal == REFUSED_INVALID) {
		outcome_form_errors(r, &out, &e);
		r->status = 422;
		return participant_intake_page(r, &actor, b.id, &in, true, &e, NULL);
	}
	if (out.refusal != DONE) {
		r->status = 409;
		return participant_intake_page(r, &actor, b.id, &in, true, NULL, outcome_message(r, &out));
	}
	page_flash(r, "referral-created");
	return req_redirect(r, arena_printf(r->a, "/referrals/%lld", (long long)out.id));
}

/* ---- one referral ---- */

/* The form of each step on the referral's page: its id, action, the
 * prefix of its fields (and of the step's errors on the page), and the
 * prefix of the step's errors in the API. */
static const struct {
	const char *form, *path, *prefix, *error_prefix, *api_prefix, *flash;
} steps[REFERRAL_ACTION_COUNT] = {
	[REFERRAL_SCREEN] = {"screen-form", "screen", "", "override_reason_", "overrides.", "screened"},
	[REFERRAL_PRIORITY] = {"priority-form", "priority", "", "", "", "saved"},
	[REFERRAL_OFFER] = {"offer-form", "offer", "", "", "", "offered"},
	[REFERRAL_ACCEPT] = {"accept-form", "accept", "", "", "", "enrolled"},
	[REFERRAL_DECLINE] = {"decline-form", "decline", "decline_", "decline_", "", "declined"},
	[REFERRAL_WITHDRAW] = {"withdraw-form", "withdraw", "withdraw_", "withdraw_", "", "withdrawn"},
};

static void
step_open(struct req *r, const struct referral *ref, enum referral_action act, const char *heading)
{
	html_lit(&r->out, "<section><h3>");
	html_text(&r->out, heading);
	html_lit(&r->out, "</h3>");
	change_form_open(r, steps[act].form,
			 arena_printf(r->a, "/referrals/%lld/%s", (long long)ref->id, steps[act].path));
	change_version_input(r, ref->version);
}

static void
step_close(struct req *r, const char *label, bool danger)
{
	change_form_end(r, label, danger);
	html_lit(&r->out, "</section>");
}

static const struct screening_row *
stored_rule(const struct referral_view *v, enum eligibility_rule rule)
{
	for (size_t i = 0; i < v->nstored; i++)
		if (strcmp(v->stored[i].rule, eligibility_rule_name(rule)) == 0)
			return &v->stored[i];
	return NULL;
}

/* The screening: every rule judged on today's facts, with an override
 * (a checkbox and a reason) beside each failed one for those who may
 * screen; after a refused screening the boxes show what was posted. */
static void
screening_section(struct req *r, const struct referral_view *v, const struct form_errors *e, bool can_screen,
		  bool posted)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2 id=\"screening\">");
	html_text(o, T(r, "Screening"));
	html_lit(o, "</h2>");
	if (v->nstored > 0) {
		page_muted(r, arena_printf(r->a, T(r, "Last screened %s by %s."), change_moment(r, v->stored[0].screened_at),
					  *v->stored[0].screened_by_name ? v->stored[0].screened_by_name : "\xE2\x80\x93"));
	}
	if (!v->judged) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, T(r, "The rules cannot be judged: the referral has no valid planned start."));
		html_lit(o, "</p>");
		return;
	}
	if (can_screen) {
		change_form_open(r, steps[REFERRAL_SCREEN].form,
				 arena_printf(r->a, "/referrals/%lld/screen", (long long)v->ref.id));
		change_version_input(r, v->ref.version);
	}
	html_lit(o, "<table id=\"screening-table\"><thead><tr>");
	change_th(r, T(r, "Rule"));
	change_th(r, T(r, "Result"));
	change_th(r, T(r, "Reason"));
	change_th(r, T(r, "Override"));
	html_lit(o, "</tr></thead><tbody>");
	for (int i = 0; i < v->live.nrules; i++) {
		const struct rule_result *rr = &v->live.rules[i];
		const struct screening_row *st = stored_rule(v, rr->rule);
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, T(r, eligibility_rule_label(rr->rule)));
		html_lit(o, "</th><td class=\"");
		html_text(o, rr->pass ? "pass" : "fail");
		html_lit(o, "\">");
		html_text(o, rr->pass ? T(r, "Pass") : T(r, "Fail"));
		html_lit(o, "</td>");
		change_td(r, rr->reason ? T(r, rr->reason) : "");
		html_lit(o, "<td>");
		if (rr->pass) {
			html_lit(o, "</td></tr>");
			continue;
		}
		if (!can_screen) {
			if (st != NULL && st->overridden == 1)
				html_text(o, arena_printf(r->a, T(r, "Overridden: %s"), st->override_reason));
			html_lit(o, "</td></tr>");
			continue;
		}
		const struct field *why = screening_reason_field(rr->rule);
		const char *box = why->key + strlen("override_reason_");
		box = arena_printf(r->a, "override_%s", box);
		bool checked = posted ? kv_get(&r->form, box) != NULL : (st != NULL && st->overridden == 1);
		struct screening kept;
		fields_clear(screening_fields, &kept);
		if (st != NULL && st->overridden == 1)
			kept.reason[rr->rule] = st->override_reason;
		html_lit(o, "<div class=\"field check\"><input type=\"checkbox\" value=\"yes\" id=\"");
		html_text(o, box);
		html_lit(o, "\" name=\"");
		html_text(o, box);
		html_lit(o, "\"");
		if (checked)
			html_lit(o, " checked");
		html_lit(o, "> <label for=\"");
		html_text(o, box);
		html_lit(o, "\">");
		html_text(o, T(r, "Override this rule"));
		html_lit(o, "</label></div>");
		static const struct field_ui reason_ui = {.rows = 3};
		form_field(r, why, &kept, posted, &reason_ui, e);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	if (can_screen)
		change_form_end(r, T(r, "Save screening"), false);
}

/* The contact persons a leader may choose, a full caseload marked in words
 * and not choosable (the command refuses it too). */
static void
contact_select(struct req *r, const struct form_errors *e, bool posted)
{
	struct buf *o = &r->out;
	struct contact_choice *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct actor actor = req_actor(r);
	if (app_contact_choices(req_db(r), r->a, &actor, NULL, 1000, &items, &n, &total) != SC_OK)
		n = 0;
	const char *err = form_error_for(e, "contact_id");
	const char *sel = posted ? req_field(r, "contact_id") : "";
	form_field_open(o, err, "contact_id", T(r, "Contact person"), true);
	html_lit(o, "<select id=\"contact_id\" name=\"contact_id\" required aria-required=\"true\"");
	form_field_attrs(o, err, "contact_id");
	html_lit(o, "><option value=\"\">");
	html_text(o, T(r, "Choose a contact person"));
	html_lit(o, "</option>");
	for (size_t i = 0; i < n; i++) {
		const char *id = case_id(r, items[i].id);
		html_lit(o, "<option value=\"");
		html_text(o, id);
		html_lit(o, "\"");
		if (strcmp(sel, id) == 0)
			html_lit(o, " selected");
		if (case_contact_full(&items[i]))
			html_lit(o, " disabled");
		html_lit(o, ">");
		html_text(o, case_contact_label(r, &items[i]));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_close(o, err, "contact_id");
}

/* The acceptance: the start (today unless posted), the planned end the
 * form proposes from the start (two years, enrolment_default_end()), which
 * follows the start until someone types another end (the hidden field
 * says what was proposed), and the contact person. */
static void
accept_form(struct req *r, const struct referral *ref, struct date today, const struct form_errors *e, bool posted)
{
	struct fields fs = enrolment_start_fields;
	struct enrolment_start shown_in;
	fields_clear(fs, &shown_in);
	shown_in.start_date = today;
	struct date start = today;
	if (posted && date_parse(req_field(r, "start_date"), &start) != SC_OK)
		start = today;
	shown_in.planned_end = enrolment_default_end(start);
	const char *proposed = case_date_text(r, shown_in.planned_end);
	bool typed_end = posted && kv_get(&r->form, "planned_end") != NULL &&
			 strcmp(req_field(r, "planned_end"), req_field(r, "planned_end_proposed")) != 0;
	step_open(r, ref, REFERRAL_ACCEPT, T(r, "Accept and enrol"));
	form_field(r, fields_find(fs, "start_date"), &shown_in, posted, NULL, e);
	form_field(r, fields_find(fs, "planned_end"), &shown_in, typed_end, NULL, e);
	struct buf *o = &r->out;
	html_lit(o, "<input type=\"hidden\" id=\"planned_end_proposed\" name=\"planned_end_proposed\""
		    " data-follows=\"start_date\" data-proposes=\"planned_end\" data-years=\"");
	html_int(o, ENROLMENT_DEFAULT_YEARS);
	html_lit(o, "\" value=\"");
	html_text(o, proposed);
	html_lit(o, "\">");
	contact_select(r, e, posted);
	step_close(r, T(r, "Enrol"), false);
}

/* The forms of the next steps the referral's state allows. posted is the
 * step whose form was posted (its fields show what was sent), or -1. */
static void
steps_section(struct req *r, const struct referral_view *v, const struct form_errors *e, int posted)
{
	struct buf *o = &r->out;
	const struct referral *ref = &v->ref;
	enum referral_state s = (enum referral_state)ref->state;
	if (referral_state_final(s))
		return;
	struct date today = case_today();
	html_lit(o, "<h2>");
	html_text(o, T(r, "Next steps"));
	html_lit(o, "</h2><div class=\"actions\">");
	static const struct field_ui reason_ui[] = {{.key = "decline_reason", .rows = 3},
						    {.key = "withdraw_reason", .rows = 3},
						    {0}};
	if (referral_action_allowed(REFERRAL_OFFER, s)) {
		struct referral_offer blank;
		fields_clear(referral_offer_fields, &blank);
		blank.offered_on = today;
		step_open(r, ref, REFERRAL_OFFER, T(r, "Offer a place"));
		form_fields(r, referral_offer_fields, &blank, posted == REFERRAL_OFFER, NULL, e);
		step_close(r, T(r, "Register offer"), false);
	}
	if (referral_action_allowed(REFERRAL_ACCEPT, s))
		accept_form(r, ref, today, e, posted == REFERRAL_ACCEPT);
	if (referral_action_allowed(REFERRAL_DECLINE, s)) {
		struct referral_close blank;
		fields_clear(referral_close_fields, &blank);
		step_open(r, ref, REFERRAL_DECLINE, T(r, "Offer declined"));
		form_fields(r, change_fields(referral_close_fields, "decline_"), &blank, posted == REFERRAL_DECLINE,
			    reason_ui, e);
		step_close(r, T(r, "Register decline"), true);
	}
	if (referral_action_allowed(REFERRAL_PRIORITY, s)) {
		struct referral_priority now = {ref->priority};
		step_open(r, ref, REFERRAL_PRIORITY, T(r, "Priority"));
		form_fields(r, referral_priority_fields, &now, posted == REFERRAL_PRIORITY, NULL, e);
		step_close(r, T(r, "Change priority"), false);
	}
	if (referral_action_allowed(REFERRAL_WITHDRAW, s)) {
		struct referral_close blank;
		fields_clear(referral_close_fields, &blank);
		step_open(r, ref, REFERRAL_WITHDRAW, T(r, "Withdraw the referral"));
		form_fields(r, change_fields(referral_close_fields, "withdraw_"), &blank, posted == REFERRAL_WITHDRAW,
			    reason_ui, e);
		step_close(r, T(r, "Withdraw"), true);
	}
	html_lit(o, "</div>");
}

static void
events_section(struct req *r, const struct referral_view *v)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2>");
	html_text(o, T(r, "History"));
	html_lit(o, "</h2><table id=\"events\"><thead><tr>");
	change_th(r, T(r, "Date"));
	change_th(r, T(r, "By"));
	change_th(r, T(r, "State change"));
	change_th(r, T(r, "Note"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < v->nevents; i++) {
		const struct referral_event *ev = &v->events[i];
		html_lit(o, "<tr>");
		change_td(r, shown(r, referral_event_fields, "on_date", ev));
		change_td(r, *ev->user_name ? ev->user_name : "\xE2\x80\x93");
		html_lit(o, "<td>");
		if (*ev->from_state == '\0') {
			html_text(o, T(r, "Registered"));
		} else {
			html_text(o, state_label(r, ev->from_state));
			html_lit(o, " \xE2\x86\x92 ");
			html_text(o, state_label(r, ev->to_state));
		}
		html_lit(o, "</td><td>");
		html_lines(o, ev->note);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* The referral's page (audited as read): its record, the screening, the
 * next steps for those who may take them, the history. posted: the step
 * whose form was posted, or -1. */
static int
referral_page(struct req *r, int64_t id, const struct form_errors *e, const char *alert, int posted)
{
	struct actor actor = req_actor(r);
	struct referral_view v;
	struct outcome out;
	int rc = app_referral(req_db(r), r->a, &actor, id, true, &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	const struct referral *ref = &v.ref;
	page_begin(r, case_name(r, v.person.given_name, v.person.family_name));
	case_header(r, &v.person, "intake");
	struct buf *o = &r->out;
	change_alert(r, alert);
	form_error_summary(r, e);
	const char *state = referral_state_key((enum referral_state)ref->state);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Referral"));
	html_lit(o, " <span class=\"status status-");
	html_text(o, state ? state : "");
	html_lit(o, "\" id=\"referral-state\">");
	html_text(o, shown(r, referral_fields, "state", ref));
	html_lit(o, "</span></h2><dl class=\"record\">");
	static const struct {
		const char *label, *key;
	} rows[] = {
		{N_("Source"), "source"},
		{N_("Referral date"), "referred_on"},
		{N_("Referrer"), "referrer"},
		{N_("Reason"), "reason"},
		{N_("Planned start"), "planned_start"},
		{N_("In the qualification programme?"), "in_qualification"},
		{N_("In the introduction programme?"), "in_introduction"},
		{N_("Lawful residence?"), "lawful_residence"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		change_dl(r, T(r, rows[i].label), shown(r, referral_fields, rows[i].key, ref));
	change_dl(r, T(r, "Introduction programme ended"), shown(r, referral_person_fields, "intro_ended", ref));
	change_dl(r, T(r, "Priority"), shown(r, referral_fields, "priority", ref));
	if (ref->offered_on.y != 0) {
		change_dl(r, T(r, "Offered on"), shown(r, referral_fields, "offered_on", ref));
		change_dl(r, T(r, "Answer by"), shown(r, referral_fields, "answer_by", ref));
	}
	html_lit(o, "</dl>");
	enum referral_state s = (enum referral_state)ref->state;
	bool can_write = (app_parts(&actor, &v.person, ACT_WRITE) & PART_BIT(PART_INTAKE)) != 0;
	screening_section(r, &v, e, can_write && referral_action_allowed(REFERRAL_SCREEN, s),
			  posted == REFERRAL_SCREEN);
	if (can_write)
		steps_section(r, &v, e, posted);
	if (s == REFERRAL_ACCEPTED) {
		html_lit(o, "<p><a href=\"/participants/");
		html_int(o, ref->participant_id);
		html_lit(o, "/enrolment\">");
		html_text(o, T(r, "See the programme period"));
		html_lit(o, "</a></p>");
	}
	events_section(r, &v);
	return page_end(r);
}

/* GET /referrals/:id and /api/v1/referrals/:id. */
static int
h_referral(struct req *r)
{
	if (!r->wants_json)
		return referral_page(r, req_param_id(r, 0), NULL, NULL, -1);
	struct actor actor = req_actor(r);
	struct referral_view v;
	struct outcome out;
	int rc = app_referral(req_db(r), r->a, &actor, req_param_id(r, 0), true, &v, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	return api_send(r, 200, referral_detail_json(&v));
}

/* ---- the steps ---- */

/* The screening as the API sends it: {"overrides": {"<rule>": "<reason>"},
 * "version"}, into the form's record (errors keyed "overrides.<rule>"). */
static bool
screening_read_json(struct req *r, struct screening *in, int64_t *version, struct form_errors *e, int *rc)
{
	static const char *const extra[] = {"overrides", NULL};
	static const struct field no_field[1];
	fields_clear(screening_fields, in);
	if (!change_read(r, (struct fields){no_field, 0}, "", extra, in, version, e, rc))
		return false;
	json_t *ov = json_object_get(r->json, "overrides");
	const char *key;
	json_t *val;
	if (ov != NULL && !json_is_null(ov) && !json_is_object(ov))
		form_error(r, e, "overrides", case_api_type_message(r, API_OBJECT));
	json_object_foreach(json_is_object(ov) ? ov : NULL, key, val)
		if (!json_is_string(val))
			form_error(r, e, arena_printf(r->a, "overrides.%s", key), case_api_type_message(r, API_STRING));
	if (e->n > 0)
		return true;
	struct field_errors fe = {0};
	json_object_foreach(json_is_object(ov) ? ov : NULL, key, val) {
		const char *field = arena_printf(r->a, "overrides.%s", key);
		int rule = -1;
		for (int i = 0; i < ELIG_NRULES; i++)
			if (strcmp(key, eligibility_rule_name((enum eligibility_rule)i)) == 0)
				rule = i;
		if (rule < 0) {
			field_error_add(&fe, field, N_("There is no rule by this name."));
			continue;
		}
		in->override[rule] = 1;
		struct field_errors one = {0};
		if (!field_read_text(screening_reason_field((enum eligibility_rule)rule), json_string_value(val), in,
				     r->a, &one) && one.n > 0)
			field_error_copy(&fe, field, &one, 0);
	}
	form_errors_from(r, &fe, e);
	return true;
}

/* The message of a refused step (409) with the referral as found. */
static const char *
conflict_text(struct req *r, const struct outcome *out, const struct referral *ref)
{
	if (out->refusal == REFUSED_STATE)
		return arena_printf(r->a, T(r, "This cannot be done now: the referral is %s. Nothing was saved."),
				    state_label(r, referral_state_key((enum referral_state)ref->state)));
	return T(r, "Someone else changed this referral while you were working on it. Nothing was saved; "
		    "the page shows its current state, and the form keeps what you entered.");
}

/* POST /referrals/:id/<step> and /api/v1/referrals/:id/<step>. */
static int
referral_step(struct req *r, enum referral_action act)
{
	struct actor actor = req_actor(r);
	int64_t id = req_param_id(r, 0);
	union {
		struct screening screen;
		struct referral_priority priority;
		struct referral_offer offer;
		struct enrolment_start accept;
		struct referral_close close;
	} in;
	struct form_errors e = {0};
	int64_t version = 0;
	int rc = SC_OK;
	bool read = false;
	const char *today = case_date_text(r, actor.today);
	switch (act) {
	case REFERRAL_SCREEN:
		if (r->wants_json)
			read = screening_read_json(r, &in.screen, &version, &e, &rc);
		else
			read = change_read(r, screening_fields, "", NULL, &in.screen, &version, &e, &rc);
		break;
	case REFERRAL_PRIORITY:
		read = change_read(r, referral_priority_fields, "", NULL, &in.priority, &version, &e, &rc);
		break;
	case REFERRAL_OFFER:
		change_json_default(r, "offered_on", today);
		read = change_read(r, referral_offer_fields, "", NULL, &in.offer, &version, &e, &rc);
		break;
	case REFERRAL_ACCEPT:
		change_json_default(r, "start_date", today);
		read = change_read(r, enrolment_start_fields, "", NULL, &in.accept, &version, &e, &rc);
		/* The end the form proposed, untouched: it follows the start
		 * that was sent (the domain computes it from an end not given). */
		if (read && !r->wants_json && strcmp(req_field(r, "planned_end"), req_field(r, "planned_end_proposed")) == 0)
			in.accept.planned_end = (struct date){0, 0, 0};
		break;
	default:
		read = change_read(r, referral_close_fields, steps[act].prefix, NULL, &in.close, &version, &e, &rc);
		break;
	}
	if (!read)
		return rc;
	struct outcome out = {0};
	struct referral ref;
	int64_t enrolment_id = 0;
	struct db *db = req_db(r);
	if (e.n > 0 || version < 0) {
		struct participant_brief person;
		rc = app_referral_find(db, r->a, &actor, id, ACT_WRITE, &ref, &person, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE && version < 0)
			return req_error(r, 400, NULL);
		if (out.refusal == DONE)
			out.refusal = REFUSED_INVALID;
	} else {
		switch (act) {
		case REFERRAL_SCREEN:
			rc = app_referral_screen(db, r->a, &actor, id, version, &in.screen, &ref, &out);
			break;
		case REFERRAL_PRIORITY:
			rc = app_referral_priority(db, r->a, &actor, id, version, &in.priority, &ref, &out);
			break;
		case REFERRAL_OFFER:
			rc = app_referral_offer(db, r->a, &actor, id, version, &in.offer, &ref, &out);
			break;
		case REFERRAL_ACCEPT:
			rc = app_referral_accept(db, r->a, &actor, id, version, &in.accept, &enrolment_id, &ref, &out);
			break;
		default:
			rc = app_referral_close(db, r->a, &actor, id, act, version, &in.close, &ref, &out);
			break;
		}
		if (rc != SC_OK)
			return rc;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal == DONE && r->wants_json) {
		struct referral_view v;
		struct outcome again;
		rc = app_referral(db, r->a, &actor, id, false, &v, &again);
		if (rc != SC_OK)
			return rc;
		json_t *j = referral_detail_json(&v);
		if (act == REFERRAL_ACCEPT)
			json_object_set_new(j, "enrolment_id", json_integer(enrolment_id));
		return api_send(r, 200, j);
	}
	if (out.refusal == DONE) {
		page_flash(r, steps[act].flash);
		if (act == REFERRAL_ACCEPT)
			return req_redirect(r, arena_printf(r->a, "/participants/%lld/enrolment", (long long)ref.participant_id));
		return req_redirect(r, arena_printf(r->a, "/referrals/%lld", (long long)id));
	}
	bool invalid = out.refusal == REFUSED_INVALID || out.refusal == REFUSED_FULL;
	if (r->wants_json) {
		if (!invalid)
			return api_error(r, 409, "conflict", conflict_text(r, &out, &ref), NULL);
		change_errors(r, &out.errors, steps[act].api_prefix, &e);
		if (out.refusal == REFUSED_FULL)
			return api_error(r, 409, "cap_reached", T(r, "The contact person's caseload is full."),
					 case_errors_json(&e));
		return case_api_invalid(r, &e);
	}
	if (!invalid) {
		r->status = 409;
		return referral_page(r, id, NULL, conflict_text(r, &out, &ref), act);
	}
	change_errors(r, &out.errors, steps[act].error_prefix, &e);
	if (e.n == 0)
		form_error(r, &e, "version", N_("Some fields are wrong."));
	r->status = out.refusal == REFUSED_FULL ? 409 : 422;
	return referral_page(r, id, &e, NULL, act);
}

static int
h_referral_screen(struct req *r)
{
	return referral_step(r, REFERRAL_SCREEN);
}

static int
h_referral_priority(struct req *r)
{
	return referral_step(r, REFERRAL_PRIORITY);
}

static int
h_referral_offer(struct req *r)
{
	return referral_step(r, REFERRAL_OFFER);
}

static int
h_referral_accept(struct req *r)
{
	return referral_step(r, REFERRAL_ACCEPT);
}

static int
h_referral_decline(struct req *r)
{
	return referral_step(r, REFERRAL_DECLINE);
}

static int
h_referral_withdraw(struct req *r)
{
	return referral_step(r, REFERRAL_WITHDRAW);
}

/* Intake and referrals are the programme leader's (RES_INTAKE). */
const struct route intake_routes[] = {
	PAGE(GET_HEAD, "/intake", h_intake, NEED(RES_INTAKE, ACT_READ)),
	API(GET_HEAD, "/api/v1/referrals", h_referrals, NEED(RES_INTAKE, ACT_READ)),
	BOTH(GET_HEAD, "/participants/:id/intake", "/api/v1/participants/:id/referrals", h_participant_referrals,
	     NEED(RES_INTAKE, ACT_READ)),
	BOTH(M_POST, "/participants/:id/referrals", "/api/v1/participants/:id/referrals", h_referral_create,
	     NEED(RES_INTAKE, ACT_WRITE)),
	BOTH(GET_HEAD, "/referrals/:id", "/api/v1/referrals/:id", h_referral, NEED(RES_INTAKE, ACT_READ)),
	BOTH(M_POST, "/referrals/:id/screen", "/api/v1/referrals/:id/screen", h_referral_screen,
	     NEED(RES_INTAKE, ACT_WRITE)),
	BOTH(M_POST, "/referrals/:id/priority", "/api/v1/referrals/:id/priority", h_referral_priority,
	     NEED(RES_INTAKE, ACT_WRITE)),
	BOTH(M_POST, "/referrals/:id/offer", "/api/v1/referrals/:id/offer", h_referral_offer,
	     NEED(RES_INTAKE, ACT_WRITE)),
	BOTH(M_POST, "/referrals/:id/accept", "/api/v1/referrals/:id/accept", h_referral_accept,
	     NEED(RES_INTAKE, ACT_WRITE)),
	BOTH(M_POST, "/referrals/:id/decline", "/api/v1/referrals/:id/decline", h_referral_decline,
	     NEED(RES_INTAKE, ACT_WRITE)),
	BOTH(M_POST, "/referrals/:id/withdraw", "/api/v1/referrals/:id/withdraw", h_referral_withdraw,
	     NEED(RES_INTAKE, ACT_WRITE)),
	ROUTES_END
};
