/*
 * activities.c — a participant's side of the activities area (issue 9;
 * decision 35): their weekly timetable and monthly attendance with doctor's
 * notes, each page with its /api/v1/ twin; enrolling them from their page;
 * the section of the participant's page and of Today. The area's other
 * pages are groups.c (groups, enrolments, sessions), registers.c (the
 * attendance register) and closures.c (closures and the self-certification
 * rule); what they share is activities_parts.h (activities_parts.c).
 * Records are declared in domain/activity.h and domain/attendance.h, kept
 * by store_activity.c and store_attendance.c, and read and written through
 * app/activity.c, which decides who may and audits.
 */
#include "activities.h"
#include "activities_parts.h"
#include "case.h"
#include "routes.h"
#include "app/levels.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a participant's timetable and attendance ---- */

static void
attendance_table(struct req *r, const struct attendance_row *rows, size_t n, bool marks)
{
	struct buf *o = &r->out;
	/* the timetable (no marks) says of a cancelled session that it is,
	 * and of one on a day the participant is paused that they are, in a
	 * column of its own when the week has one */
	bool notes = false;
	for (size_t i = 0; !marks && i < n; i++)
		notes = notes || rows[i].cancelled || rows[i].paused;
	html_lit(o, "<table class=\"timetable\"><thead><tr>");
	page_th(r, N_("Date"));
	page_th(r, N_("Time"));
	page_th(r, N_("Group"));
	page_th(r, N_("Room"));
	if (marks)
		page_th(r, N_("Attendance"));
	if (notes)
		page_th(r, N_("Note"));
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct attendance_row *a = &rows[i];
		if (a->cancelled)
			html_lit(o, "<tr class=\"cancelled\">");
		else if (a->paused)
			html_lit(o, "<tr class=\"paused\">");
		else
			html_lit(o, "<tr>");
		page_td(r, arena_printf(r->a, "%s %s", T(r, weekday_options[date_weekday(a->date) - 1].label),
					activity_date_text(r, a->date)));
		page_td(r, arena_printf(r->a, "%s\xE2\x80\x93%s", activity_hhmm(r, a->start_min), activity_hhmm(r, a->end_min)));
		if (a->marks_hidden)
			page_td(r, T(r, "Enrolled in a health activity"));
		else if (a->health_only && a->group_name[0] == '\0')
			page_td(r, T(r, "A health activity"));
		else
			page_td(r, a->group_name);
		page_td(r, a->room ? a->room : "");
		if (marks) {
			if (a->cancelled)
				page_td(r, arena_printf(r->a, "%s: %s", T(r, "Cancelled"), a->cancel_reason ? a->cancel_reason : ""));
			else if (a->marks_hidden)
				page_td(r, "");
			else if (a->paused && a->mark.kind == MARK_NONE)
				page_td(r, T(r, "Paused"));
			else if (a->paused)
				page_td(r, arena_printf(r->a, "%s (%s)", attendance_mark_words(r, &a->mark),
							T(r, "paused: not counted")));
			else if (a->beyond && !a->doctor_note)
				page_td(r, arena_printf(r->a, "%s (%s)", attendance_mark_words(r, &a->mark),
							T(r, "Needs a doctor's note")));
			else if (a->doctor_note)
				page_td(r, arena_printf(r->a, "%s (%s)", attendance_mark_words(r, &a->mark),
							T(r, "doctor's note registered")));
			else
				page_td(r, attendance_mark_words(r, &a->mark));
		}
		if (notes)
			page_td(r, a->cancelled ? arena_printf(r->a, "%s: %s", T(r, "Cancelled"),
							      a->cancel_reason ? a->cancel_reason : "")
				   : a->paused ? T(r, "Paused")
					       : "");
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
}

static json_t *
rows_json(struct req *r, const struct attendance_row *rows, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct attendance_row *a = &rows[i];
		bool hidden = a->marks_hidden;
		json_t *j = hidden ? json_object() : attendance_mark_json(&a->mark);
		json_object_set_new(j, "session_id", json_integer(a->session_id));
		json_object_set_new(j, "date", json_string(activity_date_text(r, a->date)));
		json_object_set_new(j, "start", json_string(activity_hhmm(r, a->start_min)));
		json_object_set_new(j, "end", json_string(activity_hhmm(r, a->end_min)));
		json_object_set_new(j, "group_id", json_integer(a->group_id));
		json_object_set_new(j, "group_name", json_string(a->group_name));
		json_object_set_new(j, "room", json_string(a->room ? a->room : ""));
		json_object_set_new(j, "health_activity", json_boolean(a->health_only));
		json_object_set_new(j, "cancelled", json_boolean(a->cancelled));
		json_object_set_new(j, "paused", json_boolean(a->paused));
		json_object_set_new(j, "doctor_note", json_boolean(!hidden && a->doctor_note));
		json_object_set_new(j, "needs_doctor_note", json_boolean(!hidden && a->beyond && !a->doctor_note));
		json_array_append_new(arr, j);
	}
	return arr;
}

/* GET /participants/:id/timetable?week=YYYY-MM-DD and its API twin: the
 * week's sessions (printable). */
static int
h_timetable(struct req *r)
{
	struct actor actor = req_actor(r);
	struct date week = actor.today;
	const char *w = req_qs(r, "week");
	if (w[0] != '\0' && date_parse(w, &week) != SC_OK) {
		if (r->wants_json)
			return api_error(r, 422, "invalid", T(r, "Give the week as a date (YYYY-MM-DD)."), NULL);
		return req_error(r, 400, T(r, "Give the week as a date (YYYY-MM-DD)."));
	}
	struct date from = monday_of(week), to = date_add_days(from, 6);
	struct participant_brief p;
	struct attendance_row *rows = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_timetable(req_db(r), r->a, &actor, req_param_id(r, 0), from, to, &p, &rows, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:s,s:s,s:o}", "from", activity_date_text(r, from), "to", activity_date_text(r, to),
						  "sessions", rows_json(r, rows, n)));
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Timetable"), case_name(r, p.given_name, p.family_name)));
	struct buf *o = &r->out;
	case_header(r, &p, "timetable");
	html_lit(o, "<h2>");
	html_text(o, arena_printf(r->a, "%s %s \xE2\x80\x93 %s", T(r, "Week of"), activity_date_text(r, from), activity_date_text(r, to)));
	html_lit(o, "</h2><nav class=\"pager no-print\" aria-label=\"");
	html_text(o, T(r, "Weeks"));
	html_lit(o, "\"><a rel=\"prev\" href=\"?week=");
	html_text(o, activity_date_text(r, date_add_days(from, -7)));
	html_lit(o, "\">");
	html_text(o, T(r, "Previous week"));
	html_lit(o, "</a> <a rel=\"next\" href=\"?week=");
	html_text(o, activity_date_text(r, date_add_days(from, 7)));
	html_lit(o, "\">");
	html_text(o, T(r, "Next week"));
	html_lit(o, "</a> <button type=\"button\" class=\"secondary\" data-print>");
	html_text(o, T(r, "Print"));
	html_lit(o, "</button></nav>");
	if (n == 0)
		page_p(r, N_("No sessions this week."));
	else
		attendance_table(r, rows, n, false);
	return page_end(r);
}

static json_t *
summary_json(const struct attendance_summary *s)
{
	json_t *abs = json_object();
	for (int t = 0; t < ABSENCE_TYPE_COUNT; t++)
		json_object_set_new(abs, absence_type_options[t].key,
				    json_pack("{s:I,s:i}", "minutes", (json_int_t)s->absent_minutes[t], "days",
					      s->absent_days[t]));
	int rate = attendance_rate_permille(s);
	return json_pack("{s:I,s:I,s:I,s:i,s:i,s:o,s:o}", "scheduled_minutes", (json_int_t)s->scheduled_minutes,
			 "present_minutes", (json_int_t)s->present_minutes, "unmarked_minutes",
			 (json_int_t)s->unmarked_minutes, "sessions", s->sessions, "unmarked_sessions",
			 s->unmarked_sessions, "absence", abs, "rate_permille",
			 rate < 0 ? json_null() : json_integer(rate));
}

static void
summary_table(struct req *r, const struct attendance_summary *s)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"attendance-summary\"><thead><tr>");
	page_th(r, N_("What"));
	page_th(r, N_("In minutes"));
	page_th(r, N_("In days"));
	html_lit(o, "</tr></thead><tbody><tr><th scope=\"row\">");
	html_text(o, T(r, "Scheduled"));
	html_lit(o, "</th><td>");
	html_int(o, s->scheduled_minutes);
	html_lit(o, "</td><td></td></tr><tr><th scope=\"row\">");
	html_text(o, T(r, "Present"));
	html_lit(o, "</th><td>");
	html_int(o, s->present_minutes);
	html_lit(o, "</td><td></td></tr>");
	for (int t = 0; t < ABSENCE_TYPE_COUNT; t++) {
		html_lit(o, "<tr id=\"summary-");
		html_text(o, absence_type_options[t].key);
		html_lit(o, "\"><th scope=\"row\">");
		html_text(o, T(r, absence_type_options[t].label));
		html_lit(o, "</th><td>");
		html_int(o, s->absent_minutes[t]);
		html_lit(o, "</td><td>");
		html_int(o, s->absent_days[t]);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "<tr><th scope=\"row\">");
	html_text(o, T(r, "Not marked yet"));
	html_lit(o, "</th><td>");
	html_int(o, s->unmarked_minutes);
	html_lit(o, "</td><td></td></tr><tr><th scope=\"row\">");
	html_text(o, T(r, "Attendance rate"));
	html_lit(o, "</th><td colspan=\"2\">");
	html_text(o, attendance_rate_text(r, s));
	html_lit(o, "</td></tr></tbody></table>");
}

/* The month of ?month=YYYY-MM (today's when not given); false when it is
 * not one. */
static bool
month_of(struct req *r, const struct actor *actor, int *y, int *m)
{
	*y = actor->today.y;
	*m = actor->today.m;
	const char *q = req_qs(r, "month");
	if (q[0] == '\0')
		return true;
	struct date d;
	char buf[16];
	if (strlen(q) != 7)
		return false;
	snprintf(buf, sizeof buf, "%s-01", q);
	if (date_parse(buf, &d) != SC_OK)
		return false;
	*y = d.y;
	*m = d.m;
	return true;
}

/* The form that registers a doctor's note, for those who may write the
 * participant's activities (their contact person, a leader). */
static void
doctor_note_form(struct req *r, int64_t pid, const struct doctor_note *shown, bool posted,
		 const struct form_errors *e)
{
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"doctor-note\"><h2 id=\"doctor-note\">");
	html_text(o, T(r, "Register a doctor's note"));
	html_lit(o, "</h2>");
	page_p(r, N_("Self-certified sick days in the period count from now on as sickness with a doctor's note, also those beyond the self-certification rule."));
	if (e != NULL)
		form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/participants/");
	html_int(o, pid);
	html_lit(o, "/doctor-notes\" id=\"doctor-note-form\" novalidate>");
	form_csrf(r);
	form_fields(r, doctor_note_fields, shown, posted, NULL, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Register the note"));
	html_lit(o, "</button></form></section>");
}

/* The participant's attendance page of month y-m (JSON: its twin), with
 * the doctor's note form (note and e: a refused note shown again). */
static int
attendance_answer(struct req *r, const struct actor *actor, int64_t pid, int y, int m, const struct doctor_note *note,
		  const struct form_errors *e)
{
	struct participant_brief p;
	struct attendance_row *rows = NULL;
	size_t n = 0;
	struct outcome out;
	int status = r->status;
	struct attendance_summary s;
	int rc = app_participant_month(req_db(r), r->a, actor, pid, y, m, &p, &rows, &n, &s, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	const char *month = arena_printf(r->a, "%04d-%02d", y, m);
	if (r->wants_json)
		return api_send(r, 200, json_pack("{s:s,s:o,s:o}", "month", month, "summary", summary_json(&s),
						  "sessions", rows_json(r, rows, n)));
	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Attendance"), case_name(r, p.given_name, p.family_name)));
	struct buf *o = &r->out;
	case_header(r, &p, "attendance");
	html_lit(o, "<h2 id=\"summary\">");
	html_text(o, arena_printf(r->a, "%s %s", T(r, "Attendance in"), month));
	html_lit(o, "</h2><nav class=\"pager no-print\" aria-label=\"");
	html_text(o, T(r, "Months"));
	html_lit(o, "\">");
	if (y > DATE_MIN_YEAR || m > 1) {
		html_lit(o, "<a rel=\"prev\" href=\"?month=");
		html_text(o, arena_printf(r->a, "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1));
		html_lit(o, "\">");
		html_text(o, T(r, "Previous month"));
		html_lit(o, "</a> ");
	}
	if (y < DATE_MAX_YEAR || m < 12) {
		html_lit(o, "<a rel=\"next\" href=\"?month=");
		html_text(o, arena_printf(r->a, "%04d-%02d", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1));
		html_lit(o, "\">");
		html_text(o, T(r, "Next month"));
		html_lit(o, "</a>");
	}
	html_lit(o, "</nav>");
	summary_table(r, &s);
	html_lit(o, "<h2>");
	html_text(o, T(r, "Sessions"));
	html_lit(o, "</h2>");
	if (n == 0)
		page_p(r, N_("No sessions this month."));
	else
		attendance_table(r, rows, n, true);
	if (case_allows(r, &p, PART_BIT(PART_ACTIVITIES), ACT_WRITE) &&
	    (actor->roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) != 0) {
		struct doctor_note blank = {0};
		doctor_note_form(r, pid, note != NULL ? note : &blank, note != NULL, e);
	}
	if (e != NULL)
		r->status = status;
	return page_end(r);
}

/* GET /participants/:id/attendance?month=YYYY-MM and its API twin
 * /api/v1/participants/:id/attendance: the month's sessions with their
 * marks and the summary. */
static int
h_attendance(struct req *r)
{
	struct actor actor = req_actor(r);
	int y, m;
	if (!month_of(r, &actor, &y, &m)) {
		if (r->wants_json)
			return api_error(r, 422, "invalid", T(r, "Give the month as YYYY-MM."), NULL);
		return req_error(r, 400, T(r, "Give the month as YYYY-MM."));
	}
	return attendance_answer(r, &actor, req_param_id(r, 0), y, m, NULL, NULL);
}

/* POST /participants/:id/doctor-notes and its API twin: a doctor's note
 * for the participant's self-certified sick days from_on..to_on. */
static int
h_doctor_note(struct req *r)
{
	struct actor actor = req_actor(r);
	if ((actor.roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) == 0)
		return req_error(r, 403, NULL);
	int64_t pid = req_param_id(r, 0);
	struct participant_brief reached;
	int rc = SC_OK;
	if (!req_participant(r, &actor, PART_BIT(PART_ACTIVITIES), ACT_WRITE, &reached, &rc))
		return rc;
	struct doctor_note in;
	fields_clear(doctor_note_fields, &in);
	struct form_errors e = {0};
	if (!input_read(r, doctor_note_fields, &in, NULL, &e, &rc))
		return rc;
	struct outcome out = {0};
	if (e.n == 0) {
		rc = app_doctor_note(req_db(r), r->a, &actor, pid, &in, &out);
		if (rc != SC_OK)
			return rc;
	} else {
		if (!e.mistyped)
			doctor_note_check(&in, actor.today, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal == REFUSED_NOT_FOUND)
		return req_error(r, 404, NULL);
	if (out.refusal != DONE) {
		outcome_form_errors(r, &out, &e);
		form_errors_order(&e, doctor_note_fields);
		if (r->wants_json)
			return answer_refused_json(r, &out, &e);
		r->status = outcome_status(&out);
		struct date shown = in.from_on.y != 0 ? in.from_on : actor.today;
		return attendance_answer(r, &actor, pid, shown.y, shown.m, &in, &e);
	}
	json_t *j = record_json(doctor_note_fields, &in, PARTS_ALL);
	json_object_set_new(j, "participant_id", json_integer(pid));
	json_object_set_new(j, "absences_covered", json_integer(out.version));
	return answer_done(r, 201, j,
			   arena_printf(r->a, "/participants/%lld/attendance?month=%04d-%02d#summary", (long long)pid,
					in.from_on.y, in.from_on.m),
			   "saved");
}

/* POST /participants/:id/groups and its API twin: enrolment from the
 * participant's page (the group chosen). */
static int
h_participant_enrol(struct req *r)
{
	struct actor actor = req_actor(r);
	if ((actor.roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) == 0)
		return req_error(r, 403, NULL);
	int64_t pid = req_param_id(r, 0);
	struct participant_brief reached;
	int rc = SC_OK;
	/* reading is enough to be told that one who has left cannot begin;
	 * the command asks for writing */
	if (!req_participant(r, &actor, PART_BIT(PART_ACTIVITIES), ACT_READ, &reached, &rc))
		return rc;
	if (!participant_has_left(reached.status) &&
	    !case_allows(r, &reached, PART_BIT(PART_ACTIVITIES), ACT_WRITE))
		return req_error(r, 404, NULL);
	struct group_enrolment in;
	struct form_errors e = {0};
	if (!input_read(r, group_enrolment_from_participant_fields, &in, NULL, &e, &rc))
		return rc;
	if (!(r->json != NULL || r->wants_json))
		in.waitlist = strcmp(req_field(r, "waitlist"), "yes") == 0 ? 1 : 0;
	in.participant_id = pid;
	struct outcome out = {0};
	struct enrol_clash c = {0};
	if (e.n == 0 && in.group_id > 0) {
		rc = app_group_enrol(req_db(r), r->a, &actor, in.group_id, &in, &c, &out);
		if (rc != SC_OK)
			return rc;
		if (out.refusal == REFUSED_NOT_FOUND && out.message != NULL &&
		    strcmp(out.message, "There is no such participant that you may enrol.") == 0)
			return req_error(r, 404, NULL);
	} else {
		if (!e.mistyped)
			group_enrolment_period_check(reached.status, &out.errors);
		out.refusal = REFUSED_INVALID;
	}
	if (out.refusal != DONE) {
		rc = enrol_refused(r, &out, &c, &e);
		if (rc != SC_OK || r->wants_json)
			return rc;
		int status = r->status;
		struct participant_brief p;
		struct outcome shown;
		rc = app_participant(req_db(r), r->a, &actor, pid, PART_BIT(PART_ACTIVITIES), ACT_READ, &p, &shown);
		if (rc != SC_OK)
			return rc;
		if (shown.refusal != DONE)
			return req_error(r, 404, NULL);
		page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Groups"), case_name(r, p.given_name, p.family_name)));
		case_header(r, &p, "");
		rc = activities_participant_section_errors(r, &actor, &p, &e);
		if (rc != SC_OK)
			return rc;
		r->status = status;
		return page_end(r);
	}
	return enrolment_done(r, &actor, out.id, arena_printf(r->a, "/participants/%lld#groups", (long long)pid));
}

/* GET /api/v1/participants/:id/groups: the participant's groups. */
static int
h_participant_groups(struct req *r)
{
	struct actor actor = req_actor(r);
	struct group_enrolment *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_participant_groups(req_db(r), r->a, &actor, req_param_id(r, 0), &items, &n, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = group_enrolment_json(&items[i], actor.today);
		json_object_set_new(j, "health_activity", json_boolean(items[i].health_only));
		if (items[i].group_name[0] == '\0')
			json_object_set_new(j, "group_id", json_integer(0));
		json_array_append_new(arr, j);
	}
	return api_send(r, 200, json_pack("{s:o}", "items", arr));
}

/* ---- the section of the participant's page ---- */

/* The section; ov the participant's page's overview, or NULL where the
 * levels are read here. */
static int
participant_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
		    const struct participant_overview *ov, const struct form_errors *e)
{
	struct db *db = req_db(r);
	struct group_enrolment *items = NULL;
	size_t n = 0;
	struct outcome out;
	struct attendance_summary s;
	int rc = app_participant_activities(db, r->a, actor, p, actor->today.y, actor->today.m, &items, &n, &s, &out);
	if (rc != SC_OK || out.refusal != DONE)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"groups\"><h2 id=\"groups\">");
	html_text(o, T(r, "Groups and attendance"));
	html_lit(o, "</h2>");
	if (n == 0) {
		page_p(r, N_("Not enrolled in any group."));
	} else {
		html_lit(o, "<table id=\"participant-groups\"><thead><tr>");
		page_th(r, N_("Group"));
		page_th(r, N_("Status"));
		page_th(r, N_("From"));
		page_th(r, N_("To"));
		html_lit(o, "</tr></thead><tbody>");
		/* the finance officer reads the attendance, not the groups' pages */
		bool groups = access_allows(r->user.roles, RES_ACTIVITIES, ACT_READ);
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr>");
			if (items[i].group_name[0] == '\0') {
				page_td(r, T(r, "Enrolled in a health activity"));
			} else if (!groups) {
				page_td(r, items[i].group_name);
			} else {
				html_lit(o, "<td><a href=\"/groups/");
				html_int(o, items[i].group_id);
				html_lit(o, "\">");
				html_text(o, items[i].group_name);
				html_lit(o, "</a></td>");
			}
			page_td(r, T(r, group_enrolment_status_label(&items[i], actor->today)));
			page_td(r, activity_date_text(r, items[i].starts_on));
			page_td(r, activity_date_text(r, items[i].ends_on));
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "<p><a href=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/timetable\">");
	html_text(o, T(r, "Weekly timetable"));
	html_lit(o, "</a> \xC2\xB7 <a href=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/attendance\">");
	html_text(o, T(r, "Attendance this month"));
	html_lit(o, "</a>");
	if (case_allows(r, p, PART_BIT(PART_SCHOOLING), ACT_READ)) {
		html_lit(o, " \xC2\xB7 <a href=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/levels\">");
		html_text(o, T(r, "Norwegian levels"));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p><h3>");
	html_text(o, arena_printf(r->a, "%s %04d-%02d", T(r, "Attendance in"), actor->today.y, actor->today.m));
	html_lit(o, "</h3>");
	summary_table(r, &s);
	if (case_allows(r, p, PART_BIT(PART_SCHOOLING), ACT_READ)) {
		const struct language_assessment *la = NULL;
		size_t nla = 0;
		if (ov != NULL) {
			la = ov->levels;
			nla = ov->nlevels;
			rc = app_levels_shown(db, actor, p, &out);
		} else {
			struct language_assessment *all = NULL;
			struct participant_brief b2;
			rc = app_assessments(db, r->a, actor, p->id, &b2, &all, &nla, &out);
			la = all;
		}
		if (rc != SC_OK)
			return rc;
		if (out.refusal == DONE && nla > 0) {
			html_lit(o, "<h3>");
			html_text(o, T(r, "Norwegian progress"));
			html_lit(o, "</h3>");
			levels_chart(r, la, nla);
		}
	}
	bool may_enrol = case_allows(r, p, PART_BIT(PART_ACTIVITIES), ACT_WRITE) &&
			 (actor->roles & (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT))) != 0;
	/* one who has left is offered no place: the page says why instead */
	const char *no_place = may_enrol ? group_place_refusal(p->status) : NULL;
	if (no_place != NULL) {
		html_lit(o, "<p id=\"enrol-group\">");
		html_text(o, T(r, no_place));
		html_lit(o, "</p>");
	} else if (may_enrol) {
		/* A centre with more open groups than a list can show is given
		 * the group's number to type, and the list of groups to find it. */
		struct group *groups = NULL;
		size_t ng = 0;
		bool by_number = false;
		rc = app_groups_open(db, r->a, actor, ENROL_CHOICES_MAX, &groups, &ng, &by_number);
		if (rc != SC_OK)
			return rc;
		const char **keys = arena_alloc(r->a, sizeof *keys * (ng + 1));
		const char **labels = arena_alloc(r->a, sizeof *labels * (ng + 1));
		if (keys == NULL || labels == NULL)
			return SC_ENOMEM;
		size_t k = 0;
		for (size_t i = 0; i < ng && !by_number; i++) {
			keys[k] = case_id(r, groups[i].id);
			labels[k] = arena_printf(r->a, "%s (%lld / %lld)", groups[i].name, (long long)groups[i].enrolled,
						 (long long)groups[i].capacity);
			k++;
		}
		const struct field_ui ui[] = {
			{.key = "group_id",
			 .choice_keys = by_number ? NULL : keys,
			 .choice_labels = by_number ? NULL : labels,
			 .nchoices = k},
			{.key = "waitlist", .control = "checkbox"},
			{0},
		};
		struct group_enrolment blank;
		fields_clear(group_enrolment_from_participant_fields, &blank);
		html_lit(o, "<h3 id=\"enrol-group\">");
		html_text(o, T(r, "Enrol in a group"));
		html_lit(o, "</h3>");
		if (by_number) {
			html_lit(o, "<p id=\"enrol-by-number\">");
			html_text(o, arena_printf(r->a,
						  T(r, "The centre has more than %d open groups: enter the group's "
						       "number, as the list of groups shows it."),
						  ENROL_CHOICES_MAX));
			html_lit(o, " <a href=\"/groups\">");
			html_text(o, T(r, "Groups"));
			html_lit(o, "</a></p>");
		}
		if (e != NULL)
			form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/groups\" id=\"group-enrol-form\" novalidate>");
		form_csrf(r);
		form_fields(r, group_enrolment_from_participant_fields, &blank, e != NULL, ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Enrol in the group"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
	return SC_OK;
}

int
activities_participant_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
			       const struct participant_overview *ov)
{
	return participant_section(r, actor, p, ov, NULL);
}

int
activities_participant_section_errors(struct req *r, const struct actor *actor, const struct participant_brief *p,
				      const struct form_errors *e)
{
	return participant_section(r, actor, p, NULL, e);
}

/* ---- Today ---- */

int
activities_today_section(struct req *r, const struct actor *actor)
{
	struct absence_alert *items = NULL;
	size_t n = 0;
	int min_days = r->app->cfg.attendance_unexcused_in_a_row;
	int rc = app_absence_alerts(req_db(r), r->a, actor, min_days, &items, &n);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"unexcused\"><h2 id=\"unexcused\">");
	html_text(o, arena_printf(r->a, T(r, "Unexcused absence %d days in a row or more"), min_days));
	html_lit(o, "</h2>");
	if (n == 0) {
		page_p(r, N_("No one."));
	} else {
		html_lit(o, "<table id=\"unexcused-list\"><thead><tr>");
		page_th(r, N_("Name"));
		page_th(r, N_("Days in a row"));
		page_th(r, N_("Since"));
		page_th(r, N_("Latest"));
		html_lit(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><td><a href=\"/participants/");
			html_int(o, items[i].participant_id);
			html_lit(o, "/attendance\">");
			html_text(o, case_name(r, items[i].given_name, items[i].family_name));
			html_lit(o, "</a></td><td>");
			html_int(o, items[i].days);
			html_lit(o, "</td>");
			page_td(r, activity_date_text(r, items[i].since));
			page_td(r, activity_date_text(r, items[i].last));
			html_lit(o, "</tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "</section>");
	return SC_OK;
}

int
activities_today_json(struct req *r, const struct actor *actor, json_t *j)
{
	struct absence_alert *items = NULL;
	size_t n = 0;
	int min_days = r->app->cfg.attendance_unexcused_in_a_row;
	int rc = app_absence_alerts(req_db(r), r->a, actor, min_days, &items, &n);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:i,s:s,s:s}", "participant_id",
						     (json_int_t)items[i].participant_id, "given_name",
						     items[i].given_name, "family_name", items[i].family_name, "days",
						     items[i].days, "since", activity_date_text(r, items[i].since), "last",
						     activity_date_text(r, items[i].last)));
	json_object_set_new(j, "unexcused_in_a_row", arr);
	return SC_OK;
}


const struct route activities_routes[] = {
	BOTH(GET_HEAD, "/participants/:id/timetable", "/api/v1/participants/:id/timetable", h_timetable,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(GET_HEAD, "/participants/:id/attendance", "/api/v1/participants/:id/attendance", h_attendance,
	     NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/doctor-notes", "/api/v1/participants/:id/doctor-notes", h_doctor_note,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	API(GET_HEAD, "/api/v1/participants/:id/groups", h_participant_groups, NEED(RES_PARTICIPANTS, ACT_READ)),
	BOTH(M_POST, "/participants/:id/groups", "/api/v1/participants/:id/groups", h_participant_enrol,
	     NEED(RES_ACTIVITIES, ACT_WRITE)),
	ROUTES_END
};
