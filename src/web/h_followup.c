/*
 * h_followup.c — pages and API for this area; its routes are in routes_followup.inc.
 *
 * Follow-up: a contact person's Today page (meetings today, what is overdue
 * or due soon, who has had no contact), the meeting log of a participant
 * with the follow-ups after exit and the referrals to health workers, and
 * health notes — which only the health workers a participant is referred
 * to reach (the access table), which appear nowhere else, and whose every
 * read is in the audit log, one entry per note shown.
 */
#include "case.h"
#include "http.h"
#include "domain/followup.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

/* This area's handlers, declared from its route lines. */
#define ROUTE(method, pattern, fn, perm, api) int fn(struct req *r);
#include "routes_followup.inc"
#undef ROUTE

#define MEETINGS_PER_PAGE 20
#define NOTES_PER_PAGE 20

/* ---- small writers ---- */

/* A participant's name linking to one of their pages (suffix "" or "/x"). */
static void
participant_link(struct req *r, int64_t id, const char *given, const char *family,
		 const char *suffix)
{
	struct buf *o = &r->out;
	html_lit(o, "<a href=\"/participants/");
	html_int(o, id);
	html_text(o, suffix);
	html_lit(o, "\">");
	html_text(o, case_name(r, given, family));
	html_lit(o, "</a>");
}

/* A writable arena copy of a form field (validators trim in place). */
static char *
field_copy(struct req *r, const char *name)
{
	return arena_strdup(r->a, req_field(r, name));
}

/* The JSON members each call takes, with their types (case_api_body()
 * refuses any other type). */
static const struct api_field meeting_api[] = {
	{"held_on", API_DATE, false, NULL},
	{"channel", API_STRING, false, NULL},
	{"interpreter", API_BOOLEAN, true, NULL},
	{"minutes", API_STRING, true, NULL},
	{"next_steps", API_STRING, true, NULL},
	{"next_meeting", API_DATE, true, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field task_done_api[] = {
	{"result", API_STRING, false, NULL},
	{"note", API_STRING, true, NULL},
	{NULL, 0, false, NULL},
};
static const struct api_field health_referral_api[] = {
	{"health_id", API_ID, false, NULL},
	{"referred_on", API_DATE, true, NULL},
	{"reason", API_STRING, true, NULL},
	{NULL, 0, false, NULL},
};

/* A member of a checked JSON body as the text the validators take
 * (writable; "" when absent or null; true/false as yes/no). */
static char *
json_text_field(struct req *r, const char *key)
{
	char *v = case_api_text(r, key, "");
	return v != NULL ? v : arena_strdup(r->a, "");
}

/* The ?page of a list page; false (and answers 400) when it is wrong. */
static bool
page_param(struct req *r, int64_t *page, int *rc)
{
	*page = 1;
	if (*req_qs(r, "page") && parse_int64(req_qs(r, "page"), 1, 1000000, page) != SC_OK) {
		*rc = req_error(r, 400, NULL);
		return false;
	}
	return true;
}

/* ---- Today ---- */

enum day_kind { DK_MEETING, DK_STEP, DK_EVALUATION, DK_FOLLOWUP, DK_PLANNED, DK_NO_CONTACT };

static const char *const day_kind_keys[] = {
	"meeting", "goal_step", "evaluation", "followup", "planned_meeting", "no_contact",
};

struct day_entry {
	enum day_kind kind;
	const struct today_row *row;
};

struct day_section {
	struct day_entry *items;
	size_t n;
};

/* The user's day, sorted into the page's sections. */
struct day {
	struct date today;
	int due_soon_days;
	int no_contact_days;
	struct today raw;
	struct day_section meetings;   /* planned for today */
	struct day_section overdue;    /* steps, evaluations, follow-ups, passed meetings */
	struct day_section due;        /* in the next due_soon_days */
	struct day_section no_contact;
	bool more;                     /* some list was cut at TODAY_MAX_ROWS */
};

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct day_entry *a = pa, *b = pb;
	int c = strcmp(a->row->date, b->row->date);
	if (c == 0)
		c = (int)a->kind - (int)b->kind;
	if (c == 0)
		c = strcmp(a->row->family_name, b->row->family_name);
	if (c == 0)
		c = strcmp(a->row->given_name, b->row->given_name);
	if (c == 0)
		c = a->row->id < b->row->id ? -1 : a->row->id > b->row->id;
	return c;
}

static void
section_add(struct day_section *s, enum day_kind kind, const struct today_row *row)
{
	s->items[s->n].kind = kind;
	s->items[s->n].row = row;
	s->n++;
}

/* Dated items go to overdue (followup_overdue, the rule the caseload
 * figures count by) or due. The store lists only steps of open goals. */
static void
sort_dated(struct day *d, const struct today_list *l, enum day_kind kind, enum overdue_kind ok)
{
	for (size_t i = 0; i < l->n; i++) {
		struct date due;
		if (date_parse(l->rows[i].date, &due) != SC_OK)
			continue;
		if (followup_overdue(ok, due, false, true, d->today))
			section_add(&d->overdue, kind, &l->rows[i]);
		else if (followup_due_state(due, false, d->today, d->due_soon_days) == FOLLOWUP_DUE)
			section_add(&d->due, kind, &l->rows[i]);
	}
}

static int
load_day(struct req *r, struct day *d)
{
	memset(d, 0, sizeof *d);
	d->today = case_today();
	d->due_soon_days = r->app->cfg.caseload_due_soon_days;
	d->no_contact_days = r->app->cfg.caseload_no_contact_days;
	int rc = store_today(req_db(r), r->a, r->user.id, d->today,
			     followup_due_window_end(d->today, d->due_soon_days),
			     followup_no_contact_before(d->today, d->no_contact_days), &d->raw);
	if (rc != SC_OK)
		return rc;
	const struct today *t = &d->raw;
	size_t dated = t->planned.n + t->steps.n + t->evaluations.n + t->tasks.n + 1;
	d->meetings.items = arena_alloc(r->a, sizeof(struct day_entry) * (t->planned.n + 1));
	d->overdue.items = arena_alloc(r->a, sizeof(struct day_entry) * dated);
	d->due.items = arena_alloc(r->a, sizeof(struct day_entry) * dated);
	d->no_contact.items = arena_alloc(r->a, sizeof(struct day_entry) * (t->no_contact.n + 1));
	if (!d->meetings.items || !d->overdue.items || !d->due.items || !d->no_contact.items)
		return SC_ENOMEM;
	for (size_t i = 0; i < t->planned.n; i++) {
		struct date next;
		if (date_parse(t->planned.rows[i].date, &next) != SC_OK)
			continue;
		if (meeting_planned_state(next, d->today) == MEETING_PLANNED_TODAY)
			section_add(&d->meetings, DK_MEETING, &t->planned.rows[i]);
		else if (followup_overdue(OVERDUE_MEETING, next, false, false, d->today))
			section_add(&d->overdue, DK_PLANNED, &t->planned.rows[i]);
	}
	sort_dated(d, &t->steps, DK_STEP, OVERDUE_STEP);
	sort_dated(d, &t->evaluations, DK_EVALUATION, OVERDUE_EVALUATION);
	sort_dated(d, &t->tasks, DK_FOLLOWUP, OVERDUE_FOLLOWUP);
	for (size_t i = 0; i < t->no_contact.n; i++)
		section_add(&d->no_contact, DK_NO_CONTACT, &t->no_contact.rows[i]);
	qsort(d->overdue.items, d->overdue.n, sizeof *d->overdue.items, entry_cmp);
	qsort(d->due.items, d->due.n, sizeof *d->due.items, entry_cmp);
	d->more = t->planned.more || t->steps.more || t->evaluations.more || t->no_contact.more ||
		  t->tasks.more;
	return SC_OK;
}

/* Where a Today line leads: the participant's plan or follow-up page. */
static const char *
entry_suffix(enum day_kind k)
{
	switch (k) {
	case DK_STEP:
	case DK_EVALUATION:
		return "/plan";
	case DK_FOLLOWUP:
		return "/meetings#tasks";
	default:
		return "/meetings";
	}
}

/* The "What" cell of a dated line. */
static void
entry_what(struct req *r, const struct day_entry *it)
{
	struct buf *o = &r->out;
	const struct today_row *row = it->row;
	switch (it->kind) {
	case DK_STEP:
		html_text(o, T(r, "Goal step"));
		html_lit(o, ": ");
		html_text(o, row->text);
		html_lit(o, " <span class=\"muted\">(");
		html_text(o, T(r, "goal"));
		html_lit(o, ": ");
		html_text(o, row->title);
		html_lit(o, ")</span>");
		break;
	case DK_EVALUATION:
		html_text(o, T(r, "Work plan evaluation"));
		break;
	case DK_FOLLOWUP:
		html_text(o, T(r, task_kind_label(row->title)));
		break;
	case DK_PLANNED:
		html_text(o, T(r, "Planned meeting; no meeting logged since"));
		break;
	default:
		html_text(o, T(r, "Meeting"));
		break;
	}
}

static void
dated_table(struct req *r, const struct day *d, const struct day_section *s, bool overdue)
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
		const struct day_entry *it = &s->items[i];
		html_lit(o, "<tr><td>");
		html_text(o, it->row->date);
		struct date due;
		if (date_parse(it->row->date, &due) == SC_OK) {
			long days = (long)followup_days_between(due, d->today);
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
		}
		html_lit(o, "</td><td>");
		participant_link(r, it->row->participant_id, it->row->given_name, it->row->family_name,
				 entry_suffix(it->kind));
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

int
h_today(struct req *r)
{
	struct day d;
	int rc = load_day(r, &d);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "today.read", "user", case_id(r, r->user.id), "ok");

	const char *due_title = arena_printf(r->a, trn(r->lang, "Due in the next %d day", "Due in the next %d days",
						       (unsigned long)d.due_soon_days), d.due_soon_days);
	const char *contact_title = arena_printf(r->a, trn(r->lang, "No contact for %d day", "No contact for %d days",
							   (unsigned long)d.no_contact_days), d.no_contact_days);
	page_begin(r, T(r, "Today"));
	struct buf *o = &r->out;
	html_lit(o, "<h1>");
	html_text(o, T(r, "Today"));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, case_date_text(r, d.today));
	if (access_scope(r->user.roles, RES_CASELOADS, ACT_READ) == SCOPE_ALL) {
		html_lit(o, " \xC2\xB7 ");
		html_text(o, T(r, "This page shows your own caseload."));
		html_lit(o, " <a href=\"/caseloads\">");
		html_text(o, T(r, "See every contact person's caseload"));
		html_lit(o, "</a>");
	}
	html_lit(o, "</p><ul class=\"summary\">");
	summary_item(r, d.meetings.n, T(r, "Meetings today"), "meetings-today");
	summary_item(r, d.overdue.n, T(r, "Overdue"), "overdue");
	summary_item(r, d.due.n, due_title, "due");
	summary_item(r, d.no_contact.n, contact_title, "no-contact");
	html_lit(o, "</ul>");
	if (d.more) {
		html_lit(o, "<p class=\"notice\">");
		html_text(o, arena_printf(r->a, T(r, "Some lists are long; only the first %d lines of each are shown."),
					  TODAY_MAX_ROWS));
		html_lit(o, "</p>");
	}

	/* Meetings today */
	html_lit(o, "<section aria-labelledby=\"meetings-today\"><h2 id=\"meetings-today\">");
	html_text(o, T(r, "Meetings today"));
	html_lit(o, "</h2>");
	if (d.meetings.n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No meetings today."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Participant"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Planned at the meeting of"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < d.meetings.n; i++) {
			const struct today_row *row = d.meetings.items[i].row;
			html_lit(o, "<tr><td>");
			participant_link(r, row->participant_id, row->given_name, row->family_name, "/meetings");
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
	if (d.overdue.n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Nothing is overdue."));
		html_lit(o, "</p>");
	} else {
		dated_table(r, &d, &d.overdue, true);
	}
	html_lit(o, "</section>");

	/* Due soon */
	html_lit(o, "<section aria-labelledby=\"due\"><h2 id=\"due\">");
	html_text(o, due_title);
	html_lit(o, "</h2>");
	if (d.due.n == 0) {
		html_lit(o, "<p>");
		html_text(o, arena_printf(r->a, trn(r->lang, "Nothing is due in the next %d day.",
						    "Nothing is due in the next %d days.",
						    (unsigned long)d.due_soon_days), d.due_soon_days));
		html_lit(o, "</p>");
	} else {
		dated_table(r, &d, &d.due, false);
	}
	html_lit(o, "</section>");

	/* No contact */
	html_lit(o, "<section aria-labelledby=\"no-contact\"><h2 id=\"no-contact\">");
	html_text(o, contact_title);
	html_lit(o, "</h2>");
	if (d.no_contact.n == 0) {
		html_lit(o, "<p>");
		html_text(o, arena_printf(r->a, trn(r->lang,
						    "Everyone in your caseload has had contact in the last %d day.",
						    "Everyone in your caseload has had contact in the last %d days.",
						    (unsigned long)d.no_contact_days), d.no_contact_days));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Participant"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Last contact"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < d.no_contact.n; i++) {
			const struct today_row *row = d.no_contact.items[i].row;
			html_lit(o, "<tr><td>");
			participant_link(r, row->participant_id, row->given_name, row->family_name, "/meetings");
			html_lit(o, "</td><td>");
			struct date last;
			if (row->date[0] == '\0' || date_parse(row->date, &last) != SC_OK) {
				html_text(o, T(r, "Never"));
			} else {
				html_text(o, row->date);
				html_lit(o, " <span class=\"muted\">(");
				if (strcmp(row->detail, "start") == 0) {
					html_text(o, T(r, "programme start, no meeting yet"));
					html_lit(o, "; ");
				}
				long days = (long)followup_days_between(last, d.today);
				html_text(o, arena_printf(r->a, trn(r->lang, "%ld day ago", "%ld days ago",
								   (unsigned long)days), days));
				html_lit(o, ")</span>");
			}
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	html_lit(o, "</section>");
	return page_end(r);
}

static json_t *
entry_json(struct req *r, const struct day_entry *it)
{
	const struct today_row *row = it->row;
	json_t *j = json_pack("{s:s, s:I, s:s}", "kind", day_kind_keys[it->kind],
			      "participant_id", (json_int_t)row->participant_id,
			      "participant_name", case_name(r, row->given_name, row->family_name));
	if (j == NULL)
		return NULL;
	switch (it->kind) {
	case DK_STEP:
		json_object_set_new(j, "id", json_integer(row->id));
		json_object_set_new(j, "due_on", json_string(row->date));
		json_object_set_new(j, "goal_title", json_string(row->title));
		json_object_set_new(j, "step", json_string(row->text));
		break;
	case DK_EVALUATION:
		json_object_set_new(j, "id", json_integer(row->id));
		json_object_set_new(j, "due_on", json_string(row->date));
		break;
	case DK_FOLLOWUP:
		json_object_set_new(j, "id", json_integer(row->id));
		json_object_set_new(j, "due_on", json_string(row->date));
		json_object_set_new(j, "task_kind", json_string(row->title));
		break;
	case DK_MEETING:
	case DK_PLANNED:
		json_object_set_new(j, "meeting_id", json_integer(row->id));
		json_object_set_new(j, "next_meeting", json_string(row->date));
		json_object_set_new(j, "planned_on", json_string(row->detail));
		break;
	case DK_NO_CONTACT:
		json_object_set_new(j, "last_contact", row->date[0] ? json_string(row->date) : json_null());
		json_object_set_new(j, "last_contact_kind", row->detail[0] ? json_string(row->detail) : json_null());
		break;
	}
	return j;
}

static json_t *
section_json(struct req *r, const struct day_section *s)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr != NULL && i < s->n; i++)
		json_array_append_new(arr, entry_json(r, &s->items[i]));
	return arr;
}

int
api_today(struct req *r)
{
	struct day d;
	int rc = load_day(r, &d);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "today.read", "user", case_id(r, r->user.id), "ok");
	json_t *counts = json_pack("{s:I, s:I, s:I, s:I}", "meetings_today", (json_int_t)d.meetings.n,
				   "overdue", (json_int_t)d.overdue.n, "due_soon", (json_int_t)d.due.n,
				   "no_contact", (json_int_t)d.no_contact.n);
	json_t *j = json_pack("{s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:b}",
			      "date", case_date_text(r, d.today),
			      "due_soon_days", d.due_soon_days, "no_contact_days", d.no_contact_days,
			      "counts", counts,
			      "meetings_today", section_json(r, &d.meetings),
			      "overdue", section_json(r, &d.overdue),
			      "due_soon", section_json(r, &d.due),
			      "no_contact", section_json(r, &d.no_contact),
			      "truncated", d.more);
	return api_send(r, 200, j);
}

/* ---- the meeting log and follow-ups after exit ---- */

/* What a follow-up page shows besides its lists. */
struct meetings_view {
	int64_t page;
	const struct form_errors *meeting_errors;  /* a rejected meeting (values from the form) */
	int64_t task_id;                           /* the follow-up whose form was rejected */
	const struct form_errors *task_errors;
	const char *notice;                        /* an error-box message at the top */
	const struct form_errors *referral_errors; /* a rejected health referral */
};

static void
meeting_form(struct req *r, const struct participant_brief *p, const struct form_errors *e)
{
	struct buf *o = &r->out;
	bool posted = e != NULL;
	html_lit(o, "<h2 id=\"log-meeting\">");
	html_text(o, T(r, "Log a meeting"));
	html_lit(o, "</h2>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/meetings\" id=\"meeting-form\" novalidate>");
	form_csrf(r);
	form_input(r, e, "held_on", T(r, "Held on"), "date",
		   posted ? req_field(r, "held_on") : case_date_text(r, case_today()), "off", true);
	const char *keys[MEETING_CHANNEL_LAST + 1], *labels[MEETING_CHANNEL_LAST + 1];
	size_t n = 0;
	for (int c = MEETING_CHANNEL_FIRST; c <= MEETING_CHANNEL_LAST; c++, n++) {
		keys[n] = meeting_channel_key((enum meeting_channel)c);
		labels[n] = meeting_channel_label((enum meeting_channel)c);
	}
	form_select(r, e, "channel", "channel", T(r, "Channel"), keys, labels, n,
		     posted ? req_field(r, "channel") : "in_person", T(r, "Choose…"));
	bool interp = false;
	if (posted) {
		const char *v = req_field(r, "interpreter");
		interp = strcmp(v, "yes") == 0 || strcmp(v, "1") == 0 || strcmp(v, "on") == 0 ||
			 strcmp(v, "true") == 0;
	}
	form_checkbox(r, e, "interpreter", T(r, "An interpreter was used"), interp);
	form_textarea(r, e, "minutes", "minutes", T(r, "Minutes"), posted ? req_field(r, "minutes") : "", false, 5, 8000);
	form_textarea(r, e, "next_steps", "next_steps", T(r, "Next steps"),
		       posted ? req_field(r, "next_steps") : "", false, 5, 8000);
	form_input(r, e, "next_meeting", T(r, "Next meeting"), "date",
		   posted ? req_field(r, "next_meeting") : "", "off", false);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Log meeting"));
	html_lit(o, "</button></form>");
}

/* latest_first: items[0] is the participant's latest meeting (the first
 * page), whose planned next meeting is the one that can be overdue. */
static void
meeting_table(struct req *r, const struct meeting_row *items, size_t n, bool latest_first)
{
	struct buf *o = &r->out;
	html_lit(o, "<table><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Date"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Channel"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Interpreter"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Minutes"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Next steps"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Next meeting"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Logged by"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct meeting_row *m = &items[i];
		html_lit(o, "<tr id=\"meeting-");
		html_int(o, m->id);
		html_lit(o, "\"><td>");
		html_text(o, m->held_on);
		html_lit(o, "</td><td>");
		html_text(o, T(r, meeting_channel_label_of(m->channel)));
		html_lit(o, "</td><td>");
		html_text(o, m->interpreter ? T(r, "Yes") : T(r, "No"));
		html_lit(o, "</td><td>");
		html_lines(o, m->minutes);
		html_lit(o, "</td><td>");
		html_lines(o, m->next_steps);
		html_lit(o, "</td><td>");
		case_next_meeting(r, m->next_meeting, latest_first && i == 0);
		html_lit(o, "</td><td>");
		html_text(o, m->author_name[0] ? m->author_name : "\xE2\x80\x94");
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* The id of a follow-up form's field: "task-N-result". */
static const char *
task_field_id(struct req *r, int64_t task_id, const char *field)
{
	return arena_printf(r->a, "task-%lld-%s", (long long)task_id, field);
}

static void
task_form(struct req *r, const struct task_row *t, const struct form_errors *e)
{
	struct buf *o = &r->out;
	const char *keys[TASK_RESULT_LAST + 1], *labels[TASK_RESULT_LAST + 1];
	size_t n = 0;
	for (int i = TASK_RESULT_FIRST; i <= TASK_RESULT_LAST; i++, n++) {
		keys[n] = task_result_key((enum task_result)i);
		labels[n] = task_result_label((enum task_result)i);
	}
	html_lit(o, "<form method=\"post\" action=\"/tasks/");
	html_int(o, t->id);
	html_lit(o, "/done\" id=\"task-");
	html_int(o, t->id);
	html_lit(o, "-form\" novalidate>");
	form_csrf(r);
	form_select(r, e, task_field_id(r, t->id, "result"), "result", T(r, "Result"), keys, labels, n,
		     e ? req_field(r, "result") : "", T(r, "Choose…"));
	form_textarea(r, e, task_field_id(r, t->id, "note"), "note", T(r, "Note"),
		       e ? req_field(r, "note") : "", false, 5, 8000);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Register follow-up"));
	html_lit(o, "</button></form>");
}

static void
task_section(struct req *r, const struct participant_brief *p, const struct task_row *tasks,
	     size_t n, const struct meetings_view *v)
{
	struct buf *o = &r->out;
	bool can_write = case_allows(r, p, PART_BIT(PART_FOLLOWUP), ACT_WRITE);
	struct date today = case_today();
	html_lit(o, "<section aria-labelledby=\"tasks\"><h2 id=\"tasks\">");
	html_text(o, T(r, "Follow-ups after exit"));
	html_lit(o, "</h2>");
	if (v->task_errors != NULL)
		form_error_summary(r, v->task_errors);
	html_lit(o, "<div class=\"cards\">");
	for (size_t i = 0; i < n; i++) {
		const struct task_row *t = &tasks[i];
		html_lit(o, "<article class=\"card\" id=\"task-");
		html_int(o, t->id);
		html_lit(o, "\"><h3>");
		html_text(o, T(r, task_kind_label(t->kind)));
		html_lit(o, "</h3><p>");
		html_text(o, T(r, "Due"));
		html_lit(o, " ");
		html_text(o, t->due_on);
		if (t->assignee_name[0]) {
			html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, "Assigned to"));
			html_lit(o, " ");
			html_text(o, t->assignee_name);
		}
		struct date due;
		if (!t->done_on[0] && date_parse(t->due_on, &due) == SC_OK &&
		    followup_due_state(due, false, today, 0) == FOLLOWUP_OVERDUE) {
			html_lit(o, " <span class=\"overdue\">");
			html_text(o, T(r, "Overdue"));
			html_lit(o, "</span>");
		}
		html_lit(o, "</p>");
		if (t->done_on[0]) {
			html_lit(o, "<p><strong>");
			html_text(o, T(r, task_result_label_of(t->result)));
			html_lit(o, "</strong> \xC2\xB7 ");
			html_text(o, T(r, "Registered"));
			html_lit(o, " ");
			html_text(o, t->done_on);
			if (t->done_by_name[0]) {
				html_lit(o, " ");
				html_text(o, T(r, "by"));
				html_lit(o, " ");
				html_text(o, t->done_by_name);
			}
			html_lit(o, "</p>");
			if (t->note[0]) {
				html_lit(o, "<p>");
				html_lines(o, t->note);
				html_lit(o, "</p>");
			}
		} else if (can_write) {
			task_form(r, t, v->task_id == t->id ? v->task_errors : NULL);
		}
		html_lit(o, "</article>");
	}
	html_lit(o, "</div></section>");
}

/* ---- referrals to a health worker ---- */

/* The referrals, each open one with a button to end it, and the form to
 * refer to a health worker (for whoever writes the follow-up). */
static int
referral_section(struct req *r, const struct participant_brief *p, const struct meetings_view *v)
{
	struct db *db = req_db(r);
	struct health_referral_row *items = NULL;
	size_t n = 0;
	int rc = store_health_referral_list(db, r->a, p->id, &items, &n);
	struct user *workers = NULL;
	size_t nworkers = 0;
	bool can_write = case_allows(r, p, PART_BIT(PART_FOLLOWUP), ACT_WRITE);
	if (rc == SC_OK && can_write)
		rc = store_user_list_role(db, r->a, r->user.centre_id, ROLE_BIT(ROLE_HEALTH), &workers, &nworkers);
	if (rc != SC_OK)
		return rc;
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"health-referrals\"><h2 id=\"health-referrals\">");
	html_text(o, T(r, "Referrals to health staff"));
	html_lit(o, "</h2><p class=\"muted\">");
	html_text(o, T(r, "A health worker sees a participant, and can write health notes, only while the participant is referred to them."));
	html_lit(o, "</p>");
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Not referred to anyone."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<table id=\"referral-list\"><thead><tr><th scope=\"col\">");
		html_text(o, T(r, "Health worker"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Referred"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Reason"));
		html_lit(o, "</th><th scope=\"col\">");
		html_text(o, T(r, "Ended"));
		html_lit(o, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct health_referral_row *h = &items[i];
			html_lit(o, "<tr><td>");
			html_text(o, h->health_name);
			html_lit(o, "</td><td>");
			html_text(o, h->referred_on);
			html_lit(o, "</td><td>");
			html_lines(o, h->reason);
			html_lit(o, "</td><td>");
			if (h->ended_on[0]) {
				html_text(o, h->ended_on);
			} else if (can_write) {
				html_lit(o, "<form method=\"post\" action=\"/participants/");
				html_int(o, p->id);
				html_lit(o, "/health-referrals/");
				html_int(o, h->id);
				html_lit(o, "/end\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\">");
				html_text(o, T(r, "End referral"));
				html_lit(o, "</button></form>");
			} else {
				html_text(o, T(r, "Open"));
			}
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (can_write) {
		const struct form_errors *e = v->referral_errors;
		if (e != NULL)
			form_error_summary(r, e);
		const char **keys = arena_alloc(r->a, sizeof *keys * (nworkers + 1));
		const char **labels = arena_alloc(r->a, sizeof *labels * (nworkers + 1));
		if (keys == NULL || labels == NULL)
			return SC_ENOMEM;
		for (size_t i = 0; i < nworkers; i++) {
			keys[i] = case_id(r, workers[i].id);
			labels[i] = workers[i].display_name;
		}
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/health-referrals\" id=\"referral-form\" novalidate><h3>");
		html_text(o, T(r, "Refer to a health worker"));
		html_lit(o, "</h3>");
		form_csrf(r);
		/* The names are people's, not msgids: form_select translates its
		 * labels, which leaves a name without a translation as it is. */
		form_select(r, e, "health_id", "health_id", T(r, "Health worker"), keys, labels, nworkers,
			    e ? req_field(r, "health_id") : "", T(r, "Choose…"));
		form_input(r, e, "referred_on", T(r, "Referred on"), "date",
			   e ? req_field(r, "referred_on") : case_date_text(r, case_today()), "off", false);
		form_textarea(r, e, "reason", "reason", T(r, "Reason"), e ? req_field(r, "reason") : "", false,
			      3, HEALTH_REFERRAL_REASON_MAX);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Refer"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
	return SC_OK;
}

static int
meetings_page(struct req *r, const struct participant_brief *p, const struct meetings_view *v)
{
	struct db *db = req_db(r);
	struct meeting_row *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc = store_meeting_list(db, r->a, p->id, MEETINGS_PER_PAGE, (v->page - 1) * MEETINGS_PER_PAGE,
				    &items, &n, &total);
	struct task_row *tasks = NULL;
	size_t ntasks = 0;
	if (rc == SC_OK)
		rc = store_task_list_participant(db, r->a, p->id, &tasks, &ntasks);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "meeting.list", "participant", case_id(r, p->id), "ok");

	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Follow-up"),
				   case_name(r, p->given_name, p->family_name)));
	struct buf *o = &r->out;
	case_header(r, p, "meetings");
	if (v->notice != NULL) {
		html_lit(o, "<p class=\"error-box\" role=\"alert\">");
		html_text(o, v->notice);
		html_lit(o, "</p>");
	}
	/* After the exit the follow-ups are what is left to do: show them first. */
	bool exited = p->status != NULL && strcmp(p->status, "exited") == 0;
	if (exited && ntasks > 0)
		task_section(r, p, tasks, ntasks, v);
	if (case_allows(r, p, PART_BIT(PART_FOLLOWUP), ACT_WRITE))
		meeting_form(r, p, v->meeting_errors);

	html_lit(o, "<section aria-labelledby=\"meetings\"><h2 id=\"meetings\">");
	html_text(o, T(r, "Meetings and contacts"));
	html_lit(o, "</h2>");
	if (total == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No meetings have been logged yet."));
		html_lit(o, "</p>");
	} else {
		html_lit(o, "<p class=\"muted\">");
		html_text(o, arena_printf(r->a, trn(r->lang, "%lld meeting", "%lld meetings", (unsigned long)total),
					  (long long)total));
		html_lit(o, "</p>");
		meeting_table(r, items, n, v->page == 1);
		page_pager(r, arena_printf(r->a, "/participants/%lld/meetings", (long long)p->id), "", v->page,
			   total, MEETINGS_PER_PAGE);
	}
	html_lit(o, "</section>");
	if (!exited && ntasks > 0)
		task_section(r, p, tasks, ntasks, v);
	rc = referral_section(r, p, v);
	if (rc != SC_OK)
		return rc;
	return page_end(r);
}

int
h_meetings(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_READ, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct meetings_view v = {0};
	if (!page_param(r, &v.page, &rc))
		return rc;
	return meetings_page(r, &p, &v);
}

/* Validates a meeting from text fields; errors go into e (translated). */
static int
meeting_check(struct req *r, struct meeting_form *f, struct meeting *m, struct form_errors *e)
{
	struct field_errors fe;
	int rc = meeting_validate(f, case_today(), m, &fe);
	case_form_errors(r, &fe, e);
	return e->n > 0 ? SC_EINVAL : rc;
}

/* Saves a meeting and its audit entry in one transaction. */
static int
meeting_save(struct req *r, int64_t participant_id, const struct meeting *m, int64_t *id)
{
	struct db *db = req_db(r);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_meeting_add(db, participant_id, m, r->user.id, time_now(), id);
	if (rc == SC_OK)
		rc = req_audit(r, "meeting.create", "meeting", case_id(r, *id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
h_meeting_create(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct meeting_form f = {
		field_copy(r, "held_on"), field_copy(r, "channel"), field_copy(r, "interpreter"),
		field_copy(r, "minutes"), field_copy(r, "next_steps"), field_copy(r, "next_meeting"),
	};
	struct meeting m;
	struct form_errors e = {0};
	if (meeting_check(r, &f, &m, &e) != SC_OK) {
		r->status = 422;
		struct meetings_view v = {.page = 1, .meeting_errors = &e};
		return meetings_page(r, &p, &v);
	}
	int64_t id = 0;
	rc = meeting_save(r, p.id, &m, &id);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "meeting-logged");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/meetings", (long long)p.id));
}

static json_t *
meeting_json(const struct meeting_row *m)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:s, s:I}",
			 "id", (json_int_t)m->id, "participant_id", (json_int_t)m->participant_id,
			 "held_on", m->held_on, "channel", m->channel, "interpreter", m->interpreter,
			 "minutes", m->minutes, "next_steps", m->next_steps,
			 "next_meeting", m->next_meeting[0] ? json_string(m->next_meeting) : json_null(),
			 "author_id", m->author_id ? json_integer(m->author_id) : json_null(),
			 "author_name", m->author_name, "created_at", (json_int_t)m->created_at);
}

int
api_meetings(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_READ, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t page, per_page;
	if (!api_paging(r, &page, &per_page, &rc))
		return rc;
	struct meeting_row *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_meeting_list(req_db(r), r->a, p.id, per_page, (page - 1) * per_page, &items, &n, &total);
	if (rc != SC_OK)
		return rc;
	req_audit(r, "meeting.list", "participant", case_id(r, p.id), "ok");
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, meeting_json(&items[i]));
	return api_send(r, 200, api_page_json(arr, page, per_page, total));
}

int
api_meeting_create(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, meeting_api, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	struct meeting_form f = {
		json_text_field(r, "held_on"), json_text_field(r, "channel"), json_text_field(r, "interpreter"),
		json_text_field(r, "minutes"), json_text_field(r, "next_steps"), json_text_field(r, "next_meeting"),
	};
	struct meeting m;
	if (meeting_check(r, &f, &m, &e) != SC_OK)
		return case_api_invalid(r, &e);
	int64_t id = 0;
	rc = meeting_save(r, p.id, &m, &id);
	if (rc != SC_OK)
		return rc;
	char held[11], next[11];
	date_format(m.held_on, held);
	next[0] = '\0';
	if (m.has_next_meeting)
		date_format(m.next_meeting, next);
	struct meeting_row row = {
		.id = id, .participant_id = p.id, .held_on = held,
		.channel = (char *)meeting_channel_key(m.channel), .interpreter = m.interpreter,
		.minutes = (char *)m.minutes, .next_steps = (char *)m.next_steps, .next_meeting = next,
		.author_id = r->user.id, .author_name = r->user.display_name, .created_at = time_now(),
	};
	return api_send(r, 201, meeting_json(&row));
}

/* Validates a referral from text fields: health_id must name an active
 * health worker. Errors go into e (translated). */
static int
referral_check(struct req *r, struct health_referral_form *f, struct health_referral *h,
	       struct form_errors *e)
{
	int64_t who = 0;
	bool is_health = false;
	if (parse_int64(f->health_id ? f->health_id : "", 1, INT64_MAX, &who) == SC_OK) {
		struct user u;
		int rc = store_user_by_id(req_db(r), r->a, who, &u);
		if (rc == SC_OK)
			is_health = u.active && (u.roles & ROLE_BIT(ROLE_HEALTH)) != 0;
		else if (rc != SC_ENOTFOUND)
			return rc;
	}
	struct field_errors fe;
	health_referral_validate(f, is_health, case_today(), h, &fe);
	case_form_errors(r, &fe, e);
	return e->n > 0 ? SC_EINVAL : SC_OK;
}

/* Saves a referral with its audit entry; SC_ECONFLICT when one to that
 * health worker is open. */
static int
referral_save(struct req *r, int64_t participant_id, const struct health_referral *h, int64_t *id)
{
	struct db *db = req_db(r);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_health_referral_add(db, participant_id, h, r->user.id, time_now(), id);
	if (rc == SC_OK)
		rc = req_audit(r, "health_referral.create", "health_referral", case_id(r, *id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

/* Ends referral :rid of the participant with its audit entry. */
static int
referral_end(struct req *r, int64_t participant_id, int64_t *rid)
{
	if (parse_int64(req_param(r, 1), 1, INT64_MAX, rid) != SC_OK)
		return SC_ENOTFOUND;
	struct db *db = req_db(r);
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_health_referral_end(db, participant_id, *rid, case_today(), r->user.id);
	if (rc == SC_OK)
		rc = req_audit(r, "health_referral.end", "health_referral", case_id(r, *rid), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

static const char *
referral_conflict_text(struct req *r)
{
	return T(r, "The participant is already referred to this health worker.");
}

int
h_health_referral_create(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct health_referral_form f = {
		field_copy(r, "health_id"), field_copy(r, "referred_on"), field_copy(r, "reason"),
	};
	struct health_referral h;
	struct form_errors e = {0};
	rc = referral_check(r, &f, &h, &e);
	if (rc == SC_OK) {
		int64_t id = 0;
		rc = referral_save(r, p.id, &h, &id);
		if (rc == SC_ECONFLICT)
			form_error(r, &e, "health_id", N_("The participant is already referred to this health worker."));
	}
	if (e.n > 0) {
		r->status = rc == SC_ECONFLICT ? 409 : 422;
		struct meetings_view v = {.page = 1, .referral_errors = &e};
		return meetings_page(r, &p, &v);
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, "health-referred");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/meetings#health-referrals", (long long)p.id));
}

int
h_health_referral_end(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t rid = 0;
	rc = referral_end(r, p.id, &rid);
	if (rc == SC_ENOTFOUND)
		return req_error(r, 404, NULL);
	if (rc != SC_OK)
		return rc;
	page_flash(r, "health-referral-ended");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/meetings#health-referrals", (long long)p.id));
}

static json_t *
referral_json(const struct health_referral_row *h)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)h->id,
			 "participant_id", (json_int_t)h->participant_id, "health_id", (json_int_t)h->health_id,
			 "health_name", h->health_name, "referred_on", h->referred_on, "reason", h->reason,
			 "ended_on", h->ended_on[0] ? json_string(h->ended_on) : json_null());
}

/* {"items": [...]} of the participant's referrals. */
static int
send_referrals(struct req *r, int status, int64_t participant_id)
{
	struct health_referral_row *items = NULL;
	size_t n = 0;
	int rc = store_health_referral_list(req_db(r), r->a, participant_id, &items, &n);
	if (rc != SC_OK)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, referral_json(&items[i]));
	return api_send(r, status, json_pack("{s:o}", "items", arr));
}

int
api_health_referrals(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_READ, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	return send_referrals(r, 200, p.id);
}

int
api_health_referral_create(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, health_referral_api, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	struct health_referral_form f = {
		json_text_field(r, "health_id"), json_text_field(r, "referred_on"),
		json_text_field(r, "reason"),
	};
	struct health_referral h;
	rc = referral_check(r, &f, &h, &e);
	if (rc != SC_OK && rc != SC_EINVAL)
		return rc;
	if (e.n > 0)
		return case_api_invalid(r, &e);
	int64_t id = 0;
	rc = referral_save(r, p.id, &h, &id);
	if (rc == SC_ECONFLICT)
		return api_error(r, 409, "conflict", referral_conflict_text(r), NULL);
	if (rc != SC_OK)
		return rc;
	return send_referrals(r, 201, p.id);
}

int
api_health_referral_end(struct req *r)
{
	struct participant_brief p;
	int rc = case_participant(r, req_param(r, 0), PART_BIT(PART_FOLLOWUP), ACT_WRITE, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	int64_t rid = 0;
	rc = referral_end(r, p.id, &rid);
	if (rc == SC_ENOTFOUND)
		return api_error(r, 404, "not_found", T(r, "The participant has no such open referral."), NULL);
	if (rc != SC_OK)
		return rc;
	return send_referrals(r, 200, p.id);
}

/* ---- follow-ups after exit ---- */

/*
 * Loads a follow-up task and checks (RES_WORKPLANS, ACT_WRITE) on its
 * participant with case_participant(): the participant's contact person or
 * a leader. Returns 0, CASE_ANSWERED (404/403 sent) or a negative code.
 */
static int
task_access(struct req *r, struct task_row *t, struct participant_brief *p)
{
	int64_t tid = 0;
	if (parse_int64(req_param(r, 0), 1, INT64_MAX, &tid) != SC_OK) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	int rc = store_task_get(req_db(r), r->a, tid, t);
	if (rc == SC_ENOTFOUND) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	if (rc != SC_OK)
		return rc;
	return case_participant(r, case_id(r, t->participant_id), PART_BIT(PART_FOLLOWUP), ACT_WRITE, p);
}

/* The message when someone registered the follow-up first. */
static const char *
task_conflict_text(struct req *r, const struct task_row *now)
{
	return arena_printf(r->a, T(r, "This follow-up was already registered on %s by %s. Nothing was changed."),
			    now->done_on, now->done_by_name[0] ? now->done_by_name : T(r, "someone else"));
}

/* Registers a validated follow-up with its audit entry; SC_ECONFLICT when
 * it was registered first by someone else. */
static int
task_save(struct req *r, const struct task_row *t, const struct task_done *d)
{
	struct db *db = req_db(r);
	struct date today = case_today(), last_day;
	int rc = store_tx_begin(db);
	if (rc == SC_OK)
		rc = store_task_done(db, t->id, today, r->user.id, d);
	/* The 12-month follow-up ends the contact person's access after exit. */
	if (rc == SC_OK && access_followup_ends_contact(t->kind, today, &last_day))
		rc = store_participant_set_contact_until(db, t->participant_id, last_day, true);
	if (rc == SC_OK)
		rc = req_audit(r, "task.done", "task", case_id(r, t->id), "ok");
	if (rc == SC_OK)
		rc = store_tx_commit(db);
	if (rc != SC_OK)
		store_tx_rollback(db);
	return rc;
}

int
h_task_done(struct req *r)
{
	struct task_row t;
	struct participant_brief p;
	int rc = task_access(r, &t, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	struct task_done_form f = {field_copy(r, "result"), field_copy(r, "note")};
	struct task_done d;
	struct field_errors fe;
	struct meetings_view v = {.page = 1, .task_id = t.id};
	if (task_done_validate(&f, &d, &fe) != SC_OK) {
		struct form_errors e = {0};
		for (int i = 0; i < fe.n; i++)
			form_error(r, &e, task_field_id(r, t.id, fe.field[i]), fe.reason[i]);
		r->status = 422;
		v.task_errors = &e;
		return meetings_page(r, &p, &v);
	}
	rc = task_save(r, &t, &d);
	if (rc == SC_ECONFLICT) {
		struct task_row now;
		rc = store_task_get(req_db(r), r->a, t.id, &now);
		if (rc != SC_OK)
			return rc;
		r->status = 409;
		v.notice = task_conflict_text(r, &now);
		return meetings_page(r, &p, &v);
	}
	if (rc != SC_OK)
		return rc;
	page_flash(r, "task-done");
	/* After the 12-month follow-up the contact person no longer follows
	 * an exited participant: back to Today then. */
	struct participant_brief after;
	rc = store_participant_brief(req_db(r), r->a, r->user.centre_id, p.id, r->user.id, &after);
	if (rc != SC_OK)
		return rc;
	if (!case_allows(r, &after, PART_BIT(PART_FOLLOWUP), ACT_READ))
		return req_redirect(r, "/today");
	return req_redirect(r, arena_printf(r->a, "/participants/%lld/meetings#tasks", (long long)p.id));
}

static json_t *
task_json(const struct task_row *t)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:s}",
			 "id", (json_int_t)t->id, "participant_id", (json_int_t)t->participant_id,
			 "kind", t->kind, "due_on", t->due_on,
			 "assignee_id", t->assignee_id ? json_integer(t->assignee_id) : json_null(),
			 "done_on", t->done_on[0] ? json_string(t->done_on) : json_null(),
			 "done_by", t->done_by ? json_integer(t->done_by) : json_null(),
			 "result", t->result[0] ? json_string(t->result) : json_null(),
			 "note", t->note);
}

int
api_task_done(struct req *r)
{
	struct task_row t;
	struct participant_brief p;
	int rc = task_access(r, &t, &p);
	if (rc != SC_OK)
		return rc == CASE_ANSWERED ? H_DONE : rc;
	if (!case_api_body(r, task_done_api, NULL, &rc))
		return rc;
	struct form_errors e = {0};
	struct task_done_form f = {json_text_field(r, "result"), json_text_field(r, "note")};
	struct task_done d;
	struct field_errors fe;
	task_done_validate(&f, &d, &fe);
	case_form_errors(r, &fe, &e);
	if (e.n > 0)
		return case_api_invalid(r, &e);
	rc = task_save(r, &t, &d);
	if (rc == SC_ECONFLICT) {
		struct task_row now;
		rc = store_task_get(req_db(r), r->a, t.id, &now);
		if (rc != SC_OK)
			return rc;
		return api_error(r, 409, "conflict", task_conflict_text(r, &now), NULL);
	}
	if (rc != SC_OK)
		return rc;
	rc = store_task_get(req_db(r), r->a, t.id, &t);
	if (rc != SC_OK)
		return rc;
	return api_send(r, 200, task_json(&t));
}

