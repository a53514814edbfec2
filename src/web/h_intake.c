/*
 * h_intake.c — pages and API for this area; its routes are in routes_intake.inc.
 *
 * Intake: referrals of a participant (the participant's Intake tab),
 * screening against the eligibility rules with a leader's overrides, the
 * offer and its answer (acceptance starts a programme period and assigns
 * a contact person in the same transaction), the waiting list with each
 * person's place and expected wait, and the programme period itself:
 * extensions, pauses and exit with its follow-ups.
 *
 * Every form posts to its own address; a refusal shows the same page again
 * with the error beside the field (422), or the current state of the record
 * when someone else changed it first (409). Every change and its audit entry
 * are one transaction. Field names: the domain's keys (intake.h,
 * enrolment.h) in the API; on pages with several forms each form's fields
 * carry its prefix ("extend_reason", "decline_reason", ...).
 */
#include "case.h"
#include "export.h"
#include "http.h"
#include "domain/caseload.h"
#include "domain/enrolment.h"
#include "domain/intake.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

/* This area's handlers, declared from its route lines. */
#define ROUTE(method, pattern, fn, perm, api) int fn(struct req *r);
#include "routes_intake.inc"
#undef ROUTE

#define NEW_PER_PAGE 50
#define RECENT_DECISIONS 20
#define WAITLIST_PER_PAGE 100
#define WAITLIST_EXPORT_MAX 100000

/* ---- small writers ---- */

static void
hidden_version(struct req *r, int64_t version)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(&r->out, version);
	html_lit(&r->out, "\">");
}

static void
form_open(struct req *r, const char *id, const char *path, int64_t record_id, const char *action)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" id=\"");
	html_text(o, id);
	html_lit(o, "\" action=\"");
	html_text(o, path);
	html_int(o, record_id);
	html_text(o, action);
	html_lit(o, "\" novalidate>");
	form_csrf(r);
}

static void
form_submit(struct req *r, const char *label, bool danger)
{
	if (danger)
		html_lit(&r->out, "<button type=\"submit\" class=\"danger\">");
	else
		html_lit(&r->out, "<button type=\"submit\">");
	html_text(&r->out, label);
	html_lit(&r->out, "</button></form>");
}

static void
dl_row(struct req *r, const char *label, const char *value)
{
	html_lit(&r->out, "<dt>");
	html_text(&r->out, label);
	html_lit(&r->out, "</dt><dd>");
	html_lines(&r->out, value != NULL && *value ? value : "\xE2\x80\x93");
	html_lit(&r->out, "</dd>");
}

static void
th(struct req *r, const char *label)
{
	html_lit(&r->out, "<th scope=\"col\">");
	html_text(&r->out, label);
	html_lit(&r->out, "</th>");
}

static void
td(struct req *r, const char *text)
{
	html_lit(&r->out, "<td>");
	html_text(&r->out, text);
	html_lit(&r->out, "</td>");
}

static void
notice(struct req *r, const char *text, bool alert)
{
	if (text == NULL)
		return;
	if (alert)
		html_lit(&r->out, "<p class=\"error-box\" role=\"alert\">");
	else
		html_lit(&r->out, "<p class=\"notice\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</p>");
}

/* The value a form field had when posted, else dflt. */
static const char *
posted(struct req *r, const char *name, const char *dflt)
{
	const char *v = kv_get(&r->form, name);
	return v != NULL ? v : dflt;
}

static const char *
state_label(struct req *r, const char *key)
{
	enum referral_state s;
	if (key == NULL || *key == '\0')
		return "";
	return referral_state_parse(key, &s) == 0 ? T(r, referral_state_label(s)) : key;
}

static const char *
source_label(struct req *r, const char *key)
{
	enum referral_source s;
	return referral_source_parse(key, &s) == 0 ? T(r, referral_source_label(s)) : key;
}

static const char *
yes_no(struct req *r, bool v)
{
	return v ? T(r, "Yes") : T(r, "No");
}

static const char *
moment_text(struct req *r, int64_t t)
{
	char s[32];
	time_format_local(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

/* Copies the domain's errors into a form's, each field name prefixed. */
static void
errors_prefixed(struct req *r, const struct field_errors *fe, const char *prefix,
		struct form_errors *e)
{
	for (int i = 0; i < fe->n; i++)
		form_error(r, e, arena_printf(r->a, "%s%s", prefix, fe->field[i]), fe->reason[i]);
}

/* "now", "about N weeks" or "unknown". */
static const char *
wait_text(struct req *r, int days)
{
	if (days == 0)
		return T(r, "now");
	int weeks = intake_wait_weeks(days);
	if (weeks < 0)
		return T(r, "unknown");
	return arena_printf(r->a, trn(r->lang, "about %d week", "about %d weeks", (unsigned long)weeks), weeks);
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

static bool
is_leader(const struct req *r)
{
	return (r->user.roles & ROLE_BIT(ROLE_LEADER)) != 0;
}

/* ---- loading ---- */

/* Loads the referral of the route's :id and checks access (RES_INTAKE, act)
 * to its participant. 0, CASE_ANSWERED (404/403 sent), or an error. */
static int
referral_load(struct req *r, enum action act, struct referral *ref, struct participant_brief *b)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	int rc = store_referral_get(req_db(r), r->a, id, ref);
	if (rc == SC_ENOTFOUND) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	if (rc != SC_OK)
		return rc;
	return case_participant(r, case_id(r, ref->participant_id), PART_BIT(PART_INTAKE), act, b);
}

/* The same for a programme period (the route checked the resource the
 * change needs; here the period of this participant). */
static int
enrolment_load(struct req *r, enum action act, struct enrolment *en, struct participant_brief *b)
{
	int64_t id = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &id) != SC_OK) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	int rc = store_enrolment_get(req_db(r), r->a, id, en);
	if (rc == SC_ENOTFOUND) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	if (rc != SC_OK)
		return rc;
	return case_participant(r, case_id(r, en->participant_id), PART_BIT(PART_PERIOD), act, b);
}

/* The form's version field; false (and answers 400) when missing or bad. */
static bool
form_version(struct req *r, int64_t *version, int *rc)
{
	if (parse_int64(req_field(r, "version"), 1, INT64_MAX, version) != SC_OK) {
		*rc = req_error(r, 400, NULL);
		return false;
	}
	return true;
}

/* ---- /intake ---- */

int
h_intake(struct req *r)
{
	int64_t page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK)
		return req_error(r, 400, NULL);
	struct db *db = req_db(r);
	struct referral *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = store_referral_list(db, r->a, "new", NEW_PER_PAGE, (page - 1) * NEW_PER_PAGE, &items,
				     &n, &total);
	struct referral_event *recent = NULL;
	size_t nrecent = 0;
	if (rc == SC_OK)
		rc = store_referral_recent(db, r->a, RECENT_DECISIONS, &recent, &nrecent);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "referral.list", "referral", NULL, "ok");

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
		th(r, T(r, "Name"));
		th(r, T(r, "Referred on"));
		th(r, T(r, "Source"));
		th(r, T(r, "Referrer"));
		th(r, T(r, "Priority"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td>");
			referral_link(r, items[i].id, items[i].given_name, items[i].family_name);
			html_lit(o, "</td>");
			td(r, items[i].referred_on);
			td(r, source_label(r, items[i].source));
			td(r, items[i].referrer);
			html_lit(o, "<td>");
			html_int(o, items[i].priority);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
		page_pager(r, "/intake", "", page, total, NEW_PER_PAGE);
	}
	html_lit(o, "<h2>");
	html_text(o, T(r, "Recently decided"));
	html_lit(o, "</h2>");
	if (nrecent == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Nothing has been decided yet."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table id=\"recent-decisions\"><thead><tr>");
		th(r, T(r, "Date"));
		th(r, T(r, "Name"));
		th(r, T(r, "State change"));
		th(r, T(r, "By"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < nrecent; i++) {
			html_lit(o, "<tr>");
			td(r, recent[i].on_date);
			html_lit(o, "<td>");
			referral_link(r, recent[i].referral_id, recent[i].given_name, recent[i].family_name);
			html_lit(o, "</td><td>");
			html_text(o, state_label(r, recent[i].from_state));
			html_lit(o, " \xE2\x86\x92 ");
			html_text(o, state_label(r, recent[i].to_state));
			html_lit(o, "</td>");
			td(r, recent[i].user_name);
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	return page_end(r);
}

/* ---- a participant's referrals ---- */

static void
referrals_table(struct req *r, const struct referral *items, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"referrals\"><thead><tr>");
	th(r, T(r, "Referred on"));
	th(r, T(r, "Source"));
	th(r, T(r, "Planned start"));
	th(r, T(r, "Priority"));
	th(r, T(r, "State"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td><a href=\"/referrals/");
		html_int(o, items[i].id);
		html_lit(o, "\">");
		html_text(o, items[i].referred_on);
		html_lit(o, "</a></td>");
		td(r, source_label(r, items[i].source));
		td(r, items[i].planned_start);
		html_lit(o, "<td>");
		html_int(o, items[i].priority);
		html_lit(o, "</td>");
		td(r, state_label(r, items[i].state));
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
}

static void
referral_form(struct req *r, const struct participant_brief *b, const struct form_errors *e)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2 id=\"new-referral\">");
	html_text(o, T(r, "New referral"));
	html_lit(o, "</h2>");
	form_error_summary(r, e);
	form_open(r, "referral-form", "/participants/", b->id, "/referrals");
	static const char *const keys[] = {"nav", "intro", "self", "other"};
	const char *labels[REFERRAL_SOURCE_COUNT];
	for (int i = 0; i < REFERRAL_SOURCE_COUNT; i++)
		labels[i] = referral_source_label((enum referral_source)i);
	form_select(r, e, "source", "source", T(r, "Source"), keys, labels, REFERRAL_SOURCE_COUNT,
		     posted(r, "source", ""), T(r, "Choose the source"));
	form_input(r, e, "referred_on", T(r, "Referral date"), "date",
		   posted(r, "referred_on", case_date_text(r, case_today())), "off", true);
	form_input(r, e, "referrer", T(r, "Referrer (person or office)"), "text",
		   posted(r, "referrer", ""), "off", false);
	form_textarea(r, e, "reason", "reason", T(r, "Reason for the referral"), posted(r, "reason", ""), true, 3, 0);
	form_input(r, e, "planned_start", T(r, "Planned start"), "date", posted(r, "planned_start", ""),
		   "off", true);
	form_yes_no(r, e, "in_qualification", T(r, "In the qualification programme?"),
		     posted(r, "in_qualification", "no"));
	form_yes_no(r, e, "in_introduction", T(r, "In the introduction programme?"),
		     posted(r, "in_introduction", "no"));
	form_yes_no(r, e, "lawful_residence", T(r, "Lawful residence?"),
		     posted(r, "lawful_residence", "yes"));
	form_input(r, e, "priority", T(r, "Priority (1 highest, 9 lowest)"), "number",
		   posted(r, "priority", "5"), "off", false);
	form_submit(r, T(r, "Register referral"), false);
}

static int
participant_intake_page(struct req *r, const struct participant_brief *b,
			const struct form_errors *e, const char *alert)
{
	struct referral *items = NULL;
	size_t n = 0;
	int rc = store_referral_list_participant(req_db(r), r->a, b->id, &items, &n);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "referral.list", "participant", case_id(r, b->id), "ok");
	page_begin(r, case_name(r, b->given_name, b->family_name));
	case_header(r, b, "intake");
	struct buf *o = &r->out;
	notice(r, alert, true);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Referrals"));
	html_lit(o, "</h2>");
	const struct referral *open = NULL;
	for (size_t i = 0; i < n && open == NULL; i++) {
		enum referral_state s;
		if (referral_state_parse(items[i].state, &s) == 0 && !referral_state_final(s))
			open = &items[i];
	}
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No referrals yet."));
		html_lit(o, "</p>");
	} else {
		referrals_table(r, items, n);
	}
	if (!case_allows(r, b, PART_BIT(PART_INTAKE), ACT_WRITE))
		return page_end(r);
	if (open != NULL) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, T(r, "This participant has an open referral; decide it before registering a new one."));
		html_lit(o, " <a href=\"/referrals/");
		html_int(o, open->id);
		html_lit(o, "\">");
		html_text(o, T(r, "Open the referral"));
		html_lit(o, "</a></p>");
	} else if (strcmp(b->status, "active") == 0 || strcmp(b->status, "paused") == 0) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, T(r, "This participant is enrolled in the programme."));
		html_lit(o, "</p>");
	} else {
		referral_form(r, b, e);
	}
	return page_end(r);
}

int
h_participant_intake(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_INTAKE), ACT_READ, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	return participant_intake_page(r, &b, NULL, NULL);
}

/* Fills a referral form from the posted fields (writable arena copies). */
static void
referral_form_from_post(struct req *r, struct referral_form *f)
{
	f->source = arena_strdup(r->a, req_field(r, "source"));
	f->referred_on = arena_strdup(r->a, req_field(r, "referred_on"));
	f->referrer = arena_strdup(r->a, req_field(r, "referrer"));
	f->reason = arena_strdup(r->a, req_field(r, "reason"));
	f->planned_start = arena_strdup(r->a, req_field(r, "planned_start"));
	f->in_qualification = arena_strdup(r->a, req_field(r, "in_qualification"));
	f->in_introduction = arena_strdup(r->a, req_field(r, "in_introduction"));
	f->lawful_residence = arena_strdup(r->a, req_field(r, "lawful_residence"));
	f->priority = arena_strdup(r->a, req_field(r, "priority"));
}

/* Registers a validated referral with its audit entry in one transaction.
 * Returns 0 with *id, SC_ECONFLICT with *refusal, or an error. */
static int
referral_register(struct req *r, const struct participant_brief *b, const struct referral_input *in,
		  int64_t *id, const char **refusal)
{
	struct db *db = req_db(r);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_referral_create(db, b->id, in, r->user.id, time_now(), case_today(), id, refusal);
	if (rc == SC_OK)
		rc = req_audit(r, "referral.create", "referral", case_id(r, *id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
h_referral_create(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_INTAKE), ACT_WRITE, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct referral_form f;
	referral_form_from_post(r, &f);
	struct referral_input in;
	struct field_errors fe;
	struct form_errors e = {0};
	if (referral_validate(&f, case_today(), &in, &fe) != SC_OK) {
		case_form_errors(r, &fe, &e);
		r->status = 422;
		return participant_intake_page(r, &b, &e, NULL);
	}
	int64_t id = 0;
	const char *refusal = NULL;
	rc = referral_register(r, &b, &in, &id, &refusal);
	if (rc == SC_ECONFLICT || rc == SC_ENOTFOUND) {
		r->status = 409;
		return participant_intake_page(r, &b, NULL,
					       refusal ? T(r, refusal) : T(r, "The participant's records changed; nothing was saved."));
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, "referral-created");
	return req_redirect(r, arena_printf(r->a, "/referrals/%lld", (long long)id));
}

/* ---- one referral ---- */

struct referral_view {
	struct referral ref;
	struct participant_brief b;
	struct screening_row *stored;   /* the latest screening, ELIG_NRULES rows or none */
	size_t nstored;
	bool have_live;
	struct eligibility_result live; /* the rules judged on today's facts */
	struct referral_event *events;
	size_t nevents;
};

static int
referral_view_load(struct req *r, struct referral_view *v)
{
	struct db *db = req_db(r);
	int rc = store_screening_latest(db, r->a, v->ref.id, &v->stored, &v->nstored);
	if (rc == SC_OK)
		rc = store_referral_events(db, r->a, v->ref.id, &v->events, &v->nevents);
	if (rc != SC_OK)
		return rc;
	struct eligibility_input in;
	v->have_live = intake_eligibility_input(v->ref.birth_date, v->ref.intro_ended, v->ref.planned_start,
						v->ref.in_qualification, v->ref.in_introduction,
						v->ref.lawful_residence, &in) == 0 &&
		       eligibility_screen(&in, &v->live) == 0;
	return SC_OK;
}

static const struct screening_row *
stored_rule(const struct referral_view *v, enum eligibility_rule rule)
{
	for (size_t i = 0; i < v->nstored; i++)
		if (strcmp(v->stored[i].rule, eligibility_rule_name(rule)) == 0)
			return &v->stored[i];
	return NULL;
}

static void
screening_section(struct req *r, const struct referral_view *v, const struct form_errors *e,
		  bool can_screen)
{
	struct buf *o = &r->out;
	html_lit(o, "<h2 id=\"screening\">");
	html_text(o, T(r, "Screening"));
	html_lit(o, "</h2>");
	if (v->nstored > 0) {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, arena_printf(r->a, T(r, "Last screened %s by %s."),
					  moment_text(r, v->stored[0].screened_at),
					  *v->stored[0].screened_by_name ? v->stored[0].screened_by_name : "\xE2\x80\x93"));
		html_lit(o, "</p>");
	}
	if (!v->have_live) {
		notice(r, T(r, "The rules cannot be judged: the referral has no valid planned start."), false);
		return;
	}
	/* After a refused screening the boxes show what was posted. */
	bool screen_posted = r->method == M_POST && r->form.n > 0 && r->path.n > 0 &&
			     strcmp(r->path.segs[r->path.n - 1], "screen") == 0;
	if (can_screen) {
		form_open(r, "screen-form", "/referrals/", v->ref.id, "/screen");
		hidden_version(r, v->ref.version);
	}
	html_lit(o, "<table id=\"screening-table\"><thead><tr>");
	th(r, T(r, "Rule"));
	th(r, T(r, "Result"));
	th(r, T(r, "Reason"));
	th(r, T(r, "Override"));
	html_lit(o, "</tr></thead><tbody>");
	for (int i = 0; i < v->live.nrules; i++) {
		const struct rule_result *rr = &v->live.rules[i];
		const char *name = eligibility_rule_name(rr->rule);
		const struct screening_row *st = stored_rule(v, rr->rule);
		html_lit(o, "<tr><th scope=\"row\">");
		html_text(o, T(r, eligibility_rule_label(rr->rule)));
		html_lit(o, "</th><td class=\"");
		html_text(o, rr->pass ? "pass" : "fail");
		html_lit(o, "\">");
		html_text(o, rr->pass ? T(r, "Pass") : T(r, "Fail"));
		html_lit(o, "</td>");
		td(r, rr->reason ? T(r, rr->reason) : "");
		html_lit(o, "<td>");
		if (rr->pass) {
			html_lit(o, "</td></tr>");
			continue;
		}
		if (!can_screen) {
			if (st != NULL && st->overridden)
				html_text(o, arena_printf(r->a, T(r, "Overridden: %s"), st->override_reason));
			html_lit(o, "</td></tr>");
			continue;
		}
		const char *box = arena_printf(r->a, "override_%s", name);
		const char *why = arena_printf(r->a, "override_reason_%s", name);
		bool was_posted = screen_posted;
		bool checked = was_posted ? kv_get(&r->form, box) != NULL : (st != NULL && st->overridden);
		const char *reason = was_posted ? req_field(r, why)
					       : (st != NULL && st->overridden ? st->override_reason : "");
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
		form_textarea(r, e, why, why, T(r, "Reason for the override"), reason, false, 3, 0);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
	if (can_screen)
		form_submit(r, T(r, "Save screening"), false);
}

static void
contact_select(struct req *r, const struct form_errors *e)
{
	struct buf *o = &r->out;
	struct contact_choice *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (store_caseload_choices(req_db(r), r->a, r->user.centre_id, NULL, 1000, &items, &n, &total) != SC_OK)
		n = 0;
	const char *err = form_error_for(e, "contact_id");
	const char *sel = posted(r, "contact_id", "");
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
		/* A full caseload cannot take the participant: marked in words
		 * and not choosable (the store refuses it too). */
		if (case_contact_full(&items[i]))
			html_lit(o, " disabled");
		html_lit(o, ">");
		html_text(o, case_contact_label(r, &items[i]));
		html_lit(o, "</option>");
	}
	html_lit(o, "</select>");
	form_field_close(o, err, "contact_id");
}

/* The planned end the accept form proposes: two years after start when it
 * is a date, else after today (enrolment_default_end, the domain's rule). */
static const char *
proposed_end(struct req *r, const char *start, struct date today)
{
	struct date d;
	if (date_parse(start, &d) != SC_OK)
		d = today;
	return case_date_text(r, enrolment_default_end(d));
}

static void
actions_section(struct req *r, const struct referral_view *v, const struct form_errors *e)
{
	struct buf *o = &r->out;
	enum referral_state s;
	if (referral_state_parse(v->ref.state, &s) != 0 || referral_state_final(s))
		return;
	struct date today = case_today();
	const char *today_text = case_date_text(r, today);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Next steps"));
	html_lit(o, "</h2><div class=\"actions\">");
	if (referral_action_allowed(REFERRAL_OFFER, s)) {
		html_lit(o, "<section><h3>");
		html_text(o, T(r, "Offer a place"));
		html_lit(o, "</h3>");
		form_open(r, "offer-form", "/referrals/", v->ref.id, "/offer");
		hidden_version(r, v->ref.version);
		form_input(r, e, "offered_on", T(r, "Offer date"), "date", posted(r, "offered_on", today_text),
			   "off", true);
		form_input(r, e, "answer_by", T(r, "Answer by"), "date", posted(r, "answer_by", ""), "off", false);
		form_submit(r, T(r, "Register offer"), false);
		html_lit(o, "</section>");
	}
	if (referral_action_allowed(REFERRAL_ACCEPT, s)) {
		html_lit(o, "<section><h3>");
		html_text(o, T(r, "Accept and enrol"));
		html_lit(o, "</h3>");
		form_open(r, "accept-form", "/referrals/", v->ref.id, "/accept");
		hidden_version(r, v->ref.version);
		const char *start = posted(r, "start_date", today_text);
		const char *proposed = proposed_end(r, start, today);
		/* The end proposed from the start follows the start until someone
		 * types another end (the hidden field says what was proposed). */
		const char *end = kv_get(&r->form, "planned_end") != NULL &&
				  strcmp(req_field(r, "planned_end"), req_field(r, "planned_end_proposed")) != 0
				  ? req_field(r, "planned_end") : proposed;
		form_input(r, e, "start_date", T(r, "Start date"), "date", start, "off", true);
		form_input(r, e, "planned_end", T(r, "Planned end (two years unless set)"), "date", end, "off",
			   false);
		html_lit(o, "<input type=\"hidden\" id=\"planned_end_proposed\" name=\"planned_end_proposed\""
			    " data-follows=\"start_date\" data-proposes=\"planned_end\" data-years=\"");
		html_int(o, ENROLMENT_DEFAULT_YEARS);
		html_lit(o, "\" value=\"");
		html_text(o, proposed);
		html_lit(o, "\">");
		contact_select(r, e);
		form_submit(r, T(r, "Enrol"), false);
		html_lit(o, "</section>");
	}
	if (referral_action_allowed(REFERRAL_DECLINE, s)) {
		html_lit(o, "<section><h3>");
		html_text(o, T(r, "Offer declined"));
		html_lit(o, "</h3>");
		form_open(r, "decline-form", "/referrals/", v->ref.id, "/decline");
		hidden_version(r, v->ref.version);
		form_textarea(r, e, "decline_reason", "decline_reason", T(r, "Reason"), posted(r, "decline_reason", ""), true, 3, 0);
		form_submit(r, T(r, "Register decline"), true);
		html_lit(o, "</section>");
	}
	if (referral_action_allowed(REFERRAL_PRIORITY, s)) {
		html_lit(o, "<section><h3>");
		html_text(o, T(r, "Priority"));
		html_lit(o, "</h3>");
		form_open(r, "priority-form", "/referrals/", v->ref.id, "/priority");
		hidden_version(r, v->ref.version);
		form_input(r, e, "priority", T(r, "Priority (1 highest, 9 lowest)"), "number",
			   posted(r, "priority", case_id(r, v->ref.priority)), "off", true);
		form_submit(r, T(r, "Change priority"), false);
		html_lit(o, "</section>");
	}
	if (referral_action_allowed(REFERRAL_WITHDRAW, s)) {
		html_lit(o, "<section><h3>");
		html_text(o, T(r, "Withdraw the referral"));
		html_lit(o, "</h3>");
		form_open(r, "withdraw-form", "/referrals/", v->ref.id, "/withdraw");
		hidden_version(r, v->ref.version);
		form_textarea(r, e, "withdraw_reason", "withdraw_reason", T(r, "Reason"), posted(r, "withdraw_reason", ""), true, 3, 0);
		form_submit(r, T(r, "Withdraw"), true);
		html_lit(o, "</section>");
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
	th(r, T(r, "Date"));
	th(r, T(r, "By"));
	th(r, T(r, "State change"));
	th(r, T(r, "Note"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < v->nevents; i++) {
		const struct referral_event *ev = &v->events[i];
		html_lit(o, "<tr>");
		td(r, ev->on_date);
		td(r, *ev->user_name ? ev->user_name : "\xE2\x80\x93");
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

static int
referral_page(struct req *r, struct referral_view *v, const struct form_errors *e, const char *alert)
{
	int rc = referral_view_load(r, v);
	if (rc != SC_OK)
		return rc;
	const struct referral *ref = &v->ref;
	req_audit(r, "referral.read", "referral", case_id(r, ref->id), "ok");
	page_begin(r, case_name(r, v->b.given_name, v->b.family_name));
	case_header(r, &v->b, "intake");
	struct buf *o = &r->out;
	notice(r, alert, true);
	form_error_summary(r, e);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Referral"));
	html_lit(o, " <span class=\"status status-");
	html_text(o, ref->state);
	html_lit(o, "\" id=\"referral-state\">");
	html_text(o, state_label(r, ref->state));
	html_lit(o, "</span></h2><dl class=\"record\">");
	dl_row(r, T(r, "Source"), source_label(r, ref->source));
	dl_row(r, T(r, "Referral date"), ref->referred_on);
	dl_row(r, T(r, "Referrer"), ref->referrer);
	dl_row(r, T(r, "Reason"), ref->reason);
	dl_row(r, T(r, "Planned start"), ref->planned_start);
	dl_row(r, T(r, "In the qualification programme?"), yes_no(r, ref->in_qualification));
	dl_row(r, T(r, "In the introduction programme?"), yes_no(r, ref->in_introduction));
	dl_row(r, T(r, "Lawful residence?"), yes_no(r, ref->lawful_residence));
	dl_row(r, T(r, "Introduction programme ended"), ref->intro_ended);
	dl_row(r, T(r, "Priority"), case_id(r, ref->priority));
	if (ref->offered_on != NULL) {
		dl_row(r, T(r, "Offered on"), ref->offered_on);
		dl_row(r, T(r, "Answer by"), ref->answer_by);
	}
	html_lit(o, "</dl>");
	enum referral_state s = REFERRAL_ACCEPTED;
	referral_state_parse(ref->state, &s);
	bool can_write = case_allows(r, &v->b, PART_BIT(PART_INTAKE), ACT_WRITE);
	screening_section(r, v, e, can_write && referral_action_allowed(REFERRAL_SCREEN, s));
	if (can_write)
		actions_section(r, v, e);
	if (s == REFERRAL_ACCEPTED) {
		html_lit(o, "<p><a href=\"/participants/");
		html_int(o, ref->participant_id);
		html_lit(o, "/enrolment\">");
		html_text(o, T(r, "See the programme period"));
		html_lit(o, "</a></p>");
	}
	events_section(r, v);
	return page_end(r);
}

int
h_referral(struct req *r)
{
	struct referral_view v;
	memset(&v, 0, sizeof v);
	int rc = referral_load(r, ACT_READ, &v.ref, &v.b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	return referral_page(r, &v, NULL, NULL);
}

/* What a referral action needs, from a form or a JSON body. */
struct referral_change {
	int64_t version;                /* 0 = as read */
	int priority;
	const char *offered_on;
	const char *answer_by;
	const char *start_date;
	const char *planned_end;
	int64_t contact_id;
	char *reason;
	struct screening_override ov[ELIG_NRULES];
	/* results */
	enum referral_state next;
	int64_t enrolment_id;
};

/*
 * Applies a referral action with its audit entry in one transaction.
 * Returns 0; SC_EINVAL / SC_ELIMIT with fe (domain keys); SC_ECONFLICT;
 * SC_ENOTFOUND; or an error. Everything is rolled back on failure.
 */
static int
referral_apply(struct req *r, enum referral_action act, int64_t id, struct referral_change *c,
	       struct field_errors *fe)
{
	struct db *db = req_db(r);
	int64_t now = time_now();
	struct date today = case_today();
	memset(fe, 0, sizeof *fe);
	int rc = store_tx_begin(db);
	if (rc != SC_OK)
		return rc;
	switch (act) {
	case REFERRAL_SCREEN:
		rc = store_referral_screen(db, id, c->version, c->ov, is_leader(r), r->user.id, now, today,
					   NULL, &c->next, fe);
		break;
	case REFERRAL_PRIORITY:
		rc = store_referral_set_priority(db, id, c->version, c->priority, r->user.id, now, today);
		break;
	case REFERRAL_OFFER:
		rc = store_referral_offer(db, id, c->version, c->offered_on, c->answer_by, r->user.id, now,
					  today, fe);
		break;
	case REFERRAL_ACCEPT:
		rc = store_referral_accept(db, id, c->version, c->start_date, c->planned_end, c->contact_id,
					   r->user.id, now, today, fe, &c->enrolment_id);
		break;
	case REFERRAL_DECLINE:
		rc = store_referral_decline(db, id, c->version, c->reason, r->user.id, now, today, fe);
		break;
	case REFERRAL_WITHDRAW:
		rc = store_referral_withdraw(db, id, c->version, c->reason, r->user.id, now, today, fe);
		break;
	default:
		rc = SC_EINVAL;
		break;
	}
	if (rc == SC_OK)
		rc = req_audit(r, arena_printf(r->a, "referral.%s", referral_action_key(act)), "referral",
			       case_id(r, id), "ok");
	if (rc == SC_OK && act == REFERRAL_ACCEPT)
		rc = req_audit(r, "enrolment.create", "enrolment", case_id(r, c->enrolment_id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

/* The message of a 409 for a referral action. */
static const char *
referral_conflict_text(struct req *r, enum referral_action act, const struct referral *now)
{
	enum referral_state s;
	if (referral_state_parse(now->state, &s) == 0 && !referral_action_allowed(act, s))
		return arena_printf(r->a, T(r, "This cannot be done now: the referral is %s. Nothing was saved."),
				    state_label(r, now->state));
	return T(r, "Someone else changed this referral while you were working on it. Nothing was saved; "
		    "the page shows its current state, and the form keeps what you entered.");
}

static const char *const referral_flash[REFERRAL_ACTION_COUNT] = {
	[REFERRAL_SCREEN] = "screened", [REFERRAL_PRIORITY] = "saved", [REFERRAL_OFFER] = "offered",
	[REFERRAL_ACCEPT] = "enrolled", [REFERRAL_DECLINE] = "declined", [REFERRAL_WITHDRAW] = "withdrawn",
};

/* The form prefix of each action's store errors. */
static const char *const referral_prefix[REFERRAL_ACTION_COUNT] = {
	[REFERRAL_SCREEN] = "override_reason_", [REFERRAL_PRIORITY] = "", [REFERRAL_OFFER] = "",
	[REFERRAL_ACCEPT] = "", [REFERRAL_DECLINE] = "decline_", [REFERRAL_WITHDRAW] = "withdraw_",
};

static int
referral_post(struct req *r, enum referral_action act)
{
	struct referral_view v;
	memset(&v, 0, sizeof v);
	int rc = referral_load(r, ACT_WRITE, &v.ref, &v.b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct referral_change c;
	memset(&c, 0, sizeof c);
	if (!form_version(r, &c.version, &rc))
		return rc;
	struct form_errors e = {0};
	switch (act) {
	case REFERRAL_SCREEN:
		for (int i = 0; i < ELIG_NRULES; i++) {
			const char *name = eligibility_rule_name((enum eligibility_rule)i);
			c.ov[i].on = kv_get(&r->form, arena_printf(r->a, "override_%s", name)) != NULL;
			c.ov[i].reason = arena_strdup(r->a, req_field(r, arena_printf(r->a, "override_reason_%s", name)));
		}
		break;
	case REFERRAL_PRIORITY: {
		int64_t p = 0;
		if (parse_int64(req_field(r, "priority"), WAITLIST_PRIORITY_MIN, WAITLIST_PRIORITY_MAX, &p) != SC_OK)
			form_error(r, &e, "priority", N_("The priority must be a whole number from 1 to 9."));
		c.priority = (int)p;
		break;
	}
	case REFERRAL_OFFER:
		c.offered_on = req_field(r, "offered_on");
		c.answer_by = req_field(r, "answer_by");
		break;
	case REFERRAL_ACCEPT:
		c.start_date = req_field(r, "start_date");
		c.planned_end = req_field(r, "planned_end");
		/* The end the form proposed, untouched: it follows the start
		 * that was sent (the domain computes it from an empty end). */
		if (strcmp(c.planned_end, req_field(r, "planned_end_proposed")) == 0)
			c.planned_end = "";
		if (*req_field(r, "contact_id") &&
		    parse_int64(req_field(r, "contact_id"), 1, INT64_MAX, &c.contact_id) != SC_OK)
			form_error(r, &e, "contact_id", N_("Choose a contact person from the list."));
		break;
	case REFERRAL_DECLINE:
		c.reason = arena_strdup(r->a, req_field(r, "decline_reason"));
		break;
	case REFERRAL_WITHDRAW:
		c.reason = arena_strdup(r->a, req_field(r, "withdraw_reason"));
		break;
	default:
		return req_error(r, 404, NULL);
	}
	if (e.n > 0) {
		r->status = 422;
		return referral_page(r, &v, &e, NULL);
	}
	struct field_errors fe;
	rc = referral_apply(r, act, v.ref.id, &c, &fe);
	if (rc == SC_EINVAL || rc == SC_ELIMIT) {
		errors_prefixed(r, &fe, referral_prefix[act], &e);
		if (e.n == 0)
			form_error(r, &e, "version", N_("Some fields are wrong."));
		r->status = rc == SC_ELIMIT ? 409 : 422;
		return referral_page(r, &v, &e, NULL);
	}
	if (rc == SC_ECONFLICT) {
		struct referral_view now;
		memset(&now, 0, sizeof now);
		rc = store_referral_get(req_db(r), r->a, v.ref.id, &now.ref);
		if (rc != SC_OK)
			return rc;
		now.b = v.b;
		/* The page shows the stored state; the forms keep what was typed
		 * (posted()), at the saved version, to be sent again. */
		r->status = 409;
		return referral_page(r, &now, NULL, referral_conflict_text(r, act, &now.ref));
	}
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	page_flash(r, referral_flash[act]);
	if (act == REFERRAL_ACCEPT)
		return req_redirect(r, arena_printf(r->a, "/participants/%lld/enrolment", (long long)v.ref.participant_id));
	return req_redirect(r, arena_printf(r->a, "/referrals/%lld", (long long)v.ref.id));
}

int
h_referral_screen(struct req *r)
{
	return referral_post(r, REFERRAL_SCREEN);
}

int
h_referral_priority(struct req *r)
{
	return referral_post(r, REFERRAL_PRIORITY);
}

int
h_referral_offer(struct req *r)
{
	return referral_post(r, REFERRAL_OFFER);
}

int
h_referral_accept(struct req *r)
{
	return referral_post(r, REFERRAL_ACCEPT);
}

int
h_referral_decline(struct req *r)
{
	return referral_post(r, REFERRAL_DECLINE);
}

int
h_referral_withdraw(struct req *r)
{
	return referral_post(r, REFERRAL_WITHDRAW);
}

/* ---- the waiting list ---- */

static int
waitlist_load(struct req *r, int64_t limit, int64_t offset, struct waitlist_capacity *cap,
	      struct waitlist_row **rows, size_t *n, int64_t *total)
{
	struct db *db = req_db(r);
	struct date today = case_today();
	int rc = store_waitlist_capacity(db, today, cap);
	if (rc == SC_OK)
		rc = store_waitlist(db, r->a, today, cap, limit, offset, rows, n, total);
	return rc;
}

static void
capacity_summary(struct req *r, const struct waitlist_capacity *cap)
{
	struct buf *o = &r->out;
	struct { int64_t v; const char *label; const char *id; } figures[] = {
		{ cap->contact_persons, N_("contact persons"), "cap-contacts" },
		{ cap->places, N_("places"), "cap-places" },
		{ cap->active, N_("active participants"), "cap-active" },
		{ cap->free_places, N_("free places"), "cap-free" },
		{ cap->exits_90d, N_("exits planned in the next 90 days"), "cap-exits" },
		{ cap->waiting, N_("people waiting"), "cap-waiting" },
	};
	html_lit(o, "<ul class=\"summary\" id=\"capacity\">");
	for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
		html_lit(o, "<li id=\"");
		html_text(o, figures[i].id);
		html_lit(o, "\"><strong>");
		html_int(o, figures[i].v);
		html_lit(o, "</strong> ");
		html_text(o, T(r, figures[i].label));
		html_lit(o, "</li>");
	}
	html_lit(o, "</ul>");
}

int
h_waitlist(struct req *r)
{
	int64_t page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, &page) != SC_OK)
		return req_error(r, 400, NULL);
	struct waitlist_capacity cap;
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = waitlist_load(r, WAITLIST_PER_PAGE, (page - 1) * WAITLIST_PER_PAGE, &cap, &rows, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "waitlist.read", "referral", NULL, "ok");
	page_begin(r, T(r, "Waiting list"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Waiting list"));
	html_lit(o, "</h1>");
	capacity_summary(r, &cap);
	html_lit(o, "<p class=\"muted\">");
	html_text(o, T(r, "Ordered by priority, then referral date. The expected wait counts free places first, then the planned ends of current programme periods."));
	html_lit(o, "</p><p class=\"no-print\"><a href=\"/waiting-list/export?format=csv\">");
	html_text(o, T(r, "Export as CSV"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/waiting-list/export?format=xlsx\">");
	html_text(o, T(r, "Export as XLSX"));
	html_lit(o, "</a></p>");
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Nobody is waiting."));
		html_lit(o, "</p>");
		return page_end(r);
	}
	html_lit(o, "<table id=\"waiting-list\"><thead><tr>");
	th(r, T(r, "Place"));
	th(r, T(r, "Name"));
	th(r, T(r, "Priority"));
	th(r, T(r, "Referred on"));
	th(r, T(r, "Source"));
	th(r, T(r, "Waited (days)"));
	th(r, T(r, "Expected wait"));
	th(r, T(r, "State"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct waitlist_row *w = &rows[i];
		html_lit(o, "<tr><td class=\"place\">");
		html_int(o, w->place);
		html_lit(o, "</td><td>");
		referral_link(r, w->referral_id, w->given_name, w->family_name);
		html_lit(o, "</td><td>");
		html_int(o, w->priority);
		html_lit(o, "</td>");
		td(r, w->referred_on);
		td(r, source_label(r, w->source));
		html_lit(o, "<td>");
		html_int(o, w->waited_days);
		html_lit(o, "</td>");
		td(r, wait_text(r, w->expected_wait_days));
		td(r, state_label(r, w->state));
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
	page_pager(r, "/waiting-list", "", page, total, WAITLIST_PER_PAGE);
	return page_end(r);
}

int
h_waitlist_export(struct req *r)
{
	const char *fmt = req_qs(r, "format");
	if (!export_format_ok(fmt))
		return req_error(r, 400, T(r, "Choose the format csv or xlsx."));
	struct waitlist_capacity cap;
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = waitlist_load(r, WAITLIST_EXPORT_MAX, 0, &cap, &rows, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "waitlist.export", "referral", NULL, "ok");
	const char *headers[] = {
		T(r, "Place"), T(r, "Family name"), T(r, "Given name"), T(r, "Priority"), T(r, "Referred on"),
		T(r, "Source"), T(r, "Waited (days)"), T(r, "Expected wait (days)"), T(r, "State"),
	};
	size_t ncols = sizeof headers / sizeof headers[0];
	struct export *x = export_begin(r, fmt, "waiting-list", headers, ncols);
	for (size_t i = 0; i < n && x != NULL; i++) {
		const struct waitlist_row *w = &rows[i];
		const char *cells[] = {
			case_id(r, w->place), w->family_name, w->given_name, case_id(r, w->priority),
			w->referred_on, source_label(r, w->source), case_id(r, w->waited_days),
			w->expected_wait_days < 0 ? "" : case_id(r, w->expected_wait_days),
			state_label(r, w->state),
		};
		if (export_row(x, cells) != SC_OK)
			break;
	}
	return export_finish(x);
}

/* ---- the programme period ---- */

struct enrolment_view {
	struct participant_brief b;
	struct enrolment *list;
	size_t n;
	const struct enrolment *shown;  /* the current period, else the latest */
	struct enrolment_extension *ext;
	size_t next;
	struct enrolment_pause *pauses;
	size_t npauses;
};

static int
enrolment_view_load(struct req *r, struct enrolment_view *v)
{
	struct db *db = req_db(r);
	int rc = store_enrolment_list(db, r->a, v->b.id, &v->list, &v->n);
	if (rc != SC_OK)
		return rc;
	v->shown = v->n > 0 ? &v->list[0] : NULL;
	for (size_t i = 0; i < v->n; i++) {
		if (strcmp(v->list[i].status, "exited") != 0) {
			v->shown = &v->list[i];
			break;
		}
	}
	if (v->shown == NULL)
		return SC_OK;
	rc = store_enrolment_extensions(db, r->a, v->shown->id, &v->ext, &v->next);
	if (rc == SC_OK)
		rc = store_enrolment_pauses(db, r->a, v->shown->id, &v->pauses, &v->npauses);
	return rc;
}

static void
period_forms(struct req *r, const struct enrolment_view *v, const struct form_errors *e)
{
	struct buf *o = &r->out;
	const struct enrolment *en = v->shown;
	bool period = case_allows(r, &v->b, PART_BIT(PART_PERIOD), ACT_WRITE);
	bool can_lead = period && access_allows(r->user.roles, RES_CASELOADS, ACT_WRITE);
	bool can_exit = period && access_allows(r->user.roles, RES_PARTICIPANTS, ACT_WRITE);
	if (!can_lead && !can_exit)
		return;
	const char *today = case_date_text(r, case_today());
	html_lit(o, "<div class=\"actions\">");
	if (can_lead) {
		html_lit(o, "<section><h3>");
		html_text(o, T(r, "Extend"));
		html_lit(o, "</h3>");
		form_open(r, "extend-form", "/enrolments/", en->id, "/extend");
		hidden_version(r, en->version);
		form_input(r, e, "extend_new_end", T(r, "New planned end"), "date", posted(r, "extend_new_end", ""),
			   "off", true);
		form_textarea(r, e, "extend_reason", "extend_reason", T(r, "Reason"), posted(r, "extend_reason", ""), true, 3, 0);
		form_submit(r, T(r, "Extend"), false);
		html_lit(o, "</section>");
		if (strcmp(en->status, "active") == 0) {
			html_lit(o, "<section><h3>");
			html_text(o, T(r, "Pause"));
			html_lit(o, "</h3>");
			form_open(r, "pause-form", "/enrolments/", en->id, "/pause");
			hidden_version(r, en->version);
			form_input(r, e, "pause_from", T(r, "From"), "date", posted(r, "pause_from", today), "off", true);
			form_input(r, e, "pause_to", T(r, "Until (if known)"), "date", posted(r, "pause_to", ""), "off",
				   false);
			form_textarea(r, e, "pause_reason", "pause_reason", T(r, "Reason"), posted(r, "pause_reason", ""), true, 3, 0);
			form_submit(r, T(r, "Pause"), false);
			html_lit(o, "</section>");
		} else {
			html_lit(o, "<section><h3>");
			html_text(o, T(r, "Resume"));
			html_lit(o, "</h3>");
			form_open(r, "resume-form", "/enrolments/", en->id, "/resume");
			hidden_version(r, en->version);
			form_input(r, e, "resume_date", T(r, "Resumed on"), "date", posted(r, "resume_date", today),
				   "off", true);
			form_submit(r, T(r, "Resume"), false);
			html_lit(o, "</section>");
		}
	}
	if (can_exit) {
		html_lit(o, "<section><h3>");
		html_text(o, T(r, "Exit"));
		html_lit(o, "</h3>");
		form_open(r, "exit-form", "/enrolments/", en->id, "/exit");
		hidden_version(r, en->version);
		form_input(r, e, "exit_date", T(r, "Exit date"), "date", posted(r, "exit_date", today), "off", true);
		form_textarea(r, e, "exit_reason", "exit_reason", T(r, "Reason"), posted(r, "exit_reason", ""), true, 3, 0);
		const char *keys[OUTCOME_COUNT], *labels[OUTCOME_COUNT];
		for (int i = 0; i < OUTCOME_COUNT; i++) {
			keys[i] = exit_outcome_key((enum exit_outcome)i);
			labels[i] = exit_outcome_label((enum exit_outcome)i);
		}
		form_select(r, e, "exit_outcome", "exit_outcome", T(r, "Outcome"), keys, labels, OUTCOME_COUNT,
			     posted(r, "exit_outcome", ""), T(r, "Choose the outcome"));
		html_lit(o, "<p class=\"muted\">");
		html_text(o, T(r, "Follow-ups 6 and 12 months after the exit are created for the contact person."));
		html_lit(o, "</p>");
		form_submit(r, T(r, "Register exit"), true);
		html_lit(o, "</section>");
	}
	html_lit(o, "</div>");
}

static int
enrolment_page(struct req *r, struct enrolment_view *v, const struct form_errors *e, const char *alert)
{
	int rc = enrolment_view_load(r, v);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "enrolment.read", "participant", case_id(r, v->b.id), "ok");
	page_begin(r, case_name(r, v->b.given_name, v->b.family_name));
	case_header(r, &v->b, "enrolment");
	struct buf *o = &r->out;
	notice(r, alert, true);
	form_error_summary(r, e);
	const struct enrolment *en = v->shown;
	html_lit(o, "<h2>");
	html_text(o, T(r, "Programme period"));
	html_lit(o, "</h2>");
	if (en == NULL) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No programme period yet: it starts when an offer is accepted."));
		if (case_allows(r, &v->b, PART_BIT(PART_INTAKE), ACT_READ) &&
		    access_allows(r->user.roles, RES_INTAKE, ACT_READ)) {
			html_lit(o, " <a href=\"/participants/");
			html_int(o, v->b.id);
			html_lit(o, "/intake\">");
			html_text(o, T(r, "Intake"));
			html_lit(o, "</a>");
		}
		html_lit(o, "</p>");
		return page_end(r);
	}
	struct date start = {0, 0, 0};
	date_parse(en->start_date, &start);
	html_lit(o, "<dl class=\"record\" id=\"period\">");
	dl_row(r, T(r, "Start"), en->start_date);
	dl_row(r, T(r, "Planned end"), en->planned_end);
	dl_row(r, T(r, "Longest possible end"),
	       date_is_valid(start) ? case_date_text(r, enrolment_longest_end(start)) : "");
	html_lit(o, "<dt>");
	html_text(o, T(r, "Status"));
	html_lit(o, "</dt><dd><span class=\"status status-");
	html_text(o, en->status);
	html_lit(o, "\" id=\"period-status\">");
	html_text(o, T(r, enrolment_status_label(en->status)));
	html_lit(o, "</span></dd>");
	if (en->exit_date != NULL) {
		dl_row(r, T(r, "Exit date"), en->exit_date);
		dl_row(r, T(r, "Exit reason"), en->exit_reason);
		dl_row(r, T(r, "Outcome"), T(r, exit_outcome_label_of(en->outcome)));
	}
	html_lit(o, "</dl>");

	if (v->next > 0) {
		html_lit(o, "<h3>");
		html_text(o, T(r, "Extensions"));
		html_lit(o, "</h3><table id=\"extensions\"><thead><tr>");
		th(r, T(r, "When"));
		th(r, T(r, "Planned end"));
		th(r, T(r, "Reason"));
		th(r, T(r, "By"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < v->next; i++) {
			html_lit(o, "<tr>");
			td(r, moment_text(r, v->ext[i].at));
			html_lit(o, "<td>");
			html_text(o, v->ext[i].old_end);
			html_lit(o, " \xE2\x86\x92 ");
			html_text(o, v->ext[i].new_end);
			html_lit(o, "</td><td>");
			html_lines(o, v->ext[i].reason);
			html_lit(o, "</td>");
			td(r, v->ext[i].user_name);
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (v->npauses > 0) {
		html_lit(o, "<h3>");
		html_text(o, T(r, "Pauses"));
		html_lit(o, "</h3><table id=\"pauses\"><thead><tr>");
		th(r, T(r, "From"));
		th(r, T(r, "Until"));
		th(r, T(r, "Reason"));
		th(r, T(r, "By"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < v->npauses; i++) {
			html_lit(o, "<tr>");
			td(r, v->pauses[i].from_date);
			td(r, v->pauses[i].to_date ? v->pauses[i].to_date : T(r, "until resumed"));
			html_lit(o, "<td>");
			html_lines(o, v->pauses[i].reason);
			html_lit(o, "</td>");
			td(r, v->pauses[i].user_name);
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (strcmp(en->status, "exited") != 0)
		period_forms(r, v, e);

	if (v->n > 1) {
		html_lit(o, "<h3>");
		html_text(o, T(r, "Other programme periods"));
		html_lit(o, "</h3><table id=\"periods\"><thead><tr>");
		th(r, T(r, "Start"));
		th(r, T(r, "Planned end"));
		th(r, T(r, "Status"));
		th(r, T(r, "Exit date"));
		th(r, T(r, "Outcome"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < v->n; i++) {
			const struct enrolment *p = &v->list[i];
			if (p == en)
				continue;
			html_lit(o, "<tr>");
			td(r, p->start_date);
			td(r, p->planned_end);
			td(r, T(r, enrolment_status_label(p->status)));
			td(r, p->exit_date ? p->exit_date : "");
			td(r, p->outcome ? T(r, exit_outcome_label_of(p->outcome)) : "");
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	return page_end(r);
}

int
h_participant_enrolment(struct req *r)
{
	struct enrolment_view v;
	memset(&v, 0, sizeof v);
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_PERIOD), ACT_READ, &v.b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	return enrolment_page(r, &v, NULL, NULL);
}

enum period_change { PC_EXTEND, PC_PAUSE, PC_RESUME, PC_EXIT, PC_COUNT };

static const char *const period_keys[PC_COUNT] = {"extend", "pause", "resume", "exit"};
static const char *const period_flash[PC_COUNT] = {"extended", "paused", "resumed", "exited"};

/* What a period change needs, from a form or a JSON body (domain keys). */
struct period_input {
	int64_t version;
	const char *new_end;
	const char *from;
	const char *to;
	const char *date;
	char *reason;
	const char *outcome;
	int64_t task_ids[ENROLMENT_NFOLLOWUPS];
};

/* Applies a period change with its audit entries in one transaction. */
static int
period_apply(struct req *r, enum period_change pc, int64_t id, struct period_input *in,
	     struct field_errors *fe)
{
	struct db *db = req_db(r);
	int64_t now = time_now();
	struct date today = case_today();
	memset(fe, 0, sizeof *fe);
	int rc = store_tx_begin(db);
	if (rc != SC_OK)
		return rc;
	switch (pc) {
	case PC_EXTEND:
		rc = store_enrolment_extend(db, id, in->version, in->new_end, in->reason, r->user.id, now, fe);
		break;
	case PC_PAUSE:
		rc = store_enrolment_pause(db, id, in->version, in->from, in->to, in->reason, r->user.id, now,
					   today, fe);
		break;
	case PC_RESUME:
		rc = store_enrolment_resume(db, id, in->version, in->date, r->user.id, now, today, fe);
		break;
	case PC_EXIT:
		rc = store_enrolment_exit(db, id, in->version, in->date, in->reason, in->outcome, r->user.id,
					  now, today, fe, in->task_ids);
		break;
	default:
		rc = SC_EINVAL;
		break;
	}
	if (rc == SC_OK)
		rc = req_audit(r, arena_printf(r->a, "enrolment.%s", period_keys[pc]), "enrolment",
			       case_id(r, id), "ok");
	for (int i = 0; rc == SC_OK && pc == PC_EXIT && i < ENROLMENT_NFOLLOWUPS; i++)
		rc = req_audit(r, "task.create", "task", case_id(r, in->task_ids[i]), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

static int
period_post(struct req *r, enum period_change pc)
{
	struct enrolment en;
	struct enrolment_view v;
	memset(&v, 0, sizeof v);
	int rc = enrolment_load(r, ACT_WRITE, &en, &v.b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct period_input in;
	memset(&in, 0, sizeof in);
	if (!form_version(r, &in.version, &rc))
		return rc;
	const char *prefix = "";
	switch (pc) {
	case PC_EXTEND:
		prefix = "extend_";
		in.new_end = req_field(r, "extend_new_end");
		in.reason = arena_strdup(r->a, req_field(r, "extend_reason"));
		break;
	case PC_PAUSE:
		prefix = "pause_";
		in.from = req_field(r, "pause_from");
		in.to = req_field(r, "pause_to");
		in.reason = arena_strdup(r->a, req_field(r, "pause_reason"));
		break;
	case PC_RESUME:
		prefix = "resume_";
		in.date = req_field(r, "resume_date");
		break;
	default:
		prefix = "exit_";
		in.date = req_field(r, "exit_date");
		in.reason = arena_strdup(r->a, req_field(r, "exit_reason"));
		in.outcome = req_field(r, "exit_outcome");
		break;
	}
	struct field_errors fe;
	rc = period_apply(r, pc, en.id, &in, &fe);
	if (rc == SC_EINVAL) {
		struct form_errors e = {0};
		errors_prefixed(r, &fe, prefix, &e);
		r->status = 422;
		return enrolment_page(r, &v, &e, NULL);
	}
	if (rc == SC_ECONFLICT) {
		/* The forms keep what was typed (posted()), at the saved version. */
		r->status = 409;
		return enrolment_page(r, &v, NULL,
				      T(r, "The programme period changed before your change was saved (someone else "
					   "saved first, or it has ended). Nothing was saved; the page shows it as it is "
					   "now, and the form keeps what you entered."));
	}
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	page_flash(r, period_flash[pc]);
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/enrolment", (long long)en.participant_id));
}

int
h_enrolment_extend(struct req *r)
{
	return period_post(r, PC_EXTEND);
}

int
h_enrolment_pause(struct req *r)
{
	return period_post(r, PC_PAUSE);
}

int
h_enrolment_resume(struct req *r)
{
	return period_post(r, PC_RESUME);
}

int
h_enrolment_exit(struct req *r)
{
	return period_post(r, PC_EXIT);
}

/* ---- JSON ---- */

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
referral_json(const struct referral *ref)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(ref->id));
	json_object_set_new(j, "participant_id", json_integer(ref->participant_id));
	json_object_set_new(j, "given_name", json_string(ref->given_name));
	json_object_set_new(j, "family_name", json_string(ref->family_name));
	json_object_set_new(j, "source", json_string(ref->source));
	json_object_set_new(j, "referred_on", json_string(ref->referred_on));
	json_object_set_new(j, "referrer", json_string(ref->referrer));
	json_object_set_new(j, "reason", json_string(ref->reason));
	json_object_set_new(j, "planned_start", str_or_null(ref->planned_start));
	json_object_set_new(j, "in_qualification", json_boolean(ref->in_qualification));
	json_object_set_new(j, "in_introduction", json_boolean(ref->in_introduction));
	json_object_set_new(j, "lawful_residence", json_boolean(ref->lawful_residence));
	json_object_set_new(j, "priority", json_integer(ref->priority));
	json_object_set_new(j, "state", json_string(ref->state));
	json_object_set_new(j, "offered_on", str_or_null(ref->offered_on));
	json_object_set_new(j, "answer_by", str_or_null(ref->answer_by));
	json_object_set_new(j, "version", json_integer(ref->version));
	return j;
}

/* A referral with its screening (stored and judged now) and events. */
static int
referral_detail_json(struct req *r, struct referral_view *v, json_t **out)
{
	int rc = referral_view_load(r, v);
	if (rc != SC_OK)
		return rc;
	json_t *j = referral_json(&v->ref);
	json_t *stored = json_array();
	for (size_t i = 0; i < v->nstored; i++) {
		const struct screening_row *s = &v->stored[i];
		json_array_append_new(stored, json_pack("{s:s, s:b, s:s, s:b, s:s, s:I, s:I}",
			"rule", s->rule, "pass", s->pass, "reason", s->reason, "overridden", s->overridden,
			"override_reason", s->override_reason, "screened_at", (json_int_t)s->screened_at,
			"screened_by", (json_int_t)s->screened_by));
	}
	json_object_set_new(j, "screening", stored);
	json_t *live = json_array();
	for (int i = 0; v->have_live && i < v->live.nrules; i++) {
		const struct rule_result *rr = &v->live.rules[i];
		json_array_append_new(live, json_pack("{s:s, s:b, s:o}", "rule", eligibility_rule_name(rr->rule),
			"pass", rr->pass, "reason", str_or_null(rr->reason)));
	}
	json_object_set_new(j, "eligibility", live);
	json_t *events = json_array();
	for (size_t i = 0; i < v->nevents; i++) {
		const struct referral_event *ev = &v->events[i];
		char at[32];
		time_format_utc(ev->at, at, sizeof at);
		json_array_append_new(events, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "at", at,
			"on_date", ev->on_date, "user_id", (json_int_t)ev->user_id, "user", ev->user_name,
			"from", ev->from_state, "to", ev->to_state, "note", ev->note));
	}
	json_object_set_new(j, "events", events);
	*out = j;
	return SC_OK;
}

int
api_referrals(struct req *r)
{
	int64_t page, per_page;
	int rc = SC_OK;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	const char *state = req_qs(r, "state");
	enum referral_state s;
	if (*state && referral_state_parse(state, &s) != 0)
		return api_error(r, 400, "invalid", T(r, "Some filters are wrong."),
				 json_pack("{s:s}", "state",
					   T(r, "Give a state: new, ineligible, waiting, offered, accepted, declined or withdrawn.")));
	struct referral *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_referral_list(req_db(r), r->a, state, per_page, (page - 1) * per_page, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "referral.list", "referral", NULL, "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, referral_json(&items[i]));
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

int
api_participant_referrals(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_INTAKE), ACT_READ, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct referral *items = NULL;
	size_t n = 0;
	rc = store_referral_list_participant(req_db(r), r->a, b.id, &items, &n);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "referral.list", "participant", case_id(r, b.id), "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, referral_json(&items[i]));
	return api_send(r, 200, api_page_json(arr, 1, (int64_t)n, (int64_t)n));
}

int
api_referral(struct req *r)
{
	struct referral_view v;
	memset(&v, 0, sizeof v);
	int rc = referral_load(r, ACT_READ, &v.ref, &v.b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	json_t *j = NULL;
	rc = referral_detail_json(r, &v, &j);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "referral.read", "referral", case_id(r, v.ref.id), "ok");
	return api_send(r, 200, j);
}

/*
 * The JSON members each call takes, with their types (case_api_body()
 * refuses any other type). "version" may be left out (then it is not
 * checked); dates left out or null take their default (mostly today).
 */
static const struct api_field referral_api[] = {
	{"source", API_STRING, false, NULL},
	{"referred_on", API_DATE, true, NULL},
	{"referrer", API_STRING, true, NULL},
	{"reason", API_STRING, false, NULL},
	{"planned_start", API_DATE, true, NULL},
	{"in_qualification", API_BOOLEAN, false, NULL},
	{"in_introduction", API_BOOLEAN, false, NULL},
	{"lawful_residence", API_BOOLEAN, false, NULL},
	{"priority", API_INTEGER, true, NULL},
	{NULL, 0, false, NULL},
};
/* An override's reason, by rule name (the handler checks the names). */
static const struct api_field override_api[] = {
	{"*", API_STRING, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field screen_api[] = {
	{"overrides", API_OBJECT, true, override_api},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field priority_api[] = {
	{"priority", API_INTEGER, false, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field offer_api[] = {
	{"offered_on", API_DATE, true, NULL},
	{"answer_by", API_DATE, true, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field accept_api[] = {
	{"start_date", API_DATE, true, NULL},
	{"planned_end", API_DATE, true, NULL},
	{"contact_id", API_ID, true, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field close_api[] = {
	{"reason", API_STRING, false, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field enrolment_start_api[] = {
	{"start_date", API_DATE, true, NULL},
	{"planned_end", API_DATE, true, NULL},
	{"contact_id", API_ID, true, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field extend_api[] = {
	{"new_end", API_DATE, false, NULL},
	{"reason", API_STRING, false, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field pause_api[] = {
	{"from", API_DATE, true, NULL},
	{"to", API_DATE, true, NULL},
	{"reason", API_STRING, false, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field resume_api[] = {
	{"date", API_DATE, true, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field exit_api[] = {
	{"date", API_DATE, true, NULL},
	{"reason", API_STRING, false, NULL},
	{"outcome", API_STRING, false, NULL},
	{"version", API_VERSION, false, NULL},
	{NULL, 0, false, NULL},
};

/* A member of a checked JSON body as the writable text the validators
 * take (dflt when absent or null; true/false as yes/no). */
static char *
json_field(struct req *r, const char *key, const char *dflt)
{
	char *v = case_api_text(r, key, dflt);
	return v != NULL ? v : arena_strdup(r->a, "");
}

/* The optional "version" member: 0 when absent. */
static void
json_version(struct req *r, struct form_errors *e, int64_t *version)
{
	*version = 0;
	if (case_api_int(r, "version", version) && *version < 1) {
		form_error(r, e, "version", N_("The version is a whole number from 1."));
		*version = 0;
	}
}

int
api_referral_create(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_INTAKE), ACT_WRITE, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, referral_api, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	struct referral_form f = {
		json_field(r, "source", ""), json_field(r, "referred_on", case_date_text(r, case_today())),
		json_field(r, "referrer", ""), json_field(r, "reason", ""),
		json_field(r, "planned_start", ""), json_field(r, "in_qualification", ""),
		json_field(r, "in_introduction", ""), json_field(r, "lawful_residence", ""),
		json_field(r, "priority", ""),
	};
	struct referral_input in;
	struct field_errors fe;
	if (referral_validate(&f, case_today(), &in, &fe) != SC_OK)
		case_form_errors(r, &fe, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	int64_t id = 0;
	const char *refusal = NULL;
	rc = referral_register(r, &b, &in, &id, &refusal);
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict",
				 refusal ? T(r, refusal) : T(r, "The participant's records changed; nothing was saved."), NULL);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct referral_view v;
	memset(&v, 0, sizeof v);
	rc = store_referral_get(req_db(r), r->a, id, &v.ref);
	json_t *j = NULL;
	if (rc == SC_OK)
		rc = referral_detail_json(r, &v, &j);
	if (rc != SC_OK)
		return rc;
	return api_send(r, 201, j);
}

static int
api_referral_post(struct req *r, enum referral_action act)
{
	struct referral_view v;
	memset(&v, 0, sizeof v);
	int rc = referral_load(r, ACT_WRITE, &v.ref, &v.b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	const struct api_field *fields = act == REFERRAL_SCREEN ? screen_api : act == REFERRAL_PRIORITY ? priority_api
				       : act == REFERRAL_OFFER ? offer_api : act == REFERRAL_ACCEPT ? accept_api
				       : close_api;
	if (!case_api_body(r, fields, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	struct referral_change c;
	memset(&c, 0, sizeof c);
	json_version(r, &e, &c.version);
	const char *today = case_date_text(r, case_today());
	const char *prefix = "";
	switch (act) {
	case REFERRAL_SCREEN: {
		prefix = "overrides.";
		json_t *ov = json_object_get(r->json, "overrides");
		const char *key;
		json_t *val;
		json_object_foreach(ov, key, val) {
			int rule = -1;
			for (int i = 0; i < ELIG_NRULES; i++)
				if (strcmp(key, eligibility_rule_name((enum eligibility_rule)i)) == 0)
					rule = i;
			const char *field = arena_printf(r->a, "overrides.%s", key);
			if (rule < 0)
				form_error(r, &e, field, N_("There is no rule by this name."));
			else
				c.ov[rule] = (struct screening_override){ true,
					arena_strdup(r->a, json_string_value(val)) };
		}
		break;
	}
	case REFERRAL_PRIORITY: {
		int64_t p = 0;
		if (!case_api_int(r, "priority", &p) || p < WAITLIST_PRIORITY_MIN || p > WAITLIST_PRIORITY_MAX)
			form_error(r, &e, "priority", N_("The priority must be a whole number from 1 to 9."));
		else
			c.priority = (int)p;
		break;
	}
	case REFERRAL_OFFER:
		c.offered_on = json_field(r, "offered_on", today);
		c.answer_by = json_field(r, "answer_by", "");
		break;
	case REFERRAL_ACCEPT:
		c.start_date = json_field(r, "start_date", today);
		c.planned_end = json_field(r, "planned_end", "");
		if (case_api_int(r, "contact_id", &c.contact_id) && c.contact_id < 1)
			form_error(r, &e, "contact_id", N_("Choose a contact person from the list."));
		break;
	default:
		c.reason = json_field(r, "reason", "");
		break;
	}
	if (e.n > 0)
		return case_api_invalid(r, &e);
	struct field_errors fe;
	rc = referral_apply(r, act, v.ref.id, &c, &fe);
	if (rc == SC_EINVAL || rc == SC_ELIMIT) {
		errors_prefixed(r, &fe, prefix, &e);
		if (rc == SC_ELIMIT)
			return api_error(r, 409, "cap_reached", T(r, "The contact person's caseload is full."),
					 case_errors_json(&e));
		return case_api_invalid(r, &e);
	}
	if (rc == SC_ECONFLICT) {
		struct referral now;
		if (store_referral_get(req_db(r), r->a, v.ref.id, &now) != SC_OK)
			now = v.ref;
		return api_error(r, 409, "conflict", referral_conflict_text(r, act, &now), NULL);
	}
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct referral_view after;
	memset(&after, 0, sizeof after);
	after.b = v.b;
	rc = store_referral_get(req_db(r), r->a, v.ref.id, &after.ref);
	json_t *j = NULL;
	if (rc == SC_OK)
		rc = referral_detail_json(r, &after, &j);
	if (rc != SC_OK)
		return rc;
	if (act == REFERRAL_ACCEPT)
		json_object_set_new(j, "enrolment_id", json_integer(c.enrolment_id));
	return api_send(r, 200, j);
}

int
api_referral_screen(struct req *r)
{
	return api_referral_post(r, REFERRAL_SCREEN);
}

int
api_referral_priority(struct req *r)
{
	return api_referral_post(r, REFERRAL_PRIORITY);
}

int
api_referral_offer(struct req *r)
{
	return api_referral_post(r, REFERRAL_OFFER);
}

int
api_referral_accept(struct req *r)
{
	return api_referral_post(r, REFERRAL_ACCEPT);
}

int
api_referral_decline(struct req *r)
{
	return api_referral_post(r, REFERRAL_DECLINE);
}

int
api_referral_withdraw(struct req *r)
{
	return api_referral_post(r, REFERRAL_WITHDRAW);
}

static json_t *
capacity_json(const struct waitlist_capacity *cap)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "contact_persons", (json_int_t)cap->contact_persons,
			 "places", (json_int_t)cap->places, "active", (json_int_t)cap->active,
			 "free_places", (json_int_t)cap->free_places, "exits_next_90_days",
			 (json_int_t)cap->exits_90d, "waiting", (json_int_t)cap->waiting);
}

int
api_waitlist(struct req *r)
{
	int64_t page, per_page;
	int rc = SC_OK;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct waitlist_capacity cap;
	struct waitlist_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = waitlist_load(r, per_page, (page - 1) * per_page, &cap, &rows, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "waitlist.read", "referral", NULL, "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct waitlist_row *w = &rows[i];
		json_array_append_new(arr, json_pack("{s:I, s:I, s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:I, s:o}",
			"place", (json_int_t)w->place, "referral_id", (json_int_t)w->referral_id,
			"participant_id", (json_int_t)w->participant_id, "given_name", w->given_name,
			"family_name", w->family_name, "priority", w->priority, "referred_on", w->referred_on,
			"source", w->source, "state", w->state, "offered_on", str_or_null(w->offered_on),
			"waited_days", (json_int_t)w->waited_days, "expected_wait_days",
			w->expected_wait_days < 0 ? json_null() : json_integer(w->expected_wait_days)));
	}
	json_t *j = api_page_json(arr, page, per_page, total);
	json_object_set_new(j, "capacity", capacity_json(&cap));
	return api_send(r, 200, j);
}

static int
enrolment_json(struct req *r, const struct enrolment *en, json_t **out)
{
	struct db *db = req_db(r);
	struct enrolment_extension *ext = NULL;
	struct enrolment_pause *pauses = NULL;
	size_t next = 0, npauses = 0;
	int rc = store_enrolment_extensions(db, r->a, en->id, &ext, &next);
	if (rc == SC_OK)
		rc = store_enrolment_pauses(db, r->a, en->id, &pauses, &npauses);
	if (rc != SC_OK)
		return rc;
	struct date start = {0, 0, 0};
	date_parse(en->start_date, &start);
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(en->id));
	json_object_set_new(j, "participant_id", json_integer(en->participant_id));
	json_object_set_new(j, "referral_id", en->referral_id ? json_integer(en->referral_id) : json_null());
	json_object_set_new(j, "start_date", json_string(en->start_date));
	json_object_set_new(j, "planned_end", json_string(en->planned_end));
	json_object_set_new(j, "longest_end", date_is_valid(start)
			    ? json_string(case_date_text(r, enrolment_longest_end(start))) : json_null());
	json_object_set_new(j, "status", json_string(en->status));
	json_object_set_new(j, "exit_date", str_or_null(en->exit_date));
	json_object_set_new(j, "exit_reason", json_string(en->exit_reason));
	json_object_set_new(j, "outcome", str_or_null(en->outcome));
	json_object_set_new(j, "version", json_integer(en->version));
	json_t *xa = json_array();
	for (size_t i = 0; i < next; i++)
		json_array_append_new(xa, json_pack("{s:s, s:s, s:s, s:I}", "old_end", ext[i].old_end,
			"new_end", ext[i].new_end, "reason", ext[i].reason, "user_id", (json_int_t)ext[i].user_id));
	json_object_set_new(j, "extensions", xa);
	json_t *pa = json_array();
	for (size_t i = 0; i < npauses; i++)
		json_array_append_new(pa, json_pack("{s:s, s:o, s:s, s:I}", "from", pauses[i].from_date,
			"to", str_or_null(pauses[i].to_date), "reason", pauses[i].reason,
			"user_id", (json_int_t)pauses[i].user_id));
	json_object_set_new(j, "pauses", pa);
	*out = j;
	return SC_OK;
}

int
api_participant_enrolment(struct req *r)
{
	struct enrolment_view v;
	memset(&v, 0, sizeof v);
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_PERIOD), ACT_READ, &v.b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	rc = store_enrolment_list(req_db(r), r->a, v.b.id, &v.list, &v.n);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "enrolment.read", "participant", case_id(r, v.b.id), "ok");
	json_t *arr = json_array();
	json_t *current = json_null();
	for (size_t i = 0; i < v.n; i++) {
		json_t *one = NULL;
		rc = enrolment_json(r, &v.list[i], &one);
		if (rc != SC_OK) {
			json_decref(arr);
			json_decref(current);
			return rc;
		}
		if (json_is_null(current) && strcmp(v.list[i].status, "exited") != 0) {
			json_decref(current);
			current = json_incref(one);
		}
		json_array_append_new(arr, one);
	}
	return api_send(r, 200, json_pack("{s:I, s:o, s:o}", "participant_id", (json_int_t)v.b.id,
					  "current", current, "enrolments", arr));
}

/* A period change through the API on a period whose access was checked. */
static int
api_period_run(struct req *r, enum period_change pc, const struct enrolment *loaded)
{
	struct enrolment en = *loaded;
	int rc = SC_OK;
	const struct api_field *fields = pc == PC_EXTEND ? extend_api : pc == PC_PAUSE ? pause_api
				       : pc == PC_RESUME ? resume_api : exit_api;
	if (!case_api_body(r, fields, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	struct period_input in;
	memset(&in, 0, sizeof in);
	json_version(r, &e, &in.version);
	const char *today = case_date_text(r, case_today());
	switch (pc) {
	case PC_EXTEND:
		in.new_end = json_field(r, "new_end", "");
		in.reason = json_field(r, "reason", "");
		break;
	case PC_PAUSE:
		in.from = json_field(r, "from", today);
		in.to = json_field(r, "to", "");
		in.reason = json_field(r, "reason", "");
		break;
	case PC_RESUME:
		in.date = json_field(r, "date", today);
		break;
	default:
		in.date = json_field(r, "date", today);
		in.reason = json_field(r, "reason", "");
		in.outcome = json_field(r, "outcome", "");
		break;
	}
	if (e.n > 0)
		return case_api_invalid(r, &e);
	struct field_errors fe;
	rc = period_apply(r, pc, en.id, &in, &fe);
	if (rc == SC_EINVAL) {
		case_form_errors(r, &fe, &e);
		return case_api_invalid(r, &e);
	}
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict",
				 T(r, "The programme period changed before your change was saved (someone else "
				      "saved first, or it has ended). Nothing was saved."), NULL);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct enrolment now;
	rc = store_enrolment_get(req_db(r), r->a, en.id, &now);
	json_t *j = NULL;
	if (rc == SC_OK)
		rc = enrolment_json(r, &now, &j);
	if (rc != SC_OK)
		return rc;
	if (pc == PC_EXIT) {
		struct date exit_date;
		json_t *fu = json_array();
		for (int i = 0; i < ENROLMENT_NFOLLOWUPS && date_parse(now.exit_date, &exit_date) == 0; i++)
			json_array_append_new(fu, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)in.task_ids[i],
				"kind", enrolment_followup(i)->kind,
				"due_on", case_date_text(r, enrolment_followup_due(exit_date, i))));
		json_object_set_new(j, "followups", fu);
	}
	return api_send(r, 200, j);
}

static int
api_period_post(struct req *r, enum period_change pc)
{
	struct enrolment en;
	struct participant_brief b;
	int rc = enrolment_load(r, ACT_WRITE, &en, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	return api_period_run(r, pc, &en);
}

/* POST /api/v1/participants/:id/enrolment/exit: the current period. */
int
api_participant_exit(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_PERIOD), ACT_WRITE, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t id = 0;
	rc = store_enrolment_current(req_db(r), b.id, &id);
	if (rc != SC_OK)
		return rc;
	if (id == 0)
		return api_error(r, 409, "conflict", T(r, "This participant has no current programme period."), NULL);
	struct enrolment en;
	rc = store_enrolment_get(req_db(r), r->a, id, &en);
	if (rc != SC_OK)
		return rc;
	return api_period_run(r, PC_EXIT, &en);
}

/*
 * POST /api/v1/participants/:id/enrolment: a period started without a
 * referral, for people already in the programme when the centre moves in:
 * {"start_date", "planned_end", "contact_id"} (all optional: today, two
 * years, the contact person they have).
 */
int
api_enrolment_start(struct req *r)
{
	struct participant_brief b;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_PERIOD), ACT_WRITE, &b);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, enrolment_start_api, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	const char *start = json_field(r, "start_date", case_date_text(r, case_today()));
	const char *end = json_field(r, "planned_end", "");
	int64_t contact = 0;
	if (case_api_int(r, "contact_id", &contact) && contact < 1)
		form_error(r, &e, "contact_id", N_("Choose a contact person from the list."));
	if (e.n > 0)
		return case_api_invalid(r, &e);
	struct db *db = req_db(r);
	struct field_errors fe;
	int64_t id = 0;
	const char *refusal = NULL;
	rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_enrolment_start(db, b.id, start, end, contact, r->user.id, time_now(), case_today(),
					   &fe, &id, &refusal);
	if (rc == SC_OK)
		rc = req_audit(r, "enrolment.create", "enrolment", case_id(r, id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	if (rc == SC_EINVAL || rc == SC_ELIMIT) {
		case_form_errors(r, &fe, &e);
		if (rc == SC_ELIMIT)
			return api_error(r, 409, "cap_reached", T(r, "The contact person's caseload is full."),
					 case_errors_json(&e));
		return case_api_invalid(r, &e);
	}
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict", refusal ? T(r, refusal) : T(r, "Nothing was saved."), NULL);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	struct enrolment en;
	rc = store_enrolment_get(db, r->a, id, &en);
	json_t *j = NULL;
	if (rc == SC_OK)
		rc = enrolment_json(r, &en, &j);
	if (rc != SC_OK)
		return rc;
	return api_send(r, 201, j);
}

int
api_enrolment_extend(struct req *r)
{
	return api_period_post(r, PC_EXTEND);
}

int
api_enrolment_pause(struct req *r)
{
	return api_period_post(r, PC_PAUSE);
}

int
api_enrolment_resume(struct req *r)
{
	return api_period_post(r, PC_RESUME);
}

int
api_enrolment_exit(struct req *r)
{
	return api_period_post(r, PC_EXIT);
}
