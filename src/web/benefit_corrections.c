/*
 * benefit_corrections.c — the corrections of approved months flagged for
 * the finance officer (issue 9: "recorded with who, when and why, and
 * flagged for the finance officer"; decision 53) and its /api/v1/ twin:
 * every correction not yet taken into a run (a mark changed in the
 * register, a doctor's note, an enrolment from an earlier date, a pause
 * recorded or ended after the fact), with the participant, the month to
 * recompute, its cause, the session, the mark before the correction and
 * after it, who corrected it, when and why; a pause's change of the
 * month's programme days, of no session and no mark, names the first
 * programme day it changed (a pause's change of a self-certified day's
 * flag names its session and marks, as a register's). The cause is the
 * correction's own column (migration 85). The finance home's
 * count links here. The next run takes them in (app/benefit.c); the query
 * is app_benefit_corrections().
 */
#include "activities_parts.h"
#include "case.h"
#include "resource.h"
#include "routes.h"
#include "app/benefit.h"
#include "app/enrolment.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

/* The words of a correction's reason: one recorded by a command (a
 * doctor's note's, an enrolment's, a pause's) is a msgid; a register's is
 * the words its author typed. */
static const char *
reason_text(struct req *r, const struct correction_item *c)
{
	return c->cause != CORRECTION_REGISTER ? T(r, c->reason) : c->reason;
}

/* What made the correction, as the API names it (its column, migration
 * 88). */
static const char *
cause_of(const struct correction_item *c)
{
	return correction_cause_options[c->cause].key;
}

/* What made the correction, in the page's words: one a row, so that a
 * pause's or an enrolment's is not read as a mark changed. */
static const char *
cause_text(struct req *r, const struct correction_item *c)
{
	return T(r, correction_cause_options[c->cause].label);
}

/* The mark now in words, as the participant's attendance says it; ""
 * for a health activity's, which the reader does not see. */
static const char *
mark_now_text(struct req *r, const struct correction_item *c)
{
	if (c->health_only && c->group_name[0] == '\0')
		return "";
	const char *w = attendance_mark_words(r, &c->mark);
	if (c->beyond && !c->doctor_note)
		return arena_printf(r->a, "%s (%s)", w, T(r, "Needs a doctor's note"));
	if (c->doctor_note)
		return arena_printf(r->a, "%s (%s)", w, T(r, "doctor's note registered"));
	return w;
}

/* Whether the reader does not see the session's marks: a health
 * activity's, unnamed to them. */
static bool
marks_hidden(const struct correction_item *c)
{
	return c->health_only && c->group_name[0] == '\0';
}

/* Whether the correction is of no session, and so of no mark: a pause's,
 * which changed the month's programme days. */
static bool
no_session(const struct correction_item *c)
{
	return c->session_id == 0;
}

/* The mark before or after the correction in words; "Not recorded" for
 * the mark before of one recorded before they were kept. */
static const char *
kept_text(struct req *r, const struct correction_item *c, bool after)
{
	if (no_session(c))
		return "\xE2\x80\x94";
	if (marks_hidden(c))
		return "";
	if (!c->kept)
		return after ? mark_now_text(r, c) : T(r, "Not recorded");
	return attendance_mark_words(r, after ? &c->after : &c->before);
}

static json_t *
correction_json(struct req *r, const struct correction_item *c)
{
	char month[8], at[32];
	snprintf(month, sizeof month, "%04d-%02d", c->session_date.y, c->session_date.m);
	time_format_utc(c->at, at, sizeof at);
	json_t *mark = marks_hidden(c) || no_session(c) ? json_null() : attendance_mark_json(&c->mark);
	if (json_is_object(mark)) {
		json_object_set_new(mark, "doctor_note", json_boolean(c->doctor_note));
		json_object_set_new(mark, "needs_doctor_note", json_boolean(c->beyond && !c->doctor_note));
	}
	json_t *before = marks_hidden(c) || !c->kept ? json_null() : attendance_mark_json(&c->before);
	json_t *after = marks_hidden(c) || !c->kept ? json_null() : attendance_mark_json(&c->after);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:o, s:o, s:o, s:s, s:s, s:s, s:s}", "id",
			 (json_int_t)c->id, "participant_id", (json_int_t)c->participant_id, "given_name",
			 c->given_name, "family_name", c->family_name, "month", month, "session_id",
			 no_session(c) ? json_null() : json_integer(c->session_id), "session_date",
			 activity_date_text(r, c->session_date),
			 "group_name", c->group_name, "health_only", c->health_only, "mark_now", mark, "before", before, "after", after,
			 "by", c->by_name,
			 "at", at, "reason", reason_text(r, c), "cause",
			 cause_of(c));
}

static void
corrections_table(struct req *r, const struct correction_item *items, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"corrections\"><thead><tr>");
	page_th(r, N_("Participant"));
	page_th(r, N_("Month"));
	page_th(r, N_("Cause"));
	page_th(r, N_("Session or days"));
	page_th(r, N_("Before"));
	page_th(r, N_("After"));
	page_th(r, N_("Corrected by"));
	page_th(r, N_("When"));
	page_th(r, N_("Why"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct correction_item *c = &items[i];
		char at[20];
		time_format_local(c->at, at, sizeof at);
		html_lit(o, "<tr id=\"correction-");
		html_int(o, c->id);
		html_lit(o, "\"><td><a href=\"/participants/");
		html_int(o, c->participant_id);
		html_text(o, arena_printf(r->a, "/attendance?month=%04d-%02d", c->session_date.y, c->session_date.m));
		html_lit(o, "\">");
		html_text(o, case_name(r, c->given_name, c->family_name));
		html_lit(o, "</a></td><td>");
		html_text(o, arena_printf(r->a, "%04d-%02d", c->session_date.y, c->session_date.m));
		html_lit(o, "</td><td>");
		html_text(o, cause_text(r, c));
		html_lit(o, "</td><td>");
		const char *group = c->group_name[0] != '\0' ? c->group_name : T(r, "Enrolled in a health activity");
		if (no_session(c))
			html_text(o, arena_printf(r->a, T(r, "No session: the month's programme days from %s"),
						  activity_date_text(r, c->session_date)));
		else
			html_text(o, arena_printf(r->a, "%s, %s %s\xE2\x80\x93%s", group,
						  activity_date_text(r, c->session_date), activity_hhmm(r, c->start_min),
						  activity_hhmm(r, c->end_min)));
		html_lit(o, "</td><td>");
		html_text(o, kept_text(r, c, false));
		html_lit(o, "</td><td>");
		html_text(o, kept_text(r, c, true));
		html_lit(o, "</td><td>");
		html_text(o, c->by_name[0] != '\0' ? c->by_name : "\xE2\x80\x94");
		html_lit(o, "</td><td>");
		html_text(o, at);
		html_lit(o, "</td><td>");
		html_text(o, c->reason[0] != '\0' ? reason_text(r, c) : T(r, "No reason given"));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* GET /benefits/corrections and /api/v1/benefits/corrections. */
static int
h_corrections(struct req *r)
{
	struct actor actor = req_actor(r);
	struct correction_item *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = app_benefit_corrections(req_db(r), r->a, &actor, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	if (r->wants_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, correction_json(r, &items[i]));
		return api_send(r, 200, json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)total));
	}
	const char *title = T(r, "Corrections for the next benefit run");
	page_begin(r, title);
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, title);
	html_lit(o, "</h1><p><a href=\"/benefits\">");
	html_text(o, T(r, "Benefits"));
	html_lit(o, "</a></p>");
	page_p(r, N_("Marks changed, and pauses recorded or ended, after a month's benefits were approved, or while "
		     "its run waited for approval. The next run recomputes each month named here and pays or recovers "
		     "the difference."));
	if (n == 0) {
		page_p(r, N_("No corrections wait for a run."));
		return page_end(r);
	}
	if ((int64_t)n < total)
		html_text(o, arena_printf(r->a, T(r, "The oldest %zu of %lld are shown."), n, (long long)total));
	corrections_table(r, items, n);
	return page_end(r);
}

const struct route benefit_corrections_routes[] = {
	BOTH(GET_HEAD, "/benefits/corrections", "/api/v1/benefits/corrections", h_corrections,
	     NEED(RES_BENEFITS, ACT_READ)),
	ROUTES_END,
};
