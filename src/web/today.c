/*
 * today.c — a contact person's day: the Today page (meetings today, what is
 * overdue or due soon, who has had no contact) and its /api/v1/ twin. The
 * day is read through app/today.c (store/store_today.c, in the actor's
 * centre) and sorted by the follow-up rules (domain/today.h).
 */
#include "activities.h"
#include "case.h"
#include "internships.h"
#include "reports.h"
#include "resource.h"
#include "routes.h"
#include "app/today.h"
#include "domain/followup.h"
#include "domain/task.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* A participant's name linking to one of their pages (suffix "" or "/x"). */
static void
participant_link(struct req *r, const struct today_row *row, const char *suffix)
{
	struct buf *o = &r->out;
	html_lit(o, "<a href=\"/participants/");
	html_int(o, row->participant_id);
	html_text(o, suffix);
	html_lit(o, "\">");
	html_text(o, case_name(r, row->given_name, row->family_name));
	html_lit(o, "</a>");
}

/* A line's date as YYYY-MM-DD (arena); "" when not given. */
static const char *
date_text(struct req *r, struct date d)
{
	if (d.y == 0)
		return "";
	return case_date_text(r, d);
}

/* Where a Today line leads: the participant's plan or follow-up page. */
static const char *
entry_suffix(enum today_kind k)
{
	switch (k) {
	case TODAY_STEP:
	case TODAY_EVALUATION:
		return "/plan";
	case TODAY_FOLLOWUP:
		return "/meetings#tasks";
	default:
		return "/meetings";
	}
}

/* The "What" cell of a dated line. */
static void
entry_what(struct req *r, const struct today_entry *it)
{
	struct buf *o = &r->out;
	const struct today_row *row = it->row;
	switch (it->kind) {
	case TODAY_STEP:
		html_text(o, T(r, "Goal step"));
		html_lit(o, ": ");
		html_text(o, row->text);
		html_lit(o, " <span class=\"muted\">(");
		html_text(o, T(r, "goal"));
		html_lit(o, ": ");
		html_text(o, row->title);
		html_lit(o, ")</span>");
		break;
	case TODAY_EVALUATION:
		html_text(o, T(r, "Work plan evaluation"));
		break;
	case TODAY_FOLLOWUP:
		html_text(o, T(r, task_kind_label(row->title)));
		break;
	case TODAY_PLANNED:
		html_text(o, T(r, "Planned meeting; no meeting logged since"));
		break;
	default:
		html_text(o, T(r, "Meeting"));
		break;
	}
}

static void
dated_table(struct req *r, const struct today *d, const struct today_section *s, bool overdue)
{
	struct buf *o = &r->out;
	html_lit(o, "<table><thead><tr><th scope=\"col\">");
	html_text(o, overdue ? T(r, "Was due") : T(r, "Due"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Participant"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "What"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < s->n; i++) {
		const struct today_entry *it = &s->items[i];
		html_lit(o, "<tr><td>");
		html_text(o, date_text(r, it->row->date));
		long days = (long)followup_days_between(it->row->date, d->today);
		if (overdue) {
			html_lit(o, " <span class=\"overdue\">(");
			html_text(o, arena_printf(r->a, trn(r->lang, "%ld day overdue", "%ld days overdue",
							   (unsigned long)days), days));
			html_lit(o, ")</span>");
		} else if (days == 0) {
			html_lit(o, " <strong>(");
			html_text(o, T(r, "today"));
			html_lit(o, ")</strong>");
		}
		html_lit(o, "</td><td>");
		participant_link(r, it->row, entry_suffix(it->kind));
		html_lit(o, "</td><td>");
		entry_what(r, it);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

static void
summary_item(struct req *r, size_t n, const char *label, const char *anchor)
{
	struct buf *o = &r->out;
	html_lit(o, "<li><a href=\"#");
	html_text(o, anchor);
	html_lit(o, "\"><strong>");
	html_int(o, (long long)n);
	html_lit(o, "</strong> ");
	html_text(o, label);
	html_lit(o, "</a></li>");
}

static int
today_page(struct req *r, const struct today *d)
{
	const char *due_title = arena_printf(r->a, trn(r->lang, "Due in the next %d day", "Due in the next %d days",
						       (unsigned long)d->due_soon_days), d->due_soon_days);
	const char *contact_title = arena_printf(r->a, trn(r->lang, "No contact for %d day", "No contact for %d days",
							   (unsigned long)d->no_contact_days), d->no_contact_days);
	page_begin(r, T(r, "Today"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Today"));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, case_date_text(r, d->today));
	if (access_scope(r->user.roles, RES_CASELOADS, ACT_READ) == SCOPE_ALL) {
		html_lit(o, " \xC2\xB7 ");
		html_text(o, T(r, "This page shows your own caseload."));
		html_lit(o, " <a href=\"/caseloads\">");
		html_text(o, T(r, "See every contact person's caseload"));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p><ul class=\"summary\">");
	summary_item(r, d->meetings.n, T(r, "Meetings today"), "meetings-today");
	summary_item(r, d->overdue.n, T(r, "Overdue"), "overdue");
	summary_item(r, d->due.n, due_title, "due");
	summary_item(r, d->no_contact.n, contact_title, "no-contact");
	html_lit(o, "</ul>");
	if (d->more) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, arena_printf(r->a, T(r, "Some lists are long; only the first %d lines of each are shown."),
					  TODAY_MAX_ROWS));
		html_lit(o, "</p>");
	}

	/* Meetings today */
	html_lit(o, "<section aria-labelledby=\"meetings-today\"><h2 id=\"meetings-today\">");
	html_text(o, T(r, "Meetings today"));
	html_lit(o, "</h2>");
	if (d->meetings.n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No meetings today."));
		html_lit(o, "</p>");
	} else {
		page_table(r, NULL,
			   (const char *const[]){N_("Participant"), N_("Planned at the meeting of"), NULL});
		for (size_t i = 0; i < d->meetings.n; i++) {
			const struct today_row *row = d->meetings.items[i].row;
			html_lit(o, "<tr><td>");
			participant_link(r, row, "/meetings");
			html_lit(o, "</td><td>");
			html_text(o, row->detail);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "</section>");

	/* Overdue */
	html_lit(o, "<section aria-labelledby=\"overdue\"><h2 id=\"overdue\">");
	html_text(o, T(r, "Overdue"));
	html_lit(o, "</h2>");
	if (d->overdue.n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Nothing is overdue."));
		html_lit(o, "</p>");
	} else {
		dated_table(r, d, &d->overdue, true);
	}
	html_lit(o, "</section>");
	reports_today_section(r);

	/* Due soon */
	html_lit(o, "<section aria-labelledby=\"due\"><h2 id=\"due\">");
	html_text(o, due_title);
	html_lit(o, "</h2>");
	if (d->due.n == 0) {
		html_lit(o, "<p>");
		html_text(o, arena_printf(r->a, trn(r->lang, "Nothing is due in the next %d day.",
						    "Nothing is due in the next %d days.",
						    (unsigned long)d->due_soon_days), d->due_soon_days));
		html_lit(o, "</p>");
	} else {
		dated_table(r, d, &d->due, false);
	}
	html_lit(o, "</section>");

	/* No contact */
	html_lit(o, "<section aria-labelledby=\"no-contact\"><h2 id=\"no-contact\">");
	html_text(o, contact_title);
	html_lit(o, "</h2>");
	if (d->no_contact.n == 0) {
		html_lit(o, "<p>");
		html_text(o, arena_printf(r->a, trn(r->lang,
						    "Everyone in your caseload has had contact in the last %d day.",
						    "Everyone in your caseload has had contact in the last %d days.",
						    (unsigned long)d->no_contact_days), d->no_contact_days));
		html_lit(o, "</p>");
	} else {
		page_table(r, NULL, (const char *const[]){N_("Participant"), N_("Last contact"), NULL});
		for (size_t i = 0; i < d->no_contact.n; i++) {
			const struct today_row *row = d->no_contact.items[i].row;
			html_lit(o, "<tr><td>");
			participant_link(r, row, "/meetings");
			html_lit(o, "</td><td>");
			if (row->date.y == 0) {
				html_text(o, T(r, "Never"));
			} else {
				html_text(o, date_text(r, row->date));
				html_lit(o, " <span class=\"muted\">(");
				if (strcmp(row->detail, "start") == 0) {
					html_text(o, T(r, "programme start, no meeting yet"));
					html_lit(o, "; ");
				}
				long days = (long)followup_days_between(row->date, d->today);
				html_text(o, arena_printf(r->a, trn(r->lang, "%ld day ago", "%ld days ago",
								   (unsigned long)days), days));
				html_lit(o, ")</span>");
			}
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "</section>");
	struct actor actor = req_actor(r);
	int arc = activities_today_section(r, &actor);
	if (arc != SC_OK)
		return arc;
	int placements_rc = internships_today_section(r, &actor);
	if (placements_rc != SC_OK)
		return placements_rc;
	return page_end(r);
}

static json_t *
entry_json(struct req *r, const struct today_entry *it)
{
	const struct today_row *row = it->row;
	const char *date = date_text(r, row->date);
	json_t *j = json_pack("{s:s, s:I, s:s}", "kind", today_kind_key(it->kind),
			      "participant_id", (json_int_t)row->participant_id,
			      "participant_name", case_name(r, row->given_name, row->family_name));
	if (j == NULL)
		return NULL;
	switch (it->kind) {
	case TODAY_STEP:
		json_object_set_new(j, "id", json_integer(row->id));
		json_object_set_new(j, "due_on", json_string(date));
		json_object_set_new(j, "goal_title", json_string(row->title));
		json_object_set_new(j, "step", json_string(row->text));
		break;
	case TODAY_EVALUATION:
		json_object_set_new(j, "id", json_integer(row->id));
		json_object_set_new(j, "due_on", json_string(date));
		break;
	case TODAY_FOLLOWUP:
		json_object_set_new(j, "id", json_integer(row->id));
		json_object_set_new(j, "due_on", json_string(date));
		json_object_set_new(j, "task_kind", json_string(row->title));
		break;
	case TODAY_MEETING:
	case TODAY_PLANNED:
		json_object_set_new(j, "meeting_id", json_integer(row->id));
		json_object_set_new(j, "next_meeting", json_string(date));
		json_object_set_new(j, "planned_on", json_string(row->detail));
		break;
	case TODAY_NO_CONTACT:
		json_object_set_new(j, "last_contact", date[0] ? json_string(date) : json_null());
		json_object_set_new(j, "last_contact_kind", row->detail[0] ? json_string(row->detail) : json_null());
		break;
	}
	return j;
}

static json_t *
section_json(struct req *r, const struct today_section *s)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr != NULL && i < s->n; i++)
		json_array_append_new(arr, entry_json(r, &s->items[i]));
	return arr;
}

static int
today_json(struct req *r, const struct today *d)
{
	json_t *counts = json_pack("{s:I, s:I, s:I, s:I}", "meetings_today", (json_int_t)d->meetings.n,
				   "overdue", (json_int_t)d->overdue.n, "due_soon", (json_int_t)d->due.n,
				   "no_contact", (json_int_t)d->no_contact.n);
	json_t *j = json_pack("{s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:b}",
			      "date", case_date_text(r, d->today),
			      "due_soon_days", d->due_soon_days, "no_contact_days", d->no_contact_days,
			      "counts", counts,
			      "meetings_today", section_json(r, &d->meetings),
			      "overdue", section_json(r, &d->overdue),
			      "due_soon", section_json(r, &d->due),
			      "no_contact", section_json(r, &d->no_contact),
			      "truncated", d->more);
	struct actor actor = req_actor(r);
	int arc = activities_today_json(r, &actor, j);
	if (arc != SC_OK) {
		json_decref(j);
		return arc;
	}
	return api_send(r, 200, j);
}

/* GET /today and /api/v1/today. */
static int
h_today(struct req *r)
{
	struct actor actor = req_actor(r);
	struct today d;
	int rc = app_today(req_db(r), r->a, &actor, r->app->cfg.caseload_due_soon_days,
			   r->app->cfg.caseload_no_contact_days, &d);
	if (rc != SC_OK)
		return rc;
	return r->wants_json ? today_json(r, &d) : today_page(r, &d);
}

const struct route today_routes[] = {
	BOTH(GET_HEAD, "/today", "/api/v1/today", h_today, NEED(RES_WORKPLANS, ACT_READ)),
	ROUTES_END
};
